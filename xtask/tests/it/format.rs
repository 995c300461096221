//! The parser reads the page format, not five files: a page written here (`pages/written/`) uses what the five
//! reference pages do not — nested arrays of objects, an array of strings under an item, a bare `array` request
//! parameter with its item row, notes in the description and under a parameter, valid values without meanings, a
//! parameter without an example, an example that is a type name, a nested object, a field name used at two levels,
//! and fields after a nested subtree whose place only the sample response tells.

use serde_yaml::Value;
use xtask::docpage::{self, Kind};
use xtask::import::{self, Change, Options};

use crate::support;

const NAME: &str = "list-certificate-bundles.txt";

fn written() -> String {
    std::fs::read_to_string(support::pages_dir().join("written").join(NAME)).unwrap()
}

#[test]
fn the_written_page_parses_into_the_expected_shape() {
    let page = docpage::parse(NAME, &written()).expect("the written page parses");
    assert_eq!(page.product, "Certificate Management Service");
    assert_eq!(page.action, "ListCertificateBundles");
    assert_eq!(page.last_updated, "2024-09-03");
    assert_eq!(
        page.description,
        [
            "Queries certificate bundles. A bundle groups the certificates that are deployed together.",
            "You can call this operation up to 10 times per second per account.",
            "- Bundles that are being deleted are not returned.\n- Expired certificates are returned with their bundle.",
            "Note: The bundles of other accounts are never returned.",
        ]
    );

    let names: Vec<&str> = page
        .parameters
        .iter()
        .map(|p| p.row.name.as_deref().unwrap())
        .collect();
    assert_eq!(names, ["Keywords", "Product", "ShowSize", "Lang"]);
    let keywords = &page.parameters[0];
    assert_eq!(keywords.row.kind, Kind::Array(None));
    assert_eq!(keywords.row.example, None);
    let item = keywords.items.as_ref().expect("the item row");
    assert_eq!(
        (item.kind.clone(), item.description_text()),
        (Kind::String, "A keyword.".to_owned())
    );
    let product = &page.parameters[1];
    assert_eq!(
        product.row.description,
        ["The cloud service of the bundles.", "Valid values:"]
    );
    let values = &product.row.valid_values.as_ref().unwrap().values;
    assert_eq!(
        values,
        &[
            ("CDN".into(), "".into()),
            ("SLB".into(), "".into()),
            ("OSS".into(), "".into())
        ]
    );
    assert_eq!(
        page.parameters[2].row.example, None,
        "ShowSize has no example"
    );
    assert_eq!(
        page.parameters[2].row.description,
        ["The number of entries per page."]
    );
    assert_eq!(
        page.parameters[3].row.description,
        [
            "The language of the response.",
            "Note: If you do not set this parameter, English is used."
        ]
    );
    assert_eq!(
        page.parameters[3]
            .row
            .example
            .as_ref()
            .map(|(_, text)| text.as_str()),
        Some("en")
    );

    // The nesting, as the sample response resolves it.
    let mut paths = Vec::new();
    fn walk(field: &docpage::Field, out: &mut Vec<String>) {
        for child in &field.children {
            out.push(child.path.clone());
            walk(child, out);
        }
        if let Some(items) = &field.items {
            out.push(items.path.clone());
            walk(items, out);
        }
    }
    walk(&page.response, &mut paths);
    assert_eq!(
        paths,
        [
            "Bundles",
            "Bundles[]",
            "Bundles[].BundleId",
            "Bundles[].Certs",
            "Bundles[].Certs[]",
            "Bundles[].Certs[].CertId",
            "Bundles[].Certs[].Domains",
            "Bundles[].Certs[].Domains[]",
            "Bundles[].State",
            "Bundles[].Kind",
            "Bundles[].Owner",
            "Bundles[].Owner.Name",
            "Bundles[].Owner.Uid",
            "Total",
            "Name",
            "RequestId",
        ]
    );
    assert!(page.warnings.is_empty(), "{:?}", page.warnings);
}

