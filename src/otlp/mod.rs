//! OTLP/HTTP JSON encoding and decoding of spans.
