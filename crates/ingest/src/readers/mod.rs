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
    if is_project && !is_department {
        return Ok(if tabular { Layout::ProjectTsv } else { Layout::ProjectText });
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
    if generic::has_indicator_header(src) {
        return Ok(Layout::Generic);
    }
    if is_department {
        return Ok(Layout::DepartmentTsv);
    }
    Err("no 项目支出/部门整体绩效目标表 heading and no indicator header (一级指标 二级指标 三级指标 指标值) found".to_string())
}
