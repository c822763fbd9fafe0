//! # Envoy
//!
//! A proxy used alone, as the data plane of service meshes (Istio) and inside gateways. It sets
//! `server: envoy` (unless configured otherwise) and, on a response the upstream answered,
//! `x-envoy-upstream-service-time`.
//!
//! ## How it answers
//! - **Wrong method**: a route can match on the `:method` header; a request no route matches gets **404** with an
//!   empty body from Envoy itself (no `x-envoy-upstream-service-time`, since no upstream answered).
//! - **OPTIONS**: the CORS filter answers a preflight for an allowed origin itself; otherwise the request goes on
//!   to the upstream.
//! - **Errors**: its local replies, e.g. 503 "no healthy upstream", "upstream connect error or disconnect/reset
//!   before headers".
//!
//! ## CORS recipe
//! The `envoy.filters.http.cors` filter in the HTTP connection manager, and a `CorsPolicy` on the virtual host
//! or route (`allow_origin_string_match`, `allow_methods`, `allow_headers`, `allow_credentials`, `max_age`).
//!
//! ## Sources
//! - The router's response header `x-envoy-upstream-service-time` (time the upstream took): <https://www.envoyproxy.io/docs/envoy/latest/configuration/http/http_filters/router_filter#x-envoy-upstream-service-time>
//!   (row: `x-envoy-upstream-service-time`)
//! - `server_name` (default `envoy`): <https://www.envoyproxy.io/docs/envoy/latest/api-v3/extensions/filters/network/http_connection_manager/v3/http_connection_manager.proto>
//!   (rows: `server: envoy`)
//! - The router's local replies: 503 "no healthy upstream" when the cluster has no healthy host, 404 with no body
//!   when no route matches, both without `x-envoy-upstream-service-time` (`sendLocalReply` in the router):
//!   <https://github.com/envoyproxy/envoy/blob/main/source/common/router/router.cc>
//!   (rows: the 503 body, the bodiless `server: envoy` error)
//! - The CORS filter and `CorsPolicy`: <https://www.envoyproxy.io/docs/envoy/latest/configuration/http/http_filters/cors_filter>
//! - Route matching on headers (`:method`): <https://www.envoyproxy.io/docs/envoy/latest/api-v3/config/route/v3/route_components.proto>

use super::fix::prelude::*;
use super::signature::rows::*;
use super::signature::Signature;
use super::{Define, Stack, Tier};

/// The human name.
pub(super) const LABEL: &str = "Envoy";

/// Envoy's signature rows.
#[rustfmt::skip]
pub(super) const SIGNATURES: &[Signature] = &[
    row(Stack::Envoy, Body, Is("no healthy upstream"), Some((503, 503)), &[], Generated, 90,
        "Envoy's local reply: body \"{line}\""),
    row(Stack::Envoy, Header("server"), Is("envoy"), ERR, &[C::NoHeader("x-envoy-upstream-service-time"), C::NoBody], Generated, 60,
        "server: {value} without x-envoy-upstream-service-time and without a body: Envoy's own local reply (no upstream answered)"),
    row(Stack::Envoy, Header("x-envoy-upstream-service-time"), Any, ANY, &[], Seen, 60,
        "x-envoy-upstream-service-time: {value} (the upstream answered, through Envoy)"),
    row(Stack::Envoy, Header("server"), Is("envoy"), ANY, &[], Seen, 55, "server: {value}"),
];

/// Envoy's hooks: fix snippets in YAML (route configuration).
pub(super) struct Envoy;

impl Define for Envoy {
    fn tier(&self) -> Tier {
        Tier::Proxy
    }

    fn lang(&self) -> Lang {
        Lang::Yaml
    }

    fn web_server_rule(&self, w: &ServerRule) -> Fix {
        let (m, loc) = (&w.m, &w.loc);
        let head = comment(
            "yaml",
            &format!("{m} {raw}: no route matched this method. In the route configuration:", raw = w.path.raw),
        );
        fix(
            format!("Route {m} {raw} through Envoy to the application", raw = w.path.raw),
            "yaml",
            format!(
                "{head}\
                 \nroutes:\
                 \n  - match:\
                 \n      prefix: \"{loc}\"\
                 \n      headers:\
                 \n        - name: \":method\"\
                 \n          string_match: {{ exact: \"{m}\" }}\
                 \n    route: {{ cluster: app }}\
                 \n"
            ),
        )
    }

    fn allow_cors(&self, c: &Cors) -> Fix {
        let head = comment("yaml", &format!("{what}: Envoy's CORS filter answers the preflight", what = c.what));
        let origin = &c.origin;
        let loc = location_prefix(&c.path);
        let methods = csv(&c.method_names);
        let headers = csv(&c.header_names);
        let cred = c.credentials;
        fix(
            c.title("Envoy's CORS filter"),
            "yaml",
            format!(
                "{head}\
                 \n# http_filters: put envoy.filters.http.cors before envoy.filters.http.router, then:\
                 \nvirtual_hosts:\
                 \n  - name: api\
                 \n    domains: [\"api.example.com\"]\
                 \n    typed_per_filter_config:\
                 \n      envoy.filters.http.cors:\
                 \n        \"@type\": type.googleapis.com/envoy.extensions.filters.http.cors.v3.CorsPolicy\
                 \n        allow_origin_string_match:\
                 \n          - exact: \"{origin}\"\
                 \n        allow_methods: \"{methods}, OPTIONS\"\
                 \n        allow_headers: \"{headers}\"\
                 \n        allow_credentials: {cred}\
                 \n        max_age: \"600\"\
                 \n    routes:\
                 \n      - match: {{ prefix: \"{loc}\" }}\
                 \n        route: {{ cluster: app }}\
                 \n"
            ),
        )
    }
}
