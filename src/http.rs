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
    pub name: String,
    pub value: String,
}

/// An ordered header list with case-insensitive look-ups. Duplicates are kept.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
#[serde(transparent)]
pub struct Headers(pub Vec<Header>);

impl Headers {
    pub fn new() -> Self {
        Headers(Vec::new())
    }

    pub fn push(&mut self, name: impl Into<String>, value: impl Into<String>) {
        self.0.push(Header { name: name.into(), value: value.into() });
    }

    /// The first value of `name`, if any.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|h| h.name.eq_ignore_ascii_case(name))
            .map(|h| h.value.as_str())
    }

    /// Every value of `name`, in order.
    pub fn get_all<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a str> + 'a {
        self.0
            .iter()
            .filter(move |h| h.name.eq_ignore_ascii_case(name))
            .map(|h| h.value.as_str())
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
    /// host[:port] as written, lower-cased comparisons are the caller's job.
    pub authority: &'a str,
    /// path without query or fragment, `/` when empty.
    pub path: &'a str,
    pub query: Option<&'a str>,
}

/// Splits an absolute URL. Returns `None` for anything without `scheme://`.
pub fn split_url(url: &str) -> Option<UrlParts<'_>> {
    let (scheme, rest) = url.split_once("://")?;
    if scheme.is_empty() || !scheme.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'+' || b == b'-' || b == b'.') {
        return None;
    }
    let rest = rest.split('#').next().unwrap_or("");
    let auth_end = rest.find(['/', '?']).unwrap_or(rest.len());
    let authority = &rest[..auth_end];
    // drop userinfo
    let authority = authority.rsplit_once('@').map(|(_, h)| h).unwrap_or(authority);
    let after = &rest[auth_end..];
    let (path, query) = match after.split_once('?') {
        Some((p, q)) => (p, Some(q)),
        None => (after, None),
    };
    let path = if path.is_empty() { "/" } else { path };
    Some(UrlParts { scheme, authority, path, query })
}

/// The ASCII serialisation of a URL's origin (`scheme://host[:port]`, default
/// ports dropped), lower-cased. `None` for URLs that have an opaque origin.
pub fn origin_of(url: &str) -> Option<String> {
    let p = split_url(url)?;
    // (one allocation: diagnoses ask for many origins)
    let default = [("http", ":80"), ("https", ":443"), ("ws", ":80"), ("wss", ":443"), ("ftp", ":21")]
        .into_iter()
        .find(|(s, _)| p.scheme.eq_ignore_ascii_case(s))
        .map(|(_, port)| port)?;
    let auth = p.authority;
    let auth = match auth.len().checked_sub(default.len()) {
        Some(cut) if auth.get(cut..).is_some_and(|tail| tail.eq_ignore_ascii_case(default)) => &auth[..cut],
        _ => auth,
    };
    let mut o = String::with_capacity(p.scheme.len() + 3 + auth.len());
    o.push_str(p.scheme);
    o.push_str("://");
    o.push_str(auth);
    o.make_ascii_lowercase();
    Some(o)
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
    fn origins() {
        assert_eq!(origin_of("http://LOCALHOST:80/x?y").as_deref(), Some("http://localhost"));
        assert_eq!(origin_of("https://a.b:8443/").as_deref(), Some("https://a.b:8443"));
        assert_eq!(origin_of("https://u:p@a.b/").as_deref(), Some("https://a.b"));
        assert_eq!(origin_of("data:text/plain,hi"), None);
        assert_eq!(origin_of("nonsense"), None);
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
