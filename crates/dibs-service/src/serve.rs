//! `serve`: the db binary answering the dibs CLI over loopback RPC.
//!
//! One connection per process: the CLI spawns the binary, reads the port from its first
//! stdout line, connects, and the binary exits when that connection closes (so a killed
//! CLI leaves no orphan). A connection is served only after its greeting presented the
//! per-spawn token and a matching protocol version (`dibs_proto::greeting`).

use std::sync::Arc;
use std::time::Duration;

use dibs_proto::greeting::{self, Greeting, GreetingReply};
use dibs_proto::{
    BaselineReply, DibsDb, DibsDbDispatcher, ErrorKind, Event, LISTENING_PREFIX, MigrationStatus,
    PROTOCOL_VERSION, RpcError, RunReply, RunRequest, TOKEN_ENV,
};
use dibs_schema::{Plan, Schema};
use tokio::net::{TcpListener, TcpStream};

use crate::error::ServiceError;
use crate::settings::Settings;

/// How long to wait for the CLI to connect and greet before giving up.
const ACCEPT_TIMEOUT: Duration = Duration::from_secs(60);
/// How long one connection may take to send its greeting.
const GREETING_TIMEOUT: Duration = Duration::from_secs(10);

pub async fn serve(settings: Settings) -> Result<u8, ServiceError> {
    let token = std::env::var(TOKEN_ENV).map_err(|_| ServiceError::NoToken)?;
    let settings = Arc::new(settings);
    // First: the Postgres connection is the longest step of a first call.
    let early = Arc::new(crate::early::start(&settings));
    let listener = TcpListener::bind(("127.0.0.1", 0))
        .await
        .map_err(|e| ServiceError::Rpc(e.to_string()))?;
    let port = listener
        .local_addr()
        .map_err(|e| ServiceError::Rpc(e.to_string()))?
        .port();
    println!("{LISTENING_PREFIX}{port}");
    use std::io::Write;
    let _ = std::io::stdout().flush();
    let stream = tokio::time::timeout(ACCEPT_TIMEOUT, greeted(&listener, &token))
        .await
        .map_err(|_| ServiceError::Rpc("the dibs CLI never connected".into()))??;
    drop(listener);
    let service = Service { settings, early };
    let conduit = vox::BareConduit::new(vox_stream::StreamLink::tcp(stream));
    let session =
        vox::acceptor_conduit(conduit, greeting::session_start(vox::SessionRole::Acceptor))
            .on_connection(DibsDbDispatcher::new(service))
            .establish::<vox::NoopClient>()
            .await
            .map_err(|e| ServiceError::Rpc(e.to_string()))?;
    session.caller.closed().await;
    Ok(0)
}

/// Accepts connections until one greets with this spawn's token and protocol. Others are
/// answered with the reason and closed, so another local process cannot take the CLI's
/// place or end the binary before its CLI connects.
async fn greeted(listener: &TcpListener, token: &str) -> Result<TcpStream, ServiceError> {
    loop {
        let (mut stream, _) = listener
            .accept()
            .await
            .map_err(|e| ServiceError::Rpc(e.to_string()))?;
        // Nagle would hold back every streamed event for a delayed ACK (~40 ms).
        stream
            .set_nodelay(true)
            .map_err(|e| ServiceError::Rpc(e.to_string()))?;
        let refused =
            match tokio::time::timeout(GREETING_TIMEOUT, greeting::read(&mut stream)).await {
                Ok(Ok(greeting)) => refusal(&greeting, token),
                Ok(Err(err)) => Some(err.to_string()),
                Err(_) => Some("no greeting within 10 s".to_string()),
            };
        let reply = GreetingReply {
            protocol_version: PROTOCOL_VERSION,
            dibs_version: env!("CARGO_PKG_VERSION").to_string(),
            crate_name: std::env::current_exe()
                .ok()
                .and_then(|p| p.file_name().map(|n| n.to_string_lossy().into_owned()))
                .unwrap_or_default(),
            refused,
        };
        let answered = greeting::write(&mut stream, &reply).await.is_ok();
        if answered && reply.refused.is_none() {
            return Ok(stream);
        }
    }
}

/// Why a greeting is refused, if it is.
fn refusal(greeting: &Greeting, token: &str) -> Option<String> {
    if greeting.token != token {
        return Some("wrong token: this db binary was started by another dibs process".into());
    }
    (greeting.protocol_version != PROTOCOL_VERSION).then(|| {
        format!(
            "protocol mismatch: the dibs CLI {} speaks protocol {}, this db binary (dibs {}) \
             speaks {}; use the same dibs version in the CLI and the db crate",
            greeting.dibs_version,
            greeting.protocol_version,
            env!("CARGO_PKG_VERSION"),
            PROTOCOL_VERSION
        )
    })
}

