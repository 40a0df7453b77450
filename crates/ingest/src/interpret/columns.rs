//! Header rows: which cells name columns, and what each column holds.

use crate::grid::{Cell, Grid, Row, Split};
use crate::hant::simplify;

/// What a header column holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Col {
    /// 序号.
    Seq,
    /// 项目名称.
    Project,
    /// 一级指标.
    Level1,
    /// 二级指标.
    Level2,
    /// 三级指标: the indicator's name.
    Name,
    /// 指标解释 / 指标说明.
    Explanation,
    /// 实施期 / 长期 value.
    Period,
    /// 年度指标值 / 指标值 / 预期…实现值.
    Annual,
    /// The kind of standard (计划标准 …).
    Standard,
    /// 绩效标准: the value itself, or the kind of standard; decided by its cells.
    StandardOrValue,
    /// 对比符号.
    Comparator,
    /// 计量单位 / 度量单位.
    Unit,
    /// 指标性质 / 指标值类型.
    Nature,
    /// 指标方向.
    Direction,
    /// 分值 / 权重.
    Weight,
    /// A project's (or the plan's) goal text.
    Goal,
    /// A project's amounts.
    Total,
    /// 财政拨款.
    Fiscal,
    /// 财政专户拨款.
    Special,
    /// 其他资金.
    Other,
    /// A column the model has no field for (备注, 实际实现值 …).
    Ignore,
}

impl Col {
    /// The field of the model the column fills, as `--explain` shows it.
    pub fn field(self) -> &'static str {
        match self {
            Col::Seq => "seq",
            Col::Project => "project",
            Col::Level1 => "level1",
            Col::Level2 => "level2",
            Col::Name => "name",
            Col::Explanation => "explanation",
            Col::Period => "period_value",
            Col::Annual => "annual_value",
            Col::Standard => "standard",
            Col::StandardOrValue => "annual_value|standard",
            Col::Comparator => "comparator",
            Col::Unit => "unit",
            Col::Nature => "nature",
            Col::Direction => "direction",
            Col::Weight => "weight",
            Col::Goal => "goal",
            Col::Total => "amounts.total",
            Col::Fiscal => "amounts.fiscal",
            Col::Special => "amounts.special_account",
            Col::Other => "amounts.other",
            Col::Ignore => "-",
        }
    }
}

/// The kind of a header cell's text.
pub fn column_kind(text: &str) -> Col {
    // Column names are short: a long cell is data.
    if text.len() > 72 {
        return Col::Ignore;
    }
    let s = simplify(text);
    let h: String = s.chars().filter(|c| !c.is_whitespace()).collect();
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
    } else if has("评分标准") || has("评(扣)分标准") || has("评（扣）分标准") || has("扣分标准") {
        Col::Standard
    } else if has("一级指标") {
        Col::Level1
    } else if has("二级指标") {
        Col::Level2
    } else if has("三级指标") || has("指标名称") || has("具体指标") || has("指标内容") {
        Col::Name
    } else if has("对比符号") || has("比较符") || has("对比方式") || h == "符号" || has("运算符") {
        Col::Comparator
    } else if has("计量单位") || has("度量单位") || h == "单位" || h == "指标单位" {
        Col::Unit
    } else if has("指标性质") || h == "性质" || has("指标类型") || has("指标值类型") {
        Col::Nature
    } else if has("指标方向") || h == "方向" {
        Col::Direction
    } else if has("分值") || has("权重") {
        Col::Weight
    } else if has("实际") || has("完成值") || has("备注") || has("说明") {
        Col::Ignore
    } else if has("标准类型") || has("标准依据") || has("标准来源") || has("设定依据") || has("取值依据")
        || has("标准或依据")
    {
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
    } else if has("指标值") || has("目标值") || has("预期") || has("年度") || has("本年") || has("指标目标") || has("计划值")
        || has("标准值")
    {
        Col::Annual
    } else {
        Col::Ignore
    }
}

/// True when a line may hold a header's indicator-name column: it holds one of
/// that column's names (or, in a short line, 指标 alone). A cheap test that
/// spares splitting the lines that cannot be headers.
pub fn may_name_indicator_column(raw: &str) -> bool {
    const NAMES: [&str; 6] = ["三级指标", "指标名称", "具体指标", "绩效指标", "考核指标", "评价指标"];
    // Most lines hold no 指 at all: one byte search answers for them.
    let Some(at) = raw.find('指') else { return false };
    let rest = &raw[at..];
    if !rest.contains("指标") {
        return rest.contains("指標");
    }
    raw.len() <= 90 || NAMES.iter().any(|n| raw.contains(n))
}

