//! Repairs of JSON that a strict reader refuses but whose meaning is clear, so
//! that a readable request is never dropped: what hand edits and odd
//! exporters leave behind. One lexical pass over a piece of the file (one
//! entry, or the file minus its entries) that follows strings, brackets and
//! keys, so that each repair is reported with the field it is in
//! (`log.entries[4].response.content.text`):
//! - a lone surrogate escape (`\ud83d`, a cut emoji) becomes `\ufffd` (U+FFFD);
//! - an invalid escape (`C:\Users`) keeps its backslash as a character;
//! - a raw control character in a string is escaped;
//! - a number out of range (`1e400`) becomes `null` (read as missing);
//! - a trailing comma (`[1, 2,]`, `{"a": 1,}`) or an extra one (`[1,, 2]`) is removed;
//! - a duplicate key keeps its last value, as `JSON.parse` (and so DevTools)
//!   does: the earlier ones are renamed so that no reader sees them.
//!
//! Everything but escapes and control characters keeps its length, so that
//! positions in the repaired text are those of the file. The reader tries the
//! text as it is first; only what fails comes here, and the repaired text is
//! read again (a syntax error that is not one of the above stays an error).

use std::collections::HashMap;

use super::HarError;

/// At most this many repairs of one piece are reported; one more note counts the rest.
const MAX_NOTES: usize = 50;

/// The repaired text and one note per repair, or `None` when nothing needed
/// repairing. `prefix` is the path of `text` in the file (`log.entries[4]`,
/// or empty for the whole document); duplicate keys are resolved in objects
/// at depth `dedupe_from` and deeper (the root object is depth 1).
pub(super) fn repair(text: &str, prefix: &str, dedupe_from: usize) -> Option<(String, Vec<HarError>)> {
    let mut r = Repairer {
        src: text.as_bytes(),
        out: Vec::with_capacity(text.len() + 16),
        stack: Vec::new(),
        prefix,
        dedupe_from,
        notes: Vec::new(),
        more: 0,
        last_comma: None,
        changed: false,
    };
    r.run();
    if !r.changed {
        return None;
    }
    if r.more > 0 {
        let location = if prefix.is_empty() { "log".to_string() } else { prefix.to_string() };
        r.notes.push(HarError { location, message: format!("{} more repairs not listed", r.more) });
    }
    let notes = r.notes;
    // only ASCII was written in place of ASCII: still UTF-8
    String::from_utf8(r.out).ok().map(|s| (s, notes))
}

enum Frame {
    Obj {
        /// Keys seen (decoded) and where each starts in the output (after its quote).
        keys: HashMap<String, usize>,
        key: Option<String>,
        expect_key: bool,
    },
    Arr {
        index: usize,
    },
}

struct Repairer<'a> {
    src: &'a [u8],
    out: Vec<u8>,
    stack: Vec<Frame>,
    prefix: &'a str,
    dedupe_from: usize,
    notes: Vec<HarError>,
    more: usize,
    /// Where the last comma was written, while nothing but whitespace followed it.
    last_comma: Option<usize>,
    changed: bool,
}

