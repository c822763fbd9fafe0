//! HAR 1.2 reading (<http://www.softwareishard.com/blog/har-12-spec/>), tolerant of
//! what real exporters write (Chrome DevTools, Firefox devtools, others).
//!
//! The model below keeps only what the engine reasons about. Parsing is
//! per entry so that one unreadable entry is reported (index and field) and
//! skipped instead of losing the whole file, and so that the extension can
//! feed entries one at a time through [`parse_entry`].
//!
//! How it reads (and why it is fast and bounded):
//! - the input is checked once for UTF-8 (a BOM is skipped, UTF-16 with a BOM
//!   decoded, invalid bytes replaced with a located warning), and rejected
//!   early with a clear message when it is empty, a JSON array, a scalar or HTML;
//! - the top level is streamed: each `log.entries[i]` is taken as a raw slice
//!   and read at once into private borrowed structs whose fields accept any
//!   JSON type (recording what they found), so a wrong type never aborts the
//!   file and no `serde_json::Value` tree is built; strings are borrowed and
//!   only the capped part is copied (see the `MAX_*` constants);
//! - only `request.method` and `request.url` are required (or the HTTP/2
//!   pseudo-headers when they are absent); an entry without them is skipped
//!   with a warning naming the field (`log.entries[4].request.url`); everything
//!   else defaults;
//! - a JSON syntax error is fatal and located by line and column (and the entry
//!   it is in); a truncated file says so.
//!
//! [`parse_har`] reads bytes already in memory; [`parse_har_reader`] streams
//! from a `Read` with the same results, so that peak memory is the model alone
//! instead of the file plus the model (what a CLI reading a 100 MB file wants).

use crate::http::{Header, HeaderName, Headers, Method};

/// How many bytes of a response or request body are kept. Diagnoses need the
/// first lines of an error page ("Method not allowed. Must be one of:
/// OPTIONS", "Cannot POST /x", `<center>nginx</center>`), never megabytes.
pub const BODY_KEEP: usize = 4096;

/// A whole HAR file.
#[derive(Debug, Clone, Default)]
pub struct Har {
    /// `log.creator` (name, version).
    pub creator: Option<Software>,
    /// `log.browser` (name, version).
    pub browser: Option<Software>,
    pub pages: Vec<Page>,
    /// Readable entries in file order. `Entry::index` is the index in the file.
    pub entries: Vec<Entry>,
    /// Entries that could not be read, with why. Never fatal.
    pub warnings: Vec<HarError>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Software {
    pub name: String,
    pub version: String,
}

#[derive(Debug, Clone, Default)]
pub struct Page {
    pub id: String,
    pub title: String,
    pub started: String,
}

/// One `log.entries[i]`.
#[derive(Debug, Clone, Default)]
pub struct Entry {
    /// Position in `log.entries` as read (or the order it was fed in). The
    /// [`crate::engine::Engine`] renumbers the entries it holds to its own
    /// positions, which diagnoses and evidence refer to; a caller that needs
    /// file positions (the CLI's HAR export) records them before handing the
    /// entries over.
    pub index: usize,
    /// `startedDateTime` as written.
    pub started: String,
    /// `time` in ms (0 when missing or negative).
    pub time_ms: f64,
    pub pageref: Option<String>,
    pub request: Request,
    pub response: Response,
    /// Chrome's `_resourceType` (`"fetch"`, `"xhr"`, `"preflight"`, `"document"`, …).
    pub resource_type: Option<String>,
    /// Chrome's `_initiator`.
    pub initiator: Option<Initiator>,
    /// `serverIPAddress`.
    pub server_ip: Option<String>,
}

#[derive(Debug, Clone)]
pub struct Request {
    pub method: Method,
    pub url: String,
    pub http_version: String,
    pub headers: Headers,
    /// `postData`, if any.
    pub post_data: Option<PostData>,
    /// `bodySize` (-1 = unknown).
    pub body_size: i64,
}

impl Default for Request {
    fn default() -> Self {
        Request {
            method: Method::Get,
            url: String::new(),
            http_version: String::new(),
            headers: Headers::new(),
            post_data: None,
            body_size: -1,
        }
    }
}

#[derive(Debug, Clone, Default)]
pub struct PostData {
    pub mime_type: String,
    /// The text, cut at [`BODY_KEEP`] bytes (on a char boundary).
    pub text: Option<String>,
    /// `params` (form fields), names and values.
    pub params: Vec<(String, String)>,
    /// Full size of the original text in bytes.
    pub text_len: usize,
}

#[derive(Debug, Clone, Default)]
pub struct Response {
    /// 0 when no response was received (blocked, network error).
    pub status: u16,
    pub status_text: String,
    pub http_version: String,
    pub headers: Headers,
    /// `redirectURL` (empty → `None`).
    pub redirect_url: Option<String>,
    pub content: Content,
    /// Chrome's `_error` (`"net::ERR_FAILED"`), Firefox's equivalents.
    pub error: Option<String>,
}

#[derive(Debug, Clone, Default)]
pub struct Content {
    pub mime_type: String,
    /// Decoded text (base64 bodies are decoded when they are UTF-8), cut at
    /// [`BODY_KEEP`] bytes.
    pub text: Option<String>,
    /// `content.size` (0 when missing or negative).
    pub size: u64,
}

/// Chrome's `_initiator`.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Initiator {
    /// `type`: `"script"`, `"parser"`, `"preflight"`, `"other"`, …
    pub kind: String,
    /// `url` (for preflights: the URL of the request it was made for).
    pub url: Option<String>,
    /// `requestId` (for preflights: the id of the actual request).
    pub request_id: Option<String>,
    /// The top frame of `stack.callFrames` (walking `parent` when the top
    /// stack is empty), where the page's code made the request.
    pub frame: Option<CallFrame>,
}

#[derive(Debug, Clone, Default, PartialEq, serde::Serialize)]
pub struct CallFrame {
    pub function: String,
    pub url: String,
    /// 1-based (HAR/CDP line numbers are 0-based; this adds one).
    pub line: u32,
    /// 1-based.
    pub column: u32,
}

impl Entry {
    /// True when this entry is a CORS preflight: Chrome's markers, or the
    /// shape every browser gives it (`OPTIONS` + `Access-Control-Request-Method`).
    pub fn is_preflight(&self) -> bool {
        if self.resource_type.as_deref() == Some("preflight") {
            return true;
        }
        if let Some(i) = &self.initiator {
            if i.kind == "preflight" {
                return true;
            }
        }
        self.request.method == Method::Options && self.request.headers.contains("access-control-request-method")
    }

    /// True when a response arrived (status > 0).
    pub fn has_response(&self) -> bool {
        self.response.status > 0
    }
}

/// Why input could not be read: where (JSON line/column, or entry index and
/// field path) and what.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HarError {
    /// e.g. `"line 3, column 17"`, `"log.entries[4].response.status"`, `"log"`.
    pub location: String,
    pub message: String,
}

impl std::fmt::Display for HarError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.location, self.message)
    }
}

impl std::error::Error for HarError {}

// ---------------------------------------------------------------------------
// Caps. Everything a hostile or merely huge file could make us keep is bounded;
// whatever is cut is cut on a char boundary, and (except for bodies, which are
// always cut) noted in `Har::warnings`.
// ---------------------------------------------------------------------------

/// Longest URL kept (`request.url`, `redirectURL`, `_initiator.url`, frame
/// URLs). Chrome records `data:` URLs whole; the engine only needs origin and
/// path.
pub const MAX_URL: usize = 64 * 1024;
/// Longest header value kept (a 50 MB cookie or CSP header is cut here).
pub const MAX_HEADER_VALUE: usize = 64 * 1024;
/// Longest header name kept.
pub const MAX_HEADER_NAME: usize = 1024;
/// Longest other text kept (status text, MIME types, dates, ids, names).
pub const MAX_TEXT: usize = 64 * 1024;
/// How many headers of one list are kept; the rest are counted and dropped.
pub const MAX_HEADERS: usize = 1024;
/// How many `postData.params` are kept.
pub const MAX_PARAMS: usize = 1024;
/// How many `log.pages` are kept.
pub const MAX_PAGES: usize = 10_000;
/// How many warnings are kept; one final warning counts the rest. A file of a
/// million unreadable entries must not turn into a million messages.
pub const MAX_WARNINGS: usize = 1000;
/// How many characters of a body are looked at before decoding: enough base64
/// (with line breaks) for [`BODY_KEEP`] decoded bytes.
const BODY_RAW_CAP: usize = BODY_KEEP * 2;
/// How many `callFrames` of one stack are looked at (the first readable one wins).
const MAX_FRAMES: usize = 4;

use std::borrow::Cow;
use std::fmt;
use std::marker::PhantomData;

