//! Traffic that CORS does not govern (issue 12), on captured fixtures changed in the test the way the real case
//! looks: a WebSocket handshake refused or cut, a form post stripped of what tells it is one, a form post that
//! follows the post/redirect/get pattern and one whose POST a 301 turned into GET, an extension URL.

use std::path::Path;

use serde_json::{json, Value};
use why405::diagnose::{Cause, Diagnosis, RequestKind};
use why405::engine::Engine;
use why405::har::parse_har;
use why405::redact::RedactionPolicy;
use why405::report::{self, Format, Options, Selection};

fn har(name: &str) -> Value {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(name).join("input.har");
    serde_json::from_slice(&std::fs::read(path).expect("fixture")).expect("json")
}

fn engine(har: &Value) -> Engine {
    Engine::from_har(parse_har(&serde_json::to_vec(har).expect("json")).expect("readable"))
}

fn entries(har: &mut Value) -> &mut Vec<Value> {
    har["log"]["entries"].as_array_mut().expect("entries")
}

/// Drops the request headers named (any case).
fn drop_headers(entry: &mut Value, names: &[&str]) {
    let headers = entry["request"]["headers"].as_array_mut().expect("headers");
    headers.retain(|h| !names.iter().any(|n| h["name"].as_str().is_some_and(|x| x.eq_ignore_ascii_case(n))));
}

/// Marks a captured fetch as the form navigation it would be (the headers Chromium sends for one).
fn as_navigation(entry: &mut Value) {
    drop_headers(entry, &["sec-fetch-mode", "sec-fetch-dest"]);
    let headers = entry["request"]["headers"].as_array_mut().expect("headers");
    headers.push(json!({"name": "Sec-Fetch-Mode", "value": "navigate"}));
    headers.push(json!({"name": "Sec-Fetch-Dest", "value": "document"}));
    entry["_resourceType"] = json!("document");
}

fn by_method<'a>(e: &'a Engine, method: &str) -> &'a Diagnosis {
    e.diagnoses().find(|d| d.method.as_str() == method).expect("a diagnosis for the method")
}

fn no_cors_words(d: &Diagnosis) {
    for text in [Some(&d.summary), d.suggestion.as_ref()].into_iter().flatten() {
        for word in ["preflight", "TypeError", "CORS", "Access-Control"] {
            assert!(!text.contains(word), "{word:?} in {text}");
        }
    }
}

#[test]
fn a_websocket_handshake_refused_or_cut_raises_no_cors_alarm() {
    let base = har("express_websocket_hmr_then_no_cors_put");
    for (status, error) in [(403, None), (400, None), (0, Some("net::ERR_CONNECTION_RESET"))] {
        let mut h = base.clone();
        let ws = entries(&mut h).iter_mut().find(|e| e["_resourceType"] == "websocket").expect("the socket");
        ws["response"]["status"] = json!(status);
        ws["response"]["_error"] = json!(error);
        let e = engine(&h);
        let d = by_method(&e, "GET");
        assert_eq!(d.kind, RequestKind::WebSocket);
        assert_eq!((d.cause, d.problem, d.cors_error, d.needs_probe), (Cause::NotMethodRelated, false, None, false));
        assert!(d.failed, "{status}: {}", d.summary);
        // the PUT beside it is still the CORS failure it is
        assert_eq!(by_method(&e, "PUT").cause, Cause::CorsPreflight);
    }
}

#[test]
fn the_headers_decide_a_form_post_is_a_navigation_and_without_them_it_is_a_fetch() {
    let mut firefox_like = har("nginx_form_post_static_405");
    for entry in entries(&mut firefox_like) {
        entry.as_object_mut().expect("entry").remove("_resourceType");
    }
    let e = engine(&firefox_like);
    let d = by_method(&e, "POST");
    assert_eq!((d.kind, d.cause, d.cors_error), (RequestKind::Navigation, Cause::ServerRule, None));
    no_cors_words(d);

    // The same request with nothing that says "navigation": a script's POST, which the 405 without
    // Access-Control-Allow-Origin hid from the page.
    for entry in entries(&mut firefox_like) {
        drop_headers(entry, &["sec-fetch-mode", "sec-fetch-dest"]);
    }
    let e = engine(&firefox_like);
    let d = by_method(&e, "POST");
    assert_eq!(d.kind, RequestKind::Fetch);
    assert_eq!(d.cors_error.map(|c| c.as_str()), Some("MissingAllowOriginHeader"));
}

