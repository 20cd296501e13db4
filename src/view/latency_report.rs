//! The latency panel's numbers for a selection of load runs, from the request records (every
//! request, sampled or not): end-to-end percentiles, error rate, throughput and SLO misses, a
//! log-scale histogram, and per service and endpoint its latency and its wait for workers.
//!
//! Per service, each request contributes one sample: the time that service spent serving it
//! (`ServiceLoad::busy_nanos`, its SERVER spans' total) and its total wait for a worker. For
//! `service-a` and `service-b`, called once per request, that is exactly the SERVER span; for
//! `db` under a fan-out it sums the request's calls. Queue statistics use
//! [`crate::analysis::queue_stats`] with each request's start as its arrival; its mean queue
//! length is then Little's law over the requests' time window.

use super::load_history::{sample, LoadHistory, RunResult};
use crate::analysis::{
    latency_stats, log_histogram, queue_stats, Histogram, LatencySample, LatencyStats, QueueStats,
};

/// Which runs the panel summarises.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum RunSelection {
    #[default]
    Latest,
    Run(u32),
    All,
}

/// One service endpoint's row.
#[derive(Clone, Debug, PartialEq)]
pub struct ServiceRow {
    pub service: String,
    pub endpoint: String,
    /// Calls it served over the selected requests (more than the requests with a fan-out).
    pub calls: u64,
    /// Per request: time in the service, errors (some call answered 5xx).
    pub stats: LatencyStats,
    /// Per request: the wait for a worker.
    pub queue: QueueStats,
}

#[derive(Clone, Debug, PartialEq)]
pub struct LatencyReport {
    /// Runs the report covers, by number.
    pub runs: Vec<u32>,
    /// End to end, as the load generator saw each request.
    pub requests: LatencyStats,
    pub histogram: Histogram,
    /// In scenario order (first seen first when several runs are combined).
    pub services: Vec<ServiceRow>,
    /// Requests whose trace the sampler dropped (they still count here).
    pub unsampled: u64,
}

/// The report for `selection`; `None` when it has no records.
pub fn report(
    history: &LoadHistory,
    selection: RunSelection,
    slo_nanos: u64,
) -> Option<LatencyReport> {
    let runs: Vec<&RunResult> = match selection {
        RunSelection::Latest => history.latest().into_iter().collect(),
        RunSelection::Run(n) => history.run(n).into_iter().collect(),
        RunSelection::All => history.runs().collect(),
    };
    let mut samples: Vec<LatencySample> = Vec::new();
    let mut unsampled = 0u64;
    let mut groups: Vec<Group> = Vec::new();
    for run in &runs {
        for record in run.records() {
            samples.push(sample(record));
            unsampled += u64::from(!record.sampled);
            for (i, load) in record.services.iter().enumerate() {
                if load.invocations == 0 {
                    continue;
                }
                let (service, endpoint) = match run.meta.services.get(i) {
                    Some(s) => (s.service.as_str(), s.endpoint.as_str()),
                    None => ("(unknown service)", ""),
                };
                let group = match groups
                    .iter()
                    .position(|g| g.service == service && g.endpoint == endpoint)
                {
                    Some(k) => &mut groups[k],
                    None => {
                        groups.push(Group::new(service, endpoint));
                        let last = groups.len() - 1;
                        &mut groups[last]
                    }
                };
                group.calls += u64::from(load.invocations);
                group.samples.push(LatencySample {
                    start_unix_nano: record.start_unix_nano,
                    duration_nanos: load.busy_nanos,
                    error: load.errors > 0,
                });
                group.queue.push((
                    record.start_unix_nano,
                    record.start_unix_nano.saturating_add(load.queue_wait_nanos),
                ));
            }
        }
    }
    let requests = latency_stats(&samples, Some(slo_nanos))?;
    let durations: Vec<u64> = samples.iter().map(|s| s.duration_nanos).collect();
    let services = groups
        .into_iter()
        .filter_map(|g| {
            Some(ServiceRow {
                stats: latency_stats(&g.samples, Some(slo_nanos))?,
                queue: queue_stats(&g.queue)?,
                service: g.service,
                endpoint: g.endpoint,
                calls: g.calls,
            })
        })
        .collect();
    Some(LatencyReport {
        runs: runs.iter().map(|r| r.number).collect(),
        requests,
        histogram: log_histogram(&durations),
        services,
        unsampled,
    })
}

struct Group {
    service: String,
    endpoint: String,
    calls: u64,
    samples: Vec<LatencySample>,
    queue: Vec<(u64, u64)>,
}

