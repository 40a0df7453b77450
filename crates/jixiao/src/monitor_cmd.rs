//! `jixiao monitor`: a monitoring round from a filled monitoring table (the
//! official layout in any format jixiao reads, or a CSV) into a stored document, and
//! the list of laggards (the command line acts as an admin).

use std::path::Path;
use std::process::ExitCode;

use anyhow::{anyhow, Context, Result};
use jixiao_app::{monitor_file, Actor, App};
use jixiao_core::monitor::Cause;
use jixiao_store::LaggardOrder;

/// Reads `file` as a round (of `month`, or the month its headings name) for document `id`; prints each
/// unmatched row (exit 1 when there are any; nothing else is lost).
pub fn report(db: &str, id: i64, month: Option<u8>, file: &Path) -> Result<ExitCode> {
    let bytes = std::fs::read(file).with_context(|| format!("{}: cannot read", file.display()))?;
    let name = crate::display_name(file);
    let round = monitor_file::read(&name, &bytes, month).map_err(|e| anyhow!("{e}"))?;
    crate::db_cmd::runtime()?.block_on(async {
        let store = crate::db_cmd::open(db).await?;
        let app = App::new(store.clone());
        let out = app.report_round(&Actor::cli(), id, &round).await.map_err(|e| anyhow!("document {id}: {e}"));
        store.close().await;
        let out = out?;
        println!("round {} of document {id} (1–{}月): {}", out.round_id, round.month, out.light.name_zh());
        for u in &out.unmatched {
            eprintln!("jixiao: {name}: {u}");
        }
        Ok(if out.unmatched.is_empty() { ExitCode::SUCCESS } else { ExitCode::from(1) })
    })
}

/// Prints the laggard list, sorted by `order` (light, department or execution).
pub fn laggards(db: &str, order: &str, limit: i64) -> Result<ExitCode> {
    let order = match order {
        "light" => LaggardOrder::Light,
        "department" => LaggardOrder::Department,
        "execution" => LaggardOrder::Execution,
        other => anyhow::bail!("unknown order {other:?}: light, department or execution"),
    };
    crate::db_cmd::runtime()?.block_on(async {
        let store = crate::db_cmd::open(db).await?;
        let list = App::new(store.clone()).laggards(&Actor::cli(), order, limit).await.map_err(|e| anyhow!("{e}"));
        store.close().await;
        let list = list?;
        for l in &list {
            let causes: Vec<String> = l
                .causes
                .iter()
                .map(|c| format!("{}：{}{}", c.indicator, Cause::names_zh(&c.causes).join("、"), c.explanation.as_deref().map(|e| format!("（{e}）")).unwrap_or_default()))
                .collect();
            println!("{}\t{}\t{}\t1–{}月\t{}\t{}\t{}", l.light, l.department, l.project, l.month, l.document_id, l.reason, causes.join("；"));
        }
        Ok(ExitCode::SUCCESS)
    })
}
