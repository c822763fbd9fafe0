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

/// A scratch directory of this test process.
fn scratch(name: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("why405-contract-{name}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// `xmllint --schema junit-10.xsd` on `xml`: `Ok(())` when valid, `Err(xmllint's words)` when not; `None` when
/// xmllint is missing and not required (CI=true or WHY405_REQUIRE_XMLLINT=1 make it required: ./build.sh test
/// installs it, Debian libxml2-utils).
fn xmllint(dir: &std::path::Path, xml: &[u8]) -> Option<Result<(), String>> {
    let file = dir.join("report.xml");
    std::fs::write(&file, xml).unwrap();
    let xsd = spec("junit-10.xsd");
    let out = match Command::new("xmllint").args(["--noout", "--nonet", "--schema", &xsd]).arg(&file).output() {
        Ok(o) => o,
        Err(e) => {
            let required =
                std::env::var("CI").is_ok_and(|v| v == "true") || std::env::var_os("WHY405_REQUIRE_XMLLINT").is_some();
            assert!(!required, "xmllint is required here (CI=true or WHY405_REQUIRE_XMLLINT) but cannot run: {e}");
            eprintln!("SKIPPED: xmllint is not installed (Debian: libxml2-utils); the JUnit schema check did not run");
            return None;
        }
    };
    let words = String::from_utf8_lossy(&out.stderr).into_owned();
    Some(if out.status.success() { Ok(()) } else { Err(words) })
}

#[test]
fn junit_output_passes_the_junit_schema() {
    let dir = scratch("junit");
    // the validator can fail: a testsuite without its required `errors`, and a document that is not XML
    let bad = b"<?xml version=\"1.0\"?><testsuites><testsuite name=\"a\" tests=\"1\" failures=\"0\"/></testsuites>";
    let Some(verdict) = xmllint(&dir, bad) else { return };
    assert!(verdict.is_err(), "xmllint accepted a testsuite without `errors`");
    assert!(xmllint(&dir, b"<testsuites><testsuite name=\"\x01\"").unwrap().is_err());
    for (spec_name, har) in [
        ("express.yaml", "express_cors_get_then_put"),
        ("express.yaml", "express_cors_put_ok"),
        ("fastapi-open.json", "fastapi_open_get_missing_route_404"),
        ("flask.yaml", "flask_cors_post_to_item_not_collection"),
    ] {
        let o = why405(&["contract", &spec(spec_name), "--har", &fixture(har), "--format", "junit"]);
        assert!(matches!(o.status.code(), Some(0 | 1)), "{har}: {o:?}");
        let xml = String::from_utf8(o.stdout.clone()).unwrap();
        assert!(xml.contains("<testcase classname="), "{xml}");
        if let Err(e) = xmllint(&dir, &o.stdout).unwrap() {
            panic!("{spec_name} {har}: not valid JUnit XML: {e}\n{xml}");
        }
    }
    let _ = std::fs::remove_dir_all(&dir);
}

/// A spec and a HAR whose path, operationId and description hold markup, `]]>`, NUL, ESC, a bidi override and a
/// zero-width space: every format keeps them inert, and the JUnit document stays valid.
#[test]
fn hostile_spec_and_har_text_is_escaped_in_every_format() {
    let dir = scratch("hostile");
    let spec_file = dir.join("hostile.yaml");
    std::fs::write(
        &spec_file,
        "openapi: 3.0.0\npaths:\n  \"/r<b>&]]>\\0\\e[31m\\u202Eevil\\u200B/{id}\":\n    get:\n      operationId: \"op<&]]>\\0\\e\\u202E\"\n      description: \"<script>\\0\\e\\u202E]]>\"\n",
    )
    .unwrap();
    let url_path = "/r%3Cb%3E&]]>\\u0000\\u001b[31m\\u202eevil\\u200b";
    let entry = |method: &str, path: &str| {
        format!(
            r#"{{"startedDateTime":"2026-01-01T00:00:00Z","time":1,"request":{{"method":"{method}","url":"http://h.example{path}","httpVersion":"HTTP/1.1","headers":[],"queryString":[],"cookies":[],"headersSize":-1,"bodySize":0}},"response":{{"status":404,"statusText":"<\u0000]]>","httpVersion":"HTTP/1.1","headers":[],"cookies":[],"content":{{"size":0,"mimeType":""}},"redirectURL":"","headersSize":-1,"bodySize":0}},"cache":{{}},"timings":{{"send":0,"wait":0,"receive":0}}}}"#
        )
    };
    let har_file = dir.join("hostile.har");
    let entries = [
        entry("PUT", &format!("{url_path}/1")),
        entry("GET", "/r<b>&]]>\\u0000\\u001b[31m\\u202eevil\\u200b/7"),
        entry("DELETE", "/zz<\\u0000]]>\\u202e/\\u001b"),
    ];
    let har = format!(
        r#"{{"log":{{"version":"1.2","creator":{{"name":"t","version":"1"}},"entries":[{}]}}}}"#,
        entries.join(",")
    );
    std::fs::write(&har_file, har).unwrap();
    let run = |format: &str| {
        let o =
            why405(&["contract", spec_file.to_str().unwrap(), "--har", har_file.to_str().unwrap(), "--format", format]);
        assert_eq!(o.status.code(), Some(1), "{format}: {o:?}");
        String::from_utf8(o.stdout).unwrap()
    };
    let json = run("json");
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(v["version"], 1);
    let ids: Vec<&str> = v["checks"].as_array().unwrap().iter().map(|c| c["id"].as_str().unwrap()).collect();
    assert_eq!(ids.len(), 3, "{ids:?}");
    assert!(ids.iter().any(|id| id.contains('\u{202e}')), "{ids:?}: the hostile template reached the report");
    for format in ["text", "markdown", "junit"] {
        let out = run(format);
        for bad in ['\u{0}', '\u{1b}', '\u{202e}', '\u{200b}'] {
            assert!(!out.contains(bad), "{format}: {bad:?} in {out}");
        }
        assert!(out.contains("<U+202E>evil") || out.contains("&lt;U+202E&gt;evil"), "{format}: {out}");
    }
    let junit = run("junit");
    assert!(!junit.contains("]]>") && !junit.contains("<b>") && !junit.contains("<script"), "{junit}");
    if let Some(Err(e)) = xmllint(&dir, junit.as_bytes()) {
        panic!("hostile report: not valid JUnit XML: {e}\n{junit}");
    }
    let _ = std::fs::remove_dir_all(&dir);
}

/// `--compare`'s JUnit (a suite per deployment and a `differences` suite), built through the library with hostile
/// text in every field, passes the schema too.
#[test]
fn junit_with_compare_and_skips_passes_the_junit_schema() {
    use why405::contract::report::{write, ContractFormat};
    use why405::contract::{Check, ContractReport, Difference, Expectation, Observed, Outcome};
    use why405::http::Method;
    let hostile = "/x<y>&\"'z]]>\u{0}\u{1b}[31m\u{202e}evil\u{200b}\u{ffff}\u{7f}\u{85}\nnext\t\r";
    let check = |id: &str, outcome: Outcome| Check {
        id: id.to_string(),
        method: Method::Other(hostile.to_string()),
        path: hostile.to_string(),
        url: Some(hostile.to_string()),
        expected: Expectation::MethodRefused { allow: vec![Method::Get] },
        outcome,
        pointer: Some(hostile.to_string()),
        observed: vec![Observed {
            label: hostile.to_string(),
            method: Method::Other(hostile.to_string()),
            url: hostile.to_string(),
            status: None,
            error: Some(hostile.to_string()),
            headers: vec![(hostile.to_string(), hostile.to_string())],
        }],
        note: Some(hostile.to_string()),
    };
    let checks = vec![
        check("pass", Outcome::Pass),
        check(hostile, Outcome::Skip { reason: hostile.to_string() }),
        check(
            "fail",
            Outcome::Fail { message: hostile.into(), evidence: vec![hostile.into()], fix: Some(hostile.into()) },
        ),
    ];
    let report = ContractReport {
        spec: hostile.to_string(),
        targets: vec![hostile.to_string(), "http://b.example".to_string()],
        checks: checks.clone(),
        compared: Some(checks),
        differences: vec![Difference { check: hostile.into(), what: hostile.into(), a: None, b: Some(hostile.into()) }],
    };
    let mut out = Vec::new();
    write(&mut out, ContractFormat::Junit, &report, false).unwrap();
    let xml = String::from_utf8(out).unwrap();
    assert_eq!(xml.matches("<testsuite ").count(), 3, "{xml}");
    assert!(xml.contains("<testsuite name=\"differences\" tests=\"1\" failures=\"1\""), "{xml}");
    assert!(xml.contains("<testsuites name=\"why405 contract "), "{xml}");
    assert!(xml.contains(" tests=\"7\" failures=\"3\" errors=\"0\">"), "{xml}");
    let dir = scratch("compare");
    if let Some(Err(e)) = xmllint(&dir, xml.as_bytes()) {
        panic!("not valid JUnit XML: {e}\n{xml}");
    }
    let _ = std::fs::remove_dir_all(&dir);
}

/// Secrets stay home: a report of a HAR whose URLs carry tokens (a captured lab request) masks them in every
/// format, with the same pass as `diagnose`; `--include-secrets` keeps them and warns.
#[test]
fn every_format_masks_the_hars_secrets_unless_asked_not_to() {
    let (spec, har) = (spec("flask.yaml"), fixture("express_secrets_query_token_redirect_302"));
    let secrets = ["at_Qu3ryT0k3nV4lu3_88", "sg_9a8b7c6d5e4f3a2b", "AKIALABFAKE123", "mvtok_L0c4t10nS3cr3tQ9z8y7x"];
    for format in ["text", "json", "markdown", "junit"] {
        let out = why405(&["contract", &spec, "--har", &har, "--format", format]);
        let text = String::from_utf8_lossy(&out.stdout);
        assert_eq!(out.status.code(), Some(1), "{format}: the /vault paths are not in the flask spec");
        assert!(text.contains("access_token=REDACTED"), "{format}: {text}");
        for s in secrets {
            assert!(!text.contains(s), "{format} shows {s}: {text}");
        }
    }
    let out = why405(&["contract", &spec, "--har", &har, "--include-secrets"]);
    assert!(String::from_utf8_lossy(&out.stdout).contains(secrets[0]));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--include-secrets"));
}
