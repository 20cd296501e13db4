//! The lab's code and commands, as the guide shows them next to each step.
//!
//! The two Flask services are the lab's (`docs/simulation.md`, "The lab"): A's `GET /` calls
//! `http://localhost:5001/data` with `requests` and answers `Service A got: <B's body>`; B's
//! `GET /data` sleeps `random.uniform(0.1, 0.5)` s and answers `Data from B`. The challenge
//! snippets run in the order the simulator runs them (`heavy_calc`, then the sleep, then the
//! random 500), so the page's spans and the code never disagree. Versions are the ones the
//! simulator imitates (instrumentation 0.66b1, SDK 1.45.1, as in the capture the fidelity tests compare against).
//!
//! Every snippet is plain text: the page shows it as text in a `<pre>`, never as markup.

/// A piece of code or a command the learner can copy.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Snippet {
    /// What it is, shown above the code ("service-b.py", "Terminal").
    pub label: &'static str,
    /// The language, for a `language-*` class or an `aria-label`: `python`, `sh`, `yaml`.
    pub language: &'static str,
    pub code: &'static str,
}

pub const SERVICE_A: Snippet = Snippet {
    label: "service-a.py",
    language: "python",
    code: r#"from flask import Flask
import requests

app = Flask(__name__)

@app.route("/")
def index():
    response = requests.get("http://localhost:5001/data")
    return f"Service A got: {response.text}"

if __name__ == "__main__":
    app.run(port=5000)
"#,
};

pub const SERVICE_B: Snippet = Snippet {
    label: "service-b.py",
    language: "python",
    code: r#"from flask import Flask
import random
import time

app = Flask(__name__)

@app.route("/data")
def data():
    time.sleep(random.uniform(0.1, 0.5))
    return "Data from B"

if __name__ == "__main__":
    app.run(port=5001)
"#,
};

pub const INSTALL: Snippet = Snippet {
    label: "Install (once)",
    language: "sh",
    code: "pip install flask requests opentelemetry-distro==0.66b1 \\
    opentelemetry-exporter-otlp==1.45.1
opentelemetry-bootstrap -a install   # adds the flask and requests instrumentations
",
};

/// `opentelemetry-distro` defaults to OTLP over gRPC (port 4317); the lab's Jaeger and the
/// page's proxy use OTLP/HTTP on 4318, so the protocol is set. Jaeger takes no metrics or logs,
/// hence `none` for those exporters.
pub const RUN_INSTRUMENTED: Snippet = Snippet {
    label: "Terminal: run both services, auto-instrumented",
    language: "sh",
    code: "export OTEL_TRACES_EXPORTER=otlp
export OTEL_EXPORTER_OTLP_PROTOCOL=http/protobuf
export OTEL_EXPORTER_OTLP_ENDPOINT=http://localhost:4318
export OTEL_METRICS_EXPORTER=none OTEL_LOGS_EXPORTER=none
OTEL_SERVICE_NAME=service-b opentelemetry-instrument python service-b.py &
OTEL_SERVICE_NAME=service-a opentelemetry-instrument python service-a.py &
",
};

pub const CURL: Snippet = Snippet {
    label: "Terminal: one request (the page's Send request)",
    language: "sh",
    code: "curl localhost:5000\n",
};

pub const HEAVY_CALC: Snippet = Snippet {
    label: "service-b.py, Challenge 1: a manual span",
    language: "python",
    code: r#"from opentelemetry import trace

tracer = trace.get_tracer(__name__)   # scope "__main__" when run as a script

@app.route("/data")
def data():
    with tracer.start_as_current_span("heavy_calc"):
        time.sleep(0.1)   # the "heavy" calculation
    time.sleep(random.uniform(0.1, 0.5))
    return "Data from B"
"#,
};

pub const RANDOM_500: Snippet = Snippet {
    label: "service-b.py, Challenge 2: random 500s",
    language: "python",
    code: r#"@app.route("/data")
def data():
    time.sleep(random.uniform(0.1, 0.5))
    if random.random() < 0.2:   # the page's Error rate, 20 % by default
        return "Error", 500
    return "Data from B"
"#,
};

