//! In-year monitoring (绩效运行监控) and its warnings (预警): budget execution
//! against the share of the year elapsed (or a regional schedule), indicator
//! progress against the target, as traffic lights with the rule and the
//! figures that set each one.
//!
//! The thresholds are a [`WarningPolicy`], stored and changed by an admin;
//! the default is `domain.md`'s: yellow when more than 10 points behind, red
//! when more than 20.
//!
//! Every light keeps its reason in the Chinese the pages show
//! (`执行率 31.00%，应达 58.33%（1–7月占全年），落后 27.33 个百分点 > 20`).

use rust_decimal::prelude::*;
use serde::{Deserialize, Serialize};

use crate::score::{completion, round2, show, Actual, Policy};
use crate::target::{direction, parse_target, Direction, Target};

/// A traffic light, ordered from good to bad.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Light {
    /// Nothing to judge by (nothing reported yet).
    Grey,
    /// On track.
    Green,
    /// Behind: watch.
    Yellow,
    /// Far behind or will miss the target.
    Red,
}

impl Light {
    /// The stored key: `grey`, `green`, `yellow`, `red`.
    pub fn key(self) -> &'static str {
        match self {
            Light::Grey => "grey",
            Light::Green => "green",
            Light::Yellow => "yellow",
            Light::Red => "red",
        }
    }

    /// The light of a stored key (grey for anything else).
    pub fn from_key(key: &str) -> Light {
        [Light::Green, Light::Yellow, Light::Red].into_iter().find(|l| l.key() == key).unwrap_or(Light::Grey)
    }

    /// 灰 / 绿 / 黄 / 红.
    pub fn name_zh(self) -> &'static str {
        match self {
            Light::Grey => "未填报",
            Light::Green => "正常",
            Light::Yellow => "黄色预警",
            Light::Red => "红色预警",
        }
    }
}

/// Will the target be reached (完成目标可能性)?
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Likelihood {
    /// 确定能
    Certain,
    /// 有可能
    Possible,
    /// 完全不可能
    Impossible,
}

impl Likelihood {
    /// The words of the official monitoring table.
    pub fn name_zh(self) -> &'static str {
        match self {
            Likelihood::Certain => "确定能",
            Likelihood::Possible => "有可能",
            Likelihood::Impossible => "完全不可能",
        }
    }

    /// The stored key: `certain`, `possible`, `impossible`.
    pub fn key(self) -> &'static str {
        match self {
            Likelihood::Certain => "certain",
            Likelihood::Possible => "possible",
            Likelihood::Impossible => "impossible",
        }
    }

    /// Reads a stored key, or the words (or a close variant) of the monitoring table.
    pub fn read(text: &str) -> Option<Likelihood> {
        if let Some(l) = [Likelihood::Certain, Likelihood::Possible, Likelihood::Impossible].into_iter().find(|l| l.key() == text) {
            return Some(l);
        }
        let t: String = text.chars().filter(|c| !c.is_whitespace()).collect();
        if t.is_empty() {
            None
        } else if t.contains("不可能") || t.contains("不能") {
            Some(Likelihood::Impossible)
        } else if t.contains("有可能") || t.contains("可能") {
            Some(Likelihood::Possible)
        } else if t.contains("确定") || t.contains("能") {
            Some(Likelihood::Certain)
        } else {
            None
        }
    }
}

/// The cause of a deviation (偏差原因分析).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Cause {
    /// 经费保障
    Funding,
    /// 制度保障
    Rules,
    /// 人员保障
    Staffing,
    /// 硬件条件保障
    Equipment,
    /// 其他
    Other,
}

impl Cause {
    /// Every cause, in the order of the official table's columns.
    pub const ALL: [Cause; 5] = [Cause::Funding, Cause::Rules, Cause::Staffing, Cause::Equipment, Cause::Other];

    /// The column heading of the official table.
    pub fn name_zh(self) -> &'static str {
        match self {
            Cause::Funding => "经费保障",
            Cause::Rules => "制度保障",
            Cause::Staffing => "人员保障",
            Cause::Equipment => "硬件条件保障",
            Cause::Other => "其他",
        }
    }

    /// The stored key (`funding` …).
    pub fn key(self) -> &'static str {
        match self {
            Cause::Funding => "funding",
            Cause::Rules => "rules",
            Cause::Staffing => "staffing",
            Cause::Equipment => "equipment",
            Cause::Other => "other",
        }
    }

    /// The headings of stored cause keys (a key not known is shown as it is).
    pub fn names_zh(keys: &[String]) -> Vec<&str> {
        keys.iter().map(|k| Cause::read(k).map_or(k.as_str(), |c| c.name_zh())).collect()
    }

    /// A cause from its stored key or a heading (`经费` matches 经费保障).
    pub fn read(text: &str) -> Option<Cause> {
        let t = text.trim();
        if t.is_empty() {
            return None;
        }
        Cause::ALL.into_iter().find(|c| {
            let head: String = c.name_zh().chars().take(2).collect();
            t == c.key() || t.contains(&head)
        })
    }
}

