//! Modified copies of the pages, made here: each change imports into the expected spec (the original with exactly
//! the lines the change implies), and `spec-diff` classifies it as the README says.

use std::path::{Path, PathBuf};

use xtask::import::{self, Change, Options};
use xtask::spec_diff::{self, Class, SpecDiff};

use crate::support;

/// Imports a modified copy of page `index` (same file name, so the provenance is unchanged) into a spec copy.
fn import_modified(
    label: &str,
    index: usize,
    change: impl Fn(&str) -> String,
) -> (PathBuf, import::Report) {
    let dir = support::spec_copy(label);
    let pages = support::scratch(&format!("{label}-page"));
    let name = support::PAGES[index];
    let path = support::write_page(&pages, name, &change(&support::page(name)));
    let report = import::run(
        &[path],
        &Options {
            spec_dir: dir.clone(),
            spec_file: None,
            product: None,
            check: false,
        },
    )
    .expect("the modified page imports");
    (dir, report)
}

fn cas(dir: &Path) -> String {
    std::fs::read_to_string(dir.join("cas-2020-04-07.yaml")).unwrap()
}

/// `spec/` against the modified copy.
fn diff(dir: &Path) -> SpecDiff {
    let old = spec_diff::load_path(&support::spec_dir(), "spec/").unwrap();
    let new = spec_diff::load_path(dir, "the modified copy").unwrap();
    spec_diff::diff(&old, &new).unwrap()
}

/// The changes as (section, class), and every text for messages.
fn classes(diff: &SpecDiff) -> Vec<(String, Class)> {
    diff.changes()
        .into_iter()
        .map(|(section, class, _)| (section.to_owned(), class))
        .collect()
}

fn texts(diff: &SpecDiff) -> String {
    diff.changes()
        .into_iter()
        .map(|(section, class, text)| format!("{section} | {class} | {text}"))
        .collect::<Vec<_>>()
        .join("\n")
}

fn assert_spec(actual: &str, expected: &str) {
    if actual != expected {
        let diff = similar::TextDiff::from_lines(expected, actual);
        panic!(
            "the imported spec differs from the expected one:\n{}",
            diff.unified_diff().context_radius(2)
        );
    }
}

#[test]
fn a_new_response_field_is_additive() {
    let (dir, report) = import_modified("new-field", 3, |page| {
        let page = support::edit(
            page,
            "32fed52a-4bf7-44f6-955f-e82ada68ef18\nStatusstring\n",
            "32fed52a-4bf7-44f6-955f-e82ada68ef18\nLangstring\n\nThe language of the worker task.\n\nzh-CN\nStatusstring\n",
        );
        support::edit(
            &page,
            "      \"NamespaceId\": \"32fed52a-4bf7-44f6-955f-e82ada68ef18\",\n",
            "      \"NamespaceId\": \"32fed52a-4bf7-44f6-955f-e82ada68ef18\",\n      \"Lang\": \"zh-CN\",\n",
        )
    });
    assert_eq!(report.imported[0].change, Change::Updated);
    let expected = support::edit(
        &support::spec("cas-2020-04-07.yaml"),
        "                example: \"32fed52a-4bf7-44f6-955f-e82ada68ef18\"\n",
        "                example: \"32fed52a-4bf7-44f6-955f-e82ada68ef18\"\n              Lang:\n                description: The language of the worker task.\n                type: string\n                example: \"zh-CN\"\n",
    );
    let expected = support::edit(
        &expected,
        "                    NamespaceId: \"32fed52a-4bf7-44f6-955f-e82ada68ef18\"\n",
        "                    NamespaceId: \"32fed52a-4bf7-44f6-955f-e82ada68ef18\"\n                    Lang: \"zh-CN\"\n",
    );
    assert_spec(&cas(&dir), &expected);

    let diff = diff(&dir);
    assert_eq!(
        classes(&diff),
        [
            ("cas · ListWorkerResource".to_owned(), Class::Additive),
            ("cas · ListWorkerResource".to_owned(), Class::DocsOnly),
        ],
        "{}",
        texts(&diff)
    );
    let all = texts(&diff);
    assert!(
        all.contains("response field `Data[].Lang` added (`string`)"),
        "{all}"
    );
    assert!(
        all.contains("sample response (`200` example) changed"),
        "{all}"
    );
    assert!(!diff.is_breaking());

    // The generated crate gains the field.
    let old = spec_diff::load_path(&support::spec_dir(), "spec/").unwrap();
    let new = spec_diff::load_path(&dir, "new").unwrap();
    let summary = spec_diff::rust_summary(&old, &new).expect("both sides generate");
    assert!(summary.removed.is_empty(), "{:?}", summary.removed);
    assert!(
        summary
            .added
            .iter()
            .any(|(path, ty)| path == "cas::types::WorkerResource.lang" && ty.contains("String")),
        "{:?}",
        summary.added
    );
}

