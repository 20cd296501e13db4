//! Components of the page, each rendering part of the state.

pub mod span_list;
