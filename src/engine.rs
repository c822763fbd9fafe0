//! The incremental engine: entries go in one at a time (the extension feeds
//! them live) or all at once (a HAR file); only the diagnoses an entry can
//! change are recomputed. A whole file goes through the same code.

use std::cell::RefCell;
use std::collections::{BTreeSet, HashMap, HashSet};

use std::borrow::Cow;

use crate::diagnose::layer::SHAPES_MAX;
use crate::diagnose::{diagnose, Brief, Context, Diagnosis, Shape};
use crate::exchange::{Exchange, Pairer};
use crate::har::{Entry, Har, HarError, Page, Software};
use crate::http::{origin_of, split_url, Method};
use crate::stack::{self, Detection, Stack};

type PathKey = (String, String);

fn key_of(url: &str) -> PathKey {
    let origin = origin_of(url).unwrap_or_default();
    let path = split_url(url).map(|p| p.path.to_string()).unwrap_or_default();
    (origin, path)
}

/// An entry's stack signatures, as the engine reads them when it ingests
/// the entry (`None` without a response).
pub fn detect_entry(entry: &Entry) -> Option<Detection> {
    let status = entry.response.status;
    (status > 0).then(|| stack::detect(status, &entry.response.headers, entry.response.content.text.as_deref()))
}

/// Everything the engine knows about one capture.
#[derive(Debug, Default)]
pub struct Engine {
    entries: Vec<Entry>,
    /// Each entry's stack signatures (`None` without a response), read once.
    detections: Vec<Detected>,
    pairer: Pairer,
    diagnoses: Vec<Option<Diagnosis>>,
    /// A lazy engine's diagnoses, in brief (see [`Engine::set_lazy`]); empty otherwise.
    briefs: Vec<Option<Brief>>,
    /// Keep no diagnoses, only their briefs (see [`Engine::set_lazy`]).
    lazy: bool,
    /// The distinct (method, status) pairs of the successful (2xx, 3xx)
    /// responses, by origin + path, in the order first seen, at most
    /// [`OBSERVED_MAX`] per path. Diagnoses only ask which methods succeeded
    /// on a path, so a repeat or a failure changes nothing and recomputes
    /// nothing.
    observed: HashMap<PathKey, Vec<(Method, u16)>>,
    /// Stacks seen per origin (unique), with evidence.
    stacks: HashMap<String, Vec<(Stack, String)>>,
    /// Exchanges whose diagnosis looked at a path's observations.
    path_dependents: HashMap<PathKey, HashSet<usize>>,
    /// The distinct shapes of each origin's successful responses (which layer answered a refusal is read against
    /// them), at most [`SHAPES_MAX`] per origin: a new one recomputes only the diagnoses that read them.
    shapes: HashMap<String, Vec<Shape>>,
    /// Exchanges whose diagnosis read an origin's shapes.
    shape_dependents: HashMap<String, HashSet<usize>>,
    /// Exchanges per origin (their diagnoses name the origin's stack); an
    /// exchange is listed again only when it comes back after another.
    origin_exchanges: HashMap<String, Vec<usize>>,
    /// Entries that could not be read, never fatal.
    pub warnings: Vec<HarError>,
    pub creator: Option<Software>,
    pub browser: Option<Software>,
    pub pages: Vec<Page>,
    /// Diagnoses to recompute (entries ingested with [`Engine::ingest_all`]).
    pending: BTreeSet<usize>,
    /// Threads for recomputing many diagnoses at once (see [`Engine::set_threads`]).
    threads: usize,
    /// Diagnoses computed so far (see [`Engine::diagnosed`]).
    diagnosed: usize,
}

/// The successful (method, status) pairs kept per path: real APIs have a
/// handful of methods; a page inventing thousands on one URL would make every
/// diagnosis that lists them (and every new one, each of them) cost as much
/// as the list.
const OBSERVED_MAX: usize = 32;

/// Only a success tells that a method has a route: the pairs diagnoses read.
fn is_success(status: u16) -> bool {
    (200..400).contains(&status)
}

