//! The `db` object: its methods (`db.runCommand`, `db.getCollection`, `db.currentOp`, …) and
//! the `show dbs|collections|users` commands.

use super::args::{self, type_error};
use super::client::{check_ok, CursorSource, Flow};
use super::diagnostics::{ErrorKind, ShellError, Span};
use super::method_names::DbMethod;
use super::value::{DbRef, Value};
use super::Shell;
use crate::engine::operations::ConnId;
use bson::{doc, Bson, Document};

/// The command mongosh sends for `db.createUser(spec)` / `db.createRole(spec)`: the spec's
/// `name_field` becomes the command's value, the rest of the spec follows it.
fn command_from_spec(command: &str, name_field: &str, spec: Document) -> Document {
    let mut cmd = doc! { command: spec.get(name_field).cloned().unwrap_or(Bson::Null) };
    cmd.extend(spec.into_iter().filter(|(k, _)| k != name_field));
    cmd
}

/// A size as mongosh's `show dbs` writes it (numeral's `0.00 ib`: `8.00 KiB`, `1.50 MiB`; up
/// to 1000 bytes `0 ib`: `512 B`); the hundredths are written as integers, so Rust's float
/// formatter stays out of the first load.
fn format_bytes(bytes: i64) -> String {
    const UNITS: [&str; 6] = ["KiB", "MiB", "GiB", "TiB", "PiB", "EiB"];
    if bytes <= 1000 {
        return format!("{bytes} B");
    }
    if bytes < 1024 {
        return format!("{bytes}.00 B");
    }
    #[allow(clippy::cast_precision_loss, reason = "two decimals of a size")]
    let mut scaled = bytes as f64 / 1024.0;
    let mut unit = 0;
    while unit + 1 < UNITS.len() && scaled >= 1024.0 {
        scaled /= 1024.0;
        unit += 1;
    }
    #[allow(
        clippy::cast_possible_truncation,
        reason = "at most 102,400 hundredths"
    )]
    let hundredths = (scaled * 100.0 + 0.5) as i64;
    format!(
        "{}.{:02} {}",
        hundredths / 100,
        hundredths % 100,
        UNITS[unit]
    )
}

/// `listDatabases`' entries as mongosh's `show dbs` lays them out (the `text-table` package,
/// aligned left then right): each name padded to the longest, two spaces, each size aligned
/// right to the longest.
fn databases_table(databases: &[Bson]) -> Vec<String> {
    let mut rows = Vec::new();
    let (mut left, mut right) = (0, 0);
    for entry in databases.iter().filter_map(Bson::as_document) {
        if let Ok(name) = entry.get_str("name") {
            let size = format_bytes(entry.get_i64("sizeOnDisk").unwrap_or(0));
            left = left.max(name.chars().count());
            right = right.max(size.len());
            rows.push((name, size));
        }
    }
    let mut lines = Vec::new();
    for (name, size) in rows {
        let mut line = name.to_owned();
        let gap = left - name.chars().count() + 2 + right - size.len();
        line.extend(std::iter::repeat_n(' ', gap));
        line.push_str(&size);
        lines.push(line);
    }
    lines
}

impl Shell {
    /// The command document of `db.runCommand(…)` / `db.adminCommand(…)`: a document, or a
    /// command name standing for `{ name: 1 }`.
    fn command_arg(values: &[Value], method: &str, span: &Span) -> Result<Document, Flow> {
        match values.first() {
            Some(Value::Bson(Bson::Document(d))) if !d.is_empty() => Ok(d.clone()),
            Some(Value::Bson(Bson::String(name))) => Ok(doc! { name.clone(): 1 }),
            Some(Value::Bson(Bson::Document(_))) => Err(type_error(
                format!("{method}: the command document is empty"),
                span,
            )),
            Some(other) => Err(type_error(
                format!(
                    "{method}: the command must be a document or a string, got {}",
                    other.type_label()
                ),
                span,
            )),
            None => Err(type_error(
                format!("{method}: missing the command document, e.g. {method}({{ ping: 1 }})"),
                span,
            )),
        }
    }

