//! The official layout as a PDF: A4 landscape, typeset by typst with a free CJK
//! font from Debian's `fonts-noto-cjk` (embedded as a subset with ToUnicode, so
//! the text can be copied and searched), header rows repeated on every page,
//! page numbers, and the review findings as an optional appendix (审核意见).

use std::sync::OnceLock;

use typst::diag::{FileError, FileResult};
use typst::foundations::{Bytes, Datetime};
use typst::syntax::{FileId, RootedPath, Source, VirtualPath, VirtualRoot};
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;
use typst::{Library, LibraryExt, World};
use typst_layout::PagedDocument;

use crate::layout::{OutCell, Sheet, Style};

/// Where the CJK fonts are looked for; `JIXIAO_PDF_FONTS` (a `:`-separated list of font files) comes first.
pub const FONT_FILES: [&str; 4] = [
    "/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc",
    "/usr/share/fonts/opentype/noto/NotoSerifCJK-Bold.ttc",
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc",
];

/// The font families asked for, in order.
const FAMILIES: &str = "(\"Noto Serif CJK SC\", \"Noto Sans CJK SC\")";

/// A finding printed in the appendix.
#[derive(Debug, Clone)]
pub struct Note {
    /// 错误 / 警告 / 提示.
    pub severity: String,
    /// Where (as the page shows it).
    pub place: String,
    /// The message.
    pub message: String,
}

/// Why a PDF could not be written.
#[derive(Debug, Clone, thiserror::Error)]
pub enum PdfError {
    /// No CJK font was found.
    #[error("no CJK font for PDF output: install Debian's fonts-noto-cjk or set JIXIAO_PDF_FONTS to font files")]
    NoFont,
    /// Typesetting failed.
    #[error("the PDF could not be typeset: {0}")]
    Typeset(String),
}

struct Fonts {
    book: LazyHash<FontBook>,
    fonts: Vec<Font>,
}

fn fonts() -> Result<&'static Fonts, PdfError> {
    static FONTS: OnceLock<Option<Fonts>> = OnceLock::new();
    FONTS
        .get_or_init(|| {
            let from_env = std::env::var("JIXIAO_PDF_FONTS").ok();
            let paths: Vec<String> = from_env
                .iter()
                .flat_map(|v| v.split(':').map(str::to_string))
                .chain(FONT_FILES.iter().map(|s| s.to_string()))
                .collect();
            let mut fonts = Vec::new();
            for p in paths {
                if let Ok(data) = std::fs::read(&p) {
                    fonts.extend(Font::iter(Bytes::new(data)));
                }
            }
            if fonts.is_empty() {
                return None;
            }
            Some(Fonts { book: LazyHash::new(FontBook::from_fonts(&fonts)), fonts })
        })
        .as_ref()
        .ok_or(PdfError::NoFont)
}

/// True when PDF output can find its fonts.
pub fn available() -> bool {
    fonts().is_ok()
}

struct OneFile {
    library: &'static LazyHash<Library>,
    fonts: &'static Fonts,
    main: FileId,
    source: Source,
}

impl World for OneFile {
    fn library(&self) -> &LazyHash<Library> {
        self.library
    }
    fn book(&self) -> &LazyHash<FontBook> {
        &self.fonts.book
    }
    fn main(&self) -> FileId {
        self.main
    }
    fn source(&self, id: FileId) -> FileResult<Source> {
        if id == self.main {
            Ok(self.source.clone())
        } else {
            Err(FileError::AccessDenied)
        }
    }
    fn file(&self, id: FileId) -> FileResult<Bytes> {
        if id == self.main {
            Ok(Bytes::from_string(self.source.text().to_string()))
        } else {
            Err(FileError::AccessDenied)
        }
    }
    fn font(&self, index: usize) -> Option<Font> {
        self.fonts.fonts.get(index).cloned()
    }
    fn today(&self, _offset: Option<typst::foundations::Duration>) -> Option<Datetime> {
        None
    }
}

