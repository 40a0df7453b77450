//! Independent checks of generated documents, written against the model and
//! the taxonomy only (not the generator's internals).
#![allow(dead_code)]

use jixiao_core::taxonomy::{Level1, Level2};
use jixiao_core::{Amounts, Body, DepartmentTable, Document, Horizon, Indicator, ProjectTable};
use rust_decimal::Decimal;

pub const VAGUE: &[&str] = &["有效", "不断提升", "明显提高", "逐步完善", "进一步提高", "较好"];

pub fn is_satisfaction(ind: &Indicator) -> bool {
    ind.level1.as_deref().and_then(Level1::from_name) == Some(Level1::Satisfaction)
}

pub fn is_cost(ind: &Indicator) -> bool {
    ind.level1.as_deref().and_then(Level1::from_name) == Some(Level1::Cost)
        || ind.level2.as_deref().and_then(Level2::from_name) == Some(Level2::Cost)
}

/// True when the printed codes agree with the printed names (or there are none).
pub fn codes_agree(ind: &Indicator) -> bool {
    let (Some(c1), Some(c2)) = (ind.level1_code.as_deref(), ind.level2_code.as_deref()) else { return true };
    let Some(l1) = ind.level1.as_deref().and_then(Level1::from_name) else { return false };
    let Some(l2) = ind.level2.as_deref().and_then(Level2::from_name) else { return false };
    let Some(d2) = l2.code_digit() else { return false };
    if !l2.parents().contains(&l1) {
        return false;
    }
    if c1.len() == 2 {
        c1 == format!("{:02}", l1.code_digit()) && c2 == format!("{d2:02}")
    } else {
        c1 == l1.code_digit().to_string() && c2 == format!("{}{d2}", l1.code_digit())
    }
}

/// Years (`2023年`) printed in a value.
pub fn years_in(text: &str) -> Vec<i32> {
    let chars: Vec<char> = text.chars().collect();
    let mut out = Vec::new();
    for w in 0..chars.len().saturating_sub(4) {
        let four: String = chars[w..w + 4].iter().collect();
        let before_digit = w > 0 && chars[w - 1].is_ascii_digit();
        if !before_digit && chars[w + 4] == '年' && four.chars().all(|c| c.is_ascii_digit()) {
            out.push(four.parse().unwrap());
        }
    }
    out
}

/// The amount in 万元 a value states.
pub fn money_in(ind: &Indicator) -> Option<Decimal> {
    let v = ind.annual_value.as_deref()?;
    if ind.unit.as_deref() == Some("万元") {
        return v.parse().ok();
    }
    let at = v.find("万元")?;
    let head = &v[..at];
    let digits: String =
        head.chars().rev().take_while(|c| c.is_ascii_digit() || *c == '.').collect::<Vec<_>>().into_iter().rev().collect();
    digits.parse().ok()
}

fn z(x: Option<Decimal>) -> Decimal {
    x.unwrap_or(Decimal::ZERO)
}

fn sum(xs: &[&Amounts]) -> Amounts {
    let f = |g: fn(&Amounts) -> Option<Decimal>| {
        let present: Vec<Decimal> = xs.iter().filter_map(|a| g(a)).collect();
        if present.is_empty() { None } else { Some(present.iter().copied().sum()) }
    };
    Amounts { total: f(|a| a.total), fiscal: f(|a| a.fiscal), special_account: f(|a| a.special_account), other: f(|a| a.other) }
}

/// Why a project table's amounts do not add up, if they do not.
pub fn project_sums(t: &ProjectTable) -> Result<(), String> {
    for u in &t.units {
        for p in &u.projects {
            let parts = z(p.amounts.fiscal) + z(p.amounts.special_account) + z(p.amounts.other);
            if p.amounts.total != Some(parts) {
                return Err(format!("project {}: total {:?} != parts {parts}", p.name, p.amounts.total));
            }
        }
        let s = sum(&u.projects.iter().map(|p| &p.amounts).collect::<Vec<_>>());
        if s != u.amounts {
            return Err(format!("unit {}: {:?} != sum {:?}", u.name, u.amounts, s));
        }
    }
    let s = sum(&t.units.iter().map(|u| &u.amounts).collect::<Vec<_>>());
    if s != t.totals {
        return Err(format!("totals {:?} != sum {:?}", t.totals, s));
    }
    Ok(())
}

fn fig(t: &DepartmentTable, label: &str) -> Option<Decimal> {
    t.figures.iter().find(|f| f.label == label).map(|f| f.value)
}

