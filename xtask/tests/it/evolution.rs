//! Import survives real doc evolution: the five pages in Alibaba's 2025 and 2026 layouts import as a
//! provenance-only change, an unknown section is skipped with a note, valid values that diverge between places
//! sharing a title import under the rule of `spec/README.md`, a page never lands in another product's spec, and
//! every command answers `--help`.
//!
//! The 2025 and 2026 pages are made here from the 2024 copies by replacing the two sections that changed (as
//! FIELD-NOTES describes them) and the `Last Updated` line, rather than committed as ten more files: the API
//! parts of each page then stay byte-identical to the 2024 page, which is exactly what "the API did not change"
//! means, and a fix to a 2024 copy reaches its later layouts.

use std::path::{Path, PathBuf};
use std::process::Command;

use xtask::import::{self, Options};
use xtask::spec_diff::{self, Class};

use crate::support;

/// The 2024 sections every page has, between the description and the request or response table.
const SECTIONS_2024: &str = "Debugging\n\nOpenAPI Explorer automatically calculates the signature value. For your \
    convenience, we recommend that you call this operation in OpenAPI Explorer.\n\nAuthorization information\n\nThere \
    is currently no authorization information disclosed in the API.\n\n";

/// 2025: "Debugging" reworded; "Authorization information" with its column legend and a filled-in table, copied
/// as text (cells run together).
fn sections_2025(action: &str) -> String {
    format!(
        "Debugging\n\nYou can call this operation in OpenAPI Explorer, which saves you the trouble of calculating \
         the signature value. After the call succeeds, OpenAPI Explorer can generate SDK sample code.\n\n\
         Authorization information\n\nThe following table shows the authorization information corresponding to the \
         API. The authorization information can be used in the Action policy element to grant a RAM user or RAM \
         role the permissions to call this API operation. Description:\n\n  • Operation: the value that you can use \
         in the Action element to specify the operation on a resource.\n  • Access level: the access level of each \
         operation. The levels are read, write, and list.\n  • Resource type: the type of the resource on which you \
         can authorize the RAM user or the RAM role to perform the operation.\n  • Condition key: the condition key \
         that is defined by the cloud service.\n  • Associated operation: other operations that the RAM user or the \
         RAM role must be authorized to perform to complete the operation.\n\n\
         OperationAccess levelResource typeCondition keyAssociated operation\n\
         yundun-cert:{action}get\n*All Resources\n*\nnone\nnone\n\n"
    )
}

/// 2026: "Try it now" with a `Test` line replaces "Debugging"; "RAM authorization" with a legend and a table.
fn sections_2026(action: &str) -> String {
    format!(
        "Try it now\n\nTry this API in OpenAPI Explorer, no manual signing needed. Successful calls auto-generate \
         SDK code matching your parameters. Download it with built-in credential security for local usage.\n\n\
         Test\n\nRAM authorization\n\nThe table below describes the authorization required to call this API. You \
         can define it in a Resource Access Management (RAM) policy. The table's columns are detailed below:\n\n\
           • Action: The actions can be used in the Action element of RAM permission policy statements to grant \
         permissions to perform the operation.\n  • Access level: The access level of each operation. The levels \
         are read, write, and list.\n  • Resource type: The type of the resource that supports authorization to \
         perform the operation.\n  • Condition key: The condition key defined by the service.\n  • Dependent \
         action: The dependent actions required to run the action.\n\n\
         ActionAccess levelResource typeCondition keyDependent action\n\
         yundun-cert:{action}get\n*All Resources\n*\nnone\nnone\n\n"
    )
}

fn action(page: &str) -> String {
    let title = page
        .lines()
        .find(|line| {
            line.starts_with("Certificate Management Service:")
                || line.starts_with("ApsaraVideo VOD:")
        })
        .expect("a title line");
    title.rsplit_once(':').unwrap().1.to_owned()
}

fn relayout(page: &str, sections: &str, date: &str) -> String {
    let updated = page
        .lines()
        .find(|line| line.starts_with("Last Updated:"))
        .unwrap();
    let page = support::edit(page, updated, &format!("Last Updated:{date}"));
    support::edit(&page, SECTIONS_2024, sections)
}

fn options(dir: &Path) -> Options {
    Options {
        spec_dir: dir.to_path_buf(),
        spec_file: None,
        product: None,
        check: false,
    }
}

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

