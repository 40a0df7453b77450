//! Accounts: users with argon2-hashed passwords, signing in with a rate
//! limit, and sessions (cookie or bearer) kept in the database.

use crate::{random_hex, Actor, App, AppError, AppResult};
use argon2::password_hash::phc::PasswordHash;
use argon2::password_hash::{PasswordHasher, PasswordVerifier};
use argon2::Argon2;
use jixiao_core::access::{self, Action, Relation, Role};
use jixiao_store::{now_secs, NewUser, StoreError, User};
use serde_json::json;
use sha2::{Digest, Sha256};

/// Failed sign-ins of one name within [`LIMIT_WINDOW_SECS`] before it is locked.
pub const LIMIT_PER_NAME: i64 = 5;
/// Failed sign-ins from one address within [`LIMIT_WINDOW_SECS`] before it is locked.
pub const LIMIT_PER_ADDRESS: i64 = 20;
/// The window of the sign-in rate limit.
pub const LIMIT_WINDOW_SECS: i64 = 15 * 60;
/// A browser session ends this long after sign-in …
pub const COOKIE_LIFETIME_SECS: i64 = 12 * 3600;
/// … or after this long unused.
pub const COOKIE_IDLE_SECS: i64 = 2 * 3600;
/// An API token ends this long after it was issued.
pub const TOKEN_LIFETIME_SECS: i64 = 30 * 24 * 3600;
/// Shortest password accepted.
pub const MIN_PASSWORD: usize = 8;

/// The kind of a session.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SessionKind {
    /// A browser's cookie (needs the CSRF token on writes).
    Cookie,
    /// An API bearer token.
    Bearer,
}

impl SessionKind {
    fn as_str(self) -> &'static str {
        match self {
            SessionKind::Cookie => "cookie",
            SessionKind::Bearer => "bearer",
        }
    }
}

/// A session just opened.
#[derive(Debug, Clone)]
pub struct NewSession {
    /// The secret token (cookie value or bearer token); only its hash is stored.
    pub token: String,
    /// The CSRF token of its forms.
    pub csrf: String,
    /// Seconds until it ends.
    pub max_age: i64,
    /// The user.
    pub user: User,
}

/// A session found by its token.
#[derive(Debug, Clone)]
pub struct ActiveSession {
    /// The user.
    pub user: User,
    /// Its CSRF token.
    pub csrf: String,
    /// Its kind.
    pub kind: SessionKind,
}

fn token_hash(token: &str) -> String {
    Sha256::digest(token.as_bytes()).iter().map(|b| format!("{b:02x}")).collect()
}

/// The argon2id PHC string of a password.
pub fn hash_password(password: &str) -> AppResult<String> {
    Argon2::default()
        .hash_password(password.as_bytes())
        .map(|h| h.to_string())
        .map_err(|e| AppError::Internal(format!("hashing the password: {e}")))
}

/// True when `password` matches the PHC string `hash`.
pub fn verify_password(password: &str, hash: &str) -> bool {
    PasswordHash::new(hash).is_ok_and(|h| Argon2::default().verify_password(password.as_bytes(), &h).is_ok())
}

/// A new user to add.
#[derive(Debug, Clone)]
pub struct UserSpec {
    /// Sign-in name.
    pub name: String,
    /// Role.
    pub role: Role,
    /// Department (editor, approver).
    pub department: Option<String>,
    /// Region (reviewer; none: all departments).
    pub region: Option<String>,
    /// The password.
    pub password: String,
}

fn may_manage_users(actor: &Actor) -> AppResult<()> {
    crate::documents::refuse(access::decide(actor.principal(), Action::ManageUsers, None, Relation::default()), "管理用户")
}

