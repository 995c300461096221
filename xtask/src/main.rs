//! `cargo xtask`: the project's maintenance commands (see `cargo xtask help`).

use std::process::ExitCode;

use anyhow::Result;

const USAGE: &str = "\
usage: cargo xtask <command>

commands:
  generate            regenerate crates/alicert-api from spec/*.yaml
  generate --check    write nothing; print a diff and fail when the checked-in code is stale
";

fn main() -> ExitCode {
    match run(std::env::args().skip(1).collect()) {
        Ok(code) => code,
        Err(error) => {
            eprintln!("error: {error:#}");
            ExitCode::FAILURE
        }
    }
}

fn run(args: Vec<String>) -> Result<ExitCode> {
    let root = xtask::workspace_root();
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    match args.as_slice() {
        ["generate"] => {
            let changed = xtask::generate::write(&root)?;
            if changed.is_empty() {
                eprintln!("generated code is up to date");
            }
            for path in changed {
                eprintln!("wrote {path}");
            }
            Ok(ExitCode::SUCCESS)
        }
        ["generate", "--check"] => match xtask::generate::check(&root)? {
            None => {
                eprintln!("generated code is fresh");
                Ok(ExitCode::SUCCESS)
            }
            Some(report) => {
                print!("{report}");
                Ok(ExitCode::FAILURE)
            }
        },
        ["help" | "--help" | "-h"] | [] => {
            print!("{USAGE}");
            Ok(ExitCode::SUCCESS)
        }
        _ => {
            eprint!("unknown command: {}\n\n{USAGE}", args.join(" "));
            Ok(ExitCode::from(2))
        }
    }
}
