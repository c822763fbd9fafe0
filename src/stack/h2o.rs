//! # h2o
//!
//! An HTTP/1.x, HTTP/2 and HTTP/3 web server and reverse proxy configured in YAML. Every answer carries
//! `server: h2o/<version>`: behind `proxy.reverse.url` the application's own `Server` header is replaced
//! (unless `proxy.preserve-server-header: ON`), the rest passes through.
//!
//! ## How it answers
//! - **Wrong method**: its file handler (`file.dir`, `file.file`) serves GET and HEAD only; any other method
//!   (POST, PUT, OPTIONS…) gets 405 with the plain-text body `method not allowed`, `allow: GET, HEAD` and
//!   `content-type: text/plain; charset=utf-8`. h2o has no method rule of its own (that takes mruby).
//! - **OPTIONS**: passed to the proxied application, or refused with that 405 on a static path.
//! - **Errors**: `header.add` / `header.set` apply to every answer on the path, h2o's own 405 included.
//!
//! ## CORS recipe
//! `header.set: "Access-Control-Allow-Origin: …"` on the path (one header per `header.*` command in h2o 2.2), and
//! the preflight answered by the application behind `proxy.reverse.url` or by an `mruby.handler` that answers
//! OPTIONS with 204 and passes the rest on (status 399): a static path cannot answer it (405).
//!
//! ## Sources
//! - the file handler's 405 (`send_method_not_allowed`): <https://github.com/h2o/h2o/blob/master/lib/handler/file.c>
//! - file directives: <https://h2o.examp1e.net/configure/file_directives.html>
//! - `header.add`, `header.set`: <https://h2o.examp1e.net/configure/headers_directives.html>
//! - `mruby.handler` and status 399 (pass to the next handler): <https://h2o.examp1e.net/configure/mruby.html>
//! - `proxy.reverse.url`, `proxy.preserve-server-header`: <https://h2o.examp1e.net/configure/proxy_directives.html>
//! - `server-name` (the `server: h2o/…` value): <https://h2o.examp1e.net/configure/base_directives.html#server-name>

use super::fix::prelude::*;
use super::signature::rows::*;
use super::signature::Signature;
use super::{Define, Stack, Tier};

/// The human name.
pub(super) const LABEL: &str = "h2o";

/// h2o's signature rows.
#[rustfmt::skip]
pub(super) const SIGNATURES: &[Signature] = &[
    row(Stack::H2o, Body, Case("method not allowed"), Some((405, 405)),
        &[C::Header("allow", Is("GET, HEAD")), C::Header("content-type", Is("text/plain; charset=utf-8")),
          C::NoHeader("x-content-type-options")],
        Generated, 85,
        "h2o's file handler: 405 \"{line}\" with allow: {h:allow} (a static path serves only GET and HEAD)"),
    row(Stack::H2o, Header("server"), Starts("h2o/"), Some((405, 405)),
        &[C::NoBody, C::Header("allow", Is("GET, HEAD")), C::Header("content-length", Is("18")),
          C::Header("content-type", Is("text/plain; charset=utf-8"))],
        Generated, 80,
        "server: {value} with its file handler's 405 shape: allow: GET, HEAD, content-length: 18, text/plain (body not recorded)"),
    row(Stack::H2o, Header("server"), Starts("h2o"), ANY, &[], Seen, 50, "server: {value}"),
];

/// h2o's hooks: fix snippets.
pub(super) struct H2o;

impl Define for H2o {
    fn lang(&self) -> Lang {
        Lang::H2oYaml
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
        let cred = if c.credentials {
            "\n        header.setifempty: \"Access-Control-Allow-Credentials: true\""
        } else {
            ""
        };
        let code = format!(
            "# {methods_csv} {path} from {origin}\
             \nhosts:\
             \n  \"app.example.com\":\
             \n    paths:\
             \n      \"{loc}\":\
             \n        # the header.* commands apply to every answer on the path, h2o's own included (one line\
             \n        # per command: each takes a single header)\
             \n        header.set: \"Access-Control-Allow-Origin: {origin}\"\
             \n        header.merge: \"Vary: Origin\"{cred}\
             \n        # h2o has no method condition of its own: the preflight is answered by mruby (or by the app)\
             \n        mruby.handler: |\
             \n          Proc.new do |env|\
             \n            if env[\"REQUEST_METHOD\"] == \"OPTIONS\" && env[\"HTTP_ACCESS_CONTROL_REQUEST_METHOD\"]\
             \n              [204, {{\"access-control-allow-methods\" => \"{methods_csv}, OPTIONS\",\
             \n                     \"access-control-allow-headers\" => \"{headers_csv}\",\
             \n                     \"access-control-max-age\" => \"600\"}}, []]\
             \n            else\
             \n              [399, {{}}, []]  # 399: on to the next handler\
             \n            end\
             \n          end\
             \n        proxy.reverse.url: \"http://127.0.0.1:8000{loc}\"\
             \n"
        );
        fix(c.title("h2o"), "yaml", code)
    }

    fn web_server_rule(&self, w: &ServerRule) -> Fix {
        let m = &w.m;
        let path = &w.path;
        let loc = &w.loc;
        fix(
            format!("Let {m} {path} through h2o to the application"),
            "yaml",
            format!(
                "# h2o answered {m} {path} itself: its file handler (file.dir) serves only GET and HEAD, so {m}\
                 \n# to a path it serves as files gets 405. Send the path to the application instead (the longest\
                 \n# matching path wins):\
                 \nhosts:\
                 \n  \"app.example.com\":\
                 \n    paths:\
                 \n      \"{loc}\":\
                 \n        proxy.reverse.url: \"http://127.0.0.1:8000{loc}\"\
                 \n      \"/\":\
                 \n        file.dir: \"/var/www/html\"\
                 \n"
            ),
        )
    }
}
