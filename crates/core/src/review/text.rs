//! Small text helpers of the review rules: normalising for comparison, finding
//! numbers, grades, vague words, amounts of money and years inside a text.
//!
//! These read the vocabulary of targets (comparator words, measure words, grade
//! words, money units), never names of departments or projects.

use crate::target::{parse_target, Op, Target};
use rust_decimal::Decimal;
use std::str::FromStr;

/// A text for comparison: without white space and punctuation (either width),
/// full-width letters and digits folded to ASCII.
pub fn normalize(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        let c = fold_width(c);
        if c.is_whitespace() || is_punct(c) {
            continue;
        }
        out.push(c);
    }
    out
}

/// Folds a full-width ASCII form (`１`, `％`, `（`) to its ASCII character.
pub fn fold_width(c: char) -> char {
    let u = c as u32;
    if (0xFF01..=0xFF5E).contains(&u) {
        char::from_u32(u - 0xFEE0).unwrap_or(c)
    } else {
        c
    }
}

fn is_punct(c: char) -> bool {
    c.is_ascii_punctuation() && c != '%'
        || matches!(
            c,
            '，' | '。' | '、' | '；' | '：' | '！' | '？' | '“' | '”' | '‘' | '’' | '（' | '）' | '《' | '》' | '【' | '】' | '〔' | '〕' | '…' | '—' | '·' | '「' | '」'
        )
}

/// The first `n` characters of a text, with `…` when cut.
pub fn shorten(s: &str, n: usize) -> String {
    if s.chars().count() <= n {
        s.to_string()
    } else {
        let mut t: String = s.chars().take(n).collect();
        t.push('…');
        t
    }
}

