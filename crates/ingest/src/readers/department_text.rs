//! (e) Department target tables (部门整体绩效目标表) from multi-column PDF text
//! covering two horizons, 本年 and 三年期.
//!
//! The PDF's text comes out cell by cell in a scrambled order: the labels of
//! a block, then elsewhere its values; the merged cells of the task table
//! (task name, task goal, projects) in separate runs, away from the rows of
//! indicators they span; running page headers in between. The reader puts the
//! table back together in four steps, using headings, text shapes and order,
//! never names:
//!
//! 1. **Tokens** ([`tokens`]): the title (its repeats, and form feeds, are page
//!    breaks), 部门名称, 部门职能概述 with its paragraph, and the headings of the
//!    layout (headings broken over lines are joined back).
//! 2. **Zones**: every heading opens a zone that says what the text after it
//!    is: figure labels (document start), key-indicator names (after
//!    部门整体支出目标 关键指标), their values (after 预期实现值, in order, while
//!    they look like values), indicator rows (after …主要支出计划 … 主要实施项目),
//!    or loose cells. A page that starts inside a table continues the section
//!    that was open (rows, or key indicators).
//! 3. **Rows**: cells alternate name / value, or sit on one line as
//!    `name value` (split at the single space). Cells are rebuilt from lines
//!    broken at the column width: a line that fills the column and is followed
//!    by one no longer goes on, as does a line starting with `、`, `）` ….
//!    A goal paragraph (indented first line, or lines filling the goal
//!    column's width) inside the rows marks a task printed whole in one row:
//!    the cells before it are its name, then one indicator row, then its
//!    projects. A value where a name is due (and no value after it), an amount,
//!    or text broken at a narrow width ends the rows: the rest is loose cells.
//! 4. **Loose cells**, per page: paragraphs are goals; runs of narrow cells
//!    followed by paragraphs are task names, other narrow runs are project
//!    lists; value-like cells are values of key indicators still waiting
//!    (matched by content); amounts are the figures' values. Names and goals
//!    are paired in order, a paragraph too many being the plan goal of the
//!    page's 年度目标 / 三年期目标 (chosen as the one whose removal pairs the
//!    rest best); projects likewise. The page's tasks, run by run, then claim
//!    contiguous stretches of the page's indicator rows by content overlap
//!    ([`sim`]), with whole-row tasks and horizon changes as fixed
//!    boundaries; a task printed again at the top of the next page continues.
//!
//! Known limits: a task's rows are told apart from the next task's by content
//! overlap only (the text carries no row geometry), so a row that shares no
//! words with its task can land in the neighbouring one; goal paragraphs must
//! be wider than the indicator columns; names and values that extraction put
//! on one line without a space are not split; blank lines are taken as the
//! extraction's block breaks.

mod shape;
mod sim;
mod tokens;

use crate::text::{clean, join_broken, parse_amount, strip_list_number, Source};
use crate::ReadError;
use jixiao_core::{Body, DepartmentTable, Document, Figure, Horizon, Indicator, Plan, Task, TaskGroup};
use shape::{ends_sentence, split_line, split_projects, starts_as_continuation, value_like, width};
use sim::{bag, Bag, Claimant};
use tokens::{Head, Ln, Tok};

/// Reads a department target table of this layout.
pub fn read(src: &Source) -> Result<Document, ReadError> {
    let toks = tokens::tokenize(src);
    let meta = &toks.meta;
    let department = meta
        .department
        .clone()
        .ok_or_else(|| ReadError::table("no 部门名称 line found: not a department target table of this layout"))?;
    let task_headers: Vec<(Horizon, usize)> = toks
        .toks
        .iter()
        .filter_map(|t| match t {
            Tok::Head(Head::TaskHeader(h), no) => Some((*h, *no)),
            _ => None,
        })
        .collect();
    if task_headers.is_empty() {
        let last = src.lines.iter().rev().find(|l| !l.is_blank()).map(|l| l.no).unwrap_or(0);
        return Err(ReadError::at(
            last,
            "no task table (年度主要支出计划 … 主要实施项目) found before the end of the text (truncated, or not this layout)",
        ));
    }
    for t in &toks.toks {
        if let Tok::Head(Head::HorizonLabel(h) | Head::GoalLabel(h), no) = t {
            if !task_headers.iter().any(|(th, _)| th == h) {
                return Err(ReadError::at(
                    *no,
                    format!("{} is named here but its 主要支出计划 task table never comes (truncated?)", horizon_word(*h)),
                ));
            }
        }
    }

    let mut st = State::new(&toks.toks);
    st.run(&toks.toks);
    let money_unit = meta.money_unit.clone().or(st.money_unit.clone()).unwrap_or_else(|| "万元".to_string());

    let mut plans = Vec::new();
    for h in [Horizon::Annual, Horizon::MultiYear] {
        let p = st.plan(h);
        if p.goal.is_some() || !p.tasks.is_empty() || !p.indicators.is_empty() {
            plans.push(p.clone());
        }
    }
    if plans.iter().all(|p| p.tasks.is_empty()) {
        return Err(ReadError::at(
            task_headers.first().map(|t| t.1).unwrap_or(0),
            "the task table has no rows that could be read (truncated or not this layout?)",
        ));
    }
    let figures = st.figures();
    Ok(Document {
        source: src.name.to_string(),
        title: meta.title.clone(),
        department,
        year: meta.year,
        money_unit,
        body: Body::Department(DepartmentTable { figures, functions: meta.functions.clone(), plans }),
    })
}

