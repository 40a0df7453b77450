//! Character classes and word lists of the value grammar: normalisation of
//! full-width forms, comparator words and units.

use super::Op;

/// Maps one character to its normalised form (one char to one char, so that
/// indices into the normalised text are indices into the printed text).
#[inline]
pub(crate) fn norm_char(c: char) -> char {
    let u = c as u32;
    if u < 0x2000 {
        return if c == '\t' || c == '\u{a0}' { ' ' } else { c };
    }
    match c {
        '０'..='９' => char::from_u32(c as u32 - '０' as u32 + '0' as u32).unwrap_or(c),
        'Ａ'..='Ｚ' => char::from_u32(c as u32 - 'Ａ' as u32 + 'A' as u32).unwrap_or(c),
        'ａ'..='ｚ' => char::from_u32(c as u32 - 'ａ' as u32 + 'a' as u32).unwrap_or(c),
        '％' => '%',
        '＞' => '>',
        '＜' => '<',
        '＝' => '=',
        '．' => '.',
        '－' | '—' | '–' | '‐' | '‑' | '―' | '−' => '-',
        '～' | '〜' | '∼' => '~',
        '（' => '(',
        '）' => ')',
        '［' | '【' | '〔' => '[',
        '］' | '】' | '〕' => ']',
        '／' => '/',
        '≧' | '⩾' => '≥',
        '≦' | '⩽' => '≤',
        '\u{3000}' | '\u{a0}' | '\t' => ' ',
        '：' => ':',
        '，' => ',',
        '；' => ';',
        '＋' => '+',
        '萬' => '万',
        '億' => '亿',
        '兩' => '两',
        '個' => '个',
        '於' => '于',
        '內' => '内',
        '達' => '达',
        '為' => '为',
        '來' => '来',
        '項' => '项',
        '場' => '场',
        '張' => '张',
        '處' => '处',
        '間' => '间',
        '臺' => '台',
        '時' => '时',
        '單' => '单',
        '週' => '周',
        '則' => '则',
        _ => c,
    }
}

/// Is `c` a CJK ideograph?
#[inline]
pub(crate) fn is_cjk(c: char) -> bool {
    ('\u{4e00}'..='\u{9fff}').contains(&c) || ('\u{3400}'..='\u{4dbf}').contains(&c)
}

/// Does `s[i..]` start with `word`?
#[inline]
pub(crate) fn starts_with(s: &[char], i: usize, word: &str) -> bool {
    let mut j = i;
    for w in word.chars() {
        match s.get(j) {
            Some(&c) if c == w => j += 1,
            _ => return false,
        }
    }
    true
}

/// Does `s[..end]` end with `word`?
#[inline]
pub(crate) fn ends_with(s: &[char], end: usize, word: &str) -> bool {
    let n = word.chars().count();
    end >= n && starts_with(s, end - n, word)
}

/// The strength of a comparator word: where it may stand relative to its number.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Strength {
    /// Anywhere before the number in its clause (不少于 … 5次, ≥).
    Strong,
    /// Only right before the number (达, 为, 最高).
    Adjacent,
}

