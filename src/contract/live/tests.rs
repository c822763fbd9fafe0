//! The live checks against a small API served on 127.0.0.1 in the test (every request recorded), in the shape of the
//! lab's contract server: one configuration that matches its spec, and drifts planted one at a time.

use std::net::TcpListener;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use super::judge::allow_problem;
use super::pace::Bucket;
use super::*;
use crate::contract::{BodyExample, Check, Expectation, Operation, Outcome, PathItem, PathParam, SpecVersion};
use crate::http::Method;
use crate::probe::loopback::{serve, Seen};

const APP: &str = "https://app.example.com";
const ADMIN: &str = "https://admin.example.com";

fn reply(status: &str, headers: &[(&str, String)], body: &str) -> String {
    let h: String = headers.iter().map(|(n, v)| format!("{n}: {v}\r\n")).collect();
    crate::probe::loopback::reply(status, &h, body)
}

/// The API's configuration: which methods each route has, which origins get CORS, and the planted drifts.
#[derive(Clone)]
struct Api {
    routes: Vec<(&'static str, Vec<&'static str>)>,
    origins: Vec<&'static str>,
    /// Every OPTIONS answered 204 with CORS for any origin, on any path (a catch-all).
    catch_all: bool,
    /// Every non-GET/HEAD on this path answered 301 to the path with a slash.
    redirect: Option<&'static str>,
}

fn good() -> Api {
    Api {
        routes: vec![("/api/items", vec!["GET", "POST"]), ("/api/items/*", vec!["GET", "PUT", "DELETE"])],
        origins: vec![APP, ADMIN],
        catch_all: false,
        redirect: None,
    }
}

impl Api {
    fn route(&self, path: &str) -> Option<&Vec<&'static str>> {
        let path = path.split('?').next().unwrap_or("");
        self.routes.iter().find_map(|(r, m)| {
            let hit = match r.strip_suffix('*') {
                Some(prefix) => path.strip_prefix(prefix).is_some_and(|rest| !rest.is_empty() && !rest.contains('/')),
                None => path == *r,
            };
            hit.then_some(m)
        })
    }

    fn answer(&self, r: &Seen) -> String {
        let origin = r.header("origin").filter(|o| self.catch_all || self.origins.contains(o));
        let mut cors: Vec<(&str, String)> =
            origin.map(|o| vec![("Access-Control-Allow-Origin", o.to_string())]).unwrap_or_default();
        cors.push(("Vary", "Origin".into()));
        if self.catch_all && r.method == "OPTIONS" {
            cors.push(("Access-Control-Allow-Methods", "GET, POST, PUT, PATCH, DELETE".into()));
            cors.push((
                "Access-Control-Allow-Headers",
                r.header("access-control-request-headers").unwrap_or("").into(),
            ));
            return reply("204 No Content", &cors, "");
        }
        if self.redirect.is_some_and(|p| r.path == p) && !matches!(r.method.as_str(), "GET" | "HEAD") {
            cors.push(("Location", format!("{}/", r.path)));
            return reply("301 Moved Permanently", &cors, "");
        }
        let Some(methods) = self.route(&r.path) else { return reply("404 Not Found", &cors, "not found") };
        let mut allow: Vec<&str> = methods.clone();
        if allow.contains(&"GET") {
            allow.push("HEAD");
        }
        allow.push("OPTIONS");
        if r.method == "OPTIONS" {
            if let (Some(_), Some(_)) = (origin, r.header("access-control-request-method")) {
                cors.push(("Access-Control-Allow-Methods", methods.join(", ")));
                cors.push((
                    "Access-Control-Allow-Headers",
                    r.header("access-control-request-headers").unwrap_or("").into(),
                ));
                return reply("204 No Content", &cors, "");
            }
            cors.push(("Allow", allow.join(", ")));
            return reply("204 No Content", &cors, "");
        }
        if allow.contains(&r.method.as_str()) {
            return reply("200 OK", &cors, "{}");
        }
        cors.push(("Allow", allow.join(", ")));
        reply("405 Method Not Allowed", &cors, "method not allowed")
    }
}

fn op(method: Method, path: &str, headers: &[&str], body: bool) -> Operation {
    Operation {
        pointer: format!("/paths/{}/{}", path.replace('/', "~1"), method.as_str().to_ascii_lowercase()),
        method,
        operation_id: None,
        header_names: headers.iter().map(|h| h.to_string()).collect(),
        body_example: body
            .then(|| BodyExample { content_type: "application/json".into(), body: "{\"name\":\"x\"}".into() }),
        body_type: body.then(|| "application/json".into()),
    }
}

