//! Streaming: [`HarStream`] takes a file's bytes as they arrive and gives
//! [`super::parse_har`]'s results exactly, whatever the chunk boundaries,
//! keeping only the entry being read and the file minus its entries;
//! [`parse_har_reader`] and [`parse_har_reader_with`] run it over a `Read`.
//! It decodes the input on the fly (BOM, invalid UTF-8 replaced, gzip
//! decompressed; UTF-16/32 and zip archives are kept whole and read at the end) and hands the text to the splitter
//! (`splitter.rs`), which cuts out each entry.

use super::document::State;
use super::input::{check_head, invalid_utf8, not_a_har, UTF8_BOM};
use super::sniff::{sniff, Sniffed};
use super::splitter::Splitter;
use super::{parse_har, Entry, Har, HarError, MAX_WARNINGS};

/// [`parse_har`] from a reader, keeping only what is being parsed in memory
/// (one entry's JSON at a time, a 64 KiB buffer, and the file minus its
/// entries) instead of the whole file: peak memory is the model, not the model
/// plus the file. Same leniency, results and messages as [`parse_har`];
/// invalid UTF-8 is replaced on the fly; a UTF-16/32 file or an archive is read whole.
///
/// A small lexical splitter finds each `log.entries[i]` in the stream and
/// hands it to the same per-entry reader (an entry whole in the bytes at hand
/// is read in place by serde_json, which finds its end); everything else (the
/// "skeleton", with an empty entries array) is read at the end by the same
/// top-level code, its error positions mapped back to the file's.
pub fn parse_har_reader<R: std::io::Read>(reader: R) -> Result<Har, HarError> {
    let mut entries = Vec::new();
    let mut har = parse_har_reader_with(reader, |e| entries.push(e))?;
    har.entries = entries;
    Ok(har)
}

/// [`parse_har_reader`], handing each entry to `sink` as soon as it is read,
/// in file order, instead of keeping it: the [`Har`] returned holds everything
/// else (warnings, pages, creator) and no entries. On an error, `sink` may
/// have been given entries before it; the file is still unreadable.
pub fn parse_har_reader_with<R: std::io::Read>(reader: R, sink: impl FnMut(Entry)) -> Result<Har, HarError> {
    read_through(HarStream::new(), reader, sink).map(|(har, _)| har)
}

/// [`parse_har_reader_with`], also giving the byte range in the input of
/// each entry handed to `sink` when the input's bytes map to the text read
/// (see [`HarStream::spans`]): the CLI's HAR export reads the entries back
/// from the file by these instead of holding the file (issue 11).
pub fn parse_har_reader_spans<R: std::io::Read>(reader: R, sink: impl FnMut(Entry)) -> ReadWithSpans {
    read_through(HarStream::with_spans(), reader, sink)
}

/// A HAR read by [`parse_har_reader_spans`], and its entries' byte ranges.
pub type ReadWithSpans = Result<(Har, Option<Vec<(u64, u64)>>), HarError>;

fn read_through<R: std::io::Read>(mut stream: HarStream, mut reader: R, mut sink: impl FnMut(Entry)) -> ReadWithSpans {
    let mut buf = vec![0u8; READ_CHUNK];
    loop {
        let n = match reader.read(&mut buf) {
            Ok(0) => break,
            Ok(n) => n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(HarError { location: "input".into(), message: format!("cannot read: {e}") }),
        };
        let ok = stream.push(&buf[..n]);
        stream.drain_entries().for_each(&mut sink);
        if !ok {
            break;
        }
    }
    let spans = stream.spans().map(<[_]>::to_vec);
    let mut har = stream.finish()?;
    har.entries.drain(..).for_each(sink);
    Ok((har, spans))
}

/// A HAR read from bytes pushed as they arrive (a file read in slices, a
/// network stream): [`parse_har`]'s results, warnings and error positions
/// exactly, whatever the chunk boundaries, keeping in memory only the entry
/// being read and the file minus its entries. [`parse_har_reader`] is built
/// on it.
///
/// ```
/// use why405::har::{parse_har, HarStream};
/// let file = br#"{"log":{"entries":[{"request":{"method":"PUT","url":"http://a.test/"},"response":{"status":405}}]}}"#;
/// let mut s = HarStream::new();
/// let mut entries = Vec::new();
/// for chunk in file.chunks(7) {
///     s.push(chunk);
///     entries.extend(s.drain_entries());
/// }
/// let mut har = s.finish().unwrap();
/// entries.append(&mut har.entries);
/// assert_eq!(entries.len(), parse_har(file).unwrap().entries.len());
/// ```
///
/// Invalid UTF-8 is replaced on the fly (with [`parse_har`]'s warning); a
/// UTF-16/32 file or an archive (gzip, zip) is kept whole and read by
/// [`parse_har`] in [`HarStream::finish`].
#[derive(Default)]
pub struct HarStream {
    /// The first bytes, until the first JSON character decides the encoding
    /// and the top-level check.
    head: Vec<u8>,
    started: bool,
    /// UTF-16/32 or an archive: the whole input, read at the end by [`parse_har`].
    whole: Option<Vec<u8>>,
    /// The text is already decoded UTF-8 (from [`parse_har`]): no sniffing.
    decoded: bool,
    /// A gzip file: decompressed as it arrives into the stream that reads it.
    #[cfg(feature = "archive")]
    gz: Option<Box<(super::archive::Gunzip, HarStream)>>,
    /// How many gzip layers are around this stream (a gzip file can contain itself).
    #[cfg(feature = "archive")]
    layers: u8,
    /// An incomplete UTF-8 sequence at the end of the last chunk.
    tail: Vec<u8>,
    sp: Splitter,
    st: State,
    /// The input is unreadable (final: [`HarStream::finish`] returns it).
    error: Option<HarError>,
    /// Line, column and byte of the first invalid UTF-8 sequence.
    bad_first: Option<(usize, usize, u8)>,
    bad_count: usize,
}

