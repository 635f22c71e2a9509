//! TLS for connections: libpq's `sslmode` values, with rustls.
//!
//! tokio-postgres understands only `disable`, `prefer` and `require`; `verify-ca` and
//! `verify-full` (and `sslrootcert`) are taken out of the URL here and turned into a
//! certificate verifier. As in libpq, `prefer` and `require` encrypt without checking the
//! certificate; `verify-ca` checks the chain; `verify-full` checks the chain and the host.

use std::sync::Arc;

use rustls::client::WebPkiServerVerifier;
use rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
use rustls::pki_types::{CertificateDer, ServerName, UnixTime};
use rustls::{ClientConfig, DigitallySignedStruct, RootCertStore, SignatureScheme};

use crate::error::DbError;

/// libpq's sslmode values that change what we do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SslMode {
    Disable,
    Prefer,
    Require,
    VerifyCa,
    VerifyFull,
}

/// The TLS part of a connection string.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TlsSettings {
    pub mode: SslMode,
    pub root_cert: Option<String>,
}

/// Splits `sslmode` and `sslrootcert` out of a connection string: a URL's query string
/// or libpq's `key=value` form. Returns the string tokio-postgres should parse (with an
/// `sslmode` it understands) and the settings.
pub fn split(url: &str, shown: &str) -> Result<(String, TlsSettings), DbError> {
    if !url.contains("://") {
        return split_key_value(url, shown);
    }
    let (base, query) = match url.split_once('?') {
        Some((base, query)) => (base, query),
        None => (url, ""),
    };
    let mut settings = TlsSettings {
        mode: SslMode::Prefer,
        root_cert: None,
    };
    let mut kept = Vec::new();
    for pair in query.split('&').filter(|p| !p.is_empty()) {
        match pair.split_once('=') {
            Some(("sslmode", value)) => settings.mode = ssl_mode(value, shown)?,
            Some(("sslrootcert", value)) => settings.root_cert = Some(percent_decode(value)),
            _ => kept.push(pair.to_string()),
        }
    }
    kept.push(format!("sslmode={}", tokio_mode(settings.mode)));
    Ok((format!("{base}?{}", kept.join("&")), settings))
}

/// The `key=value` form (`host=db port=5432 dbname=app password='a b'`).
fn split_key_value(text: &str, shown: &str) -> Result<(String, TlsSettings), DbError> {
    let mut settings = TlsSettings {
        mode: SslMode::Prefer,
        root_cert: None,
    };
    let mut kept = Vec::new();
    for (key, value) in key_values(text).ok_or_else(|| DbError::InvalidUrl {
        url: shown.to_string(),
        reason: "a key=value connection string needs `key=value` pairs, with values that \
                 hold spaces in single quotes"
            .to_string(),
    })? {
        match key.as_str() {
            "sslmode" => settings.mode = ssl_mode(&value, shown)?,
            "sslrootcert" => settings.root_cert = Some(value),
            _ => kept.push(format!(
                "{key}='{}'",
                value.replace('\\', "\\\\").replace('\'', "\\'")
            )),
        }
    }
    kept.push(format!("sslmode={}", tokio_mode(settings.mode)));
    Ok((kept.join(" "), settings))
}

