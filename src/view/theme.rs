//! Light or dark: the page follows the system's `prefers-color-scheme`
//! (<https://drafts.csswg.org/mediaqueries-5/#prefers-color-scheme>) until the learner picks one
//! with the toggle, and then keeps that choice (the browser's `localStorage`). The CSS holds the
//! colours of both (`static/style.css`, `light-dark()`); this decides which one applies.

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Theme {
    Light,
    Dark,
}

/// The `localStorage` key of the learner's choice.
pub const STORAGE_KEY: &str = "trace-playground-theme";

impl Theme {
    /// The value stored, and the `data-theme` attribute the CSS reads.
    pub fn name(self) -> &'static str {
        match self {
            Theme::Light => "light",
            Theme::Dark => "dark",
        }
    }

    /// A stored choice; anything else (nothing, an old or foreign value) is no choice.
    pub fn from_stored(value: Option<&str>) -> Option<Theme> {
        match value?.trim() {
            "light" => Some(Theme::Light),
            "dark" => Some(Theme::Dark),
            _ => None,
        }
    }

    /// What the page shows: the learner's choice, else the system's preference.
    pub fn effective(choice: Option<Theme>, system_prefers_dark: bool) -> Theme {
        choice.unwrap_or(if system_prefers_dark {
            Theme::Dark
        } else {
            Theme::Light
        })
    }

    /// The other one: what the toggle switches to.
    pub fn toggled(self) -> Theme {
        match self {
            Theme::Light => Theme::Dark,
            Theme::Dark => Theme::Light,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[rustfmt::skip]
    #[test]
    fn a_stored_choice_wins_over_the_system() {
        let cases: &[(Option<&str>, bool, Theme, &str)] = &[
            (None,          false, Theme::Light, "no choice: the system's light"),
            (None,          true,  Theme::Dark,  "no choice: the system's dark"),
            (Some("light"), true,  Theme::Light, "a choice of light beats a dark system"),
            (Some("dark"),  false, Theme::Dark,  "a choice of dark beats a light system"),
            (Some("blue"),  true,  Theme::Dark,  "an unknown value is no choice"),
            (Some(" dark "), false, Theme::Dark, "blanks around are ignored"),
        ];
        for (stored, system_dark, expected, why) in cases {
            let theme = Theme::effective(Theme::from_stored(*stored), *system_dark);
            assert_eq!(theme, *expected, "{why}");
        }
    }

    #[test]
    fn the_toggle_flips_and_names_round_trip() {
        for theme in [Theme::Light, Theme::Dark] {
            assert_ne!(theme.toggled(), theme);
            assert_eq!(theme.toggled().toggled(), theme);
            assert_eq!(Theme::from_stored(Some(theme.name())), Some(theme));
        }
    }
}
