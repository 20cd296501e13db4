//! The one place the app does network IO (OTLP/HTTP export with gloo-net).
