//! Reading a table in the layout jixiao writes (see the module above) back
//! into a document: from a sheet with merged cells (XLSX, PDF, HTML) or from
//! a CSV where every merged cell's text is repeated on each of its rows.

use jixiao_core::{
    Amounts, Body, DepartmentTable, Document, Figure, Horizon, Indicator, Plan, Project, ProjectTable, Task, TaskGroup,
    Unit,
};
use jixiao_ingest::text::parse_amount;
use rust_decimal::Decimal;

use super::*;
use crate::table::Table;

/// Where a table says what it is: the note row and the header row.
struct Heading {
    title: Option<String>,
    department: String,
    year: Option<i32>,
    money_unit: String,
    /// The row after the note row.
    next: usize,
}

/// Reads a table in jixiao's layout; `None` when the table is not in it.
pub fn read_table(name: &str, t: &Table) -> Option<Result<Document, String>> {
    let heading = heading(t)?;
    let body = if let Some(h) = (heading.next..t.cells.len().min(heading.next + 3)).find(|&r| is_project_head(t, r)) {
        project(t, h)
    } else if (heading.next..t.cells.len()).any(|r| matches!(t.shown(r, 0).trim(), ANNUAL_GOAL | PERIOD_GOAL)) {
        department(t, heading.next)
    } else {
        return None;
    };
    Some(body.map(|body| Document {
        source: name.to_string(),
        title: heading.title,
        department: heading.department,
        year: heading.year,
        money_unit: heading.money_unit,
        body,
    }))
}

fn heading(t: &Table) -> Option<Heading> {
    let note = (0..t.cells.len().min(3)).find(|&r| t.cells[r].first().is_some_and(|c| c.trim().starts_with("部门名称：")))?;
    let row = &t.cells[note];
    let department = row[0].trim().trim_start_matches("部门名称：").trim().to_string();
    let labelled = |label: &str| row.iter().find_map(|c| c.trim().strip_prefix(label).map(|v| v.trim().to_string()));
    let year = labelled("年度：").and_then(|y| y.parse().ok());
    let money_unit = labelled("单位：").filter(|u| !u.is_empty()).unwrap_or_else(|| "万元".to_string());
    let title = (note > 0).then(|| t.shown(note - 1, 0).trim().to_string()).filter(|s| !s.is_empty());
    Some(Heading { title, department, year, money_unit, next: note + 1 })
}

fn is_project_head(t: &Table, r: usize) -> bool {
    let row = &t.cells[r];
    row.len() >= PROJECT_HEAD.len() + 4
        && PROJECT_HEAD.iter().enumerate().all(|(i, h)| row[i].trim() == *h)
        && row[PROJECT_HEAD.len()..].iter().all(|c| c.trim().is_empty() || IndCol::of_head(c).is_some())
}

/// The indicator columns of a header row from column `from` on.
fn columns(t: &Table, r: usize, from: usize) -> Vec<(usize, IndCol)> {
    (from..t.width()).filter_map(|c| IndCol::of_head(t.cells[r][c].trim()).map(|k| (c, k))).collect()
}

fn text(t: &Table, r: usize, c: usize) -> Option<String> {
    let s = t.shown(r, c).trim();
    (!s.is_empty()).then(|| s.to_string())
}

fn amount(t: &Table, r: usize, c: usize) -> Result<Option<Decimal>, String> {
    parse_amount(t.shown(r, c)).map_err(|e| format!("row {}, column {}: {e}", t.lines[r], c + 1))
}

fn amounts(t: &Table, r: usize, at: usize) -> Result<Amounts, String> {
    Ok(Amounts {
        total: amount(t, r, at)?,
        fiscal: amount(t, r, at + 1)?,
        special_account: amount(t, r, at + 2)?,
        other: amount(t, r, at + 3)?,
    })
}

/// The indicator of a row, or `None` when the row has no indicator cell.
fn indicator(t: &Table, r: usize, cols: &[(usize, IndCol)]) -> Result<Option<Indicator>, String> {
    if cols.iter().all(|&(c, _)| t.shown(r, c).trim().is_empty()) {
        return Ok(None);
    }
    let mut i = Indicator::default();
    for &(c, k) in cols {
        let v = text(t, r, c);
        match k {
            IndCol::Seq => {
                i.seq = match v {
                    Some(s) => Some(s.parse().map_err(|_| format!("row {}: 序号 {s:?} is not a number", t.lines[r]))?),
                    None => None,
                }
            }
            IndCol::Level1 => (i.level1_code, i.level1) = split_level(t.shown(r, c)),
            IndCol::Level2 => (i.level2_code, i.level2) = split_level(t.shown(r, c)),
            IndCol::Name => i.name = v.unwrap_or_default(),
            IndCol::Explanation => i.explanation = v,
            IndCol::Comparator => i.comparator = v,
            IndCol::Period => i.period_value = v,
            IndCol::Annual => i.annual_value = v,
            IndCol::Unit => i.unit = v,
            IndCol::Nature => i.nature = v,
            IndCol::Direction => i.direction = v,
            IndCol::Weight => i.weight = amount(t, r, c)?,
            IndCol::Standard => i.standard = v,
        }
    }
    Ok(Some(i))
}