fn horizon_word(h: Horizon) -> &'static str {
    match h {
        Horizon::Annual => "本年",
        Horizon::MultiYear => "三年期",
    }
}

/// A cell rebuilt from one or more lines.
#[derive(Debug, Clone)]
struct Cell<'a> {
    lines: Vec<Ln<'a>>,
}

impl<'a> Cell<'a> {
    fn new(l: Ln<'a>) -> Self {
        Cell { lines: vec![l] }
    }
    fn text(&self) -> String {
        join_broken(self.lines.iter().map(|l| l.text))
    }
    fn last(&self) -> Option<&Ln<'a>> {
        self.lines.last()
    }
    fn max_width(&self) -> usize {
        self.lines.iter().map(|l| width(l.text)).max().unwrap_or(0)
    }
}

/// What a zone of text is, from the heading that opened it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum ZoneKind {
    FigLabels,
    KiNames(Horizon),
    /// Key-indicator rows continued at the top of a page: names, or values
    /// of names still waiting.
    KiCont(Horizon),
    KiValues(Horizon),
    Rows(Horizon),
    Cells,
}

/// The last table section opened, continued by a new page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Section {
    Ki(Horizon),
    Rows(Horizon),
}

/// An item of a page's loose cells, in order.
#[derive(Debug, Clone)]
enum Item<'a> {
    Marker(Head),
    Para(Cell<'a>),
    Value(Cell<'a>),
    Narrow(Vec<Ln<'a>>),
    Amount(String),
    Wide,
}

/// An entry of a page's indicator rows.
#[derive(Debug, Clone)]
enum RowItem {
    Ind(Horizon, Box<Indicator>),
    Anchor(Horizon, Box<Task>),
}

/// Everything collected while walking the zones.
struct State<'a> {
    ki_horizons: Vec<Horizon>,
    annual: Plan,
    multi: Plan,
    /// Key indicators still waiting for a value: (horizon, index).
    pending_ki: Vec<(Horizon, usize)>,
    labels: Vec<String>,
    amounts: Vec<String>,
    money_unit: Option<String>,
    /// Per page: loose-cell items and indicator rows.
    pages: Vec<(Vec<Item<'a>>, Vec<RowItem>)>,
    /// Typical width of a goal paragraph's lines.
    goal_width: usize,
}

fn indicator(name: String, value: Option<String>) -> Indicator {
    let mut i = Indicator::named(clean(&name));
    i.annual_value = value.map(|v| clean(&v)).filter(|v| !v.is_empty());
    i
}

impl<'a> State<'a> {
    fn new(toks: &[Tok<'a>]) -> Self {
        // The horizon of each key-indicator block: that of the task table after it.
        let mut ki_horizons = Vec::new();
        let mut seen_annual_table = false;
        for (i, t) in toks.iter().enumerate() {
            match t {
                Tok::Head(Head::TaskHeader(Horizon::Annual), _) => seen_annual_table = true,
                Tok::Head(Head::KiHeader, _) => {
                    let next = toks[i..].iter().find_map(|t| match t {
                        Tok::Head(Head::TaskHeader(h), _) => Some(*h),
                        _ => None,
                    });
                    ki_horizons.push(next.unwrap_or(if seen_annual_table { Horizon::MultiYear } else { Horizon::Annual }));
                }
                _ => {}
            }
        }
        State {
            ki_horizons,
            annual: Plan::new(Horizon::Annual),
            multi: Plan::new(Horizon::MultiYear),
            pending_ki: Vec::new(),
            labels: Vec::new(),
            amounts: Vec::new(),
            money_unit: None,
            pages: vec![(Vec::new(), Vec::new())],
            goal_width: estimate_goal_width(toks),
        }
    }

    fn plan(&self, h: Horizon) -> &Plan {
        match h {
            Horizon::Annual => &self.annual,
            Horizon::MultiYear => &self.multi,
        }
    }

    fn plan_mut(&mut self, h: Horizon) -> &mut Plan {
        match h {
            Horizon::Annual => &mut self.annual,
            Horizon::MultiYear => &mut self.multi,
        }
    }

    fn page(&mut self) -> &mut (Vec<Item<'a>>, Vec<RowItem>) {
        if self.pages.is_empty() {
            self.pages.push((Vec::new(), Vec::new()));
        }
        let n = self.pages.len() - 1;
        &mut self.pages[n]
    }

    /// Walks the tokens zone by zone, then assembles every page.
    fn run(&mut self, toks: &[Tok<'a>]) {
        let mut zone = ZoneKind::FigLabels;
        let mut last_section: Option<Section> = None;
        let mut ki_seen = 0usize;
        let mut ki_h = Horizon::Annual;
        let mut buf: Vec<Ln<'a>> = Vec::new();
        for t in toks {
            match t {
                Tok::Line(l) => buf.push(*l),
                Tok::PageBreak(_) => {
                    self.zone(zone, std::mem::take(&mut buf));
                    self.pages.push((Vec::new(), Vec::new()));
                    zone = match last_section {
                        Some(Section::Ki(h)) => ZoneKind::KiCont(h),
                        Some(Section::Rows(h)) => ZoneKind::Rows(h),
                        None => ZoneKind::Cells,
                    };
                }
                Tok::Head(h, _) => {
                    self.zone(zone, std::mem::take(&mut buf));
                    self.page().0.push(Item::Marker(*h));
                    zone = match h {
                        Head::KiHeader => {
                            ki_h = self.ki_horizons.get(ki_seen).copied().unwrap_or(Horizon::Annual);
                            ki_seen += 1;
                            last_section = Some(Section::Ki(ki_h));
                            ZoneKind::KiNames(ki_h)
                        }
                        Head::TaskHeader(th) => {
                            last_section = Some(Section::Rows(*th));
                            ZoneKind::Rows(*th)
                        }
                        Head::ValHeader => ZoneKind::KiValues(ki_h),
                        // Figure labels come at the start, or after the
                        // title or 本年度部门预算收入 when none came yet.
                        Head::FigHeader | Head::Title if self.labels.is_empty() && last_section.is_none() => {
                            ZoneKind::FigLabels
                        }
                        _ => ZoneKind::Cells,
                    };
                }
            }
        }
        self.zone(zone, buf);
        let pages = std::mem::take(&mut self.pages);
        for (items, rows) in pages {
            self.assemble(items, rows);
        }
    }

    fn zone(&mut self, kind: ZoneKind, lines: Vec<Ln<'a>>) {
        if lines.is_empty() {
            return;
        }
        match kind {
            ZoneKind::FigLabels => self.fig_labels(lines),
            ZoneKind::KiNames(h) => self.ki_names(h, lines, false),
            ZoneKind::KiCont(h) => self.ki_names(h, lines, true),
            ZoneKind::KiValues(h) => self.ki_values(h, lines),
            ZoneKind::Rows(h) => self.rows(h, lines),
            ZoneKind::Cells => self.cells(lines),
        }
    }

    /// Figure labels: one a line, list numbers and 其中： dropped; a line may
    /// carry its amount (`label 12.00`). Stops at the first line that is no label.
    fn fig_labels(&mut self, lines: Vec<Ln<'a>>) {
        let mut rest = lines.len();
        for (i, l) in lines.iter().enumerate() {
            let (label, amount) = match split_line(l.text) {
                Some((a, b)) if parse_amount(b).ok().flatten().is_some() => (a, Some(b)),
                _ => (l.text, None),
            };
            if label.chars().count() > 24 || value_like(label) || width(label) == 0 {
                rest = i;
                break;
            }
            if self.money_unit.is_none() {
                self.money_unit = crate::text::money_unit_in(label);
            }
            self.labels.push(figure_label(label));
            if let Some(a) = amount {
                // keep pairing in order: an inline amount takes its label's place
                while self.amounts.len() + 1 < self.labels.len() {
                    self.amounts.push(String::new());
                }
                self.amounts.push(a.to_string());
            }
        }
        if rest < lines.len() {
            self.cells(lines[rest..].to_vec());
        }
    }

    /// Key-indicator names, one per cell; `其中：名称：值` and `name value` carry
    /// their value. At the top of a continued page a value goes to the first
    /// name still waiting.
    fn ki_names(&mut self, h: Horizon, lines: Vec<Ln<'a>>, continued: bool) {
        for c in blocky_cells(&lines) {
            let text = c.text();
            if continued && value_like(&text) && split_line(&text).is_none() {
                if let Some(pos) = self.pending_ki.iter().position(|(ph, _)| *ph == h) {
                    let (ph, idx) = self.pending_ki.remove(pos);
                    if let Some(ind) = self.plan_mut(ph).indicators.get_mut(idx) {
                        ind.annual_value = Some(text);
                    }
                    continue;
                }
            }
            let ind = if let Some(rest) = text.strip_prefix("其中：").or_else(|| text.strip_prefix("其中:")) {
                match rest.rfind(['：', ':']) {
                    Some(at) if !rest[at..].trim_start_matches(['：', ':']).trim().is_empty() => {
                        let v = rest[at..].trim_start_matches(['：', ':']).to_string();
                        indicator(rest[..at].to_string(), Some(v))
                    }
                    _ => indicator(rest.to_string(), None),
                }
            } else if let Some((n, v)) = split_line(&text).filter(|(_, v)| value_like(v)) {
                indicator(n.to_string(), Some(v.to_string()))
            } else {
                indicator(text, None)
            };
            let has_value = ind.annual_value.is_some();
            let plan = self.plan_mut(h);
            plan.indicators.push(ind);
            let idx = plan.indicators.len() - 1;
            if !has_value {
                self.pending_ki.push((h, idx));
            }
        }
    }

    /// Values after 预期实现值, in the order of the names still waiting; the
    /// first cell that is no value ends them.
    fn ki_values(&mut self, h: Horizon, lines: Vec<Ln<'a>>) {
        let cells = blocky_cells(&lines);
        let mut used = 0;
        for c in &cells {
            let text = c.text();
            let Some(pos) = self.pending_ki.iter().position(|(ph, _)| *ph == h) else { break };
            // A value reads like one, or is wider than a narrow project cell.
            if !value_like(&text) && c.max_width() * 10 <= self.goal_width * 7 {
                break;
            }
            let (ph, idx) = self.pending_ki.remove(pos);
            if let Some(ind) = self.plan_mut(ph).indicators.get_mut(idx) {
                ind.annual_value = Some(text);
            }
            used += 1;
        }
        let rest: Vec<Ln<'a>> = cells[used..].iter().flat_map(|c| c.lines.iter().copied()).collect();
        // Keep the blank-line structure of what is left.
        self.cells(rest);
    }

    /// Indicator rows of a task table (see the module docs).
    fn rows(&mut self, h: Horizon, lines: Vec<Ln<'a>>) {
        let units = row_units(&lines, self.goal_width);
        let mut out: Vec<RowItem> = Vec::new();
        let mut pending: Option<Cell<'a>> = None;
        let mut i = 0;
        let mut stop: Option<usize> = None;
        while i < units.len() {
            match &units[i].unit {
                Unit::Split(n, v) => {
                    if let Some(p) = pending.take() {
                        out.push(RowItem::Ind(h, Box::new(indicator(p.text(), None))));
                    }
                    out.push(RowItem::Ind(h, Box::new(indicator(n.clone(), Some(v.clone())))));
                    i += 1;
                }
                Unit::Para(goal) => {
                    let Some(name) = pending.take() else {
                        stop = Some(i);
                        break;
                    };
                    i += 1;
                    let mut task = Task::new(TaskGroup::Key, name.text());
                    task.goal = Some(goal.text());
                    // its one indicator row
                    match (units.get(i).map(|u| &u.unit), units.get(i + 1).map(|u| &u.unit)) {
                        (Some(Unit::Split(n, v)), _) => {
                            task.indicators.push(indicator(n.clone(), Some(v.clone())));
                            i += 1;
                        }
                        (Some(Unit::Cell(a)), Some(Unit::Cell(b))) => {
                            task.indicators.push(indicator(a.text(), Some(b.text())));
                            i += 2;
                        }
                        _ => {}
                    }
                    // its projects: narrow lines broken at one width
                    if let Some(Unit::Cell(first)) = units.get(i).map(|u| &u.unit) {
                        let mut proj = first.clone();
                        let w0 = first.lines.first().map(|l| width(l.text)).unwrap_or(0);
                        i += 1;
                        while let Some(Unit::Cell(next)) = units.get(i).map(|u| &u.unit) {
                            let last_w = proj.last().map(|l| width(l.text)).unwrap_or(0);
                            let ends = proj.last().map(|l| ends_sentence(l.text)).unwrap_or(true);
                            if ends || last_w + 2 < w0 || value_like(&next.text()) {
                                break;
                            }
                            proj.lines.extend(next.lines.iter().copied());
                            i += 1;
                        }
                        task.projects = split_projects(&proj.text());
                    }
                    out.push(RowItem::Anchor(h, Box::new(task)));
                }
                Unit::Cell(c) => {
                    match pending.take() {
                        None => {
                            let text = c.text();
                            // A value where a name should be is a stray
                            // value printed after the rows, unless a value
                            // follows it (a name that reads like a value).
                            let next_value = matches!(units.get(i + 1).map(|u| &u.unit),
                                Some(Unit::Cell(n)) if value_like(&n.text()));
                            let stray = (value_like(&text) && !next_value) || crate::text::is_amount(&text);
                            if stray || narrow_run(&units[i..], self.goal_width) {
                                stop = Some(i);
                                break;
                            }
                            pending = Some(c.clone());
                        }
                        Some(mut p) => {
                            let next_is_para = matches!(units.get(i + 1).map(|u| &u.unit), Some(Unit::Para(_)));
                            if next_is_para && !value_like(&c.text()) {
                                p.lines.extend(c.lines.iter().copied());
                                pending = Some(p);
                            } else {
                                out.push(RowItem::Ind(h, Box::new(indicator(p.text(), Some(c.text())))));
                            }
                        }
                    }
                    i += 1;
                }
            }
        }
        if let Some(p) = pending.take() {
            out.push(RowItem::Ind(h, Box::new(indicator(p.text(), None))));
        }
        self.page().1.extend(out);
        if let Some(s) = stop {
            let rest: Vec<Ln<'a>> = units[s..].iter().flat_map(|u| u.lines()).collect();
            self.cells(rest);
        }
    }

    /// Loose cells: classified and kept in order for the page's assembly.
    fn cells(&mut self, lines: Vec<Ln<'a>>) {
        let wg = self.goal_width;
        let mut items: Vec<Item<'a>> = Vec::new();
        for block in blocks(&lines) {
            let first = block.first().map(|l| l.text).unwrap_or("");
            if starts_as_continuation(first) {
                match items.last_mut() {
                    Some(Item::Para(c) | Item::Value(c)) => {
                        c.lines.extend(block.iter().copied());
                        continue;
                    }
                    Some(Item::Narrow(b)) => {
                        b.extend(block.iter().copied());
                        continue;
                    }
                    _ => {}
                }
            }
            for part in split_paragraphs(&block, wg) {
                let joined = join_broken(part.iter().map(|l| l.text));
                if is_paragraph(&part, wg) {
                    items.push(Item::Para(Cell { lines: part }));
                } else if part.iter().all(|l| parse_amount(l.text).ok().flatten().is_some()) {
                    items.extend(part.iter().map(|l| Item::Amount(l.text.to_string())));
                } else if value_like(&joined) {
                    items.push(Item::Value(Cell { lines: part }));
                } else if part.iter().any(|l| width(l.text) > wg + 6) {
                    items.push(Item::Wide);
                } else {
                    items.push(Item::Narrow(part));
                }
            }
        }
        self.page().0.extend(items);
    }

    /// Puts one page together: its loose cells into tasks, plan goals,
    /// key-indicator values and figures; its tasks onto its rows.
    fn assemble(&mut self, items: Vec<Item<'a>>, rows: Vec<RowItem>) {
        // Runs of narrow cells: names when paragraphs follow, else projects.
        let mut name_runs: Vec<Vec<String>> = Vec::new();
        let mut projects: Vec<String> = Vec::new();
        let mut paras: Vec<String> = Vec::new();
        let mut values: Vec<String> = Vec::new();
        let mut goal_labels: Vec<Horizon> = Vec::new();
        let mut i = 0;
        while i < items.len() {
            match &items[i] {
                Item::Narrow(_) => {
                    let mut run: Vec<Ln<'a>> = Vec::new();
                    let mut starts = Vec::new();
                    while let Some(Item::Narrow(b)) = items.get(i) {
                        starts.push(run.len());
                        run.extend(b.iter().copied());
                        i += 1;
                    }
                    let mut cells: Vec<String> = run_cells(&run, &starts).iter().map(|c| c.text()).collect();
                    let next = items[i..].iter().find(|it| !matches!(it, Item::Marker(_)));
                    if matches!(next, Some(Item::Para(_))) {
                        // Names come before their goals, projects after: a run
                        // between goals and goals starts with the projects of
                        // the names still without them.
                        let named: usize = name_runs.iter().map(|r| r.len()).sum();
                        let owed = if paras.is_empty() { 0 } else { named.saturating_sub(projects.len()) };
                        let take = owed.min(cells.len().saturating_sub(1));
                        let names: Vec<String> = cells.split_off(take);
                        projects.extend(cells);
                        name_runs.push(names);
                    } else {
                        projects.extend(cells);
                    }
                    continue;
                }
                Item::Para(c) => paras.push(c.text()),
                Item::Value(c) => values.push(c.text()),
                Item::Amount(a) => self.amounts.push(a.clone()),
                Item::Marker(Head::GoalLabel(h)) => {
                    if !goal_labels.contains(h) {
                        goal_labels.push(*h);
                    }
                }
                Item::Marker(_) | Item::Wide => {}
            }
            i += 1;
        }

        // Stray key-indicator values.
        if !values.is_empty() && !self.pending_ki.is_empty() {
            let names: Vec<Bag> = self
                .pending_ki
                .iter()
                .map(|(h, idx)| bag(&self.plan(*h).indicators.get(*idx).map(|i| i.name.clone()).unwrap_or_default()))
                .collect();
            let vbags: Vec<Bag> = values.iter().map(|v| bag(v)).collect();
            let m = sim::assign(&names, &vbags);
            let pending = std::mem::take(&mut self.pending_ki);
            for (k, (h, idx)) in pending.into_iter().enumerate() {
                match m.get(k).copied().flatten() {
                    Some(j) => {
                        if let Some(ind) = self.plan_mut(h).indicators.get_mut(idx) {
                            ind.annual_value = values.get(j).cloned();
                        }
                    }
                    None => self.pending_ki.push((h, idx)),
                }
            }
        }

        // Tasks from names, goals and projects, zipped in order.
        let names: Vec<&String> = name_runs.iter().flatten().collect();
        let name_bags: Vec<Bag> = names.iter().map(|n| bag(n)).collect();
        let para_bags: Vec<Bag> = paras.iter().map(|p| bag(p)).collect();
        let lens: Vec<usize> = paras.iter().map(|p| p.chars().count()).collect();
        let kept = sim::align_goals(&name_bags, &para_bags, &lens);
        // Paragraphs left over are the plan goals of the goal labels on the
        // page, in order (a repeat of a goal already read changes nothing).
        let dropped: Vec<usize> = (0..paras.len()).filter(|j| !kept.contains(j)).collect();
        for (h, j) in goal_labels.iter().zip(dropped) {
            let plan = self.plan_mut(*h);
            if plan.goal.is_none() {
                plan.goal = paras.get(j).cloned();
            }
        }
        let mut tasks: Vec<Task> = names
            .iter()
            .enumerate()
            .map(|(k, n)| {
                let mut t = Task::new(TaskGroup::Key, n.to_string());
                t.goal = kept.get(k).and_then(|&j| paras.get(j).cloned());
                t
            })
            .collect();
        // Projects in order; when the counts differ, by content.
        let task_bags: Vec<Bag> = tasks.iter().map(task_bag).collect();
        let proj_bags: Vec<Bag> = projects.iter().map(|p| bag(p)).collect();
        let zeros_p = vec![0; projects.len()];
        let zeros_t = vec![0; tasks.len()];
        let mut proj_of: Vec<Option<usize>> = vec![None; tasks.len()];
        if projects.len() >= tasks.len() {
            for (k, j) in sim::align_goals(&task_bags, &proj_bags, &zeros_p).into_iter().enumerate() {
                proj_of[k] = Some(j);
            }
        } else {
            for (j, k) in sim::align_goals(&proj_bags, &task_bags, &zeros_t).into_iter().enumerate() {
                if let Some(slot) = proj_of.get_mut(k) {
                    *slot = Some(j);
                }
            }
        }
        for (t, j) in tasks.iter_mut().zip(proj_of) {
            t.projects = j.and_then(|j| projects.get(j)).map(|p| split_projects(p)).unwrap_or_default();
        }
        let mut run_sizes: Vec<usize> = name_runs.iter().map(|r| r.len()).collect();
        if tasks.is_empty() && rows.is_empty() {
            return;
        }
        self.place(&mut tasks, &mut run_sizes, rows);
    }

    /// Gives the page's tasks their rows and appends everything to the plans.
    fn place(&mut self, tasks: &mut Vec<Task>, run_sizes: &mut [usize], rows: Vec<RowItem>) {
        let row_h = rows.iter().map(|r| match r {
            RowItem::Ind(h, _) | RowItem::Anchor(h, _) => *h,
        });
        let first_h = row_h.clone().next();
        // Without rows, tasks join the plan that has tasks last.
        let page_h = first_h.unwrap_or(if self.multi.tasks.is_empty() { Horizon::Annual } else { Horizon::MultiYear });
        // Indicator rows with gap ids (anchors and horizon changes split gaps).
        let mut ind_rows: Vec<(Bag, usize)> = Vec::new();
        let mut gap = 0;
        let mut prev_h = first_h;
        for r in &rows {
            match r {
                RowItem::Ind(h, ind) => {
                    if Some(*h) != prev_h {
                        gap += 1;
                        prev_h = Some(*h);
                    }
                    ind_rows.push((bag(&format!("{}{}", ind.name, ind.annual_value.as_deref().unwrap_or(""))), gap));
                }
                RowItem::Anchor(_, _) => gap += 1,
            }
        }
        let prev_task_bag: Option<Bag> = self.plan(page_h).tasks.last().map(task_bag);
        let task_bags: Vec<Bag> = tasks.iter().map(task_bag).collect();

        // Try each order of the name runs; keep the best.
        let mut run_idx: Vec<Vec<usize>> = Vec::new();
        let mut at = 0;
        for &s in run_sizes.iter() {
            run_idx.push((at..at + s).collect());
            at += s;
        }
        let orders = permutations(run_idx.len());
        let mut best: Option<(Vec<usize>, Vec<usize>, f64)> = None; // (task order, counts incl. pseudo, score)
        for ord in &orders {
            let order: Vec<usize> = ord.iter().flat_map(|&r| run_idx[r].iter().copied()).collect();
            let mut claim: Vec<Claimant> = Vec::new();
            if let Some(pb) = &prev_task_bag {
                claim.push(Claimant { bag: pb, optional: true, penalty: 0.3 });
            }
            for &t in &order {
                claim.push(Claimant { bag: &task_bags[t], optional: false, penalty: 0.0 });
            }
            if let Some((counts, score)) = sim::segment(&ind_rows, &claim) {
                if best.as_ref().is_none_or(|b| score > b.2 + 1e-9) {
                    best = Some((order, counts, score));
                }
            }
        }
        let (order, counts) = match best {
            Some((o, c, _)) => (o, c),
            None => {
                // Fallback: in order, one row each, the rest to the last task.
                let order: Vec<usize> = (0..tasks.len()).collect();
                let mut counts = Vec::new();
                if prev_task_bag.is_some() {
                    counts.push(if tasks.is_empty() { ind_rows.len() } else { 0 });
                }
                let mut left = if tasks.is_empty() { 0 } else { ind_rows.len() };
                for k in 0..tasks.len() {
                    let c = if k + 1 == tasks.len() { left } else { left.min(1) };
                    counts.push(c);
                    left -= c;
                }
                (order, counts)
            }
        };
        let offset = usize::from(prev_task_bag.is_some());
        // Walk the rows: hand each indicator to the task whose segment holds it.
        let mut slots: Vec<(usize, usize)> = Vec::new(); // (claimant, rows left)
        for (k, c) in counts.iter().enumerate() {
            slots.push((k, *c));
        }
        let mut taken: Vec<Option<Task>> = tasks.drain(..).map(Some).collect();
        let mut slot = 0;
        let mut first_real = true;
        let mut placed = vec![false; taken.len()];
        let mut first_row = true;
        for r in rows {
            match r {
                RowItem::Anchor(h, t) => {
                    self.plan_mut(h).tasks.push(*t);
                    first_row = false;
                }
                RowItem::Ind(h, ind) => {
                    while slot < slots.len() && slots[slot].1 == 0 {
                        slot += 1;
                    }
                    let Some(&(claimant, _)) = slots.get(slot) else {
                        // no claimant left: the last task of the plan
                        if let Some(t) = self.plan_mut(h).tasks.last_mut() {
                            t.indicators.push(*ind);
                        }
                        continue;
                    };
                    slots[slot].1 -= 1;
                    if claimant < offset {
                        if let Some(t) = self.plan_mut(h).tasks.last_mut() {
                            t.indicators.push(*ind);
                        }
                    } else {
                        let t_idx = order[claimant - offset];
                        if !placed[t_idx] {
                            placed[t_idx] = true;
                            if let Some(t) = taken[t_idx].take() {
                                let plan = self.plan_mut(h);
                                // A merged cell repeated at the top of a page
                                // continues the task before the page break.
                                let repeat = first_real
                                    && first_row
                                    && plan.tasks.last().is_some_and(|p| p.name == t.name);
                                if repeat {
                                    if let Some(p) = plan.tasks.last_mut() {
                                        if p.goal.is_none() {
                                            p.goal = t.goal;
                                        }
                                        if p.projects.is_empty() {
                                            p.projects = t.projects;
                                        }
                                    }
                                } else {
                                    plan.tasks.push(t);
                                }
                            }
                            first_real = false;
                        }
                        if let Some(t) = self.plan_mut(h).tasks.last_mut() {
                            t.indicators.push(*ind);
                        }
                    }
                    first_row = false;
                }
            }
        }
        // Tasks that got no rows.
        for t in taken.into_iter().flatten() {
            self.plan_mut(page_h).tasks.push(t);
        }
    }

    fn figures(&self) -> Vec<Figure> {
        self.labels
            .iter()
            .zip(self.amounts.iter())
            .filter_map(|(l, a)| {
                let v = parse_amount(a).ok().flatten()?;
                Some(Figure { label: l.clone(), value: v })
            })
            .collect()
    }
}

fn task_bag(t: &Task) -> Bag {
    let mut s = t.name.clone();
    if let Some(g) = &t.goal {
        s.push_str(g);
    }
    for p in &t.projects {
        s.push_str(p);
    }
    bag(&s)
}

fn permutations(n: usize) -> Vec<Vec<usize>> {
    if n == 0 {
        return vec![Vec::new()];
    }
    if n > 4 {
        return vec![(0..n).collect()];
    }
    let mut out = Vec::new();
    let mut cur = Vec::new();
    let mut used = vec![false; n];
    fn rec(n: usize, cur: &mut Vec<usize>, used: &mut [bool], out: &mut Vec<Vec<usize>>) {
        if cur.len() == n {
            out.push(cur.clone());
            return;
        }
        for i in 0..n {
            if !used[i] {
                used[i] = true;
                cur.push(i);
                rec(n, cur, used, out);
                cur.pop();
                used[i] = false;
            }
        }
    }
    rec(n, &mut cur, &mut used, &mut out);
    out
}

/// A figure label without list number, leading 其中： and money unit.
fn figure_label(s: &str) -> String {
    let mut t = clean(strip_list_number(s));
    for p in ["其中：", "其中:"] {
        if let Some(r) = t.strip_prefix(p) {
            t = r.trim().to_string();
        }
    }
    for u in ["（万元）", "(万元)", "（元）", "(元)", "（千元）", "(千元)", "（亿元）", "(亿元)"] {
        if let Some(r) = t.strip_suffix(u) {
            t = r.trim().to_string();
        }
    }
    t
}

/// Lines split into blocks at blank lines.
fn blocks<'a>(lines: &[Ln<'a>]) -> Vec<Vec<Ln<'a>>> {
    let mut out: Vec<Vec<Ln<'a>>> = Vec::new();
    for l in lines {
        match out.last_mut() {
            Some(b) if !l.blank_before => b.push(*l),
            _ => out.push(vec![*l]),
        }
    }
    out
}

/// The column width of lines: the widest line that is followed, in its
/// block, by another line (a line broken at the column's edge).
fn broken_width(blocks: &[Vec<Ln>]) -> usize {
    blocks
        .iter()
        .flat_map(|b| b.iter().take(b.len().saturating_sub(1)))
        .filter(|l| split_line(l.text).is_none())
        .map(|l| width(l.text))
        .max()
        .unwrap_or(0)
}

/// Cells of a label or value column: a block is one cell; a block whose lines
/// all fill the column goes on in the next block (extraction often sets a
/// cell's last line apart), as does a block starting with `、`, `）` ….
fn blocky_cells<'a>(lines: &[Ln<'a>]) -> Vec<Cell<'a>> {
    let bl = blocks(lines);
    let starts: Vec<usize> = {
        let mut s = Vec::new();
        let mut at = 0;
        for b in &bl {
            s.push(at);
            at += b.len();
        }
        s
    };
    let flat: Vec<Ln<'a>> = bl.iter().flatten().copied().collect();
    run_cells(&flat, &starts)
}