/// A list of words found in one pass over a text: words indexed by their first
/// character, so a text is scanned once instead of once per word.
pub struct WordSet {
    by_first: Vec<(char, Vec<&'static str>)>,
}

impl WordSet {
    /// Indexes a list of words.
    pub fn new(words: &[&'static str]) -> WordSet {
        let mut by_first: Vec<(char, Vec<&'static str>)> = Vec::new();
        for w in words {
            let Some(c) = w.chars().next() else { continue };
            match by_first.iter_mut().find(|(f, _)| *f == c) {
                Some((_, list)) => list.push(w),
                None => by_first.push((c, vec![w])),
            }
        }
        by_first.sort_by_key(|(c, _)| *c);
        for (_, list) in &mut by_first {
            list.sort_by_key(|w| std::cmp::Reverse(w.len())); // longest first
        }
        WordSet { by_first }
    }

    /// The first word of the set found in `s` (the longest at the earliest place).
    pub fn find(&self, s: &str) -> Option<&'static str> {
        for (i, c) in s.char_indices() {
            if let Ok(k) = self.by_first.binary_search_by_key(&c, |(f, _)| *f) {
                if let Some((_, list)) = self.by_first.get(k) {
                    let rest = &s[i..];
                    if let Some(w) = list.iter().find(|w| rest.starts_with(**w)) {
                        return Some(w);
                    }
                }
            }
        }
        None
    }

    /// True when `s` holds a word of the set.
    pub fn any_in(&self, s: &str) -> bool {
        self.find(s).is_some()
    }
}

/// Declares `fn $name() -> &'static WordSet` over a word list, built once.
macro_rules! word_set {
    ($name:ident, $list:expr) => {
        fn $name() -> &'static $crate::review::text::WordSet {
            static SET: std::sync::OnceLock<$crate::review::text::WordSet> = std::sync::OnceLock::new();
            SET.get_or_init(|| $crate::review::text::WordSet::new($list))
        }
    };
}
pub(crate) use word_set;

word_set!(grade_set, GRADE_WORDS);
word_set!(vague_set, VAGUE_WORDS);
word_set!(comparator_set, COMPARATOR_WORDS);

/// Yuan in one of a money unit (`万元` → 10000), when the unit is known.
pub fn yuan_per_unit(unit: &str) -> Option<Decimal> {
    match unit.trim() {
        "元" => Some(Decimal::ONE),
        "千元" => Some(Decimal::from(1000)),
        "万元" | "萬元" => Some(Decimal::from(10_000)),
        "百万元" => Some(Decimal::from(1_000_000)),
        "亿元" | "億元" => Some(Decimal::from(100_000_000)),
        _ => None,
    }
}

/// A money amount as text (`1,835.37万元`) for messages: the amount in the unit.
pub fn fmt_amount(d: Decimal) -> String {
    d.normalize().to_string()
}

const CN_DIGITS: &str = "零〇一二两三四五六七八九十百千万";

/// Measure words that make a Chinese numeral a count (`三天`, `一次`).
const MEASURE_WORDS: &[&str] = &[
    "次", "个", "人", "件", "场", "期", "篇", "份", "天", "日", "周", "小时", "项", "家", "批", "名", "所",
    "台", "套", "部", "本", "条", "户", "万", "千", "百", "倍", "成", "轮", "类", "分",
];

/// True when a text holds a number that is a target (digits or a counted Chinese
/// numeral), not counting years (`2023年`), document numbers (`[2022]121号`) and
/// bracketed definitions.
pub fn has_target_number(s: &str) -> bool {
    let chars: Vec<char> = s.chars().map(fold_width).collect();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c.is_ascii_digit() {
            let start = i;
            while i < chars.len() && (chars[i].is_ascii_digit() || chars[i] == '.' || chars[i] == ',') {
                i += 1;
            }
            let digits = i - start;
            let next = chars.get(i).copied();
            let prev = if start > 0 { chars.get(start - 1).copied() } else { None };
            let is_year = digits == 4 && matches!(next, Some('年') | Some('-') | Some('—')) && chars[start] != '0';
            let is_doc_no = matches!(prev, Some('[') | Some('〔') | Some('(')) && digits == 4 && matches!(next, Some(']') | Some('〕') | Some(')'));
            let is_ref = matches!(next, Some('号')) || (matches!(next, Some('.')) && digits <= 2 && start == 0);
            // A date (`2月1日`): a month, or a day after a month.
            let is_month_day = next == Some('月') || (next == Some('日') && prev == Some('月'));
            if !is_year && !is_doc_no && !is_ref && !is_month_day {
                return true;
            }
            continue;
        }
        if CN_DIGITS.contains(c) {
            let start = i;
            while i < chars.len() && CN_DIGITS.contains(chars[i]) {
                i += 1;
            }
            let rest: String = chars[i..chars.len().min(i + 2)].iter().collect();
            let run: String = chars[start..i].iter().collect();
            // 一村一法律顾问, 十九大, 上一年, 第一次: not counts. A counted numeral
            // needs a measure word and no word that makes it an ordinal.
            let ordinal = start > 0 && "上下同统唯之第逐".contains(chars[start - 1]);
            if !ordinal && run != "万" && run != "千" && run != "百" && MEASURE_WORDS.iter().any(|m| rest.starts_with(m)) {
                return true;
            }
            continue;
        }
        i += 1;
    }
    false
}

/// Words of a recognised grade or a yes/no standard that can be checked at year
/// end (达标, 合格, 良好以上, 无…事件, 按时完成).
const GRADE_WORDS: &[&str] = &[
    "优秀", "优良", "良好", "合格", "达标", "及格", "通过", "满意", "符合", "验收", "完成", "正常", "按时", "按期", "及时",
    "足额", "无", "零", "未发生", "杜绝", "全覆盖", "全部", "到位", "准确", "规范", "按规定", "按要求", "按标准", "优",
    "良", "中等", "一等", "二等", "三等", "A级", "B级", "等级", "达到要求", "达到标准",
];

/// True when a text names a recognised grade or yes/no standard.
pub fn has_grade(s: &str) -> bool {
    // 满意度 names a measure; 满意 alone is a grade.
    if s.contains("满意度") {
        let t = s.replace("满意度", "");
        return grade_set().any_in(&t);
    }
    grade_set().any_in(s)
}

/// True when a text defines a grading scale (`90分以上为优秀, 70-89分为良好`):
/// two or more grades named.
pub fn is_grade_scale(s: &str) -> bool {
    ["优秀", "良好", "合格", "及格", "中等", "较差"].iter().filter(|w| s.contains(*w)).count() >= 2
}

