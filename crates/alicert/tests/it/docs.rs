//! The exit codes are documented twice, in `alicert --help` and in docs/cli.md; this keeps the two the same, and
//! checks that the doc's command table names every handwritten command and that the product commands are in
//! `--help` and in the generated docs/operations.md, which docs/cli.md points to.

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

    // The product commands are documented where they are generated: docs/operations.md, which cli.md points to.
    assert!(
        docs.contains("(operations.md)") && docs.contains("`alicert <product> <operation>"),
        "docs/cli.md does not point to operations.md for the product commands"
    );
    let operations = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../docs/operations.md"
    ))
    .expect("docs/operations.md");
    for product in alicert_api::products::PRODUCTS {
        help.stdout_has(&[&format!("  {} ", product.code)]);
        for operation in product.operations {
            let command = format!("`alicert {} {}`", product.code, operation.command);
            assert!(
                operations.contains(&command),
                "docs/operations.md lacks {command}"
            );
        }
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
