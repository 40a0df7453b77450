//! Self-evaluation scoring and monitoring lights of a whole region: generated
//! project tables of about 30,000 indicators in all, each indicator given an
//! actual value, every project scored (and every indicator lit) per `domain.md`.
//!
//! `cargo bench -p jixiao-app --bench score`

use criterion::{criterion_group, criterion_main, Criterion};
use jixiao_core::monitor::{indicator_light, Progress, WarningPolicy};
use jixiao_core::score::{evaluate, execution, Actual, IndicatorInput, Policy};
use jixiao_core::taxonomy::Level1;
use jixiao_core::{Body, Document};
use rust_decimal::Decimal;

/// A project to score: its budget and its indicators with made-up actual values.
type Task = (Option<Decimal>, Vec<IndicatorInput>);

/// One scoring task per project, and the number of tables they came from.
fn region(indicators: usize) -> (usize, Vec<Task>) {
    let mut out = Vec::new();
    let (mut docs, mut n, mut seed) = (0, 0, 1);
    while n < indicators {
        let batch: Vec<Document> = jixiao_demo::generate(&jixiao_demo::DemoConfig { seed, districts: 10, years: 2022..=2025, ..Default::default() });
        seed += 1;
        for d in batch {
            let Body::Project(t) = &d.body else { continue };
            docs += 1;
            for p in t.units.iter().flat_map(|u| &u.projects) {
                let inputs: Vec<IndicatorInput> = p
                    .indicators
                    .iter()
                    .enumerate()
                    .map(|(k, i)| {
                        let target = i.value().unwrap_or_default().to_string();
                        let actual = match k % 4 {
                            0 => Actual::read_for("达成", &target),
                            1 => Actual::read_for("85%", &target),
                            2 => Actual::read_for("12", &target),
                            _ => Actual::NotApplicable,
                        };
                        IndicatorInput { name: i.name.clone(), level1: i.level1.as_deref().and_then(Level1::from_name), target_text: target, actual, weight: None }
                    })
                    .collect();
                n += inputs.len();
                out.push((p.amounts.total, inputs));
            }
            if n >= indicators {
                break;
            }
        }
    }
    (docs, out)
}

fn bench(c: &mut Criterion) {
    let (docs, projects) = region(30_000);
    let n: usize = projects.iter().map(|p| p.1.len()).sum();
    eprintln!("{docs} project tables, {} projects, {n} indicators", projects.len());
    let policy = Policy::default();
    let mut g = c.benchmark_group("region");
    g.sample_size(10);
    g.bench_function("score_30k_indicators", |b| {
        b.iter(|| {
            let mut total = Decimal::ZERO;
            for (budget, inputs) in &projects {
                let e = execution(*budget, budget.map(|b| b * Decimal::new(9, 1)), &policy);
                total += evaluate(inputs, e, &policy).total;
            }
            std::hint::black_box(total)
        })
    });
    let warn = WarningPolicy::default();
    let progress: Vec<Progress> = projects
        .iter()
        .flat_map(|(_, inputs)| inputs)
        .map(|i| Progress { name: i.name.clone(), target: i.target_text.clone(), actual: i.actual.clone(), expected: Actual::Missing, likelihood: None })
        .collect();
    g.bench_function("light_30k_indicators", |b| {
        b.iter(|| std::hint::black_box(progress.iter().map(|p| indicator_light(p, 7, &warn, &policy).light).max()))
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
