//! Turns a checked scenario into what the engine runs: indices instead of names, nanoseconds
//! instead of milliseconds, and every span's constant part (name, attribute template, shared
//! resource and scope) built once, so a simulated span costs a template clone and a few numbers.

use super::ids;
use super::intern::{intern, intern_str};
use super::latency::NsDist;
use super::resolve::Resolved;
use super::scenario::{CallPolicy, Endpoint, ErrorRule, Scenario, Service, Step, DOWNSTREAM_BODY};
use super::semconv::{self, ClientRequest, ServerRequest, ServerTemplate};
use super::FanOutMode;
use crate::model::{KeyValue, Resource, Scope, SpanKind, Str};
use crate::propagation::Propagators;
use crate::sim::SimRng;
use std::borrow::Cow;
use std::sync::Arc;

/// The SDK identity the resources carry: this playground made these spans, not Python.
pub const SDK_NAME: &str = "trace-playground";
pub const SDK_LANGUAGE: &str = "rust";
pub const SDK_VERSION: &str = env!("CARGO_PKG_VERSION");

/// A uniform duration distribution in nanoseconds (inclusive); other shapes are in
/// [`NsDist`].
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct NsRange {
    pub min: u64,
    pub max: u64,
}

impl NsRange {
    pub fn draw(self, rng: &mut SimRng) -> u64 {
        if self.max > self.min {
            rng.random_range(self.min..=self.max)
        } else {
            self.min
        }
    }
}

/// Milliseconds (checked finite and ≥ 0) to whole nanoseconds; `as` saturates huge values.
pub(crate) fn ms_to_ns(ms: f64) -> u64 {
    (ms * 1_000_000.0).round() as u64
}

#[derive(Debug)]
pub(crate) struct Compiled {
    pub services: Vec<CService>,
    pub endpoints: Vec<CEndpoint>,
    /// The external client's request into the entry endpoint.
    pub entry: CEdge,
    pub delay_ns: u64,
    pub overhead: NsDist,
    /// Spans a fully sampled request makes: room to reserve up front.
    pub spans_per_request: u64,
}

#[derive(Debug)]
pub(crate) struct CService {
    pub name: Str,
    pub resource: Arc<Resource>,
    pub server_scope: Arc<Scope>,
    pub client_scope: Arc<Scope>,
    pub workers: Option<u32>,
    /// Its `OTEL_PROPAGATORS` composite: its clients inject with it, its server extracts with it.
    pub propagators: Propagators,
}

#[derive(Debug)]
pub(crate) struct CEndpoint {
    pub service: u32,
    pub span_name: Str,
    pub steps: Vec<CStep>,
    pub body: Body,
    pub error: Option<CError>,
    /// Windows in which this endpoint misbehaves, in nanoseconds from the run's start.
    pub incidents: Vec<CIncident>,
}

#[derive(Debug)]
pub(crate) struct CIncident {
    pub from: u64,
    pub until: u64,
    pub latency: Option<NsDist>,
    pub error: Option<CError>,
}

impl CEndpoint {
    /// The incident under way `elapsed` ns after the run started, if any (the first listed
    /// wins when windows overlap).
    pub fn incident_at(&self, elapsed: u64) -> Option<&CIncident> {
        self.incidents
            .iter()
            .find(|i| (i.from..i.until).contains(&elapsed))
    }
}

/// A response body, possibly wrapping the last downstream answer.
#[derive(Debug)]
pub(crate) enum Body {
    Fixed(Str),
    Wrap { before: Str, after: Str },
}

impl CError {
    fn from(rule: &ErrorRule) -> CError {
        CError {
            probability: rule.rate_percent / 100.0,
            status: rule.status,
            body: intern_str(&rule.body),
        }
    }
}

impl Body {
    pub fn render(&self, downstream: &Str) -> Str {
        match self {
            Body::Fixed(text) => text.clone(),
            Body::Wrap { before, after } => Cow::Owned(format!("{before}{downstream}{after}")),
        }
    }
}

#[derive(Debug)]
pub(crate) struct CError {
    /// Probability in 0–1 (`random.random() < p`).
    pub probability: f64,
    pub status: u16,
    pub body: Str,
}

#[derive(Debug)]
pub(crate) enum CStep {
    Call(CCall),
    Span(CSpan),
    Work(NsDist),
}

/// One request edge into an endpoint: the callee and its SERVER span template for this caller.
#[derive(Debug)]
pub(crate) struct CEdge {
    pub target: u32,
    pub server: ServerTemplate,
}

