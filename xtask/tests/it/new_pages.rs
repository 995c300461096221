//! The hand-written pages under `pages/new/` (not copies of Alibaba's): a new operation of an existing product in
//! the 2024 layout, a new product in the 2026 layout with Markdown tables, and a new operation in the 2025 layout.
//! Each imports into a copy of the spec, and the types it names are named from their places, never numbered.

use std::path::PathBuf;

use serde_yaml::Value;
use xtask::import::{self, Change, Options};

use crate::support;

/// A page under `pages/new/`.
pub fn new_page(name: &str) -> PathBuf {
    support::pages_dir().join("new").join(name)
}

fn options(dir: &std::path::Path) -> Options {
    Options {
        spec_dir: dir.to_path_buf(),
        spec_file: None,
        product: None,
        check: false,
    }
}

/// Every `title` in a document.
fn titles(value: &Value, out: &mut Vec<String>) {
    match value {
        Value::Mapping(map) => {
            for (key, child) in map {
                if key.as_str() == Some("title")
                    && let Some(title) = child.as_str()
                {
                    out.push(title.to_owned());
                }
                titles(child, out);
            }
        }
        Value::Sequence(items) => items.iter().for_each(|item| titles(item, out)),
        _ => {}
    }
}

#[test]
fn a_new_cas_operation_names_its_types_from_their_places() {
    let dir = support::spec_copy("new-pages-cas");
    let report = import::run(
        &[new_page("cas-list-deployment-job-2024.txt")],
        &options(&dir),
    )
    .expect("the page imports");
    assert_eq!(report.imported[0].action, "ListDeploymentJob");
    assert_eq!(report.imported[0].spec, "cas-2020-04-07.yaml");
    assert_eq!(report.imported[0].change, Change::Added);
    let text = std::fs::read_to_string(dir.join("cas-2020-04-07.yaml")).unwrap();
    let document: Value = serde_yaml::from_str(&text).unwrap();
    let operation = &document["paths"]["/?Action=ListDeploymentJob"]["post"];
    let names: Vec<&str> = operation["parameters"]
        .as_sequence()
        .unwrap()
        .iter()
        .map(|parameter| parameter["name"].as_str().unwrap())
        .collect();
    assert_eq!(
        names,
        [
            "JobType",
            "Status",
            "CurrentPage",
            "ShowSize",
            "Name",
            "JobIds",
            "CloudProducts",
            "MinProgress"
        ]
    );
    let data =
        &document["components"]["schemas"]["ListDeploymentJobResponse"]["properties"]["Data"];
    assert_eq!(data["type"], "array");
    assert_eq!(data["items"]["properties"]["Id"]["format"], "int64");
    // The request's Status took the plain name; the response's is named from its place, not `...Status2`.
    assert_eq!(
        operation["parameters"][1]["schema"]["title"],
        "ListDeploymentJobStatus"
    );
    assert_eq!(
        data["items"]["properties"]["Status"]["title"],
        "ListDeploymentJobDataItemStatus"
    );
    assert_eq!(
        data["items"]["properties"]["JobType"]["title"],
        "ListDeploymentJobDataItemJobType"
    );
    let mut all = Vec::new();
    titles(&document["paths"], &mut all);
    titles(&document["components"], &mut all);
    let numbered: Vec<&String> = all
        .iter()
        .filter(|title| title.ends_with(|c: char| c.is_ascii_digit()))
        .collect();
    assert!(numbered.is_empty(), "numbered titles: {numbered:?}");
}

#[test]
fn the_2025_and_2026_pages_import_without_their_furniture() {
    let dir = support::spec_copy("new-pages-later");
    let mut cdn = options(&dir);
    cdn.product = Some("cdn".to_owned());
    let product = import::ProductOptions {
        version: Some("2018-05-10".to_owned()),
        endpoints: None,
        default_region: None,
    };
    let report = import::run_for_product(
        &[new_page("cdn-describe-domain-certificate-info-2026.md")],
        &cdn,
        &product,
    )
    .expect("the 2026 page of a new product imports");
    assert_eq!(report.created, ["cdn-2018-05-10.yaml"]);
    let report = import::run(
        &[new_page("cas-update-deployment-job-status-2025.txt")],
        &options(&dir),
    )
    .expect("the 2025 page imports");
    assert_eq!(report.imported[0].spec, "cas-2020-04-07.yaml");

    let read = |name: &str| -> Value {
        serde_yaml::from_str(&std::fs::read_to_string(dir.join(name)).unwrap()).unwrap()
    };
    let cdn = read("cdn-2018-05-10.yaml");
    let operation = &cdn["paths"]["/?Action=DescribeDomainCertificateInfo"]["post"];
    let description = operation["description"].as_str().unwrap();
    for furniture in [
        "Try it now",
        "Test",
        "RAM authorization",
        "cdn:Describe",
        "|",
    ] {
        assert!(
            !description.contains(furniture),
            "{furniture}: {description}"
        );
    }
    assert_eq!(operation["parameters"][0]["name"], "DomainName");
    assert_eq!(operation["parameters"][0]["required"], true);
    // The Markdown table's flat rows under CertInfos, placed by the sample's wrapper object.
    let info = &cdn["components"]["schemas"]["DescribeDomainCertificateInfoResponse"]["properties"]
        ["CertInfos"];
    let item = &info["properties"]["CertInfo"]["items"]["properties"];
    for field in [
        "DomainName",
        "CertName",
        "CertType",
        "CertExpireTime",
        "Status",
    ] {
        assert!(item[field].is_mapping(), "CertInfos.CertInfo[].{field}");
    }
    assert_eq!(item["ServerCertificateStatus"]["enum"][0], "on");

    let cas = read("cas-2020-04-07.yaml");
    let update = &cas["paths"]["/?Action=UpdateDeploymentJobStatus"]["post"];
    let description = update["description"].as_str().unwrap();
    for furniture in [
        "Authorization information",
        "OperationAccess level",
        "OpenAPI Explorer",
    ] {
        assert!(
            !description.contains(furniture),
            "{furniture}: {description}"
        );
    }
    assert_eq!(update["parameters"][1]["schema"]["enum"][1], "editing");
}
