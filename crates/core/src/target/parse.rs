//! The scanner: a value string to a [`Target`], by hand over chars (no regex).
//!
//! 1. Every char is normalised one to one (full-width digits and symbols to
//!    ASCII), so indices into the normalised text are indices into the printed text.
//! 2. Closed brackets and quotes are marked: numbers inside them are context
//!    (`(60分以上)`, `“两类人员”`), separators inside them do not split.
//! 3. The text is split into clauses at `，` `,` `；` `;` (and after `。`).
//! 4. In each clause, numbers are read with their unit, suffix comparator
//!    (`以上`, `内`), range partner (`90%-95%`) and context marks (years, dates,
//!    ordinals, grade definitions); prefix comparators (`不少于`, `≥`, `达到`)
//!    are found before each number.
//! 5. Numbers joined by `或` are one `any`; a clause yields the number with an
//!    explicit comparator (all of them when several have one), else the last.

use super::lex::{self, is_cjk, prefix_at, starts_with, suffix_at, unit_len, Strength};
use super::number::{self, Number};
use super::{Op, Target};
use rust_decimal::Decimal;

/// Where a token's unit comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum UnitRef {
    None,
    /// Chars `[a, b)` of the printed text.
    Span(usize, usize),
    /// `百分之…`: the unit is `%`.
    Percent,
}

/// A number read in a clause, with what follows it.
#[derive(Debug, Clone, Copy)]
struct Tok {
    start: usize,
    end: usize,
    value: Decimal,
    max: Option<Decimal>,
    unit: UnitRef,
    suffix: Option<Op>,
    context: bool,
    /// A modifier (`60岁的`) or inside brackets (`(≥95%)`): a target only when
    /// the clause has no other.
    weak: bool,
    /// The explicit comparator (before or after the number).
    op: Option<Op>,
    /// Joined to the previous number by 或.
    joined: bool,
}

/// The text being parsed.
struct Text<'a> {
    orig: &'a [char],
    s: &'a [char],
    grouped: &'a [bool],
    /// Inside closed round or square brackets (not quotes).
    bracketed: &'a [bool],
}

/// Buffers reused between calls on one thread.
#[derive(Default)]
struct Scratch {
    orig: Vec<char>,
    s: Vec<char>,
    grouped: Vec<bool>,
    bracketed: Vec<bool>,
    toks: Vec<Tok>,
}

thread_local! {
    static SCRATCH: std::cell::RefCell<Scratch> = std::cell::RefCell::new(Scratch::default());
}

/// Parses a printed value string (see the module docs of [`super`]).
pub(crate) fn parse(value: &str) -> Target {
    SCRATCH.with(|cell| match cell.try_borrow_mut() {
        Ok(mut scratch) => parse_with(value, &mut scratch),
        Err(_) => parse_with(value, &mut Scratch::default()),
    })
}

fn parse_with(value: &str, sc: &mut Scratch) -> Target {
    let Scratch { orig, s, grouped, bracketed, toks } = sc;
    orig.clear();
    s.clear();
    let (mut has_number, mut has_group) = (false, false);
    for c in value.chars() {
        orig.push(c);
        let n = lex::norm_char(c);
        s.push(n);
        has_number |= may_start_number(n);
        has_group |= is_group_char(n);
    }
    if !has_number {
        return Target::Qualitative { text: value.trim().to_string() };
    }
    if has_group {
        group_mask(s, grouped, bracketed);
    } else {
        grouped.clear();
        grouped.resize(s.len(), false);
        bracketed.clear();
        bracketed.resize(s.len(), false);
    }
    let text = Text { orig, s, grouped, bracketed };

    let mut first: Option<Target> = None;
    let mut parts: Vec<Target> = Vec::new();
    let mut any_number = false;
    let mut start = 0usize;
    let n = s.len();
    let mut i = 0usize;
    while i <= n {
        let split = if i == n {
            Some((i, i))
        } else if grouped[i] {
            None
        } else {
            match s[i] {
                // 1,000 and a mistyped 1038,8772 do not split.
                ',' if i > 0 && s[i - 1].is_ascii_digit() && s.get(i + 1).is_some_and(|c| c.is_ascii_digit()) => None,
                ',' | ';' => Some((i, i + 1)),
                '。' => Some((i + 1, i + 1)),
                _ => None,
            }
        };
        if let Some((end, next)) = split {
            if has_content(&s[start..end]) {
                let t = match text.clause(start, end, toks) {
                    Some(t) => {
                        any_number = true;
                        t
                    }
                    None => Target::Qualitative { text: text.printed(start, end) },
                };
                match first.take() {
                    None if parts.is_empty() => first = Some(t),
                    Some(f) => {
                        parts.push(f);
                        parts.push(t);
                    }
                    None => parts.push(t),
                }
            }
            start = next;
            i = next.max(i + 1);
        } else {
            i += 1;
        }
    }
    if !any_number {
        return Target::Qualitative { text: value.trim().to_string() };
    }
    match first {
        Some(t) => t,
        None => Target::All { parts },
    }
}

