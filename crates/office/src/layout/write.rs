//! A document laid out as the official table: rows of cells and merged regions,
//! the one layout every writer (XLSX, PDF, CSV) renders.

use jixiao_core::{Amounts, Body, DepartmentTable, Document, Horizon, Indicator, Plan, ProjectTable, TaskGroup};
use rust_decimal::Decimal;

use super::*;
use crate::table::Merge;

/// How a cell is shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Style {
    /// The title row.
    Title,
    /// The note row under the title (部门名称, 年度, 单位).
    Note,
    /// Header cells.
    Head,
    /// A block label in the first column of a department table.
    Label,
    /// Ordinary text.
    Text,
    /// An amount or a score.
    Number,
}

/// One cell of the laid-out table.
#[derive(Debug, Clone, PartialEq)]
pub struct OutCell {
    /// The text as shown (amounts formatted).
    pub text: String,
    /// The number of an amount cell.
    pub number: Option<Decimal>,
    /// How it is shown.
    pub style: Style,
}

impl OutCell {
    pub(crate) fn text(s: impl Into<String>, style: Style) -> OutCell {
        OutCell { text: s.into(), number: None, style }
    }

    pub(crate) fn empty(style: Style) -> OutCell {
        OutCell::text("", style)
    }

    pub(crate) fn amount(x: Option<Decimal>) -> OutCell {
        match x {
            Some(d) => OutCell { text: amount_text(d), number: Some(d), style: Style::Number },
            None => OutCell::empty(Style::Number),
        }
    }
}

/// An amount as printed: thousands separators, at least two decimals.
pub fn amount_text(d: Decimal) -> String {
    let scale = d.scale().max(2) as usize;
    let plain = format!("{:.*}", scale, d);
    jixiao_core::numfmt::group_thousands(&plain)
}

/// The laid-out table.
#[derive(Debug, Clone, PartialEq)]
pub struct Sheet {
    /// The sheet's name (project or department table).
    pub name: String,
    /// Rows of cells, every row as wide as [`Sheet::widths`].
    pub cells: Vec<Vec<OutCell>>,
    /// Merged regions.
    pub merges: Vec<Merge>,
    /// Rows repeated at the top of every printed page (the header row), 0-based inclusive.
    pub repeat: (usize, usize),
    /// Column widths, in characters.
    pub widths: Vec<f64>,
    /// Columns of the 一级/二级 categories: their merged cells are short groups
    /// that a printed page never splits.
    pub groups: Vec<usize>,
}

impl Sheet {
    pub(crate) fn new(name: &str, width: usize) -> Sheet {
        Sheet { name: name.to_string(), cells: Vec::new(), merges: Vec::new(), repeat: (2, 2), widths: vec![10.0; width], groups: Vec::new() }
    }

    fn width(&self) -> usize {
        self.widths.len()
    }

    pub(crate) fn push(&mut self, mut row: Vec<OutCell>) -> usize {
        let w = self.width();
        row.resize(w, OutCell::empty(Style::Text));
        self.cells.push(row);
        self.cells.len() - 1
    }

    pub(crate) fn merge(&mut self, row: usize, col: usize, rows: usize, cols: usize) {
        if rows > 1 || cols > 1 {
            self.merges.push(Merge { row, col, rows, cols });
        }
    }

    /// Title and note rows: 部门名称, 年度 and the money unit.
    fn heading(&mut self, doc: &Document) {
        let w = self.width();
        let r = self.push(vec![OutCell::text(doc.title.clone().unwrap_or_default(), Style::Title)]);
        self.merge(r, 0, 1, w);
        // Every layout is at least six columns wide.
        let mid = w / 2;
        let mut note = vec![OutCell::empty(Style::Note); w];
        note[0].text = format!("部门名称：{}", doc.department);
        note[mid].text = doc.year.map(|y| format!("年度：{y}")).unwrap_or_default();
        note[w - 1].text = format!("单位：{}", doc.money_unit);
        let r = self.push(note);
        self.merge(r, 0, 1, mid);
        self.merge(r, mid, 1, w - 1 - mid);
    }
}

