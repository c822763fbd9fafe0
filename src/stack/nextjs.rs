//! # Next.js (App Router route handlers)
//!
//! React's full-stack framework; its App Router serves API endpoints from `app/…/route.js` files that export
//! one function per HTTP method (`export async function GET(request) …`). Every App Router response carries
//! `Vary: rsc, next-router-state-tree, next-router-prefetch, next-router-segment-prefetch` (the router's own
//! request headers); its pages (the 404 page too) carry `X-Powered-By: Next.js` unless `poweredByHeader: false`.
//!
//! ## How it answers
//! - **Wrong method**: a route file that does not export the method answers **405** with an empty body, no
//!   `Content-Type` and no `Allow`.
//! - **OPTIONS**: a route file without an `OPTIONS` export gets an automatic one: **204** with `Allow` listing
//!   the exported methods (plus `OPTIONS`, and `HEAD` when `GET` is there), and no CORS headers of its own.
//! - **Missing path**: the prerendered 404 page (HTML, `X-Powered-By: Next.js`, `x-nextjs-cache`), for every
//!   method, OPTIONS included: a preflight to a path without a `route.js` fails with 404.
//! - **Errors**: a handler that throws gets an empty 500; headers from `next.config.js` stay on it.
//! - **Middleware** (`proxy.js`): a response it makes itself (the docs' CORS recipe answers the preflight there)
//!   carries none of the router's headers, so nothing on it names Next.js.
//!
//! ## CORS recipe
//! Either response headers for the API paths in `next.config.js` (`async headers()`: `Access-Control-Allow-*`
//! on every response there, the automatic OPTIONS answer included), or the headers set in the handler and an
//! `OPTIONS` export that answers the preflight, or middleware (`middleware.js`, `proxy.js` since Next.js 16).
//!
//! ## Sources
//! - Route handlers (methods, automatic OPTIONS/HEAD, 405, CORS in the handler): <https://nextjs.org/docs/app/api-reference/file-conventions/route>
//! - The 405 and the automatic OPTIONS (`autoImplementMethods`): <https://github.com/vercel/next.js/blob/canary/packages/next/src/server/route-modules/app-route/helpers/auto-implement-methods.ts>
//! - The `Vary` header (`setVaryHeader`): <https://github.com/vercel/next.js/blob/canary/packages/next/src/server/base-server.ts>
//! - `X-Powered-By: Next.js` (`poweredByHeader`): <https://nextjs.org/docs/app/api-reference/config/next-config-js/poweredByHeader>
//! - `headers()` in next.config.js (the CORS recipe): <https://nextjs.org/docs/app/api-reference/config/next-config-js/headers#cors>
//! - `x-nextjs-cache`: <https://nextjs.org/docs/app/guides/incremental-static-regeneration>
//! - `redirect()`/`NextResponse.redirect` (307 default): <https://nextjs.org/docs/app/api-reference/functions/next-response#redirect>

use super::fix::prelude::*;
use super::signature::rows::*;
use super::signature::Signature;
use super::{Define, Stack};

/// The human name.
pub(super) const LABEL: &str = "Next.js";

/// Next.js's signature rows.
#[rustfmt::skip]
pub(super) const SIGNATURES: &[Signature] = &[
    row(Stack::Nextjs, Header("vary"), Has("next-router-state-tree"), ANY, &[], Generated, 80,
        "Vary: {value} (the Next.js App Router's own request headers)"),
    row(Stack::Nextjs, Header("x-powered-by"), Is("Next.js"), ANY, &[], Generated, 80, "X-Powered-By: {value}"),
    row(Stack::Nextjs, Header("x-nextjs-cache"), Any, ANY, &[], Generated, 70, "x-nextjs-cache: {value} (Next.js's page cache)"),
];

/// Next.js's hooks: fix snippets.
pub(super) struct Nextjs;

impl Define for Nextjs {
    fn lang(&self) -> Lang {
        Lang::Js
    }

