//! One colour per service, the same in every view (chips, Gantt bars, header, legend).
//!
//! The colour is a pure function of the service name, so it does not depend on which trace
//! was seen first and stays stable across reloads. Red is left out of the palette on purpose:
//! red means error everywhere in the app.

/// Calm, distinguishable hues; none of them is red.
pub const PALETTE: &[&str] = &[
    "#2563eb", // blue
    "#0d9488", // teal
    "#7c3aed", // violet
    "#d97706", // amber
    "#0891b2", // cyan
    "#65a30d", // green
    "#4f46e5", // indigo
    "#a16207", // ochre
    "#475569", // slate
    "#c026d3", // magenta
];

/// The colour for errors; not in [`PALETTE`].
pub const ERROR: &str = "#dc2626";

/// The lab's own services get fixed, clearly different colours; anything else is hashed.
const KNOWN: &[(&str, usize)] = &[("service-a", 0), ("service-b", 1), ("db", 2)];

/// The CSS colour of a service.
pub fn service_colour(service: &str) -> &'static str {
    let index = KNOWN
        .iter()
        .find(|(name, _)| *name == service)
        .map(|(_, i)| *i)
        .unwrap_or_else(|| (fnv1a(service) % PALETTE.len() as u32) as usize);
    PALETTE.get(index).copied().unwrap_or(PALETTE[0])
}

/// FNV-1a, 32 bit: tiny, and the same on wasm32 and 64-bit hosts.
fn fnv1a(text: &str) -> u32 {
    text.bytes().fold(0x811c_9dc5_u32, |hash, b| {
        (hash ^ u32::from(b)).wrapping_mul(0x0100_0193)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lab_services_have_distinct_colours() {
        let a = service_colour("service-a");
        let b = service_colour("service-b");
        let db = service_colour("db");
        assert!(a != b && b != db && a != db, "{a} {b} {db}");
    }

    #[test]
    fn colour_is_a_function_of_the_name_only() {
        assert_eq!(service_colour("checkout"), service_colour("checkout"));
        assert!(PALETTE.contains(&service_colour("")));
        assert!(PALETTE.contains(&service_colour("some-other-service")));
    }

    #[test]
    fn red_is_reserved_for_errors() {
        assert!(!PALETTE.contains(&ERROR));
        for name in [
            "a",
            "b",
            "payments",
            "frontend",
            "db",
            "x".repeat(300).as_str(),
        ] {
            assert_ne!(service_colour(name), ERROR);
        }
    }
}
