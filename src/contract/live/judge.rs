//! The answers → each check's [`Outcome`]: CORS by the [`Engine`] (the answers become HAR entries, exactly as `why405
//! probe` makes them), statuses and `Allow` by the rules in [`super`]'s documentation. Each judgement says which
//! evidence it used when a request was not sent (a write without `--allow-writes`).

use std::collections::HashMap;

use super::ask::{Ask, Kind, PathCtx, Planned};
use super::LiveOptions;
use crate::contract::{Check, Expectation, Observed, Outcome, COMPARED_HEADERS};
use crate::cors::redirect_method;
use crate::engine::Engine;
use crate::har::Har;
use crate::http::{parse_method_list, Method};
use crate::probe::{to_entries, Answer, Purpose, Sent};

type Results<'a> = HashMap<&'a Ask, Vec<Sent>>;

/// An outcome and, for a pass or a skip, how it was decided.
type Judged = (Outcome, Option<String>);

/// The check `p`, judged from `results`.
pub fn check(p: &Planned, paths: &[PathCtx<'_>], results: &Results<'_>, opts: &LiveOptions) -> Check {
    let pc = &paths[p.path];
    let t = &pc.item.template;
    let op_pointer = |m: &Method| pc.operation(m).map(|o| o.pointer.clone());
    let (method, id, expected, pointer) = match &p.kind {
        Kind::Preflight { method, origin } => {
            let o = opts.origins.get(*origin).cloned().unwrap_or_default();
            let id = format!("{method} {t} preflight from {o}");
            (method.clone(), id, Expectation::PreflightPasses { origin: o }, op_pointer(method))
        }
        Kind::Accepted { method } => {
            (method.clone(), format!("{method} {t} accepted"), Expectation::MethodAccepted, op_pointer(method))
        }
        Kind::Refused { method } => {
            let allow = pc.documented.clone();
            let id = format!("{method} {t} refused");
            (method.clone(), id, Expectation::MethodRefused { allow }, Some(pc.item.pointer.clone()))
        }
        Kind::CatchAll => {
            let id = format!("OPTIONS {t} no catch-all");
            (Method::Options, id, Expectation::NoCatchAll, Some(pc.item.pointer.clone()))
        }
    };
    let got = |a: &Ask| results.get(a).map(Vec::as_slice).unwrap_or(&[]);
    let (outcome, note) = match &p.skip {
        Some(reason) => (Outcome::Skip { reason: reason.clone() }, None),
        None => judge(p, pc, &got, opts),
    };
    let observed = match p.skip {
        Some(_) => Vec::new(),
        None => p.asks.iter().flat_map(|a| got(a).iter().enumerate().map(|(hop, s)| observe(s, hop))).collect(),
    };
    let url = match p.kind {
        Kind::CatchAll => pc.sibling.clone().ok(),
        _ => pc.url.clone().ok(),
    };
    Check { id, method, path: t.clone(), url, expected, outcome, pointer, observed, note }
}

fn judge<'s>(p: &Planned, pc: &PathCtx<'_>, got: &dyn Fn(&Ask) -> &'s [Sent], opts: &LiveOptions) -> Judged {
    let first = p.asks.first().map(got).unwrap_or(&[]);
    let preflights = || -> Vec<(&str, &[Sent])> {
        p.asks
            .iter()
            .filter_map(|a| match a {
                Ask::Preflight { origin, .. } => Some((opts.origins.get(*origin)?.as_str(), got(a))),
                _ => None,
            })
            .filter(|(_, s)| !s.is_empty())
            .collect()
    };
    match &p.kind {
        Kind::Preflight { .. } => (cors(first), None),
        Kind::Accepted { method } if sent_itself(p) => (accepted_sent(method, first), None),
        Kind::Accepted { method } => accepted_unsent(method, first, &preflights()),
        Kind::Refused { method } if sent_itself(p) => refused_sent(pc, method, first),
        Kind::Refused { method } => refused_unsent(pc, method, first, &preflights()),
        Kind::CatchAll => (catch_all(first, p.asks.get(1).map(got).unwrap_or(&[])), None),
    }
}

/// Whether the check's method itself was sent (rather than judged from OPTIONS and preflights).
fn sent_itself(p: &Planned) -> bool {
    match (&p.kind, p.asks.first()) {
        (Kind::Accepted { method } | Kind::Refused { method }, Some(Ask::Options { .. })) => *method == Method::Options,
        _ => true,
    }
}

