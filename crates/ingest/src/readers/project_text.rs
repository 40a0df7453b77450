//! Layout (a): a project target table (项目支出绩效目标表) as text pulled out of
//! a PDF.
//!
//! The table's cells are broken over lines: a row starts with the project name
//! (itself possibly broken) and its amounts, then the goal cell comes as a run of
//! short lines, then the indicator cell as a run of long lines that reads
//! `1、1-产出指标,11-数量指标,名称；实施周期指标值:…,年度指标值:…;2、…。`.
//!
//! The reader classifies lines (amount row, indicator start, text), groups them
//! into rows, and splits the indicator cell into items at `;N、` with N the next
//! expected number.

use crate::text::{clean, clean_opt, join_broken, labelled_value, money_unit_in, parse_amount, year_in, Source};
use crate::ReadError;
use jixiao_core::{Amounts, Body, Document, Indicator, Project, ProjectTable, Unit};
use rust_decimal::Decimal;

/// Reads a project table from PDF text.
pub fn read(src: &Source) -> Result<Document, ReadError> {
    let lines: Vec<(usize, &str)> = src
        .lines
        .iter()
        .filter(|l| !l.is_blank() && !is_page_furniture(l.trimmed()))
        .map(|l| (l.no, l.trimmed()))
        .collect();

    let title_idx = lines.iter().position(|(_, t)| t.contains("绩效目标表"));
    let title = title_idx.and_then(|i| clean_opt(lines[i].1));
    let dept_line = lines.iter().find(|(_, t)| t.contains("部门名称") || t.contains("单位名称"));
    let department = dept_line
        .and_then(|(_, t)| labelled_value(t, "部门名称").or_else(|| labelled_value(t, "单位名称")))
        .ok_or_else(|| ReadError::table("no 部门名称 line found"))?;
    let money_unit = lines
        .iter()
        .take(12)
        .find_map(|(_, t)| money_unit_in(t))
        .unwrap_or_else(|| "万元".to_string());
    let year = title.as_deref().and_then(year_in);

    // The header row names the amount columns; data starts after it.
    let header_idx = lines
        .iter()
        .position(|(_, t)| t.contains("绩效指标") && (t.contains("项目名称") || t.contains("总计")))
        .ok_or_else(|| ReadError::table("no header row (项目名称 … 绩效目标 绩效指标) found"))?;
    let columns = amount_columns(lines[header_idx].1);
    let header_text = lines[header_idx].1;
    let body: Vec<(usize, &str)> =
        lines[header_idx + 1..].iter().copied().filter(|(_, t)| *t != header_text).collect();
    if body.is_empty() {
        return Err(ReadError::at(lines[header_idx].0, "the table has a header but no rows"));
    }

    let rows = group_rows(&body)?;
    let mut totals = None;
    let mut units: Vec<Unit> = Vec::new();
    let n = rows.len();
    for (i, row) in rows.into_iter().enumerate() {
        let amounts = to_amounts(&columns, &row.amounts);
        if totals.is_none() && units.is_empty() && is_total_label(&row.name) {
            totals = Some(amounts);
            continue;
        }
        let is_unit = row.goal.is_empty() && row.indicators.is_empty() && i + 1 < n;
        if is_unit {
            units.push(Unit { name: row.name, amounts, projects: Vec::new() });
            continue;
        }
        let goal = if row.goal.is_empty() { None } else { clean_opt(&join_broken(row.goal.iter().map(|(_, t)| *t))) };
        let indicators = if row.indicators.is_empty() {
            Vec::new()
        } else {
            let first_line = row.indicators[0].0;
            let cell = join_broken(row.indicators.iter().map(|(_, t)| *t));
            parse_indicator_cell(&cell).map_err(|reason| ReadError::at(first_line, reason))?
        };
        let project = Project { name: row.name, amounts, goal, indicators };
        if units.is_empty() {
            units.push(Unit { name: department.clone(), amounts: Amounts::default(), projects: Vec::new() });
        }
        if let Some(u) = units.last_mut() {
            u.projects.push(project);
        }
    }
    let totals = totals.unwrap_or_default();
    // A unit made up for projects printed before any unit row carries the totals
    // when it is the only unit.
    if units.len() == 1 && units[0].amounts.is_empty() {
        units[0].amounts = totals.clone();
    }
    if units.iter().all(|u| u.projects.is_empty()) {
        return Err(ReadError::table("no project rows found under the header"));
    }
    Ok(Document {
        source: src.name.to_string(),
        title,
        department,
        year,
        money_unit,
        body: Body::Project(ProjectTable { totals, units }),
    })
}

