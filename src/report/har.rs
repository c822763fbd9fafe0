//! The HAR export: a HAR 1.2 document holding only the exchanges that matter (preflights, requests, redirect
//! hops) plus the context entries their diagnosis needs, redacted, importable into DevTools.

use std::collections::BTreeSet;
use std::io;

use serde_json::{json, Map, Value};

use super::{Options, Spec};
use crate::diagnose::Diagnosis;
use crate::engine::Engine;
use crate::har::{Entry, Initiator};
use crate::http::origin_of;
use crate::redact::Redactor;

pub(super) const SPEC: Spec = Spec {
    name: "har",
    aliases: &[],
    extension: "har",
    mime: "application/json",
    file_name: "why405-export.har",
};

/// The export of the shown diagnoses ([`har_export`]), indented unless `compact`.
pub(super) fn render<W: io::Write + ?Sized>(engine: &Engine, opts: &Options, w: &mut W) -> io::Result<()> {
    let chosen = opts.selection.diagnoses(engine);
    let har = export(engine, &chosen, opts.redactor, opts.raw.unwrap_or(&|_| None));
    let out = if opts.compact { serde_json::to_string(&har) } else { serde_json::to_string_pretty(&har) };
    let out = out.unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"));
    w.write_all(out.as_bytes())
}

fn name_values(pairs: impl Iterator<Item = (String, String)>) -> Value {
    Value::Array(pairs.map(|(n, v)| json!({"name": n, "value": v})).collect())
}

/// A HAR 1.2 entry rebuilt from the parsed model (for surfaces that do not
/// keep the raw JSON). Bodies are the kept ones (cut at `BODY_KEEP` bytes).
fn entry_to_har(e: &Entry) -> Value {
    let time = if e.time_ms.is_finite() && e.time_ms >= 0.0 { e.time_ms } else { 0.0 };
    let mut v = json!({
        "startedDateTime": if e.started.is_empty() { "1970-01-01T00:00:00.000Z" } else { &e.started },
        "time": time,
        "request": request_to_har(e),
        "response": response_to_har(e),
        "cache": {},
        "timings": {"blocked": -1, "dns": -1, "connect": -1, "send": 0, "wait": time, "receive": 0, "ssl": -1},
    });
    if let Some(p) = &e.pageref {
        v["pageref"] = Value::String(p.clone());
    }
    if let Some(t) = &e.resource_type {
        v["_resourceType"] = Value::String(t.clone());
    }
    if let Some(ip) = &e.server_ip {
        v["serverIPAddress"] = Value::String(ip.clone());
    }
    if let Some(i) = &e.initiator {
        v["_initiator"] = initiator_to_har(i);
    }
    v
}

fn headers_to_har(h: &crate::http::Headers) -> Value {
    name_values(h.iter().map(|x| (x.name.to_string(), x.value.clone())))
}

/// The entry's `request`, its `queryString` split from the URL.
fn request_to_har(e: &Entry) -> Value {
    let query = e
        .request
        .url
        .split('#')
        .next()
        .and_then(|u| u.split_once('?'))
        .map(|(_, q)| {
            q.split('&')
                .filter(|kv| !kv.is_empty())
                .map(|kv| kv.split_once('=').unwrap_or((kv, "")))
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect::<Vec<_>>()
        })
        .unwrap_or_default();
    let mut request = json!({
        "method": e.request.method.as_str(),
        "url": e.request.url,
        "httpVersion": if e.request.http_version.is_empty() { "HTTP/1.1" } else { &e.request.http_version },
        "cookies": [],
        "headers": headers_to_har(&e.request.headers),
        "queryString": name_values(query.into_iter()),
        "headersSize": -1,
        "bodySize": e.request.body_size,
    });
    if let Some(p) = &e.request.post_data {
        let mut pd = json!({"mimeType": p.mime_type, "text": p.text.clone().unwrap_or_default()});
        if !p.params.is_empty() {
            pd["params"] = name_values(p.params.iter().cloned());
        }
        request["postData"] = pd;
    }
    request
}

