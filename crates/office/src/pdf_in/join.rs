//! The pages of a PDF table joined into one table.

use super::PageTable;
use crate::table::{Merge, Table, MAX_CELLS};
use crate::OfficeError;

/// The pages' tables as one: a header row repeated at the top of a page is
/// dropped, and a merged cell that a page break split (blank at the top of the
/// next page, under a region reaching the bottom of the last) is joined again.
pub(crate) fn join_pages(pages: Vec<PageTable>) -> Result<Table, OfficeError> {
    let pages = common_columns(pages);
    let width = pages.iter().map(|p| p.width.max(p.head.iter().map(Vec::len).max().unwrap_or(0))).max().unwrap_or(0);
    let mut cells: Vec<Vec<String>> = Vec::new();
    let mut merges: Vec<Merge> = Vec::new();
    let mut seen: std::collections::HashSet<Vec<String>> = std::collections::HashSet::new();
    let mut full: std::collections::HashSet<(usize, usize)> = std::collections::HashSet::new();
    let mut last_width = 0;
    // Whether a cell went on over a page break shows in the lines where the
    // writer leaves the bottom of such a cell open (LibreOffice); where every
    // page's table is closed (typst), it is read from the cells' text.
    let open_breaks = pages.iter().any(|p| !p.cells.is_empty() && p.open_bottom.iter().any(|&o| o));
    let mut last_open: Vec<bool> = Vec::new();
    let mut last_header: Option<Vec<String>> = None;
    let mut repeated: std::collections::HashSet<Vec<String>> = std::collections::HashSet::new();
    for (i, p) in pages.into_iter().enumerate() {
        if i == 0 {
            for row in p.head {
                cells.push(row);
            }
        }
        if p.cells.is_empty() {
            continue;
        }
        let mut rows = p.cells;
        let mut page_merges = p.merges;
        let mut skip = 0;
        // A header repeated at the top of the page: a row seen before, and the
        // header of the section in effect (a later section's own header may read
        // like an earlier one: the indicator header of a second plan).
        // Spreadsheet printers repeat fixed rows whatever the section: a row
        // dropped as a repeat once is one on every page.
        if i > 0 && seen.contains(&rows[0]) && (last_header.as_ref().is_none_or(|h| *h == rows[0]) || repeated.contains(&rows[0])) {
            skip = 1;
            repeated.insert(rows[0].clone());
        }
        for r in &rows {
            if r.iter().filter(|c| !c.trim().is_empty()).count() >= 2 {
                seen.insert(r.clone());
            }
        }
        let offset = cells.len();
        // Continuations of regions split by the page break, left to right.
        let mut joined = vec![false; p.width];
        let mut extents: Vec<Option<((usize, usize), usize)>> = vec![None; p.width];
        if i > 0 && skip < rows.len() && p.width == last_width {
            let first = skip;
            for c in 0..p.width {
                let starts_here = page_merges.iter().find(|m| m.row == first && m.col == c).copied().unwrap_or(Merge { row: first, col: c, rows: 1, cols: 1 });
                let open = open_breaks.then(|| last_open.get(c).copied().unwrap_or(false));
                if open == Some(false) {
                    continue;
                }
                if open.is_none() && c > 0 && !joined[c - 1] {
                    break;
                }
                // The region above: the one covering the last stored row in this column (or its single cell).
                let Some(last) = cells.len().checked_sub(1) else { break };
                let region = merges.iter().position(|m| m.col == c && m.row <= last && last < m.row + m.rows);
                let origin_row = region.map_or(last, |k| merges[k].row);
                let above_blank = cells[origin_row].get(c).is_none_or(|t| t.trim().is_empty());
                let top = rows[first][c].trim().to_string();
                // Joined when the part below is blank, or when the text went to the next page
                // (typst sets a merged cell's text where it fits).
                // Extent (first row, rows) of the region above, and rows of the part below.
                let extent = region.map_or((last, 1), |k| (merges[k].row, merges[k].rows));
                // Text on both sides: the text of one merged cell that went on over the
                // break, when the text above fills its region to the bottom of the page;
                // otherwise a new group starts here.
                // (and its left neighbour, joined too, spans its rows on both pages,
                // as a project's name does its goal, or a unit's its projects').
                let continued_text = !top.is_empty()
                    && !above_blank
                    && (open == Some(true)
                        || full.contains(&(origin_row, c))
                    // Category labels are short and stay whole; running text is long.
                    // The first column: a group's name (a unit) going on beside several rows.
                    && (c == 0 && starts_here.rows > 1
                        || cells[origin_row].get(c).is_some_and(|t| t.chars().count() >= 16)
                        && extents[c - 1].is_some_and(|(left, below)| left.0 <= extent.0 && starts_here.rows <= below))
                    // A cell of one row on both sides is two cells, whatever its neighbours.
                    && (extent.1 > 1 || starts_here.rows > 1));
                if !top.is_empty() && !above_blank && !continued_text {
                    break;
                }
                // A blank cell of one row at the bottom of a page is a blank cell: a
                // merged cell split there sets its text from its top.
                if !top.is_empty() && above_blank && open.is_none() && extent.1 == 1 {
                    break;
                }
                extents[c] = Some((extent, starts_here.rows));
                match region {
                    Some(k) if merges[k].cols == starts_here.cols => merges[k].rows += starts_here.rows,
                    None if starts_here.cols == 1 && !covered_from_left(&merges, last, c) => {
                        merges.push(Merge { row: last, col: c, rows: starts_here.rows + 1, cols: 1 })
                    }
                    // Not one region on both sides: where the lines tell, the next column may still be.
                    _ if open.is_some() => continue,
                    _ => break,
                }
                if !top.is_empty() {
                    if let Some(cell) = cells[origin_row].get_mut(c) {
                        *cell = if continued_text { crate::table::flatten(&format!("{cell}\n{top}")) } else { top };
                    }
                }
                page_merges.retain(|m| !(m.row == first && m.col == c));
                joined[c] = true;
            }
        }
        for &(r, c) in &p.full {
            if r >= skip {
                full.insert((r - skip + offset, c));
            }
        }
        for m in page_merges {
            if m.row >= skip {
                merges.push(Merge { row: m.row - skip + offset, ..m });
            }
        }
        if let Some(h) = rows[skip..].iter().rev().find(|r| header_like(r)) {
            last_header = Some(h.clone());
        }
        cells.extend(rows.drain(skip..));
        last_width = p.width;
        last_open = p.open_bottom;
        if cells.len() * width.max(1) > MAX_CELLS {
            return Err(OfficeError::whole(format!("more than {MAX_CELLS} table cells")));
        }
    }
    Ok(Table::new("PDF", cells, &merges))
}

