//! Hints beside the server's reply, which they never change: what a newcomer's mistake means
//! and how to fix it, in the terms of the deployment as it is. A misspelt command gets "did you
//! mean"; a command that needs a login or the `killAnySession` privilege says who could run
//! it and how to log in as them; a kill that matched nothing says why (no session yet, access
//! control off, a user that does not exist, a name in the wrong case or on the wrong database).

use super::snippets;
use crate::engine::auth::UserName;
use crate::engine::ids::Uid;
use crate::engine::kill::KillReport;
use crate::engine::operations::ConnId;
use crate::engine::Deployment;
use crate::engine::UserView;
use bson::Document;

/// `BadValue`: among others, a filter's unknown operator.
const BAD_VALUE: i32 = 2;
/// `FailedToParse`: among others, an update's unknown modifier.
const FAILED_TO_PARSE: i32 = 9;
/// `CommandNotFound`.
const COMMAND_NOT_FOUND: i32 = 59;
/// `TypeMismatch`: among others, a session id given as its UUID alone.
const TYPE_MISMATCH: i32 = 14;
/// `IDLFailedToParse`: among others, a pattern's lsid without its uid.
const IDL_FAILED_TO_PARSE: i32 = 40414;
/// `Unauthorized`.
const UNAUTHORIZED: i32 = 13;
/// `InvalidPipelineOperator`: an expression operator the evaluator does not know.
const INVALID_PIPELINE_OPERATOR: i32 = 168;
/// An aggregation stage the pipeline does not know (`Location40324`).
const UNRECOGNIZED_STAGE: i32 = 40324;
/// `InvalidOptions`: among others, a server parameter Session Lab does not have.
const INVALID_OPTIONS: i32 = 72;
/// The kill commands, whose refusal means the `killAnySession` privilege is missing.
const KILL_COMMANDS: [&str; 3] = [
    "killAllSessions",
    "killAllSessionsByPattern",
    "killSessions",
];
/// The server's query operators that the playground's filters do not implement: the engine
/// refuses them as the server refuses an operator it does not know, and the hint says that the
/// server knows them (one text, not a table of strings: fewer bytes of data).
const QUERY_OPERATORS_NOT_HERE: &str =
    "$type $regex $elemMatch $size $all $not $mod $expr $text $jsonSchema $comment $geoWithin";
/// The server's update operators that the playground's updates do not implement.
const UPDATE_OPERATORS_NOT_HERE: &str =
    "$push $pull $addToSet $pop $pullAll $rename $min $max $mul $currentDate $setOnInsert $bit";

/// The hint for one command's outcome on `conn`, if the outcome looks like a mistake.
pub(super) fn after_command(
    deployment: &Deployment,
    conn: ConnId,
    command: &Document,
    reply: &Document,
    report: Option<&KillReport>,
) -> Option<String> {
    let name = command.keys().next().map_or("", String::as_str);
    if let Some(report) = report {
        return (report.killed() == 0).then(|| nothing_killed(deployment, report));
    }
    // A batch write's failure is its first write error (`writeErrors`, in an `ok: 1` reply).
    let failure = match reply.get_array("writeErrors") {
        Ok(errors) => errors.first()?.as_document()?,
        Err(_) => reply,
    };
    match failure.get_i32("code").ok()? {
        COMMAND_NOT_FOUND => {
            let names = crate::commands::command_names();
            let close = closest(name, names.iter().copied())?;
            Some(format!(
                "there is no command \"{name}\"; did you mean \"{close}\"?"
            ))
        }
        // A getMore on another namespace than its cursor's is refused as `Unauthorized` too,
        // with or without access control: no privilege is missing.
        UNAUTHORIZED
            if deployment.auth_enabled
                && !failure
                    .get_str("errmsg")
                    .is_ok_and(|m| m.starts_with("Requested getMore")) =>
        {
            Some(unauthorized(deployment, conn, name, failure))
        }
        FAILED_TO_PARSE
            if failure
                .get_str("errmsg")
                .is_ok_and(|m| m.starts_with("The 'cursor' option")) =>
        {
            Some("add cursor: {} to the command (db.<collection>.aggregate([…]) adds it for you)".to_owned())
        }
        IDL_FAILED_TO_PARSE
            if failure
                .get_str("errmsg")
                .is_ok_and(|m| m.contains("'delete.deletes.limit'")) =>
        {
            Some("give each delete statement limit: 0 (every match) or limit: 1 (the first); deleteMany() and deleteOne() send it for you".to_owned())
        }
        BAD_VALUE | FAILED_TO_PARSE => operator_not_here(name, failure.get_str("errmsg").ok()?),
        INVALID_PIPELINE_OPERATOR | UNRECOGNIZED_STAGE => {
            aggregation_not_here(name, failure.get_str("errmsg").ok()?)
        }
        TYPE_MISMATCH | IDL_FAILED_TO_PARSE => session_id_shape(failure.get_str("errmsg").ok()?),
        INVALID_OPTIONS
            if failure
                .get_str("errmsg")
                .is_ok_and(|m| m.contains("option found") || m.contains("unrecognized parameter")) =>
        {
            Some(
            "Session Lab has only the parameters of sessions, transactions and cursors: getParameter: '*' lists them"
                    .to_owned(),
            )
        }
        _ => None,
    }
}

