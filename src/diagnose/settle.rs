//! Settling: what a probe's answers say about one diagnosis the HAR left open — the CLI's `diagnose --probe` and
//! the panel's Probe action alike, so that both reach the same verdict from the same answers. Each kind of
//! undecided case has the answer that settles it, and only that answer counts:
//!
//! * **A 404 that may be a wrong method** (Express's "Cannot PUT", Fastify, h3, Hono, Rails, Sinatra; Koa's and
//!   actix's bare 404 on a path the HAR shows answering GET): `OPTIONS`'s `Allow` lists the route's methods (with the
//!   method: its handler answered 404 itself; without: a method mismatch); else `GET`/`HEAD` answering 2xx on the
//!   same URL: the route exists and the method has none (less certain for a bare 404, which a handler could have
//!   written itself: the summary says so); else `GET` and `HEAD` refused as well and no `Allow`: nothing is routed
//!   at that path, most likely the path is wrong.
//! * **A 405 without `Allow`**: `OPTIONS`'s (or a refused `GET`'s) `Allow` names the methods; else `GET`/`HEAD`
//!   answering 2xx shows the resource exists (for warp, whose 405 does not even show that, this settles it).
//! * **A preflight the HAR lacks** (a preflight-cache hit, a capture begun late, a request blocked with no trace):
//!   the probe's own preflight, checked as the browser checks it: it passes (CORS is not what failed) or it fails
//!   (the cached answer hides a refusal that shows once the cache entry expires).
//!
//! Anything else, or no answer, leaves the diagnosis undecided and says why. The probe's requests are recorded on
//! the diagnosis ([`Probed`]); they never become diagnoses of their own.
//!
//! The answers are [`ProbeAnswer`]s: plain data every build holds (the panel's wasm too, which has no HTTP
//! client). The CLI makes them of the requests its own client sent (`crate::probe::settle`); the panel makes them of
//! the HAR entries its probe came back as ([`answers_from_entries`]).

use crate::cors::{check_preflight, CheckFailure, CorsRequest, CorsResponse, CredentialsMode};
use crate::diagnose::{Cause, CorsStep, DecidedBy, Diagnosis, Evidence, EvidenceKind, ProbeRequest, Probed};
use crate::har::Entry;
use crate::http::{parse_method_list, split_url, Headers, Method};
use crate::stack::{self, FixKind, FixNote};

/// Why a probe's request was sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Purpose {
    /// The CORS preflight for the request's method (never followed through a redirect: browsers refuse that).
    Preflight,
    /// A plain `OPTIONS`: the `Allow` discovery.
    Options,
    /// `HEAD` on the URL (redirects followed hop by hop).
    Head,
    /// `GET` on the URL (redirects followed hop by hop).
    Get,
    /// The method itself, only when asked (`why405 probe --send`; redirects not followed).
    Actual,
}

impl Purpose {
    /// Whether a redirect answering this request is followed (GET and HEAD only: a redirect never makes the probe
    /// send a method again).
    pub fn follows_redirects(self) -> bool {
        matches!(self, Purpose::Head | Purpose::Get)
    }
}

/// Why no answer came.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NoAnswer {
    /// Chromium's name for it, as a HAR's `_error` has it (`net::ERR_CONNECTION_REFUSED`).
    pub name: String,
    /// In words ("connection refused (…)"); the name when nothing more is known.
    pub words: String,
}

/// One request a probe sent and its answer, whoever sent it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProbeAnswer {
    /// Why it was sent; `None` for a request the settling does not read (the browser's own preflight for the
    /// panel's `OPTIONS`: it is recorded, but it is not the preflight for the request's method).
    pub purpose: Option<Purpose>,
    pub method: Method,
    pub url: String,
    /// Its `Origin` header (a preflight is checked for that origin).
    pub origin: Option<String>,
    /// A CORS preflight's `Access-Control-Request-Method`: the method it asks for.
    pub preflight_for: Option<Method>,
    /// The answer's status; `None` when none came.
    pub status: Option<u16>,
    /// The answer's headers, as received.
    pub headers: Vec<(String, String)>,
    /// Why no answer came.
    pub failure: Option<NoAnswer>,
}

impl ProbeAnswer {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(n, _)| n.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    }
}

