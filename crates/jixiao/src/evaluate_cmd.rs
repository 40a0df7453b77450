//! `jixiao evaluate`: filled self-evaluation tables scored by jixiao's rules.

use std::path::PathBuf;
use std::process::ExitCode;

use jixiao_app::evaluate::{evaluate, read_table, render_text};
use jixiao_core::score::{LowerRule, Policy};

/// Evaluates each file; a file that cannot be read is reported and the others go on
/// (exit 2 when any failed; disagreements are findings, not failures).
pub fn run(files: &[PathBuf], format: &str, lower: &str) -> anyhow::Result<ExitCode> {
    let json = match format {
        "text" => false,
        "json" => true,
        other => anyhow::bail!("unknown format {other:?}: text or json"),
    };
    let lower = match lower {
        "ratio" => LowerRule::Ratio,
        "linear" => LowerRule::LinearToTwice,
        other => anyhow::bail!("unknown rule {other:?} for lower-is-better indicators: ratio or linear"),
    };
    let policy = Policy { lower, ..Policy::default() };
    let (mut failed, mut disagree) = (false, false);
    let mut reports = Vec::new();
    for f in files {
        let name = f.display().to_string();
        let result = std::fs::read(f).map_err(anyhow::Error::from).and_then(|b| read_table(&name, &b).map_err(anyhow::Error::from));
        match result {
            Ok(t) => {
                let r = evaluate(&t, &policy);
                disagree |= !r.disagreements.is_empty();
                if json {
                    reports.push(r);
                } else {
                    print!("{}", render_text(&r));
                }
            }
            Err(e) => {
                failed = true;
                eprintln!("jixiao: {name}: {e:#}");
            }
        }
    }
    if json {
        // One file: one object; several: an array.
        let out = if reports.len() == 1 { serde_json::to_string_pretty(&reports[0])? } else { serde_json::to_string_pretty(&reports)? };
        println!("{out}");
    }
    let _ = disagree;
    Ok(if failed { ExitCode::from(2) } else { ExitCode::SUCCESS })
}
