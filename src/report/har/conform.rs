//! Makes an exported entry valid HAR 1.2 whatever the source wrote: fills
//! what it left out (Firefox's empty `timings`, mitmproxy's missing
//! `content.size`, a missing `httpVersion`, `cookies`, `headersSize`…) and
//! replaces what has the wrong type, with the values HAR gives for "unknown"
//! (-1 for sizes, `""` for strings, empty lists); fields the format makes
//! optional are dropped when unreadable. What the engine reads from an entry
//! is kept as it was, so diagnosing the export gives the same verdicts. The
//! rules are the HAR 1.2 schema's (the `har-schema` package that validators
//! use), checked by `tests/har_export_valid.rs`.

use serde_json::{json, Map, Value};

/// The start time written when the source has none that reads as one.
const EPOCH: &str = "1970-01-01T00:00:00.000Z";

/// `browser` / `creator`.
pub(super) fn software(name: &str, version: &str) -> Value {
    json!({"name": name, "version": version})
}

/// Makes `log.entries[i]` valid HAR 1.2 in place.
pub(super) fn entry(v: &mut Value) {
    let Some(o) = v.as_object_mut() else { return };
    let started = o.get("startedDateTime").and_then(Value::as_str).map(date_time);
    o.insert("startedDateTime".into(), Value::String(started.flatten().unwrap_or_else(|| EPOCH.into())));
    let time = o.get("time").and_then(Value::as_f64).filter(|t| t.is_finite() && *t >= 0.0);
    if time.is_none() {
        o.insert("time".into(), json!(0));
    }
    with_object(o, "request", request);
    with_object(o, "response", response);
    with_object(o, "cache", cache);
    with_object(o, "timings", |t| timings(t, time.unwrap_or(0.0)));
    for key in ["pageref", "connection", "comment"] {
        optional_string(o, key);
    }
    server_ip(o);
}

/// Runs `f` on the object at `key`, made one when it is missing or not an object.
fn with_object(o: &mut Map<String, Value>, key: &str, f: impl FnOnce(&mut Map<String, Value>)) {
    let slot = o.entry(key).or_insert_with(|| Value::Object(Map::new()));
    if !slot.is_object() {
        *slot = Value::Object(Map::new());
    }
    if let Value::Object(m) = slot {
        f(m);
    }
}

fn request(o: &mut Map<String, Value>) {
    string(o, "method", "GET");
    string(o, "url", "");
    if let Some(Value::String(u)) = o.get_mut("url") {
        if let Some(fixed) = uri(u) {
            *u = fixed;
        }
    }
    string(o, "httpVersion", "");
    pairs(o, "cookies", true);
    pairs(o, "headers", false);
    pairs(o, "queryString", false);
    integer(o, "headersSize");
    integer(o, "bodySize");
    match o.get_mut("postData") {
        Some(Value::Object(p)) => {
            string(p, "mimeType", "");
            optional_string(p, "text");
            if p.get("params").is_some_and(|x| !x.is_array()) {
                p.remove("params");
            }
        }
        Some(_) => {
            o.remove("postData");
        }
        None => {}
    }
    optional_string(o, "comment");
}

fn response(o: &mut Map<String, Value>) {
    if !o.get("status").is_some_and(is_integer) {
        o.insert("status".into(), json!(0));
    }
    string(o, "statusText", "");
    string(o, "httpVersion", "");
    pairs(o, "cookies", true);
    pairs(o, "headers", false);
    with_object(o, "content", content);
    string(o, "redirectURL", "");
    integer(o, "headersSize");
    integer(o, "bodySize");
    optional_string(o, "comment");
}

/// `response.content`: a missing `size` (mitmproxy) is the kept text's length.
fn content(c: &mut Map<String, Value>) {
    let text_len = c.get("text").and_then(Value::as_str).map(str::len);
    if !c.get("size").is_some_and(is_integer) {
        c.insert("size".into(), json!(text_len.unwrap_or(0)));
    }
    string(c, "mimeType", "");
    for key in ["text", "encoding", "comment"] {
        optional_string(c, key);
    }
    if c.get("compression").is_some_and(|x| !is_integer(x)) {
        c.remove("compression");
    }
}