/// The answers of a probe that came back as HAR entries (the panel's: the inspected page's `fetch`es as DevTools
/// recorded them), for a diagnosis of `method`. A preflight counts as the request's own
/// ([`Purpose::Preflight`]) only when its `Access-Control-Request-Method` is `method`: the browser's preflight for
/// the probe's plain `OPTIONS` (`Access-Control-Request-Method: OPTIONS`) is recorded, never read. An entry with
/// status 0 got no answer (its `_error` says why); one with a status was answered, even when the page could not
/// read it (DevTools records status and headers of a response that CORS then withheld).
pub fn answers_from_entries(method: &Method, entries: &[Entry]) -> Vec<ProbeAnswer> {
    entries
        .iter()
        .map(|e| {
            let h = &e.request.headers;
            let asks = (e.request.method == Method::Options)
                .then(|| h.get("access-control-request-method"))
                .flatten()
                .map(|m| Method::parse(m.trim()));
            let purpose = match (&asks, &e.request.method) {
                (Some(m), _) => (m == method).then_some(Purpose::Preflight),
                (None, Method::Options) => Some(Purpose::Options),
                (None, Method::Head) => Some(Purpose::Head),
                (None, Method::Get) => Some(Purpose::Get),
                (None, _) => None,
            };
            let r = &e.response;
            let failure =
                r.error.as_deref().filter(|_| r.status == 0).map(|n| NoAnswer { name: n.into(), words: n.into() });
            ProbeAnswer {
                purpose,
                method: e.request.method.clone(),
                url: e.request.url.clone(),
                origin: h.get("origin").map(str::to_string),
                preflight_for: asks,
                status: (r.status != 0).then_some(r.status),
                headers: r.headers.iter().map(|x| (x.name.as_str().to_string(), x.value.to_string())).collect(),
                failure,
            }
        })
        .collect()
}

/// What the probe's answers show, read once.
#[derive(Debug, Default)]
struct Answers<'a> {
    /// The probe's own preflight, when one was sent.
    preflight: Option<&'a ProbeAnswer>,
    /// The methods an answer's `Allow` lists (OPTIONS answered 2xx, or any 405), with the request that got it and
    /// the header as written.
    allow: Option<(Vec<Method>, Method, String)>,
    /// HEAD and GET answered 2xx (the first hop): the method and its status.
    works: Vec<(Method, u16)>,
    /// HEAD and GET refused (the first hop answered 4xx): the method and its status.
    refused: Vec<(Method, u16)>,
}

impl<'a> Answers<'a> {
    fn read(sent: &'a [ProbeAnswer]) -> Self {
        let mut a = Answers::default();
        let first = |p: Purpose| sent.iter().find(|s| s.purpose == Some(p));
        a.preflight = first(Purpose::Preflight);
        for p in [Purpose::Options, Purpose::Head, Purpose::Get] {
            let Some(s) = first(p) else { continue };
            let Some(status) = s.status else { continue };
            let allow = s.header("allow").map(str::trim);
            let lists = (p == Purpose::Options && (200..300).contains(&status)) || status == 405;
            if let Some(v) = allow.filter(|v| lists && !v.is_empty() && a.allow.is_none()) {
                a.allow = Some((parse_method_list(v), s.method.clone(), v.to_string()));
            }
            match (p, status) {
                (Purpose::Options, _) => {}
                (_, 200..=299) => a.works.push((s.method.clone(), status)),
                (_, 400..=499) => a.refused.push((s.method.clone(), status)),
                _ => {}
            }
        }
        a
    }

    /// "GET answered 200" / "GET and HEAD answered 200".
    fn works_words(&self) -> String {
        join_answers(&self.works)
    }
}

/// "HEAD and GET on the same URL answered 200" / "HEAD on the same URL answered 200 and GET 404".
fn join_answers(xs: &[(Method, u16)]) -> String {
    let methods: Vec<&str> = xs.iter().map(|(m, _)| m.as_str()).collect();
    match xs {
        [(_, a), rest @ ..] if rest.iter().all(|(_, s)| s == a) => {
            format!("{} on the same URL answered {a}", methods.join(" and "))
        }
        [(m, a), rest @ ..] => {
            let more: Vec<String> = rest.iter().map(|(m, s)| format!("{m} {s}")).collect();
            format!("{m} on the same URL answered {a} and {}", more.join(" and "))
        }
        [] => String::new(),
    }
}

