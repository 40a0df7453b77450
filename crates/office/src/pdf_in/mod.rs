//! PDF pages to tables: positioned glyphs and ruling lines from the text layer
//! (pdf-extract's `OutputDev`), then cells by the lines where a page draws a
//! table (lattice), or text lines laid out by their positions where it does not
//! (stream), which the text readers take.

use std::collections::HashMap;

use pdf_extract::{ColorSpace, MediaBox, OutputDev, OutputError, Path, PathOp, Transform};

mod check;
mod clip;
mod join;

use crate::table::{Merge, Table};
use join::join_pages;
use crate::OfficeError;

/// Pages read at most.
pub const MAX_PAGES: usize = 2000;
/// Glyphs read at most.
pub const MAX_GLYPHS: usize = 20_000_000;

#[derive(Debug, Clone)]
struct Glyph {
    x: f64,
    x1: f64,
    y: f64,
    size: f64,
    text: String,
    /// The advance is our estimate, not the font's.
    estimated: bool,
    /// The x by which the glyph is put into a cell: where the extractor placed
    /// its run (plus most of an em) when the advance is estimated.
    anchor: f64,
}

/// A ruling line: horizontal (`y`, from `a` to `b` in x) or vertical (`x`, from `a` to `b` in y).
#[derive(Debug, Clone, Copy)]
struct Rule {
    at: f64,
    a: f64,
    b: f64,
}

#[derive(Default)]
struct Page {
    glyphs: Vec<Glyph>,
    hor: Vec<Rule>,
    ver: Vec<Rule>,
}

#[derive(Default)]
struct Collect {
    pages: Vec<Page>,
    glyphs: usize,
    too_big: bool,
    /// Where the last glyph was placed by the extractor, and how far our own
    /// estimate of the advances has moved on from there (see `output_character`).
    last_raw: (f64, f64),
    offset: f64,
    last_adv: f64,
    /// The first glyph (index on the current page) of the run whose advances
    /// are being estimated, and its baseline.
    run: Option<(usize, f64)>,
    /// The current page's media box (llx, lly, urx, ury).
    media: Option<(f64, f64, f64, f64)>,
}

/// A glyph's advance in ems, estimated from its character: full width for CJK.
fn estimated_em(ch: &str) -> f64 {
    match ch.chars().next() {
        Some(' ') => 0.25,
        Some(c) if c.is_ascii_digit() => 0.5,
        Some(c) if c.is_ascii_uppercase() => 0.65,
        Some(c) if c.is_ascii() => 0.45,
        Some(_) => 1.0,
        None => 0.0,
    }
}

impl Collect {
    fn page(&mut self) -> &mut Page {
        if self.pages.is_empty() {
            self.pages.push(Page::default());
        }
        self.pages.last_mut().expect("a page")
    }

    /// Estimated advances run on too far when the font's real glyphs are
    /// narrower: where the next run on the same baseline starts (at a true
    /// position) before the estimated run ends, the run is squeezed to end there,
    /// so that its glyphs keep their order against the next run's.
    fn fit_run(&mut self, next_x: f64, y: f64) {
        let Some((first, base)) = self.run else { return };
        if (base - y).abs() > 0.1 {
            return;
        }
        let Some(page) = self.pages.last_mut() else { return };
        let Some(run) = page.glyphs.get_mut(first..) else { return };
        let (Some(start), Some(end)) = (run.first().map(|g| g.x), run.iter().map(|g| g.x1).reduce(f64::max)) else { return };
        if next_x <= start || end <= next_x + 0.05 {
            return;
        }
        let f = (next_x - start) / (end - start);
        for g in run {
            g.x = start + (g.x - start) * f;
            g.x1 = start + (g.x1 - start) * f;
        }
    }

