//! Rebuilding one operation in a spec file's text: the operation's path item and its response schema are built
//! from the page (by [`crate::schema`]), emitted in the house style and spliced in place of the old entries (or
//! inserted where the file's order puts them), leaving every other byte of the file as it was. The result is read
//! back and must be exactly the old document with the two entries replaced.

use std::collections::BTreeSet;

use anyhow::{Context, Result, anyhow, bail};
use serde_yaml::{Mapping, Value};

use crate::docpage::Page;
use crate::import::Change;
use crate::schema::{Builder, get};
use crate::{shared_titles, yaml_style};

/// Rebuilds the page's operation in one spec file's text. Returns the new text, what changed, and notes.
pub(crate) fn apply(
    page: &Page,
    spec_name: &str,
    text: &str,
    document: &Value,
) -> Result<(String, Change, Vec<String>)> {
    let key = format!("/?Action={}", page.action);
    let no_paths = Mapping::new();
    let paths = match get(Some(document), "paths") {
        Some(Value::Mapping(paths)) => paths,
        // `paths:` with nothing under it, in a spec that has no operation yet.
        Some(Value::Null) => &no_paths,
        _ => bail!("{spec_name}: the spec has no `paths` mapping"),
    };
    let existing_item = paths.get(key.as_str()).and_then(Value::as_mapping);
    let (method, existing_operation) = match existing_item {
        Some(item) => {
            let found = ["post", "get"].iter().find_map(|method| {
                item.get(*method)
                    .and_then(Value::as_mapping)
                    .map(|operation| (*method, operation))
            });
            match found {
                Some((method, operation)) => (method, Some(operation)),
                None => bail!("{spec_name}: `{key}` holds no `post` or `get` operation"),
            }
        }
        None => ("post", None),
    };
    let schemas = get(Some(document), "components")
        .and_then(|components| get(Some(components), "schemas"))
        .and_then(Value::as_mapping);
    let schema_name = existing_operation
        .and_then(response_ref)
        .unwrap_or_else(|| format!("{}Response", page.action));
    let existing_schema = schemas
        .and_then(|schemas| schemas.get(schema_name.as_str()))
        .and_then(Value::as_mapping);
    let has_error_response = get(Some(document), "components")
        .and_then(|components| get(Some(components), "responses"))
        .and_then(|responses| get(Some(responses), "Error"))
        .is_some();

    let mut builder = Builder {
        page,
        spec_name,
        titles: BTreeSet::new(),
        notes: page.warnings.clone(),
    };
    collect_titles(document, &mut builder.titles);
    let mut operation = builder.operation(existing_operation, &schema_name, has_error_response)?;
    let mut schema = builder.response_schema(existing_schema, &schema_name);
    // Enums that share a title with a place the page changed: union or split (spec/README.md, "Valid values").
    let mut outside = document.clone();
    if let Some(Value::Mapping(paths)) = outside.get_mut("paths") {
        paths.remove(key.as_str());
    }
    if let Some(Value::Mapping(schemas)) = outside
        .get_mut("components")
        .and_then(|components| components.get_mut("schemas"))
    {
        schemas.remove(schema_name.as_str());
    }
    shared_titles::reconcile(
        &page.action,
        &mut operation,
        &mut schema,
        existing_operation,
        existing_schema,
        &outside,
        &mut builder.titles,
        &mut builder.notes,
    );

    let mut item = Mapping::new();
    if let Some(existing_item) = existing_item {
        // Keep whatever else the path item holds (nothing, in house style) around the operation.
        for (entry_key, value) in existing_item {
            if entry_key.as_str() == Some(method) {
                item.insert(entry_key.clone(), Value::Mapping(operation.clone()));
            } else {
                item.insert(entry_key.clone(), value.clone());
            }
        }
    } else {
        item.insert(Value::from(method), Value::Mapping(operation));
    }
    let item = Value::Mapping(item);
    let schema = Value::Mapping(schema);

    let path_text = yaml_style::emit_entry(&["paths"], &Value::from(key.as_str()), &item, 2)?;
    let schema_text = yaml_style::emit_entry(
        &["components", "schemas"],
        &Value::from(schema_name.as_str()),
        &schema,
        4,
    )?;
    let new_text = splice(
        spec_name,
        text,
        document,
        &key,
        &path_text,
        &schema_name,
        &schema_text,
    )
    .with_context(|| format!("{spec_name}: rewriting {} in place", page.action))?;

    // Read the result back: it must be exactly the old document with the two entries replaced.
    let reread: Value = serde_yaml::from_str(&new_text).map_err(|error| {
        anyhow!("internal: {spec_name} does not read back after the import: {error}")
    })?;
    let expected = replaced(document, &key, &item, &schema_name, &schema);
    if !same(&reread, &expected) {
        bail!(
            "internal: {spec_name} read back differently from what the import meant; nothing written"
        );
    }

    let change = if existing_operation.is_none() {
        Change::Added
    } else if new_text == text {
        Change::Unchanged
    } else {
        Change::Updated
    };
    Ok((new_text, change, builder.notes))
}