/// Comparator words written before the number. Matching takes the longest word
/// at a position.
pub(crate) const PREFIX_WORDS: &[(&str, Op, Strength)] = &[
    // >=
    ("大于或等于", Op::Ge, Strength::Strong),
    ("大于或者等于", Op::Ge, Strength::Strong),
    ("大于等于", Op::Ge, Strength::Strong),
    ("高于或等于", Op::Ge, Strength::Strong),
    ("高于等于", Op::Ge, Strength::Strong),
    ("多于或等于", Op::Ge, Strength::Strong),
    ("达到或超过", Op::Ge, Strength::Strong),
    ("达到或高于", Op::Ge, Strength::Strong),
    ("不少于", Op::Ge, Strength::Strong),
    ("不低于", Op::Ge, Strength::Strong),
    ("不小于", Op::Ge, Strength::Strong),
    ("不短于", Op::Ge, Strength::Strong),
    ("不得少于", Op::Ge, Strength::Strong),
    ("不得低于", Op::Ge, Strength::Strong),
    ("不得小于", Op::Ge, Strength::Strong),
    ("不应少于", Op::Ge, Strength::Strong),
    ("不应低于", Op::Ge, Strength::Strong),
    ("不能少于", Op::Ge, Strength::Strong),
    ("不能低于", Op::Ge, Strength::Strong),
    ("不宜少于", Op::Ge, Strength::Strong),
    ("不宜低于", Op::Ge, Strength::Strong),
    ("应不少于", Op::Ge, Strength::Strong),
    ("应不低于", Op::Ge, Strength::Strong),
    ("至少", Op::Ge, Strength::Strong),
    ("起码", Op::Ge, Strength::Strong),
    ("≥", Op::Ge, Strength::Strong),
    (">=", Op::Ge, Strength::Strong),
    ("=>", Op::Ge, Strength::Strong),
    ("最少", Op::Ge, Strength::Adjacent),
    ("最低", Op::Ge, Strength::Adjacent),
    ("达到", Op::Ge, Strength::Adjacent),
    ("达", Op::Ge, Strength::Adjacent),
    // >
    ("超过", Op::Gt, Strength::Strong),
    ("高于", Op::Gt, Strength::Strong),
    ("大于", Op::Gt, Strength::Strong),
    ("多于", Op::Gt, Strength::Strong),
    ("超出", Op::Gt, Strength::Strong),
    (">", Op::Gt, Strength::Strong),
    // <=
    ("小于或等于", Op::Le, Strength::Strong),
    ("小于或者等于", Op::Le, Strength::Strong),
    ("小于等于", Op::Le, Strength::Strong),
    ("低于或等于", Op::Le, Strength::Strong),
    ("低于等于", Op::Le, Strength::Strong),
    ("少于或等于", Op::Le, Strength::Strong),
    ("不超过", Op::Le, Strength::Strong),
    ("不超出", Op::Le, Strength::Strong),
    ("不高于", Op::Le, Strength::Strong),
    ("不大于", Op::Le, Strength::Strong),
    ("不多于", Op::Le, Strength::Strong),
    ("不长于", Op::Le, Strength::Strong),
    ("不得超过", Op::Le, Strength::Strong),
    ("不得超出", Op::Le, Strength::Strong),
    ("不得高于", Op::Le, Strength::Strong),
    ("不得大于", Op::Le, Strength::Strong),
    ("不得多于", Op::Le, Strength::Strong),
    ("不应超过", Op::Le, Strength::Strong),
    ("不应高于", Op::Le, Strength::Strong),
    ("不能超过", Op::Le, Strength::Strong),
    ("不宜超过", Op::Le, Strength::Strong),
    ("应不超过", Op::Le, Strength::Strong),
    ("应不高于", Op::Le, Strength::Strong),
    ("至多", Op::Le, Strength::Strong),
    ("≤", Op::Le, Strength::Strong),
    ("<=", Op::Le, Strength::Strong),
    ("=<", Op::Le, Strength::Strong),
    ("最多", Op::Le, Strength::Adjacent),
    ("最高", Op::Le, Strength::Adjacent),
    ("最长", Op::Le, Strength::Adjacent),
    // <
    ("低于", Op::Lt, Strength::Strong),
    ("少于", Op::Lt, Strength::Strong),
    ("小于", Op::Lt, Strength::Strong),
    ("不满", Op::Lt, Strength::Strong),
    ("不足", Op::Lt, Strength::Strong),
    ("未满", Op::Lt, Strength::Strong),
    ("<", Op::Lt, Strength::Strong),
    // =
    ("==", Op::Eq, Strength::Strong),
    ("=", Op::Eq, Strength::Strong),
    ("等于", Op::Eq, Strength::Adjacent),
    ("为", Op::Eq, Strength::Adjacent),
    ("是", Op::Eq, Strength::Adjacent),
];

/// The first characters of [`PREFIX_WORDS`], for a quick reject.
#[inline]
fn may_start_prefix(c: char) -> bool {
    matches!(
        c,
        '大' | '高' | '多' | '达' | '不' | '应' | '至' | '起' | '≥' | '>' | '=' | '最' | '超' | '小' | '低' | '少' | '≤' | '<' | '未' | '等' | '为' | '是'
    )
}

