//! Authoring and the workflow: creating tables (blank, copied from last
//! year, uploaded), saving drafts, transitions with reasons and comments,
//! history and versions — every one checked against the permission table
//! and audited.

use crate::pipeline::{self, ImportReport, Prepared};
use crate::{random_hex, Actor, App, AppError, AppResult};
use jixiao_core::access::{self, Action, Decision, Relation, Role};
use jixiao_core::workflow::{self, State, Transition};
use jixiao_core::{Body, Document, Kind, ProjectTable, Project, Unit, Indicator, DepartmentTable, Plan, Horizon};
use jixiao_store::{
    AuditRecord, DocumentSummary, ImportOutcome, NewComment, StartState, StateChange, StoredComment, StoredDocument,
    StoredFinding, UpdateOutcome, VersionInfo,
};
use serde_json::json;

/// A document as a user may see it.
#[derive(Debug, Clone)]
pub struct DocumentView {
    /// The stored document.
    pub stored: StoredDocument,
    /// Its state.
    pub state: State,
    /// Its review findings.
    pub findings: Vec<StoredFinding>,
    /// The comments of the latest return (shown in place to the editor).
    pub comments: Vec<StoredComment>,
    /// The transitions this user may take now.
    pub transitions: Vec<Transition>,
    /// True when this user may edit it now.
    pub editable: bool,
    /// True when this user may see its history.
    pub history: bool,
}

/// A document's history.
#[derive(Debug, Clone)]
pub struct History {
    /// Its audit records, oldest first.
    pub audit: Vec<AuditRecord>,
    /// Its saved revisions, oldest first.
    pub versions: Vec<VersionInfo>,
    /// Every comment made on it.
    pub comments: Vec<StoredComment>,
    /// Other editions of the same table (adjustments), oldest first.
    pub editions: Vec<DocumentSummary>,
}

/// What a transition did.
#[derive(Debug, Clone, serde::Serialize)]
pub struct TransitionOutcome {
    /// The document now in `state` (for an adjustment: the new edition).
    pub id: i64,
    /// Its state.
    pub state: State,
    /// Its revision.
    pub revision: i64,
}

/// A refusal of the permission table as an error naming what was refused.
/// Who may import at all (into some department), checked before any parsing work.
fn may_import(actor: &Actor) -> AppResult<()> {
    let any = Relation { own_department: true, in_region: true };
    refuse(access::decide(actor.principal(), Action::Import, None, any), "导入目标表")
}

/// The signed-in user an upload is kept for.
fn importer(actor: &Actor) -> AppResult<&jixiao_store::User> {
    actor.user.as_ref().ok_or_else(|| AppError::SignIn("请先登录后再导入目标表".into()))
}

pub(crate) fn refuse(decision: Decision, what: &str) -> AppResult<()> {
    match decision {
        Decision::Allow => Ok(()),
        Decision::SignIn => Err(AppError::SignIn(format!("请先登录后再{what}"))),
        Decision::Deny => Err(AppError::Forbidden(format!("您的账号无权{what}"))),
    }
}

/// True when the region `at` is `region` or lies inside it (walking up the
/// tree; bounded, so a cycle in bad data ends the walk).
fn region_contains(regions: &[jixiao_store::Region], region: i64, mut at: Option<i64>) -> bool {
    for _ in 0..=regions.len() {
        match at {
            Some(r) if r == region => return true,
            Some(r) => at = regions.iter().find(|x| x.id == r).and_then(|x| x.parent_id),
            None => return false,
        }
    }
    false
}

fn state_of(sd: &StoredDocument) -> AppResult<State> {
    State::parse(&sd.state).ok_or_else(|| AppError::Internal(format!("unknown state {}", sd.state)))
}

/// The year in a title moved on (`2023年…` → `2024年…`).
fn title_for_year(title: &Option<String>, from: Option<i32>, to: i32) -> Option<String> {
    match (title, from) {
        (Some(t), Some(y)) => Some(t.replace(&y.to_string(), &to.to_string())),
        (t, _) => t.clone(),
    }
}

fn new_source(department: &str, year: i32, kind: Kind) -> String {
    format!("authored/{department}/{year}/{}/{}", kind.as_str(), random_hex(4))
}

impl App {
    /// How `department` relates to the actor.
    pub async fn relation(&self, actor: &Actor, department: &str) -> AppResult<Relation> {
        if actor.system {
            return Ok(Relation { own_department: true, in_region: true });
        }
        let Some(user) = &actor.user else { return Ok(Relation::default()) };
        let own_department = user.department.as_deref() == Some(department);
        let in_region = match user.region_id {
            None => true,
            Some(region) => {
                let regions = self.store.regions().await?;
                let at = self.store.department(department).await?.and_then(|d| d.region_id);
                region_contains(&regions, region, at)
            }
        };
        Ok(Relation { own_department, in_region })
    }

