//! The product commands: every product of the generated table is a command with every operation, each in both
//! output modes, with `--all`, the spec's help, clap's reports for bad arguments, and the signature version the
//! request really carried.

use std::collections::HashSet;

use alicert_api::catalog::Operation;
use alicert_api::products::PRODUCTS;
use alicert_emulator::{EmulatorConfig, SignatureVersion};
use serde_json::Value;

use crate::support::{Cli, Emu};

/// Every operation of every product, with its product's code.
fn catalogs() -> Vec<(&'static str, &'static Operation)> {
    PRODUCTS
        .iter()
        .flat_map(|product| product.operations.iter().map(|op| (product.code, op)))
        .collect()
}

/// The command line for `operation`: the seeded account's job and domain, the spec's example for any other
/// required parameter.
fn sample_args(product: &str, operation: &Operation) -> Vec<String> {
    let mut args = vec![product.to_owned(), operation.command.to_owned()];
    for parameter in operation.parameters {
        let value = match parameter.name {
            "JobId" => "8888",
            "DomainName" => "example.com",
            _ if parameter.required => parameter.example,
            _ => continue,
        };
        args.extend([format!("--{}", parameter.flag), value.to_owned()]);
    }
    args
}

/// Every key of every object in `value` is in the API's PascalCase.
fn api_field_names(value: &Value, path: &str) {
    match value {
        Value::Object(map) => {
            for (key, inner) in map {
                assert!(
                    key.chars().next().is_some_and(|c| c.is_ascii_uppercase()),
                    "{path}.{key} is not an API field name"
                );
                api_field_names(inner, &format!("{path}.{key}"));
            }
        }
        Value::Array(items) => items.iter().for_each(|item| api_field_names(item, path)),
        _ => {}
    }
}

#[test]
fn every_operation_in_both_output_modes() {
    let emu = Emu::shared();
    let operations = catalogs();
    let actions: HashSet<&str> = operations.iter().map(|(_, op)| op.action).collect();
    for known in [
        "DescribeDeploymentJob",
        "DescribeDeploymentJobStatus",
        "ListDeploymentJobCert",
        "ListWorkerResource",
        "DescribeVodDomainCertificateInfo",
    ] {
        assert!(actions.contains(known), "{known} in {actions:?}");
    }
    for (product, operation) in operations {
        let args = sample_args(product, operation);
        let args: Vec<&str> = args.iter().map(String::as_str).collect();

        let table = emu.alicert(&args).run();
        table.code(0).stdout_has(&["RequestId"]);
        assert!(
            !table.stdout.trim_start().starts_with('{'),
            "{}",
            table.stdout
        );

        let mut json_args = args.clone();
        json_args.extend(["-o", "json"]);
        let json = emu.alicert(&json_args).run();
        json.code(0);
        let value = json.json();
        api_field_names(&value, "$");
        assert!(value["RequestId"].is_string(), "{value}");
        let expected: &[&str] = match operation.action {
            "DescribeDeploymentJob" => &["/Name", "/Status", "/Id", "/GmtCreate"],
            "DescribeDeploymentJobStatus" => &[
                "/WorkerCount",
                "/SuccessCount",
                "/ProductWorkerCount/0/ProductName",
            ],
            "ListDeploymentJobCert" => &["/Data/0/CertName", "/Data/0/NotAfterTime"],
            "ListWorkerResource" => &[
                "/Total",
                "/CurrentPage",
                "/ShowSize",
                "/Data/0/Id",
                "/Data/0/CloudProduct",
            ],
            "DescribeVodDomainCertificateInfo" => &["/CertInfos/CertInfo/0/CertExpireTime"],
            // An operation the spec gained: the emulator answers its example, with the RequestId checked above.
            _ => &[],
        };
        for pointer in expected {
            assert!(
                value.pointer(pointer).is_some(),
                "{} lacks {pointer}: {value}",
                operation.action
            );
        }
        // The table shows the same answer: the sample job's name, the sample domain's certificate.
        match operation.action {
            "DescribeDeploymentJob" => {
                table.stdout_has(&["auto-test-AXX", "CasContacts (1)", "2023-03-23 03:23 UTC"]);
            }
            "DescribeVodDomainCertificateInfo" => {
                table.stdout_has(&["CertInfos.CertInfo (1)", "cert-example.com"]);
            }
            _ => {}
        }
    }
}

#[test]
fn every_product_is_a_command_with_every_operation() {
    let root = Cli::new().arg("--help").run();
    root.code(0);
    for product in PRODUCTS {
        // `  cas  Certificate Management Service (cas, 2020-04-07)`: the product's title and version from the spec.
        let line = root
            .stdout
            .lines()
            .find(|line| line.trim_start().starts_with(&format!("{} ", product.code)))
            .unwrap_or_else(|| panic!("--help lacks {}:\n{}", product.code, root.stdout));
        assert!(
            line.contains(product.title) && line.contains(product.version),
            "{line}"
        );
        let listing = Cli::new().args([product.code, "--help"]).run();
        listing.code(0);
        // The `Commands:` section, up to the blank line that ends it.
        let commands: HashSet<&str> = listing
            .stdout
            .lines()
            .skip_while(|line| *line != "Commands:")
            .skip(1)
            .take_while(|line| !line.trim().is_empty())
            .filter(|line| !line.starts_with("    "))
            .filter_map(|line| line.split_whitespace().next())
            .collect();
        for operation in product.operations {
            assert!(
                commands.contains(operation.command),
                "alicert {} --help lacks {}:\n{}",
                product.code,
                operation.command,
                listing.stdout
            );
        }
        let listed = commands.iter().filter(|name| **name != "help").count();
        assert_eq!(listed, product.operations.len(), "{}", listing.stdout);
    }
    // A product the table does not have is no command.
    Cli::new()
        .args(["no-such-product", "--help"])
        .run()
        .code(64);
}

