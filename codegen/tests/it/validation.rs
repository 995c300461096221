//! The schema checks that run before progenitor: unknown types, formats the generator does not map, references
//! that lead nowhere or out of the file, parameter names no builder method can carry, methods other than `post`,
//! schema keywords and responses progenitor cannot take (the Rust names are in `type_names.rs`). Each error names
//! the file, the operation and the line of the offending node.

use codegen::{SpecError, SpecSource, generate};

use crate::spec_text;

pub(crate) const VOD: &str = "spec/vod-2017-03-21.yaml";
pub(crate) const CAS: &str = "spec/cas-2020-04-07.yaml";

/// `text` with its only `from` replaced by `to`, and the 1-based line where `to` starts.
pub(crate) fn mutate(text: &str, from: &str, to: &str) -> (String, usize) {
    assert_eq!(
        text.matches(from).count(),
        1,
        "the spec must contain {from:?} exactly once: update the test"
    );
    let start = text.find(from).unwrap();
    let line = text[..start].matches('\n').count()
        + 1
        + to[..to.len() - to.trim_start().len()].matches('\n').count();
    (text.replacen(from, to, 1), line)
}

pub(crate) fn error_in(file: &str, text: String) -> SpecError {
    generate(&[SpecSource::new(file, text)]).expect_err("the spec must be rejected")
}

/// The error names the file, the operation and the line, and its message says `needle`.
pub(crate) fn assert_names(
    error: &SpecError,
    file: &str,
    operation: Option<&str>,
    line: usize,
    needle: &str,
) {
    assert_eq!(error.file(), file, "{error}");
    assert_eq!(error.operation(), operation, "{error}");
    assert_eq!(
        error.location().map(|(line, _)| line),
        Some(line),
        "{error}"
    );
    assert!(error.message().contains(needle), "{error}");
    let shown = error.to_string();
    assert!(
        shown.starts_with(&format!("{file}:{line}:")),
        "Display leads with file and line: {shown}"
    );
}

const DOMAIN_TYPE: &str =
    "          schema:\n            type: string\n          example: \"example.com\"";

#[test]
fn unknown_and_null_types_are_refused_with_their_line() {
    for (bad, needle) in [
        ("foo", "`type: foo` is not an OpenAPI 3.0 type"),
        ("\"null\"", "`type: null`"),
    ] {
        let to = DOMAIN_TYPE.replace("type: string", &format!("type: {bad}"));
        let (text, line) = mutate(&spec_text("vod-2017-03-21.yaml"), DOMAIN_TYPE, &to);
        let error = error_in(VOD, text);
        // The `type` line is the second of the block.
        assert_names(
            &error,
            VOD,
            Some("DescribeVodDomainCertificateInfo"),
            line + 1,
            needle,
        );
        assert_eq!(
            error.pointer().as_deref(),
            Some(
                "#/paths/~1?Action=DescribeVodDomainCertificateInfo/post/parameters/0/schema/type"
            )
        );
    }
}

#[test]
fn a_type_deep_in_a_response_is_refused_with_its_line() {
    let from = "                  CertLife:\n                    description: \"The validity period of the certificate. Unit: months or years.\"\n                    type: string";
    let to = from.replace("type: string", "type: text");
    let (text, line) = mutate(&spec_text("vod-2017-03-21.yaml"), from, &to);
    let error = error_in(VOD, text);
    // Component schemas belong to no operation; the pointer says where.
    assert_names(&error, VOD, None, line + 2, "`type: text`");
    assert!(
        error
            .message()
            .contains("CertInfo/items/properties/CertLife/type"),
        "{error}"
    );
}

#[test]
fn dangling_and_external_references_are_refused() {
    let from =
        "                $ref: \"#/components/schemas/DescribeVodDomainCertificateInfoResponse\"";
    let cases = [
        (
            "\"#/components/schemas/Nowhere\"",
            "leads nowhere: `components.schemas` has no `Nowhere`",
        ),
        (
            "\"other.yaml#/components/schemas/Thing\"",
            "points outside this file",
        ),
        (
            "\"#/definitions/Thing\"",
            "must point at `#/components/schemas/<name>`",
        ),
    ];
    for (target, needle) in cases {
        let to = format!("                $ref: {target}");
        let (text, line) = mutate(&spec_text("vod-2017-03-21.yaml"), from, &to);
        let error = error_in(VOD, text);
        assert_names(
            &error,
            VOD,
            Some("DescribeVodDomainCertificateInfo"),
            line,
            needle,
        );
    }
    let from = "        \"4XX\":\n          $ref: \"#/components/responses/Error\"";
    let to = "        \"4XX\":\n          $ref: \"#/components/responses/Missing\"";
    let (text, line) = mutate(&spec_text("vod-2017-03-21.yaml"), from, to);
    let error = error_in(VOD, text);
    assert_names(
        &error,
        VOD,
        Some("DescribeVodDomainCertificateInfo"),
        line + 1,
        "`components.responses` has no `Missing`",
    );
}