    async fn stored(&self, id: i64) -> AppResult<StoredDocument> {
        self.store.document(id).await?.ok_or_else(|| AppError::NotFound(format!("没有编号为 {id} 的目标表")))
    }

    /// A document, its state and its relation to the actor, once the
    /// permission table allows `action` on it (`what` names it if refused).
    pub(crate) async fn checked(&self, actor: &Actor, id: i64, action: Action, what: &str) -> AppResult<(StoredDocument, State, Relation)> {
        let stored = self.stored(id).await?;
        let state = state_of(&stored)?;
        let rel = self.relation(actor, &stored.document.department).await?;
        refuse(access::decide(actor.principal(), action, Some(state), rel), what)?;
        Ok((stored, state, rel))
    }

    /// A document with what this actor may do with it; refused unless they
    /// may see it.
    pub async fn view(&self, actor: &Actor, id: i64) -> AppResult<DocumentView> {
        let (stored, state, rel) = self.checked(actor, id, Action::View, "查看该目标表").await?;
        let who = actor.principal();
        let findings = self.store.findings(id).await?;
        let history = access::allows(who, Action::ViewHistory, Some(state), rel);
        let mut comments = if history { self.store.comments(id).await? } else { Vec::new() };
        if let Some(last) = comments.iter().map(|c| c.revision).max() {
            comments.retain(|c| c.revision == last);
        }
        Ok(DocumentView {
            transitions: access::available_transitions(who, state, rel),
            editable: access::allows(who, Action::Edit, Some(state), rel),
            history,
            stored,
            state,
            findings,
            comments,
        })
    }

    /// The department a new document of the actor's is for: an editor's own;
    /// others name it.
    async fn creation_department(&self, actor: &Actor, asked: Option<&str>) -> AppResult<String> {
        let own = actor.user.as_ref().and_then(|u| u.department.clone());
        let department = match (asked.map(str::trim).filter(|d| !d.is_empty()), own) {
            (Some(d), _) => d.to_string(),
            (None, Some(d)) => d,
            (None, None) => return Err(AppError::Invalid("请指定部门名称".into())),
        };
        let rel = self.relation(actor, &department).await?;
        refuse(access::decide(actor.principal(), Action::Create, None, rel), &format!("为「{department}」新建目标表"))?;
        Ok(department)
    }

    async fn store_draft(&self, actor: &Actor, doc: Document, action: &str, detail: serde_json::Value) -> AppResult<i64> {
        let hash = pipeline::content_hash(doc.to_json().to_string().as_bytes());
        let prepared = Prepared::new(doc, hash);
        let created_by = actor.user.as_ref().map(|u| u.id);
        let report = pipeline::store_as(&self.store, &prepared, actor, StartState::Draft { created_by }, action, Some(detail))
            .await
            .map_err(import_error)?;
        Ok(outcome_id(&report))
    }

    /// Creates a blank table of `kind` for `year`.
    pub async fn create_blank(&self, actor: &Actor, kind: Kind, department: Option<&str>, year: i32) -> AppResult<i64> {
        if !(2000..=2100).contains(&year) {
            return Err(AppError::Invalid(format!("年度 {year} 不在 2000–2100 之间")));
        }
        let department = self.creation_department(actor, department).await?;
        let body = match kind {
            Kind::Project => Body::Project(ProjectTable {
                totals: Default::default(),
                units: vec![Unit {
                    name: department.clone(),
                    amounts: Default::default(),
                    projects: vec![Project {
                        name: String::new(),
                        amounts: Default::default(),
                        goal: None,
                        indicators: vec![Indicator { level1: Some("产出指标".into()), level2: Some("数量指标".into()), ..Default::default() }],
                    }],
                }],
            }),
            Kind::Department => {
                let mut plan = Plan::new(Horizon::Annual);
                plan.indicators.push(Indicator { level1: Some("产出指标".into()), level2: Some("数量指标".into()), ..Default::default() });
                Body::Department(DepartmentTable { figures: Vec::new(), functions: None, plans: vec![plan] })
            }
        };
        let title = match kind {
            Kind::Project => format!("{year}年{department}项目支出绩效目标表"),
            Kind::Department => format!("{year}年{department}部门整体支出绩效目标表"),
        };
        let doc = Document {
            source: new_source(&department, year, kind),
            title: Some(title),
            department: department.clone(),
            year: Some(year),
            money_unit: "万元".into(),
            body,
        };
        self.store_draft(actor, doc, "create", json!({"how": "blank"})).await
    }

