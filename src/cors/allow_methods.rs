//! The `Access-Control-Allow-Methods` step of the CORS-preflight fetch.
//!
//! * **Checks:** the header parses as a list of method tokens, and lists the request's method byte for byte (a
//!   safelisted method needs no listing; `*` covers any method without credentials).
//! * **Fetch standard:** <https://fetch.spec.whatwg.org/#cors-preflight-fetch> (steps 7.3–7.5),
//!   <https://fetch.spec.whatwg.org/#http-new-header-syntax>.
//! * **Chromium `CorsError`:** `InvalidAllowMethodsPreflightResponse`, `MethodDisallowedByPreflightResponse`.

use super::safelist::is_cors_safelisted_method;
use super::{
    normalized_header, parse_allow_header, CheckFailure, CorsError, CorsRequest, CorsResponse, CredentialsMode, ACAM,
    SPEC_PREFLIGHT,
};

/// Parses `Access-Control-Allow-Methods` (Chromium's `PreflightResult::Parse`,
/// first half): "extracting header list values … if either is failure,
/// return a network error".
pub(super) fn parse(req: &CorsRequest, res: &CorsResponse) -> Result<Vec<String>, CheckFailure> {
    let step = "CORS-preflight fetch: Access-Control-Allow-Methods";
    parse_allow_header(req, res, (ACAM, step), CorsError::InvalidAllowMethodsPreflightResponse, "method")
}

/// Step: the method (<https://fetch.spec.whatwg.org/#cors-preflight-fetch>,
/// Chromium's `EnsureAllowedCrossOriginMethod`). Allowed when safelisted,
/// when listed — compared byte for byte, as the request sent it (`patch` is
/// not `PATCH`; only DELETE, GET, HEAD, OPTIONS, POST and PUT are
/// upper-cased by the browser beforehand) — or when `*` is listed and the
/// request has no credentials. Failed parameter: the method.
pub(super) fn check(req: &CorsRequest, res: &CorsResponse, methods: &[String]) -> Result<(), CheckFailure> {
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
        None => format!(
            "The preflight response has no Access-Control-Allow-Methods, which allows only GET, HEAD and \
            POST, not {m}, {so}."
        ),
        Some(v) => {
            if let Some(other) = methods.iter().find(|x| x.eq_ignore_ascii_case(m)) {
                format!(
                    "The preflight response's Access-Control-Allow-Methods '{v}' lists '{other}' but the request's \
                        method is '{m}', and method names are compared case-sensitively, {so}."
                )
            } else if methods.iter().any(|x| x == "*") {
                format!(
                    "The preflight response allows any method (Access-Control-Allow-Methods '{v}'), but the request is \
                        sent with credentials and a wildcard never counts for those, {so}."
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

#[cfg(test)]
mod tests {
    use crate::cors::test_support::*;
    use crate::cors::*;

    #[test]
    fn preflight_allow_lists_must_be_tokens() {
        let f =
            pf_err("PUT", &[], OMIT, 200, &[OK_ORIGIN, ("Access-Control-Allow-Methods", "GET, PUT DELETE")]).unwrap();
        assert_eq!(f.error, CorsError::InvalidAllowMethodsPreflightResponse);
        assert_eq!(f.value.as_deref(), Some("GET, PUT DELETE"));
        assert!(f.detail.contains("'PUT DELETE'"), "{}", f.detail);
        assert!(f.detail.contains("list of method names"), "{}", f.detail);
        assert_eq!((f.step, f.header), ("CORS-preflight fetch: Access-Control-Allow-Methods", Some(ACAM)));
        let f = pf_err(
            "PUT",
            &[],
            OMIT,
            200,
            &[OK_ORIGIN, ("Access-Control-Allow-Methods", "PUT"), ("Access-Control-Allow-Headers", "x-a, x/b")],
        )
        .unwrap();
        assert_eq!(f.error, CorsError::InvalidAllowHeadersPreflightResponse);
        assert!(f.detail.contains("list of header names ('x/b' is not one)"), "{}", f.detail);
        assert_eq!((f.step, f.header), ("CORS-preflight fetch: Access-Control-Allow-Headers", Some(ACAH)));
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
}
