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

/// `jixiao check-db --db DB [--against DIR]`: integrity and consistency, and
/// with `--against` every stored document equal to the file of DIR it came
/// from (matched by source); exit 1 with each problem.
pub fn check(db: &str, against: Option<&Path>) -> Result<ExitCode> {
    let originals = match against {
        None => None,
        Some(dir) => {
            let mut by_source = std::collections::HashMap::new();
            for entry in std::fs::read_dir(dir).with_context(|| format!("{}: cannot list", dir.display()))? {
                let path = entry?.path();
                if !path.is_file() {
                    continue;
                }
                let bytes = std::fs::read(&path).with_context(|| format!("{}: cannot read", path.display()))?;
                let name = crate::display_name(&path);
                let (doc, ..) = jixiao_app::pipeline::read_checked(&name, &bytes).map_err(|e| anyhow::anyhow!("{e}"))?;
                by_source.insert(doc.source.clone(), doc.to_json());
            }
            Some(by_source)
        }
    };
    runtime()?.block_on(async {
        let store = open(db).await?;
        let mut problems = store.check_data().await?;
        let totals = store.totals().await?;
        let mut compared = 0;
        if let Some(by_source) = &originals {
            for (id, source) in store.document_sources().await? {
                match (by_source.get(&source), store.document(id).await?) {
                    (None, _) => problems.push(format!("document {id} ({source}): no file of that source to compare with")),
                    (_, None) => problems.push(format!("document {id} ({source}): cannot be read")),
                    (Some(want), Some(got)) if got.document.to_json() != *want => {
                        problems.push(format!("document {id} ({source}): differs from its file"))
                    }
                    _ => compared += 1,
                }
            }
        }
        store.close().await;
        if problems.is_empty() {
            let and = if originals.is_some() { format!("; {compared} documents equal to their files") } else { String::new() };
            println!("{db}: ok ({} documents, {} indicators{and})", totals.documents, totals.indicators);
            return Ok(ExitCode::SUCCESS);
        }
        for p in &problems {
            eprintln!("jixiao: {db}: {p}");
        }
        Ok(ExitCode::from(1))
    })
}