impl HarStream {
    pub fn new() -> Self {
        HarStream { st: State::new(), ..Default::default() }
    }

    /// A stream over text [`parse_har`] decoded (no sniffing), its decoding
    /// warnings first.
    pub(super) fn decoded(warnings: Vec<HarError>) -> Self {
        let mut s = Self::new();
        s.decoded = true;
        // parse_har checked the start: no head kept (no copy of the text)
        s.started = true;
        for w in warnings {
            s.st.warn(w);
        }
        s
    }

    /// A stream that also records each entry's byte range in the input
    /// (see [`HarStream::spans`]).
    pub fn with_spans() -> Self {
        let mut s = Self::new();
        s.sp.spans = Some(Vec::new());
        s
    }

    /// Takes the next bytes of the input. False once the input is known to
    /// be unreadable: stop pushing, [`HarStream::finish`] says why.
    pub fn push(&mut self, chunk: &[u8]) -> bool {
        if self.error.is_some() {
            return false;
        }
        #[cfg(feature = "archive")]
        if let Some(gz) = &mut self.gz {
            return match gz.0.push(chunk) {
                Ok(text) => gz.1.push(&text),
                Err(e) => {
                    self.error = Some(e);
                    false
                }
            };
        }
        if let Some(all) = &mut self.whole {
            all.extend_from_slice(chunk);
            return true;
        }
        if !self.started {
            self.head.extend_from_slice(chunk);
            if self.head.iter().skip(3).any(|b| !matches!(b, b' ' | b'\t' | b'\n' | b'\r')) {
                self.start(false);
            }
            return self.error.is_none();
        }
        if self.tail.is_empty() {
            self.text(chunk);
        } else {
            let mut joined = std::mem::take(&mut self.tail);
            joined.extend_from_slice(chunk);
            self.text(&joined);
        }
        self.error.is_none()
    }

