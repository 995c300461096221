//! What `alicert` prints about itself for shells and `man`: completion scripts for each supported shell and man
//! pages, all derived from the command tree, so the generated operation commands are in them; an unknown shell or
//! command is a usage error (64) like every other bad argument.

use alicert_api::products::PRODUCTS;

use crate::support::Cli;

/// The handwritten commands: with every product of the generated table, what every completion script and
/// alicert(1) must name.
const HANDWRITTEN: [&str; 8] = [
    "demo",
    "job",
    "watch",
    "workers",
    "expiry",
    "emulator",
    "completions",
    "man",
];

/// Every command of the root: the handwritten ones and one per product.
fn commands() -> Vec<&'static str> {
    HANDWRITTEN
        .into_iter()
        .chain(PRODUCTS.iter().map(|product| product.code))
        .collect()
}

#[test]
fn completion_scripts_name_every_command_and_generated_operation() {
    let bash = Cli::new().args(["completions", "bash"]).run();
    bash.code(0);
    bash.stdout_has(&["_alicert()", "complete -F _alicert", "--endpoint"]);
    for command in commands() {
        bash.stdout_has(&[&format!("alicert,{command})")]);
    }
    for product in PRODUCTS {
        for operation in product.operations {
            bash.stdout_has(&[&format!(
                "alicert__subcmd__{},{})",
                product.code, operation.command
            )]);
        }
    }

    for (shell, marker) in [
        ("zsh", "#compdef alicert"),
        ("fish", "complete -c alicert"),
        ("elvish", "edit:completion:arg-completer[alicert]"),
        ("powershell", "Register-ArgumentCompleter"),
    ] {
        let run = Cli::new().args(["completions", shell]).run();
        run.code(0);
        run.stdout_has(&[marker, "describe-deployment-job", "expiry"]);
    }
}

#[test]
fn an_unknown_shell_is_a_usage_error() {
    let run = Cli::new().args(["completions", "tcsh"]).run();
    run.code(64);
    run.stderr_has(&["tcsh", "bash", "powershell"]);
    assert!(run.stdout.is_empty(), "{}", run.stdout);
    Cli::new().arg("completions").run().code(64);
}

/// The page's title line: the first line after the preamble that defines the apostrophe string (`.ie`/`.el`).
fn title(page: &str) -> &str {
    page.lines()
        .find(|line| !line.starts_with(".ie ") && !line.starts_with(".el "))
        .unwrap_or_default()
}

/// The pages `page` names, as `alicert\-NAME(1)`: the NAME of each.
fn named_pages(page: &str) -> Vec<String> {
    page.lines()
        .filter_map(|line| line.strip_prefix("alicert\\-")?.strip_suffix("(1)"))
        .map(|name| name.replace("\\-", "-"))
        .collect()
}

#[test]
fn man_prints_alicert_1_and_every_page_it_names() {
    let root = Cli::new().arg("man").run();
    root.code(0);
    assert!(
        title(&root.stdout).starts_with(".TH alicert 1 "),
        "{}",
        root.stdout
    );
    root.stdout_has(&[
        ".SH NAME",
        ".SH SYNOPSIS",
        "ALICERT_ENDPOINT",
        "Exit codes:",
        "130  interrupted",
    ]);
    let named = named_pages(&root.stdout);
    for command in commands() {
        assert!(
            named.iter().any(|name| name == command),
            "alicert(1) does not name alicert-{command}(1): {named:?}"
        );
    }
    assert!(!named.iter().any(|name| name == "help"), "{named:?}");

    // Each named page prints, with its own title, and so do the pages those name (cas's operations).
    let mut pending: Vec<Vec<String>> = named.into_iter().map(|name| vec![name]).collect();
    let mut printed = 0;
    while let Some(path) = pending.pop() {
        let run = Cli::new().arg("man").args(&path).run();
        run.code(0);
        let name = format!("alicert-{}", path.join("-"));
        assert!(
            title(&run.stdout).starts_with(&format!(".TH {name} 1 ")),
            "alicert man {}:\n{}",
            path.join(" "),
            run.stdout
        );
        run.stdout_has(&[&format!("\"alicert {}\"", env!("CARGO_PKG_VERSION"))]);
        let prefix = format!("{}-", path.join("-"));
        for child in named_pages(&run.stdout) {
            let child = child
                .strip_prefix(&prefix)
                .expect("a child page is named after its parent");
            let mut child_path = path.clone();
            child_path.push(child.to_owned());
            pending.push(child_path);
        }
        printed += 1;
    }
    let operations: usize = PRODUCTS
        .iter()
        .map(|product| product.operations.len())
        .sum();
    assert_eq!(printed, commands().len() + operations);
}

#[test]
fn man_of_an_unknown_command_is_a_usage_error() {
    let run = Cli::new().args(["man", "cas", "no-such-operation"]).run();
    run.code(64);
    run.stderr_has(&["`alicert cas` has no command `no-such-operation`"]);
    assert!(run.stdout.is_empty(), "{}", run.stdout);
}
