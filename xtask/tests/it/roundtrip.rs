//! Re-importing the five unchanged pages leaves the spec byte-identical, through the same function as
//! `cargo xtask import-doc`, and `--check` agrees.

use xtask::import::{self, Change, Options};

use crate::support;

#[test]
fn unchanged_pages_leave_the_spec_byte_identical() {
    let dir = support::spec_copy("roundtrip");
    let pages: Vec<_> = support::PAGES
        .iter()
        .map(|name| support::pages_dir().join(name))
        .collect();
    let report = import::run(
        &pages,
        &Options {
            spec_dir: dir.clone(),
            spec_file: None,
            product: None,
            check: false,
        },
    )
    .expect("the five pages import");
    assert!(
        report.changed.is_empty(),
        "the spec changed:\n{}",
        report.diff()
    );
    let actions: Vec<(&str, &str, Change)> = report
        .imported
        .iter()
        .map(|imported| {
            (
                imported.action.as_str(),
                imported.spec.as_str(),
                imported.change,
            )
        })
        .collect();
    assert_eq!(
        actions,
        [
            (
                "DescribeDeploymentJob",
                "cas-2020-04-07.yaml",
                Change::Unchanged
            ),
            (
                "ListDeploymentJobCert",
                "cas-2020-04-07.yaml",
                Change::Unchanged
            ),
            (
                "DescribeDeploymentJobStatus",
                "cas-2020-04-07.yaml",
                Change::Unchanged
            ),
            (
                "ListWorkerResource",
                "cas-2020-04-07.yaml",
                Change::Unchanged
            ),
            (
                "DescribeVodDomainCertificateInfo",
                "vod-2017-03-21.yaml",
                Change::Unchanged
            ),
        ]
    );
    for name in ["cas-2020-04-07.yaml", "vod-2017-03-21.yaml"] {
        let after = std::fs::read_to_string(dir.join(name)).unwrap();
        assert!(after == support::spec(name), "{name} is not byte-identical");
    }
}

#[test]
fn check_mode_reports_no_difference_for_the_unchanged_pages() {
    let pages: Vec<_> = support::PAGES
        .iter()
        .map(|name| support::pages_dir().join(name))
        .collect();
    let report = import::run(
        &pages,
        &Options {
            spec_dir: support::spec_dir(),
            spec_file: None,
            product: None,
            check: true,
        },
    )
    .expect("the five pages import");
    assert!(
        report.changed.is_empty(),
        "spec/ no longer matches what `cargo xtask import-doc` makes of the pages (tests/it/pages/): a re-import \
         would revert the change below. Hand-made decisions belong where the importer keeps them (a `title`, an \
         x-alicert-correction or x-alicert-wire on the node, see docs/when-the-docs-change.md); a changed page belongs \
         in tests/it/pages/ too.\n{}",
        report.diff()
    );
}

#[test]
fn a_removed_operation_comes_back_from_its_page_with_the_same_wire_shape() {
    // Without the spec's decisions (titles, corrections), the page alone still gives the wire shape of VOD's
    // CertInfos and the `checking` status, each with a generated correction.
    let dir = support::scratch("readd");
    let vod = support::spec("vod-2017-03-21.yaml");
    let start = vod.find("  \"/?Action=").unwrap();
    let end = vod.find("components:").unwrap();
    let schema_start = vod
        .find("    DescribeVodDomainCertificateInfoResponse:")
        .unwrap();
    let schema_end = vod.find("    ErrorResponse:").unwrap();
    let stripped = format!(
        "{}{}{}",
        &vod[..start].replace("paths:\n", "paths: {}\n"),
        &vod[end..schema_start],
        &vod[schema_end..]
    );
    std::fs::write(dir.join("vod-2017-03-21.yaml"), &stripped).unwrap();
    let report = import::run(
        &[support::pages_dir().join(support::PAGES[4])],
        &Options {
            spec_dir: dir.clone(),
            spec_file: None,
            product: None,
            check: false,
        },
    )
    .expect("the page imports into a spec without the operation");
    assert_eq!(report.imported[0].change, Change::Added);
    let text = std::fs::read_to_string(dir.join("vod-2017-03-21.yaml")).unwrap();
    let value: serde_yaml::Value = serde_yaml::from_str(&text).unwrap();
    let cert_infos = &value["components"]["schemas"]["DescribeVodDomainCertificateInfoResponse"]["properties"]
        ["CertInfos"];
    assert_eq!(cert_infos["type"], "object");
    assert!(
        cert_infos["x-alicert-correction"]
            .as_str()
            .unwrap()
            .contains("{\"CertInfos\": {\"CertInfo\": [ ... ]}}")
    );
    let status =
        &cert_infos["properties"]["CertInfo"]["items"]["properties"]["ServerCertificateStatus"];
    let values: Vec<&str> = status["enum"]
        .as_sequence()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap())
        .collect();
    assert_eq!(values, ["on", "off", "checking"]);
    assert!(
        status["x-alicert-correction"]
            .as_str()
            .unwrap()
            .starts_with("The page lists the valid values on and off")
    );
    // Everything but the operation is as it was.
    assert!(text.starts_with(&vod[..start]));
    assert!(text.ends_with(&vod[schema_end..]));
    let notes = report.imported[0].notes.join("\n");
    assert!(notes.contains("named its new Rust type"), "{notes}");
}
