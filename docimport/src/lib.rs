//! The page importer as a library: Alibaba Cloud API reference pages in, spec changes out. `cargo xtask
//! import-doc` is its command line (argument parsing, printing notes, writing the changed spec files); everything
//! it decides lives here, beside `codegen`, so that tests, fuzz targets and other tools run exactly what the
//! command runs. It reads pages and specs (capped) and never writes.
//!
//! - [`import`]: the run over pages (nothing half-applied: every page in memory, and the generator must accept the
//!   result before the command line writes it), on top of `product` (which spec a page goes into), [`new_spec`] (the
//!   spec of a new product), `schema` (building an operation and its response schema from a page), `splice`
//!   (putting them in place in a spec's text), [`shared_titles`] (enums that share a title) and [`yaml_style`]
//!   (the spec files' house style);
//! - [`docpage`]: the page reader (tables as text or Markdown), with [`json`] for the sample response;
//! - [`spec_files`] and [`read`]: how the spec folder and every file are read (regular files only, capped).
//!
//! Like `codegen`, it is tooling that is never published, so its errors are `anyhow` errors that name the page,
//! the line and the spec file.
//!
//! ```
//! // The same response table as text (`ParameterTypeDescriptionExample`, rows glued to their types) or as Markdown.
//! let head = "Certificate Management Service:DescribeThing\n\nLast Updated:Jul 31, 2024\n\nDescribes a thing.\n\n\
//!             Response parameters\n\n";
//! let text = "ParameterTypeDescriptionExample\nRequestIdstring\n\nThe request ID.\n\n15C66C7B\n";
//! let markdown = "| Parameter | Type | Description | Example |\n|---|---|---|---|\n\
//!                 | RequestId | string | The request ID. | 15C66C7B |\n";
//! for table in [text, markdown] {
//!     let page = docimport::docpage::parse("thing.txt", &format!("{head}{table}")).unwrap();
//!     assert_eq!(page.product, "Certificate Management Service");
//!     let field = page.response.children[0].row.as_ref().unwrap();
//!     assert_eq!(field.name.as_deref(), Some("RequestId"));
//!     assert_eq!(field.description, ["The request ID."]);
//! }
//! ```

#![warn(missing_docs)]

pub mod docpage;
pub mod import;
pub mod json;
pub mod new_spec;
mod product;
pub mod read;
mod schema;
pub mod shared_titles;
pub mod spec_files;
mod splice;
pub mod yaml_style;
