//! Checks a parsed scenario file before it is converted: every rule the simulator enforces,
//! checked here with the path of the offending value so the message can name its line, and
//! worded to say what to do. Step rules are in [`super::steps`], call loops in
//! [`super::cycles`]. The simulator's own checks (`Scenario::validate`) run again after
//! conversion as a safety net.

use super::error::{quote_all, suggest};
use super::locate::Path;
use super::types::{ErrorsFile, ScenarioFile, ServiceFile};
use super::values::TargetSpec;
use crate::sim::{Latency, MAX_WORKERS};
use crate::sim::{Propagator, MAX_DURATION_MS, MAX_SERVICES, MAX_SPANS_PER_RUN};

/// Problems found so far, each with the path of the value it is about.
#[derive(Default)]
pub(super) struct Report {
    pub problems: Vec<(Path, String)>,
}

impl Report {
    pub fn add(&mut self, path: Path, message: impl Into<String>) {
        self.problems.push((path, message.into()));
    }

    /// A latency the simulator would refuse.
    pub fn latency(&mut self, path: Path, latency: &Latency) {
        if let Err(e) = latency.check(|| "latency".into()) {
            self.add(path, format!("{e}"));
        }
    }

    /// A duration that must lie in `0..=MAX_DURATION_MS` (and above 0 when `positive`).
    pub fn duration(&mut self, path: Path, what: &str, ms: f64, positive: bool) {
        let ok = (0.0..=MAX_DURATION_MS).contains(&ms) && (!positive || ms > 0.0);
        if !ok {
            let low = if positive { "above 0" } else { "at least 0" };
            self.add(
                path,
                format!(
                    "{what} must be {low} and at most {MAX_DURATION_MS} ms (one hour), got {ms} ms"
                ),
            );
        }
    }

    /// A switch name in `when` / `unless` that is not declared.
    pub fn switch_ref(
        &mut self,
        path: &Path,
        when: &Option<String>,
        unless: &Option<String>,
        switches: &[&str],
    ) {
        for (key, name) in [("when", when), ("unless", unless)] {
            if let Some(name) = name.as_deref().filter(|n| !switches.contains(n)) {
                let mut message = format!("there is no switch named `{name}`");
                if switches.is_empty() {
                    message += "; declare it under `switches`";
                } else {
                    message += &format!(
                        "; {} (or declare it under `switches`)",
                        suggest(name, switches)
                    );
                }
                self.add(path.key(key), message);
            }
        }
    }
}

/// Resources the SDK sets itself; a file setting them would contradict the span's service.
const RESERVED_RESOURCE_KEYS: [&str; 5] = [
    "service.name",
    "service.instance.id",
    "telemetry.sdk.language",
    "telemetry.sdk.name",
    "telemetry.sdk.version",
];

/// HTTP methods an endpoint may declare.
const METHODS: [&str; 7] = ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"];

/// Finds a call target's (service, endpoint) indices, or says why it cannot.
pub(super) fn resolve_target(
    file: &ScenarioFile,
    t: &TargetSpec,
) -> Result<(usize, usize), String> {
    let names: Vec<&str> = file.services.iter().map(|s| s.name.as_str()).collect();
    let Some(si) = names.iter().position(|n| *n == t.service) else {
        return Err(format!(
            "there is no service named `{}`; {}",
            t.service,
            suggest(&t.service, &names)
        ));
    };
    let service = &file.services[si];
    let routes: Vec<&str> = service.endpoints.iter().map(|e| e.route.as_str()).collect();
    match &t.route {
        Some(route) => match routes.iter().position(|r| r == route) {
            Some(ei) => Ok((si, ei)),
            None => Err(format!(
                "service `{}` has no route `{route}`; {}",
                t.service,
                suggest(route, &routes)
            )),
        },
        None if routes.len() == 1 => Ok((si, 0)),
        None => Err(format!(
            "service `{}` has {} endpoints ({}): name one, like `{}{}`",
            t.service,
            routes.len(),
            quote_all(&routes),
            t.service,
            routes.first().copied().unwrap_or("/")
        )),
    }
}

