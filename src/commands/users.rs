//! Users, roles and authentication: `createUser`, `dropUser`, `createRole`,
//! `grantRolesToUser`, `revokeRolesFromUser`, `usersInfo`, `authenticate` (a plain user/pwd
//! check standing in for SASL), `logout` and `connectionStatus`. With access control on and no
//! user yet, the localhost exception lets an unauthenticated connection create the first user.

use super::{first_value, idl, no_privilege, CommandSpec, Invocation, Reply};
use crate::collections::Set;
use crate::engine::auth::{Action, CustomRole, Privilege, Resource, RoleName, User, UserName};
use crate::engine::error::{ErrorCode, ServerError, ServerResult};
use crate::engine::operations::ConnId;
use crate::engine::{Deployment, EventKind};
use bson::{doc, Bson, Document};

fn user_admin(action: Action) -> impl Fn(&Deployment, ConnId, &str) -> ServerResult<()> {
    move |dep, conn, db| {
        super::require(dep.is_authorized(conn, &Resource::Database(db.to_owned()), action))
    }
}

fn may_create_user(dep: &Deployment, conn: ConnId, db: &str, _: &Document) -> ServerResult<()> {
    user_admin(Action::CreateUser)(dep, conn, db)
}
fn may_drop_user(dep: &Deployment, conn: ConnId, db: &str, _: &Document) -> ServerResult<()> {
    user_admin(Action::DropUser)(dep, conn, db)
}
fn may_create_role(dep: &Deployment, conn: ConnId, db: &str, _: &Document) -> ServerResult<()> {
    user_admin(Action::CreateRole)(dep, conn, db)
}
fn may_grant(dep: &Deployment, conn: ConnId, db: &str, _: &Document) -> ServerResult<()> {
    user_admin(Action::GrantRole)(dep, conn, db)
}
fn may_revoke(dep: &Deployment, conn: ConnId, db: &str, _: &Document) -> ServerResult<()> {
    user_admin(Action::RevokeRole)(dep, conn, db)
}
fn may_view_users(dep: &Deployment, conn: ConnId, db: &str, cmd: &Document) -> ServerResult<()> {
    let asks_self = match (first_value(cmd), dep.effective_user(conn)) {
        (Bson::String(name), Some(me)) => name == &me.user && db == me.db,
        _ => false,
    };
    if asks_self {
        return Ok(());
    }
    user_admin(Action::ViewUser)(dep, conn, db)
}

fn name_arg<'a>(inv: &'a Invocation<'_>, command: &str) -> ServerResult<&'a str> {
    idl::string(&format!("{command}.{command}"), first_value(inv.command))
}

/// Parses `roles: [ "name" | { role, db } ]`, checking each role exists.
fn parse_roles(
    dep: &Deployment,
    value: Option<&Bson>,
    default_db: &str,
    path: &str,
) -> ServerResult<Set<RoleName>> {
    let Some(value) = idl::present(value) else {
        return Ok(Set::default());
    };
    let mut roles = Set::default();
    for (index, item) in idl::array(path, value)?.iter().enumerate() {
        let role = match item {
            Bson::String(name) => RoleName::new(name, default_db),
            Bson::Document(d) => {
                let role = d
                    .get_str("role")
                    .map_err(|_| idl::missing(&format!("{path}.role")))?;
                let db = d
                    .get_str("db")
                    .map_err(|_| idl::missing(&format!("{path}.db")))?;
                RoleName::new(role, db)
            }
            other => return Err(idl::wrong_type(&format!("{path}.{index}"), other, "object")),
        };
        if !dep.users.role_exists(&role) {
            return Err(ServerError::new(
                ErrorCode::RoleNotFound,
                format!("Could not find role: {}@{}", role.role, role.db),
            ));
        }
        roles.insert(role);
    }
    Ok(roles)
}

fn create_user(dep: &mut Deployment, inv: &Invocation<'_>) -> ServerResult<Reply> {
    let name = name_arg(inv, "createUser")?.to_owned();
    let pwd = match idl::present(inv.command.get("pwd")) {
        Some(v) => idl::string("createUser.pwd", v)?.to_owned(),
        None => return Err(ServerError::new(ErrorCode::BadValue, "Must provide a 'pwd' field for all user documents, except those with '$external' as the user's source db")),
    };
    let roles = parse_roles(dep, inv.command.get("roles"), inv.db, "createUser.roles")?;
    let user_name = UserName::new(&name, inv.db);
    if dep.users.user(&user_name).is_some() {
        return Err(ServerError::new(
            ErrorCode::Location(51003),
            format!("User \"{}\" already exists", user_name.display()),
        ));
    }
    dep.emit(
        EventKind::Auth,
        format!("user {} created", user_name.display()),
    );
    dep.users.insert_user(User {
        name: user_name,
        password: pwd,
        roles,
    });
    Ok(Reply::Done(doc! { "ok": 1.0 }))
}

