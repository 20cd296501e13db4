//! Export decisions that need no network: outbox, batching, retry schedule, status messages.