/// Every rule, in file order.
pub(super) fn validate(file: &ScenarioFile) -> Report {
    let mut report = Report::default();
    let root = Path::default();
    let switches = check_switches(file, &mut report);
    if let Some(delay) = file.network_delay {
        report.duration(root.key("network_delay"), "network delay", delay.0, false);
    }
    if let Some(overhead) = &file.overhead {
        report.latency(root.key("overhead"), &overhead.0);
    }
    if let Some(entry) = &file.entry {
        if let Err(why) = resolve_target(file, entry) {
            report.add(root.key("entry"), why);
        }
    }
    let services = root.key("services");
    if file.services.is_empty() {
        report.add(
            services.clone(),
            "a scenario needs at least one service: add one under `services`",
        );
    }
    if file.services.len() > MAX_SERVICES {
        report.add(
            services.clone(),
            format!(
                "a scenario may have at most {MAX_SERVICES} services, this one has {}: remove some",
                file.services.len()
            ),
        );
    }
    for (i, service) in file.services.iter().enumerate() {
        check_service(file, i, service, &services.index(i), &switches, &mut report);
    }
    check_expansion(file, &services, &mut report);
    super::cycles::check(file, &mut report);
    for (i, incident) in file.incidents.iter().enumerate() {
        super::window::check_incident(
            file,
            incident,
            &root.key("incidents").index(i),
            &switches,
            &mut report,
        );
    }
    if let Some(traffic) = &file.traffic {
        super::window::check_traffic(traffic, &root.key("traffic"), &mut report);
    }
    report
}

/// A span or query step with `count: n` becomes n steps; the sum must stay within what one run
/// could ever record, so a file cannot make the converter allocate without bound.
fn check_expansion(file: &ScenarioFile, services: &Path, report: &mut Report) {
    let steps = file
        .services
        .iter()
        .flat_map(|s| &s.endpoints)
        .flat_map(|e| &e.steps);
    let expanded = steps
        .filter(|s| s.call.is_none())
        .map(|s| u64::from(s.count.unwrap_or(1)))
        .fold(0u64, u64::saturating_add);
    if expanded > MAX_SPANS_PER_RUN {
        report.add(
            services.clone(),
            format!(
                "the steps here repeat to {expanded} span and query steps, above the limit of \
                 {MAX_SPANS_PER_RUN} spans per run: lower their `count`"
            ),
        );
    }
}

fn check_switches<'a>(file: &'a ScenarioFile, report: &mut Report) -> Vec<&'a str> {
    let mut names: Vec<&str> = Vec::new();
    for (i, switch) in file.switches.iter().enumerate() {
        let path = Path::default().key("switches").index(i).key("name");
        if switch.name.trim().is_empty() {
            report.add(path, "a switch needs a name");
        } else if names.contains(&switch.name.as_str()) {
            report.add(
                path,
                format!(
                    "another switch is already named `{}`: give each switch its own name",
                    switch.name
                ),
            );
        } else {
            names.push(&switch.name);
        }
    }
    names
}

