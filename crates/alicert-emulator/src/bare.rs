//! hyper's own refusals, dressed as Alibaba errors. A request hyper cannot parse never reaches the handler: hyper
//! writes a bare `400 Bad Request`, `414 URI Too Long` (a URI past the `http` crate's 65,534 bytes) or
//! `431 Request Header Fields Too Large` (a head past [`HYPER_HEAD_BUFFER`](crate::limits::HYPER_HEAD_BUFFER) or
//! [`HYPER_MAX_HEADERS`](crate::limits::HYPER_MAX_HEADERS)) with `content-length: 0`, and closes. The handler
//! checks tighter limits itself (see [`crate::limits`]), so only requests past hyper's reach get here.
//!
//! [`Dressed`] sits between hyper and the socket and replaces exactly that write with a whole answer in Alibaba's
//! shape: same status, `x-acs-request-id`, the error body. It is unambiguous because the handler never answers
//! 400, 414 or 431 with an empty body. The format follows the request's `Format` parameter when its bytes named
//! one (`Format=JSON`/`Format=XML`, seen while reading), else XML, the RPC default; the RequestId comes from the
//! emulator's sequence, and the `HostId` is the address the client connected to.

use std::io;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll, ready};

use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};

use crate::answer::Format;
use crate::error::{ApiError, ErrorBody};
use crate::server::Shared;

/// The longest `format=json` spelling, less one: what a read must keep to find it across two reads.
const TAIL: usize = b"format=json".len() - 1;

/// A connection whose bare refusals from hyper are replaced by Alibaba errors.
pub(crate) struct Dressed<T> {
    inner: T,
    shared: Arc<Shared>,
    host: String,
    /// The format the current request's bytes named, if any.
    format: Option<Format>,
    /// The last bytes read, so a `Format=` split across two reads is still seen.
    tail: [u8; TAIL],
    tail_len: usize,
    /// A replacement answer still to be written, and how much of it has been.
    pending: Vec<u8>,
    written: usize,
}

impl<T> Dressed<T> {
    pub fn new(inner: T, shared: Arc<Shared>, host: String) -> Self {
        Self {
            inner,
            shared,
            host,
            format: None,
            tail: [0; TAIL],
            tail_len: 0,
            pending: Vec::new(),
            written: 0,
        }
    }

    /// Looks for `Format=` in what was just read, without copying it: the boundary with the previous read, then
    /// the read itself.
    fn note_read(&mut self, bytes: &[u8]) {
        let mut boundary = [0_u8; 2 * TAIL];
        let start = bytes.len().min(TAIL);
        let joined = self.tail_len + start;
        boundary[..self.tail_len].copy_from_slice(&self.tail[..self.tail_len]);
        boundary[self.tail_len..joined].copy_from_slice(&bytes[..start]);
        if let Some(format) = named_format(bytes).or_else(|| named_format(&boundary[..joined])) {
            self.format = Some(format);
        }
        let last = if bytes.len() >= TAIL {
            &bytes[bytes.len() - TAIL..]
        } else {
            &boundary[joined.saturating_sub(TAIL)..joined]
        };
        self.tail[..last.len()].copy_from_slice(last);
        self.tail_len = last.len();
    }

    /// The replacement for `buf` if it is one of hyper's bare refusals.
    fn dress(&mut self, buf: &[u8]) -> Option<Vec<u8>> {
        let status = bare_status(buf)?;
        let error = match status {
            414 => ApiError::new(
                414,
                "RequestURITooLong",
                format!(
                    "The request URI is longer than {} bytes.",
                    crate::limits::MAX_URI_BYTES
                ),
            ),
            431 => ApiError::new(
                431,
                "RequestHeaderFieldsTooLarge",
                "The request's header fields are too many or too large.",
            ),
            _ => ApiError::new(
                400,
                "BadRequest",
                "The request is not valid HTTP/1.1 and could not be read.",
            ),
        };
        let format = self.format.unwrap_or(Format::Xml);
        let request_id = self.shared.request_ids.next();
        let body = format.error(&ErrorBody::new(&error, &request_id, &self.host, ""));
        let reason = match status {
            414 => "URI Too Long",
            431 => "Request Header Fields Too Large",
            _ => "Bad Request",
        };
        let mut answer = format!(
            "HTTP/1.1 {status} {reason}\r\ncontent-type: {}\r\ncontent-length: {}\r\nx-acs-request-id: \
             {request_id}\r\ndate: {}\r\nconnection: close\r\n\r\n",
            format.content_type(),
            body.len(),
            httpdate::fmt_http_date(std::time::SystemTime::now()),
        )
        .into_bytes();
        answer.extend_from_slice(&body);
        tracing::debug!(%request_id, status, code = %error.code, "refused before the handler");
        Some(answer)
    }
}

impl<T: AsyncWrite + Unpin> Dressed<T> {
    /// Writes what is left of a replacement answer.
    fn poll_drain(&mut self, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        while self.written < self.pending.len() {
            let written =
                ready!(Pin::new(&mut self.inner).poll_write(cx, &self.pending[self.written..]))?;
            if written == 0 {
                return Poll::Ready(Err(io::ErrorKind::WriteZero.into()));
            }
            self.written += written;
        }
        self.pending.clear();
        self.written = 0;
        Poll::Ready(Ok(()))
    }

