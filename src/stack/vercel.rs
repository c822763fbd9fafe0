//! # Vercel
//!
//! A frontend and serverless host. Every response from its network carries `x-vercel-id` (and `Server: Vercel`);
//! the errors it makes itself carry `x-vercel-error` with the error's code.
//!
//! ## How it answers
//! - **Wrong method**: a method a static file or route does not take gets **405** `INVALID_REQUEST_METHOD`
//!   ("Method Not Allowed") from Vercel itself, with `x-vercel-error: INVALID_REQUEST_METHOD`; a Function
//!   answers methods in its own code.
//! - **OPTIONS**: a Function answers its own preflight; `headers` in `vercel.json` add headers to what matches.
//! - **Errors**: Vercel's own error pages name the code (NOT_FOUND, INVALID_REQUEST_METHOD) and the request id.
//!
//! ## CORS recipe
//! `headers` in `vercel.json` (or the Function's own code, which must answer OPTIONS).
//!
//! ## Sources
//! - INVALID_REQUEST_METHOD, 405: <https://vercel.com/docs/errors/INVALID_REQUEST_METHOD>
//!   (row: `x-vercel-error`)
//! - Response headers (`x-vercel-id`, `server`, `x-vercel-cache`): <https://vercel.com/docs/headers/response-headers>
//!   (rows: `x-vercel-id`, `Server: Vercel`)
//! - `headers` and `rewrites` in `vercel.json`: <https://vercel.com/docs/project-configuration>

use super::fix::prelude::*;
use super::signature::rows::*;
use super::signature::Signature;
use super::{Define, Stack, Tier};

/// The human name.
pub(super) const LABEL: &str = "Vercel";

/// Vercel's signature rows.
#[rustfmt::skip]
pub(super) const SIGNATURES: &[Signature] = &[
    row(Stack::Vercel, Header("x-vercel-error"), Any, ERR, &[], Generated, 95,
        "x-vercel-error: {value}: an error Vercel answered itself"),
    row(Stack::Vercel, Header("x-vercel-id"), Any, ANY, &[], Seen, 60, "x-vercel-id: {value}"),
    row(Stack::Vercel, Header("server"), Is("Vercel"), ANY, &[], Seen, 55, "Server: {value}"),
];

/// Vercel's hooks: fix snippets in JSON (`vercel.json`).
pub(super) struct Vercel;

impl Define for Vercel {
    fn tier(&self) -> Tier {
        Tier::Proxy
    }

    fn lang(&self) -> Lang {
        Lang::Json
    }

    fn web_server_rule(&self, w: &ServerRule) -> Fix {
        let head = comment(
            "js",
            &format!(
                "{m} {raw}: a static file answers only GET and HEAD on Vercel (405 INVALID_REQUEST_METHOD).\n\
                 Handle it in a Function (api/handler.js) and rewrite the path to it in vercel.json:",
                m = w.m,
                raw = w.path.raw
            ),
        );
        let w = &w.in_lang(Lang::Js);
        let (m, path) = (&w.m, &w.path);
        fix(
            format!("Send {m} {raw} to a Vercel Function", raw = w.path.raw),
            "js",
            format!(
                "{head}\
                 \n//   {{ \"rewrites\": [{{ \"source\": \"{path}\", \"destination\": \"/api/handler\" }}] }}\
                 \nexport default {{\
                 \n  async fetch(request) {{\
                 \n    if (request.method === '{m}') {{\
                 \n      return Response.json({{ ok: true }});\
                 \n    }}\
                 \n    return new Response(null, {{ status: 405, headers: {{ Allow: '{m}' }} }});\
                 \n  }},\
                 \n}};\
                 \n"
            ),
        )
    }

    fn allow_cors(&self, c: &Cors) -> Fix {
        let (origin, path) = (&c.origin, &c.path);
        let methods = csv(&c.method_names);
        let headers = csv(&c.header_names);
        let cred = if c.credentials {
            ",\
             \n        { \"key\": \"Access-Control-Allow-Credentials\", \"value\": \"true\" }"
        } else {
            ""
        };
        fix(
            format!("{title} (a Function must still answer OPTIONS itself)", title = c.title("vercel.json headers")),
            "json",
            format!(
                "{{\
                 \n  \"headers\": [\
                 \n    {{\
                 \n      \"source\": \"{path}\",\
                 \n      \"headers\": [\
                 \n        {{ \"key\": \"Access-Control-Allow-Origin\", \"value\": \"{origin}\" }},\
                 \n        {{ \"key\": \"Access-Control-Allow-Methods\", \"value\": \"{methods}, OPTIONS\" }},\
                 \n        {{ \"key\": \"Access-Control-Allow-Headers\", \"value\": \"{headers}\" }},\
                 \n        {{ \"key\": \"Vary\", \"value\": \"Origin\" }}{cred}\
                 \n      ]\
                 \n    }}\
                 \n  ]\
                 \n}}\
                 \n"
            ),
        )
    }
}
