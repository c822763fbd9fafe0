//! # Netlify
//!
//! A static-site and serverless host. Every response from its CDN says `Server: Netlify` and carries an
//! `x-nf-request-id`, including the responses of Netlify Functions it passes on.
//!
//! ## How it answers
//! - **Wrong method**: files are served for GET and HEAD; other methods need a Netlify Form or a Function (a
//!   rewrite in `netlify.toml` / `_redirects` with status 200 sends a path to a Function).
//! - **OPTIONS**: custom headers (`[[headers]]`) apply to what the CDN serves; a Function answers its own
//!   preflight.
//! - **Errors**: a Function's errors are its own, passed through.
//!
//! ## CORS recipe
//! `[[headers]]` for static files; the Function's own code for a preflight to a Function.
//!
//! ## Sources
//! - "Netlify creates a unique HTTP response header for each request it replies to - the x-nf-request-id"
//!   (Netlify Support's guide): <https://answers.netlify.com/t/support-guide-netlify-support-asked-for-the-x-nf-request-id-header-what-is-it-and-how-do-i-find-it/4385>
//!   (rows: `x-nf-request-id`, `Server: Netlify`)
//! - Custom headers in `netlify.toml`: <https://docs.netlify.com/routing/headers/>
//! - Rewrites (status 200) to a Function: <https://docs.netlify.com/routing/redirects/rewrites-proxies/>

use super::fix::prelude::*;
use super::signature::rows::*;
use super::signature::Signature;
use super::{Define, Stack, Tier};

/// The human name.
pub(super) const LABEL: &str = "Netlify";

/// Netlify's signature rows.
#[rustfmt::skip]
pub(super) const SIGNATURES: &[Signature] = &[
    row(Stack::Netlify, Header("x-nf-request-id"), Any, ANY, &[], Seen, 60, "x-nf-request-id: {value} (Netlify)"),
    row(Stack::Netlify, Header("server"), Is("Netlify"), ANY, &[], Seen, 55, "Server: {value}"),
];

/// Netlify's hooks: fix snippets in TOML (`netlify.toml`).
pub(super) struct Netlify;

impl Define for Netlify {
    fn tier(&self) -> Tier {
        Tier::Proxy
    }

    fn lang(&self) -> Lang {
        Lang::Toml
    }

    fn web_server_rule(&self, w: &ServerRule) -> Fix {
        let path = &w.path;
        let head = comment(
            "toml",
            &format!(
                "{m} {raw}: Netlify serves files for GET and HEAD only. Send the path to a Function that handles {m}:",
                m = w.m,
                raw = w.path.raw
            ),
        );
        fix(
            format!("Send {m} {raw} to a Netlify Function (netlify.toml)", m = w.m, raw = w.path.raw),
            "toml",
            format!(
                "{head}\
                 \n[[redirects]]\
                 \n  from = \"{path}\"\
                 \n  to = \"/.netlify/functions/api\"\
                 \n  status = 200\
                 \n  force = true\
                 \n"
            ),
        )
    }

    fn allow_cors(&self, c: &Cors) -> Fix {
        let head = comment("toml", &format!("{what}: custom headers on what Netlify serves", what = c.what));
        let (origin, path) = (&c.origin, &c.path);
        let methods = csv(&c.method_names);
        let headers = csv(&c.header_names);
        let cred = if c.credentials { "\n    Access-Control-Allow-Credentials = \"true\"" } else { "" };
        fix(
            c.title("netlify.toml headers"),
            "toml",
            format!(
                "{head}\
                 \n[[headers]]\
                 \n  for = \"{path}\"\
                 \n  [headers.values]\
                 \n    Access-Control-Allow-Origin = \"{origin}\"\
                 \n    Access-Control-Allow-Methods = \"{methods}, OPTIONS\"\
                 \n    Access-Control-Allow-Headers = \"{headers}\"{cred}\
                 \n    Vary = \"Origin\"\
                 \n# A Function answers its own preflight: return these headers from it for OPTIONS too.\
                 \n"
            ),
        )
    }
}