/// The budget execution a monitoring round expects by a month's end.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Checkpoint {
    /// The month (1–12) by whose end…
    pub month: u8,
    /// …this share of the budget is executed, in percent.
    pub rate: Decimal,
}

/// Warning thresholds: local policy, stored and changed by an admin.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WarningPolicy {
    /// Yellow when more than this many percentage points behind.
    pub yellow_behind: Decimal,
    /// Red when more than this many points behind.
    pub red_behind: Decimal,
    /// A regional schedule of execution (25 % by April …) that replaces the
    /// share of the year elapsed; empty for the default.
    pub schedule: Vec<Checkpoint>,
}

impl Default for WarningPolicy {
    fn default() -> Self {
        WarningPolicy { yellow_behind: Decimal::from(10), red_behind: Decimal::from(20), schedule: Vec::new() }
    }
}

impl WarningPolicy {
    /// A policy that makes sense: red no nearer than yellow, months 1–12,
    /// rates 0–100 rising with the months. The message is Chinese.
    pub fn check(&self) -> Result<(), String> {
        if self.yellow_behind < Decimal::ZERO || self.red_behind < self.yellow_behind {
            return Err("红色预警的落后幅度应不小于黄色预警，且均不为负数".into());
        }
        let mut last: Option<&Checkpoint> = None;
        for c in &self.schedule {
            if !(1..=12).contains(&c.month) {
                return Err(format!("进度要求的月份 {} 应在 1–12 之间", c.month));
            }
            if c.rate < Decimal::ZERO || c.rate > Decimal::from(100) {
                return Err(format!("{}月底的执行率要求 {}% 应在 0–100% 之间", c.month, show(c.rate)));
            }
            if let Some(l) = last {
                if c.month <= l.month || c.rate < l.rate {
                    return Err("进度要求应按月份递增，且执行率不降低".into());
                }
            }
            last = Some(c);
        }
        Ok(())
    }

    /// The execution rate (percent) expected by the end of `month`, and how
    /// it came about. With a schedule: the last checkpoint reached (0 before
    /// the first); otherwise the share of the year elapsed.
    pub fn expected_execution(&self, month: u8) -> (Decimal, String) {
        let month = month.clamp(1, 12);
        if self.schedule.is_empty() {
            let share = round2(Decimal::from(month) * Decimal::from(100) / Decimal::from(12));
            return (share, format!("1–{month}月占全年的比例"));
        }
        match self.schedule.iter().rev().find(|c| c.month <= month) {
            Some(c) => (c.rate, format!("进度要求 {}月底 {}%", c.month, show(c.rate))),
            None => (Decimal::ZERO, format!("进度要求自 {}月底起", self.schedule[0].month)),
        }
    }

    /// The light of `behind` percentage points behind what is expected.
    fn light_of(&self, behind: Decimal) -> Light {
        if behind > self.red_behind {
            Light::Red
        } else if behind > self.yellow_behind {
            Light::Yellow
        } else {
            Light::Green
        }
    }

    fn threshold_text(&self, light: Light) -> String {
        match light {
            Light::Red => format!(" > {}", show(self.red_behind)),
            Light::Yellow => format!(" > {}", show(self.yellow_behind)),
            _ => format!(" ≤ {}", show(self.yellow_behind)),
        }
    }
}

/// A light with the rule and the figures that set it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Signal {
    /// The light.
    pub light: Light,
    /// The rule and its figures, in Chinese.
    pub reason: String,
}

impl Signal {
    fn new(light: Light, reason: impl Into<String>) -> Signal {
        Signal { light, reason: reason.into() }
    }
}

/// The light of a project's budget execution through the end of `month`.
pub fn execution_light(budget: Option<Decimal>, executed: Option<Decimal>, month: u8, policy: &WarningPolicy) -> Signal {
    let (Some(b), Some(e)) = (budget, executed) else {
        return Signal::new(Light::Grey, "未填报预算或执行数");
    };
    if b <= Decimal::ZERO {
        return Signal::new(Light::Grey, format!("全年预算 {}，无法计算执行率", show(b)));
    }
    let rate = round2(e / b * Decimal::from(100));
    let (expected, how) = policy.expected_execution(month);
    let behind = round2(expected - rate);
    let light = policy.light_of(behind);
    let reason = if behind > Decimal::ZERO {
        format!("执行率 {}%（{} ÷ {}），应达 {}（{}），落后 {} 个百分点{}", show(rate), show(e), show(b), show(expected) + "%", how, show(behind), policy.threshold_text(light))
    } else {
        format!("执行率 {}%（{} ÷ {}），不低于应达的 {}%（{}）", show(rate), show(e), show(b), show(expected), how)
    };
    Signal::new(light, reason)
}