/// Header words of the indicator column that name no other column.
const NAME_WORDS: [&str; 4] = ["绩效指标", "指标", "考核指标", "评价指标"];

/// A header: its columns and where they came from.
#[derive(Debug, Clone)]
pub struct Header {
    /// What each column holds.
    pub cols: Vec<Col>,
    /// The header cells as printed.
    pub texts: Vec<String>,
    /// Start of each column (characters, display width) in space-aligned tables.
    pub char_cols: Vec<usize>,
    /// Start of each column in display width.
    pub width_cols: Vec<usize>,
    /// The first and last grid rows the header took.
    pub first_row: usize,
    /// The last row of the header.
    pub last_row: usize,
    /// For tables of two column groups side by side (长期 | 年度): where the
    /// second group starts.
    pub second_group: Option<usize>,
}

impl Header {
    /// The index of a column of a kind, within a column range.
    pub fn find(&self, kind: Col, range: std::ops::Range<usize>) -> Option<usize> {
        range.into_iter().find(|&i| self.cols.get(i) == Some(&kind))
    }

    /// Number of columns mapped to a field.
    pub fn known(&self) -> usize {
        self.cols.iter().filter(|c| **c != Col::Ignore).count()
    }
}

/// Reads header cells as a header, or says it is none: it needs an indicator
/// name column and a value, standard or category column.
pub fn header_of_cells(texts: &[String]) -> Option<(Vec<Col>, Option<usize>)> {
    if texts.iter().filter(|t| !t.trim().is_empty()).count() < 2 {
        return None;
    }
    let mut cols: Vec<Col> = texts.iter().map(|t| column_kind(t)).collect();
    if !cols.contains(&Col::Name) {
        let alt = texts.iter().position(|t| {
            let s = simplify(t.trim()).into_owned();
            NAME_WORDS.contains(&s.as_str())
        })?;
        cols[alt] = Col::Name;
    }
    let valued = cols.iter().any(|c| {
        matches!(c, Col::Annual | Col::Period | Col::StandardOrValue | Col::Comparator | Col::Level1 | Col::Level2)
    });
    if !valued {
        return None;
    }
    // A second indicator-name column opens a second group of columns side by
    // side (长期 | 年度); otherwise each kind counts once.
    let names: Vec<usize> = cols.iter().enumerate().filter(|(_, c)| **c == Col::Name).map(|(i, _)| i).collect();
    let mut second = None;
    if let [first, at, ..] = names[..] {
        // The group starts at the level columns just before its name column.
        let mut start = at;
        while start > first + 1 && matches!(cols[start - 1], Col::Level1 | Col::Level2 | Col::Seq) {
            start -= 1;
        }
        let has_value_before = cols[..start].iter().any(|c| matches!(c, Col::Annual | Col::Period | Col::StandardOrValue));
        if has_value_before {
            second = Some(start);
        }
    }
    let groups: Vec<std::ops::Range<usize>> = match second {
        Some(s) => vec![0..s, s..cols.len()],
        None => std::iter::once(0..cols.len()).collect(),
    };
    for g in groups {
        let mut seen = Vec::new();
        for c in &mut cols[g] {
            if *c != Col::Ignore && seen.contains(c) {
                *c = Col::Ignore;
            } else {
                seen.push(*c);
            }
        }
    }
    Some((cols, second))
}

fn header_from(texts: Vec<String>, cells: &[Cell], first_row: usize, last_row: usize) -> Option<Header> {
    let joined: String = texts.concat();
    if !simplify(&joined).contains("指标") && !joined.contains("指標") {
        return None;
    }
    let (cols, second_group) = header_of_cells(&texts)?;
    Some(Header {
        cols,
        texts,
        char_cols: cells.iter().map(|c| c.char_col).collect(),
        width_cols: cells.iter().map(|c| c.width_col).collect(),
        first_row,
        last_row,
        second_group,
    })
}

/// A header on one row of a grid split by tabs, pipes or spaces.
pub fn header_on_row(row: &Row, index: usize) -> Option<Header> {
    // A long row holding 指标 only inside its text is a data row.
    if row.raw.len() > 400 {
        return None;
    }
    let texts: Vec<String> = row.cells.iter().map(|c| c.text.trim().to_string()).collect();
    header_from(texts, &row.cells, index, index)
}

