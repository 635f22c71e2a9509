//! Connecting to the served db binary: the greeting, then a vox session.

use dibs_proto::greeting::{self, Greeting, GreetingReply};
use dibs_proto::{DibsDbClient, PROTOCOL_VERSION};

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
}

pub async fn connect(served: &Served) -> Result<Session, RpcError> {
    let failed = |reason: String| RpcError::Connect {
        port: served.port,
        reason,
    };
    let mut stream = tokio::net::TcpStream::connect(("127.0.0.1", served.port))
        .await
        .map_err(|e| failed(e.to_string()))?;
    // Without it every streamed event waits for Nagle's delayed ACK (~40 ms).
    stream
        .set_nodelay(true)
        .map_err(|e| failed(e.to_string()))?;
    let hello = Greeting {
        protocol_version: PROTOCOL_VERSION,
        dibs_version: env!("CARGO_PKG_VERSION").to_string(),
        token: served.token.clone(),
    };
    greeting::write(&mut stream, &hello)
        .await
        .map_err(|e| failed(e.to_string()))?;
    let peer: GreetingReply = greeting::read(&mut stream)
        .await
        .map_err(|e| failed(e.to_string()))?;
    if let Some(reason) = peer.refused {
        return Err(RpcError::Refused(reason));
    }
    let conduit = vox::BareConduit::new(vox_stream::StreamLink::tcp(stream));
    let client = vox::initiator_conduit(
        conduit,
        greeting::session_start(vox::SessionRole::Initiator),
    )
    .establish::<DibsDbClient>()
    .await
    .map_err(|e| failed(e.to_string()))?;
    Ok(Session { client })
}

/// The outcome of a call: the db binary's own error, or a failure of the call itself.
pub fn outcome<T>(result: Result<T, vox::VoxError<dibs_proto::RpcError>>) -> Result<T, RpcError> {
    result.map_err(|e| match e {
        vox::VoxError::User(remote) => RpcError::Remote(remote),
        other => RpcError::Call(format!("{other:?}")),
    })
}
