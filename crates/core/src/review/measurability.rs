//! MEASURABILITY: a target is a number (with a comparator) or a recognised grade
//! or yes/no standard; period and annual values agree in kind.
//!
//! Values are read with the target grammar ([`crate::target`]); while a value
//! reads as text only, a local check for counted numbers stands in
//! ([`super::text::has_target_number`]), so the rules work with either.

use super::structure::name_finding;
use super::text::{fmt_amount, unit_in_name, word_set, has_grade, has_target_number, is_grade_scale, quantities, shorten, vague_word, Quantity};
use super::{rule, At, Ctx, Finding, Norm};
use crate::model::Indicator;
use crate::target::{parse_target, parse_target_columns, Target};
use std::collections::{BTreeSet, HashMap};

/// What kind of target a value is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum ValueKind {
    /// A number; the units printed with it, where the grammar reads them.
    Number(BTreeSet<String>),
    /// A grade or yes/no standard (达标, 良好以上, 无…事件).
    Grade,
    /// Neither.
    Text,
}

fn collect_units(t: &Target, numeric: &mut bool, units: &mut BTreeSet<String>) {
    match t {
        Target::Quantitative { unit, .. } | Target::Range { unit, .. } => {
            *numeric = true;
            if let Some(u) = unit {
                units.insert(u.trim().to_string());
            }
        }
        Target::All { parts } | Target::Any { parts } => parts.iter().for_each(|p| collect_units(p, numeric, units)),
        Target::Qualitative { .. } => {}
    }
}

/// The kind of a value, with the comparator and unit columns where the table has them.
pub(super) fn value_kind(value: &str, comparator: Option<&str>, unit: Option<&str>) -> ValueKind {
    let target = if comparator.is_some() || unit.is_some() { parse_target_columns(comparator, value, unit) } else { parse_target(value) };
    let mut numeric = false;
    let mut units = BTreeSet::new();
    collect_units(&target, &mut numeric, &mut units);
    if is_grade_scale(value) {
        ValueKind::Grade
    } else if numeric || has_target_number(value) {
        ValueKind::Number(units)
    } else if target.has_measure() || has_grade(value) {
        ValueKind::Grade
    } else {
        ValueKind::Text
    }
}

pub(super) fn check(ctx: &Ctx, out: &mut Vec<Finding>) {
    for scope in &ctx.scopes {
        for (i, ind) in scope.indicators.iter().enumerate() {
            let place = scope.at(i);
            if let Some(norm) = scope.norm.get(i) {
                indicator(ind, norm, &place, &ctx.names, out);
            }
        }
    }
}

