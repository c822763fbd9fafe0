//! # Amazon S3
//!
//! AWS's object storage, also a static website host (the bucket's website endpoint,
//! `<bucket>.s3-website-<region>.amazonaws.com`). Its responses say `Server: AmazonS3` and carry
//! `x-amz-request-id` and `x-amz-id-2`.
//!
//! ## How it answers
//! - **Wrong method**: the website endpoint supports only GET and HEAD on objects: anything else (a form's POST)
//!   gets **405** with an HTML page listing `Code: MethodNotAllowed` and "The specified method is not allowed
//!   against this resource."; the REST endpoint answers the same error as XML (`<Code>MethodNotAllowed</Code>`).
//!   No bucket setting changes that.
//! - **OPTIONS**: answered by S3 from the bucket's CORS configuration (403 "CORSResponse: This CORS request is not
//!   allowed" when no rule matches).
//! - **Errors**: the website endpoint's errors are HTML documents, the REST endpoint's XML.
//!
//! ## CORS recipe
//! The bucket's CORS configuration (`AllowedOrigins`, `AllowedMethods`, `AllowedHeaders`, `MaxAgeSeconds`).
//!
//! ## Sources
//! - Website endpoints: only GET and HEAD, errors as HTML documents: <https://docs.aws.amazon.com/AmazonS3/latest/userguide/WebsiteEndpoints.html>
//!   (row: the website 405 page's `Code: MethodNotAllowed`)
//! - Error responses and the `MethodNotAllowed` code (405, "The specified method is not allowed against this
//!   resource."): <https://docs.aws.amazon.com/AmazonS3/latest/API/ErrorResponses.html>
//!   (row: the XML `<Code>MethodNotAllowed</Code>`)
//! - Common response headers (`Server: AmazonS3`, `x-amz-request-id`, `x-amz-id-2`): <https://docs.aws.amazon.com/AmazonS3/latest/API/RESTCommonResponseHeaders.html>
//!   (rows: `Server: AmazonS3`)
//! - CORS configuration: <https://docs.aws.amazon.com/AmazonS3/latest/userguide/ManageCorsUsing.html>

use super::fix::prelude::*;
use super::signature::rows::*;
use super::signature::Signature;
use super::{Define, Stack, Tier};

/// The human name.
pub(super) const LABEL: &str = "Amazon S3";

/// S3's signature rows.
#[rustfmt::skip]
pub(super) const SIGNATURES: &[Signature] = &[
    row(Stack::S3, Body, Has("<li>Code: MethodNotAllowed</li>"), Some((405, 405)), &[], Generated, 95,
        "the S3 website endpoint's 405 page: body contains \"{line}\" (it serves only GET and HEAD)"),
    row(Stack::S3, Body, Has("<Code>MethodNotAllowed</Code>"), Some((405, 405)), &[], Generated, 95,
        "S3's MethodNotAllowed error: body contains \"{line}\""),
    row(Stack::S3, Header("server"), Is("AmazonS3"), ERR, &[C::Header("x-amz-request-id", Any)], Generated, 70,
        "Server: {value} with x-amz-request-id: an error S3 answered itself"),
    row(Stack::S3, Header("server"), Is("AmazonS3"), ANY, &[], Seen, 55, "Server: {value}"),
];

/// S3's hooks: fix snippets in JSON (the bucket's CORS configuration).
pub(super) struct S3;

impl Define for S3 {
    fn tier(&self) -> Tier {
        Tier::WebServer
    }

    fn lang(&self) -> Lang {
        Lang::Json
    }

    fn web_server_rule(&self, w: &ServerRule) -> Fix {
        let (m, path) = (&w.m, &w.path);
        fix(
            format!("Send {m} {raw} to an endpoint that handles it, not the S3 website", raw = w.path.raw),
            "text",
            format!(
                "The S3 website endpoint serves only GET and HEAD on objects: it answered 405 MethodNotAllowed \
                 to {m} \"{path}\",\
                 \nand no bucket setting changes that. Point the form or the fetch at an endpoint that \
                 handles {m}:\
                 \n- an API (API Gateway with a Lambda function, or your application), or\
                 \n- for an upload, a presigned URL on the bucket's REST endpoint (PUT), with a CORS rule for it.\
                 \n"
            ),
        )
    }

    fn allow_cors(&self, c: &Cors) -> Fix {
        let (origin, path) = (&c.origin, &c.path);
        let methods = dq(&c.method_names);
        let id = if c.credentials {
            format!("{path} (credentials: S3 sends Access-Control-Allow-Credentials: true to a listed origin)")
        } else {
            path.to_string()
        };
        let headers = dq(&c.header_names);
        fix(
            format!(
                "{title} (S3 sends Access-Control-Allow-Credentials itself for a listed origin)",
                title = c.title("the bucket's CORS configuration")
            ),
            "json",
            format!(
                "[\
                 \n  {{\
                 \n    \"ID\": \"{id}\",\
                 \n    \"AllowedOrigins\": [\"{origin}\"],\
                 \n    \"AllowedMethods\": [{methods}],\
                 \n    \"AllowedHeaders\": [{headers}],\
                 \n    \"ExposeHeaders\": [],\
                 \n    \"MaxAgeSeconds\": 600\
                 \n  }}\
                 \n]\
                 \n"
            ),
        )
    }
}
