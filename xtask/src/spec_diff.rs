//! `cargo xtask spec-diff [--no-rust] [--json] [OLD] [NEW]`: the command line of the `specdiff` library (which
//! compares, classifies and renders; its crate documentation lists the classes). This module turns each argument
//! into a side, prints the report, and gives CI an exit code: 1 when anything is breaking, 2 on an error.
//!
//! OLD and NEW are each a git revision (every `spec/*.yaml` at that commit), a spec file, or a folder of spec files;
//! OLD defaults to `HEAD`, NEW to the working tree's `spec/`. A spec file that does not exist (a name ending in
//! `.yaml` that is no file and no revision) is a side without a spec: comparing it with the file that creates a new
//! product calls the product new (additive), and the other way round removed (breaking).

use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};

use anyhow::{Context, Result, anyhow, bail};

pub use specdiff::{
    Change, Class, Section, SpecDiff, SpecFile, SpecSet, diff, render, render_json, rust_api,
    rust_summary, word_diff,
};

/// `cargo xtask spec-diff [--no-rust] [--json] [OLD] [NEW]`: prints the report (Markdown, or JSON with `--json`);
/// exit 1 when breaking, 2 on error.
pub fn main(root: &Path, args: &[&str]) -> Result<ExitCode> {
    let mut rust = true;
    let mut json = false;
    let mut sides = Vec::new();
    for arg in args {
        match *arg {
            "--no-rust" => rust = false,
            "--rust" => rust = true,
            "--json" => json = true,
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
        let report = if json {
            render_json(&diff, &old.label, &new.label, summary.as_ref())
        } else {
            render(&diff, &old.label, &new.label, summary.as_ref())
        };
        Ok((report, diff.is_breaking()))
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

/// One side from its argument: an existing file or folder, else a git revision, else (a name ending in `.yaml`) a
/// spec file that does not exist, which is a side without a spec. `None` means `default`: a revision, or (empty)
/// the working tree's `spec/`.
pub fn load_side(root: &Path, arg: Option<&str>, default: &str) -> Result<SpecSet> {
    let arg = arg.unwrap_or(default);
    if arg.is_empty() {
        return load_path(&root.join("spec"), "the working tree");
    }
    let path = PathBuf::from(arg);
    // symlink_metadata: a dangling link is something the user named, and reading it should say so.
    if path.symlink_metadata().is_ok() {
        return load_path(&path, arg);
    }
    match load_revision(root, arg) {
        Err(_) if arg.ends_with(".yaml") => Ok(SpecSet {
            label: format!("`{arg}` (absent)"),
            files: Vec::new(),
        }),
        side => side,
    }
}

/// A spec file, or every `*.yaml` of a folder.
pub fn load_path(path: &Path, label: &str) -> Result<SpecSet> {
    let files = if path.is_dir() {
        crate::import::read_specs(path)?
            .into_iter()
            .map(|file| SpecFile {
                name: file.name,
                text: file.text,
            })
            .collect()
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
    // -z: paths as they are, unquoted; -l: each blob's size, checked before its text is read.
    let listing = git(&["ls-tree", "-z", "-l", &commit, "--", "spec/"])?;
    let mut files = Vec::new();
    for entry in listing.split('\0').filter(|entry| !entry.is_empty()) {
        let (meta, path) = entry
            .split_once('\t')
            .ok_or_else(|| anyhow!("`git ls-tree` printed an entry without a path: {entry:?}"))?;
        if !path.ends_with(".yaml") {
            continue;
        }
        let (mode, kind, object, size) = match meta.split_whitespace().collect::<Vec<_>>()[..] {
            [mode, kind, object, size] => (mode, kind, object, size),
            _ => bail!("`git ls-tree` printed an entry it does not document: {entry:?}"),
        };
        if kind != "blob" || !["100644", "100755"].contains(&mode) {
            bail!(
                "{path} at `{revision}` is not a regular file (git mode {mode}, {kind}); only regular spec files are read"
            );
        }
        let cap = crate::read::SPEC_CAP;
        let size: u64 = size
            .parse()
            .map_err(|_| anyhow!("`git ls-tree` printed no size for {path}: {entry:?}"))?;
        if size > cap {
            bail!(
                "{path} at `{revision}` is {size} bytes, more than the {cap} bytes a spec file can be"
            );
        }
        let text = git(&["cat-file", "blob", object])
            .with_context(|| format!("{path} at `{revision}`"))?;
        let name = path.trim_start_matches("spec/").to_owned();
        files.push(SpecFile { name, text });
    }
    files.sort_by(|left, right| left.name.cmp(&right.name));
    Ok(SpecSet {
        label: format!("`{revision}`"),
        files,
    })
}