    /// Takes `buf` whole in place of a bare refusal (the replacement is written by later polls).
    fn poll_replace(
        &mut self,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Option<Poll<io::Result<usize>>> {
        let replacement = self.dress(buf)?;
        self.pending = replacement;
        self.written = 0;
        Some(match self.poll_drain(cx) {
            Poll::Ready(Err(error)) => Poll::Ready(Err(error)),
            _ => Poll::Ready(Ok(buf.len())),
        })
    }
}

impl<T: AsyncRead + Unpin> AsyncRead for Dressed<T> {
    fn poll_read(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        let this = self.get_mut();
        let before = buf.filled().len();
        ready!(Pin::new(&mut this.inner).poll_read(cx, buf))?;
        this.note_read(&buf.filled()[before..]);
        Poll::Ready(Ok(()))
    }
}

impl<T: AsyncWrite + Unpin> AsyncWrite for Dressed<T> {
    fn poll_write(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        let this = self.get_mut();
        ready!(this.poll_drain(cx))?;
        if let Some(replaced) = this.poll_replace(cx, buf) {
            return replaced;
        }
        if buf.starts_with(b"HTTP/1.1 ") {
            // An answer starts: the next request names its own format.
            this.format = None;
        }
        Pin::new(&mut this.inner).poll_write(cx, buf)
    }

    fn poll_write_vectored(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        let this = self.get_mut();
        ready!(this.poll_drain(cx))?;
        // hyper writes a bare refusal as one slice: the head, and no body after it.
        if let [only] = bufs
            .iter()
            .filter(|slice| !slice.is_empty())
            .collect::<Vec<_>>()
            .as_slice()
            && let Some(replaced) = this.poll_replace(cx, only)
        {
            return replaced;
        }
        if bufs
            .iter()
            .find(|slice| !slice.is_empty())
            .is_some_and(|first| first.starts_with(b"HTTP/1.1 "))
        {
            this.format = None;
        }
        Pin::new(&mut this.inner).poll_write_vectored(cx, bufs)
    }

    fn is_write_vectored(&self) -> bool {
        self.inner.is_write_vectored()
    }

    fn poll_flush(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        let this = self.get_mut();
        ready!(this.poll_drain(cx))?;
        Pin::new(&mut this.inner).poll_flush(cx)
    }

    fn poll_shutdown(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        let this = self.get_mut();
        ready!(this.poll_drain(cx))?;
        Pin::new(&mut this.inner).poll_shutdown(cx)
    }
}

/// The status of a bare refusal: a whole head with status 400, 414 or 431, `content-length: 0`, nothing after it.
fn bare_status(buf: &[u8]) -> Option<u16> {
    let head = buf.strip_prefix(b"HTTP/1.1 ")?;
    let status = match head.get(..4)? {
        b"400 " => 400,
        b"414 " => 414,
        b"431 " => 431,
        _ => return None,
    };
    let end = buf.windows(4).position(|window| window == b"\r\n\r\n")? + 4;
    let zero_length = buf[..end]
        .windows(b"\r\ncontent-length: 0\r\n".len())
        .any(|window| window.eq_ignore_ascii_case(b"\r\ncontent-length: 0\r\n"));
    (end == buf.len() && zero_length).then_some(status)
}

/// The format the bytes name (`format=json` or `format=xml` in any case), the last mention winning.
fn named_format(bytes: &[u8]) -> Option<Format> {
    let starts = |rest: &[u8], with: &[u8]| {
        rest.get(..with.len())
            .is_some_and(|head| head.eq_ignore_ascii_case(with))
    };
    let mut found = None;
    for (index, byte) in bytes.iter().enumerate() {
        if byte.eq_ignore_ascii_case(&b'f') {
            let rest = &bytes[index..];
            if starts(rest, b"format=json") {
                found = Some(Format::Json);
            } else if starts(rest, b"format=xml") {
                found = Some(Format::Xml);
            }
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_bare_refusals_are_recognised() {
        let bare = b"HTTP/1.1 414 URI Too Long\r\ncontent-length: 0\r\ndate: x\r\n\r\n";
        assert_eq!(bare_status(bare), Some(414));
        assert_eq!(
            bare_status(
                b"HTTP/1.1 400 Bad Request\r\nconnection: close\r\ncontent-length: 0\r\n\r\n"
            ),
            Some(400)
        );
        // Our own answers have bodies; other statuses are not hyper's refusals.
        assert_eq!(
            bare_status(b"HTTP/1.1 400 Bad Request\r\ncontent-length: 12\r\n\r\n"),
            None
        );
        assert_eq!(
            bare_status(b"HTTP/1.1 400 Bad Request\r\ncontent-length: 0\r\n\r\n{}"),
            None
        );
        assert_eq!(
            bare_status(b"HTTP/1.1 200 OK\r\ncontent-length: 0\r\n\r\n"),
            None
        );
        assert_eq!(bare_status(b"HTTP/1.1 414 URI"), None);
    }

    #[test]
    fn a_format_split_across_reads_is_seen() {
        let mut dressed = Dressed {
            inner: (),
            shared: crate::Emulator::new(crate::EmulatorConfig::new()).shared,
            host: String::new(),
            format: None,
            tail: [0; TAIL],
            tail_len: 0,
            pending: Vec::new(),
            written: 0,
        };
        dressed.note_read(b"GET /?Act");
        dressed.note_read(b"ion=X&For");
        assert_eq!(dressed.format, None);
        dressed.note_read(b"mat=J");
        dressed.note_read(b"SON&Pad=");
        assert_eq!(dressed.format, Some(Format::Json));
        dressed.note_read(&[b'a'; 100]);
        dressed.note_read(b"&format=xml");
        assert_eq!(dressed.format, Some(Format::Xml));
    }

    #[test]
    fn the_format_is_the_last_named() {
        assert_eq!(named_format(b"GET /?Format=JSON&x"), Some(Format::Json));
        assert_eq!(
            named_format(b"format=json ... format=xml"),
            Some(Format::Xml)
        );
        assert_eq!(named_format(b"get / http/1.1"), None);
    }
}
