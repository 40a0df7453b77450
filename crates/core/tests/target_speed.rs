//! A rough speed check of the target grammar (the criterion bench is the
//! reference figure): `cargo test --release -p jixiao-core --test target_speed -- --ignored --nocapture`.

use jixiao_core::target::parse_target;
use std::time::Instant;

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

#[test]
#[ignore = "timing; run in release with --ignored"]
fn a_million_values() {
    let n = 1_000_000usize;
    let start = Instant::now();
    let mut quantitative = 0usize;
    for k in 0..n {
        if let Some(v) = VALUES.get(k % VALUES.len()) {
            if matches!(parse_target(v), jixiao_core::target::Target::Quantitative { .. }) {
                quantitative += 1;
            }
        }
    }
    let took = start.elapsed();
    println!("parsed {n} values in {took:?} ({quantitative} quantitative)");
}
