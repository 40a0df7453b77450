//! The document block around a table: labels and their values (部门名称,
//! 项目名称, amounts, goals), the title, the department and the year.
//!
//! Labels are matched in Simplified form ([`simplify`]); values are taken from
//! the cells as printed. A label may hold its value after a colon
//! (`部门名称：某某局`), in the next cell (`项目名称 | 某某项目`), or, when it
//! stands alone, on the next row (one cell per line).

use crate::grid::Row;
use crate::hant::simplify;
use crate::text::{clean, clean_opt, labelled_value, parse_amount, year_in};
use rust_decimal::Decimal;

/// Labels of the department name, most specific first.
pub const DEPARTMENT_LABELS: [&str; 9] =
    ["部门名称", "部门（单位）名称", "部门(单位)名称", "主管部门", "预算单位", "申报单位", "填报单位", "单位名称", "部门"];
/// Labels of the unit that carries a project out.
pub const UNIT_LABELS: [&str; 4] = ["实施单位", "单位名称", "项目单位", "使用单位"];
/// Labels of a goal of the year.
pub const GOAL_LABELS: [&str; 8] =
    ["年度绩效目标", "总体绩效目标", "项目绩效目标", "绩效目标", "年度目标", "总体目标", "预期目标", "当年目标"];
/// Labels of a goal over the whole period.
pub const PERIOD_GOAL_LABELS: [&str; 4] = ["中期目标", "长期目标", "实施期目标", "中长期目标"];
/// Labels of a project's amounts: total, fiscal, special account, other.
pub const TOTAL_LABELS: [&str; 10] =
    ["项目资金总额", "年度资金总额", "资金总额", "预算金额", "项目金额", "资金总计", "总金额", "金额合计", "预算数", "年初预算数"];
/// Labels of the fiscal appropriation.
pub const FISCAL_LABELS: [&str; 2] = ["财政拨款", "其中：财政拨款"];
/// Labels of the special account.
pub const SPECIAL_LABELS: [&str; 3] = ["财政专户拨款", "行政专户拨款", "财政专户"];
/// Labels of other money.
pub const OTHER_LABELS: [&str; 1] = ["其他资金"];

/// Every label a value cell may not be (a label is followed by its value, not by another label).
fn is_some_label(s: &str) -> bool {
    let s = s.trim_end_matches([':', '：']);
    DEPARTMENT_LABELS
        .iter()
        .chain(UNIT_LABELS.iter())
        .chain(GOAL_LABELS.iter())
        .chain(PERIOD_GOAL_LABELS.iter())
        .chain(TOTAL_LABELS.iter())
        .chain(SPECIAL_LABELS.iter())
        .chain(OTHER_LABELS.iter())
        .chain(["项目名称", "项目类别", "项目类型", "财政拨款", "资金来源", "项目属性", "项目期限", "投入目标"].iter())
        .any(|l| s == *l)
}

/// Drops a leading bracketed unit: `（万元）：12` → `：12`.
pub fn strip_bracket_unit(s: &str) -> &str {
    for (open, close) in [("（", "）"), ("(", ")")] {
        if let Some(r) = s.strip_prefix(open) {
            if let Some(end) = r.find(close) {
                if end <= 12 {
                    return &r[end + close.len()..];
                }
            }
        }
    }
    s
}

/// Where a label's value was found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Found {
    /// On the row itself.
    Here(String),
    /// The label stands alone: its value is the next row's text.
    Next,
}

/// The value after a label on a row.
pub fn label_value(row: &Row, label: &str) -> Option<Found> {
    label_value_in(row, &simplified_cells(row), label)
}

/// A row's cells in Simplified form, beside the cells as printed.
fn simplified_cells(row: &Row) -> Vec<(String, &str)> {
    row.cells.iter().map(|c| (simplify(c.text.trim()).into_owned(), c.text.trim())).collect()
}

