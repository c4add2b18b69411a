//! `lab`: Session Lab's helpers for what mongosh cannot say: switch access control, move the
//! logical clock, run an operation in the background, inspect sessions and the last kill's
//! verdicts, refresh the session cache, reset.

use super::budget::MAX_ADVANCE_MS;
use super::client::Flow;
use super::diagnostics::{ErrorKind, ShellError, Span};
use super::method_names::LabMethod;
use super::value::Value;
use super::Shell;
use bson::{doc, Bson};

/// What `lab.help()` prints.
pub const LAB_HELP: &str = "\
lab: Session Lab's helpers
  lab.setAuth(true|false)     access control on/off, like restarting with or without --auth (users are kept)
  lab.implicitSessions(false) commands sent without a session carry no lsid (the legacy shell's
                              --disableImplicitSessions); true turns them back on; () tells the setting
  lab.advance(\"31m\")          move the logical clock (ms, \"500ms\", \"90s\", \"31m\", \"2h\"); operations finish,
                              transactions past their lifetime limit (60 s) abort, the cache refreshes every 5 min, idle sessions expire
  lab.now()                   the logical time
  lab.background(<expr>)      run an operation that keeps running (sleep, a slow find) and get a handle at once
  lab.result(op) / op.result()  how a background operation ended (its reply), or that it is still running
  lab.refresh()               refresh the logical session cache now (as every 5 minutes)
  lab.sessions()              every session the deployment knows, with its state
  lab.verdicts()              the verdicts of the last kill command
  lab.reset()                 a fresh deployment (variables are cleared), once the statement ends";

/// What `help` prints.
pub const SHELL_HELP: &str = "\
Session Lab shell: a subset of mongosh
  use <db>, show dbs, show collections, show users, it
  db.runCommand({...}), db.adminCommand({...}), db.aggregate([...]), db.getSiblingDB(name)
  db.<coll>.insertOne/insertMany/find/findOne/updateOne/deleteOne/aggregate/countDocuments
  db.auth(user, pwd), db.logout(), db.createUser({...}), db.createRole({...}), db.grantRolesToUser(name, roles)
  db.currentOp(), db.killOp(id), db.serverStatus().logicalSessionRecordCache and .transactions
  db.adminCommand({ getParameter: '*' }) and { setParameter: 1, transactionLifetimeLimitSeconds: 5 }
  const conn = new Mongo(); conn.getDB(name)
  const s = db.getMongo().startSession(); s.getDatabase(name); s.startTransaction(); s.commitTransaction()
  s.withTransaction(() => { ... }): start, run, commit (abort if it throws)
  try { ... } catch (error) { ... throw error }: error.code, error.codeName, error.hasErrorLabel(label)
Type lab.help() for Session Lab's own helpers.";

/// Parses `"500ms"`, `"90s"`, `"31m"`, `"2h"`, `"1d"` or a number of milliseconds.
pub fn parse_duration(value: &Bson) -> Option<i64> {
    if let Some(ms) = crate::engine::storage::as_f64(value) {
        #[allow(clippy::cast_possible_truncation, reason = "milliseconds")]
        return Some(ms as i64).filter(|ms| *ms >= 0);
    }
    let text = value.as_str()?.trim();
    let split = text.find(|c: char| !c.is_ascii_digit() && c != '.')?;
    let (number, unit) = text.split_at(split);
    let number = crate::decimal::parse_decimal(number)?;
    let factor = match unit.trim() {
        "ms" => 1.0,
        "s" => 1000.0,
        "m" | "min" => 60_000.0,
        "h" => 3_600_000.0,
        "d" => 86_400_000.0,
        _ => return None,
    };
    #[allow(clippy::cast_possible_truncation, reason = "milliseconds")]
    Some((number * factor) as i64)
}

impl Shell {
    /// `lab.implicitSessions()` tells the setting; `(true|false)` sets it.
    fn implicit_sessions_method(&mut self, values: &[Value], span: &Span) -> Result<Value, Flow> {
        match values {
            [] => Ok(Value::Bson(Bson::Boolean(self.implicit_sessions))),
            [Value::Bson(Bson::Boolean(on))] => {
                self.implicit_sessions = *on;
                self.printed.push(if *on {
                    "implicit sessions are on: a command sent without a session carries one of its connection's implicit sessions".to_owned()
                } else {
                    "implicit sessions are off: a command sent without a session carries no lsid (--disableImplicitSessions)".to_owned()
                });
                Ok(Value::undefined())
            }
            _ => Err(ShellError::new(
                ErrorKind::Type,
                "lab.implicitSessions takes true or false, or nothing to tell the setting",
                span.clone(),
            )
            .into()),
        }
    }

    pub(super) fn lab_method(
        &mut self,
        method: LabMethod,
        values: &[Value],
        span: &Span,
    ) -> Result<Value, Flow> {
        let bad = |message: &str| -> Flow {
            ShellError::new(ErrorKind::Type, message, span.clone()).into()
        };
        match method {
            LabMethod::Help => {
                self.printed.extend(LAB_HELP.lines().map(str::to_owned));
                Ok(Value::undefined())
            }
            LabMethod::SetAuth => {
                let Some(Value::Bson(Bson::Boolean(on))) = values.first() else {
                    return Err(bad("lab.setAuth takes true or false"));
                };
                let events = self.deployment.set_auth(*on);
                self.events.extend(events);
                self.printed.push(format!(
                    "access control is now {}",
                    if *on { "on" } else { "off" }
                ));
                Ok(Value::undefined())
            }
            LabMethod::ImplicitSessions => self.implicit_sessions_method(values, span),
            LabMethod::Advance => {
                let ms = match values.first() {
                    Some(Value::Bson(b)) => parse_duration(b),
                    _ => None,
                }
                .ok_or_else(|| bad("lab.advance takes a duration: milliseconds, or a string like \"500ms\", \"90s\", \"31m\", \"2h\""))?;
                if ms > MAX_ADVANCE_MS {
                    return Err(bad(
                        "lab.advance moves the clock at most 366 days at a time",
                    ));
                }
                let mut events = self.deployment.advance(ms);
                // Named as the statement's events will be, so the console finds them printed.
                if events.iter().any(|e| e.message.contains("session ")) {
                    self.session_names().name_in(&mut events);
                }
                self.printed
                    .extend(events.iter().map(super::record::timed_line));
                self.events.extend(events);
                Ok(Value::Bson(Bson::DateTime(bson::DateTime::from_millis(
                    self.deployment.now(),
                ))))
            }
            LabMethod::Now => Ok(Value::Bson(Bson::DateTime(bson::DateTime::from_millis(
                self.deployment.now(),
            )))),
            LabMethod::Result => match values.first() {
                Some(Value::Operation(op, conn)) => Ok(self.operation_result(*op, *conn)),
                _ => Err(bad(
                    "lab.result takes an operation handle from lab.background(…)",
                )),
            },
            LabMethod::Reset => {
                // Applied when the statement ends (`Shell::run_statement`): the statement's other
                // parts may still hold sessions, cursors or databases of this deployment, and a
                // handle must never outlive the arena it points into.
                self.reset_requested = true;
                Ok(Value::undefined())
            }
            LabMethod::Refresh => {
                self.deployment.refresh_cache();
                let events = self.deployment.advance(0);
                self.events.extend(events);
                Ok(Value::undefined())
            }
            LabMethod::Sessions => {
                let sessions: Vec<Bson> = self
                    .deployment
                    .session_views()
                    .into_iter()
                    .map(|s| {
                        let mut d = doc! { "id": s.lsid.id.to_bson(), "owner": s.owner.map_or(Bson::Null, Bson::String), "state": s.state.label() };
                        if let Some((n, state)) = s.txn {
                            d.insert("txn", doc! { "txnNumber": n, "state": state.server_name() });
                        }
                        d.insert("inCache", s.in_cache);
                        d.insert("inSessionsCollection", s.in_collection);
                        Bson::Document(d)
                    })
                    .collect();
                Ok(Value::Bson(Bson::Array(sessions)))
            }
            LabMethod::Verdicts => {
                let Some(report) = &self.last_report else {
                    return Ok(Value::Bson(Bson::Array(Vec::new())));
                };
                let verdicts = report
                    .verdicts()
                    .iter()
                    .map(|v| {
                        Bson::Document(doc! {
                            "id": v.lsid.id.to_bson(),
                            "user": v.user.clone().map_or(Bson::Null, Bson::String),
                            "fate": v.fate.code(),
                            "explanation": v.explanation.clone(),
                            "decidedBy": v.decided_by.clone(),
                        })
                    })
                    .collect();
                Ok(Value::Bson(Bson::Array(verdicts)))
            }
        }
    }
}
