//! # Starlette
//!
//! The ASGI toolkit FastAPI is built on, used on its own; served by uvicorn
//! (`server: uvicorn`) or hypercorn, which name only themselves.
//!
//! ## How it answers
//! - **Wrong method**: 405 with the plain-text body "Method Not Allowed"
//!   (FastAPI's is JSON `{"detail":…}`) and an `Allow` listing the first
//!   matching route's methods (`HEAD` added beside `GET`).
//! - **Missing path**: plain-text 404 "Not Found" — too common a text to name
//!   Starlette by.
//! - **OPTIONS**: a 405 like any unrouted method, unless `CORSMiddleware`
//!   answers the preflight first (200 "OK", or 400 "Disallowed CORS method" /
//!   "…headers" / "…origin" **with** the allowed origin).
//! - **Trailing slash**: `redirect_slashes` answers with 307 (method kept);
//!   `CORSMiddleware` answers the preflight before routing, so only the
//!   actual request is redirected.
//!
//! ## CORS recipe
//! `Starlette(routes=…, middleware=[Middleware(CORSMiddleware,
//! allow_origins=[…], allow_methods=[…], allow_headers=[…])])`. The
//! defaults allow **GET only** and no extra request headers: the docs' minimal
//! form refuses every preflighted PUT, PATCH or DELETE with 400.
//!
//! ## Sources
//! - CORSMiddleware (defaults GET only, max_age 600, 400 on a refused preflight): <https://www.starlette.io/middleware/#corsmiddleware>
//! - Its code ("Disallowed CORS …" bodies): <https://github.com/encode/starlette/blob/master/starlette/middleware/cors.py>
//! - Routing (405 "Method Not Allowed" with `Allow`, 404 "Not Found", `redirect_slashes` 307): <https://github.com/encode/starlette/blob/master/starlette/routing.py>
//! - Plain-text error responses of `HTTPException`: <https://www.starlette.io/exceptions/>

use super::fix::prelude::*;
use super::signature::rows::*;
use super::signature::Signature;
use super::{Define, Stack};

/// The human name.
pub(super) const LABEL: &str = "Starlette";

/// Starlette's signature rows.
#[rustfmt::skip]
pub(super) const SIGNATURES: &[Signature] = &[
    row(Stack::Starlette, Body, Is("Method Not Allowed"), Some((405, 405)),
        &[C::Header("allow", Any), C::Header("content-type", Is("text/plain; charset=utf-8")), C::Header("server", Is("uvicorn"))],
        Generated, 85,
        "Starlette's 405: plain-text \"Method Not Allowed\" with Allow: {h:allow} from {h:server} (an ASGI server; FastAPI's 405 is JSON)"),
    row(Stack::Starlette, Body, Is("Method Not Allowed"), Some((405, 405)),
        &[C::Header("allow", Any), C::Header("content-type", Is("text/plain; charset=utf-8")), C::Header("server", Starts("hypercorn"))],
        Generated, 85,
        "Starlette's 405: plain-text \"Method Not Allowed\" with Allow: {h:allow} from {h:server} (an ASGI server; FastAPI's 405 is JSON)"),
    row(Stack::Starlette, Body, Starts("Disallowed CORS "), Some((400, 400)), &[], Generated, 95,
        "Starlette's CORSMiddleware (FastAPI's too) refused the preflight: body \"{line}\""),
    row(Stack::Starlette, Header("access-control-max-age"), Is("600"), Some((200, 200)),
        &[C::Header("access-control-allow-origin", Any), C::Header("content-type", Is("text/plain; charset=utf-8"))], Generated, 55,
        "Preflight answered with Starlette CORSMiddleware's defaults (Access-Control-Max-Age: 600, text/plain; FastAPI's too)"),
    row(Stack::Starlette, Header("vary"), Is("Origin, Access-Control-Request-Method, Access-Control-Request-Headers, Access-Control-Request-Private-Network"),
        ANY, &[C::Header("access-control-allow-origin", Any)], Generated, 60,
        "Vary: {value} (Starlette CORSMiddleware's preflight answer; FastAPI's too)"),
];

/// Starlette's hooks: fix snippets.
pub(super) struct Starlette;

impl Define for Starlette {
    fn lang(&self) -> Lang {
        Lang::Python
    }