fn indicator(ind: &Indicator, norm: &Norm, place: &At, names: &HashMap<String, &str>, out: &mut Vec<Finding>) {
    let own = &norm.name;
    fn get(v: &Option<String>) -> Option<&str> {
        v.as_deref().map(str::trim).filter(|v| !v.is_empty())
    }
    let annual = get(&ind.annual_value);
    let period = get(&ind.period_value);
    let cmp = ind.comparator.as_deref().filter(|s| !s.trim().is_empty());
    let unit = ind.unit.as_deref().filter(|s| !s.trim().is_empty());
    // A value that is a name is reported by STRUCTURE; measurability stays silent on it.
    let is_name = |field: &str, v: &str, nv: Option<&String>| {
        name_finding(v, nv.map(String::as_str).unwrap_or(""), own, names, place, field).is_some()
    };
    let a = annual.filter(|v| !is_name("annual_value", v, norm.annual.as_ref())).map(|v| (v, value_kind(v, cmp, unit)));
    let same = annual.is_some() && norm.period == norm.annual;
    let p = period.filter(|v| !same && !is_name("period_value", v, norm.period.as_ref())).map(|v| (v, value_kind(v, None, None)));

    let annual_ok = a.as_ref().is_some_and(|(_, k)| *k != ValueKind::Text);
    for (field, entry) in [("annual_value", &a), ("period_value", &p)] {
        let Some((v, kind)) = entry else { continue };
        if *kind != ValueKind::Text {
            continue;
        }
        // A text period value beside a measurable annual value is a mismatch of kinds.
        if field == "period_value" && annual_ok {
            continue;
        }
        let place = place.with_field(field);
        match vague_word(v) {
            Some(w) => out.push(Finding::new(
                rule::MEA_VAGUE,
                place,
                format!("指标值「{}」只说要「{w}」，没有数值也没有等级，无法衡量。请改为具体数值（如≥95%、不少于4次）或明确的等级标准。", shorten(v, 30)),
            )),
            None => out.push(Finding::new(
                rule::MEA_NOT_QUANTIFIED,
                place,
                format!("指标值「{}」既不是数值，也不是可判定的等级或标准。请细化量化；确实无法量化的，写明分级标准（如达标、良好以上）。", shorten(v, 30)),
            )),
        }
    }

    // A grade that is only "as the standard says", the standard unnamed.
    if ind.explanation.as_deref().is_none_or(|e| e.trim().is_empty()) {
        for (field, entry) in [("annual_value", &a), ("period_value", &p)] {
            if let Some((v, ValueKind::Grade)) = entry {
                if let Some((verb, word)) = unstated_standard(v) {
                    out.push(Finding::new(
                        rule::MEA_UNSTATED_STANDARD,
                        place.with_field(field),
                        format!("指标值「{}」只说要{verb}「{word}」，没有写明是哪项标准、要达到什么程度，年终无法据此判断。请写明标准的名称和具体要求（如数值或等级），或在指标解释中说明。", shorten(v, 30)),
                    ));
                }
            }
        }
    }

    numbers(ind, place, annual, period, same, annual.is_some() && a.is_none(), out);

    if let (Some((av, ak)), Some((pv, pk))) = (&a, &p) {
        let mismatch = match (ak, pk) {
            (ValueKind::Number(u1), ValueKind::Number(u2)) => !u1.is_empty() && !u2.is_empty() && u1.is_disjoint(u2),
            (ValueKind::Number(_), _) | (_, ValueKind::Number(_)) => true,
            _ => false,
        };
        if mismatch {
            out.push(Finding::new(
                rule::MEA_KIND_MISMATCH,
                place.with_field("period_value"),
                format!(
                    "实施周期指标值「{}」与年度指标值「{}」不是同一类目标（数值与文字，或单位不同）。请统一口径，两者应衡量同一事项。",
                    shorten(pv, 24),
                    shorten(av, 24)
                ),
            ));
        }
    }
}

/// Shares that cannot exceed 100% (a growth rate can).
fn is_share(name: &str) -> bool {
    (name.contains('率') || name.contains("满意度"))
        && !["增长", "增幅", "增速", "提高", "提升", "同比", "环比", "倍", "超额", "溢价", "收益率", "回报率"].iter().any(|w| name.contains(w))
}

/// Rates where less is better.
const LOWER_BETTER: &[&str] = &[
    "败诉率", "差错率", "错误率", "投诉率", "犯罪率", "事故率", "发案率", "超支率", "误差率", "流失率", "脱管率", "漏管率", "违法率", "违纪率",
    "复发率", "返工率", "故障率", "退回率", "不合格率", "失误率", "延误率", "超期率", "逾期率", "纠错率", "被纠错率", "撤销率",
];
/// Rates where more is better.
const HIGHER_BETTER: &[&str] =
    &["满意度", "合格率", "覆盖率", "完成率", "成功率", "办结率", "知晓率", "达标率", "执行率", "到位率", "受理率", "通过率", "及格率", "准确率", "胜诉率"];

word_set!(lower_set, LOWER_BETTER);
word_set!(higher_set, HIGHER_BETTER);

