//! The entries a Web Worker read, handed to the page: a compact binary form
//! of [`Entry`] (with its stack signatures, [`Detection`], also read in the
//! worker) and of the end of a file ([`End`]), so the page's thread copies
//! bytes and allocates the strings, and the JSON is read once, in the worker
//! (see `crate::loader`).
//!
//! Layout: unsigned integers as LEB128 varints, `f64` as 8 little-endian
//! bytes, strings as a length and UTF-8 bytes, `Option` and `bool` as one
//! byte (0 or 1), lists as a count and their items. Both ends are this crate
//! (the same wasm), so the form carries no version; decoding still checks
//! every length and tag and never panics.
//!
//! Pure Rust: tested natively.

use why405::har::{CallFrame, Content, Entry, Har, HarError, Initiator, Page, PostData, Request, Response, Software};
use why405::http::{Header, HeaderName, Headers, Method};
use why405::stack::{Detection, Stack};

/// An entry and its stack signatures ([`why405::engine::detect_entry`]).
pub type Detected = (Entry, Option<Detection>);

/// The end of a file read by the worker: the HAR without the entries
/// already sent ([`Har::entries`] holds only those that come out at the
/// end: a UTF-16 file is read whole), and each entry's byte range in the
/// file (see `crate::loader::Loaded::ranges`).
#[derive(Debug, Default)]
pub struct End {
    pub har: Har,
    pub spans: Option<Vec<(u64, u64)>>,
}

/// Bytes that are not what [`encode_entries`] or [`encode_end`] wrote.
#[derive(Debug, PartialEq, Eq)]
pub struct WireError(pub &'static str);

impl std::fmt::Display for WireError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "the worker's message is damaged ({})", self.0)
    }
}

// ---------------------------------------------------------------------------
// Writing
// ---------------------------------------------------------------------------

struct W<'a>(&'a mut Vec<u8>);

impl W<'_> {
    fn u(&mut self, mut v: u64) {
        while v >= 0x80 {
            self.0.push((v as u8) | 0x80);
            v >>= 7;
        }
        self.0.push(v as u8);
    }
    fn i(&mut self, v: i64) {
        // zigzag: small negatives stay small
        self.u(((v << 1) ^ (v >> 63)) as u64);
    }
    fn f(&mut self, v: f64) {
        self.0.extend_from_slice(&v.to_le_bytes());
    }
    fn b(&mut self, v: bool) {
        self.0.push(u8::from(v));
    }
    fn s(&mut self, v: &str) {
        self.u(v.len() as u64);
        self.0.extend_from_slice(v.as_bytes());
    }
    fn os(&mut self, v: Option<&str>) {
        self.b(v.is_some());
        if let Some(s) = v {
            self.s(s);
        }
    }
    fn method(&mut self, m: &Method) {
        let tag = match m {
            Method::Get => 0,
            Method::Head => 1,
            Method::Post => 2,
            Method::Put => 3,
            Method::Patch => 4,
            Method::Delete => 5,
            Method::Options => 6,
            Method::Connect => 7,
            Method::Trace => 8,
            Method::Other(_) => 9,
        };
        self.0.push(tag);
        if let Method::Other(s) = m {
            self.s(s);
        }
    }
    fn headers(&mut self, h: &Headers) {
        self.u(h.0.len() as u64);
        for x in &h.0 {
            // A common name as its place among them (plus one), any other
            // as 0 and its text.
            match x.name.index() {
                Some(i) => self.0.push(i + 1),
                None => {
                    self.0.push(0);
                    self.s(&x.name);
                }
            }
            self.s(&x.value);
        }
    }
    fn software(&mut self, s: Option<&Software>) {
        self.b(s.is_some());
        if let Some(s) = s {
            self.s(&s.name);
            self.s(&s.version);
        }
    }
    fn error(&mut self, e: &HarError) {
        self.s(&e.location);
        self.s(&e.message);
    }
    fn stack(&mut self, (stack, evidence): &(Stack, String)) {
        self.u(Stack::ALL.iter().position(|s| s == stack).unwrap_or(0) as u64);
        self.s(evidence);
    }
    fn detection(&mut self, d: Option<&Detection>) {
        self.b(d.is_some());
        if let Some(d) = d {
            self.b(d.generated_by.is_some());
            if let Some(g) = &d.generated_by {
                self.stack(g);
            }
            self.u(d.seen.len() as u64);
            for x in &d.seen {
                self.stack(x);
            }
        }
    }
    fn entry(&mut self, e: &Entry) {
        self.u(e.index as u64);
        self.s(&e.started);
        self.f(e.time_ms);
        self.os(e.pageref.as_deref());
        let r = &e.request;
        self.method(&r.method);
        self.s(&r.url);
        self.s(&r.http_version);
        self.headers(&r.headers);
        self.b(r.post_data.is_some());
        if let Some(p) = &r.post_data {
            self.s(&p.mime_type);
            self.os(p.text.as_deref());
            self.u(p.params.len() as u64);
            for (n, v) in &p.params {
                self.s(n);
                self.s(v);
            }
            self.u(p.text_len as u64);
        }
        self.i(r.body_size);
        let r = &e.response;
        self.u(u64::from(r.status));
        self.s(&r.status_text);
        self.s(&r.http_version);
        self.headers(&r.headers);
        self.os(r.redirect_url.as_deref());
        self.s(&r.content.mime_type);
        self.os(r.content.text.as_deref());
        self.u(r.content.size);
        self.os(r.error.as_deref());
        self.b(r.via_service_worker);
        self.os(e.resource_type.as_deref());
        self.b(e.initiator.is_some());
        if let Some(i) = &e.initiator {
            self.s(&i.kind);
            self.os(i.url.as_deref());
            self.os(i.request_id.as_deref());
            self.b(i.frame.is_some());
            if let Some(f) = &i.frame {
                self.s(&f.function);
                self.s(&f.url);
                self.u(u64::from(f.line));
                self.u(u64::from(f.column));
            }
        }
        self.os(e.server_ip.as_deref());
    }
}

