//! Checks a scenario and resolves its by-name calls to indices.
//!
//! Endpoints are numbered in one flat list (service by service). Services must form a DAG:
//! a service that calls itself, directly or round a loop, could deadlock its own workers, and a
//! loop of endpoints would never finish; both are refused. The DAG also gives the order in which
//! the spans a request makes can be counted (callees before callers).

use super::error::{
    ConfigError, MAX_DURATION_MS, MAX_FAN_OUT, MAX_RETRIES, MAX_SERVICES, MAX_WORKERS,
};
use super::scenario::{Call, CallPolicy, ErrorRule, Incident, Scenario, Step, Target};

/// A valid scenario's shape, by index.
#[derive(Clone, Debug)]
pub(crate) struct Resolved {
    /// Flat endpoint index → its service's index.
    pub service_of: Vec<u32>,
    /// Service index → flat index of its first endpoint.
    pub first_endpoint: Vec<u32>,
    /// The flat endpoint requests enter.
    pub entry: u32,
    /// Flat endpoint → for each step, the flat endpoint a `Call` step targets.
    pub call_targets: Vec<Vec<Option<u32>>>,
    /// Spans one request makes when everything is sampled and every retry happens
    /// (saturating).
    pub spans_per_request: u64,
    /// For each incident, the flat endpoint it targets.
    pub incident_targets: Vec<u32>,
}

impl Scenario {
    /// Checks every rule a scenario must follow; the engine runs only valid scenarios.
    pub fn validate(&self) -> Result<(), ConfigError> {
        resolve(self).map(|_| ())
    }

    /// Spans one request through this scenario makes when every span is sampled.
    pub fn spans_per_request(&self) -> Result<u64, ConfigError> {
        resolve(self).map(|r| r.spans_per_request)
    }
}

pub(crate) fn resolve(s: &Scenario) -> Result<Resolved, ConfigError> {
    if s.services.is_empty() {
        return Err(ConfigError::EmptyScenario("it has no services".into()));
    }
    if s.services.len() > MAX_SERVICES {
        return Err(ConfigError::TooManyServices(s.services.len()));
    }
    if !s.network_delay_ms.is_finite() || s.network_delay_ms < 0.0 {
        return Err(ConfigError::NetworkDelay(s.network_delay_ms));
    }
    s.overhead.check(|| "handler overhead".into())?;

    // (name, index) sorted by name; a scenario has a handful of services.
    let mut by_name: Vec<(&str, usize)> = Vec::new();
    let mut service_of = Vec::new();
    let mut first_endpoint = Vec::new();
    for (i, service) in s.services.iter().enumerate() {
        match by_name.binary_search_by_key(&service.name.as_ref(), |&(name, _)| name) {
            Ok(_) => return Err(ConfigError::DuplicateService(service.name.to_string())),
            Err(at) => by_name.insert(at, (service.name.as_ref(), i)),
        }
        if service.endpoints.is_empty() {
            let why = format!("service {:?} has no endpoints", service.name);
            return Err(ConfigError::EmptyScenario(why));
        }
        if let Some(w) = service.workers.filter(|w| *w == 0 || *w > MAX_WORKERS) {
            return Err(ConfigError::Workers {
                service: service.name.to_string(),
                workers: w,
            });
        }
        first_endpoint.push(service_of.len() as u32);
        for (j, endpoint) in service.endpoints.iter().enumerate() {
            if service.endpoints[..j]
                .iter()
                .any(|e| e.route == endpoint.route)
            {
                return Err(ConfigError::DuplicateEndpoint {
                    service: service.name.to_string(),
                    route: endpoint.route.to_string(),
                });
            }
            service_of.push(i as u32);
        }
    }

    let find = |from: &dyn Fn() -> String, t: &Target| -> Result<u32, ConfigError> {
        let found = by_name.binary_search_by_key(&t.service.as_ref(), |&(name, _)| name);
        let Some(&(_, si)) = found.ok().and_then(|at| by_name.get(at)) else {
            return Err(ConfigError::UnknownService {
                from: from(),
                service: t.service.to_string(),
            });
        };
        let service = &s.services[si];
        match service.endpoints.iter().position(|e| e.route == t.route) {
            Some(j) => Ok(first_endpoint[si] + j as u32),
            None => Err(ConfigError::UnknownEndpoint {
                from: from(),
                service: t.service.to_string(),
                route: t.route.to_string(),
            }),
        }
    };

    let entry = find(&|| "the entry point".into(), &s.entry)?;
    let mut call_targets = Vec::with_capacity(service_of.len());
    let mut service_edges: Vec<Vec<usize>> = vec![Vec::new(); s.services.len()];
    for (si, service) in s.services.iter().enumerate() {
        for endpoint in &service.endpoints {
            let here = || format!("{} {} {}", service.name, endpoint.method, endpoint.route);
            if let Some(rule) = &endpoint.error {
                check_error_rule(rule, here)?;
            }
            let mut targets = Vec::with_capacity(endpoint.steps.len());
            for step in &endpoint.steps {
                targets.push(match step {
                    Step::Work(latency) => {
                        latency.check(|| format!("work of {}", here()))?;
                        None
                    }
                    Step::Span(span) => {
                        span.duration
                            .check(|| format!("span {:?} of {}", span.name, here()))?;
                        None
                    }
                    Step::Call(call) | Step::CallWith(call, _) => {
                        if call.count > MAX_FAN_OUT {
                            return Err(ConfigError::FanOut(call.count));
                        }
                        if let Step::CallWith(_, policy) = step {
                            check_policy(policy)
                                .map_err(|why| ConfigError::CallPolicy { from: here(), why })?;
                        }
                        let target = find(&here, &call.target)?;
                        service_edges[si].push(service_of[target as usize] as usize);
                        Some(target)
                    }
                });
            }
            call_targets.push(targets);
        }
    }

    let order = topological_order(&service_edges).map_err(|stuck| {
        let names: Vec<&str> = stuck.iter().map(|&i| s.services[i].name.as_ref()).collect();
        ConfigError::CallCycle(format!(
            "services {} call each other in a loop",
            names.join(", ")
        ))
    })?;
    let mut incident_targets = Vec::with_capacity(s.incidents.len());
    for (index, incident) in s.incidents.iter().enumerate() {
        let from = || format!("incident {}", index + 1);
        let target = find(&from, &incident.target)?;
        check_incident(incident).map_err(|why| ConfigError::Incident { index, why })?;
        if let Some(latency) = &incident.latency {
            latency.check(|| format!("latency of incident {}", index + 1))?;
        }
        if let Some(rule) = &incident.error {
            check_error_rule(rule, from)?;
        }
        incident_targets.push(target);
    }
    let spans = count_spans(s, &order, &first_endpoint, &call_targets);
    let spans_per_request = spans.get(entry as usize).copied().unwrap_or(0);
    Ok(Resolved {
        service_of,
        first_endpoint,
        entry,
        call_targets,
        spans_per_request,
        incident_targets,
    })
}

