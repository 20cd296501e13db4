//! The learner's settings, checked before anything is sent: the OTLP endpoint and the
//! `Headers` field.
//!
//! Headers use the `key=value` list of `OTEL_EXPORTER_OTLP_HEADERS`
//! (<https://opentelemetry.io/docs/specs/otel/protocol/exporter/#specifying-headers-via-environment-variables>):
//! pairs separated by commas (newlines also accepted here), values percent-decoded.
//! The Fetch standard's forbidden request headers (<https://fetch.spec.whatwg.org/#forbidden-request-header>)
//! are refused up front, since the browser would silently drop them.

/// Where spans go and whether the browser will treat it as cross-origin (needs CORS).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Target {
    /// As typed (relative paths are resolved by the browser against the page).
    pub url: String,
    pub same_origin: bool,
    /// The page's origin, e.g. `http://127.0.0.1:8080`, for CORS advice.
    pub page_origin: String,
    /// Whether the learner added headers (they need `allowed_headers` in CORS).
    pub has_custom_headers: bool,
}

/// Checks an endpoint and decides whether it is same-origin for a page at `page_origin`.
pub fn check_endpoint(endpoint: &str, page_origin: &str) -> Result<Target, String> {
    let url = endpoint.trim();
    if url.is_empty() {
        return Err("The OTLP endpoint is empty: use /v1/traces (through this page's server) or a URL such as http://localhost:4318/v1/traces.".into());
    }
    let same_origin = if url.starts_with("//") {
        origin_of(&format!("{}{url}", scheme_of(page_origin))) == origin_of(page_origin)
    } else if url.starts_with('/') {
        true
    } else if url.starts_with("http://") || url.starts_with("https://") {
        origin_of(url) == origin_of(page_origin)
    } else {
        return Err(format!(
            "The OTLP endpoint {url:?} is neither a path (/v1/traces) nor an http(s) URL (http://localhost:4318/v1/traces)."
        ));
    };
    Ok(Target {
        url: url.to_string(),
        same_origin,
        page_origin: page_origin.to_string(),
        has_custom_headers: false,
    })
}

fn scheme_of(url: &str) -> &str {
    url.split_once("//").map_or("http:", |(scheme, _)| scheme)
}

/// `scheme://host:port` with the host lowercased and the default port made explicit, so
/// `http://LOCALHOST/x` and `http://localhost:80` compare equal, as browsers do.
fn origin_of(url: &str) -> Option<String> {
    let (scheme, rest) = url.split_once("://")?;
    let scheme = scheme.to_ascii_lowercase();
    let authority = rest.split(['/', '?', '#']).next().unwrap_or_default();
    let authority = authority
        .rsplit_once('@')
        .map_or(authority, |(_, host)| host);
    let (host, port) = match authority.rsplit_once(':') {
        // An IPv6 literal's last colon is inside the brackets.
        Some((host, port)) if !port.contains(']') => (host, port.to_string()),
        _ => (
            authority,
            if scheme == "https" {
                "443".into()
            } else {
                "80".into()
            },
        ),
    };
    Some(format!("{scheme}://{}:{port}", host.to_ascii_lowercase()))
}

/// Jaeger UI's page for one trace: `<base>/trace/<trace id>`. `None` unless `base` is an
/// http(s) URL, so a half-typed field never makes a link to somewhere odd.
pub fn jaeger_trace_url(base: &str, trace_id: crate::model::TraceId) -> Option<String> {
    let base = base.trim().trim_end_matches('/');
    let host = base
        .strip_prefix("http://")
        .or_else(|| base.strip_prefix("https://"))?;
    if host.is_empty() {
        return None;
    }
    Some(format!("{base}/trace/{trace_id}"))
}

/// Parses the Headers field. Errors name the offending entry.
pub fn parse_headers(text: &str) -> Result<Vec<(String, String)>, String> {
    let mut headers = Vec::new();
    for entry in text
        .split([',', '\n'])
        .map(str::trim)
        .filter(|e| !e.is_empty())
    {
        let Some((key, value)) = entry.split_once('=') else {
            return Err(format!(
                "Header {entry:?} needs the form key=value (e.g. authorization=Bearer%20abc)."
            ));
        };
        let key = key.trim();
        if key.is_empty() || !key.bytes().all(is_token_char) {
            return Err(format!(
                "Header name {key:?} is not a valid HTTP header name."
            ));
        }
        let lower = key.to_ascii_lowercase();
        if lower == "content-type" {
            return Err("Content-Type is always application/json for OTLP/HTTP JSON; remove it from Headers.".into());
        }
        if is_forbidden(&lower) {
            return Err(format!(
                "Browsers do not let a page set the {key} header; remove it from Headers."
            ));
        }
        let value = percent_decode(value.trim()).ok_or_else(|| {
            format!("Header {key}: the value has a bad %-escape (use %20 for a space).")
        })?;
        headers.push((key.to_string(), value));
    }
    Ok(headers)
}

/// RFC 9110 `tchar`.
fn is_token_char(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b)
}