    /// `Router.app` keeps the first route whose path matches (`Match.PARTIAL`) and lets it answer 405 with its own
    /// `methods` (starlette/routing.py, `Route.handle`).
    fn allow_first_route_only(&self) -> bool {
        true
    }

    fn allow_cors(&self, c: &Cors) -> Fix {
        let (methods, headers, origin, path) = (&c.method_names, &c.header_names, &c.origin, &c.path);
        let title = |name: &str| c.title(name);
        let (methods_csv, methods_dq, headers_dq) = (csv(methods), dq(methods), dq(headers));
        let mut code = format!(
            "# {methods_csv} {path} from {origin}\
            \nfrom starlette.middleware import Middleware\
            \nfrom starlette.middleware.cors import CORSMiddleware\
            \n\
            \nmiddleware = [\
            \n    Middleware(\
            \n        CORSMiddleware,\
            \n        allow_origins=[\"{origin}\"],\
            \n        allow_methods=[{methods_dq}],  # the default is GET only\
            \n        allow_headers=[{headers_dq}],\
            \n"
        );
        if c.credentials {
            code.push_str("        allow_credentials=True,  # needs explicit origins, never the wildcard\n");
        }
        code.push_str(
            "    ),\
            \n]\
            \napp = Starlette(routes=routes, middleware=middleware)\
            \n# CORSMiddleware answers the preflight before routing; the route must still accept the method.\
            \n",
        );
        fix(title("CORSMiddleware"), "python", code)
    }

    fn preflight_redirect(&self, r: &PreflightRedirect) -> Fix {
        let (title, head, to_shown) = (&r.title, &r.head, &r.to_shown);
        fix(
            title,
            "python",
            format!(
                "{note}\
                \n# Starlette's redirect_slashes sends 307 when the path lacks (or has) the route's slash;\
                \n# with CORSMiddleware in the app's middleware the preflight is answered before routing:\
                \napp = Starlette(routes=routes, middleware=[Middleware(CORSMiddleware, \
                allow_origins=[\"https://app.example.com\"], allow_methods=[\"*\"], allow_headers=[\"*\"])])\
                \n# and call the exact path ({to_shown}) from the frontend.\
                \n",
                note = comment("python", head),
            ),
        )
    }

    fn credentials(&self, origin: &str) -> Snippet {
        (
            "python",
            format!(
                "Middleware(\
                \n    CORSMiddleware,\
                \n    allow_origins=[\"{origin}\"],  # not the wildcard\
                \n    allow_credentials=True,\
                \n    allow_methods=[\"GET\", \"POST\", \"PUT\", \"PATCH\", \"DELETE\"],\
                \n    allow_headers=[\"Content-Type\", \"Authorization\"],\
                \n)\
                \n"
            ),
        )
    }

    fn cors_on_errors(&self, origin: &str) -> Snippet {
        (
            "python",
            format!(
                "# An unhandled exception's 500 comes from ServerErrorMiddleware, outside the app's middleware\
                \n# list, so it lacks CORS headers. Wrap the whole app instead:\
                \nfrom starlette.middleware.cors import CORSMiddleware\
                \n\
                \ninner = Starlette(routes=routes)\
                \napp = CORSMiddleware(inner, allow_origins=[\"{origin}\"], allow_methods=[\"*\"], allow_headers=[\"*\"])\
                \n"
            ),
        )
    }

    fn register_route(&self, r: &Route) -> Fix {
        let (title, head, names, handler) = (&r.title, &r.head, &r.names, &r.handler);
        let route = route_pattern(&r.path, Style::Brace);
        let names_dq = dq(names);
        let note = comment("python", head);
        fix(
            title,
            "python",
            format!(
                "{note}\
                \n# (Starlette's 405 Allow lists only the first matching route's methods: check every route on this \
                path.)\
                \nasync def {handler}(request):\
                \n    ...\
                \n\
                \nroutes.append(Route(\"{route}\", {handler}, methods=[{names_dq}]))\
                \n"
            ),
        )
    }

    fn redirect_changed(&self, r: &RedirectChanged) -> Snippet {
        let (m, to) = (&r.m, &r.to);
        (
            "python",
            format!(
                "from starlette.responses import RedirectResponse\
                \n\
                \nreturn RedirectResponse(\"{to}\", status_code=307)  # 307 is the default; 301/302/303 turn {m} \
                into GET\
                \n"
            ),
        )
    }
}
