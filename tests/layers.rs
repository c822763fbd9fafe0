//! Which layer answered a refusal (issue 12, item 1), on captured fixtures changed in the test the way real cases
//! look: a proxy's refusal in front of Express named by its `Via` or its own `Server`, or by nothing at all; the
//! same refusal once it carries what only the application writes; a refusal with nothing to compare it with. And
//! HTTP servers named apart from frameworks (uvicorn, Werkzeug), and what fails next behind a static file.

use std::path::Path;

use serde_json::{json, Value};
use why405::diagnose::{AnsweredBy, Cause, Diagnosis};
use why405::engine::Engine;
use why405::har::parse_har;
use why405::stack::Stack;

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

fn by_method<'a>(e: &'a Engine, method: &str) -> &'a Diagnosis {
    e.diagnoses().find(|d| d.method.as_str() == method).expect("a diagnosis for the method")
}

/// The response of the (last) entry with this method.
fn response<'a>(har: &'a mut Value, method: &str) -> &'a mut Value {
    let e = entries(har).iter_mut().rev().find(|e| e["request"]["method"] == method).expect("the entry");
    &mut e["response"]
}

/// A proxy's own refusal, as a gateway writes it (lower-case names, text/plain, none of the app's headers).
fn proxy_refusal(status: u16, extra: &[(&str, &str)]) -> Value {
    let mut headers = vec![
        json!({"name": "content-type", "value": "text/plain"}),
        json!({"name": "content-length", "value": "19"}),
        json!({"name": "date", "value": "Mon, 23 Nov 2026 18:55:56 GMT"}),
    ];
    headers.extend(extra.iter().map(|(n, v)| json!({"name": n, "value": v})));
    json!({"status": status, "statusText": "", "httpVersion": "HTTP/1.1", "headers": headers, "cookies": [],
           "content": {"size": 19, "mimeType": "text/plain", "text": "method not allowed\n"},
           "redirectURL": "", "headersSize": -1, "bodySize": 19})
}

#[test]
fn a_proxy_refusal_in_front_of_express_is_server_rule_named_by_its_via_or_server() {
    for (extra, name) in [
        (vec![("via", "1.1 edge-gw")], "Via: 1.1 edge-gw"),
        (vec![("server", "Caddy")], "Caddy"),
        (vec![("server", "nginx/1.22.1")], "nginx"),
    ] {
        let mut h = har("express_cors_get_then_put");
        *response(&mut h, "PUT") = proxy_refusal(405, &extra);
        let e = engine(&h);
        let d = by_method(&e, "PUT");
        assert_eq!(d.cause, Cause::ServerRule, "{name}: {}", d.summary);
        let layer = d.layer.as_deref().expect("a layer verdict");
        assert_eq!(layer.answered_by, AnsweredBy::Layer);
        assert_eq!(layer.name.as_deref(), Some(name));
        // never the application's stack, nor a fix for it
        assert_ne!(d.stack, Some(Stack::Express), "{name}");
        let fix = d.fix.as_ref().expect("a fix").get();
        assert!(!fix.code.contains("app.put("), "{name}: {}", fix.code);
        assert!(layer.evidence.iter().any(|e| e.contains("X-Powered-By is 'Express'")), "{:?}", layer.evidence);
    }
}

#[test]
fn the_captured_gateway_refusal_is_the_layers_and_becomes_the_apps_once_it_carries_the_apps_header() {
    let base = har("gateway_put_refused_by_proxy_rule_405");
    let e = engine(&base);
    let d = by_method(&e, "PUT");
    assert_eq!((d.cause, d.stack, d.status), (Cause::ServerRule, None, 405));
    let layer = d.layer.as_deref().expect("a layer verdict");
    assert_eq!((layer.answered_by, layer.name.as_deref(), layer.stack), (AnsweredBy::Layer, None, None));
    assert!(d.summary.contains("A layer in front of your application"), "{}", d.summary);

    // the same 405 with Express's own X-Powered-By went through the application: its rules decide
    let mut h = base.clone();
    let headers = response(&mut h, "PUT")["headers"].as_array_mut().expect("headers");
    headers.push(json!({"name": "X-Powered-By", "value": "Express"}));
    let e = engine(&h);
    let d = by_method(&e, "PUT");
    assert_eq!(d.cause, Cause::MethodMismatch, "{}", d.summary);
    assert_eq!(d.layer.as_deref().map(|l| l.answered_by), Some(AnsweredBy::Application));

    // the app's GET gone: nothing to compare with, no layer named, and nothing names a web server either
    let mut h = base;
    entries(&mut h).retain(|e| e["request"]["method"] != "GET");
    let e = engine(&h);
    let d = by_method(&e, "PUT");
    assert!(d.layer.is_none());
    assert_eq!(d.cause, Cause::MethodMismatch, "{}", d.summary);
}

#[test]
fn one_difference_of_medium_weight_is_not_enough() {
    // the refusal keeps the app's header casing and lacks only the CORS headers: a framework's own error path
    // (FastAPI's 500 outside CORSMiddleware) looks like this, so no layer is named
    let mut h = har("gateway_delete_denied_by_proxy_rule_403");
    let headers = response(&mut h, "DELETE")["headers"].as_array_mut().expect("headers");
    for x in headers.iter_mut() {
        let name = x["name"].as_str().unwrap_or_default();
        let title: Vec<String> = name.split('-').map(|p| p[..1].to_ascii_uppercase() + &p[1..]).collect();
        x["name"] = json!(title.join("-"));
    }
    headers.push(json!({"name": "X-Powered-By", "value": "Express"}));
    let e = engine(&h);
    let d = by_method(&e, "DELETE");
    assert_ne!(d.cause, Cause::ServerRule, "{}", d.summary);
    assert_eq!(d.layer.as_deref().map(|l| l.answered_by), Some(AnsweredBy::Application));
}

