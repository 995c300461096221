//! `cargo xtask spec-diff [OLD] [NEW]`: what a spec change means for a user of the generated crate, as Markdown
//! fit to paste into a review, with an exit code CI can gate on. A text diff of YAML shows moved lines; this shows,
//! per operation, the parameters and fields added or removed, the changes of type, format, requiredness and
//! nesting, the valid values added or removed, and the description-only changes, each classified:
//!
//! - **breaking**: a removed operation, parameter or field; a new required parameter; an optional parameter made
//!   required; a change of type, format, nesting or wire form (`x-alicert-wire`); a renamed type (`title`); a valid
//!   value removed from a request parameter, or from a response string enum (its Rust variant disappears); a change
//!   of product code, API version or server; any change this tool does not recognise (so that a person looks);
//! - **additive**: a new operation, optional parameter or response field; a new valid value (our enums are open, so
//!   old code still decodes it); a required parameter made optional;
//! - **docs-only**: descriptions, summaries, examples, meanings of valid values, corrections' wording, provenance.
//!
//! OLD and NEW are each a git revision (every `spec/*.yaml` at that commit), a spec file, or a folder of spec files;
//! OLD defaults to `HEAD`, NEW to the working tree's `spec/`. The exit code is 1 when anything is breaking.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::{self, Write as _};
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};

use anyhow::{Context, Result, anyhow, bail};
use serde_yaml::{Mapping, Value};

use crate::import::SpecFile;
use crate::rust_api;

/// How much a change matters to a user of the generated crate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Class {
    /// Code that compiled or calls that worked may break.
    Breaking,
    /// New things; existing code keeps working.
    Additive,
    /// Documentation only.
    DocsOnly,
}

impl fmt::Display for Class {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str(match self {
            Class::Breaking => "breaking",
            Class::Additive => "additive",
            Class::DocsOnly => "docs-only",
        })
    }
}

/// One classified change.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    /// Its class.
    pub class: Class,
    /// What changed, in Markdown.
    pub text: String,
}

/// The changes of one operation (or of the document, or of a shared schema).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Section {
    /// `cas · ListWorkerResource`, `cas · document`, `cas · schema ErrorResponse`.
    pub title: String,
    /// Its changes, breaking first.
    pub changes: Vec<Change>,
}

/// The whole comparison.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct SpecDiff {
    /// Sections with at least one change, in document order.
    pub sections: Vec<Section>,
}

impl SpecDiff {
    /// Number of changes of a class.
    pub fn count(&self, class: Class) -> usize {
        self.sections
            .iter()
            .flat_map(|section| &section.changes)
            .filter(|change| change.class == class)
            .count()
    }

    /// Whether anything is breaking.
    pub fn is_breaking(&self) -> bool {
        self.count(Class::Breaking) > 0
    }

    /// Every change as `(section title, class, text)`, for tests and tools.
    pub fn changes(&self) -> Vec<(&str, Class, &str)> {
        self.sections
            .iter()
            .flat_map(|section| {
                section
                    .changes
                    .iter()
                    .map(move |change| (section.title.as_str(), change.class, change.text.as_str()))
            })
            .collect()
    }
}

/// One side of the comparison: where it came from and its spec files.
#[derive(Debug, Clone)]
pub struct SpecSet {
    /// How the report names it (`HEAD`, `the working tree`, a path).
    pub label: String,
    /// Its spec files.
    pub files: Vec<SpecFile>,
}

