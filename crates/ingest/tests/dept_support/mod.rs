//! Helpers shared by the department reader tests: fixtures from the shared
//! folder, seed transformations and the oracle that derives what a transformed
//! seed must read as from the hand-checked truth.
#![allow(dead_code)]

use jixiao_core::Document;
use jixiao_ingest::text::Source;
use jixiao_ingest::ReadError;
use serde_json::Value;

#[path = "../support/mod.rs"]
mod base;
pub use base::fixture;

/// Reads a text with a reader function.
pub fn read_with(
    read: fn(&Source) -> Result<Document, ReadError>,
    name: &str,
    text: &str,
) -> Result<Document, ReadError> {
    read(&Source::new(name, text))
}

/// JSON equality with numbers compared as floats (1.0 == 1).
pub fn json_eq(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => {
            (x.as_f64().unwrap_or(f64::NAN) - y.as_f64().unwrap_or(f64::NAN)).abs() < 1e-9
        }
        (Value::Array(x), Value::Array(y)) => x.len() == y.len() && x.iter().zip(y).all(|(p, q)| json_eq(p, q)),
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len() && x.iter().all(|(k, v)| y.get(k).is_some_and(|w| json_eq(v, w)))
        }
        _ => a == b,
    }
}

/// Asserts JSON equality, printing the first differing path.
pub fn assert_json_eq(got: &Value, want: &Value) {
    fn diff(a: &Value, b: &Value, path: &str) -> Option<String> {
        match (a, b) {
            (Value::Array(x), Value::Array(y)) => {
                if x.len() != y.len() {
                    return Some(format!("{path}: {} items, expected {}", x.len(), y.len()));
                }
                x.iter().zip(y).enumerate().find_map(|(i, (p, q))| diff(p, q, &format!("{path}[{i}]")))
            }
            (Value::Object(x), Value::Object(y)) => {
                for (k, w) in y {
                    match x.get(k) {
                        None => return Some(format!("{path}.{k}: missing")),
                        Some(v) => {
                            if let Some(d) = diff(v, w, &format!("{path}.{k}")) {
                                return Some(d);
                            }
                        }
                    }
                }
                x.keys().find(|k| !y.contains_key(*k)).map(|k| format!("{path}.{k}: unexpected"))
            }
            _ => (!json_eq(a, b)).then(|| format!("{path}: got {a}, expected {b}")),
        }
    }
    if let Some(d) = diff(got, want, "$") {
        panic!("documents differ at {d}");
    }
}

/// The tab-separated cells of a line, trimmed.
pub fn cells(line: &str) -> Vec<String> {
    line.split('\t').map(|c| c.split_whitespace().collect::<Vec<_>>().join(" ")).collect()
}

/// True when a cell is a plain number as printed (`1,250.54`, `63`).
pub fn is_number(cell: &str) -> bool {
    let t = cell.replace(',', "");
    !t.is_empty() && t.parse::<f64>().is_ok() && t.chars().all(|c| c.is_ascii_digit() || c == '.')
}

/// Adds `delta` to every plain-number cell of the lines in `range`, keeping two
/// decimals where the cell had a fraction.
pub fn shift_numbers(lines: &mut [String], range: std::ops::Range<usize>, delta: f64) {
    for line in &mut lines[range] {
        let new: Vec<String> = line
            .split('\t')
            .map(|c| {
                let t = c.trim();
                if is_number(t) {
                    let v: f64 = t.replace(',', "").parse().unwrap_or(0.0) + delta;
                    if t.contains('.') {
                        format!("{v:.2}")
                    } else {
                        format!("{}", v as i64)
                    }
                } else {
                    c.to_string()
                }
            })
            .collect();
        *line = new.join("\t");
    }
}

/// Adds `delta` to the numbers at `pointer` fields of every element of an array
/// in the truth (`figures[*].value`, `plans[0].tasks[*].amount`).
pub fn shift_truth_numbers(items: &mut Value, field: &str, delta: f64) {
    if let Value::Array(a) = items {
        for it in a {
            if let Some(Value::Number(n)) = it.get(field) {
                let v = n.as_f64().unwrap_or(0.0) + delta;
                it[field] = serde_json::json!((v * 100.0).round() / 100.0);
            }
        }
    }
}

/// The oracle for reordered or removed rows: keeps the truth items whose key
/// cells (all found as whole cells of one line) occur in the transformed text,
/// in the order of those lines. Each line is matched once, so items printed
/// twice are told apart.
pub fn order_by_lines(items: &[Value], keys: &[&str], lines: &[String]) -> Vec<Value> {
    let split: Vec<Vec<String>> = lines.iter().map(|l| cells(l)).collect();
    let mut used = vec![false; lines.len()];
    let mut placed: Vec<(usize, Value)> = Vec::new();
    for it in items {
        let want: Vec<String> =
            keys.iter().filter_map(|k| it.get(*k).and_then(Value::as_str)).map(str::to_string).collect();
        let at = split.iter().enumerate().position(|(i, cs)| !used[i] && want.iter().all(|w| cs.contains(w)));
        if let Some(i) = at {
            used[i] = true;
            placed.push((i, it.clone()));
        }
    }
    placed.sort_by_key(|(i, _)| *i);
    placed.into_iter().map(|(_, v)| v).collect()
}

/// Index of the first line with a cell satisfying `pred`.
pub fn line_with(lines: &[String], pred: impl Fn(&str) -> bool) -> Option<usize> {
    lines.iter().position(|l| cells(l).iter().any(|c| pred(c)))
}
