//! What a rule concludes ([`Verdict`]) and how it becomes a [`Diagnosis`]:
//! the verdict names the cause and words it; what decided it ([`Decided`])
//! says which facts the diagnosis shows beside it (the preflight's alone, or
//! also every hop and the final response).

use crate::stack::{FixKind, FixNote, Stack};

use super::facts::{Facts, Final};
use super::kind::RequestKind;
use super::layer::Layer;
use super::words::{list, status_text};
use super::{Cause, CorsStep, DecidedBy, Diagnosis, Evidence, EvidenceKind};
use crate::http::Method;

/// Which response decided, and what it tells beside the verdict.
pub(super) struct Decided {
    pub by: DecidedBy,
    /// The stack the diagnosis names (and the fix is written for).
    pub stack: Option<Stack>,
    /// The deciding response's `Allow`.
    pub allowed: Option<Vec<Method>>,
}

impl Decided {
    /// The preflight decided, and no response of its own names a stack.
    pub(super) fn preflight(f: &Facts) -> Self {
        Decided { by: DecidedBy::Preflight, stack: f.origin_stack(), allowed: None }
    }

    /// The final response decided.
    pub(super) fn response(r: &Final) -> Self {
        Decided { by: DecidedBy::Response, stack: r.stack, allowed: r.allowed.clone() }
    }

    /// The same, naming `stack` instead (a layer in front of the app answered: the app's stack gets no fix).
    pub(super) fn naming(mut self, stack: Option<Stack>) -> Self {
        self.stack = stack;
        self
    }
}

/// A rule's conclusion about one exchange.
pub(super) struct Verdict {
    decided: Decided,
    cause: Cause,
    problem: bool,
    failed: bool,
    summary: String,
    suggestion: Option<String>,
    fix: Option<FixNote>,
    /// The rule's own evidence, after what the deciding facts show.
    evidence: Vec<Evidence>,
    warnings: Vec<String>,
    needs_probe: bool,
    /// The failed CORS step, when the verdict is one.
    cors: Option<CorsStep>,
    /// What fails next once the fix is in.
    next: Option<String>,
    /// Which layer answered, when the rule compared another response than the final one (the preflight's).
    layer: Option<Layer>,
}

impl Verdict {
    /// A refusal: a method or CORS problem made the request fail. The one
    /// place a cause, `problem` and `failed` are set together.
    pub(super) fn refusal(decided: Decided, cause: Cause, summary: String) -> Self {
        Verdict::new(decided, cause, true, true, summary)
    }

    /// Not a method or CORS problem: the request succeeded, or `failed` for
    /// another reason.
    pub(super) fn outcome(decided: Decided, failed: bool, summary: String) -> Self {
        Verdict::new(decided, Cause::NotMethodRelated, false, failed, summary)
    }

    /// No rule decided (an exchange whose entries are missing): the facts alone.
    pub(super) fn undecided() -> Self {
        let decided = Decided { by: DecidedBy::None, stack: None, allowed: None };
        Verdict::new(decided, Cause::NotMethodRelated, false, false, String::new())
    }

    fn new(decided: Decided, cause: Cause, problem: bool, failed: bool, summary: String) -> Self {
        Verdict {
            decided,
            cause,
            problem,
            failed,
            summary,
            suggestion: None,
            fix: None,
            evidence: Vec::new(),
            warnings: Vec::new(),
            needs_probe: false,
            cors: None,
            next: None,
            layer: None,
        }
    }

    pub(super) fn suggest(mut self, suggestion: Option<String>) -> Self {
        self.suggestion = suggestion;
        self
    }

    /// The fix, for the stack the verdict names.
    pub(super) fn fix(mut self, kind: &FixKind) -> Self {
        self.fix = Some(FixNote::new(self.decided.stack, kind));
        self
    }

    pub(super) fn evidence(mut self, e: Evidence) -> Self {
        self.evidence.push(e);
        self
    }

    pub(super) fn warn(mut self, w: String) -> Self {
        self.warnings.push(w);
        self
    }

    /// The HAR cannot settle this: a probe request would.
    pub(super) fn needs_probe(mut self) -> Self {
        self.needs_probe = true;
        self
    }

    /// What will fail next once the fix is in (it only uncovers the next refusal).
    pub(super) fn then(mut self, next: String) -> Self {
        self.next = Some(next);
        self
    }

    /// Which layer answered the response that decided (the preflight's: the facts compare only the final one).
    pub(super) fn layer(mut self, layer: Layer) -> Self {
        self.layer = Some(layer);
        self
    }

    /// The failed CORS step the verdict is about.
    pub(super) fn cors_step(mut self, step: CorsStep) -> Self {
        self.cors = Some(step);
        self
    }

    /// The diagnosis: the facts that decided, then the verdict.
    pub(super) fn into_diagnosis(self, f: &Facts) -> Diagnosis {
        let mut d = base(f);
        match (&self.decided.by, &f.last) {
            (DecidedBy::Preflight, _) => d.status = f.preflight.observed().map_or(0, |o| o.status()),
            (DecidedBy::Response, Some(r)) => response_facts(&mut d, f, r, self.decided.stack),
            _ => {}
        }
        d.decided_by = self.decided.by;
        d.stack = self.decided.stack;
        d.allowed = self.decided.allowed;
        if let Some(step) = self.cors {
            d.cors_error = Some(step.error);
            d.cors_step = Some(Box::new(step));
        }
        d.cause = self.cause;
        d.problem |= self.problem;
        d.failed = self.failed;
        d.summary = self.summary;
        d.suggestion = self.suggestion;
        d.fix = self.fix.map(Box::new);
        d.evidence.extend(self.evidence);
        d.warnings.extend(self.warnings);
        d.needs_probe = self.needs_probe;
        d.next = self.next;
        if let Some(l) = self.layer {
            d.layer = Some(Box::new(l));
        }
        d
    }
}

