//! JSON text: the values of secret keys at any depth, scanned without parsing (bodies may be cut).

use super::mask::{is_mask, mask};
use super::policy::normalise;
use super::{Found, Redactor};

impl Redactor {
    /// JSON text with the values of secret keys masked, at any depth (an
    /// object or array under a secret key is masked whole). Works on text cut
    /// mid-way (kept bodies are capped) and keeps the formatting.
    pub(super) fn json_inner(&self, s: &str, found: &mut Found) -> String {
        self.json_with(s, self.graphql_secret_variables(s), found)
    }

    /// [`Redactor::json_inner`], the keys in `extra` secret too.
    fn json_with(&self, s: &str, extra: Vec<String>, found: &mut Found) -> String {
        let b = s.as_bytes();
        let mut j = JsonScan {
            s,
            out: String::with_capacity(s.len()),
            copied: 0,
            depth: 0,
            secret_from: None,
            pending_secret: false,
            name_next: false,
            pair_depth: None,
            extra,
        };
        let mut i = 0;
        while i < b.len() {
            i = match b[i] {
                b'"' => self.json_string(&mut j, i, found),
                b'{' | b'[' => {
                    j.open();
                    i + 1
                }
                b'}' | b']' => {
                    j.close();
                    i + 1
                }
                b'-' | b'0'..=b'9' if j.masking() => j.mask_number(i, found),
                b',' => {
                    j.pending_secret = false;
                    i + 1
                }
                _ => i + 1,
            };
        }
        j.out.push_str(&s[j.copied..]);
        j.out
    }

    /// The JSON string starting at `i` in [`Redactor::json_inner`]'s scan:
    /// a key (is its value secret?) or a value (masked when secret, else by
    /// the text rules). Returns the index after it.
    pub(super) fn json_string(&self, j: &mut JsonScan, i: usize, found: &mut Found) -> usize {
        let s = j.s;
        let b = s.as_bytes();
        let end = string_end(b, i);
        let content = &s[i + 1..end.min(b.len()).max(i + 1)];
        let close = end < b.len();
        let after = if close { end + 1 } else { b.len() };
        if colon_at(b, after) {
            self.json_key(j, content, after);
            return after;
        }
        let masked = if j.masking() {
            (!content.is_empty() && !is_mask(content)).then(|| {
                found.push(unescape_json(content));
                mask(content)
            })
        } else {
            self.json_value(j, content, found)
        };
        j.name_next = false;
        j.pending_secret = false;
        if let Some(m) = masked {
            j.out.push_str(&s[j.copied..=i]);
            j.out.push_str(&m);
            if close {
                j.out.push('"');
            }
            j.copied = after;
        }
        after
    }
}

impl Redactor {
    /// A key (written with `\u` escapes or not): is the value after it secret? A `name`/`key` key announces a
    /// name/value pair (`{"Name":"password","Value":"…"}`).
    fn json_key(&self, j: &mut JsonScan, content: &str, after: usize) {
        let key = if content.contains('\\') { unescape_json(content) } else { content.to_string() };
        let n = normalise(&key);
        j.name_next = is_name_key(&n);
        let value_key = matches!(n.as_str(), "value" | "val");
        let pair_value = value_key
            && (j.pair_depth == Some(j.depth)
                || name_later(j.s.as_bytes(), after).is_some_and(|name| self.is_secret_field(&name)));
        let extra = j.extra.contains(&key);
        j.pending_secret = j.secret_from.is_none() && (pair_value || extra || self.is_secret_field(&key));
    }

    /// A string value not under a secret key: the name of a name/value pair, JSON written in a string
    /// (redacted as JSON and escaped again), or text from the HAR. The replacement, if any.
    fn json_value(&self, j: &mut JsonScan, content: &str, found: &mut Found) -> Option<String> {
        let plain = if content.contains('\\') { unescape_json(content) } else { content.to_string() };
        if j.name_next && self.is_secret_field(&plain) {
            j.pair_depth = Some(j.depth);
        }
        if plain.trim_start().starts_with(['{', '[']) {
            let r = self.json_inner(&plain, found);
            if r == plain {
                return None;
            }
            let quoted = serde_json::to_string(&r).ok()?;
            return Some(quoted[1..quoted.len() - 1].to_string());
        }
        let r = self.body_text(content, found);
        (r != content).then_some(r)
    }
}

impl Redactor {
    /// The GraphQL variables of a `{"query": …, "variables": …}` body passed to a secret argument
    /// (`login(password: $pw)` makes `variables.pw` secret).
    fn graphql_secret_variables(&self, s: &str) -> Vec<String> {
        let mut vars = Vec::new();
        if !(s.contains("\"query\"") && s.contains("\"variables\"")) {
            return vars;
        }
        let b = s.as_bytes();
        let word = |c: u8| c.is_ascii_alphanumeric() || c == b'_';
        for i in memchr::memchr_iter(b'$', b) {
            let end = b[i + 1..].iter().position(|&c| !word(c)).map_or(b.len(), |p| i + 1 + p);
            let mut k = i;
            while k > 0 && i - k < 64 && b[k - 1].is_ascii_whitespace() {
                k -= 1;
            }
            if k == 0 || b[k - 1] != b':' || end == i + 1 {
                continue;
            }
            k -= 1;
            while k > 0 && i - k < 64 && b[k - 1].is_ascii_whitespace() {
                k -= 1;
            }
            let arg_end = k;
            while k > 0 && arg_end - k < 64 && word(b[k - 1]) {
                k -= 1;
            }
            if k < arg_end && self.is_secret_field(&s[k..arg_end]) {
                vars.push(s[i + 1..end].to_string());
            }
        }
        vars
    }
}

