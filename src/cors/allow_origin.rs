//! The `Access-Control-Allow-Origin` step of the CORS check.
//!
//! * **Checks:** ACAO is present, holds one value, is a valid origin, and equals the request's serialised origin byte
//!   for byte (`*` matches any, except for a request with credentials).
//! * **Fetch standard:** <https://fetch.spec.whatwg.org/#cors-check> (steps 2–4),
//!   <https://fetch.spec.whatwg.org/#http-access-control-allow-origin>.
//! * **Chromium `CorsError`:** `WildcardOriginNotAllowed`, `MissingAllowOriginHeader`, `MultipleAllowOriginValues`,
//!   `InvalidAllowOriginValue`, `AllowOriginMismatch`, and their `Preflight*` twins.

use crate::http::{split_url, Headers};

use super::check::Subject;
use super::origin::normalise_origin;
use super::{normalized_header, CheckFailure, CorsError, CorsRequest, CredentialsMode, ACAO, SPEC_CORS_CHECK};

const SPEC_ACAO: &str = "https://fetch.spec.whatwg.org/#http-access-control-allow-origin";
const SPEC_CREDENTIALS: &str = "https://fetch.spec.whatwg.org/#cors-protocol-and-credentials";

/// An approximation of Chromium's `GURL(value).is_valid()`, which is what
/// `CheckAccess` uses to tell `InvalidAllowOriginValue` from
/// `AllowOriginMismatch`: a scheme (`ALPHA *( ALPHA / DIGIT / "+" / "-" / "." )`)
/// and a colon; for the special schemes also a non-empty host without
/// forbidden host code points and a numeric port. `localhost:3000` counts as
/// valid (scheme `localhost`), `example.com` does not.
fn looks_like_valid_url(value: &str) -> bool {
    let Some((scheme, rest)) = value.split_once(':') else {
        return false;
    };
    let mut sb = scheme.bytes();
    match sb.next() {
        Some(b) if b.is_ascii_alphabetic() => {}
        _ => return false,
    }
    if !sb.all(|b| b.is_ascii_alphanumeric() || matches!(b, b'+' | b'-' | b'.')) {
        return false;
    }
    let scheme = scheme.to_ascii_lowercase();
    if !matches!(scheme.as_str(), "http" | "https" | "ws" | "wss" | "ftp") {
        return true;
    }
    let rest = rest.trim_start_matches(['/', '\\']);
    let end = rest.find(['/', '\\', '?', '#']).unwrap_or(rest.len());
    let authority = &rest[..end];
    let hostport = authority.rsplit_once('@').map(|(_, h)| h).unwrap_or(authority);
    let (host, port) = if hostport.starts_with('[') {
        match hostport.find(']') {
            Some(i) => (&hostport[..=i], hostport[i + 1..].strip_prefix(':')),
            None => return false,
        }
    } else {
        match hostport.rsplit_once(':') {
            Some((h, p)) => (h, Some(p)),
            None => (hostport, None),
        }
    };
    let forbidden_host_byte = |b: u8| {
        b <= 0x20 || matches!(b, b'#' | b'%' | b'/' | b':' | b'<' | b'>' | b'?' | b'@' | b'\\' | b'^' | b'|' | 0x7f)
    };
    if host.is_empty() || (!host.starts_with('[') && host.bytes().any(forbidden_host_byte)) {
        return false;
    }
    match port {
        None => true,
        Some("") => true,
        Some(p) => p.bytes().all(|b| b.is_ascii_digit()) && p.parse::<u32>().is_ok_and(|n| n <= 65535),
    }
}

/// What `Access-Control-Allow-Origin` got wrong.
pub(super) enum OriginFailure {
    Wildcard,
    Missing,
    Multiple { value: String, occurrences: usize },
    Invalid(String),
    Mismatch(String),
}

