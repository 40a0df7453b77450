//! (d) Department tables with 三级指标解释 / 对比符号 / 指标值 / 计量单位 columns
//! (部门整体支出预算绩效目标表): the department printed above its 部门名称 label,
//! 基本信息 figures (财政供养人员数 …), key and other task lists with a 序号
//! column, category codes (`01-产出指标`) split at the first `-`, rows that lost
//! their leading empty cell and group labels repeated after a page break.
//!
//! The layout shares its reading with [`super::department_tsv`] through
//! [`super::department_common`], which maps columns by header names, so a table
//! mixing the traits of both layouts is still read.

use super::department_common;
use crate::text::Source;
use crate::ReadError;
use jixiao_core::Document;

/// Reads a department table with explanation / comparator / value / unit columns.
pub fn read(src: &Source) -> Result<Document, ReadError> {
    department_common::read(src, "department-columns")
}
