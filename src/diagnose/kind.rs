//! What kind of request an entry is — and so whether CORS governs it at all. Only a script's `fetch`/XHR in
//! `cors` mode is checked by the browser against `Access-Control-*` headers; a navigation (a form post, a link,
//! a `location` change, an iframe), a WebSocket handshake, a `no-cors` request (a `<script>`, an `<img>`,
//! `fetch(…, {mode: 'no-cors'})`), a beacon or ping, a CSP or Reporting API report, and a `data:`/`blob:`/
//! extension URL are not: a missing `Access-Control-Allow-Origin` on them is no failure. Nor is a request the
//! page's service worker answered: the server never answered it (the worker's own requests are entries of their
//! own).
//!
//! Read from what every browser's HAR carries: the `Sec-Fetch-Mode`/`Sec-Fetch-Dest` request headers, the
//! `Upgrade` header and the 101 status, the report content types, the URL's scheme; Chrome's `_resourceType` and
//! `response._fetchedViaServiceWorker` when present (Firefox's HARs lack both).

use serde::Serialize;

use crate::har::Entry;
use crate::http::origin_of;

use super::facts::blocked_by_browser;

/// The kind of a request, as far as CORS is concerned.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum RequestKind {
    /// A script's `fetch`/XHR (or nothing says otherwise): CORS governs it when it is cross-origin.
    #[default]
    Fetch,
    /// A top-level navigation: a form submission, a link, a `location` change.
    Navigation,
    /// A navigation inside an `<iframe>` (or `<frame>`, `<object>`, `<embed>`).
    Frame,
    /// A WebSocket opening handshake (`Upgrade: websocket`, 101).
    #[serde(rename = "websocket")]
    WebSocket,
    /// A `no-cors` request: a subresource (`<script>`, `<img>`, `<link>`) or `fetch(…, {mode: 'no-cors'})`.
    NoCors,
    /// `navigator.sendBeacon` or an `<a ping>`.
    Beacon,
    /// A CSP violation report or a Reporting API report.
    Report,
    /// A `data:`, `blob:`, `about:` or extension URL: no HTTP request at all.
    NonHttp,
    /// Answered by the page's service worker (Chrome's `response._fetchedViaServiceWorker: true`), not by the
    /// server: whatever it got came from the worker's fetch handler.
    ServiceWorker,
}

impl RequestKind {
    /// The kind of entry `e`.
    pub fn of(e: &Entry) -> Self {
        let h = &e.request.headers;
        let url = e.request.url.trim_start();
        let scheme = url.split_once(':').map(|(s, _)| s.to_ascii_lowercase()).unwrap_or_default();
        if is_non_http(&scheme) {
            return RequestKind::NonHttp;
        }
        if e.response.via_service_worker {
            return RequestKind::ServiceWorker;
        }
        let rtype = e.resource_type.as_deref().unwrap_or("").to_ascii_lowercase();
        let websocket = matches!(scheme.as_str(), "ws" | "wss")
            || rtype == "websocket"
            || e.response.status == 101
            || h.get("upgrade").is_some_and(|v| v.trim().eq_ignore_ascii_case("websocket"));
        if websocket {
            return RequestKind::WebSocket;
        }
        let content_type = h.get("content-type").unwrap_or("").to_ascii_lowercase();
        if rtype.contains("csp") || content_type.contains("csp-report") || content_type.contains("reports+json") {
            return RequestKind::Report;
        }
        if rtype == "ping" || rtype == "beacon" || h.contains("ping-to") {
            return RequestKind::Beacon;
        }
        let dest = h.get("sec-fetch-dest").unwrap_or("").trim().to_ascii_lowercase();
        match h.get("sec-fetch-mode").map(|m| m.trim().to_ascii_lowercase()).as_deref() {
            Some("navigate") if is_frame(&dest) => return RequestKind::Frame,
            Some("navigate") => return RequestKind::Navigation,
            Some("websocket") => return RequestKind::WebSocket,
            Some("no-cors") if dest == "report" => return RequestKind::Report,
            Some("no-cors") => return RequestKind::NoCors,
            Some(_) => return RequestKind::Fetch,
            None => {}
        }
        if rtype == "fetch" && opaque(e) {
            return RequestKind::NoCors;
        }
        match rtype.as_str() {
            "document" => RequestKind::Navigation,
            "iframe" | "frame" | "subdocument" => RequestKind::Frame,
            // (fonts, manifests and text tracks are fetched in cors mode: not listed)
            "script" | "stylesheet" | "image" | "img" | "media" => RequestKind::NoCors,
            _ => RequestKind::Fetch,
        }
    }

