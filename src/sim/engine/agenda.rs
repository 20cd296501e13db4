//! The discrete-event agenda: events ordered by virtual time, ties broken by the order they
//! were scheduled, so a run is deterministic whatever the heap's internal layout.

use std::cmp::Ordering;
use std::collections::BinaryHeap;

/// What happens at an instant. Indices point into the engine's slabs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Kind {
    /// The load generator sends a request (`client` = back-to-back client number).
    Arrival { client: u32 },
    /// A downstream request reaches its service.
    Arrive { inv: u32 },
    /// A handler continues after its downstream calls answered.
    Resume { inv: u32 },
    /// A handler's SERVER span ends and its worker frees up.
    Finish { inv: u32 },
    /// The client deadline of the call that created `inv` passes.
    Timeout { inv: u32 },
    /// Handler `inv` sends attempt `attempt` of the call at step `step` after its backoff.
    Retry { inv: u32, step: u32, attempt: u32 },
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct Event {
    pub time: u64,
    seq: u64,
    pub kind: Kind,
}

impl Ord for Event {
    /// Reversed, so that `BinaryHeap` (a max-heap) pops the earliest event first.
    fn cmp(&self, other: &Self) -> Ordering {
        (other.time, other.seq).cmp(&(self.time, self.seq))
    }
}

impl PartialOrd for Event {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

#[derive(Clone, Debug, Default)]
pub(super) struct Agenda {
    heap: BinaryHeap<Event>,
    seq: u64,
}

impl Agenda {
    pub fn push(&mut self, time: u64, kind: Kind) {
        self.seq += 1;
        self.heap.push(Event {
            time,
            seq: self.seq,
            kind,
        });
    }

    pub fn pop(&mut self) -> Option<Event> {
        self.heap.pop()
    }

    pub fn is_empty(&self) -> bool {
        self.heap.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pops_by_time_then_by_scheduling_order() {
        let mut agenda = Agenda::default();
        agenda.push(5, Kind::Resume { inv: 1 });
        agenda.push(3, Kind::Resume { inv: 2 });
        agenda.push(5, Kind::Resume { inv: 3 });
        agenda.push(1, Kind::Resume { inv: 4 });
        let order: Vec<Kind> = std::iter::from_fn(|| agenda.pop())
            .map(|e| e.kind)
            .collect();
        let invs: Vec<u32> = order
            .iter()
            .map(|k| match k {
                Kind::Resume { inv } => *inv,
                _ => 0,
            })
            .collect();
        assert_eq!(invs, [4, 2, 1, 3]);
    }
}
