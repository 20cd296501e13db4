//! One stable sort for the whole crate, and sorted-`Vec` sets, to keep the wasm bundle small.
//!
//! Why this exists: std's `sort_by`/`sort_by_key`/`sort_unstable` are generic over the element
//! type and the comparator, so every call site with a new element type or closure gets its own
//! monomorphised copy of the quicksort + driftsort + small-sort code (about 3.5 KB of wasm
//! each). Likewise every `BTreeSet<T>` instantiates its own B-tree code. Here the sorting itself
//! is done once, on a permutation of indices ([`stable_order`], the only call of std's sort in
//! the program's wasm code); the generic wrappers only compute keys and apply the permutation
//! with a few swaps, which is a tiny loop per element type.
//!
//! Every sort here is **stable**: elements that compare equal keep their input order (a caller
//! that used `sort_unstable` gets one valid order of the equal elements, which is all it asked for).
//! Time is O(n log n) comparisons, each one indirect call, plus O(n) swaps.

use std::cmp::Ordering;

/// The stable sorted order of `len` items compared by index: `order[k]` is the index of the
/// item that belongs at position `k`. Equal items keep ascending index order.
pub fn stable_order(len: usize, cmp: &mut dyn FnMut(usize, usize) -> Ordering) -> Vec<usize> {
    let mut order: Vec<usize> = (0..len).collect();
    // The one std sort instantiation: `[usize]` with this closure type.
    order.sort_by(|&a, &b| cmp(a, b));
    order
}

/// Sorts `v` stably by `cmp` (same result as `slice::sort_by`).
pub fn sort_by<T>(v: &mut [T], mut cmp: impl FnMut(&T, &T) -> Ordering) {
    let order = stable_order(v.len(), &mut |a, b| cmp(&v[a], &v[b]));
    apply_order(v, order);
}

/// Sorts `v` stably by the key `key` gives each element (same result as `slice::sort_by_key`
/// for a key that depends only on the element). Each key is computed once, so an expensive key
/// costs n calls, not 2 n log n.
pub fn sort_by_key<T, K: Ord>(v: &mut [T], key: impl FnMut(&T) -> K) {
    let keys: Vec<K> = v.iter().map(key).collect();
    let order = stable_order(keys.len(), &mut |a, b| keys[a].cmp(&keys[b]));
    apply_order(v, order);
}

/// Sorts `v` ascending by `Ord` (stable; same result as `slice::sort`).
pub fn sort<T: Ord>(v: &mut [T]) {
    sort_by(v, T::cmp);
}

/// Puts `v[order[k]]` at position `k` by following each cycle of the permutation with swaps.
/// `order` is consumed as the "already placed" marker (entries become their own index).
fn apply_order<T>(v: &mut [T], mut order: Vec<usize>) {
    for start in 0..order.len() {
        let mut current = start;
        // Invariant: position `current` holds the element that started at `start`.
        loop {
            let source = order[current];
            order[current] = current;
            if source == start {
                break;
            }
            v.swap(current, source);
            current = source;
        }
    }
}

/// Inserts `value` into the ascending, duplicate-free `set` unless it is already there.
/// Returns whether it was inserted. O(log n) to find, O(n) to shift.
pub fn insert_sorted<T: Ord>(set: &mut Vec<T>, value: T) -> bool {
    match set.binary_search(&value) {
        Ok(_) => false,
        Err(at) => {
            set.insert(at, value);
            true
        }
    }
}

/// One entry per distinct key, sorted by key: sorts the `(key, value)` pairs stably and folds
/// each run of equal keys into its first value with `merge`, in input order. O(n log n) for any
/// number of distinct keys; used instead of a `HashMap` per key type, which costs more wasm code.
pub fn group_sorted<K: Ord, V>(pairs: Vec<(K, V)>, merge: impl FnMut(&mut V, V)) -> Vec<(K, V)> {
    group_sorted_into(pairs, |value| value, merge)
}

