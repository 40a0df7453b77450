//! Injecting typical defects into generated documents, at a controlled rate,
//! and recording where each one went.

use jixiao_core::taxonomy::{Level1, Level2};
use jixiao_core::{Body, Document, Indicator, Plan, Project};
use rust_decimal::Decimal;

use crate::gen::{assign_weights, Profile};
use crate::rng::Rng;
use crate::vocab::VAGUE;
use crate::DefectKind;

/// A defect put somewhere: its kind and the path of the place.
pub(crate) type Record = (DefectKind, String);

fn is_satisfaction(ind: &Indicator) -> bool {
    ind.level1.as_deref().and_then(Level1::from_name) == Some(Level1::Satisfaction)
        || ind.level2.as_deref().and_then(Level2::from_name) == Some(Level2::BeneficiarySatisfaction)
}

fn is_cost(ind: &Indicator) -> bool {
    ind.level1.as_deref().and_then(Level1::from_name) == Some(Level1::Cost)
        || matches!(
            ind.level2.as_deref().and_then(Level2::from_name),
            Some(Level2::Cost | Level2::EconomicCost | Level2::SocialCost | Level2::EcologicalCost)
        )
}

/// The amount in 万元 a value states, if it states one.
pub(crate) fn money_in(ind: &Indicator) -> Option<Decimal> {
    let v = ind.annual_value.as_deref()?;
    if ind.unit.as_deref() == Some("万元") {
        return v.trim().parse().ok();
    }
    let at = v.find("万元")?;
    let head = v.get(..at)?;
    let start = head
        .char_indices()
        .rev()
        .take_while(|(_, c)| c.is_ascii_digit() || *c == '.')
        .last()
        .map(|(i, _)| i)?;
    head.get(start..)?.parse().ok()
}

/// Index of a cost indicator whose value is an amount in 万元.
fn money_cost_index(inds: &[Indicator]) -> Option<usize> {
    inds.iter().position(|i| is_cost(i) && money_in(i).is_some())
}

/// Replaces an indicator's value by a text, the way a table prints a text value.
fn set_text_value(ind: &mut Indicator, text: &str) {
    if ind.comparator.is_some() || ind.unit.is_some() {
        ind.comparator = None;
        ind.unit = None;
    }
    ind.annual_value = Some(text.to_string());
    if ind.period_value.is_some() {
        ind.period_value = Some(text.to_string());
    }
    if ind.nature.is_some() {
        ind.nature = Some("定性".to_string());
        ind.direction = None;
    }
}

fn renumber(inds: &mut [Indicator]) {
    if inds.iter().any(|i| i.seq.is_some()) {
        for (n, ind) in inds.iter_mut().enumerate() {
            ind.seq = Some(n as i64 + 1);
        }
    }
}

fn decimal_text(x: Decimal) -> String {
    x.round_dp(2).normalize().to_string()
}

/// Indices of indicators a value defect may go to: not satisfaction.
fn value_targets(inds: &[Indicator]) -> Vec<usize> {
    (0..inds.len()).filter(|i| inds.get(*i).is_some_and(|x| !is_satisfaction(x))).collect()
}

/// Indices of indicators whose level-2 code can be made to contradict its name.
fn code_targets(inds: &[Indicator]) -> Vec<usize> {
    (0..inds.len())
        .filter(|i| {
            inds.get(*i).is_some_and(|x| {
                x.level2_code.as_deref().is_some_and(|c| c.len() == 2)
                    && matches!(x.level1.as_deref().and_then(Level1::from_name), Some(Level1::Output | Level1::Outcome))
            })
        })
        .collect()
}

fn break_code(ind: &mut Indicator, rng: &mut Rng) {
    let Some(code) = ind.level2_code.as_deref() else { return };
    let mut chars = code.chars();
    let (Some(first), Some(second)) = (chars.next(), chars.next()) else { return };
    let digit = second.to_digit(10).unwrap_or(1);
    let others: Vec<u32> = (1..=4).filter(|d| *d != digit).collect();
    let d = rng.pick(&others).copied().unwrap_or(2);
    ind.level2_code = Some(format!("{first}{d}"));
}

