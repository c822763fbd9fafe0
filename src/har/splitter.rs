//! The streaming splitter: a lexical scanner that follows strings and
//! brackets just enough to find each `log.entries[i]` in text that arrives in
//! pieces; serde_json does all validation. Each element is read as soon as it
//! is whole (in place, when the piece at hand holds it entirely) by the same
//! per-entry reader as [`super::parse_har`]; everything else (the
//! "skeleton", with an empty entries array) is kept and read at the end by
//! the same top-level code, its error positions mapped back to the file's
//! ([`Cut`]). Syntax errors are located exactly as [`super::parse_har`]
//! would locate them.

use std::borrow::Cow;

use serde::de::{DeserializeSeed, IgnoredAny};

use super::document::{read_top, State, TopSeed};
use super::entry::{convert, locate_entry_error};
use super::error::{at_line_col, bare_message, json_error, same_pos};
use super::lenient::Obj;
use super::raw::RawEntry;
use super::repair::repair;
use super::{Har, HarError};

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
pub(super) struct Splitter {
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
    pub(super) base: usize,
    /// Where the element being read starts (splitter offset).
    elem_start: usize,
    /// The length of the last element read.
    last_len: usize,
    /// Readable entries so far.
    pub(super) read: usize,
    /// Each readable entry's byte range in the input, when asked for.
    pub(super) spans: Option<Vec<(u64, u64)>>,
}

