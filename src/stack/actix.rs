//! # actix-web
//!
//! A Rust web framework; CORS through actix-cors. No `Server` header of its own.
//!
//! ## How it answers
//! - **Wrong method**: a `web::resource` whose routes do not match answers 405 with an empty body and `Allow`
//!   (`Allow: GET, PUT`, since actix-web 4.3; nothing in it identifies actix). A handler declared with an attribute
//!   macro (`#[get("/notes")]`) is a resource *guarded* by the method: another method falls through to the default
//!   service, 404 with an empty body — a wrong method looks like a missing path.
//! - **Missing path**: 404 with an empty body.
//! - **OPTIONS**: a 405/404 like any unrouted method, unless actix-cors (`.wrap(cors)`) answers the preflight.
//! - **CORS**: actix-cors answers a valid preflight itself (200, no body) and refuses one whose origin, method or
//!   headers are not in its lists with **400** and a plain-text reason ("Requested method is not allowed", "One or
//!   more request headers are not allowed", "Origin is not allowed to make this request"), without a
//!   `Content-Type` and without CORS headers, so Chromium reports `PreflightMissingAllowOriginHeader` and keeps no
//!   body: the reason's exact `Content-Length` (31, 43, 42) is what a HAR shows. Its `Vary` is one line
//!   `Origin, Access-Control-Request-Method, Access-Control-Request-Headers` (also written by Go's rs/cors and by
//!   hand: not evidence), and its `Access-Control-Allow-Methods` order varies between runs (a hash set).
//! - **Errors**: extractor errors are plain text ("Json deserialize error: …").
//!
//! ## CORS recipe
//! `actix_cors::Cors::default().allowed_origin(…).allowed_methods(…)
//! .allowed_headers(…)`, `.wrap(cors)` on the `App` (or a `web::scope`). The usual mistake: a method list copied
//! from a GET/POST API, refused with 400 on the first PUT.
//!
//! ## Sources
//! - Resources and routes: <https://actix.rs/docs/url-dispatch>
//! - Resource's default 405 with `Allow` (4.3.0, PR 2949): <https://github.com/actix/actix-web/blob/master/actix-web/src/resource.rs>,
//!   <https://github.com/actix/actix-web/pull/2949>
//! - Method macros add a method guard: <https://docs.rs/actix-web/latest/actix_web/attr.get.html>
//! - Middleware order: <https://actix.rs/docs/middleware>
//! - actix-cors: <https://docs.rs/actix-cors/latest/actix_cors/struct.Cors.html>
//! - actix-cors errors (400, text body via `ResponseError`):
//!   <https://github.com/actix/actix-extras/blob/master/actix-cors/src/error.rs>
//! - actix-cors preflight handling and `Vary`:
//!   <https://github.com/actix/actix-extras/blob/master/actix-cors/src/middleware.rs>,
//!   <https://github.com/actix/actix-extras/blob/master/actix-cors/src/inner.rs>
//! - Seen in the lab (actix-web 4.18.1, actix-cors 0.7.2): `tests/lab/servers/actix/`

use super::fix::prelude::*;
use super::signature::rows::*;
use super::signature::Signature;
use super::{Define, Stack};

/// The human name.
pub(super) const LABEL: &str = "actix-web";

/// actix-web's signature rows.
#[rustfmt::skip]
pub(super) const SIGNATURES: &[Signature] = &[
    row(Stack::Actix, Body, Starts("Json deserialize error:"), Some((400, 400)), &[], Generated, 90,
        "actix-web's Json extractor error: body \"{line}\""),
    row(Stack::Actix, Body, Is("Origin is not allowed to make this request"), Some((400, 400)), &[], Generated, 85,
        "actix-cors refused the request: body \"{line}\""),
    row(Stack::Actix, Body, Is("Requested method is not allowed"), Some((400, 400)), &[], Generated, 85,
        "actix-cors refused the preflight: body \"{line}\""),
    row(Stack::Actix, Body, Is("One or more request headers are not allowed"), Some((400, 400)), &[], Generated, 85,
        "actix-cors refused the preflight: body \"{line}\""),
    // Chromium keeps no body for a preflight: actix-cors's refusal has no Content-Type, and its exact length
    // stands in for its text.
    row(Stack::Actix, Header("content-length"), Is("31"), Some((400, 400)), &[C::NoHeader("content-type"), C::NoBody, C::NoHeader("server")], Generated, 55,
        "400 with {value} bytes and no Content-Type or Server: the length of actix-cors's \"Requested method is not allowed\" (body not recorded)"),
    row(Stack::Actix, Header("content-length"), Is("43"), Some((400, 400)), &[C::NoHeader("content-type"), C::NoBody, C::NoHeader("server")], Generated, 55,
        "400 with {value} bytes and no Content-Type or Server: the length of actix-cors's \"One or more request headers are not allowed\" (body not recorded)"),
    row(Stack::Actix, Header("content-length"), Is("42"), Some((400, 400)), &[C::NoHeader("content-type"), C::NoBody, C::NoHeader("server")], Generated, 55,
        "400 with {value} bytes and no Content-Type or Server: the length of actix-cors's \"Origin is not allowed to make this request\" (body not recorded)"),
];