use serde::de::{self, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde::Deserialize;
use serde_json::value::RawValue;

// ---------------------------------------------------------------------------
// Public entry points
// ---------------------------------------------------------------------------

/// Parses a whole HAR file. Fails only when the file is not JSON or has no
/// `log.entries` array; unreadable entries go to `Har::warnings`.
///
/// Accepted on the way: a UTF-8 BOM, UTF-16 with a BOM (decoded), invalid
/// UTF-8 (replaced by U+FFFD, with a warning naming the first place),
/// trailing bytes after the HAR object (warning).
pub fn parse_har(bytes: &[u8]) -> Result<Har, HarError> {
    let mut warnings = Vec::new();
    let text = decode_input(bytes, &mut warnings)?;
    let text: &str = &text;
    check_top_level(text)?;
    let mut st = State::new();
    for w in warnings {
        st.warn(w);
    }
    let mut de = serde_json::Deserializer::from_str(text);
    read_top(&mut de, st, &same_pos)
}

/// [`parse_har`] from a reader, keeping only what is being parsed in memory
/// (one entry's JSON at a time, a 64 KiB buffer, and the file minus its
/// entries) instead of the whole file: peak memory is the model, not the model
/// plus the file. Same leniency, results and messages as [`parse_har`];
/// invalid UTF-8 is replaced on the fly; a UTF-16 file is read whole.
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
pub fn parse_har_reader_with<R: std::io::Read>(mut reader: R, mut sink: impl FnMut(Entry)) -> Result<Har, HarError> {
    let mut stream = HarStream::new();
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
    let mut har = stream.finish()?;
    har.entries.drain(..).for_each(sink);
    Ok(har)
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
/// UTF-16 file is kept whole and read by [`parse_har`] in [`HarStream::finish`].
#[derive(Default)]
pub struct HarStream {
    /// The first bytes, until the first JSON character decides the encoding
    /// and the top-level check.
    head: Vec<u8>,
    started: bool,
    /// UTF-16: the whole input, read at the end.
    utf16: Option<Vec<u8>>,
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
        if let Some(all) = &mut self.utf16 {
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
        self.st.har.entries.drain(..)
    }

    /// Entries read so far (taken or not).
    pub fn entries_read(&self) -> usize {
        self.sp.read
    }

    /// With [`HarStream::with_spans`]: the byte range in the input of every
    /// entry read so far, in order; `None` when the input's bytes do not map
    /// to the text read (invalid UTF-8 was replaced, UTF-16) or without spans.
    pub fn spans(&self) -> Option<&[(u64, u64)]> {
        if self.bad_count > 0 || self.utf16.is_some() {
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
        if let Some(all) = self.utf16.take() {
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
            har.warnings.insert(
                0,
                HarError {
                    location: at_line_col(line, col),
                    message: format!(
                        "invalid UTF-8 (byte 0x{bad:02X}); {count} invalid sequence{} in the file replaced by U+FFFD",
                        if count == 1 { "" } else { "s" }
                    ),
                },
            );
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
        if head.starts_with(b"\xFF\xFE") || head.starts_with(b"\xFE\xFF") {
            self.utf16 = Some(head);
            return;
        }
        let start = if head.starts_with(b"\xEF\xBB\xBF") { 3 } else { 0 };
        {
            // the top-level check on what was read so far (valid UTF-8 up to an
            // incomplete or invalid sequence is enough to see the first character)
            let h = &head[start..];
            let h = match std::str::from_utf8(h) {
                Err(e) if e.error_len().is_none() && !at_eof => &h[..e.valid_up_to()],
                _ => h,
            };
            let probe = String::from_utf8_lossy(h);
            if at_eof || !probe.trim_start_matches([' ', '\t', '\n', '\r']).is_empty() {
                if let Err(e) = check_top_level(&probe) {
                    self.error = Some(e);
                    return;
                }
            }
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

/// The common top level of [`parse_har`] and [`parse_har_reader`].
fn read_top<'de, R: serde_json::de::Read<'de>>(
    de: &mut serde_json::Deserializer<R>,
    mut st: State,
    map: PosMap,
) -> Result<Har, HarError> {
    if let Err(e) = (TopSeed { st: &mut st }).deserialize(&mut *de) {
        return Err(json_error(&e, st.in_entry, "the file", map));
    }
    if let Err(e) = de.end() {
        let (line, col) = map(e.line(), e.column());
        st.warn(HarError {
            location: at_line_col(line, col),
            message: "unexpected characters after the end of the HAR object; ignored".into(),
        });
    }
    match st.log {
        Kind::Object => {}
        Kind::Missing => {
            return Err(HarError {
                location: "log".into(),
                message: "missing: this is JSON but not a HAR (a HAR is an object {\"log\": {\"entries\": [...]}})"
                    .into(),
            })
        }
        k => {
            return Err(HarError {
                location: "log".into(),
                message: format!("expected an object, found {}", k.describe()),
            })
        }
    }
    match st.entries {
        Kind::Array => {}
        Kind::Missing => {
            return Err(HarError {
                location: "log.entries".into(),
                message: "missing: a HAR's log needs an \"entries\" array".into(),
            })
        }
        k => {
            return Err(HarError {
                location: "log.entries".into(),
                message: format!("expected an array, found {}", k.describe()),
            })
        }
    }
    if st.suppressed > 0 {
        st.har.warnings.push(HarError {
            location: "log".into(),
            message: format!("{} more warnings not shown (at most {MAX_WARNINGS} are kept)", st.suppressed),
        });
    }
    Ok(st.har)
}

/// How much [`parse_har_reader`] reads at a time.
const READ_CHUNK: usize = 64 * 1024;

/// Parses one entry (the JSON of one `log.entries[i]`), as the extension
/// receives them from `onRequestFinished`. `index` is its position.
pub fn parse_entry(json: &str, index: usize) -> Result<Entry, HarError> {
    parse_entry_with_warnings(json, index).map(|(e, _)| e)
}

/// [`parse_entry`], also returning what was cut or ignored in the entry
/// (over-long header values, dropped headers, …) as warnings.
pub fn parse_entry_with_warnings(json: &str, index: usize) -> Result<(Entry, Vec<HarError>), HarError> {
    let json = json.strip_prefix('\u{feff}').unwrap_or(json);
    if json.trim().is_empty() {
        return Err(HarError {
            location: format!("log.entries[{index}]"),
            message: "empty input (expected the JSON of one entry)".into(),
        });
    }
    let mut notes = Vec::new();
    let e = read_entry(json, index, &mut notes)?;
    Ok((e, notes))
}

// ---------------------------------------------------------------------------
// The reader path's splitter
// ---------------------------------------------------------------------------

/// Where the entries array's content was cut out of the skeleton: file
/// offsets (and lines, line starts) just after its `[` and at its `]`.
#[derive(Clone, Copy, Debug, Default)]
struct Cut {
    a: usize,
    a_line: usize,
    a_line_start: usize,
    b: usize,
    b_line: usize,
    b_line_start: usize,
}

impl Cut {
    /// A skeleton (line, column) as serde_json reports it (column = index
    /// after the last byte read - line start) to the file's.
    fn map(&self, line: usize, col: usize) -> (usize, usize) {
        if line < self.a_line || (line == self.a_line && col <= self.a - self.a_line_start) {
            (line, col)
        } else if line == self.a_line {
            let idx = self.a_line_start + col + (self.b - self.a);
            (self.b_line, idx - self.b_line_start)
        } else {
            (line + self.b_line - self.a_line, col)
        }
    }
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
enum Mode {
    /// Outside the entries array: bytes go to the skeleton.
    #[default]
    Skeleton,
    /// In the entries array, before the first element.
    First,
    /// In the entries array, after an element.
    AfterElem,
    /// In the entries array, after a comma.
    AfterComma,
    /// Inside an element.
    Elem,
}

/// What the value being started at depth 1 or 2 is for.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
enum Pending {
    #[default]
    None,
    /// The value of the first `log` key of the root.
    Log,
    /// The value of the first `entries` key of that log.
    Entries,
    Other,
}

/// The bytes that matter outside strings inside an element.
const STRUCTURAL: [bool; 256] = {
    let mut t = [false; 256];
    t[b'"' as usize] = true;
    t[b'{' as usize] = true;
    t[b'[' as usize] = true;
    t[b'}' as usize] = true;
    t[b']' as usize] = true;
    t
};

/// A lexical scanner that follows strings and brackets just enough to find
/// `log.entries[i]` in a stream; serde_json does all validation.
#[derive(Default)]
struct Splitter {
    offset: usize,
    /// Newlines so far (line = lines + 1).
    lines: usize,
    line_start: usize,
    in_str: bool,
    esc: bool,
    depth: usize,
    is_obj: [bool; 3],
    expect_key: [bool; 3],
    pending: [Pending; 3],
    capturing_key: bool,
    key: Vec<u8>,
    in_log: bool,
    log_seen: bool,
    entries_seen: bool,
    skeleton: Vec<u8>,
    cut: Option<Cut>,
    mode: Mode,
    elem: Vec<u8>,
    elem_line: usize,
    elem_col0: usize,
    elem_depth: usize,
    elem_scalar: bool,
    /// The byte that ended a scalar element (not part of it).
    scalar_end: Option<u8>,
    index: usize,
    /// Input bytes before the splitter's first (a UTF-8 BOM).
    base: usize,
    /// Where the element being read starts (splitter offset).
    elem_start: usize,
    /// The length of the last element read.
    last_len: usize,
    /// Readable entries so far.
    read: usize,
    /// Each readable entry's byte range in the input, when asked for.
    spans: Option<Vec<(u64, u64)>>,
}

impl Splitter {
    fn pos(&self) -> (usize, usize) {
        (self.lines + 1, self.offset - self.line_start)
    }

    fn bump(&mut self, b: u8) {
        self.offset += 1;
        if b == b'\n' {
            self.lines += 1;
            self.line_start = self.offset;
        }
    }

    fn bump_span(&mut self, span: &[u8]) {
        let n = count_newlines(span);
        if n > 0 {
            self.lines += n;
            if let Some(last) = memchr::memrchr(b'\n', span) {
                self.line_start = self.offset + last + 1;
            }
        }
        self.offset += span.len();
    }

    fn feed(&mut self, text: &str, st: &mut State) -> Result<(), HarError> {
        let data = text.as_bytes();
        let mut i = 0;
        while i < data.len() {
            let b = data[i];
            match self.mode {
                Mode::Skeleton => {
                    self.skeleton_byte(b);
                    self.bump(b);
                    i += 1;
                }
                Mode::First | Mode::AfterElem | Mode::AfterComma => {
                    match b {
                        b' ' | b'\t' | b'\n' | b'\r' => {}
                        b']' if self.mode != Mode::AfterComma => {
                            // the entries array ends: back to the skeleton
                            if let Some(c) = self.cut.as_mut() {
                                c.b = self.offset;
                                c.b_line = self.lines + 1;
                                c.b_line_start = self.line_start;
                            }
                            self.skeleton.push(b']');
                            self.depth = self.depth.saturating_sub(1);
                            self.mode = Mode::Skeleton;
                        }
                        b']' => return Err(self.fatal_at_peek("trailing comma")),
                        b',' if self.mode == Mode::AfterElem => self.mode = Mode::AfterComma,
                        _ if self.mode == Mode::AfterElem => return Err(self.fatal_at_peek("expected `,` or `]`")),
                        _ => {
                            // (not tried when the rest of the chunk is shorter than
                            // the last element: it would most likely end outside,
                            // and chunks smaller than entries would pay twice)
                            if b == b'{' && data.len() - i >= self.last_len {
                                if let Some(len) = self.whole_entry(text.get(i..).unwrap_or(""), st) {
                                    i += len;
                                    continue;
                                }
                            }
                            self.start_elem(b);
                            self.elem.push(b);
                            self.mode = Mode::Elem;
                        }
                    }
                    self.bump(b);
                    i += 1;
                }
                Mode::Elem => {
                    let start = i;
                    let mut done = false;
                    if self.elem_scalar {
                        while i < data.len() {
                            let c = data[i];
                            if matches!(c, b' ' | b'\t' | b'\n' | b'\r' | b',' | b']' | b'}' | b'{' | b'[' | b'"') {
                                self.scalar_end = Some(c);
                                done = true;
                                break;
                            }
                            i += 1;
                        }
                    } else {
                        // the state in locals; strings skipped with memchr, the
                        // rest with a table of the bytes that matter
                        let (mut in_str, mut esc, mut depth) = (self.in_str, self.esc, self.elem_depth);
                        while i < data.len() {
                            if in_str {
                                if esc {
                                    esc = false;
                                    i += 1;
                                    continue;
                                }
                                match memchr::memchr2(b'"', b'\\', &data[i..]) {
                                    Some(p) => {
                                        i += p;
                                        if data[i] == b'\\' {
                                            esc = true;
                                        } else {
                                            in_str = false;
                                            if depth == 0 {
                                                i += 1;
                                                done = true;
                                                break;
                                            }
                                        }
                                        i += 1;
                                    }
                                    None => i = data.len(),
                                }
                            } else {
                                match data[i..].iter().position(|&c| STRUCTURAL[usize::from(c)]) {
                                    Some(p) => i += p,
                                    None => {
                                        i = data.len();
                                        break;
                                    }
                                }
                                match data[i] {
                                    b'"' => in_str = true,
                                    b'{' | b'[' => depth += 1,
                                    _ => {
                                        depth -= 1;
                                        if depth == 0 {
                                            i += 1;
                                            done = true;
                                            break;
                                        }
                                    }
                                }
                                i += 1;
                            }
                        }
                        (self.in_str, self.esc, self.elem_depth) = (in_str, esc, depth);
                    }
                    self.elem.extend_from_slice(&data[start..i]);
                    self.bump_span(&data[start..i]);
                    if done {
                        self.finish_elem(st)?;
                    }
                }
            }
        }
        Ok(())
    }

    /// The fast path for an element starting with the `{` at the start of
    /// `rest` (the rest of the chunk): serde_json reads it in place, and its
    /// end is where serde_json stopped. `Some(length)` when that worked: the
    /// entry is read and the splitter is after it. `None` (nothing changed)
    /// when serde_json failed, whether the chunk ends inside the element or
    /// the element is unreadable: the lexical path then takes the element as
    /// before, so results, warnings and errors are the same. A readable object
    /// is exactly what the lexical scan would have cut out (it ends at its
    /// matching `}`), and reading it is the same serde_json call on the same
    /// bytes.
    ///
    /// This saves a pass over every byte (the scan for string ends and
    /// brackets), the copy of each entry to `elem` and its second UTF-8
    /// check, at the cost of reading twice the start of an entry that the
    /// chunk's end cuts.
    fn whole_entry(&mut self, rest: &str, st: &mut State) -> Option<usize> {
        let mut values = serde_json::Deserializer::from_str(rest).into_iter::<Obj<RawEntry>>();
        // `{` delimits itself: no look past the closing `}`
        let raw = values.next()?.ok()?;
        let len = values.byte_offset();
        self.start_elem(b'{');
        self.bump_span(rest.as_bytes().get(..len)?);
        st.in_entry = Some(self.index);
        self.add_entry(raw, st);
        self.elem_done(st);
        Some(len)
    }

    /// An element starts here (at `self.offset`) with the byte `b`.
    fn start_elem(&mut self, b: u8) {
        self.elem.clear();
        self.elem_line = self.lines + 1;
        self.elem_col0 = self.offset - self.line_start;
        self.elem_start = self.offset;
        self.in_str = b == b'"';
        self.esc = false;
        self.elem_depth = usize::from(matches!(b, b'{' | b'['));
        self.elem_scalar = !matches!(b, b'{' | b'[' | b'"');
        self.scalar_end = None;
    }

    /// Follows the skeleton (outside the entries array) byte by byte.
    fn skeleton_byte(&mut self, b: u8) {
        self.skeleton.push(b);
        let d = self.depth;
        if self.in_str {
            if self.esc {
                self.esc = false;
            } else if b == b'\\' {
                self.esc = true;
            } else if b == b'"' {
                self.in_str = false;
                if self.capturing_key {
                    self.capturing_key = false;
                    self.key_done();
                }
                return;
            }
            if self.capturing_key {
                self.key.push(b);
            }
            return;
        }
        if matches!(b, b' ' | b'\t' | b'\n' | b'\r') {
            return;
        }
        if (1..=2).contains(&d) && self.is_obj[d] && self.expect_key[d] && b == b'"' {
            self.in_str = true;
            if d == 1 || self.in_log {
                self.capturing_key = true;
                self.key.clear();
            }
            return;
        }
        if (1..=2).contains(&d) {
            match b {
                b':' => {
                    self.expect_key[d] = false;
                    return;
                }
                b',' => {
                    self.expect_key[d] = self.is_obj[d];
                    self.pending[d] = Pending::None;
                    return;
                }
                b'}' | b']' => {}
                _ => {
                    // a value starts at depth d
                    match std::mem::take(&mut self.pending[d]) {
                        Pending::Log => {
                            self.log_seen = true;
                            if b == b'{' {
                                self.in_log = true;
                            }
                        }
                        Pending::Entries => {
                            self.entries_seen = true;
                            if b == b'[' {
                                self.depth += 1;
                                self.cut = Some(Cut {
                                    a: self.offset + 1,
                                    a_line: self.lines + 1,
                                    a_line_start: self.line_start,
                                    ..Default::default()
                                });
                                self.mode = Mode::First;
                                return;
                            }
                        }
                        _ => {}
                    }
                }
            }
        }
        match b {
            b'"' => self.in_str = true,
            b'{' | b'[' => {
                self.depth += 1;
                if self.depth <= 2 {
                    self.is_obj[self.depth] = b == b'{';
                    self.expect_key[self.depth] = b == b'{';
                    self.pending[self.depth] = Pending::None;
                }
            }
            b'}' | b']' => {
                if self.depth == 2 {
                    self.in_log = false;
                }
                self.depth = self.depth.saturating_sub(1);
            }
            _ => {}
        }
    }

    fn key_done(&mut self) {
        let d = self.depth;
        let key: Cow<str> = if self.key.contains(&b'\\') {
            let mut quoted = Vec::with_capacity(self.key.len() + 2);
            quoted.push(b'"');
            quoted.extend_from_slice(&self.key);
            quoted.push(b'"');
            serde_json::from_slice::<String>(&quoted).map(Cow::Owned).unwrap_or(Cow::Borrowed(""))
        } else {
            Cow::Borrowed(std::str::from_utf8(&self.key).unwrap_or(""))
        };
        let p = if d == 1 && key == "log" && !self.log_seen {
            Pending::Log
        } else if d == 2 && self.in_log && key == "entries" && !self.entries_seen {
            Pending::Entries
        } else {
            Pending::Other
        };
        if (1..=2).contains(&d) {
            self.pending[d] = p;
        }
    }

    /// An element is complete: read it as [`parse_har`] would (a syntax error
    /// is fatal, anything else is that entry's warning).
    fn finish_elem(&mut self, st: &mut State) -> Result<(), HarError> {
        let elem = std::mem::take(&mut self.elem);
        let text = std::str::from_utf8(&elem).unwrap_or("");
        let index = self.index;
        st.in_entry = Some(index);
        match serde_json::from_str::<Obj<RawEntry>>(text) {
            Ok(raw) => self.add_entry(raw, st),
            Err(e) => {
                // what parse_har's raw scan would say (no recursion limit there)
                if let Err(mut syntax) = serde_json::from_str::<IgnoredAny>(text) {
                    if let Some(end) = self.scalar_end {
                        // `tru,` `1.,`: serde_json, reading the whole file,
                        // reports these at the byte after the broken scalar
                        let mut more = text.to_string();
                        more.push(char::from(end));
                        if let Err(e) = serde_json::from_str::<IgnoredAny>(&more) {
                            if !bare_message(&e).starts_with("trailing characters") {
                                syntax = e;
                            }
                        }
                    }
                    if self.elem_scalar && bare_message(&syntax).starts_with("trailing characters") {
                        // `9\`: serde_json takes `9` as the element and stops at `\`
                        let mut err = self.fatal_in_elem(&syntax);
                        if err.message.starts_with("trailing characters") {
                            err.message = format!("expected `,` or `]` in log.entries[{}]", index + 1);
                        }
                        return Err(err);
                    }
                    return Err(self.fatal_in_elem(&syntax));
                }
                st.warn(locate_entry_error(text, index, &e));
            }
        }
        self.elem = elem;
        self.elem.clear();
        self.elem_done(st);
        Ok(())
    }

    /// A readable element (the splitter is at its end): the entry, or why
    /// it is skipped.
    fn add_entry(&mut self, raw: Obj<RawEntry>, st: &mut State) {
        let mut notes = Vec::new();
        let r = convert(raw, self.index, &mut notes);
        for n in notes {
            st.warn(n);
        }
        match r {
            Ok(e) => {
                st.har.entries.push(e);
                self.read += 1;
                if let Some(spans) = &mut self.spans {
                    spans.push(((self.base + self.elem_start) as u64, (self.base + self.offset) as u64));
                }
            }
            Err(w) => st.warn(w),
        }
    }

    fn elem_done(&mut self, st: &mut State) {
        self.last_len = self.offset - self.elem_start;
        self.index += 1;
        self.mode = Mode::AfterElem;
        st.in_entry = None;
    }

    /// A syntax error in the skeleton read so far (before the entries), if
    /// any: it comes first in the file.
    fn earlier_error(&self) -> Option<HarError> {
        let text = std::str::from_utf8(&self.skeleton).ok()?;
        let mut scratch = State::new();
        let mut de = serde_json::Deserializer::from_str(text);
        match (TopSeed { st: &mut scratch }).deserialize(&mut de) {
            Err(e) if e.classify() != serde_json::error::Category::Eof => {
                Some(json_error(&e, scratch.in_entry, "the file", &same_pos))
            }
            _ => None,
        }
    }

    fn fatal_in_elem(&self, e: &serde_json::Error) -> HarError {
        if let Some(earlier) = self.earlier_error() {
            return earlier;
        }
        let (line0, col0) = (self.elem_line, self.elem_col0);
        let map = move |line: usize, col: usize| if line <= 1 { (line0, col0 + col) } else { (line0 + line - 1, col) };
        json_error(e, Some(self.index), "the file", &map)
    }

    /// serde_json's message for a byte it peeked at in the entries array.
    fn fatal_at_peek(&self, message: &str) -> HarError {
        if let Some(earlier) = self.earlier_error() {
            return earlier;
        }
        let (line, col) = self.pos();
        HarError { location: at_line_col(line, col + 1), message: format!("{message} in log.entries[{}]", self.index) }
    }

    fn finish(mut self, mut st: State) -> Result<Har, HarError> {
        let eof = |s: &Splitter, what: &str| -> HarError {
            if let Some(earlier) = s.earlier_error() {
                return earlier;
            }
            let (line, col) = s.pos();
            HarError {
                location: at_line_col(line, col),
                message: format!("EOF while parsing {what} in log.entries[{}] (the file looks truncated)", s.index),
            }
        };
        match self.mode {
            Mode::Skeleton => {}
            Mode::First | Mode::AfterElem => return Err(eof(&self, "a list")),
            Mode::AfterComma => return Err(eof(&self, "a value")),
            Mode::Elem => {
                let text = std::str::from_utf8(&self.elem).unwrap_or("");
                if let Err(e) = serde_json::from_str::<IgnoredAny>(text) {
                    return Err(self.fatal_in_elem(&e));
                }
                // a complete scalar cut by the end of the file
                self.finish_elem(&mut st)?;
                return Err(eof(&self, "a list"));
            }
        }
        let skeleton = std::mem::take(&mut self.skeleton);
        let text = std::str::from_utf8(&skeleton).unwrap_or("");
        let cut = self.cut;
        let map = move |line: usize, col: usize| cut.map_or((line, col), |c| c.map(line, col));
        let mut de = serde_json::Deserializer::from_str(text);
        read_top(&mut de, st, &map)
    }
}

// ---------------------------------------------------------------------------
// Input decoding and top-level checks
// ---------------------------------------------------------------------------

/// How many `\n` bytes `s` holds, eight bytes at a time: on wasm32 memchr
/// has no SIMD and counts byte by byte, and this count runs over every byte
/// of the entries.
fn count_newlines(s: &[u8]) -> usize {
    const ONES: u64 = u64::from_ne_bytes([0x01; 8]);
    const LOW7: u64 = u64::from_ne_bytes([0x7f; 8]);
    let words = s.chunks_exact(8);
    let rest = words.remainder();
    let mut n = 0;
    for w in words {
        let Ok(w) = <[u8; 8]>::try_from(w) else { continue };
        // bytes equal to '\n' become zero; the high bit of each zero byte is
        // set exactly (no carries: the low 7 bits are added separately)
        let x = u64::from_ne_bytes(w) ^ (ONES * u64::from(b'\n'));
        let zero = !(((x & LOW7) + LOW7) | x | LOW7);
        n += zero.count_ones() as usize;
    }
    n + rest.iter().filter(|&&b| b == b'\n').count()
}

fn line_col(text: &[u8], offset: usize) -> (usize, usize) {
    let before = &text[..offset.min(text.len())];
    let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
    let start = before.iter().rposition(|&b| b == b'\n').map_or(0, |p| p + 1);
    (line, before.len() - start + 1)
}

fn at_line_col(line: usize, col: usize) -> String {
    format!("line {line}, column {col}")
}

/// BOM handling and UTF-8 validation. Borrows unless the input must change.
fn decode_input<'b>(bytes: &'b [u8], warnings: &mut Vec<HarError>) -> Result<Cow<'b, str>, HarError> {
    if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        return decode_utf8(rest, warnings);
    }
    let utf16 = |big: bool, rest: &[u8]| -> String {
        let units = rest.chunks_exact(2).map(|c| {
            if big {
                u16::from_be_bytes([c[0], c[1]])
            } else {
                u16::from_le_bytes([c[0], c[1]])
            }
        });
        char::decode_utf16(units).map(|r| r.unwrap_or(char::REPLACEMENT_CHARACTER)).collect()
    };
    if let Some(rest) = bytes.strip_prefix(b"\xFF\xFE") {
        return Ok(Cow::Owned(utf16(false, rest)));
    }
    if let Some(rest) = bytes.strip_prefix(b"\xFE\xFF") {
        return Ok(Cow::Owned(utf16(true, rest)));
    }
    decode_utf8(bytes, warnings)
}

fn decode_utf8<'b>(bytes: &'b [u8], warnings: &mut Vec<HarError>) -> Result<Cow<'b, str>, HarError> {
    match std::str::from_utf8(bytes) {
        Ok(s) => Ok(Cow::Borrowed(s)),
        Err(e) => {
            let at = e.valid_up_to();
            let (line, col) = line_col(bytes, at);
            let bad = bytes.get(at).copied().unwrap_or(0);
            let count = bytes.utf8_chunks().filter(|c| !c.invalid().is_empty()).count();
            warnings.push(HarError {
                location: at_line_col(line, col),
                message: format!(
                    "invalid UTF-8 (byte 0x{bad:02X}); {count} invalid sequence{} in the file replaced by U+FFFD",
                    if count == 1 { "" } else { "s" }
                ),
            });
            Ok(String::from_utf8_lossy(bytes))
        }
    }
}

/// Rejects, with a clear message, inputs that cannot be a HAR before parsing
/// them: empty, a JSON array, a scalar, HTML.
fn check_top_level(text: &str) -> Result<(), HarError> {
    let Some(pos) = text.bytes().position(|b| !matches!(b, b' ' | b'\t' | b'\n' | b'\r')) else {
        return Err(HarError {
            location: "input".into(),
            message: if text.is_empty() { "the file is empty".into() } else { "the file is only whitespace".into() },
        });
    };
    let (line, col) = line_col(text.as_bytes(), pos);
    let location = at_line_col(line, col);
    let first = text.as_bytes()[pos];
    let message = match first {
        b'{' => return Ok(()),
        b'[' => "the file is a JSON array, not a HAR (a HAR is an object {\"log\": {\"entries\": [...]}})".to_string(),
        b'"' => "the file is a JSON string, not a HAR (a HAR is an object {\"log\": {...}})".to_string(),
        b'-' | b'0'..=b'9' => "the file is a JSON number, not a HAR (a HAR is an object {\"log\": {...}})".to_string(),
        b't' | b'f' | b'n' => "the file is not a HAR: expected an object {\"log\": {...}}".to_string(),
        b'<' => "not JSON: the file starts with '<' (an HTML or XML page?), a HAR is JSON".to_string(),
        _ => {
            let c = text[pos..].chars().next().unwrap_or(' ');
            format!("not JSON: unexpected character {c:?} at the start of the file")
        }
    };
    Err(HarError { location, message })
}

/// serde_json's message without its " at line L column C" suffix.
fn bare_message(e: &serde_json::Error) -> String {
    let full = e.to_string();
    let suffix = format!(" at line {} column {}", e.line(), e.column());
    match full.strip_suffix(&suffix) {
        Some(s) => s.to_string(),
        None => full,
    }
}

/// A fatal JSON error: location from serde_json, message phrased for people.
fn json_error(e: &serde_json::Error, in_entry: Option<usize>, what: &str, map: PosMap) -> HarError {
    let mut message = bare_message(e);
    if let Some(i) = in_entry {
        message.push_str(&format!(" in log.entries[{i}]"));
    }
    if e.classify() == serde_json::error::Category::Eof {
        message.push_str(&format!(" ({what} looks truncated)"));
    }
    let (line, col) = map(e.line(), e.column());
    HarError { location: at_line_col(line, col), message }
}

/// Maps a (line, column) reported by serde_json on what it was given to the
/// file's (the reader path parses pieces of the file).
type PosMap<'a> = &'a dyn Fn(usize, usize) -> (usize, usize);

fn same_pos(line: usize, col: usize) -> (usize, usize) {
    (line, col)
}

// ---------------------------------------------------------------------------
// Lenient value types: none of them fails on a wrong JSON type; they record
// what they found so that conversion can decide (and say) what to do.
// ---------------------------------------------------------------------------

/// What a JSON value was, for messages.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
enum Kind {
    #[default]
    Missing,
    Null,
    Bool,
    Number,
    String,
    Array,
    Object,
}

impl Kind {
    fn describe(self) -> &'static str {
        match self {
            Kind::Missing => "nothing",
            Kind::Null => "null",
            Kind::Bool => "a boolean",
            Kind::Number => "a number",
            Kind::String => "a string",
            Kind::Array => "an array",
            Kind::Object => "an object",
        }
    }
}

/// Values that can stand for "the JSON had the wrong type here".
trait Lenient {
    fn wrong(kind: Kind) -> Self;
}

/// Visitor methods that accept, skip and record a value of an unwanted type.
macro_rules! accept_scalars {
    () => {
        fn visit_bool<E: de::Error>(self, _: bool) -> Result<Self::Value, E> {
            Ok(Lenient::wrong(Kind::Bool))
        }
        fn visit_i64<E: de::Error>(self, _: i64) -> Result<Self::Value, E> {
            Ok(Lenient::wrong(Kind::Number))
        }
        fn visit_u64<E: de::Error>(self, _: u64) -> Result<Self::Value, E> {
            Ok(Lenient::wrong(Kind::Number))
        }
        fn visit_f64<E: de::Error>(self, _: f64) -> Result<Self::Value, E> {
            Ok(Lenient::wrong(Kind::Number))
        }
        fn visit_str<E: de::Error>(self, _: &str) -> Result<Self::Value, E> {
            Ok(Lenient::wrong(Kind::String))
        }
        fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
            Ok(Lenient::wrong(Kind::Null))
        }
        fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
            Ok(Lenient::wrong(Kind::Null))
        }
    };
}

