//! The lab as data, and the learner's options applied to it.
//!
//! The lab (issue 4): `service-a` (Flask, port 5000) `GET /` calls `http://localhost:5001/data`
//! with `requests` and answers `Service A got: <B's body>`; `service-b` (Flask, port 5001)
//! `GET /data` sleeps uniform(0.1, 0.5) s and answers `Data from B`. Challenges add a manual
//! `heavy_calc` span and random 500s; the fan-out option (issue 7) makes B call a `db` service.

use super::error::{ConfigError, MAX_FAN_OUT, MAX_WORKERS};
use super::options::{FanOutMode, LabOptions};
use super::scenario::*;
use crate::model::{KeyValue, SpanKind};

/// Port of the `db` data service the fan-out calls.
pub const DB_PORT: u16 = 5002;

impl Scenario {
    /// The lab as written: no challenges, unlimited workers, 2 ms network delay.
    pub fn lab() -> Scenario {
        // The default options are valid by construction; fall back to the plain shape anyway
        // so this can never panic.
        Scenario::lab_with(&LabOptions::default())
            .unwrap_or_else(|_| lab_shape(&LabOptions::default()))
    }

    /// The lab with the learner's options applied (challenges, delay, workers, fan-out).
    /// Run-time settings (sampler, semconv, propagation) are read by
    /// [`RunSettings`](super::RunSettings) instead.
    pub fn lab_with(options: &LabOptions) -> Result<Scenario, ConfigError> {
        check_options(options)?;
        let scenario = lab_shape(options);
        scenario.validate()?;
        Ok(scenario)
    }
}

fn check_options(o: &LabOptions) -> Result<(), ConfigError> {
    let percent = o.error_rate_percent;
    if !(0.0..=100.0).contains(&percent) {
        return Err(ConfigError::ErrorRate {
            endpoint: "service-b GET /data".into(),
            percent,
        });
    }
    if !o.network_delay_ms.is_finite() || o.network_delay_ms < 0.0 {
        return Err(ConfigError::NetworkDelay(o.network_delay_ms));
    }
    for (service, workers) in [
        ("service-a", o.workers_a),
        ("service-b", o.workers_b),
        ("db", o.workers_db),
    ] {
        if let Some(w) = workers.filter(|w| *w == 0 || *w > MAX_WORKERS) {
            return Err(ConfigError::Workers {
                service: service.into(),
                workers: w,
            });
        }
    }
    if o.fan_out > MAX_FAN_OUT {
        return Err(ConfigError::FanOut(o.fan_out));
    }
    Ok(())
}

fn lab_shape(o: &LabOptions) -> Scenario {
    let mut b_steps = Vec::new();
    if o.heavy_calc {
        b_steps.push(Step::Span(ManualSpan {
            name: "heavy_calc".into(),
            kind: SpanKind::Internal,
            scope: main_module_scope(),
            duration: Latency::fixed(100.0),
            attributes: Vec::new(),
        }));
    }
    if o.fan_out > 0 {
        b_steps.push(Step::Call(Call {
            target: Target::new("db", "/query"),
            count: o.fan_out,
            mode: o.fan_out_mode,
        }));
    }
    b_steps.push(Step::Work(Latency::uniform(100.0, 500.0)));

    let mut a = flask_service(
        "service-a",
        5000,
        vec![Endpoint {
            method: "GET".into(),
            route: "/".into(),
            steps: vec![Step::Call(Call {
                target: Target::new("service-b", "/data"),
                count: 1,
                mode: FanOutMode::Sequential,
            })],
            body: "Service A got: {downstream}".into(),
            error: None,
        }],
    );
    a.workers = o.workers_a;
    let mut b = flask_service(
        "service-b",
        5001,
        vec![Endpoint {
            method: "GET".into(),
            route: "/data".into(),
            steps: b_steps,
            body: "Data from B".into(),
            error: o.random_500s.then(|| ErrorRule {
                rate_percent: o.error_rate_percent,
                status: 500,
                body: "Error".into(),
            }),
        }],
    );
    b.workers = o.workers_b;
    let mut services = vec![a, b];
    if o.fan_out > 0 {
        let mut db = db_service();
        db.workers = o.workers_db;
        services.push(db);
    }
    Scenario {
        services,
        entry: Target::new("service-a", "/"),
        client: ExternalClient {
            user_agent: "curl/8.5.0".into(),
            address: "127.0.0.1".into(),
            headers: Vec::new(),
        },
        network_delay_ms: o.network_delay_ms,
        overhead: Latency::uniform(0.1, 0.5),
        incidents: Vec::new(),
    }
}

/// The fan-out's downstream: a small Flask data API in front of SQLite. Each `GET /query` loads
/// one item and then, lazily, its tags (an ORM relation), so each call from B makes 4 spans: B's
/// `requests` CLIENT `GET`, db's Flask SERVER `GET /query`, and two `sqlite3` CLIENT `SELECT`s
/// (the DB-API instrumentation names a span after the statement's first word).
pub fn db_service() -> Service {
    flask_service(
        "db",
        DB_PORT,
        vec![Endpoint {
            method: "GET".into(),
            route: "/query".into(),
            steps: vec![
                Step::Span(select("SELECT id, value FROM items WHERE id = ?")),
                Step::Span(select("SELECT tag FROM item_tags WHERE item_id = ?")),
            ],
            body: "[]".into(),
            error: None,
        }],
    )
}

/// A `sqlite3` query span with the legacy DB attributes the DB-API instrumentation sets
/// (`db.name` is empty: SQLite connections expose no database name to it).
fn select(statement: &'static str) -> ManualSpan {
    ManualSpan {
        name: "SELECT".into(),
        kind: SpanKind::Client,
        scope: sqlite3_scope(),
        duration: Latency::uniform(0.2, 1.0),
        attributes: vec![
            KeyValue::str("db.system", "sqlite"),
            KeyValue::str("db.name", ""),
            KeyValue::str("db.statement", statement),
        ],
    }
}
