//! What a probe sends: the requests a browser would make for a method from an origin (the CORS preflight when one
//! is needed, a plain `OPTIONS` for `Allow`, `HEAD` and `GET`), each with the headers the browser would put on it,
//! and the method itself only when asked ([`ProbeTarget::send`]): a write is never repeated by surprise.

use crate::cors::{cors_unsafe_request_header_names, is_cors_safelisted_method};
use crate::http::{same_origin, Headers, Method};

/// What to probe: the URL, the method the page sends, from which origin, with which headers.
#[derive(Debug, Clone)]
pub struct ProbeTarget {
    pub url: String,
    /// The method the page's request uses (`--method`, GET by default).
    pub method: Method,
    /// The page's origin (`--origin`); without it no preflight is sent and no request carries `Origin`.
    pub origin: Option<String>,
    /// The page's request headers (`-H 'Name: value'`), names as given.
    pub headers: Vec<(String, String)>,
    /// Also send the method itself (`--send`).
    pub send: bool,
    /// Leave the preflight out even when one is needed (`diagnose --probe`: the HAR already holds it).
    pub skip_preflight: bool,
}

/// Why a request is in the plan (shared with the settling, which every build holds).
pub use crate::diagnose::settle::Purpose;

/// One request of the plan.
#[derive(Debug, Clone)]
pub struct Step {
    pub purpose: Purpose,
    pub method: Method,
    pub url: String,
    pub headers: Headers,
}

/// The `User-Agent` every probe request carries (a server's logs can tell a probe from a browser).
pub const USER_AGENT: &str = concat!("why405/", env!("CARGO_PKG_VERSION"), " (probe)");

/// The requests to send for `target`, in order: the preflight (when a browser would send one), `OPTIONS`, `HEAD`,
/// `GET`, then the method itself when [`ProbeTarget::send`] is set and it is not one of those already sent.
pub fn plan(target: &ProbeTarget) -> Vec<Step> {
    let mut steps = Vec::new();
    if needs_preflight(target) {
        steps.push(Step {
            purpose: Purpose::Preflight,
            method: Method::Options,
            url: target.url.clone(),
            headers: preflight_headers(target),
        });
    }
    for (purpose, method) in
        [(Purpose::Options, Method::Options), (Purpose::Head, Method::Head), (Purpose::Get, Method::Get)]
    {
        steps.push(Step { purpose, headers: request_headers(target, &method), method, url: target.url.clone() });
    }
    let already = matches!(target.method, Method::Options | Method::Head | Method::Get);
    if target.send && !already {
        let method = target.method.clone();
        steps.push(Step {
            purpose: Purpose::Actual,
            headers: request_headers(target, &method),
            method,
            url: target.url.clone(),
        });
    }
    steps
}

/// A browser sends a preflight for a cross-origin request whose method or one of whose headers is not
/// CORS-safelisted (Fetch, "CORS-preflight fetch").
pub fn needs_preflight(target: &ProbeTarget) -> bool {
    let Some(origin) = target.origin.as_deref().filter(|_| !target.skip_preflight) else { return false };
    if same_origin(origin, &target.url) {
        return false;
    }
    !is_cors_safelisted_method(&target.method) || !unsafe_header_names(&target.headers).is_empty()
}

/// `Access-Control-Request-Headers`' names as Chromium writes them: the page's headers that are not
/// CORS-safelisted, lower-cased, sorted, without duplicates (the Fetch standard's CORS-unsafe request-header names).
pub fn unsafe_header_names(headers: &[(String, String)]) -> Vec<String> {
    let mut h = Headers::new();
    for (n, v) in headers {
        h.push(n.as_str(), v.as_str());
    }
    cors_unsafe_request_header_names(&h)
}

/// `Sec-Fetch-Site` for a request from `origin` to `url` (a registrable domain is not computed: anything not
/// same-origin is `cross-site`).
fn fetch_site(origin: &str, url: &str) -> &'static str {
    if same_origin(origin, url) {
        "same-origin"
    } else {
        "cross-site"
    }
}

/// The preflight's headers, in Chromium's order.
fn preflight_headers(target: &ProbeTarget) -> Headers {
    let mut h = Headers::new();
    h.push("Accept", "*/*");
    h.push("Access-Control-Request-Method", target.method.as_str());
    let names = unsafe_header_names(&target.headers);
    if !names.is_empty() {
        h.push("Access-Control-Request-Headers", names.join(","));
    }
    if let Some(origin) = &target.origin {
        h.push("Origin", origin.as_str());
        h.push("Sec-Fetch-Mode", "cors");
        h.push("Sec-Fetch-Site", fetch_site(origin, &target.url));
    }
    h.push("Sec-Fetch-Dest", "empty");
    h.push("User-Agent", USER_AGENT);
    h
}

