//! The guide's questions, checked against the open trace: "Name the bottleneck" (the verdict of
//! `crate::analysis::verdict`), "Which spans are red?" and "Why does A's server span say 200?"
//! (Challenge 2), and where Challenge 1's manual span sits.
//!
//! Error means `Status.code == ERROR` (<https://opentelemetry.io/docs/specs/otel/trace/api/#set-status>);
//! which HTTP spans get it follows the HTTP semantic conventions
//! (<https://opentelemetry.io/docs/specs/semconv/http/http-spans/#status>): a server span for a
//! 5xx it answers, a client span for a 4xx or 5xx it receives.

use super::facts::Why200;
use crate::analysis::{analyze, format_duration_pair, format_share};
use crate::model::{SpanId, SpanKind, Trace};
use std::collections::{BTreeMap, BTreeSet};

/// The page's verdict on the learner's pick.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Answer {
    pub correct: bool,
    /// One or two sentences, shown as text.
    pub explanation: String,
}

/// Checks the learner's bottleneck pick against the trace's verdict (the service with the most
/// critical-path time) and explains it: "service-b took 241 of 247 ms of this request's
/// critical path (98 %)."
pub fn check_bottleneck(pick: &str, trace: &Trace) -> Answer {
    let analysis = analyze(trace);
    let verdict = &analysis.verdict;
    let Some(culprit) = verdict.service.as_deref() else {
        return Answer {
            correct: false,
            explanation: "This trace has no measurable time to blame on anyone: send a request and open its trace.".into(),
        };
    };
    let total = verdict.trace_nanos;
    let culprit_line = format!(
        "{culprit} took {} of this request's critical path ({})",
        format_duration_pair(verdict.service_nanos, total),
        format_share(verdict.service_nanos, total)
    );
    if pick == culprit {
        return Answer {
            correct: true,
            explanation: format!("Right: {culprit_line}."),
        };
    }
    if !trace.spans.iter().any(|s| s.service_name() == pick) {
        return Answer {
            correct: false,
            explanation: format!("{pick:?} has no spans in this trace; {culprit_line}."),
        };
    }
    let mut per_service: BTreeMap<&str, u64> = BTreeMap::new();
    for segment in &analysis.critical_path.segments {
        if let Some(span) = trace.spans.get(segment.span_index) {
            *per_service.entry(span.service_name()).or_default() += segment.duration_nanos();
        }
    }
    let own = per_service.get(pick).copied().unwrap_or(0);
    Answer {
        correct: false,
        explanation: format!(
            "Not this time: {pick}'s own work was {} of the critical path; {culprit_line}. \
             A caller's bar is long because it waits for the calls inside it.",
            format_duration_pair(own, total)
        ),
    }
}

/// A span the learner can tick as red, labelled the way the Gantt names it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SpanChoice {
    pub span_id: SpanId,
    /// "service-b: GET /data (server)".
    pub label: String,
    pub is_error: bool,
}

/// The open trace's spans as choices for "Which spans are red?", in trace order.
pub fn span_choices(trace: &Trace) -> Vec<SpanChoice> {
    trace
        .spans
        .iter()
        .map(|s| SpanChoice {
            span_id: s.span_id,
            label: format!("{}: {} ({})", s.service_name(), s.name, s.kind.as_str()),
            is_error: s.is_error(),
        })
        .collect()
}

/// Checks the spans the learner ticked as red against the trace's ERROR spans.
pub fn check_red_spans(picked: &[SpanId], trace: &Trace) -> Answer {
    let choices = span_choices(trace);
    let red: Vec<&SpanChoice> = choices.iter().filter(|c| c.is_error).collect();
    if red.is_empty() {
        return Answer {
            correct: false,
            explanation: "No span of this trace is red: open a trace that Errors only finds."
                .into(),
        };
    }
    // By insert, not `collect` (which sorts first: another copy of std's sort, `crate::order`).
    let mut set = BTreeSet::new();
    set.extend(picked.iter().copied());
    let picked: BTreeSet<SpanId> = set;
    let missed: Vec<&str> = red
        .iter()
        .filter(|c| !picked.contains(&c.span_id))
        .map(|c| c.label.as_str())
        .collect();
    let extra: Vec<&str> = choices
        .iter()
        .filter(|c| !c.is_error && picked.contains(&c.span_id))
        .map(|c| c.label.as_str())
        .collect();
    let red_list = red
        .iter()
        .map(|c| c.label.as_str())
        .collect::<Vec<_>>()
        .join(", ");
    if missed.is_empty() && extra.is_empty() {
        return Answer {
            correct: true,
            explanation: format!(
                "Right: {red_list}. {}",
                "The server span that answered 500 and the client span that received it are ERROR; a server span that answers 200 is not."
            ),
        };
    }
    let mut explanation = String::from("Not quite.");
    if !missed.is_empty() {
        explanation += &format!(" Also red: {}.", missed.join(", "));
    }
    if !extra.is_empty() {
        explanation += &format!(" Not red: {}.", extra.join(", "));
    }
    Answer {
        correct: false,
        explanation,
    }
}

