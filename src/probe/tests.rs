//! The probe against a tiny HTTP server on 127.0.0.1 in the test (canned answers, every request recorded): what
//! was sent, redirects hop by hop, a timeout, a refused connection, and the entries the engine diagnoses.

use std::net::TcpListener;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use super::loopback::{reply, Seen};
use super::*;
use crate::engine::Engine;
use crate::har::Har;
use crate::http::Method;

type Answerer = fn(&str, &str) -> String;

/// Serves `answer(method, path)` on 127.0.0.1 (`loopback`); returns the base URL and the requests received.
fn serve(answer: Answerer) -> (String, Arc<Mutex<Vec<Seen>>>) {
    super::loopback::serve(Arc::new(move |r: &Seen| answer(&r.method, &r.path)))
}

/// Koa-like: 405 with Allow for DELETE, a preflight without CORS headers, GET redirected once.
fn koa_like(method: &str, path: &str) -> String {
    match (method, path) {
        ("OPTIONS", _) => reply("200 OK", "Allow: HEAD, GET\r\n", ""),
        ("GET", "/users") => reply("302 Found", "Location: /users/\r\n", ""),
        ("HEAD", "/users") => reply("301 Moved Permanently", "Location: http://127.0.0.1:1/elsewhere\r\n", ""),
        ("GET" | "HEAD", _) => reply("200 OK", "Content-Type: application/json\r\n", "[]"),
        ("DELETE", _) => reply("405 Method Not Allowed", "Allow: HEAD, GET\r\nLocation: /x\r\n", "Method Not Allowed"),
        _ => reply("404 Not Found", "", ""),
    }
}

fn target(base: &str, method: Method, send: bool) -> ProbeTarget {
    ProbeTarget {
        url: format!("{base}/users"),
        method,
        origin: Some("http://localhost:7100".into()),
        headers: vec![("X-Token".into(), "t".into())],
        send,
        skip_preflight: false,
    }
}

fn request_lines(seen: &Mutex<Vec<Seen>>) -> Vec<String> {
    seen.lock().unwrap().iter().map(|r| r.head.lines().next().unwrap_or("").to_string()).collect()
}

#[test]
fn sends_the_browsers_requests_and_never_the_method() {
    let (base, seen) = serve(koa_like);
    let sent = run(&target(&base, Method::Delete, false), &Client::new(Duration::from_secs(5))).unwrap();
    let lines = request_lines(&seen);
    // HEAD's hop goes to another (closed) port: this server never sees it
    assert_eq!(
        lines,
        [
            "OPTIONS /users HTTP/1.1",
            "OPTIONS /users HTTP/1.1",
            "HEAD /users HTTP/1.1",
            "GET /users HTTP/1.1",
            "GET /users/ HTTP/1.1"
        ]
    );
    assert!(lines.iter().all(|l| !l.starts_with("DELETE")), "{lines:?}");
    let heads = seen.lock().unwrap().clone();
    let preflight = heads[0].head.to_ascii_lowercase();
    assert!(preflight.contains("access-control-request-method: delete"), "{preflight}");
    assert!(preflight.contains("access-control-request-headers: x-token"), "{preflight}");
    assert!(preflight.contains("origin: http://localhost:7100"), "{preflight}");
    assert!(preflight.contains("sec-fetch-mode: cors") && preflight.contains("accept: */*"), "{preflight}");
    assert!(!preflight.contains("x-token: t"), "{preflight}");
    // HEAD's redirect to a closed port is an entry with no response; GET's hop is followed
    assert_eq!(sent.iter().map(|s| s.step.url.as_str()).filter(|u| u.ends_with("/users/")).count(), 1);
    assert!(sent.iter().any(|s| s.step.url == "http://127.0.0.1:1/elsewhere" && s.result.is_err()));
}

