//! Analysis of finished traces: where the time went.
