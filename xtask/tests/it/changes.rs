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

/// A spec copy whose cas `info` carries `endpoints` (YAML lines under `x-alicert-endpoints:`, indented by four).
fn with_endpoints(label: &str, endpoints: &str) -> PathBuf {
    let dir = support::spec_copy(label);
    let path = dir.join("cas-2020-04-07.yaml");
    let text = support::edit(
        &std::fs::read_to_string(&path).unwrap(),
        "  x-alicert-product: cas\n",
        &format!("  x-alicert-product: cas\n  x-alicert-endpoints:\n{endpoints}"),
    );
    std::fs::write(path, text).unwrap();
    dir
}

/// The cas endpoints of the official SDK's map, as the spec carries them: `regional`, with a few regions served by
/// the central host.
const CAS_ENDPOINTS: &str = "    rule: regional\n    central: cas.aliyuncs.com\n    regions:\n      ap-northeast-2-pop: cas.aliyuncs.com\n      cn-hangzhou: cas.aliyuncs.com\n";

/// `old` against `new`, both with the cas endpoints given.
fn endpoint_diff(label: &str, old: &str, new: &str) -> SpecDiff {
    let old = spec_diff::load_path(&with_endpoints(&format!("{label}-old"), old), "old").unwrap();
    let new = spec_diff::load_path(&with_endpoints(&format!("{label}-new"), new), "new").unwrap();
    spec_diff::diff(&old, &new).unwrap()
}

#[test]
fn a_region_added_to_the_endpoints_is_additive() {
    let diff = endpoint_diff(
        "region-added",
        CAS_ENDPOINTS,
        &CAS_ENDPOINTS.replace(
            "      cn-hangzhou: cas.aliyuncs.com\n",
            "      cn-hangzhou: cas.aliyuncs.com\n      me-central-1: cas.me-central-1.aliyuncs.com\n",
        ),
    );
    assert_eq!(
        diff.changes(),
        [(
            "cas · document",
            Class::Additive,
            "endpoints (`info.x-alicert-endpoints`): region `me-central-1` added, at `cas.me-central-1.aliyuncs.com` \
             (the rule resolved it to the same host before)"
        )]
    );
}

#[test]
fn a_region_removed_or_moved_is_breaking() {
    let diff = endpoint_diff(
        "region-removed",
        CAS_ENDPOINTS,
        &CAS_ENDPOINTS
            .replace("      cn-hangzhou: cas.aliyuncs.com\n", "")
            .replace(
                "ap-northeast-2-pop: cas.aliyuncs.com",
                "ap-northeast-2-pop: cas.ap-northeast-2.aliyuncs.com",
            ),
    );
    assert_eq!(
        diff.changes(),
        [
            (
                "cas · document",
                Class::Breaking,
                "endpoints (`info.x-alicert-endpoints`): region `ap-northeast-2-pop` moved from `cas.aliyuncs.com` \
                 to `cas.ap-northeast-2.aliyuncs.com`"
            ),
            (
                "cas · document",
                Class::Breaking,
                "endpoints (`info.x-alicert-endpoints`): region `cn-hangzhou` removed (was `cas.aliyuncs.com`; a \
                 call there now goes to `cas.cn-hangzhou.aliyuncs.com`)"
            ),
        ],
        "{}",
        texts(&diff)
    );
}

#[test]
fn a_region_dropped_from_the_map_that_the_rule_resolves_alike_is_docs_only() {
    let central = "    rule: central\n    regions:\n      cn-hangzhou: cas.aliyuncs.com\n";
    let diff = endpoint_diff("region-redundant", central, "    rule: central\n");
    assert_eq!(
        classes(&diff),
        [("cas · document".to_owned(), Class::DocsOnly)],
        "{}",
        texts(&diff)
    );
}

