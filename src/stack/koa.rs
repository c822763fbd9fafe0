//! # Koa
//!
//! A Node.js middleware framework, routing through @koa/router (koa-router);
//! no `Server` or `X-Powered-By` header of its own.
//!
//! ## How it answers
//! - **Wrong method**: `router.allowedMethods()` answers 405 "Method Not
//!   Allowed" (text/plain) with `Allow`, and 501 "Not Implemented" for
//!   unknown methods; without it, 404.
//! - **OPTIONS**: `allowedMethods()` answers 200 with `Allow`, unless
//!   @koa/cors answers the preflight first.
//! - **Errors**: thrown errors replace the response headers unless @koa/cors
//!   has `keepHeadersOnError`.
//!
//! ## CORS recipe
//! `app.use(cors({ origin, allowMethods, allowHeaders, credentials }))`
//! before the router; @koa/cors's default methods are
//! `GET,HEAD,PUT,POST,DELETE,PATCH`.
//!
//! ## Sources
//! - @koa/router `allowedMethods`: <https://github.com/koajs/router/blob/master/API.md#routerallowedmethodsoptions--function>
//! - @koa/cors options and defaults: <https://github.com/koajs/cors#corsoptions>
//! - `ctx.redirect` (302 default): <https://koajs.com/#response-redirect-url-alt->

use super::fix::prelude::*;
use super::signature::rows::*;
use super::signature::Signature;
use super::{Define, Stack};

/// The human name.
pub(super) const LABEL: &str = "Koa";

/// Koa's signature rows.
#[rustfmt::skip]
pub(super) const SIGNATURES: &[Signature] = &[
    row(Stack::Koa, Header("access-control-allow-methods"), Is("GET,HEAD,PUT,POST,DELETE,PATCH"), ANY, &[], Generated, 65,
        "Access-Control-Allow-Methods: {value} (@koa/cors's default)"),
    row(Stack::Koa, Body, Is("Method Not Allowed"), Some((405, 405)),
        &[C::Header("allow", Any), C::Header("content-type", Starts("text/plain")), C::NoHeader("server"), C::NoHeader("x-powered-by")],
        Generated, 60,
        "koa-router allowedMethods(): plain-text \"Method Not Allowed\" with Allow: {h:allow}, no Server or X-Powered-By"),
    row(Stack::Koa, Header("allow"), Any, Some((405, 405)),
        &[C::NoBody, C::Header("content-type", Is("text/plain; charset=utf-8")), C::Header("keep-alive", Starts("timeout=")),
          C::NoHeader("server"), C::NoHeader("x-powered-by")],
        Generated, 40,
        "Node.js 405 in koa-router's shape: text/plain with Allow: {value}, Keep-Alive: {h:keep-alive}, no Server or X-Powered-By (body not recorded)"),
    row(Stack::Koa, Body, Is("Not Implemented"), Some((501, 501)),
        &[C::Header("content-type", Starts("text/plain")), C::NoHeader("server"), C::NoHeader("x-powered-by")], Generated, 45,
        "koa-router allowedMethods(): plain-text \"Not Implemented\", no Server or X-Powered-By"),
];

/// Koa's hooks: quirks and fix snippets.
pub(super) struct Koa;

impl Define for Koa {
    fn lang(&self) -> Lang {
        Lang::Js
    }

    fn allow_cors(&self, c: &Cors) -> Fix {
        let methods = &c.method_names;
        let headers = &c.header_names;
        let cred = c.credentials;
        let origin = &c.origin;
        let title = |name: &str| c.title(name);
        let methods_csv = csv(methods);
        let path = &c.path;
        let methods_sq = sq(methods);
        let headers_sq = sq(headers);
        let mut code = format!(
            "// {methods_csv} {path} from {origin}\
            \n// npm install @koa/cors\
            \nconst cors = require('@koa/cors');\
            \n\
            \napp.use(cors({{\
            \n  origin: '{origin}',\
            \n  allowMethods: [{methods_sq}], // every method the frontend sends cross-origin\
            \n  allowHeaders: [{headers_sq}],\
            \n"
        );
        if cred {
            code.push_str("  credentials: true, // needs an explicit origin, never the wildcard\n");
        }
        code.push_str(
            "}));\
            \n// then the router, so the preflight never reaches allowedMethods()\
            \napp.use(router.routes());\
            \napp.use(router.allowedMethods());\
            \n",
        );
        fix(title("@koa/cors"), "js", code)
    }

    fn preflight_before_auth(&self, a: &BeforeAuth) -> Fix {
        let title = &a.title;
        let head = &a.head;
        let note = comment("js", head);
        fix(
            title,
            "js",
            format!(
                "{note}\
            \napp.use(cors({{ origin: 'https://app.example.com' }})); // before auth: answers the \
            preflight\
            \napp.use(async (ctx, next) => {{\
            \n  if (ctx.method === 'OPTIONS') return next();\
            \n  await requireAuth(ctx, next);\
            \n}});\
            \napp.use(router.routes());\
            \n"
            ),
        )
    }

    fn credentials(&self, origin: &str) -> Snippet {
        (
            "js",
            format!(
                "app.use(cors({{\
            \n  origin: '{origin}',\
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
                "app.use(cors({{\
            \n  origin: '{origin}',\
            \n  keepHeadersOnError: true, // copy the CORS headers onto thrown errors\
            \n}}));\
            \n"
            ),
        )
    }

    fn register_route(&self, r: &Route) -> Fix {
        let title = &r.title;
        let head = &r.head;
        let short = r.short;
        let path = &r.path;
        let r = route_pattern(path, Style::Colon);
        let verb = short.unwrap_or("all");
        let note = comment("js", head);
        fix(
            title,
            "js",
            format!(
                "{note}\
            \nrouter.{verb}('{r}', async (ctx) => {{\
            \n  // ...\
            \n  ctx.body = {{ ok: true }};\
            \n}});\
            \napp.use(router.routes());\
            \napp.use(router.allowedMethods());\
            \n"
            ),
        )
    }

    fn redirect_changed(&self, r: &RedirectChanged) -> Snippet {
        let to = &r.to;
        (
            "js",
            format!(
                "ctx.status = 307; // set before redirect(), which otherwise uses 302\
            \nctx.redirect('{to}');\
            \n"
            ),
        )
    }
}
