//! STRUCTURE: numbering, required parts, values present and values that are
//! really names.

use super::text::{ends_with_unit_in_brackets, has_grade, has_target_number, names_a_metric, shorten, states_a_target};
use super::{rule, At, Ctx, Finding, Norm, Owner, Scope};
use crate::model::{Body, Indicator};
use std::collections::{HashMap, HashSet};

pub(super) fn check(ctx: &Ctx, out: &mut Vec<Finding>) {
    let both_filled = fills_both_values(ctx);
    let names = &ctx.names;
    for scope in &ctx.scopes {
        owner_parts(ctx, scope, out);
        numbering(scope, out);
        for (i, ind) in scope.indicators.iter().enumerate() {
            let place = scope.at(i);
            values(ind, &place, both_filled, out);
            if let Some(norm) = scope.norm.get(i) {
                value_is_name(ind, norm, &place, names, out);
            }
        }
    }
    plans(ctx, out);
}

/// True when most indicators of the document print both a period and an annual value.
fn fills_both_values(ctx: &Ctx) -> bool {
    let all: Vec<&Indicator> = ctx.scopes.iter().flat_map(|s| s.indicators.iter()).collect();
    let both = all.iter().filter(|i| present(&i.period_value) && present(&i.annual_value)).count();
    !all.is_empty() && both * 2 > all.len()
}

fn present(v: &Option<String>) -> bool {
    v.as_deref().is_some_and(|s| !s.trim().is_empty())
}

/// A project needs a goal and indicators. (Plans are checked in [`plans`]; a
/// task's own indicators are optional.)
fn owner_parts(ctx: &Ctx, scope: &Scope, out: &mut Vec<Finding>) {
    if scope.owner != Owner::Project {
        return;
    }
    let _ = ctx;
    if scope.goal.is_none_or(|g| g.trim().is_empty()) {
        out.push(Finding::new(rule::STR_NO_GOAL, scope.place.with_field("goal"), "项目没有填写绩效目标。请写明项目资金在本年度要达到的产出和效果。"));
    }
    if scope.indicators.is_empty() {
        out.push(Finding::new(
            rule::STR_NO_INDICATORS,
            scope.place.with_field("indicators"),
            "项目没有绩效指标。请按产出、效益、满意度（及成本）设置可衡量的指标。",
        ));
    }
}

fn plans(ctx: &Ctx, out: &mut Vec<Finding>) {
    let Body::Department(t) = &ctx.doc.body else { return };
    for (i, plan) in t.plans.iter().enumerate() {
        let place = ctx.plan_place(i, plan.horizon);
        if plan.goal.as_deref().is_none_or(|g| g.trim().is_empty()) {
            out.push(Finding::new(rule::STR_NO_GOAL, place.with_field("goal"), "部门整体绩效目标为空。请写明本期总体绩效目标。"));
        }
        if plan.indicators.is_empty() && plan.tasks.iter().all(|t| t.indicators.is_empty()) {
            out.push(Finding::new(
                rule::STR_NO_INDICATORS,
                place.with_field("indicators"),
                "部门整体绩效目标没有绩效指标。请设置产出、效益、满意度等可衡量的指标。",
            ));
        }
        if plan.tasks.is_empty() {
            out.push(Finding::new(rule::STR_NO_TASKS, place.with_field("tasks"), "没有列出年度重点工作任务。请列出主要任务、实施内容、目标和拟投入资金。"));
        }
    }
}

/// Where numbering restarts: some tables number the indicators of each category
/// from 1. The list splits into runs at each `1` that starts a new category;
/// when every restart is such a boundary, each run is checked on its own.
fn numbering_runs(inds: &[Indicator]) -> Vec<std::ops::Range<usize>> {
    let cat = |i: &Indicator| (i.level1.clone(), i.level2.clone());
    let mut starts = vec![0];
    for (i, w) in inds.windows(2).enumerate() {
        if let [prev, cur] = w {
            if cur.seq == Some(1) {
                if cat(prev) == cat(cur) {
                    return std::iter::once(0..inds.len()).collect(); // a restart inside a category: one run
                }
                starts.push(i + 1);
            }
        }
    }
    let mut runs = Vec::new();
    for (k, &a) in starts.iter().enumerate() {
        let b = starts.get(k + 1).copied().unwrap_or(inds.len());
        runs.push(a..b);
    }
    runs
}