/// The indicator cells of one indicator.
fn indicator_cells(i: &Indicator, cols: &[IndCol]) -> Vec<OutCell> {
    cols.iter()
        .map(|c| {
            let t = |s: &Option<String>| OutCell::text(s.clone().unwrap_or_default(), Style::Text);
            match c {
                IndCol::Seq => OutCell::text(i.seq.map(|s| s.to_string()).unwrap_or_default(), Style::Text),
                IndCol::Level1 => OutCell::text(level_text(i.level1_code.as_deref(), i.level1.as_deref()), Style::Text),
                IndCol::Level2 => OutCell::text(level_text(i.level2_code.as_deref(), i.level2.as_deref()), Style::Text),
                IndCol::Name => OutCell::text(i.name.clone(), Style::Text),
                IndCol::Explanation => t(&i.explanation),
                IndCol::Comparator => t(&i.comparator),
                IndCol::Period => t(&i.period_value),
                IndCol::Annual => t(&i.annual_value),
                IndCol::Unit => t(&i.unit),
                IndCol::Nature => t(&i.nature),
                IndCol::Direction => t(&i.direction),
                IndCol::Weight => OutCell::amount(i.weight),
                IndCol::Standard => t(&i.standard),
            }
        })
        .collect()
}

/// Merges runs of equal 一级 and 二级 cells over consecutive indicator rows.
fn merge_levels(sheet: &mut Sheet, first_row: usize, inds: &[&Indicator], cols: &[IndCol], at: usize) {
    for (level, col) in [(1, IndCol::Level1), (2, IndCol::Level2)] {
        let Some(k) = cols.iter().position(|c| *c == col) else { continue };
        let key = |i: &Indicator| {
            if level == 1 {
                (i.level1_code.clone(), i.level1.clone(), None, None)
            } else {
                (i.level1_code.clone(), i.level1.clone(), i.level2_code.clone(), i.level2.clone())
            }
        };
        let mut start = 0;
        while start < inds.len() {
            let mut end = start + 1;
            while end < inds.len() && key(inds[end]) == key(inds[start]) {
                end += 1;
            }
            if !sheet.cells[first_row + start][at + k].text.is_empty() {
                for r in first_row + start + 1..first_row + end {
                    sheet.cells[r][at + k].text.clear();
                }
                sheet.merge(first_row + start, at + k, end - start, 1);
            }
            start = end;
        }
    }
}

fn level_columns(cols: &[IndCol], at: usize) -> Vec<usize> {
    cols.iter().enumerate().filter(|(_, c)| matches!(c, IndCol::Level1 | IndCol::Level2)).map(|(i, _)| at + i).collect()
}

/// Widths of the indicator columns.
fn indicator_widths(cols: &[IndCol]) -> Vec<f64> {
    cols.iter()
        .map(|c| match c {
            IndCol::Seq | IndCol::Comparator | IndCol::Unit | IndCol::Weight | IndCol::Direction => 7.0,
            IndCol::Level1 | IndCol::Level2 | IndCol::Nature | IndCol::Standard => 11.0,
            IndCol::Name => 22.0,
            IndCol::Explanation => 26.0,
            IndCol::Period | IndCol::Annual => 16.0,
        })
        .collect()
}

/// The official layout of a document.
pub fn sheet(doc: &Document) -> Sheet {
    match &doc.body {
        Body::Project(t) => project_sheet(doc, t),
        Body::Department(t) => department_sheet(doc, t),
    }
}

fn amounts_cells(a: &Amounts) -> Vec<OutCell> {
    [a.total, a.fiscal, a.special_account, a.other].into_iter().map(OutCell::amount).collect()
}

