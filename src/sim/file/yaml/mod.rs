//! YAML through serde: the text is parsed by `granit-parser` (a maintained, panic-free YAML 1.2
//! parser, the one under `serde-saphyr`) into a tree of nodes that remember where they start,
//! and that tree is a serde `Deserializer`, so every error names a line and column. Nesting is
//! capped at [`MAX_DEPTH`] levels (a scenario needs about eight), which bounds the recursion of
//! building and reading the tree.
//!
//! Why not `serde-saphyr` itself: in the browser build it added about 320 KB gzip (its
//! deserializer, snippet renderer and encoding tables), more than the whole page; the parser
//! alone adds about 40 KB, and all of scenario-file reading about 100 KB. What is ours is only
//! the bridge from nodes to serde's data model ([`tree`] builds the nodes, [`de`] reads them):
//!
//! - Plain scalars resolve by the YAML 1.2 core schema
//!   (<https://yaml.org/spec/1.2.2/#1032-tag-resolution>): `null`, `~` and empty are null;
//!   `true` / `false` (any of the three cases) are booleans; decimal, `0o` octal and `0x` hex
//!   integers; decimal floats, `.inf`, `.nan`. Everything else, and every quoted or block
//!   scalar, is a string. A field that wants text takes any scalar as written (`version: 1.0`).
//! - Aliases (`*name`) copy their anchor's node; copies count towards [`MAX_NODES`], so a
//!   "billion laughs" file is refused instead of filling memory.
//! - A key that appears twice in a mapping is an error (YAML requires unique keys).

mod de;
mod tree;

use super::error::TextPos;
use granit_parser::{Parser, Span};
use serde::de as serde_de;
use std::fmt;

/// Most nodes a file may expand to, aliases included.
pub const MAX_NODES: usize = 200_000;

/// Deepest nesting of lists and mappings, in flow (`[...]`, `{...}`) and block style each.
pub const MAX_DEPTH: usize = 32;

/// The parser, with nesting capped.
pub(super) fn parser(text: &str) -> Parser<'_, granit_parser::StrInput<'_>> {
    let options = granit_parser::options! {
        flow_nesting_limit: MAX_DEPTH,
        block_nesting_limit: MAX_DEPTH,
    };
    Parser::new_from_str_with_options(text, options)
}

/// A YAML syntax or deserialization error, with its position when known. Boxed: every
/// `Result` of every derived `Deserialize` carries it, and a one-word error keeps that code
/// small in the wasm.
#[derive(Clone, Debug, PartialEq)]
pub struct Error(Box<ErrorInner>);

#[derive(Clone, Debug, PartialEq)]
pub struct ErrorInner {
    pub message: String,
    pub at: Option<TextPos>,
}

impl Error {
    fn at(message: impl Into<String>, at: TextPos) -> Error {
        Error(Box::new(ErrorInner {
            message: message.into(),
            at: Some(at),
        }))
    }

    /// Errors made by serde's derived code have no position: give them the node's.
    fn or_at(mut self, at: TextPos) -> Error {
        self.0.at.get_or_insert(at);
        self
    }

    pub fn message(&self) -> &str {
        &self.0.message
    }

    pub fn position(&self) -> Option<TextPos> {
        self.0.at
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0.message)
    }
}

impl std::error::Error for Error {}

impl serde_de::Error for Error {
    fn custom<T: fmt::Display>(msg: T) -> Error {
        Error(Box::new(ErrorInner {
            message: msg.to_string(),
            at: None,
        }))
    }

    fn invalid_type(
        unexpected: serde_de::Unexpected<'_>,
        expected: &dyn serde_de::Expected,
    ) -> Error {
        serde_de::Error::custom(format_args!("expected {expected} here, found {unexpected}"))
    }
}

fn pos(span: &Span) -> TextPos {
    TextPos {
        line: span.start.line(),
        column: span.start.col() + 1,
    }
}

/// Deserializes a YAML text (one document) into `T`.
pub fn from_str<'de, T: serde_de::Deserialize<'de>>(text: &str) -> Result<T, Error> {
    let root = tree::parse(text)?;
    T::deserialize(de::NodeDe(&root)).map_err(|e| e.or_at(root.at))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    #[test]
    fn aliases_copy_their_anchor_and_a_billion_laughs_is_refused() {
        let map: BTreeMap<String, Vec<u32>> = from_str("a: &x [1, 2]\nb: *x\n").unwrap();
        assert_eq!(map["b"], [1, 2]);
        let mut text = String::from("l0: &l0 [0, 0, 0, 0, 0, 0, 0, 0, 0, 0]\n");
        for i in 1..8 {
            text += &format!("l{i}: &l{i} [*l{p}, *l{p}, *l{p}, *l{p}, *l{p}, *l{p}, *l{p}, *l{p}, *l{p}, *l{p}]\n", p = i - 1);
        }
        let err = from_str::<BTreeMap<String, serde::de::IgnoredAny>>(&text).unwrap_err();
        assert!(err.message().contains("more than 200000 values"), "{err:?}");
    }

    #[test]
    fn a_repeated_key_and_a_second_document_are_refused() {
        let err = from_str::<BTreeMap<String, u32>>("a: 1\nb: 2\na: 3\n").unwrap_err();
        assert_eq!(err.position(), Some(TextPos { line: 3, column: 1 }));
        assert!(err.message().contains("key `a` appears twice"));
        let err = from_str::<BTreeMap<String, u32>>("a: 1\n---\nb: 2\n").unwrap_err();
        assert!(
            err.message().contains("more than one YAML document"),
            "{err:?}"
        );
    }

    #[test]
    fn type_errors_point_at_the_value() {
        #[derive(serde::Deserialize, Debug)]
        #[allow(dead_code)] // read only through Debug: the test is about the error
        struct S {
            port: u16,
        }
        let err = from_str::<S>("port: 70000\n").unwrap_err();
        assert_eq!(err.position(), Some(TextPos { line: 1, column: 7 }));
        assert!(err.message().contains("70000"), "{err:?}");
        let err = from_str::<S>("port: [1]\n").unwrap_err();
        assert_eq!(err.message(), "expected u16 here, found sequence");
    }
}
