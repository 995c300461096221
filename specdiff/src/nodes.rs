//! The comparison of two lists of parameters or response fields, matched by path (`Data[].CertId`): what was
//! added, removed or moved to another object, and for a field on both sides its type, wire form, title,
//! requiredness, valid values and texts. Which side a field is on matters: a valid value removed from a request
//! parameter is one callers may still send, from a response field one the Rust enum no longer names.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;

use crate::document::Node;
use crate::model::{Change, Class, docs};
use crate::words::word_diff;

/// Which way a field travels.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Side {
    /// A parameter the caller sends.
    Request,
    /// A field the service answers.
    Response,
}

/// The parent of a path: `Data[].CertId` → `Data[]` → `Data` → ``.
fn parent(path: &str) -> Option<&str> {
    if path.is_empty() {
        return None;
    }
    if let Some(stripped) = path.strip_suffix("[]") {
        return Some(stripped);
    }
    Some(path.rfind('.').map_or("", |index| &path[..index]))
}

fn last_segment(path: &str) -> &str {
    path.rsplit('.').next().unwrap_or(path)
}

fn where_(what: &str, path: &str) -> String {
    if path.is_empty() {
        "the response object".to_owned()
    } else {
        format!("{what} `{path}`")
    }
}

/// Compares two flattened lists; `what` names their entries in the texts (`parameter`, `response field`).
pub(crate) fn compare_nodes(
    old: &[(String, Node)],
    new: &[(String, Node)],
    side: Side,
    what: &str,
    changes: &mut Vec<Change>,
) {
    let old_map: BTreeMap<&str, &Node> = old
        .iter()
        .map(|(path, node)| (path.as_str(), node))
        .collect();
    let new_map: BTreeMap<&str, &Node> = new
        .iter()
        .map(|(path, node)| (path.as_str(), node))
        .collect();
    let removed: Vec<&str> = old
        .iter()
        .map(|(path, _)| path.as_str())
        .filter(|path| !new_map.contains_key(path))
        .collect();
    let added: Vec<&str> = new
        .iter()
        .map(|(path, _)| path.as_str())
        .filter(|path| !old_map.contains_key(path))
        .collect();
    // Only the top of a removed or added subtree is reported.
    let top =
        |paths: &[&str], path: &str| !parent(path).is_some_and(|parent| paths.contains(&parent));
    let removed: Vec<&str> = removed
        .iter()
        .copied()
        .filter(|path| top(&removed, path))
        .collect();
    let added: Vec<&str> = added
        .iter()
        .copied()
        .filter(|path| top(&added, path))
        .collect();
    let count_under = |map: &BTreeMap<&str, &Node>, path: &str| {
        map.keys()
            .filter(|other| {
                other.len() > path.len() && other.starts_with(path) && !other.ends_with("[]")
            })
            .filter(|other| other[path.len()..].starts_with(['.', '[']))
            .count()
    };

    // A field that left one place and appeared at another under the same name moved (a nesting change).
    let mut moved: Vec<(&str, &str)> = Vec::new();
    for &from in &removed {
        let name = last_segment(from);
        let candidates: Vec<&str> = added
            .iter()
            .copied()
            .filter(|to| last_segment(to) == name)
            .collect();
        let sources = removed
            .iter()
            .filter(|other| last_segment(other) == name)
            .count();
        if let [to] = candidates.as_slice()
            && sources == 1
            && !name.is_empty()
        {
            moved.push((from, to));
        }
    }
    for &(from, to) in &moved {
        changes.push(Change {
            class: Class::Breaking,
            text: format!(
                "{what} `{name}` moved from `{from}` to `{to}` (nesting changed)",
                name = last_segment(from)
            ),
        });
        if let (Some(old_node), Some(new_node)) = (old_map.get(from), new_map.get(to)) {
            compare_node(old_node, new_node, side, what, to, changes);
        }
    }
    for &path in &removed {
        if moved.iter().any(|(from, _)| *from == path) {
            continue;
        }
        let node = old_map[path];
        let below = count_under(&old_map, path);
        changes.push(Change {
            class: Class::Breaking,
            text: format!(
                "{} removed (was {}{})",
                where_(what, path),
                describe(node),
                if below > 0 {
                    format!(", with the {below} field(s) under it")
                } else {
                    String::new()
                }
            ),
        });
    }
    for &path in &added {
        if moved.iter().any(|(_, to)| *to == path) {
            continue;
        }
        let node = new_map[path];
        let below = count_under(&new_map, path);
        let required = node.required == Some(true);
        let parent_required = side == Side::Request && path.ends_with("[]");
        let class = if required && !parent_required {
            Class::Breaking
        } else {
            Class::Additive
        };
        changes.push(Change {
            class,
            text: format!(
                "{} added ({}{}{})",
                where_(what, path),
                match node.required {
                    Some(true) => "required, every call must now set it; ",
                    Some(false) => "optional; ",
                    None => "",
                },
                describe(node),
                if below > 0 {
                    format!(", with {below} field(s) under it")
                } else {
                    String::new()
                }
            ),
        });
    }
    for (path, old_node) in old {
        if let Some(new_node) = new_map.get(path.as_str()) {
            compare_node(old_node, new_node, side, what, path, changes);
        }
    }
}

