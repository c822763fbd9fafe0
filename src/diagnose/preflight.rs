//! The preflight of an exchange, as one of three things: observed in the HAR
//! (its entry, its status, what the CORS replay made of it), required by the
//! Fetch standard but not in the HAR, or not needed.

use crate::cors::{self, CheckFailure, CorsRequest, CorsResponse, PreflightPlan};
use crate::har::Entry;
use crate::http::Method;

use super::replay::check_with_credentials;
use super::words::status_text;
use super::{Evidence, EvidenceKind, PreflightInfo};

/// The preflight of one request.
pub(super) enum Preflight<'a> {
    /// In the HAR.
    Observed(Observed<'a>),
    /// The request needed one (cross-origin, not safelisted) and the HAR has
    /// none: a preflight-cache hit, an exporter that drops them, or a
    /// preflight that failed out of sight.
    Required(PreflightPlan),
    /// Same-origin, no `Origin`, or safelisted method and headers.
    NotNeeded,
}

/// A preflight the HAR holds.
pub(super) struct Observed<'a> {
    pub index: usize,
    pub entry: &'a Entry,
    /// `Access-Control-Request-Method` (the request's method when absent).
    pub request_method: Method,
    /// `Access-Control-Request-Headers` (lower-cased, in the order sent).
    pub request_headers: Vec<String>,
    pub check: Check,
}

/// What the CORS replay made of an observed preflight.
pub(super) enum Check {
    /// No response at all (and not the browser's redirect error).
    Unanswered {
        error: String,
    },
    /// A CORS step failed; `why_credentials` says why the check assumed
    /// credentials, when it did.
    Refused {
        failure: CheckFailure,
        why_credentials: Option<&'static str>,
    },
    Passed,
}

impl<'a> Observed<'a> {
    /// Reads preflight entry `index` and replays the CORS-preflight checks on it.
    /// `blocked`: the request itself was never answered (credentials may be inferred).
    pub(super) fn read(index: usize, entry: &'a Entry, req: &CorsRequest, blocked: bool) -> Self {
        let h = &entry.request.headers;
        let request_method = h.get("access-control-request-method").map(Method::parse).unwrap_or(req.method.clone());
        let request_headers = h
            .get("access-control-request-headers")
            .map(|v| v.split(',').map(|s| s.trim().to_ascii_lowercase()).filter(|s| !s.is_empty()).collect())
            .unwrap_or_default();
        Observed { index, entry, request_method, request_headers, check: Check::of(entry, req, blocked) }
    }

    pub(super) fn status(&self) -> u16 {
        self.entry.response.status
    }
}

impl Check {
    fn of(p: &Entry, req: &CorsRequest, blocked: bool) -> Self {
        if !p.has_response() {
            // No answer at all to the OPTIONS: the server was unreachable or the
            // connection failed; there are no headers to check.
            let error = p.response.error.clone().unwrap_or_else(|| "no response".into());
            return match cors::preflight_redirect_error(req, &error) {
                Some(failure) => Check::Refused { failure, why_credentials: None },
                None => Check::Unanswered { error: error.into() },
            };
        }
        let (res, why_credentials) = check_with_credentials(req, blocked, &p.response.headers, |r| {
            cors::check_preflight(r, CorsResponse { status: p.response.status, headers: &p.response.headers })
        });
        match res {
            Err(failure) => Check::Refused { failure, why_credentials },
            Ok(()) => Check::Passed,
        }
    }
}

impl Preflight<'_> {
    /// The observed preflight, if any.
    pub(super) fn observed(&self) -> Option<&Observed<'_>> {
        match self {
            Preflight::Observed(o) => Some(o),
            _ => None,
        }
    }

    /// The JSON view, for the page's `origin`.
    pub(super) fn info(&self, origin: &str) -> Option<PreflightInfo> {
        let (inferred, entry, status, request_method, request_headers) = match self {
            Preflight::Observed(o) => {
                (false, Some(o.index), Some(o.status()), o.request_method.clone(), o.request_headers.clone())
            }
            Preflight::Required(plan) => (true, None, None, plan.method.clone(), plan.headers.clone()),
            Preflight::NotNeeded => return None,
        };
        Some(PreflightInfo { inferred, entry, status, request_method, request_headers, origin: origin.to_string() })
    }

    /// What the preflight shows, before any rule: for `method path`, whose
    /// request the browser blocked unanswered when `blocked_unanswered`.
    pub(super) fn evidence(&self, method: &Method, path: &str, blocked_unanswered: bool) -> Vec<Evidence> {
        match self {
            Preflight::Observed(o) => o.evidence(path, blocked_unanswered),
            Preflight::Required(_) if !blocked_unanswered => vec![Evidence::new(
                EvidenceKind::Inference,
                format!(
                    "{} {} needed a CORS preflight; the HAR has none: most likely the browser served it from its \
                        preflight cache (an earlier preflight for this URL allowed it for Access-Control-Max-Age \
                        seconds), or the exporter drops preflights. The request was sent, so the preflight passed \
                        then; diagnose --probe checks that it still passes.",
                    method, path
                ),
            )],
            Preflight::Required(_) | Preflight::NotNeeded => Vec::new(),
        }
    }
}

impl Observed<'_> {
    /// `blocked`: the request is in the HAR, blocked unanswered (only then does a credentials-only failure show
    /// that it carried credentials; a request missing from the HAR shows nothing).
    fn evidence(&self, path: &str, blocked: bool) -> Vec<Evidence> {
        let p = self.entry;
        let status = if p.has_response() {
            format!("Preflight OPTIONS {} answered {}", path, status_text(p.response.status))
        } else {
            format!(
                "Preflight OPTIONS {} got no response ({})",
                path,
                p.response.error.as_deref().unwrap_or("no error recorded").trim()
            )
        };
        let mut out = vec![Evidence::new(EvidenceKind::Status, status).entry(self.index)];
        match &self.check {
            Check::Refused { why_credentials: Some(why), .. } if blocked => {
                out.push(Evidence::new(EvidenceKind::Inference, *why))
            }
            Check::Passed => out.push(
                Evidence::new(
                    EvidenceKind::CorsCheck,
                    "The preflight passed every CORS check (origin, credentials, status, methods, headers).",
                )
                .entry(self.index),
            ),
            Check::Refused { .. } | Check::Unanswered { .. } => {}
        }
        out
    }
}