/// The record of what was sent, as the diagnosis carries it.
pub fn record(sent: &[ProbeAnswer], at: &str, settled: bool) -> Probed {
    let requests = sent
        .iter()
        .map(|s| {
            let preflight = s.purpose == Some(Purpose::Preflight);
            ProbeRequest {
                method: s.method.clone(),
                url: s.url.clone(),
                preflight: preflight || s.preflight_for.is_some(),
                preflight_for: s.preflight_for.clone().filter(|_| !preflight),
                status: s.status.unwrap_or(0),
                allow: s.status.and(s.header("allow")).map(str::to_string),
                error: s.failure.as_ref().filter(|_| s.status.is_none()).map(|f| f.name.clone()),
            }
        })
        .collect();
    Probed { at: at.to_string(), settled, requests }
}

/// Which undecided case a diagnosis is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Wrong404,
    NoAllow405,
    PreflightNotInHar,
    /// The HAR's preflight got no answer (blocked by the browser, status 0).
    PreflightUnanswered,
    Other,
}

fn kind(d: &Diagnosis) -> Kind {
    let on_response = d.decided_by == DecidedBy::Response;
    if on_response && d.status == 404 && d.needs_probe {
        Kind::Wrong404
    } else if on_response && d.status == 405 && d.allowed.is_none() && d.needs_probe {
        Kind::NoAllow405
    } else if d.preflight.as_ref().is_some_and(|p| p.inferred) {
        Kind::PreflightNotInHar
    } else if d.decided_by == DecidedBy::Preflight && d.status == 0 && d.needs_probe {
        Kind::PreflightUnanswered
    } else {
        Kind::Other
    }
}

/// `d` settled by the answers in `sent` (made at `at`, RFC 3339); `last` is the HAR's final response of the request
/// (its body names the stack's wrong-method 404). Unsettled, `d` comes back with the reason added and the probe
/// recorded.
pub fn settle(d: Diagnosis, sent: &[ProbeAnswer], at: &str, last: Option<&Entry>) -> Diagnosis {
    let a = Answers::read(sent);
    let k = kind(&d);
    let (needs_probe, inferred) = (d.needs_probe, d.preflight.as_ref().is_some_and(|p| p.inferred));
    let reason = unsettled_reason(&d, sent);
    let mut s = d;
    let settled = match k {
        Kind::Wrong404 => wrong_404(&mut s, &a, last),
        Kind::NoAllow405 => no_allow_405(&mut s, &a),
        Kind::PreflightNotInHar => preflight_not_in_har(&mut s, &a, last),
        Kind::PreflightUnanswered => preflight_unanswered(&mut s, &a, last),
        Kind::Other => false,
    };
    if k != Kind::PreflightNotInHar && inferred {
        cached_preflight_note(&mut s, &a, last);
    }
    if !settled {
        s.summary = format!("{} {reason}", s.summary);
    }
    s.needs_probe = needs_probe && !settled;
    s.probe = Some(Box::new(record(sent, at, settled)));
    s
}

/// Why the answers settle nothing.
fn unsettled_reason(d: &Diagnosis, sent: &[ProbeAnswer]) -> String {
    if sent.is_empty() {
        return "The probe sent nothing for it.".into();
    }
    if sent.iter().all(|s| s.status.is_none()) {
        let why = sent.iter().find_map(|s| s.failure.as_ref()).map_or("no response", |f| f.words.as_str());
        return format!("The probe got no answer ({why}), so it settles nothing.");
    }
    match kind(d) {
        Kind::Wrong404 | Kind::NoAllow405 => "The probe did not settle it: OPTIONS lists no methods, and GET and HEAD \
            on the same URL were neither answered 2xx nor refused."
            .into(),
        Kind::PreflightNotInHar | Kind::PreflightUnanswered => {
            "The probe did not settle it: its preflight got no answer either.".into()
        }
        Kind::Other if d.request_inferred => "A probe cannot settle it: the request itself is not in the HAR, and \
            whether the page sent it with credentials only the page's code says."
            .into(),
        Kind::Other => "A probe cannot settle it: the browser blocked the request itself, and the probe never sends \
            the request's method, so nothing it may send shows what the server answers to it."
            .into(),
    }
}

/// The request's path without its query.
fn bare_path(url: &str) -> String {
    split_url(url).map_or_else(|| url.to_string(), |p| p.path.to_string())
}

/// The path with its query, as the summaries quote it.
fn path_of(url: &str) -> String {
    match split_url(url) {
        Some(p) => match p.query {
            Some(q) => format!("{}?{q}", p.path),
            None => p.path.to_string(),
        },
        None => url.to_string(),
    }
}

