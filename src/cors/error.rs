//! Chromium's names for a failed CORS check (`network::mojom::CorsError`, the CDP
//! `Network.CorsError` values), with one line of plain English each.
//!
//! * **Checks:** nothing itself: every step names its failure with one of these.
//! * **Fetch standard:** <https://fetch.spec.whatwg.org/#cors-check> (the standard has one "network error"; the finer
//!   names are Chromium's).
//! * **Chromium `CorsError`:** all 35, in `network::mojom::CorsError` order.

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

#[cfg(test)]
mod tests {
    use super::*;

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
}
