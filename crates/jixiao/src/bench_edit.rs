//! `jixiao bench editing`: the live review round trip and saving a
//! 300-indicator table, over HTTP to a real server, with 20 editors typing
//! at once (figures for BENCHMARKS.md).

use anyhow::{anyhow, Context, Result};
use jixiao_app::accounts::{SessionKind, UserSpec};
use jixiao_app::{Actor, App};
use jixiao_core::access::Role;
use jixiao_core::{Body, Document, Indicator, Kind};
use jixiao_store::Store;
use std::time::Instant;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

/// One HTTP/1.1 request on a kept-alive connection; returns status and body.
pub(crate) async fn request(conn: &mut TcpStream, method: &str, path: &str, headers: &[(&str, String)], body: &[u8]) -> Result<(u16, Vec<u8>)> {
    let mut head = format!("{method} {path} HTTP/1.1\r\nHost: bench\r\nContent-Length: {}\r\n", body.len());
    for (k, v) in headers {
        head.push_str(&format!("{k}: {v}\r\n"));
    }
    head.push_str("\r\n");
    conn.write_all(head.as_bytes()).await?;
    conn.write_all(body).await?;
    let mut buf = Vec::with_capacity(8192);
    let mut chunk = [0u8; 16384];
    let (header_end, length, status) = loop {
        let n = conn.read(&mut chunk).await?;
        if n == 0 {
            return Err(anyhow!("connection closed"));
        }
        buf.extend_from_slice(&chunk[..n]);
        if let Some(end) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
            let text = String::from_utf8_lossy(&buf[..end]).to_ascii_lowercase();
            let status: u16 = text.get(9..12).and_then(|s| s.parse().ok()).ok_or_else(|| anyhow!("bad status line"))?;
            let length = text
                .lines()
                .find_map(|l| l.strip_prefix("content-length:").map(|v| v.trim().parse::<usize>()))
                .transpose()?
                .ok_or_else(|| anyhow!("no content-length"))?;
            break (end + 4, length, status);
        }
    };
    while buf.len() < header_end + length {
        let n = conn.read(&mut chunk).await?;
        if n == 0 {
            return Err(anyhow!("connection closed mid-body"));
        }
        buf.extend_from_slice(&chunk[..n]);
    }
    Ok((status, buf[header_end..header_end + length].to_vec()))
}

pub(crate) fn percentile(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    sorted[(((sorted.len() - 1) as f64) * p).round() as usize]
}

/// A project table of `projects` × `per` indicators.
pub(crate) fn big_table(department: &str, projects: usize, per: usize) -> Document {
    let mut doc = jixiao_demo::generate(&jixiao_demo::DemoConfig::default())
        .into_iter()
        .find(|d| d.kind() == Kind::Project)
        .expect("the demo generator makes project tables");
    doc.department = department.to_string();
    if let Body::Project(t) = &mut doc.body {
        let template = t.units[0].projects[0].clone();
        let unit = &mut t.units[0];
        unit.projects = (0..projects)
            .map(|k| {
                let mut p = template.clone();
                p.name = format!("{}（{}）", template.name, k + 1);
                p.indicators = (0..per)
                    .map(|j| {
                        let src = &template.indicators[j % template.indicators.len()];
                        Indicator { name: format!("{}{}", src.name, j + 1), ..src.clone() }
                    })
                    .collect();
                p
            })
            .collect();
        t.units.truncate(1);
    }
    doc
}

