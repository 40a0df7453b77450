//! Who may do what: one table of role × action × state, used by the pages,
//! the API and the command line alike.
//!
//! A grant names a role, an action, the document states it holds in (none
//! for actions on no document) and the scope of documents it reaches: the
//! user's own department, the departments of the user's region, or all.

use crate::workflow::{State, Transition};
use serde::{Deserialize, Serialize};

/// A signed-in user's role.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// 系统管理员.
    Admin,
    /// 部门填报: writes one department's tables.
    Editor,
    /// 部门审核: checks one department's tables and forwards them.
    Approver,
    /// 财政审核: reviews, approves and publishes the tables of a region.
    Reviewer,
}

impl Role {
    /// Every role.
    pub const ALL: [Role; 4] = [Role::Admin, Role::Editor, Role::Approver, Role::Reviewer];

    /// The stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Admin => "admin",
            Role::Editor => "editor",
            Role::Approver => "approver",
            Role::Reviewer => "reviewer",
        }
    }

    /// The stored name read back.
    pub fn parse(s: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.as_str() == s)
    }

    /// The Chinese name.
    pub fn name_zh(self) -> &'static str {
        match self {
            Role::Admin => "系统管理员",
            Role::Editor => "部门填报",
            Role::Approver => "部门审核",
            Role::Reviewer => "财政审核",
        }
    }

    /// True when the role belongs to one department.
    pub fn needs_department(self) -> bool {
        matches!(self, Role::Editor | Role::Approver)
    }
}

/// Something a user asks to do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Action {
    /// See a document (page, API, downloads).
    View,
    /// See a document's history, versions and comments.
    ViewHistory,
    /// Create a document (blank, copied, uploaded) — no document yet.
    Create,
    /// Import a file (upload page, `POST /api/import`) — no document yet.
    Import,
    /// Change a document's content.
    Edit,
    /// Take a workflow transition.
    Transition(Transition),
    /// Add, change and list users and departments — no document.
    ManageUsers,
    /// See the audit log of the whole system — no document.
    ViewAudit,
    /// See a document's monitoring rounds and warnings.
    ViewMonitoring,
    /// Enter or import a monitoring round of an approved or published document.
    ReportMonitoring,
    /// Confirm (or send back) a monitoring round the editor entered.
    CheckMonitoring,
    /// Change the warning thresholds — no document.
    SetWarningPolicy,
}

impl Action {
    /// Every action.
    pub const ALL: [Action; 17] = [
        Action::View,
        Action::ViewHistory,
        Action::Create,
        Action::Import,
        Action::Edit,
        Action::Transition(Transition::Submit),
        Action::Transition(Transition::Forward),
        Action::Transition(Transition::Return),
        Action::Transition(Transition::Approve),
        Action::Transition(Transition::Publish),
        Action::Transition(Transition::Adjust),
        Action::ManageUsers,
        Action::ViewAudit,
        Action::ViewMonitoring,
        Action::ReportMonitoring,
        Action::CheckMonitoring,
        Action::SetWarningPolicy,
    ];

    /// True for actions on an existing document.
    pub fn on_document(self) -> bool {
        !matches!(self, Action::Create | Action::Import | Action::ManageUsers | Action::ViewAudit | Action::SetWarningPolicy)
    }
}

/// Which documents a grant reaches.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// Every document.
    All,
    /// Documents (or new documents) of the user's own department.
    OwnDepartment,
    /// Documents of the departments in the user's region (a user with no
    /// region: every department).
    Region,
}

/// One line of the permission table.
#[derive(Debug, Clone, Copy)]
pub struct Grant {
    /// Who; `None` is the anonymous public.
    pub role: Option<Role>,
    /// What.
    pub action: Action,
    /// In which states of the document (empty for actions on no document).
    pub states: &'static [State],
    /// Over which documents.
    pub scope: Scope,
}

