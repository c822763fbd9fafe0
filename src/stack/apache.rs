//! # Apache httpd
//!
//! A web server and reverse proxy (`mod_proxy`), often serving PHP apps.
//!
//! ## How it answers
//! - **Wrong method**: its own 405 page ("The requested method PUT is not
//!   allowed for this URL.", `<address>Apache/…</address>`) **with** an
//!   `Allow` header; `<Limit>`/`<LimitExcept>` and `RewriteCond
//!   %{REQUEST_METHOD}` rules refuse methods with 403/405.
//! - **OPTIONS**: answered by the handler or passed to the proxied app; on a
//!   static file, core answers it itself: 200, `Allow: GET,POST,OPTIONS,HEAD,TRACE`,
//!   no body (the default handler serves a file to GET, HEAD and POST).
//! - **Errors**: its own pages are `text/html; charset=iso-8859-1`;
//!   `Header set` touches only 2xx responses, `Header always set` all.
//!
//! ## CORS recipe
//! `mod_headers`: `Header always set Access-Control-Allow-…` in a
//! `<Location>`, and a `mod_rewrite` rule answering OPTIONS with 204.
//!
//! ## Sources
//! - `Header` and `always`: <https://httpd.apache.org/docs/2.4/mod/mod_headers.html#header>
//! - `<Limit>`, `<LimitExcept>`: <https://httpd.apache.org/docs/2.4/mod/core.html#limitexcept>
//! - `RewriteCond`, `RewriteRule` flags: <https://httpd.apache.org/docs/2.4/mod/mod_rewrite.html>
//! - core's default handler and OPTIONS (`default_handler`, `ap_send_http_options`): <https://github.com/apache/httpd/blob/trunk/server/core.c>, <https://github.com/apache/httpd/blob/trunk/modules/http/http_protocol.c>
//! - `ProxyPass`: <https://httpd.apache.org/docs/2.4/mod/mod_proxy.html#proxypass>
//! - `DirectorySlash`: <https://httpd.apache.org/docs/2.4/mod/mod_dir.html#directoryslash>
//! - `Redirect`: <https://httpd.apache.org/docs/2.4/mod/mod_alias.html#redirect>

use super::fix::prelude::*;
use super::signature::rows::*;
use super::signature::Signature;
use super::{Define, Stack, Tier};

/// The human name.
pub(super) const LABEL: &str = "Apache httpd";

/// Apache httpd's signature rows.
#[rustfmt::skip]
pub(super) const SIGNATURES: &[Signature] = &[
    row(Stack::Apache, Body, Has("<address>Apache"), Some((300, 599)), &[], Generated, 95,
        "Apache's own error page: body contains \"{line}\""),
    row(Stack::Apache, Body, Has(" is not allowed for this URL."), Some((405, 405)), &[], Generated, 90,
        "Apache's own 405 page: body contains \"{line}\""),
    row(Stack::Apache, Header("server"), Starts("Apache"), ERR,
        &[C::NoBody, C::Header("content-type", Has("charset=iso-8859-1"))], Generated, 60,
        "Server: {value} with Apache's error-page Content-Type ({h:content-type}; body not recorded)"),
    row(Stack::Apache, Header("server"), Starts("Apache"), ERR,
        &[C::Header("content-type", Has("charset=iso-8859-1")), C::Body(Has("<title>"))], Generated, 85,
        "Apache's own error page: Server: {value}, Content-Type: {h:content-type} and Apache's HTML error page (ServerSignature off)"),
    // core's answer to OPTIONS on a file (default_handler's methods; HEAD with GET; TRACE while TraceEnable is on)
    row(Stack::Apache, Header("allow"), Is("GET,POST,OPTIONS,HEAD,TRACE"), Some((200, 204)),
        &[C::Header("server", Starts("Apache")), C::Header("content-length", Is("0"))], Generated, 80,
        "Apache's own answer to OPTIONS on a file: Allow: {value}, Server: {h:server}"),
    row(Stack::Apache, Header("server"), Starts("Apache"), ANY, &[], Seen, 50, "Server: {value}"),
];

/// Apache httpd's hooks: quirks and fix snippets.
pub(super) struct Apache;

