//! Telling a connection through a pooler (PgBouncer, pgcat, Odyssey, RDS Proxy, Supavisor)
//! from a direct one.
//!
//! A pooler answers the startup itself and hands the client its own cancel key, whose
//! process id is not the backend's: a direct connection's key names `pg_backend_pid()`.
//! A TCP proxy (a load balancer, a port forward) passes the key on, and keeps one backend
//! per client, so it counts as direct — correctly, since sessions survive it.
//!
//! tokio-postgres keeps the key private; its public `cancel_query_raw` writes it to any
//! stream, so we hand it one end of an in-memory pipe and read the key from the other.
//! Nothing is sent to the server.

use std::pin::Pin;
use std::task::{Context, Poll};

use tokio::io::{AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt, DuplexStream, ReadBuf};
use tokio_postgres::Client;
use tokio_postgres::tls::{ChannelBinding, TlsConnect, TlsStream};

use crate::error::DbError;

/// The first message of an SSL negotiation: length 8, code 80877103.
const SSL_REQUEST: [u8; 8] = [0, 0, 0, 8, 4, 210, 22, 47];

/// What the two process ids say.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Pooled {
    /// The process id in the cancel key the client was given.
    pub key_pid: i32,
    /// The backend that ran this check.
    pub backend_pid: i32,
}

/// `Some` when `client` talks to Postgres through a pooler.
pub async fn detect(client: &Client) -> Result<Option<Pooled>, DbError> {
    let backend_pid: i32 = client
        .simple_query("SELECT pg_catalog.pg_backend_pid()")
        .await
        .map_err(|e| DbError::query("reading the backend pid", e))?
        .iter()
        .find_map(|m| match m {
            tokio_postgres::SimpleQueryMessage::Row(row) => row.get(0)?.parse().ok(),
            _ => None,
        })
        .unwrap_or_default();
    let Some(key_pid) = cancel_key_pid(client).await else {
        return Ok(None);
    };
    Ok((key_pid != backend_pid).then_some(Pooled {
        key_pid,
        backend_pid,
    }))
}

/// The process id of the client's cancel key, read from the cancel request tokio-postgres
/// writes into a pipe (answering its SSL request, if any, with "yes" and a pass-through).
async fn cancel_key_pid(client: &Client) -> Option<i32> {
    let token = client.cancel_token();
    let (ours, mut theirs) = tokio::io::duplex(256);
    let write = token.cancel_query_raw(ours, PassThrough);
    let read = async move {
        let mut first = [0u8; 8];
        theirs.read_exact(&mut first).await.ok()?;
        if first == SSL_REQUEST {
            theirs.write_all(b"S").await.ok()?;
            theirs.read_exact(&mut first).await.ok()?;
        }
        // CancelRequest: length 16, code 80877102, process id, secret key.
        let mut pid = [0u8; 4];
        theirs.read_exact(&mut pid).await.ok()?;
        (first[..4] == [0, 0, 0, 16]).then(|| i32::from_be_bytes(pid))
    };
    let (written, pid) = tokio::join!(write, read);
    written.ok()?;
    pid
}

/// A "TLS" layer that is the plain pipe: the cancel request never leaves the process.
struct PassThrough;

struct Plain(DuplexStream);

impl TlsConnect<DuplexStream> for PassThrough {
    type Stream = Plain;
    type Error = std::io::Error;
    type Future = std::future::Ready<Result<Plain, std::io::Error>>;

    fn connect(self, stream: DuplexStream) -> Self::Future {
        std::future::ready(Ok(Plain(stream)))
    }
}

impl TlsStream for Plain {
    fn channel_binding(&self) -> ChannelBinding {
        ChannelBinding::none()
    }
}

impl AsyncRead for Plain {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<std::io::Result<()>> {
        Pin::new(&mut self.0).poll_read(cx, buf)
    }
}

impl AsyncWrite for Plain {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<std::io::Result<usize>> {
        Pin::new(&mut self.0).poll_write(cx, buf)
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        Pin::new(&mut self.0).poll_flush(cx)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        Pin::new(&mut self.0).poll_shutdown(cx)
    }
}