/// The diagnosis before any verdict: the request, and what its preflight shows.
fn base(f: &Facts) -> Diagnosis {
    let ex = f.exchange;
    Diagnosis {
        method: f.request.method.clone(),
        url: f.request.url.clone(),
        kind: f.kind,
        status: 0,
        cause: Cause::NotMethodRelated,
        cors_error: None,
        allowed: None,
        stack: None,
        server: f.server,
        layer: f.layer.clone().map(Box::new),
        summary: String::new(),
        fix: None,
        evidence: kind_evidence(f)
            .into_iter()
            .chain(f.preflight.evidence(&f.request.method, &f.path, f.blocked_unanswered))
            .collect(),
        redirects: Vec::new(),
        problem: false,
        failed: false,
        decided_by: DecidedBy::None,
        cors_step: None,
        suggestion: None,
        next: None,
        warnings: Vec::new(),
        needs_probe: false,
        probe: None,
        preflight: f.preflight.info(&f.origin).map(Box::new),
        request_inferred: ex.request_inferred(),
        initiator: f.request.entry.and_then(|(_, e)| e.initiator.as_ref()).and_then(|i| i.frame.clone()).map(Box::new),
        id: ex.id,
        entries: ex.entries().collect(),
    }
}

/// What kind of request it is, when CORS does not govern it.
fn kind_evidence(f: &Facts) -> Option<Evidence> {
    if !f.outside_cors() {
        return None;
    }
    let text = if f.kind == RequestKind::ServiceWorker {
        "Chrome recorded response._fetchedViaServiceWorker: true: the page's service worker answered it (its fetch \
         handler called respondWith()); the server did not."
            .to_string()
    } else {
        format!("This is {}, not a fetch: {}.", f.kind.label(), f.kind.why_no_cors())
    };
    let e = Evidence::new(EvidenceKind::Observation, text);
    Some(match f.request.entry {
        Some((i, _)) => e.entry(i),
        None => e,
    })
}

/// What the hops and the final response show: redirects, the stack, the
/// status and `Allow`, a CORS failure on a response, RFC 9110 warnings.
fn response_facts(d: &mut Diagnosis, f: &Facts, r: &Final, stack: Option<Stack>) {
    d.status = r.status;
    d.redirects = f.hops.redirects.clone();
    d.evidence.extend(f.hops.evidence.iter().cloned());
    // (a service worker's response names no server stack, even when it copies a cached response's headers)
    let named = f.kind.answered_by_server();
    if let Some((s, ev)) = r.detection.generated_by.as_ref().filter(|_| named) {
        d.evidence.push(
            Evidence::new(EvidenceKind::Signature, format!("Response generated by {}: {}", s.label(), ev))
                .entry(r.index),
        );
    } else if let Some((s, ev)) = f.stacks_seen.iter().find(|(s, _)| named && Some(*s) == stack) {
        d.evidence.push(Evidence::new(
            EvidenceKind::Signature,
            format!("Server stack on this origin: {} ({})", s.label(), ev),
        ));
    }
    if r.status == 0 {
        return;
    }
    let mut ev_status =
        Evidence::new(EvidenceKind::Status, format!("{} {} answered {}", r.method, r.path, status_text(r.status)))
            .entry(r.index);
    if let Some(a) = r.entry.response.headers.get_combined("allow") {
        ev_status = ev_status.header("Allow", Some(&a));
    }
    d.evidence.push(ev_status);
    if let Some(a) = &r.allowed {
        d.evidence.push(
            Evidence::new(EvidenceKind::Header, format!("Allow: {}", list(a)))
                .entry(r.index)
                .header("Allow", Some(&list(a))),
        );
    }
    // CORS failure on the response: reported beside whatever the status says.
    if let Some((failure, at)) = &f.hops.failure {
        d.cors_error = Some(failure.error);
        d.cors_step = Some(Box::new(CorsStep::of(failure, false)));
        d.problem = true;
        d.evidence.push(Evidence::cors_check(failure, *at));
    }
    if r.status == 405 {
        d.warnings.extend(rfc9110_warning(r));
    }
}

/// RFC 9110 on a 405: it must carry `Allow`, and `Allow` must not list the refused method.
fn rfc9110_warning(r: &Final) -> Option<String> {
    match &r.allowed {
        None => Some(
            "RFC 9110 §15.5.6: a 405 response must carry an Allow header listing the methods the resource supports; \
                this one has none."
                .into(),
        ),
        Some(a) if a.contains(&r.method) => Some(format!(
            "RFC 9110 §10.2.1: Allow lists {}, the very method this 405 refused — the server contradicts itself (often \
                a proxy or middleware refusing before the app).",
            r.method
        )),
        _ => None,
    }
}
