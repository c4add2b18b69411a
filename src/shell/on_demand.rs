//! The shell's code fetched on first use (issue 15: "load it when it is used"), with the
//! commands few visitors run ([`crate::commands::on_demand`]), in the same part
//! (`split_commands.wasm`): the methods that send those commands (`db.<coll>.distinct`, the
//! `findOneAnd…` methods and `findAndModify`, `countDocuments`, `aggregate`, `drop`,
//! `db.aggregate`, `db.currentOp`, `db.killOp`, `db.serverStatus`, the catalog's, users' and
//! roles' methods, `show …`), which need their command's code anyway, and what few inputs reach:
//! `bulkWrite`, `estimatedDocumentCount`, the deprecated `insert`, `update`, `remove` and
//! `count`, `db.isMaster`, the cursor's `count`, `size`, `isExhausted`, `close` and
//! `noCursorTimeout`, `session.withTransaction`, the constructors `NumberDecimal`/`Decimal128`,
//! `BinData` and `Binary.createFrom…`, and `connect`. (`find`'s projection and options stay: its
//! arguments run the cursor's `sort`, `skip` and `projection`.) A documentation block's
//! `//! expect` line may be written with those constructors: the embed that checks it reads it
//! again once the part is here (`crate::ui::expectations`).
//!
//! Natively, and in any build without the `split` feature, it is here from the start. In the
//! browser's build `crate::ui::commands_part` names [`CODE`] only from its split point and
//! [`install`]s it once fetched. Until then a call of one of them marks the deployment
//! ([`crate::engine::Deployment::missed_code`]) and fails, as a command of the part does; whoever
//! ran the input discards what it did, fetches the part and runs the input again from the same
//! state, so the transcript is the one it would have been with the code there from the start.

use super::args::type_error;
use super::client::Flow;
use super::diagnostics::Span;
use super::method_names::{CollectionMethod, CursorMethod, DbMethod};
use super::value::{DbRef, Value};
use super::Shell;
use crate::commands::on_demand as commands;
use crate::first_use::Slot;

/// A `db.<coll>` method of the part: the shell, the database, the collection's name, the
/// method and its arguments.
pub(super) type CollectionMethodCode =
    fn(&mut Shell, &DbRef, &str, CollectionMethod, &[Value], &Span) -> Result<Value, Flow>;

/// A `db` method of the part.
pub(super) type DbMethodCode =
    fn(&mut Shell, &DbRef, DbMethod, &[Value], &Span) -> Result<Value, Flow>;

/// A cursor's method of the part (none takes arguments): the shell, the cursor's index and the
/// method.
pub(super) type CursorMethodCode =
    fn(&mut Shell, usize, CursorMethod, &Span) -> Result<Value, Flow>;

/// `session.withTransaction(…)`: the shell, the session's index and the arguments.
pub(super) type WithTransactionCode = fn(&mut Shell, usize, &[Value], &Span) -> Result<Value, Flow>;

/// A global function of the part, by name, with its arguments.
pub(super) type GlobalCode = fn(&mut Shell, &str, &[Value], &Span) -> Result<Value, Flow>;

/// `show …`, with what follows `show`.
pub(super) type ShowCode = fn(&mut Shell, &str, &Span) -> Result<Value, Flow>;

/// The code fetched on first use: the commands' and the shell's.
pub(crate) struct Code {
    /// The commands' tables, pipeline-style updates and expressions.
    pub commands: &'static commands::Code,
    /// The `db.<coll>` methods of the part.
    pub(super) collection_method: CollectionMethodCode,
    /// The `db` methods of the part.
    pub(super) db_method: DbMethodCode,
    /// The cursor methods of the part.
    pub(super) cursor_method: CursorMethodCode,
    /// `session.withTransaction(…)`.
    pub(super) with_transaction: WithTransactionCode,
    /// The global functions of the part, and `Binary`'s methods (named `Binary.<method>`).
    pub(super) global: GlobalCode,
    /// `show …`.
    pub(super) show: ShowCode,
}

/// The code, as the part hands it over.
pub(crate) const CODE: Code = Code {
    commands: &commands::CODE,
    collection_method: Shell::collection_method_on_demand,
    db_method: Shell::db_method_on_demand,
    cursor_method: Shell::cursor_method_on_demand,
    with_transaction: Shell::with_transaction,
    global: Shell::global_on_demand,
    show: Shell::show_command,
};

thread_local! {
    static INSTALLED: Slot<Code> = const { Slot::new(&CODE) };
}

/// Makes the part's code available, the commands' too.
pub(crate) fn install(code: &'static Code) {
    INSTALLED.with(|slot| slot.set(Some(code)));
    commands::install(code.commands);
}

/// Installs the code compiled in: in a build without the `split` feature it is there from the
/// start, and this puts it back after [`withdraw`].
#[cfg(not(feature = "split"))]
pub fn install_compiled_in() {
    install(&CODE);
}

/// Takes the part's code away again, the commands' too: what a page that has not fetched the
/// part yet runs with (for the tests of the wait; a page never calls it).
#[cfg(not(feature = "split"))]
pub fn withdraw() {
    INSTALLED.with(|slot| slot.set(None));
    commands::withdraw();
}

/// Whether the part's code is here.
pub fn is_installed() -> bool {
    INSTALLED.with(Slot::get).is_some()
}

impl Shell {
    /// The part's code, to run `what` (written only when it is missing); when it is still to
    /// fetch, a failure that marks the deployment, so that whoever runs the input runs it again
    /// once the part is here.
    pub(super) fn code_on_demand(
        &mut self,
        what: std::fmt::Arguments<'_>,
        span: &Span,
    ) -> Result<&'static Code, Flow> {
        INSTALLED.with(Slot::get).ok_or_else(|| {
            self.deployment.missed_code = true;
            type_error(
                format!("the code of {what} is still loading: run it again in a moment"),
                span,
            )
        })
    }
}
