//! The document's top level, `{"log": {"creator", "browser", "pages",
//! "entries": [...]}}`: [`parse_har`] (a whole buffer decoded, then read by
//! [`super::HarStream`]), and the top-level reading that the stream runs on
//! the file minus its entries. [`State`] collects what is read: entries,
//! warnings (capped at [`MAX_WARNINGS`]), how many entries were skipped (a
//! file mostly unreadable is an error).

use std::fmt;

use serde::de::{DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde::Deserialize;
use serde_json::value::RawValue;

use super::entry::read_entry;
use super::error::{at_line_col, json_error, PosMap};
use super::input::{check_top_level, decode_input};
use super::lenient::{accept_map, accept_scalars, accept_seq, Kind, Lenient, List, Obj};
use super::raw::{RawPage, RawSoftware};
use super::{Entry, Har, HarError, HarStream, Page, Software, MAX_PAGES, MAX_WARNINGS};

/// Parses a whole HAR file. Fails only when the file is not JSON or has no
/// `log.entries` array; unreadable entries go to `Har::warnings`.
///
/// Accepted on the way: a gzip or zip archive (opened, by content), a UTF-8
/// BOM, UTF-16 and UTF-32 with or without a BOM (decoded), invalid UTF-8
/// (replaced by U+FFFD, with a warning naming the first place), trailing
/// bytes after the HAR object (warning), and what `repair.rs` repairs (lone
/// surrogates, numbers out of range, trailing commas, duplicate keys: each
/// with a warning naming the field). A file where most entries cannot be
/// read is an error, not a HAR with a few requests.
pub fn parse_har(bytes: &[u8]) -> Result<Har, HarError> {
    let mut warnings = Vec::new();
    let text = decode_input(bytes, &mut warnings)?;
    check_top_level(&text)?;
    // The streaming reader over the whole text: one reader, one set of repairs.
    let mut stream = HarStream::decoded(warnings);
    stream.push(text.as_bytes());
    let mut entries: Vec<Entry> = stream.drain_entries().collect();
    let mut har = stream.finish()?;
    entries.append(&mut har.entries);
    har.entries = entries;
    Ok(har)
}

/// The common top level of [`parse_har`] and [`super::parse_har_reader`].
pub(super) fn read_top<'de, R: serde_json::de::Read<'de>>(
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
    if let Some(e) = st.mostly_unreadable() {
        return Err(e);
    }
    if st.suppressed > 0 {
        st.har.warnings.push(HarError {
            location: "log".into(),
            message: format!("{} more warnings not shown (at most {MAX_WARNINGS} are kept)", st.suppressed),
        });
    }
    Ok(st.har)
}

/// What the reading has found so far: the HAR, its warnings (at most
/// [`MAX_WARNINGS`], the rest counted), and what `log` and `log.entries` were.
pub(super) struct State {
    pub(super) har: Har,
    /// The entry being read (for locating fatal errors).
    pub(super) in_entry: Option<usize>,
    log: Kind,
    entries: Kind,
    suppressed: usize,
    /// Entries read, and entries skipped (with the first reason).
    pub(super) read: usize,
    skipped: usize,
    first_skip: Option<HarError>,
}

impl Default for State {
    fn default() -> Self {
        State::new()
    }
}

impl State {
    pub(super) fn new() -> Self {
        State {
            har: Har::default(),
            in_entry: None,
            log: Kind::Missing,
            entries: Kind::Missing,
            suppressed: 0,
            read: 0,
            skipped: 0,
            first_skip: None,
        }
    }

    /// An entry that cannot be read: a warning, and counted.
    pub(super) fn skip(&mut self, w: HarError) {
        self.skipped += 1;
        if self.first_skip.is_none() {
            self.first_skip = Some(w.clone());
        }
        self.warn(w);
    }

    /// A file where most entries cannot be read is not read: the few read
    /// would be diagnosed as if they were all there was ("no failing
    /// requests" over 400,000 unreadable entries).
    fn mostly_unreadable(&self) -> Option<HarError> {
        if self.skipped == 0 || self.skipped <= self.read {
            return None;
        }
        let total = self.skipped + self.read;
        let first = self.first_skip.as_ref().map_or(String::new(), |w| format!("; the first: {w}"));
        Some(HarError {
            location: "log.entries".into(),
            message: format!(
                "{} of {total} entries cannot be read{first} (most of the file is unreadable: no diagnosis would be \
                 complete)",
                self.skipped
            ),
        })
    }

    pub(super) fn warn(&mut self, w: HarError) {
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
            Ok(e) => {
                self.read += 1;
                self.har.entries.push(e);
            }
            Err(w) => self.skip(w),
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

/// Reads the root object (only its first `log`).
pub(super) struct TopSeed<'s> {
    pub(super) st: &'s mut State,
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
