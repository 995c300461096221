//! What every command is given: where to print ([`Ui`]), the global options, the whole command tree (for
//! `completions` and `man`, which print it), and the clients, connected on first use so that a command which calls
//! nothing needs no credentials. It outlives the command, so that a failure can still say where the failed call's
//! requests went.

use tokio::sync::OnceCell;

use crate::client::{self, Clients};
use crate::failure::Failure;
use crate::globals::Globals;
use crate::output::Ui;

/// The run of one command.
#[derive(Debug)]
pub struct Context {
    /// Where results go.
    pub ui: Ui,
    /// The global options.
    pub globals: Globals,
    command_tree: fn() -> clap::Command,
    clients: OnceCell<Clients>,
}

impl Context {
    /// A context for a command; `command_tree` builds the whole command tree.
    pub fn new(ui: Ui, globals: Globals, command_tree: fn() -> clap::Command) -> Self {
        Self {
            ui,
            globals,
            command_tree,
            clients: OnceCell::new(),
        }
    }

    /// The clients for the global options, connected on the first call (credentials are resolved then).
    pub async fn clients(&self) -> Result<&Clients, Failure> {
        self.clients
            .get_or_try_init(|| client::connect(&self.globals))
            .await
    }

    /// Uses `clients` as this run's (the demo, which brings its own emulator), unless some were connected already.
    pub fn adopt(&self, clients: &Clients) {
        let _ = self.clients.set(clients.clone());
    }

    /// The whole command tree, as `--help` shows it.
    pub fn command_tree(&self) -> clap::Command {
        (self.command_tree)()
    }

    /// Where the requests of the call that failed went, once clients were connected.
    pub fn sent_to(&self, failure: &Failure) -> Option<String> {
        let clients = self.clients.get()?;
        clients.sent_to(failure.product())
    }
}