/// Why a department table's figures do not add up, if they do not.
pub fn department_sums(t: &DepartmentTable) -> Result<(), String> {
    let g = |l: &str| fig(t, l);
    if let (Some(b), Some(p), Some(f)) = (g("基本支出"), g("项目支出"), g("财政拨款")) {
        let o = z(g("其他资金"));
        if b + p != f + o {
            return Err(format!("基本支出 {b} + 项目支出 {p} != 财政拨款 {f} + 其他资金 {o}"));
        }
        let local = g("区本级使用资金").or(g("县本级使用资金"));
        if let (Some(l), Some(tr)) = (local, g("拟用于对下转移支付资金")) {
            if l + tr != f + o {
                return Err(format!("本级 {l} + 转移支付 {tr} != {}", f + o));
            }
        }
    }
    if let Some(total) = g("总额") {
        let parts = z(g("财政拨款收入")) + z(g("财政专户管理资金")) + z(g("事业收入")) + z(g("经营收入")) + z(g("其他收入"));
        if total != parts {
            return Err(format!("总额 {total} != {parts}"));
        }
        if g("财政拨款收入") != Some(z(g("一般公共预算")) + z(g("政府性基金预算"))) {
            return Err("财政拨款收入 != 一般公共预算 + 政府性基金预算".into());
        }
    }
    if let Some(p) = g("项目支出") {
        for plan in t.plans.iter().filter(|p| p.horizon == Horizon::Annual) {
            let amounts: Vec<Decimal> = plan.tasks.iter().filter_map(|t| t.amount).collect();
            if !amounts.is_empty() && amounts.iter().copied().sum::<Decimal>() != p {
                return Err(format!("task amounts do not add up to 项目支出 {p}"));
            }
        }
    }
    Ok(())
}

/// Why a document's sums fail, if they do.
pub fn sums(doc: &Document) -> Result<(), String> {
    match &doc.body {
        Body::Project(t) => project_sums(t),
        Body::Department(t) => department_sums(t),
    }
}

/// Every defect-free property of a clean document; the first violation found.
pub fn clean(doc: &Document) -> Result<(), String> {
    sums(doc)?;
    let year = doc.year.ok_or("no year")?;
    let check_ind = |ind: &Indicator| -> Result<(), String> {
        if !codes_agree(ind) {
            return Err(format!("codes {:?}/{:?} vs {:?}/{:?}", ind.level1_code, ind.level2_code, ind.level1, ind.level2));
        }
        for v in [&ind.annual_value, &ind.period_value].into_iter().flatten() {
            if VAGUE.contains(&v.as_str()) {
                return Err(format!("vague value {v}"));
            }
            if *v == ind.name {
                return Err(format!("value restates name {v}"));
            }
            if let Some(y) = years_in(v).into_iter().find(|y| *y < year) {
                return Err(format!("year {y} before {year} in {v}"));
            }
        }
        Ok(())
    };
    match &doc.body {
        Body::Project(t) => {
            let mut blocks: Vec<&Vec<Indicator>> = Vec::new();
            for p in t.units.iter().flat_map(|u| &u.projects) {
                if !p.indicators.iter().any(is_satisfaction) {
                    return Err(format!("project {} has no satisfaction indicator", p.name));
                }
                for (n, ind) in p.indicators.iter().enumerate() {
                    check_ind(ind).map_err(|e| format!("{}: {e}", p.name))?;
                    if ind.seq != Some(n as i64 + 1) {
                        return Err(format!("{}: seq {:?} at {n}", p.name, ind.seq));
                    }
                    if is_cost(ind) {
                        if let (Some(m), Some(b)) = (money_in(ind), p.amounts.total) {
                            if m > b {
                                return Err(format!("{}: cost {m} above budget {b}", p.name));
                            }
                        }
                    }
                }
                if blocks.contains(&&p.indicators) {
                    return Err(format!("{}: indicator block copied", p.name));
                }
                blocks.push(&p.indicators);
            }
        }
        Body::Department(t) => {
            for plan in &t.plans {
                if plan.indicators.iter().any(|i| i.level1.is_some()) && !plan.indicators.iter().any(is_satisfaction) {
                    return Err("plan without satisfaction indicator".into());
                }
                for ind in plan.indicators.iter().chain(plan.tasks.iter().flat_map(|t| &t.indicators)) {
                    check_ind(ind)?;
                }
                let blocks: Vec<&Vec<Indicator>> =
                    plan.tasks.iter().map(|t| &t.indicators).filter(|b| !b.is_empty()).collect();
                for (i, b) in blocks.iter().enumerate() {
                    if blocks[..i].contains(b) {
                        return Err("task indicator block copied".into());
                    }
                }
            }
        }
    }
    Ok(())
}

/// Follows a defect path (`units[0].projects[2].indicators[5]`) into JSON.
pub fn at_path<'a>(v: &'a serde_json::Value, path: &str) -> Option<&'a serde_json::Value> {
    let mut cur = v;
    for part in path.split('.') {
        let (key, index) = match part.find('[') {
            Some(i) => (&part[..i], Some(part[i + 1..part.len() - 1].parse::<usize>().ok()?)),
            None => (part, None),
        };
        cur = cur.get(key)?;
        if let Some(i) = index {
            cur = cur.get(i)?;
        }
    }
    Some(cur)
}