/// [`blocky_cells`] over lines with known block starts.
fn run_cells<'a>(lines: &[Ln<'a>], starts: &[usize]) -> Vec<Cell<'a>> {
    let mut bl: Vec<Vec<Ln<'a>>> = Vec::new();
    for (k, &s) in starts.iter().enumerate() {
        let e = starts.get(k + 1).copied().unwrap_or(lines.len());
        if let Some(b) = lines.get(s..e) {
            if !b.is_empty() {
                bl.push(b.to_vec());
            }
        }
    }
    let colw = broken_width(&bl);
    let mut out: Vec<Cell<'a>> = Vec::new();
    let mut open = false; // the last cell may go on
    for b in bl {
        let first = b.first().map(|l| l.text).unwrap_or("");
        let cont = starts_as_continuation(first) || open;
        match out.last_mut() {
            Some(c) if cont => c.lines.extend(b.iter().copied()),
            _ => out.push(Cell { lines: b.clone() }),
        }
        // The block was broken at the column's edge and its last line fills
        // the column too: its cell goes on after the blank line.
        let bw = b.iter().map(|l| width(l.text)).max().unwrap_or(0);
        open = b.len() >= 2
            && colw > 0
            && bw + 4 >= colw
            && b.last().is_some_and(|l| width(l.text) + 3 >= bw)
            && b.last().is_some_and(|l| !ends_sentence(l.text))
            && out.last().is_none_or(|c| !closes_brackets(&c.text()));
    }
    out
}

