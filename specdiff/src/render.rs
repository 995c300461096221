//! The Markdown report of a comparison, fit to paste into a review: the verdict with its counts, the changes by
//! section (breaking first), the public Rust items the generated crate gains, loses or changes, and a legend of the
//! classes. It only prints: every change arrives classified and worded.

use std::fmt::Write as _;

use crate::model::{Class, SpecDiff};
use crate::rust_api;

/// The Markdown report: `old_label` → `new_label`, the verdict, the changes by section, and the Rust items when
/// `rust` is given (its error is printed as "Not compared").
pub fn render(
    diff: &SpecDiff,
    old_label: &str,
    new_label: &str,
    rust: Option<&Result<rust_api::Summary, String>>,
) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "## Spec changes: {old_label} → {new_label}\n");
    if diff.sections.is_empty() {
        out.push_str("No semantic changes to the spec.\n\n");
    } else {
        let (breaking, additive, docs) = (
            diff.count(Class::Breaking),
            diff.count(Class::Additive),
            diff.count(Class::DocsOnly),
        );
        let verdict = if breaking > 0 {
            "**breaking**"
        } else if additive > 0 {
            "additive"
        } else {
            "docs-only"
        };
        let _ = writeln!(
            out,
            "Verdict: {verdict} ({breaking} breaking, {additive} additive, {docs} docs-only)\n"
        );
        for section in &diff.sections {
            let _ = writeln!(out, "### {}\n", section.title);
            for change in &section.changes {
                let label = match change.class {
                    Class::Breaking => "**breaking**".to_owned(),
                    other => other.to_string(),
                };
                let _ = writeln!(out, "- {label}: {}", change.text);
            }
            out.push('\n');
        }
    }
    if let Some(rust) = rust {
        out.push_str("### Public Rust items of the generated crate\n\n");
        match rust {
            Err(error) => {
                let _ = writeln!(out, "Not compared: {error}\n");
            }
            Ok(summary) if summary.is_empty() => {
                out.push_str("No public item is added, removed or altered.\n\n")
            }
            Ok(summary) => {
                let _ = writeln!(
                    out,
                    "<details><summary>{} added, {} removed, {} altered</summary>\n",
                    summary.added.len(),
                    summary.removed.len(),
                    summary.altered.len()
                );
                for (path, description) in &summary.removed {
                    let _ = writeln!(out, "- removed `{path}`: `{description}`");
                }
                for (path, old, new) in &summary.altered {
                    let _ = writeln!(out, "- altered `{path}`: `{old}` → `{new}`");
                }
                for (path, description) in &summary.added {
                    let _ = writeln!(out, "- added `{path}`: `{description}`");
                }
                out.push_str("\n</details>\n\n");
            }
        }
    }
    out.push_str(
        "<sub>breaking: removed product, operation, parameter or field; new required parameter; optional made \
         required; type, format, nesting, wire form or Rust type name changed; valid value removed from a request \
         parameter or a response string enum; endpoint rule, central host, default region or a region's host changed \
         or a region removed. additive: new product, operation, optional parameter, field, valid value (enums are \
         open) or region. docs-only: descriptions, examples, meanings, provenance. See \
         docs/when-the-docs-change.md.</sub>\n",
    );
    out
}
