//! Rule: the final hop got no response (status 0). Blocked by the browser on
//! a CORS request: the HAR does not say why (a probe would); otherwise a
//! network failure.

use super::super::facts::{blocked_by_browser, Facts};
use super::super::verdict::{Decided, Verdict};
use super::super::{Context, Evidence, EvidenceKind};

pub(super) fn check(f: &Facts, _: &dyn Context) -> Option<Verdict> {
    let r = f.last.as_ref().filter(|r| r.status == 0)?;
    let err = r.entry.response.error.clone().unwrap_or_else(|| "no response".into());
    let evidence = Evidence::new(EvidenceKind::Status, format!("No response: {err}")).entry(r.index);
    let blocked = blocked_by_browser(r.entry) && f.cors_mode;
    let verdict = if blocked {
        let summary = format!("The browser blocked {} {} ({err}) and the HAR does not record why.", r.method, r.path);
        Verdict::outcome(Decided::response(r), true, summary).needs_probe()
    } else {
        let summary =
            format!("{} {} got no response ({err}): a network failure, not a method problem.", r.method, r.path);
        Verdict::outcome(Decided::response(r), true, summary)
    };
    Some(verdict.evidence(evidence))
}
