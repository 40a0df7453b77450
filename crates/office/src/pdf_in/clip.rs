//! Text a page's clipping hides, taken out before the text is read.
//!
//! The extractor ignores clipping paths. Some writers depend on them: LibreOffice
//! sets the whole text of a cell merged across a page break on every page the
//! cell touches and clips each copy to the part of the cell on that page, so
//! without clipping the hidden lines land in other cells, in the repeated
//! header or below the table. Each text-showing operator of a page's content
//! whose starting point lies outside the clipping rectangle in force (the
//! bounding box of the clipping paths, intersected, in page space) is removed.

use pdf_extract::content::{Content, Operation};
use pdf_extract::{Dictionary, Document, Object, ObjectId, Stream};

/// An affine matrix `[a b c d e f]` as PDF writes it (row vector times matrix).
type Matrix = [f64; 6];

const IDENTITY: Matrix = [1.0, 0.0, 0.0, 1.0, 0.0, 0.0];

/// `m` then `n`: a point is transformed by `m` first.
fn mul(m: &Matrix, n: &Matrix) -> Matrix {
    [
        m[0] * n[0] + m[1] * n[2],
        m[0] * n[1] + m[1] * n[3],
        m[2] * n[0] + m[3] * n[2],
        m[2] * n[1] + m[3] * n[3],
        m[4] * n[0] + m[5] * n[2] + n[4],
        m[4] * n[1] + m[5] * n[3] + n[5],
    ]
}

fn apply(m: &Matrix, x: f64, y: f64) -> (f64, f64) {
    (m[0] * x + m[2] * y + m[4], m[1] * x + m[3] * y + m[5])
}

/// A rectangle (x0, y0, x1, y1) with x0 ≤ x1 and y0 ≤ y1.
type Rect = (f64, f64, f64, f64);

fn numbers(op: &Operation) -> Vec<f64> {
    op.operands.iter().filter_map(|o| o.as_float().ok().map(f64::from)).collect()
}

/// What is drawn so far of the page's content, as the filter walks it.
struct Walk {
    ctm: Matrix,
    clip: Option<Rect>,
    stack: Vec<(Matrix, Option<Rect>)>,
    /// The bounding box of the path being built, in page space.
    path: Option<Rect>,
    clip_pending: bool,
    tm: Matrix,
    tlm: Matrix,
    leading: f64,
    size: f64,
    /// The text position is known (no text shown since it was last set).
    placed: bool,
}

impl Walk {
    fn extend_path(&mut self, x: f64, y: f64) {
        let (x, y) = apply(&self.ctm, x, y);
        self.path = Some(match self.path {
            None => (x, y, x, y),
            Some((a, b, c, d)) => (a.min(x), b.min(y), c.max(x), d.max(y)),
        });
    }

    fn end_path(&mut self) {
        if self.clip_pending {
            let p = self.path.unwrap_or((0.0, 0.0, 0.0, 0.0));
            self.clip = Some(match self.clip {
                None => p,
                Some((a, b, c, d)) => (a.max(p.0), b.max(p.1), c.min(p.2), d.min(p.3)),
            });
        }
        self.path = None;
        self.clip_pending = false;
    }

    fn next_line(&mut self, tx: f64, ty: f64) {
        self.tlm = mul(&[1.0, 0.0, 0.0, 1.0, tx, ty], &self.tlm);
        self.tm = self.tlm;
        self.placed = true;
    }

    /// True when text shown now would start outside the clipping rectangle.
    fn hidden(&self) -> bool {
        let Some((x0, y0, x1, y1)) = self.clip else { return false };
        let m = mul(&self.tm, &self.ctm);
        let (x, y) = (m[4], m[5]);
        let size = (self.size * m[2].hypot(m[3])).abs().max(0.5);
        // The middle of the glyphs' height must be inside; the start too, when it is known.
        let mid = y + 0.35 * size;
        mid < y0 || mid > y1 || (self.placed && (x < x0 - size || x > x1 + size))
    }
}

