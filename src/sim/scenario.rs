//! A scenario is data: services, their endpoints, what each endpoint calls, how long it
//! takes and how often it fails. The engine knows nothing about "service A" or "B".

/// A latency distribution in milliseconds.
#[derive(Clone, Debug, PartialEq)]
pub enum Latency {
    /// Uniform between `min_ms` and `max_ms` (Python's `random.uniform`).
    Uniform { min_ms: f64, max_ms: f64 },
}

/// A downstream HTTP call an endpoint makes, by service and endpoint index.
#[derive(Clone, Debug, PartialEq)]
pub struct Call {
    pub service: usize,
    pub endpoint: usize,
}

/// An endpoint served by a service (Flask route).
#[derive(Clone, Debug, PartialEq)]
pub struct Endpoint {
    pub method: String,
    pub route: String,
    /// The handler's own work (the lab's `time.sleep`).
    pub latency: Latency,
    /// Calls made, in order, before the handler's own work.
    pub calls: Vec<Call>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Service {
    pub name: String,
    pub host: String,
    pub port: u16,
    pub endpoints: Vec<Endpoint>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Scenario {
    pub services: Vec<Service>,
    /// Where a learner's request enters: (service, endpoint).
    pub entry: Call,
    /// One-way network delay between services.
    pub network_delay_ms: f64,
}

impl Scenario {
    /// The lab: service-a `GET /` calls service-b `GET /data`, which sleeps 0.1–0.5 s.
    pub fn lab() -> Scenario {
        Scenario {
            services: vec![
                Service {
                    name: "service-a".into(),
                    host: "localhost".into(),
                    port: 5000,
                    endpoints: vec![Endpoint {
                        method: "GET".into(),
                        route: "/".into(),
                        latency: Latency::Uniform {
                            min_ms: 0.0,
                            max_ms: 0.0,
                        },
                        calls: vec![Call {
                            service: 1,
                            endpoint: 0,
                        }],
                    }],
                },
                Service {
                    name: "service-b".into(),
                    host: "localhost".into(),
                    port: 5001,
                    endpoints: vec![Endpoint {
                        method: "GET".into(),
                        route: "/data".into(),
                        latency: Latency::Uniform {
                            min_ms: 100.0,
                            max_ms: 500.0,
                        },
                        calls: vec![],
                    }],
                },
            ],
            entry: Call {
                service: 0,
                endpoint: 0,
            },
            network_delay_ms: 2.0,
        }
    }
}
