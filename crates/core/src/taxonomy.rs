//! The indicator taxonomy: canonical level-1 and level-2 categories of the
//! glossary, recognised from the names tables print (`产出指标`, `社会效益指标`,
//! `服务对象满意度`, …), and the code schemes printed with them.

use serde::{Deserialize, Serialize};

/// Canonical level-1 categories (一级指标).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Level1 {
    /// 产出指标.
    Output,
    /// 效益指标.
    Outcome,
    /// 满意度指标.
    Satisfaction,
    /// 成本指标 (a level-1 category in the framework in force from 2021).
    Cost,
}

/// Canonical level-2 categories (二级指标).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Level2 {
    /// 数量指标.
    Quantity,
    /// 质量指标.
    Quality,
    /// 时效指标.
    Timeliness,
    /// 成本指标 (under 产出 in the classic framework).
    Cost,
    /// 经济效益.
    Economic,
    /// 社会效益.
    Social,
    /// 生态效益 (older texts: 环境效益).
    Ecological,
    /// 可持续影响.
    Sustainability,
    /// 服务对象满意度.
    BeneficiarySatisfaction,
    /// 经济成本.
    EconomicCost,
    /// 社会成本.
    SocialCost,
    /// 生态环境成本.
    EcologicalCost,
}

impl Level1 {
    /// Every level-1 category.
    pub const ALL: [Level1; 4] = [Level1::Output, Level1::Outcome, Level1::Satisfaction, Level1::Cost];

    /// The canonical Chinese name.
    pub fn name_zh(self) -> &'static str {
        match self {
            Level1::Output => "产出指标",
            Level1::Outcome => "效益指标",
            Level1::Satisfaction => "满意度指标",
            Level1::Cost => "成本指标",
        }
    }

    /// The digit of the Guangzhou code scheme (`1-产出指标`).
    pub fn code_digit(self) -> u8 {
        match self {
            Level1::Output => 1,
            Level1::Outcome => 2,
            Level1::Satisfaction => 3,
            Level1::Cost => 4,
        }
    }

    /// Recognises a printed level-1 name (`产出指标`, `产出`, `效益指标` …).
    pub fn from_name(name: &str) -> Option<Level1> {
        let n = strip_suffix_words(name);
        match n {
            "产出" => Some(Level1::Output),
            "效益" => Some(Level1::Outcome),
            "满意度" | "服务对象满意度" | "公众满意度" => Some(Level1::Satisfaction),
            "成本" => Some(Level1::Cost),
            _ => None,
        }
    }
}

impl Level2 {
    /// Every level-2 category.
    pub const ALL: [Level2; 12] = [
        Level2::Quantity,
        Level2::Quality,
        Level2::Timeliness,
        Level2::Cost,
        Level2::Economic,
        Level2::Social,
        Level2::Ecological,
        Level2::Sustainability,
        Level2::BeneficiarySatisfaction,
        Level2::EconomicCost,
        Level2::SocialCost,
        Level2::EcologicalCost,
    ];

    /// The canonical Chinese name.
    pub fn name_zh(self) -> &'static str {
        match self {
            Level2::Quantity => "数量指标",
            Level2::Quality => "质量指标",
            Level2::Timeliness => "时效指标",
            Level2::Cost => "成本指标",
            Level2::Economic => "经济效益",
            Level2::Social => "社会效益",
            Level2::Ecological => "生态效益",
            Level2::Sustainability => "可持续影响",
            Level2::BeneficiarySatisfaction => "服务对象满意度",
            Level2::EconomicCost => "经济成本",
            Level2::SocialCost => "社会成本",
            Level2::EcologicalCost => "生态环境成本",
        }
    }

    /// Recognises a printed level-2 name (`数量指标`, `社会效益指标`, `服务对象满意度指标` …).
    pub fn from_name(name: &str) -> Option<Level2> {
        let n = strip_suffix_words(name);
        match n {
            "数量" => Some(Level2::Quantity),
            "质量" => Some(Level2::Quality),
            "时效" => Some(Level2::Timeliness),
            "成本" => Some(Level2::Cost),
            "经济效益" => Some(Level2::Economic),
            "社会效益" => Some(Level2::Social),
            "生态效益" | "环境效益" | "生态环境效益" => Some(Level2::Ecological),
            "可持续影响" | "可持续发展" => Some(Level2::Sustainability),
            "服务对象满意度" | "社会公众满意度" | "公众满意度" | "满意度" => Some(Level2::BeneficiarySatisfaction),
            "经济成本" => Some(Level2::EconomicCost),
            "社会成本" => Some(Level2::SocialCost),
            "生态环境成本" | "生态成本" | "环境成本" => Some(Level2::EcologicalCost),
            _ => None,
        }
    }

    /// The level-1 categories this level-2 may stand under. 成本 stands under 产出
    /// (classic framework) or 成本 (newer framework).
    pub fn parents(self) -> &'static [Level1] {
        match self {
            Level2::Quantity | Level2::Quality | Level2::Timeliness => &[Level1::Output],
            Level2::Cost => &[Level1::Output, Level1::Cost],
            Level2::Economic | Level2::Social | Level2::Ecological | Level2::Sustainability => &[Level1::Outcome],
            Level2::BeneficiarySatisfaction => &[Level1::Satisfaction],
            Level2::EconomicCost | Level2::SocialCost | Level2::EcologicalCost => &[Level1::Cost],
        }
    }

    /// The digit of this level-2 within its classic level-1 in the Guangzhou and
    /// 揭阳 schemes (`11-数量指标` / `01-数量指标`), if it has one.
    pub fn code_digit(self) -> Option<u8> {
        match self {
            Level2::Quantity | Level2::Economic | Level2::BeneficiarySatisfaction | Level2::EconomicCost => Some(1),
            Level2::Quality | Level2::Social | Level2::SocialCost => Some(2),
            Level2::Timeliness | Level2::Ecological | Level2::EcologicalCost => Some(3),
            Level2::Cost | Level2::Sustainability => Some(4),
        }
    }
}

