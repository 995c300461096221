//! `cargo xtask import-doc PAGE...`: turns API reference pages into the spec. For each page it finds the spec file
//! of the page's product (from its title, or `--product`; never another product's) that holds the operation (or
//! the product's, for a new operation), rebuilds that operation's path item and response
//! schema from the page, and writes them back in place, in the house style, leaving every other byte of the file as
//! it was. It exists so that a changed page becomes a reviewed spec change mechanically instead of by hand.
//!
//! The page is authoritative for what it states: names, descriptions, types, requiredness, valid values and their
//! meanings, examples, and the sample response. The spec keeps what a person decided:
//! - every `title` (titles name the Rust types), matched by the field's place;
//! - every key the importer does not own, notably `x-alicert-wire` and `x-alicert-correction`;
//! - on a node that carries a correction (`x-alicert-correction` or `x-alicert-wire`), the wire facts: `type`,
//!   `format`, `example` / `x-alicert-page-example`, and enum values the page does not list; the importer notes
//!   where the page now says something else, so a reviewer can revisit the correction;
//! - a field the page does not list survives only when it carries a correction;
//! - descriptions of parts the page does not show (the `200` response, a wrapper the wire adds).
//!
//! Where the page contradicts itself in a way the importer can see, the schema follows the sample response (the
//! wire) and says so with a generated `x-alicert-correction`: a list the table calls an array but the sample wraps in
//! an object (`{"CertInfos": {"CertInfo": [...]}}`), and an example that is not among the valid values.
//!
//! Nothing is half-applied: all pages are applied in memory, each result is read back and compared with what was
//! meant, the generator must accept every changed spec, and only then are the files replaced (write to a temporary
//! file, then rename).

use std::collections::BTreeSet;
use std::ffi::OsString;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, anyhow, bail};
use serde_yaml::{Mapping, Value};

use crate::docpage::{self, Field, Kind, Page, Parameter, Row};
use crate::json::Json;
use crate::{shared_titles, yaml_style};

/// One spec file in memory: its file name (`cas-2020-04-07.yaml`) and text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SpecFile {
    /// The file name within the spec folder.
    pub name: String,
    /// The file's text.
    pub text: String,
}

/// What importing one page did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Change {
    /// The operation was new to the spec.
    Added,
    /// The operation changed.
    Updated,
    /// The spec already said what the page says.
    Unchanged,
}

/// The result of importing one page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Imported {
    /// The page's file name.
    pub page: String,
    /// The operation.
    pub action: String,
    /// The spec file it went into.
    pub spec: String,
    /// What changed.
    pub change: Change,
    /// What a reviewer should know: contradictions the page shows, corrections kept, type names invented.
    pub notes: Vec<String>,
}

/// How `import-doc` runs.
#[derive(Debug, Clone)]
pub struct Options {
    /// The folder of spec files (`spec/`).
    pub spec_dir: PathBuf,
    /// The spec file for every page, overriding the lookup (needed for a new operation of a product that has
    /// several spec files).
    pub spec_file: Option<String>,
    /// The product code (`cas`, `x-alicert-product`) a page belongs to when its title names a product that no
    /// spec file is for; without it such a page is refused.
    pub product: Option<String>,
    /// Write nothing; report what would change.
    pub check: bool,
}

/// What a run did: per page, and per spec file that changed (name, old text, new text).
#[derive(Debug, Clone)]
pub struct Report {
    /// Per page, in the order given.
    pub imported: Vec<Imported>,
    /// The spec files whose text changed, with old and new text.
    pub changed: Vec<(String, String, String)>,
}

impl Report {
    /// A unified diff of every changed spec file.
    pub fn diff(&self) -> String {
        let mut out = String::new();
        for (name, old, new) in &self.changed {
            let diff = similar::TextDiff::from_lines(old, new);
            let _ = write!(
                out,
                "{}",
                diff.unified_diff()
                    .context_radius(3)
                    .header(&format!("a/{name}"), &format!("b/{name}"))
            );
        }
        out
    }
}

