//! `alicert`, the command line: Alibaba Cloud certificate-deployment jobs, their workers and certificate expiry for
//! people and scripts, the generated product operation commands, a local emulator of the APIs, and `demo`, which
//! shows all of it against that emulator with no account. This file parses the command line, sets up colour and
//! logging, runs the command on a tokio runtime and turns the outcome into the documented exit code.
//!
//! The modules form layers, each using only those below it (a test keeps the graph acyclic): [`cli`] and
//! [`commands`] on top; then [`context`], [`client`] and [`credentials`]; the [`views`] for people; then the
//! printing ([`output`], [`table`], [`json_table`], [`human`], [`style`]); and at the bottom the failures
//! ([`report`], [`error_json`], [`failure`], [`exit`]) and the secret scrubber ([`secrets`]).

mod cli;
mod client;
mod commands;
mod context;
mod credentials;
mod durations;
mod error_json;
mod exit;
mod failure;
mod globals;
mod human;
mod json_table;
mod logging;
mod output;
mod report;
mod secrets;
mod style;
mod table;
mod views;

use std::io::{self, Write as _};
use std::process::ExitCode;
use std::time::Duration;

use clap::error::ErrorKind;

use crate::commands::Command;
use crate::context::Context;
use crate::failure::Failure;
use crate::output::{OutputMode, Ui};

fn main() -> ExitCode {
    let parsed = cli::command()
        .try_get_matches()
        .and_then(|matches| cli::parse(&matches));
    let cli::Cli { globals, command } = match parsed {
        Ok(cli) => cli,
        Err(error) => return clap_exit(&error),
    };
    let json = globals.output == OutputMode::Json;
    output::init_colors(globals.color);
    logging::init(globals.verbose, globals.quiet);
    let ui = Ui::new(globals.output, globals.quiet);

    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(error) => {
            let failure = Failure::Internal(format!("cannot start the async runtime: {error}"));
            let code = failure.exit_code();
            report::print(&failure, json, code, None);
            return ExitCode::from(code);
        }
    };
    let context = Context::new(ui, globals, cli::command);
    let code = runtime.block_on(run(&context, &command));
    // Anything still running (a cancelled request, an emulator task) is abandoned rather than awaited.
    runtime.shutdown_timeout(Duration::from_millis(200));
    ExitCode::from(code)
}

/// Runs `command` and returns the exit code; a failure is reported on stderr.
async fn run(context: &Context, command: &Command) -> u8 {
    let result = if command.stops_itself() {
        command.run(context).await
    } else {
        tokio::select! {
            result = command.run(context) => result,
            _ = tokio::signal::ctrl_c() => Err(Failure::Interrupted),
        }
    };
    match result {
        Ok(code) => code,
        Err(failure) => {
            let code = command.failure_code(&failure);
            let sent_to = context.sent_to(&failure);
            report::print(&failure, context.ui.json(), code, sent_to.as_deref());
            code
        }
    }
}

/// clap's own report (help, version, or a bad argument naming which and why), with our exit code for the last. A bad
/// argument is one JSON line when clap parsed `-o json` before it stopped at the error.
fn clap_exit(error: &clap::Error) -> ExitCode {
    match error.kind() {
        ErrorKind::DisplayHelp | ErrorKind::DisplayVersion => {
            let _ = error.print();
            ExitCode::from(exit::OK)
        }
        _ => {
            if output_parsed_despite_errors() == Some(OutputMode::Json) {
                let _ = writeln!(io::stderr().lock(), "{}", error_json::clap_line(error));
            } else {
                let _ = error.print();
            }
            ExitCode::from(exit::USAGE)
        }
    }
}

/// `--output` as clap reads it when told to carry on past errors: it stops at the first bad argument, so this is the
/// value given before that (or after, for errors found once the whole line is read, such as a missing argument).
fn output_parsed_despite_errors() -> Option<OutputMode> {
    let matches = cli::command().ignore_errors(true).try_get_matches().ok()?;
    matches
        .try_get_one::<OutputMode>("output")
        .ok()
        .flatten()
        .copied()
}
