//! `alicert`, the command line: Alibaba Cloud certificate-deployment jobs, their workers and certificate expiry for
//! people and scripts, the generated `cas`/`vod` operation commands, a local emulator of the APIs, and `demo`, which
//! shows all of it against that emulator with no account. This file parses the command line, sets up colour and
//! logging, runs the command on a tokio runtime and turns the outcome into the documented exit code.

mod cli;
mod client;
mod completions;
mod credentials;
mod demo;
mod emulator_cmd;
mod error_json;
mod errors;
mod exit;
mod human;
mod json_table;
mod logging;
mod man;
mod ops;
mod output;
mod secrets;
mod table;
mod views;

use std::process::ExitCode;
use std::time::Duration;

use clap::FromArgMatches as _;
use clap::error::ErrorKind;

use std::io::{self, Write as _};

use crate::cli::Globals;
use crate::errors::Failure;
use crate::output::{OutputMode, Ui};

fn main() -> ExitCode {
    let matches = match cli::command().try_get_matches() {
        Ok(matches) => matches,
        Err(error) => return clap_exit(&error),
    };
    let globals = match cli::globals(&matches) {
        Ok(globals) => globals,
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
            return ExitCode::from(
                Failure::Internal(format!("cannot start the async runtime: {error}")).print(json),
            );
        }
    };
    let code = runtime.block_on(dispatch(&ui, &globals, &matches));
    // Anything still running (a cancelled request, an emulator task) is abandoned rather than awaited.
    runtime.shutdown_timeout(Duration::from_millis(200));
    ExitCode::from(code)
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

/// Runs the command named on the command line and returns the exit code; failures are reported on stderr.
async fn dispatch(ui: &Ui, globals: &Globals, matches: &clap::ArgMatches) -> u8 {
    let Some((name, sub)) = matches.subcommand() else {
        return Failure::Usage("name a command: alicert --help lists them".to_owned())
            .print(ui.json());
    };
    // The emulator handles Ctrl-C itself: it is how it is meant to stop, and it stops cleanly.
    if name == "emulator" {
        let result = match cli::EmulatorArgs::from_arg_matches(sub) {
            Ok(args) => emulator_cmd::run(ui, &args).await,
            Err(error) => Err(Failure::Usage(error.to_string())),
        };
        return finish(ui, result);
    }
    let result = tokio::select! {
        result = run(ui, globals, name, sub) => result,
        _ = tokio::signal::ctrl_c() => Err(Failure::Interrupted),
    };
    if name == "expiry" {
        // A monitoring check that could not run is UNKNOWN, whatever stopped it (a bad argument stays a usage error).
        if let Err(failure) = &result
            && !matches!(
                failure,
                Failure::Usage(_) | Failure::Interrupted | Failure::BrokenPipe
            )
        {
            failure.print_as(ui.json(), exit::UNKNOWN);
            return exit::UNKNOWN;
        }
    }
    finish(ui, result)
}

fn finish(ui: &Ui, result: Result<u8, Failure>) -> u8 {
    match result {
        Ok(code) => code,
        Err(failure) => failure.print(ui.json()),
    }
}

async fn run(
    ui: &Ui,
    globals: &Globals,
    name: &str,
    sub: &clap::ArgMatches,
) -> Result<u8, Failure> {
    let usage = |error: clap::Error| Failure::Usage(error.to_string());
    match name {
        "demo" => {
            let args = cli::DemoArgs::from_arg_matches(sub).map_err(usage)?;
            demo::run(ui, globals, &args).await
        }
        "job" => {
            let args = cli::JobArgs::from_arg_matches(sub).map_err(usage)?;
            let clients = client::connect(globals).await?;
            views::job::run(ui, &clients, &args).await
        }
        "watch" => {
            let args = cli::WatchArgs::from_arg_matches(sub).map_err(usage)?;
            let clients = client::connect(globals).await?;
            views::watch::run(ui, &clients, &args).await
        }
        "workers" => {
            let args = cli::WorkersArgs::from_arg_matches(sub).map_err(usage)?;
            let clients = client::connect(globals).await?;
            views::workers::run(ui, &clients, &args).await
        }
        "expiry" => {
            let args = cli::ExpiryArgs::from_arg_matches(sub).map_err(usage)?;
            let clients = client::connect(globals).await?;
            views::expiry::run(ui, &clients, &args).await
        }
        "completions" => {
            let args = cli::CompletionsArgs::from_arg_matches(sub).map_err(usage)?;
            completions::run(ui, args.shell)
        }
        "man" => {
            let args = cli::ManArgs::from_arg_matches(sub).map_err(usage)?;
            man::run(ui, &args.command)
        }
        product => ops::run(ui, product, sub, client::connect(globals)).await,
    }
}
