//! # Kong Gateway
//!
//! An API gateway built on OpenResty. A response Kong passed on from the upstream carries `Via: kong/<version>`
//! (and `X-Kong-Upstream-Latency`, `X-Kong-Proxy-Latency`); a response Kong made itself (a plugin's answer, no
//! route) carries `Server: kong/<version>` and `X-Kong-Response-Latency`.
//!
//! ## How it answers
//! - **Wrong method**: a Route lists the methods it matches; a request no Route matches (another method) gets
//!   **404** `{"message":"no Route matched with those values"}` from Kong itself, not 405.
//! - **OPTIONS**: with the CORS plugin, Kong answers the preflight itself (200, before authentication plugins)
//!   unless `preflight_continue`; for an origin not in `config.origins` it answers without
//!   `Access-Control-Allow-Origin`, so the browser refuses it. A Route matched on headers never matches a
//!   preflight (404).
//! - **Errors**: Kong's own errors are JSON `{"message": …}`.
//!
//! ## CORS recipe
//! The `cors` plugin on the Service or Route (`origins`, `methods`, `headers`, `credentials`, `max_age`), and
//! OPTIONS in the Route's methods.
//!
//! ## Sources
//! - The CORS plugin (answers the preflight with `kong.response.exit(200)`, clears `Access-Control-Allow-Origin`
//!   for an origin it does not list): <https://github.com/Kong/kong/blob/master/kong/plugins/cors/handler.lua> and
//!   <https://developer.konghq.com/plugins/cors/>
//! - Kong's own answers say `Server: kong/<version>` (`meta._SERVER_TOKENS` in its error handler):
//!   <https://github.com/Kong/kong/pull/3511/files>; the latency headers (`X-Kong-Upstream-Latency`,
//!   `X-Kong-Proxy-Latency` on proxied responses, `X-Kong-Response-Latency` on Kong's own; the `headers` setting
//!   turns them off): <https://github.com/Kong/kong/pull/3263>,
//!   <https://developer.konghq.com/support/how-can-the-latency-and-rate-limit-plugin-header-names-be-changed/>
//!   (rows: `Server: kong/`, `X-Kong-Response-Latency`, `Via: kong/`, `X-Kong-Upstream-Latency`)
//! - "no Route matched with those values" (404): <https://developer.konghq.com/support/when-using-route-by-header-a-cors-pre-flight-request-fails-with-a-404-error/>
//!   (row: the 404 body)
//! - Route `methods` and decK's declarative format: <https://developer.konghq.com/gateway/entities/route/>

use super::fix::prelude::*;
use super::signature::rows::*;
use super::signature::Signature;
use super::{Define, Stack, Tier};

/// The human name.
pub(super) const LABEL: &str = "Kong Gateway";

/// Kong's signature rows.
#[rustfmt::skip]
pub(super) const SIGNATURES: &[Signature] = &[
    row(Stack::Kong, Body, Has("no Route matched with those values"), Some((404, 404)), &[], Generated, 95,
        "Kong's own 404: body {line} (no Route matches this method and path)"),
    row(Stack::Kong, Header("x-kong-response-latency"), Any, ANY, &[], Generated, 85,
        "X-Kong-Response-Latency: {value}: Kong answered itself (a plugin or no Route), the upstream never saw it"),
    row(Stack::Kong, Header("server"), Starts("kong/"), ANY, &[], Generated, 80, "Server: {value}: Kong answered itself"),
    row(Stack::Kong, Header("via"), Has("kong/"), ANY, &[], Seen, 60, "Via: {value} (passed through Kong)"),
    row(Stack::Kong, Header("x-kong-upstream-latency"), Any, ANY, &[], Seen, 55, "X-Kong-Upstream-Latency: {value}"),
];

/// Kong's hooks: fix snippets in YAML (decK's declarative configuration).
pub(super) struct Kong;

impl Define for Kong {
    fn tier(&self) -> Tier {
        Tier::Proxy
    }

    fn lang(&self) -> Lang {
        Lang::Yaml
    }

    fn web_server_rule(&self, w: &ServerRule) -> Fix {
        let (m, path) = (&w.m, &w.path);
        let head = comment(
            "yaml",
            &format!("{m} {raw}: list the method in the Route (decK, kong.yaml):", raw = w.path.raw),
        );
        fix(
            format!("Let {m} {raw} through Kong: add it to the Route's methods", raw = w.path.raw),
            "yaml",
            format!(
                "{head}\
                 \n_format_version: \"3.0\"\
                 \nservices:\
                 \n  - name: api\
                 \n    url: http://127.0.0.1:8000\
                 \n    routes:\
                 \n      - name: api-route\
                 \n        paths:\
                 \n          - \"{path}\"\
                 \n        methods: [\"{m}\", \"OPTIONS\"]\
                 \n"
            ),
        )
    }

    fn allow_cors(&self, c: &Cors) -> Fix {
        let head = comment("yaml", &format!("{what}: Kong's cors plugin answers the preflight", what = c.what));
        let origin = &c.origin;
        let methods = dq(&c.method_names);
        let headers = dq(&c.header_names);
        let cred = c.credentials;
        fix(
            c.title("Kong's cors plugin"),
            "yaml",
            format!(
                "{head}\
                 \nplugins:\
                 \n  - name: cors\
                 \n    service: api\
                 \n    config:\
                 \n      origins:\
                 \n        - \"{origin}\"\
                 \n      methods: [{methods}, \"OPTIONS\"]\
                 \n      headers: [{headers}]\
                 \n      credentials: {cred}\
                 \n      max_age: 600\
                 \n# and OPTIONS in the Route's methods, so that the preflight matches the Route\
                 \n"
            ),
        )
    }
}