fn project_sheet(doc: &Document, t: &ProjectTable) -> Sheet {
    let all = t.units.iter().flat_map(|u| u.projects.iter().flat_map(|p| p.indicators.iter()));
    let cols = IndCol::used(all);
    let n = PROJECT_HEAD.len();
    let mut sheet = Sheet::new("项目支出绩效目标表", n + cols.len());
    sheet.widths[..n].copy_from_slice(&[16.0, 20.0, 10.0, 10.0, 10.0, 10.0, 30.0]);
    sheet.widths[n..].copy_from_slice(&indicator_widths(&cols));
    sheet.groups = level_columns(&cols, n);
    sheet.heading(doc);
    let head: Vec<OutCell> =
        PROJECT_HEAD.iter().copied().chain(cols.iter().map(|c| c.head())).map(|h| OutCell::text(h, Style::Head)).collect();
    let h = sheet.push(head);
    sheet.repeat = (h, h);
    if !t.totals.is_empty() {
        let mut row = vec![OutCell::text(TOTAL_ROW, Style::Text), OutCell::empty(Style::Text)];
        row.extend(amounts_cells(&t.totals));
        let r = sheet.push(row);
        sheet.merge(r, 0, 1, 2);
    }
    for unit in &t.units {
        let mut row = vec![OutCell::text(unit.name.clone(), Style::Text), OutCell::empty(Style::Text)];
        row.extend(amounts_cells(&unit.amounts));
        let unit_row = sheet.push(row);
        for p in &unit.projects {
            let first = sheet.cells.len();
            let inds: Vec<&Indicator> = p.indicators.iter().collect();
            let count = inds.len().max(1);
            for k in 0..count {
                let mut row = vec![OutCell::empty(Style::Text)];
                if k == 0 {
                    row.push(OutCell::text(p.name.clone(), Style::Text));
                    row.extend(amounts_cells(&p.amounts));
                    row.push(OutCell::text(p.goal.clone().unwrap_or_default(), Style::Text));
                } else {
                    row.resize(n, OutCell::empty(Style::Text));
                }
                match inds.get(k) {
                    Some(i) => row.extend(indicator_cells(i, &cols)),
                    None => row.resize(n + cols.len(), OutCell::empty(Style::Text)),
                }
                sheet.push(row);
            }
            for c in 1..n {
                sheet.merge(first, c, count, 1);
            }
            merge_levels(&mut sheet, first, &inds, &cols, n);
        }
        let end = sheet.cells.len();
        sheet.merge(unit_row, 0, end - unit_row, 1);
    }
    sheet
}

fn department_sheet(doc: &Document, t: &DepartmentTable) -> Sheet {
    let all = t.plans.iter().flat_map(|p| p.indicators.iter().chain(p.tasks.iter().flat_map(|k| k.indicators.iter())));
    let cols = IndCol::used(all);
    let width = (2 + cols.len()).max(TASK_HEAD.len());
    let mut sheet = Sheet::new("部门整体支出绩效目标表", width);
    sheet.widths[0] = 12.0;
    sheet.widths[1] = 18.0;
    sheet.widths[2..2 + cols.len()].copy_from_slice(&indicator_widths(&cols));
    sheet.groups = level_columns(&cols, 2);
    for w in sheet.widths.iter_mut().take(TASK_HEAD.len()).skip(2) {
        *w = w.max(14.0);
    }
    sheet.heading(doc);
    let full = |sheet: &mut Sheet, label: &str, text: String| {
        let r = sheet.push(vec![OutCell::text(label, Style::Label), OutCell::text(text, Style::Text)]);
        sheet.merge(r, 1, 1, width - 1);
    };
    if !t.figures.is_empty() {
        let first = sheet.cells.len();
        for f in &t.figures {
            let r = sheet.push(vec![
                OutCell::text(FIGURES, Style::Label),
                OutCell::text(f.label.clone(), Style::Text),
                OutCell::amount(Some(f.value)),
            ]);
            sheet.merge(r, 2, 1, width - 2);
            if r > first {
                sheet.cells[r][0].text.clear();
            }
        }
        sheet.merge(first, 0, t.figures.len(), 1);
    }
    if let Some(f) = &t.functions {
        full(&mut sheet, FUNCTIONS, f.clone());
    }
    for plan in &t.plans {
        let label = if plan.horizon == Horizon::Annual { ANNUAL_GOAL } else { PERIOD_GOAL };
        full(&mut sheet, label, plan.goal.clone().unwrap_or_default());
        plan_tasks(&mut sheet, plan);
        plan_indicators(&mut sheet, plan, &cols);
    }
    if let Some(h) = sheet.cells.iter().position(|r| r.first().is_some_and(|c| c.text == IND_HEAD[0])) {
        sheet.repeat = (h, h);
    } else {
        sheet.repeat = (1, 1);
    }
    sheet
}

