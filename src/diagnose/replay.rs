//! The CORS replay over the request's hops: each hop's response goes through
//! the CORS check (and, for a redirect, the check of its `Location`), each
//! redirect may change the method and taint the origin, as the browser
//! carried them out. Also the credentials-mode inference both the preflight
//! and the hops use.

use crate::cors::{self, CheckFailure, CorsError, CorsRequest, CorsResponse, CredentialsMode};
use crate::exchange::{redirect_target, Exchange};
use crate::har::Entry;
use crate::http::{path_and_query, Headers, Method};

use super::facts::blocked_by_browser;
use super::words::status_text;
use super::{Evidence, EvidenceKind, Redirect};

/// Runs a CORS check with the credentials mode the HAR suggests. A HAR does
/// not record the credentials mode, and a blocked request shows only
/// provisional headers (no `Cookie`), so when the browser blocked it the check
/// is replayed with credentials included too:
/// * the check passes without credentials but fails with them: credentials
///   are the only explanation;
/// * both fail, differently, and the response sends
///   `Access-Control-Allow-Credentials`: the server expects credentialed
///   requests, so the page most likely sent one (Chromium then reports the
///   credentials-mode failure, which comes first in its order).
///
/// Returns the failure and, when credentials were inferred, why.
pub(super) fn check_with_credentials<F>(
    req: &CorsRequest,
    blocked: bool,
    response: &Headers,
    check: F,
) -> (Result<(), CheckFailure>, Option<&'static str>)
where
    F: Fn(&CorsRequest) -> Result<(), CheckFailure>,
{
    let first = check(req);
    if !blocked || req.credentials == CredentialsMode::Include {
        return (first, None);
    }
    let mut with = req.clone();
    with.credentials = CredentialsMode::Include;
    match (first, check(&with)) {
        (Ok(()), Err(f)) => (
            Err(f),
            Some(
                "The browser blocked the request and the only check that fails is a credentials one, so the request \
                was made with credentials (cookies) included — the HAR does not record the credentials mode.",
            ),
        ),
        (Err(a), Err(b)) if a.error != b.error && response.contains("access-control-allow-credentials") => (
            Err(b),
            Some(
                "The response sends Access-Control-Allow-Credentials, so the page most likely made this request with \
                credentials included (the HAR does not record the credentials mode); with credentials, this is the \
                check the browser fails first.",
            ),
        ),
        (first, _) => (first, None),
    }
}

/// What the hops showed, in order.
pub(super) struct Hops<'a> {
    /// Each redirect followed.
    pub redirects: Vec<Redirect>,
    /// Redirect lines and credentials inferences, in the order they arose.
    pub evidence: Vec<Evidence>,
    /// The first failed CORS step on a response, and the entry it was on.
    pub failure: Option<(CheckFailure, usize)>,
    /// The method the last hop was (or, after a final redirect, would be) sent with.
    pub method: Method,
    /// The last hop in the HAR.
    pub last: Option<(usize, &'a Entry)>,
}

/// The request as CORS sees it on the first hop.
pub(super) struct Start<'r> {
    pub method: &'r Method,
    pub origin: &'r str,
    pub credentials: CredentialsMode,
    pub cors_mode: bool,
}

/// Walks the request's hops (an exchange without hops gives empty ones).
pub(super) fn replay<'a>(ex: &Exchange, entries: &'a [Entry], start: Start) -> Hops<'a> {
    let mut hops =
        Hops { redirects: Vec::new(), evidence: Vec::new(), failure: None, method: start.method.clone(), last: None };
    let mut origin = start.origin.to_string();
    for (k, &hi) in ex.hops.iter().enumerate() {
        let Some(h) = entries.get(hi) else { continue };
        hops.last = Some((hi, h));
        if k > 0 {
            hops.method = h.request.method.clone();
        }
        let to = redirect_target(h);
        if start.cors_mode && h.has_response() && hops.failure.is_none() {
            let req = CorsRequest {
                method: &hops.method,
                url: &h.request.url,
                origin: &origin,
                headers: &h.request.headers,
                credentials: start.credentials,
            };
            if let Err((f, why)) = check_hop(&req, h, to.as_deref()) {
                if let Some(why) = why {
                    hops.evidence.push(Evidence::new(EvidenceKind::Inference, why));
                }
                hops.failure = Some((f, hi));
            }
        }
        if let Some(to) = to {
            hops.redirect(hi, h, &to);
            if start.cors_mode {
                origin = cors::origin_after_redirect(&origin, &h.request.url, &to);
            }
        }
    }
    hops
}