#[test]
fn commands_and_help_come_from_the_spec() {
    for (product, operation) in catalogs() {
        let help = Cli::new()
            .args([product, operation.command, "--help"])
            .run();
        help.code(0).stdout_has(&[operation.action]);
        // The page's description, as clap wraps it: compare word by word.
        let words: Vec<&str> = operation.description.split_whitespace().take(8).collect();
        let flat: Vec<&str> = help.stdout.split_whitespace().collect();
        assert!(
            flat.windows(words.len())
                .any(|window| window == words.as_slice()),
            "{} help lacks its description:\n{}",
            operation.command,
            help.stdout
        );
        for parameter in operation.parameters {
            help.stdout_has(&[&format!("--{}", parameter.flag)]);
            if !parameter.example.is_empty() {
                help.stdout_has(&[&format!("Example: {}", parameter.example)]);
            }
        }
    }
}

#[test]
fn all_walks_every_page() {
    let emu = Emu::start(EmulatorConfig::new().with_workers(2_345));
    let run = emu
        .alicert(&[
            "cas",
            "list-worker-resource",
            "--job-id",
            "8888",
            "--all",
            "--show-size",
            "100",
            "-o",
            "json",
        ])
        .run();
    run.code(0);
    let value = run.json();
    assert_eq!(value["Total"], 2_345);
    let data = value["Data"].as_array().expect("Data");
    assert_eq!(data.len(), 2_345);
    let ids: HashSet<i64> = data
        .iter()
        .filter_map(|worker| worker["Id"].as_i64())
        .collect();
    assert_eq!(ids.len(), 2_345, "no duplicates, none missing");
    api_field_names(&value, "$");
    let pages = emu.requests().for_action("ListWorkerResource").len();
    assert_eq!(pages, 24, "24 pages of 100");

    // Filters pass through, and the table form says how many.
    let errors = emu
        .alicert(&[
            "cas",
            "list-worker-resource",
            "--job-id",
            "8888",
            "--all",
            "--status",
            "error",
            "-o",
            "json",
        ])
        .run();
    let value = errors.code(0).json();
    let data = value["Data"].as_array().expect("Data");
    assert_eq!(value["Total"].as_u64(), Some(data.len() as u64));
    assert!(!data.is_empty() && data.iter().all(|worker| worker["Status"] == "error"));
    let cdn = emu
        .alicert(&[
            "cas",
            "list-worker-resource",
            "--job-id",
            "8888",
            "--all",
            "--cloud-product",
            "CDN",
        ])
        .run();
    cdn.code(0).stdout_has(&["Total ", " workers in ", "CDN"]);
    let rows: Vec<&str> = cdn.stdout.lines().collect();
    assert!(
        rows[1..rows.len() - 1]
            .iter()
            .all(|line| line.contains("CDN")),
        "{}",
        cdn.stdout
    );

    // --all and --current-page contradict each other.
    emu.alicert(&[
        "cas",
        "list-worker-resource",
        "--job-id",
        "8888",
        "--all",
        "--current-page",
        "2",
    ])
    .run()
    .code(64)
    .stderr_has(&["--all", "--current-page"]);
}

#[test]
fn bad_arguments_say_which_and_why() {
    let emu = Emu::shared();
    emu.alicert(&["cas", "describe-deployment-job", "--job-id", "88x"])
        .run()
        .code(64)
        .stderr_has(&["--job-id", "88x", "invalid digit"]);
    emu.alicert(&["cas", "describe-deployment-job"])
        .run()
        .code(64)
        .stderr_has(&["--job-id", "required"]);
    emu.alicert(&[
        "cas",
        "list-worker-resource",
        "--job-id",
        "1",
        "--show-size",
        "99999999999",
    ])
    .run()
    .code(64)
    .stderr_has(&["--show-size"]);
    emu.alicert(&["--signature", "v2", "job", "8888"])
        .run()
        .code(64)
        .stderr_has(&["--signature", "v1", "v3"]);
    emu.alicert(&["cas", "no-such-operation"])
        .run()
        .code(64)
        .stderr_has(&["no-such-operation"]);
    emu.alicert(&["--timeout", "soon", "job", "8888"])
        .run()
        .code(64)
        .stderr_has(&["--timeout", "soon"]);
    Cli::new().run().code(64).stderr_has(&["Usage"]);
    Cli::new().arg("--help").run().code(0);
    Cli::new().arg("--version").run().code(0);
}

#[test]
fn signature_v3_is_what_goes_on_the_wire() {
    let emu = Emu::start(EmulatorConfig::new());
    emu.alicert(&[
        "--signature",
        "v3",
        "cas",
        "describe-deployment-job",
        "--job-id",
        "8888",
    ])
    .run()
    .code(0)
    .stdout_has(&["auto-test-AXX"]);
    let last = emu.requests().last().expect("a request");
    assert_eq!(last.signature_version, Some(SignatureVersion::V3));
    assert!(last.is_success());

    emu.alicert(&[
        "vod",
        "describe-vod-domain-certificate-info",
        "--domain-name",
        "example.com",
    ])
    .run()
    .code(0);
    let last = emu.requests().last().expect("a request");
    assert_eq!(
        last.signature_version,
        Some(SignatureVersion::V1),
        "V1 by default"
    );
}