/// `cargo xtask import-doc [--spec-dir DIR] [--spec FILE] [--product CODE] [--check] PAGE...`: imports, prints what happened to
/// standard error (and, with `--check`, the diff to standard output). Exit 0, or 1 with `--check` when the spec
/// differs from the pages.
pub fn main(root: &Path, args: &[OsString]) -> Result<std::process::ExitCode> {
    let mut options = Options {
        spec_dir: root.join("spec"),
        spec_file: None,
        product: None,
        check: false,
    };
    let mut pages = Vec::new();
    let mut args = args.iter();
    while let Some(arg) = args.next() {
        // Options are UTF-8; a page path may be any bytes the OS allows.
        let Some(text) = arg.to_str() else {
            pages.push(PathBuf::from(arg));
            continue;
        };
        match text {
            "--check" => options.check = true,
            "--spec-dir" => {
                let dir = args
                    .next()
                    .ok_or_else(|| anyhow!("`--spec-dir` expects a folder"))?;
                options.spec_dir = PathBuf::from(dir);
            }
            "--spec" => {
                let file = args
                    .next()
                    .ok_or_else(|| anyhow!("`--spec` expects a spec file name"))?;
                let file = file
                    .to_str()
                    .ok_or_else(|| anyhow!("`--spec` expects a UTF-8 spec file name"))?;
                options.spec_file = Some(file.to_owned());
            }
            "--product" => {
                let code = args
                    .next()
                    .ok_or_else(|| anyhow!("`--product` expects a product code such as `cas`"))?;
                let code = code
                    .to_str()
                    .ok_or_else(|| anyhow!("`--product` expects a UTF-8 product code"))?;
                options.product = Some(code.to_owned());
            }
            flag if flag.starts_with("--") => bail!("import-doc: unknown option `{flag}`"),
            page => pages.push(PathBuf::from(page)),
        }
    }
    let report = run(&pages, &options)?;
    for imported in &report.imported {
        let what = match imported.change {
            Change::Added => "added to",
            Change::Updated => "updated in",
            Change::Unchanged => "unchanged in",
        };
        eprintln!(
            "{}: {} {what} spec/{}",
            imported.page, imported.action, imported.spec
        );
        for note in &imported.notes {
            eprintln!("  note: {note}");
        }
    }
    if options.check {
        if report.changed.is_empty() {
            eprintln!("the spec matches the pages");
            return Ok(std::process::ExitCode::SUCCESS);
        }
        print!("{}", report.diff());
        eprintln!(
            "the spec differs from the pages: run `cargo xtask import-doc` without --check, then `cargo xtask generate`"
        );
        return Ok(std::process::ExitCode::FAILURE);
    }
    if !report.changed.is_empty() {
        eprintln!("next: `cargo xtask generate`, then `cargo xtask spec-diff` to review");
    }
    Ok(std::process::ExitCode::SUCCESS)
}

/// Imports the pages into the spec files of `options.spec_dir`; writes the changed files unless `options.check`.
pub fn run(pages: &[PathBuf], options: &Options) -> Result<Report> {
    if pages.is_empty() {
        bail!("no page given: expected one or more API reference pages (text form)");
    }
    let mut specs = read_specs(&options.spec_dir)?;
    let originals = specs.clone();
    let mut imported = Vec::new();
    for path in pages {
        let text = crate::read::text_file(path, crate::read::PAGE_CAP)
            .with_context(|| format!("reading the page {}", path.display()))?;
        let name = path
            .file_name()
            .map(|name| name.to_string_lossy().into_owned())
            .unwrap_or_else(|| path.display().to_string());
        imported.push(import_page(
            &name,
            &text,
            &mut specs,
            options.spec_file.as_deref(),
            options.product.as_deref(),
        )?);
    }

    let mut changed = Vec::new();
    for (spec, original) in specs.iter().zip(&originals) {
        if spec.text != original.text {
            changed.push((spec.name.clone(), original.text.clone(), spec.text.clone()));
        }
    }
    if !changed.is_empty() {
        // The generator must accept the result: a spec it rejects is not written.
        let sources: Vec<codegen::SpecSource> = specs
            .iter()
            .map(|spec| codegen::SpecSource::new(format!("spec/{}", spec.name), spec.text.clone()))
            .collect();
        codegen::generate(&sources).map_err(|error| {
            let message = error.to_string();
            let hint = if message.contains("title") {
                "; the import settles the fields of its operation that share a `title` (spec/README.md, \
                 \"Shared titles\"), so this conflict lies elsewhere in the spec: give one of the fields another \
                 title (a re-import keeps titles)"
            } else {
                ""
            };
            anyhow!("nothing written: the imported spec does not pass the generator: {message}{hint}")
        })?;
    }
    if !options.check {
        for (name, _, text) in &changed {
            write_atomically(&options.spec_dir.join(name), text)?;
        }
    }
    Ok(Report { imported, changed })
}

/// Every `*.yaml` in `dir`, by file name.
pub fn read_specs(dir: &Path) -> Result<Vec<SpecFile>> {
    let mut names = Vec::new();
    for entry in std::fs::read_dir(dir)
        .with_context(|| format!("reading the spec folder {}", dir.display()))?
    {
        let name = entry?.file_name().to_string_lossy().into_owned();
        if name.ends_with(".yaml") {
            names.push(name);
        }
    }
    names.sort();
    names
        .into_iter()
        .map(|name| {
            let path = dir.join(&name);
            let text = crate::read::text_file(&path, crate::read::SPEC_CAP)?;
            Ok(SpecFile { name, text })
        })
        .collect()
}

fn write_atomically(path: &Path, text: &str) -> Result<()> {
    let file_name = path
        .file_name()
        .map(|name| name.to_string_lossy().into_owned())
        .unwrap_or_default();
    let temporary = path.with_file_name(format!(".{file_name}.import-doc.tmp"));
    std::fs::write(&temporary, text).with_context(|| format!("writing {}", temporary.display()))?;
    std::fs::rename(&temporary, path).with_context(|| format!("replacing {}", path.display()))
}