/// actix-web's hooks: quirks and fix snippets.
pub(super) struct Actix;

impl Define for Actix {
    fn lang(&self) -> Lang {
        Lang::Rust
    }

    fn refuses_preflight_itself(&self) -> bool {
        true
    }

    fn allow_cors(&self, c: &Cors) -> Fix {
        let methods = &c.method_names;
        let headers = &c.header_names;
        let cred = c.credentials;
        let origin = &c.origin;
        let title = |name: &str| c.title(name);
        let methods_csv = csv(methods);
        let path = &c.path;
        let methods_dq = dq(methods);
        let headers_dq = dq(headers);
        let mut code = format!(
            "// {methods_csv} {path} from {origin}\
            \nuse actix_cors::Cors;\
            \n\
            \nHttpServer::new(|| {{\
            \n    let cors = Cors::default()\
            \n        .allowed_origin(\"{origin}\")\
            \n        .allowed_methods(vec![{methods_dq}])\
            \n        .allowed_headers(vec![{headers_dq}])"
        );
        if cred {
            code.push_str("\n        .supports_credentials()");
        }
        code.push_str(
            "\n        .max_age(3600);\
            \n    App::new()\
            \n        .wrap(cors) // wrap last = runs first\
            \n        // ... services ...\
            \n})\
            \n",
        );
        fix(title("actix_cors::Cors"), "rust", code)
    }

    fn preflight_before_auth(&self, a: &BeforeAuth) -> Fix {
        let title = &a.title;
        let head = &a.head;
        let path = &a.path;
        let note = comment("rust", head);
        let route = route_pattern(path, Style::Brace);
        fix(
            title,
            "rust",
            format!(
                "{note}\
            \nApp::new()\
            \n    .wrap(auth)  // registered first = runs after…\
            \n    .wrap(cors)  // …CORS, which answers the preflight\
            \n    .route(\"{route}\", /* ... */)\
            \n"
            ),
        )
    }

    fn credentials(&self, origin: &str) -> Snippet {
        (
            "rust",
            format!(
                "let cors = Cors::default()\
            \n    .allowed_origin(\"{origin}\")\
            \n    .supports_credentials();\
            \n"
            ),
        )
    }

    fn cors_on_errors(&self, origin: &str) -> Snippet {
        (
            "rust",
            format!(
                "App::new()\
            \n    // ... services ...\
            \n    .wrap(Cors::default().allowed_origin(\"{origin}\")) // outermost: error \
            responses pass through it too\
            \n"
            ),
        )
    }

    fn register_route(&self, r: &Route) -> Fix {
        let title = &r.title;
        let head = &r.head;
        let all = &r.all;
        let path = &r.path;
        let r = route_pattern(path, Style::Brace);
        let routes = all
            .iter()
            .map(|mm| {
                let h = handler_name(mm, path);
                match shorthand(mm) {
                    Some(s) => format!("\n            .route(web::{s}().to({h}))"),
                    None => format!(
                        "\n            \
                        .route(web::method(Method::from_bytes(b\"{method}\").unwrap()).to({h}))",
                        method = rust_bytes(mm.as_str())
                    ),
                }
            })
            .collect::<String>();
        let note = comment("rust", head);
        fix(
            title,
            "rust",
            format!(
                "{note}\
            \nApp::new().service(\
            \n    web::resource(\"{r}\"){routes},\
            \n)\
            \n"
            ),
        )
    }

    fn redirect_changed(&self, r: &RedirectChanged) -> Snippet {
        let to = &r.to;
        (
            "rust",
            format!(
                "HttpResponse::TemporaryRedirect() // 307\
            \n    .insert_header((header::LOCATION, \"{to}\"))\
            \n    .finish()\
            \n"
            ),
        )
    }
}