#[test]
fn parameter_names_that_name_no_method_are_refused() {
    for bad in ["\"\"", "\"1Domain\"", "\"Domain Name\"", "\"Do-main\""] {
        let (text, line) = mutate(
            &spec_text("vod-2017-03-21.yaml"),
            "        - name: DomainName",
            &format!("        - name: {bad}"),
        );
        let error = error_in(VOD, text);
        assert_names(
            &error,
            VOD,
            Some("DescribeVodDomainCertificateInfo"),
            line,
            "is not a parameter name",
        );
    }
}

#[test]
fn only_post_operations_are_accepted() {
    for method in ["get", "put", "delete"] {
        let (text, line) = mutate(
            &spec_text("vod-2017-03-21.yaml"),
            "    post:\n      summary: Queries the certificate information",
            &format!("    {method}:\n      summary: Queries the certificate information"),
        );
        let error = error_in(VOD, text);
        assert_names(
            &error,
            VOD,
            Some("DescribeVodDomainCertificateInfo"),
            line + 1,
            &format!("method `{method}` is not supported"),
        );
    }
}

#[test]
fn formats_the_generator_does_not_map_are_refused() {
    let cas = spec_text("cas-2020-04-07.yaml");
    let first_int64 = cas.find("format: int64").unwrap();
    let line = cas[..first_int64].matches('\n').count() + 1;
    let text = cas.replacen("format: int64", "format: int128", 1);
    let error = error_in(CAS, text);
    assert_eq!(
        error.location().map(|(line, _)| line),
        Some(line),
        "{error}"
    );
    assert!(
        error.message().contains(
            "`format: int128` is not supported on `type: integer` (supported: int32, int64)"
        ),
        "{error}"
    );

    // A string format on a parameter: tools pass parameters as text.
    let to = DOMAIN_TYPE.replace(
        "type: string",
        "type: string\n            format: date-time",
    );
    let (text, _) = mutate(&spec_text("vod-2017-03-21.yaml"), DOMAIN_TYPE, &to);
    let error = error_in(VOD, text);
    assert!(error.message().contains("on a string parameter"), "{error}");

    // uuid maps to a crate the generated code does not depend on; a format on a boolean means nothing.
    let from = "                  CertLife:\n                    description: \"The validity period of the certificate. Unit: months or years.\"\n                    type: string";
    for (format, needle) in [
        ("uuid", "`format: uuid` is not supported on `type: string`"),
        ("double", ""),
    ] {
        let to = format!("{from}\n                    format: {format}");
        let (text, line) = mutate(&spec_text("vod-2017-03-21.yaml"), from, &to);
        let error = error_in(VOD, text);
        assert_eq!(
            error.location().map(|(line, _)| line),
            Some(line + 3),
            "{error}"
        );
        assert!(error.message().contains(needle), "{error}");
    }
}

#[test]
fn schema_keywords_the_generator_does_not_handle_are_refused() {
    let from = "                  CertLife:\n                    description: \"The validity period of the certificate. Unit: months or years.\"\n                    type: string";
    for (extra, needle) in [
        ("allOf: []", "`allOf` is not supported in a schema"),
        ("default: 3", "`default` is not supported"),
        ("pattern: \"[\"", "`pattern` is not supported"),
        (
            "x-rust-type: {crate: x, version: \"*\", path: \"not a path\"}",
            "`x-rust-type` is not supported",
        ),
        (
            "additionalProperties: {type: string}",
            "`additionalProperties` is not supported",
        ),
        (
            "required: [Nowhere]",
            "`required` must list names of this schema's `properties`",
        ),
        ("nullable: sometimes", "`nullable` must be true or false"),
    ] {
        let to = format!("{from}\n                    {extra}");
        let (text, line) = mutate(&spec_text("vod-2017-03-21.yaml"), from, &to);
        let error = error_in(VOD, text);
        assert_eq!(
            error.location().map(|(line, _)| line),
            Some(line + 3),
            "{error}"
        );
        assert!(error.message().contains(needle), "{error}");
    }
}

