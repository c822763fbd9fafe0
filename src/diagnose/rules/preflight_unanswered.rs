//! Rule: the preflight got no response at all. Blocked by the browser: a
//! CORS problem the HAR cannot explain (a probe would); otherwise the server
//! could not be reached — a network problem, not a method or CORS one.

use super::super::facts::{blocked_by_browser, Facts};
use super::super::preflight::Check;
use super::super::verdict::{Decided, Verdict};
use super::super::{Cause, Context, Evidence, EvidenceKind};

pub(super) fn check(f: &Facts, _: &dyn Context) -> Option<Verdict> {
    let p = f.preflight.observed()?;
    let Check::Unanswered { error } = &p.check else {
        return None;
    };
    let (method, path) = (&f.request.method, &f.path);
    let verdict = if blocked_by_browser(p.entry) {
        Verdict::refusal(
            Decided::preflight(f),
            Cause::CorsPreflight,
            format!(
                "The browser never sent your {} {}: its CORS preflight was blocked without a response ({error}), and \
                    the HAR does not record why. A probe (OPTIONS with Origin and Access-Control-Request-Method) would \
                    show what the server answers.",
                method, path
            ),
        )
        .needs_probe()
    } else {
        Verdict::outcome(
            Decided::preflight(f),
            true,
            format!(
                "The browser never sent your {} {}: its CORS preflight got no response ({error}) — the server could \
                    not be reached. A network problem, not a method or CORS one.",
                method, path
            ),
        )
    };
    Some(verdict.evidence(
        Evidence::new(EvidenceKind::Status, format!("The preflight got no response: {error}")).entry(p.index),
    ))
}
