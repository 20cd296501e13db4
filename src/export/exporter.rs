//! The export state machine: outbox → batches in flight → accepted, with retries.
//!
//! It does no IO and keeps no clock: it answers events (`enqueue`, `on_outcome`, `on_wake`,
//! `retry_now`) with [`Command`]s that the browser shell carries out (POST a batch; wake me
//! after a delay) and reports back. So every rule is tested natively by feeding outcomes.
//!
//! Rules: batches of at most `batch_max_spans`; up to `max_in_flight` requests at once (a few
//! in parallel keeps a 10,000-span export fast); spans not accepted go back to the outbox; a
//! retryable failure pauses sending for the backoff (one wait for all batches, so a dead
//! collector costs one attempt per round, not one per batch); `max_attempts` consecutive
//! failures, or one permanent failure, stop automatic sending until the learner acts.

use super::endpoint::Target;
use super::message::{describe, seconds, spans};
use super::outbox::{Outbox, Sequenced};
use super::outcome::{judge, Outcome, Verdict};
use super::retry::RetryPolicy;
use crate::order;
use rand::Rng;

pub type BatchId = u64;

#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ExportConfig {
    pub batch_max_spans: u32,
    pub max_in_flight: u32,
    pub outbox_capacity: u32,
    pub retry: RetryPolicy,
}

impl Default for ExportConfig {
    fn default() -> Self {
        ExportConfig {
            // The OpenTelemetry batch span processor's default export batch size.
            batch_max_spans: 512,
            max_in_flight: 4,
            outbox_capacity: super::outbox::DEFAULT_CAPACITY,
            retry: RetryPolicy::default(),
        }
    }
}

/// Work for the shell.
#[derive(Clone, Debug, PartialEq)]
pub enum Command<T> {
    /// POST these items as one request; report with `on_outcome(batch, ..)`.
    Send { batch: BatchId, items: Vec<T> },
    /// Call `on_wake(token)` after `delay_ms`.
    WakeAfter { token: u64, delay_ms: u64 },
}

/// How the status line should look.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Tone {
    Idle,
    Busy,
    Success,
    Warning,
    Error,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StatusLine {
    pub tone: Tone,
    pub text: String,
}

/// Everything the panel shows.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Snapshot {
    /// Spans not yet accepted: in the outbox plus in flight.
    pub waiting: u64,
    pub in_flight_requests: u64,
    /// Spans dropped because the outbox was full, ever.
    pub dropped: u64,
    pub accepted: u64,
    /// Spans a collector refused in a partial success, ever.
    pub rejected: u64,
    pub status: StatusLine,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Phase {
    Running,
    /// Waiting for the wake with this token before sending again.
    Backoff {
        token: u64,
    },
    /// Automatic sending is off until `retry_now` or new spans.
    Stopped,
}

/// Counts for one export "run": from the outbox leaving idle to it being empty again.
#[derive(Clone, Debug, Default)]
struct Run {
    accepted: u64,
    rejected: u64,
    dropped: u64,
    retries: u32,
    warning: String,
}

#[derive(Clone, Debug)]
pub struct Exporter<T> {
    config: ExportConfig,
    outbox: Outbox<T>,
    in_flight: Vec<(BatchId, Vec<Sequenced<T>>)>,
    next_batch: BatchId,
    next_token: u64,
    phase: Phase,
    /// Consecutive failed attempts, reset by any acceptance.
    failures: u32,
    accepted: u64,
    rejected: u64,
    run: Run,
    status: StatusLine,
}

impl<T: Clone> Exporter<T> {
    pub fn new(config: ExportConfig) -> Self {
        Exporter {
            outbox: Outbox::new(config.outbox_capacity),
            config,
            in_flight: Vec::new(),
            next_batch: 1,
            next_token: 1,
            phase: Phase::Running,
            failures: 0,
            accepted: 0,
            rejected: 0,
            run: Run::default(),
            status: StatusLine {
                tone: Tone::Idle,
                text: "Nothing exported yet.".into(),
            },
        }
    }

    fn is_idle(&self) -> bool {
        self.outbox.is_empty() && self.in_flight.is_empty()
    }

    pub fn waiting(&self) -> u64 {
        self.outbox.len()
            + self
                .in_flight
                .iter()
                .map(|(_, items)| items.len() as u64)
                .sum::<u64>()
    }

