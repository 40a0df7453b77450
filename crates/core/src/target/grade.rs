//! Grade scales of qualitative targets: 优秀 > 良好 > 合格 > 不合格, 达标 >
//! 不达标, 通过 > 不通过. `良好以上` is "at least 良好".

use super::lex::{self, starts_with};
use serde::{Deserialize, Serialize};

/// A recognised grade scale.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum GradeScale {
    /// 优秀 > 良好 > 合格 > 不合格 (及格/不及格 read as 合格/不合格).
    Quality,
    /// 达标 > 不达标.
    Compliance,
    /// 通过 > 不通过.
    Approval,
}

/// A grade on one of the recognised scales.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Grade {
    /// 优秀.
    Excellent,
    /// 良好 (also 较好).
    Good,
    /// 合格 (also 及格).
    Pass,
    /// 不合格 (also 不及格).
    Fail,
    /// 达标.
    Met,
    /// 不达标.
    NotMet,
    /// 通过.
    Passed,
    /// 不通过 (also 未通过).
    NotPassed,
}

impl Grade {
    /// The scale the grade belongs to.
    pub fn scale(self) -> GradeScale {
        match self {
            Grade::Excellent | Grade::Good | Grade::Pass | Grade::Fail => GradeScale::Quality,
            Grade::Met | Grade::NotMet => GradeScale::Compliance,
            Grade::Passed | Grade::NotPassed => GradeScale::Approval,
        }
    }

    /// The rank on its scale: 0 is the lowest (不合格, 不达标, 不通过).
    pub fn rank(self) -> u8 {
        match self {
            Grade::Excellent => 3,
            Grade::Good => 2,
            Grade::Pass | Grade::Met | Grade::Passed => 1,
            Grade::Fail | Grade::NotMet | Grade::NotPassed => 0,
        }
    }

    /// The word of the grade (优秀, 良好, …).
    pub fn label(self) -> &'static str {
        match self {
            Grade::Excellent => "优秀",
            Grade::Good => "良好",
            Grade::Pass => "合格",
            Grade::Fail => "不合格",
            Grade::Met => "达标",
            Grade::NotMet => "不达标",
            Grade::Passed => "通过",
            Grade::NotPassed => "不通过",
        }
    }

    /// Compares two grades of the same scale (`None` across scales).
    pub fn compare(self, other: Grade) -> Option<std::cmp::Ordering> {
        (self.scale() == other.scale()).then(|| self.rank().cmp(&other.rank()))
    }
}

/// A grade a qualitative target asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct GradeTarget {
    /// The grade printed.
    pub grade: Grade,
    /// Printed as a floor (`良好以上`, `不低于合格`, `达到良好`); otherwise the
    /// grade itself was printed (`达标`, `优秀`).
    pub at_least: bool,
}

impl GradeTarget {
    /// Is the target met by an achieved grade? A grade target is met by that
    /// grade or a better one of the same scale (a printed `优秀` is met by 优秀).
    pub fn satisfied_by(&self, achieved: Grade) -> bool {
        achieved.scale() == self.grade.scale() && achieved.rank() >= self.grade.rank()
    }
}

/// Grade words, longest first at a position.
const WORDS: &[(&str, Grade)] = &[
    ("不合格", Grade::Fail),
    ("不及格", Grade::Fail),
    ("不达标", Grade::NotMet),
    ("未达标", Grade::NotMet),
    ("不通过", Grade::NotPassed),
    ("未通过", Grade::NotPassed),
    ("优秀", Grade::Excellent),
    ("良好", Grade::Good),
    ("较好", Grade::Good),
    ("合格", Grade::Pass),
    ("及格", Grade::Pass),
    ("达标", Grade::Met),
    ("通过", Grade::Passed),
];

/// Objects after which 通过 is a verdict (通过验收), not a preposition (通过合法渠道).
const APPROVAL_OBJECTS: &[&str] =
    &["验收", "评审", "考核", "评核", "审核", "审查", "检查", "评估", "评价", "认定", "审计", "审批", "复核", "备案", "考评"];

/// Floors printed after a grade: 良好以上.
const AFTER_FLOOR: &[&str] = &["及以上", "或以上", "以上", "等级以上", "级以上", "及其以上"];

/// Floors printed before a grade: 不低于良好, 达到良好.
const BEFORE_FLOOR: &[&str] = &["不低于", "不得低于", "至少", "达到", "达"];

