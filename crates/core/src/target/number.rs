//! Numbers as printed: ASCII digits with thousands separators and decimals,
//! Chinese numerals (十二, 一百二十, 三千五百, 两), multipliers (1.5万).

use rust_decimal::Decimal;

/// A number read at some position.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Number {
    /// The value.
    pub value: Decimal,
    /// One past the last char of the number.
    pub end: usize,
    /// An integer with exactly four digits and no separators (a possible year).
    pub four_digits: bool,
    /// Written in Chinese numerals.
    pub chinese: bool,
}

/// The value of a Chinese digit.
#[inline]
pub(crate) fn chinese_digit(c: char) -> Option<i64> {
    Some(match c {
        '零' | '〇' => 0,
        '一' | '壹' | '幺' => 1,
        '二' | '贰' | '两' => 2,
        '三' | '叁' => 3,
        '四' | '肆' => 4,
        '五' | '伍' => 5,
        '六' | '陆' => 6,
        '七' | '柒' => 7,
        '八' | '捌' => 8,
        '九' | '玖' => 9,
        _ => return None,
    })
}

/// The value of a Chinese place word below 万.
#[inline]
fn chinese_small_unit(c: char) -> Option<i64> {
    Some(match c {
        '十' | '拾' => 10,
        '百' | '佰' => 100,
        '千' | '仟' => 1000,
        _ => return None,
    })
}

/// Can a Chinese numeral start with `c`?
#[inline]
pub(crate) fn is_chinese_numeral_start(c: char) -> bool {
    chinese_digit(c).is_some() || matches!(c, '十' | '拾')
}

/// Reads ASCII digits at `s[i..]`: `1,000`, `97.5`, `.5` is not read.
pub(crate) fn arabic_at(s: &[char], i: usize) -> Option<Number> {
    let mut j = i;
    let mut mantissa: i128 = 0;
    let mut scale: u32 = 0;
    let mut digits = 0usize;
    let mut separators = false;
    let mut overflow = false;
    let mut push = |d: u32, mantissa: &mut i128| {
        if digits >= 27 {
            overflow = true;
            return;
        }
        *mantissa = *mantissa * 10 + i128::from(d);
        digits += 1;
    };
    while let Some(&c) = s.get(j) {
        if let Some(d) = c.to_digit(10).filter(|_| c.is_ascii_digit()) {
            push(d, &mut mantissa);
            j += 1;
        } else if (c == ',' || c == '，') && j > i && is_thousands_comma(s, j) {
            separators = true;
            j += 1;
        } else {
            break;
        }
    }
    if j == i {
        return None;
    }
    let int_digits = j - i;
    if s.get(j) == Some(&'.') && s.get(j + 1).is_some_and(|c| c.is_ascii_digit()) {
        j += 1;
        while let Some(&c) = s.get(j) {
            match c.to_digit(10).filter(|_| c.is_ascii_digit()) {
                Some(d) => {
                    push(d, &mut mantissa);
                    scale += 1;
                    j += 1;
                }
                None => break,
            }
        }
    }
    if overflow {
        return None;
    }
    let value = Decimal::try_from_i128_with_scale(mantissa, scale).ok()?.normalize();
    Some(Number { value, end: j, four_digits: scale == 0 && !separators && int_digits == 4, chinese: false })
}

/// Is the comma at `s[j]` a thousands separator (a digit before, exactly three after)?
#[inline]
pub(crate) fn is_thousands_comma(s: &[char], j: usize) -> bool {
    j > 0
        && s.get(j - 1).is_some_and(|c| c.is_ascii_digit())
        && (1..=3).all(|k| s.get(j + k).is_some_and(|c| c.is_ascii_digit()))
        && !s.get(j + 4).is_some_and(|c| c.is_ascii_digit())
}

