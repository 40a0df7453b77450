//! Real office files made by LibreOffice from jixiao's own XLSX of a published
//! table: re-saved as XLSX, saved as XLS and as HTML, printed to PDF; each reads
//! back to the document of the original text.

use jixiao_ingest::Options;
use jixiao_office::{layout, read, xlsx};
use std::path::Path;

mod common;
use std::process::Command;

fn soffice() -> Option<&'static str> {
    ["libreoffice", "soffice"].into_iter().find(|b| Command::new(b).arg("--version").output().is_ok_and(|o| o.status.success()))
}

/// `libreoffice --headless --convert-to TO FILE` into `dir`; the converted file's bytes.
fn convert(bin: &str, file: &Path, to: &str, ext: &str, dir: &Path) -> Vec<u8> {
    convert_with(bin, file, to, ext, dir, None)
}

/// As [`convert`], opening the file with the import filter `infilter`
/// (`HTML (StarWriter)` opens a page in Writer rather than Calc).
fn convert_with(bin: &str, file: &Path, to: &str, ext: &str, dir: &Path, infilter: Option<&str>) -> Vec<u8> {
    let profile = format!("-env:UserInstallation=file://{}/profile", dir.display());
    let mut cmd = Command::new(bin);
    cmd.args([profile.as_str(), "--headless"]);
    if let Some(f) = infilter {
        cmd.arg(format!("--infilter={f}"));
    }
    cmd.args(["--convert-to", to, "--outdir"]).arg(dir.join(ext)).arg(file);
    // A headless LibreOffice starting on a new profile on a busy machine now
    // and then exits with an error and no output: try it three times.
    let mut out = cmd.output().expect("libreoffice runs");
    for _ in 0..2 {
        if out.status.success() {
            break;
        }
        eprintln!("libreoffice --convert-to {to} failed once ({}); again", String::from_utf8_lossy(&out.stderr).trim());
        out = cmd.output().expect("libreoffice runs");
    }
    assert!(out.status.success(), "libreoffice --convert-to {to}: {}", String::from_utf8_lossy(&out.stderr));
    let stem = file.file_stem().unwrap().to_string_lossy();
    std::fs::read(dir.join(ext).join(format!("{stem}.{ext}"))).unwrap_or_else(|e| panic!("{to}: {e}"))
}

/// One conversion: LibreOffice's `--convert-to` target, the file extension it makes, its import filter.
type Step<'a> = (&'a str, &'a str, Option<&'a str>);

fn check(formats: &[(&str, &str)]) {
    let chains: Vec<Vec<Step>> = formats.iter().map(|&(to, ext)| vec![(to, ext, None)]).collect();
    check_chains(&chains);
}

/// Each chain of conversions starts from our XLSX of each seed; its last file is read.
fn check_chains(chains: &[Vec<Step>]) {
    let Some(seeds) = jixiao_fixtures::seeds() else { return };
    let Some(bin) = soffice() else {
        assert!(!jixiao_fixtures::required(), "these tests need LibreOffice (libreoffice-calc)");
        eprintln!("skipped: no LibreOffice");
        return;
    };
    let dir = std::env::temp_dir().join(format!("jixiao-lo-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let mut failed = Vec::new();
    for (n, (name, bytes)) in seeds.iter().enumerate() {
        let doc = jixiao_ingest::parse(name, bytes, None).unwrap();
        let file = dir.join(format!("seed{n}.xlsx"));
        std::fs::write(&file, xlsx::write(&layout::sheet(&doc)).unwrap()).unwrap();
        for chain in chains {
            let mut at = file.clone();
            let mut converted = Vec::new();
            for &(to, ext, filter) in chain {
                converted = convert_with(bin, &at, to, ext, &dir, filter);
                at = dir.join(ext).join(format!("seed{n}.{ext}"));
            }
            let ext = chain.last().map_or("xlsx", |s| s.1);
            match read(&format!("{name}.{ext}"), &converted, &Options::default()) {
                Ok(r) => {
                    let compare = if ext == "pdf" { common::same_but_spaces } else { common::same };
                    if let Err(e) = compare(&doc, &r.document) {
                        failed.push(format!("{name} via LibreOffice {ext}: {e}"));
                    }
                }
                Err(e) => failed.push(format!("{name} via LibreOffice {ext}: {e}")),
            }
        }
    }
    assert!(failed.is_empty(), "{failed:#?}");
}

/// A Word document: our XLSX saved as an HTML page by Calc, opened in Writer and saved as DOCX.
#[test]
fn docx_made_by_libreoffice_writer_reads_back() {
    check_chains(&[vec![("html", "html", None), ("docx", "docx", Some("HTML (StarWriter)"))]]);
}

#[test]
fn xlsx_xls_and_html_saved_by_libreoffice_read_back() {
    check(&[("xlsx", "xlsx"), ("xls", "xls"), ("html", "html")]);
}

/// LibreOffice prints a cell merged across a page break with its bottom (and
/// the next page's top) left open, and sets its whole text on each page,
/// clipped: the reader follows the clipping and the open lines. Spaces at the
/// places where a line wraps cannot be told from the page and are not compared.
#[test]
fn pdf_printed_by_libreoffice_reads_back() {
    check(&[("pdf", "pdf")]);
}

/// PNGs of the pages of our PDF and of our XLSX as LibreOffice prints it, for
/// checking by eye, in `target/tmp/office-pages/` (pdftoppm from poppler-utils).
#[test]
fn pages_rendered_as_png_artifacts() {
    let Some(seeds) = jixiao_fixtures::seeds() else { return };
    let (Some(bin), true) = (soffice(), Command::new("pdftoppm").arg("-v").output().is_ok()) else {
        assert!(!jixiao_fixtures::required(), "needs LibreOffice and poppler-utils");
        return;
    };
    if !jixiao_office::pdf_out::available() {
        assert!(!jixiao_fixtures::required(), "PDF output needs fonts-noto-cjk");
        return;
    }
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("office-pages");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    for (n, (name, bytes)) in seeds.iter().enumerate().take(2) {
        let doc = jixiao_ingest::parse(name, bytes, None).unwrap();
        let sheet = layout::sheet(&doc);
        let pdf = dir.join(format!("seed{n}-jixiao.pdf"));
        std::fs::write(&pdf, jixiao_office::pdf_out::write(&sheet, None).unwrap()).unwrap();
        let file = dir.join(format!("seed{n}-xlsx.xlsx"));
        std::fs::write(&file, xlsx::write(&sheet).unwrap()).unwrap();
        let printed = convert(bin, &file, "pdf", "pdf", &dir);
        let printed_path = dir.join(format!("seed{n}-xlsx-printed.pdf"));
        std::fs::write(&printed_path, printed).unwrap();
        for p in [&pdf, &printed_path] {
            let prefix = p.with_extension("");
            let ok = Command::new("pdftoppm").args(["-png", "-r", "60"]).arg(p).arg(&prefix).status().unwrap().success();
            assert!(ok, "pdftoppm {}", p.display());
        }
    }
    let pngs = std::fs::read_dir(&dir).unwrap().filter(|e| e.as_ref().unwrap().path().extension().is_some_and(|x| x == "png")).count();
    assert!(pngs >= 4, "{pngs} pages rendered");
    eprintln!("{pngs} page images in {}", dir.display());
}
