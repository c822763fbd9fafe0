//! # Hono
//!
//! A Web-standards framework (Request/Response handlers) that runs on Node.js through @hono/node-server, and on
//! Deno, Bun, Cloudflare Workers; no `Server` or `X-Powered-By` header of its own. Its text responses say
//! `text/plain; charset=UTF-8` (upper-case `UTF-8`).
//!
//! ## How it answers
//! - **Wrong method**: no 405: a method without a route falls to the not-found handler, plain-text **404**
//!   "404 Not Found", the same as a missing path. That is the quirk hook below.
//! - **OPTIONS**: like any other method (404) unless the cors middleware answers the preflight (204).
//! - **Errors**: the error handler answers 500 "Internal Server Error" (text/plain); headers the cors
//!   middleware set before `await next()` stay on it.
//!
//! ## CORS recipe
//! `app.use('/api/*', cors({ origin, allowMethods, allowHeaders, credentials }))` before the routes; its default
//! `allowMethods` is `GET,HEAD,PUT,POST,DELETE,PATCH,QUERY` (Hono 4.13; older versions without `QUERY`, which is
//! also @koa/cors's default list).
//!
//! ## Sources
//! - The not-found handler (`c.text('404 Not Found', 404)`): <https://github.com/honojs/hono/blob/main/src/hono-base.ts>, <https://hono.dev/docs/api/hono#not-found>
//! - `c.text()`'s `text/plain; charset=UTF-8`: <https://github.com/honojs/hono/blob/main/src/context.ts>
//! - CORS middleware and its defaults: <https://hono.dev/docs/middleware/builtin/cors>, <https://github.com/honojs/hono/blob/main/src/middleware/cors/index.ts>
//! - `c.redirect` (302 default): <https://hono.dev/docs/api/context#redirect>

use super::fix::prelude::*;
use super::signature::rows::*;
use super::signature::Signature;
use super::{Define, Quirk, Stack};
use crate::http::Headers;

/// The human name.
pub(super) const LABEL: &str = "Hono";

/// Hono's plain-text answers' content type (case-sensitive: `UTF-8`).
const HONO_TEXT: &str = "text/plain; charset=UTF-8";

/// Hono's signature rows.
#[rustfmt::skip]
pub(super) const SIGNATURES: &[Signature] = &[
    row(Stack::Hono, Header("access-control-allow-methods"), Is("GET,HEAD,PUT,POST,DELETE,PATCH,QUERY"), ANY, &[], Generated, 70,
        "Access-Control-Allow-Methods: {value} (hono/cors's default)"),
    row(Stack::Hono, Body, Is("404 Not Found"), Some((404, 404)),
        &[C::Header("content-type", Case(HONO_TEXT)), C::NoHeader("server"), C::NoHeader("x-powered-by")], Generated, 50,
        "Hono's not-found handler: plain-text \"404 Not Found\" (Content-Type: {h:content-type}), no Server or X-Powered-By"),
];

/// Hono's hooks: quirks and fix snippets.
pub(super) struct Hono;

impl Define for Hono {
    fn lang(&self) -> Lang {
        Lang::Js
    }

    /// Hono's not-found handler answers "404 Not Found" both for a missing path and for a method without a
    /// route: its body with Hono's `text/plain; charset=UTF-8` and no `Server`.
    fn wrong_method_404(&self, method: &Method, path: &str, body: &str, headers: &Headers) -> Option<Quirk> {
        let hono_text = headers.get("content-type").is_some_and(|v| v.trim() == HONO_TEXT);
        if body.trim() != "404 Not Found" || !hono_text || headers.get("server").is_some() {
            return None;
        }
        Some(Quirk {
            stack: Stack::Hono,
            evidence: format!(
                "Body: \"404 Not Found\" (text/plain; charset=UTF-8): Hono's not-found handler, its answer both for a \
                missing path and for {method} without a route on {path}"
            ),
            says: "404 Not Found".into(),
        })
    }

    fn allow_cors(&self, c: &Cors) -> Fix {
        let origin = &c.origin;
        let methods_csv = csv(&c.method_names);
        let path = &c.path;
        let methods_sq = sq(&c.method_names);
        let headers_sq = sq(&c.header_names);
        let mut code = format!(
            "// {methods_csv} {path} from {origin}\
            \nimport {{ cors }} from 'hono/cors';\
            \n\
            \n// Before the routes, on every path the frontend calls: it answers the preflight (204) itself.\
            \napp.use('/*', cors({{\
            \n  origin: '{origin}',\
            \n  allowMethods: [{methods_sq}], // every method the frontend sends cross-origin\
            \n  allowHeaders: [{headers_sq}],\
            \n"
        );
        if c.credentials {
            code.push_str("  credentials: true, // needs an explicit origin, never the wildcard\n");
        }
        code.push_str("}));\n");
        fix(c.title("hono/cors"), "js", code)
    }

    fn credentials(&self, origin: &str) -> Snippet {
        (
            "js",
            format!(
                "app.use('/*', cors({{\
            \n  origin: '{origin}', // not the wildcard\
            \n  credentials: true,\
            \n}}));\
            \n"
            ),
        )
    }

    fn cors_on_errors(&self, origin: &str) -> Snippet {
        (
            "js",
            format!(
                "// first, so its headers are on every response (app.onError's and app.notFound's too)\
            \napp.use('/*', cors({{ origin: '{origin}' }}));\
            \n"
            ),
        )
    }

    fn register_route(&self, r: &Route) -> Fix {
        let (title, head, path, m) = (&r.title, &r.head, &r.path, &r.m);
        let route = route_pattern(path, Style::Colon);
        let line = match r.short {
            Some(s) => format!("app.{s}('{route}', async (c) => {{"),
            None => format!("app.on('{m}', '{route}', async (c) => {{"),
        };
        let note = comment("js", head);
        fix(
            title,
            "js",
            format!(
                "{note}\
            \n// (Hono answers 404 \"404 Not Found\" when no route matches the method.)\
            \n{line}\
            \n  // ...\
            \n  return c.json({{ ok: true }});\
            \n}});\
            \n"
            ),
        )
    }

    fn redirect_changed(&self, r: &RedirectChanged) -> Snippet {
        let to = &r.to;
        ("js", format!("return c.redirect('{to}', 307); // c.redirect(url) alone sends 302\n"))
    }
}
