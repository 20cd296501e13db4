//! Values with a small syntax of their own, deserialized from YAML or JSON scalars:
//!
//! | Type | Written as |
//! |---|---|
//! | [`Duration`] | `120ms`, `1.5s`, `800us`, `250ns`, `2min`, or a bare number of milliseconds |
//! | [`LatencySpec`] | a duration (fixed); `100ms..500ms` (uniform); `50ms +/- 10ms` or `50ms ± 10ms` (normal); `{p50: 20ms, p99: 200ms}` (log-normal); or a map `{min, max}`, `{mean, sd}`, `{fixed}` |
//! | [`Percent`] | `20%` |
//! | [`TargetSpec`] | `service/route`, `service`, or `{service, route}` |
//! | [`Workers`] | a number or `unlimited` |
//! | [`NameList`] | a list of names, or one string with commas (`tracecontext,baggage`) |
//! | [`AttrScalar`] | a string, integer, number or boolean |
//!
//! A bad value is a deserialization error, so it carries the line and column of the value.

use crate::sim::Latency;
use serde::de::{self, Deserializer, MapAccess, SeqAccess, Visitor};
use serde::Deserialize;
use std::fmt;

/// Milliseconds (finite; range checked by validation).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Duration(pub f64);

/// A latency distribution as written.
#[derive(Clone, Debug, PartialEq)]
pub struct LatencySpec(pub Latency);

/// Percent, 0–100 (range checked by validation).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Percent(pub f64);

/// A call target: a service and, unless it has just one, a route.
#[derive(Clone, Debug, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TargetMap {
    pub service: String,
    pub route: Option<String>,
}

/// A call target, however written.
#[derive(Clone, Debug, PartialEq)]
pub struct TargetSpec {
    pub service: String,
    pub route: Option<String>,
}

/// A worker limit; `None` = unlimited.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Workers(pub Option<u32>);

#[derive(Clone, Debug, PartialEq)]
pub struct NameList(pub Vec<String>);

/// An attribute value.
#[derive(Clone, Debug, PartialEq)]
pub enum AttrScalar {
    Str(String),
    Int(i64),
    Double(f64),
    Bool(bool),
}

/// Parses `120ms`, `1.5 s`, `800us`, `2min` or `120` (milliseconds) into milliseconds.
pub fn parse_duration(text: &str) -> Result<f64, String> {
    let text = text.trim();
    let split = text
        .find(|c: char| !(c.is_ascii_digit() || matches!(c, '.' | '-' | '+')))
        .unwrap_or(text.len());
    let (number, unit) = (text[..split].trim(), text[split..].trim());
    let value: f64 = number.parse().map_err(|_| {
        format!("{text:?} is not a duration: write a number and a unit, like 120ms or 1.5s")
    })?;
    let scale = match unit {
        "" | "ms" => 1.0,
        "ns" => 1e-6,
        "us" | "µs" => 1e-3,
        "s" => 1e3,
        "min" => 60e3,
        _ => {
            return Err(format!(
                "unknown time unit {unit:?} in {text:?}: use ns, us, ms, s or min"
            ))
        }
    };
    Ok(value * scale)
}

/// Parses two durations around `separator`, the first taking the second's unit when it has
/// none (`100..500ms`).
fn parse_pair(text: &str, separator: &str) -> Result<(f64, f64), String> {
    let (left, right) = text.split_once(separator).unwrap_or((text, ""));
    let right_ms = parse_duration(right)?;
    let left = left.trim();
    let has_unit = left.ends_with(|c: char| c.is_alphabetic());
    let left_ms = if has_unit || left.is_empty() {
        parse_duration(left)?
    } else {
        let unit_at = right
            .trim()
            .find(|c: char| c.is_alphabetic())
            .unwrap_or(right.trim().len());
        parse_duration(&format!("{left}{}", &right.trim()[unit_at..]))?
    };
    Ok((left_ms, right_ms))
}

/// Parses a latency written as one string (see the module docs).
pub fn parse_latency(text: &str) -> Result<Latency, String> {
    if text.contains("..") {
        let (min, max) = parse_pair(text, "..")?;
        return Ok(Latency::uniform(min, max));
    }
    for separator in ["+/-", "±"] {
        if text.contains(separator) {
            let (mean, sd) = parse_pair(text, separator)?;
            return Ok(Latency::normal(mean, sd));
        }
    }
    parse_duration(text).map(Latency::fixed)
}

/// A latency's map form.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct LatencyMap {
    fixed: Option<Duration>,
    min: Option<Duration>,
    max: Option<Duration>,
    mean: Option<Duration>,
    sd: Option<Duration>,
    p50: Option<Duration>,
    p99: Option<Duration>,
}

