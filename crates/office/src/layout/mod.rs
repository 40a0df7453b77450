//! The official layout jixiao writes (XLSX, PDF, CSV) and reads back.
//!
//! A project table: title; a note row (部门名称, 年度, 单位); one header row
//! 单位名称 | 项目名称 | 总计 | 财政拨款 | 财政专户拨款 | 其他资金 | 绩效目标 |
//! the indicator columns; a 合计 row; per unit a row with its amounts, then per
//! project its rows, one per indicator, with the unit, project, amounts, goal
//! and the 一级/二级 categories as merged cells.
//!
//! A department table: title and note row, then blocks told apart by the label
//! in the first column: 预算整体情况 (label | figure), 部门职能, and per plan a
//! goal row (年度绩效目标 / 中期绩效目标), its tasks under a 任务类别 header and
//! its indicators under a 目标期 header (所属任务 names the task an indicator
//! belongs to).
//!
//! Indicator columns are those the document uses, in a fixed order
//! ([`IndCol`]); the 一级/二级 cells print their codes as `1-产出指标`.

pub mod read;
pub mod selfeval;
pub mod write;

pub use read::read_table;
pub use write::{sheet, OutCell, Sheet, Style};

use jixiao_core::Indicator;

/// The columns of a project table before the indicator columns.
pub const PROJECT_HEAD: [&str; 7] = ["单位名称", "项目名称", "总计", "财政拨款", "财政专户拨款", "其他资金", "绩效目标"];
/// The first cell of a unit's (and the whole table's) total row.
pub const TOTAL_ROW: &str = "合计";
/// Block labels of a department table.
pub const FIGURES: &str = "预算整体情况";
/// 部门职能.
pub const FUNCTIONS: &str = "部门职能";
/// The goal row of the annual plan.
pub const ANNUAL_GOAL: &str = "年度绩效目标";
/// The goal row of the multi-year plan.
pub const PERIOD_GOAL: &str = "中期绩效目标";
/// The header of a plan's task rows.
pub const TASK_HEAD: [&str; 6] = ["任务类别", "任务名称", "主要实施内容", "拟投入资金", "期望达到的目标", "主要实施项目"];
/// Group labels of tasks.
pub const KEY_TASK: &str = "重点工作任务";
/// Other tasks.
pub const OTHER_TASK: &str = "其他任务";
/// The header of a plan's indicator rows starts with these.
pub const IND_HEAD: [&str; 2] = ["目标期", "所属任务"];
/// The horizon labels of indicator rows.
pub const ANNUAL: &str = "本年";
/// Multi-year.
pub const MULTI_YEAR: &str = "三年期";
/// Separator of a task's project names.
pub const PROJECT_SEP: &str = "；";

/// An indicator column.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IndCol {
    /// 序号.
    Seq,
    /// 一级指标 (with its code).
    Level1,
    /// 二级指标 (with its code).
    Level2,
    /// 三级指标.
    Name,
    /// 指标解释.
    Explanation,
    /// 对比符号.
    Comparator,
    /// 实施周期指标值.
    Period,
    /// 年度指标值.
    Annual,
    /// 计量单位.
    Unit,
    /// 指标性质.
    Nature,
    /// 指标方向.
    Direction,
    /// 分值.
    Weight,
    /// 绩效标准.
    Standard,
}

impl IndCol {
    /// Every column, in the order printed.
    /// 序号 stands after the categories, so that the merged cells of the
    /// hierarchy are the leftmost (a page break splits them left to right).
    pub const ALL: [IndCol; 13] = [
        IndCol::Level1,
        IndCol::Level2,
        IndCol::Seq,
        IndCol::Name,
        IndCol::Explanation,
        IndCol::Comparator,
        IndCol::Period,
        IndCol::Annual,
        IndCol::Unit,
        IndCol::Nature,
        IndCol::Direction,
        IndCol::Weight,
        IndCol::Standard,
    ];

    /// The header text.
    pub fn head(self) -> &'static str {
        match self {
            IndCol::Seq => "序号",
            IndCol::Level1 => "一级指标",
            IndCol::Level2 => "二级指标",
            IndCol::Name => "三级指标",
            IndCol::Explanation => "指标解释",
            IndCol::Comparator => "对比符号",
            IndCol::Period => "实施周期指标值",
            IndCol::Annual => "年度指标值",
            IndCol::Unit => "计量单位",
            IndCol::Nature => "指标性质",
            IndCol::Direction => "指标方向",
            IndCol::Weight => "分值",
            IndCol::Standard => "绩效标准",
        }
    }

    /// The column of a header text.
    pub fn of_head(text: &str) -> Option<IndCol> {
        IndCol::ALL.into_iter().find(|c| c.head() == text.trim())
    }

    /// True when the column is always printed.
    fn always(self) -> bool {
        matches!(self, IndCol::Level1 | IndCol::Level2 | IndCol::Name | IndCol::Annual)
    }

    /// True when an indicator fills the column.
    fn used_by(self, i: &Indicator) -> bool {
        match self {
            IndCol::Seq => i.seq.is_some(),
            IndCol::Level1 => i.level1.is_some() || i.level1_code.is_some(),
            IndCol::Level2 => i.level2.is_some() || i.level2_code.is_some(),
            IndCol::Name => true,
            IndCol::Explanation => i.explanation.is_some(),
            IndCol::Comparator => i.comparator.is_some(),
            IndCol::Period => i.period_value.is_some(),
            IndCol::Annual => i.annual_value.is_some(),
            IndCol::Unit => i.unit.is_some(),
            IndCol::Nature => i.nature.is_some(),
            IndCol::Direction => i.direction.is_some(),
            IndCol::Weight => i.weight.is_some(),
            IndCol::Standard => i.standard.is_some(),
        }
    }

    /// The columns a set of indicators needs.
    pub fn used<'a>(inds: impl Iterator<Item = &'a Indicator> + Clone) -> Vec<IndCol> {
        IndCol::ALL.into_iter().filter(|c| c.always() || inds.clone().any(|i| c.used_by(i))).collect()
    }
}

/// A category cell: `1-产出指标`, `产出指标`, or `1-` for a code alone.
pub fn level_text(code: Option<&str>, name: Option<&str>) -> String {
    match (code, name) {
        (Some(c), Some(n)) => format!("{c}-{n}"),
        (Some(c), None) => format!("{c}-"),
        (None, Some(n)) => n.to_string(),
        (None, None) => String::new(),
    }
}

/// A category cell read back into code and name.
pub fn split_level(text: &str) -> (Option<String>, Option<String>) {
    let t = text.trim();
    if t.is_empty() {
        return (None, None);
    }
    if let Some((code, name)) = t.split_once('-') {
        if !code.is_empty() && code.len() <= 8 && code.chars().all(|c| c.is_ascii_alphanumeric()) {
            let name = name.trim();
            return (Some(code.to_string()), (!name.is_empty()).then(|| name.to_string()));
        }
    }
    (None, Some(t.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn category_cells_round_trip() {
        for (c, n) in [(Some("1"), Some("产出指标")), (None, Some("效益指标")), (Some("01"), None), (None, None)] {
            let t = level_text(c, n);
            assert_eq!(split_level(&t), (c.map(str::to_string), n.map(str::to_string)), "{t}");
        }
    }
}
