//! Malformed input never panics and is named: a document that is not YAML or not a mapping is an error naming the
//! file and the side; an endpoints block the comparison cannot read is reported as a breaking change for a person to
//! look at, never silently equal.

use specdiff::{Class, SpecFile, SpecSet};

fn side(label: &str, text: &str) -> SpecSet {
    SpecSet {
        label: label.to_owned(),
        files: vec![SpecFile {
            name: "demo-2024-01-01.yaml".to_owned(),
            text: text.to_owned(),
        }],
    }
}

fn spec(endpoints: &str) -> String {
    format!(
        "openapi: 3.0.3\ninfo:\n  title: Demo\n  version: \"2024-01-01\"\n  x-alicert-product: demo\n{endpoints}paths: {{}}\n"
    )
}

#[test]
fn a_document_that_is_not_yaml_or_not_a_mapping_names_its_file_and_side() {
    let good = side("old", &spec(""));
    let error = specdiff::diff(&good, &side("new", "info: [unclosed\n")).unwrap_err();
    assert_eq!(
        error.to_string(),
        "demo-2024-01-01.yaml (new): not valid YAML"
    );
    assert!(
        std::error::Error::source(&error).is_some(),
        "the parser's error, with its line"
    );
    let error = specdiff::diff(&side("old", "- a list\n"), &good).unwrap_err();
    assert_eq!(
        error.to_string(),
        "demo-2024-01-01.yaml (old): the document is not a mapping"
    );
    assert_eq!(
        (error.file(), error.side()),
        ("demo-2024-01-01.yaml", "old")
    );
}

#[test]
fn an_endpoints_block_it_cannot_read_is_breaking_and_named() {
    let regional = "  x-alicert-endpoints:\n    rule: regional\n";
    for (label, malformed, expected) in [
        (
            "not a mapping",
            "  x-alicert-endpoints: cas.aliyuncs.com\n",
            "endpoints (`info.x-alicert-endpoints`): the block changed",
        ),
        (
            "regions not a mapping",
            "  x-alicert-endpoints:\n    rule: regional\n    regions: [cn-hangzhou]\n",
            "endpoints (`info.x-alicert-endpoints`): `regions` changed",
        ),
        (
            "unknown key",
            "  x-alicert-endpoints:\n    rule: regional\n    fips: true\n",
            "endpoints (`info.x-alicert-endpoints`): `fips` changed",
        ),
    ] {
        let diff = specdiff::diff(
            &side("old", &spec(regional)),
            &side("new", &spec(malformed)),
        )
        .unwrap_or_else(|error| panic!("{label}: {error}"));
        let changes = diff.changes();
        assert!(
            changes
                .iter()
                .any(|(section, class, text)| *section == "demo · document"
                    && *class == Class::Breaking
                    && text.starts_with(expected)),
            "{label}: {changes:?}"
        );
    }
}

#[test]
fn a_rule_it_does_not_know_is_named_in_the_report() {
    let diff = specdiff::diff(
        &side("old", &spec("  x-alicert-endpoints:\n    rule: central\n")),
        &side(
            "new",
            &spec("  x-alicert-endpoints:\n    rule: dualstack\n"),
        ),
    )
    .unwrap();
    assert_eq!(
        diff.changes(),
        [(
            "demo · document",
            Class::Breaking,
            "endpoints (`info.x-alicert-endpoints`): `rule` changed from central (`demo.aliyuncs.com`) to \
             `dualstack` (a rule spec-diff does not know): a region without its own host is called elsewhere"
        )]
    );
}