/// `cargo xtask spec-diff [--no-rust] [OLD] [NEW]`: prints the Markdown report; exit 1 when breaking, 2 on error.
pub fn main(root: &Path, args: &[&str]) -> Result<ExitCode> {
    let mut rust = true;
    let mut sides = Vec::new();
    for arg in args {
        match *arg {
            "--no-rust" => rust = false,
            "--rust" => rust = true,
            flag if flag.starts_with("--") => {
                eprintln!("spec-diff: unknown option `{flag}`");
                return Ok(ExitCode::from(2));
            }
            side => sides.push(side),
        }
    }
    if sides.len() > 2 {
        eprintln!("spec-diff: expected at most two arguments, OLD and NEW");
        return Ok(ExitCode::from(2));
    }
    let result = (|| -> Result<(String, bool)> {
        let old = load_side(root, sides.first().copied(), "HEAD")?;
        let new = load_side(root, sides.get(1).copied(), "")?;
        let diff = diff(&old, &new)?;
        let summary = if rust {
            Some(rust_summary(&old, &new))
        } else {
            None
        };
        Ok((
            render(&diff, &old.label, &new.label, summary.as_ref()),
            diff.is_breaking(),
        ))
    })();
    match result {
        Ok((report, breaking)) => {
            print!("{report}");
            Ok(if breaking {
                ExitCode::FAILURE
            } else {
                ExitCode::SUCCESS
            })
        }
        Err(error) => {
            eprintln!("error: {error:#}");
            Ok(ExitCode::from(2))
        }
    }
}

/// One side from its argument: an existing file or folder, else a git revision. `None` means `default`: a
/// revision, or (empty) the working tree's `spec/`.
pub fn load_side(root: &Path, arg: Option<&str>, default: &str) -> Result<SpecSet> {
    let arg = arg.unwrap_or(default);
    if arg.is_empty() {
        return load_path(&root.join("spec"), "the working tree");
    }
    let path = PathBuf::from(arg);
    if path.exists() {
        return load_path(&path, arg);
    }
    load_revision(root, arg)
}

/// A spec file, or every `*.yaml` of a folder.
pub fn load_path(path: &Path, label: &str) -> Result<SpecSet> {
    let files = if path.is_dir() {
        crate::import::read_specs(path)?
    } else {
        let text = crate::read::text_file(path, crate::read::SPEC_CAP)?;
        let name = path
            .file_name()
            .map(|name| name.to_string_lossy().into_owned())
            .unwrap_or_else(|| path.display().to_string());
        vec![SpecFile { name, text }]
    };
    Ok(SpecSet {
        label: label.to_owned(),
        files,
    })
}

/// Every `spec/*.yaml` at a git revision of the repository at `root`.
pub fn load_revision(root: &Path, revision: &str) -> Result<SpecSet> {
    if revision.starts_with('-') {
        bail!("`{revision}` is neither a file nor a git revision");
    }
    let git = |args: &[&str]| -> Result<String> {
        let output = Command::new("git")
            .arg("-C")
            .arg(root)
            .args(args)
            .output()
            .context("running git")?;
        if !output.status.success() {
            bail!(
                "`git {}` failed: {}",
                args.join(" "),
                String::from_utf8_lossy(&output.stderr).trim()
            );
        }
        String::from_utf8(output.stdout)
            .map_err(|_| anyhow!("`git {}` printed non-UTF-8 text", args.join(" ")))
    };
    let commit = git(&[
        "rev-parse",
        "--verify",
        "--quiet",
        &format!("{revision}^{{commit}}"),
    ])
    .map_err(|_| {
        anyhow!("`{revision}` is neither an existing file or folder nor a git revision")
    })?;
    let commit = commit.trim().to_owned();
    let listing = git(&["ls-tree", "--name-only", &commit, "--", "spec/"])?;
    let mut files = Vec::new();
    for path in listing.lines().filter(|path| path.ends_with(".yaml")) {
        let text = git(&["show", &format!("{commit}:{path}")])?;
        let name = path.trim_start_matches("spec/").to_owned();
        files.push(SpecFile { name, text });
    }
    files.sort_by(|left, right| left.name.cmp(&right.name));
    Ok(SpecSet {
        label: format!("`{revision}`"),
        files,
    })
}