#[test]
fn a_changed_rule_central_host_or_default_region_is_breaking() {
    let vod_like = "    rule: regional\n    defaultRegion: cn-shanghai\n";
    for (label, new, expected) in [
        (
            "rule",
            "    rule: central\n    defaultRegion: cn-shanghai\n",
            "endpoints (`info.x-alicert-endpoints`): `rule` changed from regional (`cas.<region>.aliyuncs.com`) to \
             central (`cas.aliyuncs.com`): a region without its own host is called elsewhere",
        ),
        (
            "central",
            "    rule: regional\n    central: cas.ap-southeast-1.aliyuncs.com\n    defaultRegion: cn-shanghai\n",
            "endpoints (`info.x-alicert-endpoints`): the central host changed from `cas.aliyuncs.com` to \
             `cas.ap-southeast-1.aliyuncs.com`",
        ),
        (
            "default",
            "    rule: regional\n",
            "endpoints (`info.x-alicert-endpoints`): `defaultRegion` changed from `cn-shanghai` to none: a caller \
             that chooses no region is called elsewhere",
        ),
    ] {
        let diff = endpoint_diff(&format!("endpoint-{label}"), vod_like, new);
        assert_eq!(
            diff.changes(),
            [("cas · document", Class::Breaking, expected)],
            "{label}"
        );
        assert!(diff.is_breaking());
    }
    // Spelling out the default central host changes nothing about where calls go.
    let spelled = endpoint_diff(
        "endpoint-spelled",
        "    rule: central\n",
        "    rule: central\n    central: cas.aliyuncs.com\n",
    );
    assert_eq!(
        classes(&spelled),
        [("cas · document".to_owned(), Class::DocsOnly)]
    );
}

#[test]
fn endpoints_appearing_in_a_spec_are_breaking_until_reviewed() {
    // The spec starting to carry its endpoints moves where calls go from code into data: nothing proves the hosts
    // are the ones used so far, so a person looks.
    let old = spec_diff::load_path(&support::spec_dir(), "spec/").unwrap();
    let new =
        spec_diff::load_path(&with_endpoints("endpoints-appear", CAS_ENDPOINTS), "new").unwrap();
    let diff = spec_diff::diff(&old, &new).unwrap();
    assert_eq!(
        classes(&diff),
        [("cas · document".to_owned(), Class::Breaking)]
    );
    assert!(
        texts(&diff).contains(
            "added: regional (`cas.<region>.aliyuncs.com`), 2 region(s) with their own host"
        ),
        "{}",
        texts(&diff)
    );
}

/// A spec of a product the repository does not have: the vod spec under another code, version and endpoints.
fn cdn_spec() -> String {
    let text = support::edit(
        &support::spec("vod-2017-03-21.yaml"),
        "  x-alicert-product: vod\n",
        "  x-alicert-product: cdn\n  x-alicert-endpoints:\n    rule: central\n",
    );
    let text = support::edit(
        &text,
        "  version: \"2017-03-21\"\n",
        "  version: \"2018-05-10\"\n",
    );
    support::edit(
        &text,
        "  - url: https://vod.cn-shanghai.aliyuncs.com\n",
        "  - url: https://cdn.aliyuncs.com\n",
    )
}

#[test]
fn a_new_product_is_additive_and_a_removed_one_breaking() {
    let with_cdn = support::spec_copy("product-added");
    std::fs::write(with_cdn.join("cdn-2018-05-10.yaml"), cdn_spec()).unwrap();
    let old = spec_diff::load_path(&support::spec_dir(), "spec/").unwrap();
    let new = spec_diff::load_path(&with_cdn, "with cdn").unwrap();

    let added = spec_diff::diff(&old, &new).unwrap();
    assert_eq!(
        added.changes(),
        [(
            "cdn · document",
            Class::Additive,
            "new product `cdn` 2018-05-10 (cdn-2018-05-10.yaml), with 1 operation(s): \
             `DescribeVodDomainCertificateInfo`; endpoints: central (`cdn.aliyuncs.com`)"
        )]
    );
    assert!(!added.is_breaking());

    let removed = spec_diff::diff(&new, &old).unwrap();
    assert_eq!(
        removed.changes(),
        [(
            "cdn · document",
            Class::Breaking,
            "product `cdn` 2018-05-10 (cdn-2018-05-10.yaml) removed, with its operation(s) \
             `DescribeVodDomainCertificateInfo`"
        )]
    );
}
