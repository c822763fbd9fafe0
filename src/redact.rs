//! Secret redaction: one implementation for every report format (text, JSON,
//! Markdown, cURL, HAR) and every surface (CLI, DevTools panel, web page).
//!
//! What is masked, and how (masks keep the shape, so a reader still sees what
//! was sent):
//!
//! | where | example | becomes |
//! |---|---|---|
//! | `Authorization`, `Proxy-Authorization` | `Bearer eyJhbGciOi…` | `Bearer eyJ…[redacted, 412 chars]` (scheme kept) |
//! | `Cookie` | `sid=abc…; theme=dark` | `sid=[redacted, 32 chars]; theme=[redacted, 4 chars]` (names kept, every value masked) |
//! | `Set-Cookie` | `refresh=xyz; Path=/; HttpOnly` | `refresh=[redacted, 27 chars]; Path=/; HttpOnly` (attributes kept: they matter for credentials) |
//! | token headers ([`RedactionPolicy::secret_headers`], or a name containing `token`, `secret`, `api-key`, …) | `X-API-Key: ak_live_…` | `X-API-Key: [redacted, 28 chars]` |
//! | URLs (request, `Referer`, `Location`, `redirectURL`, initiators, pages, any URL in text) | `https://u:p@h/x?token=abc&page=2` | `https://[redacted]@h/x?token=[redacted]&page=2` |
//! | JWTs anywhere (bodies, text, any header value) | `eyJhbGciOi….eyJzdWIi….sig` | `eyJ…[redacted, 180 chars]` |
//! | `Bearer`/`Basic` credentials in text | `Bearer lab-token` | `Bearer [redacted, 9 chars]` |
//! | JSON bodies, any depth | `{"password":"x","nested":{"client_secret":"y"}}` | `{"password":"[redacted, 1 chars]","nested":{"client_secret":"[redacted, 1 chars]"}}` |
//! | form bodies, `postData.params` | `user=ada&password=x` | `user=ada&password=[redacted, 1 chars]` |
//! | HAR `cookies` arrays | `{"name":"sid","value":"…"}` | `{"name":"sid","value":"[redacted, 32 chars]"}` |
//!
//! Every masked value is also *learned* (raw and percent-decoded): free text
//! (summaries, evidence, fix code, bodies) is scrubbed of any learned value,
//! so a secret echoed somewhere unexpected is caught too.
//!
//! Never masked, because they decide CORS: `Origin`, `Access-Control-*`,
//! `Allow`, `Content-Type`, `Vary` ([`RedactionPolicy::keep_headers`]); the
//! path of a `Location` (only its query and userinfo are masked). Masking
//! never changes a diagnosis: header names, methods, origins, paths, statuses
//! and error pages stay as they were (the tests check it on every fixture).
//!
//! Not masked by design: OAuth `state` (a CSRF nonce, not a credential), the
//! page origin, server signatures (`Server`, `X-Powered-By`).

use std::collections::HashMap;

use serde_json::Value;

use crate::codec::is_base64url_digit;
pub use crate::codec::{base64_decode, base64_encode, percent_decode};
use crate::diagnose::Diagnosis;
use crate::har::Entry;

/// What the [`Redactor`] masks. `Default` is the recommended policy.
#[derive(Debug, Clone)]
pub struct RedactionPolicy {
    /// `false` turns redaction off (the CLI's `--include-secrets`).
    pub enabled: bool,
    /// Headers whose whole value is a secret (lower-case), besides
    /// `Authorization`, `Proxy-Authorization`, `Cookie` and `Set-Cookie`,
    /// which have shape-keeping masks of their own.
    pub secret_headers: Vec<String>,
    /// Header names containing one of these (lower-case, `-`/`_` removed) are
    /// secret too (`X-Custom-Auth-Token`, `X-Client-Secret`).
    pub secret_header_parts: Vec<String>,
    /// Query (and fragment) parameter names whose values are secrets, compared
    /// case-insensitively. Body field rules below apply to URLs too.
    pub secret_params: Vec<String>,
    /// JSON, form and query field names that are secrets, exactly (normalised:
    /// lower-case, `-`, `_`, `.` removed).
    pub secret_fields: Vec<String>,
    /// Field names containing one of these (normalised) are secrets.
    pub secret_field_parts: Vec<String>,
    /// Headers never masked (lower-case; `access-control-` is a prefix).
    pub keep_headers: Vec<String>,
    /// Headers whose values are URLs (masked as URLs).
    pub url_headers: Vec<String>,
    /// Learned secrets shorter than this are not scrubbed from free text (a
    /// two-letter cookie value would mask half the report).
    pub min_learned_len: usize,
}

fn strings(v: &[&str]) -> Vec<String> {
    v.iter().map(|s| s.to_string()).collect()
}

/// Headers whose whole value is a secret (besides the four with masks of their own).
const SECRET_HEADERS: &[&str] = &[
    "x-api-key",
    "api-key",
    "apikey",
    "x-apikey",
    "x-auth-token",
    "x-access-token",
    "x-refresh-token",
    "x-id-token",
    "x-session-token",
    "x-session-id",
    "x-csrf-token",
    "x-xsrf-token",
    "csrf-token",
    "xsrf-token",
    "x-csrftoken",
    "x-amz-security-token",
    "x-goog-api-key",
    "x-functions-key",
    "ocp-apim-subscription-key",
    "x-client-secret",
    "x-hub-signature",
    "x-hub-signature-256",
    "private-token",
    "x-gitlab-token",
    "x-vault-token",
    "dd-api-key",
];

/// Parts of header names that make a header secret.
const SECRET_HEADER_PARTS: &[&str] = &["token", "secret", "apikey", "password", "credential", "signature", "sessionid"];