    /// Creates next year's table from `from` (values kept, year moved on).
    pub async fn create_copy(&self, actor: &Actor, from: i64, year: Option<i32>) -> AppResult<i64> {
        let source = self.view(actor, from).await?.stored.document;
        let year = year.or(source.year.map(|y| y + 1)).ok_or_else(|| AppError::Invalid("原表没有年度，请指定新表的年度".into()))?;
        if !(2000..=2100).contains(&year) {
            return Err(AppError::Invalid(format!("年度 {year} 不在 2000–2100 之间")));
        }
        let department = self.creation_department(actor, Some(&source.department)).await?;
        let mut doc = source.clone();
        doc.title = title_for_year(&source.title, source.year, year);
        doc.year = Some(year);
        doc.source = new_source(&department, year, doc.kind());
        self.store_draft(actor, doc, "create", json!({"how": "copy", "from": from})).await
    }

    /// Keeps an uploaded file while its preview is looked at; the token this
    /// gives saves it ([`App::upload_staged`]), only for the same user, within
    /// a day. The file is sent once, not round-tripped through the page.
    pub async fn stage_upload(&self, actor: &Actor, name: &str, bytes: &[u8]) -> AppResult<String> {
        may_import(actor)?;
        let user = importer(actor)?;
        let token = random_hex(16);
        self.store.stage_upload(&token, user.id, name, bytes, jixiao_store::now_secs()).await?;
        Ok(token)
    }

    /// Imports the file kept by [`App::stage_upload`] under `token` (see
    /// [`App::upload`]), then forgets it.
    pub async fn upload_staged(&self, actor: &Actor, token: &str) -> AppResult<(i64, ImportReport)> {
        let user = importer(actor)?;
        let (name, bytes) = self
            .store
            .staged_upload(token, user.id, jixiao_store::now_secs())
            .await?
            .ok_or_else(|| AppError::NotFound("预览的文件已保存或已过期（保留一天），请重新上传".into()))?;
        let out = self.upload(actor, &name, bytes).await?;
        self.store.drop_staged_upload(token).await?;
        Ok(out)
    }

    /// A published table whose file had exactly these bytes (under any name):
    /// its id, file name and version, so that an upload can say it is a copy.
    pub async fn published_copy(&self, actor: &Actor, bytes: &[u8]) -> AppResult<Option<(i64, String, i64)>> {
        importer(actor)?;
        Ok(self.store.published_with_hash(&pipeline::content_hash(bytes)).await?)
    }

    /// Imports an uploaded file: an editor's becomes a draft of its own
    /// department (a table of another department is refused); a reviewer's
    /// or admin's is stored as published.
    pub async fn upload(&self, actor: &Actor, name: &str, bytes: Vec<u8>) -> AppResult<(i64, ImportReport)> {
        may_import(actor)?;
        let who = actor.principal();
        let mut prepared = self.parse_upload(name, bytes).await?;
        let department = prepared.doc.department.clone();
        let known = self.store.department(&department).await?.is_some();
        let mut rel = self.relation(actor, &department).await?;
        if !known && actor.role() == Some(Role::Reviewer) {
            rel.in_region = true;
        }
        if access::decide(who, Action::Import, None, rel) != Decision::Allow {
            let own = actor.user.as_ref().and_then(|u| u.department.clone()).unwrap_or_default();
            return Err(AppError::Forbidden(if actor.role() == Some(Role::Editor) {
                format!("只能导入本部门（{own}）的目标表；该文件属于「{department}」")
            } else {
                format!("「{department}」不在您负责的地区内，不能导入")
            }));
        }
        let report = if actor.role() == Some(Role::Editor) {
            prepared.doc.source = format!("upload/{}/{}", department, prepared.doc.source);
            let created_by = actor.user.as_ref().map(|u| u.id);
            pipeline::store_as(&self.store, &prepared, actor, StartState::Draft { created_by }, "import", None).await
        } else {
            pipeline::store_as(&self.store, &prepared, actor, StartState::Published, "import", None).await
        }
        .map_err(import_error)?;
        if !known {
            if let Some(region) = actor.user.as_ref().and_then(|u| u.region.clone()) {
                let mut audit = actor.audit("department_region");
                audit.subject = Some(department.clone());
                self.store.set_department_region(&department, Some(&region), &audit).await?;
            }
        }
        Ok((outcome_id(&report), report))
    }

