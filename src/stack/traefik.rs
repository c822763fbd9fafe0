//! # Traefik
//!
//! A reverse proxy and load balancer configured from providers (Docker labels, Kubernetes, files). It sets no
//! `Server` header of its own and passes the upstream's response through.
//!
//! ## How it answers
//! - **Wrong method**: a router whose rule has a `Method(…)` matcher does not match another method: the request
//!   falls to another router or to Traefik's default 404 "404 page not found" (Go's `http.NotFound`, the same
//!   text as any Go server's: not evidence of Traefik).
//! - **OPTIONS**: the `headers` middleware with `accessControl*` options answers the preflight itself.
//! - **Errors**: a service with no healthy server answers **503** "no available server" (Traefik's load
//!   balancer), which is the one body only Traefik writes.
//!
//! ## CORS recipe
//! The `headers` middleware: `accessControlAllowOriginList`, `accessControlAllowMethods`,
//! `accessControlAllowHeaders`, `accessControlAllowCredentials`, `accessControlMaxAge`, `addVaryHeader`.
//!
//! ## Sources
//! - The load balancer's "no available server" (503): <https://github.com/traefik/traefik/blob/master/pkg/server/service/loadbalancer/wrr/wrr.go>
//!   (row: the 503 body)
//! - The headers middleware's CORS options: <https://doc.traefik.io/traefik/middlewares/http/headers/>
//! - Router rules (`PathPrefix`, `Method`): <https://doc.traefik.io/traefik/routing/routers/>

use super::fix::prelude::*;
use super::signature::rows::*;
use super::signature::Signature;
use super::{Define, Stack, Tier};

/// The human name.
pub(super) const LABEL: &str = "Traefik";

/// Traefik's signature rows.
#[rustfmt::skip]
pub(super) const SIGNATURES: &[Signature] = &[
    row(Stack::Traefik, Body, Is("no available server"), Some((503, 503)), &[], Generated, 90,
        "Traefik's load balancer: body \"{line}\" (the service has no healthy server)"),
];

/// Traefik's hooks: fix snippets in YAML (the file provider's dynamic configuration).
pub(super) struct Traefik;

/// A rule's path: Traefik's rule strings are in backticks, so a backtick is percent-encoded.
fn rule_path(v: &Val) -> Val {
    v.map(|p| p.replace('`', "%60"))
}

impl Define for Traefik {
    fn tier(&self) -> Tier {
        Tier::Proxy
    }

    fn lang(&self) -> Lang {
        Lang::Yaml
    }

    fn web_server_rule(&self, w: &ServerRule) -> Fix {
        let m = &w.m;
        let loc = rule_path(&w.loc);
        let head = comment(
            "yaml",
            &format!(
                "{m} {raw}: no router matched this method. A router without a Method() matcher (or one listing {m}):",
                raw = w.path.raw
            ),
        );
        fix(
            format!("Route {m} {raw} through Traefik to the application", raw = w.path.raw),
            "yaml",
            format!(
                "{head}\
                 \nhttp:\
                 \n  routers:\
                 \n    api:\
                 \n      rule: \"PathPrefix(`{loc}`)\"\
                 \n      service: api\
                 \n"
            ),
        )
    }

    fn allow_cors(&self, c: &Cors) -> Fix {
        let head = comment("yaml", &format!("{what}: the headers middleware answers the preflight", what = c.what));
        let origin = &c.origin;
        let loc = rule_path(&location_prefix(&c.path));
        let methods = dq(&c.method_names);
        let headers = dq(&c.header_names);
        let cred = c.credentials;
        fix(
            c.title("Traefik's headers middleware"),
            "yaml",
            format!(
                "{head}\
                 \nhttp:\
                 \n  middlewares:\
                 \n    cors:\
                 \n      headers:\
                 \n        accessControlAllowOriginList:\
                 \n          - \"{origin}\"\
                 \n        accessControlAllowMethods: [{methods}, \"OPTIONS\"]\
                 \n        accessControlAllowHeaders: [{headers}]\
                 \n        accessControlAllowCredentials: {cred}\
                 \n        accessControlMaxAge: 600\
                 \n        addVaryHeader: true\
                 \n  routers:\
                 \n    api:\
                 \n      rule: \"PathPrefix(`{loc}`)\"\
                 \n      middlewares: [cors]\
                 \n      service: api\
                 \n"
            ),
        )
    }
}
