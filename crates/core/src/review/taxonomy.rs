//! TAXONOMY: categories and their codes (domain.md, "Indicator framework").

use super::{rule, At, Ctx, Finding, Place};
use crate::model::Indicator;
use crate::taxonomy::{level1_from_code, Level1, Level2};

/// The code scheme the document uses: two-digit level-1 codes (`01-产出指标`) or one digit.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Scheme {
    Guangzhou,
    Padded,
}

fn scheme_of(ctx: &Ctx) -> Scheme {
    let padded = ctx
        .scopes
        .iter()
        .flat_map(|s| s.indicators.iter())
        .filter_map(|i| i.level1_code.as_deref())
        .any(|c| c.len() == 2 && c.starts_with('0'));
    if padded {
        Scheme::Padded
    } else {
        Scheme::Guangzhou
    }
}

pub(super) fn check(ctx: &Ctx, out: &mut Vec<Finding>) {
    let scheme = scheme_of(ctx);
    let any_level1 = ctx.scopes.iter().flat_map(|s| s.indicators.iter()).any(|i| i.level1.is_some());
    let mut cost_under_output: Option<Place> = None;
    let mut cost_level1 = false;
    for scope in &ctx.scopes {
        for (i, ind) in scope.indicators.iter().enumerate() {
            let place = scope.at(i);
            check_indicator(ind, &place, scheme, any_level1, out);
            let l1 = ind.level1.as_deref().and_then(Level1::from_name);
            let l2 = ind.level2.as_deref().and_then(Level2::from_name);
            if l1 == Some(Level1::Cost) {
                cost_level1 = true;
            }
            if l1 == Some(Level1::Output) && l2 == Some(Level2::Cost) && cost_under_output.is_none() {
                cost_under_output = Some(place.with_field("level2"));
            }
        }
    }
    if let (Some(place), Some(year)) = (cost_under_output, ctx.doc.year) {
        if year >= ctx.cfg.cost_framework_year && !cost_level1 {
            out.push(Finding::new(
                rule::TAX_COST_LEVEL,
                place,
                format!(
                    "{year}年适用{}年起的指标框架，成本指标应作为一级指标（经济成本、社会成本、生态环境成本），表中仍列在产出指标下。",
                    ctx.cfg.cost_framework_year
                ),
            ));
        }
    }
}