fn project(t: &Table, head: usize) -> Result<Body, String> {
    let n = PROJECT_HEAD.len();
    let cols = columns(t, head, n);
    let mut table = ProjectTable::default();
    // The key of the project a row belongs to, where no merged cells mark it.
    let key = |r: usize| (0..n).map(|c| t.shown(r, c).trim().to_string()).collect::<Vec<_>>();
    let mut prev_key: Option<Vec<String>> = None;
    for r in head + 1..t.cells.len() {
        if t.cells[r].iter().all(|c| c.trim().is_empty()) && !t.merged {
            continue;
        }
        let unit_text = t.shown(r, 0).trim();
        // The 合计 row: one region over the first two columns (or, in a CSV, 合计 in both).
        let merged_pair = t.origin(r, 1) == Some((r as u32, 0));
        if unit_text == TOTAL_ROW && (merged_pair || (!t.merged && t.cells[r][1].trim() == TOTAL_ROW)) {
            table.totals = amounts(t, r, 2)?;
            prev_key = None;
            continue;
        }
        let name_cell = t.shown(r, 1).trim();
        if name_cell.is_empty() {
            if unit_text.is_empty() {
                continue;
            }
            table.units.push(Unit { name: unit_text.to_string(), amounts: amounts(t, r, 2)?, projects: Vec::new() });
            prev_key = None;
            continue;
        }
        let starts = if t.merged { t.is_origin(r, 1) } else { prev_key.as_ref() != Some(&key(r)) };
        prev_key = Some(key(r));
        if table.units.is_empty() {
            table.units.push(Unit { name: unit_text.to_string(), ..Unit::default() });
        }
        let unit = table.units.last_mut().expect("a unit was pushed");
        if starts || unit.projects.is_empty() {
            unit.projects.push(Project {
                name: name_cell.to_string(),
                amounts: amounts(t, r, 2)?,
                goal: text(t, r, 6),
                indicators: Vec::new(),
            });
        }
        if let Some(i) = indicator(t, r, &cols)? {
            unit.projects.last_mut().expect("a project was pushed").indicators.push(i);
        }
    }
    Ok(Body::Project(table))
}

fn department(t: &Table, from: usize) -> Result<Body, String> {
    enum Mode {
        None,
        Tasks,
        Indicators(Vec<(usize, IndCol)>),
    }
    let mut table = DepartmentTable::default();
    let mut mode = Mode::None;
    for r in from..t.cells.len() {
        let label = t.shown(r, 0).trim();
        let second = t.shown(r, 1).trim();
        if label.is_empty() && second.is_empty() && t.cells[r].iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        match label {
            FIGURES => {
                let value = amount(t, r, 2)?.ok_or_else(|| format!("row {}: figure {second:?} has no value", t.lines[r]))?;
                table.figures.push(Figure { label: second.to_string(), value });
                continue;
            }
            FUNCTIONS => {
                table.functions = text(t, r, 1);
                continue;
            }
            ANNUAL_GOAL | PERIOD_GOAL => {
                let horizon = if label == ANNUAL_GOAL { Horizon::Annual } else { Horizon::MultiYear };
                let mut plan = Plan::new(horizon);
                plan.goal = text(t, r, 1);
                table.plans.push(plan);
                mode = Mode::None;
                continue;
            }
            _ if label == TASK_HEAD[0] && second == TASK_HEAD[1] => {
                mode = Mode::Tasks;
                continue;
            }
            _ if label == IND_HEAD[0] && second == IND_HEAD[1] => {
                mode = Mode::Indicators(columns(t, r, 2));
                continue;
            }
            _ => {}
        }
        let Some(plan) = table.plans.last_mut() else {
            return Err(format!("row {}: a row before any 年度绩效目标 or 中期绩效目标 row", t.lines[r]));
        };
        match &mode {
            Mode::None => return Err(format!("row {}: a row outside any block ({label:?})", t.lines[r])),
            Mode::Tasks => {
                let group = if label == OTHER_TASK { TaskGroup::Other } else { TaskGroup::Key };
                let mut task = Task::new(group, second);
                task.content = text(t, r, 2);
                task.amount = amount(t, r, 3)?;
                task.goal = text(t, r, 4);
                task.projects = t
                    .shown(r, 5)
                    .split(PROJECT_SEP)
                    .map(str::trim)
                    .filter(|s| !s.is_empty())
                    .map(str::to_string)
                    .collect();
                plan.tasks.push(task);
            }
            Mode::Indicators(cols) => {
                let Some(i) = indicator(t, r, cols)? else { continue };
                if second.is_empty() {
                    plan.indicators.push(i);
                } else {
                    let task = plan
                        .tasks
                        .iter_mut()
                        .find(|k| k.name == second)
                        .ok_or_else(|| format!("row {}: indicator of a task {second:?} the table does not list", t.lines[r]))?;
                    task.indicators.push(i);
                }
            }
        }
    }
    Ok(Body::Department(table))
}