fn evidence(text: String) -> Evidence {
    Evidence { kind: EvidenceKind::Observation, text, header: None, value: None, entry: None, spec: None }
}

/// A 404 that may be a wrong method.
fn wrong_404(d: &mut Diagnosis, a: &Answers, last: Option<&Entry>) -> bool {
    let (method, path, bare) = (d.method.clone(), path_of(&d.url), bare_path(&d.url));
    let quirk = last.and_then(|e| {
        let body = e.response.content.text.as_deref().unwrap_or_default();
        stack::wrong_method_404(&method, &bare, body, &e.response.headers)
    });
    let said = quirk.as_ref().filter(|q| !q.says.is_empty()).map(|q| format!(" \"{}\"", q.says)).unwrap_or_default();
    // the stack named only on its own evidence: its 404 page, else the framework the diagnosis identified
    let framework = d.stack.filter(|s| s.tier() == stack::Tier::Framework);
    let who = match (&quirk, framework) {
        (Some(q), _) => q.stack.label().to_string(),
        (None, Some(s)) => s.label().to_string(),
        (None, None) => "the server".to_string(),
    };
    if let Some((allowed, by, raw)) = &a.allow {
        // an Allow that lists GET while GET is refused is not this route's (a catch-all OPTIONS wrote it)
        let contradicted: Vec<&Method> =
            a.refused.iter().map(|(m, _)| m).filter(|m| allowed.contains(m) && **m != Method::Head).collect();
        if contradicted.is_empty() {
            return wrong_404_allow(d, (&method, &path, &bare), (allowed, by, raw), (&said, &who));
        }
        d.evidence.push(evidence(format!(
            "A probe's {by} answered Allow: {raw}, yet {} on the same URL was refused: that Allow is a catch-all's, \
             not this route's, so it settles nothing.",
            contradicted.iter().map(|m| m.as_str()).collect::<Vec<_>>().join(" and ")
        )));
    }
    if !a.works.is_empty() {
        let works: Vec<Method> = a.works.iter().map(|(m, _)| m.clone()).collect();
        let caveat = if quirk.is_some() {
            String::new()
        } else {
            format!(
                " Less certain than a 405 would be: a {method} handler that itself answered a bare 404 would look the \
                 same, and only the server's routes (or sending {method}, which repeats the write) can rule that out."
            )
        };
        d.summary = format!(
            "{method} {path} got 404{said}, but a probe's {} just now: the route exists for {} and has no \
             {method} handler — {who} answers a method the route lacks with 404, as for a missing path.{caveat}",
            a.works_words(),
            works.iter().map(Method::as_str).collect::<Vec<_>>().join(" and ")
        );
        d.evidence.push(evidence(format!("A probe's {}: {bare} exists.", a.works_words())));
        d.suggestion = Some(format!("Add a {method} handler for {bare} on the server, or send a method it has there."));
        // no Allow came: the fix registers the missing handler, it does not claim what the route allows
        let fix = FixKind::MissingRoute { method: &method, path: &bare };
        settle_as(d, Cause::MethodMismatch, true, Some(&fix));
        return true;
    }
    if a.refused.len() == 2 {
        let others = [Method::Post, Method::Put, Method::Delete]
            .into_iter()
            .filter(|m| *m != method)
            .map(|m| m.as_str().to_string())
            .collect::<Vec<_>>()
            .join(", ");
        d.summary = format!(
            "{method} {path} got 404{said}, and a probe's {} while OPTIONS lists no methods: no \
             route answers at {bare}, so most likely the path itself is wrong (a typo, a missing prefix or version, a \
             route never deployed) rather than the method. A route there for another method ({others}…) would not \
             show without sending it.",
            join_answers(&a.refused)
        );
        d.evidence.push(evidence(format!("A probe's {}: nothing is routed at {bare}.", join_answers(&a.refused))));
        d.suggestion =
            Some(format!("Check the URL against the server's routes: nothing at {bare} answers GET or HEAD."));
        settle_as(d, Cause::NotMethodRelated, false, None);
        return true;
    }
    false
}

