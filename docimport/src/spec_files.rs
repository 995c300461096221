//! The spec folder as text: every `spec/*.yaml`, by file name, read under the spec cap. It is its own module so that
//! `cargo xtask generate` and `spec-diff` read the specs the way the importer does without going through the
//! importer: reading a folder of specs is not importing a page.

use std::path::Path;

use anyhow::{Context, Result};

/// One spec file in memory: its file name (`cas-2020-04-07.yaml`) and text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SpecFile {
    /// The file name within the spec folder.
    pub name: String,
    /// The file's text.
    pub text: String,
}

/// Every `*.yaml` in `dir`, by file name; each a regular file of at most [`crate::read::SPEC_CAP`] bytes.
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