    fn segments(&mut self, ctm: &Transform, path: &Path, filled: bool) {
        let pt = |x: f64, y: f64| {
            (ctm.m11 * x + ctm.m21 * y + ctm.m31, ctm.m12 * x + ctm.m22 * y + ctm.m32)
        };
        let mut lines: Vec<((f64, f64), (f64, f64))> = Vec::new();
        let mut cur = (0.0, 0.0);
        let mut start = (0.0, 0.0);
        for op in &path.ops {
            match *op {
                PathOp::MoveTo(x, y) => {
                    cur = pt(x, y);
                    start = cur;
                }
                PathOp::LineTo(x, y) => {
                    let p = pt(x, y);
                    lines.push((cur, p));
                    cur = p;
                }
                PathOp::Rect(x, y, w, h) => {
                    let (a, b) = (pt(x, y), pt(x + w, y + h));
                    let (w, h) = ((b.0 - a.0).abs(), (b.1 - a.1).abs());
                    if filled && h < 2.0 && w > 2.0 {
                        lines.push(((a.0, (a.1 + b.1) / 2.0), (b.0, (a.1 + b.1) / 2.0)));
                    } else if filled && w < 2.0 && h > 2.0 {
                        lines.push((((a.0 + b.0) / 2.0, a.1), ((a.0 + b.0) / 2.0, b.1)));
                    } else if !filled {
                        let (c, d) = ((a.0, b.1), (b.0, a.1));
                        lines.extend([(a, d), (d, b), (b, c), (c, a)]);
                    }
                }
                PathOp::CurveTo(.., x, y) => cur = pt(x, y),
                PathOp::Close => {
                    lines.push((cur, start));
                    cur = start;
                }
            }
        }
        let page = self.page();
        for ((x0, y0), (x1, y1)) in lines {
            if (y0 - y1).abs() < 0.5 && (x0 - x1).abs() > 2.0 {
                page.hor.push(Rule { at: (y0 + y1) / 2.0, a: x0.min(x1), b: x0.max(x1) });
            } else if (x0 - x1).abs() < 0.5 && (y0 - y1).abs() > 2.0 {
                page.ver.push(Rule { at: (x0 + x1) / 2.0, a: y0.min(y1), b: y0.max(y1) });
            }
        }
    }
}

impl OutputDev for Collect {
    fn begin_page(&mut self, _n: u32, media: &MediaBox, _art: Option<(f64, f64, f64, f64)>) -> Result<(), OutputError> {
        let (x0, x1) = (media.llx.min(media.urx), media.llx.max(media.urx));
        let (y0, y1) = (media.lly.min(media.ury), media.lly.max(media.ury));
        self.media = (x1 - x0 > 1.0 && y1 - y0 > 1.0).then_some((x0, y0, x1, y1));
        if self.pages.len() >= MAX_PAGES {
            self.too_big = true;
        }
        self.pages.push(Page::default());
        self.run = None;
        Ok(())
    }
    fn end_page(&mut self) -> Result<(), OutputError> {
        Ok(())
    }
    fn output_character(&mut self, trm: &Transform, width: f64, spacing: f64, font_size: f64, ch: &str) -> Result<(), OutputError> {
        // Invisible format characters (word joiner, zero-width space, soft hyphen) are not text.
        let invisible = |c: char| matches!(c, '\u{200b}'..='\u{200d}' | '\u{2060}' | '\u{feff}' | '\u{ad}');
        let cleaned: String;
        let ch = if ch.chars().any(invisible) {
            cleaned = ch.chars().filter(|&c| !invisible(c)).collect();
            if cleaned.is_empty() {
                return Ok(());
            }
            cleaned.as_str()
        } else {
            ch
        };
        self.glyphs += 1;
        if self.glyphs > MAX_GLYPHS || self.too_big {
            self.too_big = true;
            return Ok(());
        }
        let size = (font_size * trm.m22.abs()).max(font_size * trm.m11.abs()).max(0.1);
        let (raw_x, y) = (trm.m31, trm.m32);
        // Text set outside the page is not printed: some writers (LibreOffice) set
        // the whole text of a cell merged across a page break on every page it
        // touches, and clip it to the part on that page.
        if let Some((x0, y0, x1, y1)) = self.media {
            if y < y0 - size * 0.5 || y > y1 || raw_x < x0 - size || raw_x > x1 {
                return Ok(());
            }
        }
        // A font whose widths the extractor misses (it reads some `W` arrays as
        // zero) leaves every glyph of a run at the run's start: advance them by
        // an estimate, keeping the positioning adjustments the run makes.
        let (x, adv) = if width > 0.0 {
            self.offset = 0.0;
            (raw_x, (width * font_size + spacing) * trm.m11)
        } else {
            let continues = (y - self.last_raw.1).abs() < 0.1 && (raw_x - self.last_raw.0).abs() < 0.6 * size;
            self.offset = if continues { self.offset + self.last_adv } else { 0.0 };
            (raw_x + self.offset, estimated_em(ch) * size)
        };
        let continues_run = width <= 0.0 && self.offset > 0.0;
        if !continues_run {
            // A run placed where the writer put it bounds the estimated run before it.
            self.fit_run(raw_x, y);
            self.run = (width <= 0.0).then(|| (self.pages.last().map_or(0, |p| p.glyphs.len()), y));
        }
        self.last_raw = (raw_x, y);
        self.last_adv = adv;
        // White space is kept as one space: some writers draw it, others leave a gap.
        let text = if ch.trim().is_empty() { " ".to_string() } else { ch.to_string() };
        let estimated = width <= 0.0;
        let anchor = if estimated { raw_x + 0.7 * size } else { x + adv.max(size * 0.1) * 0.7 };
        self.page().glyphs.push(Glyph { x, x1: x + adv.max(size * 0.1), y, size, text, estimated, anchor });
        Ok(())
    }
    fn begin_word(&mut self) -> Result<(), OutputError> {
        Ok(())
    }
    fn end_word(&mut self) -> Result<(), OutputError> {
        Ok(())
    }
    fn end_line(&mut self) -> Result<(), OutputError> {
        Ok(())
    }
    fn stroke(&mut self, ctm: &Transform, _cs: &ColorSpace, _color: &[f64], path: &Path) -> Result<(), OutputError> {
        self.segments(ctm, path, false);
        Ok(())
    }
    fn fill(&mut self, ctm: &Transform, _cs: &ColorSpace, _color: &[f64], path: &Path) -> Result<(), OutputError> {
        self.segments(ctm, path, true);
        Ok(())
    }
}