/// Query and fragment parameters whose values are secrets.
const SECRET_PARAMS: &[&str] = &[
    "token",
    "access_token",
    "refresh_token",
    "id_token",
    "api_key",
    "apikey",
    "key",
    "secret",
    "client_secret",
    "signature",
    "sig",
    "x-amz-signature",
    "x-amz-credential",
    "x-amz-security-token",
    "x-goog-signature",
    "x-goog-credential",
    "password",
    "passwd",
    "pwd",
    "code",
    "auth",
    "session",
    "sessionid",
    "jwt",
];

/// JSON, form and query field names that are secrets (normalised).
const SECRET_FIELDS: &[&str] =
    &["pwd", "pass", "pin", "otp", "key", "sig", "auth", "jwt", "session", "sid", "csrf", "xsrf", "ssn", "cvv", "cvc"];

/// Parts of field names that make a field secret (normalised).
const SECRET_FIELD_PARTS: &[&str] = &[
    "password",
    "passwd",
    "passphrase",
    "secret",
    "token",
    "apikey",
    "accesskey",
    "privatekey",
    "credential",
    "signature",
    "authorization",
    "sessionid",
    "cookie",
    "cardnumber",
];

/// Headers never masked: they decide CORS (`access-control-` is a prefix).
const KEEP_HEADERS: &[&str] =
    &["origin", "access-control-", "allow", "content-type", "vary", "server", "x-powered-by", "date", "content-length"];

/// Headers whose values are URLs.
const URL_HEADERS: &[&str] = &["referer", "location", "content-location", "refresh"];

impl Default for RedactionPolicy {
    fn default() -> Self {
        RedactionPolicy {
            enabled: true,
            secret_headers: strings(SECRET_HEADERS),
            secret_header_parts: strings(SECRET_HEADER_PARTS),
            secret_params: strings(SECRET_PARAMS),
            secret_fields: strings(SECRET_FIELDS),
            secret_field_parts: strings(SECRET_FIELD_PARTS),
            keep_headers: strings(KEEP_HEADERS),
            url_headers: strings(URL_HEADERS),
            min_learned_len: 4,
        }
    }
}

impl RedactionPolicy {
    /// A policy that masks nothing (`--include-secrets`).
    pub fn disabled() -> Self {
        RedactionPolicy { enabled: false, ..Default::default() }
    }
}

/// Applies a [`RedactionPolicy`]. Learns the secret values it masks from the
/// entries it is shown, then scrubs them from free text as well.
#[derive(Debug, Clone, Default)]
pub struct Redactor {
    pub policy: RedactionPolicy,
    /// Secret values seen (longest first once [`Redactor::learn_entries`] or
    /// [`Redactor::learn_har_entry`] ran).
    learned: Vec<String>,
    /// A bit per 4-byte start of a learned secret (empty: no filter), so
    /// that text holding none of them is passed over in one scan.
    starts: Vec<u64>,
}

/// The bytes at which [`Redactor::text_inner`] may find something to mask.
const TEXT_STARTS: [bool; 256] = {
    let mut t = [false; 256];
    t[b'e' as usize] = true;
    t[b'h' as usize] = true;
    t[b'B' as usize] = true;
    t[b'b' as usize] = true;
    t[b'?' as usize] = true;
    t[b'&' as usize] = true;
    t
};

/// The bit of a secret's first four bytes in [`Redactor::starts`] (a hash to 16 bits).
fn quad_key(b: &[u8]) -> usize {
    let x = u32::from_le_bytes([b[0], b[1], b[2], b[3]]);
    (x.wrapping_mul(0x9E37_79B1) >> 16) as usize
}

/// `needle` occurs in `hay`: for the short names checked against policy
/// parts, where setting up a substring searcher costs more than the search.
fn holds(hay: &str, needle: &str) -> bool {
    let (h, n) = (hay.as_bytes(), needle.as_bytes());
    n.is_empty() || h.windows(n.len()).any(|w| w == n)
}

/// The mask for a secret of `n` characters.
pub fn mask_len(n: usize) -> String {
    format!("[redacted, {n} chars]")
}

/// The mask for a secret value: JWTs keep their `eyJ` prefix so the reader
/// sees a JWT was sent.
pub fn mask(value: &str) -> String {
    let n = value.chars().count();
    if is_jwt(value) {
        format!("eyJ…{}", mask_len(n))
    } else {
        mask_len(n)
    }
}

fn normalise(name: &str) -> String {
    name.chars().filter(|c| !matches!(c, '-' | '_' | '.' | ' ')).flat_map(char::to_lowercase).collect()
}

/// A whole value that is a JWT (`eyJ…` header `.` payload `.` signature).
pub fn is_jwt(s: &str) -> bool {
    jwt_len(s.as_bytes(), 0) == Some(s.len())
}

/// Length of a JWT starting at `i`, if one does.
fn jwt_len(b: &[u8], i: usize) -> Option<usize> {
    if !b.get(i..)?.starts_with(b"eyJ") {
        return None;
    }
    let mut j = i;
    let mut segs = [0usize; 3];
    for (k, seg) in segs.iter_mut().enumerate() {
        let start = j;
        while j < b.len() && is_base64url_digit(b[j]) {
            j += 1;
        }
        *seg = j - start;
        if k < 2 {
            if b.get(j) != Some(&b'.') {
                return None;
            }
            j += 1;
        }
    }
    (segs[0] >= 10 && segs[1] >= 2).then_some(j - i)
}

/// Collects the secrets a mask replaced.
type Found = Vec<String>;

impl Redactor {
    pub fn new(policy: RedactionPolicy) -> Self {
        Redactor { policy, learned: Vec::new(), starts: Vec::new() }
    }

    /// A redactor that masks nothing.
    pub fn disabled() -> Self {
        Redactor::new(RedactionPolicy::disabled())
    }

    pub fn enabled(&self) -> bool {
        self.policy.enabled
    }

    /// The secret values learned so far (for tests and the panel's "what was hidden").
    pub fn learned(&self) -> &[String] {
        &self.learned
    }

