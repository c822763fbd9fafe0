//! The facts of one exchange, gathered once before any rule runs — what was
//! observed next to what the browser required (as hurl sets an observed
//! request beside a specified one):
//!
//! * the request as the page made it ([`Request`]: its entry, or inferred
//!   from its preflight when the HAR lacks it);
//! * what the browser required of it: CORS mode, the page's origin, the
//!   credentials mode, and a [`Preflight`] (observed / required but not in the
//!   HAR / not needed);
//! * what the hops showed ([`Hops`]: redirects, the first CORS failure);
//! * the final response ([`Final`]: status, `Allow`, the stack that made it,
//!   the framework quirks its body or headers show).
//!
//! The rules read these; none goes back to the HAR.

use std::borrow::Cow;

use crate::cors::{self, CorsRequest, CredentialsMode};
use crate::exchange::Exchange;
use crate::har::Entry;
use crate::http::{origin_of, parse_method_list, path_and_query, split_url, Headers, Method};
use crate::stack::{self, Detection, Quirk, Stack, Tier};

use super::kind::RequestKind;
use super::layer::{self, Layer};
use super::preflight::{Observed, Preflight};
use super::replay::{replay, Hops, Start};
use super::Context;

/// The request as the page made it.
pub(super) struct Request<'a> {
    pub method: Method,
    pub url: String,
    /// The entry's own headers, or those the preflight announced.
    pub headers: Cow<'a, Headers>,
    pub origin: Option<String>,
    /// Its own entry (the first hop); `None` when only its preflight is in the HAR.
    pub entry: Option<(usize, &'a Entry)>,
}

/// Everything the rules know about one exchange.
pub(super) struct Facts<'a> {
    pub exchange: &'a Exchange,
    pub request: Request<'a>,
    /// The request URL's path and query.
    pub path: String,
    /// The request URL's path alone.
    pub bare_path: String,
    /// The page's origin: the request's `Origin`, else the URL's own.
    pub origin: String,
    /// What kind of request it is (a fetch, a navigation, a WebSocket…).
    pub kind: RequestKind,
    /// A CORS request (a fetch, cross-origin, with an origin): the browser checks it.
    pub cors_mode: bool,
    /// The request carried a `Cookie`.
    pub has_cookie: bool,
    pub credentials: CredentialsMode,
    /// The browser blocked the request before any answer, and not for a
    /// network error.
    pub blocked_unanswered: bool,
    pub preflight: Preflight<'a>,
    pub hops: Hops<'a>,
    /// The last hop; `None` when the request is not in the HAR.
    pub last: Option<Final<'a>>,
    /// The stacks seen on the request URL's origin.
    pub stacks_seen: &'a [(Stack, String)],
    /// The HTTP server the application runs in (uvicorn, Gunicorn, Kestrel), named apart from the framework.
    pub server: Option<Stack>,
    /// Which layer answered the final response, when it is a refusal (4xx, 5xx) and the origin's successful
    /// responses tell (see [`layer`](super::layer)).
    pub layer: Option<Layer>,
}

/// The final response: the last hop in the HAR.
pub(super) struct Final<'a> {
    pub index: usize,
    pub entry: &'a Entry,
    pub status: u16,
    /// The method it was sent with (after redirects).
    pub method: Method,
    /// Its URL's path and query.
    pub path: String,
    /// Its URL's path alone.
    pub bare_path: String,
    pub allowed: Option<Vec<Method>>,
    pub detection: Cow<'a, Detection>,
    /// The stack to name (see [`pick_stack`]).
    pub stack: Option<Stack>,
    /// Slim's catch-all-OPTIONS 405 body (on a 405).
    pub only_options_body: Option<Quirk>,
    /// Express's wrong-method 404 (on a 404).
    pub wrong_method_404: Option<Quirk>,
    /// A static-file servlet's 405 (Tomcat's DefaultServlet): no application code behind the path.
    pub static_file_refusal: Option<Quirk>,
    /// A CORS filter's own refusal (Tomcat's CorsFilter's bare 403): the request never reached a handler.
    pub cors_filter_refusal: Option<Quirk>,
    /// The methods that wrong-method 404's page names as accepted (Pyramid's predicate mismatch), if any.
    pub accepted_404: Vec<Method>,
}

