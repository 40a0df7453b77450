//! ARITHMETIC: totals against the sums of units and projects, a row's total
//! against its sources, the department's budget identities and task money
//! against expenditure, all with an allowance for rounding (RuleConfig).

use super::text::{fmt_amount, normalize};
use super::{rule, Ctx, Finding, Place};
use crate::model::{Amounts, Body, DepartmentTable, Figure, Horizon, ProjectTable};
use rust_decimal::Decimal;

pub(super) fn check(ctx: &Ctx, out: &mut Vec<Finding>) {
    match &ctx.doc.body {
        Body::Project(t) => project_table(ctx, t, out),
        Body::Department(t) => department_table(ctx, t, out),
    }
}

const COLUMNS: [(&str, &str); 4] = [("total", "总计"), ("fiscal", "财政拨款"), ("special_account", "财政专户拨款"), ("other", "其他资金")];

fn column(a: &Amounts, i: usize) -> Option<Decimal> {
    match i {
        0 => a.total,
        1 => a.fiscal,
        2 => a.special_account,
        _ => a.other,
    }
}

fn project_table(ctx: &Ctx, t: &ProjectTable, out: &mut Vec<Finding>) {
    let unit = &ctx.doc.money_unit;
    // Row totals against their sources.
    row_sources(ctx, &t.totals, Place::document().with_field("totals.total"), "合计行", out);
    let mut scope_iter = ctx.scopes.iter();
    for (ui, u) in t.units.iter().enumerate() {
        let uplace = unit_place(ctx, ui);
        row_sources(ctx, &u.amounts, uplace.with_field("amounts.total"), "单位行", out);
        for p in &u.projects {
            let place = scope_iter.next().map(|s| s.place.clone()).unwrap_or_default();
            row_sources(ctx, &p.amounts, place.with_field("amounts.total"), "项目行", out);
        }
        // A unit's amounts against the sums of its projects.
        let rows: Vec<&Amounts> = u.projects.iter().map(|p| &p.amounts).collect();
        if let Some(diff) = sum_mismatch(ctx, &u.amounts, &rows) {
            out.push(Finding::new(
                rule::ARI_UNIT_SUM,
                uplace.with_field("amounts"),
                format!("单位行的金额与其下{}个项目之和不符：{diff}（{unit}）。请核对单位行或项目金额。", rows.len()),
            ));
        }
    }
    // The 合计 row against all projects (or the unit rows when projects print no amounts).
    let projects: Vec<&Amounts> = t.units.iter().flat_map(|u| u.projects.iter().map(|p| &p.amounts)).collect();
    let rows: Vec<&Amounts> = if projects.iter().any(|a| !a.is_empty()) { projects } else { t.units.iter().map(|u| &u.amounts).collect() };
    if let Some(diff) = sum_mismatch(ctx, &t.totals, &rows) {
        out.push(Finding::new(
            rule::ARI_TOTAL_SUM,
            Place::document().with_field("totals"),
            format!("合计行与各项目金额之和不符：{diff}（{unit}）。请核对合计或项目金额。"),
        ));
    }
}

fn unit_place(ctx: &Ctx, ui: usize) -> Place {
    let Body::Project(t) = &ctx.doc.body else { return Place::document() };
    let name = t.units.get(ui).map(|u| u.name.clone());
    let mut p = Place { unit: name, ..Place::default() };
    p.order = vec![ui as u32 + 1];
    p
}

/// `a` against the column sums of `rows`: a description of the columns that differ.
fn sum_mismatch(ctx: &Ctx, a: &Amounts, rows: &[&Amounts]) -> Option<String> {
    if rows.is_empty() {
        return None;
    }
    let mut diffs = Vec::new();
    for (i, (_, zh)) in COLUMNS.iter().enumerate() {
        let Some(printed) = column(a, i) else { continue };
        let present: Vec<Decimal> = rows.iter().filter_map(|r| column(r, i)).collect();
        if present.is_empty() {
            continue;
        }
        let sum: Decimal = present.iter().sum();
        if (sum - printed).abs() > ctx.cfg.tolerance(present.len()) {
            diffs.push(format!("{zh}为{}，各行之和为{}", fmt_amount(printed), fmt_amount(sum)));
        }
    }
    if diffs.is_empty() {
        None
    } else {
        Some(diffs.join("；"))
    }
}

