//! Rule (the last, always concludes): nothing about the method. The request
//! succeeded, failed for another reason, or only the CORS check on its
//! response failed — then the fix is the CORS headers.

use std::slice;

use crate::cors::{CheckFailure, CorsError, CredentialsMode};
use crate::stack::FixKind;

use super::super::facts::{Facts, Final};
use super::super::verdict::{Decided, Verdict};
use super::super::words::status_text;
use super::super::Context;

pub(super) fn check(f: &Facts, _: &dyn Context) -> Option<Verdict> {
    let r = f.last.as_ref()?;
    let failure = f.hops.failure.as_ref().map(|(failure, _)| failure);
    let failed = r.status >= 400 || failure.is_some();
    let v = Verdict::outcome(Decided::response(r), failed, summary(r, failure));
    let Some(failure) = failure else {
        return Some(v);
    };
    let origin = &f.origin;
    if failure.error == CorsError::MultipleAllowOriginValues {
        return Some(duplicate(v, r, origin));
    }
    let kind = match failure.error {
        CorsError::WildcardOriginNotAllowed | CorsError::InvalidAllowCredentials => FixKind::Credentials { origin },
        _ if r.status >= 400 && r.cors_filter_refusal.is_none() => FixKind::CorsOnErrors { origin },
        _ => FixKind::AllowCors {
            origin,
            methods: slice::from_ref(&r.method),
            headers: &[],
            credentials: f.credentials == CredentialsMode::Include,
            path: &r.bare_path,
        },
    };
    Some(v.fix(&kind))
}

fn summary(r: &Final, failure: Option<&CheckFailure>) -> String {
    let (method, path, st) = (&r.method, &r.path, r.status);
    match failure {
        Some(_) if r.cors_filter_refusal.is_some() => format!(
            "{} {} was refused with {} by {}'s own CORS filter before any handler ran — not a method problem: {}. \
                List your page's origin (and the method) in the filter's configuration.",
            method,
            path,
            status_text(st),
            r.cors_filter_refusal.as_ref().map(|q| q.stack.label()).unwrap_or_default(),
            r.cors_filter_refusal.as_ref().map(|q| q.evidence.as_str()).unwrap_or_default(),
        ),
        Some(f) if st >= 400 => format!(
            "{} {} failed with {} — not a method problem.{}",
            method,
            path,
            status_text(st),
            if f.error == CorsError::MissingAllowOriginHeader {
                format!(
                    " Your code saw a CORS error because the {st} error response has no \
                    Access-Control-Allow-Origin: fix the {st} first, and make error responses carry CORS headers."
                )
            } else {
                format!(" The browser also hid it from your code: {}", f.detail)
            }
        ),
        Some(f) => format!(
            "{} {} answered {}, but the browser hid the response from your code: {}",
            method,
            path,
            status_text(st),
            f.detail
        ),
        None if st >= 400 => {
            format!("{} {} failed with {} — not a method or CORS problem.", method, path, status_text(st))
        }
        None => format!("{} {} succeeded ({}).", method, path, status_text(st)),
    }
}

/// `Access-Control-Allow-Origin` sent more than once on the response: two layers both add CORS headers. Nothing
/// needs answering (there may be no preflight at all): the fix is to remove one.
fn duplicate(v: Verdict, r: &Final, origin: &str) -> Verdict {
    let header = "Access-Control-Allow-Origin";
    let values = r.entry.response.headers.get_combined("access-control-allow-origin").unwrap_or_default();
    let suggestion = format!(
        "Remove the duplicate {header}: two layers (often a proxy and the app) both add CORS headers. Keep one."
    );
    v.suggest(Some(suggestion)).fix(&FixKind::DuplicateHeader { header, values: &values, origin, path: &r.bare_path })
}