#[test]
fn a_form_post_answered_with_a_302_to_a_page_is_post_redirect_get() {
    let mut h = har("express_post_redirect_302");
    entries(&mut h).retain(|e| e["request"]["method"] != "OPTIONS");
    for entry in entries(&mut h) {
        as_navigation(entry);
    }
    let e = engine(&h);
    let d = by_method(&e, "POST");
    assert_eq!(d.kind, RequestKind::Navigation);
    assert_eq!((d.cause, d.problem, d.failed), (Cause::NotMethodRelated, false, false), "{}", d.summary);
}

#[test]
fn a_form_post_turned_into_get_by_a_301_is_found_without_cors_words() {
    let mut h = har("django_append_slash_post_301");
    for entry in entries(&mut h) {
        as_navigation(entry);
    }
    let e = engine(&h);
    let d = by_method(&e, "POST");
    assert_eq!((d.kind, d.cause, d.cors_error), (RequestKind::Navigation, Cause::RedirectMethodChange, None));
    no_cors_words(d);
    // The GET's page succeeding does not make it a post/redirect/get: a 301 dropped the form's fields.
    entries(&mut h).last_mut().expect("the GET")["response"]["status"] = json!(200);
    let e = engine(&h);
    let d = by_method(&e, "POST");
    assert_eq!((d.cause, d.problem), (Cause::RedirectMethodChange, true), "{}", d.summary);
    no_cors_words(d);
}

#[test]
fn an_extension_url_is_no_http_request() {
    let mut h = har("express_nocors_fetch_post");
    for entry in entries(&mut h) {
        drop_headers(entry, &["sec-fetch-mode", "sec-fetch-dest"]);
        entry["request"]["url"] = json!("chrome-extension://abcdefghijklmnop/notes");
    }
    let e = engine(&h);
    let d = by_method(&e, "POST");
    assert_eq!(
        (d.kind, d.cause, d.problem, d.cors_error),
        (RequestKind::NonHttp, Cause::NotMethodRelated, false, None)
    );
}

#[test]
fn the_curl_export_does_not_send_a_websocket_handshake_as_a_plain_get() {
    let e = engine(&har("express_websocket_hmr_then_no_cors_put"));
    let r = report::redactor_for(&e, RedactionPolicy::default());
    let script = report::render_to_string(Format::Curl, &e, &Options { selection: Selection::All, ..Options::new(&r) });
    assert!(script.contains("# A WebSocket handshake (the browser got 101)"), "{script}");
    assert!(!script.contains("curl -i -X GET 'ws://"), "{script}");
    assert!(script.contains("curl -i -X PUT"), "the PUT beside it is still reproduced: {script}");
}

/// DevTools' own capture of a `no-cors` fetch (the extension's, seen in e2e-lab): provisional headers only (no
/// `Origin`, no `Sec-Fetch-*`), the status without the response's headers, and `_error: "net::ERR_ABORTED"`.
#[test]
fn a_no_cors_fetch_as_devtools_records_it_is_no_cors_alarm() {
    let mut h = har("express_nocors_fetch_post");
    for entry in entries(&mut h) {
        drop_headers(entry, &["origin", "sec-fetch-mode", "sec-fetch-dest", "sec-fetch-site"]);
        entry["response"]["headers"] = json!([]);
        entry["response"]["_error"] = json!("net::ERR_ABORTED");
    }
    let e = engine(&h);
    let d = by_method(&e, "POST");
    assert_eq!((d.kind, d.problem, d.cors_error), (RequestKind::NoCors, false, None), "{}", d.summary);

    // The same record with the error Chrome gives a CORS refusal: a fetch the browser blocked.
    for entry in entries(&mut h) {
        entry["response"]["_error"] = json!("net::ERR_FAILED");
    }
    let e = engine(&h);
    let d = by_method(&e, "POST");
    assert_eq!(d.kind, RequestKind::Fetch);
    assert!(d.problem, "{}", d.summary);
}