    /// New spans to export. New data is also a reason to try again after a stop.
    pub fn enqueue(&mut self, items: Vec<T>) -> Vec<Command<T>> {
        if items.is_empty() {
            return Vec::new();
        }
        if self.is_idle() {
            self.run = Run::default();
        }
        self.run.dropped += self.outbox.push(items);
        if self.phase == Phase::Stopped {
            self.failures = 0;
            self.phase = Phase::Running;
        }
        self.pump()
    }

    /// Items kept from an earlier visit (`crate::state::persist`): back in the outbox but not
    /// sent until Retry or new spans, since the collector they were meant for may be gone.
    pub fn restore(&mut self, items: Vec<T>) {
        if items.is_empty() {
            return;
        }
        self.run.dropped += self.outbox.push(items);
        self.phase = Phase::Stopped;
        self.status = StatusLine {
            tone: Tone::Warning,
            text: format!(
                "{} from your last visit: press Retry to send them.",
                self.waiting_note()
            ),
        };
    }

    /// Every item not yet accepted, oldest first: in flight, then in the outbox.
    pub fn pending(&self) -> impl Iterator<Item = &T> {
        let in_flight = self.in_flight.iter().flat_map(|(_, items)| items.iter());
        let mut in_flight: Vec<&Sequenced<T>> = in_flight.collect();
        order::sort_by_key(&mut in_flight, |(seq, _)| *seq);
        in_flight
            .into_iter()
            .map(|(_, item)| item)
            .chain(self.outbox.iter())
    }

    /// The Retry button: forget the failures and any pending wait, and send now.
    pub fn retry_now(&mut self) -> Vec<Command<T>> {
        if !self.is_idle() {
            self.run.retries += 1;
        }
        self.failures = 0;
        self.phase = Phase::Running;
        // A wake already scheduled must not act later: its token is now stale.
        self.next_token += 1;
        self.pump()
    }

    /// Stops automatic sending with a message (e.g. the settings are invalid); spans stay.
    pub fn hold(&mut self, message: String) {
        self.phase = Phase::Stopped;
        self.status = StatusLine {
            tone: Tone::Error,
            text: format!("{message} {}.", self.waiting_note()),
        };
    }

    /// The shell could not send `batch` (e.g. the endpoint field is invalid): its spans go back
    /// to the outbox and sending stops with `message` until Retry or new spans.
    pub fn hold_batch(&mut self, batch: BatchId, message: String) {
        if let Some(position) = self.in_flight.iter().position(|(id, _)| *id == batch) {
            let (_, items) = self.in_flight.remove(position);
            self.run.dropped += self.outbox.put_back(items);
        }
        self.hold(message);
    }

    /// Shows a note that is not about a request (e.g. "nothing new to export").
    pub fn set_status(&mut self, status: StatusLine) {
        self.status = status;
    }

    pub fn on_wake(&mut self, token: u64) -> Vec<Command<T>> {
        if self.phase != (Phase::Backoff { token }) {
            return Vec::new();
        }
        self.phase = Phase::Running;
        self.run.retries += 1;
        self.pump()
    }

    /// Starts as many batches as the limits allow.
    fn pump(&mut self) -> Vec<Command<T>> {
        let mut commands = Vec::new();
        while self.phase == Phase::Running
            && (self.in_flight.len() as u64) < u64::from(self.config.max_in_flight.max(1))
            && !self.outbox.is_empty()
        {
            let items = self.outbox.take(self.config.batch_max_spans);
            let batch = self.next_batch;
            self.next_batch += 1;
            let to_send = items.iter().map(|(_, item)| item.clone()).collect();
            self.in_flight.push((batch, items));
            commands.push(Command::Send {
                batch,
                items: to_send,
            });
        }
        if self.phase == Phase::Running && !self.in_flight.is_empty() {
            self.status = StatusLine {
                tone: Tone::Busy,
                text: format!(
                    "Exporting… {} accepted, {} waiting.",
                    self.run.accepted,
                    spans(self.waiting())
                ),
            };
        }
        commands
    }

