//! Regions, departments, users and sessions.

use crate::write::AuditEntry;
use crate::{opt_str, Result, Store, StoreError};
use serde::Serialize;
use sqlx::any::AnyRow;
use crate::tx::WriteTx;
use sqlx::Row;

/// A region (province, city, district).
#[derive(Debug, Clone, Serialize)]
pub struct Region {
    /// Row id.
    pub id: i64,
    /// Name.
    pub name: String,
    /// The region it lies in.
    pub parent_id: Option<i64>,
    /// `province`, `city` or `district`.
    pub level: String,
}

/// A department and its region.
#[derive(Debug, Clone, Serialize)]
pub struct Department {
    /// Row id.
    pub id: i64,
    /// Name as tables print it.
    pub name: String,
    /// Its region.
    pub region_id: Option<i64>,
}

/// A user account.
#[derive(Debug, Clone, Serialize)]
pub struct User {
    /// Row id.
    pub id: i64,
    /// Sign-in name.
    pub name: String,
    /// `admin`, `editor`, `approver` or `reviewer`.
    pub role: String,
    /// The department (editors and approvers).
    pub department: Option<String>,
    /// The region (reviewers; none: every department).
    pub region: Option<String>,
    /// The region's id.
    pub region_id: Option<i64>,
    /// The argon2 hash of the password.
    #[serde(skip)]
    pub password_hash: String,
    /// False when disabled.
    pub active: bool,
    /// Created at.
    pub created_at: String,
}

/// A new user.
#[derive(Debug, Clone)]
pub struct NewUser {
    /// Sign-in name.
    pub name: String,
    /// Role.
    pub role: String,
    /// Department name (created if missing).
    pub department: Option<String>,
    /// Region name (must exist).
    pub region: Option<String>,
    /// The argon2 hash.
    pub password_hash: String,
}

/// A live session.
#[derive(Debug, Clone)]
pub struct Session {
    /// Its user.
    pub user: User,
    /// The CSRF token of its forms.
    pub csrf: String,
    /// `cookie` or `bearer`.
    pub kind: String,
    /// When it ends (seconds since 1970).
    pub expires_at: i64,
    /// Last use.
    pub last_seen: i64,
}

const USER_SELECT: &str = "SELECT u.id, u.name, u.role, u.password_hash, u.active, u.created_at, u.region_id, \
     d.name AS department, r.name AS region FROM users u \
     LEFT JOIN departments d ON d.id = u.department_id LEFT JOIN regions r ON r.id = u.region_id";

fn user(r: &AnyRow) -> Result<User> {
    Ok(User {
        id: r.try_get("id")?,
        name: r.try_get("name")?,
        role: r.try_get("role")?,
        department: opt_str(r, "department")?,
        region: opt_str(r, "region")?,
        region_id: r.try_get("region_id")?,
        password_hash: r.try_get("password_hash")?,
        active: r.try_get::<i64, _>("active")? != 0,
        created_at: r.try_get("created_at")?,
    })
}

impl Store {
    /// Adds a region under `parent` (by name) unless one of this name exists;
    /// returns its id.
    pub async fn ensure_region(&self, name: &str, parent: Option<&str>, level: &str) -> Result<i64> {
        let parent_id = match parent {
            Some(p) => Some(self.region_id(p).await?.ok_or_else(|| StoreError::Unusable(format!("没有名为「{p}」的地区")))?),
            None => None,
        };
        sqlx::query("INSERT INTO regions (name, parent_id, level) VALUES ($1, $2, $3) ON CONFLICT (name) DO NOTHING")
            .bind(name)
            .bind(parent_id)
            .bind(level)
            .execute(&self.pool)
            .await?;
        self.region_id(name).await?.ok_or_else(|| StoreError::Corrupt(format!("region {name} vanished")))
    }

    async fn region_id(&self, name: &str) -> Result<Option<i64>> {
        Ok(sqlx::query("SELECT id FROM regions WHERE name = $1")
            .bind(name)
            .fetch_optional(&self.pool)
            .await?
            .map(|r| r.try_get("id"))
            .transpose()?)
    }

    /// Every region.
    pub async fn regions(&self) -> Result<Vec<Region>> {
        sqlx::query("SELECT id, name, parent_id, level FROM regions ORDER BY id")
            .fetch_all(&self.pool)
            .await?
            .iter()
            .map(|r| {
                Ok(Region {
                    id: r.try_get("id")?,
                    name: r.try_get("name")?,
                    parent_id: r.try_get("parent_id")?,
                    level: r.try_get("level")?,
                })
            })
            .collect()
    }

    /// Every department.
    pub async fn departments(&self) -> Result<Vec<Department>> {
        sqlx::query("SELECT id, name, region_id FROM departments ORDER BY name")
            .fetch_all(&self.pool)
            .await?
            .iter()
            .map(|r| Ok(Department { id: r.try_get("id")?, name: r.try_get("name")?, region_id: r.try_get("region_id")? }))
            .collect()
    }

    /// One department by name.
    pub async fn department(&self, name: &str) -> Result<Option<Department>> {
        sqlx::query("SELECT id, name, region_id FROM departments WHERE name = $1")
            .bind(name)
            .fetch_optional(&self.pool)
            .await?
            .map(|r| Ok(Department { id: r.try_get("id")?, name: r.try_get("name")?, region_id: r.try_get("region_id")? }))
            .transpose()
    }

