//! One reader per layout family, and the detection that picks one.

pub mod department_columns;
pub mod department_common;
pub mod department_text;
pub mod department_tsv;
pub mod generic;
pub mod project_text;
pub mod project_tsv;

use crate::text::Source;
use crate::Layout;

/// Picks the layout of a source from its headings and column names, or says
/// why it is not a target table.
pub fn detect(src: &Source) -> Result<Layout, String> {
    let text = src.text;
    let tabs = src.lines.iter().filter(|l| l.has_tab()).count();
    let tabular = tabs >= 3;
    let is_department = text.contains("部门整体")
        || (text.contains("年度重点工作任务") && text.contains("部门"))
        || (text.contains("部门名称") && (text.contains("总体绩效目标") || text.contains("预算整体情况")));
    let is_project = text.contains("项目支出绩效目标表")
        || (text.contains("项目名称") && text.contains("绩效目标") && text.contains("绩效指标"));
    // A table of one indicator per row under a 三级指标 / 指标值 header is read by
    // its columns, whatever kind of table it is, unless a department layout of its
    // own claims it below.
    let indicator_header = generic::has_indicator_header(src);
    if is_project && !is_department {
        if indicator_header || (!tabular && generic::has_drawn_header(src)) {
            return Ok(Layout::Generic);
        }
        return Ok(if tabular { Layout::ProjectTsv } else { Layout::ProjectText });
    }
    if is_department && !tabular && generic::has_drawn_header(src) {
        return Ok(Layout::Generic);
    }
    if is_department && tabular && indicator_header && generic::has_extra_columns(src) {
        // Columns the department layouts do not have (分值, 指标性质, 指标方向, 绩效标准):
        // read the table by its header so that none of them is lost.
        return Ok(Layout::Generic);
    }
    if is_department {
        if tabular && text.contains("对比符号") {
            return Ok(Layout::DepartmentColumns);
        }
        if tabular && text.contains("一级指标") {
            return Ok(Layout::DepartmentTsv);
        }
        if !tabular {
            return Ok(Layout::DepartmentText);
        }
    }
    if indicator_header {
        return Ok(Layout::Generic);
    }
    if is_department {
        return Ok(Layout::DepartmentTsv);
    }
    Err("no 项目支出/部门整体绩效目标表 heading and no indicator header (一级指标 二级指标 三级指标 指标值) found".to_string())
}
