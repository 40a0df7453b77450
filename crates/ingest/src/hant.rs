//! Traditional-Chinese forms of the characters of the domain vocabulary.
//!
//! Readers recognise headings, column names and category names in their
//! Simplified forms. A table printed in Traditional characters is matched
//! through [`simplify`], which maps each such character to its Simplified form.
//! Every pair is a BMP character on both sides, three bytes in UTF-8, so a byte
//! offset found in the simplified text is the same offset in the original: the
//! values taken out keep the characters as printed.

use std::borrow::Cow;

/// Traditional → Simplified pairs, for the characters of headings, column
/// names, category names, labels, comparators and units.
const PAIRS: &str = "績绩標标門门體体級级產产數数質质時时會会經经濟济態态環环續续響响滿满務务對对類类單单計计釋释評评準准項项預预總总稱称財财撥拨專专戶户資资額额萬万號号實实現现長长週周據据來来權权說说説说內内規规範范較较運运於于備备註注處处縣县黨党幹干訓训節节選选擇择達达與与為为個个場场歲岁顧顾問问務务縮缩併并綜综開开發发動动協协調调護护衛卫醫医療疗雜杂護护導导屬属區区鄉乡鎮镇辦办這这則则計计劃划範范圍围礎础極极";

/// The Simplified form of a Traditional character of the vocabulary, or the character itself.
pub fn simplify_char(c: char) -> char {
    if (c as u32) < 0x4E00 {
        return c;
    }
    let table = table();
    match table.binary_search_by_key(&c, |p| p.0) {
        Ok(i) => table[i].1,
        Err(_) => c,
    }
}

/// The pairs sorted by their Traditional character, built once.
fn table() -> &'static [(char, char)] {
    static TABLE: std::sync::OnceLock<Vec<(char, char)>> = std::sync::OnceLock::new();
    TABLE.get_or_init(|| {
        let chars: Vec<char> = PAIRS.chars().collect();
        let mut t: Vec<(char, char)> = chars.chunks(2).filter(|p| p.len() == 2).map(|p| (p[0], p[1])).collect();
        t.sort_unstable();
        t.dedup_by_key(|p| p.0);
        t
    })
}

/// True when a text holds any Traditional character of the vocabulary.
fn has_traditional(s: &str) -> bool {
    // Every character of the table is a three-byte one: only those are looked at.
    let b = s.as_bytes();
    if !b.iter().any(|&x| x >= 0xE4) {
        return false;
    }
    let bits = bitmap();
    s.chars().any(|c| {
        let u = c as u32;
        (0x4E00..0xA000).contains(&u) && {
            let i = (u - 0x4E00) as usize;
            bits[i / 64] >> (i % 64) & 1 == 1
        }
    })
}

/// One bit per character of U+4E00–U+9FFF: set for the table's Traditional characters.
fn bitmap() -> &'static [u64] {
    static BITS: std::sync::OnceLock<Vec<u64>> = std::sync::OnceLock::new();
    BITS.get_or_init(|| {
        let mut bits = vec![0u64; (0xA000 - 0x4E00) / 64];
        for (t, _) in table() {
            let u = *t as u32;
            if (0x4E00..0xA000).contains(&u) {
                let i = (u - 0x4E00) as usize;
                bits[i / 64] |= 1 << (i % 64);
            }
        }
        bits
    })
}

/// The text with the vocabulary's Traditional characters in their Simplified
/// forms; byte offsets are unchanged.
pub fn simplify(s: &str) -> Cow<'_, str> {
    if !has_traditional(s) {
        return Cow::Borrowed(s);
    }
    Cow::Owned(s.chars().map(simplify_char).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pairs_keep_byte_lengths() {
        let chars: Vec<char> = PAIRS.chars().collect();
        assert_eq!(chars.len() % 2, 0);
        for pair in chars.chunks(2) {
            assert_eq!(pair[0].len_utf8(), pair[1].len_utf8(), "{pair:?}");
            assert_ne!(pair[0], pair[1], "{pair:?}");
        }
    }

    #[test]
    fn simplifies_the_vocabulary() {
        assert_eq!(simplify("產出指標"), "产出指标");
        assert_eq!(simplify("部門整體績效目標表"), "部门整体绩效目标表");
        assert_eq!(simplify("計量單位"), "计量单位");
        assert_eq!(simplify("服務對象滿意度指標"), "服务对象满意度指标");
        assert!(matches!(simplify("产出指标"), Cow::Borrowed(_)));
        let t = "某縣黨校2023年部門整體績效目標表";
        assert_eq!(simplify(t).len(), t.len());
    }
}