impl App {
    /// Adds a user (admins and the command line only).
    pub async fn add_user(&self, actor: &Actor, spec: &UserSpec) -> AppResult<i64> {
        may_manage_users(actor)?;
        let name = spec.name.trim();
        if name.is_empty() || name.chars().count() > 64 || name.chars().any(char::is_whitespace) {
            return Err(AppError::Invalid("用户名不能为空、不能含空格，且不超过 64 个字符".into()));
        }
        if spec.password.chars().count() < MIN_PASSWORD {
            return Err(AppError::Invalid(format!("密码至少需要 {MIN_PASSWORD} 个字符")));
        }
        let department = spec.department.as_deref().map(str::trim).filter(|d| !d.is_empty());
        if spec.role.needs_department() && department.is_none() {
            return Err(AppError::Invalid(format!("角色「{}」必须指定所属部门（--department）", spec.role.name_zh())));
        }
        if !spec.role.needs_department() && department.is_some() {
            return Err(AppError::Invalid(format!("角色「{}」不属于某个部门，请不要指定部门", spec.role.name_zh())));
        }
        let region = spec.region.as_deref().map(str::trim).filter(|r| !r.is_empty());
        if region.is_some() && spec.role != Role::Reviewer {
            return Err(AppError::Invalid("只有财政审核角色可以指定地区（--region）".into()));
        }
        let password = spec.password.clone();
        let password_hash = tokio::task::spawn_blocking(move || hash_password(&password))
            .await
            .map_err(|e| AppError::Internal(e.to_string()))??;
        let mut audit = actor.audit("user_add");
        audit.subject = Some(name.to_string());
        audit.detail = Some(json!({"after": {"name": name, "role": spec.role.as_str(), "department": department, "region": region}}));
        let new = NewUser {
            name: name.to_string(),
            role: spec.role.as_str().to_string(),
            department: department.map(str::to_string),
            region: region.map(str::to_string),
            password_hash,
        };
        self.store.add_user(&new, &audit).await.map_err(|e| match e {
            StoreError::Unusable(m) => AppError::Conflict(m),
            e => AppError::Store(e),
        })
    }

    /// Every user (admins and the command line only).
    pub async fn list_users(&self, actor: &Actor) -> AppResult<Vec<User>> {
        may_manage_users(actor)?;
        Ok(self.store.users().await?)
    }

    /// Signs in: checks the rate limit, then the password; opens a session.
    /// Failures are audited (they feed the rate limit) and never say whether
    /// the name exists.
    pub async fn sign_in(&self, name: &str, password: &str, address: Option<&str>, kind: SessionKind) -> AppResult<NewSession> {
        let name = name.trim();
        let now = now_secs();
        let since = now - LIMIT_WINDOW_SECS;
        let by_name = self.store.count_audit("sign_in_failed", Some(name), None, since).await?;
        let by_address = match address {
            Some(a) => self.store.count_audit("sign_in_failed", None, Some(a), since).await?,
            None => 0,
        };
        if by_name >= LIMIT_PER_NAME || by_address >= LIMIT_PER_ADDRESS {
            let minutes = LIMIT_WINDOW_SECS / 60;
            return Err(AppError::TooMany {
                message: format!("登录失败次数过多，已暂时锁定，请 {minutes} 分钟后再试"),
                retry_after: LIMIT_WINDOW_SECS,
            });
        }
        let user = self.store.user_by_name(name).await?;
        let ok = match &user {
            Some(u) if u.active => {
                let (pw, hash) = (password.to_string(), u.password_hash.clone());
                tokio::task::spawn_blocking(move || verify_password(&pw, &hash))
                    .await
                    .map_err(|e| AppError::Internal(e.to_string()))?
            }
            _ => {
                // The same work for an unknown name, so timing tells nothing.
                let pw = password.to_string();
                let _ = tokio::task::spawn_blocking(move || hash_password(&pw)).await;
                false
            }
        };
        let Some(user) = user.filter(|_| ok) else {
            let mut audit = Actor::anonymous(address.map(str::to_string)).audit("sign_in_failed");
            audit.subject = Some(name.to_string());
            self.store.audit(&audit).await?;
            let left = (LIMIT_PER_NAME - by_name - 1).max(0);
            return Err(AppError::SignIn(if left > 0 {
                format!("用户名或密码不正确（还可尝试 {left} 次）")
            } else {
                "用户名或密码不正确".to_string()
            }));
        };
        let token = random_hex(32);
        let csrf = random_hex(16);
        let max_age = match kind {
            SessionKind::Cookie => COOKIE_LIFETIME_SECS,
            SessionKind::Bearer => TOKEN_LIFETIME_SECS,
        };
        self.store.create_session(&token_hash(&token), user.id, &csrf, kind.as_str(), now, now + max_age, address).await?;
        let mut audit = Actor::user(user.clone(), address.map(str::to_string)).audit("sign_in");
        audit.subject = Some(user.name.clone());
        audit.detail = Some(json!({"kind": kind.as_str()}));
        self.store.audit(&audit).await?;
        Ok(NewSession { token, csrf, max_age, user })
    }

