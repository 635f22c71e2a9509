//! Connecting to the served db binary and greeting it.

use dibs_proto::{DibsDbClient, Hello, HelloReply, PROTOCOL_VERSION};

use crate::spawn::Served;

#[derive(Debug, thiserror::Error)]
pub enum RpcError {
    #[error("could not connect to the db binary on 127.0.0.1:{port}: {reason}")]
    Connect { port: u16, reason: String },
    #[error("the db binary refused the session: {0}")]
    Refused(String),
    #[error("the db binary stopped answering ({0}); it may have crashed, see its output above")]
    Call(String),
    #[error(transparent)]
    Remote(#[from] dibs_proto::RpcError),
}

/// A connection to the db binary. `hello` is in flight from the start; calls may go out
/// alongside it (the binary holds them until the greeting is checked), which saves a round
/// trip, and [`Session::check`] reports a refused greeting over the refusal of the call.
pub struct Session {
    pub client: DibsDbClient,
    hello: tokio::sync::Mutex<Option<tokio::task::JoinHandle<Result<HelloReply, RpcError>>>>,
}

impl Session {
    /// The call's outcome, unless the greeting failed: then why it failed.
    pub async fn check<T>(
        &self,
        result: Result<T, vox::VoxError<dibs_proto::RpcError>>,
    ) -> Result<T, RpcError> {
        self.peer().await?;
        outcome(result)
    }

    /// What the db binary said about itself.
    pub async fn peer(&self) -> Result<HelloReply, RpcError> {
        let mut slot = self.hello.lock().await;
        match slot.take() {
            Some(task) => {
                let reply = task.await.map_err(|e| RpcError::Call(e.to_string()))??;
                Ok(reply)
            }
            None => Err(RpcError::Call("hello already taken".into())),
        }
    }
}

pub async fn connect(served: &Served) -> Result<Session, RpcError> {
    let failed = |reason: String| RpcError::Connect {
        port: served.port,
        reason,
    };
    let stream = tokio::net::TcpStream::connect(("127.0.0.1", served.port))
        .await
        .map_err(|e| failed(e.to_string()))?;
    // Without it every streamed event waits for Nagle's delayed ACK (~40 ms).
    stream
        .set_nodelay(true)
        .map_err(|e| failed(e.to_string()))?;
    let client = vox::initiator_on(
        vox_stream::StreamLink::tcp(stream),
        vox::TransportMode::Bare,
    )
    .establish::<DibsDbClient>()
    .await
    .map_err(|e| failed(e.to_string()))?;
    let greeter = client.clone();
    let request = Hello {
        protocol_version: PROTOCOL_VERSION,
        dibs_version: env!("CARGO_PKG_VERSION").to_string(),
        token: served.token.clone(),
    };
    let hello = tokio::spawn(async move {
        greeter.hello(request).await.map_err(|e| match e {
            vox::VoxError::User(refused) => RpcError::Refused(refused.message),
            other => RpcError::Call(format!("{other:?}")),
        })
    });
    Ok(Session {
        client,
        hello: tokio::sync::Mutex::new(Some(hello)),
    })
}

/// The outcome of a call: the db binary's own error, or a failure of the call itself.
pub fn outcome<T>(result: Result<T, vox::VoxError<dibs_proto::RpcError>>) -> Result<T, RpcError> {
    result.map_err(|e| match e {
        vox::VoxError::User(remote) => RpcError::Remote(remote),
        other => RpcError::Call(format!("{other:?}")),
    })
}
