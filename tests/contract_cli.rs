//! `why405 contract SPEC --har FILE` through the built binary: specs written for the lab servers
//! (`tests/contract/`) against HARs the lab captured (`tests/fixtures/<name>/input.har`), exit statuses, and the
//! report formats.

use std::process::{Command, Output};

fn why405(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_why405")).args(args).env("NO_COLOR", "1").output().expect("run why405")
}

fn spec(name: &str) -> String {
    format!("{}/tests/contract/{name}", env!("CARGO_MANIFEST_DIR"))
}

fn fixture(name: &str) -> String {
    format!("{}/tests/fixtures/{name}/input.har", env!("CARGO_MANIFEST_DIR"))
}

/// The JSON report of `spec` against the fixture `har`, and the exit status.
fn drift(spec_name: &str, har: &str) -> (i32, serde_json::Value) {
    let o = why405(&["contract", &spec(spec_name), "--har", &fixture(har), "--format", "json"]);
    let stderr = String::from_utf8_lossy(&o.stderr);
    let report = serde_json::from_slice(&o.stdout).unwrap_or_else(|e| panic!("{e}: {stderr}"));
    (o.status.code().unwrap_or(-1), report)
}

/// Each check as `(id, outcome, message)`.
fn checks(report: &serde_json::Value) -> Vec<(String, String, String)> {
    report["checks"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            let s = |v: &serde_json::Value| v.as_str().unwrap_or_default().to_string();
            (s(&c["id"]), s(&c["outcome"]["outcome"]), s(&c["outcome"]["message"]))
        })
        .collect()
}

#[test]
fn express_get_then_put_finds_the_undocumented_put() {
    let (code, r) = drift("express.yaml", "express_cors_get_then_put");
    assert_eq!(code, 1);
    let c = checks(&r);
    assert_eq!(c.len(), 2, "{c:?}");
    assert_eq!((c[0].0.as_str(), c[0].1.as_str()), ("GET /api/items/{id}", "pass"));
    assert_eq!((c[1].0.as_str(), c[1].1.as_str()), ("PUT /api/items/{id}", "fail"));
    assert_eq!(c[1].2, "PUT /api/items/{id} is not documented; the spec documents GET, DELETE for it");
    let evidence = r["checks"][1]["outcome"]["evidence"][0].as_str().unwrap();
    assert_eq!(evidence, "entry 2: PUT http://localhost:7110/api/items/1?case=express_cors_get_then_put → 404");
    assert_eq!(r["checks"][1]["pointer"], "/paths/~1api~1items~1{id}");
}

#[test]
fn express_finds_an_undocumented_path_and_its_nearest() {
    let (code, r) = drift("express.yaml", "express_catch_all_options_put");
    assert_eq!(code, 1);
    let c = checks(&r);
    assert_eq!(c.len(), 1, "{c:?}");
    assert_eq!(c[0].0, "PUT /legacy/orders/{n} (undocumented)");
    assert_eq!(
        c[0].2,
        "PUT /legacy/orders/{n} is not a documented path; the nearest documented one is /legacy/items/{id}, which documents GET"
    );
}

#[test]
fn express_documented_traffic_passes_with_exit_0() {
    for har in ["express_cors_put_ok", "express_cors_put_ok_firefox", "express_websocket_hmr_then_no_cors_put"] {
        let (code, r) = drift("express.yaml", har);
        let c = checks(&r);
        assert_eq!(code, 0, "{har}: {c:?}");
        assert!(!c.is_empty() && c.iter().all(|c| c.1 == "pass"), "{har}: {c:?}");
    }
}

#[test]
fn fastapi_generated_openapi_31_finds_patch_and_a_missing_route() {
    let (code, r) = drift("fastapi-open.json", "fastapi_open_patch_allow_first_route_only");
    assert_eq!(code, 1);
    let c = checks(&r);
    assert_eq!(c.len(), 1, "{c:?}");
    assert_eq!(c[0].2, "PATCH /open/items/{item_id} is not documented; the spec documents GET, DELETE for it");
    let (code, r) = drift("fastapi-open.json", "fastapi_open_get_missing_route_404");
    assert_eq!(code, 1);
    let c = checks(&r);
    assert_eq!(c[0].0, "GET /open/users/{n} (undocumented)");
    assert!(c[0].2.contains("the nearest documented one is /open/items/{item_id} (did you mean GET"), "{c:?}");
}

#[test]
fn flask_swagger_20_finds_methods_and_a_trailing_slash() {
    let (code, r) = drift("flask.yaml", "flask_cors_post_to_item_not_collection");
    assert_eq!(code, 1);
    let c = checks(&r);
    let ids: Vec<(&str, &str)> = c.iter().map(|c| (c.0.as_str(), c.1.as_str())).collect();
    assert_eq!(ids, [("POST /cors/items", "pass"), ("POST /cors/items/{item_id}", "fail")]);
    let (_, r) = drift("flask.yaml", "flask_cors_put_get_only_route");
    assert_eq!(checks(&r)[0].2, "PUT /cors/items/{item_id} is not documented; the spec documents GET for it");
    let (code, r) = drift("flask.yaml", "flask_cors_trailing_slash_post_json");
    assert_eq!(code, 1);
    let c = checks(&r);
    assert_eq!(c.len(), 1, "{c:?}");
    assert_eq!(
        c[0].2,
        "POST /cors/orders is not a documented path; the nearest documented one is /cors/orders/ (did you mean POST /cors/orders/?)"
    );
}

#[test]
fn a_bad_spec_or_har_exits_2_and_names_the_place() {
    let dir = std::env::temp_dir().join(format!("why405-contract-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let bad = dir.join("bad.yaml");
    std::fs::write(&bad, "openapi: 3.0.0\npaths:\n  /users:\n    get:\n      parameters:\n        - {in: path}\n")
        .unwrap();
    let o = why405(&["contract", bad.to_str().unwrap(), "--har", &fixture("express_cors_put_ok")]);
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("at /paths/~1users/get/parameters/0: a path parameter needs a name"), "{err}");
    std::fs::write(&bad, "openapi: 3.0.0\npaths: {/a: [}\n").unwrap();
    let o = why405(&["contract", bad.to_str().unwrap(), "--har", &fixture("express_cors_put_ok")]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("at line 2, column"), "{o:?}");
    let o = why405(&["contract", &spec("express.yaml"), "--har", bad.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    let o = why405(&["contract", &spec("express.yaml")]);
    assert_eq!(o.status.code(), Some(2));
    let o = why405(&["contract", &spec("nope.yaml"), "--har", &fixture("express_cors_put_ok")]);
    assert_eq!(o.status.code(), Some(2));
    let _ = std::fs::remove_dir_all(&dir);
}
