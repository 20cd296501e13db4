//! Call loops, named hop by hop. The simulator refuses services that call each other in a loop
//! (a service calling itself included, even through another endpoint): with worker limits the
//! loop could deadlock, and a loop of endpoints would never finish. Every call is counted,
//! switched on or not, so flipping a switch can never create a loop.

use super::locate::Path;
use super::types::ScenarioFile;
use super::validate::{resolve_target, Report};

/// A call from one endpoint to another: (from service, from endpoint, step path) → (service,
/// endpoint).
struct Edge {
    from: (usize, usize),
    to: (usize, usize),
    path: Path,
}

/// Finds one loop, reports it at the call that closes it, and stops: fixing it may fix others.
pub(super) fn check(file: &ScenarioFile, report: &mut Report) {
    let mut edges: Vec<Vec<Edge>> = (0..file.services.len()).map(|_| Vec::new()).collect();
    for (si, service) in file.services.iter().enumerate() {
        for (ei, endpoint) in service.endpoints.iter().enumerate() {
            for (k, step) in endpoint.steps.iter().enumerate() {
                let Some(Ok(to)) = step.call.as_ref().map(|t| resolve_target(file, t)) else {
                    continue;
                };
                let path = Path::default()
                    .key("services")
                    .index(si)
                    .key("endpoints")
                    .index(ei)
                    .key("steps")
                    .index(k)
                    .key("call");
                edges[si].push(Edge {
                    from: (si, ei),
                    to,
                    path,
                });
            }
        }
    }
    // Depth-first search over services, iteratively: 0 = unseen, 1 = on the stack, 2 = done.
    let mut state = vec![0u8; edges.len()];
    for root in 0..edges.len() {
        if state[root] != 0 {
            continue;
        }
        // (service, next edge to follow, edge that led here)
        let mut stack: Vec<(usize, usize, Option<&Edge>)> = vec![(root, 0, None)];
        state[root] = 1;
        while let Some(top) = stack.last_mut() {
            let (service, next) = (top.0, top.1);
            let Some(edge) = edges[service].get(next) else {
                state[service] = 2;
                stack.pop();
                continue;
            };
            top.1 += 1;
            let callee = edge.to.0;
            match state[callee] {
                0 => {
                    state[callee] = 1;
                    stack.push((callee, 0, Some(edge)));
                }
                1 => return report_loop(file, &stack, edge, report),
                _ => {}
            }
        }
    }
}

/// `a GET / → b GET /data → a GET /`: the hops from where the loop starts to the call that
/// closes it.
fn report_loop(
    file: &ScenarioFile,
    stack: &[(usize, usize, Option<&Edge>)],
    closing: &Edge,
    report: &mut Report,
) {
    let name = |(s, e): (usize, usize)| {
        let service = &file.services[s];
        let endpoint = &service.endpoints[e];
        let method = endpoint.method.as_deref().unwrap_or("GET");
        format!("{} {method} {}", service.name, endpoint.route)
    };
    // The edges on the stack after the loop's first service entered it, then the closing one.
    let start = stack
        .iter()
        .position(|(s, _, _)| *s == closing.to.0)
        .unwrap_or(0);
    let mut hops: Vec<&Edge> = stack[start + 1..].iter().filter_map(|f| f.2).collect();
    hops.push(closing);
    let mut text = String::new();
    let mut at = None;
    for hop in &hops {
        // The loop is between services: a hop may leave from another endpoint of the service
        // the previous hop reached.
        if at != Some(hop.from) {
            if at.is_some() {
                text += ", and ";
            }
            text += &name(hop.from);
        }
        text += &format!(" → {}", name(hop.to));
        at = Some(hop.to);
    }
    let what = if hops.len() == 1 && closing.from.0 == closing.to.0 {
        "a service calls itself"
    } else {
        "calls loop back to a service already in the request"
    };
    report.add(
        closing.path.clone(),
        format!("{what}: {text}; a request would never finish: remove one of these calls"),
    );
}
