//! Rule: a 404 from a framework that answers a wrong method on an existing
//! path with 404 as well (Express's finalhandler, "Cannot PUT /x"; Fastify,
//! "Route PUT:/x not found"; h3; Gin's "404 page not found"; Rails'
//! RoutingError or public/404.html; the stack hook
//! [`crate::stack::wrong_method_404`] recognises it and quotes the answer). When the same HAR
//! shows other methods succeeding on the URL, the route exists and lacks
//! this method; when nothing settles it, a probe would.

use crate::http::Method;
use crate::stack::{FixKind, Quirk};

use super::super::facts::{Facts, Final};
use super::super::verdict::{Decided, Verdict};
use super::super::words::list;
use super::super::{Cause, Context, Evidence, EvidenceKind};
use super::method_mismatch::suggest_method;

/// The 404 page itself names the methods the route accepts (Pyramid's "predicate mismatch for view …
/// (request_method = GET,HEAD)"): the path exists and refuses this method, no probe needed.
pub(super) fn check_named(f: &Facts, _: &dyn Context) -> Option<Verdict> {
    let r = f.last.as_ref()?;
    let quirk = r.wrong_method_404.as_ref()?;
    if r.accepted_404.is_empty() {
        return None;
    }
    let (method, bare, accepted) = (&r.method, &r.bare_path, &r.accepted_404);
    let others: Vec<Method> =
        accepted.iter().filter(|m| **m != Method::Options && **m != Method::Head).cloned().collect();
    let suggested = suggest_method(method, &others);
    let summary = format!(
        "{} {} got 404, but the page says why: the route exists and accepts only {} — {} answers a method it has no \
            view for with 404, not 405.{}",
        method,
        r.path,
        list(accepted),
        quirk.stack.label(),
        f.hops.cors_note(r.status)
    );
    let suggestion = match &suggested {
        Some(s) => format!("Use {s}, or add a {method} view for {bare}."),
        None => format!("Add a {method} view for {bare} (or send one of {}).", list(accepted)),
    };
    let fix = FixKind::MethodMismatch { method, path: bare, allowed: accepted, suggested: suggested.as_ref() };
    let mut decided = Decided::response(r);
    decided.allowed = Some(accepted.clone());
    Some(
        Verdict::refusal(decided, Cause::MethodMismatch, summary)
            .evidence(body_evidence(r, quirk))
            .suggest(Some(suggestion))
            .fix(&fix),
    )
}

/// Other methods succeeded on the same URL: the method has no handler.
pub(super) fn check(f: &Facts, ctx: &dyn Context) -> Option<Verdict> {
    let r = f.last.as_ref()?;
    let quirk = r.wrong_method_404.as_ref()?;
    let method = &r.method;
    let ms = f.other_methods_succeeding(ctx);
    if ms.is_empty() {
        return None;
    }
    let bare = &r.bare_path;
    let observation = format!(
        "The same HAR shows {} {} succeeding, so the path exists and only {} is refused.",
        list(&ms),
        bare,
        method
    );
    let suggested = suggest_method(method, &ms);
    let summary = format!(
        "{} {} got 404{}, but this HAR shows {} on the same URL succeeding: the route exists and has no {} handler \
            ({} answers a method the route lacks with 404, as for a missing path).{}",
        method,
        r.path,
        said(&quirk.says),
        list(&ms),
        method,
        quirk.stack.label(),
        f.hops.cors_note(r.status)
    );
    let suggestion = suggested.as_ref().map(|s| format!("Use {s}, or add a {method} handler for {bare}."));
    let fix = FixKind::MethodMismatch { method, path: bare, allowed: &ms, suggested: suggested.as_ref() };
    Some(
        Verdict::refusal(Decided::response(r), Cause::MethodMismatch, summary)
            .evidence(body_evidence(r, quirk))
            .evidence(Evidence::new(EvidenceKind::Observation, observation))
            .suggest(suggestion)
            .fix(&fix),
    )
}

/// Nothing in the HAR tells a missing path from a missing handler.
pub(super) fn check_unsettled(f: &Facts, _: &dyn Context) -> Option<Verdict> {
    let r = f.last.as_ref()?;
    let quirk = r.wrong_method_404.as_ref()?;
    let (method, bare) = (&r.method, &r.bare_path);
    let summary = format!(
        "{} {} got 404{}: either the path does not exist or it has no {} handler — {} answers both with 404, and \
            this HAR cannot tell which. A probe (GET or OPTIONS on the same URL) would settle it.{}",
        method,
        r.path,
        said(&quirk.says),
        method,
        quirk.stack.label(),
        f.hops.cors_note(r.status)
    );
    // no code in the words: a path from the HAR would be pasted into it unescaped (the fix's snippet escapes it)
    let suggestion = format!(
        "Check that the server has a {method} route for {bare} (the fix below shows one in {}).",
        quirk.stack.label()
    );
    let v = Verdict::outcome(Decided::response(r), true, summary)
        .evidence(body_evidence(r, quirk))
        .needs_probe()
        .suggest(Some(suggestion));
    Some(unsettled_fix(v, f))
}

/// The fix of an unsettled 404 (a probe would tell a missing path from a missing handler): the CORS headers on
/// error responses when the browser also hid the 404, else a handler for the method.
pub(super) fn unsettled_fix(v: Verdict, f: &Facts) -> Verdict {
    match (&f.hops.failure, &f.last) {
        (None, Some(r)) => v.fix(&FixKind::MissingRoute { method: &r.method, path: &r.bare_path }),
        _ => v.fix(&FixKind::CorsOnErrors { origin: &f.origin }),
    }
}

fn body_evidence(r: &Final, quirk: &Quirk) -> Evidence {
    Evidence::new(EvidenceKind::Body, quirk.evidence.clone()).entry(r.index)
}

/// The answer's own words, quoted after its status (` "Cannot PUT /x"`), or nothing when the body was not recorded.
fn said(says: &str) -> String {
    if says.is_empty() {
        String::new()
    } else {
        format!(" \"{says}\"")
    }
}
