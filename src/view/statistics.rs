//! The statistics table of one trace, like Jaeger UI's "Trace Statistics" view
//! (<https://www.jaegertracing.io/docs/latest/frontend-ui/>): spans grouped by service and
//! operation, or by any attribute, with count, total, average, min, max, self time and errors.
//!
//! Self time is [`crate::analysis::self_times`]: a span's duration minus the union of its
//! children. An attribute is looked up on the span, then on its resource (as Jaeger shows process
//! tags); a span without it falls in the group whose key is `None` ("not set"). Keys that read as
//! numbers sort as numbers, so `http.status_code` 99 comes before 100.

use crate::model::{find_attr, AttrValue, Resource, Span};
use crate::order;
use std::borrow::Cow;
use std::cmp::Ordering;
use std::collections::{BTreeSet, HashMap};
use std::sync::Arc;

/// One column of the group key.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Dimension {
    Service,
    /// The span name.
    Operation,
    /// The value of this attribute key, as text.
    Attribute(String),
}

impl Dimension {
    /// The column heading.
    pub fn label(&self) -> &str {
        match self {
            Dimension::Service => "Service",
            Dimension::Operation => "Operation",
            Dimension::Attribute(key) => key,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StatsRow {
    /// One entry per dimension; `None` when the span does not carry that attribute.
    pub key: Vec<Option<String>>,
    pub count: u32,
    pub total_nanos: u64,
    pub min_nanos: u64,
    pub max_nanos: u64,
    /// Sum of the spans' self times.
    pub self_nanos: u64,
    pub errors: u32,
    /// The spans in this group, in span order, to highlight them.
    pub span_indices: Vec<usize>,
}

impl StatsRow {
    /// Mean duration, rounded down.
    pub fn avg_nanos(&self) -> u64 {
        self.total_nanos / u64::from(self.count.max(1))
    }

    /// Mean self time, rounded down.
    pub fn self_avg_nanos(&self) -> u64 {
        self.self_nanos / u64::from(self.count.max(1))
    }
}

/// A column to sort the table by.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum StatsColumn {
    /// The n-th dimension of the key.
    Key(usize),
    Count,
    Total,
    Average,
    Min,
    Max,
    SelfTime,
    SelfAverage,
    Errors,
}

/// Groups the spans by `by` (all spans in one row when `by` is empty), rows in key order.
/// `self_times` is indexed like `spans` (a missing entry counts as 0). O(n log n).
pub fn statistics(spans: &[Span], self_times: &[u64], by: &[Dimension]) -> Vec<StatsRow> {
    // One dimension at a time, each span's group becomes (its group so far, this key part): no
    // key is allocated per span, only per distinct group.
    let mut group = vec![0usize; spans.len()];
    let mut parts: Vec<Vec<Option<Cow<'_, str>>>> = vec![Vec::new()];
    for d in by {
        let mut index: HashMap<(usize, Option<Cow<'_, str>>), usize> = HashMap::new();
        let mut next: Vec<Vec<Option<Cow<'_, str>>>> = Vec::new();
        for (g, span) in group.iter_mut().zip(spans) {
            let part = key_part(span, d);
            *g = *index.entry((*g, part)).or_insert_with_key(|(prev, part)| {
                let mut key = parts[*prev].clone();
                key.push(part.clone());
                next.push(key);
                next.len() - 1
            });
        }
        parts = next;
    }
    let mut rows: Vec<StatsRow> = parts
        .iter()
        .map(|key| StatsRow {
            key: key
                .iter()
                .map(|k| k.as_deref().map(str::to_string))
                .collect(),
            count: 0,
            total_nanos: 0,
            min_nanos: u64::MAX,
            max_nanos: 0,
            self_nanos: 0,
            errors: 0,
            span_indices: Vec::new(),
        })
        .collect();
    for (i, (span, &g)) in spans.iter().zip(&group).enumerate() {
        let Some(r) = rows.get_mut(g) else { continue };
        let d = span.duration_nanos();
        r.count = r.count.saturating_add(1);
        r.total_nanos = r.total_nanos.saturating_add(d);
        r.min_nanos = r.min_nanos.min(d);
        r.max_nanos = r.max_nanos.max(d);
        let own = self_times.get(i).copied().unwrap_or(0);
        r.self_nanos = r.self_nanos.saturating_add(own);
        r.errors += u32::from(span.is_error());
        r.span_indices.push(i);
    }
    rows.retain(|r| r.count > 0);
    order::sort_by(&mut rows, |a, b| compare_keys(&a.key, &b.key));
    rows
}

fn key_part<'a>(span: &'a Span, d: &Dimension) -> Option<Cow<'a, str>> {
    match d {
        Dimension::Service => Some(Cow::Borrowed(span.service_name())),
        Dimension::Operation => Some(Cow::Borrowed(&span.name)),
        Dimension::Attribute(key) => {
            let value = span
                .attr(key)
                .or_else(|| find_attr(&span.resource.attributes, key))?;
            Some(match value {
                AttrValue::Str(s) => Cow::Borrowed(s.as_ref()),
                other => Cow::Owned(other.to_string()),
            })
        }
    }
}

/// Sorts rows by `column` (stable: equal values keep their order), largest first when
/// `descending`.
pub fn sort_rows(rows: &mut [StatsRow], column: StatsColumn, descending: bool) {
    order::sort_by(rows, |a, b| {
        let order = match column {
            StatsColumn::Key(k) => compare_text(
                a.key.get(k).and_then(Option::as_deref),
                b.key.get(k).and_then(Option::as_deref),
            ),
            StatsColumn::Count => a.count.cmp(&b.count),
            StatsColumn::Total => a.total_nanos.cmp(&b.total_nanos),
            StatsColumn::Average => a.avg_nanos().cmp(&b.avg_nanos()),
            StatsColumn::Min => a.min_nanos.cmp(&b.min_nanos),
            StatsColumn::Max => a.max_nanos.cmp(&b.max_nanos),
            StatsColumn::SelfTime => a.self_nanos.cmp(&b.self_nanos),
            StatsColumn::SelfAverage => a.self_avg_nanos().cmp(&b.self_avg_nanos()),
            StatsColumn::Errors => a.errors.cmp(&b.errors),
        };
        if descending {
            order.reverse()
        } else {
            order
        }
    });
}

fn compare_keys(a: &[Option<String>], b: &[Option<String>]) -> Ordering {
    a.iter()
        .zip(b)
        .map(|(x, y)| compare_text(x.as_deref(), y.as_deref()))
        .find(|o| o.is_ne())
        .unwrap_or_else(|| a.len().cmp(&b.len()))
}

/// "Not set" first; numbers by value (before words); other text as text.
fn compare_text(a: Option<&str>, b: Option<&str>) -> Ordering {
    let number = |s: &str| s.parse::<f64>().ok().filter(|x| x.is_finite());
    match (a, b) {
        (Some(x), Some(y)) => match (number(x), number(y)) {
            (Some(p), Some(q)) => p.total_cmp(&q).then_with(|| x.cmp(y)),
            (Some(_), None) => Ordering::Less,
            (None, Some(_)) => Ordering::Greater,
            (None, None) => x.cmp(y),
        },
        (x, y) => x.is_some().cmp(&y.is_some()),
    }
}

/// Every attribute key on the spans or their resources, sorted: the "group by" menu.
pub fn attribute_keys(spans: &[Span]) -> Vec<String> {
    let mut keys: BTreeSet<&str> = BTreeSet::new();
    let mut last_resource: Option<&Arc<Resource>> = None;
    for span in spans {
        keys.extend(span.attributes.iter().map(|kv| kv.key.as_ref()));
        // Thousands of spans share a handful of resources; skip the one just seen.
        if !last_resource.is_some_and(|r| Arc::ptr_eq(r, &span.resource)) {
            keys.extend(span.resource.attributes.iter().map(|kv| kv.key.as_ref()));
            last_resource = Some(&span.resource);
        }
    }
    keys.into_iter().map(str::to_string).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::operations::testing::{attr, failed, span, MS};
    use crate::analysis::{self_times, SpanTree};

    /// A calls B four times: 10, 20, 30 ms (status 200) and a failed 40 ms call (status 500).
    fn spans() -> Vec<Span> {
        let mut spans = vec![span(1, None, "a", "GET /", (0, 200))];
        for (k, (ms, code)) in [(10, 200), (20, 200), (30, 200), (40, 500)]
            .into_iter()
            .enumerate()
        {
            let start = 1 + 45 * k as u64;
            let s = span(
                10 + k as u64,
                Some(1),
                "b",
                "GET /data",
                (start, start + ms),
            );
            spans.push(attr(s, "http.status_code", AttrValue::Int(code)));
        }
        spans[4] = failed(spans[4].clone());
        spans
    }

    fn stats(by: &[Dimension]) -> Vec<StatsRow> {
        let spans = spans();
        let tree = SpanTree::build(&spans);
        statistics(&spans, &self_times(&spans, &tree), by)
    }

    #[test]
    fn per_service_and_operation() {
        let rows = stats(&[Dimension::Service, Dimension::Operation]);
        assert_eq!(rows.len(), 2);
        let b = &rows[1];
        assert_eq!(b.key, vec![Some("b".into()), Some("GET /data".into())]);
        assert_eq!((b.count, b.errors), (4, 1));
        assert_eq!((b.total_nanos, b.avg_nanos()), (100 * MS, 25 * MS));
        assert_eq!((b.min_nanos, b.max_nanos), (10 * MS, 40 * MS));
        assert_eq!(b.self_nanos, 100 * MS, "leaves are all self time");
        assert_eq!(rows[0].self_nanos, 100 * MS, "200 ms minus 100 ms of calls");
        assert_eq!(b.span_indices, vec![1, 2, 3, 4]);
    }

    #[test]
    fn grouped_by_an_attribute_with_a_not_set_group() {
        let rows = stats(&[Dimension::Attribute("http.status_code".into())]);
        let keys: Vec<Option<&str>> = rows.iter().map(|r| r.key[0].as_deref()).collect();
        assert_eq!(keys, vec![None, Some("200"), Some("500")]);
        assert_eq!((rows[1].count, rows[1].total_nanos), (3, 60 * MS));
        assert_eq!((rows[2].count, rows[2].errors), (1, 1));
        assert_eq!(rows[0].count, 1, "the root has no status code");
    }

    #[test]
    fn rows_sort_by_any_column_and_numbers_as_numbers() {
        let mut rows = stats(&[Dimension::Operation]);
        sort_rows(&mut rows, StatsColumn::Total, true);
        assert_eq!(rows[0].key[0].as_deref(), Some("GET /"));
        sort_rows(&mut rows, StatsColumn::Count, true);
        assert_eq!(rows[0].key[0].as_deref(), Some("GET /data"));
        sort_rows(&mut rows, StatsColumn::Key(0), false);
        assert_eq!(rows[0].key[0].as_deref(), Some("GET /"));
        assert_eq!(compare_text(Some("99"), Some("100")), Ordering::Less);
        assert_eq!(compare_text(Some("abc"), Some("100")), Ordering::Greater);
        assert_eq!(compare_text(None, Some("")), Ordering::Less);
    }

    #[test]
    fn no_dimensions_is_one_row_and_no_spans_no_rows() {
        let all = stats(&[]);
        assert_eq!((all.len(), all[0].count), (1, 5));
        assert!(statistics(&[], &[], &[Dimension::Service]).is_empty());
    }

    #[test]
    fn the_group_by_menu_lists_span_and_resource_keys() {
        let mut spans = spans();
        spans[0].resource = Arc::new(Resource {
            service_name: "a".into(),
            attributes: vec![crate::model::KeyValue::str("host.name", "h1")],
            ..Default::default()
        });
        assert_eq!(
            attribute_keys(&spans),
            vec!["host.name", "http.status_code"]
        );
        let rows = statistics(&spans, &[], &[Dimension::Attribute("host.name".into())]);
        assert_eq!(
            rows[1].key[0].as_deref(),
            Some("h1"),
            "resource attributes group too"
        );
    }
}
