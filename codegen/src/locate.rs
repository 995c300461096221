//! Finds the line and column of a node in the spec's YAML text, given the node's JSON pointer. Validation works on
//! the document as JSON, which has no positions; the person reading an error wants the line. serde_yaml keeps no
//! positions on its values either, but it stamps an error raised while a node is being read with that node's start,
//! so the lookup reads the text once more along the pointer and raises an error at the node it names.

use std::fmt;

use serde::de::{self, DeserializeSeed, IgnoredAny, MapAccess, SeqAccess, Visitor};

/// The 1-based line and column where the node at `pointer` (unescaped segments) starts, if the text has it.
pub(crate) fn locate(text: &str, pointer: &[String]) -> Option<(usize, usize)> {
    let deserializer = serde_yaml::Deserializer::from_str(text);
    match (Seek { pointer }).deserialize(deserializer) {
        Ok(()) => None,
        Err(error) => {
            // Only the error we raise marks the node (serde_yaml puts the node's path before our message); a YAML
            // error of the text itself is not the answer.
            if !error.to_string().contains(FOUND) {
                return None;
            }
            error
                .location()
                .map(|location| (location.line(), location.column()))
        }
    }
}

const FOUND: &str = "alicert-locate: found the node";

struct Seek<'p> {
    pointer: &'p [String],
}

impl<'de> DeserializeSeed<'de> for Seek<'_> {
    type Value = ();

    fn deserialize<D: de::Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Seek<'_> {
    type Value = ();

    fn expecting(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str("any YAML node")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let Some((first, rest)) = self.pointer.split_first() else {
            return Err(de::Error::custom(FOUND));
        };
        while let Some(key) = map.next_key::<serde_yaml::Value>()? {
            if key_text(&key).as_deref() == Some(first.as_str()) {
                return map.next_value_seed(Seek { pointer: rest });
            }
            map.next_value::<IgnoredAny>()?;
        }
        Ok(())
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        let Some((first, rest)) = self.pointer.split_first() else {
            return Err(de::Error::custom(FOUND));
        };
        let Ok(wanted) = first.parse::<usize>() else {
            return Ok(());
        };
        for _ in 0..wanted {
            if seq.next_element::<IgnoredAny>()?.is_none() {
                return Ok(());
            }
        }
        seq.next_element_seed(Seek { pointer: rest }).map(drop)
    }

    fn visit_str<E: de::Error>(self, _: &str) -> Result<(), E> {
        self.scalar()
    }
    fn visit_bool<E: de::Error>(self, _: bool) -> Result<(), E> {
        self.scalar()
    }
    fn visit_i64<E: de::Error>(self, _: i64) -> Result<(), E> {
        self.scalar()
    }
    fn visit_u64<E: de::Error>(self, _: u64) -> Result<(), E> {
        self.scalar()
    }
    fn visit_f64<E: de::Error>(self, _: f64) -> Result<(), E> {
        self.scalar()
    }
    fn visit_unit<E: de::Error>(self) -> Result<(), E> {
        self.scalar()
    }
}

impl Seek<'_> {
    fn scalar<E: de::Error>(&self) -> Result<(), E> {
        if self.pointer.is_empty() {
            Err(E::custom(FOUND))
        } else {
            Ok(())
        }
    }
}

/// A mapping key as the JSON document spells it (`200` and `'200'` are both the key "200").
fn key_text(key: &serde_yaml::Value) -> Option<String> {
    match key {
        serde_yaml::Value::String(text) => Some(text.clone()),
        serde_yaml::Value::Number(number) => Some(number.to_string()),
        serde_yaml::Value::Bool(flag) => Some(flag.to_string()),
        serde_yaml::Value::Null => Some("null".to_owned()),
        _ => None,
    }
}

/// A JSON pointer's text (`#/paths/~1?Action=X/post`) from its unescaped segments.
pub(crate) fn pointer_text(pointer: &[String]) -> String {
    let mut text = String::from("#");
    for segment in pointer {
        text.push('/');
        text.push_str(&segment.replace('~', "~0").replace('/', "~1"));
    }
    text
}
