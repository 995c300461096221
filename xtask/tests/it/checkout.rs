//! The real `xtask` binary acts on the checkout it is run in, found at run time, never the one it was built from
//! (two checkouts may share one `CARGO_TARGET_DIR`); and a bad spec gives our error alone, with no panic text.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use crate::support;

const XTASK: &str = env!("CARGO_BIN_EXE_xtask");
const GENERATED: [&str; 2] = [
    "crates/alicert-api/src/cas/generated.rs",
    "crates/alicert-api/src/vod/generated.rs",
];

fn source_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap()
        .to_path_buf()
}

/// A second checkout, as far as `generate` cares: a workspace manifest, `spec/` and the generated files.
fn checkout_copy(label: &str) -> PathBuf {
    let root = support::scratch(label);
    std::fs::write(
        root.join("Cargo.toml"),
        "[workspace]\nmembers = [\"xtask\"]\n",
    )
    .unwrap();
    std::fs::create_dir_all(root.join("xtask")).unwrap();
    std::fs::write(
        root.join("xtask/Cargo.toml"),
        "[package]\nname = \"xtask\"\n",
    )
    .unwrap();
    let specs = support::spec_copy(&format!("{label}-spec"));
    std::fs::rename(&specs, root.join("spec")).unwrap();
    for file in GENERATED {
        let to = root.join(file);
        std::fs::create_dir_all(to.parent().unwrap()).unwrap();
        std::fs::copy(source_root().join(file), to).unwrap();
    }
    root
}

fn run(command: &mut Command) -> (Output, String) {
    let output = command.env("RUST_BACKTRACE", "1").output().unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    (output, stderr)
}

#[test]
fn generate_writes_the_checkout_named_by_cargo_manifest_dir() {
    let copy = checkout_copy("checkout-env");
    let stale = copy.join(GENERATED[1]);
    std::fs::write(&stale, "// stale\n").unwrap();
    let source_before = std::fs::read(source_root().join(GENERATED[1])).unwrap();

    // `cargo xtask` sets CARGO_MANIFEST_DIR to the xtask folder of the checkout it runs in.
    let (output, stderr) = run(Command::new(XTASK)
        .arg("generate")
        .env("CARGO_MANIFEST_DIR", copy.join("xtask"))
        .current_dir(std::env::temp_dir()));
    assert!(output.status.success(), "{stderr}");
    assert!(
        stderr.contains(&format!("wrote {}", GENERATED[1])),
        "{stderr}"
    );
    assert_eq!(std::fs::read(&stale).unwrap(), source_before);
    assert_eq!(
        std::fs::read(source_root().join(GENERATED[1])).unwrap(),
        source_before
    );
}

#[test]
fn without_cargo_the_checkout_is_found_from_the_current_folder() {
    let copy = checkout_copy("checkout-cwd");
    std::fs::write(copy.join(GENERATED[0]), "// stale\n").unwrap();
    let (output, stdout_and_err) = run(Command::new(XTASK)
        .args(["generate", "--check"])
        .env_remove("CARGO_MANIFEST_DIR")
        .current_dir(copy.join("spec")));
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert_eq!(output.status.code(), Some(1), "{stdout_and_err}");
    assert!(
        stdout.contains(&format!("{} is stale", GENERATED[0])),
        "{stdout}"
    );
    assert!(
        !stdout.contains(&format!("{} is stale", GENERATED[1])),
        "{stdout}"
    );
}

/// (what to replace in the vod spec, its replacement, the text the error must contain, lines from the replaced
/// text's start to the offending node)
const BAD_SPECS: [(&str, &str, &str, usize); 5] = [
    (
        "          schema:\n            type: string\n          example: \"example.com\"",
        "          schema:\n            type: foo\n          example: \"example.com\"",
        "`type: foo`",
        1,
    ),
    (
        "          schema:\n            type: string\n          example: \"example.com\"",
        "          schema:\n            type: \"null\"\n          example: \"example.com\"",
        "`type: null`",
        1,
    ),
    (
        "$ref: \"#/components/schemas/DescribeVodDomainCertificateInfoResponse\"",
        "$ref: \"#/components/schemas/Nowhere\"",
        "leads nowhere",
        0,
    ),
    (
        "$ref: \"#/components/schemas/DescribeVodDomainCertificateInfoResponse\"",
        "$ref: \"other.yaml#/components/schemas/Thing\"",
        "points outside this file",
        0,
    ),
    (
        "- name: DomainName",
        "- name: \"\"",
        "is not a parameter name",
        0,
    ),
];

#[test]
fn bad_specs_give_our_error_with_file_operation_and_line_and_no_panic() {
    for (number, (from, to, needle, offset)) in BAD_SPECS.into_iter().enumerate() {
        let copy = checkout_copy(&format!("checkout-bad-{number}"));
        let path = copy.join("spec/vod-2017-03-21.yaml");
        let text = std::fs::read_to_string(&path).unwrap();
        let line = text[..text.find(from).unwrap()].matches('\n').count() + 1 + offset;
        std::fs::write(&path, support::edit(&text, from, to)).unwrap();
        for args in [&["generate"][..], &["generate", "--check"]] {
            let (output, stderr) = run(Command::new(XTASK)
                .args(args)
                .env("CARGO_MANIFEST_DIR", copy.join("xtask")));
            assert_eq!(output.status.code(), Some(1), "{to}: {stderr}");
            let prefix = format!("error: spec/vod-2017-03-21.yaml:{line}:");
            assert!(
                stderr.starts_with(&prefix),
                "{to}: expected {prefix:?}: {stderr}"
            );
            assert!(
                stderr.contains(": operation DescribeVodDomainCertificateInfo: "),
                "{to}: {stderr}"
            );
            assert!(stderr.contains(needle), "{to}: {stderr}");
            assert_eq!(
                stderr.lines().count(),
                1,
                "{to}: one line, nothing else: {stderr}"
            );
            for noise in ["panicked", "backtrace", "RUST_BACKTRACE"] {
                assert!(!stderr.contains(noise), "{to}: {stderr}");
            }
        }
    }
}
