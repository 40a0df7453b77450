//! (f) Any other published table of indicator rows under a recognisable header.
//!
//! The rows are cells split by tabs, by pipes (markdown or ASCII tables, with
//! their `|---|` / `+---+` rule lines) or by wide spaces (two or more columns of
//! white space). The header row names the columns (一级指标, 二级指标, 三级指标,
//! 指标值 / 目标值, 实施期 / 年度 values, 三级指标解释, 对比符号, 计量单位, 指标性质,
//! 指标方向, 分值 / 权重, 绩效标准, 序号, 项目名称); each column is mapped to a field
//! of [`Indicator`] by its name, never by its position. Merged (blank) level and
//! project cells carry down from the row above; a row without an indicator name
//! but with other cells continues the row above (a wrapped cell).
//!
//! Around the table, heading lines give the title, 部门名称, the money unit and the
//! year; `项目名称：…` lines open a project (several may follow one another, each
//! with its own header), and `绩效目标：…` / amount lines fill the project or plan.
//!
//! The document is a project table when it speaks of projects (项目支出绩效目标表,
//! a 项目名称 label or column): one unit named like the department holding the
//! projects. Otherwise it is a department table with one annual plan holding the
//! indicators.

use crate::text::{
    clean, clean_opt, is_rule_line, labelled_value, money_unit_in, parse_amount, split_code_name, split_pipes,
    split_wide, year_in, Line, Source,
};
use crate::ReadError;
use jixiao_core::{
    Amounts, Body, DepartmentTable, Document, Horizon, Indicator, Plan, Project, ProjectTable, Unit,
};
use rust_decimal::Decimal;

/// How the cells of a line are separated.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Split {
    Tabs,
    Pipes,
    Spaces,
}

/// What a header column holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Col {
    Seq,
    Project,
    Level1,
    Level2,
    Name,
    Explanation,
    Period,
    Annual,
    /// A column holding the kind of standard (计划标准 …).
    Standard,
    /// A 绩效标准 column: the value itself, or the kind of standard; decided by its cells.
    StandardOrValue,
    Comparator,
    Unit,
    Nature,
    Direction,
    Weight,
    /// A project's (or the plan's) goal text: 绩效目标.
    Goal,
    /// A project's amounts: 总计, 财政拨款, 财政专户拨款, 其他资金.
    Total,
    Fiscal,
    Special,
    Other,
    Ignore,
}

/// A header row: its columns and, for space-aligned tables, where each starts.
#[derive(Debug, Clone)]
struct Header {
    split: Split,
    cols: Vec<Col>,
    /// Start of each header cell in characters and in display width (space-aligned tables).
    char_cols: Vec<usize>,
    width_cols: Vec<usize>,
}

/// The kind of a header cell's text (white space removed).
fn column_kind(text: &str) -> Col {
    let h: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    let h = h.as_str();
    let has = |w: &str| h.contains(w);
    if h.is_empty() {
        Col::Ignore
    } else if has("序号") || h == "编号" || h == "No." || h == "No" {
        Col::Seq
    } else if has("项目名称") {
        Col::Project
    } else if has("指标解释") || has("指标说明") || has("指标定义") || has("指标内涵") || has("计算方法") {
        Col::Explanation
    } else if has("一级指标") {
        Col::Level1
    } else if has("二级指标") {
        Col::Level2
    } else if has("三级指标") || has("指标名称") || has("具体指标") {
        Col::Name
    } else if has("对比符号") || has("比较符") || has("对比方式") || h == "符号" || has("运算符") {
        Col::Comparator
    } else if has("计量单位") || has("度量单位") || h == "单位" || h == "指标单位" {
        Col::Unit
    } else if has("指标性质") || h == "性质" || has("指标类型") {
        Col::Nature
    } else if has("指标方向") || h == "方向" {
        Col::Direction
    } else if has("分值") || has("权重") {
        Col::Weight
    } else if has("标准类型") || has("标准依据") || has("标准来源") || has("设定依据") || has("取值依据") {
        Col::Standard
    } else if has("绩效标准") || h == "标准" {
        Col::StandardOrValue
    } else if has("绩效目标") || h == "年度目标" || h == "项目目标" || h == "总体目标" {
        Col::Goal
    } else if has("专户") {
        Col::Special
    } else if has("财政拨款") {
        Col::Fiscal
    } else if has("其他资金") {
        Col::Other
    } else if has("总计") || has("合计") || has("资金总额") || has("预算金额") || has("项目金额") {
        Col::Total
    } else if (has("实施期") || has("实施周期") || has("长期") || has("中期") || has("周期") || has("三年"))
        && (has("值") || has("目标"))
    {
        Col::Period
    } else if has("指标值") || has("目标值") || has("预期") || has("年度") || has("本年") || has("指标目标") {
        Col::Annual
    } else {
        Col::Ignore
    }
}

