//! The offline drift check: matching, grouping, suggestions, and what is skipped.

use super::*;
use crate::contract::spec::parse;

const SPEC: &str = r#"
openapi: 3.0.3
servers: [{url: "https://api.example/v1"}]
paths:
  /users:
    get: {}
    post: {}
  /users/me:
    get: {}
  /users/{id}:
    get: {}
    patch: {}
    delete: {}
  /files/{name}.json:
    get: {}
  /orders/{id}/items:
    get: {}
"#;

/// A HAR of `(method, url, status, extra entry fields)`.
fn har(entries: &[(&str, &str, u16, &str)]) -> Vec<Entry> {
    let items: Vec<String> = entries
        .iter()
        .map(|(m, u, s, extra)| {
            let headers = if extra.contains("ACRM") {
                r#"[{"name": "Access-Control-Request-Method", "value": "PUT"}]"#
            } else {
                "[]"
            };
            let rt = extra.strip_prefix("rt=").map_or(String::new(), |t| format!(r#","_resourceType":"{t}""#));
            format!(
                r#"{{"startedDateTime":"2026-01-01T00:00:00Z","time":1,"request":{{"method":"{m}","url":"{u}","httpVersion":"HTTP/1.1","headers":{headers},"queryString":[],"cookies":[],"headersSize":-1,"bodySize":0}},"response":{{"status":{s},"statusText":"","httpVersion":"HTTP/1.1","headers":[],"cookies":[],"content":{{"size":0,"mimeType":""}},"redirectURL":"","headersSize":-1,"bodySize":0}},"cache":{{}},"timings":{{"send":0,"wait":0,"receive":0}}{rt}}}"#
            )
        })
        .collect();
    let text = format!(
        r#"{{"log":{{"version":"1.2","creator":{{"name":"t","version":"1"}},"entries":[{}]}}}}"#,
        items.join(",")
    );
    crate::har::parse_har(text.as_bytes()).unwrap().entries
}

fn run(entries: &[(&str, &str, u16, &str)]) -> ContractReport {
    let spec = parse("spec.yaml", SPEC).unwrap();
    check(&spec, "t.har", &har(entries))
}

fn fail(c: &Check) -> (&str, &[String], &str) {
    match &c.outcome {
        Outcome::Fail { message, evidence, fix } => (message, evidence, fix.as_deref().unwrap_or_default()),
        o => panic!("{}: {o:?}", c.id),
    }
}

#[test]
fn documented_requests_pass_one_check_per_method_and_template() {
    let r = run(&[
        ("GET", "https://staging.example/v1/users/1?x=1", 200, ""),
        ("GET", "http://localhost:8080/v1/users/2", 200, ""),
        ("GET", "https://api.example/v1/users/me", 200, ""),
        ("HEAD", "https://api.example/v1/users/3", 200, ""),
        ("OPTIONS", "https://api.example/v1/users/3", 204, ""),
        ("GET", "https://api.example/v1/files/report.json", 200, ""),
    ]);
    let ids: Vec<&str> = r.checks.iter().map(|c| c.id.as_str()).collect();
    assert_eq!(
        ids,
        [
            "GET /v1/users/me",
            "GET /v1/users/{id}",
            "OPTIONS /v1/users/{id}",
            "HEAD /v1/users/{id}",
            "GET /v1/files/{name}.json"
        ]
    );
    assert!(r.checks.iter().all(|c| c.outcome == Outcome::Pass), "{:#?}", r.checks);
    assert!(!r.any_violation());
    assert_eq!(r.checks[1].url.as_deref(), Some("https://staging.example/v1/users/1?x=1"));
    assert_eq!(r.checks[1].pointer.as_deref(), Some("/paths/~1users~1{id}/get"));
}

#[test]
fn an_undocumented_method_names_the_documented_ones() {
    let r = run(&[
        ("GET", "https://api.example/v1/users/1", 200, ""),
        ("PUT", "https://api.example/v1/users/1", 404, ""),
        ("PUT", "https://api.example/v1/users/2", 404, ""),
    ]);
    assert_eq!(r.checks.len(), 2);
    let c = &r.checks[1];
    assert_eq!(c.id, "PUT /v1/users/{id}");
    let (message, evidence, fix) = fail(c);
    assert_eq!(
        message,
        "PUT /v1/users/{id} is not documented; the spec documents GET, DELETE, PATCH for it (did you mean PATCH?)"
    );
    assert_eq!(evidence[0], "entry 1: PUT https://api.example/v1/users/1 → 404");
    assert_eq!(evidence[1], "2 requests like it in the HAR");
    assert_eq!(evidence[2], "also: https://api.example/v1/users/2");
    assert!(fix.contains("send PATCH"), "{fix}");
    assert_eq!(c.pointer.as_deref(), Some("/paths/~1users~1{id}"));
    assert!(r.any_violation());
    // no likely method: no guess
    let r = run(&[("DELETE", "https://api.example/v1/users", 405, "")]);
    let (message, _, _) = fail(&r.checks[0]);
    assert_eq!(message, "DELETE /v1/users is not documented; the spec documents GET, POST for it");
}

#[test]
fn an_undocumented_path_names_the_nearest() {
    let r = run(&[
        ("PATCH", "https://api.example/v1/user/7", 404, ""),
        ("PATCH", "https://api.example/v1/user/8", 404, ""),
        ("GET", "https://api.example/v1/orders/5/item", 404, ""),
        ("GET", "https://api.example/v2/users/3", 404, ""),
        ("GET", "https://api.example/v1/users/3/", 404, ""),
    ]);
    let ids: Vec<&str> = r.checks.iter().map(|c| c.id.as_str()).collect();
    assert_eq!(
        ids,
        [
            "PATCH /v1/user/{n} (undocumented)",
            "GET /v1/orders/{n}/item (undocumented)",
            "GET /v2/users/{n} (undocumented)",
            "GET /v1/users/{n}/ (undocumented)"
        ]
    );
    let (message, evidence, _) = fail(&r.checks[0]);
    assert_eq!(
        message,
        "PATCH /v1/user/{n} is not a documented path; the nearest documented one is /v1/users/{id} (did you mean PATCH /v1/users/{id}?)"
    );
    assert_eq!(evidence.len(), 3);
    assert_eq!(r.checks[0].pointer.as_deref(), Some("/paths/~1users~1{id}"));
    assert!(fail(&r.checks[1]).0.contains("nearest documented one is /v1/orders/{id}/items"));
    assert!(fail(&r.checks[2]).0.contains("nearest documented one is /v1/users/{id}"));
    assert!(fail(&r.checks[3]).0.contains("nearest documented one is /v1/users/{id}"));
}

#[test]
fn preflights_pages_and_non_http_entries_are_not_checked() {
    let r = run(&[
        ("OPTIONS", "https://api.example/v1/nope", 204, "ACRM"),
        ("GET", "wss://api.example/v1/socket", 101, ""),
        ("GET", "data:text/plain,hi", 200, ""),
        ("GET", "https://app.example/index.html", 200, "rt=document"),
        ("GET", "https://app.example/app.js", 200, "rt=script"),
        ("GET", "https://api.example/v1/users", 200, "rt=fetch"),
    ]);
    let ids: Vec<&str> = r.checks.iter().map(|c| c.id.as_str()).collect();
    assert_eq!(ids, ["GET /v1/users"]);
}

#[test]
fn literal_segments_win_and_mixed_segments_match() {
    let spec = parse("s", SPEC).unwrap();
    let m = Matcher::new(&spec);
    let t = |p: &str| m.find(p).map(|i| spec.paths[i].template.as_str());
    assert_eq!(t("/v1/users/me"), Some("/users/me"));
    assert_eq!(t("/v1/users/you"), Some("/users/{id}"));
    assert_eq!(t("/v1/users"), Some("/users"));
    assert_eq!(t("/v1/users/"), None);
    assert_eq!(t("/users/1"), None);
    assert_eq!(t("/v1/files/a.json"), Some("/files/{name}.json"));
    assert_eq!(t("/v1/files/.json"), None);
    assert_eq!(t("/v1/files/a.xml"), None);
    assert!(mixed_matches(&[Some("v".into()), None, Some(".".into()), None], "v1.2"));
    assert!(!mixed_matches(&[Some("v".into()), None, Some(".".into()), None], "v1."));
    assert!(mixed_matches(&[None, Some("-".into()), None], "a-b-c"));
    assert!(mixed_matches(&[None, Some("é".into())], "aé"));
}

#[test]
fn shapes_and_distances() {
    assert_eq!(shape("/a/123/b"), "/a/{n}/b");
    assert_eq!(shape("/a/123e4567-e89b-12d3-a456-426614174000"), "/a/{uuid}");
    assert_eq!(shape("/a/0123456789abcdef0"), "/a/{hex}");
    assert_eq!(shape("/"), "/");
    assert_eq!(shape("/a/"), "/a/");
    let t: Vec<Seg> = ["users", "{id}"].iter().map(|s| Seg::parse(s)).collect();
    assert_eq!(distance(&t, &["users", "1"]), 0);
    assert_eq!(distance(&t, &["user", "1"]), 1);
    assert_eq!(distance(&t, &["zzz", "1"]), SEGMENT);
    assert_eq!(distance(&t, &["orders", "1"]), 2);
    let long = "a".repeat(40);
    let longer: Vec<Seg> = [Seg::Literal(format!("{long}x"))].to_vec();
    assert_eq!(distance(&longer, &[&format!("{long}y")]), 1);
    assert_eq!(distance(&longer, &[&"b".repeat(41)]), SEGMENT);
    assert_eq!(distance(&t, &["users"]), SEGMENT);
    assert_eq!(distance(&t, &["users", "1", ""]), SLASH);
    assert_eq!(distance(&t, &[]), 2 * SEGMENT);
    // a trailing slash is nearer than a different word
    let orders: Vec<Seg> = ["cors", "orders", ""].iter().map(|s| Seg::parse(s)).collect();
    let items: Vec<Seg> = ["cors", "items"].iter().map(|s| Seg::parse(s)).collect();
    assert!(distance(&orders, &["cors", "orders"]) < distance(&items, &["cors", "orders"]));
}

#[test]
fn a_large_har_stays_a_few_checks() {
    let spec = parse("s", SPEC).unwrap();
    let one =
        har(&[("GET", "https://api.example/v1/users/1", 200, ""), ("PUT", "https://api.example/v1/nope/1", 404, "")]);
    let mut entries = Vec::new();
    for i in 0..20_000 {
        let mut e = one[i % 2].clone();
        e.index = i;
        e.request.url = format!("{}{}", &e.request.url[..e.request.url.len() - 1], i);
        entries.push(e);
    }
    let r = check(&spec, "big.har", &entries);
    assert_eq!(r.checks.len(), 2);
    assert!(fail(&r.checks[1]).1.contains(&"10000 requests like it in the HAR".to_string()));
}

#[test]
fn a_literal_path_shadowing_a_template_is_named() {
    let r = run(&[("PATCH", "https://api.example/v1/users/me", 404, "")]);
    let (message, _, _) = fail(&r.checks[0]);
    assert_eq!(
        message,
        "PATCH /v1/users/me is not documented; the spec documents GET for it; /v1/users/{id} documents PATCH and \
         matches this URL too, but OpenAPI matches the literal path first"
    );
}

#[test]
fn the_nearest_path_search_is_bounded() {
    let spec = parse("s", SPEC).unwrap();
    let m = Matcher::new(&spec);
    m.budget.set(m.total_segs * 4 * 2);
    assert!(m.nearest("/v1/user/1", &Method::Get).is_some());
    assert!(m.nearest("/v1/user/2", &Method::Get).is_some());
    assert!(m.nearest("/v1/user/3", &Method::Get).is_none());
}

#[test]
fn many_undocumented_paths_against_a_large_spec_stay_bounded() {
    let mut text = String::from("openapi: 3.0.0\npaths:\n");
    for i in 0..1000 {
        text.push_str(&format!("  /resource{i}/{{id}}/sub{i}: {{get: {{}}}}\n"));
    }
    let spec = parse("big", &text).unwrap();
    let one = har(&[("GET", "https://h.example/x", 404, "")]);
    let entries: Vec<Entry> = (0..5000)
        .map(|i| {
            let mut e = one[0].clone();
            e.index = i;
            e.request.url = format!("https://h.example/word{i}/thing/other{i}");
            e
        })
        .collect();
    let r = check(&spec, "big.har", &entries);
    assert_eq!(r.checks.len(), 5000);
    assert!(fail(&r.checks[0]).0.contains("the nearest documented one is"));
    assert!(fail(&r.checks[4999]).0.contains("too many undocumented paths"));
}

#[test]
fn long_segments_against_long_templates_stay_bounded() {
    let seg = |i: usize| format!("{}{i}", "s".repeat(60));
    // (JSON: YAML allows no implicit key over 1024 characters)
    let paths: Vec<String> = (0..300)
        .map(|i| {
            format!("\"{}\": {{\"get\": {{}}}}", (0..32).map(|k| format!("/{}", seg(i * 32 + k))).collect::<String>())
        })
        .collect();
    let text = format!("{{\"openapi\": \"3.0.0\", \"paths\": {{{}}}}}", paths.join(","));
    let spec = parse("big", &text).unwrap();
    let one = har(&[("GET", "https://h.example/x", 404, "")]);
    let entries: Vec<Entry> = (0..2000)
        .map(|i| {
            let mut e = one[0].clone();
            e.request.url =
                format!("https://h.example{}", (0..40).map(|k| format!("/{}w{i}", seg(k))).collect::<String>());
            e
        })
        .collect();
    // the nearest-path search is capped (drift.rs): no timing here (a loaded CI machine is no clock), only that the
    // whole HAR is checked; the cost is measured by benchmark, not asserted
    let r = check(&spec, "big.har", &entries);
    assert_eq!(r.checks.len(), 2000);
}

#[test]
fn odd_urls_do_not_panic() {
    let spec =
        parse("s", "openapi: 3.0.0\npaths:\n  /: {get: {}}\n  /{a}{b}/x{c}: {get: {}}\n  /é/{x}: {get: {}}\n").unwrap();
    let one = har(&[("GET", "https://h.example/", 200, "")]);
    let urls = [
        "http://h",
        "https://h.example",
        "http://h//",
        "http://h/?q",
        "http://h/#f",
        "HTTP://H/É/1",
        "http://h/é/",
        "http://h/%00/x",
        "http://h/ab/x",
        "http://h/ab/xé",
        "http://h/é/1",
        "http://",
        "https:",
        "ftp://h/",
        "http://h/\u{0}/\u{202e}",
    ];
    let entries: Vec<Entry> = urls
        .iter()
        .enumerate()
        .map(|(i, u)| {
            let mut e = one[0].clone();
            e.index = i;
            e.request.url = u.to_string();
            e
        })
        .collect();
    let r = check(&spec, "odd.har", &entries);
    let passed: Vec<&str> = r.checks.iter().filter(|c| c.outcome == Outcome::Pass).map(|c| c.id.as_str()).collect();
    assert_eq!(passed, ["GET /", "GET /{a}{b}/x{c}", "GET /é/{x}"]);
}
