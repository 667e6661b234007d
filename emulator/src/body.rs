//! Broken answers: a body that stops half-way (`Content-Length` promises the whole body,
//! half of it is sent, then the connection is closed: a client sees a truncated body, never
//! a complete one), and the marker that makes the server close a connection unanswered.

use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;

use axum::body::{Body, Bytes};
use axum::http::{HeaderValue, header};
use axum::response::Response;
use http_body::Frame;

/// A response extension: close the connection instead of answering (`server` obeys it).
#[derive(Clone, Copy, Debug)]
pub struct DropConnection;

/// Sends `head`, waits a moment (so the head and the first half leave the buffer), then fails.
struct HalfBody {
    head: Option<Bytes>,
    pause: Pin<Box<tokio::time::Sleep>>,
}

impl http_body::Body for HalfBody {
    type Data = Bytes;
    type Error = std::io::Error;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, Self::Error>>> {
        if let Some(b) = self.head.take() {
            return Poll::Ready(Some(Ok(Frame::data(b))));
        }
        match self.pause.as_mut().poll(cx) {
            Poll::Pending => Poll::Pending,
            Poll::Ready(()) => Poll::Ready(Some(Err(std::io::Error::other("injected truncation")))),
        }
    }
}

/// The same response with its body cut in half (at least one byte short).
pub async fn truncated(resp: Response) -> Response {
    let (mut parts, body) = resp.into_parts();
    let full = axum::body::to_bytes(body, usize::MAX)
        .await
        .unwrap_or_default();
    let full = if full.is_empty() {
        Bytes::from_static(b"{\"truncated\":true}")
    } else {
        full
    };
    let head = full.slice(..full.len() / 2);
    parts
        .headers
        .insert(header::CONTENT_LENGTH, HeaderValue::from(full.len()));
    Response::from_parts(
        parts,
        Body::new(HalfBody {
            head: Some(head),
            pause: Box::pin(tokio::time::sleep(Duration::from_millis(50))),
        }),
    )
}
