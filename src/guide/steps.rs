//! The guides as data: each step's title, instruction, the lab's code and why it matters.
//!
//! Issue 14 lists the lab guide's nine steps; the ten-service guide answers the lab's own
//! question ("which of ten services is to blame?") on issue 12's preset. A step is done when all
//! of its [`Part`]s have been seen done (see [`super::checks`] and [`super::progress`]); parts
//! exist where a step asks for things that cannot be true at the same moment (a decoded
//! `traceparent` with propagation on, then a split trace with it off).

use super::snippets::{self, Snippet};

/// Which guide the panel shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub enum GuideId {
    /// The lab "Distributed Tracing with Jaeger": parts, challenges and takeaways.
    #[default]
    Lab,
    /// The ten-service preset: which service is to blame?
    TenServices,
}

impl GuideId {
    pub const ALL: [GuideId; 2] = [GuideId::Lab, GuideId::TenServices];

    pub fn title(self) -> &'static str {
        match self {
            GuideId::Lab => "Lab guide",
            GuideId::TenServices => "Ten services: which one is to blame?",
        }
    }

    /// The steps of this guide, in order.
    pub fn steps(self) -> &'static [Step] {
        match self {
            GuideId::Lab => LAB_STEPS,
            GuideId::TenServices => TEN_SERVICE_STEPS,
        }
    }

    /// Stable name for storage.
    pub fn key(self) -> &'static str {
        match self {
            GuideId::Lab => "lab",
            GuideId::TenServices => "ten-services",
        }
    }

    pub fn from_key(key: &str) -> Option<GuideId> {
        GuideId::ALL.into_iter().find(|g| g.key() == key)
    }
}

/// A step of either guide. The key (`StepId::key`) is what progress stores.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum StepId {
    SendRequest,
    FindTraces,
    OpenTrace,
    NameBottleneck,
    HeavyCalc,
    RandomErrors,
    Propagation,
    Sampling,
    ExportToJaeger,
    TenSendRequest,
    TenBlame,
    TenSearchSlow,
}

/// One thing the page checks; a step is done when all of its parts are.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Part {
    /// The store holds at least one trace.
    TraceExists,
    /// A search ran for `service-a` and found traces.
    SearchedServiceA,
    /// A trace is open in the Gantt view.
    TraceOpened,
    /// The learner named the bottleneck of the open trace correctly.
    BottleneckNamed,
    /// `heavy_calc` is on and the open trace has a `heavy_calc` span.
    HeavyCalcOpened,
    /// Random 500s are on, an Errors-only search found traces, and the open trace has errors.
    ErrorTraceFound,
    /// The learner picked exactly the red (ERROR) spans of the open trace.
    RedSpansNamed,
    /// The learner answered why A's server span still says 200.
    Why200Answered,
    /// The `traceparent` a server span received was decoded (span detail or Header inspector).
    TraceparentDecoded,
    /// With propagation off, one request made two or more traces.
    PropagationSplit,
    /// Ratio 0.5, at least 20 requests under it, and about half kept.
    SampledAboutHalf,
    /// Under a ratio sampler, an open trace is whole: every span's parent is in it.
    KeptTraceWhole,
    /// The collector accepted spans from the page.
    SpansAccepted,
    /// The open trace touches at least ten services.
    TenServiceTrace,
    /// The learner named the bottleneck of a ten-service trace correctly.
    TenBlameNamed,
    /// A search for the bottleneck service with a Min duration found traces.
    SlowServiceSearched,
}

/// One step as the panel shows it.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Step {
    pub id: StepId,
    pub title: &'static str,
    /// What to do on the page, in one or two sentences.
    pub instruction: &'static str,
    /// The lab's code or command for this step, if it has one.
    pub snippets: &'static [Snippet],
    /// One line: why this matters, true to OpenTelemetry and Jaeger.
    pub why: &'static str,
    /// What the page checks, in order; the panel can list them as a checklist.
    pub parts: &'static [(Part, &'static str)],
    /// Optional steps (export to a real Jaeger) are shown as such.
    pub optional: bool,
}

