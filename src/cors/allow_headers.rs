//! The `Access-Control-Allow-Headers` step of the CORS-preflight fetch.
//!
//! * **Checks:** the header parses as a list of field-name tokens, and lists every CORS-unsafe request-header name
//!   (case-insensitively; `*` covers all but `Authorization` without credentials).
//! * **Fetch standard:** <https://fetch.spec.whatwg.org/#cors-preflight-fetch> (steps 7.3, 7.6),
//!   <https://fetch.spec.whatwg.org/#cors-non-wildcard-request-header-name>.
//! * **Chromium `CorsError`:** `InvalidAllowHeadersPreflightResponse`, `HeaderDisallowedByPreflightResponse`.

use super::request_headers::cors_unsafe_names_in_request_order;
use super::{
    normalized_header, parse_allow_header, CheckFailure, CorsError, CorsRequest, CorsResponse, CredentialsMode, ACAH,
    SPEC_PREFLIGHT,
};

const SPEC_NON_WILDCARD: &str = "https://fetch.spec.whatwg.org/#cors-non-wildcard-request-header-name";

/// Parses `Access-Control-Allow-Headers` (Chromium's `PreflightResult::Parse`,
/// second half, after the methods).
pub(super) fn parse(req: &CorsRequest, res: &CorsResponse) -> Result<Vec<String>, CheckFailure> {
    let step = "CORS-preflight fetch: Access-Control-Allow-Headers";
    parse_allow_header(req, res, (ACAH, step), CorsError::InvalidAllowHeadersPreflightResponse, "header")
}

/// Step: the headers (<https://fetch.spec.whatwg.org/#cors-preflight-fetch>,
/// Chromium's `EnsureAllowedCrossOriginHeaders`). Names compare
/// case-insensitively. With `*` listed and no credentials, everything is
/// allowed except `Authorization`, which must be listed by name
/// (<https://fetch.spec.whatwg.org/#cors-non-wildcard-request-header-name>).
/// Otherwise Chromium walks the CORS-unsafe names in the order the request
/// carries them and reports the first one not listed (the standard walks
/// them sorted; the verdict is the same, only the name reported can differ).
pub(super) fn check(req: &CorsRequest, res: &CorsResponse, allowed: &[String]) -> Result<(), CheckFailure> {
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
                    "The request sends an Authorization header, which the wildcard in Access-Control-Allow-Headers \
                        does not cover (Authorization must be listed by name), {so}."
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
            None => format!(
                "The request sends the header '{name}', but the preflight response has no \
                Access-Control-Allow-Headers, {so}."
            ),
            Some(v) if has("*") => format!(
                "The request sends the header '{name}' with credentials, and the wildcard in \
                    Access-Control-Allow-Headers '{v}' never counts for requests with credentials, {so}."
            ),
            Some(v) => format!(
                "The request sends the header '{name}', which the preflight response's \
                Access-Control-Allow-Headers '{v}' does not list, {so}."
            ),
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

#[cfg(test)]
mod tests {
    use crate::cors::test_support::*;
    use crate::cors::*;

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
}
