//! Command line and start-up of the W3C trace-context conformance server; see `server` for the
//! behaviour and `docs/w3c-conformance.md` for running the official suite against it.

mod client;
mod http;
mod server;

use std::collections::hash_map::RandomState;
use std::hash::{BuildHasher, Hasher};
use std::io::Write;
use std::net::TcpListener;
use std::time::{SystemTime, UNIX_EPOCH};

const USAGE: &str = "\
usage: w3c-conformance [--listen ADDR] [--seed N]

Serves POST /test for the W3C trace-context test suite (test/test.py in w3c/trace-context).

  --listen ADDR   address to bind (default 127.0.0.1:5000; port 0 picks a free port)
  --seed N        seed the id generator, for reproducible ids (default: random)
  -h, --help      show this help

On start it prints 'w3c-conformance listening on http://ADDR/test' on stdout.";

#[derive(Debug, PartialEq)]
struct Options {
    listen: String,
    seed: Option<u64>,
    help: bool,
}

impl Options {
    fn parse(args: &[String]) -> Result<Options, String> {
        let mut options = Options {
            listen: "127.0.0.1:5000".to_string(),
            seed: None,
            help: false,
        };
        let mut args = args.iter();
        while let Some(arg) = args.next() {
            let (flag, inline) = match arg.split_once('=') {
                Some((flag, value)) if flag.starts_with("--") => (flag, Some(value.to_string())),
                _ => (arg.as_str(), None),
            };
            let mut value = |name: &str| {
                inline
                    .clone()
                    .or_else(|| args.next().cloned())
                    .ok_or(format!("{name} needs a value"))
            };
            match flag {
                "--listen" => options.listen = value("--listen")?,
                "--seed" => {
                    let text = value("--seed")?;
                    options.seed = Some(
                        text.parse()
                            .map_err(|_| format!("--seed {text:?} is not a u64"))?,
                    );
                }
                "-h" | "--help" => options.help = true,
                other => return Err(format!("unknown argument {other:?}")),
            }
        }
        Ok(options)
    }
}

/// Runs the server; returns the process exit code.
pub fn run(args: &[String]) -> i32 {
    let options = match Options::parse(args) {
        Ok(options) => options,
        Err(message) => {
            eprintln!("{message}\n\n{USAGE}");
            return 2;
        }
    };
    if options.help {
        println!("{USAGE}");
        return 0;
    }
    let listener = match TcpListener::bind(&options.listen) {
        Ok(listener) => listener,
        Err(e) => {
            eprintln!("cannot listen on {}: {e}", options.listen);
            return 1;
        }
    };
    let address = match listener.local_addr() {
        Ok(address) => address,
        Err(e) => {
            eprintln!("cannot read the bound address: {e}");
            return 1;
        }
    };
    // Tests and scripts wait for this exact line to learn the port.
    println!("w3c-conformance listening on http://{address}/test");
    let _ = std::io::stdout().flush();
    server::serve(listener, options.seed.unwrap_or_else(entropy_seed));
    1
}

/// A seed nobody can predict, from std alone: `RandomState` keys come from the OS.
fn entropy_seed() -> u64 {
    let mut hasher = RandomState::new().build_hasher();
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_nanos())
        .unwrap_or(0);
    hasher.write_u128(nanos);
    hasher.write_u32(std::process::id());
    hasher.finish()
}

#[cfg(test)]
mod tests {
    use super::client::parse_http_url;
    use super::server::{parse_actions, Action};
    use super::Options;
    use serde_json::json;

    fn args(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn options_accept_both_spellings_and_reject_junk() {
        let parsed = Options::parse(&args(&["--listen", "127.0.0.1:0", "--seed=7"]));
        assert_eq!(
            parsed,
            Ok(Options {
                listen: "127.0.0.1:0".into(),
                seed: Some(7),
                help: false
            })
        );
        assert!(Options::parse(&args(&["--listen"])).is_err());
        assert!(Options::parse(&args(&["--seed", "x"])).is_err());
        assert!(Options::parse(&args(&["--bogus"])).is_err());
    }

    /// Address to connect to, `Host` header and request target.
    type UrlParts = (&'static str, &'static str, &'static str);

    #[rustfmt::skip]
    const URLS: &[(&str, Option<UrlParts>, &str)] = &[
        ("http://127.0.0.1:7777/abc.0", Some(("127.0.0.1:7777", "127.0.0.1:7777", "/abc.0")), "host, port and path"),
        ("http://localhost/x?y=1#frag", Some(("localhost:80", "localhost", "/x?y=1")), "default port, fragment dropped"),
        ("http://[::1]:8080", Some(("[::1]:8080", "[::1]:8080", "/")), "IPv6 literal, empty path"),
        ("http://[::1]?q", Some(("[::1]:80", "[::1]", "/?q")), "IPv6 without port, query only"),
        ("https://example.test/", None, "TLS is not supported"),
        ("http://", None, "no authority"),
        ("http://user@host/", None, "userinfo is refused"),
    ];

    #[test]
    fn urls_parse_as_http_only() {
        for (url, expected, why) in URLS {
            let got = parse_http_url(url)
                .ok()
                .map(|u| (u.address, u.host, u.target));
            let expected = expected.map(|(a, h, t)| (a.to_string(), h.to_string(), t.to_string()));
            assert_eq!(got, expected, "{why}: {url}");
        }
    }

    #[test]
    fn actions_are_validated_before_any_call() {
        let ok = parse_actions(
            br#"[{"url":"http://a/1","arguments":[{"url":"http://b"}]},{"url":"http://c"}]"#,
        );
        assert_eq!(
            ok,
            Ok(vec![
                Action {
                    url: "http://a/1".into(),
                    arguments: json!([{"url": "http://b"}])
                },
                Action {
                    url: "http://c".into(),
                    arguments: json!([])
                },
            ])
        );
        for bad in [
            &b""[..],
            b"{}",
            b"[1]",
            b"[{\"url\":3}]",
            b"not json",
            b"[{\"arguments\":[]}]",
        ] {
            assert!(
                parse_actions(bad).is_err(),
                "{}",
                String::from_utf8_lossy(bad)
            );
        }
        let too_many = format!("[{}]", vec![r#"{"url":"http://a"}"#; 101].join(","));
        assert!(parse_actions(too_many.as_bytes()).is_err());
    }
}
