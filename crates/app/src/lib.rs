//! jixiao-app: the use cases of jixiao, one layer that the web app and the
//! command line both call — importing files, accounts and sessions, creating
//! and editing target tables, the workflow, history and comparison.
//!
//! Every use case takes an [`Actor`] (who asks), checks the permission table
//! of `jixiao_core::access`, and leaves an audit record with each write.
//! Errors are [`AppError`], whose messages are Chinese and whose kind maps
//! to an HTTP status in the web app.
#![warn(missing_docs)]

pub mod accounts;
pub mod documents;
pub mod evaluate;
pub mod export;
pub mod findings;
pub mod live;
pub mod monitor;
pub mod monitor_csv;
pub mod monitor_file;
pub mod pipeline;
pub mod selfeval;

use jixiao_core::access::{Principal, Role};
use jixiao_store::{AuditEntry, Store, StoreError, User};

/// Who asks for something.
#[derive(Debug, Clone)]
pub struct Actor {
    /// The signed-in user, if any.
    pub user: Option<User>,
    /// The command line (trusted: it holds the database itself).
    pub system: bool,
    /// The client's address.
    pub address: Option<String>,
}

impl Actor {
    /// The command line.
    pub fn cli() -> Actor {
        Actor { user: None, system: true, address: None }
    }

    /// The anonymous public, from `address`.
    pub fn anonymous(address: Option<String>) -> Actor {
        Actor { user: None, system: false, address }
    }

    /// A signed-in user.
    pub fn user(user: User, address: Option<String>) -> Actor {
        Actor { user: Some(user), system: false, address }
    }

    /// The role, for the permission table (the command line acts as an admin).
    pub fn principal(&self) -> Principal {
        if self.system {
            return Principal { role: Some(Role::Admin) };
        }
        Principal { role: self.user.as_ref().and_then(|u| Role::parse(&u.role)) }
    }

    /// The role, if signed in.
    pub fn role(&self) -> Option<Role> {
        self.principal().role
    }

    /// The name written into audit records.
    pub fn name(&self) -> String {
        match (&self.user, self.system) {
            (Some(u), _) => u.name.clone(),
            (None, true) => "命令行".into(),
            (None, false) => "匿名".into(),
        }
    }

    /// An audit record of `action` by this actor.
    pub fn audit(&self, action: &str) -> AuditEntry {
        AuditEntry {
            actor_id: self.user.as_ref().map(|u| u.id),
            actor_name: self.name(),
            action: action.to_string(),
            address: self.address.clone(),
            ..Default::default()
        }
    }
}

/// Why a use case failed. Messages are Chinese, for the user.
#[derive(Debug, thiserror::Error)]
pub enum AppError {
    /// Not signed in (401).
    #[error("{0}")]
    SignIn(String),
    /// Signed in but not allowed (403).
    #[error("{0}")]
    Forbidden(String),
    /// No such thing (404).
    #[error("{0}")]
    NotFound(String),
    /// Changed by someone else since it was read (412): nothing written.
    #[error("此表已被他人修改（当前版本 {current}），请刷新后再编辑")]
    Stale {
        /// The revision now stored.
        current: i64,
    },
    /// A write without the revision it is based on (428).
    #[error("缺少 If-Match 版本标识，请先读取当前版本")]
    RevisionRequired,
    /// The request cannot be done as asked (409): wrong state, taken name …
    #[error("{0}")]
    Conflict(String),
    /// Invalid input (422).
    #[error("{0}")]
    Invalid(String),
    /// Too much work in hand: try again after `retry_after` seconds (503).
    #[error("{message}")]
    Busy {
        /// The message.
        message: String,
        /// Seconds until trying again makes sense.
        retry_after: i64,
    },
    /// Too many attempts (429).
    #[error("{message}")]
    TooMany {
        /// The message.
        message: String,
        /// Seconds until trying again makes sense.
        retry_after: i64,
    },
    /// The database failed (500).
    #[error("数据库错误：{0}")]
    Store(#[from] StoreError),
    /// Something else failed inside (500).
    #[error("内部错误：{0}")]
    Internal(String),
}

/// Result of use cases.
pub type AppResult<T> = Result<T, AppError>;

/// The use cases over one store.
#[derive(Clone)]
pub struct App {
    /// The store.
    pub store: Store,
    /// Files being read at once (parsing takes memory in proportion to the file).
    parses: std::sync::Arc<tokio::sync::Semaphore>,
    /// Megabytes of files being read at once.
    parse_mb: std::sync::Arc<tokio::sync::Semaphore>,
}

/// Files read at once by one app (uploads beyond: 503 and `Retry-After`).
pub const MAX_PARALLEL_PARSES: usize = 4;

/// Megabytes of files read at once by one app (each file counts at least
/// one): reading takes up to about ten times a file's size, so this bounds
/// the memory of the uploads being read to some 500 MB.
pub const MAX_PARSE_MB: usize = 48;

impl App {
    /// The use cases over `store`.
    pub fn new(store: Store) -> App {
        App {
            store,
            parses: std::sync::Arc::new(tokio::sync::Semaphore::new(MAX_PARALLEL_PARSES)),
            parse_mb: std::sync::Arc::new(tokio::sync::Semaphore::new(MAX_PARSE_MB)),
        }
    }