/// Marks the captured PUT the way Chrome writes a request the page's service worker answered (DevTools'
/// `HARFormat`: `response._fetchedViaServiceWorker` a boolean, the `_worker*` timings set); the page's own
/// request then has no preflight (the worker's own request, if any, would carry it).
fn served_by_worker(status: u16, error: Option<&str>) -> Value {
    let mut h = har("express_cors_put_unrouted");
    entries(&mut h).retain(|e| e["request"]["method"] != "OPTIONS");
    for entry in entries(&mut h) {
        entry["response"]["_fetchedViaServiceWorker"] = json!(true);
        entry["response"]["status"] = json!(status);
        entry["response"]["_error"] = error.map_or(Value::Null, |e| json!(e));
        entry["timings"]["_workerStart"] = json!(0.4);
        entry["timings"]["_workerReady"] = json!(0.6);
        entry["timings"]["_workerFetchStart"] = json!(0.9);
        entry["timings"]["_workerRespondWithSettled"] = json!(1.3);
    }
    h
}

fn names_no_server(d: &Diagnosis) {
    assert_eq!((d.stack, d.server), (None, None), "{}", d.summary);
    for text in [Some(&d.summary), d.suggestion.as_ref()].into_iter().flatten() {
        assert!(!text.contains("Express"), "{text}");
    }
    for ev in &d.evidence {
        assert!(!ev.text.contains("Express"), "{}", ev.text);
    }
}

#[test]
fn a_refusal_from_the_service_worker_is_the_workers_not_the_servers() {
    for status in [405, 404] {
        let e = engine(&served_by_worker(status, None));
        let d = by_method(&e, "PUT");
        assert_eq!((d.kind, d.failed, d.cors_error, d.status), (RequestKind::ServiceWorker, true, None, status));
        assert!(d.summary.contains("answered by the page's service worker, not by the server"), "{}", d.summary);
        let s = d.suggestion.as_deref().expect("a suggestion");
        assert!(s.contains("service worker's fetch handler"), "{s}");
        assert!(d.evidence.iter().any(|e| e.text.contains("_fetchedViaServiceWorker: true")), "{:?}", d.evidence);
        names_no_server(d);
        no_cors_words(d);
    }
    // The same capture without the field: the server's own 404, Express named (the test can fail).
    let e = engine(&har("express_cors_put_unrouted"));
    let d = by_method(&e, "PUT");
    assert_eq!((d.kind, d.stack.map(|s| s.label())), (RequestKind::Fetch, Some("Express")));
}