/// The schema name the operation's `200` response refers to.
fn response_ref(operation: &Mapping) -> Option<String> {
    let reference = get(Some(&Value::Mapping(operation.clone())), "responses")
        .and_then(|responses| get(Some(responses), "200"))
        .and_then(|ok| get(Some(ok), "content"))
        .and_then(|content| get(Some(content), "application/json"))
        .and_then(|json| get(Some(json), "schema"))
        .and_then(|schema| get(Some(schema), "$ref"))
        .and_then(Value::as_str)?
        .to_owned();
    reference
        .strip_prefix("#/components/schemas/")
        .map(str::to_owned)
}

/// The document with the path item and the schema set (added at the end when new).
fn replaced(document: &Value, key: &str, item: &Value, schema_name: &str, schema: &Value) -> Value {
    let mut document = document.clone();
    if let Some(paths) = document.get_mut("paths")
        && paths.is_null()
    {
        *paths = Value::Mapping(Mapping::new());
    }
    if let Some(schemas) = document
        .get_mut("components")
        .and_then(|components| components.get_mut("schemas"))
        && schemas.is_null()
    {
        *schemas = Value::Mapping(Mapping::new());
    }
    if let Some(paths) = document.get_mut("paths").and_then(Value::as_mapping_mut) {
        set_or_append(paths, key, item.clone());
    }
    if let Some(schemas) = document
        .get_mut("components")
        .and_then(|components| components.get_mut("schemas"))
        .and_then(Value::as_mapping_mut)
    {
        set_or_append(schemas, schema_name, schema.clone());
    }
    document
}

fn set_or_append(map: &mut Mapping, key: &str, value: Value) {
    if let Some(slot) = map.get_mut(key) {
        *slot = value;
    } else {
        map.insert(Value::from(key), value);
    }
}

/// Equality that also compares the order of mapping keys, except that a new schema may sit anywhere.
fn same(left: &Value, right: &Value) -> bool {
    match (left, right) {
        (Value::Mapping(left), Value::Mapping(right)) => {
            left.len() == right.len()
                && left
                    .iter()
                    .all(|(key, value)| right.get(key).is_some_and(|other| same(value, other)))
        }
        (Value::Sequence(left), Value::Sequence(right)) => {
            left.len() == right.len()
                && left
                    .iter()
                    .zip(right)
                    .all(|(left, right)| same(left, right))
        }
        _ => left == right,
    }
}