impl LatencyMap {
    fn latency(self) -> Result<Latency, String> {
        let ms = |d: Option<Duration>| d.map(|d| d.0);
        match (
            ms(self.fixed),
            (ms(self.min), ms(self.max)),
            (ms(self.mean), ms(self.sd)),
            (ms(self.p50), ms(self.p99)),
        ) {
            (Some(f), (None, None), (None, None), (None, None)) => Ok(Latency::fixed(f)),
            (None, (Some(a), Some(b)), (None, None), (None, None)) => Ok(Latency::uniform(a, b)),
            (None, (None, None), (Some(m), Some(s)), (None, None)) => Ok(Latency::normal(m, s)),
            (None, (None, None), (None, None), (Some(a), Some(b))) => Ok(Latency::log_normal(a, b)),
            _ => Err(
                "a latency map needs exactly one of: fixed; min and max (uniform); \
                      mean and sd (normal); p50 and p99 (log-normal)"
                    .into(),
            ),
        }
    }
}

/// Implements `Deserialize` through a visitor that accepts numbers and strings.
macro_rules! scalar_visitor {
    ($ty:ident, $expecting:literal, |$text:ident| $from_str:expr, |$num:ident| $from_num:expr) => {
        impl<'de> Deserialize<'de> for $ty {
            fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                struct V;
                impl<'de> Visitor<'de> for V {
                    type Value = $ty;
                    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                        f.write_str($expecting)
                    }
                    fn visit_str<E: de::Error>(self, $text: &str) -> Result<$ty, E> {
                        $from_str.map_err(E::custom)
                    }
                    fn visit_f64<E: de::Error>(self, $num: f64) -> Result<$ty, E> {
                        $from_num.map_err(E::custom)
                    }
                    fn visit_u64<E: de::Error>(self, v: u64) -> Result<$ty, E> {
                        self.visit_f64(v as f64)
                    }
                    fn visit_i64<E: de::Error>(self, v: i64) -> Result<$ty, E> {
                        self.visit_f64(v as f64)
                    }
                }
                d.deserialize_any(V)
            }
        }
    };
}

scalar_visitor!(
    Duration,
    "a duration like 120ms or 1.5s",
    |text| parse_duration(text).map(Duration),
    |ms| Ok::<_, String>(Duration(ms))
);

scalar_visitor!(
    Percent,
    "a percentage like 20%",
    |text| match text.trim().strip_suffix('%') {
        Some(number) => number
            .trim()
            .parse::<f64>()
            .map(Percent)
            .map_err(|_| format!("{text:?} is not a percentage: write it like 20%")),
        None => Err(format!("write the rate as a percentage, like {text}%")),
    },
    |n| Err::<Percent, _>(format!("write the rate as a percentage, like {n}%"))
);

impl<'de> Deserialize<'de> for LatencySpec {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = LatencySpec;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a latency like 120ms, 100ms..500ms, 50ms +/- 10ms or {p50, p99}")
            }
            fn visit_str<E: de::Error>(self, text: &str) -> Result<LatencySpec, E> {
                parse_latency(text).map(LatencySpec).map_err(E::custom)
            }
            fn visit_f64<E: de::Error>(self, ms: f64) -> Result<LatencySpec, E> {
                Ok(LatencySpec(Latency::fixed(ms)))
            }
            fn visit_u64<E: de::Error>(self, ms: u64) -> Result<LatencySpec, E> {
                self.visit_f64(ms as f64)
            }
            fn visit_i64<E: de::Error>(self, ms: i64) -> Result<LatencySpec, E> {
                self.visit_f64(ms as f64)
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<LatencySpec, A::Error> {
                let parsed = LatencyMap::deserialize(de::value::MapAccessDeserializer::new(map))?;
                parsed.latency().map(LatencySpec).map_err(de::Error::custom)
            }
        }
        d.deserialize_any(V)
    }
}

/// `service/route` (the route keeps its `/`) or `service`.
pub fn parse_target(text: &str) -> TargetSpec {
    match text.find('/') {
        Some(at) => TargetSpec {
            service: text[..at].trim().to_string(),
            route: Some(text[at..].trim().to_string()),
        },
        None => TargetSpec {
            service: text.trim().to_string(),
            route: None,
        },
    }
}

impl<'de> Deserialize<'de> for TargetSpec {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = TargetSpec;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a target like service/route or {service, route}")
            }
            fn visit_str<E: de::Error>(self, text: &str) -> Result<TargetSpec, E> {
                Ok(parse_target(text))
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<TargetSpec, A::Error> {
                let t = TargetMap::deserialize(de::value::MapAccessDeserializer::new(map))?;
                Ok(TargetSpec {
                    service: t.service,
                    route: t.route,
                })
            }
        }
        d.deserialize_any(V)
    }
}

