//! `jixiao gen`: a corpus of table files made by our demo generator, at a
//! chosen size, so that parse, import and serving are measured on the same
//! data. One file per table, or (`--one`) every project of the corpus in one
//! project table (the large-file case of the memory figures).

use std::path::Path;
use std::process::ExitCode;

use anyhow::{anyhow, Context, Result};
use jixiao_app::export::{self, ExportFormat};

/// Writes the corpus.
pub fn run(out: &Path, indicators: usize, format: &str, one: bool, seed: u64) -> Result<ExitCode> {
    let format = ExportFormat::from_ext(format).ok_or_else(|| anyhow!("unknown format {format:?}: csv, xlsx, pdf or json"))?;
    let docs = jixiao_demo::generate_indicators(seed, indicators);
    let docs = if one { vec![jixiao_demo::one_table(docs).ok_or_else(|| anyhow!("the corpus holds no project table"))?] } else { docs };
    std::fs::create_dir_all(out).with_context(|| format!("{}: cannot create the folder", out.display()))?;
    let (mut files, mut bytes, mut count) = (0usize, 0usize, 0usize);
    let started = std::time::Instant::now();
    for (k, doc) in docs.iter().enumerate() {
        let exported = export::render(doc, format, None).map_err(|e| anyhow!("{}: {e}", doc.source))?;
        let path = out.join(format!("{:06}-{}", k + 1, exported.file_name));
        std::fs::write(&path, &exported.bytes).with_context(|| format!("{}: cannot write", path.display()))?;
        files += 1;
        bytes += exported.bytes.len();
        count += doc.indicators().len();
        if files % 500 == 0 {
            eprintln!("{files}/{} files…", docs.len());
        }
    }
    eprintln!(
        "{}: {files} files, {count} indicators, {:.1} MB ({}) in {:.1} s",
        out.display(),
        bytes as f64 / 1e6,
        format.ext(),
        started.elapsed().as_secs_f64()
    );
    Ok(ExitCode::SUCCESS)
}
