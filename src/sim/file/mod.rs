//! Scenario files (issue 12): a system described in YAML or JSON, parsed through serde into
//! [`ScenarioFile`], checked with messages that name the line and column and say what to do,
//! and converted into the simulator's [`Scenario`](crate::sim::Scenario).
//!
//! ```text
//! parse_scenario(text, Format::Yaml) -> Result<LoadedScenario, Vec<FileError>>
//! ```
//!
//! - Syntax and type errors come from the parser with their position ([`yaml`]: `granit-parser`
//!   and a small serde bridge; JSON is YAML's flow syntax, so it reads both); unknown keys and
//!   values are refused (`deny_unknown_fields`) with the nearest known name suggested.
//! - Semantic errors ([`validate`]) are all reported at once, each at the line of the value it
//!   is about ([`locate`]): calls to services or endpoints that do not exist, call loops named
//!   hop by hop, out-of-range numbers, more than [`MAX_SERVICES`](crate::sim::MAX_SERVICES)
//!   services, and a request or run above the span cap ([`MAX_SPANS_PER_RUN`]).
//!
//! The format, with an example of every field, is in `docs/simulation.md` ("Scenario files");
//! the presets in `src/sim/presets/` are complete examples.

mod convert;
mod cycles;
mod db;
mod edit;
mod error;
mod locate;
pub mod reader;
mod steps;
mod types;
mod validate;
mod values;
mod window;
mod yaml;

pub use convert::{LoadedScenario, Switch, Traffic};
pub use edit::set_workers;
pub use error::{edit_distance, FileError, TextPos};
pub use types::ScenarioFile;

use crate::sim::MAX_SPANS_PER_RUN;
use locate::{locate, Path};

/// Longest scenario text accepted: far above any realistic system (the ten-service preset is
/// under 10 KB), small enough that parsing stays instant.
pub const MAX_FILE_BYTES: usize = 1 << 20;

/// Which syntax a scenario text is written in (both are read by the same parser, see
/// [`parse_file`]; the format names the file for downloads).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Yaml,
    Json,
}

impl Format {
    /// From a file name: `.json` is JSON, anything else YAML.
    pub fn from_file_name(name: &str) -> Format {
        if name.to_ascii_lowercase().ends_with(".json") {
            Format::Json
        } else {
            Format::Yaml
        }
    }

    /// From the text: JSON starts with `{`.
    pub fn guess(text: &str) -> Format {
        if text.trim_start().starts_with('{') {
            Format::Json
        } else {
            Format::Yaml
        }
    }
}

/// The value of a top-level `key: value` line written as a plain one-line scalar, read without
/// the parser (which in the browser arrives after the first paint, [`reader`]): for the preset
/// list and the kept scenario's title at start. `None` for anything the line scan could misread
/// (quoted, flow, block or tagged values, comments, JSON); the parse is what decides.
pub fn plain_top_level(text: &str, key: &str) -> Option<String> {
    let value = text
        .lines()
        .find_map(|line| line.strip_prefix(key)?.strip_prefix(": "))?
        .trim_end();
    let special = |c: char| "\"'{[|>&*!%@`#".contains(c);
    let plain = !value.is_empty()
        && !value.starts_with(special)
        && !value.contains(" #")
        && !value.contains(": ");
    plain.then(|| value.to_string())
}

/// Parses, checks and converts a scenario text. On failure, every problem found, in text order.
pub fn parse_scenario(text: &str, format: Format) -> Result<LoadedScenario, Vec<FileError>> {
    let file = parse_file(text, format).map_err(|e| vec![e])?;
    let report = validate::validate(&file);
    if !report.problems.is_empty() {
        let mut errors: Vec<FileError> = report
            .problems
            .into_iter()
            .map(|(path, message)| located(text, &path, message))
            .collect();
        // Text order; a stable sort keeps the order of problems on one line.
        errors.sort_by_key(|e| e.at);
        return Err(errors);
    }
    let loaded = convert::convert(&file);
    check_span_cap(text, &file, &loaded).map_err(|e| vec![e])?;
    // The simulator's own rules, as a safety net: validation above checks all of them.
    loaded
        .scenario
        .validate()
        .map_err(|e| vec![FileError::new("", e.to_string())])?;
    Ok(loaded)
}

