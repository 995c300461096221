//! The response's nesting: the flat rows of the response table placed into objects and arrays by the sample
//! response (the text has no indentation; the sample is what the wire carries), with notes where the sample and
//! the table disagree.

use std::collections::BTreeSet;

use super::{Field, Kind, PageError, Row};
use crate::json::Json;

/// Builds the response tree from the flat rows, placing each field by the sample response.
pub(super) struct Nesting<'a> {
    page: &'a str,
    /// The open objects, outermost first: a path of child indices from the root, the sample objects at that
    /// place, the keys already placed there.
    stack: Vec<Frame>,
    warnings: &'a mut Vec<String>,
}

struct Frame {
    /// Child indices from the root to this object (an array's items count as the index `usize::MAX`).
    route: Vec<usize>,
    instances: Vec<Json>,
    placed: BTreeSet<String>,
    /// The indentation of the row that opened the object (Markdown tables; `None` for the root and in the text
    /// layout): a field indented deeper than it may go inside.
    depth: Option<usize>,
}

const ITEMS: usize = usize::MAX;

impl<'a> Nesting<'a> {
    pub(super) fn build(
        page: &'a str,
        rows: Vec<Row>,
        sample: Option<&Json>,
        warnings: &'a mut Vec<String>,
    ) -> Result<Field, PageError> {
        let mut rows = rows.into_iter().peekable();
        let root_row = match rows.peek() {
            Some(row) if row.name.is_none() => {
                let row = rows.next();
                if let Some(row) = &row
                    && row.kind != Kind::Object
                {
                    return Err(PageError {
                        page: page.to_owned(),
                        line: row.line,
                        message: format!(
                            "expected the response's root row to be `object`, found `{}`",
                            row.type_name
                        ),
                    });
                }
                row
            }
            _ => None,
        };
        let mut root = Field {
            row: root_row,
            children: Vec::new(),
            items: None,
            wrapper: None,
            samples: sample.cloned().into_iter().collect(),
            path: String::new(),
        };
        let mut nesting = Nesting {
            page,
            stack: vec![Frame {
                route: Vec::new(),
                instances: sample.cloned().into_iter().collect(),
                placed: BTreeSet::new(),
                depth: None,
            }],
            warnings,
        };
        // The array whose item row may come next.
        let mut awaiting_items: Option<Vec<usize>> = None;
        for row in rows {
            if row.name.is_none() {
                let Some(route) = awaiting_items.take() else {
                    return Err(nesting.error(
                        row.line,
                        format!(
                            "expected a named field; a bare `{}` row only gives the items of an array",
                            row.type_name
                        ),
                    ));
                };
                nesting.add_items(&mut root, &route, row)?;
                continue;
            }
            if let Some(route) = awaiting_items.take() {
                // The array has no item row.
                let array = node(&mut root, &route);
                let kind = array.row.as_ref().map(|row| row.kind.clone());
                match kind {
                    Some(Kind::Array(Some(inner))) => {
                        let implicit = Row::implicit_items(row.line, *inner);
                        nesting.add_items(&mut root, &route, implicit)?;
                    }
                    _ => {
                        let array = node(&mut root, &route);
                        return Err(nesting.error(
                            row.line,
                            format!(
                                "expected the item row (`object`, `string`, ...) of the array `{}`, found the field \
                                 `{}`",
                                array.path,
                                row.name.as_deref().unwrap_or("?")
                            ),
                        ));
                    }
                }
            }
            let route = nesting.place(&mut root, row)?;
            let placed = node(&mut root, &route);
            if let Some(Kind::Array(_)) = placed.row.as_ref().map(|row| &row.kind) {
                awaiting_items = Some(route);
            }
        }
        if let Some(route) = awaiting_items {
            let array = node(&mut root, &route);
            match array.row.as_ref().map(|row| row.kind.clone()) {
                Some(Kind::Array(Some(inner))) if !inner.is_container() => {
                    let line = array.row.as_ref().map_or(0, |row| row.line);
                    let implicit = Row::implicit_items(line, *inner);
                    nesting.add_items(&mut root, &route, implicit)?;
                }
                _ => {
                    let line = array.row.as_ref().map_or(0, |row| row.line);
                    let path = array.path.clone();
                    return Err(nesting.error(
                        line,
                        format!("expected the item row (`object`, `string`, ...) of the array `{path}` after it"),
                    ));
                }
            }
        }
        report_unlisted(&root, nesting.warnings);
        Ok(root)
    }

    fn error(&self, line: usize, message: String) -> PageError {
        PageError {
            page: self.page.to_owned(),
            line,
            message,
        }
    }