/// What a monitoring round reports for one indicator.
#[derive(Debug, Clone, PartialEq)]
pub struct Progress {
    /// 三级指标 name.
    pub name: String,
    /// The target as printed (年度指标值).
    pub target: String,
    /// The actual so far.
    pub actual: Actual,
    /// The expected full-year value, if given.
    pub expected: Actual,
    /// The reported likelihood of reaching the target.
    pub likelihood: Option<Likelihood>,
}

/// Does a target build up through the year (a count, an amount) rather than
/// hold at any time (a rate, a time limit, a lower-is-better bound)?
fn accumulates(target: &Target, name: &str) -> bool {
    let unit = match target {
        Target::Quantitative { unit, .. } | Target::Range { unit, .. } => unit.clone(),
        Target::All { parts } | Target::Any { parts } => parts.iter().find_map(|p| match p {
            Target::Quantitative { unit, .. } | Target::Range { unit, .. } => unit.clone(),
            _ => None,
        }),
        Target::Qualitative { .. } => return false,
    };
    let rate_unit = unit.as_deref().is_some_and(|u| ["%", "％", "‰", "分", "天", "日", "个工作日", "小时", "分钟"].iter().any(|r| u.contains(r)));
    let rate_name = ["率", "度", "时限", "时间", "周期", "比例", "占比"].iter().any(|w| name.contains(w));
    direction(target, name) != Direction::LowerIsBetter && !rate_unit && !rate_name
}

/// The light of one indicator's progress through the end of `month`: red when
/// the reported likelihood is 完全不可能 or the expected full-year value misses
/// the target by more than the red threshold; otherwise the actual so far
/// against what is due by now (the share of the year for counts that build
/// up, the whole target for rates and limits); 有可能 is at least yellow.
pub fn indicator_light(p: &Progress, month: u8, warn: &WarningPolicy, score: &Policy) -> Signal {
    let mut worst = Signal::new(Light::Grey, "未填报实际完成值");
    let mut raise = |s: Signal| {
        if s.light > worst.light {
            worst = s;
        }
    };
    if p.likelihood == Some(Likelihood::Impossible) {
        raise(Signal::new(Light::Red, "填报完成目标可能性为“完全不可能”"));
    }
    if let Some((f, _)) = completion(&p.target, &p.name, &p.expected, score) {
        let pct = round2(f * Decimal::from(100));
        let behind = Decimal::from(100) - pct;
        let light = warn.light_of(behind);
        let reason = if behind > Decimal::ZERO {
            format!("全年预计 {} 只达目标 {} 的 {}%，差 {} 个百分点{}", p.expected, p.target, show(pct), show(behind), warn.threshold_text(light))
        } else {
            format!("全年预计 {} 达到目标 {}", p.expected, p.target)
        };
        raise(Signal::new(light, reason));
    }
    if let Some((f, _)) = completion(&p.target, &p.name, &p.actual, score) {
        let pct = round2(f * Decimal::from(100));
        let target = parse_target(&p.target);
        let (due, how) = if accumulates(&target, &p.name) {
            let share = round2(Decimal::from(month.clamp(1, 12)) * Decimal::from(100) / Decimal::from(12));
            (share, format!("按时间进度应完成 {}%", show(share)))
        } else {
            (Decimal::from(100), "比率和时限类指标应随时达到".to_string())
        };
        let behind = round2(due - pct);
        let light = warn.light_of(behind);
        let reason = if behind > Decimal::ZERO {
            format!("截至{}月实际 {}，完成目标 {} 的 {}%，{}，落后 {} 个百分点{}", month, p.actual, p.target, show(pct), how, show(behind), warn.threshold_text(light))
        } else {
            format!("截至{}月实际 {}，完成目标 {} 的 {}%（{}）", month, p.actual, p.target, show(pct), how)
        };
        raise(Signal::new(light, reason));
    }
    if p.likelihood == Some(Likelihood::Possible) {
        raise(Signal::new(Light::Yellow, "填报完成目标可能性为“有可能”"));
    }
    worst
}

/// The worst light of several (a project's indicators and execution, a
/// department's projects); grey when there are none.
pub fn worst<'a>(signals: impl IntoIterator<Item = &'a Signal>) -> Light {
    signals.into_iter().map(|s| s.light).max().unwrap_or(Light::Grey)
}

#[cfg(test)]
mod tests;
