//! Rust names: a `title` is a type name in PascalCase, one name stands for one definition (identical schemas share
//! it, different ones are refused naming both places), and two Actions never become one client method.

use codegen::{SpecSource, generate};

use crate::spec_text;
use crate::validation::{CAS, VOD, assert_names, error_in, mutate};

#[test]
fn two_different_schemas_under_one_title_are_refused_naming_both() {
    // JobCert and WorkerResource are different objects; give the first one's title to the second too.
    let (text, line) = mutate(
        &spec_text("cas-2020-04-07.yaml"),
        "title: JobCert",
        "title: WorkerResource",
    );
    let other = text
        .match_indices("title: WorkerResource\n")
        .map(|(at, _)| text[..at].matches('\n').count() + 1)
        .find(|other| *other != line)
        .expect("the other WorkerResource");
    let error = error_in(CAS, text);
    assert!(
        error.message().contains("the Rust type `WorkerResource`"),
        "{error}"
    );
    assert!(
        error.message().contains("Give one of them another `title`"),
        "{error}"
    );
    // Both places: the error's own line is one title, its message names the other with file, line and pointer.
    let (error_line, _) = error.location().expect("a line");
    let named = if error_line == line { other } else { line };
    assert!(
        error_line == line || error_line == other,
        "{error} (titles at {line} and {other})"
    );
    assert!(
        error.message().contains(&format!("{CAS}:{named}:")),
        "{error}"
    );
    assert!(error.message().contains("/title"), "{error}");
}

#[test]
fn one_title_on_identical_schemas_is_one_type() {
    // The real cas spec uses WorkerStatus on the request filter and the response field, with the same values in
    // another order of documentation: accepted, one type.
    let files = generate(&[SpecSource::new(CAS, spec_text("cas-2020-04-07.yaml"))]).unwrap();
    assert_eq!(
        files[0].contents.matches("pub enum WorkerStatus ").count(),
        1
    );
}

#[test]
fn two_actions_that_give_one_client_method_are_refused() {
    let text = spec_text("vod-2017-03-21.yaml");
    let start = text
        .find("  \"/?Action=DescribeVodDomainCertificateInfo\":")
        .unwrap();
    let end = text[start..].find("\ncomponents:").unwrap() + start + 1;
    let second = text[start..end].replace(
        "DescribeVodDomainCertificateInfo",
        "DescribeVODDomainCertificateInfo",
    );
    let line = text[..end].matches('\n').count() + 1;
    let first_line = text[..start].matches('\n').count() + 1;
    let text = format!("{}{}{}", &text[..end], second, &text[end..]);
    let error = error_in(VOD, text);
    // The paths are checked in key order, so the error sits at one of the two and names the other.
    let at = match error.operation() {
        Some("DescribeVodDomainCertificateInfo") => first_line + 1,
        _ => line + 1,
    };
    assert_eq!(error.location().map(|(line, _)| line), Some(at), "{error}");
    for needle in [
        "DescribeVODDomainCertificateInfo and DescribeVodDomainCertificateInfo",
        "both become the client method `describe_vod_domain_certificate_info`",
    ] {
        assert!(error.message().contains(needle), "{error}");
    }
}

#[test]
fn a_title_is_a_type_name() {
    for bad in [
        "\"Vod cert info\"",
        "vodCertInfo",
        "\"\"",
        "\"1Info\"",
        "\"Vod_Cert\"",
    ] {
        let (text, line) = mutate(
            &spec_text("vod-2017-03-21.yaml"),
            "                title: VodCertInfo",
            &format!("                title: {bad}"),
        );
        let error = error_in(VOD, text);
        assert_names(
            &error,
            VOD,
            None,
            line,
            "is not a Rust type name in PascalCase",
        );
    }
}
