//! What a data cell looks like, and the alignment of a row's cells to the
//! header's columns by those looks.
//!
//! Rows of tables in the wild lose cells: merged level-1 and level-2 cells are
//! printed once, empty cells vanish when a table is copied as text, wrapped
//! values continue on the next line. Each cell is given a kind (a category
//! name, a comparator word, a number, a unit, 正向/反向, a value, text …), each
//! column a cost for holding each kind, and the cells are assigned to columns
//! in order at the least total cost.

use super::columns::Col;
use crate::grid::Split;
use crate::hant::simplify;
use jixiao_core::taxonomy::{Level1, Level2};

/// The kind of a data cell's text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// White space only.
    Empty,
    /// A small whole number with an optional `.`/`、` (序号).
    Seq,
    /// A level-1 category name (`产出指标`, `产出指标(50分)`).
    Level1,
    /// A level-2 category name (`数量指标`, `社会效益`).
    Level2,
    /// A comparator, as a sign or in words (`≥`, `大于等于`).
    Comparator,
    /// 正向 / 反向 / 定性 / 定量.
    Nature,
    /// A plain number.
    Number,
    /// A short unit (`%`, `人次`, `百分比`).
    Unit,
    /// A target value: a number with a comparator or a unit (`≥95%`, `1200次`).
    Value,
    /// A weight written with 分 (`10分`).
    Weight,
    /// A kind of standard (计划标准).
    StandardKind,
    /// Short text (a name, a qualitative value).
    Text,
    /// Long text (an explanation, a goal).
    LongText,
}

/// Comparators in words and signs, longest first.
pub const COMPARATOR_WORDS: [&str; 22] = [
    "大于或等于", "小于或等于", "大于等于", "小于等于", "不低于", "不高于", "不少于", "不多于", "不超过", "不大于", "不小于",
    "等于", "大于", "小于", "≥", "≤", ">=", "<=", ">", "<", "=", "＝",
];

/// Units tables print in a unit column, beside the digits-and-letters ones.
const UNITS: [&str; 60] = [
    "%", "％", "百分比", "个", "次", "人", "人次", "件", "户", "元", "万元", "千元", "天", "日", "月", "年", "场", "期", "所", "项",
    "家", "篇", "份", "册", "本", "台", "套", "辆", "公里", "千米", "米", "平方米", "万平方米", "亩", "吨", "小时", "分钟",
    "个工作日", "工作日", "分", "批", "处", "条", "宗", "起", "座", "间", "张", "部", "支", "名", "班", "节", "课时", "学时",
    "万人次", "人/次", "次/年", "座次", "小时/年",
];

/// Words of a qualitative target value.
pub const QUALITATIVE_ENDINGS: [&str; 24] = [
    "明显提升", "明显提高", "明显改善", "显著提升", "显著提高", "有效提升", "有效提高", "持续提升", "持续改善", "逐步提高",
    "有所提升", "有所提高", "稳步提升", "进一步提升", "进一步提高", "得到提升", "得到改善", "有效保障", "有效维护", "达标",
    "合格", "良好", "优秀", "稳定",
];

/// The level-1 name of a cell, its weight suffix (`(50分)`) dropped.
pub fn level1_text(t: &str) -> Option<(String, Option<String>)> {
    let s = simplify(t.trim()).into_owned();
    let (name, weight) = strip_weight(&s);
    Level1::from_name(name)?;
    // 服务对象满意度 names a level-2 category; a level-1 name is short.
    let stem = name.trim_end_matches("指标").trim_end_matches("类");
    if stem.chars().count() > 3 || !(name.ends_with("指标") || name.chars().count() <= 4) {
        return None;
    }
    let at = t.trim().len() - (s.len() - name.len());
    Some((t.trim()[..at].trim().to_string(), weight))
}

/// Splits `产出指标(50分)` into the name and `50`.
pub fn strip_weight(s: &str) -> (&str, Option<String>) {
    for (open, close) in [("(", ")"), ("（", "）")] {
        if let Some(body) = s.strip_suffix(close) {
            if let Some(at) = body.rfind(open) {
                let inner = &body[at + open.len()..];
                let w = inner.trim().trim_end_matches('分').trim();
                if !w.is_empty() && w.chars().all(|c| c.is_ascii_digit() || c == '.') {
                    return (s[..at].trim_end(), Some(w.to_string()));
                }
            }
        }
    }
    (s, None)
}

