//! # Fastify
//!
//! A Node.js web framework (find-my-way router), CORS through the @fastify/cors plugin; no `Server` or
//! `X-Powered-By` header of its own. Its Node server keeps connections alive for 72 s, so its responses say
//! `Keep-Alive: timeout=72` where plain Node says `timeout=5`.
//!
//! ## How it answers
//! - **Wrong method**: no 405 at all: a method without a route on a known path gets the same **404** as a missing
//!   path, JSON `{"message":"Route PUT:/x?query not found","error":"Not Found","statusCode":404}`
//!   (`application/json; charset=utf-8`; the message holds the raw URL, query included). That is the quirk hook
//!   below. Only the not-found handler of the instance (or prefix) that `setNotFoundHandler` was called on runs
//!   its hooks: cors registered inside an encapsulated plugin does not reach the root's 404, which then has no
//!   CORS headers (seen in the lab).
//! - **OPTIONS**: no route, so 404, unless @fastify/cors is registered: it adds an `OPTIONS *` route and answers
//!   a preflight in its `onRequest` hook (204, `Content-Length: 0`).
//! - **Errors**: the error handler answers JSON `{statusCode, error, message}`; headers set by an `onRequest`
//!   hook (cors) stay on the reply.
//!
//! ## CORS recipe
//! `await fastify.register(cors, { origin, methods, allowedHeaders, credentials })` on the root instance, before
//! the routes. Its default `methods` is `GET,HEAD,POST` (CORS-safelisted methods only), so a PUT, PATCH or
//! DELETE fails its preflight until `methods` lists it; `allowedHeaders` unset reflects the request's headers.
//!
//! ## Sources
//! - The 404 body (`basic404`): <https://github.com/fastify/fastify/blob/main/lib/four-oh-four.js>
//! - Not-found handlers and encapsulation: <https://fastify.dev/docs/latest/Reference/Server/#setnotfoundhandler>
//! - `keepAliveTimeout` default 72000 ms: <https://fastify.dev/docs/latest/Reference/Server/#keepalivetimeout>
//! - @fastify/cors options and defaults (`methods: 'GET,HEAD,POST'`): <https://github.com/fastify/fastify-cors#options>
//! - `reply.redirect` (302 default): <https://fastify.dev/docs/latest/Reference/Reply/#redirectdest--code>

use super::fix::prelude::*;
use super::signature::rows::*;
use super::signature::Signature;
use super::{Define, Quirk, Stack};
use crate::http::Headers;

/// The human name.
pub(super) const LABEL: &str = "Fastify";

/// Fastify's signature rows.
#[rustfmt::skip]
pub(super) const SIGNATURES: &[Signature] = &[
    row(Stack::Fastify, Body, Has("{\"message\":\"Route "), Some((404, 404)),
        &[C::Body(Has(" not found\",\"error\":\"Not Found\",\"statusCode\":404}"))], Generated, 90,
        "Fastify's 404 (no route for this method and path): body {line}"),
    row(Stack::Fastify, Header("keep-alive"), Is("timeout=72"), ANY,
        &[C::NoHeader("server"), C::NoHeader("x-powered-by")], Generated, 40,
        "Keep-Alive: {value} (Fastify's default keepAliveTimeout, 72 s; Node's own is 5 s), no Server or X-Powered-By"),
    row(Stack::Fastify, Header("access-control-allow-methods"), Is("GET,HEAD,POST"), ANY, &[], Generated, 65,
        "Access-Control-Allow-Methods: {value} (@fastify/cors's default)"),
];

/// Fastify's hooks: quirks and fix snippets.
pub(super) struct Fastify;

impl Define for Fastify {
    fn lang(&self) -> Lang {
        Lang::Js
    }