fn numbering(scope: &Scope, out: &mut Vec<Finding>) {
    let inds = scope.indicators;
    let numbered = inds.iter().filter(|i| i.seq.is_some()).count();
    if numbered == 0 {
        return;
    }
    for (i, ind) in inds.iter().enumerate() {
        if ind.seq.is_none() && numbered * 2 >= inds.len() {
            out.push(Finding::new(
                rule::STR_SEQ_MISSING,
                scope.at(i).with_field("seq"),
                "该指标没有序号，而同一项目的其他指标都有。请补上序号，或核对它是否是上一条指标的一部分。",
            ));
        }
    }
    for run in numbering_runs(inds) {
        numbering_run(scope, run, out);
    }
}

fn numbering_run(scope: &Scope, run: std::ops::Range<usize>, out: &mut Vec<Finding>) {
    let inds = scope.indicators;
    let mut seen: HashMap<i64, usize> = HashMap::new();
    let mut seqs: Vec<i64> = Vec::new();
    for i in run {
        let Some(s) = inds.get(i).and_then(|x| x.seq) else { continue };
        seqs.push(s);
        if let Some(first) = seen.get(&s) {
            out.push(Finding::new(
                rule::STR_SEQ_DUPLICATE,
                scope.at(i).with_field("seq"),
                format!("序号{s}重复（与第{}个指标相同）。请重新连续编号。", first + 1),
            ));
        } else {
            seen.insert(s, i);
        }
    }
    // Gaps and order: the printed numbers should read 1, 2, 3 … in list order.
    let unique: HashSet<i64> = seqs.iter().copied().collect();
    if unique.len() != seqs.len() {
        return; // duplicates are reported above
    }
    let expected: Vec<i64> = (1..=seqs.len() as i64).collect();
    if seqs != expected {
        let max = seqs.iter().copied().max().unwrap_or(0).min(seqs.len() as i64 + 50);
        let missing: Vec<String> = (1..=max).filter(|n| !unique.contains(n)).take(20).map(|n| n.to_string()).collect();
        let printed: Vec<String> = seqs.iter().map(|s| s.to_string()).collect();
        let msg = if missing.is_empty() {
            format!("指标序号为{}，没有按顺序从1连续编号。请重新编号。", printed.join("、"))
        } else {
            format!("指标序号为{}，缺少{}。请核对是否漏填指标或编号有误。", printed.join("、"), missing.join("、"))
        };
        out.push(Finding::new(rule::STR_SEQ_ORDER, scope.place.with_field("indicators"), msg));
    }
}

fn values(ind: &Indicator, place: &At, both_filled: bool, out: &mut Vec<Finding>) {
    if ind.name.trim().is_empty() {
        out.push(Finding::new(rule::STR_NO_NAME, place.with_field("name"), "指标没有名称。请填写三级指标名称。"));
    } else if states_a_target(&ind.name) {
        out.push(Finding::new(
            rule::STR_NAME_HAS_TARGET,
            place.with_field("name"),
            format!("指标名称「{}」里写了目标值。名称应只写衡量什么（如「区域覆盖率」），目标写在指标值中。", shorten(&ind.name, 30)),
        ));
    }
    let period = present(&ind.period_value);
    let annual = present(&ind.annual_value);
    if !period && !annual {
        out.push(Finding::new(rule::STR_NO_VALUE, place.with_field("annual_value"), "指标没有指标值。请填写可衡量的年度指标值。"));
        return;
    }
    if both_filled && period != annual {
        let (field, msg) = if annual {
            ("period_value", "只填了年度指标值，缺实施周期指标值。请补填，或核对该值是否属于实施周期。")
        } else {
            ("annual_value", "只填了实施周期指标值，缺年度指标值。请补填本年度要达到的值。")
        };
        out.push(Finding::new(rule::STR_MISSING_VALUE, place.with_field(field), msg));
    }
}

