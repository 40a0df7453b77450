//! The shared toolkit for lines and cells that every layout reader stands on.

use rust_decimal::Decimal;
use std::str::FromStr;

/// One line of the source, with its 1-based number.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Line<'a> {
    /// 1-based line number in the file.
    pub no: usize,
    /// The line's text, without its line break.
    pub raw: &'a str,
}

impl<'a> Line<'a> {
    /// The line trimmed of white space at both ends.
    pub fn trimmed(&self) -> &'a str {
        self.raw.trim()
    }

    /// True when the line holds only white space.
    pub fn is_blank(&self) -> bool {
        self.raw.trim().is_empty()
    }

    /// True when the line holds a tab.
    pub fn has_tab(&self) -> bool {
        self.raw.contains('\t')
    }

    /// The tab-separated cells of the line, each normalised (see [`clean`]).
    pub fn cells(&self) -> Vec<String> {
        self.raw.split('\t').map(clean).collect()
    }
}

/// A source text split into lines.
#[derive(Debug, Clone)]
pub struct Source<'a> {
    /// The file name, as reported in `source` and in errors.
    pub name: &'a str,
    /// The whole text (BOM removed).
    pub text: &'a str,
    /// Its lines.
    pub lines: Vec<Line<'a>>,
}

impl<'a> Source<'a> {
    /// Splits a text into lines (LF or CRLF).
    pub fn new(name: &'a str, text: &'a str) -> Self {
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        let lines = text
            .split('\n')
            .enumerate()
            .map(|(i, l)| Line { no: i + 1, raw: l.strip_suffix('\r').unwrap_or(l) })
            .collect();
        Source { name, text, lines }
    }

    /// The lines that are not blank.
    pub fn non_blank(&self) -> impl Iterator<Item = &Line<'a>> {
        self.lines.iter().filter(|l| !l.is_blank())
    }

    /// The first non-blank line whose trimmed text satisfies `pred`.
    pub fn find(&self, pred: impl Fn(&str) -> bool) -> Option<&Line<'a>> {
        self.lines.iter().find(|l| !l.is_blank() && pred(l.trimmed()))
    }
}

/// One record of a tab-separated export: the line it starts on and its cells,
/// each normalised (see [`clean`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Record {
    /// 1-based number of the line the record starts on.
    pub no: usize,
    /// The cells.
    pub cells: Vec<String>,
}

/// Splits a tab-separated export into records, reading the quoting spreadsheet
/// programs use for cells holding line breaks or quotes: a cell that starts
/// with `"` runs to the next lone `"` (a doubled `""` is one `"`), across line
/// ends, whose pieces are joined with nothing added. A quote that does not close
/// that way (`"双随机"检查`, or none before the end) is kept as printed, and the
/// line is read as plain cells. Records of blank lines are kept (all cells empty).
pub fn tsv_records(src: &Source) -> Vec<Record> {
    /// How far a quoted cell may run on before the quote is taken as printed.
    const MAX_LINES: usize = 60;
    let lines = &src.lines;
    let mut out = Vec::with_capacity(lines.len());
    let mut i = 0;
    while i < lines.len() {
        let (cells, used) = quoted_record(lines, i, MAX_LINES)
            .unwrap_or_else(|| (lines[i].cells(), 1));
        out.push(Record { no: lines[i].no, cells });
        i += used.max(1);
    }
    out
}