/// A 404 settled by an `Allow` header: the route's methods, with or without the request's.
fn wrong_404_allow(
    d: &mut Diagnosis,
    (method, path, bare): (&Method, &str, &str),
    (allowed, by, raw): (&Vec<Method>, &Method, &str),
    (said, who): (&str, &str),
) -> bool {
    d.allowed = Some(allowed.clone());
    d.evidence.push(Evidence {
        header: Some("Allow".into()),
        value: Some(raw.to_string()),
        ..evidence(format!("A probe's {by} on {bare} answered Allow: {raw}."))
    });
    if allowed.contains(method) {
        d.summary = format!(
            "{method} {path} got 404{said}, and a probe's {by} on the same URL lists {method} in Allow ({raw}): the \
             route takes {method}, so its handler answered 404 itself (what it looked up was not found). Not a \
             method problem."
        );
        d.suggestion = Some(format!(
            "Check why the {method} handler for {bare} finds nothing (a wrong id, an empty lookup, an authorisation \
             rule that hides the resource)."
        ));
        settle_as(d, Cause::NotMethodRelated, false, None);
    } else {
        d.summary = format!(
            "{method} {path} got 404{said}, and a probe's {by} on the same URL answers Allow: {raw}: the route \
             exists and does not take {method} — {who} answers a method the route lacks with 404, not 405."
        );
        d.suggestion = Some(use_instead(method, allowed, &format!("for {bare}")));
        let fix = FixKind::MethodMismatch { method, path: bare, allowed, suggested: None };
        settle_as(d, Cause::MethodMismatch, true, Some(&fix));
    }
    true
}

/// "Use GET, or add a PUT handler for /x." (OPTIONS and HEAD are no way to send data: never suggested).
fn use_instead(method: &Method, allowed: &[Method], place: &str) -> String {
    let others: Vec<&str> =
        allowed.iter().filter(|m| !matches!(m, Method::Options | Method::Head)).map(Method::as_str).collect();
    match others.as_slice() {
        [] => format!("Add a {method} handler {place}."),
        [one] => format!("Use {one}, or add a {method} handler {place}."),
        more => format!("Use one of {}, or add a {method} handler {place}.", more.join(", ")),
    }
}

/// The cause, the problem flag and the fix of a settled diagnosis.
fn settle_as(d: &mut Diagnosis, cause: Cause, problem: bool, fix: Option<&FixKind>) {
    d.cause = cause;
    d.problem = problem || d.cors_error.is_some();
    if let Some(k) = fix {
        d.fix = Some(Box::new(FixNote::new(d.stack, k)));
    } else if !problem {
        d.fix = None;
    }
}

/// A 405 without `Allow`.
fn no_allow_405(d: &mut Diagnosis, a: &Answers) -> bool {
    let (method, bare) = (d.method.clone(), bare_path(&d.url));
    let any_path = d.stack.is_some_and(|s| s.any_path_405());
    // an Allow that lists GET while GET is refused is not this resource's (a catch-all OPTIONS wrote it)
    let trusted = a
        .allow
        .as_ref()
        .filter(|(allowed, _, _)| !a.refused.iter().any(|(m, _)| allowed.contains(m) && *m != Method::Head));
    if let Some((allowed, by, raw)) = trusted {
        d.allowed = Some(allowed.clone());
        let exists = if any_path && !a.works.is_empty() { " (the path exists)" } else { "" };
        let odd = if allowed.contains(&method) {
            format!(
                " It lists {method} too, yet {method} got 405: something in front of the handler (a proxy, a \
                 middleware, a method filter) refuses it."
            )
        } else {
            String::new()
        };
        d.summary = format!(
            "{} A probe's {by} on the same URL answers Allow: {raw}: those are the methods it takes{exists}.{odd}",
            d.summary
        );
        d.evidence.push(Evidence {
            header: Some("Allow".into()),
            value: Some(raw.clone()),
            ..evidence(format!("A probe's {by} on {bare} answered Allow: {raw}."))
        });
        if d.suggestion.is_none() {
            d.suggestion = Some(use_instead(&method, allowed, "on the server"));
        }
        let fix = FixKind::MethodMismatch { method: &method, path: &bare, allowed, suggested: None };
        d.fix = Some(Box::new(FixNote::new(d.stack, &fix)));
        return true;
    }
    if !a.works.is_empty() {
        let words = a.works_words();
        let path = if any_path { format!(": the path exists, so only {method} is wrong there") } else { String::new() };
        d.summary = format!(
            "{} A probe's {words}, and OPTIONS lists no methods{path}; which other methods it takes \
             the server does not say.",
            d.summary
        );
        d.evidence.push(evidence(format!("A probe's {words}: {bare} exists.")));
        return true;
    }
    if a.refused.len() == 2 && any_path {
        let label = d.stack.map_or("the server", |s| s.label());
        d.summary = format!(
            "{method} {} got 405, and a probe's {} while OPTIONS lists no methods: {label} answers \
             405 when no route matches the path, so most likely nothing is routed at {bare} — the path is wrong \
             rather than the method.",
            path_of(&d.url),
            join_answers(&a.refused)
        );
        d.suggestion =
            Some(format!("Check the URL against the server's routes: nothing at {bare} answers GET or HEAD."));
        settle_as(d, Cause::NotMethodRelated, false, None);
        d.allowed = None;
        return true;
    }
    false
}