/// Appends `entries` to `out` (a batch: their count, then each).
pub fn encode_entries(entries: &[Detected], out: &mut Vec<u8>) {
    let mut w = W(out);
    w.u(entries.len() as u64);
    for (e, d) in entries {
        w.entry(e);
        w.detection(d.as_ref());
    }
}

/// The end of a file: what [`decode_end`] gives back.
pub fn encode_end(end: &Result<End, HarError>) -> Vec<u8> {
    let mut out = Vec::new();
    let mut w = W(&mut out);
    match end {
        Err(e) => {
            w.b(false);
            w.error(e);
        }
        Ok(End { har, spans }) => {
            w.b(true);
            w.software(har.creator.as_ref());
            w.software(har.browser.as_ref());
            w.u(har.pages.len() as u64);
            for p in &har.pages {
                w.s(&p.id);
                w.s(&p.title);
                w.s(&p.started);
            }
            w.u(har.warnings.len() as u64);
            for e in &har.warnings {
                w.error(e);
            }
            w.b(spans.is_some());
            if let Some(spans) = spans {
                w.u(spans.len() as u64);
                for (a, b) in spans {
                    w.u(*a);
                    w.u(*b);
                }
            }
            let mut w = W(&mut out);
            w.u(har.entries.len() as u64);
            for e in &har.entries {
                w.entry(e);
            }
        }
    }
    out
}

// ---------------------------------------------------------------------------
// Reading
// ---------------------------------------------------------------------------

type R<T> = Result<T, WireError>;