/// The written page without its array parameter, which the generator does not take (it refuses any `array`
/// query parameter; the importer itself writes one, see below).
fn written_without_keywords() -> String {
    support::edit(
        &written(),
        "KeywordsarrayNo\n\nThe keywords to match in bundle names.\n\nstring\n\nA keyword.\n\nshop\n",
        "",
    )
}

#[test]
fn the_written_page_imports_as_a_new_operation_and_re_imports_unchanged() {
    let dir = support::spec_copy("written");
    let pages = support::scratch("written-page");
    let path = support::write_page(&pages, NAME, &written_without_keywords());
    let options = Options {
        spec_dir: dir.clone(),
        spec_file: None,
        product: None,
        check: false,
    };
    let report =
        import::run(std::slice::from_ref(&path), &options).expect("the written page imports");
    assert_eq!(report.imported[0].change, Change::Added);
    assert_eq!(report.imported[0].spec, "cas-2020-04-07.yaml");
    let text = std::fs::read_to_string(dir.join("cas-2020-04-07.yaml")).unwrap();

    // The rest of the file is untouched: the new path item goes after the last one, the schema before the shared
    // ErrorResponse.
    let original = support::spec("cas-2020-04-07.yaml");
    let path_at = text.find("  \"/?Action=ListCertificateBundles\":").unwrap();
    assert_eq!(text[..path_at], original[..path_at]);
    let schema_at = text.find("    ListCertificateBundlesResponse:").unwrap();
    assert!(schema_at < text.find("    ErrorResponse:").unwrap());
    assert!(text.ends_with(&original[original.find("    ErrorResponse:").unwrap()..]));

    let spec: Value = serde_yaml::from_str(&text).unwrap();
    let operation = &spec["paths"]["/?Action=ListCertificateBundles"]["post"];
    assert_eq!(operation["summary"], "Queries certificate bundles.");
    assert!(
        operation["description"]
            .as_str()
            .unwrap()
            .ends_with("\n\nNote: The bundles of other accounts are never returned.")
    );
    let parameters = operation["parameters"].as_sequence().unwrap();
    assert_eq!(
        parameters[0]["schema"]["title"],
        "ListCertificateBundlesProduct"
    );
    assert_eq!(parameters[0]["schema"]["x-enum-descriptions"]["SLB"], "");
    assert!(
        parameters[1].get("example").is_none(),
        "ShowSize has no example"
    );
    assert_eq!(parameters[1]["schema"]["format"], "int32");
    assert_eq!(parameters[2]["example"], "en");

    let schema = &spec["components"]["schemas"]["ListCertificateBundlesResponse"];
    assert_eq!(schema["description"], "The page of bundles.");
    let bundle = &schema["properties"]["Bundles"]["items"];
    assert_eq!(bundle["title"], "ListCertificateBundlesBundle");
    assert_eq!(bundle["description"], "A bundle.");
    let domains = &bundle["properties"]["Certs"]["items"]["properties"]["Domains"];
    assert_eq!(domains["items"]["type"], "string");
    assert_eq!(domains["items"]["example"], "www.example.com");
    let state = &bundle["properties"]["State"];
    assert_eq!(state["enum"][1], "draft");
    assert_eq!(
        state["x-enum-descriptions"]["draft"],
        "The bundle is not deployed yet."
    );
    assert_eq!(
        state["description"],
        "The state of the bundle. Valid values:\n\nNote: Only active bundles are renewed automatically."
    );
    assert_eq!(bundle["properties"]["Kind"]["example"], "string");
    let owner = &bundle["properties"]["Owner"];
    assert_eq!(owner["type"], "object");
    assert_eq!(
        owner["properties"]["Uid"]["x-alicert-page-example"],
        "1666XXXX785"
    );
    assert!(owner["properties"]["Uid"].get("example").is_none());
    let root: Vec<&str> = schema["properties"]
        .as_mapping()
        .unwrap()
        .keys()
        .map(|key| key.as_str().unwrap())
        .collect();
    assert_eq!(root, ["Bundles", "Total", "Name", "RequestId"]);

    // Importing it again changes nothing.
    let again = import::run(&[path], &options).expect("the written page imports again");
    assert_eq!(again.imported[0].change, Change::Unchanged);
    assert!(again.changed.is_empty());
}

