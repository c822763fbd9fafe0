//! Rule: a catch-all OPTIONS route answered the preflight, and no route
//! handles the method itself. Seen two ways: a 405 whose `Allow` (or, for
//! Slim, whose body) names OPTIONS alone; or, for a framework whose wrong
//! method is a 404 (Express), a preflight with CORS headers followed by a
//! 404 without them — CORS applied to OPTIONS only.

use crate::http::Method;
use crate::stack::{FixKind, Quirk};

use super::super::facts::{Facts, Final};
use super::super::verdict::{Decided, Verdict};
use super::super::{Cause, Context, Evidence, EvidenceKind};

/// The 405 kind: `Allow: OPTIONS`, or Slim's "Must be one of: OPTIONS".
pub(super) fn check(f: &Facts, _: &dyn Context) -> Option<Verdict> {
    let r = f.last.as_ref().filter(|r| r.status == 405)?;
    let allow_only_options =
        r.allowed.as_ref().is_some_and(|a| !a.is_empty() && a.iter().all(|m| *m == Method::Options));
    if !allow_only_options && r.only_options_body.is_none() {
        return None;
    }
    let (method, bare) = (&r.method, &r.bare_path);
    let summary = format!(
        "No route handles {} {}: a catch-all OPTIONS route answered the preflight, so the only method this path knows \
            is OPTIONS — the URL is probably wrong or the {} route was never registered.{}",
        method,
        bare,
        method,
        f.hops.cors_note(r.status)
    );
    let mut v = Verdict::refusal(Decided::response(r), Cause::CatchAllOptions, summary);
    if let Some(q) = &r.only_options_body {
        v = v.evidence(Evidence::new(EvidenceKind::Body, q.evidence.clone()).entry(r.index));
    }
    let suggestion = format!(
        "Check the URL ({bare}) against the server's routes; if it is right, register a {method} route for it."
    );
    Some(v.suggest(Some(suggestion)).fix(&FixKind::MissingRoute { method, path: bare }))
}

/// The 404 kind: the preflight carried CORS headers, the wrong-method 404 none.
pub(super) fn check_404(f: &Facts, _: &dyn Context) -> Option<Verdict> {
    let r = f.last.as_ref()?;
    let quirk = r.wrong_method_404.as_ref()?;
    // CORS headers on the preflight but not on the 404: CORS is applied to
    // OPTIONS alone — a catch-all OPTIONS handler such as
    // `app.options('*', cors())` — and no route handles the method here.
    let preflight_had_cors =
        f.preflight.observed().is_some_and(|p| p.entry.response.headers.contains("access-control-allow-origin"));
    if !preflight_had_cors || r.entry.response.headers.contains("access-control-allow-origin") {
        return None;
    }
    let method = &r.method;
    let observation = format!(
        "The preflight was answered with CORS headers but the {method}'s 404 carries none: CORS is applied to OPTIONS \
            only (a catch-all OPTIONS handler such as app.options('*', cors())), and no {method} route matched."
    );
    Some(
        Verdict::refusal(Decided::response(r), Cause::CatchAllOptions, summary_404(f, r, quirk))
            .evidence(Evidence::new(EvidenceKind::Body, quirk.evidence.clone()).entry(r.index))
            .evidence(Evidence::new(EvidenceKind::Observation, observation))
            .suggest(Some(format!(
                "Check the URL ({}) against the server's routes; if it is right, register a {method} route for it (and \
                    apply CORS to all routes, not only OPTIONS).",
                r.bare_path
            )))
            .fix(&FixKind::MissingRoute { method, path: &r.bare_path }),
    )
}

fn summary_404(f: &Facts, r: &Final, quirk: &Quirk) -> String {
    let (method, bare) = (&r.method, &r.bare_path);
    format!(
        "No route handles {} {}: a catch-all OPTIONS handler answered the preflight, then the server answered the {} \
            itself with 404 \"{}\" — the URL is probably wrong or the {} route was never registered.{}",
        method,
        bare,
        method,
        quirk.says,
        method,
        f.hops.cors_note(r.status)
    )
}
