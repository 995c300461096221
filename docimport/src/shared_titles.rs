//! The rule for string enums that share a `title` (one Rust type) when a page makes their valid values diverge,
//! applied by `import-doc` to the operation it rebuilds. It exists so that such a page imports without manual edits
//! while the generator's rule (one title, one set of values) holds and `spec-diff` still sees what the change means:
//!
//! - a value a page **adds** to one of them is added to every place of the operation that shares the title (the
//!   union: the enums are open, so a variant one direction never carries costs nothing, and the change stays
//!   additive). Each place records the values it has only through the union in `x-alicert-shared-values`, so a
//!   later import still knows what its own page lists;
//! - a place whose page **drops** a value the others keep is split off under a title derived from its location:
//!   the Action, then `Request` and the parameter name, or the JSON path in PascalCase with `Item` for array items
//!   (`ListWorkerResourceRequestStatus`, `ListWorkerResourceDataItemStatus`). That is breaking, as it should be;
//! - a place that diverges from a place in another operation (which this import does not rewrite) is split too.

use std::collections::{BTreeMap, BTreeSet};

use serde_yaml::{Mapping, Value};

/// The key recording the values a place lists only because another place with its title does.
const SHARED: &str = "x-alicert-shared-values";

/// An enum with a title, found in the rebuilt operation or its response schema.
struct Place<'a> {
    /// For messages: `request Status`, `response Data[].Status`.
    path: String,
    /// The title derived from the location, used when the place is split off.
    derived: String,
    node: &'a mut Mapping,
}

/// Applies the rule to the rebuilt `operation` and `schema` of `action`; `old_operation`, `old_schema` are the
/// spec's before the import, `outside` the rest of the document. Titles it invents go into `titles`; what it did
/// goes into `notes`.
#[allow(clippy::too_many_arguments)]
pub fn reconcile(
    action: &str,
    operation: &mut Mapping,
    schema: &mut Mapping,
    old_operation: Option<&Mapping>,
    old_schema: Option<&Mapping>,
    outside: &Value,
    titles: &mut BTreeSet<String>,
    notes: &mut Vec<String>,
) {
    // What each place's own page listed before this import.
    let mut old_pages: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let (mut old_operation, mut old_schema) = (
        old_operation.cloned().unwrap_or_default(),
        old_schema.cloned().unwrap_or_default(),
    );
    for place in places(action, &mut old_operation, &mut old_schema) {
        let shared = texts(place.node.get(SHARED));
        let own = texts(place.node.get("enum"))
            .into_iter()
            .filter(|value| !shared.contains(value))
            .collect();
        old_pages.insert(place.path, own);
    }
    let mut elsewhere: BTreeMap<String, Vec<BTreeSet<String>>> = BTreeMap::new();
    collect_outside(outside, &mut elsewhere);

    let mut places = places(action, operation, schema);
    // The values of the page alone: a union recorded by an earlier import is recomputed.
    for place in &mut places {
        if let Some(shared) = place.node.remove(SHARED) {
            let shared = texts(Some(&shared));
            if let Some(Value::Sequence(values)) = place.node.get_mut("enum") {
                values.retain(|value| !shared.contains(&text(value)));
            }
            if let Some(Value::Mapping(meanings)) = place.node.get_mut("x-enum-descriptions") {
                meanings.retain(|key, _| !shared.contains(&text(key)));
            }
        }
    }
    let mut groups: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    for (index, place) in places.iter().enumerate() {
        if let Some(Value::String(title)) = place.node.get("title") {
            groups.entry(title.clone()).or_default().push(index);
        }
    }
    for (title, members) in groups {
        let outside_sets = elsewhere.get(&title).cloned().unwrap_or_default();
        let sets: Vec<BTreeSet<String>> = members
            .iter()
            .map(|&index| texts(places[index].node.get("enum")))
            .collect();
        if sets.iter().chain(&outside_sets).all(|set| *set == sets[0]) {
            continue;
        }
        let mut kept = Vec::new();
        for (&index, set) in members.iter().zip(&sets) {
            let dropped: Vec<String> = old_pages
                .get(&places[index].path)
                .map(|old| old.difference(set).cloned().collect())
                .unwrap_or_default();
            let diverges_outside = outside_sets.iter().any(|other| other != set);
            if !dropped.is_empty() || diverges_outside {
                let why = if dropped.is_empty() {
                    "its values differ from a field of another operation with the same title"
                        .to_owned()
                } else {
                    format!(
                        "its page drops {} while another field with the same title keeps {}",
                        quoted(&dropped),
                        if dropped.len() == 1 { "it" } else { "them" }
                    )
                };
                split(&mut places[index], &title, &why, titles, notes);
            } else {
                kept.push(index);
            }
        }
        // The union of what the remaining places' pages list, in the order the places give them.
        let mut union: Vec<(Value, Value, String)> = Vec::new();
        for &index in &kept {
            let place = &places[index];
            if let Some(Value::Sequence(values)) = place.node.get("enum") {
                for value in values {
                    if !union.iter().any(|(known, _, _)| known == value) {
                        let meaning = match place.node.get("x-enum-descriptions") {
                            Some(Value::Mapping(meanings)) => {
                                meanings.get(value).cloned().unwrap_or(Value::from(""))
                            }
                            _ => Value::from(""),
                        };
                        union.push((value.clone(), meaning, place.path.clone()));
                    }
                }
            }
        }
        for &index in &kept {
            let place = &mut places[index];
            let mut added = Vec::new();
            for (value, meaning, from) in &union {
                let Some(Value::Sequence(values)) = place.node.get_mut("enum") else {
                    continue;
                };
                if values.contains(value) {
                    continue;
                }
                values.push(value.clone());
                if let Some(Value::Mapping(meanings)) = place.node.get_mut("x-enum-descriptions") {
                    meanings.insert(value.clone(), meaning.clone());
                }
                added.push((text(value), from.clone()));
            }
            if !added.is_empty() {
                let values: Vec<String> = added.iter().map(|(value, _)| value.clone()).collect();
                let sources: BTreeSet<&str> = added.iter().map(|(_, from)| from.as_str()).collect();
                place.node.insert(
                    Value::from(SHARED),
                    Value::Sequence(
                        values
                            .iter()
                            .map(|value| Value::from(value.as_str()))
                            .collect(),
                    ),
                );
                notes.push(format!(
                    "{}: added {} to its enum, which its page does not list: it shares the title `{title}` with {}, \
                     whose page does (values added to one of them go to all; recorded in {SHARED})",
                    place.path,
                    quoted(&values),
                    sources.into_iter().collect::<Vec<_>>().join(", ")
                ));
            }
        }
    }
}