    /// A batch came back. `target` is where it was sent (for the message).
    pub fn on_outcome(
        &mut self,
        batch: BatchId,
        outcome: &Outcome,
        target: &Target,
        rng: &mut impl Rng,
    ) -> Vec<Command<T>> {
        let Some(position) = self.in_flight.iter().position(|(id, _)| *id == batch) else {
            return Vec::new();
        };
        let (_, items) = self.in_flight.remove(position);
        match judge(outcome, target) {
            Verdict::Accepted(response) => {
                let sent = items.len() as u64;
                let rejected = response.rejected_spans.min(sent);
                self.accepted += sent - rejected;
                self.rejected += rejected;
                self.run.accepted += sent - rejected;
                self.run.rejected += rejected;
                if !response.error_message.is_empty() {
                    self.run.warning = response.error_message;
                }
                self.failures = 0;
                let commands = self.pump();
                if self.is_idle() {
                    self.status = self.finished_status();
                }
                commands
            }
            Verdict::Retry {
                problem,
                retry_after_ms,
            } => {
                self.run.dropped += self.outbox.put_back(items);
                if self.phase != Phase::Running {
                    // Already waiting or stopped because of this round's first failure.
                    return Vec::new();
                }
                self.failures += 1;
                let problem_text = describe(&problem, target);
                match self
                    .config
                    .retry
                    .next_delay_ms(self.failures, retry_after_ms, rng)
                {
                    Some(delay_ms) => {
                        let token = self.next_token;
                        self.next_token += 1;
                        self.phase = Phase::Backoff { token };
                        let server_said = if retry_after_ms.is_some() {
                            " as the collector asked"
                        } else {
                            ""
                        };
                        self.status = StatusLine {
                            tone: Tone::Warning,
                            text: format!(
                                "{problem_text} Retrying in {}{server_said} (attempt {} of {}); {}.",
                                seconds(delay_ms),
                                self.failures + 1,
                                self.config.retry.max_attempts,
                                self.waiting_note()
                            ),
                        };
                        vec![Command::WakeAfter { token, delay_ms }]
                    }
                    None => {
                        self.phase = Phase::Stopped;
                        self.status = StatusLine {
                            tone: Tone::Error,
                            text: format!(
                                "{problem_text} Gave up after {} attempts; {} — press Retry.",
                                self.failures,
                                self.waiting_note()
                            ),
                        };
                        Vec::new()
                    }
                }
            }
            Verdict::Fail { problem } => {
                self.run.dropped += self.outbox.put_back(items);
                let first = self.phase != Phase::Stopped;
                self.phase = Phase::Stopped;
                if first {
                    self.status = StatusLine {
                        tone: Tone::Error,
                        text: format!(
                            "{} Not retried automatically (the request itself was refused); {} — fix the cause and press Retry.",
                            describe(&problem, target),
                            self.waiting_note()
                        ),
                    };
                }
                Vec::new()
            }
        }
    }

    fn waiting_note(&self) -> String {
        let n = self.waiting();
        format!("{} waiting in the outbox", spans(n))
    }

    fn finished_status(&self) -> StatusLine {
        let run = &self.run;
        let mut text = format!("Exported {}", spans(run.accepted));
        let mut tone = Tone::Success;
        if run.retries > 0 {
            text.push_str(&format!(
                " (after {})",
                if run.retries == 1 {
                    "1 retry".into()
                } else {
                    format!("{} retries", run.retries)
                }
            ));
        }
        if run.rejected > 0 {
            tone = Tone::Warning;
            text.push_str(&format!(
                "; the collector rejected {} (partial success{}), which are not resent",
                spans(run.rejected),
                if run.warning.is_empty() {
                    String::new()
                } else {
                    format!(": {}", run.warning)
                }
            ));
        } else if !run.warning.is_empty() {
            tone = Tone::Warning;
            text.push_str(&format!("; the collector warned: {}", run.warning));
        }
        if run.dropped > 0 {
            tone = Tone::Warning;
            text.push_str(&format!(
                "; {} dropped because the outbox was full",
                spans(run.dropped)
            ));
        }
        text.push('.');
        StatusLine { tone, text }
    }

    pub fn snapshot(&self) -> Snapshot {
        Snapshot {
            waiting: self.waiting(),
            in_flight_requests: self.in_flight.len() as u64,
            dropped: self.outbox.dropped(),
            accepted: self.accepted,
            rejected: self.rejected,
            status: self.status.clone(),
        }
    }
}