#[rustfmt::skip]
pub static LAB_STEPS: &[Step] = &[
    Step {
        id: StepId::SendRequest,
        title: "Send a request",
        instruction: "Press Send request: the page plays curl localhost:5000 through service-a and service-b.",
        snippets: &[snippets::SERVICE_A, snippets::SERVICE_B, snippets::INSTALL, snippets::RUN_INSTRUMENTED, snippets::CURL],
        why: "Auto-instrumentation records a span for every request Flask serves and every call requests makes, without changing the code; one request through A and B is one trace.",
        parts: &[(Part::TraceExists, "A trace exists")],
        optional: false,
    },
    Step {
        id: StepId::FindTraces,
        title: "Find traces for service-a",
        instruction: "In Find traces, choose the Service service-a: the results list every trace that has a service-a span.",
        snippets: &[],
        why: "Jaeger's search starts from a service name, which comes from OTEL_SERVICE_NAME (the service.name resource attribute), so every service needs one.",
        parts: &[(Part::SearchedServiceA, "Searched for service-a and found traces")],
        optional: false,
    },
    Step {
        id: StepId::OpenTrace,
        title: "Open a trace and read the Gantt chart",
        instruction: "Open a trace from the results. Each bar is a span on one timeline; a span's children sit below it.",
        snippets: &[],
        why: "The Gantt chart shows what called what and what waited for what: A's server span contains A's client call, which contains B's server span.",
        parts: &[(Part::TraceOpened, "A trace is open")],
        optional: false,
    },
    Step {
        id: StepId::NameBottleneck,
        title: "Name the bottleneck",
        instruction: "Which service made this request slow? Pick one; the page checks your answer against its own analysis of the trace.",
        snippets: &[],
        why: "A parent's bar includes all the time it waited for its calls; the critical path shows whose own work the request was really waiting on.",
        parts: &[(Part::BottleneckNamed, "Named the bottleneck of the open trace")],
        optional: false,
    },
    Step {
        id: StepId::HeavyCalc,
        title: "Challenge 1: a manual heavy_calc span",
        instruction: "Turn on heavy_calc span (Challenge 1), send a request and open a trace that has heavy_calc.",
        snippets: &[snippets::HEAVY_CALC],
        why: "Auto-instrumentation only sees a service's edges (HTTP in and out); a manual span names the work inside the handler, so its time no longer hides in the server span.",
        parts: &[(Part::HeavyCalcOpened, "A trace with heavy_calc is open")],
        optional: false,
    },
    Step {
        id: StepId::RandomErrors,
        title: "Challenge 2: random 500s",
        instruction: "Turn on Random 500s (Challenge 2), send requests, find an error trace with Errors only, and answer the two questions.",
        snippets: &[snippets::RANDOM_500],
        why: "Each span reports its own status: a server span is an error only for a 5xx it answers, a client span for a 4xx or 5xx it receives, so the red spans lead to where the failure started.",
        parts: &[
            (Part::ErrorTraceFound, "An error trace found with Errors only is open"),
            (Part::RedSpansNamed, "Picked the red spans"),
            (Part::Why200Answered, "Answered why A's server span says 200"),
        ],
        optional: false,
    },
    Step {
        id: StepId::Propagation,
        title: "Context propagation",
        instruction: "Select B's server span GET /data and read the traceparent it received, decoded (or paste it into the Header inspector). Then switch Propagate context off and send a request: one request becomes two traces.",
        snippets: &[snippets::PROPAGATION_OFF],
        why: "A trace crosses services only because A's client puts a traceparent header on the request and B's server reads it; without it B starts a trace of its own.",
        parts: &[
            (Part::TraceparentDecoded, "Decoded the traceparent B received"),
            (Part::PropagationSplit, "Saw one request make two traces"),
        ],
        optional: false,
    },
    Step {
        id: StepId::Sampling,
        title: "Sampling",
        instruction: "Set Sampler to parentbased_traceidratio and Sampling ratio to 0.5, then send 20 requests: about half are kept. Open one: it is whole, never half a trace.",
        snippets: &[snippets::SAMPLING],
        why: "The ratio sampler decides from the trace id, and B's parent-based sampler follows the sampled flag in traceparent, so a trace is kept or dropped as a whole.",
        parts: &[
            (Part::SampledAboutHalf, "20 requests at ratio 0.5, about half kept"),
            (Part::KeptTraceWhole, "A kept trace is whole"),
        ],
        optional: false,
    },
    Step {
        id: StepId::ExportToJaeger,
        title: "Optional: export to Jaeger",
        instruction: "Start Jaeger, press Export to Jaeger, then open the trace there with Open in Jaeger.",
        snippets: &[snippets::JAEGER_138, snippets::JAEGER_PROJECT],
        why: "The page sends OTLP/HTTP as an SDK's exporter does, so Jaeger stores and shows the very same spans; Jaeger 1.38 has no CORS, so keep the endpoint /v1/traces.",
        parts: &[(Part::SpansAccepted, "The collector accepted the spans")],
        optional: true,
    },
];

