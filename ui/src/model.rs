//! What the detail view shows, computed from the engine: the exchange as a
//! timeline (preflight → response → request → response, redirect hops),
//! with inferred parts and decisive headers marked. Pure Rust, unit-tested
//! natively.

use std::collections::HashSet;

use why405::cors::CorsError;
use why405::diagnose::{DecidedBy, Diagnosis};
use why405::engine::Engine;
use why405::har::Entry;

/// One header line in the timeline.
#[derive(Debug, Clone, PartialEq)]
pub struct HeaderLine {
    pub name: String,
    /// `None`: the header was absent (shown because its absence decided).
    pub value: Option<String>,
    /// The diagnosis rests on it.
    pub decisive: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StepKind {
    PreflightRequest,
    PreflightResponse,
    Request,
    Response,
}

impl StepKind {
    /// `data-step` (lower-case, stable for tests).
    pub fn id(self) -> &'static str {
        match self {
            StepKind::PreflightRequest => "preflightrequest",
            StepKind::PreflightResponse => "preflightresponse",
            StepKind::Request => "request",
            StepKind::Response => "response",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            StepKind::PreflightRequest => "Preflight request",
            StepKind::PreflightResponse => "Preflight response",
            StepKind::Request => "Request",
            StepKind::Response => "Response",
        }
    }
    pub fn css(self) -> &'static str {
        match self {
            StepKind::PreflightRequest | StepKind::PreflightResponse => "preflight",
            StepKind::Request | StepKind::Response => "actual",
        }
    }
}

/// One step of the exchange.
#[derive(Debug, Clone, PartialEq)]
pub struct Step {
    pub kind: StepKind,
    /// "OPTIONS http://…", "405 Method Not Allowed", "no response".
    pub line: String,
    /// Not in the capture: reconstructed.
    pub inferred: bool,
    /// This response decided the outcome.
    pub decisive: bool,
    pub headers: Vec<HeaderLine>,
    /// A note under the step ("redirect to …", "blocked: net::ERR_FAILED").
    pub note: Option<String>,
    /// The capture entry it comes from.
    pub entry: Option<usize>,
}

/// The failing CORS step with its references.
#[derive(Debug, Clone, PartialEq)]
pub struct CorsStepView {
    pub error: String,
    pub step: String,
    pub detail: String,
    pub spec: String,
    pub mdn: String,
    pub on_preflight: bool,
}

/// Everything the detail pane shows for one request.
#[derive(Debug, Clone, PartialEq)]
pub struct DetailView {
    pub id: usize,
    pub method: String,
    pub url: String,
    pub headline: String,
    pub cause_title: String,
    pub cause: String,
    pub status_label: String,
    pub timeline: Vec<Step>,
    pub cors_step: Option<CorsStepView>,
    pub allowed: Option<Vec<String>>,
    pub stack: Option<String>,
    pub fix: Option<(String, String, String)>,
    pub suggestion: Option<String>,
    pub warnings: Vec<String>,
    pub evidence: Vec<String>,
    pub initiator: Option<InitiatorView>,
    pub needs_probe: bool,
}

/// A header value or URL in pieces: words, each ending at a separator (`,`
/// `;` `/` `=` `&` `?`) or before a space (which starts the next piece).
/// The detail keeps each piece on one line when it fits one (a hyphen is no
/// break: `acme-corporation/` stays whole) and lets lines break between
/// pieces; CSS breaks inside a piece only as the last resort.
pub fn break_pieces(v: &str) -> Vec<&str> {
    let sep = |c: char| matches!(c, ',' | ';' | '/' | '=' | '&' | '?');
    let mut pieces = Vec::new();
    let (mut start, mut after_sep) = (0, false);
    for (i, c) in v.char_indices() {
        let cut = (c.is_whitespace() && !v[start..i].trim().is_empty()) || (after_sep && !sep(c));
        if cut && i > start {
            pieces.push(&v[start..i]);
            start = i;
        }
        after_sep = sep(c);
    }
    if start < v.len() || pieces.is_empty() {
        pieces.push(&v[start..]);
    }
    pieces
}

/// Where the page's code made the request.
#[derive(Debug, Clone, PartialEq)]
pub struct InitiatorView {
    /// The function (`(anonymous)` when it has no name).
    pub function: String,
    pub url: String,
    /// 1-based; 0 when unknown.
    pub line: u32,
    /// `file:line:column`, as shown.
    pub at: String,
}

const MDN_CORS_ERRORS: &str = "https://developer.mozilla.org/en-US/docs/Web/HTTP/Guides/CORS/Errors";

