//! # Quart
//!
//! The Flask API on ASGI, usually served by hypercorn (`server:
//! hypercorn-h11`); routing and error pages are Werkzeug's, as in Flask.
//!
//! ## How it answers
//! - **Wrong method**: 405 with Werkzeug's HTML page ("The method is not
//!   allowed for the requested URL.") and `Allow` — the same page as Flask's,
//!   so the body alone does not tell them apart: an ASGI server's `Server`
//!   header beside it does.
//! - **OPTIONS**: answered automatically (200 + `Allow`) for every route.
//! - **Trailing slash**: a URL missing the route's slash gets Werkzeug's 308,
//!   the preflight too.
//! - **Without a body** (Chromium keeps none for a CORS-blocked response):
//!   Werkzeug's pages have fixed sizes — `Content-Length: 153` for the 405,
//!   207 for the 404 — which, with text/html from hypercorn, tell them from
//!   Django's empty ASGI 405 or Starlette's plain-text pages.
//! - **Errors of routing** (404, 405, 308) are raised before a blueprint is
//!   known, so a blueprint's `after_request` hooks — quart-cors applied to a
//!   blueprint — never add their headers to them.
//!
//! ## CORS recipe
//! quart-cors: `app = cors(app, allow_origin="https://app.example.com")` (or on
//! a blueprint), `allow_methods=[…]`, `allow_credentials=True`, per route
//! `@route_cors(…)`. Its default `expose_headers` is `[""]`, which Werkzeug
//! writes as the literal `Access-Control-Expose-Headers: ""` on every response
//! it touches: a quart-cors fingerprint. A preflight for a method outside
//! `allow_methods` gets the origin but no `Access-Control-Allow-Methods`.
//!
//! ## Sources
//! - quart-cors (defaults, `cors`, `route_cors`, `_apply_cors`): <https://github.com/pgjones/quart-cors/blob/main/src/quart_cors/__init__.py>
//! - Quart routing, automatic OPTIONS and blueprints: <https://quart.palletsprojects.com/en/latest/how_to_guides/routing.html>
//! - Quart's app (`after_request` per blueprint, Werkzeug `HTTPException` responses): <https://github.com/pallets/quart/blob/main/src/quart/app.py>
//! - Werkzeug's 405 page and 308 slash redirect: <https://werkzeug.palletsprojects.com/en/stable/exceptions/>, <https://werkzeug.palletsprojects.com/en/stable/routing/#rule-format>
//! - Hypercorn's `server` header (`hypercorn-h11`, `hypercorn-h2`): <https://github.com/pgjones/hypercorn/blob/main/src/hypercorn/protocol/http_stream.py>

use super::fix::prelude::*;
use super::signature::rows::*;
use super::signature::Signature;
use super::{Define, Stack};

/// The human name.
pub(super) const LABEL: &str = "Quart";

/// Quart's signature rows.
#[rustfmt::skip]
pub(super) const SIGNATURES: &[Signature] = &[
    row(Stack::Quart, Header("access-control-expose-headers"), Is("\"\""), ANY, &[], Generated, 75,
        "Access-Control-Expose-Headers: \"\" (quart-cors's default expose_headers, [\"\"], as Werkzeug writes it)"),
    row(Stack::Quart, Body, Has("<p>The method is not allowed for the requested URL.</p>"), Some((405, 405)),
        &[C::Header("server", Starts("hypercorn"))], Generated, 92,
        "Werkzeug's 405 page served by {h:server} (an ASGI server): Quart, which raises Werkzeug's exceptions"),
    row(Stack::Quart, Header("content-length"), Is("153"), Some((405, 405)),
        &[C::Header("allow", Any), C::Header("server", Starts("hypercorn")), C::Header("content-type", Is("text/html; charset=utf-8"))],
        Generated, 70,
        "405 with Allow: {h:allow}, text/html and Content-Length: 153 (the size of Werkzeug's 405 page) from {h:server}: Quart (body not recorded)"),
    row(Stack::Quart, Header("content-length"), Is("207"), Some((404, 404)),
        &[C::Header("server", Starts("hypercorn")), C::Header("content-type", Is("text/html; charset=utf-8"))], Generated, 70,
        "404 with text/html and Content-Length: 207 (the size of Werkzeug's 404 page) from {h:server}: Quart (body not recorded)"),
    row(Stack::Quart, Header("location"), Any, Some((308, 308)),
        &[C::Header("server", Starts("hypercorn")), C::Header("content-type", Is("text/html; charset=utf-8"))], Generated, 65,
        "Werkzeug's 308 slash redirect (text/html) from {h:server}: Quart's routing"),
];