use State::*;
const ANY_STATE: &[State] = &[Draft, Submitted, Forwarded, Approved, Published, Returned];
const FINANCE_STATES: &[State] = &[Forwarded, Approved, Published, Returned];
/// Targets in force: monitored through the year.
const IN_FORCE: &[State] = &[Approved, Published];

const fn g(role: Option<Role>, action: Action, states: &'static [State], scope: Scope) -> Grant {
    Grant { role, action, states, scope }
}

const ADMIN: Option<Role> = Some(Role::Admin);
const EDITOR: Option<Role> = Some(Role::Editor);
const APPROVER: Option<Role> = Some(Role::Approver);
const REVIEWER: Option<Role> = Some(Role::Reviewer);

/// The permission table. Anything not granted here is refused.
pub const GRANTS: &[Grant] = &[
    // The public sees what is published.
    g(None, Action::View, &[Published], Scope::All),
    // Everyone signed in sees what is published.
    g(EDITOR, Action::View, &[Published], Scope::All),
    g(APPROVER, Action::View, &[Published], Scope::All),
    g(REVIEWER, Action::View, &[Published], Scope::All),
    // The department sees all of its own tables; the finance bureau those
    // the department has forwarded.
    g(EDITOR, Action::View, ANY_STATE, Scope::OwnDepartment),
    g(APPROVER, Action::View, ANY_STATE, Scope::OwnDepartment),
    g(REVIEWER, Action::View, FINANCE_STATES, Scope::Region),
    g(ADMIN, Action::View, ANY_STATE, Scope::All),
    g(EDITOR, Action::ViewHistory, ANY_STATE, Scope::OwnDepartment),
    g(APPROVER, Action::ViewHistory, ANY_STATE, Scope::OwnDepartment),
    g(REVIEWER, Action::ViewHistory, FINANCE_STATES, Scope::Region),
    g(ADMIN, Action::ViewHistory, ANY_STATE, Scope::All),
    // Writing.
    g(EDITOR, Action::Create, &[], Scope::OwnDepartment),
    g(ADMIN, Action::Create, &[], Scope::All),
    g(EDITOR, Action::Import, &[], Scope::OwnDepartment),
    g(REVIEWER, Action::Import, &[], Scope::Region),
    g(ADMIN, Action::Import, &[], Scope::All),
    g(EDITOR, Action::Edit, &[Draft, Returned], Scope::OwnDepartment),
    // The workflow.
    g(EDITOR, Action::Transition(Transition::Submit), &[Draft, Returned], Scope::OwnDepartment),
    g(APPROVER, Action::Transition(Transition::Forward), &[Submitted], Scope::OwnDepartment),
    g(APPROVER, Action::Transition(Transition::Return), &[Submitted], Scope::OwnDepartment),
    g(REVIEWER, Action::Transition(Transition::Return), &[Forwarded], Scope::Region),
    g(REVIEWER, Action::Transition(Transition::Approve), &[Forwarded], Scope::Region),
    g(REVIEWER, Action::Transition(Transition::Publish), &[Approved], Scope::Region),
    g(ADMIN, Action::Transition(Transition::Publish), &[Approved], Scope::All),
    g(EDITOR, Action::Transition(Transition::Adjust), &[Published], Scope::OwnDepartment),
    // Monitoring through the year: the department reports, its approver
    // checks, the finance bureau watches.
    g(EDITOR, Action::ViewMonitoring, IN_FORCE, Scope::OwnDepartment),
    g(APPROVER, Action::ViewMonitoring, IN_FORCE, Scope::OwnDepartment),
    g(REVIEWER, Action::ViewMonitoring, IN_FORCE, Scope::Region),
    g(ADMIN, Action::ViewMonitoring, IN_FORCE, Scope::All),
    g(EDITOR, Action::ReportMonitoring, IN_FORCE, Scope::OwnDepartment),
    // The administrator (and the command line) imports filled tables for any department.
    g(ADMIN, Action::ReportMonitoring, IN_FORCE, Scope::All),
    g(APPROVER, Action::CheckMonitoring, IN_FORCE, Scope::OwnDepartment),
    // Administration.
    g(ADMIN, Action::SetWarningPolicy, &[], Scope::All),
    g(ADMIN, Action::ManageUsers, &[], Scope::All),
    g(ADMIN, Action::ViewAudit, &[], Scope::All),
];