/// Imports one page into the spec file that holds its operation (or `target`), in memory. The page only ever goes
/// into a spec file of its own product: the one its title names, or `product` (a code such as `cas`) when no spec
/// file is for the product the title names.
pub fn import_page(
    name: &str,
    text: &str,
    specs: &mut [SpecFile],
    target: Option<&str>,
    product: Option<&str>,
) -> Result<Imported> {
    let page = docpage::parse(name, text)?;
    let key = format!("/?Action={}", page.action);

    let mut documents = Vec::new();
    for spec in specs.iter() {
        let document: Value = serde_yaml::from_str(&spec.text)
            .with_context(|| format!("{}: the spec is not valid YAML", spec.name))?;
        documents.push(document);
    }
    let allowed = product_specs(&page, specs, &documents, product)?;
    // Which spec file: the one of the product with the operation, else the one of the product.
    let index = match target {
        Some(target) => {
            let index = specs
                .iter()
                .position(|spec| {
                    spec.name == target
                        || Path::new(target)
                            .file_name()
                            .is_some_and(|f| f == spec.name.as_str())
                })
                .ok_or_else(|| {
                    anyhow!("{name}: the spec file `{target}` is not in the spec folder")
                })?;
            if !allowed.contains(&index) {
                bail!(
                    "{name}: the page is for the product \"{}\" but `{target}` is the spec of the product `{}`; \
                     a page goes only into a spec of its own product",
                    page.product,
                    product_code(&documents[index]).unwrap_or("?")
                );
            }
            index
        }
        None => find_spec(&page, &key, specs, &documents, &allowed)?,
    };
    let spec = &mut specs[index];
    let document = &documents[index];

    let (new_text, change, notes) = apply(&page, &spec.name, &spec.text, document)?;
    spec.text = new_text;
    Ok(Imported {
        page: page.name.clone(),
        action: page.action.clone(),
        spec: spec.name.clone(),
        change,
        notes,
    })
}

/// The product code of a spec (`info.x-alicert-product`).
fn product_code(document: &Value) -> Option<&str> {
    get(Some(document), "info")
        .and_then(|info| get(Some(info), "x-alicert-product"))
        .and_then(Value::as_str)
}

/// Whether the spec's `info.title` names `product` (`Certificate Management Service (cas) 2020-04-07`).
fn is_for_product(document: &Value, product: &str) -> bool {
    get(Some(document), "info")
        .and_then(|info| get(Some(info), "title"))
        .and_then(Value::as_str)
        .is_some_and(|title| title == product || title.starts_with(&format!("{product} (")))
}

/// The spec files the page may go into: those of the product its title names, or of `--product CODE` when no
/// spec file is for that product. A page never goes into another product's spec.
fn product_specs(
    page: &Page,
    specs: &[SpecFile],
    documents: &[Value],
    product: Option<&str>,
) -> Result<Vec<usize>> {
    let titled: Vec<usize> = (0..documents.len())
        .filter(|&index| is_for_product(&documents[index], &page.product))
        .collect();
    let codes: Vec<&str> = documents.iter().filter_map(product_code).collect();
    match product {
        None if titled.is_empty() => bail!(
            "{}: the page is for the product \"{}\" (its title `{}`), and no spec file in the spec folder is for \
             that product (their products: {}); refused, so that it does not land in another product's spec. If \
             the page belongs to one of them, say which with `--product CODE`; for a new product, add its spec file \
             first",
            page.name,
            page.product,
            page.title,
            codes.join(", ")
        ),
        None => Ok(titled),
        Some(code) => {
            let coded: Vec<usize> = (0..documents.len())
                .filter(|&index| product_code(&documents[index]) == Some(code))
                .collect();
            if coded.is_empty() {
                bail!(
                    "{}: `--product {code}`: no spec file in the spec folder is for the product `{code}` (their \
                     products: {})",
                    page.name,
                    codes.join(", ")
                );
            }
            if !titled.is_empty() && !titled.iter().any(|index| coded.contains(index)) {
                let names: Vec<&str> = titled
                    .iter()
                    .map(|&index| specs[index].name.as_str())
                    .collect();
                bail!(
                    "{}: the page's title names the product \"{}\", whose spec is {}, not `{code}` as `--product` \
                     says; a page goes only into a spec of its own product",
                    page.name,
                    page.product,
                    names.join(", ")
                );
            }
            Ok(coded)
        }
    }
}

fn find_spec(
    page: &Page,
    key: &str,
    specs: &[SpecFile],
    documents: &[Value],
    allowed: &[usize],
) -> Result<usize> {
    let holding: Vec<usize> = documents
        .iter()
        .enumerate()
        .filter(|(index, _)| allowed.contains(index))
        .filter(|(_, document)| {
            get(Some(document), "paths")
                .and_then(|paths| get(Some(paths), key))
                .is_some()
        })
        .map(|(index, _)| index)
        .collect();
    match holding.as_slice() {
        [index] => return Ok(*index),
        [] => {}
        several => {
            let names: Vec<&str> = several
                .iter()
                .map(|&index| specs[index].name.as_str())
                .collect();
            bail!(
                "{}: the operation {} is in several spec files ({}); expected one, or `--spec FILE`",
                page.name,
                page.action,
                names.join(", ")
            );
        }
    }
    // A new operation: the product's spec file.
    let product = allowed;
    match product {
        [index] => Ok(*index),
        [] => bail!(
            "{}: no spec file holds {} or is for the product \"{}\" (its info.title starts with the product name); \
             expected `--spec FILE` to say where the operation goes",
            page.name,
            page.action,
            page.product
        ),
        several => {
            let names: Vec<&str> = several
                .iter()
                .map(|&index| specs[index].name.as_str())
                .collect();
            bail!(
                "{}: several spec files are for the product \"{}\" ({}); expected `--spec FILE` to say which one \
                 gets the new operation {}",
                page.name,
                page.product,
                names.join(", "),
                page.action
            )
        }
    }
}

