//! Repairs of damage that copying does to tables: spreadsheet date serials in
//! values, OCR slips, level-1 labels printed on the wrong row, and rows whose
//! cells ran together with no separator.

use super::cells::{level1_text, COMPARATOR_WORDS, QUALITATIVE_ENDINGS};
use crate::hant::simplify;
use jixiao_core::taxonomy::{Level1, Level2};
use jixiao_core::Indicator;

/// Words of an indicator that is a date or a deadline.
const TIME_WORDS: [&str; 7] = ["时间", "日期", "时限", "期限", "截止", "完成时", "节点"];

/// Spreadsheet day serials of 2000-01-01 … 2049-12-31.
const SERIALS: std::ops::RangeInclusive<i64> = 36526..=54789;

/// A spreadsheet day serial as a date: days since 1899-12-30.
pub fn serial_date(serial: i64) -> Option<String> {
    if !SERIALS.contains(&serial) {
        return None;
    }
    // Day 25569 is 1970-01-01.
    let (y, m, d) = jixiao_core::date::civil_from_days(serial - 25569);
    Some(format!("{y:04}-{m:02}-{d:02}"))
}

/// The serial in a value (`44926`, `= 44,926`, `≤44926`), with its comparator prefix.
fn serial_in(value: &str) -> Option<(String, i64)> {
    let t = value.trim();
    let mut prefix = "";
    let mut rest = t;
    for w in COMPARATOR_WORDS {
        if let Some(r) = t.strip_prefix(w) {
            prefix = w;
            rest = r.trim();
            break;
        }
    }
    let digits: String = rest.chars().filter(|c| *c != ',').collect();
    if digits.len() != 5 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    Some((prefix.to_string(), digits.parse().ok()?))
}

/// Turns leaked date serials in the values of a date indicator into dates.
/// Returns a message for each repair.
pub fn fix_date_serials(ind: &mut Indicator) -> Vec<String> {
    let about_time = TIME_WORDS.iter().any(|w| ind.name.contains(w))
        || ind.explanation.as_deref().is_some_and(|e| TIME_WORDS.iter().any(|w| e.contains(w)));
    if !about_time {
        return Vec::new();
    }
    let mut out = Vec::new();
    let unit_serial = ind.unit.as_deref().and_then(serial_in).map(|s| s.1);
    for slot in [&mut ind.annual_value, &mut ind.period_value] {
        let Some(v) = slot.as_deref() else { continue };
        let Some((prefix, serial)) = serial_in(v) else { continue };
        let Some(date) = serial_date(serial) else { continue };
        out.push(format!("value {v:?} of {:?} read as the spreadsheet date {date}", ind.name));
        *slot = Some(format!("{prefix}{date}"));
    }
    if unit_serial.is_some() && !out.is_empty() {
        ind.unit = None;
    }
    out
}

/// An OCR slip of `≥` read as `2`: a percentage over 100 whose digits after a
/// leading 2 make a share (`295%` → `≥95%`).
pub fn fix_ocr_comparator(value: &str) -> Option<String> {
    let t = value.trim();
    let body = t.strip_suffix('%').or_else(|| t.strip_suffix('％'))?;
    let rest = body.strip_prefix('2')?;
    if rest.is_empty() || !rest.chars().all(|c| c.is_ascii_digit() || c == '.') {
        return None;
    }
    let n: f64 = body.parse().ok()?;
    let r: f64 = rest.parse().ok()?;
    (n > 100.0 && (10.0..=100.0).contains(&r)).then(|| format!("≥{rest}%"))
}