#[rustfmt::skip]
pub static TEN_SERVICE_STEPS: &[Step] = &[
    Step {
        id: StepId::TenSendRequest,
        title: "Send a request through ten services",
        instruction: "Choose the Ten services preset, press Send request and open the trace.",
        snippets: &[],
        why: "One checkout request touches every service on its path; one trace shows all of them, each span named by its own service.",
        parts: &[(Part::TenServiceTrace, "A trace with ten services is open")],
        optional: false,
    },
    Step {
        id: StepId::TenBlame,
        title: "Which service is to blame?",
        instruction: "Pick the service that made this request slow; the page checks it against the trace's critical path.",
        snippets: &[],
        why: "The longest bars belong to callers that only wait; the service with the most time on the critical path is the one to fix.",
        parts: &[(Part::TenBlameNamed, "Named the service to blame")],
        optional: false,
    },
    Step {
        id: StepId::TenSearchSlow,
        title: "Slow every time?",
        instruction: "Send a few more requests, then in Find traces choose that Service and a Min duration.",
        snippets: &[],
        why: "One trace can be a fluke; a search by service and minimum duration shows whether the slowness repeats.",
        parts: &[(Part::SlowServiceSearched, "Searched the slow service with a Min duration")],
        optional: false,
    },
];

impl StepId {
    pub const ALL: [StepId; 12] = [
        StepId::SendRequest,
        StepId::FindTraces,
        StepId::OpenTrace,
        StepId::NameBottleneck,
        StepId::HeavyCalc,
        StepId::RandomErrors,
        StepId::Propagation,
        StepId::Sampling,
        StepId::ExportToJaeger,
        StepId::TenSendRequest,
        StepId::TenBlame,
        StepId::TenSearchSlow,
    ];

    /// Stable name for storage and element ids.
    pub fn key(self) -> &'static str {
        match self {
            StepId::SendRequest => "send-request",
            StepId::FindTraces => "find-traces",
            StepId::OpenTrace => "open-trace",
            StepId::NameBottleneck => "name-bottleneck",
            StepId::HeavyCalc => "heavy-calc",
            StepId::RandomErrors => "random-500s",
            StepId::Propagation => "propagation",
            StepId::Sampling => "sampling",
            StepId::ExportToJaeger => "export-to-jaeger",
            StepId::TenSendRequest => "ten-send-request",
            StepId::TenBlame => "ten-blame",
            StepId::TenSearchSlow => "ten-search-slow",
        }
    }

    pub fn from_key(key: &str) -> Option<StepId> {
        StepId::ALL.into_iter().find(|s| s.key() == key)
    }

    /// The guide this step belongs to.
    pub fn guide(self) -> GuideId {
        match self {
            StepId::TenSendRequest | StepId::TenBlame | StepId::TenSearchSlow => {
                GuideId::TenServices
            }
            _ => GuideId::Lab,
        }
    }

    /// The step's row in its guide's table.
    pub fn step(self) -> Option<&'static Step> {
        self.guide().steps().iter().find(|s| s.id == self)
    }

    /// What the page checks for this step.
    pub fn parts(self) -> &'static [(Part, &'static str)] {
        self.step().map_or(&[], |s| s.parts)
    }
}