/// Comparator words and signs of the target grammar (spec, "Target values").
const COMPARATOR_WORDS: &[&str] = &[
    "不少于", "不低于", "不小于", "大于等于", "至少", "以上", "达到", "超过", "高于", "大于", "不超过", "不高于", "不大于", "小于等于", "以内",
    "以下", "低于", "少于", "小于", "≥", ">=", "≤", "<=", ">", "<", "%", "％",
];

/// True when a text states a target itself: a number with a comparator word or `%`.
pub fn states_a_target(s: &str) -> bool {
    comparator_set().any_in(s) && has_target_number(s)
}

/// Words that only say something will improve or be done well, without a measure.
const VAGUE_WORDS: &[&str] = &[
    "有效", "不断", "逐步", "进一步", "持续", "稳步", "大力", "有所", "明显", "显著", "切实", "提升", "提高", "增强",
    "加强", "改善", "优化", "积极",
];

/// The vague word a text uses, if any.
pub fn vague_word(s: &str) -> Option<&'static str> {
    // 有效期 (a period of validity) is not a vague word.
    if s.contains("有效期") {
        return vague_set().find(&s.replace("有效期", ""));
    }
    vague_set().find(s)
}

/// Endings of a text that names what is measured (`…率`, `…满意度`, `…人数`).
const METRIC_ENDINGS: &[&str] = &[
    "率", "满意度", "人数", "次数", "数量", "件数", "个数", "户数", "总数", "场次", "时数", "期限", "时长", "人次", "件次", "案件数",
    "工作量", "时效",
];

/// True when a text (with no number) is the name of a measure rather than a
/// target: it ends in a metric word, or in a bracketed unit such as `(%)` `（人）`.
pub fn names_a_metric(s: &str) -> bool {
    let t = s.trim().trim_end_matches(['。', '.', '；', ';']);
    if let Some(inner) = bracketed_tail(t) {
        if inner.chars().count() <= 3 {
            return true;
        }
    }
    let base = match t.rfind(['(', '（']) {
        Some(i) if bracketed_tail(t).is_some() => &t[..i],
        _ => t,
    };
    METRIC_ENDINGS.iter().any(|e| base.ends_with(e)) && base.chars().count() <= 30
}

/// True when a text ends in a short bracketed unit (`(%)`, `（人）`, `(场次)`) and
/// holds no number: the way indicator names, not targets, are written.
pub fn ends_with_unit_in_brackets(s: &str) -> bool {
    let t = s.trim().trim_end_matches(['。', '.', '；', ';']);
    bracketed_tail(t).is_some_and(|inner| {
        let n = inner.chars().count();
        (1..=3).contains(&n) && !inner.chars().any(|c| c.is_ascii_digit())
    }) && !has_target_number(t)
}

/// Units an indicator name may ask for in brackets.
const UNITS: &[&str] = &[
    "个工作日", "工作日", "个小时", "小时", "分钟", "人次", "件次", "场次", "批次", "课时", "学时", "个月", "%", "次", "件", "人", "个",
    "场", "期", "篇", "份", "天", "日", "户", "项", "家", "批", "名", "所", "台", "套", "条", "分", "年", "月", "周", "元", "万元",
];

/// The unit an indicator name asks for in brackets at its end (`满意度(%)` → `%`,
/// `配置数量（人）` → `人`), when it is a known unit.
pub fn unit_in_name(name: &str) -> Option<&'static str> {
    let t = name.trim().trim_end_matches(['。', '.']);
    let inner = bracketed_tail(t)?.trim();
    let inner = if inner == "％" { "%" } else { inner };
    UNITS.iter().copied().find(|u| *u == inner && *u != "元" && *u != "万元")
}

fn bracketed_tail(t: &str) -> Option<&str> {
    let close = t.chars().last()?;
    if close != ')' && close != '）' {
        return None;
    }
    let open = t.rfind(['(', '（'])?;
    let inner_start = open + t[open..].chars().next()?.len_utf8();
    let inner_end = t.len() - close.len_utf8();
    t.get(inner_start..inner_end)
}

