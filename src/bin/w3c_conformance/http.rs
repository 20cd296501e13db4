//! A deliberately small HTTP/1.1 message reader and writer (RFC 9112) for the conformance
//! server and its outgoing calls: one message per connection, `Content-Length` or chunked
//! bodies, hard limits on every size so hostile input costs bounded memory.
//!
//! Spec: <https://www.rfc-editor.org/rfc/rfc9112>.

use std::io::{self, BufRead, Read, Write};
use trace_playground::model::Headers;

/// Request-line or status-line plus header fields.
pub const MAX_HEAD_BYTES: u64 = 64 * 1024;
pub const MAX_HEADER_FIELDS: usize = 128;
pub const MAX_BODY_BYTES: u64 = 1024 * 1024;

/// Why a message could not be read. `Closed` deserves no answer; the others a 4xx.
#[derive(Debug)]
pub enum HttpError {
    /// The peer closed the connection before sending a byte.
    Closed,
    /// Not a well-formed HTTP/1.1 message (400).
    Malformed(String),
    /// Over one of the size limits (413 for bodies, 431 for heads).
    TooLarge(&'static str),
    Io(io::Error),
}

impl std::fmt::Display for HttpError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            HttpError::Closed => f.write_str("connection closed before a message arrived"),
            HttpError::Malformed(why) => write!(f, "malformed HTTP message: {why}"),
            HttpError::TooLarge(what) => write!(f, "{what} exceeds this server's limit"),
            HttpError::Io(e) => write!(f, "I/O error: {e}"),
        }
    }
}

/// The start line (request-line or status-line) and the header fields, in order.
pub struct Head {
    pub start_line: String,
    pub headers: Headers,
}

