//! # lighttpd
//!
//! A web server that serves files and proxies to applications (`mod_proxy`, FastCGI). Behind `mod_proxy` the
//! application's `Server` header passes through (lighttpd adds its own only when the backend sent none).
//!
//! ## How it answers
//! - **Wrong method**: its static-file handler serves GET, HEAD **and POST** (a POST to a file gets the file,
//!   200); PUT, DELETE, PATCH and other methods get **501 Not Implemented**, as its own XHTML error page
//!   (`<?xml version="1.0" encoding="iso-8859-1"?>`, `Content-Type: text/html`). `mod_access`
//!   (`url.access-deny` inside a `$HTTP["request-method"]` condition) answers 403 with the same page.
//! - **OPTIONS**: lighttpd answers it itself on a static path: 200 with `Allow: OPTIONS, GET, HEAD, POST` and no
//!   body; behind `mod_proxy` it goes to the application.
//! - **Errors**: `setenv.add-response-header` / `setenv.set-response-header` apply to lighttpd's own error pages
//!   too.
//!
//! ## CORS recipe
//! `setenv.set-response-header` with the `Access-Control-Allow-*` headers in a `$HTTP["url"]` condition, and the
//! application (or lighttpd's own OPTIONS answer on a static path) answering the preflight.
//!
//! ## Sources
//! - the error page (`http_response_body_append` … XHTML 1.0 Transitional, iso-8859-1):
//!   <https://github.com/lighttpd/lighttpd1.4/blob/master/src/http-header-glue.c>
//! - the static handler's methods and the OPTIONS answer: <https://github.com/lighttpd/lighttpd1.4/blob/master/src/response.c>
//! - `mod_access`: <https://redmine.lighttpd.net/projects/lighttpd/wiki/Mod_access>
//! - `mod_setenv`: <https://redmine.lighttpd.net/projects/lighttpd/wiki/Mod_setenv>
//! - `mod_proxy`: <https://redmine.lighttpd.net/projects/lighttpd/wiki/Mod_proxy>
//! - conditionals (`$HTTP["url"] =^ "…"`, `$HTTP["request-method"]`):
//!   <https://redmine.lighttpd.net/projects/lighttpd/wiki/Docs_Configuration>

use super::fix::prelude::*;
use super::signature::rows::*;
use super::signature::Signature;
use super::{Define, Stack, Tier};

/// The human name.
pub(super) const LABEL: &str = "lighttpd";

/// lighttpd's signature rows.
#[rustfmt::skip]
pub(super) const SIGNATURES: &[Signature] = &[
    row(Stack::Lighttpd, Body,
        Case("<?xml version=\"1.0\" encoding=\"iso-8859-1\"?>\n<!DOCTYPE html PUBLIC \"-//W3C//DTD XHTML 1.0 Transitional//EN\"\n         \"http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd\">"),
        Some((300, 599)), &[], Generated, 90,
        "lighttpd's own error page: body starts \"{line}\" (XHTML 1.0 Transitional in iso-8859-1)"),
    row(Stack::Lighttpd, Header("server"), Starts("lighttpd"), ERR,
        &[C::NoBody, C::Header("content-type", Is("text/html")), C::NoHeader("allow")], Generated, 55,
        "Server: {value} with lighttpd's error-page shape (Content-Type: text/html without charset, no Allow; body not recorded)"),
    row(Stack::Lighttpd, Header("allow"), Is("OPTIONS, GET, HEAD, POST"), Some((200, 204)),
        &[C::Header("server", Starts("lighttpd")), C::Header("content-length", Is("0"))], Generated, 80,
        "lighttpd's own answer to OPTIONS on a static path: Allow: {value}, Server: {h:server}"),
    row(Stack::Lighttpd, Header("server"), Starts("lighttpd"), ANY, &[], Seen, 50, "Server: {value}"),
];

/// lighttpd's hooks: fix snippets.
pub(super) struct Lighttpd;

impl Define for Lighttpd {
    fn lang(&self) -> Lang {
        Lang::Lighttpd
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
        let cred = if c.credentials { ",\n        \"Access-Control-Allow-Credentials\" => \"true\"" } else { "" };
        let code = format!(
            "# {methods_csv} {path} from {origin}\
             \nserver.modules += (\"mod_setenv\", \"mod_proxy\")\
             \n$HTTP[\"url\"] =^ \"{loc}\" {{\
             \n    # applies to lighttpd's own answers too (its 403/501 pages, its OPTIONS answer on files)\
             \n    setenv.set-response-header = (\
             \n        \"Access-Control-Allow-Origin\" => \"{origin}\",\
             \n        \"Access-Control-Allow-Methods\" => \"{methods_csv}, OPTIONS\",\
             \n        \"Access-Control-Allow-Headers\" => \"{headers_csv}\"{cred},\
             \n        \"Vary\" => \"Origin\"\
             \n    )\
             \n    # the application answers the preflight and the request\
             \n    proxy.server = (\"\" => ((\"host\" => \"127.0.0.1\", \"port\" => 8000)))\
             \n}}\
             \n"
        );
        fix(c.title("lighttpd"), "lighttpd", code)
    }

    fn web_server_rule(&self, w: &ServerRule) -> Fix {
        let m = &w.m;
        let path = &w.path;
        let loc = &w.loc;
        fix(
            format!("Let {m} {path} through lighttpd to the application"),
            "lighttpd",
            format!(
                "# lighttpd answered {m} {path} itself: its static-file handler answers only GET, HEAD and POST\
                 \n# (other methods: 501), or mod_access (url.access-deny) refuses {m} here. Send the path to the\
                 \n# application with mod_proxy, and take {m} (and OPTIONS) out of any url.access-deny rule on it:\
                 \nserver.modules += (\"mod_proxy\")\
                 \n$HTTP[\"url\"] =^ \"{loc}\" {{\
                 \n    proxy.server = (\"\" => ((\"host\" => \"127.0.0.1\", \"port\" => 8000)))\
                 \n}}\
                 \n"
            ),
        )
    }
}