    /// Puts a named row into the innermost open object whose sample has its key; returns the new node's route.
    fn place(&mut self, root: &mut Field, row: Row) -> Result<Vec<usize>, PageError> {
        let name = row.name.clone().unwrap_or_default();
        let chosen = (0..self.stack.len()).rev().find(|&depth| {
            let frame = &self.stack[depth];
            !frame.placed.contains(&name)
                && frame
                    .instances
                    .iter()
                    .any(|instance| instance.get(&name).is_some())
        });
        let depth = match chosen {
            Some(depth) => depth,
            None => {
                // The sample cannot say; a Markdown table's indentation can: the innermost open object indented
                // less than the field.
                let indented = row.depth.and_then(|depth| {
                    self.stack
                        .iter()
                        .rposition(|frame| frame.depth.is_none_or(|opened| opened < depth))
                });
                let top = indented.unwrap_or(self.stack.len() - 1);
                let top_is_empty = node(root, &self.stack[top].route).children.is_empty();
                if self.stack[top].placed.contains(&name) {
                    return Err(self.error(
                        row.line,
                        format!(
                            "expected each field once per object; `{name}` is already listed in `{}`",
                            display_path(&node(root, &self.stack[top].route).path)
                        ),
                    ));
                }
                if indented.is_some() || top == 0 || top_is_empty {
                    top
                } else {
                    let open: Vec<String> = self
                        .stack
                        .iter()
                        .map(|frame| display_path(&node(root, &frame.route).path))
                        .collect();
                    return Err(self.error(
                        row.line,
                        format!(
                            "cannot place the response field `{name}`: the table is flat and the sample response \
                             has no `{name}` in any open object ({}), so it could belong to any of them; expected the \
                             field in the sample response (the page's Examples) to show where it goes",
                            open.join(", ")
                        ),
                    ));
                }
            }
        };
        self.stack.truncate(depth + 1);
        let frame = &mut self.stack[depth];
        frame.placed.insert(name.clone());
        let samples: Vec<Json> = frame
            .instances
            .iter()
            .filter_map(|instance| instance.get(&name).cloned())
            .collect();
        let parent_route = frame.route.clone();
        let parent = node(root, &parent_route);
        let path = if parent.path.is_empty() {
            name.clone()
        } else {
            format!("{}.{name}", parent.path)
        };
        check_sample_kind(&path, &row, &samples, self.warnings);
        let kind = row.kind.clone();
        let line = row.line;
        let row_depth = row.depth;
        parent.children.push(Field {
            row: Some(row),
            children: Vec::new(),
            items: None,
            wrapper: None,
            samples: samples.clone(),
            path: path.clone(),
        });
        let mut route = parent_route;
        route.push(parent.children.len() - 1);
        match kind {
            Kind::Object => {
                let mut instances = Vec::new();
                for sample in samples {
                    match sample {
                        Json::Object(_) => instances.push(sample),
                        Json::Null => {}
                        other => {
                            return Err(self.error(
                                line,
                                format!(
                                    "expected an object at `{path}` in the sample response, as the table says; found \
                                     {}",
                                    other.kind()
                                ),
                            ));
                        }
                    }
                }
                self.stack.push(Frame {
                    route: route.clone(),
                    instances,
                    placed: BTreeSet::new(),
                    depth: row_depth,
                });
            }
            Kind::Array(_) => {
                // A list the sample wraps in an object with one key: the XML-born wrapper of Alibaba's RPC APIs.
                let mut wrapper: Option<String> = None;
                for sample in &samples {
                    if let Json::Object(entries) = sample {
                        match entries.as_slice() {
                            [(key, Json::Array(_))]
                                if wrapper.as_ref().is_none_or(|known| known == key) =>
                            {
                                wrapper = Some(key.clone());
                            }
                            _ => {
                                let keys: Vec<&str> =
                                    entries.iter().map(|(key, _)| key.as_str()).collect();
                                return Err(self.error(
                                    line,
                                    format!(
                                        "expected an array at `{path}` in the sample response, as the table says \
                                         ({}), or an object wrapping one array; found an object with the keys {}",
                                        node(root, &route).row.as_ref().map_or("", |row| row.type_name.as_str()),
                                        keys.join(", ")
                                    ),
                                ));
                            }
                        }
                    }
                }
                if wrapper.is_some()
                    && samples
                        .iter()
                        .any(|sample| matches!(sample, Json::Array(_)))
                {
                    return Err(self.error(
                        line,
                        format!("expected `{path}` to have one shape in the sample response; found both an array and an object"),
                    ));
                }
                node(root, &route).wrapper = wrapper;
            }
            _ => {}
        }
        Ok(route)
    }

