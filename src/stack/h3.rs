//! # h3 (Nitro, Nuxt server routes)
//!
//! The minimal HTTP framework of the UnJS ecosystem: Nitro 2 and Nuxt's `server/` routes run on h3 1.x. No
//! `Server` or `X-Powered-By` header of its own; its errors are JSON (`application/json`, pretty-printed)
//! `{"statusCode": …, "statusMessage": "…", "stack": []}`, and the message is also the HTTP reason phrase.
//!
//! ## How it answers
//! - **Wrong method**: a router made with `createRouter({ preemptive: true })` (as Nitro makes its own) answers
//!   **405** "Method post is not allowed on this route." (lower-case method, no `Allow`); one made with the
//!   defaults (`createRouter()`) lets the request fall through, and the app ends with **404** "Cannot find any
//!   path matching /x?query." — the same answer as for a missing path. That is the quirk hook below.
//! - **OPTIONS**: like any other method: no route, 404/405, unless `handleCors` answers the preflight (204).
//! - **Errors**: an uncaught error becomes `{"statusCode": 500, "stack": []}`; headers appended earlier by
//!   `handleCors`/`appendCorsHeaders` stay on it.
//!
//! ## CORS recipe
//! `if (handleCors(event, { origin, methods, allowHeaders, credentials })) return;` in a middleware before the
//! routes (`app.use`, or a Nitro `server/middleware/` file; Nitro also has `routeRules: { '/api/**': { cors:
//! true } }`). List `methods` explicitly: h3 1.x writes the preflight's headers from the options as passed, not
//! from its documented defaults (`methods: "*"`), so `handleCors(event, {})` sends no
//! `Access-Control-Allow-Methods` and every non-simple method fails its preflight (seen in the lab).
//!
//! ## Sources
//! - Errors (`createError`, `sendError`'s JSON): <https://github.com/h3js/h3/blob/v1/src/error.ts>
//! - The app's 404 "Cannot find any path matching" and the router's 405 / preemptive mode: <https://github.com/h3js/h3/blob/v1/src/app.ts>, <https://github.com/h3js/h3/blob/v1/src/router.ts>
//! - CORS utilities (`handleCors`, `appendCorsPreflightHeaders`, defaults): <https://github.com/h3js/h3/blob/v1/src/utils/cors/handler.ts>, <https://v1.h3.dev/utils/more#cors>
//! - Nitro's route rules (`cors: true`): <https://nitro.build/config#routerules>
//! - `sendRedirect` (302 default): <https://v1.h3.dev/utils/response#sendredirectevent-location-code>

use super::fix::prelude::*;
use super::signature::rows::*;
use super::signature::Signature;
use super::{Define, Quirk, Stack};
use crate::http::Headers;

/// The human name.
pub(super) const LABEL: &str = "h3 (Nitro)";

/// h3's signature rows.
#[rustfmt::skip]
pub(super) const SIGNATURES: &[Signature] = &[
    row(Stack::H3, Body, Has("\"statusMessage\": \""), ERR,
        &[C::Body(Has("\"stack\": [")), C::Body(Starts("{")), C::Header("content-type", Starts("application/json"))], Generated, 85,
        "h3's error JSON (statusCode, statusMessage, stack): {line}"),
];

/// h3's hooks: quirks and fix snippets.
pub(super) struct H3;

impl Define for H3 {
    fn lang(&self) -> Lang {
        Lang::Js
    }

    /// A router with h3's defaults lets a method it has no handler for fall through; the app then answers 404
    /// "Cannot find any path matching /x." — also its answer for a missing path. (A preemptive router's 404 says
    /// "Cannot find any route matching": it answers a wrong method 405, so that 404 is a missing path.)
    fn wrong_method_404(&self, _method: &Method, path: &str, body: &str, _headers: &Headers) -> Option<Quirk> {
        if !(body.contains("\"statusMessage\": \"Cannot find any path matching ") && body.contains("\"stack\": [")) {
            return None;
        }
        Some(Quirk {
            stack: Stack::H3,
            says: format!("Cannot find any path matching {path}."),
            evidence: format!(
                "Body: \"Cannot find any path matching {path}\" (h3's answer when no handler took the request: a \
                missing path, or a method its router has no handler for)"
            ),
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
            \nimport {{ defineEventHandler, handleCors }} from 'h3';\
            \n\
            \n// A middleware before the routes (Nitro: server/middleware/cors.js). List the methods: h3 1.x\
            \n// writes the preflight's headers from these options only, not from its defaults.\
            \nexport default defineEventHandler((event) => {{\
            \n  if (handleCors(event, {{\
            \n    origin: ['{origin}'],\
            \n    methods: [{methods_sq}], // every method the frontend sends cross-origin\
            \n    allowHeaders: [{headers_sq}],\
            \n"
        );
        if c.credentials {
            code.push_str("    credentials: true, // needs an explicit origin, never the wildcard\n");
        }
        code.push_str(
            "  })) {\
            \n    return; // the preflight: answered 204\
            \n  }\
            \n});\
            \n",
        );
        fix(c.title("handleCors"), "js", code)
    }

    fn credentials(&self, origin: &str) -> Snippet {
        (
            "js",
            format!(
                "if (handleCors(event, {{\
            \n  origin: ['{origin}'], // not the wildcard\
            \n  methods: ['GET', 'POST', 'PUT', 'DELETE'],\
            \n  credentials: true,\
            \n}})) return;\
            \n"
            ),
        )
    }

    fn cors_on_errors(&self, origin: &str) -> Snippet {
        (
            "js",
            format!(
                "// In a middleware that runs first: appendCorsHeaders() sets the headers on the event's response,\
            \n// and h3 keeps them when a later handler throws.\
            \nif (handleCors(event, {{ origin: ['{origin}'], methods: ['GET', 'POST', 'PUT', 'DELETE'] }})) return;\
            \n"
            ),
        )
    }

    fn register_route(&self, r: &Route) -> Fix {
        let (title, head, path, m) = (&r.title, &r.head, &r.path, &r.m);
        let route = route_pattern(path, Style::Colon);
        let verb = r.short.map_or_else(|| format!("use('{route}', handler, '{m}')"), |s| format!("{s}('{route}', handler)"));
        let note = comment("js", head);
        fix(
            title,
            "js",
            format!(
                "{note}\
            \n// h3: router.{verb}; Nitro/Nuxt: a file server/api/…/[id].{lower}.js\
            \nconst handler = defineEventHandler(async (event) => {{\
            \n  // ...\
            \n  return {{ ok: true }};\
            \n}});\
            \nrouter.{verb};\
            \n",
                lower = r.short.unwrap_or("method")
            ),
        )
    }

    fn redirect_changed(&self, r: &RedirectChanged) -> Snippet {
        let to = &r.to;
        ("js", format!("return sendRedirect(event, '{to}', 307); // sendRedirect(event, url) alone sends 302\n"))
    }
}
