//! One Rust type name, one definition. Typify gives every schema whose name it has seen the first one's type, so a
//! second, different schema under a `title` (or a `components.schemas` key) silently loses its fields or breaks the
//! generated crate. [`Checker::name`] is where every type name is claimed: identical definitions up to documentation
//! are one type; different ones are refused naming both places. A rule that names types from their location instead
//! would grow from here.

use serde_json::{Map, Value};

use super::{Checker, Site};
use crate::error::SpecError;
use crate::locate::{locate, pointer_text};

/// Keys that only document a schema: two schemas differing only in these generate the same Rust type.
const DOC_KEYS: [&str; 8] = [
    "description",
    "example",
    "examples",
    "externalDocs",
    "x-enum-descriptions",
    "x-alicert-page-example",
    "x-alicert-correction",
    "x-alicert-shared-values",
];

impl Checker<'_> {
    /// One Rust type name, one definition: the one place to grow a naming rule from.
    pub(super) fn name(
        &mut self,
        name: &str,
        site: &Site,
        schema: &Value,
    ) -> Result<(), SpecError> {
        let definition = without_docs(schema);
        let Some((first, first_definition)) = self.names.get(name) else {
            self.names
                .insert(name.to_owned(), (site.clone(), definition));
            return Ok(());
        };
        if *first_definition == definition {
            return Ok(());
        }
        let first_place = self.place(first);
        Err(self.error(
            site,
            format!(
                "the Rust type `{name}` is defined here and, differently, at {first_place}; typify would give \
                 both one type, so this one's fields would be lost or the generated crate would not compile. \
                 Give one of them another `title` (a re-import keeps titles), or make the two schemas the same"
            ),
        ))
    }

    fn place(&self, site: &Site) -> String {
        let mut place = self.spec.file.clone();
        if let Some((line, column)) = locate(&self.spec.text, &site.pointer) {
            place.push_str(&format!(":{line}:{column}"));
        }
        if let Some(operation) = &site.operation {
            place.push_str(&format!(" (operation {operation})"));
        }
        place.push(' ');
        place.push_str(&pointer_text(&site.pointer));
        place
    }
}

/// The schema as the generated type sees it: documentation keys dropped, value and `required` lists in order.
fn without_docs(schema: &Value) -> Value {
    match schema {
        Value::Object(object) => {
            let mut out = Map::new();
            for (key, value) in object {
                if DOC_KEYS.contains(&key.as_str()) {
                    continue;
                }
                let value = match (key.as_str(), value) {
                    ("enum" | "required", Value::Array(values)) => {
                        let mut values = values.clone();
                        values.sort_by_key(Value::to_string);
                        Value::Array(values)
                    }
                    ("properties", Value::Object(properties)) => Value::Object(
                        properties
                            .iter()
                            .map(|(name, property)| (name.clone(), without_docs(property)))
                            .collect(),
                    ),
                    _ => without_docs(value),
                };
                out.insert(key.clone(), value);
            }
            Value::Object(out)
        }
        Value::Array(values) => Value::Array(values.iter().map(without_docs).collect()),
        other => other.clone(),
    }
}