/// Reads one record starting at line `start` with quoting; `None` when the line
/// has no quoted cell or a quote does not close properly.
fn quoted_record(lines: &[Line<'_>], start: usize, max_lines: usize) -> Option<(Vec<String>, usize)> {
    let first = lines.get(start)?.raw;
    if !first.split('\t').any(|c| c.starts_with('"')) {
        return None;
    }
    let mut cells = Vec::new();
    let mut cur = String::new();
    let mut li = start;
    let mut chars: Vec<char> = first.chars().collect();
    let mut pos = 0;
    let mut at_cell_start = true;
    loop {
        if pos >= chars.len() {
            // End of line outside quotes: the record ends.
            cells.push(clean(&cur));
            return Some((cells, li - start + 1));
        }
        let c = chars[pos];
        if at_cell_start && c == '"' {
            // A quoted cell: read to its closing quote, across lines.
            pos += 1;
            let mut pieces: Vec<String> = vec![String::new()];
            loop {
                if pos >= chars.len() {
                    li += 1;
                    if li >= lines.len() || li - start >= max_lines {
                        return None;
                    }
                    chars = lines[li].raw.chars().collect();
                    pos = 0;
                    pieces.push(String::new());
                    continue;
                }
                let q = chars[pos];
                if q == '"' {
                    if chars.get(pos + 1) == Some(&'"') {
                        pieces.last_mut()?.push('"');
                        pos += 2;
                        continue;
                    }
                    pos += 1;
                    match chars.get(pos) {
                        None | Some('\t') => break,
                        Some(_) => return None,
                    }
                }
                pieces.last_mut()?.push(q);
                pos += 1;
            }
            cur = join_broken(pieces.iter().map(String::as_str));
            at_cell_start = false;
            continue;
        }
        if c == '\t' {
            cells.push(clean(&cur));
            cur.clear();
            at_cell_start = true;
        } else {
            cur.push(c);
            at_cell_start = false;
        }
        pos += 1;
    }
}

#[cfg(test)]
mod record_tests {
    use super::*;

    fn records(text: &str) -> Vec<Record> {
        tsv_records(&Source::new("x", text))
    }

    #[test]
    fn plain_lines_are_records() {
        let r = records("a\tb\n\nc");
        assert_eq!(r.len(), 3);
        assert_eq!(r[0].cells, vec!["a", "b"]);
        assert_eq!(r[2], Record { no: 3, cells: vec!["c".to_string()] });
    }

    #[test]
    fn quoted_cells_span_lines() {
        let r = records("名称\t\"第一行\n第二行\"\t12\n下一行\t\"有\"\"引号\"\"\"");
        assert_eq!(r.len(), 2);
        assert_eq!(r[0].no, 1);
        assert_eq!(r[0].cells, vec!["名称", "第一行第二行", "12"]);
        assert_eq!(r[1].no, 3);
        assert_eq!(r[1].cells, vec!["下一行", "有\"引号\""]);
    }

    #[test]
    fn quotes_that_do_not_close_are_kept() {
        let r = records("\"双随机\"检查\t1\n\"未闭合\t2\n末行");
        assert_eq!(r[0].cells, vec!["\"双随机\"检查", "1"]);
        assert_eq!(r[1].cells, vec!["\"未闭合", "2"]);
        assert_eq!(r[2].cells, vec!["末行"]);
    }
}

/// Trims a string and turns every run of white space inside it into one space,
/// as `perf-targets/1` asks of every string.
pub fn clean(s: &str) -> String {
    // Most cells need nothing done: no white space at the ends, no runs or
    // non-space white space inside.
    if !needs_cleaning(s) {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len());
    let mut pending_space = false;
    for c in s.chars() {
        if c.is_whitespace() {
            pending_space = !out.is_empty();
        } else {
            if pending_space {
                out.push(' ');
                pending_space = false;
            }
            out.push(c);
        }
    }
    out
}

/// True when [`clean`] would change `s`: white space at an end, two spaces in
/// a row, or white space other than a space. One pass over the bytes: every
/// white-space character (Unicode `White_Space`) is matched by its UTF-8 form.
fn needs_cleaning(s: &str) -> bool {
    let b = s.as_bytes();
    if b.first() == Some(&b' ') || b.last() == Some(&b' ') {
        return true;
    }
    let at = |i: usize| b.get(i).copied().unwrap_or(0);
    let mut prev_space = false;
    for (i, &x) in b.iter().enumerate() {
        let other_space = match x {
            b' ' => {
                if prev_space {
                    return true;
                }
                prev_space = true;
                continue;
            }
            0x09..=0x0D => true,
            0xC2 => matches!(at(i + 1), 0x85 | 0xA0),
            0xE1 => at(i + 1) == 0x9A && at(i + 2) == 0x80,
            0xE2 => {
                (at(i + 1) == 0x80 && matches!(at(i + 2), 0x80..=0x8A | 0xA8 | 0xA9 | 0xAF))
                    || (at(i + 1) == 0x81 && at(i + 2) == 0x9F)
            }
            0xE3 => at(i + 1) == 0x80 && at(i + 2) == 0x80,
            _ => false,
        };
        if other_space {
            return true;
        }
        prev_space = false;
    }
    false
}

/// [`clean`], with an empty result as `None`.
pub fn clean_opt(s: &str) -> Option<String> {
    let c = clean(s);
    if c.is_empty() {
        None
    } else {
        Some(c)
    }
}

/// Joins the pieces of a phrase that extraction broke over several lines: each
/// piece trimmed, joined with nothing added, then cleaned.
pub fn join_broken<'s>(pieces: impl IntoIterator<Item = &'s str>) -> String {
    let mut out = String::new();
    for p in pieces {
        out.push_str(p.trim());
    }
    clean(&out)
}

