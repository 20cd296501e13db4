//! Import errors: the first problem in a file, named by its JSON path (JSONPath's notation,
//! e.g. `$.resourceSpans[0].scopeSpans[1].spans[3].traceId`, RFC 9535) and its line and column.
//!
//! serde reports where inside the piece it was reading a problem is
//! (`serde_path_to_error`); the importer reads a file in pieces (a document, then one span at a
//! time), so each piece is read with the path and byte offset of where it sits in the file.

use serde::de::{Deserializer, MapAccess, SeqAccess, Visitor};
use serde::Deserialize;
use serde_path_to_error::Segment;
use std::fmt;

/// Why a file could not be imported: the first problem, and where in the file it is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ImportError {
    /// The JSON path of the bad value, starting at `$` (the document). In a file of several
    /// JSON documents (JSON Lines) it starts with the document's number.
    pub at: String,
    /// What is wrong, as a sentence a learner can act on.
    pub problem: String,
    /// 1-based line and column (in bytes) in the file, when known.
    pub position: Option<(usize, usize)>,
}

impl ImportError {
    pub(crate) fn new(at: impl Into<String>, problem: impl Into<String>) -> Self {
        ImportError {
            at: at.into(),
            problem: problem.into(),
            position: None,
        }
    }

    pub(crate) fn located(mut self, text: &str, offset: usize) -> Self {
        self.position = Some(position(text, offset));
        self
    }
}

impl fmt::Display for ImportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.at, self.problem)?;
        if let Some((line, column)) = self.position {
            write!(f, " (line {line}, column {column})")?;
        }
        Ok(())
    }
}

/// The 1-based line and byte column of `offset` in `text`.
pub(crate) fn position(text: &str, offset: usize) -> (usize, usize) {
    let before = text.as_bytes().get(..offset).unwrap_or(text.as_bytes());
    let line = before.iter().filter(|b| **b == b'\n').count() + 1;
    let line_start = before
        .iter()
        .rposition(|b| *b == b'\n')
        .map_or(0, |i| i + 1);
    (line, before.len() - line_start + 1)
}

/// Where `piece` (a slice of `text`) starts in `text`, in bytes.
pub(crate) fn offset_in(text: &str, piece: &str) -> usize {
    (piece.as_ptr() as usize)
        .saturating_sub(text.as_ptr() as usize)
        .min(text.len())
}

/// Appends a key to a path: `.key` for plain names, `["..."]` for anything else.
pub(crate) fn push_key(path: &mut String, key: &str) {
    let plain = !key.is_empty()
        && key
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-');
    if plain {
        path.push('.');
        path.push_str(key);
    } else {
        // A JSON string literal (serde_json escapes as JSON does; it cannot fail for a str).
        let quoted = serde_json::to_string(key).unwrap_or_default();
        path.push('[');
        path.push_str(&quoted);
        path.push(']');
    }
}

/// Reads `piece` (a slice of the file `text` found at JSON path `at`) as a `T`. A problem is
/// reported with its full path and its line and column in the file.
pub(crate) fn read<'a, T: Deserialize<'a>>(
    text: &str,
    piece: &'a str,
    at: impl FnOnce() -> String,
) -> Result<T, ImportError> {
    read_value(text, piece, at, true)
}

/// Like [`read`], for the first JSON value in `piece` (what follows it is not looked at).
pub(crate) fn read_first<'a, T: Deserialize<'a>>(
    text: &str,
    piece: &'a str,
    at: impl FnOnce() -> String,
) -> Result<T, ImportError> {
    read_value(text, piece, at, false)
}

