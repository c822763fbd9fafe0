//! Reads a HAR in chunks, so the standalone page stays responsive on a
//! 100 MB file: [`Loader::push`] takes the bytes as they are read, cuts each
//! `log.entries[i]` out with a small lexical scan (strings, escapes, nesting;
//! no allocation per byte) and parses it with the core's own per-entry reader
//! ([`why405::har::parse_entry_with_warnings`]); the rest of the file (the
//! "skeleton": creator, browser, pages) is read by [`why405::har::parse_har`]
//! at the end. Between chunks the page yields to the browser.
//!
//! This is a fast path, never a second opinion: whenever the file is not the
//! plain case — not UTF-8 JSON, truncated, not a HAR, an entry that is not an
//! object or that the core would warn about — [`Loader::finish`] answers
//! [`Outcome::Whole`] and the caller hands the whole file to
//! [`why405::har::parse_har`], so the result and every error message are
//! exactly the core's (and the CLI's).
//!
//! Pure Rust: tested natively.

use why405::har::{parse_entry_with_warnings, parse_har, Entry, Har};

/// What the loader made of the file.
#[derive(Debug)]
pub enum Outcome {
    /// The whole HAR, read in chunks; `ranges[i]` is the byte range of
    /// `har.entries[i]`'s JSON in the file (for the HAR export).
    Parsed { har: Har, ranges: Vec<(u64, u64)> },
    /// Not the plain case: parse the whole file with the core instead.
    Whole,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Role {
    /// The top-level object.
    Root,
    /// `log`.
    Log,
    /// `log.entries`.
    Entries,
    /// `log.entries[i]` and anything nested in it.
    InEntry,
    /// Anything else (skeleton).
    Other,
}

#[derive(Debug, Clone, Copy)]
struct Frame {
    object: bool,
    role: Role,
}

/// The chunked reader. Feed it with [`Loader::push`], then call [`Loader::finish`].
#[derive(Debug, Default)]
pub struct Loader {
    /// Bytes seen so far (file offset of the next byte).
    offset: u64,
    stack: Vec<Frame>,
    in_string: bool,
    escape: bool,
    /// In an object, before a key (after `{` or `,`).
    expect_key: bool,
    /// The string being read is a key (only the first bytes are kept).
    key_string: bool,
    key: Vec<u8>,
    key_overflow: bool,
    /// The last key read in the current object (up to 16 bytes).
    last_key: Vec<u8>,
    /// The top-level value ended.
    done_root: bool,
    seen_entries: bool,
    /// The entry being read: its start offset and the bytes kept from
    /// earlier chunks (an entry that spans chunks).
    entry_start: Option<u64>,
    carry: Vec<u8>,
    /// Everything outside the entries, with an empty `entries` array.
    skeleton: Vec<u8>,
    entries: Vec<Entry>,
    ranges: Vec<(u64, u64)>,
    /// The fast path gave up (see [`Outcome::Whole`]).
    bail: bool,
    /// A UTF-8 BOM still to be skipped (first bytes of the file).
    bom_left: usize,
}

impl Loader {
    pub fn new() -> Self {
        Loader { bom_left: 3, ..Default::default() }
    }

    /// Bytes consumed so far.
    pub fn offset(&self) -> u64 {
        self.offset
    }

    /// Entries read so far.
    pub fn entries_read(&self) -> usize {
        self.entries.len()
    }

    /// True once the fast path gave up: stop reading in chunks, the whole
    /// file is needed.
    pub fn gave_up(&self) -> bool {
        self.bail
    }