/// The probe's preflight checked as the browser checks it: `Some(Ok)` passes, `Some(Err)` fails, `None` when
/// none was sent or it got no answer.
fn preflight_check(
    a: &Answers,
    d: &Diagnosis,
    last: Option<&Entry>,
) -> Option<Result<(u16, String), (u16, CheckFailure)>> {
    let sent = a.preflight?;
    let status = sent.status?;
    let origin = sent.origin.as_deref()?;
    let mut response = Headers::new();
    for (n, v) in &sent.headers {
        response.push(n.as_str(), v.as_str());
    }
    let empty = Headers::new();
    let request_headers = last.map_or(&empty, |e| &e.request.headers);
    let credentials =
        if request_headers.contains("cookie") { CredentialsMode::Include } else { CredentialsMode::SameOrigin };
    let req = CorsRequest { method: &d.method, url: &d.url, origin, headers: request_headers, credentials };
    match check_preflight(&req, CorsResponse { status, headers: &response }) {
        Ok(()) => Some(Ok((status, origin.to_string()))),
        Err(f) => Some(Err((status, f))),
    }
}

/// A request that needed a preflight the HAR does not hold.
fn preflight_not_in_har(d: &mut Diagnosis, a: &Answers, last: Option<&Entry>) -> bool {
    let Some(check) = preflight_check(a, d, last) else { return false };
    let (method, path) = (d.method.clone(), path_of(&d.url));
    let blocked = d.status == 0;
    match check {
        Ok((status, origin)) => {
            let passes = format!(
                "a probe's preflight for {method} from {origin} passes now (answered {status}, every CORS check passed)"
            );
            d.evidence.push(evidence(format!("{}.", upper_first(&passes))));
            if blocked {
                d.summary = format!(
                    "The browser never got an answer to {method} {path} and the HAR holds no preflight for it, but \
                     {passes}: CORS is not what blocked it. Most likely the page's service worker failed to answer it \
                     (a respondWith() whose promise rejected leaves this trace), or something on the client (an \
                     extension, the network) stopped it; a preflight that failed then for a reason fixed since \
                     would look the same."
                );
                // the HAR's guess ("the preflight most likely failed") is what the probe disproved
                d.evidence.retain(|e| e.kind != EvidenceKind::Inference);
                d.cors_error = None;
                d.cors_step = None;
                d.suggestion = None;
                settle_as(d, Cause::NotMethodRelated, false, None);
            } else {
                d.summary = format!(
                    "{} The HAR holds no preflight for it (the browser most likely took it from its preflight cache, \
                     or the capture began after it), and {passes}.",
                    d.summary
                );
            }
            true
        }
        Err((status, f)) => {
            let how = if blocked { Blocked::PreflightNotInHar } else { Blocked::No };
            preflight_fails(d, status, &f, how);
            true
        }
    }
}

/// The HAR's preflight got no answer: the probe's own preflight says whether the server refuses it.
fn preflight_unanswered(d: &mut Diagnosis, a: &Answers, last: Option<&Entry>) -> bool {
    let Some(check) = preflight_check(a, d, last) else { return false };
    let (method, path) = (d.method.clone(), path_of(&d.url));
    match check {
        Ok((status, origin)) => {
            d.summary = format!(
                "The browser never sent your {method} {path}: its CORS preflight was blocked without a response, but                  a probe's preflight for {method} from {origin} passes now (answered {status}, every CORS check                  passed): the server's CORS is not what blocked it — something between the browser and the server                  (the network, a proxy, an extension or a privacy setting) stopped the preflight."
            );
            d.evidence.push(evidence(format!("A probe's preflight from {origin} passes now (answered {status}).")));
            d.cors_error = None;
            d.cors_step = None;
            d.suggestion = None;
            settle_as(d, Cause::NotMethodRelated, false, None);
        }
        Err((status, f)) => preflight_fails(d, status, &f, Blocked::PreflightUnanswered),
    }
    true
}

