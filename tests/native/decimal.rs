//! Decimal text is read as JavaScript's `Number()` reads it, and to the same number as Rust's
//! parser (the browser build converts with the browser's `parseFloat`); numbers are written as
//! JavaScript's `String(n)` and Rust's `{}` write them (the browser build takes the digits from
//! the browser's `Number#toString`: `tests/web.rs` checks that side against Rust's formatter).

use proptest::prelude::*;
use sessionlab::decimal::parse_decimal;

#[test]
fn javascript_decimal_literals_are_read_and_nothing_else() {
    for (text, expected) in [
        ("0", 0.0),
        ("42", 42.0),
        ("-1.5", -1.5),
        ("+2", 2.0),
        (".5", 0.5),
        ("5.", 5.0),
        ("1e300", 1e300),
        ("2.5E-3", 0.0025),
        ("1e+2", 100.0),
        ("Infinity", f64::INFINITY),
        ("-Infinity", f64::NEG_INFINITY),
        ("9007199254740993", 9_007_199_254_740_992.0),
    ] {
        assert_eq!(parse_decimal(text), Some(expected), "{text}");
    }
    assert!(parse_decimal("NaN").is_some_and(f64::is_nan));
    for text in [
        "", ".", "-", "e5", "1e", "1e+", "1.2.3", "inf", "infinity", "nan", "0x10", "12abc", " 1",
        "1 ",
    ] {
        assert_eq!(parse_decimal(text), None, "{text:?}");
    }
}

proptest! {
    #[test]
    fn decimals_read_as_rusts_parser_reads_them(
        whole in "[0-9]{0,25}",
        fraction in proptest::option::of("[0-9]{0,25}"),
        exponent in proptest::option::of(-400i32..400),
        negative in any::<bool>(),
    ) {
        let mut text = format!("{}{whole}", if negative { "-" } else { "" });
        if let Some(fraction) = &fraction {
            text.push('.');
            text.push_str(fraction);
        }
        if let Some(exponent) = exponent {
            text = format!("{text}e{exponent}");
        }
        let rust: Option<f64> = text.parse().ok();
        let ours = parse_decimal(&text);
        if whole.is_empty() && fraction.as_deref().is_none_or(str::is_empty) {
            prop_assert_eq!(ours, None);
        } else {
            prop_assert_eq!(ours.map(f64::to_bits), rust.map(f64::to_bits), "{}", text);
        }
    }
}

#[test]
fn numbers_are_written_as_javascript_writes_them() {
    use sessionlab::decimal::javascript_text;
    for (n, javascript) in [
        (0.0, "0"),
        (-0.0, "0"),
        (1.0, "1"),
        (-42.5, "-42.5"),
        (123.456, "123.456"),
        (0.1 + 0.2, "0.30000000000000004"),
        (1e21, "1e+21"),
        (1e20, "100000000000000000000"),
        (123_456_789_012_345_680_000.0, "123456789012345680000"),
        (1.5e-7, "1.5e-7"),
        (0.000_001, "0.000001"),
        (1e300, "1e+300"),
        (-2.5e-300, "-2.5e-300"),
        (f64::MAX, "1.7976931348623157e+308"),
        (5e-324, "5e-324"),
        (f64::NAN, "NaN"),
        (f64::INFINITY, "Infinity"),
        (f64::NEG_INFINITY, "-Infinity"),
        // Exactly halfway between two shortest texts: JavaScript takes the even digit (Node
        // prints these; Rust's own `{}` rounds the first and third up, to …562.3 and …937.3).
        (1_658_206_780_088_562.0 + 0.25, "1658206780088562.2"),
        (1_658_206_780_088_562.0 + 0.75, "1658206780088562.8"),
        (-662_936_471_232_937.0 - 0.25, "-662936471232937.2"),
    ] {
        assert_eq!(javascript_text(n), javascript, "{n:e}");
    }
}

proptest! {
    #[test]
    fn javascript_text_reads_back_to_the_same_number(bits in any::<u64>()) {
        let n = f64::from_bits(bits);
        // Negative zero is written `0`, as JavaScript writes it (the unit test above).
        prop_assume!(n.is_finite() && n.to_bits() != (-0.0f64).to_bits());
        let text = sessionlab::decimal::javascript_text(n);
        let back = parse_decimal(&text).unwrap();
        prop_assert_eq!(back.to_bits(), n.to_bits(), "{} -> {} -> {}", n, text, back);
    }
}

/// C's `%.16g` and `%g` (the server's texts of a double in a document and in an aggregation
/// value), as C's `printf` writes them (the table's texts are Python's `'%.16g' % n`, which calls
/// it): exactly rounded digits (`9.3` is `9.300000000000001` at 16), an exponent of two digits
/// at least past the precision or below -4, no trailing zeros.
#[test]
fn c_general_text_is_printfs() {
    use sessionlab::decimal::c_general_text;
    for (n, sixteen, six) in [
        (0.0, "0", "0"),
        (-0.0, "-0", "-0"),
        (1.0, "1", "1"),
        (9.3, "9.300000000000001", "9.3"),
        (0.1 + 0.2, "0.3", "0.3"),
        (1e20, "1e+20", "1e+20"),
        (1e16, "1e+16", "1e+16"),
        (1e15, "1000000000000000", "1e+15"),
        (123_456_789.123, "123456789.123", "1.23457e+08"),
        (1.5e-7, "1.5e-07", "1.5e-07"),
        (1e-4, "0.0001", "0.0001"),
        (1e-5, "1e-05", "1e-05"),
        (-123.456, "-123.456", "-123.456"),
        (5e-324, "4.940656458412465e-324", "4.94066e-324"),
        (f64::MAX, "1.797693134862316e+308", "1.79769e+308"),
        (
            1_658_206_780_088_562.0 + 0.25,
            "1658206780088562",
            "1.65821e+15",
        ),
        (4_503_599_627_370_495.5, "4503599627370496", "4.5036e+15"),
        (f64::NAN, "nan", "nan"),
        (f64::INFINITY, "inf", "inf"),
        (f64::NEG_INFINITY, "-inf", "-inf"),
    ] {
        assert_eq!(c_general_text(n, 16), sixteen, "{n:e} at 16");
        assert_eq!(c_general_text(n, 6), six, "{n:e} at 6");
    }
}