impl Define for Apache {
    fn lang(&self) -> Lang {
        Lang::Apache
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
        let mut hdrs = format!(
            "    Header always set Access-Control-Allow-Origin \"{origin}\"\
            \n    Header always set Access-Control-Allow-Methods \"{methods_csv}, OPTIONS\"\
            \n    Header always set Access-Control-Allow-Headers \"{headers_csv}\"\
            \n"
        );
        if cred {
            hdrs.push_str("    Header always set Access-Control-Allow-Credentials \"true\"\n");
        }
        hdrs.push_str("    Header always merge Vary Origin\n");
        let methods_csv = csv(methods);
        let path = &c.path;
        let code = format!(
            "# {methods_csv} {path} from {origin}\
            \n# a2enmod headers rewrite — inside the <VirtualHost>\
            \n<Location \"{loc}\">\
            \n{hdrs}</Location>\
            \n\
            \n# Answer the preflight here instead of passing it on\
            \nRewriteEngine On\
            \nRewriteCond %{{REQUEST_METHOD}} =OPTIONS\
            \nRewriteRule \"^{loc}\" - [R=204,L]\
            \n"
        );
        fix(title("Apache mod_headers"), "apache", code)
    }

    fn preflight_redirect(&self, r: &PreflightRedirect) -> Fix {
        let title = &r.title;
        let head = &r.head;
        let to_shown = &r.to_shown;
        let note = comment("apache", head);
        fix(
            title,
            "apache",
            format!(
                "{note}\
            \n# Call {to_shown} from the frontend, or keep redirect rules away from preflights:\
            \nRewriteEngine On\
            \nRewriteCond %{{REQUEST_METHOD}} !=OPTIONS\
            \n# RewriteRule … [R=301,L]   (your existing redirect rule)\
            \n# mod_dir adds a trailing slash with 301 for directories: DirectorySlash Off if that \
            is the redirect\
            \n"
            ),
        )
    }

    fn preflight_before_auth(&self, a: &BeforeAuth) -> Fix {
        let title = &a.title;
        let head = &a.head;
        let path = &a.path;
        let note = comment("apache", head);
        let loc = location_prefix(path);
        fix(
            title,
            "apache",
            format!(
                "{note}\
            \n<Location \"{loc}\">\
            \n    AuthType Basic\
            \n    AuthName \"api\"\
            \n    AuthUserFile /etc/apache2/.htpasswd\
            \n    <Limit OPTIONS>\
            \n        Require all granted\
            \n    </Limit>\
            \n    <LimitExcept OPTIONS>\
            \n        Require valid-user\
            \n    </LimitExcept>\
            \n</Location>\
            \n"
            ),
        )
    }

    fn credentials(&self, origin: &str) -> Snippet {
        (
            "apache",
            format!(
                "Header always set Access-Control-Allow-Origin \"{origin}\"\
            \nHeader always set Access-Control-Allow-Credentials \"true\"\
            \nHeader always merge Vary Origin\
            \n"
            ),
        )
    }

    fn cors_on_errors(&self, origin: &str) -> Snippet {
        (
            "apache",
            format!(
                "# `Header set` only touches 2xx responses; `Header always set` covers \
            errors too\
            \nHeader always set Access-Control-Allow-Origin \"{origin}\"\
            \nHeader always merge Vary Origin\
            \n"
            ),
        )
    }

    fn web_server_rule(&self, w: &ServerRule) -> Fix {
        let m = &w.m;
        let loc = &w.loc;
        let path = &w.path;
        fix(
            format!("Let {m} {path} through Apache to the application"),
            "apache",
            format!(
                "# Apache answered {m} {path} itself. Proxy the path to the app, and if a method \
                 rule\
                 \n# (<Limit>/<LimitExcept>, RewriteCond %{{REQUEST_METHOD}}) is in place, let {m} \
                 through:\
                 \n<Location \"{loc}\">\
                 \n    ProxyPass \"http://127.0.0.1:8000{loc}\"\
                 \n    ProxyPassReverse \"http://127.0.0.1:8000{loc}\"\
                 \n    <LimitExcept {methods}>\
                 \n        Require all denied\
                 \n    </LimitExcept>\
                 \n</Location>\
                 \n# also check .htaccess files under this path for <Limit> and RewriteCond \
                 %{{REQUEST_METHOD}} rules\
                 \n",
                methods = apache_methods(m),
            ),
        )
    }

    fn redirect_changed(&self, r: &RedirectChanged) -> Snippet {
        let to = &r.to;
        let from_path = &r.from_path;
        (
            "apache",
            format!(
                "Redirect 308 \"{from_path}\" \"{to}\"\
            \n# or with mod_rewrite: RewriteRule … [R=308,L]\
            \n"
            ),
        )
    }
}

/// The methods a `<LimitExcept>` lets through: GET, HEAD, POST, `m`, OPTIONS.
fn apache_methods(m: &str) -> String {
    let mut v: Vec<&str> = vec!["GET", "HEAD", "POST"];
    if !v.contains(&m) && m != "OPTIONS" {
        v.push(m);
    }
    v.push("OPTIONS");
    v.join(" ")
}
