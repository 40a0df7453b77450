//! `jixiao backup`, `restore` and `check-db` end to end: the published tables
//! imported, backed up, restored elsewhere with every document kept; a damaged
//! database named by check-db; a restore that would overwrite or that is given
//! a file that is no database refused.

use std::process::{Command, Output};

fn jixiao(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_jixiao")).args(args).output().expect("runs jixiao")
}

fn text(o: &Output) -> String {
    format!("{}{}", String::from_utf8_lossy(&o.stdout), String::from_utf8_lossy(&o.stderr))
}

#[test]
fn backup_restore_and_check() {
    let Some(seeds) = jixiao_fixtures::files("seeds", ".txt") else { return };
    let dir = std::env::temp_dir().join(format!("jixiao-backup-cli-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let db = dir.join("a.db").display().to_string();
    let mut args = vec!["import", "--db", &db];
    let paths: Vec<String> = seeds.iter().map(|p| p.display().to_string()).collect();
    args.extend(paths.iter().map(String::as_str));
    let out = jixiao(&args);
    assert!(out.status.success(), "{}", text(&out));
    let out = jixiao(&["check-db", "--db", &db]);
    assert!(out.status.success() && text(&out).contains("ok (5 documents"), "{}", text(&out));

    let backup = dir.join("a.backup").display().to_string();
    let out = jixiao(&["backup", "--db", &db, &backup]);
    assert!(out.status.success(), "{}", text(&out));
    assert!(text(&out).contains("checked"));
    let out = jixiao(&["backup", "--db", &db, &backup]);
    assert!(!out.status.success() && text(&out).contains("exists already"), "never overwrites: {}", text(&out));

    let b = dir.join("b.db").display().to_string();
    let out = jixiao(&["restore", &backup, "--db", &b]);
    assert!(out.status.success(), "{}", text(&out));
    let out = jixiao(&["restore", &backup, "--db", &b]);
    assert!(!out.status.success() && text(&out).contains("--force"), "{}", text(&out));
    let out = jixiao(&["restore", &backup, "--db", &b, "--force"]);
    assert!(out.status.success(), "{}", text(&out));
    // Every document of the original is in the restored copy, the same.
    for id in 1..=5 {
        let a = jixiao(&["export", "--db", &db, "--id", &id.to_string(), "--format", "json", "--out", &dir.join("x.json").display().to_string()]);
        assert!(a.status.success(), "{}", text(&a));
        let x = std::fs::read(dir.join("x.json")).unwrap();
        let r = jixiao(&["export", "--db", &b, "--id", &id.to_string(), "--format", "json", "--out", &dir.join("y.json").display().to_string()]);
        assert!(r.status.success(), "{}", text(&r));
        assert_eq!(x, std::fs::read(dir.join("y.json")).unwrap(), "document {id}");
    }

    // A file that is no database is refused, and nothing is replaced.
    let junk = dir.join("junk.bin");
    std::fs::write(&junk, b"not a database at all").unwrap();
    let out = jixiao(&["restore", junk.to_str().unwrap(), "--db", &b, "--force"]);
    assert!(!out.status.success(), "{}", text(&out));
    let out = jixiao(&["check-db", "--db", &b]);
    assert!(out.status.success(), "the restored copy is untouched: {}", text(&out));

    // A damaged database: check-db names the document.
    let rt = tokio::runtime::Runtime::new().unwrap();
    rt.block_on(async {
        let store = jixiao_store::Store::open(&b).await.unwrap();
        sqlx::query("UPDATE documents SET indicator_count = indicator_count + 7 WHERE id = 2").execute(store.pool()).await.unwrap();
        store.close().await;
    });
    let out = jixiao(&["check-db", "--db", &b]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    assert!(text(&out).contains("document 2"), "{}", text(&out));
    let _ = std::fs::remove_dir_all(&dir);
}
