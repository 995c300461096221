//! The comparison as one JSON object, for tools that act on it (a CI step that labels a pull request, a bot that
//! comments only on breaking changes) and should not parse Markdown. Its shape is part of the command's contract:
//! fields are only ever added.

use serde_json::{Value, json};

use crate::model::{Class, SpecDiff, Subject};
use crate::rust_api;

/// The report as JSON:
///
/// ```json
/// { "old": "`HEAD`", "new": "the working tree", "verdict": "additive",
///   "counts": { "breaking": 0, "additive": 1, "docs-only": 0 },
///   "changes": [ { "product": "cas", "subject": "operation", "name": "ListDeploymentJob",
///                  "class": "additive", "text": "new operation (...)" } ],
///   "rust": { "added": [ ["cas::types::X", "struct"] ], "removed": [], "altered": [] } }
/// ```
///
/// `verdict` is `null` when nothing changed; `subject` is `document` (no `name`), `operation` or `schema`; `rust`
/// is absent when not asked for and `{ "error": "..." }` when the generator rejects a side.
pub fn render_json(
    diff: &SpecDiff,
    old_label: &str,
    new_label: &str,
    rust: Option<&Result<rust_api::Summary, String>>,
) -> String {
    let changes: Vec<Value> = diff
        .sections
        .iter()
        .flat_map(|section| {
            let (subject, name) = match &section.location.subject {
                Subject::Document => ("document", None),
                Subject::Operation(name) => ("operation", Some(name)),
                Subject::Schema(name) => ("schema", Some(name)),
            };
            section.changes.iter().map(move |change| {
                let mut entry = json!({
                    "product": section.location.product,
                    "subject": subject,
                    "class": change.class.to_string(),
                    "text": change.text,
                });
                if let Some(name) = name {
                    entry["name"] = json!(name);
                }
                entry
            })
        })
        .collect();
    let mut report = json!({
        "old": old_label,
        "new": new_label,
        "verdict": diff.verdict().map(|class| class.to_string()),
        "counts": {
            "breaking": diff.count(Class::Breaking),
            "additive": diff.count(Class::Additive),
            "docs-only": diff.count(Class::DocsOnly),
        },
        "changes": changes,
    });
    if let Some(rust) = rust {
        report["rust"] = match rust {
            Err(error) => json!({ "error": error }),
            Ok(summary) => json!({
                "added": summary.added,
                "removed": summary.removed,
                "altered": summary.altered,
            }),
        };
    }
    let mut text = serde_json::to_string_pretty(&report).unwrap_or_default();
    text.push('\n');
    text
}