/// The lines of `new` that differ from `old` (same line count expected).
fn changed_lines(old: &str, new: &str) -> Vec<String> {
    let diff = similar::TextDiff::from_lines(old, new);
    diff.iter_all_changes()
        .filter(|change| change.tag() != similar::ChangeTag::Equal)
        .map(|change| format!("{}{}", change.tag(), change.value().trim_end()))
        .collect()
}

/// Generates from the spec folder, as `cargo xtask generate` would: the generator must accept the import.
fn generates(dir: &Path) {
    support::generate(dir);
}

#[test]
fn the_2025_and_2026_layouts_import_as_a_provenance_only_change() {
    for (year, date) in [
        ("2025", "Mar 3, 2025"),
        ("2026", "Feb 10, 2026"),
        ("2026-markdown", "Feb 10, 2026"),
    ] {
        for name in support::PAGES {
            let label = format!("layout-{year}-{}", &name[..3]);
            let dir = support::spec_copy(&label);
            let original = support::page(name);
            let sections = match year {
                "2025" => sections_2025(&action(&original)),
                "2026" => sections_2026(&action(&original)),
                // Some copies render the tables as Markdown.
                _ => sections_2026(&action(&original)).replace(
                    &format!(
                        "ActionAccess levelResource typeCondition keyDependent action\nyundun-cert:{0}get\n*All \
                         Resources\n*\nnone\nnone\n",
                        action(&original)
                    ),
                    &format!(
                        "| Action | Access level | Resource type | Condition key | Dependent action |\n\
                         | --- | --- | --- | --- | --- |\n\
                         | yundun-cert:{0} | get | *All Resources `*` | none | none |\n",
                        action(&original)
                    ),
                ),
            };
            let text = relayout(&original, &sections, date);
            assert_eq!(
                text.contains("| Action | Access level |"),
                year.ends_with("markdown"),
                "{year}: the table is in the expected form"
            );
            let pages = support::scratch(&format!("{label}-page"));
            let path = support::write_page(&pages, name, &text);
            let report = import::run(&[path], &options(&dir)).expect("the page imports");
            assert_eq!(
                report.changed.len(),
                1,
                "{year} {name}: one spec file changes"
            );
            let (file, old, new) = &report.changed[0];
            assert_eq!(*old, support::spec(file));
            let iso = if year == "2025" {
                "2025-03-03"
            } else {
                "2026-02-10"
            };
            let lines = changed_lines(old, new);
            assert_eq!(
                lines.len(),
                2,
                "{year} {name}: only lastUpdated changes:\n{}",
                lines.join("\n")
            );
            assert!(
                lines[0].starts_with("-") && lines[0].contains("lastUpdated: \"2024-07-"),
                "{lines:?}"
            );
            assert_eq!(
                lines[1],
                format!("+        lastUpdated: \"{iso}\""),
                "{year} {name}"
            );
            assert!(
                report.imported[0]
                    .notes
                    .iter()
                    .all(|note| !note.contains("skipped")),
                "{year} {name}: the layout's sections are known: {:?}",
                report.imported[0].notes
            );
            // Furniture never reaches a description.
            for furniture in [
                "OpenAPI Explorer",
                "RAM authorization",
                "RAM policy",
                "yundun-cert",
                "Test",
                "Access level",
            ] {
                assert!(
                    !new.contains(furniture),
                    "{year} {name}: `{furniture}` reached the spec"
                );
            }
            let (code, stdout, stderr) = xtask(&[
                "spec-diff",
                "--no-rust",
                support::spec_dir().to_str().unwrap(),
                dir.to_str().unwrap(),
            ]);
            assert_eq!(code, 0, "{year} {name}: {stdout}{stderr}");
            assert!(
                stdout.contains("Verdict: docs-only (0 breaking, 0 additive, 1 docs-only)"),
                "{stdout}"
            );
        }
    }
}

