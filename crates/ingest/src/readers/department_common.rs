//! The engine both tab-separated department readers stand on (`department_tsv`,
//! `department_columns`).
//!
//! A department table (部门整体支出/预算绩效目标表) exported as tab-separated rows is
//! read in one pass over its non-blank rows:
//!
//! 1. **Sections.** The first non-empty cell of a row may be a section label from
//!    the domain's vocabulary (部门名称, 基本信息 / 预算整体情况, 部门职能概述,
//!    总体绩效目标 / 三年期目标, 年度重点工作任务, 其他需完成的任务, 绩效指标 …,
//!    see [`section_of`]). A label switches the section; a label repeated after a
//!    page break simply continues it. Rows without a label belong to the current
//!    section.
//! 2. **Column headers.** In the task and indicator sections, a row of column
//!    names (名称 / 主要实施内容 / 拟投入资金, 一级指标 / 三级指标 / 对比符号 / 指标值 …)
//!    maps columns to [`Role`]s by their names, never by fixed positions.
//! 3. **Re-alignment.** Exports drop the leading empty cells of some rows (merged
//!    cells printed once, blank below) and pad the end instead. Every data row is
//!    tried at each possible shift to the right; each placement is scored by how
//!    well every cell fits its column (a category name in a 一级/二级指标 column, a
//!    number in an amount column, a value in a value column, …, see [`fit`]),
//!    and the best placement wins (the unshifted one on ties).
//! 4. **Carry-down.** 一级/二级指标 printed once for a block of rows are carried
//!    down to the rows below.
//!
//! Figures come from label/value pairs of the budget overview block; column
//! headers such as 预算金额（万元） are not figures.

use crate::text::{
    clean, is_amount, join_broken, money_unit_in, parse_amount, strip_list_number, tsv_records, year_in, Source,
};
use crate::ReadError;
use jixiao_core::taxonomy::{Level1, Level2};
use jixiao_core::{Body, DepartmentTable, Document, Figure, Horizon, Indicator, Plan, Task, TaskGroup};
use rust_decimal::Decimal;

/// The sections of a department table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Section {
    /// Lines before the first section label: the title and headings.
    Preamble,
    /// 部门名称.
    Department,
    /// 基本信息 / 预算整体情况: the budget overview figures.
    Figures,
    /// 部门职能概述.
    Functions,
    /// 总体绩效目标 / 年度目标 (annual) or 三年期目标 / 中长期目标 (multi-year).
    Goal(Horizon),
    /// 年度重点工作任务.
    KeyTasks,
    /// 其他需完成的任务.
    OtherTasks,
    /// 绩效指标 / 部门履职的整体绩效指标 / 部门整体支出目标关键指标.
    Indicators,
    /// 注 / 备注 / 填报说明 and signatures: nothing to read.
    Notes,
}

/// What a column of a task or indicator table holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// The column of section labels (年度重点工作任务, 绩效指标 …).
    Label,
    /// 序号.
    Seq,
    /// 一级指标.
    Level1,
    /// 二级指标.
    Level2,
    /// 三级指标 / 指标名称 / 关键指标.
    Name,
    /// 三级指标解释.
    Explanation,
    /// 对比符号.
    Comparator,
    /// 实施周期指标值.
    PeriodValue,
    /// 年度指标值 / 指标值 / 预期实现值 / 绩效标准 (holding the value).
    AnnualValue,
    /// 计量单位.
    Unit,
    /// 指标性质.
    Nature,
    /// 指标方向.
    Direction,
    /// 分值 / 权重.
    Weight,
    /// The kind of standard a value rests on (指标值设定依据, 标准类型).
    Standard,
    /// A task's 名称.
    TaskName,
    /// 主要实施内容.
    Content,
    /// 期望达到的目标 / 任务的绩效目标.
    Goal,
    /// 拟投入资金 / 拟投入金额.
    Amount,
    /// 主要实施项目.
    Projects,
    /// A header cell jixiao has no field for: its cells are ignored.
    Other,
    /// No header above: a non-empty cell here is out of place.
    Beyond,
}

/// Which kind of column header a row is read against.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Ctx {
    Tasks,
    Indicators,
}

/// A non-blank row: its line number and its cleaned tab-separated cells.
#[derive(Debug, Clone)]
struct Row {
    no: usize,
    cells: Vec<String>,
}

impl Row {
    /// Index and text of the first non-empty cell.
    fn first(&self) -> Option<(usize, &str)> {
        self.cells.iter().enumerate().find(|(_, c)| !c.is_empty()).map(|(i, c)| (i, c.as_str()))
    }

    /// The non-empty cells.
    fn texts(&self) -> impl Iterator<Item = &str> {
        self.cells.iter().map(String::as_str).filter(|c| !c.is_empty())
    }

    /// The only non-empty cell, if there is exactly one.
    fn single(&self) -> Option<&str> {
        let mut it = self.texts();
        let first = it.next()?;
        if it.next().is_some() {
            None
        } else {
            Some(first)
        }
    }
}

/// The label part of a cell: the text before a `：`/`:` when the cell is
/// `标签：内容`, else the whole cell.
fn label_head(cell: &str) -> &str {
    let head = match cell.find(['：', ':']) {
        Some(i) => cell[..i].trim(),
        None => cell.trim(),
    };
    // A trailing remark in brackets: 绩效指标（可选填）.
    if head.ends_with(['）', ')']) {
        if let Some(open) = head.rfind(['（', '(']) {
            if open > 0 {
                return head[..open].trim();
            }
        }
    }
    head
}

/// An amount as printed, also with a unit or measure word after it (`63万元`,
/// `133人`): `None` when the cell is not one.
pub fn amount_in(cell: &str) -> Option<Decimal> {
    if let Ok(Some(v)) = parse_amount(cell) {
        return Some(v);
    }
    let t = cell.trim();
    ["万元", "千元", "亿元", "元", "人", "个", "名", "户", "家", "辆", "台"]
        .iter()
        .find_map(|u| t.strip_suffix(u))
        .and_then(|n| parse_amount(n).ok().flatten())
}

