//! jixiao-demo: made-up but realistic published performance-target tables
//! (绩效目标表) for demos, tests and benchmarks.
//!
//! Every document is a [`jixiao_core::Document`] (`perf-targets/1`) of a made-up
//! department (司法局, 教育局, 卫生健康局 … ten kinds) of a made-up district, for a
//! budget year, in both kinds: project tables (项目支出绩效目标表) and department
//! tables (部门整体支出绩效目标表). The output is a pure function of the
//! [`DemoConfig`]: the same seed always gives the same documents.
//!
//! ```
//! let corpus = jixiao_demo::generate_annotated(&jixiao_demo::DemoConfig::default());
//! assert!(!corpus.documents.is_empty());
//! for d in &corpus.defects {
//!     println!("{}: {} at {}", d.source, d.kind.id(), d.path);
//! }
//! ```
//!
//! # What the documents look like
//!
//! Districts publish in one of three styles, assigned in turn:
//!
//! - **Guangzhou style**: project tables with codes `1-产出指标` / `11-数量指标`;
//!   department tables with figures 基本支出, 项目支出, 财政拨款, 其他资金 (and
//!   sometimes 区本级使用资金 / 拟用于对下转移支付资金), category names without codes,
//!   key and other tasks with content, goal, amount and their projects, and
//!   sometimes a three-year plan.
//! - **Padded style**: project tables with codes `01` / `01`; department tables
//!   with 财政供养人员数, 基本支出, 项目支出, 财政拨款, indicators with codes,
//!   explanations and comparator / value / unit in separate fields
//!   (`">="`, `"95"`, `"%"`).
//! - **Extended style**: project tables with 指标性质, 指标方向, 分值 (summing to 90 per
//!   project) and 绩效标准; department tables with figures 总额, 财政拨款收入 (一般公共预算 +
//!   政府性基金预算), 财政专户管理资金, 事业收入, 经营收入, 其他收入, an annual and a
//!   three-year plan, and tasks carrying their own indicators.
//!
//! Invariants of a document without an arithmetic defect: a project's total is
//! 财政拨款 + 财政专户拨款 + 其他资金; a unit's amounts are the sums of its
//! projects; the 合计 row is the sum of the units; the department figures add up
//! as their labels say; the amounts of the annual tasks add up to 项目支出; and
//! 项目支出 of a department table equals the 合计 of the same department's project
//! table of that year. From 2021 most projects have a cost indicator, usually
//! printed as `成本指标 → 经济成本`; every project has a satisfaction indicator
//! unless that defect was injected.
//!
//! # Defects
//!
//! With `defect_rate` r, each project of a project table and each plan of a
//! department table gets, with probability r, one defect drawn from the kinds
//! that apply to it ([`DefectKind`]); each document gets, with probability r / 5,
//! a total that does not add up. Defects are drawn from a stream of their own:
//! the documents of two configurations that differ only in `defect_rate` are the
//! same apart from the injected defects. [`generate_annotated`] lists every
//! defect with the document and the path of the place it went to.

#![warn(missing_docs)]

mod defects;
mod gen;
pub mod monitoring;
pub mod rng;
mod values;
mod vocab;

use std::ops::RangeInclusive;

use jixiao_core::Document;

use crate::gen::{department_doc, district_kinds, project_doc, Dept, DistrictNames};
use crate::rng::Rng;

/// What to generate.
#[derive(Debug, Clone, PartialEq)]
pub struct DemoConfig {
    /// The seed: the same seed gives the same documents.
    pub seed: u64,
    /// How many districts.
    pub districts: usize,
    /// The budget years; every department gets both tables for every year.
    pub years: RangeInclusive<i32>,
    /// Departments per district, at most the number of department kinds
    /// ([`department_kinds`]); more are capped.
    pub departments_per_district: usize,
    /// Probability of a defect per project / per department plan (0.0 for none).
    pub defect_rate: f64,
}

impl Default for DemoConfig {
    /// A small set: 3 districts × 4 departments × 3 years (2023–2025) × both kinds
    /// = 72 documents, some three thousand indicators, defect rate 0.05.
    fn default() -> Self {
        DemoConfig { seed: 20_240_601, districts: 3, years: 2023..=2025, departments_per_district: 4, defect_rate: 0.05 }
    }
}