    /// Adds the department if missing and places it in `region` (by name).
    pub async fn set_department_region(&self, department: &str, region: Option<&str>, audit: &AuditEntry) -> Result<()> {
        let region_id = match region {
            Some(r) => Some(self.region_id(r).await?.ok_or_else(|| StoreError::Unusable(format!("没有名为「{r}」的地区")))?),
            None => None,
        };
        let mut tx = WriteTx::begin(&self.pool, self.dialect).await?;
        crate::audit::ensure_department(&mut tx, self.dialect, department).await?;
        sqlx::query("UPDATE departments SET region_id = $1 WHERE name = $2")
            .bind(region_id)
            .bind(department)
            .execute(&mut *tx)
            .await?;
        crate::audit::insert_audit(&mut tx, audit).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Adds a user (and its department if new), with its audit record, in
    /// one transaction. A taken name is [`StoreError::Unusable`].
    pub async fn add_user(&self, u: &NewUser, audit: &AuditEntry) -> Result<i64> {
        let region_id = match &u.region {
            Some(r) => Some(self.region_id(r).await?.ok_or_else(|| StoreError::Unusable(format!("没有名为「{r}」的地区")))?),
            None => None,
        };
        let mut tx = WriteTx::begin(&self.pool, self.dialect).await?;
        let taken = sqlx::query("SELECT id FROM users WHERE name = $1").bind(&u.name).fetch_optional(&mut *tx).await?;
        if taken.is_some() {
            return Err(StoreError::Unusable(format!("用户名「{}」已被使用", u.name)));
        }
        let department_id: Option<i64> = match &u.department {
            Some(d) => {
                crate::audit::ensure_department(&mut tx, self.dialect, d).await?;
                Some(sqlx::query("SELECT id FROM departments WHERE name = $1").bind(d).fetch_one(&mut *tx).await?.try_get("id")?)
            }
            None => None,
        };
        let now = crate::audit::rfc3339(crate::audit::now_secs());
        let id: i64 = sqlx::query(
            "INSERT INTO users (name, role, department_id, region_id, password_hash, active, created_at) \
             VALUES ($1, $2, $3, $4, $5, 1, $6) RETURNING id",
        )
        .bind(&u.name)
        .bind(&u.role)
        .bind(department_id)
        .bind(region_id)
        .bind(&u.password_hash)
        .bind(now)
        .fetch_one(&mut *tx)
        .await?
        .try_get("id")?;
        crate::audit::insert_audit(&mut tx, audit).await?;
        tx.commit().await?;
        Ok(id)
    }

    /// Every user, by name.
    pub async fn users(&self) -> Result<Vec<User>> {
        let sql = format!("{USER_SELECT} ORDER BY u.name");
        sqlx::query(sqlx::AssertSqlSafe(sql)).fetch_all(&self.pool).await?.iter().map(user).collect()
    }

    /// One user by sign-in name.
    pub async fn user_by_name(&self, name: &str) -> Result<Option<User>> {
        let sql = format!("{USER_SELECT} WHERE u.name = $1");
        sqlx::query(sqlx::AssertSqlSafe(sql)).bind(name).fetch_optional(&self.pool).await?.as_ref().map(user).transpose()
    }

    /// How many users there are.
    pub async fn user_count(&self) -> Result<i64> {
        Ok(sqlx::query("SELECT COUNT(*) AS n FROM users").fetch_one(&self.pool).await?.try_get("n")?)
    }

    /// Stores a new session.
    #[allow(clippy::too_many_arguments)]
    pub async fn create_session(
        &self,
        token_hash: &str,
        user_id: i64,
        csrf: &str,
        kind: &str,
        now: i64,
        expires_at: i64,
        address: Option<&str>,
    ) -> Result<()> {
        sqlx::query(
            "INSERT INTO sessions (token_hash, user_id, csrf, kind, created_at, last_seen, expires_at, address) \
             VALUES ($1, $2, $3, $4, $5, $5, $6, $7)",
        )
        .bind(token_hash)
        .bind(user_id)
        .bind(csrf)
        .bind(kind)
        .bind(now)
        .bind(expires_at)
        .bind(address)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// The session of a token hash with its user, if it exists.
    pub async fn session(&self, token_hash: &str) -> Result<Option<Session>> {
        let sql = format!(
            "SELECT s.csrf, s.kind, s.expires_at, s.last_seen, x.* FROM sessions s \
             JOIN ({USER_SELECT}) x ON x.id = s.user_id WHERE s.token_hash = $1"
        );
        let Some(r) = sqlx::query(sqlx::AssertSqlSafe(sql)).bind(token_hash).fetch_optional(&self.pool).await? else {
            return Ok(None);
        };
        Ok(Some(Session {
            user: user(&r)?,
            csrf: r.try_get("csrf")?,
            kind: r.try_get("kind")?,
            expires_at: r.try_get("expires_at")?,
            last_seen: r.try_get("last_seen")?,
        }))
    }

    /// Records the use of a session.
    pub async fn touch_session(&self, token_hash: &str, now: i64) -> Result<()> {
        sqlx::query("UPDATE sessions SET last_seen = $1 WHERE token_hash = $2")
            .bind(now)
            .bind(token_hash)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    /// Ends a session (and, while at it, every expired one).
    pub async fn delete_session(&self, token_hash: &str, now: i64) -> Result<()> {
        sqlx::query("DELETE FROM sessions WHERE token_hash = $1 OR expires_at < $2")
            .bind(token_hash)
            .bind(now)
            .execute(&self.pool)
            .await?;
        Ok(())
    }
}
