//! `jixiao backup`, `jixiao restore` and `jixiao check-db`: keeping a database.

use crate::db_cmd::{open, runtime};
use anyhow::{bail, Context, Result};
use std::path::Path;
use std::process::ExitCode;

/// `jixiao backup --db DB OUT`: a consistent copy while the app keeps serving.
pub fn backup(db: &str, out: &Path) -> Result<ExitCode> {
    runtime()?.block_on(async {
        let store = open(db).await?;
        let r = store.backup(out).await.with_context(|| format!("backing up {db} to {}", out.display()));
        store.close().await;
        r?;
        // The copy must itself be whole.
        let copy = open(&out.display().to_string()).await?;
        let problems = copy.check_data().await?;
        let docs = copy.totals().await?;
        copy.close().await;
        if !problems.is_empty() {
            bail!("{}: the backup does not check out: {}", out.display(), problems.join("; "));
        }
        println!("{}: backup of {db} ({} documents, {} indicators), checked", out.display(), docs.documents, docs.indicators);
        Ok(ExitCode::SUCCESS)
    })
}

/// `jixiao restore BACKUP --db DB [--force]`: the backup checked, brought to
/// this version's schema, and put in place of DB (which must not exist, or
/// `--force`; never while a server uses it).
pub fn restore(backup: &Path, db: &str, force: bool) -> Result<ExitCode> {
    if db.starts_with("postgres://") || db.starts_with("postgresql://") {
        bail!("a PostgreSQL database is restored with pg_restore -d DBNAME jixiao.dump");
    }
    let target = Path::new(db);
    if target.exists() && !force {
        bail!("{db}: exists already; restoring replaces it only with --force (stop the server first)");
    }
    if !backup.is_file() {
        bail!("{}: no such backup file", backup.display());
    }
    let staged = target.with_extension("restoring");
    let _ = std::fs::remove_file(&staged);
    std::fs::copy(backup, &staged).with_context(|| format!("copying {} to {}", backup.display(), staged.display()))?;
    let staged_name = staged.display().to_string();
    let checked = runtime()?.block_on(async {
        let store = open(&staged_name).await?;
        let problems = store.check_data().await?;
        let totals = store.totals().await?;
        // Fold the write-ahead log into the file before it moves.
        sqlx::query("PRAGMA wal_checkpoint(TRUNCATE)").execute(store.pool()).await?;
        store.close().await;
        anyhow::Ok((problems, totals))
    });
    let (problems, totals) = match checked {
        Ok(x) => x,
        Err(e) => {
            let _ = std::fs::remove_file(&staged);
            return Err(e.context(format!("{}: not a usable jixiao database", backup.display())));
        }
    };
    if !problems.is_empty() {
        let _ = std::fs::remove_file(&staged);
        bail!("{}: the backup does not check out, nothing restored: {}", backup.display(), problems.join("; "));
    }
    for ext in ["wal", "shm"] {
        let _ = std::fs::remove_file(format!("{staged_name}-{ext}"));
        let _ = std::fs::remove_file(format!("{db}-{ext}"));
    }
    std::fs::rename(&staged, target).with_context(|| format!("moving the restored database to {db}"))?;
    println!("{db}: restored from {} ({} documents, {} indicators)", backup.display(), totals.documents, totals.indicators);
    Ok(ExitCode::SUCCESS)
}

/// `jixiao check-db --db DB`: integrity and consistency; exit 1 with each problem.
pub fn check(db: &str) -> Result<ExitCode> {
    runtime()?.block_on(async {
        let store = open(db).await?;
        let problems = store.check_data().await?;
        let totals = store.totals().await?;
        store.close().await;
        if problems.is_empty() {
            println!("{db}: ok ({} documents, {} indicators)", totals.documents, totals.indicators);
            return Ok(ExitCode::SUCCESS);
        }
        for p in &problems {
            eprintln!("jixiao: {db}: {p}");
        }
        Ok(ExitCode::from(1))
    })
}
