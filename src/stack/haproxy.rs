//! # HAProxy
//!
//! A load balancer and reverse proxy. In front of an application it passes the app's responses through
//! untouched (no `Server` or `Via` of its own), so only its own answers show it.
//!
//! ## How it answers
//! - **Wrong method**: `http-request deny` answers its built-in 403 page ("Request forbidden by administrative
//!   rules."), `deny_status 405` its built-in 405 page; both are short HTML with `content-length`,
//!   `cache-control: no-cache` and `content-type: text/html` only (no `Server`, no `Date`, no `Allow`).
//!   `http-request return status 405` answers whatever the rule says.
//! - **OPTIONS**: passed to the backend like any other method, unless a rule denies it (a `!METH_GET` ACL
//!   denies it too).
//! - **Errors**: `http-response` rules do not touch HAProxy's own answers; `http-after-response` (2.2+) does.
//!
//! ## CORS recipe
//! Let the application do CORS and keep method rules away from OPTIONS; or answer the preflight with
//! `http-request return status 204 hdr Access-Control-Allow-… …` and add `Access-Control-Allow-Origin` to every
//! answer, HAProxy's own included, with `http-after-response set-header`.
//!
//! ## Sources
//! - the built-in error pages (403 "Request forbidden by administrative rules.", 405 "A request was made of a
//!   resource using a request method not supported by that resource"):
//!   <https://github.com/haproxy/haproxy/blob/master/src/http.c> (`http_err_msgs`)
//! - `http-request deny [deny_status <status>]`, `http-request return`, `http-request allow`:
//!   <https://docs.haproxy.org/2.6/configuration.html#4.2-http-request>
//! - `http-after-response`: <https://docs.haproxy.org/2.6/configuration.html#4.2-http-after-response>
//! - predefined ACL `METH_GET` (GET and HEAD), `method`, `path_beg`: <https://docs.haproxy.org/2.6/configuration.html#7.4>

use super::fix::prelude::*;
use super::signature::rows::*;
use super::signature::Signature;
use super::{Define, Stack, Tier};

/// The human name.
pub(super) const LABEL: &str = "HAProxy";

/// HAProxy's signature rows.
#[rustfmt::skip]
pub(super) const SIGNATURES: &[Signature] = &[
    row(Stack::Haproxy, Body, Has("Request forbidden by administrative rules."), Some((403, 403)),
        &[C::Body(Has("<h1>403 Forbidden</h1>"))], Generated, 95,
        "HAProxy's built-in 403 page (`http-request deny`): body contains \"{line}\""),
    row(Stack::Haproxy, Body, Has("A request was made of a resource using a request method not supported by that resource"),
        Some((405, 405)), &[C::Body(Has("<h1>405 Method Not Allowed</h1>"))], Generated, 95,
        "HAProxy's built-in 405 page (`http-request deny deny_status 405`): body contains \"{line}\""),
    row(Stack::Haproxy, Header("content-length"), Is("93"), Some((403, 403)),
        &[C::NoBody, C::Header("cache-control", Is("no-cache")), C::Header("content-type", Is("text/html")), C::NoHeader("server")],
        Generated, 75,
        "HAProxy's built-in 403 page by its headers alone: Content-Length: 93, Cache-Control: no-cache, Content-Type: text/html, no Server (body not recorded)"),
    row(Stack::Haproxy, Header("content-length"), Is("146"), Some((405, 405)),
        &[C::NoBody, C::Header("cache-control", Is("no-cache")), C::Header("content-type", Is("text/html")), C::NoHeader("server")],
        Generated, 75,
        "HAProxy's built-in 405 page by its headers alone: Content-Length: 146, Cache-Control: no-cache, Content-Type: text/html, no Server (body not recorded)"),
];

/// HAProxy's hooks: fix snippets.
pub(super) struct Haproxy;

impl Define for Haproxy {
    fn lang(&self) -> Lang {
        Lang::Haproxy
    }

    fn tier(&self) -> Tier {
        Tier::Proxy
    }

    fn allow_cors(&self, c: &Cors) -> Fix {
        let origin = &c.origin;
        let path = &c.path;
        let loc = location_prefix(&c.path);
        let methods_csv = csv(&c.method_names);
        let headers_csv = csv(&c.header_names);
        let cred = if c.credentials { " hdr Access-Control-Allow-Credentials true" } else { "" };
        let cred_after = if c.credentials {
            "\n    http-after-response set-header Access-Control-Allow-Credentials true if { var(txn.cors) -m bool }"
        } else {
            ""
        };
        let code = format!(
            "# {methods_csv} {path} from {origin}\
             \nfrontend web\
             \n    bind :80\
             \n    acl cors_path path_beg {loc}\
             \n    http-request set-var(txn.cors) bool(true) if cors_path\
             \n    # the preflight, answered by HAProxy itself, before any rule that denies OPTIONS\
             \n    http-request return status 204 hdr Access-Control-Allow-Origin \"{origin}\" hdr \
             Access-Control-Allow-Methods \"{methods_csv}, OPTIONS\" hdr Access-Control-Allow-Headers \"{headers_csv}\" \
             hdr Access-Control-Max-Age 600 hdr Vary Origin{cred} if cors_path METH_OPTIONS \
             {{ req.hdr(Access-Control-Request-Method) -m found }}\
             \n    # every other answer on the path, HAProxy's own denials included (http-response would miss those)\
             \n    http-after-response set-header Access-Control-Allow-Origin \"{origin}\" if {{ var(txn.cors) -m bool }}\
             {cred_after}\
             \n    http-after-response add-header Vary Origin if {{ var(txn.cors) -m bool }}\
             \n    default_backend app\
             \n"
        );
        fix(c.title("HAProxy"), "haproxy", code)
    }

    fn web_server_rule(&self, w: &ServerRule) -> Fix {
        let m = &w.m;
        let path = &w.path;
        let loc = &w.loc;
        fix(
            format!("Let {m} {path} through HAProxy to the application"),
            "haproxy",
            format!(
                "# HAProxy answered {m} {path} itself (an `http-request deny` or `return` rule): the request never\
                 \n# reached the application. Let {m} on this path through before the rule that refuses it\
                 \n# (`http-request allow` stops the evaluation of the http-request rules that follow):\
                 \nfrontend web\
                 \n    bind :80\
                 \n    acl allowed_path path_beg {loc}\
                 \n    http-request allow if allowed_path {{ method {m} }} || allowed_path METH_OPTIONS\
                 \n    # … your existing `http-request deny …` rules come after this line\
                 \n    default_backend app\
                 \n"
            ),
        )
    }
}
