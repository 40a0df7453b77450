//! Hostile files: zip bombs, sheets beyond the size limits, PDFs whose objects
//! refer back to themselves, and truncated or garbage files of every format.
//! Each is refused with an error that names the problem, in bounded memory:
//! every case measures the peak resident memory of its reading (the cases run
//! one at a time, each resetting the peak first).
//!
//! The files are built here: zip containers and deflate streams by hand (a
//! gigabyte of zeros compresses to a few megabytes without being held), PDFs
//! with lopdf (through pdf-extract).

use std::sync::Mutex;
use std::time::Instant;

use jixiao_ingest::Options;
use pdf_extract::{dictionary, Dictionary, Document, Object, Stream};

use build::{deflate, xlsx, zip, Entry, Piece};

/// Peak resident memory of one reading at most, the test binary's own included.
const MAX_PEAK_MB: u64 = 1024;
const GIB: u64 = 1 << 30;

/// The cases run one at a time so that each one's peak memory is its own.
static SERIAL: Mutex<()> = Mutex::new(());

fn status_kb(key: &str) -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix(key))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap_or(0)
}

extern "C" {
    /// glibc: returns the free memory of every arena to the system.
    fn malloc_trim(pad: usize) -> i32;
}

/// Reads a file as jixiao does (and its tables too, when `tables`), in bounded
/// memory; returns the reading's error text.
fn measured(name: &str, bytes: &[u8], tables: bool) -> Result<String, String> {
    let _one = SERIAL.lock().unwrap_or_else(|e| e.into_inner());
    // Free memory of earlier cases goes back first; then writing 5 resets the
    // peak (VmHWM) to the resident size now (Linux 4.0 and later).
    // SAFETY: malloc_trim only releases free memory; it has no preconditions.
    unsafe { malloc_trim(0) };
    let _ = std::fs::write("/proc/self/clear_refs", "5");
    let base = status_kb("VmRSS:") >> 10;
    let start = Instant::now();
    let result = jixiao_office::read(name, bytes, &Options::default()).map(|r| r.document.source).map_err(|e| e.to_string());
    let tables = if tables { format!("{:?}", jixiao_office::tables(bytes).map(|t| t.len()).map_err(|e| e.reason)) } else { "-".into() };
    let peak = status_kb("VmHWM:") >> 10;
    println!(
        "hostile: {name} ({} KB): {result:?} | tables: {tables} | peak {peak} MB (from {base} MB), {} ms",
        bytes.len() >> 10,
        start.elapsed().as_millis()
    );
    assert!(peak < MAX_PEAK_MB, "{name}: peak resident memory {peak} MB");
    result
}

/// The file is refused by [`jixiao_office::read`] and the error names the problem
/// (every needle is in it); [`jixiao_office::tables`] is called on it too.
fn refused(name: &str, bytes: &[u8], needles: &[&str]) {
    refused_by(name, bytes, needles, true);
}

fn refused_by(name: &str, bytes: &[u8], needles: &[&str], tables: bool) {
    match measured(name, bytes, tables) {
        Ok(_) => panic!("{name}: read, not refused"),
        Err(e) => {
            for n in needles {
                assert!(e.contains(n), "{name}: the error does not say {n:?}: {e}");
            }
        }
    }
}

// --- (a) zip bombs ----------------------------------------------------------

/// `len` zeros as one deflate stream (a gigabyte takes 6.6 MB).
fn zeros(len: u64) -> Vec<u8> {
    deflate(&[Piece::Repeat(b"\0", len)])
}

#[test]
fn xlsx_zip_bomb_is_refused_by_its_declared_size() {
    let sheet = Entry::deflated("xl/worksheets/sheet1.xml", zeros(GIB), GIB);
    refused("bomb.xlsx", &xlsx(sheet, Vec::new()), &["xl/worksheets/sheet1.xml", "inflates to 1024 MB", "zip bomb"]);
}

#[test]
fn xlsx_zip_bomb_that_lies_about_its_size_is_refused() {
    let sheet = Entry::deflated("xl/worksheets/sheet1.xml", zeros(GIB), 4096);
    refused("liar.xlsx", &xlsx(sheet, Vec::new()), &["xl/worksheets/sheet1.xml", "larger than its declared", "zip bomb"]);
}