/// Word lists indexed by first char, built once.
struct Index<T: 'static> {
    /// (first char, entries starting with it), sorted by char.
    by_first: Vec<(char, Vec<(&'static [char], T)>)>,
}

impl<T: Copy> Index<T> {
    fn build(words: impl Iterator<Item = (&'static str, T)>) -> Self {
        let mut by_first: Vec<(char, Vec<(&'static [char], T)>)> = Vec::new();
        for (w, v) in words {
            let chars: &'static [char] = Box::leak(w.chars().collect::<Vec<char>>().into_boxed_slice());
            let Some(&first) = chars.first() else { continue };
            match by_first.iter_mut().find(|(c, _)| *c == first) {
                Some((_, list)) => list.push((chars, v)),
                None => by_first.push((first, vec![(chars, v)])),
            }
        }
        by_first.sort_by_key(|(c, _)| *c);
        Index { by_first }
    }

    /// The longest entry at `s[i..]`: (value, length).
    #[inline]
    fn longest_at(&self, s: &[char], i: usize) -> Option<(T, usize)> {
        let c = *s.get(i)?;
        let k = self.by_first.binary_search_by_key(&c, |(f, _)| *f).ok()?;
        let rest = s.get(i..)?;
        let mut best: Option<(T, usize)> = None;
        for &(w, v) in &self.by_first.get(k)?.1 {
            if rest.len() >= w.len() && w.iter().zip(rest).all(|(x, y)| x == y) && best.is_none_or(|b| w.len() > b.1) {
                best = Some((v, w.len()));
            }
        }
        best
    }
}

fn prefix_index() -> &'static Index<(Op, Strength)> {
    static INDEX: std::sync::OnceLock<Index<(Op, Strength)>> = std::sync::OnceLock::new();
    INDEX.get_or_init(|| Index::build(PREFIX_WORDS.iter().map(|&(w, op, st)| (w, (op, st)))))
}

fn unit_index() -> &'static Index<()> {
    static INDEX: std::sync::OnceLock<Index<()>> = std::sync::OnceLock::new();
    INDEX.get_or_init(|| Index::build(UNITS_MULTI.iter().map(|&w| (w, ()))))
}

/// The longest comparator word at `s[i..]`: (op, strength, length).
#[inline]
pub(crate) fn prefix_at(s: &[char], i: usize) -> Option<(Op, Strength, usize)> {
    if !may_start_prefix(*s.get(i)?) {
        return None;
    }
    prefix_index().longest_at(s, i).map(|((op, st), n)| (op, st, n))
}

/// Is a comparator word printed right before `end` (`s[..end]` ends with one)?
pub(crate) fn prefix_ends_at(s: &[char], end: usize) -> bool {
    (1..=6).any(|n| end >= n && prefix_at(s, end - n).is_some_and(|(_, _, len)| len == n))
}

/// Comparator words written after the number (and its unit): (word, op).
pub(crate) const SUFFIX_WORDS: &[(&str, Op)] = &[
    ("及其以上", Op::Ge),
    ("及以上", Op::Ge),
    ("或以上", Op::Ge),
    ("以上", Op::Ge),
    ("之上", Op::Ge),
    ("及以下", Op::Le),
    ("或以下", Op::Le),
    ("以下", Op::Le),
    ("以内", Op::Le),
    ("之内", Op::Le),
    ("内", Op::Le),
];

/// The suffix comparator at `s[i..]`: (op, length).
pub(crate) fn suffix_at(s: &[char], i: usize) -> Option<(Op, usize)> {
    let c = *s.get(i)?;
    if !matches!(c, '及' | '或' | '以' | '之' | '内') {
        return None;
    }
    SUFFIX_WORDS
        .iter()
        .find(|(w, _)| starts_with(s, i, w))
        .map(|&(w, op)| (op, w.chars().count()))
}

/// Multi-character units, matched longest first (normalised forms).
const UNITS_MULTI: &[&str] = &[
    "个工作日",
    "个自然日",
    "个工作周",
    "个百分点",
    "个小时",
    "个半天",
    "个半月",
    "个季度",
    "个星期",
    "个月",
    "个次",
    "工作日",
    "自然日",
    "工作周",
    "百分点",
    "百分比",
    "小时",
    "半天",
    "分钟",
    "秒钟",
    "星期",
    "季度",
    "人次",
    "件次",
    "场次",
    "户次",
    "家次",
    "批次",
    "班次",
    "车次",
    "架次",
    "台次",
    "篇次",
    "期次",
    "课次",
    "条次",
    "项次",
    "所次",
    "人日",
    "人天",
    "万元",
    "亿元",
    "千元",
    "百元",
    "美元",
    "平方米",
    "平方公里",
    "平方千米",
    "立方米",
    "公顷",
    "公里",
    "千米",
    "千克",
    "公斤",
    "千瓦时",
    "千瓦",
    "周岁",
    "学时",
    "课时",
    "人年",
];

/// One-character units and measure words.
#[inline]
fn is_unit_char(c: char) -> bool {
    matches!(
        c,
        '次' | '件'
            | '个'
            | '天'
            | '日'
            | '年'
            | '月'
            | '周'
            | '人'
            | '名'
            | '位'
            | '户'
            | '家'
            | '所'
            | '篇'
            | '期'
            | '份'
            | '场'
            | '项'
            | '条'
            | '座'
            | '处'
            | '台'
            | '套'
            | '本'
            | '册'
            | '张'
            | '部'
            | '支'
            | '批'
            | '轮'
            | '类'
            | '种'
            | '辆'
            | '艘'
            | '间'
            | '栋'
            | '幢'
            | '块'
            | '宗'
            | '起'
            | '例'
            | '单'
            | '页'
            | '株'
            | '棵'
            | '只'
            | '头'
            | '盏'
            | '组'
            | '队'
            | '届'
            | '门'
            | '节'
            | '课'
            | '元'
            | '分'
            | '秒'
            | '卷'
            | '箱'
            | '包'
            | '级'
            | '枚'
            | '首'
            | '幅'
            | '集'
            | '档'
            | '班'
            | '床'
            | '倍'
            | '米'
            | '吨'
            | '斤'
            | '亩'
            | '岁'
            | '字'
            | '道'
            | '栏'
            | '帧'
            | '段'
            | '片'
            | '角'
            | '剂'
            | '盒'
            | '瓶'
            | '袋'
            | '把'
            | '根'
            | '面'
            | '辑'
            | '稿'
            | '题'
            | '章'
            | '点'
            | '群'
    )
}

/// Unit characters that do not count after a Chinese numeral (一起, 十分, 一级, 一部分 …).
#[inline]
fn chinese_bad_unit(first: char) -> bool {
    matches!(
        first,
        '起' | '分' | '级' | '部' | '门' | '道' | '把' | '点' | '集' | '期' | '单' | '面' | '头' | '角' | '字' | '根' | '章' | '片' | '段' | '群' | '题'
    )
}

/// The length of the unit at `s[i..]` (0 when none). `after_chinese`: the
/// number was a Chinese numeral (some measure words are then ordinary words).
pub(crate) fn unit_len(s: &[char], i: usize, after_chinese: bool) -> usize {
    let Some(&c) = s.get(i) else { return 0 };
    if c == '%' || c == '‰' || c == '℃' {
        return 1;
    }
    if c.is_ascii_alphabetic() {
        let mut j = i;
        while j < s.len() && j - i < 6 && s[j].is_ascii_alphabetic() {
            j += 1;
        }
        if j < s.len() && s[j].is_ascii_alphabetic() {
            return 0;
        }
        return j - i;
    }
    if !is_cjk(c) {
        return 0;
    }
    let mut best = unit_index().longest_at(s, i).map_or(0, |(_, n)| n);
    if best == 0 && is_unit_char(c) {
        best = 1;
    }
    if best > 0 && after_chinese && chinese_bad_unit(c) {
        return 0;
    }
    best
}

/// Grade words that, after a number (`90分以上为优秀`), make the number part of
/// a grade definition.
pub(crate) const GRADE_DEF_WORDS: &[&str] = &[
    "优秀", "良好", "合格", "不合格", "及格", "不及格", "较好", "一般", "较差", "中等", "基本合格", "优", "良", "中", "差",
];
