//! Request-headers the page did not choose, and the CORS-unsafe ones it did.
//!
//! * **Checks:** forbidden request-headers (the browser sets them), headers a HAR shows that the browser added, and the
//!   CORS-unsafe request-header names a preflight must announce (with the 1024-byte rule).
//! * **Fetch standard:** <https://fetch.spec.whatwg.org/#forbidden-request-header>,
//!   <https://fetch.spec.whatwg.org/#cors-unsafe-request-header-names>.
//! * **Chromium `CorsError`:** none here; a name not allowed later is `HeaderDisallowedByPreflightResponse` (see
//!   [`super::allow_headers`]).

use crate::http::Headers;

use super::safelist::{lower_name, safelisted_lower};

/// A forbidden method (<https://fetch.spec.whatwg.org/#forbidden-method>).
fn is_forbidden_method(m: &str) -> bool {
    let m = m.trim_matches([' ', '\t']);
    m.eq_ignore_ascii_case("CONNECT") || m.eq_ignore_ascii_case("TRACE") || m.eq_ignore_ascii_case("TRACK")
}

/// A forbidden request-header (<https://fetch.spec.whatwg.org/#forbidden-request-header>):
/// the user agent sets these, page scripts cannot.
pub fn is_forbidden_request_header(name: &str, value: &str) -> bool {
    forbidden_lower(&lower_name(name), value)
}

/// [`is_forbidden_request_header`] for a name from [`lower_name`].
fn forbidden_lower(n: &str, value: &str) -> bool {
    if matches!(
        n,
        "accept-charset"
            | "accept-encoding"
            | "access-control-request-headers"
            | "access-control-request-method"
            | "connection"
            | "content-length"
            | "cookie"
            | "cookie2"
            | "date"
            | "dnt"
            | "expect"
            | "host"
            | "keep-alive"
            | "origin"
            | "referer"
            | "set-cookie"
            | "te"
            | "trailer"
            | "transfer-encoding"
            | "upgrade"
            | "via"
    ) {
        return true;
    }
    if n.starts_with("proxy-") || n.starts_with("sec-") {
        return true;
    }
    if matches!(n, "x-http-method" | "x-http-method-override" | "x-method-override") {
        return value.split(',').any(is_forbidden_method);
    }
    false
}

/// Whether a header recorded in a HAR was (almost certainly) added by the
/// browser rather than by the page, and so plays no part in deciding what is
/// CORS-unsafe. A HAR records what went on the wire, so besides the page's
/// own headers it holds:
///
/// * forbidden request-headers (`Origin`, `Referer`, `Sec-Fetch-*`, `Cookie`,
///   `Accept-Encoding`, `Host`, `Connection`, …): Chromium skips them too
///   (`CorsUnsafeNotForbiddenRequestHeaderNames`);
/// * `User-Agent` (no longer forbidden by Fetch, but set by the browser);
/// * HTTP/2 and HTTP/3 pseudo-headers (`:method`, `:authority`, `:scheme`,
///   `:path`) that Chrome's HAR lists for h2 requests;
/// * `Priority` (RFC 9218, added by the network stack);
/// * `If-None-Match` / `If-Modified-Since`: added by the HTTP cache when it
///   revalidates a stored response, after the CORS decision (Chromium also
///   exempts them for revalidations). A page that sets them itself would need
///   a preflight, which this heuristic then misses;
/// * **heuristic**: `Cache-Control: no-cache` and `Pragma: no-cache`, exactly
///   that value: DevTools' "Disable cache" adds both below the CORS layer. A
///   page that sets exactly these values itself would need a preflight, which
///   this heuristic then misses; any other value is kept and counted;
/// * Chromium's client hints without the `Sec-` prefix (`DPR`, `Width`,
///   `Viewport-Width`, `Device-Memory`, `RTT`, `Downlink`, `ECT`,
///   `Save-Data`) and `Intervention`, which Chromium safelists
///   (`IsCorsSafelistedHeader`), and the old DevTools `X-DevTools-*` headers.
pub fn is_browser_added_request_header(name: &str, value: &str) -> bool {
    browser_added_lower(&lower_name(name), value)
}

/// [`is_browser_added_request_header`] for a name from [`lower_name`].
fn browser_added_lower(n: &str, value: &str) -> bool {
    if n.starts_with(':') || n.starts_with("x-devtools-") || forbidden_lower(n, value) {
        return true;
    }
    match n {
        "user-agent" | "priority" | "if-none-match" | "if-modified-since" => true,
        "cache-control" | "pragma" => value.trim() == "no-cache",
        "dpr" | "width" | "viewport-width" | "device-memory" | "rtt" | "downlink" | "ect" | "save-data"
        | "intervention" => true,
        _ => false,
    }
}

/// The CORS-unsafe request-header names in Chromium's order (the order the
/// request carries them: unsafe ones first, then, when the 1024-byte rule
/// trips, the safelisted ones), lower-cased, without duplicates. Browser-added
/// headers are skipped. This is the order Chromium walks when it reports
/// `HeaderDisallowedByPreflightResponse`.
pub(super) fn cors_unsafe_names_in_request_order(headers: &Headers) -> Vec<String> {
    let mut unsafe_names: Vec<String> = Vec::new();
    let mut potentially_unsafe: Vec<String> = Vec::new();
    let mut safelist_value_size = 0usize;
    for h in headers.iter() {
        let name = lower_name(&h.name);
        if browser_added_lower(&name, &h.value) {
            continue;
        }
        if safelisted_lower(&name, &h.value) {
            safelist_value_size += h.value.len();
            potentially_unsafe.push(name.into_owned());
        } else {
            unsafe_names.push(name.into_owned());
        }
    }
    if safelist_value_size > 1024 {
        unsafe_names.extend(potentially_unsafe);
    }
    let mut out: Vec<String> = Vec::with_capacity(unsafe_names.len());
    for n in unsafe_names {
        if !out.contains(&n) {
            out.push(n);
        }
    }
    out
}

