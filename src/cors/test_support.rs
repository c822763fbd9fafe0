//! What the CORS checks' tests share: a page and an API origin, header
//! lists, and the checks run on them.

use super::*;

pub(super) const PAGE: &str = "http://localhost:5173";
pub(super) const API: &str = "http://api.test:8000/items/1";

pub(super) fn hs(pairs: &[(&str, &str)]) -> Headers {
    let mut h = Headers::new();
    for (n, v) in pairs {
        h.push(*n, *v);
    }
    h
}

pub(super) fn rq<'a>(method: &'a Method, headers: &'a Headers, credentials: CredentialsMode) -> CorsRequest<'a> {
    CorsRequest { method, url: API, origin: PAGE, headers, credentials }
}

pub(super) fn res(status: u16, headers: &Headers) -> CorsResponse<'_> {
    CorsResponse { status, headers }
}

pub(super) fn err_of(r: Result<(), CheckFailure>) -> CheckFailure {
    match r {
        Err(f) => f,
        Ok(()) => panic!("expected a failure"),
    }
}

pub(super) fn cors_err(
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

pub(super) fn pf_err(
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

pub(super) fn pf_code(
    method: &str,
    req_h: &[(&str, &str)],
    cred: CredentialsMode,
    status: u16,
    res_h: &[(&str, &str)],
) -> Option<CorsError> {
    pf_err(method, req_h, cred, status, res_h).map(|f| f.error)
}

pub(super) const OMIT: CredentialsMode = CredentialsMode::SameOrigin;
pub(super) const INCL: CredentialsMode = CredentialsMode::Include;
pub(super) const OK_ORIGIN: (&str, &str) = ("Access-Control-Allow-Origin", PAGE);