/// Splits a line the way its table does; space-aligned cells keep their start columns.
fn split_line(raw: &str, split: Split) -> Vec<(String, usize, usize)> {
    match split {
        Split::Tabs => raw.split('\t').map(|c| (c.to_string(), 0, 0)).collect(),
        Split::Pipes => split_pipes(raw).into_iter().map(|c| (c.to_string(), 0, 0)).collect(),
        Split::Spaces => split_wide(raw).into_iter().map(|c| (c.text.to_string(), c.char_col, c.width_col)).collect(),
    }
}

/// How a line's cells are separated, judged from the line itself.
fn split_of(raw: &str) -> Split {
    if raw.contains('\t') {
        Split::Tabs
    } else if raw.contains('|') || raw.contains('│') {
        Split::Pipes
    } else {
        Split::Spaces
    }
}

/// Reads a line as an indicator header: it needs an indicator-name column and a
/// value, standard or category column.
fn header_of(raw: &str) -> Option<Header> {
    // Every name of the indicator column (三级指标, 指标名称, 绩效指标 …) holds 指标;
    // a long line holding 指标 only inside its text is a data row, not a header.
    const NAMES: [&str; 6] = ["三级指标", "指标名称", "具体指标", "绩效指标", "考核指标", "评价指标"];
    if !raw.contains("指标") || (raw.len() > 240 && !NAMES.iter().any(|n| raw.contains(n))) {
        return None;
    }
    let split = split_of(raw);
    let cells = split_line(raw, split);
    if cells.iter().filter(|c| !c.0.trim().is_empty()).count() < 2 {
        return None;
    }
    let mut cols: Vec<Col> = cells.iter().map(|c| column_kind(&c.0)).collect();
    if !cols.contains(&Col::Name) {
        // A table without 三级指标 may name its indicator column 绩效指标 / 指标.
        let alt = cells.iter().position(|c| {
            let t = clean(&c.0);
            t == "绩效指标" || t == "指标" || t == "考核指标" || t == "评价指标"
        });
        match alt {
            Some(i) => {
                if let Some(c) = cols.get_mut(i) {
                    *c = Col::Name;
                }
            }
            None => return None,
        }
    }
    let valued = cols.iter().any(|c| {
        matches!(c, Col::Annual | Col::Period | Col::StandardOrValue | Col::Comparator | Col::Level1 | Col::Level2)
    });
    if !valued {
        return None;
    }
    // Each kind once: a later column of a kind already seen is ignored.
    let mut seen = Vec::new();
    for c in cols.iter_mut() {
        if *c != Col::Ignore && seen.contains(c) {
            *c = Col::Ignore;
        } else {
            seen.push(*c);
        }
    }
    Some(Header {
        split,
        char_cols: cells.iter().map(|c| c.1).collect(),
        width_cols: cells.iter().map(|c| c.2).collect(),
        cols,
    })
}

/// True when some line is an indicator table header (一级指标 … 三级指标 … 指标值),
/// written with tabs, pipes or wide spaces.
pub fn has_indicator_header(src: &Source) -> bool {
    src.lines.iter().any(|l| {
        let t = l.raw;
        (t.contains("三级指标") && (t.contains("指标值") || t.contains("目标值") || t.contains("绩效标准")))
            || header_of(t).is_some_and(|h| h.cols.contains(&Col::Name) && h.cols.len() >= 3)
    })
}

/// True when the source has an indicator header whose cells are split by pipes
/// or wide spaces and that names at least four known columns (one of them the
/// indicator name): a table drawn in text rather than exported with tabs.
pub fn has_drawn_header(src: &Source) -> bool {
    src.lines.iter().filter_map(|l| header_of(l.raw)).any(|h| {
        h.split != Split::Tabs && h.cols.iter().filter(|c| **c != Col::Ignore).count() >= 4
    })
}

