//! HTTP-redirect fetch, as it touches CORS: the method after a redirect, the origin it taints, and the
//! location URL a CORS request may follow.
//!
//! * **Checks:** a 301/302 turns POST into GET and a 303 anything but GET/HEAD; a second cross-origin hop serialises
//!   the origin as `null`; a location with credentials (`user:pass@`) or a scheme other than http(s) is refused.
//! * **Fetch standard:** <https://fetch.spec.whatwg.org/#http-redirect-fetch>,
//!   <https://fetch.spec.whatwg.org/#concept-request-tainted-origin>.
//! * **Chromium `CorsError`:** `RedirectContainsCredentials`, `CorsDisabledScheme`.

use crate::http::Method;

use super::origin::{is_cross_origin, normalise_origin, same_origin_url, same_origin_urls};
use super::{CheckFailure, CorsError, CorsRequest};

const SPEC_REDIRECT: &str = "https://fetch.spec.whatwg.org/#http-redirect-fetch";

/// The method after following a redirect with this status.
///
/// <https://fetch.spec.whatwg.org/#http-redirect-fetch> step 12: a 301 or 302
/// turns `POST` into `GET`; a 303 turns anything but `GET` or `HEAD` into
/// `GET`; 307 and 308 (and anything else) keep the method. Chromium's
/// `RedirectInfo::ComputeRedirectInfo` agrees.
pub fn redirect_method(method: &Method, status: u16) -> Method {
    match status {
        301 | 302 if *method == Method::Post => Method::Get,
        303 if !matches!(method, Method::Get | Method::Head) => Method::Get,
        _ => method.clone(),
    }
}

/// The request's origin after a redirect hop from `from` to `to`.
///
/// Fetch serialises the request origin as `"null"` once the request has a
/// redirect-tainted origin (<https://fetch.spec.whatwg.org/#concept-request-tainted-origin>,
/// <https://fetch.spec.whatwg.org/#serializing-a-request-origin>): some hop
/// went from a URL `from` to a URL `to` of another origin, *and* the request's
/// origin is not same origin with `from`. So the first hop away from the
/// page's own origin keeps the origin (A → B), and the next cross-origin hop
/// taints it (A → B → C, or A → B → A). Chromium's `CorsURLLoader::CheckTainted`
/// is the same test. Tainting sticks: an origin that is already `"null"`
/// stays `"null"`.
pub fn origin_after_redirect(origin: &str, from: &str, to: &str) -> String {
    if origin.trim() == "null" {
        return "null".to_string();
    }
    if !same_origin_urls(from, to) && !same_origin_url(origin, from) {
        return "null".to_string();
    }
    origin.to_string()
}

/// Whether a URL carries credentials (`user:pass@`) in its authority.
fn url_has_credentials(url: &str) -> bool {
    let Some((_, rest)) = url.split_once("://") else {
        return false;
    };
    let end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    rest[..end].contains('@')
}

