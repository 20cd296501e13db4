//! The scenario in a link (issue 12, "Keep and share"): one URL key, `scenario`, holding either
//! a preset's id (`scenario=ten-services`; the lab is the default and is left out) or a written
//! scenario's text compressed: `z.` + base64url (RFC 4648 section 5, no padding) of its raw
//! deflate stream (RFC 1951). Preset ids have no `.`, so the two never collide, and both
//! alphabets pass `application/x-www-form-urlencoded` unescaped.
//!
//! Links longer than about 8,000 characters are cut or refused by some servers and chat tools,
//! so a scenario whose compressed form exceeds [`MAX_SCENARIO_IN_LINK`] stays out of the link;
//! the page says so and points to **Download scenario** ([`too_long_for_link`]), and the link
//! says `scenario=kept` ([`KEPT`]): "the scenario kept in this browser"
//! (`crate::state::persist::scenario::start` brings it back on a reload, and explains itself in
//! another browser). A link without `scenario` is the lab, whatever a browser has kept, so a
//! shared lab link shows the lab everywhere.

use super::{Settings, UrlProblem};
use crate::sim::file::reader::reader;
use crate::sim::file::{Format, MAX_FILE_BYTES};
use crate::sim::presets::{self, LAB};
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use std::rc::Rc;

/// Which scenario runs, as a link carries it.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub enum ScenarioLink {
    /// The lab, shaped by the page's controls (`LabOptions`), as before scenarios existed.
    #[default]
    Lab,
    /// A preset other than the lab, unmodified: linked by its id.
    Preset(&'static str),
    /// A written (or edited) scenario: its text, always a valid one.
    Custom(Rc<str>),
    /// A written scenario as a link carries it (`z.…`), not unpacked yet: the page started
    /// before the reader module, which holds the inflater, arrived (`State::reader_ready`
    /// unpacks and checks it).
    Packed(Rc<str>),
}

/// Longest compressed scenario a link carries, leaving room for the other settings under
/// about 8,000 characters in all.
pub const MAX_SCENARIO_IN_LINK: usize = 7_500;

/// The `scenario` value of a scenario too long for a link: the one kept in this browser.
pub const KEPT: &str = "kept";

const COMPRESSED: &str = "z.";

/// `z.` + base64url of the text's raw deflate stream (best compression).
pub fn compress(text: &str) -> String {
    let deflated = miniz_oxide::deflate::compress_to_vec(text.as_bytes(), 10);
    format!("{COMPRESSED}{}", URL_SAFE_NO_PAD.encode(deflated))
}

/// The text of a [`compress`]ed value; a message on anything else. Bounded by
/// [`MAX_FILE_BYTES`], so a small link cannot inflate into a huge text.
pub fn decompress(value: &str) -> Result<String, String> {
    let data = value
        .strip_prefix(COMPRESSED)
        .ok_or("it does not start with `z.`")?;
    let deflated = URL_SAFE_NO_PAD
        .decode(data)
        .map_err(|e| format!("it is not base64url ({e})"))?;
    let bytes = miniz_oxide::inflate::decompress_to_vec_with_limit(&deflated, MAX_FILE_BYTES)
        .map_err(|e| format!("it does not inflate ({:?})", e.status))?;
    String::from_utf8(bytes).map_err(|_| "it is not UTF-8 text".to_string())
}

/// Reads the `scenario` value: a preset id, or a compressed scenario that must parse.
pub(super) fn read(settings: &mut Settings, value: &str) -> Result<(), UrlProblem> {
    if value == KEPT {
        // Which text that is, only the browser's kept record says: `persist::scenario::start`
        // puts it in place (or the lab, with a notice, where nothing is kept).
        settings.scenario = ScenarioLink::Lab;
        return Ok(());
    }
    if let Some(preset) = presets::preset(value) {
        settings.scenario = if preset.id == LAB.id {
            ScenarioLink::Lab
        } else {
            ScenarioLink::Preset(preset.id)
        };
        return Ok(());
    }
    if !value.starts_with(COMPRESSED) {
        let ids: Vec<&str> = presets::PRESETS.iter().map(|p| p.id).collect();
        return Err(UrlProblem::BadScenario(format!(
            "it is neither a preset ({}) nor a compressed scenario",
            ids.join(", ")
        )));
    }
    // Without the reader yet (the page's start), the value is unpacked and checked when it
    // arrives (`State::reader_ready`), and one that does not read gives way to the lab the same
    // way, with a notice.
    let Some(reader) = reader() else {
        settings.scenario = ScenarioLink::Packed(value.into());
        return Ok(());
    };
    let text = reader.unpack(value).map_err(UrlProblem::BadScenario)?;
    if let Err(errors) = reader.parse(&text, Format::guess(&text)) {
        let first = errors.first().map(ToString::to_string).unwrap_or_default();
        return Err(UrlProblem::BadScenario(format!(
            "its scenario has {} problem(s), the first: {first}",
            errors.len()
        )));
    }
    settings.scenario = ScenarioLink::Custom(text.into());
    Ok(())
}

/// The `scenario` value: a preset's id (the lab's is left out as the default), the compressed
/// text, or [`KEPT`] when that is too long for a link.
pub(super) fn write(settings: &Settings) -> String {
    match &settings.scenario {
        ScenarioLink::Lab => LAB.id.to_string(),
        ScenarioLink::Preset(id) => id.to_string(),
        ScenarioLink::Custom(text) => match reader().and_then(|r| r.pack(text)) {
            Some(value) if value.len() <= MAX_SCENARIO_IN_LINK => value,
            // Too long, or (in the moment before the reader is in) not packable here: the
            // scenario kept in this browser, which the page keeps for every written scenario.
            _ => KEPT.to_string(),
        },
        ScenarioLink::Packed(value) => value.to_string(),
    }
}

/// When the scenario is left out of the link: its compressed length.
pub fn too_long_for_link(settings: &Settings) -> Option<usize> {
    match &settings.scenario {
        ScenarioLink::Custom(text) => {
            let len = reader()?.pack(text)?.len();
            (len > MAX_SCENARIO_IN_LINK).then_some(len)
        }
        _ => None,
    }
}