fn spec() -> Spec {
    let item = |template: &str, operations: Vec<Operation>, params: Vec<PathParam>| PathItem {
        template: template.into(),
        pointer: format!("/paths/{}", template.replace('/', "~1")),
        operations,
        params,
    };
    Spec {
        source: "test.yaml".into(),
        version: SpecVersion::OpenApi30,
        base_path: "/api".into(),
        paths: vec![
            item("/items", vec![op(Method::Get, "/items", &[], false), op(Method::Post, "/items", &[], true)], vec![]),
            item(
                "/items/{id}",
                vec![
                    op(Method::Get, "/items/{id}", &[], false),
                    op(Method::Put, "/items/{id}", &["X-Request-Id"], true),
                    op(Method::Delete, "/items/{id}", &[], false),
                ],
                vec![PathParam { name: "id".into(), example: Some("1".into()) }],
            ),
        ],
    }
}

fn options(base: &str) -> LiveOptions {
    LiveOptions {
        base_url: base.into(),
        origins: vec![APP.into(), ADMIN.into()],
        params: vec![],
        allow_writes: false,
        concurrency: 4,
        rate: None,
        timeout: Duration::from_secs(5),
    }
}

fn check_against(api: Api, opts: impl Fn(&str) -> LiveOptions) -> (Vec<Check>, Vec<Seen>) {
    let (base, seen) = serve(Arc::new(move |r: &Seen| api.answer(r)));
    let report = run(&spec(), &opts(&base), &|_, _| {});
    let seen = seen.lock().unwrap().clone();
    (report.checks, seen)
}

fn failed(checks: &[Check]) -> Vec<&str> {
    checks.iter().filter(|c| matches!(c.outcome, Outcome::Fail { .. })).map(|c| c.id.as_str()).collect()
}

fn get<'a>(checks: &'a [Check], id: &str) -> &'a Check {
    checks.iter().find(|c| c.id == id).unwrap_or_else(|| panic!("no check {id}"))
}

const WRITES: [&str; 4] = ["POST", "PUT", "PATCH", "DELETE"];

#[test]
fn a_server_that_matches_its_spec_passes_and_no_write_is_sent() {
    let (checks, seen) = check_against(good(), options);
    assert_eq!(failed(&checks), Vec::<&str>::new(), "{checks:#?}");
    let ids: Vec<&str> = checks.iter().map(|c| c.id.as_str()).collect();
    assert_eq!(
        ids,
        [
            "GET /items preflight from https://app.example.com",
            "GET /items preflight from https://admin.example.com",
            "GET /items accepted",
            "POST /items preflight from https://app.example.com",
            "POST /items preflight from https://admin.example.com",
            "POST /items accepted",
            "PUT /items refused",
            "PATCH /items refused",
            "DELETE /items refused",
            "OPTIONS /items refused",
            "OPTIONS /items no catch-all",
            "GET /items/{id} preflight from https://app.example.com",
            "GET /items/{id} preflight from https://admin.example.com",
            "GET /items/{id} accepted",
            "PUT /items/{id} preflight from https://app.example.com",
            "PUT /items/{id} preflight from https://admin.example.com",
            "PUT /items/{id} accepted",
            "DELETE /items/{id} preflight from https://app.example.com",
            "DELETE /items/{id} preflight from https://admin.example.com",
            "DELETE /items/{id} accepted",
            "POST /items/{id} refused",
            "PATCH /items/{id} refused",
            "OPTIONS /items/{id} refused",
            "OPTIONS /items/{id} no catch-all",
        ]
    );
    assert!(seen.iter().all(|r| !WRITES.contains(&r.method.as_str())), "{seen:?}");
    // a write not sent says which evidence stood in for it
    let put = get(&checks, "PUT /items/{id} accepted");
    assert!(put.note.as_deref().unwrap().contains("OPTIONS's Allow (GET, PUT, DELETE, HEAD, OPTIONS) lists PUT"));
    // the PUT's preflight asked for its documented header and the example body's Content-Type
    let pre =
        seen.iter().find(|r| r.header("access-control-request-method") == Some("PUT") && r.path == "/api/items/1");
    assert_eq!(pre.unwrap().header("access-control-request-headers"), Some("content-type,x-request-id"));
    // the catch-all check asked an undocumented sibling
    assert!(seen.iter().any(|r| r.path == "/api/__why405_0" && r.method == "OPTIONS"), "{seen:?}");
    assert!(seen.iter().any(|r| r.path == "/api/items/1/__why405_1"), "{seen:?}");
    let observed = &get(&checks, "GET /items preflight from https://app.example.com").observed;
    assert_eq!(observed[0].label, "GET from https://app.example.com");
    assert!(observed[0].headers.contains(&("Access-Control-Allow-Origin".into(), APP.into())));
}

