//! MEASURABILITY: a target is a number (with a comparator) or a recognised grade
//! or yes/no standard; period and annual values agree in kind.
//!
//! Values are read with the target grammar ([`crate::target`]); while a value
//! reads as text only, a local check for counted numbers stands in
//! ([`super::text::has_target_number`]), so the rules work with either.

use super::structure::name_finding;
use super::text::{has_grade, has_target_number, is_grade_scale, shorten, vague_word};
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
    } else if has_grade(value) {
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
