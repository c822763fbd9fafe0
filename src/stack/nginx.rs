//! # nginx
//!
//! A web server and reverse proxy (also OpenResty, an nginx build), most
//! often in front of an application through `proxy_pass`, which replaces the
//! app's `Server` header with nginx's and passes the rest through.
//!
//! ## How it answers
//! - **Wrong method**: a static location (`root`, `try_files`) answers 405
//!   for anything but GET/HEAD, with its own HTML page
//!   (`<center>nginx</center>`) and **no `Allow` header**; `limit_except`
//!   answers 403.
//! - **OPTIONS**: not special; it goes to the app behind `proxy_pass`, or is
//!   refused like any method by a static location.
//! - **Errors**: its own error pages are `text/html` without a charset;
//!   `add_header` applies only to 2xx/3xx unless given `always`.
//!
//! ## CORS recipe
//! `add_header Access-Control-Allow-* … always;` in the location, and an
//! `if ($request_method = OPTIONS) { …; return 204; }` block that repeats
//! the headers (`add_header` is not inherited into `if`).
//!
//! ## Sources
//! - `add_header` and `always`: <https://nginx.org/en/docs/http/ngx_http_headers_module.html#add_header>
//! - `limit_except`: <https://nginx.org/en/docs/http/ngx_http_core_module.html#limit_except>
//! - `proxy_pass`, `proxy_hide_header`: <https://nginx.org/en/docs/http/ngx_http_proxy_module.html>
//! - `return` (rewrite phase) and `if`: <https://nginx.org/en/docs/http/ngx_http_rewrite_module.html>
//! - `auth_request` (access phase): <https://nginx.org/en/docs/http/ngx_http_auth_request_module.html>

use super::fix::generic::nginx_rule;
use super::fix::prelude::*;
use super::signature::rows::*;
use super::signature::Signature;
use super::{Define, Stack, Tier};

/// The human name.
pub(super) const LABEL: &str = "nginx";

/// nginx's signature rows.
#[rustfmt::skip]
pub(super) const SIGNATURES: &[Signature] = &[
    row(Stack::Nginx, Body, Has("<center>nginx"), Some((300, 599)), &[], Generated, 95,
        "nginx's own error page: body contains \"{line}\""),
    row(Stack::Nginx, Body, Has("<center>openresty"), Some((300, 599)), &[], Generated, 95,
        "OpenResty (nginx) error page: body contains \"{line}\""),
    row(Stack::Nginx, Header("server"), Starts("nginx"), ERR,
        &[C::NoBody, C::Header("content-type", Is("text/html")), C::NoHeader("allow")], Generated, 50,
        "Server: {value} with nginx's error-page shape (Content-Type: text/html without charset, no Allow; body not recorded)"),
    row(Stack::Nginx, Header("server"), Starts("nginx"), ANY, &[], Seen, 50, "Server: {value}"),
    row(Stack::Nginx, Header("server"), Starts("openresty"), ANY, &[], Seen, 45, "Server: {value} (OpenResty, an nginx build)"),
];

/// nginx's hooks: quirks and fix snippets.
pub(super) struct Nginx;

impl Define for Nginx {
    fn lang(&self) -> Lang {
        Lang::Nginx
    }

    fn tier(&self) -> Tier {
        Tier::WebServer
    }