/// `key = value` pairs as libpq reads them: spaces around `=` allowed, values in single
/// quotes with `\'` and `\\` escapes. `None` when the text does not have that shape.
fn key_values(text: &str) -> Option<Vec<(String, String)>> {
    let mut out = Vec::new();
    let mut chars = text.chars().peekable();
    loop {
        while chars.peek().is_some_and(|c| c.is_whitespace()) {
            chars.next();
        }
        if chars.peek().is_none() {
            return Some(out);
        }
        let mut key = String::new();
        while let Some(&c) = chars.peek() {
            if c == '=' || c.is_whitespace() {
                break;
            }
            key.push(c);
            chars.next();
        }
        while chars.peek().is_some_and(|c| c.is_whitespace()) {
            chars.next();
        }
        if key.is_empty() || chars.next() != Some('=') {
            return None;
        }
        while chars.peek().is_some_and(|c| c.is_whitespace()) {
            chars.next();
        }
        let mut value = String::new();
        if chars.peek() == Some(&'\'') {
            chars.next();
            loop {
                match chars.next()? {
                    '\\' => value.push(chars.next()?),
                    '\'' => break,
                    c => value.push(c),
                }
            }
        } else {
            while let Some(&c) = chars.peek() {
                if c.is_whitespace() {
                    break;
                }
                value.push(c);
                chars.next();
            }
        }
        out.push((key, value));
    }
}

fn ssl_mode(value: &str, shown: &str) -> Result<SslMode, DbError> {
    Ok(match value {
        "disable" => SslMode::Disable,
        "allow" | "prefer" => SslMode::Prefer,
        "require" => SslMode::Require,
        "verify-ca" => SslMode::VerifyCa,
        "verify-full" => SslMode::VerifyFull,
        other => {
            return Err(DbError::InvalidUrl {
                url: shown.to_string(),
                reason: format!(
                    "sslmode={other} is not one of disable, allow, prefer, require, verify-ca, verify-full"
                ),
            });
        }
    })
}

/// The mode tokio-postgres negotiates; verification is ours (`client_config`).
fn tokio_mode(mode: SslMode) -> &'static str {
    match mode {
        SslMode::Disable => "disable",
        SslMode::Prefer => "prefer",
        SslMode::Require | SslMode::VerifyCa | SslMode::VerifyFull => "require",
    }
}

