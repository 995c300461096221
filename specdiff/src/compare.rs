//! The comparison of two sides, product by product: a product added or removed, a document's `info`, endpoints,
//! `servers` and `components`, and per operation its texts, provenance and other keys, then its parameters and
//! response fields (handed to [`crate::nodes`]). Each change is classified here, where its meaning is known, so
//! that the renderers only print.

use std::collections::BTreeSet;

use crate::SpecSet;
use crate::document::{Document, Operation, documents};
use crate::endpoints;
use crate::error::Error;
use crate::model::{Change, Class, Section, SpecDiff, Subject, docs};
use crate::nodes::{Side, compare_nodes};
use crate::words::word_diff;

/// Parses both sides and compares them.
pub fn diff(old: &SpecSet, new: &SpecSet) -> Result<SpecDiff, Error> {
    let old_documents = documents(old)?;
    let new_documents = documents(new)?;
    let mut products: Vec<&String> = Vec::new();
    for product in new_documents.keys().chain(old_documents.keys()) {
        if !products.contains(&product) {
            products.push(product);
        }
    }
    products.sort();
    let mut sections = Vec::new();
    for product in products {
        match (old_documents.get(product), new_documents.get(product)) {
            (Some(old), Some(new)) => compare_documents(product, old, new, &mut sections),
            (None, Some(new)) => sections.push(Section::new(
                product,
                Subject::Document,
                vec![new_product(product, new)],
            )),
            (Some(old), None) => sections.push(Section::new(
                product,
                Subject::Document,
                vec![removed_product(product, old)],
            )),
            (None, None) => {}
        }
    }
    for section in &mut sections {
        section.changes.sort_by_key(|change| change.class);
    }
    sections.retain(|section| !section.changes.is_empty());
    Ok(SpecDiff { sections })
}

/// A product only the new side has: additive, named with its version, file, operations and endpoints.
fn new_product(product: &str, new: &Document) -> Change {
    Change::new(
        Class::Additive,
        format!(
            "new product `{product}`{} ({}), with {} operation(s): {}; endpoints: {}",
            version_of(new),
            new.file,
            new.operations.len(),
            action_list(new),
            endpoints::describe(product, new.endpoints.as_ref())
        ),
    )
}

/// A product only the old side has: breaking, every call to it is gone.
fn removed_product(product: &str, old: &Document) -> Change {
    Change::new(
        Class::Breaking,
        format!(
            "product `{product}`{} ({}) removed, with its operation(s) {}",
            version_of(old),
            old.file,
            action_list(old)
        ),
    )
}

/// ` 2018-05-10` when the document says its API version.
fn version_of(document: &Document) -> String {
    document
        .info
        .get("version")
        .map(|version| format!(" {version}"))
        .unwrap_or_default()
}