/// True when an indicator header has columns beyond those of the department
/// layouts (c) and (d): 分值 / 权重, 指标性质, 指标方向, 绩效标准 or a standard column.
pub fn has_extra_columns(src: &Source) -> bool {
    // Every name of those columns holds one of these words (white space
    // aside): a line without any cannot have one.
    const WORDS: [&str; 8] = ["分值", "权重", "性质", "类型", "方向", "标准", "依据", "来源"];
    let may_have = |raw: &str| {
        let squashed: String = raw.chars().filter(|c| !c.is_whitespace()).collect();
        WORDS.iter().any(|w| squashed.contains(w))
    };
    src.lines.iter().filter(|l| may_have(l.raw)).filter_map(|l| header_of(l.raw)).any(|h| {
        h.cols.iter().any(|c| {
            matches!(c, Col::Weight | Col::Nature | Col::Direction | Col::Standard | Col::StandardOrValue)
        })
    })
}

/// Assigns space-aligned cells to header columns by their start position, in the
/// metric (characters or display width) that fits better. Returns one cell per column.
fn align(cells: &[(String, usize, usize)], header: &Header) -> Vec<String> {
    let n = header.cols.len();
    let mut best: Option<(usize, Vec<String>)> = None;
    for by_width in [false, true] {
        let hpos = if by_width { &header.width_cols } else { &header.char_cols };
        let mut out = vec![String::new(); n];
        let mut cost = 0usize;
        let mut next_free = 0usize;
        for (k, cell) in cells.iter().enumerate() {
            let pos = if by_width { cell.2 } else { cell.1 };
            // Nearest column at or after the next free one, leaving room for the cells still to come.
            let remaining = cells.len() - k - 1;
            let last_allowed = n.saturating_sub(1 + remaining).max(next_free);
            let mut pick = next_free.min(n.saturating_sub(1));
            let mut pick_d = usize::MAX;
            for (j, hp) in hpos.iter().enumerate().take(last_allowed + 1).skip(next_free) {
                let d = hp.abs_diff(pos);
                if d < pick_d {
                    pick_d = d;
                    pick = j;
                }
            }
            cost = cost.saturating_add(if pick_d == usize::MAX { 1000 } else { pick_d });
            if let Some(slot) = out.get_mut(pick) {
                if slot.is_empty() {
                    slot.push_str(&cell.0);
                } else {
                    slot.push(' ');
                    slot.push_str(&cell.0);
                }
            }
            next_free = (pick + 1).min(n);
        }
        if best.as_ref().is_none_or(|(c, _)| cost < *c) {
            best = Some((cost, out));
        }
    }
    best.map(|b| b.1).unwrap_or_default()
}

/// The cells of a data row, one per header column (missing cells empty; extra
/// cells joined to the last column).
fn row_cells(raw: &str, header: &Header) -> Vec<String> {
    let cells = split_line(raw, header.split);
    let n = header.cols.len();
    if header.split == Split::Spaces && cells.len() < n {
        return align(&cells, header);
    }
    let mut out: Vec<String> = cells.iter().take(n).map(|c| c.0.clone()).collect();
    let extra: Vec<&str> = cells.iter().skip(n).map(|c| c.0.as_str()).filter(|c| !c.trim().is_empty()).collect();
    if !extra.is_empty() {
        if let Some(last) = out.last_mut() {
            for e in extra {
                last.push(' ');
                last.push_str(e);
            }
        }
    }
    out.resize(n, String::new());
    out
}

/// Labels of the department name, most specific first.
const DEPARTMENT_LABELS: [&str; 9] =
    ["部门名称", "部门（单位）名称", "部门(单位)名称", "单位名称", "预算单位", "主管部门", "申报单位", "填报单位", "部门"];
/// Labels of a goal.
const GOAL_LABELS: [&str; 7] = ["年度绩效目标", "总体绩效目标", "项目绩效目标", "绩效目标", "年度目标", "总体目标", "预期目标"];