fn is_plain_number(t: &str) -> bool {
    let t = t.trim_start_matches(['-', '+']);
    !t.is_empty()
        && t.chars().any(|c| c.is_ascii_digit())
        && t.chars().all(|c| c.is_ascii_digit() || matches!(c, '.' | ',' | '，'))
        && !t.starts_with(['.', ','])
}

/// True when a short text is a unit.
pub fn is_unit(t: &str) -> bool {
    let s = simplify(t.trim());
    UNITS.contains(&s.as_ref())
}

/// True when a cell is a target value: an optional comparator, a number and a
/// short unit, or a comparator word followed by a number.
pub fn is_value(t: &str) -> bool {
    let s = t.trim();
    let mut rest = s;
    for w in COMPARATOR_WORDS {
        if let Some(r) = rest.strip_prefix(w) {
            rest = r.trim_start();
            break;
        }
    }
    let digits_end = rest
        .char_indices()
        .find(|(_, c)| !(c.is_ascii_digit() || matches!(c, '.' | ',' | ' ' | '-' | '~' | '～' | '/')))
        .map(|(i, _)| i)
        .unwrap_or(rest.len());
    if digits_end == 0 || !rest[..digits_end].chars().any(|c| c.is_ascii_digit()) {
        return false;
    }
    let tail = rest[digits_end..].trim();
    tail.is_empty() || tail.chars().count() <= 5 && !tail.contains(['率', '数', '量', '度'])
}

/// The kind of a data cell.
pub fn kind_of(text: &str) -> Kind {
    let t = text.trim();
    if t.is_empty() {
        return Kind::Empty;
    }
    let s = simplify(t);
    let s = s.as_ref();
    let n = s.chars().count();
    if n <= 4
        && s.trim_end_matches(['.', '、', '．']).chars().all(|c| c.is_ascii_digit())
        && !s.starts_with('.')
        && s.ends_with(['.', '、', '．'])
    {
        return Kind::Seq;
    }
    if is_plain_number(s) {
        return Kind::Number;
    }
    if matches!(s, "正向" | "反向" | "定性" | "定量" | "中性" | "正向指标" | "反向指标" | "定量指标" | "定性指标") {
        return Kind::Nature;
    }
    if COMPARATOR_WORDS.contains(&s) {
        return Kind::Comparator;
    }
    if level1_text(s).is_some() {
        return Kind::Level1;
    }
    if Level2::from_name(s).is_some() && (s.ends_with("指标") || n <= 7) {
        return Kind::Level2;
    }
    if is_unit(s) {
        return Kind::Unit;
    }
    if s.ends_with('分') && is_plain_number(&s[..s.len() - '分'.len_utf8()]) {
        return Kind::Weight;
    }
    if is_value(s) || (n <= 6 && QUALITATIVE_ENDINGS.iter().any(|w| s.ends_with(w))) {
        return Kind::Value;
    }
    if (s.ends_with("标准") && n <= 8) || matches!(s, "计划" | "行业" | "历史") {
        return Kind::StandardKind;
    }
    if n > 24 {
        Kind::LongText
    } else {
        Kind::Text
    }
}

