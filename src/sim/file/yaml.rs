//! YAML through serde: the text is parsed by `granit-parser` (a maintained, panic-free YAML 1.2
//! parser, the one under `serde-saphyr`) into a tree of nodes that remember where they start,
//! and that tree is a serde `Deserializer`, so every error names a line and column. Nesting is
//! capped at [`MAX_DEPTH`] levels (a scenario needs about eight), which bounds the recursion of
//! building and reading the tree.
//!
//! Why not `serde-saphyr` itself: in the browser build it added about 320 KB gzip (its
//! deserializer, snippet renderer and encoding tables), more than the whole page; the parser
//! alone adds about 20 KB. What is ours is only the bridge from nodes to serde's data model:
//!
//! - Plain scalars resolve by the YAML 1.2 core schema
//!   (<https://yaml.org/spec/1.2.2/#1032-tag-resolution>): `null`, `~` and empty are null;
//!   `true` / `false` (any of the three cases) are booleans; decimal, `0o` octal and `0x` hex
//!   integers; decimal floats, `.inf`, `.nan`. Everything else, and every quoted or block
//!   scalar, is a string. A field that wants text takes any scalar as written (`version: 1.0`).
//! - Aliases (`*name`) copy their anchor's node; copies count towards [`MAX_NODES`], so a
//!   "billion laughs" file is refused instead of filling memory.
//! - A key that appears twice in a mapping is an error (YAML requires unique keys).

use super::error::TextPos;
use granit_parser::{Event, Parser, ScalarStyle, Span};
use serde::de::{self, DeserializeSeed, IntoDeserializer, MapAccess, SeqAccess, Visitor};
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

/// A parsed value and where it starts.
#[derive(Clone, Debug)]
struct Node {
    at: TextPos,
    value: Value,
}

#[derive(Clone, Debug)]
enum Value {
    /// Text and whether it was written plain (only plain scalars resolve to other types).
    Scalar(String, bool),
    Seq(Vec<Node>),
    Map(Vec<(Node, Node)>),
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

impl de::Error for Error {
    fn custom<T: fmt::Display>(msg: T) -> Error {
        Error(Box::new(ErrorInner {
            message: msg.to_string(),
            at: None,
        }))
    }

    fn invalid_type(unexpected: de::Unexpected<'_>, expected: &dyn de::Expected) -> Error {
        de::Error::custom(format_args!("expected {expected} here, found {unexpected}"))
    }
}

fn pos(span: &Span) -> TextPos {
    TextPos {
        line: span.start.line(),
        column: span.start.col() + 1,
    }
}

/// Deserializes a YAML text (one document) into `T`.
pub fn from_str<'de, T: de::Deserialize<'de>>(text: &str) -> Result<T, Error> {
    let root = parse(text)?;
    T::deserialize(NodeDe(&root)).map_err(|e| e.or_at(root.at))
}

/// The node tree of a one-document text.
fn parse(text: &str) -> Result<Node, Error> {
    let mut builder = Builder {
        parser: parser(text),
        anchors: Vec::new(),
        nodes: 0,
    };
    let mut root = None;
    while let Some((event, span)) = builder.next()? {
        match event {
            Event::StreamStart | Event::DocumentStart(..) | Event::DocumentEnd => {}
            Event::StreamEnd => break,
            event if root.is_none() => root = Some(builder.node(event, span)?),
            _ => {
                return Err(Error::at(
                    "this text has more than one YAML document (`---`): keep one scenario",
                    pos(&span),
                ))
            }
        }
    }
    root.ok_or_else(|| de::Error::custom("the scenario is empty"))
}

struct Builder<'a> {
    parser: Parser<'a, granit_parser::StrInput<'a>>,
    /// Anchored nodes by anchor id.
    anchors: Vec<(usize, Node)>,
    nodes: usize,
}

impl<'a> Builder<'a> {
    fn next(&mut self) -> Result<Option<(Event<'a>, Span)>, Error> {
        match self.parser.next() {
            None => Ok(None),
            Some(Ok(event)) => Ok(Some(event)),
            Some(Err(e)) => {
                let at = TextPos {
                    line: e.marker().line(),
                    column: e.marker().col() + 1,
                };
                Err(Error::at(syntax_hint(&e.info()), at))
            }
        }
    }