/// Reads an amount as printed: `1,835.37`, `0.00`, `63`, full-width digits; an
/// empty cell is `Ok(None)`; anything else is `Err` with the text.
pub fn parse_amount(s: &str) -> Result<Option<Decimal>, String> {
    let t = s.trim();
    if t.is_empty() {
        return Ok(None);
    }
    let mut plain = String::with_capacity(t.len());
    for c in t.chars() {
        match c {
            ',' | '，' | ' ' => {}
            '０'..='９' => plain.push(char::from(b'0' + (c as u32 - '０' as u32) as u8)),
            '．' => plain.push('.'),
            '－' => plain.push('-'),
            _ => plain.push(c),
        }
    }
    if !is_number(&plain) {
        return Err(t.to_string());
    }
    Decimal::from_str(&plain).map(Some).map_err(|_| t.to_string())
}

/// True when `s` is a plain decimal number: optional sign, digits, optional fraction.
fn is_number(s: &str) -> bool {
    let s = s.strip_prefix('-').unwrap_or(s);
    let mut parts = s.splitn(2, '.');
    let int = parts.next().unwrap_or("");
    let frac = parts.next();
    !int.is_empty()
        && int.bytes().all(|b| b.is_ascii_digit())
        && frac.is_none_or(|f| !f.is_empty() && f.bytes().all(|b| b.is_ascii_digit()))
}

/// True when a cell reads as an amount (`1,835.37`, `0.00`).
pub fn is_amount(s: &str) -> bool {
    matches!(parse_amount(s), Ok(Some(_)))
}

/// The budget year printed in a title or heading: a 4-digit year (1990–2099)
/// followed by `年`.
pub fn year_in(s: &str) -> Option<i32> {
    let chars: Vec<char> = s.chars().collect();
    for i in 0..chars.len().saturating_sub(4) {
        let w = &chars[i..i + 4];
        if w.iter().all(|c| c.is_ascii_digit())
            && chars.get(i + 4) == Some(&'年')
            && (i == 0 || !chars[i - 1].is_ascii_digit())
        {
            let y: i32 = w.iter().collect::<String>().parse().ok()?;
            if (1990..=2099).contains(&y) {
                return Some(y);
            }
        }
    }
    None
}

/// The value printed after a label on the same line: `部门名称：某某局 单位：万元`
/// gives `某某局` for `部门名称` (the value ends at a run of two or more spaces, a
/// tab, or the next `X：` label).
pub fn labelled_value(line: &str, label: &str) -> Option<String> {
    let at = line.find(label)?;
    let rest = &line[at + label.len()..];
    let rest = rest.trim_start_matches([' ', '\u{3000}']);
    let rest = rest.strip_prefix(['：', ':'])?;
    let rest = rest.trim_start();
    let mut end = rest.len();
    if let Some(i) = rest.find('\t') {
        end = end.min(i);
    }
    if let Some(i) = rest.find("  ") {
        end = end.min(i);
    }
    // A following label such as ` 单位：`.
    for (i, _) in rest.match_indices(' ') {
        let tail = &rest[i + 1..];
        if let Some(colon) = tail.find(['：', ':']) {
            let word = &tail[..colon];
            if !word.is_empty() && word.chars().count() <= 6 && !word.contains(' ') {
                end = end.min(i);
                break;
            }
        }
    }
    clean_opt(&rest[..end])
}

