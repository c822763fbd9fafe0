//! The hostile HAR shapes of issue 11, built from captured fixtures
//! (`tests/fixtures/*/input.har`): each shape is `n` entries that real or
//! hostile pages produce, written as a HAR document. Shared by the scaling
//! bench (`benches/scaling.rs`, which also writes them for `benches/run.sh`).

use std::path::Path;

use serde_json::{json, Value};

/// The shapes, by name, with what each stresses.
pub const SHAPES: &[(&str, &str)] = &[
    ("methods", "one URL, n/2 requests with distinct methods (200 / 405 in turn), then their preflights, last first"),
    ("preflight_other", "n/2 preflights for PUT, then n/2 DELETE requests to the same URL"),
    ("express404", "one GET 200, then an Express 404 \"Cannot Mi /x\" for n distinct methods"),
    ("s3", "n presigned S3 URLs (each signature a learned secret)"),
    ("fixtures", "every fixture's entries repeated (rep=N), the everyday shape"),
    ("tiny", "n tiny entries (a fixture GET with headers, cookies and body left out)"),
];

fn fixture(name: &str) -> Vec<Value> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let bytes = std::fs::read(root.join(name).join("input.har")).expect("fixture");
    let har: Value = serde_json::from_slice(&bytes).expect("fixture json");
    har["log"]["entries"].as_array().cloned().unwrap_or_default()
}

/// How many entries one pass over every fixture holds: the "fixtures" shape at a multiple of it repeats the same
/// mix, so that its cost at n and 4n compares scaling, not which fixtures fell inside the first n entries
/// (`tests/scaling.rs`; the benches do not need it).
#[allow(dead_code)]
pub fn fixtures_cycle() -> usize {
    all_fixtures().iter().map(Vec::len).sum()
}

/// Every fixture's entries, fixture by fixture.
fn all_fixtures() -> Vec<Vec<Value>> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let mut dirs: Vec<_> = std::fs::read_dir(&root)
        .expect("tests/fixtures")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.join("input.har").is_file())
        .collect();
    dirs.sort();
    dirs.iter()
        .filter_map(|d| serde_json::from_slice::<Value>(&std::fs::read(d.join("input.har")).ok()?).ok())
        .map(|h| h["log"]["entries"].as_array().cloned().unwrap_or_default())
        .collect()
}

/// A distinct method token for `i` (letters only, upper case).
fn method(i: usize) -> String {
    let mut s = String::from("M");
    let mut k = i;
    loop {
        s.push((b'A' + (k % 26) as u8) as char);
        k /= 26;
        if k == 0 {
            break;
        }
    }
    s
}

fn set_header(hs: &mut Value, name: &str, value: &str) {
    if let Some(a) = hs.as_array_mut() {
        a.retain(|h| !h["name"].as_str().is_some_and(|n| n.eq_ignore_ascii_case(name)));
        a.push(json!({"name": name, "value": value}));
    }
}