impl Part {
    pub const ALL: [Part; 16] = [
        Part::TraceExists,
        Part::SearchedServiceA,
        Part::TraceOpened,
        Part::BottleneckNamed,
        Part::HeavyCalcOpened,
        Part::ErrorTraceFound,
        Part::RedSpansNamed,
        Part::Why200Answered,
        Part::TraceparentDecoded,
        Part::PropagationSplit,
        Part::SampledAboutHalf,
        Part::KeptTraceWhole,
        Part::SpansAccepted,
        Part::TenServiceTrace,
        Part::TenBlameNamed,
        Part::SlowServiceSearched,
    ];

    /// Stable name for storage.
    pub fn key(self) -> &'static str {
        match self {
            Part::TraceExists => "trace-exists",
            Part::SearchedServiceA => "searched-service-a",
            Part::TraceOpened => "trace-opened",
            Part::BottleneckNamed => "bottleneck-named",
            Part::HeavyCalcOpened => "heavy-calc-opened",
            Part::ErrorTraceFound => "error-trace-found",
            Part::RedSpansNamed => "red-spans-named",
            Part::Why200Answered => "why-200-answered",
            Part::TraceparentDecoded => "traceparent-decoded",
            Part::PropagationSplit => "propagation-split",
            Part::SampledAboutHalf => "sampled-about-half",
            Part::KeptTraceWhole => "kept-trace-whole",
            Part::SpansAccepted => "spans-accepted",
            Part::TenServiceTrace => "ten-service-trace",
            Part::TenBlameNamed => "ten-blame-named",
            Part::SlowServiceSearched => "slow-service-searched",
        }
    }

    pub fn from_key(key: &str) -> Option<Part> {
        Part::ALL.into_iter().find(|p| p.key() == key)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

    #[test]
    fn the_lab_guide_has_the_nine_steps_of_issue_14_in_order() {
        let ids: Vec<StepId> = LAB_STEPS.iter().map(|s| s.id).collect();
        assert_eq!(ids, StepId::ALL[..9].to_vec());
        assert_eq!(
            LAB_STEPS.iter().filter(|s| s.optional).count(),
            1,
            "only the Jaeger export is optional"
        );
    }

    #[test]
    fn every_step_and_part_belongs_to_exactly_one_guide() {
        let mut parts = BTreeSet::new();
        for guide in GuideId::ALL {
            for step in guide.steps() {
                assert_eq!(step.id.guide(), guide, "{:?}", step.id);
                assert!(
                    !step.parts.is_empty(),
                    "{:?} has something to check",
                    step.id
                );
                for (part, label) in step.parts {
                    assert!(parts.insert(*part), "{part:?} is in one step only");
                    assert!(!label.is_empty());
                }
                assert!(!step.title.is_empty() && !step.instruction.is_empty());
                assert!(
                    !step.why.is_empty() && step.why.len() < 220,
                    "{:?}: one line",
                    step.id
                );
            }
        }
        assert_eq!(
            parts.len(),
            Part::ALL.len(),
            "every part is checked by a step"
        );
    }

    #[test]
    fn keys_round_trip_and_are_unique() {
        let step_keys: BTreeSet<&str> = StepId::ALL.iter().map(|s| s.key()).collect();
        let part_keys: BTreeSet<&str> = Part::ALL.iter().map(|p| p.key()).collect();
        assert_eq!(step_keys.len(), StepId::ALL.len());
        assert_eq!(part_keys.len(), Part::ALL.len());
        for s in StepId::ALL {
            assert_eq!(StepId::from_key(s.key()), Some(s));
        }
        for p in Part::ALL {
            assert_eq!(Part::from_key(p.key()), Some(p));
        }
        for g in GuideId::ALL {
            assert_eq!(GuideId::from_key(g.key()), Some(g));
        }
        assert_eq!(StepId::from_key("Send-Request"), None, "keys are exact");
    }
}
