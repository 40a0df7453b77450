//! The hand-checked examples of `shared/spec/tests/targets.tsv`, read at run time.
//!
//! The shared folder is `$JIXIAO_SHARED`, else `../../../shared` from this crate.
//! When it is missing the test is skipped, unless `JIXIAO_REQUIRE_FIXTURES=1`.

use jixiao_core::target::parse_target;
use serde_json::Value;

/// Compares JSON as the scorer does: numbers numerically, strings with runs of
/// whitespace as one space, absent keys as null.
fn same(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Object(x), Value::Object(y)) => {
            x.keys().chain(y.keys()).all(|k| same(x.get(k).unwrap_or(&Value::Null), y.get(k).unwrap_or(&Value::Null)))
        }
        (Value::Array(x), Value::Array(y)) => x.len() == y.len() && x.iter().zip(y).all(|(p, q)| same(p, q)),
        (Value::Number(x), Value::Number(y)) => match (x.as_f64(), y.as_f64()) {
            (Some(p), Some(q)) => (p - q).abs() < 1e-9,
            _ => false,
        },
        (Value::String(x), Value::String(y)) => {
            x.split_whitespace().collect::<Vec<_>>() == y.split_whitespace().collect::<Vec<_>>()
        }
        _ => a == b,
    }
}

#[test]
fn spec_examples_parse_as_hand_checked() {
    let Some(text) = jixiao_fixtures::text("spec/tests/targets.tsv") else { return };
    let mut wrong = Vec::new();
    let mut total = 0;
    for (n, line) in text.lines().enumerate().skip(1) {
        if line.trim().is_empty() {
            continue;
        }
        let cols: Vec<&str> = line.split('\t').collect();
        let [_, value, expected] = cols.as_slice() else {
            panic!("line {}: expected three tab-separated columns", n + 1);
        };
        let want: Value = serde_json::from_str(expected).unwrap_or_else(|e| panic!("line {}: {e}", n + 1));
        let got = serde_json::to_value(parse_target(value)).expect("a Target serialises");
        total += 1;
        if !same(&got, &want) {
            wrong.push(format!("line {}: {value}\n  want {want}\n  got  {got}", n + 1));
        }
    }
    assert!(total > 0, "no examples in spec/tests/targets.tsv");
    assert!(wrong.is_empty(), "{} of {total} wrong:\n{}", wrong.len(), wrong.join("\n"));
}
