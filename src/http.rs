//! HTTP vocabulary shared by every module: methods, header lists, URL origins.

use std::fmt;

/// An HTTP request method.
///
/// Parsing follows the Fetch standard's *normalize a method*
/// (<https://fetch.spec.whatwg.org/#concept-method-normalize>): only
/// `DELETE`, `GET`, `HEAD`, `OPTIONS`, `POST` and `PUT` are matched
/// case-insensitively. Every other name — including `patch` — is kept
/// byte for byte in [`Method::Other`], because browsers send it as written
/// and CORS compares it case-sensitively.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Method {
    Get,
    Head,
    Post,
    Put,
    Patch,
    Delete,
    Options,
    Connect,
    Trace,
    Other(String),
}

impl Method {
    /// Parses a method as a browser would normalise it.
    pub fn parse(s: &str) -> Method {
        let t = s.trim();
        let upper_eq = |name: &str| t.eq_ignore_ascii_case(name);
        if upper_eq("GET") {
            Method::Get
        } else if upper_eq("POST") {
            Method::Post
        } else if upper_eq("PUT") {
            Method::Put
        } else if upper_eq("DELETE") {
            Method::Delete
        } else if upper_eq("HEAD") {
            Method::Head
        } else if upper_eq("OPTIONS") {
            Method::Options
        } else if t == "PATCH" {
            Method::Patch
        } else if t == "CONNECT" {
            Method::Connect
        } else if t == "TRACE" {
            Method::Trace
        } else {
            Method::Other(t.to_string())
        }
    }

    pub fn as_str(&self) -> &str {
        match self {
            Method::Get => "GET",
            Method::Head => "HEAD",
            Method::Post => "POST",
            Method::Put => "PUT",
            Method::Patch => "PATCH",
            Method::Delete => "DELETE",
            Method::Options => "OPTIONS",
            Method::Connect => "CONNECT",
            Method::Trace => "TRACE",
            Method::Other(s) => s,
        }
    }

    /// `GET`, `HEAD`, `POST`: the CORS-safelisted methods
    /// (<https://fetch.spec.whatwg.org/#cors-safelisted-method>).
    pub fn is_cors_safelisted(&self) -> bool {
        matches!(self, Method::Get | Method::Head | Method::Post)
    }

    /// Methods that change state on the server (everything but the safe
    /// methods of RFC 9110 §9.2.1).
    pub fn is_write(&self) -> bool {
        !matches!(self, Method::Get | Method::Head | Method::Options | Method::Trace)
    }
}

