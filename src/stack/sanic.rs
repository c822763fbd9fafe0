//! # Sanic
//!
//! A Python async web framework with its own HTTP server (no `Server`
//! header by default); CORS comes from the sanic-ext extension.
//!
//! ## How it answers
//! - **Wrong method**: 405 whose body says "Method PUT not allowed for URL
//!   /x" (plain text, HTML or JSON, picked from the route and `Accept`), and
//!   **no `Allow` header**: the router's generated code raises `NoMethod`
//!   without the route's methods.
//! - **Missing path**: 404 "Requested URL /x not found".
//! - **OPTIONS**: 405 like any unrouted method, unless sanic-ext's
//!   `CORS_AUTOMATIC_OPTIONS` (on by default with `Extend(app)`) answers it:
//!   204 with `Allow` and `Access-Control-Allow-Methods` both listing **the
//!   route's own methods** (intersected with `CORS_METHODS`). So a method the
//!   route lacks is refused by the preflight itself, before any 405.
//! - **Trailing slash**: `strict_slashes` is off by default: `/x` and `/x/`
//!   both match.
//!
//! ## CORS recipe
//! `Extend(app)` with `app.config.CORS_ORIGINS = "https://app.example.com"`
//! (`CORS_METHODS`, `CORS_ALLOW_HEADERS`, `CORS_SUPPORTS_CREDENTIALS`), or per
//! route `@cors(origin=…, allow_methods=[…])`. sanic-ext adds the headers in
//! an `on_response` hook, so error responses carry them too.
//!
//! ## Sources
//! - sanic-ext CORS (settings, automatic OPTIONS, `@cors`): <https://sanic.dev/en/plugins/sanic-ext/http/cors.html>
//! - sanic-ext's CORS code (methods = the route group's ∩ `CORS_METHODS`, headers added `on_response`): <https://github.com/sanic-org/sanic-ext/blob/main/sanic_ext/extensions/http/cors.py>
//! - Sanic's router (404 "Requested URL … not found", 405 "Method … not allowed for URL …"): <https://github.com/sanic-org/sanic/blob/main/sanic/router.py>
//! - sanic-routing's generated `raise NoMethod` (no allowed methods, hence no `Allow`): <https://github.com/sanic-org/sanic-routing/blob/main/sanic_routing/tree.py>
//! - Error formats (text/HTML/JSON): <https://sanic.dev/en/guide/best-practices/exceptions.html>
//! - `strict_slashes`: <https://sanic.dev/en/guide/basics/routing.html#strict-slashes>

use super::fix::prelude::*;
use super::signature::rows::*;
use super::signature::Signature;
use super::{Define, Stack};

/// The human name.
pub(super) const LABEL: &str = "Sanic";

/// Sanic's signature rows.
#[rustfmt::skip]
pub(super) const SIGNATURES: &[Signature] = &[
    row(Stack::Sanic, Body, Case(" not allowed for URL /"), Some((405, 405)), &[C::Body(Case("Method "))], Generated, 90,
        "Sanic's 405: body says \"{line}\""),
    row(Stack::Sanic, Body, Case("Requested URL /"), Some((404, 404)), &[C::Body(Case(" not found"))], Generated, 85,
        "Sanic's 404: body says \"{line}\""),
    row(Stack::Sanic, Header("allow"), Any, Some((204, 204)),
        &[C::Header("access-control-allow-methods", Any), C::Header("vary", Case("origin")), C::NoHeader("server"),
          C::NoHeader("content-type")],
        Generated, 60,
        "sanic-ext's automatic preflight: 204 with Allow: {value} beside Access-Control-Allow-Methods, Vary: origin (lower-case), no Server"),
];

/// Sanic's hooks: fix snippets.
pub(super) struct Sanic;

/// Sanic's route syntax for a concrete path: `/items/42` → `/items/<id>`.
fn sanic_route(path: &Val) -> Val {
    route_pattern(path, Style::Colon).map(|p| {
        p.split('/')
            .map(|seg| match seg.strip_prefix(':') {
                Some(name) if !name.is_empty() => format!("<{name}>"),
                _ => seg.to_string(),
            })
            .collect::<Vec<_>>()
            .join("/")
    })
}

impl Define for Sanic {
    fn lang(&self) -> Lang {
        Lang::Python
    }

    fn allow_cors(&self, c: &Cors) -> Fix {
        let (methods, headers, origin, path) = (&c.method_names, &c.header_names, &c.origin, &c.path);
        let title = |name: &str| c.title(name);
        let (methods_csv, methods_dq) = (csv(methods), dq(methods));
        let headers_csv = csv(headers);
        let route = sanic_route(path);
        let handler = handler_name(&Method::parse(&c.first_method), &c.path);
        let args = param_names(&c.path).join(", ");
        let args = if args.is_empty() { String::new() } else { format!(", {args}") };
        let mut code = format!(
            "# {methods_csv} {path} from {origin}\
            \n# pip install sanic-ext\
            \nfrom sanic_ext import Extend\
            \n\
            \napp.config.CORS_ORIGINS = \"{origin}\"\
            \napp.config.CORS_METHODS = \"{methods_csv}\"\
            \napp.config.CORS_ALLOW_HEADERS = \"{headers_csv}\"\
            \n"
        );
        if c.credentials {
            code.push_str("app.config.CORS_SUPPORTS_CREDENTIALS = True  # needs an explicit origin, never the wildcard\n");
        }
        code.push_str(&format!(
            "Extend(app)\
            \n\
            \n# sanic-ext's preflight allows only the methods the ROUTE has (its Allow-Methods is the route's\
            \n# methods intersected with CORS_METHODS): the route itself must accept {methods_csv}\
            \n# (list them beside the methods it already has).\
            \n@app.route(\"{route}\", methods=[{methods_dq}])\
            \nasync def {handler}(request{args}):\
            \n    ...\
            \n"
        ));
        fix(title("sanic-ext"), "python", code)
    }

    fn credentials(&self, origin: &str) -> Snippet {
        (
            "python",
            format!(
                "app.config.CORS_ORIGINS = \"{origin}\"  # not the wildcard: sanic-ext refuses to start with both\
                \napp.config.CORS_SUPPORTS_CREDENTIALS = True\
                \nExtend(app)\
                \n"
            ),
        )
    }

    fn cors_on_errors(&self, origin: &str) -> Snippet {
        (
            "python",
            format!(
                "# sanic-ext adds the CORS headers in an on_response hook, which also runs for Sanic's error\
                \n# responses: configure it app-wide rather than writing headers in each handler.\
                \napp.config.CORS_ORIGINS = \"{origin}\"\
                \nExtend(app)\
                \n"
            ),
        )
    }

    fn register_route(&self, r: &Route) -> Fix {
        let (title, head, names, handler) = (&r.title, &r.head, &r.names, &r.handler);
        let route = sanic_route(&r.path);
        let names_dq = dq(names);
        let args: String = r.params.iter().map(|p| format!(", {p}")).collect();
        let note = comment("python", head);
        fix(
            title,
            "python",
            format!(
                "{note}\
                \n# (Sanic's 405 has no Allow header: check every method the route was registered with.)\
                \n@app.route(\"{route}\", methods=[{names_dq}])\
                \nasync def {handler}(request{args}):\
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
                "from sanic.response import redirect\
                \n\
                \nreturn redirect(\"{to}\", status=307)  # the default 302 turns {m} into GET\
                \n"
            ),
        )
    }
}