#[test]
fn a_response_body_is_json_with_a_schema() {
    let from = "        application/json:\n          schema:\n            $ref: \"#/components/schemas/ErrorResponse\"";
    // (replacement, message, lines from the replacement's start to the body, the node the error points at)
    for (to, needle, offset) in [
        (
            "        application/json: {}",
            "a response body needs a `schema`",
            0,
        ),
        (
            "        text/xml:\n          schema:\n            $ref: \"#/components/schemas/ErrorResponse\"",
            "media type `text/xml` is not supported",
            1,
        ),
    ] {
        let (text, line) = mutate(&spec_text("vod-2017-03-21.yaml"), from, to);
        let error = error_in(VOD, text);
        assert_names(&error, VOD, None, line + offset, needle);
    }
}

#[test]
fn component_entries_are_not_references() {
    // Progenitor follows a component that refers to itself without end (a stack overflow, which no catch_unwind
    // stops).
    let from = "  responses:\n    Error:\n      description: Alibaba Cloud's error body.";
    let to = "  responses:\n    Error:\n      $ref: \"#/components/responses/Error\"";
    let (text, line) = mutate(&spec_text("vod-2017-03-21.yaml"), from, to);
    let text = text.replacen("      content:\n        application/json:\n          schema:\n            $ref: \"#/components/schemas/ErrorResponse\"\n", "", 1);
    let error = error_in(VOD, text);
    assert_names(
        &error,
        VOD,
        None,
        line + 2,
        "must be a response, not a `$ref`",
    );

    let from = "    DescribeVodDomainCertificateInfoResponse:\n      title: DescribeVodDomainCertificateInfoResponse";
    let to = "    Alias:\n      $ref: \"#/components/schemas/Alias\"\n    DescribeVodDomainCertificateInfoResponse:\n      title: DescribeVodDomainCertificateInfoResponse";
    let (text, line) = mutate(&spec_text("vod-2017-03-21.yaml"), from, to);
    let error = error_in(VOD, text);
    assert_names(
        &error,
        VOD,
        None,
        line + 1,
        "must be a schema, not a `$ref`",
    );
}

#[test]
fn one_success_response_and_one_error_body() {
    // Found by the spec_load fuzz target: `4XX` turned `2XX` made two success types, and progenitor asserted.
    let (text, line) = mutate(
        &spec_text("vod-2017-03-21.yaml"),
        "        \"4XX\":",
        "        \"2XX\":",
    );
    let error = error_in(VOD, text);
    assert_names(
        &error,
        VOD,
        Some("DescribeVodDomainCertificateInfo"),
        line + 1,
        "response `2XX` is not supported",
    );
    for code in ["201", "302", "1XX"] {
        let (text, _) = mutate(
            &spec_text("vod-2017-03-21.yaml"),
            "        \"4XX\":",
            &format!("        \"{code}\":"),
        );
        assert!(
            error_in(VOD, text)
                .message()
                .contains(&format!("response `{code}` is not supported"))
        );
    }

    let from = "        \"5XX\":\n          $ref: \"#/components/responses/Error\"";
    let to = "        \"5XX\":\n          description: A gateway's page.\n          content:\n            application/json:\n              schema:\n                type: string";
    let (text, line) = mutate(&spec_text("vod-2017-03-21.yaml"), from, to);
    let error = error_in(VOD, text);
    assert_names(
        &error,
        VOD,
        Some("DescribeVodDomainCertificateInfo"),
        line + 1,
        "response's body differs from the `4XX` response's",
    );

    let from = "        application/json:\n          schema:\n            $ref: \"#/components/schemas/ErrorResponse\"";
    let to = format!("{from}\n          encoding: {{}}");
    let (text, line) = mutate(&spec_text("vod-2017-03-21.yaml"), from, &to);
    let error = error_in(VOD, text);
    assert_names(
        &error,
        VOD,
        None,
        line + 3,
        "`encoding` is not supported in a response body",
    );
}
