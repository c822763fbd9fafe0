//! The HAR model: the part of a HAR 1.2 file
//! (<http://www.softwareishard.com/blog/har-12-spec/>) that the engine reasons
//! about, owned, as the reading leaves it ([`super::parse_har`]): required
//! fields present, numbers in range, strings capped (the `MAX_*` constants),
//! bodies decoded and cut at [`BODY_KEEP`](super::BODY_KEEP) bytes.

use crate::http::{Headers, Method};

use super::HarError;

/// A whole HAR file.
#[derive(Debug, Clone, Default)]
pub struct Har {
    /// `log.creator` (name, version).
    pub creator: Option<Software>,
    /// `log.browser` (name, version).
    pub browser: Option<Software>,
    pub pages: Vec<Page>,
    /// Readable entries in file order. `Entry::index` is the index in the file.
    pub entries: Vec<Entry>,
    /// Entries that could not be read, with why. Never fatal.
    pub warnings: Vec<HarError>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Software {
    pub name: String,
    pub version: String,
}

#[derive(Debug, Clone, Default)]
pub struct Page {
    pub id: String,
    pub title: String,
    pub started: String,
}

/// One `log.entries[i]`.
#[derive(Debug, Clone, Default)]
pub struct Entry {
    /// Position in `log.entries` as read (or the order it was fed in). The
    /// [`crate::engine::Engine`] renumbers the entries it holds to its own
    /// positions, which diagnoses and evidence refer to; a caller that needs
    /// file positions (the CLI's HAR export) records them before handing the
    /// entries over.
    pub index: usize,
    /// `startedDateTime` as written.
    pub started: Box<str>,
    /// `time` in ms (0 when missing or negative).
    pub time_ms: f64,
    pub pageref: Option<Box<str>>,
    pub request: Request,
    pub response: Response,
    /// Chrome's `_resourceType` (`"fetch"`, `"xhr"`, `"preflight"`, `"document"`, …).
    pub resource_type: Option<Box<str>>,
    /// Chrome's `_initiator`.
    pub initiator: Option<Box<Initiator>>,
    /// `serverIPAddress`.
    pub server_ip: Option<Box<str>>,
}

#[derive(Debug, Clone)]
pub struct Request {
    pub method: Method,
    pub url: String,
    pub http_version: Box<str>,
    pub headers: Headers,
    /// `postData`, if any.
    pub post_data: Option<Box<PostData>>,
    /// `bodySize` (-1 = unknown).
    pub body_size: i64,
}

impl Default for Request {
    fn default() -> Self {
        Request {
            method: Method::Get,
            url: String::new(),
            http_version: Box::default(),
            headers: Headers::new(),
            post_data: None,
            body_size: -1,
        }
    }
}

#[derive(Debug, Clone, Default)]
pub struct PostData {
    pub mime_type: String,
    /// The text, cut at [`BODY_KEEP`](super::BODY_KEEP) bytes (on a char boundary).
    pub text: Option<String>,
    /// `params` (form fields), names and values.
    pub params: Vec<(String, String)>,
    /// Full size of the original text in bytes.
    pub text_len: usize,
}

#[derive(Debug, Clone, Default)]
pub struct Response {
    /// 0 when no response was received (blocked, network error).
    pub status: u16,
    pub status_text: Box<str>,
    pub http_version: Box<str>,
    pub headers: Headers,
    /// `redirectURL` (empty → `None`).
    pub redirect_url: Option<Box<str>>,
    pub content: Content,
    /// Chrome's `_error` (`"net::ERR_FAILED"`), Firefox's equivalents.
    pub error: Option<Box<str>>,
    /// Chrome's `_fetchedViaServiceWorker`: the page's service worker answered (its fetch handler called
    /// `respondWith`), not the server. Firefox's HARs have no such field.
    pub via_service_worker: bool,
}

#[derive(Debug, Clone, Default)]
pub struct Content {
    pub mime_type: Box<str>,
    /// Decoded text (base64 bodies are decoded when they are UTF-8), cut at
    /// [`BODY_KEEP`](super::BODY_KEEP) bytes.
    pub text: Option<String>,
    /// `content.size` (0 when missing or negative).
    pub size: u64,
}

/// Chrome's `_initiator`.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Initiator {
    /// `type`: `"script"`, `"parser"`, `"preflight"`, `"other"`, …
    pub kind: String,
    /// `url` (for preflights: the URL of the request it was made for).
    pub url: Option<String>,
    /// `requestId` (for preflights: the id of the actual request).
    pub request_id: Option<String>,
    /// The top frame of `stack.callFrames` (walking `parent` when the top
    /// stack is empty), where the page's code made the request.
    pub frame: Option<CallFrame>,
}

#[derive(Debug, Clone, Default, PartialEq, serde::Serialize)]
pub struct CallFrame {
    pub function: String,
    pub url: String,
    /// 1-based (HAR/CDP line numbers are 0-based; this adds one).
    pub line: u32,
    /// 1-based.
    pub column: u32,
}

impl Entry {
    /// True when this entry is a CORS preflight: Chrome's markers, or the
    /// shape every browser gives it (`OPTIONS` + `Access-Control-Request-Method`).
    pub fn is_preflight(&self) -> bool {
        if self.resource_type.as_deref() == Some("preflight") {
            return true;
        }
        if let Some(i) = &self.initiator {
            if i.kind == "preflight" {
                return true;
            }
        }
        self.request.method == Method::Options && self.request.headers.contains("access-control-request-method")
    }

    /// True when a response arrived (status > 0).
    pub fn has_response(&self) -> bool {
        self.response.status > 0
    }
}
