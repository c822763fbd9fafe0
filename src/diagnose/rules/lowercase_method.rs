//! Rule: the page wrote a standard method in lowercase (`fetch(url, {method: 'patch'})`). Browsers uppercase
//! only DELETE, GET, HEAD, OPTIONS, POST and PUT (Fetch's "normalize a method"); `patch` goes out as written, and
//! `Access-Control-Allow-Methods` and most routers compare methods case-sensitively, so `PATCH` does not match
//! it. The fix is in the client: write the method in uppercase (a server that accepted `patch` would only hide
//! the slip). Decides a preflight refused for the method, or a request the server refused.

use crate::cors::CorsError;
use crate::http::Method;
use crate::stack::FixKind;

use super::super::facts::Facts;
use super::super::preflight::Check;
use super::super::verdict::{Decided, Verdict};
use super::super::words::status_text;
use super::super::{Cause, Context, CorsStep, DecidedBy, Evidence, EvidenceKind};

/// The standard method `m` spells in another case, when browsers send it as written (PATCH, CONNECT, TRACE).
pub(super) fn lowercase_standard(m: &Method) -> Option<Method> {
    let Method::Other(s) = m else { return None };
    match Method::parse(&s.to_ascii_uppercase()) {
        Method::Other(_) => None,
        upper => Some(upper),
    }
}

pub(super) fn check(f: &Facts, _: &dyn Context) -> Option<Verdict> {
    let sent = &f.request.method;
    let upper = lowercase_standard(sent)?;
    let why = format!(
        "browsers uppercase only DELETE, GET, HEAD, OPTIONS, POST and PUT, so your code's '{sent}' went out as \
         written, and methods are compared case-sensitively"
    );
    let head = format!("Your code sent the method '{sent}' in lowercase ({} {})", sent, f.path);
    let fix = FixKind::UppercaseMethod { method: sent, upper: &upper, path: &f.bare_path };
    let suggestion = Some(format!(
        "Write method: '{upper}' in the client. (Listing '{sent}' on the server would work too, but only hides the \
         slip.)"
    ));
    let p = f.preflight.observed();
    if let Some((p, failure)) = p.and_then(|p| match &p.check {
        Check::Refused { failure, .. } => Some((p, failure)),
        _ => None,
    }) {
        if failure.error != CorsError::MethodDisallowedByPreflightResponse {
            return None;
        }
        let allows = p.entry.response.headers.get_combined("access-control-allow-methods").unwrap_or_default();
        let summary = format!(
            "{head}: its CORS preflight allows {allows} (Access-Control-Allow-Methods), which does not include \
             '{sent}': {why}. Write {upper} in the client."
        );
        let decided = Decided { by: DecidedBy::Preflight, stack: f.origin_stack(), allowed: None };
        let v = Verdict::refusal(decided, Cause::CorsPreflight, summary)
            .cors_step(CorsStep::of(failure, true))
            .evidence(Evidence::cors_check(failure, p.index));
        return Some(v.suggest(suggestion).fix(&fix));
    }
    // The statuses a router or server answers an unknown method with (a 500 or a 403 says something else).
    let last = f.last.as_ref().filter(|r| matches!(r.status, 400 | 404 | 405 | 501))?;
    let summary = format!(
        "{head}: the server answered {}, as it does not route '{sent}': {why}. Write {upper} in the client.",
        status_text(last.status)
    );
    let v = Verdict::refusal(Decided::response(last), Cause::MethodMismatch, summary).evidence(
        Evidence::new(EvidenceKind::Observation, format!("The request line says '{sent}', not {upper}."))
            .entry(last.index),
    );
    Some(v.suggest(suggestion).fix(&fix))
}
