//! The **Workers** fields (issue 12: "Every service-specific list in the page (worker fields,
//! ...) comes from the scenario; adding a service is a data change"): one field per service of
//! the scenario that runs, labelled with the service's name, and what setting one does.
//!
//! - The lab keeps its three fields (`service-a`, `service-b`, `db`, with the ids and URL keys
//!   `workers_a`, `workers_b`, `workers_db` links already carry): they set
//!   [`LabOptions`](crate::sim::LabOptions), and the lab's text follows
//!   ([`State::follow_controls`]). `db` is listed even without Fan-out, as before: a limit set
//!   ahead applies once Fan-out calls it.
//! - Any other scenario: a field per service, in the scenario's order; setting one rewrites
//!   that service's `workers:` in the text ([`set_workers`]), so the Scenario tab shows the
//!   change and the link carries it. While the text is broken the fields are read-only: the
//!   edit would have to go into a text that does not parse.

use super::State;
use crate::sim::file::reader::reader;
use crate::sim::LabOptions;
use crate::view::url::ScenarioLink;

/// One worker field.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WorkerField {
    /// The input's DOM id.
    pub id: String,
    /// The service, which is also the field's label.
    pub service: String,
    /// `None`: unlimited.
    pub workers: Option<u32>,
}

/// The Workers fieldset.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WorkerFields {
    pub fields: Vec<WorkerField>,
    /// Whether the fields can be changed now.
    pub editable: bool,
    /// The fieldset's hint.
    pub hint: &'static str,
}

/// Where a lab field's value lives in the options.
type LabOption = fn(&mut LabOptions) -> &mut Option<u32>;

/// The lab's fields: (id, service, its option).
const LAB_FIELDS: [(&str, &str, LabOption); 3] = [
    ("workers-a", "service-a", |o| &mut o.workers_a),
    ("workers-b", "service-b", |o| &mut o.workers_b),
    ("workers-db", "db", |o| &mut o.workers_db),
];

const LAB_HINT: &str = "Requests a service handles at once (1–64, like gunicorn sync workers; empty = unlimited, like Flask's threaded server). The rest wait in a queue: B takes 0.1–0.5 s, so 1 worker serves about 3 req/s. db is called only with Fan-out.";
const SCENARIO_HINT: &str = "Requests each service of the scenario handles at once (1–64; empty = unlimited). The rest wait in a queue. Each field is that service's workers: line in the Scenario text.";
const WAITING_HINT: &str = "The scenario is still loading: its fields can be set in a moment.";
const BROKEN_HINT: &str = "The Scenario text has problems: fix them there, then set workers here (the last valid scenario keeps running with the limits shown).";

impl State {
    /// The Workers fields of the scenario that runs.
    pub fn worker_fields(&self) -> WorkerFields {
        if self.settings.scenario == ScenarioLink::Lab {
            let mut lab = self.settings.lab.clone();
            return WorkerFields {
                fields: LAB_FIELDS
                    .iter()
                    .map(|(id, service, option)| WorkerField {
                        id: id.to_string(),
                        service: service.to_string(),
                        workers: *option(&mut lab),
                    })
                    .collect(),
                editable: true,
                hint: LAB_HINT,
            };
        }
        let editable = self.scenario.errors.is_empty() && self.scenario.waiting.is_none();
        WorkerFields {
            fields: (self.running_scenario().services.iter().enumerate())
                .map(|(i, s)| WorkerField {
                    id: format!("workers-{i}"),
                    service: s.name.to_string(),
                    workers: s.workers,
                })
                .collect(),
            editable,
            hint: match (editable, self.scenario.waiting) {
                (true, _) => SCENARIO_HINT,
                (false, Some(_)) => WAITING_HINT,
                (false, None) => BROKEN_HINT,
            },
        }
    }

    /// Whether setting `service`'s limit to `workers` would change nothing: the same limit, a
    /// service the scenario does not have, or fields that cannot be changed now.
    pub(super) fn workers_unchanged(&self, service: &str, workers: Option<u32>) -> bool {
        if self.settings.scenario == ScenarioLink::Lab {
            let mut lab = self.settings.lab.clone();
            return (LAB_FIELDS.iter().find(|(_, s, _)| *s == service))
                .is_none_or(|(_, _, option)| *option(&mut lab) == workers);
        }
        !self.scenario.errors.is_empty()
            || self.scenario.waiting.is_some()
            || (self.running_scenario().services.iter())
                .find(|s| &*s.name == service)
                .is_none_or(|s| s.workers == workers)
    }

    /// Sets `service`'s worker limit: a lab option, or the written scenario's text.
    pub(super) fn set_service_workers(&mut self, service: &str, workers: Option<u32>) {
        if self.settings.scenario == ScenarioLink::Lab {
            if let Some((_, _, option)) = LAB_FIELDS.iter().find(|(_, s, _)| *s == service) {
                let old = self.settings.lab.clone();
                *option(&mut self.settings.lab) = workers;
                self.follow_controls(&old);
            }
            return;
        }
        let format = self.scenario.format;
        let Some(reader) = reader() else {
            self.status = super::scenario::WAITING_FOR_READER.into();
            return;
        };
        match reader.set_workers(&self.scenario.text, format, service, workers) {
            Ok(text) => self.edit_scenario(text, format),
            Err(e) => self.status = format!("The workers of {service} were not changed: {e}"),
        }
    }
}

#[cfg(test)]
#[path = "scenario_workers_tests.rs"]
mod tests;
