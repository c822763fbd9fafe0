//! Rule: a 301/302/303 redirect turned a write (POST, PUT, PATCH, DELETE)
//! into a GET (<https://fetch.spec.whatwg.org/#http-redirect-fetch>): the
//! body never reached a handler, whatever the final status.

use crate::http::path_and_query;
use crate::stack::FixKind;

use super::super::facts::Facts;
use super::super::verdict::{Decided, Verdict};
use super::super::words::status_text;
use super::super::{Cause, Context};

pub(super) fn check(f: &Facts, _: &dyn Context) -> Option<Verdict> {
    let r = f.last.as_ref()?;
    let method = &f.request.method;
    let changed = f.hops.redirects.iter().find(|h| h.method_before != h.method_after)?;
    if !method.is_write() {
        return None;
    }
    let st = r.status;
    let outcome = if st >= 400 {
        format!("which the server refused with {}", status_text(st))
    } else {
        format!(
            "and the GET succeeded with {} — your {} body never reached a handler (the write was silently dropped)",
            status_text(st),
            method
        )
    };
    let summary = format!(
        "A {} redirect turned your {} {} into {} {}, {}.{}",
        changed.status,
        changed.method_before,
        f.path,
        changed.method_after,
        path_and_query(&changed.to),
        outcome,
        f.hops.cors_note(st)
    );
    let suggestion = format!(
        "Send the {} straight to {}; or have the server redirect with 307/308, which keep the method and body.",
        method,
        path_and_query(&changed.to)
    );
    let fix = FixKind::RedirectChangedMethod { method, from: &changed.from, to: &changed.to, status: changed.status };
    Some(
        Verdict::refusal(Decided::response(r), Cause::RedirectMethodChange, summary)
            .suggest(Some(suggestion))
            .fix(&fix),
    )
}
