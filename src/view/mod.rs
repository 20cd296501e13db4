//! Pure view logic the UI draws from, kept out of `ui` so it is tested natively.
//!
//! - [`url`]: every setting and the seed as a URL query, with typed errors and default fallback
//!   (the "shared link reproduces the same traces" promise of issue 5).
//! - [`gantt`]: rows of the span tree with depth and collapse/expand, and keyboard navigation.
//! - [`ruler`]: time-ruler ticks with nice labels.
//! - [`window`]: bar geometry, the zoom window, and the virtual window of rows to render.
//! - [`scatter`]: the duration-over-time plot of the search page.
//! - [`find`]: search within one trace.
//! - [`colour`]: one colour per service, the same everywhere in the app.
//! - [`number`]: decimals as typed, without the general float parser.
//! - [`format`]: clock times and counts as people read them.

pub mod colour;
pub mod find;
pub mod format;
pub mod gantt;
pub mod number;
pub mod ruler;
pub mod scatter;
pub mod url;
pub mod window;
