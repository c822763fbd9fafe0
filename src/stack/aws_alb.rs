//! # AWS Application Load Balancer
//!
//! Elastic Load Balancing's layer-7 load balancer. It passes the target's response through as it is (the target's
//! own `Server` header, if any); the responses it makes itself say `Server: awselb/2.0`.
//!
//! ## How it answers
//! - **Wrong method**: listener rules can match on the method (`http-request-method` condition); a request no
//!   rule matches gets the default action (often a fixed response). An AWS WAF web ACL associated with the load
//!   balancer that blocks a method answers **403** `403 Forbidden` with `Server: awselb/2.0`; a method longer
//!   than 127 characters gets 405.
//! - **OPTIONS**: forwarded to the target like any method (it has no CORS feature of its own).
//! - **Errors**: its own pages (`<center><h1>502 Bad Gateway</h1></center>`, no server name in the body) carry
//!   `Server: awselb/2.0` and no CORS headers.
//!
//! ## CORS recipe
//! The target (the application) answers CORS; the load balancer only needs a rule that forwards OPTIONS and the
//! method to it, and no WAF rule that blocks them.
//!
//! ## Sources
//! - HTTP errors the load balancer generates (403 from AWS WAF, 405 for a method over 127 characters): <https://docs.aws.amazon.com/elasticloadbalancing/latest/application/load-balancer-troubleshooting.html>
//!   (row: `Server: awselb/2.0` on an error)
//! - Listener rule conditions (`http-request-method`, `path-pattern`): <https://docs.aws.amazon.com/elasticloadbalancing/latest/application/rule-condition-types.html>
//! - `aws elbv2 create-rule`: <https://docs.aws.amazon.com/cli/latest/reference/elbv2/create-rule.html>

use super::fix::prelude::*;
use super::signature::rows::*;
use super::signature::Signature;
use super::{Define, Stack, Tier};

/// The human name.
pub(super) const LABEL: &str = "AWS Application Load Balancer";

/// The load balancer's signature rows.
#[rustfmt::skip]
pub(super) const SIGNATURES: &[Signature] = &[
    row(Stack::AwsAlb, Header("server"), Starts("awselb/"), ERR, &[], Generated, 90,
        "Server: {value}: the load balancer answered itself (a WAF rule, a fixed response, or no healthy target)"),
    row(Stack::AwsAlb, Header("server"), Starts("awselb/"), ANY, &[], Seen, 60, "Server: {value}"),
];

/// The load balancer's hooks: fix snippets in JSON (listener rule conditions).
pub(super) struct AwsAlb;

impl Define for AwsAlb {
    fn tier(&self) -> Tier {
        Tier::Proxy
    }

    fn lang(&self) -> Lang {
        Lang::Json
    }

    fn web_server_rule(&self, w: &ServerRule) -> Fix {
        let (m, path) = (&w.m, &w.path);
        fix(
            format!(
                "Let {m} {raw} through the load balancer: no AWS WAF rule blocking it, and a listener rule that \
                 forwards it to the application's target group (these are the rule's conditions, for aws elbv2 \
                 create-rule --conditions)",
                raw = w.path.raw
            ),
            "json",
            format!(
                "[\
                 \n  {{ \"Field\": \"path-pattern\", \"PathPatternConfig\": {{ \"Values\": [\"{path}\"] }} }},\
                 \n  {{ \"Field\": \"http-request-method\", \"HttpRequestMethodConfig\": {{ \"Values\": \
                 [\"{m}\", \"OPTIONS\"] }} }}\
                 \n]\
                 \n"
            ),
        )
    }
}
