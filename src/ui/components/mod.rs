//! Components of the page, each rendering part of the state.

pub mod export_panel;
pub mod open_in_jaeger;
pub mod span_list;