/// Lines that a PDF repeats on every page and that belong to no cell.
fn is_page_furniture(t: &str) -> bool {
    let t = t.trim();
    (t.starts_with('第') && t.ends_with('页') && t.chars().count() <= 12)
        || (t.starts_with("- ") && t.ends_with(" -") && t.chars().filter(|c| c.is_ascii_digit()).count() >= 1 && t.chars().count() <= 10)
}

/// The amount columns named in the header, in order.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Col {
    Total,
    Fiscal,
    Special,
    Other,
}

fn amount_columns(header: &str) -> Vec<Col> {
    let mut found: Vec<(usize, Col)> = Vec::new();
    for (word, col) in [
        ("总计", Col::Total),
        ("合计", Col::Total),
        ("财政拨款", Col::Fiscal),
        ("财政专户", Col::Special),
        ("行政专户", Col::Special),
        ("其他资金", Col::Other),
    ] {
        // 财政专户拨款 contains 财政…拨款 only as a whole word; find exact occurrences.
        let mut from = 0;
        while let Some(at) = header[from..].find(word) {
            let pos = from + at;
            // `财政拨款` must not be the tail of `财政专户拨款`.
            if !found.iter().any(|(p, c)| *p == pos || (*c == col)) {
                found.push((pos, col));
            }
            from = pos + word.len();
        }
    }
    found.sort_by_key(|(p, _)| *p);
    let cols: Vec<Col> = found.into_iter().map(|(_, c)| c).collect();
    if cols.is_empty() {
        vec![Col::Total, Col::Fiscal, Col::Special, Col::Other]
    } else {
        cols
    }
}

fn to_amounts(columns: &[Col], values: &[Decimal]) -> Amounts {
    let mut a = Amounts::default();
    for (col, v) in columns.iter().zip(values.iter()) {
        let slot = match col {
            Col::Total => &mut a.total,
            Col::Fiscal => &mut a.fiscal,
            Col::Special => &mut a.special_account,
            Col::Other => &mut a.other,
        };
        *slot = Some(*v);
    }
    a
}

fn is_total_label(name: &str) -> bool {
    matches!(name, "合计" | "总计" | "合 计" | "总 计")
}

