//! Gantt rows: the span tree flattened depth-first into the rows a timeline shows, with
//! collapsed subtrees left out, and the keyboard model of a tree grid
//! (<https://www.w3.org/WAI/ARIA/apg/patterns/treegrid/>).
//!
//! The tree itself comes from the analysis core; this module only needs "roots" and
//! "children of a node" as span indices, so it works for any tree shape, including cycles and
//! dangling parents in imported data (each node is visited at most once).

use std::collections::BTreeSet;

/// The spans whose subtrees are hidden.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Collapsed(BTreeSet<usize>);

impl Collapsed {
    /// Adds `span`; false if it was already collapsed.
    pub fn insert(&mut self, span: usize) -> bool {
        self.0.insert(span)
    }

    /// Removes `span`; false if it was not collapsed.
    pub fn remove(&mut self, span: usize) -> bool {
        self.0.remove(&span)
    }

    pub fn contains(&self, span: usize) -> bool {
        self.0.contains(&span)
    }

    pub fn clear(&mut self) {
        self.0.clear();
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The collapsed spans in ascending order.
    pub fn iter(&self) -> impl Iterator<Item = usize> + '_ {
        self.0.iter().copied()
    }
}

impl FromIterator<usize> for Collapsed {
    fn from_iter<I: IntoIterator<Item = usize>>(spans: I) -> Collapsed {
        // Inserts, not `collect`: `BTreeSet`'s `FromIterator` sorts its input, one more copy of
        // std's sort in the wasm (see `crate::order`).
        let mut set = BTreeSet::new();
        set.extend(spans);
        Collapsed(set)
    }
}

/// One visible row of the Gantt chart.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Row {
    /// Index of the span in the trace's span list.
    pub span: usize,
    /// 0 for a root; indentation level.
    pub depth: u32,
    pub child_count: u32,
    /// False when the row's children are hidden.
    pub expanded: bool,
    /// Index of the parent's row in the same list, for "Left arrow goes to parent".
    pub parent_row: Option<usize>,
}

/// Flattens the tree depth-first, children in the order `children` gives them, skipping the
/// subtrees of spans in `collapsed`. Iterative, so a 10,000-deep chain cannot overflow.
pub fn visible_rows<'a, F>(
    roots: &[usize],
    node_count: usize,
    children: F,
    collapsed: &Collapsed,
) -> Vec<Row>
where
    F: Fn(usize) -> &'a [usize],
{
    let mut rows = Vec::with_capacity(node_count);
    let mut seen = vec![false; node_count];
    // (span, depth, parent row); pushed in reverse so they pop in order.
    let mut stack: Vec<(usize, u32, Option<usize>)> =
        roots.iter().rev().map(|&r| (r, 0, None)).collect();
    while let Some((span, depth, parent_row)) = stack.pop() {
        match seen.get_mut(span) {
            Some(flag) if !*flag => *flag = true,
            _ => continue, // out of range or already placed
        }
        let kids = children(span);
        let expanded = !collapsed.contains(span);
        let row_index = rows.len();
        rows.push(Row {
            span,
            depth,
            child_count: kids.len() as u32,
            expanded,
            parent_row,
        });
        if expanded {
            stack.extend(
                kids.iter()
                    .rev()
                    .map(|&c| (c, depth.saturating_add(1), Some(row_index))),
            );
        }
    }
    rows
}

/// Removes every ancestor of `span` from `collapsed` so its row becomes visible.
/// `parent` gives a node's parent; the walk stops after `limit` steps in case of a cycle.
pub fn reveal<F>(span: usize, parent: F, collapsed: &mut Collapsed, limit: usize)
where
    F: Fn(usize) -> Option<usize>,
{
    let mut current = span;
    for _ in 0..limit {
        match parent(current) {
            Some(p) => {
                collapsed.remove(p);
                current = p;
            }
            None => break,
        }
    }
}

/// A key the rows of the tree grid react to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NavKey {
    Up,
    Down,
    Left,
    Right,
    Home,
    End,
    PageUp,
    PageDown,
}

