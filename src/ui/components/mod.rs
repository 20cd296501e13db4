//! Components of the page, one per file, each rendering part of the state.

pub mod compare;
pub mod export_panel;
pub mod fields;
pub mod gantt;
pub mod gantt_row;
pub mod inspector;
pub mod lab_settings;
pub mod latency_panel;
pub mod load_controls;
pub mod minimap;
pub mod notices;
pub mod open_in_jaeger;
pub mod queue_note;
pub mod request_panel;
pub mod results_list;
pub mod scatter_plot;
pub mod search_form;
pub mod search_page;
pub mod service_map;
pub mod span_detail;
pub mod theme;
pub mod trace_header;
pub mod trace_page;
pub mod traceparent_fields;
pub mod verdict;
pub mod views;