    /// This app with another limit of files read at once (0 refuses every upload: for tests).
    pub fn with_parse_limit(mut self, n: usize) -> App {
        self.parses = std::sync::Arc::new(tokio::sync::Semaphore::new(n));
        self
    }

    /// Runs the reading of an uploaded file of `len` bytes off the async
    /// threads, at most [`MAX_PARALLEL_PARSES`] files and [`MAX_PARSE_MB`]
    /// megabytes at once; beyond that the caller is asked to come back.
    async fn limited<T: Send + 'static>(&self, len: usize, work: impl FnOnce() -> T + Send + 'static) -> AppResult<T> {
        let busy = || AppError::Busy { message: "服务器正在读取其他上传的文件，请稍后再上传".to_string(), retry_after: 5 };
        let permit = self.parses.clone().try_acquire_owned().map_err(|_| busy())?;
        let mb = len.div_ceil(1 << 20).clamp(1, MAX_PARSE_MB) as u32;
        let bytes_permit = self.parse_mb.clone().try_acquire_many_owned(mb).map_err(|_| busy())?;
        tokio::task::spawn_blocking(move || {
            let _permits = (permit, bytes_permit);
            work()
        })
        .await
        .map_err(|e| AppError::Internal(format!("reading the upload: {e}")))
    }

    /// An uploaded file read and reviewed, ready to store.
    pub async fn parse_upload(&self, name: &str, bytes: Vec<u8>) -> AppResult<pipeline::Prepared> {
        let name = name.to_string();
        self.limited(bytes.len(), move || pipeline::Prepared::from_bytes(&name, &bytes)).await?.map_err(documents::import_error)
    }

    /// An uploaded filled monitoring table read as a round (see `monitor_file`).
    pub async fn read_round_file(&self, name: &str, bytes: Vec<u8>, month: Option<u8>) -> AppResult<monitor::RoundReport> {
        let name = name.to_string();
        self.limited(bytes.len(), move || monitor_file::read(&name, &bytes, month)).await?
    }

    /// An uploaded file read (for the preview): the document, the reading's warnings and confidence.
    pub async fn read_upload(&self, name: &str, bytes: Vec<u8>) -> AppResult<(jixiao_core::Document, Vec<jixiao_ingest::Warning>, f32)> {
        let name = name.to_string();
        self.limited(bytes.len(), move || pipeline::read_checked(&name, &bytes)).await?.map_err(documents::import_error)
    }
}

/// Random bytes as lowercase hex (tokens, passwords, salts).
pub fn random_hex(bytes: usize) -> String {
    let mut buf = vec![0u8; bytes];
    // The operating system's generator; failing it is not recoverable.
    getrandom::fill(&mut buf).expect("the operating system's random number generator failed");
    buf.iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn uploads_are_read_within_a_budget_of_files_and_megabytes() {
        let dir = std::env::temp_dir().join(format!("jixiao-limit-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let store = Store::open(dir.join("t.db").to_str().unwrap()).await.unwrap();
        let app = App::new(store.clone());
        // A 30 MB file being read holds 30 of the 48 megabytes.
        let (release, wait) = std::sync::mpsc::channel::<()>();
        let (started, running) = tokio::sync::oneshot::channel::<()>();
        let first = {
            let app = app.clone();
            tokio::spawn(async move {
                app.limited(30 << 20, move || {
                    let _ = started.send(());
                    wait.recv().ok();
                    1
                })
                .await
            })
        };
        running.await.unwrap();
        // Another 30 MB file is turned away at once, with a time to come back…
        let e = app.limited(30 << 20, || 2).await.err().expect("over the budget");
        assert!(matches!(e, AppError::Busy { retry_after: 5, .. }), "{e:?}");
        // … while a small one is read, and so is the large one once the first is done.
        assert_eq!(app.limited(1 << 20, || 3).await.unwrap(), 3);
        release.send(()).unwrap();
        assert_eq!(first.await.unwrap().unwrap(), 1);
        assert_eq!(app.limited(30 << 20, || 4).await.unwrap(), 4);
        // Files are counted too: four at once at most.
        let app = app.with_parse_limit(0);
        assert!(matches!(app.limited(10, || 5).await, Err(AppError::Busy { .. })));
        store.close().await;
        let _ = std::fs::remove_dir_all(dir);
    }
}