/// True when a text ends with a closing bracket that closes all its brackets:
/// such a cell is complete (`…（市级经费）`), however full its last line.
fn closes_brackets(s: &str) -> bool {
    let open = s.matches(['（', '(']).count();
    let close = s.matches(['）', ')']).count();
    s.ends_with(['）', ')']) && open == close
}

/// A unit of a rows zone.
#[derive(Debug, Clone)]
enum Unit<'a> {
    Split(String, String),
    Para(Cell<'a>),
    Cell(Cell<'a>),
}

/// Splits a rows zone into units: paragraphs, `name value` lines and cells
/// rebuilt from lines broken at the column width.
fn row_units<'a>(lines: &[Ln<'a>], wg: usize) -> Vec<UnitWithLines<'a>> {
    let bl = blocks(lines);
    let colw = bl
        .iter()
        .filter(|b| !is_paragraph(b, wg))
        .flat_map(|b| b.iter().take(b.len().saturating_sub(1)))
        .filter(|l| split_line(l.text).is_none())
        .map(|l| width(l.text))
        .max()
        .unwrap_or(0);
    let mut out: Vec<UnitWithLines<'a>> = Vec::new();
    let mut cur: Option<Cell<'a>> = None;
    for b in &bl {
        for part in split_paragraphs(b, wg) {
            if is_paragraph(&part, wg) {
                if let Some(c) = cur.take() {
                    out.push(UnitWithLines::cell(c));
                }
                out.push(UnitWithLines::para(Cell { lines: part }));
                continue;
            }
            for l in part {
                if let Some((n, v)) = split_line(l.text) {
                    if let Some(c) = cur.take() {
                        out.push(UnitWithLines::cell(c));
                    }
                    out.push(UnitWithLines { unit: Unit::Split(n.to_string(), v.to_string()), lines: vec![l] });
                    continue;
                }
                match cur.as_mut() {
                    Some(c) if continues(c, &l, colw) => c.lines.push(l),
                    _ => {
                        if let Some(c) = cur.take() {
                            out.push(UnitWithLines::cell(c));
                        }
                        cur = Some(Cell::new(l));
                    }
                }
            }
        }
    }
    if let Some(c) = cur.take() {
        out.push(UnitWithLines::cell(c));
    }
    out
}

