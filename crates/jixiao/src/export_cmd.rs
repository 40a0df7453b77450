//! `jixiao export`: a table file or a stored document in the official layout
//! as XLSX, PDF, CSV or perf-targets/1 JSON.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{anyhow, Context, Result};
use jixiao_app::export::{self, ExportFormat};
use jixiao_app::{pipeline, Actor, App};

/// Where the document comes from.
pub enum From<'a> {
    /// A table file (anything `parse` reads, or perf-targets/1 JSON).
    File(&'a Path),
    /// A stored document.
    Db(&'a str, i64),
}

/// Runs the export.
pub fn run(from: From<'_>, format: &str, out: &Path, findings: bool) -> Result<ExitCode> {
    let format = ExportFormat::from_ext(format).ok_or_else(|| anyhow!("unknown format {format:?}: xlsx, pdf, csv or json"))?;
    let exported = match from {
        From::File(path) => {
            let bytes = std::fs::read(path).with_context(|| format!("{}: cannot read", path.display()))?;
            let name = crate::display_name(path);
            let doc = pipeline::read_document(&name, &bytes)?;
            let notes: Vec<_> = pipeline::review(&doc).iter().map(|f| export::note(&f.severity, &f.place, &f.message)).collect();
            export::render(&doc, format, findings.then_some(notes.as_slice())).map_err(|e| anyhow!("{name}: {e}"))?
        }
        From::Db(db, id) => crate::db_cmd::runtime()?.block_on(async {
            let store = crate::db_cmd::open(db).await?;
            let app = App::new(store.clone());
            let r = app.export(&Actor::cli(), id, format, findings).await.map_err(|e| anyhow!("document {id}: {e}"));
            store.close().await;
            r
        })?,
    };
    write_atomically(out, &exported.bytes)?;
    eprintln!("{}: {} bytes ({})", out.display(), exported.bytes.len(), format.ext());
    Ok(ExitCode::SUCCESS)
}

/// Writes a file whole or not at all: a temporary file beside it, renamed over it.
fn write_atomically(out: &Path, bytes: &[u8]) -> Result<()> {
    let dir = out.parent().filter(|d| !d.as_os_str().is_empty()).map(Path::to_path_buf).unwrap_or_else(|| PathBuf::from("."));
    let tmp = dir.join(format!(".{}.part", out.file_name().map(|n| n.to_string_lossy()).unwrap_or_default()));
    std::fs::write(&tmp, bytes).with_context(|| format!("{}: cannot write", out.display()))?;
    std::fs::rename(&tmp, out).with_context(|| format!("{}: cannot write", out.display()))
}