    fn count(&mut self, n: usize, at: TextPos) -> Result<(), Error> {
        self.nodes = self.nodes.saturating_add(n);
        if self.nodes > MAX_NODES {
            return Err(Error::at(
                format!("this file expands to more than {MAX_NODES} values (check its aliases)"),
                at,
            ));
        }
        Ok(())
    }

    /// The node whose first event is `event`.
    fn node(&mut self, event: Event<'a>, span: Span) -> Result<Node, Error> {
        let at = pos(&span);
        self.count(1, at)?;
        let (value, anchor) = match event {
            Event::Scalar(text, style, anchor, tag) => {
                let plain = style == ScalarStyle::Plain && tag.is_none_or(|t| t.suffix() != "str");
                (Value::Scalar(text.into_owned(), plain), anchor)
            }
            Event::SequenceStart(_, anchor, _) => {
                let mut items = Vec::new();
                loop {
                    match self.next()? {
                        Some((Event::SequenceEnd, _)) => break,
                        Some((event, span)) => items.push(self.node(event, span)?),
                        None => return Err(Error::at("this list is not closed", at)),
                    }
                }
                (Value::Seq(items), anchor)
            }
            Event::MappingStart(_, anchor, _) => {
                let mut entries: Vec<(Node, Node)> = Vec::new();
                loop {
                    let key = match self.next()? {
                        Some((Event::MappingEnd, _)) => break,
                        Some((event, span)) => self.node(event, span)?,
                        None => return Err(Error::at("this mapping is not closed", at)),
                    };
                    let value = match self.next()? {
                        Some((event, span)) => self.node(event, span)?,
                        None => return Err(Error::at("this key has no value", key.at)),
                    };
                    if let Value::Scalar(name, _) = &key.value {
                        let repeated = entries
                            .iter()
                            .any(|(k, _)| matches!(&k.value, Value::Scalar(n, _) if n == name));
                        if repeated {
                            return Err(Error::at(
                                format!("key `{name}` appears twice here: keep one"),
                                key.at,
                            ));
                        }
                    }
                    entries.push((key, value));
                }
                (Value::Map(entries), anchor)
            }
            Event::Alias(id) => {
                let anchors = std::mem::take(&mut self.anchors);
                let found = anchors
                    .iter()
                    .rev()
                    .find(|(a, _)| *a == id)
                    .map(|(_, n)| n.clone());
                self.anchors = anchors;
                let Some(node) = found.as_ref() else {
                    return Err(Error::at("this alias names no anchor before it", at));
                };
                let copies = size(node);
                self.count(copies, at)?;
                return Ok(Node {
                    at,
                    value: node.value.clone(),
                });
            }
            _ => return Err(Error::at("unexpected YAML here", at)),
        };
        let node = Node { at, value };
        if anchor != 0 {
            self.anchors.push((anchor, node.clone()));
        }
        Ok(node)
    }
}

/// The parser's message, with what to do for the mistakes people make most.
fn syntax_hint(message: &str) -> String {
    // Matched by prefix: some messages go on with the context they were found in.
    const HINTS: [(&str, &str); 13] = [
        (
            "unclosed quote",
            "a quote is never closed: end the text with the same quote mark",
        ),
        (
            "mapping values are not allowed in this context",
            "a `: ` inside a value: put the value in quotes, or start the next key on a new line",
        ),
        (
            "while parsing a block collection, did not find expected",
            "this line is indented differently from the lines before it: line it up with them",
        ),
        (
            "while parsing a block mapping, did not find expected key",
            "this line is indented differently from the keys before it: line it up with them",
        ),
        (
            "invalid indentation",
            "this line's indentation does not fit: indent it like the lines it belongs with",
        ),
        (
            "tab cannot be used as indentation",
            "YAML indents with spaces: replace the tab with spaces",
        ),
        (
            "tabs disallowed",
            "YAML indents with spaces: replace the tab with spaces",
        ),
        (
            "block sequence entries are not allowed in this context",
            "a `- ` item where a value belongs: put the list on its own lines under its key",
        ),
        (
            "recursion limit exceeded",
            "lists and mappings nest too deep here (at most 32 levels): flatten the file",
        ),
        (
            "unclosed bracket",
            "a `[` or `{` is never closed: close it, or remove it",
        ),
        (
            "misplaced bracket",
            "a `]` or `}` without its opening bracket: check the brackets",
        ),
        (
            "unexpected eof",
            "the text ends in the middle of a value: close every `[`, `{` and quote",
        ),
        (
            "while parsing node, found unknown anchor",
            "an alias (`*name`) with no anchor (`&name`) before it: define the anchor first",
        ),
    ];
    HINTS
        .iter()
        .find(|(theirs, _)| message.starts_with(theirs))
        .map_or_else(|| message.to_string(), |(_, ours)| ours.to_string())
}