fn check_indicator(ind: &Indicator, place: &At, doc_scheme: Scheme, any_level1: bool, out: &mut Vec<Finding>) {
    // The indicator's own level-1 code shows its scheme; else the document's.
    let scheme = match ind.level1_code.as_deref().map(str::trim) {
        Some(c) if c.len() == 2 && c.starts_with('0') => Scheme::Padded,
        Some(c) if c.len() == 1 => Scheme::Guangzhou,
        _ => doc_scheme,
    };
    let l1_text = ind.level1.as_deref().map(str::trim).filter(|s| !s.is_empty());
    let l2_text = ind.level2.as_deref().map(str::trim).filter(|s| !s.is_empty());
    let l1 = l1_text.and_then(Level1::from_name);
    let l2 = l2_text.and_then(Level2::from_name);

    // Level-1 place.
    if let Some(t) = l1_text {
        if l1.is_none() {
            if Level2::from_name(t).is_some() {
                out.push(Finding::new(
                    rule::TAX_LEVEL_SWAP,
                    place.with_field("level1"),
                    format!("一级指标填的是二级指标「{t}」。请改为产出、效益、满意度（或成本）指标之一，并把「{t}」放在二级指标。"),
                ));
            } else if loose_level1(t).is_none() {
                out.push(Finding::new(
                    rule::TAX_UNKNOWN,
                    place.with_field("level1"),
                    format!("一级指标「{t}」不是规定的类别（产出、效益、满意度、成本指标）。请按指标体系改正。"),
                ));
            }
        }
    } else if l2_text.is_some() && any_level1 {
        out.push(Finding::new(
            rule::TAX_MISSING_LEVEL1,
            place.with_field("level1"),
            "该指标只有二级指标，缺一级指标。请补上所属一级指标。",
        ));
    }

    // Level-2 place.
    if let Some(t) = l2_text {
        if l2.is_none() {
            if Level1::from_name(t).is_some() {
                out.push(Finding::new(
                    rule::TAX_LEVEL_SWAP,
                    place.with_field("level2"),
                    format!("二级指标填的是一级指标「{t}」。请填写其下的二级指标（如数量、质量、时效、社会效益等）。"),
                ));
            } else if loose_level2(t).is_none() {
                out.push(Finding::new(
                    rule::TAX_UNKNOWN,
                    place.with_field("level2"),
                    format!("二级指标「{t}」不是规定的类别。请按指标体系改为数量、质量、时效、成本、经济效益、社会效益、生态效益、可持续影响、服务对象满意度等。"),
                ));
            }
        }
    }

    // A level-2 under a level-1 it does not belong to.
    if let (Some(a), Some(b)) = (l1, l2) {
        if !b.parents().contains(&a) {
            let parents: Vec<&str> = b.parents().iter().map(|p| p.name_zh()).collect();
            out.push(Finding::new(
                rule::TAX_L2_PARENT,
                place.with_field("level2"),
                format!(
                    "二级指标「{}」不属于一级指标「{}」，应归入「{}」。请核对该指标的分类。",
                    l2_text.unwrap_or_default(),
                    l1_text.unwrap_or_default(),
                    parents.join("或")
                ),
            ));
        }
    }

    // Level-1 code against its name.
    if let (Some(code), Some(a)) = (ind.level1_code.as_deref().map(str::trim).filter(|c| !c.is_empty()), l1) {
        match level1_from_code(code) {
            Some((by_code, _)) if by_code != a => out.push(Finding::new(
                rule::TAX_CODE_NAME,
                place.with_field("level1_code"),
                format!("一级指标代码「{code}」表示「{}」，与名称「{}」矛盾。请改正代码或名称。", by_code.name_zh(), l1_text.unwrap_or_default()),
            )),
            Some(_) => {}
            None => out.push(Finding::new(
                rule::TAX_CODE_FORMAT,
                place.with_field("level1_code"),
                format!("一级指标代码「{code}」不是有效代码（{}应为{}）。", a.name_zh(), expected_l1_code(a, scheme)),
            )),
        }
    }

    // Level-2 code against its name.
    if let (Some(code), Some(b)) = (ind.level2_code.as_deref().map(str::trim).filter(|c| !c.is_empty()), l2) {
        check_level2_code(code, b, l1, l2_text.unwrap_or_default(), scheme, place, out);
    }
}

/// A level-1 category named in a looser way than the taxonomy's list
/// (`效果指标`, `产出类指标（数量）`): read by the words it contains.
pub(super) fn loose_level1(name: &str) -> Option<Level1> {
    Level1::from_name(name).or_else(|| {
        if name.contains("产出") {
            Some(Level1::Output)
        } else if name.contains("效益") || name.contains("效果") {
            Some(Level1::Outcome)
        } else if name.contains("满意") {
            Some(Level1::Satisfaction)
        } else if name.contains("成本") {
            Some(Level1::Cost)
        } else {
            None
        }
    })
}

/// A level-2 category named in a looser way than the taxonomy's list
/// (`社会公众或服务对象满意度`, `进度指标`).
pub(super) fn loose_level2(name: &str) -> Option<Level2> {
    Level2::from_name(name).or_else(|| {
        let has = |w: &str| name.contains(w);
        if has("满意") {
            Some(Level2::BeneficiarySatisfaction)
        } else if has("经济效益") {
            Some(Level2::Economic)
        } else if has("社会效益") {
            Some(Level2::Social)
        } else if has("可持续") {
            Some(Level2::Sustainability)
        } else if has("生态") || has("环境效益") {
            Some(Level2::Ecological)
        } else if has("经济成本") {
            Some(Level2::EconomicCost)
        } else if has("社会成本") {
            Some(Level2::SocialCost)
        } else if has("成本") {
            Some(Level2::Cost)
        } else if has("数量") {
            Some(Level2::Quantity)
        } else if has("质量") {
            Some(Level2::Quality)
        } else if has("时效") || has("进度") {
            Some(Level2::Timeliness)
        } else {
            None
        }
    })
}