fn row_sources(ctx: &Ctx, a: &Amounts, place: Place, what: &str, out: &mut Vec<Finding>) {
    let Some(total) = a.total else { return };
    let sources: Vec<Decimal> = [a.fiscal, a.special_account, a.other].into_iter().flatten().collect();
    if sources.is_empty() {
        return;
    }
    let sum: Decimal = sources.iter().sum();
    if (sum - total).abs() > ctx.cfg.tolerance(sources.len()) {
        out.push(Finding::new(
            rule::ARI_ROW_SOURCES,
            place,
            format!(
                "{what}总计{}{}，但财政拨款、财政专户拨款、其他资金之和为{}。请核对各资金来源。",
                fmt_amount(total),
                ctx.doc.money_unit,
                fmt_amount(sum)
            ),
        ));
    }
}

/// What a figure of a department's budget overview is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Role {
    Total,
    ExpBasic,
    ExpProject,
    ExpOtherDev,
    ExpDev,
    IncFiscal,
    FiscalSub,
    IncSource,
    /// A source whose place in the hierarchy varies between tables.
    IncAmbiguous,
    LevelOwn,
    LevelTransfer,
    NotMoney,
    Unknown,
}

fn role(label: &str) -> Role {
    let l = normalize(label);
    let l = l.trim_end_matches("万元").trim_end_matches("元");
    if ["人员", "人数", "单位数", "编制", "个数", "户数"].iter().any(|w| l.contains(w)) {
        return Role::NotMoney;
    }
    match l {
        "总额" | "合计" | "总计" | "收入合计" | "收入总计" | "收入总额" | "预算总额" | "部门预算" | "部门预算收入" | "部门预算总额" | "支出合计"
        | "支出总计" | "本年收入合计" | "本年支出合计" | "部门预算支出" => return Role::Total,
        "基本支出" => return Role::ExpBasic,
        "项目支出" => return Role::ExpProject,
        "事业发展性支出" | "发展性支出" => return Role::ExpDev,
        "其他事业发展性支出" | "其他发展性支出" => return Role::ExpOtherDev,
        "财政拨款" | "财政拨款收入" | "财政拨款资金" => return Role::IncFiscal,
        "一般公共预算" | "一般公共预算拨款" | "一般公共预算收入" | "一般公共预算财政拨款" | "政府性基金预算" | "政府性基金" | "政府性基金预算拨款"
        | "政府性基金预算收入" | "国有资本经营预算" | "国有资本经营预算收入" => return Role::FiscalSub,
        "财政专户管理资金" | "财政专户拨款" | "财政专户" | "行政专户拨款" | "事业收入" | "经营收入" | "其他收入" | "其他资金" | "上级补助收入"
        | "附属单位上缴收入" | "上年结转" | "上年结转结余" | "用事业基金弥补收支差额" => return Role::IncSource,
        "财政专项资金" => return Role::IncAmbiguous,
        _ => {}
    }
    if l.ends_with("本级使用资金") || l.ends_with("本级资金") {
        return Role::LevelOwn;
    }
    if l.contains("转移支付") {
        return Role::LevelTransfer;
    }
    Role::Unknown
}

struct Budget<'a> {
    figs: Vec<(&'a Figure, Role)>,
}

impl<'a> Budget<'a> {
    /// The figures with their roles; a figure printed twice (same label and value) counts once.
    fn new(figures: &'a [Figure]) -> Budget<'a> {
        let mut figs: Vec<(&Figure, Role)> = Vec::new();
        for f in figures {
            if !figs.iter().any(|(g, _)| g.label == f.label && g.value == f.value) {
                figs.push((f, role(&f.label)));
            }
        }
        Budget { figs }
    }

    /// True when a role that identities rest on has two different figures.
    fn ambiguous(&self) -> bool {
        [Role::Total, Role::IncFiscal, Role::ExpBasic, Role::ExpProject, Role::ExpDev].iter().any(|r| self.of(*r).len() > 1)
    }

    fn of(&self, r: Role) -> Vec<&'a Figure> {
        self.figs.iter().filter(|(_, x)| *x == r).map(|(f, _)| *f).collect()
    }
    fn one(&self, r: Role) -> Option<&'a Figure> {
        let v = self.of(r);
        if v.len() == 1 {
            v.first().copied()
        } else {
            None
        }
    }
    fn unknown_money(&self) -> bool {
        self.figs.iter().any(|(f, r)| *r == Role::Unknown || (*r == Role::IncAmbiguous && !f.value.is_zero()))
    }
}

