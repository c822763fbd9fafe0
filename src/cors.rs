//! The Fetch standard's CORS checks, replayed step by step on what a HAR
//! recorded, in Chromium's order, naming failures with Chromium's
//! `Network.CorsError` values.
//!
//! Sources (read, not copied): the Fetch standard
//! (<https://fetch.spec.whatwg.org/>: CORS check, CORS-preflight fetch,
//! CORS-safelisted method / request-header, CORS-unsafe request-header names,
//! HTTP-redirect fetch) and Chromium's network service:
//!
//! * `services/network/public/cpp/cors/cors.cc` — `CheckAccess` (the CORS
//!   check and its error names), `IsCorsSafelistedHeader`,
//!   `CorsUnsafeNotForbiddenRequestHeaderNames`;
//! * `services/network/cors/preflight_controller.cc` — `CheckPreflightAccess`
//!   (CORS check *before* the status check), `HandleRedirect` (any redirect
//!   of a preflight fails first), `CheckPreflightResult` (methods before
//!   headers);
//! * `services/network/cors/preflight_result.cc` (formerly under
//!   `public/cpp/cors/`) — `ParseAccessControlAllowList` (token lists),
//!   `EnsureAllowedCrossOriginMethod` (case-sensitive since the
//!   `AccessControlAllowMethodsInCORSPreflightSpecConformant` feature, enabled
//!   by default), `EnsureAllowedCrossOriginHeaders` (`*` never covers
//!   `Authorization`);
//! * `services/network/cors/cors_url_loader.cc` — `CheckTainted`,
//!   `CheckRedirectLocation`, the CORS check on every redirect hop.
//!
//! Chromium's verdict order on a preflight response:
//!
//! 1. redirect (301/302/303/307/308 with `Location`) → `PreflightDisallowedRedirect`;
//! 2. the CORS check (ACAO, then ACAC) → `Preflight*` variants;
//! 3. the status (2xx) → `PreflightInvalidStatus`;
//! 4. parsing `Access-Control-Allow-Methods`, then `-Headers`;
//! 5. the method → `MethodDisallowedByPreflightResponse`;
//! 6. the headers → `HeaderDisallowedByPreflightResponse`.
//!
//! The Fetch standard folds 2 and 3 into one condition ("a CORS check …
//! returns success and response's status is an ok status"), so it names no
//! order; Chromium's order is what decides which error DevTools shows (a 405
//! preflight without ACAO is `PreflightMissingAllowOriginHeader`).

// The public checks return `Result<(), CheckFailure>` (the crate's API); the
// failure carries its evidence by value, which is what callers want.
#![allow(clippy::result_large_err)]

use crate::http::{origin_of, origin_parts, reason_phrase, same_origin, same_origin_parts, split_url, Headers, Method};
use std::borrow::Cow;

/// Chromium's `network::mojom::CorsError` / CDP `Network.CorsError` values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CorsError {
    DisallowedByMode,
    InvalidResponse,
    WildcardOriginNotAllowed,
    MissingAllowOriginHeader,
    MultipleAllowOriginValues,
    InvalidAllowOriginValue,
    AllowOriginMismatch,
    InvalidAllowCredentials,
    CorsDisabledScheme,
    PreflightInvalidStatus,
    PreflightDisallowedRedirect,
    PreflightWildcardOriginNotAllowed,
    PreflightMissingAllowOriginHeader,
    PreflightMultipleAllowOriginValues,
    PreflightInvalidAllowOriginValue,
    PreflightAllowOriginMismatch,
    PreflightInvalidAllowCredentials,
    PreflightMissingAllowExternal,
    PreflightInvalidAllowExternal,
    PreflightMissingAllowPrivateNetwork,
    PreflightInvalidAllowPrivateNetwork,
    InvalidAllowMethodsPreflightResponse,
    InvalidAllowHeadersPreflightResponse,
    MethodDisallowedByPreflightResponse,
    HeaderDisallowedByPreflightResponse,
    RedirectContainsCredentials,
    InsecurePrivateNetwork,
    InvalidPrivateNetworkAccess,
    UnexpectedPrivateNetworkAccess,
    NoCorsRedirectModeNotFollow,
    PreflightMissingPrivateNetworkAccessId,
    PreflightMissingPrivateNetworkAccessName,
    PrivateNetworkAccessPermissionUnavailable,
    PrivateNetworkAccessPermissionDenied,
    LocalNetworkAccessPermissionDenied,
}

/// The request as CORS sees it.
#[derive(Debug, Clone)]
pub struct CorsRequest<'a> {
    pub method: &'a Method,
    pub url: &'a str,
    /// The serialised request origin (`http://localhost:5173`), or `"null"`.
    pub origin: &'a str,
    /// The request headers as recorded. Browser-set headers (forbidden
    /// request headers, `Origin`, `Referer`, `User-Agent`, `sec-*`, …) are
    /// ignored when deciding what is CORS-unsafe.
    pub headers: &'a Headers,
    pub credentials: CredentialsMode,
}

/// `credentials` mode of the request (<https://fetch.spec.whatwg.org/#concept-request-credentials-mode>).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CredentialsMode {
    Omit,
    SameOrigin,
    Include,
}

/// The response as CORS sees it.
#[derive(Debug, Clone, Copy)]
pub struct CorsResponse<'a> {
    /// 0 = no response.
    pub status: u16,
    pub headers: &'a Headers,
}

/// One failed step: which check, in Chromium's name, with the evidence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckFailure {
    pub error: CorsError,
    /// Short name of the step ("CORS check: Access-Control-Allow-Origin").
    pub step: &'static str,
    /// The Fetch standard section for the step.
    pub spec: &'static str,
    /// The header that decided (`"Access-Control-Allow-Origin"`), if any.
    pub header: Option<&'static str>,
    /// What that header held (`None` when absent).
    pub value: Option<String>,
    /// Chromium's `failedParameter` where it has one (the method or header
    /// name that was not allowed, the received origin value).
    pub failed_parameter: Option<String>,
    /// One plain-English sentence.
    pub detail: String,
}

/// What a preflight must carry for a request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PreflightPlan {
    /// `Access-Control-Request-Method`.
    pub method: Method,
    /// `Access-Control-Request-Headers`: sorted, lower-cased, unique
    /// CORS-unsafe request-header names.
    pub headers: Vec<String>,
}

// ---------------------------------------------------------------------------
// Spec anchors
// ---------------------------------------------------------------------------

const SPEC_CORS_CHECK: &str = "https://fetch.spec.whatwg.org/#cors-check";
const SPEC_ACAO: &str = "https://fetch.spec.whatwg.org/#http-access-control-allow-origin";
const SPEC_CREDENTIALS: &str = "https://fetch.spec.whatwg.org/#cors-protocol-and-credentials";
const SPEC_ACAC: &str = "https://fetch.spec.whatwg.org/#http-access-control-allow-credentials";
const SPEC_PREFLIGHT: &str = "https://fetch.spec.whatwg.org/#cors-preflight-fetch";
const SPEC_OK_STATUS: &str = "https://fetch.spec.whatwg.org/#ok-status";
const SPEC_NEW_HEADER_SYNTAX: &str = "https://fetch.spec.whatwg.org/#http-new-header-syntax";
const SPEC_NON_WILDCARD: &str = "https://fetch.spec.whatwg.org/#cors-non-wildcard-request-header-name";
const SPEC_REDIRECT: &str = "https://fetch.spec.whatwg.org/#http-redirect-fetch";

const ACAO: &str = "Access-Control-Allow-Origin";
const ACAC: &str = "Access-Control-Allow-Credentials";
const ACAM: &str = "Access-Control-Allow-Methods";
const ACAH: &str = "Access-Control-Allow-Headers";

