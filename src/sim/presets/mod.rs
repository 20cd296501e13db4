//! Presets: scenario files that ship with the page (issue 12), each teaching one lesson that
//! its file states in one sentence (`lesson:`). The files are plain YAML in this folder, built
//! into the binary with `include_str!`, and parsed like any file a learner writes; the first is
//! the lab, the default scenario.

use super::file::{parse_scenario, FileError, Format, LoadedScenario};

/// A scenario file that ships with the page.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Preset {
    /// Stable identifier (for links).
    pub id: &'static str,
    /// The file's text, as a learner can read and edit it.
    pub text: &'static str,
}

impl Preset {
    /// The preset parsed and checked (tests keep every preset valid).
    pub fn load(&self) -> Result<LoadedScenario, Vec<FileError>> {
        parse_scenario(self.text, Format::Yaml)
    }

    /// The file's `title:`, read without the scenario reader (`tests/presets.rs` checks it
    /// equals the parse).
    pub fn title(&self) -> String {
        super::file::plain_top_level(self.text, "title").unwrap_or_else(|| self.id.to_string())
    }

    /// The file's `lesson:`, the one sentence it teaches.
    pub fn lesson(&self) -> String {
        super::file::plain_top_level(self.text, "lesson").unwrap_or_default()
    }

    /// Its file name for **Download scenario**.
    pub fn file_name(&self) -> String {
        format!("{}.yaml", self.id)
    }
}

/// The lab, the default scenario: both challenges are switches.
pub const LAB: Preset = Preset {
    id: "lab",
    text: include_str!("lab.yaml"),
};

/// Every preset, the lab first, in the order the page lists them.
pub const PRESETS: [Preset; 7] = [
    LAB,
    Preset {
        id: "ten-services",
        text: include_str!("ten_services.yaml"),
    },
    Preset {
        id: "n-plus-one",
        text: include_str!("n_plus_one.yaml"),
    },
    Preset {
        id: "one-worker",
        text: include_str!("one_worker.yaml"),
    },
    Preset {
        id: "retry-storm",
        text: include_str!("retry_storm.yaml"),
    },
    Preset {
        id: "broken-propagation",
        text: include_str!("broken_propagation.yaml"),
    },
    Preset {
        id: "incident",
        text: include_str!("incident.yaml"),
    },
];

/// The preset with this id.
pub fn preset(id: &str) -> Option<Preset> {
    PRESETS.into_iter().find(|p| p.id == id)
}
