//! Rule: traffic that CORS does not govern — a navigation (a form post, a link, a `location` change), an
//! iframe, a WebSocket handshake, a `no-cors` request, a beacon, a CSP or Reporting API report, a `data:` or
//! extension URL (see [`RequestKind`](super::super::kind::RequestKind)). It comes right after the lowercase
//! method: no CORS rule applies to it. It concludes unless the server refused the method (405, 501, a 403 to a
//! write, a framework's wrong-method 404; never for a `data:`/extension URL, which no server answered) or a 301
//! turned a form's POST into a GET: those go on to the method rules, which word them without CORS (the facts hold
//! no CORS mode and no CORS failure for such a request).

use super::super::facts::Facts;
use super::super::verdict::{Decided, Verdict};
use super::super::words::status_text;
use super::super::{Context, Evidence, EvidenceKind};

pub(super) fn check(f: &Facts, _: &dyn Context) -> Option<Verdict> {
    if !f.outside_cors() {
        return None;
    }
    let r = f.last.as_ref()?;
    let (st, method, path) = (r.status, &r.method, &r.path);
    // (a data:, blob: or extension URL has no server to refuse a method, whatever its status says)
    let method_refused = f.kind.answered_by_server()
        && (matches!(st, 405 | 501) || (st == 403 && method.is_write()) || (st == 404 && r.wrong_method_404.is_some()));
    // A 301 that turned a form's POST into a GET dropped its body (a trailing-slash or https redirect); a 302 or
    // 303 after a form post is the usual post/redirect/get, and the GET's page is the outcome.
    let moved = f.hops.redirects.iter().any(|h| h.status == 301 && h.method_before != h.method_after);
    if method_refused || (moved && f.request.method.is_write()) {
        return None;
    }
    let what = f.kind.label();
    let summary = match st {
        0 => {
            let err = r.entry.response.error.as_deref().unwrap_or("no response").trim();
            format!(
                "{method} {path} is {what}; it got no response ({err}) — not a method problem: {}.",
                f.kind.why_no_cors()
            )
        }
        101 => format!("{method} {path} is {what}: the server switched protocols (101), as it should."),
        s if s >= 400 && !f.kind.answered_by_server() => {
            format!("{method} {path} is {what}; it failed with {}: {}.", status_text(s), f.kind.why_no_cors())
        }
        s if s >= 400 => {
            format!("{method} {path} is {what}; it failed with {} — not a method or CORS problem.", status_text(s))
        }
        s => format!("{method} {path} is {what}: it succeeded ({}).", status_text(s)),
    };
    let failed = st == 0 || st >= 400;
    let decided = Decided::response(r);
    let decided = if f.kind.answered_by_server() { decided } else { decided.naming(None) };
    let v = Verdict::outcome(decided, failed, summary);
    Some(if st == 0 { v.evidence(Evidence::new(EvidenceKind::Status, "No response").entry(r.index)) } else { v })
}
