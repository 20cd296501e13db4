//! Imports kept between calls, by handle: what the reader module's import exports
//! (`src/bin/reader/import.rs`) hold while the page steps an import and shows its progress.
//! Every answer is a reply in the batch format ([`crate::otlp::batch`]), JSON text the page
//! reads with [`crate::otlp::batch::read_progress`] and
//! [`crate::otlp::batch::read_outcome`].

use super::Importer;
use crate::otlp::batch::{error_reply, outcome_reply, progress_reply};
use crate::store::StoreLimits;
use std::collections::BTreeMap;

/// The imports going on, by handle. Two imports (say, a restore and a file the learner chose)
/// each keep their own text and state.
#[derive(Default)]
pub struct ImportSessions {
    /// The last handle given; handles start at 1, so 0 never names an import.
    last: u32,
    open: BTreeMap<u32, Importer<'static>>,
}

impl ImportSessions {
    /// Starts importing `text` within `limits` (nothing is read yet); returns its handle.
    pub fn start(&mut self, text: String, limits: StoreLimits) -> u32 {
        let mut handle = self.last;
        loop {
            handle = handle.wrapping_add(1).max(1);
            if !self.open.contains_key(&handle) {
                break;
            }
        }
        self.last = handle;
        self.open.insert(handle, Importer::owned(text, limits));
        handle
    }

    /// Reads about `budget` more bytes of the import `handle`: its progress, or its problem
    /// (which ends it: an import is all or nothing).
    pub fn step(&mut self, handle: u32, budget: usize) -> String {
        let Some(importer) = self.open.get_mut(&handle) else {
            return error_reply(&unknown(handle));
        };
        match importer.step(budget) {
            Ok(progress) => progress_reply(progress),
            Err(problem) => {
                self.open.remove(&handle);
                error_reply(&problem.to_string())
            }
        }
    }

    /// Ends the import `handle`: its traces as a batch once a step has reported it done, or
    /// its problem.
    pub fn finish(&mut self, handle: u32) -> String {
        let Some(importer) = self.open.remove(&handle) else {
            return error_reply(&unknown(handle));
        };
        if !importer.progress().done {
            return error_reply("the import was finished before it had read the whole file");
        }
        match importer.finish() {
            Ok(outcome) => outcome_reply(&outcome),
            Err(problem) => error_reply(&problem.to_string()),
        }
    }

    /// Ends the import `handle` without a result (the page gave up on it). Whether it was open.
    pub fn drop_import(&mut self, handle: u32) -> bool {
        self.open.remove(&handle).is_some()
    }

    /// How many imports are open.
    pub fn len(&self) -> usize {
        self.open.len()
    }

    pub fn is_empty(&self) -> bool {
        self.open.is_empty()
    }
}

fn unknown(handle: u32) -> String {
    format!("no import has handle {handle} (it ended, failed or never started)")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::otlp::batch::{read_outcome, read_progress};
    use crate::otlp::fixtures::lab_trace;
    use crate::otlp::{encode_traces, import_traces, ImportOutcome};

    const ALL: StoreLimits = StoreLimits {
        max_traces: u32::MAX,
        max_spans: u64::MAX,
    };

    /// Steps `handle` to the end in small steps; the progress seen after each.
    fn run(sessions: &mut ImportSessions, handle: u32) -> Result<ImportOutcome, String> {
        loop {
            if read_progress(&sessions.step(handle, 64))?.done {
                break;
            }
        }
        read_outcome(&sessions.finish(handle))
    }

    #[test]
    fn a_session_gives_what_the_importer_gives() {
        let traces: Vec<_> = (1..=4).map(|t| lab_trace(t, t as u64 * 1_000)).collect();
        let text = format!("\u{feff}{}", encode_traces(&traces));
        let mut sessions = ImportSessions::default();
        let handle = sessions.start(text.clone(), ALL);
        let outcome = run(&mut sessions, handle).expect("imports");
        assert_eq!(outcome.traces, import_traces(&text).unwrap());
        assert_eq!(
            outcome.traces, traces,
            "a byte order mark is not part of the JSON"
        );
        assert!(sessions.is_empty(), "finish ends the session");
    }

    #[test]
    fn interleaved_sessions_keep_their_own_text_and_caps() {
        let a = encode_traces(&[lab_trace(0xa, 1_000), lab_trace(0xaa, 2_000)]);
        let b = encode_traces(&[lab_trace(0xb, 3_000)]);
        let mut sessions = ImportSessions::default();
        let one = StoreLimits {
            max_traces: 1,
            max_spans: 100,
        };
        let (ha, hb) = (sessions.start(a, one), sessions.start(b, ALL));
        assert_ne!(ha, hb);
        assert!(ha != 0 && hb != 0, "0 names no import");
        // Alternate steps until both are done.
        let (mut a_done, mut b_done) = (false, false);
        while !(a_done && b_done) {
            if !a_done {
                a_done = read_progress(&sessions.step(ha, 64)).unwrap().done;
            }
            if !b_done {
                b_done = read_progress(&sessions.step(hb, 64)).unwrap().done;
            }
        }
        let b = read_outcome(&sessions.finish(hb)).unwrap();
        let a = read_outcome(&sessions.finish(ha)).unwrap();
        assert_eq!(b.traces, vec![lab_trace(0xb, 3_000)]);
        assert_eq!(
            a.traces,
            vec![lab_trace(0xaa, 2_000)],
            "the newest within 1 trace"
        );
        assert_eq!((a.left_out_traces, a.left_out_spans), (1, 4));
    }

    #[test]
    fn a_problem_ends_the_session_and_names_its_place() {
        let text = r#"{"resourceSpans":[{"scopeSpans":[{"spans":[{"traceId":"x"}]}]}]}"#;
        let mut sessions = ImportSessions::default();
        let handle = sessions.start(text.into(), ALL);
        let problem = run(&mut sessions, handle).expect_err("a bad trace id");
        assert_eq!(
            problem,
            import_traces(text).unwrap_err().to_string(),
            "as today's importer words it"
        );
        assert!(
            problem.starts_with("$.resourceSpans[0].scopeSpans[0].spans[0].traceId: "),
            "{problem}"
        );
        assert!(problem.ends_with("(line 1, column 57)"), "{problem}");
        assert!(sessions.is_empty(), "a failed import is not kept");
        let again = read_progress(&sessions.step(handle, 64)).unwrap_err();
        assert!(
            again.contains(&format!("no import has handle {handle}")),
            "{again}"
        );
    }

    #[test]
    fn finishing_early_or_twice_or_a_dropped_import_is_a_problem() {
        let text = encode_traces(&[lab_trace(1, 0)]);
        let mut sessions = ImportSessions::default();
        let early = sessions.start(text.clone(), ALL);
        let problem = read_outcome(&sessions.finish(early)).unwrap_err();
        assert!(
            problem.contains("before it had read the whole file"),
            "{problem}"
        );
        let dropped = sessions.start(text.clone(), ALL);
        assert!(sessions.drop_import(dropped));
        assert!(!sessions.drop_import(dropped), "only once");
        assert!(read_outcome(&sessions.finish(dropped)).is_err());
        let empty = sessions.start(String::new(), ALL);
        assert_eq!(
            run(&mut sessions, empty).unwrap_err(),
            "$: the file is empty",
            "the importer's own wording"
        );
        assert!(sessions.is_empty());
    }
}
