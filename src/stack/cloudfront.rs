//! # Amazon CloudFront
//!
//! AWS's CDN in front of an origin (an S3 bucket, a load balancer, API Gateway, any HTTP server). Every response
//! it passes on carries `Via: 1.1 <id>.cloudfront.net (CloudFront)`, `X-Amz-Cf-Pop` and `X-Amz-Cf-Id`; the ones
//! it makes itself also `Server: CloudFront` and `X-Cache: Error from cloudfront`.
//!
//! ## How it answers
//! - **Wrong method**: a cache behavior allows one of three method sets (GET, HEAD / + OPTIONS / + PUT, PATCH,
//!   POST, DELETE); any other method gets **403** with CloudFront's own page "This distribution is not configured
//!   to allow the HTTP request method that was used for this request.": never the origin's answer, never 405.
//! - **OPTIONS**: forwarded only when the behavior allows it (else the same 403); a response headers policy with a
//!   CORS configuration can answer CORS headers itself.
//! - **Errors**: its own error pages carry no CORS headers unless a response headers policy adds them.
//!
//! ## CORS recipe
//! Allow OPTIONS (and the write methods) in the cache behavior, and attach a response headers policy with a
//! `CorsConfig` (or forward the preflight to an origin that answers it).
//!
//! ## Sources
//! - `AllowedMethods` of a cache behavior (the three sets): <https://docs.aws.amazon.com/cloudfront/latest/APIReference/API_AllowedMethods.html>
//!   (row: the 403 body, which is what a method outside the set gets)
//! - "CloudFront returns a 403 (Invalid method) error if you're trying to use an HTTP method that you haven't
//!   specified in the CloudFront distribution": <https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/http-403-invalid-method.html>;
//!   the page's text "This distribution is not configured to allow the HTTP request method that was used for this
//!   request.", quoted in <https://handbook.chaineapp.com/handbook/engineering/resources/aws/AWS-Cloudfront/>
//! - CloudFront's response headers (`Via … (CloudFront)`, `X-Amz-Cf-Id`, `X-Cache`): <https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/RequestAndResponseBehaviorCustomOrigin.html>
//!   (rows: `Server: CloudFront` with `X-Cache: Error from cloudfront`, `Via`, `X-Amz-Cf-Id`)
//! - Response headers policies, `CorsConfig`: <https://docs.aws.amazon.com/cloudfront/latest/APIReference/API_ResponseHeadersPolicyCorsConfig.html>

use super::fix::prelude::*;
use super::signature::rows::*;
use super::signature::Signature;
use super::{Define, Stack, Tier};

/// The human name.
pub(super) const LABEL: &str = "Amazon CloudFront";

/// CloudFront's signature rows.
#[rustfmt::skip]
pub(super) const SIGNATURES: &[Signature] = &[
    row(Stack::Cloudfront, Body, Has("This distribution is not configured to allow the HTTP request method"), Some((403, 403)), &[], Generated, 98,
        "CloudFront's own 403 page: body contains \"{line}\" (the cache behavior does not allow this method)"),
    row(Stack::Cloudfront, Header("server"), Is("CloudFront"), ERR, &[C::Header("x-cache", Is("Error from cloudfront"))], Generated, 85,
        "Server: {value} with X-Cache: {h:x-cache}: an error CloudFront answered itself (an origin's error keeps the origin's Server header)"),
    row(Stack::Cloudfront, Header("via"), Has("(CloudFront)"), ANY, &[], Seen, 60, "Via: {value}"),
    row(Stack::Cloudfront, Header("x-amz-cf-id"), Any, ANY, &[], Seen, 55, "X-Amz-Cf-Id: {value}"),
];

/// CloudFront's hooks: fix snippets in JSON (DistributionConfig, ResponseHeadersPolicyConfig).
pub(super) struct Cloudfront;

impl Define for Cloudfront {
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
                "Allow {m} {raw} in the CloudFront cache behavior (its AllowedMethods: CloudFront answers 403 itself \
                 to any method outside them; only GET, HEAD, OPTIONS, PUT, PATCH, POST and DELETE can be allowed)",
                raw = w.path.raw
            ),
            "json",
            format!(
                "{{\
                 \n  \"PathPattern\": \"{path}\",\
                 \n  \"AllowedMethods\": {{\
                 \n    \"Quantity\": 7,\
                 \n    \"Items\": [\"GET\", \"HEAD\", \"OPTIONS\", \"PUT\", \"PATCH\", \"POST\", \"DELETE\"],\
                 \n    \"CachedMethods\": {{ \"Quantity\": 2, \"Items\": [\"GET\", \"HEAD\"] }}\
                 \n  }}\
                 \n}}\
                 \n"
            ),
        )
    }

    fn allow_cors(&self, c: &Cors) -> Fix {
        let (origin, path) = (&c.origin, &c.path);
        let mut methods = c.method_names.clone();
        if !methods.iter().any(|m| m == "OPTIONS") {
            methods.push("OPTIONS".into());
        }
        let (n_methods, methods) = (methods.len(), dq(&methods));
        let (n_headers, headers) = (c.header_names.len(), dq(&c.header_names));
        let cred = c.credentials;
        fix(
            format!(
                "{title}: a response headers policy (ResponseHeadersPolicyConfig); the cache behavior must allow \
                 OPTIONS too",
                title = c.title("CloudFront")
            ),
            "json",
            format!(
                "{{\
                 \n  \"Name\": \"api-cors\",\
                 \n  \"Comment\": \"{path}\",\
                 \n  \"CorsConfig\": {{\
                 \n    \"AccessControlAllowOrigins\": {{ \"Quantity\": 1, \"Items\": [\"{origin}\"] }},\
                 \n    \"AccessControlAllowMethods\": {{ \"Quantity\": {n_methods}, \"Items\": [{methods}] }},\
                 \n    \"AccessControlAllowHeaders\": {{ \"Quantity\": {n_headers}, \"Items\": [{headers}] }},\
                 \n    \"AccessControlAllowCredentials\": {cred},\
                 \n    \"AccessControlMaxAgeSec\": 600,\
                 \n    \"OriginOverride\": true\
                 \n  }}\
                 \n}}\
                 \n"
            ),
        )
    }
}
