//! (c) Department tables as tab-separated rows with merged cells
//! (部门整体预算绩效目标申报表 / 部门整体支出绩效目标表): merged cells printed once and
//! blank below, rows that lost their leading tabs, a budget overview of
//! label/value pairs, 年度重点工作任务 / 其他需完成的任务 rows and a 绩效指标 block
//! with 一级指标 / 二级指标 / 三级指标 / 实施周期指标值 / 年度指标值 columns.
//!
//! The layout shares its reading with [`super::department_columns`]: both are
//! one family of tab-separated department tables, and a table that mixes their
//! traits (对比符号 columns here, 实施周期 values there) must still be read, so
//! columns are mapped by header names in [`super::department_common`].

use super::department_common;
use crate::text::Source;
use crate::ReadError;
use jixiao_core::Document;

/// Reads a tab-separated department table with merged cells.
pub fn read(src: &Source) -> Result<Document, ReadError> {
    department_common::read(src, "department-tsv")
}
