//! # Apache Traffic Server
//!
//! A caching reverse proxy (`remap.config` maps request URLs to origins). In front of an application it replaces
//! the app's `Server` header with its own (`Server: ATS/9.2.9`) and passes the rest through.
//!
//! ## How it answers
//! - **Wrong method**: a remap rule's ACL filter (`@action=deny @method=PUT …`) or `ip_allow.yaml` refuses a
//!   method with its own body-factory page "403 Access Denied" (`<TITLE>Access Denied</TITLE>`, "You are not
//!   allowed to access the document you requested."), `Content-Type: text/html`, `Content-Language: en`,
//!   `Cache-Control: no-store`.
//! - **OPTIONS**: passed to the origin like any other method, unless a filter denies it.
//! - **Errors**: its body-factory pages carry no header of the application; the `header_rewrite` plugin at
//!   `SEND_RESPONSE_HDR_HOOK` adds headers to every answer, its own included.
//!
//! ## CORS recipe
//! Let the application do CORS (remap passes OPTIONS through) and keep ACL filters away from OPTIONS; add
//! `Access-Control-Allow-Origin` to every answer with `header_rewrite` (`@plugin=header_rewrite.so`).
//!
//! ## Sources
//! - remap ACL filters (`@action`, `@method`): <https://docs.trafficserver.apache.org/en/9.2.x/admin-guide/files/remap.config.en.html#acl-filters>
//! - `ip_allow.yaml`: <https://docs.trafficserver.apache.org/en/9.2.x/admin-guide/files/ip_allow.yaml.en.html>
//! - the "access#denied" body-factory template (403 Access Denied):
//!   <https://github.com/apache/trafficserver/blob/master/configs/body_factory/default/access%23denied>
//! - error responses (`Content-Language`, `Cache-Control: no-store`): <https://github.com/apache/trafficserver/blob/master/proxy/http/HttpTransact.cc>
//! - `header_rewrite`: <https://docs.trafficserver.apache.org/en/9.2.x/admin-guide/plugins/header_rewrite.en.html>

use super::fix::prelude::*;
use super::signature::rows::*;
use super::signature::Signature;
use super::{Define, Stack, Tier};

/// The human name.
pub(super) const LABEL: &str = "Apache Traffic Server";

/// Traffic Server's signature rows.
#[rustfmt::skip]
pub(super) const SIGNATURES: &[Signature] = &[
    row(Stack::Trafficserver, Body, Has("Description: You are not allowed to access the document you requested."),
        Some((403, 403)), &[C::Body(Has("<TITLE>Access Denied</TITLE>"))], Generated, 95,
        "Traffic Server's \"access#denied\" page: body contains \"{line}\""),
    row(Stack::Trafficserver, Header("server"), Starts("ATS/"), ERR,
        &[C::NoBody, C::Header("content-language", Is("en")), C::Header("cache-control", Is("no-store")),
          C::Header("content-type", Is("text/html"))],
        Generated, 80,
        "Server: {value} with its body-factory error shape: Content-Language: en, Cache-Control: no-store, text/html (body not recorded)"),
    row(Stack::Trafficserver, Header("server"), Starts("ATS/"), ANY, &[], Seen, 50, "Server: {value}"),
];

/// Traffic Server's hooks: fix snippets.
pub(super) struct Trafficserver;

impl Define for Trafficserver {
    fn lang(&self) -> Lang {
        Lang::AtsRemap
    }

    fn tier(&self) -> Tier {
        Tier::Proxy
    }

    fn allow_cors(&self, c: &Cors) -> Fix {
        let origin = &c.origin;
        let path = &c.path;
        let loc = location_prefix(&c.path);
        let methods_csv = csv(&c.method_names);
        let headers_csv = csv(&c.header_names);
        let cred = if c.credentials { "\nset-header Access-Control-Allow-Credentials \"true\"" } else { "" };
        let code = format!(
            "# {methods_csv} {path} from {origin}\
             \n# remap.config: no ACL filter on the path, so the preflight OPTIONS reaches the application, which\
             \n# answers it; header_rewrite adds the origin to every answer, Traffic Server's own included\
             \nmap http://app.example.com{loc} http://127.0.0.1:8000{loc} @plugin=header_rewrite.so @pparam=cors.config\
             \n\
             \n# cors.config (next to remap.config):\
             \ncond %{{SEND_RESPONSE_HDR_HOOK}}\
             \nset-header Access-Control-Allow-Origin \"{origin}\"{cred}\
             \nset-header Vary \"Origin\"\
             \n\
             \n# the preflight's answer (the application's 2xx to OPTIONS) gets the methods and headers too\
             \ncond %{{SEND_RESPONSE_HDR_HOOK}} [AND]\
             \ncond %{{METHOD}} =OPTIONS\
             \nset-header Access-Control-Allow-Methods \"{methods_csv}, OPTIONS\"\
             \nset-header Access-Control-Allow-Headers \"{headers_csv}\"\
             \n"
        );
        fix(c.title("Apache Traffic Server"), "ats", code)
    }

    fn web_server_rule(&self, w: &ServerRule) -> Fix {
        let m = &w.m;
        let path = &w.path;
        let loc = &w.loc;
        fix(
            format!("Let {m} {path} through Traffic Server to the application"),
            "ats",
            format!(
                "# Traffic Server answered {m} {path} itself (403 Access Denied): a remap rule's ACL filter\
                 \n# (@action=deny @method=…) or ip_allow.yaml denies {m} here. Map the path without a filter that\
                 \n# names {m} or OPTIONS (remap.config, before any rule that matches it first):\
                 \nmap http://app.example.com{loc} http://127.0.0.1:8000{loc}\
                 \n# and check ip_allow.yaml's `methods` lists for {m}\
                 \n"
            ),
        )
    }
}
