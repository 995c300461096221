//! The CLI is built on the generated table of products: no handwritten file names a product or an operation, so a
//! new one in the spec needs no CLI edit. The exceptions are the behaviour no spec can carry: the job views and
//! `watch` (built on cas's deployment jobs), `expiry --domain` (on VOD's certificate query), the pager behind
//! `--all` and `workers`, and the demo's tour of those views. Comments may name anything.

use std::path::Path;

use alicert_api::products::PRODUCTS;

/// Files whose job is a behaviour of one product's operations.
const EXCEPTIONS: [&str; 10] = [
    "views/job.rs",
    "views/watch.rs",
    "views/workers.rs",
    "views/expiry.rs",
    "commands/job.rs",
    "commands/watch.rs",
    "commands/workers.rs",
    "commands/expiry.rs",
    "commands/pager.rs",
    "commands/demo/mod.rs",
];

/// Whether `text` holds `word` with no letter, digit, `_` or `-` on either side.
fn has_word(text: &str, word: &str) -> bool {
    let is_part = |c: char| c.is_ascii_alphanumeric() || c == '_' || c == '-';
    text.match_indices(word).any(|(at, _)| {
        let before = text[..at].chars().next_back();
        let after = text[at + word.len()..].chars().next();
        !before.is_some_and(is_part) && !after.is_some_and(is_part)
    })
}

/// Every `.rs` file under `dir`, as a path relative to `root` with `/` separators.
fn sources(root: &Path, dir: &Path, out: &mut Vec<(String, String)>) {
    for entry in std::fs::read_dir(dir).expect("src dir") {
        let path = entry.expect("dir entry").path();
        if path.is_dir() {
            sources(root, &path, out);
        } else if path.extension().is_some_and(|ext| ext == "rs") {
            let relative = path
                .strip_prefix(root)
                .expect("under src")
                .components()
                .map(|part| part.as_os_str().to_string_lossy().into_owned())
                .collect::<Vec<_>>()
                .join("/");
            out.push((relative, std::fs::read_to_string(&path).expect("source")));
        }
    }
}

#[test]
fn no_handwritten_file_names_a_product_or_an_operation() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    sources(&root, &root, &mut files);
    files.sort();
    for exception in EXCEPTIONS {
        assert!(
            files.iter().any(|(path, _)| path == exception),
            "{exception} is listed as an exception but does not exist"
        );
    }
    let mut names = Vec::new();
    for product in PRODUCTS {
        names.push(product.code);
        for operation in product.operations {
            names.extend([operation.action, operation.command]);
        }
    }
    let mut found = Vec::new();
    for (path, source) in &files {
        if EXCEPTIONS.contains(&path.as_str()) {
            continue;
        }
        for (number, line) in source.lines().enumerate() {
            if line.trim_start().starts_with("//") {
                continue;
            }
            for name in &names {
                if has_word(line, name) {
                    found.push(format!(
                        "src/{path}:{}: {name}: {}",
                        number + 1,
                        line.trim()
                    ));
                }
            }
        }
    }
    assert!(
        found.is_empty(),
        "handwritten files name products or operations the table already has:\n{}",
        found.join("\n")
    );
}

#[test]
fn words_are_whole() {
    assert!(has_word("clients.client(\"cas\", x)", "cas"));
    assert!(has_word("use alicert_api::cas;", "cas"));
    assert!(!has_word("let cascade = 1;", "cas"));
    assert!(!has_word(
        "describe-deployment-job-status",
        "describe-deployment-job"
    ));
    assert!(!has_word(
        "DescribeDeploymentJobStatus",
        "DescribeDeploymentJob"
    ));
}