/// A diagnosis is kept for the engine's life: it keeps only what it holds
/// (its lists and words grew by doubling while they were written).
fn shrink(d: &mut Diagnosis) {
    d.summary.shrink_to_fit();
    d.evidence.shrink_to_fit();
    for e in &mut d.evidence {
        e.text.shrink_to_fit();
    }
    d.warnings.shrink_to_fit();
    if let Some(s) = &mut d.suggestion {
        s.shrink_to_fit();
    }
}

/// An entry's stack signatures as the engine keeps them for its life: most responses show none, and those share
/// one empty [`Detection`]; the others are boxed and shrunk to fit (16 bytes an entry instead of 56, issue 11).
#[derive(Debug)]
enum Detected {
    NoResponse,
    Nothing,
    Found(Box<Detection>),
}

/// What [`Detected::Nothing`] reads as.
static NO_SIGNATURE: Detection = Detection { generated_by: None, seen: Vec::new() };

impl Detected {
    fn new(d: Option<Detection>) -> Self {
        match d {
            None => Detected::NoResponse,
            Some(d) if d.generated_by.is_none() && d.seen.is_empty() => Detected::Nothing,
            Some(mut d) => {
                d.seen.shrink_to_fit();
                Detected::Found(Box::new(d))
            }
        }
    }

    fn get(&self) -> Option<&Detection> {
        match self {
            Detected::NoResponse => None,
            Detected::Nothing => Some(&NO_SIGNATURE),
            Detected::Found(d) => Some(d),
        }
    }
}

/// Fewer diagnoses than this per thread are recomputed on one thread.
#[cfg(not(target_arch = "wasm32"))]
const PARALLEL_MIN: usize = 256;

/// The engine's view for one diagnosis, recording what it looked at.
struct Ctx<'a> {
    observed: &'a HashMap<PathKey, Vec<(Method, u16)>>,
    stacks: &'a HashMap<String, Vec<(Stack, String)>>,
    shapes: &'a HashMap<String, Vec<Shape>>,
    detections: &'a [Detected],
    looked_at: RefCell<Looked>,
}

/// What one diagnosis looked at: paths' observations, origins' shapes.
#[derive(Default)]
struct Looked {
    paths: Vec<PathKey>,
    origins: Vec<String>,
}

impl Context for Ctx<'_> {
    fn observed(&self, origin: &str, path: &str) -> Vec<(Method, u16)> {
        let key = (origin.to_string(), path.to_string());
        let v = self.observed.get(&key).cloned().unwrap_or_default();
        self.looked_at.borrow_mut().paths.push(key);
        v
    }
    fn shapes(&self, origin: &str) -> &[Shape] {
        self.looked_at.borrow_mut().origins.push(origin.to_string());
        self.shapes.get(origin).map_or(&[], Vec::as_slice)
    }
    fn stacks(&self, origin: &str) -> &[(Stack, String)] {
        self.stacks.get(origin).map_or(&[], Vec::as_slice)
    }
    fn detection(&self, entry: usize) -> Option<&Detection> {
        self.detections.get(entry)?.get()
    }
}

impl Engine {
    pub fn new() -> Self {
        Self::default()
    }

    /// Diagnoses a whole HAR.
    pub fn from_har(har: Har) -> Self {
        let mut e = Engine {
            warnings: har.warnings,
            creator: har.creator,
            browser: har.browser,
            pages: har.pages,
            ..Default::default()
        };
        e.extend(har.entries);
        e
    }

    /// Adds one entry and returns the ids of the diagnoses that changed.
    pub fn push(&mut self, entry: Entry) -> Vec<usize> {
        let mut affected = self.ingest(entry);
        affected.append(&mut self.pending);
        self.recompute(&affected);
        affected.into_iter().collect()
    }

    /// Adds many entries, recomputing each affected diagnosis once.
    pub fn extend(&mut self, entries: impl IntoIterator<Item = Entry>) -> Vec<usize> {
        let mut affected = std::mem::take(&mut self.pending);
        for e in entries {
            affected.extend(self.ingest(e));
        }
        self.recompute(&affected);
        affected.into_iter().collect()
    }