fn is_forbidden(lower: &str) -> bool {
    const FORBIDDEN: &[&str] = &[
        "accept-charset",
        "accept-encoding",
        "access-control-request-headers",
        "access-control-request-method",
        "connection",
        "content-length",
        "cookie",
        "cookie2",
        "date",
        "dnt",
        "expect",
        "host",
        "keep-alive",
        "origin",
        "referer",
        "set-cookie",
        "te",
        "trailer",
        "transfer-encoding",
        "upgrade",
        "via",
    ];
    FORBIDDEN.contains(&lower) || lower.starts_with("proxy-") || lower.starts_with("sec-")
}

fn percent_decode(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        if b == b'%' {
            let hex = text.get(i + 1..i + 3)?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(b);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    const PAGE: &str = "http://127.0.0.1:8080";

    /// Parsed pairs, or a fragment of the error message.
    type Expected = Result<&'static [(&'static str, &'static str)], &'static str>;

    #[rustfmt::skip]
    const ENDPOINTS: &[(&str, Option<bool>, &str)] = &[
        ("/v1/traces",                          Some(true),  "the default: through the page's own server"),
        ("  /v1/traces ",                       Some(true),  "spaces trimmed"),
        ("http://127.0.0.1:8080/v1/traces",     Some(true),  "the page's own origin spelled out"),
        ("http://localhost:4318/v1/traces",     Some(false), "Jaeger directly: cross-origin"),
        ("http://127.0.0.1:4318/v1/traces",     Some(false), "same host, other port is another origin"),
        ("http://localhost:8080/v1/traces",     Some(false), "localhost and 127.0.0.1 are different origins"),
        ("https://127.0.0.1:8080/v1/traces",    Some(false), "scheme matters"),
        ("//127.0.0.1:8080/v1/traces",          Some(true),  "scheme-relative"),
        ("",                                    None,        "empty"),
        ("localhost:4318/v1/traces",            None,        "no scheme: the browser would read it as a path"),
        ("ftp://x/v1/traces",                   None,        "not http"),
    ];

    #[test]
    fn endpoints_are_checked_and_origins_compared_like_a_browser() {
        for (endpoint, expected, why) in ENDPOINTS {
            let got = check_endpoint(endpoint, PAGE).map(|t| t.same_origin).ok();
            assert_eq!(got, *expected, "{endpoint:?}: {why}");
        }
        assert_eq!(
            origin_of("http://LOCALHOST/x"),
            origin_of("http://localhost:80/y")
        );
        assert_eq!(
            origin_of("https://[::1]/x"),
            Some("https://[::1]:443".into())
        );
    }

    #[test]
    fn jaeger_links_point_at_the_trace_page() {
        let id = crate::model::TraceId(0xabc);
        let want = "http://localhost:16686/trace/00000000000000000000000000000abc";
        assert_eq!(
            jaeger_trace_url("http://localhost:16686", id).as_deref(),
            Some(want)
        );
        assert_eq!(
            jaeger_trace_url(" http://localhost:16686/ ", id).as_deref(),
            Some(want),
            "trailing slash"
        );
        assert_eq!(
            jaeger_trace_url("https://jaeger.example/base", id).as_deref(),
            Some("https://jaeger.example/base/trace/00000000000000000000000000000abc")
        );
        assert_eq!(jaeger_trace_url("localhost:16686", id), None, "no scheme");
        assert_eq!(jaeger_trace_url("http://", id), None, "no host");
    }

    #[rustfmt::skip]
    const HEADERS: &[(&str, Expected, &str)] = &[
        ("",                                   Ok(&[]),                                   "empty field"),
        ("authorization=Bearer%20abc",         Ok(&[("authorization", "Bearer abc")]),    "percent-decoded value"),
        ("a=1, b=2",                           Ok(&[("a", "1"), ("b", "2")]),             "comma-separated"),
        ("a=1\nb=x=y",                         Ok(&[("a", "1"), ("b", "x=y")]),           "newline-separated; '=' in value"),
        ("novalue",                            Err("needs the form key=value"),           "no '='"),
        ("bad name=1",                         Err("not a valid HTTP header name"),       "space in name"),
        ("Content-Type=text/plain",            Err("always application/json"),            "must stay exact"),
        ("Cookie=a",                           Err("Browsers do not let a page set"),     "forbidden header"),
        ("Sec-Fetch-Mode=x",                   Err("Browsers do not let a page set"),     "forbidden prefix"),
        ("a=%zz",                              Err("bad %-escape"),                       "broken escape"),
    ];

    #[test]
    fn headers_field_parses_key_value_pairs() {
        for (text, expected, why) in HEADERS {
            match (parse_headers(text), expected) {
                (Ok(got), Ok(want)) => {
                    let want: Vec<(String, String)> = want
                        .iter()
                        .map(|(k, v)| (k.to_string(), v.to_string()))
                        .collect();
                    assert_eq!(got, want, "{text:?}: {why}");
                }
                (Err(got), Err(want)) => {
                    assert!(got.contains(want), "{text:?}: {why}: got {got:?}")
                }
                (got, _) => panic!("{text:?}: {why}: unexpected {got:?}"),
            }
        }
    }
}