/// What a PDF holds: tables drawn with lines, or text laid out as lines.
pub enum Content {
    /// One table of all pages' ruled tables.
    Tables(Vec<Table>),
    /// The pages' text, laid out by position (no ruling lines).
    Text(String),
}

/// Reads a PDF's text layer.
pub fn read(bytes: &[u8]) -> Result<Content, OfficeError> {
    let mut doc = pdf_extract::Document::load_mem(bytes).map_err(|e| OfficeError::whole(format!("the PDF cannot be opened: {e}")))?;
    if doc.is_encrypted() {
        return Err(OfficeError::whole("the PDF is encrypted: save an unprotected copy"));
    }
    if doc.get_pages().is_empty() {
        return Err(OfficeError::whole("the PDF has no pages (its page tree is missing or damaged)"));
    }
    let mut out = Collect::default();
    // The extractor panics on some malformed files: a panic here is a damaged file, not a crash.
    let run = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        // Loops the extractor would follow for ever are refused before it runs.
        check::check(&doc)?;
        clip::drop_hidden_text(&mut doc);
        pdf_extract::output_doc(&doc, &mut out).map_err(|e| OfficeError::whole(format!("the PDF's content cannot be read: {e:?}")))
    }));
    match run {
        Ok(r) => r?,
        Err(_) => return Err(OfficeError::whole("the PDF's content cannot be read (a damaged or unsupported file)")),
    }
    if out.too_big {
        return Err(OfficeError::whole(format!("more than {MAX_PAGES} pages or {MAX_GLYPHS} characters: more than jixiao reads")));
    }
    let glyphs: usize = out.pages.iter().map(|p| p.glyphs.len()).sum();
    if glyphs == 0 {
        return Err(OfficeError::whole(
            "the PDF has no text layer (a scanned image?): jixiao reads the text of a PDF, not pictures of it; use the original file or a copy with recognised text",
        ));
    }
    let unusable = out.pages.iter().flat_map(|p| p.glyphs.iter()).filter(|g| g.text.chars().any(|c| ('\u{e000}'..='\u{f8ff}').contains(&c) || c == '\u{fffd}' || c.is_control())).count();
    if unusable * 5 > glyphs {
        return Err(OfficeError::whole(
            "the PDF's fonts carry no Unicode mapping (ToUnicode), so its text cannot be read: export the table again with embedded Unicode fonts",
        ));
    }
    let ruled = out.pages.iter().filter(|p| p.hor.len() >= 2 && p.ver.len() >= 2).count();
    if ruled * 2 >= out.pages.iter().filter(|p| !p.glyphs.is_empty()).count().max(1) {
        Ok(Content::Tables(vec![join_pages(out.pages.iter().enumerate().map(|(i, p)| lattice(i + 1, p)).collect())?]))
    } else {
        Ok(Content::Text(out.pages.iter().map(stream).collect::<Vec<_>>().join("\n")))
    }
}