    fn allow_cors(&self, c: &Cors) -> Fix {
        let origin = &c.origin;
        let methods_csv = csv(&c.method_names);
        let headers_csv = csv(&c.header_names);
        let path = &c.path;
        let source = next_source(&route_pattern(path, Style::Colon).to_string());
        let cred = if c.credentials {
            "\n          { key: 'Access-Control-Allow-Credentials', value: 'true' }, // with an explicit origin only"
        } else {
            ""
        };
        let code = format!(
            "// {methods_csv} {path} from {origin}\
            \n// next.config.js: the headers go on every response of these paths, the preflight's too (a route.js\
            \n// without an OPTIONS export answers it 204 itself). Every method must also be exported by route.js.\
            \nmodule.exports = {{\
            \n  async headers() {{\
            \n    return [\
            \n      {{\
            \n        source: '{source}',\
            \n        headers: [\
            \n          {{ key: 'Access-Control-Allow-Origin', value: '{origin}' }},\
            \n          {{ key: 'Access-Control-Allow-Methods', value: '{methods_csv}, OPTIONS' }},\
            \n          {{ key: 'Access-Control-Allow-Headers', value: '{headers_csv}' }},{cred}\
            \n        ],\
            \n      }},\
            \n    ];\
            \n  }},\
            \n}};\
            \n"
        );
        fix(c.title("headers() in next.config.js"), "js", code)
    }

    fn credentials(&self, origin: &str) -> Snippet {
        (
            "js",
            format!(
                "// next.config.js headers() (or the route handler's own headers):\
            \n{{ key: 'Access-Control-Allow-Origin', value: '{origin}' }}, // not the wildcard\
            \n{{ key: 'Access-Control-Allow-Credentials', value: 'true' }},\
            \n"
            ),
        )
    }

    fn cors_on_errors(&self, origin: &str) -> Snippet {
        (
            "js",
            format!(
                "// next.config.js: headers() apply to every response of the path, errors included\
            \n// (headers set inside a handler are lost when it throws).\
            \n{{ key: 'Access-Control-Allow-Origin', value: '{origin}' }},\
            \n"
            ),
        )
    }

    fn register_route(&self, r: &Route) -> Fix {
        let (title, head, path) = (&r.title, &r.head, &r.path);
        let file = format!("app{dir}/route.js", dir = next_dir(&route_pattern(path, Style::Colon).to_string()));
        let note = comment("js", head);
        let export = match r.short {
            Some(_) if next_method(r.method) => {
                let m = &r.m;
                format!(
                    "export async function {m}(request, {{ params }}) {{\
                    \n  // ...\
                    \n  return Response.json({{ ok: true }});\
                    \n}}\
                    \n"
                )
            }
            _ => "// Next.js route handlers answer GET, HEAD, OPTIONS, POST, PUT, DELETE and PATCH only: serve this\
                \n// method from a custom server or another service.\
                \n"
            .to_string(),
        };
        fix(
            title,
            "js",
            format!(
                "{note}\
            \n// {file}: a method the file does not export gets Next.js's 405.\
            \n{export}"
            ),
        )
    }

    fn redirect_changed(&self, r: &RedirectChanged) -> Snippet {
        let to = &r.to;
        (
            "js",
            format!(
                "// in a route handler: 307 (or 308) keeps the method and the body; 302/303 turn them into a GET\
            \nreturn NextResponse.redirect(new URL('{to}', request.url), 307);\
            \n"
            ),
        )
    }
}

/// The methods a route handler can export.
fn next_method(m: &Method) -> bool {
    matches!(m, Method::Get | Method::Head | Method::Options | Method::Post | Method::Put | Method::Delete | Method::Patch)
}

/// A route pattern (`/api/items/:id`, already escaped) as the folder of its `route.js` (`/api/items/[id]`).
fn next_dir(pattern: &str) -> String {
    pattern
        .split('/')
        .map(|seg| match seg.strip_prefix(':') {
            Some(name) => format!("[{name}]"),
            None => seg.to_string(),
        })
        .collect::<Vec<_>>()
        .join("/")
        .trim_end_matches('/')
        .to_string()
}

/// A route pattern (already escaped) as a `headers()` source matching it: its parameters keep Next's `:name`
/// syntax, and `/:path*` covers what lies below.
fn next_source(pattern: &str) -> String {
    format!("{p}/:path*", p = pattern.trim_end_matches('/'))
}
