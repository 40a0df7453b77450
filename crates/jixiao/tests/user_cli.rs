//! `jixiao user add|list` and the demo users: passwords from standard
//! input, stored hashed, clear errors for what a role cannot have, and the
//! added user can sign in.

use std::io::Write;
use std::process::{Command, Output, Stdio};

fn jixiao(args: &[&str], stdin: &str) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_jixiao"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("runs jixiao");
    child.stdin.take().unwrap().write_all(stdin.as_bytes()).unwrap();
    child.wait_with_output().unwrap()
}

#[tokio::test]
async fn users_are_added_listed_and_can_sign_in() {
    let dir = std::env::temp_dir().join(format!("jixiao-user-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let db = dir.join("u.db").to_str().unwrap().to_string();
    let add = |args: &[&str], pw: &str| {
        let mut a = vec!["user", "add"];
        a.extend_from_slice(args);
        a.extend_from_slice(&["--db", &db]);
        jixiao(&a, pw)
    };
    let o = add(&["wang", "--role", "editor", "--department", "某某局"], "short\n");
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("密码至少需要"));
    let o = add(&["zhao", "--role", "approver"], "a-long-password\n");
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("必须指定所属部门"));
    let o = add(&["wang", "--role", "editor", "--department", "某某局"], "a-long-password\n");
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let o = add(&["wang", "--role", "admin"], "another-password\n");
    assert_eq!(o.status.code(), Some(2), "a taken name is refused");
    let o = jixiao(&["user", "list", "--db", &db], "");
    let list = String::from_utf8_lossy(&o.stdout);
    assert!(list.contains("wang") && list.contains("某某局") && list.contains("editor"), "{list}");
    assert!(!list.contains("a-long-password"));

    let store = jixiao_store::Store::open(&db).await.unwrap();
    let u = store.user_by_name("wang").await.unwrap().unwrap();
    assert!(u.password_hash.starts_with("$argon2id$"), "stored hashed");
    let app = jixiao_app::App::new(store.clone());
    let kind = jixiao_app::accounts::SessionKind::Bearer;
    assert!(app.sign_in("wang", "a-long-password", None, kind).await.is_ok());
    assert!(app.sign_in("wang", "wrong-password", None, kind).await.is_err());
    let audit = store.recent_audit(10).await.unwrap();
    assert!(audit.iter().any(|a| a.action == "user_add" && a.actor == "命令行"));
    store.close().await;
}