/// A session id written in the wrong shape: its UUID alone where a document `{ id }` goes, or
/// a pattern's `lsid` without the owner's `uid`.
fn session_id_shape(errmsg: &str) -> Option<String> {
    if errmsg.ends_with(".lsid.uid' is missing but a required field") {
        Some("a pattern's lsid names a session by its id and its owner's uid, { lsid: { id, uid } }, as db.aggregate([{ $listLocalSessions: { allUsers: true } }]) lists them; killSessions: [ s.getSessionId() ] needs the id alone".to_owned())
    } else if errmsg.contains("Sessions.0' is the wrong type 'binData', expected type 'object'")
        && !errmsg.contains("AllSessions")
    {
        Some(
            "a session id is a document, { id: UUID(…) }: pass s.getSessionId(), not its id field"
                .to_owned(),
        )
    } else {
        None
    }
}

/// A refusal of a server operator that the playground does not implement (the server would
/// run it): which operators it does implement. Or `$where` where the server refuses it (an
/// aggregation's `$match`, a listing's `filter`).
fn operator_not_here(command: &str, errmsg: &str) -> Option<String> {
    if errmsg.starts_with("$where is not") {
        let hint = if command == "aggregate" {
            "an aggregation's $match runs no JavaScript (countDocuments is an aggregation in mongosh): find() takes $where"
        } else {
            "this command's filter runs no JavaScript: $where is for a query's filter (find, update, delete)"
        };
        return Some(hint.to_owned());
    }
    // "unknown operator: $type", "unknown top level operator: $expr", "Unknown modifier: $push. …"
    let op = errmsg
        .split([' ', '.'])
        .find(|word| word.starts_with('$'))?;
    let (kind, known) = if listed(QUERY_OPERATORS_NOT_HERE, op) {
        let field = crate::engine::filter::FIELD_OPERATORS.join(", ");
        ("query", format!("{field}, $and, $or and $nor"))
    } else if listed(UPDATE_OPERATORS_NOT_HERE, op) {
        let [first, second, last] = crate::engine::update::UPDATE_MODIFIERS;
        ("update", format!("{first}, {second} and {last}"))
    } else {
        return None;
    };
    Some(format!(
        "{op} is a MongoDB {kind} operator that Session Lab does not implement; it knows {known}"
    ))
}

/// A refusal of an expression operator or a stage that the playground does not know, in the
/// server's words for one that does not exist: which ones it knows, since the server may well
/// have this one (`$lookup`, `$toUpper`, a find projection's `$slice`).
fn aggregation_not_here(command: &str, errmsg: &str) -> Option<String> {
    use crate::engine::{expression, pipeline};
    // "Unrecognized expression '$slice'", "Unrecognized pipeline stage name: '$lookup'"
    let op = errmsg.split('\'').nth(1)?;
    let stage = errmsg.contains("stage name");
    if stage && matches!(command, "update" | "findAndModify") {
        let stages = pipeline::UPDATE_STAGE_NAMES.join(", ");
        return Some(format!(
            "an update's pipeline takes only the stages {stages}, on the server too"
        ));
    }
    let (kind, names) = if stage {
        ("stages", pipeline::STAGE_NAMES.join(", "))
    } else {
        (
            "expressions",
            expression::operator_names().collect::<Vec<_>>().join(", "),
        )
    };
    Some(format!("Session Lab has only the {kind} {names}: if {op} is one of the server's {kind}, Session Lab does not simulate it"))
}

