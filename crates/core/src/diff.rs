//! Field-by-field differences between two versions of a target table, for
//! 版本对比 (two saved versions of one table) and 与上年对比 (the same
//! department's table of the previous year).
//!
//! Units and projects are matched by name, plans by horizon, tasks by name,
//! indicators within their list by level-2 and name, then by name; an
//! indicator that only moved is not a change.

use crate::review::Place;
use crate::{Amounts, Body, Document, Horizon, Indicator};
use rust_decimal::Decimal;
use serde::Serialize;
use std::collections::HashMap;

/// What happened to an item or field.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ChangeKind {
    /// Only in the new version.
    Added,
    /// Only in the old version.
    Removed,
    /// In both, with another value.
    Changed,
}

/// One difference.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Change {
    /// Added, removed or changed.
    pub kind: ChangeKind,
    /// Where.
    pub place: Place,
    /// The model field (`annual_value`, `amounts.total`, …); none for a whole item.
    pub field: Option<String>,
    /// The Chinese label of what changed.
    pub label_zh: String,
    /// The old value as printed.
    pub before: Option<String>,
    /// The new value as printed.
    pub after: Option<String>,
}

fn dec(d: Option<Decimal>) -> Option<String> {
    d.map(|d| d.normalize().to_string())
}

struct Out(Vec<Change>);

impl Out {
    fn field(&mut self, place: &Place, field: &str, label: &str, before: Option<String>, after: Option<String>) {
        let norm = |v: Option<String>| v.map(|s| s.trim().to_string()).filter(|s| !s.is_empty());
        let (before, after) = (norm(before), norm(after));
        if before != after {
            self.0.push(Change {
                kind: ChangeKind::Changed,
                place: place.with_field(field),
                field: Some(field.to_string()),
                label_zh: label.to_string(),
                before,
                after,
            });
        }
    }

    fn item(&mut self, kind: ChangeKind, place: Place, label: &str, name: &str) {
        let v = Some(name.to_string());
        let (before, after) = if kind == ChangeKind::Added { (None, v) } else { (v, None) };
        self.0.push(Change { kind, place, field: None, label_zh: label.to_string(), before, after });
    }

    fn amounts(&mut self, place: &Place, old: &Amounts, new: &Amounts) {
        self.field(place, "amounts.total", "合计金额", dec(old.total), dec(new.total));
        self.field(place, "amounts.fiscal", "财政拨款", dec(old.fiscal), dec(new.fiscal));
        self.field(place, "amounts.special_account", "财政专户", dec(old.special_account), dec(new.special_account));
        self.field(place, "amounts.other", "其他资金", dec(old.other), dec(new.other));
    }

    fn indicator(&mut self, place: &Place, o: &Indicator, n: &Indicator) {
        let s = |v: &Option<String>| v.clone();
        self.field(place, "level1", "一级指标", s(&o.level1), s(&n.level1));
        self.field(place, "level2", "二级指标", s(&o.level2), s(&n.level2));
        self.field(place, "name", "三级指标", Some(o.name.clone()), Some(n.name.clone()));
        self.field(place, "explanation", "指标解释", s(&o.explanation), s(&n.explanation));
        self.field(place, "period_value", "实施周期指标值", s(&o.period_value), s(&n.period_value));
        self.field(place, "annual_value", "年度指标值", s(&o.annual_value), s(&n.annual_value));
        self.field(place, "comparator", "对比符号", s(&o.comparator), s(&n.comparator));
        self.field(place, "unit", "计量单位", s(&o.unit), s(&n.unit));
        self.field(place, "nature", "指标性质", s(&o.nature), s(&n.nature));
        self.field(place, "direction", "指标方向", s(&o.direction), s(&n.direction));
        self.field(place, "weight", "分值", dec(o.weight), dec(n.weight));
        self.field(place, "standard", "绩效标准", s(&o.standard), s(&n.standard));
    }

