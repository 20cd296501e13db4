//! The node tree as a serde `Deserializer`: plain scalars typed by the YAML 1.2 core schema,
//! every error given the position of the node it is about.

use super::tree::{Node, Value};
use super::Error;
use serde::de::{self, DeserializeSeed, IntoDeserializer, MapAccess, SeqAccess, Visitor};

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
pub(super) struct NodeDe<'n>(pub &'n Node);

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
}
