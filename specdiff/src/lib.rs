//! What a change of the specs (`spec/*.yaml`) means for a user of the generated crate, as a list of classified
//! changes, and its report as Markdown fit to paste into a review or as JSON for tools. A text diff of YAML shows
//! moved lines; this shows, per product and operation, the parameters and fields added or removed, the changes of
//! type, format, requiredness and nesting, the valid values added or removed, the endpoints, and the
//! description-only changes, each classified:
//!
//! - **breaking**: a removed product, operation, parameter or field; a new required parameter; an optional
//!   parameter made required; a change of type, format, nesting or wire form (`x-alicert-wire`); a renamed type
//!   (`title`); a valid value removed from a request parameter, or from a response string enum (its Rust variant
//!   disappears); a change of product code, API version or server; a change of where calls go (the endpoint rule,
//!   the central host, the default region, a region removed or moved to another host); any change this crate does
//!   not recognise (so that a person looks);
//! - **additive**: a new product, operation, optional parameter or response field; a new valid value (our enums are
//!   open, so old code still decodes it); a required parameter made optional; a region added to the endpoint map;
//! - **docs-only**: descriptions, summaries, examples, meanings of valid values, corrections' wording, provenance.
//!
//! It is a library beside `codegen` so that the command line (`cargo xtask spec-diff`, which reads the two sides
//! from files or git) stays thin and other tools can compare specs they hold in memory. It reads no file and runs
//! no command: spec texts in, a report out.
//!
//! - [`model`]: the result, [`SpecDiff`] of [`Section`]s of classified [`Change`]s;
//! - [`diff()`] (with the private `document`, `nodes` and `endpoints` modules): the comparison;
//! - [`render()`] and [`render_json()`]: the reports; [`rust_api`]: the public Rust items both sides generate.
//!
//! ```
//! use specdiff::{Class, SpecFile, SpecSet};
//!
//! let spec = |version: &str| SpecSet {
//!     label: format!("v{version}"),
//!     files: vec![SpecFile {
//!         name: "demo-2024-01-01.yaml".to_owned(),
//!         text: format!(
//!             "openapi: 3.0.3\ninfo:\n  title: Demo\n  version: \"{version}\"\n  x-alicert-product: demo\npaths: {{}}\n"
//!         ),
//!     }],
//! };
//! let diff = specdiff::diff(&spec("2024-01-01"), &spec("2025-01-01")).unwrap();
//! assert!(diff.is_breaking());
//! assert_eq!(diff.changes()[0].0, "demo · document");
//! assert_eq!(diff.changes()[0].1, Class::Breaking);
//! let report = specdiff::render(&diff, "v2024-01-01", "v2025-01-01", None);
//! assert!(report.contains("Verdict: **breaking**"));
//! ```

#![warn(missing_docs)]

mod compare;
mod document;
mod endpoints;
mod error;
mod json;
pub mod model;
mod nodes;
mod render;
pub mod rust_api;
mod words;

pub use compare::diff;
pub use error::Error;
pub use json::render_json;
pub use model::{Change, Class, Location, Section, SpecDiff, Subject};
pub use render::render;
pub use words::word_diff;

/// One spec file of a side.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SpecFile {
    /// Its file name (`cas-2020-04-07.yaml`), which the report and errors quote.
    pub name: String,
    /// Its text.
    pub text: String,
}

/// One side of the comparison: where it came from and its spec files.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SpecSet {
    /// How the report names it (`` `HEAD` ``, `the working tree`, a path).
    pub label: String,
    /// Its spec files; none when the side has no spec (a product that is new on the other side).
    pub files: Vec<SpecFile>,
}

/// What the current generator makes of each side, compared: the public Rust items added, removed or altered. The
/// error names the side whose specs the generator rejects.
pub fn rust_summary(old: &SpecSet, new: &SpecSet) -> Result<rust_api::Summary, String> {
    let side = |set: &SpecSet| {
        let specs: Vec<(String, String)> = set
            .files
            .iter()
            .map(|file| (file.name.clone(), file.text.clone()))
            .collect();
        rust_api::items_of_specs(&specs)
            .map_err(|error| format!("the generator rejects {}: {error}", set.label))
    };
    Ok(rust_api::summarize(&side(old)?, &side(new)?))
}