/// The text after the label of a `标签：内容` cell, if any.
fn label_rest(cell: &str) -> Option<String> {
    let i = cell.find(['：', ':'])?;
    let colon_len = cell[i..].chars().next().map_or(1, char::len_utf8);
    let rest = clean(&cell[i + colon_len..]);
    if rest.is_empty() {
        None
    } else {
        Some(rest)
    }
}

/// Recognises a section label (the first non-empty cell of a row) from the
/// vocabulary of department tables. Category names (产出指标 …) and column
/// names (一级指标, 名称 …) are not section labels.
pub fn section_of(cell: &str) -> Option<Section> {
    let head: String = label_head(cell).chars().filter(|c| !c.is_whitespace()).collect();
    let n = head.chars().count();
    // Labels are short; a title (…绩效目标表) is not a label.
    if n == 0 || n > 20 || head.ends_with('表') {
        return None;
    }
    let h = head.as_str();
    let has = |w: &str| h.contains(w);
    if matches!(category_of(h), Category::Level1 | Category::Level2 | Category::Both | Category::Coded) {
        return None;
    }
    if let Some(after) = h.strip_prefix('注') {
        // 注, 注：…, 注1, 注（1）; not a word that merely starts with 注 (注册人数).
        if after.is_empty() || after.starts_with(|c: char| c.is_ascii_digit() || c == '（' || c == '(') {
            return Some(Section::Notes);
        }
    }
    if ["备注", "填报", "填表", "制表", "说明", "联系人", "联系电话", "审核", "负责人", "单位负责人", "财务负责人"]
        .iter()
        .any(|w| h.starts_with(w))
    {
        return Some(Section::Notes);
    }
    // A title (…绩效目标表, …申报表（2024年）) is not a label.
    if has("表") {
        return None;
    }
    if has("名称") && (has("部门") || has("单位")) && !has("项目") && !has("任务") {
        return Some(Section::Department);
    }
    if has("职能") {
        return Some(Section::Functions);
    }
    if has("任务") && !has("名称") && !has("目标") && !has("内容") && !has("指标") {
        if h.starts_with("其他") {
            return Some(Section::OtherTasks);
        }
        if has("重点") || has("主要") || has("年度") {
            return Some(Section::KeyTasks);
        }
    }
    if has("目标") && !has("指标") && !has("任务") && !has("期望") && !has("预期") {
        if horizon_of(h) == Horizon::MultiYear {
            return Some(Section::Goal(Horizon::MultiYear));
        }
        if has("总体") || has("整体") || has("年度") || h == "绩效目标" || h == "目标" {
            return Some(Section::Goal(Horizon::Annual));
        }
    }
    if h.ends_with("绩效指标") || has("关键指标") || (has("履职") && has("指标")) || h == "指标" {
        return Some(Section::Indicators);
    }
    if h == "基本信息"
        || h == "基本情况"
        || h == "部门预算"
        || (has("预算") && (has("情况") || has("安排") || has("概况") || has("收支")))
        || h == "资金情况"
        || h == "收支情况"
    {
        return Some(Section::Figures);
    }
    None
}

/// The horizon a label names: multi-year for 三年期 / 中期 / 中长期 / 实施期 words,
/// else annual.
fn horizon_of(label: &str) -> Horizon {
    if ["三年", "中期", "中长期", "实施期", "多年", "周期"].iter().any(|w| label.contains(w)) {
        Horizon::MultiYear
    } else {
        Horizon::Annual
    }
}

/// Splits a category code printed before a name at the first `-`:
/// `01-产出指标` → (`Some("01")`, `产出指标`). Only a code of ASCII digits is split.
pub fn split_code(cell: &str) -> (Option<String>, String) {
    let t = cell.trim();
    if let Some(i) = t.find(['-', '－', '—']) {
        let code = t[..i].trim();
        let sep_len = t[i..].chars().next().map_or(1, char::len_utf8);
        let name = t[i + sep_len..].trim();
        if !code.is_empty() && code.len() <= 3 && code.bytes().all(|b| b.is_ascii_digit()) && !name.is_empty() {
            return (Some(code.to_string()), clean(name));
        }
    }
    (None, clean(t))
}

/// What kind of category name a cell holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Category {
    /// A level-1 name only (产出指标, 效益指标).
    Level1,
    /// A level-2 name only (数量指标, 社会效益指标).
    Level2,
    /// A name of either level (成本指标, 满意度指标).
    Both,
    /// A code-prefixed name the taxonomy does not know (`05-其他指标`).
    Coded,
    /// A short name ending in 指标 that the taxonomy does not know.
    Suffixed,
    /// Not a category name.
    None,
}

fn category_of(cell: &str) -> Category {
    let (code, name) = split_code(cell);
    let l1 = Level1::from_name(&name).is_some();
    let l2 = Level2::from_name(&name).is_some();
    match (l1, l2) {
        (true, true) => Category::Both,
        (true, false) => Category::Level1,
        (false, true) => Category::Level2,
        (false, false) if code.is_some() && !name.chars().any(|c| c.is_ascii_digit()) => Category::Coded,
        (false, false)
            if name.ends_with("指标")
                && name.chars().count() <= 8
                && !name.contains("级指标")
                && !name.chars().any(|c| c.is_ascii_digit()) =>
        {
            Category::Suffixed
        }
        _ => Category::None,
    }
}