/// Runs the benchmark: `editors` concurrent clients, `rounds` edits each.
pub fn run(db: &str, editors: usize, rounds: usize) -> Result<()> {
    let rt = tokio::runtime::Builder::new_multi_thread().enable_all().build()?;
    rt.block_on(async {
        let store = Store::open(db).await.with_context(|| format!("opening {db}"))?;
        let app = App::new(store.clone());
        let department = "基准测试局";
        let mut clients = Vec::new();
        for k in 0..editors {
            let name = format!("bench{k}-{}", jixiao_app::random_hex(3));
            let spec = UserSpec { name: name.clone(), role: Role::Editor, department: Some(department.into()), region: None, password: "bench-password".into() };
            app.add_user(&Actor::cli(), &spec).await?;
            let s = app.sign_in(&name, "bench-password", None, SessionKind::Bearer).await?;
            let actor = Actor::user(s.user.clone(), None);
            let id = app.create_blank(&actor, Kind::Project, None, 2027).await?;
            let mut doc = big_table(department, 10, 30);
            doc.source = store.document(id).await?.map(|d| d.document.source).unwrap_or_default();
            app.save(&actor, id, Some(1), doc.clone()).await?;
            clients.push((s.token, id, doc));
        }
        let indicators = clients[0].2.indicators().len();
        let state = jixiao_web::AppState::new(store.clone());
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
        let addr = listener.local_addr()?;
        tokio::spawn(async move { axum::serve(listener, jixiao_web::router(state)).await });
        let started = Instant::now();
        let mut tasks = Vec::new();
        for (token, id, mut doc) in clients {
            tasks.push(tokio::spawn(async move {
                let mut conn = TcpStream::connect(addr).await?;
                let auth = ("Authorization", format!("Bearer {token}"));
                let json = ("Content-Type", "application/json".to_string());
                let (mut review_ms, mut save_ms) = (Vec::new(), Vec::new());
                for (revision, r) in (2..).zip(0..rounds) {
                    if let Body::Project(t) = &mut doc.body {
                        t.units[0].projects[r % 10].indicators[r % 30].annual_value = Some(format!("≥{}%", 80 + r % 20));
                    }
                    let body = serde_json::json!({ "document": doc.to_json() }).to_string();
                    let t0 = Instant::now();
                    let (s, _) = request(&mut conn, "POST", "/api/review", &[auth.clone(), json.clone()], body.as_bytes()).await?;
                    review_ms.push(t0.elapsed().as_secs_f64() * 1000.0);
                    if s != 200 {
                        return Err(anyhow!("review answered {s}"));
                    }
                    let t0 = Instant::now();
                    let path = format!("/api/documents/{id}");
                    let tag = ("If-Match", format!("\"r{revision}\""));
                    let (s, b) = request(&mut conn, "PUT", &path, &[auth.clone(), json.clone(), tag], body.as_bytes()).await?;
                    save_ms.push(t0.elapsed().as_secs_f64() * 1000.0);
                    if s != 200 {
                        return Err(anyhow!("save answered {s}: {}", String::from_utf8_lossy(&b)));
                    }
                }
                Ok::<_, anyhow::Error>((review_ms, save_ms))
            }));
        }
        let (mut review, mut save) = (Vec::new(), Vec::new());
        for t in tasks {
            let (r, s) = t.await??;
            review.extend(r);
            save.extend(s);
        }
        let wall = started.elapsed().as_secs_f64();
        review.sort_by(f64::total_cmp);
        save.sort_by(f64::total_cmp);
        println!("| {} editors × {rounds} edits, {indicators} indicators per table, {} | p50 | p95 | p99 | max |", editors, store_kind(db));
        println!("|---|---|---|---|---|");
        for (what, v) in [("live review round trip (POST /api/review)", &review), ("save (PUT /api/documents/{id})", &save)] {
            println!(
                "| {what} | {:.1} ms | {:.1} ms | {:.1} ms | {:.1} ms |",
                percentile(v, 0.5),
                percentile(v, 0.95),
                percentile(v, 0.99),
                v.last().copied().unwrap_or(0.0)
            );
        }
        println!("\n{} requests in {wall:.1} s ({:.0} requests/s)", review.len() + save.len(), (review.len() + save.len()) as f64 / wall);
        Ok(())
    })
}

fn store_kind(db: &str) -> &'static str {
    if db.starts_with("postgres") {
        "PostgreSQL"
    } else {
        "SQLite"
    }
}