    /// Adds entries without diagnosing them (cheap): the diagnoses they
    /// affect wait for [`Engine::recompute_pending`] (or the next
    /// [`Engine::extend`]). For diagnosing a big file in slices.
    pub fn ingest_all(&mut self, entries: impl IntoIterator<Item = Entry>) {
        for e in entries {
            let affected = self.ingest(e);
            self.pending.extend(affected);
        }
    }

    /// Diagnoses waiting for [`Engine::recompute_pending`].
    pub fn pending(&self) -> usize {
        self.pending.len()
    }

    /// Recomputes at most `budget` (at least one) of the pending diagnoses,
    /// in order; true while some remain. Once none remain the diagnoses are
    /// those [`Engine::extend`] would give.
    pub fn recompute_pending(&mut self, budget: usize) -> bool {
        let batch: BTreeSet<usize> = if budget >= self.pending.len() {
            std::mem::take(&mut self.pending)
        } else {
            let rest = self.pending.split_off(&self.pending.iter().nth(budget.max(1)).copied().unwrap_or(usize::MAX));
            std::mem::replace(&mut self.pending, rest)
        };
        self.recompute(&batch);
        !self.pending.is_empty()
    }

    /// Records an entry that could not be read (the extension reports these).
    pub fn push_warning(&mut self, w: HarError) {
        self.warnings.push(w);
    }

    /// [`Engine::ingest_all`] for entries whose stack signatures were read
    /// elsewhere with [`detect_entry`] (the web page's worker reads them
    /// while it parses).
    pub fn ingest_all_detected(&mut self, entries: impl IntoIterator<Item = (Entry, Option<Detection>)>) {
        for (e, d) in entries {
            let affected = self.ingest_detected(e, d);
            self.pending.extend(affected);
        }
    }

    fn ingest(&mut self, entry: Entry) -> BTreeSet<usize> {
        let detection = detect_entry(&entry);
        self.ingest_detected(entry, detection)
    }

    fn ingest_detected(&mut self, mut entry: Entry, detection: Option<Detection>) -> BTreeSet<usize> {
        let idx = self.entries.len();
        entry.index = idx;
        let key = key_of(&entry.request.url);
        let status = entry.response.status;
        let method = entry.request.method.clone();
        let is_preflight = entry.is_preflight();
        self.entries.push(entry);
        self.detections.push(Detected::new(detection));
        let mut affected = BTreeSet::new();
        let Some(ex) = self.pairer.add(&self.entries, idx) else {
            return affected;
        };
        affected.insert(ex);
        let listed = self.origin_exchanges.entry(key.0.clone()).or_default();
        if listed.last() != Some(&ex) {
            listed.push(ex);
        }
        if is_success(status) && !is_preflight {
            let seen = self.observed.entry(key.clone()).or_default();
            if seen.len() < OBSERVED_MAX && !seen.contains(&(method.clone(), status)) {
                seen.push((method, status));
                if let Some(deps) = self.path_dependents.get(&key) {
                    affected.extend(deps.iter().copied());
                }
            }
        }
        if (200..300).contains(&status) && !is_preflight {
            affected.extend(self.add_shape(idx, &key.0));
        }
        if let Some(d) = self.detections[idx].get() {
            let known = self.stacks.entry(key.0.clone()).or_default();
            let mut new_stack = false;
            for (s, ev) in d.generated_by.iter().chain(&d.seen) {
                if !known.iter().any(|(k, _)| k == s) {
                    known.push((*s, ev.clone()));
                    new_stack = true;
                }
            }
            if new_stack {
                if let Some(all) = self.origin_exchanges.get(&key.0) {
                    affected.extend(all.iter().copied());
                }
            }
        }
        affected
    }