macro_rules! accept_seq {
    () => {
        fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
            while seq.next_element::<IgnoredAny>()?.is_some() {}
            Ok(Lenient::wrong(Kind::Array))
        }
    };
}

macro_rules! accept_map {
    () => {
        fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
            while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
            Ok(Lenient::wrong(Kind::Object))
        }
    };
}

#[derive(Clone, Copy, Debug, Default, PartialEq)]
enum Num {
    #[default]
    None,
    U(u64),
    I(i64),
    F(f64),
}

/// A scalar read leniently: a string (borrowed when the JSON has no escapes,
/// cut at `CAP` bytes), a number, a boolean, null, or a skipped container.
#[derive(Debug, Default)]
struct Val<'a, const CAP: usize = MAX_TEXT> {
    kind: Kind,
    /// The string (cut at `CAP`), empty for other kinds.
    text: Cow<'a, str>,
    /// Full length in bytes of the string as it was in the file.
    len: usize,
    /// For a string longer than `CAP`: how many of its bytes are base64 digits.
    b64_digits: usize,
    num: Num,
}

impl<'a, const CAP: usize> Lenient for Val<'a, CAP> {
    fn wrong(kind: Kind) -> Self {
        Val { kind, ..Default::default() }
    }
}

fn is_b64_digit(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'+' | b'/' | b'-' | b'_')
}

