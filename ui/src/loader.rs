//! Reads a HAR in chunks and diagnoses it in slices, so the standalone page
//! stays responsive on a 100 MB file. Two ways, same results:
//! - on the page's thread: [`Loader::push`] hands each chunk to the core's
//!   own streaming reader ([`why405::har::HarStream`], the one the CLI uses:
//!   same results, warnings and error messages as
//!   [`why405::har::parse_har`]) and gives the entries read to the engine
//!   without diagnosing them ([`Engine::ingest_all`]);
//! - split in two (the page's Web Worker): a [`Parser`] in the worker reads
//!   the JSON and hands the entries over in the compact form of
//!   [`crate::wire`], with their stack signatures (read there too);
//!   [`Loader::push_parsed`] gives them to the engine. The page diagnoses
//!   ([`Loader::diagnose_some`]) while the worker reads on.
//!
//! After [`Loader::finish`], [`Loaded::diagnose_some`] diagnoses a bounded
//! number of requests per call. The page yields to the browser between calls.
//!
//! Pure Rust: tested natively.

use why405::engine::{detect_entry, Engine};
use why405::har::{Har, HarError, HarStream};

use crate::wire::{self, End};

/// The chunked reader. Feed it with [`Loader::push`] (the file's bytes) or
/// [`Loader::push_parsed`] (entries a [`Parser`] read on another thread),
/// then call [`Loader::finish`] or [`Loader::finish_parsed`].
pub struct Loader {
    /// The core's streaming reader, when the file is parsed on this thread.
    stream: Option<HarStream>,
    engine: Engine,
}

impl Default for Loader {
    fn default() -> Self {
        Self::new()
    }
}

impl Loader {
    /// A loader that parses the file itself.
    pub fn new() -> Self {
        Loader { stream: Some(HarStream::with_spans()), engine: Engine::new() }
    }

    /// A loader for entries a [`Parser`] reads elsewhere (the page's worker).
    pub fn parsed_elsewhere() -> Self {
        Loader { stream: None, engine: Engine::new() }
    }

    /// Takes the next chunk of the file. False once the file is known to be
    /// unreadable: stop reading, [`Loader::finish`] says why. (Always false
    /// for a loader made with [`Loader::parsed_elsewhere`].)
    pub fn push(&mut self, chunk: &[u8]) -> bool {
        let Some(stream) = self.stream.as_mut() else { return false };
        let ok = stream.push(chunk);
        self.engine.ingest_all(stream.drain_entries());
        ok
    }

    /// Takes a batch of entries from [`Parser::push`]; how many it held.
    pub fn push_parsed(&mut self, batch: &[u8]) -> Result<usize, HarError> {
        let entries = wire::decode_entries(batch).map_err(damaged)?;
        let n = entries.len();
        self.engine.ingest_all_detected(entries);
        Ok(n)
    }

    /// Diagnoses at most `budget` of the requests read so far (while the
    /// file is still arriving; an entry read later may recompute some);
    /// true while some wait.
    pub fn diagnose_some(&mut self, budget: usize) -> bool {
        self.engine.recompute_pending(budget)
    }

    /// Diagnoses waiting.
    pub fn pending(&self) -> usize {
        self.engine.pending()
    }

    /// The end of the file: the engine holding every entry (those not
    /// diagnosed yet wait in [`Loaded::diagnose_some`]), or the core's error
    /// for the file.
    pub fn finish(self) -> Result<Loaded, HarError> {
        let Loader { stream, engine } = self;
        let Some(stream) = stream else { return Err(damaged(wire::WireError("no file was read here"))) };
        let spans = stream.spans().map(<[_]>::to_vec);
        let har = stream.finish()?;
        Ok(Loaded::complete(engine, har, spans))
    }

    /// The end of a file a [`Parser`] read: what [`Parser::finish`] gave.
    pub fn finish_parsed(self, end: &[u8]) -> Result<Loaded, HarError> {
        let End { har, spans } = wire::decode_end(end).map_err(damaged)??;
        Ok(Loaded::complete(self.engine, har, spans))
    }
}