    fn allow_cors(&self, c: &Cors) -> Fix {
        let methods = &c.method_names;
        let headers = &c.header_names;
        let cred = c.credentials;
        let origin = &c.origin;
        let title = |name: &str| c.title(name);
        let loc = location_prefix(&c.path);
        let methods_csv = csv(methods);
        let headers_csv = csv(headers);
        let mut pre = format!(
            "        add_header Access-Control-Allow-Origin \"{origin}\" always;\
            \n        add_header Access-Control-Allow-Methods \"{methods_csv}, OPTIONS\" always;\
            \n        add_header Access-Control-Allow-Headers \"{headers_csv}\" always;\
            \n"
        );
        let mut actual = format!(
            "    add_header Access-Control-Allow-Origin \"{origin}\" always;\
            \n"
        );
        if cred {
            pre.push_str("        add_header Access-Control-Allow-Credentials \"true\" always;\n");
            actual.push_str("    add_header Access-Control-Allow-Credentials \"true\" always;\n");
        }
        pre.push_str(
            "        add_header Access-Control-Max-Age 600 always;\
            \n        add_header Vary Origin always;\
            \n",
        );
        actual.push_str("    add_header Vary Origin always;\n");
        let code = format!(
            "# {methods_csv} {path} from {origin}\
             \nlocation {loc} {{\
             \n    # add_header does not inherit into `if`, so the preflight block lists its own \
             headers\
             \n    if ($request_method = OPTIONS) {{\
             \n{pre}        return 204;\
             \n    }}\
             \n{actual}    proxy_hide_header Access-Control-Allow-Origin;  # the app's own value \
             would duplicate it\
             \n    proxy_pass http://127.0.0.1:8000;\
             \n}}\
             \n",
            methods_csv = csv(methods),
            path = &c.path,
        );
        fix(title("nginx"), "nginx", code)
    }

    fn preflight_redirect(&self, r: &PreflightRedirect) -> Fix {
        let title = &r.title;
        let head = &r.head;
        let to_shown = &r.to_shown;
        let from = &r.from;
        let note = comment("nginx", head);
        let exact = exact_path(from);
        fix(
            title,
            "nginx",
            format!(
                "{note}\
            \n# Call {to_shown} from the frontend, or answer the exact URL without a redirect,\
            \n# e.g. when a `location /prefix/` makes nginx add the slash with a 301:\
            \nlocation = {exact} {{\
            \n    proxy_pass http://127.0.0.1:8000;\
            \n}}\
            \n"
            ),
        )
    }

    fn preflight_before_auth(&self, a: &BeforeAuth) -> Fix {
        let title = &a.title;
        let head = &a.head;
        let path = &a.path;
        fix(
            title,
            "nginx",
            format!(
                "{note}\
                 \nlocation {loc} {{\
                 \n    # `return` runs in the rewrite phase, before auth_request / auth_basic \
                 (access phase)\
                 \n    if ($request_method = OPTIONS) {{\
                 \n        add_header Access-Control-Allow-Origin \"https://app.example.com\" \
                 always;\
                 \n        add_header Access-Control-Allow-Methods \"GET, POST, PUT, PATCH, \
                 DELETE\" always;\
                 \n        add_header Access-Control-Allow-Headers \"Authorization, Content-Type\" \
                 always;\
                 \n        return 204;\
                 \n    }}\
                 \n    auth_request /auth;\
                 \n    proxy_pass http://127.0.0.1:8000;\
                 \n}}\
                 \n",
                note = comment("nginx", head),
                loc = location_prefix(path),
            ),
        )
    }

    fn credentials(&self, origin: &str) -> Snippet {
        (
            "nginx",
            format!(
                "proxy_hide_header Access-Control-Allow-Origin;  # drop the app's own \
            (wildcard) value\
            \nadd_header Access-Control-Allow-Origin \"{origin}\" always;\
            \nadd_header Access-Control-Allow-Credentials \"true\" always;\
            \nadd_header Vary Origin always;\
            \n"
            ),
        )
    }

    fn cors_on_errors(&self, origin: &str) -> Snippet {
        (
            "nginx",
            format!(
                "# without `always`, add_header only applies to 200, 201, 204, 206, 301, \
            302, 303, 304, 307, 308\
            \nadd_header Access-Control-Allow-Origin \"{origin}\" always;\
            \nadd_header Vary Origin always;\
            \n"
            ),
        )
    }

    fn web_server_rule(&self, w: &ServerRule) -> Fix {
        let m = &w.m;
        let loc = &w.loc;
        let path = &w.path;
        fix(
            format!(
                "Let {m} {path} through nginx to the \
            application"
            ),
            "nginx",
            nginx_rule(m, path, loc),
        )
    }

    fn redirect_changed(&self, r: &RedirectChanged) -> Snippet {
        let to = &r.to;
        let from_path = &r.from_path;
        (
            "nginx",
            format!(
                "location = {from_path} {{\
            \n    return 308 {to};  # not 301/302, and not `rewrite … permanent`\
            \n}}\
            \n"
            ),
        )
    }
}