/// The longest prefix of `s` of at most `max` bytes that ends on a char boundary.
fn cut(s: &str, max: usize) -> &str {
    if s.len() <= max {
        return s;
    }
    let mut i = max;
    while i > 0 && !s.is_char_boundary(i) {
        i -= 1;
    }
    &s[..i]
}

impl<'a, const CAP: usize> Val<'a, CAP> {
    fn string(text: Cow<'a, str>, full: &str) -> Self {
        let len = full.len();
        let b64_digits = if len > CAP { full.bytes().filter(|&b| is_b64_digit(b)).count() } else { 0 };
        Val { kind: Kind::String, text, len, b64_digits, num: Num::None }
    }

    /// The string, if this was a string.
    fn str(&self) -> Option<&str> {
        (self.kind == Kind::String).then_some(&*self.text)
    }

    /// A non-empty string, owned.
    fn nonempty(self) -> Option<String> {
        (self.kind == Kind::String && !self.text.is_empty()).then(|| self.text.into_owned())
    }

    /// Text of a string, number or boolean (numbers as written in JSON).
    fn into_text(self) -> Option<String> {
        match self.kind {
            Kind::String => Some(self.text.into_owned()),
            Kind::Number => Some(match self.num {
                Num::U(n) => n.to_string(),
                Num::I(n) => n.to_string(),
                Num::F(n) => n.to_string(),
                Num::None => String::new(),
            }),
            Kind::Bool => Some(if self.num == Num::U(1) { "true".into() } else { "false".into() }),
            _ => None,
        }
    }

