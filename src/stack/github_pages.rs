//! # GitHub Pages
//!
//! GitHub's static site host (`*.github.io` and custom domains). Its responses say `Server: GitHub.com`.
//!
//! ## How it answers
//! - **Wrong method**: it serves files for GET and HEAD; a POST (a form's submit) or any other method gets
//!   **405** with an nginx-style "405 Not Allowed" page under `Server: GitHub.com`. Nothing in a Pages site can
//!   change that: there is no server-side code and no configuration of methods or headers.
//! - **OPTIONS**: not answered as a preflight.
//! - **Errors**: its own pages.
//!
//! ## CORS recipe
//! None: GitHub Pages sets no custom headers. A form must post to a service that accepts it.
//!
//! ## Sources
//! - What GitHub Pages is (static files, no server-side code): <https://docs.github.com/pages/getting-started-with-github-pages/what-is-github-pages>
//! - Its limits (no server-side languages): <https://docs.github.com/pages/getting-started-with-github-pages/about-github-pages#limits-on-use-of-github-pages>
//! - A Pages site's response headers (`server: GitHub.com`, `access-control-allow-origin: *`,
//!   `x-github-request-id`), as httr2's reference shows them for its own Pages site: <https://httr2.r-lib.org/reference/resp_headers.html>
//!   (row: `Server: GitHub.com`)
//! - The 405 a POST to a Pages site gets (reported for a form, and for a POST from a page): <https://github.com/stevensona/briskforms/issues/22>,
//!   <https://github.com/Oussemasahbeni/keycloakify-shadcn-starter/issues/34> (row: on a 405 with an HTML page; the
//!   GitHub API also says `Server: GitHub.com`, with JSON)

use super::fix::prelude::*;
use super::signature::rows::*;
use super::signature::Signature;
use super::{Define, Stack, Tier};

/// The human name.
pub(super) const LABEL: &str = "GitHub Pages";

/// GitHub Pages' signature rows. Its 405 page looks like nginx's: the `Server` row outranks nginx's body row.
#[rustfmt::skip]
pub(super) const SIGNATURES: &[Signature] = &[
    row(Stack::GithubPages, Header("server"), Is("GitHub.com"), Some((405, 405)), &[C::Header("content-type", Starts("text/html"))], Generated, 97,
        "Server: {value} answering 405 with an HTML page: GitHub Pages serves only GET and HEAD"),
];

/// GitHub Pages' hooks: plain-text advice (there is nothing to configure).
pub(super) struct GithubPages;

impl Define for GithubPages {
    fn tier(&self) -> Tier {
        Tier::WebServer
    }

    fn lang(&self) -> Lang {
        Lang::Text
    }

    fn web_server_rule(&self, w: &ServerRule) -> Fix {
        let (m, path) = (&w.m, &w.path);
        fix(
            format!("Send {m} {raw} to a service that accepts it: GitHub Pages cannot", raw = w.path.raw),
            "text",
            format!(
                "GitHub Pages serves static files for GET and HEAD only: it answered 405 to {m} {path}, and no \
                 setting of the\
                 \nsite changes that (it runs no server-side code). Point the form's action (or the fetch) at an \
                 endpoint that\
                 \nhandles {m}: your own API, a serverless function, or a form service.\
                 \n"
            ),
        )
    }

    fn allow_cors(&self, c: &Cors) -> Fix {
        let (path, origin) = (&c.path, &c.origin);
        let methods = csv(&c.method_names);
        let headers = csv(&c.header_names);
        let cred = if c.credentials { ", with credentials" } else { "" };
        fix(
            c.title("another host"),
            "text",
            format!(
                "The preflight asks for {methods} {path} from {origin} with the headers {headers}{cred}.\
                 \nGitHub Pages sets no custom response headers (no _headers file, no configuration), so it cannot \
                 answer a\
                 \npreflight for {path}. Serve that resource from a host that lets you set \
                 Access-Control-Allow-* headers, or\
                 \nload it from the same origin as the page.\
                 \n"
            ),
        )
    }
}