impl<'de> Deserialize<'de> for Workers {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Workers;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a number of workers or `unlimited`")
            }
            fn visit_str<E: de::Error>(self, text: &str) -> Result<Workers, E> {
                match text.trim() {
                    "unlimited" => Ok(Workers(None)),
                    other => Err(E::custom(format!(
                        "workers must be a number (1 to 64) or `unlimited`, got {other:?}"
                    ))),
                }
            }
            fn visit_u64<E: de::Error>(self, n: u64) -> Result<Workers, E> {
                // Out-of-range counts become u32::MAX and fail validation's range check.
                Ok(Workers(Some(u32::try_from(n).unwrap_or(u32::MAX))))
            }
            fn visit_i64<E: de::Error>(self, n: i64) -> Result<Workers, E> {
                match u64::try_from(n) {
                    Ok(n) => self.visit_u64(n),
                    Err(_) => Err(E::custom(format!(
                        "workers must be a number (1 to 64) or `unlimited`, got {n}"
                    ))),
                }
            }
        }
        d.deserialize_any(V)
    }
}

impl<'de> Deserialize<'de> for NameList {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = NameList;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a list of names, or names separated by commas")
            }
            fn visit_str<E: de::Error>(self, text: &str) -> Result<NameList, E> {
                let names = text.split(',').map(|n| n.trim().to_string());
                Ok(NameList(names.filter(|n| !n.is_empty()).collect()))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<NameList, A::Error> {
                let mut names = Vec::new();
                while let Some(name) = seq.next_element::<String>()? {
                    names.push(name);
                }
                Ok(NameList(names))
            }
        }
        d.deserialize_any(V)
    }
}

impl<'de> Deserialize<'de> for AttrScalar {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = AttrScalar;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a string, number or boolean")
            }
            fn visit_str<E: de::Error>(self, text: &str) -> Result<AttrScalar, E> {
                Ok(AttrScalar::Str(text.to_string()))
            }
            fn visit_bool<E: de::Error>(self, b: bool) -> Result<AttrScalar, E> {
                Ok(AttrScalar::Bool(b))
            }
            fn visit_i64<E: de::Error>(self, n: i64) -> Result<AttrScalar, E> {
                Ok(AttrScalar::Int(n))
            }
            fn visit_u64<E: de::Error>(self, n: u64) -> Result<AttrScalar, E> {
                // OTLP integers are signed 64-bit; larger ones keep their value as a double.
                Ok(i64::try_from(n).map_or(AttrScalar::Double(n as f64), AttrScalar::Int))
            }
            fn visit_f64<E: de::Error>(self, x: f64) -> Result<AttrScalar, E> {
                Ok(AttrScalar::Double(x))
            }
        }
        d.deserialize_any(V)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_read_their_units() {
        #[rustfmt::skip]
        let cases: &[(&str, f64)] = &[
            ("120ms", 120.0), ("1.5s", 1500.0), ("800us", 0.8), ("800µs", 0.8),
            ("250ns", 0.00025), ("2min", 120_000.0), ("7", 7.0), (" 3 ms ", 3.0),
        ];
        for (text, ms) in cases {
            assert_eq!(parse_duration(text), Ok(*ms), "{text}");
        }
        assert!(parse_duration("3 hours")
            .unwrap_err()
            .contains("unknown time unit"));
        assert!(parse_duration("fast")
            .unwrap_err()
            .contains("not a duration"));
    }

    #[test]
    fn latencies_read_each_shape() {
        #[rustfmt::skip]
        let cases: &[(&str, Latency)] = &[
            ("100ms", Latency::fixed(100.0)),
            ("100ms..500ms", Latency::uniform(100.0, 500.0)),
            ("100..500ms", Latency::uniform(100.0, 500.0)),
            ("0.1ms..0.5ms", Latency::uniform(0.1, 0.5)),
            ("50ms +/- 10ms", Latency::normal(50.0, 10.0)),
            ("1s ± 100ms", Latency::normal(1000.0, 100.0)),
        ];
        for (text, latency) in cases {
            assert_eq!(parse_latency(text).as_ref(), Ok(latency), "{text}");
        }
    }

    #[test]
    fn targets_split_at_the_first_slash() {
        assert_eq!(
            parse_target("db/query/items"),
            TargetSpec {
                service: "db".into(),
                route: Some("/query/items".into())
            }
        );
        assert_eq!(parse_target("db").route, None);
    }
}