fn expected_l1_code(a: Level1, scheme: Scheme) -> String {
    match scheme {
        Scheme::Guangzhou => a.code_digit().to_string(),
        Scheme::Padded => format!("0{}", a.code_digit()),
    }
}

/// The codes a level-2 may carry in a scheme, given its printed level-1.
fn expected_l2_codes(b: Level2, l1: Option<Level1>, scheme: Scheme) -> Vec<String> {
    let Some(d2) = b.code_digit() else { return Vec::new() };
    match scheme {
        Scheme::Padded => vec![format!("0{d2}")],
        Scheme::Guangzhou => {
            let parents: Vec<Level1> = match l1 {
                Some(a) if b.parents().contains(&a) => vec![a],
                _ => b.parents().to_vec(),
            };
            parents.iter().map(|p| format!("{}{d2}", p.code_digit())).collect()
        }
    }
}

fn check_level2_code(code: &str, b: Level2, l1: Option<Level1>, name: &str, scheme: Scheme, place: &At, out: &mut Vec<Finding>) {
    let expected = expected_l2_codes(b, l1, scheme);
    if expected.is_empty() || expected.iter().any(|e| e == code) {
        return;
    }
    let all_digits = code.bytes().all(|c| c.is_ascii_digit());
    let want = expected.join("或");
    // Guangzhou codes read level-1 digit + level-2 digit; a lone digit is incomplete
    // when it is the right level-2 digit, and contradicts the name otherwise.
    if scheme == Scheme::Guangzhou && all_digits && code.len() == 1 {
        if b.code_digit().map(|d| d.to_string()) == Some(code.to_string()) {
            out.push(Finding::new(
                rule::TAX_CODE_FORMAT,
                place.with_field("level2_code"),
                format!("二级指标代码「{code}」不完整，「{name}」的代码应为{want}。"),
            ));
        } else {
            out.push(Finding::new(
                rule::TAX_CODE_NAME,
                place.with_field("level2_code"),
                format!("二级指标代码「{code}」与名称「{name}」矛盾，「{name}」的代码应为{want}。请改正代码或名称。"),
            ));
        }
        return;
    }
    if !all_digits || code.len() != 2 {
        out.push(Finding::new(
            rule::TAX_CODE_FORMAT,
            place.with_field("level2_code"),
            format!("二级指标代码「{code}」不是有效代码，「{name}」的代码应为{want}。"),
        ));
        return;
    }
    // A Guangzhou code whose level-2 digit fits but whose level-1 digit follows a
    // wrongly printed level-1 is reported by L2-PARENT, not here.
    if scheme == Scheme::Guangzhou {
        let d1 = code.as_bytes()[0] - b'0';
        let d2 = code.as_bytes()[1] - b'0';
        let fits_name = b.code_digit() == Some(d2) && b.parents().iter().any(|p| p.code_digit() == d1);
        if fits_name {
            return;
        }
    }
    out.push(Finding::new(
        rule::TAX_CODE_NAME,
        place.with_field("level2_code"),
        format!("二级指标代码「{code}」与名称「{name}」矛盾，「{name}」的代码应为{want}。请改正代码或名称。"),
    ));
}

#[cfg(test)]
mod tests {
    use super::super::rule;
    use super::super::testkit::*;