/// What the generator makes of each side, compared.
pub fn rust_summary(old: &SpecSet, new: &SpecSet) -> Result<rust_api::Summary, String> {
    let side = |set: &SpecSet| {
        let specs: Vec<(String, String)> = set
            .files
            .iter()
            .map(|file| (file.name.clone(), file.text.clone()))
            .collect();
        rust_api::items_of_specs(&specs)
            .map_err(|error| format!("the generator rejects {}: {error:#}", set.label))
    };
    Ok(rust_api::summarize(&side(old)?, &side(new)?))
}

/// Parses both sides and compares them.
pub fn diff(old: &SpecSet, new: &SpecSet) -> Result<SpecDiff> {
    let old_documents = documents(old)?;
    let new_documents = documents(new)?;
    let mut products: Vec<&String> = Vec::new();
    for product in new_documents.keys().chain(old_documents.keys()) {
        if !products.contains(&product) {
            products.push(product);
        }
    }
    products.sort();
    let mut sections = Vec::new();
    for product in products {
        match (old_documents.get(product), new_documents.get(product)) {
            (Some(old), Some(new)) => compare_documents(product, old, new, &mut sections),
            (None, Some(new)) => sections.push(Section {
                title: format!("{product} · document"),
                changes: vec![Change {
                    class: Class::Additive,
                    text: format!(
                        "new product `{product}` ({}), with {} operation(s): {}",
                        new.file,
                        new.operations.len(),
                        new.operations
                            .keys()
                            .map(|name| format!("`{name}`"))
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                }],
            }),
            (Some(old), None) => sections.push(Section {
                title: format!("{product} · document"),
                changes: vec![Change {
                    class: Class::Breaking,
                    text: format!(
                        "product `{product}` ({}) removed, with its operation(s) {}",
                        old.file,
                        old.operations
                            .keys()
                            .map(|name| format!("`{name}`"))
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                }],
            }),
            (None, None) => {}
        }
    }
    for section in &mut sections {
        section.changes.sort_by_key(|change| change.class);
    }
    sections.retain(|section| !section.changes.is_empty());
    Ok(SpecDiff { sections })
}

/// One spec document, flattened for comparison.
#[derive(Debug)]
struct Document {
    file: String,
    info: BTreeMap<String, String>,
    servers: String,
    /// Operations by Action, in document order.
    operations: BTreeMap<String, Operation>,
    order: Vec<String>,
    /// Schemas no operation's `200` refers to (ErrorResponse), flattened.
    shared: BTreeMap<String, Vec<(String, Node)>>,
    /// `components.responses` and anything else under `components` but `schemas`, as text.
    other_components: BTreeMap<String, String>,
}

#[derive(Debug)]
struct Operation {
    summary: String,
    description: String,
    /// `x-alicert-source`: page, title, lastUpdated.
    source: BTreeMap<String, String>,
    ok_description: String,
    example: String,
    /// Parameters (and array items, `Name[]`) in order.
    parameters: Vec<(String, Node)>,
    /// Response fields by path (`Data[].CertId`; the root is ``), in order.
    response: Vec<(String, Node)>,
    /// Other responses (`4XX`) and other keys, as text.
    other: BTreeMap<String, String>,
}

/// The facts of one parameter or field.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
struct Node {
    kind: String,
    title: Option<String>,
    values: Vec<String>,
    string_enum: bool,
    meanings: Vec<(String, String)>,
    description: String,
    example: Option<String>,
    wire: Option<String>,
    correction: Option<String>,
    required: Option<bool>,
    other: BTreeMap<String, String>,
}

const NODE_KEYS: [&str; 17] = [
    "type",
    "format",
    "title",
    "enum",
    "x-enum-descriptions",
    "description",
    "example",
    "x-alicert-page-example",
    "x-alicert-wire",
    "x-alicert-correction",
    "properties",
    "items",
    "required",
    "name",
    "in",
    "style",
    "explode",
];

fn documents(set: &SpecSet) -> Result<BTreeMap<String, Document>> {
    let mut out = BTreeMap::new();
    for file in &set.files {
        let value: Value = serde_yaml::from_str(&file.text)
            .with_context(|| format!("{} ({}): not valid YAML", file.name, set.label))?;
        let document = document(&file.name, &value)
            .with_context(|| format!("{} ({})", file.name, set.label))?;
        let product = document
            .info
            .get("x-alicert-product")
            .cloned()
            .unwrap_or_else(|| file.name.trim_end_matches(".yaml").to_owned());
        if out.contains_key(&product) {
            bail!(
                "{}: a second spec file for the product `{product}`",
                set.label
            );
        }
        out.insert(product, document);
    }
    Ok(out)
}

fn document(file: &str, value: &Value) -> Result<Document> {
    let root = value
        .as_mapping()
        .ok_or_else(|| anyhow!("the document is not a mapping"))?;
    let mut info = BTreeMap::new();
    if let Some(map) = root.get("info").and_then(Value::as_mapping) {
        for (key, value) in map {
            info.insert(key_text(key), scalar_text(value));
        }
    }
    let servers = root.get("servers").map(scalar_text).unwrap_or_default();
    let schemas = root
        .get("components")
        .and_then(|components| components.get("schemas"))
        .and_then(Value::as_mapping);
    let mut operations = BTreeMap::new();
    let mut order = Vec::new();
    let mut referenced = BTreeSet::new();
    if let Some(paths) = root.get("paths").and_then(Value::as_mapping) {
        for (path, item) in paths {
            let Some(item) = item.as_mapping() else {
                continue;
            };
            for method in ["post", "get"] {
                let Some(operation) = item.get(method).and_then(Value::as_mapping) else {
                    continue;
                };
                let name = operation
                    .get("operationId")
                    .and_then(Value::as_str)
                    .map(str::to_owned)
                    .unwrap_or_else(|| key_text(path));
                let parsed = self::operation(operation, schemas, &mut referenced)?;
                order.push(name.clone());
                operations.insert(name, parsed);
            }
        }
    }
    let mut shared = BTreeMap::new();
    if let Some(schemas) = schemas {
        for (name, schema) in schemas {
            let name = key_text(name);
            if !referenced.contains(&name) {
                let mut nodes = Vec::new();
                flatten(schema, "", schemas, &mut nodes, &mut BTreeSet::new());
                shared.insert(name, nodes);
            }
        }
    }
    let mut other_components = BTreeMap::new();
    if let Some(components) = root.get("components").and_then(Value::as_mapping) {
        for (key, value) in components {
            if key.as_str() != Some("schemas") {
                other_components.insert(key_text(key), scalar_text(value));
            }
        }
    }
    Ok(Document {
        file: file.to_owned(),
        info,
        servers,
        operations,
        order,
        shared,
        other_components,
    })
}

fn operation(
    operation: &Mapping,
    schemas: Option<&Mapping>,
    referenced: &mut BTreeSet<String>,
) -> Result<Operation> {
    let text = |key: &str| operation.get(key).map(scalar_text).unwrap_or_default();
    let mut parameters = Vec::new();
    if let Some(list) = operation.get("parameters").and_then(Value::as_sequence) {
        for parameter in list.iter().filter_map(Value::as_mapping) {
            let name = parameter
                .get("name")
                .and_then(Value::as_str)
                .unwrap_or("?")
                .to_owned();
            let schema = parameter.get("schema").and_then(Value::as_mapping);
            let empty = Mapping::new();
            let mut node = node(schema.unwrap_or(&empty));
            node.description = parameter
                .get("description")
                .map(scalar_text)
                .unwrap_or_default();
            node.required = Some(
                parameter
                    .get("required")
                    .and_then(Value::as_bool)
                    .unwrap_or(false),
            );
            node.example = parameter
                .get("example")
                .or_else(|| parameter.get("x-alicert-page-example"))
                .map(scalar_text);
            for (key, value) in parameter {
                let key = key_text(key);
                if !NODE_KEYS.contains(&key.as_str()) && key != "schema" {
                    node.other.insert(key, scalar_text(value));
                }
            }
            for (key, value) in [("in", "query"), ("style", "form"), ("explode", "true")] {
                let actual = parameter
                    .get(key)
                    .map(scalar_text)
                    .unwrap_or_else(|| value.to_owned());
                if actual != value {
                    node.other.insert(key.to_owned(), actual);
                }
            }
            parameters.push((name.clone(), node));
            if let Some(items) = schema.and_then(|schema| schema.get("items")) {
                let mut nested = Vec::new();
                flatten(
                    items,
                    &format!("{name}[]"),
                    schemas.unwrap_or(&empty),
                    &mut nested,
                    &mut BTreeSet::new(),
                );
                parameters.extend(nested);
            }
        }
    }
    let responses = operation.get("responses").and_then(Value::as_mapping);
    let ok = responses
        .and_then(|responses| responses.get("200"))
        .and_then(Value::as_mapping);
    let json = ok
        .and_then(|ok| ok.get("content"))
        .and_then(|content| content.get("application/json"))
        .and_then(Value::as_mapping);
    let mut response = Vec::new();
    if let Some(schema) = json.and_then(|json| json.get("schema")) {
        if let Some(reference) = schema.get("$ref").and_then(Value::as_str)
            && let Some(name) = reference.strip_prefix("#/components/schemas/")
        {
            referenced.insert(name.to_owned());
        }
        let empty = Mapping::new();
        flatten(
            schema,
            "",
            schemas.unwrap_or(&empty),
            &mut response,
            &mut BTreeSet::new(),
        );
    }
    let mut other = BTreeMap::new();
    if let Some(responses) = responses {
        for (code, value) in responses {
            if code.as_str() != Some("200") {
                other.insert(
                    format!("responses `{}`", key_text(code)),
                    scalar_text(value),
                );
            }
        }
    }
    for (key, value) in operation {
        let key = key_text(key);
        if ![
            "summary",
            "description",
            "x-alicert-source",
            "operationId",
            "parameters",
            "responses",
        ]
        .contains(&key.as_str())
        {
            other.insert(format!("`{key}`"), scalar_text(value));
        }
    }
    Ok(Operation {
        summary: text("summary"),
        description: text("description"),
        source: operation
            .get("x-alicert-source")
            .and_then(Value::as_mapping)
            .map(|source| {
                source
                    .iter()
                    .map(|(key, value)| (key_text(key), scalar_text(value)))
                    .collect()
            })
            .unwrap_or_default(),
        ok_description: ok
            .and_then(|ok| ok.get("description"))
            .map(scalar_text)
            .unwrap_or_default(),
        example: json
            .and_then(|json| json.get("example"))
            .map(scalar_text)
            .unwrap_or_default(),
        parameters,
        response,
        other,
    })
}

/// The facts of one schema, without its children.
fn node(schema: &Mapping) -> Node {
    let text = |key: &str| schema.get(key).map(scalar_text);
    let schema_type = text("type").unwrap_or_default();
    let kind = match (schema_type.as_str(), text("format")) {
        ("", _) if schema.contains_key("$ref") => "object".to_owned(),
        ("", _) => "any".to_owned(),
        (schema_type, Some(format)) => format!("{schema_type}/{format}"),
        (schema_type, None) => schema_type.to_owned(),
    };
    let values: Vec<String> = schema
        .get("enum")
        .and_then(Value::as_sequence)
        .map(|values| values.iter().map(scalar_text).collect())
        .unwrap_or_default();
    let meanings = schema
        .get("x-enum-descriptions")
        .and_then(Value::as_mapping)
        .map(|map| {
            map.iter()
                .map(|(key, value)| (key_text(key), scalar_text(value)))
                .collect()
        })
        .unwrap_or_default();
    let mut other = BTreeMap::new();
    for (key, value) in schema {
        let key = key_text(key);
        if !NODE_KEYS.contains(&key.as_str()) && key != "$ref" {
            other.insert(key, scalar_text(value));
        }
    }
    Node {
        string_enum: schema_type == "string" && !values.is_empty(),
        kind,
        title: text("title"),
        values,
        meanings,
        description: text("description").unwrap_or_default(),
        example: text("example").or_else(|| text("x-alicert-page-example")),
        wire: text("x-alicert-wire"),
        correction: text("x-alicert-correction"),
        required: None,
        other,
    }
}

/// Every node of a schema with its path (`Data[].CertId`), following local `$ref`s once per path.
fn flatten(
    schema: &Value,
    path: &str,
    schemas: &Mapping,
    out: &mut Vec<(String, Node)>,
    seen: &mut BTreeSet<String>,
) {
    let Some(map) = schema.as_mapping() else {
        return;
    };
    if let Some(reference) = map.get("$ref").and_then(Value::as_str) {
        let name = reference
            .trim_start_matches("#/components/schemas/")
            .to_owned();
        if let Some(target) = schemas.get(name.as_str())
            && seen.insert(name.clone())
        {
            flatten(target, path, schemas, out, seen);
            seen.remove(&name);
        }
        return;
    }
    out.push((path.to_owned(), node(map)));
    if let Some(properties) = map.get("properties").and_then(Value::as_mapping) {
        for (name, property) in properties {
            let name = key_text(name);
            let child = if path.is_empty() {
                name
            } else {
                format!("{path}.{name}")
            };
            flatten(property, &child, schemas, out, seen);
        }
    }
    if let Some(items) = map.get("items") {
        flatten(items, &format!("{path}[]"), schemas, out, seen);
    }
}

fn key_text(key: &Value) -> String {
    scalar_text(key)
}

/// A value as text: scalars as themselves, collections as compact YAML.
fn scalar_text(value: &Value) -> String {
    match value {
        Value::String(text) => text.clone(),
        Value::Number(number) => number.to_string(),
        Value::Bool(flag) => flag.to_string(),
        Value::Null => "null".to_owned(),
        other => serde_yaml::to_string(other)
            .unwrap_or_default()
            .trim_end()
            .to_owned(),
    }
}

fn compare_documents(product: &str, old: &Document, new: &Document, sections: &mut Vec<Section>) {
    let mut changes = Vec::new();
    for key in ["x-alicert-product", "version"] {
        if old.info.get(key) != new.info.get(key) {
            changes.push(Change {
                class: Class::Breaking,
                text: format!(
                    "`info.{key}` changed from `{}` to `{}` ({})",
                    old.info.get(key).map_or("", String::as_str),
                    new.info.get(key).map_or("", String::as_str),
                    if key == "version" {
                        "every call sends the API version"
                    } else {
                        "the product code names the generated module and Cargo feature"
                    }
                ),
            });
        }
    }
    let info_keys: BTreeSet<&String> = old.info.keys().chain(new.info.keys()).collect();
    for key in info_keys {
        if key == "x-alicert-product" || key == "version" {
            continue;
        }
        if old.info.get(key) != new.info.get(key) {
            changes.push(Change {
                class: Class::DocsOnly,
                text: format!("`info.{key}` changed"),
            });
        }
    }
    if old.servers != new.servers {
        changes.push(Change {
            class: Class::Breaking,
            text: format!(
                "`servers` changed (the default endpoint): `{}` → `{}`",
                one_line(&old.servers),
                one_line(&new.servers)
            ),
        });
    }
    let component_keys: BTreeSet<&String> = old
        .other_components
        .keys()
        .chain(new.other_components.keys())
        .collect();
    for key in component_keys {
        if old.other_components.get(key) != new.other_components.get(key) {
            changes.push(Change {
                class: Class::Breaking,
                text: format!(
                    "`components.{key}` changed (not a change spec-diff classifies; review it)"
                ),
            });
        }
    }
    if old.file != new.file {
        changes.push(Change {
            class: Class::DocsOnly,
            text: format!("spec file renamed from `{}` to `{}`", old.file, new.file),
        });
    }
    sections.push(Section {
        title: format!("{product} · document"),
        changes,
    });

    let mut names: Vec<&String> = new.order.iter().collect();
    for name in &old.order {
        if !new.operations.contains_key(name) {
            names.push(name);
        }
    }
    for name in names {
        let mut changes = Vec::new();
        match (old.operations.get(name), new.operations.get(name)) {
            (Some(old), Some(new)) => compare_operations(old, new, &mut changes),
            (None, Some(new)) => changes.push(Change {
                class: Class::Additive,
                text: format!(
                    "new operation ({} parameter(s), {} response field(s))",
                    new.parameters.len(),
                    new.response.len().saturating_sub(1)
                ),
            }),
            (Some(_), None) => changes.push(Change {
                class: Class::Breaking,
                text: "operation removed".to_owned(),
            }),
            (None, None) => {}
        }
        sections.push(Section {
            title: format!("{product} · {name}"),
            changes,
        });
    }

    let schema_names: BTreeSet<&String> = old.shared.keys().chain(new.shared.keys()).collect();
    for name in schema_names {
        let mut changes = Vec::new();
        match (old.shared.get(name), new.shared.get(name)) {
            (Some(old), Some(new)) => {
                compare_nodes(old, new, Side::Response, "field", &mut changes)
            }
            (None, Some(_)) => changes.push(Change {
                class: Class::Additive,
                text: "new schema".to_owned(),
            }),
            (Some(_), None) => changes.push(Change {
                class: Class::Breaking,
                text: "schema removed".to_owned(),
            }),
            (None, None) => {}
        }
        sections.push(Section {
            title: format!("{product} · schema {name}"),
            changes,
        });
    }
}

fn compare_operations(old: &Operation, new: &Operation, changes: &mut Vec<Change>) {
    if old.summary != new.summary {
        changes.push(docs(format!(
            "summary changed: {}",
            word_diff(&old.summary, &new.summary)
        )));
    }
    if old.description != new.description {
        changes.push(docs(format!(
            "description changed: {}",
            word_diff(&old.description, &new.description)
        )));
    }
    let source_keys: BTreeSet<&String> = old.source.keys().chain(new.source.keys()).collect();
    for key in source_keys {
        if old.source.get(key) != new.source.get(key) {
            changes.push(docs(format!(
                "source page `{key}` changed from `{}` to `{}`",
                old.source.get(key).map_or("none", String::as_str),
                new.source.get(key).map_or("none", String::as_str)
            )));
        }
    }
    if old.ok_description != new.ok_description {
        changes.push(docs("description of the `200` response changed".to_owned()));
    }
    if old.example != new.example {
        changes.push(docs("sample response (`200` example) changed".to_owned()));
    }
    let keys: BTreeSet<&String> = old.other.keys().chain(new.other.keys()).collect();
    for key in keys {
        if old.other.get(key) != new.other.get(key) {
            changes.push(Change {
                class: Class::Breaking,
                text: format!("{key} changed (not a change spec-diff classifies; review it)"),
            });
        }
    }
    compare_nodes(
        &old.parameters,
        &new.parameters,
        Side::Request,
        "parameter",
        changes,
    );
    compare_nodes(
        &old.response,
        &new.response,
        Side::Response,
        "response field",
        changes,
    );
}

fn docs(text: String) -> Change {
    Change {
        class: Class::DocsOnly,
        text,
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Side {
    Request,
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

fn compare_nodes(
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

fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A word-level diff in Markdown: removed words struck through, added ones in bold, long unchanged runs elided.
pub fn word_diff(old: &str, new: &str) -> String {
    let diff = similar::TextDiff::from_words(old, new);
    let mut out = String::new();
    let changes: Vec<_> = diff.iter_all_changes().collect();
    let mut index = 0;
    while index < changes.len() {
        let tag = changes[index].tag();
        let mut run = String::new();
        while index < changes.len() && changes[index].tag() == tag {
            run.push_str(changes[index].value());
            index += 1;
        }
        let run = run.replace('\n', " ");
        match tag {
            similar::ChangeTag::Equal => {
                out.push_str(&elide(&run, out.is_empty(), index >= changes.len()))
            }
            similar::ChangeTag::Delete => {
                let trimmed = run.trim();
                if !trimmed.is_empty() {
                    let _ = write!(out, "~~{trimmed}~~");
                    if run.ends_with(' ') {
                        out.push(' ');
                    }
                }
            }
            similar::ChangeTag::Insert => {
                let trimmed = run.trim();
                if !trimmed.is_empty() {
                    if out.ends_with("~~") {
                        out.push(' ');
                    }
                    let _ = write!(out, "**{trimmed}**");
                    if run.ends_with(' ') {
                        out.push(' ');
                    }
                }
            }
        }
    }
    format!("“{}”", out.trim())
}

/// Keeps a few words of an unchanged run next to the changes.
fn elide(run: &str, at_start: bool, at_end: bool) -> String {
    const KEEP: usize = 6;
    let words: Vec<&str> = run.split(' ').collect();
    if words.len() <= KEEP * 2 + 1 {
        return run.to_owned();
    }
    let head = if at_start {
        Vec::new()
    } else {
        words[..KEEP].to_vec()
    };
    let tail = if at_end {
        Vec::new()
    } else {
        words[words.len() - KEEP..].to_vec()
    };
    let mut out = head.join(" ");
    if !at_start {
        out.push(' ');
    }
    out.push('…');
    if !at_end {
        out.push(' ');
    }
    out.push_str(&tail.join(" "));
    out
}

/// The Markdown report.
pub fn render(
    diff: &SpecDiff,
    old_label: &str,
    new_label: &str,
    rust: Option<&Result<rust_api::Summary, String>>,
) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "## Spec changes: {old_label} → {new_label}\n");
    if diff.sections.is_empty() {
        out.push_str("No semantic changes to the spec.\n\n");
    } else {
        let (breaking, additive, docs) = (
            diff.count(Class::Breaking),
            diff.count(Class::Additive),
            diff.count(Class::DocsOnly),
        );
        let verdict = if breaking > 0 {
            "**breaking**"
        } else if additive > 0 {
            "additive"
        } else {
            "docs-only"
        };
        let _ = writeln!(
            out,
            "Verdict: {verdict} ({breaking} breaking, {additive} additive, {docs} docs-only)\n"
        );
        for section in &diff.sections {
            let _ = writeln!(out, "### {}\n", section.title);
            for change in &section.changes {
                let label = match change.class {
                    Class::Breaking => "**breaking**".to_owned(),
                    other => other.to_string(),
                };
                let _ = writeln!(out, "- {label}: {}", change.text);
            }
            out.push('\n');
        }
    }
    if let Some(rust) = rust {
        out.push_str("### Public Rust items of the generated crate\n\n");
        match rust {
            Err(error) => {
                let _ = writeln!(out, "Not compared: {error}\n");
            }
            Ok(summary) if summary.is_empty() => {
                out.push_str("No public item is added, removed or altered.\n\n")
            }
            Ok(summary) => {
                let _ = writeln!(
                    out,
                    "<details><summary>{} added, {} removed, {} altered</summary>\n",
                    summary.added.len(),
                    summary.removed.len(),
                    summary.altered.len()
                );
                for (path, description) in &summary.removed {
                    let _ = writeln!(out, "- removed `{path}`: `{description}`");
                }
                for (path, old, new) in &summary.altered {
                    let _ = writeln!(out, "- altered `{path}`: `{old}` → `{new}`");
                }
                for (path, description) in &summary.added {
                    let _ = writeln!(out, "- added `{path}`: `{description}`");
                }
                out.push_str("\n</details>\n\n");
            }
        }
    }
    out.push_str(
        "<sub>breaking: removed operation, parameter or field; new required parameter; optional made required; \
         type, format, nesting, wire form or Rust type name changed; valid value removed from a request parameter or \
         a response string enum. additive: new operation, optional parameter, field or valid value (enums are open). \
         docs-only: descriptions, examples, meanings, provenance. See docs/when-the-docs-change.md.</sub>\n",
    );
    out
}
