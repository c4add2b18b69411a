//! The runner's JSON records (`sessionlab::shell::json`): values are written exactly as bson's
//! own relaxed Extended JSON, for any value; the JavaScript form keeps 64-bit integers beyond
//! ±2^53 exact; records keep the runner's field order.

use bson::spec::BinarySubtype;
use bson::{Binary, Bson, DateTime, Document, JavaScriptCodeWithScope, Regex, Timestamp};
use proptest::prelude::*;
use sessionlab::shell::json::{Numbers, Relaxed};

fn leaf() -> impl Strategy<Value = Bson> {
    prop_oneof![
        any::<f64>().prop_map(Bson::Double),
        Just(Bson::Double(f64::NAN)),
        Just(Bson::Double(-f64::INFINITY)),
        ".{0,8}".prop_map(Bson::String),
        any::<bool>().prop_map(Bson::Boolean),
        Just(Bson::Null),
        any::<i32>().prop_map(Bson::Int32),
        any::<i64>().prop_map(Bson::Int64),
        any::<i64>().prop_map(|ms| Bson::DateTime(DateTime::from_millis(ms))),
        (0i64..300_000_000_000_000).prop_map(|ms| Bson::DateTime(DateTime::from_millis(ms))),
        any::<[u8; 12]>().prop_map(|b| Bson::ObjectId(bson::oid::ObjectId::from_bytes(b))),
        (
            prop::collection::vec(any::<u8>(), 0..20),
            prop_oneof![
                Just(BinarySubtype::Generic),
                Just(BinarySubtype::Uuid),
                Just(BinarySubtype::UserDefined(0x80))
            ]
        )
            .prop_map(|(bytes, subtype)| Bson::Binary(Binary { subtype, bytes })),
        (any::<u32>(), any::<u32>())
            .prop_map(|(time, increment)| Bson::Timestamp(Timestamp { time, increment })),
        ("[a-z]{0,4}", "[imsx]{0,3}").prop_map(|(p, o)| Bson::RegularExpression(Regex {
            pattern: bson::raw::CString::try_from(p).unwrap(),
            options: bson::raw::CString::try_from(o).unwrap()
        })),
        "[a-z ]{0,8}".prop_map(Bson::JavaScriptCode),
        "[a-z]{0,4}".prop_map(Bson::Symbol),
        any::<[u8; 16]>().prop_map(|b| Bson::Decimal128(bson::Decimal128::from_bytes(b))),
        Just(Bson::MinKey),
        Just(Bson::MaxKey),
        Just(Bson::Undefined),
    ]
}

pub(crate) fn value() -> impl Strategy<Value = Bson> {
    leaf().prop_recursive(3, 24, 4, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Bson::Array),
            prop::collection::vec(("[a-z$]{1,4}", inner.clone()), 0..4)
                .prop_map(|entries| Bson::Document(entries.into_iter().collect::<Document>())),
            (
                "[a-z]{0,4}",
                prop::collection::vec(("[a-z]{1,3}", inner), 0..2)
            )
                .prop_map(|(code, scope)| {
                    Bson::JavaScriptCodeWithScope(JavaScriptCodeWithScope {
                        code,
                        scope: scope.into_iter().collect(),
                    })
                }),
        ]
    })
}

fn relaxed(value: &Bson, numbers: Numbers) -> serde_json::Value {
    serde_json::to_value(Relaxed { value, numbers }).unwrap()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2000, ..ProptestConfig::default() })]

    #[test]
    fn values_are_written_as_bsons_own_relaxed_extended_json(value in value()) {
        // Compared as text: NaN-free JSON, and equal text means equal JSON.
        prop_assert_eq!(relaxed(&value, Numbers::Relaxed).to_string(), value.clone().into_relaxed_extjson().to_string());
    }
}

#[test]
fn javascript_numbers_keep_large_longs_exact() {
    let value = bson::bson!({ "small": 9_007_199_254_740_991_i64, "cursor": 8_348_102_773_046_304_443_i64, "neg": -9_007_199_254_740_992_i64 });
    assert_eq!(
        relaxed(&value, Numbers::Safe).to_string(),
        r#"{"small":9007199254740991,"cursor":{"$numberLong":"8348102773046304443"},"neg":{"$numberLong":"-9007199254740992"}}"#
    );
}

#[test]
fn records_keep_the_runners_field_order() {
    let mut shell = sessionlab::shell::Shell::default();
    let records = shell.execute(
        1,
        "print(1); db.runCommand({ killAllSessions: 1 })\ndb.runCommand({ killAllSessions: [] })",
    );
    let lines: Vec<String> = records.iter().map(|r| r.json().to_string()).collect();
    assert_eq!(
        lines[0],
        r#"{"console":1,"source":"print(1)","line":1,"printed":["1"]}"#
    );
    assert_eq!(
        lines[1],
        r#"{"console":1,"source":"db.runCommand({ killAllSessions: 1 })","line":1,"error":{"name":"MongoServerError","code":14,"codeName":"TypeMismatch","errmsg":"BSON field 'KillAllSessionsCmd.killAllSessions' is the wrong type 'int', expected type 'array'","errorLabels":[]}}"#
    );
    assert!(lines[2].starts_with(r#"{"console":1,"source":"db.runCommand({ killAllSessions: [] })","line":2,"result":{"ok":1.0},"verdicts":["#));
}
