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
    js_sys::Math::random()
        .to_string()
        .chars()
        .filter(char::is_ascii_digit)
        .skip(1)
        .take(8)
        .collect()
}