impl NavKey {
    /// Maps a DOM `KeyboardEvent.key` value.
    pub fn from_key(key: &str) -> Option<NavKey> {
        Some(match key {
            "ArrowUp" => NavKey::Up,
            "ArrowDown" => NavKey::Down,
            "ArrowLeft" => NavKey::Left,
            "ArrowRight" => NavKey::Right,
            "Home" => NavKey::Home,
            "End" => NavKey::End,
            "PageUp" => NavKey::PageUp,
            "PageDown" => NavKey::PageDown,
            _ => return None,
        })
    }
}

/// What a key press does to the tree grid.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NavOutcome {
    /// Make this row active.
    MoveTo(usize),
    /// Collapse or expand the subtree of this span.
    Toggle {
        span: usize,
    },
    Nothing,
}

/// The tree-grid keyboard model: arrows move, Right expands (or goes to the first child),
/// Left collapses (or goes to the parent), Home/End jump, Page keys move by `page` rows.
pub fn navigate(rows: &[Row], active: usize, key: NavKey, page: usize) -> NavOutcome {
    let Some(last) = rows.len().checked_sub(1) else {
        return NavOutcome::Nothing;
    };
    let active = active.min(last);
    let row = rows[active];
    let target = match key {
        NavKey::Up => active.saturating_sub(1),
        NavKey::Down => (active + 1).min(last),
        NavKey::Home => 0,
        NavKey::End => last,
        NavKey::PageUp => active.saturating_sub(page.max(1)),
        NavKey::PageDown => active.saturating_add(page.max(1)).min(last),
        NavKey::Right if row.child_count > 0 && !row.expanded => {
            return NavOutcome::Toggle { span: row.span }
        }
        NavKey::Right if row.child_count > 0 => (active + 1).min(last),
        NavKey::Right => active,
        NavKey::Left if row.child_count > 0 && row.expanded => {
            return NavOutcome::Toggle { span: row.span }
        }
        NavKey::Left => row.parent_row.unwrap_or(active),
    };
    if target == active {
        NavOutcome::Nothing
    } else {
        NavOutcome::MoveTo(target)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// 0 ─┬─ 1 ── 2
    ///    └─ 3
    /// 4 (a second root)
    fn tree() -> (Vec<usize>, Vec<Vec<usize>>) {
        (
            vec![0, 4],
            vec![vec![1, 3], vec![2], vec![], vec![], vec![]],
        )
    }

    fn rows_of(collapsed: &[usize]) -> Vec<Row> {
        let (roots, children) = tree();
        let collapsed: Collapsed = collapsed.iter().copied().collect();
        visible_rows(
            &roots,
            children.len(),
            |i| children[i].as_slice(),
            &collapsed,
        )
    }

    #[test]
    fn rows_are_depth_first_with_depth_and_parent() {
        let rows = rows_of(&[]);
        let shape: Vec<(usize, u32, Option<usize>)> = rows
            .iter()
            .map(|r| (r.span, r.depth, r.parent_row))
            .collect();
        assert_eq!(
            shape,
            vec![
                (0, 0, None),
                (1, 1, Some(0)),
                (2, 2, Some(1)),
                (3, 1, Some(0)),
                (4, 0, None)
            ]
        );
        assert_eq!(rows[0].child_count, 2);
    }

    #[test]
    fn collapsed_subtrees_are_hidden_but_the_row_stays() {
        let rows = rows_of(&[1]);
        assert_eq!(
            rows.iter().map(|r| r.span).collect::<Vec<_>>(),
            vec![0, 1, 3, 4]
        );
        assert!(!rows[1].expanded);
        assert_eq!(rows_of(&[0]).len(), 2);
    }

    #[test]
    fn cycles_and_dangling_indices_do_not_loop_or_panic() {
        let children = [vec![1], vec![0, 7]];
        let rows = visible_rows(
            &[0, 9],
            2,
            |i| children[i].as_slice(),
            &Collapsed::default(),
        );
        assert_eq!(rows.iter().map(|r| r.span).collect::<Vec<_>>(), vec![0, 1]);
    }

    #[test]
    fn a_ten_thousand_deep_chain_flattens() {
        let n = 10_000;
        let children: Vec<Vec<usize>> = (0..n)
            .map(|i| if i + 1 < n { vec![i + 1] } else { vec![] })
            .collect();
        let rows = visible_rows(&[0], n, |i| children[i].as_slice(), &Collapsed::default());
        assert_eq!(rows.len(), n);
        assert_eq!(rows[n - 1].depth, (n - 1) as u32);
    }

    #[test]
    fn collapsed_is_a_set() {
        let mut c: Collapsed = [5, 1, 5, 3].into_iter().collect();
        assert_eq!(
            c.iter().collect::<Vec<_>>(),
            vec![1, 3, 5],
            "sorted, no duplicates"
        );
        assert!(!c.insert(3), "already there");
        assert!(c.insert(2));
        assert!(c.contains(2) && !c.contains(4));
        assert!(c.remove(1) && !c.remove(1), "removes once");
        assert_eq!(c.iter().collect::<Vec<_>>(), vec![2, 3, 5]);
        c.clear();
        assert!(c.is_empty() && !c.contains(2));
    }

    #[test]
    fn reveal_expands_every_ancestor() {
        let parents = [None, Some(0), Some(1), Some(0)];
        let mut collapsed: Collapsed = [0, 1, 3].into_iter().collect();
        reveal(
            2,
            |i| parents.get(i).copied().flatten(),
            &mut collapsed,
            100,
        );
        assert_eq!(collapsed.iter().collect::<Vec<_>>(), vec![3]);
        let cyclic = [Some(1), Some(0)];
        let mut c: Collapsed = [0, 1].into_iter().collect();
        reveal(0, |i| cyclic[i], &mut c, 10);
        assert!(c.is_empty());
    }

    #[rustfmt::skip]
    const NAV: &[(&[usize], usize, NavKey, NavOutcome, &str)] = &[
        (&[],  0, NavKey::Down,  NavOutcome::MoveTo(1),            "down moves one row"),
        (&[],  4, NavKey::Down,  NavOutcome::Nothing,              "down stops at the last row"),
        (&[],  0, NavKey::Up,    NavOutcome::Nothing,              "up stops at the first row"),
        (&[],  3, NavKey::Home,  NavOutcome::MoveTo(0),            "home jumps to the top"),
        (&[],  0, NavKey::End,   NavOutcome::MoveTo(4),            "end jumps to the bottom"),
        (&[],  0, NavKey::Left,  NavOutcome::Toggle { span: 0 },   "left collapses an open parent"),
        (&[],  2, NavKey::Left,  NavOutcome::MoveTo(1),            "left on a leaf goes to its parent"),
        (&[],  0, NavKey::Right, NavOutcome::MoveTo(1),            "right on an open parent enters it"),
        (&[],  2, NavKey::Right, NavOutcome::Nothing,              "right on a leaf does nothing"),
        (&[1], 1, NavKey::Right, NavOutcome::Toggle { span: 1 },   "right expands a closed parent"),
        (&[1], 1, NavKey::Left,  NavOutcome::MoveTo(0),            "left on a closed parent goes up"),
        (&[],  0, NavKey::PageDown, NavOutcome::MoveTo(3),         "page down moves a page"),
        (&[],  1, NavKey::PageUp,   NavOutcome::MoveTo(0),         "page up stops at the top"),
    ];

    #[test]
    fn keyboard_follows_the_tree_grid_pattern() {
        for (collapsed, active, key, expected, why) in NAV {
            let rows = rows_of(collapsed);
            assert_eq!(navigate(&rows, *active, *key, 3), *expected, "{why}");
        }
        assert_eq!(
            navigate(&[], 0, NavKey::Down, 3),
            NavOutcome::Nothing,
            "no rows"
        );
        assert_eq!(NavKey::from_key("ArrowDown"), Some(NavKey::Down));
        assert_eq!(NavKey::from_key("x"), None);
    }
}
