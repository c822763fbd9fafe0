//! What the live checks are and what they send: each documented path's URL (its parameters filled), the checks in
//! the spec's order, and the requests they read ([`Ask`]), each built by the probe's [`plan`] so that a check sends
//! exactly what `why405 probe` would.

use std::collections::HashSet;

use super::LiveOptions;
use crate::contract::{Operation, PathItem, Spec};
use crate::http::Method;
use crate::probe::{plan, ProbeTarget, Purpose, Step};

/// The standard methods a documented path is checked for (CONNECT and TRACE are left out).
pub const STANDARD: [Method; 7] =
    [Method::Get, Method::Head, Method::Post, Method::Put, Method::Patch, Method::Delete, Method::Options];

/// A documented path, ready to be asked.
#[derive(Debug, Clone)]
pub struct PathCtx<'a> {
    pub item: &'a PathItem,
    /// The URL, or why there is none (a path parameter without a value).
    pub url: Result<String, String>,
    /// An undocumented sibling's URL (the catch-all check), or why there is none.
    pub sibling: Result<String, String>,
    /// The documented methods, in the spec's order.
    pub documented: Vec<Method>,
}

impl PathCtx<'_> {
    pub fn operation(&self, m: &Method) -> Option<&Operation> {
        self.item.operations.iter().find(|o| &o.method == m)
    }
}

/// One request (with its redirect hops) that checks read; several checks may read the same one.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Ask {
    /// A plain `OPTIONS` without `Origin`: the `Allow` discovery.
    Options { path: usize },
    /// The preflight a browser sends for `method` from origin number `origin`.
    Preflight { path: usize, method: Method, origin: usize },
    /// `method` itself, from origin number `origin` or without `Origin`; GET and HEAD follow redirects hop by hop, a
    /// write carries the spec's example body.
    Send { path: usize, method: Method, origin: Option<usize> },
    /// A plain `OPTIONS` on the undocumented sibling.
    SiblingOptions { path: usize },
    /// A preflight on the undocumented sibling, from the first origin, for the path's first documented method that is
    /// not CORS-safelisted (PUT when there is none).
    SiblingPreflight { path: usize },
}

/// What a check checks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Kind {
    Preflight { method: Method, origin: usize },
    Accepted { method: Method },
    Refused { method: Method },
    CatchAll,
}

/// A check before anything is sent: what it reads, or why it is skipped.
#[derive(Debug, Clone)]
pub struct Planned {
    pub path: usize,
    pub kind: Kind,
    pub asks: Vec<Ask>,
    pub skip: Option<String>,
}

/// A request ready to send.
#[derive(Debug, Clone)]
pub struct Request {
    pub step: Step,
    pub body: Option<Vec<u8>>,
}

/// Every documented path with its URL filled in.
pub fn paths<'a>(spec: &'a Spec, opts: &LiveOptions) -> Vec<PathCtx<'a>> {
    let base = format!("{}{}", opts.base_url.trim_end_matches('/'), spec.base_path.trim_end_matches('/'));
    let templates: Vec<&str> = spec.paths.iter().map(|p| p.template.as_str()).collect();
    spec.paths
        .iter()
        .enumerate()
        .map(|(i, item)| {
            let fill = |t: &str| fill(t, item, &opts.params).map(|p| format!("{base}{p}"));
            PathCtx {
                item,
                url: fill(&item.template),
                sibling: fill(&sibling(&item.template, i, &templates)),
                documented: item.operations.iter().map(|o| o.method.clone()).collect(),
            }
        })
        .collect()
}

/// `template` with each `{name}` replaced by its value (`--param` over the spec's example), percent-encoded; or the
/// reason a check cannot run.
pub fn fill(template: &str, item: &PathItem, params: &[(String, String)]) -> Result<String, String> {
    let mut out = String::new();
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        let close = rest[open..].find('}').map(|c| open + c).ok_or_else(|| format!("unclosed {{ in {template}"))?;
        out.push_str(&rest[..open]);
        let name = &rest[open + 1..close];
        let given = params.iter().rev().find(|(n, _)| n == name).map(|(_, v)| v.clone());
        let example = item.params.iter().find(|p| p.name == name).and_then(|p| p.example.clone());
        let value = given.or(example).ok_or_else(|| format!("no value for {name}: give --param {name}=..."))?;
        out.push_str(&encode_segment(&value));
        rest = &rest[close + 1..];
    }
    out.push_str(rest);
    Ok(out)
}