// ---------------------------------------------------------------------------
// Step 1: Chromium's names
// ---------------------------------------------------------------------------

impl CorsError {
    /// Every value, in Chromium's `network::mojom::CorsError` order.
    pub const ALL: [CorsError; 35] = [
        CorsError::DisallowedByMode,
        CorsError::InvalidResponse,
        CorsError::WildcardOriginNotAllowed,
        CorsError::MissingAllowOriginHeader,
        CorsError::MultipleAllowOriginValues,
        CorsError::InvalidAllowOriginValue,
        CorsError::AllowOriginMismatch,
        CorsError::InvalidAllowCredentials,
        CorsError::CorsDisabledScheme,
        CorsError::PreflightInvalidStatus,
        CorsError::PreflightDisallowedRedirect,
        CorsError::PreflightWildcardOriginNotAllowed,
        CorsError::PreflightMissingAllowOriginHeader,
        CorsError::PreflightMultipleAllowOriginValues,
        CorsError::PreflightInvalidAllowOriginValue,
        CorsError::PreflightAllowOriginMismatch,
        CorsError::PreflightInvalidAllowCredentials,
        CorsError::PreflightMissingAllowExternal,
        CorsError::PreflightInvalidAllowExternal,
        CorsError::PreflightMissingAllowPrivateNetwork,
        CorsError::PreflightInvalidAllowPrivateNetwork,
        CorsError::InvalidAllowMethodsPreflightResponse,
        CorsError::InvalidAllowHeadersPreflightResponse,
        CorsError::MethodDisallowedByPreflightResponse,
        CorsError::HeaderDisallowedByPreflightResponse,
        CorsError::RedirectContainsCredentials,
        CorsError::InsecurePrivateNetwork,
        CorsError::InvalidPrivateNetworkAccess,
        CorsError::UnexpectedPrivateNetworkAccess,
        CorsError::NoCorsRedirectModeNotFollow,
        CorsError::PreflightMissingPrivateNetworkAccessId,
        CorsError::PreflightMissingPrivateNetworkAccessName,
        CorsError::PrivateNetworkAccessPermissionUnavailable,
        CorsError::PrivateNetworkAccessPermissionDenied,
        CorsError::LocalNetworkAccessPermissionDenied,
    ];

    /// Chromium's name (`"PreflightMissingAllowOriginHeader"`): the CDP
    /// `Network.CorsError` value, identical to the variant name.
    pub fn as_str(&self) -> &'static str {
        match self {
            CorsError::DisallowedByMode => "DisallowedByMode",
            CorsError::InvalidResponse => "InvalidResponse",
            CorsError::WildcardOriginNotAllowed => "WildcardOriginNotAllowed",
            CorsError::MissingAllowOriginHeader => "MissingAllowOriginHeader",
            CorsError::MultipleAllowOriginValues => "MultipleAllowOriginValues",
            CorsError::InvalidAllowOriginValue => "InvalidAllowOriginValue",
            CorsError::AllowOriginMismatch => "AllowOriginMismatch",
            CorsError::InvalidAllowCredentials => "InvalidAllowCredentials",
            CorsError::CorsDisabledScheme => "CorsDisabledScheme",
            CorsError::PreflightInvalidStatus => "PreflightInvalidStatus",
            CorsError::PreflightDisallowedRedirect => "PreflightDisallowedRedirect",
            CorsError::PreflightWildcardOriginNotAllowed => "PreflightWildcardOriginNotAllowed",
            CorsError::PreflightMissingAllowOriginHeader => "PreflightMissingAllowOriginHeader",
            CorsError::PreflightMultipleAllowOriginValues => "PreflightMultipleAllowOriginValues",
            CorsError::PreflightInvalidAllowOriginValue => "PreflightInvalidAllowOriginValue",
            CorsError::PreflightAllowOriginMismatch => "PreflightAllowOriginMismatch",
            CorsError::PreflightInvalidAllowCredentials => "PreflightInvalidAllowCredentials",
            CorsError::PreflightMissingAllowExternal => "PreflightMissingAllowExternal",
            CorsError::PreflightInvalidAllowExternal => "PreflightInvalidAllowExternal",
            CorsError::PreflightMissingAllowPrivateNetwork => "PreflightMissingAllowPrivateNetwork",
            CorsError::PreflightInvalidAllowPrivateNetwork => "PreflightInvalidAllowPrivateNetwork",
            CorsError::InvalidAllowMethodsPreflightResponse => "InvalidAllowMethodsPreflightResponse",
            CorsError::InvalidAllowHeadersPreflightResponse => "InvalidAllowHeadersPreflightResponse",
            CorsError::MethodDisallowedByPreflightResponse => "MethodDisallowedByPreflightResponse",
            CorsError::HeaderDisallowedByPreflightResponse => "HeaderDisallowedByPreflightResponse",
            CorsError::RedirectContainsCredentials => "RedirectContainsCredentials",
            CorsError::InsecurePrivateNetwork => "InsecurePrivateNetwork",
            CorsError::InvalidPrivateNetworkAccess => "InvalidPrivateNetworkAccess",
            CorsError::UnexpectedPrivateNetworkAccess => "UnexpectedPrivateNetworkAccess",
            CorsError::NoCorsRedirectModeNotFollow => "NoCorsRedirectModeNotFollow",
            CorsError::PreflightMissingPrivateNetworkAccessId => "PreflightMissingPrivateNetworkAccessId",
            CorsError::PreflightMissingPrivateNetworkAccessName => "PreflightMissingPrivateNetworkAccessName",
            CorsError::PrivateNetworkAccessPermissionUnavailable => "PrivateNetworkAccessPermissionUnavailable",
            CorsError::PrivateNetworkAccessPermissionDenied => "PrivateNetworkAccessPermissionDenied",
            CorsError::LocalNetworkAccessPermissionDenied => "LocalNetworkAccessPermissionDenied",
        }
    }

    /// Parses a Chromium name: the CDP spelling (`"AllowOriginMismatch"`) or
    /// the mojom constant (`"kAllowOriginMismatch"`). Surrounding whitespace
    /// is ignored; the name itself is case-sensitive, as in CDP.
    pub fn parse(s: &str) -> Option<CorsError> {
        let s = s.trim();
        let s = match s.strip_prefix('k') {
            Some(rest) if rest.starts_with(|c: char| c.is_ascii_uppercase()) => rest,
            _ => s,
        };
        CorsError::ALL.iter().copied().find(|e| e.as_str() == s)
    }

    /// True for the errors raised while checking a CORS-preflight response.
    pub fn is_preflight(&self) -> bool {
        matches!(
            self,
            CorsError::PreflightInvalidStatus
                | CorsError::PreflightDisallowedRedirect
                | CorsError::PreflightWildcardOriginNotAllowed
                | CorsError::PreflightMissingAllowOriginHeader
                | CorsError::PreflightMultipleAllowOriginValues
                | CorsError::PreflightInvalidAllowOriginValue
                | CorsError::PreflightAllowOriginMismatch
                | CorsError::PreflightInvalidAllowCredentials
                | CorsError::PreflightMissingAllowExternal
                | CorsError::PreflightInvalidAllowExternal
                | CorsError::PreflightMissingAllowPrivateNetwork
                | CorsError::PreflightInvalidAllowPrivateNetwork
                | CorsError::InvalidAllowMethodsPreflightResponse
                | CorsError::InvalidAllowHeadersPreflightResponse
                | CorsError::MethodDisallowedByPreflightResponse
                | CorsError::HeaderDisallowedByPreflightResponse
                | CorsError::PreflightMissingPrivateNetworkAccessId
                | CorsError::PreflightMissingPrivateNetworkAccessName
        )
    }

    /// One line of plain English for the error.
    pub fn description(&self) -> &'static str {
        match self {
            CorsError::DisallowedByMode => "The request's mode (same-origin) forbids loading a cross-origin URL.",
            CorsError::InvalidResponse => "The response was not a valid HTTP response, so no CORS check could run.",
            CorsError::WildcardOriginNotAllowed => {
                "The response allows any origin (Access-Control-Allow-Origin: *), which is refused for a request with credentials."
            }
            CorsError::MissingAllowOriginHeader => "The response has no Access-Control-Allow-Origin header.",
            CorsError::MultipleAllowOriginValues => "The response's Access-Control-Allow-Origin holds more than one value.",
            CorsError::InvalidAllowOriginValue => "The response's Access-Control-Allow-Origin is not a valid origin.",
            CorsError::AllowOriginMismatch => "The response's Access-Control-Allow-Origin names a different origin than the page's.",
            CorsError::InvalidAllowCredentials => {
                "The request has credentials but the response's Access-Control-Allow-Credentials is not exactly `true`."
            }
            CorsError::CorsDisabledScheme => "The URL's scheme does not support CORS (only http and https do).",
            CorsError::PreflightInvalidStatus => "The preflight (OPTIONS) response did not have a 2xx status.",
            CorsError::PreflightDisallowedRedirect => "The preflight (OPTIONS) was redirected, and browsers never follow redirects on a preflight.",
            CorsError::PreflightWildcardOriginNotAllowed => {
                "The preflight response allows any origin (*), which is refused for a request with credentials."
            }
            CorsError::PreflightMissingAllowOriginHeader => "The preflight response has no Access-Control-Allow-Origin header.",
            CorsError::PreflightMultipleAllowOriginValues => "The preflight response's Access-Control-Allow-Origin holds more than one value.",
            CorsError::PreflightInvalidAllowOriginValue => "The preflight response's Access-Control-Allow-Origin is not a valid origin.",
            CorsError::PreflightAllowOriginMismatch => {
                "The preflight response's Access-Control-Allow-Origin names a different origin than the page's."
            }
            CorsError::PreflightInvalidAllowCredentials => {
                "The request has credentials but the preflight response's Access-Control-Allow-Credentials is not exactly `true`."
            }
            CorsError::PreflightMissingAllowExternal => "The preflight response lacks Access-Control-Allow-External (an old private-network check).",
            CorsError::PreflightInvalidAllowExternal => "The preflight response's Access-Control-Allow-External is not `true` (an old private-network check).",
            CorsError::PreflightMissingAllowPrivateNetwork => "The private-network preflight response lacks Access-Control-Allow-Private-Network.",
            CorsError::PreflightInvalidAllowPrivateNetwork => "The private-network preflight response's Access-Control-Allow-Private-Network is not `true`.",
            CorsError::InvalidAllowMethodsPreflightResponse => "The preflight response's Access-Control-Allow-Methods is not a valid list of method names.",
            CorsError::InvalidAllowHeadersPreflightResponse => "The preflight response's Access-Control-Allow-Headers is not a valid list of header names.",
            CorsError::MethodDisallowedByPreflightResponse => "The preflight response's Access-Control-Allow-Methods does not allow the request's method.",
            CorsError::HeaderDisallowedByPreflightResponse => "The preflight response's Access-Control-Allow-Headers does not allow one of the request's headers.",
            CorsError::RedirectContainsCredentials => "A cross-origin redirect pointed to a URL with a username or password in it.",
            CorsError::InsecurePrivateNetwork => "An insecure page tried to reach a more private network (Private Network Access).",
            CorsError::InvalidPrivateNetworkAccess => "The request to a private network was not allowed (Private Network Access).",
            CorsError::UnexpectedPrivateNetworkAccess => "The request unexpectedly reached a more private network than expected (Private Network Access).",
            CorsError::NoCorsRedirectModeNotFollow => "A no-cors request used a redirect mode other than follow.",
            CorsError::PreflightMissingPrivateNetworkAccessId => "The private-network preflight response lacks Private-Network-Access-ID.",
            CorsError::PreflightMissingPrivateNetworkAccessName => "The private-network preflight response lacks Private-Network-Access-Name.",
            CorsError::PrivateNetworkAccessPermissionUnavailable => "The permission to reach a private network could not be asked for.",
            CorsError::PrivateNetworkAccessPermissionDenied => "The user (or policy) denied access to the private network.",
            CorsError::LocalNetworkAccessPermissionDenied => "The user (or policy) denied access to the local network.",
        }
    }
}