/// Rebuilds the page's operation in one spec file's text. Returns the new text, what changed, and notes.
fn apply(
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

fn get<'v>(value: Option<&'v Value>, key: &str) -> Option<&'v Value> {
    value?.as_mapping()?.get(key)
}

fn get_map<'v>(map: Option<&'v Mapping>, key: &str) -> Option<&'v Mapping> {
    map?.get(key)?.as_mapping()
}

fn string(text: &str) -> Value {
    Value::String(text.to_owned())
}

/// Keys of an operation the importer writes; any other key of the existing operation is kept.
const OPERATION_KEYS: [&str; 6] = [
    "summary",
    "description",
    "x-alicert-source",
    "operationId",
    "parameters",
    "responses",
];

/// Keys of a parameter the importer writes.
const PARAMETER_KEYS: [&str; 9] = [
    "name",
    "in",
    "description",
    "required",
    "style",
    "explode",
    "schema",
    "example",
    "x-alicert-page-example",
];

/// Keys of a schema the importer writes (`title` is kept from the spec when it has one).
const SCHEMA_KEYS: [&str; 10] = [
    "title",
    "description",
    "type",
    "format",
    "enum",
    "x-enum-descriptions",
    "example",
    "x-alicert-page-example",
    "properties",
    "items",
];

/// A node the spec corrects: its wire facts stay as the spec says.
fn is_corrected(map: Option<&Mapping>) -> bool {
    map.is_some_and(|map| {
        map.contains_key("x-alicert-correction") || map.contains_key("x-alicert-wire")
    })
}

/// The keys of `existing` the importer does not own, in their order.
fn kept_keys(existing: Option<&Mapping>, owned: &[&str]) -> Vec<(Value, Value)> {
    existing
        .map(|map| {
            map.iter()
                .filter(|(key, _)| !key.as_str().is_some_and(|key| owned.contains(&key)))
                .map(|(key, value)| (key.clone(), value.clone()))
                .collect()
        })
        .unwrap_or_default()
}

/// The type facts and examples of a scalar row.
#[derive(Debug, Default)]
struct Scalar {
    /// The type as the page writes it, for notes.
    type_name: String,
    schema_type: &'static str,
    format: Option<&'static str>,
    values: Option<Vec<Value>>,
    meanings: Option<Mapping>,
    example: Option<Value>,
    page_example: Option<String>,
    correction: Option<String>,
    /// Values the importer added to the page's list (an example or sample value the list lacks).
    values_added: Vec<String>,
    /// What to tell the reviewer about `correction` when the spec does not carry one yet.
    correction_note: Option<String>,
}

struct Builder<'a> {
    page: &'a Page,
    spec_name: &'a str,
    titles: BTreeSet<String>,
    notes: Vec<String>,
}