#[test]
fn entries_are_what_the_reader_would_make() {
    let (base, _seen) = serve(koa_like);
    let sent = run(&target(&base, Method::Delete, false), &Client::new(Duration::from_secs(5))).unwrap();
    let entries = to_entries(&sent);
    assert_eq!(entries[0].resource_type.as_deref(), Some("preflight"));
    assert!(entries[0].is_preflight());
    assert_eq!(entries[0].request.headers.get("origin"), Some("http://localhost:7100"));
    assert!(!entries[1].is_preflight());
    assert_eq!(entries[1].response.headers.get("allow"), Some("HEAD, GET"));
    let get = entries.iter().find(|e| e.request.method == Method::Get).unwrap();
    assert_eq!(get.response.status, 302);
    assert_eq!(get.response.redirect_url.as_deref(), Some(format!("{base}/users/").as_str()));
    assert_eq!(entries.last().unwrap().response.content.text.as_deref(), Some("[]"));
    assert!(entries[0].started.ends_with('Z') && entries[0].started.len() == 24);
    let engine = Engine::from_har(Har { entries, ..Har::default() });
    // the preflight has no Access-Control-Allow-Origin: the engine finds the CORS problem
    assert!(engine.any_problem());
}

#[test]
fn send_sends_the_method_once_and_does_not_follow_its_redirect() {
    let (base, seen) = serve(koa_like);
    let sent = run(&target(&base, Method::Delete, true), &Client::new(Duration::from_secs(5))).unwrap();
    let lines = request_lines(&seen);
    assert_eq!(lines.iter().filter(|l| l.starts_with("DELETE ")).count(), 1, "{lines:?}");
    assert_eq!(lines.last().map(String::as_str), Some("DELETE /users HTTP/1.1"));
    let last = sent.last().unwrap();
    assert_eq!(last.result.as_ref().unwrap().status, 405);
    let engine = Engine::from_har(Har { entries: to_entries(&sent), ..Har::default() });
    assert!(engine.any_problem());
}

#[test]
fn a_silent_server_times_out() {
    let (base, seen) = serve(|_, _| String::new());
    let t = ProbeTarget {
        url: format!("{base}/"),
        method: Method::Get,
        origin: None,
        headers: vec![],
        send: false,
        skip_preflight: false,
    };
    let sent = run(&t, &Client::new(Duration::from_millis(300))).unwrap();
    assert!(!seen.lock().unwrap().is_empty());
    assert_eq!(sent[0].result.as_ref().unwrap_err(), &Failure::Timeout(Duration::from_millis(300)));
    let e = entries::entry(&sent[0], 0);
    assert_eq!((e.response.status, e.response.error.as_deref()), (0, Some("net::ERR_TIMED_OUT")));
}

#[test]
fn a_closed_port_is_a_refused_connection() {
    let port = TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let t = ProbeTarget {
        url: format!("http://127.0.0.1:{port}/"),
        method: Method::Put,
        origin: Some("http://localhost:7100".into()),
        headers: vec![],
        send: false,
        skip_preflight: false,
    };
    let sent = run(&t, &Client::new(Duration::from_secs(5))).unwrap();
    assert_eq!(sent.len(), 4);
    assert!(sent.iter().all(|s| matches!(s.result, Err(Failure::Refused(_)))), "{sent:?}");
    assert_eq!(entries::entry(&sent[0], 0).response.error.as_deref(), Some("net::ERR_CONNECTION_REFUSED"));
}

#[test]
fn bad_input_is_refused_before_sending() {
    let mut t = target("http://127.0.0.1:1", Method::Get, false);
    t.url = "ftp://x/".into();
    assert!(matches!(run(&t, &Client::new(Duration::from_secs(1))), Err(ProbeError::BadUrl(_))));
    let mut t = target("http://127.0.0.1:1", Method::Get, false);
    t.origin = Some("http://a.example/path".into());
    assert!(matches!(check(&t), Err(ProbeError::BadOrigin(_))));
    assert!(parse_header("X-A: 1").is_ok());
    assert!(matches!(parse_header("no colon"), Err(ProbeError::BadHeader(_))));
}