fn parts_text(parts: &[&Figure]) -> String {
    parts.iter().map(|f| format!("{}{}", f.label, fmt_amount(f.value))).collect::<Vec<_>>().join(" + ")
}

/// Total expenditure from its parts, with the parts used.
fn expenditure<'a>(b: &Budget<'a>) -> Option<(Decimal, Vec<&'a Figure>)> {
    let basic = b.one(Role::ExpBasic)?;
    let mut parts = vec![basic];
    if let Some(dev) = b.one(Role::ExpDev) {
        parts.push(dev);
    } else {
        parts.push(b.one(Role::ExpProject)?);
        parts.extend(b.of(Role::ExpOtherDev));
    }
    Some((parts.iter().map(|f| f.value).sum(), parts))
}

/// The department's whole budget: the printed total, else the sum of the income
/// sources, else total expenditure.
pub(super) fn department_total(t: &DepartmentTable) -> Option<Decimal> {
    let b = Budget::new(&t.figures);
    if let Some(total) = b.one(Role::Total) {
        return Some(total.value);
    }
    let mut sources: Vec<&Figure> = b.of(Role::IncFiscal);
    sources.extend(b.of(Role::IncSource));
    if !sources.is_empty() {
        return Some(sources.iter().map(|f| f.value).sum());
    }
    expenditure(&b).map(|(e, _)| e)
}