/// The content with hidden text removed, or `None` when nothing is hidden.
fn filter(content: &[u8]) -> Option<Vec<u8>> {
    let content = Content::decode(content).ok()?;
    let mut w = Walk {
        ctm: IDENTITY,
        clip: None,
        stack: Vec::new(),
        path: None,
        clip_pending: false,
        tm: IDENTITY,
        tlm: IDENTITY,
        leading: 0.0,
        size: 1.0,
        placed: true,
    };
    let mut out = Vec::with_capacity(content.operations.len());
    let mut dropped = false;
    for op in content.operations {
        let n = numbers(&op);
        match op.operator.as_str() {
            "q" => w.stack.push((w.ctm, w.clip)),
            "Q" => {
                if let Some((ctm, clip)) = w.stack.pop() {
                    (w.ctm, w.clip) = (ctm, clip);
                }
            }
            "cm" if n.len() == 6 => w.ctm = mul(&[n[0], n[1], n[2], n[3], n[4], n[5]], &w.ctm),
            "re" if n.len() == 4 => {
                w.extend_path(n[0], n[1]);
                w.extend_path(n[0] + n[2], n[1] + n[3]);
            }
            "m" | "l" if n.len() == 2 => w.extend_path(n[0], n[1]),
            "c" | "v" | "y" => n.chunks_exact(2).for_each(|p| w.extend_path(p[0], p[1])),
            "W" | "W*" => w.clip_pending = true,
            "n" | "S" | "s" | "f" | "F" | "f*" | "B" | "B*" | "b" | "b*" => w.end_path(),
            "BT" => {
                (w.tm, w.tlm, w.placed) = (IDENTITY, IDENTITY, true);
            }
            "Tf" if n.len() == 1 => w.size = n[0],
            "TL" if n.len() == 1 => w.leading = n[0],
            "Td" if n.len() == 2 => w.next_line(n[0], n[1]),
            "TD" if n.len() == 2 => {
                w.leading = -n[1];
                w.next_line(n[0], n[1]);
            }
            "Tm" if n.len() == 6 => {
                w.tlm = [n[0], n[1], n[2], n[3], n[4], n[5]];
                w.tm = w.tlm;
                w.placed = true;
            }
            "T*" => w.next_line(0.0, -w.leading),
            "Tj" | "TJ" => {
                if w.hidden() {
                    dropped = true;
                    continue;
                }
                w.placed = false;
            }
            "'" | "\"" => {
                if op.operator == "\"" && op.operands.len() == 3 {
                    out.push(Operation::new("Tw", vec![op.operands[0].clone()]));
                    out.push(Operation::new("Tc", vec![op.operands[1].clone()]));
                }
                w.next_line(0.0, -w.leading);
                if w.hidden() {
                    dropped = true;
                    out.push(Operation::new("T*", Vec::new()));
                    continue;
                }
                w.placed = false;
                if op.operator == "\"" {
                    out.push(Operation::new("T*", Vec::new()));
                    out.push(Operation::new("Tj", op.operands.get(2).cloned().into_iter().collect()));
                    continue;
                }
            }
            _ => {}
        }
        out.push(op);
    }
    if !dropped {
        return None;
    }
    Content { operations: out }.encode().ok()
}

/// Takes the hidden text out of every page's content (pages whose content
/// cannot be decoded are left to the extractor to report).
pub(super) fn drop_hidden_text(doc: &mut Document) {
    let pages: Vec<ObjectId> = doc.get_pages().into_values().collect();
    for page in pages {
        let Ok(content) = doc.get_page_content(page) else { continue };
        let Some(filtered) = filter(&content) else { continue };
        let id = doc.add_object(Stream::new(Dictionary::new(), filtered));
        if let Ok(dict) = doc.get_object_mut(page).and_then(Object::as_dict_mut) {
            dict.set("Contents", Object::Reference(id));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shown(content: &str) -> String {
        let out = filter(content.as_bytes()).map_or(content.to_string(), |b| String::from_utf8(b).unwrap());
        Content::decode(out.as_bytes())
            .unwrap()
            .operations
            .iter()
            .filter(|o| o.operator == "Tj")
            .map(|o| String::from_utf8_lossy(o.operands[0].as_str().unwrap()).into_owned())
            .collect::<Vec<_>>()
            .join(",")
    }

    #[test]
    fn text_outside_the_clip_is_removed() {
        let c = "q 10 10 100 20 re W n BT /F1 10 Tf 12 15 Td (in) Tj ET BT /F1 10 Tf 12 40 Td (above) Tj ET BT 12 -5 Td (below) Tj ET Q BT 12 40 Td (free) Tj ET";
        assert_eq!(shown(c), "in,free");
    }

    #[test]
    fn the_clip_follows_the_ctm_and_the_graphics_stack() {
        // Scaled by 2: the clip is 20..220 × 20..60 on the page.
        let c = "q 2 0 0 2 0 0 cm q 10 10 100 20 re W n BT /F1 5 Tf 50 20 Td (in) Tj 0 30 Td (out) Tj ET Q BT 50 50 Td (unclipped) Tj ET Q";
        assert_eq!(shown(c), "in,unclipped");
    }

    #[test]
    fn a_page_without_hidden_text_is_left_alone() {
        assert!(filter(b"BT /F1 10 Tf 12 15 Td (a) Tj ET").is_none());
        assert!(filter(b"q 0 0 500 500 re W n BT /F1 10 Tf 12 15 Td (a) Tj ET Q").is_none());
    }
}