/// The redirect-location checks a CORS request's redirect must pass
/// (<https://fetch.spec.whatwg.org/#http-redirect-fetch> steps 7–10;
/// Chromium's `CheckRedirectLocation` and `CorsURLLoader::StartRequest`):
/// a location with credentials (`user:pass@`) is refused when the request is
/// cross-origin or its origin is tainted or differs from the location's →
/// `RedirectContainsCredentials`; a location whose scheme is not http(s) →
/// `CorsDisabledScheme`. `req.url` is the URL that answered with the redirect.
pub fn check_redirect_location(req: &CorsRequest, to: &str) -> Result<(), CheckFailure> {
    let origin = normalise_origin(req.origin);
    if url_has_credentials(to)
        && (origin == "null" || !same_origin_url(&origin, to) || is_cross_origin(&origin, req.url))
    {
        return Err(CheckFailure {
            error: CorsError::RedirectContainsCredentials,
            step: "HTTP-redirect fetch: location URL",
            spec: SPEC_REDIRECT,
            header: Some("Location"),
            value: Some(to.to_string()),
            failed_parameter: Some(to.to_string()),
            detail: format!(
                "The redirect points to {to}, which has a username or password in it; browsers refuse that \
                for cross-origin requests."
            ),
        });
    }
    // Chromium's CORS-enabled schemes are http, https and data
    // (`url::GetCorsEnabledSchemes`); net itself refuses most others.
    let scheme = to.split_once(':').map(|(s, _)| s.trim().to_ascii_lowercase()).unwrap_or_default();
    if !matches!(scheme.as_str(), "http" | "https" | "data") {
        return Err(CheckFailure {
            error: CorsError::CorsDisabledScheme,
            step: "HTTP-redirect fetch: location URL",
            spec: SPEC_REDIRECT,
            header: Some("Location"),
            value: Some(to.to_string()),
            failed_parameter: None,
            detail: format!(
                "The redirect points to {to}, whose scheme does not support CORS (only http and https do), \
                so the browser stopped there."
            ),
        });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cors::test_support::*;
    use crate::cors::*;
    use crate::http::{Headers, Method};

    #[test]
    fn redirects_change_methods() {
        assert_eq!(redirect_method(&Method::Post, 301), Method::Get);
        assert_eq!(redirect_method(&Method::Post, 302), Method::Get);
        assert_eq!(redirect_method(&Method::Put, 301), Method::Put);
        assert_eq!(redirect_method(&Method::Delete, 302), Method::Delete);
        assert_eq!(redirect_method(&Method::Put, 303), Method::Get);
        assert_eq!(redirect_method(&Method::Post, 303), Method::Get);
        assert_eq!(redirect_method(&Method::parse("patch"), 303), Method::Get);
        assert_eq!(redirect_method(&Method::Head, 303), Method::Head);
        assert_eq!(redirect_method(&Method::Get, 303), Method::Get);
        assert_eq!(redirect_method(&Method::Post, 307), Method::Post);
        assert_eq!(redirect_method(&Method::Put, 308), Method::Put);
        assert_eq!(redirect_method(&Method::Post, 200), Method::Post);
    }

    #[test]
    fn origin_becomes_null_on_the_second_cross_origin_hop() {
        let a = "http://localhost:5173";
        // A → B: the request's origin is A's, so it stays
        assert_eq!(origin_after_redirect(a, "http://localhost:5173/x", "http://api.test/y"), a);
        // page A, request at B redirected within B: stays
        assert_eq!(origin_after_redirect(a, "http://api.test/y", "http://api.test/z"), a);
        // page A, request at B redirected to C: tainted
        assert_eq!(origin_after_redirect(a, "http://api.test/y", "http://cdn.test/z"), "null");
        // page A, request at B redirected back to A: tainted too
        assert_eq!(origin_after_redirect(a, "http://api.test/y", "http://localhost:5173/z"), "null");
        // http → https of the same host is another origin
        assert_eq!(origin_after_redirect(a, "http://api.test/y", "https://api.test/y"), "null");
        // same-origin redirect of a same-origin request
        assert_eq!(origin_after_redirect(a, "http://localhost:5173/x", "http://localhost:5173/y"), a);
        // tainting sticks
        assert_eq!(origin_after_redirect("null", "http://api.test/y", "http://api.test/z"), "null");
        // a whole chain A → B → C → C
        let mut o = a.to_string();
        for (from, to) in [
            ("http://localhost:5173/1", "http://b.test/2"),
            ("http://b.test/2", "http://c.test/3"),
            ("http://c.test/3", "http://c.test/4"),
        ] {
            o = origin_after_redirect(&o, from, to);
        }
        assert_eq!(o, "null");
    }

    #[test]
    fn redirect_location_checks() {
        let m = Method::Get;
        let h = Headers::new();
        let req = rq(&m, &h, OMIT);
        assert!(check_redirect_location(&req, "http://api.test:8000/items/2").is_ok());
        assert!(check_redirect_location(&req, "data:text/plain,hi").is_ok());
        let f = err_of(check_redirect_location(&req, "http://user:pw@api.test/x"));
        assert_eq!(f.error, CorsError::RedirectContainsCredentials);
        let f = err_of(check_redirect_location(&req, "ftp://api.test/x"));
        assert_eq!(f.error, CorsError::CorsDisabledScheme);
    }
}
