//! A filled monitoring table as a round, whatever the file: the official
//! 项目支出绩效目标执行监控表 (XLSX, XLS, ODS, HTML, DOCX, or tab/pipe text) or
//! a CSV keyed by project and indicator name (`monitor_csv`).
//!
//! The official layout, per project: a `项目名称` label row; a budget block
//! whose header names 年初预算数 / 1-7月执行数 / 1-7月执行率 / 全年预计执行数,
//! the first row under it giving the project's figures; an indicator block
//! with two header rows over merged cells — 三级指标, 年度指标值, 1-7月执行数,
//! 全年预计执行数, 偏差原因分析 over 经费保障 / 制度保障 / 人员保障 /
//! 硬件条件保障 / 其他 / 原因说明, 完成目标可能性 over 确定能 / 有可能 /
//! 完全不可能, 备注 — and one row per indicator, causes and likelihood marked
//! (✔, √, ✓ …) under their columns. The month comes from the headings
//! (`1-7月`) unless given.

use crate::monitor::{IndicatorReport, ProjectReport, RoundReport};
use crate::monitor_csv::{column, Col};
use crate::{AppError, AppResult};
use jixiao_core::monitor::{Cause, Likelihood};
use jixiao_ingest::grid::{split_text_line, Split};
use rust_decimal::Decimal;

/// One table's rows of cell texts (a merged region's text in each cell it
/// covers) with the 1-based source line of each row.
struct Rows {
    place: String,
    cells: Vec<Vec<String>>,
    lines: Vec<usize>,
}

