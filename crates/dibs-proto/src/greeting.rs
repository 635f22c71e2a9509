//! The greeting that opens every connection, before any RPC.
//!
//! The CLI sends a [`Greeting`] (protocol version, its dibs version, the per-spawn token);
//! the db binary answers with a [`GreetingReply`] that accepts or refuses it. Only then do
//! both sides start vox on the same stream, each with a [`session_start`] that stands in
//! for vox's own handshake.
//!
//! Why not vox's handshake: it exchanges both peers' full message schemas (≈7 KB each way,
//! three messages plus a transport prologue) and builds a translation plan from them, 3–7 ms
//! of CPU per spawn on each side — more than `dibs status` itself takes. Both sides run the
//! same vox (pinned to one version, and [`crate::PROTOCOL_VERSION`] is bumped with it), so
//! the identity plan vox uses without schemas is exact. Method arguments still carry their
//! schemas on first use, as vox does.
//!
//! Framing: a 4-byte big-endian length, then JSON. Unknown fields are ignored, so the
//! greeting can grow without breaking an older peer's ability to say what is wrong.

use tokio::io::{AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt};

/// The largest greeting either side reads: a greeting is a few hundred bytes.
const MAX_FRAME: u32 = 64 * 1024;

/// What the CLI says first.
#[derive(Debug, Clone, PartialEq, facet::Facet)]
pub struct Greeting {
    pub protocol_version: u32,
    pub dibs_version: String,
    pub token: String,
}

/// The db binary's answer: its versions and crate, and why it refused, if it did.
#[derive(Debug, Clone, PartialEq, facet::Facet)]
pub struct GreetingReply {
    pub protocol_version: u32,
    pub dibs_version: String,
    /// The db crate's binary name, for messages.
    pub crate_name: String,
    pub refused: Option<String>,
}

#[derive(Debug, thiserror::Error)]
pub enum GreetingError {
    #[error("connection failed during the greeting: {0}")]
    Io(#[from] std::io::Error),
    #[error("the peer sent a greeting of {0} bytes; it is not a dibs peer")]
    TooLong(u32),
    #[error("the peer's greeting is not one dibs understands ({0}); is it a dibs peer?")]
    Malformed(String),
}

/// Writes one greeting frame.
pub async fn write<W, T>(stream: &mut W, message: &T) -> Result<(), GreetingError>
where
    W: AsyncWrite + Unpin,
    T: for<'f> facet::Facet<'f>,
{
    let body = facet_json::to_string(message)
        .map_err(|e| GreetingError::Malformed(e.to_string()))?
        .into_bytes();
    let mut frame = Vec::with_capacity(4 + body.len());
    frame.extend_from_slice(&(body.len() as u32).to_be_bytes());
    frame.extend_from_slice(&body);
    stream.write_all(&frame).await?;
    Ok(())
}

/// Reads one greeting frame, and not a byte more: what follows belongs to vox.
pub async fn read<R, T>(stream: &mut R) -> Result<T, GreetingError>
where
    R: AsyncRead + Unpin,
    T: for<'f> facet::Facet<'f>,
{
    let length = stream.read_u32().await?;
    if length > MAX_FRAME {
        return Err(GreetingError::TooLong(length));
    }
    let mut body = vec![0; length as usize];
    stream.read_exact(&mut body).await?;
    let text = std::str::from_utf8(&body).map_err(|e| GreetingError::Malformed(e.to_string()))?;
    facet_json::from_str(text).map_err(|e| GreetingError::Malformed(e.to_string()))
}

/// What vox's handshake would have settled, for a session on a greeted connection. The
/// CLI initiates (odd request ids), the db binary accepts (even ones).
pub fn session_start(role: vox::SessionRole) -> vox::HandshakeResult {
    let settings = |parity| vox::ConnectionSettings {
        parity,
        max_concurrent_requests: 64,
    };
    let (ours, theirs) = match role {
        vox::SessionRole::Initiator => (vox::Parity::Odd, vox::Parity::Even),
        vox::SessionRole::Acceptor => (vox::Parity::Even, vox::Parity::Odd),
    };
    vox::HandshakeResult {
        role,
        our_settings: settings(ours),
        peer_settings: settings(theirs),
        peer_supports_retry: false,
        session_resume_key: None,
        peer_resume_key: None,
        our_schema: Vec::new(),
        peer_schema: Vec::new(),
        peer_metadata: Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_frame_reads_back_and_leaves_what_follows() {
        let greeting = Greeting {
            protocol_version: 7,
            dibs_version: "1.2.3".into(),
            token: "abc".into(),
        };
        let mut buffer = Vec::new();
        write(&mut buffer, &greeting).await.unwrap();
        buffer.extend_from_slice(b"vox bytes");
        let mut reader = &buffer[..];
        let back: Greeting = read(&mut reader).await.unwrap();
        assert_eq!(back, greeting);
        assert_eq!(reader, b"vox bytes");
    }

    #[tokio::test]
    async fn oversized_or_foreign_frames_are_refused() {
        let mut reader = &b"GET / HTTP/1.1\r\n"[..];
        let err = read::<_, Greeting>(&mut reader).await.unwrap_err();
        assert!(matches!(err, GreetingError::TooLong(_)), "{err}");
        let mut frame = 5u32.to_be_bytes().to_vec();
        frame.extend_from_slice(b"hello");
        let err = read::<_, Greeting>(&mut &frame[..]).await.unwrap_err();
        assert!(matches!(err, GreetingError::Malformed(_)), "{err}");
    }
}
