//! `why405 contract SPEC --base-url URL [--compare URL2]` through the built binary, against a small API served on
//! 127.0.0.1 in the test (the lab's contract server does the same against real servers: tests/lab/contract-test.js):
//! exit statuses, usage errors, the JSON report, and no progress bar when standard error is not a terminal.

use std::process::{Command, Output};
use std::sync::Arc;

// the loopback server of the library's unit tests, the same file
#[allow(dead_code)]
#[path = "../src/probe/loopback.rs"]
mod loopback;

const SPEC: &str = "tests/lab/servers/contract/openapi.yaml";

/// Serves the contract API on 127.0.0.1 (the library's test server, `src/probe/loopback.rs`); `drift`: /api/status
/// answers 404 (a route removed).
fn serve(drift: bool) -> String {
    loopback::serve(Arc::new(move |r: &loopback::Seen| answer(&r.head, drift))).0
}

fn answer(head: &str, drift: bool) -> String {
    let mut parts = head.split(' ');
    let (method, path) = (parts.next().unwrap_or(""), parts.next().unwrap_or(""));
    let lower = head.to_ascii_lowercase();
    let origin = lower.lines().find_map(|l| l.strip_prefix("origin: ")).map(str::trim);
    let methods: &[&str] = match path {
        "/api/items" | "/api/orders" | "/api/reports" => &["GET", "POST"],
        p if p.starts_with("/api/items/") && !p["/api/items/".len()..].contains('/') => &["GET", "PUT", "DELETE"],
        "/api/status" if !drift => &["GET"],
        _ => &[],
    };
    let mut h = String::from("Vary: Origin\r\n");
    if let Some(o) = origin {
        h.push_str(&format!("Access-Control-Allow-Origin: {o}\r\n"));
    }
    let (status, extra) = if methods.is_empty() {
        ("404 Not Found", String::new())
    } else if method == "OPTIONS" && lower.contains("access-control-request-method") {
        let acrh = lower.lines().find_map(|l| l.strip_prefix("access-control-request-headers: ")).unwrap_or("");
        (
            "204 No Content",
            format!(
                "Access-Control-Allow-Methods: {}\r\nAccess-Control-Allow-Headers: {}\r\n",
                methods.join(", "),
                acrh.trim()
            ),
        )
    } else {
        let allow = format!("Allow: {}, HEAD, OPTIONS\r\n", methods.join(", "));
        match method {
            "OPTIONS" => ("204 No Content", allow),
            m if methods.contains(&m) || m == "HEAD" => ("200 OK", String::new()),
            _ => ("405 Method Not Allowed", allow),
        }
    };
    format!("HTTP/1.1 {status}\r\n{h}{extra}Content-Length: 0\r\nConnection: close\r\n\r\n")
}

fn why405(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_why405"))
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args(args)
        .env("NO_COLOR", "1")
        .output()
        .expect("run why405")
}

fn contract(base: &str, extra: &[&str]) -> (i32, serde_json::Value, String) {
    let mut args =
        vec!["contract", SPEC, "--base-url", base, "--origin", "https://app.example.com", "--format", "json"];
    args.extend_from_slice(extra);
    let o = why405(&args);
    let stderr = String::from_utf8_lossy(&o.stderr).into_owned();
    let report = serde_json::from_slice(&o.stdout).unwrap_or_else(|e| panic!("{e}: {stderr}"));
    (o.status.code().unwrap_or(-1), report, stderr)
}

fn failed(report: &serde_json::Value) -> Vec<String> {
    let checks = report["checks"].as_array().unwrap();
    checks.iter().filter(|c| c["outcome"]["outcome"] == "fail").map(|c| c["id"].as_str().unwrap().to_string()).collect()
}

#[test]
fn a_matching_server_exits_0_and_a_drift_exits_1() {
    let (good, bad) = (serve(false), serve(true));
    let (code, report, stderr) = contract(&good, &["--concurrency", "3", "--rate", "1000"]);
    assert_eq!((code, failed(&report)), (0, vec![]), "{stderr}");
    assert!(!stderr.contains('\r'), "a progress bar on a pipe: {stderr:?}");
    let (code, report, _) = contract(&bad, &[]);
    assert_eq!(code, 1);
    assert_eq!(failed(&report), ["GET /status accepted", "OPTIONS /status refused"]);
}

#[test]
fn compare_lists_where_two_deployments_differ() {
    let (good, bad) = (serve(false), serve(true));
    let (code, report, _) = contract(&good, &["--compare", &bad]);
    assert_eq!(code, 1);
    assert_eq!(report["targets"], serde_json::json!([good, bad]));
    let d = report["differences"].as_array().unwrap();
    assert!(d.iter().all(|d| d["check"].as_str().unwrap().contains("/status")), "{d:?}");
    assert!(
        d.iter().any(|d| d["check"] == "GET /status accepted" && d["what"] == "status" && d["b"] == "404"),
        "{d:?}"
    );
    assert_eq!(report["compared"].as_array().unwrap().len(), report["checks"].as_array().unwrap().len());
}

#[test]
fn bad_usage_exits_2() {
    for args in [
        &["--base-url", "ftp://x/"][..],
        &["--base-url", "http://127.0.0.1:1", "--origin", "https://a.example/path"],
        &["--base-url", "http://127.0.0.1:1", "--rate", "0"],
        &["--base-url", "http://127.0.0.1:1", "--param", "novalue"],
        &["--base-url", "http://127.0.0.1:1", "--timeout", "0"],
        &["--base-url", "http://127.0.0.1:1", "--compare", "not a url"],
    ] {
        let mut all = vec!["contract", SPEC];
        all.extend_from_slice(args);
        let o = why405(&all);
        assert_eq!(o.status.code(), Some(2), "{args:?}: {}", String::from_utf8_lossy(&o.stderr));
        assert!(o.stdout.is_empty());
    }
}