#[derive(Debug)]
pub(crate) struct CCall {
    pub edge: CEdge,
    pub count: u32,
    pub parallel: bool,
    pub client_name: Str,
    pub client_attributes: Vec<KeyValue>,
    pub policy: Option<CPolicy>,
}

/// A call's timeout and retries, in nanoseconds.
#[derive(Debug)]
pub(crate) struct CPolicy {
    pub timeout: Option<u64>,
    pub retries: u32,
    pub backoff: u64,
    pub multiplier: f64,
    /// What `requests` says when the read times out (`str(ReadTimeout(...))`).
    pub timeout_message: Str,
}

impl CPolicy {
    /// The wait before retry `n` (0-based): `backoff × multiplier^n`, capped like every
    /// duration.
    pub fn backoff_before(&self, n: u32) -> u64 {
        let ns = self.backoff as f64 * self.multiplier.powi(n.min(64) as i32);
        ns.clamp(0.0, super::error::MAX_DURATION_MS * 1e6) as u64
    }
}

#[derive(Debug)]
pub(crate) struct CSpan {
    pub name: Str,
    pub kind: SpanKind,
    pub scope: Arc<Scope>,
    pub duration: NsDist,
    pub attributes: Vec<KeyValue>,
}

/// Builds the run form. Draws one `service.instance.id` per service from `rng`.
pub(crate) fn compile(
    s: &Scenario,
    r: &Resolved,
    reports: (bool, bool),
    rng: &mut SimRng,
) -> Compiled {
    // A linear scan: two scopes per service and a handful of services.
    let mut scopes: Vec<Arc<Scope>> = Vec::new();
    let mut shared = |scope: &Scope| {
        let key = Scope {
            name: intern_str(&scope.name),
            version: intern_str(&scope.version),
            schema_url: intern_str(&scope.schema_url),
        };
        if let Some(found) = scopes.iter().find(|s| ***s == key) {
            return found.clone();
        }
        let new = Arc::new(key);
        scopes.push(new.clone());
        new
    };
    let services: Vec<CService> = s
        .services
        .iter()
        .map(|svc| CService {
            name: intern_str(&svc.name),
            resource: Arc::new(resource(svc, ids::uuid_v4(rng))),
            server_scope: shared(&semconv::http_scope(&svc.server_scope, reports)),
            client_scope: shared(&semconv::http_scope(&svc.client_scope, reports)),
            workers: svc.workers,
            propagators: Propagators::configured(&svc.propagators),
        })
        .collect();

    // The SERVER template for a request into flat endpoint `target` from a caller.
    let edge = |target: u32, peer_address: &Str, user_agent: &Str| {
        let (svc, ep) = endpoint_at(s, r, target);
        let host_header = intern(&format!("{}:{}", svc.host, svc.port));
        let server = semconv::server_start(
            reports,
            &ServerRequest {
                method: &intern_str(&ep.method),
                route: &intern_str(&ep.route),
                server_name: &intern_str(&svc.address),
                host_header: &host_header,
                port: svc.port,
                peer_address: &intern_str(peer_address),
                user_agent: &intern_str(user_agent),
            },
        );
        CEdge { target, server }
    };

    let mut endpoints = Vec::with_capacity(r.service_of.len());
    for (si, svc) in s.services.iter().enumerate() {
        for (j, ep) in svc.endpoints.iter().enumerate() {
            let flat = r.first_endpoint[si] as usize + j;
            let targets = r.call_targets.get(flat).map(Vec::as_slice).unwrap_or(&[]);
            let steps = ep
                .steps
                .iter()
                .zip(targets)
                .map(|(step, target)| match (step, target) {
                    (Step::Call(call) | Step::CallWith(call, _), Some(t)) => {
                        let (callee, callee_ep) = endpoint_at(s, r, *t);
                        let url = intern(&format!(
                            "http://{}:{}{}",
                            callee.host, callee.port, callee_ep.route
                        ));
                        let client_attributes = semconv::client_start(
                            reports,
                            &ClientRequest {
                                method: &intern_str(&callee_ep.method),
                                url: &url,
                                host: &intern_str(&callee.host),
                                port: callee.port,
                                user_agent: &intern_str(&svc.user_agent),
                            },
                        );
                        let policy = match step {
                            Step::CallWith(_, policy) => Some(c_policy(policy, callee)),
                            _ => None,
                        };
                        CStep::Call(CCall {
                            edge: edge(*t, &svc.address, &svc.user_agent),
                            count: call.count,
                            parallel: call.mode == FanOutMode::Parallel,
                            client_name: intern_str(&callee_ep.method),
                            client_attributes,
                            policy,
                        })
                    }
                    (Step::Span(span), _) => CStep::Span(CSpan {
                        name: intern_str(&span.name),
                        kind: span.kind,
                        scope: shared(&span.scope),
                        duration: NsDist::from(&span.duration),
                        attributes: span
                            .attributes
                            .iter()
                            .map(|kv| KeyValue {
                                key: intern_str(&kv.key),
                                value: kv.value.clone(),
                            })
                            .collect(),
                    }),
                    (Step::Work(latency), _) => CStep::Work(NsDist::from(latency)),
                    // Resolution gives every call a target; an unresolved one does nothing.
                    (Step::Call(_) | Step::CallWith(..), None) => {
                        CStep::Work(NsDist::Uniform(NsRange { min: 0, max: 0 }))
                    }
                })
                .collect();
            let body = match ep.body.split_once(DOWNSTREAM_BODY) {
                Some((before, after)) => Body::Wrap {
                    before: intern(before),
                    after: intern(after),
                },
                None => Body::Fixed(intern_str(&ep.body)),
            };
            endpoints.push(CEndpoint {
                service: si as u32,
                span_name: intern(&format!("{} {}", ep.method, ep.route)),
                steps,
                body,
                error: ep.error.as_ref().map(CError::from),
                incidents: Vec::new(),
            });
        }
    }
    for (incident, target) in s.incidents.iter().zip(&r.incident_targets) {
        let from = ms_to_ns(incident.from_ms);
        if let Some(endpoint) = endpoints.get_mut(*target as usize) {
            endpoint.incidents.push(CIncident {
                from,
                until: from.saturating_add(ms_to_ns(incident.duration_ms)),
                latency: incident.latency.as_ref().map(NsDist::from),
                error: incident.error.as_ref().map(CError::from),
            });
        }
    }
    Compiled {
        services,
        endpoints,
        entry: edge(r.entry, &s.client.address, &s.client.user_agent),
        delay_ns: ms_to_ns(s.network_delay_ms),
        overhead: NsDist::from(&s.overhead),
        spans_per_request: r.spans_per_request,
    }
}

