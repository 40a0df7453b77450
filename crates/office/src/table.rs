//! A table read from an office file: a dense matrix of cell texts, with the
//! merged regions that cover them.
//!
//! Every reader (sheet, HTML, DOCX, PDF) builds a [`Table`]; the table becomes
//! the ingest crate's cell grid ([`Table::to_grid`]) or the tab-separated text
//! a spreadsheet copy gives ([`Table::to_tsv`]), and the jixiao layout reader
//! reads it directly with its merged regions.

use jixiao_ingest::grid::{Cell, Grid};

/// Limits on what one table may hold: beyond them a file is refused with a
/// clear error instead of filling memory.
pub const MAX_ROWS: usize = 200_000;
/// Columns of one table.
pub const MAX_COLS: usize = 512;
/// Cells of one table (rows × columns).
pub const MAX_CELLS: usize = 4_000_000;

/// One table: rows of cells and the merged regions over them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Table {
    /// Where the table came from, for messages (`sheet 表1`, `table 2`, `page 3`).
    pub place: String,
    /// Cell texts, row by row, every row as wide as the widest (covered cells empty).
    pub cells: Vec<Vec<String>>,
    /// The top-left corner of the merged region covering each cell (its own
    /// place for an unmerged cell); empty when the table has no merged region
    /// (see [`Table::origin`]).
    origin: Vec<Vec<(u32, u32)>>,
    /// The table had merged regions at all (a CSV or a text table has none).
    pub merged: bool,
    /// 1-based row numbers of the source (sheet rows), one per row.
    pub lines: Vec<usize>,
}

/// A merged region: first row and column, and how many rows and columns it covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Merge {
    /// First row (0-based).
    pub row: usize,
    /// First column (0-based).
    pub col: usize,
    /// Rows covered (at least 1).
    pub rows: usize,
    /// Columns covered (at least 1).
    pub cols: usize,
}

impl Table {
    /// A table of rows of texts with merged regions (clipped to the table).
    /// Rows are padded to the widest; every region's text is its top-left cell's.
    pub fn new(place: impl Into<String>, mut cells: Vec<Vec<String>>, merges: &[Merge]) -> Table {
        let width = cells.iter().map(Vec::len).max().unwrap_or(0);
        for row in &mut cells {
            row.resize(width, String::new());
        }
        let mut origin: Vec<Vec<(u32, u32)>> = Vec::new();
        let mut merged = false;
        for m in merges {
            if m.row >= cells.len() || m.col >= width {
                continue;
            }
            let r1 = (m.row + m.rows.max(1)).min(cells.len());
            let c1 = (m.col + m.cols.max(1)).min(width);
            if r1 - m.row <= 1 && c1 - m.col <= 1 {
                continue;
            }
            if !merged {
                // Corners are kept only for a table with merged regions (a large CSV has none).
                origin = (0..cells.len()).map(|r| (0..width).map(|c| (r as u32, c as u32)).collect()).collect();
            }
            merged = true;
            for (r, row) in origin.iter_mut().enumerate().take(r1).skip(m.row) {
                for (c, o) in row.iter_mut().enumerate().take(c1).skip(m.col) {
                    *o = (m.row as u32, m.col as u32);
                    if (r, c) != (m.row, m.col) {
                        cells[r][c].clear();
                    }
                }
            }
        }
        let lines = (1..=cells.len()).collect();
        Table { place: place.into(), cells, origin, merged, lines }
    }

    /// Number of columns.
    pub fn width(&self) -> usize {
        self.cells.first().map_or(0, Vec::len)
    }

    /// True when no cell holds text.
    pub fn is_blank(&self) -> bool {
        self.cells.iter().all(|r| r.iter().all(|c| c.trim().is_empty()))
    }

    /// The top-left corner of the region covering a place (the place itself
    /// when unmerged); `None` outside the table.
    pub fn origin(&self, row: usize, col: usize) -> Option<(u32, u32)> {
        if !self.merged {
            return self.cells.get(row).and_then(|r| r.get(col)).map(|_| (row as u32, col as u32));
        }
        self.origin.get(row).and_then(|r| r.get(col)).copied()
    }

    /// The text shown at a place: the text of the region covering it.
    pub fn shown(&self, row: usize, col: usize) -> &str {
        match self.origin(row, col) {
            Some((r, c)) => self.cells[r as usize][c as usize].as_str(),
            None => "",
        }
    }

    /// True when the cell starts its region (or is unmerged).
    pub fn is_origin(&self, row: usize, col: usize) -> bool {
        self.origin(row, col) == Some((row as u32, col as u32))
    }

    /// Rows with no text at all dropped at both ends, and columns empty in every row dropped.
    pub fn trimmed(mut self) -> Table {
        let keep_col: Vec<bool> =
            (0..self.width()).map(|c| self.cells.iter().any(|r| !r[c].trim().is_empty())).collect();
        if keep_col.iter().all(|k| *k) {
            return self;
        }
        // Map old columns to new ones; a region whose first column goes moves to its first kept column.
        let new_index: Vec<Option<usize>> = keep_col
            .iter()
            .scan(0usize, |n, &k| {
                let i = if k { Some(*n) } else { None };
                if k {
                    *n += 1;
                }
                Some(i)
            })
            .collect();
        for r in 0..self.cells.len() {
            let mut cells = Vec::new();
            let mut origin = Vec::new();
            for (c, k) in keep_col.iter().enumerate() {
                if !*k {
                    continue;
                }
                cells.push(std::mem::take(&mut self.cells[r][c]));
                if self.merged {
                    let (or, oc) = self.origin[r][c];
                    let oc = (oc as usize..=c).find_map(|x| new_index[x]).unwrap_or(0);
                    origin.push((or, oc as u32));
                }
            }
            self.cells[r] = cells;
            if self.merged {
                self.origin[r] = origin;
            }
        }
        self
    }

