//! The ok-status step of the CORS-preflight fetch.
//!
//! * **Checks:** the preflight response's status is 2xx — checked by Chromium only after the CORS check passed, so a
//!   405 without ACAO is `PreflightMissingAllowOriginHeader`.
//! * **Fetch standard:** <https://fetch.spec.whatwg.org/#cors-preflight-fetch> (step 7),
//!   <https://fetch.spec.whatwg.org/#ok-status>.
//! * **Chromium `CorsError`:** `PreflightInvalidStatus`.

use super::{status_text, CheckFailure, CorsError, CorsRequest, CorsResponse};

const SPEC_OK_STATUS: &str = "https://fetch.spec.whatwg.org/#ok-status";

/// Step: ok status (<https://fetch.spec.whatwg.org/#ok-status>, 200–299),
/// checked by Chromium only after the CORS check passed
/// (`CheckPreflightAccess`, preflight_controller.cc).
pub(super) fn check(req: &CorsRequest, res: &CorsResponse) -> Result<(), CheckFailure> {
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
            "The preflight response allows the origin but has status {}, not a 2xx, so the browser refused to send the \
                {}.",
            status_text(res.status),
            req.method
        ),
    })
}

#[cfg(test)]
mod tests {
    use crate::cors::test_support::*;
    use crate::cors::*;

    #[test]
    fn preflight_405_without_acao_is_missing_allow_origin() {
        let f = pf_err("PUT", &[], OMIT, 405, &[("Allow", "GET, HEAD")]).unwrap();
        assert_eq!(f.error, CorsError::PreflightMissingAllowOriginHeader);
        assert_eq!(
            f.detail,
            "The preflight response (405 Method Not Allowed) has no Access-Control-Allow-Origin \
            header, so the browser refused to send the PUT."
        );
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
}