fn department_table(ctx: &Ctx, t: &DepartmentTable, out: &mut Vec<Finding>) {
    let unit = ctx.doc.money_unit.as_str();
    let b = Budget::new(&t.figures);
    if b.ambiguous() {
        return; // e.g. the same label in two blocks with different figures: no sure identity
    }
    let place = Place::document().with_field("figures");
    let mismatch = |lhs: Decimal, rhs: Decimal, n: usize| (lhs - rhs).abs() > ctx.cfg.tolerance(n);
    let mut identity = |msg: String| out.push(Finding::new(rule::ARI_BUDGET_IDENTITY, place.clone(), msg));

    // Development expenditure against its parts.
    if let (Some(dev), Some(project)) = (b.one(Role::ExpDev), b.one(Role::ExpProject)) {
        let mut parts = vec![project];
        parts.extend(b.of(Role::ExpOtherDev));
        let sum: Decimal = parts.iter().map(|f| f.value).sum();
        if parts.len() > 1 && mismatch(sum, dev.value, parts.len()) {
            identity(format!("{} = {}{unit}，与{}{}{unit}不符。请核对支出数。", parts_text(&parts), fmt_amount(sum), dev.label, fmt_amount(dev.value)));
        }
    }
    // Fiscal appropriation against its budgets.
    let subs = b.of(Role::FiscalSub);
    if let (Some(fiscal), false) = (b.one(Role::IncFiscal), subs.is_empty()) {
        let sum: Decimal = subs.iter().map(|f| f.value).sum();
        if mismatch(sum, fiscal.value, subs.len()) {
            identity(format!("{} = {}{unit}，与{}{}{unit}不符。请核对财政拨款的构成。", parts_text(&subs), fmt_amount(sum), fiscal.label, fmt_amount(fiscal.value)));
        }
    }
    // Total income against its sources.
    let mut sources: Vec<&Figure> = b.of(Role::IncFiscal);
    sources.extend(b.of(Role::IncSource));
    sources.extend(b.of(Role::IncAmbiguous).into_iter().filter(|f| !f.value.is_zero()));
    if sources.is_empty() && !subs.is_empty() {
        sources.extend(subs.iter().copied());
    }
    let source_sum: Decimal = sources.iter().map(|f| f.value).sum();
    let total = b.one(Role::Total);
    if let (Some(total), false) = (total, sources.is_empty()) {
        let over = source_sum - total.value > ctx.cfg.tolerance(sources.len());
        let under = total.value - source_sum > ctx.cfg.tolerance(sources.len());
        if over || (under && !b.unknown_money()) {
            identity(format!("{} = {}{unit}，与{}{}{unit}不符。请核对收入来源。", parts_text(&sources), fmt_amount(source_sum), total.label, fmt_amount(total.value)));
        }
    }
    let income: Option<(Decimal, String)> = match (total, sources.is_empty()) {
        (Some(t), _) => Some((t.value, format!("{}{}", t.label, fmt_amount(t.value)))),
        (None, false) => Some((source_sum, format!("收入合计（{}）{}", parts_text(&sources), fmt_amount(source_sum)))),
        (None, true) => None,
    };
    // Income against expenditure.
    let exp = expenditure(&b);
    if let (Some((e, parts)), Some((i, itext))) = (&exp, &income) {
        if !b.unknown_money() && mismatch(*e, *i, parts.len() + sources.len().max(1)) {
            identity(format!("支出合计 {} = {}{unit}，与{itext}{unit}不符：收支应当平衡。请核对。", parts_text(parts), fmt_amount(*e)));
        }
    }
    // Own-level use plus transfers against the whole.
    if let (Some(own), Some((i, itext))) = (b.one(Role::LevelOwn), &income) {
        let mut parts = vec![own];
        parts.extend(b.of(Role::LevelTransfer));
        let sum: Decimal = parts.iter().map(|f| f.value).sum();
        if mismatch(sum, *i, parts.len() + 1) && !b.unknown_money() {
            identity(format!("{} = {}{unit}，与{itext}{unit}不符。请核对按预算级次划分的资金。", parts_text(&parts), fmt_amount(sum)));
        }
    }

    // Task money against the budget.
    let whole = income.as_ref().map(|(i, _)| *i).or(exp.as_ref().map(|(e, _)| *e));
    let dev: Option<Decimal> = b.one(Role::ExpDev).map(|f| f.value).or_else(|| {
        let p = b.one(Role::ExpProject)?;
        Some(p.value + b.of(Role::ExpOtherDev).iter().map(|f| f.value).sum::<Decimal>())
    });
    for (pi, plan) in t.plans.iter().enumerate() {
        if plan.horizon != Horizon::Annual {
            continue;
        }
        let amounts: Vec<Decimal> = plan.tasks.iter().filter_map(|t| t.amount).collect();
        if amounts.is_empty() {
            continue;
        }
        let sum: Decimal = amounts.iter().sum();
        let place = ctx.plan_place(pi, plan.horizon).with_field("tasks");
        let tol = ctx.cfg.tolerance(amounts.len() + 1);
        if let Some(w) = whole {
            if sum - w > tol {
                out.push(Finding::new(
                    rule::ARI_TASK_MONEY_TOTAL,
                    place,
                    format!("各项任务拟投入资金合计{}{unit}，超过部门预算总额{}{unit}。请核对任务资金。", fmt_amount(sum), fmt_amount(w)),
                ));
                continue;
            }
        }
        if let Some(d) = dev {
            if sum - d > tol {
                let what = if b.one(Role::ExpOtherDev).is_some() || b.one(Role::ExpDev).is_some() { "事业发展性支出（项目支出等）" } else { "项目支出" };
                out.push(Finding::new(
                    rule::ARI_TASK_MONEY_PROJECTS,
                    place,
                    format!(
                        "各项任务拟投入资金合计{}{unit}，超过{what}{}{unit}。重点任务应由项目资金保障，请核对任务资金或说明资金来源。",
                        fmt_amount(sum),
                        fmt_amount(d)
                    ),
                ));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::rule;
    use super::super::testkit::*;
    use crate::model::Figure;

    #[test]
    fn row_sources() {
        let id = rule::ARI_ROW_SOURCES.id;
        assert_silent(&clean_project(), id);
        let mut doc = clean_project();
        with_project(&mut doc, 0, |p| p.amounts.other = Some(dec("5")));
        assert_fires(&doc, id);
        // Rounding within the allowance is fine.
        let mut doc = clean_project();
        with_project(&mut doc, 0, |p| {
            p.amounts.fiscal = Some(dec("40.005"));
            p.amounts.other = Some(dec("10"));
        });
        assert_silent(&doc, id);
    }

    #[test]
    fn unit_sum_and_total_sum() {
        assert_silent(&clean_project(), rule::ARI_UNIT_SUM.id);
        assert_silent(&clean_project(), rule::ARI_TOTAL_SUM.id);
        // A unit row that repeats the grand total instead of its own projects.
        let mut doc = clean_project();
        with_table(&mut doc, |t| {
            let mut second = t.units[0].clone();
            second.name = "某某中心".into();
            second.projects.truncate(1);
            second.projects[0].name = "丙项目".into();
            second.amounts = second.projects[0].amounts.clone();
            t.units.push(second);
            t.totals.total = Some(dec("130.50"));
            t.totals.fiscal = Some(dec("130.50"));
            t.units[0].amounts = t.totals.clone();
        });
        let f = assert_fires(&doc, rule::ARI_UNIT_SUM.id);
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].place.unit.as_deref(), Some("某某局"));
        assert_silent(&doc, rule::ARI_TOTAL_SUM.id);
        let mut doc = clean_project();
        with_table(&mut doc, |t| t.totals.total = Some(dec("90.50")));
        assert_fires(&doc, rule::ARI_TOTAL_SUM.id);
    }

    #[test]
    fn budget_identity() {
        let id = rule::ARI_BUDGET_IDENTITY.id;
        assert_silent(&clean_department(), id);
        let mut doc = clean_department();
        with_dept(&mut doc, |t| t.figures[1].value = dec("60"));
        assert_fires(&doc, id);
        // Fiscal sub-budgets and totals.
        let mut doc = clean_department();
        with_dept(&mut doc, |t| {
            t.figures.push(Figure { label: "一般公共预算".into(), value: dec("140") });
            t.figures.push(Figure { label: "政府性基金预算".into(), value: dec("10") });
            t.figures.push(Figure { label: "总额".into(), value: dec("150") });
            t.figures.push(Figure { label: "事业收入".into(), value: dec("0") });
            t.figures.push(Figure { label: "财政供养人员数".into(), value: dec("40") });
        });
        assert_silent(&doc, id);
        with_dept(&mut doc, |t| t.figures[4].value = dec("20"));
        assert_fires(&doc, id);
        // A label printed twice with different figures: no identity is sure.
        let mut doc2 = clean_department();
        with_dept(&mut doc2, |t| t.figures.push(Figure { label: "财政拨款".into(), value: dec("20") }));
        assert_silent(&doc2, id);
        // Unknown money labels: an unexplained remainder is not reported.
        let mut doc = clean_department();
        with_dept(&mut doc, |t| {
            t.figures.push(Figure { label: "总额".into(), value: dec("170") });
            t.figures.push(Figure { label: "某种新的资金".into(), value: dec("20") });
            t.figures[0].value = dec("120");
        });
        assert_silent(&doc, id);
    }

    #[test]
    fn task_money() {
        assert_silent(&clean_department(), rule::ARI_TASK_MONEY_TOTAL.id);
        assert_silent(&clean_department(), rule::ARI_TASK_MONEY_PROJECTS.id);
        let mut doc = clean_department();
        with_dept(&mut doc, |t| t.plans[0].tasks[0].amount = Some(dec("80")));
        assert_fires(&doc, rule::ARI_TASK_MONEY_PROJECTS.id);
        assert_silent(&doc, rule::ARI_TASK_MONEY_TOTAL.id);
        let mut doc = clean_department();
        with_dept(&mut doc, |t| t.plans[0].tasks[0].amount = Some(dec("200")));
        assert_fires(&doc, rule::ARI_TASK_MONEY_TOTAL.id);
        assert_silent(&doc, rule::ARI_TASK_MONEY_PROJECTS.id);
    }
}