struct Rd<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl Rd<'_> {
    fn byte(&mut self) -> R<u8> {
        let b = *self.bytes.get(self.at).ok_or(WireError("cut short"))?;
        self.at += 1;
        Ok(b)
    }
    fn u(&mut self) -> R<u64> {
        let mut v = 0u64;
        for shift in (0..64).step_by(7) {
            let b = self.byte()?;
            v |= u64::from(b & 0x7f) << shift;
            if b < 0x80 {
                return Ok(v);
            }
        }
        Err(WireError("integer too long"))
    }
    fn usize(&mut self) -> R<usize> {
        usize::try_from(self.u()?).map_err(|_| WireError("integer too large"))
    }
    fn u32(&mut self) -> R<u32> {
        u32::try_from(self.u()?).map_err(|_| WireError("integer too large"))
    }
    /// A count of items that each take at least one byte: never more than
    /// the bytes left (no huge allocation from a damaged count).
    fn count(&mut self) -> R<usize> {
        let n = self.usize()?;
        if n > self.bytes.len() - self.at {
            return Err(WireError("count past the end"));
        }
        Ok(n)
    }
    fn i(&mut self) -> R<i64> {
        let z = self.u()?;
        Ok(((z >> 1) as i64) ^ -((z & 1) as i64))
    }
    fn f(&mut self) -> R<f64> {
        let b = self.bytes.get(self.at..self.at + 8).ok_or(WireError("cut short"))?;
        self.at += 8;
        let mut a = [0u8; 8];
        a.copy_from_slice(b);
        Ok(f64::from_le_bytes(a))
    }
    fn b(&mut self) -> R<bool> {
        match self.byte()? {
            0 => Ok(false),
            1 => Ok(true),
            _ => Err(WireError("bad flag")),
        }
    }
    fn s(&mut self) -> R<String> {
        let n = self.usize()?;
        let end = self.at.checked_add(n).ok_or(WireError("cut short"))?;
        let b = self.bytes.get(self.at..end).ok_or(WireError("cut short"))?;
        self.at = end;
        String::from_utf8(b.to_vec()).map_err(|_| WireError("text not UTF-8"))
    }
    fn os(&mut self) -> R<Option<String>> {
        Ok(if self.b()? { Some(self.s()?) } else { None })
    }
    /// [`Self::s`] as the model keeps its rarely read texts.
    fn bs(&mut self) -> R<Box<str>> {
        self.s().map(String::into_boxed_str)
    }
    /// [`Self::os`] as the model keeps its rarely read texts.
    fn obs(&mut self) -> R<Option<Box<str>>> {
        Ok(self.os()?.map(String::into_boxed_str))
    }
    fn method(&mut self) -> R<Method> {
        Ok(match self.byte()? {
            0 => Method::Get,
            1 => Method::Head,
            2 => Method::Post,
            3 => Method::Put,
            4 => Method::Patch,
            5 => Method::Delete,
            6 => Method::Options,
            7 => Method::Connect,
            8 => Method::Trace,
            9 => Method::Other(self.s()?),
            _ => return Err(WireError("bad method")),
        })
    }
    fn headers(&mut self) -> R<Headers> {
        let n = self.count()?;
        let mut v = Vec::with_capacity(n);
        for _ in 0..n {
            let name = match self.byte()? {
                0 => HeaderName::from(self.s()?),
                i => HeaderName::from_index(i - 1).ok_or(WireError("bad header name"))?,
            };
            let value = why405::har::intern::value(&name, &self.s()?);
            v.push(Header { name, value });
        }
        Ok(Headers(v))
    }
    fn software(&mut self) -> R<Option<Software>> {
        Ok(if self.b()? { Some(Software { name: self.s()?, version: self.s()? }) } else { None })
    }
    fn error(&mut self) -> R<HarError> {
        Ok(HarError { location: self.s()?, message: self.s()? })
    }
    fn entry(&mut self) -> R<Entry> {
        let index = self.usize()?;
        let started = self.bs()?;
        let time_ms = self.f()?;
        let pageref = self.obs()?;
        let method = self.method()?;
        let url = self.s()?;
        let http_version = self.bs()?;
        let headers = self.headers()?;
        let post_data = if self.b()? {
            let mime_type = self.s()?;
            let text = self.os()?;
            let n = self.count()?;
            let mut params = Vec::with_capacity(n);
            for _ in 0..n {
                params.push((self.s()?, self.s()?));
            }
            Some(Box::new(PostData { mime_type, text, params, text_len: self.usize()? }))
        } else {
            None
        };
        let request = Request { method, url, http_version, headers, post_data, body_size: self.i()? };
        let status = u16::try_from(self.u()?).map_err(|_| WireError("bad status"))?;
        let response = Response {
            status,
            status_text: self.bs()?,
            http_version: self.bs()?,
            headers: self.headers()?,
            redirect_url: self.obs()?,
            content: Content { mime_type: self.bs()?, text: self.os()?, size: self.u()? },
            error: self.obs()?,
            via_service_worker: self.b()?,
        };
        let resource_type = self.obs()?;
        let initiator = if self.b()? {
            let kind = self.s()?;
            let url = self.os()?;
            let request_id = self.os()?;
            let frame = if self.b()? {
                Some(CallFrame { function: self.s()?, url: self.s()?, line: self.u32()?, column: self.u32()? })
            } else {
                None
            };
            Some(Box::new(Initiator { kind, url, request_id, frame }))
        } else {
            None
        };
        let server_ip = self.obs()?;
        Ok(Entry { index, started, time_ms, pageref, request, response, resource_type, initiator, server_ip })
    }
    fn stack(&mut self) -> R<(Stack, String)> {
        let s = *Stack::ALL.get(self.usize()?).ok_or(WireError("bad stack"))?;
        Ok((s, self.s()?))
    }
    fn detection(&mut self) -> R<Option<Detection>> {
        if !self.b()? {
            return Ok(None);
        }
        let generated_by = if self.b()? { Some(self.stack()?) } else { None };
        let n = self.count()?;
        let mut seen = Vec::with_capacity(n);
        for _ in 0..n {
            seen.push(self.stack()?);
        }
        Ok(Some(Detection { generated_by, seen }))
    }
    fn entries(&mut self) -> R<Vec<Entry>> {
        let n = self.count()?;
        let mut v = Vec::with_capacity(n);
        for _ in 0..n {
            v.push(self.entry()?);
        }
        Ok(v)
    }
    fn done(&self) -> R<()> {
        if self.at == self.bytes.len() {
            Ok(())
        } else {
            Err(WireError("bytes after the end"))
        }
    }
}