impl fmt::Display for Method {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl serde::Serialize for Method {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

/// Parses a comma-separated method list (`Allow`, `Access-Control-Allow-Methods`).
/// Empty items are skipped; order and duplicates are kept as the server sent them
/// except that exact repeats are dropped.
pub fn parse_method_list(value: &str) -> Vec<Method> {
    let mut out: Vec<Method> = Vec::new();
    for item in value.split(',') {
        let item = item.trim();
        if item.is_empty() {
            continue;
        }
        let m = Method::parse(item);
        if !out.contains(&m) {
            out.push(m);
        }
    }
    out
}

/// One header as recorded (name case preserved).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Header {
    pub name: HeaderName,
    /// Kept exactly; shared: a value that every entry repeats (a `User-Agent`, an `Accept`, a `Server`) is held
    /// once by the reader (`har::intern`, issue 11: memory).
    pub value: std::sync::Arc<str>,
}

/// Header names common enough to be worth sharing, as browsers record them
/// (HTTP/1.1 as sent, HTTP/2 lower-case), sorted: a capture repeats them on
/// every entry, and a known name costs no allocation. Kept to the names
/// browsers send and common servers answer with (the panel's wasm has a size
/// budget).
const KNOWN_NAMES: [&str; 103] = [
    "Accept",
    "Accept-Encoding",
    "Accept-Language",
    "Accept-Ranges",
    "Access-Control-Allow-Credentials",
    "Access-Control-Allow-Headers",
    "Access-Control-Allow-Methods",
    "Access-Control-Allow-Origin",
    "Access-Control-Expose-Headers",
    "Access-Control-Max-Age",
    "Access-Control-Request-Headers",
    "Access-Control-Request-Method",
    "Age",
    "Allow",
    "Authorization",
    "Cache-Control",
    "Connection",
    "Content-Encoding",
    "Content-Length",
    "Content-Security-Policy",
    "Content-Type",
    "Cookie",
    "Date",
    "ETag",
    "Expires",
    "Host",
    "If-Modified-Since",
    "If-None-Match",
    "Keep-Alive",
    "Last-Modified",
    "Location",
    "Origin",
    "Pragma",
    "Priority",
    "Referer",
    "Sec-Fetch-Dest",
    "Sec-Fetch-Mode",
    "Sec-Fetch-Site",
    "Sec-Fetch-User",
    "Server",
    "Set-Cookie",
    "Strict-Transport-Security",
    "Transfer-Encoding",
    "Upgrade-Insecure-Requests",
    "User-Agent",
    "Vary",
    "X-Content-Type-Options",
    "X-Frame-Options",
    "X-Powered-By",
    "X-Requested-With",
    "accept",
    "accept-encoding",
    "accept-language",
    "accept-ranges",
    "access-control-allow-credentials",
    "access-control-allow-headers",
    "access-control-allow-methods",
    "access-control-allow-origin",
    "access-control-expose-headers",
    "access-control-max-age",
    "access-control-request-headers",
    "access-control-request-method",
    "age",
    "allow",
    "authorization",
    "cache-control",
    "connection",
    "content-encoding",
    "content-length",
    "content-security-policy",
    "content-type",
    "cookie",
    "date",
    "etag",
    "expires",
    "host",
    "if-modified-since",
    "if-none-match",
    "keep-alive",
    "last-modified",
    "location",
    "origin",
    "pragma",
    "priority",
    "referer",
    "sec-ch-ua",
    "sec-ch-ua-mobile",
    "sec-ch-ua-platform",
    "sec-fetch-dest",
    "sec-fetch-mode",
    "sec-fetch-site",
    "sec-fetch-user",
    "server",
    "set-cookie",
    "strict-transport-security",
    "transfer-encoding",
    "upgrade-insecure-requests",
    "user-agent",
    "vary",
    "x-content-type-options",
    "x-frame-options",
    "x-powered-by",
    "x-requested-with",
];

/// A header name as recorded (case preserved). Reads as a `&str`; a common
/// name (one of `KNOWN_NAMES`) is shared rather than allocated.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct HeaderName(Name);

#[derive(Clone, PartialEq, Eq, Hash)]
enum Name {
    Known(u8),
    /// Boxed: a header list holds many names, each kept exactly (issue 11: memory).
    Other(Box<str>),
}

impl HeaderName {
    pub fn new(name: &str) -> Self {
        match Self::known_index(name) {
            Some(i) => HeaderName(Name::Known(i)),
            None => HeaderName(Name::Other(name.into())),
        }
    }

    fn known_index(name: &str) -> Option<u8> {
        KNOWN_NAMES.binary_search(&name).ok().and_then(|i| u8::try_from(i).ok())
    }

    pub fn as_str(&self) -> &str {
        match &self.0 {
            Name::Known(i) => KNOWN_NAMES.get(usize::from(*i)).copied().unwrap_or_default(),
            Name::Other(s) => s,
        }
    }

    /// The name's place among the common names, if it is one (for compact
    /// encodings: see [`HeaderName::from_index`]).
    pub fn index(&self) -> Option<u8> {
        match self.0 {
            Name::Known(i) => Some(i),
            Name::Other(_) => None,
        }
    }

    /// A name whose values repeat from entry to entry (`Accept`, `User-Agent`, `Server`, `Vary`, the CORS headers:
    /// worth sharing), not one whose values are unique or secret (`Date`, `ETag`, `Content-Length`, `Location`,
    /// `Cookie`, `Authorization`) or not common.
    pub fn values_repeat(&self) -> bool {
        const UNIQUE: [&str; 12] = [
            "age",
            "authorization",
            "content-length",
            "cookie",
            "date",
            "etag",
            "expires",
            "if-modified-since",
            "if-none-match",
            "last-modified",
            "location",
            "set-cookie",
        ];
        matches!(self.0, Name::Known(_)) && !UNIQUE.iter().any(|u| u.eq_ignore_ascii_case(self.as_str()))
    }

