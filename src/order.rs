//! # One stable sort for the whole page
//!
//! Rust compiles a generic function once per type it is called with, and every closure is its own
//! type: each `v.sort_by(|a, b| ..)` in the crate is a fresh copy of std's stable sort
//! ([driftsort], several KB of wasm), each `sort_unstable*` a fresh copy of ipnsort. A names build
//! of the page's wasm (`twiggy top`) counted 123,657 bytes of code in 243 functions under
//! `core::slice::sort`: 27 copies of driftsort and 7 of ipnsort, one per call site. The page's
//! cold load was 663,193 B gzip against a 600,000 B guard; on the benchmark's slow-4G link
//! (`load_slow4g_ms`: 1,638.4 kbit/s, about 205 KB/s) every 10 KB of gzip is ~50 ms more before
//! the page answers, and the browser compiles every byte of the wasm too.
//!
//! So the sorts the page's main wasm reaches come here. [`sort_by`], [`sort_by_key`] and [`sort`]
//! are generic, but only as thin wrappers: each hands a `Slots` trait object to the one
//! non-generic `sort_slots`, which sorts a permutation of indices with std's stable
//! [`slice::sort_by`], comparing through the trait object (in effect a
//! `&mut dyn FnMut(usize, usize) -> Ordering`), and then applies the permutation in place by
//! following its cycles with swaps. One copy of driftsort (for `usize` with that comparator)
//! serves every call site.
//!
//! The result is exactly std's `sort_by` (stable: equal elements keep their order), at the cost of
//! one `Vec<usize>` of the slice's length, an indirect call per comparison and at most `len - 1`
//! swaps. Natively, 100,000 `u64`s take 7.4 ms instead of 1.9, the spans table sorting 100,000
//! rows 8.4 ms instead of 5.0: fine for views a click redraws. The two paths that sort 100,000
//! spans on every import and every analysis measured slower this way and keep std's sort
//! directly ([`Trace::sort`](crate::model::Trace::sort), `SpanTree::build`; their comments give
//! the numbers).
//!
//! Measured on the release build (`trunk build --release`, `scripts/bundle-size.mjs`): the main
//! wasm went from 645,445 to 617,694 B gzip (506,018 to 487,060 B brotli), with the sets and
//! maps that sorted in `collect` also built by insert; `core::slice::sort` from 243 functions
//! (123,657 B) to 70 (33,902 B), this module's own code 6,243 B.
//!
//! [driftsort]: https://doc.rust-lang.org/std/primitive.slice.html#method.sort_by

use std::cmp::Ordering;

/// What `sort_slots` needs of a slice: how two positions compare, and a swap of two positions.
/// A trait object rather than two closures: both need the slice, one of them mutably.
trait Slots {
    fn len(&self) -> usize;
    fn compare(&mut self, a: usize, b: usize) -> Ordering;
    fn swap(&mut self, a: usize, b: usize);
}

/// A slice with its comparator, as [`Slots`].
struct Compared<'a, T, F> {
    items: &'a mut [T],
    compare: F,
}

impl<T, F: FnMut(&T, &T) -> Ordering> Slots for Compared<'_, T, F> {
    fn len(&self) -> usize {
        self.items.len()
    }

    fn compare(&mut self, a: usize, b: usize) -> Ordering {
        (self.compare)(&self.items[a], &self.items[b])
    }

    fn swap(&mut self, a: usize, b: usize) {
        self.items.swap(a, b);
    }
}

/// Sorts `v` with `compare`, stable: std's [`slice::sort_by`], compiled once for the crate.
pub fn sort_by<T>(v: &mut [T], compare: impl FnMut(&T, &T) -> Ordering) {
    sort_slots(&mut Compared { items: v, compare });
}

/// Sorts `v` by `key`, stable: std's [`slice::sort_by_key`] (the key is computed per
/// comparison, as there).
pub fn sort_by_key<T, K: Ord>(v: &mut [T], mut key: impl FnMut(&T) -> K) {
    sort_by(v, |a, b| key(a).cmp(&key(b)));
}

/// Sorts `v` ascending, stable: std's [`slice::sort`].
pub fn sort<T: Ord>(v: &mut [T]) {
    sort_by(v, T::cmp);
}

