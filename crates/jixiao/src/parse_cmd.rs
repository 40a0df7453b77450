//! `jixiao parse`: files to perf-targets/1 JSON.

use anyhow::{Context, Result};
use jixiao_ingest::{Layout, Options, ParseError};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

pub fn run(files: &[PathBuf], out: Option<&Path>, layout: Option<&str>, explain: bool, strict: bool) -> Result<ExitCode> {
    let layout = layout.map(Layout::from_name).transpose()?;
    if let Some(dir) = out {
        std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
    }
    let stdout = std::io::stdout();
    let mut failed = 0usize;
    for path in files {
        let name = crate::display_name(path);
        let options = Options { layout, strict };
        let reading = std::fs::read(path)
            .map_err(|e| anyhow::anyhow!("{}: cannot read: {e}", path.display()))
            .and_then(|bytes| jixiao_office::read(&name, &bytes, &options).map_err(|e: ParseError| e.into()));
        let doc = match reading {
            Ok(r) => {
                if explain {
                    eprintln!("{name}: confidence {:.2}", r.confidence);
                    for line in &r.explain {
                        eprintln!("  {line}");
                    }
                }
                for w in &r.warnings {
                    eprintln!("jixiao: warning: {name}, {w}");
                }
                r.document
            }
            Err(e) => {
                eprintln!("jixiao: {e:#}");
                failed += 1;
                continue;
            }
        };
        match out {
            Some(dir) => {
                let stem = path.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or(name.clone());
                let target = dir.join(format!("{stem}.json"));
                write_atomically(&target, doc.to_json_pretty().as_bytes())?;
            }
            None => {
                let mut lock = stdout.lock();
                if files.len() == 1 {
                    writeln!(lock, "{}", doc.to_json_pretty())?;
                } else {
                    serde_json::to_writer(&mut lock, &doc)?;
                    writeln!(lock)?;
                }
            }
        }
    }
    Ok(if failed > 0 { ExitCode::from(2) } else { ExitCode::SUCCESS })
}

/// Writes a file so that it is either whole or absent: a temporary file renamed into place.
fn write_atomically(path: &Path, bytes: &[u8]) -> Result<()> {
    let tmp = path.with_extension("json.tmp");
    std::fs::write(&tmp, bytes).with_context(|| format!("writing {}", tmp.display()))?;
    std::fs::rename(&tmp, path).with_context(|| format!("renaming into {}", path.display()))?;
    Ok(())
}