fn check_error_rule(rule: &ErrorRule, endpoint: impl Fn() -> String) -> Result<(), ConfigError> {
    if !(0.0..=100.0).contains(&rule.rate_percent) {
        return Err(ConfigError::ErrorRate {
            endpoint: endpoint(),
            percent: rule.rate_percent,
        });
    }
    if !(100..=599).contains(&rule.status) {
        return Err(ConfigError::HttpStatus {
            endpoint: endpoint(),
            status: rule.status,
        });
    }
    Ok(())
}

/// A duration in milliseconds the engine can add to a clock: finite, in 0..=MAX_DURATION_MS.
fn in_range(ms: f64) -> bool {
    (0.0..=MAX_DURATION_MS).contains(&ms)
}

fn check_policy(p: &CallPolicy) -> Result<(), String> {
    if let Some(ms) = p.timeout_ms {
        if !(in_range(ms) && ms > 0.0) {
            return Err(format!(
                "timeout must be above 0 and at most {MAX_DURATION_MS} ms, got {ms}"
            ));
        }
    }
    if p.retries > MAX_RETRIES {
        return Err(format!(
            "retries must be at most {MAX_RETRIES}, got {}",
            p.retries
        ));
    }
    if !in_range(p.backoff_ms) {
        return Err(format!(
            "backoff must be between 0 and {MAX_DURATION_MS} ms, got {}",
            p.backoff_ms
        ));
    }
    if !(1.0..=10.0).contains(&p.backoff_multiplier) {
        return Err(format!(
            "backoff multiplier must be between 1 and 10, got {}",
            p.backoff_multiplier
        ));
    }
    Ok(())
}

fn check_incident(i: &Incident) -> Result<(), String> {
    if !in_range(i.from_ms) {
        return Err(format!(
            "its start must be between 0 and {MAX_DURATION_MS} ms after the run starts, got {}",
            i.from_ms
        ));
    }
    if !(in_range(i.duration_ms) && i.duration_ms > 0.0) {
        return Err(format!(
            "its length must be above 0 and at most {MAX_DURATION_MS} ms, got {}",
            i.duration_ms
        ));
    }
    if i.latency.is_none() && i.error.is_none() {
        return Err("it changes nothing: give it a latency, an error rate, or both".into());
    }
    Ok(())
}

/// Kahn's algorithm: services ordered callers first; on a cycle, the services left in it.
fn topological_order(edges: &[Vec<usize>]) -> Result<Vec<usize>, Vec<usize>> {
    let mut indegree = vec![0u32; edges.len()];
    for targets in edges {
        for &t in targets {
            indegree[t] += 1;
        }
    }
    let mut ready: Vec<usize> = (0..edges.len()).filter(|&i| indegree[i] == 0).collect();
    let mut order = Vec::with_capacity(edges.len());
    while let Some(i) = ready.pop() {
        order.push(i);
        for &t in &edges[i] {
            indegree[t] -= 1;
            if indegree[t] == 0 {
                ready.push(t);
            }
        }
    }
    if order.len() == edges.len() {
        Ok(order)
    } else {
        Err((0..edges.len()).filter(|&i| indegree[i] > 0).collect())
    }
}

/// Spans per flat endpoint, counted callees first: its SERVER span, each manual span, and per
/// call a CLIENT span plus everything the callee makes.
fn count_spans(
    s: &Scenario,
    callers_first: &[usize],
    first_endpoint: &[u32],
    call_targets: &[Vec<Option<u32>>],
) -> Vec<u64> {
    let mut spans = vec![0u64; call_targets.len()];
    for &si in callers_first.iter().rev() {
        for (j, endpoint) in s.services[si].endpoints.iter().enumerate() {
            let flat = first_endpoint[si] as usize + j;
            let mut total: u64 = 1;
            for (step, target) in endpoint.steps.iter().zip(&call_targets[flat]) {
                let per_call = |call: &Call, attempts: u64| {
                    let t = target.map_or(0, |t| spans[t as usize]);
                    t.saturating_add(1)
                        .saturating_mul(u64::from(call.count))
                        .saturating_mul(attempts)
                };
                let add = match step {
                    Step::Span(_) => 1,
                    Step::Call(call) => per_call(call, 1),
                    Step::CallWith(call, policy) => per_call(call, u64::from(policy.retries) + 1),
                    Step::Work(_) => 0,
                };
                total = total.saturating_add(add);
            }
            spans[flat] = total;
        }
    }
    spans
}