#[test]
fn the_order_is_the_same_whatever_the_concurrency() {
    let (one, _) = check_against(good(), |b| LiveOptions { concurrency: 1, ..options(b) });
    let (many, _) = check_against(good(), |b| LiveOptions { concurrency: 16, ..options(b) });
    let key = |c: &[Check]| c.iter().map(|c| (c.id.clone(), c.outcome.clone())).collect::<Vec<_>>();
    assert_eq!(key(&one), key(&many));
}

#[test]
fn a_method_added_and_a_route_removed_are_found_by_allow_without_sending_them() {
    let mut api = good();
    api.routes = vec![("/api/items", vec!["GET", "POST", "DELETE"]), ("/api/items/*", vec!["GET", "PUT"])];
    let (checks, seen) = check_against(api, options);
    assert!(seen.iter().all(|r| !WRITES.contains(&r.method.as_str())));
    // every refusal on a path checks that its Allow is exact: the added DELETE and the removed one show in each
    assert_eq!(
        failed(&checks),
        [
            "PUT /items refused",
            "PATCH /items refused",
            "DELETE /items refused",
            "OPTIONS /items refused",
            "DELETE /items/{id} preflight from https://app.example.com",
            "DELETE /items/{id} preflight from https://admin.example.com",
            "DELETE /items/{id} accepted",
            "POST /items/{id} refused",
            "PATCH /items/{id} refused",
            "OPTIONS /items/{id} refused",
        ]
    );
    let Outcome::Fail { message, .. } = &get(&checks, "PATCH /items/{id} refused").outcome else { panic!() };
    assert!(message.contains("Allow leaves out DELETE, which the spec documents"), "{message}");
    let Outcome::Fail { message, .. } = &get(&checks, "DELETE /items refused").outcome else { panic!() };
    assert!(message.contains("lists DELETE, which the spec does not document"), "{message}");
    let Outcome::Fail { evidence, .. } =
        &get(&checks, "DELETE /items/{id} preflight from https://app.example.com").outcome
    else {
        panic!()
    };
    assert!(evidence[0].starts_with("MethodDisallowedByPreflightResponse"), "{evidence:?}");
}

#[test]
fn cors_missing_for_one_origin_fails_that_origins_checks_only() {
    let mut api = good();
    api.origins = vec![APP];
    let (checks, _) = check_against(api, options);
    let f = failed(&checks);
    assert_eq!(f.len(), 5, "{f:?}");
    assert!(f.iter().all(|id| id.ends_with("preflight from https://admin.example.com")), "{f:?}");
    let Outcome::Fail { evidence, .. } =
        &get(&checks, "PUT /items/{id} preflight from https://admin.example.com").outcome
    else {
        panic!()
    };
    assert!(evidence[0].starts_with("PreflightMissingAllowOriginHeader"), "{evidence:?}");
    let Outcome::Fail { evidence, .. } = &get(&checks, "GET /items preflight from https://admin.example.com").outcome
    else {
        panic!()
    };
    assert!(evidence[0].starts_with("MissingAllowOriginHeader"), "{evidence:?}");
}

#[test]
fn a_redirect_on_a_post_path_is_a_method_change() {
    let mut api = good();
    api.redirect = Some("/api/items");
    let (checks, _) = check_against(api, options);
    let f = failed(&checks);
    assert!(f.contains(&"POST /items accepted"), "{f:?}");
    assert!(f.contains(&"POST /items preflight from https://app.example.com"), "{f:?}");
    assert!(f.iter().all(|id| id.contains("/items ") || id.ends_with("/items refused")), "{f:?}");
    let Outcome::Fail { message, .. } = &get(&checks, "POST /items accepted").outcome else { panic!() };
    assert!(message.contains("301") && message.contains("turns POST into GET"), "{message}");
}