/// Can a number start with `c` (normalised)?
#[inline]
fn may_start_number(c: char) -> bool {
    c.is_ascii_digit() || c == '百' || number::is_chinese_numeral_start(c)
}

/// Does `c` (normalised) open or close a group?
#[inline]
fn is_group_char(c: char) -> bool {
    matches!(c, '(' | ')' | '[' | ']' | '“' | '”' | '‘' | '’' | '《' | '》' | '「' | '」' | '『' | '』' | '〈' | '〉' | '"')
}

/// Does a clause hold anything but spaces and punctuation?
fn has_content(s: &[char]) -> bool {
    s.iter().any(|&c| c.is_ascii_alphanumeric() || is_cjk(c) || !c.is_ascii() && c.is_alphanumeric())
}

/// Marks chars inside closed brackets and quotes (delimiters included). A pair
/// that encloses the whole text is not marked.
fn group_mask(s: &[char], mask: &mut Vec<bool>, brackets: &mut Vec<bool>) {
    mask.clear();
    mask.resize(s.len(), false);
    brackets.clear();
    brackets.resize(s.len(), false);
    let mut stack: Vec<(char, usize)> = Vec::new();
    for (i, &c) in s.iter().enumerate() {
        let close_of = match c {
            ')' => Some('('),
            ']' => Some('['),
            '”' => Some('“'),
            '’' => Some('‘'),
            '》' => Some('《'),
            '」' => Some('「'),
            '』' => Some('『'),
            '〉' => Some('〈'),
            '"' if stack.last().is_some_and(|&(o, _)| o == '"') => Some('"'),
            _ => None,
        };
        if let Some(open) = close_of {
            if let Some(pos) = stack.iter().rposition(|&(o, _)| o == open) {
                let from = stack[pos].1;
                stack.truncate(pos);
                for m in &mut mask[from..=i] {
                    *m = true;
                }
                if matches!(open, '(' | '[') {
                    for m in &mut brackets[from..=i] {
                        *m = true;
                    }
                }
                continue;
            }
        }
        if matches!(c, '(' | '[' | '“' | '‘' | '《' | '「' | '『' | '〈' | '"') {
            stack.push((c, i));
        }
    }
    // A pair around the whole text is not context: `（≥90%）`.
    let first = s.iter().position(|c| !c.is_whitespace());
    let last = s.iter().rposition(|c| !c.is_whitespace());
    if let (Some(f), Some(l)) = (first, last) {
        if f < l && mask[f] && mask[l] && matches!(s[f], '(' | '[') {
            let mut depth = 0i32;
            let mut closes_at_end = true;
            for (k, &c) in s.iter().enumerate().take(l + 1).skip(f) {
                match c {
                    '(' | '[' => depth += 1,
                    ')' | ']' => {
                        depth -= 1;
                        if depth == 0 && k != l {
                            closes_at_end = false;
                            break;
                        }
                    }
                    _ => {}
                }
            }
            if closes_at_end {
                mask[f] = false;
                mask[l] = false;
                brackets[f] = false;
                brackets[l] = false;
                // Re-mark inner pairs.
                let (mut inner, mut inner_brackets) = (Vec::new(), Vec::new());
                group_mask(&s[f + 1..l], &mut inner, &mut inner_brackets);
                for (k, (m, br)) in inner.into_iter().zip(inner_brackets).enumerate() {
                    mask[f + 1 + k] = m;
                    brackets[f + 1 + k] = br;
                }
            }
        }
    }
}