/// Who is asking: a role (none for the public).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Principal {
    /// The role; `None` is anonymous.
    pub role: Option<Role>,
}

/// How the document (or the department a new document is for) relates to
/// the user asking; the caller works it out from departments and regions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Relation {
    /// The document is of the user's own department.
    pub own_department: bool,
    /// The document's department is in the user's region.
    pub in_region: bool,
}

/// The answer of [`decide`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decision {
    /// Go ahead.
    Allow,
    /// Sign in first (HTTP 401).
    SignIn,
    /// Signed in, but not allowed (HTTP 403).
    Deny,
}

/// May `who` do `action` on a document in `state` (`None`: no document)
/// that relates to them as `rel`?
pub fn decide(who: Principal, action: Action, state: Option<State>, rel: Relation) -> Decision {
    let allowed = GRANTS.iter().any(|gr| {
        gr.role == who.role
            && gr.action == action
            && match state {
                Some(s) => gr.states.contains(&s),
                None => gr.states.is_empty(),
            }
            && match gr.scope {
                Scope::All => true,
                Scope::OwnDepartment => rel.own_department,
                Scope::Region => rel.in_region,
            }
    });
    if allowed {
        Decision::Allow
    } else if who.role.is_none() {
        Decision::SignIn
    } else {
        Decision::Deny
    }
}

/// True when [`decide`] allows.
pub fn allows(who: Principal, action: Action, state: Option<State>, rel: Relation) -> bool {
    decide(who, action, state, rel) == Decision::Allow
}

/// The transitions `who` may take on a document in `state`, for buttons.
pub fn available_transitions(who: Principal, state: State, rel: Relation) -> Vec<Transition> {
    crate::workflow::transitions_from(state)
        .into_iter()
        .filter(|t| allows(who, Action::Transition(*t), Some(state), rel))
        .collect()
}

