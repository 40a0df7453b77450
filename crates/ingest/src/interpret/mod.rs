//! The header-driven interpreter: reads any grid of cells that holds an
//! indicator table, whatever its layout.
//!
//! 1. The text is split into a grid each way it may be ([`Split`]); the split
//!    whose best header row names the most known columns wins (ties go to the
//!    stricter split: tabs, pipes, wide spaces, single spaces, one cell per
//!    line, none).
//! 2. The header's cells are mapped to fields by the domain vocabulary and its
//!    synonyms ([`columns`]); a second header row refines merged header cells.
//! 3. The rows are walked ([`walk`]): labels fill the document block and open
//!    projects ([`block`]), data rows are aligned to the columns by the kinds
//!    of their cells ([`cells`]), merged cells carry down, short rows continue
//!    the row above; [`rowcells`] gives a row's cells one per column.
//! 4. Damage is repaired and reported ([`fixups`]); every repair and every row
//!    that could not be read fully is a [`Warning`] with its line.

pub mod block;
pub mod cells;
pub mod columns;
pub mod fixups;
mod rowcells;
mod walk;

use crate::grid::{Grid, Split};
use crate::hant::simplify;
use crate::text::{is_rule_line, money_unit_in, year_in, Source};
use crate::{ReadError, Warning};
use block::{department_from_title, heading_text, is_title, labels_value, strip_code, DEPARTMENT_LABELS};
use columns::{header_at, Col, Header};
use jixiao_core::{Body, DepartmentTable, Document, Horizon, Indicator, Plan, Project, ProjectTable, Unit};
use walk::Draft;

/// What the interpreter read, and how.
#[derive(Debug, Clone)]
pub struct Reading {
    /// The document.
    pub document: Document,
    /// What could not be read cleanly.
    pub warnings: Vec<Warning>,
    /// How sure the reading is, 0–1.
    pub confidence: f32,
    /// How the table was read: split, header, column mapping (for `--explain`).
    pub explain: Vec<String>,
}

/// True when a row may hold (the start of) a header.
fn may_hold_header(grid: &Grid, i: usize) -> bool {
    let raw = grid.rows[i].raw.as_str();
    match grid.split {
        Split::PerLine => {
            // The first of a run of short lines naming columns.
            let names = |t: &str| !t.is_empty() && t.chars().count() <= 16 && columns::column_kind(t) != Col::Ignore;
            names(raw.trim()) && (i == 0 || !names(grid.rows[i - 1].raw.trim()))
        }
        Split::Flat => raw.contains("指标") || raw.contains("指標"),
        _ => columns::may_name_indicator_column(raw),
    }
}

/// The header of a grid that names the most known columns (the first of equals).
pub fn best_header(grid: &Grid) -> Option<(usize, Header)> {
    let mut best: Option<(usize, Header)> = None;
    for i in 0..grid.rows.len() {
        if !may_hold_header(grid, i) {
            continue;
        }
        if let Some(h) = header_at(grid, i) {
            if best.as_ref().is_none_or(|(_, b)| h.known() > b.known()) {
                best = Some((i, h));
            }
        }
    }
    best
}

/// The ways a text may be split, judged from the characters it holds.
fn candidate_splits(text: &str) -> Vec<Split> {
    Split::TEXT
        .into_iter()
        .filter(|s| match s {
            Split::Tabs => text.contains('\t'),
            Split::Pipes => text.contains(['|', '│']),
            Split::Wide => text.contains("  ") || text.contains('\u{3000}'),
            Split::Single => text.contains(' '),
            _ => true,
        })
        .collect()
}

/// Reads a text: chooses the split, then interprets the grid.
pub fn read_source(src: &Source) -> Result<Reading, ReadError> {
    let mut tried = Vec::new();
    let mut best: Option<(Grid, usize, usize)> = None;
    for split in candidate_splits(src.text) {
        let grid = Grid::from_text(src, split);
        let found = best_header(&grid);
        let known = found.as_ref().map(|(_, h)| h.known()).unwrap_or(0);
        tried.push(format!("{} {known}", split.name()));
        if let Some((at, _)) = found {
            if best.as_ref().is_none_or(|(_, _, k)| known > *k) {
                best = Some((grid, at, known));
            }
        }
    }
    let Some((grid, at, _)) = best else {
        return Err(ReadError::table(
            "no indicator header (a row naming 三级指标/指标名称 and 指标值/目标值/绩效标准 columns) under any way of splitting the lines",
        ));
    };
    let mut reading = read_grid(src.name, src.text, &grid, at)?;
    reading.explain.insert(1, format!("known header columns per split: {}", tried.join(", ")));
    Ok(reading)
}