/// An amount of money written in a text.
#[derive(Debug, Clone, PartialEq)]
pub struct MoneyMention {
    /// The amount as printed, with its unit (`388,400.00元`).
    pub text: String,
    /// The amount in yuan; `None` when the number cannot be read.
    pub yuan: Option<Decimal>,
    /// True when it is a rate (`500元/人年`, `每人500元`), not a sum.
    pub per_unit: bool,
    /// Character offset of the number in the text.
    pub start: usize,
    /// Character offset just after the unit.
    pub end: usize,
}

const MONEY_UNITS: &[(&str, i64)] = &[("亿元", 100_000_000), ("億元", 100_000_000), ("万元", 10_000), ("萬元", 10_000), ("千元", 1000), ("元", 1)];

/// Every amount of money written in a text: a number directly followed by a money
/// unit (`万元`, `元`), thousands separators allowed.
pub fn money_mentions(s: &str) -> Vec<MoneyMention> {
    let chars: Vec<char> = s.chars().map(fold_width).collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        if !chars[i].is_ascii_digit() || (i > 0 && (chars[i - 1].is_ascii_digit() || chars[i - 1] == '.')) {
            i += 1;
            continue;
        }
        let start = i;
        while i < chars.len() && (chars[i].is_ascii_digit() || matches!(chars[i], ',' | '.')) {
            i += 1;
        }
        let mut num_end = i;
        while num_end > start && matches!(chars[num_end - 1], ',' | '.') {
            num_end -= 1;
        }
        let mut j = num_end;
        while j < chars.len() && chars[j] == ' ' {
            j += 1;
        }
        let rest: String = chars[j..chars.len().min(j + 2)].iter().collect();
        let Some((unit, factor)) = MONEY_UNITS.iter().find(|(u, _)| rest.starts_with(u)) else {
            continue;
        };
        let end = j + unit.chars().count();
        let number: String = chars[start..num_end].iter().collect();
        let yuan = read_grouped(&number).map(|d| d * Decimal::from(*factor));
        let after = chars.get(end).copied();
        let before: String = chars[start.saturating_sub(3)..start].iter().collect();
        let per_unit = matches!(after, Some('/') | Some('每')) || before.contains('每') || before.contains("人均") || before.contains('/');
        out.push(MoneyMention { text: chars[start..end].iter().collect(), yuan, per_unit, start, end });
        i = end;
    }
    out
}

/// Reads `388,400.00` or `1835.37`: groups of three after the first; `None` for
/// `1038,8772` or `1.2.3`.
pub fn read_grouped(number: &str) -> Option<Decimal> {
    let mut parts = number.split('.');
    let int = parts.next()?;
    let frac = parts.next();
    if parts.next().is_some() {
        return None;
    }
    if let Some(f) = frac {
        if f.is_empty() || !f.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
    }
    let groups: Vec<&str> = int.split(',').collect();
    let first = groups.first()?;
    if first.is_empty() || !first.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    if groups.len() > 1 && (first.len() > 3 || groups[1..].iter().any(|g| g.len() != 3 || !g.bytes().all(|b| b.is_ascii_digit()))) {
        return None;
    }
    let plain: String = int.chars().filter(|c| *c != ',').collect();
    let text = match frac {
        Some(f) => format!("{plain}.{f}"),
        None => plain,
    };
    Decimal::from_str(&text).ok()
}

/// Bare numbers in a text that are followed by no unit at all (`在240000以内`),
/// with their value.
pub fn bare_numbers(s: &str) -> Vec<Decimal> {
    let chars: Vec<char> = s.chars().map(fold_width).collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        if !chars[i].is_ascii_digit() {
            i += 1;
            continue;
        }
        let start = i;
        while i < chars.len() && (chars[i].is_ascii_digit() || matches!(chars[i], ',' | '.')) {
            i += 1;
        }
        let next = chars.get(i).copied();
        let unitless = match next {
            None => true,
            Some(c) => matches!(c, '以' | '，' | ',' | '；' | ';' | '。' | ')' | '）') || c.is_whitespace(),
        };
        if unitless {
            let number: String = chars[start..i].iter().collect();
            if let Some(d) = read_grouped(number.trim_end_matches([',', '.'])) {
                out.push(d);
            }
        }
    }
    out
}

