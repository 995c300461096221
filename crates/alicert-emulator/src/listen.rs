//! The accept loop, in place of `axum::serve`, which sets no header-read timeout and serves any number of
//! connections: 500 connections that never finish their headers would stay open indefinitely. Here a connection
//! that has not delivered a request's headers within the configured bound is closed by hyper's header-read timer (the
//! timer also runs while a keep-alive connection waits for its next request, so idle ones close too), and
//! at most `max_connections` are served at once: the loop takes a permit before it accepts, so connections past
//! the cap wait in the kernel's listen backlog (not refused) until one closes. Each connection is [`Dressed`], so
//! what hyper refuses on its own still gets an Alibaba error. On shutdown it stops accepting, asks
//! every connection to finish its request in flight and close, and returns when they have.

use std::future::Future;
use std::io;
use std::sync::Arc;
use std::time::Duration;

use hyper::server::conn::http1;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::server::graceful::GracefulShutdown;
use hyper_util::service::TowerToHyperService;
use tokio::net::TcpListener;
use tokio::sync::Semaphore;

use crate::bare::Dressed;
use crate::config::EmulatorConfig;
use crate::limits::{HYPER_HEAD_BUFFER, HYPER_MAX_HEADERS};
use crate::server::Emulator;

/// What bounds the connections of one server.
#[derive(Clone, Copy, Debug)]
pub(crate) struct ConnectionLimits {
    pub header_read_timeout: Duration,
    pub max_connections: usize,
}

impl ConnectionLimits {
    pub fn of(config: &EmulatorConfig) -> Self {
        Self {
            // hyper's timer cannot take zero; a zero bound means "as short as possible".
            header_read_timeout: config.request_read_timeout.max(Duration::from_millis(1)),
            max_connections: config.max_connections.clamp(1, Semaphore::MAX_PERMITS),
        }
    }
}

/// Serves `emulator` on `listener` until `shutdown` completes, then lets the requests in flight finish.
pub(crate) async fn serve(
    listener: TcpListener,
    emulator: Emulator,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> io::Result<()> {
    let limits = ConnectionLimits::of(&emulator.shared.config);
    let router = emulator.router();
    // The HostId of an error hyper refused before the handler saw a Host header.
    let host = listener
        .local_addr()
        .map_or_else(|_| String::new(), |address| address.to_string());
    let permits = Arc::new(Semaphore::new(limits.max_connections));
    let mut builder = http1::Builder::new();
    builder
        .timer(TokioTimer::new())
        .header_read_timeout(limits.header_read_timeout)
        .max_buf_size(HYPER_HEAD_BUFFER)
        .max_headers(HYPER_MAX_HEADERS);
    let graceful = GracefulShutdown::new();
    let mut shutdown = std::pin::pin!(shutdown);
    loop {
        let permit = tokio::select! {
            permit = permits.clone().acquire_owned() => match permit {
                Ok(permit) => permit,
                Err(_) => break, // never closed; stop serving if it were
            },
            () = &mut shutdown => break,
        };
        let stream = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok((stream, _)) => stream,
                Err(error) => {
                    // A connection that died before it was accepted costs nothing; running out of file
                    // descriptors passes once some close, so wait a moment rather than spin.
                    tracing::debug!(%error, "accept failed");
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            },
            () = &mut shutdown => break,
        };
        let _ = stream.set_nodelay(true);
        let stream = Dressed::new(stream, emulator.shared.clone(), host.clone());
        let connection = builder.serve_connection(
            TokioIo::new(stream),
            TowerToHyperService::new(router.clone()),
        );
        let connection = graceful.watch(connection);
        tokio::spawn(async move {
            if let Err(error) = connection.await {
                tracing::debug!(%error, "connection closed with an error");
            }
            drop(permit);
        });
    }
    drop(listener);
    graceful.shutdown().await;
    Ok(())
}
