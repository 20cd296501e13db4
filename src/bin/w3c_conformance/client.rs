//! The outgoing half: `POST` a JSON body to an `http://` URL with trace-context headers.

use super::http::{self, NoLength};
use std::io::BufReader;
use std::net::{TcpStream, ToSocketAddrs};
use std::time::Duration;
use trace_playground::model::Headers;

const CONNECT_TIMEOUT: Duration = Duration::from_secs(5);
const IO_TIMEOUT: Duration = Duration::from_secs(10);

/// The parts of an `http://host[:port]/path` URL a request needs.
#[derive(Debug, PartialEq, Eq)]
pub struct HttpUrl {
    /// `host:port` to connect to (IPv6 literals keep their brackets).
    pub address: String,
    /// The `Host` header value: the authority as written.
    pub host: String,
    /// Path and query; `/` when the URL has none.
    pub target: String,
}

/// Accepts only plain `http://` URLs: the harness runs over plain HTTP, and TLS would need a crate.
pub fn parse_http_url(url: &str) -> Result<HttpUrl, String> {
    let rest = url
        .strip_prefix("http://")
        .ok_or_else(|| format!("only http:// URLs are supported, got {url:?}"))?;
    let rest = rest.split('#').next().unwrap_or("");
    let authority_end = rest.find(['/', '?']).unwrap_or(rest.len());
    let (authority, target) = rest.split_at(authority_end);
    if authority.is_empty() || authority.contains(['@', ' ']) {
        return Err(format!("unsupported authority in {url:?}"));
    }
    let has_port = match authority.rfind(']') {
        Some(bracket) => authority[bracket..].contains(':'),
        None => authority.contains(':'),
    };
    let address = if has_port {
        authority.to_string()
    } else {
        format!("{authority}:80")
    };
    let target = match target {
        "" => "/".to_string(),
        t if t.starts_with('?') => format!("/{t}"),
        t => t.to_string(),
    };
    Ok(HttpUrl {
        address,
        host: authority.to_string(),
        target,
    })
}

/// Sends `POST url` with a JSON body and the given headers; returns the response status.
pub fn post_json(url: &str, body: &[u8], headers: &Headers) -> Result<u16, String> {
    let url = parse_http_url(url)?;
    let addresses: Vec<_> = url
        .address
        .to_socket_addrs()
        .map_err(|e| format!("cannot resolve {}: {e}", url.address))?
        .collect();
    let mut last_error = format!("{} resolved to no address", url.address);
    for address in addresses {
        match TcpStream::connect_timeout(&address, CONNECT_TIMEOUT) {
            Ok(stream) => return exchange(stream, &url, body, headers),
            Err(e) => last_error = format!("cannot connect to {address}: {e}"),
        }
    }
    Err(last_error)
}

fn exchange(
    stream: TcpStream,
    url: &HttpUrl,
    body: &[u8],
    headers: &Headers,
) -> Result<u16, String> {
    let io = |e: std::io::Error| format!("I/O error talking to {}: {e}", url.host);
    stream.set_read_timeout(Some(IO_TIMEOUT)).map_err(io)?;
    stream.set_write_timeout(Some(IO_TIMEOUT)).map_err(io)?;
    let mut all_headers: Headers = vec![
        ("Content-Type".to_string(), "application/json".to_string()),
        ("Accept".to_string(), "application/json".to_string()),
        (
            "User-Agent".to_string(),
            "trace-playground-w3c-conformance".to_string(),
        ),
    ];
    all_headers.extend(headers.iter().cloned());
    let mut writer = stream.try_clone().map_err(io)?;
    http::write_request(
        &mut writer,
        "POST",
        &url.target,
        &url.host,
        &all_headers,
        body,
    )
    .map_err(io)?;
    let mut reader = BufReader::new(stream);
    let head = http::read_head(&mut reader).map_err(|e| e.to_string())?;
    let status = http::parse_status_line(&head.start_line).map_err(|e| e.to_string())?;
    // Read the body so the peer sees a complete exchange; its content does not matter here.
    http::read_body(&mut reader, &head, NoLength::UntilClose).map_err(|e| e.to_string())?;
    Ok(status)
}
