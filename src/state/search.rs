//! The "Find traces" form as typed, and running it over the store: the page's whole search,
//! natively tested. Matching, ordering and the menus are
//! [`crate::analysis::search`](mod@crate::analysis::search)'s (like Jaeger's search page,
//! <https://www.jaegertracing.io/docs/latest/frontend-ui/>); this module only turns the form's
//! text into a [`TraceQuery`], keeping each field's parse error to show under that field.

use super::views::TraceSet;
use crate::analysis::search::matching;
use crate::analysis::{
    operations, parse_duration, parse_tag_filter, services, summarize, SortOrder, TraceQuery,
    TraceSummary,
};
use crate::model::Trace;
use crate::store::TraceStore;
use crate::view::scatter::{layout, PlotInput, ScatterLayout};
use std::rc::Rc;

/// The search form as typed; parsed when the search runs, so errors can be shown inline.
#[derive(Clone, Debug, PartialEq)]
pub struct SearchForm {
    /// Empty means any.
    pub service: String,
    pub operation: String,
    pub min_duration: String,
    pub max_duration: String,
    pub errors_only: bool,
    pub tags: String,
    pub limit: u32,
    pub sort: SortOrder,
    /// Only these traces (a service map edge's), whatever the other fields say.
    pub only: Option<TraceSet>,
}

/// Results listed when the form is untouched, as Jaeger's search page shows 20.
pub const DEFAULT_LIMIT: u32 = 20;

impl Default for SearchForm {
    fn default() -> Self {
        SearchForm {
            service: String::new(),
            operation: String::new(),
            min_duration: String::new(),
            max_duration: String::new(),
            errors_only: false,
            tags: String::new(),
            limit: DEFAULT_LIMIT,
            sort: SortOrder::MostRecent,
            only: None,
        }
    }
}

/// The form's fields that failed to parse, with the reason (shown next to the field).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct FormErrors {
    pub min_duration: Option<String>,
    pub max_duration: Option<String>,
    pub tags: Option<String>,
}

impl FormErrors {
    pub fn is_empty(&self) -> bool {
        *self == FormErrors::default()
    }
}

/// Parses the typed form; a field that does not parse is left out of the query (so the rest
/// still filters) and reported.
pub fn to_query(form: &SearchForm) -> (TraceQuery, FormErrors) {
    let mut errors = FormErrors::default();
    let duration = |text: &str, slot: &mut Option<String>| {
        if text.trim().is_empty() {
            return None;
        }
        parse_duration(text)
            .map_err(|e| *slot = Some(e.to_string()))
            .ok()
    };
    let min = duration(&form.min_duration, &mut errors.min_duration);
    let max = duration(&form.max_duration, &mut errors.max_duration);
    let tags = parse_tag_filter(&form.tags).unwrap_or_else(|e| {
        errors.tags = Some(e.to_string());
        Vec::new()
    });
    let some = |s: &str| (!s.is_empty()).then(|| s.to_string());
    let query = TraceQuery {
        service: some(&form.service),
        operation: some(&form.operation),
        min_duration_nanos: min,
        max_duration_nanos: max,
        errors_only: form.errors_only,
        tags,
        limit: form.limit,
        sort: form.sort,
    };
    (query, errors)
}

/// What a search found: every match in order with the plot of them, and summaries of the
/// first `limit` (the list).
pub struct Found {
    pub matches: Vec<Rc<Trace>>,
    pub plot: ScatterLayout,
    pub shown: Vec<TraceSummary>,
    pub errors: FormErrors,
}

/// Runs the form over the store. Traces go to [`matching`] newest first, so among equal keys
/// (say, traces with as many spans) the newest comes first. `utc_offset_minutes` localises the
/// plot's time axis.
pub fn find(store: &TraceStore, form: &SearchForm, utc_offset_minutes: i32) -> Found {
    let (query, errors) = to_query(form);
    let only = form.only.as_ref();
    let newest_first: Vec<&Rc<Trace>> = store
        .iter()
        .rev()
        .filter(|t| only.is_none_or(|set| set.contains(t.trace_id)))
        .collect();
    let matches: Vec<Rc<Trace>> = matching(newest_first.iter().map(|t| &***t), &query)
        .into_iter()
        .filter_map(|i| newest_first.get(i).map(|t| Rc::clone(t)))
        .collect();
    let limit = if query.limit == 0 {
        matches.len()
    } else {
        query.limit as usize
    };
    let inputs: Vec<PlotInput> = matches
        .iter()
        .map(|t| PlotInput {
            start_unix_nano: t.start_unix_nano(),
            duration_nanos: t.duration_nanos(),
        })
        .collect();
    Found {
        plot: layout(&inputs, utc_offset_minutes),
        shown: matches.iter().take(limit).map(|t| summarize(t)).collect(),
        matches,
        errors,
    }
}

/// The form's menus: every service in the store, and the operations of the chosen service
/// (of all services when none is chosen), each sorted and without duplicates.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Menus {
    pub services: Vec<String>,
    pub operations: Vec<String>,
}

impl Menus {
    pub fn of(store: &TraceStore, service: &str) -> Menus {
        let traces = || store.iter().map(|t| &**t);
        Menus {
            services: services(traces()),
            operations: operations(traces(), Some(service)),
        }
    }
}

/// The sort menu: (order, value in the form, visible text).
pub const SORTS: &[(SortOrder, &str, &str)] = &[
    (SortOrder::MostRecent, "recent", "Most recent"),
    (SortOrder::Longest, "longest", "Longest first"),
    (SortOrder::Shortest, "shortest", "Shortest first"),
    (SortOrder::MostSpans, "spans", "Most spans"),
];

/// The sort order a menu value names (most recent for an unknown value).
pub fn sort_named(value: &str) -> SortOrder {
    SORTS
        .iter()
        .find(|(_, name, _)| *name == value)
        .map_or(SortOrder::MostRecent, |(order, _, _)| *order)
}

/// The menu value of a sort order.
pub fn sort_name(order: SortOrder) -> &'static str {
    SORTS
        .iter()
        .find(|(o, _, _)| *o == order)
        .map_or("recent", |(_, name, _)| name)
}

#[cfg(test)]
#[path = "search_tests.rs"]
mod tests;
