//! Review throughput (indicators checked per second) on a large generated
//! project table (2,000 projects × 10 indicators, a defect here and there), and
//! on the five truth documents of the seeds when the shared folder is there.
//!
//! `cargo bench -p jixiao-core --bench review`

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use jixiao_core::review::{review, RuleConfig};
use jixiao_core::*;
use rust_decimal::Decimal;

const CATS: [(&str, &str, &str, &str); 5] = [
    ("1", "产出指标", "11", "数量指标"),
    ("1", "产出指标", "12", "质量指标"),
    ("4", "成本指标", "41", "经济成本"),
    ("2", "效益指标", "22", "社会效益"),
    ("3", "满意度指标", "31", "服务对象满意度"),
];

const VALUES: [&str; 8] = ["不少于{n}次", "≥{n}%", "{n}个工作日内办结", "全年支出不超过{n},000元", "考核等级良好以上", "服务水平不断提升", "2021年度完成{n}件", "按时足额支付"];

/// A made-up table: `projects` projects of `per` indicators each.
fn generated(projects: usize, per: usize) -> Document {
    let mut units = Vec::new();
    let mut total = Decimal::ZERO;
    for u in 0..projects.div_ceil(100) {
        let mut ps = Vec::new();
        let mut ut = Decimal::ZERO;
        for p in 0..100.min(projects - u * 100) {
            let k = u * 100 + p;
            let amount = Decimal::new(((k * 7919) % 50_000 + 100) as i64, 2);
            ut += amount;
            let indicators = (0..per)
                .map(|i| {
                    let (c1, l1, c2, l2) = CATS[(i + k) % CATS.len()];
                    let v = VALUES[(i * 3 + k) % VALUES.len()].replace("{n}", &((k + i) % 97 + 1).to_string());
                    Indicator {
                        seq: Some(i as i64 + 1),
                        level1_code: Some(c1.into()),
                        level1: Some(l1.into()),
                        level2_code: Some(c2.into()),
                        level2: Some(l2.into()),
                        name: format!("第{k}号项目指标{i}"),
                        period_value: Some(v.clone()),
                        annual_value: Some(v),
                        ..Default::default()
                    }
                })
                .collect();
            ps.push(Project {
                name: format!("示例项目{k}"),
                amounts: Amounts { total: Some(amount), fiscal: Some(amount), ..Default::default() },
                goal: Some(format!("完成第{k}号示例项目的年度工作任务，提高服务质量。")),
                indicators,
            });
        }
        total += ut;
        units.push(Unit { name: format!("示例单位{u}"), amounts: Amounts { total: Some(ut), fiscal: Some(ut), ..Default::default() }, projects: ps });
    }
    Document {
        source: "generated.txt".into(),
        title: Some("示例局2024年项目支出绩效目标表".into()),
        department: "示例局".into(),
        year: Some(2024),
        money_unit: "万元".into(),
        body: Body::Project(ProjectTable { totals: Amounts { total: Some(total), fiscal: Some(total), ..Default::default() }, units }),
    }
}

fn truth() -> Vec<Document> {
    jixiao_fixtures::truths().unwrap_or_default().iter().filter_map(|(_, t)| Document::from_json(t).ok()).collect()
}

fn bench(c: &mut Criterion) {
    let cfg = RuleConfig::default();
    let doc = generated(2000, 10);
    let n = doc.indicators().len();
    let mut g = c.benchmark_group("review");
    g.throughput(Throughput::Elements(n as u64));
    g.sample_size(20);
    g.bench_function("generated_20k_indicators", |b| b.iter(|| std::hint::black_box(review(&doc, &cfg))));
    let seeds = truth();
    if seeds.is_empty() {
        eprintln!("no truth documents found: set JIXIAO_SHARED");
    } else {
        let n: usize = seeds.iter().map(|d| d.indicators().len()).sum();
        g.throughput(Throughput::Elements(n as u64));
        g.sample_size(100);
        g.bench_function("five_seeds", |b| {
            b.iter(|| {
                for d in &seeds {
                    std::hint::black_box(review(d, &cfg));
                }
            })
        });
    }
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