#[test]
fn docx_zip_bomb_is_refused_whatever_it_declares() {
    for (declared, says) in [(GIB, "inflates to 1024 MB"), (100_000, "larger than its declared")] {
        let doc = zip(&[build::docx_types(), Entry::deflated("word/document.xml", zeros(GIB), declared)]);
        refused("bomb.docx", &doc, &["word/document.xml", says, "zip bomb"]);
    }
}

#[test]
fn parts_that_inflate_beyond_the_total_are_refused() {
    // Three images of 200 MB each: none too large, all of them together are.
    let part = zeros(200 << 20);
    let extra = (1..=3).map(|i| Entry::deflated(&format!("xl/media/image{i}.png"), part.clone(), 200 << 20)).collect();
    let sheet = Entry::stored("xl/worksheets/sheet1.xml", &build::sheet_xml("", r#"<c r="A1" t="inlineStr"><is><t>一级指标</t></is></c>"#));
    refused("images.xlsx", &xlsx(sheet, extra), &["xl/media/image3.png", "more than 512 MB in all"]);
}

#[test]
fn overlapping_parts_are_refused() {
    // One compressed megabyte listed 2001 times by the central directory: 2 GB in all.
    let mut entries = vec![Entry::deflated("xl/worksheets/sheet1.xml", zeros(1 << 20), 1 << 20)];
    entries[0].aliases = 2000;
    let book = xlsx(entries.remove(0), Vec::new());
    refused("overlap.xlsx", &book, &["more than 512 MB in all", "zip bomb"]);
}

// --- (b) huge sheets --------------------------------------------------------

fn one_sheet(dimension: &str, cells: &str) -> Vec<u8> {
    xlsx(Entry::stored("xl/worksheets/sheet1.xml", &build::sheet_xml(dimension, cells)), Vec::new())
}

#[test]
fn a_cell_beyond_the_last_row_is_refused() {
    let cells = r#"<c r="A1" t="inlineStr"><is><t>一级指标</t></is></c></row><row r="300001"><c r="B300001"><v>1</v></c>"#;
    refused("rows.xlsx", &one_sheet("A1:B300001", cells), &["sheet 表1", "cell B300001 lies beyond the 200000 rows × 512 columns"]);
}

#[test]
fn a_cell_beyond_the_last_column_is_refused() {
    let col = jixiao_office::sheet::cell_name(0, 600);
    let cells = format!(r#"<c r="A1" t="inlineStr"><is><t>一级指标</t></is></c><c r="{col}"><v>1</v></c>"#);
    refused("cols.xlsx", &one_sheet("", &cells), &[&format!("cell {col} lies beyond")]);
}

#[test]
fn a_sheet_whose_corners_span_more_than_the_cells_read_is_refused() {
    // Two cells, at A1 and at the last row and column read: the area is 200000 × 512.
    let corner = jixiao_office::sheet::cell_name(199_999, 511);
    let cells = format!(r#"<c r="A1" t="inlineStr"><is><t>一级指标</t></is></c></row><row r="200000"><c r="{corner}"><v>1</v></c>"#);
    refused("corners.xlsx", &one_sheet("A1:XFD1048576", &cells), &["200000 rows × 512 columns is larger than jixiao reads"]);
}

#[test]
fn a_sheet_of_more_cells_than_read_is_refused() {
    // 10001 rows of 400 numbers without positions: 4,000,400 cells in 60 MB of XML, deflated to 0.3 MB.
    let row = format!("<row>{}</row>", "<c><v>1</v></c>".repeat(400));
    let (open, close) = build::sheet_ends("");
    let xml = deflate(&[Piece::Literal(open.as_bytes()), Piece::Repeat(row.as_bytes(), 10_001 * row.len() as u64), Piece::Literal(close.as_bytes())]);
    let size = open.len() as u64 + 10_001 * row.len() as u64 + close.len() as u64;
    let sheet = Entry::deflated("xl/worksheets/sheet1.xml", xml, size).with_crc(build::crc_of(&[(open.as_bytes(), 1), (row.as_bytes(), 10_001), (close.as_bytes(), 1)]));
    // Read once only: parsing 4 million cells unoptimised takes most of a minute.
    refused_by("cells.xlsx", &xlsx(sheet, Vec::new()), &["more than 4000000 filled cells"], false);
}

#[test]
fn an_ods_sheet_of_repeated_cells_is_refused_before_it_is_expanded() {
    // One filled cell repeated over 16384 columns and 6000 rows: 98 million cells from 1 KB.
    let content = r#"<?xml version="1.0" encoding="UTF-8"?><office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2"><office:body><office:spreadsheet><table:table table:name="表1"><table:table-row table:number-rows-repeated="6000"><table:table-cell table:number-columns-repeated="16384" office:value-type="string"><text:p>一级指标</text:p></table:table-cell></table:table-row></table:table></office:spreadsheet></office:body></office:document-content>"#;
    let ods = zip(&[
        Entry::stored("mimetype", "application/vnd.oasis.opendocument.spreadsheet"),
        Entry::stored("META-INF/manifest.xml", build::ODS_MANIFEST),
        Entry::stored("content.xml", content),
    ]);
    refused("repeated.ods", &ods, &["sheet 表1", "6000 rows × 16384 columns is larger than jixiao reads"]);
}

// --- (c) PDFs whose objects refer back to themselves ------------------------

/// A one-page PDF: `page` gets the page's entries (Parent and Contents are set).
fn pdf(edit: impl FnOnce(&mut Document, (u32, u16), (u32, u16))) -> Vec<u8> {
    let mut doc = Document::with_version("1.5");
    let pages = doc.new_object_id();
    let font = doc.add_object(dictionary! { "Type" => "Font", "Subtype" => "Type1", "BaseFont" => "Helvetica" });
    let content = doc.add_object(Stream::new(dictionary! {}, b"BT /F1 12 Tf 72 720 Td (Indicator 95%) Tj ET".to_vec()));
    let page = doc.add_object(dictionary! {
        "Type" => "Page",
        "Parent" => pages,
        "Contents" => content,
        "Resources" => dictionary! { "Font" => dictionary! { "F1" => font } },
        "MediaBox" => vec![0.into(), 0.into(), 595.into(), 842.into()],
    });
    doc.objects.insert(pages, Object::Dictionary(dictionary! { "Type" => "Pages", "Kids" => vec![page.into()], "Count" => 1 }));
    let catalog = doc.add_object(dictionary! { "Type" => "Catalog", "Pages" => pages });
    doc.trailer.set("Root", catalog);
    edit(&mut doc, pages, page);
    let mut out = Vec::new();
    doc.save_to(&mut out).expect("a PDF");
    out
}

fn dict(doc: &mut Document, id: (u32, u16)) -> &mut Dictionary {
    doc.get_object_mut(id).and_then(Object::as_dict_mut).expect("a dictionary")
}

#[test]
fn a_plain_pdf_still_reads() {
    // The control: the same page without a loop gets past the checks (to the text reader).
    let bytes = pdf(|_, _, _| {});
    if let Err(e) = measured("plain.pdf", &bytes, true) {
        assert!(!e.contains("loops") && !e.contains("damaged"), "{e}");
    }
}

#[test]
fn a_page_tree_whose_kids_hold_itself_is_refused() {
    let bytes = pdf(|doc, pages, page| {
        dict(doc, pages).set("Kids", vec![page.into(), pages.into()]);
    });
    refused("kids.pdf", &bytes, &["page tree loops"]);
}

#[test]
fn a_page_that_is_its_own_parent_is_refused() {
    // Without its own MediaBox the extractor would climb the Parent chain for ever.
    let bytes = pdf(|doc, _, page| {
        let d = dict(doc, page);
        d.remove(b"MediaBox");
        d.remove(b"Resources");
        d.set("Parent", page);
    });
    refused("parent.pdf", &bytes, &["page tree loops", "through /Parent"]);
}

#[test]
fn parents_that_loop_above_the_page_are_refused() {
    let bytes = pdf(|doc, pages, page| {
        let loop_node = doc.add_object(dictionary! { "Type" => "Pages", "Parent" => pages, "Kids" => vec![page.into()] });
        dict(doc, pages).set("Parent", loop_node);
        dict(doc, page).remove(b"MediaBox");
    });
    refused("parents.pdf", &bytes, &["through /Parent"]);
}

/// A page drawing form X0 of `count` forms, each of which names the next one X0 and X1
/// in its resources; `content(i)` is what form `i` draws.
fn form_pdf(count: usize, content: impl Fn(usize) -> Vec<u8>) -> Vec<u8> {
    pdf(|doc, _, page| {
        let ids: Vec<(u32, u16)> = (0..count).map(|_| doc.new_object_id()).collect();
        for (i, id) in ids.iter().enumerate() {
            let next = ids[(i + 1) % count];
            let resources = dictionary! { "XObject" => dictionary! { "X0" => next, "X1" => next } };
            let dict = dictionary! { "Type" => "XObject", "Subtype" => "Form", "BBox" => vec![0.into(), 0.into(), 10.into(), 10.into()], "Resources" => resources };
            doc.objects.insert(*id, Object::Stream(Stream::new(dict, content(i))));
        }
        let d = dict(doc, page);
        d.set("Resources", dictionary! { "XObject" => dictionary! { "X0" => ids[0] } });
        let contents = doc.add_object(Stream::new(dictionary! {}, b"/X0 Do".to_vec()));
        dict(doc, page).set("Contents", contents);
    })
}

#[test]
fn a_form_that_draws_itself_is_refused() {
    // X0 draws X1, X1 draws X0 (through their resources): the extractor would recurse for ever.
    refused("form.pdf", &form_pdf(2, |_| b"q /X0 Do Q".to_vec()), &["a form draws itself"]);
}

#[test]
fn forms_nested_too_deep_are_refused() {
    // A chain of 100 forms, the last drawing nothing.
    refused("deep.pdf", &form_pdf(100, |i| if i < 99 { b"/X0 Do".to_vec() } else { Vec::new() }), &["nest more than 32 deep"]);
}

#[test]
fn forms_that_draw_one_another_exponentially_are_refused() {
    // 30 forms, each drawing the next twice: 2^30 draws; the last draws nothing.
    refused("forms.pdf", &form_pdf(30, |i| if i < 29 { b"/X0 Do /X1 Do".to_vec() } else { Vec::new() }), &["more than 200000 times"]);
}

#[test]
fn references_that_loop_are_refused() {
    // The catalog is a reference to a reference to itself; an object stream holds itself.
    let mut bytes = b"%PDF-1.5\n".to_vec();
    let mut offsets = Vec::new();
    for obj in [
        "1 0 obj\n2 0 R\nendobj\n",
        "2 0 obj\n1 0 R\nendobj\n",
        "3 0 obj\n<< /Type /ObjStm /N 1 /First 4 /Length 13 /Extends 3 0 R >>\nstream\n3 0 <</A 3>>\nendstream\nendobj\n",
    ] {
        offsets.push(bytes.len());
        bytes.extend_from_slice(obj.as_bytes());
    }
    let xref = bytes.len();
    bytes.extend_from_slice(b"xref\n0 4\n0000000000 65535 f \n");
    for o in offsets {
        bytes.extend_from_slice(format!("{o:010} 00000 n \n").as_bytes());
    }
    bytes.extend_from_slice(format!("trailer\n<< /Size 4 /Root 1 0 R /Prev {xref} >>\nstartxref\n{xref}\n%%EOF\n").as_bytes());
    refused("refs.pdf", &bytes, &["the PDF has no pages"]);
}

// --- (d) truncated and garbage files ----------------------------------------

fn table_xlsx() -> Vec<u8> {
    let cells = r#"<c r="A1" t="inlineStr"><is><t>一级指标</t></is></c><c r="B1" t="inlineStr"><is><t>二级指标</t></is></c>"#;
    xlsx(Entry::deflated_text("xl/worksheets/sheet1.xml", &build::sheet_xml("A1:B1", cells)), Vec::new())
}

fn table_docx() -> Vec<u8> {
    let body = "<w:tbl><w:tr><w:tc><w:p><w:r><w:t>一级指标</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>产出指标</w:t></w:r></w:p></w:tc></w:tr></w:tbl>";
    zip(&[build::docx_types(), Entry::deflated_text("word/document.xml", &build::document_xml(body))])
}

#[test]
fn truncated_zip_containers_are_refused() {
    for (name, bytes) in [("cut.xlsx", table_xlsx()), ("cut.docx", table_docx())] {
        for keep in [bytes.len() / 2, bytes.len() - 10, 40] {
            refused(name, &bytes[..keep], &["not a readable zip container"]);
        }
    }
}

#[test]
fn zip_containers_with_garbage_inside_are_refused() {
    for (name, mut bytes) in [("junk.xlsx", table_xlsx()), ("junk.docx", table_docx())] {
        // Overwrite the compressed data of the last part (the sheet or the document) with garbage.
        let end = bytes.len() - 22;
        let cd = u32::from_le_bytes(bytes[end + 16..end + 20].try_into().expect("4 bytes")) as usize;
        for (i, b) in bytes[cd - 40..cd].iter_mut().enumerate() {
            *b = (i as u8).wrapping_mul(37) ^ 0x5a;
        }
        refused(name, &bytes, &["cannot be inflated", "damaged"]);
    }
}

#[test]
fn garbage_workbooks_are_refused() {
    // An OLE header with sectors of 512 bytes and one byte more: calamine panics on it (caught).
    let mut ole = vec![0u8; 513];
    ole[..8].copy_from_slice(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]);
    ole[0x1e] = 9;
    ole[0x20] = 6;
    refused("panic.xls", &ole, &["the workbook cannot be read (a damaged or unsupported file)"]);
    let mut junk = ole[..8].to_vec();
    junk.extend((0..4096u32).map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8));
    refused("junk.xls", &junk, &["workbook cannot be"]);
    let ods = zip(&[Entry::stored("mimetype", "application/vnd.oasis.opendocument.spreadsheet"), Entry::stored("content.xml", "<office:document-content><table:table")]);
    refused("cut.ods", &ods, &["workbook cannot be"]);
}

#[test]
fn truncated_and_garbage_pdfs_are_refused() {
    let bytes = pdf(|_, _, _| {});
    refused("cut.pdf", &bytes[..bytes.len() / 3], &["PDF cannot be opened"]);
    refused("head.pdf", b"%PDF-1.7\n", &["PDF cannot be opened"]);
    let mut junk = b"%PDF-1.4\n".to_vec();
    junk.extend((0..8192u32).map(|i| (i.wrapping_mul(2_654_435_761) >> 11) as u8));
    refused("junk.pdf", &junk, &["PDF cannot be opened"]);
}

#[test]
fn truncated_and_garbage_text_files_are_refused() {
    refused("cut.html", "<html><body><table><tr><td>一级指标</td><td>产出".as_bytes(), &["not a performance-target table"]);
    refused("empty.html", b"<html><body><table></table></body></html>", &["holds no table with text"]);
    refused("cut.csv", "一级指标,二级指标,三级指标,指标值\n产出指标,\"数量".as_bytes(), &["no indicator header"]);
    refused("empty.txt", b"", &["empty"]);
    let junk: Vec<u8> = (0..4096u32).map(|i| (i.wrapping_mul(2_654_435_761) >> 7) as u8 | 0x80).collect();
    refused("junk.bin", &junk, &["not a table file jixiao reads"]);
}

/// Zip containers and deflate streams written by hand, so that a part can be
/// far larger than the test's memory and can declare any size.
mod build {
    /// What a deflate stream inflates to: bytes as they are, or a unit repeated to a length.
    pub enum Piece<'a> {
        Literal(&'a [u8]),
        Repeat(&'a [u8], u64),
    }

    /// Bits in deflate's order (least significant first).
    struct Bits {
        out: Vec<u8>,
        acc: u64,
        n: u32,
    }

    impl Bits {
        fn put(&mut self, value: u32, len: u32) {
            self.acc |= (value as u64) << self.n;
            self.n += len;
            while self.n >= 8 {
                self.out.push(self.acc as u8);
                self.acc >>= 8;
                self.n -= 8;
            }
        }

        /// A Huffman code, written from its most significant bit.
        fn code(&mut self, code: u32, len: u32) {
            self.put(code.reverse_bits() >> (32 - len), len);
        }

        /// A literal or length symbol of the fixed Huffman code.
        fn symbol(&mut self, v: u32) {
            match v {
                0..=143 => self.code(0x30 + v, 8),
                144..=255 => self.code(0x190 + v - 144, 9),
                256..=279 => self.code(v - 256, 7),
                _ => self.code(0xC0 + v - 280, 8),
            }
        }

        /// A copy of `len` (3 to 258) bytes from `dist` (1 to 32768) back.
        fn copy(&mut self, len: u32, dist: u32) {
            const LEN: [u32; 29] = [3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258];
            const LEN_EXTRA: [u32; 29] = [0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0];
            const DIST: [u32; 30] = [1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769, 1025, 1537, 2049, 3073, 4097, 6145, 8193, 12289, 16385, 24577];
            const DIST_EXTRA: [u32; 30] = [0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13];
            let i = LEN.iter().rposition(|&l| l <= len).expect("a length code");
            self.symbol(257 + i as u32);
            self.put(len - LEN[i], LEN_EXTRA[i]);
            let d = DIST.iter().rposition(|&x| x <= dist).expect("a distance code");
            self.code(d as u32, 5);
            self.put(dist - DIST[d], DIST_EXTRA[d]);
        }
    }

    /// One deflate block of the fixed code: a repeated unit is written once, then copied.
    pub fn deflate(pieces: &[Piece]) -> Vec<u8> {
        let mut b = Bits { out: Vec::new(), acc: 0, n: 0 };
        b.put(1, 1); // the last block
        b.put(1, 2); // fixed Huffman code
        for piece in pieces {
            match *piece {
                Piece::Literal(bytes) => bytes.iter().for_each(|&x| b.symbol(x as u32)),
                Piece::Repeat(unit, len) => {
                    assert!(unit.len() <= 32768 && len >= unit.len() as u64);
                    unit.iter().for_each(|&x| b.symbol(x as u32));
                    let mut left = len - unit.len() as u64;
                    let mut at = unit.len() as u64;
                    while left > 0 {
                        if left < 3 {
                            b.symbol(unit[(at % unit.len() as u64) as usize] as u32);
                            (left, at) = (left - 1, at + 1);
                            continue;
                        }
                        let mut n = left.min(258);
                        if (1..3).contains(&(left - n)) {
                            n -= 3;
                        }
                        b.copy(n as u32, unit.len() as u32);
                        (left, at) = (left - n, at + n);
                    }
                }
            }
        }
        b.symbol(256);
        if b.n > 0 {
            b.out.push(b.acc as u8);
        }
        b.out
    }

    /// The CRC-32 of pieces repeated whole (`(bytes, times)`), computed by streaming.
    pub fn crc_of(pieces: &[(&[u8], u64)]) -> u32 {
        let table: Vec<u32> = (0..256u32)
            .map(|n| (0..8).fold(n, |c, _| if c & 1 == 1 { 0xEDB8_8320 ^ (c >> 1) } else { c >> 1 }))
            .collect();
        let mut c = !0u32;
        for &(bytes, times) in pieces {
            for _ in 0..times {
                for &x in bytes {
                    c = table[((c ^ x as u32) & 0xff) as usize] ^ (c >> 8);
                }
            }
        }
        !c
    }

    /// One part of a zip container, with the sizes it declares.
    pub struct Entry {
        pub name: String,
        pub method: u16,
        pub crc: u32,
        pub data: Vec<u8>,
        pub size: u64,
        /// More central-directory entries naming the same data (an overlapping zip bomb).
        pub aliases: usize,
    }

    impl Entry {
        pub fn stored(name: &str, text: &str) -> Entry {
            let data = text.as_bytes().to_vec();
            Entry { name: name.into(), method: 0, crc: crc_of(&[(&data, 1)]), size: data.len() as u64, data, aliases: 0 }
        }

        pub fn deflated_text(name: &str, text: &str) -> Entry {
            let data = deflate(&[Piece::Literal(text.as_bytes())]);
            Entry { name: name.into(), method: 8, crc: crc_of(&[(text.as_bytes(), 1)]), size: text.len() as u64, data, aliases: 0 }
        }

        /// Deflated data declaring `size` (true or not) and no valid checksum.
        pub fn deflated(name: &str, data: Vec<u8>, size: u64) -> Entry {
            Entry { name: name.into(), method: 8, crc: 0, data, size, aliases: 0 }
        }

        pub fn with_crc(self, crc: u32) -> Entry {
            Entry { crc, ..self }
        }
    }

    /// A zip container of the entries (sizes over 4 GB are not needed here).
    pub fn zip(entries: &[Entry]) -> Vec<u8> {
        let mut out = Vec::new();
        let mut central = Vec::new();
        let mut count = 0u16;
        for e in entries {
            let offset = out.len() as u32;
            let fields = |out: &mut Vec<u8>, name: &str| {
                out.extend_from_slice(&20u16.to_le_bytes()); // version needed
                out.extend_from_slice(&0x0800u16.to_le_bytes()); // UTF-8 names
                out.extend_from_slice(&e.method.to_le_bytes());
                out.extend_from_slice(&[0, 0, 0x21, 0]); // 1980-01-01 00:00
                out.extend_from_slice(&e.crc.to_le_bytes());
                out.extend_from_slice(&(e.data.len() as u32).to_le_bytes());
                out.extend_from_slice(&(e.size as u32).to_le_bytes());
                out.extend_from_slice(&(name.len() as u16).to_le_bytes());
                out.extend_from_slice(&0u16.to_le_bytes()); // extra field
            };
            out.extend_from_slice(&0x0403_4b50u32.to_le_bytes());
            fields(&mut out, &e.name);
            out.extend_from_slice(e.name.as_bytes());
            out.extend_from_slice(&e.data);
            for alias in 0..=e.aliases {
                let name = if alias == 0 { e.name.clone() } else { format!("{}.{alias}", e.name) };
                central.extend_from_slice(&0x0201_4b50u32.to_le_bytes());
                central.extend_from_slice(&20u16.to_le_bytes()); // made by
                fields(&mut central, &name);
                central.extend_from_slice(&[0; 6]); // comment length, disk, internal attributes
                central.extend_from_slice(&[0; 4]); // external attributes
                central.extend_from_slice(&offset.to_le_bytes());
                central.extend_from_slice(name.as_bytes());
                count += 1;
            }
        }
        let start = out.len() as u32;
        out.extend_from_slice(&central);
        out.extend_from_slice(&0x0605_4b50u32.to_le_bytes());
        out.extend_from_slice(&[0; 4]);
        out.extend_from_slice(&count.to_le_bytes());
        out.extend_from_slice(&count.to_le_bytes());
        out.extend_from_slice(&(central.len() as u32).to_le_bytes());
        out.extend_from_slice(&start.to_le_bytes());
        out.extend_from_slice(&0u16.to_le_bytes());
        out
    }

    const XLSX_TYPES: &str = r#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>"#;
    const XLSX_RELS: &str = r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#;
    const WORKBOOK: &str = r#"<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="表1" sheetId="1" r:id="rId1"/></sheets></workbook>"#;
    const WORKBOOK_RELS: &str = r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>"#;
    pub const ODS_MANIFEST: &str = r#"<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2"><manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/><manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>"#;

    /// A workbook of one sheet 表1 (the last part written), after `extra` parts.
    pub fn xlsx(sheet: Entry, extra: Vec<Entry>) -> Vec<u8> {
        let mut entries = vec![
            Entry::stored("[Content_Types].xml", XLSX_TYPES),
            Entry::stored("_rels/.rels", XLSX_RELS),
            Entry::stored("xl/workbook.xml", WORKBOOK),
            Entry::stored("xl/_rels/workbook.xml.rels", WORKBOOK_RELS),
        ];
        entries.extend(extra);
        entries.push(sheet);
        zip(&entries)
    }

    /// A sheet's XML up to its first row and from after its last (`dimension` as `A1:B2`, or none).
    pub fn sheet_ends(dimension: &str) -> (String, String) {
        let dim = if dimension.is_empty() { String::new() } else { format!(r#"<dimension ref="{dimension}"/>"#) };
        (
            format!(r#"<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">{dim}<sheetData>"#),
            "</sheetData></worksheet>".to_string(),
        )
    }

    /// A sheet whose first row holds `cells` (which may close it and open others).
    pub fn sheet_xml(dimension: &str, cells: &str) -> String {
        let (open, close) = sheet_ends(dimension);
        format!(r#"{open}<row r="1">{cells}</row>{close}"#)
    }

    pub fn docx_types() -> Entry {
        Entry::stored("[Content_Types].xml", r#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>"#)
    }

    pub fn document_xml(body: &str) -> String {
        format!(r#"<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>{body}</w:body></w:document>"#)
    }
}