    /// Saves new content of a draft stored at revision `expected`.
    pub async fn save(&self, actor: &Actor, id: i64, expected: Option<i64>, mut doc: Document) -> AppResult<i64> {
        let (stored, _, _) = self.checked(actor, id, Action::Edit, "修改该目标表").await?;
        let expected = expected.ok_or(AppError::RevisionRequired)?;
        if expected != stored.revision {
            return Err(AppError::Stale { current: stored.revision });
        }
        if doc.department.trim() != stored.document.department {
            return Err(AppError::Invalid(format!("不能更改目标表所属部门（{}）", stored.document.department)));
        }
        if doc.kind() != stored.document.kind() {
            return Err(AppError::Invalid("不能更改目标表的类型".into()));
        }
        if let Some(y) = doc.year {
            if !(2000..=2100).contains(&y) {
                return Err(AppError::Invalid(format!("年度 {y} 不在 2000–2100 之间")));
            }
        }
        doc.department = stored.document.department.clone();
        doc.source = stored.document.source.clone();
        let changes = jixiao_core::diff::diff(&stored.document, &doc);
        let findings = crate::findings::review(&doc);
        let mut audit = actor.audit("edit");
        audit.detail = Some(json!({
            "from_revision": stored.revision,
            "change_count": changes.len(),
            "changes": changes.iter().take(100).collect::<Vec<_>>(),
        }));
        match self.store.update_content(id, expected, &doc, &findings, &audit).await? {
            UpdateOutcome::Saved { revision } => Ok(revision),
            UpdateOutcome::Stale { current } => Err(AppError::Stale { current }),
            UpdateOutcome::NotEditable { state } => Err(AppError::Conflict(format!(
                "该目标表处于「{}」状态，不能修改",
                State::parse(&state).map(State::name_zh).unwrap_or("未知")
            ))),
            UpdateOutcome::Missing => Err(AppError::NotFound(format!("没有编号为 {id} 的目标表"))),
        }
    }

    /// Takes a workflow transition, with its reason and comments on places.
    pub async fn transition(
        &self,
        actor: &Actor,
        id: i64,
        t: Transition,
        comment: &str,
        comments: Vec<NewComment>,
        expected: Option<i64>,
    ) -> AppResult<TransitionOutcome> {
        let (stored, state, _) = self.checked(actor, id, Action::Transition(t), t.name_zh()).await?;
        if let Some(e) = expected {
            if e != stored.revision {
                return Err(AppError::Stale { current: stored.revision });
            }
        }
        let comments: Vec<NewComment> = comments.into_iter().filter(|c| !c.text.trim().is_empty()).collect();
        let reason = if comment.trim().is_empty() && !comments.is_empty() { "见各处审核意见" } else { comment };
        let to = workflow::next(state, t, reason).map_err(|e| AppError::Conflict(e.to_string()))?;
        if stored.superseded {
            return Err(AppError::Conflict("该版本已被更新的版本取代".into()));
        }
        let mut audit = actor.audit(&format!("transition:{}", t.as_str()));
        audit.detail = Some(json!({
            "before": {"state": state.as_str()},
            "after": {"state": to.as_str()},
            "comment": comment.trim(),
            "comments": comments.len(),
        }));
        if t == Transition::Adjust {
            let editions = self.store.versions(&stored.document.source).await?;
            if let Some(open) = editions.iter().find(|e| e.state != "published" && e.id != id) {
                return Err(AppError::Conflict(format!("已有调整中的版本（编号 {}），请在该版本上修改", open.id)));
            }
            let doc = stored.document.clone();
            let hash = pipeline::content_hash(doc.to_json().to_string().as_bytes());
            let created_by = actor.user.as_ref().map(|u| u.id);
            let mut prepared = Prepared::new(doc, hash);
            prepared.doc.source = stored.document.source.clone();
            let detail = json!({"from": id, "before": {"state": "published"}, "after": {"state": "draft"}});
            let report = pipeline::store_as(&self.store, &prepared, actor, StartState::Draft { created_by }, "transition:adjust", Some(detail))
                .await
                .map_err(import_error)?;
            return Ok(TransitionOutcome { id: outcome_id(&report), state: State::Draft, revision: 1 });
        }
        let change = StateChange {
            from: state.as_str(),
            to: to.as_str(),
            supersede_older: t == Transition::Publish,
            comments: &comments,
        };
        match self.store.change_state(id, &change, &audit).await? {
            Some(revision) => Ok(TransitionOutcome { id, state: to, revision }),
            None => Err(AppError::Stale { current: stored.revision }),
        }
    }