    /// The common name at `index`, if there is one.
    pub fn from_index(index: u8) -> Option<Self> {
        (usize::from(index) < KNOWN_NAMES.len()).then_some(HeaderName(Name::Known(index)))
    }
}

impl std::ops::Deref for HeaderName {
    type Target = str;
    fn deref(&self) -> &str {
        self.as_str()
    }
}

impl AsRef<str> for HeaderName {
    fn as_ref(&self) -> &str {
        self.as_str()
    }
}

impl From<&str> for HeaderName {
    fn from(s: &str) -> Self {
        HeaderName::new(s)
    }
}

impl From<String> for HeaderName {
    fn from(s: String) -> Self {
        match HeaderName::known_index(&s) {
            Some(i) => HeaderName(Name::Known(i)),
            None => HeaderName(Name::Other(s.into_boxed_str())),
        }
    }
}

impl fmt::Debug for HeaderName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.as_str(), f)
    }
}

impl fmt::Display for HeaderName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl PartialEq<str> for HeaderName {
    fn eq(&self, other: &str) -> bool {
        self.as_str() == other
    }
}

impl PartialEq<&str> for HeaderName {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

impl serde::Serialize for HeaderName {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

/// An ordered header list with case-insensitive look-ups. Duplicates are kept.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
#[serde(transparent)]
pub struct Headers(pub Vec<Header>);

impl Headers {
    pub fn new() -> Self {
        Headers(Vec::new())
    }

    pub fn push(&mut self, name: impl Into<HeaderName>, value: impl Into<String>) {
        self.0.push(Header { name: name.into(), value: value.into().into() });
    }

    /// The first value of `name`, if any.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.0.iter().find(|h| h.name.eq_ignore_ascii_case(name)).map(|h| &*h.value)
    }

    /// Every value of `name`, in order.
    pub fn get_all<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a str> + 'a {
        self.0.iter().filter(move |h| h.name.eq_ignore_ascii_case(name)).map(|h| &*h.value)
    }

    /// All values of `name` combined with `", "` as RFC 9110 §5.3 allows;
    /// `None` when the header is absent.
    pub fn get_combined(&self, name: &str) -> Option<String> {
        join_values(self.get_all(name))
    }

    /// Like [`Headers::get_combined`], each value first *normalized* per the
    /// Fetch standard (leading and trailing HTTP tab-or-space bytes removed,
    /// <https://fetch.spec.whatwg.org/#concept-header-value-normalize>), as the
    /// CORS checks read their headers.
    pub fn get_normalized(&self, name: &str) -> Option<String> {
        join_values(self.get_all(name).map(|v| v.trim_matches([' ', '\t'])))
    }

    /// How many times `name` occurs.
    pub fn count(&self, name: &str) -> usize {
        self.get_all(name).count()
    }

    pub fn contains(&self, name: &str) -> bool {
        self.get(name).is_some()
    }

    pub fn iter(&self) -> impl Iterator<Item = &Header> {
        self.0.iter()
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

/// Values joined with `", "`; `None` when there are none.
fn join_values<'a>(mut values: impl Iterator<Item = &'a str>) -> Option<String> {
    let first = values.next()?;
    let mut s = first.to_string();
    for v in values {
        s.push_str(", ");
        s.push_str(v);
    }
    Some(s)
}

/// The parts of a URL the engine reasons about. A deliberately small parser:
/// HAR URLs are absolute URLs already serialised by a browser.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UrlParts<'a> {
    pub scheme: &'a str,
    /// `host[:port]` as written, lower-cased comparisons are the caller's job.
    pub authority: &'a str,
    /// path without query or fragment, `/` when empty.
    pub path: &'a str,
    pub query: Option<&'a str>,
}

/// Splits an absolute URL. Returns `None` for anything without `scheme://`.
/// (Byte scans: diagnoses split many URLs.)
pub fn split_url(url: &str) -> Option<UrlParts<'_>> {
    let b = url.as_bytes();
    let colon = memchr::memchr(b':', b)?;
    if b.get(colon + 1..colon + 3) != Some(b"//") {
        return None;
    }
    let scheme = &url[..colon];
    if scheme.is_empty() || !scheme.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'+' || b == b'-' || b == b'.') {
        return None;
    }
    let rest = &url[colon + 3..];
    let rest = match memchr::memchr(b'#', rest.as_bytes()) {
        Some(i) => &rest[..i],
        None => rest,
    };
    let auth_end = memchr::memchr2(b'/', b'?', rest.as_bytes()).unwrap_or(rest.len());
    let authority = &rest[..auth_end];
    // drop userinfo
    let authority = match memchr::memrchr(b'@', authority.as_bytes()) {
        Some(i) => &authority[i + 1..],
        None => authority,
    };
    let after = &rest[auth_end..];
    let (path, query) = match memchr::memchr(b'?', after.as_bytes()) {
        Some(i) => (&after[..i], Some(&after[i + 1..])),
        None => (after, None),
    };
    let path = if path.is_empty() { "/" } else { path };
    Some(UrlParts { scheme, authority, path, query })
}

