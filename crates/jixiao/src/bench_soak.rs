//! `jixiao bench soak`: a sustained load of mixed reads and writes against a
//! real server process, with the server's memory sampled along the way
//! (figures and the RSS curve for BENCHMARKS.md).
//!
//! The database is filled with the demo data first when it is new; then the
//! server runs as a child process (`jixiao serve`), and `--connections` kept-
//! alive connections load it until the time is up: most read public pages and
//! API answers, `--editors` edit drafts of their own (live review, then save),
//! and two import table files as new versions. Every answer that is not a
//! success counts as an error.

use crate::bench_edit::{big_table, percentile, request};
use anyhow::{anyhow, Context, Result};
use jixiao_app::accounts::{SessionKind, UserSpec};
use jixiao_app::export::{self, ExportFormat};
use jixiao_app::{Actor, App};
use jixiao_core::access::Role;
use jixiao_core::{Body, Document, Kind};
use jixiao_store::Store;
use std::io::Write;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use tokio::net::TcpStream;

/// How the soak runs.
pub struct Soak {
    /// The database (filled with the demo data when new).
    pub db: String,
    /// How long.
    pub minutes: f64,
    /// Connections in all.
    pub connections: usize,
    /// Of them, editors saving drafts.
    pub editors: usize,
    /// A new database holds this many generated indicators besides the demo
    /// data (so that the page caches fill in the warm-up, as on a database in use).
    pub indicators: usize,
    /// The RSS curve as CSV (seconds, RSS MB, anonymous MB, requests).
    pub out: Option<std::path::PathBuf>,
}

/// Requests, errors and latencies of one kind of client.
#[derive(Default)]
struct Tally {
    ms: Vec<f64>,
    errors: u64,
    first_errors: Vec<String>,
}

impl Tally {
    fn record(&mut self, started: Instant, outcome: Result<(u16, Vec<u8>)>, what: &str) -> Option<Vec<u8>> {
        self.ms.push(started.elapsed().as_secs_f64() * 1000.0);
        match outcome {
            Ok((s, body)) if (200..300).contains(&s) => Some(body),
            Ok((s, body)) => {
                self.fail(format!("{what}: {s} {}", String::from_utf8_lossy(&body).chars().take(200).collect::<String>()));
                None
            }
            Err(e) => {
                self.fail(format!("{what}: {e}"));
                None
            }
        }
    }

    fn fail(&mut self, m: String) {
        self.errors += 1;
        if self.first_errors.len() < 5 {
            self.first_errors.push(m);
        }
    }
}

const READ_ROUTES: [&str; 8] = [
    "/",
    "/documents/{id}",
    "/api/documents/{id}",
    "/search?q=%E6%BB%A1%E6%84%8F%E5%BA%A6",
    "/api/search?q=%E6%BB%A1%E6%84%8F%E5%BA%A6",
    "/search?q=%E5%AE%8C%E6%88%90%E7%8E%87&page=2",
    "/api/compare?name=%E6%BB%A1%E6%84%8F%E5%BA%A6",
    "/healthz",
];

/// The memory of a process: (resident, resident anonymous) in MB.
fn rss(pid: u32) -> Option<(f64, f64)> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let field = |name: &str| -> Option<f64> {
        let line = status.lines().find(|l| l.starts_with(name))?;
        line.split_whitespace().nth(1)?.parse::<f64>().ok().map(|kb| kb / 1024.0)
    };
    Some((field("VmRSS:")?, field("RssAnon:")?))
}

/// The process whose command line is `argv`.
fn server_pid(argv: &[String]) -> Option<u32> {
    let want = argv.join("\0");
    std::fs::read_dir("/proc").ok()?.flatten().find_map(|e| {
        let pid: u32 = e.file_name().to_str()?.parse().ok()?;
        let cmd = std::fs::read(e.path().join("cmdline")).ok()?;
        (String::from_utf8_lossy(&cmd).trim_end_matches('\0') == want).then_some(pid)
    })
}

struct Child(std::process::Child);