/// Level-1 labels printed on the wrong row of their merged cell: a carried
/// level-1 that the level-2 cannot stand under is replaced by the nearest
/// printed level-1 that fits, after the row or else before it, or by the
/// level-2's own parent. `printed[i]` tells whether indicator `i` had its
/// level-1 on its own row.
pub fn fix_level1(inds: &mut [Indicator], printed: &[bool]) -> usize {
    let fits = |l1: Option<&str>, l2: Option<&str>| -> bool {
        let (Some(l1), Some(l2)) = (l1, l2) else { return true };
        let (Some(a), Some(b)) = (Level1::from_name(&simplify(l1)), Level2::from_name(&simplify(l2))) else {
            return true;
        };
        b.parents().contains(&a)
    };
    let mut fixed = 0;
    for i in 0..inds.len() {
        let missing = inds[i].level1.is_none() && inds[i].level2.is_some();
        if printed.get(i).copied().unwrap_or(false)
            || (!missing && fits(inds[i].level1.as_deref(), inds[i].level2.as_deref()))
        {
            continue;
        }
        let l2 = inds[i].level2.clone();
        let candidate = (i + 1..inds.len())
            .chain((0..i).rev())
            .filter(|&j| printed.get(j).copied().unwrap_or(false))
            .find(|&j| inds[j].level1.is_some() && fits(inds[j].level1.as_deref(), l2.as_deref()))
            .map(|j| (inds[j].level1_code.clone(), inds[j].level1.clone()));
        let (code, name) = match candidate {
            Some(c) => c,
            None if missing => continue,
            None => {
                let parent = l2.as_deref().and_then(|l| Level2::from_name(&simplify(l))).and_then(|b| b.parents().first().copied());
                match parent {
                    Some(p) => (None, Some(p.name_zh().to_string())),
                    None => continue,
                }
            }
        };
        inds[i].level1_code = code;
        inds[i].level1 = name;
        fixed += 1;
    }
    fixed
}

/// Words that open an indicator's explanation in a row run together.
const EXPLANATION_OPENINGS: [&str; 12] =
    ["反映", "用于", "是指", "指", "衡量", "考核", "体现", "统计", "按照", "根据", "确保", "通过"];

/// A row whose cells ran together (`产出指标数量指标巡检次数反映全年巡检情况1200次`),
/// split by vocabulary into level 1, level 2, name, explanation and value.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FlatRow {
    /// The level-1 name at its start.
    pub level1: Option<String>,
    /// The level-2 name after it.
    pub level2: Option<String>,
    /// The indicator's name.
    pub name: String,
    /// Its explanation, when the header has that column.
    pub explanation: Option<String>,
    /// Its value at the end.
    pub value: Option<String>,
}

/// The longest category name a text starts with, by its Simplified form.
fn category_prefix(t: &str, level1: bool) -> Option<usize> {
    let s = simplify(t);
    let mut best = None;
    for (i, _) in s.char_indices().skip(1).chain(std::iter::once((s.len(), ' '))) {
        if i > 30 {
            break;
        }
        let head = &s[..i];
        let ok = if level1 {
            level1_text(head).is_some() && head.ends_with("指标")
        } else {
            Level2::from_name(head).is_some() && (head.ends_with("指标") || head.ends_with("效益") || head.ends_with("满意度"))
        };
        if ok {
            best = Some(i);
        }
    }
    best
}

/// The value at the end of a run-together row: a number with an optional
/// comparator before it and a short unit after it, or a qualitative ending.
fn value_suffix(t: &str) -> Option<usize> {
    for w in QUALITATIVE_ENDINGS {
        if let Some(head) = t.strip_suffix(w) {
            return Some(head.len());
        }
    }
    let chars: Vec<(usize, char)> = t.char_indices().collect();
    // The unit: up to 4 non-digit characters at the end.
    let mut k = chars.len();
    let mut unit = 0;
    while k > 0 && unit < 4 && !chars[k - 1].1.is_ascii_digit() {
        k -= 1;
        unit += 1;
    }
    let digits_end = k;
    while k > 0 && (chars[k - 1].1.is_ascii_digit() || matches!(chars[k - 1].1, '.' | ',')) {
        k -= 1;
    }
    if k == digits_end {
        return None;
    }
    let mut start = chars.get(k).map(|c| c.0).unwrap_or(t.len());
    let head = &t[..start];
    for w in COMPARATOR_WORDS {
        if head.ends_with(w) {
            start -= w.len();
            break;
        }
    }
    Some(start)
}