/// The CORS check on a hop's response, then (as Chromium's
/// `OnReceiveRedirect` does) the check of the redirect's location; the
/// failure comes with why credentials were assumed, when they were.
fn check_hop(req: &CorsRequest, h: &Entry, to: Option<&str>) -> Result<(), (CheckFailure, Option<&'static str>)> {
    let blocked = blocked_by_browser(h);
    let (res, inferred_credentials) = check_with_credentials(req, blocked, &h.response.headers, |r| {
        cors::check_cors(r, CorsResponse { status: h.response.status, headers: &h.response.headers })
    });
    res.and_then(|()| to.map_or(Ok(()), |to| cors::check_redirect_location(req, to)))
        .map_err(|f| (f, inferred_credentials))
}

impl Hops<'_> {
    /// Records the redirect hop `hi` answered with; the method changes as the browser changes it.
    fn redirect(&mut self, hi: usize, h: &Entry, to: &str) {
        let method = &self.method;
        let after = cors::redirect_method(method, h.response.status);
        let (from, status) = (path_and_query(&h.request.url), status_text(h.response.status));
        let text = if after != *method {
            format!("{method} {from} → {status} to {}: the browser re-sent it as {after}", path_and_query(to))
        } else {
            format!("{method} {from} → {status} to {} (method kept)", path_and_query(to))
        };
        self.redirects.push(Redirect {
            status: h.response.status,
            from: h.request.url.clone(),
            to: to.to_string(),
            method_before: method.clone(),
            method_after: after.clone(),
        });
        self.evidence.push(
            Evidence::new(EvidenceKind::Redirect, text)
                .entry(hi)
                .header("Location", h.response.headers.get("location")),
        );
        self.method = after;
    }

    /// What the page's code saw of a CORS failure on the response, as a
    /// sentence to append to a summary (empty without one).
    pub(super) fn cors_note(&self, status: u16) -> String {
        match &self.failure {
            Some((f, _)) if f.error == CorsError::MissingAllowOriginHeader => format!(
                " Your code saw a CORS error (TypeError: Failed to fetch) because the {} response has no \
                    Access-Control-Allow-Origin.",
                status
            ),
            Some((f, _)) => format!(" The browser also hid the response from your code: {}", f.detail),
            None => String::new(),
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::cors::CorsError;
    use crate::engine::Engine;
    use crate::har::Entry;
    use crate::http::Method;

    /// A cross-origin GET from the page answered 302 to `location`, with CORS headers.
    fn redirected_to(location: &str) -> Entry {
        let mut e = Entry::default();
        e.request.method = Method::Get;
        e.request.url = "http://api.test/a".into();
        e.request.headers.push("Origin", "http://page.test");
        e.response.status = 302;
        e.response.headers.push("Access-Control-Allow-Origin", "*");
        e.response.headers.push("Location", location);
        e
    }

    fn cors_error_of(location: &str) -> Option<CorsError> {
        let mut engine = Engine::new();
        engine.push(redirected_to(location));
        let error = engine.diagnoses().next().and_then(|d| d.cors_error);
        error
    }

    #[test]
    fn a_redirect_location_is_checked_as_the_browser_does() {
        assert_eq!(cors_error_of("http://api.test/b"), None);
        assert_eq!(cors_error_of("ftp://files.test/x"), Some(CorsError::CorsDisabledScheme));
        assert_eq!(cors_error_of("http://user:pw@cdn.test/x"), Some(CorsError::RedirectContainsCredentials));
    }
}
