//! The response schema: the page's response tree as nested objects and arrays, with the titles the spec gave them
//! kept by place, fields only the spec has kept when they carry a correction, and the wrapper object the wire adds
//! where the table says array but the sample wraps the list (`{"CertInfos": {"CertInfo": [...]}}`).

use serde_yaml::{Mapping, Value};

use super::*;

impl Builder<'_> {
    pub(crate) fn response_schema(
        &mut self,
        existing: Option<&Mapping>,
        schema_name: &str,
    ) -> Mapping {
        let root = &self.page.response;
        let mut out = Mapping::new();
        let title = existing
            .and_then(|existing| existing.get("title"))
            .cloned()
            .unwrap_or_else(|| string(schema_name));
        out.insert(string("title"), title);
        if let Some(row) = &root.row {
            let description = row.description_text();
            if !description.is_empty() {
                out.insert(string("description"), string(&description));
            }
        }
        out.insert(string("type"), string("object"));
        for (key, value) in kept_keys(existing, &SCHEMA_KEYS) {
            out.insert(key, value);
        }
        let properties = self.properties(root, existing, "");
        out.insert(string("properties"), Value::Mapping(properties));
        out
    }

    /// The `properties` of an object field, page order, plus fields the spec adds with a correction.
    pub(super) fn properties(
        &mut self,
        field: &Field,
        existing: Option<&Mapping>,
        path: &str,
    ) -> Mapping {
        let existing_properties = get_map(existing, "properties");
        let mut built: Vec<(String, Value)> = Vec::new();
        for child in &field.children {
            let name = child.name().unwrap_or_default().to_owned();
            let previous = get_map(existing_properties, &name);
            let child_path = join_path(path, &name);
            let schema = self.field(child, previous, &child_path);
            built.push((name, Value::Mapping(schema)));
        }
        // Fields the page does not list survive when the spec adds them with a correction; each goes after the
        // field it followed.
        if let Some(existing_properties) = existing_properties {
            let mut after: Option<String> = None;
            for (key, value) in existing_properties {
                let Some(name) = key.as_str() else { continue };
                if built.iter().any(|(built_name, _)| built_name == name) {
                    after = Some(name.to_owned());
                    continue;
                }
                if is_corrected(value.as_mapping()) {
                    let at = after
                        .as_ref()
                        .and_then(|after| {
                            built.iter().position(|(built_name, _)| built_name == after)
                        })
                        .map_or(0, |index| index + 1);
                    built.insert(at, (name.to_owned(), value.clone()));
                    self.notes.push(format!(
                        "kept `{}`: the page does not list it, but the spec adds it with an x-alicert-correction",
                        join_path(path, name)
                    ));
                    after = Some(name.to_owned());
                }
            }
        }
        let mut out = Mapping::new();
        for (name, value) in built {
            out.insert(Value::String(name), value);
        }
        out
    }

    /// The schema of one response field.
    pub(super) fn field(
        &mut self,
        field: &Field,
        existing: Option<&Mapping>,
        path: &str,
    ) -> Mapping {
        let Some(row) = &field.row else {
            return Mapping::new();
        };
        let name = row.name.clone().unwrap_or_default();
        let fresh_type = match &row.kind {
            Kind::Object => "object",
            Kind::Array(_) if field.wrapper.is_some() => "object",
            Kind::Array(_) => "array",
            _ => "",
        };
        let existing_type = existing
            .and_then(|existing| existing.get("type"))
            .and_then(Value::as_str);
        if is_corrected(existing)
            && let Some(existing_type) = existing_type
            && (row.kind.is_container() || matches!(existing_type, "object" | "array"))
            && existing_type != fresh_type
        {
            self.notes.push(format!(
                "kept `{path}` as the spec has it (type {existing_type}, corrected): the page makes it {}, a shape \
                 the importer cannot merge into the correction; review it by hand",
                row.type_name
            ));
            return existing.cloned().unwrap_or_default();
        }
        match &row.kind {
            Kind::Object => self.object(field, existing, path, &name, ObjectRole::Field),
            Kind::Array(_) => match &field.wrapper {
                Some(wrapper) => self.wrapper(field, existing, path, &name, wrapper),
                None => self.array(field, existing, path, &name),
            },
            _ => self.scalar_schema(row, &field.samples, existing, path, &name),
        }
    }

    pub(super) fn object(
        &mut self,
        field: &Field,
        existing: Option<&Mapping>,
        path: &str,
        name: &str,
        role: ObjectRole,
    ) -> Mapping {
        let mut out = Mapping::new();
        let title = match existing.and_then(|existing| existing.get("title")) {
            Some(title) => title.clone(),
            None => {
                let candidate = match role {
                    ObjectRole::Field => format!("{}{}", self.page.action, name),
                    ObjectRole::Items => format!("{}{}", self.page.action, singular(name)),
                };
                Value::String(self.invent_title(&candidate, path))
            }
        };
        out.insert(string("title"), title);
        insert_description(&mut out, field);
        out.insert(string("type"), string("object"));
        for (key, value) in kept_keys(existing, &SCHEMA_KEYS) {
            out.insert(key, value);
        }
        let properties = self.properties(field, existing, path);
        out.insert(string("properties"), Value::Mapping(properties));
        out
    }

    pub(super) fn array(
        &mut self,
        field: &Field,
        existing: Option<&Mapping>,
        path: &str,
        name: &str,
    ) -> Mapping {
        let mut out = Mapping::new();
        if let Some(title) = existing.and_then(|existing| existing.get("title")) {
            out.insert(string("title"), title.clone());
        }
        insert_description(&mut out, field);
        out.insert(string("type"), string("array"));
        if let Some((_, text)) = field.row.as_ref().and_then(|row| row.example.as_ref()) {
            out.insert(string("x-alicert-page-example"), string(text));
        }
        for (key, value) in kept_keys(existing, &SCHEMA_KEYS) {
            out.insert(key, value);
        }
        let items = self.items(
            field,
            get_map(existing, "items"),
            &format!("{path}[]"),
            name,
        );
        out.insert(string("items"), Value::Mapping(items));
        out
    }

    pub(super) fn items(
        &mut self,
        field: &Field,
        existing: Option<&Mapping>,
        path: &str,
        array_name: &str,
    ) -> Mapping {
        let Some(items) = &field.items else {
            return Mapping::new();
        };
        let Some(row) = &items.row else {
            return Mapping::new();
        };
        match &row.kind {
            Kind::Object => self.object(items, existing, path, array_name, ObjectRole::Items),
            _ => self.scalar_schema(
                row,
                &items.samples,
                existing,
                path,
                &format!("{array_name}Item"),
            ),
        }
    }

    /// A list the table calls an array that the wire wraps in an object with one key.
    pub(super) fn wrapper(
        &mut self,
        field: &Field,
        existing: Option<&Mapping>,
        path: &str,
        name: &str,
        key: &str,
    ) -> Mapping {
        let mut out = Mapping::new();
        let title = match existing.and_then(|existing| existing.get("title")) {
            Some(title) => title.clone(),
            None => Value::String(self.invent_title(&format!("{}{name}", self.page.action), path)),
        };
        out.insert(string("title"), title);
        insert_description(&mut out, field);
        out.insert(string("type"), string("object"));
        let kept = kept_keys(existing, &SCHEMA_KEYS);
        let has_correction = kept
            .iter()
            .any(|(key, _)| key.as_str() == Some("x-alicert-correction"));
        for (kept_key, value) in kept {
            out.insert(kept_key, value);
        }
        if !has_correction {
            let type_name = field
                .row
                .as_ref()
                .map_or("array", |row| row.type_name.as_str());
            out.insert(
                string("x-alicert-correction"),
                string(&format!(
                    "The page types {name} as {type_name}, with the entries' fields directly under it, but its sample \
                     response carries an object wrapping the list, {{\"{name}\": {{\"{key}\": [ ... ]}}}}, which is the \
                     wire shape. The schema follows the wire: {name} is an object whose {key} property is the array of \
                     entries, because a schema typed as an array would fail to deserialize every real response."
                )),
            );
            self.notes.push(format!(
                "`{path}`: the table says {type_name} but the sample response wraps the list in an object \
                 ({{\"{key}\": [...]}}); the schema follows the sample and says so in x-alicert-correction"
            ));
        }
        let existing_inner = get_map(get_map(existing, "properties"), key);
        let mut inner = Mapping::new();
        let inner_description = existing_inner
            .and_then(|inner| inner.get("description"))
            .cloned()
            .unwrap_or_else(|| {
                string(&format!(
                    "The entries of {name}. The page lists their fields directly under {name}; the wire carries them \
                     in this array."
                ))
            });
        inner.insert(string("description"), inner_description);
        inner.insert(string("type"), string("array"));
        for (kept_key, value) in kept_keys(existing_inner, &SCHEMA_KEYS) {
            inner.insert(kept_key, value);
        }
        let inner_path = format!("{path}.{key}[]");
        let items = self.items(field, get_map(existing_inner, "items"), &inner_path, key);
        inner.insert(string("items"), Value::Mapping(items));
        let mut properties = Mapping::new();
        properties.insert(string(key), Value::Mapping(inner));
        out.insert(string("properties"), Value::Mapping(properties));
        out
    }
}