impl Head {
    /// All values of a field, matching the name case-insensitively (RFC 9110 §5.1).
    pub fn values<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a str> + 'a {
        self.headers
            .iter()
            .filter(move |(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

/// Reads a start line and header section.
pub fn read_head<R: BufRead>(reader: &mut R) -> Result<Head, HttpError> {
    let mut budget = MAX_HEAD_BYTES;
    let mut start_line = read_line(reader, &mut budget)?.ok_or(HttpError::Closed)?;
    // RFC 9112 §2.2: ignore at least one empty line before the request-line.
    if start_line.is_empty() {
        start_line = read_line(reader, &mut budget)?.ok_or(HttpError::Closed)?;
    }
    let mut headers = Headers::new();
    loop {
        let line = read_line(reader, &mut budget)?
            .ok_or_else(|| malformed("connection closed inside the header section"))?;
        if line.is_empty() {
            return Ok(Head {
                start_line,
                headers,
            });
        }
        if line.starts_with([' ', '\t']) {
            return Err(malformed(
                "obsolete line folding is not accepted (RFC 9112 §5.2)",
            ));
        }
        let (name, value) = line
            .split_once(':')
            .ok_or_else(|| malformed("header line without ':'"))?;
        if name.is_empty() || name.contains([' ', '\t']) {
            return Err(malformed("invalid header field name (RFC 9112 §5.1)"));
        }
        if headers.len() == MAX_HEADER_FIELDS {
            return Err(HttpError::TooLarge("number of header fields"));
        }
        headers.push((
            name.to_string(),
            value.trim_matches([' ', '\t']).to_string(),
        ));
    }
}

/// Reads one line ending in LF (CRLF or bare LF), charging its length to `budget`.
/// `Ok(None)` means the stream ended before any byte of the line.
fn read_line<R: BufRead>(reader: &mut R, budget: &mut u64) -> Result<Option<String>, HttpError> {
    let mut line = Vec::new();
    let read = reader
        .by_ref()
        .take(*budget)
        .read_until(b'\n', &mut line)
        .map_err(HttpError::Io)?;
    *budget = budget.saturating_sub(read as u64);
    if line.last() != Some(&b'\n') {
        return match (read, *budget) {
            (0, b) if b > 0 => Ok(None),
            (_, 0) => Err(HttpError::TooLarge("header section")),
            _ => Err(malformed("connection closed in the middle of a line")),
        };
    }
    line.pop();
    if line.last() == Some(&b'\r') {
        line.pop();
    }
    // Field values may carry obs-text bytes; a trace-context value with them is invalid anyway.
    Ok(Some(String::from_utf8_lossy(&line).into_owned()))
}

/// How the end of a body is found when the head gives neither length nor chunking.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum NoLength {
    /// Requests: no body (RFC 9112 §6.3 rule 6).
    Empty,
    /// Responses: the body runs to the end of the connection (RFC 9112 §6.3 rule 8).
    UntilClose,
}

/// Reads the body framed as the head says, at most [`MAX_BODY_BYTES`].
pub fn read_body<R: BufRead>(
    reader: &mut R,
    head: &Head,
    no_length: NoLength,
) -> Result<Vec<u8>, HttpError> {
    let encodings: Vec<&str> = head.values("transfer-encoding").collect();
    let lengths: Vec<&str> = head.values("content-length").collect();
    if !encodings.is_empty() {
        // Both framings at once is the classic request-smuggling shape: refuse it.
        if !lengths.is_empty() {
            return Err(malformed("both Transfer-Encoding and Content-Length"));
        }
        let last = encodings
            .last()
            .and_then(|v| v.rsplit(',').next())
            .unwrap_or("")
            .trim();
        if !last.eq_ignore_ascii_case("chunked") {
            return Err(malformed("only the chunked transfer coding is supported"));
        }
        return read_chunked(reader);
    }
    if let Some(first) = lengths.first() {
        if lengths.iter().any(|v| v != first) {
            return Err(malformed("conflicting Content-Length values"));
        }
        if first.is_empty() || !first.bytes().all(|b| b.is_ascii_digit()) {
            return Err(malformed("Content-Length is not a number"));
        }
        let length: u64 = first.parse().map_err(|_| HttpError::TooLarge("body"))?;
        if length > MAX_BODY_BYTES {
            return Err(HttpError::TooLarge("body"));
        }
        let mut body = Vec::new();
        reader
            .by_ref()
            .take(length)
            .read_to_end(&mut body)
            .map_err(HttpError::Io)?;
        if (body.len() as u64) < length {
            return Err(malformed(
                "connection closed before Content-Length bytes arrived",
            ));
        }
        return Ok(body);
    }
    match no_length {
        NoLength::Empty => Ok(Vec::new()),
        NoLength::UntilClose => {
            let mut body = Vec::new();
            reader
                .by_ref()
                .take(MAX_BODY_BYTES + 1)
                .read_to_end(&mut body)
                .map_err(HttpError::Io)?;
            if body.len() as u64 > MAX_BODY_BYTES {
                return Err(HttpError::TooLarge("body"));
            }
            Ok(body)
        }
    }
}

/// Decodes a chunked body (RFC 9112 §7.1), discarding chunk extensions and trailers.
fn read_chunked<R: BufRead>(reader: &mut R) -> Result<Vec<u8>, HttpError> {
    let mut budget = MAX_HEAD_BYTES;
    let mut body = Vec::new();
    loop {
        let line =
            read_line(reader, &mut budget)?.ok_or_else(|| malformed("chunked body ended early"))?;
        let size_text = line
            .split(';')
            .next()
            .unwrap_or("")
            .trim_matches([' ', '\t']);
        if size_text.is_empty()
            || size_text.len() > 15
            || !size_text.bytes().all(|b| b.is_ascii_hexdigit())
        {
            return Err(malformed("invalid chunk size"));
        }
        let size =
            u64::from_str_radix(size_text, 16).map_err(|_| malformed("invalid chunk size"))?;
        if size == 0 {
            while !read_line(reader, &mut budget)?
                .ok_or_else(|| malformed("missing end of trailers"))?
                .is_empty()
            {}
            return Ok(body);
        }
        if body.len() as u64 + size > MAX_BODY_BYTES {
            return Err(HttpError::TooLarge("body"));
        }
        let start = body.len();
        reader
            .by_ref()
            .take(size)
            .read_to_end(&mut body)
            .map_err(HttpError::Io)?;
        if ((body.len() - start) as u64) < size {
            return Err(malformed("chunk shorter than its size"));
        }
        if !read_line(reader, &mut budget)?.is_some_and(|l| l.is_empty()) {
            return Err(malformed("chunk data not followed by CRLF"));
        }
    }
}

/// Splits `METHOD SP request-target SP HTTP-version` (RFC 9112 §3).
pub fn parse_request_line(line: &str) -> Result<(&str, &str), HttpError> {
    let mut parts = line.split(' ');
    match (parts.next(), parts.next(), parts.next(), parts.next()) {
        (Some(method), Some(target), Some(version), None)
            if !method.is_empty() && !target.is_empty() && version.starts_with("HTTP/1.") =>
        {
            Ok((method, target))
        }
        _ => Err(malformed("request line is not 'METHOD target HTTP/1.x'")),
    }
}

/// The status code of `HTTP/1.x NNN reason` (RFC 9112 §4).
pub fn parse_status_line(line: &str) -> Result<u16, HttpError> {
    let mut parts = line.splitn(3, ' ');
    match (parts.next(), parts.next()) {
        (Some(version), Some(code)) if version.starts_with("HTTP/1.") && code.len() == 3 => code
            .parse()
            .map_err(|_| malformed("status code is not a number")),
        _ => Err(malformed("status line is not 'HTTP/1.x NNN reason'")),
    }
}

/// Writes a complete response and asks the client to close the connection.
pub fn write_response<W: Write>(
    writer: &mut W,
    status: u16,
    extra_headers: &[(&str, &str)],
    content_type: &str,
    body: &[u8],
) -> io::Result<()> {
    let mut head = format!(
        "HTTP/1.1 {status} {}\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\nConnection: close\r\n",
        reason(status),
        body.len()
    );
    for (name, value) in extra_headers {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    head.push_str("\r\n");
    writer.write_all(head.as_bytes())?;
    writer.write_all(body)?;
    writer.flush()
}

/// Writes a complete request with a `Content-Length` body.
pub fn write_request<W: Write>(
    writer: &mut W,
    method: &str,
    target: &str,
    host: &str,
    headers: &Headers,
    body: &[u8],
) -> io::Result<()> {
    let mut head = format!("{method} {target} HTTP/1.1\r\nHost: {host}\r\n");
    for (name, value) in headers {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    head.push_str(&format!(
        "Content-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    ));
    writer.write_all(head.as_bytes())?;
    writer.write_all(body)?;
    writer.flush()
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        400 => "Bad Request",
        404 => "Not Found",
        405 => "Method Not Allowed",
        413 => "Content Too Large",
        431 => "Request Header Fields Too Large",
        503 => "Service Unavailable",
        _ => "Unknown",
    }
}

fn malformed(why: &str) -> HttpError {
    HttpError::Malformed(why.to_string())
}