/// The money unit named in a heading or column header: `单位：万元`, `（万元）`, `(元)`.
pub fn money_unit_in(s: &str) -> Option<String> {
    if let Some(v) = labelled_value(s, "单位") {
        if v.ends_with('元') && v.chars().count() <= 3 {
            return Some(v);
        }
    }
    for unit in ["万元", "千元", "亿元", "元"] {
        for (open, close) in [("（", "）"), ("(", ")")] {
            if s.contains(&format!("{open}{unit}{close}")) {
                return Some(unit.to_string());
            }
        }
    }
    None
}

/// Strips a list number at the start of a label: `1.`, `2、`, `（一）`, `3．`.
pub fn strip_list_number(s: &str) -> &str {
    let t = s.trim_start();
    let digits = t.bytes().take_while(u8::is_ascii_digit).count();
    if digits > 0 {
        let rest = &t[digits..];
        for sep in ['.', '、', '．', ')', '）'] {
            if let Some(r) = rest.strip_prefix(sep) {
                return r.trim_start();
            }
        }
    }
    t
}

/// The width a character takes in a monospaced CJK rendering: 2 for wide
/// (CJK, full-width forms), 1 otherwise.
pub fn char_width(c: char) -> usize {
    if ('\u{1100}'..='\u{115F}').contains(&c) || ('\u{2E80}'..='\u{A4CF}').contains(&c)
        || ('\u{AC00}'..='\u{D7A3}').contains(&c) || ('\u{F900}'..='\u{FAFF}').contains(&c)
        || ('\u{FE30}'..='\u{FE4F}').contains(&c) || ('\u{FF00}'..='\u{FF60}').contains(&c)
        || ('\u{FFE0}'..='\u{FFE6}').contains(&c)
    {
        2
    } else {
        1
    }
}

/// One cell of a line split by wide spaces, with where it starts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SpacedCell<'a> {
    /// The cell's text (not cleaned; single spaces inside kept).
    pub text: &'a str,
    /// Its start, counted in characters from the start of the line.
    pub char_col: usize,
    /// Its start, counted in display width (wide characters count 2).
    pub width_col: usize,
}

/// Splits a line at runs of white space at least two columns wide (two spaces,
/// a tab, or one full-width space): the cells of a table whose columns were
/// aligned with spaces. Each cell keeps its start column for aligning cells to
/// a header when merged (blank) cells leave gaps.
pub fn split_wide(line: &str) -> Vec<SpacedCell<'_>> {
    let mut cells = Vec::new();
    let mut start: Option<(usize, usize, usize)> = None; // byte, char col, width col
    let mut end_byte = 0;
    let mut gap_width = 0;
    let (mut ccol, mut wcol) = (0usize, 0usize);
    for (b, c) in line.char_indices() {
        let w = if c == '\t' { 2 } else { char_width(c) };
        if c.is_whitespace() {
            gap_width += w;
        } else {
            if let Some((sb, sc, sw)) = start {
                if gap_width >= 2 {
                    cells.push(SpacedCell { text: &line[sb..end_byte], char_col: sc, width_col: sw });
                    start = Some((b, ccol, wcol));
                }
            } else {
                start = Some((b, ccol, wcol));
            }
            gap_width = 0;
            end_byte = b + c.len_utf8();
        }
        ccol += 1;
        wcol += w;
    }
    if let Some((sb, sc, sw)) = start {
        cells.push(SpacedCell { text: &line[sb..end_byte], char_col: sc, width_col: sw });
    }
    cells
}

/// True when a line only draws a table rule: `|---|:---:|`, `+----+----+`, `=====`.
pub fn is_rule_line(line: &str) -> bool {
    let t = line.trim();
    t.chars().any(|c| matches!(c, '-' | '=' | '─' | '━' | '—'))
        && t.chars().all(|c| matches!(c, '-' | '=' | '+' | '|' | ':' | ' ' | '─' | '━' | '—' | '┼' | '├' | '┤' | '│'))
}