/// The value after a label: `label：value` in running text, or a cell holding the
/// label (with an optional `（万元）` and colon) followed by a cell with the value.
fn label_value(raw: &str, label: &str) -> Option<String> {
    if let Some(v) = labelled_value(raw, label) {
        return Some(v);
    }
    let cells: Vec<String> = split_line(raw, split_of(raw)).into_iter().map(|c| clean(&c.0)).collect();
    for (i, cell) in cells.iter().enumerate() {
        let Some(rest) = cell.strip_prefix(label) else { continue };
        let rest = strip_bracket_unit(rest.trim());
        let rest = rest.trim_start_matches([':', '：']).trim();
        if !rest.is_empty() {
            // `label（万元）：value` within one cell.
            if cell.contains([':', '：']) {
                return Some(rest.to_string());
            }
            continue;
        }
        if let Some(v) = cells.iter().skip(i + 1).find(|c| !c.is_empty()) {
            return Some(v.clone());
        }
    }
    // `资金总额（万元）：12` in running text.
    let at = raw.find(label)?;
    let rest = strip_bracket_unit(raw.get(at + label.len()..)?.trim_start());
    let rest = rest.strip_prefix([':', '：'])?;
    let end = rest.find("  ").or_else(|| rest.find('\t')).unwrap_or(rest.len());
    clean_opt(rest.get(..end)?)
}

/// Drops a leading bracketed unit: `（万元）：12` → `：12`.
fn strip_bracket_unit(s: &str) -> &str {
    for (open, close) in [("（", "）"), ("(", ")")] {
        if let Some(r) = s.strip_prefix(open) {
            if let Some(end) = r.find(close) {
                if end <= 12 {
                    return &r[end + close.len()..];
                }
            }
        }
    }
    s
}

/// An amount written after a label, with an optional money unit after it.
fn amount_text(v: &str) -> Option<Decimal> {
    let t = v.trim();
    let t = ["万元", "千元", "亿元", "元"].iter().find_map(|u| t.strip_suffix(u)).unwrap_or(t);
    parse_amount(t).ok().flatten()
}

/// A project under construction.
#[derive(Debug, Default)]
struct ProjectDraft {
    name: Option<String>,
    amounts: Amounts,
    goal: Option<String>,
    indicators: Vec<Indicator>,
}

/// Fills a draft from a non-table line: goal and amount labels.
fn take_labels(raw: &str, draft: &mut ProjectDraft) {
    if draft.goal.is_none() {
        draft.goal = GOAL_LABELS.iter().find_map(|l| label_value(raw, l));
    }
    let amounts = [
        (&mut draft.amounts.total, &["资金总额", "项目资金总额", "年度资金总额", "预算金额", "项目金额", "资金总计", "总金额", "金额合计"][..]),
        (&mut draft.amounts.fiscal, &["财政拨款"][..]),
        (&mut draft.amounts.special_account, &["财政专户拨款", "行政专户拨款", "财政专户"][..]),
        (&mut draft.amounts.other, &["其他资金"][..]),
    ];
    for (slot, labels) in amounts {
        if slot.is_none() {
            *slot = labels.iter().find_map(|l| label_value(raw, l)).and_then(|v| amount_text(&v));
        }
    }
}

/// Indicator rows are being read under this header.
struct Table {
    header: Header,
    /// Values carried down into merged (blank) cells.
    level1: (Option<String>, Option<String>),
    level2: (Option<String>, Option<String>),
    project: Option<String>,
    rows: usize,
}

