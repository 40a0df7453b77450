//! Shared by the office tests.

use jixiao_core::Document;

/// `b` is `a` read back (apart from its source name); otherwise the first JSON lines that differ.
pub fn same(a: &Document, b: &Document) -> Result<(), String> {
    let mut b = b.clone();
    b.source = a.source.clone();
    if *a == b {
        return Ok(());
    }
    let (ja, jb) = (a.to_json_pretty(), b.to_json_pretty());
    let line = ja.lines().zip(jb.lines()).position(|(x, y)| x != y).unwrap_or(0);
    let show = |j: &str| j.lines().skip(line.saturating_sub(3)).take(7).collect::<Vec<_>>().join("\n");
    Err(format!("differs at JSON line {line}:\n--- written\n{}\n--- read back\n{}", show(&ja), show(&jb)))
}


/// As [`same`], but blind to spaces inside texts: where a printed line wraps at a
/// space, the page cannot tell it from a wrap between two characters (CJK text
/// wraps anywhere), so a reading from a PDF someone else laid out may gain or
/// lose a space at each wrap.
#[allow(dead_code)]
pub fn same_but_spaces(a: &Document, b: &Document) -> Result<(), String> {
    fn strip(v: &mut serde_json::Value) {
        match v {
            serde_json::Value::String(s) => s.retain(|c| c != ' '),
            serde_json::Value::Array(xs) => xs.iter_mut().for_each(strip),
            serde_json::Value::Object(m) => m.values_mut().for_each(strip),
            _ => {}
        }
    }
    let mut b = b.clone();
    b.source = a.source.clone();
    let (mut ja, mut jb): (serde_json::Value, serde_json::Value) =
        (serde_json::from_str(&a.to_json_pretty()).unwrap(), serde_json::from_str(&b.to_json_pretty()).unwrap());
    strip(&mut ja);
    strip(&mut jb);
    if ja == jb {
        return Ok(());
    }
    let (ja, jb) = (serde_json::to_string_pretty(&ja).unwrap(), serde_json::to_string_pretty(&jb).unwrap());
    let line = ja.lines().zip(jb.lines()).position(|(x, y)| x != y).unwrap_or(0);
    let show = |j: &str| j.lines().skip(line.saturating_sub(3)).take(7).collect::<Vec<_>>().join("\n");
    Err(format!("differs (spaces aside) at JSON line {line}:\n--- written\n{}\n--- read back\n{}", show(&ja), show(&jb)))
}
