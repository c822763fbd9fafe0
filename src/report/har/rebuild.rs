//! A HAR 1.2 entry rebuilt from the parsed model, for the surfaces that do
//! not keep the entry's JSON (the panel's file mode, input the raw reader
//! cannot take).

use serde_json::{json, Map, Value};

use crate::har::{Entry, Initiator};

fn name_values(pairs: impl Iterator<Item = (String, String)>) -> Value {
    Value::Array(pairs.map(|(n, v)| json!({"name": n, "value": v})).collect())
}

/// A HAR 1.2 entry rebuilt from the parsed model (for surfaces that do not
/// keep the raw JSON). Bodies are the kept ones (cut at `BODY_KEEP` bytes).
pub(super) fn entry_to_har(e: &Entry) -> Value {
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
        v["pageref"] = Value::String(p.to_string());
    }
    if let Some(t) = &e.resource_type {
        v["_resourceType"] = Value::String(t.to_string());
    }
    if let Some(ip) = &e.server_ip {
        v["serverIPAddress"] = Value::String(ip.to_string());
    }
    if let Some(i) = &e.initiator {
        v["_initiator"] = initiator_to_har(i);
    }
    v
}

fn headers_to_har(h: &crate::http::Headers) -> Value {
    name_values(h.iter().map(|x| (x.name.to_string(), x.value.to_string())))
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
        content["text"] = Value::String(t.to_string());
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
        response["_error"] = Value::String(err.to_string());
    }
    if e.response.via_service_worker {
        response["_fetchedViaServiceWorker"] = Value::Bool(true);
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