impl<'a> Facts<'a> {
    pub(super) fn gather(ex: &'a Exchange, entries: &'a [Entry], ctx: &'a dyn Context) -> Self {
        let pf = ex.first_preflight().and_then(|i| entries.get(i).map(|e| (i, e)));
        let first = ex.hops.first().and_then(|&i| entries.get(i).map(|e| (i, e)));
        let request = Request::of(first, pf);
        let path = path_and_query(&request.url);
        let url_origin = origin_of(&request.url).unwrap_or_default();
        let bare_path = split_url(&request.url).map(|p| p.path.to_string()).unwrap_or_else(|| path.clone());
        let stacks_seen = ctx.stacks(&url_origin);
        // A navigation, a WebSocket, a no-cors request, a beacon or a report is never checked against CORS.
        let kind = request.entry.map_or(RequestKind::Fetch, |(_, e)| RequestKind::of(e));
        // (a request with a preflight of its own was a CORS request: a beacon with a JSON body)
        let cors_mode = (kind.governed_by_cors() || pf.is_some())
            && request.origin.as_deref().is_some_and(|o| cors::is_cross_origin(o, &request.url));
        let origin = request.origin.clone().unwrap_or(url_origin);
        let has_cookie = first.is_some_and(|(_, e)| e.request.headers.contains("cookie"));
        let credentials = if has_cookie { CredentialsMode::Include } else { CredentialsMode::SameOrigin };
        // The request was never sent (no response at all, or not in the HAR): only
        // then can its preflight have failed. A request that got a response and was
        // blocked afterwards failed the CORS check on that response instead.
        let never_sent = first.is_none_or(|(_, e)| !e.has_response());
        // ERR_CONNECTION_REFUSED and friends are network failures, not CORS.
        let network_failure = first.is_some_and(|(_, e)| e.response.error.is_some() && !blocked_by_browser(e));
        let creq = CorsRequest {
            method: &request.method,
            url: &request.url,
            origin: &origin,
            headers: &request.headers,
            credentials,
        };
        let preflight = match pf {
            Some((i, p)) => Preflight::Observed(Observed::read(i, p, &creq, never_sent)),
            None => match cors_mode.then(|| cors::preflight_plan(&creq)).flatten() {
                Some(plan) => Preflight::Required(plan),
                None => Preflight::NotNeeded,
            },
        };
        let start = Start { method: &request.method, origin: &origin, credentials, cors_mode };
        let hops = replay(ex, entries, start);
        let last = hops.last.map(|(i, e)| Final::of(i, e, &hops.method, stacks_seen, ctx));
        // (the page's service worker answered, or no server was involved: no server or layer made that response)
        let served = kind.answered_by_server();
        let server = pick_server(last.as_ref().map(|r| r.detection.as_ref()), stacks_seen).filter(|_| served);
        let layer = last.as_ref().and_then(|r| layer_of(r, ctx)).filter(|_| served);
        Facts {
            exchange: ex,
            path,
            bare_path,
            origin,
            kind,
            cors_mode,
            has_cookie,
            credentials,
            blocked_unanswered: first.is_some() && never_sent && !network_failure,
            preflight,
            hops,
            last,
            stacks_seen,
            server,
            layer,
            request,
        }
    }

    /// The stack to name when no response of the exchange decided.
    pub(super) fn origin_stack(&self) -> Option<Stack> {
        pick_stack(None, self.stacks_seen)
    }