/// Only the syntax and types: the serde form of a scenario text.
pub fn parse_file(text: &str, format: Format) -> Result<ScenarioFile, FileError> {
    if text.len() > MAX_FILE_BYTES {
        return Err(FileError::new(
            "",
            format!(
                "the scenario is {} KB; the limit is {} KB: remove some services",
                text.len() / 1024,
                MAX_FILE_BYTES / 1024
            ),
        ));
    }
    if text.trim().is_empty() {
        return Err(FileError::new(
            "",
            "the scenario is empty: it needs at least a `services` list",
        ));
    }
    parse_value(text, format)
}

/// The scenario text as pretty-printed JSON (a YAML file's data, comments dropped), for a
/// **Download as JSON**; it parses to the same scenario.
pub fn to_json(text: &str, format: Format) -> Result<String, FileError> {
    let value: serde_json::Value = parse_value(text, format)?;
    serde_json::to_string_pretty(&value).map_err(|e| FileError::new("", e.to_string()))
}

/// JSON is YAML 1.2's flow syntax (YAML 1.2.2, section 1.3: YAML 1.2 is a superset of JSON), so
/// one parser and one set of serde impls read both formats, with the same positions and
/// messages. A second deserializer (`serde_json`'s) would instantiate every derived
/// `Deserialize` again: about 80 KB gzip more in the wasm.
fn parse_value<T: serde::de::DeserializeOwned>(
    text: &str,
    _format: Format,
) -> Result<T, FileError> {
    yaml::from_str(text).map_err(|e| FileError {
        at: e.position(),
        path: String::new(),
        message: error::plain_words(e.message()),
    })
}

/// Sets switch `name` on or off by rewriting its `enabled` value in the text, so a control on
/// the page and the text never disagree. Everything else in the text stays as written.
pub fn set_switch(
    text: &str,
    format: Format,
    name: &str,
    enabled: bool,
) -> Result<String, FileError> {
    let file = parse_file(text, format)?;
    let names: Vec<&str> = file.switches.iter().map(|s| s.name.as_str()).collect();
    let Some(index) = names.iter().position(|n| *n == name) else {
        return Err(FileError::new(
            "switches",
            format!(
                "there is no switch named `{name}`; {}",
                error::suggest(name, &names)
            ),
        ));
    };
    let path = Path::default().key("switches").index(index).key("enabled");
    let Some(range) = locate::scalar_range(text, &path) else {
        return Err(located(
            text,
            &path,
            format!("add `enabled: false` to switch `{name}` so it can be turned on and off here"),
        ));
    };
    let mut out = String::with_capacity(text.len() + 1);
    out.push_str(&text[..range.start]);
    out.push_str(if enabled { "true" } else { "false" });
    out.push_str(&text[range.end..]);
    Ok(out)
}

fn located(text: &str, path: &Path, message: String) -> FileError {
    FileError {
        at: locate(text, path),
        path: path.to_string(),
        message,
    }
}

/// A request (or the whole run) above the per-run span cap cannot be simulated.
fn check_span_cap(
    text: &str,
    file: &ScenarioFile,
    loaded: &LoadedScenario,
) -> Result<(), FileError> {
    let Ok(per_request) = loaded.scenario.spans_per_request() else {
        return Ok(());
    };
    let requests = u64::from(loaded.traffic.requests);
    let root = Path::default();
    if per_request > MAX_SPANS_PER_RUN {
        let at = if file.entry.is_some() {
            root.key("entry")
        } else {
            root.key("services")
        };
        return Err(located(
            text,
            &at,
            format!(
                "one request makes up to {per_request} spans (every call, span and retry \
                 counted), above the limit of {MAX_SPANS_PER_RUN} spans per run: lower a \
                 `count` or `retries`"
            ),
        ));
    }
    let total = per_request.saturating_mul(requests);
    if total > MAX_SPANS_PER_RUN {
        return Err(located(
            text,
            &root.key("traffic").key("requests"),
            format!(
                "{requests} requests of up to {per_request} spans each make up to {total} \
                 spans, above the limit of {MAX_SPANS_PER_RUN} per run: send at most {} requests",
                MAX_SPANS_PER_RUN / per_request.max(1)
            ),
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_format_follows_the_file_name_or_the_text() {
        assert_eq!(Format::from_file_name("shop.JSON"), Format::Json);
        assert_eq!(Format::from_file_name("shop.yaml"), Format::Yaml);
        assert_eq!(Format::guess("  {\"services\": []}"), Format::Json);
        assert_eq!(Format::guess("services: []"), Format::Yaml);
    }
}