/// Positions within `tol` merged into one (sorted).
pub(crate) fn cluster(mut v: Vec<f64>, tol: f64) -> Vec<f64> {
    v.sort_by(|a, b| a.total_cmp(b));
    let mut out: Vec<(f64, usize)> = Vec::new();
    for x in v {
        match out.last_mut() {
            Some((c, n)) if (x - *c / *n as f64).abs() <= tol => {
                *c += x;
                *n += 1;
            }
            _ => out.push((x, 1)),
        }
    }
    out.into_iter().map(|(c, n)| c / n as f64).collect()
}

/// Glyphs grouped into lines by baseline (top of the page first), each line left to right.
fn by_baseline<'a>(glyphs: &mut [&'a Glyph]) -> Vec<Vec<&'a Glyph>> {
    glyphs.sort_by(|a, b| b.y.total_cmp(&a.y).then(a.x.total_cmp(&b.x)));
    let mut lines: Vec<Vec<&Glyph>> = Vec::new();
    for g in glyphs.iter() {
        match lines.last_mut() {
            Some(l) if (l[0].y - g.y).abs() <= l[0].size.min(g.size) * 0.5 => l.push(g),
            _ => lines.push(vec![g]),
        }
    }
    for l in &mut lines {
        l.sort_by(|a, b| a.x.total_cmp(&b.x));
    }
    lines
}

/// A line of text: its baseline, its text and the horizontal extent of each character.
type TextLine = (f64, String, Vec<(f64, f64)>);

/// Text lines of glyphs: grouped by baseline, ordered left to right, with a
/// space where a gap is wider than a third of the type size.
fn lines_of(glyphs: &mut [&Glyph]) -> Vec<TextLine> {
    by_baseline(glyphs)
        .into_iter()
        .map(|l| {
            let mut s = String::new();
            let mut spans = Vec::new();
            let mut prev: Option<&Glyph> = None;
            for g in &l {
                if g.text == " " {
                    if !s.is_empty() && !s.ends_with(' ') {
                        s.push(' ');
                    }
                    prev = Some(g);
                    continue;
                }
                if let Some(p) = prev {
                    // Behind an estimated advance only a wide gap is a space.
                    let tol = if p.estimated { 0.6 } else { 0.15 };
                    if g.x - p.x1 > g.size.min(p.size) * tol && !s.ends_with(' ') && !s.is_empty() {
                        s.push(' ');
                    }
                }
                s.push_str(&g.text);
                spans.push((g.x, g.x1));
                prev = Some(g);
            }
            (l[0].y, s.trim_end().to_string(), spans)
        })
        .collect()
}

