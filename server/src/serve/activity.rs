//! When a connection last did anything, so that one on which nothing happens can be
//! closed. hyper bounds the wait for a request's headers, but not a response that waits
//! for a client which has stopped reading: without this, such a client would hold its
//! connection, and its slot under the cap, for good.

use std::{
    future::Future,
    io,
    pin::Pin,
    sync::{
        Arc,
        atomic::{AtomicU64, AtomicUsize, Ordering},
    },
    task::{Context, Poll},
    time::Duration,
};

use tokio::{
    io::{AsyncRead, AsyncWrite, ReadBuf},
    time::Instant,
};

#[derive(Clone)]
pub struct Activity(Arc<State>);

struct State {
    opened: Instant,
    /// Milliseconds after `opened` that a byte last moved or a request last finished.
    last: AtomicU64,
    /// Requests being handled: a slow handler is the request timeout's to bound.
    busy: AtomicUsize,
}

impl Activity {
    pub fn new() -> Self {
        Self(Arc::new(State {
            opened: Instant::now(),
            last: AtomicU64::new(0),
            busy: AtomicUsize::new(0),
        }))
    }

    fn touch(&self) {
        let now = u64::try_from(self.0.opened.elapsed().as_millis()).unwrap_or(u64::MAX);
        self.0.last.store(now, Ordering::Relaxed);
    }

    /// Marks a request as being handled until the guard is dropped.
    pub fn busy(&self) -> Busy {
        self.0.busy.fetch_add(1, Ordering::Relaxed);
        Busy(self.clone())
    }

    fn idle_for(&self) -> Duration {
        if self.0.busy.load(Ordering::Relaxed) > 0 {
            return Duration::ZERO;
        }
        let last = Duration::from_millis(self.0.last.load(Ordering::Relaxed));
        self.0.opened.elapsed().saturating_sub(last)
    }

    /// `io`, noting here each time a byte moves through it.
    pub fn track<T>(&self, io: T) -> Tracked<T> {
        Tracked {
            io,
            activity: self.clone(),
        }
    }

    /// Drives `connection` to its end, or drops it (closing it) once it has been idle
    /// for `limit`; `None` in that case.
    pub async fn close_when_idle<F: Future>(
        &self,
        connection: F,
        limit: Duration,
    ) -> Option<F::Output> {
        tokio::pin!(connection);
        loop {
            let idle = self.idle_for();
            if idle >= limit {
                return None;
            }
            tokio::select! {
                output = &mut connection => return Some(output),
                () = tokio::time::sleep(limit - idle) => {}
            }
        }
    }
}

pub struct Busy(Activity);

impl Drop for Busy {
    fn drop(&mut self) {
        self.0.touch();
        self.0.0.busy.fetch_sub(1, Ordering::Relaxed);
    }
}

pub struct Tracked<T> {
    io: T,
    activity: Activity,
}

impl<T: AsyncRead + Unpin> AsyncRead for Tracked<T> {
    fn poll_read(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        let this = self.get_mut();
        let before = buf.filled().len();
        let result = Pin::new(&mut this.io).poll_read(cx, buf);
        if buf.filled().len() > before {
            this.activity.touch();
        }
        result
    }
}

impl<T: AsyncWrite + Unpin> AsyncWrite for Tracked<T> {
    fn poll_write(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        let this = self.get_mut();
        let result = Pin::new(&mut this.io).poll_write(cx, buf);
        this.note_written(&result);
        result
    }

    fn poll_write_vectored(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        let this = self.get_mut();
        let result = Pin::new(&mut this.io).poll_write_vectored(cx, bufs);
        this.note_written(&result);
        result
    }

    fn is_write_vectored(&self) -> bool {
        self.io.is_write_vectored()
    }

    fn poll_flush(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.get_mut().io).poll_flush(cx)
    }

    fn poll_shutdown(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.get_mut().io).poll_shutdown(cx)
    }
}

impl<T> Tracked<T> {
    fn note_written(&self, result: &Poll<io::Result<usize>>) {
        if matches!(result, Poll::Ready(Ok(written)) if *written > 0) {
            self.activity.touch();
        }
    }
}
