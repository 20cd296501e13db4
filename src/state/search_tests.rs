//! The search form's text becomes a query; a field that does not parse is reported under it and
//! left out, so the other fields still filter.

use super::*;
use crate::sim::LabOptions;
use crate::state::driver::LoadJob;

fn form() -> SearchForm {
    SearchForm::default()
}

#[test]
fn an_untouched_form_matches_everything_twenty_at_a_time() {
    let (query, errors) = to_query(&form());
    assert_eq!(
        query,
        TraceQuery {
            limit: DEFAULT_LIMIT,
            ..TraceQuery::default()
        }
    );
    assert!(errors.is_empty());
}

#[test]
fn every_field_reaches_the_query() {
    let typed = SearchForm {
        service: "service-b".into(),
        operation: "GET /data".into(),
        min_duration: " 300ms ".into(),
        max_duration: "1.2s".into(),
        errors_only: true,
        tags: "http.status_code=500 error=true".into(),
        limit: 5,
        sort: SortOrder::Longest,
        only: None,
    };
    let (query, errors) = to_query(&typed);
    assert!(errors.is_empty(), "{errors:?}");
    assert_eq!(query.service.as_deref(), Some("service-b"));
    assert_eq!(query.operation.as_deref(), Some("GET /data"));
    assert_eq!(query.min_duration_nanos, Some(300_000_000));
    assert_eq!(query.max_duration_nanos, Some(1_200_000_000));
    assert!(query.errors_only);
    assert_eq!(query.tags.len(), 2);
    assert_eq!((query.limit, query.sort), (5, SortOrder::Longest));
}

#[rustfmt::skip]
const BAD_FIELDS: &[(&str, &str, &str, &str)] = &[
    // (min, max, tags, the message part expected under the broken field)
    ("300",   "",      "",         "needs a unit"),
    ("",      "1.2.3s", "",        "is not a number"),
    ("",      "",      "error",    "has no \"=\""),
    ("",      "",      "k=\"open", "never closed"),
];

#[test]
fn a_field_that_does_not_parse_is_reported_and_left_out() {
    for (min, max, tags, message) in BAD_FIELDS {
        let typed = SearchForm {
            service: "service-a".into(),
            min_duration: min.to_string(),
            max_duration: max.to_string(),
            tags: tags.to_string(),
            ..form()
        };
        let (query, errors) = to_query(&typed);
        let reported: Vec<&String> = [&errors.min_duration, &errors.max_duration, &errors.tags]
            .into_iter()
            .flatten()
            .collect();
        assert_eq!(reported.len(), 1, "{min:?} {max:?} {tags:?}");
        assert!(reported[0].contains(message), "{:?}", reported[0]);
        assert_eq!(query.min_duration_nanos, None);
        assert_eq!(query.max_duration_nanos, None);
        assert!(query.tags.is_empty());
        assert_eq!(
            query.service.as_deref(),
            Some("service-a"),
            "the rest applies"
        );
    }
    let blank = SearchForm {
        min_duration: "   ".into(),
        ..form()
    };
    assert!(
        to_query(&blank).1.is_empty(),
        "blank means no bound, not an error"
    );
}

#[test]
fn sort_menu_values_name_their_orders() {
    for (order, name, _) in SORTS {
        assert_eq!(sort_named(name), *order);
        assert_eq!(sort_name(*order), *name);
    }
    assert_eq!(sort_named("sideways"), SortOrder::MostRecent);
}

#[test]
fn menus_list_the_stores_services_and_the_chosen_services_operations() {
    let options = LabOptions {
        heavy_calc: true,
        ..LabOptions::default()
    };
    let mut job = LoadJob::new(&options, 4, 0, 3, 1_000_000_000).expect("valid");
    let mut store = TraceStore::default();
    store.add_spans(job.advance(3).spans);
    let all = Menus::of(&store, "");
    assert_eq!(all.services, vec!["service-a", "service-b"]);
    assert_eq!(
        all.operations,
        vec!["GET", "GET /", "GET /data", "heavy_calc"]
    );
    let b = Menus::of(&store, "service-b");
    assert_eq!(b.operations, vec!["GET /data", "heavy_calc"]);
    assert_eq!(b.services, all.services, "the service menu does not narrow");
    assert_eq!(Menus::of(&TraceStore::default(), ""), Menus::default());
}
