//! The scenario kept for the next visit (issue 12, "Keep and share": "Scenario, settings ...
//! survive a reload"), and which scenario a page starts with.
//!
//! - What is kept mirrors what runs: a preset or a written scenario is kept as its text (a
//!   small localStorage record, [`super::SCENARIO_KEY`]); the lab is not kept, so **Reset to
//!   the lab** (and an edit back to the lab) forgets the kept one ([`keep`] says `None`: the
//!   shell calls `storage::clear_scenario`).
//! - The record is the scenario file itself, as **Download scenario** writes it, with no
//!   [`super::VERSION`] wrapper: the scenario format is the page's public file format, read by
//!   the same parser and checked the same way (a wrapper's serde code cost about 1 KB gzip of
//!   bundle for nothing a parse does not already check).
//! - At start ([`start`]): the link (or, for a bare address, the saved settings) says which
//!   scenario runs, so a shared link shows the same everywhere: a preset id or a compressed
//!   text is that scenario; no `scenario` is the lab, even where a browser kept another one
//!   (the page says the kept one is still there); `scenario=kept`
//!   ([`crate::view::url::scenario::KEPT`], what the page writes for a scenario too long for a
//!   link) is the kept record, which is how such a scenario survives a reload. A kept record
//!   that does not read (garbage, a text this page no longer accepts) or is missing gives a
//!   notice and the lab, never a panic.

use crate::sim::file::reader::reader;
use crate::sim::file::Format;
use crate::sim::presets;
use crate::view::url::scenario::KEPT;
use crate::view::url::{self, Decoded, ScenarioLink, Settings};

/// The link's key for the scenario (`crate::view::url::scenario`).
const SCENARIO_KEY_IN_LINK: &str = "scenario";

/// Where the starting scenario came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ScenarioSource {
    /// The link's (or the saved settings') `scenario=`.
    Link,
    /// The scenario kept on the last visit.
    Kept,
    /// Neither: the lab.
    Default,
}

/// The settings a page starts with.
#[derive(Clone, Debug, PartialEq)]
pub struct Start {
    pub decoded: Decoded,
    pub source: ScenarioSource,
    /// About the kept scenario: that it is back, or why it could not be used.
    pub notices: Vec<String>,
}

/// The text to keep for `settings`' scenario; `None`: keep nothing (the lab).
pub fn keep(settings: &Settings) -> Option<String> {
    match &settings.scenario {
        ScenarioLink::Lab => None,
        ScenarioLink::Preset(id) => Some(presets::preset(id)?.text.to_string()),
        ScenarioLink::Custom(text) => Some(text.to_string()),
        // Not known before the reader unpacks it; the page then keeps what it had kept
        // (`State::scenario_rebases`).
        ScenarioLink::Packed(_) => None,
    }
}

/// Settings to start from: the link's when it carries a seed, else the saved ones (see
/// [`super::settings_query`]); the scenario they name (the kept one for `scenario=kept`), else
/// the lab.
pub fn start(link: &str, saved_settings: Option<String>, kept: Option<&str>) -> Start {
    let query = super::settings_query(link, saved_settings);
    let mut decoded = url::decode(&query);
    let named = url::form_decode(&query)
        .into_iter()
        .find(|(key, _)| key == SCENARIO_KEY_IN_LINK)
        .map(|(_, value)| value);
    let wants_kept = named.as_deref() == Some(KEPT);
    if named.is_some() && !wants_kept {
        return Start {
            decoded,
            source: ScenarioSource::Link,
            notices: Vec::new(),
        };
    }
    let kept = kept.map(read_kept);
    match (wants_kept, kept) {
        (true, Some(Ok((text, title)))) => {
            decoded.settings.scenario = ScenarioLink::Custom(text.into());
            Start {
                decoded,
                source: ScenarioSource::Kept,
                notices: vec![format!(
                    "Your scenario from the last visit is back{}. Reset to the lab (Scenario tab) starts from the lab again.",
                    title.map_or(String::new(), |t| format!(": {t}"))
                )],
            }
        }
        (true, Some(Err(notice))) => Start {
            decoded,
            source: ScenarioSource::Default,
            notices: vec![notice],
        },
        (true, None) => Start {
            decoded,
            source: ScenarioSource::Default,
            notices: vec![
                "This link's scenario was too long for a link, so it stayed in the browser that made it; this one has none kept, so the lab runs. Ask for the scenario file (Download scenario) and open it in the Scenario tab with Open scenario file."
                    .to_string(),
            ],
        },
        (false, Some(Ok((_, title)))) => Start {
            decoded,
            source: ScenarioSource::Default,
            notices: vec![format!(
                "This link names no scenario, so the lab runs. Your scenario from the last visit{} stays kept in this browser until you run another scenario here or press Reset to the lab; to keep it as a file, open it from the link you had and press Download scenario.",
                title.map_or(String::new(), |t| format!(" ({t})"))
            )],
        },
        (false, _) => Start {
            decoded,
            source: ScenarioSource::Default,
            notices: Vec::new(),
        },
    }
}

/// The kept text and its title, if it still reads and runs. Without the scenario reader yet
/// (the page's start in the browser), the text is checked when the reader arrives
/// (`State::reader_ready`, which runs the lab with a notice if it does not read) and its title
/// is what a plain `title:` line says, if it has one.
fn read_kept(text: &str) -> Result<(String, Option<String>), String> {
    let Some(reader) = reader() else {
        let title = crate::sim::file::plain_top_level(text, "title");
        return Ok((text.to_string(), title));
    };
    match reader.parse(text, Format::guess(text)) {
        Ok(loaded) => Ok((text.to_string(), Some(loaded.title))),
        Err(errors) => {
            let first = errors.first().map(ToString::to_string).unwrap_or_default();
            Err(format!(
                "The scenario kept from your last visit has {} problem(s) this page does not accept (the first: {first}); starting with the lab.",
                errors.len()
            ))
        }
    }
}

#[cfg(test)]
#[path = "scenario_tests.rs"]
mod tests;
