//! Every command of `alicert`, as one clap-derived enum: each variant's module owns its arguments and its `run`. The
//! product commands (`alicert cas describe-deployment-job ...`) are one flattened variant whose subcommands are
//! built at run time from the generated catalog ([`operation`]), so they sit in the same tree as the handwritten
//! ones, in `--help`, completions and man pages alike.

pub mod completions;
pub mod demo;
pub mod emulator;
pub mod expiry;
pub mod job;
pub mod man;
pub mod operation;
pub mod pager;
pub mod watch;
pub mod workers;

use clap::Subcommand;

use crate::context::Context;
use crate::failure::Failure;

/// A command, parsed.
#[derive(Subcommand, Debug)]
pub enum Command {
    // The variants' help is set by attribute rather than by doc comment: a doc comment would also set (or clear) the
    // long help, and these read best as written here. The emulator's many options are boxed: they would make every
    // command as large as they are.
    #[command(
        about = "Run every command against a built-in emulator: no account, no network, no set-up",
        long_about = "Starts the emulator on a free loopback port and runs all five operations through the real \
                      client with real V1 and V3 signatures; shows job 8888 at a glance, watches job 9001 to its \
                      end, pages through every worker of a large job, checks certificate expiry, and prints how \
                      to point the same commands at Alibaba Cloud.",
        display_order = 1
    )]
    Demo(demo::Args),
    #[command(
        about = "A deployment job at a glance: details, worker counts per product, certificates with days to \
                 expiry, failing workers",
        display_order = 2
    )]
    Job(job::Args),
    #[command(
        about = "Follow a job until it ends, with a live progress bar; the exit code says how it ended (0 success, \
                 1 error, 2 rolled back, 3 deadline, 7 not submitted)",
        display_order = 3
    )]
    Watch(watch::Args),
    #[command(
        about = "Every worker of a job across all pages, as a table (filter by status or product)",
        display_order = 4
    )]
    Workers(workers::Args),
    #[command(
        about = "Check certificate expiry for jobs and VOD domains: Nagios exit codes (0 OK, 1 WARNING, \
                 2 CRITICAL, 3 UNKNOWN), JSON with -o json",
        display_order = 5
    )]
    Expiry(expiry::Args),
    #[command(flatten)]
    Operation(operation::Call),
    #[command(
        about = "Run the local emulator of the APIs until interrupted",
        long_about = "Runs the emulator alicert's demo and tests use, for your own code, the official SDKs or the \
                      aliyun CLI: it verifies V1 and V3 signatures, serves a seeded account (jobs 8888 and \
                      9001-9008, VOD domains example.com and *.alicert-demo.com) and injects faults on \
                      request.\n\nWithout --access-key-id it accepts the documented demo pair: alicert-demo-id / \
                      alicert-demo-secret.",
        display_order = 20
    )]
    Emulator(Box<emulator::Args>),
    #[command(
        about = "Print a shell completion script: bash, zsh, fish, elvish or powershell",
        display_order = 21
    )]
    Completions(completions::Args),
    #[command(
        about = "Print the man page (roff): alicert man > alicert.1; alicert man job > alicert-job.1",
        display_order = 22
    )]
    Man(man::Args),
}

impl Command {
    /// Runs the command and returns its exit code.
    pub async fn run(&self, context: &Context) -> Result<u8, Failure> {
        match self {
            Command::Demo(args) => demo::run(context, args).await,
            Command::Job(args) => job::run(context, args).await,
            Command::Watch(args) => watch::run(context, args).await,
            Command::Workers(args) => workers::run(context, args).await,
            Command::Expiry(args) => expiry::run(context, args).await,
            Command::Operation(call) => operation::run(context, call).await,
            Command::Emulator(args) => emulator::run(context, args).await,
            Command::Completions(args) => completions::run(context, args),
            Command::Man(args) => man::run(context, args),
        }
    }

    /// Whether the command handles Ctrl-C itself (the emulator: it is how it is meant to stop, and it stops cleanly)
    /// rather than being interrupted.
    pub fn stops_itself(&self) -> bool {
        matches!(self, Command::Emulator(_))
    }

    /// The exit code `failure` ends this command with: its own, except where the command's convention says otherwise.
    pub fn failure_code(&self, failure: &Failure) -> u8 {
        match self {
            Command::Expiry(_) => expiry::failure_code(failure),
            _ => failure.exit_code(),
        }
    }
}