    /// Keeps the shape of entry `idx` (a success) when its origin has no such shape yet; the diagnoses that read the
    /// origin's shapes are then affected.
    fn add_shape(&mut self, idx: usize, origin: &str) -> Vec<usize> {
        let Some(entry) = self.entries.get(idx) else { return Vec::new() };
        let mut shape = Shape::bare(idx, entry);
        if self.shapes.get(origin).is_some_and(|k| k.len() >= SHAPES_MAX || k.iter().any(|k| k.same_kind(&shape))) {
            return Vec::new();
        }
        shape.fill_names(entry);
        self.shapes.entry(origin.to_string()).or_default().push(shape);
        self.shape_dependents.get(origin).map(|d| d.iter().copied().collect()).unwrap_or_default()
    }

    fn recompute(&mut self, affected: &BTreeSet<usize>) {
        let n = self.pairer.exchanges.len();
        let ids: Vec<usize> = affected.iter().copied().filter(|&id| id < n).collect();
        self.diagnosed += ids.len();
        // Each slot list is taken out while it is filled: the diagnoses read the engine, never the slots.
        let looked = if self.lazy {
            let mut slots = std::mem::take(&mut self.briefs);
            slots.resize(slots.len().max(n), None);
            let looked = self.fill(&mut slots, &ids, |d| Brief::of(&d));
            self.briefs = slots;
            looked
        } else {
            let mut slots = std::mem::take(&mut self.diagnoses);
            slots.resize(slots.len().max(n), None);
            let looked = self.fill(&mut slots, &ids, |d| d);
            self.diagnoses = slots;
            looked
        };
        for (id, looked_at) in looked {
            self.record(id, looked_at);
        }
    }

    /// Diagnoses `ids` (ascending) into `slots` as `keep` makes them, on up to [`Engine::set_threads`] threads
    /// when there are many, each thread filling the slots of a run of ids in place; returns what each diagnosis looked
    /// at (paths' observations, origins' shapes).
    fn fill<T: Send>(
        &self,
        slots: &mut [Option<T>],
        ids: &[usize],
        keep: impl Fn(Diagnosis) -> T + Sync,
    ) -> Vec<(usize, Looked)> {
        let keep = &keep;
        #[cfg(not(target_arch = "wasm32"))]
        if self.threads > 1 && ids.len() >= 2 * PARALLEL_MIN {
            let chunk = ids.len().div_ceil(self.threads);
            return std::thread::scope(|s| {
                let mut rest: &mut [Option<T>] = slots;
                let mut base = 0;
                let mut handles = Vec::new();
                for run in ids.chunks(chunk) {
                    let end = run.last().map_or(base, |&l| l + 1);
                    let (mine, tail) = std::mem::take(&mut rest).split_at_mut(end - base);
                    rest = tail;
                    let from = base;
                    handles.push(s.spawn(move || {
                        run.iter()
                            .map(|&id| {
                                let (d, looked_at) = self.diagnose_one(id);
                                mine[id - from] = Some(keep(d));
                                (id, looked_at)
                            })
                            .collect::<Vec<_>>()
                    }));
                    base = end;
                }
                handles.into_iter().flat_map(|h| h.join().unwrap_or_else(|e| std::panic::resume_unwind(e))).collect()
            });
        }
        ids.iter()
            .map(|&id| {
                let (d, looked_at) = self.diagnose_one(id);
                if let Some(slot) = slots.get_mut(id) {
                    *slot = Some(keep(d));
                }
                (id, looked_at)
            })
            .collect()
    }

    fn diagnose_one(&self, id: usize) -> (Diagnosis, Looked) {
        let ex = &self.pairer.exchanges[id];
        let ctx = Ctx {
            observed: &self.observed,
            stacks: &self.stacks,
            shapes: &self.shapes,
            detections: &self.detections,
            looked_at: RefCell::new(Looked::default()),
        };
        let mut d = diagnose(ex, &self.entries, &ctx);
        shrink(&mut d);
        (d, ctx.looked_at.into_inner())
    }

    /// Diagnosis `id` depends on what it looked at.
    fn record(&mut self, id: usize, looked_at: Looked) {
        for key in looked_at.paths {
            self.path_dependents.entry(key).or_default().insert(id);
        }
        for origin in looked_at.origins {
            self.shape_dependents.entry(origin).or_default().insert(id);
        }
    }

