//! The command line's shape: the global options ([`Globals`]) and the commands ([`Command`]), derived with clap into
//! one tree, the generated product operations included (they are built from the catalog when the tree is, see
//! [`crate::commands::operation`]). `--help`, completions and man pages all print this tree. Bad arguments are
//! clap's to report (it names the argument and says why); they exit with [`exit::USAGE`].

use clap::{CommandFactory as _, FromArgMatches as _, Parser};

use crate::commands::Command;
use crate::exit;
use crate::globals::Globals;

const ABOUT: &str = "Alibaba Cloud certificate deployment from a terminal: deployment jobs, their workers, certificate \
                     expiry, and a local emulator of the APIs.";

const AFTER_HELP: &str = "Start here: `alicert demo` runs everything against a built-in emulator (no account, no \
                          network).\n\nCredentials are read as the aliyun CLI and the official SDKs read them: \
                          ALIBABA_CLOUD_ACCESS_KEY_ID and ALIBABA_CLOUD_ACCESS_KEY_SECRET (and \
                          ALIBABA_CLOUD_SECURITY_TOKEN), or `aliyun configure` and --profile NAME. More in \
                          docs/cli.md.";

/// The whole command line, parsed.
#[derive(Parser, Debug)]
#[command(
    name = "alicert",
    version,
    about = ABOUT,
    long_about = None,
    after_help = format!("{AFTER_HELP}\n\n{}", exit::HELP),
    subcommand_required = true,
    arg_required_else_help = true,
    max_term_width = 110
)]
pub struct Cli {
    /// The options every command shares.
    #[command(flatten)]
    pub globals: Globals,
    /// The command.
    #[command(subcommand)]
    pub command: Command,
}

/// The whole command tree.
pub fn command() -> clap::Command {
    Cli::command()
}

/// Reads the command line out of the matches of [`command`], with the checks clap cannot make alone.
pub fn parse(matches: &clap::ArgMatches) -> Result<Cli, clap::Error> {
    let cli = Cli::from_arg_matches(matches)?;
    Ok(Cli {
        globals: cli.globals.check(matches)?,
        command: cli.command,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_tree_is_valid() {
        command().debug_assert();
    }
}
