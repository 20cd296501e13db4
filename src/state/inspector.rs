//! The Header inspector's input as the learner left it — the header picked (or auto-detect) and
//! the text pasted — kept in the page state so the Lab guide can see a `traceparent` pasted
//! there (issue 14, step 7) and the text survives a visit to another view.
//!
//! Reading the text is the propagation core's ([`crate::propagation::decode::inspect`]): one
//! header per line, `name: value` or a bare value told by its shape, each decoded per its spec
//! (W3C Trace Context, W3C Baggage, B3, Jaeger).

use crate::propagation::decode::{inspect, split_header_line, Inspection};
use crate::propagation::HeaderKind;

/// The example the inspector opens with (the W3C Trace Context specification's own).
pub const INSPECTOR_EXAMPLE: &str = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

#[derive(Clone, Debug, PartialEq)]
pub struct HeaderInspectorInput {
    /// The header the learner picked; `None` tells each line's header by its name or shape.
    pub picked: Option<HeaderKind>,
    /// What was pasted: one header per line.
    pub text: String,
}

impl Default for HeaderInspectorInput {
    fn default() -> Self {
        HeaderInspectorInput {
            picked: None,
            text: INSPECTOR_EXAMPLE.to_string(),
        }
    }
}

impl HeaderInspectorInput {
    /// The inspector holding one header line, `name: value`, to be told by its name.
    pub fn header_line(name: &str, value: &str) -> Self {
        HeaderInspectorInput {
            picked: None,
            text: format!("{name}: {value}"),
        }
    }

    /// A valid example to paste, as header lines: the picked header's, or one of every header
    /// the inspector reads when none is picked (`uberctx-{key}` with a key).
    pub fn example_text(picked: Option<HeaderKind>) -> String {
        let line = |kind: HeaderKind| match kind {
            HeaderKind::UberCtx => format!("uberctx-user-id: {}", kind.example()),
            _ => format!("{}: {}", kind.name(), kind.example()),
        };
        match picked {
            Some(kind) => line(kind),
            None => HeaderKind::INSPECTABLE
                .into_iter()
                .map(line)
                .collect::<Vec<_>>()
                .join("\n"),
        }
    }

    /// Every pasted line, decoded.
    pub fn inspections(&self) -> Vec<Inspection> {
        inspect(&self.text, self.picked)
    }

    /// The menu's choices: auto-detect, then every header the inspector reads, as
    /// (value, label) pairs; the value is what [`HeaderInspectorInput::pick`] reads.
    pub fn choices() -> Vec<(&'static str, &'static str)> {
        std::iter::once(("auto", "Auto-detect"))
            .chain(HeaderKind::INSPECTABLE.iter().map(|k| (k.name(), k.name())))
            .collect()
    }

    /// The pick named by a menu value; anything but a header name means auto-detect.
    pub fn pick(value: &str) -> Option<HeaderKind> {
        HeaderKind::INSPECTABLE
            .into_iter()
            .find(|k| k.name() == value)
    }

    /// The menu value of the current pick.
    pub fn picked_value(&self) -> &'static str {
        self.picked.map_or("auto", HeaderKind::name)
    }

    /// The `traceparent` in the text when the learner typed or pasted one: not the built-in
    /// example, not blank. A line counts when it is named `traceparent` or, unnamed, is read
    /// as one (picked, or by its shape).
    pub fn typed_traceparent(&self) -> Option<&str> {
        self.text.lines().find_map(|line| {
            let value = match split_header_line(line) {
                Some((name, value)) => {
                    (HeaderKind::from_name(name) == HeaderKind::Traceparent).then_some(value)?
                }
                None => {
                    let kind = self
                        .picked
                        .unwrap_or_else(|| crate::propagation::decode::detect_kind(line).0);
                    (kind == HeaderKind::Traceparent).then_some(line)?
                }
            };
            let value = value.trim();
            (!value.is_empty() && value != INSPECTOR_EXAMPLE).then_some(value)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// (text, picked, the traceparent the guide sees, why).
    #[rustfmt::skip]
    const TYPED: &[(&str, Option<HeaderKind>, Option<&str>, &str)] = &[
        (INSPECTOR_EXAMPLE, None, None, "the built-in example is not the learner's"),
        ("   ", None, None, "blank"),
        (" 00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01 ", None, None, "the example, spaced"),
        ("00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01\n", None,
            Some("00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01"), "a bare traceparent, by shape"),
        ("tracestate: a=1\nTraceparent: 00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01", None,
            Some("00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01"), "a named line, any case"),
        ("b3: 0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-1", None, None, "a b3 is not a traceparent"),
        ("00-zz", Some(HeaderKind::Traceparent), Some("00-zz"), "picked: even a broken one counts as typed"),
        ("00-zz", None, None, "unpicked, not traceparent-shaped"),
    ];

    #[test]
    fn only_a_traceparent_the_learner_typed_counts() {
        for (text, picked, expected, why) in TYPED {
            let input = HeaderInspectorInput {
                picked: *picked,
                text: text.to_string(),
            };
            assert_eq!(input.typed_traceparent(), *expected, "{why}");
        }
        assert_eq!(HeaderInspectorInput::default().typed_traceparent(), None);
        let line = HeaderInspectorInput::header_line(
            "traceparent",
            "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01",
        );
        assert!(line.typed_traceparent().is_some());
    }

    #[test]
    fn the_menu_round_trips_every_pick() {
        let choices = HeaderInspectorInput::choices();
        assert_eq!(choices.len(), 1 + HeaderKind::INSPECTABLE.len());
        assert_eq!(HeaderInspectorInput::pick("auto"), None);
        assert_eq!(HeaderInspectorInput::pick("nonsense"), None);
        for (value, _) in &choices[1..] {
            let input = HeaderInspectorInput {
                picked: HeaderInspectorInput::pick(value),
                text: String::new(),
            };
            assert!(input.picked.is_some(), "{value}");
            assert_eq!(input.picked_value(), *value);
        }
    }

    #[test]
    fn every_example_decodes_cleanly_as_its_header() {
        let all = HeaderInspectorInput {
            picked: None,
            text: HeaderInspectorInput::example_text(None),
        }
        .inspections();
        let kinds: Vec<HeaderKind> = all.iter().map(|i| i.decoded.header).collect();
        assert_eq!(
            kinds,
            HeaderKind::INSPECTABLE,
            "one line per header, in menu order"
        );
        for kind in HeaderKind::INSPECTABLE {
            let one = HeaderInspectorInput {
                picked: Some(kind),
                text: HeaderInspectorInput::example_text(Some(kind)),
            }
            .inspections();
            assert_eq!(one.len(), 1, "{kind:?}");
            assert!(
                one[0].decoded.is_valid() && one[0].problem.is_none(),
                "{kind:?}"
            );
            assert_eq!(one[0].detection, crate::propagation::Detection::Named);
        }
    }

    #[test]
    fn the_default_decodes_the_example_traceparent() {
        let found = HeaderInspectorInput::default().inspections();
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].decoded.header, HeaderKind::Traceparent);
        assert!(found[0].decoded.is_valid());
    }
}