/// A `fetch()`'s headers: the page's own, `Accept: */*` unless given, `Origin` when the browser sends it (every
/// cross-origin request; a same-origin one unless GET or HEAD), and the `Sec-Fetch-*` headers.
fn request_headers(target: &ProbeTarget, method: &Method) -> Headers {
    let mut h = Headers::new();
    if !target.headers.iter().any(|(n, _)| n.eq_ignore_ascii_case("accept")) {
        h.push("Accept", "*/*");
    }
    for (n, v) in &target.headers {
        h.push(n.as_str(), v.as_str());
    }
    if let Some(origin) = &target.origin {
        let same = same_origin(origin, &target.url);
        if !same || !matches!(method, Method::Get | Method::Head) {
            h.push("Origin", origin.as_str());
        }
        h.push("Sec-Fetch-Mode", "cors");
        h.push("Sec-Fetch-Site", fetch_site(origin, &target.url));
    }
    h.push("Sec-Fetch-Dest", "empty");
    h.push("User-Agent", USER_AGENT);
    h
}

#[cfg(test)]
mod tests {
    use super::*;

    fn target(method: Method, origin: Option<&str>, headers: &[(&str, &str)], send: bool) -> ProbeTarget {
        ProbeTarget {
            url: "https://api.example.com/users/1".into(),
            method,
            origin: origin.map(String::from),
            headers: headers.iter().map(|(n, v)| (n.to_string(), v.to_string())).collect(),
            send,
            skip_preflight: false,
        }
    }

    fn methods(steps: &[Step]) -> Vec<(Purpose, &str)> {
        steps.iter().map(|s| (s.purpose, s.method.as_str())).collect()
    }

    #[test]
    fn a_write_is_preflighted_and_never_sent_without_send() {
        let t = target(Method::Delete, Some("https://app.example.com"), &[], false);
        let steps = plan(&t);
        assert_eq!(
            methods(&steps),
            [
                (Purpose::Preflight, "OPTIONS"),
                (Purpose::Options, "OPTIONS"),
                (Purpose::Head, "HEAD"),
                (Purpose::Get, "GET")
            ]
        );
        assert!(steps.iter().all(|s| s.method != Method::Delete));
        let p = &steps[0].headers;
        assert_eq!(p.get("access-control-request-method"), Some("DELETE"));
        assert_eq!(p.get("origin"), Some("https://app.example.com"));
        assert_eq!(p.get("accept"), Some("*/*"));
        assert_eq!(p.get("sec-fetch-mode"), Some("cors"));
        assert_eq!(p.get("sec-fetch-site"), Some("cross-site"));
        assert_eq!(p.get("sec-fetch-dest"), Some("empty"));
        assert!(!p.contains("access-control-request-headers"));
        // the plain OPTIONS is no preflight: it has no Access-Control-Request-Method
        assert!(!steps[1].headers.contains("access-control-request-method"));
        assert_eq!(steps[1].headers.get("origin"), Some("https://app.example.com"));
    }

    #[test]
    fn send_adds_the_method_last() {
        let t = target(Method::Delete, Some("https://app.example.com"), &[], true);
        let steps = plan(&t);
        assert_eq!(steps.last().map(|s| (s.purpose, s.method.as_str())), Some((Purpose::Actual, "DELETE")));
        assert_eq!(steps.iter().filter(|s| s.method == Method::Delete).count(), 1);
    }

    #[test]
    fn request_headers_are_lower_cased_sorted_and_deduplicated() {
        let hs =
            [("X-Trace", "1"), ("Authorization", "Bearer t"), ("Content-Type", "application/json"), ("x-trace", "2")];
        let t = target(Method::Put, Some("https://app.example.com"), &hs, false);
        let steps = plan(&t);
        assert_eq!(steps[0].headers.get("access-control-request-headers"), Some("authorization,content-type,x-trace"));
        // the preflight carries none of the page's headers themselves
        assert!(!steps[0].headers.contains("authorization"));
        assert_eq!(steps[3].headers.get("authorization"), Some("Bearer t"));
    }

    #[test]
    fn a_safelisted_request_needs_no_preflight() {
        let t = target(Method::Post, Some("https://app.example.com"), &[("Content-Type", "text/plain")], false);
        assert!(!needs_preflight(&t));
        assert_eq!(plan(&t)[0].purpose, Purpose::Options);
        // a non-safelisted header makes a GET need one
        let t = target(Method::Get, Some("https://app.example.com"), &[("X-Api-Key", "k")], false);
        assert!(needs_preflight(&t));
        assert_eq!(plan(&t)[0].headers.get("access-control-request-method"), Some("GET"));
    }

    #[test]
    fn without_an_origin_or_same_origin_there_is_no_preflight() {
        let t = target(Method::Delete, None, &[], false);
        let steps = plan(&t);
        assert_eq!(steps[0].purpose, Purpose::Options);
        assert!(steps.iter().all(|s| !s.headers.contains("origin")));
        let t = target(Method::Delete, Some("https://api.example.com"), &[], false);
        let steps = plan(&t);
        assert!(!needs_preflight(&t));
        // same-origin: Origin on OPTIONS, not on GET/HEAD
        assert!(steps[0].headers.contains("origin"));
        assert!(!steps[1].headers.contains("origin") && !steps[2].headers.contains("origin"));
        assert_eq!(steps[2].headers.get("sec-fetch-site"), Some("same-origin"));
    }

    #[test]
    fn only_get_and_head_follow_redirects() {
        assert!(Purpose::Get.follows_redirects() && Purpose::Head.follows_redirects());
        assert!(!Purpose::Preflight.follows_redirects());
        assert!(!Purpose::Options.follows_redirects());
        assert!(!Purpose::Actual.follows_redirects());
    }
}
