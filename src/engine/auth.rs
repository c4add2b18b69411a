//! Users, roles and privileges: the built-in roles that matter for sessions with their real
//! privilege actions (`src/mongo/db/auth/builtin_roles.yml`), custom roles, and the check
//! "does this user hold action A on resource R".

use crate::collections::{Map, Set};

/// A privilege action (the subset Session Lab checks).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Action {
    /// May run killAllSessions / killAllSessionsByPattern, kill others' sessions.
    KillAnySession,
    /// May run killAllSessionsByPattern with `users`/`roles`; may set a foreign uid.
    Impersonate,
    /// May list other users' sessions.
    ListSessions,
    /// May kill other users' operations.
    Killop,
    /// May see other users' operations.
    Inprog,
    /// Read documents.
    Find,
    /// Insert documents.
    Insert,
    /// Update documents.
    Update,
    /// Delete documents.
    Remove,
    /// Create users.
    CreateUser,
    /// Drop users.
    DropUser,
    /// Create roles.
    CreateRole,
    /// Grant roles.
    GrantRole,
    /// Revoke roles.
    RevokeRole,
    /// Read users and roles.
    ViewUser,
    /// List databases.
    ListDatabases,
    /// List collections.
    ListCollections,
    /// Create collections.
    CreateCollection,
    /// Drop collections.
    DropCollection,
    /// Drop a database.
    DropDatabase,
    /// Act as a member of the cluster (internal sessions); only `__system` holds it.
    Internal,
    /// Run `serverStatus`.
    ServerStatus,
    /// Read server parameters.
    GetParameter,
    /// Change server parameters.
    SetParameter,
}

impl Action {
    /// Every action, for `root`-like roles.
    pub const ALL: [Action; 24] = [
        Action::KillAnySession,
        Action::Impersonate,
        Action::ListSessions,
        Action::Killop,
        Action::Inprog,
        Action::Find,
        Action::Insert,
        Action::Update,
        Action::Remove,
        Action::CreateUser,
        Action::DropUser,
        Action::CreateRole,
        Action::GrantRole,
        Action::RevokeRole,
        Action::ViewUser,
        Action::ListDatabases,
        Action::ListCollections,
        Action::CreateCollection,
        Action::DropCollection,
        Action::DropDatabase,
        Action::Internal,
        Action::ServerStatus,
        Action::GetParameter,
        Action::SetParameter,
    ];

    /// The action's name in privilege documents.
    pub fn name(self) -> &'static str {
        match self {
            Action::KillAnySession => "killAnySession",
            Action::Impersonate => "impersonate",
            Action::ListSessions => "listSessions",
            Action::Killop => "killop",
            Action::Inprog => "inprog",
            Action::Find => "find",
            Action::Insert => "insert",
            Action::Update => "update",
            Action::Remove => "remove",
            Action::CreateUser => "createUser",
            Action::DropUser => "dropUser",
            Action::CreateRole => "createRole",
            Action::GrantRole => "grantRole",
            Action::RevokeRole => "revokeRole",
            Action::ViewUser => "viewUser",
            Action::ListDatabases => "listDatabases",
            Action::ListCollections => "listCollections",
            Action::CreateCollection => "createCollection",
            Action::DropCollection => "dropCollection",
            Action::DropDatabase => "dropDatabase",
            Action::Internal => "internal",
            Action::ServerStatus => "serverStatus",
            Action::GetParameter => "getParameter",
            Action::SetParameter => "setParameter",
        }
    }

    /// Parses an action name; `None` for actions Session Lab does not model.
    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|a| a.name() == name)
    }
}

/// What a privilege applies to.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Resource {
    /// `{ cluster: true }`.
    Cluster,
    /// `{ db: "<name>", collection: "" }`: every collection of one database.
    Database(String),
    /// `{ db: "", collection: "" }`: every non-system database.
    AnyDatabase,
}

impl Resource {
    fn covers(&self, wanted: &Resource) -> bool {
        match (self, wanted) {
            (Resource::Cluster, Resource::Cluster)
            | (Resource::AnyDatabase, Resource::Database(_) | Resource::AnyDatabase) => true,
            (Resource::Database(a), Resource::Database(b)) => a == b,
            _ => false,
        }
    }
}

