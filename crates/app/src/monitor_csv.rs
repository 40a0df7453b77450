//! A monitoring round from a plain CSV keyed by project and indicator name
//! (UTF-8, UTF-8 with BOM, GBK or UTF-16, detected).
//!
//! Columns are found by their headings, in any order: 项目名称 (required),
//! 三级指标 / 指标名称, 预算数 / 全年预算, 执行数, 全年预计执行数, 实际完成值,
//! 全年预计完成值, 完成可能性, 偏差原因 (several causes separated by 、,;),
//! 原因说明, 整改措施, 备注. A row without an indicator gives the project's
//! execution; a row with one gives the indicator.

use crate::monitor::{IndicatorReport, ProjectReport, RoundReport};
use crate::{AppError, AppResult};
use rust_decimal::Decimal;

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum Col {
    Project,
    Indicator,
    Budget,
    Executed,
    ExpectedExecution,
    Actual,
    ExpectedValue,
    Likelihood,
    Causes,
    Explanation,
    Action,
    Note,
}

/// The column a heading names (checked most specific first).
pub(crate) fn column(heading: &str) -> Option<Col> {
    let h: String = heading.chars().filter(|c| !c.is_whitespace()).collect();
    let has = |w: &str| h.contains(w);
    Some(if has("项目") && (has("名称") || h == "项目") {
        Col::Project
    } else if has("三级指标") || has("指标名称") || h == "指标" {
        Col::Indicator
    } else if has("预计") && has("执行") {
        Col::ExpectedExecution
    } else if has("预计") {
        Col::ExpectedValue
    } else if has("执行数") || has("执行金额") || h == "已执行" {
        Col::Executed
    } else if has("预算") {
        Col::Budget
    } else if has("实际") || has("完成值") {
        Col::Actual
    } else if has("可能") {
        Col::Likelihood
    } else if has("原因说明") || has("说明") {
        Col::Explanation
    } else if has("原因") {
        Col::Causes
    } else if has("整改") || has("措施") {
        Col::Action
    } else if has("备注") {
        Col::Note
    } else {
        return None;
    })
}

fn amount(file: &str, line: usize, what: &str, text: &str) -> AppResult<Option<Decimal>> {
    let t: String = text.chars().filter(|c| !c.is_whitespace() && *c != ',').collect();
    if t.is_empty() {
        return Ok(None);
    }
    t.parse::<Decimal>()
        .map(Some)
        .map_err(|_| AppError::Invalid(format!("{file} 第 {line} 行：{what}「{text}」不是数字")))
}

/// Reads the round of `month` from CSV bytes; errors name the file and line.
pub fn read(file: &str, bytes: &[u8], month: u8) -> AppResult<RoundReport> {
    let text = jixiao_ingest::decode(file, bytes).map_err(|e| AppError::Invalid(e.to_string()))?;
    let rows = jixiao_office::csv::parse(&text).ok_or_else(|| AppError::Invalid(format!("{file}：不是格式正确的 CSV 文件")))?;
    let Some((head_at, head)) = rows.iter().enumerate().find(|(_, r)| r.iter().filter_map(|h| column(h)).any(|c| c == Col::Project)) else {
        return Err(AppError::Invalid(format!("{file}：找不到含“项目名称”的表头行")));
    };
    let cols: Vec<Option<Col>> = head.iter().map(|h| column(h)).collect();
    let mut report = RoundReport { month, ..Default::default() };
    for (k, row) in rows.iter().enumerate().skip(head_at + 1) {
        let line = k + 1;
        let get = |c: Col| -> String {
            cols.iter().position(|x| *x == Some(c)).and_then(|i| row.get(i)).map(|s| s.trim().to_string()).unwrap_or_default()
        };
        let opt = |c: Col| Some(get(c)).filter(|s| !s.is_empty());
        let project = get(Col::Project);
        let indicator = get(Col::Indicator);
        if project.is_empty() && indicator.is_empty() {
            continue;
        }
        if indicator.is_empty() {
            report.projects.push(ProjectReport {
                name: project,
                budget: amount(file, line, "预算数", &get(Col::Budget))?,
                executed: amount(file, line, "执行数", &get(Col::Executed))?,
                expected: amount(file, line, "全年预计执行数", &get(Col::ExpectedExecution))?,
            });
        } else {
            let causes = get(Col::Causes)
                .split(['、', ',', '，', ';', '；', '/'])
                .map(str::trim)
                .filter(|c| !c.is_empty())
                .map(str::to_string)
                .collect();
            report.indicators.push(IndicatorReport {
                project: Some(project).filter(|p| !p.is_empty()),
                name: indicator,
                actual: opt(Col::Actual),
                expected: opt(Col::ExpectedValue),
                likelihood: opt(Col::Likelihood),
                causes,
                explanation: opt(Col::Explanation),
                action: opt(Col::Action),
                note: opt(Col::Note),
            });
        }
    }
    if report.projects.is_empty() && report.indicators.is_empty() {
        return Err(AppError::Invalid(format!("{file}：表头之后没有数据行")));
    }
    Ok(report)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headings_name_their_columns() {
        assert_eq!(column("项目名称"), Some(Col::Project));
        assert_eq!(column("三级指标"), Some(Col::Indicator));
        assert_eq!(column("全年预计执行数"), Some(Col::ExpectedExecution));
        assert_eq!(column("1-7月执行数"), Some(Col::Executed));
        assert_eq!(column("年初预算数"), Some(Col::Budget));
        assert_eq!(column("全年预计完成值"), Some(Col::ExpectedValue));
        assert_eq!(column("实际完成值"), Some(Col::Actual));
        assert_eq!(column("完成目标可能性"), Some(Col::Likelihood));
        assert_eq!(column("偏差原因"), Some(Col::Causes));
        assert_eq!(column("原因说明"), Some(Col::Explanation));
        assert_eq!(column("整改措施"), Some(Col::Action));
        assert_eq!(column("其它"), None);
    }

    #[test]
    fn projects_and_indicators_are_read_and_bad_numbers_named() {
        let csv = "\u{feff}项目名称,三级指标,预算数,1-7月执行数,实际完成值,完成目标可能性,偏差原因,原因说明\n\
                   甲项目,,100,\"1,030\",,,,\n\
                   甲项目,培训次数,,,5,有可能,经费、人员,资金晚到\n";
        let r = read("r.csv", csv.as_bytes(), 7).unwrap();
        assert_eq!(r.projects[0].executed, Some(Decimal::from(1030)));
        assert_eq!(r.indicators[0].causes, ["经费", "人员"]);
        assert_eq!(r.indicators[0].likelihood.as_deref(), Some("有可能"));
        let bad = "项目名称,执行数\n甲项目,三十\n";
        match read("r.csv", bad.as_bytes(), 7) {
            Err(AppError::Invalid(m)) => assert!(m.contains("r.csv 第 2 行") && m.contains("三十"), "{m}"),
            other => panic!("{other:?}"),
        }
        assert!(read("r.csv", "名称,数\n".as_bytes(), 7).is_err());
    }
}
