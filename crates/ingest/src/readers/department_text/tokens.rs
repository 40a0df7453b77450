//! Tokens of the layout: the title and its repeats (page breaks), 部门名称,
//! 部门职能概述, and the headings, joined back where extraction broke them.

use super::shape::indent;
use crate::text::{clean, join_broken, labelled_value, money_unit_in, year_in, Source};
use jixiao_core::Horizon;

/// A non-blank line.
#[derive(Debug, Clone, Copy)]
pub struct Ln<'a> {
    /// 1-based line number (kept for diagnostics).
    #[allow(dead_code)]
    pub no: usize,
    /// The text, trimmed.
    pub text: &'a str,
    /// Leading white space, in columns.
    pub indent: usize,
    /// A blank line (or a heading) came before it.
    pub blank_before: bool,
}

/// A heading of the layout.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Head {
    /// The title line (first occurrence).
    Title,
    /// 部门整体支出目标 关键指标.
    KiHeader,
    /// 年度主要支出计划 / 三年期主要支出计划 … 主要实施项目（项目名称）.
    TaskHeader(Horizon),
    /// 预期实现值.
    ValHeader,
    /// 本年 / 三年期 (the row label of a horizon).
    HorizonLabel(Horizon),
    /// 年度目标 / 三年期目标.
    GoalLabel(Horizon),
    /// 本年度部门预算收入.
    FigHeader,
    /// 其他需要说明的情况 / 备注.
    Remarks,
}

/// A token.
#[derive(Debug, Clone, Copy)]
pub enum Tok<'a> {
    /// A heading at a line.
    Head(Head, usize),
    /// A content line.
    Line(Ln<'a>),
    /// A repeat of the title: a new page starts (at this line).
    PageBreak(#[allow(dead_code)] usize),
}

/// What the tokens say about the document as a whole.
#[derive(Debug, Default)]
pub struct Meta {
    /// The title line.
    pub title: Option<String>,
    /// The year in the title.
    pub year: Option<i32>,
    /// 部门名称.
    pub department: Option<String>,
    /// 部门职能概述.
    pub functions: Option<String>,
    /// A money unit named in a heading.
    pub money_unit: Option<String>,
}

/// The tokens of a source.
#[derive(Debug)]
pub struct Tokens<'a> {
    /// The tokens in order.
    pub toks: Vec<Tok<'a>>,
    /// Document facts.
    pub meta: Meta,
}

/// Simple headings: joined text → heading (`None` for 部门职能概述).
const SIMPLE: &[(&str, Option<Head>)] = &[
    ("本年", Some(Head::HorizonLabel(Horizon::Annual))),
    ("三年期", Some(Head::HorizonLabel(Horizon::MultiYear))),
    ("年度目标", Some(Head::GoalLabel(Horizon::Annual))),
    ("三年期目标", Some(Head::GoalLabel(Horizon::MultiYear))),
    ("本年度部门预算收入", Some(Head::FigHeader)),
    ("预期实现值", Some(Head::ValHeader)),
    ("部门职能概述", None),
    ("其他需要说明的情况", Some(Head::Remarks)),
    ("备注", Some(Head::Remarks)),
];

fn squash(s: &str) -> String {
    let mut out: String = s.chars().filter(|c| !c.is_whitespace()).collect();
    while out.ends_with(['：', ':']) {
        out.pop();
    }
    out
}