    /// Takes the next chunk of the file.
    pub fn push(&mut self, chunk: &[u8]) {
        if self.bail {
            self.offset += chunk.len() as u64;
            return;
        }
        let mut chunk = chunk;
        let base0 = self.offset;
        // A UTF-8 BOM at the very start is skipped (the core does too);
        // UTF-16 goes to the core.
        let mut skipped = 0usize;
        while self.bom_left > 0 && !chunk.is_empty() {
            let at = 3 - self.bom_left;
            if base0 == 0 && at == 0 && (chunk[0] == 0xFF || chunk[0] == 0xFE) {
                self.bail = true;
                self.offset += chunk.len() as u64;
                return;
            }
            if chunk[0] == [0xEF, 0xBB, 0xBF][at] && self.offset + skipped as u64 == at as u64 {
                chunk = &chunk[1..];
                skipped += 1;
                self.bom_left -= 1;
            } else {
                self.bom_left = 0;
            }
        }
        let base = base0 + skipped as u64;
        self.offset = base;
        let mut skel_from: Option<usize> = if self.in_entry() { None } else { Some(0) };
        let mut i = 0;
        let n = chunk.len();
        while i < n {
            let b = chunk[i];
            if self.in_string {
                if self.escape {
                    self.escape = false;
                } else if b == b'\\' {
                    self.escape = true;
                } else if b == b'"' {
                    self.in_string = false;
                    if self.key_string {
                        self.key_string = false;
                        self.last_key = if self.key_overflow { Vec::new() } else { std::mem::take(&mut self.key) };
                        self.key.clear();
                    }
                } else if self.key_string {
                    if self.key.len() < 16 {
                        self.key.push(b);
                    } else {
                        self.key_overflow = true;
                    }
                } else if b < 0x20 {
                    // A raw control character in a string is not JSON.
                    self.bail = true;
                }
                // Fast-forward through the string's plain bytes.
                if self.in_string && !self.escape && !self.key_string {
                    while i + 1 < n {
                        let c = chunk[i + 1];
                        if c == b'"' || c == b'\\' || c < 0x20 {
                            break;
                        }
                        i += 1;
                    }
                }
                i += 1;
                continue;
            }
            match b {
                b' ' | b'\n' | b'\r' | b'\t' => {}
                b'"' => {
                    self.in_string = true;
                    if self.top_is_object() && self.expect_key {
                        self.key_string = true;
                        self.key_overflow = false;
                        self.key.clear();
                        self.expect_key = false;
                    }
                }
                b'{' | b'[' => {
                    if self.done_root {
                        self.bail = true;
                        break;
                    }
                    let object = b == b'{';
                    let role = self.child_role(object);
                    if role == Role::InEntry && self.top_role() == Some(Role::Entries) {
                        // An entry starts: cut the skeleton here.
                        if let Some(from) = skel_from.take() {
                            self.skeleton.extend_from_slice(&chunk[from..i]);
                        }
                        self.entry_start = Some(base + i as u64);
                        self.carry.clear();
                    } else if self.top_role() == Some(Role::Entries) {
                        // An entry that is not an object: let the core say so.
                        self.bail = true;
                        break;
                    }
                    if role == Role::Entries {
                        self.seen_entries = true;
                    }
                    self.stack.push(Frame { object, role });
                    self.expect_key = object;
                }
                b'}' | b']' => {
                    let Some(f) = self.stack.pop() else {
                        self.bail = true;
                        break;
                    };
                    if f.object != (b == b'}') {
                        self.bail = true;
                        break;
                    }
                    self.expect_key = false;
                    if f.role == Role::InEntry && self.top_role() == Some(Role::Entries) {
                        let start = self.entry_start.take().unwrap_or(base);
                        let end = base + i as u64 + 1;
                        let local = (start.max(base) - base) as usize;
                        let ok = if self.carry.is_empty() {
                            self.read_entry_bytes(&chunk[local..=i], (start, end))
                        } else {
                            let mut bytes = std::mem::take(&mut self.carry);
                            bytes.extend_from_slice(&chunk[..=i]);
                            self.read_entry_bytes(&bytes, (start, end))
                        };
                        if !ok {
                            self.bail = true;
                            break;
                        }
                        skel_from = Some(i + 1);
                    }
                    if self.stack.is_empty() {
                        self.done_root = true;
                    }
                }
                b',' => {
                    if self.top_is_object() {
                        self.expect_key = true;
                    }
                    if self.top_role() == Some(Role::Entries) {
                        // Commas between entries stay out of the skeleton.
                        if let Some(from) = skel_from.take() {
                            self.skeleton.extend_from_slice(&chunk[from..i]);
                        }
                        skel_from = Some(i + 1);
                    }
                }
                b':' => {}
                _ => {
                    if self.stack.is_empty() {
                        // Not an object at the top: the core names it.
                        self.bail = true;
                        break;
                    }
                    if self.top_role() == Some(Role::Entries) {
                        self.bail = true;
                        break;
                    }
                    // Scalars (numbers, true, false, null): skip the run.
                    while i + 1 < n && !matches!(chunk[i + 1], b',' | b'}' | b']' | b' ' | b'\n' | b'\r' | b'\t' | b'"' | b':' | b'{' | b'[') {
                        i += 1;
                    }
                }
            }
            i += 1;
        }
        if self.bail {
            self.offset = base + n as u64;
            return;
        }
        if self.in_entry() {
            if let Some(from) = skel_from.take() {
                self.skeleton.extend_from_slice(&chunk[from..]);
            }
            let start = self.entry_start.unwrap_or(base);
            let local = (start.max(base) - base) as usize;
            self.carry.extend_from_slice(&chunk[local..]);
        } else if let Some(from) = skel_from {
            self.skeleton.extend_from_slice(&chunk[from..]);
        }
        self.offset = base + n as u64;
    }

