//! The collapsible groups of controls on the learner's first screen (issue 14, "A first screen
//! for learners"): **Lab settings**, **Load** and **Export** start closed, remember whether the
//! learner left them open (the page keeps [`Groups::to_storage`] in `localStorage`), and open by
//! themselves when the link sets a control inside them to something other than its default, so
//! a shared link shows what it changed.
//!
//! Stored as the open groups' names, comma-separated (`load,export`): no JSON needed for three
//! names. Stored text is untrusted: unknown names are dropped, too long a text reads as "all
//! closed".

use crate::sim::LabOptions;
use crate::view::url::Settings;

/// The `localStorage` key the page keeps the groups' state under.
pub const GROUPS_STORAGE_KEY: &str = "trace-playground.groups";
/// Longer stored text is not ours (the three names take 23 bytes).
const MAX_STORED_BYTES: usize = 256;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Group {
    LabSettings,
    Load,
    Export,
}

impl Group {
    pub const ALL: [Group; 3] = [Group::LabSettings, Group::Load, Group::Export];

    /// The group's visible name (its button and its region).
    pub fn title(self) -> &'static str {
        match self {
            Group::LabSettings => "Lab settings",
            Group::Load => "Load",
            Group::Export => "Export",
        }
    }

    /// Stable name for storage and element ids.
    pub fn key(self) -> &'static str {
        match self {
            Group::LabSettings => "lab-settings",
            Group::Load => "load",
            Group::Export => "export",
        }
    }

    fn index(self) -> usize {
        match self {
            Group::LabSettings => 0,
            Group::Load => 1,
            Group::Export => 2,
        }
    }
}

/// Which groups are open.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Groups {
    open: [bool; 3],
}

impl Groups {
    /// The groups as the learner left them (`stored`, from `localStorage`), plus those the
    /// link opens.
    pub fn load(stored: Option<&str>, settings: &Settings) -> Groups {
        let mut groups = stored.and_then(Groups::parse).unwrap_or_default();
        for group in opened_by_link(settings) {
            groups.set(group, true);
        }
        groups
    }

    fn parse(text: &str) -> Option<Groups> {
        if text.len() > MAX_STORED_BYTES {
            return None;
        }
        let mut groups = Groups::default();
        for group in Group::ALL {
            if text.split(',').any(|k| k == group.key()) {
                groups.set(group, true);
            }
        }
        Some(groups)
    }

    /// The text to keep under [`GROUPS_STORAGE_KEY`].
    pub fn to_storage(&self) -> String {
        Group::ALL
            .into_iter()
            .filter(|g| self.is_open(*g))
            .map(Group::key)
            .collect::<Vec<_>>()
            .join(",")
    }

    pub fn is_open(&self, group: Group) -> bool {
        self.open[group.index()]
    }

    pub fn set(&mut self, group: Group, open: bool) {
        self.open[group.index()] = open;
    }
}

/// The groups holding a control the link sets to something other than its default. The seed
/// does not count: every link carries one.
pub fn opened_by_link(settings: &Settings) -> Vec<Group> {
    let defaults = Settings::default();
    let lab = &settings.lab;
    // Lab settings holds every lab option but the worker limits, which sit with Load.
    let lab_only = LabOptions {
        workers_a: None,
        workers_b: None,
        workers_db: None,
        ..lab.clone()
    };
    let lab_changed = lab_only != defaults.lab || settings.playback != defaults.playback;
    let workers = [lab.workers_a, lab.workers_b, lab.workers_db];
    let load_changed = settings.requests != defaults.requests
        || settings.load != defaults.load
        || workers.iter().any(Option::is_some);
    [
        (Group::LabSettings, lab_changed),
        (Group::Load, load_changed),
    ]
    .into_iter()
    .filter_map(|(group, changed)| changed.then_some(group))
    .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::view::url::{decode, Playback};

    /// (link, groups it opens, why).
    #[rustfmt::skip]
    const LINKS: &[(&str, &[Group], &str)] = &[
        ("", &[], "no settings: the first screen"),
        ("?seed=42", &[], "every link carries a seed"),
        ("?heavy_calc=1", &[Group::LabSettings], "a lab switch"),
        ("?playback=instant", &[Group::LabSettings], "Real-time playback sits in Lab settings"),
        ("?sampler=parentbased_traceidratio&sampling_ratio=0.5", &[Group::LabSettings], "sampler and ratio"),
        ("?requests=40", &[Group::Load], "Requests sits with Run load"),
        ("?workers_b=1", &[Group::Load], "worker limits sit with Load"),
        ("?arrival=poisson&rate=2", &[Group::Load], "an arrival pattern"),
        ("?fan_out=20&requests=10000", &[Group::LabSettings, Group::Load], "one control in each"),
    ];

    #[test]
    fn a_link_opens_the_groups_whose_controls_it_changes() {
        for (link, expected, why) in LINKS {
            let decoded = decode(link);
            assert!(decoded.notices.is_empty(), "{link}: {:?}", decoded.notices);
            assert_eq!(
                opened_by_link(&decoded.settings),
                expected.to_vec(),
                "{link}: {why}"
            );
        }
    }

    #[test]
    fn the_learners_choice_is_kept_and_read_back() {
        let settings = Settings::default();
        let mut groups = Groups::load(None, &settings);
        assert_eq!(groups, Groups::default(), "a first visit: all closed");
        groups.set(Group::Export, true);
        let text = groups.to_storage();
        assert_eq!(text, "export");
        let back = Groups::load(Some(&text), &settings);
        assert!(back.is_open(Group::Export));
        assert!(!back.is_open(Group::Load) && !back.is_open(Group::LabSettings));
        // A link adds to what was stored; it never closes a group the learner opened.
        let link = Settings {
            playback: Playback::Instant,
            ..Settings::default()
        };
        let both = Groups::load(Some(&text), &link);
        assert!(both.is_open(Group::Export) && both.is_open(Group::LabSettings));
    }

    #[test]
    fn stored_text_that_is_not_ours_reads_as_all_closed() {
        let settings = Settings::default();
        let long = format!("load,{}", "x".repeat(300));
        for text in [
            "",
            "null",
            "Load",
            " load",
            "load;export",
            r#"{"open":["load"]}"#,
            long.as_str(),
        ] {
            assert_eq!(
                Groups::load(Some(text), &settings),
                Groups::default(),
                "{text:.40}"
            );
        }
        let unknown = Groups::load(Some("later,load,,export"), &settings);
        assert!(
            unknown.is_open(Group::Load),
            "unknown names are dropped, known ones kept"
        );
        assert!(unknown.is_open(Group::Export) && !unknown.is_open(Group::LabSettings));
        let all = Groups::load(Some("lab-settings,load,export"), &settings);
        assert_eq!(all.to_storage(), "lab-settings,load,export", "round trip");
    }
}