/// The cost of a column holding a cell of a kind: 0 for a perfect fit, higher
/// for worse ones.
pub fn cost(col: Col, kind: Kind) -> f32 {
    use Kind as K;
    if kind == K::Empty {
        return 0.0;
    }
    match col {
        Col::Seq => match kind {
            K::Seq => 0.0,
            K::Number => 0.3,
            _ => 6.0,
        },
        Col::Level1 => match kind {
            K::Level1 => 0.0,
            K::Level2 => 2.0,
            K::Text => 3.0,
            _ => 6.0,
        },
        Col::Level2 => match kind {
            K::Level2 => 0.0,
            K::Level1 => 1.5,
            K::Text => 2.5,
            _ => 6.0,
        },
        Col::Name | Col::Project => match kind {
            K::Text => 0.0,
            K::LongText => 0.6,
            K::Level2 => 2.0,
            K::Level1 => 3.0,
            K::Value | K::Unit => 3.0,
            K::StandardKind | K::Seq => 4.0,
            _ => 5.0,
        },
        Col::Explanation | Col::Goal => match kind {
            K::LongText => 0.0,
            K::Text => 0.4,
            K::Value => 2.5,
            K::Level1 | K::Level2 => 4.0,
            _ => 4.5,
        },
        Col::Annual | Col::Period => match kind {
            K::Value => 0.0,
            K::Number => 0.2,
            K::Text => 1.0,
            K::LongText => 1.4,
            K::Weight => 2.0,
            K::Nature | K::StandardKind => 2.5,
            K::Comparator | K::Unit => 3.0,
            _ => 5.0,
        },
        Col::StandardOrValue => match kind {
            K::Value | K::StandardKind => 0.2,
            K::Number => 0.4,
            K::Text | K::LongText => 1.0,
            _ => 4.0,
        },
        Col::Standard => match kind {
            K::StandardKind => 0.0,
            K::Text | K::LongText => 0.8,
            K::Value => 3.0,
            _ => 4.0,
        },
        Col::Comparator => match kind {
            K::Comparator => 0.0,
            _ => 5.0,
        },
        Col::Unit => match kind {
            K::Unit => 0.0,
            K::Text => 2.0,
            _ => 5.0,
        },
        Col::Nature => match kind {
            K::Nature => 0.0,
            K::Comparator => 1.5,
            K::Text => 3.0,
            _ => 5.0,
        },
        Col::Direction => match kind {
            K::Comparator => 0.0,
            K::Nature => 0.5,
            K::Text => 3.0,
            _ => 5.0,
        },
        Col::Weight => match kind {
            K::Number | K::Weight => 0.0,
            K::Seq => 0.5,
            _ => 5.0,
        },
        Col::Total | Col::Fiscal | Col::Special | Col::Other => match kind {
            K::Number => 0.0,
            K::Value => 1.0,
            _ => 5.0,
        },
        Col::Ignore => 1.2,
    }
}

/// The cost of leaving a column without a cell.
fn skip_cost(col: Col) -> f32 {
    match col {
        Col::Level1 | Col::Level2 | Col::Seq | Col::Project | Col::Goal | Col::Total | Col::Fiscal | Col::Special
        | Col::Other | Col::Ignore => 0.15,
        Col::Name => 1.5,
        _ => 0.5,
    }
}

/// The cost of a cell joining the one before it in the same column.
fn merge_cost(split: Split, prev: Kind, kind: Kind) -> f32 {
    let base = if split == Split::Single { 0.6 } else { 3.0 };
    match (prev, kind) {
        (Kind::Text | Kind::LongText, Kind::Text | Kind::LongText) => base,
        (Kind::Comparator, Kind::Number | Kind::Value) | (Kind::Number, Kind::Unit) => base,
        _ => base + 2.0,
    }
}

/// An assignment of cells to columns.
#[derive(Debug, Clone, PartialEq)]
pub struct Aligned {
    /// One text per column (cells joined to the same column are joined by a space).
    pub cells: Vec<String>,
    /// The total cost of the assignment.
    pub cost: f32,
}

/// Assigns cells (in order) to columns (in order) at the least cost; `from`
/// is the first column cells may take (for a row continuing another).
pub fn align(cells: &[String], cols: &[Col], from: usize, split: Split) -> Aligned {
    align_free(cells, cols, from, split, &[])
}

