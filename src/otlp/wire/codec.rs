//! The proto3 JSON mapping rules OTLP/JSON uses, as small serde helpers for
//! `#[serde(with = "...")]` and `#[serde(deserialize_with = "...")]`.
//!
//! Spec: <https://opentelemetry.io/docs/specs/otlp/#json-protobuf-encoding> (the OTLP
//! differences: hex ids, enums as integers) on top of the proto3 JSON mapping
//! <https://protobuf.dev/programming-guides/json/> (64-bit integers as strings, `"NaN"` and
//! `"Infinity"` for doubles, `null` as the default value). Writers follow OTLP exactly; readers
//! also accept what real exporters write: ids in base64 (protobuf's generic JSON printer),
//! 64-bit integers as numbers, enum names.

use super::base64;
use serde::de::{self, Deserialize, Deserializer, Visitor};
use serde::Serializer;
use std::borrow::Cow;
use std::fmt;

/// `null` reads as the type's default, as proto3 JSON says for every field.
pub(crate) fn nullable<'de, D, T>(d: D) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de> + Default,
{
    Option::<T>::deserialize(d).map(Option::unwrap_or_default)
}

/// For `skip_serializing_if`: proto3 JSON writers omit fields at their default value.
pub(crate) fn is_empty(s: &str) -> bool {
    s.is_empty()
}

/// For `skip_serializing_if` on counters.
pub(crate) fn is_zero(n: &u32) -> bool {
    *n == 0
}

/// Reads a fixed-width id: `width` hex digits (either case), or base64 of `width / 2` bytes.
/// All zeros is the invalid id and is refused.
fn read_id<E: de::Error>(text: &str, width: usize) -> Result<u128, E> {
    let bytes = width / 2;
    let value = if text.len() == width && text.bytes().all(|b| b.is_ascii_hexdigit()) {
        u128::from_str_radix(text, 16).ok()
    } else {
        base64::decode(text)
            .filter(|raw| raw.len() == bytes)
            .map(|raw| raw.iter().fold(0u128, |v, b| (v << 8) | u128::from(*b)))
    };
    match value {
        Some(0) => Err(E::custom(format!(
            "must not be all zeros (the invalid id), found {text:?}"
        ))),
        Some(v) => Ok(v),
        None => Err(E::custom(format!(
            "must be {width} hex digits (or base64 of {bytes} bytes), found {text:?}"
        ))),
    }
}

/// A visitor for ids: strings only, checked by [`read_id`].
struct IdVisitor(usize);

impl Visitor<'_> for IdVisitor {
    type Value = u128;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        write!(f, "an id of {} hex digits", self.0)
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<u128, E> {
        read_id(v, self.0)
    }
}

/// `traceId`: 32 lowercase hex digits on the wire.
pub(crate) mod trace_id {
    use super::*;
    use crate::model::TraceId;

    pub(crate) fn serialize<S: Serializer>(id: &TraceId, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(id)
    }

    pub(crate) fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<TraceId, D::Error> {
        d.deserialize_str(IdVisitor(32)).map(TraceId)
    }
}

/// `spanId`: 16 lowercase hex digits on the wire.
pub(crate) mod span_id {
    use super::*;
    use crate::model::SpanId;

    pub(crate) fn serialize<S: Serializer>(id: &SpanId, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(id)
    }

    pub(crate) fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<SpanId, D::Error> {
        // 16 hex digits (8 bytes) always fit in u64.
        d.deserialize_str(IdVisitor(16)).map(|v| SpanId(v as u64))
    }
}

/// `parentSpanId`: absent, `null`, `""` and all zeros all mean "no parent" (writers differ).
pub(crate) mod parent_span_id {
    use super::*;
    use crate::model::SpanId;

    pub(crate) fn serialize<S: Serializer>(id: &Option<SpanId>, s: S) -> Result<S::Ok, S::Error> {
        match id {
            Some(id) => s.collect_str(id),
            None => s.serialize_str(""),
        }
    }

    pub(crate) fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<SpanId>, D::Error> {
        let text: Option<Cow<'de, str>> = Option::deserialize(d)?;
        match text.as_deref() {
            None | Some("") => Ok(None),
            Some(t) if t.bytes().all(|b| b == b'0') => Ok(None),
            Some(t) => read_id(t, 16).map(|v| Some(SpanId(v as u64))),
        }
    }
}

/// Integers for `fixed64`/`uint64`/`int64` fields: written as decimal strings (JavaScript
/// numbers lose precision past 2^53); read from strings or numbers.
struct IntVisitor<T>(std::marker::PhantomData<T>);

/// What [`IntVisitor`] produces: `u64` or `i64`.
trait Integer: Sized + TryFrom<u64> + TryFrom<i64> + std::str::FromStr {
    const WHAT: &'static str;
}

impl Integer for u64 {
    const WHAT: &'static str = "a non-negative 64-bit integer";
}

impl Integer for i64 {
    const WHAT: &'static str = "a 64-bit integer";
}