fn past_year_text(year: i32, rng: &mut Rng) -> String {
    let y = year - 1 - rng.below(3) as i32;
    match rng.below(2) {
        0 => format!("{y}年12月底前完成"),
        _ => format!("{y}年6月底前全部完成"),
    }
}

/// Value defects shared by both kinds of table: the index of the indicator
/// changed, `None` when the kind does not apply to these indicators.
fn value_defect(kind: DefectKind, inds: &mut [Indicator], year: i32, rng: &mut Rng) -> Option<usize> {
    match kind {
        DefectKind::CodeMismatch => {
            let i = *rng.pick(&code_targets(inds))?;
            break_code(inds.get_mut(i)?, rng);
            Some(i)
        }
        DefectKind::VagueValue => {
            let i = *rng.pick(&value_targets(inds))?;
            let text = rng.pick(VAGUE).copied().unwrap_or("有效");
            set_text_value(inds.get_mut(i)?, text);
            Some(i)
        }
        DefectKind::ValueRestatesName => {
            let i = *rng.pick(&value_targets(inds))?;
            let ind = inds.get_mut(i)?;
            let name = ind.name.clone();
            set_text_value(ind, &name);
            Some(i)
        }
        DefectKind::PastYear => {
            let targets = value_targets(inds);
            let timely: Vec<usize> = targets
                .iter()
                .copied()
                .filter(|i| {
                    inds.get(*i).and_then(|x| x.level2.as_deref()).and_then(Level2::from_name) == Some(Level2::Timeliness)
                })
                .collect();
            let i = if timely.is_empty() { *rng.pick(&targets)? } else { *rng.pick(&timely)? };
            let text = past_year_text(year, rng);
            set_text_value(inds.get_mut(i)?, &text);
            Some(i)
        }
        DefectKind::DuplicateSeq => {
            if inds.len() < 2 || inds.iter().any(|x| x.seq.is_none()) {
                return None;
            }
            let i = 1 + rng.below(inds.len() - 1);
            let prev = inds.get(i - 1)?.seq;
            inds.get_mut(i)?.seq = prev;
            Some(i)
        }
        _ => None,
    }
}

fn applicable_value_kinds(inds: &[Indicator]) -> Vec<DefectKind> {
    let mut kinds = Vec::new();
    if !code_targets(inds).is_empty() {
        kinds.push(DefectKind::CodeMismatch);
    }
    if !value_targets(inds).is_empty() {
        kinds.extend([DefectKind::VagueValue, DefectKind::ValueRestatesName, DefectKind::PastYear]);
    }
    if inds.iter().any(is_satisfaction) && inds.len() >= 2 {
        kinds.push(DefectKind::MissingSatisfaction);
    }
    kinds
}

fn remove_satisfaction(inds: &mut Vec<Indicator>) {
    inds.retain(|i| !is_satisfaction(i));
    renumber(inds);
    if inds.iter().any(|i| i.weight.is_some()) {
        assign_weights(inds);
    }
}

fn budget_of(p: &Project) -> Option<Decimal> {
    p.amounts.total
}

