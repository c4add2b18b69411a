//! The one place the app reads the browser's clock and random source; `clippy.toml` forbids
//! them everywhere else. Neither reaches the engine, which takes time and ids as inputs: the
//! clock stamps work kept aside (the previous-work list), and the random digits tag the element
//! ids of a playground mounted on an element without an id.
#![allow(
    clippy::disallowed_methods,
    reason = "the one place named in clippy.toml that may read the wall clock and randomness"
)]

/// The browser's wall clock, in ms since the epoch.
pub fn now_ms() -> f64 {
    js_sys::Date::now()
}

/// Eight random decimal digits.
pub fn random_digits() -> String {
    // A whole number, so no float formatter is needed (the module does without one).
    #[allow(
        clippy::cast_possible_truncation,
        clippy::cast_sign_loss,
        reason = "random() is in [0, 1): the product is in [0, 10^8)"
    )]
    let number = (js_sys::Math::random() * 100_000_000.0) as u32;
    format!("{number:08}")
}
