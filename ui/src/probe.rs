//! The panel's **Probe** action (issue 13), its pure half: what one click sends for an undecided diagnosis, what it
//! cannot send and why, the state of each probe, and what the detail shows of it. No DOM: native tests.
//!
//! ## What is sent, from where, and why
//!
//! A probe is sent **from the inspected page's own context** (`devtools.inspectedWindow.eval` running `fetch` in the
//! page's main world, `extension/src/devtools.js`): the requests carry the page's real `Origin`, the browser adds its
//! own headers as it did for the failing request, and the extension needs no permission at all. From there only
//! safe requests are honest, because a `fetch` of a non-safelisted method M from the page makes the browser send
//! its preflight for M **and then M itself** when the preflight passes — a write repeated by surprise. So the panel
//! sends exactly [`SAFE_METHODS`], in this order, and nothing else (the DevTools page refuses any other method too):
//!
//! - `OPTIONS` — the `Allow` discovery. `OPTIONS` is itself not CORS-safelisted, so cross-origin the browser first
//!   sends its own preflight for it (`Access-Control-Request-Method: OPTIONS`), then the `OPTIONS` only when that
//!   preflight passes; both are safe, and both answers (status, `Allow`, the CORS headers) are recorded.
//! - `HEAD` and `GET` — simple requests, sent as they are. Cross-origin without CORS headers the page cannot read
//!   the answer, but DevTools' network capture, which feeds the panel, records its status and headers anyway.
//!
//! What it **cannot** send honestly, and says so in the preview, with the exact command that can (escaped for a
//! POSIX shell, as `why405 probe` takes it):
//!
//! - the method itself: never (the CLI too sends it only with `--send`);
//! - the CORS preflight for M, when the capture holds none (a cached preflight): from the page it would be followed
//!   by M. From the extension's own context a `fetch` cannot set `Origin` or `Access-Control-Request-Method` (both
//!   are forbidden request headers), and rewriting them with `declarativeNetRequest` `modifyHeaders` needs a host
//!   permission for the URL *and* the initiator, while Firefox has no `permissions.request` in a DevTools panel at
//!   all (Mozilla bug 1796933, w3c/webextensions#40). A preflight forged that way would also not be the browser's
//!   own. The terminal sends it exactly: `why405 probe URL -X M --origin O -H …`.
//!
//! The answers come back as the requests' HAR entries (a `probe-done` message, `docs/bridge.md`). They settle the
//! probed diagnosis exactly as the CLI's `diagnose --probe` settles it with its own client's answers: the entries
//! become [`ProbeAnswer`](why405::diagnose::settle::ProbeAnswer)s ([`answers_from_entries`], which tells the
//! browser's own preflight for the probe's `OPTIONS` from a preflight for the request's method), the shared
//! [`settle`] words the verdict, and [`Engine::settle`] keeps it — one engine, one verdict for the same answers. The
//! entries never enter the engine: they are the panel's, not the page's, so they are no rows; the detail lists them.
//! A later entry that changes the probed request's exchange makes the engine diagnose it again: the probe's answers
//! then settle the new diagnosis again.

use why405::cors::{
    cors_unsafe_request_header_names, is_browser_added_request_header, is_cors_safelisted_method,
    is_cors_safelisted_request_header, is_forbidden_request_header,
};
use why405::diagnose::settle::{answers_from_entries, settle, ProbeAnswer};
use why405::engine::Engine;
use why405::har::{parse_entry, Entry};
use why405::http::{origin_of, same_origin, split_url, Headers};
use why405::report::shell_quote;

use crate::state::State;

/// The only methods the panel's probe sends, in order.
pub const SAFE_METHODS: [&str; 3] = ["OPTIONS", "HEAD", "GET"];

/// One request the probe will send, as the preview lists it.
#[derive(Debug, Clone, PartialEq)]
pub struct Planned {
    pub method: &'static str,
    /// The headers the page's browser puts on it that matter here (`Origin`).
    pub headers: Vec<(String, String)>,
    /// What the browser does around it (its own preflight for `OPTIONS`).
    pub note: Option<String>,
}