/// True when a cell reads as a target value: `≥90%`, `100%`, `1次`, `12人`,
/// `完成率100%`, `不少于2000次`.
pub fn looks_like_value(cell: &str) -> bool {
    let t = cell.trim();
    let Some(first) = t.chars().next() else { return false };
    if "≥≤><=＞＜＝≧≦".contains(first) {
        return true;
    }
    let is_digit = |c: char| c.is_ascii_digit() || ('０'..='９').contains(&c);
    if !t.chars().any(is_digit) {
        return false;
    }
    if t.contains('%') || t.contains('％') || t.contains('‰') {
        return true;
    }
    let lead = t.chars().take_while(|&c| is_digit(c) || c == '.' || c == ',').count();
    if lead > 0 && t.chars().count() - lead <= 4 {
        return true;
    }
    ["不少于", "不低于", "不超过", "不高于", "不大于", "不小于", "大于", "小于", "达到", "至少", "高于", "低于"]
        .iter()
        .any(|w| t.starts_with(w))
}

/// True when a cell is a comparator as printed in a 对比符号 column.
pub fn is_comparator(cell: &str) -> bool {
    const WORDS: [&str; 22] = [
        ">=",
        "<=",
        ">",
        "<",
        "=",
        "≥",
        "≤",
        "＞",
        "＜",
        "＝",
        "≧",
        "≦",
        "≠",
        "大于等于",
        "小于等于",
        "大于",
        "小于",
        "等于",
        "不少于",
        "不低于",
        "不高于",
        "不超过",
    ];
    WORDS.contains(&cell.trim())
}

/// True when a cell is a printed sequence number (`1`, `12`, `3、`).
fn is_seq(cell: &str) -> bool {
    let t = cell.trim().trim_end_matches(['、', '.', '．']);
    !t.is_empty() && t.len() <= 3 && t.bytes().all(|b| b.is_ascii_digit())
}

/// Cells that stand for "no amount" in an amount column.
fn is_dash(cell: &str) -> bool {
    matches!(cell.trim(), "-" | "—" | "——" | "－" | "/" | "无" | "／")
}

/// How well a non-empty cell fits a column of the given role: positive for a
/// good fit, negative for a misfit. Empty cells fit everywhere (score 0).
pub fn fit(role: Role, cell: &str) -> i32 {
    if cell.is_empty() {
        return 0;
    }
    let cat = category_of(cell);
    let is_cat = matches!(cat, Category::Level1 | Category::Level2 | Category::Both | Category::Coded);
    let value = looks_like_value(cell);
    let num = is_amount(cell);
    match role {
        Role::Label => {
            if section_of(cell).is_some() {
                2
            } else {
                -3
            }
        }
        Role::Beyond => -2,
        Role::Other => 0,
        Role::Level1 => match cat {
            Category::Level1 | Category::Both => 3,
            Category::Coded => 2,
            Category::Suffixed => 1,
            Category::Level2 => -1,
            Category::None => -3,
        },
        Role::Level2 => match cat {
            Category::Level2 | Category::Both => 3,
            Category::Coded => 2,
            Category::Suffixed => 1,
            Category::Level1 => -1,
            Category::None => -3,
        },
        Role::Name => {
            if is_cat {
                -2
            } else if value || num {
                -3
            } else if cat == Category::Suffixed {
                -1
            } else {
                2
            }
        }
        Role::Explanation | Role::Standard => {
            if is_cat {
                -2
            } else if value || num {
                -1
            } else {
                1
            }
        }
        Role::PeriodValue | Role::AnnualValue => {
            if is_cat || cat == Category::Suffixed {
                -2
            } else if value || num {
                3
            } else {
                1
            }
        }
        Role::Comparator => {
            if is_comparator(cell) {
                3
            } else if cell.chars().count() <= 4 && !cell.chars().any(|c| c.is_ascii_digit()) {
                1
            } else {
                -3
            }
        }
        Role::Unit => {
            if !is_cat && cell.chars().count() <= 6 && !cell.chars().any(|c| c.is_ascii_digit()) {
                2
            } else {
                -2
            }
        }
        Role::Nature => {
            if cell.contains("定量") || cell.contains("定性") {
                3
            } else {
                -2
            }
        }
        Role::Direction => {
            if cell.contains("正向") || cell.contains("反向") {
                3
            } else {
                -2
            }
        }
        Role::Weight => {
            if num || is_amount(cell.trim_end_matches(['分', '%', '％'])) {
                2
            } else {
                -2
            }
        }
        Role::Seq => {
            if is_seq(cell) {
                3
            } else {
                -3
            }
        }
        Role::TaskName => {
            if section_of(cell).is_some() {
                -3
            } else if num {
                -2
            } else {
                1
            }
        }
        Role::Content | Role::Goal | Role::Projects => {
            if num {
                -2
            } else {
                1
            }
        }
        Role::Amount => {
            if num || is_dash(cell) || amount_in(cell).is_some() {
                3
            } else {
                -3
            }
        }
    }
}

/// The role of a column named by a header cell, read in a task or indicator table.
fn column_role(cell: &str, ctx: Ctx) -> Option<Role> {
    let c: std::borrow::Cow<str> = if cell.contains(char::is_whitespace) {
        cell.chars().filter(|c| !c.is_whitespace()).collect::<String>().into()
    } else {
        cell.into()
    };
    let c = c.as_ref();
    let n = c.chars().count();
    if n == 0 || n > 30 {
        return None;
    }
    let has = |w: &str| c.contains(w);
    let role = if has("序号") || c == "编号" {
        Role::Seq
    } else if has("一级指标") {
        Role::Level1
    } else if has("二级指标") {
        Role::Level2
    } else if has("解释") || has("说明") || has("释义") || has("内涵") {
        Role::Explanation
    } else if has("对比") || has("比较") || has("符号") || has("运算") {
        Role::Comparator
    } else if has("计量单位") || has("度量单位") || c == "单位" {
        Role::Unit
    } else if has("性质") {
        Role::Nature
    } else if has("方向") {
        Role::Direction
    } else if has("分值") || has("权重") {
        Role::Weight
    } else if has("依据") || has("标准类型") || has("标准来源") {
        Role::Standard
    } else if (has("周期") || has("中长期") || has("三年") || has("中期")) && (has("值") || has("目标")) {
        Role::PeriodValue
    } else if has("指标值")
        || has("目标值")
        || has("实现值")
        || has("预期值")
        || has("绩效标准")
        || has("评价标准")
        || c == "标准"
    {
        Role::AnnualValue
    } else if has("三级指标") || has("关键指标") || has("关键性指标") || has("指标名称") {
        Role::Name
    } else {
        match ctx {
            Ctx::Tasks => {
                if has("实施内容") || has("主要内容") || has("工作内容") || has("任务内容") {
                    Role::Content
                } else if has("项目") {
                    Role::Projects
                } else if has("资金") || has("金额") || has("投入") || has("预算") {
                    Role::Amount
                } else if has("目标") || has("预期") || has("效果") {
                    Role::Goal
                } else if has("名称") || has("任务") {
                    Role::TaskName
                } else {
                    return None;
                }
            }
            Ctx::Indicators => {
                if c == "名称" || c == "指标" || has("绩效指标") {
                    Role::Name
                } else {
                    return None;
                }
            }
        }
    };
    Some(role)
}