    /// Gives the array at `route` its item row, and opens it when the items are objects.
    fn add_items(&mut self, root: &mut Field, route: &[usize], row: Row) -> Result<(), PageError> {
        let array = node(root, route);
        let array_depth = array.row.as_ref().and_then(|row| row.depth);
        let mut elements = Vec::new();
        for sample in &array.samples {
            let list = match (&array.wrapper, sample) {
                (Some(key), Json::Object(_)) => sample.get(key),
                (None, Json::Array(_)) => Some(sample),
                _ => None,
            };
            if let Some(Json::Array(items)) = list {
                elements.extend(items.iter().cloned());
            }
        }
        let path = match &array.wrapper {
            Some(key) => format!("{}.{key}[]", array.path),
            None => format!("{}[]", array.path),
        };
        if let Some(Kind::Array(Some(inner))) = array.row.as_ref().map(|row| &row.kind)
            && !row.type_name.is_empty()
            && **inner != row.kind
        {
            return Err(self.error(
                row.line,
                format!(
                    "expected the items of `{}` to be `{}` as its type `{}` says, found `{}`",
                    array.path,
                    type_label(inner),
                    array.row.as_ref().map_or("", |row| row.type_name.as_str()),
                    row.type_name
                ),
            ));
        }
        check_sample_kind(&path, &row, &elements, self.warnings);
        let line = row.line;
        let kind = row.kind.clone();
        array.items = Some(Box::new(Field {
            row: Some(row),
            children: Vec::new(),
            items: None,
            wrapper: None,
            samples: elements.clone(),
            path: path.clone(),
        }));
        let mut item_route = route.to_vec();
        item_route.push(ITEMS);
        match kind {
            Kind::Object => {
                let mut instances = Vec::new();
                for element in elements {
                    match element {
                        Json::Object(_) => instances.push(element),
                        Json::Null => {}
                        other => {
                            return Err(self.error(
                                line,
                                format!(
                                    "expected objects in `{path}` of the sample response, as the table says; found {}",
                                    other.kind()
                                ),
                            ));
                        }
                    }
                }
                // The items replace the array in the nesting: the array itself has no fields of its own.
                let depth = self
                    .stack
                    .iter()
                    .rposition(|frame| route.starts_with(&frame.route))
                    .unwrap_or(0);
                self.stack.truncate(depth + 1);
                self.stack.push(Frame {
                    route: item_route,
                    instances,
                    placed: BTreeSet::new(),
                    depth: array_depth,
                });
            }
            Kind::Array(_) => {
                return Err(self.error(
                    line,
                    format!("expected objects or scalars as the items of `{}`; arrays of arrays are not supported", path),
                ));
            }
            _ => {}
        }
        Ok(())
    }
}

/// The node at `route` (child indices, [`ITEMS`] for an array's items).
fn node<'t>(root: &'t mut Field, route: &[usize]) -> &'t mut Field {
    let Some((&step, rest)) = route.split_first() else {
        return root;
    };
    if step == ITEMS {
        match root.items {
            Some(ref mut items) => node(items, rest),
            None => root,
        }
    } else if step < root.children.len() {
        node(&mut root.children[step], rest)
    } else {
        root
    }
}

fn display_path(path: &str) -> String {
    if path.is_empty() {
        "the top level".to_owned()
    } else {
        format!("`{path}`")
    }
}

fn type_label(kind: &Kind) -> String {
    match kind {
        Kind::Integer { format: "int64" } => "long".to_owned(),
        Kind::Integer { .. } => "integer".to_owned(),
        Kind::Number { format } => format.unwrap_or("number").to_owned(),
        Kind::String => "string".to_owned(),
        Kind::Boolean => "boolean".to_owned(),
        Kind::Object => "object".to_owned(),
        Kind::Array(None) => "array".to_owned(),
        Kind::Array(Some(inner)) => format!("array<{}>", type_label(inner)),
    }
}

/// Notes a scalar whose table type the sample contradicts (the spec follows the table; a correction may say more).
fn check_sample_kind(path: &str, row: &Row, samples: &[Json], warnings: &mut Vec<String>) {
    for sample in samples {
        let fits = match (&row.kind, sample) {
            (_, Json::Null) => true,
            (Kind::Integer { .. }, Json::Number(text)) => !text.contains(['.', 'e', 'E']),
            (Kind::Number { .. }, Json::Number(_)) => true,
            (Kind::String, Json::String(_)) => true,
            (Kind::Boolean, Json::Bool(_)) => true,
            (Kind::Object, Json::Object(_)) | (Kind::Array(_), _) => true,
            _ => false,
        };
        if !fits {
            warnings.push(format!(
                "line {}: the table types `{path}` as {} but the sample response carries {}; the spec follows the \
                 table unless a correction (x-alicert-correction) says otherwise",
                row.line,
                row.type_name,
                sample.kind()
            ));
            return;
        }
    }
}

/// Notes keys of the sample response that the table does not list.
fn report_unlisted(field: &Field, warnings: &mut Vec<String>) {
    let listed: BTreeSet<&str> = field.children.iter().filter_map(Field::name).collect();
    let is_object = field
        .row
        .as_ref()
        .is_none_or(|row| row.kind == Kind::Object);
    if is_object {
        let mut unlisted: Vec<String> = Vec::new();
        for sample in &field.samples {
            if let Json::Object(entries) = sample {
                for (key, _) in entries {
                    if !listed.contains(key.as_str()) && !unlisted.contains(key) {
                        unlisted.push(key.clone());
                    }
                }
            }
        }
        for key in unlisted {
            let path = if field.path.is_empty() {
                key
            } else {
                format!("{}.{key}", field.path)
            };
            warnings.push(format!(
                "the sample response carries `{path}`, which the table does not list; it is not imported"
            ));
        }
    }
    for child in &field.children {
        report_unlisted(child, warnings);
    }
    if let Some(items) = &field.items {
        report_unlisted(items, warnings);
    }
}