fn percent_decode(value: &str) -> String {
    let bytes = value.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && i + 2 < bytes.len()
            && let Ok(byte) = u8::from_str_radix(&value[i + 1..i + 3], 16)
        {
            out.push(byte);
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn provider() -> Arc<rustls::crypto::CryptoProvider> {
    Arc::new(rustls::crypto::ring::default_provider())
}

fn roots(settings: &TlsSettings, shown: &str) -> Result<RootCertStore, DbError> {
    let mut store = RootCertStore::empty();
    match &settings.root_cert {
        Some(path) => {
            let pem = std::fs::read(path).map_err(|e| DbError::Connect {
                url: shown.to_string(),
                reason: format!("cannot read sslrootcert {path}: {e}"),
            })?;
            let certs = rustls::pki_types::pem::PemObject::pem_slice_iter(&pem)
                .collect::<Result<Vec<CertificateDer<'static>>, _>>()
                .map_err(|e| DbError::Connect {
                    url: shown.to_string(),
                    reason: format!("sslrootcert {path} is not a PEM certificate file: {e}"),
                })?;
            for cert in certs {
                store.add(cert).map_err(|e| DbError::Connect {
                    url: shown.to_string(),
                    reason: format!("sslrootcert {path}: {e}"),
                })?;
            }
        }
        None => store.extend(webpki_roots::TLS_SERVER_ROOTS.iter().cloned()),
    }
    Ok(store)
}

/// The rustls configuration for `settings`, or `None` for sslmode=disable.
pub fn client_config(settings: &TlsSettings, shown: &str) -> Result<Option<ClientConfig>, DbError> {
    let builder = ClientConfig::builder_with_provider(provider())
        .with_safe_default_protocol_versions()
        .map_err(|e| DbError::Connect {
            url: shown.to_string(),
            reason: format!("TLS setup: {e}"),
        })?;
    let verifier: Arc<dyn ServerCertVerifier> = match settings.mode {
        SslMode::Disable => return Ok(None),
        SslMode::Prefer | SslMode::Require => Arc::new(EncryptOnly),
        SslMode::VerifyCa | SslMode::VerifyFull => {
            let webpki = WebPkiServerVerifier::builder_with_provider(
                Arc::new(roots(settings, shown)?),
                provider(),
            )
            .build()
            .map_err(|e| DbError::Connect {
                url: shown.to_string(),
                reason: format!("TLS setup: {e}"),
            })?;
            Arc::new(Verify {
                webpki,
                check_host: settings.mode == SslMode::VerifyFull,
            })
        }
    };
    Ok(Some(
        builder
            .dangerous()
            .with_custom_certificate_verifier(verifier)
            .with_no_client_auth(),
    ))
}

/// prefer / require: encrypted, certificate not checked (libpq's behaviour).
#[derive(Debug)]
struct EncryptOnly;

impl ServerCertVerifier for EncryptOnly {
    fn verify_server_cert(
        &self,
        _end_entity: &CertificateDer<'_>,
        _intermediates: &[CertificateDer<'_>],
        _server_name: &ServerName<'_>,
        _ocsp: &[u8],
        _now: UnixTime,
    ) -> Result<ServerCertVerified, rustls::Error> {
        Ok(ServerCertVerified::assertion())
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls12_signature(
            message,
            cert,
            dss,
            &provider().signature_verification_algorithms,
        )
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls13_signature(
            message,
            cert,
            dss,
            &provider().signature_verification_algorithms,
        )
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        provider()
            .signature_verification_algorithms
            .supported_schemes()
    }
}

/// verify-ca / verify-full: the chain must lead to a trusted root; the host name must
/// match only for verify-full.
#[derive(Debug)]
struct Verify {
    webpki: Arc<WebPkiServerVerifier>,
    check_host: bool,
}

impl ServerCertVerifier for Verify {
    fn verify_server_cert(
        &self,
        end_entity: &CertificateDer<'_>,
        intermediates: &[CertificateDer<'_>],
        server_name: &ServerName<'_>,
        ocsp: &[u8],
        now: UnixTime,
    ) -> Result<ServerCertVerified, rustls::Error> {
        match self
            .webpki
            .verify_server_cert(end_entity, intermediates, server_name, ocsp, now)
        {
            Err(rustls::Error::InvalidCertificate(rustls::CertificateError::NotValidForName))
            | Err(rustls::Error::InvalidCertificate(
                rustls::CertificateError::NotValidForNameContext { .. },
            )) if !self.check_host => Ok(ServerCertVerified::assertion()),
            other => other,
        }
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        self.webpki.verify_tls12_signature(message, cert, dss)
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        self.webpki.verify_tls13_signature(message, cert, dss)
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.webpki.supported_verify_schemes()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn verify_modes_are_taken_out_of_the_url() {
        let (url, s) = split(
            "postgres://h/db?sslmode=verify-full&sslrootcert=%2Ftmp%2Fca.pem&application_name=x",
            "u",
        )
        .unwrap();
        assert_eq!(url, "postgres://h/db?application_name=x&sslmode=require");
        assert_eq!(s.mode, SslMode::VerifyFull);
        assert_eq!(s.root_cert.as_deref(), Some("/tmp/ca.pem"));
        let (url, s) = split("postgres://h/db", "u").unwrap();
        assert_eq!(url, "postgres://h/db?sslmode=prefer");
        assert_eq!(s.mode, SslMode::Prefer);
        assert!(split("postgres://h/db?sslmode=bogus", "u").is_err());
    }

    #[test]
    fn key_value_strings_keep_their_pairs() {
        let (text, s) = split(
            "host=db port = 5433 password='a b\\'c' sslmode=verify-ca sslrootcert=/ca.pem",
            "u",
        )
        .unwrap();
        assert_eq!(
            text,
            "host='db' port='5433' password='a b\\'c' sslmode=require"
        );
        assert_eq!(s.mode, SslMode::VerifyCa);
        assert_eq!(s.root_cert.as_deref(), Some("/ca.pem"));
        assert!(split("host=db password='open", "u").is_err());
        assert!(split("just words", "u").is_err());
    }
}
