//! Arbitrary and mangled input never panics: every layout, forced or detected,
//! gives a document or an error that names the file.
//!
//! `PROPTEST_CASES=100000 cargo test -p jixiao-ingest --release --test robustness`
//! runs longer; `scripts/fuzz.sh` runs libFuzzer over the same entry point.

mod support;

use jixiao_ingest::{parse, Layout};
use proptest::prelude::*;

fn check(bytes: &[u8]) {
    let results = std::iter::once(parse("in.txt", bytes, None))
        .chain(Layout::ALL.into_iter().map(|l| parse("in.txt", bytes, Some(l))));
    for r in results {
        if let Err(e) = r {
            assert!(e.to_string().starts_with("in.txt"), "error does not name the file: {e}");
        }
    }
}

/// Words and marks the readers react to, so that generated text reaches deep
/// into them instead of failing detection.
const VOCAB: &[&str] = &[
    "项目支出绩效目标表", "部门整体支出绩效目标表", "部门名称：", "单位：万元", "项目名称", "总计", "合计",
    "财政拨款", "其他资金", "绩效目标", "绩效指标", "一级指标", "二级指标", "三级指标", "实施周期指标值",
    "年度指标值", "指标值", "对比符号", "计量单位", "三级指标解释", "年度重点工作任务", "其他需完成的任务",
    "总体绩效目标", "本年", "三年期", "预期实现值", "绩效标准", "主要实施项目", "产出指标", "效益指标",
    "满意度指标", "数量指标", "11-数量指标", "1-产出指标", "01-产出指标", "1、", "2、", ";", "；", ",", "，",
    ":", "：", "。", "\t", "\t\t", "\n", "\n\n", "    ", "|", "1,234.56", "0.00", "100%", "≥90%", ">=", "次",
    "名称", "主要实施内容", "拟投入的资金（万元）", "部门职能概述", "2023年", "其中：", "1.", "预算金额（万元）",
];

fn vocab_text() -> impl Strategy<Value = String> {
    prop::collection::vec(prop_oneof![prop::sample::select(VOCAB).prop_map(str::to_string), "[一-龥]{0,6}", "[0-9.,%]{0,5}"], 0..200)
        .prop_map(|parts| parts.concat())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 128, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_bytes(bytes in prop::collection::vec(any::<u8>(), 0..2048)) {
        check(&bytes);
    }

    #[test]
    fn arbitrary_text(s in "\\PC{0,600}") {
        check(s.as_bytes());
    }

    #[test]
    fn table_vocabulary(s in vocab_text()) {
        check(s.as_bytes());
    }
}

/// Every seed mangled: lines dropped, duplicated, swapped, cut short.
#[test]
fn mangled_seeds() {
    for prefix in ["000", "001", "002", "003", "004"] {
        let Some((_, text)) = support::seed(prefix) else { return };
        let lines: Vec<&str> = text.lines().collect();
        let n = lines.len();
        for k in (0..n).step_by((n / 20).max(1)) {
            let mut dropped = lines.clone();
            dropped.remove(k);
            check(dropped.join("\n").as_bytes());
            let mut doubled = lines.clone();
            doubled.insert(k, lines[k]);
            check(doubled.join("\n").as_bytes());
            let mut swapped = lines.clone();
            swapped.swap(k, (k * 7 + 3) % n);
            check(swapped.join("\n").as_bytes());
            check(lines[..k].join("\n").as_bytes());
            check(lines[k..].join("\n").as_bytes());
        }
        // Cut inside a multi-byte character.
        for cut in (0..text.len()).step_by((text.len() / 50).max(1) | 1) {
            check(&text.as_bytes()[..cut]);
        }
    }
}