    /// The table as the ingest crate's cell grid: each region's text in its
    /// top-left cell with its spans; cells covered by a region from a row above
    /// are blank, cells covered from the left are left out (so that
    /// [`Grid::spread`] puts every cell back under its column).
    pub fn to_grid(&self) -> Grid {
        let mut rows = Vec::with_capacity(self.cells.len());
        for (r, row) in self.cells.iter().enumerate() {
            let mut cells = Vec::with_capacity(row.len());
            let mut c = 0;
            while c < row.len() {
                let here = self.origin(r, c);
                let (or, oc) = here.map_or((r, c), |(a, b)| (a as usize, b as usize));
                let span_c = (c..row.len()).take_while(|&x| self.origin(r, x) == here).count();
                if (or, oc) == (r, c) {
                    let span_r = (r..self.cells.len()).take_while(|&y| self.origin(y, c) == Some((r as u32, c as u32))).count();
                    cells.push(Cell { col_span: span_c as u32, row_span: span_r as u32, ..Cell::new(flatten(&row[c])) });
                } else if or < r {
                    // Covered from above: one blank cell per column.
                    cells.extend((0..span_c).map(|_| Cell::new("")));
                } else {
                    // Covered from the left within this row: the origin's span covers it.
                }
                c += span_c.max(1);
            }
            rows.push((self.lines.get(r).copied().unwrap_or(r + 1), cells));
        }
        Grid::from_cells(self.place.clone(), rows)
    }

    /// The table as tab-separated text, as a spreadsheet copy gives it: a region's
    /// text in its top-left cell, the cells it covers empty, line breaks inside a
    /// cell joined.
    pub fn to_tsv(&self) -> String {
        let mut out = String::new();
        for row in &self.cells {
            let line: Vec<String> = row.iter().map(|c| flatten(c).replace('\t', " ")).collect();
            out.push_str(line.join("\t").trim_end_matches('\t'));
            out.push('\n');
        }
        out
    }
}

/// A cell's lines joined into one: no space between two CJK characters (a line
/// broken by wrapping), a space otherwise.
pub fn flatten(text: &str) -> String {
    if !text.contains(['\n', '\r']) {
        return text.trim().to_string();
    }
    let mut out = String::new();
    for line in text.split(['\n', '\r']).map(str::trim).filter(|l| !l.is_empty()) {
        let prev_wide = out.chars().last().is_some_and(|c| !c.is_ascii());
        let next_wide = line.chars().next().is_some_and(|c| !c.is_ascii());
        if !(out.is_empty() || prev_wide || next_wide) {
            out.push(' ');
        }
        out.push_str(line);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(rows: &[&[&str]], merges: &[Merge]) -> Table {
        Table::new("sheet 1", rows.iter().map(|r| r.iter().map(|s| s.to_string()).collect()).collect(), merges)
    }

    #[test]
    fn merged_regions_keep_their_text_in_the_corner() {
        let tab = t(&[&["产出", "数量", "a"], &["", "", "b"], &["效益", "x", "c"]], &[Merge { row: 0, col: 0, rows: 2, cols: 2 }]);
        assert!(tab.merged);
        assert_eq!(tab.shown(1, 1), "产出");
        assert!(tab.is_origin(0, 0) && !tab.is_origin(1, 0));
        let grid = tab.to_grid();
        assert_eq!(grid.rows[0].cells.len(), 2);
        assert_eq!((grid.rows[0].cells[0].col_span, grid.rows[0].cells[0].row_span), (2, 2));
        let spread = grid.spread();
        assert!(spread.rows.iter().all(|r| r.cells.len() == 3));
        assert_eq!(spread.rows[1].cells[2].text, "b");
        assert_eq!(tab.to_tsv(), "产出\t\ta\n\t\tb\n效益\tx\tc\n");
    }

    #[test]
    fn regions_outside_the_table_are_clipped() {
        let tab = t(&[&["a", "b"]], &[Merge { row: 0, col: 1, rows: 9, cols: 9 }, Merge { row: 5, col: 0, rows: 2, cols: 2 }]);
        assert!(!tab.merged);
        assert_eq!(tab.cells, vec![vec!["a".to_string(), "b".to_string()]]);
    }

    #[test]
    fn wrapped_lines_join_without_a_space_between_chinese() {
        assert_eq!(flatten("提高群众\n满意度"), "提高群众满意度");
        assert_eq!(flatten("plan\nB"), "plan B");
        assert_eq!(flatten(" x "), "x");
    }

    #[test]
    fn empty_columns_are_dropped() {
        let tab = t(&[&["a", "", "b"], &["c", "", "d"]], &[]).trimmed();
        assert_eq!(tab.width(), 2);
        assert_eq!(tab.shown(1, 1), "d");
    }
}
