//! The page's state for Yew: [`crate::lab_state`] holds the state and its reducer (tested
//! natively); this module only makes it a Yew `Reducible`. Storage and other effects live in
//! hooks, never in the reducer.

pub use crate::lab_state::{Action, LabState, Notice, ReplayJob, Waiting, SLICE_STEPS, SLICE_WORK};
use std::rc::Rc;
use yew::prelude::*;

impl Reducible for LabState {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        Rc::new(self.apply(action))
    }
}