/// A URL's origin as (scheme, `host[:port]`) slices of it, the scheme's
/// default port dropped, case as written: what [`origin_of`] serialises.
/// `None` for URLs that have an opaque origin.
pub fn origin_parts(url: &str) -> Option<(&str, &str)> {
    let p = split_url(url)?;
    let default = [("http", ":80"), ("https", ":443"), ("ws", ":80"), ("wss", ":443"), ("ftp", ":21")]
        .into_iter()
        .find(|(s, _)| p.scheme.eq_ignore_ascii_case(s))
        .map(|(_, port)| port)?;
    let auth = p.authority;
    let auth = match auth.len().checked_sub(default.len()) {
        Some(cut) if auth.get(cut..).is_some_and(|tail| tail.eq_ignore_ascii_case(default)) => &auth[..cut],
        _ => auth,
    };
    Some((p.scheme, auth))
}

/// The ASCII serialisation of a URL's origin (`scheme://host[:port]`, default
/// ports dropped), lower-cased. `None` for URLs that have an opaque origin.
pub fn origin_of(url: &str) -> Option<String> {
    let (scheme, auth) = origin_parts(url)?;
    // (one allocation: diagnoses ask for many origins)
    let mut o = String::with_capacity(scheme.len() + 3 + auth.len());
    o.push_str(scheme);
    o.push_str("://");
    o.push_str(auth);
    o.make_ascii_lowercase();
    Some(o)
}

/// True when both URLs have the same (tuple) origin; compared in place.
pub fn same_origin(a: &str, b: &str) -> bool {
    matches!((origin_parts(a), origin_parts(b)), (Some(x), Some(y)) if same_origin_parts(x, y))
}

/// Two [`origin_parts`] results name the same origin (scheme and `host[:port]`
/// compared ASCII case-insensitively).
pub fn same_origin_parts((s1, h1): (&str, &str), (s2, h2): (&str, &str)) -> bool {
    s1.eq_ignore_ascii_case(s2) && h1.eq_ignore_ascii_case(h2)
}

/// The path (and query) of a URL, for display.
pub fn path_and_query(url: &str) -> String {
    match split_url(url) {
        Some(p) => match p.query {
            Some(q) => format!("{}?{}", p.path, q),
            None => p.path.to_string(),
        },
        None => url.to_string(),
    }
}

/// Resolves a `Location` value against the URL it came from (absolute,
/// scheme-relative, absolute-path and relative-path references).
pub fn resolve_location(base: &str, location: &str) -> String {
    let location = location.trim();
    if split_url(location).is_some() {
        return location.to_string();
    }
    let Some(p) = split_url(base) else {
        return location.to_string();
    };
    if let Some(rest) = location.strip_prefix("//") {
        return format!("{}://{}", p.scheme, rest);
    }
    if location.starts_with('/') {
        return format!("{}://{}{}", p.scheme, p.authority, location);
    }
    if location.starts_with('?') {
        return format!("{}://{}{}{}", p.scheme, p.authority, p.path, location);
    }
    let dir = match p.path.rfind('/') {
        Some(i) => &p.path[..=i],
        None => "/",
    };
    format!("{}://{}{}{}", p.scheme, p.authority, dir, location)
}