impl Why200 {
    /// The choices in the order the panel lists them.
    pub const ALL: [Why200; 4] = [
        Why200::StatusTravelsInTraceparent,
        Why200::AAnswered200,
        Why200::SamplerDroppedIt,
        Why200::JaegerColoursOneSpan,
    ];

    /// The answer as the learner reads it among the choices.
    pub fn text(self) -> &'static str {
        match self {
            Why200::AAnswered200 => {
                "A answered 200 itself: its code returns B's text without checking B's status."
            }
            Why200::StatusTravelsInTraceparent => {
                "B's status should come back in the traceparent header, and it got lost."
            }
            Why200::SamplerDroppedIt => "The sampler kept A's span but dropped its error status.",
            Why200::JaegerColoursOneSpan => {
                "Jaeger marks only the deepest failing span, so A's is shown as 200."
            }
        }
    }

    /// Why this answer is right or wrong, shown after the learner picks it.
    pub fn explanation(self) -> &'static str {
        match self {
            Why200::AAnswered200 => WHY_A_SAYS_200,
            Why200::StatusTravelsInTraceparent => {
                "No: traceparent only travels from caller to callee and carries ids and the sampled flag, never a status. A learns B's status from the HTTP response."
            }
            Why200::SamplerDroppedIt => {
                "No: sampling keeps or drops whole spans; a kept span keeps its status. A's server span says 200 because A answered 200."
            }
            Why200::JaegerColoursOneSpan => {
                "No: Jaeger marks every span whose status is ERROR; A's client span is red too. A's server span is not ERROR because A answered 200."
            }
        }
    }

    pub fn is_correct(self) -> bool {
        self == Why200::AAnswered200
    }
}

/// The answer to Challenge 2's question, as the panel shows it once answered.
pub const WHY_A_SAYS_200: &str = "Right: requests.get does not raise on a 500, so A returns \
\"Service A got: Error\" with status 200. A span's status describes its own operation: B's \
server span answered 500 and A's client span received it, so both are ERROR; A's server span \
answered 200, and the HTTP conventions mark a server span as an error only for a 5xx it answers.";

/// Where a manual span sits in a trace: its parent, its service and its scope.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Placement {
    pub span_id: SpanId,
    pub service: String,
    pub scope: String,
    pub kind: SpanKind,
    /// The parent span's service, name and kind; `None` when the span is a root or its parent
    /// is missing from the trace.
    pub parent: Option<(String, String, SpanKind)>,
}

impl Placement {
    /// "heavy_calc is an internal span of service-b, a child of service-b's server span
    /// GET /data, made by the tracer named __main__."
    pub fn sentence(&self, name: &str) -> String {
        let parent = match &self.parent {
            Some((service, parent_name, kind)) => format!(
                "a child of {service}'s {} span {parent_name}",
                kind.as_str()
            ),
            None => "with no parent in this trace".to_string(),
        };
        let kind = self.kind.as_str();
        let article = if kind.starts_with(['a', 'e', 'i', 'o', 'u']) {
            "an"
        } else {
            "a"
        };
        format!(
            "{name} is {article} {kind} span of {}, {parent}, made by the tracer named {}.",
            self.service, self.scope
        )
    }
}

/// Where the first span called `name` sits in `trace` (Challenge 1: `heavy_calc`).
pub fn placement(trace: &Trace, name: &str) -> Option<Placement> {
    let span = trace.spans.iter().find(|s| s.name == name)?;
    let parent = span
        .parent_span_id
        .and_then(|id| trace.spans.iter().find(|s| s.span_id == id))
        .map(|p| (p.service_name().to_string(), p.name.to_string(), p.kind));
    Some(Placement {
        span_id: span.span_id,
        service: span.service_name().to_string(),
        scope: span.scope.name.to_string(),
        kind: span.kind,
        parent,
    })
}