fn squeeze(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

/// The tables of a file: office tables (sheets, HTML, DOCX, PDF), or a text
/// split by tabs, pipes or commas.
fn tables(file: &str, bytes: &[u8]) -> AppResult<Vec<Rows>> {
    let text = match jixiao_office::sniff(bytes) {
        jixiao_office::Format::Text => {
            let text = jixiao_ingest::decode(file, bytes).map_err(|e| AppError::Invalid(e.to_string()))?;
            (!jixiao_office::html::is_html(&text)).then_some(text)
        }
        _ => None,
    };
    let Some(text) = text else {
        let office = jixiao_office::tables(bytes).map_err(|e| AppError::Invalid(e.in_file(file).to_string()))?;
        return Ok(office
            .into_iter()
            .map(|t| {
                let cells = (0..t.cells.len()).map(|r| (0..t.width()).map(|c| t.shown(r, c).to_string()).collect()).collect();
                Rows { place: t.place, cells, lines: t.lines }
            })
            .collect());
    };
    let split = if text.contains('\t') {
        Split::Tabs
    } else if text.contains('|') {
        Split::Pipes
    } else {
        // Comma-separated: the CSV reader keeps quoted commas and line breaks.
        let rows = jixiao_office::csv::parse(&text).unwrap_or_default();
        let lines = (1..=rows.len()).collect();
        return Ok(vec![Rows { place: String::new(), cells: rows, lines }]);
    };
    let mut cells = Vec::new();
    let mut lines = Vec::new();
    for (k, line) in text.lines().enumerate() {
        let row: Vec<String> = split_text_line(line, split).into_iter().map(|c| c.text).collect();
        if row.iter().any(|c| !c.trim().is_empty()) {
            cells.push(row);
            lines.push(k + 1);
        }
    }
    Ok(vec![Rows { place: String::new(), cells, lines }])
}

/// The month of a heading like `1-7月执行数` or `1至7月`.
fn month_in(text: &str) -> Option<u8> {
    let t = squeeze(text);
    let chars: Vec<char> = t.chars().collect();
    let at = chars.iter().position(|&c| c == '月')?;
    let digits: String = chars[..at].iter().rev().take_while(|c| c.is_ascii_digit()).collect::<Vec<_>>().into_iter().rev().collect();
    digits.parse::<u8>().ok().filter(|m| (1..=12).contains(m))
}

/// A cell that marks its column (✔, √, ✓, ☑, ●, 是, Y …).
fn marked(s: &str) -> bool {
    let t = s.trim();
    !t.is_empty() && !matches!(t, "否" | "无" | "0" | "×" | "✗" | "✘" | "-" | "—" | "/" | "N" | "n")
}

fn amount(place: &str, text: &str, what: &str) -> AppResult<Option<Decimal>> {
    let t: String = text.chars().filter(|c| !c.is_whitespace() && *c != ',' && *c != '，').collect();
    if t.is_empty() || t == "-" || t == "—" {
        return Ok(None);
    }
    t.trim_end_matches('%').parse::<Decimal>().map(Some).map_err(|_| AppError::Invalid(format!("{place}：{what}「{text}」不是数字")))
}

/// What each column of an indicator block holds.
#[derive(Clone, Copy, PartialEq, Debug)]
enum Slot {
    Name,
    Target,
    Actual,
    Expected,
    Cause(Cause),
    Explanation,
    Likely(Likelihood),
    LikelyText,
    Action,
    Note,
}

fn is_indicator_head(row: &[String]) -> bool {
    let has = |w: &str| row.iter().any(|c| squeeze(c).contains(w));
    (has("三级指标") || has("指标名称")) && (has("指标值") || has("目标值"))
}

fn is_budget_head(row: &[String]) -> bool {
    let has = |w: &str| row.iter().any(|c| squeeze(c).contains(w));
    has("预算数") && has("执行数") && !is_indicator_head(row)
}

/// The project named on a `项目名称 | …` row.
fn project_label(row: &[String]) -> Option<String> {
    let at = row.iter().position(|c| squeeze(c).trim_end_matches(['：', ':']) == "项目名称")?;
    row.iter().skip(at + 1).map(|c| c.trim()).find(|c| !c.is_empty() && squeeze(c) != "项目名称").map(str::to_string)
}

/// The slot of each column from the indicator header row and the one below it.
fn slots(top: &[String], sub: Option<&[String]>) -> Vec<Option<Slot>> {
    (0..top.len())
        .map(|c| {
            let upper = squeeze(&top[c]);
            let lower = sub.and_then(|s| s.get(c)).map(|s| squeeze(s)).filter(|s| !s.is_empty() && *s != upper);
            if let Some(l) = &lower {
                if let Some(k) = Likelihood::read(l).filter(|_| upper.contains("可能") || matches!(l.as_str(), "确定能" | "有可能" | "完全不可能")) {
                    return Some(Slot::Likely(k));
                }
                if l.contains("原因说明") || l == "说明" {
                    return Some(Slot::Explanation);
                }
                if let Some(k) = Cause::read(l).filter(|_| upper.contains("原因") || l.contains("保障") || l == "其他") {
                    return Some(Slot::Cause(k));
                }
            }
            let h = lower.unwrap_or(upper);
            if h.contains("三级指标") || h.contains("指标名称") {
                return Some(Slot::Name);
            }
            if h.contains("指标值") || h.contains("目标值") {
                return Some(Slot::Target);
            }
            match column(&h)? {
                Col::ExpectedExecution | Col::ExpectedValue => Some(Slot::Expected),
                Col::Executed | Col::Actual => Some(Slot::Actual),
                Col::Likelihood => Some(Slot::LikelyText),
                Col::Explanation => Some(Slot::Explanation),
                Col::Action => Some(Slot::Action),
                Col::Note => Some(Slot::Note),
                _ => None,
            }
        })
        .collect()
}

/// Reads the official layout; `None` when the file is not in it.
fn official(file: &str, tables: &[Rows], month: Option<u8>) -> AppResult<Option<RoundReport>> {
    // A header with a 项目名称 column is a table keyed by project on every row (a CSV's).
    let keyed = |r: &[String]| r.iter().any(|c| column(c) == Some(Col::Project));
    if !tables.iter().any(|t| t.cells.iter().any(|r| is_indicator_head(r) && !keyed(r))) {
        return Ok(None);
    }
    let mut report = RoundReport::default();
    let mut found_month = None;
    for t in tables {
        let place = |k: usize| {
            let line = t.lines.get(k).copied().unwrap_or(k + 1);
            if t.place.is_empty() { format!("{file} 第 {line} 行") } else { format!("{file}（{}）第 {line} 行", t.place) }
        };
        let mut project: Option<String> = None;
        let mut k = 0;
        while k < t.cells.len() {
            let row = &t.cells[k];
            if let Some(p) = project_label(row) {
                project = Some(p);
                k += 1;
                continue;
            }
            if is_budget_head(row) {
                found_month = found_month.or_else(|| row.iter().find_map(|c| month_in(c)));
                let col = |f: &dyn Fn(&str) -> bool| row.iter().position(|c| f(&squeeze(c)));
                let budget = col(&|h| h.contains("预算数") && !h.contains("执行"));
                let executed = col(&|h| h.contains("执行数") && !h.contains("预计"));
                let expected = col(&|h| h.contains("预计"));
                // The first row with figures under the header: the project's whole funds.
                if let Some(data) = t.cells.iter().enumerate().skip(k + 1).take(4).find(|(_, r)| budget.is_some_and(|b| r.get(b).is_some_and(|v| amount("", v, "").ok().flatten().is_some()))) {
                    let (at, r) = data;
                    let get = |c: Option<usize>| c.and_then(|c| r.get(c)).map(String::as_str).unwrap_or("");
                    let name = project.clone().ok_or_else(|| AppError::Invalid(format!("{}：预算执行情况之前没有“项目名称”行", place(at))))?;
                    report.projects.push(ProjectReport {
                        name,
                        budget: amount(&place(at), get(budget), "年初预算数")?,
                        executed: amount(&place(at), get(executed), "执行数")?,
                        expected: amount(&place(at), get(expected), "全年预计执行数")?,
                    });
                    k = at + 1;
                    continue;
                }
                k += 1;
                continue;
            }
            if is_indicator_head(row) {
                found_month = found_month.or_else(|| row.iter().find_map(|c| month_in(c)));
                let sub = t.cells.get(k + 1).filter(|r| {
                    r.iter().any(|c| Cause::read(&squeeze(c)).is_some() && squeeze(c).contains("保障") || matches!(squeeze(c).as_str(), "确定能" | "有可能" | "完全不可能"))
                });
                let slots = slots(row, sub.map(Vec::as_slice));
                let Some(name_col) = slots.iter().position(|s| *s == Some(Slot::Name)) else {
                    return Err(AppError::Invalid(format!("{}：指标表头没有“三级指标”列", place(k))));
                };
                k += if sub.is_some() { 2 } else { 1 };
                while k < t.cells.len() {
                    let r = &t.cells[k];
                    if project_label(r).is_some() || is_budget_head(r) || is_indicator_head(r) {
                        break;
                    }
                    let name = r.get(name_col).map(|s| s.trim()).unwrap_or("");
                    if name.is_empty() {
                        k += 1;
                        continue;
                    }
                    let mut ind = IndicatorReport { project: project.clone(), name: name.to_string(), ..Default::default() };
                    for (c, s) in slots.iter().enumerate() {
                        let v = r.get(c).map(|s| s.trim()).unwrap_or("");
                        let text = Some(v.to_string()).filter(|v| !v.is_empty());
                        match s {
                            Some(Slot::Actual) => ind.actual = text,
                            Some(Slot::Expected) => ind.expected = text,
                            Some(Slot::Cause(cause)) if marked(v) => ind.causes.push(cause.name_zh().to_string()),
                            Some(Slot::Explanation) => ind.explanation = text,
                            Some(Slot::Likely(l)) if marked(v) => ind.likelihood = Some(l.name_zh().to_string()),
                            Some(Slot::LikelyText) => ind.likelihood = text,
                            Some(Slot::Action) => ind.action = text,
                            Some(Slot::Note) => ind.note = text,
                            _ => {}
                        }
                    }
                    report.indicators.push(ind);
                    k += 1;
                }
                continue;
            }
            k += 1;
        }
    }
    report.month = match month.or(found_month) {
        Some(m) => m,
        None => return Err(AppError::Invalid(format!("{file}：表头没有写明监控期间（如“1-7月执行数”），请指定月份"))),
    };
    if report.projects.is_empty() && report.indicators.is_empty() {
        return Err(AppError::Invalid(format!("{file}：找到了执行监控表的表头，但没有项目或指标行")));
    }
    Ok(Some(report))
}

/// Reads a filled monitoring table in any format; `month` overrides the
/// month the headings name (and is required for a CSV).
pub fn read(file: &str, bytes: &[u8], month: Option<u8>) -> AppResult<RoundReport> {
    if let Some(m) = month.filter(|m| !(1..=12).contains(m)) {
        return Err(AppError::Invalid(format!("监控期间应为 1–12 月，收到 {m}")));
    }
    let tables = tables(file, bytes)?;
    if let Some(r) = official(file, &tables, month)? {
        return Ok(r);
    }
    let month = match month {
        Some(m) => m,
        None => return Err(AppError::Invalid(format!("{file}：请指定监控期间（1–12 月）"))),
    };
    crate::monitor_csv::read(file, bytes, month)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn months_from_headings() {
        assert_eq!(month_in("1-7月执行数"), Some(7));
        assert_eq!(month_in("1 至 10 月执行率"), Some(10));
        assert_eq!(month_in("全年预计执行数"), None);
    }

    #[test]
    fn marks() {
        for m in ["✔", "√", "✓", "☑", "●", "是", "Y"] {
            assert!(marked(m), "{m}");
        }
        for m in ["", " ", "否", "×", "-"] {
            assert!(!marked(m), "{m}");
        }
    }
}
