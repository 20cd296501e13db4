//! Percent-encoding (RFC 3986 §2.1) as W3C Baggage values and Jaeger's `uberctx-*` values use it.
//!
//! - W3C Baggage §3.3.1.3 (<https://www.w3.org/TR/baggage/#value>): code points outside
//!   `baggage-octet`, and `%` itself, MUST be encoded; decoding replaces byte sequences that are
//!   not UTF-8 with U+FFFD.
//! - Jaeger (<https://www.jaegertracing.io/sdk-migration/#value-encoding>): values are
//!   "URL-encoded"; its own example encodes `/`, as JavaScript's `encodeURIComponent` does, so
//!   that is the set we keep unencoded there.

use std::fmt;

/// A `%` not followed by two hex digits. `column` is 1-based within the text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BadPercent {
    pub column: u32,
}

impl fmt::Display for BadPercent {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "has a '%' at character {} that is not followed by two hex digits (a literal '%' \
             is sent as %25)",
            self.column
        )
    }
}

/// Decodes `%XX` escapes (either case). Invalid UTF-8 in the result becomes U+FFFD, one
/// replacement per maximal invalid sequence, as W3C Baggage requires.
pub fn decode(text: &str) -> Result<String, BadPercent> {
    if !text.contains('%') {
        return Ok(text.to_string());
    }
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hi = bytes.get(i + 1).and_then(|b| char::from(*b).to_digit(16));
            let lo = bytes.get(i + 2).and_then(|b| char::from(*b).to_digit(16));
            let (Some(hi), Some(lo)) = (hi, lo) else {
                let column = text[..i].chars().count() + 1;
                return Err(BadPercent {
                    column: u32::try_from(column).unwrap_or(u32::MAX),
                });
            };
            // Two hex digits are at most 0xff.
            out.push((hi * 16 + lo) as u8);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    Ok(String::from_utf8_lossy(&out).into_owned())
}

/// `baggage-octet = %x21 / %x23-2B / %x2D-3A / %x3C-5B / %x5D-7E`: printable US-ASCII except
/// space, `"`, `,`, `;` and `\`.
pub fn is_baggage_octet(c: char) -> bool {
    matches!(c, '\x21' | '\x23'..='\x2b' | '\x2d'..='\x3a' | '\x3c'..='\x5b' | '\x5d'..='\x7e')
}

/// Encodes a baggage value: every character outside `baggage-octet`, and `%`, as UTF-8 `%XX`.
pub fn encode_baggage_value(value: &str) -> String {
    encode(value, |c| is_baggage_octet(c) && c != '%')
}

/// Encodes a Jaeger baggage value as `encodeURIComponent` does: only A-Z a-z 0-9 and
/// `- _ . ! ~ * ' ( )` stay as they are.
pub fn encode_uri_component(value: &str) -> String {
    encode(value, |c| {
        c.is_ascii_alphanumeric()
            || matches!(c, '-' | '_' | '.' | '!' | '~' | '*' | '\'' | '(' | ')')
    })
}

fn encode(value: &str, keep: impl Fn(char) -> bool) -> String {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    let mut out = String::with_capacity(value.len());
    for c in value.chars() {
        if keep(c) {
            out.push(c);
        } else {
            let mut buf = [0u8; 4];
            for b in c.encode_utf8(&mut buf).bytes() {
                out.push('%');
                out.push(char::from(HEX[usize::from(b >> 4)]));
                out.push(char::from(HEX[usize::from(b & 0xf)]));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decoding_follows_rfc_3986_and_replaces_bad_utf8() {
        assert_eq!(decode("DF%2028").as_deref(), Ok("DF 28"));
        assert_eq!(decode("Am%C3%A9lie").as_deref(), Ok("Amélie"));
        assert_eq!(decode("a%2fb%2Fc").as_deref(), Ok("a/b/c"));
        assert_eq!(decode("aa%ffcc").as_deref(), Ok("aa\u{fffd}cc"));
        assert_eq!(decode("%C3").as_deref(), Ok("\u{fffd}"));
        assert_eq!(decode("val%"), Err(BadPercent { column: 4 }));
        assert_eq!(decode("é%zz"), Err(BadPercent { column: 2 }));
        assert_eq!(decode("plus+stays").as_deref(), Ok("plus+stays"));
    }

    #[test]
    fn encoders_keep_their_sets() {
        assert_eq!(encode_baggage_value("DF 28"), "DF%2028");
        assert_eq!(encode_baggage_value("Amélie"), "Am%C3%A9lie");
        assert_eq!(encode_baggage_value("100%,;\"\\"), "100%25%2C%3B%22%5C");
        assert_eq!(encode_baggage_value("a/b=c"), "a/b=c");
        // Jaeger's own example.
        assert_eq!(
            encode_uri_component("value 1 / blah"),
            "value%201%20%2F%20blah"
        );
        for text in ["", "x", "100%", "Am élie ,;", "😀"] {
            assert_eq!(decode(&encode_baggage_value(text)).as_deref(), Ok(text));
            assert_eq!(decode(&encode_uri_component(text)).as_deref(), Ok(text));
        }
    }
}