#[test]
fn a_catch_all_options_is_found_on_a_sibling_path() {
    let mut api = good();
    api.catch_all = true;
    let (checks, _) = check_against(api, options);
    assert!(failed(&checks).contains(&"OPTIONS /items no catch-all"), "{:?}", failed(&checks));
    assert!(failed(&checks).contains(&"OPTIONS /items/{id} no catch-all"));
}

#[test]
fn allow_writes_sends_documented_writes_with_their_example_body() {
    let (checks, seen) = check_against(good(), |b| LiveOptions { allow_writes: true, ..options(b) });
    assert_eq!(failed(&checks), Vec::<&str>::new(), "{checks:#?}");
    let put = seen.iter().find(|r| r.method == "PUT" && r.path == "/api/items/1").unwrap();
    assert_eq!((put.body.as_str(), put.header("content-type")), ("{\"name\":\"x\"}", Some("application/json")));
    // an undocumented write is sent too, and refused
    assert!(seen.iter().any(|r| r.method == "PATCH" && r.path == "/api/items/1"));
    assert_eq!(get(&checks, "PATCH /items/{id} refused").outcome, Outcome::Pass);
}

#[test]
fn a_path_parameter_without_a_value_is_skipped_until_given() {
    let mut s = spec();
    s.paths[1].params[0].example = None;
    let (base, _seen) = serve(Arc::new(|r: &Seen| good().answer(r)));
    let report = run(&s, &options(&base), &|_, _| {});
    let c = get(&report.checks, "GET /items/{id} accepted");
    assert_eq!(c.outcome, Outcome::Skip { reason: "no value for id: give --param id=...".into() });
    let given = LiveOptions { params: vec![("id".into(), "a b".into())], ..options(&base) };
    let report = run(&s, &given, &|_, _| {});
    let c = get(&report.checks, "GET /items/{id} accepted");
    assert_eq!(c.url.as_deref(), Some(format!("{base}/api/items/a%20b").as_str()));
    assert_eq!(c.outcome, Outcome::Pass);
}

#[test]
fn progress_counts_every_request_once() {
    let (base, seen) = serve(Arc::new(|r: &Seen| good().answer(r)));
    let calls = Mutex::new(Vec::new());
    run(&spec(), &options(&base), &|d, t| calls.lock().unwrap().push((d, t)));
    let calls = calls.into_inner().unwrap();
    let total = calls[0].1;
    assert_eq!(calls.iter().map(|c| c.0).max(), Some(total));
    assert_eq!(calls.len(), total);
    // GET and HEAD would count their redirect hops within one request; here none redirects
    assert_eq!(seen.lock().unwrap().len(), total);
}

#[test]
fn a_silent_server_fails_each_check_with_a_timeout() {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    // accepted and never answered: every request times out
    let _keep = std::thread::spawn(move || {
        let held: Vec<_> = listener.incoming().take(200).collect();
        drop(held);
    });
    let mut s = spec();
    s.paths.truncate(1);
    let opts = LiveOptions { origins: vec![], concurrency: 8, timeout: Duration::from_millis(300), ..options(&base) };
    let report = run(&s, &opts, &|_, _| {});
    let c = get(&report.checks, "GET /items accepted");
    let Outcome::Fail { evidence, .. } = &c.outcome else { panic!("{c:?}") };
    assert_eq!(evidence, &["net::ERR_TIMED_OUT"]);
}

#[test]
fn exact_allow_tolerates_options_and_head_beside_get() {
    let m = |v: &[Method]| v.to_vec();
    let doc = m(&[Method::Get, Method::Put]);
    assert_eq!(allow_problem(&doc, &m(&[Method::Get, Method::Put])), None);
    assert_eq!(allow_problem(&doc, &m(&[Method::Put, Method::Get, Method::Head, Method::Options])), None);
    let p = allow_problem(&doc, &m(&[Method::Get, Method::Head, Method::Patch])).unwrap();
    assert!(p.starts_with("Allow lists PATCH, which the spec does not document; Allow leaves out PUT"), "{p}");
    // HEAD without GET documented is not implied
    assert!(allow_problem(&m(&[Method::Put]), &m(&[Method::Put, Method::Head])).is_some());
}