    fn add_learned(&mut self, found: Found) {
        for s in found {
            let s = s.trim().to_string();
            if s.chars().count() < self.policy.min_learned_len || s.starts_with("[redacted") || s.contains("[redacted")
            {
                continue;
            }
            let decoded = percent_decode(&s);
            if decoded != s
                && decoded.chars().count() >= self.policy.min_learned_len
                && !self.learned.contains(&decoded)
            {
                self.learned.push(decoded);
            }
            if !self.learned.contains(&s) {
                self.learned.push(s);
            }
        }
        self.learned.sort_by_key(|s| std::cmp::Reverse(s.len()));
        self.starts.clear();
        if self.learned.iter().all(|s| s.len() >= 4) {
            self.starts.resize(1 << 10, 0);
            for s in &self.learned {
                let k = quad_key(s.as_bytes());
                self.starts[k >> 6] |= 1 << (k & 63);
            }
        }
    }

    /// False when no learned secret can occur in `s` (a scan of its 4-byte
    /// windows against the learned secrets' first four bytes).
    fn may_hold_learned(&self, s: &str) -> bool {
        if self.starts.is_empty() {
            return !self.learned.is_empty();
        }
        s.as_bytes().windows(4).any(|w| {
            let k = quad_key(w);
            self.starts[k >> 6] & (1 << (k & 63)) != 0
        })
    }

