//! The page's state and effect hooks. Yew compiles a hook's machinery once for every type it is
//! used with: `use_state` once per state type (the dispatch, the handle's `Deref`, the
//! reducer), `use_effect_with` once per call site (run the effect when the dependencies changed,
//! keep and call its teardown), each several hundred bytes of WebAssembly. [`use_kept`] and
//! [`use_effect_on`] are typed where they are called and hand Yew one type each, the value or
//! the dependencies boxed, so the first load carries that machinery once (measured: the effects
//! −2,037 B of gzip, the states −886 B). Each costs a box per render and a downcast per read.

use std::any::Any;
use std::marker::PhantomData;
use std::ops::Deref;
use std::rc::Rc;
use yew::functional::TearDown;
use yew::prelude::*;

/// A value of any type, as Yew keeps it.
#[derive(Clone)]
struct AnyValue(Rc<dyn Any>);

/// A value kept between renders, like Yew's `use_state` handle: reading it gives the value of
/// the render, `set` replaces it and renders the component again.
pub struct Kept<T> {
    handle: UseStateHandle<AnyValue>,
    kind: PhantomData<T>,
}

impl<T> Clone for Kept<T> {
    fn clone(&self) -> Self {
        Self {
            handle: self.handle.clone(),
            kind: PhantomData,
        }
    }
}

impl<T: 'static> Kept<T> {
    /// Replaces the value and renders the component again.
    pub fn set(&self, value: T) {
        self.handle.set(AnyValue(Rc::new(value)));
    }
}

impl<T: 'static> Deref for Kept<T> {
    type Target = T;

    fn deref(&self) -> &T {
        match self.handle.0.downcast_ref::<T>() {
            Some(value) => value,
            // `use_kept` stores only `T`s in this handle.
            None => unreachable!("a kept value of another type"),
        }
    }
}

/// Yew's `use_state`: the value `init` makes on the first render, kept between renders.
#[hook]
pub fn use_kept<T: 'static, F: FnOnce() -> T>(init: F) -> Kept<T> {
    Kept {
        handle: use_state(move || AnyValue(Rc::new(init()))),
        kind: PhantomData,
    }
}

/// The dependencies of an effect, of any type, and how to compare two of them.
struct AnyDeps {
    value: Box<dyn Any>,
    same: fn(&dyn Any, &dyn Any) -> bool,
}

impl PartialEq for AnyDeps {
    fn eq(&self, other: &Self) -> bool {
        (self.same)(&*self.value, &*other.value)
    }
}

/// Whether two dependencies of type `T` are equal (never, when one is of another type).
fn same<T: PartialEq + 'static>(a: &dyn Any, b: &dyn Any) -> bool {
    matches!((a.downcast_ref::<T>(), b.downcast_ref::<T>()), (Some(a), Some(b)) if a == b)
}

/// What an effect leaves to run when its dependencies change or its component goes away.
type Teardown = Box<dyn FnOnce()>;

/// An effect over boxed dependencies.
type Effect = Box<dyn FnOnce(&AnyDeps) -> Teardown>;

/// Yew's `use_effect_with`, with the same arguments and behaviour: `effect` runs after a render
/// whose `deps` differ from the last run's (and after the first), and its teardown runs before
/// the next run and when the component is removed.
#[hook]
pub fn use_effect_on<T, F, D>(deps: T, effect: F)
where
    T: PartialEq + 'static,
    F: FnOnce(&T) -> D + 'static,
    D: TearDown,
{
    let effect: Effect = Box::new(move |deps: &AnyDeps| {
        let teardown = deps.value.downcast_ref::<T>().map(effect);
        Box::new(move || {
            if let Some(teardown) = teardown {
                teardown.tear_down();
            }
        })
    });
    use_effect_with(
        AnyDeps {
            value: Box::new(deps),
            same: same::<T>,
        },
        effect,
    );
}
