//! # Caddy
//!
//! A web server and reverse proxy configured with a `Caddyfile`. Every answer carries `Server: Caddy`; through
//! `reverse_proxy` the application's own `Server` header follows Caddy's (`Server: Caddy` then `Server: uvicorn`).
//!
//! ## How it answers
//! - **Wrong method**: a `respond @matcher "…" 405` rule answers with only `Server: Caddy`, `Content-Length` and,
//!   when it has a body, `Content-Type: text/plain; charset=utf-8`; `error` answers the same status through the
//!   error routes (empty body by default). Caddy 2.6's `file_server` serves a file to **every** method (a PUT, a
//!   POST and an OPTIONS get 200 and the file); later versions answer 405 with `Allow: GET, HEAD`.
//! - **OPTIONS**: passed to `reverse_proxy` like any other method, or answered by `file_server` with the file.
//! - **Errors**: the `header` directive sets headers before the handlers run, so `respond` answers keep them;
//!   `header` with `defer` or on an `error` needs `handle_errors`.
//!
//! ## CORS recipe
//! A named matcher for the preflight (`method OPTIONS` + `header Access-Control-Request-Method *`) answered
//! with `header Access-Control-Allow-…` and `respond 204`, and `header Access-Control-Allow-Origin` on the path;
//! or let the application answer through `reverse_proxy`.
//!
//! ## Sources
//! - `Server: Caddy` on every response: <https://github.com/caddyserver/caddy/blob/master/modules/caddyhttp/server.go>
//! - `respond`: <https://caddyserver.com/docs/caddyfile/directives/respond>
//! - `file_server`: <https://caddyserver.com/docs/caddyfile/directives/file_server> and its method check
//!   (added after 2.6, issue #5166: `Allow: GET, HEAD` and a 405 error):
//!   <https://github.com/caddyserver/caddy/blob/master/modules/caddyhttp/fileserver/staticfiles.go>
//! - `header` (and `defer`): <https://caddyserver.com/docs/caddyfile/directives/header>
//! - request matchers (`method`, `header`, `path`): <https://caddyserver.com/docs/caddyfile/matchers>
//! - directive order (`handle` before `respond`): <https://caddyserver.com/docs/caddyfile/directives#directive-order>

use super::fix::prelude::*;
use super::signature::rows::*;
use super::signature::Signature;
use super::{Define, Stack, Tier};

/// The human name.
pub(super) const LABEL: &str = "Caddy";

/// What an application's response would carry and Caddy's own answers never do.
const NOT_AN_APP: [C; 4] =
    [C::NoHeader("allow"), C::NoHeader("x-powered-by"), C::NoHeader("set-cookie"), C::NoHeader("vary")];

/// Caddy's signature rows.
#[rustfmt::skip]
pub(super) const SIGNATURES: &[Signature] = &[
    row(Stack::Caddy, Header("server"), Is("Caddy"), ERR,
        &[C::Header("content-type", Is("text/plain; charset=utf-8")), NOT_AN_APP[0], NOT_AN_APP[1], NOT_AN_APP[2], NOT_AN_APP[3]],
        Generated, 55,
        "Server: Caddy alone on a plain-text error, the shape of a Caddyfile `respond` rule (through reverse_proxy the application's own Server value would follow Caddy's)"),
    row(Stack::Caddy, Header("server"), Is("Caddy"), ERR,
        &[C::NoHeader("content-type"), C::Header("content-length", Is("0")), NOT_AN_APP[0], NOT_AN_APP[1], NOT_AN_APP[2], NOT_AN_APP[3]],
        Generated, 55,
        "Server: Caddy alone on an empty error, the shape of a Caddyfile `respond <status>` or `error` rule (through reverse_proxy the application's own Server value would follow Caddy's)"),
    row(Stack::Caddy, Header("server"), Is("Caddy"), Some((405, 405)),
        &[C::Header("allow", Is("GET, HEAD")), C::NoHeader("x-powered-by"), C::NoHeader("x-content-type-options")],
        Generated, 70,
        "Server: Caddy with Allow: GET, HEAD on a 405: file_server refusing a method on a static file (Caddy 2.7 and later)"),
    row(Stack::Caddy, Header("server"), Starts("Caddy"), ANY, &[], Seen, 50, "Server: {value}"),
];

/// Caddy's hooks: fix snippets.
pub(super) struct Caddy;

impl Define for Caddy {
    fn lang(&self) -> Lang {
        Lang::Caddyfile
    }

    fn tier(&self) -> Tier {
        Tier::WebServer
    }

    fn allow_cors(&self, c: &Cors) -> Fix {
        let origin = &c.origin;
        let path = &c.path;
        let loc = location_prefix(&c.path);
        let methods_csv = csv(&c.method_names);
        let headers_csv = csv(&c.header_names);
        let cred = if c.credentials { "\n    header @cors_path Access-Control-Allow-Credentials true" } else { "" };
        let code = format!(
            "# {methods_csv} {path} from {origin}\
             \n:80 {{\
             \n    @preflight {{\
             \n        method OPTIONS\
             \n        header Access-Control-Request-Method *\
             \n        path {loc}*\
             \n    }}\
             \n    # `handle` runs before `respond` and `reverse_proxy`: the preflight never reaches a rule that refuses it\
             \n    handle @preflight {{\
             \n        header Access-Control-Allow-Methods \"{methods_csv}, OPTIONS\"\
             \n        header Access-Control-Allow-Headers \"{headers_csv}\"\
             \n        header Access-Control-Max-Age 600\
             \n        respond 204\
             \n    }}\
             \n\
             \n    @cors_path path {loc}*\
             \n    # set before the handlers run, so Caddy's own `respond` answers carry it too\
             \n    header @cors_path Access-Control-Allow-Origin \"{origin}\"{cred}\
             \n    header @cors_path Vary Origin\
             \n    reverse_proxy @cors_path 127.0.0.1:8000 {{\
             \n        # the app's own value would be a second one\
             \n        header_down -Access-Control-Allow-Origin\
             \n    }}\
             \n}}\
             \n"
        );
        fix(c.title("Caddy"), "caddyfile", code)
    }

    fn web_server_rule(&self, w: &ServerRule) -> Fix {
        let m = &w.m;
        let path = &w.path;
        let loc = &w.loc;
        fix(
            format!("Let {m} {path} through Caddy to the application"),
            "caddyfile",
            format!(
                "# Caddy answered {m} {path} itself (a `respond`/`error` rule, or a static path): the request\
                 \n# never reached the application. Send {m} (and the preflight OPTIONS) on this path to the app:\
                 \n:80 {{\
                 \n    @to_app {{\
                 \n        path {loc}*\
                 \n        method {m} OPTIONS\
                 \n    }}\
                 \n    # `handle` runs before `respond` and `file_server` in Caddy's directive order\
                 \n    handle @to_app {{\
                 \n        reverse_proxy 127.0.0.1:8000\
                 \n    }}\
                 \n    # … your existing respond / file_server rules\
                 \n}}\
                 \n"
            ),
        )
    }
}