/// The MDN page for a CORS error (MDN names them after Firefox's messages).
pub fn mdn_link(e: CorsError) -> String {
    use CorsError::*;
    let page = match e {
        MissingAllowOriginHeader | PreflightMissingAllowOriginHeader => "CORSMissingAllowOrigin",
        AllowOriginMismatch | PreflightAllowOriginMismatch => "CORSAllowOriginNotMatchingOrigin",
        MultipleAllowOriginValues | PreflightMultipleAllowOriginValues => "CORSMultipleAllowOriginNotAllowed",
        WildcardOriginNotAllowed | PreflightWildcardOriginNotAllowed => "CORSNotSupportingCredentials",
        InvalidAllowCredentials | PreflightInvalidAllowCredentials => "CORSMIssingAllowCredentials",
        PreflightInvalidStatus => "CORSPreflightDidNotSucceed",
        MethodDisallowedByPreflightResponse => "CORSMethodNotFound",
        HeaderDisallowedByPreflightResponse => "CORSMissingAllowHeaderFromPreflight",
        InvalidAllowMethodsPreflightResponse => "CORSInvalidAllowMethod",
        InvalidAllowHeadersPreflightResponse => "CORSInvalidAllowHeader",
        PreflightDisallowedRedirect => "CORSExternalRedirectNotAllowed",
        DisallowedByMode => "CORSRequestNotHttp",
        _ => return MDN_CORS_ERRORS.to_string(),
    };
    format!("{MDN_CORS_ERRORS}/{page}")
}

fn lower(s: &str) -> String {
    s.to_ascii_lowercase()
}

/// Which headers decided, per entry (`None` = whichever response).
struct Decisive {
    by_entry: HashSet<(Option<usize>, String)>,
    /// Decisive headers that were absent: (entry, name).
    absent: Vec<(Option<usize>, String)>,
}

impl Decisive {
    fn of(d: &Diagnosis, preflight_entry: Option<usize>, last_hop: Option<usize>) -> Self {
        let mut by_entry = HashSet::new();
        let mut absent = Vec::new();
        let mut add = |entry: Option<usize>, name: &str, value: Option<&str>| {
            let key = (entry, lower(name));
            if value.is_none() && !absent.contains(&key) {
                absent.push(key.clone());
            }
            by_entry.insert(key);
        };
        for e in &d.evidence {
            if let Some(h) = &e.header {
                add(e.entry, h, e.value.as_deref());
            }
        }
        if let Some(s) = &d.cors_step {
            if let Some(h) = &s.header {
                let entry = if s.on_preflight { preflight_entry } else { last_hop };
                add(entry, h, s.value.as_deref());
            }
        }
        Decisive { by_entry, absent }
    }

    fn is(&self, entry: usize, name: &str) -> bool {
        let n = lower(name);
        self.by_entry.contains(&(Some(entry), n.clone())) || self.by_entry.contains(&(None, n))
    }

    /// Lines for the decisive headers that were absent from `entry`'s response.
    fn absent_lines(&self, entry: usize, present: &[HeaderLine]) -> Vec<HeaderLine> {
        self.absent
            .iter()
            .filter(|(e, _)| *e == Some(entry) || e.is_none())
            .filter(|(_, n)| !present.iter().any(|h| lower(&h.name) == *n))
            .map(|(_, n)| HeaderLine { name: n.clone(), value: None, decisive: true })
            .collect()
    }
}

fn request_lines(e: &Entry, decisive: &Decisive) -> Vec<HeaderLine> {
    e.request
        .headers
        .iter()
        .map(|h| HeaderLine {
            name: h.name.to_string(),
            value: Some(h.value.to_string()),
            decisive: decisive.is(e.index, &h.name),
        })
        .collect()
}

fn response_lines(e: &Entry, decisive: &Decisive, decided: bool) -> Vec<HeaderLine> {
    let mut v: Vec<HeaderLine> = e
        .response
        .headers
        .iter()
        .map(|h| HeaderLine {
            name: h.name.to_string(),
            value: Some(h.value.to_string()),
            decisive: decisive.is(e.index, &h.name),
        })
        .collect();
    if decided || e.response.status > 0 {
        let absent = decisive.absent_lines(e.index, &v);
        v.extend(absent);
    }
    v
}

fn status_line(e: &Entry) -> String {
    if e.response.status == 0 {
        return "no response".to_string();
    }
    let text = if e.response.status_text.is_empty() {
        why405::http::reason_phrase(e.response.status).to_string()
    } else {
        e.response.status_text.to_string()
    };
    format!("{} {}", e.response.status, text).trim_end().to_string()
}

fn response_note(e: &Entry) -> Option<String> {
    let mut notes = Vec::new();
    if let Some(r) = &e.response.redirect_url {
        notes.push(format!("redirects to {r}"));
    }
    if let Some(err) = &e.response.error {
        notes.push(format!("the browser reported {err}"));
    }
    (!notes.is_empty()).then(|| notes.join("; "))
}

