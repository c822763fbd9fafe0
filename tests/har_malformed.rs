//! Malformed and odd-shaped HAR input: every case must give a clear error or a
//! clean read, never a panic. The HARs here are hand-written on purpose: they
//! are shape and malformation inputs, not captures.

use why405::har::{
    parse_entry, parse_entry_with_warnings, parse_har, parse_har_reader, Har, HarError, HarStream, BODY_KEEP,
    MAX_HEADER_VALUE, MAX_WARNINGS,
};
use why405::http::Method;

/// Chrome DevTools "Save all as HAR" shape: a preflight, the actual request
/// blocked by CORS, HTTP/2 pseudo-headers, an initiator with an async parent
/// chain.
const CHROME: &str = r#"{
  "log": {
    "version": "1.2",
    "creator": {"name": "WebInspector", "version": "537.36"},
    "pages": [{"startedDateTime": "2026-03-01T10:00:00.000Z", "id": "page_1", "title": "http://localhost:3000/", "pageTimings": {"onContentLoad": 120.5, "onLoad": 300.1}}],
    "entries": [
      {
        "_initiator": {"type": "preflight", "url": "http://localhost:8002/api/items/1", "requestId": "1234.56"},
        "_priority": "High",
        "_resourceType": "preflight",
        "cache": {},
        "connection": "8002",
        "pageref": "page_1",
        "request": {
          "method": "OPTIONS",
          "url": "http://localhost:8002/api/items/1",
          "httpVersion": "HTTP/1.1",
          "headers": [
            {"name": "Accept", "value": "*/*"},
            {"name": "Access-Control-Request-Method", "value": "PUT"},
            {"name": "Access-Control-Request-Headers", "value": "content-type"},
            {"name": "Origin", "value": "http://localhost:3000"}
          ],
          "queryString": [],
          "cookies": [],
          "headersSize": -1,
          "bodySize": 0
        },
        "response": {
          "status": 405,
          "statusText": "Method Not Allowed",
          "httpVersion": "HTTP/1.1",
          "headers": [
            {"name": "Allow", "value": "GET, PUT"},
            {"name": "Content-Type", "value": "text/html; charset=utf-8"}
          ],
          "cookies": [],
          "content": {"size": 0, "mimeType": "text/html"},
          "redirectURL": "",
          "headersSize": -1,
          "bodySize": -1,
          "_transferSize": 180,
          "_error": null
        },
        "serverIPAddress": "127.0.0.1",
        "startedDateTime": "2026-03-01T10:00:01.000Z",
        "time": 3.52,
        "timings": {"blocked": 0.5, "dns": -1, "ssl": -1, "connect": -1, "send": 0.1, "wait": 2.4, "receive": 0.3, "_blocked_queueing": 0.2}
      },
      {
        "_initiator": {
          "type": "script",
          "stack": {
            "callFrames": [],
            "parent": {
              "description": "Promise.then",
              "callFrames": [],
              "parent": {
                "description": "await",
                "callFrames": [
                  {"functionName": "saveItem", "scriptId": "17", "url": "http://localhost:3000/static/js/main.js", "lineNumber": 41, "columnNumber": 8},
                  {"functionName": "onClick", "scriptId": "17", "url": "http://localhost:3000/static/js/main.js", "lineNumber": 90, "columnNumber": 2}
                ]
              }
            }
          }
        },
        "_priority": "High",
        "_resourceType": "fetch",
        "cache": {},
        "pageref": "page_1",
        "request": {
          "method": "PUT",
          "url": "http://localhost:8002/api/items/1",
          "httpVersion": "http/2.0",
          "headers": [
            {"name": ":method", "value": "PUT"},
            {"name": ":authority", "value": "localhost:8002"},
            {"name": ":scheme", "value": "http"},
            {"name": ":path", "value": "/api/items/1"},
            {"name": "content-type", "value": "application/json"},
            {"name": "origin", "value": "http://localhost:3000"}
          ],
          "queryString": [],
          "cookies": [],
          "headersSize": -1,
          "bodySize": 13,
          "postData": {"mimeType": "application/json", "text": "{\"name\":\"x\"}"}
        },
        "response": {
          "status": 0,
          "statusText": "",
          "httpVersion": "",
          "headers": [],
          "cookies": [],
          "content": {"size": 0, "mimeType": "x-unknown"},
          "redirectURL": "",
          "headersSize": -1,
          "bodySize": -1,
          "_transferSize": 0,
          "_error": "net::ERR_FAILED"
        },
        "serverIPAddress": "",
        "startedDateTime": "2026-03-01T10:00:01.010Z",
        "time": 5.1,
        "timings": {"blocked": -1, "dns": -1, "ssl": -1, "connect": -1, "send": 0, "wait": 0, "receive": 0}
      }
    ]
  }
}"#;

/// Firefox devtools export shape: no `_resourceType`/`_initiator`, a blocked
/// request with status 0 and empty statusText, a base64 body.
const FIREFOX: &str = r#"{
  "log": {
    "version": "1.2",
    "creator": {"name": "Firefox", "version": "153.0"},
    "browser": {"name": "Firefox", "version": "153.0"},
    "pages": [{"startedDateTime": "2026-03-01T10:00:00.000+01:00", "id": "page_1", "title": "App", "pageTimings": {"onContentLoad": -1, "onLoad": -1}}],
    "entries": [
      {
        "pageref": "page_1",
        "startedDateTime": "2026-03-01T10:00:01.000+01:00",
        "request": {
          "bodySize": 0,
          "method": "OPTIONS",
          "url": "http://localhost:8002/api/items/1",
          "httpVersion": "HTTP/1.1",
          "headers": [
            {"name": "Host", "value": "localhost:8002"},
            {"name": "Access-Control-Request-Method", "value": "DELETE"},
            {"name": "Origin", "value": "http://localhost:3000"}
          ],
          "cookies": [],
          "queryString": [],
          "headersSize": 412
        },
        "response": {
          "status": 0,
          "statusText": "",
          "httpVersion": "",
          "headers": [],
          "cookies": [],
          "content": {"mimeType": "", "size": 0, "text": ""},
          "redirectURL": "",
          "headersSize": -1,
          "bodySize": -1
        },
        "cache": {},
        "timings": {"blocked": 0, "dns": 0, "connect": 0, "ssl": 0, "send": 0, "wait": 0, "receive": 0},
        "time": 0,
        "_securityState": "insecure"
      },
      {
        "pageref": "page_1",
        "startedDateTime": "2026-03-01T10:00:02.000+01:00",
        "request": {
          "bodySize": 0, "method": "GET", "url": "http://localhost:8002/api/items", "httpVersion": "HTTP/1.1",
          "headers": [{"name": "Accept", "value": "application/json"}], "cookies": [], "queryString": [], "headersSize": 300
        },
        "response": {
          "status": 405, "statusText": "Method Not Allowed", "httpVersion": "HTTP/1.1",
          "headers": [{"name": "Server", "value": "nginx"}, {"name": "Content-Type", "value": "text/html"}],
          "cookies": [],
          "content": {"mimeType": "text/html", "size": 48, "encoding": "base64", "text": "PGNlbnRlcj5uZ2lueDwvY2VudGVyPk1ldGhvZCBub3QgYWxsb3dlZA=="},
          "redirectURL": "", "headersSize": 200, "bodySize": 48
        },
        "cache": {}, "timings": {"blocked": 0, "dns": 0, "connect": 0, "ssl": 0, "send": 0, "wait": 4, "receive": 0}, "time": 4,
        "_securityState": "insecure", "serverIPAddress": "127.0.0.1", "connection": "8002"
      }
    ]
  }
}"#;

