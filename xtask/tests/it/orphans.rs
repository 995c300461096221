//! A product whose spec is removed leaves no generated file behind: `generate --check` names each orphan and
//! `generate` deletes it (with its folder, when nothing else is in it); a file without our header is never touched.

use std::path::Path;

use crate::support;

/// A scratch checkout: `spec/` and every file the generator writes for it, as checked in.
fn checkout(label: &str) -> std::path::PathBuf {
    let source = xtask::workspace_root().unwrap();
    let root = support::scratch(label);
    std::fs::create_dir_all(root.join("spec")).unwrap();
    for spec in ["cas-2020-04-07.yaml", "vod-2017-03-21.yaml"] {
        std::fs::copy(source.join("spec").join(spec), root.join("spec").join(spec)).unwrap();
    }
    for file in xtask::generate::expected_files(&source).unwrap() {
        let to = root.join(&file.path);
        std::fs::create_dir_all(to.parent().unwrap()).unwrap();
        std::fs::copy(source.join(&file.path), to).unwrap();
    }
    root
}

fn exists(root: &Path, path: &str) -> bool {
    root.join(path).exists()
}

#[test]
fn a_removed_products_generated_files_are_named_then_deleted() {
    let root = checkout("orphans");
    assert!(
        xtask::generate::check(&root).unwrap().is_none(),
        "a faithful copy is fresh"
    );
    // A file of one's own beside the generated ones, without the header, must survive.
    std::fs::write(root.join("crates/alicert-api/src/vod/notes.md"), "mine\n").unwrap();
    std::fs::remove_file(root.join("spec/vod-2017-03-21.yaml")).unwrap();

    let report = xtask::generate::check(&root).unwrap().expect("stale");
    for orphan in [
        "crates/alicert-api/src/vod/generated.rs",
        "crates/alicert-api/src/vod/mod.rs",
    ] {
        assert!(
            report.contains(&format!(
                "{orphan} is generated, but no spec produces it any more"
            )),
            "{report}"
        );
    }
    assert!(
        exists(&root, "crates/alicert-api/src/vod/generated.rs"),
        "check writes nothing"
    );

    let changed = xtask::generate::write(&root).unwrap();
    assert!(
        changed.contains(&"crates/alicert-api/src/vod/generated.rs".to_owned()),
        "{changed:?}"
    );
    assert!(!exists(&root, "crates/alicert-api/src/vod/generated.rs"));
    assert!(!exists(&root, "crates/alicert-api/src/vod/mod.rs"));
    assert!(
        exists(&root, "crates/alicert-api/src/vod/notes.md"),
        "not ours: kept"
    );
    let products =
        std::fs::read_to_string(root.join("crates/alicert-api/src/products.rs")).unwrap();
    assert!(!products.contains("\"vod\""), "the table lost vod");
    assert!(
        xtask::generate::check(&root).unwrap().is_none(),
        "fresh after generate"
    );

    // With the folder emptied, it goes too.
    std::fs::remove_file(root.join("crates/alicert-api/src/vod/notes.md")).unwrap();
    std::fs::remove_file(root.join("spec/cas-2020-04-07.yaml")).unwrap();
    std::fs::copy(
        xtask::workspace_root()
            .unwrap()
            .join("spec/vod-2017-03-21.yaml"),
        root.join("spec/vod-2017-03-21.yaml"),
    )
    .unwrap();
    xtask::generate::write(&root).unwrap();
    assert!(
        !root.join("crates/alicert-api/src/cas").exists(),
        "cas's folder is gone"
    );
    assert!(exists(&root, "crates/alicert-api/src/vod/generated.rs"));
}