#[test]
fn an_unknown_heading_is_skipped_with_a_note_naming_it_and_its_line() {
    let dir = support::spec_copy("unknown-heading");
    let original = support::page(support::PAGES[0]);
    let text = support::edit(
        &original,
        "Request parameters\n",
        "Service level agreement\n\nThis operation is covered by the SLA of Certificate Management Service.\n\n\
         Request parameters\n",
    );
    let line = text
        .lines()
        .position(|line| line == "Service level agreement")
        .unwrap()
        + 1;
    let pages = support::scratch("unknown-heading-page");
    let path = support::write_page(&pages, support::PAGES[0], &text);
    let report = import::run(&[path], &options(&dir)).expect("the page imports");
    assert!(report.changed.is_empty(), "{}", report.diff());
    let notes = &report.imported[0].notes;
    assert!(
        notes
            .iter()
            .any(|note| note.contains(&format!("line {line}:"))
                && note.contains("`Service level agreement`")),
        "{notes:?}"
    );
}

/// Imports a modified ListWorkerResource page into a spec copy; returns the folder and the notes.
fn import_worker_page(label: &str, change: impl Fn(&str) -> String) -> (PathBuf, Vec<String>) {
    let dir = support::spec_copy(label);
    let name = support::PAGES[3];
    let pages = support::scratch(&format!("{label}-page"));
    let path = support::write_page(&pages, name, &change(&support::page(name)));
    let report = import::run(std::slice::from_ref(&path), &options(&dir))
        .expect("imports without manual edits");
    generates(&dir);
    // A second import of the same page is a no-op: the rule is stable.
    let again = import::run(&[path], &options(&dir)).unwrap();
    assert!(
        again.changed.is_empty(),
        "re-import changed:\n{}",
        again.diff()
    );
    (dir, report.imported[0].notes.clone())
}

fn spec_diff_of(dir: &Path) -> spec_diff::SpecDiff {
    let old = spec_diff::load_path(&support::spec_dir(), "spec/").unwrap();
    let new = spec_diff::load_path(dir, "the import").unwrap();
    spec_diff::diff(&old, &new).unwrap()
}

