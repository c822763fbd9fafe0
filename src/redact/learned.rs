//! Learned secrets: every value masked somewhere is remembered, then scrubbed from free text.

use std::collections::HashMap;

use serde_json::Value;

use super::mask::mask;
use super::policy::HeaderClass;
use super::{Found, Redactor};
use crate::codec::percent_decode;
use crate::har::Entry;

/// The bit of a secret's first four bytes in [`Redactor::starts`] (a hash to 16 bits).
pub(super) fn quad_key(b: &[u8]) -> usize {
    let x = u32::from_le_bytes([b[0], b[1], b[2], b[3]]);
    (x.wrapping_mul(0x9E37_79B1) >> 16) as usize
}

impl Redactor {
    pub(super) fn add_learned(&mut self, found: Found) {
        for s in found {
            let s = s.trim().to_string();
            if s.chars().count() < self.policy.min_learned_len || s.starts_with("[redacted") || s.contains("[redacted")
            {
                continue;
            }
            let decoded = percent_decode(&s);
            if decoded != s
                && decoded.chars().count() >= self.policy.min_learned_len
                && !self.learned.contains(&decoded)
            {
                self.learned.push(decoded);
            }
            if !self.learned.contains(&s) {
                self.learned.push(s);
            }
        }
        self.learned.sort_by_key(|s| std::cmp::Reverse(s.len()));
        self.starts.clear();
        if self.learned.iter().all(|s| s.len() >= 4) {
            self.starts.resize(1 << 10, 0);
            for s in &self.learned {
                let k = quad_key(s.as_bytes());
                self.starts[k >> 6] |= 1 << (k & 63);
            }
        }
    }

    /// False when no learned secret can occur in `s` (a scan of its 4-byte
    /// windows against the learned secrets' first four bytes).
    pub(super) fn may_hold_learned(&self, s: &str) -> bool {
        if self.starts.is_empty() {
            return !self.learned.is_empty();
        }
        s.as_bytes().windows(4).any(|w| {
            let k = quad_key(w);
            self.starts[k >> 6] & (1 << (k & 63)) != 0
        })
    }

    /// Learns the secrets of parsed entries (headers, URLs, kept bodies).
    pub fn learn_entries<'a>(&mut self, entries: impl IntoIterator<Item = &'a Entry>) {
        if !self.enabled() {
            return;
        }
        let mut found = Found::new();
        // header names repeat from entry to entry: each is classified once
        let mut classes: HashMap<&str, HeaderClass> = HashMap::new();
        for e in entries {
            self.url_inner(&e.request.url, &mut found);
            for h in e.request.headers.iter().chain(e.response.headers.iter()) {
                let class = *classes.entry(h.name.as_str()).or_insert_with(|| self.header_class(&h.name));
                self.header_as(class, &h.value, &mut found);
            }
            if let Some(r) = &e.response.redirect_url {
                self.url_inner(r, &mut found);
            }
            if let Some(p) = &e.request.post_data {
                if let Some(t) = &p.text {
                    self.body_inner(&p.mime_type, t, &mut found);
                }
                for (k, v) in &p.params {
                    if self.is_secret_field(k) {
                        found.push(v.clone());
                    }
                }
            }
            if let Some(t) = &e.response.content.text {
                self.body_inner(&e.response.content.mime_type, t, &mut found);
            }
        }
        self.add_learned(found);
    }

    /// Learns the secrets of one raw HAR entry (`log.entries[i]` as JSON).
    pub fn learn_har_entry(&mut self, entry: &Value) {
        if !self.enabled() {
            return;
        }
        let mut copy = entry.clone();
        let mut found = Found::new();
        self.har_entry_inner(&mut copy, &mut found);
        self.add_learned(found);
    }

    pub(super) fn scrub_learned(&self, s: &str) -> String {
        let mut out = s.to_string();
        if !self.may_hold_learned(s) {
            return out;
        }
        for secret in &self.learned {
            if out.contains(secret.as_str()) {
                out = out.replace(secret.as_str(), &mask(secret));
            }
        }
        out
    }
}
