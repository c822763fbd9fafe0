//! Rule: the preflight is in the HAR and the request itself is not. Either the preflight passed (the request
//! was still in flight, or the exporter dropped it), or it fails only if the request carried credentials, which
//! nothing in the HAR shows. Exporters such as chrome-har, puppeteer-har and chrome-har-capturer drop every failed
//! request, so a missing request is no evidence of a cause: the diagnosis says what is missing and what it means,
//! and a new capture (or a probe) settles it.

use super::super::facts::Facts;
use super::super::preflight::Check;
use super::super::verdict::{Decided, Verdict};
use super::super::words::lower_first;
use super::super::{Context, Evidence, EvidenceKind};

pub(super) fn check(f: &Facts, _: &dyn Context) -> Option<Verdict> {
    if f.request.entry.is_some() {
        return None;
    }
    let (method, path) = (&f.request.method, &f.path);
    let missing = format!(
        "the {method} itself is not in this HAR: still in flight when the HAR was saved, or dropped by the exporter \
         (chrome-har, puppeteer-har and chrome-har-capturer leave out every failed request)"
    );
    let credentials_only = f.preflight.observed().and_then(|p| match &p.check {
        Check::Refused { failure, why_credentials: Some(_) } => Some(failure),
        _ => None,
    });
    let Some(failure) = credentials_only else {
        let summary = format!("The preflight for {method} {path} passed, but {missing}.");
        return Some(Verdict::outcome(Decided::preflight(f), false, summary));
    };
    let summary = format!(
        "The preflight for {method} {path} passes for a request without credentials, but {missing}. If the page \
         sent it with credentials (cookies, credentials: 'include'), the browser refused it: {}",
        lower_first(&failure.detail)
    );
    let v = Verdict::outcome(Decided::preflight(f), false, summary)
        .evidence(Evidence::new(
            EvidenceKind::Inference,
            format!(
                "The HAR has no {method} after the preflight, so it cannot tell whether the request was blocked or \
                 which credentials mode it used."
            ),
        ))
        .suggest(Some(
            "Capture again with DevTools' own \"Save all as HAR\" (it keeps failed requests), or check whether the \
             page sends this request with credentials."
                .into(),
        ));
    Some(v.needs_probe())
}