/// Splits a run-together row; `explained` when the header has an explanation column.
pub fn split_flat_row(text: &str, explained: bool) -> FlatRow {
    let mut rest = text.trim();
    let mut out = FlatRow::default();
    if let Some(n) = category_prefix(rest, true) {
        out.level1 = Some(rest[..n].to_string());
        rest = &rest[n..];
    }
    if let Some(n) = category_prefix(rest, false) {
        out.level2 = Some(rest[..n].to_string());
        rest = &rest[n..];
    }
    if let Some(v) = value_suffix(rest) {
        if v > 0 {
            out.value = Some(rest[v..].to_string());
            rest = &rest[..v];
        }
    }
    if explained {
        let at = EXPLANATION_OPENINGS
            .iter()
            .filter_map(|w| rest.char_indices().skip(2).find(|(i, _)| rest[*i..].starts_with(w)).map(|(i, _)| i))
            .min();
        if let Some(at) = at {
            out.explanation = Some(rest[at..].to_string());
            rest = &rest[..at];
        }
    }
    out.name = rest.to_string();
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn serials_become_dates() {
        assert_eq!(serial_date(44926).as_deref(), Some("2022-12-31"));
        assert_eq!(serial_date(45292).as_deref(), Some("2024-01-01"));
        assert_eq!(serial_date(120), None);
        let mut ind = Indicator::named("项目完成时间");
        ind.annual_value = Some("= 44,926".into());
        ind.unit = Some("44,926".into());
        assert_eq!(fix_date_serials(&mut ind).len(), 1);
        assert_eq!(ind.annual_value.as_deref(), Some("=2022-12-31"));
        assert_eq!(ind.unit, None);
        let mut ind = Indicator::named("服务人次");
        ind.annual_value = Some("45000".into());
        assert!(fix_date_serials(&mut ind).is_empty());
    }

    #[test]
    fn ocr_comparators() {
        assert_eq!(fix_ocr_comparator("295%").as_deref(), Some("≥95%"));
        assert_eq!(fix_ocr_comparator("95%"), None);
        assert_eq!(fix_ocr_comparator("200%"), None);
    }

    #[test]
    fn level1_on_the_wrong_row() {
        let mk = |l1: &str, l2: &str| {
            let mut i = Indicator::named("x");
            i.level1 = Some(l1.into());
            i.level2 = Some(l2.into());
            i
        };
        let mut inds = vec![mk("产出指标", "数量指标"), mk("产出指标", "社会效益"), mk("效益指标", "经济效益")];
        assert_eq!(fix_level1(&mut inds, &[true, false, true]), 1);
        assert_eq!(inds[1].level1.as_deref(), Some("效益指标"));
    }

    #[test]
    fn splits_rows_run_together() {
        let r = split_flat_row("产出指标数量指标设备巡检次数反映全年设备巡检情况1200次", true);
        assert_eq!(r.level1.as_deref(), Some("产出指标"));
        assert_eq!(r.level2.as_deref(), Some("数量指标"));
        assert_eq!(r.name, "设备巡检次数");
        assert_eq!(r.explanation.as_deref(), Some("反映全年设备巡检情况"));
        assert_eq!(r.value.as_deref(), Some("1200次"));
        let r = split_flat_row("质量指标巡检合格率反映巡检质量≥95%", true);
        assert_eq!((r.level1, r.level2.as_deref(), r.name.as_str()), (None, Some("质量指标"), "巡检合格率"));
        assert_eq!(r.value.as_deref(), Some("≥95%"));
        let r = split_flat_row("群众满意度反映群众评价明显提升", true);
        assert_eq!(r.value.as_deref(), Some("明显提升"));
    }
}