    #[allow(
        clippy::too_many_lines,
        reason = "one arm per mongosh db method: the table reads best in one place"
    )]
    pub(super) fn db_method(
        &mut self,
        db: &DbRef,
        method: DbMethod,
        values: &[Value],
        span: &Span,
    ) -> Result<Value, Flow> {
        let name = method.name();
        let run = |shell: &mut Shell, target: &str, cmd| shell.db_run(db, target, cmd, span);
        match method {
            DbMethod::RunCommand => run(
                self,
                &db.name,
                Self::command_arg(values, "runCommand", span)?,
            ),
            DbMethod::AdminCommand => run(
                self,
                "admin",
                Self::command_arg(values, "adminCommand", span)?,
            ),
            DbMethod::GetName => Ok(Value::Bson(Bson::String(db.name.clone()))),
            DbMethod::GetSiblingDB => Ok(Value::Db(DbRef {
                name: args::string(values, 0, name, span)?.to_owned(),
                ..db.clone()
            })),
            DbMethod::GetCollection => Ok(Value::Collection(
                db.clone(),
                args::string(values, 0, name, span)?.to_owned(),
            )),
            DbMethod::GetMongo => Ok(Value::Mongo(db.conn)),
            DbMethod::GetSession => Err(type_error(
                "db.getSession() is not available: start one with db.getMongo().startSession()",
                span,
            )),
            DbMethod::Version => Ok(Value::Bson(Bson::String("8.0.0".into()))),
            DbMethod::Hello => run(self, &db.name, doc! { "hello": 1 }),
            DbMethod::Auth => {
                let (user, pwd) = match values.first() {
                    Some(Value::Bson(Bson::Document(d))) => (
                        d.get_str("user").unwrap_or("").to_owned(),
                        d.get_str("pwd").unwrap_or("").to_owned(),
                    ),
                    _ => (
                        args::string(values, 0, name, span)?.to_owned(),
                        args::string(values, 1, name, span)?.to_owned(),
                    ),
                };
                check_ok(self.run_command(
                    db.conn,
                    &db.name,
                    None,
                    doc! { "authenticate": 1, "user": user, "pwd": pwd },
                    span,
                )?)?;
                Ok(Value::Bson(Bson::Document(doc! { "ok": 1 })))
            }
            DbMethod::Logout => run(self, &db.name, doc! { "logout": 1 }),
            DbMethod::CreateUser => {
                let spec = args::document(values, 0, name, span)?;
                run(
                    self,
                    &db.name,
                    command_from_spec("createUser", "user", spec),
                )
            }
            DbMethod::ServerStatus
            | DbMethod::IsMaster
            | DbMethod::Aggregate
            | DbMethod::CreateRole
            | DbMethod::GrantRolesToUser
            | DbMethod::RevokeRolesFromUser
            | DbMethod::DropUser
            | DbMethod::GetUsers
            | DbMethod::GetUser
            | DbMethod::CurrentOp
            | DbMethod::KillOp
            | DbMethod::GetCollectionNames
            | DbMethod::GetCollectionInfos
            | DbMethod::CreateCollection
            | DbMethod::DropDatabase => {
                let code = self.code_on_demand(format_args!("db.{name}()"), span)?;
                (code.db_method)(self, db, method, values, span)
            }
            DbMethod::Help => Ok(self.list_methods("db.", DbMethod::NAMES)),
        }
    }

    /// The reply of `cmd` sent to database `target` on `db`'s connection (and session), or its
    /// failure.
    fn db_reply(
        &mut self,
        db: &DbRef,
        target: &str,
        cmd: Document,
        span: &Span,
    ) -> Result<Document, Flow> {
        check_ok(self.run_command(db.conn, target, db.session, cmd, span)?)
    }

    /// [`Shell::db_reply`], as the method's value.
    fn db_run(
        &mut self,
        db: &DbRef,
        target: &str,
        cmd: Document,
        span: &Span,
    ) -> Result<Value, Flow> {
        Ok(Value::Bson(Bson::Document(
            self.db_reply(db, target, cmd, span)?,
        )))
    }

    /// The `db` methods whose code is fetched on first use ([`super::on_demand`]).
    #[allow(
        clippy::too_many_lines,
        reason = "one arm per mongosh db method: the table reads best in one place"
    )]
    pub(super) fn db_method_on_demand(
        &mut self,
        db: &DbRef,
        method: DbMethod,
        values: &[Value],
        span: &Span,
    ) -> Result<Value, Flow> {
        let name = method.name();
        let reply = |shell: &mut Shell, target: &str, cmd| shell.db_reply(db, target, cmd, span);
        let run = |shell: &mut Shell, target: &str, cmd| shell.db_run(db, target, cmd, span);
        match method {
            DbMethod::ServerStatus => {
                // mongosh sends `{ serverStatus: 1, ...opts }` to `admin`.
                let mut cmd = doc! { "serverStatus": 1 };
                cmd.extend(args::document(values, 0, name, span)?);
                run(self, "admin", cmd)
            }
            DbMethod::IsMaster => {
                // mongosh adds the field `hello` names it.
                let mut reply = reply(self, &db.name, doc! { "isMaster": 1 })?;
                let primary = reply.get("ismaster").cloned().unwrap_or(Bson::Undefined);
                reply.insert("isWritablePrimary", primary);
                Ok(Value::Bson(Bson::Document(reply)))
            }
            DbMethod::Aggregate => {
                let pipeline = args::array(values, 0, name, span)?;
                Ok(self.new_cursor(
                    db,
                    CursorSource::Aggregate {
                        target: Bson::Int32(1),
                        pipeline,
                    },
                ))
            }
            DbMethod::CreateRole => {
                let spec = args::document(values, 0, name, span)?;
                let mut cmd = command_from_spec("createRole", "role", spec);
                if !cmd.contains_key("privileges") {
                    cmd.insert("privileges", Bson::Array(Vec::new()));
                }
                if !cmd.contains_key("roles") {
                    cmd.insert("roles", Bson::Array(Vec::new()));
                }
                run(self, &db.name, cmd)
            }
            DbMethod::GrantRolesToUser | DbMethod::RevokeRolesFromUser => {
                let user = args::string(values, 0, name, span)?.to_owned();
                let roles = args::array(values, 1, name, span)?;
                run(self, &db.name, doc! { name: user, "roles": roles })
            }
            DbMethod::DropUser => run(
                self,
                &db.name,
                doc! { "dropUser": args::string(values, 0, name, span)?.to_owned() },
            ),
            DbMethod::GetUsers => run(self, &db.name, doc! { "usersInfo": 1 }),
            // mongosh: the user's document, or null.
            DbMethod::GetUser => {
                let user = args::string(values, 0, name, span)?;
                let cmd = doc! { "usersInfo": { "user": user, "db": db.name.as_str() } };
                let mut users = reply(self, &db.name, cmd)?
                    .get_array("users")
                    .cloned()
                    .unwrap_or_default();
                Ok(Value::Bson(if users.is_empty() {
                    Bson::Null
                } else {
                    users.swap_remove(0)
                }))
            }
            DbMethod::CurrentOp => {
                let mut cmd = doc! { "currentOp": 1 };
                match values.first() {
                    Some(Value::Bson(Bson::Boolean(true))) => {
                        cmd.insert("$all", true);
                    }
                    Some(Value::Bson(Bson::Document(filter))) => cmd.extend(filter.clone()),
                    _ => {}
                }
                run(self, "admin", cmd)
            }
            DbMethod::KillOp => {
                let op = values
                    .first()
                    .cloned()
                    .map(|v| Self::to_bson(v, span))
                    .transpose()?
                    .unwrap_or(Bson::Null);
                run(self, "admin", doc! { "killOp": 1, "op": op })
            }
            DbMethod::GetCollectionNames | DbMethod::GetCollectionInfos => {
                let infos = self.collection_infos(db.conn, &db.name, db.session, span)?;
                Ok(Value::Bson(Bson::Array(if name == "getCollectionInfos" {
                    infos
                } else {
                    infos
                        .iter()
                        .filter_map(|d| d.as_document().and_then(|d| d.get("name").cloned()))
                        .collect()
                })))
            }
            DbMethod::CreateCollection => {
                let coll = args::string(values, 0, name, span)?;
                let mut cmd = doc! { "create": coll };
                cmd.extend(args::document(values, 1, name, span)?);
                run(self, &db.name, cmd)
            }
            // mongosh's service provider answers `{ ok: 1, dropped: <name> }` itself: the
            // driver's `dropDatabase` gives only whether it worked.
            DbMethod::DropDatabase => {
                reply(self, &db.name, doc! { "dropDatabase": 1 })?;
                Ok(Value::Bson(Bson::Document(
                    doc! { "ok": 1, "dropped": db.name.as_str() },
                )))
            }
            _ => Err(type_error(
                format!("db.{name}() is not a method of the code fetched on first use"),
                span,
            )),
        }
    }

    /// The `listCollections` reply's documents for database `db` (one batch holds them all).
    fn collection_infos(
        &mut self,
        conn: ConnId,
        db: &str,
        session: Option<usize>,
        span: &Span,
    ) -> Result<Vec<Bson>, Flow> {
        let reply =
            check_ok(self.run_command(conn, db, session, doc! { "listCollections": 1 }, span)?)?;
        Ok(reply
            .get_document("cursor")
            .and_then(|c| c.get_array("firstBatch"))
            .cloned()
            .unwrap_or_default())
    }

    /// `show dbs`, `show collections`, `show users`.
    pub(super) fn show_command(&mut self, what: &str, span: &Span) -> Result<Value, Flow> {
        let conn = self.console;
        let db = self.current_db(conn).to_owned();
        match what {
            "dbs" | "databases" => {
                let reply = check_ok(self.run_command(
                    conn,
                    "admin",
                    None,
                    doc! { "listDatabases": 1 },
                    span,
                )?)?;
                let databases = reply.get_array("databases").map(Vec::as_slice);
                self.printed
                    .extend(databases_table(databases.unwrap_or_default()));
                Ok(Value::undefined())
            }
            "collections" | "tables" => {
                for d in self.collection_infos(conn, &db, None, span)? {
                    if let Some(name) = d.as_document().and_then(|d| d.get_str("name").ok()) {
                        self.printed.push(name.to_owned());
                    }
                }
                Ok(Value::undefined())
            }
            "users" => {
                let reply =
                    check_ok(self.run_command(conn, &db, None, doc! { "usersInfo": 1 }, span)?)?;
                Ok(Value::Bson(
                    reply
                        .get("users")
                        .cloned()
                        .unwrap_or(Bson::Array(Vec::new())),
                ))
            }
            other => Err(ShellError::new(
                ErrorKind::Shell,
                format!("[COMMON-10001] '{other}' is not a valid argument for \"show\"."),
                span.clone(),
            )
            .with_hint(super::hints::show_argument(other))
            .into()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{databases_table, format_bytes};

    #[test]
    fn sizes_are_written_as_numeral_writes_them_for_show_dbs() {
        let written: Vec<String> = [512, 1000, 1010, 8192, 40_960, 1_572_864, 73_728_000]
            .map(format_bytes)
            .to_vec();
        assert_eq!(
            written,
            [
                "512 B",
                "1000 B",
                "1010.00 B",
                "8.00 KiB",
                "40.00 KiB",
                "1.50 MiB",
                "70.31 MiB"
            ]
        );
    }

    #[test]
    fn show_dbs_pads_names_to_the_longest_and_right_aligns_sizes() {
        let databases = [("admin", 40_960), ("config", 8192)].map(|(name, size)| {
            bson::Bson::Document(bson::doc! { "name": name, "sizeOnDisk": i64::from(size) })
        });
        assert_eq!(
            databases_table(&databases),
            ["admin   40.00 KiB", "config   8.00 KiB"]
        );
    }
}
