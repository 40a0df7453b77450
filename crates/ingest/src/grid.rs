//! The cell grid: the one intermediate form between a file and the readers.
//!
//! A grid is rows of cells, each cell with its spans and the place it came
//! from. Text becomes a grid by one of several ways of splitting lines
//! ([`Split`]); office formats build grids of their own (rows of a sheet, a
//! `<table>`, a PDF page's text columns) with real spans. The header-driven
//! interpreter ([`crate::interpret`]) reads any grid.

use crate::text::{is_rule_line, split_pipes, split_wide, Source};

/// How the cells of a text's lines were split.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Split {
    /// Tab-separated cells (a spreadsheet copied as text).
    Tabs,
    /// `a | b | c` cells (markdown or ASCII tables; rule lines dropped).
    Pipes,
    /// Cells apart by two or more columns of white space (a drawn table).
    Wide,
    /// Cells apart by any white space (an HTML table copied as text).
    Single,
    /// One cell per line, blank lines for empty cells (a table copied cell by cell).
    PerLine,
    /// No separators at all: cells run together and are told apart by vocabulary.
    Flat,
    /// Cells from an office file (a sheet, an HTML or DOCX table, a PDF page).
    Office,
}

impl Split {
    /// Every way of splitting text, in the order ties are broken.
    pub const TEXT: [Split; 6] = [Split::Tabs, Split::Pipes, Split::Wide, Split::Single, Split::PerLine, Split::Flat];

    /// The name shown by `jixiao parse --explain`.
    pub fn name(self) -> &'static str {
        match self {
            Split::Tabs => "tabs",
            Split::Pipes => "pipes",
            Split::Wide => "wide spaces",
            Split::Single => "single spaces",
            Split::PerLine => "one cell per line",
            Split::Flat => "no separators",
            Split::Office => "office cells",
        }
    }
}

/// One cell.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cell {
    /// The cell's text as printed (not yet cleaned).
    pub text: String,
    /// Columns and rows the cell covers (1 and 1 for an unmerged cell).
    pub col_span: u32,
    /// Rows the cell covers.
    pub row_span: u32,
    /// Where the cell starts on its line, in characters and in display width
    /// (cells split by white space); 0 otherwise.
    pub char_col: usize,
    /// Start in display width.
    pub width_col: usize,
}

impl Cell {
    /// An unmerged cell.
    pub fn new(text: impl Into<String>) -> Self {
        Cell { text: text.into(), col_span: 1, row_span: 1, char_col: 0, width_col: 0 }
    }

    /// True when the cell holds only white space.
    pub fn is_blank(&self) -> bool {
        self.text.trim().is_empty()
    }
}

/// One row of cells and the place it came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    /// 1-based line of the text (or row of the sheet) the row came from.
    pub line: usize,
    /// The row's text as printed: the line, or the cells joined by tabs.
    pub raw: String,
    /// Its cells.
    pub cells: Vec<Cell>,
}

impl Row {
    /// True when every cell is blank.
    pub fn is_blank(&self) -> bool {
        self.cells.iter().all(Cell::is_blank)
    }

    /// The number of cells that are not blank.
    pub fn filled(&self) -> usize {
        self.cells.iter().filter(|c| !c.is_blank()).count()
    }
}

/// A grid: rows of cells, and how they were split.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Grid {
    /// How the cells were split.
    pub split: Split,
    /// The place the rows came from, for messages (`sheet 表1`, `page 2`); empty for text.
    pub place: String,
    /// The rows.
    pub rows: Vec<Row>,
}

impl Grid {
    /// Splits a text into a grid, one row per line.
    pub fn from_text(src: &Source, split: Split) -> Grid {
        let rows = src
            .lines
            .iter()
            .filter(|l| !(matches!(split, Split::Pipes | Split::Wide | Split::Single) && is_rule_line(l.raw)))
            .map(|l| Row { line: l.no, raw: l.raw.to_string(), cells: split_text_line(l.raw, split) })
            .collect();
        Grid { split, place: String::new(), rows }
    }

    /// A grid of rows of cells (an office file's table), with `place` naming it.
    pub fn from_cells(place: impl Into<String>, rows: Vec<(usize, Vec<Cell>)>) -> Grid {
        let rows = rows
            .into_iter()
            .map(|(line, cells)| {
                let raw = cells.iter().map(|c| c.text.as_str()).collect::<Vec<_>>().join("\t");
                Row { line, raw, cells }
            })
            .collect();
        Grid { split: Split::Office, place: place.into(), rows }
    }

    /// The grid with merged cells spread out: a cell spanning several columns is
    /// followed by blank cells for the columns it covers, so that every row's
    /// cells stand under their header columns.
    pub fn spread(mut self) -> Grid {
        for row in &mut self.rows {
            if row.cells.iter().all(|c| c.col_span <= 1) {
                continue;
            }
            let mut out = Vec::with_capacity(row.cells.len());
            for c in row.cells.drain(..) {
                let extra = c.col_span.saturating_sub(1).min(256);
                out.push(c);
                for _ in 0..extra {
                    out.push(Cell::new(""));
                }
            }
            row.cells = out;
        }
        self
    }
}

/// The cells of one line of text, split one way.
pub fn split_text_line(raw: &str, split: Split) -> Vec<Cell> {
    match split {
        Split::Tabs => raw.split('\t').map(Cell::new).collect(),
        Split::Pipes => {
            if raw.contains(['|', '│']) {
                split_pipes(raw).into_iter().map(Cell::new).collect()
            } else {
                vec![Cell::new(raw.trim())]
            }
        }
        Split::Wide => split_wide(raw)
            .into_iter()
            .map(|c| Cell { char_col: c.char_col, width_col: c.width_col, ..Cell::new(c.text) })
            .collect(),
        Split::Single => raw.split_whitespace().map(Cell::new).collect(),
        Split::PerLine | Split::Flat | Split::Office => {
            // `|` and `|||` lines are artefacts of empty cells.
            let t = raw.trim();
            if t.chars().all(|c| matches!(c, '|' | '│')) {
                vec![Cell::new("")]
            } else {
                vec![Cell::new(t)]
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_lines_each_way() {
        let texts = |cells: Vec<Cell>| cells.into_iter().map(|c| c.text).collect::<Vec<_>>();
        assert_eq!(texts(split_text_line("a\tb\t", Split::Tabs)), ["a", "b", ""]);
        assert_eq!(texts(split_text_line("| a | b |", Split::Pipes)), [" a ", " b "]);
        assert_eq!(texts(split_text_line("甲  乙 丙", Split::Wide)), ["甲", "乙 丙"]);
        assert_eq!(texts(split_text_line("甲  乙 丙", Split::Single)), ["甲", "乙", "丙"]);
        assert_eq!(texts(split_text_line(" ||| ", Split::PerLine)), [""]);
    }

    #[test]
    fn spreads_merged_cells() {
        let wide = Cell { col_span: 3, ..Cell::new("产出指标") };
        let g = Grid::from_cells("sheet 1", vec![(1, vec![wide, Cell::new("x")])]).spread();
        assert_eq!(g.rows[0].cells.len(), 4);
        assert_eq!(g.rows[0].cells[3].text, "x");
    }
}
