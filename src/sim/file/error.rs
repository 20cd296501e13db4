//! What is wrong with a scenario file, where, and what to do about it.
//!
//! Syntax and type errors come from the parser with their position ([`super::yaml`], on
//! `granit-parser`, for YAML and JSON alike); an unknown key or value gets the nearest known one
//! suggested (edit distance). Semantic errors found by [`super::validate`] carry the path of the offending value,
//! which [`super::locate`] turns into a line and column.

use std::fmt;

/// A 1-based line and column in the scenario text.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
pub struct TextPos {
    pub line: usize,
    pub column: usize,
}

/// One problem in a scenario file.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct FileError {
    /// Where it is, when known.
    pub at: Option<TextPos>,
    /// The value's path, e.g. `services[1].endpoints[0].steps[2].call` (empty for syntax
    /// errors).
    pub path: String,
    /// What is wrong and what to do.
    pub message: String,
}

impl FileError {
    pub fn new(path: impl Into<String>, message: impl Into<String>) -> FileError {
        FileError {
            at: None,
            path: path.into(),
            message: message.into(),
        }
    }
}

impl fmt::Display for FileError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(at) = self.at {
            write!(f, "line {}, column {}: ", at.line, at.column)?;
        }
        if !self.path.is_empty() {
            write!(f, "{}: ", self.path)?;
        }
        f.write_str(&self.message)
    }
}

impl std::error::Error for FileError {}

/// Edit distance with adjacent transpositions (optimal string alignment), by characters: the
/// number of single-character insertions, deletions, substitutions and swaps of neighbours that
/// turn `a` into `b`, so `prot` is one edit from `port`. Names here are short.
pub fn edit_distance(a: &str, b: &str) -> usize {
    let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    let width = b.len() + 1;
    let mut d = vec![0usize; (a.len() + 1) * width];
    for (i, row) in d.chunks_mut(width).enumerate() {
        row[0] = i;
    }
    for (j, cell) in d.iter_mut().take(width).enumerate() {
        *cell = j;
    }
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut best = (d[(i - 1) * width + j] + 1)
                .min(d[i * width + j - 1] + 1)
                .min(d[(i - 1) * width + j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                best = best.min(d[(i - 2) * width + j - 2] + 1);
            }
            d[i * width + j] = best;
        }
    }
    d[a.len() * width + b.len()]
}

/// The known name closest to `wrong`, if it is close enough to be a likely typo: at most a
/// third of the longer name's length in edits, rounded up (`retry` → `retries`), ignoring case.
pub fn nearest<'a>(wrong: &str, known: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let lower = wrong.to_ascii_lowercase();
    known
        .into_iter()
        .map(|k| (edit_distance(&lower, &k.to_ascii_lowercase()), k))
        .filter(|(d, k)| *d <= wrong.chars().count().max(k.chars().count()).div_ceil(3))
        .min_by_key(|(d, _)| *d)
        .map(|(_, k)| k)
}

/// `did you mean "x"?` for the nearest known name, or a list of the known names.
pub fn suggest(wrong: &str, known: &[&str]) -> String {
    match nearest(wrong, known.iter().copied()) {
        Some(near) => format!("did you mean `{near}`?"),
        None if known.is_empty() => String::new(),
        None => format!("expected one of: {}", quote_all(known)),
    }
}

/// `` `a`, `b`, `c` ``
pub fn quote_all(names: &[&str]) -> String {
    let quoted: Vec<String> = names.iter().map(|n| format!("`{n}`")).collect();
    quoted.join(", ")
}

/// The message for an unknown key, with the keys that would have been accepted.
pub fn unknown_key(key: &str, known: &[&str]) -> String {
    let mut message = format!("unknown key `{key}`");
    match nearest(key, known.iter().copied()) {
        Some(near) => message += &format!("; did you mean `{near}`?"),
        None => message += &format!("; the keys allowed here are {}", quote_all(known)),
    }
    message
}

/// The message for an unknown enum value (`mode: paralel`).
pub fn unknown_value(value: &str, known: &[&str]) -> String {
    format!("unknown value `{value}`; {}", suggest(value, known))
}

