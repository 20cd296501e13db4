//! Plays the role of the official W3C trace-context suite's harness (w3c/trace-context `test/`):
//! starts the real `w3c-conformance` binary on an ephemeral port, listens for its callbacks on
//! another ephemeral loopback port, and sends it raw HTTP requests. std only.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::process::{Child, ChildStdout, Command, Stdio};
use std::sync::mpsc::{self, Receiver};
use std::thread;
use std::time::Duration;

/// Generous: only reached when something is already broken.
const WAIT: Duration = Duration::from_secs(20);

/// The binary under test, killed when dropped.
pub struct Service {
    child: Child,
    /// Kept open so the server's stdout never hits a closed pipe.
    _stdout: BufReader<ChildStdout>,
    pub address: String,
}

impl Service {
    pub fn start() -> Service {
        let mut child = Command::new(env!("CARGO_BIN_EXE_w3c-conformance"))
            .args(["--listen", "127.0.0.1:0", "--seed", "1"])
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("start w3c-conformance");
        let mut stdout = BufReader::new(child.stdout.take().expect("piped stdout"));
        let mut banner = String::new();
        stdout.read_line(&mut banner).expect("read the banner");
        let address = banner
            .trim()
            .strip_prefix("w3c-conformance listening on http://")
            .and_then(|rest| rest.strip_suffix("/test"))
            .unwrap_or_else(|| panic!("unexpected banner {banner:?}"))
            .to_string();
        Service {
            child,
            _stdout: stdout,
            address,
        }
    }

    /// `POST /test` with the given trace headers and JSON body; returns status and JSON answer.
    pub fn post_test(&self, headers: &[(&str, &str)], body: &str) -> (u16, serde_json::Value) {
        let mut request =
            String::from("POST /test HTTP/1.1\r\nHost: test\r\nContent-Type: application/json\r\n");
        for (name, value) in headers {
            request.push_str(&format!("{name}: {value}\r\n"));
        }
        request.push_str(&format!("Content-Length: {}\r\n\r\n{body}", body.len()));
        let (status, text) = self.send_raw(request.as_bytes());
        (
            status,
            serde_json::from_str(&text).unwrap_or(serde_json::Value::Null),
        )
    }

    /// Writes raw bytes and reads the whole answer; status 0 when none came.
    pub fn send_raw(&self, bytes: &[u8]) -> (u16, String) {
        let mut stream = TcpStream::connect(&self.address).expect("connect to the service");
        stream.set_read_timeout(Some(WAIT)).expect("timeout");
        // The server may answer and close before reading everything; that is not an error here.
        let _ = stream.write_all(bytes);
        let _ = stream.shutdown(std::net::Shutdown::Write);
        let mut answer = Vec::new();
        let _ = stream.read_to_end(&mut answer);
        let answer = String::from_utf8_lossy(&answer).into_owned();
        let status = answer
            .split(' ')
            .nth(1)
            .and_then(|code| code.parse().ok())
            .unwrap_or(0);
        let body = answer
            .split_once("\r\n\r\n")
            .map(|(_, body)| body.to_string())
            .unwrap_or_default();
        (status, body)
    }
}

impl Drop for Service {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// One request the service made to the harness.
#[derive(Debug)]
pub struct Callback {
    pub path: String,
    pub headers: Vec<(String, String)>,
    pub body: String,
}

impl Callback {
    pub fn values(&self, name: &str) -> Vec<&str> {
        self.headers
            .iter()
            .filter(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
            .collect()
    }

    /// The single `traceparent`, checked against the version-00 shape independently of the crate:
    /// returns (trace-id, parent-id, flags).
    pub fn traceparent(&self) -> (String, String, String) {
        let values = self.values("traceparent");
        assert_eq!(
            values.len(),
            1,
            "exactly one traceparent: {:?}",
            self.headers
        );
        let value = values[0];
        let hex = |s: &str| {
            s.bytes()
                .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
        };
        let parts: Vec<&str> = value.split('-').collect();
        let shape = parts.iter().map(|p| p.len()).collect::<Vec<_>>() == [2, 32, 16, 2];
        assert!(
            shape && parts.iter().all(|p| hex(p)) && parts[0] == "00",
            "version-00 traceparent: {value:?}"
        );
        assert!(
            parts[1] != "0".repeat(32) && parts[2] != "0".repeat(16),
            "no all-zero id: {value}"
        );
        (
            parts[1].to_string(),
            parts[2].to_string(),
            parts[3].to_string(),
        )
    }

    pub fn tracestate(&self) -> Option<String> {
        let values = self.values("tracestate");
        (!values.is_empty()).then(|| values.join(","))
    }
}

/// Receives the service's callbacks and answers each with 200 `null`, like the suite's harness.
pub struct Harness {
    pub address: SocketAddr,
    received: Receiver<Callback>,
}

impl Harness {
    pub fn start() -> Harness {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind the harness");
        let address = listener.local_addr().expect("harness address");
        let (sender, received) = mpsc::channel();
        thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let Some(callback) = answer(stream) else {
                    continue;
                };
                if sender.send(callback).is_err() {
                    break;
                }
            }
        });
        Harness { address, received }
    }

    pub fn url(&self, name: &str) -> String {
        format!("http://{}/cb/{name}", self.address)
    }

    pub fn next(&self) -> Callback {
        self.received
            .recv_timeout(WAIT)
            .expect("the service should have called back")
    }
}

fn answer(stream: TcpStream) -> Option<Callback> {
    stream.set_read_timeout(Some(WAIT)).ok()?;
    let mut reader = BufReader::new(stream.try_clone().ok()?);
    let mut line = String::new();
    reader.read_line(&mut line).ok()?;
    let path = line.split(' ').nth(1)?.to_string();
    let mut headers = Vec::new();
    loop {
        line.clear();
        reader.read_line(&mut line).ok()?;
        let text = line.trim_end_matches(['\r', '\n']);
        if text.is_empty() {
            break;
        }
        let (name, value) = text.split_once(':')?;
        headers.push((name.to_string(), value.trim().to_string()));
    }
    let length = headers
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case("content-length"))
        .and_then(|(_, v)| v.parse::<usize>().ok())
        .unwrap_or(0);
    let mut body = vec![0; length];
    reader.read_exact(&mut body).ok()?;
    let mut writer = stream;
    let _ = writer.write_all(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 4\r\nConnection: close\r\n\r\nnull");
    Some(Callback {
        path,
        headers,
        body: String::from_utf8_lossy(&body).into_owned(),
    })
}
