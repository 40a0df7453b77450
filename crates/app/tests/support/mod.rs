//! The made-up department, table and users the monitoring and self-evaluation tests share.
#![allow(dead_code)]

use jixiao_app::accounts::UserSpec;
use jixiao_app::{Actor, App};
use jixiao_core::access::Role;
use jixiao_core::{Amounts, Body, Document, Indicator, Project, ProjectTable, Unit};
use jixiao_store::{AuditEntry, ImportOutcome, Provenance, StartState, Store};
use rust_decimal::Decimal;

pub const DEPT: &str = "示范县文化馆";

pub fn money(n: i64) -> Amounts {
    Amounts { total: Some(Decimal::from(n)), fiscal: Some(Decimal::from(n)), ..Default::default() }
}

pub fn indicator(level1: &str, name: &str, value: &str) -> Indicator {
    let mut i = Indicator::named(name);
    i.level1 = Some(level1.into());
    i.annual_value = Some(value.into());
    i
}

pub fn table() -> Document {
    let p1 = Project {
        name: "公共文化活动".into(),
        amounts: money(100),
        goal: None,
        indicators: vec![indicator("产出指标", "演出场次", "≥12场"), indicator("满意度指标", "群众满意度", "≥90%")],
    };
    let p2 = Project { name: "馆舍维护".into(), amounts: money(40), goal: None, indicators: vec![indicator("产出指标", "维修完成率", "100%")] };
    Document {
        source: "made-up/culture.json".into(),
        title: Some("项目支出绩效目标表".into()),
        department: DEPT.into(),
        year: Some(2026),
        money_unit: "万元".into(),
        body: Body::Project(ProjectTable { totals: money(140), units: vec![Unit { name: DEPT.into(), amounts: money(140), projects: vec![p1, p2] }] }),
    }
}

pub async fn app(tag: &str) -> (App, i64, std::path::PathBuf) {
    let dir = std::env::temp_dir().join(format!("jixiao-app-monitor-{}-{tag}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let store = Store::open(dir.join("m.db").to_str().unwrap()).await.unwrap();
    let doc = table();
    let prov = Provenance {
        source: doc.source.clone(),
        content_hash: "h".into(),
        imported_at: "2026-01-05T00:00:00Z".into(),
        state: StartState::Published,
        audit: AuditEntry { actor_name: "命令行".into(), action: "import".into(), ..Default::default() },
    };
    let ImportOutcome::Stored { id, .. } = store.import(&doc, &prov, &[]).await.unwrap() else { panic!("stored") };
    let app = App::new(store);
    for (name, role, dept) in [
        ("editor", Role::Editor, Some(DEPT)),
        ("approver", Role::Approver, Some(DEPT)),
        ("reviewer", Role::Reviewer, None),
        ("other", Role::Editor, Some("别的部门")),
        ("admin", Role::Admin, None),
    ] {
        let spec = UserSpec { name: name.into(), role, department: dept.map(str::to_string), region: None, password: "long-enough-1".into() };
        app.add_user(&Actor::cli(), &spec).await.unwrap();
    }
    (app, id, dir)
}

pub async fn as_user(app: &App, name: &str) -> Actor {
    Actor::user(app.store.user_by_name(name).await.unwrap().unwrap(), None)
}

