//! Origins: same origin, cross-origin, and the normalised form the checks compare.
//!
//! * **Checks:** whether a request is cross-origin (Fetch's CORS flag), and whether two origins are the same.
//! * **Fetch standard:** <https://fetch.spec.whatwg.org/#main-fetch> (the CORS flag),
//!   <https://html.spec.whatwg.org/multipage/browsers.html#same-origin>.
//! * **Chromium `CorsError`:** none (a same-origin request is never checked).

use crate::http::{origin_of, origin_parts, same_origin, same_origin_parts};

/// Normalises a serialised origin for comparison: `"null"` stays `"null"`,
/// anything `http::origin_of` understands is re-serialised (lower-cased,
/// default port dropped), anything else is lower-cased and trimmed.
pub(super) fn normalise_origin(origin: &str) -> String {
    let o = origin.trim();
    if o == "null" {
        return "null".to_string();
    }
    origin_of(o).unwrap_or_else(|| o.trim_end_matches('/').to_ascii_lowercase())
}

/// Same origin, per <https://html.spec.whatwg.org/multipage/browsers.html#same-origin>:
/// an opaque origin (`"null"`, or a URL without a tuple origin) is never the
/// same as anything, not even itself.
pub(super) fn same_origin_url(origin: &str, url: &str) -> bool {
    let o = origin.trim();
    if o == "null" {
        return false;
    }
    match (origin_parts(o), origin_parts(url)) {
        (Some(a), Some(b)) => same_origin_parts(a, b),
        (None, Some(_)) => origin_of(url).is_some_and(|u| u == normalise_origin(o)),
        (_, None) => false,
    }
}

pub(super) fn same_origin_urls(a: &str, b: &str) -> bool {
    same_origin(a, b)
}

/// True when `url`'s origin differs from `origin` (a serialised origin or `"null"`).
///
/// Compares serialised origins (<https://html.spec.whatwg.org/multipage/browsers.html#same-origin>,
/// the test behind Fetch's CORS flag in <https://fetch.spec.whatwg.org/#main-fetch>):
/// scheme and host case-insensitively, default ports dropped. `"null"` is
/// cross-origin to everything. A URL without a tuple origin (`data:`,
/// `blob:`, `about:`…) returns `false`: those are not fetched over HTTP and
/// CORS never applies to them. (Compared in place: every diagnosis asks.)
pub fn is_cross_origin(origin: &str, url: &str) -> bool {
    let Some(target) = origin_parts(url) else {
        return false;
    };
    let o = origin.trim();
    if o == "null" {
        return true;
    }
    match origin_parts(o) {
        Some(mine) => !same_origin_parts(mine, target),
        None => origin_of(url).is_none_or(|u| u != normalise_origin(o)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cross_origin_compares_serialised_origins() {
        assert!(!is_cross_origin("http://localhost:5173", "http://localhost:5173/api?x"));
        assert!(!is_cross_origin("http://LocalHost:5173", "http://localhost:5173/"));
        assert!(!is_cross_origin("https://a.test", "https://a.test:443/x"));
        assert!(!is_cross_origin("http://a.test:80", "http://A.TEST/x"));
        assert!(is_cross_origin("http://localhost:5173", "http://localhost:8000/api"));
        assert!(is_cross_origin("http://a.test", "https://a.test/"));
        assert!(is_cross_origin("http://a.test", "http://b.a.test/"));
        assert!(is_cross_origin("null", "http://localhost:5173/"));
        assert!(is_cross_origin(" null ", "http://a.test/"));
        assert!(!is_cross_origin("http://a.test", "data:text/plain,hi"));
        assert!(is_cross_origin("chrome-extension://abcdef", "http://a.test/"));
    }
}
