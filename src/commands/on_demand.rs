//! The commands whose code is fetched when first run (issue 15: "load it when it is used"):
//! `aggregate` (with `$listSessions`, `$listLocalSessions` and the pipeline's stages, which
//! pipeline-style updates run too), the catalog
//! commands, `distinct`, `findAndModify`, managing users and roles after creating them
//! (`dropUser`, `createRole`, `grantRolesToUser`, `revokeRolesFromUser`, `usersInfo`),
//! listing and killing operations (`currentOp`, `killOp`), `serverStatus`, and `getParameter`
//! and `setParameter`, with what reads and evaluates aggregation expressions (which a `find`
//! projection that computes a field needs too). Most visitors run none of them (no built-in scenario but "Without
//! killAnySession", which lists its sessions), and their code is about 80 KB of WebAssembly
//! (35 KB of gzip).
//!
//! Natively, and in any build without the `split` feature, their tables are here from the
//! start. In the browser's build they are a part of their own, with the shell's methods that send
//! them (`crate::shell::on_demand`, whose code holds [`CODE`]; `crate::ui::commands_part` names it
//! only from its split point), [`install`]ed once fetched. Until then a command of
//! theirs marks the deployment ([`crate::engine::Deployment::missed_code`]) and fails; whoever
//! ran the input discards what it did, fetches the part and runs the input again from the same
//! state (`Playground::try_run`, the replay's wait), so the transcript is the one it would have
//! been with the code there from the start.

use super::pipeline_updates::{self, UpdatePipelines};
use super::{
    aggregate, catalog, distinct, find_and_modify, ops, parameters, server_status, users,
    CommandSpec,
};
use crate::engine::expression::{self, Expressions};
use crate::first_use::Slot;

/// Their tables, family by family.
pub(crate) const TABLES: &[&[CommandSpec]] = &[
    aggregate::COMMANDS,
    catalog::COMMANDS,
    distinct::COMMANDS,
    find_and_modify::COMMANDS,
    users::ADMIN_COMMANDS,
    ops::OPERATION_COMMANDS,
    server_status::COMMANDS,
    parameters::COMMANDS,
];

/// Their wire names, known before their code is here (autocompletion, hints, and telling a
/// command still to fetch from one that does not exist). A test checks them against [`TABLES`].
pub const NAMES: [&str; 18] = [
    "aggregate",
    "create",
    "drop",
    "dropDatabase",
    "listDatabases",
    "listCollections",
    "distinct",
    "findAndModify",
    "dropUser",
    "createRole",
    "grantRolesToUser",
    "revokeRolesFromUser",
    "usersInfo",
    "currentOp",
    "killOp",
    "serverStatus",
    "getParameter",
    "setParameter",
];

/// Their tables, as installed.
pub(crate) type Tables = &'static [&'static [CommandSpec]];

/// The code fetched on first use: the commands' tables, what runs a pipeline-style update, and
/// what reads and evaluates expressions.
pub(crate) struct Code {
    /// The commands, family by family.
    pub tables: Tables,
    /// Pipeline-style updates (their stages are this code's).
    pub update_pipelines: &'static UpdatePipelines,
    /// What reads and evaluates expressions (`find`'s computed projections use it too).
    pub expressions: &'static Expressions,
}

/// The code, as the part hands it over.
pub(crate) const CODE: Code = Code {
    tables: TABLES,
    update_pipelines: &pipeline_updates::PIPELINES,
    expressions: &expression::EXPRESSIONS,
};

thread_local! {
    static INSTALLED: Slot<Code> = const { Slot::new(&CODE) };
}

/// Makes their code available (the part's, once fetched: `crate::shell::on_demand::install`),
/// pipeline-style updates' too.
pub(crate) fn install(code: &'static Code) {
    INSTALLED.with(|slot| slot.set(Some(code)));
    pipeline_updates::install(Some(code.update_pipelines));
    expression::install(Some(code.expressions));
}

/// Takes their code away again: what a page that has not fetched the part yet runs with
/// (`crate::shell::on_demand::withdraw`, for the tests of the wait; a page never calls it).
#[cfg(not(feature = "split"))]
pub(crate) fn withdraw() {
    INSTALLED.with(|slot| slot.set(None));
    pipeline_updates::install(None);
    expression::install(None);
}

/// Their tables, when installed.
pub(crate) fn installed() -> impl Iterator<Item = &'static CommandSpec> {
    INSTALLED
        .with(Slot::get)
        .into_iter()
        .flat_map(|code| code.tables)
        .copied()
        .flatten()
}

#[cfg(test)]
mod tests {
    use super::{NAMES, TABLES};

    #[test]
    fn the_names_known_before_the_code_are_its_commands() {
        let names: Vec<_> = TABLES.iter().copied().flatten().map(|c| c.name).collect();
        assert_eq!(names, NAMES);
    }
}
