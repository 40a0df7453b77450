//! `jixiao import` end to end: the published tables stored as `jixiao parse`
//! reads them, unchanged files skipped, a changed file a new version, a bad
//! file reported while the others go in.

use jixiao_core::Document;
use jixiao_store::Store;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn jixiao(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_jixiao")).args(args).output().expect("runs jixiao")
}

fn tmpdir(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("jixiao-import-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn copy_seeds(dir: &Path) -> Vec<String> {
    let Some(seeds) = jixiao_fixtures::seeds() else { return Vec::new() };
    seeds
        .into_iter()
        .map(|(name, bytes)| {
            let p = dir.join(&name);
            std::fs::write(&p, bytes).unwrap();
            p.display().to_string()
        })
        .collect()
}

#[test]
fn imports_the_published_tables_as_parse_reads_them() {
    let dir = tmpdir("seeds");
    let files = copy_seeds(&dir);
    if files.is_empty() {
        return;
    }
    let db = dir.join("j.db").display().to_string();
    let mut args = vec!["import", "--db", db.as_str()];
    args.extend(files.iter().map(String::as_str));
    let out = jixiao(&args);
    assert!(out.status.success(), "{}", stderr(&out));
    let summary = stderr(&out);
    assert!(summary.contains(&format!("{} documents stored, 0 unchanged, 0 failed", files.len())), "{summary}");

    // Every stored document is what `jixiao parse` prints for its file.
    let rt = tokio::runtime::Runtime::new().unwrap();
    rt.block_on(async {
        let store = Store::open(&db).await.unwrap();
        let list = store.list_documents().await.unwrap();
        assert_eq!(list.len(), files.len());
        for summary in list {
            let stored = store.document(summary.id).await.unwrap().unwrap().document;
            let file = files.iter().find(|f| f.ends_with(&stored.source)).expect("a known file");
            let parsed = jixiao(&["parse", file]);
            assert!(parsed.status.success());
            let parsed = Document::from_json(&String::from_utf8_lossy(&parsed.stdout)).unwrap();
            assert_eq!(stored, parsed, "{file}");
        }
        store.close().await;
    });

    // Again: nothing changes.
    let again = jixiao(&args);
    assert!(again.status.success());
    assert!(stderr(&again).contains(&format!("0 documents stored, {} unchanged", files.len())), "{}", stderr(&again));

    // A changed file becomes version 2; a file that is no table fails alone.
    let first = &files[0];
    let mut text = std::fs::read_to_string(first).unwrap();
    text.push('\n');
    std::fs::write(first, text).unwrap();
    let bad = dir.join("letter.txt");
    std::fs::write(&bad, "这是一封普通的信，不是绩效目标表。").unwrap();
    let bad = bad.display().to_string();
    let out = jixiao(&["import", "--db", &db, first, &bad]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    let msg = stderr(&out);
    assert!(msg.contains("1 documents stored, 0 unchanged, 1 failed"), "{msg}");
    assert!(msg.contains("letter.txt"), "the failure names the file: {msg}");
    rt.block_on(async {
        let store = Store::open(&db).await.unwrap();
        let name = Path::new(first).file_name().unwrap().to_string_lossy().into_owned();
        let versions = store.versions(&name).await.unwrap();
        assert_eq!(versions.iter().map(|v| v.version).max(), Some(2));
        assert_eq!(versions.len(), 2);
        assert_eq!(store.list_documents().await.unwrap().len(), files.len());
        store.close().await;
    });
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_missing_file_is_reported_with_its_path() {
    let dir = tmpdir("missing");
    let db = dir.join("j.db").display().to_string();
    let missing = dir.join("no-such-table.txt").display().to_string();
    let out = jixiao(&["import", "--db", &db, &missing]);
    assert_eq!(out.status.code(), Some(2));
    let msg = stderr(&out);
    assert!(msg.contains("no-such-table.txt") && msg.contains("cannot read"), "{msg}");
    assert!(msg.contains("0 documents stored, 0 unchanged, 1 failed"), "{msg}");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_cut_off_table_is_stored_with_its_warnings_said_and_audited() {
    let dir = tmpdir("cut");
    let db = dir.join("j.db").display().to_string();
    let file = dir.join("cut.txt");
    let text = "某某所2024年部门整体绩效目标表\n一级指标 二级指标 三级指标 指标值 计量单位\n产出指标 数量指标 调解案件数 120 件\n质量指标 调解成功率\n";
    std::fs::write(&file, text).unwrap();
    let out = jixiao(&["import", "--db", &db, file.to_str().unwrap()]);
    let msg = stderr(&out);
    assert!(out.status.success(), "{msg}");
    assert!(msg.contains("warning: cut.txt, line 4:"), "{msg}");
    let rt = tokio::runtime::Runtime::new().unwrap();
    rt.block_on(async {
        let store = Store::open(&db).await.unwrap();
        let audit = store.recent_audit(5).await.unwrap();
        let import = audit.iter().find(|a| a.action == "import").expect("an import record");
        let detail = import.detail.as_ref().expect("detail");
        let warnings = detail["reading_warnings"].as_array().expect("warnings kept");
        assert_eq!(warnings.len(), 1);
        assert!(warnings[0].as_str().unwrap().starts_with("line 4:"), "{detail}");
        store.close().await;
    });
    let _ = std::fs::remove_dir_all(&dir);
}
