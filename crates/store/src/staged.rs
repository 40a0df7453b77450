//! Uploads kept between their preview and their saving: the file is sent once
//! and saved from here by its token, only by the user who sent it. Entries
//! older than [`STAGED_SECS`] are removed whenever a new one is kept.

use crate::{Result, Store};
use sqlx::Row;

/// How long a previewed upload waits to be saved.
pub const STAGED_SECS: i64 = 24 * 3600;

impl Store {
    /// Keeps `content` under `token` for `user_id`; drops entries past their time.
    pub async fn stage_upload(&self, token: &str, user_id: i64, name: &str, content: &[u8], now: i64) -> Result<()> {
        let mut tx = self.begin_write().await?;
        sqlx::query("DELETE FROM staged_uploads WHERE created_at < $1").bind(now - STAGED_SECS).execute(&mut *tx).await?;
        sqlx::query("INSERT INTO staged_uploads (token, user_id, name, content, created_at) VALUES ($1, $2, $3, $4, $5)")
            .bind(token)
            .bind(user_id)
            .bind(name)
            .bind(content)
            .bind(now)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(())
    }

    /// The name and content kept under `token` for `user_id`, if still there.
    pub async fn staged_upload(&self, token: &str, user_id: i64, now: i64) -> Result<Option<(String, Vec<u8>)>> {
        let row = sqlx::query("SELECT name, content FROM staged_uploads WHERE token = $1 AND user_id = $2 AND created_at >= $3")
            .bind(token)
            .bind(user_id)
            .bind(now - STAGED_SECS)
            .fetch_optional(self.pool())
            .await?;
        row.map(|r| Ok((r.try_get("name")?, r.try_get("content")?))).transpose()
    }

    /// Forgets the upload kept under `token` (saved, or given up).
    pub async fn drop_staged_upload(&self, token: &str) -> Result<()> {
        let mut tx = self.begin_write().await?;
        sqlx::query("DELETE FROM staged_uploads WHERE token = $1").bind(token).execute(&mut *tx).await?;
        tx.commit().await?;
        Ok(())
    }
}
