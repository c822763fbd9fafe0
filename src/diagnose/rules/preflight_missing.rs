//! Rule: the request needed a CORS preflight, the HAR holds none, and the
//! browser blocked the request without an answer: the preflight most likely
//! failed out of sight (a capture started too late, or a cached verdict). Or the page's service worker failed
//! to answer it: Chrome records a `respondWith()` whose promise rejected the same way (status 0,
//! `net::ERR_FAILED`, provisional headers, no `_fetchedViaServiceWorker`, no CORS error; lab scenario
//! `sw_delete_respondwith_rejected`), so the summary says so.

use std::slice;

use crate::stack::FixKind;

use super::super::facts::Facts;
use super::super::preflight::Preflight;
use super::super::verdict::{Decided, Verdict};
use super::super::{Cause, Context, Evidence, EvidenceKind};

pub(super) fn check(f: &Facts, _: &dyn Context) -> Option<Verdict> {
    let Preflight::Required(plan) = &f.preflight else {
        return None;
    };
    if !f.blocked_unanswered {
        return None;
    }
    let (method, path) = (&f.request.method, &f.path);
    let headers =
        if plan.headers.is_empty() { String::new() } else { format!(", headers {}", plan.headers.join(", ")) };
    let inference = Evidence::new(
        EvidenceKind::Inference,
        format!(
            "{} {} needed a CORS preflight (method {}{}), the browser blocked it without a response, and the HAR holds \
                no OPTIONS entry for it: the preflight most likely failed.",
            method, path, plan.method, headers
        ),
    );
    let summary = format!(
        "The browser never got an answer to {} {}: it needed a CORS preflight, which is not in this HAR and most \
            likely failed. Capture with DevTools open from the start (or disable cache) to see the OPTIONS exchange. \
            If the page has a service worker, its fetch handler may have failed instead: a respondWith() whose \
            promise rejected leaves this same trace (Chrome then records no _fetchedViaServiceWorker).",
        method, path
    );
    let fix = FixKind::AllowCors {
        origin: &f.origin,
        methods: slice::from_ref(method),
        headers: &plan.headers,
        credentials: f.has_cookie,
        path: &f.bare_path,
    };
    Some(
        Verdict::refusal(Decided::preflight(f), Cause::CorsPreflight, summary)
            .evidence(inference)
            .needs_probe()
            .fix(&fix),
    )
}