/// Whether the browser blocked the request, and what the HAR shows of its preflight.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Blocked {
    /// The request went out (on a cached preflight) and was answered.
    No,
    /// Blocked, and the HAR holds no preflight for it.
    PreflightNotInHar,
    /// Blocked, and the HAR's preflight got no answer.
    PreflightUnanswered,
}

/// The probe's preflight fails: the request is refused by CORS (now, or once the browser's cached answer expires).
fn preflight_fails(d: &mut Diagnosis, status: u16, f: &CheckFailure, how: Blocked) {
    let (method, path) = (d.method.clone(), path_of(&d.url));
    let detail = lower_first(&f.detail);
    let blocked = how != Blocked::No;
    let seen = if how == Blocked::PreflightUnanswered { "got no answer in this HAR" } else { "is not in this HAR" };
    d.summary = if blocked {
        format!(
            "The browser never got an answer to {method} {path}: its CORS preflight {seen}, and a probe's preflight \
             fails now: {detail}"
        )
    } else {
        format!(
            "{method} {path} went out without a preflight (the browser took it from its preflight cache, or the \
             capture began after it) and got {}, but a probe's preflight fails now: {detail} The cached answer hides \
             a CORS refusal: once it expires (Access-Control-Max-Age; at most 2 hours in Chromium) every {method} \
             from this page will be blocked.",
            d.status
        )
    };
    d.evidence.push(Evidence {
        kind: EvidenceKind::CorsCheck,
        text: format!("A probe's preflight: {}: {}", f.error.as_str(), f.detail),
        header: f.header.map(str::to_string),
        value: f.value.clone(),
        entry: None,
        spec: Some(f.spec.to_string()),
    });
    d.cors_error = Some(f.error);
    d.cors_step = Some(Box::new(CorsStep::of(f, true)));
    // the status of a preflight the HAR lacks is the probe's; an observed one keeps what the HAR recorded
    if let Some(p) = d.preflight.as_mut().filter(|p| p.inferred) {
        p.status = Some(status);
    }
    if blocked {
        d.status = status;
        d.decided_by = DecidedBy::Preflight;
    }
    let (origin, headers) =
        d.preflight.as_ref().map(|p| (p.origin.clone(), p.request_headers.clone())).unwrap_or_default();
    let bare = bare_path(&d.url);
    let methods = [method];
    let fix =
        FixKind::AllowCors { origin: &origin, methods: &methods, headers: &headers, credentials: false, path: &bare };
    d.cause = Cause::CorsPreflight;
    d.problem = true;
    d.fix = Some(Box::new(FixNote::new(d.stack, &fix)));
}

/// A 404 or 405 whose preflight the HAR lacks: the probe's preflight says whether the cached answer still holds.
fn cached_preflight_note(d: &mut Diagnosis, a: &Answers, last: Option<&Entry>) {
    match preflight_check(a, d, last) {
        Some(Ok((status, origin))) => d.evidence.push(evidence(format!(
            "The HAR holds no preflight for it (most likely a preflight-cache hit); a probe's preflight from {origin} \
             passes now (answered {status})."
        ))),
        Some(Err((_, f))) => {
            d.next = Some(format!(
                "The HAR holds no preflight for it (most likely a preflight-cache hit), and a probe's preflight fails \
                 now: {} Once the cached answer expires, the browser will block {} before it is sent.",
                lower_first(&f.detail),
                d.method
            ));
        }
        None => {}
    }
}

/// `s` with its first letter in lower case (ASCII only: the texts are this crate's own words; the Unicode case
/// tables would cost the panel's wasm ~10 KB gzipped).
fn lower_first(s: &str) -> String {
    let mut out = s.to_string();
    if let Some(first) = out.get_mut(..1) {
        first.make_ascii_lowercase();
    }
    out
}

/// `s` with its first letter in upper case (ASCII only, as [`lower_first`]).
fn upper_first(s: &str) -> String {
    let mut out = s.to_string();
    if let Some(first) = out.get_mut(..1) {
        first.make_ascii_uppercase();
    }
    out
}