impl Repairer<'_> {
    fn run(&mut self) {
        let mut i = 0;
        while i < self.src.len() {
            let b = self.src[i];
            i = match b {
                b'"' => self.string(i),
                b'{' | b'[' => {
                    self.value_starts();
                    self.stack.push(if b == b'{' {
                        Frame::Obj { keys: HashMap::new(), key: None, expect_key: true }
                    } else {
                        Frame::Arr { index: 0 }
                    });
                    self.token(b);
                    i + 1
                }
                b'}' | b']' => {
                    self.stack.pop();
                    if let Some(at) = self.last_comma.take() {
                        self.out[at] = b' ';
                        self.fix("trailing comma removed".into());
                    }
                    self.token(b);
                    i + 1
                }
                b',' => self.comma(i),
                b' ' | b'\t' | b'\n' | b'\r' | b':' => {
                    self.out.push(b);
                    i + 1
                }
                b'-' | b'0'..=b'9' => self.number(i),
                _ => {
                    self.token(b);
                    i + 1
                }
            };
        }
    }

    /// A byte that is not whitespace or a comma.
    fn token(&mut self, b: u8) {
        self.last_comma = None;
        self.out.push(b);
    }

    fn comma(&mut self, i: usize) -> usize {
        let after_open = matches!(self.out.iter().rev().find(|b| !b.is_ascii_whitespace()), Some(b'[' | b'{'));
        if self.last_comma.is_some() || after_open {
            self.out.push(b' ');
            self.fix("extra comma removed".into());
            return i + 1;
        }
        match self.stack.last_mut() {
            Some(Frame::Arr { index }) => *index += 1,
            Some(Frame::Obj { key, expect_key, .. }) => {
                *key = None;
                *expect_key = true;
            }
            None => {}
        }
        self.last_comma = Some(self.out.len());
        self.out.push(b',');
        i + 1
    }

    /// A value (not a key) starts: nothing to do but leave the comma state.
    fn value_starts(&mut self) {
        self.last_comma = None;
    }

    fn number(&mut self, start: usize) -> usize {
        let mut end = start;
        while end < self.src.len() && matches!(self.src[end], b'0'..=b'9' | b'-' | b'+' | b'.' | b'e' | b'E') {
            end += 1;
        }
        let token = std::str::from_utf8(&self.src[start..end]).unwrap_or("");
        self.last_comma = None;
        let out_of_range = token.len() >= 4 && token.parse::<f64>().is_ok_and(|n| n.is_infinite());
        if out_of_range {
            self.out.extend_from_slice(b"null");
            self.out.extend(std::iter::repeat_n(b' ', token.len() - 4));
            let shown: String = token.chars().take(40).collect();
            self.fix(format!("the number {shown} is out of range; read as missing"));
        } else {
            self.out.extend_from_slice(token.as_bytes());
        }
        end
    }

    /// The string starting with the quote at `start`; returns where it ends.
    fn string(&mut self, start: usize) -> usize {
        let is_key = matches!(self.stack.last(), Some(Frame::Obj { expect_key: true, .. }));
        self.last_comma = None;
        self.out.push(b'"');
        let content_at = self.out.len();
        let mut first: Option<String> = None;
        let mut count = 0usize;
        let mut i = start + 1;
        let src = self.src;
        while i < src.len() {
            let b = src[i];
            match b {
                b'"' => break,
                b'\\' => {
                    let (next, problem) = self.escape(i);
                    if let Some(p) = problem {
                        count += 1;
                        first.get_or_insert(p);
                    }
                    i = next;
                    continue;
                }
                0..=0x1F => {
                    self.out.extend_from_slice(format!("\\u{b:04x}").as_bytes());
                    count += 1;
                    first.get_or_insert_with(|| format!("a raw control character (0x{b:02X}) escaped"));
                }
                _ => self.out.push(b),
            }
            i += 1;
        }
        let content_end = self.out.len();
        if i < src.len() {
            self.out.push(b'"');
            i += 1;
        }
        if let Some(p) = first {
            let more = if count > 1 { format!(" ({count} repairs in this string)") } else { String::new() };
            self.fix(format!("{p}{more}"));
        }
        if is_key {
            self.key_done(content_at, content_end);
        }
        i
    }

    /// The escape at `i` (a backslash), written repaired; where it ends and
    /// what was wrong with it.
    fn escape(&mut self, i: usize) -> (usize, Option<String>) {
        let src = self.src;
        match src.get(i + 1) {
            Some(b'"' | b'\\' | b'/' | b'b' | b'f' | b'n' | b'r' | b't') => {
                self.out.extend_from_slice(&src[i..i + 2]);
                (i + 2, None)
            }
            Some(b'u') => match hex4(src, i + 2) {
                Some(u)
                    if (0xD800..0xDC00).contains(&u)
                        && src.get(i + 6..i + 8) == Some(&b"\\u"[..])
                        && hex4(src, i + 8).is_some_and(is_low) =>
                {
                    self.out.extend_from_slice(&src[i..i + 12]);
                    (i + 12, None)
                }
                Some(u) if (0xD800..0xE000).contains(&u) => {
                    self.out.extend_from_slice(b"\\ufffd");
                    (i + 6, Some(format!("a lone surrogate escape (\\u{u:04x}) replaced by U+FFFD")))
                }
                Some(_) => {
                    self.out.extend_from_slice(&src[i..i + 6]);
                    (i + 6, None)
                }
                None => {
                    self.out.extend_from_slice(b"\\\\");
                    (i + 1, Some("an incomplete \\u escape: its backslash kept as a character".into()))
                }
            },
            other => {
                self.out.extend_from_slice(b"\\\\");
                let what = match other {
                    Some(c) if c.is_ascii_graphic() => format!("an invalid escape (\\{})", char::from(*c)),
                    _ => "an invalid escape".into(),
                };
                (i + 1, Some(format!("{what}: its backslash kept as a character")))
            }
        }
    }

    /// A key was read (its content is `out[a..b]`): a duplicate of an
    /// earlier one renames that one, so the last value wins.
    fn key_done(&mut self, a: usize, b: usize) {
        let raw = &self.out[a..b];
        let key = if raw.contains(&b'\\') {
            let mut quoted = Vec::with_capacity(raw.len() + 2);
            quoted.push(b'"');
            quoted.extend_from_slice(raw);
            quoted.push(b'"');
            serde_json::from_slice::<String>(&quoted).unwrap_or_else(|_| String::from_utf8_lossy(raw).into_owned())
        } else {
            String::from_utf8_lossy(raw).into_owned()
        };
        let depth = self.stack.len();
        let dedupe = depth >= self.dedupe_from && !key.is_empty();
        let Some(Frame::Obj { keys, key: current, expect_key }) = self.stack.last_mut() else { return };
        *expect_key = false;
        *current = Some(key.clone());
        if !dedupe {
            return;
        }
        let earlier = keys.insert(key.clone(), a);
        if let Some(at) = earlier {
            // `~` in place of the first character: a name no reader looks for
            let width = self.out[at..].first().map_or(1, |&c| utf8_width(c));
            for c in &mut self.out[at..at + width] {
                *c = b'~';
            }
            let shown: String = key.chars().take(60).collect();
            self.fix(format!("duplicate key {shown:?}: the last value is used, as JSON.parse does"));
        }
    }

    /// A repair at the current place.
    fn fix(&mut self, message: String) {
        self.changed = true;
        if self.notes.len() >= MAX_NOTES {
            self.more += 1;
            return;
        }
        let location = self.path();
        self.notes.push(HarError { location, message });
    }

    /// The path of the current place (`log.entries[4].response.status`).
    fn path(&self) -> String {
        let mut p = self.prefix.to_string();
        for f in &self.stack {
            match f {
                Frame::Obj { key: Some(k), .. } => {
                    if !p.is_empty() {
                        p.push('.');
                    }
                    p.push_str(&k.chars().take(60).collect::<String>());
                }
                Frame::Obj { key: None, .. } => {}
                Frame::Arr { index } => p.push_str(&format!("[{index}]")),
            }
        }
        if p.is_empty() {
            "log".into()
        } else {
            p
        }
    }
}