/// [`label_value`] over cells already simplified.
fn label_value_in(row: &Row, simple: &[(String, &str)], label: &str) -> Option<Found> {
    for (i, (s, orig)) in simple.iter().enumerate() {
        let Some(rest) = s.strip_prefix(label) else { continue };
        let rest_trim = strip_bracket_unit(rest.trim_start());
        let after_colon = rest_trim.trim_start().strip_prefix([':', '：']);
        let rest_trim = after_colon.unwrap_or(rest_trim).trim();
        if !rest_trim.is_empty() {
            if after_colon.is_some() {
                // `label：value` in one cell: the value as printed, at the same offset.
                let at = orig.len() - rest_trim.len();
                let v = orig.get(at..).map(cut_at_next_label).and_then(clean_opt);
                if v.is_some() {
                    return v.map(Found::Here);
                }
            }
            continue;
        }
        let next = simple.iter().skip(i + 1).find(|(s, _)| !s.is_empty());
        return match next {
            Some((s, o)) if !is_some_label(s) => Some(Found::Here(clean(o))),
            Some(_) => None,
            None if row.cells.iter().filter(|c| !c.is_blank()).count() == 1 => Some(Found::Next),
            None => None,
        };
    }
    // `资金总额（万元）：12` or `部门名称：某某局 单位：万元` in running text.
    let raw_simple = simplify(&row.raw);
    let at = raw_simple.find(label)?;
    let tail = row.raw.get(at + label.len()..)?;
    labelled_value(&format!("{label}{}", strip_bracket_unit(tail.trim_start())), label).map(Found::Here)
}

/// A value ends before a following `X：` label within the same cell.
fn cut_at_next_label(v: &str) -> &str {
    for (i, _) in v.match_indices([' ', '\u{3000}']) {
        let tail = &v[i..].trim_start();
        if let Some(colon) = tail.find(['：', ':']) {
            let word = &tail[..colon];
            if !word.is_empty() && word.chars().count() <= 6 && !word.contains(' ') {
                return &v[..i];
            }
        }
    }
    v
}

/// The value of the first of several labels on a row, reading `Next` from the
/// following row; true when the value was the next row's.
pub fn labels_value(rows: &[Row], at: usize, labels: &[&str]) -> Option<(String, bool)> {
    let row = rows.get(at)?;
    let simple = simplified_cells(row);
    for l in labels {
        match label_value_in(row, &simple, l) {
            Some(Found::Here(v)) => return Some((v, false)),
            Some(Found::Next) => {
                let next = rows.get(at + 1)?;
                if next.is_blank() {
                    return None;
                }
                let t = clean(&next.raw);
                if is_some_label(&simplify(&t)) {
                    return None;
                }
                return Some((t, true));
            }
            None => {}
        }
    }
    None
}

/// An amount written after a label, with an optional money unit after it.
pub fn amount_text(v: &str) -> Option<Decimal> {
    let t = v.trim();
    let t = ["万元", "千元", "亿元", "元"].iter().find_map(|u| t.strip_suffix(u)).unwrap_or(t);
    parse_amount(t).ok().flatten()
}

/// Drops a code in brackets after a name: `某某项目(512003)` → `某某项目`.
pub fn strip_code(s: &str) -> String {
    let t = s.trim();
    for (open, close) in [("(", ")"), ("（", "）"), ("[", "]"), ("【", "】")] {
        if let Some(body) = t.strip_suffix(close) {
            if let Some(at) = body.rfind(open) {
                let inner = &body[at + open.len()..];
                if at > 0 && inner.len() >= 2 && inner.chars().all(|c| c.is_ascii_alphanumeric() || c == '-') {
                    return clean(&t[..at]);
                }
            }
        }
    }
    // A leading code: `512003 某某项目`.
    let digits = t.bytes().take_while(u8::is_ascii_digit).count();
    if digits >= 4 && t[digits..].starts_with([' ', '-', '_']) {
        return clean(&t[digits + 1..]);
    }
    clean(t)
}

