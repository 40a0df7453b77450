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
    if let Some(s) = get("seq").and_then(|v| v.as_i64()) {
        parts.push(format!("第{s}条指标"));
    } else if let Some(i) = get("indicator_name").or_else(|| get("name")).and_then(|v| v.as_str()) {
        parts.push(format!("指标「{i}」"));
    }
    if let Some(f) = get("field").and_then(|v| v.as_str()) {
        parts.push(field_zh(f).to_string());
    }
    if parts.is_empty() {
        "整表".into()
    } else {
        parts.join(" · ")
    }
}

/// The Chinese name of a field of the model.
pub fn field_zh(f: &str) -> &str {
    match f {
        "annual_value" => "年度指标值",
        "period_value" => "实施周期指标值",
        "name" => "三级指标",
        "level1" | "level1_code" => "一级指标",
        "level2" | "level2_code" => "二级指标",
        "goal" => "绩效目标",
        "amounts" | "total" => "金额",
        "seq" => "序号",
        "indicators" => "绩效指标",
        "figures" => "预算数",
        "tasks" => "工作任务",
        other => other,
    }
}