/// Nodes in a tree (what an alias copy costs).
fn size(node: &Node) -> usize {
    match &node.value {
        Value::Scalar(..) => 1,
        Value::Seq(items) => 1 + items.iter().map(size).sum::<usize>(),
        Value::Map(entries) => {
            1 + entries
                .iter()
                .map(|(k, v)| size(k) + size(v))
                .sum::<usize>()
        }
    }
}

/// A plain scalar's type by the core schema.
enum Resolved<'a> {
    Null,
    Bool(bool),
    Int(i64),
    UInt(u64),
    Float(f64),
    Str(&'a str),
}

fn resolve(text: &str, plain: bool) -> Resolved<'_> {
    if !plain {
        return Resolved::Str(text);
    }
    match text {
        "" | "~" | "null" | "Null" | "NULL" => return Resolved::Null,
        "true" | "True" | "TRUE" => return Resolved::Bool(true),
        "false" | "False" | "FALSE" => return Resolved::Bool(false),
        ".inf" | ".Inf" | ".INF" | "+.inf" | "+.Inf" | "+.INF" => {
            return Resolved::Float(f64::INFINITY)
        }
        "-.inf" | "-.Inf" | "-.INF" => return Resolved::Float(f64::NEG_INFINITY),
        ".nan" | ".NaN" | ".NAN" => return Resolved::Float(f64::NAN),
        _ => {}
    }
    let radix = |prefix: &str, radix: u32| {
        let digits = text.strip_prefix(prefix)?;
        u64::from_str_radix(digits, radix).ok()
    };
    if let Some(n) = radix("0x", 16).or_else(|| radix("0o", 8)) {
        return Resolved::UInt(n);
    }
    let unsigned = text.strip_prefix(['-', '+']).unwrap_or(text);
    if !unsigned.is_empty() && unsigned.bytes().all(|b| b.is_ascii_digit()) {
        if let Ok(n) = text.parse::<u64>() {
            return Resolved::UInt(n);
        }
        if let Ok(n) = text.parse::<i64>() {
            return Resolved::Int(n);
        }
    }
    let float_chars = unsigned
        .bytes()
        .all(|b| b.is_ascii_digit() || matches!(b, b'.' | b'e' | b'E' | b'-' | b'+'));
    let has_digit = unsigned.bytes().any(|b| b.is_ascii_digit());
    match text.parse::<f64>() {
        Ok(x) if float_chars && has_digit => Resolved::Float(x),
        _ => Resolved::Str(text),
    }
}

/// A node as a serde `Deserializer`.
struct NodeDe<'n>(&'n Node);

impl NodeDe<'_> {
    /// What the node is, for a type error.
    fn unexpected(&self) -> de::Unexpected<'_> {
        match &self.0.value {
            Value::Scalar(text, plain) => match resolve(text, *plain) {
                Resolved::Null => de::Unexpected::Unit,
                Resolved::Bool(b) => de::Unexpected::Bool(b),
                Resolved::Int(n) => de::Unexpected::Signed(n),
                Resolved::UInt(n) => de::Unexpected::Unsigned(n),
                Resolved::Float(x) => de::Unexpected::Float(x),
                Resolved::Str(s) => de::Unexpected::Str(s),
            },
            Value::Seq(_) => de::Unexpected::Seq,
            Value::Map(_) => de::Unexpected::Map,
        }
    }
}

