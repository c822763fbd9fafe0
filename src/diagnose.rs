//! Causes and rules: turns one [`Exchange`] into one [`Diagnosis`].
//!
//! The order of reasoning mirrors the browser's: first the preflight (if the
//! request needed one), then each hop's response and the CORS check on it,
//! then what the final response says about the method.

// `cors`'s checks return a rich `CheckFailure` (the evidence a report shows); it is
// built once per failing request, so its size on the error path does not matter.
#![allow(clippy::result_large_err)]

use std::borrow::Cow;

use serde::Serialize;

use crate::cors::{self, CheckFailure, CorsError, CorsRequest, CorsResponse, CredentialsMode};
use crate::exchange::{redirect_target, Exchange};
use crate::har::{CallFrame, Entry};
use crate::http::{origin_of, parse_method_list, path_and_query, reason_phrase, split_url, Headers, Method};
use crate::stack::{self, FixKind, FixNote, Stack};

pub mod view;

/// Why a request ended the way it did. Exactly one per request.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, PartialOrd, Ord)]
#[serde(rename_all = "snake_case")]
pub enum Cause {
    /// The preflight failed, so the request was never sent.
    CorsPreflight,
    /// A generic OPTIONS route let the preflight pass; the method has no route here.
    CatchAllOptions,
    /// The resource exists and refuses this method.
    MethodMismatch,
    /// A web server or proxy in front of the app refused the method.
    ServerRule,
    /// A 301/302/303 turned the request into GET.
    RedirectMethodChange,
    /// Succeeded, or failed for reasons that have nothing to do with the method.
    NotMethodRelated,
}

impl Cause {
    pub fn as_str(&self) -> &'static str {
        match self {
            Cause::CorsPreflight => "cors_preflight",
            Cause::CatchAllOptions => "catch_all_options",
            Cause::MethodMismatch => "method_mismatch",
            Cause::ServerRule => "server_rule",
            Cause::RedirectMethodChange => "redirect_method_change",
            Cause::NotMethodRelated => "not_method_related",
        }
    }

    /// A short human title.
    pub fn title(&self) -> &'static str {
        match self {
            Cause::CorsPreflight => "CORS preflight refused",
            Cause::CatchAllOptions => "Catch-all OPTIONS route hides a missing route",
            Cause::MethodMismatch => "Method not allowed on this resource",
            Cause::ServerRule => "Web server or proxy rule refused the method",
            Cause::RedirectMethodChange => "Redirect changed the method",
            Cause::NotMethodRelated => "Not a method problem",
        }
    }

    pub const ALL: [Cause; 6] = [
        Cause::CorsPreflight,
        Cause::CatchAllOptions,
        Cause::MethodMismatch,
        Cause::ServerRule,
        Cause::RedirectMethodChange,
        Cause::NotMethodRelated,
    ];
}

/// Which response decided the outcome.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DecidedBy {
    Preflight,
    Response,
    None,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum EvidenceKind {
    Status,
    Header,
    CorsCheck,
    Body,
    Redirect,
    Observation,
    Signature,
    Inference,
}

/// One fact the diagnosis rests on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Evidence {
    pub kind: EvidenceKind,
    pub text: String,
    /// The header this is about, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub header: Option<String>,
    /// That header's value (`null` when it was absent).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub value: Option<String>,
    /// The HAR entry it was read from.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub entry: Option<usize>,
    /// The spec section behind it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub spec: Option<String>,
}

impl Evidence {
    fn new(kind: EvidenceKind, text: impl Into<String>) -> Self {
        Evidence { kind, text: text.into(), header: None, value: None, entry: None, spec: None }
    }
    fn entry(mut self, e: usize) -> Self {
        self.entry = Some(e);
        self
    }
    fn header(mut self, name: &str, value: Option<&str>) -> Self {
        self.header = Some(name.to_string());
        self.value = value.map(str::to_string);
        self
    }
}

/// One redirect hop.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Redirect {
    pub status: u16,
    pub from: String,
    pub to: String,
    pub method_before: Method,
    pub method_after: Method,
}

/// The failing CORS step, as the panel shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CorsStep {
    pub error: CorsError,
    pub step: String,
    pub spec: String,
    pub header: Option<String>,
    pub value: Option<String>,
    pub failed_parameter: Option<String>,
    pub detail: String,
    /// True when the step failed on the preflight response.
    pub on_preflight: bool,
}

/// The preflight as reconstructed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PreflightInfo {
    /// Not in the HAR: reconstructed per the Fetch standard.
    pub inferred: bool,
    pub entry: Option<usize>,
    pub status: Option<u16>,
    /// `Access-Control-Request-Method`.
    pub request_method: Method,
    /// `Access-Control-Request-Headers` (lower-cased, sorted).
    pub request_headers: Vec<String>,
    pub origin: String,
}

/// The diagnosis of one request. Serialises to the CLI's JSON contract.
#[derive(Debug, Clone, Serialize)]
pub struct Diagnosis {
    pub method: Method,
    pub url: String,
    /// Real status of the response that decided the outcome (the preflight's
    /// when the preflight failed); 0 when there was no response.
    pub status: u16,
    pub cause: Cause,
    pub cors_error: Option<CorsError>,
    pub allowed: Option<Vec<Method>>,
    pub stack: Option<Stack>,
    pub summary: String,
    /// Written when first read (see [`FixNote`]).
    pub fix: Option<FixNote>,
    pub evidence: Vec<Evidence>,
    pub redirects: Vec<Redirect>,
    /// A method or CORS problem was found.
    pub problem: bool,
    /// The request did not succeed (problem, error status, or no response).
    pub failed: bool,
    pub decided_by: DecidedBy,
    pub cors_step: Option<CorsStep>,
    pub suggestion: Option<String>,
    /// RFC 9110 and other protocol warnings.
    pub warnings: Vec<String>,
    /// The HAR cannot settle this: a probe request would.
    pub needs_probe: bool,
    pub preflight: Option<PreflightInfo>,
    /// The request is not in the HAR; it was reconstructed from its preflight.
    pub request_inferred: bool,
    /// Where the page's code made the request.
    pub initiator: Option<CallFrame>,
    /// Exchange id (stable for the life of an engine).
    pub id: usize,
    /// HAR entries of this exchange (preflights and hops).
    pub entries: Vec<usize>,
}

