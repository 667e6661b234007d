//! What a call reports as it goes (`onEvent` in JavaScript): request, response, retry and
//! give-up events. Built from the request, never from the token: an event has no field
//! that could hold it.

#[allow(unused_imports)]
use crate::prelude::*;

use serde::Serialize;

use super::state::{GiveUpReason, WaitSource};
use crate::error::Error;
use crate::http::{HttpRequest, header};

/// The event's `type`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum EventType {
    /// An attempt is about to be sent.
    Request,
    /// An attempt ended: a response (any status) or a failure without one.
    Response,
    /// The call will be tried again after `waitMs`.
    Retry,
    /// The call stops with an error.
    GiveUp,
}

/// One event. Serialized with camelCase names; absent fields are left out.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CallEvent {
    /// `request` / `response` / `retry` / `giveUp`.
    #[serde(rename = "type")]
    pub kind: EventType,
    /// `GET` / `POST`.
    pub method: &'static str,
    /// Path and query (ids percent-encoded), without the base URL.
    pub path: String,
    /// The attempt (1-based) this event is about.
    pub attempt: u32,
    /// The call's `MS-RequestId` (the same on every attempt).
    pub request_id: String,
    /// The HTTP status, when a response was received.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<u16>,
    /// `response`: the attempt's duration; `giveUp`: the whole call's.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub duration_ms: Option<u64>,
    /// `retry`: the wait chosen before the next attempt.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub wait_ms: Option<u64>,
    /// `response` / `retry` / `giveUp`: the error kind of the failed attempt.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error_kind: Option<&'static str>,
    /// `retry`: `retryAfter` / `backoff` / `tokenRefresh`; `giveUp`: `notRetryable` /
    /// `attemptsExhausted` / `timeExhausted` / `aborted`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<&'static str>,
}

impl CallEvent {
    fn base(kind: EventType, request: &HttpRequest, attempt: u32) -> Self {
        Self {
            kind,
            method: request.method.as_str(),
            path: request.path.clone(),
            attempt,
            request_id: request
                .header(header::REQUEST_ID)
                .unwrap_or_default()
                .to_owned(),
            status: None,
            duration_ms: None,
            wait_ms: None,
            error_kind: None,
            reason: None,
        }
    }

    /// Attempt `attempt` of `request` is about to be sent.
    pub fn request(request: &HttpRequest, attempt: u32) -> Self {
        Self::base(EventType::Request, request, attempt)
    }

    /// Attempt `attempt` ended after `duration_ms`: with a status (`status`), and with
    /// `error` when it failed (a failure without a response has no status).
    pub fn response(
        request: &HttpRequest,
        attempt: u32,
        status: Option<u16>,
        duration_ms: u64,
        error: Option<&Error>,
    ) -> Self {
        Self {
            status: status.or_else(|| error.and_then(Error::status)),
            duration_ms: Some(duration_ms),
            error_kind: error.map(|e| e.kind().as_str()),
            ..Self::base(EventType::Response, request, attempt)
        }
    }

    /// Attempt `attempt` failed with `error`; the next comes after `wait_ms`.
    pub fn retry(
        request: &HttpRequest,
        attempt: u32,
        error: &Error,
        wait_ms: u64,
        source: WaitSource,
    ) -> Self {
        Self {
            status: error.status(),
            wait_ms: Some(wait_ms),
            error_kind: Some(error.kind().as_str()),
            reason: Some(source.as_str()),
            ..Self::base(EventType::Retry, request, attempt)
        }
    }

    /// Attempt `attempt` got a 401; a fresh token is asked for and the call tried again.
    pub fn token_refresh(request: &HttpRequest, attempt: u32, error: &Error) -> Self {
        Self {
            status: error.status(),
            wait_ms: Some(0),
            error_kind: Some(error.kind().as_str()),
            reason: Some("tokenRefresh"),
            ..Self::base(EventType::Retry, request, attempt)
        }
    }

    /// The call stops with `error` after `attempt` attempts and `duration_ms` in all.
    /// `reason` is `None` for an abort by the caller.
    pub fn give_up(
        request: &HttpRequest,
        attempt: u32,
        error: &Error,
        duration_ms: u64,
        reason: Option<GiveUpReason>,
    ) -> Self {
        Self {
            status: error.status(),
            duration_ms: Some(duration_ms),
            error_kind: Some(error.kind().as_str()),
            reason: Some(reason.map_or("aborted", GiveUpReason::as_str)),
            ..Self::base(EventType::GiveUp, request, attempt)
        }
    }
}