    /// CORS does not govern this request: it is not a fetch (a navigation, a WebSocket, a beacon…) and has no
    /// preflight of its own (one with a preflight was a CORS request after all: a beacon with a JSON body). The
    /// same test as [`Facts::cors_mode`]'s, before its cross-origin part.
    pub(super) fn outside_cors(&self) -> bool {
        !self.kind.governed_by_cors() && self.preflight.observed().is_none()
    }

    /// The other methods the same HAR shows succeeding (2xx, 3xx) on the final response's origin and path, OPTIONS
    /// aside, each once in the order first seen: the path exists for them.
    pub(super) fn other_methods_succeeding(&self, ctx: &dyn Context) -> Vec<Method> {
        let Some(r) = self.last.as_ref() else {
            return Vec::new();
        };
        let mut ms: Vec<Method> = Vec::new();
        for (m, s) in ctx.observed(&origin_of(&r.entry.request.url).unwrap_or_default(), &r.bare_path) {
            if m != r.method && m != Method::Options && (200..400).contains(&s) && !ms.contains(&m) {
                ms.push(m);
            }
        }
        ms
    }
}

impl<'a> Request<'a> {
    /// The request from its own entry, else inferred from its preflight.
    fn of(first: Option<(usize, &'a Entry)>, pf: Option<(usize, &'a Entry)>) -> Self {
        match (first, pf) {
            (Some((i, e)), _) => Request {
                method: e.request.method.clone(),
                url: e.request.url.clone(),
                headers: Cow::Borrowed(&e.request.headers),
                origin: request_origin(e).or_else(|| pf.and_then(|(_, p)| request_origin(p))),
                entry: Some((i, e)),
            },
            (None, Some((_, p))) => {
                let method =
                    p.request.headers.get("access-control-request-method").map(Method::parse).unwrap_or(Method::Get);
                let url = p.initiator.as_ref().and_then(|i| i.url.clone()).unwrap_or_else(|| p.request.url.clone());
                let mut headers = Headers::new();
                if let Some(list) = p.request.headers.get("access-control-request-headers") {
                    for name in list.split(',').map(str::trim).filter(|s| !s.is_empty()) {
                        headers.push(name, "");
                    }
                }
                Request { method, url, headers: Cow::Owned(headers), origin: request_origin(p), entry: None }
            }
            (None, None) => Request {
                method: Method::Get,
                url: String::new(),
                headers: Cow::Owned(Headers::new()),
                origin: None,
                entry: None,
            },
        }
    }
}

impl<'a> Final<'a> {
    fn of(index: usize, entry: &'a Entry, method: &Method, seen: &[(Stack, String)], ctx: &'a dyn Context) -> Self {
        let status = entry.response.status;
        let detection = detect(ctx, index, entry);
        let stack = pick_stack(detection.generated_by.as_ref().map(|g| g.0), seen);
        let path = path_and_query(&entry.request.url);
        let bare_path = split_url(&entry.request.url).map(|p| p.path.to_string()).unwrap_or_else(|| path.clone());
        let body = body(entry).unwrap_or("");
        let only_options_body = if status == 405 { stack::only_options_route_body(body) } else { None };
        let wrong_method_404 = if status == 404 {
            stack::wrong_method_404(method, &bare_path, body, &entry.response.headers)
        } else {
            None
        };
        let static_file_refusal = stack::static_file_refusal(status, &entry.response.headers);
        let cors_filter_refusal = stack::cors_filter_refusal(status, &entry.response.headers);
        let accepted_404 =
            wrong_method_404.as_ref().map(|q| stack::wrong_method_404_accepts(q.stack, body)).unwrap_or_default();
        Final {
            index,
            entry,
            status,
            method: method.clone(),
            allowed: allowed_of(&entry.response.headers),
            detection,
            stack,
            only_options_body,
            wrong_method_404,
            static_file_refusal,
            cors_filter_refusal,
            accepted_404,
            path,
            bare_path,
        }
    }