    fn in_entry(&self) -> bool {
        self.entry_start.is_some()
    }

    fn top_is_object(&self) -> bool {
        self.stack.last().is_some_and(|f| f.object)
    }

    fn top_role(&self) -> Option<Role> {
        self.stack.last().map(|f| f.role)
    }

    fn child_role(&self, object: bool) -> Role {
        match self.stack.last() {
            None => {
                if object {
                    Role::Root
                } else {
                    Role::Other
                }
            }
            Some(f) => match f.role {
                Role::Root if object && self.last_key == b"log" => Role::Log,
                Role::Log if !object && self.last_key == b"entries" => Role::Entries,
                Role::Entries | Role::InEntry => Role::InEntry,
                _ => Role::Other,
            },
        }
    }

    /// Parses one entry; false when the fast path must give up.
    fn read_entry_bytes(&mut self, bytes: &[u8], range: (u64, u64)) -> bool {
        let Ok(json) = std::str::from_utf8(bytes) else { return false };
        let index = self.entries.len();
        match parse_entry_with_warnings(json, index) {
            Ok((e, notes)) if notes.is_empty() => {
                self.entries.push(e);
                self.ranges.push(range);
                true
            }
            _ => false,
        }
    }

    /// The end of the file.
    pub fn finish(self) -> Outcome {
        if self.bail || !self.done_root || !self.seen_entries || self.in_string || self.entry_start.is_some() {
            return Outcome::Whole;
        }
        let Ok(skeleton) = std::str::from_utf8(&self.skeleton) else { return Outcome::Whole };
        match parse_har(skeleton.as_bytes()) {
            Ok(mut har) if har.warnings.is_empty() && har.entries.is_empty() => {
                har.entries = self.entries;
                Outcome::Parsed { har, ranges: self.ranges }
            }
            _ => Outcome::Whole,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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

    fn load(bytes: &[u8], chunk: usize) -> Outcome {
        let mut l = Loader::new();
        for c in bytes.chunks(chunk.max(1)) {
            l.push(c);
        }
        l.finish()
    }

    fn summary(h: &Har) -> Vec<String> {
        h.entries.iter().map(|e| format!("{} {} {} {}", e.index, e.request.method.as_str(), e.request.url, e.response.status)).collect()
    }

    #[test]
    fn any_chunking_gives_what_the_core_gives() {
        let text = har(5);
        let bytes = text.as_bytes();
        let core = parse_har(bytes).unwrap();
        for chunk in [1, 2, 3, 7, 64, 1000, bytes.len()] {
            match load(bytes, chunk) {
                Outcome::Parsed { har, ranges } => {
                    assert_eq!(summary(&har), summary(&core), "chunk {chunk}");
                    assert_eq!(har.creator, core.creator);
                    assert_eq!(har.pages.len(), 1);
                    assert_eq!(ranges.len(), 5);
                    for (i, (a, b)) in ranges.iter().enumerate() {
                        let raw = &text.as_bytes()[*a as usize..*b as usize];
                        let v: serde_json::Value = serde_json::from_slice(raw).unwrap();
                        assert_eq!(v["request"]["url"], format!("http://b.test/x/{i}"));
                    }
                }
                Outcome::Whole => panic!("chunk {chunk}: gave up on a plain HAR"),
            }
        }
    }

    #[test]
    fn an_empty_entries_array_is_fine() {
        assert!(matches!(load(br#"{"log":{"entries":[]}}"#, 4), Outcome::Parsed { ref har, .. } if har.entries.is_empty()));
    }

    #[test]
    fn anything_unusual_goes_to_the_core() {
        let text = har(3);
        let truncated = &text.as_bytes()[..text.len() / 2];
        assert!(matches!(load(truncated, 10), Outcome::Whole));
        for bad in [&b"not json"[..], b"[1,2]", b"{\"log\":{}}", b"{\"log\":{\"entries\":[1]}}", b"\xFF\xFE{\x00", b"{\"log\":{\"entries\":[]}} x", b"{\"nolog\":1}"] {
            assert!(matches!(load(bad, 3), Outcome::Whole), "{:?}", String::from_utf8_lossy(bad));
        }
        // Odd entries: either the core's result exactly, or the core reads the file.
        for odd in [text.replacen("\"status\":405", "\"status\":\"x\"", 1), text.replacen("\"request\":{", "\"request\":7,\"r\":{", 1)] {
            let core = parse_har(odd.as_bytes()).unwrap();
            if let Outcome::Parsed { har, .. } = load(odd.as_bytes(), 50) {
                assert!(core.warnings.is_empty(), "{:?}", core.warnings);
                assert_eq!(summary(&har), summary(&core));
            }
        }
    }
}