/// The default propagators are `tracecontext,baggage`; keeping only `baggage` (with no baggage
/// set) makes A's `requests` call send no `traceparent`, as the page's **Propagate context** off
/// does. `none` is not used because SDKs of the lab's era refuse it as an unknown propagator.
pub const PROPAGATION_OFF: Snippet = Snippet {
    label: "Terminal: service-a without trace context",
    language: "sh",
    code: "OTEL_SERVICE_NAME=service-a OTEL_PROPAGATORS=baggage \\
    opentelemetry-instrument python service-a.py
",
};

/// Both services get the variables; only A's root decision matters, because B's parent-based
/// sampler follows the sampled flag in the `traceparent` it receives.
pub const SAMPLING: Snippet = Snippet {
    label: "Terminal: keep about half of the traces",
    language: "sh",
    code: "export OTEL_TRACES_SAMPLER=parentbased_traceidratio
export OTEL_TRACES_SAMPLER_ARG=0.5
",
};

/// The lab's compose file with the two changes Jaeger 1.38 needs for OTLP/HTTP
/// (`docs/export-to-jaeger.md`, "The lab's Jaeger 1.38").
pub const JAEGER_138: Snippet = Snippet {
    label: "docker-compose.yml (the lab's Jaeger 1.38, with OTLP/HTTP on)",
    language: "yaml",
    code: r#"services:
  jaeger:
    image: jaegertracing/all-in-one:1.38
    environment:
      - COLLECTOR_OTLP_ENABLED=true   # 1.38 has its OTLP receiver off by default
    ports:
      - "16686:16686"   # Jaeger UI
      - "4318:4318"     # OTLP/HTTP, not published in the lab's file
"#,
};

pub const JAEGER_PROJECT: Snippet = Snippet {
    label: "Terminal: or this project's Jaeger v2",
    language: "sh",
    code: "docker compose up          # docker-compose.yml + jaeger-config.yaml
scripts/jaeger.sh start    # the same without Docker
",
};

#[cfg(test)]
mod tests {
    use super::*;

    /// The page's lab must match the code shown: ports, routes, bodies and timings.
    #[rustfmt::skip]
    const MUST_CONTAIN: &[(Snippet, &str, &str)] = &[
        (SERVICE_A, "http://localhost:5001/data", "A calls B's /data (simulation.md, the lab)"),
        (SERVICE_A, "Service A got: ", "A's body wraps B's"),
        (SERVICE_A, "port=5000", "A listens on 5000"),
        (SERVICE_B, "random.uniform(0.1, 0.5)", "B sleeps 0.1-0.5 s"),
        (SERVICE_B, "port=5001", "B listens on 5001"),
        (SERVICE_B, "Data from B", "B's body"),
        (HEAVY_CALC, r#"tracer.start_as_current_span("heavy_calc")"#, "Challenge 1's manual span"),
        (HEAVY_CALC, "trace.get_tracer(__name__)", "scope __main__"),
        (RANDOM_500, r#"return "Error", 500"#, "B answers Error with 500"),
        (RUN_INSTRUMENTED, "OTEL_SERVICE_NAME=service-a", "service.name of A"),
        (RUN_INSTRUMENTED, "OTEL_TRACES_EXPORTER=otlp", "OTLP exporter"),
        (RUN_INSTRUMENTED, "OTEL_EXPORTER_OTLP_ENDPOINT=http://localhost:4318", "OTLP/HTTP port"),
        (RUN_INSTRUMENTED, "opentelemetry-instrument python service-b.py", "auto-instrumentation"),
        (SAMPLING, "OTEL_TRACES_SAMPLER=parentbased_traceidratio", "ratio sampler, parent-based"),
        (SAMPLING, "OTEL_TRACES_SAMPLER_ARG=0.5", "ratio 0.5"),
        (CURL, "curl localhost:5000", "the lab's request"),
        (JAEGER_138, "jaegertracing/all-in-one:1.38", "the lab's image"),
        (JAEGER_138, "COLLECTOR_OTLP_ENABLED=true", "1.38 change 1"),
        (JAEGER_138, "\"4318:4318\"", "1.38 change 2"),
    ];

    #[test]
    fn snippets_carry_the_lab_facts() {
        for (snippet, needle, why) in MUST_CONTAIN {
            assert!(
                snippet.code.contains(needle),
                "{}: missing {needle:?} ({why})",
                snippet.label
            );
        }
    }
}