/// [`group_sorted`] where a group's total has another type than its values: `start` turns the
/// first value of each run into the total (e.g. a one-element `Vec`), `merge` adds the rest.
pub fn group_sorted_into<K: Ord, V, T>(
    mut pairs: Vec<(K, V)>,
    mut start: impl FnMut(V) -> T,
    mut merge: impl FnMut(&mut T, V),
) -> Vec<(K, T)> {
    sort_by(&mut pairs, |a, b| a.0.cmp(&b.0));
    let mut groups: Vec<(K, T)> = Vec::new();
    for (key, value) in pairs {
        match groups.last_mut() {
            Some(last) if last.0 == key => merge(&mut last.1, value),
            _ => groups.push((key, start(value))),
        }
    }
    groups
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::rngs::StdRng;
    use rand::{Rng, SeedableRng};

    #[rustfmt::skip]
    const CASES: &[(&[u32], &[u32], &str)] = &[
        (&[],              &[],              "empty stays empty"),
        (&[7],             &[7],             "one element stays"),
        (&[1, 2, 3],       &[1, 2, 3],       "sorted input is unchanged"),
        (&[3, 2, 1],       &[1, 2, 3],       "reverse order is reversed"),
        (&[2, 1, 2, 1],    &[1, 1, 2, 2],    "duplicates are grouped"),
        (&[5, 4, 3, 2, 1, 0, 9, 8], &[0, 1, 2, 3, 4, 5, 8, 9], "two runs"),
    ];

    #[test]
    fn sorts_the_table() {
        for (input, expected, why) in CASES {
            let mut v = input.to_vec();
            sort(&mut v);
            assert_eq!(v, *expected, "{why}");
            let mut v = input.to_vec();
            sort_by_key(&mut v, |&x| std::cmp::Reverse(x));
            let reversed: Vec<u32> = expected.iter().rev().copied().collect();
            assert_eq!(v, reversed, "{why} (descending key)");
        }
    }

    #[test]
    fn equal_keys_keep_input_order() {
        // (key, input position): sorting by key alone must leave positions ascending per key.
        let mut v: Vec<(u8, usize)> = [3, 1, 3, 2, 1, 3, 2, 1]
            .iter()
            .enumerate()
            .map(|(i, &k)| (k, i))
            .collect();
        sort_by_key(&mut v, |p| p.0);
        assert_eq!(
            v,
            vec![
                (1, 1),
                (1, 4),
                (1, 7),
                (2, 3),
                (2, 6),
                (3, 0),
                (3, 2),
                (3, 5)
            ]
        );
        let mut w: Vec<(u8, usize)> = (0..8).map(|i| (0, i)).collect();
        sort_by(&mut w, |a, b| a.0.cmp(&b.0));
        assert_eq!(w, (0..8).map(|i| (0, i)).collect::<Vec<_>>(), "all equal");
    }

    #[test]
    fn stable_order_is_a_permutation_in_sorted_order() {
        let keys = [30, 10, 20, 10];
        let order = stable_order(keys.len(), &mut |a, b| keys[a].cmp(&keys[b]));
        assert_eq!(order, vec![1, 3, 2, 0]);
        assert!(stable_order(0, &mut |_, _| Ordering::Equal).is_empty());
    }

    #[test]
    fn random_vectors_match_std_stable_sort() {
        let mut rng = StdRng::seed_from_u64(0x5027);
        for round in 0..300 {
            let len = rng.random_range(0..200);
            // Few distinct keys, so many ties test stability; the payload tells them apart.
            let v: Vec<(u8, u32)> = (0..len).map(|i| (rng.random_range(0..8), i)).collect();
            let mut expected = v.clone();
            expected.sort_by_key(|p| std::cmp::Reverse(p.0));
            let mut actual = v.clone();
            sort_by(&mut actual, |a, b| b.0.cmp(&a.0));
            assert_eq!(actual, expected, "sort_by, round {round}");
            let mut expected = v.clone();
            expected.sort_by_key(|p| p.0);
            let mut actual = v;
            sort_by_key(&mut actual, |p| p.0);
            assert_eq!(actual, expected, "sort_by_key, round {round}");
        }
    }

    #[test]
    fn floats_sort_with_total_cmp_like_std() {
        let mut rng = StdRng::seed_from_u64(7);
        let mut v: Vec<f64> = (0..500).map(|_| rng.random_range(-1e3..1e3)).collect();
        v.extend([0.0, -0.0, f64::INFINITY, f64::NEG_INFINITY, 0.0]);
        let mut expected = v.clone();
        expected.sort_by(f64::total_cmp);
        sort_by(&mut v, f64::total_cmp);
        let bits = |v: &[f64]| v.iter().map(|x| x.to_bits()).collect::<Vec<_>>();
        assert_eq!(bits(&v), bits(&expected));
    }

    #[test]
    fn group_sorted_folds_equal_keys_in_input_order() {
        let pairs = vec![("b", 1), ("a", 2), ("b", 3), ("c", 4), ("a", 5)];
        let mut merged = Vec::new();
        let groups = group_sorted(pairs, |first, later| {
            merged.push((*first, later));
            *first += later;
        });
        assert_eq!(groups, vec![("a", 7), ("b", 4), ("c", 4)]);
        assert_eq!(
            merged,
            vec![(2, 5), (1, 3)],
            "later values fold into the first, in order"
        );
        assert!(group_sorted(Vec::<(u8, u8)>::new(), |_, _| {}).is_empty());
    }

    #[test]
    fn group_sorted_into_collects_each_run_in_input_order() {
        let pairs = vec![("b", 1), ("a", 2), ("b", 3), ("a", 4), ("c", 5)];
        let groups = group_sorted_into(pairs, |v| vec![v], Vec::push);
        assert_eq!(
            groups,
            vec![("a", vec![2, 4]), ("b", vec![1, 3]), ("c", vec![5])]
        );
    }

    #[test]
    fn insert_sorted_keeps_a_set() {
        let mut set = Vec::new();
        for (value, inserted) in [(5, true), (1, true), (5, false), (3, true), (1, false)] {
            assert_eq!(insert_sorted(&mut set, value), inserted, "insert {value}");
        }
        assert_eq!(set, vec![1, 3, 5]);
    }
}