/// Values that restate a name instead of setting a target.
fn value_is_name(ind: &Indicator, norm: &Norm, place: &At, names: &HashMap<String, &str>, out: &mut Vec<Finding>) {
    let mut seen: Option<&str> = None;
    for (field, value, nv) in [("annual_value", &ind.annual_value, &norm.annual), ("period_value", &ind.period_value, &norm.period)] {
        let (Some(v), Some(nv)) = (value.as_deref().map(str::trim).filter(|v| !v.is_empty()), nv.as_deref()) else { continue };
        if nv.is_empty() || seen == Some(nv) {
            continue;
        }
        seen = Some(nv);
        if let Some(f) = name_finding(v, nv, &norm.name, names, place, field) {
            out.push(f);
        }
    }
}

/// Whether a value is a name rather than a target, as a finding; shared with the
/// measurability rules so that they stay silent on the same value.
pub(super) fn name_finding(v: &str, nv: &str, own: &str, names: &HashMap<String, &str>, place: &At, field: &str) -> Option<Finding> {
    if nv == own && !has_target_number(v) {
        return Some(Finding::new(
            rule::STR_VALUE_IS_NAME,
            place.with_field(field),
            format!("指标值「{}」只是重复了指标名称，没有给出目标。请填写要达到的数值或等级。", shorten(v, 30)),
        ));
    }
    if has_target_number(v) {
        return None;
    }
    let metric = || {
        Finding::new(
            rule::STR_VALUE_IS_METRIC,
            place.with_field(field),
            format!("指标值「{}」只写了衡量什么，没有写要达到多少。请填写具体数值（如≥95%）或等级。", shorten(v, 30)),
        )
    };
    if ends_with_unit_in_brackets(v) {
        return Some(metric());
    }
    if has_grade(v) {
        return None;
    }
    if let Some(other) = names.get(nv) {
        return Some(Finding::new(
            rule::STR_VALUE_IS_OTHER_NAME,
            place.with_field(field),
            format!("指标值「{}」是另一条指标的名称，不是目标值。请核对是否错位，并填写要达到的数值或等级。", shorten(other, 30)),
        ));
    }
    if names_a_metric(v) {
        return Some(metric());
    }
    None
}

#[cfg(test)]
mod tests {
    use super::super::rule;
    use super::super::testkit::*;

    #[test]
    fn seq_duplicate() {
        let id = rule::STR_SEQ_DUPLICATE.id;
        assert_silent(&clean_project(), id);
        let mut doc = clean_project();
        with_project(&mut doc, 0, |p| p.indicators[3].seq = Some(3));
        let f = assert_fires(&doc, id);
        assert_eq!(f[0].place.indicator, Some(4));
        assert_silent(&doc, rule::STR_SEQ_ORDER.id);
    }

    #[test]
    fn seq_missing_and_order() {
        assert_silent(&clean_project(), rule::STR_SEQ_MISSING.id);
        assert_silent(&clean_project(), rule::STR_SEQ_ORDER.id);
        // Unnumbered lists are fine.
        assert_silent(&clean_department(), rule::STR_SEQ_MISSING.id);
        let mut doc = clean_project();
        with_project(&mut doc, 0, |p| p.indicators[1].seq = None);
        assert_fires(&doc, rule::STR_SEQ_MISSING.id);
        let f = assert_fires(&doc, rule::STR_SEQ_ORDER.id);
        assert!(f[0].message.contains("缺少2"), "{}", f[0].message);
        let mut doc = clean_project();
        with_project(&mut doc, 1, |p| p.indicators.swap(0, 1));
        assert_fires(&doc, rule::STR_SEQ_ORDER.id);
        // Numbering that restarts with each category is fine.
        let mut doc = clean_project();
        with_project(&mut doc, 0, |p| {
            for (k, s) in [1, 2, 1, 1, 1].iter().enumerate() {
                p.indicators[k].seq = Some(*s);
            }
            p.indicators[1].level2 = Some("数量指标".into());
            p.indicators[1].level2_code = Some("11".into());
            p.indicators[1].name = "培训人次".into();
        });
        assert_silent(&doc, rule::STR_SEQ_DUPLICATE.id);
        assert_silent(&doc, rule::STR_SEQ_ORDER.id);
    }

