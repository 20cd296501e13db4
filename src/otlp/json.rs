//! A tiny append-only JSON writer for the encoder.
//!
//! Hand-written rather than serde-derived because the OTLP JSON shape (ids as hex, 64-bit
//! integers as strings, enums as integers, optional fields omitted) maps poorly onto derive
//! attributes, and because exporting 10,000 spans should not build an intermediate tree.
//! Strings are escaped by `serde_json`, so escaping rules are not re-implemented here.

/// Builds one JSON text. Callers keep commas right by using `sep` between members.
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
        // Serializing a &str into JSON cannot fail; fall back to an empty string if it ever did.
        match serde_json::to_string(value) {
            Ok(quoted) => self.buf.push_str(&quoted),
            Err(_) => self.buf.push_str("\"\""),
        }
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
            // `{:?}` keeps a decimal point or exponent, so the value stays a double on reading.
            self.buf.push_str(&format!("{value:?}"));
        }
    }
}