/// What other requests of the same HAR tell about a path.
pub trait Context {
    /// The distinct (method, status) pairs of the responses observed for this
    /// origin + path, in the order first seen (a repeat adds nothing).
    fn observed(&self, origin: &str, path: &str) -> Vec<(Method, u16)>;
    /// Stacks seen on responses of this origin, with evidence.
    fn stacks(&self, origin: &str) -> &[(Stack, String)];
    /// Entry `entry`'s stack signatures, when the context already read them
    /// (the engine does, once per entry); `None` reads them from the response.
    fn detection(&self, _entry: usize) -> Option<&stack::Detection> {
        None
    }
}

/// Entry `i`'s stack signatures, from the context when it has them.
fn detect<'c>(ctx: &'c dyn Context, i: usize, e: &Entry) -> Cow<'c, stack::Detection> {
    match ctx.detection(i) {
        Some(d) => Cow::Borrowed(d),
        None => Cow::Owned(stack::detect(e.response.status, &e.response.headers, body(e))),
    }
}

/// The request as the page made it.
struct Req<'e> {
    method: Method,
    url: String,
    /// The entry's own headers, or those the preflight announced.
    headers: Cow<'e, Headers>,
    origin: Option<String>,
    entry: Option<usize>,
}

/// The origin the request was made from: its `Origin` header; for a
/// fetch/XHR recorded with provisional headers only (Chrome, for a request
/// the browser blocked), the origin of its `Referer`.
fn request_origin(e: &Entry) -> Option<String> {
    match e.request.headers.get("origin").map(str::trim) {
        Some("null") => Some("null".into()),
        Some(o) if !o.is_empty() => origin_of(o).or_else(|| Some(o.to_string())),
        _ => {
            let script = matches!(e.resource_type.as_deref(), Some("fetch") | Some("xhr"));
            if script {
                e.request.headers.get("referer").and_then(origin_of)
            } else {
                None
            }
        }
    }
}

/// Is this a CORS request (fetch/XHR across origins)? Browsers send
/// `Origin` on those; navigations and no-cors loads are not checked.
fn is_cors(origin: Option<&str>, url: &str) -> bool {
    match origin {
        Some(o) => cors::is_cross_origin(o, url),
        None => false,
    }
}

fn blocked_by_browser(e: &Entry) -> bool {
    e.response.error.as_deref().is_some_and(|s| {
        s.contains("ERR_FAILED") || s.contains("CORS") || s.contains("NS_ERROR_DOM_BAD_URI") || s.contains("BLOCKED")
    })
}

fn body(e: &Entry) -> Option<&str> {
    e.response.content.text.as_deref()
}

fn allowed_of(h: &Headers) -> Option<Vec<Method>> {
    h.get_combined("allow").map(|v| parse_method_list(&v))
}

fn list(ms: &[Method]) -> String {
    ms.iter().map(Method::as_str).collect::<Vec<_>>().join(", ")
}

fn step_of(f: &CheckFailure, on_preflight: bool) -> CorsStep {
    CorsStep {
        error: f.error,
        step: f.step.to_string(),
        spec: f.spec.to_string(),
        header: f.header.map(str::to_string),
        value: f.value.clone(),
        failed_parameter: f.failed_parameter.clone(),
        detail: f.detail.clone(),
        on_preflight,
    }
}

fn status_text(s: u16) -> String {
    let r = reason_phrase(s);
    if r.is_empty() {
        s.to_string()
    } else {
        format!("{s} {r}")
    }
}