/// A page without ruling lines as text: each line's glyphs placed at columns
/// proportional to their position (as `pdftotext -layout` does).
fn stream(page: &Page) -> String {
    let mut glyphs: Vec<&Glyph> = page.glyphs.iter().collect();
    let size = {
        let mut s: Vec<f64> = page.glyphs.iter().map(|g| g.size).collect();
        s.sort_by(|a, b| a.total_cmp(b));
        s.get(s.len() / 2).copied().unwrap_or(10.0).max(1.0)
    };
    let cell = size / 2.0;
    let left = page.glyphs.iter().map(|g| g.x).fold(f64::INFINITY, f64::min);
    let mut out = String::new();
    for l in by_baseline(&mut glyphs) {
        let mut line = String::new();
        let mut width = 0usize;
        let mut prev_end = f64::NEG_INFINITY;
        for g in l {
            if g.text == " " {
                continue;
            }
            let col = ((g.x - left) / cell).round().max(0.0) as usize;
            if col > width {
                let gap = if g.x - prev_end > size * 1.5 { (col - width).max(2) } else { col - width };
                line.extend(std::iter::repeat_n(' ', gap.min(400)));
                width += gap.min(400);
            } else if g.x - prev_end > size * 0.33 && !line.is_empty() {
                line.push(' ');
                width += 1;
            }
            line.push_str(&g.text);
            width += g.text.chars().map(|c| if c.is_ascii() { 1 } else { 2 }).sum::<usize>();
            prev_end = g.x1;
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

/// One page read by its ruling lines: the text above the table as rows of
/// cells split at wide gaps, the table's cells with their merged regions, and
/// the text below it (a page number is dropped).
pub(crate) struct PageTable {
    pub(crate) head: Vec<Vec<String>>,
    pub(crate) cells: Vec<Vec<String>>,
    pub(crate) merges: Vec<Merge>,
    pub(crate) width: usize,
    /// Regions (by their first cell) whose text reaches down to their bottom line.
    pub(crate) full: Vec<(usize, usize)>,
    /// The x of each column boundary, left to right (one more than the width).
    pub(crate) xs: Vec<f64>,
    /// Per column, the table's bottom line is not drawn under it: a cell that
    /// goes on over the page break, as LibreOffice prints one.
    pub(crate) open_bottom: Vec<bool>,
}

fn lattice(_n: usize, page: &Page) -> PageTable {
    let xs = cluster(page.ver.iter().map(|r| r.at).collect(), 1.5);
    let ys = {
        let mut y = cluster(page.hor.iter().map(|r| r.at).collect(), 1.5);
        y.reverse(); // top of the page first
        y
    };
    if xs.len() < 2 || ys.len() < 2 {
        return PageTable { head: free_rows(&page.glyphs.iter().collect::<Vec<_>>()), cells: Vec::new(), merges: Vec::new(), width: 0, full: Vec::new(), xs: Vec::new(), open_bottom: Vec::new() };
    }
    let (nr, nc) = (ys.len() - 1, xs.len() - 1);
    let covers = |rules: &[Rule], at: f64, mid: f64| rules.iter().any(|r| (r.at - at).abs() <= 1.5 && r.a - 1.0 <= mid && mid <= r.b + 1.0);
    // Boundaries: vertical between column c and c+1 in row r, horizontal between row r and r+1 in column c.
    let mut parent: Vec<usize> = (0..nr * nc).collect();
    fn find(p: &mut [usize], mut i: usize) -> usize {
        while p[i] != i {
            p[i] = p[p[i]];
            i = p[i];
        }
        i
    }
    let ver_index = index_rules(&page.ver);
    let hor_index = index_rules(&page.hor);
    for r in 0..nr {
        let ymid = (ys[r] + ys[r + 1]) / 2.0;
        for c in 0..nc {
            if c + 1 < nc && !covers(near(&ver_index, xs[c + 1]), xs[c + 1], ymid) {
                let (a, b) = (find(&mut parent, r * nc + c), find(&mut parent, r * nc + c + 1));
                parent[b] = a;
            }
            let xmid = (xs[c] + xs[c + 1]) / 2.0;
            if r + 1 < nr && !covers(near(&hor_index, ys[r + 1]), ys[r + 1], xmid) {
                let (a, b) = (find(&mut parent, r * nc + c), find(&mut parent, (r + 1) * nc + c));
                parent[b] = a;
            }
        }
    }
    // Region bounding boxes.
    let mut boxes: HashMap<usize, (usize, usize, usize, usize)> = HashMap::new();
    for r in 0..nr {
        for c in 0..nc {
            let root = find(&mut parent, r * nc + c);
            let e = boxes.entry(root).or_insert((r, c, r, c));
            e.0 = e.0.min(r);
            e.1 = e.1.min(c);
            e.2 = e.2.max(r);
            e.3 = e.3.max(c);
        }
    }
    // Glyphs into regions, the rest above or below the table.
    let (top, bottom) = (ys[0], ys[nr]);
    let (x_left, x_right) = (xs[0], xs[nc]);
    let mut in_region: HashMap<usize, Vec<&Glyph>> = HashMap::new();
    let mut above = Vec::new();
    let mut below = Vec::new();
    for g in &page.glyphs {
        // Right of the middle: an opening quote set half out to the left still lands in its cell.
        let (gx, gy) = (g.anchor, g.y + g.size * 0.3);
        if gy > top || gx < x_left || gx > x_right {
            if gy > top {
                above.push(g);
            } else {
                below.push(g);
            }
            continue;
        }
        if gy < bottom {
            below.push(g);
            continue;
        }
        let r = ys.iter().skip(1).position(|&y| gy >= y).unwrap_or(nr - 1).min(nr - 1);
        let c = xs.iter().skip(1).position(|&x| gx <= x).unwrap_or(nc - 1).min(nc - 1);
        let root = find(&mut parent, r * nc + c);
        in_region.entry(root).or_default().push(g);
    }
    let mut cells = vec![vec![String::new(); nc]; nr];
    let mut merges = Vec::new();
    let mut full = Vec::new();
    for (root, (r0, c0, r1, c1)) in &boxes {
        if let Some(gs) = in_region.get_mut(root) {
            let low = gs.iter().map(|g| g.y).fold(f64::INFINITY, f64::min);
            let size = gs.iter().map(|g| g.size).fold(0.0, f64::max);
            if low - ys[*r1 + 1] < size * 1.2 {
                full.push((*r0, *c0));
            }
            let lines = lines_of(gs);
            cells[*r0][*c0] = crate::table::flatten(&lines.into_iter().map(|l| l.1).collect::<Vec<_>>().join("\n"));
        }
        if r1 > r0 || c1 > c0 {
            merges.push(Merge { row: *r0, col: *c0, rows: r1 - r0 + 1, cols: c1 - c0 + 1 });
        }
    }
    merges.sort_by_key(|m| (m.row, m.col));
    let mut head = free_rows(&above);
    // Text below the table: kept unless it is a page number.
    for row in free_rows(&below) {
        let text = row.join(" ");
        if !is_page_number(&text) {
            head.push(row);
        }
    }
    let open_bottom = (0..nc).map(|c| !covers(near(&hor_index, ys[nr]), ys[nr], (xs[c] + xs[c + 1]) / 2.0)).collect();
    PageTable { head, cells, merges, width: nc, full, xs, open_bottom }
}

/// Rules sorted by position, for lookups near one position.
fn index_rules(rules: &[Rule]) -> Vec<Rule> {
    let mut v = rules.to_vec();
    v.sort_by(|a, b| a.at.total_cmp(&b.at));
    v
}

fn near(sorted: &[Rule], at: f64) -> &[Rule] {
    let lo = sorted.partition_point(|r| r.at < at - 1.5);
    let hi = sorted.partition_point(|r| r.at <= at + 1.5);
    &sorted[lo..hi]
}

/// Lines of free text as rows of cells split at gaps wider than two characters.
fn free_rows(glyphs: &[&Glyph]) -> Vec<Vec<String>> {
    split_rows(&mut glyphs.to_vec())
}

fn split_rows(glyphs: &mut [&Glyph]) -> Vec<Vec<String>> {
    by_baseline(glyphs)
        .into_iter()
        .map(|l| {
            let mut cells = vec![String::new()];
            let mut prev: Option<&Glyph> = None;
            for g in l {
                if g.text == " " {
                    continue;
                }
                if let Some(p) = prev {
                    let gap = g.x - p.x1;
                    if gap > g.size * 2.0 {
                        cells.push(String::new());
                    } else if gap > g.size * 0.15 {
                        cells.last_mut().expect("a cell").push(' ');
                    }
                }
                cells.last_mut().expect("a cell").push_str(&g.text);
                prev = Some(g);
            }
            cells
        })
        .collect()
}

/// `第 1 页，共 3 页`, `- 2 -`, `2 / 9`, `Page 3`.
fn is_page_number(text: &str) -> bool {
    let t: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    let digits = t.chars().filter(|c| c.is_ascii_digit()).count();
    if digits == 0 || t.chars().count() > 16 {
        return false;
    }
    t.chars().all(|c| c.is_ascii_digit() || "第页共，,/-—Page".contains(c))
}
