//! What runs a pipeline-style update (an array of stages as the update): the aggregation's
//! stages ([`crate::engine::pipeline`]), whose code the browser's build fetches with the
//! commands part ([`super::on_demand`] installs it here). Until it is here an update with a
//! pipeline marks the deployment and fails, and whoever ran the input runs it again once it
//! is, as with the part's commands.

use crate::engine::error::{ErrorCode, ServerError, ServerResult};
use crate::engine::pipeline::Pipeline;
use crate::engine::Deployment;
use crate::first_use::Slot;
use bson::{Bson, Document};

/// What runs a pipeline-style update.
pub(crate) struct UpdatePipelines {
    /// Reads the stages as `PipelineExecutor` does: each parsed, then each allowed in an update.
    pub check: fn(&[Bson]) -> ServerResult<()>,
    /// Runs the stages on a document.
    pub apply: fn(&[Bson], &Document) -> ServerResult<Document>,
}

/// The code that runs them.
pub(crate) const PIPELINES: UpdatePipelines = UpdatePipelines {
    check: |stages| Pipeline::parse_for_update(stages).map(drop),
    apply: |stages, doc| Pipeline::parse_for_update(stages)?.update_one(doc),
};

thread_local! {
    static INSTALLED: Slot<UpdatePipelines> = const { Slot::new(&PIPELINES) };
}

/// Makes the code available, or (`None`) takes it away again.
pub(crate) fn install(code: Option<&'static UpdatePipelines>) {
    INSTALLED.with(|slot| slot.set(code));
}

/// The code, or a mark on the deployment that it is still to fetch.
///
/// # Errors
/// `InternalError` while the code is still to fetch.
pub(crate) fn installed(dep: &mut Deployment) -> ServerResult<&'static UpdatePipelines> {
    INSTALLED.with(Slot::get).ok_or_else(|| {
        dep.missed_code = true;
        ServerError::new(
            ErrorCode::InternalError,
            "the code of pipeline-style updates is still loading: run it again in a moment",
        )
    })
}