    /// The browser applies CORS to it (when it is cross-origin).
    pub fn governed_by_cors(&self) -> bool {
        *self == RequestKind::Fetch
    }

    /// A server (or a layer in front of it) made the response: not for a `data:`/`blob:`/extension URL, nor for
    /// what the page's service worker answered. A diagnosis of the others names no server stack.
    pub fn answered_by_server(&self) -> bool {
        !matches!(self, RequestKind::NonHttp | RequestKind::ServiceWorker)
    }

    /// Serialised only when not a fetch (keeps the JSON of ordinary requests as it was).
    pub fn is_fetch(&self) -> bool {
        *self == RequestKind::Fetch
    }

    /// `a navigation (form submission, link or location change)`: what the words call it.
    pub fn label(&self) -> &'static str {
        match self {
            RequestKind::Fetch => "a fetch",
            RequestKind::Navigation => "a navigation (a form submission, a link or a location change)",
            RequestKind::Frame => "a frame's navigation (an iframe loading a page)",
            RequestKind::WebSocket => "a WebSocket handshake",
            RequestKind::NoCors => "a no-cors request (a subresource, or fetch with mode: 'no-cors')",
            RequestKind::Beacon => "a beacon (navigator.sendBeacon or a link's ping)",
            RequestKind::Report => "a CSP or Reporting API report",
            RequestKind::NonHttp => "a data:, blob: or extension URL (no HTTP request)",
            RequestKind::ServiceWorker => "a request the page's service worker answered",
        }
    }

    /// Why CORS does not apply to it (for a kind outside CORS).
    pub fn why_no_cors(&self) -> &'static str {
        match self {
            RequestKind::Fetch => "",
            RequestKind::Navigation | RequestKind::Frame => {
                "the browser loads the response as a page; no Access-Control-* header is needed"
            }
            RequestKind::WebSocket => {
                "CORS does not apply to WebSockets: the server checks the Origin header itself, and Access-Control-* \
                 headers play no part"
            }
            RequestKind::NoCors => {
                "the browser sends it without a CORS check, and the page cannot read the response (an opaque \
                 response), so Access-Control-* headers are not needed"
            }
            RequestKind::Beacon | RequestKind::Report => {
                "the browser sends it and ignores the response; no page code reads it, so Access-Control-* headers \
                 do not matter"
            }
            RequestKind::NonHttp => "no server was involved",
            RequestKind::ServiceWorker => "the page's service worker answered it; the server did not",
        }
    }
}

/// A cross-origin fetch that Chrome recorded with provisional headers only (no `Origin`, no `Sec-Fetch-*`: the
/// page may not read the response) and whose response arrived without `Access-Control-Allow-Origin` and without
/// a blocking error: had CORS refused it, Chrome would have recorded `net::ERR_FAILED`. A `no-cors` fetch's opaque
/// response, as DevTools' own capture shows it (status, no headers, `_error: "net::ERR_ABORTED"`).
fn opaque(e: &Entry) -> bool {
    let h = &e.request.headers;
    let cross_origin = match (h.get("referer").and_then(origin_of), origin_of(&e.request.url)) {
        (Some(page), Some(target)) => page != target,
        _ => false,
    };
    cross_origin
        && !h.contains("origin")
        && e.response.status > 0
        && !blocked_by_browser(e)
        && !e.response.headers.contains("access-control-allow-origin")
}

/// Schemes whose requests never reach a server (an unknown scheme is taken for HTTP: the diagnosis goes on).
fn is_non_http(scheme: &str) -> bool {
    matches!(scheme, "data" | "blob" | "about" | "javascript" | "file" | "filesystem" | "chrome" | "edge")
        || scheme.ends_with("-extension")
}

fn is_frame(dest: &str) -> bool {
    matches!(dest, "iframe" | "frame" | "object" | "embed" | "fencedframe")
}

#[cfg(test)]
mod tests {
    use super::RequestKind;