/// The column roles of a header row, or `None` when the row is not a header
/// (fewer than two recognised column names, or a number among its cells).
fn header_roles(row: &Row, ctx: Ctx) -> Option<Vec<Role>> {
    let first = row.first().map(|(i, _)| i);
    let mut roles = vec![Role::Beyond; row.cells.len()];
    let (mut known, mut unknown) = (0usize, 0usize);
    let mut left = row.cells.iter().filter(|c| !c.is_empty()).count();
    for (i, c) in row.cells.iter().enumerate() {
        if c.is_empty() {
            continue;
        }
        // Not a header once the cells still to come cannot outnumber the
        // unrecognised ones.
        if known + left <= unknown {
            return None;
        }
        left -= 1;
        if Some(i) == first && section_of(c).is_some() {
            roles[i] = Role::Label;
            continue;
        }
        if is_amount(c) {
            return None;
        }
        match column_role(c, ctx) {
            Some(r) => {
                // A role named twice: the later column is kept but not read,
                // except a second value column, which is the standard.
                let r = if roles.contains(&r) {
                    if r == Role::AnnualValue && c.contains("标准") {
                        Role::Standard
                    } else {
                        Role::Other
                    }
                } else {
                    r
                };
                roles[i] = r;
                known += 1;
            }
            None => {
                roles[i] = Role::Other;
                unknown += 1;
            }
        }
    }
    if known < 2 || known <= unknown {
        return None;
    }
    let ok = match ctx {
        Ctx::Indicators => roles.contains(&Role::Name),
        Ctx::Tasks => roles.iter().any(|r| matches!(r, Role::TaskName | Role::Content | Role::Goal)),
    };
    ok.then_some(roles)
}

/// The columns of a second header row under a spanning header cell
/// (`指标值` over `实施周期` / `年度`), or `None` when the row is not one.
fn sub_header(row: &Row) -> Option<Vec<(usize, Role)>> {
    let mut out = Vec::new();
    for (i, c) in row.cells.iter().enumerate() {
        if c.is_empty() {
            continue;
        }
        if c.chars().count() > 10 || amount_in(c).is_some() || looks_like_value(c) {
            return None;
        }
        let role = if horizon_of(c) == Horizon::MultiYear {
            Role::PeriodValue
        } else if c.contains("年度") || c.contains("本年") || c.contains("当年") {
            Role::AnnualValue
        } else {
            column_role(c, Ctx::Indicators)?
        };
        out.push((i, role));
    }
    (!out.is_empty()).then_some(out)
}

/// True when a row is the header of a plan-wide indicator table: an indicator
/// name column with at least two other indicator columns, and no task columns.
fn is_indicator_header(row: &Row) -> bool {
    let Some(roles) = header_roles(row, Ctx::Indicators) else { return false };
    let indicator_cols = roles
        .iter()
        .filter(|r| {
            matches!(
                r,
                Role::Level1
                    | Role::Level2
                    | Role::Name
                    | Role::Explanation
                    | Role::Comparator
                    | Role::PeriodValue
                    | Role::AnnualValue
                    | Role::Unit
            )
        })
        .count();
    let task_cols = header_roles(row, Ctx::Tasks)
        .map(|r| {
            r.iter()
                .filter(|r| matches!(r, Role::TaskName | Role::Content | Role::Goal | Role::Amount | Role::Projects))
                .count()
        })
        .unwrap_or(0);
    indicator_cols >= 3 && task_cols == 0
}

/// Places a data row's cells under the header's columns: the row may have lost
/// leading cells (and gained trailing empty ones). Tries every shift to the right
/// that drops no non-empty cell off the end and returns, for each column, the
/// role and the cell at the best-fitting shift (the smallest shift on ties).
pub fn align<'r>(cells: &'r [String], roles: &[Role]) -> Vec<(Role, &'r str)> {
    let width = roles.len().max(cells.len());
    let role_at = |c: usize| roles.get(c).copied().unwrap_or(Role::Beyond);
    let last = cells.iter().rposition(|c| !c.is_empty()).unwrap_or(0);
    let max_shift = width.saturating_sub(last + 1);
    let mut best = (i32::MIN, 0usize);
    for s in 0..=max_shift {
        let score: i32 = cells.iter().enumerate().map(|(i, c)| fit(role_at(i + s), c)).sum();
        if score > best.0 {
            best = (score, s);
        }
    }
    let s = best.1;
    cells
        .iter()
        .enumerate()
        .filter(|(i, c)| !c.is_empty() && i + s < width)
        .map(|(i, c)| (role_at(i + s), c.as_str()))
        .collect()
}

/// 一级/二级指标 carried down from the rows above (merged cells printed once).
#[derive(Debug, Default, Clone)]
struct Carry {
    level1: Option<(Option<String>, String)>,
    level2: Option<(Option<String>, String)>,
}