fn har(s: &str) -> Har {
    match parse_har(s.as_bytes()) {
        Ok(h) => h,
        Err(e) => panic!("expected a clean read, got {e}"),
    }
}

fn err(s: &[u8]) -> HarError {
    match parse_har(s) {
        Ok(h) => panic!("expected an error, read {} entries", h.entries.len()),
        Err(e) => e,
    }
}

/// One minimal entry wrapped in a HAR.
fn wrap(entries: &str) -> String {
    format!(r#"{{"log":{{"version":"1.2","entries":[{entries}]}}}}"#)
}

const MIN: &str = r#"{"request":{"method":"GET","url":"http://a.test/x"}}"#;

// ---------------------------------------------------------------------------
// Realistic shapes
// ---------------------------------------------------------------------------

#[test]
fn chrome_shape() {
    let h = har(CHROME);
    assert!(h.warnings.is_empty(), "{:?}", h.warnings);
    assert_eq!(h.creator.as_ref().unwrap().name, "WebInspector");
    assert_eq!(h.pages.len(), 1);
    assert_eq!(h.pages[0].id, "page_1");
    assert_eq!(h.entries.len(), 2);

    let p = &h.entries[0];
    assert_eq!(p.index, 0);
    assert!(p.is_preflight());
    assert_eq!(p.request.method, Method::Options);
    assert_eq!(p.response.status, 405);
    assert_eq!(p.response.headers.get("allow"), Some("GET, PUT"));
    assert_eq!(p.response.error, None, "_error: null is no error");
    assert_eq!(p.response.redirect_url, None);
    let i = p.initiator.as_ref().unwrap();
    assert_eq!(i.kind, "preflight");
    assert_eq!(i.url.as_deref(), Some("http://localhost:8002/api/items/1"));
    assert_eq!(i.request_id.as_deref(), Some("1234.56"));
    assert_eq!(i.frame, None);
    assert_eq!(p.server_ip.as_deref(), Some("127.0.0.1"));
    assert_eq!(p.pageref.as_deref(), Some("page_1"));
    assert!((p.time_ms - 3.52).abs() < 1e-9);

    let a = &h.entries[1];
    assert_eq!(a.index, 1);
    assert_eq!(a.request.method, Method::Put);
    assert_eq!(a.resource_type.as_deref(), Some("fetch"));
    assert_eq!(a.response.status, 0);
    assert!(!a.has_response());
    assert_eq!(a.response.error.as_deref(), Some("net::ERR_FAILED"));
    assert_eq!(a.server_ip, None);
    // pseudo-headers are not headers
    assert_eq!(a.request.headers.len(), 2);
    assert!(a.request.headers.iter().all(|h| !h.name.starts_with(':')));
    assert_eq!(a.request.headers.get("Content-Type"), Some("application/json"));
    let pd = a.request.post_data.as_ref().unwrap();
    assert_eq!(pd.text.as_deref(), Some("{\"name\":\"x\"}"));
    assert_eq!(pd.text_len, 12);
    assert_eq!(a.request.body_size, 13);
    // initiator: the top stack and its first parent are empty; the frame
    // comes from the grandparent, 0-based numbers made 1-based
    let f = a.initiator.as_ref().unwrap().frame.as_ref().unwrap();
    assert_eq!(f.function, "saveItem");
    assert_eq!(f.url, "http://localhost:3000/static/js/main.js");
    assert_eq!((f.line, f.column), (42, 9));
}

#[test]
fn firefox_shape() {
    let h = har(FIREFOX);
    assert!(h.warnings.is_empty(), "{:?}", h.warnings);
    assert_eq!(h.browser.as_ref().unwrap().name, "Firefox");
    let p = &h.entries[0];
    assert!(p.is_preflight(), "OPTIONS + Access-Control-Request-Method");
    assert_eq!(p.resource_type, None);
    assert_eq!(p.initiator, None);
    assert_eq!(p.response.status, 0);
    assert_eq!(&*p.response.status_text, "");
    assert_eq!(p.response.content.text.as_deref(), Some(""));
    let g = &h.entries[1];
    assert_eq!(&*g.response.content.mime_type, "text/html");
    assert_eq!(g.response.content.text.as_deref(), Some("<center>nginx</center>Method not allowed"));
    assert_eq!(g.response.content.size, 48);
}

#[test]
fn chrome_entries_one_at_a_time() {
    // the extension's path: each entry's JSON through parse_entry
    let v: serde_json::Value = serde_json::from_str(CHROME).unwrap();
    let entries = v["log"]["entries"].as_array().unwrap();
    let whole = har(CHROME);
    for (i, e) in entries.iter().enumerate() {
        let one = parse_entry(&e.to_string(), i).unwrap();
        assert_eq!(one.index, i);
        assert_eq!(one.request.url, whole.entries[i].request.url);
        assert_eq!(one.request.headers, whole.entries[i].request.headers);
        assert_eq!(one.initiator, whole.entries[i].initiator);
    }
}

#[test]
fn parse_entry_errors_are_located() {
    let e = parse_entry(r#"{"request":{"method":"GET","url":42}}"#, 7).unwrap_err();
    assert_eq!(e.location, "log.entries[7].request.url");
    assert_eq!(e.message, "expected a string, found a number");

    let e = parse_entry(r#"{"request":{"method":"GET","url":"http://a/","headers":[{"name":"x","value":"tru"#, 3)
        .unwrap_err();
    assert_eq!(e.location, "log.entries[3].request.headers[0].value");
    assert!(e.message.contains("EOF"), "{}", e.message);
    assert!(e.message.contains("truncated"), "{}", e.message);

    let e = parse_entry("", 0).unwrap_err();
    assert_eq!(e.location, "log.entries[0]");
    let e = parse_entry("[1,2]", 2).unwrap_err();
    assert_eq!(e.location, "log.entries[2]");
    assert_eq!(e.message, "expected an object, found an array");
    let e = parse_entry(&format!("{MIN} trailing"), 1).unwrap_err();
    assert_eq!(e.location, "log.entries[1]");
    assert!(e.message.contains("trailing"), "{}", e.message);
    // a BOM is fine
    assert!(parse_entry(&format!("\u{feff}{MIN}"), 0).is_ok());
}

// ---------------------------------------------------------------------------
// Not a HAR at all
// ---------------------------------------------------------------------------

#[test]
fn empty_input() {
    let e = err(b"");
    assert_eq!(e.location, "input");
    assert_eq!(e.message, "the file is empty");
    let e = err(b"  \n\t ");
    assert_eq!(e.location, "input");
    let e = err(b"\xEF\xBB\xBF");
    assert_eq!(e.location, "input");
}

#[test]
fn json_array_and_scalars() {
    let e = err(b"[]");
    assert_eq!(e.location, "line 1, column 1");
    assert!(e.message.contains("JSON array"), "{}", e.message);
    let e = err(b"\n  [{\"request\":{}}]");
    assert_eq!(e.location, "line 2, column 3");
    let e = err(b"\"log\"");
    assert!(e.message.contains("JSON string"), "{}", e.message);
    let e = err(b"42");
    assert!(e.message.contains("JSON number"), "{}", e.message);
    let e = err(b"null");
    assert!(e.message.contains("not a HAR"), "{}", e.message);
    let e = err(b"<!DOCTYPE html><html></html>");
    assert!(e.message.contains("HTML"), "{}", e.message);
    let e = err(b"GARBAGE");
    assert!(e.message.starts_with("not JSON"), "{}", e.message);
}

#[test]
fn missing_log() {
    let e = err(b"{}");
    assert_eq!(e.location, "log");
    assert!(e.message.starts_with("missing"), "{}", e.message);
    let e = err(br#"{"Log": {"entries": []}}"#);
    assert_eq!(e.location, "log");
    let e = err(br#"{"log": null}"#);
    assert_eq!(e.location, "log");
    assert_eq!(e.message, "expected an object, found null");
    let e = err(br#"{"log": [1, 2]}"#);
    assert_eq!(e.message, "expected an object, found an array");
    let e = err(br#"{"log": "x"}"#);
    assert_eq!(e.message, "expected an object, found a string");
}

#[test]
fn missing_or_wrong_entries() {
    let e = err(br#"{"log": {"version": "1.2"}}"#);
    assert_eq!(e.location, "log.entries");
    assert!(e.message.starts_with("missing"), "{}", e.message);
    for (json, found) in [
        (r#"{"log": {"entries": {}}}"#, "an object"),
        (r#"{"log": {"entries": null}}"#, "null"),
        (r#"{"log": {"entries": "[]"}}"#, "a string"),
        (r#"{"log": {"entries": 3}}"#, "a number"),
        (r#"{"log": {"entries": true}}"#, "a boolean"),
    ] {
        let e = err(json.as_bytes());
        assert_eq!(e.location, "log.entries", "{json}");
        assert_eq!(e.message, format!("expected an array, found {found}"), "{json}");
    }
}

#[test]
fn zero_entries_is_valid() {
    let h = har(r#"{"log": {"version": "1.2", "creator": {"name": "x", "version": "1"}, "entries": []}}"#);
    assert!(h.entries.is_empty());
    assert!(h.warnings.is_empty());
}

// ---------------------------------------------------------------------------
// Broken JSON
// ---------------------------------------------------------------------------

#[test]
fn truncated_brief_example() {
    let e = err(b"{\n  \"log\": {\n    \"entries\": [\n");
    assert!(e.location.starts_with("line 4"), "{}", e.location);
    assert!(e.message.contains("looks truncated"), "{}", e.message);
    let e = err(b"{\"log\": {");
    assert_eq!(e.location, "line 1, column 9");
    assert_eq!(e.message, "EOF while parsing an object (the file looks truncated)");
}

#[test]
fn truncated_at_every_point() {
    // every cut of a realistic HAR gives a located error (no panic, no partial result)
    let bytes = CHROME.as_bytes();
    let end = CHROME.trim_end().len();
    for cut in 0..end {
        match parse_har(&bytes[..cut]) {
            Ok(h) => panic!("cut at {cut} read {} entries", h.entries.len()),
            Err(e) => {
                assert!(!e.location.is_empty() && !e.message.is_empty());
                if cut > 0 && bytes[..cut].iter().any(|b| !b.is_ascii_whitespace()) {
                    assert!(e.location.starts_with("line "), "cut {cut}: {e}");
                }
            }
        }
    }
    // cut inside the second entry: the message names it
    let at = CHROME.find("saveItem").unwrap();
    let e = err(&bytes[..at]);
    assert!(e.message.contains("in log.entries[1]"), "{}", e.message);
    assert!(e.message.contains("truncated"), "{}", e.message);
}

#[test]
fn syntax_errors_are_located() {
    let e = err(b"{\"log\": {\"entries\": [\n  {\"request\": {\"method\": \"GET\" \"url\": \"x\"}}\n]}}");
    assert_eq!(e.location, "line 2, column 32");
    assert!(e.message.contains("in log.entries[0]"), "{}", e.message);
    assert!(!e.message.contains("truncated"));
    let e = err(br#"{"log": {"entries": [1 2]}}"#);
    assert!(e.location.starts_with("line 1"), "{}", e.location);
}

#[test]
fn trailing_garbage_is_a_warning() {
    let h = har(&format!("{}\n\0\0garbage", wrap(MIN)));
    assert_eq!(h.entries.len(), 1);
    assert_eq!(h.warnings.len(), 1);
    assert!(h.warnings[0].location.starts_with("line 2"), "{:?}", h.warnings);
}

// ---------------------------------------------------------------------------
// Encodings
// ---------------------------------------------------------------------------

#[test]
fn utf8_bom_is_accepted() {
    let mut b = b"\xEF\xBB\xBF".to_vec();
    b.extend_from_slice(CHROME.as_bytes());
    let h = parse_har(&b).unwrap();
    assert_eq!(h.entries.len(), 2);
    assert!(h.warnings.is_empty());
}

#[test]
fn utf16_with_bom_is_decoded() {
    let s = wrap(MIN);
    let mut le = vec![0xFF, 0xFE];
    le.extend(s.encode_utf16().flat_map(|u| u.to_le_bytes()));
    assert_eq!(parse_har(&le).unwrap().entries.len(), 1);
    let mut be = vec![0xFE, 0xFF];
    be.extend(s.encode_utf16().flat_map(|u| u.to_be_bytes()));
    assert_eq!(parse_har(&be).unwrap().entries.len(), 1);
}

#[test]
fn invalid_utf8_is_replaced_and_located() {
    let s = wrap(
        r#"{"request":{"method":"GET","url":"http://a.test/x"},"response":{"status":405,"statusText":"M_thode"}}"#,
    );
    let mut b = s.into_bytes();
    let at = b.iter().position(|&c| c == b'_').unwrap();
    b[at] = 0xE9; // Latin-1 é
    let h = parse_har(&b).unwrap();
    assert_eq!(h.entries.len(), 1);
    assert_eq!(&*h.entries[0].response.status_text, "M\u{FFFD}thode");
    assert_eq!(h.warnings.len(), 1);
    assert_eq!(h.warnings[0].location, format!("line 1, column {}", at + 1));
    assert!(h.warnings[0].message.contains("0xE9"), "{}", h.warnings[0].message);
    // invalid bytes outside strings: a syntax error, located
    let e = err(b"{\"log\": \xFF\xFE}");
    assert!(e.location.starts_with("line 1"), "{e}");
}

// ---------------------------------------------------------------------------
// Unreadable entries are skipped with a located warning
// ---------------------------------------------------------------------------

#[test]
fn wrong_types_at_several_paths() {
    let entries = [
        MIN,                                                         // 0 ok
        r#"{"request":{"method":"GET","url":5}}"#,                   // 1 url number
        r#"{"response":{"status":200}}"#,                            // 2 request missing
        r#"{"request":"GET http://a/"}"#,                            // 3 request string
        r#"{"request":{"method":["GET"],"url":"http://a.test/y"}}"#, // 4 method array
        r#"null"#,                                                   // 5 entry null
        r#"{"request":{"method":"GET","url":null}}"#,                // 6 url null
        r#"{"request":{"method":"","url":"http://a.test/z"}}"#,      // 7 method empty
        r#"{"request":{"url":"http://a.test/z"}}"#,                  // 8 method missing
        r#"{"request":{"method":"POST","url":"http://a.test/ok"}}"#, // 9 ok
    ];
    // as many readable entries after them (a file mostly unreadable is an error)
    let h = har(&wrap(&format!("{},{}", entries.join(","), [MIN; 7].join(","))));
    assert_eq!(h.entries.iter().map(|e| e.index).collect::<Vec<_>>(), vec![0, 9, 10, 11, 12, 13, 14, 15, 16]);
    let w: Vec<(&str, &str)> = h.warnings.iter().map(|w| (w.location.as_str(), w.message.as_str())).collect();
    assert_eq!(
        w,
        vec![
            ("log.entries[1].request.url", "expected a string, found a number"),
            ("log.entries[2].request", "missing (an entry needs request.method and request.url)"),
            ("log.entries[3].request", "expected an object, found a string"),
            ("log.entries[4].request.method", "expected a string, found an array"),
            ("log.entries[5]", "expected an object, found null"),
            ("log.entries[6].request.url", "expected a string, found null"),
            ("log.entries[7].request.method", "is an empty string"),
            ("log.entries[8].request.method", "missing"),
        ]
    );
}

#[test]
fn optional_fields_of_the_wrong_type_default() {
    let e = r#"{
      "startedDateTime": 17, "time": "abc", "pageref": 3, "_resourceType": {}, "serverIPAddress": [],
      "_initiator": "script",
      "request": {"method": "put", "url": "http://a.test/", "httpVersion": 1.1, "headers": [
          "x", 1, null, {"name": null, "value": "v"}, {"name": "X-Num", "value": 12}, {"name": "X-Null", "value": null},
          {"name": "x-b", "value": true}, {"value": "no name"}],
        "postData": {"mimeType": null, "text": 12, "params": [{"name": "a", "value": 1}, "junk", {"name": "b"}]},
        "bodySize": "x"},
      "response": {"status": "200", "statusText": null, "headers": {"a": "b"}, "content": [], "redirectURL": false, "_error": 0}
    }"#;
    let h = har(&wrap(e));
    assert_eq!(h.entries.len(), 1, "{:?}", h.warnings);
    let x = &h.entries[0];
    assert_eq!(&*x.started, "17");
    assert_eq!(x.time_ms, 0.0);
    assert_eq!(x.pageref.as_deref(), Some("3"));
    assert_eq!(x.resource_type, None);
    assert_eq!(x.server_ip, None);
    assert_eq!(x.initiator, None);
    assert_eq!(x.request.method, Method::Put);
    assert_eq!(&*x.request.http_version, "1.1");
    let hs: Vec<(&str, &str)> = x.request.headers.iter().map(|h| (h.name.as_str(), &*h.value)).collect();
    assert_eq!(hs, vec![("X-Num", "12"), ("X-Null", ""), ("x-b", "true")]);
    let pd = x.request.post_data.as_ref().unwrap();
    assert_eq!(pd.text, None);
    assert_eq!(pd.params, vec![("a".to_string(), "1".to_string()), ("b".to_string(), String::new())]);
    assert_eq!(x.request.body_size, -1);
    assert_eq!(x.response.status, 200);
    assert_eq!(&*x.response.status_text, "");
    assert!(x.response.headers.is_empty());
    assert_eq!(x.response.content.text, None);
    assert_eq!(x.response.redirect_url, None);
    assert_eq!(x.response.error, None);
    // response headers that are not an array are noted
    assert_eq!(h.warnings.len(), 1, "{:?}", h.warnings);
    assert_eq!(h.warnings[0].location, "log.entries[0].response.headers");
}

#[test]
fn null_everywhere_optional() {
    let e = r#"{"pageref":null,"startedDateTime":null,"time":null,"_resourceType":null,"_initiator":null,"serverIPAddress":null,"connection":null,"cache":null,"timings":null,
      "request":{"method":"GET","url":"http://a.test/","httpVersion":null,"headers":null,"queryString":null,"cookies":null,"postData":null,"bodySize":null,"headersSize":null},
      "response":{"status":null,"statusText":null,"httpVersion":null,"headers":null,"cookies":null,"content":{"mimeType":null,"text":null,"size":null,"encoding":null},"redirectURL":null,"_error":null}}"#;
    let h = har(&wrap(e));
    assert!(h.warnings.is_empty(), "{:?}", h.warnings);
    let x = &h.entries[0];
    assert_eq!(x.response.status, 0);
    assert!(x.request.post_data.is_none());
    assert_eq!(x.response.content.text, None);
    assert_eq!(x.pageref, None);
    // and a null response is no response
    let h = har(&wrap(r#"{"request":{"method":"GET","url":"http://a.test/"},"response":null}"#));
    assert!(h.warnings.is_empty());
    assert_eq!(h.entries[0].response.status, 0);
    // log-level nulls
    let h = har(r#"{"log":{"creator":null,"browser":null,"pages":null,"entries":[]}}"#);
    assert!(h.creator.is_none() && h.pages.is_empty());
}

#[test]
fn numbers_as_strings_and_negative_sizes() {
    let e = r#"{"time":"12.5","request":{"method":"GET","url":"http://a.test/","bodySize":"-1"},
      "response":{"status":"405 Method Not Allowed","content":{"size":"-5","text":"x"},"bodySize":-1},
      "_initiator":{"type":"script","requestId":77,"stack":{"callFrames":[{"functionName":"f","url":"u","lineNumber":"3","columnNumber":"-1"}]}}}"#;
    let h = har(&wrap(e));
    let x = &h.entries[0];
    assert_eq!(x.time_ms, 12.5);
    assert_eq!(x.request.body_size, -1);
    assert_eq!(x.response.status, 405);
    assert_eq!(x.response.content.size, 0);
    let i = x.initiator.as_ref().unwrap();
    assert_eq!(i.request_id.as_deref(), Some("77"));
    let f = i.frame.as_ref().unwrap();
    assert_eq!((f.line, f.column), (4, 0));
    // out of range and negative statuses are "no response"
    for s in ["-1", "70000", "1e300", "\"abc\""] {
        let h =
            har(&wrap(&format!(r#"{{"request":{{"method":"GET","url":"http://a/"}},"response":{{"status":{s}}}}}"#)));
        assert_eq!(h.entries[0].response.status, 0, "{s}");
    }
    // time missing or negative
    let h = har(&wrap(r#"{"time":-3,"request":{"method":"GET","url":"http://a/"}}"#));
    assert_eq!(h.entries[0].time_ms, 0.0);
}

#[test]
fn duplicate_and_mixed_case_headers_are_kept() {
    let e = r#"{"request":{"method":"GET","url":"http://a.test/"},
      "response":{"status":200,"headers":[{"name":"Set-Cookie","value":"a=1"},{"name":"set-cookie","value":"b=2"},{"name":"ALLOW","value":"GET"},{"name":"allow","value":"POST"}]}}"#;
    let h = har(&wrap(e));
    let hs = &h.entries[0].response.headers;
    assert_eq!(hs.count("set-cookie"), 2);
    assert_eq!(hs.get_combined("Allow").as_deref(), Some("GET, POST"));
    assert_eq!(hs.0[2].name, "ALLOW");
}

#[test]
fn missing_everything_but_method_and_url() {
    let h = har(&wrap(MIN));
    let x = &h.entries[0];
    assert_eq!(x.response.status, 0);
    assert_eq!(x.time_ms, 0.0);
    assert_eq!(&*x.request.http_version, "");
    assert_eq!(x.request.body_size, -1);
    assert!(x.request.headers.is_empty());
    assert_eq!(&*x.started, "");
}

#[test]
fn method_and_url_from_pseudo_headers() {
    let e = r#"{"request":{"headers":[{"name":":method","value":"DELETE"},{"name":":scheme","value":"https"},{"name":":authority","value":"api.test"},{"name":":path","value":"/v1/x?y=1"},{"name":"accept","value":"*/*"}]}}"#;
    let h = har(&wrap(e));
    let x = &h.entries[0];
    assert_eq!(x.request.method, Method::Delete);
    assert_eq!(x.request.url, "https://api.test/v1/x?y=1");
    assert_eq!(x.request.headers.len(), 1);
}

#[test]
fn other_method_names_are_kept() {
    let h = har(&wrap(
        r#"{"request":{"method":"patch","url":"http://a/"}},{"request":{"method":" get ","url":"http://a/"}}"#,
    ));
    assert_eq!(h.entries[0].request.method, Method::Other("patch".into()));
    assert_eq!(h.entries[1].request.method, Method::Get);
}

#[test]
fn duplicate_keys_in_an_entry_keep_the_last_value() {
    // as JSON.parse (and so DevTools) reads them: the last value, with a warning (the entry was dropped before)
    let h = har(&wrap(&format!(r#"{MIN},{{"request":{{"method":"GET","url":"http://a/","url":"http://b/"}}}},{MIN}"#)));
    assert_eq!(h.entries.len(), 3);
    assert_eq!(h.entries[1].request.url, "http://b/");
    assert_eq!(h.warnings.len(), 1);
    assert_eq!(h.warnings[0].location, "log.entries[1].request.url");
    assert!(h.warnings[0].message.contains("duplicate key \"url\""), "{}", h.warnings[0].message);
    // a duplicated "log" or "entries": the first one wins
    let h = har(&format!(r#"{{"log":{{"entries":[{MIN}],"entries":[{MIN},{MIN}]}},"log":{{"entries":[]}}}}"#));
    assert_eq!(h.entries.len(), 1);
}

#[test]
fn warnings_are_capped() {
    // readable entries with a warning each (a file of mostly unreadable entries is an error)
    let odd = r#"{"request":{"method":"GET","url":"http://a/"},"response":"x"}"#;
    let junk = vec![odd; MAX_WARNINGS * 3].join(",");
    let h = har(&wrap(&format!("{junk},{MIN}")));
    assert_eq!(h.entries.len(), MAX_WARNINGS * 3 + 1);
    assert_eq!(h.entries[MAX_WARNINGS * 3].index, MAX_WARNINGS * 3);
    assert_eq!(h.warnings.len(), MAX_WARNINGS + 1);
    assert!(h.warnings[MAX_WARNINGS].message.contains(&format!("{} more warnings", MAX_WARNINGS * 2)));
}

// ---------------------------------------------------------------------------
// Bodies
// ---------------------------------------------------------------------------

fn with_content(content: &str) -> Har {
    har(&wrap(&format!(
        r#"{{"request":{{"method":"GET","url":"http://a/"}},"response":{{"status":405,"content":{content}}}}}"#
    )))
}

#[test]
fn base64_bodies() {
    // "Cannot POST /x" in base64, with MIME line breaks and odd case of encoding
    let h = with_content(r#"{"mimeType":"text/html","encoding":"Base64","text":"Q2Fubm90IFBP\r\nU1QgL3g="}"#);
    assert_eq!(h.entries[0].response.content.text.as_deref(), Some("Cannot POST /x"));
    // binary: no text
    let h = with_content(
        r#"{"mimeType":"image/png","encoding":"base64","text":"iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk"}"#,
    );
    assert_eq!(h.entries[0].response.content.text, None);
    // says base64 but is not: kept as written
    let h = with_content(r#"{"encoding":"base64","text":"<h1>405 Not Allowed</h1>"}"#);
    assert_eq!(h.entries[0].response.content.text.as_deref(), Some("<h1>405 Not Allowed</h1>"));
    // escaped slashes (PHP's json_encode) still decode
    let h = with_content(r#"{"encoding":"base64","text":"Pz8\/"}"#);
    assert_eq!(h.entries[0].response.content.text.as_deref(), Some("???"));
    // base64 postData (some exporters)
    let h = har(&wrap(
        r#"{"request":{"method":"POST","url":"http://a/","postData":{"mimeType":"text/plain","encoding":"base64","text":"aGVsbG8="}}}"#,
    ));
    let pd = h.entries[0].request.post_data.as_ref().unwrap();
    assert_eq!((pd.text.as_deref(), pd.text_len), (Some("hello"), 5));
}

#[test]
fn big_bodies_are_cut_on_a_char_boundary() {
    let text = "é".repeat(BODY_KEEP); // 2 * BODY_KEEP bytes
    let h = har(&wrap(&format!(
        r#"{{"request":{{"method":"POST","url":"http://a/","postData":{{"mimeType":"text/plain","text":"{text}"}}}},"response":{{"status":500,"content":{{"text":"{text}"}}}}}}"#
    )));
    let x = &h.entries[0];
    let pd = x.request.post_data.as_ref().unwrap();
    assert_eq!(pd.text.as_ref().unwrap().len(), BODY_KEEP);
    assert_eq!(pd.text_len, 2 * BODY_KEEP);
    assert_eq!(x.response.content.text.as_ref().unwrap().len(), BODY_KEEP);
    assert!(h.warnings.is_empty(), "bodies are cut silently");
    // a big base64 body: first BODY_KEEP decoded bytes, full decoded length
    let raw: String = "Method not allowed. ".repeat(2000);
    let b64 = why405::codec::base64_encode(raw.as_bytes());
    let h = har(&wrap(&format!(
        r#"{{"request":{{"method":"POST","url":"http://a/","postData":{{"encoding":"base64","text":"{b64}"}}}},"response":{{"status":405,"content":{{"encoding":"base64","text":"{b64}"}}}}}}"#
    )));
    let x = &h.entries[0];
    assert_eq!(x.response.content.text.as_deref(), Some(&raw[..BODY_KEEP]));
    assert_eq!(x.request.post_data.as_ref().unwrap().text_len, raw.len());
}

// ---------------------------------------------------------------------------
// Hostile sizes and shapes
// ---------------------------------------------------------------------------

#[test]
fn deep_nesting_never_overflows_the_stack() {
    // a top-level array, 100,000 deep
    let e = err(&vec![b'['; 100_000]);
    assert!(e.message.contains("JSON array"));
    // unclosed nesting inside the entries
    let mut s = br#"{"log":{"entries":["#.to_vec();
    s.extend(std::iter::repeat_n(b'[', 100_000));
    let e = err(&s);
    assert!(e.message.contains("truncated"), "{e}");
    // closed junk nesting inside an entry, where a value is skipped
    let deep = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
    let h = har(&wrap(&format!(r#"{{"request":{{"method":"GET","url":"http://a/"}},"junk":{deep}}}"#)));
    assert_eq!(h.entries.len(), 1);
    // and where an object is expected
    let h = har(&wrap(&format!(
        r#"{{"request":{{"method":"GET","url":"http://a/","headers":{deep}}},"response":{deep}}}"#
    )));
    assert_eq!(h.entries.len(), 1);
    // a hostile initiator parent chain: serde_json's recursion limit, reported for that entry only
    let chain =
        format!(r#"{}{{"callFrames":[]{}}}"#, r#"{"callFrames":[],"parent":"#.repeat(100_000), "}".repeat(100_000));
    let h = har(&wrap(&format!(
        r#"{MIN},{{"request":{{"method":"GET","url":"http://a/"}},"_initiator":{{"type":"script","stack":{chain}}}}},{MIN}"#
    )));
    assert_eq!(h.entries.len(), 2);
    assert_eq!(h.warnings.len(), 1);
    assert!(h.warnings[0].location.starts_with("log.entries[1]._initiator.stack.parent"), "{:?}", h.warnings[0]);
    assert!(h.warnings[0].message.contains("recursion limit"), "{}", h.warnings[0].message);
    // and through parse_entry
    let e = parse_entry(
        &format!(r#"{{"request":{{"method":"GET","url":"http://a/"}},"_initiator":{{"stack":{chain}}}}}"#),
        4,
    )
    .unwrap_err();
    assert!(e.location.starts_with("log.entries[4]._initiator"), "{e}");
    // deep objects at the top level
    let deep_obj = format!("{}1{}", r#"{"a":"#.repeat(100_000), "}".repeat(100_000));
    let e = err(deep_obj.as_bytes());
    assert_eq!(e.location, "log");
}

#[test]
fn huge_strings_are_capped() {
    // a 50 MB header value; 1 MB elsewhere (enough to pass every cap)
    let big = "v".repeat(50 * 1024 * 1024);
    let mb = "w".repeat(1024 * 1024);
    let s = wrap(&format!(
        r#"{{"request":{{"method":"GET","url":"http://a.test/{mb}","headers":[{{"name":"Cookie","value":"{big}"}},{{"name":"X-Esc","value":"\n{mb}"}}]}},"response":{{"status":200,"content":{{"text":"{mb}"}}}}}}"#
    ));
    drop(big);
    let h = har(&s);
    let x = &h.entries[0];
    assert_eq!(x.request.headers.get("cookie").unwrap().len(), MAX_HEADER_VALUE);
    assert_eq!(x.request.headers.get("x-esc").unwrap().len(), MAX_HEADER_VALUE);
    assert_eq!(x.request.url.len(), why405::har::MAX_URL);
    assert_eq!(x.response.content.text.as_ref().unwrap().len(), BODY_KEEP);
    let locs: Vec<&str> = h.warnings.iter().map(|w| w.location.as_str()).collect();
    assert_eq!(
        locs,
        vec![
            "log.entries[0].request.headers[0].value",
            "log.entries[0].request.headers[1].value",
            "log.entries[0].request.url"
        ]
    );
    assert_eq!(h.warnings[0].message, "is 52428800 bytes long; kept the first 65536");
    // the same entry alone, with its notes
    let (_, notes) =
        parse_entry_with_warnings(&s[r#"{"log":{"version":"1.2","entries":["#.len()..s.len() - 3], 0).unwrap();
    assert_eq!(notes.len(), 3);
}

#[test]
fn too_many_headers_are_dropped_with_a_note() {
    let hs: Vec<String> = (0..5000).map(|i| format!(r#"{{"name":"x-{i}","value":"{i}"}}"#)).collect();
    let h = har(&wrap(&format!(r#"{{"request":{{"method":"GET","url":"http://a/","headers":[{}]}}}}"#, hs.join(","))));
    assert_eq!(h.entries[0].request.headers.len(), why405::har::MAX_HEADERS);
    assert_eq!(h.warnings.len(), 1);
    assert_eq!(h.warnings[0].location, "log.entries[0].request.headers");
}

// ---------------------------------------------------------------------------
// Fuzz-style: deterministic byte mutations never panic
// ---------------------------------------------------------------------------

struct Lcg(u64);
impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        self.0 >> 33
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

const INTERESTING: &[u8] = b"{}[]\",:\\0123456789-+.eEtrufalsn \n\xff\xc3\xa9\x00";

#[test]
fn mutated_hars_never_panic() {
    let mut rng = Lcg(0x5eed);
    let mut ok = 0;
    for (round, base) in [CHROME, FIREFOX].iter().cycle().take(2000).enumerate() {
        let mut b = base.as_bytes().to_vec();
        for _ in 0..1 + rng.below(8) {
            let at = rng.below(b.len());
            match rng.below(5) {
                0 => b[at] = INTERESTING[rng.below(INTERESTING.len())],
                1 => b[at] = rng.next() as u8,
                2 => {
                    b.remove(at);
                }
                3 => b.insert(at, INTERESTING[rng.below(INTERESTING.len())]),
                _ => b.truncate(at),
            }
            if b.is_empty() {
                break;
            }
        }
        match parse_har(&b) {
            Ok(h) => {
                ok += 1;
                for e in &h.entries {
                    assert!(!e.request.url.is_empty(), "round {round}");
                }
            }
            Err(e) => assert!(!e.location.is_empty() && !e.message.is_empty(), "round {round}"),
        }
        // and each mutated file through the per-entry path
        if let Ok(s) = std::str::from_utf8(&b) {
            if let Some(rest) = s.find("\"entries\"").and_then(|start| s.get(start + 10..)) {
                let _ = parse_entry(rest, round);
            }
        }
    }
    assert!(ok > 100, "some mutations stay readable ({ok})");
}

// ---------------------------------------------------------------------------
// parse_har_reader: same results as parse_har, whatever the read sizes
// ---------------------------------------------------------------------------

/// A reader handing out 1..=7 bytes per call (chunk boundaries everywhere).
struct Dribble<'a> {
    data: &'a [u8],
    rng: Lcg,
}

impl std::io::Read for Dribble<'_> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = (1 + self.rng.below(7)).min(buf.len()).min(self.data.len());
        buf[..n].copy_from_slice(&self.data[..n]);
        self.data = &self.data[n..];
        Ok(n)
    }
}

fn both(b: &[u8]) -> (String, String, String) {
    let a = format!("{:?}", parse_har(b));
    let r = format!("{:?}", parse_har_reader(b));
    let d = format!("{:?}", parse_har_reader(Dribble { data: b, rng: Lcg(b.len() as u64) }));
    (a, r, d)
}

/// serde_json's slice and reader paths locate a control character inside a
/// string differently (by one column, or a line when it is a newline):
/// compare such locations loosely.
fn loosen(s: String) -> String {
    if s.contains("control character") {
        return s.split_once("message").map_or(s.clone(), |(_, m)| m.to_string());
    }
    s
}

#[track_caller]
fn same(b: &[u8]) {
    let (a, r, d) = both(b);
    assert_eq!(loosen(a.clone()), loosen(r), "slice vs reader");
    assert_eq!(loosen(a), loosen(d), "slice vs dribbling reader");
}

#[test]
fn reader_matches_slice() {
    same(CHROME.as_bytes());
    same(FIREFOX.as_bytes());
    for s in [
        "",
        "  \n",
        "[]",
        "\n [1]",
        "42",
        "<html>",
        "{}",
        r#"{"log":null}"#,
        r#"{"log":{}}"#,
        r#"{"log":{"entries":{}}}"#,
    ] {
        same(s.as_bytes());
    }
    let mut bom = b"\xEF\xBB\xBF".to_vec();
    bom.extend_from_slice(CHROME.as_bytes());
    same(&bom);
    let mut le = vec![0xFF, 0xFE];
    le.extend(wrap(MIN).encode_utf16().flat_map(|u| u.to_le_bytes()));
    same(&le);
    same(format!("{}\n\0garbage", wrap(MIN)).as_bytes());
    same(wrap(&[MIN, "1", r#"{"request":{"method":"GET","url":5}}"#, MIN].join(",")).as_bytes());
    // every truncation gives the same located error
    for cut in (0..CHROME.len()).step_by(7) {
        same(&CHROME.as_bytes()[..cut]);
    }
}

#[test]
fn reader_replaces_invalid_utf8_across_chunk_boundaries() {
    let s = wrap(
        r#"{"request":{"method":"GET","url":"http://a.test/x"},"response":{"status":405,"statusText":"M_thode ∑ ok"}}"#,
    );
    let mut b = s.into_bytes();
    let at = b.iter().position(|&c| c == b'_').unwrap();
    b[at] = 0xE9;
    same(&b);
    // and a multi-byte character cut at the very end of the input
    let mut t = wrap(MIN).into_bytes();
    t.extend_from_slice(&"∑".as_bytes()[..2]);
    same(&t);
}

#[test]
fn reader_reports_io_errors() {
    struct Broken(usize);
    impl std::io::Read for Broken {
        fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
            if self.0 == 0 {
                return Err(std::io::Error::other("disk on fire"));
            }
            let n = self.0.min(buf.len()).min(1);
            buf[..n].fill(b' ');
            buf[0] = b'{';
            self.0 -= n;
            Ok(n)
        }
    }
    let e = parse_har_reader(Broken(0)).unwrap_err();
    assert!(e.message.contains("disk on fire"), "{e}");
    let e = parse_har_reader(Broken(1)).unwrap_err();
    assert!(e.message.contains("disk on fire"), "{e}");
}

#[test]
fn mutated_hars_read_the_same_from_a_reader() {
    // pretty and minified (one line: the entries cut and the rest share a line),
    // with content after the entries array
    let minified = serde_json::to_string(&serde_json::from_str::<serde_json::Value>(CHROME).unwrap()).unwrap();
    let after = CHROME.replacen("\"entries\": [", "\"entries\": [], \"x\": [", 1).replacen(
        "\n  }\n}",
        ",\n  \"pages\": [{\"id\": \"p\"}]}\n}",
        1,
    );
    assert!(parse_har(after.as_bytes()).is_ok());
    let bases = [CHROME.to_string(), FIREFOX.to_string(), minified, after];
    for b in &bases {
        same(b.as_bytes());
    }
    let mut rng = Lcg(std::env::var("FUZZ_SEED").ok().and_then(|s| s.parse().ok()).unwrap_or(0xfeed));
    let rounds = std::env::var("FUZZ_ROUNDS").ok().and_then(|s| s.parse().ok()).unwrap_or(2000);
    for round in 0..rounds {
        let mut b = bases[round % bases.len()].as_bytes().to_vec();
        for _ in 0..1 + rng.below(4) {
            let at = rng.below(b.len());
            match rng.below(5) {
                0 => b[at] = INTERESTING[rng.below(INTERESTING.len())],
                1 => b[at] = rng.next() as u8,
                2 => {
                    b.remove(at);
                }
                3 => b.insert(at, INTERESTING[rng.below(INTERESTING.len())]),
                _ => b.truncate(at),
            }
            if b.is_empty() {
                break;
            }
        }
        same(&b);
    }
}

#[test]
fn reader_matches_slice_on_broken_scalars() {
    for s in [
        "{\"log\":{\"entries\":[\n  1.,\n]}}",
        "{\"log\":{\"entries\":[\n  1. ]}}",
        "{\"log\":{\"entries\":[\n  1.\n]}}",
        "{\"log\":{\"entries\":[\n  -]}}",
        "{\"log\":{\"entries\":[1e]}}",
        "{\"log\":{\"entries\":[tru,1]}}",
        "{\"log\":{\"entries\":[9\\ {}]}}",
        "{\"log\":{\"entries\":[1,]}}",
        "{\"log\":{\"entries\":[,]}}",
        "{\"log\":{\"entries\":[{}{}]}}",
        "{\"log\":{\"entries\":[1,",
        "{\"log\":{\"entries\":[1",
        "{\"log\":{\"entries\":[",
        "{\"log\":{\"pages\":[}, \"entries\":[{]}}",
        "{\"log\":{\"entries\":[]]}}",
        "{\"\\u006cog\":{\"entr\\u0069es\":[{\"request\":{\"method\":\"GET\",\"url\":\"http://a/\"}}]}}",
    ] {
        same(s.as_bytes());
    }
}

// ---------------------------------------------------------------------------
// HarStream (push-based): same results as parse_har, whatever the chunking
// ---------------------------------------------------------------------------

type Pushed = (Result<Har, HarError>, Option<Vec<(u64, u64)>>);

/// `parse_har` through a HarStream pushed `chunk` bytes at a time, entries
/// drained as they come (as the web page does), and the spans it recorded.
fn pushed(b: &[u8], chunk: usize) -> Pushed {
    let mut s = HarStream::with_spans();
    let mut entries = Vec::new();
    for c in b.chunks(chunk.max(1)) {
        let ok = s.push(c);
        entries.extend(s.drain_entries());
        if !ok {
            break;
        }
    }
    let spans = s.spans().map(<[_]>::to_vec);
    let r = s.finish().map(|mut h| {
        entries.append(&mut h.entries);
        h.entries = entries;
        h
    });
    (r, spans)
}

#[track_caller]
fn same_pushed(b: &[u8], chunks: &[usize]) {
    let a = loosen(format!("{:?}", parse_har(b)));
    for &c in chunks {
        let (r, spans) = pushed(b, c);
        assert_eq!(a, loosen(format!("{r:?}")), "chunks of {c}");
        if let (Ok(h), Some(spans)) = (&r, spans) {
            assert_eq!(spans.len(), h.entries.len());
            for ((x, y), e) in spans.iter().zip(&h.entries) {
                let v: serde_json::Value =
                    serde_json::from_slice(&b[*x as usize..*y as usize]).expect("a span is one entry's JSON");
                assert!(v.is_object(), "entry {}", e.index);
            }
        }
    }
}

#[test]
fn pushed_chunks_match_parse_har_on_every_fixture_and_truncation() {
    let mut n = 0;
    for dir in std::fs::read_dir("tests/fixtures").unwrap() {
        let p = dir.unwrap().path().join("input.har");
        let Ok(b) = std::fs::read(&p) else { continue };
        same_pushed(&b, &[1, 3, 64, 4096, b.len()]);
        for cut in (0..b.len()).step_by((b.len() / 40).max(1)) {
            same_pushed(&b[..cut], &[5, 1000]);
        }
        let mut bom = b"\xEF\xBB\xBF".to_vec();
        bom.extend_from_slice(&b);
        same_pushed(&bom, &[2, 777]);
        n += 1;
    }
    assert!(n > 10, "fixtures found: {n}");
    for s in ["", "  \n", "[]", "\n [1]", "42", "<html>", "{}", r#"{"log":null}"#, r#"{"log":{}}"#, CHROME, FIREFOX] {
        same_pushed(s.as_bytes(), &[1, 2, 7, 100]);
    }
    for cut in (0..CHROME.len()).step_by(5) {
        same_pushed(&CHROME.as_bytes()[..cut], &[1, 13]);
    }
    let mut le = vec![0xFF, 0xFE];
    le.extend(wrap(MIN).encode_utf16().flat_map(|u| u.to_le_bytes()));
    same_pushed(&le, &[1, 5]);
    let mut bad = wrap(MIN).into_bytes();
    let at = bad.iter().position(|&c| c == b'G').unwrap();
    bad.insert(at, 0xE9);
    bad.extend_from_slice(&"∑".as_bytes()[..2]);
    same_pushed(&bad, &[1, 2, 3, 50]);
    assert!(pushed(&bad, 3).1.is_none(), "no spans once bytes were replaced");
}
