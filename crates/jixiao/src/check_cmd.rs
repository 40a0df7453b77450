//! `jixiao check`: review target tables and report the findings.
//!
//! A `.json` file holding a perf-targets/1 document is reviewed as it is; any
//! other file is parsed first. The text report groups findings by place (with
//! colour on a terminal); `--format json` prints one object per file.

use anyhow::Result;
use jixiao_core::review::{counts, review, Finding, Place, RuleConfig, Severity};
use jixiao_core::Document;
use serde::Serialize;
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// The report formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Text grouped by place.
    Text,
    /// A JSON array, one object per file.
    Json,
}

/// When to colour the text report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Color {
    /// On a terminal, unless NO_COLOR is set.
    Auto,
    /// Always.
    Always,
    /// Never.
    Never,
}

#[derive(Serialize)]
struct FileReport<'a> {
    source: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    error: Option<String>,
    findings: &'a [Finding],
}

/// Reads a file into a document: perf-targets/1 JSON directly, anything else through the readers.
fn load(path: &Path) -> Result<Document> {
    let bytes = std::fs::read(path).map_err(|e| anyhow::anyhow!("{}: cannot read: {e}", path.display()))?;
    let name = crate::display_name(path);
    let is_json = path.extension().is_some_and(|e| e.eq_ignore_ascii_case("json"));
    if is_json {
        let text = std::str::from_utf8(&bytes).map_err(|_| anyhow::anyhow!("{}: not UTF-8 text", path.display()))?;
        return Document::from_json(text.trim_start_matches('\u{feff}'))
            .map_err(|e| anyhow::anyhow!("{}: not a perf-targets/1 document: {e}", path.display()));
    }
    Ok(jixiao_office::read(&name, &bytes, &jixiao_ingest::Options::default())?.document)
}

/// Runs the check over files; exit 2 when a file could not be read, else 1 when
/// any error-level finding, else 0.
pub fn run(files: &[PathBuf], format: Format, min_severity: Severity, color: Color) -> Result<ExitCode> {
    let cfg = RuleConfig::default();
    let stdout = std::io::stdout();
    let paint = match color {
        Color::Always => true,
        Color::Never => false,
        Color::Auto => stdout.is_terminal() && std::env::var_os("NO_COLOR").is_none(),
    };
    let mut out = std::io::BufWriter::new(stdout.lock());
    let mut failed = false;
    let mut any_error = false;
    let mut reports: Vec<(String, Option<String>, Vec<Finding>)> = Vec::new();
    for path in files {
        let source = path.display().to_string();
        match load(path) {
            Ok(doc) => {
                let mut findings = review(&doc, &cfg);
                any_error |= findings.iter().any(|f| f.severity == Severity::Error);
                findings.retain(|f| f.severity.at_least(min_severity));
                reports.push((source, None, findings));
            }
            Err(e) => {
                eprintln!("jixiao: {e:#}");
                failed = true;
                reports.push((source, Some(format!("{e:#}")), Vec::new()));
            }
        }
    }
    match format {
        Format::Json => {
            let list: Vec<FileReport> =
                reports.iter().map(|(s, e, f)| FileReport { source: s, error: e.clone(), findings: f }).collect();
            serde_json::to_writer_pretty(&mut out, &list)?;
            writeln!(out)?;
        }
        Format::Text => {
            for (i, (source, error, findings)) in reports.iter().enumerate() {
                if i > 0 {
                    writeln!(out)?;
                }
                write_text(&mut out, source, error.as_deref(), findings, paint)?;
            }
        }
    }
    out.flush()?;
    Ok(if failed {
        ExitCode::from(2)
    } else if any_error {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

fn style(paint: bool, code: &str, s: &str) -> String {
    if paint {
        format!("\x1b[{code}m{s}\x1b[0m")
    } else {
        s.to_string()
    }
}

fn write_text(out: &mut impl Write, source: &str, error: Option<&str>, findings: &[Finding], paint: bool) -> Result<()> {
    if let Some(e) = error {
        writeln!(out, "{}  {}", style(paint, "1", source), style(paint, "31", &format!("无法读取：{e}")))?;
        return Ok(());
    }
    let (e, w, i) = counts(findings);
    writeln!(out, "{}  {e}个错误，{w}个警告，{i}个提示", style(paint, "1", source))?;
    let mut last: Option<Place> = None;
    for f in findings {
        let group = f.place.without_field();
        if last.as_ref() != Some(&group) {
            writeln!(out, "  {}", style(paint, "36", &group.to_string()))?;
            last = Some(group);
        }
        let (code, label) = match f.severity {
            Severity::Error => ("31;1", f.severity.name_zh()),
            Severity::Warning => ("33", f.severity.name_zh()),
            Severity::Info => ("34", f.severity.name_zh()),
        };
        let field = f.place.field.as_deref().map(|x| format!(" [{x}]")).unwrap_or_default();
        writeln!(out, "    {} {}{} {}", style(paint, code, label), style(paint, "2", &f.rule), field, f.message)?;
    }
    Ok(())
}
