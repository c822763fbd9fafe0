//! Reads a HAR in chunks and diagnoses it in slices, so the standalone page
//! stays responsive on a 100 MB file: [`Loader::push`] hands each chunk to
//! the core's own streaming reader ([`why405::har::HarStream`], the one the
//! CLI uses: same results, warnings and error messages as
//! [`why405::har::parse_har`]) and gives the entries read to the engine
//! without diagnosing them ([`Engine::ingest_all`]); after
//! [`Loader::finish`], [`Loaded::diagnose_some`] diagnoses a bounded number
//! of requests per call. The page yields to the browser between calls.
//!
//! Pure Rust: tested natively.

use why405::engine::Engine;
use why405::har::{HarError, HarStream};

/// The chunked reader. Feed it with [`Loader::push`], then call [`Loader::finish`].
pub struct Loader {
    stream: HarStream,
    engine: Engine,
}

impl Default for Loader {
    fn default() -> Self {
        Self::new()
    }
}

impl Loader {
    pub fn new() -> Self {
        Loader { stream: HarStream::with_spans(), engine: Engine::new() }
    }

    /// Takes the next chunk of the file. False once the file is known to be
    /// unreadable: stop reading, [`Loader::finish`] says why.
    pub fn push(&mut self, chunk: &[u8]) -> bool {
        let ok = self.stream.push(chunk);
        self.engine.ingest_all(self.stream.drain_entries());
        ok
    }

    /// Entries read so far.
    pub fn entries_read(&self) -> usize {
        self.stream.entries_read()
    }

    /// The end of the file: the engine holding every entry (not diagnosed
    /// yet), or the core's error for the file.
    pub fn finish(self) -> Result<Loaded, HarError> {
        let Loader { stream, mut engine } = self;
        let ranges = stream.spans().map(<[_]>::to_vec);
        let har = stream.finish()?;
        engine.warnings = har.warnings;
        engine.creator = har.creator;
        engine.browser = har.browser;
        engine.pages = har.pages;
        // Entries only come out here when the file was read whole (UTF-16):
        // no ranges then.
        let ranges = ranges.filter(|r| har.entries.is_empty() && r.len() == engine.entries().len());
        engine.ingest_all(har.entries);
        Ok(Loaded { engine, ranges })
    }
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

    fn load(bytes: &[u8], chunk: usize, budget: usize) -> Result<Loaded, HarError> {
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
        let inputs: Vec<&[u8]> = vec![truncated, b"not json", b"[1,2]", b"{\"log\":{}}", b"{\"log\":{\"entries\":[1]}}", b"{\"log\":{\"entries\":[]}} x", b"{\"nolog\":1}", odd1.as_bytes(), odd2.as_bytes()];
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