#[test]
fn a_removed_field_is_breaking() {
    let (dir, _) = import_modified("removed-field", 0, |page| {
        let page = support::edit(
            page,
            "Mobilestring\n\nThe phone number of the contact.\n\n139****0000\n",
            "",
        );
        support::edit(&page, "      \"Mobile\": \"139****0000\",\n", "")
    });
    let expected = support::edit(
        &support::spec("cas-2020-04-07.yaml"),
        "              Mobile:\n                description: The phone number of the contact.\n                type: string\n                example: \"139****0000\"\n",
        "",
    );
    let expected = support::edit(
        &expected,
        "                    Mobile: \"139****0000\"\n",
        "",
    );
    assert_spec(&cas(&dir), &expected);

    let diff = diff(&dir);
    assert!(diff.is_breaking());
    let all = texts(&diff);
    assert!(
        all.contains("cas · DescribeDeploymentJob | breaking | response field `CasContacts[].Mobile` removed (was `string`)"),
        "{all}"
    );
    assert_eq!(diff.count(Class::Breaking), 1, "{all}");
}

#[test]
fn a_new_valid_value_is_additive() {
    let (dir, _) = import_modified("new-value", 0, |page| {
        support::edit(
            page,
            "  • success\nediting\n",
            "  • success\n  • canceled: the job was canceled\nediting\n",
        )
    });
    let expected = support::edit(
        &support::spec("cas-2020-04-07.yaml"),
        "            - success\n          x-enum-descriptions:\n            pending: \"\"\n",
        "            - success\n            - canceled\n          x-enum-descriptions:\n            pending: \"\"\n",
    );
    let expected = support::edit(
        &expected,
        "            success: \"\"\n          example: \"editing\"\n        Del:",
        "            success: \"\"\n            canceled: \"the job was canceled\"\n          example: \"editing\"\n        Del:",
    );
    assert_spec(&cas(&dir), &expected);

    let diff = diff(&dir);
    let all = texts(&diff);
    assert_eq!(
        classes(&diff),
        [("cas · DescribeDeploymentJob".to_owned(), Class::Additive)],
        "{all}"
    );
    assert!(
        all.contains("response field `Status`: valid value(s) added: `canceled`"),
        "{all}"
    );
}

#[test]
fn a_removed_valid_value_of_a_request_parameter_is_breaking() {
    // `Status` of ListWorkerResource shares its Rust type with the response field; change both, as the page would.
    let (dir, _) = import_modified("removed-value", 3, |page| {
        let page = support::edit(
            page,
            "  • rollback\n  • rollback_error\n",
            "  • rollback_error\n",
        );
        support::edit(
            &page,
            "  • rollback\n  • rollback_success\n",
            "  • rollback_success\n",
        )
    });
    let diff = diff(&dir);
    let all = texts(&diff);
    assert!(all.contains("breaking | parameter `Status`: valid value(s) removed: `rollback` (the service no longer accepts them)"), "{all}");
    assert!(
        all.contains(
            "breaking | response field `Data[].Status`: valid value(s) removed: `rollback`"
        ),
        "{all}"
    );
}

#[test]
fn a_new_optional_parameter_is_additive() {
    let (dir, _) = import_modified("optional-parameter", 3, |page| {
        support::edit(
            page,
            "50.\n\n20\n\nResponse parameters",
            "50.\n\n20\nLangstringNo\n\nThe language of the response.\n\nzh-CN\n\nResponse parameters",
        )
    });
    let expected = support::edit(
        &support::spec("cas-2020-04-07.yaml"),
        "          example: 20\n      responses:\n",
        "          example: 20\n        - name: Lang\n          in: query\n          description: The language of the response.\n          required: false\n          style: form\n          explode: true\n          schema:\n            type: string\n          example: \"zh-CN\"\n      responses:\n",
    );
    assert_spec(&cas(&dir), &expected);
    let diff = diff(&dir);
    let all = texts(&diff);
    assert_eq!(
        classes(&diff),
        [("cas · ListWorkerResource".to_owned(), Class::Additive)],
        "{all}"
    );
    assert!(
        all.contains("parameter `Lang` added (optional; `string`)"),
        "{all}"
    );
}

#[test]
fn a_new_required_parameter_is_breaking() {
    let (dir, _) = import_modified("required-parameter", 1, |page| {
        support::edit(
            page,
            "obtain the ID of a deployment task.\n\n8888\n\nResponse parameters",
            "obtain the ID of a deployment task.\n\n8888\nRegionIdstringYes\n\nThe region of the deployment task.\n\ncn-hangzhou\n\nResponse parameters",
        )
    });
    let expected = support::edit(
        &support::spec("cas-2020-04-07.yaml"),
        "          example: 8888\n      responses:\n        \"200\":\n          description: The certificates of the deployment task.\n",
        "          example: 8888\n        - name: RegionId\n          in: query\n          description: The region of the deployment task.\n          required: true\n          style: form\n          explode: true\n          schema:\n            type: string\n          example: \"cn-hangzhou\"\n      responses:\n        \"200\":\n          description: The certificates of the deployment task.\n",
    );
    assert_spec(&cas(&dir), &expected);
    let diff = diff(&dir);
    let all = texts(&diff);
    assert_eq!(
        classes(&diff),
        [("cas · ListDeploymentJobCert".to_owned(), Class::Breaking)],
        "{all}"
    );
    assert!(
        all.contains("parameter `RegionId` added (required, every call must now set it; `string`)"),
        "{all}"
    );
}