impl std::fmt::Display for CorsError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl serde::Serialize for CorsError {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

// ---------------------------------------------------------------------------
// Step 2: origins
// ---------------------------------------------------------------------------

/// Normalises a serialised origin for comparison: `"null"` stays `"null"`,
/// anything `http::origin_of` understands is re-serialised (lower-cased,
/// default port dropped), anything else is lower-cased and trimmed.
fn normalise_origin(origin: &str) -> String {
    let o = origin.trim();
    if o == "null" {
        return "null".to_string();
    }
    origin_of(o).unwrap_or_else(|| o.trim_end_matches('/').to_ascii_lowercase())
}

/// Same origin, per <https://html.spec.whatwg.org/multipage/browsers.html#same-origin>:
/// an opaque origin (`"null"`, or a URL without a tuple origin) is never the
/// same as anything, not even itself.
fn same_origin_url(origin: &str, url: &str) -> bool {
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

fn same_origin_urls(a: &str, b: &str) -> bool {
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

// ---------------------------------------------------------------------------
// Step 3: safelisting
// ---------------------------------------------------------------------------

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

fn is_token(s: &str) -> bool {
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
fn lower_name(name: &str) -> Cow<'_, str> {
    let t = name.trim();
    if t.bytes().any(|b| b.is_ascii_uppercase()) {
        Cow::Owned(t.to_ascii_lowercase())
    } else {
        Cow::Borrowed(t)
    }
}

/// [`is_cors_safelisted_request_header`] for a name from [`lower_name`].
fn safelisted_lower(n: &str, value: &str) -> bool {
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
fn cors_unsafe_names_in_request_order(headers: &Headers) -> Vec<String> {
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

// ---------------------------------------------------------------------------
// Step 4: does the request need a preflight?
// ---------------------------------------------------------------------------

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

// ---------------------------------------------------------------------------
// Step 5: the CORS check
// ---------------------------------------------------------------------------

/// A header's value as Chromium reads it (`HttpResponseHeaders::GetNormalizedHeader`):
/// every occurrence, trimmed, joined with `", "`; `None` when absent.
fn normalized_header(headers: &Headers, name: &str) -> Option<String> {
    headers.get_normalized(name)
}

fn status_text(s: u16) -> String {
    let r = reason_phrase(s);
    if r.is_empty() || s == 0 {
        s.to_string()
    } else {
        format!("{s} {r}")
    }
}

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

/// What the CORS check found wrong, before it is worded.
enum AccessFailure {
    Wildcard,
    Missing,
    Multiple { value: String, occurrences: usize },
    Invalid(String),
    Mismatch(String),
    Credentials(Option<String>),
}

/// The CORS check (<https://fetch.spec.whatwg.org/#cors-check>) in the order
/// and with the distinctions of Chromium's `cors::CheckAccess` (cors.cc):
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
/// 4. with credentials include, ACAC must be exactly `true` (case-sensitive)
///    → `InvalidAllowCredentials` (failed parameter: the received value).
///
/// The standard has one failure for all of 1–3 (the comparison is a byte
/// match, so a differently cased origin or a trailing slash fails too); the
/// finer names are Chromium's.
fn access_check(req: &CorsRequest, headers: &Headers) -> Result<(), AccessFailure> {
    let credentials = req.credentials == CredentialsMode::Include;
    let acao = normalized_header(headers, ACAO);
    match acao.as_deref() {
        Some("*") => {
            let http = split_url(req.url)
                .is_some_and(|p| p.scheme.eq_ignore_ascii_case("http") || p.scheme.eq_ignore_ascii_case("https"));
            if credentials && http {
                return Err(AccessFailure::Wildcard);
            }
            if !credentials {
                return Ok(());
            }
        }
        None => return Err(AccessFailure::Missing),
        Some(v) => {
            let origin = normalise_origin(req.origin);
            if v != origin {
                let occurrences = headers.count(ACAO);
                if v.contains([' ', ',']) {
                    return Err(AccessFailure::Multiple { value: v.to_string(), occurrences });
                }
                if v == "null" {
                    return Err(AccessFailure::Mismatch(v.to_string()));
                }
                if !looks_like_valid_url(v) {
                    return Err(AccessFailure::Invalid(v.to_string()));
                }
                return Err(AccessFailure::Mismatch(v.to_string()));
            }
        }
    }
    if credentials {
        let acac = normalized_header(headers, ACAC);
        if acac.as_deref() != Some("true") {
            return Err(AccessFailure::Credentials(acac));
        }
    }
    Ok(())
}

/// Words an [`AccessFailure`] for the actual response or the preflight.
fn access_failure(req: &CorsRequest, status: u16, f: AccessFailure, preflight: bool) -> CheckFailure {
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
    let origin = normalise_origin(req.origin);
    let pick = |actual: CorsError, pre: CorsError| if preflight { pre } else { actual };
    let step_origin = if preflight {
        "CORS-preflight fetch: CORS check (Access-Control-Allow-Origin)"
    } else {
        "CORS check: Access-Control-Allow-Origin"
    };
    let step_credentials = if preflight {
        "CORS-preflight fetch: CORS check (Access-Control-Allow-Credentials)"
    } else {
        "CORS check: Access-Control-Allow-Credentials"
    };
    match f {
        AccessFailure::Wildcard => CheckFailure {
            error: pick(CorsError::WildcardOriginNotAllowed, CorsError::PreflightWildcardOriginNotAllowed),
            step: step_origin,
            spec: SPEC_CREDENTIALS,
            header: Some(ACAO),
            value: Some("*".into()),
            failed_parameter: None,
            detail: format!(
                "{what} allows any origin (Access-Control-Allow-Origin: *), but the request is sent with credentials and a wildcard never counts for those, {so}."
            ),
        },
        AccessFailure::Missing => CheckFailure {
            error: pick(CorsError::MissingAllowOriginHeader, CorsError::PreflightMissingAllowOriginHeader),
            step: step_origin,
            spec: SPEC_CORS_CHECK,
            header: Some(ACAO),
            value: None,
            failed_parameter: None,
            detail: format!("{what} has no Access-Control-Allow-Origin header, {so}."),
        },
        AccessFailure::Multiple { value, occurrences } => CheckFailure {
            error: pick(CorsError::MultipleAllowOriginValues, CorsError::PreflightMultipleAllowOriginValues),
            step: step_origin,
            spec: SPEC_ACAO,
            header: Some(ACAO),
            value: Some(value.clone()),
            failed_parameter: Some(value.clone()),
            detail: if occurrences > 1 {
                format!(
                    "{what} sends Access-Control-Allow-Origin {occurrences} times ('{value}'), but exactly one origin is allowed (often both a proxy and the app add it), {so}."
                )
            } else {
                format!("{what} has Access-Control-Allow-Origin '{value}', which holds more than one value where exactly one origin is allowed, {so}.")
            },
        },
        AccessFailure::Invalid(value) => CheckFailure {
            error: pick(CorsError::InvalidAllowOriginValue, CorsError::PreflightInvalidAllowOriginValue),
            step: step_origin,
            spec: SPEC_ACAO,
            header: Some(ACAO),
            value: Some(value.clone()),
            failed_parameter: Some(value.clone()),
            detail: format!("{what} has Access-Control-Allow-Origin '{value}', which is not a valid origin (the page's origin is '{origin}'), {so}."),
        },
        AccessFailure::Mismatch(value) => {
            let hint = if origin == "null" {
                " (after a cross-origin redirect the browser sends Origin: null)".to_string()
            } else if normalise_origin(&value) == origin {
                " (the origin must match byte for byte: same case, no trailing slash, no default port)".to_string()
            } else {
                String::new()
            };
            CheckFailure {
                error: pick(CorsError::AllowOriginMismatch, CorsError::PreflightAllowOriginMismatch),
                step: step_origin,
                spec: SPEC_CORS_CHECK,
                header: Some(ACAO),
                value: Some(value.clone()),
                failed_parameter: Some(value.clone()),
                detail: format!("{what} allows origin '{value}', but the page's origin is '{origin}'{hint}, {so}."),
            }
        }
        AccessFailure::Credentials(value) => CheckFailure {
            error: pick(CorsError::InvalidAllowCredentials, CorsError::PreflightInvalidAllowCredentials),
            step: step_credentials,
            spec: SPEC_ACAC,
            header: Some(ACAC),
            failed_parameter: value.clone().filter(|v| !v.is_empty()),
            detail: match &value {
                None => format!("The request is sent with credentials, but {} has no Access-Control-Allow-Credentials: true, {so}.", lower_first(&what)),
                Some(v) => format!(
                    "The request is sent with credentials, but {} has Access-Control-Allow-Credentials '{v}' instead of exactly 'true', {so}.",
                    lower_first(&what)
                ),
            },
            value,
        },
    }
}

fn lower_first(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_lowercase().collect::<String>() + c.as_str(),
        None => String::new(),
    }
}

// ---------------------------------------------------------------------------
// Step 6: the CORS check on an actual response
// ---------------------------------------------------------------------------

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

// ---------------------------------------------------------------------------
// Step 7: the CORS-preflight fetch
// ---------------------------------------------------------------------------

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

/// Parses an `Access-Control-Allow-Methods` / `-Headers` value as Chromium's
/// `ParseAccessControlAllowList` (preflight_result.cc) does: comma-separated,
/// whitespace trimmed, empty items skipped, every item an HTTP token
/// (`#method` / `#field-name`, <https://fetch.spec.whatwg.org/#http-new-header-syntax>).
/// `Err(item)` names the first item that is not a token.
fn parse_allow_list(value: Option<&str>) -> Result<Vec<String>, String> {
    let Some(value) = value else {
        return Ok(Vec::new());
    };
    let mut out = Vec::new();
    for item in value.split(',') {
        let item = item.trim_matches([' ', '\t']);
        if item.is_empty() {
            continue;
        }
        if !is_token(item) {
            return Err(item.to_string());
        }
        out.push(item.to_string());
    }
    Ok(out)
}

/// Step: redirect. Chromium's `PreflightLoader::HandleRedirect`
/// (preflight_controller.cc) fails any redirect of a preflight before
/// looking at a single header; the standard reaches the same end because a
/// preflight is fetched with redirect mode "manual" and its opaque-redirect
/// response fails the CORS check (<https://fetch.spec.whatwg.org/#cors-preflight-fetch>).
fn preflight_redirect_step(req: &CorsRequest, res: &CorsResponse) -> Result<(), CheckFailure> {
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
            "The preflight was answered with a redirect ({} to {location}); browsers never follow a redirect on a preflight, so the browser refused to send the {}.",
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
            "The preflight failed with {}, the browser's error for a preflight answered with a redirect (this HAR did not keep the redirect's status or Location); browsers never follow a redirect on a preflight, so the browser refused to send the {}.",
            error.trim(),
            req.method
        ),
    })
}

/// Step: ok status (<https://fetch.spec.whatwg.org/#ok-status>, 200–299),
/// checked by Chromium only after the CORS check passed
/// (`CheckPreflightAccess`, preflight_controller.cc).
fn preflight_status_step(req: &CorsRequest, res: &CorsResponse) -> Result<(), CheckFailure> {
    if (200..300).contains(&res.status) {
        return Ok(());
    }
    Err(CheckFailure {
        error: CorsError::PreflightInvalidStatus,
        step: "CORS-preflight fetch: ok status",
        spec: SPEC_OK_STATUS,
        header: None,
        value: None,
        failed_parameter: None,
        detail: format!(
            "The preflight response allows the origin but has status {}, not a 2xx, so the browser refused to send the {}.",
            status_text(res.status),
            req.method
        ),
    })
}

/// Step: parse `Access-Control-Allow-Methods` then `-Headers`
/// (<https://fetch.spec.whatwg.org/#cors-preflight-fetch>: "extracting header
/// list values … if either is failure, return a network error"; Chromium's
/// `PreflightResult::Parse`).
fn preflight_parse_step(req: &CorsRequest, res: &CorsResponse) -> Result<(Vec<String>, Vec<String>), CheckFailure> {
    let acam = normalized_header(res.headers, ACAM);
    let methods = parse_allow_list(acam.as_deref()).map_err(|item| CheckFailure {
        error: CorsError::InvalidAllowMethodsPreflightResponse,
        step: "CORS-preflight fetch: Access-Control-Allow-Methods",
        spec: SPEC_NEW_HEADER_SYNTAX,
        header: Some(ACAM),
        value: acam.clone(),
        failed_parameter: None,
        detail: format!(
            "The preflight response's Access-Control-Allow-Methods '{}' is not a comma-separated list of method names ('{item}' is not one), so the browser refused to send the {}.",
            acam.as_deref().unwrap_or(""),
            req.method
        ),
    })?;
    let acah = normalized_header(res.headers, ACAH);
    let headers = parse_allow_list(acah.as_deref()).map_err(|item| CheckFailure {
        error: CorsError::InvalidAllowHeadersPreflightResponse,
        step: "CORS-preflight fetch: Access-Control-Allow-Headers",
        spec: SPEC_NEW_HEADER_SYNTAX,
        header: Some(ACAH),
        value: acah.clone(),
        failed_parameter: None,
        detail: format!(
            "The preflight response's Access-Control-Allow-Headers '{}' is not a comma-separated list of header names ('{item}' is not one), so the browser refused to send the {}.",
            acah.as_deref().unwrap_or(""),
            req.method
        ),
    })?;
    Ok((methods, headers))
}

/// Step: the method (<https://fetch.spec.whatwg.org/#cors-preflight-fetch>,
/// Chromium's `EnsureAllowedCrossOriginMethod`). Allowed when safelisted,
/// when listed — compared byte for byte, as the request sent it (`patch` is
/// not `PATCH`; only DELETE, GET, HEAD, OPTIONS, POST and PUT are
/// upper-cased by the browser beforehand) — or when `*` is listed and the
/// request has no credentials. Failed parameter: the method.
fn preflight_method_step(req: &CorsRequest, res: &CorsResponse, methods: &[String]) -> Result<(), CheckFailure> {
    let credentials = req.credentials == CredentialsMode::Include;
    let m = req.method.as_str();
    if is_cors_safelisted_method(req.method)
        || methods.iter().any(|x| x == m)
        || (!credentials && methods.iter().any(|x| x == "*"))
    {
        return Ok(());
    }
    let acam = normalized_header(res.headers, ACAM);
    let so = format!("so the browser refused to send the {m}");
    let detail = match acam.as_deref() {
        None => format!("The preflight response has no Access-Control-Allow-Methods, which allows only GET, HEAD and POST, not {m}, {so}."),
        Some(v) => {
            if let Some(other) = methods.iter().find(|x| x.eq_ignore_ascii_case(m)) {
                format!(
                    "The preflight response's Access-Control-Allow-Methods '{v}' lists '{other}' but the request's method is '{m}', and method names are compared case-sensitively, {so}."
                )
            } else if methods.iter().any(|x| x == "*") {
                format!(
                    "The preflight response allows any method (Access-Control-Allow-Methods '{v}'), but the request is sent with credentials and a wildcard never counts for those, {so}."
                )
            } else {
                format!("The preflight response allows only '{v}' (Access-Control-Allow-Methods), not {m}, {so}.")
            }
        }
    };
    Err(CheckFailure {
        error: CorsError::MethodDisallowedByPreflightResponse,
        step: "CORS-preflight fetch: Access-Control-Allow-Methods",
        spec: SPEC_PREFLIGHT,
        header: Some(ACAM),
        value: acam,
        failed_parameter: Some(m.to_string()),
        detail,
    })
}

/// Step: the headers (<https://fetch.spec.whatwg.org/#cors-preflight-fetch>,
/// Chromium's `EnsureAllowedCrossOriginHeaders`). Names compare
/// case-insensitively. With `*` listed and no credentials, everything is
/// allowed except `Authorization`, which must be listed by name
/// (<https://fetch.spec.whatwg.org/#cors-non-wildcard-request-header-name>).
/// Otherwise Chromium walks the CORS-unsafe names in the order the request
/// carries them and reports the first one not listed (the standard walks
/// them sorted; the verdict is the same, only the name reported can differ).
fn preflight_headers_step(req: &CorsRequest, res: &CorsResponse, allowed: &[String]) -> Result<(), CheckFailure> {
    let credentials = req.credentials == CredentialsMode::Include;
    let allowed: Vec<String> = allowed.iter().map(|h| h.to_ascii_lowercase()).collect();
    let has = |n: &str| allowed.iter().any(|a| a == n);
    let acah = normalized_header(res.headers, ACAH);
    let so = format!("so the browser refused to send the {}", req.method);
    if !credentials && has("*") {
        if req.headers.contains("authorization") && !has("authorization") {
            return Err(CheckFailure {
                error: CorsError::HeaderDisallowedByPreflightResponse,
                step: "CORS-preflight fetch: Access-Control-Allow-Headers",
                spec: SPEC_NON_WILDCARD,
                header: Some(ACAH),
                value: acah,
                failed_parameter: Some("authorization".into()),
                detail: format!(
                    "The request sends an Authorization header, which the wildcard in Access-Control-Allow-Headers does not cover (Authorization must be listed by name), {so}."
                ),
            });
        }
        return Ok(());
    }
    for name in cors_unsafe_names_in_request_order(req.headers) {
        if has(&name) {
            continue;
        }
        let detail = match acah.as_deref() {
            None => format!("The request sends the header '{name}', but the preflight response has no Access-Control-Allow-Headers, {so}."),
            Some(v) if has("*") => format!(
                "The request sends the header '{name}' with credentials, and the wildcard in Access-Control-Allow-Headers '{v}' never counts for requests with credentials, {so}."
            ),
            Some(v) => format!("The request sends the header '{name}', which the preflight response's Access-Control-Allow-Headers '{v}' does not list, {so}."),
        };
        return Err(CheckFailure {
            error: CorsError::HeaderDisallowedByPreflightResponse,
            step: "CORS-preflight fetch: Access-Control-Allow-Headers",
            spec: SPEC_PREFLIGHT,
            header: Some(ACAH),
            value: acah,
            failed_parameter: Some(name),
            detail,
        });
    }
    Ok(())
}

/// The CORS-preflight fetch's checks on the preflight response, in Chromium's order.
///
/// <https://fetch.spec.whatwg.org/#cors-preflight-fetch>, ordered as
/// Chromium's `PreflightController` does: redirect → CORS check (mapped to
/// the `Preflight*` names, with the *actual* request's credentials mode, as
/// the standard's note on step 7 says) → ok status → parse
/// `Access-Control-Allow-Methods` / `-Headers` → method → headers.
/// Private-network checks are not replayed (the HAR does not say which
/// address space the server was in). Status 0 (no response recorded) passes:
/// there is nothing to check, and the caller explains the missing response.
pub fn check_preflight(req: &CorsRequest, res: CorsResponse) -> Result<(), CheckFailure> {
    if res.status == 0 {
        return Ok(());
    }
    preflight_redirect_step(req, &res)?;
    access_check(req, res.headers).map_err(|f| access_failure(req, res.status, f, true))?;
    preflight_status_step(req, &res)?;
    let (methods, headers) = preflight_parse_step(req, &res)?;
    preflight_method_step(req, &res, &methods)?;
    preflight_headers_step(req, &res, &headers)
}

// ---------------------------------------------------------------------------
// Steps 8 and 9: redirects
// ---------------------------------------------------------------------------

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
            detail: format!("The redirect points to {to}, which has a username or password in it; browsers refuse that for cross-origin requests."),
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
            detail: format!("The redirect points to {to}, whose scheme does not support CORS (only http and https do), so the browser stopped there."),
        });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    const PAGE: &str = "http://localhost:5173";
    const API: &str = "http://api.test:8000/items/1";

    fn hs(pairs: &[(&str, &str)]) -> Headers {
        let mut h = Headers::new();
        for (n, v) in pairs {
            h.push(*n, *v);
        }
        h
    }

    fn rq<'a>(method: &'a Method, headers: &'a Headers, credentials: CredentialsMode) -> CorsRequest<'a> {
        CorsRequest { method, url: API, origin: PAGE, headers, credentials }
    }

    fn res(status: u16, headers: &Headers) -> CorsResponse<'_> {
        CorsResponse { status, headers }
    }

    fn err_of(r: Result<(), CheckFailure>) -> CheckFailure {
        match r {
            Err(f) => f,
            Ok(()) => panic!("expected a failure"),
        }
    }

    fn cors_err(
        method: &str,
        req_h: &[(&str, &str)],
        cred: CredentialsMode,
        status: u16,
        res_h: &[(&str, &str)],
    ) -> Option<CheckFailure> {
        let m = Method::parse(method);
        let rh = hs(req_h);
        let sh = hs(res_h);
        check_cors(&rq(&m, &rh, cred), res(status, &sh)).err()
    }

    fn pf_err(
        method: &str,
        req_h: &[(&str, &str)],
        cred: CredentialsMode,
        status: u16,
        res_h: &[(&str, &str)],
    ) -> Option<CheckFailure> {
        let m = Method::parse(method);
        let rh = hs(req_h);
        let sh = hs(res_h);
        check_preflight(&rq(&m, &rh, cred), res(status, &sh)).err()
    }

    fn pf_code(
        method: &str,
        req_h: &[(&str, &str)],
        cred: CredentialsMode,
        status: u16,
        res_h: &[(&str, &str)],
    ) -> Option<CorsError> {
        pf_err(method, req_h, cred, status, res_h).map(|f| f.error)
    }

    const OMIT: CredentialsMode = CredentialsMode::SameOrigin;
    const INCL: CredentialsMode = CredentialsMode::Include;
    const OK_ORIGIN: (&str, &str) = ("Access-Control-Allow-Origin", PAGE);

    // ---- step 1: names ----------------------------------------------------

    #[test]
    fn names_are_the_variant_names_and_parse_back() {
        let mut seen = std::collections::HashSet::new();
        for e in CorsError::ALL {
            assert_eq!(format!("{e:?}"), e.as_str());
            assert_eq!(CorsError::parse(e.as_str()), Some(e));
            assert_eq!(CorsError::parse(&format!("k{}", e.as_str())), Some(e));
            assert!(!e.description().is_empty());
            assert!(seen.insert(e.as_str()));
        }
        assert_eq!(seen.len(), 35);
        assert_eq!(CorsError::parse(" PreflightMissingAllowExternal "), Some(CorsError::PreflightMissingAllowExternal));
        assert_eq!(CorsError::parse("InsecurePrivateNetwork"), Some(CorsError::InsecurePrivateNetwork));
        assert_eq!(CorsError::parse("preflightinvalidstatus"), None);
        assert_eq!(CorsError::parse("k"), None);
        assert_eq!(CorsError::parse(""), None);
        assert_eq!(serde_json::to_string(&CorsError::AllowOriginMismatch).unwrap(), "\"AllowOriginMismatch\"");
        assert_eq!(CorsError::PreflightInvalidStatus.to_string(), "PreflightInvalidStatus");
        assert!(CorsError::PreflightInvalidStatus.is_preflight());
        assert!(CorsError::HeaderDisallowedByPreflightResponse.is_preflight());
        assert!(!CorsError::MissingAllowOriginHeader.is_preflight());
    }

    // ---- step 2: origins --------------------------------------------------

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

    // ---- step 3: safelisting ----------------------------------------------

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

    // ---- step 4: preflight plan -------------------------------------------

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

    // ---- steps 5 and 6: the CORS check on a response ----------------------

    #[test]
    fn cors_check_status_zero_is_not_judged() {
        assert!(cors_err("GET", &[], OMIT, 0, &[]).is_none());
    }

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
    fn cors_check_passes() {
        assert!(cors_err("GET", &[], OMIT, 200, &[OK_ORIGIN]).is_none());
        assert!(cors_err("GET", &[], OMIT, 500, &[("access-control-allow-origin", "*")]).is_none());
        assert!(cors_err("GET", &[], INCL, 200, &[OK_ORIGIN, ("Access-Control-Allow-Credentials", "true")]).is_none());
        // whitespace around a value is not part of it
        assert!(
            cors_err("GET", &[], OMIT, 200, &[("Access-Control-Allow-Origin", " http://localhost:5173 ")]).is_none()
        );
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
    fn cors_check_credentials() {
        let f = cors_err("GET", &[], INCL, 200, &[OK_ORIGIN]).unwrap();
        assert_eq!(f.error, CorsError::InvalidAllowCredentials);
        assert_eq!(f.header, Some("Access-Control-Allow-Credentials"));
        assert_eq!(f.value, None);
        assert_eq!(f.failed_parameter, None);
        let f = cors_err("GET", &[], INCL, 200, &[OK_ORIGIN, ("Access-Control-Allow-Credentials", "TRUE")]).unwrap();
        assert_eq!(f.error, CorsError::InvalidAllowCredentials);
        assert_eq!(f.failed_parameter.as_deref(), Some("TRUE"));
        // credentials are not checked without credentials mode include
        assert!(cors_err("GET", &[], OMIT, 200, &[OK_ORIGIN, ("Access-Control-Allow-Credentials", "false")]).is_none());
        assert!(cors_err("GET", &[], CredentialsMode::Omit, 200, &[OK_ORIGIN]).is_none());
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

    // ---- step 7: the preflight --------------------------------------------

    #[test]
    fn preflight_405_without_acao_is_missing_allow_origin() {
        let f = pf_err("PUT", &[], OMIT, 405, &[("Allow", "GET, HEAD")]).unwrap();
        assert_eq!(f.error, CorsError::PreflightMissingAllowOriginHeader);
        assert_eq!(f.detail, "The preflight response (405 Method Not Allowed) has no Access-Control-Allow-Origin header, so the browser refused to send the PUT.");
        assert_eq!(f.step, "CORS-preflight fetch: CORS check (Access-Control-Allow-Origin)");
    }

    #[test]
    fn preflight_405_with_acao_is_invalid_status() {
        let f = pf_err("PUT", &[], OMIT, 405, &[OK_ORIGIN]).unwrap();
        assert_eq!(f.error, CorsError::PreflightInvalidStatus);
        assert!(f.detail.contains("405"), "{}", f.detail);
        assert_eq!(
            pf_code("PUT", &[], OMIT, 401, &[("Access-Control-Allow-Origin", "*")]),
            Some(CorsError::PreflightInvalidStatus)
        );
        // a 2xx other than 200 is fine
        assert_eq!(pf_code("PUT", &[], OMIT, 204, &[OK_ORIGIN, ("Access-Control-Allow-Methods", "PUT")]), None);
        // a bad ACAO still wins over the status
        assert_eq!(
            pf_code("PUT", &[], OMIT, 500, &[("Access-Control-Allow-Origin", "http://x.test")]),
            Some(CorsError::PreflightAllowOriginMismatch)
        );
    }

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

    #[test]
    fn preflight_origin_errors_are_mapped() {
        let good = [("Access-Control-Allow-Methods", "PUT")];
        let with = |extra: &[(&'static str, &'static str)]| -> Vec<(&'static str, &'static str)> {
            good.iter().chain(extra.iter()).copied().collect()
        };
        assert_eq!(
            pf_code(
                "PUT",
                &[],
                INCL,
                200,
                &with(&[("Access-Control-Allow-Origin", "*"), ("Access-Control-Allow-Credentials", "true")])
            ),
            Some(CorsError::PreflightWildcardOriginNotAllowed)
        );
        assert_eq!(
            pf_code("PUT", &[], OMIT, 200, &with(&[OK_ORIGIN, OK_ORIGIN])),
            Some(CorsError::PreflightMultipleAllowOriginValues)
        );
        assert_eq!(
            pf_code("PUT", &[], OMIT, 200, &with(&[("Access-Control-Allow-Origin", "example.com")])),
            Some(CorsError::PreflightInvalidAllowOriginValue)
        );
        assert_eq!(
            pf_code("PUT", &[], OMIT, 200, &with(&[("Access-Control-Allow-Origin", "https://localhost:5173")])),
            Some(CorsError::PreflightAllowOriginMismatch)
        );
        let f = pf_err("PUT", &[], INCL, 200, &with(&[OK_ORIGIN])).unwrap();
        assert_eq!(f.error, CorsError::PreflightInvalidAllowCredentials);
        assert_eq!(f.step, "CORS-preflight fetch: CORS check (Access-Control-Allow-Credentials)");
        assert_eq!(
            pf_code("PUT", &[], INCL, 200, &with(&[OK_ORIGIN, ("Access-Control-Allow-Credentials", "true")])),
            None
        );
        assert_eq!(pf_code("PUT", &[], OMIT, 200, &with(&[("Access-Control-Allow-Origin", "*")])), None);
    }

    #[test]
    fn preflight_allow_lists_must_be_tokens() {
        let f =
            pf_err("PUT", &[], OMIT, 200, &[OK_ORIGIN, ("Access-Control-Allow-Methods", "GET, PUT DELETE")]).unwrap();
        assert_eq!(f.error, CorsError::InvalidAllowMethodsPreflightResponse);
        assert_eq!(f.value.as_deref(), Some("GET, PUT DELETE"));
        assert!(f.detail.contains("'PUT DELETE'"), "{}", f.detail);
        let f = pf_err(
            "PUT",
            &[],
            OMIT,
            200,
            &[OK_ORIGIN, ("Access-Control-Allow-Methods", "PUT"), ("Access-Control-Allow-Headers", "x-a, x/b")],
        )
        .unwrap();
        assert_eq!(f.error, CorsError::InvalidAllowHeadersPreflightResponse);
        // empty items are skipped, whitespace trimmed
        assert_eq!(
            pf_code("PUT", &[], OMIT, 200, &[OK_ORIGIN, ("Access-Control-Allow-Methods", " GET,, PUT ,")]),
            None
        );
        // methods parse before headers, and both before the method check
        assert_eq!(
            pf_code(
                "PATCH",
                &[],
                OMIT,
                200,
                &[OK_ORIGIN, ("Access-Control-Allow-Methods", "GET"), ("Access-Control-Allow-Headers", "\"x\"")]
            ),
            Some(CorsError::InvalidAllowHeadersPreflightResponse)
        );
    }

    #[test]
    fn preflight_method_check() {
        let f = pf_err("PUT", &[], OMIT, 200, &[OK_ORIGIN, ("Access-Control-Allow-Methods", "GET, POST")]).unwrap();
        assert_eq!(f.error, CorsError::MethodDisallowedByPreflightResponse);
        assert_eq!(f.failed_parameter.as_deref(), Some("PUT"));
        assert_eq!(f.value.as_deref(), Some("GET, POST"));
        assert_eq!(f.header, Some("Access-Control-Allow-Methods"));
        // no Access-Control-Allow-Methods at all
        let f = pf_err("DELETE", &[], OMIT, 204, &[OK_ORIGIN]).unwrap();
        assert_eq!(f.error, CorsError::MethodDisallowedByPreflightResponse);
        assert_eq!(f.value, None);
        // safelisted methods need no listing
        assert_eq!(
            pf_code("POST", &[("X-A", "1")], OMIT, 200, &[OK_ORIGIN, ("Access-Control-Allow-Headers", "x-a")]),
            None
        );
        // "*" only without credentials
        assert_eq!(pf_code("PUT", &[], OMIT, 200, &[OK_ORIGIN, ("Access-Control-Allow-Methods", "*")]), None);
        assert_eq!(
            pf_code(
                "PUT",
                &[],
                INCL,
                200,
                &[OK_ORIGIN, ("Access-Control-Allow-Credentials", "true"), ("Access-Control-Allow-Methods", "*")]
            ),
            Some(CorsError::MethodDisallowedByPreflightResponse)
        );
        assert_eq!(
            pf_code(
                "PUT",
                &[],
                INCL,
                200,
                &[OK_ORIGIN, ("Access-Control-Allow-Credentials", "true"), ("Access-Control-Allow-Methods", "*, PUT")]
            ),
            None
        );
        // duplicate header lines are one list
        assert_eq!(
            pf_code(
                "PUT",
                &[],
                OMIT,
                200,
                &[OK_ORIGIN, ("Access-Control-Allow-Methods", "GET"), ("Access-Control-Allow-Methods", "PUT")]
            ),
            None
        );
    }

    #[test]
    fn preflight_method_names_are_case_sensitive() {
        // fetch("…", {method: "patch"}) sends "patch": "PATCH" does not allow it
        let f = pf_err("patch", &[], OMIT, 200, &[OK_ORIGIN, ("Access-Control-Allow-Methods", "GET, PATCH")]).unwrap();
        assert_eq!(f.error, CorsError::MethodDisallowedByPreflightResponse);
        assert_eq!(f.failed_parameter.as_deref(), Some("patch"));
        assert!(f.detail.contains("case-sensitive"), "{}", f.detail);
        // and "patch" does not allow "PATCH"
        let f = pf_err("PATCH", &[], OMIT, 200, &[OK_ORIGIN, ("Access-Control-Allow-Methods", "get, patch")]).unwrap();
        assert_eq!(f.failed_parameter.as_deref(), Some("PATCH"));
        assert_eq!(
            pf_code("PATCH", &[], OMIT, 200, &[OK_ORIGIN, ("Access-Control-Allow-Methods", "GET, PATCH")]),
            None
        );
        assert_eq!(pf_code("patch", &[], OMIT, 200, &[OK_ORIGIN, ("Access-Control-Allow-Methods", "patch")]), None);
        // "put" in the page is normalised to "PUT" by the browser, so a lower-case list fails
        assert_eq!(
            pf_code("put", &[], OMIT, 200, &[OK_ORIGIN, ("Access-Control-Allow-Methods", "put")]),
            Some(CorsError::MethodDisallowedByPreflightResponse)
        );
        assert_eq!(pf_code("put", &[], OMIT, 200, &[OK_ORIGIN, ("Access-Control-Allow-Methods", "PUT")]), None);
    }

    #[test]
    fn preflight_header_check() {
        let req_h = [("Content-Type", "application/json"), ("X-Request-Id", "1")];
        let f = pf_err(
            "PUT",
            &req_h,
            OMIT,
            200,
            &[OK_ORIGIN, ("Access-Control-Allow-Methods", "PUT"), ("Access-Control-Allow-Headers", "Content-Type")],
        )
        .unwrap();
        assert_eq!(f.error, CorsError::HeaderDisallowedByPreflightResponse);
        assert_eq!(f.failed_parameter.as_deref(), Some("x-request-id"));
        assert_eq!(f.value.as_deref(), Some("Content-Type"));
        // case-insensitive names
        assert_eq!(
            pf_code(
                "PUT",
                &req_h,
                OMIT,
                200,
                &[
                    OK_ORIGIN,
                    ("Access-Control-Allow-Methods", "PUT"),
                    ("Access-Control-Allow-Headers", "CONTENT-TYPE, x-REQUEST-id")
                ]
            ),
            None
        );
        // no Access-Control-Allow-Headers
        let f = pf_err("POST", &[("Content-Type", "application/json")], OMIT, 200, &[OK_ORIGIN]).unwrap();
        assert_eq!(f.error, CorsError::HeaderDisallowedByPreflightResponse);
        assert_eq!(f.failed_parameter.as_deref(), Some("content-type"));
        assert_eq!(f.value, None);
        // browser-added headers never need listing
        let wire = [
            (":authority", "api.test"),
            ("sec-fetch-mode", "cors"),
            ("user-agent", "x"),
            ("cache-control", "no-cache"),
            ("X-A", "1"),
        ];
        assert_eq!(
            pf_code(
                "PUT",
                &wire,
                OMIT,
                200,
                &[OK_ORIGIN, ("Access-Control-Allow-Methods", "PUT"), ("Access-Control-Allow-Headers", "x-a")]
            ),
            None
        );
    }

    #[test]
    fn preflight_reports_the_first_disallowed_header_in_request_order() {
        let req_h = [("X-Zeta", "1"), ("X-Alpha", "2")];
        let f = pf_err("PUT", &req_h, OMIT, 200, &[OK_ORIGIN, ("Access-Control-Allow-Methods", "PUT")]).unwrap();
        assert_eq!(f.failed_parameter.as_deref(), Some("x-zeta"));
    }

    #[test]
    fn preflight_checks_methods_before_headers() {
        let f = pf_err("DELETE", &[("X-A", "1")], OMIT, 200, &[OK_ORIGIN, ("Access-Control-Allow-Methods", "GET")])
            .unwrap();
        assert_eq!(f.error, CorsError::MethodDisallowedByPreflightResponse);
    }

    #[test]
    fn preflight_wildcard_headers_and_authorization() {
        let req_h = [("Authorization", "Bearer t"), ("X-A", "1")];
        let f = pf_err(
            "PUT",
            &req_h,
            OMIT,
            200,
            &[OK_ORIGIN, ("Access-Control-Allow-Methods", "PUT"), ("Access-Control-Allow-Headers", "*")],
        )
        .unwrap();
        assert_eq!(f.error, CorsError::HeaderDisallowedByPreflightResponse);
        assert_eq!(f.failed_parameter.as_deref(), Some("authorization"));
        assert_eq!(f.spec, "https://fetch.spec.whatwg.org/#cors-non-wildcard-request-header-name");
        assert_eq!(
            pf_code(
                "PUT",
                &req_h,
                OMIT,
                200,
                &[
                    OK_ORIGIN,
                    ("Access-Control-Allow-Methods", "PUT"),
                    ("Access-Control-Allow-Headers", "*, Authorization")
                ]
            ),
            None
        );
        assert_eq!(
            pf_code(
                "PUT",
                &[("X-A", "1")],
                OMIT,
                200,
                &[OK_ORIGIN, ("Access-Control-Allow-Methods", "PUT"), ("Access-Control-Allow-Headers", "*")]
            ),
            None
        );
        // with credentials "*" is a literal header name and covers nothing
        let creds = [
            OK_ORIGIN,
            ("Access-Control-Allow-Credentials", "true"),
            ("Access-Control-Allow-Methods", "PUT"),
            ("Access-Control-Allow-Headers", "*"),
        ];
        let f = pf_err("PUT", &[("X-A", "1")], INCL, 200, &creds).unwrap();
        assert_eq!(f.error, CorsError::HeaderDisallowedByPreflightResponse);
        assert_eq!(f.failed_parameter.as_deref(), Some("x-a"));
        assert!(f.detail.contains("credentials"), "{}", f.detail);
    }

    #[test]
    fn preflight_full_pass() {
        let req_h = [("Content-Type", "application/json"), ("Authorization", "Bearer t")];
        let res_h = [
            OK_ORIGIN,
            ("Access-Control-Allow-Credentials", "true"),
            ("Access-Control-Allow-Methods", "GET, PUT, DELETE"),
            ("Access-Control-Allow-Headers", "content-type, authorization"),
            ("Access-Control-Max-Age", "600"),
        ];
        assert_eq!(pf_code("PUT", &req_h, INCL, 204, &res_h), None);
        assert!(pf_err("PUT", &[], OMIT, 0, &[]).is_none());
    }

    #[test]
    fn every_failure_names_its_step_and_spec() {
        let cases: Vec<CheckFailure> = vec![
            pf_err("PUT", &[], OMIT, 405, &[]).unwrap(),
            pf_err("PUT", &[], OMIT, 405, &[OK_ORIGIN]).unwrap(),
            pf_err("PUT", &[], OMIT, 307, &[("Location", "/y")]).unwrap(),
            pf_err("PUT", &[], OMIT, 200, &[OK_ORIGIN, ("Access-Control-Allow-Methods", "a b")]).unwrap(),
            pf_err("PUT", &[], OMIT, 200, &[OK_ORIGIN]).unwrap(),
            pf_err("PUT", &[("X-A", "1")], OMIT, 200, &[OK_ORIGIN, ("Access-Control-Allow-Methods", "PUT")]).unwrap(),
            cors_err("GET", &[], INCL, 200, &[("Access-Control-Allow-Origin", "*")]).unwrap(),
        ];
        for f in cases {
            assert!(!f.step.is_empty());
            assert!(f.spec.starts_with("https://fetch.spec.whatwg.org/#"), "{}", f.spec);
            assert!(f.detail.ends_with('.'), "{}", f.detail);
            assert!(!f.detail.contains('\n'));
        }
    }

    // ---- steps 8 and 9: redirects -----------------------------------------

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
