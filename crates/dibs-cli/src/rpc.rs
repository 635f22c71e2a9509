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

/// A greeted connection to the db binary.
pub struct Session {
    pub client: DibsDbClient,
    /// What the db binary said about itself.
    pub peer: HelloReply,
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
    let hello = client
        .hello(Hello {
            protocol_version: PROTOCOL_VERSION,
            dibs_version: env!("CARGO_PKG_VERSION").to_string(),
            token: served.token.clone(),
        })
        .await
        .map_err(|e| match e {
            vox::VoxError::User(refused) => RpcError::Refused(refused.message),
            other => RpcError::Call(format!("{other:?}")),
        })?;
    Ok(Session {
        client,
        peer: hello,
    })
}

/// The outcome of a call: the db binary's own error, or a failure of the call itself.
pub fn outcome<T>(result: Result<T, vox::VoxError<dibs_proto::RpcError>>) -> Result<T, RpcError> {
    result.map_err(|e| match e {
        vox::VoxError::User(remote) => RpcError::Remote(remote),
        other => RpcError::Call(format!("{other:?}")),
    })
}