/// The first cell of a role among aligned cells.
fn cell_of<'a>(pairs: &[(Role, &'a str)], role: Role) -> Option<&'a str> {
    pairs.iter().find(|(r, _)| *r == role).map(|(_, c)| *c)
}

/// Reads the indicator part of an aligned row: updates the carried categories
/// and returns the indicator when the row names one.
fn read_indicator(pairs: &[(Role, &str)], carry: &mut Carry, line: usize) -> Result<Option<Indicator>, ReadError> {
    if let Some(c) = cell_of(pairs, Role::Level1) {
        carry.level1 = Some(split_code(c));
        carry.level2 = None;
    }
    if let Some(c) = cell_of(pairs, Role::Level2) {
        carry.level2 = Some(split_code(c));
    }
    let Some(name) = cell_of(pairs, Role::Name) else { return Ok(None) };
    let text = |r: Role| cell_of(pairs, r).map(str::to_string);
    let weight = match cell_of(pairs, Role::Weight) {
        None => None,
        Some(w) => match parse_amount(w.trim_end_matches(['分', '%', '％'])) {
            Ok(v) => v,
            Err(_) => return Err(ReadError::at(line, format!("分值/权重 cell {w:?} is not a number"))),
        },
    };
    let seq = cell_of(pairs, Role::Seq)
        .filter(|s| is_seq(s))
        .and_then(|s| s.trim_end_matches(['、', '.', '．']).parse().ok());
    Ok(Some(Indicator {
        seq,
        level1: carry.level1.as_ref().map(|l| l.1.clone()),
        level1_code: carry.level1.as_ref().and_then(|l| l.0.clone()),
        level2: carry.level2.as_ref().map(|l| l.1.clone()),
        level2_code: carry.level2.as_ref().and_then(|l| l.0.clone()),
        name: name.to_string(),
        explanation: text(Role::Explanation),
        period_value: text(Role::PeriodValue),
        annual_value: text(Role::AnnualValue),
        comparator: text(Role::Comparator),
        unit: text(Role::Unit),
        nature: text(Role::Nature),
        direction: text(Role::Direction),
        weight,
        standard: text(Role::Standard),
    }))
}

/// A figure label as printed, without a list number or a leading `其中：`.
fn figure_label(cell: &str) -> String {
    let t = strip_list_number(cell);
    let t = t.strip_prefix("其中").map(|r| r.trim_start_matches(['：', ':', ' '])).unwrap_or(t);
    clean(strip_list_number(t))
}

/// Reads the figures of the budget overview rows: a label cell followed by an
/// amount cell (or, in a vertical layout, a row of labels above a row of
/// amounts). Labels whose value cell is empty are left out; a label followed by
/// text is a column header. Within each block of rows with amounts, figures are
/// listed column by column (first labels of the rows, then second labels …).
fn read_figures(rows: &[Row]) -> Vec<Figure> {
    let mut out = Vec::new();
    let mut block: Vec<(usize, usize, Figure)> = Vec::new();
    let flush = |block: &mut Vec<(usize, usize, Figure)>, out: &mut Vec<Figure>| {
        block.sort_by_key(|(col, row, _)| (*col, *row));
        out.extend(block.drain(..).map(|(_, _, f)| f));
    };
    let is_label = |c: &str| !c.is_empty() && amount_in(c).is_none() && !is_dash(c) && section_of(c).is_none();
    for (ri, row) in rows.iter().enumerate() {
        let has_amount = row.cells.iter().any(|c| amount_in(c).is_some());
        if !has_amount {
            flush(&mut block, &mut out);
            // A row of labels above a row of nothing but amounts.
            if let Some(next) = rows.get(ri + 1) {
                let all_amounts = next.texts().all(|c| amount_in(c).is_some()) && next.texts().next().is_some();
                if all_amounts {
                    for (ci, c) in row.cells.iter().enumerate() {
                        let v = next.cells.get(ci).and_then(|v| amount_in(v));
                        if let (true, Some(value)) = (is_label(c), v) {
                            block.push((ci, ri, Figure { label: figure_label(c), value }));
                        }
                    }
                }
            }
            continue;
        }
        // The k-th label of a row (a row that lost its leading cells keeps its k).
        let mut ci = 0;
        let mut k = 0;
        while ci < row.cells.len() {
            let c = &row.cells[ci];
            if is_label(c) {
                k += 1;
                if let Some(value) = row.cells.get(ci + 1).and_then(|v| amount_in(v)) {
                    let label = figure_label(c);
                    if !label.is_empty() {
                        block.push((k, ri, Figure { label, value }));
                    }
                    ci += 2;
                    continue;
                }
            }
            ci += 1;
        }
    }
    flush(&mut block, &mut out);
    out
}

