//! Pure view logic the UI draws from: Gantt layout, URL state.