    /// The live session of a token: `None` when unknown, ended or expired.
    pub async fn session(&self, token: &str) -> AppResult<Option<ActiveSession>> {
        if token.is_empty() || token.len() > 128 {
            return Ok(None);
        }
        let hash = token_hash(token);
        let Some(s) = self.store.session(&hash).await? else { return Ok(None) };
        let now = now_secs();
        let kind = if s.kind == "bearer" { SessionKind::Bearer } else { SessionKind::Cookie };
        let idle_ok = kind == SessionKind::Bearer || now - s.last_seen <= COOKIE_IDLE_SECS;
        if now >= s.expires_at || !idle_ok || !s.user.active {
            self.store.delete_session(&hash, now).await?;
            return Ok(None);
        }
        if now - s.last_seen >= 60 {
            self.store.touch_session(&hash, now).await?;
        }
        Ok(Some(ActiveSession { user: s.user, csrf: s.csrf, kind }))
    }

    /// Ends a session.
    pub async fn sign_out(&self, token: &str, actor: &Actor) -> AppResult<()> {
        self.store.delete_session(&token_hash(token), now_secs()).await?;
        if actor.user.is_some() {
            self.store.audit(&actor.audit("sign_out")).await?;
        }
        Ok(())
    }

    /// Creates the demo accounts — one per role — with fresh random
    /// passwords, placing the departments in demo regions. Returns
    /// (name, role, department or region, password) for printing once.
    pub async fn create_demo_users(&self) -> AppResult<Vec<(String, Role, String, String)>> {
        let store = &self.store;
        let province = "示范省";
        store.ensure_region(province, None, "province").await?;
        let cities = ["示范省东湖市", "示范省西岭市"];
        for c in cities {
            store.ensure_region(c, Some(province), "city").await?;
        }
        let mut departments = store.departments().await?;
        departments.sort_by(|a, b| a.name.cmp(&b.name));
        let cli = Actor::cli();
        for (k, d) in departments.iter().enumerate() {
            if d.region_id.is_none() {
                let mut audit = cli.audit("department_region");
                audit.subject = Some(d.name.clone());
                store.set_department_region(&d.name, Some(cities[k % cities.len()]), &audit).await?;
            }
        }
        // The editor's department: the one with the most published tables.
        let docs = store.list_documents().await?;
        let mut best: Option<(usize, String)> = None;
        for d in &departments {
            let n = docs.iter().filter(|x| x.department == d.name).count();
            if best.as_ref().is_none_or(|(m, _)| n > *m) {
                best = Some((n, d.name.clone()));
            }
        }
        let department = best.map(|(_, n)| n).unwrap_or_else(|| "示范单位".to_string());
        let mut out = Vec::new();
        for (name, role) in
            [("admin", Role::Admin), ("editor", Role::Editor), ("approver", Role::Approver), ("reviewer", Role::Reviewer)]
        {
            if store.user_by_name(name).await?.is_some() {
                continue;
            }
            let password = random_hex(6);
            let (dep, region) = match role {
                Role::Editor | Role::Approver => (Some(department.clone()), None),
                Role::Reviewer => (None, Some(province.to_string())),
                Role::Admin => (None, None),
            };
            let scope = dep.clone().or(region.clone()).unwrap_or_else(|| "全部".into());
            let spec = UserSpec { name: name.into(), role, department: dep, region, password: password.clone() };
            self.add_user(&cli, &spec).await?;
            out.push((name.to_string(), role, scope, password));
        }
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_hash_and_verify() {
        let h = hash_password("正确的密码123").unwrap();
        assert!(h.starts_with("$argon2id$"));
        assert!(verify_password("正确的密码123", &h));
        assert!(!verify_password("错误的密码123", &h));
        assert!(!verify_password("x", "not a hash"));
        assert_ne!(token_hash("a"), token_hash("b"));
    }
}
