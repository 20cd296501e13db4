//! Response bodies that wrap a downstream answer (`Service A got: {downstream}`), rendered once
//! per (endpoint, downstream body) and interned, instead of formatted into a new `String` for
//! every request (issue 15: two allocations and a `format!` per lab request on the load path).
//!
//! A run meets only a handful of distinct bodies (each endpoint's own text around the few
//! answers its callee can give), so a short list searched linearly is the whole cache, and
//! interning (`crate::sim::intern`) makes each cached body a borrowed `'static` string that a
//! request record clones for free.

use crate::model::Str;
use crate::sim::compile::Body;
use crate::sim::intern::intern_str;

/// Bodies kept per run; past this, bodies are rendered as before (slower, same text).
const MAX_CACHED: usize = 32;

#[derive(Clone, Debug, Default)]
pub(super) struct BodyCache {
    /// (endpoint index, downstream body, rendered body).
    entries: Vec<(u32, Str, Str)>,
}

impl BodyCache {
    /// What endpoint `endpoint` (whose body template is `body`) answers after its last
    /// downstream call answered `downstream`: the same text as [`Body::render`].
    pub fn render(&mut self, endpoint: u32, body: &Body, downstream: &Str) -> Str {
        if let Body::Fixed(text) = body {
            return text.clone();
        }
        let cached = self
            .entries
            .iter()
            .find(|(e, d, _)| *e == endpoint && d == downstream);
        if let Some((_, _, rendered)) = cached {
            return rendered.clone();
        }
        let rendered = intern_str(&body.render(downstream));
        if self.entries.len() < MAX_CACHED {
            self.entries
                .push((endpoint, downstream.clone(), rendered.clone()));
        }
        rendered
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::borrow::Cow;

    fn wrap() -> Body {
        Body::Wrap {
            before: Cow::Borrowed("A got: "),
            after: Cow::Borrowed("!"),
        }
    }

    #[test]
    fn renders_the_same_text_as_the_template_and_reuses_it() {
        let mut cache = BodyCache::default();
        let body = wrap();
        let first = cache.render(0, &body, &Cow::Borrowed("data"));
        assert_eq!(first, "A got: data!");
        assert!(
            matches!(first, Cow::Borrowed(_)),
            "interned, so clones are free"
        );
        let again = cache.render(0, &body, &Cow::Owned("data".to_string()));
        assert_eq!(again, first);
        assert_eq!(
            cache.entries.len(),
            1,
            "same endpoint and downstream text: one entry"
        );
        assert_eq!(
            cache.render(0, &body, &Cow::Borrowed("Error")),
            "A got: Error!"
        );
        assert_eq!(
            cache.render(1, &body, &Cow::Borrowed("data")),
            "A got: data!"
        );
        assert_eq!(cache.entries.len(), 3);
    }

    #[test]
    fn fixed_bodies_are_not_cached_and_a_full_cache_still_renders() {
        let mut cache = BodyCache::default();
        let fixed = Body::Fixed(Cow::Borrowed("Data from B"));
        assert_eq!(cache.render(0, &fixed, &Cow::Borrowed("x")), "Data from B");
        assert!(cache.entries.is_empty());
        let body = wrap();
        for i in 0..(MAX_CACHED as u32 + 5) {
            let downstream = Cow::Owned(format!("answer {i}"));
            assert_eq!(
                cache.render(i, &body, &downstream),
                format!("A got: answer {i}!")
            );
        }
        assert_eq!(cache.entries.len(), MAX_CACHED);
    }
}