/// Splits a source into tokens.
pub fn tokenize<'a>(src: &Source<'a>) -> Tokens<'a> {
    let lines = &src.lines;
    let mut meta = Meta::default();
    let title_line = lines.iter().find(|l| {
        let t = l.trimmed();
        t.contains("绩效目标表") && t.chars().count() <= 40 && !t.contains("部门名称")
    });
    let title = title_line.map(|l| clean(l.trimmed()));
    meta.title = title.clone();
    meta.year = title.as_deref().and_then(year_in);
    let mut toks = Vec::new();
    let mut blank = true;
    let mut i = 0;
    // A page break seen and nothing else since (a form feed and a repeated
    // title make one break, not two).
    let mut just_broke = false;
    while i < lines.len() {
        let l = &lines[i];
        if l.raw.contains('\u{c}') && !just_broke {
            toks.push(Tok::PageBreak(l.no));
            just_broke = true;
            blank = true;
        }
        if l.is_blank() {
            blank = true;
            i += 1;
            continue;
        }
        let t = l.trimmed();
        let is_title = title.as_deref() == Some(clean(t).as_str());
        if !is_title {
            just_broke = false;
        }
        if is_title {
            if title_line.map(|x| x.no) == Some(l.no) {
                toks.push(Tok::Head(Head::Title, l.no));
            } else if !just_broke {
                toks.push(Tok::PageBreak(l.no));
            }
            just_broke = true;
            blank = true;
            i += 1;
            continue;
        }
        if t.contains("部门名称") {
            if meta.department.is_none() {
                meta.department = labelled_value(t, "部门名称").or_else(|| {
                    let rest = t.split_once("部门名称").map(|(_, r)| r).unwrap_or("");
                    crate::text::clean_opt(rest.trim_start_matches(['：', ':', ' ']))
                });
            }
            if meta.money_unit.is_none() {
                meta.money_unit = money_unit_in(t).filter(|_| t.contains("单位"));
            }
            blank = true;
            i += 1;
            continue;
        }
        if let Some(rest) = t.strip_prefix("部门职能概述").and_then(|r| r.trim_start().strip_prefix(['：', ':'])) {
            // 部门职能概述：text on the same line.
            if !rest.trim().is_empty() {
                let j = paragraph_end(src, i + 1);
                let mut parts = vec![rest];
                parts.extend(lines[i + 1..j].iter().map(|l| l.trimmed()));
                if meta.functions.is_none() {
                    meta.functions = crate::text::clean_opt(&join_broken(parts));
                }
                i = j;
                blank = true;
                continue;
            }
        }
        if let Some((head, next)) = heading_at(src, i) {
            match head {
                Some(h) => toks.push(Tok::Head(h, l.no)),
                None => {
                    // 部门职能概述: the paragraph after it, up to a blank line.
                    let mut j = next;
                    while j < lines.len() && lines[j].is_blank() {
                        j += 1;
                    }
                    let start = j;
                    j = paragraph_end(src, j);
                    let text = join_broken(lines[start..j].iter().map(|l| l.trimmed()));
                    if meta.functions.is_none() && !text.is_empty() {
                        meta.functions = Some(text);
                    }
                    i = j;
                    blank = true;
                    continue;
                }
            }
            i = next;
            blank = true;
            continue;
        }
        toks.push(Tok::Line(Ln { no: l.no, text: t, indent: indent(l.raw), blank_before: blank }));
        blank = false;
        i += 1;
    }
    Tokens { toks, meta }
}

/// Words of the task table's column names (任务的绩效目标, 关键性指标,
/// 绩效标准, 主要实施项目 …).
const HEADER_WORDS: &[&str] =
    &["对应任务", "任务（政策）", "任务(政策)", "绩效目标", "关键性指标", "关键指标", "绩效标准", "指标解释", "实施项目", "项目名称", "满意度方面"];

/// True when a line reads as a piece of the task table's column names.
fn is_header_fragment(s: &str) -> bool {
    let t = squash(s);
    HEADER_WORDS.iter().any(|w| t.contains(w))
        || (super::shape::starts_as_continuation(&t) && t.chars().count() <= 16)
        || (t.chars().count() <= 3 && t.ends_with(['）', ')']))
}

/// The end of a paragraph starting at line `j`: the next blank line, amount
/// line or heading.
fn paragraph_end(src: &Source, mut j: usize) -> usize {
    let lines = &src.lines;
    let first = j;
    while j < lines.len() && !lines[j].is_blank() {
        if j > first && (crate::text::is_amount(lines[j].trimmed()) || heading_at(src, j).is_some()) {
            break;
        }
        j += 1;
    }
    j
}