/// The grade a qualitative text asks for, if it names one of the recognised
/// scales: `良好以上` → at least 良好, `评估达标。` → 达标, `通过评核` → 通过.
///
/// The text is scanned for grade words (longest first, so 不合格 is not 合格);
/// words followed by 率/性/证/分/线 (合格率, 达标率) are names of rates, not
/// grades; 通过 counts only at the start or end of the text or before an
/// approval object (验收, 评审, 考核 …). When several grades are printed, the
/// first printed as a floor wins, else the last one.
pub fn grade_of(text: &str) -> Option<GradeTarget> {
    let s: Vec<char> = text.trim().chars().map(lex::norm_char).collect();
    let mut end = s.len();
    while end > 0 && matches!(s[end - 1], '。' | '.' | ';' | ',' | '!' | '！' | ' ') {
        end -= 1;
    }
    let s = &s[..end];
    // A one-character grade alone: 优, 良.
    match s {
        ['优'] => return Some(GradeTarget { grade: Grade::Excellent, at_least: false }),
        ['良'] => return Some(GradeTarget { grade: Grade::Good, at_least: false }),
        ['优', '良'] => return Some(GradeTarget { grade: Grade::Good, at_least: true }),
        _ => {}
    }
    let mut found: Option<GradeTarget> = None;
    let mut i = 0;
    while i < s.len() {
        let hit = WORDS.iter().find(|(w, _)| starts_with(s, i, w));
        let Some(&(w, grade)) = hit else {
            i += 1;
            continue;
        };
        let len = w.chars().count();
        let after = i + len;
        let next = s.get(after).copied().unwrap_or('\0');
        let is_rate = matches!(next, '率' | '性' | '证' | '分' | '线' | '数' | '品' | '后');
        let ok = !is_rate
            && match grade.scale() {
                GradeScale::Approval => {
                    i == 0 && s.len() <= 8
                        || after == s.len()
                        || APPROVAL_OBJECTS.iter().any(|o| starts_with(s, after, o))
                }
                _ => true,
            };
        if ok {
            let floor_after = AFTER_FLOOR.iter().any(|f| starts_with(s, after, f));
            let floor_before = BEFORE_FLOOR.iter().any(|f| lex::ends_with(s, i, f));
            let t = GradeTarget { grade, at_least: floor_after || floor_before };
            match found {
                Some(prev) if prev.at_least && !t.at_least => {}
                _ => found = Some(t),
            }
            if t.at_least && floor_after {
                return Some(t);
            }
        }
        i = after;
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    fn g(t: &str) -> Option<(Grade, bool)> {
        grade_of(t).map(|g| (g.grade, g.at_least))
    }

    #[test]
    fn grades() {
        assert_eq!(g("良好以上"), Some((Grade::Good, true)));
        assert_eq!(g("良好及以上"), Some((Grade::Good, true)));
        assert_eq!(g("达标"), Some((Grade::Met, false)));
        assert_eq!(g("不达标"), Some((Grade::NotMet, false)));
        assert_eq!(g("考核结果为优秀"), Some((Grade::Excellent, false)));
        assert_eq!(g("不低于合格"), Some((Grade::Pass, true)));
        assert_eq!(g("通过评核"), Some((Grade::Passed, false)));
        assert_eq!(g("验收通过。"), Some((Grade::Passed, false)));
        assert_eq!(g("项目运行良好，评估达标。"), Some((Grade::Met, false)));
        assert_eq!(g("及时引导群众通过合法渠道理性解决矛盾纠纷"), None);
        assert_eq!(g("合格率符合要求"), None);
        assert_eq!(g("运行正常"), None);
        assert_eq!(g("符合规范"), None);
    }

    #[test]
    fn satisfaction() {
        let t = GradeTarget { grade: Grade::Good, at_least: true };
        assert!(t.satisfied_by(Grade::Excellent));
        assert!(t.satisfied_by(Grade::Good));
        assert!(!t.satisfied_by(Grade::Pass));
        assert!(!t.satisfied_by(Grade::Met));
        assert_eq!(Grade::Excellent.compare(Grade::Fail), Some(std::cmp::Ordering::Greater));
        assert_eq!(Grade::Excellent.compare(Grade::Met), None);
    }
}