/// Runs a CORS check with the credentials mode the HAR suggests. A HAR does
/// not record the credentials mode, and a blocked request shows only
/// provisional headers (no `Cookie`), so when the browser blocked it the check
/// is replayed with credentials included too:
/// * the check passes without credentials but fails with them: credentials
///   are the only explanation;
/// * both fail, differently, and the response sends
///   `Access-Control-Allow-Credentials`: the server expects credentialed
///   requests, so the page most likely sent one (Chromium then reports the
///   credentials-mode failure, which comes first in its order).
///
/// Returns the failure and, when credentials were inferred, why.
fn check_with_credentials<F>(
    req: &CorsRequest,
    blocked: bool,
    response: &Headers,
    check: F,
) -> (Result<(), CheckFailure>, Option<&'static str>)
where
    F: Fn(&CorsRequest) -> Result<(), CheckFailure>,
{
    let first = check(req);
    if !blocked || req.credentials == CredentialsMode::Include {
        return (first, None);
    }
    let mut with = req.clone();
    with.credentials = CredentialsMode::Include;
    match (first, check(&with)) {
        (Ok(()), Err(f)) => (
            Err(f),
            Some("The browser blocked the request and the only check that fails is a credentials one, so the request was made with credentials (cookies) included — the HAR does not record the credentials mode."),
        ),
        (Err(a), Err(b)) if a.error != b.error && response.contains("access-control-allow-credentials") => (
            Err(b),
            Some("The response sends Access-Control-Allow-Credentials, so the page most likely made this request with credentials included (the HAR does not record the credentials mode); with credentials, this is the check the browser fails first."),
        ),
        (first, _) => (first, None),
    }
}

/// Diagnoses one exchange.
pub fn diagnose(ex: &Exchange, entries: &[Entry], ctx: &dyn Context) -> Diagnosis {
    let pf_entry = ex.first_preflight().and_then(|i| entries.get(i).map(|e| (i, e)));
    let first = ex.hops.first().and_then(|&i| entries.get(i).map(|e| (i, e)));

    // The request as the page made it (inferred from the preflight when absent).
    let req = match (first, pf_entry) {
        (Some((i, e)), _) => Req {
            method: e.request.method.clone(),
            url: e.request.url.clone(),
            headers: Cow::Borrowed(&e.request.headers),
            origin: request_origin(e).or_else(|| pf_entry.and_then(|(_, p)| request_origin(p))),
            entry: Some(i),
        },
        (None, Some((_, p))) => {
            let method =
                p.request.headers.get("access-control-request-method").map(Method::parse).unwrap_or(Method::Get);
            let url = p.initiator.as_ref().and_then(|i| i.url.clone()).unwrap_or_else(|| p.request.url.clone());
            let mut headers = Headers::new();
            if let Some(list) = p.request.headers.get("access-control-request-headers") {
                for name in list.split(',').map(str::trim).filter(|s| !s.is_empty()) {
                    headers.push(name, "");
                }
            }
            Req { method, url, headers: Cow::Owned(headers), origin: request_origin(p), entry: None }
        }
        (None, None) => Req {
            method: Method::Get,
            url: String::new(),
            headers: Cow::Owned(Headers::new()),
            origin: None,
            entry: None,
        },
    };

    let mut d = Diagnosis {
        method: req.method.clone(),
        url: req.url.clone(),
        status: 0,
        cause: Cause::NotMethodRelated,
        cors_error: None,
        allowed: None,
        stack: None,
        summary: String::new(),
        fix: None,
        evidence: Vec::new(),
        redirects: Vec::new(),
        problem: false,
        failed: false,
        decided_by: DecidedBy::None,
        cors_step: None,
        suggestion: None,
        warnings: Vec::new(),
        needs_probe: false,
        preflight: None,
        request_inferred: ex.request_inferred(),
        initiator: first.and_then(|(_, e)| e.initiator.as_ref()).and_then(|i| i.frame.clone()),
        id: ex.id,
        entries: ex.entries().collect(),
    };
    let path = path_and_query(&req.url);
    let url_origin = origin_of(&req.url).unwrap_or_default();
    let bare_path = split_url(&req.url).map(|p| p.path.to_string()).unwrap_or_else(|| path.clone());
    let stacks_seen = ctx.stacks(&url_origin);
    let cors_mode = is_cors(req.origin.as_deref(), &req.url);
    let origin = req.origin.clone().unwrap_or_else(|| url_origin.clone());
    let has_cookie = first.is_some_and(|(_, e)| e.request.headers.contains("cookie"));
    let creq = CorsRequest {
        method: &req.method,
        url: &req.url,
        origin: &origin,
        headers: &req.headers,
        credentials: if has_cookie { CredentialsMode::Include } else { CredentialsMode::SameOrigin },
    };
    // The request was never sent (no response at all, or not in the HAR): only
    // then can its preflight have failed. A request that got a response and was
    // blocked afterwards failed the CORS check on that response instead.
    let never_sent = first.is_none_or(|(_, e)| !e.has_response());

    // ---- 1. the preflight -------------------------------------------------
    let plan = if cors_mode { cors::preflight_plan(&creq) } else { None };
    if let Some((pi, p)) = pf_entry {
        let (acrm, acrh) = (
            p.request
                .headers
                .get("access-control-request-method")
                .map(Method::parse)
                .unwrap_or_else(|| req.method.clone()),
            p.request
                .headers
                .get("access-control-request-headers")
                .map(|v| v.split(',').map(|s| s.trim().to_ascii_lowercase()).filter(|s| !s.is_empty()).collect())
                .unwrap_or_default(),
        );
        d.preflight = Some(PreflightInfo {
            inferred: false,
            entry: Some(pi),
            status: Some(p.response.status),
            request_method: acrm,
            request_headers: acrh,
            origin: origin.clone(),
        });
        d.evidence.push(
            Evidence::new(
                EvidenceKind::Status,
                if p.has_response() {
                    format!("Preflight OPTIONS {} answered {}", path, status_text(p.response.status))
                } else {
                    format!(
                        "Preflight OPTIONS {} got no response ({})",
                        path,
                        p.response.error.as_deref().unwrap_or("no error recorded").trim()
                    )
                },
            )
            .entry(pi),
        );
        if !p.has_response() {
            // No answer at all to the OPTIONS: the server was unreachable or the
            // connection failed; there are no headers to check.
            let err = p.response.error.clone().unwrap_or_else(|| "no response".into());
            if let Some(f) = cors::preflight_redirect_error(&creq, &err) {
                return finish_preflight_failure(d, &req, p, pi, &f, stacks_seen, &bare_path, ctx);
            }
            d.decided_by = DecidedBy::Preflight;
            d.failed = true;
            d.stack = pick_stack(None, stacks_seen);
            d.evidence
                .push(Evidence::new(EvidenceKind::Status, format!("The preflight got no response: {err}")).entry(pi));
            if blocked_by_browser(p) {
                d.cause = Cause::CorsPreflight;
                d.problem = true;
                d.needs_probe = true;
                d.summary = format!(
                    "The browser never sent your {} {}: its CORS preflight was blocked without a response ({err}), and the HAR does not record why. A probe (OPTIONS with Origin and Access-Control-Request-Method) would show what the server answers.",
                    req.method, path
                );
            } else {
                d.summary = format!(
                    "The browser never sent your {} {}: its CORS preflight got no response ({err}) — the server could not be reached. A network problem, not a method or CORS one.",
                    req.method, path
                );
            }
            return d;
        }
        let (res, inferred_credentials) = check_with_credentials(&creq, never_sent, &p.response.headers, |r| {
            cors::check_preflight(r, CorsResponse { status: p.response.status, headers: &p.response.headers })
        });
        if let Err(f) = res {
            if let Some(why) = inferred_credentials {
                d.evidence.push(Evidence::new(EvidenceKind::Inference, why));
            }
            return finish_preflight_failure(d, &req, p, pi, &f, stacks_seen, &bare_path, ctx);
        }
        d.evidence.push(
            Evidence::new(
                EvidenceKind::CorsCheck,
                "The preflight passed every CORS check (origin, credentials, status, methods, headers).",
            )
            .entry(pi),
        );
    } else if let Some(plan) = &plan {
        d.preflight = Some(PreflightInfo {
            inferred: true,
            entry: None,
            status: None,
            request_method: plan.method.clone(),
            request_headers: plan.headers.clone(),
            origin: origin.clone(),
        });
        // ERR_CONNECTION_REFUSED and friends are network failures, not CORS.
        let network_failure = first.is_some_and(|(_, e)| e.response.error.is_some() && !blocked_by_browser(e));
        if first.is_some() && never_sent && !network_failure {
            // The request needed a preflight, was never answered, and the HAR has no preflight.
            d.decided_by = DecidedBy::Preflight;
            d.cause = Cause::CorsPreflight;
            d.problem = true;
            d.failed = true;
            d.evidence.push(Evidence::new(
                EvidenceKind::Inference,
                format!(
                    "{} {} needed a CORS preflight (method {}{}), the browser blocked it without a response, and the HAR holds no OPTIONS entry for it: the preflight most likely failed.",
                    req.method,
                    path,
                    plan.method,
                    if plan.headers.is_empty() { String::new() } else { format!(", headers {}", plan.headers.join(", ")) }
                ),
            ));
            d.summary = format!(
                "The browser never got an answer to {} {}: it needed a CORS preflight, which is not in this HAR and most likely failed. Capture with DevTools open from the start (or disable cache) to see the OPTIONS exchange.",
                req.method, path
            );
            d.needs_probe = true;
            let stack = pick_stack(None, stacks_seen);
            d.stack = stack;
            d.fix = Some(FixNote::new(
                stack,
                &FixKind::AllowCors {
                    origin: &origin,
                    methods: std::slice::from_ref(&req.method),
                    headers: &plan.headers,
                    credentials: has_cookie,
                    path: &bare_path,
                },
            ));
            return d;
        }
        d.evidence.push(Evidence::new(
            EvidenceKind::Inference,
            format!(
                "{} {} needed a CORS preflight; the HAR has none (a preflight-cache hit or an exporter that drops them). The request was sent, so the preflight passed.",
                req.method, path
            ),
        ));
    }

    // ---- 2. the request and its redirect hops ------------------------------
    let Some((_, _)) = first else {
        // Only a preflight, which passed: the request never showed up.
        d.decided_by = DecidedBy::Preflight;
        d.status = pf_entry.map(|(_, p)| p.response.status).unwrap_or(0);
        d.summary = format!(
            "The preflight for {} {} passed, but the request itself is not in this HAR (still in flight, or dropped by the exporter).",
            req.method, path
        );
        d.stack = pick_stack(None, stacks_seen);
        return d;
    };

    let mut method = req.method.clone();
    let mut cur_origin = origin.clone();
    let mut response_failure: Option<(CheckFailure, usize)> = None;
    let mut last: Option<(usize, &Entry)> = None;
    for (k, &hi) in ex.hops.iter().enumerate() {
        let Some(h) = entries.get(hi) else { continue };
        last = Some((hi, h));
        if k > 0 {
            method = h.request.method.clone();
        }
        if cors_mode && h.has_response() && response_failure.is_none() {
            let hreq = CorsRequest {
                method: &method,
                url: &h.request.url,
                origin: &cur_origin,
                headers: &h.request.headers,
                credentials: creq.credentials,
            };
            let blocked = blocked_by_browser(h);
            let (res, inferred_credentials) = check_with_credentials(&hreq, blocked, &h.response.headers, |r| {
                cors::check_cors(r, CorsResponse { status: h.response.status, headers: &h.response.headers })
            });
            if let Err(f) = res {
                if let Some(why) = inferred_credentials {
                    d.evidence.push(Evidence::new(EvidenceKind::Inference, why));
                }
                response_failure = Some((f, hi));
            }
        }
        if let Some(to) = redirect_target(h) {
            let after = cors::redirect_method(&method, h.response.status);
            d.redirects.push(Redirect {
                status: h.response.status,
                from: h.request.url.clone(),
                to: to.clone(),
                method_before: method.clone(),
                method_after: after.clone(),
            });
            d.evidence.push(
                Evidence::new(
                    EvidenceKind::Redirect,
                    if after != method {
                        format!(
                            "{} {} → {} to {}: the browser re-sent it as {}",
                            method,
                            path_and_query(&h.request.url),
                            status_text(h.response.status),
                            path_and_query(&to),
                            after
                        )
                    } else {
                        format!(
                            "{} {} → {} to {} (method kept)",
                            method,
                            path_and_query(&h.request.url),
                            status_text(h.response.status),
                            path_and_query(&to)
                        )
                    },
                )
                .entry(hi)
                .header("Location", h.response.headers.get("location")),
            );
            if cors_mode {
                cur_origin = cors::origin_after_redirect(&cur_origin, &h.request.url, &to);
            }
            method = after;
        }
    }
    let Some((li, lastr)) = last else {
        return d;
    };
    let st = lastr.response.status;
    d.status = st;
    d.decided_by = DecidedBy::Response;
    d.allowed = allowed_of(&lastr.response.headers);
    let detection = detect(ctx, li, lastr);
    let generated = &detection.generated_by;
    d.stack = pick_stack(generated.as_ref().map(|g| g.0), stacks_seen);
    if let Some((s, ev)) = generated {
        d.evidence.push(
            Evidence::new(EvidenceKind::Signature, format!("Response generated by {}: {}", s.label(), ev)).entry(li),
        );
    } else if let Some((s, ev)) = stacks_seen.iter().find(|(s, _)| Some(*s) == d.stack) {
        d.evidence.push(Evidence::new(
            EvidenceKind::Signature,
            format!("Server stack on this origin: {} ({})", s.label(), ev),
        ));
    }
    let final_path = path_and_query(&lastr.request.url);
    let final_bare = split_url(&lastr.request.url).map(|p| p.path.to_string()).unwrap_or_else(|| final_path.clone());

    if st == 0 {
        d.failed = true;
        let err = lastr.response.error.clone().unwrap_or_else(|| "no response".into());
        d.evidence.push(Evidence::new(EvidenceKind::Status, format!("No response: {err}")).entry(li));
        if blocked_by_browser(lastr) && cors_mode {
            d.summary =
                format!("The browser blocked {} {} ({err}) and the HAR does not record why.", method, final_path);
            d.needs_probe = true;
        } else {
            d.summary =
                format!("{} {} got no response ({err}): a network failure, not a method problem.", method, final_path);
        }
        return d;
    }

    let mut ev_status =
        Evidence::new(EvidenceKind::Status, format!("{} {} answered {}", method, final_path, status_text(st)))
            .entry(li);
    if let Some(a) = lastr.response.headers.get_combined("allow") {
        ev_status = ev_status.header("Allow", Some(&a));
    }
    d.evidence.push(ev_status);
    if let Some(a) = &d.allowed {
        d.evidence.push(
            Evidence::new(EvidenceKind::Header, format!("Allow: {}", list(a)))
                .entry(li)
                .header("Allow", Some(&list(a))),
        );
    }

    // CORS failure on the response: reported beside whatever the status says.
    if let Some((f, fi)) = &response_failure {
        d.cors_error = Some(f.error);
        d.cors_step = Some(step_of(f, false));
        d.problem = true;
        d.evidence.push(Evidence {
            kind: EvidenceKind::CorsCheck,
            text: format!("{}: {}", f.error.as_str(), f.detail),
            header: f.header.map(str::to_string),
            value: f.value.clone(),
            entry: Some(*fi),
            spec: Some(f.spec.to_string()),
        });
    }

    // RFC 9110 warnings
    if st == 405 {
        match &d.allowed {
            None => d.warnings.push(
                "RFC 9110 §15.5.6: a 405 response must carry an Allow header listing the methods the resource supports; this one has none.".into(),
            ),
            Some(a) if a.contains(&method) => d.warnings.push(format!(
                "RFC 9110 §10.2.1: Allow lists {method}, the very method this 405 refused — the server contradicts itself (often a proxy or middleware refusing before the app)."
            )),
            _ => {}
        }
    }

    // ---- 3. classify --------------------------------------------------------
    let changed = d.redirects.iter().find(|r| r.method_before != r.method_after).cloned();
    let body_text = body(lastr).unwrap_or("");
    let web_server_made_it = generated.as_ref().is_some_and(|(s, _)| s.is_web_server());
    let cors_note = |status: u16| -> String {
        match &response_failure {
            Some((f, _)) if f.error == CorsError::MissingAllowOriginHeader => format!(
                " Your code saw a CORS error (TypeError: Failed to fetch) because the {} response has no Access-Control-Allow-Origin.",
                status
            ),
            Some((f, _)) => format!(" The browser also hid the response from your code: {}", f.detail),
            None => String::new(),
        }
    };

    if let (Some(r), true) = (&changed, req.method.is_write()) {
        d.cause = Cause::RedirectMethodChange;
        d.problem = true;
        d.failed = true;
        let outcome = if st >= 400 {
            format!("which the server refused with {}", status_text(st))
        } else {
            format!(
                "and the GET succeeded with {} — your {} body never reached a handler (the write was silently dropped)",
                status_text(st),
                req.method
            )
        };
        d.summary = format!(
            "A {} redirect turned your {} {} into {} {}, {}.{}",
            r.status,
            r.method_before,
            path,
            r.method_after,
            path_and_query(&r.to),
            outcome,
            cors_note(st)
        );
        d.suggestion = Some(format!(
            "Send the {} straight to {}; or have the server redirect with 307/308, which keep the method and body.",
            req.method,
            path_and_query(&r.to)
        ));
        d.fix = Some(FixNote::new(
            d.stack,
            &FixKind::RedirectChangedMethod { method: &req.method, from: &r.from, to: &r.to, status: r.status },
        ));
        return d;
    }

    let allow_only_options =
        d.allowed.as_ref().is_some_and(|a| !a.is_empty() && a.iter().all(|m| *m == Method::Options));
    let only_options_body = stack::only_options_route_body(body_text);
    if st == 405 && (allow_only_options || only_options_body.is_some()) {
        d.cause = Cause::CatchAllOptions;
        d.problem = true;
        d.failed = true;
        if let Some(q) = only_options_body {
            d.evidence.push(Evidence::new(EvidenceKind::Body, q.evidence).entry(li));
        }
        d.summary = format!(
            "No route handles {} {}: a catch-all OPTIONS route answered the preflight, so the only method this path knows is OPTIONS — the URL is probably wrong or the {} route was never registered.{}",
            method,
            final_bare,
            method,
            cors_note(st)
        );
        d.suggestion = Some(format!("Check the URL ({final_bare}) against the server's routes; if it is right, register a {method} route for it."));
        d.fix = Some(FixNote::new(d.stack, &FixKind::MissingRoute { method: &method, path: &final_bare }));
        return d;
    }

    if (st == 405 || st == 501) && web_server_made_it {
        return server_rule(d, &method, &final_bare, st, cors_note(st));
    }
    if st == 403 && web_server_made_it && method.is_write() {
        d.warnings.push(
            "A 403 page generated by the web server itself (not the application) for a write method is the signature of nginx `limit_except … { deny all; }` or Apache `<LimitExcept>`; it could also be an IP or auth rule.".into(),
        );
        return server_rule(d, &method, &final_bare, st, cors_note(st));
    }

    if st == 405 {
        d.cause = Cause::MethodMismatch;
        d.problem = true;
        d.failed = true;
        let allowed = d.allowed.clone().unwrap_or_default();
        let others: Vec<Method> =
            allowed.iter().filter(|m| **m != Method::Options && **m != Method::Head).cloned().collect();
        let suggested = suggest_method(&method, &others);
        let allows = if others.is_empty() {
            "it does not say which methods it allows".to_string()
        } else {
            format!("it allows {}", list(&others))
        };
        d.summary = format!(
            "The server answered 405 to {} {}: the resource exists but refuses {} — {}.{}",
            method,
            final_path,
            method,
            allows,
            cors_note(st)
        );
        d.suggestion = collection_suggestion(&method, &lastr.request.url, ctx)
            .or_else(|| {
                suggested.as_ref().map(|s| format!("Use {s}: this resource accepts {s} (Allow: {}).", list(&allowed)))
            })
            .or_else(|| {
                if others.is_empty() {
                    None
                } else {
                    Some(format!(
                        "Use {}{}, or add a {} handler on the server.",
                        if others.len() > 1 { "one of " } else { "" },
                        list(&others),
                        method
                    ))
                }
            });
        d.fix = Some(FixNote::new(
            d.stack,
            &FixKind::MethodMismatch {
                method: &method,
                path: &final_bare,
                allowed: &allowed,
                suggested: suggested.as_ref(),
            },
        ));
        if d.allowed.is_none() {
            d.needs_probe = true;
        }
        return d;
    }

    // Frameworks that answer 404 for a wrong method on an existing path
    // (Express): recognised by the stack's own hook, from the body or headers.
    let wrong_method_404 = if st == 404 {
        stack::wrong_method_404(&method, &final_bare, body_text, &lastr.response.headers)
    } else {
        None
    };
    if let Some(q) = wrong_method_404 {
        d.evidence.push(Evidence::new(EvidenceKind::Body, q.evidence).entry(li));
        let seen: Vec<(Method, u16)> = ctx
            .observed(&origin_of(&lastr.request.url).unwrap_or_default(), &final_bare)
            .into_iter()
            .filter(|(m, s)| *m != method && *m != Method::Options && (200..400).contains(s))
            .collect();
        if !seen.is_empty() {
            let ms: Vec<Method> = {
                let mut v: Vec<Method> = Vec::new();
                for (m, _) in &seen {
                    if !v.contains(m) {
                        v.push(m.clone());
                    }
                }
                v
            };
            d.cause = Cause::MethodMismatch;
            d.problem = true;
            d.failed = true;
            d.evidence.push(Evidence::new(
                EvidenceKind::Observation,
                format!(
                    "The same HAR shows {} {} succeeding, so the path exists and only {} is refused.",
                    list(&ms),
                    final_bare,
                    method
                ),
            ));
            let suggested = suggest_method(&method, &ms);
            d.summary = format!(
                "{} {} got 404 \"Cannot {} {}\", but this HAR shows {} on the same URL succeeding: the route exists and has no {} handler.{}",
                method, final_path, method, final_bare, list(&ms), method, cors_note(st)
            );
            d.suggestion = suggested.as_ref().map(|s| format!("Use {s}, or add a {method} handler for {final_bare}."));
            d.fix = Some(FixNote::new(
                d.stack,
                &FixKind::MethodMismatch {
                    method: &method,
                    path: &final_bare,
                    allowed: &ms,
                    suggested: suggested.as_ref(),
                },
            ));
            return d;
        }
        // CORS headers on the preflight but not on the 404: CORS is applied to
        // OPTIONS alone — a catch-all OPTIONS handler such as
        // `app.options('*', cors())` — and no route handles the method here.
        let preflight_had_cors =
            pf_entry.is_some_and(|(_, p)| p.response.headers.contains("access-control-allow-origin"));
        if preflight_had_cors && !lastr.response.headers.contains("access-control-allow-origin") {
            d.cause = Cause::CatchAllOptions;
            d.problem = true;
            d.failed = true;
            d.evidence.push(Evidence::new(
                EvidenceKind::Observation,
                format!(
                    "The preflight was answered with CORS headers but the {method}'s 404 carries none: CORS is applied to OPTIONS only (a catch-all OPTIONS handler such as app.options('*', cors())), and no {method} route matched."
                ),
            ));
            d.summary = format!(
                "No route handles {} {}: a catch-all OPTIONS handler answered the preflight, then the server answered the {} itself with 404 \"Cannot {} {}\" — the URL is probably wrong or the {} route was never registered.{}",
                method, final_bare, method, method, final_bare, method, cors_note(st)
            );
            d.suggestion = Some(format!("Check the URL ({final_bare}) against the server's routes; if it is right, register a {method} route for it (and apply CORS to all routes, not only OPTIONS)."));
            d.fix = Some(FixNote::new(d.stack, &FixKind::MissingRoute { method: &method, path: &final_bare }));
            return d;
        }
        d.needs_probe = true;
        d.failed = true;
        d.summary = format!(
            "{} {} got 404 \"Cannot {} {}\": either the path does not exist or it has no {} handler — {} answers both with 404, and this HAR cannot tell which. A probe (GET or OPTIONS on the same URL) would settle it.{}",
            method, final_path, method, final_bare, method, q.stack.label(), cors_note(st)
        );
        d.suggestion = Some(format!(
            "Check that {final_bare} is registered for {method} on the server (e.g. `app.{}('{final_bare}', …)`).",
            method.as_str().to_ascii_lowercase()
        ));
        if response_failure.is_some() {
            d.fix = Some(FixNote::new(d.stack, &FixKind::CorsOnErrors { origin: &origin }));
        } else {
            d.fix = Some(FixNote::new(d.stack, &FixKind::MissingRoute { method: &method, path: &final_bare }));
        }
        return d;
    }

    // Not a method problem.
    d.cause = Cause::NotMethodRelated;
    d.failed = st >= 400 || response_failure.is_some();
    d.summary = match &response_failure {
        Some((f, _)) if st >= 400 => format!(
            "{} {} failed with {} — not a method problem.{}",
            method,
            final_path,
            status_text(st),
            if f.error == CorsError::MissingAllowOriginHeader {
                format!(" Your code saw a CORS error because the {st} error response has no Access-Control-Allow-Origin: fix the {st} first, and make error responses carry CORS headers.")
            } else {
                format!(" The browser also hid it from your code: {}", f.detail)
            }
        ),
        Some((f, _)) => format!(
            "{} {} answered {}, but the browser hid the response from your code: {}",
            method,
            final_path,
            status_text(st),
            f.detail
        ),
        None if st >= 400 => {
            format!("{} {} failed with {} — not a method or CORS problem.", method, final_path, status_text(st))
        }
        None => format!("{} {} succeeded ({}).", method, final_path, status_text(st)),
    };
    if let Some((f, _)) = &response_failure {
        let kind = match f.error {
            CorsError::WildcardOriginNotAllowed | CorsError::InvalidAllowCredentials => {
                FixKind::Credentials { origin: &origin }
            }
            _ if st >= 400 => FixKind::CorsOnErrors { origin: &origin },
            _ => FixKind::AllowCors {
                origin: &origin,
                methods: std::slice::from_ref(&method),
                headers: &[],
                credentials: creq.credentials == CredentialsMode::Include,
                path: &final_bare,
            },
        };
        d.fix = Some(FixNote::new(d.stack, &kind));
    }
    d
}

fn server_rule(mut d: Diagnosis, method: &Method, path: &str, st: u16, cors_note: String) -> Diagnosis {
    d.cause = Cause::ServerRule;
    d.problem = true;
    d.failed = true;
    let who = d.stack.map(|s| s.label()).unwrap_or("The web server");
    d.summary = match st {
        403 => format!(
            "{who} refused {method} {path} with 403 before your application saw it — a method rule in the web server (nginx `limit_except`, Apache `<LimitExcept>`) denies {method} here.{cors_note}"
        ),
        501 => format!("{who} does not implement {method} and answered 501 itself; the request never reached your application.{cors_note}"),
        _ => format!(
            "{who} answered {st} to {method} {path} itself — the request never reached your application: a static-file location, a `return 405`, or a method rule in the server config refuses {method} here.{cors_note}"
        ),
    };
    d.suggestion = Some(format!(
        "Route {method} {path} to the application (proxy_pass / ProxyPass) or allow {method} in the server's method rule; static files only answer GET and HEAD."
    ));
    d.fix = Some(FixNote::new(d.stack, &FixKind::WebServerRule { method, path }));
    d
}

/// PUT ↔ PATCH and friends: the verb the developer most likely meant.
fn suggest_method(method: &Method, allowed: &[Method]) -> Option<Method> {
    let prefer: &[Method] = match method {
        Method::Put => &[Method::Patch, Method::Post],
        Method::Patch => &[Method::Put, Method::Post],
        Method::Post => &[Method::Put, Method::Patch],
        Method::Delete => &[],
        Method::Get => &[Method::Post],
        _ => &[],
    };
    prefer.iter().find(|m| allowed.contains(m)).cloned()
}

/// `POST /items/123` refused while `POST /items` works: suggest the collection.
fn collection_suggestion(method: &Method, url: &str, ctx: &dyn Context) -> Option<String> {
    if *method != Method::Post {
        return None;
    }
    let p = split_url(url)?;
    let trimmed = p.path.trim_end_matches('/');
    let (parent, last) = trimmed.rsplit_once('/')?;
    if parent.is_empty() || last.is_empty() {
        return None;
    }
    let origin = origin_of(url)?;
    let ok = |path: &str| ctx.observed(&origin, path).iter().any(|(m, s)| *m == Method::Post && (200..300).contains(s));
    if ok(parent) || ok(&format!("{parent}/")) {
        Some(format!("POST to the collection {parent} (this HAR shows POST {parent} succeeding); {trimmed} is one item — use PUT or PATCH there to update it."))
    } else {
        None
    }
}

/// The stack to name: who generated the deciding response, else the most
/// specific application stack seen on the origin, else its web server.
fn pick_stack(generated: Option<Stack>, seen: &[(Stack, String)]) -> Option<Stack> {
    generated
        .or_else(|| seen.iter().find(|(s, _)| !s.is_web_server()).map(|(s, _)| *s))
        .or_else(|| seen.first().map(|(s, _)| *s))
}

#[allow(clippy::too_many_arguments)]
fn finish_preflight_failure(
    mut d: Diagnosis,
    req: &Req,
    p: &Entry,
    pi: usize,
    f: &CheckFailure,
    stacks_seen: &[(Stack, String)],
    bare_path: &str,
    ctx: &dyn Context,
) -> Diagnosis {
    let st = p.response.status;
    d.cause = Cause::CorsPreflight;
    d.cors_error = Some(f.error);
    d.cors_step = Some(step_of(f, true));
    d.decided_by = DecidedBy::Preflight;
    d.status = st;
    d.problem = true;
    d.failed = true;
    d.allowed = allowed_of(&p.response.headers);
    let detection = detect(ctx, pi, p);
    d.stack = pick_stack(detection.generated_by.as_ref().map(|g| g.0), stacks_seen);
    if let Some((s, ev)) = &detection.generated_by {
        d.evidence.push(
            Evidence::new(EvidenceKind::Signature, format!("Preflight response generated by {}: {}", s.label(), ev))
                .entry(pi),
        );
    }
    d.evidence.push(Evidence {
        kind: EvidenceKind::CorsCheck,
        text: format!("{}: {}", f.error.as_str(), f.detail),
        header: f.header.map(str::to_string),
        value: f.value.clone(),
        entry: Some(pi),
        spec: Some(f.spec.to_string()),
    });
    if let Some(a) = &d.allowed {
        d.evidence.push(
            Evidence::new(EvidenceKind::Header, format!("Allow on the preflight response: {}", list(a)))
                .entry(pi)
                .header("Allow", Some(&list(a))),
        );
    }
    if let Some(ri) = req.entry {
        d.evidence.push(
            Evidence::new(
                EvidenceKind::Observation,
                format!("The {} itself was never sent (the HAR shows it blocked, without a response).", req.method),
            )
            .entry(ri),
        );
    } else {
        d.evidence.push(Evidence::new(
            EvidenceKind::Inference,
            format!(
                "The {} itself is not in the HAR: the browser never sent it (Firefox leaves such requests out).",
                req.method
            ),
        ));
    }
    let path = path_and_query(&req.url);
    let origin = d.preflight.as_ref().map(|p| p.origin.clone()).unwrap_or_default();
    let never = format!("The browser never sent your {} {}", req.method, path);
    let acao = p.response.headers.get("access-control-allow-origin");
    let plan_headers: Vec<String> = d.preflight.as_ref().map(|p| p.request_headers.clone()).unwrap_or_default();
    let credentials =
        matches!(f.error, CorsError::PreflightWildcardOriginNotAllowed | CorsError::PreflightInvalidAllowCredentials);
    let (why, kind): (String, FixKind) = match f.error {
        CorsError::PreflightDisallowedRedirect => {
            let why = match redirect_target(p) {
                Some(to) => format!(
                    "its CORS preflight was redirected ({} to {}), and browsers refuse to follow redirects on a preflight. Call the final URL directly.",
                    status_text(st),
                    path_and_query(&to)
                ),
                None => format!(
                    "its CORS preflight was redirected ({}: this HAR kept neither the redirect's status nor its Location), and browsers refuse to follow redirects on a preflight. Call the final URL directly — usually the same path with or without a trailing slash, or https instead of http.",
                    p.response.error.as_deref().unwrap_or("the browser's redirect error").trim()
                ),
            };
            (
                why,
                FixKind::PreflightRedirect { from: p.request.url.as_str(), to: "" },
            )
        }
        CorsError::PreflightMissingAllowOriginHeader if st == 401 || st == 403 => (
            format!(
                "its CORS preflight got {} without CORS headers: authentication runs before CORS and rejects the OPTIONS request, which never carries credentials. Let OPTIONS through before auth.",
                status_text(st)
            ),
            FixKind::PreflightBeforeAuth { path: bare_path },
        ),
        CorsError::PreflightMissingAllowOriginHeader if st == 405 || st == 404 || st == 501 => (
            format!(
                "its CORS preflight (OPTIONS) got {} with no Access-Control-Allow-Origin: nothing on the server answers OPTIONS for this path — CORS is not set up for it.",
                status_text(st)
            ),
            FixKind::AllowCors { origin: &origin, methods: std::slice::from_ref(&req.method), headers: &plan_headers, credentials: false, path: bare_path },
        ),
        CorsError::PreflightMissingAllowOriginHeader => (
            format!(
                "its CORS preflight got {} but no Access-Control-Allow-Origin: the server answered OPTIONS without CORS headers for {} (CORS is not configured for this origin{}).",
                status_text(st),
                origin,
                if st < 300 && d.allowed.is_some() { "; the Allow header shows the framework's automatic OPTIONS answer" } else { "" }
            ),
            FixKind::AllowCors { origin: &origin, methods: std::slice::from_ref(&req.method), headers: &plan_headers, credentials: false, path: bare_path },
        ),
        CorsError::PreflightInvalidStatus => (
            format!(
                "its CORS preflight carried the right CORS headers but status {} — the CORS layer answered, then something behind it refused the OPTIONS request{}. A preflight must get a 2xx.",
                status_text(st),
                if st == 400 { " (a CORS middleware rejecting a method or header it was not configured for answers 400)" } else { "" }
            ),
            FixKind::AllowCors { origin: &origin, methods: std::slice::from_ref(&req.method), headers: &plan_headers, credentials: false, path: bare_path },
        ),
        CorsError::PreflightAllowOriginMismatch | CorsError::PreflightInvalidAllowOriginValue | CorsError::PreflightMultipleAllowOriginValues => (
            format!(
                "its CORS preflight allowed origin {} but your page is {}.",
                acao.map(|v| format!("'{v}'")).unwrap_or_else(|| "(none)".into()),
                origin
            ),
            FixKind::AllowCors { origin: &origin, methods: std::slice::from_ref(&req.method), headers: &plan_headers, credentials: false, path: bare_path },
        ),
        CorsError::PreflightWildcardOriginNotAllowed | CorsError::PreflightInvalidAllowCredentials => {
            (format!("the request carries credentials (cookies) and {}", lower_first(&f.detail)), FixKind::Credentials { origin: &origin })
        }
        CorsError::MethodDisallowedByPreflightResponse => (
            format!(
                "its CORS preflight allows only {} (Access-Control-Allow-Methods), not {}.",
                p.response.headers.get_combined("access-control-allow-methods").unwrap_or_else(|| "the safelisted methods".into()),
                req.method
            ),
            FixKind::AllowCors { origin: &origin, methods: std::slice::from_ref(&req.method), headers: &plan_headers, credentials: false, path: bare_path },
        ),
        CorsError::HeaderDisallowedByPreflightResponse => (
            format!(
                "its CORS preflight does not allow the request header {} (Access-Control-Allow-Headers: {}).",
                f.failed_parameter.clone().unwrap_or_default(),
                p.response.headers.get_combined("access-control-allow-headers").unwrap_or_else(|| "none".into())
            ),
            FixKind::AllowCors { origin: &origin, methods: std::slice::from_ref(&req.method), headers: &plan_headers, credentials: false, path: bare_path },
        ),
        _ => (
            lower_first(&f.detail),
            FixKind::AllowCors { origin: &origin, methods: std::slice::from_ref(&req.method), headers: &plan_headers, credentials, path: bare_path },
        ),
    };
    d.summary = format!("{never}: {why}");
    if let FixKind::PreflightRedirect { from, .. } = kind {
        let to = redirect_target(p);
        d.fix =
            Some(FixNote::new(d.stack, &FixKind::PreflightRedirect { from, to: to.as_deref().unwrap_or_default() }));
        d.suggestion = Some(match to {
            Some(to) => format!("Request {} directly.", path_and_query(&to)),
            None => "Request the URL the server redirects to directly (open it in a tab, or probe the OPTIONS, to see the Location).".into(),
        });
    } else {
        d.fix = Some(FixNote::new(d.stack, &kind));
    }
    d
}

fn lower_first(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_lowercase().collect::<String>() + c.as_str(),
        None => String::new(),
    }
}