/// A row that reads as column headings: at least three short labels, no
/// figures, the first column among them (a data row inside a group leaves the
/// group's columns blank).
fn header_like(row: &[String]) -> bool {
    if row.first().is_none_or(|c| c.trim().is_empty()) {
        return false;
    }
    let labels: Vec<&str> = row.iter().map(|c| c.trim()).filter(|c| !c.is_empty()).collect();
    labels.len() >= 3 && labels.iter().all(|c| c.chars().count() <= 10 && !c.chars().any(|ch| ch.is_ascii_digit()))
}

/// True when a cell lies inside a region that starts in a column to its left.
fn covered_from_left(merges: &[Merge], row: usize, col: usize) -> bool {
    merges.iter().any(|m| m.col < col && col < m.col + m.cols && m.row <= row && row < m.row + m.rows)
}

/// The pages' tables on one set of columns: the column boundaries of every
/// page together (a page whose rows span fewer columns, such as one of task
/// rows above a wider indicator table, has cells merged across the columns it
/// does not draw), so that the rows of consecutive pages line up.
fn common_columns(pages: Vec<PageTable>) -> Vec<PageTable> {
    let all: Vec<f64> = pages.iter().flat_map(|p| p.xs.iter().copied()).collect();
    let xs = super::cluster(all, 1.5);
    if xs.len() < 2 || pages.iter().all(|p| p.cells.is_empty() || p.xs.len() == xs.len()) {
        return pages;
    }
    let width = xs.len() - 1;
    let at = |x: f64| {
        let i = xs.partition_point(|&u| u < x);
        match (i.checked_sub(1), xs.get(i)) {
            (Some(j), Some(&u)) if x - xs[j] < u - x => j,
            (Some(j), None) => j,
            _ => i,
        }
    };
    pages
        .into_iter()
        .map(|mut p| {
            if p.cells.is_empty() || p.xs.len() == xs.len() {
                return p;
            }
            let map: Vec<usize> = p.xs.iter().map(|&x| at(x)).collect();
            let mut cells = vec![vec![String::new(); width]; p.cells.len()];
            let mut merges = Vec::new();
            let mut covered = vec![vec![false; p.width]; p.cells.len()];
            for m in &p.merges {
                for row in covered.iter_mut().skip(m.row).take(m.rows) {
                    row.iter_mut().skip(m.col).take(m.cols).for_each(|c| *c = true);
                }
            }
            for (r, row) in p.cells.iter_mut().enumerate() {
                for c in 0..row.len().min(p.width) {
                    let own = p.merges.iter().find(|m| m.row == r && m.col == c);
                    if own.is_none() && covered[r][c] {
                        continue;
                    }
                    let (rows, cols) = own.map_or((1, 1), |m| (m.rows, m.cols));
                    let (from, to) = (map[c], map[(c + cols).min(p.width)]);
                    if to <= from || from >= width {
                        continue;
                    }
                    cells[r][from] = std::mem::take(&mut row[c]);
                    if rows > 1 || to - from > 1 {
                        merges.push(Merge { row: r, col: from, rows, cols: to - from });
                    }
                }
            }
            p.full = p.full.iter().map(|&(r, c)| (r, map[c.min(p.width)])).collect();
            let mut open_bottom = vec![false; width];
            for (c, &open) in p.open_bottom.iter().enumerate() {
                open_bottom[map[c]..map[c + 1].min(width)].iter_mut().for_each(|o| *o = open);
            }
            PageTable { cells, merges, width, xs: xs.clone(), open_bottom, ..p }
        })
        .collect()
}
