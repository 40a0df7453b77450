//! CONSISTENCY: the same indicator twice in one list, blocks of indicators and
//! goals copied between projects, years before the budget year.

use super::text::{normalize, shorten, years_in};
use super::{rule, At, Ctx, Finding, Owner, Scope};
use crate::model::Body;
use std::collections::{BTreeMap, HashMap};

pub(super) fn check(ctx: &Ctx, out: &mut Vec<Finding>) {
    for scope in &ctx.scopes {
        duplicates(scope, out);
    }
    copied(ctx, out);
    past_years(ctx, out);
}

fn duplicates(scope: &Scope, out: &mut Vec<Finding>) {
    let mut by_name: HashMap<String, Vec<usize>> = HashMap::new();
    for (i, ind) in scope.indicators.iter().enumerate() {
        let Some(norm) = scope.norm.get(i) else { continue };
        let name = norm.name.clone();
        if name.is_empty() {
            continue;
        }
        let earlier = by_name.entry(name).or_default();
        if let Some(&first) = earlier.first() {
            let place = scope.place.indicator(i, ind).with_field("name");
            let fp = &norm.fingerprint;
            let same = earlier.iter().find(|&&j| scope.norm.get(j).map(|n| &n.fingerprint) == Some(fp));
            match same {
                Some(&j) => out.push(Finding::new(
                    rule::CON_DUPLICATE,
                    place,
                    format!("该指标与第{}个指标完全相同（名称和指标值都一样）。请删除重复的指标。", j + 1),
                )),
                None => out.push(Finding::new(
                    rule::CON_SAME_NAME,
                    place,
                    format!(
                        "指标名称「{}」与第{}个指标相同，但内容不同。请用名称区分两个指标（如写明对象或范围），或合并为一个。",
                        shorten(&ind.name, 24),
                        first + 1
                    ),
                )),
            }
        }
        earlier.push(i);
    }
}

/// Groups of indicator lists that may not copy each other: the projects of a
/// table, or the tasks of one plan.
fn groups<'s, 'a>(ctx: &'s Ctx<'a>) -> Vec<Vec<&'s Scope<'a>>> {
    let mut by: BTreeMap<(u8, Option<u32>), Vec<&Scope>> = BTreeMap::new();
    for s in &ctx.scopes {
        let key = match s.owner {
            Owner::Project => (0, None),
            Owner::Task => (1, s.place.order.first().copied()),
            Owner::Plan => continue,
        };
        by.entry(key).or_default().push(s);
    }
    by.into_values().collect()
}

fn owner_name(s: &Scope) -> String {
    let name = s.place.project.as_deref().or(s.place.task.as_deref()).unwrap_or("");
    match s.owner {
        Owner::Project => format!("项目「{}」", shorten(name, 30)),
        _ => format!("任务「{}」", shorten(name, 30)),
    }
}

fn copied(ctx: &Ctx, out: &mut Vec<Finding>) {
    for group in groups(ctx) {
        // Indicators: count identical ones between each pair of lists.
        let mut seen: HashMap<&str, Vec<usize>> = HashMap::new();
        for (k, s) in group.iter().enumerate() {
            let mut fps: Vec<&str> = s.norm.iter().map(|n| n.fingerprint.as_str()).collect();
            fps.sort();
            fps.dedup();
            for fp in fps {
                seen.entry(fp).or_default().push(k);
            }
        }
        let mut shared: BTreeMap<(usize, usize), usize> = BTreeMap::new();
        for owners in seen.values() {
            if owners.len() > 8 {
                continue; // a stock indicator many projects share, not a copied block
            }
            for (x, &a) in owners.iter().enumerate() {
                for &b in &owners[x + 1..] {
                    *shared.entry((a, b)).or_default() += 1;
                }
            }
        }
        let mut reported = vec![false; group.len()];
        for ((a, b), n) in shared {
            if reported[b] {
                continue;
            }
            let (Some(sa), Some(sb)) = (group.get(a), group.get(b)) else { continue };
            let smaller = sa.indicators.len().min(sb.indicators.len());
            let need = ctx.cfg.copied_block_min.min(smaller.div_ceil(2)).max(2);
            if n >= need {
                reported[b] = true;
                out.push(Finding::new(
                    rule::CON_COPIED_BLOCK,
                    sb.place.with_field("indicators"),
                    format!(
                        "有{n}个指标与{}的指标完全相同（名称和指标值）。请按本项目的内容和资金设置指标，不要整块照搬。",
                        owner_name(sa)
                    ),
                ));
            }
        }
        // Goals.
        let mut goals: HashMap<String, usize> = HashMap::new();
        for (k, s) in group.iter().enumerate() {
            let Some(g) = s.goal.map(normalize).filter(|g| g.chars().count() >= 15) else { continue };
            match goals.get(&g) {
                Some(&first) => {
                    if let Some(sa) = group.get(first) {
                        out.push(Finding::new(
                            rule::CON_COPIED_GOAL,
                            s.place.with_field("goal"),
                            format!("绩效目标与{}的目标一字不差。请写明本项目资金自身要达到的目标。", owner_name(sa)),
                        ));
                    }
                }
                None => {
                    goals.insert(g, k);
                }
            }
        }
    }
}