    /// Two indicator lists: matched by (level-2, name), then name, then
    /// position among the rest.
    fn indicators(&mut self, base: &Place, old: &[Indicator], new: &[Indicator]) {
        let mut used = vec![false; old.len()];
        let mut by_key: HashMap<(Option<&str>, &str), Vec<usize>> = HashMap::new();
        let mut by_name: HashMap<&str, Vec<usize>> = HashMap::new();
        for (k, i) in old.iter().enumerate() {
            by_key.entry((i.level2.as_deref(), i.name.as_str())).or_default().push(k);
            by_name.entry(i.name.as_str()).or_default().push(k);
        }
        let take = |cands: Option<&Vec<usize>>, used: &mut Vec<bool>| -> Option<usize> {
            let k = cands?.iter().copied().find(|k| !used[*k])?;
            used[k] = true;
            Some(k)
        };
        let mut pairs: Vec<Option<usize>> = Vec::with_capacity(new.len());
        for n in new {
            pairs.push(take(by_key.get(&(n.level2.as_deref(), n.name.as_str())), &mut used));
        }
        for (j, n) in new.iter().enumerate() {
            if pairs[j].is_none() {
                pairs[j] = take(by_name.get(n.name.as_str()), &mut used);
            }
        }
        // The rest by position: an indicator renamed in place.
        for (j, _) in new.iter().enumerate() {
            if pairs[j].is_none() && (j < old.len() && !used[j]) {
                used[j] = true;
                pairs[j] = Some(j);
            }
        }
        for (j, n) in new.iter().enumerate() {
            let place = base.indicator(j, n);
            match pairs[j] {
                Some(k) => self.indicator(&place, &old[k], n),
                None => self.item(ChangeKind::Added, place, "指标", &n.name),
            }
        }
        for (k, o) in old.iter().enumerate() {
            if !used[k] {
                self.item(ChangeKind::Removed, base.indicator(k, o), "指标", &o.name);
            }
        }
    }
}

/// Matches named items of two lists: (old index, new index) pairs in new
/// order, then the removed old indexes. Unmatched items at the same
/// position count as renamed.
fn match_named<T>(old: &[T], new: &[T], name: impl Fn(&T) -> &str) -> (Vec<(Option<usize>, usize)>, Vec<usize>) {
    let mut used = vec![false; old.len()];
    let mut by_name: HashMap<&str, Vec<usize>> = HashMap::new();
    for (k, o) in old.iter().enumerate() {
        by_name.entry(name(o)).or_default().push(k);
    }
    let mut pairs: Vec<(Option<usize>, usize)> = Vec::new();
    for (j, n) in new.iter().enumerate() {
        let k = by_name.get(name(n)).and_then(|c| c.iter().copied().find(|k| !used[*k]));
        if let Some(k) = k {
            used[k] = true;
        }
        pairs.push((k, j));
    }
    for p in pairs.iter_mut() {
        if p.0.is_none() && p.1 < old.len() && !used[p.1] && new.len() == old.len() {
            used[p.1] = true;
            p.0 = Some(p.1);
        }
    }
    let removed = (0..old.len()).filter(|k| !used[*k]).collect();
    (pairs, removed)
}