fn main_id() -> FileId {
    static ID: OnceLock<FileId> = OnceLock::new();
    *ID.get_or_init(|| {
        RootedPath::new(VirtualRoot::Project, VirtualPath::new("/main.typ").expect("a valid path")).intern()
    })
}

/// A typst string literal of a text.
///
/// A space next to a Chinese character becomes a no-break space: a line broken
/// there would lose the space when the text is read back (Chinese lines are
/// joined without one); Chinese text breaks between any two characters anyway.
fn lit(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    let chars: Vec<char> = s.chars().collect();
    for (i, &c) in chars.iter().enumerate() {
        let wide = |k: Option<&char>| k.is_some_and(|c| !c.is_ascii());
        match c {
            ' ' if wide(i.checked_sub(1).and_then(|k| chars.get(k))) || wide(chars.get(i + 1)) => out.push('\u{a0}'),
            // No line break inside a run of Latin text without a space (`100%,(1038`):
            // the reader joins broken Latin lines with a space.
            _ if c.is_ascii_punctuation() && chars.get(i + 1).is_some_and(|n| n.is_ascii_graphic()) => {
                out.push(c);
                out.push('\u{2060}');
            }
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            '\n' => out.push_str("\\n"),
            '\r' => {}
            _ => out.push(c),
        }
    }
    out.push('"');
    out
}

fn cell_markup(cell: &OutCell, rows: usize, cols: usize, group: bool) -> String {
    let mut args = Vec::new();
    if rows > 1 {
        args.push(format!("rowspan: {rows}"));
        if group {
            args.push("breakable: false".into());
        }
    } else {
        // A row is never split over two pages (a merged cell over many rows may be).
        args.push("breakable: false".into());
    }
    if cols > 1 {
        args.push(format!("colspan: {cols}"));
    }
    match cell.style {
        // Top-aligned: a merged cell that a page break splits keeps its text on its first page.
        Style::Number => args.push("align: right".into()),
        Style::Label => args.push("align: center".into()),
        Style::Head => args.push("align: center + horizon".into()),
        _ => {}
    }
    if cell.style == Style::Head {
        args.push("fill: luma(242)".into());
    }
    let body = if cell.text.is_empty() {
        String::new()
    } else if matches!(cell.style, Style::Head | Style::Label) {
        format!("#strong({})", lit(&cell.text))
    } else {
        format!("#{}", lit(&cell.text))
    };
    format!("table.cell({})[{body}]", args.join(", "))
}

