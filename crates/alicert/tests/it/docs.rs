//! The exit codes are documented twice, in `alicert --help` and in docs/cli.md; this keeps the two the same, and
//! checks that the doc's command table names every generated operation command.

use crate::support::Cli;

#[test]
fn docs_and_help_agree_on_exit_codes_and_commands() {
    let help = Cli::new().arg("--help").run();
    help.code(0);
    let start = help
        .stdout
        .find("Exit codes:")
        .expect("--help lists the exit codes");
    let codes = help.stdout[start..].trim_end();
    let docs = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../../docs/cli.md"))
        .expect("docs/cli.md");
    assert!(
        docs.contains(codes),
        "docs/cli.md lacks the exit codes as --help prints them:\n{codes}"
    );

    let catalogs = alicert_api::products::PRODUCTS
        .iter()
        .flat_map(|product| product.operations.iter().map(|op| (product.code, op)));
    for (product, operation) in catalogs {
        let command = format!("`alicert {product} {}", operation.command);
        assert!(docs.contains(&command), "docs/cli.md lacks {command}");
    }
    for command in [
        "demo",
        "job",
        "watch",
        "workers",
        "expiry",
        "emulator",
        "completions",
        "man",
    ] {
        assert!(
            docs.contains(&format!("`alicert {command}")),
            "docs/cli.md lacks alicert {command}"
        );
        help.stdout_has(&[&format!("  {command} ")]);
    }
}