/// Injects defects into a project table: per project with probability `rate`,
/// one defect of a kind that applies; per document with probability `rate / 5`,
/// a 合计 that does not add up.
pub(crate) fn inject_project(doc: &mut Document, year: i32, rate: f64, rng: &mut Rng, out: &mut Vec<Record>) {
    let Body::Project(table) = &mut doc.body else { return };
    let places: Vec<(usize, usize)> = table
        .units
        .iter()
        .enumerate()
        .flat_map(|(u, unit)| (0..unit.projects.len()).map(move |p| (u, p)))
        .collect();
    for (g, (u, p)) in places.iter().copied().enumerate() {
        if !rng.chance(rate) {
            continue;
        }
        let Some(project) = table.units.get(u).and_then(|x| x.projects.get(p)) else { continue };
        let mut kinds = applicable_value_kinds(&project.indicators);
        if project.indicators.len() >= 2 && project.indicators.iter().all(|x| x.seq.is_some()) {
            kinds.push(DefectKind::DuplicateSeq);
        }
        if g > 0 {
            kinds.push(DefectKind::CopiedIndicators);
        }
        if money_cost_index(&project.indicators).is_some() && budget_of(project).is_some() {
            kinds.push(DefectKind::CostExceedsBudget);
        }
        let Some(kind) = rng.pick(&kinds).copied() else { continue };
        let base = format!("units[{u}].projects[{p}]");
        match kind {
            DefectKind::CopiedIndicators => {
                let (su, sp) = places.get(rng.below(g)).copied().unwrap_or((0, 0));
                let Some(copied) = table.units.get(su).and_then(|x| x.projects.get(sp)).map(|x| x.indicators.clone())
                else {
                    continue;
                };
                let Some(target) = table.units.get_mut(u).and_then(|x| x.projects.get_mut(p)) else { continue };
                target.indicators = copied;
                out.push((kind, format!("{base}.indicators")));
                // A copied cost ceiling may now exceed this project's budget: record it too.
                if let (Some(i), Some(budget)) = (money_cost_index(&target.indicators), budget_of(target)) {
                    if target.indicators.get(i).and_then(money_in).is_some_and(|m| m > budget) {
                        out.push((DefectKind::CostExceedsBudget, format!("{base}.indicators[{i}]")));
                    }
                }
            }
            DefectKind::MissingSatisfaction => {
                let Some(target) = table.units.get_mut(u).and_then(|x| x.projects.get_mut(p)) else { continue };
                remove_satisfaction(&mut target.indicators);
                out.push((kind, format!("{base}.indicators")));
            }
            DefectKind::CostExceedsBudget => {
                let Some(target) = table.units.get_mut(u).and_then(|x| x.projects.get_mut(p)) else { continue };
                let (Some(i), Some(budget)) = (money_cost_index(&target.indicators), budget_of(target)) else {
                    continue;
                };
                let factor = Decimal::from(120 + rng.below(181) as i64) / Decimal::from(100);
                let x = decimal_text(budget * factor + Decimal::ONE);
                if let Some(ind) = target.indicators.get_mut(i) {
                    if ind.unit.as_deref() == Some("万元") {
                        ind.annual_value = Some(x);
                    } else {
                        let text = format!("≤{x}万元");
                        ind.annual_value = Some(text.clone());
                        if ind.period_value.is_some() {
                            ind.period_value = Some(text);
                        }
                    }
                }
                out.push((kind, format!("{base}.indicators[{i}]")));
            }
            _ => {
                let Some(target) = table.units.get_mut(u).and_then(|x| x.projects.get_mut(p)) else { continue };
                if let Some(i) = value_defect(kind, &mut target.indicators, year, rng) {
                    out.push((kind, format!("{base}.indicators[{i}]")));
                }
            }
        }
    }
    if rng.chance(rate / 5.0) {
        let delta = Decimal::new(1 + rng.below(5000) as i64, 2);
        table.totals.total = table.totals.total.map(|t| t + delta);
        table.totals.fiscal = table.totals.fiscal.map(|t| t + delta);
        out.push((DefectKind::TotalMismatch, "totals".to_string()));
    }
}

/// Where an indicator list of a plan lives.
#[derive(Clone, Copy)]
enum Place {
    Plan,
    Task(usize),
}

fn list_mut(plan: &mut Plan, place: Place) -> Option<&mut Vec<Indicator>> {
    match place {
        Place::Plan => Some(&mut plan.indicators),
        Place::Task(t) => plan.tasks.get_mut(t).map(|t| &mut t.indicators),
    }
}

fn place_path(k: usize, place: Place) -> String {
    match place {
        Place::Plan => format!("plans[{k}].indicators"),
        Place::Task(t) => format!("plans[{k}].tasks[{t}].indicators"),
    }
}