/// A heading line's text: markdown `#` marks, outer pipes and a leading table
/// number (`表1`, `附表2：`) dropped, cleaned.
pub fn heading_text(raw: &str) -> String {
    let t = raw.trim().trim_start_matches('#');
    let t = t.trim().trim_matches(['|', '│']).trim();
    let t = clean(t);
    for lead in ["附表", "表"] {
        if let Some(rest) = t.strip_prefix(lead) {
            let n = rest
                .char_indices()
                .find(|(_, c)| !(c.is_ascii_digit() || "一二三四五六七八九十-－.．".contains(*c)))
                .map(|(i, _)| i)
                .unwrap_or(rest.len());
            if n > 0 {
                let r = rest[n..].trim_start_matches([':', '：', ' ', '、']);
                if !r.is_empty() {
                    return r.to_string();
                }
            }
        }
    }
    t
}

/// True when a heading reads as a table's title.
pub fn is_title(t: &str) -> bool {
    let s = simplify(t);
    t.chars().count() <= 60
        && (s.contains("目标表") || s.contains("申报表") || s.contains("绩效目标") || s.contains("指标表") || s.contains("批复表"))
}

/// The department named at the start of a title: the text before the year or
/// before the table's name (`某某局2024年项目支出绩效目标表` → `某某局`).
pub fn department_from_title(title: &str) -> Option<String> {
    let s = simplify(title);
    let mut end = title.len();
    for w in ["项目支出", "部门整体", "整体支出", "整体绩效", "绩效目标", "预算绩效", "部门预算"] {
        if let Some(i) = s.find(w) {
            end = end.min(i);
        }
    }
    let head = &title[..end];
    let cut = head
        .char_indices()
        .find(|(i, _)| year_in(&head[*i..]).is_some() && head[*i..].chars().take(4).all(|c| c.is_ascii_digit()))
        .map(|(i, _)| i)
        .unwrap_or(head.len());
    clean_opt(&head[..cut]).filter(|d| d.chars().count() >= 2)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::grid::{split_text_line, Split};

    fn row(raw: &str, split: Split) -> Row {
        Row { line: 1, raw: raw.to_string(), cells: split_text_line(raw, split) }
    }

    #[test]
    fn finds_label_values_every_way() {
        let r = row("部门名称：某某局 单位：万元", Split::Single);
        assert_eq!(label_value(&r, "部门名称"), Some(Found::Here("某某局".into())));
        let r = row("| 项目名称 | 某某培训项目 |", Split::Pipes);
        assert_eq!(label_value(&r, "项目名称"), Some(Found::Here("某某培训项目".into())));
        let r = row("資金總額（萬元）\t12.5", Split::Tabs);
        assert_eq!(label_value(&r, "资金总额"), Some(Found::Here("12.5".into())));
        let r = row("部門名稱：某某縣黨校", Split::Single);
        assert_eq!(label_value(&r, "部门名称"), Some(Found::Here("某某縣黨校".into())));
        let r = row("中期目标", Split::PerLine);
        assert_eq!(label_value(&r, "中期目标"), Some(Found::Next));
        let r = row("项目名称 项目类别", Split::Single);
        assert_eq!(label_value(&r, "项目名称"), None);
    }

    #[test]
    fn titles_codes_and_departments() {
        assert_eq!(heading_text("表1 某某学校2024年整体绩效目标"), "某某学校2024年整体绩效目标");
        assert_eq!(department_from_title("某某学校2024年整体绩效目标").as_deref(), Some("某某学校"));
        assert_eq!(department_from_title("某某局2024年项目支出绩效目标表").as_deref(), Some("某某局"));
        assert_eq!(strip_code("法律服务项目(512003)"), "法律服务项目");
        assert_eq!(strip_code("某某中心（A01）"), "某某中心");
        assert_eq!(strip_code("调解(试点)"), "调解(试点)");
        assert_eq!(amount_text("85.6万元"), Some(Decimal::new(856, 1)));
    }
}