/// The exchange of diagnosis `d` as timeline steps.
pub fn timeline(engine: &Engine, d: &Diagnosis) -> Vec<Step> {
    let Some(ex) = engine.exchanges().get(d.id) else {
        return Vec::new();
    };
    let preflight_entry = ex.first_preflight();
    let last_hop = ex.hops.last().copied();
    let decisive = Decisive::of(d, preflight_entry.or(d.preflight.as_ref().and_then(|p| p.entry)), last_hop);
    let mut t = TimelineBuilder { engine, d, decisive, steps: Vec::new() };
    if preflight_entry.is_none() {
        t.inferred_preflight();
    }
    if ex.hops.is_empty() {
        // The request itself is missing (Firefox drops requests whose preflight failed).
        if let Some(p) = preflight_entry {
            t.preflight(p, true);
        }
        t.missing_request();
        return t.steps;
    }
    let preflight_decided = d.decided_by == DecidedBy::Preflight;
    for (i, &h) in ex.hops.iter().enumerate() {
        let is_last = i + 1 == ex.hops.len();
        if let Some(Some(p)) = ex.preflights.get(i) {
            t.preflight(*p, preflight_decided && is_last);
        }
        t.hop(h, is_last && !preflight_decided && d.decided_by != DecidedBy::None);
    }
    t.steps
}

/// Builds a timeline step by step (see [`timeline`]).
struct TimelineBuilder<'a> {
    engine: &'a Engine,
    d: &'a Diagnosis,
    decisive: Decisive,
    steps: Vec<Step>,
}

impl TimelineBuilder<'_> {
    /// A captured request (entry `index`) as a step of `kind`.
    fn request(&self, kind: StepKind, e: &Entry, index: usize) -> Step {
        Step {
            kind,
            line: format!("{} {}", e.request.method, e.request.url),
            inferred: false,
            decisive: false,
            headers: request_lines(e, &self.decisive),
            note: None,
            entry: Some(index),
        }
    }

    /// A captured response (entry `index`) as a step of `kind`; `decided`:
    /// it decided the outcome.
    fn response(&self, kind: StepKind, e: &Entry, index: usize, decided: bool) -> Step {
        Step {
            kind,
            line: status_line(e),
            inferred: false,
            decisive: decided,
            headers: response_lines(e, &self.decisive, decided),
            note: response_note(e),
            entry: Some(index),
        }
    }

    /// The captured preflight (entry `p`): its request and its response.
    fn preflight(&mut self, p: usize, decided: bool) {
        let Some(e) = self.engine.entry(p) else { return };
        let request = self.request(StepKind::PreflightRequest, e, p);
        let response = self.response(StepKind::PreflightResponse, e, p, decided);
        self.steps.extend([request, response]);
    }

    /// One hop of the request (entry `h`): the request and its response.
    fn hop(&mut self, h: usize, decided: bool) {
        let Some(e) = self.engine.entry(h) else { return };
        let request = self.request(StepKind::Request, e, h);
        let response = self.response(StepKind::Response, e, h, decided);
        self.steps.extend([request, response]);
    }

    /// A preflight the capture does not show but the browser must have sent.
    fn inferred_preflight(&mut self) {
        let Some(p) = self.d.preflight.as_ref().filter(|p| p.inferred) else { return };
        let line = |name: &str, value: String| HeaderLine { name: name.into(), value: Some(value), decisive: false };
        let mut headers = vec![
            line("Origin", p.origin.clone()),
            line("Access-Control-Request-Method", p.request_method.as_str().to_string()),
        ];
        if !p.request_headers.is_empty() {
            headers.push(line("Access-Control-Request-Headers", p.request_headers.join(",")));
        }
        self.steps.push(Step {
            kind: StepKind::PreflightRequest,
            line: format!("OPTIONS {}", self.d.url),
            inferred: true,
            decisive: false,
            headers,
            note: Some("not in the capture: reconstructed from the Fetch standard".into()),
            entry: None,
        });
    }

    /// The request the browser never sent after its preflight failed.
    fn missing_request(&mut self) {
        self.steps.push(Step {
            kind: StepKind::Request,
            line: format!("{} {}", self.d.method, self.d.url),
            inferred: true,
            decisive: false,
            headers: Vec::new(),
            note: Some("not in the capture: the browser did not send it after the preflight failed".into()),
            entry: None,
        });
    }
}

