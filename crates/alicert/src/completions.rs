//! `alicert completions SHELL`: a completion script for bash, zsh, fish, elvish or PowerShell, printed to stdout
//! and generated from the same command tree as `--help` ([`crate::cli::command`]), so the generated `cas`/`vod`
//! operation commands and their flags complete too, and a new operation needs no change here.

use clap_complete::Shell;

use crate::errors::Failure;
use crate::output::Ui;

/// The name the scripts complete: the binary as installed.
const BIN_NAME: &str = "alicert";

/// Prints the completion script for `shell`.
pub fn run(ui: &Ui, shell: Shell) -> Result<u8, Failure> {
    let mut command = crate::cli::command();
    let mut script = Vec::new();
    clap_complete::generate(shell, &mut command, BIN_NAME, &mut script);
    let script = String::from_utf8(script).map_err(|error| {
        Failure::Internal(format!(
            "the {shell} completion script is not UTF-8: {error}"
        ))
    })?;
    ui.text(script)?;
    Ok(crate::exit::OK)
}