/// The `Access-Control-Allow-Origin` step of the CORS check, with the
/// distinctions of Chromium's `cors::CheckAccess` (cors.cc):
///
/// 1. ACAO exactly `*`: success unless credentials mode is include
///    (`WildcardOriginNotAllowed`; Chromium only raises it for http(s) URLs);
/// 2. ACAO absent → `MissingAllowOriginHeader`;
/// 3. ACAO not byte-equal to the serialised request origin (`"null"` for an
///    opaque or redirect-tainted origin, which a `null` ACAO then matches),
///    refined for developers: contains a space or comma (several values, or
///    the header sent more than once, which Chromium sees joined with `", "`)
///    → `MultipleAllowOriginValues`; exactly `null` → `AllowOriginMismatch`;
///    not a parseable URL → `InvalidAllowOriginValue`; otherwise
///    `AllowOriginMismatch`. All three carry the received value.
pub(super) fn check(req: &CorsRequest, headers: &Headers) -> Result<(), OriginFailure> {
    let credentials = req.credentials == CredentialsMode::Include;
    match normalized_header(headers, ACAO).as_deref() {
        Some("*") => {
            let http = split_url(req.url)
                .is_some_and(|p| p.scheme.eq_ignore_ascii_case("http") || p.scheme.eq_ignore_ascii_case("https"));
            if credentials && http {
                return Err(OriginFailure::Wildcard);
            }
        }
        None => return Err(OriginFailure::Missing),
        Some(v) => {
            if v != normalise_origin(req.origin) {
                let occurrences = headers.count(ACAO);
                if v.contains([' ', ',']) {
                    return Err(OriginFailure::Multiple { value: v.to_string(), occurrences });
                }
                if v == "null" {
                    return Err(OriginFailure::Mismatch(v.to_string()));
                }
                if !looks_like_valid_url(v) {
                    return Err(OriginFailure::Invalid(v.to_string()));
                }
                return Err(OriginFailure::Mismatch(v.to_string()));
            }
        }
    }
    Ok(())
}

/// Words an [`OriginFailure`] on `s`'s response.
pub(super) fn failure(s: &Subject, f: OriginFailure) -> CheckFailure {
    let (what, so) = (&s.what, &s.so);
    match f {
        OriginFailure::Wildcard => failed(
            s,
            s.pick(CorsError::WildcardOriginNotAllowed, CorsError::PreflightWildcardOriginNotAllowed),
            SPEC_CREDENTIALS,
            (Some("*".into()), None),
            format!(
                "{what} allows any origin (Access-Control-Allow-Origin: *), but the request is sent with credentials \
                    and a wildcard never counts for those, {so}."
            ),
        ),
        OriginFailure::Missing => failed(
            s,
            s.pick(CorsError::MissingAllowOriginHeader, CorsError::PreflightMissingAllowOriginHeader),
            SPEC_CORS_CHECK,
            (None, None),
            format!("{what} has no Access-Control-Allow-Origin header, {so}."),
        ),
        OriginFailure::Multiple { value, occurrences } => multiple(s, value, occurrences),
        OriginFailure::Invalid(value) => failed(
            s,
            s.pick(CorsError::InvalidAllowOriginValue, CorsError::PreflightInvalidAllowOriginValue),
            SPEC_ACAO,
            (Some(value.clone()), Some(value.clone())),
            format!(
                "{what} has Access-Control-Allow-Origin '{value}', which is not a valid origin (the page's origin \
                is '{}'), {so}.",
                s.origin
            ),
        ),
        OriginFailure::Mismatch(value) => mismatch(s, value),
    }
}

/// Several values, or the header more than once.
fn multiple(s: &Subject, value: String, occurrences: usize) -> CheckFailure {
    let (what, so) = (&s.what, &s.so);
    let detail = if occurrences > 1 {
        format!(
            "{what} sends Access-Control-Allow-Origin {occurrences} times ('{value}'), but exactly one origin is \
                allowed (often both a proxy and the app add it), {so}."
        )
    } else {
        format!(
            "{what} has Access-Control-Allow-Origin '{value}', which holds more than one value where exactly one \
            origin is allowed, {so}."
        )
    };
    failed(
        s,
        s.pick(CorsError::MultipleAllowOriginValues, CorsError::PreflightMultipleAllowOriginValues),
        SPEC_ACAO,
        (Some(value.clone()), Some(value)),
        detail,
    )
}

