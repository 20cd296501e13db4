//! The outbox: items (spans) waiting to be accepted by a collector, oldest first.
//!
//! Bounded so a learner who leaves auto-export on with no collector does not grow memory
//! without limit: when full, the oldest items are dropped and counted, never silently.
//! Generic over the item so the rules are tested with plain integers.
//!
//! Every item gets a sequence number on arrival and the queue stays sorted by it, so items
//! that come back from several failed batches (in any order) return to their original places
//! and "oldest" always means oldest.

use std::collections::VecDeque;

/// The default bound: as many spans as the store holds by default, so exporting everything in
/// a default store — one 100,004-span trace included (issue 15, `export_100k_lost`) — drops
/// nothing. An item is a reference into a stored trace (16 bytes with its sequence number in
/// wasm32), so a full outbox costs about 3.2 MB, not a copy of the spans.
pub const DEFAULT_CAPACITY: u32 = crate::store::DEFAULT_MAX_SPANS as u32;

/// An item with its arrival number.
pub type Sequenced<T> = (u64, T);

#[derive(Clone, Debug)]
pub struct Outbox<T> {
    items: VecDeque<Sequenced<T>>,
    next_seq: u64,
    capacity: u32,
    dropped: u64,
}

impl<T> Outbox<T> {
    /// `capacity` is clamped to at least 1 so an outbox can always hold something.
    pub fn new(capacity: u32) -> Self {
        Outbox {
            items: VecDeque::new(),
            next_seq: 0,
            capacity: capacity.max(1),
            dropped: 0,
        }
    }

    /// Adds items at the back; returns how many of the oldest were dropped to make room.
    pub fn push(&mut self, new_items: impl IntoIterator<Item = T>) -> u64 {
        let mut dropped_now = 0u64;
        for item in new_items {
            if self.items.len() as u64 >= u64::from(self.capacity) {
                self.items.pop_front();
                dropped_now += 1;
            }
            self.items.push_back((self.next_seq, item));
            self.next_seq += 1;
        }
        self.dropped += dropped_now;
        dropped_now
    }

    /// Puts a batch from [`Outbox::take`] that was not accepted back where it was, so it goes
    /// out first next time. If that overflows the bound, the oldest still go (counted).
    pub fn put_back(&mut self, items: Vec<Sequenced<T>>) -> u64 {
        if let Some((first, _)) = items.first() {
            // `take` hands out contiguous runs in arrival order, so a batch goes back in one
            // place, already sorted.
            let at = self.items.partition_point(|(seq, _)| seq < first);
            let rest = self.items.split_off(at);
            self.items.extend(items);
            self.items.extend(rest);
        }
        let mut dropped_now = 0u64;
        while self.items.len() as u64 > u64::from(self.capacity) {
            self.items.pop_front();
            dropped_now += 1;
        }
        self.dropped += dropped_now;
        dropped_now
    }

    /// Takes up to `max` items from the front (at least one if any are waiting).
    pub fn take(&mut self, max: u32) -> Vec<Sequenced<T>> {
        let n = (max.max(1) as usize).min(self.items.len());
        self.items.drain(..n).collect()
    }

    /// The waiting items, oldest first (to keep them across a reload).
    pub fn iter(&self) -> impl Iterator<Item = &T> {
        self.items.iter().map(|(_, item)| item)
    }

    pub fn len(&self) -> u64 {
        self.items.len() as u64
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// Items dropped because the outbox was full, since it was made.
    pub fn dropped(&self) -> u64 {
        self.dropped
    }

    pub fn capacity(&self) -> u32 {
        self.capacity
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn values(items: Vec<Sequenced<i32>>) -> Vec<i32> {
        items.into_iter().map(|(_, v)| v).collect()
    }

    #[test]
    fn keeps_order_and_drops_the_oldest_when_full() {
        let mut outbox = Outbox::new(3);
        assert_eq!(outbox.push([1, 2]), 0);
        assert_eq!(outbox.push([3, 4, 5]), 2, "1 and 2 make room for 4 and 5");
        assert_eq!(outbox.dropped(), 2);
        assert_eq!(values(outbox.take(10)), vec![3, 4, 5]);
        assert!(outbox.is_empty());
    }

    #[test]
    fn taken_items_that_fail_go_back_to_the_front_in_order() {
        let mut outbox = Outbox::new(10);
        outbox.push(1..=5);
        let batch = outbox.take(2);
        assert_eq!(values(batch.clone()), vec![1, 2]);
        outbox.push([6]);
        outbox.put_back(batch);
        assert_eq!(values(outbox.take(100)), vec![1, 2, 3, 4, 5, 6]);
    }

    #[test]
    fn batches_returned_out_of_order_regain_their_places() {
        let mut outbox = Outbox::new(100);
        outbox.push(1..=7);
        let (a, b, c) = (outbox.take(2), outbox.take(2), outbox.take(2));
        outbox.push([8]);
        outbox.put_back(c);
        outbox.put_back(a);
        outbox.put_back(b);
        assert_eq!(values(outbox.take(100)), vec![1, 2, 3, 4, 5, 6, 7, 8]);
    }

    #[test]
    fn put_back_beyond_capacity_drops_and_counts() {
        let mut outbox = Outbox::new(3);
        outbox.push([1, 2, 3]);
        let batch = outbox.take(2);
        outbox.push([4, 5]);
        assert_eq!(
            outbox.put_back(batch),
            2,
            "the two oldest (1, 2) cannot come back"
        );
        assert_eq!(values(outbox.take(10)), vec![3, 4, 5]);
        assert_eq!(outbox.dropped(), 2);
    }

    #[test]
    fn the_default_bound_takes_a_whole_default_store_and_a_100k_span_trace() {
        let store = crate::store::StoreLimits::default().max_spans;
        assert!(u64::from(DEFAULT_CAPACITY) >= store);
        let mut outbox = Outbox::new(DEFAULT_CAPACITY);
        assert_eq!(
            outbox.push(0..100_004u32),
            0,
            "the fan-out trace of issue 15"
        );
        assert_eq!(
            outbox.push(100_004..store as u32),
            0,
            "the rest of a full store"
        );
        assert_eq!((outbox.len(), outbox.dropped()), (store, 0));
        assert_eq!(
            outbox.push([0]),
            1,
            "one more than the bound drops the oldest"
        );
    }

    #[test]
    fn take_is_bounded_and_never_takes_zero_when_items_wait() {
        let mut outbox = Outbox::new(0);
        assert_eq!(outbox.capacity(), 1);
        outbox.push([7]);
        assert_eq!(values(outbox.take(0)), vec![7]);
        let mut big = Outbox::new(2_000);
        big.push(0..1_200);
        assert_eq!(big.take(512).len(), 512);
        assert_eq!(big.take(512).len(), 512);
        assert_eq!(big.take(512).len(), 176);
    }
}
