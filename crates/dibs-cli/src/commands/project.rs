//! The project the CLI works on: its dibs.toml, its database URL, and a session with its
//! db binary.

use dibs_proto::Prefetch;
use dibs_testdb::DevDatabase;

use crate::config::{self, Config};
use crate::rpc::{self, Session};
use crate::spawn::{self, Served};

pub struct Project {
    pub config: Config,
    served: tokio::sync::Mutex<Option<Served>>,
}

impl Project {
    pub async fn open() -> Result<Project, config::ConfigError> {
        let cwd = std::env::current_dir().unwrap_or_else(|_| ".".into());
        Ok(Project {
            config: config::find(&cwd)?,
            served: tokio::sync::Mutex::new(None),
        })
    }

    /// Flag, else DATABASE_URL (environment, then .env), else dibs.toml, else the
    /// development database (started if needed).
    pub async fn database_url(
        &self,
        flag: Option<&str>,
    ) -> Result<String, Box<dyn std::error::Error>> {
        if let Some(url) = flag {
            return Ok(url.to_string());
        }
        if let Ok(url) = std::env::var("DATABASE_URL")
            && !url.is_empty()
        {
            return Ok(url);
        }
        if let Some(url) = dibs_service::from_dotenv(&self.config.root.join(".env"))? {
            return Ok(url);
        }
        if let Some(url) = &self.config.database_url {
            return Ok(url.clone());
        }
        let dev = DevDatabase::for_project(&self.config.root);
        Ok(dev.start().await?)
    }

    /// Spawns the db binary and opens a session. The binary is told the database it will
    /// be asked about, so it can connect while the session is set up, and `first` names a
    /// read-only call the command makes first, so it can start answering it.
    pub async fn session(
        &self,
        database_url: Option<&str>,
        first: Option<Prefetch>,
    ) -> Result<Session, Box<dyn std::error::Error>> {
        let exe = spawn::executable(&self.config).await?;
        // `serve` spawns on its first poll, then waits for the port: the check runs then.
        let (served, ()) = tokio::join!(biased; spawn::serve(&exe, database_url, first), async {
            spawn::warn_if_stale(&self.config)
        });
        let served = served?;
        let session = rpc::connect(&served).await?;
        *self.served.lock().await = Some(served);
        Ok(session)
    }
}