impl Group {
    fn new(service: &str, endpoint: &str) -> Group {
        Group {
            service: service.to_string(),
            endpoint: endpoint.to_string(),
            calls: 0,
            samples: Vec::new(),
            queue: Vec::new(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::TraceId;
    use crate::sim::{RequestRecord, ServiceLoad};
    use crate::view::load_history::{RunMeta, ServiceEndpoint};

    const MS: u64 = 1_000_000;

    fn load(invocations: u32, busy_ms: u64, wait_ms: u64, errors: u32) -> ServiceLoad {
        ServiceLoad {
            invocations,
            errors,
            queue_wait_nanos: wait_ms * MS,
            max_queue_wait_nanos: wait_ms * MS,
            busy_nanos: busy_ms * MS,
        }
    }

    fn record(
        start_ms: u64,
        duration_ms: u64,
        sampled: bool,
        services: Vec<ServiceLoad>,
    ) -> RequestRecord {
        RequestRecord {
            index: 0,
            trace_id: TraceId(1),
            start_unix_nano: start_ms * MS,
            duration_nanos: duration_ms * MS,
            status_code: 200,
            error: services.iter().any(|s| s.errors > 0),
            sampled,
            body: "".into(),
            services,
        }
    }

    fn meta(services: &[(&str, &str)]) -> RunMeta {
        RunMeta {
            arrival: "constant, 10 req/s".into(),
            offered_rps: Some(10.0),
            workers: "".into(),
            requested: 3,
            services: services
                .iter()
                .map(|(s, e)| ServiceEndpoint {
                    service: s.to_string(),
                    endpoint: e.to_string(),
                })
                .collect(),
        }
    }

    const LAB: &[(&str, &str)] = &[("service-a", "GET /"), ("service-b", "GET /data")];

    /// Three requests 100 ms apart; B has one worker, so the 2nd and 3rd wait.
    fn queued_run() -> LoadHistory {
        let mut h = LoadHistory::default();
        let run = h.begin(meta(LAB));
        h.add(
            run,
            vec![
                record(0, 305, true, vec![load(1, 305, 0, 0), load(1, 300, 0, 0)]),
                record(
                    100,
                    505,
                    false,
                    vec![load(1, 505, 0, 0), load(1, 300, 200, 1)],
                ),
                record(
                    200,
                    705,
                    true,
                    vec![load(1, 705, 0, 0), load(1, 300, 400, 0)],
                ),
            ],
        );
        h.finish(run, false);
        h
    }

    #[test]
    fn end_to_end_numbers_by_hand() {
        let r = report(&queued_run(), RunSelection::Latest, 500 * MS).expect("records");
        assert_eq!(r.runs, [1]);
        let l = r.requests.latency;
        assert_eq!(
            (l.count, l.p50, l.p95, l.p99, l.max),
            (3, 505 * MS, 705 * MS, 705 * MS, 705 * MS)
        );
        assert_eq!(r.requests.over_slo, 2, "505 and 705 ms are over 500 ms");
        assert_eq!(r.requests.error_count, 1);
        assert_eq!(r.unsampled, 1, "unsampled requests are still counted");
        assert_eq!(r.histogram.total, 3);
        // 3 requests from 0 to 905 ms.
        let rps = r.requests.throughput_rps.expect("window");
        assert!((rps - 3.0 / 0.905).abs() < 1e-9);
    }

    #[test]
    fn per_service_latency_and_queue_wait_by_hand() {
        let r = report(&queued_run(), RunSelection::Latest, 500 * MS).expect("records");
        assert_eq!(r.services.len(), 2);
        let (a, b) = (&r.services[0], &r.services[1]);
        assert_eq!(
            (a.service.as_str(), a.endpoint.as_str()),
            ("service-a", "GET /")
        );
        assert_eq!(
            (b.service.as_str(), b.endpoint.as_str()),
            ("service-b", "GET /data")
        );
        assert_eq!(a.queue.max_wait_nanos, 0);
        assert_eq!(a.queue.waited_count, 0);
        assert_eq!(b.stats.latency.p50, 300 * MS);
        assert_eq!(b.stats.error_count, 1);
        assert_eq!(b.queue.waited_count, 2);
        assert_eq!(b.queue.mean_wait_nanos, 200 * MS, "(0 + 200 + 400) / 3");
        assert_eq!(b.queue.max_wait_nanos, 400 * MS);
        // Σ wait 600 ms over first arrival 0 → last start 600 ms: one request waiting on average.
        assert!((b.queue.mean_queue_length - 1.0).abs() < 1e-9);
    }

    #[test]
    fn selections_pick_runs_and_merge_services_by_name() {
        let mut h = queued_run();
        let fan_out = h.begin(meta(&[
            ("service-a", "GET /"),
            ("service-b", "GET /data"),
            ("db", "GET /query"),
        ]));
        h.add(
            fan_out,
            vec![record(
                1_000,
                50,
                true,
                vec![load(1, 50, 0, 0), load(1, 45, 0, 0), load(4, 20, 3, 0)],
            )],
        );
        h.finish(fan_out, false);
        let latest = report(&h, RunSelection::Latest, MS).expect("records");
        assert_eq!(latest.runs, [2]);
        assert_eq!(latest.requests.latency.count, 1);
        assert_eq!(latest.services[2].calls, 4, "four db calls in one request");
        assert_eq!(latest.services[2].queue.max_wait_nanos, 3 * MS);
        let first = report(&h, RunSelection::Run(1), MS).expect("records");
        assert_eq!(first.requests.latency.count, 3);
        let all = report(&h, RunSelection::All, MS).expect("records");
        assert_eq!(all.requests.latency.count, 4);
        let names: Vec<&str> = all.services.iter().map(|s| s.service.as_str()).collect();
        assert_eq!(names, ["service-a", "service-b", "db"]);
        assert_eq!(all.services[1].calls, 4);
    }

    #[test]
    fn no_records_no_report() {
        let mut h = LoadHistory::default();
        assert_eq!(report(&h, RunSelection::Latest, MS), None);
        let run = h.begin(meta(LAB));
        h.finish(run, true);
        assert_eq!(report(&h, RunSelection::All, MS), None);
        assert_eq!(report(&h, RunSelection::Run(42), MS), None);
    }

    #[test]
    fn services_beyond_the_run_meta_are_still_reported() {
        let mut h = LoadHistory::default();
        let run = h.begin(meta(&[]));
        h.add(run, vec![record(0, 10, true, vec![load(1, 10, 0, 0)])]);
        let r = report(&h, RunSelection::Latest, MS).expect("records");
        assert_eq!(r.services[0].service, "(unknown service)");
    }
}
