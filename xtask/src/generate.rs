//! `cargo xtask generate [--check]`: runs the pure generator over `spec/*.yaml` and writes its files, or, with
//! `--check`, writes nothing and reports every file that differs from what the generator would write.

use std::fmt::Write as _;
use std::path::Path;

use anyhow::{Context, Result};
use codegen::{GeneratedFile, SpecSource};

/// Reads every `spec/*.yaml`, in file-name order, named as the generator shows them (`spec/cas-2020-04-07.yaml`).
pub fn spec_sources(root: &Path) -> Result<Vec<SpecSource>> {
    Ok(docimport::spec_files::read_specs(&root.join("spec"))?
        .into_iter()
        .map(|spec| SpecSource::new(format!("spec/{}", spec.name), spec.text))
        .collect())
}

/// What the generator would write for the specs under `root`.
pub fn expected_files(root: &Path) -> Result<Vec<GeneratedFile>> {
    Ok(codegen::generate(&spec_sources(root)?)?)
}

/// Writes the generated files; returns the paths that changed.
pub fn write(root: &Path) -> Result<Vec<String>> {
    let mut changed = Vec::new();
    for file in expected_files(root)? {
        let path = root.join(&file.path);
        let current = std::fs::read_to_string(&path).ok();
        if current.as_deref() != Some(file.contents.as_str()) {
            if let Some(parent) = path.parent() {
                std::fs::create_dir_all(parent)
                    .with_context(|| format!("creating {}", parent.display()))?;
            }
            std::fs::write(&path, &file.contents)
                .with_context(|| format!("writing {}", path.display()))?;
            changed.push(file.path);
        }
    }
    Ok(changed)
}

/// Compares the checked-in files with what the generator would write. `Ok(None)` when fresh; otherwise a report
/// with a unified diff per stale file and the command that fixes it.
pub fn check(root: &Path) -> Result<Option<String>> {
    let mut report = String::new();
    for file in expected_files(root)? {
        let path = root.join(&file.path);
        let current = std::fs::read_to_string(&path).unwrap_or_default();
        if current == file.contents {
            continue;
        }
        let diff = similar::TextDiff::from_lines(&current, &file.contents);
        let _ = writeln!(report, "{} is stale:", file.path);
        let _ = write!(
            report,
            "{}",
            diff.unified_diff().context_radius(2).header(
                &format!("{} (checked in)", file.path),
                &format!("{} (generated)", file.path)
            )
        );
    }
    if report.is_empty() {
        Ok(None)
    } else {
        report.push_str(
            "\nThe generated code is stale: run `cargo xtask generate` and commit the result.\n",
        );
        Ok(Some(report))
    }
}