#[test]
fn an_array_parameter_is_written_and_generates() {
    let mut specs = import::read_specs(&support::spec_dir()).unwrap();
    import::import_page(NAME, &written(), &mut specs, None, None)
        .expect("the importer reads and writes it");
    let spec: Value = serde_yaml::from_str(&specs[0].text).unwrap();
    let keywords = &spec["paths"]["/?Action=ListCertificateBundles"]["post"]["parameters"][0];
    assert_eq!(keywords["name"], "Keywords");
    assert_eq!(keywords["schema"]["type"], "array");
    assert_eq!(keywords["schema"]["items"]["description"], "A keyword.");
    assert_eq!(keywords["schema"]["items"]["example"], "shop");

    let dir = support::spec_copy("written-array");
    let pages = support::scratch("written-array-page");
    let path = support::write_page(&pages, NAME, &written());
    let options = Options {
        spec_dir: dir.clone(),
        spec_file: None,
        product: None,
        check: false,
    };
    // The importer writes only what the generator accepts: a list parameter is one (a repeatable flag in the CLI,
    // `Keywords.1`, `Keywords.2` on the wire).
    let report =
        import::run(&[path], &options).expect("the generator takes array query parameters");
    assert_eq!(report.imported[0].change, Change::Added);
    let written = std::fs::read_to_string(dir.join("cas-2020-04-07.yaml")).unwrap();
    assert!(written.contains("- name: Keywords"), "{written}");
    let files = support::generate(&dir);
    let cas = support::generated(&files, "crates/alicert-api/src/cas/generated.rs");
    assert!(
        cas.contains(".json::<::std::vec::Vec<::std::string::String>>(\"Keywords\")"),
        "the catalog's invoke reads the list as the builder's own type"
    );
    assert!(cas.contains("kind: ::alicert_api::catalog::ParameterKind::List"));
}

#[test]
fn a_page_of_an_unknown_product_needs_its_product_named() {
    let dir = support::spec_copy("unknown-product");
    let pages = support::scratch("unknown-product-page");
    let page = written_without_keywords().replace(
        "Certificate Management Service:ListCertificateBundles",
        "Bundle Service:ListCertificateBundles",
    );
    let path = support::write_page(&pages, NAME, &page);
    let mut options = Options {
        spec_dir: dir.clone(),
        spec_file: None,
        product: None,
        check: true,
    };
    let error = import::run(std::slice::from_ref(&path), &options)
        .expect_err("no spec file is for that product");
    assert!(
        error.to_string().contains("\"Bundle Service\"") && error.to_string().contains("--product"),
        "{error}"
    );
    options.spec_file = Some("vod-2017-03-21.yaml".to_owned());
    let error = import::run(std::slice::from_ref(&path), &options)
        .expect_err("--spec alone does not put a page into another product's spec");
    assert!(error.to_string().contains("\"Bundle Service\""), "{error}");
    options.product = Some("vod".to_owned());
    let report = import::run(&[path], &options).expect("with a target it imports");
    assert_eq!(report.imported[0].spec, "vod-2017-03-21.yaml");
    assert_eq!(report.changed.len(), 1, "--check reports the change");
    assert!(
        std::fs::read_to_string(dir.join("vod-2017-03-21.yaml")).unwrap()
            == support::spec("vod-2017-03-21.yaml"),
        "--check writes nothing"
    );
}