fn numbers(ind: &Indicator, place: &At, annual: Option<&str>, period: Option<&str>, same: bool, annual_named: bool, out: &mut Vec<Finding>) {
    let name = ind.name.as_str();
    let rate_like = name.contains('率') || name.contains('度');
    let lower_better = rate_like && lower_set().any_in(name);
    let higher_better = rate_like && !lower_better && higher_set().any_in(name);
    let mut qs: Vec<(&str, &str, Vec<Quantity>)> = Vec::new();
    if let Some(v) = annual {
        qs.push(("annual_value", v, quantities(v)));
    }
    if let Some(v) = period.filter(|_| !same) {
        qs.push(("period_value", v, quantities(v)));
    }
    for (field, v, q) in &qs {
        // Percent targets read from the value cell, with the unit column where it has one.
        let unit_col = ind.unit.as_deref().map(str::trim).unwrap_or("");
        let pct = |x: &&Quantity| x.unit == "%" || (x.unit.is_empty() && (unit_col == "%" || unit_col == "％"));
        let only_one = q.len() == 1;
        if only_one && rate_like {
            if let Some(x) = q.iter().find(|x| pct(x) && x.value > rust_decimal::Decimal::ONE_HUNDRED && x.at_least != Some(false) && is_share(name)) {
                out.push(Finding::new(
                    rule::MEA_RATE_OVER_100,
                    place.with_field(field),
                    format!("「{}」是比率，目标值{}%超过100%，无法达到。请核对目标值。", shorten(name, 24), fmt_amount(x.value)),
                ));
            }
        }
        let cmp_col = ind.comparator.as_deref().map(str::trim).unwrap_or("");
        let col_dir = match cmp_col {
            ">=" | "≥" | ">" | "大于等于" | "不低于" | "不少于" => Some(true),
            "<=" | "≤" | "<" | "小于等于" | "不高于" | "不超过" => Some(false),
            _ => None,
        };
        if let [x] = q.as_slice() {
            let dir = x.at_least.or(col_dir);
            let wrong = (lower_better && dir == Some(true) && !x.value.is_zero()) || (higher_better && dir == Some(false) && pct(&x));
            if wrong {
                let (kind, want) = if lower_better { ("越低越好", "不高于") } else { ("越高越好", "不低于") };
                out.push(Finding::new(
                    rule::MEA_DIRECTION,
                    place.with_field(field),
                    format!("「{}」{kind}，指标值「{}」的比较方向相反。请改为「{want}」某个值。", shorten(name, 24), shorten(v, 24)),
                ));
            }
        }
    }
    // The unit the name asks for.
    // Checked on the annual value (the period value's kind is KIND-MISMATCH's), unless
    // STRUCTURE already reported it as a name.
    if let (Some(want), false) = (unit_in_name(name), annual_named) {
        let unit_col = ind.unit.as_deref().map(str::trim).filter(|u| !u.is_empty());
        for (field, v, q) in qs.iter().filter(|(f, v, _)| *f == "annual_value" && !is_grade_scale(v)) {
            let units: Vec<&str> = q.iter().map(|x| x.unit.as_str()).filter(|u| !u.is_empty()).collect();
            let wrong = if q.is_empty() {
                // No number where the name asks for one; grade scales and yes/no standards are left alone
                // unless the name asks for a percentage.
                want == "%" && unit_col.is_none() && !has_target_number(v)
            } else {
                !units.is_empty() && !units.contains(&want) && unit_col.is_none_or(|u| u != want)
            };
            if wrong {
                out.push(Finding::new(
                    rule::MEA_UNIT_MISMATCH,
                    place.with_field(field),
                    format!("指标名称要求以「{want}」计量，指标值「{}」不是这个单位的数值。请按名称中的单位填写目标值。", shorten(v, 24)),
                ));
            }
        }
    }
    // A count over the whole period cannot be below the year's count.
    if let (Some((_, pv, pq)), Some((_, _, aq))) = (qs.iter().find(|q| q.0 == "period_value"), qs.iter().find(|q| q.0 == "annual_value")) {
        let per_year = || {
            ["每年", "年均", "每月", "每季", "月均", "每人", "人均", "每个", "每半年", "每周", "每天", "每次"]
                .iter()
                .any(|w| pv.contains(w) || annual.is_some_and(|a| a.contains(w)))
        };
        if let ([p], [a]) = (pq.as_slice(), aq.as_slice()) {
            let count = !p.unit.is_empty() && p.unit == a.unit && !["%", "日", "天", "个工作日", "工作日", "小时", "个小时", "分钟", "年", "月", "个月", "周", "分"].contains(&p.unit.as_str());
            if count && p.at_least != Some(false) && a.at_least != Some(false) && p.value < a.value && !per_year() {
                out.push(Finding::new(
                    rule::MEA_PERIOD_BELOW_ANNUAL,
                    place.with_field("period_value"),
                    format!(
                        "实施周期指标值（{}{}）小于年度指标值（{}{}）。实施周期包含本年度，请核对两个值。",
                        fmt_amount(p.value),
                        p.unit,
                        fmt_amount(a.value),
                        a.unit
                    ),
                ));
            }
        }
    }
}

