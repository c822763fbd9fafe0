//! The redirect step of the CORS-preflight fetch: a preflight is never redirected.
//!
//! * **Checks:** the preflight response is not a redirect (301, 302, 303, 307, 308 with a `Location`); a preflight
//!   recorded without a response but with the browser's redirect error failed the same way.
//! * **Fetch standard:** <https://fetch.spec.whatwg.org/#cors-preflight-fetch> (fetched with redirect mode "manual": an
//!   opaque-redirect fails the CORS check).
//! * **Chromium `CorsError`:** `PreflightDisallowedRedirect`.

use super::{status_text, CheckFailure, CorsError, CorsRequest, CorsResponse, SPEC_PREFLIGHT};

/// `Location` when the response is a redirect as Chromium's network stack
/// sees one: status 301, 302, 303, 307 or 308 (a redirect status,
/// <https://fetch.spec.whatwg.org/#redirect-status>; net does not follow 300)
/// with a non-empty `Location`.
fn redirect_location(res: &CorsResponse) -> Option<String> {
    if !matches!(res.status, 301 | 302 | 303 | 307 | 308) {
        return None;
    }
    res.headers.get("location").map(str::trim).filter(|l| !l.is_empty()).map(str::to_string)
}

/// Step: redirect. Chromium's `PreflightLoader::HandleRedirect`
/// (preflight_controller.cc) fails any redirect of a preflight before
/// looking at a single header; the standard reaches the same end because a
/// preflight is fetched with redirect mode "manual" and its opaque-redirect
/// response fails the CORS check (<https://fetch.spec.whatwg.org/#cors-preflight-fetch>).
pub(super) fn check(req: &CorsRequest, res: &CorsResponse) -> Result<(), CheckFailure> {
    let Some(location) = redirect_location(res) else {
        return Ok(());
    };
    Err(CheckFailure {
        error: CorsError::PreflightDisallowedRedirect,
        step: "CORS-preflight fetch: redirect",
        spec: SPEC_PREFLIGHT,
        header: Some("Location"),
        value: Some(location.clone()),
        failed_parameter: None,
        detail: format!(
            "The preflight was answered with a redirect ({} to {location}); browsers never follow a redirect on a \
                preflight, so the browser refused to send the {}.",
            status_text(res.status),
            req.method
        ),
    })
}

/// Step: redirect, for a preflight the HAR recorded without a response.
/// Chromium fails a redirected preflight with `net::ERR_INVALID_REDIRECT`
/// (the preflight is fetched with redirect mode "error") and its HAR usually
/// keeps the 3xx, but not always: when the request finished before its
/// response was recorded, the entry has status 0, no headers and only the
/// error. The error alone says the preflight was redirected.
pub fn preflight_redirect_error(req: &CorsRequest, error: &str) -> Option<CheckFailure> {
    error.contains("ERR_INVALID_REDIRECT").then(|| CheckFailure {
        error: CorsError::PreflightDisallowedRedirect,
        step: "CORS-preflight fetch: redirect",
        spec: SPEC_PREFLIGHT,
        header: None,
        value: None,
        failed_parameter: None,
        detail: format!(
            "The preflight failed with {}, the browser's error for a preflight answered with a redirect (this HAR did \
                not keep the redirect's status or Location); browsers never follow a redirect on a preflight, so the \
                browser refused to send the {}.",
            error.trim(),
            req.method
        ),
    })
}

#[cfg(test)]
mod tests {
    use crate::cors::test_support::*;
    use crate::cors::*;

    #[test]
    fn preflight_redirect_comes_first() {
        let f = pf_err("PUT", &[], OMIT, 301, &[("Location", "http://api.test:8000/items/1/")]).unwrap();
        assert_eq!(f.error, CorsError::PreflightDisallowedRedirect);
        assert_eq!(f.header, Some("Location"));
        assert_eq!(f.value.as_deref(), Some("http://api.test:8000/items/1/"));
        for s in [302, 303, 307, 308] {
            assert_eq!(
                pf_code("PUT", &[], OMIT, s, &[OK_ORIGIN, ("Location", "/x")]),
                Some(CorsError::PreflightDisallowedRedirect),
                "{s}"
            );
        }
        // a 3xx without Location is no redirect: the usual checks apply
        assert_eq!(pf_code("PUT", &[], OMIT, 302, &[OK_ORIGIN]), Some(CorsError::PreflightInvalidStatus));
        assert_eq!(
            pf_code("PUT", &[], OMIT, 304, &[("Location", "/x")]),
            Some(CorsError::PreflightMissingAllowOriginHeader)
        );
    }
}