/// The heading starting at line `i`, if any, with the index after it.
/// `Some((None, _))` is 部门职能概述.
fn heading_at(src: &Source, i: usize) -> Option<(Option<Head>, usize)> {
    let lines = &src.lines;
    let t0 = squash(lines.get(i)?.trimmed());
    // The non-blank lines from i on, at most `n`.
    let ahead = |n: usize| -> Vec<usize> {
        (i..lines.len()).filter(|&k| !lines[k].is_blank()).take(n).collect::<Vec<_>>()
    };
    if t0.starts_with("部门整体支出目标") || t0.starts_with("部门整体支出绩效目标") {
        let idx = ahead(2);
        if !t0.contains("关键指标") {
            if let Some(&k) = idx.get(1) {
                if squash(lines[k].trimmed()).starts_with("关键指标") {
                    return Some((Some(Head::KiHeader), k + 1));
                }
            }
        }
        if t0.contains("指标") && t0.chars().count() <= 16 {
            return Some((Some(Head::KiHeader), i + 1));
        }
    }
    if t0.contains("主要支出计划") && t0.chars().count() <= 16 {
        let h = if t0.contains("三年") || t0.contains("中期") { Horizon::MultiYear } else { Horizon::Annual };
        let idx = ahead(14);
        let mut joined = String::new();
        let mut end = i + 1;
        for &k in &idx {
            joined.push_str(&squash(lines[k].trimmed()));
            end = k + 1;
            if let Some(at) = joined.find("主要实施项目") {
                let tail = &joined[at..];
                let open = tail.matches(['（', '(']).count();
                let close = tail.matches(['）', ')']).count();
                if open <= close {
                    break;
                }
            }
        }
        if !joined.contains("主要实施项目") {
            // Column names worded otherwise: take the lines that read as
            // pieces of them.
            end = i + 1;
            for &k in idx.iter().skip(1) {
                if !is_header_fragment(lines[k].trimmed()) {
                    break;
                }
                end = k + 1;
            }
        }
        return Some((Some(Head::TaskHeader(h)), end));
    }
    // A simple heading begins on line i itself when it is not blank; most
    // lines begin none.
    if !lines[i].is_blank() && !SIMPLE.iter().any(|(s, _)| s.starts_with(t0.as_str())) {
        return None;
    }
    let idx = ahead(3);
    let mut joined = String::new();
    let mut found = None;
    for (n, &k) in idx.iter().enumerate() {
        let part = squash(lines[k].trimmed());
        if n > 0 && part.chars().count() > 10 {
            break;
        }
        joined.push_str(&part);
        if let Some((_, h)) = SIMPLE.iter().find(|(s, _)| *s == joined) {
            found = Some((*h, k + 1));
        }
        if !SIMPLE.iter().any(|(s, _)| s.starts_with(joined.as_str()) && s.len() > joined.len()) {
            break;
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn joins_broken_headings_and_pages() {
        let text = "某某年部门整体绩效目标表\n部门名称: 某某局\n三年\n期\n\n部门职能\n概述:\n  负责某某。\n  负责另一件事。\n\n某某\n 某某年部门整体绩效目标表\n备注：\n";
        let src = Source::new("x", text);
        let t = tokenize(&src);
        assert_eq!(t.meta.department.as_deref(), Some("某某局"));
        assert_eq!(t.meta.functions.as_deref(), Some("负责某某。负责另一件事。"));
        let heads: Vec<String> = t.toks.iter().map(|t| format!("{t:?}")).collect();
        assert!(heads[0].contains("Title"), "{heads:?}");
        assert!(heads[1].contains("HorizonLabel(MultiYear)"), "{heads:?}");
        assert!(heads[2].contains("某某"), "{heads:?}");
        assert!(heads[3].contains("PageBreak"), "{heads:?}");
        assert!(heads[4].contains("Remarks"), "{heads:?}");
    }

    #[test]
    fn task_header_with_other_column_names() {
        let text = "年度主要支出计划\n任务的绩效目标\n关键性指标\n绩效标准\n\n项目名称）\n培训次数 3次\n";
        let src = Source::new("x", text);
        let t = tokenize(&src);
        assert!(matches!(t.toks.first(), Some(Tok::Head(Head::TaskHeader(Horizon::Annual), 1))));
        assert!(matches!(t.toks.get(1), Some(Tok::Line(l)) if l.text == "培训次数 3次"), "{:?}", t.toks);
    }

    #[test]
    fn reads_functions_on_the_label_line() {
        let src = Source::new("x", "部门名称：某局\n部门职能概述：负责甲，\n负责乙。\n1,000.00\n");
        let t = tokenize(&src);
        assert_eq!(t.meta.functions.as_deref(), Some("负责甲，负责乙。"));
        assert!(matches!(t.toks.last(), Some(Tok::Line(l)) if l.text == "1,000.00"));
    }
}
