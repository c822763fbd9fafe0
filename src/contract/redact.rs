//! A contract report redacted for export: every text that came from a HAR, a server, a spec or the command line
//! goes through the shared [`Redactor`] (the same pass as `diagnose`'s reports: tokens in URLs and free text, secret
//! header values, values learned from the HAR), so a report pasted into a CI log or a ticket holds no secret.
//! `--include-secrets` turns it off.

use super::{Check, ContractReport, Observed, Outcome};
use crate::redact::Redactor;

impl ContractReport {
    /// Redacts the report in place with `r` (nothing when `r` is off). Both deployments' checks of `--compare` go
    /// through the same redactor, so their ids still match.
    pub fn redact(&mut self, r: &Redactor) {
        if !r.enabled() {
            return;
        }
        self.targets = self.targets.iter().map(|t| r.text(t)).collect();
        for c in self.checks.iter_mut().chain(self.compared.iter_mut().flatten()) {
            check(c, r);
        }
        for d in &mut self.differences {
            d.check = r.text(&d.check);
            d.a = d.a.as_deref().map(|v| r.text(v));
            d.b = d.b.as_deref().map(|v| r.text(v));
        }
    }
}

fn check(c: &mut Check, r: &Redactor) {
    c.id = r.text(&c.id);
    c.path = r.text(&c.path);
    c.url = c.url.as_deref().map(|u| r.url(u));
    c.note = c.note.as_deref().map(|n| r.text(n));
    match &mut c.outcome {
        Outcome::Pass => {}
        Outcome::Fail { message, evidence, fix } => {
            *message = r.text(message);
            for e in evidence.iter_mut() {
                *e = r.text(e);
            }
            *fix = fix.as_deref().map(|f| r.text(f));
        }
        Outcome::Skip { reason } => *reason = r.text(reason),
    }
    for o in &mut c.observed {
        observed(o, r);
    }
}

fn observed(o: &mut Observed, r: &Redactor) {
    o.label = r.text(&o.label);
    o.url = r.url(&o.url);
    o.error = o.error.as_deref().map(|e| r.text(e));
    for (_, v) in &mut o.headers {
        *v = r.text(v);
    }
}
