//! Slow clients: every request body must arrive whole within the read timeout (a total
//! deadline, not a per-chunk one, so a client trickling one byte a second cannot hold a
//! request open for ever). Request headers get the same timeout from hyper (see
//! `server::serve`).

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};

use axum::body::{Body, Bytes};
use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::Response;
use http_body::{Frame, SizeHint};
use tokio::time::{Sleep, sleep};

use crate::app::App;
pub use crate::app::DEFAULT_READ_TIMEOUT;

/// The error a body gives once its deadline has passed.
#[derive(Debug)]
pub struct BodyDeadline;

impl std::fmt::Display for BodyDeadline {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("the request body did not arrive within the read timeout")
    }
}
impl std::error::Error for BodyDeadline {}

/// Whether `e` (or anything it wraps) is a [`BodyDeadline`].
pub fn is_deadline(e: &(dyn std::error::Error + 'static)) -> bool {
    let mut cur = Some(e);
    while let Some(err) = cur {
        if err.is::<BodyDeadline>() {
            return true;
        }
        cur = err.source();
    }
    false
}

/// A body that fails with [`BodyDeadline`] when it is not done by its deadline.
struct DeadlineBody {
    body: Body,
    deadline: Pin<Box<Sleep>>,
}

impl http_body::Body for DeadlineBody {
    type Data = Bytes;
    type Error = axum::Error;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, Self::Error>>> {
        if self.deadline.as_mut().poll(cx).is_ready() {
            return Poll::Ready(Some(Err(axum::Error::new(BodyDeadline))));
        }
        Pin::new(&mut self.body).poll_frame(cx)
    }

    fn is_end_stream(&self) -> bool {
        self.body.is_end_stream()
    }

    fn size_hint(&self) -> SizeHint {
        self.body.size_hint()
    }
}

/// Middleware: gives every request body the app's read deadline.
pub async fn body_deadline(State(app): State<Arc<App>>, req: Request, next: Next) -> Response {
    // Nothing to wait for (a GET): no timer, which keeps the hot path lean.
    if http_body::Body::is_end_stream(req.body()) {
        return next.run(req).await;
    }
    let timeout = app.read_timeout;
    let req = req.map(|body| {
        Body::new(DeadlineBody {
            body,
            deadline: Box::pin(sleep(timeout)),
        })
    });
    next.run(req).await
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    /// One byte, then nothing ever again.
    struct Stalls(bool);
    impl http_body::Body for Stalls {
        type Data = Bytes;
        type Error = std::io::Error;
        fn poll_frame(
            mut self: Pin<&mut Self>,
            _cx: &mut Context<'_>,
        ) -> Poll<Option<Result<Frame<Bytes>, Self::Error>>> {
            if self.0 {
                return Poll::Pending;
            }
            self.0 = true;
            Poll::Ready(Some(Ok(Frame::data(Bytes::from_static(b"{")))))
        }
    }

    #[tokio::test]
    async fn a_body_that_stalls_fails_with_the_deadline() {
        let body = Body::new(DeadlineBody {
            body: Body::new(Stalls(false)),
            deadline: Box::pin(sleep(Duration::from_millis(50))),
        });
        let err = axum::body::to_bytes(body, 1024).await.unwrap_err();
        assert!(is_deadline(&err), "{err}");
        // A body that is already whole is read as usual.
        let body = Body::new(DeadlineBody {
            body: Body::from("{}"),
            deadline: Box::pin(sleep(Duration::from_secs(5))),
        });
        assert_eq!(&axum::body::to_bytes(body, 1024).await.unwrap()[..], b"{}");
    }
}