fn fail(message: String, evidence: Vec<String>) -> Outcome {
    Outcome::Fail { message, evidence, fix: None }
}

/// A response header (repeats joined with `, `).
fn header(a: &Answer, name: &str) -> Option<String> {
    let values: Vec<&str> =
        a.headers.iter().filter(|(n, _)| n.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str()).collect();
    (!values.is_empty()).then(|| values.join(", "))
}

fn allow_of(a: &Answer) -> Option<Vec<Method>> {
    header(a, "allow").map(|v| parse_method_list(&v))
}

/// The status line and the compared headers present, for a failure's evidence.
fn evidence(s: &Sent, a: &Answer) -> Vec<String> {
    let mut out = vec![format!("{} {} → {} {}", s.step.method, s.step.url, a.status, a.status_text)];
    for name in COMPARED_HEADERS.iter().chain(&["Server"]) {
        if let Some(v) = header(a, name) {
            out.push(format!("{name}: {v}"));
        }
    }
    out
}

/// The last exchange's answer, or the failure when none came (any hop).
fn last_answer(sents: &[Sent]) -> Result<(&Sent, &Answer), Outcome> {
    for s in sents {
        if let Err(f) = &s.result {
            let message = format!("{} {}: no answer: {f}", s.step.method, s.step.url);
            return Err(fail(message, vec![f.net_error().to_string()]));
        }
    }
    match sents.last() {
        Some(s @ Sent { result: Ok(a), .. }) => Ok((s, a)),
        _ => Err(Outcome::Skip { reason: "nothing was sent".into() }),
    }
}

/// The CORS verdict of the engine on these exchanges (a preflight, or a GET/HEAD with `Origin` and its hops).
pub fn cors(sents: &[Sent]) -> Outcome {
    if sents.is_empty() {
        return Outcome::Skip { reason: "no preflight is needed from this origin (same origin)".into() };
    }
    if let Err(o) = last_answer(sents) {
        return o;
    }
    let engine = Engine::from_har(Har { entries: to_entries(sents), ..Har::default() });
    let Some(d) = engine.diagnoses().find(|d| d.problem) else { return Outcome::Pass };
    let mut ev = Vec::new();
    if let Some(step) = &d.cors_step {
        ev.push(format!("{}: {}", step.error.as_str(), step.detail));
    } else if let Some(e) = d.cors_error {
        ev.push(e.as_str().to_string());
    }
    for (s, a) in sents.iter().filter_map(|s| s.result.as_ref().ok().map(|a| (s, a))) {
        ev.extend(evidence(s, a));
    }
    Outcome::Fail { message: d.summary.clone(), evidence: ev, fix: d.suggestion.clone() }
}

/// A 301/302/303 that turns `m` into GET, on any of these exchanges.
fn method_changing_redirect<'a>(m: &Method, sents: &'a [Sent]) -> Option<(&'a Sent, &'a Answer)> {
    sents.iter().find_map(|s| {
        let a = s.result.as_ref().ok()?;
        (matches!(a.status, 301..=303) && redirect_method(m, a.status) != *m).then_some((s, a))
    })
}

fn accepted_sent(m: &Method, sents: &[Sent]) -> Outcome {
    if let Some((s, a)) = method_changing_redirect(m, sents) {
        let to = header(a, "location").unwrap_or_default();
        let message = format!("{m} is redirected ({} to {to}): a browser follows it as GET, the {m} is lost", a.status);
        return fail(message, evidence(s, a));
    }
    let (s, a) = match last_answer(sents) {
        Ok(x) => x,
        Err(o) => return o,
    };
    match a.status {
        404 | 410 => fail(format!("{m} gets {}: the documented route is missing", a.status), evidence(s, a)),
        405 | 501 => fail(format!("{m} is refused ({}) though the spec documents it", a.status), evidence(s, a)),
        _ => Outcome::Pass,
    }
}

/// How a check names a write it judged without sending it.
const UNSENT: &str = "a write, not sent without --allow-writes";

