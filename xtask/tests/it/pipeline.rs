//! The whole path of a docs change, through the real binary: import the hand-written pages of `pages/new/` (a new
//! cas operation in the 2024 layout, another in the 2025 layout, and a new product, CDN 2018-05-10, in the 2026
//! layout with Markdown tables), then generate, in a copy of the checkout's `spec/` and generated files. Only
//! `spec/` and `@generated` files change or appear, `generate --check` then reports fresh, and generating again
//! gives the same bytes.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use serde_yaml::Value;

use crate::new_pages::new_page;
use crate::support;

/// Every file under `dir`, by its path relative to `root` (with `/`), with its bytes.
fn files(root: &Path, dir: &Path, out: &mut BTreeMap<String, Vec<u8>>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries {
        let entry = entry.unwrap();
        let kind = entry.file_type().unwrap();
        let path = entry.path();
        if kind.is_dir() {
            files(root, &path, out);
        } else if kind.is_file() {
            let relative = path.strip_prefix(root).unwrap();
            let name: Vec<String> = relative
                .components()
                .map(|part| part.as_os_str().to_string_lossy().into_owned())
                .collect();
            out.insert(name.join("/"), std::fs::read(&path).unwrap());
        }
    }
}

fn snapshot(root: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut out = BTreeMap::new();
    files(root, root, &mut out);
    out
}

fn is_generated(bytes: &[u8]) -> bool {
    let first = bytes
        .split(|byte| *byte == b'\n')
        .next()
        .unwrap_or_default();
    let first = String::from_utf8_lossy(first);
    first.starts_with("// @generated") || first.starts_with("<!-- @generated")
}

/// A copy of the checkout's `spec/` and of every generated file (an `@generated` first line, or a path the
/// generator writes) under `crates/` and `docs/`.
fn checkout_copy(label: &str) -> PathBuf {
    let root = xtask::workspace_root().expect("the tests run inside the checkout");
    let copy = support::scratch(label);
    let written: Vec<String> = xtask::generate::expected_files(&root)
        .expect("the checkout generates")
        .into_iter()
        .map(|file| file.path)
        .collect();
    let mut source = BTreeMap::new();
    files(&root, &root.join("spec"), &mut source);
    files(&root, &root.join("crates"), &mut source);
    files(&root, &root.join("docs"), &mut source);
    for (path, bytes) in source {
        let keep = path.starts_with("spec/") || is_generated(&bytes) || written.contains(&path);
        if keep {
            let target = copy.join(&path);
            std::fs::create_dir_all(target.parent().unwrap()).unwrap();
            std::fs::write(target, bytes).unwrap();
        }
    }
    copy
}

/// Runs the built `xtask` on `root`, from inside it and without cargo's variables, so that nothing but `--root`
/// can point it at the checkout.
fn xtask(root: &Path, args: &[&str]) -> (bool, String) {
    let output = Command::new(env!("CARGO_BIN_EXE_xtask"))
        .arg("--root")
        .arg(root)
        .args(args)
        .current_dir(root)
        .env_remove("CARGO_MANIFEST_DIR")
        .output()
        .expect("running xtask");
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    (output.status.success(), text)
}

fn page(name: &str) -> String {
    new_page(name).to_str().expect("a UTF-8 path").to_owned()
}

#[test]
fn import_then_generate_changes_only_spec_and_generated_files() {
    let root = checkout_copy("pipeline");
    let before = snapshot(&root);

    let (ok, out) = xtask(
        &root,
        &[
            "import-doc",
            &page("cas-list-deployment-job-2024.txt"),
            &page("cas-update-deployment-job-status-2025.txt"),
        ],
    );
    assert!(ok, "{out}");
    assert!(
        out.contains("ListDeploymentJob added to spec/cas-2020-04-07.yaml"),
        "{out}"
    );
    let (ok, out) = xtask(
        &root,
        &[
            "import-doc",
            "--product",
            "cdn",
            "--version",
            "2018-05-10",
            &page("cdn-describe-domain-certificate-info-2026.md"),
        ],
    );
    assert!(ok, "{out}");
    assert!(out.contains("created spec/cdn-2018-05-10.yaml"), "{out}");
    let (ok, out) = xtask(&root, &["generate"]);
    assert!(ok, "{out}");

    let after = snapshot(&root);
    for (path, bytes) in &after {
        if before.get(path) == Some(bytes) {
            continue;
        }
        assert!(
            path.starts_with("spec/") || is_generated(bytes),
            "{path} changed or appeared, and it is neither in spec/ nor generated"
        );
    }
    for path in before.keys() {
        assert!(after.contains_key(path), "{path} disappeared");
    }
    assert!(
        after.contains_key(&codegen::output_path("cdn")),
        "the new product's module is generated"
    );

    let (ok, out) = xtask(&root, &["generate", "--check"]);
    assert!(ok && out.contains("generated code is fresh"), "{out}");
    let (ok, out) = xtask(&root, &["generate"]);
    assert!(ok && out.contains("up to date"), "{out}");
    assert_eq!(snapshot(&root), after, "generating again changes nothing");
    let first = xtask::generate::expected_files(&root).unwrap();
    let second = xtask::generate::expected_files(&root).unwrap();
    assert_eq!(first, second, "the generator is deterministic");

    let spec = |name: &str| -> Value {
        serde_yaml::from_slice(&after[&format!("spec/{name}")]).expect("the spec is YAML")
    };
    let cas = spec("cas-2020-04-07.yaml");
    for action in ["ListDeploymentJob", "UpdateDeploymentJobStatus"] {
        assert!(
            cas["paths"][format!("/?Action={action}").as_str()]["post"].is_mapping(),
            "cas gained {action}"
        );
    }
    let cdn = spec("cdn-2018-05-10.yaml");
    assert_eq!(cdn["info"]["x-alicert-product"], "cdn");
    assert_eq!(cdn["info"]["version"], "2018-05-10");
    assert!(cdn["paths"]["/?Action=DescribeDomainCertificateInfo"]["post"].is_mapping());

    // The checkout itself is untouched.
    let checkout = xtask::workspace_root().unwrap();
    assert!(!checkout.join("spec/cdn-2018-05-10.yaml").exists());
}

#[test]
fn root_must_be_a_folder() {
    let output = Command::new(env!("CARGO_BIN_EXE_xtask"))
        .args(["--root", "/nonexistent/alicert-root", "generate", "--check"])
        .output()
        .expect("running xtask");
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("`--root /nonexistent/alicert-root`: expected a folder"),
        "{stderr}"
    );
}

#[test]
fn check_names_the_spec_it_would_create_and_writes_nothing() {
    let root = checkout_copy("pipeline-check");
    let before = snapshot(&root);
    let (ok, out) = xtask(
        &root,
        &[
            "import-doc",
            "--check",
            "--product",
            "cdn",
            "--version",
            "2018-05-10",
            &page("cdn-describe-domain-certificate-info-2026.md"),
        ],
    );
    assert!(!ok, "the spec differs from the page: {out}");
    assert!(
        out.contains("would create spec/cdn-2018-05-10.yaml"),
        "{out}"
    );
    assert!(out.contains("+++ b/cdn-2018-05-10.yaml"), "{out}");
    assert_eq!(snapshot(&root), before);
}