fn is_low(u: u16) -> bool {
    (0xDC00..0xE000).contains(&u)
}

/// Four hex digits at `at`, as a code unit.
fn hex4(src: &[u8], at: usize) -> Option<u16> {
    let digits = src.get(at..at + 4)?;
    let s = std::str::from_utf8(digits).ok()?;
    if !s.bytes().all(|c| c.is_ascii_hexdigit()) {
        return None;
    }
    u16::from_str_radix(s, 16).ok()
}

/// How many bytes the UTF-8 sequence starting with `c` has.
fn utf8_width(c: u8) -> usize {
    match c {
        0xC0..=0xDF => 2,
        0xE0..=0xEF => 3,
        0xF0..=0xFF => 4,
        _ => 1,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fixed(text: &str) -> (String, Vec<String>) {
        let (t, notes) = repair(text, "log.entries[4]", 1).expect("a repair");
        (t, notes.iter().map(|n| n.to_string()).collect())
    }

    #[test]
    fn lone_surrogates_become_replacement_characters() {
        let (t, notes) = fixed(r#"{"response":{"content":{"text":"ok \ud83d"}}}"#);
        assert_eq!(t, r#"{"response":{"content":{"text":"ok \ufffd"}}}"#);
        assert!(notes[0].starts_with("log.entries[4].response.content.text: a lone surrogate"), "{notes:?}");
        // a pair is kept; a lone low half is replaced
        assert!(repair(r#"{"a":"\ud83d\ude00"}"#, "", 1).is_none());
        assert_eq!(fixed(r#"{"a":"\ude00x"}"#).0, r#"{"a":"\ufffdx"}"#);
    }

    #[test]
    fn numbers_out_of_range_become_null_of_the_same_length() {
        let (t, notes) = fixed(r#"{"time": 1e400, "b": [-1E+999]}"#);
        assert_eq!(t, r#"{"time": null , "b": [null   ]}"#);
        assert_eq!(notes[0], "log.entries[4].time: the number 1e400 is out of range; read as missing");
        assert_eq!(notes[1].split(':').next(), Some("log.entries[4].b[0]"));
        assert!(repair(r#"{"time": 1e300, "x": 12345678901234567890123}"#, "", 1).is_none());
    }

    #[test]
    fn trailing_and_extra_commas_are_removed() {
        let (t, notes) = fixed("{\"a\": [1, 2,\n], \"b\": 3,}");
        assert_eq!(t, "{\"a\": [1, 2 \n], \"b\": 3 }");
        assert_eq!(notes.len(), 2);
        assert!(notes[0].starts_with("log.entries[4].a: trailing comma"), "{notes:?}");
        assert_eq!(fixed("[1,, 2]").0, "[1,  2]");
        assert_eq!(fixed("[, 2]").0, "[  2]");
    }

    #[test]
    fn duplicate_keys_keep_the_last() {
        let (t, notes) = fixed(r#"{"status": 0, "x": {"status": 1}, "status": 405}"#);
        assert_eq!(t, r#"{"~tatus": 0, "x": {"status": 1}, "status": 405}"#);
        assert_eq!(
            notes,
            ["log.entries[4].status: duplicate key \"status\": the last value is used, as JSON.parse does"]
        );
        let v: serde_json::Value = serde_json::from_str(&t).unwrap();
        assert_eq!(v["status"], 405);
        // escaped spellings are the same key; a first character of several bytes is replaced whole
        let (t, _) = fixed(r#"{"\u0073": 1, "s": 2, "é": 1, "é": 2}"#);
        assert_eq!(t, r#"{"~u0073": 1, "s": 2, "~~": 1, "é": 2}"#);
        // not below `dedupe_from`
        assert!(repair(r#"{"log": 1, "log": 2}"#, "", 2).is_none());
    }

    #[test]
    fn bad_escapes_and_control_characters() {
        let (t, notes) = fixed("{\"path\": \"C:\\Users\\x\", \"body\": \"a\tb\"}");
        assert_eq!(t, "{\"path\": \"C:\\\\Users\\\\x\", \"body\": \"a\\u0009b\"}");
        let v: serde_json::Value = serde_json::from_str(&t).unwrap();
        assert_eq!(v["path"], "C:\\Users\\x");
        assert_eq!(v["body"], "a\tb");
        assert!(notes[0].contains("(2 repairs in this string)"), "{notes:?}");
        assert_eq!(fixed(r#"{"a":"\u12"}"#).0, r#"{"a":"\\u12"}"#);
    }

    #[test]
    fn valid_json_is_left_alone() {
        assert!(repair(r#"{"a": [1, {"b": "\n\u00e9\ud83d\ude00"}], "c": -1.5e3}"#, "", 1).is_none());
    }
}
