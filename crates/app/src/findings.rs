//! Adapts the review engine's findings to what the store keeps: the place as
//! JSON, and the position of the indicator a finding concerns in document order.

use jixiao_core::review::{self, RuleConfig};
use jixiao_core::Document;
use jixiao_store::NewFinding;

/// Reviews a document with the default policy.
pub fn review(doc: &Document) -> Vec<NewFinding> {
    review::review(doc, &RuleConfig::default())
        .into_iter()
        .map(|f| NewFinding {
            indicator: f.place.document_index(),
            place: serde_json::to_value(&f.place).unwrap_or(serde_json::Value::Null),
            rule: f.rule,
            family: f.family.id().to_string(),
            severity: f.severity.as_str().to_string(),
            message: f.message,
        })
        .collect()
}

/// A place (as the review engine writes it, JSON) in words.
pub fn place_text(place: &serde_json::Value) -> String {
    let Some(map) = place.as_object() else { return "整表".into() };
    let mut parts = Vec::new();
    let get = |k: &str| map.get(k).filter(|v| !v.is_null());
    if let Some(u) = get("unit").and_then(|v| v.as_str()) {
        parts.push(format!("单位「{u}」"));
    }
    if let Some(p) = get("project").and_then(|v| v.as_str()) {
        parts.push(format!("项目「{p}」"));
    }
    if let Some(h) = get("plan").or_else(|| get("horizon")).and_then(|v| v.as_str()) {
        parts.push(if h == "multi_year" { "三年期".into() } else { "本年度".into() });
    }
    if let Some(t) = get("task").and_then(|v| v.as_str()) {
        parts.push(format!("任务「{t}」"));
    }
    // The number tells two indicators of one name apart: the printed one, else
    // the position in its list.
    let name = get("indicator_name").or_else(|| get("name")).and_then(|v| v.as_str());
    let number = match (get("seq").and_then(|v| v.as_i64()), get("indicator").and_then(|v| v.as_u64())) {
        (Some(s), _) => Some(format!("第{s}条指标")),
        (None, Some(i)) => Some(format!("第{i}项指标")),
        _ => None,
    };
    match (number, name) {
        (Some(n), Some(name)) => parts.push(format!("{n}「{name}」")),
        (Some(n), None) => parts.push(n),
        (None, Some(name)) => parts.push(format!("指标「{name}」")),
        (None, None) => {}
    }
    if let Some(f) = get("field").and_then(|v| v.as_str()) {
        // A field without a Chinese name is left out rather than shown in English.
        let zh = jixiao_core::review::field_zh(f);
        if zh != f {
            parts.push(zh.to_string());
        }
    }
    if parts.is_empty() {
        "整表".into()
    } else {
        parts.join(" · ")
    }
}

#[cfg(test)]
mod tests {
    use super::place_text;
    use serde_json::json;

    #[test]
    fn places_read_in_chinese_and_tell_indicators_apart() {
        let p = json!({"project": "甲", "indicator": 3, "indicator_name": "培训人次", "field": "content"});
        assert_eq!(place_text(&p), "项目「甲」 · 第3项指标「培训人次」 · 主要实施内容");
        let p = json!({"task": "乙", "seq": 2, "indicator": 5, "indicator_name": "培训人次"});
        assert_eq!(place_text(&p), "任务「乙」 · 第2条指标「培训人次」");
        assert_eq!(place_text(&json!({"field": "no_such_field"})), "整表");
        assert_eq!(place_text(&json!(null)), "整表");
    }
}
