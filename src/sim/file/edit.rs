//! Edits of one value in a scenario text that keep everything else as written (comments,
//! order, quoting), so a control on the page and the text never disagree (issue 12: "The
//! existing controls ... edit the same scenario"). [`set_switch`](super::set_switch) turns a
//! switch; [`set_workers`] sets a service's worker limit.
//!
//! An edit is checked before it is returned: the edited text must parse to the same scenario
//! with only the one value changed. A text laid out in a way the edit cannot place a new key
//! in gets a message saying what to write by hand, never a silently different scenario.

use super::locate::{self, Path};
use super::{error, located, parse_file, parse_scenario, FileError, Format, LoadedScenario};
use crate::sim::MAX_WORKERS;

/// Sets the worker limit of service `service` (`None`: unlimited) in `text`. An existing
/// `workers:` value is rewritten in place; a missing one is added on the line after the
/// service's `name` (block YAML) or after its name in the same mapping (JSON and flow YAML).
pub fn set_workers(
    text: &str,
    format: Format,
    service: &str,
    workers: Option<u32>,
) -> Result<String, FileError> {
    if let Some(n) = workers.filter(|n| !(1..=MAX_WORKERS).contains(n)) {
        return Err(FileError::new(
            "",
            format!("workers must be between 1 and {MAX_WORKERS}, or unlimited; got {n}"),
        ));
    }
    let file = parse_file(text, format)?;
    let names: Vec<&str> = file.services.iter().map(|s| s.name.as_str()).collect();
    let Some(index) = names.iter().position(|n| *n == service) else {
        return Err(FileError::new(
            "services",
            format!(
                "there is no service named `{service}`; {}",
                error::suggest(service, &names)
            ),
        ));
    };
    let before = parse_scenario(text, format).map_err(|errors| {
        FileError::new(
            "",
            format!(
                "the scenario has {} problem(s): fix them before changing its workers",
                errors.len()
            ),
        )
    })?;
    let current = match before.scenario.services.get(index) {
        Some(s) if s.name.as_ref() == service => s.workers,
        _ => return Err(FileError::new("services", "the services changed order")),
    };
    if current == workers {
        return Ok(text.to_string());
    }
    let service_path = Path::default().key("services").index(index);
    let value = match (workers, format) {
        (Some(n), _) => n.to_string(),
        (None, Format::Json) => "\"unlimited\"".to_string(),
        (None, Format::Yaml) => "unlimited".to_string(),
    };
    let candidates = match locate::scalar_range(text, &service_path.key("workers")) {
        Some(range) => vec![Some(splice(text, range.start, range.end, &value))],
        None => match locate::scalar_range(text, &service_path.key("name")) {
            Some(name) => vec![
                block_insert(text, name.start, name.end, &value),
                Some(flow_insert(text, name.end, format, &value)),
            ],
            None => Vec::new(),
        },
    };
    candidates
        .into_iter()
        .flatten()
        .find(|candidate| only_workers_changed(candidate, format, &before, index, workers))
        .ok_or_else(|| {
            located(
                text,
                &service_path,
                format!(
                    "the page could not place the worker limit of service `{service}` in this \
                     layout: write `workers: {}` in it by hand",
                    value.trim_matches('"')
                ),
            )
        })
}

/// Whether `text` is `before` with service `index`'s limit set to `workers`, and nothing else
/// changed (compared without cloning `before`: a clone of a whole scenario costs bundle bytes).
fn only_workers_changed(
    text: &str,
    format: Format,
    before: &LoadedScenario,
    index: usize,
    workers: Option<u32>,
) -> bool {
    let Ok(mut after) = parse_scenario(text, format) else {
        return false;
    };
    match (
        after.scenario.services.get_mut(index),
        before.scenario.services.get(index),
    ) {
        (Some(a), Some(b)) if a.workers == workers => a.workers = b.workers,
        _ => return false,
    }
    after == *before
}

fn splice(text: &str, start: usize, end: usize, value: &str) -> String {
    let mut out = String::with_capacity(text.len() + value.len());
    out.push_str(&text[..start]);
    out.push_str(value);
    out.push_str(&text[end..]);
    out
}

/// A `workers:` line after the line the name ends on, indented like the `name` key.
fn block_insert(text: &str, name_start: usize, name_end: usize, value: &str) -> Option<String> {
    let line_start = text[..name_start].rfind('\n').map_or(0, |i| i + 1);
    let before_value = &text[line_start..name_start];
    let mut key = before_value.rfind("name")?;
    if key > 0 && matches!(before_value.as_bytes()[key - 1], b'"' | b'\'') {
        key -= 1;
    }
    // `  - name:` indents its siblings to the column of `name`: the dash counts as indentation.
    let indent: String = before_value[..key]
        .chars()
        .map(|c| if c == '\t' { '\t' } else { ' ' })
        .collect();
    let line = format!("{indent}workers: {value}\n");
    Some(match text[name_end..].find('\n') {
        Some(i) => splice(text, name_end + i + 1, name_end + i + 1, &line),
        None => format!("{text}\n{line}"),
    })
}

/// `, workers: N` right after the name's value, inside the same flow mapping.
fn flow_insert(text: &str, name_end: usize, format: Format, value: &str) -> String {
    let key = match format {
        Format::Json => "\"workers\"",
        Format::Yaml => "workers",
    };
    splice(text, name_end, name_end, &format!(", {key}: {value}"))
}

#[cfg(test)]
#[path = "edit_tests.rs"]
mod tests;