fn plan_tasks(sheet: &mut Sheet, plan: &Plan) {
    if plan.tasks.is_empty() {
        return;
    }
    let width = sheet.width();
    let h = sheet.push(TASK_HEAD.iter().map(|t| OutCell::text(*t, Style::Head)).collect());
    sheet.merge(h, TASK_HEAD.len() - 1, 1, width - TASK_HEAD.len() + 1);
    let mut group_start = sheet.cells.len();
    for (k, task) in plan.tasks.iter().enumerate() {
        let group = if task.group == TaskGroup::Key { KEY_TASK } else { OTHER_TASK };
        let r = sheet.push(vec![
            OutCell::text(group, Style::Label),
            OutCell::text(task.name.clone(), Style::Text),
            OutCell::text(task.content.clone().unwrap_or_default(), Style::Text),
            OutCell::amount(task.amount),
            OutCell::text(task.goal.clone().unwrap_or_default(), Style::Text),
            OutCell::text(task.projects.join(PROJECT_SEP), Style::Text),
        ]);
        sheet.merge(r, TASK_HEAD.len() - 1, 1, width - TASK_HEAD.len() + 1);
        let last = k + 1 == plan.tasks.len() || plan.tasks[k + 1].group != task.group;
        if r > group_start {
            sheet.cells[r][0].text.clear();
        }
        if last {
            sheet.merge(group_start, 0, r + 1 - group_start, 1);
            group_start = r + 1;
        }
    }
}

fn plan_indicators(sheet: &mut Sheet, plan: &Plan, cols: &[IndCol]) {
    let mut groups: Vec<(&str, Vec<&Indicator>)> = vec![("", plan.indicators.iter().collect())];
    for task in &plan.tasks {
        groups.push((task.name.as_str(), task.indicators.iter().collect()));
    }
    if groups.iter().all(|g| g.1.is_empty()) {
        return;
    }
    let head: Vec<OutCell> =
        IND_HEAD.iter().copied().chain(cols.iter().map(|c| c.head())).map(|h| OutCell::text(h, Style::Head)).collect();
    sheet.push(head);
    let first = sheet.cells.len();
    let horizon = if plan.horizon == Horizon::Annual { ANNUAL } else { MULTI_YEAR };
    for (task, inds) in groups {
        if inds.is_empty() {
            continue;
        }
        let start = sheet.cells.len();
        for (k, i) in inds.iter().enumerate() {
            let mut row = vec![
                OutCell::text(if sheet.cells.len() == first { horizon } else { "" }, Style::Label),
                OutCell::text(if k == 0 { task } else { "" }, Style::Text),
            ];
            row.extend(indicator_cells(i, cols));
            sheet.push(row);
        }
        sheet.merge(start, 1, inds.len(), 1);
        merge_levels(sheet, start, &inds, cols, 2);
    }
    let end = sheet.cells.len();
    sheet.merge(first, 0, end - first, 1);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amounts_keep_their_decimals() {
        assert_eq!(amount_text(Decimal::new(129582, 2)), "1,295.82");
        assert_eq!(amount_text(Decimal::new(5, 0)), "5.00");
        assert_eq!(amount_text(Decimal::new(-1234567125, 3)), "-1,234,567.125");
    }
}