#[test]
fn an_optional_parameter_made_required_is_breaking() {
    let (dir, _) = import_modified("now-required", 2, |page| {
        support::edit(page, "JobIdlongNo\n", "JobIdlongYes\n")
    });
    let expected = support::edit(
        &support::spec("cas-2020-04-07.yaml"),
        "deployment task.\n          required: false\n          style: form\n          explode: true\n          schema:\n            type: integer\n            format: int64\n          example: 8888\n      responses:\n        \"200\":\n          description: The worker task counts",
        "deployment task.\n          required: true\n          style: form\n          explode: true\n          schema:\n            type: integer\n            format: int64\n          example: 8888\n      responses:\n        \"200\":\n          description: The worker task counts",
    );
    assert_spec(&cas(&dir), &expected);
    let all = texts(&diff(&dir));
    assert_eq!(
        all,
        "cas · DescribeDeploymentJobStatus | breaking | parameter `JobId`: now required (every call must set it)"
    );
}

#[test]
fn a_type_change_is_breaking() {
    let (dir, _) = import_modified("type-change", 2, |page| {
        support::edit(page, "ResourceCountinteger\n", "ResourceCountlong\n")
    });
    let expected = support::edit(
        &support::spec("cas-2020-04-07.yaml"),
        "          description: The total number of resources.\n          type: integer\n          format: int32\n",
        "          description: The total number of resources.\n          type: integer\n          format: int64\n",
    );
    assert_spec(&cas(&dir), &expected);
    let all = texts(&diff(&dir));
    assert_eq!(
        all,
        "cas · DescribeDeploymentJobStatus | breaking | response field `ResourceCount`: type changed from `integer/int32` to `integer/int64`"
    );
}

#[test]
fn a_description_change_is_docs_only() {
    let (dir, _) = import_modified("docs-only", 4, |page| {
        support::edit(
            page,
            "The accelerated domain name.\n\nexample.com\n",
            "The accelerated domain name to query.\n\nexample.com\n",
        )
    });
    let diff = diff(&dir);
    let all = texts(&diff);
    assert_eq!(
        classes(&diff),
        [(
            "vod · DescribeVodDomainCertificateInfo".to_owned(),
            Class::DocsOnly
        )],
        "{all}"
    );
    assert!(all.contains("parameter `DomainName`: description changed: “The accelerated domain ~~name.~~ **name to query.**”"), "{all}");
    assert!(!diff.is_breaking());
}

#[test]
fn corrections_survive_a_change_under_them() {
    // The page now words GmtCreate differently and changes the CertInfos wrapper's description; the wire form, the
    // correction, the wrapper shape and the `checking` value all stay.
    let (dir, report) = import_modified("corrections", 3, |page| {
        support::edit(
            page,
            "The time when the worker task was created. The time is a timestamp in seconds.",
            "The time when the worker task was created, as a timestamp.",
        )
    });
    let expected = support::edit(
        &support::spec("cas-2020-04-07.yaml"),
        "                description: The time when the worker task was created. The time is a timestamp in seconds.\n",
        "                description: The time when the worker task was created, as a timestamp.\n",
    );
    assert_spec(&cas(&dir), &expected);
    assert!(
        report.imported[0]
            .notes
            .iter()
            .any(|note| note.contains("DefaultResource")
                && note.contains("kept the spec's example true"))
    );

    let (dir, _) = import_modified("corrections-vod", 4, |page| {
        support::edit(
            page,
            "The certificate information about the domain name.\n\nobject\n",
            "The certificates of the domain name.\n\nobject\n",
        )
    });
    let vod = std::fs::read_to_string(dir.join("vod-2017-03-21.yaml")).unwrap();
    let expected = support::edit(
        &support::spec("vod-2017-03-21.yaml"),
        "          title: VodCertInfos\n          description: The certificate information about the domain name.\n",
        "          title: VodCertInfos\n          description: The certificates of the domain name.\n",
    );
    assert_spec(&vod, &expected);
}

#[test]
fn a_type_change_under_a_correction_keeps_the_wire_type_and_says_so() {
    let (dir, report) = import_modified("corrected-type", 3, |page| {
        support::edit(
            page,
            "GmtModifiedstring\n\nThe time when the worker task was last",
            "GmtModifiedlong\n\nThe time when the worker task was last",
        )
    });
    assert_spec(&cas(&dir), &support::spec("cas-2020-04-07.yaml"));
    let notes = report.imported[0].notes.join("\n");
    assert!(
        notes.contains("`Data[].GmtModified`: the page says type integer, the spec keeps string"),
        "{notes}"
    );
}
