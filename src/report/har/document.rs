//! The export document, serialized as it is produced: the entries are read
//! (from the caller's raw JSON, or rebuilt from the model) twice, once to
//! learn their secrets and once to write them redacted, and only one entry is
//! held at a time. Keys come out in the order of a `serde_json::Value`
//! (sorted), as they did when the document was built whole.

use std::collections::BTreeSet;

use serde::ser::{SerializeMap, SerializeSeq, Serializer};
use serde::Serialize;
use serde_json::{json, Value};

use super::conform;
use super::rebuild::entry_to_har;
use crate::diagnose::Diagnosis;
use crate::engine::Engine;
use crate::redact::Redactor;

/// Entry `i` (engine index) as the JSON it was read from, when the caller kept it.
type Raw<'a> = &'a dyn Fn(usize) -> Option<Value>;

/// The export of some diagnoses, ready to serialize.
pub(super) struct Export<'a> {
    engine: &'a Engine,
    /// Engine indices of the exported entries, ascending.
    indices: Vec<usize>,
    /// The entries of the chosen exchanges themselves (the others are context).
    own: BTreeSet<usize>,
    count: usize,
    raw: Raw<'a>,
    /// The caller's redactor, having learned the exported entries' secrets too.
    redactor: Redactor,
    pages: Vec<Value>,
    /// The ids of `pages`, as written.
    page_ids: BTreeSet<String>,
}

impl<'a> Export<'a> {
    pub(super) fn new(engine: &'a Engine, chosen: &[&Diagnosis], r: &Redactor, raw: Raw<'a>) -> Self {
        let indices = super::export_entries(engine, chosen);
        let own: BTreeSet<usize> = chosen.iter().flat_map(|d| d.entries.iter().copied()).collect();
        let mut redactor = r.clone();
        let mut pagerefs = BTreeSet::new();
        for &i in &indices {
            if let Some(v) = read(engine, raw, i) {
                redactor.learn_har_entry(&v);
                if let Some(p) = v.get("pageref").and_then(Value::as_str) {
                    pagerefs.insert(p.to_string());
                }
            }
        }
        let pages = super::pages(engine, &pagerefs, &redactor);
        let page_ids = pages.iter().filter_map(|p| p["id"].as_str().map(str::to_string)).collect();
        Export { engine, indices, own, count: chosen.len(), raw, redactor, pages, page_ids }
    }

    /// Exported entry `i`: redacted, made valid, labelled.
    fn entry(&self, i: usize) -> Option<Value> {
        let mut v = read(self.engine, self.raw, i)?;
        self.redactor.har_entry(&mut v);
        conform::entry(&mut v);
        let o = v.as_object_mut()?;
        let role = if self.own.contains(&i) { "request" } else { "context" };
        o.insert("_why405".into(), json!({"role": role, "diagnosis": self.engine.exchange_of(i)}));
        // An entry pointing at a page that is not exported loses its pageref.
        if o.get("pageref").and_then(Value::as_str).is_some_and(|p| !self.page_ids.contains(p)) {
            o.remove("pageref");
        }
        Some(v)
    }

    fn comment(&self) -> String {
        let source = self
            .engine
            .creator
            .as_ref()
            .map(|c| format!("{} {}", c.name, c.version))
            .unwrap_or_else(|| "an unknown exporter".into());
        let how = if self.redactor.enabled() { "secrets redacted" } else { "NOT redacted: contains secrets" };
        format!("why405 export of {} request(s) from a HAR written by {source}; {how}", self.count)
    }
}

fn read(engine: &Engine, raw: Raw, i: usize) -> Option<Value> {
    raw(i).or_else(|| engine.entry(i).map(entry_to_har))
}

impl Serialize for Export<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(Some(1))?;
        m.serialize_entry("log", &Log(self))?;
        m.end()
    }
}

/// `log`, its keys in sorted order.
struct Log<'a, 'b>(&'b Export<'a>);

impl Serialize for Log<'_, '_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let x = self.0;
        let mut m = s.serialize_map(None)?;
        if let Some(b) = &x.engine.browser {
            m.serialize_entry("browser", &conform::software(&b.name, &b.version))?;
        }
        m.serialize_entry("comment", &x.comment())?;
        m.serialize_entry("creator", &json!({"name": "why405", "version": env!("CARGO_PKG_VERSION")}))?;
        m.serialize_entry("entries", &Entries(x))?;
        m.serialize_entry("pages", &x.pages)?;
        m.serialize_entry("version", "1.2")?;
        m.end()
    }
}

/// `log.entries`, produced one at a time.
struct Entries<'a, 'b>(&'b Export<'a>);

impl Serialize for Entries<'_, '_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let x = self.0;
        let mut seq = s.serialize_seq(None)?;
        for &i in &x.indices {
            if let Some(v) = x.entry(i) {
                seq.serialize_element(&v)?;
            }
        }
        seq.end()
    }
}