/// The entries of one [`encode_entries`] batch.
pub fn decode_entries(bytes: &[u8]) -> Result<Vec<Detected>, WireError> {
    let mut r = Rd { bytes, at: 0 };
    let n = r.count()?;
    let mut v = Vec::with_capacity(n);
    for _ in 0..n {
        let e = r.entry()?;
        v.push((e, r.detection()?));
    }
    r.done()?;
    Ok(v)
}

/// What [`encode_end`] wrote.
pub fn decode_end(bytes: &[u8]) -> Result<Result<End, HarError>, WireError> {
    let mut r = Rd { bytes, at: 0 };
    if !r.b()? {
        let e = r.error()?;
        r.done()?;
        return Ok(Err(e));
    }
    let creator = r.software()?;
    let browser = r.software()?;
    let n = r.count()?;
    let mut pages = Vec::with_capacity(n);
    for _ in 0..n {
        pages.push(Page { id: r.s()?, title: r.s()?, started: r.s()? });
    }
    let n = r.count()?;
    let mut warnings = Vec::with_capacity(n);
    for _ in 0..n {
        warnings.push(r.error()?);
    }
    let spans = if r.b()? {
        let n = r.count()?;
        let mut v = Vec::with_capacity(n);
        for _ in 0..n {
            v.push((r.u()?, r.u()?));
        }
        Some(v)
    } else {
        None
    };
    let entries = r.entries()?;
    r.done()?;
    Ok(Ok(End { har: Har { creator, browser, pages, entries, warnings }, spans }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use why405::engine::detect_entry;
    use why405::har::parse_har;

    fn detected(entries: &[Entry]) -> Vec<Detected> {
        entries.iter().map(|e| (e.clone(), detect_entry(e))).collect()
    }

    fn fixtures() -> Vec<Har> {
        let root = concat!(env!("CARGO_MANIFEST_DIR"), "/../tests/fixtures");
        let mut v: Vec<Har> = std::fs::read_dir(root)
            .unwrap()
            .filter_map(|d| std::fs::read(d.ok()?.path().join("input.har")).ok())
            .filter_map(|b| parse_har(&b).ok())
            .collect();
        assert!(v.len() > 50, "fixtures found: {}", v.len());
        v.sort_by_key(|h| h.entries.len());
        v
    }

    #[test]
    fn every_fixture_entry_comes_back_the_same() {
        let mut n = 0;
        for har in fixtures() {
            let mut out = Vec::new();
            let sent = detected(&har.entries);
            encode_entries(&sent, &mut out);
            let back = decode_entries(&out).unwrap();
            assert_eq!(format!("{back:?}"), format!("{sent:?}"));
            n += back
                .iter()
                .filter(|(_, d)| d.as_ref().is_some_and(|d| d.generated_by.is_some() || !d.seen.is_empty()))
                .count();
        }
        assert!(n > 100, "entries with a stack recognised: {n}");
    }

    #[test]
    fn odd_values_come_back_the_same() {
        let mut e = fixtures().pop().unwrap().entries.remove(0);
        e.request.method = Method::Other("PROPFIND".into());
        e.request.body_size = -1;
        e.time_ms = f64::MIN_POSITIVE;
        e.index = usize::MAX;
        e.request.url = "http://a.test/é\u{0}\"".into();
        e.response.status = u16::MAX;
        // A common name, the same in other case, and one that is not common.
        e.response.headers.push("Allow", "GET");
        e.response.headers.push("ALLOW", "PUT");
        e.response.headers.push("X-Odd-é", "");
        e.request.post_data = Some(Box::new(PostData {
            mime_type: "a/b".into(),
            text: None,
            params: vec![("k".into(), String::new())],
            text_len: 7,
        }));
        e.initiator = Some(Box::new(Initiator {
            kind: "script".into(),
            url: None,
            request_id: Some("1".into()),
            frame: Some(CallFrame { function: String::new(), url: "u".into(), line: u32::MAX, column: 0 }),
        }));
        let d = Detection {
            generated_by: Some((Stack::Actix, "é".into())),
            seen: vec![(Stack::Nginx, String::new()), (Stack::Actix, "x".into())],
        };
        let sent = vec![(e.clone(), Some(d)), (e, None)];
        let mut out = Vec::new();
        encode_entries(&sent, &mut out);
        assert_eq!(format!("{:?}", decode_entries(&out).unwrap()), format!("{sent:?}"));
    }

    #[test]
    fn the_end_comes_back_the_same() {
        let mut har = fixtures().pop().unwrap();
        har.warnings.push(HarError { location: "log.entries[3]".into(), message: "m".into() });
        har.creator = Some(Software { name: "WebInspector".into(), version: "537.36".into() });
        har.pages.push(Page { id: "p".into(), title: "t".into(), started: "s".into() });
        for end in [
            Ok(End { har: har.clone(), spans: Some(vec![(0, 9), (10, u64::MAX)]) }),
            Ok(End::default()),
            Err(HarError { location: "line 1, column 2".into(), message: "x".into() }),
        ] {
            let back = decode_end(&encode_end(&end)).unwrap();
            assert_eq!(format!("{back:?}"), format!("{end:?}"));
        }
    }

    #[test]
    fn damaged_bytes_are_an_error_never_a_panic() {
        let har = fixtures().pop().unwrap();
        let mut out = Vec::new();
        encode_entries(&detected(&har.entries), &mut out);
        let end = encode_end(&Ok(End { har, spans: Some(vec![(1, 2)]) }));
        for bytes in [&out, &end] {
            for cut in 0..bytes.len().min(400) {
                assert!(decode_entries(&bytes[..cut]).is_err() || cut == 0 && bytes.is_empty());
                let _ = decode_end(&bytes[..cut]);
            }
            let mut flipped = bytes.clone();
            for i in (0..flipped.len()).step_by(7) {
                flipped[i] ^= 0xA5;
                let _ = decode_entries(&flipped);
                let _ = decode_end(&flipped);
            }
        }
        assert_eq!(decode_entries(&[0xff; 11]).unwrap_err(), WireError("integer too long"));
        assert_eq!(decode_entries(&[0x80, 0x80, 0x80, 0x01]).unwrap_err(), WireError("count past the end"));
        let mut extra = Vec::new();
        encode_entries(&[], &mut extra);
        extra.push(0);
        assert_eq!(decode_entries(&extra).unwrap_err(), WireError("bytes after the end"));
    }
}