    /// Recomputes diagnoses on up to `threads` threads when there are many
    /// (a whole file); the results are the same. Native targets only: on
    /// wasm32 it has no effect.
    pub fn set_threads(&mut self, threads: usize) {
        self.threads = threads;
    }

    /// Keeps no diagnoses from now on, only their [`Brief`]s: [`Engine::diagnosis_now`] computes a diagnosis
    /// again when a report writes it, and [`Engine::diagnoses`] gives none. For a whole file read once (the
    /// CLI): the diagnoses of a big HAR take as much memory as its entries. Set it before the first entry.
    pub fn set_lazy(&mut self, lazy: bool) {
        self.lazy = lazy;
    }

    /// Every kept diagnosis, in the order the requests were first seen (none in a lazy engine: see
    /// [`Engine::briefs`] and [`Engine::diagnosis_now`]).
    pub fn diagnoses(&self) -> impl Iterator<Item = &Diagnosis> {
        self.diagnoses.iter().flatten()
    }

    /// The kept diagnosis of exchange `id` (none in a lazy engine).
    pub fn diagnosis(&self, id: usize) -> Option<&Diagnosis> {
        self.diagnoses.get(id).and_then(Option::as_ref)
    }

    /// Replaces exchange `id`'s kept diagnosis with `d` (what a probe settled: `diagnose --probe`); false, and
    /// nothing changed, in a lazy engine or for an unknown id. A later recomputation of that exchange (a new entry
    /// that affects it) would replace it again: settle once every entry is in.
    pub fn settle(&mut self, id: usize, d: Diagnosis) -> bool {
        match self.diagnoses.get_mut(id) {
            Some(slot @ Some(_)) if !self.lazy => {
                *slot = Some(d);
                true
            }
            _ => false,
        }
    }