impl Builder<'_> {
    fn operation(
        &mut self,
        existing: Option<&Mapping>,
        schema_name: &str,
        has_error_response: bool,
    ) -> Result<Mapping> {
        let page = self.page;
        let mut operation = Mapping::new();
        let description = page.description.join("\n\n");
        operation.insert(string("summary"), string(&summary(&page.description)));
        operation.insert(string("description"), string(&description));
        let mut source = Mapping::new();
        source.insert(string("page"), string(&page.name));
        source.insert(string("title"), string(&page.title));
        source.insert(string("lastUpdated"), string(&page.last_updated));
        operation.insert(string("x-alicert-source"), Value::Mapping(source));
        operation.insert(string("operationId"), string(&page.action));
        for (key, value) in kept_keys(existing, &OPERATION_KEYS) {
            operation.insert(key, value);
        }

        let existing_parameters: Vec<&Mapping> = existing
            .and_then(|operation| operation.get("parameters"))
            .and_then(Value::as_sequence)
            .map(|list| list.iter().filter_map(Value::as_mapping).collect())
            .unwrap_or_default();
        let mut parameters = Vec::new();
        for parameter in &page.parameters {
            let name = parameter.row.name.as_deref().unwrap_or_default();
            let previous = existing_parameters
                .iter()
                .copied()
                .find(|existing| existing.get("name").and_then(Value::as_str) == Some(name));
            parameters.push(Value::Mapping(self.parameter(parameter, previous)));
        }
        if !parameters.is_empty() {
            operation.insert(string("parameters"), Value::Sequence(parameters));
        }

        let existing_responses =
            existing.and_then(|operation| get_map(Some(operation), "responses"));
        let existing_ok = get_map(existing_responses, "200");
        let mut ok = Mapping::new();
        let ok_description = existing_ok
            .and_then(|ok| ok.get("description"))
            .cloned()
            .unwrap_or_else(|| string(&format!("The {} response.", page.action)));
        ok.insert(string("description"), ok_description);
        let mut json = Mapping::new();
        let mut reference = Mapping::new();
        reference.insert(
            string("$ref"),
            string(&format!("#/components/schemas/{schema_name}")),
        );
        json.insert(string("schema"), Value::Mapping(reference));
        if let Some(sample) = &page.sample {
            json.insert(string("example"), json_value(sample));
        }
        for (key, value) in kept_keys(
            get_map(get_map(existing_ok, "content"), "application/json"),
            &["schema", "example"],
        ) {
            json.insert(key, value);
        }
        let mut content = Mapping::new();
        content.insert(string("application/json"), Value::Mapping(json));
        ok.insert(string("content"), Value::Mapping(content));
        for (key, value) in kept_keys(existing_ok, &["description", "content"]) {
            ok.insert(key, value);
        }
        let mut responses = Mapping::new();
        responses.insert(string("200"), Value::Mapping(ok));
        match existing_responses {
            Some(existing) => {
                for (code, response) in existing {
                    if code.as_str() != Some("200") {
                        responses.insert(code.clone(), response.clone());
                    }
                }
            }
            None => {
                if !has_error_response {
                    bail!(
                        "{}: the spec has no `components.responses.Error` for the new operation's 4XX and 5XX \
                         responses; expected one (spec/README.md, Errors)",
                        self.spec_name
                    );
                }
                for code in ["4XX", "5XX"] {
                    let mut error = Mapping::new();
                    error.insert(string("$ref"), string("#/components/responses/Error"));
                    responses.insert(string(code), Value::Mapping(error));
                }
            }
        }
        operation.insert(string("responses"), Value::Mapping(responses));
        Ok(operation)
    }

    fn parameter(&mut self, parameter: &Parameter, existing: Option<&Mapping>) -> Mapping {
        let row = &parameter.row;
        let name = row.name.clone().unwrap_or_default();
        let existing_schema = get_map(existing, "schema");
        let corrected = is_corrected(existing) || is_corrected(existing_schema);
        let mut out = Mapping::new();
        out.insert(string("name"), string(&name));
        out.insert(string("in"), string("query"));
        let description = row.description_text();
        if !description.is_empty() {
            out.insert(string("description"), string(&description));
        }
        out.insert(
            string("required"),
            Value::Bool(row.required.unwrap_or(false)),
        );
        out.insert(string("style"), string("form"));
        out.insert(string("explode"), Value::Bool(true));

        let mut schema = Mapping::new();
        let mut example = None;
        let mut page_example = None;
        if let Kind::Array(inner) = &row.kind {
            let item_kind = parameter
                .items
                .as_ref()
                .map(|items| items.kind.clone())
                .or_else(|| inner.as_deref().cloned())
                .unwrap_or(Kind::String);
            if let Some(title) = existing_schema.and_then(|schema| schema.get("title")) {
                schema.insert(string("title"), title.clone());
            }
            schema.insert(string("type"), string("array"));
            let item_row = parameter.items.clone().unwrap_or_else(|| Row {
                line: row.line,
                name: None,
                type_name: String::new(),
                kind: item_kind,
                required: None,
                description: Vec::new(),
                valid_values: None,
                example: None,
            });
            let path = format!("parameter {name}[]");
            let items = self.scalar_schema(
                &item_row,
                &[],
                get_map(existing_schema, "items"),
                &path,
                &format!("{name}Item"),
            );
            schema.insert(string("items"), Value::Mapping(items));
            for (key, value) in kept_keys(existing_schema, &SCHEMA_KEYS) {
                schema.insert(key, value);
            }
            if let Some((_, text)) = &row.example {
                page_example = Some(text.clone());
            }
        } else {
            let path = format!("parameter {name}");
            let parts = self.scalar(row, &[], &path);
            example = parts.example.clone();
            page_example = parts.page_example.clone();
            let title = self.enum_title(existing_schema, &parts, &path, &name);
            if let Some(title) = title {
                schema.insert(string("title"), title);
            }
            self.write_scalar_schema(
                &mut schema,
                &parts,
                existing_schema,
                existing,
                corrected,
                &path,
                false,
            );
            if !corrected {
                self.note_page_example(&path, &row.type_name, &parts, existing);
            } else {
                example = existing
                    .and_then(|existing| existing.get("example"))
                    .cloned();
                page_example = existing
                    .and_then(|existing| existing.get("x-alicert-page-example"))
                    .and_then(Value::as_str)
                    .map(str::to_owned);
                self.note_kept_example(&path, &parts, example.as_ref(), page_example.as_deref());
            }
        }
        out.insert(string("schema"), Value::Mapping(schema));
        if let Some(example) = example {
            out.insert(string("example"), example);
        }
        if let Some(page_example) = page_example {
            out.insert(string("x-alicert-page-example"), string(&page_example));
        }
        for (key, value) in kept_keys(existing, &PARAMETER_KEYS) {
            out.insert(key, value);
        }
        out
    }

    fn response_schema(&mut self, existing: Option<&Mapping>, schema_name: &str) -> Mapping {
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
    fn properties(&mut self, field: &Field, existing: Option<&Mapping>, path: &str) -> Mapping {
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
    fn field(&mut self, field: &Field, existing: Option<&Mapping>, path: &str) -> Mapping {
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

    fn object(
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

    fn array(
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

    fn items(
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
    fn wrapper(
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

    /// The schema of a scalar response field or array item: description and examples included.
    fn scalar_schema(
        &mut self,
        row: &Row,
        samples: &[Json],
        existing: Option<&Mapping>,
        path: &str,
        name: &str,
    ) -> Mapping {
        let parts = self.scalar(row, samples, path);
        let corrected = is_corrected(existing);
        let mut out = Mapping::new();
        if let Some(title) = self.enum_title(existing, &parts, path, name) {
            out.insert(string("title"), title);
        }
        let description = row.description_text();
        if !description.is_empty() {
            out.insert(string("description"), string(&description));
        }
        self.write_scalar_schema(&mut out, &parts, existing, existing, corrected, path, true);
        out
    }

    /// Writes type, format, enum, meanings, (examples when `with_examples`) and the kept keys, in house order.
    /// `example_home` is where the existing example lives (the schema for a field, the parameter for a parameter).
    #[allow(clippy::too_many_arguments)]
    fn write_scalar_schema(
        &mut self,
        out: &mut Mapping,
        parts: &Scalar,
        existing: Option<&Mapping>,
        example_home: Option<&Mapping>,
        corrected: bool,
        path: &str,
        with_examples: bool,
    ) {
        let mut schema_type = Value::from(parts.schema_type);
        let mut format = parts.format.map(Value::from);
        let mut values = parts.values.clone();
        let mut meanings = parts.meanings.clone();
        if corrected && let Some(existing) = existing {
            // The correction decided the wire type and any values the page leaves out.
            if let Some(kept_type) = existing.get("type") {
                if kept_type != &schema_type {
                    self.notes.push(format!(
                        "`{path}`: the page says type {}, the spec keeps {} (x-alicert-correction)",
                        parts.schema_type,
                        kept_type.as_str().unwrap_or("?")
                    ));
                }
                schema_type = kept_type.clone();
            }
            format = existing.get("format").cloned();
            if let Some(existing_values) = existing.get("enum").and_then(Value::as_sequence) {
                let mut merged = values.clone().unwrap_or_default();
                let mut merged_meanings = meanings.clone().unwrap_or_default();
                let existing_meanings = existing
                    .get("x-enum-descriptions")
                    .and_then(Value::as_mapping);
                for value in existing_values {
                    if !merged.contains(value) {
                        merged.push(value.clone());
                    }
                    let text = value_text(value);
                    let page_lists = parts
                        .values
                        .as_ref()
                        .is_some_and(|page_values| page_values.contains(value))
                        && !parts.values_added.contains(&text);
                    if !page_lists
                        && let Some(meaning) =
                            existing_meanings.and_then(|meanings| meanings.get(text.as_str()))
                    {
                        merged_meanings.insert(string(&text), meaning.clone());
                    }
                }
                values = Some(merged);
                meanings = Some(merged_meanings);
            }
        }
        out.insert(string("type"), schema_type);
        if let Some(format) = format {
            out.insert(string("format"), format);
        }
        if let Some(values) = values
            && parts.schema_type != "boolean"
        {
            out.insert(string("enum"), Value::Sequence(values));
        }
        if let Some(meanings) = meanings {
            out.insert(string("x-enum-descriptions"), Value::Mapping(meanings));
        }
        if with_examples {
            let (example, page_example) = if corrected {
                let example = example_home.and_then(|home| home.get("example")).cloned();
                let page_example = example_home
                    .and_then(|home| home.get("x-alicert-page-example"))
                    .and_then(Value::as_str)
                    .map(str::to_owned);
                self.note_kept_example(path, parts, example.as_ref(), page_example.as_deref());
                (example, page_example)
            } else {
                self.note_page_example(path, &parts.type_name, parts, example_home);
                (parts.example.clone(), parts.page_example.clone())
            };
            if let Some(example) = example {
                out.insert(string("example"), example);
            }
            if let Some(page_example) = page_example {
                out.insert(string("x-alicert-page-example"), string(&page_example));
            }
        }
        let kept = kept_keys(existing, &SCHEMA_KEYS);
        let has_correction = kept
            .iter()
            .any(|(key, _)| key.as_str() == Some("x-alicert-correction"));
        for (key, value) in kept {
            out.insert(key, value);
        }
        if !has_correction && let Some(correction) = &parts.correction {
            out.insert(string("x-alicert-correction"), string(correction));
            if let Some(note) = &parts.correction_note {
                self.notes.push(note.clone());
            }
        }
    }

    /// Tells the reviewer about a table example that is not of the row's type, unless the spec already records it.
    fn note_page_example(
        &mut self,
        path: &str,
        type_name: &str,
        parts: &Scalar,
        home: Option<&Mapping>,
    ) {
        let Some(text) = &parts.page_example else {
            return;
        };
        let recorded = home
            .and_then(|home| home.get("x-alicert-page-example"))
            .and_then(Value::as_str)
            == Some(text.as_str());
        if !recorded {
            self.notes.push(format!(
                "`{path}`: the table's example `{text}` is not a {type_name}; it goes to x-alicert-page-example"
            ));
        }
    }

    fn note_kept_example(
        &mut self,
        path: &str,
        parts: &Scalar,
        kept: Option<&Value>,
        kept_page: Option<&str>,
    ) {
        let page_says = parts
            .example
            .as_ref()
            .map(value_text)
            .or_else(|| parts.page_example.clone());
        let spec_says = kept
            .map(value_text)
            .or_else(|| kept_page.map(str::to_owned));
        if page_says != spec_says
            && let Some(page_says) = page_says
        {
            self.notes.push(format!(
                "`{path}`: kept the spec's example {} (x-alicert-correction); the page's table says {page_says}",
                spec_says.unwrap_or_else(|| "(none)".to_owned())
            ));
        }
    }

    /// The title of a string enum: the spec's, or a new one.
    fn enum_title(
        &mut self,
        existing: Option<&Mapping>,
        parts: &Scalar,
        path: &str,
        name: &str,
    ) -> Option<Value> {
        if let Some(title) = existing.and_then(|existing| existing.get("title")) {
            return Some(title.clone());
        }
        if parts.schema_type == "string" && parts.values.is_some() {
            let candidate = format!("{}{name}", self.page.action);
            return Some(Value::String(self.invent_title(&candidate, path)));
        }
        None
    }

    fn invent_title(&mut self, candidate: &str, path: &str) -> String {
        let mut base: String = candidate
            .chars()
            .filter(char::is_ascii_alphanumeric)
            .collect();
        if !base.starts_with(|c: char| c.is_ascii_uppercase()) {
            base.insert(0, 'T');
        }
        let mut title = base.clone();
        let mut counter = 2;
        while self.titles.contains(&title) {
            title = format!("{base}{counter}");
            counter += 1;
        }
        self.titles.insert(title.clone());
        self.notes.push(format!(
            "`{path}`: named its new Rust type `{title}` (its `title`); rename it in the spec if you like, a re-import \
             keeps titles"
        ));
        title
    }

    /// Type, valid values and examples of a scalar row; extends the valid values with an example or sample value
    /// the page shows but does not list.
    fn scalar(&mut self, row: &Row, samples: &[Json], path: &str) -> Scalar {
        let (schema_type, format) = match &row.kind {
            Kind::Integer { format } => ("integer", Some(*format)),
            Kind::Number { format } => ("number", *format),
            Kind::Boolean => ("boolean", None),
            Kind::String => ("string", None),
            Kind::Object => ("object", None),
            Kind::Array(_) => ("array", None),
        };
        let mut parts = Scalar {
            type_name: row.type_name.clone(),
            schema_type,
            format,
            ..Scalar::default()
        };
        if let Some((_, text)) = &row.example {
            match typed(&row.kind, text) {
                Some(value) => parts.example = Some(value),
                None => parts.page_example = Some(text.clone()),
            }
        }
        let Some(valid) = &row.valid_values else {
            return parts;
        };
        let mut values: Vec<Value> = Vec::new();
        let mut meanings = Mapping::new();
        for (value, meaning) in &valid.values {
            if let Some(typed_value) = typed(&row.kind, value) {
                values.push(typed_value);
            }
            meanings.insert(string(value), string(meaning));
        }
        if matches!(
            row.kind,
            Kind::String | Kind::Integer { .. } | Kind::Number { .. }
        ) {
            let listed: Vec<String> = valid
                .values
                .iter()
                .map(|(value, _)| value.clone())
                .collect();
            let mut added: Vec<(String, bool, bool)> = Vec::new();
            let mut consider = |text: String, in_sample: bool, in_table: bool| {
                if listed.contains(&text) {
                    return;
                }
                match added.iter_mut().find(|(known, _, _)| *known == text) {
                    Some(entry) => {
                        entry.1 |= in_sample;
                        entry.2 |= in_table;
                    }
                    None => added.push((text, in_sample, in_table)),
                }
            };
            for sample in samples {
                if let Some(text) = json_scalar_text(sample) {
                    consider(text, true, false);
                }
            }
            if let Some(example) = &parts.example {
                consider(value_text(example), false, true);
            }
            // Table first, as a reader meets it.
            for (text, in_sample, in_table) in &added {
                let Some(typed_value) = typed(&row.kind, text) else {
                    continue;
                };
                let place = match (in_sample, in_table) {
                    (true, true) => "in the page's sample response and as the table's example",
                    (true, false) => "in the page's sample response",
                    _ => "as the table's example",
                };
                values.push(typed_value);
                meanings.insert(
                    string(text),
                    string(&format!(
                        "Not in the page's list of valid values ({}): it appears {place}.",
                        listed.join(", ")
                    )),
                );
                parts.values_added.push(text.clone());
            }
            if !added.is_empty() {
                let shown: Vec<String> = added
                    .iter()
                    .map(|(text, _, _)| format!("\"{text}\""))
                    .collect();
                let (subject, verb) = match (added.iter().any(|a| a.1), added.iter().any(|a| a.2)) {
                    (true, true) => ("its table example and its sample response", "carry"),
                    (true, false) => ("its sample response", "carries"),
                    _ => ("its table example", "carries"),
                };
                parts.correction = Some(format!(
                    "The page lists the valid values {}, but {subject} {verb} {}, which the list does not include. The \
                     schema follows the wire: it keeps the page's values first, in the page's order, and adds the \
                     value{} the page shows, so that a value the page itself shows is a known variant rather than an \
                     unknown one (the list is not closed either way).",
                    human_list(&listed),
                    human_list(&shown),
                    if added.len() == 1 { "" } else { "s" }
                ));
                parts.correction_note = Some(format!(
                    "`{path}`: the page shows {} but does not list {} among the valid values; added to the enum with \
                     an x-alicert-correction",
                    human_list(&shown),
                    if added.len() == 1 { "it" } else { "them" }
                ));
            }
        }
        parts.values = Some(values);
        parts.meanings = Some(meanings);
        parts
    }
}

#[derive(Debug, Clone, Copy)]
enum ObjectRole {
    Field,
    Items,
}

/// The first sentence of the description: the operation's summary.
fn summary(description: &[String]) -> String {
    let first = description
        .first()
        .and_then(|paragraph| paragraph.lines().next())
        .unwrap_or_default();
    let bytes = first.as_bytes();
    for (index, _) in first.match_indices(". ") {
        if bytes
            .get(index + 2)
            .is_some_and(|next| next.is_ascii_uppercase())
        {
            return first[..=index].to_owned();
        }
    }
    first.to_owned()
}

/// `a`, `a and b`, `a, b and c`.
fn human_list(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [only] => only.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

/// `CasContacts` → `CasContact`; names that are not plurals get `Item`.
fn singular(name: &str) -> String {
    if let Some(stem) = name.strip_suffix("ies")
        && !stem.is_empty()
    {
        return format!("{stem}y");
    }
    match name.strip_suffix('s') {
        Some(stem) if !stem.is_empty() && !stem.ends_with('s') => stem.to_owned(),
        _ => format!("{name}Item"),
    }
}

fn join_path(path: &str, name: &str) -> String {
    if path.is_empty() {
        name.to_owned()
    } else {
        format!("{path}.{name}")
    }
}

/// The page's text as a value of the row's type, when it is one.
fn typed(kind: &Kind, text: &str) -> Option<Value> {
    match kind {
        Kind::Integer { .. } => text
            .parse::<i64>()
            .map(Value::from)
            .ok()
            .or_else(|| text.parse::<u64>().map(Value::from).ok()),
        Kind::Number { .. } => text
            .parse::<f64>()
            .ok()
            .filter(|number| number.is_finite())
            .map(Value::from),
        Kind::Boolean => match text {
            "true" => Some(Value::Bool(true)),
            "false" => Some(Value::Bool(false)),
            _ => None,
        },
        Kind::String => Some(string(text)),
        Kind::Object | Kind::Array(_) => None,
    }
}

fn value_text(value: &Value) -> String {
    match value {
        Value::String(text) => text.clone(),
        Value::Number(number) => number.to_string(),
        Value::Bool(flag) => flag.to_string(),
        Value::Null => "null".to_owned(),
        _ => String::new(),
    }
}

fn json_scalar_text(value: &Json) -> Option<String> {
    match value {
        Json::String(text) | Json::Number(text) => Some(text.clone()),
        Json::Bool(flag) => Some(flag.to_string()),
        _ => None,
    }
}

/// The sample response as YAML, keys in the page's order; numbers as integers when they are.
pub fn json_value(json: &Json) -> Value {
    match json {
        Json::Null => Value::Null,
        Json::Bool(flag) => Value::Bool(*flag),
        Json::Number(text) => {
            if let Ok(integer) = text.parse::<i64>() {
                Value::from(integer)
            } else if let Ok(integer) = text.parse::<u64>() {
                Value::from(integer)
            } else {
                match text.parse::<f64>() {
                    Ok(number) if number.is_finite() => Value::from(number),
                    _ => Value::String(text.clone()),
                }
            }
        }
        Json::String(text) => Value::String(text.clone()),
        Json::Array(items) => Value::Sequence(items.iter().map(json_value).collect()),
        Json::Object(entries) => {
            let mut map = Mapping::new();
            for (key, value) in entries {
                map.insert(Value::String(key.clone()), json_value(value));
            }
            Value::Mapping(map)
        }
    }
}

/// The field's page description, when it has one, as the schema's `description`.
fn insert_description(out: &mut Mapping, field: &Field) {
    let description = field
        .row
        .as_ref()
        .map(Row::description_text)
        .unwrap_or_default();
    if !description.is_empty() {
        out.insert(string("description"), string(&description));
    }
}
