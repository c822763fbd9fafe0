//! The CORS-preflight fetch's checks on the preflight response, in Chromium's order.
//!
//! * **Checks:** redirect ([`super::preflight_redirect`]) → the CORS check ([`super::check`], `Preflight*` names) → ok
//!   status ([`super::preflight_status`]) → parse `Access-Control-Allow-Methods`, then `-Headers` → the method
//!   ([`super::allow_methods`]) → the headers ([`super::allow_headers`]).
//! * **Fetch standard:** <https://fetch.spec.whatwg.org/#cors-preflight-fetch>.
//! * **Chromium `CorsError`:** every `Preflight*` name its steps produce, `InvalidAllowMethodsPreflightResponse`,
//!   `InvalidAllowHeadersPreflightResponse`, `MethodDisallowedByPreflightResponse`,
//!   `HeaderDisallowedByPreflightResponse`.

use super::check::{access_check, access_failure};
use super::{
    allow_headers, allow_methods, preflight_redirect, preflight_status, CheckFailure, CorsRequest, CorsResponse,
};

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
    preflight_redirect::check(req, &res)?;
    access_check(req, res.headers).map_err(|f| access_failure(req, res.status, f, true))?;
    preflight_status::check(req, &res)?;
    let methods = allow_methods::parse(req, &res)?;
    let headers = allow_headers::parse(req, &res)?;
    allow_methods::check(req, &res, &methods)?;
    allow_headers::check(req, &res, &headers)
}

#[cfg(test)]
mod tests {
    use crate::cors::test_support::*;
    use crate::cors::*;

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
    fn preflight_checks_methods_before_headers() {
        let f = pf_err("DELETE", &[("X-A", "1")], OMIT, 200, &[OK_ORIGIN, ("Access-Control-Allow-Methods", "GET")])
            .unwrap();
        assert_eq!(f.error, CorsError::MethodDisallowedByPreflightResponse);
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
}