/// The entry's `response`.
fn response_to_har(e: &Entry) -> Value {
    let mut content = json!({"size": e.response.content.size, "mimeType": e.response.content.mime_type});
    if let Some(t) = &e.response.content.text {
        content["text"] = Value::String(t.clone());
    }
    let mut response = json!({
        "status": e.response.status,
        "statusText": e.response.status_text,
        "httpVersion": if e.response.http_version.is_empty() { "HTTP/1.1" } else { &e.response.http_version },
        "cookies": [],
        "headers": headers_to_har(&e.response.headers),
        "content": content,
        "redirectURL": e.response.redirect_url.clone().unwrap_or_default(),
        "headersSize": -1,
        "bodySize": -1,
    });
    if let Some(err) = &e.response.error {
        response["_error"] = Value::String(err.clone());
    }
    response
}

/// Chrome's `_initiator`, its call stack reduced to the one frame kept.
fn initiator_to_har(i: &Initiator) -> Value {
    let mut init = Map::new();
    init.insert("type".into(), Value::String(i.kind.clone()));
    if let Some(u) = &i.url {
        init.insert("url".into(), Value::String(u.clone()));
    }
    if let Some(id) = &i.request_id {
        init.insert("requestId".into(), Value::String(id.clone()));
    }
    if let Some(f) = &i.frame {
        init.insert(
            "stack".into(),
            json!({"callFrames": [{"functionName": f.function, "scriptId": "", "url": f.url,
                "lineNumber": f.line.saturating_sub(1), "columnNumber": f.column.saturating_sub(1)}]}),
        );
    }
    Value::Object(init)
}


/// Fixes what real exporters write that HAR 1.2 validators reject: Chrome
/// writes `serverIPAddress: ""` for requests without a response and `[::1]`
/// for IPv6. Nothing the engine reads is changed.
fn conform_entry(v: &mut Value) {
    let Some(o) = v.as_object_mut() else { return };
    let ip = o
        .get("serverIPAddress")
        .and_then(Value::as_str)
        .map(|s| s.trim().trim_start_matches('[').trim_end_matches(']').to_string());
    match ip {
        Some(ip) if ip.parse::<std::net::IpAddr>().is_ok() => {
            o.insert("serverIPAddress".into(), Value::String(ip));
        }
        Some(_) => {
            o.remove("serverIPAddress");
        }
        None => {}
    }
}

/// The facts a round trip must keep, per diagnosis.
fn verdict(d: &Diagnosis) -> String {
    serde_json::to_string(&json!([d.method, d.url, d.cause, d.cors_error, d.status, d.allowed, d.stack, d.needs_probe]))
        .unwrap_or_default()
}

/// The entries (engine indices, ascending) to export for `chosen` so that
/// diagnosing the export gives the same verdicts: the chosen exchanges' own
/// entries, plus, when their diagnosis leaned on other requests (another
/// method seen on the path, a stack signature seen elsewhere on the origin),
/// those as context — the smallest of: none, same path, same origin, all.
pub fn export_entries(engine: &Engine, chosen: &[&Diagnosis]) -> Vec<usize> {
    let own: BTreeSet<usize> = chosen.iter().flat_map(|d| d.entries.iter().copied()).collect();
    let want: Vec<String> = chosen.iter().map(|d| verdict(d)).collect();
    let keys = |f: &dyn Fn(&str) -> Option<String>| -> BTreeSet<String> {
        chosen
            .iter()
            .flat_map(|d| d.entries.iter().filter_map(|&i| engine.entry(i)).filter_map(|e| f(&e.request.url)))
            .collect()
    };
    let path_key =
        |u: &str| crate::http::split_url(u).map(|p| format!("{}{}", origin_of(u).unwrap_or_default(), p.path));
    let paths = keys(&path_key);
    let origins = keys(&origin_of);
    let with = |f: &dyn Fn(&Entry) -> bool| -> BTreeSet<usize> {
        let mut s = own.clone();
        for ex in engine.exchanges() {
            if ex.entries().filter_map(|i| engine.entry(i)).any(f) {
                s.extend(ex.entries());
            }
        }
        s
    };
    let candidates = [
        own.clone(),
        with(&|e| path_key(&e.request.url).is_some_and(|k| paths.contains(&k))),
        with(&|e| origin_of(&e.request.url).is_some_and(|o| origins.contains(&o))),
    ];
    for set in candidates {
        let mut sub = Engine::new();
        sub.extend(set.iter().filter_map(|&i| engine.entry(i)).cloned());
        let got: BTreeSet<String> = sub.diagnoses().map(verdict).collect();
        if want.iter().all(|w| got.contains(w)) {
            return set.into_iter().collect();
        }
    }
    (0..engine.entries().len()).collect()
}