fn drop_user(dep: &mut Deployment, inv: &Invocation<'_>) -> ServerResult<Reply> {
    let name = UserName::new(name_arg(inv, "dropUser")?, inv.db);
    if dep.users.remove_user(&name).is_none() {
        return Err(ServerError::new(
            ErrorCode::UserNotFound,
            format!("User '{}' not found", name.display()),
        ));
    }
    dep.emit(EventKind::Auth, format!("user {} dropped", name.display()));
    Ok(Reply::Done(doc! { "ok": 1.0 }))
}

fn parse_privileges(value: Option<&Bson>, db: &str) -> ServerResult<Vec<Privilege>> {
    let Some(value) = idl::present(value) else {
        return Ok(Vec::new());
    };
    let mut out = Vec::new();
    for (index, item) in idl::array("createRole.privileges", value)?
        .iter()
        .enumerate()
    {
        let p = idl::object(&format!("createRole.privileges.{index}"), item)?;
        let resource = p
            .get_document("resource")
            .map_err(|_| idl::missing("createRole.privileges.resource"))?;
        let resource = if resource.get_bool("cluster").unwrap_or(false) {
            Resource::Cluster
        } else {
            match resource.get_str("db").unwrap_or("") {
                "" => Resource::AnyDatabase,
                name => Resource::Database(name.to_owned()),
            }
        };
        if matches!(&resource, Resource::Database(other) if db != "admin" && other != db) {
            return Err(ServerError::new(ErrorCode::BadValue, format!("Roles on the '{db}' database cannot be granted privileges that target other databases or the cluster")));
        }
        if resource == Resource::Cluster && db != "admin" {
            return Err(ServerError::new(ErrorCode::BadValue, format!("Roles on the '{db}' database cannot be granted privileges that target other databases or the cluster")));
        }
        let mut actions = Set::default();
        for action in p
            .get_array("actions")
            .map_err(|_| idl::missing("createRole.privileges.actions"))?
        {
            let name = action.as_str().unwrap_or_default();
            let action = Action::from_name(name).ok_or_else(|| {
                ServerError::new(
                    ErrorCode::BadValue,
                    format!("Unrecognized action privilege string: {name}"),
                )
            })?;
            actions.insert(action);
        }
        out.push(Privilege { resource, actions });
    }
    Ok(out)
}

fn create_role(dep: &mut Deployment, inv: &Invocation<'_>) -> ServerResult<Reply> {
    let name = RoleName::new(name_arg(inv, "createRole")?, inv.db);
    if dep.users.role_exists(&name) {
        return Err(ServerError::new(
            ErrorCode::Location(51002),
            format!("Role \"{}@{}\" already exists", name.role, name.db),
        ));
    }
    let privileges = parse_privileges(inv.command.get("privileges"), inv.db)?;
    let roles = parse_roles(dep, inv.command.get("roles"), inv.db, "createRole.roles")?;
    dep.emit(
        EventKind::Auth,
        format!("role {}@{} created", name.role, name.db),
    );
    dep.users.insert_role(CustomRole {
        name,
        privileges,
        roles,
    });
    Ok(Reply::Done(doc! { "ok": 1.0 }))
}

fn change_roles(
    dep: &mut Deployment,
    inv: &Invocation<'_>,
    command: &str,
    grant: bool,
) -> ServerResult<Reply> {
    let name = UserName::new(name_arg(inv, command)?, inv.db);
    let roles = parse_roles(
        dep,
        inv.command.get("roles"),
        inv.db,
        &format!("{command}.roles"),
    )?;
    let user = dep.users.user_mut(&name).ok_or_else(|| {
        ServerError::new(
            ErrorCode::UserNotFound,
            format!(
                "Could not find user \"{}\" for db \"{}\"",
                name.user, name.db
            ),
        )
    })?;
    for role in roles {
        if grant {
            user.roles.insert(role);
        } else {
            user.roles.shift_remove(&role);
        }
    }
    dep.emit(
        EventKind::Auth,
        format!("roles of {} changed", name.display()),
    );
    Ok(Reply::Done(doc! { "ok": 1.0 }))
}

fn grant_roles(dep: &mut Deployment, inv: &Invocation<'_>) -> ServerResult<Reply> {
    change_roles(dep, inv, "grantRolesToUser", true)
}

fn revoke_roles(dep: &mut Deployment, inv: &Invocation<'_>) -> ServerResult<Reply> {
    change_roles(dep, inv, "revokeRolesFromUser", false)
}

fn user_document(user: &User) -> Document {
    let roles: Vec<Bson> = user
        .roles
        .iter()
        .map(|r| Bson::Document(doc! { "role": r.role.clone(), "db": r.db.clone() }))
        .collect();
    doc! {
        "_id": format!("{}.{}", user.name.db, user.name.user),
        "user": user.name.user.clone(),
        "db": user.name.db.clone(),
        "roles": roles,
        "mechanisms": ["SCRAM-SHA-1", "SCRAM-SHA-256"],
    }
}

