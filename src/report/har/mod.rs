//! The HAR export: a HAR 1.2 document holding only the exchanges that matter (preflights, requests, redirect
//! hops) plus the context entries their diagnosis needs, redacted, importable into DevTools.

mod conform;
mod document;
mod rebuild;

use std::collections::BTreeSet;
use std::io;

use serde_json::{json, Value};

use super::{Options, Spec};
use crate::diagnose::Diagnosis;
use crate::engine::Engine;
use crate::har::Entry;
use crate::http::origin_of;
use crate::redact::Redactor;
use document::Export;

pub(super) const SPEC: Spec = Spec {
    name: "har",
    aliases: &[],
    extension: "har",
    mime: "application/json",
    file_name: "why405-export.har",
};

/// The export of the shown diagnoses ([`har_export`]), indented unless
/// `compact`, written entry by entry: the document is never held whole.
pub(super) fn render<W: io::Write + ?Sized>(engine: &Engine, opts: &Options, w: &mut W) -> io::Result<()> {
    // The export reads every chosen diagnosis more than once: computed once here when the engine is lazy.
    let chosen: Vec<_> = opts.selection.shown(engine).iter().filter_map(|s| engine.diagnosis_now(s.id)).collect();
    let chosen: Vec<&Diagnosis> = chosen.iter().map(|d| &**d).collect();
    let doc = Export::new(engine, &chosen, opts.redactor, opts.raw.unwrap_or(&|_| None));
    let w = &mut IoWrite(w);
    let written = if opts.compact { serde_json::to_writer(w, &doc) } else { serde_json::to_writer_pretty(w, &doc) };
    written.map_err(io::Error::from)
}

/// `&mut dyn Write` as a sized writer for serde_json.
struct IoWrite<'a, W: io::Write + ?Sized>(&'a mut W);

impl<W: io::Write + ?Sized> io::Write for IoWrite<'_, W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.0.write(buf)
    }
    fn write_all(&mut self, buf: &[u8]) -> io::Result<()> {
        self.0.write_all(buf)
    }
    fn flush(&mut self) -> io::Result<()> {
        self.0.flush()
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
    // The whole capture diagnoses as it did: no need to check it again.
    let complete = |set: &BTreeSet<usize>| set.len() == engine.entries().len();
    let same_verdicts = |set: &BTreeSet<usize>| {
        let mut sub = Engine::new();
        sub.extend(set.iter().filter_map(|&i| engine.entry(i)).cloned());
        let got: BTreeSet<String> = sub.diagnoses().map(verdict).collect();
        want.iter().all(|w| got.contains(w))
    };
    // The candidates, smallest first, each built only when the one before falls short.
    let candidates: [&dyn Fn() -> BTreeSet<usize>; 3] = [
        &|| own.clone(),
        &|| with(&|e| path_key(&e.request.url).is_some_and(|k| paths.contains(&k))),
        &|| with(&|e| origin_of(&e.request.url).is_some_and(|o| origins.contains(&o))),
    ];
    for candidate in candidates {
        let set = candidate();
        if complete(&set) || same_verdicts(&set) {
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
/// `{"role": "request" | "context", "diagnosis": id}`. Whatever the source
/// left out or wrote wrong, the document is valid HAR 1.2 ([`conform`]).
pub fn har_export(engine: &Engine, all: bool, r: &Redactor, raw: &dyn Fn(usize) -> Option<Value>) -> Value {
    let chosen = super::Selection::all(all).diagnoses(engine);
    serde_json::to_value(Export::new(engine, &chosen, r, raw)).unwrap_or(Value::Null)
}

/// The pages the exported entries point at (those with a start time that
/// reads as one), redacted.
pub(super) fn pages(engine: &Engine, pagerefs: &BTreeSet<String>, r: &Redactor) -> Vec<Value> {
    engine
        .pages
        .iter()
        .filter(|p| pagerefs.contains(&p.id))
        .filter_map(|p| Some((p, conform::date_time(&p.started)?)))
        .map(|(p, started)| {
            let mut v = json!({
                "startedDateTime": started,
                "id": p.id,
                "title": p.title,
                "pageTimings": {"onContentLoad": -1, "onLoad": -1}
            });
            r.har_page(&mut v);
            v
        })
        .collect()
}
