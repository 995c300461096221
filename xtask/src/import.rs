//! `cargo xtask import-doc PAGE...`: the command line of the page importer, which lives in the `docimport` crate.
//! This file parses the arguments, writes the spec files the import changed (each replaced at once: a temporary
//! file, then a rename), prints what each page did and its notes, and turns the result into an exit code;
//! everything the import decides is `docimport`'s. Its items are re-exported here so that the tests and the other
//! commands keep reaching them as `xtask::import::...`.

use std::ffi::OsString;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, anyhow, bail};

pub use docimport::import::{Change, Imported, Options, Report, import_page, import_pages};
pub use docimport::new_spec::{Endpoints, ProductOptions};
pub use docimport::spec_files::{SpecFile, read_specs};

/// `cargo xtask import-doc [--spec-dir DIR] [--spec FILE] [--product CODE [--version YYYY-MM-DD] [--endpoint HOST |
/// --regional] [--default-region REGION]] [--check] PAGE...`: imports, prints what happened to standard error (and, with `--check`, the diff
/// to standard output). Exit 0, or 1 with `--check` when the spec differs from the pages.
pub fn main(root: &Path, args: &[OsString]) -> Result<std::process::ExitCode> {
    let mut options = Options {
        spec_dir: root.join("spec"),
        spec_file: None,
        product: None,
        check: false,
    };
    let mut product = ProductOptions::default();
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
            "--version" => {
                let version = args
                    .next()
                    .and_then(|version| version.to_str())
                    .ok_or_else(|| {
                        anyhow!("`--version` expects an API version such as `2018-05-10`")
                    })?;
                product.version = Some(version.to_owned());
            }
            "--endpoint" => {
                let host = args.next().and_then(|host| host.to_str()).ok_or_else(|| {
                    anyhow!("`--endpoint` expects a host such as `cdn.aliyuncs.com`")
                })?;
                if product.endpoints.is_some() {
                    bail!(
                        "import-doc: `--endpoint` and `--regional` are one choice; expected one of them, once"
                    );
                }
                product.endpoints = Some(Endpoints::Central(Some(host.to_owned())));
            }
            "--default-region" => {
                let region = args
                    .next()
                    .and_then(|region| region.to_str())
                    .ok_or_else(|| {
                        anyhow!("`--default-region` expects a region id such as `cn-shanghai`")
                    })?;
                product.default_region = Some(region.to_owned());
            }
            "--regional" => {
                if product.endpoints.is_some() {
                    bail!(
                        "import-doc: `--endpoint` and `--regional` are one choice; expected one of them, once"
                    );
                }
                product.endpoints = Some(Endpoints::Regional);
            }
            flag if flag.starts_with("--") => bail!("import-doc: unknown option `{flag}`"),
            page => pages.push(PathBuf::from(page)),
        }
    }
    let report = run_for_product(&pages, &options, &product)?;
    for name in &report.created {
        let what = if options.check {
            "would create"
        } else {
            "created"
        };
        eprintln!("{what} spec/{name}");
    }
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

/// Imports the pages into the spec files of `options.spec_dir` and writes the changed files, unless
/// `options.check`; nothing is written when any page fails.
pub fn run(pages: &[PathBuf], options: &Options) -> Result<Report> {
    run_for_product(pages, options, &ProductOptions::default())
}

/// [`run`], with what the command line says about the product of `options.product` (`--version`, `--endpoint`,
/// `--regional`).
pub fn run_for_product(
    pages: &[PathBuf],
    options: &Options,
    product: &ProductOptions,
) -> Result<Report> {
    let report = import_pages(pages, options, product)?;
    if !options.check {
        for (name, _, text) in &report.changed {
            write_atomically(&options.spec_dir.join(name), text)?;
        }
    }
    Ok(report)
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