/// A kind of defect that the generator injects.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum DefectKind {
    /// A level-2 code that contradicts its name (`12` printed with 数量指标).
    CodeMismatch,
    /// A project (or a plan's indicator list) without a satisfaction indicator.
    MissingSatisfaction,
    /// A value that measures nothing (有效, 不断提升 …).
    VagueValue,
    /// A value that only restates the indicator's name.
    ValueRestatesName,
    /// A sequence number printed twice in one project.
    DuplicateSeq,
    /// A project's (or task's) indicator block copied from another one.
    CopiedIndicators,
    /// A year before the budget year in a target value (`2022年12月底前完成` in 2024).
    PastYear,
    /// A cost ceiling in 万元 above the project's own budget.
    CostExceedsBudget,
    /// A 合计 row or a department figure that does not add up.
    TotalMismatch,
}

impl DefectKind {
    /// Every kind.
    pub const ALL: [DefectKind; 9] = [
        DefectKind::CodeMismatch,
        DefectKind::MissingSatisfaction,
        DefectKind::VagueValue,
        DefectKind::ValueRestatesName,
        DefectKind::DuplicateSeq,
        DefectKind::CopiedIndicators,
        DefectKind::PastYear,
        DefectKind::CostExceedsBudget,
        DefectKind::TotalMismatch,
    ];

    /// A short stable id (`code-mismatch`).
    pub fn id(self) -> &'static str {
        match self {
            DefectKind::CodeMismatch => "code-mismatch",
            DefectKind::MissingSatisfaction => "missing-satisfaction",
            DefectKind::VagueValue => "vague-value",
            DefectKind::ValueRestatesName => "value-restates-name",
            DefectKind::DuplicateSeq => "duplicate-seq",
            DefectKind::CopiedIndicators => "copied-indicators",
            DefectKind::PastYear => "past-year",
            DefectKind::CostExceedsBudget => "cost-exceeds-budget",
            DefectKind::TotalMismatch => "total-mismatch",
        }
    }
}

/// One injected defect and where it went.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InjectedDefect {
    /// Index of the document in [`Corpus::documents`].
    pub document: usize,
    /// The document's `source`.
    pub source: String,
    /// What kind of defect.
    pub kind: DefectKind,
    /// Where, as a path into the `perf-targets/1` JSON: `totals`,
    /// `units[0].projects[2].indicators[5]`, `units[1].projects[0].indicators`
    /// (the whole list), `plans[0].tasks[1].indicators[0]`, `figures[2]`.
    pub path: String,
}

/// Generated documents with the defects injected into them.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Corpus {
    /// The documents, district by district, department by department, year by
    /// year, the project table before the department table.
    pub documents: Vec<Document>,
    /// Every injected defect, in document order.
    pub defects: Vec<InjectedDefect>,
}

impl Corpus {
    /// The number of indicators in all documents.
    pub fn indicator_count(&self) -> usize {
        self.documents.iter().map(indicator_count).sum()
    }
}

/// The department kinds the generator knows (司法局, 教育局 …).
pub fn department_kinds() -> Vec<&'static str> {
    vocab::KINDS.iter().map(|k| k.name).collect()
}

/// Generates the documents of a configuration.
pub fn generate(cfg: &DemoConfig) -> Vec<Document> {
    generate_annotated(cfg).documents
}

/// Generates the documents of a configuration with the list of injected defects.
pub fn generate_annotated(cfg: &DemoConfig) -> Corpus {
    run(cfg, None)
}

/// The defect rate of [`generate_indicators`].
pub const BULK_DEFECT_RATE: f64 = 0.05;

/// Generates a corpus of at least `n` indicators (overshooting by less than one
/// document): as many districts as needed, all department kinds, the years
/// 2021–2025, defect rate [`BULK_DEFECT_RATE`]. For benchmarks (100,000 or
/// 1,000,000 indicators); fast enough for a million in a few seconds.
pub fn generate_indicators(seed: u64, n: usize) -> Vec<Document> {
    if n == 0 {
        return Vec::new();
    }
    let cfg = DemoConfig {
        seed,
        districts: usize::MAX,
        years: 2021..=2025,
        departments_per_district: vocab::KINDS.len(),
        defect_rate: BULK_DEFECT_RATE,
    };
    run(&cfg, Some(n)).documents
}

