//! The save policy's rules: when to save (settle, deadline, urgency) and what a full quota does.

use super::policy::{
    self, Debounce, QuotaGuard, SaveError, SaveKey, Urgency, MAX_WAIT_MS, SETTLE_MS,
};

#[test]
fn saving_waits_for_changes_to_settle_but_not_forever() {
    let mut d = Debounce::default();
    assert_eq!(d.due(0), None, "nothing changed");
    assert_eq!(d.change(1_000, Urgency::Settle), Some(SETTLE_MS));
    assert_eq!(d.due(1_000 + SETTLE_MS - 1), Some(1));
    assert_eq!(
        d.change(1_500, Urgency::Settle),
        Some(SETTLE_MS),
        "a new change restarts the wait"
    );
    assert_eq!(d.due(1_000 + SETTLE_MS), Some(500));
    // Changes every 100 ms: due no later than MAX_WAIT_MS after the first.
    for t in (1_600..1_000 + MAX_WAIT_MS).step_by(100) {
        d.change(t, Urgency::Settle);
    }
    assert_eq!(d.due(1_000 + MAX_WAIT_MS), Some(0));
    d.saved();
    assert_eq!(d.due(10_000), None);
    assert_eq!(d.change(20_000, Urgency::None), None);
    assert_eq!(
        d.due(30_000),
        None,
        "a change that saves nothing is not pending"
    );
}

#[test]
fn clearing_saves_at_once() {
    let mut d = Debounce::default();
    d.change(1_000, Urgency::Settle);
    assert_eq!(d.change(1_200, Urgency::Now), Some(0));
    assert_eq!(d.due(1_200), Some(0));
    d.saved();
    assert_eq!(
        d.change(1_300, Urgency::Settle),
        Some(SETTLE_MS),
        "the next change waits again"
    );
}

#[test]
fn urgency_rules() {
    let kept = SaveKey {
        store_revision: 4,
        traces: 3,
        ..SaveKey::default()
    };
    // Each row: saved key, new key, urgency.
    let rows = [
        (kept, kept, Urgency::None),
        (
            kept,
            SaveKey {
                store_revision: 5,
                traces: 4,
                ..kept
            },
            Urgency::Settle,
        ),
        (
            kept,
            SaveKey {
                store_revision: 5,
                traces: 0,
                ..kept
            },
            Urgency::Now,
        ),
        (
            kept,
            SaveKey {
                history_revision: 1,
                running: true,
                ..kept
            },
            Urgency::None,
        ),
        (
            kept,
            SaveKey {
                store_revision: 6,
                traces: 0,
                running: true,
                ..kept
            },
            Urgency::Now,
        ),
    ];
    for (i, (saved, next, expected)) in rows.into_iter().enumerate() {
        assert_eq!(policy::urgency(&saved, &next), expected, "row {i}");
    }
}

#[test]
fn a_full_quota_gives_one_notice_and_is_not_retried_with_as_much() {
    let mut guard = QuotaGuard::default();
    assert!(guard.should_try(5_000_000));
    let notice = guard.record("the traces", 5_000_000, Err(SaveError::Quota));
    assert_eq!(
        notice.as_deref(),
        Some("Browser storage is full: the traces (5.0 MB) could not be saved for the next visit. What was saved before is kept and the page keeps working; Clear traces or lower the trace cap to make room.")
    );
    assert!(
        !guard.should_try(5_000_000),
        "the same size would fail again"
    );
    assert!(!guard.should_try(6_000_000));
    assert!(guard.should_try(100), "after Clear traces");
    assert_eq!(
        guard.record("the traces", 4_000_000, Err(SaveError::Quota)),
        None,
        "one notice per episode"
    );
    assert!(!guard.should_try(4_000_000));
    assert_eq!(guard.record("the traces", 100, Ok(())), None);
    assert!(guard.should_try(9_000_000), "a success forgets the failure");
    let other = guard.record("the outbox", 1, Err(SaveError::Other("blocked".into())));
    assert!(other.is_some_and(|t| t.contains("(blocked)") && t.contains("keeps working")));
}
