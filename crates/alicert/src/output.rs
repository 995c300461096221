//! Where results go and how they look: the output mode (`table` for people, `json` for programs), whether stdout is
//! a terminal (live progress bars) or not (plain lines), how wide it is, and whether colour is on (never when stdout
//! is not a terminal or `NO_COLOR` is set, unless `--color always`). Every write goes through here so that secrets
//! are scrubbed and a closed pipe (`alicert workers 8888 | head`) ends the command quietly instead of panicking.

use std::io::{self, IsTerminal, Write};

use clap::ValueEnum;
use serde::Serialize;

use crate::failure::Failure;
use crate::secrets;
use crate::style;

/// How results are printed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum OutputMode {
    /// Tables and summaries for people.
    Table,
    /// JSON with the API's own field names, for programs.
    Json,
}

/// When to use colour.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    /// When stdout is a terminal and NO_COLOR is not set.
    Auto,
    /// Always (even into a pipe).
    Always,
    /// Never.
    Never,
}

/// Decides colour for the whole process (console's global switch, which indicatif reads too).
pub fn init_colors(choice: ColorChoice) {
    let no_color = std::env::var_os("NO_COLOR").is_some_and(|value| !value.is_empty());
    let (stdout, stderr) = match choice {
        ColorChoice::Always => (true, true),
        ColorChoice::Never => (false, false),
        ColorChoice::Auto => (
            !no_color && io::stdout().is_terminal(),
            !no_color && io::stderr().is_terminal(),
        ),
    };
    console::set_colors_enabled(stdout);
    console::set_colors_enabled_stderr(stderr);
}

/// The printing side of a command.
#[derive(Clone, Debug)]
pub struct Ui {
    mode: OutputMode,
    terminal: bool,
    width: Option<usize>,
    quiet: bool,
}

impl Ui {
    /// A UI for stdout as it is now.
    pub fn new(mode: OutputMode, quiet: bool) -> Self {
        let terminal = io::stdout().is_terminal();
        Self {
            mode,
            terminal,
            width: detect_width(terminal),
            quiet,
        }
    }

    /// The same UI in table mode (the demo is for people whatever `--output` says).
    pub fn for_people(&self) -> Self {
        Self {
            mode: OutputMode::Table,
            ..self.clone()
        }
    }

    /// Whether JSON was asked for.
    pub fn json(&self) -> bool {
        self.mode == OutputMode::Json
    }

    /// Whether stdout is a terminal (live progress) rather than a pipe or a file (plain lines).
    pub fn terminal(&self) -> bool {
        self.terminal
    }

    /// Whether `-q` asked for no progress and no hints.
    pub fn quiet(&self) -> bool {
        self.quiet
    }

    /// Whether progress should be shown at all, and how: `Some(true)` a live bar, `Some(false)` plain lines.
    pub fn progress(&self) -> Option<bool> {
        if self.quiet || self.json() {
            None
        } else {
            Some(self.terminal)
        }
    }

    /// The width tables must fit: the terminal's, else `COLUMNS`, else unlimited (`None`).
    pub fn width(&self) -> Option<usize> {
        self.width
    }

    /// Writes `text` and a newline to stdout.
    pub fn line(&self, text: impl AsRef<str>) -> Result<(), Failure> {
        let text = secrets::scrub(text.as_ref()).into_owned();
        let mut stdout = io::stdout().lock();
        stdout
            .write_all(text.as_bytes())
            .and_then(|()| stdout.write_all(b"\n"))
            .map_err(Failure::from_stdout)
    }

    /// Writes `text` as is (it should end with a newline) to stdout.
    pub fn text(&self, text: impl AsRef<str>) -> Result<(), Failure> {
        let text = secrets::scrub(text.as_ref()).into_owned();
        io::stdout()
            .lock()
            .write_all(text.as_bytes())
            .map_err(Failure::from_stdout)
    }

    /// An empty line.
    pub fn blank(&self) -> Result<(), Failure> {
        self.line("")
    }

    /// Writes `value` as pretty JSON to stdout.
    pub fn json_value<T: Serialize + ?Sized>(&self, value: &T) -> Result<(), Failure> {
        let text = serde_json::to_string_pretty(value)
            .map_err(|error| Failure::Internal(format!("could not encode JSON: {error}")))?;
        self.line(text)
    }

    /// A hint for people (`note: ...`) on stderr; `-q` silences it.
    pub fn note(&self, text: impl AsRef<str>) {
        if !self.quiet {
            let line = format!(
                "{} {}",
                style::dim().for_stderr().apply_to("note:"),
                text.as_ref()
            );
            let _ = writeln!(io::stderr().lock(), "{}", secrets::scrub(&line));
        }
    }
}

/// The width of stdout when it is a terminal, else `COLUMNS` when set (so a pipe can still ask for a width).
fn detect_width(terminal: bool) -> Option<usize> {
    if terminal {
        let (_, columns) = console::Term::stdout().size();
        if columns > 0 {
            return Some(usize::from(columns));
        }
    }
    std::env::var("COLUMNS")
        .ok()
        .and_then(|text| text.trim().parse::<usize>().ok())
        .filter(|columns| *columns >= 20)
}