/// The cells of a line of a pipe table (`| a | b |` or `a | b`): a leading
/// and a trailing empty piece (outer pipes) are dropped; inner empty cells kept.
pub fn split_pipes(line: &str) -> Vec<&str> {
    let t = line.trim();
    let t = t.strip_prefix(['|', '│']).unwrap_or(t);
    let t = t.strip_suffix(['|', '│']).unwrap_or(t);
    t.split(['|', '│']).collect()
}

/// Splits a category printed with its code: `1-产出指标`, `01-数量指标`,
/// `11 数量指标`, `11数量指标`, `2、效益指标` → (code, name). Text without a
/// leading code (or with nothing after it) is returned whole, with no code.
pub fn split_code_name(s: &str) -> (Option<String>, String) {
    let t = s.trim();
    let n = t.bytes().take_while(u8::is_ascii_digit).count();
    if n == 0 || n > 3 {
        return (None, clean(t));
    }
    let rest = &t[n..];
    let rest = rest.trim_start_matches([' ', '\u{3000}']);
    let rest = rest.strip_prefix(['-', '－', '—', '.', '．', '、', ':', '：', '_']).unwrap_or(rest).trim_start();
    match rest.chars().next() {
        Some(c) if !c.is_ascii_digit() && c != '%' && c != '％' && !c.is_ascii_punctuation() => {
            (Some(t[..n].to_string()), clean(rest))
        }
        _ => (None, clean(t)),
    }
}