    /// Every diagnosis's id and [`Brief`], in the order of [`Engine::diagnoses`], kept or lazy.
    pub fn briefs(&self) -> Box<dyn Iterator<Item = (usize, Brief)> + '_> {
        if self.lazy {
            Box::new(self.briefs.iter().enumerate().filter_map(|(id, b)| Some((id, (*b)?))))
        } else {
            Box::new(self.diagnoses.iter().enumerate().filter_map(|(id, d)| Some((id, Brief::of(d.as_ref()?)))))
        }
    }

    /// The [`Brief`] of exchange `id`'s diagnosis, kept or lazy.
    pub fn brief(&self, id: usize) -> Option<Brief> {
        if self.lazy {
            self.briefs.get(id).copied().flatten()
        } else {
            self.diagnosis(id).map(Brief::of)
        }
    }

    /// The diagnosis of exchange `id`: the kept one, or in a lazy engine the same diagnosis computed now.
    pub fn diagnosis_now(&self, id: usize) -> Option<Cow<'_, Diagnosis>> {
        if !self.lazy {
            return self.diagnosis(id).map(Cow::Borrowed);
        }
        self.briefs.get(id)?.as_ref()?;
        Some(Cow::Owned(self.diagnose_one(id).0))
    }

    /// The diagnosis of exchange `id` as the entries alone give it, computed now: never one [`Engine::settle`] put
    /// in its place (what the panel's probe settles, however often it is probed).
    pub fn diagnose_afresh(&self, id: usize) -> Option<Diagnosis> {
        let known =
            if self.lazy { self.briefs.get(id).is_some_and(Option::is_some) } else { self.diagnosis(id).is_some() };
        known.then(|| self.diagnose_one(id).0)
    }

    pub fn exchanges(&self) -> &[Exchange] {
        &self.pairer.exchanges
    }

    /// The exchange entry `i` belongs to.
    pub fn exchange_of(&self, i: usize) -> Option<usize> {
        self.pairer.owner.get(i).copied().flatten()
    }

    pub fn entries(&self) -> &[Entry] {
        &self.entries
    }

    pub fn entry(&self, i: usize) -> Option<&Entry> {
        self.entries.get(i)
    }

    /// How many diagnoses this engine has computed over its life, recomputations
    /// included: the work a capture cost, which grows linearly with it
    /// (`tests/scaling.rs` counts it instead of timing).
    pub fn diagnosed(&self) -> usize {
        self.diagnosed
    }

    /// True when any diagnosis found a method or CORS problem.
    pub fn any_problem(&self) -> bool {
        self.briefs().any(|(_, b)| b.problem)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every captured fixture HAR (more than ten).
    fn fixture_hars() -> Vec<Har> {
        let hars: Vec<Har> = std::fs::read_dir("tests/fixtures")
            .unwrap()
            .filter_map(|d| std::fs::read(d.ok()?.path().join("input.har")).ok())
            .filter_map(|b| crate::har::parse_har(&b).ok())
            .collect();
        assert!(hars.len() > 10);
        hars
    }

    #[test]
    fn ingesting_then_recomputing_in_slices_equals_extend() {
        for har in fixture_hars() {
            let whole = Engine::from_har(har.clone());
            for budget in [1, 3, 1000] {
                let mut e = Engine::new();
                for part in har.entries.chunks(2) {
                    e.ingest_all(part.to_vec());
                }
                assert_eq!(e.pending() > 0, !har.entries.is_empty());
                while e.recompute_pending(budget) {}
                assert_eq!(e.pending(), 0);
                assert_eq!(
                    format!("{:?}", e.diagnoses().collect::<Vec<_>>()),
                    format!("{:?}", whole.diagnoses().collect::<Vec<_>>()),
                    "budget {budget}"
                );
            }
        }
    }

    /// The web page diagnoses while the file is still arriving: whatever the
    /// interleaving of ingesting and diagnosing, the end is what `extend` gives.
    #[test]
    fn diagnosing_while_entries_arrive_equals_extend() {
        for har in fixture_hars() {
            // Twice over, as a longer capture repeating the same requests would.
            let twice: Vec<Entry> = har.entries.iter().chain(&har.entries).cloned().collect();
            let whole = Engine::from_har(Har { entries: twice.clone(), ..Default::default() });
            for (step, budget) in [(1, 1), (2, 1), (3, 2), (5, 100)] {
                let mut e = Engine::new();
                for part in twice.chunks(step) {
                    e.ingest_all(part.to_vec());
                    e.recompute_pending(budget);
                }
                while e.recompute_pending(budget) {}
                assert_eq!(
                    format!("{:?}", e.diagnoses().collect::<Vec<_>>()),
                    format!("{:?}", whole.diagnoses().collect::<Vec<_>>()),
                    "step {step}"
                );
            }
        }
    }

    /// A response repeating a (method, status) already seen on its path
    /// recomputes only its own exchange, not every diagnosis that looked at
    /// the path.
    #[test]
    fn a_repeated_observation_recomputes_nothing_else() {
        let entry = |method: &str, status: u16| {
            let body = format!("Cannot {method} /x");
            let json = format!(
                r#"{{"startedDateTime":"2026-01-01T00:00:00Z","time":1,"request":{{"method":"{method}","url":"http://a.test/x","httpVersion":"HTTP/1.1","headers":[],"queryString":[],"cookies":[],"headersSize":-1,"bodySize":0}},"response":{{"status":{status},"statusText":"","httpVersion":"HTTP/1.1","headers":[],"cookies":[],"content":{{"size":0,"mimeType":"text/html","text":"{body}"}},"redirectURL":"","headersSize":-1,"bodySize":0}},"cache":{{}},"timings":{{"send":0,"wait":1,"receive":0}}}}"#
            );
            crate::har::parse_entry(&json, 0).unwrap()
        };
        let mut e = Engine::new();
        e.push(entry("PUT", 404));
        assert_eq!(e.push(entry("GET", 200)), vec![0, 1], "a new pair on the path: the PUT's diagnosis looked at it");
        assert_eq!(e.push(entry("GET", 200)), vec![2], "a repeat: only its own");
        assert_eq!(e.push(entry("POST", 200)), vec![0, 3], "a new pair again");
    }
}