/// Reads a tab-separated department table (kind `department`). `layout` names
/// the layout in error messages.
pub fn read(src: &Source, layout: &str) -> Result<Document, ReadError> {
    let rows: Vec<Row> = tsv_records(src)
        .into_iter()
        .filter(|r| r.cells.iter().any(|c| !c.is_empty()))
        .map(|r| Row { no: r.no, cells: r.cells })
        .collect();
    if rows.is_empty() {
        return Err(ReadError::table(format!("{layout}: the table is empty")));
    }

    let mut section = Section::Preamble;
    let mut preamble: Vec<(usize, String)> = Vec::new(); // (row index, text)
    let mut department: Option<String> = None;
    let mut department_label: Option<(usize, usize)> = None; // (row index, line) of a 部门名称 without value
    let mut figure_rows: Vec<Row> = Vec::new();
    let mut functions: Vec<String> = Vec::new();
    let mut plans: Vec<Plan> = Vec::new();
    let mut goals: Vec<(Horizon, Vec<String>)> = Vec::new();
    let mut current = Horizon::Annual;
    let mut task_header: Option<(usize, Vec<Role>)> = None;
    let mut ind_header: Option<(usize, Vec<Role>)> = None;
    let mut ind_header_rows = 0usize; // data rows read under the current indicator header
    let mut carry = Carry::default();
    let mut task_carry = Carry::default();
    let mut sections_seen = 0usize;
    let mut last_was_header: Option<(usize, &'static str)> = None;

    fn plan_for(plans: &mut Vec<Plan>, h: Horizon) -> &mut Plan {
        match plans.iter().position(|p| p.horizon == h) {
            Some(i) => &mut plans[i],
            None => {
                plans.push(Plan::new(h));
                let last = plans.len() - 1;
                &mut plans[last]
            }
        }
    }

    for (ri, row) in rows.iter().enumerate() {
        let Some((first_col, first)) = row.first() else { continue };
        let after_header = last_was_header.take();
        // 1. A section label switches the section.
        let label = section_of(first);
        if let Some(sec) = label {
            sections_seen += 1;
            section = sec;
            // Tasks and indicators belong to the annual plan unless their own
            // label names a longer horizon (三年期绩效指标).
            if matches!(sec, Section::KeyTasks | Section::OtherTasks | Section::Indicators) {
                current = horizon_of(first);
            }
        } else if section != Section::Indicators && is_indicator_header(row) {
            sections_seen += 1;
            section = Section::Indicators;
            current = Horizon::Annual;
        }
        // The cells after a section label, and an inline `标签：内容`.
        let inline = if label.is_some() { label_rest(first) } else { None };
        let rest: Vec<&str> = if label.is_some() {
            inline
                .iter()
                .map(String::as_str)
                .chain(row.cells.iter().skip(first_col + 1).map(String::as_str))
                .filter(|c| !c.is_empty())
                .collect()
        } else {
            row.texts().collect()
        };

        // Label/amount pairs met outside a figures block (a budget overview
        // printed without its own label) are figures too.
        let pairs_row = label.is_none()
            && matches!(section, Section::Department | Section::Functions | Section::Goal(_))
            && row.cells.windows(2).any(|w| {
                !w[0].is_empty() && w[0].chars().count() <= 20 && amount_in(&w[0]).is_none() && amount_in(&w[1]).is_some()
            });
        if pairs_row {
            figure_rows.push(row.clone());
            continue;
        }

        match section {
            Section::Preamble => {
                if let Some(t) = row.single() {
                    preamble.push((ri, t.to_string()));
                }
            }
            Section::Notes => {}
            Section::Department => {
                if label.is_some() {
                    if let Some(v) = rest.first() {
                        department.get_or_insert_with(|| v.to_string());
                    } else if department.is_none() {
                        // The value printed on the line above the label, else below.
                        let title_at = preamble.iter().position(|(_, t)| is_title(t));
                        let above = preamble
                            .iter()
                            .enumerate()
                            .next_back()
                            .filter(|(i, (pi, t))| pi + 1 == ri && Some(*i) != title_at && is_heading_value(t))
                            .map(|(_, e)| e);
                        match above {
                            Some((_, t)) => department = Some(t.clone()),
                            None => department_label = Some((ri, row.no)),
                        }
                    }
                } else if let (None, Some((li, _))) = (&department, department_label) {
                    if li + 1 == ri {
                        if let Some(t) = row.single() {
                            department = Some(t.to_string());
                        }
                    }
                }
            }
            Section::Figures => {
                let mut r = row.clone();
                if label.is_some() {
                    if let Some(c) = r.cells.get_mut(first_col) {
                        c.clear();
                    }
                }
                figure_rows.push(r);
            }
            Section::Functions => functions.extend(rest.iter().map(|s| s.to_string())),
            Section::Goal(h) => {
                match goals.iter_mut().find(|(gh, _)| *gh == h) {
                    Some((_, g)) => g.extend(rest.iter().map(|s| s.to_string())),
                    None => goals.push((h, rest.iter().map(|s| s.to_string()).collect())),
                }
                plan_for(&mut plans, h);
            }
            Section::KeyTasks | Section::OtherTasks => {
                let group = if section == Section::KeyTasks { TaskGroup::Key } else { TaskGroup::Other };
                if let Some(roles) = header_roles(row, Ctx::Tasks) {
                    task_header = Some((row.no, roles));
                    last_was_header = Some((row.no, "task"));
                    continue;
                }
                if label.is_some() && rest.is_empty() {
                    continue;
                }
                let Some((_, roles)) = &task_header else {
                    return Err(ReadError::at(
                        row.no,
                        format!("{layout}: task row before any column header (名称 / 主要实施内容 / 拟投入资金)"),
                    ));
                };
                let pairs = align(&row.cells, roles);
                let plan = plan_for(&mut plans, current);
                read_task(&pairs, group, plan, &mut task_carry, row.no)?;
            }
            Section::Indicators => {
                // A second header row under a spanning one: 指标值 over 实施周期 / 年度.
                if let (Some((_, "indicator")), Some((_, roles)), Some(sub)) =
                    (after_header, ind_header.as_mut(), sub_header(row))
                {
                    for (i, r) in sub {
                        if roles.len() <= i {
                            roles.resize(i + 1, Role::Beyond);
                        }
                        roles[i] = r;
                    }
                    last_was_header = Some((row.no, "indicator"));
                    continue;
                }
                if let Some(roles) = header_roles(row, Ctx::Indicators) {
                    if let Some((line, _)) = &ind_header {
                        if ind_header_rows == 0 {
                            return Err(ReadError::at(
                                *line,
                                format!("{layout}: indicator header with no indicator rows below it"),
                            ));
                        }
                    }
                    ind_header = Some((row.no, roles));
                    ind_header_rows = 0;
                    last_was_header = Some((row.no, "indicator"));
                    continue;
                }
                if label.is_some() && rest.is_empty() {
                    continue;
                }
                let Some((_, roles)) = &ind_header else {
                    return Err(ReadError::at(
                        row.no,
                        format!("{layout}: indicator row before any column header (一级指标 / 二级指标 / 三级指标 / 指标值)"),
                    ));
                };
                let pairs = align(&row.cells, roles);
                ind_header_rows += 1;
                if let Some(ind) = read_indicator(&pairs, &mut carry, row.no)? {
                    plan_for(&mut plans, current).indicators.push(ind);
                }
            }
        }
    }

    if let Some((line, what)) = last_was_header {
        return Err(ReadError::at(
            line,
            format!("{layout}: the table ends right after the {what} header (truncated?)"),
        ));
    }
    if let Some((line, _)) = &ind_header {
        if ind_header_rows == 0 {
            return Err(ReadError::at(*line, format!("{layout}: indicator header with no indicator rows below it")));
        }
    }
    if sections_seen == 0 {
        return Err(ReadError::table(format!(
            "{layout}: no section of a department table found (部门名称, 预算整体情况, 总体绩效目标, 年度重点工作任务, 绩效指标)"
        )));
    }
    let department = match department {
        Some(d) => d,
        None => {
            return Err(match department_label {
                Some((_, line)) => {
                    ReadError::at(line, format!("{layout}: 部门名称 has no value beside, above or below it"))
                }
                None => ReadError::table(format!("{layout}: no 部门名称 (department name) row found")),
            })
        }
    };
    for (h, texts) in goals {
        let goal = join_broken(texts.iter().map(String::as_str));
        if !goal.is_empty() {
            plan_for(&mut plans, h).goal = Some(goal);
        }
    }
    if plans.iter().all(|p| p.goal.is_none() && p.tasks.is_empty() && p.indicators.is_empty()) {
        return Err(ReadError::table(format!(
            "{layout}: no 总体绩效目标, tasks or indicators found (header only or truncated table?)"
        )));
    }
    plans.retain(|p| p.goal.is_some() || !p.tasks.is_empty() || !p.indicators.is_empty());

    let title_at = preamble.iter().position(|(_, t)| is_title(t));
    let title = title_at.and_then(|i| preamble.get(i)).map(|(_, t)| t.clone());
    let year = title.as_deref().and_then(year_in).or_else(|| {
        preamble
            .iter()
            .enumerate()
            .filter(|(i, (_, t))| Some(*i) != title_at && *t != department)
            .find_map(|(_, (_, t))| year_in(t))
    });
    let money_unit =
        rows.iter().flat_map(|r| r.cells.iter()).find_map(|c| money_unit_in(c)).unwrap_or_else(|| "万元".to_string());
    let functions = if functions.is_empty() { None } else { Some(join_broken(functions.iter().map(String::as_str))) };

    Ok(Document {
        source: src.name.to_string(),
        title,
        department,
        year,
        money_unit,
        body: Body::Department(DepartmentTable { figures: read_figures(&figure_rows), functions, plans }),
    })
}

/// True when a preamble line reads as the table's title.
fn is_title(t: &str) -> bool {
    !t.contains('：') && !t.contains(':') && (t.contains("绩效") || t.ends_with('表'))
}

/// True when a preamble line can be a value printed above its label (not a
/// `单位：万元` heading, not a title naming the table).
fn is_heading_value(t: &str) -> bool {
    !t.contains('：') && !t.contains(':') && money_unit_in(t).is_none() && !t.ends_with('表')
}

/// Reads one aligned task row into the plan: a row with a name starts a task;
/// a row without one adds its indicator, projects or empty fields to the task above.
fn read_task(
    pairs: &[(Role, &str)],
    group: TaskGroup,
    plan: &mut Plan,
    carry: &mut Carry,
    line: usize,
) -> Result<(), ReadError> {
    let amount = match cell_of(pairs, Role::Amount) {
        None => None,
        Some(a) if is_dash(a) => None,
        Some(a) => match amount_in(a) {
            Some(v) => Some(v),
            None => return Err(ReadError::at(line, format!("拟投入资金 cell {a:?} is not an amount"))),
        },
    };
    let text = |r: Role| cell_of(pairs, r).map(str::to_string);
    let projects: Vec<String> =
        pairs.iter().filter(|(r, _)| *r == Role::Projects).map(|(_, c)| c.to_string()).collect();
    match cell_of(pairs, Role::TaskName) {
        Some(name) => {
            *carry = Carry::default();
            let mut task = Task::new(group, name);
            task.content = text(Role::Content);
            task.goal = text(Role::Goal);
            task.amount = amount;
            task.projects = projects;
            if let Some(ind) = read_indicator(pairs, carry, line)? {
                task.indicators.push(ind);
            }
            plan.tasks.push(task);
        }
        None => {
            let Some(task) = plan.tasks.iter_mut().rev().find(|t| t.group == group) else { return Ok(()) };
            if task.content.is_none() {
                task.content = text(Role::Content);
            }
            if task.goal.is_none() {
                task.goal = text(Role::Goal);
            }
            if task.amount.is_none() {
                task.amount = amount;
            }
            task.projects.extend(projects);
            if let Some(ind) = read_indicator(pairs, carry, line)? {
                task.indicators.push(ind);
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cells(v: &[&str]) -> Vec<String> {
        v.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn recognises_section_labels() {
        assert_eq!(section_of("部门名称"), Some(Section::Department));
        assert_eq!(section_of("部门名称：某某局"), Some(Section::Department));
        assert_eq!(section_of("预算整体情况"), Some(Section::Figures));
        assert_eq!(section_of("基本信息"), Some(Section::Figures));
        assert_eq!(section_of("总体绩效目标"), Some(Section::Goal(Horizon::Annual)));
        assert_eq!(section_of("三年期目标"), Some(Section::Goal(Horizon::MultiYear)));
        assert_eq!(section_of("年度重点工作任务"), Some(Section::KeyTasks));
        assert_eq!(section_of("其他需完成的任务（可选填）"), Some(Section::OtherTasks));
        assert_eq!(section_of("其他需完成任务"), Some(Section::OtherTasks));
        assert_eq!(section_of("绩效指标"), Some(Section::Indicators));
        assert_eq!(section_of("部门履职的整体绩效指标"), Some(Section::Indicators));
        assert_eq!(section_of("部门职能概述"), Some(Section::Functions));
        assert_eq!(section_of("注：本表由部门填报"), Some(Section::Notes));
        assert_eq!(section_of("部门整体预算绩效目标申报表"), None);
        for not in [
            "产出指标",
            "01-产出指标",
            "一级指标",
            "名称",
            "期望达到的目标",
            "部门预算支出",
            "预算金额（万元）",
            "基本支出",
            "注册人数",
        ] {
            assert_eq!(section_of(not), None, "{not}");
        }
    }

    #[test]
    fn labels_may_carry_remarks_and_amounts_units() {
        assert_eq!(section_of("绩效指标（可选填）"), Some(Section::Indicators));
        assert_eq!(section_of("总体绩效目标(必填)"), Some(Section::Goal(Horizon::Annual)));
        assert_eq!(amount_in("63万元").map(|d| d.to_string()).as_deref(), Some("63"));
        assert_eq!(amount_in("1,250.50").map(|d| d.to_string()).as_deref(), Some("1250.50"));
        assert_eq!(amount_in("133人").map(|d| d.to_string()).as_deref(), Some("133"));
        assert_eq!(amount_in("预算金额（万元）"), None);
        assert_eq!(amount_in("待定"), None);
    }

    #[test]
    fn reads_second_header_rows() {
        let sub = Row { no: 2, cells: cells(&["", "", "", "实施周期", "年度"]) };
        assert_eq!(sub_header(&sub), Some(vec![(3, Role::PeriodValue), (4, Role::AnnualValue)]));
        let data = Row { no: 3, cells: cells(&["", "产出指标", "数量指标", "培训次数", "2次"]) };
        assert_eq!(sub_header(&data), None);
    }

    #[test]
    fn splits_codes_at_the_first_dash() {
        assert_eq!(split_code("01-产出指标"), (Some("01".into()), "产出指标".into()));
        assert_eq!(split_code("11-数量指标"), (Some("11".into()), "数量指标".into()));
        assert_eq!(split_code("产出指标"), (None, "产出指标".into()));
        assert_eq!(split_code("政府-商会"), (None, "政府-商会".into()));
    }

    #[test]
    fn recognises_values_and_comparators() {
        for v in ["≥90%", "100%", "1次", "12人", "完成率100%", "不少于2000次", "500"] {
            assert!(looks_like_value(v), "{v}");
        }
        for v in ["达标", "专职人民调解员配置数量（人）", "12348热线接通率"] {
            assert!(!looks_like_value(v), "{v}");
        }
        assert!(is_comparator(">="));
        assert!(is_comparator("≤"));
        assert!(!is_comparator("100"));
    }

    #[test]
    fn maps_columns_by_name() {
        let row = Row {
            no: 1,
            cells: cells(&["一级指标", "二级指标", "三级指标", "三级指标解释", "对比符号", "指标值", "计量单位"]),
        };
        let roles = header_roles(&row, Ctx::Indicators).unwrap();
        assert_eq!(
            roles,
            vec![
                Role::Level1,
                Role::Level2,
                Role::Name,
                Role::Explanation,
                Role::Comparator,
                Role::AnnualValue,
                Role::Unit
            ]
        );
        let row = Row {
            no: 1,
            cells: cells(&[
                "年度重点工作任务",
                "名称",
                "主要实施内容",
                "拟投入的资金（万元）",
                "期望达到的目标（概述）",
                "",
            ]),
        };
        assert_eq!(
            header_roles(&row, Ctx::Tasks).unwrap(),
            vec![Role::Label, Role::TaskName, Role::Content, Role::Amount, Role::Goal, Role::Beyond]
        );
        let data = Row { no: 2, cells: cells(&["", "某任务", "内容", "12.5", "目标", ""]) };
        assert_eq!(header_roles(&data, Ctx::Tasks), None);
    }

    #[test]
    fn realigns_rows_that_lost_leading_cells() {
        let roles = [Role::Label, Role::Level1, Role::Level2, Role::Name, Role::PeriodValue, Role::AnnualValue];
        let row = cells(&["培训人次（人）", "≥30人", "≥30人", "", "", ""]);
        let got = align(&row, &roles);
        assert_eq!(
            got,
            vec![(Role::Name, "培训人次（人）"), (Role::PeriodValue, "≥30人"), (Role::AnnualValue, "≥30人")]
        );
        let row = cells(&["", "", "年度考核等级", "优秀", "优秀", ""]);
        assert_eq!(align(&row, &roles)[0], (Role::Name, "年度考核等级"));
        let row = cells(&["", "生态效益指标", "", "", "", ""]);
        assert_eq!(align(&row, &roles), vec![(Role::Level2, "生态效益指标")]);
        let row = cells(&["", "成本指标", "", "", "", ""]);
        assert_eq!(align(&row, &roles), vec![(Role::Level1, "成本指标")]);
        let row = cells(&["", "", "", "服务对象满意度", "≥90%", "≥90%"]);
        assert_eq!(align(&row, &roles)[0], (Role::Name, "服务对象满意度"));
    }

    #[test]
    fn reads_figure_pairs_and_skips_headers() {
        let rows = vec![
            Row {
                no: 1, cells: cells(&["", "支出", "预算金额（万元）", "收入", "预算金额（万元）"])
            },
            Row { no: 2, cells: cells(&["", "基本支出", "1,000.50", "财政拨款", "1,200.00"]) },
            Row { no: 3, cells: cells(&["", "其中：项目支出", "199.50", "其他资金", ""]) },
        ];
        let f = read_figures(&rows);
        let labels: Vec<&str> = f.iter().map(|f| f.label.as_str()).collect();
        assert_eq!(labels, vec!["基本支出", "项目支出", "财政拨款"]);
    }
}
