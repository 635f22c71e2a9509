//! Work the CLI announced when it spawned this binary, started before the CLI connects.
//!
//! The CLI names the database it will ask about (`PRECONNECT_ENV`) and, when its first
//! call is read-only, the call itself (`PREFETCH_ENV`). Connecting to Postgres and
//! answering are most of a short command's time; started with the process they overlap the
//! CLI connecting and greeting. An early answer is what the call would have returned a
//! few milliseconds earlier, and it is only sent over a greeted session.

use std::future::Future;
use std::sync::Arc;

use dibs_proto::{MigrationStatus, PRECONNECT_ENV, PREFETCH_ENV, Prefetch, RpcError};
use dibs_schema::Plan;
use tokio::sync::Mutex;
use tokio::task::JoinHandle;

use crate::settings::Settings;

/// Work started for one database URL, handed to the first call that asks for that URL.
pub struct Slot<T>(Mutex<Option<(String, JoinHandle<T>)>>);

impl<T: Send + 'static> Slot<T> {
    fn empty() -> Slot<T> {
        Slot(Mutex::new(None))
    }

    fn start(url: &str, work: impl Future<Output = T> + Send + 'static) -> Slot<T> {
        Slot(Mutex::new(Some((url.to_string(), tokio::spawn(work)))))
    }

    /// The outcome of the work, if it was started for `url` and not taken yet.
    pub async fn take(&self, url: &str) -> Option<T> {
        let (started_for, task) = self.0.lock().await.take()?;
        if started_for != url {
            task.abort();
            return None;
        }
        task.await.ok()
    }
}

pub struct Early {
    pub connection: Slot<Result<tokio_postgres::Client, dibs_postgres::DbError>>,
    pub status: Slot<Result<Vec<MigrationStatus>, RpcError>>,
    pub diff: Slot<Result<Plan, RpcError>>,
}

/// Starts what the environment announces: the answer to a read-only call, or else just
/// the connection the first call will want.
pub fn start(settings: &Arc<Settings>) -> Early {
    let mut early = Early {
        connection: Slot::empty(),
        status: Slot::empty(),
        diff: Slot::empty(),
    };
    let Some(url) = std::env::var(PRECONNECT_ENV).ok().filter(|u| !u.is_empty()) else {
        return early;
    };
    let prefetch = std::env::var(PREFETCH_ENV)
        .ok()
        .and_then(|v| Prefetch::from_env_value(&v));
    let task_url = url.clone();
    match prefetch {
        Some(Prefetch::MigrateStatus) => {
            let settings = settings.clone();
            early.status = Slot::start(&url, async move {
                let client = crate::serve::connect(&task_url).await?;
                crate::serve::migration_status(&client, &settings).await
            });
        }
        Some(Prefetch::SchemaDiff) => {
            let settings = settings.clone();
            early.diff = Slot::start(&url, async move {
                crate::serve::schema_diff(&task_url, &settings).await
            });
        }
        None => {
            early.connection =
                Slot::start(&url, async move { dibs_postgres::connect(&task_url).await });
        }
    }
    early
}