/// One privilege: actions on a resource.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Privilege {
    /// Where.
    pub resource: Resource,
    /// What.
    pub actions: Set<Action>,
}

/// A role name `{ role, db }`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct RoleName {
    /// The role.
    pub role: String,
    /// Its database.
    pub db: String,
}

impl RoleName {
    /// `{role, db}`.
    pub fn new(role: &str, db: &str) -> Self {
        Self {
            role: role.to_owned(),
            db: db.to_owned(),
        }
    }
}

/// A user name `{ user, db }`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct UserName {
    /// The user.
    pub user: String,
    /// The authentication database.
    pub db: String,
}

impl UserName {
    /// `{user, db}`.
    pub fn new(user: &str, db: &str) -> Self {
        Self {
            user: user.to_owned(),
            db: db.to_owned(),
        }
    }

    /// `user@db`, the display name the uid digest is computed over.
    pub fn display(&self) -> String {
        format!("{}@{}", self.user, self.db)
    }

    /// Splits [`UserName::display`]'s form back into user and database: at the last `@`, since
    /// a user name may hold one (`alice@example.com@admin`) and a database name may not.
    pub fn split_display(name: &str) -> Option<(&str, &str)> {
        name.rsplit_once('@')
    }
}

/// A stored user.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct User {
    /// Name and database.
    pub name: UserName,
    /// Password, compared as plain text (Session Lab has no SCRAM).
    pub password: String,
    /// Directly granted roles.
    pub roles: Set<RoleName>,
}

/// A custom role created by `createRole`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CustomRole {
    /// The role's name.
    pub name: RoleName,
    /// Its own privileges.
    pub privileges: Vec<Privilege>,
    /// Roles it inherits.
    pub roles: Set<RoleName>,
}

const BUILTIN_DB_ROLES: [&str; 6] = [
    "read",
    "readWrite",
    "dbAdmin",
    "userAdmin",
    "dbOwner",
    "enableSharding",
];
const BUILTIN_ADMIN_ROLES: [&str; 12] = [
    "root",
    "clusterAdmin",
    "hostManager",
    "clusterManager",
    "clusterMonitor",
    "readAnyDatabase",
    "readWriteAnyDatabase",
    "userAdminAnyDatabase",
    "dbAdminAnyDatabase",
    "backup",
    "restore",
    "__system",
];

/// Whether `{role, db}` names a built-in role.
pub fn is_builtin(role: &RoleName) -> bool {
    BUILTIN_DB_ROLES.contains(&role.role.as_str())
        || (role.db == "admin" && BUILTIN_ADMIN_ROLES.contains(&role.role.as_str()))
}

fn privilege(resource: Resource, actions: &[Action]) -> Privilege {
    Privilege {
        resource,
        actions: actions.iter().copied().collect(),
    }
}

