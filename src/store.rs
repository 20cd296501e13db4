//! The trace store: traces the page holds.