/// `n` entries of shape `name`.
pub fn entries(name: &str, n: usize) -> Vec<Value> {
    // express_cors_get_then_put: GET 200, its PUT's preflight 204, PUT 404 "Cannot PUT /api/items/1"
    let base = fixture("express_cors_get_then_put");
    let (get, pre, put) = (&base[0], &base[1], &base[2]);
    let url = get["request"]["url"].as_str().unwrap_or_default().to_string();
    match name {
        "methods" => (0..n)
            .map(|i| {
                // n/2 requests with distinct methods, then their preflights, last first
                let half = n / 2;
                if i >= half {
                    let mut e = pre.clone();
                    let m = method(n - 1 - i);
                    set_header(&mut e["request"]["headers"], "Access-Control-Request-Method", &m);
                    return e;
                }
                let mut e = if i % 2 == 0 { get.clone() } else { put.clone() };
                e["request"]["method"] = json!(method(i));
                if i % 2 == 1 {
                    e["response"]["status"] = json!(405);
                    e["response"]["content"]["text"] = json!("");
                    set_header(&mut e["response"]["headers"], "Allow", "GET, HEAD");
                }
                e
            })
            .collect(),
        "preflight_other" => (0..n)
            .map(|i| {
                if i < n / 2 {
                    pre.clone()
                } else {
                    let mut e = put.clone();
                    e["request"]["method"] = json!("DELETE");
                    e
                }
            })
            .collect(),
        "express404" => std::iter::once(get.clone())
            .chain((1..n).map(|i| {
                let m = method(i);
                let mut e = put.clone();
                e["request"]["method"] = json!(m);
                let body = e["response"]["content"]["text"].as_str().unwrap_or_default().replace("PUT", &m);
                e["response"]["content"]["text"] = json!(body);
                e
            }))
            .collect(),
        "s3" => (0..n)
            .map(|i| {
                let mut e = get.clone();
                let sig: String = (0..8)
                    .map(|k| format!("{:08x}", (i as u32).wrapping_mul(2654435761).rotate_left(k * 4) ^ k))
                    .collect();
                e["request"]["url"] = json!(format!(
                    "https://bench-bucket.s3.us-east-1.amazonaws.com/uploads/{i}.png?X-Amz-Algorithm=AWS4-HMAC-SHA256\
                     &X-Amz-Credential=AKIAIOSFODNN7EXAMPLE%2F20261201%2Fus-east-1%2Fs3%2Faws4_request\
                     &X-Amz-Date=20261201T000000Z&X-Amz-Expires=900&X-Amz-SignedHeaders=host&X-Amz-Signature={sig}"
                ));
                e["request"]["queryString"] = json!([]);
                e
            })
            .collect(),
        "fixtures" => {
            let groups = all_fixtures();
            let mut out = Vec::with_capacity(n);
            let mut rep = 0;
            while out.len() < n {
                for g in &groups {
                    for e in g {
                        if out.len() < n {
                            out.push(with_rep(e, rep));
                        }
                    }
                    rep += 1;
                }
            }
            out
        }
        "tiny" => {
            let mut t = get.clone();
            if let Some(o) = t.as_object_mut() {
                o.retain(|k, _| !k.starts_with('_'));
            }
            for side in ["request", "response"] {
                t[side]["headers"] = json!([]);
                t[side]["cookies"] = json!([]);
            }
            t["request"]["queryString"] = json!([]);
            t["response"]["content"] = json!({"size": 0, "mimeType": "text/plain"});
            (0..n)
                .map(|i| {
                    let mut e = t.clone();
                    e["request"]["url"] = json!(format!("{url}&i={i}"));
                    e
                })
                .collect()
        }
        _ => panic!("unknown shape {name}"),
    }
}

fn with_rep(entry: &Value, rep: usize) -> Value {
    let add = |u: &str| {
        let (main, frag) = u.split_once('#').map_or((u, None), |(m, f)| (m, Some(f)));
        let sep = if main.contains('?') { '&' } else { '?' };
        frag.map_or(format!("{main}{sep}rep={rep}"), |f| format!("{main}{sep}rep={rep}#{f}"))
    };
    let mut e = entry.clone();
    if let Some(u) = e.pointer("/request/url").and_then(Value::as_str).map(add) {
        e["request"]["url"] = json!(u);
    }
    if e.pointer("/_initiator/type").and_then(Value::as_str) == Some("preflight") {
        if let Some(u) = e.pointer("/_initiator/url").and_then(Value::as_str).map(add) {
            e["_initiator"]["url"] = json!(u);
        }
    }
    if let Some(u) = e.pointer("/response/redirectURL").and_then(Value::as_str).filter(|u| !u.is_empty()).map(add) {
        e["response"]["redirectURL"] = json!(u);
    }
    if let Some(hs) = e.pointer_mut("/response/headers").and_then(Value::as_array_mut) {
        for h in hs {
            if h["name"].as_str().is_some_and(|n| n.eq_ignore_ascii_case("location")) {
                if let Some(v) = h["value"].as_str().map(add) {
                    h["value"] = json!(v);
                }
            }
        }
    }
    e
}

/// The HAR document of `entries`, as bytes (compact JSON, as exporters
/// other than DevTools write it).
pub fn document(entries: Vec<Value>) -> Vec<u8> {
    let doc = json!({"log": {
        "version": "1.2",
        "creator": {"name": "WebInspector", "version": "537.36"},
        "pages": [],
        "entries": entries,
    }});
    serde_json::to_vec(&doc).expect("json")
}
