//! Settling with the CLI's own answers: the requests [`super::client`] sent become [`ProbeAnswer`]s and go through
//! the settling every build shares ([`crate::diagnose::settle`]), the same the panel's Probe action uses.

use crate::diagnose::settle::{self as shared, NoAnswer, ProbeAnswer};
use crate::diagnose::{Diagnosis, Probed};
use crate::har::Entry;
use crate::http::Method;

use super::client::Sent;

/// One request sent by the CLI's client, as the shared settling reads it.
pub fn answer(s: &Sent) -> ProbeAnswer {
    let (status, headers, failure) = match &s.result {
        Ok(a) => (Some(a.status), a.headers.clone(), None),
        Err(f) => (None, Vec::new(), Some(NoAnswer { name: f.net_error().to_string(), words: f.to_string() })),
    };
    let h = &s.step.headers;
    ProbeAnswer {
        purpose: Some(s.step.purpose),
        method: s.step.method.clone(),
        url: s.step.url.clone(),
        origin: h.get("origin").map(str::to_string),
        preflight_for: h.get("access-control-request-method").map(|m| Method::parse(m.trim())),
        status,
        headers,
        failure,
    }
}

/// `d` settled by the answers in `sent` (made at `at`, RFC 3339); see [`crate::diagnose::settle::settle`].
pub fn settle(d: &Diagnosis, sent: &[Sent], at: &str, last: Option<&Entry>) -> Diagnosis {
    let answers: Vec<ProbeAnswer> = sent.iter().map(answer).collect();
    shared::settle(d.clone(), &answers, at, last)
}

/// The record of what was sent, as the diagnosis carries it.
pub fn record(sent: &[Sent], at: &str, settled: bool) -> Probed {
    let answers: Vec<ProbeAnswer> = sent.iter().map(answer).collect();
    shared::record(&answers, at, settled)
}
