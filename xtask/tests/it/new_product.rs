//! `import-doc --product CODE --version YYYY-MM-DD`: a page of a product with no spec creates the product's spec,
//! which the generator accepts; CODE, VERSION and the endpoint options are checked, and an existing spec's version
//! must match.

use std::path::{Path, PathBuf};

use serde_yaml::Value;
use xtask::import::{self, Endpoints, Options, ProductOptions};

use crate::support;

/// The vod page retitled as a page of CDN, a product with no spec.
fn cdn_page(label: &str) -> PathBuf {
    let text = support::edit(
        &support::page(support::PAGES[4]),
        "ApsaraVideo VOD:DescribeVodDomainCertificateInfo",
        "CDN:DescribeDomainCertificateInfo",
    );
    support::write_page(&support::scratch(label), "cdn-page.txt", &text)
}

fn options(dir: &Path, product: &str) -> Options {
    Options {
        spec_dir: dir.to_path_buf(),
        spec_file: None,
        product: Some(product.to_owned()),
        check: false,
    }
}

fn version(version: &str) -> ProductOptions {
    ProductOptions {
        version: Some(version.to_owned()),
        endpoints: None,
        default_region: None,
    }
}

fn info(dir: &Path, file: &str) -> Value {
    let text = std::fs::read_to_string(dir.join(file)).expect("the spec file exists");
    let document: Value = serde_yaml::from_str(&text).unwrap();
    document["info"].clone()
}

#[test]
fn a_new_product_gets_its_spec_and_the_generator_accepts_it() {
    let dir = support::spec_copy("new-product");
    let page = cdn_page("new-product-page");
    let report = import::run_for_product(
        std::slice::from_ref(&page),
        &options(&dir, "cdn"),
        &version("2018-05-10"),
    )
    .expect("the new product's page imports");
    assert_eq!(report.created, ["cdn-2018-05-10.yaml"]);
    assert_eq!(report.imported[0].spec, "cdn-2018-05-10.yaml");
    assert_eq!(report.imported[0].change, import::Change::Added);
    let info = info(&dir, "cdn-2018-05-10.yaml");
    assert_eq!(info["title"], "CDN (cdn) 2018-05-10");
    assert_eq!(info["version"], "2018-05-10");
    assert_eq!(info["x-alicert-product"], "cdn");
    assert_eq!(info["x-alicert-endpoints"]["rule"], "central");
    assert!(info["x-alicert-endpoints"].get("central").is_none());
    let text = std::fs::read_to_string(dir.join("cdn-2018-05-10.yaml")).unwrap();
    let document: Value = serde_yaml::from_str(&text).unwrap();
    assert_eq!(document["servers"][0]["url"], "https://cdn.aliyuncs.com");
    assert!(document["paths"]["/?Action=DescribeDomainCertificateInfo"]["post"].is_mapping());
    assert_eq!(
        document["components"]["responses"]["Error"]["content"]["application/json"]["schema"]["$ref"],
        "#/components/schemas/ErrorResponse"
    );
    // The other specs are untouched.
    for name in ["cas-2020-04-07.yaml", "vod-2017-03-21.yaml"] {
        assert_eq!(
            std::fs::read_to_string(dir.join(name)).unwrap(),
            support::spec(name)
        );
    }

    // The generator takes the folder and gives the new product its module.
    let files = support::generate(&dir);
    assert!(
        files
            .iter()
            .any(|file| file.path == codegen::output_path("cdn")),
        "{:?}",
        files.iter().map(|file| &file.path).collect::<Vec<_>>()
    );

    // A second import into the now existing spec: no --version needed, and the page is unchanged.
    let again = import::run(std::slice::from_ref(&page), &options(&dir, "cdn")).unwrap();
    assert!(again.created.is_empty());
    assert_eq!(again.imported[0].change, import::Change::Unchanged);
    // Without --product too: the title's product now has a spec.
    let mut plain = options(&dir, "cdn");
    plain.product = None;
    assert_eq!(
        import::run(&[page], &plain).unwrap().imported[0].spec,
        "cdn-2018-05-10.yaml"
    );
}

#[test]
fn the_shared_error_response_is_the_existing_specs_one() {
    let dir = support::spec_copy("new-product-error");
    let page = cdn_page("new-product-error-page");
    import::run_for_product(&[page], &options(&dir, "cdn"), &version("2018-05-10")).unwrap();
    let components = |file: &str| {
        let text = std::fs::read_to_string(dir.join(file)).unwrap();
        let document: Value = serde_yaml::from_str(&text).unwrap();
        let mut error = document["components"]["schemas"]["ErrorResponse"].clone();
        error["properties"]["HostId"]["example"] = Value::Null;
        let response = document["components"]["responses"].clone();
        (error, response)
    };
    assert_eq!(
        components("cdn-2018-05-10.yaml"),
        components("cas-2020-04-07.yaml")
    );
    let text = std::fs::read_to_string(dir.join("cdn-2018-05-10.yaml")).unwrap();
    assert!(text.contains("example: \"cdn.aliyuncs.com\""), "{text}");
}