/// Reads a Chinese numeral at `s[i..]` (十二, 一百零五, 三千五百, 二〇一九).
/// Stops before 万/亿 when 元 follows (五万元 is 5 万元).
pub(crate) fn chinese_at(s: &[char], i: usize) -> Option<Number> {
    let first = *s.get(i)?;
    if !is_chinese_numeral_start(first) {
        return None;
    }
    let mut j = i;
    let mut total: i64 = 0;
    let mut section: i64 = 0;
    let mut number: i64 = 0;
    let mut has_place = false;
    let mut digits_only: i64 = 0;
    let mut n_digits = 0usize;
    while let Some(&c) = s.get(j) {
        if let Some(d) = chinese_digit(c) {
            number = d;
            if n_digits < 15 {
                digits_only = digits_only * 10 + d;
            }
            n_digits += 1;
            j += 1;
        } else if let Some(u) = chinese_small_unit(c) {
            if number == 0 && u == 10 {
                number = 1;
            }
            section = section.saturating_add(number.saturating_mul(u));
            number = 0;
            has_place = true;
            j += 1;
        } else if c == '万' || c == '亿' {
            if s.get(j + 1) == Some(&'元') {
                break;
            }
            let u: i64 = if c == '万' { 10_000 } else { 100_000_000 };
            section = section.saturating_add(number);
            if c == '亿' {
                total = total.saturating_add(section).saturating_mul(u);
            } else {
                total = total.saturating_add(section.saturating_mul(u));
            }
            section = 0;
            number = 0;
            has_place = true;
            j += 1;
        } else {
            break;
        }
    }
    if j == i {
        return None;
    }
    let value = if has_place {
        total.saturating_add(section).saturating_add(number)
    } else if n_digits > 15 {
        return None;
    } else {
        digits_only
    };
    Some(Number {
        value: Decimal::from(value),
        end: j,
        four_digits: !has_place && n_digits == 4,
        chinese: true,
    })
}

/// Reads `百分之九十` / `百分之97.5` at `s[i..]`.
pub(crate) fn percent_words_at(s: &[char], i: usize) -> Option<Number> {
    if !super::lex::starts_with(s, i, "百分之") {
        return None;
    }
    let k = i + 3;
    if super::lex::starts_with(s, k, "百") && !s.get(k + 1).is_some_and(|&c| chinese_digit(c).is_some()) {
        return Some(Number { value: Decimal::ONE_HUNDRED, end: k + 1, four_digits: false, chinese: true });
    }
    let n = arabic_at(s, k).or_else(|| chinese_at(s, k))?;
    Some(Number { four_digits: false, ..n })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cn(t: &str) -> Option<Decimal> {
        let s: Vec<char> = t.chars().collect();
        chinese_at(&s, 0).map(|n| n.value)
    }

    fn ar(t: &str) -> Option<Decimal> {
        let s: Vec<char> = t.chars().collect();
        arabic_at(&s, 0).map(|n| n.value)
    }

    #[test]
    fn chinese_numerals() {
        assert_eq!(cn("一"), Some(1.into()));
        assert_eq!(cn("两"), Some(2.into()));
        assert_eq!(cn("十"), Some(10.into()));
        assert_eq!(cn("十二"), Some(12.into()));
        assert_eq!(cn("二十"), Some(20.into()));
        assert_eq!(cn("一百二十"), Some(120.into()));
        assert_eq!(cn("一百零五"), Some(105.into()));
        assert_eq!(cn("三千五百"), Some(3500.into()));
        assert_eq!(cn("一万"), Some(10000.into()));
        assert_eq!(cn("十二万三千"), Some(123000.into()));
        assert_eq!(cn("两亿"), Some(200_000_000.into()));
        assert_eq!(cn("二〇一九"), Some(2019.into()));
        assert_eq!(cn("好"), None);
    }

    #[test]
    fn arabic_numbers() {
        assert_eq!(ar("2000次"), Some(2000.into()));
        assert_eq!(ar("97.5%"), Some(Decimal::new(975, 1)));
        assert_eq!(ar("10,000件"), Some(10000.into()));
        assert_eq!(ar("1,5"), Some(1.into()));
        assert_eq!(ar("1.次"), Some(1.into()));
        assert_eq!(ar("99999999999999999999999999999999999"), None);
    }
}