/// `string`, `integer/int64`, `string enum WorkerStatus (9 values)`.
fn describe(node: &Node) -> String {
    let mut text = format!("`{}`", node.kind);
    if !node.values.is_empty() {
        let _ = write!(text, " enum of {} value(s)", node.values.len());
    }
    if let Some(title) = &node.title {
        let _ = write!(text, ", Rust type `{title}`");
    }
    text
}

fn compare_node(
    old: &Node,
    new: &Node,
    side: Side,
    what: &str,
    path: &str,
    changes: &mut Vec<Change>,
) {
    let place = where_(what, path);
    if old.kind != new.kind {
        let nesting = ["object", "array"].contains(&old.kind.as_str())
            || ["object", "array"].contains(&new.kind.as_str());
        changes.push(Change {
            class: Class::Breaking,
            text: format!(
                "{place}: {} changed from `{}` to `{}`",
                if nesting { "shape (nesting)" } else { "type" },
                old.kind,
                new.kind
            ),
        });
    }
    if old.wire != new.wire {
        changes.push(Change {
            class: Class::Breaking,
            text: format!(
                "{place}: wire form (`x-alicert-wire`, the Rust field type) changed from `{}` to `{}`",
                old.wire.as_deref().unwrap_or("none"),
                new.wire.as_deref().unwrap_or("none")
            ),
        });
    }
    if old.title != new.title {
        changes.push(Change {
            class: Class::Breaking,
            text: format!(
                "{place}: Rust type renamed (`title`) from `{}` to `{}`",
                old.title.as_deref().unwrap_or("(generated name)"),
                new.title.as_deref().unwrap_or("(generated name)")
            ),
        });
    }
    match (old.required, new.required) {
        (Some(false), Some(true)) => changes.push(Change {
            class: Class::Breaking,
            text: format!("{place}: now required (every call must set it)"),
        }),
        (Some(true), Some(false)) => changes.push(Change {
            class: Class::Additive,
            text: format!("{place}: now optional"),
        }),
        _ => {}
    }
    let added: Vec<&String> = new
        .values
        .iter()
        .filter(|value| !old.values.contains(value))
        .collect();
    let removed: Vec<&String> = old
        .values
        .iter()
        .filter(|value| !new.values.contains(value))
        .collect();
    if !added.is_empty() {
        changes.push(Change {
            class: Class::Additive,
            text: format!("{place}: valid value(s) added: {}", code_list(&added)),
        });
    }
    if !removed.is_empty() {
        let (class, why) = match side {
            Side::Request => (Class::Breaking, "the service no longer accepts them"),
            Side::Response if old.string_enum && new.string_enum => (
                Class::Breaking,
                "their Rust variants disappear; they still decode, as `Unknown`",
            ),
            Side::Response => (Class::DocsOnly, "no Rust item names them"),
        };
        changes.push(Change {
            class,
            text: format!(
                "{place}: valid value(s) removed: {} ({why})",
                code_list(&removed)
            ),
        });
    }
    let old_meanings: BTreeMap<&str, &str> = old
        .meanings
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    let changed_meanings: Vec<&String> = new
        .meanings
        .iter()
        .filter(|(value, meaning)| {
            old_meanings
                .get(value.as_str())
                .is_some_and(|old| old != meaning)
        })
        .map(|(value, _)| value)
        .collect();
    if !changed_meanings.is_empty() {
        changes.push(docs(format!(
            "{place}: meaning of {} changed",
            code_list(&changed_meanings)
        )));
    }
    let old_keys: Vec<&String> = old.meanings.iter().map(|(key, _)| key).collect();
    let new_keys: Vec<&String> = new.meanings.iter().map(|(key, _)| key).collect();
    if old.values.is_empty() && new.values.is_empty() && old_keys != new_keys {
        // Boolean lists have meanings but no `enum`.
        changes.push(docs(format!(
            "{place}: listed values changed from {} to {}",
            code_list(&old_keys),
            code_list(&new_keys)
        )));
    }
    if old.description != new.description {
        changes.push(docs(format!(
            "{place}: description changed: {}",
            word_diff(&old.description, &new.description)
        )));
    }
    if old.example != new.example {
        changes.push(docs(format!(
            "{place}: example changed from `{}` to `{}`",
            old.example.as_deref().unwrap_or("none"),
            new.example.as_deref().unwrap_or("none")
        )));
    }
    if old.correction != new.correction {
        let verb = match (&old.correction, &new.correction) {
            (None, Some(_)) => "added",
            (Some(_), None) => "removed",
            _ => "reworded",
        };
        changes.push(docs(format!(
            "{place}: wire correction (`x-alicert-correction`) {verb}"
        )));
    }
    let keys: BTreeSet<&String> = old.other.keys().chain(new.other.keys()).collect();
    for key in keys {
        if key == "x-alicert-shared-values" {
            // Bookkeeping of the shared-title rule (spec/README.md): the values themselves are classified above.
            if old.other.get(key) != new.other.get(key) {
                changes.push(docs(format!(
                    "{place}: values shared with another field of the same title (`{key}`) changed"
                )));
            }
            continue;
        }
        if old.other.get(key) != new.other.get(key) {
            changes.push(Change {
                class: Class::Breaking,
                text: format!(
                    "{place}: `{key}` changed (not a change spec-diff classifies; review it)"
                ),
            });
        }
    }
}

fn code_list(values: &[&String]) -> String {
    values
        .iter()
        .map(|value| format!("`{value}`"))
        .collect::<Vec<_>>()
        .join(", ")
}
