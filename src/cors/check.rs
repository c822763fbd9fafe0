//! The CORS check on a response: the actual response, and each redirect hop.
//!
//! * **Checks:** `Access-Control-Allow-Origin` (step [`super::allow_origin`]), then, for a request with credentials,
//!   `Access-Control-Allow-Credentials` (step [`super::credentials`]); whatever the status (a 405 without ACAO is
//!   `MissingAllowOriginHeader`).
//! * **Fetch standard:** <https://fetch.spec.whatwg.org/#cors-check>.
//! * **Chromium `CorsError`:** those of its two steps: `WildcardOriginNotAllowed`, `MissingAllowOriginHeader`,
//!   `MultipleAllowOriginValues`, `InvalidAllowOriginValue`, `AllowOriginMismatch`, `InvalidAllowCredentials` (and
//!   their `Preflight*` twins when [`super::preflight`] runs it).

use crate::http::Headers;

use super::allow_origin::{self, OriginFailure};
use super::credentials;
use super::origin::normalise_origin;
use super::{status_text, CheckFailure, CorsError, CorsRequest, CorsResponse, CredentialsMode};

/// What the CORS check found wrong, before it is worded.
pub(super) enum AccessFailure {
    /// Step [`super::allow_origin`].
    Origin(OriginFailure),
    /// Step [`super::credentials`]: what `Access-Control-Allow-Credentials` held.
    Credentials(Option<String>),
}

/// The CORS check (<https://fetch.spec.whatwg.org/#cors-check>) in the order
/// and with the distinctions of Chromium's `cors::CheckAccess` (cors.cc):
///
/// 1.–3. `Access-Control-Allow-Origin` ([`super::allow_origin`]);
/// 4. with credentials include, `Access-Control-Allow-Credentials` must be
///    exactly `true` ([`super::credentials`]).
///
/// The standard has one failure for all of 1–3 (the comparison is a byte
/// match, so a differently cased origin or a trailing slash fails too); the
/// finer names are Chromium's.
pub(super) fn access_check(req: &CorsRequest, headers: &Headers) -> Result<(), AccessFailure> {
    allow_origin::check(req, headers).map_err(AccessFailure::Origin)?;
    if req.credentials == CredentialsMode::Include {
        credentials::check(headers).map_err(AccessFailure::Credentials)?;
    }
    Ok(())
}

/// Which response a failure is on, as the sentences about it start and end:
/// the actual response (the page is refused the response) or the preflight's
/// (the browser refuses to send the request).
pub(super) struct Subject {
    pub preflight: bool,
    /// "The response (405 Method Not Allowed)".
    pub what: String,
    /// "so the browser …".
    pub so: String,
    /// The request's origin, normalised.
    pub origin: String,
}

impl Subject {
    fn new(req: &CorsRequest, status: u16, preflight: bool) -> Self {
        let (what, so) = if preflight {
            (
                format!("The preflight response ({})", status_text(status)),
                format!("so the browser refused to send the {}", req.method),
            )
        } else {
            (
                format!("The response ({})", status_text(status)),
                "so the browser kept it from the page (JavaScript sees only a network error)".to_string(),
            )
        };
        Subject { preflight, what, so, origin: normalise_origin(req.origin) }
    }

    /// Chromium's name for the failure on this response.
    pub(super) fn pick(&self, actual: CorsError, pre: CorsError) -> CorsError {
        if self.preflight {
            pre
        } else {
            actual
        }
    }
}

/// Words an [`AccessFailure`] for the actual response or the preflight.
pub(super) fn access_failure(req: &CorsRequest, status: u16, f: AccessFailure, preflight: bool) -> CheckFailure {
    let subject = Subject::new(req, status, preflight);
    match f {
        AccessFailure::Origin(f) => allow_origin::failure(&subject, f),
        AccessFailure::Credentials(value) => credentials::failure(&subject, value),
    }
}

/// The CORS check on an actual response (and on each redirect hop).
///
/// Runs [the CORS check](https://fetch.spec.whatwg.org/#cors-check) as
/// Chromium's `CorsURLLoader::OnReceiveResponse` / `OnReceiveRedirect` do
/// (cors_url_loader.cc): whatever the status (a 405 without ACAO is
/// `MissingAllowOriginHeader`), with `"null"` as the origin once a redirect
/// tainted it. Status 0 (no response recorded) passes: there is nothing to
/// check, and the caller explains the missing response.
pub fn check_cors(req: &CorsRequest, res: CorsResponse) -> Result<(), CheckFailure> {
    if res.status == 0 {
        return Ok(());
    }
    access_check(req, res.headers).map_err(|f| access_failure(req, res.status, f, false))
}

#[cfg(test)]
mod tests {
    use crate::cors::test_support::*;

    #[test]
    fn cors_check_status_zero_is_not_judged() {
        assert!(cors_err("GET", &[], OMIT, 0, &[]).is_none());
    }

    #[test]
    fn cors_check_passes() {
        assert!(cors_err("GET", &[], OMIT, 200, &[OK_ORIGIN]).is_none());
        assert!(cors_err("GET", &[], OMIT, 500, &[("access-control-allow-origin", "*")]).is_none());
        assert!(cors_err("GET", &[], INCL, 200, &[OK_ORIGIN, ("Access-Control-Allow-Credentials", "true")]).is_none());
        // whitespace around a value is not part of it
        assert!(
            cors_err("GET", &[], OMIT, 200, &[("Access-Control-Allow-Origin", " http://localhost:5173 ")]).is_none()
        );
    }
}