#[test]
fn the_verdict_follows_the_comparison_in_either_order_of_arrival() {
    // the refusal first, the app's GET after it: the PUT's diagnosis is recomputed when the GET arrives
    let mut h = har("gateway_put_refused_by_proxy_rule_405");
    entries(&mut h).reverse();
    let mut live = Engine::new();
    for entry in parse_har(&serde_json::to_vec(&h).expect("json")).expect("readable").entries {
        live.push(entry);
    }
    assert_eq!(by_method(&live, "PUT").cause, Cause::ServerRule);
}

#[test]
fn a_generic_server_header_names_the_server_never_the_framework() {
    let e = engine(&har("fastapi_api_500_without_cors_headers"));
    let d = e.diagnoses().last().expect("a diagnosis");
    assert_eq!((d.stack, d.server), (None, Some(Stack::Uvicorn)));
    assert_eq!(d.stack_words().as_deref(), Some("a framework behind uvicorn, not identified"));
    let e = engine(&har("flask_cors_get_ok"));
    let d = e.diagnoses().last().expect("a diagnosis");
    assert_eq!((d.stack, d.server), (None, Some(Stack::Werkzeug)));
    // FastAPI named by its own JSON 405, uvicorn beside it
    let e = engine(&har("fastapi_open_put_get_only_route"));
    let d = by_method(&e, "PUT");
    assert_eq!((d.stack, d.server), (Some(Stack::Fastapi), Some(Stack::Uvicorn)));
    assert_eq!(d.stack_words().as_deref(), Some("FastAPI on uvicorn"));
    let json = serde_json::to_value(d).expect("json");
    assert_eq!(json["server"], "uvicorn");
    // no server: no key (the JSON of others stays the same)
    let e = engine(&har("express_cors_get_ok"));
    let json = serde_json::to_value(e.diagnoses().last().expect("a diagnosis")).expect("json");
    assert!(json.get("server").is_none() && json.get("layer").is_none() && json.get("next").is_none());
}

#[test]
fn cors_headers_on_a_static_file_only_uncover_the_next_refusal() {
    let e = engine(&har("nginx_static_post_json_preflight_405"));
    let d = by_method(&e, "POST");
    assert_eq!(d.cause, Cause::CorsPreflight);
    let next = d.next.as_deref().expect("what fails next");
    assert!(next.starts_with("Then the POST itself fails: nginx"), "{next}");
    // a preflight refused by the application itself: nothing is said to come next
    let e = engine(&har("django_outside_cors_urls_regex_preflight_405"));
    assert!(e.diagnoses().all(|d| d.next.is_none()));
}

#[test]
fn a_preflight_refused_by_a_proxy_gets_the_fix_for_the_proxy_not_cors_for_the_app() {
    // the PUT never sent, as Chromium records a request whose preflight failed
    let mut base = har("gateway_put_refused_by_proxy_rule_405");
    let put = response(&mut base, "PUT");
    put["status"] = json!(0);
    put["headers"] = json!([]);
    put["_error"] = json!("net::ERR_FAILED");
    let mut h = base.clone();
    *response(&mut h, "OPTIONS") = proxy_refusal(405, &[]);
    let e = engine(&h);
    let d = by_method(&e, "PUT");
    assert_eq!((d.cause, d.stack, d.status), (Cause::CorsPreflight, None, 405), "{}", d.summary);
    assert_eq!(d.layer.as_deref().map(|l| l.answered_by), Some(AnsweredBy::Layer));
    assert!(d.summary.contains("the application's CORS setup never saw the OPTIONS"), "{}", d.summary);
    let fix = d.fix.as_ref().expect("a fix").get();
    assert_eq!(fix.title, "Let OPTIONS /api/profile through the layer in front of the application");
    // the same 405 written by Express (its X-Powered-By): the app refused OPTIONS, CORS is the fix
    let mut h = base;
    *response(&mut h, "OPTIONS") = proxy_refusal(405, &[("X-Powered-By", "Express")]);
    let e = engine(&h);
    let d = by_method(&e, "PUT");
    assert_eq!((d.cause, d.stack), (Cause::CorsPreflight, Some(Stack::Express)), "{}", d.summary);
    assert_ne!(d.layer.as_deref().map(|l| l.answered_by), Some(AnsweredBy::Layer), "{:?}", d.layer);
}

#[test]
fn a_web_servers_own_refusal_stays_its_own_beside_the_files_it_serves() {
    // nginx serves /static/data.json to GET (200) and refuses the POST itself: the refusal looks like the origin's
    // other response (the same Server), but nginx's own signature names it, and nothing of an application is on it
    let mut h = har("nginx_static_post_text_405");
    let get = har("nginx_static_get_ok")["log"]["entries"][0].clone();
    entries(&mut h).insert(0, get);
    let e = engine(&h);
    let d = by_method(&e, "POST");
    assert_eq!((d.cause, d.stack), (Cause::ServerRule, Some(Stack::Nginx)), "{}", d.summary);
    assert!(d.layer.is_none(), "{:?}", d.layer);
}
