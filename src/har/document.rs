//! The document's top level, `{"log": {"creator", "browser", "pages",
//! "entries": [...]}}`: [`parse_har`] over a whole buffer, and the same
//! top-level reading that [`super::HarStream`] runs on the file minus its
//! entries. Entries are read one by one as they stream past, each as a raw
//! slice first, so that an unreadable entry is skipped with a warning, not
//! fatal ([`State`] collects them, capped at [`MAX_WARNINGS`]).

use std::fmt;

use serde::de::{DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde::Deserialize;
use serde_json::value::RawValue;

use super::entry::read_entry;
use super::error::{at_line_col, json_error, same_pos, PosMap};
use super::input::{check_top_level, decode_input};
use super::lenient::{accept_map, accept_scalars, accept_seq, Kind, Lenient, List, Obj};
use super::raw::{RawPage, RawSoftware};
use super::{Har, HarError, Page, Software, MAX_PAGES, MAX_WARNINGS};

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
}

impl Default for State {
    fn default() -> Self {
        State::new()
    }
}

impl State {
    pub(super) fn new() -> Self {
        State { har: Har::default(), in_entry: None, log: Kind::Missing, entries: Kind::Missing, suppressed: 0 }
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
