//! The scenario reader as a service the page calls (issue 11: the cold load's 600,000-byte
//! guard; issue 15: `load_slow4g_ms`).
//!
//! Reading a scenario text — the YAML parser (`granit-parser`), the serde bridge, the checks
//! with their positions, and the text edits that keep a file as written — is about a fifth of
//! the page's wasm, and none of it is needed before the lab answers its first **Send request**
//! (the lab runs from [`Scenario::lab_with`](crate::sim::Scenario::lab_with)). So the browser
//! loads it as a second wasm module after the first paint (`src/bin/reader/`), and the main
//! module reaches it only through the [`ScenarioReader`] installed here:
//!
//! - natively (tests, tools) the reader is [`Direct`]: the functions of this crate;
//! - in the page it is a [`Remote`] over the reader module's exports, which answer in JSON
//!   ([`answer`], serde's `Result` encoding of exactly what [`Direct`] returns), so both ends
//!   share one definition and a round-trip test pins them together;
//! - until the module has loaded there is no reader ([`reader`] is `None`), and the state keeps
//!   a text waiting (`state::scenario`).

use super::{parse_scenario, set_switch, set_workers, FileError, Format, LoadedScenario};
use crate::view::url::scenario::{compress, decompress};
use std::cell::RefCell;
use std::rc::Rc;

/// What the page asks of scenario texts.
pub trait ScenarioReader {
    /// Parses, checks and converts a text ([`parse_scenario`]).
    fn parse(&self, text: &str, format: Format) -> Result<LoadedScenario, Vec<FileError>>;
    /// Turns a switch in the text ([`set_switch`]).
    fn set_switch(
        &self,
        text: &str,
        format: Format,
        name: &str,
        on: bool,
    ) -> Result<String, FileError>;
    /// Sets a service's worker limit in the text ([`set_workers`]).
    fn set_workers(
        &self,
        text: &str,
        format: Format,
        service: &str,
        workers: Option<u32>,
    ) -> Result<String, FileError>;
    /// A text as a link carries it ([`compress`]: deflate and base64url); `None` when the
    /// reader failed.
    fn pack(&self, text: &str) -> Option<String>;
    /// The text of a link's packed value ([`decompress`]), or why it has none.
    fn unpack(&self, value: &str) -> Result<String, String>;
}

/// The reader as functions of this crate.
#[derive(Clone, Copy, Debug, Default)]
pub struct Direct;

impl ScenarioReader for Direct {
    fn parse(&self, text: &str, format: Format) -> Result<LoadedScenario, Vec<FileError>> {
        parse_scenario(text, format)
    }
    fn set_switch(&self, text: &str, f: Format, name: &str, on: bool) -> Result<String, FileError> {
        set_switch(text, f, name, on)
    }
    fn set_workers(
        &self,
        text: &str,
        f: Format,
        service: &str,
        workers: Option<u32>,
    ) -> Result<String, FileError> {
        set_workers(text, f, service, workers)
    }
    fn pack(&self, text: &str) -> Option<String> {
        Some(compress(text))
    }
    fn unpack(&self, value: &str) -> Result<String, String> {
        decompress(value)
    }
}

thread_local! {
    static READER: RefCell<Option<Rc<dyn ScenarioReader>>> = RefCell::new(initial());
}

/// Natively the reader is always there; in the browser it comes with the reader module.
fn initial() -> Option<Rc<dyn ScenarioReader>> {
    if cfg!(target_arch = "wasm32") {
        None
    } else {
        Some(Rc::new(Direct))
    }
}

/// The reader, once there is one.
pub fn reader() -> Option<Rc<dyn ScenarioReader>> {
    READER.with(|r| r.borrow().clone())
}

/// Installs (or, with `None`, removes: tests of the waiting state) the reader.
pub fn install(reader: Option<Rc<dyn ScenarioReader>>) {
    READER.with(|r| *r.borrow_mut() = reader);
}

/// The name a format has on the wire between the modules.
pub fn format_name(format: Format) -> &'static str {
    match format {
        Format::Yaml => "yaml",
        Format::Json => "json",
    }
}

