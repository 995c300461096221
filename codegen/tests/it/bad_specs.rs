//! Every way a spec can be wrong that we know of gets an error naming the file and, where there is one, the
//! operation. None panics.

use codegen::{SpecError, SpecSource, generate};

use crate::spec_text;

const FILE: &str = "spec/vod-2017-03-21.yaml";

fn vod() -> String {
    spec_text("vod-2017-03-21.yaml")
}

fn error_for(text: String) -> SpecError {
    generate(&[SpecSource::new(FILE, text)]).expect_err("the spec must be rejected")
}

/// Removes the first line whose trimmed text is `line`.
fn remove_line(text: &str, line: &str) -> String {
    let mut removed = false;
    let kept: Vec<&str> = text
        .lines()
        .filter(|candidate| {
            if !removed && candidate.trim() == line {
                removed = true;
                return false;
            }
            true
        })
        .collect();
    assert!(
        removed,
        "the spec no longer has the line {line:?}: update the test"
    );
    kept.join("\n") + "\n"
}

fn replace(text: &str, from: &str, to: &str) -> String {
    assert!(
        text.contains(from),
        "the spec no longer contains {from:?}: update the test"
    );
    text.replacen(from, to, 1)
}

#[test]
fn the_real_vod_spec_is_accepted() {
    generate(&[SpecSource::new(FILE, vod())]).unwrap();
}

#[test]
fn duplicate_path_keys_are_caught_with_their_line() {
    let text = vod();
    let start = text
        .find("  \"/?Action=DescribeVodDomainCertificateInfo\":")
        .unwrap();
    let end = text[start..].find("\ncomponents:").unwrap() + start + 1;
    let path_block = &text[start..end];
    let doubled = format!("{}{}{}", &text[..end], path_block, &text[end..]);
    let error = error_for(doubled);
    assert_eq!(error.file(), FILE);
    assert!(error.message().contains("duplicate entry"), "{error}");
    assert!(
        error.message().contains("DescribeVodDomainCertificateInfo"),
        "{error}"
    );
    assert!(error.message().contains("keep only the last"), "{error}");
    assert!(error.location().is_some(), "{error}");
}

#[test]
fn duplicate_actions_are_caught() {
    let text = vod();
    let start = text
        .find("  \"/?Action=DescribeVodDomainCertificateInfo\":")
        .unwrap();
    let end = text[start..].find("\ncomponents:").unwrap() + start + 1;
    let second = text[start..end].replacen(
        "/?Action=DescribeVodDomainCertificateInfo\":",
        "/?Action=Other\":",
        1,
    );
    let error = error_for(format!("{}{}{}", &text[..end], second, &text[end..]));
    assert_eq!(error.operation(), Some("DescribeVodDomainCertificateInfo"));
    assert!(
        error.message().contains("does not match its operationId"),
        "{error}"
    );

    // Same Action reached by two path keys that differ only in a suffix: the path check names it.
    let error = error_for(replace(
        &text,
        "operationId: DescribeVodDomainCertificateInfo",
        "operationId: Renamed",
    ));
    assert_eq!(error.operation(), Some("Renamed"));
}

#[test]
fn a_missing_operation_id_is_caught() {
    let error = error_for(remove_line(
        &vod(),
        "operationId: DescribeVodDomainCertificateInfo",
    ));
    assert!(error.message().contains("has no operationId"), "{error}");
    assert!(
        error
            .message()
            .contains("/?Action=DescribeVodDomainCertificateInfo"),
        "{error}"
    );
}

#[test]
fn a_default_response_is_caught() {
    let error = error_for(replace(&vod(), "        \"5XX\":", "        default:"));
    assert_eq!(error.operation(), Some("DescribeVodDomainCertificateInfo"));
    assert!(
        error
            .message()
            .contains("`default` response is not supported"),
        "{error}"
    );
}

#[test]
fn unsupported_parameter_styles_are_caught() {
    let error = error_for(replace(&vod(), "style: form", "style: deepObject"));
    assert_eq!(error.operation(), Some("DescribeVodDomainCertificateInfo"));
    assert!(
        error
            .message()
            .contains("style `deepObject` is not supported"),
        "{error}"
    );
    assert!(error.message().contains("DomainName"), "{error}");

    let error = error_for(replace(&vod(), "in: query", "in: header"));
    assert!(
        error.message().contains("`in: header` is not supported"),
        "{error}"
    );

    let error = error_for(replace(&vod(), "explode: true", "explode: false"));
    assert!(error.message().contains("explode: false"), "{error}");
}

#[test]
fn other_openapi_versions_are_caught() {
    for version in ["3.1.0", "2.0"] {
        let error = error_for(replace(
            &vod(),
            "openapi: 3.0.3",
            &format!("openapi: {version}"),
        ));
        assert!(
            error
                .message()
                .contains(&format!("`openapi: {version}` is not supported")),
            "{error}"
        );
        assert_eq!(error.operation(), None);
    }
}

#[test]
fn an_enum_without_a_title_is_caught() {
    let error = error_for(remove_line(&vod(), "title: VodCertStatus"));
    assert!(error.message().contains("needs a `title`"), "{error}");
    assert!(error.message().contains("Status"), "{error}");
}

#[test]
fn an_unknown_wire_form_is_caught() {
    let cas = spec_text("cas-2020-04-07.yaml");
    let text = replace(
        &cas,
        "x-alicert-wire: bool-or-01",
        "x-alicert-wire: sometimes",
    );
    let error = generate(&[SpecSource::new("spec/cas-2020-04-07.yaml", text)]).unwrap_err();
    assert!(
        error
            .message()
            .contains("unknown `x-alicert-wire: \"sometimes\"`"),
        "{error}"
    );
    assert!(error.message().contains("DefaultResource"), "{error}");
}

#[test]
fn malformed_yaml_and_wrong_shapes_are_errors() {
    let error = error_for("openapi: [unclosed".to_owned());
    assert!(error.message().starts_with("invalid YAML"), "{error}");
    let error = error_for("- just\n- a list\n".to_owned());
    assert!(error.message().contains("not a YAML mapping"), "{error}");
    let error = error_for(
        "openapi: 3.0.3\ninfo: {title: t, version: '1', x-alicert-product: vod}\npaths: {}\n"
            .to_owned(),
    );
    assert!(error.message().contains("defines no operation"), "{error}");
    let error = error_for(replace(
        &vod(),
        "x-alicert-product: vod",
        "x-alicert-product: Vod!",
    ));
    assert!(
        error.message().contains("lowercase product code"),
        "{error}"
    );
}

#[test]
fn mutations_of_every_line_never_panic() {
    // Delete each line in turn (every fifth of the larger cas spec, to keep the test quick): whatever the result,
    // generate returns Ok or a SpecError, never a panic, and never one that reached progenitor's.
    for (file, text, step) in [
        (FILE, vod(), 1),
        (
            "spec/cas-2020-04-07.yaml",
            spec_text("cas-2020-04-07.yaml"),
            5,
        ),
    ] {
        let lines: Vec<&str> = text.lines().collect();
        for skip in (0..lines.len()).step_by(step) {
            let mutated: String = lines
                .iter()
                .enumerate()
                .filter(|(index, _)| *index != skip)
                .map(|(_, line)| format!("{line}\n"))
                .collect();
            if let Err(error) = generate(&[SpecSource::new(file, mutated)]) {
                // Progenitor's panics are caught, but each one is a spec validation should have refused first.
                assert!(
                    !error.message().contains("progenitor panicked"),
                    "{file} without line {}: {error}",
                    skip + 1
                );
            }
        }
    }
}