/// One table row: a name with its amounts, then the goal and indicator lines.
#[derive(Debug, Default)]
struct Row<'a> {
    name: String,
    amounts: Vec<Decimal>,
    goal: Vec<(usize, &'a str)>,
    indicators: Vec<(usize, &'a str)>,
}

/// Splits a line into its name part and the amounts printed at its end, when
/// it is an amount row.
fn split_amount_line(t: &str) -> Option<(&str, Vec<Decimal>)> {
    let mut end = t.len();
    let mut values = Vec::new();
    let mut with_point = 0;
    loop {
        let head = t[..end].trim_end();
        // After the last white space, which may be wider than a byte (U+3000).
        let start = head.char_indices().rev().find(|(_, c)| c.is_whitespace()).map(|(i, c)| i + c.len_utf8()).unwrap_or(0);
        let token = &head[start..];
        if token.is_empty() || !looks_like_amount(token) {
            break;
        }
        match parse_amount(token) {
            Ok(Some(v)) => {
                if token.contains('.') {
                    with_point += 1;
                }
                values.push(v);
            }
            _ => break,
        }
        end = start;
        if start == 0 || values.len() == 4 {
            break;
        }
    }
    if values.is_empty() || (with_point == 0 && values.len() < 2) {
        return None;
    }
    let name = t[..end].trim();
    if name.contains("指标值") || name.contains('：') || name.contains(':') {
        return None;
    }
    values.reverse();
    Some((name, values))
}

/// A printed amount: digits with thousands separators and at most two decimals.
fn looks_like_amount(token: &str) -> bool {
    let mut parts = token.split('.');
    let int = parts.next().unwrap_or("");
    let frac = parts.next();
    if parts.next().is_some() {
        return false;
    }
    let int_ok = !int.is_empty()
        && int.starts_with(|c: char| c.is_ascii_digit())
        && int.chars().all(|c| c.is_ascii_digit() || c == ',');
    let frac_ok = frac.is_none_or(|f| (1..=2).contains(&f.len()) && f.chars().all(|c| c.is_ascii_digit()));
    int_ok && frac_ok
}

/// True when a line starts an indicator cell: `1、` followed by a code (`1-`) or
/// a category name.
fn starts_indicators(t: &str) -> bool {
    let Some(rest) = t.strip_prefix('1') else { return false };
    let Some(rest) = rest.strip_prefix('、') else { return false };
    let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
    if digits > 0 && rest[digits..].starts_with('-') {
        return true;
    }
    ["产出", "效益", "满意度", "成本"].iter().any(|w| rest.starts_with(w))
}

/// Groups the data lines into rows.
fn group_rows<'a>(body: &[(usize, &'a str)]) -> Result<Vec<Row<'a>>, ReadError> {
    #[derive(PartialEq)]
    enum Part {
        Goal,
        Indicators,
    }
    let amount_at: Vec<Option<(&str, Vec<Decimal>)>> = body.iter().map(|(_, t)| split_amount_line(t)).collect();
    let mut rows: Vec<Row> = Vec::new();
    let mut part = Part::Goal;
    let mut i = 0;
    while i < body.len() {
        let (no, t) = body[i];
        if let Some((name_tail, values)) = &amount_at[i] {
            // The name may have started on the lines before: take them back from
            // the previous row's last cell, up to the line that closes it.
            let mut prefix: Vec<&str> = Vec::new();
            if let Some(prev) = rows.last_mut() {
                let cell = if part == Part::Indicators { &mut prev.indicators } else { &mut prev.goal };
                while let Some((_, last)) = cell.last() {
                    // A goal's lines are the name's only when the amounts stand
                    // alone: the name cell then ran over the lines before them.
                    let stop = match part {
                        Part::Goal => !name_tail.is_empty() || ends_sentence(last),
                        Part::Indicators => closes_cell(last) || is_indicator_text(last),
                    };
                    if stop || prefix.len() >= 4 {
                        break;
                    }
                    prefix.push(last);
                    cell.pop();
                }
            } else {
                // Before the first row: lines after the header that are not a row.
                let mut j = i;
                while j > 0 && amount_at[j - 1].is_none() {
                    j -= 1;
                    prefix.push(body[j].1);
                }
            }
            prefix.reverse();
            prefix.push(name_tail);
            let name = join_broken(prefix.iter().copied());
            if name.is_empty() {
                return Err(ReadError::at(no, "an amount row without a name"));
            }
            rows.push(Row { name, amounts: values.clone(), ..Default::default() });
            part = Part::Goal;
            i += 1;
            continue;
        }
        let Some(row) = rows.last_mut() else {
            // Text before the first row (a header broken over lines): skip.
            i += 1;
            continue;
        };
        if part == Part::Goal && starts_indicators(t) {
            part = Part::Indicators;
        }
        match part {
            Part::Goal => row.goal.push((no, t)),
            Part::Indicators => row.indicators.push((no, t)),
        }
        i += 1;
    }
    if rows.is_empty() {
        return Err(ReadError::at(body[0].0, "no row with amounts found"));
    }
    Ok(rows)
}

/// The last line of a cell: the indicator cell ends with `。`.
fn closes_cell(t: &str) -> bool {
    t.ends_with('。') || t.ends_with('.')
}

/// A line that ends a sentence of a goal.
fn ends_sentence(t: &str) -> bool {
    t.ends_with(['。', '；', ';', '！', '？', '.'])
}

/// A line that can only belong to an indicator cell, never to a project name.
fn is_indicator_text(t: &str) -> bool {
    t.contains("指标值") || t.contains(';') || t.contains('；')
}

/// Splits an indicator cell into indicators.
pub(crate) fn parse_indicator_cell(cell: &str) -> Result<Vec<Indicator>, String> {
    let items = split_items(cell);
    let count = items.len();
    let mut out = Vec::with_capacity(count);
    for (k, (seq, item)) in items.into_iter().enumerate() {
        let last = k + 1 == count;
        let item = if last { item.trim_end().strip_suffix('。').unwrap_or(item) } else { item };
        out.push(parse_item(seq, item));
    }
    Ok(out)
}