fn report(diff: &spec_diff::SpecDiff) -> String {
    diff.changes()
        .into_iter()
        .map(|(section, class, text)| format!("{section} | {class} | {text}"))
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn a_value_added_to_the_response_status_is_shared_and_additive() {
    let (dir, notes) = import_worker_page("shared-added", |page| {
        support::edit(
            page,
            "  • rollback_success\n  • rollback_error\nediting\nRequestIdstring",
            "  • rollback_success\n  • rollback_error\n  • canceled\nediting\nRequestIdstring",
        )
    });
    assert!(
        notes
            .iter()
            .any(|note| note.contains("`canceled`") && note.contains("WorkerStatus")),
        "{notes:?}"
    );
    let diff = spec_diff_of(&dir);
    let text = report(&diff);
    assert!(!diff.is_breaking(), "{text}");
    assert!(diff.count(Class::Additive) >= 1, "{text}");
    assert!(text.contains("canceled"), "{text}");
    let cas = std::fs::read_to_string(dir.join("cas-2020-04-07.yaml")).unwrap();
    assert_eq!(
        cas.matches("title: WorkerStatus").count(),
        2,
        "the title stays shared"
    );
}

#[test]
fn a_2026_revision_adding_a_value_on_one_side_of_a_shared_title_imports_as_it_is() {
    // A fixture page as Alibaba would publish it (pages/new/): the 2026 layout, and `canceled` listed for the
    // workers' Status in the response only.
    let dir = support::spec_copy("shared-added-2026");
    let page = support::pages_dir().join("new/cas-list-worker-resource-canceled-2026.txt");
    let imported = import::run(std::slice::from_ref(&page), &options(&dir)).expect("imports");
    generates(&dir);
    let diff = spec_diff_of(&dir);
    let text = report(&diff);
    assert!(!diff.is_breaking(), "{text}");
    assert!(
        text.contains("canceled") && text.contains("additive"),
        "{text}"
    );
    let cas = std::fs::read_to_string(dir.join("cas-2020-04-07.yaml")).unwrap();
    assert!(!cas.contains("Try it now") && !cas.contains("RAM authorization"));
    assert!(
        cas.contains("lastUpdated: \"2026-03-02\""),
        "provenance follows the page"
    );
    assert!(
        imported.imported[0]
            .notes
            .iter()
            .any(|note| note.contains("`canceled`")),
        "{:?}",
        imported.imported[0].notes
    );
}

#[test]
fn a_value_removed_from_the_request_status_splits_it_off_and_is_breaking() {
    let (dir, notes) = import_worker_page("shared-removed", |page| {
        support::edit(
            page,
            "  • rollback\n  • rollback_error\n  • success\n",
            "  • rollback_error\n  • success\n",
        )
    });
    assert!(
        notes
            .iter()
            .any(|note| note.contains("ListWorkerResourceRequestStatus")),
        "{notes:?}"
    );
    let cas = std::fs::read_to_string(dir.join("cas-2020-04-07.yaml")).unwrap();
    assert!(
        cas.contains("title: ListWorkerResourceRequestStatus"),
        "the request side is named from its location"
    );
    assert_eq!(
        cas.matches("title: WorkerStatus").count(),
        1,
        "the response keeps its title"
    );
    let diff = spec_diff_of(&dir);
    let text = report(&diff);
    assert!(diff.is_breaking(), "{text}");
    assert!(text.contains("`rollback`"), "{text}");
}

#[test]
fn a_page_of_a_product_without_a_spec_is_refused_unless_product_names_one() {
    let dir = support::spec_copy("imaginary");
    let text = support::edit(
        &support::page(support::PAGES[3]),
        "Certificate Management Service:ListWorkerResource",
        "Imaginary Service:ListWorkerResource",
    );
    let pages = support::scratch("imaginary-page");
    let path = support::write_page(&pages, support::PAGES[3], &text);
    let error = import::run(std::slice::from_ref(&path), &options(&dir))
        .unwrap_err()
        .to_string();
    assert!(
        error.contains("\"Imaginary Service\"") && error.contains("no spec file"),
        "{error}"
    );
    assert!(error.contains("--product"), "{error}");
    assert_eq!(
        std::fs::read_to_string(dir.join("cas-2020-04-07.yaml")).unwrap(),
        support::spec("cas-2020-04-07.yaml")
    );
    let mut named = options(&dir);
    named.product = Some("cas".to_owned());
    let report = import::run(&[path], &named).expect("with --product cas the page imports");
    assert_eq!(report.imported[0].spec, "cas-2020-04-07.yaml");
}

#[test]
fn a_vod_page_never_lands_in_the_cas_spec() {
    let dir = support::spec_copy("vod-not-cas");
    // A vod page for an operation only the cas spec has.
    let text = support::edit(
        &support::page(support::PAGES[3]),
        "Certificate Management Service:ListWorkerResource",
        "ApsaraVideo VOD:ListWorkerResource",
    );
    let pages = support::scratch("vod-not-cas-page");
    let path = support::write_page(&pages, support::PAGES[3], &text);
    let report = import::run(std::slice::from_ref(&path), &options(&dir))
        .expect("imports as a new vod operation");
    assert_eq!(report.imported[0].spec, "vod-2017-03-21.yaml");
    assert_eq!(
        std::fs::read_to_string(dir.join("cas-2020-04-07.yaml")).unwrap(),
        support::spec("cas-2020-04-07.yaml")
    );
    let mut forced = options(&support::spec_copy("vod-not-cas-2"));
    forced.spec_file = Some("cas-2020-04-07.yaml".to_owned());
    let error = import::run(std::slice::from_ref(&path), &forced)
        .unwrap_err()
        .to_string();
    assert!(
        error.contains("ApsaraVideo VOD") && error.contains("cas"),
        "{error}"
    );
    let mut product = options(&support::spec_copy("vod-not-cas-3"));
    product.product = Some("cas".to_owned());
    let error = import::run(&[path], &product).unwrap_err().to_string();
    assert!(
        error.contains("ApsaraVideo VOD") && error.contains("vod-2017-03-21.yaml"),
        "{error}"
    );
}

#[test]
fn every_command_answers_help() {
    for command in ["generate", "import-doc", "spec-diff", "bench"] {
        for flag in ["--help", "-h"] {
            let (code, stdout, stderr) = xtask(&[command, flag]);
            assert_eq!(code, 0, "{command} {flag}: {stderr}");
            assert!(
                stdout.starts_with(&format!("usage: cargo xtask {command}")),
                "{command}: {stdout}"
            );
        }
    }
    let (_, stdout, _) = xtask(&["import-doc", "--help"]);
    assert!(stdout.contains("--product"), "{stdout}");
}