    /// A document's history: audit records, revisions, comments, editions.
    pub async fn history(&self, actor: &Actor, id: i64) -> AppResult<History> {
        let (stored, _, _) = self.checked(actor, id, Action::ViewHistory, "查看修订记录").await?;
        Ok(History {
            audit: self.store.document_audit(id).await?,
            versions: self.store.document_versions(id).await?,
            comments: self.store.comments(id).await?,
            editions: self.store.versions(&stored.document.source).await?.into_iter().rev().collect(),
        })
    }

    /// The content of one saved revision of a document.
    pub async fn version(&self, actor: &Actor, id: i64, revision: i64) -> AppResult<Document> {
        self.checked(actor, id, Action::ViewHistory, "查看修订记录").await?;
        self.store
            .document_version(id, revision)
            .await?
            .ok_or_else(|| AppError::NotFound(format!("目标表 {id} 没有第 {revision} 版")))
    }

    /// The same department's table of the previous year (same kind) that
    /// the actor may see.
    pub async fn previous_year(&self, actor: &Actor, doc: &Document) -> AppResult<Option<i64>> {
        let Some(year) = doc.year else { return Ok(None) };
        let Some(id) = self.store.find_document(&doc.department, year - 1, doc.kind().as_str()).await? else {
            return Ok(None);
        };
        Ok(self.view(actor, id).await.ok().map(|v| v.stored.id))
    }

    /// The documents in the workflow this actor works on (not published).
    pub async fn worklist(&self, actor: &Actor) -> AppResult<Vec<DocumentSummary>> {
        let Some(user) = &actor.user else { return Ok(Vec::new()) };
        let who = actor.principal();
        let (rel, departments): (Relation, Option<Vec<String>>) = match who.role {
            Some(Role::Editor) | Some(Role::Approver) => {
                (Relation { own_department: true, in_region: false }, Some(user.department.clone().into_iter().collect()))
            }
            Some(Role::Reviewer) => {
                let deps = match user.region_id {
                    None => None,
                    Some(region) => {
                        let regions = self.store.regions().await?;
                        let departments = self.store.departments().await?;
                        Some(
                            departments
                                .into_iter()
                                .filter(|d| region_contains(&regions, region, d.region_id))
                                .map(|d| d.name)
                                .collect(),
                        )
                    }
                };
                (Relation { own_department: false, in_region: true }, deps)
            }
            Some(Role::Admin) => (Relation { own_department: true, in_region: true }, None),
            None => return Ok(Vec::new()),
        };
        let states: Vec<&str> = access::visible_states(who, rel)
            .into_iter()
            .filter(|s| *s != State::Published)
            .map(State::as_str)
            .collect();
        Ok(self.store.workflow_documents(&states, departments.as_deref()).await?)
    }
}

fn outcome_id(r: &ImportReport) -> i64 {
    match r.outcome {
        ImportOutcome::Stored { id, .. } | ImportOutcome::Unchanged { id, .. } => id,
    }
}

pub(crate) fn import_error(e: pipeline::ImportError) -> AppError {
    match e {
        pipeline::ImportError::Store { source, .. } => AppError::Store(source),
        e => AppError::Invalid(e.to_string()),
    }
}

/// Every indicator of a document with its place (as review findings and
/// comments name it) and a label (`项目 › 三级指标`), in document order.
pub fn indicator_places(doc: &Document) -> Vec<(jixiao_core::review::Place, String)> {
    use jixiao_core::review::Place;
    let mut out = Vec::new();
    match &doc.body {
        Body::Project(t) => {
            for u in &t.units {
                for p in &u.projects {
                    let base = Place::at(Some(u.name.clone()), Some(p.name.clone()), None, None);
                    for (k, ind) in p.indicators.iter().enumerate() {
                        out.push((base.indicator(k, ind), format!("{} › 第{}项 {}", p.name, k + 1, ind.name)));
                    }
                }
            }
        }
        Body::Department(t) => {
            for pl in &t.plans {
                let horizon = match pl.horizon {
                    Horizon::Annual => "年度",
                    Horizon::MultiYear => "中长期",
                };
                let base = Place::at(None, None, Some(pl.horizon), None);
                for (k, ind) in pl.indicators.iter().enumerate() {
                    out.push((base.indicator(k, ind), format!("{horizon}目标 › 第{}项 {}", k + 1, ind.name)));
                }
                for task in &pl.tasks {
                    let tb = Place::at(None, None, Some(pl.horizon), Some(task.name.clone()));
                    for (k, ind) in task.indicators.iter().enumerate() {
                        out.push((tb.indicator(k, ind), format!("{} › 第{}项 {}", task.name, k + 1, ind.name)));
                    }
                }
            }
        }
    }
    out
}
