//! CORS-safelisted methods and request-headers: what a page may send across origins without a preflight.
//!
//! * **Checks:** `GET`/`HEAD`/`POST`; `Accept`, `Accept-Language`, `Content-Language`, `Content-Type` (three essences)
//!   and `Range` with safe values; the HTTP token and MIME-type syntax those rest on.
//! * **Fetch standard:** <https://fetch.spec.whatwg.org/#cors-safelisted-method>,
//!   <https://fetch.spec.whatwg.org/#cors-safelisted-request-header>.
//! * **Chromium `CorsError`:** none (what is not safelisted needs a preflight: see [`super::plan`]).

use std::borrow::Cow;

use crate::http::Method;

/// `GET`, `HEAD` or `POST` (<https://fetch.spec.whatwg.org/#cors-safelisted-method>).
/// Chromium upper-cases before comparing (`IsCorsSafelistedMethod`); `Method`
/// has already normalised these three.
pub fn is_cors_safelisted_method(method: &Method) -> bool {
    method.is_cors_safelisted()
}

/// A CORS-unsafe request-header byte
/// (<https://fetch.spec.whatwg.org/#cors-unsafe-request-header-byte>).
pub fn is_cors_unsafe_request_header_byte(b: u8) -> bool {
    (b < 0x20 && b != 0x09)
        || matches!(b, b'"' | b'(' | b')' | b':' | b'<' | b'>' | b'?' | b'@' | b'[' | b'\\' | b']' | b'{' | b'}' | 0x7f)
}

/// An HTTP token code point (<https://mimesniff.spec.whatwg.org/#http-token-code-point>,
/// RFC 9110 `tchar`).
fn is_token_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric()
        || matches!(
            b,
            b'!' | b'#' | b'$' | b'%' | b'&' | b'\'' | b'*' | b'+' | b'-' | b'.' | b'^' | b'_' | b'`' | b'|' | b'~'
        )
}

pub(super) fn is_token(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(is_token_byte)
}

fn is_http_whitespace(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\n' | '\r')
}

/// The essence (`type/subtype`, lower-cased) of a MIME type, following
/// "parse a MIME type" (<https://mimesniff.spec.whatwg.org/#parse-a-mime-type>)
/// as far as the essence goes; parameters never make that algorithm fail.
/// `None` on failure.
pub fn mime_essence(value: &str) -> Option<String> {
    let v = value.trim_matches(is_http_whitespace);
    let (ty, rest) = v.split_once('/')?;
    if !is_token(ty) {
        return None;
    }
    let subtype = rest.split(';').next().unwrap_or("").trim_end_matches(is_http_whitespace);
    if !is_token(subtype) {
        return None;
    }
    Some(format!("{}/{}", ty.to_ascii_lowercase(), subtype.to_ascii_lowercase()))
}

/// Compares two runs of ASCII digits as numbers, without overflow.
fn digits_le(a: &str, b: &str) -> bool {
    let a = a.trim_start_matches('0');
    let b = b.trim_start_matches('0');
    if a.len() != b.len() {
        return a.len() < b.len();
    }
    a <= b
}

/// "Parse a single range header value" with `allowWhitespace` false
/// (<https://fetch.spec.whatwg.org/#simple-range-header-value>), then the
/// safelist's extra rule that the start must be present (no `bytes=-500`).
/// Like Chromium (`IsCorsSafelistedHeader`), the value is lower-cased first,
/// so `Bytes=0-1` passes; the standard is case-sensitive there.
fn is_safelisted_range(value: &str) -> bool {
    let v = value.to_ascii_lowercase();
    let Some(rest) = v.strip_prefix("bytes=") else {
        return false;
    };
    let Some((start, end)) = rest.split_once('-') else {
        return false;
    };
    let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    if start.is_empty() || !digits(start) || !digits(end) {
        return false;
    }
    end.is_empty() || digits_le(start, end)
}

/// Whether `(name, value)` is a CORS-safelisted request-header
/// (<https://fetch.spec.whatwg.org/#cors-safelisted-request-header>):
/// values over 128 bytes never are; `Accept` without CORS-unsafe bytes;
/// `Accept-Language` / `Content-Language` from a small byte set; `Content-Type`
/// without CORS-unsafe bytes whose parsed essence is
/// `application/x-www-form-urlencoded`, `multipart/form-data` or `text/plain`;
/// `Range` with a single `bytes=N-[M]` range.
pub fn is_cors_safelisted_request_header(name: &str, value: &str) -> bool {
    safelisted_lower(&lower_name(name), value)
}

/// A header name trimmed and ASCII-lowercased (borrowed when it already is):
/// the checks below compare lowercase names, and a diagnosis runs them on
/// every request header, so a name is lowered once.
pub(super) fn lower_name(name: &str) -> Cow<'_, str> {
    let t = name.trim();
    if t.bytes().any(|b| b.is_ascii_uppercase()) {
        Cow::Owned(t.to_ascii_lowercase())
    } else {
        Cow::Borrowed(t)
    }
}

