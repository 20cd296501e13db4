//! A tiny append-only JSON writer for the encoder.
//!
//! Hand-written because the OTLP JSON shape (ids as hex, 64-bit integers as strings, enums as
//! integers, optional fields omitted) maps poorly onto derive attributes, and because exporting
//! 10,000 spans should not build an intermediate tree.

/// Appends `value` as a JSON string literal (RFC 8259 §7): quotes, backslashes and control
/// characters escaped, everything else (including non-ASCII) written as is.
pub(crate) fn escape_into(out: &mut String, value: &str) {
    out.push('"');
    let mut run_start = 0;
    for (i, b) in value.bytes().enumerate() {
        let escaped = match b {
            b'"' => "\\\"",
            b'\\' => "\\\\",
            b'\n' => "\\n",
            b'\r' => "\\r",
            b'\t' => "\\t",
            0..=0x1f => "",
            _ => continue,
        };
        out.push_str(value.get(run_start..i).unwrap_or_default());
        if escaped.is_empty() {
            const HEX: &[u8; 16] = b"0123456789abcdef";
            out.push_str("\\u00");
            // b <= 0x1f here, so both indexes are below 16.
            out.push(char::from(HEX[usize::from(b >> 4)]));
            out.push(char::from(HEX[usize::from(b & 0xf)]));
        } else {
            out.push_str(escaped);
        }
        run_start = i + 1;
    }
    out.push_str(value.get(run_start..).unwrap_or_default());
    out.push('"');
}

/// Builds one JSON text; callers write the commas between members.
#[derive(Default)]
pub(crate) struct JsonOut {
    pub(crate) buf: String,
}

impl JsonOut {
    pub(crate) fn with_capacity(bytes: usize) -> Self {
        JsonOut {
            buf: String::with_capacity(bytes),
        }
    }

    pub(crate) fn raw(&mut self, text: &str) {
        self.buf.push_str(text);
    }

    /// Writes `"key":` (keys are ASCII constants; they never need escaping).
    pub(crate) fn key(&mut self, key: &str) {
        self.buf.push('"');
        self.buf.push_str(key);
        self.buf.push_str("\":");
    }

    /// Writes a JSON string literal with escaping.
    pub(crate) fn string(&mut self, value: &str) {
        escape_into(&mut self.buf, value);
    }

    /// `"key":"value"`.
    pub(crate) fn field_str(&mut self, key: &str, value: &str) {
        self.key(key);
        self.string(value);
    }

    /// `"key":"123"`: OTLP JSON writes 64-bit integers as decimal strings (proto3 JSON mapping).
    pub(crate) fn field_u64_string(&mut self, key: &str, value: u64) {
        self.key(key);
        self.buf.push('"');
        self.buf.push_str(&value.to_string());
        self.buf.push('"');
    }

    /// `"key":123` for small integers (enums, counts that are 32-bit in the proto).
    pub(crate) fn field_int(&mut self, key: &str, value: i64) {
        self.key(key);
        self.buf.push_str(&value.to_string());
    }

    /// A double as proto3 JSON writes it: a number, or "NaN" / "Infinity" / "-Infinity".
    pub(crate) fn double(&mut self, value: f64) {
        if value.is_nan() {
            self.buf.push_str("\"NaN\"");
        } else if value.is_infinite() {
            self.buf.push_str(if value > 0.0 {
                "\"Infinity\""
            } else {
                "\"-Infinity\""
            });
        } else {
            // A point keeps it a double on reading ("2.0", not "2").
            let text = crate::lean::shortest(value);
            self.buf.push_str(&text);
            if !text.contains('.') {
                self.buf.push_str(".0");
            }
        }
    }
}