/// Quart's hooks: fix snippets.
pub(super) struct Quart;

impl Define for Quart {
    fn lang(&self) -> Lang {
        Lang::Python
    }

    fn allow_cors(&self, c: &Cors) -> Fix {
        let (methods, headers, origin, path) = (&c.method_names, &c.header_names, &c.origin, &c.path);
        let title = |name: &str| c.title(name);
        let (methods_csv, methods_dq, headers_dq) = (csv(methods), dq(methods), dq(headers));
        let route = route_pattern(path, Style::Angle);
        let handler = handler_name(&Method::parse(&c.first_method), &c.path);
        let args = param_names(&c.path).join(", ");
        let mut code = format!(
            "# {methods_csv} {path} from {origin}\
            \n# pip install quart-cors\
            \nfrom quart_cors import cors\
            \n\
            \n# On the app, not a blueprint: a blueprint's after_request never runs for routing errors\
            \n# (404, 405, the slash redirect), which then reach the page without CORS headers.\
            \napp = cors(\
            \n    app,\
            \n    allow_origin=\"{origin}\",\
            \n    allow_methods=[{methods_dq}],\
            \n    allow_headers=[{headers_dq}],\
            \n"
        );
        if c.credentials {
            code.push_str("    allow_credentials=True,  # needs an explicit origin, never the wildcard\n");
        }
        code.push_str(&format!(
            ")\
            \n\
            \n# and the route itself must accept the method (Quart answers OPTIONS for you):\
            \n@app.route(\"{route}\", methods=[{methods_dq}])\
            \nasync def {handler}({args}):\
            \n    ...\
            \n"
        ));
        fix(title("quart-cors"), "python", code)
    }

    fn preflight_redirect(&self, r: &PreflightRedirect) -> Fix {
        let (title, head, to_shown, to, from) = (&r.title, &r.head, &r.to_shown, &r.to, &r.from);
        let route = route_pattern(&url_path(if to.is_blank() { from } else { to }), Style::Angle);
        fix(
            title,
            "python",
            format!(
                "{note}\
                \n# Werkzeug's routing (under Quart) answers a URL missing the route's trailing slash with 308,\
                \n# the preflight included. Call {to_shown} from the frontend, or accept both forms:\
                \n@app.route(\"{route}\", strict_slashes=False)\
                \nasync def handler():\
                \n    ...\
                \n# or for the whole app: app.url_map.strict_slashes = False\
                \n",
                note = comment("python", head),
            ),
        )
    }

    fn credentials(&self, origin: &str) -> Snippet {
        ("python", format!("app = cors(app, allow_origin=\"{origin}\", allow_credentials=True)\n"))
    }

    fn cors_on_errors(&self, origin: &str) -> Snippet {
        (
            "python",
            format!(
                "# quart-cors on a blueprint runs only for requests routed to it: a 404, a 405 or a\
                \n# slash redirect has no blueprint yet and goes out without CORS headers. Apply it to the app:\
                \napp = cors(app, allow_origin=\"{origin}\")\
                \n"
            ),
        )
    }

    fn register_route(&self, r: &Route) -> Fix {
        let (title, head, names, handler) = (&r.title, &r.head, &r.names, &r.handler);
        let route = route_pattern(&r.path, Style::Angle);
        let (names_dq, args) = (dq(names), r.params.join(", "));
        let note = comment("python", head);
        fix(
            title,
            "python",
            format!(
                "{note}\
                \n@app.route(\"{route}\", methods=[{names_dq}])\
                \nasync def {handler}({args}):\
                \n    ...\
                \n"
            ),
        )
    }

    fn redirect_changed(&self, r: &RedirectChanged) -> Snippet {
        let (m, to) = (&r.m, &r.to);
        (
            "python",
            format!(
                "from quart import redirect\
                \n\
                \nreturn redirect(\"{to}\", code=307)  # the default 302 turns {m} into GET\
                \n"
            ),
        )
    }
}
