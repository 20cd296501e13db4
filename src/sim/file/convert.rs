//! Turns a validated scenario file into the simulator's [`Scenario`], with the defaults the
//! file format documents: Flask + `requests` instrumentation on localhost, `GET`, 2 ms network
//! delay, 0.1–0.5 ms overheads, curl as the client, one request at a time. Steps, error rules
//! and incidents whose switch is off are left out.

use super::db;
use super::types::{
    EndpointFile, KindFile, Mode, Pattern, ScenarioFile, ScopeFile, ServiceFile, StepFile,
};
use super::validate::resolve_target;
use super::values::{AttrScalar, TargetSpec};
use crate::model::{AttrValue, KeyValue, Scope, SpanKind};
use crate::sim::{
    flask_scope, main_module_scope, requests_scope, Arrival, Call, CallPolicy, Endpoint, ErrorRule,
    ExternalClient, FanOutMode, Incident, Latency, ManualSpan, Propagator, Scenario, Service, Step,
    Target,
};
use std::collections::BTreeMap;

/// A parsed, checked scenario file: the scenario and everything around it the page shows.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct LoadedScenario {
    pub title: String,
    /// The one sentence the scenario teaches.
    pub lesson: String,
    pub scenario: Scenario,
    pub traffic: Traffic,
    /// The file's switches, as written there.
    pub switches: Vec<Switch>,
}

/// How a run of the scenario sends its requests.
#[derive(Clone, Copy, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Traffic {
    pub arrival: Arrival,
    pub requests: u32,
}

#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Switch {
    pub name: String,
    pub label: String,
    pub enabled: bool,
}

/// The switches' state, to decide which steps, rules and incidents apply.
struct Switches(Vec<(String, bool)>);

impl Switches {
    fn active(&self, when: &Option<String>, unless: &Option<String>) -> bool {
        let on = |name: &String| self.0.iter().any(|(n, e)| n == name && *e);
        when.as_ref().is_none_or(on) && !unless.as_ref().is_some_and(on)
    }
}

pub(super) fn convert(file: &ScenarioFile) -> LoadedScenario {
    let switches = Switches(
        file.switches
            .iter()
            .map(|s| (s.name.clone(), s.enabled))
            .collect(),
    );
    let entry = file
        .entry
        .as_ref()
        .map_or(target_at(file, (0, 0)), |t| target(file, t));
    let client = file.client.as_ref();
    let scenario = Scenario {
        services: (file.services.iter().enumerate())
            .map(|(i, s)| service(file, i, s, &switches))
            .collect(),
        entry,
        client: ExternalClient {
            user_agent: client
                .and_then(|c| c.user_agent.clone())
                .unwrap_or_else(|| "curl/8.5.0".into())
                .into(),
            address: client
                .and_then(|c| c.address.clone())
                .unwrap_or_else(|| "127.0.0.1".into())
                .into(),
            headers: client.map_or_else(Vec::new, |c| {
                let headers = c.headers.iter();
                headers.map(|(k, v)| (k.clone(), v.clone())).collect()
            }),
        },
        network_delay_ms: file.network_delay.map_or(2.0, |d| d.0),
        overhead: (file.overhead.as_ref()).map_or(Latency::uniform(0.1, 0.5), |o| o.0.clone()),
        incidents: file
            .incidents
            .iter()
            .filter(|i| switches.active(&i.when, &i.unless))
            .map(|i| Incident {
                target: target(file, &i.target),
                from_ms: i.from.0,
                duration_ms: i.lasts.0,
                latency: i.latency.as_ref().map(|l| l.0.clone()),
                error: i.error_rate.map(|rate| ErrorRule {
                    rate_percent: rate.0,
                    status: i.status.unwrap_or(500),
                    body: i.body.clone().unwrap_or_else(|| "Error".into()).into(),
                }),
            })
            .collect(),
    };
    LoadedScenario {
        title: file
            .title
            .clone()
            .unwrap_or_else(|| "Untitled scenario".into()),
        lesson: file.lesson.clone().unwrap_or_default(),
        scenario,
        traffic: traffic(file),
        switches: file
            .switches
            .iter()
            .map(|s| Switch {
                name: s.name.clone(),
                label: s.label.clone().unwrap_or_else(|| s.name.clone()),
                enabled: s.enabled,
            })
            .collect(),
    }
}

fn traffic(file: &ScenarioFile) -> Traffic {
    let Some(t) = &file.traffic else {
        return Traffic {
            arrival: Arrival::default(),
            requests: 1,
        };
    };
    let arrival = match t.pattern {
        Pattern::BackToBack => Arrival::BackToBack {
            concurrency: t.concurrency.unwrap_or(1),
        },
        Pattern::Constant => Arrival::Constant {
            rps: t.rps.unwrap_or(1.0),
        },
        Pattern::Poisson => Arrival::Poisson {
            rps: t.rps.unwrap_or(1.0),
        },
        Pattern::Bursts => Arrival::Bursts {
            size: t.size.unwrap_or(1),
            interval_ms: t.every.map_or(1000.0, |d| d.0),
        },
    };
    Traffic {
        arrival,
        requests: t.requests.unwrap_or(1),
    }
}

/// The target a validated spec names (an unresolvable one, which validation refused, names
/// itself as written).
fn target(file: &ScenarioFile, t: &TargetSpec) -> Target {
    match resolve_target(file, t) {
        Ok(at) => target_at(file, at),
        Err(_) => Target::new(t.service.clone(), t.route.clone().unwrap_or_default()),
    }
}