impl Text<'_> {
    /// The printed text of `[a, b)`, trimmed.
    fn printed(&self, a: usize, b: usize) -> String {
        let t: String = self.orig[a..b].iter().collect();
        t.trim().to_string()
    }

    /// The unit string of a token: as printed, full-width ASCII forms to ASCII.
    fn unit_string(&self, u: UnitRef) -> Option<String> {
        match u {
            UnitRef::None => None,
            UnitRef::Percent => Some("%".to_string()),
            UnitRef::Span(a, b) => Some(
                self.orig[a..b]
                    .iter()
                    .map(|&c| match c {
                        '\u{ff01}'..='\u{ff5e}' => char::from_u32(c as u32 - 0xfee0).unwrap_or(c),
                        _ => c,
                    })
                    .collect(),
            ),
        }
    }

    /// Skips spaces from `i` within `[.., b)`.
    fn skip_spaces(&self, mut i: usize, b: usize) -> usize {
        while i < b && self.s[i] == ' ' {
            i += 1;
        }
        i
    }

    /// Skips spaces and closed groups from `i` within `[.., b)`.
    fn skip_spaces_groups(&self, mut i: usize, b: usize) -> usize {
        while i < b && (self.s[i] == ' ' || self.grouped[i]) {
            i += 1;
        }
        i
    }

    /// Reads the number starting at `i` (not inside a group), if any.
    fn number_at(&self, s: &[char], i: usize) -> Option<Number> {
        let c = *s.get(i)?;
        if c.is_ascii_digit() {
            number::arabic_at(s, i)
        } else if c == '百' {
            number::percent_words_at(s, i)
        } else if number::is_chinese_numeral_start(c) {
            number::chinese_at(s, i)
        } else {
            None
        }
    }

    /// Parses one clause `[a, b)`; `None` when it holds no target number.
    /// `toks` is scratch space.
    fn clause(&self, a: usize, b: usize, toks: &mut Vec<Tok>) -> Option<Target> {
        let s = &self.s[..b];
        toks.clear();
        let mut i = a;
        while i < b {
            if self.grouped[i] && !self.bracketed[i] {
                i += 1;
                continue;
            }
            match self.number_at(s, i) {
                Some(n) => match self.token(s, a, i, n, true) {
                    Some(mut t) => {
                        if self.grouped[i] {
                            t.weak = true;
                        }
                        i = t.end.max(i + 1);
                        if !t.context {
                            toks.push(t);
                        }
                    }
                    None => i += 1,
                },
                None => i += 1,
            }
        }
        if toks.is_empty() {
            return None;
        }
        // Comparators before each number.
        let mut from = a;
        for t in toks.iter_mut() {
            let (strong, adjacent) = self.prefix_ops(from, t.start, t.weak);
            t.op = strong.or(t.suffix).or(adjacent);
            from = t.end;
        }
        if !toks.iter().all(|t| t.weak) {
            toks.retain(|t| !t.weak);
        }
        // Alternatives joined by 或 form a group.
        for k in 1..toks.len() {
            let (prev_end, start) = (toks[k - 1].end, toks[k].start);
            toks[k].joined = prev_end <= start && s[prev_end..start].contains(&'或');
        }
        let toks: &[Tok] = toks;
        let next_group = |k: usize| -> usize {
            let mut e = k + 1;
            while e < toks.len() && toks[e].joined {
                e += 1;
            }
            e
        };
        let (mut groups, mut explicit) = (0usize, 0usize);
        let (mut last, mut first_explicit) = ((0usize, 0usize), None);
        let mut k = 0;
        while k < toks.len() {
            let e = next_group(k);
            groups += 1;
            last = (k, e);
            if toks[k..e].iter().any(|t| t.op.is_some()) {
                explicit += 1;
                first_explicit.get_or_insert((k, e));
            }
            k = e;
        }
        let build = |g: &[Tok]| -> Target {
            let part = |pos: usize, t: &Tok| -> Target {
                // Inherit the comparator of the nearest alternative.
                let op = t.op.or_else(|| g[..pos].iter().rev().chain(g[pos + 1..].iter()).find_map(|x| x.op));
                // 余/多 (2000余次) is not a comparator word of the spec: a bare number.
                let op = op.unwrap_or(Op::Eq);
                let unit = self.unit_string(t.unit);
                match t.max {
                    Some(max) => Target::Range { min: t.value, max, unit },
                    None => Target::Quantitative { op, value: t.value, unit },
                }
            };
            match g {
                [t] => part(0, t),
                _ => Target::Any { parts: g.iter().enumerate().map(|(p, t)| part(p, t)).collect() },
            }
        };
        if groups == 1 || explicit == 0 {
            return Some(build(&toks[last.0..last.1]));
        }
        if explicit == 1 {
            return first_explicit.map(|(k, e)| build(&toks[k..e]));
        }
        let mut parts = Vec::with_capacity(explicit);
        let mut k = 0;
        while k < toks.len() {
            let e = next_group(k);
            if toks[k..e].iter().any(|t| t.op.is_some()) {
                parts.push(build(&toks[k..e]));
            }
            k = e;
        }
        Some(Target::All { parts })
    }

    /// The comparator words in `[from, to)` before a number: the last strong
    /// one, and an adjacent weak one right before `to`.
    fn prefix_ops(&self, from: usize, to: usize, inside: bool) -> (Option<Op>, Option<Op>) {
        let mut strong = None;
        let mut adjacent = None;
        let mut j = from;
        while j < to {
            if self.grouped[j] && !(inside && self.bracketed[j]) {
                j += 1;
                continue;
            }
            match prefix_at(&self.s[..to], j) {
                Some((op, st, len)) => {
                    let after = j + len;
                    let touching = self.skip_spaces(after, to) == to;
                    match st {
                        Strength::Strong => {
                            strong = Some(op);
                            if touching {
                                adjacent = None;
                            }
                        }
                        Strength::Adjacent if touching => adjacent = Some(op),
                        Strength::Adjacent => {}
                    }
                    j = after;
                }
                None => j += 1,
            }
        }
        (strong, adjacent)
    }

    /// Is a comparator word printed right before `i`?
    fn comparator_before(&self, s: &[char], a: usize, i: usize) -> bool {
        let mut k = i;
        while k > a && s[k - 1] == ' ' {
            k -= 1;
        }
        lex::prefix_ends_at(&s[..k], k)
    }

    /// Reads the token of the number `n` at `i` in the clause starting at `a`
    /// (`s` ends where the clause ends). `None`: not a number (a Chinese
    /// numeral inside a word).
    fn token(&self, s: &[char], a: usize, i: usize, n: Number, allow_range: bool) -> Option<Tok> {
        let b = s.len();
        let at = |k: usize| s.get(k).copied().unwrap_or('\0');
        let prev = if i > a { at(i - 1) } else { '\0' };
        let mut tok = Tok {
            start: i,
            end: n.end,
            value: n.value,
            max: None,
            unit: UnitRef::None,
            suffix: None,
            context: false,
            weak: false,
            op: None,
            joined: false,
        };
        let percent_words = at(i) == '百';
        if percent_words {
            tok.unit = UnitRef::Percent;
        }
        // Ordinals, per-N, codes, full marks.
        if matches!(prev, '第' | '每') || prev.is_ascii_alphabetic() || prev == '.' {
            tok.context = true;
        }
        if s[..i].ends_with(&['满', '分']) || s[..i].ends_with(&['总', '分']) {
            tok.context = true;
        }
        if n.chinese && !percent_words && matches!(prev, '某' | '任' | '哪' | '这' | '那' | '其' | '同' | '唯' | '统' | '单' | '逐' | '之' | '万' | '周' | '星' | '初') {
            tok.context = true;
        }
        let mut p = n.end;
        // List markers at the start of a clause: `1、` `2.` `3)`.
        if self.s[a..i].iter().all(|&c| c == ' ' || c == '(') {
            let c = at(p);
            if c == '、' || c == ')' || c == '.' && !at(p + 1).is_ascii_digit() {
                tok.context = true;
                tok.end = p + 1;
                return Some(tok);
            }
        }
        // Years and dates.
        let year_like = n.four_digits && n.value >= Decimal::from(1900) && n.value <= Decimal::from(2099);
        if year_like {
            if at(p) == '年' {
                tok.context = true;
                tok.end = self.date_tail(s, p + 1);
                return Some(tok);
            }
            if matches!(at(p), '-' | '~' | '至' | '到') {
                if let Some(m) = self.number_at(s, p + 1) {
                    if m.four_digits && at(m.end) == '年' {
                        tok.context = true;
                        tok.end = self.date_tail(s, m.end + 1);
                        return Some(tok);
                    }
                }
            }
            if matches!(at(p), '.' | '/' | '-') && at(p + 1).is_ascii_digit() {
                let mut k = p + 1;
                while k < b && (at(k).is_ascii_digit() || matches!(at(k), '.' | '/' | '-')) {
                    k += 1;
                }
                tok.context = true;
                tok.end = k;
                return Some(tok);
            }
        }
        // Multipliers: 1.5万, 3千 (not 万元, 千米).
        if !n.chinese {
            let mul = match at(p) {
                '万' if at(p + 1) != '元' => Some(10_000i64),
                '亿' if at(p + 1) != '元' => Some(100_000_000),
                '千' if !matches!(at(p + 1), '米' | '克' | '瓦' | '元' | '字' | '伏' | '帕') => Some(1_000),
                _ => None,
            };
            if let Some(m) = mul {
                if let Some(v) = tok.value.checked_mul(Decimal::from(m)) {
                    tok.value = v.normalize();
                    p += 1;
                }
            }
        }
        // 余 / 多 (2000余次, 100多场): skipped, the unit follows.
        if matches!(at(p), '余' | '多') && !lex::starts_with(s, p, "多于") {
            p += 1;
        }
        // Time of day.
        if at(p) == ':' && at(p + 1).is_ascii_digit() {
            let mut k = p + 1;
            while k < b && at(k).is_ascii_digit() {
                k += 1;
            }
            tok.context = true;
            tok.end = k;
            return Some(tok);
        }
        // The unit.
        if tok.unit == UnitRef::None {
            let q = self.skip_spaces(p, b);
            let ul = unit_len(s, q, n.chinese);
            if ul > 0 && !(q > p && !is_cjk(at(q)) && at(q) != '%') {
                let first = at(q);
                let unit_end = q + ul;
                // Dates: 3月 (not 3个月), 一季度.
                if ul == 1 && first == '月' && n.value >= Decimal::ONE && n.value <= Decimal::from(12) && n.value.fract().is_zero() {
                    tok.context = true;
                    tok.end = self.month_tail(s, unit_end);
                    return Some(tok);
                }
                if lex::starts_with(s, q, "季度") && ul == 2 {
                    tok.context = true;
                    tok.end = unit_end;
                    return Some(tok);
                }
                if n.chinese && first == '次' && at(unit_end) == '性' {
                    return None;
                }
                // 一人一档, 一户一策: a slogan, not a count.
                if n.chinese && at(i) == '一' && n.end == i + 1 && ul == 1 && at(unit_end) == '一' {
                    tok.context = true;
                    tok.end = (unit_end + 2).min(b);
                    return Some(tok);
                }
                // Ages qualify people (60岁以上老人): a target only if nothing else is.
                if lex::starts_with(s, q, "岁") || lex::starts_with(s, q, "周岁") {
                    tok.weak = true;
                }
                tok.unit = UnitRef::Span(q, unit_end);
                p = unit_end;
                // Compound units: 元/人年, 次/年.
                while at(p) == '/' && is_cjk(at(p + 1)) {
                    // The denominator is made of units: 人年, 人·月, 季度, 平方米.
                    let mut k = p + 1;
                    while k < b && k - (p + 1) < 5 {
                        if at(k) == '·' && k > p + 1 {
                            k += 1;
                            continue;
                        }
                        let l = unit_len(s, k, false);
                        if l == 0 || at(k) == '%' || at(k).is_ascii_alphabetic() {
                            break;
                        }
                        k += l;
                    }
                    if k == p + 1 {
                        break;
                    }
                    p = k;
                    tok.unit = UnitRef::Span(q, p);
                }
            }
        }
        tok.end = p;
        // 左右 / 以上 / 以内 …
        let mut r = self.skip_spaces_groups(p, b);
        if lex::starts_with(s, r, "左右") {
            r += 2;
            tok.end = r;
        }
        if let Some((op, len)) = suffix_at(s, r) {
            tok.suffix = Some(op);
            tok.end = r + len;
        }
        // A range: 90%-95%, 90%至95%, 3至5天.
        if allow_range && tok.suffix.is_none() && !tok.context {
            let r = self.skip_spaces_groups(tok.end, b);
            if matches!(at(r), '-' | '~' | '至' | '到') {
                let q = self.skip_spaces(r + 1, b);
                if !self.grouped.get(q).copied().unwrap_or(true) {
                    if let Some(m) = self.number_at(s, q) {
                        if let Some(t2) = self.token(s, a, q, m, false) {
                            if t2.context {
                                // 70分-79分为合格: the whole range is a definition.
                                tok.context = true;
                            } else {
                                tok.max = Some(t2.value);
                                if t2.unit != UnitRef::None {
                                    tok.unit = t2.unit;
                                }
                                tok.suffix = t2.suffix;
                            }
                            tok.end = t2.end;
                        }
                    }
                }
            }
        }
        // A modifier: 60岁的老人.
        if at(tok.end) == '的' {
            tok.weak = true;
        }
        // A grade definition: 90分以上为优秀.
        let r = self.skip_spaces_groups(tok.end, b);
        let after_is = if matches!(at(r), '为' | '是') { r + 1 } else { r };
        if matches!(at(after_is), '优' | '良' | '合' | '不' | '及' | '较' | '一' | '中' | '差' | '基')
            && lex::GRADE_DEF_WORDS
            .iter()
            .any(|w| lex::starts_with(s, after_is, w) && (after_is > r || w.chars().count() > 1))
        {
            tok.context = true;
        }
        // A Chinese numeral counts with a unit, as a range, or after a comparator.
        if n.chinese
            && !percent_words
            && !tok.context
            && tok.unit == UnitRef::None
            && tok.max.is_none()
            && !self.comparator_before(s, a, i)
        {
            return None;
        }
        Some(tok)
    }

    /// After `YYYY年`: skips `度`, `M月`, `D日`.
    fn date_tail(&self, s: &[char], mut p: usize) -> usize {
        if s.get(p) == Some(&'度') {
            return p + 1;
        }
        if let Some(m) = number::arabic_at(s, p).or_else(|| number::chinese_at(s, p)) {
            if s.get(m.end) == Some(&'月') {
                p = self.month_tail(s, m.end + 1);
            }
        }
        p
    }

    /// After `M月`: skips `D日`/`D号` and 底/末/初/份/上旬/中旬/下旬.
    fn month_tail(&self, s: &[char], p: usize) -> usize {
        if let Some(d) = number::arabic_at(s, p).or_else(|| number::chinese_at(s, p)) {
            if matches!(s.get(d.end), Some('日' | '号')) {
                return d.end + 1;
            }
        }
        for w in ["上旬", "中旬", "下旬", "底", "末", "初", "份"] {
            if starts_with(s, p, w) {
                return p + w.chars().count();
            }
        }
        p
    }
}

/// Reads a comparator cell (`>=`, `≥`, `不少于`, `以上` …).
pub(crate) fn op_of_word(word: &str) -> Option<Op> {
    let s: Vec<char> = word.trim().chars().map(lex::norm_char).collect();
    if s.is_empty() {
        return None;
    }
    if let Some((op, _, len)) = prefix_at(&s, 0) {
        if len == s.len() {
            return Some(op);
        }
    }
    if let Some((op, len)) = suffix_at(&s, 0) {
        if len == s.len() {
            return Some(op);
        }
    }
    match s.as_slice() {
        ['≠'] => None,
        ['＝'] => Some(Op::Eq),
        _ => None,
    }
}
