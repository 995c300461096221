//! The emulator as a value and as a server: its shared state, [`Emulator::spawn`] for a background server on a
//! free port, and [`serve`] for the CLI's foreground one. Both serve through [`crate::listen`], which bounds how
//! long a connection may take to send its headers and how many are served at once; the requests themselves go to
//! [`crate::handler`].

use std::future::Future;
use std::io;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};

use axum::Router;
use tokio::net::TcpListener;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

use crate::config::EmulatorConfig;
use crate::dataset::Dataset;
use crate::fault::Faults;
use crate::keys::{AccessKey, KeyRing};
use crate::listen;
use crate::log::RequestLog;
use crate::nonce::{NONCE_TTL, NonceCache};
use crate::rng::RequestIds;

/// Everything the handler shares.
#[derive(Debug)]
pub(crate) struct Shared {
    pub config: EmulatorConfig,
    pub keys: KeyRing,
    pub dataset: Dataset,
    pub nonces: Mutex<NonceCache>,
    pub faults: Faults,
    pub log: RequestLog,
    pub request_ids: RequestIds,
}

/// An emulator: its state, and a router to serve it with. Clones share the state.
///
/// Most callers want [`Emulator::spawn`]; [`Emulator::router`] is for mounting it in an axum server of one's own.
#[derive(Clone, Debug)]
pub struct Emulator {
    pub(crate) shared: Arc<Shared>,
}

impl Emulator {
    /// Builds the state (the dataset is anchored at the clock's time now, unless the config names an anchor).
    pub fn new(config: EmulatorConfig) -> Self {
        let started = config.clock.now();
        let anchor = config.anchor.unwrap_or(started);
        let dataset = Dataset::build(
            config.seed,
            anchor,
            started,
            config.workers.min(crate::config::MAX_WORKERS),
            config.pace.workers_per_second(),
        );
        let shared = Shared {
            keys: KeyRing::new(&config.access_keys),
            request_ids: RequestIds::new(config.request_id_seed),
            dataset,
            nonces: Mutex::new(NonceCache::new(config.nonce_capacity, NONCE_TTL)),
            faults: Faults::new(&config.faults),
            log: RequestLog::new(config.request_log_capacity),
            config,
        };
        Self {
            shared: Arc::new(shared),
        }
    }

    /// Binds `config.addr` (default `127.0.0.1:0`) and serves in a background task until
    /// [`RunningEmulator::shutdown`] (or until it is dropped).
    pub async fn spawn(config: EmulatorConfig) -> io::Result<RunningEmulator> {
        let listener = TcpListener::bind(config.addr).await?;
        let local_addr = listener.local_addr()?;
        let emulator = Emulator::new(config);
        let (stop, stopped) = oneshot::channel::<()>();
        let task = tokio::spawn(listen::serve(listener, emulator.clone(), async move {
            // A dropped sender means the RunningEmulator is gone: shut down too.
            let _ = stopped.await;
        }));
        Ok(RunningEmulator {
            emulator,
            local_addr,
            stop: Some(stop),
            task: Some(task),
        })
    }

    /// A router answering every path and method.
    pub fn router(&self) -> Router {
        Router::new()
            .fallback(crate::handler::handle)
            .with_state(self.clone())
    }

    /// Accepts `key` from now on, replacing a key with the same ID: how keys issued while running (STS
    /// credentials) join the ones configured at start.
    pub fn add_access_key(&self, key: AccessKey) {
        self.shared.keys.insert(key);
    }

    /// The live fault set.
    pub fn faults(&self) -> Faults {
        self.shared.faults.clone()
    }

    /// The log of requests received.
    pub fn requests(&self) -> RequestLog {
        self.shared.log.clone()
    }
}

/// Serves an emulator on `listener` until `shutdown` completes, then finishes the requests in flight: what
/// `alicert emulator --listen ADDR ...` runs.
pub async fn serve(
    listener: TcpListener,
    config: EmulatorConfig,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> io::Result<()> {
    listen::serve(listener, Emulator::new(config), shutdown).await
}

/// An emulator serving in the background. Dropping it shuts the server down without waiting.
#[derive(Debug)]
pub struct RunningEmulator {
    emulator: Emulator,
    local_addr: SocketAddr,
    stop: Option<oneshot::Sender<()>>,
    task: Option<JoinHandle<io::Result<()>>>,
}

impl RunningEmulator {
    /// The base URL, `http://127.0.0.1:PORT`.
    pub fn url(&self) -> String {
        format!("http://{}", self.local_addr)
    }

    /// The address listened on.
    pub fn local_addr(&self) -> SocketAddr {
        self.local_addr
    }

    /// The live fault set.
    pub fn faults(&self) -> Faults {
        self.emulator.faults()
    }

    /// The log of requests received.
    pub fn requests(&self) -> RequestLog {
        self.emulator.requests()
    }

    /// The emulator's state.
    pub fn emulator(&self) -> &Emulator {
        &self.emulator
    }

    /// Stops accepting connections, lets the requests in flight finish, and returns when the server is down.
    pub async fn shutdown(mut self) -> io::Result<()> {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        match self.task.take() {
            Some(task) => task.await.map_err(io::Error::other)?,
            None => Ok(()),
        }
    }
}

impl Drop for RunningEmulator {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
    }
}
