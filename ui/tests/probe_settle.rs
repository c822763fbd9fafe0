//! The panel's Probe action and the CLI's `diagnose --probe` reach the same verdict from the same answers: one
//! engine. Each case takes a captured lab HAR whose failing request the capture leaves undecided, feeds its entries
//! to the panel's [`State`] as the live capture does (one JSON text per entry), and answers the panel's probe with
//! HAR entries shaped like those the panel gets in its `probe-done` message: Chromium's entries for the inspected
//! page's `fetch`es, made here from the captured failing request's own entry (same fields, same `Origin`), with the
//! browser's own preflight for the probe's cross-origin `OPTIONS` (`Access-Control-Request-Method: OPTIONS`) first,
//! and a request the browser then refused to send recorded with status 0 and `_error: net::ERR_FAILED` (what
//! `extension/tests/probe.js` sees in real Chromium). Only the probe's answers are made up. The CLI's path gets the
//! same answers as its client's [`Sent`] and goes through `why405::probe::settle`, as `diagnose --probe` does.
#![cfg(not(target_arch = "wasm32"))]

use std::time::{Duration, UNIX_EPOCH};

use serde_json::{json, Value};
use why405::diagnose::{Cause, Diagnosis};
use why405::engine::Engine;
use why405::http::{Headers, Method};
use why405::probe::{Answer, Failure, Purpose, Sent, Step};
use why405_ui::probe::ProbeAction;
use why405_ui::state::{Action, Mode, State};

const AT: &str = "2026-12-02T07:30:00.123Z";

/// One answer of the probe: why it was sent, its status (0: the browser did not send it, or nothing came back),
/// its response headers.
type Canned = (Purpose, u16, &'static [(&'static str, &'static str)]);

fn har(fixture: &str) -> Vec<Value> {
    let path = format!("{}/../tests/fixtures/{fixture}/input.har", env!("CARGO_MANIFEST_DIR"));
    let har: Value = serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap();
    har["log"]["entries"].as_array().unwrap().clone()
}

/// The panel: the capture's entries, then Probe, Send, and the probe's entries in `probe-done`.
fn panel(fixture: &str, method: &str, preflight_for_options: (u16, &[(&str, &str)]), answers: &[Canned]) -> Diagnosis {
    let entries = har(fixture);
    let mut s = State::new(Mode::Live);
    s.apply(Action::Entries(entries.iter().map(Value::to_string).collect()));
    let id = undecided(&s.engine, method);
    assert!(s.apply(Action::Probe(ProbeAction::Preview(id))));
    assert!(s.apply(Action::Probe(ProbeAction::Send(id))));
    let probe = s.probes.run_of(id).unwrap().id;
    let template = entries.iter().find(|e| e["request"]["method"] == method).unwrap();
    let (status, headers) = preflight_for_options;
    let mut sent = vec![page_entry(template, "OPTIONS", Some("OPTIONS"), status, headers)];
    for (purpose, status, headers) in answers {
        sent.push(page_entry(template, method_of(*purpose), None, *status, headers).to_string());
    }
    let done = ProbeAction::Done { id: probe, at: AT.into(), entries: sent, error: None };
    assert!(s.apply(Action::Probe(done)));
    assert_eq!(s.engine.entries().len(), entries.len(), "the probe's entries are not the page's");
    s.engine.diagnosis(id).unwrap().clone()
}

/// The CLI: `probe::settle` over the same answers as its client's `Sent` (no preflight: the HAR holds it).
fn cli(fixture: &str, method: &str, answers: &[Canned]) -> Diagnosis {
    let bytes = std::fs::read(format!("{}/../tests/fixtures/{fixture}/input.har", env!("CARGO_MANIFEST_DIR"))).unwrap();
    let e = Engine::from_har(why405::har::parse_har(&bytes).unwrap());
    let d = e.diagnosis(undecided(&e, method)).unwrap();
    let origin = e.entries().iter().find_map(|x| x.request.headers.get("origin")).unwrap().to_string();
    let sent: Vec<Sent> = answers.iter().map(|a| sent(a, &d.url, &origin)).collect();
    let last = d.entries.iter().rev().filter_map(|&i| e.entry(i)).find(|x| !x.is_preflight());
    why405::probe::settle(d, &sent, AT, last)
}

fn undecided(e: &Engine, method: &str) -> usize {
    let d = e.diagnoses().filter(|d| d.method.as_str() == method).last().unwrap();
    assert!(d.needs_probe, "the capture leaves it undecided: {}", d.summary);
    d.id
}

fn method_of(p: Purpose) -> &'static str {
    match p {
        Purpose::Head => "HEAD",
        Purpose::Get => "GET",
        _ => "OPTIONS",
    }
}