/// Reads the quoting of a spreadsheet's tab-separated export: a cell that
/// starts with `"` runs to the next `"` that is followed by a tab or the end of
/// a line, `""` inside it is one `"`, and line breaks inside it are joined with
/// nothing added. Returns the logical lines (first line number, text with the
/// quotes removed), or `None` when no cell is quoted or a quote never closes.
pub fn join_quoted_lines(lines: &[Line]) -> Option<Vec<(usize, String)>> {
    let quoted_cell = |raw: &str| raw.starts_with('"') || raw.contains("\t\"");
    if !lines.iter().any(|l| quoted_cell(l.raw)) {
        return None;
    }
    let mut out: Vec<(usize, String)> = Vec::new();
    let mut in_quote = false;
    for line in lines {
        if !in_quote {
            out.push((line.no, String::new()));
        }
        let cur = &mut out.last_mut()?.1;
        let chars: Vec<char> = line.raw.chars().collect();
        let mut i = 0;
        let mut at_field_start = !in_quote;
        while let Some(&c) = chars.get(i) {
            if in_quote {
                if c == '"' {
                    if chars.get(i + 1) == Some(&'"') {
                        cur.push('"');
                        i += 2;
                        continue;
                    }
                    if matches!(chars.get(i + 1), None | Some('\t')) {
                        in_quote = false;
                        i += 1;
                        continue;
                    }
                }
                cur.push(c);
            } else if c == '"' && at_field_start {
                in_quote = true;
            } else {
                cur.push(c);
            }
            at_field_start = c == '\t' && !in_quote;
            i += 1;
        }
    }
    if in_quote {
        return None;
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_byte_check_agrees_with_unicode_white_space() {
        let slow = |s: &str| {
            s.starts_with(char::is_whitespace)
                || s.ends_with(char::is_whitespace)
                || s.as_bytes().windows(2).any(|w| w[0] == b' ' && w[1] == b' ')
                || s.chars().any(|c| c.is_whitespace() && c != ' ')
        };
        // Every white-space character, and neighbours of their UTF-8 forms.
        let mut chars: Vec<char> = (0u32..0x3100).filter_map(char::from_u32).filter(|c| c.is_whitespace()).collect();
        chars.extend(['a', '调', '、', '。', '\u{3001}', '\u{2010}', '\u{2030}', '\u{205E}', '\u{1681}', '\u{00A1}', '\u{0084}', '\u{001C}']);
        for &a in &chars {
            for &b in &chars {
                for s in [format!("{a}"), format!("x{a}y"), format!("x{a}{b}y"), format!("{a}x{b}")] {
                    assert_eq!(needs_cleaning(&s), slow(&s), "{s:?}");
                }
            }
        }
    }

    #[test]
    fn joins_quoted_cells() {
        let s = Source::new("q", "a\t\"b\nc\"\"d\"\te\nf\tg");
        let got = join_quoted_lines(&s.lines).expect("quoted");
        assert_eq!(got, vec![(1, "a\tbc\"d\te".to_string()), (3, "f\tg".to_string())]);
        let s = Source::new("q", "a\tb");
        assert_eq!(join_quoted_lines(&s.lines), None);
        let s = Source::new("q", "a\t\"b\nc");
        assert_eq!(join_quoted_lines(&s.lines), None);
    }

    #[test]
    fn splits_wide_pipes_and_codes() {
        let c = split_wide("  一级指标  二级指标 x   指标值");
        let texts: Vec<&str> = c.iter().map(|c| c.text).collect();
        assert_eq!(texts, vec!["一级指标", "二级指标 x", "指标值"]);
        assert_eq!(c[0].char_col, 2);
        assert_eq!(c[1].char_col, 8);
        assert_eq!(c[1].width_col, 12);
        assert_eq!(split_wide("a\u{3000}b").len(), 2);
        assert!(split_wide("   ").is_empty());
        assert_eq!(split_pipes("| a | | b |"), vec![" a ", " ", " b "]);
        assert_eq!(split_pipes("a|b"), vec!["a", "b"]);
        assert!(is_rule_line("|---|:--:|"));
        assert!(is_rule_line("+----+----+"));
        assert!(!is_rule_line("| - |".replace('-', "a").as_str()));
        assert_eq!(split_code_name("1-产出指标"), (Some("1".into()), "产出指标".into()));
        assert_eq!(split_code_name("01-数量指标"), (Some("01".into()), "数量指标".into()));
        assert_eq!(split_code_name("11 数量指标"), (Some("11".into()), "数量指标".into()));
        assert_eq!(split_code_name("11数量指标"), (Some("11".into()), "数量指标".into()));
        assert_eq!(split_code_name("产出指标"), (None, "产出指标".into()));
        assert_eq!(split_code_name("100%"), (None, "100%".into()));
        assert_eq!(split_code_name("12348热线"), (None, "12348热线".into()));
    }

    use super::*;

    #[test]
    fn clean_trims_and_collapses() {
        assert_eq!(clean("  a  b\t c "), "a b c");
        assert_eq!(clean(""), "");
        assert_eq!(clean_opt("   "), None);
    }

    #[test]
    fn joins_broken_lines() {
        assert_eq!(join_broken(["通过开展本项目，加强", "  调解工作。"]), "通过开展本项目，加强调解工作。");
    }

    #[test]
    fn reads_amounts() {
        assert_eq!(parse_amount("1,835.37").unwrap(), Some(Decimal::from_str("1835.37").unwrap()));
        assert_eq!(parse_amount("").unwrap(), None);
        assert_eq!(parse_amount("63").unwrap(), Some(Decimal::from(63)));
        assert!(parse_amount("abc").is_err());
        assert!(parse_amount("1.2.3").is_err());
        assert!(parse_amount(".5").is_err());
        assert!(is_amount("0.00"));
    }

    #[test]
    fn finds_years_and_labels() {
        assert_eq!(year_in("某区2023年项目支出绩效目标表"), Some(2023));
        assert_eq!(year_in("项目支出绩效目标表"), None);
        assert_eq!(year_in("12023年"), None);
        assert_eq!(labelled_value("部门名称：某某局（本级） 单位：万元", "部门名称").as_deref(), Some("某某局（本级）"));
        assert_eq!(labelled_value("部门名称: 某某局", "部门名称").as_deref(), Some("某某局"));
        assert_eq!(money_unit_in("部门名称：某某局 单位：万元").as_deref(), Some("万元"));
        assert_eq!(money_unit_in("预算金额（万元）").as_deref(), Some("万元"));
        assert_eq!(strip_list_number("1. 财政拨款收入"), "财政拨款收入");
        assert_eq!(strip_list_number("2.财政专户"), "财政专户");
    }

    #[test]
    fn splits_lines_and_cells() {
        let s = Source::new("x", "\u{feff}a\tb \r\n\n c");
        assert_eq!(s.lines.len(), 3);
        assert_eq!(s.lines[0].cells(), vec!["a", "b"]);
        assert!(s.lines[1].is_blank());
        assert_eq!(s.lines[2].no, 3);
    }
}
