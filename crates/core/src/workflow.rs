//! The target workflow: the states a document passes through and the
//! transitions between them (填报 → 部门审核 → 财政审核 → 批复 → 公开).
//!
//! ```text
//! draft ──submit──▶ submitted ──forward──▶ forwarded ──approve──▶ approved ──publish──▶ published
//!   ▲                   │                      │                                          │
//!   └──── returned ◀────┴──────return──────────┘                      adjust: a new draft edition
//! ```
//! Pure rules; who may take a transition is in [`crate::access`].

use serde::{Deserialize, Serialize};

/// Where a document is in the workflow.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum State {
    /// 草稿: being written by the department.
    Draft,
    /// 已提交: submitted to the department's approver.
    Submitted,
    /// 已报送: forwarded by the department to the finance bureau.
    Forwarded,
    /// 已批复: approved by the finance bureau.
    Approved,
    /// 已公开: published; the public sees it.
    Published,
    /// 已退回: returned with reasons; the department edits it again.
    Returned,
}

impl State {
    /// Every state.
    pub const ALL: [State; 6] =
        [State::Draft, State::Submitted, State::Forwarded, State::Approved, State::Published, State::Returned];

    /// The stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            State::Draft => "draft",
            State::Submitted => "submitted",
            State::Forwarded => "forwarded",
            State::Approved => "approved",
            State::Published => "published",
            State::Returned => "returned",
        }
    }

    /// The stored name read back.
    pub fn parse(s: &str) -> Option<State> {
        State::ALL.into_iter().find(|st| st.as_str() == s)
    }

    /// The Chinese name shown to users.
    pub fn name_zh(self) -> &'static str {
        match self {
            State::Draft => "草稿",
            State::Submitted => "待部门审核",
            State::Forwarded => "待财政审核",
            State::Approved => "已批复",
            State::Published => "已公开",
            State::Returned => "已退回",
        }
    }

    /// True when the department may change the content in this state.
    pub fn is_editable(self) -> bool {
        matches!(self, State::Draft | State::Returned)
    }
}

/// A step of the workflow.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Transition {
    /// 提交: the editor submits to the department's approver.
    Submit,
    /// 报送: the department's approver forwards to the finance bureau.
    Forward,
    /// 退回: sent back with a reason.
    Return,
    /// 批复: the finance bureau approves.
    Approve,
    /// 公开: made public.
    Publish,
    /// 调整: a published table is changed; a new edition starts as a draft
    /// while the published one stays visible.
    Adjust,
}

impl Transition {
    /// Every transition.
    pub const ALL: [Transition; 6] = [
        Transition::Submit,
        Transition::Forward,
        Transition::Return,
        Transition::Approve,
        Transition::Publish,
        Transition::Adjust,
    ];

    /// The name used in the API.
    pub fn as_str(self) -> &'static str {
        match self {
            Transition::Submit => "submit",
            Transition::Forward => "forward",
            Transition::Return => "return",
            Transition::Approve => "approve",
            Transition::Publish => "publish",
            Transition::Adjust => "adjust",
        }
    }

    /// The API name read back.
    pub fn parse(s: &str) -> Option<Transition> {
        Transition::ALL.into_iter().find(|t| t.as_str() == s)
    }

    /// The Chinese name of the button.
    pub fn name_zh(self) -> &'static str {
        match self {
            Transition::Submit => "提交审核",
            Transition::Forward => "报送财政",
            Transition::Return => "退回修改",
            Transition::Approve => "批复通过",
            Transition::Publish => "公开",
            Transition::Adjust => "调整",
        }
    }

    /// The states it starts from.
    pub fn from_states(self) -> &'static [State] {
        match self {
            Transition::Submit => &[State::Draft, State::Returned],
            Transition::Forward => &[State::Submitted],
            Transition::Return => &[State::Submitted, State::Forwarded],
            Transition::Approve => &[State::Forwarded],
            Transition::Publish => &[State::Approved],
            Transition::Adjust => &[State::Published],
        }
    }

    /// The state it leads to. [`Transition::Adjust`] leaves the published
    /// document as it is and gives a new edition in this state.
    pub fn to_state(self) -> State {
        match self {
            Transition::Submit => State::Submitted,
            Transition::Forward => State::Forwarded,
            Transition::Return => State::Returned,
            Transition::Approve => State::Approved,
            Transition::Publish => State::Published,
            Transition::Adjust => State::Draft,
        }
    }

    /// True when the transition must carry a reason (a return does).
    pub fn needs_reason(self) -> bool {
        matches!(self, Transition::Return)
    }
}

/// Why a transition cannot be taken.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum WorkflowError {
    /// The document is not in a state the transition starts from.
    #[error("当前状态为「{}」，不能{}", .state.name_zh(), .transition.name_zh())]
    WrongState {
        /// The document's state.
        state: State,
        /// The transition asked for.
        transition: Transition,
    },
    /// A return without a reason.
    #[error("退回必须填写退回理由")]
    ReasonMissing,
}

/// The state after `t` from `state`, or why not. `reason` is the comment
/// given with the transition.
pub fn next(state: State, t: Transition, reason: &str) -> Result<State, WorkflowError> {
    if !t.from_states().contains(&state) {
        return Err(WorkflowError::WrongState { state, transition: t });
    }
    if t.needs_reason() && reason.trim().is_empty() {
        return Err(WorkflowError::ReasonMissing);
    }
    Ok(t.to_state())
}

/// The transitions that start from `state`, in workflow order.
pub fn transitions_from(state: State) -> Vec<Transition> {
    Transition::ALL.into_iter().filter(|t| t.from_states().contains(&state)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_full_loop_with_one_return() {
        let mut s = State::Draft;
        for (t, reason) in [
            (Transition::Submit, ""),
            (Transition::Forward, ""),
            (Transition::Return, "指标值不明确"),
            (Transition::Submit, ""),
            (Transition::Forward, ""),
            (Transition::Approve, ""),
            (Transition::Publish, ""),
        ] {
            s = next(s, t, reason).unwrap();
        }
        assert_eq!(s, State::Published);
        assert_eq!(next(s, Transition::Adjust, "").unwrap(), State::Draft);
    }

    #[test]
    fn wrong_states_are_refused() {
        assert!(matches!(next(State::Draft, Transition::Approve, ""), Err(WorkflowError::WrongState { .. })));
        assert!(next(State::Published, Transition::Submit, "").is_err());
        assert!(next(State::Approved, Transition::Return, "x").is_err());
        assert!(next(State::Returned, Transition::Submit, "").is_ok());
        let e = next(State::Draft, Transition::Publish, "").unwrap_err();
        assert_eq!(e.to_string(), "当前状态为「草稿」，不能公开");
    }

    #[test]
    fn a_return_needs_a_reason() {
        assert_eq!(next(State::Submitted, Transition::Return, "  "), Err(WorkflowError::ReasonMissing));
        assert_eq!(next(State::Forwarded, Transition::Return, "缺少成本指标"), Ok(State::Returned));
    }

    #[test]
    fn names_round_trip() {
        for s in State::ALL {
            assert_eq!(State::parse(s.as_str()), Some(s));
        }
        for t in Transition::ALL {
            assert_eq!(Transition::parse(t.as_str()), Some(t));
        }
        assert_eq!(transitions_from(State::Submitted), vec![Transition::Forward, Transition::Return]);
        assert!(State::Returned.is_editable() && !State::Submitted.is_editable());
    }
}