fn format_named(name: &str) -> Format {
    if name == "json" {
        Format::Json
    } else {
        Format::Yaml
    }
}

/// The reader module's side: each export answers with the JSON of what [`Direct`] returns.
pub mod answer {
    use super::{format_named, Direct, ScenarioReader};

    fn json<T: serde::Serialize>(value: &T) -> String {
        // Only strings, numbers and lists: serializing cannot fail. Should it, the main module
        // reads an empty answer as "the reader failed" and says so.
        serde_json::to_string(value).unwrap_or_default()
    }

    pub fn parse(text: &str, format: &str) -> String {
        json(&Direct.parse(text, format_named(format)))
    }

    pub fn set_switch(text: &str, format: &str, name: &str, on: bool) -> String {
        json(&Direct.set_switch(text, format_named(format), name, on))
    }

    /// `workers`: a number the JavaScript side carries exactly (every `u32`); negative is
    /// unlimited.
    pub fn set_workers(text: &str, format: &str, service: &str, workers: f64) -> String {
        let workers = (workers >= 0.0).then_some(workers as u32);
        json(&Direct.set_workers(text, format_named(format), service, workers))
    }

    pub fn pack(text: &str) -> String {
        json(&Direct.pack(text))
    }

    pub fn unpack(value: &str) -> String {
        json(&Direct.unpack(value))
    }
}

/// How the main module reaches the reader module's exports: each call returns the export's
/// JSON answer, or why the call itself failed.
pub trait Transport {
    fn parse(&self, text: &str, format: &str) -> Result<String, String>;
    fn set_switch(&self, text: &str, format: &str, name: &str, on: bool) -> Result<String, String>;
    fn set_workers(
        &self,
        text: &str,
        format: &str,
        service: &str,
        workers: f64,
    ) -> Result<String, String>;
    fn pack(&self, text: &str) -> Result<String, String>;
    fn unpack(&self, value: &str) -> Result<String, String>;
}

/// The reader behind a [`Transport`]: decodes the JSON answers.
pub struct Remote<T>(pub T);

/// A call that failed, or an answer that does not decode, as a problem a learner can act on
/// (`why` may already say to reload: once is enough).
fn broken(why: &str) -> FileError {
    let reload = if why.contains("reload the page") {
        ""
    } else {
        "; reload the page to try again"
    };
    FileError::new("", format!("the scenario reader failed ({why}){reload}"))
}

fn decode<T: serde::de::DeserializeOwned>(answer: Result<String, String>) -> Result<T, String> {
    let json = answer?;
    serde_json::from_str(&json).map_err(|e| format!("its answer did not read: {e}"))
}

impl<T: Transport> ScenarioReader for Remote<T> {
    fn parse(&self, text: &str, format: Format) -> Result<LoadedScenario, Vec<FileError>> {
        decode(self.0.parse(text, format_name(format)))
            .unwrap_or_else(|why| Err(vec![broken(&why)]))
    }
    fn set_switch(&self, text: &str, f: Format, name: &str, on: bool) -> Result<String, FileError> {
        decode(self.0.set_switch(text, format_name(f), name, on))
            .unwrap_or_else(|why| Err(broken(&why)))
    }
    fn set_workers(
        &self,
        text: &str,
        f: Format,
        service: &str,
        workers: Option<u32>,
    ) -> Result<String, FileError> {
        let n = workers.map_or(-1.0, f64::from);
        decode(self.0.set_workers(text, format_name(f), service, n))
            .unwrap_or_else(|why| Err(broken(&why)))
    }
    fn pack(&self, text: &str) -> Option<String> {
        decode::<Option<String>>(self.0.pack(text)).ok().flatten()
    }
    fn unpack(&self, value: &str) -> Result<String, String> {
        decode(self.0.unpack(value)).unwrap_or_else(|why| Err(broken(&why).message))
    }
}

#[cfg(test)]
#[path = "reader_tests.rs"]
mod tests;
