//! Base64 (RFC 4648 section 4), the way proto3 JSON writes `bytes` fields: standard alphabet,
//! padded. Readers accept the URL-safe alphabet (section 5) and missing padding too, as the
//! proto3 JSON mapping asks. Small enough that a dependency would cost more than it saves.

const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/// Standard alphabet, padded with `=`.
pub(crate) fn encode(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            chunk.get(1).copied().unwrap_or(0),
            chunk.get(2).copied().unwrap_or(0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(char::from(ALPHABET[(n >> (18 - 6 * i)) as usize & 63]));
            } else {
                out.push('=');
            }
        }
    }
    out
}

fn sextet(c: u8) -> Option<u32> {
    Some(u32::from(match c {
        b'A'..=b'Z' => c - b'A',
        b'a'..=b'z' => c - b'a' + 26,
        b'0'..=b'9' => c - b'0' + 52,
        b'+' | b'-' => 62,
        b'/' | b'_' => 63,
        _ => return None,
    }))
}

/// Decodes standard or URL-safe base64, with or without padding; `None` if malformed.
pub(crate) fn decode(text: &str) -> Option<Vec<u8>> {
    let body = text.trim_end_matches('=');
    if text.len() - body.len() > 2 || (text.len() != body.len() && !text.len().is_multiple_of(4)) {
        return None;
    }
    if body.len() % 4 == 1 {
        return None; // one leftover character cannot hold a whole byte
    }
    let mut out = Vec::with_capacity(body.len() * 3 / 4);
    for chunk in body.as_bytes().chunks(4) {
        let mut n = 0u32;
        for (i, c) in chunk.iter().enumerate() {
            n |= sextet(*c)? << (18 - 6 * i);
        }
        let bytes = n.to_be_bytes();
        out.extend_from_slice(&bytes[1..chunk.len()]);
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// RFC 4648 section 10 test vectors.
    #[rustfmt::skip]
    const RFC_VECTORS: &[(&str, &str)] = &[
        ("", ""), ("f", "Zg=="), ("fo", "Zm8="), ("foo", "Zm9v"),
        ("foob", "Zm9vYg=="), ("fooba", "Zm9vYmE="), ("foobar", "Zm9vYmFy"),
    ];

    #[test]
    fn rfc_4648_test_vectors_encode_and_decode() {
        for (plain, coded) in RFC_VECTORS {
            assert_eq!(encode(plain.as_bytes()), *coded, "encode {plain:?}");
            assert_eq!(
                decode(coded).as_deref(),
                Some(plain.as_bytes()),
                "decode {coded:?}"
            );
        }
    }

    #[rustfmt::skip]
    const DECODE_CASES: &[(&str, Option<&[u8]>, &str)] = &[
        ("Zg",       Some(b"f"),          "RFC 4648 3.2: padding may be left out"),
        ("-_8",      Some(&[0xfb, 0xff]), "RFC 4648 5: URL-safe alphabet"),
        ("+/8=",     Some(&[0xfb, 0xff]), "RFC 4648 4: standard alphabet"),
        ("Zg===",    None,                "at most two padding characters"),
        ("Z",        None,                "a lone character holds no byte"),
        ("Zm9v!",    None,                "characters outside the alphabet"),
        ("Zg=x",     None,                "padding only at the end"),
    ];

    #[test]
    fn decoding_is_lenient_only_where_the_rfc_allows() {
        for (coded, expected, why) in DECODE_CASES {
            assert_eq!(decode(coded).as_deref(), *expected, "{why}");
        }
    }

    #[test]
    fn every_byte_value_round_trips() {
        let all: Vec<u8> = (0..=255).collect();
        for len in 0..all.len() {
            assert_eq!(decode(&encode(&all[..len])).as_deref(), Some(&all[..len]));
        }
    }
}