/// The states of documents `who` may see under relation `rel` — what lists
/// and searches filter by.
pub fn visible_states(who: Principal, rel: Relation) -> Vec<State> {
    State::ALL.into_iter().filter(|s| allows(who, Action::View, Some(*s), rel)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const ANON: Principal = Principal { role: None };
    const fn p(r: Role) -> Principal {
        Principal { role: Some(r) }
    }
    const OWN: Relation = Relation { own_department: true, in_region: true };
    const REGION: Relation = Relation { own_department: false, in_region: true };
    const OTHER: Relation = Relation { own_department: false, in_region: false };

    #[test]
    fn the_public_sees_only_published_and_must_sign_in_for_the_rest() {
        assert_eq!(decide(ANON, Action::View, Some(Published), OTHER), Decision::Allow);
        for s in [Draft, Submitted, Forwarded, Approved, Returned] {
            assert_eq!(decide(ANON, Action::View, Some(s), OTHER), Decision::SignIn, "{s:?}");
        }
        for a in Action::ALL.into_iter().filter(|a| *a != Action::View) {
            let state = a.on_document().then_some(Draft);
            assert_eq!(decide(ANON, a, state, OWN), Decision::SignIn, "{a:?}");
        }
    }

    #[test]
    fn an_editor_writes_only_its_own_department() {
        let e = p(Role::Editor);
        assert!(allows(e, Action::Create, None, OWN));
        assert_eq!(decide(e, Action::Create, None, REGION), Decision::Deny);
        assert!(allows(e, Action::Edit, Some(Draft), OWN));
        assert!(allows(e, Action::Edit, Some(Returned), OWN));
        assert!(!allows(e, Action::Edit, Some(Submitted), OWN));
        assert!(!allows(e, Action::Edit, Some(Draft), REGION));
        assert!(!allows(e, Action::View, Some(Draft), REGION), "never another department's drafts");
        assert!(allows(e, Action::View, Some(Published), OTHER));
        assert!(allows(e, Action::Import, None, OWN));
        assert!(!allows(e, Action::Import, None, OTHER));
    }

    #[test]
    fn monitoring_is_reported_by_the_department_checked_by_its_approver_watched_by_finance() {
        for s in [Approved, Published] {
            assert!(allows(p(Role::Editor), Action::ReportMonitoring, Some(s), OWN));
            assert!(!allows(p(Role::Editor), Action::ReportMonitoring, Some(s), REGION));
            assert!(!allows(p(Role::Approver), Action::ReportMonitoring, Some(s), OWN));
            assert!(allows(p(Role::Approver), Action::CheckMonitoring, Some(s), OWN));
            assert!(!allows(p(Role::Editor), Action::CheckMonitoring, Some(s), OWN));
            assert!(allows(p(Role::Reviewer), Action::ViewMonitoring, Some(s), REGION));
            assert!(!allows(p(Role::Reviewer), Action::ViewMonitoring, Some(s), OTHER));
            assert!(!allows(p(Role::Reviewer), Action::ReportMonitoring, Some(s), REGION));
        }
        // Targets not yet in force are not monitored.
        assert!(!allows(p(Role::Editor), Action::ReportMonitoring, Some(Draft), OWN));
        assert!(allows(p(Role::Admin), Action::SetWarningPolicy, None, OTHER));
        assert!(!allows(p(Role::Reviewer), Action::SetWarningPolicy, None, REGION));
    }

    #[test]
    fn the_workflow_roles() {
        assert_eq!(available_transitions(p(Role::Editor), Draft, OWN), vec![Transition::Submit]);
        assert_eq!(
            available_transitions(p(Role::Approver), Submitted, OWN),
            vec![Transition::Forward, Transition::Return]
        );
        assert!(available_transitions(p(Role::Approver), Submitted, REGION).is_empty());
        assert_eq!(
            available_transitions(p(Role::Reviewer), Forwarded, REGION),
            vec![Transition::Return, Transition::Approve]
        );
        assert!(available_transitions(p(Role::Reviewer), Forwarded, OTHER).is_empty());
        assert_eq!(available_transitions(p(Role::Reviewer), Approved, REGION), vec![Transition::Publish]);
        assert_eq!(available_transitions(p(Role::Admin), Approved, OTHER), vec![Transition::Publish]);
        assert_eq!(available_transitions(p(Role::Editor), Published, OWN), vec![Transition::Adjust]);
        assert!(!allows(p(Role::Reviewer), Action::View, Some(Draft), REGION), "drafts stay in the department");
        assert!(!allows(p(Role::Reviewer), Action::View, Some(Submitted), REGION));
    }

    #[test]
    fn only_admins_manage_users() {
        for r in Role::ALL {
            assert_eq!(allows(p(r), Action::ManageUsers, None, OWN), r == Role::Admin);
        }
        assert_eq!(decide(p(Role::Editor), Action::ManageUsers, None, OWN), Decision::Deny);
    }

    #[test]
    fn every_grant_is_consistent_with_the_workflow() {
        for gr in GRANTS {
            assert_eq!(gr.states.is_empty(), !gr.action.on_document(), "{gr:?}");
            if let Action::Transition(t) = gr.action {
                for s in gr.states {
                    assert!(t.from_states().contains(s), "{gr:?} grants {t:?} from {s:?}");
                }
            }
        }
        assert_eq!(visible_states(ANON, OWN), vec![Published]);
        assert_eq!(visible_states(p(Role::Editor), OWN).len(), 6);
        assert_eq!(visible_states(p(Role::Reviewer), REGION), vec![Forwarded, Approved, Published, Returned]);
    }
}