/// Splits at `;N、` (or `；N、`) with N the next expected number; the first item
/// starts with `1、`.
fn split_items(cell: &str) -> Vec<(Option<i64>, &str)> {
    let mut items = Vec::new();
    let (mut seq, mut rest) = match strip_seq(cell) {
        Some((n, r)) => (Some(n), r),
        None => (None, cell),
    };
    loop {
        let next = seq.map(|n| n + 1).unwrap_or(1);
        let mut cut = None;
        for sep in [";", "；"] {
            let marker = format!("{sep}{next}、");
            if let Some(at) = rest.find(&marker) {
                if cut.is_none_or(|(c, _)| at < c) {
                    cut = Some((at, marker.len()));
                }
            }
        }
        match cut {
            Some((at, len)) => {
                items.push((seq, &rest[..at]));
                rest = &rest[at + len..];
                seq = Some(next);
            }
            None => {
                items.push((seq, rest));
                break;
            }
        }
    }
    items
}

fn strip_seq(s: &str) -> Option<(i64, &str)> {
    let digits = s.bytes().take_while(u8::is_ascii_digit).count();
    if digits == 0 || digits > 3 {
        return None;
    }
    let rest = s[digits..].strip_prefix('、')?;
    Some((s[..digits].parse().ok()?, rest))
}

const PERIOD_LABEL: &str = "实施周期指标值";
const ANNUAL_LABEL: &str = "年度指标值";

/// Parses one item: `code-name,code-name,name；实施周期指标值:P,年度指标值:A`.
fn parse_item(seq: Option<i64>, item: &str) -> Indicator {
    let mut ind = Indicator { seq, ..Default::default() };
    let mut rest = item.trim_start();
    let mut pairs: Vec<(String, String)> = Vec::new();
    while pairs.len() < 2 {
        match code_pair(rest) {
            Some((code, name, r)) => {
                pairs.push((code, name));
                rest = r;
            }
            None => break,
        }
    }
    match pairs.len() {
        2 => {
            ind.level1_code = Some(pairs[0].0.clone());
            ind.level1 = Some(pairs[0].1.clone());
            ind.level2_code = Some(pairs[1].0.clone());
            ind.level2 = Some(pairs[1].1.clone());
        }
        1 => {
            // One pair: a level-1 or a level-2 by its code's length and name.
            let (code, name) = pairs.remove(0);
            if code.len() >= 2 && !code.starts_with('0') {
                ind.level2_code = Some(code);
                ind.level2 = Some(name);
            } else {
                ind.level1_code = Some(code);
                ind.level1 = Some(name);
            }
        }
        _ => {}
    }
    let period_at = find_label(rest, PERIOD_LABEL);
    let annual_at = find_label(rest, ANNUAL_LABEL);
    let name_end = [period_at.map(|(a, _)| a), annual_at.map(|(a, _)| a)].into_iter().flatten().min().unwrap_or(rest.len());
    ind.name = trim_separators(&rest[..name_end]);
    if let Some((_, p_start)) = period_at {
        let p_end = annual_at.filter(|(a, _)| *a >= p_start).map(|(a, _)| a).unwrap_or(rest.len());
        let raw = &rest[p_start..p_end];
        let raw = if annual_at.is_some_and(|(a, _)| a >= p_start) { strip_one_separator(raw) } else { raw };
        ind.period_value = clean_opt(raw);
    }
    if let Some((_, a_start)) = annual_at {
        ind.annual_value = clean_opt(&rest[a_start..]);
    }
    if period_at.is_none() && annual_at.is_none() {
        // No labels: the text after the name separator is the value.
        if let Some((name, value)) = split_unlabelled(rest) {
            ind.name = name;
            ind.annual_value = Some(value);
        }
    }
    ind
}

/// `11-数量指标,` at the start: (code, name, rest after the separator).
fn code_pair(s: &str) -> Option<(String, String, &str)> {
    let digits = s.bytes().take_while(u8::is_ascii_digit).count();
    if digits == 0 || digits > 2 {
        return None;
    }
    let after = s[digits..].strip_prefix('-')?;
    let end = after.find([',', '，', ':', '：', ';', '；'])?;
    let name = after[..end].trim();
    if name.is_empty() || name.chars().count() > 12 {
        return None;
    }
    let sep_len = after[end..].chars().next().map(char::len_utf8).unwrap_or(1);
    Some((s[..digits].to_string(), name.to_string(), &after[end + sep_len..]))
}