/// Interprets a grid whose first header is at row `at`; `text` is the whole
/// text (for the words that tell a project table from a department table).
pub fn read_grid(name: &str, text: &str, grid: &Grid, at: usize) -> Result<Reading, ReadError> {
    let header_line = grid.rows.get(at).map(|r| r.line).unwrap_or(1);
    let block: Vec<usize> =
        (0..at).filter(|&i| !grid.rows[i].is_blank() && !is_rule_line(&grid.rows[i].raw)).collect();
    let headings: Vec<String> = block.iter().map(|&i| heading_text(&grid.rows[i].raw)).collect();
    let title = headings
        .iter()
        .rfind(|t| is_title(t) && !t.contains([':', '：']))
        .or_else(|| headings.iter().find(|t| !t.contains([':', '：']) && !t.is_empty() && t.chars().count() <= 40))
        .cloned();
    let department_label = DEPARTMENT_LABELS
        .iter()
        .find_map(|l| block.iter().find_map(|&i| labels_value(&grid.rows, i, &[l])).map(|v| strip_code(&v.0)));
    let year = title.as_deref().and_then(year_in).or_else(|| headings.iter().find_map(|h| year_in(h)));
    let money_unit = grid.rows[..=at.min(grid.rows.len().saturating_sub(1))]
        .iter()
        .find_map(|r| {
            // Matched in Simplified form, returned as printed (萬元 stays 萬元).
            let simple = simplify(&r.raw);
            let unit = money_unit_in(&simple)?;
            let at = simple.find(unit.as_str())?;
            Some(r.raw.get(at..at + unit.len()).map(str::to_string).unwrap_or(unit))
        })
        .unwrap_or_else(|| "万元".to_string());

    let mut w = walk::walk(grid, 0);
    let mut warnings: Vec<Warning> =
        w.warnings.drain(..).map(|(line, message)| Warning { line, message }).collect();

    // A 绩效标准 column holds kinds of standard (计划标准 …) or the values themselves.
    let kinds = !w.standard_cells.is_empty()
        && w.standard_cells.iter().all(|(_, _, _, v)| cells::kind_of(v) == cells::Kind::StandardKind || v == "其他");
    for (d, long, i, v) in std::mem::take(&mut w.standard_cells) {
        let Some(draft) = w.drafts.get_mut(d) else { continue };
        let list = if long { &mut draft.long_term } else { &mut draft.indicators };
        if let Some(ind) = list.get_mut(i) {
            if kinds || ind.annual_value.is_some() {
                ind.standard = Some(v);
            } else {
                ind.annual_value = Some(v);
            }
        }
    }

    // Repairs, and rows without a value.
    // The last indicator read: one without a value there is where a cut-off table stops.
    let last_line = w.drafts.iter().flat_map(|d| d.lines.iter().chain(d.long_lines.iter())).map(|l| l.0).max();
    let valued = w.headers.iter().any(|(_, h)| {
        h.cols.iter().any(|c| matches!(c, Col::Annual | Col::Period | Col::StandardOrValue))
    });
    let mut level1_fixed = 0;
    for d in &mut w.drafts {
        for (inds, lines) in [(&mut d.indicators, &d.lines), (&mut d.long_term, &d.long_lines)] {
            let printed: Vec<bool> = lines.iter().map(|l| l.1).collect();
            level1_fixed += fixups::fix_level1(inds, &printed);
            for (ind, (line, _)) in inds.iter_mut().zip(lines.iter()) {
                for m in fixups::fix_date_serials(ind) {
                    warnings.push(Warning { line: Some(*line), message: m });
                }
                if grid.split == Split::Flat {
                    if let Some(v) = ind.annual_value.as_deref().and_then(fixups::fix_ocr_comparator) {
                        warnings.push(Warning {
                            line: Some(*line),
                            message: format!("value {:?} of {:?} read as {v:?} (a comparator read as 2)", ind.annual_value.as_deref().unwrap_or(""), ind.name),
                        });
                        ind.annual_value = Some(v);
                    }
                }
                let no_value = ind.annual_value.is_none() && ind.period_value.is_none() && ind.standard.is_none();
                if valued && no_value {
                    let message = if Some(*line) == last_line {
                        format!("the table ends in the middle of a row: indicator {:?} has no target value (the text may be cut off)", ind.name)
                    } else {
                        format!("indicator {:?} has no target value", ind.name)
                    };
                    warnings.push(Warning { line: Some(*line), message });
                }
            }
        }
    }
    if level1_fixed > 0 {
        warnings.push(Warning {
            line: None,
            message: format!("{level1_fixed} indicators took their level-1 category from a label printed on another row of its merged cell"),
        });
    }

    let drafts: Vec<Draft> =
        w.drafts.into_iter().filter(|d| d.name.is_some() || !d.indicators.is_empty() || !d.long_term.is_empty()).collect();
    let total: usize = drafts.iter().map(|d| d.indicators.len() + d.long_term.len()).sum();
    if total == 0 {
        if let Some(Warning { line: Some(line), message }) = warnings.first() {
            return Err(ReadError::at(*line, format!("no indicator row could be read: {message}")));
        }
        return Err(ReadError::at(header_line, "the indicator header is not followed by any indicator row"));
    }

    let simple = simplify(text);
    let title_s = title.as_deref().map(|t| simplify(t).into_owned()).unwrap_or_default();
    let is_department_text = simple.contains("部门整体")
        || simple.contains("整体支出")
        || title_s.contains("整体")
        || (title_s.contains("部门") && !title_s.contains("项目"));
    let is_project = !is_department_text
        && (w.project_seen || simple.contains("项目支出绩效") || title_s.contains("项目") || drafts.len() > 1);
    let department = department_label
        .or_else(|| title.as_deref().and_then(department_from_title))
        .or_else(|| drafts.iter().find_map(|d| d.unit.clone()))
        .unwrap_or_default();

    let with_value =
        drafts.iter().flat_map(|d| d.indicators.iter().chain(d.long_term.iter())).filter(|i| i.value().is_some()).count();
    let body = if is_project { project_body(drafts, &title, &department) } else { department_body(drafts) };
    let document = Document { source: name.to_string(), title, department, year, money_unit, body };

    // Confidence: values read, columns known, rows aligned without strain, rows kept.
    let header = w.headers.first().map(|(_, h)| h.clone()).unwrap_or_else(dummy_header);
    let v = with_value as f32 / total as f32;
    let known = header.known() as f32 / header.cols.len().max(1) as f32;
    let strain = if w.aligned_rows > 0 { w.align_cost / w.aligned_rows as f32 } else { 0.0 };
    let align = 1.0 / (1.0 + strain / 2.0);
    let dropped = w.dropped_rows as f32 / (total + w.dropped_rows) as f32;
    let confidence =
        (0.5 * v + 0.2 * known + 0.3 * align - 0.3 * dropped - 0.02 * warnings.len().min(10) as f32).clamp(0.0, 1.0);
    let confidence = (confidence * 100.0).round() / 100.0;

    let mut explain = vec![format!("split: {}", grid.split.name())];
    for (line, h) in &w.headers {
        let map: Vec<String> =
            h.texts.iter().zip(h.cols.iter()).map(|(t, c)| format!("{} → {}", if t.is_empty() { "(blank)" } else { t }, c.field())).collect();
        explain.push(format!("header at line {line}: {}", map.join(" | ")));
        if let Some(s) = h.second_group {
            explain.push(format!("two column groups side by side: columns 1–{s} long-term, {}–{} annual", s + 1, h.cols.len()));
        }
    }
    explain.push(format!(
        "read {total} indicators ({with_value} with a value); {} rows skipped; {} warnings",
        w.dropped_rows,
        warnings.len()
    ));
    explain.push(format!(
        "confidence {confidence:.2} = 0.5 × values {v:.2} + 0.2 × known columns {known:.2} + 0.3 × alignment {align:.2} − 0.3 × skipped {dropped:.2} − 0.02 × warnings"
    ));
    Ok(Reading { document, warnings, confidence, explain })
}

