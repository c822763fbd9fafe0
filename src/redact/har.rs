//! Raw HAR entries (`log.entries[i]` as JSON), walked field by field for the HAR export.

use serde_json::Value;

use super::mask::mask;
use super::{Found, Redactor};
use crate::codec::{base64_decode, base64_encode};

/// The `comment` of a response `content` whose binary body was dropped.
pub(super) const BINARY_DROPPED: &str =
    "why405: this binary (base64) body held a secret and was left out of the export: masking it would corrupt it";

/// `scheme://…` with no whitespace.
fn looks_like_url(s: &str) -> bool {
    s.split_once("://").is_some_and(|(scheme, _)| {
        !scheme.is_empty() && scheme.bytes().all(|c| c.is_ascii_alphanumeric() || matches!(c, b'+' | b'-' | b'.'))
    }) && !s.contains(char::is_whitespace)
}

impl Redactor {
    /// Redacts one raw HAR entry (`log.entries[i]` as JSON) in place: URLs,
    /// headers, `cookies` arrays, `queryString`, `postData` (text and
    /// params), `redirectURL`, response bodies (base64 ones decoded when
    /// they are UTF-8 text), initiators, and any other string by the text rules.
    pub fn har_entry(&self, entry: &mut Value) {
        if !self.enabled() {
            return;
        }
        let mut found = Found::new();
        self.har_entry_inner(entry, &mut found);
    }

    /// Redacts a HAR page (`log.pages[i]`): its title is usually the page URL.
    pub fn har_page(&self, page: &mut Value) {
        if !self.enabled() {
            return;
        }
        if let Some(Value::String(t)) = page.get_mut("title") {
            *t = self.text(t);
        }
    }

    pub(super) fn har_entry_inner(&self, entry: &mut Value, found: &mut Found) {
        let Some(obj) = entry.as_object_mut() else { return };
        for (side, value) in obj.iter_mut() {
            match side.as_str() {
                "request" | "response" => self.har_message(value, side == "request", found),
                _ => self.walk_strings(value, found),
            }
        }
    }

    pub(super) fn har_message(&self, msg: &mut Value, is_request: bool, found: &mut Found) {
        let Some(m) = msg.as_object_mut() else { return };
        let mime = m.get("content").and_then(|c| c.get("mimeType")).and_then(Value::as_str).unwrap_or("").to_string();
        for (key, v) in m.iter_mut() {
            match key.as_str() {
                "url" | "redirectURL" => {
                    if let Value::String(s) = v {
                        *s = self.url_inner(s, found);
                    }
                }
                "headers" => self.har_headers(v, found),
                "cookies" => har_cookies(v, found),
                "queryString" => self.har_query(v, found),
                "postData" => self.har_post_data(v, found),
                "content" if !is_request => self.har_content(v, &mime, found),
                _ => self.walk_strings(v, found),
            }
        }
    }

    /// A HAR `headers` array: each value masked per its name.
    pub(super) fn har_headers(&self, v: &mut Value, found: &mut Found) {
        for h in v.as_array_mut().into_iter().flatten() {
            let name = h.get("name").and_then(Value::as_str).unwrap_or("").to_string();
            if let Some(Value::String(val)) = h.get_mut("value") {
                *val = self.header_inner(&name, val, found);
            }
        }
    }

    /// A HAR `queryString` array: values masked as in the URL (secret by name, or holding a secret).
    pub(super) fn har_query(&self, v: &mut Value, found: &mut Found) {
        for p in v.as_array_mut().into_iter().flatten() {
            let name = p.get("name").and_then(Value::as_str).unwrap_or("").to_string();
            if let Some(Value::String(val)) = p.get_mut("value") {
                if let Some(m) = self.param(&name, val, true, found) {
                    *val = m;
                }
            }
        }
    }

    /// A HAR `postData`: its text as a body, its `params` as form fields.
    pub(super) fn har_post_data(&self, v: &mut Value, found: &mut Found) {
        let pmime = v.get("mimeType").and_then(Value::as_str).unwrap_or("").to_string();
        if let Some(Value::String(t)) = v.get_mut("text") {
            *t = self.body_inner(&pmime, t, found);
        }
        for p in v.get_mut("params").and_then(Value::as_array_mut).into_iter().flatten() {
            let name = p.get("name").and_then(Value::as_str).unwrap_or("").to_string();
            if let Some(Value::String(val)) = p.get_mut("value") {
                if let Some(m) = self.param(&name, val, false, found) {
                    *val = m;
                }
            }
        }
    }

    /// A HAR response `content`: its text as a body of type `mime` (a base64
    /// one decoded when it is UTF-8 text, and encoded again if masked).
    pub(super) fn har_content(&self, v: &mut Value, mime: &str, found: &mut Found) {
        let base64 = v.get("encoding").and_then(Value::as_str).is_some_and(|e| e.eq_ignore_ascii_case("base64"));
        let Some(c) = v.as_object_mut() else { return };
        let Some(Value::String(t)) = c.get("text").cloned() else { return };
        let bytes = if base64 { base64_decode(&t) } else { None };
        if let Some(bytes) = bytes {
            match String::from_utf8(bytes) {
                Ok(plain) => {
                    let r = self.body_inner(mime, &plain, found);
                    if r != plain {
                        c.insert("text".into(), Value::String(base64_encode(r.as_bytes())));
                    }
                }
                Err(e) => {
                    // Binary: masking inside it would corrupt it. When its text holds a secret, it is dropped.
                    let lossy = String::from_utf8_lossy(e.as_bytes()).into_owned();
                    if self.body_text(&lossy, found) != lossy {
                        c.remove("text");
                        c.remove("encoding");
                        c.insert("comment".into(), Value::String(BINARY_DROPPED.into()));
                    }
                }
            }
        } else {
            c.insert("text".into(), Value::String(self.body_inner(mime, &t, found)));
        }
    }

    /// URL rules on every URL, body rules on every other string (not object keys) under `v`: `comment`s,
    /// `_webSocketMessages` data (JSON, form or text), initiators, anything an exporter added.
    pub(super) fn walk_strings(&self, v: &mut Value, found: &mut Found) {
        match v {
            Value::String(s) => {
                let r = if looks_like_url(s) { self.url_inner(s, found) } else { self.body_inner("", s, found) };
                if r != *s {
                    *s = r;
                }
            }
            Value::Array(a) => a.iter_mut().for_each(|x| self.walk_strings(x, found)),
            Value::Object(o) => o.values_mut().for_each(|x| self.walk_strings(x, found)),
            _ => {}
        }
    }
}

/// A HAR `cookies` array: every value masked.
pub(super) fn har_cookies(v: &mut Value, found: &mut Found) {
    for c in v.as_array_mut().into_iter().flatten() {
        if let Some(Value::String(val)) = c.get_mut("value") {
            if !val.is_empty() {
                found.push(val.clone());
                *val = mask(val);
            }
        }
    }
}
