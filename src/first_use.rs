//! Where code the browser's build fetches on first use is kept once installed (issue 15: "load
//! it when it is used"): the commands few visitors run (`commands::on_demand`), what runs a
//! pipeline-style update (`commands::pipeline_updates`), what reads and evaluates aggregation
//! expressions (`engine::expression`) and the shell's rarer methods (`shell::on_demand`), each a
//! table of functions that the commands part hands over.
//!
//! Natively, and in any build without the `split` feature, a table is here from the start. In
//! the browser's build it is named only from its part's split point, and is here once that part
//! has been fetched and installed. The size floors' build (`--cfg sessionlab_floor`,
//! scripts/size-floor.sh) starts without the tables, as the browser's first load does, so that
//! their code is left out.

use std::cell::Cell;

/// A table of code fetched on first use, once installed; kept in a `thread_local!`.
pub(crate) struct Slot<T: 'static>(Cell<Option<&'static T>>);

impl<T> Slot<T> {
    /// The slot for `compiled_in`: holding it from the start, but in the browser's build (and
    /// the size floors').
    pub(crate) const fn new(compiled_in: &'static T) -> Self {
        Self(Cell::new(
            if cfg!(any(feature = "split", sessionlab_floor)) {
                None
            } else {
                Some(compiled_in)
            },
        ))
    }

    /// The table, if installed.
    pub(crate) fn get(&self) -> Option<&'static T> {
        self.0.get()
    }

    /// Installs the table, or (`None`) takes it away again.
    pub(crate) fn set(&self, code: Option<&'static T>) {
        self.0.set(code);
    }
}