/// The one sort: std's stable sort of the positions `0..len`, then the slice permuted to match.
fn sort_slots(slots: &mut dyn Slots) {
    let len = slots.len();
    if len < 2 {
        return;
    }
    let mut order: Vec<usize> = (0..len).collect();
    order.sort_by(|&a, &b| slots.compare(a, b));
    // `order[i]` is the position whose element belongs at `i`. Each cycle i -> order[i] -> ..
    // -> i is applied with swaps: after `swap(at, from)` position `at` holds its element and the
    // one that belongs at the cycle's end travels on. A done position is marked `order[at] = at`.
    for start in 0..len {
        let mut at = start;
        let mut from = order[at];
        while from != start {
            slots.swap(at, from);
            order[at] = at;
            at = from;
            from = order[at];
        }
        order[at] = at;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::rngs::StdRng;
    use rand::{Rng, SeedableRng};

    /// (key, arrival): sorting by key alone, a stable sort keeps arrivals ascending among ties.
    fn by_key_is_std(mut v: Vec<(u8, usize)>) {
        let mut expected = v.clone();
        expected.sort_by_key(|p| p.0);
        sort_by_key(&mut v, |p| p.0);
        assert_eq!(v, expected);
    }

    fn tagged(keys: &[u8]) -> Vec<(u8, usize)> {
        keys.iter().copied().zip(0..).collect()
    }

    #[test]
    fn small_cases_match_std() {
        // (case, keys)
        let cases: &[(&str, &[u8])] = &[
            ("empty", &[]),
            ("one element", &[7]),
            ("two in order", &[1, 2]),
            ("two reversed", &[2, 1]),
            ("two equal keep their order", &[3, 3]),
            ("already sorted", &[1, 2, 3, 4, 5, 6, 7, 8]),
            ("reversed", &[8, 7, 6, 5, 4, 3, 2, 1]),
            ("reversed with ties", &[3, 3, 2, 2, 1, 1, 0, 0]),
            ("all equal", &[5, 5, 5, 5, 5]),
            ("one long cycle", &[2, 3, 4, 5, 1]),
            ("two swaps", &[2, 1, 4, 3]),
        ];
        for (case, keys) in cases {
            let mut v = tagged(keys);
            let mut expected = v.clone();
            expected.sort_by_key(|p| p.0);
            sort_by_key(&mut v, |p| p.0);
            assert_eq!(v, expected, "{case}");
        }
    }

    #[test]
    fn random_inputs_with_many_ties_match_std_stable_sort() {
        let mut rng = StdRng::seed_from_u64(15);
        for round in 0..500 {
            let len = rng.random_range(0..200);
            // Few distinct keys: most comparisons are ties, where stability shows.
            let distinct = rng.random_range(1..=6u8);
            let keys: Vec<u8> = (0..len).map(|_| rng.random_range(0..distinct)).collect();
            let v = tagged(&keys);
            let mut expected = v.clone();
            expected.sort_by_key(|p| p.0);
            let mut got = v;
            sort_by_key(&mut got, |p| p.0);
            assert_eq!(got, expected, "round {round}");
        }
    }

    #[test]
    fn large_random_input_matches_std() {
        let mut rng = StdRng::seed_from_u64(11);
        let keys: Vec<u8> = (0..20_000).map(|_| rng.random_range(0..50)).collect();
        by_key_is_std(tagged(&keys));
    }

    #[test]
    fn sort_by_follows_the_comparator_and_sort_is_ascending() {
        let mut rng = StdRng::seed_from_u64(7);
        let words: Vec<String> = (0..300)
            .map(|_| format!("w{}", rng.random_range(0..40)))
            .collect();

        let mut ours = words.clone();
        sort(&mut ours);
        let mut std_sorted = words.clone();
        std_sorted.sort();
        assert_eq!(ours, std_sorted);

        // Descending by length, ties in input order.
        let mut ours = words.clone();
        sort_by(&mut ours, |a, b| b.len().cmp(&a.len()));
        let mut expected = words;
        expected.sort_by_key(|w| std::cmp::Reverse(w.len()));
        assert_eq!(ours, expected);
    }

    #[test]
    fn floats_sort_with_total_cmp() {
        let mut v = vec![2.5, -0.0, f64::NAN, 0.0, -1.0, f64::INFINITY];
        let mut expected = v.clone();
        expected.sort_by(f64::total_cmp);
        sort_by(&mut v, f64::total_cmp);
        // NaN != NaN, so compare the bits.
        let bits = |v: &[f64]| v.iter().map(|x| x.to_bits()).collect::<Vec<_>>();
        assert_eq!(bits(&v), bits(&expected));
    }
}