/// Reads a table of indicator rows under a recognisable header.
pub fn read(src: &Source) -> Result<Document, ReadError> {
    let first_header = src
        .lines
        .iter()
        .position(|l| header_of(l.raw).is_some())
        .ok_or_else(|| ReadError::table("no indicator header (a row naming 三级指标/指标名称 and 指标值/目标值/绩效标准 columns)"))?;
    let headings: Vec<&Line> = src.lines[..first_header].iter().filter(|l| !l.is_blank() && !is_rule_line(l.raw)).collect();

    let title = headings
        .iter()
        .map(|l| heading_text(l.raw))
        .find(|t| t.contains("目标表") || t.contains("申报表") || t.contains("绩效目标") || t.contains("指标表"))
        .or_else(|| {
            headings.iter().map(|l| heading_text(l.raw)).find(|t| !t.contains([':', '：']) && !t.is_empty())
        });
    let department = DEPARTMENT_LABELS
        .iter()
        .find_map(|label| headings.iter().find_map(|l| label_value(l.raw, label)))
        .or_else(|| title.as_deref().and_then(department_from_title))
        .unwrap_or_default();
    let year = title.as_deref().and_then(year_in).or_else(|| headings.iter().find_map(|l| year_in(l.raw)));
    let money_unit = src.lines[..=first_header]
        .iter()
        .find_map(|l| money_unit_in(l.raw))
        .unwrap_or_else(|| "万元".to_string());

    // Walk the document: labels open projects and fill them; headers open tables; rows fill indicators.
    let mut drafts: Vec<ProjectDraft> = vec![ProjectDraft::default()];
    let mut project_column = false;
    let mut project_label = false;
    let mut standard_cells: Vec<(usize, usize, String)> = Vec::new(); // (draft, indicator, text)
    let mut table: Option<Table> = None;
    let mut any_rows = 0usize;
    for line in &src.lines {
        if line.is_blank() || is_rule_line(line.raw) {
            continue;
        }
        if let Some(h) = header_of(line.raw) {
            project_column |= h.cols.contains(&Col::Project);
            if let Some(t) = &table {
                any_rows += t.rows;
            }
            table = Some(Table {
                header: h,
                level1: (None, None),
                level2: (None, None),
                project: None,
                rows: 0,
            });
            continue;
        }
        // A 项目名称 label opens a project.
        if let Some(name) = label_value(line.raw, "项目名称") {
            project_label = true;
            if let Some(t) = &table {
                any_rows += t.rows;
            }
            table = None;
            let reuse = drafts.last().is_some_and(|d| d.name.is_none() && d.indicators.is_empty());
            if !reuse {
                drafts.push(ProjectDraft::default());
            }
            if let Some(d) = drafts.last_mut() {
                d.name = Some(name);
                take_labels(line.raw, d);
            }
            continue;
        }
        let Some(t) = table.as_mut() else {
            if let Some(d) = drafts.last_mut() {
                take_labels(line.raw, d);
            }
            continue;
        };
        let cells = row_cells(line.raw, &t.header);
        if cells.iter().filter(|c| !c.trim().is_empty()).count() < 2 && t.header.split == Split::Spaces {
            // A line of running text under the table (a note, a label): not a row.
            if let Some(d) = drafts.last_mut() {
                take_labels(line.raw, d);
            }
            continue;
        }
        if t.header.split != Split::Spaces && cells.iter().filter(|c| !c.trim().is_empty()).count() < 1 {
            continue;
        }
        if t.header.split != Split::Spaces && !line.raw.contains(['\t', '|', '│']) {
            // Running text between or after pipe/tab tables.
            if let Some(d) = drafts.last_mut() {
                take_labels(line.raw, d);
            }
            continue;
        }
        read_row(line, &cells, t, &mut drafts, &mut standard_cells)?;
    }
    if let Some(t) = &table {
        any_rows += t.rows;
    }
    if any_rows == 0 {
        return Err(ReadError::at(
            first_header + 1,
            "the indicator header is not followed by any indicator row",
        ));
    }

    // A 绩效标准 column holds kinds of standard (计划标准 …) or the values themselves.
    let kinds = !standard_cells.is_empty() && standard_cells.iter().all(|(_, _, v)| is_standard_kind(v));
    for (d, i, v) in standard_cells {
        if let Some(ind) = drafts.get_mut(d).and_then(|d| d.indicators.get_mut(i)) {
            if kinds || ind.annual_value.is_some() {
                ind.standard = Some(v);
            } else {
                ind.annual_value = Some(v);
            }
        }
    }

    drafts.retain(|d| d.name.is_some() || !d.indicators.is_empty() || d.goal.is_some());
    let text = src.text;
    let is_department_text = text.contains("部门整体") || title.as_deref().is_some_and(|t| t.contains("部门") && !t.contains("项目"));
    let is_project = !is_department_text
        && (project_label
            || project_column
            || text.contains("项目支出绩效")
            || title.as_deref().is_some_and(|t| t.contains("项目")));

    let body = if is_project {
        let projects = drafts
            .into_iter()
            .map(|d| Project {
                name: d.name.or_else(|| title.clone()).unwrap_or_else(|| department.clone()),
                amounts: d.amounts,
                goal: d.goal,
                indicators: d.indicators,
            })
            .collect();
        Body::Project(ProjectTable {
            totals: Amounts::default(),
            units: vec![Unit { name: department.clone(), amounts: Amounts::default(), projects }],
        })
    } else {
        let mut plan = Plan::new(Horizon::Annual);
        for d in drafts {
            if plan.goal.is_none() {
                plan.goal = d.goal;
            }
            plan.indicators.extend(d.indicators);
        }
        Body::Department(DepartmentTable { figures: Vec::new(), functions: None, plans: vec![plan] })
    };
    Ok(Document { source: src.name.to_string(), title, department, year, money_unit, body })
}