/// The typst markup of a laid-out table.
pub fn markup(sheet: &Sheet, notes: Option<&[Note]>) -> String {
    let mut m = String::new();
    m.push_str("#set page(paper: \"a4\", flipped: true, margin: (x: 1.2cm, top: 1.2cm, bottom: 1.5cm), ");
    m.push_str("footer: context align(center, text(size: 8pt)[第 #counter(page).display() 页，共 #counter(page).final().first() 页]))\n");
    m.push_str(&format!("#set text(font: {FAMILIES}, size: 8pt, lang: \"zh\", region: \"cn\", cjk-latin-spacing: none, hyphenate: false, costs: (widow: 0%, orphan: 0%))\n"));
    m.push_str("#set par(justify: false, leading: 0.5em)\n");
    m.push_str("#set table(stroke: 0.5pt, inset: (x: 3pt, y: 3pt))\n");
    let width = sheet.widths.len();
    let cols: Vec<String> = sheet.widths.iter().map(|w| format!("{w}fr")).collect();
    let cols = format!("({})", cols.join(", "));
    // Regions by their top-left cell; cells covered by a region are left out.
    let mut covered = vec![vec![false; width]; sheet.cells.len()];
    let mut span = vec![vec![(1usize, 1usize); width]; sheet.cells.len()];
    for g in &sheet.merges {
        for row in covered.iter_mut().skip(g.row).take(g.rows) {
            for c in row.iter_mut().skip(g.col).take(g.cols) {
                *c = true;
            }
        }
        covered[g.row][g.col] = false;
        span[g.row][g.col] = (g.rows, g.cols);
    }
    // Title and note rows.
    if let Some(title) = sheet.cells.first().and_then(|r| r.first()) {
        m.push_str(&format!("#align(center, text(size: 15pt, weight: \"bold\", {}))\n", lit(&title.text)));
    }
    if let Some(note) = sheet.cells.get(1) {
        let parts: Vec<String> = note.iter().filter(|c| !c.text.is_empty()).map(|c| lit(&c.text)).collect();
        m.push_str(&format!(
            "#grid(columns: ({}), {})\n#v(4pt)\n",
            vec!["1fr"; parts.len().max(1)].join(", "),
            parts
                .iter()
                .enumerate()
                .map(|(i, p)| {
                    let a = if i == 0 { "left" } else if i + 1 == parts.len() { "right" } else { "center" };
                    format!("align({a}, text({p}))")
                })
                .collect::<Vec<_>>()
                .join(", ")
        ));
    }
    // Segments: each header row starts a table whose header repeats on every page.
    let mut starts: Vec<usize> = (2..sheet.cells.len())
        .filter(|&r| sheet.cells[r].first().is_some_and(|c| c.style == Style::Head))
        .collect();
    if starts.first() != Some(&2) {
        starts.insert(0, 2);
    }
    for (k, &from) in starts.iter().enumerate() {
        let to = starts.get(k + 1).copied().unwrap_or(sheet.cells.len());
        if from >= to {
            continue;
        }
        m.push_str(&format!("#table(columns: {cols},\n"));
        for r in from..to {
            let row_cells: Vec<String> = (0..width)
                .filter(|&c| !covered[r][c])
                .map(|c| {
                    // A region is clipped to its segment.
                    let (rows, span_c) = span[r][c];
                    cell_markup(&sheet.cells[r][c], rows.min(to - r), span_c, sheet.groups.contains(&c))
                })
                .collect();
            if r == from && sheet.cells[r].first().is_some_and(|c| c.style == Style::Head) {
                m.push_str(&format!("  table.header(repeat: true, {}),\n", row_cells.join(", ")));
            } else {
                m.push_str(&format!("  {},\n", row_cells.join(", ")));
            }
        }
        m.push_str(")\n");
    }
    if let Some(notes) = notes.filter(|n| !n.is_empty()) {
        m.push_str("#pagebreak(weak: true)\n#align(center, text(size: 13pt, weight: \"bold\")[审核意见])\n#v(4pt)\n");
        m.push_str("#table(columns: (6fr, 24fr, 70fr),\n  table.header(repeat: true, [#strong[类别]], [#strong[位置]], [#strong[意见]]),\n");
        for n in notes {
            m.push_str(&format!("  [#{}], [#{}], [#{}],\n", lit(&n.severity), lit(&n.place), lit(&n.message)));
        }
        m.push_str(")\n");
    }
    m
}

/// Renders a laid-out table (and, when given, the findings) as a PDF.
pub fn write(sheet: &Sheet, notes: Option<&[Note]>) -> Result<Vec<u8>, PdfError> {
    let fonts = fonts()?;
    let main = main_id();
    static LIBRARY: OnceLock<LazyHash<Library>> = OnceLock::new();
    let world = OneFile {
        library: LIBRARY.get_or_init(|| LazyHash::new(Library::default())),
        fonts,
        main,
        source: Source::new(main, markup(sheet, notes)),
    };
    let doc: PagedDocument = typst::compile(&world)
        .output
        .map_err(|errs| PdfError::Typeset(errs.iter().map(|e| e.message.to_string()).collect::<Vec<_>>().join("; ")))?;
    let options = typst_pdf::PdfOptions::default();
    let pdf = typst_pdf::pdf(&doc, &options)
        .map_err(|errs| PdfError::Typeset(errs.iter().map(|e| e.message.to_string()).collect::<Vec<_>>().join("; ")));
    // Typesetting memoises; a server keeps nothing of one document for the next.
    comemo::evict(0);
    pdf
}