/// The privileges of a built-in role, including those of the roles it inherits.
fn builtin_privileges(role: &RoleName) -> Vec<Privilege> {
    use Action::{
        CreateCollection, CreateRole, CreateUser, DropCollection, DropDatabase, DropUser, Find,
        GetParameter, GrantRole, Inprog, Insert, KillAnySession, Killop, ListCollections,
        ListDatabases, ListSessions, Remove, RevokeRole, ServerStatus, SetParameter, Update,
        ViewUser,
    };
    let read_write = [
        Find,
        Insert,
        Update,
        Remove,
        ListCollections,
        CreateCollection,
        DropCollection,
    ];
    let db_admin = [
        ListCollections,
        CreateCollection,
        DropCollection,
        DropDatabase,
    ];
    // clusterAdmin's actions on the cluster, which root inherits.
    let cluster_admin = [
        KillAnySession,
        Killop,
        ListSessions,
        Inprog,
        ListDatabases,
        ServerStatus,
        GetParameter,
        SetParameter,
    ];
    let db = Resource::Database(role.db.clone());
    let user_admin = [
        CreateUser, DropUser, CreateRole, GrantRole, RevokeRole, ViewUser,
    ];
    match role.role.as_str() {
        "read" => vec![privilege(db, &[Find, ListCollections])],
        "readWrite" => vec![privilege(db, &read_write)],
        "dbAdmin" => vec![privilege(db, &db_admin)],
        "userAdmin" => vec![privilege(db, &user_admin)],
        "dbOwner" => {
            vec![privilege(
                db,
                &[&read_write[..], &db_admin, &user_admin].concat(),
            )]
        }
        "hostManager" => vec![privilege(
            Resource::Cluster,
            &[KillAnySession, Killop, SetParameter],
        )],
        "clusterMonitor" => vec![privilege(
            Resource::Cluster,
            &[
                ListSessions,
                Inprog,
                ListDatabases,
                ServerStatus,
                GetParameter,
            ],
        )],
        "clusterManager" => vec![privilege(Resource::Cluster, &[ListSessions, ListDatabases])],
        "clusterAdmin" => vec![privilege(Resource::Cluster, &cluster_admin)],
        "readAnyDatabase" => vec![
            privilege(Resource::AnyDatabase, &[Find, ListCollections]),
            privilege(Resource::Cluster, &[ListDatabases]),
        ],
        "readWriteAnyDatabase" => vec![
            privilege(Resource::AnyDatabase, &read_write),
            privilege(Resource::Cluster, &[ListDatabases]),
        ],
        "userAdminAnyDatabase" => vec![privilege(Resource::AnyDatabase, &user_admin)],
        "dbAdminAnyDatabase" => vec![privilege(Resource::AnyDatabase, &db_admin)],
        "root" => vec![
            privilege(Resource::Cluster, &cluster_admin),
            privilege(
                Resource::AnyDatabase,
                &[&read_write[..], &db_admin, &user_admin].concat(),
            ),
        ],
        "__system" => vec![
            privilege(Resource::Cluster, &Action::ALL),
            privilege(Resource::AnyDatabase, &Action::ALL),
        ],
        _ => vec![],
    }
}

/// Users and custom roles of the deployment.
#[derive(Debug, Clone, Default)]
pub struct UserDirectory {
    users: Map<UserName, User>,
    roles: Map<RoleName, CustomRole>,
}

impl UserDirectory {
    /// All users, ordered by `{user, db}`.
    pub fn users(&self) -> impl Iterator<Item = &User> {
        self.users.values()
    }

    /// One user.
    pub fn user(&self, name: &UserName) -> Option<&User> {
        self.users.get(name)
    }

    /// Whether any user exists (the localhost exception ends with the first user).
    pub fn is_empty(&self) -> bool {
        self.users.is_empty()
    }

    /// Stores a user, replacing none: the caller checks for duplicates.
    pub fn insert_user(&mut self, user: User) {
        self.users.insert(user.name.clone(), user);
    }

    /// Removes a user.
    pub fn remove_user(&mut self, name: &UserName) -> Option<User> {
        self.users.shift_remove(name)
    }

    /// Mutable access to a user's roles.
    pub fn user_mut(&mut self, name: &UserName) -> Option<&mut User> {
        self.users.get_mut(name)
    }

    /// Whether a role exists, built-in or custom.
    pub fn role_exists(&self, role: &RoleName) -> bool {
        is_builtin(role) || self.roles.contains_key(role)
    }

    /// A custom role.
    pub fn custom_role(&self, role: &RoleName) -> Option<&CustomRole> {
        self.roles.get(role)
    }

    /// Stores a custom role.
    pub fn insert_role(&mut self, role: CustomRole) {
        self.roles.insert(role.name.clone(), role);
    }

    /// Every privilege a user holds, through all of its roles (transitively).
    pub fn privileges_of(&self, user: &UserName) -> Vec<Privilege> {
        let Some(user) = self.users.get(user) else {
            return Vec::new();
        };
        let mut seen = Set::default();
        let mut pending: Vec<RoleName> = user.roles.iter().cloned().collect();
        let mut out = Vec::new();
        while let Some(role) = pending.pop() {
            if !seen.insert(role.clone()) {
                continue;
            }
            if let Some(custom) = self.roles.get(&role) {
                out.extend(custom.privileges.iter().cloned());
                pending.extend(custom.roles.iter().cloned());
            } else {
                out.extend(builtin_privileges(&role));
            }
        }
        out
    }

    /// Whether `user` holds `action` on `resource`.
    pub fn has_privilege(&self, user: &UserName, resource: &Resource, action: Action) -> bool {
        self.privileges_of(user)
            .iter()
            .any(|p| p.resource.covers(resource) && p.actions.contains(&action))
    }
}
