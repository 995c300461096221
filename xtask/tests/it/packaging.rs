//! The four published crates package, together, as `cargo publish --workspace` would package them (cargo packages
//! dependent workspace crates against a local registry of the ones before them), and each package carries what it
//! needs (its sources, the generated clients, the licences, a readme) and none of the workspace-only tests. Offline
//! and without building anything (`--no-verify`): it takes seconds. docs/publishing.md is the human side of this.

use std::path::Path;
use std::process::Command;

use crate::support;

const PUBLISHED: [&str; 4] = ["alicert-core", "alicert-api", "alicert-emulator", "alicert"];

/// Runs `cargo <args>` in the workspace with `target` as its target folder, so that it never waits on the lock of
/// the test run's own.
fn cargo(target: &Path, args: &[&str]) -> String {
    let output = Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()))
        .current_dir(xtask::workspace_root().expect("the workspace root"))
        .env("CARGO_TARGET_DIR", target)
        .args(args)
        .output()
        .expect("running cargo");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        output.status.success(),
        "cargo {} failed:\n{stderr}",
        args.join(" ")
    );
    String::from_utf8_lossy(&output.stdout).into_owned()
}

#[test]
fn the_published_crates_package_with_what_they_need() {
    let target = support::scratch("packaging-target");
    let mut args = vec!["package", "--offline", "--no-verify", "--allow-dirty"];
    for name in PUBLISHED {
        args.extend(["-p", name]);
    }
    cargo(&target, &args);
    for name in PUBLISHED {
        // xtask shares the workspace's version with the published crates.
        let file = target.join(format!(
            "package/{name}-{}.crate",
            env!("CARGO_PKG_VERSION")
        ));
        assert!(file.is_file(), "cargo package wrote no {}", file.display());
    }

    for name in PUBLISHED {
        let files = cargo(
            &target,
            &[
                "package",
                "--offline",
                "--allow-dirty",
                "--list",
                "-p",
                name,
            ],
        );
        let files: Vec<&str> = files.lines().collect();
        let (entry, readme) = if name == "alicert" {
            ("src/main.rs", "cli.md")
        } else {
            ("src/lib.rs", "README.md")
        };
        for needed in ["Cargo.toml", "LICENSE-MIT", "LICENSE-APACHE", entry, readme] {
            assert!(
                files.contains(&needed),
                "{name}'s package lacks {needed}: {files:?}"
            );
        }
        assert!(
            files
                .iter()
                .all(|file| !file.starts_with("tests/") && !file.starts_with("benches/")),
            "{name}'s package carries workspace-only tests: {files:?}"
        );
        if name == "alicert-api" {
            for generated in ["src/cas/generated.rs", "src/vod/generated.rs"] {
                assert!(files.contains(&generated), "alicert-api lacks {generated}");
            }
        }
    }
}

#[test]
fn the_tools_stay_unpublished() {
    let target = support::scratch("packaging-metadata");
    let metadata: serde_json::Value = serde_json::from_str(&cargo(
        &target,
        &[
            "metadata",
            "--offline",
            "--no-deps",
            "--format-version",
            "1",
        ],
    ))
    .expect("cargo metadata prints JSON");
    for package in metadata["packages"].as_array().expect("packages") {
        let name = package["name"].as_str().expect("name");
        // `publish: []` is how cargo metadata spells `publish = false`; `null` is "anywhere".
        let published = package["publish"] != serde_json::json!([]);
        assert_eq!(
            published,
            PUBLISHED.contains(&name),
            "{name}: publish is {}",
            package["publish"]
        );
    }
}
