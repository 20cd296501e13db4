//! The rules for one step of an endpoint: exactly one kind (`call`, `work`, `span`, `db`), only
//! the options that kind takes, numbers in range, a call target that exists.

use super::db::SYSTEMS;
use super::error::suggest;
use super::locate::Path;
use super::types::{ScenarioFile, StepFile};
use super::validate::{resolve_target, Report};
use crate::sim::{MAX_FAN_OUT, MAX_RETRIES};

/// What kind of step it is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum StepKind {
    Call,
    Work,
    Span,
    Db,
}

impl StepKind {
    fn key(self) -> &'static str {
        match self {
            StepKind::Call => "call",
            StepKind::Work => "work",
            StepKind::Span => "span",
            StepKind::Db => "db",
        }
    }

    /// The options this kind of step takes (besides its own key, `when` and `unless`).
    fn options(self) -> &'static [&'static str] {
        match self {
            StepKind::Call => &[
                "count",
                "mode",
                "timeout",
                "retries",
                "backoff",
                "backoff_multiplier",
            ],
            StepKind::Work => &[],
            StepKind::Span => &["count", "latency", "kind", "scope", "attributes"],
            StepKind::Db => &[
                "count", "latency", "system", "database", "user", "host", "port",
            ],
        }
    }
}

/// The kinds a step declares, in key order.
pub(super) fn kinds(step: &StepFile) -> Vec<StepKind> {
    [
        (StepKind::Call, step.call.is_some()),
        (StepKind::Work, step.work.is_some()),
        (StepKind::Span, step.span.is_some()),
        (StepKind::Db, step.db.is_some()),
    ]
    .into_iter()
    .filter_map(|(kind, given)| given.then_some(kind))
    .collect()
}

/// The options a step sets.
fn options(step: &StepFile) -> Vec<&'static str> {
    [
        ("count", step.count.is_some()),
        ("mode", step.mode.is_some()),
        ("timeout", step.timeout.is_some()),
        ("retries", step.retries.is_some()),
        ("backoff", step.backoff.is_some()),
        ("backoff_multiplier", step.backoff_multiplier.is_some()),
        ("latency", step.latency.is_some()),
        ("kind", step.kind.is_some()),
        ("scope", step.scope.is_some()),
        ("attributes", !step.attributes.is_empty()),
        ("system", step.system.is_some()),
        ("database", step.database.is_some()),
        ("user", step.user.is_some()),
        ("host", step.host.is_some()),
        ("port", step.port.is_some()),
    ]
    .into_iter()
    .filter_map(|(key, given)| given.then_some(key))
    .collect()
}

pub(super) fn check(
    file: &ScenarioFile,
    step: &StepFile,
    path: &Path,
    switches: &[&str],
    report: &mut Report,
) {
    report.switch_ref(path, &step.when, &step.unless, switches);
    let kind = match kinds(step).as_slice() {
        [] => {
            return report.add(
                path.clone(),
                "a step needs one of `call`, `work`, `span` or `db`",
            );
        }
        [kind] => *kind,
        [first, second, ..] => {
            let (a, b) = (first.key(), second.key());
            return report.add(
                path.key(b),
                format!("a step does one thing, and this one has both `{a}` and `{b}`: split it into two steps"),
            );
        }
    };
    for option in options(step) {
        if !kind.options().contains(&option) {
            let takers: Vec<&str> = [StepKind::Call, StepKind::Span, StepKind::Db]
                .into_iter()
                .filter(|k| k.options().contains(&option))
                .map(StepKind::key)
                .collect();
            report.add(
                path.key(option),
                format!(
                    "`{option}` applies to {} steps, not to a `{}` step: remove it",
                    takers.join(" and "),
                    kind.key()
                ),
            );
        }
    }
    if let Some(count) = step.count.filter(|n| *n == 0 || *n > MAX_FAN_OUT) {
        report.add(
            path.key("count"),
            format!("count must be between 1 and {MAX_FAN_OUT}, got {count} (to turn a step off, give it `when` and a switch)"),
        );
    }
    match kind {
        StepKind::Call => check_call(file, step, path, report),
        StepKind::Work => {
            if let Some(work) = &step.work {
                report.latency(path.key("work"), &work.0);
            }
        }
        StepKind::Span => {
            if step.span.as_deref().is_some_and(|n| n.trim().is_empty()) {
                report.add(
                    path.key("span"),
                    "a span needs a name, like `span: heavy_calc`",
                );
            }
            match &step.latency {
                Some(latency) => report.latency(path.key("latency"), &latency.0),
                None => report.add(
                    path.clone(),
                    "a `span` step needs a `latency`, like `latency: 100ms`",
                ),
            }
            if let Some(key) = step.attributes.keys().find(|k| k.trim().is_empty()) {
                report.add(path.key("attributes").key(key), "an attribute needs a name");
            }
        }
        StepKind::Db => check_db(step, path, report),
    }
}