#[test]
fn a_service_worker_that_failed_to_answer_is_no_cors_refusal_of_the_page() {
    let mut h = served_by_worker(0, Some("net::ERR_FAILED"));
    for entry in entries(&mut h) {
        entry["response"]["headers"] = json!([]);
    }
    let e = engine(&h);
    let d = by_method(&e, "PUT");
    assert_eq!((d.kind, d.failed, d.problem, d.cors_error), (RequestKind::ServiceWorker, true, false, None));
    assert!(d.summary.contains("net::ERR_FAILED") && d.summary.contains("fetch handler failed"), "{}", d.summary);
    names_no_server(d);
    // what the JSON says
    let r = report::redactor_for(&e, RedactionPolicy::default());
    let json = report::render_to_string(Format::Json, &e, &Options { selection: Selection::All, ..Options::new(&r) });
    assert!(json.contains(r#""kind": "service_worker""#) || json.contains(r#""kind":"service_worker""#), "{json}");
}

#[test]
fn a_cached_success_from_the_service_worker_is_a_success() {
    let e = engine(&served_by_worker(200, None));
    let d = by_method(&e, "PUT");
    assert_eq!((d.kind, d.failed, d.problem), (RequestKind::ServiceWorker, false, false), "{}", d.summary);
    assert!(d.summary.contains("succeeded (200"), "{}", d.summary);
    names_no_server(d);
}

/// `chrome-extension:`, `moz-extension:`, `data:` and `blob:` URLs never reach a server: whatever the entry
/// carries (the page's `Origin` and `Sec-Fetch-Mode: cors`, a refusal, a preflight-less failure) is no CORS alarm.
#[test]
fn extension_data_and_blob_urls_are_never_a_cors_alarm() {
    let urls = [
        "chrome-extension://abcdefghijklmnop/api/items/1",
        "moz-extension://5f2c1d3e-0000-4000-8000-000000000000/api/items/1",
        "data:application/json,%7B%7D",
        "blob:http://localhost:7100/8d0c7c55-9e49-4a35-bb4a-3cd1f7a2e7b1",
        "DATA:text/plain,x",
    ];
    for url in urls {
        for (status, error) in [(0, Some("net::ERR_FAILED")), (405, None), (200, None)] {
            let mut h = har("express_cors_put_unrouted");
            entries(&mut h).retain(|e| e["request"]["method"] != "OPTIONS");
            for entry in entries(&mut h) {
                entry["request"]["url"] = json!(url);
                entry["response"]["status"] = json!(status);
                entry["response"]["_error"] = error.map_or(Value::Null, |e| json!(e));
            }
            let e = engine(&h);
            let d = by_method(&e, "PUT");
            assert_eq!((d.kind, d.cors_error, d.stack), (RequestKind::NonHttp, None, None), "{url} {status}");
            no_cors_words(d);
        }
    }
}

/// A service worker whose `respondWith()` promise rejected, captured in the lab: Chrome records no
/// `_fetchedViaServiceWorker` (no response arrived), only what a blocked request shows, so why405 cannot tell it
/// from a preflight that failed out of sight, and says both.
#[test]
fn a_rejected_respond_with_looks_like_a_missing_preflight_and_the_summary_says_so() {
    let e = engine(&har("sw_delete_respondwith_rejected"));
    let d = by_method(&e, "DELETE");
    assert_eq!((d.kind, d.cause, d.status), (RequestKind::Fetch, Cause::CorsPreflight, 0));
    assert!(d.summary.contains("service worker, its fetch handler may have failed instead"), "{}", d.summary);
}

/// The HAR export keeps what Chrome recorded: re-read, the lab's service-worker capture is still the worker's.
#[test]
fn the_har_export_keeps_fetched_via_service_worker() {
    let e = engine(&har("sw_put_synthetic_405"));
    assert_eq!(by_method(&e, "PUT").kind, RequestKind::ServiceWorker);
    let r = report::redactor_for(&e, RedactionPolicy::default());
    let out = report::render_to_string(Format::Har, &e, &Options { selection: Selection::All, ..Options::new(&r) });
    let again: Value = serde_json::from_str(&out).expect("json");
    assert_eq!(again["log"]["entries"][0]["response"]["_fetchedViaServiceWorker"], json!(true));
    assert_eq!(by_method(&engine(&again), "PUT").kind, RequestKind::ServiceWorker);
}

/// The curl export still sends the request (to see what the server would say) and says who answered it in the
/// browser.
#[test]
fn the_curl_export_says_the_service_worker_answered() {
    let e = engine(&har("sw_put_synthetic_405"));
    let r = report::redactor_for(&e, RedactionPolicy::default());
    let script = report::render_to_string(Format::Curl, &e, &Options { selection: Selection::All, ..Options::new(&r) });
    assert!(
        script.contains("# In the browser the page's service worker answered this request (it got 405)"),
        "{script}"
    );
    assert!(script.contains("curl -i -X PUT"), "{script}");
}