/// [`align`], with columns already filled (`taken[j]`) costly to take again and free to skip.
#[allow(clippy::needless_range_loop)] // the DP reads best[i - 1][p] beside best[i][j]
pub fn align_free(cells: &[String], cols: &[Col], from: usize, split: Split, taken: &[bool]) -> Aligned {
    let is_taken = |j: usize| taken.get(j).copied().unwrap_or(false);
    let n = cols.len();
    let m = cells.len();
    let mut out = vec![String::new(); n];
    if m == 0 || from >= n {
        let rest: Vec<&str> = cells.iter().map(|c| c.trim()).filter(|c| !c.is_empty()).collect();
        if let Some(last) = out.last_mut() {
            *last = rest.join(" ");
        }
        return Aligned { cells: out, cost: if rest.is_empty() { 0.0 } else { 9.0 } };
    }
    let kinds: Vec<Kind> = cells.iter().map(|c| kind_of(c)).collect();
    // best[i][j]: least cost with cell i placed in column j; back[i][j]: column of cell i-1.
    let inf = f32::INFINITY;
    let mut best = vec![vec![inf; n]; m];
    let mut back = vec![vec![usize::MAX; n]; m];
    let mut skip_before = vec![0.0f32; n + 1];
    for j in 0..n {
        skip_before[j + 1] = skip_before[j] + if is_taken(j) { 0.0 } else { skip_cost(cols[j]) };
    }
    let skipped = |a: usize, b: usize| -> f32 { if b > a { skip_before[b] - skip_before[a] } else { 0.0 } };
    let cell_cost = |j: usize, k: Kind| -> f32 {
        let c = cost(cols[j], k);
        if is_taken(j) && k != Kind::Empty {
            c + 6.0
        } else {
            c
        }
    };
    for j in from..n {
        best[0][j] = skipped(from, j) + cell_cost(j, kinds[0]);
    }
    for i in 1..m {
        for j in from..n {
            let here = cell_cost(j, kinds[i]);
            let mut pick = (inf, usize::MAX);
            for p in from..j {
                let c = best[i - 1][p] + skipped(p + 1, j) + here;
                if c < pick.0 {
                    pick = (c, p);
                }
            }
            if kinds[i] != Kind::Empty && kinds[i - 1] != Kind::Empty {
                let c = best[i - 1][j] + merge_cost(split, kinds[i - 1], kinds[i]) + here * 0.5;
                if c < pick.0 {
                    pick = (c, j);
                }
            }
            best[i][j] = pick.0;
            back[i][j] = pick.1;
        }
    }
    let mut end = (inf, from);
    for j in from..n {
        let c = best[m - 1][j] + (n - 1 - j) as f32 * 0.05;
        if c < end.0 {
            end = (c, j);
        }
    }
    let mut placed = vec![0usize; m];
    let mut j = end.1;
    for i in (0..m).rev() {
        placed[i] = j;
        let p = back[i][j];
        if i > 0 {
            j = if p == usize::MAX { j } else { p };
        }
    }
    for (i, cell) in cells.iter().enumerate() {
        let t = cell.trim();
        if t.is_empty() {
            continue;
        }
        let slot = &mut out[placed[i]];
        if !slot.is_empty() {
            slot.push(' ');
        }
        slot.push_str(t);
    }
    Aligned { cells: out, cost: end.0 }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(v: &[&str]) -> Vec<String> {
        v.iter().map(|x| x.to_string()).collect()
    }

    #[test]
    fn kinds_of_cells() {
        assert_eq!(kind_of("产出指标(50分)"), Kind::Level1);
        assert_eq!(kind_of("產出指標"), Kind::Level1);
        assert_eq!(kind_of("社会效益"), Kind::Level2);
        assert_eq!(kind_of("服务对象满意度指标"), Kind::Level2);
        assert_eq!(kind_of("大于等于"), Kind::Comparator);
        assert_eq!(kind_of("正向"), Kind::Nature);
        assert_eq!(kind_of("95"), Kind::Number);
        assert_eq!(kind_of("%"), Kind::Unit);
        assert_eq!(kind_of("≥95百分比"), Kind::Value);
        assert_eq!(kind_of("1200次"), Kind::Value);
        assert_eq!(kind_of("群众满意度"), Kind::Text);
        assert_eq!(kind_of("12348热线接通率"), Kind::Text);
        assert_eq!(kind_of("计划标准"), Kind::StandardKind);
        assert_eq!(level1_text("产出指标(50分)"), Some(("产出指标".to_string(), Some("50".to_string()))));
    }

    #[test]
    fn aligns_rows_that_start_at_level_two_or_three() {
        let cols = [Col::Level1, Col::Level2, Col::Name, Col::Nature, Col::Direction, Col::Annual, Col::Unit, Col::Weight];
        let a = align(&s(&["质量指标", "教育覆盖率", "正向", "大于等于", "95", "%", "15"]), &cols, 0, Split::Single);
        assert_eq!(a.cells, s(&["", "质量指标", "教育覆盖率", "正向", "大于等于", "95", "%", "15"]));
        let a = align(&s(&["按时完成率", "正向", "等于", "100", "%", "15"]), &cols, 0, Split::Single);
        assert_eq!(a.cells, s(&["", "", "按时完成率", "正向", "等于", "100", "%", "15"]));
        // A qualitative value continued on the lines after the name.
        let a = align(&s(&["定性", "明显改善", "20"]), &cols, 3, Split::Single);
        assert_eq!(a.cells, s(&["", "", "", "定性", "", "明显改善", "", "20"]));
    }

    #[test]
    fn aligns_shifted_pipe_rows() {
        let cols = [Col::Level1, Col::Level2, Col::Name, Col::Explanation, Col::Annual, Col::Ignore];
        let a = align(&s(&["质量指标", "培训合格率", "培训合格率", "≥95百分比", ""]), &cols, 0, Split::Pipes);
        assert_eq!(a.cells, s(&["", "质量指标", "培训合格率", "培训合格率", "≥95百分比", ""]));
    }
}
