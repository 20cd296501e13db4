//! Checks a scenario and resolves its by-name calls to indices.
//!
//! Endpoints are numbered in one flat list (service by service). Services must form a DAG:
//! a service that calls itself, directly or round a loop, could deadlock its own workers, and a
//! loop of endpoints would never finish; both are refused. The DAG also gives the order in which
//! the spans a request makes can be counted (callees before callers).

use super::error::{ConfigError, MAX_FAN_OUT, MAX_WORKERS};
use super::scenario::{Scenario, Step, Target};

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
    /// Spans one request makes when everything is sampled (saturating).
    pub spans_per_request: u64,
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
                if !(0.0..=100.0).contains(&rule.rate_percent) {
                    return Err(ConfigError::ErrorRate {
                        endpoint: here(),
                        percent: rule.rate_percent,
                    });
                }
                if !(100..=599).contains(&rule.status) {
                    return Err(ConfigError::HttpStatus {
                        endpoint: here(),
                        status: rule.status,
                    });
                }
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
                    Step::Call(call) => {
                        if call.count > MAX_FAN_OUT {
                            return Err(ConfigError::FanOut(call.count));
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
    let spans = count_spans(s, &order, &first_endpoint, &call_targets);
    let spans_per_request = spans.get(entry as usize).copied().unwrap_or(0);
    Ok(Resolved {
        service_of,
        first_endpoint,
        entry,
        call_targets,
        spans_per_request,
    })
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
                let add = match (step, target) {
                    (Step::Span(_), _) => 1,
                    (Step::Call(call), Some(t)) => {
                        let per_call = spans[*t as usize].saturating_add(1);
                        per_call.saturating_mul(u64::from(call.count))
                    }
                    _ => 0,
                };
                total = total.saturating_add(add);
            }
            spans[flat] = total;
        }
    }
    spans
}
