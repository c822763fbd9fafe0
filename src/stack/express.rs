//! # Express
//!
//! A Node.js web framework (`X-Powered-By: Express` unless disabled).
//!
//! ## How it answers
//! - **Wrong method**: no 405 at all: a path with no route for the method
//!   falls through to finalhandler's **404** "Cannot PUT /x", the same page as
//!   a missing path (`Content-Security-Policy: default-src 'none'`,
//!   `X-Content-Type-Options: nosniff`). That is the quirk hook below.
//! - **OPTIONS**: answered 200 with `Allow` for a path with routes, or by the
//!   cors middleware (204) when it runs first.
//! - **Errors**: the error handler (last `app.use`) answers; headers set
//!   earlier by middleware such as cors stay on the response.
//!
//! ## CORS recipe
//! The npm `cors` package before every route and before auth:
//! `app.use(cors({ origin, methods, allowedHeaders, credentials }))`; its
//! default `Access-Control-Allow-Methods` is `GET,HEAD,PUT,PATCH,POST,DELETE`.
//!
//! ## Sources
//! - Routing: <https://expressjs.com/en/guide/routing.html>
//! - finalhandler (the 404 page and its headers): <https://github.com/pillarjs/finalhandler#readme>
//! - cors middleware and its defaults: <https://github.com/expressjs/cors#configuration-options>
//! - `res.redirect` (302 default): <https://expressjs.com/en/api.html#res.redirect>
//! - Error handling: <https://expressjs.com/en/guide/error-handling.html>

use super::fix::prelude::*;
use super::signature::rows::*;
use super::signature::Signature;
use super::{Define, Quirk, Stack};
use crate::http::Headers;

/// The human name.
pub(super) const LABEL: &str = "Express";

/// Express's signature rows.
#[rustfmt::skip]
pub(super) const SIGNATURES: &[Signature] = &[
    row(Stack::Express, Body, Has("<pre>Cannot "), Some((404, 404)), &[], Generated, 90,
        "Express's (finalhandler) 404 page: body contains \"{line}\""),
    row(Stack::Express, Header("x-powered-by"), Is("Express"), ANY, &[], Generated, 75, "X-Powered-By: {value}"),
    row(Stack::Express, Header("content-security-policy"), Is("default-src 'none'"), Some((404, 404)),
        &[C::Header("x-content-type-options", Is("nosniff")), C::Header("content-type", Is("text/html; charset=utf-8"))], Generated, 60,
        "Express's (finalhandler) 404 headers: Content-Security-Policy: default-src 'none' with X-Content-Type-Options: nosniff"),
    row(Stack::Express, Header("access-control-allow-methods"), Is("GET,HEAD,PUT,PATCH,POST,DELETE"), ANY, &[], Generated, 65,
        "Access-Control-Allow-Methods: {value} (the npm cors package's default)"),
];

/// Express's hooks: quirks and fix snippets.
pub(super) struct Express;

impl Define for Express {
    fn lang(&self) -> Lang {
        Lang::Js
    }

    /// finalhandler answers "Cannot PUT /x" (404) both for a missing path and
    /// for a wrong method on an existing one. The body of a CORS-blocked
    /// response is not recorded; finalhandler's headers
    /// (`Content-Security-Policy: default-src 'none'` + nosniff on a 404)
    /// identify the same default page.
    fn wrong_method_404(&self, method: &Method, path: &str, body: &str, headers: &Headers) -> Option<Quirk> {
        let csp_none = headers.get("content-security-policy").is_some_and(|v| v.trim() == "default-src 'none'");
        let nosniff = headers.get("x-content-type-options").is_some_and(|v| v.trim().eq_ignore_ascii_case("nosniff"));
        let finalhandler_headers = body.trim().is_empty() && csp_none && nosniff;
        let evidence = if finalhandler_headers {
            format!(
                "404 with Express's default-page headers (Content-Security-Policy: default-src \
                'none', X-Content-Type-Options: nosniff): the \"Cannot {method} {path}\" page \
                Express answers both for a missing path and a wrong method (the body itself was \
                not recorded)"
            )
        } else if body.contains(&format!("Cannot {m} ", m = method.as_str())) {
            format!(
                "Body: \"Cannot {method} {path}\" (Express's answer for both a missing path \
                and a wrong method)"
            )
        } else {
            return None;
        };
        Some(Quirk { stack: Stack::Express, evidence, says: format!("Cannot {method} {path}") })
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
            \n// npm install cors\
            \nconst cors = require('cors');\
            \n\
            \nconst corsOptions = {{\
            \n  origin: '{origin}',\
            \n  methods: [{methods_sq}], // every method the frontend sends cross-origin\
            \n  allowedHeaders: [{headers_sq}],\
            \n"
        );
        if cred {
            code.push_str("  credentials: true, // needs an explicit origin, never the wildcard\n");
        }
        code.push_str(
            "};\
            \n\
            \n// Before every route and before auth middleware: it answers the preflight (204) \
            itself.\
            \napp.use(cors(corsOptions));\
            \n",
        );
        fix(title("the cors middleware"), "js", code)
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
            \napp.use(cors(corsOptions)); // first: ends the preflight with 204\
            \napp.use((req, res, next) => {{\
            \n  if (req.method === 'OPTIONS') return next();\
            \n  return requireAuth(req, res, next);\
            \n}});\
            \n// ... routes ...\
            \n"
            ),
        )
    }

    fn credentials(&self, origin: &str) -> Snippet {
        (
            "js",
            format!(
                "app.use(cors({{\
            \n  origin: '{origin}', // not the wildcard, and not `true` (which reflects any origin)\
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
                "app.use(cors({{ origin: '{origin}' }})); // first, before body parsers and \
            auth, so every response has the headers\
            \n// ... routes ...\
            \n// error handler last: cors already set the headers on res\
            \napp.use((err, req, res, next) => {{\
            \n  res.status(err.status || 500).json({{ error: err.message }});\
            \n}});\
            \n"
            ),
        )
    }

    fn register_route(&self, r: &Route) -> Fix {
        let title = &r.title;
        let head = &r.head;
        let m = &r.m;
        let short = r.short;
        let path = &r.path;
        let r = route_pattern(path, Style::Colon);
        let line = match short {
            Some(s) => format!(
                "app.{s}('{r}', (req, res) => {{\
                \n  // ...\
                \n  res.json({{ ok: true }});\
                \n}});\
                \n"
            ),
            None => format!(
                "app.all('{r}', (req, res, next) => {{\
                \n  if (req.method !== '{m}') return next();\
                \n  // ...\
                \n  res.json({{ ok: true }});\
                \n}});\
                \n"
            ),
        };
        let note = comment("js", head);
        fix(
            title,
            "js",
            format!(
                "{note}\
            \n// (Express answers 404 \"Cannot {m} {path}\" when no route matches the method.)\
            \napp.use(express.json());\
            \n{line}"
            ),
        )
    }

    fn redirect_changed(&self, r: &RedirectChanged) -> Snippet {
        let to = &r.to;
        ("js", format!("res.redirect(307, '{to}'); // res.redirect(url) alone sends 302\n"))
    }
}