impl<'de, 'n> de::Deserializer<'de> for NodeDe<'n> {
    type Error = Error;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        let at = self.0.at;
        let result = match &self.0.value {
            Value::Scalar(text, plain) => match resolve(text, *plain) {
                Resolved::Null => visitor.visit_unit(),
                Resolved::Bool(b) => visitor.visit_bool(b),
                Resolved::Int(n) => visitor.visit_i64(n),
                Resolved::UInt(n) => visitor.visit_u64(n),
                Resolved::Float(x) => visitor.visit_f64(x),
                Resolved::Str(s) => visitor.visit_str(s),
            },
            Value::Seq(items) => visitor.visit_seq(Items(items.iter())),
            Value::Map(entries) => visitor.visit_map(Entries {
                entries: entries.iter(),
                value: None,
            }),
        };
        result.map_err(|e| e.or_at(at))
    }

    /// Text fields take any scalar as written.
    fn deserialize_str<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match &self.0.value {
            Value::Scalar(text, _) => visitor
                .visit_str::<Error>(text)
                .map_err(|e| e.or_at(self.0.at)),
            _ => self.deserialize_any(visitor),
        }
    }

    fn deserialize_string<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.deserialize_str(visitor)
    }

    fn deserialize_identifier<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.deserialize_str(visitor)
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match &self.0.value {
            Value::Scalar(text, plain) if matches!(resolve(text, *plain), Resolved::Null) => {
                visitor.visit_none()
            }
            _ => visitor.visit_some(self),
        }
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, Error> {
        visitor.visit_newtype_struct(self)
    }

    /// Unit variants written as a scalar (`mode: parallel`).
    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Error> {
        let at = self.0.at;
        match &self.0.value {
            Value::Scalar(text, _) => {
                let variant: de::value::StrDeserializer<'_, Error> =
                    text.as_str().into_deserializer();
                visitor.visit_enum(variant).map_err(|e| e.or_at(at))
            }
            _ => Err(Error::at(
                "expected one word here, not a list or a mapping",
                at,
            )),
        }
    }

    /// Structs are mappings only: serde's derived code could also read a list of the fields in
    /// order, which no scenario means, and leaving it unreached keeps it out of the wasm.
    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Error> {
        match &self.0.value {
            Value::Map(_) => self.deserialize_any(visitor),
            _ => Err(de::Error::invalid_type(self.unexpected(), &visitor)),
        }
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char bytes byte_buf unit
        unit_struct seq tuple tuple_struct map ignored_any
    }
}

struct Items<'n>(std::slice::Iter<'n, Node>);

impl<'de, 'n> SeqAccess<'de> for Items<'n> {
    type Error = Error;

    fn next_element_seed<T: DeserializeSeed<'de>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, Error> {
        match self.0.next() {
            Some(node) => seed
                .deserialize(NodeDe(node))
                .map(Some)
                .map_err(|e| e.or_at(node.at)),
            None => Ok(None),
        }
    }
}

struct Entries<'n> {
    entries: std::slice::Iter<'n, (Node, Node)>,
    value: Option<&'n Node>,
}

impl<'de, 'n> MapAccess<'de> for Entries<'n> {
    type Error = Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, Error> {
        let Some((key, value)) = self.entries.next() else {
            return Ok(None);
        };
        self.value = Some(value);
        seed.deserialize(NodeDe(key))
            .map(Some)
            .map_err(|e| e.or_at(key.at))
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, Error> {
        match self.value.take() {
            Some(node) => seed.deserialize(NodeDe(node)).map_err(|e| e.or_at(node.at)),
            None => Err(de::Error::custom("a value was read before its key")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    #[test]
    fn plain_scalars_resolve_by_the_core_schema() {
        #[rustfmt::skip]
        let cases: &[(&str, &str)] = &[
            ("~", "null"), ("null", "null"), ("", "null"), ("True", "bool true"), ("FALSE", "bool false"),
            ("42", "u 42"), ("-7", "i -7"), ("0x1F", "u 31"), ("0o17", "u 15"), ("1.5", "f 1.5"),
            ("-2e3", "f -2000"), (".inf", "f inf"), ("1.5s", "s 1.5s"), ("yes", "s yes"),
            ("0.48b0", "s 0.48b0"), ("1e", "s 1e"), ("-", "s -"), (".", "s ."),
        ];
        for (text, want) in cases {
            let got = match resolve(text, true) {
                Resolved::Null => "null".to_string(),
                Resolved::Bool(b) => format!("bool {b}"),
                Resolved::Int(n) => format!("i {n}"),
                Resolved::UInt(n) => format!("u {n}"),
                Resolved::Float(x) => format!("f {x}"),
                Resolved::Str(s) => format!("s {s}"),
            };
            assert_eq!(&got, want, "{text:?}");
        }
        assert!(
            matches!(resolve("42", false), Resolved::Str("42")),
            "quoted stays text"
        );
    }

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
