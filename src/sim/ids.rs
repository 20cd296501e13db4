//! Ids drawn from the run's seeded RNG: trace and span ids (never zero, as W3C Trace Context
//! requires) and UUID v4 strings for `service.instance.id` (RFC 9562 §5.4).

use crate::model::{SpanId, TraceId};
use crate::sim::SimRng;

pub(crate) fn trace_id(rng: &mut SimRng) -> TraceId {
    // A zero draw is redrawn rather than nudged, so ids stay uniform.
    loop {
        let v: u128 = rng.random();
        if v != 0 {
            return TraceId(v);
        }
    }
}

pub(crate) fn span_id(rng: &mut SimRng) -> SpanId {
    loop {
        let v: u64 = rng.random();
        if v != 0 {
            return SpanId(v);
        }
    }
}

/// A random (version 4, variant 10) UUID in its lowercase 8-4-4-4-12 form.
pub(crate) fn uuid_v4(rng: &mut SimRng) -> String {
    let mut v: u128 = rng.random();
    v = (v & !(0xf << 76)) | (0x4 << 76);
    v = (v & !(0x3 << 62)) | (0x2 << 62);
    let hex = format!("{v:032x}");
    format!(
        "{}-{}-{}-{}-{}",
        &hex[0..8],
        &hex[8..12],
        &hex[12..16],
        &hex[16..20],
        &hex[20..32]
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;

    #[test]
    fn uuid_has_version_4_and_rfc_variant() {
        let mut rng = SimRng::seed_from_u64(7);
        for _ in 0..100 {
            let u = uuid_v4(&mut rng);
            assert_eq!(u.len(), 36, "{u}");
            assert_eq!(&u[14..15], "4", "version nibble in {u}");
            assert!(
                matches!(&u[19..20], "8" | "9" | "a" | "b"),
                "variant in {u}"
            );
            assert_eq!(u.matches('-').count(), 4, "{u}");
        }
    }
}