/// What a click on Probe sends for one diagnosis, and what it does not.
#[derive(Debug, Clone, PartialEq)]
pub struct Plan {
    pub url: String,
    /// The page's origin, as the failing request carried it (`None`: unknown).
    pub origin: Option<String>,
    pub requests: Vec<Planned>,
    /// What is not sent, one sentence each.
    pub not_sent: Vec<String>,
    /// `why405 probe …` for a terminal, escaped for a POSIX shell.
    pub command: String,
}

/// The plan for diagnosis `id`: only for a diagnosis the HAR could not settle (`needs_probe`) on an http(s) URL.
pub fn plan(engine: &Engine, id: usize) -> Option<Plan> {
    let d = engine.diagnosis(id).filter(|d| d.needs_probe)?;
    split_url(&d.url).filter(|p| matches!(p.scheme, "http" | "https") && !p.authority.is_empty())?;
    let entries: Vec<&Entry> = d.entries.iter().filter_map(|&i| engine.entry(i)).collect();
    let request = entries.iter().find(|e| !e.is_preflight());
    let has_preflight = entries.iter().any(|e| e.is_preflight());
    let source = request.or(entries.first())?;
    let h = &source.request.headers;
    let origin = h.get("origin").map(str::to_string).or_else(|| h.get("referer").and_then(origin_of));
    let headers = match request {
        Some(r) => page_headers(&r.request.headers),
        None => preflight_header_names(h),
    };
    let cross = origin.as_deref().is_some_and(|o| !same_origin(o, &d.url));
    let method = d.method.as_str();
    let requests = SAFE_METHODS
        .iter()
        .map(|&m| Planned {
            method: m,
            headers: origin
                .iter()
                .filter(|_| cross || m == "OPTIONS")
                .map(|o| ("Origin".to_string(), o.clone()))
                .collect(),
            note: (m == "OPTIONS" && cross).then(|| {
                "not CORS-safelisted: the browser first sends its own preflight for it \
                 (Access-Control-Request-Method: OPTIONS), and the OPTIONS only if that passes"
                    .to_string()
            }),
        })
        .collect();
    let mut not_sent = Vec::new();
    if !SAFE_METHODS.contains(&method) {
        not_sent.push(format!("{method} itself: never (a write is not repeated by surprise)."));
    }
    let mut names = Headers::new();
    for (n, v) in &headers {
        names.push(n.as_str(), v.as_str());
    }
    let preflighted = !is_cors_safelisted_method(&d.method) || !cors_unsafe_request_header_names(&names).is_empty();
    if cross && preflighted && !has_preflight {
        not_sent.push(format!(
            "The CORS preflight for {method} (not in the capture: the browser may have used a cached one): from the \
             page it would be followed by {method} itself, and an extension cannot send Origin or \
             Access-Control-Request-Method. Send it from a terminal with the command below (never {method} itself)."
        ));
    }
    Some(Plan {
        command: command(&d.url, method, origin.as_deref(), &headers),
        url: d.url.clone(),
        origin,
        requests,
        not_sent,
    })
}

/// The page's own headers of a request (not forbidden, not added by the browser). A value is kept when the header
/// is CORS-safelisted with it, and for `Content-Type` (its value decides whether a preflight is needed); any other
/// value (a token, a key) is replaced: the command is shown and copied.
fn page_headers(h: &Headers) -> Vec<(String, String)> {
    h.iter()
        .filter(|x| !is_forbidden_request_header(x.name.as_str(), &x.value))
        .filter(|x| !is_browser_added_request_header(x.name.as_str(), &x.value))
        .map(|x| {
            let name = x.name.as_str();
            let keep = name.eq_ignore_ascii_case("content-type") || is_cors_safelisted_request_header(name, &x.value);
            (name.to_string(), if keep { x.value.to_string() } else { "REDACTED".into() })
        })
        .collect()
}