    #[test]
    fn l2_parent() {
        let id = rule::TAX_L2_PARENT.id;
        assert_silent(&clean_project(), id);
        let mut doc = clean_project();
        with_project(&mut doc, 0, |p| {
            p.indicators[1].level1 = Some("效益指标".into());
            p.indicators[1].level1_code = Some("2".into());
        });
        let f = assert_fires(&doc, id);
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].place.indicator, Some(2));
        assert!(f[0].message.contains("质量指标"));
        // Classic framework: 成本 under 产出 is fine.
        let mut doc = clean_project();
        with_project(&mut doc, 0, |p| {
            p.indicators[2].level1 = Some("产出指标".into());
            p.indicators[2].level1_code = Some("1".into());
            p.indicators[2].level2 = Some("成本指标".into());
            p.indicators[2].level2_code = Some("14".into());
        });
        assert_silent(&doc, id);
    }

    #[test]
    fn code_name() {
        let id = rule::TAX_CODE_NAME.id;
        assert_silent(&clean_project(), id);
        assert_silent(&clean_department(), id);
        let mut doc = clean_project();
        with_project(&mut doc, 0, |p| p.indicators[0].level2_code = Some("12".into()));
        assert_eq!(assert_fires(&doc, id)[0].place.field.as_deref(), Some("level2_code"));
        let mut doc = clean_project();
        with_project(&mut doc, 0, |p| p.indicators[4].level2_code = Some("5".into()));
        assert!(assert_fires(&doc, id)[0].message.contains("31"));
        let mut doc = clean_project();
        with_project(&mut doc, 0, |p| p.indicators[0].level1_code = Some("3".into()));
        assert_fires(&doc, id);
        // Padded scheme.
        let mut doc = clean_project();
        with_project(&mut doc, 0, |p| {
            for i in &mut p.indicators {
                let c1 = format!("0{}", i.level1_code.as_deref().unwrap());
                let c2 = format!("0{}", &i.level2_code.as_deref().unwrap()[1..]);
                i.level1_code = Some(c1);
                i.level2_code = Some(c2);
            }
        });
        assert_silent(&doc, id);
        with_project(&mut doc, 0, |p| p.indicators[0].level2_code = Some("03".into()));
        assert_fires(&doc, id);
    }

    #[test]
    fn level_swap() {
        let id = rule::TAX_LEVEL_SWAP.id;
        assert_silent(&clean_project(), id);
        let mut doc = clean_project();
        with_project(&mut doc, 0, |p| {
            p.indicators[3].level2 = Some("效益指标".into());
            p.indicators[3].level2_code = Some("2".into());
        });
        assert_fires(&doc, id);
        let mut doc = clean_project();
        with_project(&mut doc, 0, |p| p.indicators[1].level1 = Some("质量指标".into()));
        assert_fires(&doc, id);
    }

    #[test]
    fn unknown() {
        let id = rule::TAX_UNKNOWN.id;
        assert_silent(&clean_project(), id);
        let mut doc = clean_project();
        with_project(&mut doc, 0, |p| p.indicators[1].level2 = Some("安全指标".into()));
        assert_fires(&doc, id);
        // Looser names of known categories are read by their words.
        let mut doc = clean_project();
        with_project(&mut doc, 0, |p| {
            p.indicators[4].level2 = Some("社会公众或服务对象满意度".into());
            p.indicators[3].level1 = Some("效果指标".into());
        });
        assert_silent(&doc, id);
    }

    #[test]
    fn code_format() {
        let id = rule::TAX_CODE_FORMAT.id;
        assert_silent(&clean_project(), id);
        let mut doc = clean_project();
        with_project(&mut doc, 0, |p| p.indicators[1].level2_code = Some("2".into()));
        assert_fires(&doc, id);
        assert_silent(&doc, rule::TAX_CODE_NAME.id);
    }

    #[test]
    fn missing_level1() {
        let id = rule::TAX_MISSING_LEVEL1.id;
        assert_silent(&clean_project(), id);
        let mut doc = clean_project();
        with_project(&mut doc, 0, |p| {
            p.indicators[1].level1 = None;
            p.indicators[1].level1_code = None;
        });
        assert_fires(&doc, id);
    }

    #[test]
    fn cost_level() {
        let id = rule::TAX_COST_LEVEL.id;
        assert_silent(&clean_project(), id);
        let mut doc = clean_project();
        for k in 0..2 {
            with_project(&mut doc, k, |p| {
                p.indicators[2].level1 = Some("产出指标".into());
                p.indicators[2].level1_code = Some("1".into());
                p.indicators[2].level2 = Some("成本指标".into());
                p.indicators[2].level2_code = Some("14".into());
            });
        }
        assert_eq!(assert_fires(&doc, id).len(), 1);
        doc.year = Some(2020);
        assert_silent(&doc, id);
    }
}
