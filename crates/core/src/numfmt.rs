//! Numbers as printed for readers.

/// A decimal number written out (`-1234567.5`) with thousands separators
/// (`-1,234,567.5`); the fraction and sign are kept as they are.
pub fn group_thousands(text: &str) -> String {
    let (sign, rest) = text.strip_prefix('-').map_or(("", text), |r| ("-", r));
    let (int, frac) = rest.split_once('.').map_or((rest, None), |(i, f)| (i, Some(f)));
    let mut out = String::new();
    for (i, ch) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(ch);
    }
    match frac {
        Some(f) => format!("{sign}{out}.{f}"),
        None => format!("{sign}{out}"),
    }
}

#[cfg(test)]
mod tests {
    use super::group_thousands;

    #[test]
    fn groups_of_three() {
        assert_eq!(group_thousands("54"), "54");
        assert_eq!(group_thousands("1000"), "1,000");
        assert_eq!(group_thousands("12345"), "12,345");
        assert_eq!(group_thousands("-1234567.5"), "-1,234,567.5");
        assert_eq!(group_thousands("1295.820"), "1,295.820");
    }
}