fn damaged(e: wire::WireError) -> HarError {
    HarError { location: "input".into(), message: e.to_string() }
}

/// The half of a load that runs in the page's Web Worker: the core's
/// streaming reader, handing what it reads over as [`crate::wire`] bytes
/// (for [`Loader::push_parsed`] and [`Loader::finish_parsed`]).
pub struct Parser {
    stream: HarStream,
    ok: bool,
}

impl Default for Parser {
    fn default() -> Self {
        Self::new()
    }
}

impl Parser {
    pub fn new() -> Self {
        Parser { stream: HarStream::with_spans(), ok: true }
    }

    /// Reads the next chunk of the file; the entries it completed, as a batch.
    pub fn push(&mut self, chunk: &[u8]) -> Vec<u8> {
        self.ok = self.stream.push(chunk);
        // Their stack signatures too: they depend on the entry alone.
        let entries: Vec<wire::Detected> = self
            .stream
            .drain_entries()
            .map(|e| {
                let d = detect_entry(&e);
                (e, d)
            })
            .collect();
        let mut out = Vec::new();
        wire::encode_entries(&entries, &mut out);
        out
    }

    /// False once the file is known to be unreadable: stop reading and
    /// [`Parser::finish`] (it says why).
    pub fn ok(&self) -> bool {
        self.ok
    }

    /// The end of the file (its metadata and warnings, or its error).
    pub fn finish(self) -> Vec<u8> {
        let spans = self.stream.spans().map(<[_]>::to_vec);
        wire::encode_end(&self.stream.finish().map(|har| End { har, spans }))
    }
}

/// Captured HARs (from the lab's servers, `tests/fixtures`) of every kind of
/// cause and stack, for [`warm_up`].
#[cfg(feature = "file")]
const WARM_UP: [&[u8]; 10] = [
    include_bytes!("../../tests/fixtures/express_cors_header_disallowed/input.har"),
    include_bytes!("../../tests/fixtures/slim_catchall_options_put_missing_route/input.har"),
    include_bytes!("../../tests/fixtures/flask_cors_put_get_only_route/input.har"),
    include_bytes!("../../tests/fixtures/express_post_redirect_302/input.har"),
    include_bytes!("../../tests/fixtures/nginx_limit_except_post_403/input.har"),
    include_bytes!("../../tests/fixtures/django_class_view_patch_get_only/input.har"),
    include_bytes!("../../tests/fixtures/fastapi_api_delete_not_in_allow_methods/input.har"),
    include_bytes!("../../tests/fixtures/apache_allowmethods_delete_405/input.har"),
    include_bytes!("../../tests/fixtures/koa_router_405_put/input.har"),
    include_bytes!("../../tests/fixtures/express_catch_all_options_put/input.har"),
];

/// One round of warming up: a few captured HARs through the whole of a
/// split load (read, handed over, diagnosed), on this thread. The page's
/// worker runs rounds while the page is idle: browsers first run WebAssembly
/// from a quick baseline compile and optimise a function only once it has
/// run a while (shared by the page and its worker), so without this the first
/// file pays for it (a third of the time on the 100 MB benchmark HAR).
/// Returns the requests diagnosed.
#[cfg(feature = "file")]
pub fn warm_up() -> usize {
    let mut n = 0;
    for bytes in WARM_UP {
        let mut p = Parser::new();
        let mut l = Loader::parsed_elsewhere();
        if l.push_parsed(&p.push(bytes)).is_err() {
            continue;
        }
        if let Ok(mut loaded) = l.finish_parsed(&p.finish()) {
            while loaded.diagnose_some(usize::MAX) {}
            n += loaded.engine.diagnoses().count();
        }
    }
    n
}

/// A file read, being diagnosed.
#[derive(Debug)]
pub struct Loaded {
    pub engine: Engine,
    /// The byte range of each entry's JSON in the file, by engine index (for
    /// the HAR export); `None` when the bytes do not map to entries (invalid
    /// UTF-8 replaced, UTF-16).
    pub ranges: Option<Vec<(u64, u64)>>,
}

