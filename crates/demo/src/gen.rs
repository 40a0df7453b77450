//! Building documents: districts, departments, project tables and department
//! tables, before any defect is injected.

use std::collections::HashSet;

use jixiao_core::taxonomy::{Level1, Level2};
use jixiao_core::{
    Amounts, Body, DepartmentTable, Document, Figure, Horizon, Indicator, Plan, Project, ProjectTable, Task,
    TaskGroup, Unit,
};
use rust_decimal::Decimal;

use crate::rng::Rng;
use crate::values::{render, render_money_cap, render_unit_cost, Val};
use crate::vocab::{Ind, Kind, Op, FIRST, GENERIC, KINDS, MONEY_COST, SATISFACTION_VALUE, SECOND, V};

// Stream tags: every random decision draws from a stream keyed by what it is for,
// so that one part of the output does not shift when another changes.
const TAG_DISTRICT: u64 = 1;
const TAG_KINDS: u64 = 2;
const TAG_DEPT: u64 = 3;
const TAG_PROJECT_DOC: u64 = 4;
const TAG_DEPT_DOC: u64 = 5;
const TAG_PROJECT_BASE: u64 = 6;

/// How a district publishes its tables.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Profile {
    /// Project tables with `1`/`11` codes; department tables with category
    /// names and no codes, key tasks with amounts (`A`).
    Guangzhou,
    /// Project tables with `01`/`01` codes; department tables with padded codes,
    /// explanations and comparator/value/unit columns (`C`).
    Padded,
    /// Project tables with `1`/`11` codes and the extra columns 指标性质, 指标方向,
    /// 分值, 绩效标准; department tables with annual and three-year plans whose
    /// tasks carry their own indicators (`B`).
    Extended,
}

/// The code scheme printed with categories.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Scheme {
    Guangzhou,
    Padded,
    None,
}

/// A made-up district.
#[derive(Debug, Clone)]
pub(crate) struct District {
    pub name: String,
    pub slug: String,
    pub city: String,
    pub is_county: bool,
    pub with_city: bool,
    pub profile: Profile,
}

/// Generates unique district names from a seed, in order.
pub(crate) struct DistrictNames {
    rng: Rng,
    used: HashSet<String>,
    profile_offset: u64,
}

impl DistrictNames {
    pub fn new(seed: u64) -> Self {
        DistrictNames { rng: Rng::derive(seed, &[TAG_DISTRICT]), used: HashSet::new(), profile_offset: seed % 3 }
    }

    fn syllables(rng: &mut Rng, three: bool) -> (String, String) {
        let mut zh = String::new();
        let mut py = String::new();
        let parts: &[&[(&str, &str)]] = if three { &[FIRST, SECOND, SECOND] } else { &[FIRST, SECOND] };
        for list in parts {
            if let Some((z, p)) = rng.pick(list) {
                zh.push_str(z);
                py.push_str(p);
            }
        }
        (zh, py)
    }

    /// The district with index `d` (call in order 0, 1, 2 …).
    pub fn next(&mut self, d: usize) -> District {
        let mut found = None;
        for attempt in 0..80 {
            let (zh, py) = Self::syllables(&mut self.rng, attempt >= 40);
            if !self.used.contains(&py) {
                found = Some((zh, py));
                break;
            }
        }
        let (zh, py) = found.unwrap_or_else(|| {
            let (zh, py) = Self::syllables(&mut self.rng, true);
            (format!("{zh}{d}"), format!("{py}{d}"))
        });
        self.used.insert(py.clone());
        let is_county = self.rng.chance(0.35);
        let (city, _) = Self::syllables(&mut self.rng, false);
        let with_city = self.rng.chance(0.5);
        let profile = match (d as u64 + self.profile_offset) % 3 {
            0 => Profile::Guangzhou,
            1 => Profile::Padded,
            _ => Profile::Extended,
        };
        District {
            name: format!("{zh}{}", if is_county { "县" } else { "区" }),
            slug: py,
            city: format!("{city}市"),
            is_county,
            with_city,
            profile,
        }
    }
}

