//! The probe against a tiny HTTP server on 127.0.0.1 in the test (canned answers, every request recorded): what
//! was sent, redirects hop by hop, a timeout, a refused connection, and the entries the engine diagnoses.

use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use super::*;
use crate::engine::Engine;
use crate::har::Har;
use crate::http::Method;

type Answerer = fn(&str, &str) -> String;

/// Serves `answer(method, path)` on 127.0.0.1, one request per connection; returns the base URL and the request
/// heads received (request line + headers), in order.
fn serve(answer: Answerer) -> (String, Arc<Mutex<Vec<String>>>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let seen = Arc::new(Mutex::new(Vec::new()));
    let log = seen.clone();
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { return };
            stream.set_read_timeout(Some(Duration::from_secs(5))).unwrap();
            let mut reader = BufReader::new(stream.try_clone().unwrap());
            let mut head = String::new();
            loop {
                let mut line = String::new();
                if reader.read_line(&mut line).unwrap_or(0) == 0 || line == "\r\n" {
                    break;
                }
                head.push_str(&line);
            }
            let mut parts = head.split(' ');
            let (method, path) = (parts.next().unwrap_or("").to_string(), parts.next().unwrap_or("").to_string());
            log.lock().unwrap().push(head);
            let reply = answer(&method, &path);
            if reply.is_empty() {
                // never answer: hold the connection until the client gives up
                let _ = reader.read_line(&mut String::new());
                continue;
            }
            let _ = stream.write_all(reply.as_bytes());
        }
    });
    (base, seen)
}

fn reply(status: &str, headers: &str, body: &str) -> String {
    format!("HTTP/1.1 {status}\r\n{headers}Content-Length: {}\r\nConnection: close\r\n\r\n{body}", body.len())
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

fn request_lines(seen: &Mutex<Vec<String>>) -> Vec<String> {
    seen.lock().unwrap().iter().map(|h| h.lines().next().unwrap_or("").to_string()).collect()
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
    let preflight = heads[0].to_ascii_lowercase();
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