/// The service and endpoint behind a flat index that `resolve` produced (so it is in range).
fn endpoint_at<'a>(s: &'a Scenario, r: &Resolved, flat: u32) -> (&'a Service, &'a Endpoint) {
    let si = r.service_of[flat as usize] as usize;
    let svc = &s.services[si];
    (svc, &svc.endpoints[(flat - r.first_endpoint[si]) as usize])
}

/// The run form of a call policy; `callee` names the host in the timeout message.
fn c_policy(p: &CallPolicy, callee: &Service) -> CPolicy {
    let timeout_s = p.timeout_ms.unwrap_or(0.0) / 1000.0;
    CPolicy {
        timeout: p.timeout_ms.map(ms_to_ns),
        retries: p.retries,
        backoff: ms_to_ns(p.backoff_ms),
        multiplier: p.backoff_multiplier,
        timeout_message: intern(&format!(
            "HTTPConnectionPool(host='{}', port={}): Read timed out. (read timeout={timeout_s})",
            callee.host, callee.port
        )),
    }
}

/// The resource of one service instance: what the SDK sets, then the scenario's own
/// attributes (`OTEL_RESOURCE_ATTRIBUTES`).
fn resource(svc: &Service, instance_id: String) -> Resource {
    let mut attributes = vec![
        KeyValue::str("service.name", intern_str(&svc.name)),
        KeyValue::str("service.instance.id", instance_id),
        KeyValue::str("telemetry.sdk.language", SDK_LANGUAGE),
        KeyValue::str("telemetry.sdk.name", SDK_NAME),
        KeyValue::str("telemetry.sdk.version", SDK_VERSION),
    ];
    attributes.extend(svc.resource_attributes.iter().map(|kv| KeyValue {
        key: intern_str(&kv.key),
        value: kv.value.clone(),
    }));
    Resource {
        service_name: intern_str(&svc.name),
        attributes,
        // The Python SDK's resource names no schema (`Resource.schema_url` is empty).
        schema_url: Str::Borrowed(""),
    }
}
