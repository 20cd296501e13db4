//! Components of the page, one per file, each rendering part of the state.

pub mod fields;
pub mod lab_settings;
pub mod notices;
pub mod request_panel;
pub mod span_list;