/// Another origin than the page's (or the same one spelled differently).
fn mismatch(s: &Subject, value: String) -> CheckFailure {
    let (what, so, origin) = (&s.what, &s.so, &s.origin);
    let hint = if origin == "null" {
        " (after a cross-origin redirect the browser sends Origin: null)".to_string()
    } else if normalise_origin(&value) == *origin {
        " (the origin must match byte for byte: same case, no trailing slash, no default port)".to_string()
    } else {
        String::new()
    };
    let detail = format!("{what} allows origin '{value}', but the page's origin is '{origin}'{hint}, {so}.");
    failed(
        s,
        s.pick(CorsError::AllowOriginMismatch, CorsError::PreflightAllowOriginMismatch),
        SPEC_CORS_CHECK,
        (Some(value.clone()), Some(value)),
        detail,
    )
}

/// The failure of this step: `(value, failed_parameter)` of the header.
fn failed(
    s: &Subject,
    error: CorsError,
    spec: &'static str,
    (value, failed_parameter): (Option<String>, Option<String>),
    detail: String,
) -> CheckFailure {
    let step = if s.preflight {
        "CORS-preflight fetch: CORS check (Access-Control-Allow-Origin)"
    } else {
        "CORS check: Access-Control-Allow-Origin"
    };
    CheckFailure { error, step, spec, header: Some(ACAO), value, failed_parameter, detail }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cors::test_support::*;
    use crate::cors::*;
    use crate::http::{Headers, Method};

    #[test]
    fn cors_check_405_without_acao_is_missing_allow_origin() {
        let f = cors_err("PUT", &[], OMIT, 405, &[("Allow", "GET")]).unwrap();
        assert_eq!(f.error, CorsError::MissingAllowOriginHeader);
        assert_eq!(f.header, Some("Access-Control-Allow-Origin"));
        assert_eq!(f.value, None);
        assert_eq!(f.failed_parameter, None);
        assert!(f.detail.contains("405 Method Not Allowed"), "{}", f.detail);
        assert!(f.spec.starts_with("https://fetch.spec.whatwg.org/#"));
    }

    #[test]
    fn cors_check_wildcard_with_credentials() {
        let f = cors_err(
            "GET",
            &[],
            INCL,
            200,
            &[("Access-Control-Allow-Origin", "*"), ("Access-Control-Allow-Credentials", "true")],
        )
        .unwrap();
        assert_eq!(f.error, CorsError::WildcardOriginNotAllowed);
        assert_eq!(f.value.as_deref(), Some("*"));
        assert_eq!(f.failed_parameter, None);
    }

    #[test]
    fn cors_check_multiple_values() {
        // the header twice (a proxy and the app both add it)
        let f = cors_err("GET", &[], OMIT, 200, &[OK_ORIGIN, OK_ORIGIN]).unwrap();
        assert_eq!(f.error, CorsError::MultipleAllowOriginValues);
        assert_eq!(f.failed_parameter.as_deref(), Some("http://localhost:5173, http://localhost:5173"));
        assert!(f.detail.contains("2 times"), "{}", f.detail);
        // a list in one header
        let f =
            cors_err("GET", &[], OMIT, 200, &[("Access-Control-Allow-Origin", "http://localhost:5173 http://a.test")])
                .unwrap();
        assert_eq!(f.error, CorsError::MultipleAllowOriginValues);
        let f =
            cors_err("GET", &[], OMIT, 200, &[("Access-Control-Allow-Origin", "http://a.test,http://b.test")]).unwrap();
        assert_eq!(f.error, CorsError::MultipleAllowOriginValues);
        // "*" twice is not a wildcard
        let f = cors_err(
            "GET",
            &[],
            OMIT,
            200,
            &[("Access-Control-Allow-Origin", "*"), ("Access-Control-Allow-Origin", "*")],
        )
        .unwrap();
        assert_eq!(f.error, CorsError::MultipleAllowOriginValues);
    }

    #[test]
    fn cors_check_invalid_and_mismatch() {
        let f = cors_err("GET", &[], OMIT, 200, &[("Access-Control-Allow-Origin", "localhost-5173")]).unwrap();
        assert_eq!(f.error, CorsError::InvalidAllowOriginValue);
        assert_eq!(f.failed_parameter.as_deref(), Some("localhost-5173"));
        let f = cors_err("GET", &[], OMIT, 200, &[("Access-Control-Allow-Origin", "http://")]).unwrap();
        assert_eq!(f.error, CorsError::InvalidAllowOriginValue);
        let f = cors_err("GET", &[], OMIT, 200, &[("Access-Control-Allow-Origin", "")]).unwrap();
        assert_eq!(f.error, CorsError::InvalidAllowOriginValue);
        // "null" is a valid value that simply does not match
        let f = cors_err("GET", &[], OMIT, 200, &[("Access-Control-Allow-Origin", "null")]).unwrap();
        assert_eq!(f.error, CorsError::AllowOriginMismatch);
        let f = cors_err("GET", &[], OMIT, 200, &[("Access-Control-Allow-Origin", "http://localhost:3000")]).unwrap();
        assert_eq!(f.error, CorsError::AllowOriginMismatch);
        assert_eq!(f.failed_parameter.as_deref(), Some("http://localhost:3000"));
        assert_eq!(f.value.as_deref(), Some("http://localhost:3000"));
        assert!(f.detail.contains("http://localhost:3000") && f.detail.contains(PAGE), "{}", f.detail);
        // byte match: a trailing slash or another case fails
        let f = cors_err("GET", &[], OMIT, 200, &[("Access-Control-Allow-Origin", "http://localhost:5173/")]).unwrap();
        assert_eq!(f.error, CorsError::AllowOriginMismatch);
        assert!(f.detail.contains("byte for byte"), "{}", f.detail);
        let f = cors_err("GET", &[], OMIT, 200, &[("Access-Control-Allow-Origin", "http://LOCALHOST:5173")]).unwrap();
        assert_eq!(f.error, CorsError::AllowOriginMismatch);
        // ACAO is checked before credentials
        let f = cors_err("GET", &[], INCL, 200, &[("Access-Control-Allow-Origin", "http://x.test")]).unwrap();
        assert_eq!(f.error, CorsError::AllowOriginMismatch);
    }

    #[test]
    fn cors_check_tainted_null_origin() {
        let m = Method::Get;
        let h = Headers::new();
        let req = CorsRequest { method: &m, url: API, origin: "null", headers: &h, credentials: OMIT };
        let null = hs(&[("Access-Control-Allow-Origin", "null")]);
        assert!(check_cors(&req, res(200, &null)).is_ok());
        let page = hs(&[OK_ORIGIN]);
        let f = err_of(check_cors(&req, res(200, &page)));
        assert_eq!(f.error, CorsError::AllowOriginMismatch);
        assert!(f.detail.contains("Origin: null"), "{}", f.detail);
    }

    #[test]
    fn gurl_like_validity() {
        assert!(looks_like_valid_url("http://a.test"));
        assert!(looks_like_valid_url("https://a.test:8443"));
        assert!(looks_like_valid_url("http://[::1]:3000"));
        assert!(looks_like_valid_url("localhost:3000"));
        assert!(looks_like_valid_url("chrome-extension://abc"));
        assert!(!looks_like_valid_url("example.com"));
        assert!(!looks_like_valid_url("http://"));
        assert!(!looks_like_valid_url("http://a.test:99999"));
        assert!(!looks_like_valid_url("1http://a.test"));
        assert!(!looks_like_valid_url(""));
    }
}