/// A refusal: log in first, or log in as someone with the privilege.
fn unauthorized(deployment: &Deployment, conn: ConnId, command: &str, reply: &Document) -> String {
    let users = deployment.user_views();
    let errmsg = reply.get_str("errmsg").unwrap_or_default();
    let is_kill = KILL_COMMANDS.contains(&command);
    if errmsg.contains("requires authentication") || deployment.authenticated_user(conn).is_none() {
        // For a kill, suggest someone who may kill any session.
        let suggested = users
            .iter()
            .find(|u| u.kill_any_session || !is_kill)
            .or(users.first());
        return match suggested {
            Some(user) => format!(
                "access control is on and conn{conn} is not logged in: log in first, e.g. {}",
                snippets::log_in_as(user)
            ),
            None => format!(
                "access control is on and no user exists yet: create one ({}), then log in ({})",
                snippets::create_user("admin", "admin", "root"),
                snippets::log_in("admin", "admin", "secret")
            ),
        };
    }
    let who = deployment
        .authenticated_user(conn)
        .map(UserName::display)
        .unwrap_or_default();
    if errmsg.starts_with("Not authorized to impersonate") {
        return format!(
            "{who} may kill any session, but a pattern with users or roles also needs the impersonate privilege, which only __system holds; those fields never choose the sessions (they only name who the kill is done for, in the audit log): leave them out and match by uid or lsid"
        );
    }
    if !is_kill {
        return format!(
            "{who}, logged in on conn{conn}, has no role that allows this {command} command here: log in as another user (show users lists them with their roles)"
        );
    }
    let able: Vec<&UserView> = users.iter().filter(|u| u.kill_any_session).collect();
    match able.first() {
        Some(user) => format!(
            "{who} lacks the killAnySession privilege, which {command} needs to kill sessions of other users; {} {} it: {}",
            names(able.iter().map(|u| u.name.as_str())),
            if able.len() == 1 { "has" } else { "have" },
            snippets::log_in_as(user)
        ),
        None => format!(
            "{who} lacks the killAnySession privilege, which {command} needs to kill sessions of other users, and no user has it: create one with the root, clusterAdmin or hostManager role ({})",
            snippets::create_user("admin", "admin", "root")
        ),
    }
}

/// Why a kill killed nothing.
fn nothing_killed(deployment: &Deployment, report: &KillReport) -> String {
    if report.is_empty() {
        return "no session exists yet, so there was nothing to kill: start one with db.getMongo().startSession()".to_owned();
    }
    let spared = report.spared_prepared();
    if spared > 0 {
        return format!(
            "the command matched {spared} session(s), but a kill never aborts a prepared transaction: it waits for its coordinator's commitTransaction (with a commitTimestamp) or abortTransaction"
        );
    }
    if report.lists_ids_only() {
        return "the server knows no session with the listed id(s): take ids from session.getSessionId() or $listLocalSessions".to_owned();
    }
    let named = report.named_users();
    if named.is_empty() {
        return format!(
            "none of the {} session(s) matched the command (each verdict says why)",
            report.len()
        );
    }
    let users = deployment.user_views();
    if users.is_empty() && !deployment.auth_enabled() {
        return format!(
            "no user exists yet, and with access control off every session belongs to no user (the no-auth uid, {}), so naming {} matches no session: create the users, turn access control on (lab.setAuth(true)) and log in before starting sessions",
            no_auth_digest(),
            names(named.iter().map(String::as_str))
        );
    }
    let mut reasons = Vec::new();
    for name in &named {
        if let Some(reason) = missing_user(name, &users) {
            reasons.push(reason);
        }
    }
    if reasons.is_empty() && !deployment.auth_enabled() {
        return format!(
            "access control is off, so every session has the no-auth uid ({}) and belongs to no user: no session is {}'s. Turn access control on (lab.setAuth(true)) before the users log in and start their sessions",
            no_auth_digest(),
            names(named.iter().map(String::as_str)).replace(" and ", " or ")
        );
    }
    if reasons.is_empty() {
        let mut owners = report.owners();
        if report.any_unowned() {
            owners.push("no authenticated user");
        }
        return format!(
            "{} own{} no session the server knows (a session from startSession() reaches the server with its first command); the sessions belong to {}",
            names(named.iter().map(String::as_str)),
            if named.len() == 1 { "s" } else { "" },
            names(owners.into_iter())
        );
    }
    format!(
        "killAllSessions names users by their exact name and database, and matched no session: {}",
        reasons.join("; ")
    )
}

