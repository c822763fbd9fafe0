//! # Cloudflare
//!
//! A CDN and reverse proxy in front of the origin server: it replaces the origin's `Server` header with
//! `Server: cloudflare` and adds a `CF-RAY` request id to every response it passes on.
//!
//! ## How it answers
//! - **Wrong method**: Cloudflare does not generate 405 itself: a 405 seen through it is the origin's (the body
//!   and `Allow` are the origin's). A WAF custom rule or a firewall rule that blocks a method answers **403** with
//!   Cloudflare's own block page ("Sorry, you have been blocked", error 1020 "Access denied"), with the Ray ID.
//! - **OPTIONS**: passed to the origin like any method (unless a WAF rule blocks it).
//! - **Errors**: its own 5xx and 1xxx pages name Cloudflare and the Ray ID.
//!
//! ## CORS recipe
//! CORS belongs to the origin; to answer it at the edge, a Worker on the route (or a Transform Rule that sets the
//! response headers; a Transform Rule cannot answer a preflight).
//!
//! ## Sources
//! - Cloudflare's response headers (`CF-RAY`, `Server: cloudflare`): <https://developers.cloudflare.com/fundamentals/reference/http-headers/>
//!   (rows: `CF-RAY`, `Server: cloudflare`)
//! - "Cloudflare does not directly generate 405 errors": <https://developers.cloudflare.com/support/troubleshooting/http-status-codes/4xx-client-error/error-405/>
//!   (why the 405 rows are the origin's, never Cloudflare's)
//! - Error 1020 "Access denied" (a WAF custom rule blocked the request): <https://developers.cloudflare.com/support/troubleshooting/http-status-codes/cloudflare-1xxx-errors/error-1020/>
//!   (row: the block page's "Cloudflare Ray ID")
//! - WAF custom rules, the rules language (`http.request.method`, `starts_with`): <https://developers.cloudflare.com/waf/custom-rules/>
//! - CORS in a Worker: <https://developers.cloudflare.com/workers/examples/cors-header-proxy/>

use super::fix::prelude::*;
use super::signature::rows::*;
use super::signature::Signature;
use super::{Define, Stack, Tier};

/// The human name.
pub(super) const LABEL: &str = "Cloudflare";

/// Cloudflare's signature rows.
#[rustfmt::skip]
pub(super) const SIGNATURES: &[Signature] = &[
    row(Stack::Cloudflare, Body, Has("Cloudflare Ray ID"), ERR, &[C::Header("server", Is("cloudflare"))], Generated, 95,
        "Cloudflare's own error or block page: body contains \"{line}\""),
    row(Stack::Cloudflare, Header("cf-ray"), Any, ANY, &[C::Header("server", Is("cloudflare"))], Seen, 60,
        "CF-RAY: {value} with Server: cloudflare (the response passed through Cloudflare)"),
];

/// Cloudflare's hooks: fix snippets (a Worker in JS, a WAF rule expression).
pub(super) struct Cloudflare;

impl Define for Cloudflare {
    fn tier(&self) -> Tier {
        Tier::Proxy
    }

    fn lang(&self) -> Lang {
        Lang::Js
    }

    fn web_server_rule(&self, w: &ServerRule) -> Fix {
        let raw = &w.path.raw;
        let w = &w.in_lang(Lang::Json);
        let (m, loc, path) = (&w.m, &w.loc, &w.path);
        fix(
            format!("Let {m_raw} {raw} through Cloudflare's WAF", m_raw = w.m),
            "text",
            format!(
                "{m} \"{path}\":\
                 \nCloudflare answered the request itself (a WAF custom rule or firewall rule blocked it; \
                 Cloudflare never\
                 \nanswers 405, that one comes from the origin). In Security > WAF > Custom rules, find the rule \
                 that matches\
                 \nthis request (Security > Events shows it by the Ray ID) and exclude it, or add a rule \
                 before it with the\
                 \naction Skip and this expression:\
                 \n\
                 \n(http.request.method eq \"{m}\" and starts_with(http.request.uri.path, \"{loc}\"))\
                 \n"
            ),
        )
    }

    fn allow_cors(&self, c: &Cors) -> Fix {
        let head = comment("js", &format!("{what}: a Worker on the route answers at Cloudflare's edge", what = c.what));
        let origin = &c.origin;
        let methods = csv(&c.method_names);
        let headers = csv(&c.header_names);
        let cred = if c.credentials { "\n  'Access-Control-Allow-Credentials': 'true'," } else { "" };
        fix(
            c.title("a Cloudflare Worker"),
            "js",
            format!(
                "{head}\
                 \nconst CORS = {{\
                 \n  'Access-Control-Allow-Origin': '{origin}',\
                 \n  'Access-Control-Allow-Methods': '{methods}, OPTIONS',\
                 \n  'Access-Control-Allow-Headers': '{headers}',{cred}\
                 \n  'Access-Control-Max-Age': '600',\
                 \n  'Vary': 'Origin',\
                 \n}};\
                 \n\
                 \nexport default {{\
                 \n  async fetch(request) {{\
                 \n    if (request.method === 'OPTIONS') {{\
                 \n      return new Response(null, {{ status: 204, headers: CORS }});\
                 \n    }}\
                 \n    const upstream = await fetch(request);\
                 \n    const response = new Response(upstream.body, upstream);\
                 \n    for (const [name, value] of Object.entries(CORS)) response.headers.set(name, value);\
                 \n    return response;\
                 \n  }},\
                 \n}};\
                 \n"
            ),
        )
    }
}