/// Injects defects into a department table: per plan with probability `rate`,
/// one defect of a kind that applies; per document with probability `rate / 5`,
/// figures that do not add up.
pub(crate) fn inject_department(
    doc: &mut Document,
    profile: Profile,
    year: i32,
    rate: f64,
    rng: &mut Rng,
    out: &mut Vec<Record>,
) {
    let Body::Department(table) = &mut doc.body else { return };
    for (k, plan) in table.plans.iter_mut().enumerate() {
        if !rng.chance(rate) {
            continue;
        }
        // Candidate (kind, place) pairs.
        let mut options: Vec<(DefectKind, Place)> = Vec::new();
        let mut places = vec![Place::Plan];
        places.extend((0..plan.tasks.len()).map(Place::Task));
        for place in places.iter().copied() {
            let Some(inds) = list_mut(plan, place) else { continue };
            for kind in applicable_value_kinds(inds) {
                // A task's own indicators carry no categories: only plan-wide
                // lists can lack a satisfaction indicator.
                if kind == DefectKind::MissingSatisfaction && !matches!(place, Place::Plan) {
                    continue;
                }
                options.push((kind, place));
            }
        }
        let with_inds: Vec<usize> = (0..plan.tasks.len())
            .filter(|t| plan.tasks.get(*t).is_some_and(|x| !x.indicators.is_empty()))
            .collect();
        if with_inds.len() >= 2 {
            options.push((DefectKind::CopiedIndicators, Place::Plan));
        }
        let Some((kind, place)) = rng.pick(&options).copied() else { continue };
        match kind {
            DefectKind::CopiedIndicators => {
                let j = 1 + rng.below(with_inds.len() - 1);
                let (Some(&from), Some(&to)) = (with_inds.get(rng.below(j)), with_inds.get(j)) else { continue };
                let Some(copied) = plan.tasks.get(from).map(|t| t.indicators.clone()) else { continue };
                if let Some(t) = plan.tasks.get_mut(to) {
                    t.indicators = copied;
                    out.push((kind, place_path(k, Place::Task(to))));
                }
            }
            DefectKind::MissingSatisfaction => {
                if let Some(inds) = list_mut(plan, place) {
                    remove_satisfaction(inds);
                    out.push((kind, place_path(k, place)));
                }
            }
            _ => {
                if let Some(inds) = list_mut(plan, place) {
                    if let Some(i) = value_defect(kind, inds, year, rng) {
                        out.push((kind, format!("{}[{i}]", place_path(k, place))));
                    }
                }
            }
        }
    }
    if rng.chance(rate / 5.0) {
        let label = if profile == Profile::Extended { "总额" } else { "财政拨款" };
        if let Some((i, f)) = table.figures.iter_mut().enumerate().find(|(_, f)| f.label == label) {
            f.value += Decimal::new(1 + rng.below(5000) as i64, 2);
            out.push((DefectKind::TotalMismatch, format!("figures[{i}]")));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_money_in_values() {
        let mut ind = Indicator::named("项目总成本");
        ind.annual_value = Some("控制在125.5万元以内".into());
        assert_eq!(money_in(&ind), Some(Decimal::new(1255, 1)));
        ind.annual_value = Some("≤80万元".into());
        assert_eq!(money_in(&ind), Some(Decimal::from(80)));
        ind.annual_value = Some("300".into());
        ind.unit = Some("万元".into());
        assert_eq!(money_in(&ind), Some(Decimal::from(300)));
        ind.unit = None;
        assert_eq!(money_in(&ind), None);
    }

    #[test]
    fn breaks_codes_within_their_level1() {
        let mut rng = Rng::new(1);
        for code in ["11", "01", "22"] {
            let mut ind = Indicator::named("x");
            ind.level2_code = Some(code.into());
            break_code(&mut ind, &mut rng);
            let new = ind.level2_code.unwrap();
            assert_ne!(new, code);
            assert_eq!(new.chars().next(), code.chars().next());
        }
    }
}