/// `cache`: `beforeRequest` / `afterRequest` are null or hold the three
/// fields HAR requires; anything else is dropped.
fn cache(o: &mut Map<String, Value>) {
    for key in ["beforeRequest", "afterRequest"] {
        let ok = match o.get(key) {
            None | Some(Value::Null) => true,
            Some(Value::Object(c)) => {
                c.get("lastAccess").and_then(Value::as_str).is_some_and(|s| date_time(s).as_deref() == Some(s))
                    && c.get("eTag").is_some_and(Value::is_string)
                    && c.get("hitCount").is_some_and(is_integer)
                    && c.get("expires").is_none_or(|e| e.as_str().is_some_and(|s| date_time(s).as_deref() == Some(s)))
            }
            Some(_) => false,
        };
        if !ok {
            o.remove(key);
        }
    }
    optional_string(o, "comment");
}

/// `timings`: `send`, `wait` and `receive` are required (Firefox writes `{}`
/// for a request that got no response): a missing one is 0, with the entry's
/// whole `time` as the wait when none of the three is known.
fn timings(o: &mut Map<String, Value>, time: f64) {
    let known = ["send", "wait", "receive"].iter().any(|k| o.get(*k).is_some_and(Value::is_number));
    for key in ["send", "wait", "receive"] {
        if !o.get(key).is_some_and(Value::is_number) {
            let fill = if key == "wait" && !known { time } else { 0.0 };
            o.insert(key.into(), json!(fill));
        }
    }
    for key in ["blocked", "dns", "connect", "ssl"] {
        if o.get(key).is_some_and(|x| !x.is_number()) {
            o.remove(key);
        }
    }
    optional_string(o, "comment");
}

/// A list of `{name, value}` (headers, query, cookies): items that are not
/// objects are dropped; a name or value that is not a string becomes one.
/// Cookies' optional fields are dropped when unreadable.
fn pairs(o: &mut Map<String, Value>, key: &str, cookies: bool) {
    let slot = o.entry(key).or_insert_with(|| Value::Array(Vec::new()));
    if !slot.is_array() {
        *slot = Value::Array(Vec::new());
    }
    let Value::Array(items) = slot else { return };
    items.retain(Value::is_object);
    for item in items.iter_mut() {
        let Value::Object(p) = item else { continue };
        for k in ["name", "value"] {
            let s = match p.get(k) {
                Some(Value::String(_)) => continue,
                Some(Value::Null) | None => String::new(),
                Some(other) => other.to_string(),
            };
            p.insert(k.into(), Value::String(s));
        }
        optional_string(p, "comment");
        if cookies {
            for k in ["path", "domain"] {
                optional_string(p, k);
            }
            for k in ["httpOnly", "secure"] {
                if p.get(k).is_some_and(|x| !x.is_boolean()) {
                    p.remove(k);
                }
            }
            let expires_ok = match p.get("expires") {
                None | Some(Value::Null) => true,
                Some(Value::String(s)) => date_time(s).as_deref() == Some(s.as_str()),
                Some(_) => false,
            };
            if !expires_ok {
                p.remove("expires");
            }
        }
    }
}

/// A required string: a missing one is `default`, a number or boolean its
/// JSON text, anything else `default`.
fn string(o: &mut Map<String, Value>, key: &str, default: &str) {
    let s = match o.get(key) {
        Some(Value::String(_)) => return,
        Some(v @ (Value::Number(_) | Value::Bool(_))) => v.to_string(),
        _ => default.to_string(),
    };
    o.insert(key.into(), Value::String(s));
}

/// An optional string: dropped when it is not one.
fn optional_string(o: &mut Map<String, Value>, key: &str) {
    if o.get(key).is_some_and(|v| !v.is_string()) {
        o.remove(key);
    }
}

/// A required integer size: -1 (unknown) when missing or not an integer.
fn integer(o: &mut Map<String, Value>, key: &str) {
    if !o.get(key).is_some_and(is_integer) {
        o.insert(key.into(), json!(-1));
    }
}

/// An integer as JSON Schema reads one (`12.0` is one).
fn is_integer(v: &Value) -> bool {
    v.is_i64() || v.is_u64() || v.as_f64().is_some_and(|f| f.is_finite() && f.fract() == 0.0)
}

