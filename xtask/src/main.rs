//! `cargo xtask`: the project's maintenance commands (see `cargo xtask help`).

use std::ffi::OsString;
use std::process::ExitCode;

use anyhow::{Result, anyhow};

const USAGE: &str = "\
usage: cargo xtask [--root DIR] <command>

options:
  --root DIR          act on the checkout (or copy of one) at DIR: its spec/ and crates/ (default: the workspace
                      that holds CARGO_MANIFEST_DIR or the current folder)

commands:
  generate            regenerate every generated file from spec/*.yaml: the clients and the table of
                      products (crates/alicert-api), the emulator's table, docs/operations.md
  generate --check    write nothing; print a diff and fail when the checked-in code is stale
  import-doc [--spec-dir DIR] [--spec FILE] [--product CODE [--version YYYY-MM-DD]
                      [--endpoint HOST | --regional] [--default-region REGION]] [--check] PAGE...
                      update the operations of API reference pages (text form, tables as text or
                      Markdown) in spec/*.yaml, in place; a page goes only into the spec of the product its
                      title names;
                      --product CODE (cas, vod) names it for a page whose product has no spec; with
                      --version, a product with no spec gets spec/CODE-VERSION.yaml (endpoint CODE.aliyuncs.com,
                      or --endpoint HOST, or --regional for CODE.REGION.aliyuncs.com;
                      --default-region REGION: where callers that choose no region go); --check writes nothing
                      and fails when the spec differs from the pages
  spec-diff [--no-rust] [--json] [OLD] [NEW]
                      Markdown review of the semantic spec changes, classified breaking / additive / docs-only
                      (--json: the same as one JSON object, for tools);
                      OLD and NEW are git revisions or spec files/folders (default: HEAD against the working
                      tree); a spec file that does not exist stands for no spec (a new or removed product);
                      exit 1 when something is breaking
  bench [--quick] [--output PATH]
                      measure against the official Python SDK and the raw-HTTP floor; write BENCHMARKS.md
                      (or PATH)
";

fn main() -> ExitCode {
    // args_os: a page path need not be UTF-8, and `std::env::args` would panic on one.
    match run(std::env::args_os().skip(1).collect()) {
        Ok(code) => code,
        Err(error) => {
            eprintln!("error: {error:#}");
            ExitCode::FAILURE
        }
    }
}

/// `cargo xtask COMMAND --help`: the lines of [`USAGE`] that describe COMMAND.
fn command_usage(command: &str) -> Option<String> {
    let lines = USAGE
        .lines()
        .skip_while(|line| !line.starts_with("commands:"))
        .skip(1);
    let mut out = String::new();
    for line in lines {
        let named = line.trim_start().split(' ').next() == Some(command);
        let continued = line.starts_with("                ");
        if named {
            let lead = if out.is_empty() { "usage: " } else { "       " };
            out.push_str(&format!("{lead}cargo xtask {}\n", line.trim_start()));
        } else if continued && !out.is_empty() {
            out.push_str(&format!("    {}\n", line.trim_start()));
        } else if !out.is_empty() {
            break;
        }
    }
    (!out.is_empty()).then_some(out)
}

fn run(os_args: Vec<OsString>) -> Result<ExitCode> {
    let (root, os_args) = match os_args.as_slice() {
        [flag, dir, rest @ ..] if flag == "--root" => {
            let dir = std::path::PathBuf::from(dir);
            if !dir.is_dir() {
                anyhow::bail!("`--root {}`: expected a folder", dir.display());
            }
            (Some(dir), rest.to_vec())
        }
        [flag] if flag == "--root" => anyhow::bail!("`--root` expects a folder"),
        _ => (None, os_args),
    };
    if let [command, rest @ ..] = os_args.as_slice()
        && rest.iter().any(|arg| arg == "--help" || arg == "-h")
        && let Some(usage) = command.to_str().and_then(command_usage)
    {
        print!("{usage}");
        return Ok(ExitCode::SUCCESS);
    }
    let root = match root {
        Some(root) => root,
        None => xtask::workspace_root()?,
    };
    if os_args
        .first()
        .is_some_and(|command| command == "import-doc")
    {
        return xtask::import::main(&root, &os_args[1..]);
    }
    let args = os_args
        .iter()
        .map(|arg| {
            arg.to_str().ok_or_else(|| {
                anyhow!(
                    "argument `{}` is not UTF-8",
                    std::path::Path::new(arg).display()
                )
            })
        })
        .collect::<Result<Vec<&str>>>()?;
    match args.as_slice() {
        ["generate"] => {
            let changed = xtask::generate::write(&root)?;
            if changed.is_empty() {
                eprintln!("generated code is up to date");
            }
            for path in changed {
                if root.join(&path).exists() {
                    eprintln!("wrote {path}");
                } else {
                    eprintln!("deleted {path} (no spec produces it any more)");
                }
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
        ["spec-diff", rest @ ..] => xtask::spec_diff::main(&root, rest),
        ["bench", rest @ ..] => {
            let options = xtask::bench::Options::parse(rest)?;
            let summary = xtask::bench::run(&root, &options)?;
            println!("{summary}");
            Ok(ExitCode::SUCCESS)
        }
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