/// Why `name` (`user@db`) names no existing user, if it does not.
fn missing_user(name: &str, users: &[UserView]) -> Option<String> {
    if users.iter().any(|u| u.name == name) {
        return None;
    }
    let (user, db) = UserName::split_display(name)?;
    let same_name_other_case = users.iter().find(|u| {
        UserName::split_display(&u.name)
            .is_some_and(|(u2, d2)| d2 == db && u2.eq_ignore_ascii_case(user))
    });
    if let Some(found) = same_name_other_case {
        return Some(format!(
            "there is no user {name} ({}), but there is {} ({}): names are case-sensitive, and a session's uid is the digest of its owner's exact name and database",
            digest(name),
            found.name,
            digest(&found.name)
        ));
    }
    let other_dbs: Vec<&str> = users
        .iter()
        .filter(|u| UserName::split_display(&u.name).is_some_and(|(u2, _)| u2 == user))
        .map(|u| u.name.as_str())
        .collect();
    if !other_dbs.is_empty() {
        return Some(format!(
            "there is no user {name} ({}), but there is {} (a user is named with the database it was created on, and a session's uid is the digest of both)",
            digest(name),
            names(other_dbs.iter().map(|n| format!("{n} ({})", digest(n))).collect::<Vec<_>>().iter().map(String::as_str))
        ));
    }
    Some(if users.is_empty() {
        format!("there is no user {name}: no user exists yet")
    } else {
        format!(
            "there is no user {name}; the users are {}",
            names(users.iter().map(|u| u.name.as_str()))
        )
    })
}

/// `uid 5f1c0b2e3d4a…`: the start of the uid digest of `user@db` (what the kill compares).
fn digest(name: &str) -> String {
    let (user, db) = UserName::split_display(name).unwrap_or((name, ""));
    format!("uid {}…", &Uid::of_user(user, db).to_hex()[..12])
}

/// `e3b0c44298fc…`: the start of the no-auth uid (the digest of the empty string).
fn no_auth_digest() -> String {
    format!("{}…", &Uid::no_auth().to_hex()[..12])
}

/// `a`, `a and b`, `a, b and c`; past five names, `a, b, c, d, e and 3 more`.
fn names<'a>(list: impl Iterator<Item = &'a str>) -> String {
    let list: Vec<&str> = list.collect();
    match list.as_slice() {
        [] => String::new(),
        [only] => (*only).to_owned(),
        [first @ .., final_name] if list.len() <= 5 => {
            format!("{} and {final_name}", first.join(", "))
        }
        _ => format!("{} and {} more", list[..5].join(", "), list.len() - 5),
    }
}

/// mongosh's methods that learners type and Session Lab does not implement (indexes, statistics,
/// views, change streams): one text, like the operators above.
const METHODS_NOT_HERE: &str = "exists serverBuildInfo createIndex createIndexes getIndexes dropIndex dropIndexes stats explain renameCollection watch hostInfo createView";