/// The differences from `old` to `new`, in the order of `new` (removed
/// items after the items of their list).
pub fn diff(old: &Document, new: &Document) -> Vec<Change> {
    let mut out = Out(Vec::new());
    let doc = Place::default();
    out.field(&doc, "title", "标题", old.title.clone(), new.title.clone());
    out.field(&doc, "department", "部门名称", Some(old.department.clone()), Some(new.department.clone()));
    out.field(&doc, "year", "年度", old.year.map(|y| y.to_string()), new.year.map(|y| y.to_string()));
    out.field(&doc, "money_unit", "金额单位", Some(old.money_unit.clone()), Some(new.money_unit.clone()));
    match (&old.body, &new.body) {
        (Body::Project(o), Body::Project(n)) => {
            out.amounts(&doc.with_field("totals"), &o.totals, &n.totals);
            let (units, removed) = match_named(&o.units, &n.units, |u| u.name.as_str());
            for (k, j) in units {
                let nu = &n.units[j];
                let up = Place::at(Some(nu.name.clone()), None, None, None);
                let Some(k) = k else {
                    out.item(ChangeKind::Added, up, "单位", &nu.name);
                    continue;
                };
                let ou = &o.units[k];
                out.field(&up, "name", "单位名称", Some(ou.name.clone()), Some(nu.name.clone()));
                out.amounts(&up, &ou.amounts, &nu.amounts);
                let (projects, gone) = match_named(&ou.projects, &nu.projects, |p| p.name.as_str());
                for (pk, pj) in projects {
                    let np = &nu.projects[pj];
                    let pp = Place::at(Some(nu.name.clone()), Some(np.name.clone()), None, None);
                    let Some(pk) = pk else {
                        out.item(ChangeKind::Added, pp, "项目", &np.name);
                        continue;
                    };
                    let op = &ou.projects[pk];
                    out.field(&pp, "name", "项目名称", Some(op.name.clone()), Some(np.name.clone()));
                    out.amounts(&pp, &op.amounts, &np.amounts);
                    out.field(&pp, "goal", "绩效目标", op.goal.clone(), np.goal.clone());
                    out.indicators(&pp, &op.indicators, &np.indicators);
                }
                for pk in gone {
                    let op = &ou.projects[pk];
                    let pp = Place::at(Some(ou.name.clone()), Some(op.name.clone()), None, None);
                    out.item(ChangeKind::Removed, pp, "项目", &op.name);
                }
            }
            for k in removed {
                let ou = &o.units[k];
                out.item(ChangeKind::Removed, Place::at(Some(ou.name.clone()), None, None, None), "单位", &ou.name);
            }
        }
        (Body::Department(o), Body::Department(n)) => {
            let (figs, gone) = match_named(&o.figures, &n.figures, |f| f.label.as_str());
            for (k, j) in figs {
                let nf = &n.figures[j];
                match k {
                    Some(k) => out.field(&doc, &format!("figures.{}", nf.label), &nf.label, dec(Some(o.figures[k].value)), dec(Some(nf.value))),
                    None => out.item(ChangeKind::Added, doc.with_field("figures"), "基本情况", &format!("{} {}", nf.label, nf.value.normalize())),
                }
            }
            for k in gone {
                let of = &o.figures[k];
                out.item(ChangeKind::Removed, doc.with_field("figures"), "基本情况", &format!("{} {}", of.label, of.value.normalize()));
            }
            out.field(&doc, "functions", "部门职能", o.functions.clone(), n.functions.clone());
            let horizon = |h: Horizon| match h {
                Horizon::Annual => "年度目标",
                Horizon::MultiYear => "中长期目标",
            };
            for np in &n.plans {
                let pp = Place::at(None, None, Some(np.horizon), None);
                let Some(op) = o.plans.iter().find(|p| p.horizon == np.horizon) else {
                    out.item(ChangeKind::Added, pp, "目标", horizon(np.horizon));
                    continue;
                };
                out.field(&pp, "goal", "总体目标", op.goal.clone(), np.goal.clone());
                out.indicators(&pp, &op.indicators, &np.indicators);
                let (tasks, gone) = match_named(&op.tasks, &np.tasks, |t| t.name.as_str());
                for (tk, tj) in tasks {
                    let nt = &np.tasks[tj];
                    let tp = Place::at(None, None, Some(np.horizon), Some(nt.name.clone()));
                    let Some(tk) = tk else {
                        out.item(ChangeKind::Added, tp, "任务", &nt.name);
                        continue;
                    };
                    let ot = &op.tasks[tk];
                    out.field(&tp, "name", "任务名称", Some(ot.name.clone()), Some(nt.name.clone()));
                    out.field(&tp, "content", "主要内容", ot.content.clone(), nt.content.clone());
                    out.field(&tp, "goal", "预期目标", ot.goal.clone(), nt.goal.clone());
                    out.field(&tp, "amount", "预算金额", dec(ot.amount), dec(nt.amount));
                    out.field(&tp, "projects", "对应项目", Some(ot.projects.join("、")), Some(nt.projects.join("、")));
                    out.indicators(&tp, &ot.indicators, &nt.indicators);
                }
                for tk in gone {
                    let ot = &op.tasks[tk];
                    let tp = Place::at(None, None, Some(op.horizon), Some(ot.name.clone()));
                    out.item(ChangeKind::Removed, tp, "任务", &ot.name);
                }
            }
            for op in o.plans.iter().filter(|p| !n.plans.iter().any(|x| x.horizon == p.horizon)) {
                out.item(ChangeKind::Removed, Place::at(None, None, Some(op.horizon), None), "目标", horizon(op.horizon));
            }
        }
        _ => out.item(ChangeKind::Changed, doc.clone(), "表的类型", new.kind().as_str()),
    }
    out.0
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Project, ProjectTable, Unit};

    fn ind(l2: &str, name: &str, value: &str) -> Indicator {
        Indicator { level1: Some("产出指标".into()), level2: Some(l2.into()), annual_value: Some(value.into()), ..Indicator::named(name) }
    }

    fn doc(projects: Vec<(&str, Vec<Indicator>)>) -> Document {
        Document {
            source: "t".into(),
            title: Some("2024年某局项目支出绩效目标表".into()),
            department: "某局".into(),
            year: Some(2024),
            money_unit: "万元".into(),
            body: Body::Project(ProjectTable {
                totals: Amounts::default(),
                units: vec![Unit {
                    name: "某局".into(),
                    amounts: Amounts::default(),
                    projects: projects
                        .into_iter()
                        .map(|(n, inds)| Project { name: n.into(), amounts: Amounts::default(), goal: None, indicators: inds })
                        .collect(),
                }],
            }),
        }
    }

    fn base() -> Document {
        doc(vec![
            ("调解项目", vec![ind("数量指标", "调解案件数", "≥100件"), ind("质量指标", "调解成功率", "≥90%")]),
            ("培训项目", vec![ind("数量指标", "培训人次", "≥500人次")]),
        ])
    }

    #[test]
    fn identical_tables_have_no_changes() {
        assert!(diff(&base(), &base()).is_empty());
    }

    #[test]
    fn a_changed_value_is_one_change_in_place() {
        let mut new = base();
        if let Body::Project(t) = &mut new.body {
            t.units[0].projects[0].indicators[1].annual_value = Some("≥95%".into());
        }
        let c = diff(&base(), &new);
        assert_eq!(c.len(), 1);
        assert_eq!((c[0].label_zh.as_str(), c[0].before.as_deref(), c[0].after.as_deref()), ("年度指标值", Some("≥90%"), Some("≥95%")));
        assert_eq!(c[0].place.project.as_deref(), Some("调解项目"));
        assert_eq!(c[0].place.indicator, Some(2));
    }

    #[test]
    fn added_removed_and_moved() {
        let mut new = base();
        if let Body::Project(t) = &mut new.body {
            let p = &mut t.units[0].projects[0];
            p.indicators.swap(0, 1);
            p.indicators.push(ind("时效指标", "按时办结率", "100%"));
            t.units[0].projects.pop();
        }
        let c = diff(&base(), &new);
        let kinds: Vec<(ChangeKind, &str)> = c.iter().map(|c| (c.kind, c.label_zh.as_str())).collect();
        assert_eq!(kinds, vec![(ChangeKind::Added, "指标"), (ChangeKind::Removed, "项目")]);
    }

    #[test]
    fn copying_last_year_changes_only_the_year_and_title() {
        let mut new = base();
        new.year = Some(2025);
        new.title = Some("2025年某局项目支出绩效目标表".into());
        let c = diff(&base(), &new);
        assert_eq!(c.len(), 2);
        assert!(c.iter().any(|c| c.field.as_deref() == Some("year") && c.after.as_deref() == Some("2025")));
    }

    #[test]
    fn a_renamed_project_in_place_is_one_change() {
        let mut new = base();
        if let Body::Project(t) = &mut new.body {
            t.units[0].projects[1].name = "业务培训项目".into();
        }
        let c = diff(&base(), &new);
        assert_eq!(c.len(), 1);
        assert_eq!((c[0].kind, c[0].label_zh.as_str()), (ChangeKind::Changed, "项目名称"));
    }
}
