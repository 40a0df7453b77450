//! The direction of an indicator: is a higher achieved value better or worse?

use super::{Op, Target};
use serde::{Deserialize, Serialize};

/// Whether a higher achieved value is better or worse for an indicator.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Direction {
    /// More is better (满意度, 覆盖率, 次数 …).
    HigherIsBetter,
    /// Less is better (重新犯罪率, 投诉, 办结时限 …).
    LowerIsBetter,
    /// Not known from the comparator or the words.
    Unknown,
}

/// Rates and measures that are good to have high, even when they name
/// something bad (投诉办结率 is higher-is-better though 投诉 is lower-is-better).
const HIGHER_WORDS: &[&str] = &[
    "满意", "覆盖率", "完成率", "合格率", "达标率", "成功率", "办结率", "结案率", "处理率", "处置率", "化解率", "解决率",
    "回访率", "知晓率", "及格率", "参考率", "参与率", "受理率", "查处率", "整改率", "执行率", "履行率", "到位率",
    "准确率", "正确率", "及时率", "通过率", "优良率", "优秀率", "出勤率", "利用率", "使用率", "上线率", "在线率",
    "绑定率", "接通率", "响应率", "答复率", "反馈率", "核查率", "审核率", "归档率", "发放率", "支付率", "到账率",
    "兑现率", "落实率", "参保率", "入学率", "就业率", "普及率", "建档率", "签约率", "公开率", "采纳率", "改善",
    "提升", "增长", "增加", "好评",
];

/// Things that are good to have few of, or little of.
const LOWER_WORDS: &[&str] = &[
    "犯罪率", "再犯", "败诉", "投诉", "事故", "漏管", "脱管", "失管", "差错", "错误", "失误", "违法", "违规", "违纪",
    "违章", "泄密", "纠错", "撤销", "撤改", "上访", "越级访", "信访量", "逾期", "超期", "超时", "延误", "积压", "滞留",
    "故障", "缺陷", "流失", "伤亡", "死亡", "受伤", "发案", "发生率", "复发", "返工", "退回", "退件", "误差", "偏差",
    "损失", "闲置", "空置", "不合格率", "不达标", "失败", "拖欠", "欠薪", "赔偿", "成本", "费用", "耗时", "用时",
    "时限", "天数", "等候", "等待", "排队", "负面", "舆情", "安全事件", "群体性事件",
    "案件数量下降", "下降", "降低", "减少", "压缩", "缩短",
];

/// Finds any of `words` in `text`.
fn mentions(text: &str, words: &[&str]) -> bool {
    words.iter().any(|w| text.contains(w))
}

/// The direction of an indicator from its target and its meaning words.
///
/// - a `>=`/`>` target is higher-is-better, `<=`/`<` lower-is-better;
/// - for `=` (and ranges and qualitative targets), the words of
///   `indicator_name` decide: the name of the indicator, or any text that
///   describes it (name and value string together work best). Rates of
///   handling something (投诉办结率, 满意度, 覆盖率) are higher-is-better;
///   bad things (重新犯罪率, 败诉率, 投诉, 事故, 漏管率, 时限 …) are
///   lower-is-better; otherwise a rate (率/度, unit `%`) or a count is
///   higher-is-better, and a `= 0` target lower-is-better;
/// - a recognised grade is higher-is-better;
/// - `all`/`any`: the direction the parts agree on, else `Unknown`.
pub fn direction(target: &Target, indicator_name: &str) -> Direction {
    match target {
        Target::Quantitative { op, value, unit } => match op {
            Op::Ge | Op::Gt => Direction::HigherIsBetter,
            Op::Le | Op::Lt => Direction::LowerIsBetter,
            Op::Eq => {
                let by_words = from_words(indicator_name);
                if by_words != Direction::Unknown {
                    return by_words;
                }
                if value.is_zero() {
                    return Direction::LowerIsBetter;
                }
                match unit.as_deref() {
                    Some("%") => Direction::HigherIsBetter,
                    Some(u) if is_time_unit(u) => Direction::LowerIsBetter,
                    Some(u) if u.contains('元') => Direction::Unknown,
                    Some(_) => Direction::HigherIsBetter,
                    None if indicator_name.contains('率') || indicator_name.contains('度') => Direction::HigherIsBetter,
                    None => Direction::Unknown,
                }
            }
        },
        Target::Range { .. } => from_words(indicator_name),
        Target::Qualitative { text } => {
            if super::grade::grade_of(text).is_some() {
                Direction::HigherIsBetter
            } else {
                let d = from_words(indicator_name);
                if d != Direction::Unknown {
                    d
                } else if mentions(text, &["无", "零", "杜绝", "未发生", "不发生"]) {
                    Direction::LowerIsBetter
                } else {
                    Direction::Unknown
                }
            }
        }
        Target::All { parts } | Target::Any { parts } => {
            let mut seen = Direction::Unknown;
            for p in parts {
                if matches!(p, Target::Qualitative { .. }) && p.grade().is_none() {
                    continue;
                }
                let d = direction(p, indicator_name);
                if d == Direction::Unknown {
                    continue;
                }
                if seen == Direction::Unknown {
                    seen = d;
                } else if seen != d {
                    return Direction::Unknown;
                }
            }
            seen
        }
    }
}

/// Is the unit a duration (shorter is better when fixed with `=`)?
fn is_time_unit(u: &str) -> bool {
    matches!(u, "个工作日" | "工作日" | "日" | "天" | "小时" | "个小时" | "分钟" | "秒" | "周" | "个月" | "个自然日" | "自然日")
}

/// The direction the words of a name imply.
fn from_words(name: &str) -> Direction {
    if name.is_empty() {
        return Direction::Unknown;
    }
    if mentions(name, HIGHER_WORDS) {
        Direction::HigherIsBetter
    } else if mentions(name, LOWER_WORDS) {
        Direction::LowerIsBetter
    } else {
        Direction::Unknown
    }
}

#[cfg(test)]
mod tests {
    use super::super::parse_target;
    use super::*;

    fn d(value: &str, name: &str) -> Direction {
        direction(&parse_target(value), name)
    }

    #[test]
    fn directions() {
        assert_eq!(d("不少于2000次", ""), Direction::HigherIsBetter);
        assert_eq!(d("5个工作日内", ""), Direction::LowerIsBetter);
        assert_eq!(d("0", "重新犯罪率"), Direction::LowerIsBetter);
        assert_eq!(d("1%", "败诉率"), Direction::LowerIsBetter);
        assert_eq!(d("100%", "投诉办结率"), Direction::HigherIsBetter);
        assert_eq!(d("100%", "工单处理率"), Direction::HigherIsBetter);
        assert_eq!(d("3起", "安全事故"), Direction::LowerIsBetter);
        assert_eq!(d("=0", "服管、漏管率"), Direction::LowerIsBetter);
        assert_eq!(d("良好以上", "考核等级"), Direction::HigherIsBetter);
        assert_eq!(d("运行正常", ""), Direction::Unknown);
        assert_eq!(d("全年排查次数不少于2000次，调解成功率不低于90%。", ""), Direction::HigherIsBetter);
        assert_eq!(d("=500元/人年", "补助标准"), Direction::Unknown);
    }
}
