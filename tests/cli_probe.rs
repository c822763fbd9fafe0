//! `why405 probe` end to end through the built binary, against a tiny HTTP server on 127.0.0.1 in the test: what
//! the CLI sent (the server records it), the JSON report, and the exit statuses (0 nothing wrong, 1 a problem or an
//! unreachable server, 2 bad usage).

use std::net::TcpListener;
use std::process::{Command, Output};
use std::sync::{Arc, Mutex};

// the loopback server of the library's unit tests, the same file
#[allow(dead_code)]
#[path = "../src/probe/loopback.rs"]
mod loopback;
use loopback::Seen;

fn why405(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_why405")).args(args).env("NO_COLOR", "1").output().expect("run why405")
}

/// Answers every request with `status` and `headers`; records each request.
fn serve(status: &'static str, headers: &'static str) -> (String, Arc<Mutex<Vec<Seen>>>) {
    serve_with(move |_| format!("HTTP/1.1 {status}\r\n{headers}Content-Length: 0\r\nConnection: close\r\n\r\n"))
}

#[test]
fn a_refused_preflight_exits_1_and_the_method_is_never_sent() {
    // every answer is 405 with Allow: GET, and no CORS header: the preflight for DELETE fails
    let (base, seen) = serve("405 Method Not Allowed", "Allow: GET, HEAD\r\n");
    let url = format!("{base}/items/1");
    let out = why405(&["probe", &url, "-X", "DELETE", "--origin", "http://localhost:7100", "--format", "json"]);
    assert_eq!(out.status.code(), Some(1), "{}", String::from_utf8_lossy(&out.stderr));
    let lines = lines(&seen);
    assert_eq!(
        lines,
        ["OPTIONS /items/1 HTTP/1.1", "OPTIONS /items/1 HTTP/1.1", "HEAD /items/1 HTTP/1.1", "GET /items/1 HTTP/1.1"]
    );
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let d = json["diagnoses"].as_array().unwrap().iter().find(|d| d["method"] == "DELETE").unwrap();
    assert_eq!(d["cause"], "cors_preflight");
    assert_eq!(d["status"], 405);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("sent OPTIONS (preflight)"), "{stderr}");
    assert!(!stderr.contains("sent DELETE"), "{stderr}");
}

#[test]
fn a_healthy_resource_exits_0() {
    let (base, seen) = serve("200 OK", "Access-Control-Allow-Origin: *\r\n");
    let out = why405(&["probe", &format!("{base}/"), "--origin", "http://localhost:7100", "--all"]);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stdout));
    // a GET needs no preflight: OPTIONS, HEAD, GET
    assert_eq!(seen.lock().unwrap().len(), 3);
}

#[test]
fn send_sends_the_method_once() {
    let (base, seen) = serve("405 Method Not Allowed", "Allow: GET\r\nAccess-Control-Allow-Origin: *\r\n");
    let out = why405(&["probe", &format!("{base}/x"), "-X", "POST", "--send", "--format", "json"]);
    assert_eq!(out.status.code(), Some(1));
    let lines = lines(&seen);
    assert_eq!(lines.iter().filter(|l| l.starts_with("POST ")).count(), 1, "{lines:?}");
}