    /// The web server or proxy in front of the app generated this response, or a servlet container's static-file
    /// servlet did (no application code is behind the path either way).
    pub(super) fn by_web_server(&self) -> bool {
        self.detection.generated_by.as_ref().is_some_and(|(s, _)| s.is_web_server())
            || self.static_file_refusal.is_some()
    }
}

/// Which layer answered `r`, when it is a refusal: compared with the successful responses of its origin.
fn layer_of(r: &Final, ctx: &dyn Context) -> Option<Layer> {
    if r.status < 400 {
        return None;
    }
    let shapes = ctx.shapes(&origin_of(&r.entry.request.url)?);
    layer::compare(r.entry, &r.detection, shapes)
}

/// Entry `i`'s stack signatures, from the context when it has them.
pub(super) fn detect<'c>(ctx: &'c dyn Context, i: usize, e: &Entry) -> Cow<'c, Detection> {
    match ctx.detection(i) {
        Some(d) => Cow::Borrowed(d),
        None => Cow::Owned(stack::detect(e.response.status, &e.response.headers, body(e))),
    }
}

/// The stack to name: who generated the deciding response, else the most
/// specific application stack seen on the origin, else its web server. An HTTP
/// server (uvicorn, Gunicorn, Kestrel: [`Tier::AppServer`]) is never named as the
/// stack: it is the diagnosis's `server` (see [`pick_server`]).
pub(super) fn pick_stack(generated: Option<Stack>, seen: &[(Stack, String)]) -> Option<Stack> {
    let framework_seen = || seen.iter().find(|(s, _)| s.tier() == Tier::Framework).map(|(s, _)| *s);
    match generated {
        // a framework's own middleware answered (Starlette's CORSMiddleware) in an app built on it (FastAPI)
        Some(g) if g.is_nameable() => Some(seen.iter().map(|(s, _)| *s).find(|s| s.built_on() == Some(g)).unwrap_or(g)),
        // the application's own HTTP server made it: the framework behind it if the origin shows one, never a proxy
        // or CDN that only passed it on (its fix would go to a layer that did not refuse anything)
        Some(_) => framework_seen(),
        None => framework_seen().or_else(|| seen.iter().map(|(s, _)| *s).find(Stack::is_nameable)),
    }
}

/// The HTTP server the application runs in ([`Tier::AppServer`]): on the deciding response, else on the origin.
pub(super) fn pick_server(d: Option<&Detection>, seen: &[(Stack, String)]) -> Option<Stack> {
    let on_response = d.into_iter().flat_map(|d| d.generated_by.iter().chain(&d.seen));
    on_response.chain(seen).map(|(s, _)| *s).find(|s| s.tier() == Tier::AppServer && !s.is_nameable())
}

/// The origin the request was made from: its `Origin` header; for a
/// fetch/XHR recorded with provisional headers only (Chrome, for a request
/// the browser blocked), the origin of its `Referer`.
fn request_origin(e: &Entry) -> Option<String> {
    match e.request.headers.get("origin").map(str::trim) {
        Some("null") => Some("null".into()),
        Some(o) if !o.is_empty() => origin_of(o).or_else(|| Some(o.to_string())),
        _ => {
            let script = matches!(e.resource_type.as_deref(), Some("fetch") | Some("xhr"));
            if script {
                e.request.headers.get("referer").and_then(origin_of)
            } else {
                None
            }
        }
    }
}

/// The browser itself stopped the request (CORS or another block), as the
/// HAR's error shows.
pub(super) fn blocked_by_browser(e: &Entry) -> bool {
    e.response.error.as_deref().is_some_and(|s| {
        s.contains("ERR_FAILED") || s.contains("CORS") || s.contains("NS_ERROR_DOM_BAD_URI") || s.contains("BLOCKED")
    })
}

fn body(e: &Entry) -> Option<&str> {
    e.response.content.text.as_deref()
}

/// The methods an `Allow` header lists (every occurrence).
pub(super) fn allowed_of(h: &Headers) -> Option<Vec<Method>> {
    h.get_combined("allow").map(|v| parse_method_list(&v))
}