/// A header written one cell per line: a run of at least three lines, each a
/// column name.
pub fn header_per_line(grid: &Grid, index: usize) -> Option<Header> {
    let mut texts = Vec::new();
    let mut i = index;
    while let Some(row) = grid.rows.get(i) {
        let t = row.cells.first().map(|c| c.text.trim().to_string()).unwrap_or_default();
        if t.is_empty() || t.chars().count() > 16 || column_kind(&t) == Col::Ignore && !NAME_WORDS.contains(&t.as_str()) {
            // A 备注 / 说明 column name is not known but still a column.
            let s = simplify(&t);
            if !(s == "备注" || s.contains("实际") && s.contains("值")) {
                break;
            }
        }
        texts.push(t);
        i += 1;
    }
    if texts.len() < 3 {
        return None;
    }
    let cells: Vec<Cell> = texts.iter().map(Cell::new).collect();
    header_from(texts, &cells, index, i - 1)
}

/// Every header word that may run together with others in a flattened header,
/// longest first within each column kind.
const FLAT_WORDS: [&str; 24] = [
    "序号", "项目名称", "一级指标", "二级指标", "三级指标解释", "三级指标", "指标名称", "指标解释", "指标说明", "对比符号",
    "年度指标值", "实施期指标值", "指标值类型", "指标值", "目标值", "计量单位", "度量单位", "指标性质", "指标方向", "分值",
    "权重", "绩效标准", "评分标准", "备注",
];

/// Splits a header whose column names run together (`一级指标二级指标三级指标指标值`).
pub fn split_flat_header(text: &str) -> Option<Vec<String>> {
    let s = simplify(text);
    let s: String = s.chars().filter(|c| !c.is_whitespace()).collect();
    let mut rest = s.as_str();
    let mut out = Vec::new();
    while !rest.is_empty() {
        let w = FLAT_WORDS.iter().filter(|w| rest.starts_with(*w)).max_by_key(|w| w.len())?;
        out.push(w.to_string());
        rest = &rest[w.len()..];
    }
    (out.len() >= 3).then_some(out)
}

/// A flattened header on a row of one cell.
pub fn header_flat(row: &Row, index: usize) -> Option<Header> {
    let text = row.cells.first()?.text.as_str();
    let texts = split_flat_header(text)?;
    let cells: Vec<Cell> = texts.iter().map(Cell::new).collect();
    header_from(texts, &cells, index, index)
}

/// The header at a row of a grid, read the way the grid was split.
pub fn header_at(grid: &Grid, index: usize) -> Option<Header> {
    let row = grid.rows.get(index)?;
    match grid.split {
        Split::PerLine => header_per_line(grid, index),
        Split::Flat => header_flat(row, index),
        _ => header_on_row(row, index),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn strings(v: &[&str]) -> Vec<String> {
        v.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn maps_header_columns_and_synonyms() {
        let (cols, second) =
            header_of_cells(&strings(&["一级指标", "二级指标", "三级指标", "指标值", "计量单位", "指标性质", "指标方向", "分值"]))
                .expect("header");
        assert_eq!(
            cols,
            vec![Col::Level1, Col::Level2, Col::Name, Col::Annual, Col::Unit, Col::Nature, Col::Direction, Col::Weight]
        );
        assert_eq!(second, None);
        assert_eq!(column_kind("預期2022年實現值"), Col::Annual);
        assert_eq!(column_kind("2021年实际实现值"), Col::Ignore);
        assert_eq!(column_kind("指標值類型"), Col::Nature);
        assert_eq!(column_kind("度量單位"), Col::Unit);
        assert_eq!(column_kind("评(扣)分标准"), Col::Standard);
        assert_eq!(column_kind("指标标准或依据"), Col::Standard);
        assert!(header_of_cells(&strings(&["部门名称", "某某局"])).is_none());
    }

    #[test]
    fn finds_side_by_side_groups() {
        let (cols, second) = header_of_cells(&strings(&[
            "二级指标(长期)", "三级指标(长期)", "指标值(长期)", "二级指标(年度)", "三级指标(年度)", "指标值及单位", "绩效标准",
        ]))
        .expect("header");
        assert_eq!(second, Some(3));
        assert_eq!(cols[2], Col::Period);
        assert_eq!(cols[5], Col::Annual);
    }

    #[test]
    fn splits_flat_headers() {
        assert_eq!(
            split_flat_header("一级指标二级指标三级指标指标解释指标值").expect("split"),
            strings(&["一级指标", "二级指标", "三级指标", "指标解释", "指标值"])
        );
        assert!(split_flat_header("某某局项目").is_none());
    }
}