// ---- settling (`diagnose --probe`): a captured lab HAR's undecided diagnosis and the answers a probe got ----------

mod settling {
    use std::time::{Duration, UNIX_EPOCH};

    use super::super::settle::settle;
    use super::super::undecided_targets;
    use super::*;
    use crate::cors::CorsError;
    use crate::diagnose::{Cause, Diagnosis};
    use crate::har::parse_har;
    use crate::http::Headers;

    const AT: &str = "2026-12-02T06:40:11Z";

    fn engine(fixture: &str) -> Engine {
        let path = format!("{}/tests/fixtures/{fixture}/input.har", env!("CARGO_MANIFEST_DIR"));
        Engine::from_har(parse_har(&std::fs::read(path).unwrap()).unwrap())
    }

    /// The last diagnosis of `method` (a repeated request: the one the browser sent last).
    fn undecided(e: &Engine, method: &str) -> Diagnosis {
        e.diagnoses().filter(|d| d.method.as_str() == method).last().unwrap().clone()
    }

    fn last_entry<'a>(e: &'a Engine, d: &Diagnosis) -> Option<&'a crate::har::Entry> {
        d.entries.iter().rev().filter_map(|&i| e.entry(i)).find(|x| !x.is_preflight())
    }

    /// One request of a probe and its answer (no network: the answer is given).
    fn sent(purpose: Purpose, url: &str, status: u16, headers: &[(&str, &str)]) -> Sent {
        let method = match purpose {
            Purpose::Head => Method::Head,
            Purpose::Get => Method::Get,
            _ => Method::Options,
        };
        let mut h = Headers::new();
        h.push("Origin", "http://localhost:7100");
        if purpose == Purpose::Preflight {
            h.push("Access-Control-Request-Method", "POST");
        }
        let answer = Answer {
            status,
            status_text: String::new(),
            http_version: "HTTP/1.1".into(),
            headers: headers.iter().map(|(n, v)| (n.to_string(), v.to_string())).collect(),
            body: Vec::new(),
        };
        Sent {
            step: Step { purpose, method, url: url.into(), headers: h },
            started: UNIX_EPOCH,
            elapsed: Duration::ZERO,
            result: Ok(answer),
        }
    }

    /// A probe's answer: why it was sent, its status, its headers.
    type Canned<'a> = (Purpose, u16, &'a [(&'a str, &'a str)]);

    fn settled(fixture: &str, method: &str, answers: &[Canned]) -> Diagnosis {
        let e = engine(fixture);
        let d = undecided(&e, method);
        let sent: Vec<Sent> = answers.iter().map(|(p, s, h)| sent(*p, &d.url, *s, h)).collect();
        settle(&d, &sent, AT, last_entry(&e, &d))
    }

    #[test]
    fn a_bare_404_with_get_answering_200_is_a_less_certain_method_mismatch() {
        let e = engine("koa_router_404_put_without_allowed_methods");
        assert!(undecided(&e, "PUT").needs_probe);
        let d = settled(
            "koa_router_404_put_without_allowed_methods",
            "PUT",
            &[(Purpose::Options, 404, &[]), (Purpose::Head, 200, &[]), (Purpose::Get, 200, &[])],
        );
        assert_eq!((d.cause, d.needs_probe, d.problem), (Cause::MethodMismatch, false, true), "{}", d.summary);
        assert!(d.summary.contains("the route exists for HEAD and GET"), "{}", d.summary);
        // Koa's bare 404 could be a handler's own: the summary says how sure it is
        assert!(d.summary.contains("Less certain"), "{}", d.summary);
        let p = d.probe.as_deref().unwrap();
        assert_eq!((p.at.as_str(), p.settled, p.requests.len()), (AT, true, 3));
        assert_eq!(
            p.words(),
            "Settled by a probe at 2026-12-02T06:40:11Z: OPTIONS answered 404; HEAD answered 200; GET answered 200."
        );
        // the fix registers the handler: it claims no Allow that no answer carried
        assert!(d.allowed.is_none() && d.fix.is_some());
    }

    #[test]
    fn a_framework_404_is_settled_by_allow_with_or_without_the_method() {
        let lacks = settled("express_cors_put_unrouted", "PUT", &[(Purpose::Options, 200, &[("Allow", "GET, HEAD")])]);
        assert_eq!(lacks.cause, Cause::MethodMismatch, "{}", lacks.summary);
        assert_eq!(lacks.allowed, Some(vec![Method::Get, Method::Head]));
        assert!(lacks.summary.contains("Express answers a method the route lacks with 404"), "{}", lacks.summary);
        assert!(!lacks.summary.contains("Less certain"), "{}", lacks.summary);
        let lists =
            settled("express_cors_put_unrouted", "PUT", &[(Purpose::Options, 200, &[("Allow", "GET, HEAD, PUT")])]);
        assert_eq!((lists.cause, lists.problem, lists.needs_probe), (Cause::NotMethodRelated, false, false));
        assert!(lists.summary.contains("its handler answered 404 itself"), "{}", lists.summary);
    }

    #[test]
    fn a_catch_all_allow_that_lists_a_refused_get_is_not_believed() {
        let d = settled(
            "express_cors_put_unrouted",
            "PUT",
            &[
                (Purpose::Options, 200, &[("Allow", "GET, HEAD, PUT, POST, DELETE")]),
                (Purpose::Head, 404, &[]),
                (Purpose::Get, 404, &[]),
            ],
        );
        assert_eq!((d.cause, d.needs_probe), (Cause::NotMethodRelated, false), "{}", d.summary);
        assert!(d.allowed.is_none());
        assert!(d.summary.contains("the path itself is wrong"), "{}", d.summary);
        assert!(d.evidence.iter().any(|e| e.text.contains("a catch-all's")));
    }

    #[test]
    fn get_and_head_refused_too_means_the_path_is_wrong() {
        let d = settled(
            "fastify_missing_route_put_404",
            "PUT",
            &[(Purpose::Options, 404, &[]), (Purpose::Head, 404, &[]), (Purpose::Get, 404, &[])],
        );
        assert_eq!((d.cause, d.needs_probe), (Cause::NotMethodRelated, false), "{}", d.summary);
        assert!(d.summary.contains("the path itself is wrong"), "{}", d.summary);
    }

    #[test]
    fn no_answer_leaves_it_undecided_and_says_why() {
        let e = engine("express_cors_put_unrouted");
        let d = undecided(&e, "PUT");
        let mut s = sent(Purpose::Get, &d.url, 0, &[]);
        s.result = Err(Failure::Refused("connection refused".into()));
        let out = settle(&d, &[s], AT, last_entry(&e, &d));
        assert!(out.needs_probe);
        assert_eq!(out.cause, d.cause);
        assert!(out.summary.contains("The probe got no answer"), "{}", out.summary);
        let p = out.probe.as_deref().unwrap();
        assert!(!p.settled);
        assert_eq!(p.requests[0].error.as_deref(), Some("net::ERR_CONNECTION_REFUSED"));
        assert!(p.words().starts_with("Probed at 2026-12-02T06:40:11Z, not settled: GET got no answer"));
    }

    #[test]
    fn a_405_without_allow_gets_the_methods_from_options_or_get() {
        let d =
            settled("chi_cors_delete_get_only_route", "DELETE", &[(Purpose::Options, 200, &[("Allow", "GET, HEAD")])]);
        assert_eq!((d.cause, d.needs_probe), (Cause::MethodMismatch, false));
        assert_eq!(d.allowed, Some(vec![Method::Get, Method::Head]));
        let d = settled(
            "chi_cors_delete_get_only_route",
            "DELETE",
            &[(Purpose::Options, 405, &[]), (Purpose::Head, 405, &[]), (Purpose::Get, 200, &[])],
        );
        assert_eq!((d.cause, d.needs_probe, d.allowed.is_none()), (Cause::MethodMismatch, false, true));
        assert!(d.summary.contains("A probe's GET on the same URL answered 200"), "{}", d.summary);
    }

    #[test]
    fn warp_405_for_get_too_means_no_route_has_the_path() {
        let d = settled(
            "warp_missing_route_put_405",
            "PUT",
            &[(Purpose::Options, 405, &[]), (Purpose::Head, 405, &[]), (Purpose::Get, 405, &[])],
        );
        assert_eq!((d.cause, d.needs_probe), (Cause::NotMethodRelated, false), "{}", d.summary);
        assert!(d.summary.contains("warp answers 405 when no route matches the path"), "{}", d.summary);
    }

    #[test]
    fn a_cached_preflight_that_fails_now_is_a_cors_refusal_waiting_to_happen() {
        let e = engine("express_cached_preflight_post");
        let d = undecided(&e, "POST");
        assert!(d.preflight.as_ref().unwrap().inferred && !d.needs_probe && !d.problem);
        // --probe asks about it even so, and sends the preflight the HAR lacks
        let targets = undecided_targets(&e);
        assert_eq!(targets.len(), 1);
        assert_eq!(targets[0].ids, [d.id]);
        assert!(!targets[0].target.skip_preflight);
        let fails = [sent(Purpose::Preflight, &d.url, 204, &[("Access-Control-Allow-Methods", "POST")])];
        let out = settle(&d, &fails, AT, last_entry(&e, &d));
        assert_eq!((out.cause, out.problem), (Cause::CorsPreflight, true), "{}", out.summary);
        assert_eq!(out.cors_error, Some(CorsError::PreflightMissingAllowOriginHeader));
        assert!(out.summary.contains("once it expires"), "{}", out.summary);
        assert!(out.probe.as_deref().unwrap().requests[0].preflight);
        let ok = [sent(
            Purpose::Preflight,
            &d.url,
            204,
            &[("Access-Control-Allow-Origin", "*"), ("Access-Control-Allow-Headers", "content-type")],
        )];
        let out = settle(&d, &ok, AT, last_entry(&e, &d));
        assert_eq!((out.cause, out.problem), (Cause::NotMethodRelated, false), "{}", out.summary);
        assert!(out.summary.contains("passes now"), "{}", out.summary);
    }

    #[test]
    fn a_blocked_request_whose_preflight_passes_now_was_not_blocked_by_cors() {
        let e = engine("sw_delete_respondwith_rejected");
        let d = undecided(&e, "DELETE");
        assert_eq!((d.cause, d.needs_probe), (Cause::CorsPreflight, true));
        let ok = [sent(
            Purpose::Preflight,
            &d.url,
            204,
            &[("Access-Control-Allow-Origin", "*"), ("Access-Control-Allow-Methods", "GET, DELETE")],
        )];
        let mut ok = ok;
        ok[0].step.headers = {
            let mut h = Headers::new();
            h.push("Origin", "http://localhost:7100");
            h.push("Access-Control-Request-Method", "DELETE");
            h
        };
        let out = settle(&d, &ok, AT, last_entry(&e, &d));
        assert_eq!(
            (out.cause, out.needs_probe, out.problem),
            (Cause::NotMethodRelated, false, false),
            "{}",
            out.summary
        );
        assert!(out.summary.contains("CORS is not what blocked it"), "{}", out.summary);
        assert!(out.cors_error.is_none() && out.fix.is_none());
    }

    /// A PUT whose preflight the browser blocked without an answer (status 0), as Chromium records it.
    fn unanswered_preflight_har() -> Engine {
        let url = "http://api.example/items/1";
        let entry = |method: &str, kind: &str, extra: serde_json::Value| {
            let mut headers = vec![serde_json::json!({"name": "Origin", "value": "http://localhost:7100"})];
            if let serde_json::Value::Object(m) = extra {
                for (n, v) in m {
                    headers.push(serde_json::json!({"name": n, "value": v}));
                }
            }
            serde_json::json!({"startedDateTime": "2026-01-01T00:00:00.000Z", "time": 1,
                "request": {"method": method, "url": url, "httpVersion": "HTTP/1.1", "headers": headers,
                    "queryString": [], "cookies": [], "headersSize": -1, "bodySize": 0},
                "response": {"status": 0, "statusText": "", "httpVersion": "", "headers": [], "cookies": [],
                    "content": {"size": 0, "mimeType": ""}, "redirectURL": "", "headersSize": -1, "bodySize": -1,
                    "_error": "net::ERR_FAILED"},
                "cache": {}, "timings": {"send": 0, "wait": 0, "receive": 0}, "_resourceType": kind,
                "_initiator": if kind == "preflight" { serde_json::json!({"type": "preflight", "url": url}) }
                    else { serde_json::json!({"type": "script"}) }})
        };
        let har = serde_json::json!({"log": {"version": "1.2", "creator": {"name": "t", "version": "1"}, "entries": [
            entry("PUT", "fetch", serde_json::json!({"Content-Type": "application/json"})),
            entry("OPTIONS", "preflight", serde_json::json!({"Access-Control-Request-Method": "PUT",
                "Access-Control-Request-Headers": "content-type"})),
        ]}});
        Engine::from_har(parse_har(har.to_string().as_bytes()).unwrap())
    }

    #[test]
    fn an_unanswered_preflight_is_sent_again_and_its_answer_decides() {
        let e = unanswered_preflight_har();
        let d = undecided(&e, "PUT");
        assert_eq!((d.cause, d.status, d.needs_probe), (Cause::CorsPreflight, 0, true), "{}", d.summary);
        // the HAR's preflight got no answer: the probe sends it again
        let targets = undecided_targets(&e);
        assert!(!targets[0].target.skip_preflight);
        let preflight = |headers: &[(&str, &str)]| {
            let mut s = sent(Purpose::Preflight, &d.url, 204, headers);
            s.step.headers.push("Access-Control-Request-Method", "PUT");
            s
        };
        let refused = settle(&d, &[preflight(&[])], AT, last_entry(&e, &d));
        assert_eq!((refused.cause, refused.needs_probe), (Cause::CorsPreflight, false), "{}", refused.summary);
        assert_eq!(refused.cors_error, Some(CorsError::PreflightMissingAllowOriginHeader));
        assert!(refused.summary.contains("got no answer in this HAR"), "{}", refused.summary);
        // the HAR's own preflight keeps the status it recorded
        assert_eq!(refused.preflight.as_ref().unwrap().status, d.preflight.as_ref().unwrap().status);
        let passes = [preflight(&[
            ("Access-Control-Allow-Origin", "http://localhost:7100"),
            ("Access-Control-Allow-Methods", "PUT"),
            ("Access-Control-Allow-Headers", "content-type"),
        ])];
        let ok = settle(&d, &passes, AT, last_entry(&e, &d));
        assert_eq!((ok.cause, ok.needs_probe, ok.problem), (Cause::NotMethodRelated, false, false), "{}", ok.summary);
        assert!(ok.summary.contains("the server's CORS is not what blocked it"), "{}", ok.summary);
    }

    #[test]
    fn the_engine_keeps_the_settled_diagnosis_in_place() {
        let mut e = engine("express_cors_put_unrouted");
        let before = e.diagnoses().count();
        let d = undecided(&e, "PUT");
        let answers = [sent(Purpose::Get, &d.url, 200, &[])];
        let out = settle(&d, &answers, AT, last_entry(&e, &d));
        assert!(e.settle(d.id, out));
        assert_eq!(e.diagnoses().count(), before);
        let now = e.diagnosis(d.id).unwrap();
        assert_eq!((now.cause, now.needs_probe), (Cause::MethodMismatch, false));
        assert!(!e.settle(usize::MAX, d));
    }
}