#[test]
fn the_bucket_spaces_requests_without_a_clock_in_the_test() {
    let t0 = Instant::now();
    let at = |ms: u64| t0 + Duration::from_millis(ms);
    let mut b = Bucket::new(2.0);
    assert_eq!(b.reserve(at(0)), Duration::ZERO);
    assert_eq!(b.reserve(at(0)), Duration::from_millis(500));
    assert_eq!(b.reserve(at(0)), Duration::from_millis(1000));
    // two seconds later the debt is paid and one token saved up (capacity 2)
    assert_eq!(b.reserve(at(3000)), Duration::ZERO);
    assert_eq!(b.reserve(at(3000)), Duration::ZERO);
    assert_eq!(b.reserve(at(3000)), Duration::from_millis(500));
    // a slow rate: one request every 4 seconds
    let mut slow = Bucket::new(0.25);
    assert_eq!(slow.reserve(at(0)), Duration::ZERO);
    assert_eq!(slow.reserve(at(1000)), Duration::from_millis(3000));
}

#[test]
fn the_expectations_say_what_was_expected() {
    let (checks, _) = check_against(good(), options);
    assert_eq!(
        get(&checks, "PATCH /items/{id} refused").expected,
        Expectation::MethodRefused { allow: vec![Method::Get, Method::Put, Method::Delete] }
    );
    assert_eq!(get(&checks, "PUT /items/{id} accepted").pointer.as_deref(), Some("/paths/~1items~1{id}/put"));
}

#[test]
fn a_redirect_on_the_sent_post_is_a_method_change_and_is_not_followed() {
    let mut api = good();
    api.redirect = Some("/api/items");
    let (checks, seen) = check_against(api, |b| LiveOptions { allow_writes: true, ..options(b) });
    let c = get(&checks, "POST /items accepted");
    let Outcome::Fail { message, evidence, .. } = &c.outcome else { panic!("{c:?}") };
    assert!(message.starts_with("POST is redirected (301 to /api/items/)"), "{message}");
    assert!(evidence[0].ends_with("/api/items → 301 Moved Permanently"), "{evidence:?}");
    assert_eq!(c.observed.len(), 1);
    // the redirect of a write is never followed: nothing asked /api/items/
    assert!(seen.iter().all(|r| r.path != "/api/items/"), "{seen:?}");
}

#[test]
fn with_allow_writes_a_simple_post_is_sent_once_per_origin_and_shared_with_its_acceptance() {
    let mut s = spec();
    s.paths[0].operations[1].body_example =
        Some(BodyExample { content_type: "text/plain".into(), body: "note".into() });
    s.paths[0].operations[1].body_type = Some("text/plain".into());
    let (base, seen) = serve(Arc::new(|r: &Seen| good().answer(r)));
    let report = run(&s, &LiveOptions { allow_writes: true, ..options(&base) }, &|_, _| {});
    assert_eq!(failed(&report.checks), Vec::<&str>::new());
    let posts: Vec<Option<String>> = seen
        .lock()
        .unwrap()
        .iter()
        .filter(|r| r.method == "POST" && r.path == "/api/items")
        .map(|r| r.header("origin").map(String::from))
        .collect();
    assert_eq!(posts.len(), 2, "{posts:?}");
    assert!(posts.contains(&Some(APP.into())) && posts.contains(&Some(ADMIN.into())));
    // no preflight for a text/plain POST
    assert!(seen.lock().unwrap().iter().all(|r| r.header("access-control-request-method") != Some("POST")));
}

#[test]
fn siblings_are_undocumented_paths_next_to_the_template() {
    use super::ask::{sibling, undocumented};
    let templates = ["/", "/items", "/items/{id}", "/items/__why405_1", "/files/{name}.json"];
    assert_eq!(sibling("/", 0, &templates), "/__why405_0");
    assert_eq!(sibling("/items/", 0, &templates), "/__why405_0");
    // a trailing parameter: a child, since any sibling would match the template itself
    assert_eq!(sibling("/items/{id}", 2, &templates), "/items/{id}/__why405_2");
    // every sibling of /items/x would be served by /items/{id}: a child then
    assert_eq!(sibling("/items/x", 1, &templates), "/items/x/__why405_1");
    // a sibling another template documents literally is made longer
    assert_eq!(sibling("/items", 1, &["/__why405_1"]), "/__why405_1_");
    assert_eq!(sibling("/files/{name}.json", 4, &templates), "/files/{name}.json/__why405_4");
    assert_eq!(
        undocumented(&[Method::Get, Method::Put]),
        [Method::Post, Method::Patch, Method::Delete, Method::Options]
    );
    assert_eq!(undocumented(&[Method::Post]).first(), Some(&Method::Get));
}
