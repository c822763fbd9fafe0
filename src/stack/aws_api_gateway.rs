//! # Amazon API Gateway
//!
//! AWS's managed API front door (REST APIs and HTTP APIs) in front of Lambda functions or HTTP backends. Every
//! response carries its request id (`x-amzn-RequestId`; REST APIs also `x-amz-apigw-id`, HTTP APIs
//! `apigw-requestid`).
//!
//! ## How it answers
//! - **Wrong method**: a REST API answers a method (or resource) it has no method for with **403**
//!   `{"message":"Missing Authentication Token"}` and `x-amzn-ErrorType: MissingAuthenticationTokenException`,
//!   not 404 or 405; an HTTP API answers 404 `{"message":"Not Found"}`. These are gateway responses: the
//!   backend never saw the request.
//! - **OPTIONS**: a REST API answers it only where CORS is enabled (an OPTIONS method with a mock integration); an
//!   HTTP API with a CORS configuration answers every preflight itself, before routes and authorizers.
//! - **Errors**: gateway responses (4XX/5XX) carry no CORS headers unless they are added to them.
//!
//! ## CORS recipe
//! HTTP API: `CorsConfiguration` (AllowOrigins, AllowMethods, AllowHeaders, AllowCredentials, MaxAge). REST API:
//! enable CORS on the resource, and add `Access-Control-Allow-Origin` to the DEFAULT_4XX/5XX gateway responses.
//!
//! ## Sources
//! - "Missing Authentication Token" for a method or resource that does not exist: <https://repost.aws/knowledge-center/api-gateway-authentication-token-errors>
//!   (rows: the body, `x-amzn-ErrorType`)
//! - Gateway response types (MISSING_AUTHENTICATION_TOKEN, 403) and the `x-amzn-ErrorType` header: <https://docs.aws.amazon.com/apigateway/latest/developerguide/supported-gateway-response-types.html>
//! - The headers of that 403 (`x-amzn-RequestId`, `x-amzn-ErrorType: MissingAuthenticationTokenException`,
//!   `x-amz-apigw-id`; an edge-optimized API adds CloudFront's `Via` and `X-Cache: Error from cloudfront`), as AWS's
//!   own serverless samples print them (e.g. <https://github.com/aws-samples/serverless-samples>), and
//!   `Apigw-Requestid` on an HTTP API's responses, as Quarkus's guide shows one: <https://quarkus.io/guides/funqy-aws-lambda-http>
//!   (rows: `x-amzn-ErrorType`, `x-amz-apigw-id`, `apigw-requestid`)
//! - CORS for REST APIs: <https://docs.aws.amazon.com/apigateway/latest/developerguide/how-to-cors.html>
//! - CORS for HTTP APIs (`CorsConfiguration`): <https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-cors.html>
//! - `x-amazon-apigateway-integration` and `x-amazon-apigateway-any-method`: <https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-swagger-extensions.html>

use super::fix::prelude::*;
use super::signature::rows::*;
use super::signature::Signature;
use super::{Define, Stack, Tier};

/// The human name.
pub(super) const LABEL: &str = "Amazon API Gateway";

/// API Gateway's signature rows.
#[rustfmt::skip]
pub(super) const SIGNATURES: &[Signature] = &[
    row(Stack::AwsApiGateway, Body, Has("\"message\":\"Missing Authentication Token\""), Some((403, 403)), &[], Generated, 95,
        "API Gateway's gateway response: body {line} (a REST API answers this for a method or resource it does not define)"),
    row(Stack::AwsApiGateway, Header("x-amzn-errortype"), Any, ERR, &[C::Header("x-amzn-requestid", Any)], Generated, 90,
        "x-amzn-ErrorType: {value}: a gateway response API Gateway made itself"),
    row(Stack::AwsApiGateway, Header("x-amz-apigw-id"), Any, ANY, &[], Seen, 60, "x-amz-apigw-id: {value} (API Gateway REST API)"),
    row(Stack::AwsApiGateway, Header("apigw-requestid"), Any, ANY, &[], Seen, 60, "apigw-requestid: {value} (API Gateway HTTP API)"),
];

/// API Gateway's hooks: fix snippets in YAML (OpenAPI, SAM).
pub(super) struct AwsApiGateway;

/// The OpenAPI operation key of a method (`put`), or the extension that takes any method.
fn operation(m: &str) -> String {
    let lower = m.to_ascii_lowercase();
    match lower.as_str() {
        "get" | "put" | "post" | "delete" | "options" | "head" | "patch" => lower,
        _ => "x-amazon-apigateway-any-method".into(),
    }
}

impl Define for AwsApiGateway {
    fn tier(&self) -> Tier {
        Tier::Proxy
    }

    fn lang(&self) -> Lang {
        Lang::Yaml
    }

    fn web_server_rule(&self, w: &ServerRule) -> Fix {
        let (m, path) = (&w.m, &w.path);
        let op = operation(m);
        let head = comment(
            "yaml",
            &format!(
                "{m_raw} {raw}: API Gateway has no {m_raw} method on this resource, so it answered itself \
                 (REST API: 403 \"Missing Authentication Token\").\nAdd the method with an integration \
                 (OpenAPI import), then deploy the stage:",
                m_raw = w.m,
                raw = w.path.raw
            ),
        );
        fix(
            format!("Add {m} to the API Gateway resource {raw}", raw = w.path.raw),
            "yaml",
            format!(
                "{head}\
                 \npaths:\
                 \n  \"{path}\":\
                 \n    \"{op}\":\
                 \n      x-amazon-apigateway-integration:\
                 \n        type: aws_proxy\
                 \n        httpMethod: POST\
                 \n        uri: arn:aws:apigateway:REGION:lambda:path/2015-03-31/functions/FUNCTION_ARN/invocations\
                 \n# Or one greedy resource for the whole API: \"/{{proxy+}}\" with x-amazon-apigateway-any-method.\
                 \n"
            ),
        )
    }

    fn allow_cors(&self, c: &Cors) -> Fix {
        let head = comment("yaml", &format!("{what}: an HTTP API answers the preflight itself (SAM template)", what = c.what));
        let origin = &c.origin;
        let methods = dq(&c.method_names);
        let headers = dq(&c.header_names);
        let cred = c.credentials;
        fix(
            c.title("API Gateway's CORS configuration"),
            "yaml",
            format!(
                "{head}\
                 \nResources:\
                 \n  Api:\
                 \n    Type: AWS::Serverless::HttpApi\
                 \n    Properties:\
                 \n      CorsConfiguration:\
                 \n        AllowOrigins:\
                 \n          - \"{origin}\"\
                 \n        AllowMethods: [{methods}, \"OPTIONS\"]\
                 \n        AllowHeaders: [{headers}]\
                 \n        AllowCredentials: {cred}\
                 \n        MaxAge: 600\
                 \n# A REST API instead: enable CORS on the resource (an OPTIONS method), and add the same \
                 Access-Control-Allow-Origin\
                 \n# to the DEFAULT_4XX and DEFAULT_5XX gateway responses, so that its own errors carry it too.\
                 \n"
            ),
        )
    }
}
