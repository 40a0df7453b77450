//! Text shapes of the layout: display widths, value-like strings, "name value"
//! lines, paragraphs, continuation punctuation and project lists.

use crate::text::is_amount;

/// Display width of a string: full-width (CJK) characters count 2, others 1.
pub fn width(s: &str) -> usize {
    s.chars().map(|c| if is_wide(c) { 2 } else { 1 }).sum()
}

fn is_wide(c: char) -> bool {
    let u = c as u32;
    (0x1100..=0x115F).contains(&u)
        || (0x2E80..=0xA4CF).contains(&u)
        || (0xAC00..=0xD7A3).contains(&u)
        || (0xF900..=0xFAFF).contains(&u)
        || (0xFE30..=0xFE4F).contains(&u)
        || (0xFF00..=0xFF60).contains(&u)
        || (0xFFE0..=0xFFE6).contains(&u)
        || (0x3000..=0x303F).contains(&u)
        || c == '“'
        || c == '”'
        || c == '‘'
        || c == '’'
}

/// Leading white space of a raw line, in display columns.
pub fn indent(raw: &str) -> usize {
    raw.chars().take_while(|c| c.is_whitespace()).map(|c| if c == '\u{3000}' { 2 } else { 1 }).sum()
}

/// True when a line starting with this text cannot start a cell: it continues
/// the text of the line before (`、效益…`, `。`, `）`).
pub fn starts_as_continuation(s: &str) -> bool {
    matches!(s.chars().next(), Some('、' | '，' | ',' | '。' | '；' | ';' | '：' | '）' | ')' | '」' | '”' | '％' | '%' | '】' | ']'))
}

/// True when a line ends a sentence, so the cell cannot go on after it.
pub fn ends_sentence(s: &str) -> bool {
    matches!(s.chars().last(), Some('。' | '；' | ';' | '！' | '!' | '？' | '?'))
}

/// Measure words that make a number a target value (`22次`, `12人`, `8个`).
const MEASURES: &[&str] =
    &["次", "人", "个", "场", "名", "件", "家", "项", "所", "户", "篇", "份", "本", "册", "期", "天", "日", "小时", "周", "批", "座", "套", "台", "例", "条", "宗", "张", "万人", "分"];

/// Endings of qualitative target values (`考核合格`, `运行正常`, `评估达标`).
const VALUE_ENDINGS: &[&str] =
    &["达标", "合格", "正常", "完成", "良好", "满意", "到位", "及时", "标准", "支付", "提高", "提升", "降低", "下降", "优秀", "有效", "通过", "落实"];

/// True when a string reads as a target value rather than a name: it holds a
/// percentage or comparator, a number with a measure word, or ends like a
/// qualitative standard.
pub fn value_like(s: &str) -> bool {
    let s = s.trim();
    if s.is_empty() {
        return false;
    }
    if s.contains(['%', '％', '≥', '≤', '＞', '＜', '>', '<', '≧', '≦']) {
        return true;
    }
    if is_amount(s) {
        return true;
    }
    let chars: Vec<char> = s.chars().collect();
    for (i, c) in chars.iter().enumerate() {
        if c.is_ascii_digit() || ('０'..='９').contains(c) {
            let rest: String = chars[i + 1..].iter().take(2).collect();
            if MEASURES.iter().any(|m| rest.starts_with(m)) {
                return true;
            }
        }
    }
    let t = s.trim_end_matches(['。', '；', ';', '.']);
    if VALUE_ENDINGS.iter().any(|e| t.ends_with(e)) {
        return true;
    }
    s.contains("标准") && !s.contains("标准化")
}

/// A line holding a name and a value on one baseline, separated by one run of
/// spaces: `实施精准普法项目 8个`. Returns the two halves.
pub fn split_line(s: &str) -> Option<(&str, &str)> {
    let t = s.trim();
    let at = t.find(char::is_whitespace)?;
    let left = t[..at].trim_end();
    let right = t[at..].trim_start();
    if left.is_empty() || right.is_empty() || right.contains(char::is_whitespace) {
        return None;
    }
    if starts_as_continuation(right) || left.ends_with(['、', '，', ',', '（', '(']) {
        return None;
    }
    if left.chars().count() < 2 {
        return None;
    }
    Some((left, right))
}

/// Splits a 主要实施项目 cell into project names at `、` outside brackets.
pub fn split_projects(s: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut depth = 0i32;
    let mut cur = String::new();
    for c in s.chars() {
        match c {
            '（' | '(' | '[' | '【' | '〔' => depth += 1,
            '）' | ')' | ']' | '】' | '〕' => depth -= 1,
            _ => {}
        }
        if (c == '、' || c == '；' || c == ';') && depth <= 0 {
            if let Some(p) = crate::text::clean_opt(&cur) {
                out.push(p);
            }
            cur.clear();
        } else {
            cur.push(c);
        }
    }
    if let Some(p) = crate::text::clean_opt(&cur) {
        out.push(p);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn widths() {
        assert_eq!(width("ab"), 2);
        assert_eq!(width("某某"), 4);
        assert_eq!(width("2000次，"), 8);
        assert_eq!(indent("    x"), 4);
    }

    #[test]
    fn values_and_names() {
        for v in ["100%", "≥5次", "12人", "考核合格", "运行正常。", "符合上级考核标准", "按规定标准支付", "8个"] {
            assert!(value_like(v), "{v}");
        }
        for n in ["某某项目经费", "调解案件调解成功率", "2021年某某工作总结", "某财政[2020]12号专项经费", "标准化建设"] {
            assert!(!value_like(n), "{n}");
        }
    }

    #[test]
    fn splits_lines_and_projects() {
        assert_eq!(split_line("培训次数 ≥3次"), Some(("培训次数", "≥3次")));
        assert_eq!(split_line("加强对某某 、某某工作"), None);
        assert_eq!(split_line("无空格"), None);
        assert_eq!(split_projects("甲经费、乙经费（市、区两级）、丙经费"), vec!["甲经费", "乙经费（市、区两级）", "丙经费"]);
    }
}
