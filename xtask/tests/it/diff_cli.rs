//! `cargo xtask spec-diff` as CI runs it: the binary's Markdown and exit code (1 when breaking, 0 otherwise, 2 on a
//! bad argument), and the git-revision side, on a scratch repository.

use std::path::Path;
use std::process::Command;

use xtask::spec_diff::{self, Class};

use crate::support;

fn xtask(args: &[&str]) -> (i32, String, String) {
    let output = Command::new(env!("CARGO_BIN_EXE_xtask"))
        .args(args)
        .output()
        .expect("running xtask");
    (
        output.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

/// A spec copy whose cas file has `from` replaced by `to`.
fn modified_copy(label: &str, from: &str, to: &str) -> std::path::PathBuf {
    let dir = support::spec_copy(label);
    let path = dir.join("cas-2020-04-07.yaml");
    let text = support::edit(&std::fs::read_to_string(&path).unwrap(), from, to);
    std::fs::write(path, text).unwrap();
    dir
}

#[test]
fn breaking_changes_exit_1_with_a_markdown_report() {
    let dir = modified_copy(
        "cli-breaking",
        "          required: false\n          style: form\n          explode: true\n          schema:\n            type: string\n          example: \"NLB\"",
        "          required: true\n          style: form\n          explode: true\n          schema:\n            type: string\n          example: \"NLB\"",
    );
    let old = support::spec_dir();
    let (code, stdout, stderr) = xtask(&[
        "spec-diff",
        "--no-rust",
        old.to_str().unwrap(),
        dir.to_str().unwrap(),
    ]);
    assert_eq!(code, 1, "{stdout}{stderr}");
    assert!(stdout.starts_with("## Spec changes: "), "{stdout}");
    assert!(
        stdout.contains("Verdict: **breaking** (1 breaking, 0 additive, 0 docs-only)"),
        "{stdout}"
    );
    assert!(
        stdout.contains(
            "### cas · ListWorkerResource\n\n- **breaking**: parameter `CloudProduct`: now required"
        ),
        "{stdout}"
    );
    assert!(stdout.contains("<sub>breaking: "), "the legend: {stdout}");
}

#[test]
fn additive_changes_exit_0_and_list_the_rust_items() {
    let dir = modified_copy(
        "cli-additive",
        "            - success\n          x-enum-descriptions:\n            pending: \"\"\n",
        "            - success\n            - canceled\n          x-enum-descriptions:\n            pending: \"\"\n",
    );
    let old = support::spec_dir();
    let (code, stdout, stderr) =
        xtask(&["spec-diff", old.to_str().unwrap(), dir.to_str().unwrap()]);
    assert_eq!(code, 0, "{stdout}{stderr}");
    assert!(
        stdout.contains("Verdict: additive (0 breaking, 1 additive, 0 docs-only)"),
        "{stdout}"
    );
    assert!(
        stdout.contains("### Public Rust items of the generated crate"),
        "{stdout}"
    );
    assert!(
        stdout.contains("- added `cas::types::DeploymentJobStatus::Canceled`: `variant`"),
        "{stdout}"
    );
}

#[test]
fn no_change_exits_0() {
    let old = support::spec_dir();
    let copy = support::spec_copy("cli-same");
    let (code, stdout, _) = xtask(&[
        "spec-diff",
        "--no-rust",
        old.to_str().unwrap(),
        copy.to_str().unwrap(),
    ]);
    assert_eq!(code, 0);
    assert!(
        stdout.contains("No semantic changes to the spec."),
        "{stdout}"
    );
}

#[test]
fn an_unknown_side_exits_2() {
    let (code, _, stderr) = xtask(&["spec-diff", "--no-rust", "no-such-revision-or-file"]);
    assert_eq!(code, 2);
    assert!(
        stderr.contains(
            "`no-such-revision-or-file` is neither an existing file or folder nor a git revision"
        ),
        "{stderr}"
    );
}

fn git(repo: &Path, args: &[&str]) {
    let status = Command::new("git")
        .arg("-C")
        .arg(repo)
        .args([
            "-c",
            "user.name=test",
            "-c",
            "user.email=test@example.invalid",
            "-c",
            "commit.gpgsign=false",
        ])
        .args(args)
        .status()
        .expect("running git");
    assert!(status.success(), "git {args:?}");
}

#[test]
fn a_git_revision_against_the_working_tree() {
    let repo = support::scratch("git");
    git(&repo, &["init", "-q"]);
    std::fs::create_dir_all(repo.join("spec")).unwrap();
    std::fs::write(
        repo.join("spec/cas-2020-04-07.yaml"),
        support::spec("cas-2020-04-07.yaml"),
    )
    .unwrap();
    git(&repo, &["add", "spec"]);
    git(&repo, &["commit", "-q", "-m", "spec"]);
    let edited = support::edit(
        &support::spec("cas-2020-04-07.yaml"),
        "        ResourceCount:\n          description: The total number of resources.\n          type: integer\n          format: int32\n",
        "        ResourceCount:\n          description: The total number of resources.\n          type: string\n",
    );
    std::fs::write(repo.join("spec/cas-2020-04-07.yaml"), edited).unwrap();

    let old = spec_diff::load_side(&repo, None, "HEAD").expect("HEAD reads");
    let new = spec_diff::load_side(&repo, None, "").expect("the working tree reads");
    assert_eq!(old.label, "`HEAD`");
    assert_eq!(new.label, "the working tree");
    let diff = spec_diff::diff(&old, &new).unwrap();
    assert_eq!(
        diff.changes(),
        [(
            "cas · DescribeDeploymentJobStatus",
            Class::Breaking,
            "response field `ResourceCount`: type changed from `integer/int32` to `string`"
        )]
    );
    // A revision on both sides: nothing changed between HEAD and itself.
    let same = spec_diff::load_side(&repo, Some("HEAD"), "").unwrap();
    assert!(spec_diff::diff(&old, &same).unwrap().sections.is_empty());
}

/// A spec of a product the repository does not have (the vod spec under the code `cdn`), and a copy of `spec/` with
/// it.
fn with_new_product(label: &str) -> std::path::PathBuf {
    let text = support::edit(
        &support::spec("vod-2017-03-21.yaml"),
        "  x-alicert-product: vod\n",
        "  x-alicert-product: cdn\n  x-alicert-endpoints:\n    rule: central\n",
    );
    let dir = support::spec_copy(label);
    std::fs::write(dir.join("cdn-2018-05-10.yaml"), text).unwrap();
    dir
}

#[test]
fn a_new_spec_file_is_an_additive_new_product_from_a_missing_file_or_a_folder() {
    let dir = with_new_product("cli-new-product");
    let new_file = dir.join("cdn-2018-05-10.yaml");
    let missing = support::scratch("cli-no-product").join("cdn-2018-05-10.yaml");
    let (code, stdout, stderr) = xtask(&[
        "spec-diff",
        "--no-rust",
        missing.to_str().unwrap(),
        new_file.to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{stdout}{stderr}");
    assert!(stdout.contains("(absent) → "), "{stdout}");
    assert!(
        stdout.contains("Verdict: additive (0 breaking, 1 additive, 0 docs-only)"),
        "{stdout}"
    );
    assert!(
        stdout.contains(
            "### cdn · document\n\n- additive: new product `cdn` 2017-03-21 (cdn-2018-05-10.yaml)"
        ),
        "{stdout}"
    );

    // The folder of every spec, against the same folder with the new file.
    let old = support::spec_dir();
    let (code, stdout, stderr) = xtask(&[
        "spec-diff",
        "--no-rust",
        old.to_str().unwrap(),
        dir.to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{stdout}{stderr}");
    assert!(stdout.contains("- additive: new product `cdn`"), "{stdout}");

    // The other way round the product is removed: breaking.
    let (code, stdout, _) = xtask(&[
        "spec-diff",
        "--no-rust",
        new_file.to_str().unwrap(),
        missing.to_str().unwrap(),
    ]);
    assert_eq!(code, 1, "{stdout}");
    assert!(stdout.contains("- **breaking**: product `cdn`"), "{stdout}");
}

#[test]
fn a_new_spec_file_in_the_working_tree_against_head() {
    let repo = support::scratch("git-new-product");
    git(&repo, &["init", "-q"]);
    std::fs::create_dir_all(repo.join("spec")).unwrap();
    std::fs::write(
        repo.join("spec/cas-2020-04-07.yaml"),
        support::spec("cas-2020-04-07.yaml"),
    )
    .unwrap();
    git(&repo, &["add", "spec"]);
    git(&repo, &["commit", "-q", "-m", "spec"]);
    let dir = with_new_product("git-new-product-spec");
    std::fs::copy(
        dir.join("cdn-2018-05-10.yaml"),
        repo.join("spec/cdn-2018-05-10.yaml"),
    )
    .unwrap();

    let old = spec_diff::load_side(&repo, None, "HEAD").unwrap();
    let new = spec_diff::load_side(&repo, None, "").unwrap();
    let diff = spec_diff::diff(&old, &new).unwrap();
    let changes = diff.changes();
    assert_eq!(changes.len(), 1, "{changes:?}");
    assert_eq!(changes[0].0, "cdn · document");
    assert_eq!(changes[0].1, Class::Additive);
    assert!(changes[0].2.starts_with("new product `cdn`"), "{changes:?}");
}

#[test]
fn json_output_carries_the_verdict_and_each_change_with_its_location() {
    let dir = modified_copy(
        "cli-json",
        "          required: false\n          style: form\n          explode: true\n          schema:\n            type: string\n          example: \"NLB\"",
        "          required: true\n          style: form\n          explode: true\n          schema:\n            type: string\n          example: \"NLB\"",
    );
    let old = support::spec_dir();
    let (code, stdout, stderr) = xtask(&[
        "spec-diff",
        "--json",
        "--no-rust",
        old.to_str().unwrap(),
        dir.to_str().unwrap(),
    ]);
    assert_eq!(code, 1, "{stdout}{stderr}");
    let report: serde_json::Value = serde_json::from_str(&stdout).expect("one JSON object");
    assert_eq!(report["verdict"], "breaking");
    assert_eq!(
        report["counts"],
        serde_json::json!({ "breaking": 1, "additive": 0, "docs-only": 0 })
    );
    assert_eq!(
        report["changes"],
        serde_json::json!([{
            "product": "cas",
            "subject": "operation",
            "name": "ListWorkerResource",
            "class": "breaking",
            "text": "parameter `CloudProduct`: now required (every call must set it)",
        }])
    );
    assert_eq!(report["new"], dir.to_str().unwrap());
    assert!(report.get("rust").is_none(), "--no-rust: {report}");

    let (code, stdout, _) = xtask(&[
        "spec-diff",
        "--json",
        "--no-rust",
        old.to_str().unwrap(),
        old.to_str().unwrap(),
    ]);
    assert_eq!(code, 0);
    let report: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(report["verdict"], serde_json::Value::Null);
    assert_eq!(report["changes"], serde_json::json!([]));
}

#[test]
fn a_spec_file_at_a_revision_is_read_under_the_size_cap() {
    let repo = support::scratch("git-huge");
    git(&repo, &["init", "-q"]);
    std::fs::create_dir_all(repo.join("spec")).unwrap();
    std::fs::write(
        repo.join("spec/cas-2020-04-07.yaml"),
        support::spec("cas-2020-04-07.yaml"),
    )
    .unwrap();
    let cap = usize::try_from(xtask::read::SPEC_CAP).unwrap();
    std::fs::write(repo.join("spec/huge.yaml"), "#".repeat(cap + 1)).unwrap();
    git(&repo, &["add", "spec"]);
    git(&repo, &["commit", "-q", "-m", "spec"]);

    let error = spec_diff::load_side(&repo, Some("HEAD"), "")
        .expect_err("a spec file over the cap is refused")
        .to_string();
    assert!(
        error.contains("spec/huge.yaml at `HEAD` is")
            && error.contains(&format!("more than the {cap} bytes")),
        "{error}"
    );
    // At the cap it is read.
    std::fs::write(repo.join("spec/huge.yaml"), "#".repeat(cap)).unwrap();
    git(&repo, &["commit", "-q", "-a", "-m", "smaller"]);
    let side = spec_diff::load_side(&repo, Some("HEAD"), "").expect("at the cap it reads");
    assert_eq!(side.files.len(), 2);
}
