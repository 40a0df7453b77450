//! `jixiao bench laggards --db DB --indicators 1000000 --queries 300`: fills
//! the database up to that many indicators, gives every project table two
//! monitoring rounds (1–4月 and 1–7月, lights drawn at random: about one project
//! in five yellow or red, causes on their indicators), then times the laggard
//! list as an admin (all), a reviewer (a region of departments) and an editor
//! (one department) would ask for it, in each order (p50/p95/p99).

use crate::bench_cmd::{fill, percentile, runtime};
use anyhow::Result;
use jixiao_demo::rng::Rng;
use jixiao_core::Body;
use jixiao_store::{AuditEntry, LaggardOrder, NewRound, RoundIndicator, RoundProject, Store};
use sqlx::Row;
use std::collections::HashSet;
use std::time::Instant;

const LIGHTS: [&str; 3] = ["green", "yellow", "red"];

fn light(rng: &mut Rng) -> &'static str {
    match rng.below(10) {
        0 => "red",
        1 => "yellow",
        _ => "green",
    }
}

/// Two rounds of made-up rows for a project table.
fn rounds(id: i64, doc: &jixiao_core::Document, rng: &mut Rng) -> Vec<NewRound> {
    let Body::Project(t) = &doc.body else { return Vec::new() };
    [4i64, 7]
        .iter()
        .map(|&month| {
            let mut projects = Vec::new();
            let mut indicators = Vec::new();
            let mut at = 0i64;
            let mut worst = 0;
            for (k, p) in t.units.iter().flat_map(|u| &u.projects).enumerate() {
                let l = light(rng);
                worst = worst.max(LIGHTS.iter().position(|x| *x == l).unwrap_or(0));
                let budget = p.amounts.total.map(|b| b.normalize().to_string());
                let executed = p.amounts.total.map(|b| (b * rust_decimal::Decimal::new(rng.range(5, 90) as i64, 2)).round_dp(2).to_string());
                projects.push(RoundProject {
                    position: k as i64,
                    name: p.name.clone(),
                    budget,
                    executed,
                    expected: None,
                    execution_light: l.into(),
                    light: l.into(),
                    reason: format!("预算执行：{l}"),
                });
                for i in &p.indicators {
                    let behind = l != "green" && rng.chance(0.3);
                    indicators.push(RoundIndicator {
                        position: at,
                        project: Some(k as i64),
                        name: i.name.clone(),
                        actual: Some(format!("{}", rng.range(1, 100))),
                        expected: None,
                        likelihood: Some(if behind { "possible" } else { "certain" }.into()),
                        causes: if behind { vec!["funding".into()] } else { Vec::new() },
                        explanation: behind.then(|| "资金未到位".to_string()),
                        action: behind.then(|| "加快拨付".to_string()),
                        note: None,
                        light: if behind { l.into() } else { "green".into() },
                        reason: String::new(),
                    });
                    at += 1;
                }
            }
            NewRound { document_id: id, month, light: LIGHTS[worst].into(), projects, indicators }
        })
        .collect()
}

/// Rounds for every project table that has none yet.
async fn fill_rounds(store: &Store) -> Result<()> {
    let pool = store.pool();
    let done: HashSet<i64> = sqlx::query("SELECT DISTINCT document_id FROM monitoring_rounds")
        .fetch_all(pool)
        .await?
        .iter()
        .map(|r| r.try_get::<i64, _>(0))
        .collect::<Result<_, _>>()?;
    let ids: Vec<i64> = sqlx::query("SELECT id FROM documents WHERE superseded = 0 AND kind = 'project' ORDER BY id")
        .fetch_all(pool)
        .await?
        .iter()
        .map(|r| r.try_get::<i64, _>(0))
        .collect::<Result<Vec<_>, _>>()?
        .into_iter()
        .filter(|id| !done.contains(id))
        .collect();
    if ids.is_empty() {
        return Ok(());
    }
    eprintln!("monitoring rounds for {} project tables", ids.len());
    let started = Instant::now();
    let mut rng = Rng::new(7);
    let audit = AuditEntry { actor_name: "bench".into(), action: "monitor_report".into(), ..Default::default() };
    for (n, id) in ids.iter().enumerate() {
        let Some(stored) = store.document(*id).await? else { continue };
        for r in rounds(*id, &stored.document, &mut rng) {
            store.save_round(&r, &audit).await?;
        }
        if (n + 1) % 5000 == 0 {
            eprintln!("  {}/{} tables, {:.0} s", n + 1, ids.len(), started.elapsed().as_secs_f64());
        }
    }
    eprintln!("rounds entered in {:.0} s", started.elapsed().as_secs_f64());
    Ok(())
}

pub fn laggards(db: &str, indicators: usize, queries: usize) -> Result<()> {
    runtime()?.block_on(async {
        let store = Store::open(db).await?;
        fill(&store, indicators, "laggards").await?;
        fill_rounds(&store).await?;
        store.analyze().await?;
        let pool = store.pool();
        let count = |sql: &'static str| async move { sqlx::query(sql).fetch_one(pool).await.and_then(|r| r.try_get::<i64, _>(0)) };
        let (docs, inds, rounds, rows) = (
            store.totals().await?.indicators,
            count("SELECT COUNT(*) FROM monitoring_indicators").await?,
            count("SELECT COUNT(*) FROM monitoring_rounds").await?,
            count("SELECT COUNT(*) FROM monitoring_projects WHERE light_rank >= 2").await?,
        );
        let departments: Vec<String> = sqlx::query("SELECT DISTINCT department FROM documents ORDER BY department")
            .fetch_all(pool)
            .await?
            .iter()
            .map(|r| r.try_get::<String, _>(0))
            .collect::<Result<_, _>>()?;
        let orders = [LaggardOrder::Light, LaggardOrder::Department, LaggardOrder::Execution];
        let mut times: [Vec<f64>; 3] = Default::default();
        let mut listed = 0usize;
        for q in 0..queries.max(3) {
            let scope = q % 3;
            let d = (q * 7) % departments.len().max(1);
            let chosen: Option<Vec<String>> = match scope {
                0 => None,
                1 => Some(departments.iter().cycle().skip(d).take(12.min(departments.len())).cloned().collect()),
                _ => Some(departments.get(d).cloned().into_iter().collect()),
            };
            let started = Instant::now();
            let list = store.laggards(chosen.as_deref(), orders[(q / 3) % 3], 200).await?;
            times[scope].push(started.elapsed().as_secs_f64() * 1000.0);
            listed += list.len();
        }
        println!(
            "laggards over {docs} indicators ({inds} monitored indicator rows, {rounds} rounds, {rows} yellow or red project rows, {} departments), {} queries, {listed} rows listed:",
            departments.len(),
            queries.max(3)
        );
        let mut all: Vec<f64> = Vec::new();
        for (k, name) in ["all departments (admin)", "a region of 12 departments (reviewer)", "one department (editor)"].iter().enumerate() {
            let t = &mut times[k];
            t.sort_by(|a, b| a.total_cmp(b));
            all.extend(t.iter());
            println!("  {name}: p50 {:.1} ms, p95 {:.1} ms, p99 {:.1} ms, max {:.1} ms", percentile(t, 0.5), percentile(t, 0.95), percentile(t, 0.99), t.last().copied().unwrap_or(0.0));
        }
        all.sort_by(|a, b| a.total_cmp(b));
        println!("  every query: p50 {:.1} ms, p95 {:.1} ms, p99 {:.1} ms", percentile(&all, 0.5), percentile(&all, 0.95), percentile(&all, 0.99));
        store.close().await;
        Ok(())
    })
}
