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
//!
//! One file per concept and per step, each opening with the same template
//! (what it checks, the Fetch standard section, the Chromium names it can
//! produce):
//!
//! * `error`: the `CorsError` names and their descriptions;
//! * `origin`: same origin, cross-origin (the CORS flag);
//! * `safelist`: CORS-safelisted methods and request-headers;
//! * `request_headers`: forbidden, browser-added and CORS-unsafe request-headers;
//! * `plan`: does the request need a preflight, and what it carries;
//! * `check`: the CORS check on a response, from its two steps
//!   `allow_origin` and `credentials`;
//! * `preflight`: the CORS-preflight fetch, from its steps
//!   `preflight_redirect`, `preflight_status`, `allow_methods`,
//!   `allow_headers`;
//! * `redirect`: HTTP-redirect fetch (method change, origin tainting,
//!   the location URL).

// The public checks return `Result<(), CheckFailure>` (the crate's API); the
// failure carries its evidence by value, which is what callers want.
#![allow(clippy::result_large_err)]

mod allow_headers;
mod allow_methods;
mod allow_origin;
mod check;
mod credentials;
mod error;
mod origin;
mod plan;
mod preflight;
mod preflight_redirect;
mod preflight_status;
mod redirect;
mod request_headers;
mod safelist;
#[cfg(test)]
mod test_support;

pub use check::check_cors;
pub use error::CorsError;
pub use origin::is_cross_origin;
pub use plan::preflight_plan;
pub use preflight::check_preflight;
pub use preflight_redirect::preflight_redirect_error;
pub use redirect::{check_redirect_location, origin_after_redirect, redirect_method};
pub use request_headers::{
    cors_unsafe_request_header_names, is_browser_added_request_header, is_forbidden_request_header,
};
pub use safelist::{
    is_cors_safelisted_method, is_cors_safelisted_request_header, is_cors_unsafe_request_header_byte, mime_essence,
};

use crate::http::{reason_phrase, Headers, Method};

use safelist::is_token;

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

// Spec anchors shared by several steps.
const SPEC_CORS_CHECK: &str = "https://fetch.spec.whatwg.org/#cors-check";
const SPEC_PREFLIGHT: &str = "https://fetch.spec.whatwg.org/#cors-preflight-fetch";
const SPEC_NEW_HEADER_SYNTAX: &str = "https://fetch.spec.whatwg.org/#http-new-header-syntax";

const ACAO: &str = "Access-Control-Allow-Origin";
const ACAC: &str = "Access-Control-Allow-Credentials";
const ACAM: &str = "Access-Control-Allow-Methods";
const ACAH: &str = "Access-Control-Allow-Headers";

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

fn lower_first(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_lowercase().collect::<String>() + c.as_str(),
        None => String::new(),
    }
}

/// Reads the preflight response's `name` (`Access-Control-Allow-Methods` or `-Headers`) as a list of `what`
/// tokens ([`parse_allow_list`]); a value that is not one fails `step` with `error`, naming the first bad item.
fn parse_allow_header(
    req: &CorsRequest,
    res: &CorsResponse,
    (name, step): (&'static str, &'static str),
    error: CorsError,
    what: &str,
) -> Result<Vec<String>, CheckFailure> {
    let value = normalized_header(res.headers, name);
    parse_allow_list(value.as_deref()).map_err(|item| CheckFailure {
        error,
        step,
        spec: SPEC_NEW_HEADER_SYNTAX,
        header: Some(name),
        value: value.clone(),
        failed_parameter: None,
        detail: format!(
            "The preflight response's {name} '{}' is not a comma-separated list of {what} names ('{item}' is not \
                one), so the browser refused to send the {}.",
            value.as_deref().unwrap_or(""),
            req.method
        ),
    })
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