/// The standard reason phrase of a status code, for messages.
pub fn reason_phrase(status: u16) -> &'static str {
    match status {
        0 => "no response",
        200 => "OK",
        201 => "Created",
        202 => "Accepted",
        204 => "No Content",
        301 => "Moved Permanently",
        302 => "Found",
        303 => "See Other",
        304 => "Not Modified",
        307 => "Temporary Redirect",
        308 => "Permanent Redirect",
        400 => "Bad Request",
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        406 => "Not Acceptable",
        409 => "Conflict",
        411 => "Length Required",
        413 => "Content Too Large",
        415 => "Unsupported Media Type",
        422 => "Unprocessable Content",
        429 => "Too Many Requests",
        500 => "Internal Server Error",
        501 => "Not Implemented",
        502 => "Bad Gateway",
        503 => "Service Unavailable",
        504 => "Gateway Timeout",
        _ => "",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn method_normalisation_follows_fetch() {
        assert_eq!(Method::parse("post"), Method::Post);
        assert_eq!(Method::parse("Delete"), Method::Delete);
        assert_eq!(Method::parse("PATCH"), Method::Patch);
        assert_eq!(Method::parse("patch"), Method::Other("patch".into()));
        assert_eq!(Method::parse("patch").as_str(), "patch");
    }

    #[test]
    fn method_lists() {
        assert_eq!(parse_method_list("GET, HEAD,,OPTIONS ,GET"), vec![Method::Get, Method::Head, Method::Options]);
        assert!(parse_method_list("").is_empty());
    }

    #[test]
    fn headers_case_insensitive_and_duplicates() {
        let mut h = Headers::new();
        h.push("Allow", "GET");
        h.push("allow", "POST");
        assert_eq!(h.get("ALLOW"), Some("GET"));
        assert_eq!(h.get_combined("allow").as_deref(), Some("GET, POST"));
        assert_eq!(h.count("Allow"), 2);
    }

    #[test]
    fn header_names() {
        assert!(KNOWN_NAMES.windows(2).all(|w| w[0] < w[1]), "sorted, no repeats");
        for (i, n) in KNOWN_NAMES.iter().enumerate() {
            let h = HeaderName::new(n);
            assert_eq!(h.index(), Some(i as u8));
            assert_eq!(h.as_str(), *n);
            assert_eq!(HeaderName::from_index(i as u8), Some(h));
        }
        assert_eq!(HeaderName::from_index(KNOWN_NAMES.len() as u8), None);
        let odd = HeaderName::new("X-Whatever");
        assert_eq!((odd.index(), odd.as_str()), (None, "X-Whatever"));
        assert_eq!(HeaderName::from("ALLOW".to_string()).index(), None, "case kept: not a known spelling");
        assert_eq!(HeaderName::from("Allow".to_string()), HeaderName::new("Allow"));
        assert_eq!(serde_json::to_string(&HeaderName::new("Allow")).ok().as_deref(), Some("\"Allow\""));
    }

    #[test]
    fn origins() {
        assert_eq!(origin_of("http://LOCALHOST:80/x?y").as_deref(), Some("http://localhost"));
        assert_eq!(origin_of("https://a.b:8443/").as_deref(), Some("https://a.b:8443"));
        assert_eq!(origin_of("https://u:p@a.b/").as_deref(), Some("https://a.b"));
        assert_eq!(origin_of("data:text/plain,hi"), None);
        assert_eq!(origin_of("nonsense"), None);
    }

    #[test]
    fn urls_split_and_compare() {
        let p = split_url("https://u:p@Host.test:8443/a/b?x=1&y=?#frag?").unwrap();
        assert_eq!((p.scheme, p.authority, p.path, p.query), ("https", "Host.test:8443", "/a/b", Some("x=1&y=?")));
        let p = split_url("http://h?q").unwrap();
        assert_eq!((p.authority, p.path, p.query), ("h", "/", Some("q")));
        let p = split_url("http://h#f/x").unwrap();
        assert_eq!((p.authority, p.path), ("h", "/"));
        assert_eq!(split_url("mailto:a@b"), None);
        assert_eq!(split_url("://x"), None);
        assert_eq!(split_url("a b://x"), None);
        assert_eq!(split_url("http:/x"), None);
        assert!(same_origin("HTTP://A.test:80/x", "http://a.TEST/y?z"));
        assert!(!same_origin("http://a.test", "https://a.test"));
        assert!(!same_origin("http://a.test:8080", "http://a.test"));
        assert!(!same_origin("data:x", "data:x"), "opaque origins are never the same");
    }

    #[test]
    fn locations() {
        assert_eq!(resolve_location("http://a/b/c?x", "/d"), "http://a/d");
        assert_eq!(resolve_location("http://a/b/c", "d"), "http://a/b/d");
        assert_eq!(resolve_location("http://a/b/c", "//e/f"), "http://e/f");
        assert_eq!(resolve_location("http://a/b/c", "https://x/y"), "https://x/y");
        assert_eq!(path_and_query("http://a:1/p/q?z=1"), "/p/q?z=1");
    }
}
