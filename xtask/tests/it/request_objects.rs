//! Request parameters that hold fields (`Tag array<object>` with `Key` and `Value`) import from a Markdown table,
//! whose indentation places the fields; the generator takes them. The text layout cannot place them and says so
//! (parse_errors::a_nested_request_object); neither can a table whose object has no field under it.

use serde_yaml::Value;
use xtask::import::{self, Options, ProductOptions};

use crate::support;

const PAGE: &str = "new/cdn-describe-domain-certificate-info-2026.md";

fn options(dir: &std::path::Path) -> Options {
    Options {
        spec_dir: dir.to_path_buf(),
        spec_file: None,
        product: Some("cdn".to_owned()),
        check: false,
    }
}

fn cdn() -> ProductOptions {
    ProductOptions {
        version: Some("2018-05-10".to_owned()),
        ..ProductOptions::default()
    }
}

#[test]
fn a_list_of_objects_imports_with_its_fields_and_generates() {
    let dir = support::spec_copy("request-objects");
    let page = support::pages_dir().join(PAGE);
    import::run_for_product(std::slice::from_ref(&page), &options(&dir), &cdn()).expect("imports");
    let text = std::fs::read_to_string(dir.join("cdn-2018-05-10.yaml")).unwrap();
    let document: Value = serde_yaml::from_str(&text).unwrap();
    let tag = &document["paths"]["/?Action=DescribeDomainCertificateInfo"]["post"]["parameters"][1];
    assert_eq!(tag["name"], "Tag");
    assert_eq!(tag["schema"]["type"], "array");
    let item = &tag["schema"]["items"];
    assert_eq!(item["type"], "object");
    assert_eq!(item["title"], "DescribeDomainCertificateInfoTagItem");
    assert_eq!(item["properties"]["Key"]["type"], "string");
    assert_eq!(item["properties"]["Value"]["example"], "prod");
    // Stable: a second import changes nothing.
    let again = import::run_for_product(&[page], &options(&dir), &cdn()).unwrap();
    assert!(again.changed.is_empty(), "{}", again.diff());
    let files = support::generate(&dir);
    let client = support::generated(&files, "crates/alicert-api/src/cdn/generated.rs");
    assert!(client.contains("pub struct DescribeDomainCertificateInfoTagItem"));
    assert!(client.contains("ParameterKind::Json"));
}

fn import_edited(label: &str, from: &str, to: &str) -> String {
    let dir = support::spec_copy(label);
    let text = support::edit(
        &std::fs::read_to_string(support::pages_dir().join(PAGE)).unwrap(),
        from,
        to,
    );
    let page = support::write_page(&support::scratch(&format!("{label}-page")), "cdn.md", &text);
    import::run_for_product(&[page], &options(&dir), &cdn())
        .unwrap_err()
        .to_string()
}

#[test]
fn an_object_without_fields_or_with_deeper_nesting_is_refused_naming_the_line() {
    let error = import_edited(
        "request-object-empty",
        "| &nbsp;&nbsp;└ Key | string | No | The key of a tag. | env |\n| &nbsp;&nbsp;└ Value | string | No | The value of a tag. | prod |\n",
        "",
    );
    // With nothing indented, the table shows no nesting at all: the text layout's case.
    assert!(
        error.contains("nested request parameters cannot be placed"),
        "{error}"
    );
    assert!(
        error.contains("cdn.md:"),
        "names the page and line: {error}"
    );
    let error = import_edited(
        "request-object-deep",
        "| &nbsp;&nbsp;└ Value | string | No | The value of a tag. | prod |",
        "| &nbsp;&nbsp;└ Value | object | No | The value of a tag. |  |",
    );
    assert!(error.contains("one level deep"), "{error}");
    assert!(
        error.contains("cdn.md:"),
        "names the page and line: {error}"
    );
}
