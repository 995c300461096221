//! `alicert completions SHELL`: a completion script for bash, zsh, fish, elvish or PowerShell, printed to stdout
//! and generated from the same command tree as `--help` ([`Context::command_tree`]), so the generated product
//! operation commands and their flags complete too, and a new operation needs no change here.

use clap_complete::Shell;

use crate::context::Context;
use crate::exit;
use crate::failure::Failure;

/// The name the scripts complete: the binary as installed.
const BIN_NAME: &str = "alicert";

/// `alicert completions`.
#[derive(clap::Args, Debug, Clone)]
pub struct Args {
    /// The shell to complete for
    #[arg(value_name = "SHELL")]
    pub shell: Shell,
}

/// Prints the completion script for the shell asked for.
pub fn run(context: &Context, args: &Args) -> Result<u8, Failure> {
    let shell = args.shell;
    let mut command = context.command_tree();
    let mut script = Vec::new();
    clap_complete::generate(shell, &mut command, BIN_NAME, &mut script);
    let script = String::from_utf8(script).map_err(|error| {
        Failure::Internal(format!(
            "the {shell} completion script is not UTF-8: {error}"
        ))
    })?;
    context.ui.text(script)?;
    Ok(exit::OK)
}