    /// Fastify answers `Route PUT:/x not found` (404) both for a missing path and for a wrong method on an
    /// existing one. When the body was not recorded (a CORS-blocked 404), its JSON 404 with Fastify's
    /// `Keep-Alive: timeout=72` and no `Server` is the same answer.
    fn wrong_method_404(&self, method: &Method, path: &str, body: &str, headers: &Headers) -> Option<Quirk> {
        let m = method.as_str();
        let evidence = if body.contains(&format!("\"message\":\"Route {m}:")) && body.contains(" not found\"") {
            format!(
                "Body: \"Route {m}:{path} not found\" (Fastify's answer for both a missing path and a wrong \
                method)"
            )
        } else if body.trim().is_empty() && fastify_json_404_headers(headers) {
            format!(
                "404 with Fastify's headers (JSON, Keep-Alive: timeout=72, no Server): the \"Route {m}:{path} not \
                found\" answer Fastify gives both for a missing path and a wrong method (the body itself was not \
                recorded)"
            )
        } else {
            return None;
        };
        Some(Quirk { stack: Stack::Fastify, evidence, says: format!("Route {m}:{path} not found") })
    }

    fn allow_cors(&self, c: &Cors) -> Fix {
        let methods = &c.method_names;
        let headers = &c.header_names;
        let origin = &c.origin;
        let methods_csv = csv(methods);
        let path = &c.path;
        let methods_sq = sq(methods);
        let headers_sq = sq(headers);
        let mut code = format!(
            "// {methods_csv} {path} from {origin}\
            \n// npm install @fastify/cors\
            \nconst cors = require('@fastify/cors');\
            \n\
            \n// On the root instance, before the routes: its hook answers the preflight (204) and, registered \
            here,\
            \n// also runs for Fastify's 404s. The default methods are GET,HEAD,POST only.\
            \nawait fastify.register(cors, {{\
            \n  origin: '{origin}',\
            \n  methods: [{methods_sq}], // every method the frontend sends cross-origin\
            \n  allowedHeaders: [{headers_sq}],\
            \n"
        );
        if c.credentials {
            code.push_str("  credentials: true, // needs an explicit origin, never the wildcard\n");
        }
        code.push_str("});\n");
        fix(c.title("@fastify/cors"), "js", code)
    }

    fn credentials(&self, origin: &str) -> Snippet {
        (
            "js",
            format!(
                "await fastify.register(cors, {{\
            \n  origin: '{origin}', // not the wildcard, and not `true` (which reflects any origin)\
            \n  credentials: true,\
            \n}});\
            \n"
            ),
        )
    }

    fn cors_on_errors(&self, origin: &str) -> Snippet {
        (
            "js",
            format!(
                "// Register cors on the root instance (not inside a prefixed plugin): its onRequest hook then runs \
            for\
            \n// every reply, Fastify's 404s and the error handler's replies included.\
            \nawait fastify.register(cors, {{ origin: '{origin}' }});\
            \n"
            ),
        )
    }

    fn register_route(&self, r: &Route) -> Fix {
        let (title, head, m, path) = (&r.title, &r.head, &r.m, &r.path);
        let route = route_pattern(path, Style::Colon);
        let line = match r.short {
            Some(s) => format!("fastify.{s}('{route}', async (request, reply) => {{"),
            None => format!("fastify.route({{ method: '{m}', url: '{route}', handler: async (request, reply) => {{"),
        };
        let close = if r.short.is_some() { "});" } else { "} });" };
        let note = comment("js", head);
        fix(
            title,
            "js",
            format!(
                "{note}\
            \n// (Fastify answers 404 \"Route {m}:{path} not found\" when no route matches the method.)\
            \n{line}\
            \n  // ...\
            \n  return {{ ok: true }};\
            \n{close}\
            \n"
            ),
        )
    }

    fn redirect_changed(&self, r: &RedirectChanged) -> Snippet {
        let to = &r.to;
        ("js", format!("return reply.redirect('{to}', 307); // reply.redirect(url) alone sends 302\n"))
    }
}

/// Fastify's JSON 404 as its headers show it: `application/json; charset=utf-8`, `Keep-Alive: timeout=72`, no
/// `Server` or `X-Powered-By`.
fn fastify_json_404_headers(headers: &Headers) -> bool {
    let json = headers.get("content-type").is_some_and(|v| v.trim().eq_ignore_ascii_case("application/json; charset=utf-8"));
    let keep_alive = headers.get("keep-alive").is_some_and(|v| v.trim().eq_ignore_ascii_case("timeout=72"));
    json && keep_alive && headers.get("server").is_none() && headers.get("x-powered-by").is_none()
}
