//! # Varnish Cache
//!
//! A caching reverse proxy configured in VCL (Varnish Configuration Language); in front of an application it
//! passes the app's responses through and adds `X-Varnish`, `Age` and `Via: 1.1 varnish (Varnish/7.1)`.
//!
//! ## How it answers
//! - **Wrong method**: Varnish has no notion of routes; a VCL rule refuses a method with `return (synth(405))`
//!   (or 403, 501), which the built-in `vcl_synth` turns into its "Guru Meditation" HTML page
//!   (`Content-Type: text/html; charset=utf-8`, `Retry-After: 5`), with `Server: Varnish` and `X-Varnish`, and
//!   no `Via`. The built-in `vcl_recv` passes every method but GET and HEAD to the backend uncached, and pipes
//!   the ones it does not know.
//! - **OPTIONS**: passed to the backend like any other method, unless a VCL rule answers or refuses it.
//! - **Errors**: its synthetic responses never go through `vcl_deliver`: headers set there (CORS ones
//!   included) are missing from them unless `vcl_synth` sets them too.
//!
//! ## CORS recipe
//! Let the application do CORS (Varnish passes OPTIONS through), and make sure no `vcl_recv` rule refuses the
//! preflight; or answer the preflight in VCL with `return (synth(204))` and set the `Access-Control-Allow-*`
//! headers in `vcl_synth` and `vcl_deliver` (and `Vary: Origin`, since Varnish caches).
//!
//! ## Sources
//! - the built-in VCL (`vcl_recv` pass/pipe rules, `vcl_synth`'s Guru Meditation page, `Retry-After: 5`):
//!   <https://github.com/varnishcache/varnish-cache/blob/master/bin/varnishd/builtin.vcl>
//! - `Server: Varnish` on synthetic responses and the `Via` header:
//!   <https://github.com/varnishcache/varnish-cache/blob/master/bin/varnishd/cache/cache_req_fsm.c>
//! - VCL subroutines and `synth`: <https://varnish-cache.org/docs/7.1/users-guide/vcl-built-in-subs.html>
//! - `X-Varnish`: <https://varnish-cache.org/docs/7.1/reference/vcl-var.html>
//! - CORS with Varnish (pass OPTIONS, or answer it with synth): <https://varnish-cache.org/docs/7.1/users-guide/vcl-example-manipulating-headers.html>

use super::fix::prelude::*;
use super::signature::rows::*;
use super::signature::Signature;
use super::{Define, Stack, Tier};

/// The human name.
pub(super) const LABEL: &str = "Varnish";

/// Varnish's signature rows.
#[rustfmt::skip]
pub(super) const SIGNATURES: &[Signature] = &[
    row(Stack::Varnish, Body, Has("<h3>Guru Meditation:</h3>"), Some((300, 599)), &[], Generated, 95,
        "Varnish's synthetic page (the built-in vcl_synth): body contains \"{line}\""),
    row(Stack::Varnish, Header("x-varnish"), Any, ERR,
        &[C::Header("server", Is("Varnish")), C::Header("retry-after", Is("5"))], Generated, 85,
        "Varnish's synthetic response: Server: Varnish, X-Varnish: {value} and the built-in vcl_synth's Retry-After: 5 (body not recorded)"),
    row(Stack::Varnish, Header("via"), Has("(Varnish/"), ANY, &[], Seen, 60, "Via: {value}"),
    row(Stack::Varnish, Header("x-varnish"), Any, ANY, &[], Seen, 55, "X-Varnish: {value}"),
];

/// Varnish's hooks: fix snippets.
pub(super) struct Varnish;

impl Define for Varnish {
    fn lang(&self) -> Lang {
        Lang::Vcl
    }

    fn tier(&self) -> Tier {
        Tier::Proxy
    }

    fn allow_cors(&self, c: &Cors) -> Fix {
        let origin = &c.origin;
        let path = &c.path;
        let methods_csv = csv(&c.method_names);
        let headers_csv = csv(&c.header_names);
        let loc = Lang::Vcl.regex(&location_prefix(&c.path).raw);
        let cred = if c.credentials { "\n    set resp.http.Access-Control-Allow-Credentials = \"true\";" } else { "" };
        let code = format!(
            "# {methods_csv} {path} from {origin}\
             \nsub vcl_recv {{\
             \n    # the preflight, answered by Varnish itself (before any rule that refuses OPTIONS)\
             \n    if (req.method == \"OPTIONS\" && req.http.Access-Control-Request-Method && req.url ~ \"^{loc}\") {{\
             \n        return (synth(204, \"No Content\"));\
             \n    }}\
             \n}}\
             \n\
             \nsub vcl_synth {{\
             \n    # Varnish's own answers (the preflight's 204, and any synth error) skip vcl_deliver\
             \n    if (req.url ~ \"^{loc}\") {{\
             \n        set resp.http.Access-Control-Allow-Origin = \"{origin}\";{cred}\
             \n        set resp.http.Vary = \"Origin\";\
             \n    }}\
             \n    if (resp.status == 204 && req.method == \"OPTIONS\") {{\
             \n        set resp.http.Access-Control-Allow-Methods = \"{methods_csv}, OPTIONS\";\
             \n        set resp.http.Access-Control-Allow-Headers = \"{headers_csv}\";\
             \n        set resp.http.Access-Control-Max-Age = \"600\";\
             \n        return (deliver);\
             \n    }}\
             \n}}\
             \n\
             \nsub vcl_deliver {{\
             \n    # the application's answers (drop the app's own CORS headers if it sends some)\
             \n    if (req.url ~ \"^{loc}\") {{\
             \n        set resp.http.Access-Control-Allow-Origin = \"{origin}\";{cred}\
             \n        set resp.http.Vary = \"Origin\";\
             \n    }}\
             \n}}\
             \n"
        );
        fix(c.title("Varnish (VCL)"), "vcl", code)
    }

    fn web_server_rule(&self, w: &ServerRule) -> Fix {
        let m = &w.m;
        let path = &w.path;
        let loc = Lang::Vcl.regex(&w.loc.raw);
        fix(
            format!("Let {m} {path} through Varnish to the application"),
            "vcl",
            format!(
                "# Varnish answered {m} {path} itself (a `return (synth(405))` or similar rule in vcl_recv): the\
                 \n# request never reached the application. Pass {m} on this path to the backend before that rule:\
                 \nsub vcl_recv {{\
                 \n    if (req.method == \"{m}\" && req.url ~ \"^{loc}\") {{\
                 \n        return (pass);\
                 \n    }}\
                 \n}}\
                 \n# Varnish runs the vcl_recv subroutines in the order they appear: put this one first, or take {m}\
                 \n# out of the rule that refuses it (the preflight OPTIONS must get through too).\
                 \n"
            ),
        )
    }
}