fn dummy_header() -> Header {
    Header { cols: Vec::new(), texts: Vec::new(), char_cols: Vec::new(), width_cols: Vec::new(), first_row: 0, last_row: 0, second_group: None }
}

/// The long-term group's indicators merged into the annual ones by name: the
/// long-term value becomes the period value.
fn merge_long_term(d: &mut Draft) {
    for long in std::mem::take(&mut d.long_term) {
        let value = long.annual_value.clone().or(long.period_value.clone());
        if let Some(ind) = d.indicators.iter_mut().find(|i| i.name == long.name && i.period_value.is_none()) {
            ind.period_value = value;
        } else {
            let mut ind = long;
            ind.annual_value = None;
            ind.period_value = value;
            d.indicators.push(ind);
        }
    }
}

fn project_body(drafts: Vec<Draft>, title: &Option<String>, department: &str) -> Body {
    let mut units: Vec<Unit> = Vec::new();
    for mut d in drafts {
        merge_long_term(&mut d);
        let unit_name = d.unit.clone().unwrap_or_else(|| department.to_string());
        let project = Project {
            name: d.name.or_else(|| title.clone()).unwrap_or_else(|| department.to_string()),
            amounts: d.amounts,
            goal: d.goal.or(d.period_goal),
            indicators: d.indicators,
        };
        match units.iter_mut().find(|u| u.name == unit_name) {
            Some(u) => u.projects.push(project),
            None => units.push(Unit { name: unit_name, amounts: Default::default(), projects: vec![project] }),
        }
    }
    Body::Project(ProjectTable { totals: Default::default(), units })
}

fn department_body(drafts: Vec<Draft>) -> Body {
    let mut annual = Plan::new(Horizon::Annual);
    let mut long = Plan::new(Horizon::MultiYear);
    for d in drafts {
        if annual.goal.is_none() {
            annual.goal = d.goal;
        }
        if long.goal.is_none() {
            long.goal = d.period_goal;
        }
        annual.indicators.extend(d.indicators);
        long.indicators.extend(d.long_term);
    }
    let mut plans = vec![annual];
    if !long.indicators.is_empty() || long.goal.is_some() {
        plans.push(long);
    }
    Body::Department(DepartmentTable { figures: Vec::new(), functions: None, plans })
}

/// The share of indicators with a value: the confidence of a reading by a
/// specialized reader.
pub fn value_share(doc: &Document) -> f32 {
    let inds: Vec<&Indicator> = doc.indicators();
    if inds.is_empty() {
        return 0.0;
    }
    let v = inds.iter().filter(|i| i.value().is_some()).count() as f32 / inds.len() as f32;
    (v * 100.0).round() / 100.0
}