fn users_info(dep: &mut Deployment, inv: &Invocation<'_>) -> ServerResult<Reply> {
    let wanted: Vec<UserName> = match first_value(inv.command) {
        Bson::String(name) => vec![UserName::new(name, inv.db)],
        Bson::Document(d) => vec![UserName::new(
            d.get_str("user").unwrap_or_default(),
            d.get_str("db").unwrap_or(inv.db),
        )],
        _ => dep
            .users
            .users()
            .filter(|u| u.name.db == inv.db)
            .map(|u| u.name.clone())
            .collect(),
    };
    let users: Vec<Bson> = wanted
        .iter()
        .filter_map(|n| dep.users.user(n))
        .map(|u| Bson::Document(user_document(u)))
        .collect();
    Ok(Reply::Done(doc! { "users": users, "ok": 1.0 }))
}

fn authenticate(dep: &mut Deployment, inv: &Invocation<'_>) -> ServerResult<Reply> {
    let user = inv.command.get_str("user").unwrap_or_default();
    let pwd = inv.command.get_str("pwd").unwrap_or_default();
    let name = UserName::new(user, inv.db);
    let ok = dep.users.user(&name).is_some_and(|u| u.password == pwd);
    if !ok {
        return Err(ServerError::new(
            ErrorCode::AuthenticationFailed,
            "Authentication failed.",
        ));
    }
    if let Some(connection) = dep.connections.get_mut(&inv.conn) {
        connection.user = Some(name.clone());
    }
    dep.emit(
        EventKind::Auth,
        format!("conn{} authenticated as {}", inv.conn, name.display()),
    );
    Ok(Reply::Done(
        doc! { "dbname": inv.db, "user": user, "ok": 1.0 },
    ))
}

fn logout(dep: &mut Deployment, inv: &Invocation<'_>) -> ServerResult<Reply> {
    if let Some(connection) = dep.connections.get_mut(&inv.conn) {
        if let Some(user) = connection.user.take() {
            dep.emit(
                EventKind::Auth,
                format!("conn{} logged out from {}", inv.conn, user.display()),
            );
        }
    }
    Ok(Reply::Done(doc! { "ok": 1.0 }))
}

fn connection_status(dep: &mut Deployment, inv: &Invocation<'_>) -> ServerResult<Reply> {
    let (users, roles): (Vec<Bson>, Vec<Bson>) = match dep.authenticated_user(inv.conn) {
        Some(u) => {
            let roles = dep
                .users
                .user(u)
                .map(|user| {
                    user.roles
                        .iter()
                        .map(|r| {
                            Bson::Document(doc! { "role": r.role.clone(), "db": r.db.clone() })
                        })
                        .collect()
                })
                .unwrap_or_default();
            (
                vec![Bson::Document(
                    doc! { "user": u.user.clone(), "db": u.db.clone() },
                )],
                roles,
            )
        }
        None => (Vec::new(), Vec::new()),
    };
    Ok(Reply::Done(
        doc! { "authInfo": { "authenticatedUsers": users, "authenticatedUserRoles": roles }, "ok": 1.0 },
    ))
}

/// User and authentication commands.
pub(crate) const COMMANDS: &[CommandSpec] = &[
    CommandSpec {
        name: "createUser",
        requires_auth: true,
        attaches_session: true,
        allowed_in_transaction: false,
        rejects_write_concern: false,
        authorize: may_create_user,
        run: create_user,
    },
    CommandSpec {
        name: "authenticate",
        requires_auth: false,
        attaches_session: false,
        allowed_in_transaction: false,
        rejects_write_concern: false,
        authorize: no_privilege,
        run: authenticate,
    },
    CommandSpec {
        name: "logout",
        requires_auth: false,
        attaches_session: false,
        allowed_in_transaction: false,
        rejects_write_concern: false,
        authorize: no_privilege,
        run: logout,
    },
    CommandSpec {
        name: "connectionStatus",
        requires_auth: false,
        attaches_session: true,
        allowed_in_transaction: false,
        rejects_write_concern: false,
        authorize: no_privilege,
        run: connection_status,
    },
];

/// Managing users and roles after the first: commands few pages run, fetched on first use
/// ([`super::on_demand`]).
pub(crate) const ADMIN_COMMANDS: &[CommandSpec] = &[
    CommandSpec {
        name: "dropUser",
        requires_auth: true,
        attaches_session: true,
        allowed_in_transaction: false,
        rejects_write_concern: false,
        authorize: may_drop_user,
        run: drop_user,
    },
    CommandSpec {
        name: "createRole",
        requires_auth: true,
        attaches_session: true,
        allowed_in_transaction: false,
        rejects_write_concern: false,
        authorize: may_create_role,
        run: create_role,
    },
    CommandSpec {
        name: "grantRolesToUser",
        requires_auth: true,
        attaches_session: true,
        allowed_in_transaction: false,
        rejects_write_concern: false,
        authorize: may_grant,
        run: grant_roles,
    },
    CommandSpec {
        name: "revokeRolesFromUser",
        requires_auth: true,
        attaches_session: true,
        allowed_in_transaction: false,
        rejects_write_concern: false,
        authorize: may_revoke,
        run: revoke_roles,
    },
    CommandSpec {
        name: "usersInfo",
        requires_auth: true,
        attaches_session: true,
        allowed_in_transaction: false,
        rejects_write_concern: false,
        authorize: may_view_users,
        run: users_info,
    },
];