/// Replaces (or inserts) the path item and the schema in the text, leaving every other line as it is.
fn splice(
    spec_name: &str,
    text: &str,
    document: &Value,
    key: &str,
    path_text: &str,
    schema_name: &str,
    schema_text: &str,
) -> Result<String> {
    let lines: Vec<&str> = text.split('\n').collect();
    let top = yaml_style::entries(&lines, 0..lines.len(), 0)?;
    let find = |entries: &[yaml_style::Entry], name: &str| {
        entries.iter().find(|entry| entry.key == name).cloned()
    };
    let paths = find(&top, "paths").ok_or_else(|| anyhow!("no top-level `paths:` line"))?;
    let components =
        find(&top, "components").ok_or_else(|| anyhow!("no top-level `components:` line"))?;
    block_style(&lines, &paths)?;
    block_style(&lines, &components)?;
    let path_entries = yaml_style::entries(&lines, yaml_style::body(&paths), 2)?;
    let component_entries = yaml_style::entries(&lines, yaml_style::body(&components), 2)?;
    let schemas = find(&component_entries, "schemas")
        .ok_or_else(|| anyhow!("no `components.schemas` entry"))?;
    block_style(&lines, &schemas)?;
    let schema_entries = yaml_style::entries(&lines, yaml_style::body(&schemas), 4)?;

    // (first line, end line, replacement), applied from the bottom up.
    let mut edits: Vec<(usize, usize, &str)> = Vec::new();
    match find(&path_entries, key) {
        Some(entry) => edits.push((entry.lines.start, entry.lines.end, path_text)),
        None => {
            let at = path_entries
                .last()
                .map_or(paths.lines.start + 1, |entry| entry.lines.end);
            edits.push((at, at, path_text));
        }
    }
    match find(&schema_entries, schema_name) {
        Some(entry) => edits.push((entry.lines.start, entry.lines.end, schema_text)),
        None => {
            // After the schema of the operation before this one, else before the first schema no operation uses.
            let operations: Vec<String> = get(Some(document), "paths")
                .and_then(Value::as_mapping)
                .map(|paths| {
                    paths
                        .iter()
                        .filter(|(path, _)| path.as_str() != Some(key))
                        .filter_map(|(_, item)| {
                            let item = item.as_mapping()?;
                            let operation =
                                item.get("post").or_else(|| item.get("get"))?.as_mapping()?;
                            response_ref(operation)
                        })
                        .collect()
                })
                .unwrap_or_default();
            let after_previous = operations
                .last()
                .and_then(|previous| find(&schema_entries, previous))
                .map(|entry| entry.lines.end);
            let before_shared = schema_entries
                .iter()
                .find(|entry| !operations.contains(&entry.key))
                .map(|entry| entry.lines.start);
            let at = after_previous
                .or(before_shared)
                .or(schema_entries.last().map(|entry| entry.lines.end))
                .unwrap_or(schemas.lines.start + 1);
            edits.push((at, at, schema_text));
        }
    }
    // An empty block written inline (`paths: {}`) becomes a block key before its first entry goes in.
    let mut header_edits: Vec<(usize, String)> = Vec::new();
    for (block, entries, indent) in [
        (&paths, &path_entries, 0usize),
        (&schemas, &schema_entries, 2),
    ] {
        if entries.is_empty() {
            let line = lines[block.lines.start];
            let Some((key, inline)) = line.split_once(": ") else {
                continue;
            };
            if matches!(inline.trim(), "{}" | "~" | "null") {
                header_edits.push((
                    block.lines.start,
                    format!("{}{}:", " ".repeat(indent), key.trim()),
                ));
            }
        }
    }
    edits.sort_by_key(|(start, _, _)| std::cmp::Reverse(*start));
    if edits.len() == 2 && edits[0].0 < edits[1].1 {
        bail!("{spec_name}: the path item and the schema overlap; the file is not in house style");
    }
    let mut out: Vec<String> = lines.iter().map(|line| (*line).to_owned()).collect();
    for (index, header) in header_edits {
        out[index] = header;
    }
    for (start, end, replacement) in edits {
        let replacement = replacement.strip_suffix('\n').unwrap_or(replacement);
        out.splice(start..end, replacement.split('\n').map(str::to_owned));
    }
    Ok(out.join("\n"))
}

/// Refuses a mapping the importer must edit when it is written inline (flow style), other than empty.
fn block_style(lines: &[&str], entry: &yaml_style::Entry) -> Result<()> {
    let line = lines[entry.lines.start];
    if let Some((key, inline)) = line.split_once(": ")
        && !matches!(inline.trim(), "" | "{}" | "~" | "null")
        && !inline.trim_start().starts_with('#')
    {
        bail!(
            "line {}: `{}` is written inline (flow style); the importer edits block style only (spec/README.md, Layout \
             and order)",
            entry.lines.start + 1,
            key.trim()
        );
    }
    Ok(())
}

fn collect_titles(value: &Value, titles: &mut BTreeSet<String>) {
    match value {
        Value::Mapping(map) => {
            for (key, value) in map {
                if key.as_str() == Some("title")
                    && let Some(title) = value.as_str()
                {
                    titles.insert(title.to_owned());
                }
                collect_titles(value, titles);
            }
        }
        Value::Sequence(items) => items.iter().for_each(|item| collect_titles(item, titles)),
        _ => {}
    }
}