fn indicator_count(doc: &Document) -> usize {
    match &doc.body {
        jixiao_core::Body::Project(t) => t.units.iter().flat_map(|u| &u.projects).map(|p| p.indicators.len()).sum(),
        jixiao_core::Body::Department(t) => t
            .plans
            .iter()
            .map(|p| p.indicators.len() + p.tasks.iter().map(|t| t.indicators.len()).sum::<usize>())
            .sum(),
    }
}

const TAG_DEFECTS: u64 = 99;

fn run(cfg: &DemoConfig, limit: Option<usize>) -> Corpus {
    let mut corpus = Corpus::default();
    let mut names = DistrictNames::new(cfg.seed);
    let mut count = 0usize;
    let rate = if cfg.defect_rate.is_finite() { cfg.defect_rate.clamp(0.0, 1.0) } else { 0.0 };
    let mut d = 0usize;
    while d < cfg.districts {
        let before = count;
        let district = names.next(d);
        for kind_index in district_kinds(cfg.seed, d, cfg.departments_per_district) {
            let dept = Dept::new(cfg.seed, &district, d, kind_index);
            for year in cfg.years.clone() {
                let keys = [TAG_DEFECTS, d as u64, kind_index as u64, year as u64];
                let mut pd = project_doc(cfg.seed, &dept, year);
                let mut dept_doc = department_doc(cfg.seed, &dept, year, &pd);

                let mut found = Vec::new();
                defects::inject_project(&mut pd.doc, year, rate, &mut Rng::derive(cfg.seed, &keys), &mut found);
                push(&mut corpus, pd.doc, found, &mut count);

                let mut found = Vec::new();
                let mut rng = Rng::derive(cfg.seed ^ 1, &keys);
                defects::inject_department(&mut dept_doc, district.profile, year, rate, &mut rng, &mut found);
                push(&mut corpus, dept_doc, found, &mut count);

                if limit.is_some_and(|n| count >= n) {
                    return corpus;
                }
            }
        }
        if limit.is_some() && count == before {
            // Nothing to generate (no years or no departments): stop rather than loop.
            break;
        }
        d += 1;
    }
    corpus
}

fn push(corpus: &mut Corpus, doc: Document, found: Vec<defects::Record>, count: &mut usize) {
    *count += indicator_count(&doc);
    let index = corpus.documents.len();
    for (kind, path) in found {
        corpus.defects.push(InjectedDefect { document: index, source: doc.source.clone(), kind, path });
    }
    corpus.documents.push(doc);
}

/// Every project table of `docs` as one (the large-file case of tests and
/// benchmarks): their units one after another, each project named with its
/// department so that names stay distinct, the 合计 the sum of the units.
pub fn one_table(docs: Vec<Document>) -> Option<Document> {
    use jixiao_core::{Amounts, Body};
    use rust_decimal::Decimal;
    let tables: Vec<Document> = docs.into_iter().filter(|d| matches!(d.body, Body::Project(_))).collect();
    let mut units = Vec::new();
    for doc in &tables {
        let Body::Project(t) = &doc.body else { continue };
        for u in &t.units {
            let mut u = u.clone();
            for p in &mut u.projects {
                if !p.name.starts_with(&doc.department) {
                    p.name = format!("{}{}", doc.department, p.name);
                }
            }
            units.push(u);
        }
    }
    let mut one = tables.into_iter().next()?;
    let sum = |f: fn(&Amounts) -> Option<Decimal>| -> Option<Decimal> { units.iter().map(|u| f(&u.amounts)).sum() };
    let totals = Amounts { total: sum(|a| a.total), fiscal: sum(|a| a.fiscal), special_account: sum(|a| a.special_account), other: sum(|a| a.other) };
    if let Body::Project(t) = &mut one.body {
        t.totals = totals;
        t.units = units;
    }
    one.source = "one-table".into();
    Some(one)
}