/// A heading line's text: markdown `#` marks and outer pipes dropped, cleaned.
fn heading_text(raw: &str) -> String {
    let t = raw.trim().trim_start_matches('#');
    let t = t.trim().trim_matches(['|', '│']);
    clean(t)
}

/// The department named at the start of a title: the text before the year or
/// before the table's name (`某某局2024年项目支出绩效目标表` → `某某局`).
fn department_from_title(title: &str) -> Option<String> {
    let mut end = title.len();
    for w in ["项目支出", "部门整体", "整体支出", "绩效目标", "预算绩效"] {
        if let Some(i) = title.find(w) {
            end = end.min(i);
        }
    }
    let head = &title[..end];
    // Cut before a 4-digit year.
    let cut = head
        .char_indices()
        .find(|(i, _)| year_in(&head[*i..]).is_some_and(|_| head[*i..].chars().take(4).all(|c| c.is_ascii_digit())))
        .map(|(i, _)| i)
        .unwrap_or(head.len());
    clean_opt(&head[..cut])
}

/// True when a cell names a kind of standard (计划标准, 行业标准, 历史标准 …).
fn is_standard_kind(v: &str) -> bool {
    let t = v.trim();
    (t.ends_with("标准") && t.chars().count() <= 8) || matches!(t, "其他" | "计划" | "行业" | "历史")
}

/// Reads one data row into the current project's indicators.
fn read_row(
    line: &Line,
    cells: &[String],
    t: &mut Table,
    drafts: &mut Vec<ProjectDraft>,
    standard_cells: &mut Vec<(usize, usize, String)>,
) -> Result<(), ReadError> {
    let get = |kind: Col| -> Option<String> {
        let i = t.header.cols.iter().position(|c| *c == kind)?;
        clean_opt(cells.get(i)?)
    };
    // Repeated header rows (a table continued on a new page) are not data.
    if header_of(line.raw).is_some() {
        return Ok(());
    }
    let name = get(Col::Name);
    let level1 = get(Col::Level1);
    let level2 = get(Col::Level2);
    let project = get(Col::Project);

    if let Some(p) = project {
        if t.project.as_deref() != Some(p.as_str()) {
            t.project = Some(p.clone());
            let reuse = drafts.last().is_some_and(|d| d.name.is_none() && d.indicators.is_empty());
            if !reuse {
                drafts.push(ProjectDraft::default());
            }
            if let Some(d) = drafts.last_mut() {
                d.name = Some(p);
            }
        }
    }
    if let Some(d) = drafts.last_mut() {
        // Goal and amount cells belong to the project (or plan) of the row; merged
        // cells print them once, on the project's first row.
        if d.goal.is_none() {
            d.goal = get(Col::Goal);
        }
        for (kind, slot) in [
            (Col::Total, &mut d.amounts.total),
            (Col::Fiscal, &mut d.amounts.fiscal),
            (Col::Special, &mut d.amounts.special_account),
            (Col::Other, &mut d.amounts.other),
        ] {
            if slot.is_none() {
                *slot = get(kind).and_then(|v| amount_text(&v));
            }
        }
    }
    if let Some(l1) = &level1 {
        let (code, name) = split_code_name(l1);
        t.level1 = (code, Some(name));
        t.level2 = (None, None);
    }
    if let Some(l2) = &level2 {
        let (code, name) = split_code_name(l2);
        t.level2 = (code, Some(name));
    }
    let draft_index = drafts.len().saturating_sub(1);
    let Some(draft) = drafts.last_mut() else { return Ok(()) };

    let only_name = cells.iter().filter(|c| !c.trim().is_empty()).count() == 1;
    if let (Some(n), true) = (&name, only_name && t.header.split != Split::Tabs && t.rows > 0) {
        // A drawn table wraps a long name into the next line, every other cell blank.
        if let Some(prev) = draft.indicators.last_mut() {
            prev.name.push_str(n);
            return Ok(());
        }
    }
    let Some(name) = name else {
        if level1.is_some() || level2.is_some() {
            // A category row: its names carry down.
            return Ok(());
        }
        // A wrapped cell: the row continues the indicator above.
        let Some(prev) = draft.indicators.last_mut() else {
            return Err(ReadError::at(line.no, "a row with no indicator name (三级指标) and no indicator above it"));
        };
        for (i, col) in t.header.cols.iter().enumerate() {
            let Some(piece) = cells.get(i).and_then(|c| clean_opt(c)) else { continue };
            let field = match col {
                Col::Explanation => &mut prev.explanation,
                Col::Period => &mut prev.period_value,
                Col::Annual => &mut prev.annual_value,
                Col::Comparator => &mut prev.comparator,
                Col::Unit => &mut prev.unit,
                Col::Nature => &mut prev.nature,
                Col::Direction => &mut prev.direction,
                Col::Standard => &mut prev.standard,
                Col::StandardOrValue => {
                    let idx = draft.indicators.len().saturating_sub(1);
                    if let Some(entry) = standard_cells.iter_mut().rev().find(|e| e.0 == draft_index && e.1 == idx) {
                        entry.2.push_str(&piece);
                    } else {
                        standard_cells.push((draft_index, idx, piece));
                    }
                    break;
                }
                _ => continue,
            };
            *field = Some(format!("{}{}", field.take().unwrap_or_default(), piece));
        }
        return Ok(());
    };

    let mut ind = Indicator::named(name);
    ind.level1_code = t.level1.0.clone();
    ind.level1 = t.level1.1.clone();
    ind.level2_code = t.level2.0.clone();
    ind.level2 = t.level2.1.clone();
    ind.seq = get(Col::Seq).and_then(|s| s.trim_end_matches(['.', '、', '．']).parse().ok());
    ind.explanation = get(Col::Explanation);
    ind.period_value = get(Col::Period);
    ind.annual_value = get(Col::Annual);
    ind.comparator = get(Col::Comparator);
    ind.unit = get(Col::Unit);
    ind.nature = get(Col::Nature);
    ind.direction = get(Col::Direction);
    ind.standard = get(Col::Standard);
    ind.weight = get(Col::Weight).and_then(|w| weight_of(&w));
    if let Some(v) = get(Col::StandardOrValue) {
        standard_cells.push((draft_index, draft.indicators.len(), v));
    }
    draft.indicators.push(ind);
    t.rows += 1;
    Ok(())
}