/// [`is_cors_safelisted_request_header`] for a name from [`lower_name`].
pub(super) fn safelisted_lower(n: &str, value: &str) -> bool {
    if value.len() > 128 {
        return false;
    }
    match n {
        "accept" => !value.bytes().any(is_cors_unsafe_request_header_byte),
        "accept-language" | "content-language" => value
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b' ' | b'*' | b',' | b'-' | b'.' | b';' | b'=')),
        "content-type" => {
            if value.bytes().any(is_cors_unsafe_request_header_byte) {
                return false;
            }
            matches!(
                mime_essence(value).as_deref(),
                Some("application/x-www-form-urlencoded" | "multipart/form-data" | "text/plain")
            )
        }
        "range" => is_safelisted_range(value),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cors::test_support::*;
    use crate::cors::*;
    use crate::http::Method;

    #[test]
    fn safelisted_methods() {
        assert!(is_cors_safelisted_method(&Method::parse("get")));
        assert!(is_cors_safelisted_method(&Method::Head));
        assert!(is_cors_safelisted_method(&Method::Post));
        assert!(!is_cors_safelisted_method(&Method::Put));
        assert!(!is_cors_safelisted_method(&Method::parse("patch")));
        assert!(!is_cors_safelisted_method(&Method::Delete));
        assert!(!is_cors_safelisted_method(&Method::Options));
    }

    #[test]
    fn content_type_essence_decides() {
        assert!(!is_cors_safelisted_request_header("Content-Type", "application/json"));
        assert!(!is_cors_safelisted_request_header("content-type", "application/json; charset=utf-8"));
        assert!(is_cors_safelisted_request_header("Content-Type", "text/plain;charset=UTF-8"));
        assert!(is_cors_safelisted_request_header("Content-Type", "TEXT/Plain ; charset=utf-8"));
        assert!(is_cors_safelisted_request_header("Content-Type", "application/x-www-form-urlencoded"));
        assert!(is_cors_safelisted_request_header(
            "Content-Type",
            "multipart/form-data; boundary=----WebKitFormBoundaryx7"
        ));
        // a CORS-unsafe byte (") anywhere fails, even in a parameter
        assert!(!is_cors_safelisted_request_header("Content-Type", "text/plain; charset=\"utf-8\""));
        // two values, or no subtype: the parse fails
        assert!(!is_cors_safelisted_request_header("Content-Type", "text/plain, application/json"));
        assert!(!is_cors_safelisted_request_header("Content-Type", "text/"));
        assert!(!is_cors_safelisted_request_header("Content-Type", "text"));
        assert_eq!(mime_essence(" Text/HTML ;q=1").as_deref(), Some("text/html"));
        assert_eq!(mime_essence("/plain"), None);
        assert_eq!(mime_essence("te xt/plain"), None);
    }

    #[test]
    fn accept_language_and_length_limit() {
        assert!(is_cors_safelisted_request_header("Accept-Language", "en-US,en;q=0.9,fr;q=0.8"));
        assert!(is_cors_safelisted_request_header("Content-Language", "de-DE"));
        assert!(!is_cors_safelisted_request_header("Content-Language", "en_US"));
        assert!(!is_cors_safelisted_request_header("Accept-Language", "en\"US"));
        let v128 = "a".repeat(128);
        let v129 = "a".repeat(129);
        assert!(is_cors_safelisted_request_header("Accept-Language", &v128));
        assert!(!is_cors_safelisted_request_header("Accept-Language", &v129));
        assert!(!is_cors_safelisted_request_header("Accept", &v129));
        let m = Method::Get;
        let h = hs(&[("Accept-Language", &v129)]);
        assert_eq!(preflight_plan(&rq(&m, &h, OMIT)).map(|p| p.headers), Some(vec!["accept-language".to_string()]));
    }

    #[test]
    fn accept_and_range() {
        assert!(is_cors_safelisted_request_header("Accept", "*/*"));
        assert!(is_cors_safelisted_request_header("Accept", "application/json, text/plain, */*"));
        assert!(!is_cors_safelisted_request_header("Accept", "application/(json)"));
        assert!(!is_cors_safelisted_request_header("Accept", "a\u{1}b"));
        assert!(is_cors_safelisted_request_header("Accept", "a\tb"));
        assert!(is_cors_safelisted_request_header("Range", "bytes=0-100"));
        assert!(is_cors_safelisted_request_header("Range", "bytes=100-"));
        assert!(is_cors_safelisted_request_header("Range", "bytes=0-0"));
        assert!(is_cors_safelisted_request_header("Range", "Bytes=0-1"));
        assert!(!is_cors_safelisted_request_header("Range", "bytes=-500"));
        assert!(!is_cors_safelisted_request_header("Range", "bytes=0-1,5-6"));
        assert!(!is_cors_safelisted_request_header("Range", "bytes= 0-1"));
        assert!(!is_cors_safelisted_request_header("Range", "bytes=5-1"));
        assert!(!is_cors_safelisted_request_header("Range", "bytes=-"));
        assert!(!is_cors_safelisted_request_header("Range", "items=0-1"));
        assert!(is_cors_safelisted_request_header("Range", "bytes=0099-100"));
        assert!(!is_cors_safelisted_request_header("X-Requested-With", "XMLHttpRequest"));
        assert!(!is_cors_safelisted_request_header("Authorization", "Bearer x"));
    }
}
