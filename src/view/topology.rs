//! The service map before any request: the (caller, callee) pairs a scenario's calls make, so
//! the page can draw the services and their arrows from the scenario alone, and the traces fill
//! in the numbers later ([`super::service_map`]).
//!
//! A pair is what [`super::service_map`] would count once requests ran: each `Call` step of an
//! endpoint gives (its service, the target service); a CLIENT or PRODUCER manual span (a
//! database driver's query) gives (its service, its `peer.service` or else `db.system`
//! attribute), the name the map gives a callee that leaves no span.

use crate::model::{AttrValue, SpanKind};
use crate::sim::{Scenario, Step};

/// Every (caller, callee) pair of `scenario`, in the order its services and steps list them,
/// each once.
pub fn topology(scenario: &Scenario) -> Vec<(String, String)> {
    let mut pairs: Vec<(String, String)> = Vec::new();
    for service in &scenario.services {
        for step in service.endpoints.iter().flat_map(|e| &e.steps) {
            let callee = match step {
                Step::Call(call) => Some(call.target.service.to_string()),
                Step::Span(span) if matches!(span.kind, SpanKind::Client | SpanKind::Producer) => {
                    ["peer.service", "db.system"].iter().find_map(|key| {
                        span.attributes
                            .iter()
                            .find(|kv| kv.key == *key)
                            .and_then(|kv| match &kv.value {
                                AttrValue::Str(s) if !s.is_empty() => Some(s.to_string()),
                                _ => None,
                            })
                    })
                }
                _ => None,
            };
            if let Some(callee) = callee {
                let pair = (service.name.to_string(), callee);
                if !pairs.contains(&pair) {
                    pairs.push(pair);
                }
            }
        }
    }
    pairs
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::LabOptions;
    use crate::view::layered::LayoutOptions;
    use crate::view::service_map::service_map;

    fn pairs(options: LabOptions) -> Vec<(String, String)> {
        let scenario = Scenario::lab_with(&options).expect("valid lab");
        topology(&scenario)
    }

    fn owned(list: &[(&str, &str)]) -> Vec<(String, String)> {
        list.iter()
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .collect()
    }

    #[test]
    fn the_lab_is_a_calling_b() {
        assert_eq!(
            pairs(LabOptions::default()),
            owned(&[("service-a", "service-b")])
        );
    }

    #[test]
    fn the_fan_out_adds_db_and_its_sqlite_once() {
        let options = LabOptions {
            fan_out: 3,
            heavy_calc: true,
            ..LabOptions::default()
        };
        let expected = [
            ("service-a", "service-b"),
            ("service-b", "db"),
            ("db", "sqlite"),
        ];
        assert_eq!(pairs(options), owned(&expected), "two SELECTs, one pair");
    }

    #[test]
    fn the_ten_service_preset_is_drawn_before_any_request_without_overlaps() {
        let loaded = crate::sim::presets::preset("ten-services")
            .expect("the preset ships")
            .load()
            .expect("the preset is valid");
        let pairs = topology(&loaded.scenario);
        let none: &[crate::model::Trace] = &[];
        let map = service_map(&pairs, none, &LayoutOptions::default());
        let services: std::collections::BTreeSet<&str> = pairs
            .iter()
            .flat_map(|(a, b)| [a.as_str(), b.as_str()])
            .collect();
        assert!(map.nodes.len() >= 10, "{} services", map.nodes.len());
        assert_eq!(map.nodes.len(), services.len());
        assert_eq!(map.edges.len(), pairs.len(), "one arrow per pair");
        let o = &map.options;
        for (i, a) in map.nodes.iter().enumerate() {
            for b in &map.nodes[i + 1..] {
                let apart = a.x + o.node_width <= b.x
                    || b.x + o.node_width <= a.x
                    || a.y + o.node_height <= b.y
                    || b.y + o.node_height <= a.y;
                assert!(apart, "{} overlaps {}", a.name, b.name);
            }
        }
    }

    #[test]
    fn the_map_drawn_before_and_after_a_request_has_the_same_edges() {
        use crate::sim::{simulate, Arrival};
        let options = LabOptions {
            fan_out: 2,
            ..LabOptions::default()
        };
        let scenario = Scenario::lab_with(&options).expect("valid lab");
        let before = topology(&scenario);
        let arrival = Arrival::BackToBack { concurrency: 1 };
        let run = simulate(&scenario, &options.run_settings(), 5, 1, arrival, 1);
        let traces = crate::model::Trace::group(run.expect("runs").spans);
        let none: &[(String, String)] = &[];
        let after = service_map(none, &traces, &LayoutOptions::default());
        let drawn: Vec<(String, String)> = after
            .edges
            .iter()
            .map(|e| {
                (
                    after.nodes[e.from].name.clone(),
                    after.nodes[e.to].name.clone(),
                )
            })
            .collect();
        let mut before_sorted = before.clone();
        before_sorted.sort();
        let mut drawn_sorted = drawn;
        drawn_sorted.sort();
        assert_eq!(before_sorted, drawn_sorted);
    }
}