/// The header names a preflight asked for (the request itself is not in the capture).
fn preflight_header_names(h: &Headers) -> Vec<(String, String)> {
    let list = h.get("access-control-request-headers").unwrap_or_default();
    list.split(',').map(str::trim).filter(|n| !n.is_empty()).map(|n| (n.to_string(), "REDACTED".into())).collect()
}

/// `why405 probe URL -X M --origin O -H 'Name: value'…`, every argument escaped for a POSIX shell.
fn command(url: &str, method: &str, origin: Option<&str>, headers: &[(String, String)]) -> String {
    let word = |s: &str| {
        if !s.is_empty() && s.bytes().all(|b| b.is_ascii_alphanumeric()) {
            s.to_string()
        } else {
            shell_quote(s)
        }
    };
    let mut c = format!("why405 probe {} -X {}", shell_quote(url), word(method));
    if let Some(o) = origin {
        c.push_str(&format!(" --origin {}", shell_quote(o)));
    }
    for (n, v) in headers {
        c.push_str(&format!(" -H {}", shell_quote(&format!("{n}: {v}"))));
    }
    c
}

/// The probe of one diagnosis.
#[derive(Debug, Clone, PartialEq)]
pub struct Run {
    /// The diagnosis probed.
    pub diagnosis: usize,
    /// The probe's id in the messages (> 0).
    pub id: u64,
    pub state: RunState,
}

#[derive(Debug, Clone, PartialEq)]
pub enum RunState {
    /// Sent; the answers are awaited.
    Sending,
    /// Answered: when (RFC 3339, UTC), the requests sent as the detail lists them and as the settling reads them
    /// (made of the entries DevTools recorded), or why nothing was sent.
    Done { at: String, sent: Vec<SentView>, answers: Vec<ProbeAnswer>, error: Option<String> },
}

/// Every probe of the panel, and the open preview.
#[derive(Debug, Clone, Default)]
pub struct Probes {
    /// The diagnosis whose "what will be sent" preview is open.
    pub preview: Option<usize>,
    pub runs: Vec<Run>,
    last_id: u64,
}

impl Probes {
    pub fn run_of(&self, diagnosis: usize) -> Option<&Run> {
        self.runs.iter().rev().find(|r| r.diagnosis == diagnosis)
    }
}

/// What happens to probes.
#[derive(Debug)]
pub enum ProbeAction {
    /// Show what a probe of diagnosis `id` would send (the click on Probe).
    Preview(usize),
    /// Close the preview without sending.
    Cancel,
    /// Send it (the click on Send): the App then hands [`State::probe_message`] to the host.
    Send(usize),
    /// The answers of probe `id` (HAR entries as JSON text) and when it was sent; or why nothing was sent.
    Done { id: u64, at: String, entries: Vec<String>, error: Option<String> },
}

impl State {
    /// Applies a [`ProbeAction`]; true when the view must re-render.
    pub(crate) fn probe(&mut self, a: ProbeAction) -> bool {
        match a {
            ProbeAction::Preview(id) => {
                let ok = plan(&self.engine, id).is_some();
                ok && self.probes.preview.replace(id) != Some(id)
            }
            ProbeAction::Cancel => self.probes.preview.take().is_some(),
            ProbeAction::Send(id) => {
                if self.probes.preview != Some(id) || plan(&self.engine, id).is_none() {
                    return false;
                }
                self.probes.preview = None;
                self.probes.last_id += 1;
                let run = Run { diagnosis: id, id: self.probes.last_id, state: RunState::Sending };
                self.probes.runs.push(run);
                true
            }
            ProbeAction::Done { id, at, entries, error } => self.probe_done(id, at, entries, error),
        }
    }

