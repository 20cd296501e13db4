//! Database query steps as the OpenTelemetry Python instrumentations (contrib 0.66b1) record
//! them: a CLIENT span in the calling service, in the driver instrumentation's scope.
//!
//! - DB-API drivers (`sqlite3`, `psycopg2` for PostgreSQL, `pymysql` for MySQL): the span is
//!   named after the statement's first word once a leading `/* comment */` is stripped, or the
//!   database (or system) name for an empty statement; attributes `db.system`, `db.name`,
//!   `db.statement`, then the connection's `db.user`, `net.peer.name`, `net.peer.port` when it
//!   has them (SQLite connections have none, and no database name: `db.name` is empty).
//!   Source: `opentelemetry-instrumentation-dbapi` `CursorTracer.traced_execution`,
//!   `_populate_span`, `DatabaseApiIntegration.get_connection_attributes`.
//! - Redis (`redis-py`): the span is named after the command; `db.statement` is the command
//!   with its arguments replaced by `?`, then `db.system`, `db.redis.database_index`,
//!   `net.peer.name`, `net.peer.port`, `net.transport`, `db.redis.args_length`.
//!   Source: `opentelemetry-instrumentation-redis` `_traced_execute_command`, `util.py`.

use super::types::StepFile;
use crate::model::{AttrValue, KeyValue, Scope, SpanKind};
use crate::sim::{sqlite3_scope, Latency, ManualSpan};

/// The `system` values a `db` step takes.
pub const SYSTEMS: [&str; 4] = ["sqlite", "postgresql", "mysql", "redis"];

/// A fast local query: what the lab's SQLite queries take.
pub fn default_latency() -> Latency {
    Latency::uniform(0.2, 1.0)
}

/// A driver instrumentation's scope: like `sqlite3`'s, the contrib version and the fixed schema
/// URL 1.11.0 that DB-API and Redis tracers are created with.
fn scope(name: &str) -> Scope {
    Scope {
        name: name.to_string().into(),
        ..sqlite3_scope()
    }
}

/// The DB-API span name: the first word after any leading `/* ... */` comment.
fn operation(statement: &str) -> Option<&str> {
    let mut rest = statement.trim_start();
    if let Some(after) = rest.strip_prefix("/*") {
        rest = after.split_once("*/").map_or("", |(_, tail)| tail);
    }
    rest.split_whitespace().next()
}

/// The span a validated `db` step makes.
pub fn span(step: &StepFile, latency: Latency) -> ManualSpan {
    let statement = step.db.clone().unwrap_or_default();
    let system = step.system.as_deref().unwrap_or("sqlite");
    let database = step.database.clone().unwrap_or_default();
    let host = step.host.clone().unwrap_or_else(|| "localhost".into());
    let str_attr = |key: &'static str, value: String| KeyValue::str(key, value);
    if system == "redis" {
        let words: Vec<&str> = statement.split_whitespace().collect();
        let sanitized: Vec<&str> = words
            .iter()
            .enumerate()
            .map(|(i, w)| if i == 0 { *w } else { "?" })
            .collect();
        let index = database.parse::<i64>().unwrap_or(0);
        return ManualSpan {
            name: words
                .first()
                .map_or("redis".into(), |w| w.to_string())
                .into(),
            kind: SpanKind::Client,
            scope: scope("opentelemetry.instrumentation.redis"),
            duration: latency,
            attributes: vec![
                str_attr("db.statement", sanitized.join(" ")),
                str_attr("db.system", "redis".into()),
                KeyValue::int("db.redis.database_index", index),
                str_attr("net.peer.name", host),
                KeyValue::int("net.peer.port", step.port.unwrap_or(6379).into()),
                str_attr("net.transport", "ip_tcp".into()),
                KeyValue::int("db.redis.args_length", words.len() as i64),
            ],
        };
    }
    let (scope, default_port) = match system {
        "postgresql" => (scope("opentelemetry.instrumentation.psycopg2"), Some(5432)),
        "mysql" => (scope("opentelemetry.instrumentation.pymysql"), Some(3306)),
        _ => (sqlite3_scope(), None),
    };
    let name = match operation(&statement) {
        Some(word) => word.to_string(),
        None if !database.is_empty() => database.clone(),
        None => system.to_string(),
    };
    let mut attributes = vec![
        str_attr("db.system", system.to_string()),
        str_attr("db.name", database),
        str_attr("db.statement", statement),
    ];
    if let Some(port) = default_port {
        if let Some(user) = &step.user {
            attributes.push(str_attr("db.user", user.clone()));
        }
        attributes.push(str_attr("net.peer.name", host));
        let port = step.port.unwrap_or(port);
        attributes.push(KeyValue::new("net.peer.port", AttrValue::Int(port.into())));
    }
    ManualSpan {
        name: name.into(),
        kind: SpanKind::Client,
        scope,
        duration: latency,
        attributes,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_operation_is_the_first_word_after_a_leading_comment() {
        #[rustfmt::skip]
        let cases = [
            ("SELECT * FROM t", Some("SELECT")),
            ("  insert into t values (?)", Some("insert")),
            ("/* app=shop */ UPDATE t SET x = 1", Some("UPDATE")),
            ("", None),
        ];
        for (statement, word) in cases {
            assert_eq!(operation(statement), word, "{statement:?}");
        }
    }
}