/// A unit with the source lines it came from.
#[derive(Debug, Clone)]
struct UnitWithLines<'a> {
    unit: Unit<'a>,
    lines: Vec<Ln<'a>>,
}

impl<'a> UnitWithLines<'a> {
    fn cell(c: Cell<'a>) -> Self {
        UnitWithLines { lines: c.lines.clone(), unit: Unit::Cell(c) }
    }
    fn para(c: Cell<'a>) -> Self {
        UnitWithLines { lines: c.lines.clone(), unit: Unit::Para(c) }
    }
    fn lines(&self) -> Vec<Ln<'a>> {
        self.lines.clone()
    }
}

/// Whether a cell's text goes on in the next line: the cell's last line fills
/// the column and the next is no longer, or the next line cannot start a cell.
fn continues(c: &Cell, next: &Ln, colw: usize) -> bool {
    let Some(last) = c.last() else { return false };
    if starts_as_continuation(next.text) {
        return true;
    }
    if ends_sentence(last.text) || colw == 0 {
        return false;
    }
    let lw = width(last.text);
    lw + 3 >= colw && width(next.text) <= lw + 1
}

/// True when the cells ahead are a run of narrow cells (merged task cells
/// printed after the rows), not indicator rows.
fn narrow_run(units: &[UnitWithLines], wg: usize) -> bool {
    let narrow = wg * 6 / 10;
    let mut widths = Vec::new();
    for u in units {
        match &u.unit {
            Unit::Cell(c) if !value_like(&c.text()) && c.lines.len() == 1 && c.max_width() <= narrow => {
                widths.push(c.max_width())
            }
            _ => break,
        }
    }
    // Text broken at a narrow column: two lines of one width and a third.
    match widths.as_slice() {
        [a, b, _, ..] => a.min(b) * 5 >= narrow * 3 && a.abs_diff(*b) <= 2,
        _ => false,
    }
}