/// A Chromium entry of the inspected page's `fetch` (or of the browser's preflight for it), shaped as the captured
/// `template` is.
fn page_entry(template: &Value, method: &str, asks: Option<&str>, status: u16, headers: &[(&str, &str)]) -> String {
    let mut e = template.clone();
    let keep = |h: &&Value| h["name"].as_str().is_some_and(|n| !n.eq_ignore_ascii_case("content-type"));
    let mut req: Vec<Value> = e["request"]["headers"].as_array().unwrap().iter().filter(keep).cloned().collect();
    if let Some(m) = asks {
        req.push(json!({"name": "Access-Control-Request-Method", "value": m}));
    }
    e["request"]["method"] = json!(method);
    e["request"]["headers"] = json!(req);
    e["request"]["bodySize"] = json!(0);
    e["request"].as_object_mut().unwrap().remove("postData");
    e["_resourceType"] = json!(if asks.is_some() { "preflight" } else { "fetch" });
    e["response"]["status"] = json!(status);
    e["response"]["headers"] = json!(headers.iter().map(|(n, v)| json!({"name": n, "value": v})).collect::<Vec<_>>());
    e["response"]["content"] = json!({"size": 0, "mimeType": "", "text": ""});
    if status == 0 {
        e["response"]["_error"] = json!("net::ERR_FAILED");
    }
    e.to_string()
}

fn sent((purpose, status, headers): &Canned, url: &str, origin: &str) -> Sent {
    let mut h = Headers::new();
    h.push("Origin", origin);
    let result = match status {
        0 => Err(Failure::Connection("net::ERR_FAILED".into())),
        s => Ok(Answer {
            status: *s,
            headers: headers.iter().map(|(n, v)| (n.to_string(), v.to_string())).collect(),
            ..Answer::default()
        }),
    };
    let method = Method::parse(method_of(*purpose));
    Sent {
        step: Step { purpose: *purpose, method, url: url.into(), headers: h },
        started: UNIX_EPOCH,
        elapsed: Duration::ZERO,
        result,
    }
}

/// The verdict both must share: cause, allowed methods, summary, suggestion, whether it still needs a probe, and
/// whether the probe settled it.
#[derive(Debug, PartialEq)]
struct Verdict<'a> {
    cause: Cause,
    allowed: Option<Vec<Method>>,
    summary: &'a str,
    suggestion: Option<&'a str>,
    needs_probe: bool,
    settled: Option<bool>,
}

fn verdict(d: &Diagnosis) -> Verdict<'_> {
    Verdict {
        cause: d.cause,
        allowed: d.allowed.clone(),
        summary: &d.summary,
        suggestion: d.suggestion.as_deref(),
        needs_probe: d.needs_probe,
        settled: d.probe.as_ref().map(|p| p.settled),
    }
}

#[test]
fn koa_bare_404_the_browser_refuses_the_options_and_get_answers_200() {
    // @koa/cors's preflight for OPTIONS lists no OPTIONS: Chromium does not send the OPTIONS (status 0)
    let acam: &[(&str, &str)] =
        &[("Access-Control-Allow-Origin", "*"), ("Access-Control-Allow-Methods", "GET,HEAD,PUT,POST,DELETE,PATCH")];
    let answers: &[Canned] = &[(Purpose::Options, 0, &[]), (Purpose::Head, 200, &[]), (Purpose::Get, 200, &[])];
    let fixture = "koa_router_404_put_without_allowed_methods";
    let p = panel(fixture, "PUT", (204, acam), answers);
    let c = cli(fixture, "PUT", answers);
    assert_eq!(verdict(&p), verdict(&c));
    assert_eq!(p.cause, Cause::MethodMismatch, "{}", p.summary);
    assert!(p.summary.contains("HEAD and GET on the same URL answered 200"), "{}", p.summary);
    // the record tells the browser's preflight for the OPTIONS from a preflight for PUT
    let words = p.probe.as_ref().unwrap().words();
    assert!(
        words.starts_with(&format!("Settled by a probe at {AT}: the browser's preflight for OPTIONS answered 204;"))
    );
}

#[test]
fn actix_bare_404_options_answered_with_allow() {
    // a preflight for OPTIONS that passes: the OPTIONS is sent, its Allow names the route's methods
    let cors: &[(&str, &str)] =
        &[("access-control-allow-origin", "http://localhost:7100"), ("access-control-allow-methods", "OPTIONS, GET")];
    let answers: &[Canned] = &[
        (Purpose::Options, 200, &[("Allow", "GET, HEAD"), ("access-control-allow-origin", "http://localhost:7100")]),
        (Purpose::Head, 200, &[]),
        (Purpose::Get, 200, &[]),
    ];
    let fixture = "actix_get_macro_put_404";
    let p = panel(fixture, "PUT", (200, cors), answers);
    let c = cli(fixture, "PUT", answers);
    assert_eq!(verdict(&p), verdict(&c));
    assert_eq!((p.cause, p.allowed.clone()), (Cause::MethodMismatch, Some(vec![Method::Get, Method::Head])));
}

#[test]
fn a_405_without_allow_whose_options_gives_allow() {
    let cors: &[(&str, &str)] = &[
        ("Access-Control-Allow-Origin", "http://localhost:7100"),
        ("Access-Control-Allow-Methods", "GET, POST, PUT, DELETE, OPTIONS"),
    ];
    let answers: &[Canned] = &[
        (
            Purpose::Options,
            204,
            &[("Allow", "GET, HEAD, OPTIONS"), ("Access-Control-Allow-Origin", "http://localhost:7100")],
        ),
        (Purpose::Head, 200, &[]),
        (Purpose::Get, 200, &[]),
    ];
    let fixture = "nextjs_api_post_get_only_405";
    let p = panel(fixture, "POST", (204, cors), answers);
    let c = cli(fixture, "POST", answers);
    assert_eq!(verdict(&p), verdict(&c));
    assert!(p.summary.contains("answers Allow: GET, HEAD, OPTIONS"), "{}", p.summary);
}
