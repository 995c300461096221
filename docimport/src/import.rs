//! The page importer: turns API reference pages into the spec. For each page it finds the spec file of the page's
//! product (from its title, or `--product`; never another product's) that holds the operation (or the product's,
//! for a new operation; for a product with no spec, the one [`crate::new_spec`] starts), rebuilds that operation's
//! path item and response schema from the page, and writes them back in place, in the house style, leaving every
//! other byte of the file as it was. It exists so that a changed page becomes a reviewed spec change mechanically
//! instead of by hand.
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
//! meant, and the generator must accept every changed spec; only then does the command line replace the files.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, anyhow, bail};
use serde_yaml::Value;

use crate::docpage;
use crate::new_spec::{self, ProductOptions};
use crate::product::{find_spec, product_code, product_specs};
pub use crate::spec_files::{SpecFile, read_specs};
use crate::splice::apply;

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
    /// For the command line: write nothing, report what would change (this library never writes).
    pub check: bool,
}

/// What a run did: per page, and per spec file that changed (name, old text, new text).
#[derive(Debug, Clone)]
pub struct Report {
    /// Per page, in the order given.
    pub imported: Vec<Imported>,
    /// The spec files whose text changed, with old and new text (empty for a file the run creates).
    pub changed: Vec<(String, String, String)>,
    /// The spec files the run creates (a new product's, `--product CODE --version YYYY-MM-DD`).
    pub created: Vec<String>,
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

/// Imports the pages into the spec files of `options.spec_dir`, in memory: reads the pages and the specs, applies
/// every page, and has the generator accept every changed spec. Writes nothing: [`Report::changed`] holds the new
/// texts (the command line writes them). `product` is what the command line says about the product of
/// `options.product`: its version (checked against its spec, or the version of the spec to create when it has
/// none) and, for a new spec, its endpoint rule.
pub fn import_pages(
    pages: &[PathBuf],
    options: &Options,
    product: &ProductOptions,
) -> Result<Report> {
    if pages.is_empty() {
        bail!("no page given: expected one or more API reference pages (text form)");
    }
    let mut specs = read_specs(&options.spec_dir)?;
    let mut originals = specs.clone();
    let mut texts = Vec::new();
    for path in pages {
        let text = crate::read::text_file(path, crate::read::PAGE_CAP)
            .with_context(|| format!("reading the page {}", path.display()))?;
        let name = path
            .file_name()
            .map(|name| name.to_string_lossy().into_owned())
            .unwrap_or_else(|| path.display().to_string());
        texts.push((name, text));
    }
    let created = match options.product.as_deref() {
        Some(code) => create_product_spec(code, product, &texts, &mut specs, &mut originals)?,
        None if product.version.is_some() || product.endpoints.is_some() => bail!(
            "`--version`, `--endpoint` and `--regional` say something about the product `--product CODE` names; \
             expected `--product CODE` with them"
        ),
        None => None,
    };
    let mut imported = Vec::new();
    for (name, text) in &texts {
        imported.push(import_page(
            name,
            text,
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
    Ok(Report {
        imported,
        changed,
        created: created.into_iter().collect(),
    })
}

/// Checks `--product CODE` and `product` against the spec folder. When no spec is for CODE, creates one in memory
/// (named `CODE-VERSION.yaml`, titled with the product's name from the first page's title) and returns its name;
/// without `--version` that is an error saying to give it.
fn create_product_spec(
    code: &str,
    product: &ProductOptions,
    pages: &[(String, String)],
    specs: &mut Vec<SpecFile>,
    originals: &mut Vec<SpecFile>,
) -> Result<Option<String>> {
    new_spec::check_code(code)?;
    if let Some(version) = &product.version {
        new_spec::check_version(version)?;
    }
    let mut existing = Vec::new();
    for spec in specs.iter() {
        let document: Value = serde_yaml::from_str(&spec.text)
            .with_context(|| format!("{}: the spec is not valid YAML", spec.name))?;
        if product_code(&document) == Some(code) {
            let version = document
                .get("info")
                .and_then(|info| info.get("version"))
                .and_then(Value::as_str)
                .unwrap_or_default()
                .to_owned();
            existing.push((spec.name.clone(), version));
        }
    }
    if !existing.is_empty() {
        if let Some(version) = &product.version
            && !existing.iter().any(|(_, existing)| existing == version)
        {
            let found: Vec<String> = existing
                .iter()
                .map(|(name, version)| format!("{name} (version {version})"))
                .collect();
            bail!(
                "`--version {version}`: the product `{code}` has its spec at another version: {}; expected its \
                 version, or no `--version`",
                found.join(", ")
            );
        }
        if product.endpoints.is_some() || product.default_region.is_some() {
            bail!(
                "`--endpoint`/`--regional`/`--default-region` shape the spec of a new product, and `{code}` has one ({}); its endpoint \
                 rule is `info.x-alicert-endpoints` in that file",
                existing[0].0
            );
        }
        return Ok(None);
    }
    let Some(version) = &product.version else {
        bail!(
            "no spec file in the spec folder is for the product `{code}`; to create spec/{code}-YYYY-MM-DD.yaml, give \
             the API version with `--version YYYY-MM-DD` (it is in the page's address: \
             `api-{code}-YYYY-MM-DD-<action>`)"
        );
    };
    let name = new_spec::file_name(code, version);
    if specs.iter().any(|spec| spec.name == name) {
        bail!(
            "spec/{name} exists but is not the spec of the product `{code}` (its `info.x-alicert-product`)"
        );
    }
    let (page_name, page_text) = &pages[0];
    let page = docpage::parse(page_name, page_text)?;
    let endpoints = product
        .endpoints
        .clone()
        .unwrap_or(new_spec::Endpoints::Central(None));
    let text = new_spec::skeleton(
        &page.product,
        code,
        version,
        &endpoints,
        product.default_region.as_deref(),
    )?;
    let at = specs.partition_point(|spec| spec.name < name);
    specs.insert(
        at,
        SpecFile {
            name: name.clone(),
            text,
        },
    );
    originals.insert(
        at,
        SpecFile {
            name: name.clone(),
            text: String::new(),
        },
    );
    Ok(Some(name))
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