fn past_years(ctx: &Ctx, out: &mut Vec<Finding>) {
    let Some((year, inferred)) = ctx.budget_year else { return };
    let note = if inferred { format!("（表中未印预算年度，按文中年份推定为{year}年）") } else { String::new() };
    let mut check = |place: At, text: &str| {
        let past: Vec<i32> = years_in(text).into_iter().filter(|m| !m.reference && m.year < year).map(|m| m.year).collect();
        if let Some(first) = past.first() {
            out.push(Finding::new(
                rule::CON_PAST_YEAR,
                place.place(),
                format!(
                    "「{}」提到{first}年，早于预算年度{year}年{note}。目标和任务应针对预算年度，请核对是否沿用了往年的内容。",
                    shorten(text, 40)
                ),
            ));
        }
    };
    if let Body::Department(t) = &ctx.doc.body {
        let mut task_scopes = ctx.scopes.iter().filter(|s| s.owner == Owner::Task);
        for plan in &t.plans {
            for task in &plan.tasks {
                if let Some(s) = task_scopes.next() {
                    check(s.own("name"), &task.name);
                }
            }
        }
    }
    for scope in &ctx.scopes {
        for (place, text) in ctx.texts(scope) {
            check(place, text);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::rule;
    use super::super::testkit::*;

    #[test]
    fn duplicate_and_same_name() {
        assert_silent(&clean_project(), rule::CON_DUPLICATE.id);
        assert_silent(&clean_project(), rule::CON_SAME_NAME.id);
        let mut doc = clean_project();
        with_project(&mut doc, 0, |p| {
            let mut copy = p.indicators[0].clone();
            copy.seq = Some(6);
            p.indicators.push(copy);
        });
        assert_fires(&doc, rule::CON_DUPLICATE.id);
        assert_silent(&doc, rule::CON_SAME_NAME.id);
        let mut doc = clean_project();
        with_project(&mut doc, 0, |p| p.indicators[1].name = p.indicators[0].name.clone());
        assert_fires(&doc, rule::CON_SAME_NAME.id);
        assert_silent(&doc, rule::CON_DUPLICATE.id);
    }

    #[test]
    fn copied_block_and_goal() {
        assert_silent(&clean_project(), rule::CON_COPIED_BLOCK.id);
        assert_silent(&clean_project(), rule::CON_COPIED_GOAL.id);
        let mut doc = clean_project();
        let (inds, goal) = match &doc.body {
            crate::model::Body::Project(t) => (t.units[0].projects[0].indicators.clone(), t.units[0].projects[0].goal.clone()),
            _ => unreachable!(),
        };
        with_project(&mut doc, 1, |p| {
            p.indicators[0] = inds[0].clone();
            p.indicators[1] = inds[1].clone();
            p.indicators[3] = inds[3].clone();
            p.goal = goal;
        });
        let f = assert_fires(&doc, rule::CON_COPIED_BLOCK.id);
        assert_eq!(f[0].place.project.as_deref(), Some("乙项目"));
        assert_fires(&doc, rule::CON_COPIED_GOAL.id);
        // One shared indicator is not a block.
        let mut doc = clean_project();
        with_project(&mut doc, 1, |p| p.indicators[0] = inds[0].clone());
        assert_silent(&doc, rule::CON_COPIED_BLOCK.id);
    }

    #[test]
    fn past_year() {
        let id = rule::CON_PAST_YEAR.id;
        assert_silent(&clean_project(), id);
        assert_silent(&clean_department(), id);
        let mut doc = clean_department();
        with_dept(&mut doc, |t| t.plans[0].tasks[0].content = Some("组织开展2023年宪法宣传周活动。".into()));
        assert_fires(&doc, id);
        // Baselines, the budget year and later years are fine.
        let mut doc = clean_department();
        with_dept(&mut doc, |t| t.plans[0].tasks[0].content = Some("较2023年增长10%，2024年内完成，2025年验收。".into()));
        assert_silent(&doc, id);
        // An inferred year: the table does not print one.
        let mut doc = clean_project();
        doc.year = None;
        with_project(&mut doc, 0, |p| {
            p.indicators[0].annual_value = Some("2024年度不少于4次".into());
            p.indicators[0].period_value = Some("2024年度不少于4次，2025年1月前完成2024年度总结".into());
            p.indicators[1].annual_value = Some("完成至2022年的信息报送".into());
        });
        let f = assert_fires(&doc, id);
        assert!(f[0].message.contains("推定"));
    }
}