/// True when a printed name is a level-1 or level-2 category name.
pub fn is_category_name(name: &str) -> bool {
    Level1::from_name(name).is_some() || Level2::from_name(name).is_some()
}

/// Drops the words tables add to a category name: a trailing `指标`, `类指标`, `类`.
fn strip_suffix_words(name: &str) -> &str {
    let n = name.trim();
    for suffix in ["类指标", "指标", "类"] {
        if let Some(s) = n.strip_suffix(suffix) {
            if !s.is_empty() {
                return s;
            }
        }
    }
    n
}

/// The code scheme a printed category code belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CodeScheme {
    /// Guangzhou: `1-产出指标`, `11-数量指标` (level-1 digit + level-2 digit).
    Guangzhou,
    /// 揭阳: `01-产出指标`, `01-数量指标` (two digits at each level).
    Padded,
}

/// What a printed level-1 code says, if it is well-formed: the category.
pub fn level1_from_code(code: &str) -> Option<(Level1, CodeScheme)> {
    let scheme = if code.len() == 2 && code.starts_with('0') { CodeScheme::Padded } else { CodeScheme::Guangzhou };
    let digit: u8 = code.trim_start_matches('0').parse().ok()?;
    let l1 = Level1::ALL.into_iter().find(|l| l.code_digit() == digit)?;
    if scheme == CodeScheme::Guangzhou && code.len() != 1 {
        return None;
    }
    Some((l1, scheme))
}

/// What a printed level-2 code says under the Guangzhou scheme: (level-1 digit, level-2 digit).
pub fn level2_code_digits(code: &str) -> Option<(u8, u8)> {
    let b = code.as_bytes();
    if b.len() == 2 && b.iter().all(u8::is_ascii_digit) {
        Some((b[0] - b'0', b[1] - b'0'))
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recognises_printed_names() {
        assert_eq!(Level1::from_name("产出指标"), Some(Level1::Output));
        assert_eq!(Level1::from_name("满意度指标"), Some(Level1::Satisfaction));
        assert_eq!(Level1::from_name("成本指标"), Some(Level1::Cost));
        assert_eq!(Level2::from_name("社会效益指标"), Some(Level2::Social));
        assert_eq!(Level2::from_name("服务对象满意度指标"), Some(Level2::BeneficiarySatisfaction));
        assert_eq!(Level2::from_name("可持续影响"), Some(Level2::Sustainability));
        assert_eq!(Level2::from_name("调解成功率"), None);
        assert!(!is_category_name("法律援助"));
    }

    #[test]
    fn parents_follow_the_frameworks() {
        assert_eq!(Level2::Quantity.parents(), &[Level1::Output]);
        assert!(Level2::Cost.parents().contains(&Level1::Cost));
        assert!(Level2::Cost.parents().contains(&Level1::Output));
    }

    #[test]
    fn reads_codes() {
        assert_eq!(level1_from_code("1"), Some((Level1::Output, CodeScheme::Guangzhou)));
        assert_eq!(level1_from_code("01"), Some((Level1::Output, CodeScheme::Padded)));
        assert_eq!(level1_from_code("9"), None);
        assert_eq!(level2_code_digits("12"), Some((1, 2)));
        assert_eq!(level2_code_digits("5"), None);
    }
}