/// The hint for mongosh's globals that have nothing to act on here: `exit`, `quit()` and `cls`
/// (a terminal's), `rs` and `sh` (a replica set's and a sharded cluster's administration); and
/// for `client`, the `MongoClient` of the drivers' examples, which mongosh calls `db.getMongo()`.
pub(super) fn mongosh_global(name: &str) -> Option<String> {
    match name {
        "exit" | "quit" | "cls" => Some(format!("{name} is mongosh's, for a terminal: Session Lab's shell is this page, with nothing to leave or clear (lab.reset() or Reset starts a fresh deployment)")),
        "rs" | "sh" => {
            let what = if name == "rs" { "a replica set" } else { "a sharded cluster" };
            Some(format!("{name} is mongosh's helper for administering {what}, which Session Lab leaves out: it simulates the sessions and transactions of one replica set member (db.hello() describes it)"))
        }
        "client" => Some("client is the MongoClient of a driver's examples; mongosh's is db.getMongo(): db.getMongo().startSession() starts a session, and a collection of session.getDatabase(\"shop\") runs in it".to_owned()),
        _ => None,
    }
}

/// JavaScript's built-in objects and functions (and mongosh's `EJSON`), which the shell leaves
/// out; a name among them is not a misspelling of one the shell has.
const JAVASCRIPT_BUILTINS: &str = "Object JSON EJSON Math Array String Boolean Symbol Map Set Promise RegExp parseInt parseFloat isNaN require process";

/// The hint for a JavaScript built-in the shell does not have.
pub(super) fn javascript_builtin(name: &str) -> Option<String> {
    listed(JAVASCRIPT_BUILTINS, name).then(|| {
        format!("{name} is JavaScript's, and Session Lab's shell runs a subset of mongosh: commands, helpers, variables, literals, functions and try/catch, without JavaScript's built-in objects; print() and printjson() show values")
    })
}

/// The hint for a mongosh method that Session Lab does not implement.
pub(super) fn method_not_here(name: &str) -> Option<String> {
    if name.ends_with("ClusterTime") || name.ends_with("OperationTime") {
        return Some(format!("{name} is a session method for causal consistency, which Session Lab leaves out: its one-member deployment's replies carry no $clusterTime or operationTime, so a session has none to get or advance"));
    }
    listed(METHODS_NOT_HERE, name).then(|| {
        format!("{name} is a mongosh method that Session Lab does not implement: it simulates sessions, transactions and the commands around them (db.help() and db.<collection>.help() list what it has)")
    })
}

/// The arguments of mongosh's `show` that Session Lab does not implement.
const SHOW_NOT_HERE: &str =
    "roles profile log logs startupWarnings automationNotices nonGenuineMongoDBCheck";

/// The hint for a `show` argument Session Lab refuses: mongosh's own ones are named as such, and
/// `show sessions` answered with the ways to list sessions.
pub(super) fn show_argument(what: &str) -> String {
    if what == "sessions" {
        return "mongosh has no show sessions: db.aggregate([{ $listLocalSessions: { allUsers: true } }]) lists the server's, lab.sessions() every session with its state".to_owned();
    }
    let mongosh_has_it = if listed(SHOW_NOT_HERE, what) {
        format!("show {what} is mongosh's, and Session Lab does not implement it: ")
    } else {
        String::new()
    };
    format!("{mongosh_has_it}try show dbs, show collections or show users")
}

/// Whether `word` is one of a list's space-separated words.
fn listed(list: &str, word: &str) -> bool {
    list.split(' ').any(|listed| listed == word)
}

/// The hint for `db.<name>(…)` when `name` is a server command, not a shell method.
pub(super) fn command_as_method(name: &str) -> Option<String> {
    if !crate::commands::command_names().contains(&name) {
        return None;
    }
    let argument = match name {
        "killAllSessions" | "killAllSessionsByPattern" | "killSessions" => "[]",
        "endSessions" | "refreshSessions" => "[ session.getSessionId() ]",
        _ => "1",
    };
    Some(format!(
        "{name} is a server command, not a shell method: run it with db.runCommand({{ {name}: {argument} }})"
    ))
}

/// The closest known name within a small edit distance.
pub(super) fn closest<'a>(
    name: &str,
    candidates: impl Iterator<Item = &'a str>,
) -> Option<&'a str> {
    let lower = name.to_ascii_lowercase();
    candidates
        .map(|c| (strsim::levenshtein(&lower, &c.to_ascii_lowercase()), c))
        .filter(|(d, c)| *d <= 2.max(name.len() / 4) && *c != name)
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c)
}