/// The verb and the standard a value defers to without stating it
/// (`符合省市考核标准` → `符合`, `省市考核标准`): a verb of conforming, then a 标准/要求/规定 within a few
/// characters; none when the value has a number, names a document (《…》) or a
/// grade (合格, 良好, 二级 …) that says what the standard asks.
fn unstated_standard(v: &str) -> Option<(&'static str, String)> {
    const VERBS: [&str; 7] = ["符合", "达到", "满足", "按照", "依照", "依据", "执行"];
    const NOUNS: [&str; 5] = ["标准", "要求", "规定", "规范", "办法"];
    const GRADES: [&str; 8] = ["合格", "良好", "优秀", "优良", "达标", "一级", "二级", "三级"];
    if v.chars().any(|c| c.is_ascii_digit() || matches!(c, '《' | '％' | '%')) || GRADES.iter().any(|g| v.contains(g)) {
        return None;
    }
    for verb in VERBS {
        let Some(at) = v.find(verb) else { continue };
        let rest = &v[at + verb.len()..];
        for noun in NOUNS {
            if let Some(end) = rest.find(noun) {
                let named = &rest[..end + noun.len()];
                if named.chars().count() <= 14 {
                    return Some((verb, named.to_string()));
                }
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::super::rule;
    use super::super::testkit::*;
    use super::*;

    #[test]
    fn kinds() {
        assert!(matches!(value_kind("不少于2000次", None, None), ValueKind::Number(_)));
        assert!(matches!(value_kind("100", Some("="), Some("%")), ValueKind::Number(_)));
        assert_eq!(value_kind("良好以上", None, None), ValueKind::Grade);
        assert_eq!(value_kind("有效", None, None), ValueKind::Text);
    }

    #[test]
    fn vague() {
        let id = rule::MEA_VAGUE.id;
        assert_silent(&clean_project(), id);
        assert_silent(&clean_department(), id);
        for v in ["有效", "服务水平不断提升"] {
            let mut doc = clean_project();
            with_project(&mut doc, 0, |p| {
                p.indicators[3].annual_value = Some(v.into());
                p.indicators[3].period_value = Some(v.into());
            });
            assert_eq!(assert_fires(&doc, id).len(), 1, "{v}");
        }
        // With a number or a grade it is measurable.
        for v in ["满意度不断提升，达到90%以上", "考核等级持续保持良好"] {
            let mut doc = clean_project();
            with_project(&mut doc, 0, |p| p.indicators[3].annual_value = Some(v.into()));
            assert_silent(&doc, id);
        }
    }

    #[test]
    fn unstated_standard_fires_and_is_silent() {
        let id = rule::MEA_UNSTATED_STANDARD.id;
        assert_silent(&clean_project(), id);
        assert_silent(&clean_department(), id);
        for v in ["符合省市考核标准", "符合国家相关规定"] {
            let mut doc = clean_project();
            with_project(&mut doc, 0, |p| {
                p.indicators[3].annual_value = Some(v.into());
                p.indicators[3].period_value = Some(v.into());
            });
            let got = assert_fires(&doc, id);
            assert!(!got.is_empty(), "{v}");
            assert!(got.iter().all(|f| f.message.contains("没有写明")), "{v}");
        }
        // A named document, a grade or a number says what is asked; an explanation may state it.
        for v in ["符合《档案管理办法》要求", "达到合格标准", "符合标准的达95%以上"] {
            let mut doc = clean_project();
            with_project(&mut doc, 0, |p| p.indicators[3].annual_value = Some(v.into()));
            assert_silent(&doc, id);
        }
        let mut doc = clean_project();
        with_project(&mut doc, 0, |p| {
            p.indicators[3].annual_value = Some("符合考核标准".into());
            p.indicators[3].explanation = Some("考核标准：全年无重大差错，群众投诉不超过2起".into());
        });
        assert_silent(&doc, id);
        assert_eq!(unstated_standard("符合省市考核标准"), Some(("符合", "省市考核标准".to_string())));
        assert_eq!(unstated_standard("按时完成"), None);
    }

    #[test]
    fn not_quantified() {
        let id = rule::MEA_NOT_QUANTIFIED.id;
        assert_silent(&clean_project(), id);
        let mut doc = clean_project();
        with_project(&mut doc, 0, |p| {
            p.indicators[3].annual_value = Some("购买培训服务，开展普法工作".into());
            p.indicators[3].period_value = None;
        });
        assert_fires(&doc, id);
        for v in ["年内完成验收，运行正常", "全年无安全事故", "按时足额支付"] {
            let mut doc = clean_project();
            with_project(&mut doc, 0, |p| p.indicators[3].annual_value = Some(v.into()));
            assert_silent(&doc, id);
        }
        // Values that restate a name are left to STRUCTURE.
        let mut doc = clean_project();
        with_project(&mut doc, 0, |p| p.indicators[3].annual_value = Some(p.indicators[3].name.clone()));
        assert_silent(&doc, id);
    }

    fn set(doc: &mut crate::model::Document, i: usize, name: &str, annual: &str, period: &str) {
        with_project(doc, 0, |p| {
            p.indicators[i].name = name.into();
            p.indicators[i].annual_value = Some(annual.into());
            p.indicators[i].period_value = Some(period.into());
        });
    }

    #[test]
    fn rate_over_100() {
        let id = rule::MEA_RATE_OVER_100.id;
        assert_silent(&clean_project(), id);
        let mut doc = clean_project();
        set(&mut doc, 1, "培训考核合格率", "≥120%", "≥120%");
        assert_eq!(assert_fires(&doc, id).len(), 1);
        let mut doc = clean_project();
        set(&mut doc, 1, "参训人数增长率", "≥120%", "≥120%");
        assert_silent(&doc, id);
    }

    #[test]
    fn direction() {
        let id = rule::MEA_DIRECTION.id;
        assert_silent(&clean_project(), id);
        let mut doc = clean_project();
        set(&mut doc, 1, "行政诉讼败诉率", "不低于15%", "不低于15%");
        assert_fires(&doc, id);
        let mut doc = clean_project();
        set(&mut doc, 4, "参训人员满意度", "≤90%", "≤90%");
        assert_fires(&doc, id);
        let mut doc = clean_project();
        set(&mut doc, 1, "行政诉讼败诉率", "不高于15%", "15%以下");
        assert_silent(&doc, id);
    }

    #[test]
    fn unit_mismatch() {
        let id = rule::MEA_UNIT_MISMATCH.id;
        assert_silent(&clean_project(), id);
        let mut doc = clean_project();
        set(&mut doc, 4, "参训人员满意度(%)", "优秀", "优秀");
        assert_eq!(assert_fires(&doc, id).len(), 1);
        let mut doc = clean_project();
        set(&mut doc, 0, "举办培训班数（次）", "不少于4期", "不少于4期");
        assert_fires(&doc, id);
        let mut doc = clean_project();
        set(&mut doc, 4, "参训人员满意度(%)", "≥90%", "≥90");
        assert_silent(&doc, id);
    }

    #[test]
    fn period_below_annual() {
        let id = rule::MEA_PERIOD_BELOW_ANNUAL.id;
        assert_silent(&clean_project(), id);
        let mut doc = clean_project();
        set(&mut doc, 0, "举办培训班次数", "不少于4次", "不少于2次");
        assert_fires(&doc, id);
        let mut doc = clean_project();
        set(&mut doc, 0, "举办培训班次数", "不少于4次", "每年不少于2次");
        assert_silent(&doc, id);
        let mut doc = clean_project();
        set(&mut doc, 0, "举办培训班次数", "不少于4次", "不少于12次");
        assert_silent(&doc, id);
    }

    #[test]
    fn kind_mismatch() {
        let id = rule::MEA_KIND_MISMATCH.id;
        assert_silent(&clean_project(), id);
        let mut doc = clean_project();
        with_project(&mut doc, 0, |p| p.indicators[0].period_value = Some("完成上一年度的信息报送".into()));
        assert_fires(&doc, id);
        // Same kind, different wording: fine.
        let mut doc = clean_project();
        with_project(&mut doc, 0, |p| p.indicators[0].period_value = Some("全周期不少于12次".into()));
        assert_silent(&doc, id);
    }
}