/// `` `A`, `B` ``, in the document's order.
fn action_list(document: &Document) -> String {
    document
        .order
        .iter()
        .map(|name| format!("`{name}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

fn compare_documents(product: &str, old: &Document, new: &Document, sections: &mut Vec<Section>) {
    let mut changes = Vec::new();
    for key in ["x-alicert-product", "version"] {
        if old.info.get(key) != new.info.get(key) {
            changes.push(Change {
                class: Class::Breaking,
                text: format!(
                    "`info.{key}` changed from `{}` to `{}` ({})",
                    old.info.get(key).map_or("", String::as_str),
                    new.info.get(key).map_or("", String::as_str),
                    if key == "version" {
                        "every call sends the API version"
                    } else {
                        "the product code names the generated module and Cargo feature"
                    }
                ),
            });
        }
    }
    let info_keys: BTreeSet<&String> = old.info.keys().chain(new.info.keys()).collect();
    for key in info_keys {
        if key == "x-alicert-product" || key == "version" {
            continue;
        }
        if old.info.get(key) != new.info.get(key) {
            changes.push(Change {
                class: Class::DocsOnly,
                text: format!("`info.{key}` changed"),
            });
        }
    }
    endpoints::compare(
        product,
        old.endpoints.as_ref(),
        new.endpoints.as_ref(),
        &mut changes,
    );
    if old.servers != new.servers {
        changes.push(Change {
            class: Class::Breaking,
            text: format!(
                "`servers` changed (the default endpoint): `{}` → `{}`",
                one_line(&old.servers),
                one_line(&new.servers)
            ),
        });
    }
    let component_keys: BTreeSet<&String> = old
        .other_components
        .keys()
        .chain(new.other_components.keys())
        .collect();
    for key in component_keys {
        if old.other_components.get(key) != new.other_components.get(key) {
            changes.push(Change {
                class: Class::Breaking,
                text: format!(
                    "`components.{key}` changed (not a change spec-diff classifies; review it)"
                ),
            });
        }
    }
    if old.file != new.file {
        changes.push(Change {
            class: Class::DocsOnly,
            text: format!("spec file renamed from `{}` to `{}`", old.file, new.file),
        });
    }
    sections.push(Section::new(product, Subject::Document, changes));

    let mut names: Vec<&String> = new.order.iter().collect();
    for name in &old.order {
        if !new.operations.contains_key(name) {
            names.push(name);
        }
    }
    for name in names {
        let mut changes = Vec::new();
        match (old.operations.get(name), new.operations.get(name)) {
            (Some(old), Some(new)) => compare_operations(old, new, &mut changes),
            (None, Some(new)) => changes.push(Change {
                class: Class::Additive,
                text: format!(
                    "new operation ({} parameter(s), {} response field(s))",
                    new.parameters.len(),
                    new.response.len().saturating_sub(1)
                ),
            }),
            (Some(_), None) => changes.push(Change {
                class: Class::Breaking,
                text: "operation removed".to_owned(),
            }),
            (None, None) => {}
        }
        sections.push(Section::new(
            product,
            Subject::Operation(name.clone()),
            changes,
        ));
    }

    let schema_names: BTreeSet<&String> = old.shared.keys().chain(new.shared.keys()).collect();
    for name in schema_names {
        let mut changes = Vec::new();
        match (old.shared.get(name), new.shared.get(name)) {
            (Some(old), Some(new)) => {
                compare_nodes(old, new, Side::Response, "field", &mut changes)
            }
            (None, Some(_)) => changes.push(Change {
                class: Class::Additive,
                text: "new schema".to_owned(),
            }),
            (Some(_), None) => changes.push(Change {
                class: Class::Breaking,
                text: "schema removed".to_owned(),
            }),
            (None, None) => {}
        }
        sections.push(Section::new(
            product,
            Subject::Schema(name.clone()),
            changes,
        ));
    }
}

fn compare_operations(old: &Operation, new: &Operation, changes: &mut Vec<Change>) {
    if old.summary != new.summary {
        changes.push(docs(format!(
            "summary changed: {}",
            word_diff(&old.summary, &new.summary)
        )));
    }
    if old.description != new.description {
        changes.push(docs(format!(
            "description changed: {}",
            word_diff(&old.description, &new.description)
        )));
    }
    let source_keys: BTreeSet<&String> = old.source.keys().chain(new.source.keys()).collect();
    for key in source_keys {
        if old.source.get(key) != new.source.get(key) {
            changes.push(docs(format!(
                "source page `{key}` changed from `{}` to `{}`",
                old.source.get(key).map_or("none", String::as_str),
                new.source.get(key).map_or("none", String::as_str)
            )));
        }
    }
    if old.ok_description != new.ok_description {
        changes.push(docs("description of the `200` response changed".to_owned()));
    }
    if old.example != new.example {
        changes.push(docs("sample response (`200` example) changed".to_owned()));
    }
    let keys: BTreeSet<&String> = old.other.keys().chain(new.other.keys()).collect();
    for key in keys {
        if old.other.get(key) != new.other.get(key) {
            changes.push(Change {
                class: Class::Breaking,
                text: format!("{key} changed (not a change spec-diff classifies; review it)"),
            });
        }
    }
    compare_nodes(
        &old.parameters,
        &new.parameters,
        Side::Request,
        "parameter",
        changes,
    );
    compare_nodes(
        &old.response,
        &new.response,
        Side::Response,
        "response field",
        changes,
    );
}

/// Whitespace runs as single spaces, for text quoted on one line.
pub(crate) fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}