    fn probe_done(&mut self, id: u64, at: String, entries: Vec<String>, error: Option<String>) -> bool {
        let Some(run) = self.probes.runs.iter().find(|r| r.id == id && r.state == RunState::Sending) else {
            return false;
        };
        let probed = run.diagnosis;
        // unreadable entries are left out (the capture's own entries make warnings of them; these are not the page's)
        let entries: Vec<Entry> = entries.iter().filter_map(|json| parse_entry(json, 0).ok()).collect();
        let method = self.engine.diagnosis(probed).map_or(why405::http::Method::Get, |d| d.method.clone());
        let answers = answers_from_entries(&method, &entries);
        let sent = entries.iter().map(sent_view).collect();
        if let Some(run) = self.probes.runs.iter_mut().find(|r| r.id == id) {
            run.state = RunState::Done { at, sent, answers, error };
        }
        self.settle_probed(probed);
        self.refresh();
        true
    }

    /// Settles diagnosis `id` with the answers of its last probe that sent something, as `diagnose --probe` does
    /// ([`settle`], then [`Engine::settle`]); what is settled is always the capture's own diagnosis, computed afresh
    /// (never one a probe already settled), and only while the capture leaves it undecided. True when the engine's
    /// diagnosis changed.
    pub(crate) fn settle_probed(&mut self, id: usize) -> bool {
        let answered = self.probes.runs.iter().rev().filter(|r| r.diagnosis == id).find_map(|r| match &r.state {
            RunState::Done { at, answers, error: None, .. } => Some((at, answers)),
            _ => None,
        });
        let (Some((at, answers)), Some(d)) = (answered, self.engine.diagnose_afresh(id)) else { return false };
        if !d.needs_probe {
            return false;
        }
        let last = d.entries.iter().rev().filter_map(|&i| self.engine.entry(i)).find(|e| !e.is_preflight());
        let settled = settle(d, answers, at, last);
        self.engine.settle(id, settled)
    }

    /// After new entries: each probed diagnosis the engine diagnosed again (`changed`) is settled again with its
    /// probe's answers.
    pub(crate) fn resettle(&mut self, changed: &[usize]) {
        for &id in changed {
            if self.engine.diagnosis(id).is_some_and(|d| d.probe.is_none()) {
                self.settle_probed(id);
            }
        }
    }

    /// The `probe` message (channel to-capture) for the run just started for diagnosis `id`.
    pub fn probe_message(&self, id: usize) -> Option<crate::bridge::ToCapture> {
        let run = self.probes.run_of(id).filter(|r| r.state == RunState::Sending)?;
        let p = plan(&self.engine, id)?;
        Some(crate::bridge::ToCapture::Probe {
            id: run.id,
            url: p.url,
            origin: p.origin,
            methods: SAFE_METHODS.iter().map(|m| m.to_string()).collect(),
        })
    }
}

/// One request a probe sent, as the detail lists it.
#[derive(Debug, Clone, PartialEq)]
pub struct SentView {
    pub method: String,
    pub url: String,
    /// The browser's own preflight (for the OPTIONS).
    pub preflight: bool,
    /// "204", "200 (net::ERR_FAILED)" (the browser then failed it: CORS, or aborted), "no response (…)".
    pub outcome: String,
}

/// What the detail shows of the probe of one diagnosis.
#[derive(Debug, Clone, PartialEq)]
pub struct ProbeView {
    pub diagnosis: usize,
    /// What a click sends (absent once the diagnosis is settled).
    pub plan: Option<Plan>,
    pub preview_open: bool,
    pub sending: bool,
    /// `HH:MM:SS` (UTC) of the last probe that was answered.
    pub at: Option<String>,
    /// The last probe settled the diagnosis (it no longer needs one).
    pub settled: bool,
    /// What the diagnosis records of its probe, in the CLI's words ("Settled by a probe at …: OPTIONS answered …").
    pub words: Option<String>,
    pub sent: Vec<SentView>,
    pub error: Option<String>,
}