/// What a project indicator slot holds.
#[derive(Debug, Clone, Copy)]
enum Pick {
    Tpl(&'static Ind),
    Satisfaction(&'static str),
    MoneyCost(&'static str),
    UnitCost,
}

/// A project of a department, stable over the years.
#[derive(Debug, Clone)]
struct ProjectBase {
    name: String,
    topic: usize,
    unit: usize,
    base_cents: i64,
    other_share: Option<i64>,
    special_share: Option<i64>,
    picks: Vec<Pick>,
    seed: u64,
}

/// A department of a district, with what stays the same over the years.
pub(crate) struct Dept {
    pub kind: &'static Kind,
    pub district: District,
    pub d: usize,
    pub k: usize,
    pub name: String,
    units: Vec<String>,
    projects: Vec<ProjectBase>,
    topic_order: Vec<usize>,
    key_tasks: usize,
    other_tasks: usize,
    plan_picks: Vec<Pick>,
    basic_cents: i64,
    staff: i64,
}

/// The kinds (indices into the vocabulary) a district's departments have.
pub(crate) fn district_kinds(seed: u64, d: usize, n: usize) -> Vec<usize> {
    let mut ks: Vec<usize> = (0..KINDS.len()).collect();
    Rng::derive(seed, &[TAG_KINDS, d as u64]).shuffle(&mut ks);
    ks.truncate(n.min(KINDS.len()));
    ks
}

/// An amount in cents between `lo` and `hi` 万元, spread over magnitudes.
fn amount_cents(rng: &mut Rng, lo: i64, hi: i64) -> i64 {
    const MAGS: [i64; 9] = [2, 5, 10, 20, 50, 100, 200, 500, 1000];
    let mags: Vec<i64> = MAGS.iter().copied().filter(|m| *m >= lo && *m * 2 <= hi.max(lo * 2)).collect();
    let m = rng.pick(&mags).copied().unwrap_or(lo.max(1));
    m * 100 * (100 + rng.below(100) as i64) / 100 + rng.below(100) as i64
}

fn dec(cents: i64) -> Decimal {
    Decimal::new(cents, 2)
}

impl Dept {
    pub fn new(seed: u64, district: &District, d: usize, kind_index: usize) -> Dept {
        let kind = &KINDS[kind_index % KINDS.len()];
        let mut rng = Rng::derive(seed, &[TAG_DEPT, d as u64, kind_index as u64]);
        let name = if district.with_city {
            format!("{}{}{}", district.city, district.name, kind.name)
        } else {
            format!("{}{}", district.name, kind.name)
        };
        let n_units = 1 + rng.below(kind.units.len().min(2) + 1);
        let mut units = vec![match rng.below(3) {
            0 => format!("{name}（本级）"),
            1 => format!("{name}机关"),
            _ => name.clone(),
        }];
        let mut extra: Vec<&str> = kind.units.to_vec();
        rng.shuffle(&mut extra);
        for u in extra.iter().take(n_units - 1) {
            units.push(format!("{}{}", district.name, u));
        }

        // Projects: distinct (topic, variant) pairs.
        let mut slots: Vec<(usize, usize)> =
            (0..kind.topics.len()).flat_map(|t| [(t, 0), (t, 1)]).collect();
        rng.shuffle(&mut slots);
        let n_projects = 3 + rng.below(6); // 3..=8
        let mut projects = Vec::new();
        for (j, (t, v)) in slots.iter().take(n_projects).enumerate() {
            let topic = &kind.topics[*t];
            let base = topic.projects[*v];
            let pname = if rng.chance(0.2) { format!("{}{}", district.name, base) } else { base.to_string() };
            let unit = if j == 0 || units.len() == 1 || rng.chance(0.55) { 0 } else { 1 + rng.below(units.len() - 1) };
            let pseed = rng.next_u64();
            let mut prng = Rng::derive(seed, &[TAG_PROJECT_BASE, pseed]);
            let picks = project_picks(kind, *t, &mut prng);
            projects.push(ProjectBase {
                name: pname,
                topic: *t,
                unit,
                base_cents: amount_cents(&mut rng, 5, 800),
                other_share: if rng.chance(0.12) { Some(5 + rng.below(40) as i64) } else { None },
                special_share: if rng.chance(0.05) { Some(10 + rng.below(50) as i64) } else { None },
                picks,
                seed: pseed,
            });
        }

        let mut topic_order: Vec<usize> = (0..kind.topics.len()).collect();
        rng.shuffle(&mut topic_order);
        let key_tasks = 2 + rng.below(topic_order.len().min(4) - 1);
        let other_tasks = rng.below(topic_order.len() - key_tasks + 1).min(2);

        // Plan-wide indicators of the department table.
        let mut pool: Vec<&'static Ind> =
            kind.topics.iter().flat_map(|t| t.indicators.iter()).chain(kind.general).chain(GENERIC).collect();
        rng.shuffle(&mut pool);
        let n_plan = 10 + rng.below(13);
        let mut plan_picks: Vec<Pick> = pool.into_iter().take(n_plan).map(Pick::Tpl).collect();
        let mut sats: Vec<&'static str> = kind.satisfaction.to_vec();
        rng.shuffle(&mut sats);
        for s in sats.iter().take(1 + rng.below(2)) {
            plan_picks.push(Pick::Satisfaction(s));
        }
        if rng.chance(0.7) {
            plan_picks.push(Pick::UnitCost);
        }

        Dept {
            kind,
            district: district.clone(),
            d,
            k: kind_index,
            name,
            units,
            projects,
            topic_order,
            key_tasks,
            other_tasks,
            plan_picks,
            basic_cents: amount_cents(&mut rng, 200, 6000),
            staff: 20 + rng.below(300) as i64,
        }
    }
}

/// The indicator slots of one project: topic indicators first, then general
/// ones, one satisfaction indicator and usually a cost indicator.
fn project_picks(kind: &'static Kind, topic: usize, rng: &mut Rng) -> Vec<Pick> {
    let k = 3 + rng.below(5) + rng.below(6); // 3..=12, most often 6–9
    let with_cost = rng.chance(0.85);
    let mut want = k.saturating_sub(1 + with_cost as usize).max(1);
    let mut own: Vec<&'static Ind> = kind.topics.get(topic).map(|t| t.indicators.iter().collect()).unwrap_or_default();
    rng.shuffle(&mut own);
    let mut more: Vec<&'static Ind> = kind.general.iter().chain(GENERIC).collect();
    rng.shuffle(&mut more);
    let mut picks = Vec::new();
    let take_own = own.len().min(want);
    for ind in own.iter().take(take_own) {
        picks.push(Pick::Tpl(ind));
    }
    want -= take_own;
    for ind in more.iter().take(want) {
        picks.push(Pick::Tpl(ind));
    }
    if let Some(s) = rng.pick(kind.satisfaction) {
        picks.push(Pick::Satisfaction(s));
    }
    if with_cost {
        if rng.chance(0.6) {
            picks.push(Pick::MoneyCost(rng.pick(MONEY_COST).copied().unwrap_or("项目总成本")));
        } else {
            picks.push(Pick::UnitCost);
        }
    }
    picks
}

/// How indicators of one document are printed.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Style {
    pub scheme: Scheme,
    /// Print `社会效益指标` rather than `社会效益`.
    pub suffix: bool,
    /// Print levels at all.
    pub levels: bool,
    /// Comparator, number and unit in columns of their own.
    pub columns: bool,
    /// Repeat the value as 实施周期指标值.
    pub period: bool,
    /// 三级指标解释.
    pub explanation: bool,
    /// 指标性质, 指标方向, 分值, 绩效标准.
    pub extended: bool,
    /// Cost as its own level-1 category (成本指标 → 经济成本).
    pub new_cost: bool,
}

fn level1_of(l2: Level2) -> Level1 {
    l2.parents().first().copied().unwrap_or(Level1::Output)
}

/// The printed codes of a category pair under a scheme.
pub(crate) fn codes(scheme: Scheme, l1: Level1, l2: Level2) -> (Option<String>, Option<String>) {
    let d1 = l1.code_digit();
    let d2 = l2.code_digit().unwrap_or(1);
    match scheme {
        Scheme::Guangzhou => (Some(d1.to_string()), Some(format!("{d1}{d2}"))),
        Scheme::Padded => (Some(format!("{d1:02}")), Some(format!("{d2:02}"))),
        Scheme::None => (None, None),
    }
}

fn build_indicator(name: &str, l2: Level2, val: Val, st: &Style, rng: &mut Rng) -> Indicator {
    let mut ind = Indicator::named(name);
    if st.levels {
        let l1 = level1_of(l2);
        ind.level1 = Some(l1.name_zh().to_string());
        let l2name = l2.name_zh();
        ind.level2 = Some(if st.suffix && !l2name.ends_with("指标") { format!("{l2name}指标") } else { l2name.to_string() });
        let (c1, c2) = codes(st.scheme, l1, l2);
        ind.level1_code = c1;
        ind.level2_code = c2;
    }
    if st.explanation {
        let subject = name.strip_suffix("情况").unwrap_or(name);
        ind.explanation = Some(match rng.below(2) {
            0 => format!("反映{subject}情况。"),
            _ => format!("用于考核{subject}的完成情况"),
        });
    }
    if st.extended {
        ind.nature = Some(if val.is_quantitative() { "定量" } else { "定性" }.to_string());
        ind.direction = if val.is_quantitative() {
            Some(if val.is_reverse() { "反向" } else { "正向" }.to_string())
        } else {
            None
        };
        ind.standard = Some(match rng.below(5) {
            0 => "行业标准",
            1 => "历史标准",
            _ => "计划标准",
        }
        .to_string());
    }
    if st.columns {
        if val.is_quantitative() {
            ind.comparator = Some(val.comparator().to_string());
            ind.annual_value = val.num;
            ind.unit = val.unit.map(str::to_string);
        } else {
            ind.annual_value = Some(val.text);
        }
    } else {
        if st.period {
            ind.period_value = Some(val.text.clone());
        }
        ind.annual_value = Some(val.text);
    }
    ind
}

fn cost_level2(st: &Style) -> Level2 {
    if st.new_cost {
        Level2::EconomicCost
    } else {
        Level2::Cost
    }
}

fn render_pick(
    pick: Pick,
    kind: &Kind,
    year: i32,
    budget_cents: i64,
    st: &Style,
    rng: &mut Rng,
) -> Indicator {
    match pick {
        Pick::Tpl(t) => {
            let val = render(&t.v, rng, year);
            build_indicator(t.name, t.l2, val, st, rng)
        }
        Pick::Satisfaction(name) => {
            let val = render(&SATISFACTION_VALUE, rng, year);
            build_indicator(name, Level2::BeneficiarySatisfaction, val, st, rng)
        }
        Pick::MoneyCost(name) => {
            let val = render_money_cap(budget_cents, rng);
            build_indicator(name, cost_level2(st), val, st, rng)
        }
        Pick::UnitCost => {
            let (name, lo, hi, unit) = kind.unit_cost;
            let val = render_unit_cost(lo, hi, unit, rng);
            build_indicator(name, cost_level2(st), val, st, rng)
        }
    }
}

/// Sort key of a printed category: level-1 then level-2 code digit.
fn category_key(ind: &Indicator) -> (u8, u8) {
    let l1 = ind.level1.as_deref().and_then(Level1::from_name).map(Level1::code_digit).unwrap_or(9);
    let l2 = ind.level2.as_deref().and_then(Level2::from_name).and_then(Level2::code_digit).unwrap_or(9);
    (l1, l2)
}

/// Weights of the extended style: 产出 and 成本 50, 效益 30, 满意度 10 (90 in all;
/// the other 10 points of a self-evaluation go to budget execution).
pub(crate) fn assign_weights(inds: &mut [Indicator]) {
    let group = |ind: &Indicator| match ind.level1.as_deref().and_then(Level1::from_name) {
        Some(Level1::Outcome) => 1,
        Some(Level1::Satisfaction) => 2,
        _ => 0,
    };
    let mut counts = [0i64; 3];
    for ind in inds.iter() {
        counts[group(ind)] += 1;
    }
    let mut budget = [50i64, 30, 10];
    for g in [1, 2] {
        if counts[g] == 0 {
            budget[0] += budget[g];
            budget[g] = 0;
        }
    }
    if counts[0] == 0 {
        // Put the output share on whichever group exists.
        let g = if counts[1] > 0 { 1 } else { 2 };
        budget[g] += budget[0];
        budget[0] = 0;
    }
    let mut seen = [0i64; 3];
    for ind in inds.iter_mut() {
        let g = group(ind);
        let n = counts[g].max(1);
        let base = budget[g] / n;
        let extra = if seen[g] < budget[g] % n { 1 } else { 0 };
        seen[g] += 1;
        ind.weight = Some(Decimal::from(base + extra));
    }
}

fn sum_amounts<'a>(xs: impl Iterator<Item = &'a Amounts>) -> Amounts {
    let mut out = Amounts::default();
    let add = |acc: &mut Option<Decimal>, v: &Option<Decimal>| {
        if let Some(v) = v {
            *acc = Some(acc.unwrap_or(Decimal::ZERO) + *v);
        }
    };
    for a in xs {
        add(&mut out.total, &a.total);
        add(&mut out.fiscal, &a.fiscal);
        add(&mut out.special_account, &a.special_account);
        add(&mut out.other, &a.other);
    }
    out
}

/// The style of a district's project tables for a year.
pub(crate) fn project_style(profile: Profile, year: i32, rng: &mut Rng) -> Style {
    Style {
        scheme: if profile == Profile::Padded { Scheme::Padded } else { Scheme::Guangzhou },
        suffix: rng.chance(0.3),
        levels: true,
        columns: false,
        period: true,
        explanation: false,
        extended: profile == Profile::Extended,
        new_cost: year >= 2021 && rng.chance(0.8),
    }
}

/// A generated project table with what the defect injector needs to know.
pub(crate) struct ProjectDoc {
    pub doc: Document,
    /// The clean 合计 total, in cents.
    pub total_cents: i64,
    /// Names of the projects present, by topic.
    pub present: Vec<(usize, String)>,
}

pub(crate) fn project_doc(seed: u64, dept: &Dept, year: i32) -> ProjectDoc {
    let mut rng = Rng::derive(seed, &[TAG_PROJECT_DOC, dept.d as u64, dept.k as u64, year as u64]);
    let style = project_style(dept.district.profile, year, &mut rng);
    let mut present: Vec<&ProjectBase> = dept.projects.iter().filter(|_| rng.chance(0.85)).collect();
    if present.is_empty() {
        present.extend(dept.projects.first());
    }
    let mut units: Vec<Unit> = dept
        .units
        .iter()
        .map(|n| Unit { name: n.clone(), amounts: Amounts::default(), projects: Vec::new() })
        .collect();
    let mut total_cents = 0i64;
    let mut names = Vec::new();
    for pb in present {
        let mut prng = Rng::derive(seed, &[TAG_PROJECT_BASE, pb.seed, year as u64]);
        let factor = 85 + prng.below(31) as i64; // 85..=115 %
        let cents = (pb.base_cents * factor / 100).max(100);
        total_cents += cents;
        let mut amounts = Amounts { total: Some(dec(cents)), ..Default::default() };
        let mut fiscal = cents;
        if let Some(share) = pb.other_share {
            let o = cents * share / 100;
            amounts.other = Some(dec(o));
            fiscal -= o;
        }
        if let Some(share) = pb.special_share {
            let s = fiscal * share / 100;
            amounts.special_account = Some(dec(s));
            fiscal -= s;
        }
        amounts.fiscal = Some(dec(fiscal));
        let mut inds: Vec<Indicator> =
            pb.picks.iter().map(|p| render_pick(*p, dept.kind, year, cents, &style, &mut prng)).collect();
        inds.sort_by_cached_key(category_key);
        for (n, ind) in inds.iter_mut().enumerate() {
            ind.seq = Some(n as i64 + 1);
        }
        if style.extended {
            assign_weights(&mut inds);
        }
        let topic = dept.kind.topics.get(pb.topic);
        let goal = topic.map(|t| match prng.below(3) {
            0 => format!("{year}年，{}", t.goal),
            1 => format!("通过实施本项目，{}", t.goal),
            _ => t.goal.to_string(),
        });
        names.push((pb.topic, pb.name.clone()));
        if let Some(u) = units.get_mut(pb.unit) {
            u.projects.push(Project { name: pb.name.clone(), amounts, goal, indicators: inds });
        }
    }
    units.retain(|u| !u.projects.is_empty());
    for u in units.iter_mut() {
        u.amounts = sum_amounts(u.projects.iter().map(|p| &p.amounts));
    }
    let totals = sum_amounts(units.iter().map(|u| &u.amounts));
    let title = match rng.below(3) {
        0 => format!("{}{year}年项目支出绩效目标表", dept.name),
        1 => format!("{}{year}年项目支出绩效目标表（含转移支付项目）", dept.name),
        _ => format!("{year}年项目支出绩效目标表"),
    };
    let doc = Document {
        source: format!("demo/{}-{}-{year}-project.json", dept.district.slug, dept.kind.slug),
        title: Some(title),
        department: dept.name.clone(),
        year: Some(year),
        money_unit: "万元".to_string(),
        body: Body::Project(ProjectTable { totals, units }),
    };
    ProjectDoc { doc, total_cents, present: names }
}

/// Splits `total` cents into `n` positive-ish parts that add up exactly.
fn split_cents(total: i64, n: usize, rng: &mut Rng) -> Vec<i64> {
    if n == 0 {
        return Vec::new();
    }
    let weights: Vec<i64> = (0..n).map(|_| 1 + rng.below(9) as i64).collect();
    let sum: i64 = weights.iter().sum();
    let mut parts: Vec<i64> = weights.iter().map(|w| total * w / sum).collect();
    let used: i64 = parts.iter().sum();
    if let Some(last) = parts.last_mut() {
        *last += total - used;
    }
    parts
}

fn figure(label: &str, cents: i64) -> Figure {
    Figure { label: label.to_string(), value: dec(cents) }
}

pub(crate) fn department_doc(seed: u64, dept: &Dept, year: i32, project: &ProjectDoc) -> Document {
    let mut rng = Rng::derive(seed, &[TAG_DEPT_DOC, dept.d as u64, dept.k as u64, year as u64]);
    let kind = dept.kind;
    let profile = dept.district.profile;
    let p = project.total_cents;
    let factor = 90 + rng.below(21) as i64;
    let b = dept.basic_cents * factor / 100;
    let t = b + p;
    let local = if dept.district.is_county { "县本级使用资金" } else { "区本级使用资金" };
    let style = Style {
        scheme: if profile == Profile::Padded { Scheme::Padded } else { Scheme::None },
        suffix: rng.chance(0.5),
        levels: profile != Profile::Extended,
        columns: profile == Profile::Padded,
        period: profile == Profile::Guangzhou,
        explanation: profile == Profile::Padded,
        extended: false,
        new_cost: year >= 2021 && rng.chance(0.6),
    };
    let (title, figures) = match profile {
        Profile::Guangzhou => {
            let o = if rng.chance(0.3) { t * (1 + rng.below(10) as i64) / 100 } else { 0 };
            let mut f = vec![figure("基本支出", b), figure("项目支出", p), figure("财政拨款", t - o), figure("其他资金", o)];
            if rng.chance(0.5) {
                let tr = if rng.chance(0.3) { t * (1 + rng.below(15) as i64) / 100 } else { 0 };
                f.push(figure(local, t - tr));
                f.push(figure("拟用于对下转移支付资金", tr));
            }
            let title = if rng.chance(0.5) {
                format!("{}{year}年部门整体支出绩效目标表", dept.name)
            } else {
                format!("部门整体预算绩效目标申报表（{year}年）")
            };
            (title, f)
        }
        Profile::Extended => {
            let sa = if rng.chance(0.2) { t * (1 + rng.below(10) as i64) / 100 } else { 0 };
            let se = if rng.chance(0.2) { t * (1 + rng.below(8) as i64) / 100 } else { 0 };
            let oi = if rng.chance(0.2) { t * (1 + rng.below(5) as i64) / 100 } else { 0 };
            let fi = t - sa - se - oi;
            let gf = if rng.chance(0.15) { fi * (1 + rng.below(10) as i64) / 100 } else { 0 };
            let f = vec![
                figure("总额", t),
                figure("财政拨款收入", fi),
                figure("一般公共预算", fi - gf),
                figure("政府性基金预算", gf),
                figure("财政专户管理资金", sa),
                figure("事业收入", se),
                figure("经营收入", 0),
                figure("其他收入", oi),
            ];
            (format!("{year}年部门整体绩效目标表"), f)
        }
        Profile::Padded => {
            let f = vec![
                Figure { label: "财政供养人员数".to_string(), value: Decimal::from(dept.staff + rng.below(5) as i64) },
                figure("基本支出", b),
                figure("项目支出", p),
                figure("财政拨款", t),
            ];
            (format!("{}{year}年部门整体支出预算绩效目标表", dept.district.city), f)
        }
    };
    let functions = match profile {
        Profile::Padded => None,
        Profile::Extended => Some(kind.functions.to_string()),
        Profile::Guangzhou => rng.chance(0.6).then(|| kind.functions.to_string()),
    };

    let mut plans = vec![plan(dept, year, Horizon::Annual, t, p, &style, project, &mut rng)];
    let multi = match profile {
        Profile::Extended => true,
        Profile::Guangzhou => rng.chance(0.3),
        Profile::Padded => false,
    };
    if multi {
        plans.push(plan(dept, year, Horizon::MultiYear, t, p, &style, project, &mut rng));
    }
    Document {
        source: format!("demo/{}-{}-{year}-department.json", dept.district.slug, kind.slug),
        title: Some(title),
        department: dept.name.clone(),
        year: Some(year),
        money_unit: "万元".to_string(),
        body: Body::Department(DepartmentTable { figures, functions, plans }),
    }
}

#[allow(clippy::too_many_arguments)]
fn plan(
    dept: &Dept,
    year: i32,
    horizon: Horizon,
    total_cents: i64,
    project_cents: i64,
    style: &Style,
    project: &ProjectDoc,
    rng: &mut Rng,
) -> Plan {
    let kind = dept.kind;
    let profile = dept.district.profile;
    let annual = horizon == Horizon::Annual;
    let mut plan = Plan::new(horizon);
    plan.goal = Some(if annual {
        match rng.below(2) {
            0 => format!("{year}年，{}", kind.goal),
            _ => kind.goal.to_string(),
        }
    } else {
        format!("{year}-{}年，{}", year + 2, kind.goal)
    });

    // Tasks.
    let n_tasks = dept.key_tasks + dept.other_tasks;
    let amounts = if annual && profile != Profile::Extended { split_cents(project_cents, n_tasks, rng) } else { Vec::new() };
    for (j, t) in dept.topic_order.iter().take(n_tasks).enumerate() {
        let Some(topic) = kind.topics.get(*t) else { continue };
        let group = if j < dept.key_tasks { TaskGroup::Key } else { TaskGroup::Other };
        let name = if annual { topic.task.to_string() } else { format!("持续{}", topic.task) };
        let mut task = Task::new(group, name);
        task.goal = Some(topic.task_goal.to_string());
        if profile != Profile::Extended {
            task.content = Some(topic.content.to_string());
        }
        task.amount = amounts.get(j).map(|c| dec(*c));
        if profile == Profile::Guangzhou && annual {
            task.projects = project.present.iter().filter(|(pt, _)| pt == t).map(|(_, n)| n.clone()).collect();
        }
        if profile == Profile::Extended {
            let mut inds: Vec<&Ind> = topic.indicators.iter().collect();
            rng.shuffle(&mut inds);
            let n = 1 + rng.below(3);
            task.indicators = inds
                .into_iter()
                .take(n)
                .map(|ind| {
                    let v = if annual { ind.v } else { widen(ind.v) };
                    build_indicator(ind.name, ind.l2, render(&v, rng, year), style, rng)
                })
                .collect();
        }
        plan.tasks.push(task);
    }

    // Plan-wide indicators.
    let picks: Vec<Pick> = if profile == Profile::Extended {
        dept.plan_picks.iter().copied().filter(|p| matches!(p, Pick::Tpl(_))).take(4 + rng.below(5)).collect()
    } else {
        dept.plan_picks.clone()
    };
    let mut inds: Vec<Indicator> = picks
        .into_iter()
        .map(|p| match p {
            Pick::Tpl(t) if !annual => {
                build_indicator(t.name, t.l2, render(&widen(t.v), rng, year), style, rng)
            }
            Pick::MoneyCost(_) => {
                let val = render_money_cap(total_cents, rng);
                build_indicator("部门整体支出控制数", cost_level2(style), val, style, rng)
            }
            other => render_pick(other, kind, year, total_cents, style, rng),
        })
        .collect();
    if style.levels {
        inds.sort_by_cached_key(category_key);
    }
    plan.indicators = inds;
    plan
}

/// A three-year version of a value template: counts over three years.
fn widen(v: V) -> V {
    match v {
        V::N(op @ (Op::Ge | Op::Gt), lo, hi, unit) if !unit.contains('/') => V::N(op, lo * 3, hi * 3, unit),
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn split_adds_up() {
        let mut rng = Rng::new(1);
        for n in 1..6 {
            let parts = split_cents(123_456, n, &mut rng);
            assert_eq!(parts.len(), n);
            assert_eq!(parts.iter().sum::<i64>(), 123_456);
            assert!(parts.iter().all(|p| *p >= 0));
        }
        assert!(split_cents(5, 0, &mut rng).is_empty());
    }

    #[test]
    fn codes_follow_schemes() {
        assert_eq!(codes(Scheme::Guangzhou, Level1::Output, Level2::Quality), (Some("1".into()), Some("12".into())));
        assert_eq!(codes(Scheme::Padded, Level1::Output, Level2::Timeliness), (Some("01".into()), Some("03".into())));
        assert_eq!(codes(Scheme::Guangzhou, Level1::Cost, Level2::EconomicCost), (Some("4".into()), Some("41".into())));
        assert_eq!(codes(Scheme::None, Level1::Output, Level2::Quality), (None, None));
    }

    #[test]
    fn weights_sum_to_ninety() {
        let mk = |l1: &str| Indicator { level1: Some(l1.to_string()), ..Indicator::named("x") };
        let mut inds = vec![mk("产出指标"), mk("产出指标"), mk("产出指标"), mk("效益指标"), mk("满意度指标"), mk("成本指标")];
        assign_weights(&mut inds);
        let sum: Decimal = inds.iter().filter_map(|i| i.weight).sum();
        assert_eq!(sum, Decimal::from(90));
        let mut only_output = vec![mk("产出指标"), mk("产出指标"), mk("产出指标")];
        assign_weights(&mut only_output);
        assert_eq!(only_output.iter().filter_map(|i| i.weight).sum::<Decimal>(), Decimal::from(90));
    }

    #[test]
    fn district_names_are_unique() {
        let mut names = DistrictNames::new(42);
        let mut seen = HashSet::new();
        for d in 0..1500 {
            let x = names.next(d);
            assert!(seen.insert(x.slug.clone()), "duplicate {}", x.slug);
            assert!(x.name.ends_with('区') || x.name.ends_with('县'));
        }
    }
}