#[derive(Clone)]
struct Service {
    settings: Arc<Settings>,
    /// Work started at startup for what the CLI announced (`early.rs`).
    early: Arc<crate::early::Early>,
}

fn rpc_error(kind: ErrorKind, err: &dyn std::error::Error) -> RpcError {
    let mut message = err.to_string();
    let mut source = err.source();
    while let Some(cause) = source {
        message.push_str(&format!("\n  caused by: {cause}"));
        source = cause.source();
    }
    RpcError { kind, message }
}

fn service_error(err: ServiceError) -> RpcError {
    let kind = match &err {
        ServiceError::Declarations(_) | ServiceError::NoTables => ErrorKind::Declarations,
        ServiceError::Runner(_)
        | ServiceError::BaselineDiffers { .. }
        | ServiceError::BaselineScratch { .. } => ErrorKind::Migrations,
        ServiceError::Plan(_) => ErrorKind::Plan,
        _ => ErrorKind::Database,
    };
    rpc_error(kind, &err)
}

impl Service {
    /// A connection to `url`: the one opened at startup if it was for this URL.
    async fn client(&self, url: &str) -> Result<tokio_postgres::Client, RpcError> {
        if let Some(Ok(client)) = self.early.connection.take(url).await {
            return Ok(client);
        }
        connect(url).await
    }
}

pub(crate) async fn connect(url: &str) -> Result<tokio_postgres::Client, RpcError> {
    dibs_postgres::connect(url)
        .await
        .map_err(|e| service_error(e.into()))
}

pub(crate) async fn schema_diff(url: &str, settings: &Settings) -> Result<Plan, RpcError> {
    crate::commands::diff::plan_against(url, settings)
        .await
        .map_err(service_error)
}

pub(crate) async fn migration_status(
    client: &tokio_postgres::Client,
    settings: &Settings,
) -> Result<Vec<MigrationStatus>, RpcError> {
    let migrations = dibs_runner::registered().map_err(|e| service_error(e.into()))?;
    let states = dibs_runner::status(client, &migrations, &settings.history)
        .await
        .map_err(|e| service_error(e.into()))?;
    Ok(states
        .into_iter()
        .map(|(id, state)| MigrationStatus::new(id, &state))
        .collect())
}

impl DibsDb for Service {
    async fn schema_collect(&self) -> Result<Schema, RpcError> {
        let mut declared = dibs::collect_schema()
            .map_err(|errors| service_error(ServiceError::Declarations(errors)))?;
        declared.manages_privileges = self.settings.privileges;
        Ok(declared)
    }

    async fn schema_diff(&self, database_url: String) -> Result<Plan, RpcError> {
        match self.early.diff.take(&database_url).await {
            Some(answer) => answer,
            None => schema_diff(&database_url, &self.settings).await,
        }
    }

    async fn migrate_status(&self, database_url: String) -> Result<Vec<MigrationStatus>, RpcError> {
        if let Some(answer) = self.early.status.take(&database_url).await {
            return answer;
        }
        migration_status(&self.client(&database_url).await?, &self.settings).await
    }

    async fn migrate_repair(
        &self,
        database_url: String,
        migration: String,
    ) -> Result<(), RpcError> {
        let migrations = dibs_runner::registered().map_err(|e| service_error(e.into()))?;
        let client = connect(&database_url).await?;
        dibs_runner::repair(&client, &migrations, &self.settings.history, &migration)
            .await
            .map_err(|e| service_error(e.into()))
    }

    async fn migrate_baseline(
        &self,
        database_url: String,
        migration: Option<String>,
        force: bool,
    ) -> Result<BaselineReply, RpcError> {
        // Lock waits are the only events a baseline emits; the CLI shows the outcome.
        let reporter = Box::new(dibs_runner::CollectingReporter::default());
        crate::commands::baseline::baseline(
            &database_url,
            migration,
            force,
            &self.settings,
            reporter,
        )
        .await
        .map_err(service_error)
    }

    async fn migrate_run(
        &self,
        request: RunRequest,
        events: vox::Tx<Event>,
    ) -> Result<RunReply, RpcError> {
        let migrations = dibs_runner::registered().map_err(|e| service_error(e.into()))?;
        let client = Arc::new(self.client(&request.database_url).await?);
        let options = crate::args::run_options(&request, &self.settings.history);
        // The runner reports synchronously; a task forwards each event as it comes.
        let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel::<Event>();
        let forward = tokio::spawn(async move {
            while let Some(event) = rx.recv().await {
                if events.send(event).await.is_err() {
                    break;
                }
            }
        });
        let result = dibs_runner::run(client, &migrations, &options, Box::new(tx)).await;
        let _ = forward.await;
        let summary = result.map_err(|e| service_error(e.into()))?;
        Ok(RunReply {
            applied: summary.applied,
        })
    }
}