impl Splitter {
    /// The line (1-based) and column (0-based: bytes since the line's start) reached.
    pub(super) fn pos(&self) -> (usize, usize) {
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

    /// Takes the next piece of the text (any length, cut anywhere).
    pub(super) fn feed(&mut self, text: &str, st: &mut State) -> Result<(), HarError> {
        let data = text.as_bytes();
        let mut i = 0;
        while i < data.len() {
            i = match self.mode {
                Mode::Skeleton => {
                    let b = data[i];
                    self.skeleton_byte(b);
                    self.bump(b);
                    i + 1
                }
                Mode::First | Mode::AfterElem | Mode::AfterComma => self.between_elems(text, i, st)?,
                Mode::Elem => self.in_elem(data, i, st)?,
            };
        }
        Ok(())
    }

    /// The byte at `i` of `text`, in the entries array between elements:
    /// whitespace, a comma, the array's end, or an element's start. Returns
    /// where to go on.
    #[inline]
    fn between_elems(&mut self, text: &str, i: usize, st: &mut State) -> Result<usize, HarError> {
        let data = text.as_bytes();
        let b = data[i];
        match b {
            b' ' | b'\t' | b'\n' | b'\r' => {}
            b']' => {
                if self.mode == Mode::AfterComma {
                    // hand-edited files (an entry deleted before attaching the file)
                    st.warn(HarError {
                        location: "log.entries".into(),
                        message: "a trailing comma after the last entry; ignored".into(),
                    });
                }
                self.end_entries()
            }
            b',' if self.mode == Mode::AfterElem => self.mode = Mode::AfterComma,
            b',' => st.warn(HarError {
                location: format!("log.entries[{}]", self.index),
                message: "an extra comma before this entry; ignored".into(),
            }),
            _ if self.mode == Mode::AfterElem => return Err(self.fatal_at_peek("expected `,` or `]`")),
            _ => {
                // (not tried when the rest of the chunk is shorter than
                // the last element: it would most likely end outside,
                // and chunks smaller than entries would pay twice)
                if b == b'{' && data.len() - i >= self.last_len {
                    if let Some(len) = self.whole_entry(text.get(i..).unwrap_or(""), st) {
                        return Ok(i + len);
                    }
                }
                self.start_elem(b);
                self.elem.push(b);
                self.mode = Mode::Elem;
            }
        }
        self.bump(b);
        Ok(i + 1)
    }

    /// The entries array ends (at its `]`): back to the skeleton.
    fn end_entries(&mut self) {
        if let Some(c) = self.cut.as_mut() {
            c.b = self.offset;
            c.b_line = self.lines + 1;
            c.b_line_start = self.line_start;
        }
        self.skeleton.push(b']');
        self.depth = self.depth.saturating_sub(1);
        self.mode = Mode::Skeleton;
    }

    /// Inside an element, from `start` of `data`: takes the bytes up to its
    /// end or the end of the data, and reads the element once it is whole.
    /// Returns where to go on.
    #[inline]
    fn in_elem(&mut self, data: &[u8], start: usize, st: &mut State) -> Result<usize, HarError> {
        let (end, done) = if self.elem_scalar { self.scan_scalar(data, start) } else { self.scan_nested(data, start) };
        self.elem.extend_from_slice(&data[start..end]);
        self.bump_span(&data[start..end]);
        if done {
            self.finish_elem(st)?;
        }
        Ok(end)
    }

    /// A scalar element (`12`, `null`, `tru`): it ends before the first byte
    /// that cannot be in one, which is remembered. (end, whether it ended)
    #[inline]
    fn scan_scalar(&mut self, data: &[u8], mut i: usize) -> (usize, bool) {
        while i < data.len() {
            let c = data[i];
            if matches!(c, b' ' | b'\t' | b'\n' | b'\r' | b',' | b']' | b'}' | b'{' | b'[' | b'"') {
                self.scalar_end = Some(c);
                return (i, true);
            }
            i += 1;
        }
        (i, false)
    }

    /// A string, object or array element: it ends after the quote or
    /// bracket that closes it. The state is kept in locals; strings are
    /// skipped with memchr, the rest with a table of the bytes that matter.
    /// (end, whether it ended)
    #[inline]
    fn scan_nested(&mut self, data: &[u8], mut i: usize) -> (usize, bool) {
        let (mut in_str, mut esc, mut depth) = (self.in_str, self.esc, self.elem_depth);
        let mut done = false;
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
        (i, done)
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
        if self.in_str {
            self.skeleton_str_byte(b);
            return;
        }
        if matches!(b, b' ' | b'\t' | b'\n' | b'\r') {
            return;
        }
        let d = self.depth;
        if (1..=2).contains(&d) && self.top_level_byte(d, b) {
            return;
        }
        self.nesting_byte(b);
    }

    /// A byte in a string of the skeleton; a key of the root or of the log
    /// is captured ([`Splitter::key_done`] at its closing quote).
    fn skeleton_str_byte(&mut self, b: u8) {
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
    }

    /// A byte outside strings at depth `d`, 1 (the root) or 2 (a value of
    /// the root, the log when it is an object): keys, `:` and `,`, and the
    /// values that matter starting. True when the byte is dealt with.
    fn top_level_byte(&mut self, d: usize, b: u8) -> bool {
        if self.is_obj[d] && self.expect_key[d] && b == b'"' {
            self.in_str = true;
            if d == 1 || self.in_log {
                self.capturing_key = true;
                self.key.clear();
            }
            return true;
        }
        match b {
            b':' => {
                self.expect_key[d] = false;
                true
            }
            b',' => {
                self.expect_key[d] = self.is_obj[d];
                self.pending[d] = Pending::None;
                true
            }
            b'}' | b']' => false,
            _ => self.value_starts(d, b),
        }
    }

    /// A value starts at depth `d` with the byte `b`: the log, or the entries
    /// array, whose content is cut out of the skeleton (true: the `[` is
    /// dealt with).
    fn value_starts(&mut self, d: usize, b: u8) -> bool {
        match std::mem::take(&mut self.pending[d]) {
            Pending::Log => {
                self.log_seen = true;
                if b == b'{' {
                    self.in_log = true;
                }
                false
            }
            Pending::Entries => {
                self.entries_seen = true;
                if b != b'[' {
                    return false;
                }
                self.depth += 1;
                self.cut = Some(Cut {
                    a: self.offset + 1,
                    a_line: self.lines + 1,
                    a_line_start: self.line_start,
                    ..Default::default()
                });
                self.mode = Mode::First;
                true
            }
            _ => false,
        }
    }

    /// Strings and brackets outside the values that matter: the depth, and
    /// at depths 1 and 2 whether an object or array was opened.
    fn nesting_byte(&mut self, b: u8) {
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
            Err(_) if self.read_repaired(text, st) => {}
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
                st.skip(locate_entry_error(text, index, &e));
            }
        }
        self.elem = elem;
        self.elem.clear();
        self.elem_done(st);
        Ok(())
    }

    /// An element serde_json refused, repaired (`repair.rs`: a lone
    /// surrogate, a number out of range, a trailing comma, a duplicate key)
    /// and read, with a warning per repair. False (nothing done) when there
    /// is nothing to repair or the repaired text is still unreadable.
    fn read_repaired(&mut self, text: &str, st: &mut State) -> bool {
        let Some((fixed, notes)) = repair(text, &format!("log.entries[{}]", self.index), 1) else { return false };
        let Ok(raw) = serde_json::from_str::<Obj<RawEntry>>(&fixed) else { return false };
        for n in notes {
            st.warn(n);
        }
        self.add_entry(raw, st);
        true
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
                st.read += 1;
                self.read += 1;
                if let Some(spans) = &mut self.spans {
                    spans.push(((self.base + self.elem_start) as u64, (self.base + self.offset) as u64));
                }
            }
            Err(w) => st.skip(w),
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

    /// The end of the text: the skeleton is read, or why the file is unreadable.
    pub(super) fn finish(mut self, mut st: State) -> Result<Har, HarError> {
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
        // the file minus its entries, repaired as entries are (`log` and
        // `entries` themselves keep their first occurrence, whose entries were read)
        let repaired = repair(text, "", 3);
        let text = match &repaired {
            Some((fixed, notes)) => {
                for n in notes {
                    st.warn(n.clone());
                }
                fixed.as_str()
            }
            None => text,
        };
        let cut = self.cut;
        let map = move |line: usize, col: usize| cut.map_or((line, col), |c| c.map(line, col));
        let mut de = serde_json::Deserializer::from_str(text);
        read_top(&mut de, st, &map)
    }
}

// ---------------------------------------------------------------------------
// Input decoding and top-level checks

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

#[cfg(test)]
mod tests {
    use super::*;

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
}