    /// The entries read so far and not yet taken, in file order (their
    /// `index` is their position among the readable entries).
    pub fn drain_entries(&mut self) -> std::vec::Drain<'_, Entry> {
        #[cfg(feature = "archive")]
        if let Some(gz) = &mut self.gz {
            return gz.1.drain_entries();
        }
        self.st.har.entries.drain(..)
    }

    /// Entries read so far (taken or not).
    pub fn entries_read(&self) -> usize {
        #[cfg(feature = "archive")]
        if let Some(gz) = &self.gz {
            return gz.1.entries_read();
        }
        self.sp.read
    }

    /// With [`HarStream::with_spans`]: the byte range in the input of every
    /// entry read so far, in order; `None` when the input's bytes do not map
    /// to the text read (invalid UTF-8 was replaced, UTF-16) or without spans.
    pub fn spans(&self) -> Option<&[(u64, u64)]> {
        #[cfg(feature = "archive")]
        if self.gz.is_some() {
            return None;
        }
        if self.bad_count > 0 || self.whole.is_some() {
            return None;
        }
        self.sp.spans.as_deref()
    }

    /// The end of the input: the HAR (its `entries` are those not taken
    /// with [`HarStream::drain_entries`]) or why it cannot be read.
    pub fn finish(mut self) -> Result<Har, HarError> {
        if !self.started {
            self.start(true);
        }
        if let Some(e) = self.error.take() {
            return Err(e);
        }
        #[cfg(feature = "archive")]
        if let Some(gz) = self.gz.take() {
            let (mut g, mut inner) = *gz;
            let rest = g.finish()?;
            inner.push(&rest);
            return inner.finish();
        }
        if let Some(all) = self.whole.take() {
            return parse_har(&all);
        }
        if !self.tail.is_empty() {
            // an incomplete sequence at the end: one replacement
            let t = std::mem::take(&mut self.tail);
            self.replaced(t[0]);
            if !self.feed("\u{FFFD}") {
                // feed() records why it stopped
                return Err(self
                    .error
                    .take()
                    .unwrap_or_else(|| HarError { location: "input".into(), message: "unreadable".into() }));
            }
        }
        let mut har = self.sp.finish(self.st)?;
        if let Some((line, col, bad)) = self.bad_first {
            let count = self.bad_count;
            har.warnings.insert(0, invalid_utf8(line, col, bad, count));
            if har.warnings.len() > MAX_WARNINGS + 1 {
                har.warnings.truncate(MAX_WARNINGS + 1);
            }
        }
        Ok(har)
    }

    /// The first JSON character is known (or the input ended): BOM, UTF-16,
    /// the top-level check, then the head goes to the splitter.
    fn start(&mut self, at_eof: bool) {
        self.started = true;
        let head = std::mem::take(&mut self.head);
        if !self.decoded {
            match sniff(&head) {
                Sniffed::Utf8 => {}
                Sniffed::Other(what) => {
                    self.error = Some(not_a_har(what));
                    return;
                }
                #[cfg(feature = "archive")]
                Sniffed::Gzip if self.layers < 3 => {
                    let inner = HarStream { layers: self.layers + 1, ..HarStream::new() };
                    self.gz = Some(Box::new((super::archive::Gunzip::new(), inner)));
                    self.push(&head);
                    return;
                }
                Sniffed::Wide(..) | Sniffed::Gzip | Sniffed::Zip => {
                    self.whole = Some(head);
                    return;
                }
            }
        }
        let start = if head.starts_with(UTF8_BOM) { UTF8_BOM.len() } else { 0 };
        if let Err(e) = check_head(&head[start..], at_eof) {
            self.error = Some(e);
            return;
        }
        self.sp.base = start;
        self.text(&head[start..]);
    }

    /// UTF-8 to the splitter, invalid sequences replaced; an incomplete one
    /// at the end waits for the next chunk. This is the one UTF-8 check of
    /// the input: the splitter gets `&str` and hands out slices of it.
    fn text(&mut self, mut rest: &[u8]) {
        loop {
            match std::str::from_utf8(rest) {
                Ok(s) => {
                    self.feed(s);
                    return;
                }
                Err(e) => {
                    let (good, bad) = rest.split_at(e.valid_up_to());
                    // valid by construction (only on input with invalid bytes)
                    if !self.feed(std::str::from_utf8(good).unwrap_or_default()) {
                        return;
                    }
                    match e.error_len() {
                        None => {
                            self.tail.extend_from_slice(bad);
                            return;
                        }
                        Some(n) => {
                            self.replaced(bad[0]);
                            if !self.feed("\u{FFFD}") {
                                return;
                            }
                            rest = &bad[n..];
                        }
                    }
                }
            }
        }
    }

    fn replaced(&mut self, byte: u8) {
        if self.bad_first.is_none() {
            // nothing replaced before: the splitter's position is the input's
            let (line, col) = self.sp.pos();
            self.bad_first = Some((line, col + 1, byte));
        }
        self.bad_count += 1;
    }

    fn feed(&mut self, data: &str) -> bool {
        if data.is_empty() {
            return true;
        }
        match self.sp.feed(data, &mut self.st) {
            Ok(()) => true,
            Err(e) => {
                self.error = Some(e);
                false
            }
        }
    }
}

/// How much [`parse_har_reader`] reads at a time.
const READ_CHUNK: usize = 64 * 1024;

#[cfg(test)]
mod tests {
    use super::*;

    /// Entries read in place from the chunk (the stream's fast path) and the
    /// lexical path around unreadable ones give `parse_har`'s results.
    #[test]
    fn stream_fast_path_matches_parse_har() {
        let deep = format!("{}{}", "[".repeat(300), "]".repeat(300));
        let ok = r#"{"request":{"method":"GET","url":"http://a.test/","headers":[{"name":":path","value":"/"},{"name":"A","value":"\"b\""}]},"response":{"status":405}}"#;
        for entries in [
            format!("{ok},\n  {ok}"),
            format!("{ok}, {{\"request\":{{\"method\":\"GET\",\"method\":\"PUT\",\"url\":\"u\"}}}}, {ok}"),
            format!("{ok}, {{\"x\":{deep}}}, {ok}"),
            format!("{ok}, {{\"request\":{{\"method\":\"GET\",\"url\":\"u\"}},\"time\":1e999}}, {ok}"),
            format!("{ok}, {{\"request\" 1}}, {ok}"),
            format!("{ok}, {{\"a\":\"\\q\"}}, {ok}"),
            format!("{ok}}}, {ok}"),
            format!("{ok} {ok}"),
            format!("{ok}, 12, [], \"s\", null, {ok}"),
            format!("{ok}, {{\"a\":\"\u{1}\"}}"),
        ] {
            let file = format!("{{\"log\":{{\"entries\":[\n  {entries}\n]}}}}");
            let want = format!("{:?}", parse_har(file.as_bytes()));
            for chunk in [file.len(), 200, 1] {
                let mut s = HarStream::new();
                let mut got = Vec::new();
                for c in file.as_bytes().chunks(chunk) {
                    s.push(c);
                    got.extend(s.drain_entries());
                }
                let r = s.finish().map(|mut h| {
                    got.append(&mut h.entries);
                    h.entries = got;
                    h
                });
                assert_eq!(format!("{r:?}"), want, "{file} in chunks of {chunk}");
            }
        }
    }
}