/// A HAR 1.2 document holding the exchanges (preflights, requests, redirect
/// hops) of the shown diagnoses — failing ones, or all with `all` — plus any
/// context entries their diagnosis needs, redacted by `r`. `raw(i)` gives
/// entry `i` (engine index) as the JSON it was read from, when the caller
/// kept it (the CLI re-reads the file; it then exports bodies whole); else
/// the entry is rebuilt from the model. Each entry carries `_why405`:
/// `{"role": "request" | "context", "diagnosis": id}`.
pub fn har_export(engine: &Engine, all: bool, r: &Redactor, raw: &dyn Fn(usize) -> Option<Value>) -> Value {
    export(engine, &super::Selection::all(all).diagnoses(engine), r, raw)
}

/// [`har_export`] of the `chosen` diagnoses.
fn export(engine: &Engine, chosen: &[&Diagnosis], r: &Redactor, raw: &dyn Fn(usize) -> Option<Value>) -> Value {
    let indices = export_entries(engine, chosen);
    let own: BTreeSet<usize> = chosen.iter().flat_map(|d| d.entries.iter().copied()).collect();
    let mut items: Vec<(usize, Value)> =
        indices.iter().filter_map(|&i| raw(i).or_else(|| engine.entry(i).map(entry_to_har)).map(|v| (i, v))).collect();
    let mut r = r.clone();
    for (_, v) in &items {
        r.learn_har_entry(v);
    }
    let mut pagerefs = BTreeSet::new();
    for (i, v) in &mut items {
        r.har_entry(v);
        conform_entry(v);
        let id = engine.exchanges().iter().find(|ex| ex.entries().any(|k| k == *i)).map(|ex| ex.id);
        let role = if own.contains(i) { "request" } else { "context" };
        if let Some(o) = v.as_object_mut() {
            o.insert("_why405".into(), json!({"role": role, "diagnosis": id}));
            if let Some(p) = o.get("pageref").and_then(Value::as_str) {
                pagerefs.insert(p.to_string());
            }
        }
    }
    let pages = pages(engine, &pagerefs, &r);
    // An entry pointing at a page that is not exported loses its pageref.
    let ids: BTreeSet<&str> = pages.iter().filter_map(|p| p["id"].as_str()).collect();
    for (_, v) in &mut items {
        let dangling = v.get("pageref").and_then(Value::as_str).is_some_and(|p| !ids.contains(p));
        if dangling {
            if let Some(o) = v.as_object_mut() {
                o.remove("pageref");
            }
        }
    }
    let entries = items.into_iter().map(|(_, v)| v).collect();
    document(engine, chosen.len(), pages, entries, &r)
}

/// The pages the exported entries point at (those with a start time), redacted.
fn pages(engine: &Engine, pagerefs: &BTreeSet<String>, r: &Redactor) -> Vec<Value> {
    engine
        .pages
        .iter()
        .filter(|p| pagerefs.contains(&p.id) && !p.started.is_empty())
        .map(|p| {
            let mut v = json!({
                "startedDateTime": p.started,
                "id": p.id,
                "title": p.title,
                "pageTimings": {"onContentLoad": -1, "onLoad": -1}
            });
            r.har_page(&mut v);
            v
        })
        .collect()
}

/// `{"log": …}` around the exported pages and entries (of `count` requests).
fn document(engine: &Engine, count: usize, pages: Vec<Value>, entries: Vec<Value>, r: &Redactor) -> Value {
    let source = engine
        .creator
        .as_ref()
        .map(|c| format!("{} {}", c.name, c.version))
        .unwrap_or_else(|| "an unknown exporter".into());
    let mut log = json!({
        "version": "1.2",
        "creator": {"name": "why405", "version": env!("CARGO_PKG_VERSION")},
        "pages": pages,
        "entries": entries,
        "comment": format!(
            "why405 export of {count} request(s) from a HAR written by {source}; {}",
            if r.enabled() { "secrets redacted" } else { "NOT redacted: contains secrets" }
        ),
    });
    if let Some(b) = &engine.browser {
        log["browser"] = json!({"name": b.name, "version": b.version});
    }
    json!({ "log": log })
}