fn check_service(
    file: &ScenarioFile,
    i: usize,
    s: &ServiceFile,
    path: &Path,
    switches: &[&str],
    report: &mut Report,
) {
    let name = path.key("name");
    if s.name.trim().is_empty() {
        report.add(name.clone(), "a service needs a name");
    }
    if s.name.contains('/') {
        report.add(
            name.clone(),
            "a service name cannot contain `/` (calls are written `service/route`): rename it",
        );
    }
    if let Some(first) = file.services[..i].iter().position(|o| o.name == s.name) {
        report.add(
            name,
            format!(
                "services[{first}] is already named `{}`: give each service its own name",
                s.name
            ),
        );
    }
    let port = |k: usize, o: &ServiceFile| o.port.unwrap_or(5000u16.saturating_add(k as u16));
    let this_port = port(i, s);
    if let Some(other) = file.services[..i]
        .iter()
        .enumerate()
        .find(|(k, o)| port(*k, o) == this_port)
    {
        report.add(
            path.key("port"),
            format!(
                "port {this_port} is already used by service `{}`: give each service its own port",
                other.1.name
            ),
        );
    }
    if let Some(workers) = s
        .workers
        .and_then(|w| w.0)
        .filter(|w| *w == 0 || *w > MAX_WORKERS)
    {
        report.add(
            path.key("workers"),
            format!("workers must be between 1 and {MAX_WORKERS}, or `unlimited`; got {workers}"),
        );
    }
    for key in s.resource.keys() {
        if RESERVED_RESOURCE_KEYS.contains(&key.as_str()) {
            report.add(
                path.key("resource").key(key),
                format!("`{key}` is set by the simulator; remove it here"),
            );
        } else if key.trim().is_empty() {
            report.add(path.key("resource"), "a resource attribute needs a name");
        }
    }
    if let Some(list) = &s.propagators {
        check_propagators(&list.0, &path.key("propagators"), report);
    }
    if s.endpoints.is_empty() {
        report.add(
            path.key("endpoints"),
            format!("service `{}` has no endpoints: add at least one", s.name),
        );
    }
    for (j, endpoint) in s.endpoints.iter().enumerate() {
        let ep = path.key("endpoints").index(j);
        if !endpoint.route.starts_with('/') {
            report.add(
                ep.key("route"),
                format!("a route starts with `/`, like `/{}`", endpoint.route.trim()),
            );
        }
        if s.endpoints[..j].iter().any(|o| o.route == endpoint.route) {
            report.add(
                ep.key("route"),
                format!(
                    "service `{}` already has route `{}`: give each endpoint its own route",
                    s.name, endpoint.route
                ),
            );
        }
        if let Some(method) = endpoint.method.as_deref().filter(|m| !METHODS.contains(m)) {
            report.add(
                ep.key("method"),
                format!(
                    "unknown HTTP method `{method}`; {}",
                    suggest(method, &METHODS)
                ),
            );
        }
        for (k, step) in endpoint.steps.iter().enumerate() {
            super::steps::check(file, step, &ep.key("steps").index(k), switches, report);
        }
        if let Some(errors) = &endpoint.errors {
            check_errors(errors, &ep.key("errors"), switches, report);
        }
    }
}

fn check_propagators(names: &[String], path: &Path, report: &mut Report) {
    let known: Vec<&str> = Propagator::KNOWN.iter().map(|p| p.name()).collect();
    if names.is_empty() {
        report.add(
            path.clone(),
            "list at least one propagator, or `none` for no propagation",
        );
    }
    for (i, name) in names.iter().enumerate() {
        if Propagator::from_name(name).is_none() {
            report.add(
                path.index(i),
                format!(
                    "unknown propagator `{name}`; {} (OTEL_PROPAGATORS names)",
                    suggest(name, &known)
                ),
            );
        }
    }
    if names.len() > 1 && names.iter().any(|n| n == "none") {
        report.add(path.clone(), "`none` turns propagation off, so it cannot be listed with others: keep `none` alone or remove it");
    }
}

pub(super) fn check_rate(
    percent: f64,
    status: Option<u16>,
    path: &Path,
    rate_key: &str,
    report: &mut Report,
) {
    if !(0.0..=100.0).contains(&percent) {
        report.add(
            path.key(rate_key),
            format!("an error rate is between 0% and 100%, got {percent}%"),
        );
    }
    if let Some(status) = status.filter(|s| !(100..=599).contains(s)) {
        report.add(
            path.key("status"),
            format!("status must be an HTTP status between 100 and 599, got {status}"),
        );
    }
}

fn check_errors(e: &ErrorsFile, path: &Path, switches: &[&str], report: &mut Report) {
    check_rate(e.rate.0, e.status, path, "rate", report);
    report.switch_ref(path, &e.when, &e.unless, switches);
}
