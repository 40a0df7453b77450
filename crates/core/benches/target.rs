//! Parsing speed of the target-value grammar: `cargo bench -p jixiao-core --bench target`.
//! The figure to read is "parse 1000 values" (× 1000 for a million).

use criterion::{black_box, criterion_group, criterion_main, Criterion, Throughput};
use jixiao_core::target::parse_target;

/// Made-up values in the phrasings of real tables.
const VALUES: &[&str] = &[
    "不少于300次",
    "95%以上",
    "≥98%",
    ">=12场次",
    "=800元/人年",
    "3个工作日内",
    "不超过五天",
    "公众知晓率不低于80%，宣传覆盖率达到100%",
    "每周不少于4个小时或2个半天",
    "良好以上",
    "项目按计划推进，验收合格。",
    "全年开展普法活动不少于40场",
    "投诉率低于1%",
    "90%-95%",
    "百分之九十",
    "1.5万人次",
    "2022年内完成设备采购",
    "合格率(60分以上)不低于90%",
    "12个普法案例",
    "设备故障后2个工作日内修复",
];

fn bench(c: &mut Criterion) {
    let inputs: Vec<&str> = VALUES.iter().cycle().take(1000).copied().collect();
    let mut g = c.benchmark_group("target");
    g.throughput(Throughput::Elements(inputs.len() as u64));
    g.bench_function("parse 1000 values", |b| {
        b.iter(|| {
            for v in &inputs {
                black_box(parse_target(black_box(v)));
            }
        })
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