/// A number in a target with the unit printed after it and the direction of the
/// comparator around it.
#[derive(Debug, Clone, PartialEq)]
pub struct Quantity {
    /// The number.
    pub value: Decimal,
    /// The unit printed right after it (`%`, `次`, `个工作日`), or empty.
    pub unit: String,
    /// `Some(true)` for at least (不低于, ≥, 以上), `Some(false)` for at most
    /// (不超过, ≤, 以内), `None` for a bare number.
    pub at_least: Option<bool>,
}

/// The numbers of a target text as the target grammar reads them (years,
/// dates and document numbers left out), with unit and comparator direction;
/// a range gives both bounds.
pub fn quantities(s: &str) -> Vec<Quantity> {
    fn walk(t: &Target, out: &mut Vec<Quantity>) {
        let unit_of = |u: &Option<String>| u.clone().unwrap_or_default();
        match t {
            Target::Quantitative { op, value, unit } => {
                let at_least = match op {
                    Op::Ge | Op::Gt => Some(true),
                    Op::Le | Op::Lt => Some(false),
                    Op::Eq => None,
                };
                out.push(Quantity { value: *value, unit: unit_of(unit), at_least });
            }
            Target::Range { min, max, unit } => {
                out.push(Quantity { value: *min, unit: unit_of(unit), at_least: None });
                out.push(Quantity { value: *max, unit: unit_of(unit), at_least: None });
            }
            Target::All { parts } | Target::Any { parts } => parts.iter().for_each(|p| walk(p, out)),
            Target::Qualitative { .. } => {}
        }
    }
    // Bracketed text defines or qualifies (`合格率(60分以上)`): it sets no target.
    let mut plain = String::with_capacity(s.len());
    let mut depth = 0usize;
    for c in s.chars() {
        match c {
            '(' | '（' => depth += 1,
            ')' | '）' if depth > 0 => depth -= 1,
            _ if depth == 0 => plain.push(c),
            _ => {}
        }
    }
    let mut out = Vec::new();
    walk(&parse_target(&plain), &mut out);
    out
}

/// A year named in a text (`2020年`, `2021年度`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct YearMention {
    /// The year.
    pub year: i32,
    /// True when the year is a baseline or the start of a range (`较2020年`,
    /// `2020年以来`, `2021年至2023年`), not a time a target is about.
    pub reference: bool,
}

