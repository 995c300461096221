//! Shared helpers: reading the spec the crate was generated from.

use std::path::PathBuf;

use serde_json::Value;

pub fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// The spec file as JSON.
pub fn spec(file: &str) -> Value {
    let path = repo_root().join("spec").join(file);
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|error| panic!("reading {}: {error}", path.display()));
    serde_yaml::from_str(&text)
        .unwrap_or_else(|error| panic!("parsing {}: {error}", path.display()))
}

/// The page's sample success response, as the spec carries it for `action`.
pub fn sample(file: &str, action: &str) -> Value {
    let spec = spec(file);
    spec["paths"][format!("/?Action={action}")]["post"]["responses"]["200"]["content"]["application/json"]["example"]
        .clone()
}