/// Names in a serde message written as `` `name` `` (serde quotes field and variant names so).
fn backticked(text: &str) -> Vec<&str> {
    text.split('`').skip(1).step_by(2).collect()
}

/// Rewrites serde's own wording for unknown fields and variants, which both parsers use, into
/// ours with a suggestion: `unknown field `x`, expected one of `a`, `b``.
pub fn reword_serde_message(message: &str) -> String {
    for (prefix, reword) in [
        ("unknown field", unknown_key as fn(&str, &[&str]) -> String),
        ("unknown variant", unknown_value),
    ] {
        if let Some(rest) = message.strip_prefix(prefix) {
            let names = backticked(rest);
            if let Some((wrong, known)) = names.split_first() {
                return reword(wrong, known);
            }
        }
    }
    if let Some(rest) = message.strip_prefix("missing field") {
        if let Some(field) = backticked(rest).first() {
            return format!("missing key `{field}`: add it here");
        }
    }
    message.to_string()
}

/// Serde's and the parsers' words in ours: type names as the learner knows them, and
/// `invalid type: X, expected Y` as `expected Y here, found X`.
pub fn plain_words(message: &str) -> String {
    const WORDS: [(&str, &str); 20] = [
        (
            "struct ScenarioFile",
            "a scenario (a mapping with a `services` list)",
        ),
        ("struct ServiceFile", "a service"),
        ("struct EndpointFile", "an endpoint"),
        ("struct StepFile", "a step"),
        ("struct ErrorsFile", "an error rule"),
        ("struct IncidentFile", "an incident"),
        ("struct TrafficFile", "a traffic pattern"),
        ("struct SwitchFile", "a switch"),
        ("struct ClientFile", "a client"),
        ("struct InstrumentationFile", "instrumentation settings"),
        ("struct ScopeFile", "a scope (name and version)"),
        ("struct TargetMap", "a call target"),
        ("expected u16", "expected a whole number from 0 to 65535"),
        (
            "expected u32",
            "expected a whole number from 0 to 4294967295",
        ),
        ("expected f64", "expected a number"),
        ("expected a string", "expected text"),
        ("expected a sequence", "expected a list (`- item` lines)"),
        ("found sequence", "found a list"),
        ("found map", "found a mapping"),
        ("found unit", "found nothing"),
    ];
    let mut out = reword_serde_message(message);
    for prefix in ["invalid type: ", "invalid value: "] {
        let split = out
            .strip_prefix(prefix)
            .and_then(|rest| rest.split_once(", expected "));
        if let Some((found, expected)) = split {
            out = format!("expected {expected} here, found {found}");
        }
    }
    for (theirs, ours) in WORDS {
        out = out.replace(theirs, ours);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn edit_distance_counts_single_character_edits() {
        #[rustfmt::skip]
        let cases = [("", "", 0), ("port", "port", 0), ("prot", "port", 1), ("por", "port", 1),
                     ("ports", "port", 1), ("kitten", "sitting", 3), ("wrk", "work", 1)];
        for (a, b, d) in cases {
            assert_eq!(edit_distance(a, b), d, "{a} → {b}");
        }
    }

    #[test]
    fn nearest_finds_typos_but_not_unrelated_words() {
        let keys = ["name", "port", "workers", "endpoints"];
        assert_eq!(nearest("prot", keys), Some("port"));
        assert_eq!(nearest("worker", keys), Some("workers"));
        assert_eq!(nearest("retry", ["retries", "route"]), Some("retries"));
        assert_eq!(nearest("Endpoints", keys), Some("endpoints"));
        assert_eq!(nearest("colour", keys), None);
    }

    #[test]
    fn serde_wording_becomes_a_suggestion() {
        assert_eq!(
            reword_serde_message("unknown field `prot`, expected one of `name`, `port`"),
            "unknown key `prot`; did you mean `port`?"
        );
        assert_eq!(
            reword_serde_message("unknown variant `paralel`, expected `sequential` or `parallel`"),
            "unknown value `paralel`; did you mean `parallel`?"
        );
        assert_eq!(
            reword_serde_message("missing field `route`"),
            "missing key `route`: add it here"
        );
    }
}