/// The whole detail view of diagnosis `id`.
pub fn detail(engine: &Engine, id: usize) -> Option<DetailView> {
    let d = engine.diagnosis(id)?;
    Some(DetailView {
        id,
        method: d.method.as_str().to_string(),
        url: d.url.clone(),
        headline: d.summary.clone(),
        cause_title: d.cause.title().to_string(),
        cause: d.cause.as_str().to_string(),
        status_label: crate::state::status_label(d),
        timeline: timeline(engine, d),
        cors_step: d.cors_step.as_ref().map(|s| CorsStepView {
            error: s.error.as_str().to_string(),
            step: s.step.clone(),
            detail: s.detail.clone(),
            spec: s.spec.clone(),
            mdn: mdn_link(s.error),
            on_preflight: s.on_preflight,
        }),
        allowed: d.allowed.as_ref().map(|a| a.iter().map(|m| m.as_str().to_string()).collect()),
        stack: d.stack_words(),
        fix: d
            .fix
            .as_ref()
            .filter(|f| !f.code.trim().is_empty())
            .map(|f| (f.title.clone(), f.language.clone(), f.code.clone())),
        suggestion: d.suggestion.clone(),
        warnings: d.next.iter().map(|n| format!("What fails next: {n}")).chain(d.warnings.iter().cloned()).collect(),
        evidence: layer_lines(d).chain(d.evidence.iter().map(|e| e.text.clone())).collect(),
        initiator: d.initiator.as_ref().map(|f| InitiatorView {
            function: if f.function.is_empty() { "(anonymous)".to_string() } else { f.function.clone() },
            url: f.url.clone(),
            line: f.line,
            at: format!("{}:{}:{}", f.url, f.line, f.column),
        }),
        needs_probe: d.needs_probe,
    })
}

/// Which layer answered a refusal, as evidence lines: the verdict, then each fact compared.
fn layer_lines(d: &Diagnosis) -> impl Iterator<Item = String> + '_ {
    d.layer.iter().flat_map(|l| {
        std::iter::once(format!("Answered by {}.", l.answered_by_words())).chain(l.evidence.iter().cloned())
    })
}

#[cfg(test)]
mod tests {
    #[test]
    fn values_break_after_separators_only() {
        assert_eq!(break_pieces("GET, POST,OPTIONS"), ["GET,", " POST,", "OPTIONS"]);
        assert_eq!(break_pieces("text/html; charset=utf-8"), ["text/", "html;", " charset=", "utf-8"]);
        assert_eq!(break_pieces("https://a.test/x?y=1&z"), ["https://", "a.test/", "x?", "y=", "1&", "z"]);
        assert_eq!(break_pieces("content-type"), ["content-type"]);
        assert_eq!(break_pieces("Mozilla/5.0 (X11; Linux)"), ["Mozilla/", "5.0", " (X11;", " Linux)"]);
        assert_eq!(break_pieces("  x"), ["  x"]);
        assert_eq!(break_pieces(""), [""]);
        assert_eq!(break_pieces("a=,"), ["a=,"]);
        assert_eq!(break_pieces("é/ü").concat(), "é/ü");
    }

    use super::*;

    #[test]
    fn mdn_links_name_the_page_or_fall_back_to_the_index() {
        assert!(mdn_link(CorsError::PreflightMissingAllowOriginHeader).ends_with("/CORSMissingAllowOrigin"));
        assert!(mdn_link(CorsError::MethodDisallowedByPreflightResponse).ends_with("/CORSMethodNotFound"));
        assert_eq!(mdn_link(CorsError::InsecurePrivateNetwork), MDN_CORS_ERRORS);
    }

    #[test]
    fn no_detail_for_an_unknown_id() {
        assert!(detail(&Engine::new(), 3).is_none());
    }

    /// Every captured fixture: each diagnosis has a timeline with its request
    /// (captured or inferred), and at most one response decided.
    #[test]
    fn every_fixture_has_a_timeline_with_its_request() {
        let root = concat!(env!("CARGO_MANIFEST_DIR"), "/../tests/fixtures");
        let (mut diagnoses, mut inferred) = (0, 0);
        for dir in std::fs::read_dir(root).unwrap() {
            let Ok(bytes) = std::fs::read(dir.unwrap().path().join("input.har")) else { continue };
            let Ok(har) = why405::har::parse_har(&bytes) else { continue };
            let engine = Engine::from_har(har);
            for d in engine.diagnoses() {
                let steps = timeline(&engine, d);
                diagnoses += 1;
                inferred += steps.iter().filter(|s| s.inferred).count();
                assert!(steps.iter().any(|s| s.kind == StepKind::Request), "{}: {steps:?}", d.url);
                assert!(steps.iter().filter(|s| s.decisive).count() <= 1, "{}: {steps:?}", d.url);
            }
        }
        assert!(diagnoses > 50, "fixtures found: {diagnoses}");
        assert!(inferred > 0, "a fixture has an inferred step");
    }
}