fn target_at(file: &ScenarioFile, (s, e): (usize, usize)) -> Target {
    let service = file.services.get(s);
    let route = service.and_then(|svc| svc.endpoints.get(e));
    Target::new(
        service.map_or(String::new(), |svc| svc.name.clone()),
        route.map_or(String::new(), |ep| ep.route.clone()),
    )
}

fn scope(s: &ScopeFile) -> Scope {
    Scope {
        name: s.name.clone().into(),
        version: s.version.clone().into(),
        schema_url: s.schema_url.clone().into(),
    }
}

fn attributes(map: &BTreeMap<String, AttrScalar>) -> Vec<KeyValue> {
    map.iter()
        .map(|(key, value)| {
            let value = match value {
                AttrScalar::Str(s) => AttrValue::Str(s.clone().into()),
                AttrScalar::Int(n) => AttrValue::Int(*n),
                AttrScalar::Double(x) => AttrValue::Double(*x),
                AttrScalar::Bool(b) => AttrValue::Bool(*b),
            };
            KeyValue::new(key.clone(), value)
        })
        .collect()
}

fn service(file: &ScenarioFile, i: usize, s: &ServiceFile, switches: &Switches) -> Service {
    let instrumentation = s.instrumentation.as_ref();
    Service {
        name: s.name.clone().into(),
        host: s.host.clone().unwrap_or_else(|| "localhost".into()).into(),
        address: s
            .address
            .clone()
            .unwrap_or_else(|| "127.0.0.1".into())
            .into(),
        port: s.port.unwrap_or(5000u16.saturating_add(i as u16)),
        workers: s.workers.and_then(|w| w.0),
        server_scope: (instrumentation.and_then(|x| x.server.as_ref()))
            .map_or_else(flask_scope, scope),
        client_scope: (instrumentation.and_then(|x| x.client.as_ref()))
            .map_or_else(requests_scope, scope),
        user_agent: (instrumentation.and_then(|x| x.user_agent.clone()))
            .unwrap_or_else(|| "python-requests/2.32.3".into())
            .into(),
        propagators: match &s.propagators {
            Some(names) => names
                .0
                .iter()
                .filter_map(|n| Propagator::from_name(n))
                .collect(),
            None => Propagator::DEFAULT.to_vec(),
        },
        resource_attributes: attributes(&s.resource),
        endpoints: (s.endpoints.iter())
            .map(|e| endpoint(file, e, switches))
            .collect(),
    }
}

fn endpoint(file: &ScenarioFile, e: &EndpointFile, switches: &Switches) -> Endpoint {
    let mut steps = Vec::new();
    for step in e
        .steps
        .iter()
        .filter(|s| switches.active(&s.when, &s.unless))
    {
        push_steps(file, step, &mut steps);
    }
    Endpoint {
        method: e.method.clone().unwrap_or_else(|| "GET".into()).into(),
        route: e.route.clone().into(),
        steps,
        body: e.body.clone().unwrap_or_else(|| "OK".into()).into(),
        error: (e.errors.as_ref())
            .filter(|r| switches.active(&r.when, &r.unless))
            .map(|r| ErrorRule {
                rate_percent: r.rate.0,
                status: r.status.unwrap_or(500),
                body: r.body.clone().unwrap_or_else(|| "Error".into()).into(),
            }),
    }
}

/// The simulator steps one file step stands for (a span or query with `count: n` is n steps).
fn push_steps(file: &ScenarioFile, step: &StepFile, out: &mut Vec<Step>) {
    let repeat = step.count.unwrap_or(1) as usize;
    let latency = step.latency.as_ref().map(|l| l.0.clone());
    if let Some(t) = &step.call {
        let call = Call {
            target: target(file, t),
            count: step.count.unwrap_or(1),
            mode: match step.mode {
                Some(Mode::Parallel) => FanOutMode::Parallel,
                _ => FanOutMode::Sequential,
            },
        };
        out.push(if step.timeout.is_some() || step.retries.is_some() {
            let policy = CallPolicy {
                timeout_ms: step.timeout.map(|d| d.0),
                retries: step.retries.unwrap_or(0),
                backoff_ms: step.backoff.map_or(0.0, |d| d.0),
                backoff_multiplier: step.backoff_multiplier.unwrap_or(2.0),
            };
            Step::CallWith(call, policy)
        } else {
            Step::Call(call)
        });
    } else if let Some(work) = &step.work {
        out.push(Step::Work(work.0.clone()));
    } else if let Some(name) = &step.span {
        let span = ManualSpan {
            name: name.clone().into(),
            kind: match step.kind {
                Some(KindFile::Server) => SpanKind::Server,
                Some(KindFile::Client) => SpanKind::Client,
                Some(KindFile::Producer) => SpanKind::Producer,
                Some(KindFile::Consumer) => SpanKind::Consumer,
                Some(KindFile::Internal) | None => SpanKind::Internal,
            },
            scope: step.scope.as_ref().map_or_else(main_module_scope, scope),
            duration: latency.unwrap_or(Latency::fixed(0.0)),
            attributes: attributes(&step.attributes),
        };
        out.extend(std::iter::repeat_n(Step::Span(span), repeat));
    } else if step.db.is_some() {
        let span = db::span(step, latency.unwrap_or_else(db::default_latency));
        out.extend(std::iter::repeat_n(Step::Span(span), repeat));
    }
}