/// Finds `LABEL:` / `LABEL：`: (start of label, start of value).
fn find_label(s: &str, label: &str) -> Option<(usize, usize)> {
    let mut from = 0;
    while let Some(at) = s[from..].find(label) {
        let pos = from + at;
        let after = &s[pos + label.len()..];
        if let Some(c) = after.chars().next() {
            if c == ':' || c == '：' {
                return Some((pos, pos + label.len() + c.len_utf8()));
            }
        }
        from = pos + label.len();
    }
    None
}

/// Trims a name of white space and the separators around it.
fn trim_separators(s: &str) -> String {
    clean(s.trim_matches(|c: char| c.is_whitespace() || ",，;；:：".contains(c)))
}

/// Drops the one separator (`,` `，` `;` `；` `。`) printed before the next label.
fn strip_one_separator(s: &str) -> &str {
    let t = s.trim_end();
    match t.chars().last() {
        Some(c) if ",，;；。".contains(c) => &t[..t.len() - c.len_utf8()],
        _ => s,
    }
}

/// An item with no value labels: `name：value` split at the first separator.
fn split_unlabelled(s: &str) -> Option<(String, String)> {
    let at = s.find(['：', ':', '；', ';'])?;
    let c = s[at..].chars().next()?;
    let name = trim_separators(&s[..at]);
    let value = clean(&s[at + c.len_utf8()..]);
    if name.is_empty() || value.is_empty() {
        return None;
    }
    Some((name, value))
}

#[cfg(test)]
mod tests {
    #[test]
    fn amount_rows_split_after_wide_spaces() {
        // An ideographic space (three bytes) before the amounts.
        let (name, values) = split_amount_line("某某工作经费\u{3000}12.50\u{3000}12.50").expect("an amount row");
        assert_eq!(name, "某某工作经费");
        assert_eq!(values.len(), 2);
        assert!(split_amount_line("宣传法律\u{3000}步提升").is_none());
    }

    use super::*;

    #[test]
    fn splits_items_at_the_next_number() {
        let cell = "1、1-产出指标,11-数量指标,培训次数；实施周期指标值:不少于2次,年度指标值:不少于2次;2、3-满意度指标,31-服务对象满意度,满意度；实施周期指标值:≥90%,年度指标值:≥90%。";
        let inds = parse_indicator_cell(cell).unwrap();
        assert_eq!(inds.len(), 2);
        assert_eq!(inds[0].seq, Some(1));
        assert_eq!(inds[0].level1_code.as_deref(), Some("1"));
        assert_eq!(inds[0].level2.as_deref(), Some("数量指标"));
        assert_eq!(inds[0].name, "培训次数");
        assert_eq!(inds[0].period_value.as_deref(), Some("不少于2次"));
        assert_eq!(inds[1].annual_value.as_deref(), Some("≥90%"));
    }

    #[test]
    fn a_full_stop_can_separate_values() {
        let inds = parse_indicator_cell("1、2-效益指标,22-社会效益,回访率；实施周期指标值:达到 100%。年度指标值:达到100%。").unwrap();
        assert_eq!(inds[0].period_value.as_deref(), Some("达到 100%"));
        assert_eq!(inds[0].annual_value.as_deref(), Some("达到100%"));
    }

    #[test]
    fn recognises_amount_rows() {
        assert_eq!(split_amount_line("合计 1,835.37 1,835.37").map(|(n, v)| (n, v.len())), Some(("合计", 2)));
        assert!(split_amount_line("组织开展活动至少 1").is_none());
        assert!(split_amount_line("202.00 202.00").is_some());
        assert!(split_amount_line("年度指标值:不少于 200.00").is_none());
    }

    #[test]
    fn header_columns_in_order() {
        assert_eq!(
            amount_columns("项目名称 总计 财政拨款 财政专户拨款 其他资金 绩效目标 绩效指标"),
            vec![Col::Total, Col::Fiscal, Col::Special, Col::Other]
        );
    }
}