impl Drop for Child {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Runs the soak and prints its figures.
pub fn run(cfg: &Soak) -> Result<()> {
    let new = cfg.db.starts_with("postgres") || !std::path::Path::new(&cfg.db).exists();
    if new && !cfg.db.starts_with("postgres") {
        crate::db_cmd::demo(&cfg.db)?;
    }
    let rt = tokio::runtime::Builder::new_multi_thread().enable_all().build()?;
    if new && cfg.indicators > 0 {
        rt.block_on(async {
            let store = Store::open(&cfg.db).await.with_context(|| format!("opening {}", cfg.db))?;
            let have = store.totals().await?.indicators as usize;
            crate::bench_cmd::fill(&store, have + cfg.indicators, "soak").await?;
            store.close().await;
            anyhow::Ok(())
        })?;
    }
    rt.block_on(soak(cfg))
}

async fn soak(cfg: &Soak) -> Result<()> {
    let editors = cfg.editors.min(cfg.connections.saturating_sub(3));
    let importers = 2;
    let readers = cfg.connections.saturating_sub(editors + importers).max(1);
    // Users and drafts, through the use cases, before the server starts.
    let store = Store::open(&cfg.db).await.with_context(|| format!("opening {}", cfg.db))?;
    let app = App::new(store.clone());
    let tag = jixiao_app::random_hex(3);
    let mut editor_state = Vec::new();
    for k in 0..editors {
        let name = format!("soak-e{k}-{tag}");
        let spec = UserSpec { name: name.clone(), role: Role::Editor, department: Some("压力测试局".into()), region: None, password: "soak-password".into() };
        app.add_user(&Actor::cli(), &spec).await?;
        let s = app.sign_in(&name, "soak-password", None, SessionKind::Bearer).await?;
        let actor = Actor::user(s.user.clone(), None);
        let id = app.create_blank(&actor, Kind::Project, None, 2027).await?;
        let mut doc = big_table("压力测试局", 5, 20);
        doc.source = store.document(id).await?.map(|d| d.document.source).unwrap_or_default();
        app.save(&actor, id, Some(1), doc.clone()).await?;
        editor_state.push((s.token, id, doc));
    }
    let mut importer_tokens = Vec::new();
    for k in 0..importers {
        let name = format!("soak-i{k}-{tag}");
        let spec = UserSpec { name: name.clone(), role: Role::Admin, department: None, region: None, password: "soak-password".into() };
        app.add_user(&Actor::cli(), &spec).await?;
        importer_tokens.push(app.sign_in(&name, "soak-password", None, SessionKind::Bearer).await?.token);
    }
    let ids: Vec<i64> = store.list_documents().await?.iter().filter(|d| d.state == "published").map(|d| d.id).collect();
    store.close().await;
    if ids.is_empty() {
        return Err(anyhow!("{}: no published document to read", cfg.db));
    }
    let tables: Vec<Document> = jixiao_demo::generate(&jixiao_demo::DemoConfig { seed: 7, ..Default::default() })
        .into_iter()
        .filter(|d| d.kind() == Kind::Project)
        .take(importers)
        .collect();

    // The server, a process of its own.
    let port = {
        let l = std::net::TcpListener::bind("127.0.0.1:0")?;
        l.local_addr()?.port()
    };
    let exe = std::env::current_exe()?;
    let serve = [
        exe.to_string_lossy().into_owned(),
        "serve".into(),
        "--db".into(),
        cfg.db.clone(),
        "--addr".into(),
        format!("127.0.0.1:{port}"),
        "--cache-mb".into(),
        "64".into(),
    ];
    // JIXIAO_SOAK_WRAP runs the server under another program (a heap profiler:
    // `JIXIAO_SOAK_WRAP="heaptrack -o /tmp/soak"`); its memory is then read
    // from the server process below the wrapper.
    let wrap: Vec<String> = std::env::var("JIXIAO_SOAK_WRAP").unwrap_or_default().split_whitespace().map(String::from).collect();
    let argv: Vec<String> = wrap.iter().cloned().chain(serve.iter().cloned()).collect();
    let child = Child(
        std::process::Command::new(&argv[0])
            .args(&argv[1..])
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .context("starting the server")?,
    );
    let mut pid = child.0.id();
    let addr: std::net::SocketAddr = format!("127.0.0.1:{port}").parse()?;
    let mut up = false;
    for _ in 0..100 {
        if let Ok(mut c) = TcpStream::connect(addr).await {
            if matches!(request(&mut c, "GET", "/healthz", &[], b"").await, Ok((200, _))) {
                up = true;
                break;
            }
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    if !up {
        return Err(anyhow!("the server did not start"));
    }
    if !wrap.is_empty() {
        pid = server_pid(&serve).ok_or_else(|| anyhow!("the server process under {} was not found", wrap[0]))?;
    }
    // Every read route answers before the load starts.
    let mut c = TcpStream::connect(addr).await?;
    for r in READ_ROUTES {
        let path = r.replace("{id}", &ids[0].to_string());
        let (s, _) = request(&mut c, "GET", &path, &[], b"").await.with_context(|| format!("GET {path}"))?;
        if s != 200 {
            return Err(anyhow!("GET {path} answered {s} before the load"));
        }
    }
    drop(c);

    let started = Instant::now();
    let deadline = started + Duration::from_secs_f64(cfg.minutes * 60.0);
    let stop = Arc::new(AtomicBool::new(false));
    let requests = Arc::new(AtomicU64::new(0));
    let reads = Arc::new(Mutex::new(Tally::default()));
    let edits = Arc::new(Mutex::new(Tally::default()));
    let imports = Arc::new(Mutex::new(Tally::default()));
    let mut tasks = Vec::new();
    for k in 0..readers {
        let (ids, tally, n) = (ids.clone(), reads.clone(), requests.clone());
        tasks.push(tokio::spawn(async move {
            let mut conn = None;
            let mut i = k;
            while Instant::now() < deadline {
                i += 1;
                let route = READ_ROUTES[i % READ_ROUTES.len()];
                let path = route.replace("{id}", &ids[(i * 7 + k) % ids.len()].to_string());
                let t0 = Instant::now();
                let out = get_conn(&mut conn, addr, "GET", &path, &[], b"").await;
                n.fetch_add(1, Ordering::Relaxed);
                tally.lock().unwrap().record(t0, out, &format!("GET {path}"));
            }
        }));
    }
    for (token, id, mut doc) in editor_state {
        let (tally, n) = (edits.clone(), requests.clone());
        tasks.push(tokio::spawn(async move {
            let mut conn = None;
            let auth = ("Authorization", format!("Bearer {token}"));
            let json = ("Content-Type", "application/json".to_string());
            let mut revision = 2;
            let mut r = 0usize;
            while Instant::now() < deadline {
                r += 1;
                if let Body::Project(t) = &mut doc.body {
                    t.units[0].projects[r % 5].indicators[r % 20].annual_value = Some(format!("≥{}%", 60 + r % 40));
                }
                let body = serde_json::json!({ "document": doc.to_json() }).to_string();
                let t0 = Instant::now();
                let out = get_conn(&mut conn, addr, "POST", "/api/review", &[auth.clone(), json.clone()], body.as_bytes()).await;
                tally.lock().unwrap().record(t0, out, "POST /api/review");
                let t0 = Instant::now();
                let tag = ("If-Match", format!("\"r{revision}\""));
                let out = get_conn(&mut conn, addr, "PUT", &format!("/api/documents/{id}"), &[auth.clone(), json.clone(), tag], body.as_bytes()).await;
                if tally.lock().unwrap().record(t0, out, "PUT /api/documents").is_some() {
                    revision += 1;
                }
                n.fetch_add(2, Ordering::Relaxed);
                tokio::time::sleep(Duration::from_millis(500)).await;
            }
        }));
    }
    for (k, (token, mut doc)) in importer_tokens.into_iter().zip(tables).enumerate() {
        let (tally, n) = (imports.clone(), requests.clone());
        tasks.push(tokio::spawn(async move {
            let mut conn = None;
            let auth = ("Authorization", format!("Bearer {token}"));
            let mut r = 0usize;
            while Instant::now() < deadline {
                r += 1;
                // A new version each time: one target value changes.
                if let Body::Project(t) = &mut doc.body {
                    let ind = &mut t.units[0].projects[0].indicators[0];
                    ind.annual_value = Some(format!("≥{}", 100 + r));
                }
                let body = match export::render(&doc, ExportFormat::Csv, None) {
                    Ok(e) => e.bytes,
                    Err(e) => {
                        tally.lock().unwrap().fail(format!("render: {e}"));
                        break;
                    }
                };
                let t0 = Instant::now();
                let out = get_conn(&mut conn, addr, "POST", &format!("/api/import?name=soak-{k}.csv"), &[auth.clone()], &body).await;
                n.fetch_add(1, Ordering::Relaxed);
                tally.lock().unwrap().record(t0, out, "POST /api/import");
                tokio::time::sleep(Duration::from_millis(1000)).await;
            }
        }));
    }
    // The sampler: the server's memory every ten seconds.
    let samples = Arc::new(Mutex::new(Vec::<(f64, f64, f64, u64)>::new()));
    let sampler = {
        let (samples, stop, n) = (samples.clone(), stop.clone(), requests.clone());
        tokio::spawn(async move {
            while !stop.load(Ordering::Relaxed) {
                if let Some((total, anon)) = rss(pid) {
                    samples.lock().unwrap().push((started.elapsed().as_secs_f64(), total, anon, n.load(Ordering::Relaxed)));
                }
                tokio::time::sleep(Duration::from_secs(10)).await;
            }
        })
    };
    let mut last_report = Instant::now();
    while Instant::now() < deadline {
        tokio::time::sleep(Duration::from_secs(1)).await;
        if last_report.elapsed() > Duration::from_secs(60) {
            last_report = Instant::now();
            let (t, total, anon, n) = samples.lock().unwrap().last().copied().unwrap_or_default();
            eprintln!("{:.0} s: {n} requests, server RSS {total:.0} MB ({anon:.0} MB anonymous)", t);
        }
    }
    for t in tasks {
        t.await?;
    }
    stop.store(true, Ordering::Relaxed);
    sampler.await?;
    let wall = started.elapsed().as_secs_f64();
    let alive = {
        let mut c = TcpStream::connect(addr).await?;
        matches!(request(&mut c, "GET", "/healthz", &[], b"").await, Ok((200, _)))
    };
    if !wrap.is_empty() {
        // The wrapper writes its report once the server ends: end it gently.
        let _ = std::process::Command::new("kill").args(["-TERM", &pid.to_string()]).status();
        let mut child = child;
        let _ = child.0.wait();
    } else {
        drop(child);
    }
    let samples = samples.lock().unwrap().clone();
    report(cfg, readers, editors, importers, wall, alive, &reads, &edits, &imports, &samples)
}

/// One request on a kept-alive connection, reconnecting when it broke.
async fn get_conn(
    conn: &mut Option<TcpStream>,
    addr: std::net::SocketAddr,
    method: &str,
    path: &str,
    headers: &[(&str, String)],
    body: &[u8],
) -> Result<(u16, Vec<u8>)> {
    if conn.is_none() {
        *conn = Some(TcpStream::connect(addr).await?);
    }
    let c = conn.as_mut().expect("connected");
    let out = request(c, method, path, headers, body).await;
    if out.is_err() {
        *conn = None;
    }
    out
}

#[allow(clippy::too_many_arguments)]
fn report(
    cfg: &Soak,
    readers: usize,
    editors: usize,
    importers: usize,
    wall: f64,
    alive: bool,
    reads: &Mutex<Tally>,
    edits: &Mutex<Tally>,
    imports: &Mutex<Tally>,
    samples: &[(f64, f64, f64, u64)],
) -> Result<()> {
    println!(
        "Soak of {:.0} min on {} ({readers} readers, {editors} editors, {importers} importers = {} connections)\n",
        wall / 60.0,
        if cfg.db.starts_with("postgres") { "PostgreSQL" } else { "SQLite" },
        readers + editors + importers
    );
    println!("| clients | requests | errors | p50 | p99 | max |");
    println!("|---|---|---|---|---|---|");
    let mut errors = 0;
    for (what, t) in [("readers (pages and API)", reads), ("editors (review + save)", edits), ("importers (POST /api/import)", imports)] {
        let mut t = t.lock().unwrap();
        t.ms.sort_by(f64::total_cmp);
        errors += t.errors;
        println!(
            "| {what} | {} | {} | {:.1} ms | {:.1} ms | {:.1} ms |",
            t.ms.len(),
            t.errors,
            percentile(&t.ms, 0.5),
            percentile(&t.ms, 0.99),
            t.ms.last().copied().unwrap_or(0.0)
        );
        for e in &t.first_errors {
            eprintln!("error: {e}");
        }
    }
    // Warm-up: the first sixth of the run (five minutes of thirty).
    let warm = wall / 6.0;
    let after: Vec<&(f64, f64, f64, u64)> = samples.iter().filter(|s| s.0 >= warm).collect();
    let stat = |f: fn(&(f64, f64, f64, u64)) -> f64| {
        let v: Vec<f64> = after.iter().map(|s| f(s)).collect();
        let (min, max) = v.iter().fold((f64::MAX, f64::MIN), |(a, b), &x| (a.min(x), b.max(x)));
        let mean = v.iter().sum::<f64>() / v.len().max(1) as f64;
        (min, max, mean)
    };
    let (min, max, mean) = stat(|s| s.1);
    let (amin, amax, amean) = stat(|s| s.2);
    println!("\nServer RSS after the warm-up ({:.0} s), {} samples: min {min:.0} MB, max {max:.0} MB, mean {mean:.0} MB, spread (max − min) / mean = {:.1} %", warm, after.len(), (max - min) / mean * 100.0);
    println!("Anonymous memory (heap): min {amin:.0} MB, max {amax:.0} MB, mean {amean:.0} MB, spread {:.1} %", (amax - amin) / amean * 100.0);
    println!("Errors: {errors}; the server answered /healthz after the soak: {}", if alive { "yes" } else { "no" });
    println!("\n| minute | server RSS (MB) | anonymous (MB) | requests so far |");
    println!("|---|---|---|---|");
    let step = (wall / 60.0 / 10.0).max(1.0) * 60.0;
    let mut next = 0.0;
    for s in samples {
        if s.0 >= next {
            println!("| {:.0} | {:.0} | {:.0} | {} |", s.0 / 60.0, s.1, s.2, s.3);
            next += step;
        }
    }
    if let Some(out) = &cfg.out {
        let mut f = std::fs::File::create(out).with_context(|| format!("{}: cannot write", out.display()))?;
        writeln!(f, "seconds,rss_mb,anon_mb,requests")?;
        for s in samples {
            writeln!(f, "{:.0},{:.1},{:.1},{}", s.0, s.1, s.2, s.3)?;
        }
    }
    if errors > 0 || !alive {
        return Err(anyhow!("{errors} errors during the soak"));
    }
    Ok(())
}