#[test]
fn endpoint_options_give_the_rule() {
    for (endpoints, rule, central, server) in [
        (
            Endpoints::Central(Some("cdn.example-api.com".to_owned())),
            "central",
            Some("cdn.example-api.com"),
            "https://cdn.example-api.com",
        ),
        (
            Endpoints::Regional,
            "regional",
            None,
            "https://cdn.cn-hangzhou.aliyuncs.com",
        ),
    ] {
        let dir = support::spec_copy(&format!("new-product-{rule}"));
        let page = cdn_page(&format!("new-product-{rule}-page"));
        let product = ProductOptions {
            version: Some("2018-05-10".to_owned()),
            endpoints: Some(endpoints),
            default_region: None,
        };
        import::run_for_product(&[page], &options(&dir, "cdn"), &product).unwrap();
        let text = std::fs::read_to_string(dir.join("cdn-2018-05-10.yaml")).unwrap();
        let document: Value = serde_yaml::from_str(&text).unwrap();
        let endpoints = &document["info"]["x-alicert-endpoints"];
        assert_eq!(endpoints["rule"], rule);
        assert_eq!(endpoints["central"].as_str(), central);
        assert_eq!(document["servers"][0]["url"], server);
    }
}

#[test]
fn a_product_that_answers_in_one_region_names_it_and_the_table_carries_it() {
    let dir = support::spec_copy("new-product-default-region");
    let page = cdn_page("new-product-default-region-page");
    let product = ProductOptions {
        version: Some("2018-05-10".to_owned()),
        endpoints: Some(Endpoints::Regional),
        default_region: Some("cn-shanghai".to_owned()),
    };
    import::run_for_product(&[page], &options(&dir, "cdn"), &product).unwrap();
    let info = info(&dir, "cdn-2018-05-10.yaml");
    assert_eq!(info["x-alicert-endpoints"]["defaultRegion"], "cn-shanghai");
    let files = support::generate(&dir);
    let table = support::generated(&files, "crates/alicert-api/src/products.rs");
    // The cdn entry of the table (vod, after it, has a default region of its own).
    let cdn = &table[table.find("code: \"cdn\"").unwrap()..];
    let cdn = &cdn[..cdn.find("operations:").unwrap()];
    assert!(
        cdn.contains("default_region: Some(\"cn-shanghai\")"),
        "the table of products carries it: {cdn}"
    );
}

#[test]
fn bad_product_options_are_refused_and_nothing_is_written() {
    let dir = support::spec_copy("new-product-bad");
    let page = cdn_page("new-product-bad-page");
    let run = |product: &str, options: ProductOptions| {
        import::run_for_product(
            std::slice::from_ref(&page),
            &self::options(&dir, product),
            &options,
        )
        .unwrap_err()
        .to_string()
    };
    let error = run("cdn", ProductOptions::default());
    assert!(
        error.contains("--version YYYY-MM-DD") && error.contains("`cdn`"),
        "{error}"
    );
    let error = run("CDN", version("2018-05-10"));
    assert!(
        error.contains("`--product CDN`") && error.contains("lowercase"),
        "{error}"
    );
    let error = run("cdn", version("2018-02-30"));
    assert!(error.contains("`--version 2018-02-30`"), "{error}");
    let error = run("cdn", version("18-05-10"));
    assert!(error.contains("YYYY-MM-DD"), "{error}");
    let bad_host = ProductOptions {
        version: Some("2018-05-10".to_owned()),
        endpoints: Some(Endpoints::Central(Some(
            "https://cdn.aliyuncs.com/".to_owned(),
        ))),
        default_region: None,
    };
    let error = run("cdn", bad_host);
    assert!(
        error.contains("`--endpoint https://cdn.aliyuncs.com/`"),
        "{error}"
    );

    // An existing product: --version must be its version; the endpoint options only shape a new spec.
    let cas = support::page(support::PAGES[0]);
    let cas_page = support::write_page(&support::scratch("new-product-bad-cas"), "cas.txt", &cas);
    let cas_run = |options: ProductOptions| {
        import::run_for_product(
            std::slice::from_ref(&cas_page),
            &self::options(&dir, "cas"),
            &options,
        )
    };
    let error = cas_run(version("2021-01-01")).unwrap_err().to_string();
    assert!(
        error.contains("`--version 2021-01-01`")
            && error.contains("cas-2020-04-07.yaml (version 2020-04-07)"),
        "{error}"
    );
    cas_run(version("2020-04-07")).expect("the matching version imports");
    let regional = ProductOptions {
        version: None,
        endpoints: Some(Endpoints::Regional),
        default_region: None,
    };
    let error = cas_run(regional).unwrap_err().to_string();
    assert!(error.contains("x-alicert-endpoints"), "{error}");

    // --version without --product.
    let mut plain = options(&dir, "cdn");
    plain.product = None;
    let error = import::run_for_product(&[page], &plain, &version("2018-05-10"))
        .unwrap_err()
        .to_string();
    assert!(error.contains("--product CODE"), "{error}");

    let names: Vec<String> = import::read_specs(&dir)
        .unwrap()
        .into_iter()
        .map(|spec| spec.name)
        .collect();
    assert_eq!(names, ["cas-2020-04-07.yaml", "vod-2017-03-21.yaml"]);
}

#[test]
fn check_mode_writes_no_new_spec() {
    let dir = support::spec_copy("new-product-check");
    let page = cdn_page("new-product-check-page");
    let mut options = options(&dir, "cdn");
    options.check = true;
    let report = import::run_for_product(&[page], &options, &version("2018-05-10")).unwrap();
    assert_eq!(report.created, ["cdn-2018-05-10.yaml"]);
    assert_eq!(report.changed[0].0, "cdn-2018-05-10.yaml");
    assert!(report.changed[0].1.is_empty());
    assert!(!dir.join("cdn-2018-05-10.yaml").exists());
}