/// The probe part of diagnosis `id`'s detail, or `None` when there is nothing to show (no probe possible or made;
/// the file mode, where nothing can be sent).
pub fn view(state: &State, id: usize) -> Option<ProbeView> {
    if state.mode != crate::state::Mode::Live {
        return None;
    }
    let plan = plan(&state.engine, id);
    let run = state.probes.run_of(id);
    if plan.is_none() && run.is_none() {
        return None;
    }
    let mut v = ProbeView {
        diagnosis: id,
        settled: false,
        words: None,
        preview_open: state.probes.preview == Some(id) && plan.is_some(),
        plan,
        sending: false,
        at: None,
        sent: Vec::new(),
        error: None,
    };
    match run.map(|r| &r.state) {
        Some(RunState::Sending) => v.sending = true,
        Some(RunState::Done { at, sent, error, .. }) => {
            v.at = Some(at.get(11..19).unwrap_or(at).to_string());
            let record = state.engine.diagnosis(id).and_then(|d| d.probe.as_deref()).filter(|_| error.is_none());
            v.settled = record.is_some_and(|p| p.settled);
            v.words = record.map(|p| p.words());
            v.error = error.clone();
            v.sent = sent.clone();
        }
        None => {}
    }
    Some(v)
}

fn sent_view(e: &Entry) -> SentView {
    let r = &e.response;
    let outcome = match (r.status, r.error.as_deref()) {
        (0, Some(e)) => format!("no response ({e}: blocked by CORS, or failed)"),
        (0, None) => "no response".to_string(),
        (s, Some(e)) => format!("{s} (then {e})"),
        (s, None) => s.to_string(),
    };
    SentView {
        method: e.request.method.as_str().to_string(),
        url: e.request.url.clone(),
        preflight: e.is_preflight(),
        outcome,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::state::{Action, Mode};
    use why405::diagnose::Cause;

    const URL: &str = "http://127.0.0.1:7401/items/1?run=1";
    const ORIGIN: &str = "http://127.0.0.1:7400";

    fn entry(method: &str, status: u16, req: &str, res: &str, resource: &str, error: &str, body: &str) -> String {
        format!(
            r#"{{"startedDateTime":"2026-01-01T00:00:00.000Z","time":1,"_resourceType":"{resource}",
            "request":{{"method":"{method}","url":"{URL}","httpVersion":"HTTP/1.1","headers":[{{"name":"Origin","value":"{ORIGIN}"}}{req}],"queryString":[],"cookies":[],"headersSize":-1,"bodySize":0}},
            "response":{{"status":{status},"statusText":"","httpVersion":"HTTP/1.1","headers":[{{"name":"X-Powered-By","value":"Express"}},{{"name":"Access-Control-Allow-Origin","value":"*"}}{res}],"cookies":[],"content":{{"size":0,"mimeType":"text/html","text":"{body}"}},"redirectURL":"","headersSize":-1,"bodySize":0{error}}},
            "cache":{{}},"timings":{{"send":0,"wait":1,"receive":0}}}}"#
        )
    }

    /// Express's 404 for a PUT (its preflight passed): a missing route or a wrong method — undecided.
    fn express_put_404() -> Vec<String> {
        let ct =
            r#",{"name":"Content-Type","value":"application/json"},{"name":"Authorization","value":"Bearer s3cret"}"#;
        vec![
            entry(
                "OPTIONS",
                204,
                r#",{"name":"Access-Control-Request-Method","value":"PUT"},{"name":"Access-Control-Request-Headers","value":"authorization,content-type"}"#,
                r#",{"name":"Access-Control-Allow-Methods","value":"GET,HEAD,PUT"},{"name":"Access-Control-Allow-Headers","value":"authorization,content-type"}"#,
                "preflight",
                "",
                "",
            ),
            entry("PUT", 404, ct, "", "fetch", "", "<pre>Cannot PUT /items/1</pre>"),
        ]
    }

    fn undecided() -> (State, usize) {
        let mut s = State::new(Mode::Live);
        s.apply(Action::Entries(express_put_404()));
        let id = s.visible[0];
        assert!(s.engine.diagnosis(id).unwrap().needs_probe, "{:?}", s.engine.diagnosis(id));
        (s, id)
    }

    #[test]
    fn the_plan_is_the_safe_methods_from_the_page_and_names_what_it_cannot_send() {
        let (s, id) = undecided();
        let p = plan(&s.engine, id).unwrap();
        assert_eq!(p.requests.iter().map(|r| r.method).collect::<Vec<_>>(), SAFE_METHODS);
        assert!(p.requests.iter().all(|r| r.headers == [("Origin".to_string(), ORIGIN.to_string())]));
        assert!(p.requests[0].note.as_deref().unwrap().contains("Access-Control-Request-Method: OPTIONS"));
        assert_eq!(p.origin.as_deref(), Some(ORIGIN));
        assert!(p.not_sent[0].starts_with("PUT itself: never"));
        // the capture holds the preflight for PUT: nothing to say about it
        assert_eq!(p.not_sent.len(), 1, "{:?}", p.not_sent);
        assert_eq!(
            p.command,
            format!(
                "why405 probe '{URL}' -X PUT --origin '{ORIGIN}' -H 'Content-Type: application/json' -H 'Authorization: REDACTED'"
            )
        );
        assert!(!p.command.contains("s3cret"));
    }

    #[test]
    fn a_missing_preflight_is_named_not_sent_and_the_command_is_escaped() {
        let mut s = State::new(Mode::Live);
        // the PUT alone (its preflight cached), at a URL with a quote in it
        let put = express_put_404().remove(1).replace("run=1", "run=1'$(x)");
        s.apply(Action::Entries(vec![put]));
        let id = s.visible[0];
        let p = plan(&s.engine, id).unwrap();
        assert!(p.not_sent.iter().any(|n| n.starts_with("The CORS preflight for PUT")), "{:?}", p.not_sent);
        assert!(
            p.command.starts_with(r"why405 probe 'http://127.0.0.1:7401/items/1?run=1'\''$(x)' -X PUT"),
            "{}",
            p.command
        );
    }

    #[test]
    fn send_needs_the_preview_and_the_answers_settle_the_diagnosis() {
        let (mut s, id) = undecided();
        assert!(!s.apply(Action::Probe(ProbeAction::Send(id))), "never without the preview");
        assert!(s.probe_message(id).is_none());
        assert!(s.apply(Action::Probe(ProbeAction::Preview(id))));
        assert!(view(&s, id).unwrap().preview_open);
        assert!(s.apply(Action::Probe(ProbeAction::Send(id))));
        let msg = s.probe_message(id).unwrap();
        let crate::bridge::ToCapture::Probe { id: probe, url, methods, origin } = msg else { panic!() };
        assert_eq!((url.as_str(), origin.as_deref(), methods.len()), (URL, Some(ORIGIN), 3));
        assert!(view(&s, id).unwrap().sending);
        // the answers: the browser's preflight for OPTIONS (its OPTIONS then refused), HEAD and GET 200
        let answers = vec![
            entry(
                "OPTIONS",
                204,
                r#",{"name":"Access-Control-Request-Method","value":"OPTIONS"}"#,
                "",
                "preflight",
                "",
                "",
            ),
            entry("OPTIONS", 0, "", "", "fetch", r#","_error":"net::ERR_FAILED""#, ""),
            entry("HEAD", 200, "", "", "fetch", "", ""),
            entry("GET", 200, "", "", "fetch", "", "{}"),
        ];
        let at = "2026-12-02T07:01:02.345Z".to_string();
        assert!(!s.apply(Action::Probe(ProbeAction::Done {
            id: probe + 1,
            at: at.clone(),
            entries: vec![],
            error: None
        })));
        assert!(s.apply(Action::Probe(ProbeAction::Done { id: probe, at, entries: answers, error: None })));
        let d = s.engine.diagnosis(id).unwrap();
        assert_eq!(d.cause, Cause::MethodMismatch, "{}", d.summary);
        assert!(!d.needs_probe);
        let v = view(&s, id).unwrap();
        assert!(v.settled && v.plan.is_none() && !v.sending);
        assert_eq!(v.at.as_deref(), Some("07:01:02"));
        let sent: Vec<_> = v.sent.iter().map(|x| (x.method.as_str(), x.preflight)).collect();
        assert_eq!(sent, [("OPTIONS", true), ("OPTIONS", false), ("HEAD", false), ("GET", false)]);
        // the CLI's words: the browser's preflight for the OPTIONS is not the preflight for PUT
        assert_eq!(
            v.words.as_deref(),
            Some(
                "Settled by a probe at 2026-12-02T07:01:02.345Z: the browser's preflight for OPTIONS answered 204; \
                 OPTIONS got no answer (net::ERR_FAILED); HEAD answered 200; GET answered 200."
            )
        );
        // the probe's own exchanges are not rows (nor in the engine); the probed request still is
        s.apply(Action::SetFilter(crate::state::Filter::All));
        assert_eq!(s.visible, [id]);
        assert_eq!(s.engine.entries().len(), 2);
        // a later entry that the engine reads for this request (the page's own GET on the URL) makes it diagnose
        // the request again; decided by the capture itself now, the probe's answers are not applied to it again
        s.apply(Action::Entries(vec![entry("GET", 200, "", "", "fetch", "", "")]));
        let d = s.engine.diagnosis(id).unwrap();
        assert!(d.probe.is_none() && !d.needs_probe && d.cause == Cause::MethodMismatch, "{}", d.summary);
    }

    #[test]
    fn a_probe_that_sent_nothing_says_why_and_can_be_tried_again_and_a_clear_forgets_probes() {
        let (mut s, id) = undecided();
        assert!(s.apply(Action::Probe(ProbeAction::Preview(id))));
        assert!(s.apply(Action::Probe(ProbeAction::Cancel)));
        assert!(!s.apply(Action::Probe(ProbeAction::Cancel)));
        assert!(!view(&s, id).unwrap().preview_open);
        s.apply(Action::Probe(ProbeAction::Preview(id)));
        s.apply(Action::Probe(ProbeAction::Send(id)));
        let probe = s.probes.run_of(id).unwrap().id;
        let why = "the page is now at http://other.test".to_string();
        let at = "2026-12-02T07:01:02.345Z".to_string();
        assert!(s.apply(Action::Probe(ProbeAction::Done { id: probe, at, entries: vec![], error: Some(why.clone()) })));
        let v = view(&s, id).unwrap();
        assert!(!v.settled && v.sent.is_empty() && !v.sending);
        assert_eq!(v.error, Some(why));
        assert!(v.plan.is_some(), "still undecided: Probe is offered again");
        assert!(s.engine.diagnosis(id).unwrap().needs_probe);
        // a second probe gets a new id; a late answer to the first is ignored
        s.apply(Action::Probe(ProbeAction::Preview(id)));
        s.apply(Action::Probe(ProbeAction::Send(id)));
        assert_eq!(s.probes.run_of(id).unwrap().id, probe + 1);
        let late = ProbeAction::Done { id: probe, at: String::new(), entries: vec![], error: None };
        assert!(!s.apply(Action::Probe(late)));
        s.apply(Action::Clear);
        assert!(s.probes.runs.is_empty() && s.probes.preview.is_none());
    }

    #[test]
    fn nothing_to_probe_in_file_mode_or_for_a_decided_request() {
        let mut s = State::new(Mode::File);
        s.apply(Action::Entries(express_put_404()));
        assert!(view(&s, s.visible[0]).is_none());
        let mut s = State::new(Mode::Live);
        s.apply(Action::Entries(vec![entry("GET", 200, "", "", "fetch", "", "")]));
        s.apply(Action::SetFilter(crate::state::Filter::All));
        assert!(plan(&s.engine, s.visible[0]).is_none());
        assert!(!s.apply(Action::Probe(ProbeAction::Preview(s.visible[0]))));
    }
}
