//! The Traceparent inspector's fields as the learner typed them, kept in the page state so the
//! Lab guide can see a `traceparent` pasted there (issue 14, step 7) and the text survives a
//! visit to another view.

/// The example the inspector opens with (the W3C Trace Context specification's own).
pub const INSPECTOR_EXAMPLE: &str = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

#[derive(Clone, Debug, PartialEq)]
pub struct InspectorInput {
    pub traceparent: String,
    pub tracestate: String,
}

impl Default for InspectorInput {
    fn default() -> Self {
        InspectorInput {
            traceparent: INSPECTOR_EXAMPLE.to_string(),
            tracestate: String::new(),
        }
    }
}

impl InspectorInput {
    /// The `traceparent` field when the learner typed or pasted one: not the built-in example,
    /// not blank.
    pub fn typed_traceparent(&self) -> Option<&str> {
        let text = self.traceparent.trim();
        (!text.is_empty() && text != INSPECTOR_EXAMPLE).then_some(text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_text_the_learner_typed_counts() {
        let typed = |t: &str| {
            InspectorInput {
                traceparent: t.into(),
                ..InspectorInput::default()
            }
            .typed_traceparent()
            .map(str::to_string)
        };
        assert_eq!(InspectorInput::default().typed_traceparent(), None);
        assert_eq!(typed("   "), None);
        assert_eq!(typed(&format!(" {INSPECTOR_EXAMPLE} ")), None);
        let mine = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";
        assert_eq!(typed(&format!("{mine}\n")).as_deref(), Some(mine));
    }
}