/// Chrome writes `serverIPAddress: ""` for requests without a response and
/// `[::1]` for IPv6: an address is written bare, anything else is dropped.
fn server_ip(o: &mut Map<String, Value>) {
    let ip = o
        .get("serverIPAddress")
        .map(|v| v.as_str().unwrap_or("").trim().trim_start_matches('[').trim_end_matches(']').to_string());
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

/// A URL as a URI reference validators accept: white space (which JSON
/// Schema's `uri` format refuses anywhere) percent-encoded; `None` when
/// nothing needs to change.
fn uri(u: &str) -> Option<String> {
    if !u.chars().any(is_js_space) {
        return None;
    }
    let mut out = String::with_capacity(u.len() + 8);
    for c in u.chars() {
        if is_js_space(c) {
            let mut buf = [0u8; 4];
            for b in c.encode_utf8(&mut buf).bytes() {
                out.push_str(&format!("%{b:02X}"));
            }
        } else {
            out.push(c);
        }
    }
    Some(out)
}

/// White space as JavaScript's `\s` matches it (what ajv's formats use).
fn is_js_space(c: char) -> bool {
    c.is_whitespace() || c == '\u{feff}'
}

/// `s` as a HAR date-time (`2026-01-01T00:00:00.000Z`): as it is when it is
/// one; a space for the `T`, a lower-case `t`/`z` or a missing zone (read as
/// UTC) are mended; `None` when it is no date-time.
pub(super) fn date_time(s: &str) -> Option<String> {
    let t = s.trim();
    let b = t.as_bytes();
    if b.len() < 19 {
        return None;
    }
    let digits = |r: std::ops::Range<usize>| b.get(r).is_some_and(|x| x.iter().all(u8::is_ascii_digit));
    let shape = digits(0..4)
        && b[4] == b'-'
        && digits(5..7)
        && b[7] == b'-'
        && digits(8..10)
        && matches!(b[10], b'T' | b't' | b' ')
        && digits(11..13)
        && b[13] == b':'
        && digits(14..16)
        && b[16] == b':'
        && digits(17..19);
    if !shape {
        return None;
    }
    let mut rest = &t[19..];
    let mut out = format!("{}T{}", &t[..10], &t[11..19]);
    if let Some(frac) = rest.strip_prefix('.') {
        let n = frac.bytes().take_while(u8::is_ascii_digit).count();
        if n == 0 {
            return None;
        }
        out.push_str(&rest[..n + 1]);
        rest = &frac[n..];
    }
    let zone = match rest {
        "" | "Z" | "z" => "Z".to_string(),
        z if z.len() == 6 && matches!(&z[..1], "+" | "-") && z.as_bytes()[3] == b':' => z.to_string(),
        z if z.len() == 5 && matches!(&z[..1], "+" | "-") => z.to_string(),
        _ => return None,
    };
    let zone_ok = zone == "Z" || zone[1..].bytes().filter(u8::is_ascii_digit).count() == 4;
    zone_ok.then(|| out + &zone)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn date_times_are_kept_or_mended() {
        assert_eq!(date_time("2026-11-30T10:00:00.123Z").as_deref(), Some("2026-11-30T10:00:00.123Z"));
        assert_eq!(date_time("2026-11-30T10:00:00.123+01:00").as_deref(), Some("2026-11-30T10:00:00.123+01:00"));
        assert_eq!(date_time("2026-11-30 10:00:00").as_deref(), Some("2026-11-30T10:00:00Z"));
        assert_eq!(date_time("2026-11-30t10:00:00.5z").as_deref(), Some("2026-11-30T10:00:00.5Z"));
        assert_eq!(date_time("yesterday"), None);
        assert_eq!(date_time("2026-11-30T10:00:00+1"), None);
    }

    #[test]
    fn a_firefox_entry_without_timings_or_sizes_is_filled() {
        let mut v = json!({"startedDateTime": "2026-11-30T10:00:00Z", "time": 5,
            "request": {"method": "PUT", "url": "http://a.test/x y", "headers": [{"name": "A", "value": 1}]},
            "response": {"status": 0, "content": {"mimeType": "text/plain", "text": "abc"}},
            "cache": {"beforeRequest": {}}, "timings": {}, "serverIPAddress": ""});
        entry(&mut v);
        assert_eq!(v["timings"], json!({"send": 0.0, "wait": 5.0, "receive": 0.0}));
        assert_eq!(v["request"]["url"], "http://a.test/x%20y");
        assert_eq!(v["request"]["headers"][0]["value"], "1");
        assert_eq!(v["request"]["httpVersion"], "");
        assert_eq!(v["request"]["headersSize"], -1);
        assert_eq!(v["response"]["content"]["size"], 3);
        assert_eq!(v["cache"], json!({}));
        assert!(v.get("serverIPAddress").is_none());
    }
}