/// Gives the place its location-derived title.
fn split(
    place: &mut Place<'_>,
    title: &str,
    why: &str,
    titles: &mut BTreeSet<String>,
    notes: &mut Vec<String>,
) {
    let mut name = place.derived.clone();
    let mut counter = 2;
    while titles.contains(&name) {
        name = format!("{}{counter}", place.derived);
        counter += 1;
    }
    titles.insert(name.clone());
    place
        .node
        .insert(Value::from("title"), Value::from(name.as_str()));
    notes.push(format!(
        "{}: split off from the title `{title}` as `{name}` (named from its location): {why}",
        place.path
    ));
}

/// The titled enums of the operation's parameters and of the response schema.
fn places<'a>(action: &str, operation: &'a mut Mapping, schema: &'a mut Mapping) -> Vec<Place<'a>> {
    let mut out = Vec::new();
    if let Some(Value::Sequence(parameters)) = operation.get_mut("parameters") {
        for parameter in parameters {
            let Value::Mapping(parameter) = parameter else {
                continue;
            };
            let name = parameter.get("name").map(text).unwrap_or_default();
            for (key, value) in parameter.iter_mut() {
                if key.as_str() == Some("schema")
                    && let Value::Mapping(node) = value
                {
                    walk(
                        node,
                        format!("request {name}"),
                        format!("{action}Request{}", pascal(&name)),
                        &mut out,
                    );
                }
            }
        }
    }
    walk(schema, "response ".to_owned(), action.to_owned(), &mut out);
    out
}

fn walk<'a>(node: &'a mut Mapping, path: String, derived: String, out: &mut Vec<Place<'a>>) {
    if node.contains_key("title") && node.contains_key("enum") {
        out.push(Place {
            path,
            derived,
            node,
        });
        return;
    }
    let separator = if path.ends_with(' ') { "" } else { "." };
    for (key, value) in node.iter_mut() {
        match (key.as_str(), value) {
            (Some("properties"), Value::Mapping(properties)) => {
                for (name, child) in properties.iter_mut() {
                    if let Value::Mapping(child) = child {
                        let name = text(name);
                        walk(
                            child,
                            format!("{path}{separator}{name}"),
                            format!("{derived}{}", pascal(&name)),
                            out,
                        );
                    }
                }
            }
            (Some("items"), Value::Mapping(items)) => {
                walk(items, format!("{path}[]"), format!("{derived}Item"), out);
            }
            _ => {}
        }
    }
}

/// Every titled enum in `value`, by title.
fn collect_outside(value: &Value, out: &mut BTreeMap<String, Vec<BTreeSet<String>>>) {
    match value {
        Value::Mapping(map) => {
            if let (Some(Value::String(title)), Some(values)) = (map.get("title"), map.get("enum"))
            {
                out.entry(title.clone())
                    .or_default()
                    .push(texts(Some(values)));
            }
            map.values().for_each(|child| collect_outside(child, out));
        }
        Value::Sequence(items) => items.iter().for_each(|child| collect_outside(child, out)),
        _ => {}
    }
}

fn pascal(name: &str) -> String {
    let mut out = String::new();
    let mut upper = true;
    for c in name.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(if upper { c.to_ascii_uppercase() } else { c });
            upper = false;
        } else {
            upper = true;
        }
    }
    out
}

fn text(value: &Value) -> String {
    match value {
        Value::String(text) => text.clone(),
        Value::Number(number) => number.to_string(),
        Value::Bool(flag) => flag.to_string(),
        _ => String::new(),
    }
}

fn texts(value: Option<&Value>) -> BTreeSet<String> {
    match value {
        Some(Value::Sequence(values)) => values.iter().map(text).collect(),
        _ => BTreeSet::new(),
    }
}

fn quoted(values: &[String]) -> String {
    values
        .iter()
        .map(|value| format!("`{value}`"))
        .collect::<Vec<_>>()
        .join(", ")
}