fn check_call(file: &ScenarioFile, step: &StepFile, path: &Path, report: &mut Report) {
    if let Some(target) = &step.call {
        if let Err(why) = resolve_target(file, target) {
            report.add(path.key("call"), why);
        }
    }
    if let Some(timeout) = step.timeout {
        report.duration(path.key("timeout"), "a timeout", timeout.0, true);
    }
    if let Some(retries) = step.retries.filter(|r| *r > MAX_RETRIES) {
        report.add(
            path.key("retries"),
            format!("retries must be at most {MAX_RETRIES}, got {retries}"),
        );
    }
    if let Some(backoff) = step.backoff {
        report.duration(path.key("backoff"), "a backoff", backoff.0, false);
    }
    if let Some(m) = step
        .backoff_multiplier
        .filter(|m| !(1.0..=10.0).contains(m))
    {
        report.add(
            path.key("backoff_multiplier"),
            format!("backoff_multiplier must be between 1 and 10, got {m}"),
        );
    }
    let retrying = step.retries.is_some_and(|r| r > 0);
    for key in ["backoff", "backoff_multiplier"] {
        let given = if key == "backoff" {
            step.backoff.is_some()
        } else {
            step.backoff_multiplier.is_some()
        };
        if given && !retrying {
            report.add(
                path.key(key),
                format!("`{key}` is the wait between retries: set `retries` too, or remove it"),
            );
        }
    }
}

fn check_db(step: &StepFile, path: &Path, report: &mut Report) {
    if step.db.as_deref().is_some_and(|s| s.trim().is_empty()) {
        report.add(
            path.key("db"),
            "a query needs its statement, like `db: SELECT * FROM items WHERE id = ?`",
        );
    }
    if let Some(system) = step.system.as_deref().filter(|s| !SYSTEMS.contains(s)) {
        report.add(
            path.key("system"),
            format!(
                "unknown database system `{system}`; {}",
                suggest(system, &SYSTEMS)
            ),
        );
    }
    let system = step.system.as_deref().unwrap_or("sqlite");
    if system == "sqlite" {
        // SQLite is a file, not a server: its connections have no host, port or user.
        for (key, given) in [
            ("host", step.host.is_some()),
            ("port", step.port.is_some()),
            ("user", step.user.is_some()),
        ] {
            if given {
                report.add(
                    path.key(key),
                    format!("sqlite has no `{key}` (it is a file, not a server): remove it"),
                );
            }
        }
    }
    if system == "redis" {
        if let Some(index) = step
            .database
            .as_deref()
            .filter(|d| d.parse::<u32>().is_err())
        {
            report.add(
                path.key("database"),
                format!("a Redis database is a number (0–15), got `{index}`"),
            );
        }
    }
    if let Some(latency) = &step.latency {
        report.latency(path.key("latency"), &latency.0);
    }
}
