//! Does the request need a preflight, and what must the preflight carry?
//!
//! * **Checks:** cross-origin, and a method that is not safelisted or CORS-unsafe request-headers: then
//!   `Access-Control-Request-Method` and `-Headers`.
//! * **Fetch standard:** <https://fetch.spec.whatwg.org/#main-fetch> (when a CORS-preflight fetch is used),
//!   <https://fetch.spec.whatwg.org/#cors-preflight-fetch> steps 2–4.
//! * **Chromium `CorsError`:** none (the preflight's own checks name its failures: see [`super::preflight`]).

use super::origin::is_cross_origin;
use super::request_headers::cors_unsafe_request_header_names;
use super::safelist::is_cors_safelisted_method;
use super::{CorsRequest, PreflightPlan};

/// The preflight the browser must send for this request, or `None` when it
/// needs none (safelisted method and headers).
///
/// Fetch's main fetch (<https://fetch.spec.whatwg.org/#main-fetch>) uses a
/// CORS-preflight fetch when the request is cross-origin (the CORS flag) and
/// its method is not CORS-safelisted or it carries CORS-unsafe
/// request-headers; Chromium's `NeedsPreflight` (cors_url_loader.cc) is the
/// same test. The plan is what the preflight carries
/// (<https://fetch.spec.whatwg.org/#cors-preflight-fetch>, steps 2–4):
/// `Access-Control-Request-Method` is the method as sent (`patch` stays
/// `patch`), `Access-Control-Request-Headers` the sorted unsafe names.
pub fn preflight_plan(req: &CorsRequest) -> Option<PreflightPlan> {
    if !is_cross_origin(req.origin, req.url) {
        return None;
    }
    let headers = cors_unsafe_request_header_names(req.headers);
    if is_cors_safelisted_method(req.method) && headers.is_empty() {
        return None;
    }
    Some(PreflightPlan { method: req.method.clone(), headers })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cors::test_support::*;
    use crate::cors::*;
    use crate::http::{Headers, Method};

    #[test]
    fn preflight_plan_cases() {
        let none = Headers::new();
        let get = Method::Get;
        let put = Method::Put;
        let post = Method::Post;
        let patch = Method::parse("patch");
        assert_eq!(preflight_plan(&rq(&get, &none, OMIT)), None);
        assert_eq!(
            preflight_plan(&rq(&put, &none, OMIT)),
            Some(PreflightPlan { method: Method::Put, headers: vec![] })
        );
        assert_eq!(
            preflight_plan(&rq(&patch, &none, OMIT)).map(|p| p.method.as_str().to_string()),
            Some("patch".to_string())
        );
        let json = hs(&[("Content-Type", "application/json")]);
        assert_eq!(
            preflight_plan(&rq(&post, &json, OMIT)),
            Some(PreflightPlan { method: Method::Post, headers: vec!["content-type".into()] })
        );
        let text = hs(&[("Content-Type", "text/plain;charset=UTF-8")]);
        assert_eq!(preflight_plan(&rq(&post, &text, OMIT)), None);
        let auth = hs(&[("Authorization", "Bearer t"), ("X-Trace", "1"), ("Content-Type", "application/json")]);
        assert_eq!(
            preflight_plan(&rq(&put, &auth, INCL)).map(|p| p.headers),
            Some(vec!["authorization".to_string(), "content-type".to_string(), "x-trace".to_string()])
        );
        // same-origin requests never preflight
        let same = CorsRequest {
            method: &put,
            url: "http://localhost:5173/api",
            origin: PAGE,
            headers: &auth,
            credentials: OMIT,
        };
        assert_eq!(preflight_plan(&same), None);
        // a null origin is cross-origin to everything
        let null = CorsRequest {
            method: &put,
            url: "http://localhost:5173/api",
            origin: "null",
            headers: &none,
            credentials: OMIT,
        };
        assert!(preflight_plan(&null).is_some());
    }
}