impl<T: Integer> IntVisitor<T> {
    fn new() -> Self {
        IntVisitor(std::marker::PhantomData)
    }
    fn bad<E: de::Error>(found: impl fmt::Display) -> E {
        E::custom(format!("must be {}, found {found}", T::WHAT))
    }
}

impl<T: Integer> Visitor<'_> for IntVisitor<T> {
    type Value = T;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str(T::WHAT)
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<T, E> {
        T::try_from(v).map_err(|_| Self::bad(v))
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<T, E> {
        T::try_from(v).map_err(|_| Self::bad(v))
    }
    /// Some writers print integral values as floats (`3.0`, `1e9`); those are accepted when
    /// exact, anything with a fraction is not.
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<T, E> {
        // 2^63 and 2^64 are exact doubles, so the range checks are exact too.
        let fits = v.fract() == 0.0
            && (-9.223_372_036_854_776e18..1.844_674_407_370_955_2e19).contains(&v);
        if !fits {
            return Err(Self::bad(v));
        }
        if v < 0.0 {
            self.visit_i64(v as i64)
        } else {
            self.visit_u64(v as u64)
        }
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<T, E> {
        v.parse().map_err(|_| Self::bad(format_args!("{v:?}")))
    }
}

/// `*UnixNano` times and other `fixed64` counts.
pub(crate) mod nanos {
    use super::*;

    pub(crate) fn serialize<S: Serializer>(n: &u64, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(n)
    }

    pub(crate) fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<u64, D::Error> {
        d.deserialize_any(IntVisitor::<u64>::new())
    }

    /// Optional counts (e.g. `partialSuccess.rejectedSpans`): `null` reads as 0.
    pub(crate) fn deserialize_or_zero<'de, D: Deserializer<'de>>(d: D) -> Result<u64, D::Error> {
        d.deserialize_option(OrZero)
    }

    struct OrZero;

    impl<'de> Visitor<'de> for OrZero {
        type Value = u64;
        fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
            f.write_str(u64::WHAT)
        }
        fn visit_none<E: de::Error>(self) -> Result<u64, E> {
            Ok(0)
        }
        fn visit_unit<E: de::Error>(self) -> Result<u64, E> {
            Ok(0)
        }
        fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<u64, D::Error> {
            deserialize(d)
        }
    }
}

/// `AnyValue.intValue`.
pub(crate) mod int64 {
    use super::*;

    pub(crate) fn serialize<S: Serializer>(n: &i64, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(n)
    }

    pub(crate) fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<i64, D::Error> {
        d.deserialize_any(IntVisitor::<i64>::new())
    }
}

/// `AnyValue.doubleValue`: a JSON number written as the shortest text that reads back to the
/// same bits; the non-finite values as proto3's `"NaN"`, `"Infinity"`, `"-Infinity"`.
pub(crate) mod double {
    use super::*;

    pub(crate) fn serialize<S: Serializer>(v: &f64, s: S) -> Result<S::Ok, S::Error> {
        match *v {
            v if v.is_finite() => s.serialize_f64(v),
            v if v.is_nan() => s.serialize_str("NaN"),
            v if v > 0.0 => s.serialize_str("Infinity"),
            _ => s.serialize_str("-Infinity"),
        }
    }

    pub(crate) fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<f64, D::Error> {
        d.deserialize_any(DoubleVisitor)
    }

    struct DoubleVisitor;

    impl Visitor<'_> for DoubleVisitor {
        type Value = f64;
        fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
            f.write_str("a number")
        }
        fn visit_f64<E: de::Error>(self, v: f64) -> Result<f64, E> {
            Ok(v)
        }
        fn visit_u64<E: de::Error>(self, v: u64) -> Result<f64, E> {
            Ok(v as f64)
        }
        fn visit_i64<E: de::Error>(self, v: i64) -> Result<f64, E> {
            Ok(v as f64)
        }
        /// proto3 JSON also allows a number in a string.
        fn visit_str<E: de::Error>(self, v: &str) -> Result<f64, E> {
            match v {
                "NaN" => Ok(f64::NAN),
                "Infinity" => Ok(f64::INFINITY),
                "-Infinity" => Ok(f64::NEG_INFINITY),
                // `str::parse` also takes "inf" and "nan"; proto3 spells them only as above.
                t if t
                    .bytes()
                    .any(|b| b.is_ascii_alphabetic() && b != b'e' && b != b'E') =>
                {
                    Err(E::custom(format!("must be a number, found {v:?}")))
                }
                t => t
                    .parse()
                    .map_err(|_| E::custom(format!("must be a number, found {v:?}"))),
            }
        }
    }
}

/// `AnyValue.bytesValue`: base64, as proto3 JSON writes `bytes`.
pub(crate) mod bytes {
    use super::*;

    pub(crate) fn serialize<S: Serializer>(v: &[u8], s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&base64::encode(v))
    }

    pub(crate) fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<u8>, D::Error> {
        let text = Cow::<'de, str>::deserialize(d)?;
        base64::decode(&text)
            .ok_or_else(|| de::Error::custom(format!("must be base64 (RFC 4648), found {text:?}")))
    }
}