    fn entry(url: &str, rtype: Option<&str>, status: u16, headers: &[(&str, &str)]) -> crate::har::Entry {
        let hs: Vec<String> =
            headers.iter().map(|(n, v)| format!(r#"{{"name":"{n}","value":"{v}"}}"#)).collect::<Vec<_>>();
        let rt = rtype.map(|t| format!(r#","_resourceType":"{t}""#)).unwrap_or_default();
        let json = format!(
            r#"{{"startedDateTime":"2026-01-01T00:00:00Z","time":1,"request":{{"method":"POST","url":"{url}","httpVersion":"HTTP/1.1","headers":[{}],"queryString":[],"cookies":[],"headersSize":-1,"bodySize":0}},"response":{{"status":{status},"statusText":"","httpVersion":"HTTP/1.1","headers":[],"cookies":[],"content":{{"size":0,"mimeType":"text/html"}},"redirectURL":"","headersSize":-1,"bodySize":0}},"cache":{{}},"timings":{{"send":0,"wait":1,"receive":0}}{rt}}}"#,
            hs.join(",")
        );
        crate::har::parse_entry(&json, 0).unwrap()
    }

    #[test]
    fn kinds_from_headers_resource_type_and_scheme() {
        let k = |url, rt, st, h: &[(&str, &str)]| RequestKind::of(&entry(url, rt, st, h));
        assert_eq!(k("http://a.test/x", Some("fetch"), 200, &[("Sec-Fetch-Mode", "cors")]), RequestKind::Fetch);
        assert_eq!(k("http://a.test/x", None, 200, &[]), RequestKind::Fetch);
        assert_eq!(k("http://a.test/x", None, 405, &[("Sec-Fetch-Mode", "navigate")]), RequestKind::Navigation);
        assert_eq!(k("http://a.test/x", Some("document"), 405, &[]), RequestKind::Navigation);
        let frame = [("Sec-Fetch-Mode", "navigate"), ("Sec-Fetch-Dest", "iframe")];
        assert_eq!(k("http://a.test/x", None, 200, &frame), RequestKind::Frame);
        assert_eq!(k("ws://a.test/hmr", None, 101, &[]), RequestKind::WebSocket);
        assert_eq!(k("http://a.test/hmr", None, 0, &[("Upgrade", "websocket")]), RequestKind::WebSocket);
        assert_eq!(k("http://a.test/hmr", Some("websocket"), 400, &[]), RequestKind::WebSocket);
        assert_eq!(k("http://a.test/x", None, 200, &[("Sec-Fetch-Mode", "no-cors")]), RequestKind::NoCors);
        // Chrome's provisional headers only: an answered cross-origin fetch without an error was not refused by CORS
        let provisional = [("Referer", "http://page.test/"), ("Content-Type", "text/plain")];
        assert_eq!(k("http://a.test/x", Some("fetch"), 201, &provisional), RequestKind::NoCors);
        assert_eq!(k("http://page.test/x", Some("fetch"), 201, &provisional), RequestKind::Fetch);
        assert_eq!(k("http://a.test/x", Some("fetch"), 0, &provisional), RequestKind::Fetch);
        assert_eq!(k("http://a.test/x", Some("ping"), 200, &[("Sec-Fetch-Mode", "cors")]), RequestKind::Beacon);
        assert_eq!(k("http://a.test/r", None, 204, &[("Content-Type", "application/csp-report")]), RequestKind::Report);
        let rep = [("Content-Type", "application/reports+json")];
        assert_eq!(k("http://a.test/r", None, 204, &rep), RequestKind::Report);
        assert_eq!(k("data:text/plain,x", None, 200, &[]), RequestKind::NonHttp);
        assert_eq!(k("chrome-extension://abc/x.js", None, 200, &[]), RequestKind::NonHttp);
        assert_eq!(k("blob:http://a.test/1", None, 200, &[]), RequestKind::NonHttp);
        assert_eq!(k("moz-extension://abc/x.js", None, 200, &[]), RequestKind::NonHttp);
        assert_eq!(k("localhost:8080/x", None, 200, &[]), RequestKind::Fetch);
    }

    #[test]
    fn what_the_service_worker_answered_is_its_own_kind_and_no_server_answered_it() {
        let mut e = entry("http://a.test/x", Some("fetch"), 405, &[("Sec-Fetch-Mode", "cors")]);
        assert!(RequestKind::of(&e).answered_by_server());
        e.response.via_service_worker = true;
        assert_eq!(RequestKind::of(&e), RequestKind::ServiceWorker);
        assert!(!RequestKind::ServiceWorker.answered_by_server() && !RequestKind::NonHttp.answered_by_server());
        assert!(!RequestKind::ServiceWorker.governed_by_cors());
        // a data: URL stays what it is, whoever answered it
        let mut d = entry("data:text/plain,x", None, 200, &[]);
        d.response.via_service_worker = true;
        assert_eq!(RequestKind::of(&d), RequestKind::NonHttp);
    }

    #[test]
    fn the_har_field_is_read_as_chrome_writes_it() {
        let read = |v: &str| {
            let json = format!(
                r#"{{"startedDateTime":"","time":1,"request":{{"method":"GET","url":"http://a.test/x","headers":[]}},"response":{{"status":200,"headers":[],"_fetchedViaServiceWorker":{v}}}}}"#
            );
            crate::har::parse_entry(&json, 0).unwrap().response.via_service_worker
        };
        assert!(read("true"));
        assert!(!read("false") && !read("\"true\"") && !read("1") && !read("null"));
    }
}
