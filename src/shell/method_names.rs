//! The names of the shell objects' methods, one enum per object. A name is a method only if it
//! has a variant, and every variant has its own arm where the method runs (the matches are
//! exhaustive: no method stands silently behind a fallback arm). `NAMES` feeds completion and
//! "did you mean".

/// Declares a method enum with its names.
macro_rules! methods {
    ($(#[$doc:meta])* $name:ident { $($variant:ident = $text:literal,)* }) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        pub enum $name {
            $(
                #[doc = concat!("`", $text, "`")]
                $variant,
            )*
        }

        impl $name {
            /// Every method, in the order completion offers them.
            pub const ALL: &'static [$name] = &[$($name::$variant),*];
            /// Their names, in that order.
            pub const NAMES: &'static [&'static str] = &[$($text),*];

            /// Its name.
            pub fn name(self) -> &'static str {
                Self::NAMES[self as usize]
            }

            /// The method of that name.
            pub fn parse(name: &str) -> Option<Self> {
                Self::NAMES
                    .iter()
                    .position(|n| *n == name)
                    .map(|i| Self::ALL[i])
            }
        }
    };
}

methods! {
    /// Methods of `db` (and of `db.getSiblingDB(…)`, `session.getDatabase(…)`).
    DbMethod {
        RunCommand = "runCommand",
        AdminCommand = "adminCommand",
        GetName = "getName",
        GetSiblingDB = "getSiblingDB",
        GetCollection = "getCollection",
        GetMongo = "getMongo",
        Aggregate = "aggregate",
        Auth = "auth",
        Logout = "logout",
        CreateUser = "createUser",
        CreateRole = "createRole",
        GrantRolesToUser = "grantRolesToUser",
        RevokeRolesFromUser = "revokeRolesFromUser",
        DropUser = "dropUser",
        GetUsers = "getUsers",
        GetUser = "getUser",
        CurrentOp = "currentOp",
        KillOp = "killOp",
        GetCollectionNames = "getCollectionNames",
        GetCollectionInfos = "getCollectionInfos",
        CreateCollection = "createCollection",
        DropDatabase = "dropDatabase",
        Help = "help",
        GetSession = "getSession",
        Version = "version",
        Hello = "hello",
        IsMaster = "isMaster",
        ServerStatus = "serverStatus",
    }
}

methods! {
    /// Methods of a collection.
    CollectionMethod {
        InsertOne = "insertOne",
        InsertMany = "insertMany",
        Find = "find",
        FindOne = "findOne",
        UpdateOne = "updateOne",
        UpdateMany = "updateMany",
        DeleteOne = "deleteOne",
        DeleteMany = "deleteMany",
        Aggregate = "aggregate",
        CountDocuments = "countDocuments",
        EstimatedDocumentCount = "estimatedDocumentCount",
        Distinct = "distinct",
        ReplaceOne = "replaceOne",
        FindOneAndUpdate = "findOneAndUpdate",
        FindOneAndReplace = "findOneAndReplace",
        FindOneAndDelete = "findOneAndDelete",
        FindAndModify = "findAndModify",
        BulkWrite = "bulkWrite",
        Drop = "drop",
        GetName = "getName",
        GetFullName = "getFullName",
        Help = "help",
        // mongosh's deprecated methods, after the others in completion.
        Insert = "insert",
        Update = "update",
        Remove = "remove",
        Count = "count",
    }
}

methods! {
    /// Methods of a cursor.
    CursorMethod {
        BatchSize = "batchSize",
        Limit = "limit",
        MaxTimeMS = "maxTimeMS",
        NoCursorTimeout = "noCursorTimeout",
        Next = "next",
        HasNext = "hasNext",
        ToArray = "toArray",
        Itcount = "itcount",
        IsExhausted = "isExhausted",
        Sort = "sort",
        Skip = "skip",
        Project = "project",
        Projection = "projection",
        Count = "count",
        Size = "size",
        ForEach = "forEach",
        Map = "map",
        Pretty = "pretty",
        Close = "close",
        Help = "help",
    }
}

methods! {
    /// Methods of a connection (`Mongo`).
    MongoMethod {
        GetDB = "getDB",
        StartSession = "startSession",
        GetDBNames = "getDBNames",
        Help = "help",
    }
}

methods! {
    /// Methods of a client session.
    SessionMethod {
        GetDatabase = "getDatabase",
        GetSessionId = "getSessionId",
        StartTransaction = "startTransaction",
        CommitTransaction = "commitTransaction",
        AbortTransaction = "abortTransaction",
        EndSession = "endSession",
        HasEnded = "hasEnded",
        GetOptions = "getOptions",
        WithTransaction = "withTransaction",
        Help = "help",
    }
}

methods! {
    /// `lab`'s helpers.
    LabMethod {
        Help = "help",
        SetAuth = "setAuth",
        ImplicitSessions = "implicitSessions",
        Advance = "advance",
        Now = "now",
        Result = "result",
        Reset = "reset",
        Refresh = "refresh",
        Sessions = "sessions",
        Verdicts = "verdicts",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn round_trips<T: Copy + PartialEq + std::fmt::Debug>(
        all: &[T],
        names: &[&str],
        name: fn(T) -> &'static str,
        parse: fn(&str) -> Option<T>,
    ) {
        assert_eq!(all.len(), names.len());
        for (i, method) in all.iter().enumerate() {
            assert_eq!(name(*method), names[i]);
            assert_eq!(parse(names[i]), Some(*method), "names are unique");
        }
        assert_eq!(parse("noSuchMethod"), None);
    }

    #[test]
    fn every_name_parses_to_its_own_variant() {
        round_trips(
            DbMethod::ALL,
            DbMethod::NAMES,
            DbMethod::name,
            DbMethod::parse,
        );
        round_trips(
            CollectionMethod::ALL,
            CollectionMethod::NAMES,
            CollectionMethod::name,
            CollectionMethod::parse,
        );
        round_trips(
            CursorMethod::ALL,
            CursorMethod::NAMES,
            CursorMethod::name,
            CursorMethod::parse,
        );
        round_trips(
            MongoMethod::ALL,
            MongoMethod::NAMES,
            MongoMethod::name,
            MongoMethod::parse,
        );
        round_trips(
            SessionMethod::ALL,
            SessionMethod::NAMES,
            SessionMethod::name,
            SessionMethod::parse,
        );
        round_trips(
            LabMethod::ALL,
            LabMethod::NAMES,
            LabMethod::name,
            LabMethod::parse,
        );
    }
}