/// A key (normalised) whose value names the `value` of a name/value pair.
fn is_name_key(n: &str) -> bool {
    matches!(n, "name" | "key" | "field" | "param" | "parameter" | "header")
}

/// How far [`name_later`] looks.
const PAIR_LOOKAHEAD: usize = 512;

/// The name of a name/value pair written value first (`{"Value":"…","Name":"password"}`): the string after a
/// name key later in the same object, within [`PAIR_LOOKAHEAD`] bytes of `from` (a bounded look: linear).
fn name_later(b: &[u8], from: usize) -> Option<String> {
    let end = b.len().min(from + PAIR_LOOKAHEAD);
    let (mut k, mut depth) = (from, 0usize);
    while k < end {
        match b[k] {
            b'{' | b'[' => depth += 1,
            b'}' | b']' if depth == 0 => return None,
            b'}' | b']' => depth -= 1,
            b'"' => {
                let close = string_end(b, k);
                if depth == 0 && close < end && colon_at(b, close + 1) {
                    let key = std::str::from_utf8(&b[k + 1..close]).ok()?;
                    if is_name_key(&normalise(&unescape_json(key))) {
                        let v = b[close + 1..end].iter().position(|&c| c == b'"').map(|p| close + 1 + p)?;
                        let v_end = string_end(b, v);
                        return std::str::from_utf8(b.get(v + 1..v_end)?).ok().map(unescape_json);
                    }
                }
                k = close;
            }
            _ => {}
        }
        k += 1;
    }
    None
}

/// The state of [`Redactor::json_inner`]'s scan over `s`.
pub(super) struct JsonScan<'s> {
    s: &'s str,
    out: String,
    /// `s` up to here is in `out` (or replaced there).
    copied: usize,
    depth: usize,
    /// Depth at which a secret container started (everything inside is masked).
    secret_from: Option<usize>,
    /// The value after this key is secret.
    pending_secret: bool,
    /// The last key was `name` (or `key`, `field`…): its value names the `value` of a name/value pair.
    name_next: bool,
    /// Depth of the object whose name/value pair names a secret: its `value` is masked.
    pair_depth: Option<usize>,
    /// More secret keys: GraphQL variables passed to a secret argument.
    extra: Vec<String>,
}

impl JsonScan<'_> {
    /// The value at hand is secret.
    pub(super) fn masking(&self) -> bool {
        self.pending_secret || self.secret_from.is_some()
    }

    /// `{` or `[`: under a secret key, a secret container starts.
    pub(super) fn open(&mut self) {
        self.depth += 1;
        if self.pending_secret && self.secret_from.is_none() {
            self.secret_from = Some(self.depth);
        }
        self.pending_secret = false;
        self.name_next = false;
    }

    /// `}` or `]`.
    pub(super) fn close(&mut self) {
        if self.secret_from == Some(self.depth) {
            self.secret_from = None;
        }
        if self.pair_depth == Some(self.depth) {
            self.pair_depth = None;
        }
        self.name_next = false;
        self.depth = self.depth.saturating_sub(1);
        self.pending_secret = false;
    }

    /// A secret number at `i`, masked as a string. Returns the index after it.
    pub(super) fn mask_number(&mut self, i: usize, found: &mut Found) -> usize {
        let s = self.s;
        let b = s.as_bytes();
        let end = b[i..]
            .iter()
            .position(|c| !matches!(c, b'-' | b'+' | b'.' | b'e' | b'E' | b'0'..=b'9'))
            .map_or(b.len(), |p| i + p);
        self.out.push_str(&s[self.copied..i]);
        found.push(s[i..end].to_string());
        self.out.push('"');
        self.out.push_str(&mask(&s[i..end]));
        self.out.push('"');
        self.copied = end;
        self.pending_secret = false;
        end
    }
}

/// A `:` follows at `k` (after whitespace): the string before was a key.
pub(super) fn colon_at(b: &[u8], mut k: usize) -> bool {
    while k < b.len() && b[k].is_ascii_whitespace() {
        k += 1;
    }
    k < b.len() && b[k] == b':'
}

/// Index of the closing quote of the JSON string starting at `start` (or `b.len()`).
pub(super) fn string_end(b: &[u8], start: usize) -> usize {
    let mut j = start + 1;
    while j < b.len() {
        match b[j] {
            b'\\' => j += 2,
            b'"' => return j,
            _ => j += 1,
        }
    }
    b.len()
}

pub(super) fn unescape_json(s: &str) -> String {
    serde_json::from_str::<String>(&format!("\"{s}\"")).unwrap_or_else(|_| s.to_string())
}
