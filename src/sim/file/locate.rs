//! Finds where a value sits in the scenario text, from its path (`services[1].port`), so errors
//! found after parsing still name a line and column.
//!
//! It walks the YAML parser's event stream (`granit-parser`).
//! JSON is YAML 1.2's flow syntax, so the same walk finds values in a JSON file. The walk is best
//! effort: when the path goes further than the text (a missing key), it answers with the
//! deepest node it reached, which is where the missing key belongs.

use super::error::TextPos;
use granit_parser::{Event, Parser, Span};

/// One step of a path: a key in a mapping or an index in a sequence.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Seg {
    Key(String),
    Index(usize),
}

/// A path into the file, written as `services[1].endpoints[0].route`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Path(pub Vec<Seg>);

impl Path {
    pub fn key(&self, key: &str) -> Path {
        let mut segs = self.0.clone();
        segs.push(Seg::Key(key.to_string()));
        Path(segs)
    }

    pub fn index(&self, index: usize) -> Path {
        let mut segs = self.0.clone();
        segs.push(Seg::Index(index));
        Path(segs)
    }
}

impl std::fmt::Display for Path {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        for (i, seg) in self.0.iter().enumerate() {
            match seg {
                Seg::Key(k) if i == 0 => write!(f, "{k}")?,
                Seg::Key(k) => write!(f, ".{k}")?,
                Seg::Index(n) => write!(f, "[{n}]")?,
            }
        }
        Ok(())
    }
}

/// The event stream, stopping (as `None`) at the first syntax error.
struct Events<'a> {
    parser: Parser<'a, granit_parser::StrInput<'a>>,
}

impl<'a> Events<'a> {
    fn next(&mut self) -> Option<(Event<'a>, Span)> {
        self.parser.next().and_then(Result::ok)
    }

    /// Skips the rest of a node whose start event was just read.
    fn skip(&mut self, start: &Event<'a>) -> Option<()> {
        let mut depth = usize::from(opens(start));
        while depth > 0 {
            let (event, _) = self.next()?;
            if opens(&event) {
                depth += 1;
            } else if closes(&event) {
                depth -= 1;
            }
        }
        Some(())
    }
}

fn opens(event: &Event<'_>) -> bool {
    matches!(event, Event::MappingStart(..) | Event::SequenceStart(..))
}

fn closes(event: &Event<'_>) -> bool {
    matches!(event, Event::MappingEnd | Event::SequenceEnd)
}

fn pos(span: &Span) -> TextPos {
    TextPos {
        line: span.start.line(),
        column: span.start.col() + 1,
    }
}

/// The position of the value at `path` (or of its key, for a mapping entry), or of the deepest
/// node on the way there.
pub fn locate(text: &str, path: &Path) -> Option<TextPos> {
    let mut events = Events {
        parser: super::yaml::parser(text),
    };
    // StreamStart, DocumentStart, then the root node.
    loop {
        let (event, span) = events.next()?;
        if matches!(event, Event::StreamStart | Event::DocumentStart(..)) {
            continue;
        }
        return Some(descend(&mut events, event, span, &path.0).unwrap_or(pos(&span)));
    }
}

/// Walks down `path` from a node whose start event is `event`; `None` when the text ends early.
fn descend<'a>(
    events: &mut Events<'a>,
    event: Event<'a>,
    span: Span,
    path: &[Seg],
) -> Option<TextPos> {
    let Some((seg, rest)) = path.split_first() else {
        return Some(pos(&span));
    };
    match (&event, seg) {
        (Event::MappingStart(..), Seg::Key(want)) => loop {
            let (key, key_span) = events.next()?;
            if closes(&key) {
                return Some(pos(&span));
            }
            let is_it = matches!(&key, Event::Scalar(k, ..) if k == want);
            events.skip(&key)?;
            let (value, value_span) = events.next()?;
            if is_it {
                if rest.is_empty() {
                    return Some(pos(&key_span));
                }
                return descend(events, value, value_span, rest).or(Some(pos(&key_span)));
            }
            events.skip(&value)?;
        },
        (Event::SequenceStart(..), Seg::Index(want)) => {
            let mut index = 0;
            loop {
                let (item, item_span) = events.next()?;
                if closes(&item) {
                    return Some(pos(&span));
                }
                if index == *want {
                    return descend(events, item, item_span, rest).or(Some(pos(&item_span)));
                }
                events.skip(&item)?;
                index += 1;
            }
        }
        _ => Some(pos(&span)),
    }
}

/// The byte range of the scalar at `path`, to rewrite one value in place (a switch the page
/// flips). `None` unless the path ends at a scalar.
pub fn scalar_range(text: &str, path: &Path) -> Option<std::ops::Range<usize>> {
    let mut events = Events {
        parser: super::yaml::parser(text),
    };
    let (mut event, mut span) = loop {
        let (event, span) = events.next()?;
        if !matches!(event, Event::StreamStart | Event::DocumentStart(..)) {
            break (event, span);
        }
    };
    for seg in &path.0 {
        (event, span) = match (&event, seg) {
            (Event::MappingStart(..), Seg::Key(want)) => loop {
                let (key, _) = events.next()?;
                if closes(&key) {
                    return None;
                }
                let is_it = matches!(&key, Event::Scalar(k, ..) if k == want);
                events.skip(&key)?;
                let (value, value_span) = events.next()?;
                if is_it {
                    break (value, value_span);
                }
                events.skip(&value)?;
            },
            (Event::SequenceStart(..), Seg::Index(want)) => {
                let mut index = 0;
                loop {
                    let (item, item_span) = events.next()?;
                    if closes(&item) {
                        return None;
                    }
                    if index == *want {
                        break (item, item_span);
                    }
                    events.skip(&item)?;
                    index += 1;
                }
            }
            _ => return None,
        };
    }
    match event {
        Event::Scalar(..) => Some(span.start.byte_offset()?..span.end.byte_offset()?),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn path(segs: &[Seg]) -> Path {
        Path(segs.to_vec())
    }

    fn key(k: &str) -> Seg {
        Seg::Key(k.into())
    }

    const YAML: &str =
        "title: t\nservices:\n  - name: a\n    port: 5000\n  - name: b\n    port: 5001\n";
    const JSON: &str = "{\"title\": \"t\",\n \"services\": [{\"name\": \"a\"},\n  {\"name\": \"b\", \"port\": 5001}]}";

    #[test]
    fn finds_keys_inside_sequences_in_yaml_and_json() {
        let second_port = path(&[key("services"), Seg::Index(1), key("port")]);
        assert_eq!(
            locate(YAML, &second_port),
            Some(TextPos { line: 6, column: 5 })
        );
        assert_eq!(
            locate(JSON, &second_port),
            Some(TextPos {
                line: 3,
                column: 17
            })
        );
        assert_eq!(second_port.to_string(), "services[1].port");
    }

    #[test]
    fn a_missing_key_points_at_the_mapping_it_belongs_in() {
        let missing = path(&[key("services"), Seg::Index(0), key("workers")]);
        assert_eq!(locate(YAML, &missing), Some(TextPos { line: 3, column: 5 }));
    }

    #[test]
    fn scalar_range_covers_exactly_the_value() {
        let range = scalar_range(YAML, &path(&[key("services"), Seg::Index(1), key("port")]));
        assert_eq!(range.map(|r| &YAML[r]), Some("5001"));
        assert_eq!(scalar_range(YAML, &path(&[key("services")])), None);
    }
}