/// The CORS-unsafe request-header names
/// (<https://fetch.spec.whatwg.org/#cors-unsafe-request-header-names>):
/// every header that is not CORS-safelisted, plus every safelisted one when
/// the safelisted values add up to more than 1024 bytes; lower-cased, sorted,
/// unique. Headers the browser added ([`is_browser_added_request_header`])
/// are ignored.
pub fn cors_unsafe_request_header_names(headers: &Headers) -> Vec<String> {
    let mut names = cors_unsafe_names_in_request_order(headers);
    names.sort();
    names.dedup();
    names
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cors::test_support::*;
    use crate::http::Headers;

    #[test]
    fn forbidden_headers() {
        for n in [
            "Origin",
            "Referer",
            "Cookie",
            "Host",
            "Connection",
            "Content-Length",
            "Accept-Encoding",
            "Sec-Fetch-Mode",
            "sec-ch-ua",
            "Proxy-Authorization",
            "DNT",
            "TE",
        ] {
            assert!(is_forbidden_request_header(n, "x"), "{n}");
        }
        assert!(is_forbidden_request_header("X-HTTP-Method-Override", "GET, TRACE"));
        assert!(!is_forbidden_request_header("X-HTTP-Method-Override", "PUT"));
        assert!(!is_forbidden_request_header("User-Agent", "x"));
        assert!(!is_forbidden_request_header("Authorization", "x"));
    }

    #[test]
    fn unsafe_names_sorted_lowercased_unique() {
        let h =
            hs(&[("X-B", "1"), ("x-a", "2"), ("X-A", "3"), ("Content-Type", "application/json"), ("Accept", "*/*")]);
        assert_eq!(cors_unsafe_request_header_names(&h), vec!["content-type", "x-a", "x-b"]);
        // Chromium's own walk keeps the request's order
        assert_eq!(cors_unsafe_names_in_request_order(&h), vec!["x-b", "x-a", "content-type"]);
        assert!(cors_unsafe_request_header_names(&Headers::new()).is_empty());
    }

    #[test]
    fn browser_added_headers_are_ignored() {
        let h = hs(&[
            (":method", "PUT"),
            (":authority", "api.test:8000"),
            (":scheme", "http"),
            (":path", "/items/1"),
            ("accept", "*/*"),
            ("accept-encoding", "gzip, deflate, br, zstd"),
            ("accept-language", "en-US,en;q=0.9"),
            ("cache-control", "no-cache"),
            ("pragma", "no-cache"),
            ("connection", "keep-alive"),
            ("content-length", "12"),
            ("content-type", "text/plain;charset=UTF-8"),
            ("cookie", "sid=1"),
            ("host", "api.test:8000"),
            ("origin", PAGE),
            ("priority", "u=1, i"),
            ("referer", "http://localhost:5173/"),
            ("sec-ch-ua", "\"Chromium\";v=\"156\""),
            ("sec-ch-ua-mobile", "?0"),
            ("sec-fetch-dest", "empty"),
            ("sec-fetch-mode", "cors"),
            ("sec-fetch-site", "same-site"),
            ("user-agent", "Mozilla/5.0 (X11; Linux x86_64)"),
            ("if-none-match", "W/\"1f-abc\""),
            ("DPR", "2"),
        ]);
        assert!(cors_unsafe_request_header_names(&h).is_empty());
        // any other Cache-Control value is the page's own and counts
        let h = hs(&[("Cache-Control", "max-age=0"), ("Pragma", "no-cache")]);
        assert_eq!(cors_unsafe_request_header_names(&h), vec!["cache-control"]);
        assert!(is_browser_added_request_header("Pragma", " no-cache "));
        assert!(!is_browser_added_request_header("Pragma", "no-cache, x"));
    }

    #[test]
    fn safelisted_values_over_1024_bytes_make_them_unsafe() {
        let v = "a".repeat(120);
        let eight: Vec<(&str, &str)> = (0..8).map(|_| ("Accept-Language", v.as_str())).collect();
        assert!(cors_unsafe_request_header_names(&hs(&eight)).is_empty()); // 960 bytes
        let mut nine = eight.clone();
        nine.push(("Content-Language", v.as_str())); // 1080 bytes
        nine.push(("X-Custom", "1"));
        assert_eq!(
            cors_unsafe_request_header_names(&hs(&nine)),
            vec!["accept-language", "content-language", "x-custom"]
        );
        // exactly 1024 is still fine
        let a = "a".repeat(124);
        let mut exact: Vec<(&str, &str)> = (0..8).map(|_| ("Accept", a.as_str())).collect();
        exact.push(("Accept-Language", "abcdefghijklmnopqrstuvwxyz012345"));
        assert_eq!(8 * 124 + 32, 1024);
        assert!(cors_unsafe_request_header_names(&hs(&exact)).is_empty());
        // browser-added headers never count toward the total
        let long = "b".repeat(128);
        let mut with_ua: Vec<(&str, &str)> = (0..9).map(|_| ("User-Agent", long.as_str())).collect();
        with_ua.push(("Accept", "*/*"));
        assert!(cors_unsafe_request_header_names(&hs(&with_ua)).is_empty());
    }
}