/// Splits a block before every indented line (an indented first line starts a
/// paragraph) that follows a line.
fn split_paragraphs<'a>(block: &[Ln<'a>], wg: usize) -> Vec<Vec<Ln<'a>>> {
    let mut out: Vec<Vec<Ln<'a>>> = Vec::new();
    for l in block {
        let starts_para = l.indent >= 2 && width(l.text) * 2 >= wg;
        match out.last_mut() {
            Some(b) if !starts_para => b.push(*l),
            _ => out.push(vec![*l]),
        }
    }
    out
}

/// A goal paragraph: an indented first line, or lines that fill the goal
/// column's width.
fn is_paragraph(block: &[Ln], wg: usize) -> bool {
    let Some(first) = block.first() else { return false };
    if block.iter().any(|l| split_line(l.text).is_some()) && first.indent < 2 {
        return false;
    }
    let lo = wg.saturating_sub(5);
    let hi = wg + 6;
    if first.indent >= 2 && width(first.text) * 2 >= wg && width(first.text) <= hi {
        return true;
    }
    block.len() >= 2
        && block[..block.len() - 1].iter().all(|l| (lo..=hi).contains(&width(l.text)))
        && block.last().is_some_and(|l| width(l.text) <= hi)
}

/// The typical line width of goal paragraphs: the median widest line of
/// blocks whose first line is indented; without indented blocks, of blocks
/// of three or more lines broken at one width of 30 columns or more (broken
/// paragraphs); 38 when there are none.
fn estimate_goal_width(toks: &[Tok]) -> usize {
    let mut indented = Vec::new();
    let mut even = Vec::new();
    let mut cur: Vec<&Ln> = Vec::new();
    let flush = |cur: &mut Vec<&Ln>, indented: &mut Vec<usize>, even: &mut Vec<usize>| {
        if cur.len() >= 3 {
            let w = cur.iter().map(|l| width(l.text)).max().unwrap_or(0);
            if cur.first().is_some_and(|l| l.indent >= 2) {
                indented.push(w);
            }
            let head: Vec<usize> = cur[..cur.len() - 1].iter().map(|l| width(l.text)).collect();
            let lo = head.iter().min().copied().unwrap_or(0);
            let hi = head.iter().max().copied().unwrap_or(0);
            if lo >= 30 && hi - lo <= 4 {
                even.push(hi);
            }
        }
        cur.clear();
    };
    for t in toks {
        match t {
            Tok::Line(l) => {
                if l.blank_before {
                    flush(&mut cur, &mut indented, &mut even);
                }
                cur.push(l);
            }
            _ => flush(&mut cur, &mut indented, &mut even),
        }
    }
    flush(&mut cur, &mut indented, &mut even);
    let widths = if indented.is_empty() { &mut even } else { &mut indented };
    widths.sort_unstable();
    widths.get(widths.len() / 2).copied().filter(|w| (20..=80).contains(w)).unwrap_or(38)
}
