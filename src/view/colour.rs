//! One colour per service, the same in every view (chips, Gantt bars, header, legend).
//!
//! The services of the scenario that runs take the palette's colours in their order (issue 12:
//! "Every service-specific list in the page (... colours ...) comes from the scenario"), so a
//! scenario of up to ten services has no two alike; a hash of the name alone gave three of the
//! ten-services preset's services the same ochre. Any other service (an imported trace's) gets
//! the lab's fixed colour or a hash of its name. So the colour does not depend on which trace
//! was seen first, and stays stable across reloads (the scenario is kept). Red is left out of
//! the palette on purpose: red means error everywhere in the app.

use std::cell::RefCell;

thread_local! {
    /// The services of the scenario that runs, in its order ([`follow_scenario`]).
    static SCENARIO: RefCell<Vec<String>> = const { RefCell::new(Vec::new()) };
}

/// The page calls this as it renders, with the services of the scenario that runs, before any
/// view asks for a colour.
pub fn follow_scenario<'a>(services: impl IntoIterator<Item = &'a str>) {
    SCENARIO.with(|s| {
        let mut order = s.borrow_mut();
        order.clear();
        order.extend(services.into_iter().map(str::to_string));
    });
}

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
    let index = SCENARIO
        .with(|s| s.borrow().iter().position(|name| name == service))
        .or_else(|| {
            KNOWN
                .iter()
                .find(|(name, _)| *name == service)
                .map(|(_, i)| *i)
        })
        .unwrap_or_else(|| (fnv1a(service) % PALETTE.len() as u32) as usize);
    let index = index % PALETTE.len();
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
    fn the_scenarios_services_take_the_palette_in_order() {
        let ten = [
            "gateway",
            "frontend",
            "cart",
            "catalog",
            "pricing",
            "inventory",
            "payment",
            "fraud",
            "shipping",
            "notification",
        ];
        let hashed: std::collections::BTreeSet<&str> =
            ten.iter().map(|n| service_colour(n)).collect();
        assert!(hashed.len() < ten.len(), "by name alone some collide");
        follow_scenario(ten);
        let colours: Vec<&str> = ten.iter().map(|n| service_colour(n)).collect();
        assert_eq!(colours, PALETTE, "ten services, ten colours");
        // Services outside the scenario (an imported lab trace) keep their own colours.
        assert_eq!(service_colour("service-b"), PALETTE[1]);
        // The lab's order gives the lab's colours; an eleventh service wraps around.
        follow_scenario(["service-a", "service-b", "db"]);
        assert_eq!(service_colour("db"), PALETTE[2]);
        let eleven: Vec<String> = (0..11).map(|i| format!("s{i}")).collect();
        follow_scenario(eleven.iter().map(String::as_str));
        assert_eq!(service_colour("s10"), PALETTE[0]);
        follow_scenario([]);
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