fn read_value<'a, T: Deserialize<'a>>(
    text: &str,
    piece: &'a str,
    at: impl FnOnce() -> String,
    whole: bool,
) -> Result<T, ImportError> {
    let mut de = serde_json::Deserializer::from_str(piece);
    let (path, inner) = match serde_path_to_error::deserialize(&mut de) {
        Ok(value) if !whole => return Ok(value),
        Ok(value) => match de.end() {
            Ok(()) => return Ok(value),
            Err(e) => (at(), e),
        },
        Err(e) => {
            let mut path = at();
            for segment in e.path() {
                match segment {
                    Segment::Seq { index } => path.push_str(&format!("[{index}]")),
                    Segment::Map { key } => push_key(&mut path, key),
                    Segment::Enum { variant } => push_key(&mut path, variant),
                    Segment::Unknown => path.push_str("[?]"),
                }
            }
            (path, e.into_inner())
        }
    };
    let (line, column) = (inner.line(), inner.column());
    let message = inner.to_string();
    let suffix = format!(" at line {line} column {column}");
    let problem = message.strip_suffix(&suffix).unwrap_or(&message);
    // serde names a missing field at its parent; the path reads better ending at the field.
    let mut path = path;
    let problem = match problem
        .strip_prefix("missing field `")
        .and_then(|rest| rest.strip_suffix('`'))
    {
        Some(field) => {
            push_key(&mut path, field);
            "is missing".to_string()
        }
        None => clearer(problem),
    };
    let base = offset_in(text, piece);
    let (base_line, base_column) = position(text, base);
    let absolute = match line {
        0 => (base_line, base_column),
        1 => (base_line, base_column + column.saturating_sub(1)),
        _ => (base_line + line - 1, column),
    };
    Err(ImportError {
        at: path,
        problem,
        position: Some(absolute),
    })
}

/// Any JSON value, walked but not kept: reading a malformed document as a `Walk` finds its
/// first syntax error with the path to it, allocating nothing but map keys.
pub(crate) struct Walk;

impl<'de> Deserialize<'de> for Walk {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Walk, D::Error> {
        d.deserialize_any(WalkVisitor)
    }
}

struct WalkVisitor;

impl<'de> Visitor<'de> for WalkVisitor {
    type Value = Walk;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any JSON value")
    }
    fn visit_bool<E>(self, _: bool) -> Result<Walk, E> {
        Ok(Walk)
    }
    fn visit_i64<E>(self, _: i64) -> Result<Walk, E> {
        Ok(Walk)
    }
    fn visit_u64<E>(self, _: u64) -> Result<Walk, E> {
        Ok(Walk)
    }
    fn visit_f64<E>(self, _: f64) -> Result<Walk, E> {
        Ok(Walk)
    }
    fn visit_str<E>(self, _: &str) -> Result<Walk, E> {
        Ok(Walk)
    }
    fn visit_unit<E>(self) -> Result<Walk, E> {
        Ok(Walk)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Walk, A::Error> {
        while seq.next_element::<Walk>()?.is_some() {}
        Ok(Walk)
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Walk, A::Error> {
        // Keys as strings, so the path can name them.
        while map.next_key::<String>()?.is_some() {
            map.next_value::<Walk>()?;
        }
        Ok(Walk)
    }
}

/// serde's wording, made a sentence a learner can act on where it is terse.
fn clearer(problem: &str) -> String {
    if problem.starts_with("EOF while parsing") {
        return format!("{problem}: the file ends early (was the download cut off?)");
    }
    if problem == "trailing characters" {
        return "unexpected text after the end of the JSON value".to_string();
    }
    problem.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_count_lines_and_byte_columns_from_one() {
        let text = "ab\ncd\n";
        assert_eq!(position(text, 0), (1, 1));
        assert_eq!(position(text, 1), (1, 2));
        assert_eq!(position(text, 3), (2, 1));
        assert_eq!(position(text, 99), (3, 1), "past the end clamps");
    }

    #[test]
    fn paths_read_like_jsonpath() {
        let mut path = "$".to_string();
        push_key(&mut path, "resourceSpans");
        push_key(&mut path, "odd key");
        assert_eq!(path, "$.resourceSpans[\"odd key\"]");
    }

    #[test]
    fn a_problem_in_a_piece_is_placed_in_the_whole_file() {
        let text = "{\n  \"n\": [1, \"x\"]\n}";
        let piece = &text[9..17]; // `[1, "x"]`
        let error = read::<Vec<u32>>(text, piece, || "$.n".into()).unwrap_err();
        assert_eq!(error.at, "$.n[1]");
        assert!(error.problem.starts_with("invalid type: string"), "{error}");
        assert_eq!(error.position, Some((2, 14)), "the closing quote of \"x\"");
    }
}