    #[test]
    fn no_name_and_no_value() {
        assert_silent(&clean_project(), rule::STR_NO_NAME.id);
        assert_silent(&clean_project(), rule::STR_NO_VALUE.id);
        let mut doc = clean_project();
        with_project(&mut doc, 0, |p| {
            p.indicators[0].name = " ".into();
            p.indicators[1].annual_value = None;
            p.indicators[1].period_value = Some("".into());
        });
        assert_fires(&doc, rule::STR_NO_NAME.id);
        assert_fires(&doc, rule::STR_NO_VALUE.id);
    }

    #[test]
    fn missing_value() {
        let id = rule::STR_MISSING_VALUE.id;
        assert_silent(&clean_project(), id);
        let mut doc = clean_project();
        with_project(&mut doc, 0, |p| p.indicators[1].annual_value = None);
        assert_eq!(assert_fires(&doc, id)[0].place.field.as_deref(), Some("annual_value"));
        // A table that prints only one value column is fine.
        let mut doc = clean_department();
        with_dept(&mut doc, |t| t.plans[0].indicators.iter_mut().for_each(|i| i.period_value = None));
        assert_silent(&doc, id);
    }

    #[test]
    fn no_goal_no_indicators_no_tasks() {
        for id in [rule::STR_NO_GOAL.id, rule::STR_NO_INDICATORS.id, rule::STR_NO_TASKS.id] {
            assert_silent(&clean_project(), id);
            assert_silent(&clean_department(), id);
        }
        let mut doc = clean_project();
        with_project(&mut doc, 1, |p| {
            p.goal = Some("".into());
            p.indicators.clear();
        });
        assert_fires(&doc, rule::STR_NO_GOAL.id);
        assert_fires(&doc, rule::STR_NO_INDICATORS.id);
        let mut doc = clean_department();
        with_dept(&mut doc, |t| {
            t.plans[0].goal = None;
            t.plans[0].indicators.clear();
            t.plans[0].tasks.clear();
        });
        assert_fires(&doc, rule::STR_NO_GOAL.id);
        assert_fires(&doc, rule::STR_NO_INDICATORS.id);
        assert_fires(&doc, rule::STR_NO_TASKS.id);
    }

    #[test]
    fn name_has_target() {
        let id = rule::STR_NAME_HAS_TARGET.id;
        assert_silent(&clean_project(), id);
        let mut doc = clean_project();
        with_project(&mut doc, 0, |p| {
            p.indicators[0].name = "至少举办4次培训".into();
            p.indicators[0].annual_value = Some("至少举办4次培训".into());
        });
        assert_fires(&doc, id);
        // The value repeats the name, but it is a target: not VALUE-IS-NAME.
        assert_silent(&doc, rule::STR_VALUE_IS_NAME.id);
    }

    #[test]
    fn value_is_name() {
        let id = rule::STR_VALUE_IS_NAME.id;
        assert_silent(&clean_project(), id);
        let mut doc = clean_project();
        with_project(&mut doc, 0, |p| p.indicators[0].period_value = Some("举办培训班次数 ".into()));
        assert_eq!(assert_fires(&doc, id)[0].place.field.as_deref(), Some("period_value"));
    }

    #[test]
    fn value_is_other_name() {
        let id = rule::STR_VALUE_IS_OTHER_NAME.id;
        assert_silent(&clean_project(), id);
        let mut doc = clean_project();
        with_project(&mut doc, 0, |p| p.indicators[1].period_value = Some("维护设备台数".into()));
        assert_fires(&doc, id);
    }

    #[test]
    fn value_is_metric() {
        let id = rule::STR_VALUE_IS_METRIC.id;
        assert_silent(&clean_project(), id);
        // 合格 is a grade word, but a bracketed unit with no number is still only a measure.
        let mut doc = clean_project();
        with_project(&mut doc, 0, |p| p.indicators[1].period_value = Some("考核结果合格率(%)".into()));
        assert_fires(&doc, id);
        let mut doc = clean_project();
        with_project(&mut doc, 1, |p| p.indicators[3].annual_value = Some("全年受益人数".into()));
        assert_fires(&doc, id);
        // A yes/no standard is a target.
        let mut doc = clean_project();
        with_project(&mut doc, 1, |p| p.indicators[3].annual_value = Some("考核合格".into()));
        assert_silent(&doc, id);
    }
}
