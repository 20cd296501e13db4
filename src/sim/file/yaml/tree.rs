//! The node tree: the parser's events gathered into values that remember where they start,
//! with aliases copied (bounded by [`MAX_NODES`]) and repeated keys refused.

use super::TextPos;
use super::{parser, pos, Error, MAX_NODES};
use granit_parser::{Event, Parser, ScalarStyle, Span};
use serde::de;

/// A parsed value and where it starts.
#[derive(Clone, Debug)]
pub(super) struct Node {
    pub at: TextPos,
    pub value: Value,
}

#[derive(Clone, Debug)]
pub(super) enum Value {
    /// Text and whether it was written plain (only plain scalars resolve to other types).
    Scalar(String, bool),
    Seq(Vec<Node>),
    Map(Vec<(Node, Node)>),
}

/// The node tree of a one-document text.
pub(super) fn parse(text: &str) -> Result<Node, Error> {
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