    /// Learns the secrets of parsed entries (headers, URLs, kept bodies).
    pub fn learn_entries<'a>(&mut self, entries: impl IntoIterator<Item = &'a Entry>) {
        if !self.enabled() {
            return;
        }
        let mut found = Found::new();
        // header names repeat from entry to entry: each is classified once
        let mut classes: HashMap<&str, HeaderClass> = HashMap::new();
        for e in entries {
            self.url_inner(&e.request.url, &mut found);
            for h in e.request.headers.iter().chain(e.response.headers.iter()) {
                let class = *classes.entry(h.name.as_str()).or_insert_with(|| self.header_class(&h.name));
                self.header_as(class, &h.value, &mut found);
            }
            if let Some(r) = &e.response.redirect_url {
                self.url_inner(r, &mut found);
            }
            if let Some(p) = &e.request.post_data {
                if let Some(t) = &p.text {
                    self.body_inner(&p.mime_type, t, &mut found);
                }
                for (k, v) in &p.params {
                    if self.is_secret_field(k) {
                        found.push(v.clone());
                    }
                }
            }
            if let Some(t) = &e.response.content.text {
                self.body_inner(&e.response.content.mime_type, t, &mut found);
            }
        }
        self.add_learned(found);
    }

    /// Learns the secrets of one raw HAR entry (`log.entries[i]` as JSON).
    pub fn learn_har_entry(&mut self, entry: &Value) {
        if !self.enabled() {
            return;
        }
        let mut copy = entry.clone();
        let mut found = Found::new();
        self.har_entry_inner(&mut copy, &mut found);
        self.add_learned(found);
    }

    // ------------------------------------------------------------------ names

    fn header_class(&self, name: &str) -> HeaderClass {
        let n = name.trim().to_ascii_lowercase();
        if self.policy.keep_headers.iter().any(|k| if k.ends_with('-') { n.starts_with(k.as_str()) } else { n == *k }) {
            return HeaderClass::Keep;
        }
        match n.as_str() {
            "authorization" | "proxy-authorization" => return HeaderClass::Credentials,
            "cookie" => return HeaderClass::Cookie,
            "set-cookie" | "set-cookie2" => return HeaderClass::SetCookie,
            _ => {}
        }
        if self.policy.url_headers.contains(&n) {
            return HeaderClass::Url;
        }
        let norm = normalise(&n);
        if self.policy.secret_headers.contains(&n) || self.policy.secret_header_parts.iter().any(|p| holds(&norm, p)) {
            return HeaderClass::Secret;
        }
        HeaderClass::Other
    }

    /// True when a header's value is masked (wholly or in part).
    pub fn is_secret_header(&self, name: &str) -> bool {
        matches!(
            self.header_class(name),
            HeaderClass::Credentials | HeaderClass::Cookie | HeaderClass::SetCookie | HeaderClass::Secret
        )
    }

    /// A JSON, form or query field whose value is a secret.
    pub fn is_secret_field(&self, name: &str) -> bool {
        let n = normalise(&percent_decode(name));
        self.policy.secret_fields.contains(&n) || self.policy.secret_field_parts.iter().any(|p| holds(&n, p))
    }

    /// A query parameter whose value is a secret.
    pub fn is_secret_param(&self, name: &str) -> bool {
        let d = percent_decode(name);
        self.policy.secret_params.iter().any(|p| p.eq_ignore_ascii_case(d.trim())) || self.is_secret_field(&d)
    }

    // ------------------------------------------------------------------ headers

    /// A header's value, masked per its name.
    pub fn header_value(&self, name: &str, value: &str) -> String {
        if !self.enabled() {
            return value.to_string();
        }
        self.header_inner(name, value, &mut Found::new())
    }

    fn header_inner(&self, name: &str, value: &str, found: &mut Found) -> String {
        self.header_as(self.header_class(name), value, found)
    }

    /// A header's value, masked per its name's class.
    fn header_as(&self, class: HeaderClass, value: &str, found: &mut Found) -> String {
        match class {
            HeaderClass::Keep => value.to_string(),
            HeaderClass::Credentials => credentials(value, found),
            HeaderClass::Cookie => cookie(value, found),
            HeaderClass::SetCookie => self.set_cookie(value, found),
            HeaderClass::Secret => {
                if value.trim().is_empty() {
                    value.to_string()
                } else {
                    found.push(value.trim().to_string());
                    mask(value.trim())
                }
            }
            HeaderClass::Url => {
                // `Refresh: 0; url=…` keeps its prefix; a Location keeps its path.
                self.text_or_url(value, found)
            }
            HeaderClass::Other => self.text_inner(value, found),
        }
    }

    /// `Set-Cookie`: each cookie's value masked, its attributes by the text
    /// rules. Several cookies may be folded into one value with newlines
    /// (DevTools does).
    fn set_cookie(&self, value: &str, found: &mut Found) -> String {
        value
            .split('\n')
            .map(|line| {
                let (first, attrs) = match line.split_once(';') {
                    Some((f, a)) => (f, Some(a)),
                    None => (line, None),
                };
                let first = match first.split_once('=') {
                    Some((k, v)) if !v.trim().is_empty() => {
                        found.push(v.trim().to_string());
                        format!("{}={}", k.trim(), mask(v.trim()))
                    }
                    _ => first.to_string(),
                };
                match attrs {
                    Some(a) => format!("{first};{}", self.text_inner(a, found)),
                    None => first,
                }
            })
            .collect::<Vec<_>>()
            .join("\n")
    }

    fn text_or_url(&self, value: &str, found: &mut Found) -> String {
        let v = value.trim();
        if v.contains("://") && !v.starts_with("http") {
            self.text_inner(value, found)
        } else {
            self.url_inner(value, found)
        }
    }

    // ------------------------------------------------------------------ URLs

    /// A URL (absolute or relative) with `user:pass@` and secret query and
    /// fragment parameters masked; JWTs in other parameters masked too.
    pub fn url(&self, url: &str) -> String {
        if !self.enabled() {
            return url.to_string();
        }
        let mut found = Found::new();
        let out = self.url_inner(url, &mut found);
        self.scrub_learned(&out)
    }

    fn url_inner(&self, url: &str, found: &mut Found) -> String {
        let (main, frag) = match url.split_once('#') {
            Some((m, f)) => (m, Some(f)),
            None => (url, None),
        };
        let (base, query) = match main.split_once('?') {
            Some((b, q)) => (b, Some(q)),
            None => (main, None),
        };
        let mut out = String::with_capacity(url.len());
        match base.split_once("://") {
            Some((scheme, rest)) => {
                let auth_end = rest.find('/').unwrap_or(rest.len());
                let (auth, tail) = rest.split_at(auth_end);
                out.push_str(scheme);
                out.push_str("://");
                match auth.rsplit_once('@') {
                    Some((userinfo, host)) => {
                        found.push(userinfo.to_string());
                        if let Some((_, pass)) = userinfo.split_once(':') {
                            found.push(pass.to_string());
                        }
                        out.push_str("[redacted]@");
                        out.push_str(host);
                    }
                    None => out.push_str(auth),
                }
                out.push_str(tail);
            }
            None => out.push_str(base),
        }
        if let Some(q) = query {
            out.push('?');
            out.push_str(&self.params_inner(q, true, found));
        }
        if let Some(f) = frag {
            out.push('#');
            if f.contains('=') {
                out.push_str(&self.params_inner(f, true, found));
            } else {
                out.push_str(f);
            }
        }
        out
    }

    /// `a=1&token=x` with secret values masked (`[redacted]` in URLs, the
    /// length-keeping mask in form bodies).
    fn params_inner(&self, q: &str, in_url: bool, found: &mut Found) -> String {
        q.split('&')
            .map(|kv| match kv.split_once('=') {
                // Already masked: keep the mask as it is (redacting twice changes nothing).
                Some((_, v)) if v.starts_with("[redacted") => kv.to_string(),
                Some((k, v)) if !v.is_empty() => {
                    let secret = if in_url { self.is_secret_param(k) } else { self.is_secret_field(k) };
                    if secret {
                        found.push(v.to_string());
                        if in_url {
                            format!("{k}=[redacted]")
                        } else {
                            format!("{k}={}", mask(&percent_decode(v)))
                        }
                    } else {
                        let decoded = percent_decode(v);
                        if contains_jwt(&decoded) {
                            found.push(decoded.clone());
                            format!("{k}={}", mask(&decoded))
                        } else {
                            kv.to_string()
                        }
                    }
                }
                _ => kv.to_string(),
            })
            .collect::<Vec<_>>()
            .join("&")
    }

    // ------------------------------------------------------------------ text

    /// Free text (a summary, an evidence line, fix code, a body): URLs,
    /// JWTs, `Bearer`/`Basic` credentials, `?secret=` pairs and every learned
    /// secret are masked.
    pub fn text(&self, s: &str) -> String {
        if !self.enabled() {
            return s.to_string();
        }
        let out = self.text_inner(s, &mut Found::new());
        self.scrub_learned(&out)
    }

    fn scrub_learned(&self, s: &str) -> String {
        let mut out = s.to_string();
        if !self.may_hold_learned(s) {
            return out;
        }
        for secret in &self.learned {
            if out.contains(secret.as_str()) {
                out = out.replace(secret.as_str(), &mask(secret));
            }
        }
        out
    }

    fn text_inner(&self, s: &str, found: &mut Found) -> String {
        let b = s.as_bytes();
        let mut out = String::with_capacity(s.len());
        let mut i = 0;
        let mut copied = 0;
        while i < b.len() {
            if let Some((start, end, masked)) = self.text_match(s, i, found) {
                out.push_str(&s[copied..start]);
                out.push_str(&masked);
                i = end;
                copied = i;
                continue;
            }
            i += s[i..].chars().next().map_or(1, char::len_utf8);
            // nothing above starts at other bytes (all ASCII, so the next one is on a char boundary)
            i += b[i..].iter().position(|&c| TEXT_STARTS[usize::from(c)]).unwrap_or(b.len() - i);
        }
        out.push_str(&s[copied..]);
        out
    }

    /// What [`Redactor::text_inner`] masks at byte `i` of `s`, if anything: a
    /// JWT, a URL, a `Bearer`/`Basic` credential, or `?token=…`/`&token=…`
    /// (relative URLs, query strings quoted in evidence). The range of `s`
    /// it replaces, and with what.
    #[inline]
    fn text_match(&self, s: &str, i: usize, found: &mut Found) -> Option<(usize, usize, String)> {
        let b = s.as_bytes();
        let boundary = i == 0 || !is_base64url_digit(b[i - 1]);
        match b[i] {
            b'e' if boundary => {
                let n = jwt_len(b, i)?;
                let tok = &s[i..i + n];
                found.push(tok.to_string());
                Some((i, i + n, mask(tok)))
            }
            b'h' if boundary && (b[i..].starts_with(b"http://") || b[i..].starts_with(b"https://")) => {
                let end = url_end(b, i);
                Some((i, end, self.url_inner(&s[i..end], found)))
            }
            b'B' | b'b' if boundary => {
                let (start, end) = credential_at(b, i)?;
                let tok = &s[start..end];
                found.push(tok.to_string());
                Some((start, end, mask(tok)))
            }
            b'?' | b'&' if i + 1 < b.len() => {
                let start = i + 1;
                let end = prose_end(b, start, query_end(b, start));
                let q = &s[start..end];
                q.contains('=').then(|| (start, end, self.params_inner(q, true, found)))
            }
            _ => None,
        }
    }

    // ------------------------------------------------------------------ bodies

    /// A request or response body: JSON (secret fields at any depth), form
    /// (`a=1&password=x`), else free text.
    pub fn body(&self, mime: &str, text: &str) -> String {
        if !self.enabled() {
            return text.to_string();
        }
        let out = self.body_inner(mime, text, &mut Found::new());
        self.scrub_learned(&out)
    }

    fn body_inner(&self, mime: &str, text: &str, found: &mut Found) -> String {
        let t = text.trim_start();
        let mime = mime.to_ascii_lowercase();
        if t.starts_with('{') || t.starts_with('[') || mime.contains("json") {
            return self.json_inner(text, found);
        }
        if mime.contains("x-www-form-urlencoded") || looks_like_form(text) {
            return self.params_inner(text, false, found);
        }
        self.text_inner(text, found)
    }

    /// JSON text with the values of secret keys masked, at any depth (an
    /// object or array under a secret key is masked whole). Works on text cut
    /// mid-way (kept bodies are capped) and keeps the formatting.
    fn json_inner(&self, s: &str, found: &mut Found) -> String {
        let b = s.as_bytes();
        let mut j = JsonScan {
            s,
            out: String::with_capacity(s.len()),
            copied: 0,
            depth: 0,
            secret_from: None,
            pending_secret: false,
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
    fn json_string(&self, j: &mut JsonScan, i: usize, found: &mut Found) -> usize {
        let s = j.s;
        let b = s.as_bytes();
        let end = string_end(b, i);
        let content = &s[i + 1..end.min(b.len()).max(i + 1)];
        let close = end < b.len();
        let after = if close { end + 1 } else { b.len() };
        if colon_at(b, after) {
            j.pending_secret = j.secret_from.is_none() && self.is_secret_field(content);
            return after;
        }
        let masked = if j.masking() {
            (!content.is_empty()).then(|| {
                found.push(unescape_json(content));
                mask(content)
            })
        } else {
            let r = self.text_inner(content, found);
            (r != content).then_some(r)
        };
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

    // ------------------------------------------------------------------ diagnoses

    /// A diagnosis with every URL and text field redacted. The facts that
    /// decide it (method, status, cause, CORS error, allowed, stack) are untouched.
    pub fn diagnosis(&self, d: &Diagnosis) -> Diagnosis {
        let mut d = d.clone();
        if !self.enabled() {
            return d;
        }
        d.url = self.url(&d.url);
        for r in &mut d.redirects {
            r.from = self.url(&r.from);
            r.to = self.url(&r.to);
        }
        d.summary = self.text(&d.summary);
        for e in &mut d.evidence {
            e.text = self.text(&e.text);
            if let (Some(h), Some(v)) = (&e.header, &e.value) {
                e.value = Some(self.scrub_learned(&self.header_value(h, v)));
            }
        }
        if let Some(f) = &mut d.fix {
            let mut fix = f.get().clone();
            fix.title = self.text(&fix.title);
            fix.code = self.text(&fix.code);
            *f = fix.into();
        }
        if let Some(s) = &mut d.cors_step {
            s.detail = self.text(&s.detail);
            s.step = self.text(&s.step);
            if let (Some(h), Some(v)) = (&s.header, &s.value) {
                s.value = Some(self.scrub_learned(&self.header_value(h, v)));
            }
        }
        d.suggestion = d.suggestion.as_deref().map(|s| self.text(s));
        for w in &mut d.warnings {
            *w = self.text(w);
        }
        if let Some(i) = &mut d.initiator {
            i.url = self.url(&i.url);
        }
        d
    }

    // ------------------------------------------------------------------ HAR entries

    /// Redacts one raw HAR entry (`log.entries[i]` as JSON) in place: URLs,
    /// headers, `cookies` arrays, `queryString`, `postData` (text and
    /// params), `redirectURL`, response bodies (base64 ones decoded when
    /// they are UTF-8 text), initiators, and any other string by the text rules.
    pub fn har_entry(&self, entry: &mut Value) {
        if !self.enabled() {
            return;
        }
        let mut found = Found::new();
        self.har_entry_inner(entry, &mut found);
        self.scrub_value(entry);
    }

    /// Redacts a HAR page (`log.pages[i]`): its title is usually the page URL.
    pub fn har_page(&self, page: &mut Value) {
        if !self.enabled() {
            return;
        }
        if let Some(Value::String(t)) = page.get_mut("title") {
            *t = self.text(t);
        }
    }

    fn har_entry_inner(&self, entry: &mut Value, found: &mut Found) {
        let Some(obj) = entry.as_object_mut() else { return };
        for (side, value) in obj.iter_mut() {
            match side.as_str() {
                "request" | "response" => self.har_message(value, side == "request", found),
                _ => self.walk_strings(value, found),
            }
        }
    }

    fn har_message(&self, msg: &mut Value, is_request: bool, found: &mut Found) {
        let Some(m) = msg.as_object_mut() else { return };
        let mime = m.get("content").and_then(|c| c.get("mimeType")).and_then(Value::as_str).unwrap_or("").to_string();
        for (key, v) in m.iter_mut() {
            match key.as_str() {
                "url" | "redirectURL" => {
                    if let Value::String(s) = v {
                        *s = self.url_inner(s, found);
                    }
                }
                "headers" => self.har_headers(v, found),
                "cookies" => har_cookies(v, found),
                "queryString" => self.har_query(v, found),
                "postData" => self.har_post_data(v, found),
                "content" if !is_request => self.har_content(v, &mime, found),
                _ => self.walk_strings(v, found),
            }
        }
    }

    /// A HAR `headers` array: each value masked per its name.
    fn har_headers(&self, v: &mut Value, found: &mut Found) {
        for h in v.as_array_mut().into_iter().flatten() {
            let name = h.get("name").and_then(Value::as_str).unwrap_or("").to_string();
            if let Some(Value::String(val)) = h.get_mut("value") {
                *val = self.header_inner(&name, val, found);
            }
        }
    }

    /// A HAR `queryString` array: secret parameters' values masked, the
    /// others by the text rules.
    fn har_query(&self, v: &mut Value, found: &mut Found) {
        for p in v.as_array_mut().into_iter().flatten() {
            let name = p.get("name").and_then(Value::as_str).unwrap_or("").to_string();
            if let Some(Value::String(val)) = p.get_mut("value") {
                if self.is_secret_param(&name) && !val.is_empty() {
                    found.push(val.clone());
                    *val = "[redacted]".into();
                } else {
                    *val = self.text_inner(val, found);
                }
            }
        }
    }

    /// A HAR `postData`: its text as a body, its `params` as form fields.
    fn har_post_data(&self, v: &mut Value, found: &mut Found) {
        let pmime = v.get("mimeType").and_then(Value::as_str).unwrap_or("").to_string();
        if let Some(Value::String(t)) = v.get_mut("text") {
            *t = self.body_inner(&pmime, t, found);
        }
        for p in v.get_mut("params").and_then(Value::as_array_mut).into_iter().flatten() {
            let name = p.get("name").and_then(Value::as_str).unwrap_or("").to_string();
            let secret = self.is_secret_field(&name);
            if let Some(Value::String(val)) = p.get_mut("value") {
                if secret && !val.is_empty() {
                    found.push(val.clone());
                    *val = mask(val);
                } else {
                    *val = self.text_inner(val, found);
                }
            }
        }
    }

    /// A HAR response `content`: its text as a body of type `mime` (a base64
    /// one decoded when it is UTF-8 text, and encoded again if masked).
    fn har_content(&self, v: &mut Value, mime: &str, found: &mut Found) {
        let base64 = v.get("encoding").and_then(Value::as_str).is_some_and(|e| e.eq_ignore_ascii_case("base64"));
        let Some(c) = v.as_object_mut() else { return };
        let Some(Value::String(t)) = c.get("text").cloned() else { return };
        if base64 {
            if let Some(plain) = base64_decode(&t).and_then(|b| String::from_utf8(b).ok()) {
                let r = self.body_inner(mime, &plain, found);
                if r != plain {
                    c.insert("text".into(), Value::String(base64_encode(r.as_bytes())));
                }
            }
        } else {
            c.insert("text".into(), Value::String(self.body_inner(mime, &t, found)));
        }
    }

    /// Text rules on every string (not object keys) under `v`.
    fn walk_strings(&self, v: &mut Value, found: &mut Found) {
        match v {
            Value::String(s) => {
                let r = if s.contains("://") && !s.contains(' ') {
                    self.url_inner(s, found)
                } else {
                    self.text_inner(s, found)
                };
                if r != *s {
                    *s = r;
                }
            }
            Value::Array(a) => a.iter_mut().for_each(|x| self.walk_strings(x, found)),
            Value::Object(o) => o.values_mut().for_each(|x| self.walk_strings(x, found)),
            _ => {}
        }
    }

    /// Scrubs learned secrets from every string under `v` except the values
    /// of headers that are never masked.
    fn scrub_value(&self, v: &mut Value) {
        match v {
            Value::String(s) if !self.learned.is_empty() => {
                let r = self.scrub_learned(s);
                if r != *s {
                    *s = r;
                }
            }
            Value::Array(a) => a.iter_mut().for_each(|x| self.scrub_value(x)),
            Value::Object(o) => {
                let name = o.get("name").and_then(Value::as_str).map(str::to_string);
                let protected =
                    name.is_some_and(|n| matches!(self.header_class(&n), HeaderClass::Keep)) && o.contains_key("value");
                for (k, x) in o.iter_mut() {
                    if protected && k == "value" {
                        continue;
                    }
                    self.scrub_value(x);
                }
            }
            _ => {}
        }
    }

    /// A parsed entry with its URLs, headers and kept bodies redacted (for
    /// reports built from the model, such as cURL commands).
    pub fn entry(&self, e: &Entry) -> Entry {
        let mut e = e.clone();
        if !self.enabled() {
            return e;
        }
        let mut found = Found::new();
        e.request.url = self.scrub_learned(&self.url_inner(&e.request.url, &mut found));
        for h in e.request.headers.0.iter_mut().chain(e.response.headers.0.iter_mut()) {
            let class = self.header_class(&h.name);
            h.value = self.header_inner(&h.name, &h.value, &mut found);
            if !matches!(class, HeaderClass::Keep) {
                h.value = self.scrub_learned(&h.value);
            }
        }
        if let Some(r) = &mut e.response.redirect_url {
            *r = self.url(r);
        }
        if let Some(p) = &mut e.request.post_data {
            if let Some(t) = &mut p.text {
                *t = self.body(&p.mime_type, t);
            }
            for (k, v) in &mut p.params {
                *v = if self.is_secret_field(k) { mask(v) } else { self.text(v) };
            }
        }
        if let Some(t) = &mut e.response.content.text {
            *t = self.body(&e.response.content.mime_type, t);
        }
        if let Some(i) = &mut e.initiator {
            i.url = i.url.as_deref().map(|u| self.url(u));
            if let Some(f) = &mut i.frame {
                f.url = self.url(&f.url);
            }
        }
        e
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum HeaderClass {
    Keep,
    Credentials,
    Cookie,
    SetCookie,
    Secret,
    Url,
    Other,
}

/// `Authorization`, `Proxy-Authorization`: the scheme kept, the credentials
/// masked (a `Basic` one's decoded `user:pass` and password learned too).
fn credentials(value: &str, found: &mut Found) -> String {
    let v = value.trim();
    match v.split_once(' ') {
        Some((scheme, token)) if !token.trim().is_empty() => {
            let token = token.trim();
            found.push(token.to_string());
            if scheme.eq_ignore_ascii_case("basic") {
                if let Some(dec) = base64_decode(token).and_then(|b| String::from_utf8(b).ok()) {
                    if let Some((_, pass)) = dec.split_once(':') {
                        found.push(pass.to_string());
                    }
                    found.push(dec);
                }
            }
            format!("{scheme} {}", mask(token))
        }
        _ if v.is_empty() => String::new(),
        _ => {
            found.push(v.to_string());
            mask(v)
        }
    }
}

/// A HAR `cookies` array: every value masked.
fn har_cookies(v: &mut Value, found: &mut Found) {
    for c in v.as_array_mut().into_iter().flatten() {
        if let Some(Value::String(val)) = c.get_mut("value") {
            if !val.is_empty() {
                found.push(val.clone());
                *val = mask(val);
            }
        }
    }
}

/// `Cookie`: names kept, every value masked.
fn cookie(value: &str, found: &mut Found) -> String {
    value
        .split(';')
        .map(|pair| {
            let pair = pair.trim();
            match pair.split_once('=') {
                Some((k, v)) if !v.is_empty() => {
                    found.push(v.to_string());
                    format!("{}={}", k.trim(), mask(v))
                }
                _ => pair.to_string(),
            }
        })
        .collect::<Vec<_>>()
        .join("; ")
}

/// `Bearer <token>` / `Basic <token>` at `i`: the token's range, when it looks
/// like a credential (long enough, not only letters: "Bearer tokens" stays).
fn credential_at(b: &[u8], i: usize) -> Option<(usize, usize)> {
    for scheme in ["bearer ", "basic "] {
        let Some(head) = b.get(i..i + scheme.len()) else { continue };
        if !head.eq_ignore_ascii_case(scheme.as_bytes()) {
            continue;
        }
        let start = i + scheme.len();
        let end = b[start..]
            .iter()
            .position(|&c| !(is_base64url_digit(c) || matches!(c, b'.' | b'~' | b'+' | b'/' | b'=')))
            .map_or(b.len(), |p| start + p);
        let tok = &b[start..end];
        if tok.len() >= 8 && !tok.iter().all(|c| c.is_ascii_alphabetic()) {
            return Some((start, end));
        }
    }
    None
}

/// Where a query string in text ends. A mask already in it
/// (`[redacted, 17 chars]`) is one atom, so redacting twice changes nothing.
fn query_end(b: &[u8], start: usize) -> usize {
    let mut k = start;
    while k < b.len() {
        let c = b[k];
        if c == b'[' && b[k..].starts_with(b"[redacted") {
            k += b[k..].iter().position(|&c| c == b']').map_or(b.len() - k, |p| p + 1);
            continue;
        }
        if c.is_ascii_whitespace() || matches!(c, b'"' | b'\'' | b'<' | b'>' | b'`' | b')' | b'#' | b'|') {
            break;
        }
        k += 1;
    }
    k
}

/// Where a URL starting at `i` of text ends.
fn url_end(b: &[u8], i: usize) -> usize {
    let end = b[i..]
        .iter()
        .position(|&c| c.is_ascii_whitespace() || matches!(c, b'"' | b'\'' | b'<' | b'>' | b'`' | b')' | b'|' | b'\\'))
        .map_or(b.len(), |p| i + p);
    prose_end(b, i, end)
}

/// A URL or query string in prose ends before the punctuation that follows
/// it (`…?token=abc, and the GET` keeps its comma).
fn prose_end(b: &[u8], start: usize, mut end: usize) -> usize {
    while end > start && matches!(b[end - 1], b'.' | b',' | b';' | b':' | b'!' | b'?') {
        end -= 1;
    }
    end
}

/// The state of [`Redactor::json_inner`]'s scan over `s`.
struct JsonScan<'s> {
    s: &'s str,
    out: String,
    /// `s` up to here is in `out` (or replaced there).
    copied: usize,
    depth: usize,
    /// Depth at which a secret container started (everything inside is masked).
    secret_from: Option<usize>,
    /// The value after this key is secret.
    pending_secret: bool,
}

impl JsonScan<'_> {
    /// The value at hand is secret.
    fn masking(&self) -> bool {
        self.pending_secret || self.secret_from.is_some()
    }

    /// `{` or `[`: under a secret key, a secret container starts.
    fn open(&mut self) {
        self.depth += 1;
        if self.pending_secret && self.secret_from.is_none() {
            self.secret_from = Some(self.depth);
        }
        self.pending_secret = false;
    }

    /// `}` or `]`.
    fn close(&mut self) {
        if self.secret_from == Some(self.depth) {
            self.secret_from = None;
        }
        self.depth = self.depth.saturating_sub(1);
        self.pending_secret = false;
    }

    /// A secret number at `i`, masked as a string. Returns the index after it.
    fn mask_number(&mut self, i: usize, found: &mut Found) -> usize {
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
fn colon_at(b: &[u8], mut k: usize) -> bool {
    while k < b.len() && b[k].is_ascii_whitespace() {
        k += 1;
    }
    k < b.len() && b[k] == b':'
}

fn contains_jwt(s: &str) -> bool {
    let b = s.as_bytes();
    (0..b.len()).any(|i| (i == 0 || !is_base64url_digit(b[i - 1])) && jwt_len(b, i).is_some())
}

/// `a=1&b=2` with no spaces or newlines: a form body.
fn looks_like_form(s: &str) -> bool {
    let s = s.trim();
    !s.is_empty()
        && !s.contains(char::is_whitespace)
        && s.split('&')
            .all(|kv| kv.split_once('=').is_some_and(|(k, _)| !k.is_empty() && !k.contains(['<', '>', '{', '"'])))
}

/// Index of the closing quote of the JSON string starting at `start` (or `b.len()`).
fn string_end(b: &[u8], start: usize) -> usize {
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

fn unescape_json(s: &str) -> String {
    serde_json::from_str::<String>(&format!("\"{s}\"")).unwrap_or_else(|_| s.to_string())
}

#[cfg(test)]
mod tests {

    #[test]
    fn masked_values_keep_the_punctuation_that_follows_them() {
        let r = Redactor::new(RedactionPolicy::default());
        assert_eq!(
            r.text("POST /v1/upload?access_token=abc123xyz, and the GET /x?token=t0k3nv4lu3."),
            "POST /v1/upload?access_token=[redacted], and the GET /x?token=[redacted]."
        );
        assert_eq!(r.text("see https://a.b/c?key=s3cr3tv4l, then"), "see https://a.b/c?key=[redacted], then");
    }

    #[test]
    fn redacting_twice_changes_nothing() {
        let r = Redactor::new(RedactionPolicy::default());
        for s in [
            "--data-raw 'user=ada&password=hunter2hunter2&remember=1'",
            "GET /x?token=t0k3nv4lu3&a=1, then Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJl",
        ] {
            let once = r.text(s);
            assert_eq!(r.text(&once), once, "{s}");
        }
    }
    use super::*;

    const JWT: &str = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJl";

    #[test]
    fn headers_keep_shape() {
        let r = Redactor::default();
        assert_eq!(
            r.header_value("Authorization", &format!("Bearer {JWT}")),
            format!("Bearer eyJ…[redacted, {} chars]", JWT.len())
        );
        assert_eq!(r.header_value("authorization", "Basic dXNlcjpwYXNz"), "Basic [redacted, 12 chars]");
        assert_eq!(
            r.header_value("Cookie", "sid=abcdef; theme=dark"),
            "sid=[redacted, 6 chars]; theme=[redacted, 4 chars]"
        );
        assert_eq!(
            r.header_value("Set-Cookie", "sid=abcdef; Path=/; HttpOnly"),
            "sid=[redacted, 6 chars]; Path=/; HttpOnly"
        );
        assert_eq!(r.header_value("X-API-Key", "k123456"), "[redacted, 7 chars]");
        assert_eq!(r.header_value("X-Custom-Auth-Token", "k123456"), "[redacted, 7 chars]");
        assert_eq!(r.header_value("Access-Control-Allow-Origin", "http://a"), "http://a");
        assert_eq!(
            r.header_value("Access-Control-Request-Headers", "authorization,x-api-key"),
            "authorization,x-api-key"
        );
        assert_eq!(r.header_value("Location", "/v2?token=abc"), "/v2?token=[redacted]");
        assert_eq!(r.header_value("Referer", "https://u:p@a/x"), "https://[redacted]@a/x");
        assert_eq!(r.header_value("X-Debug", JWT), format!("eyJ…[redacted, {} chars]", JWT.len()));
        assert_eq!(Redactor::disabled().header_value("Authorization", "Bearer x"), "Bearer x");
    }

    #[test]
    fn urls() {
        let r = Redactor::default();
        assert_eq!(r.url("https://u:p@a.b/x?token=abc&page=2#f"), "https://[redacted]@a.b/x?token=[redacted]&page=2#f");
        assert_eq!(r.url("http://a/x?X-Amz-Signature=1&case=z"), "http://a/x?X-Amz-Signature=[redacted]&case=z");
        assert_eq!(r.url("http://a/cb#access_token=abc&state=s"), "http://a/cb#access_token=[redacted]&state=s");
        assert_eq!(r.url(&format!("http://a/x?t={JWT}")), format!("http://a/x?t=eyJ…[redacted, {} chars]", JWT.len()));
        assert_eq!(r.url("http://a/x?case=1"), "http://a/x?case=1");
    }

    #[test]
    fn bodies() {
        let r = Redactor::default();
        assert_eq!(
            r.body(
                "application/json",
                r#"{"name":"a","password":"hunter22","n":{"client_secret":"zz","pin":1234,"ok":true}}"#
            ),
            r#"{"name":"a","password":"[redacted, 8 chars]","n":{"client_secret":"[redacted, 2 chars]","pin":"[redacted, 4 chars]","ok":true}}"#
        );
        assert_eq!(
            r.body("application/json", r#"{"credentials": {"u": "a", "p": ["b"]}, "x": 1}"#),
            r#"{"credentials": {"u": "[redacted, 1 chars]", "p": ["[redacted, 1 chars]"]}, "x": 1}"#
        );
        // cut mid-way
        assert_eq!(r.body("application/json", r#"{"token":"abcdef"#), r#"{"token":"[redacted, 6 chars]"#);
        assert_eq!(
            r.body("application/x-www-form-urlencoded", "user=a&password=p%21x&remember=1"),
            "user=a&password=[redacted, 3 chars]&remember=1"
        );
        assert_eq!(
            r.body("text/plain", &format!("got Bearer abc.def-123 and {JWT}")),
            format!("got Bearer [redacted, 11 chars] and eyJ…[redacted, {} chars]", JWT.len())
        );
        assert_eq!(r.body("text/plain", "Bearer tokens are required"), "Bearer tokens are required");
    }

    #[test]
    fn learned_values_are_scrubbed_from_text() {
        let mut r = Redactor::default();
        let mut e = Entry::default();
        e.request.url = "http://a/x?api_key=K3y-9876".into();
        e.request.headers.push("X-API-Key", "zzz-secret-1");
        r.learn_entries([&e]);
        assert_eq!(r.text("the key zzz-secret-1 and K3y-9876"), "the key [redacted, 12 chars] and [redacted, 8 chars]");
    }
}