#[test]
fn an_unreachable_server_is_named_and_exits_1() {
    let port = TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let out = why405(&["probe", &format!("http://127.0.0.1:{port}/"), "--timeout", "5"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("connection refused"));
    assert!(String::from_utf8_lossy(&out.stdout).contains("net::ERR_CONNECTION_REFUSED"));
}

#[test]
fn bad_usage_exits_2() {
    for args in [
        &["probe", "not a url"][..],
        &["probe", "http://127.0.0.1:1/", "--origin", "http://a.example/path"],
        &["probe", "http://127.0.0.1:1/", "-H", "no colon"],
        &["probe", "http://127.0.0.1:1/", "-X", "BAD METHOD"],
        &["probe", "http://127.0.0.1:1/", "--timeout", "0"],
        // one --timeout check for every command: diagnose --probe's NaN used to reach Duration::from_secs_f64
        &[
            "diagnose",
            concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/koa_no_cors_patch/input.har"),
            "--probe",
            "--timeout",
            "nan",
        ],
        &[
            "diagnose",
            concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/koa_no_cors_patch/input.har"),
            "--probe",
            "--timeout",
            "0",
        ],
    ] {
        let out = why405(args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(out.stdout.is_empty(), "{args:?}");
    }
    let help = why405(&["probe", "--help"]);
    assert!(String::from_utf8_lossy(&help.stdout).contains("NEVER sent unless --send"));
}

/// Express with `app.use(cors())`: every OPTIONS answered 204 by the middleware, GET and HEAD 200, anything else
/// Express's 404 page.
fn express_like(method: &str) -> String {
    let (status, body) = match method {
        "GET" | "HEAD" => ("200 OK", "{}".to_string()),
        "OPTIONS" => ("204 No Content", String::new()),
        m => ("404 Not Found", format!("<pre>Cannot {m} /items/1</pre>")),
    };
    let allow = if method == "OPTIONS" {
        "Access-Control-Allow-Methods: GET,HEAD,PUT,PATCH,POST,DELETE\r\nAccess-Control-Allow-Headers: content-type\r\n"
    } else {
        ""
    };
    format!(
        "HTTP/1.1 {status}\r\nX-Powered-By: Express\r\nAccess-Control-Allow-Origin: *\r\n{allow}Content-Length: {}\r\n\
         Connection: close\r\n\r\n{body}",
        body.len()
    )
}

/// A loopback server answering each request with `answer(its method)`; records each request (the unit tests'
/// server, `src/probe/loopback.rs`).
fn serve_with(answer: impl Fn(&str) -> String + Send + Sync + 'static) -> (String, Arc<Mutex<Vec<Seen>>>) {
    loopback::serve(Arc::new(move |r: &Seen| answer(&r.method)))
}

/// The request line of each request the server got, in order.
fn lines(seen: &Mutex<Vec<Seen>>) -> Vec<String> {
    seen.lock().unwrap().iter().map(|r| r.head.lines().next().unwrap_or("").to_string()).collect()
}

/// A HAR of one PUT answered with Express's 404 page (undecided: a missing route or a wrong method).
fn express_404_har(url: &str) -> String {
    serde_json::json!({"log": {"version": "1.2", "creator": {"name": "test", "version": "1"}, "entries": [{
        "startedDateTime": "2026-01-01T00:00:00.000Z", "time": 1,
        "request": {"method": "PUT", "url": url, "httpVersion": "HTTP/1.1",
            "headers": [{"name": "Origin", "value": "http://localhost:7100"},
                        {"name": "Content-Type", "value": "text/plain"}],
            "queryString": [], "cookies": [], "headersSize": -1, "bodySize": 0},
        "response": {"status": 404, "statusText": "Not Found", "httpVersion": "HTTP/1.1",
            "headers": [{"name": "X-Powered-By", "value": "Express"},
                        {"name": "Access-Control-Allow-Origin", "value": "*"},
                        {"name": "Content-Type", "value": "text/html; charset=utf-8"}],
            "cookies": [], "content": {"size": 30, "mimeType": "text/html", "text": "<pre>Cannot PUT /items/1</pre>"},
            "redirectURL": "", "headersSize": -1, "bodySize": 30},
        "cache": {}, "timings": {"send": 0, "wait": 1, "receive": 0}, "_resourceType": "fetch"}]}})
    .to_string()
}

#[test]
fn diagnose_probe_settles_an_undecided_404_without_sending_the_method() {
    let (base, seen) = serve_with(express_like);
    let url = format!("{base}/items/1");
    let har = std::env::temp_dir().join(format!("why405-cli-probe-{}.har", std::process::id()));
    std::fs::write(&har, express_404_har(&url)).unwrap();
    let har = har.to_str().unwrap();
    let find = |out: &Output| -> serde_json::Value {
        let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        json["diagnoses"].as_array().unwrap().iter().find(|d| d["method"] == "PUT").unwrap().clone()
    };
    let before = find(&why405(&["diagnose", har, "--format", "json"]));
    assert_eq!(before["needs_probe"], true, "{before}");
    assert!(seen.lock().unwrap().is_empty(), "diagnose without --probe sent something");
    let out = why405(&["diagnose", har, "--probe", "--timeout", "5", "--format", "json", "--probe-at", AT]);
    let after = find(&out);
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    // the probe's answers are evidence for the PUT, not requests of the page: no rows of their own
    assert_eq!(json["diagnoses"].as_array().unwrap().len(), 1, "{json}");
    assert_eq!(after["probe"]["at"], AT, "{after}");
    assert_eq!(after["probe"]["settled"], true, "{after}");
    let methods: Vec<&str> =
        after["probe"]["requests"].as_array().unwrap().iter().map(|r| r["method"].as_str().unwrap()).collect();
    assert_eq!(methods, ["OPTIONS", "OPTIONS", "HEAD", "GET"]);
    assert_eq!(after["probe"]["requests"][0]["preflight"], true);
    assert_eq!(after["probe"]["requests"][3]["status"], 200);
    let text = why405(&["diagnose", har, "--probe", "--timeout", "5", "--probe-at", AT]);
    let text = String::from_utf8_lossy(&text.stdout);
    assert!(
        text.contains("Probe: Settled by a probe at 2026-12-02T06:40:11Z: the preflight (OPTIONS) answered 204;"),
        "{text}"
    );
    let md = why405(&["diagnose", har, "--probe", "--timeout", "5", "--probe-at", AT, "--format", "markdown"]);
    assert!(String::from_utf8_lossy(&md.stdout).contains("**Probe:** Settled by a probe at 2026-12-02T06:40:11Z"));
    // without --probe-at the probe's time is now, in RFC 3339
    let now = find(&why405(&["diagnose", har, "--probe", "--timeout", "5", "--format", "json"]));
    let at = now["probe"]["at"].as_str().unwrap();
    assert!(at.len() == 24 && at.ends_with('Z') && at.as_bytes()[10] == b'T', "{at}");
    let _ = std::fs::remove_file(har);
    let lines = lines(&seen);
    // a text/plain PUT from another origin needs a preflight, which the HAR does not hold: it is sent
    assert_eq!(lines.len(), 16, "{lines:?}");
    assert!(lines.iter().all(|l| !l.starts_with("PUT ")), "{lines:?}");
    assert_eq!(
        lines[..4],
        ["OPTIONS /items/1 HTTP/1.1", "OPTIONS /items/1 HTTP/1.1", "HEAD /items/1 HTTP/1.1", "GET /items/1 HTTP/1.1"]
    );
    assert_eq!(after["needs_probe"], false, "{after}");
    assert_eq!(after["cause"], "method_mismatch", "{after}");
    assert!(String::from_utf8_lossy(&out.stderr).contains("--probe at "));
}

const AT: &str = "2026-12-02T06:40:11Z";

/// A server whose preflight fails now (no Access-Control-Allow-Origin) while its other answers carry CORS headers.
fn preflight_fails_now(method: &str) -> String {
    let (status, extra) = match method {
        "OPTIONS" => ("204 No Content", "Access-Control-Allow-Methods: GET, PUT\r\n"),
        _ => ("200 OK", "Access-Control-Allow-Origin: *\r\n"),
    };
    format!("HTTP/1.1 {status}\r\n{extra}Content-Length: 0\r\nConnection: close\r\n\r\n")
}

/// A HAR of one cross-origin JSON PUT answered 200, without its preflight (the browser's preflight cache served it).
fn cached_put_har(url: &str) -> String {
    serde_json::json!({"log": {"version": "1.2", "creator": {"name": "test", "version": "1"}, "entries": [{
        "startedDateTime": "2026-01-01T00:00:00.000Z", "time": 1,
        "request": {"method": "PUT", "url": url, "httpVersion": "HTTP/1.1",
            "headers": [{"name": "Origin", "value": "http://localhost:7100"},
                        {"name": "Content-Type", "value": "application/json"}],
            "queryString": [], "cookies": [], "headersSize": -1, "bodySize": 0},
        "response": {"status": 200, "statusText": "OK", "httpVersion": "HTTP/1.1",
            "headers": [{"name": "Access-Control-Allow-Origin", "value": "*"}],
            "cookies": [], "content": {"size": 0, "mimeType": "application/json"},
            "redirectURL": "", "headersSize": -1, "bodySize": 0},
        "cache": {}, "timings": {"send": 0, "wait": 1, "receive": 0}, "_resourceType": "fetch"}]}})
    .to_string()
}

#[test]
fn diagnose_probe_finds_the_cors_refusal_a_cached_preflight_hides() {
    let (base, seen) = serve_with(preflight_fails_now);
    // a token in the URL: the probe sends it (the page did), the report redacts it, the probe's record too
    let url = format!("{base}/items/1?access_token=Zq9SecretTok3n");
    let har = std::env::temp_dir().join(format!("why405-cli-probe-cached-{}.har", std::process::id()));
    std::fs::write(&har, cached_put_har(&url)).unwrap();
    let har = har.to_str().unwrap();
    let before = why405(&["diagnose", har, "--format", "json"]);
    assert_eq!(before.status.code(), Some(0), "a PUT that succeeded is no problem without --probe");
    let out = why405(&["diagnose", har, "--probe", "--timeout", "5", "--format", "json", "--probe-at", AT]);
    let _ = std::fs::remove_file(har);
    assert_eq!(out.status.code(), Some(1), "{}", String::from_utf8_lossy(&out.stderr));
    let lines = lines(&seen);
    assert_eq!(lines[0], "OPTIONS /items/1?access_token=Zq9SecretTok3n HTTP/1.1");
    assert!(
        !String::from_utf8_lossy(&out.stdout).contains("Zq9SecretTok3n"),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    assert!(lines.iter().all(|l| !l.starts_with("PUT ")), "{lines:?}");
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let ds = json["diagnoses"].as_array().unwrap();
    assert_eq!(ds.len(), 1, "{json}");
    let d = &ds[0];
    assert_eq!(d["cause"], "cors_preflight", "{d}");
    assert_eq!(d["cors_error"], "PreflightMissingAllowOriginHeader", "{d}");
    assert_eq!(d["status"], 200, "the PUT's own answer stays the status: {d}");
    assert!(d["summary"].as_str().unwrap().contains("once it expires"), "{d}");
    assert_eq!(d["probe"]["requests"][0]["preflight"], true, "{d}");
}

#[test]
fn probe_at_is_checked_and_needs_probe() {
    for args in
        [&["diagnose", "x.har", "--probe", "--probe-at", "yesterday"][..], &["diagnose", "x.har", "--probe-at", AT]]
    {
        let out = why405(args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(out.stdout.is_empty(), "{args:?}");
    }
}
