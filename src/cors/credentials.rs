//! The `Access-Control-Allow-Credentials` step of the CORS check.
//!
//! * **Checks:** for a request with credentials (cookies) included, ACAC is exactly `true`.
//! * **Fetch standard:** <https://fetch.spec.whatwg.org/#cors-check> (step 6),
//!   <https://fetch.spec.whatwg.org/#http-access-control-allow-credentials>.
//! * **Chromium `CorsError`:** `InvalidAllowCredentials`, `PreflightInvalidAllowCredentials`.

use crate::http::Headers;

use super::check::Subject;
use super::{lower_first, normalized_header, CheckFailure, CorsError, ACAC};

const SPEC_ACAC: &str = "https://fetch.spec.whatwg.org/#http-access-control-allow-credentials";

/// With credentials mode include, `Access-Control-Allow-Credentials` must be
/// exactly `true` (case-sensitive); `Err` holds what it held instead.
pub(super) fn check(headers: &Headers) -> Result<(), Option<String>> {
    let acac = normalized_header(headers, ACAC);
    if acac.as_deref() != Some("true") {
        return Err(acac);
    }
    Ok(())
}

/// Words the failure on `s`'s response (failed parameter: the received value).
pub(super) fn failure(s: &Subject, value: Option<String>) -> CheckFailure {
    let (what, so) = (lower_first(&s.what), &s.so);
    CheckFailure {
        error: s.pick(CorsError::InvalidAllowCredentials, CorsError::PreflightInvalidAllowCredentials),
        step: if s.preflight {
            "CORS-preflight fetch: CORS check (Access-Control-Allow-Credentials)"
        } else {
            "CORS check: Access-Control-Allow-Credentials"
        },
        spec: SPEC_ACAC,
        header: Some(ACAC),
        failed_parameter: value.clone().filter(|v| !v.is_empty()),
        detail: match &value {
            None => format!(
                "The request is sent with credentials, but {what} has no Access-Control-Allow-Credentials: \
                true, {so}."
            ),
            Some(v) => format!(
                "The request is sent with credentials, but {what} has Access-Control-Allow-Credentials '{v}' instead \
                    of exactly 'true', {so}."
            ),
        },
        value,
    }
}

#[cfg(test)]
mod tests {
    use crate::cors::test_support::*;
    use crate::cors::*;

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
}