/// Percent-encodes what may not stand in a path segment as it is (RFC 3986 `pchar`).
fn encode_segment(v: &str) -> String {
    let mut out = String::new();
    for b in v.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~!$&'()*+,;=:@".contains(&b) {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// An undocumented path next to `template`: its last literal segment replaced by `__why405_<n>`, or that segment
/// appended after a trailing parameter; made longer (`_` appended) while a documented template would serve it, and a
/// child (`/__why405_<n>` appended) when every sibling would be served (`/items/x` next to `/items/{id}`).
pub fn sibling(template: &str, n: usize, templates: &[&str]) -> String {
    let mut segs: Vec<String> = template.trim_end_matches('/').split('/').map(String::from).collect();
    let mut name = format!("__why405_{n}");
    loop {
        let mut s = segs.clone();
        match s.last_mut() {
            Some(last) if !last.is_empty() && !last.contains('{') => *last = name.clone(),
            _ => s.push(name.clone()),
        }
        let candidate = s.join("/");
        if !templates.iter().any(|t| matches_template(t, &candidate)) {
            return candidate;
        }
        name.push('_');
        if name.len() > 64 {
            segs.push("__why405".into());
            name = format!("__why405_{n}");
        }
    }
}

/// Whether `path` (a template with literal segments, maybe parameters) could be served by `template`.
fn matches_template(template: &str, path: &str) -> bool {
    let t: Vec<&str> = template.trim_end_matches('/').split('/').collect();
    let p: Vec<&str> = path.trim_end_matches('/').split('/').collect();
    t.len() == p.len() && t.iter().zip(&p).all(|(a, b)| a.contains('{') || b.contains('{') || a == b)
}

/// The methods a documented path is checked to refuse: the standard ones it does not document, HEAD left out when
/// GET is documented (HEAD is implied by GET).
pub fn undocumented(documented: &[Method]) -> Vec<Method> {
    let get = documented.contains(&Method::Get);
    STANDARD.iter().filter(|m| !(documented.contains(m) || get && **m == Method::Head)).cloned().collect()
}

/// The checks, in order: per path, per documented method its preflights (one per origin) and its acceptance; then
/// the undocumented methods' refusals; then the catch-all check.
pub fn checks(paths: &[PathCtx<'_>], opts: &LiveOptions) -> Vec<Planned> {
    let mut out = Vec::new();
    for (i, pc) in paths.iter().enumerate() {
        for m in &pc.documented {
            for o in 0..opts.origins.len() {
                out.push(preflight_check(i, pc, m, o, opts));
            }
            out.push(accepted_check(i, pc, m, opts));
        }
        for m in undocumented(&pc.documented) {
            out.push(refused_check(i, pc, &m, opts));
        }
        let mut asks = vec![Ask::SiblingOptions { path: i }];
        if !opts.origins.is_empty() {
            asks.push(Ask::SiblingPreflight { path: i });
        }
        out.push(Planned { path: i, kind: Kind::CatchAll, asks, skip: pc.sibling.clone().err() });
    }
    out
}

fn is_safe(m: &Method) -> bool {
    matches!(m, Method::Get | Method::Head | Method::Options)
}

fn preflight_check(i: usize, pc: &PathCtx<'_>, m: &Method, o: usize, opts: &LiveOptions) -> Planned {
    let kind = Kind::Preflight { method: m.clone(), origin: o };
    let mut skip = pc.url.clone().err();
    let asks = if is_safe(m) && *m != Method::Options {
        vec![Ask::Send { path: i, method: m.clone(), origin: Some(o) }]
    } else if needs_preflight(pc, m, &opts.origins[o]) {
        vec![Ask::Preflight { path: i, method: m.clone(), origin: o }]
    } else if opts.allow_writes {
        // a simple request (no preflight): its CORS check is on the response
        vec![Ask::Send { path: i, method: m.clone(), origin: Some(o) }]
    } else {
        skip = skip.or_else(|| {
            Some(format!(
                "a {m} with these headers needs no preflight: its CORS check is on the response, sent only with \
                 --allow-writes"
            ))
        });
        Vec::new()
    };
    Planned { path: i, kind, asks, skip }
}

fn accepted_check(i: usize, pc: &PathCtx<'_>, m: &Method, opts: &LiveOptions) -> Planned {
    let kind = Kind::Accepted { method: m.clone() };
    let mut skip = pc.url.clone().err();
    let asks = if *m == Method::Options {
        vec![Ask::Options { path: i }]
    } else if is_safe(m) {
        vec![Ask::Send { path: i, method: m.clone(), origin: None }]
    } else if opts.allow_writes {
        let needs_body = matches!(m, Method::Post | Method::Put | Method::Patch);
        if needs_body && pc.operation(m).and_then(|o| o.body_example.as_ref()).is_none() {
            skip = skip.or_else(|| Some("no example body in the spec: not sent".into()));
        }
        // from the first origin, as a page sends it: a simple write's CORS check reads the same answer, so it is sent
        // once for both
        let origin = (!opts.origins.is_empty()).then_some(0);
        vec![Ask::Send { path: i, method: m.clone(), origin }]
    } else {
        unsent_evidence(i, m, opts)
    };
    Planned { path: i, kind, asks, skip }
}

fn refused_check(i: usize, pc: &PathCtx<'_>, m: &Method, opts: &LiveOptions) -> Planned {
    let kind = Kind::Refused { method: m.clone() };
    let asks = if *m == Method::Options {
        vec![Ask::Options { path: i }]
    } else if is_safe(m) || opts.allow_writes {
        vec![Ask::Send { path: i, method: m.clone(), origin: None }]
    } else {
        unsent_evidence(i, m, opts)
    };
    Planned { path: i, kind, asks, skip: pc.url.clone().err() }
}

/// A write not sent is judged from the plain OPTIONS and its preflight from each origin.
fn unsent_evidence(i: usize, m: &Method, opts: &LiveOptions) -> Vec<Ask> {
    let mut asks = vec![Ask::Options { path: i }];
    asks.extend((0..opts.origins.len()).map(|o| Ask::Preflight { path: i, method: m.clone(), origin: o }));
    asks
}

/// The request headers a page sends with `m` on this path: the operation's header parameters (a placeholder value)
/// and `Content-Type` of its documented body; an undocumented POST, PUT or PATCH is sent as JSON.
pub fn headers_for(pc: &PathCtx<'_>, m: &Method) -> Vec<(String, String)> {
    match pc.operation(m) {
        Some(op) => {
            let mut h: Vec<(String, String)> = op.header_names.iter().map(|n| (n.clone(), "why405".into())).collect();
            if let Some(t) = &op.body_type {
                h.push(("Content-Type".into(), t.clone()));
            }
            h
        }
        None if matches!(m, Method::Post | Method::Put | Method::Patch) => {
            vec![("Content-Type".into(), "application/json".into())]
        }
        None => Vec::new(),
    }
}

fn needs_preflight(pc: &PathCtx<'_>, m: &Method, origin: &str) -> bool {
    let url = pc.url.clone().unwrap_or_default();
    crate::probe::plan::needs_preflight(&target(&url, m, Some(origin), headers_for(pc, m)))
}

fn target(url: &str, m: &Method, origin: Option<&str>, headers: Vec<(String, String)>) -> ProbeTarget {
    ProbeTarget {
        url: url.to_string(),
        method: m.clone(),
        origin: origin.map(String::from),
        headers,
        send: true,
        skip_preflight: false,
    }
}

/// The step of the probe's plan that serves `purpose`.
fn step(t: &ProbeTarget, purpose: Purpose) -> Option<Step> {
    plan(t).into_iter().find(|s| s.purpose == purpose)
}

/// Each ask once, in first-use order.
pub fn unique(planned: &[Planned]) -> Vec<Ask> {
    let mut seen = HashSet::new();
    planned.iter().filter(|p| p.skip.is_none()).flat_map(|p| &p.asks).filter(|a| seen.insert(*a)).cloned().collect()
}

/// The request for `ask` (`None`: nothing to send, e.g. no preflight is needed from that origin).
pub fn request(ask: &Ask, paths: &[PathCtx<'_>], opts: &LiveOptions) -> Option<Request> {
    let origin = |o: usize| opts.origins.get(o).map(String::as_str);
    let plain = |step| Some(Request { step, body: None });
    match ask {
        Ask::Options { path } => {
            plain(step(&target(paths[*path].url.as_ref().ok()?, &Method::Options, None, vec![]), Purpose::Options)?)
        }
        Ask::Preflight { path, method, origin: o } => {
            let pc = &paths[*path];
            let t = target(pc.url.as_ref().ok()?, method, origin(*o), headers_for(pc, method));
            plain(step(&t, Purpose::Preflight)?)
        }
        Ask::Send { path, method, origin: o } => send_request(&paths[*path], method, o.and_then(origin)),
        Ask::SiblingOptions { path } => {
            plain(step(&target(paths[*path].sibling.as_ref().ok()?, &Method::Options, None, vec![]), Purpose::Options)?)
        }
        Ask::SiblingPreflight { path } => {
            let pc = &paths[*path];
            // a method that always needs a preflight (POST may go without one)
            let m = pc.documented.iter().find(|m| !m.is_cors_safelisted()).cloned().unwrap_or(Method::Put);
            let t = target(pc.sibling.as_ref().ok()?, &m, origin(0), headers_for(pc, &m));
            plain(step(&t, Purpose::Preflight)?)
        }
    }
}

fn send_request(pc: &PathCtx<'_>, m: &Method, origin: Option<&str>) -> Option<Request> {
    let t = target(pc.url.as_ref().ok()?, m, origin, headers_for(pc, m));
    let purpose = match m {
        Method::Get => Purpose::Get,
        Method::Head => Purpose::Head,
        Method::Options => Purpose::Options,
        _ => Purpose::Actual,
    };
    let body = pc.operation(m).and_then(|o| o.body_example.as_ref()).map(|b| b.body.clone().into_bytes());
    Some(Request { step: step(&t, purpose)?, body: body.filter(|_| purpose == Purpose::Actual) })
}