fn accepted_unsent(m: &Method, options: &[Sent], preflights: &[(&str, &[Sent])]) -> Judged {
    let (s, a) = match last_answer(options) {
        Ok(x) => x,
        Err(o) => return (o, None),
    };
    let redirected = method_changing_redirect(m, options)
        .map(|r| ("OPTIONS", r))
        .or_else(|| preflights.iter().find_map(|(_, p)| method_changing_redirect(m, p).map(|r| ("the preflight", r))));
    if let Some((what, (rs, ra))) = redirected {
        let to = header(ra, "location").unwrap_or_default();
        let message = format!(
            "{what} on this path is redirected ({} to {to}), as a {m} would be: a {} turns {m} into GET ({UNSENT}; \
             evidence: {what})",
            ra.status, ra.status
        );
        return (fail(message, evidence(rs, ra)), None);
    }
    if matches!(a.status, 404 | 410) {
        let message =
            format!("OPTIONS gets {}: the documented route seems missing ({UNSENT}; evidence: OPTIONS)", a.status);
        return (fail(message, evidence(s, a)), None);
    }
    if let (Some(allow), Some(raw)) = (allow_of(a), header(a, "allow")) {
        if allow.contains(m) {
            return (Outcome::Pass, Some(format!("{UNSENT}: OPTIONS's Allow ({raw}) lists {m}")));
        }
        let message = format!(
            "OPTIONS's Allow ({raw}) does not list {m}: either the route refuses the documented {m} or its Allow is \
             wrong (--allow-writes sends it and tells them apart)"
        );
        return (fail(message, evidence(s, a)), None);
    }
    if let Some((o, _)) = preflights.iter().find(|(_, p)| cors(p) == Outcome::Pass) {
        let note = format!("{UNSENT}: OPTIONS gets {} without Allow; the preflight from {o} allows {m}", a.status);
        return (Outcome::Pass, Some(note));
    }
    let more = if preflights.is_empty() { "no --origin preflight tells more" } else { "no preflight allows it" };
    let reason = format!("{UNSENT}; OPTIONS gets {} without Allow and {more}", a.status);
    (Outcome::Skip { reason }, None)
}

/// Why `allow` is not exactly the documented methods (`None`: it is). Exact: every documented method but OPTIONS is
/// listed, and nothing else but OPTIONS (a server answering OPTIONS itself) and HEAD when GET is documented.
pub fn allow_problem(documented: &[Method], allow: &[Method]) -> Option<String> {
    let get = documented.contains(&Method::Get);
    let names = |v: Vec<&Method>| v.iter().map(|m| m.as_str()).collect::<Vec<_>>().join(", ");
    let missing: Vec<&Method> = documented.iter().filter(|m| **m != Method::Options && !allow.contains(m)).collect();
    let extra: Vec<&Method> = allow
        .iter()
        .filter(|m| !documented.contains(m) && **m != Method::Options && !(get && **m == Method::Head))
        .collect();
    let mut parts = Vec::new();
    if !extra.is_empty() {
        parts.push(format!("Allow lists {}, which the spec does not document", names(extra)));
    }
    if !missing.is_empty() {
        parts.push(format!("Allow leaves out {}, which the spec documents", names(missing)));
    }
    (!parts.is_empty()).then(|| format!("{} (HEAD is implied by GET, OPTIONS is tolerated)", parts.join("; ")))
}

fn refused_sent(pc: &PathCtx<'_>, u: &Method, sents: &[Sent]) -> Judged {
    let (s, a) = match last_answer(sents) {
        Ok(x) => x,
        Err(o) => return (o, None),
    };
    let ev = || evidence(s, a);
    let exact = |prefix: String| match allow_of(a).and_then(|al| allow_problem(&pc.documented, &al)) {
        None => (Outcome::Pass, None),
        Some(p) => (fail(format!("{prefix}, but {p}"), ev()), None),
    };
    match a.status {
        405 if header(a, "allow").is_none() => {
            (fail(format!("{u} gets 405 without Allow (RFC 9110 requires Allow on a 405)"), ev()), None)
        }
        405 => exact(format!("{u} gets 405")),
        200..=299 if *u == Method::Options => match header(a, "allow") {
            None => (Outcome::Pass, Some(format!("OPTIONS answered by the server itself ({}), no Allow", a.status))),
            Some(_) => exact(format!("OPTIONS gets {}", a.status)),
        },
        404 | 410 => {
            let message = format!(
                "{u} gets {} instead of 405: a wrong method answered as a missing route hides what the resource accepts",
                a.status
            );
            (fail(message, ev()), None)
        }
        300..=399 => {
            let to = header(a, "location").unwrap_or_default();
            (fail(format!("{u} gets {} (redirect to {to}) instead of 405", a.status), ev()), None)
        }
        200..=299 => {
            (fail(format!("{u} gets {}: the spec does not document it, yet it is accepted", a.status), ev()), None)
        }
        st => (fail(format!("{u} gets {st} instead of 405"), ev()), None),
    }
}

