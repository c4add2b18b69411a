//! Server errors as the real server reports them: a numeric `code`, its `codeName`, an
//! `errmsg` and optional `errorLabels`. They are replies, never Rust failures: the facade turns
//! every one of them into `{ ok: 0, errmsg, code, codeName }`.

use bson::{doc, Document};

/// Declares the error codes, each with its number and `codeName` written once.
macro_rules! error_codes {
    ($($variant:ident = $code:literal $(as $name:literal)?,)*) => {
        /// The server error codes Session Lab can produce (`src/mongo/base/error_codes.yml`).
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        #[allow(missing_docs, reason = "each variant is the server's own code name")]
        pub enum ErrorCode {
            $($variant,)*
            /// A check the server names only by its location number (`codeName` `Location<n>`).
            Location(u32),
        }

        impl ErrorCode {
            /// The numeric code.
            pub fn code(self) -> i32 {
                match self {
                    $(Self::$variant => $code,)*
                    Self::Location(n) => i32::try_from(n).unwrap_or(i32::MAX),
                }
            }

            /// The `codeName` the server sends with the code.
            pub fn name(self) -> std::borrow::Cow<'static, str> {
                std::borrow::Cow::Borrowed(match self {
                    $(Self::$variant => error_codes!(@name $variant $($name)?),)*
                    Self::Location(n) => return std::borrow::Cow::Owned(format!("Location{n}")),
                })
            }

            /// The code of a number, as a write error gives it (with no `codeName`).
            pub fn from_code(code: i32) -> Option<Self> {
                match code {
                    $($code => Some(Self::$variant),)*
                    _ => None,
                }
            }
        }
    };
    (@name $variant:ident $name:literal) => { $name };
    (@name $variant:ident) => { stringify!($variant) };
}

error_codes! {
    BadValue = 2,
    InternalError = 1,
    NoSuchKey = 4,
    HostUnreachable = 6,
    UserNotFound = 11,
    UnsupportedFormat = 12,
    InvalidLength = 16,
    Unauthorized = 13,
    TypeMismatch = 14,
    AuthenticationFailed = 18,
    IllegalOperation = 20,
    NamespaceNotFound = 26,
    CursorNotFound = 43,
    InvalidOptions = 72,
    InvalidNamespace = 73,
    RoleNotFound = 31,
    ShutdownInProgress = 91,
    ConflictingOperationInProgress = 117,
    CommandNotFound = 59,
    TransactionTooOld = 225,
    CursorKilled = 237,
    NoSuchTransaction = 251,
    TransactionCommitted = 256,
    TooManyLogicalSessions = 261,
    OperationNotSupportedInTransaction = 263,
    PreparedTransactionInProgress = 267,
    NotARetryableWriteCommand = 50768,
    QueryStageOnlyFirst = 40602 as "Location40602",
    Interrupted = 11601,
    DuplicateKey = 11000,
    IdlDuplicateField = 40413 as "IDLDuplicateField",
    IdlFailedToParse = 40414 as "IDLFailedToParse",
    IdlUnknownField = 40415 as "IDLUnknownField",
    FailedToParse = 9,
    WriteConflict = 112,
    MaxTimeMSExpired = 50,
    QueryExceededMemoryLimitNoDiskUseAllowed = 292,
    InvalidPipelineOperator = 168,
    NamespaceExists = 48,
    PathNotViable = 28,
    CannotBackfillArray = 34,
    ConflictingUpdateOperators = 40,
    DollarPrefixedFieldName = 52,
    EmptyFieldName = 56,
    ImmutableField = 66,
    Overflow = 15,
    NotSingleValueField = 54,
}

/// The label drivers use to retry a whole transaction.
pub const TRANSIENT_TRANSACTION_ERROR: &str = "TransientTransactionError";

/// A failed command, shaped like the server's error reply.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServerError {
    /// Which error.
    pub code: ErrorCode,
    /// The server's message, exactly.
    pub errmsg: String,
    /// Labels such as `TransientTransactionError`.
    pub labels: Vec<&'static str>,
}

impl ServerError {
    /// An error with no labels.
    pub fn new(code: ErrorCode, errmsg: impl Into<String>) -> Self {
        Self {
            code,
            errmsg: errmsg.into(),
            labels: Vec::new(),
        }
    }

    /// Adds an error label.
    #[must_use]
    pub fn with_label(mut self, label: &'static str) -> Self {
        self.labels.push(label);
        self
    }

    /// `operation was interrupted`, the message every killed operation gets.
    pub fn interrupted(code: ErrorCode) -> Self {
        Self::new(code, "operation was interrupted")
    }

    /// The reply document `{ ok: 0, errmsg, code, codeName[, errorLabels] }`.
    pub fn to_reply(&self) -> Document {
        let mut reply = doc! {
            "ok": 0.0,
            "errmsg": self.errmsg.clone(),
            "code": self.code.code(),
            "codeName": self.code.name().into_owned(),
        };
        if !self.labels.is_empty() {
            reply.insert("errorLabels", self.labels.clone());
        }
        reply
    }
}

/// Result of anything that can fail the way a command fails.
pub type ServerResult<T> = Result<T, ServerError>;

#[cfg(test)]
mod tests {
    use super::ErrorCode;

    #[test]
    fn codes_and_names_come_from_one_table() {
        assert_eq!(ErrorCode::DuplicateKey.code(), 11000);
        assert_eq!(ErrorCode::DuplicateKey.name(), "DuplicateKey");
        assert_eq!(ErrorCode::QueryStageOnlyFirst.name(), "Location40602");
        assert_eq!(ErrorCode::IdlUnknownField.name(), "IDLUnknownField");
        assert_eq!(ErrorCode::Location(28818).code(), 28818);
        assert_eq!(ErrorCode::Location(28818).name(), "Location28818");
    }
}
