//! Where in a file a value is, e.g. `resourceSpans[0].scopeSpans[1].spans[3].traceId`.
//!
//! Built on the stack as the readers descend (no allocation per span) and turned into text
//! only when there is a problem to report.

use std::fmt;

#[derive(Clone, Copy, Debug)]
pub(crate) enum Path<'a> {
    Root,
    Key(&'a Path<'a>, &'a str),
    Index(&'a Path<'a>, usize),
}

impl<'a> Path<'a> {
    pub(crate) fn key(&'a self, key: &'a str) -> Path<'a> {
        Path::Key(self, key)
    }

    pub(crate) fn index(&'a self, index: usize) -> Path<'a> {
        Path::Index(self, index)
    }
}

impl fmt::Display for Path<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Path::Root => Ok(()),
            Path::Key(Path::Root, key) => f.write_str(key),
            Path::Key(parent, key) => write!(f, "{parent}.{key}"),
            Path::Index(parent, index) => write!(f, "{parent}[{index}]"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_read_like_javascript_accessors() {
        let root = Path::Root;
        let rs = root.key("resourceSpans");
        let first = rs.index(0);
        let id = first.key("traceId");
        assert_eq!(id.to_string(), "resourceSpans[0].traceId");
        assert_eq!(root.index(2).to_string(), "[2]");
        assert_eq!(root.to_string(), "");
    }
}