    fn text_or_empty(self) -> String {
        self.into_text().unwrap_or_default()
    }

    /// A number, or a string holding one (`"404"`, `" 12.5 "`, `"404 Not Found"`).
    fn number(&self) -> Option<f64> {
        match (self.kind, self.num) {
            (Kind::Number, Num::U(n)) => Some(n as f64),
            (Kind::Number, Num::I(n)) => Some(n as f64),
            (Kind::Number, Num::F(n)) => Some(n),
            (Kind::String, _) => {
                let t = self.text.trim();
                if let Ok(n) = t.parse::<f64>() {
                    return n.is_finite().then_some(n);
                }
                let end = t
                    .char_indices()
                    .find(|&(i, c)| !(c.is_ascii_digit() || (i == 0 && c == '-')))
                    .map_or(t.len(), |(i, _)| i);
                t[..end].parse::<i64>().ok().map(|n| n as f64)
            }
            _ => None,
        }
    }

    fn truncated(&self) -> bool {
        self.kind == Kind::String && self.len > self.text.len()
    }
}

impl<'de: 'a, 'a, const CAP: usize> Deserialize<'de> for Val<'a, CAP> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V<'a, const CAP: usize>(PhantomData<&'a ()>);
        impl<'de: 'a, 'a, const CAP: usize> Visitor<'de> for V<'a, CAP> {
            type Value = Val<'a, CAP>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("any JSON value")
            }
            fn visit_borrowed_str<E: de::Error>(self, s: &'de str) -> Result<Self::Value, E> {
                Ok(Val::string(Cow::Borrowed(cut(s, CAP)), s))
            }
            fn visit_str<E: de::Error>(self, s: &str) -> Result<Self::Value, E> {
                Ok(Val::string(Cow::Owned(cut(s, CAP).to_owned()), s))
            }
            fn visit_string<E: de::Error>(self, s: String) -> Result<Self::Value, E> {
                if s.len() <= CAP {
                    let len = s.len();
                    Ok(Val { kind: Kind::String, text: Cow::Owned(s), len, b64_digits: 0, num: Num::None })
                } else {
                    self.visit_str(&s)
                }
            }
            fn visit_u64<E: de::Error>(self, n: u64) -> Result<Self::Value, E> {
                Ok(Val { kind: Kind::Number, num: Num::U(n), ..Default::default() })
            }
            fn visit_i64<E: de::Error>(self, n: i64) -> Result<Self::Value, E> {
                Ok(Val { kind: Kind::Number, num: Num::I(n), ..Default::default() })
            }
            fn visit_f64<E: de::Error>(self, n: f64) -> Result<Self::Value, E> {
                Ok(Val { kind: Kind::Number, num: Num::F(n), ..Default::default() })
            }
            fn visit_bool<E: de::Error>(self, b: bool) -> Result<Self::Value, E> {
                Ok(Val { kind: Kind::Bool, num: Num::U(b as u64), ..Default::default() })
            }
            fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
                Ok(Val::wrong(Kind::Null))
            }
            fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
                Ok(Val::wrong(Kind::Null))
            }
            accept_seq!();
            accept_map!();
        }
        d.deserialize_any(V::<'a, CAP>(PhantomData))
    }
}

/// An object read as `T`, or what was there instead.
#[derive(Debug, Default)]
enum Obj<T> {
    #[default]
    Missing,
    Wrong(Kind),
    Ok(T),
}

impl<T> Lenient for Obj<T> {
    fn wrong(kind: Kind) -> Self {
        Obj::Wrong(kind)
    }
}

impl<T> Obj<T> {
    fn ok(self) -> Option<T> {
        match self {
            Obj::Ok(t) => Some(t),
            _ => None,
        }
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Obj<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V<T>(PhantomData<T>);
        impl<'de, T: Deserialize<'de>> Visitor<'de> for V<T> {
            type Value = Obj<T>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("any JSON value")
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
                T::deserialize(de::value::MapAccessDeserializer::new(map)).map(Obj::Ok)
            }
            accept_scalars!();
            accept_seq!();
        }
        d.deserialize_any(V(PhantomData))
    }
}

/// An array of at most `MAX` items (the rest counted in `dropped`); anything
/// else reads as no items. (Header lists, whose messages name what was there
/// instead, are [`RawHeaders`].)
#[derive(Debug)]
struct List<T, const MAX: usize> {
    items: Vec<T>,
    dropped: usize,
}

impl<T, const MAX: usize> Default for List<T, MAX> {
    fn default() -> Self {
        List { items: Vec::new(), dropped: 0 }
    }
}

impl<T, const MAX: usize> Lenient for List<T, MAX> {
    fn wrong(_: Kind) -> Self {
        List::default()
    }
}

impl<'de, T: Deserialize<'de>, const MAX: usize> Deserialize<'de> for List<T, MAX> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V<T, const MAX: usize>(PhantomData<T>);
        impl<'de, T: Deserialize<'de>, const MAX: usize> Visitor<'de> for V<T, MAX> {
            type Value = List<T, MAX>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("any JSON value")
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
                let mut items = Vec::new();
                while items.len() < MAX {
                    match seq.next_element::<T>()? {
                        Some(x) => items.push(x),
                        None => return Ok(List { items, dropped: 0 }),
                    }
                }
                let mut dropped = 0;
                while seq.next_element::<IgnoredAny>()?.is_some() {
                    dropped += 1;
                }
                Ok(List { items, dropped })
            }
            accept_scalars!();
            accept_map!();
        }
        d.deserialize_any(V::<T, MAX>(PhantomData))
    }
}

/// The first object among the first `MAX` items of an array; the items
/// after it are skipped unread (a call stack: only its first readable frame
/// is kept). Anything else reads as none.
#[derive(Debug)]
struct FirstObj<T, const MAX: usize>(Option<T>);

impl<T, const MAX: usize> Default for FirstObj<T, MAX> {
    fn default() -> Self {
        FirstObj(None)
    }
}

impl<T, const MAX: usize> Lenient for FirstObj<T, MAX> {
    fn wrong(_: Kind) -> Self {
        FirstObj(None)
    }
}

impl<'de, T: Deserialize<'de>, const MAX: usize> Deserialize<'de> for FirstObj<T, MAX> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V<T, const MAX: usize>(PhantomData<T>);
        impl<'de, T: Deserialize<'de>, const MAX: usize> Visitor<'de> for V<T, MAX> {
            type Value = FirstObj<T, MAX>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("any JSON value")
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
                let mut found = None;
                for _ in 0..MAX {
                    match seq.next_element::<Obj<T>>()? {
                        Some(Obj::Ok(x)) => {
                            found = Some(x);
                            break;
                        }
                        Some(_) => {}
                        None => return Ok(FirstObj(None)),
                    }
                }
                while seq.next_element::<IgnoredAny>()?.is_some() {}
                Ok(FirstObj(found))
            }
            accept_scalars!();
            accept_map!();
        }
        d.deserialize_any(V::<T, MAX>(PhantomData))
    }
}

// ---------------------------------------------------------------------------
// Raw, borrowed shapes of what is read. Unknown fields are skipped.
// ---------------------------------------------------------------------------