/// Every year (1990–2099 followed by 年) named in a text.
pub fn years_in(s: &str) -> Vec<YearMention> {
    let chars: Vec<char> = s.chars().map(fold_width).collect();
    let mut out = Vec::new();
    let n = chars.len();
    let mut i = 0;
    while i + 4 < n + 1 {
        let w = &chars[i..(i + 4).min(n)];
        if w.len() == 4
            && w.iter().all(|c| c.is_ascii_digit())
            && chars.get(i + 4) == Some(&'年')
            && (i == 0 || !chars[i - 1].is_ascii_digit())
        {
            let y: i32 = w.iter().collect::<String>().parse().unwrap_or(0);
            if (1990..=2099).contains(&y) {
                let before: String = chars[i.saturating_sub(3)..i].iter().collect();
                let mut k = i + 5;
                if chars.get(k) == Some(&'度') {
                    k += 1;
                }
                let after: String = chars[k.min(n)..(k + 3).min(n)].iter().collect();
                let baseline_before = ["较", "比", "相比", "同比", "与", "自", "从", "以", "截至", "截止"]
                    .iter()
                    .any(|w| before.ends_with(w));
                let baseline_after = ["以来", "基础", "基数", "水平", "同期", "底", "末", "相比", "至", "到", "-", "—", "~", "起", "开始"]
                    .iter()
                    .any(|w| after.starts_with(w));
                out.push(YearMention { year: y, reference: baseline_before || baseline_after });
            }
            i += 4;
            continue;
        }
        i += 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    #[test]
    fn normalizes() {
        assert_eq!(normalize(" 调解成功率（%） "), "调解成功率%");
        assert_eq!(normalize("达到 100％。"), "达到100%");
    }

    #[test]
    fn finds_target_numbers() {
        assert!(has_target_number("不少于2000次"));
        assert!(has_target_number("不超过三天到账"));
        assert!(has_target_number("≥90%"));
        assert!(!has_target_number("2023年度工作"));
        assert!(!has_target_number("穗财政[2022]121号"));
        assert!(!has_target_number("一村一法律顾问"));
        assert!(!has_target_number("法治建设水平不断提升"));
        assert!(has_target_number("收到申请后5日内审查"));
        assert!(!has_target_number("于2月1日前"));
        assert!(states_a_target("区域覆盖率达到100%"));
        assert!(!states_a_target("12348热线接通率"));
        assert!(is_grade_scale("90分以上为优秀,70-89分为良好"));
    }

    #[test]
    fn grades_vague_and_metrics() {
        assert!(has_grade("良好以上"));
        assert!(has_grade("局全年无泄密事件"));
        assert!(!has_grade("有效"));
        assert!(!has_grade("普法宣传满意度"));
        assert!(has_grade("群众满意"));
        assert_eq!(vague_word("证件有效期内年检"), None);
        assert!(!names_a_metric("保质保量"));
        assert_eq!(vague_word("有效"), Some("有效"));
        assert_eq!(vague_word("购买服务，开展工作"), None);
        assert!(names_a_metric("行政复议案件办结率(%)"));
        assert!(names_a_metric("普法宣传满意度"));
        assert!(names_a_metric("宣传栏内容更新(期)"));
        assert!(names_a_metric("全年受援人数"));
        assert!(!names_a_metric("按时足额支付"));
        assert!(!names_a_metric("组织专项培训（含线上培训）"));
    }

    #[test]
    fn reads_money() {
        let m = money_mentions("共计付388,400.00元经费");
        assert_eq!(m.len(), 1);
        assert_eq!(m[0].yuan, Some(d("388400.00")));
        let m = money_mentions("共计1038,8772万元");
        assert_eq!(m[0].yuan, None);
        assert_eq!(m[0].text, "1038,8772万元");
        let m = money_mentions("租用费500元/人年，安排资金12.5万元");
        assert!(m[0].per_unit);
        assert_eq!(m[1].yuan, Some(d("125000.0")));
        assert!(!m[1].per_unit);
        assert!(money_mentions("满意度90%，2023年").is_empty());
        assert_eq!(read_grouped("1,835.37"), Some(d("1835.37")));
        assert_eq!(read_grouped("1.2.3"), None);
    }

    #[test]
    fn reads_quantities() {
        let q = quantities("满意度不低于90%，投诉率5%以下，2023年完成");
        assert_eq!(q.len(), 2);
        assert_eq!((q[0].value, q[0].unit.as_str(), q[0].at_least), (d("90"), "%", Some(true)));
        assert_eq!((q[1].value, q[1].at_least), (d("5"), Some(false)));
        let q = quantities("收到申请后5个工作日内办结");
        assert_eq!((q[0].unit.as_str(), q[0].at_least), ("个工作日", Some(false)));
        assert_eq!(quantities("≥120%")[0].value, d("120"));
        assert!(quantities("合格率(60分以上)").is_empty());
        assert_eq!(unit_in_name("委托方满意度(%)"), Some("%"));
        assert_eq!(unit_in_name("配置数量（人）"), Some("人"));
        assert_eq!(unit_in_name("考评（等级）"), None);
    }

    #[test]
    fn finds_bare_numbers_and_years() {
        assert_eq!(bare_numbers("预算控制成本在240000以内"), vec![d("240000")]);
        assert!(bare_numbers("不少于20次").is_empty());
        let y = years_in("组织开展2020年宪法日活动，较2019年增长，2021年至2023年");
        assert_eq!(y.len(), 4);
        assert!(!y[0].reference);
        assert!(y[1].reference);
        assert!(y[2].reference);
        assert_eq!(y[3].year, 2023);
        assert!(years_in("[2018]317号").is_empty());
        assert_eq!(yuan_per_unit("万元"), Some(Decimal::from(10_000)));
        assert_eq!(shorten("一二三四", 2), "一二…");
    }
}
