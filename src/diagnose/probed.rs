//! What a probe (`why405 diagnose --probe`) asked the server about one request, and when: the record a diagnosis
//! carries when its conclusion rests on the server's answers rather than on the HAR alone (the JSON `probe`
//! object, the reports' "Settled by a probe at …" line). Sending is `crate::probe` (native only), settling
//! `crate::diagnose::settle` (every build: the panel settles its own probe's answers); this record is plain data so
//! that every build (the panel's wasm too) reads and renders it.

use serde::Serialize;

use crate::http::Method;

/// The probe behind a diagnosis.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Probed {
    /// When the probe was made: RFC 3339, UTC.
    pub at: String,
    /// Whether the answers settled the diagnosis (`needs_probe` is then false); when not, the summary says why.
    pub settled: bool,
    /// Every request the probe sent for this request of the HAR, in order (never its method unless asked).
    pub requests: Vec<ProbeRequest>,
}

/// One request a probe sent, and its answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ProbeRequest {
    pub method: Method,
    pub url: String,
    /// The CORS preflight (OPTIONS with `Access-Control-Request-Method`), not a plain OPTIONS.
    pub preflight: bool,
    /// A preflight for another method than the request's: the browser's own, for the panel's plain `OPTIONS`
    /// (`Access-Control-Request-Method: OPTIONS`). Absent for the request's own preflight.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub preflight_for: Option<Method>,
    /// The answer's status; 0 when none came.
    pub status: u16,
    /// The answer's `Allow` header, when it had one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub allow: Option<String>,
    /// Why no answer came (Chromium's name: `net::ERR_CONNECTION_REFUSED`, `net::ERR_TIMED_OUT`…).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}

impl ProbeRequest {
    /// "OPTIONS answered 200 with Allow: GET, HEAD", "the preflight (OPTIONS) answered 204", "GET got no answer
    /// (net::ERR_TIMED_OUT)".
    pub fn words(&self) -> String {
        let what = match (&self.preflight_for, self.preflight) {
            (Some(m), _) => format!("the browser's preflight for {m}"),
            (None, true) => "the preflight (OPTIONS)".to_string(),
            (None, false) => self.method.to_string(),
        };
        match (&self.error, self.status, &self.allow) {
            (Some(e), _, _) => format!("{what} got no answer ({e})"),
            (None, 0, _) => format!("{what} got no answer"),
            (None, s, Some(a)) => format!("{what} answered {s} with Allow: {a}"),
            (None, s, None) => format!("{what} answered {s}"),
        }
    }
}

impl Probed {
    /// The reports' line: "Settled by a probe at 2026-12-02T06:40:11Z: OPTIONS answered 200 with Allow: GET, HEAD;
    /// HEAD answered 200; GET answered 200." (or "Probed at …, not settled: …").
    pub fn words(&self) -> String {
        let answers: Vec<String> = self.requests.iter().map(ProbeRequest::words).collect();
        let head = if self.settled {
            format!("Settled by a probe at {}", self.at)
        } else {
            format!("Probed at {}, not settled", self.at)
        };
        if answers.is_empty() {
            format!("{head}: nothing was sent.")
        } else {
            format!("{head}: {}.", answers.join("; "))
        }
    }
}