/// A 分值 / 权重 cell as a number: `10`, `10分`, `10%`, `10.5`.
fn weight_of(s: &str) -> Option<Decimal> {
    let t = s.trim();
    let t = t.strip_suffix('分').or_else(|| t.strip_suffix('%')).or_else(|| t.strip_suffix('％')).unwrap_or(t);
    parse_amount(t).ok().flatten()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn maps_header_columns() {
        let h = header_of("一级指标\t二级指标\t三级指标\t指标值\t计量单位\t指标性质\t指标方向\t分值").expect("header");
        assert_eq!(
            h.cols,
            vec![Col::Level1, Col::Level2, Col::Name, Col::Annual, Col::Unit, Col::Nature, Col::Direction, Col::Weight]
        );
        let h = header_of("| 三级指标 | 三级指标解释 | 对比符号 | 年度指标值 | 实施期指标值 |").expect("header");
        assert_eq!(h.cols, vec![Col::Name, Col::Explanation, Col::Comparator, Col::Annual, Col::Period]);
        assert!(header_of("部门名称：某某局").is_none());
        assert!(header_of("一级指标  二级指标").is_none());
    }

    #[test]
    fn reads_weights_and_titles() {
        assert_eq!(weight_of("10分"), Some(Decimal::from(10)));
        assert_eq!(weight_of("—"), None);
        assert_eq!(department_from_title("某某局2024年项目支出绩效目标表").as_deref(), Some("某某局"));
        assert_eq!(department_from_title("某某中心部门整体支出绩效目标表").as_deref(), Some("某某中心"));
        assert_eq!(label_value("资金总额（万元）：12.5", "资金总额").as_deref(), Some("12.5"));
        assert_eq!(label_value("资金总额（万元）\t12.5", "资金总额").as_deref(), Some("12.5"));
        assert_eq!(label_value("| 项目名称 | 某某培训项目 |", "项目名称").as_deref(), Some("某某培训项目"));
    }
}
