//! `alicert man [COMMAND]...`: man pages (roff, section 1), printed to stdout and generated from the same command
//! tree as `--help` ([`Context::command_tree`]). `alicert man` is alicert(1): the global options with their defaults
//! and environment variables, the commands, the exit codes. It names a page per command, alicert-job(1),
//! alicert-cas-describe-deployment-job(1) and so on, and `alicert man job` prints that page, so every page it
//! names can be installed (`alicert man > alicert.1`, `alicert man job > alicert-job.1`).

use crate::context::Context;
use crate::exit;
use crate::failure::Failure;

/// `alicert man`.
#[derive(clap::Args, Debug, Clone)]
pub struct Args {
    /// Print this command's page instead, e.g. `job` or `cas describe-deployment-job` (the pages alicert(1) names)
    #[arg(value_name = "COMMAND")]
    pub command: Vec<String>,
}

/// Prints the page of the command at `args.command` (the root's when empty).
pub fn run(context: &Context, args: &Args) -> Result<u8, Failure> {
    let path = &args.command;
    // `help` is clap's, not a command with a page of its own; building names each subcommand's page
    // (`alicert-job`) after its parents.
    let mut command = context.command_tree().disable_help_subcommand(true);
    command.build();
    let mut page = command;
    for (depth, name) in path.iter().enumerate() {
        page = page.find_subcommand(name).cloned().ok_or_else(|| {
            let parent = ["alicert"]
                .into_iter()
                .chain(path[..depth].iter().map(String::as_str))
                .collect::<Vec<_>>()
                .join(" ");
            Failure::Usage(format!(
                "`{parent}` has no command `{name}`: `{parent} --help` lists them"
            ))
        })?;
    }
    let mut text = Vec::new();
    // A subcommand has no version of its own: every page's footer names the program and its version.
    clap_mangen::Man::new(page)
        .source(concat!("alicert ", env!("CARGO_PKG_VERSION")))
        .render(&mut text)
        .map_err(|error| Failure::Internal(format!("could not render the man page: {error}")))?;
    let text = String::from_utf8(text)
        .map_err(|error| Failure::Internal(format!("the man page is not UTF-8: {error}")))?;
    context.ui.text(text)?;
    Ok(exit::OK)
}