fn refused_unsent(pc: &PathCtx<'_>, u: &Method, options: &[Sent], preflights: &[(&str, &[Sent])]) -> Judged {
    let (s, a) = match last_answer(options) {
        Ok(x) => x,
        Err(o) => return (o, None),
    };
    if let (Some(allow), Some(raw)) = (allow_of(a), header(a, "allow")) {
        if allow.contains(u) {
            let message = format!("OPTIONS's Allow ({raw}) lists {u}, which the spec does not document ({UNSENT})");
            return (fail(message, evidence(s, a)), None);
        }
        return match allow_problem(&pc.documented, &allow) {
            Some(p) => (fail(format!("OPTIONS: {p}"), evidence(s, a)), None),
            None => (Outcome::Pass, Some(format!("{UNSENT}: OPTIONS's Allow ({raw}) does not list {u}"))),
        };
    }
    if preflights.is_empty() {
        let reason = format!("{UNSENT}; OPTIONS gets {} without Allow and no --origin preflight tells more", a.status);
        return (Outcome::Skip { reason }, None);
    }
    if let Some((o, p)) = preflights.iter().find(|(_, p)| cors(p) == Outcome::Pass) {
        let message = format!(
            "the preflight from {o} allows {u}, which the spec does not document, and OPTIONS gets {} without Allow \
             ({UNSENT})",
            a.status
        );
        let ev = p.iter().filter_map(|s| s.result.as_ref().ok().map(|a| evidence(s, a))).flatten().collect();
        return (fail(message, ev), None);
    }
    let note =
        format!("{UNSENT}: OPTIONS gets {} without Allow; the preflight refuses {u} from every origin", a.status);
    (Outcome::Pass, Some(note))
}

fn catch_all(options: &[Sent], preflight: &[Sent]) -> Outcome {
    for (what, sents) in [("OPTIONS", options), ("A preflight", preflight)] {
        if sents.is_empty() {
            continue;
        }
        let (s, a) = match last_answer(sents) {
            Ok(x) => x,
            Err(o) => return o,
        };
        if (200..=299).contains(&a.status) {
            let message = format!(
                "{what} on the undocumented {} gets {}: a catch-all OPTIONS answers paths that do not exist, so a \
                 preflight passes and hides a missing route",
                s.step.url, a.status
            );
            return fail(message, evidence(s, a));
        }
        if a.status == 405 && allow_of(a).is_some_and(|al| al == [Method::Options]) {
            let message = format!(
                "{what} on the undocumented {} gets 405 with Allow: OPTIONS alone, the way Slim's catch-all recipe \
                 answers every path: a missing route looks like a refused method",
                s.step.url
            );
            return fail(message, evidence(s, a));
        }
    }
    Outcome::Pass
}

/// One exchange as `--compare` sees it (labelled `GET`, `GET from ORIGIN`, `preflight for PUT from ORIGIN`, `OPTIONS`;
/// ` (redirect hop N)` after a hop); `hop` > 0 for a redirect hop.
fn observe(s: &Sent, hop: usize) -> Observed {
    let origin = s.step.headers.get("origin");
    let mut label = match (s.step.purpose, origin) {
        (Purpose::Preflight, Some(o)) => {
            let m = s.step.headers.get("access-control-request-method").unwrap_or_default();
            format!("preflight for {m} from {o}")
        }
        (_, Some(o)) => format!("{} from {o}", s.step.method),
        _ => s.step.method.to_string(),
    };
    if hop > 0 {
        label = format!("{label} (redirect hop {hop})");
    }
    let (status, error, headers) = match &s.result {
        Ok(a) => {
            let headers = COMPARED_HEADERS.iter().filter_map(|n| header(a, n).map(|v| ((*n).to_string(), v))).collect();
            (Some(a.status), None, headers)
        }
        Err(f) => (None, Some(f.net_error().to_string()), Vec::new()),
    };
    Observed { label, method: s.step.method.clone(), url: s.step.url.clone(), status, error, headers }
}