impl Loaded {
    /// The engine with the file's entries ingested and its metadata.
    fn complete(mut engine: Engine, har: Har, spans: Option<Vec<(u64, u64)>>) -> Loaded {
        engine.warnings = har.warnings;
        engine.creator = har.creator;
        engine.browser = har.browser;
        engine.pages = har.pages;
        // Entries only come out here when the file was read whole (UTF-16):
        // no ranges then.
        let ranges = spans.filter(|r| har.entries.is_empty() && r.len() == engine.entries().len());
        engine.ingest_all(har.entries);
        Loaded { engine, ranges }
    }

    /// Diagnoses at most `budget` requests; true while some remain.
    pub fn diagnose_some(&mut self, budget: usize) -> bool {
        self.engine.recompute_pending(budget)
    }

    /// Diagnoses still to do.
    pub fn pending(&self) -> usize {
        self.engine.pending()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use why405::har::parse_har;

    fn entry(url: &str) -> String {
        format!(
            r#"{{"startedDateTime":"2026-01-01T00:00:00.000Z","time":1,"request":{{"method":"PUT","url":"{url}","httpVersion":"HTTP/1.1","headers":[{{"name":"Origin","value":"http://a.test"}}],"queryString":[],"cookies":[],"headersSize":-1,"bodySize":0}},"response":{{"status":405,"statusText":"","httpVersion":"HTTP/1.1","headers":[{{"name":"Allow","value":"GET"}}],"cookies":[],"content":{{"size":5,"mimeType":"text/plain","text":"no \"}}] {{ here"}},"redirectURL":"","headersSize":-1,"bodySize":0}},"cache":{{}},"timings":{{"send":0,"wait":1,"receive":0}}}}"#
        )
    }

    fn har(n: usize) -> String {
        let es: Vec<String> = (0..n).map(|i| entry(&format!("http://b.test/x/{i}"))).collect();
        format!(
            "\u{feff}{{\n \"log\": {{\"version\":\"1.2\",\"creator\":{{\"name\":\"T\",\"version\":\"9\"}},\"pages\":[{{\"id\":\"p\",\"title\":\"[x]\",\"startedDateTime\":\"2026\"}}],\n \"entries\": [\n {}\n ]}}}}\n",
            es.join(",\n ")
        )
    }

    /// On one thread, and split as the page's worker splits it (diagnosing
    /// while the entries arrive): both must agree; the first is returned.
    fn load(bytes: &[u8], chunk: usize, budget: usize) -> Result<Loaded, HarError> {
        let here = load_here(bytes, chunk, budget);
        let split = load_split(bytes, chunk, budget);
        let show = |l: &Result<Loaded, HarError>| format!("{:?}", l.as_ref().map(|l| (summary(&l.engine), &l.ranges)));
        assert_eq!(show(&split), show(&here), "split in two, chunk {chunk}");
        here
    }

    fn load_here(bytes: &[u8], chunk: usize, budget: usize) -> Result<Loaded, HarError> {
        let mut l = Loader::new();
        for c in bytes.chunks(chunk.max(1)) {
            if !l.push(c) {
                break;
            }
        }
        let mut loaded = l.finish()?;
        while loaded.diagnose_some(budget) {}
        Ok(loaded)
    }

    fn load_split(bytes: &[u8], chunk: usize, budget: usize) -> Result<Loaded, HarError> {
        let mut p = Parser::new();
        let mut l = Loader::parsed_elsewhere();
        for c in bytes.chunks(chunk.max(1)) {
            let batch = p.push(c);
            l.push_parsed(&batch)?;
            l.diagnose_some(budget);
            if !p.ok() {
                break;
            }
        }
        let mut loaded = l.finish_parsed(&p.finish())?;
        while loaded.diagnose_some(budget) {}
        Ok(loaded)
    }

    fn summary(e: &Engine) -> String {
        format!("{:?} {:?} {:?} {:?}", e.diagnoses().collect::<Vec<_>>(), e.warnings, e.creator, e.pages)
    }

    #[test]
    fn any_chunking_gives_what_the_core_gives() {
        let text = har(5);
        let bytes = text.as_bytes();
        let core = Engine::from_har(parse_har(bytes).unwrap());
        for chunk in [1, 2, 3, 7, 64, 1000, bytes.len()] {
            let loaded = load(bytes, chunk, 2).unwrap();
            assert_eq!(summary(&loaded.engine), summary(&core), "chunk {chunk}");
            let ranges = loaded.ranges.unwrap();
            assert_eq!(ranges.len(), 5);
            for (i, (a, b)) in ranges.iter().enumerate() {
                let v: serde_json::Value = serde_json::from_slice(&bytes[*a as usize..*b as usize]).unwrap();
                assert_eq!(v["request"]["url"], format!("http://b.test/x/{i}"));
            }
        }
    }

    #[test]
    fn warming_up_diagnoses_its_hars() {
        let total: usize = WARM_UP.iter().map(|b| Engine::from_har(parse_har(b).unwrap()).diagnoses().count()).sum();
        assert!(total >= WARM_UP.len());
        assert_eq!(warm_up(), total);
    }

    #[test]
    fn damaged_batches_are_an_error() {
        let mut l = Loader::parsed_elsewhere();
        let e = l.push_parsed(&[5]).unwrap_err();
        assert_eq!(
            (e.location.as_str(), e.message.as_str()),
            ("input", "the worker's message is damaged (count past the end)")
        );
        assert!(!l.push(b"{"), "a loader for parsed entries reads no bytes");
        assert!(Loader::parsed_elsewhere().finish_parsed(&[]).is_err());
    }

    #[test]
    fn an_empty_entries_array_is_fine() {
        let l = load(br#"{"log":{"entries":[]}}"#, 4, 10).unwrap();
        assert!(l.engine.entries().is_empty());
    }

    #[test]
    fn bad_and_odd_files_get_the_cores_answer() {
        let text = har(3);
        let truncated = &text.as_bytes()[..text.len() / 2];
        let odd1 = text.replacen("\"status\":405", "\"status\":\"x\"", 1);
        let odd2 = text.replacen("\"request\":{", "\"request\":7,\"r\":{", 1);
        let inputs: Vec<&[u8]> = vec![
            truncated,
            b"not json",
            b"[1,2]",
            b"{\"log\":{}}",
            b"{\"log\":{\"entries\":[1]}}",
            b"{\"log\":{\"entries\":[]}} x",
            b"{\"nolog\":1}",
            odd1.as_bytes(),
            odd2.as_bytes(),
        ];
        for bad in inputs {
            let core = parse_har(bad).map(|h| summary(&Engine::from_har(h)));
            for chunk in [3, 50] {
                let got = load(bad, chunk, 1).map(|l| summary(&l.engine));
                assert_eq!(format!("{got:?}"), format!("{core:?}"), "{:?}", String::from_utf8_lossy(bad));
            }
        }
    }

    #[test]
    fn utf16_and_invalid_utf8_are_read_without_ranges() {
        let mut le = vec![0xFF, 0xFE];
        le.extend(har(2).trim_start_matches('\u{feff}').encode_utf16().flat_map(|u| u.to_le_bytes()));
        let l = load(&le, 100, 10).unwrap();
        assert_eq!(l.engine.entries().len(), 2);
        assert!(l.ranges.is_none());
        let mut bad = har(2).into_bytes();
        let at = bad.iter().position(|&c| c == b'[').unwrap() + 1;
        bad.insert(at, 0xE9);
        let core = parse_har(&bad).map(|h| summary(&Engine::from_har(h)));
        let l = load(&bad, 10, 10);
        assert_eq!(format!("{:?}", l.as_ref().map(|l| summary(&l.engine))), format!("{core:?}"));
    }
}