#[derive(Deserialize, Default)]
#[serde(default)]
struct RawEntry<'a> {
    #[serde(borrow, rename = "startedDateTime")]
    started: Val<'a>,
    #[serde(borrow)]
    time: Val<'a>,
    #[serde(borrow)]
    pageref: Val<'a>,
    #[serde(borrow)]
    request: Obj<RawRequest<'a>>,
    #[serde(borrow)]
    response: Obj<RawResponse<'a>>,
    #[serde(borrow, rename = "_resourceType")]
    resource_type: Val<'a>,
    #[serde(borrow, rename = "_initiator")]
    initiator: Obj<RawInitiator<'a>>,
    #[serde(borrow, rename = "serverIPAddress")]
    server_ip: Val<'a>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct RawRequest<'a> {
    #[serde(borrow)]
    method: Val<'a>,
    #[serde(borrow)]
    url: Val<'a, MAX_URL>,
    #[serde(borrow, rename = "httpVersion")]
    http_version: Val<'a>,
    headers: RawHeaders,
    #[serde(borrow, rename = "postData")]
    post_data: Obj<RawPostData<'a>>,
    #[serde(borrow, rename = "bodySize")]
    body_size: Val<'a>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct RawHeader<'a> {
    #[serde(borrow)]
    name: Val<'a, MAX_HEADER_NAME>,
    #[serde(borrow)]
    value: Val<'a, MAX_HEADER_VALUE>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct RawPostData<'a> {
    #[serde(borrow, rename = "mimeType")]
    mime_type: Val<'a>,
    #[serde(borrow)]
    text: Val<'a, BODY_RAW_CAP>,
    #[serde(borrow)]
    encoding: Val<'a>,
    #[serde(borrow)]
    params: List<Obj<RawParam<'a>>, MAX_PARAMS>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct RawParam<'a> {
    #[serde(borrow)]
    name: Val<'a>,
    #[serde(borrow)]
    value: Val<'a, BODY_KEEP>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct RawResponse<'a> {
    #[serde(borrow)]
    status: Val<'a>,
    #[serde(borrow, rename = "statusText")]
    status_text: Val<'a>,
    #[serde(borrow, rename = "httpVersion")]
    http_version: Val<'a>,
    headers: RawHeaders,
    #[serde(borrow)]
    content: Obj<RawContent<'a>>,
    #[serde(borrow, rename = "redirectURL")]
    redirect_url: Val<'a, MAX_URL>,
    #[serde(borrow, rename = "_error")]
    error: Val<'a>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct RawContent<'a> {
    #[serde(borrow, rename = "mimeType")]
    mime_type: Val<'a>,
    #[serde(borrow)]
    text: Val<'a, BODY_RAW_CAP>,
    #[serde(borrow)]
    encoding: Val<'a>,
    #[serde(borrow)]
    size: Val<'a>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct RawInitiator<'a> {
    #[serde(borrow, rename = "type")]
    kind: Val<'a>,
    #[serde(borrow)]
    url: Val<'a, MAX_URL>,
    #[serde(borrow, rename = "requestId")]
    request_id: Val<'a>,
    #[serde(borrow)]
    stack: Obj<RawStack<'a>>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct RawStack<'a> {
    #[serde(borrow, rename = "callFrames")]
    call_frames: FirstObj<RawFrame<'a>, MAX_FRAMES>,
    #[serde(borrow)]
    parent: Obj<Box<RawStack<'a>>>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct RawFrame<'a> {
    #[serde(borrow, rename = "functionName")]
    function: Val<'a>,
    #[serde(borrow)]
    url: Val<'a, MAX_URL>,
    #[serde(borrow, rename = "lineNumber")]
    line: Val<'a>,
    #[serde(borrow, rename = "columnNumber")]
    column: Val<'a>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct RawSoftware<'a> {
    #[serde(borrow)]
    name: Val<'a>,
    #[serde(borrow)]
    version: Val<'a>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct RawPage<'a> {
    #[serde(borrow)]
    id: Val<'a>,
    #[serde(borrow)]
    title: Val<'a>,
    #[serde(borrow, rename = "startedDateTime")]
    started: Val<'a>,
}

// ---------------------------------------------------------------------------
// The top level: `{"log": {"creator", "browser", "pages", "entries": [...]}}`,
// entries parsed one by one as they stream past (each as a raw slice first,
// so that an unreadable entry is skipped, not fatal).
// ---------------------------------------------------------------------------

struct State {
    har: Har,
    /// The entry being read (for locating fatal errors).
    in_entry: Option<usize>,
    log: Kind,
    entries: Kind,
    suppressed: usize,
}

impl Default for State {
    fn default() -> Self {
        State::new()
    }
}

impl State {
    fn new() -> Self {
        State { har: Har::default(), in_entry: None, log: Kind::Missing, entries: Kind::Missing, suppressed: 0 }
    }

    fn warn(&mut self, w: HarError) {
        if self.har.warnings.len() < MAX_WARNINGS {
            self.har.warnings.push(w);
        } else {
            self.suppressed += 1;
        }
    }

    fn add_entry(&mut self, json: &str, index: usize) {
        let mut notes = Vec::new();
        let r = read_entry(json, index, &mut notes);
        for n in notes {
            self.warn(n);
        }
        match r {
            Ok(e) => self.har.entries.push(e),
            Err(w) => self.warn(w),
        }
    }
}

#[derive(Deserialize)]
#[serde(field_identifier, rename_all = "lowercase")]
enum TopField {
    Log,
    #[serde(other)]
    Other,
}

#[derive(Deserialize)]
#[serde(field_identifier, rename_all = "lowercase")]
enum LogField {
    Creator,
    Browser,
    Pages,
    Entries,
    #[serde(other)]
    Other,
}

struct TopSeed<'s> {
    st: &'s mut State,
}

impl<'de> DeserializeSeed<'de> for TopSeed<'_> {
    type Value = Kind;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Kind, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for TopSeed<'_> {
    type Value = Kind;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a HAR object")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Kind, A::Error> {
        while let Some(k) = map.next_key::<TopField>()? {
            match k {
                TopField::Log if self.st.log == Kind::Missing => map.next_value_seed(LogSeed { st: &mut *self.st })?,
                _ => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        Ok(Kind::Object)
    }
    accept_scalars!();
    accept_seq!();
}

/// The top-level seeds return the kind of value they met.
impl Lenient for Kind {
    fn wrong(kind: Kind) -> Self {
        kind
    }
}

struct LogSeed<'s> {
    st: &'s mut State,
}

impl<'de> DeserializeSeed<'de> for LogSeed<'_> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        let kind = d.deserialize_any(LogVisitor { st: &mut *self.st })?;
        self.st.log = kind;
        Ok(())
    }
}

struct LogVisitor<'s> {
    st: &'s mut State,
}

impl<'de> Visitor<'de> for LogVisitor<'_> {
    type Value = Kind;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("the log object")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Kind, A::Error> {
        while let Some(k) = map.next_key::<LogField>()? {
            match k {
                LogField::Creator if self.st.har.creator.is_none() => {
                    self.st.har.creator = map.next_value::<Obj<RawSoftware>>()?.ok().map(software);
                }
                LogField::Browser if self.st.har.browser.is_none() => {
                    self.st.har.browser = map.next_value::<Obj<RawSoftware>>()?.ok().map(software);
                }
                LogField::Pages if self.st.har.pages.is_empty() => {
                    let pages = map.next_value::<List<Obj<RawPage>, MAX_PAGES>>()?;
                    if pages.dropped > 0 {
                        self.st.warn(HarError {
                            location: "log.pages".into(),
                            message: format!("{} more pages ignored (at most {MAX_PAGES} are kept)", pages.dropped),
                        });
                    }
                    self.st.har.pages = pages.items.into_iter().filter_map(Obj::ok).map(page).collect();
                }
                LogField::Entries if self.st.entries == Kind::Missing => {
                    let kind = map.next_value_seed(EntriesSeed { st: &mut *self.st })?;
                    self.st.entries = kind;
                }
                _ => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        Ok(Kind::Object)
    }
    accept_scalars!();
    accept_seq!();
}

struct EntriesSeed<'s> {
    st: &'s mut State,
}

impl<'de> DeserializeSeed<'de> for EntriesSeed<'_> {
    type Value = Kind;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Kind, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for EntriesSeed<'_> {
    type Value = Kind;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("the entries array")
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Kind, A::Error> {
        let mut i = 0;
        loop {
            self.st.in_entry = Some(i);
            match seq.next_element::<&'de RawValue>()? {
                Some(raw) => self.st.add_entry(raw.get(), i),
                None => break,
            }
            i += 1;
        }
        self.st.in_entry = None;
        Ok(Kind::Array)
    }
    accept_scalars!();
    accept_map!();
}

fn software(s: RawSoftware) -> Software {
    Software { name: s.name.text_or_empty(), version: s.version.text_or_empty() }
}

fn page(p: RawPage) -> Page {
    Page { id: p.id.text_or_empty(), title: p.title.text_or_empty(), started: p.started.text_or_empty() }
}

// ---------------------------------------------------------------------------
// One entry: raw parse, then conversion to the model.
// ---------------------------------------------------------------------------

/// Reads one entry's JSON. Fast path without path tracking; when it fails,
/// parses again with `serde_path_to_error` to say where.
fn read_entry(json: &str, index: usize, notes: &mut Vec<HarError>) -> Result<Entry, HarError> {
    match serde_json::from_str::<Obj<RawEntry>>(json) {
        Ok(raw) => convert(raw, index, notes),
        Err(first) => Err(locate_entry_error(json, index, &first)),
    }
}

#[cfg(feature = "path-errors")]
fn locate_entry_error(json: &str, index: usize, first: &serde_json::Error) -> HarError {
    let mut location = format!("log.entries[{index}]");
    let mut de = serde_json::Deserializer::from_str(json);
    let e = match serde_path_to_error::deserialize::<_, Obj<RawEntry>>(&mut de) {
        Err(e) => {
            for seg in e.path().iter() {
                use serde_path_to_error::Segment;
                match seg {
                    Segment::Seq { index } => location.push_str(&format!("[{index}]")),
                    Segment::Map { key } => {
                        location.push('.');
                        location.push_str(key);
                    }
                    Segment::Enum { variant } => {
                        location.push('.');
                        location.push_str(variant);
                    }
                    Segment::Unknown => location.push_str(".?"),
                }
            }
            e.into_inner()
        }
        Ok(_) => match de.end() {
            Err(e) => e,
            Ok(()) => {
                return HarError { location, message: bare_message(first) };
            }
        },
    };
    let mut message = bare_message(&e);
    if e.classify() == serde_json::error::Category::Eof {
        message.push_str(" (the entry looks truncated)");
    }
    if matches!(e.classify(), serde_json::error::Category::Syntax | serde_json::error::Category::Eof) {
        message.push_str(&format!(" at line {}, column {} of the entry", e.line(), e.column()));
    }
    HarError { location, message }
}

/// Without `path-errors`: the entry, and the line/column in it.
#[cfg(not(feature = "path-errors"))]
fn locate_entry_error(_json: &str, index: usize, e: &serde_json::Error) -> HarError {
    let mut message = bare_message(e);
    if e.classify() == serde_json::error::Category::Eof {
        message.push_str(" (the entry looks truncated)");
    }
    message.push_str(&format!(" at line {}, column {} of the entry", e.line(), e.column()));
    HarError { location: format!("log.entries[{index}]"), message }
}

fn note(notes: &mut Vec<HarError>, location: String, message: String) {
    if notes.len() < MAX_WARNINGS {
        notes.push(HarError { location, message });
    }
}

fn note_cut<const CAP: usize>(notes: &mut Vec<HarError>, v: &Val<CAP>, at: impl FnOnce() -> String) {
    if v.truncated() {
        note(notes, at(), format!("is {} bytes long; kept the first {}", v.len, v.text.len()));
    }
}

fn convert(raw: Obj<RawEntry>, index: usize, notes: &mut Vec<HarError>) -> Result<Entry, HarError> {
    let at = |path: &str| format!("log.entries[{index}]{path}");
    let e = match raw {
        Obj::Ok(e) => e,
        Obj::Missing => return Err(HarError { location: at(""), message: "empty entry".into() }),
        Obj::Wrong(k) => {
            return Err(HarError { location: at(""), message: format!("expected an object, found {}", k.describe()) })
        }
    };
    let req = match e.request {
        Obj::Ok(r) => r,
        Obj::Missing => {
            return Err(HarError {
                location: at(".request"),
                message: "missing (an entry needs request.method and request.url)".into(),
            })
        }
        Obj::Wrong(k) => {
            return Err(HarError {
                location: at(".request"),
                message: format!("expected an object, found {}", k.describe()),
            })
        }
    };
    let request = convert_request(req, &at, notes)?;
    let response = match e.response {
        Obj::Ok(r) => convert_response(r, &at, notes),
        Obj::Missing | Obj::Wrong(Kind::Null) => Response::default(),
        Obj::Wrong(k) => {
            note(notes, at(".response"), format!("expected an object, found {}; read as no response", k.describe()));
            Response::default()
        }
    };
    let time_ms = e.time.number().filter(|t| *t > 0.0).unwrap_or(0.0);
    Ok(Entry {
        index,
        started: e.started.text_or_empty(),
        time_ms,
        pageref: e.pageref.into_text().filter(|s| !s.is_empty()),
        request,
        response,
        resource_type: e.resource_type.nonempty(),
        initiator: e.initiator.ok().map(convert_initiator),
        server_ip: e.server_ip.nonempty(),
    })
}

/// HTTP/2 and HTTP/3 pseudo-headers (`:method`, `:path`, `:status`, …) that
/// Chrome lists among the headers. They are not headers (a CORS check must
/// not count them as author headers): they are kept apart, used only to fill
/// a missing `method`/`url`.
#[derive(Default)]
struct Pseudo {
    method: Option<String>,
    scheme: Option<String>,
    authority: Option<String>,
    path: Option<String>,
}

/// A header list, converted as it is read (no list of raw headers in
/// between): the headers, the pseudo-headers apart, and what
/// [`convert_headers`] must say about them.
#[derive(Default)]
struct RawHeaders {
    kind: Kind,
    headers: Vec<Header>,
    pseudo: Pseudo,
    /// Cut names and values, in order: (index, `"name"` or `"value"`, length
    /// in the file, length kept).
    cuts: Vec<(usize, &'static str, usize, usize)>,
    /// Items after the first [`MAX_HEADERS`], counted and skipped.
    dropped: usize,
}

impl Lenient for RawHeaders {
    fn wrong(kind: Kind) -> Self {
        RawHeaders { kind, ..Default::default() }
    }
}

impl RawHeaders {
    /// Item `i` of the list.
    fn add(&mut self, i: usize, h: Obj<RawHeader>) {
        let Obj::Ok(h) = h else { return };
        if h.name.truncated() {
            self.cuts.push((i, "name", h.name.len, h.name.text.len()));
        }
        if h.value.truncated() {
            self.cuts.push((i, "value", h.value.len, h.value.text.len()));
        }
        if let Some(p) = h.name.str().and_then(|n| n.strip_prefix(':')) {
            let slot = match p {
                "method" => &mut self.pseudo.method,
                "scheme" => &mut self.pseudo.scheme,
                "authority" => &mut self.pseudo.authority,
                "path" => &mut self.pseudo.path,
                _ => return,
            };
            *slot = h.value.into_text();
            return;
        }
        // A string name is read in place (a common one is not even copied).
        let name = match h.name.str() {
            Some(n) => HeaderName::new(n),
            None => match h.name.into_text() {
                Some(n) => HeaderName::from(n),
                None => return,
            },
        };
        if name.is_empty() {
            return;
        }
        self.headers.push(Header { name, value: h.value.text_or_empty() });
    }
}

impl<'de> Deserialize<'de> for RawHeaders {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = RawHeaders;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("any JSON value")
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
                let mut list = RawHeaders { kind: Kind::Array, ..Default::default() };
                for i in 0..MAX_HEADERS {
                    match seq.next_element::<Obj<RawHeader>>()? {
                        Some(h) => list.add(i, h),
                        None => return Ok(list),
                    }
                }
                while seq.next_element::<IgnoredAny>()?.is_some() {
                    list.dropped += 1;
                }
                Ok(list)
            }
            accept_scalars!();
            accept_map!();
        }
        d.deserialize_any(V)
    }
}

fn convert_headers(
    list: RawHeaders,
    at: &dyn Fn(&str) -> String,
    path: &str,
    notes: &mut Vec<HarError>,
) -> (Headers, Pseudo) {
    if !matches!(list.kind, Kind::Array | Kind::Missing | Kind::Null) {
        note(notes, at(path), format!("expected an array, found {}; no headers read", list.kind.describe()));
    }
    for (i, field, len, kept) in list.cuts {
        note(notes, at(&format!("{path}[{i}].{field}")), format!("is {len} bytes long; kept the first {kept}"));
    }
    if list.dropped > 0 {
        note(notes, at(path), format!("{} more headers ignored (at most {MAX_HEADERS} are kept)", list.dropped));
    }
    (Headers(list.headers), list.pseudo)
}

/// A required string field: the string, or why it cannot be read.
fn required_str<const CAP: usize>(v: &Val<CAP>, location: impl FnOnce() -> String) -> Result<(), HarError> {
    match v.kind {
        Kind::String if !v.text.trim().is_empty() => Ok(()),
        Kind::String => Err(HarError { location: location(), message: "is an empty string".into() }),
        Kind::Missing => Err(HarError { location: location(), message: "missing".into() }),
        k => Err(HarError { location: location(), message: format!("expected a string, found {}", k.describe()) }),
    }
}

fn convert_request(r: RawRequest, at: &dyn Fn(&str) -> String, notes: &mut Vec<HarError>) -> Result<Request, HarError> {
    let (headers, pseudo) = convert_headers(r.headers, at, ".request.headers", notes);
    // HTTP/2 exports carry the pseudo-headers: use them when the fields are absent.
    let method = match required_str(&r.method, || at(".request.method")) {
        Ok(()) => Method::parse(&r.method.text),
        Err(e) => match pseudo.method {
            Some(m) if r.method.kind == Kind::Missing && !m.trim().is_empty() => Method::parse(&m),
            _ => return Err(e),
        },
    };
    let url = match required_str(&r.url, || at(".request.url")) {
        Ok(()) => {
            note_cut(notes, &r.url, || at(".request.url"));
            r.url.text.into_owned()
        }
        Err(e) => match (pseudo.scheme, pseudo.authority, pseudo.path) {
            (Some(s), Some(a), Some(p)) if r.url.kind == Kind::Missing => format!("{s}://{a}{p}"),
            _ => return Err(e),
        },
    };
    let post_data = r.post_data.ok().map(|p| {
        let (text, text_len) = body(p.text, &p.encoding);
        if p.params.dropped > 0 {
            note(
                notes,
                at(".request.postData.params"),
                format!("{} more params ignored (at most {MAX_PARAMS} are kept)", p.params.dropped),
            );
        }
        let params = p
            .params
            .items
            .into_iter()
            .filter_map(Obj::ok)
            .map(|x| (x.name.text_or_empty(), x.value.text_or_empty()))
            .collect();
        PostData { mime_type: p.mime_type.text_or_empty(), text, params, text_len }
    });
    let body_size = match r.body_size.number() {
        Some(n) if n >= 0.0 => n as i64,
        _ => -1,
    };
    Ok(Request { method, url, http_version: r.http_version.text_or_empty(), headers, post_data, body_size })
}

fn convert_response(r: RawResponse, at: &dyn Fn(&str) -> String, notes: &mut Vec<HarError>) -> Response {
    let (headers, _) = convert_headers(r.headers, at, ".response.headers", notes);
    let status = match r.status.number() {
        Some(n) if (0.0..1000.0).contains(&n) => n as u16,
        _ => 0,
    };
    note_cut(notes, &r.redirect_url, || at(".response.redirectURL"));
    let content = match r.content.ok() {
        Some(c) => {
            let (text, _) = body(c.text, &c.encoding);
            let size = match c.size.number() {
                Some(n) if n > 0.0 => n as u64,
                _ => 0,
            };
            Content { mime_type: c.mime_type.text_or_empty(), text, size }
        }
        None => Content::default(),
    };
    Response {
        status,
        status_text: r.status_text.text_or_empty(),
        http_version: r.http_version.text_or_empty(),
        headers,
        redirect_url: r.redirect_url.nonempty(),
        content,
        error: r.error.nonempty(),
    }
}

fn convert_initiator(i: RawInitiator) -> Initiator {
    let mut frame = None;
    let mut stack = i.stack;
    // The top stack's first frame; an empty stack (async boundary) defers to
    // its parent. Iterative, whatever the chain's length.
    while let Obj::Ok(s) = stack {
        if let Some(f) = s.call_frames.0 {
            frame = Some(convert_frame(f));
            break;
        }
        stack = match s.parent {
            Obj::Ok(p) => Obj::Ok(*p),
            _ => Obj::Missing,
        };
    }
    Initiator {
        kind: i.kind.text_or_empty(),
        url: i.url.nonempty(),
        request_id: i.request_id.into_text().filter(|s| !s.is_empty()),
        frame,
    }
}

/// CDP numbers are 0-based; the model's are 1-based (0 = unknown).
fn one_based(v: &Val) -> u32 {
    match v.number() {
        Some(n) if n >= 0.0 => (n.min(u32::MAX as f64) as u32).saturating_add(1),
        _ => 0,
    }
}

fn convert_frame(f: RawFrame) -> CallFrame {
    CallFrame {
        line: one_based(&f.line),
        column: one_based(&f.column),
        function: f.function.text_or_empty(),
        url: f.url.text_or_empty(),
    }
}

// ---------------------------------------------------------------------------
// Bodies
// ---------------------------------------------------------------------------

/// A body's kept text and its full length in bytes (decoded when base64).
///
/// Base64 bodies are decoded (only the first [`BODY_KEEP`] bytes). Decoded
/// bytes that are UTF-8 become the text; bytes that are not UTF-8 but look
/// like text (no NUL, few control bytes: a Latin-1 error page) are decoded
/// lossily; binary bodies (images, …) give no text. Text that says base64 but
/// is not valid base64 is kept as written.
fn body(text: Val<'_, BODY_RAW_CAP>, encoding: &Val) -> (Option<String>, usize) {
    if text.kind != Kind::String {
        return (None, 0);
    }
    let is_b64 = encoding.str().is_some_and(|e| e.trim().eq_ignore_ascii_case("base64"));
    if is_b64 {
        if let Some(bytes) = b64_decode(&text.text, BODY_KEEP + 4) {
            let digits =
                if text.truncated() { text.b64_digits } else { text.text.bytes().filter(|&b| is_b64_digit(b)).count() };
            return (bytes_to_text(&bytes), digits / 4 * 3 + digits % 4 * 3 / 4);
        }
    }
    (Some(cut(&text.text, BODY_KEEP).to_owned()), text.len)
}

fn bytes_to_text(bytes: &[u8]) -> Option<String> {
    let b = &bytes[..bytes.len().min(BODY_KEEP)];
    match std::str::from_utf8(b) {
        Ok(s) => Some(s.to_owned()),
        // a character cut at the end
        Err(e) if e.error_len().is_none() => Some(String::from_utf8_lossy(&b[..e.valid_up_to()]).into_owned()),
        Err(_) => {
            let controls = b.iter().filter(|&&c| c < 0x20 && !matches!(c, b'\t' | b'\n' | b'\r' | 0x0C | 0x1B)).count();
            if b.contains(&0) || controls * 100 > b.len() {
                None
            } else {
                Some(cut(&String::from_utf8_lossy(b), BODY_KEEP).to_owned())
            }
        }
    }
}

/// Decodes standard or URL-safe base64, ignoring whitespace, stopping at `=`
/// or after `limit` bytes. `None` when a character is not base64. (Also
/// [`crate::redact::base64_decode`].)
pub(crate) fn b64_decode(s: &str, limit: usize) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(limit.min(s.len() * 3 / 4 + 3));
    let mut acc: u32 = 0;
    let mut bits = 0;
    for &c in s.as_bytes() {
        let v = match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'+' | b'-' => 62,
            b'/' | b'_' => 63,
            b'=' => break,
            b' ' | b'\t' | b'\r' | b'\n' => continue,
            _ => return None,
        };
        acc = (acc << 6) | u32::from(v);
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
            acc &= (1 << bits) - 1;
            if out.len() >= limit {
                break;
            }
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The initiator's frame: the first object among the first MAX_FRAMES
    /// items of the top stack (the rest unread), else the parent's.
    #[test]
    fn initiator_frame_is_the_first_readable_one() {
        let frame = |frames: &str, parent: &str| {
            let json = format!(
                r#"{{"request":{{"method":"GET","url":"http://a.test/"}},"_initiator":{{"type":"script","stack":{{"callFrames":{frames}{parent}}}}}}}"#
            );
            parse_entry(&json, 0).ok().and_then(|e| e.initiator).and_then(|i| i.frame).map(|f| f.function)
        };
        let f = |name: &str| format!(r#"{{"functionName":"{name}","url":"u","lineNumber":1,"columnNumber":2}}"#);
        assert_eq!(frame(&format!("[1,\"x\",{},{}]", f("a"), f("b")), ""), Some("a".into()));
        assert_eq!(
            frame(&format!("[{},{{\"broken\":[}}]", f("a")), "").as_deref(),
            None,
            "still JSON-checked: the entry is unreadable"
        );
        assert_eq!(
            frame(&format!("[1,2,3,4,{}]", f("late")), ""),
            None,
            "only the first MAX_FRAMES items are looked at"
        );
        assert_eq!(frame("[]", &format!(r#","parent":{{"callFrames":[{}]}}"#, f("p"))), Some("p".into()));
        assert_eq!(frame("{}", ""), None);
    }

    #[test]
    fn base64_standard_urlsafe_whitespace_and_limit() {
        assert_eq!(b64_decode("aGVsbG8gd29ybGQ=", 100).unwrap(), b"hello world");
        assert_eq!(b64_decode("aGVs\r\nbG8=", 100).unwrap(), b"hello");
        assert_eq!(b64_decode("-_-_", 100).unwrap(), vec![0xfb, 0xff, 0xbf]);
        assert_eq!(b64_decode("aGVsbG8gd29ybGQ=", 3).unwrap(), b"hel");
        assert_eq!(b64_decode("", 3).unwrap(), b"");
        assert!(b64_decode("not base64!", 100).is_none());
    }

    #[test]
    fn cut_on_char_boundary() {
        assert_eq!(cut("héllo", 2), "h");
        assert_eq!(cut("héllo", 3), "hé");
        assert_eq!(cut("abc", 10), "abc");
        assert_eq!(cut("€", 2), "");
    }

    #[test]
    fn body_text_decoding() {
        assert_eq!(bytes_to_text("Méthode non autorisée".as_bytes()).as_deref(), Some("Méthode non autorisée"));
        // Latin-1 error page: lossy
        assert_eq!(bytes_to_text(b"M\xe9thode").as_deref(), Some("M\u{fffd}thode"));
        // binary: none
        assert_eq!(bytes_to_text(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR"), None);
        // a character cut by BODY_KEEP
        let mut v = vec![b'a'; BODY_KEEP - 1];
        v.extend_from_slice("é".as_bytes());
        let t = bytes_to_text(&v).unwrap();
        assert_eq!(t.len(), BODY_KEEP - 1);
    }

    #[test]
    fn lenient_numbers() {
        let v: Val = serde_json::from_str("\" 404 Not Found\"").unwrap();
        assert_eq!(v.number(), Some(404.0));
        let v: Val = serde_json::from_str("\"12.5\"").unwrap();
        assert_eq!(v.number(), Some(12.5));
        let v: Val = serde_json::from_str("null").unwrap();
        assert_eq!(v.number(), None);
        let v: Val = serde_json::from_str("[1,2]").unwrap();
        assert_eq!(v.kind, Kind::Array);
        let v: Val = serde_json::from_str("-3").unwrap();
        assert_eq!(v.number(), Some(-3.0));
    }

    #[test]
    fn capped_strings_remember_their_length() {
        let long = format!("\"{}\"", "a".repeat(3000));
        let v: Val<'_, 1000> = serde_json::from_str(&long).unwrap();
        assert_eq!(v.text.len(), 1000);
        assert_eq!(v.len, 3000);
        assert!(v.truncated());
        // escaped (owned) path
        let long = format!("\"\\n{}\"", "é".repeat(3000));
        let v: Val<'_, 1001> = serde_json::from_str(&long).unwrap();
        assert_eq!(v.text.len(), 1001);
        assert!(matches!(v.text, Cow::Owned(_)));
    }

    #[test]
    fn newlines_counted_a_word_at_a_time() {
        for s in
            ["", "\n", "a\nb", "\n\n\n\n\n\n\n\n\n", "0123456\n89abcdef\n\nx", "é\n\u{a0a}\u{10a0a}\n\x0b\x09\u{8a}"]
        {
            let want = s.bytes().filter(|&b| b == b'\n').count();
            for start in 0..s.len().min(9) {
                let b = &s.as_bytes()[start..];
                assert_eq!(count_newlines(b), b.iter().filter(|&&c| c == b'\n').count(), "{s:?} from {start}");
            }
            assert_eq!(count_newlines(s.as_bytes()), want);
        }
        let long: Vec<u8> = (0..1000u32).map(|i| [b'\n', b' ', 0x8a, 0x0b, 0x09, 0xff][(i % 7 % 6) as usize]).collect();
        assert_eq!(count_newlines(&long), long.iter().filter(|&&c| c == b'\n').count());
    }

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

    #[test]
    fn line_and_column() {
        assert_eq!(line_col(b"ab\ncd", 4), (2, 2));
        assert_eq!(line_col(b"ab", 0), (1, 1));
    }

    #[test]
    fn one_based_frames() {
        let f: RawFrame =
            serde_json::from_str(r#"{"functionName":"f","url":"u","lineNumber":0,"columnNumber":"9"}"#).unwrap();
        let c = convert_frame(f);
        assert_eq!((c.line, c.column), (1, 10));
        let f: RawFrame = serde_json::from_str(r#"{"lineNumber":-1}"#).unwrap();
        assert_eq!(convert_frame(f).line, 0);
    }
}
