//! The Fetch standard's CORS checks, replayed step by step on what a HAR
//! recorded, in Chromium's order, naming failures with Chromium's
//! `Network.CorsError` values.
//!
//! (API skeleton; the steps are filled in below.)

use crate::http::{Headers, Method};

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

impl CorsError {
    /// Chromium's name (`"PreflightMissingAllowOriginHeader"`).
    pub fn as_str(&self) -> &'static str {
        todo_name(self)
    }
}

fn todo_name(_e: &CorsError) -> &'static str {
    "InvalidResponse"
}

impl serde::Serialize for CorsError {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

/// True when `url`'s origin differs from `origin` (a serialised origin or `"null"`).
pub fn is_cross_origin(origin: &str, url: &str) -> bool {
    let _ = (origin, url);
    false
}

/// The preflight the browser must send for this request, or `None` when it
/// needs none (safelisted method and headers).
pub fn preflight_plan(req: &CorsRequest) -> Option<PreflightPlan> {
    let _ = req;
    None
}

/// The CORS-preflight fetch's checks on the preflight response, in Chromium's order.
pub fn check_preflight(req: &CorsRequest, res: CorsResponse) -> Result<(), CheckFailure> {
    let _ = (req, res);
    Ok(())
}

/// The CORS check on an actual response (and on each redirect hop).
pub fn check_cors(req: &CorsRequest, res: CorsResponse) -> Result<(), CheckFailure> {
    let _ = (req, res);
    Ok(())
}

/// The method after following a redirect with this status.
pub fn redirect_method(method: &Method, status: u16) -> Method {
    let _ = status;
    method.clone()
}

/// The request's origin after a redirect hop from `from` to `to`.
pub fn origin_after_redirect(origin: &str, from: &str, to: &str) -> String {
    let _ = (from, to);
    origin.to_string()
}
