//! # axum
//!
//! A Rust web framework on tower/hyper; CORS through tower-http. No `Server` header of its own.
//!
//! ## How it answers
//! - **Wrong method**: 405 with `Allow` (`GET,HEAD,PUT,DELETE`: no spaces, `HEAD` added with `GET`) and an empty
//!   body (nothing that identifies axum: detection stays silent rather than guess).
//! - **Missing path**: the fallback, 404 with an empty body. A router `nest`ed under a prefix does not use its own
//!   fallback for an unmatched path: the outer router's fallback answers, outside any layer of the nested router.
//! - **OPTIONS**: a 405 with `Allow` like any unrouted method, unless `CorsLayer` answers the preflight. Its answer
//!   passes back through the method router, which adds `Allow` to it: a preflight answered 200 with both
//!   `Access-Control-Allow-Methods` and `Allow`.
//! - **CORS**: `CorsLayer` answers **every** OPTIONS with 200 and never refuses: a method or header that is not in
//!   its lists is simply absent from `Access-Control-Allow-*`, and the browser refuses. `Router::layer` wraps only
//!   the routes added before it: a route added after `.layer(cors)`, or a path no route of the layered router has,
//!   answers the preflight without CORS headers (405 / 404).
//! - **Errors**: extractor rejections are plain text ("Failed to deserialize
//!   the JSON body into the target type…").
//!
//! ## CORS recipe
//! `tower_http::cors::CorsLayer::new().allow_origin(…).allow_methods([…])
//! .allow_headers([…])`, added last (after every `.route`). tower-http 0.6 always sent a lower-case `Vary:
//! origin, access-control-request-method, access-control-request-headers`; 0.7 sends `Vary` only for the parts of
//! the configuration that depend on the request (a list of origins, mirrored methods or headers).
//!
//! ## Sources
//! - Routing and method routers (`Allow`, 405): <https://docs.rs/axum/latest/axum/routing/index.html>,
//!   <https://github.com/tokio-rs/axum/blob/main/axum/src/routing/method_routing.rs>
//! - `Router::layer` applies to the routes added before it: <https://docs.rs/axum/latest/axum/struct.Router.html#method.layer>
//! - `Router::nest` and fallbacks: <https://docs.rs/axum/latest/axum/struct.Router.html#method.nest>
//! - Extractor rejections: <https://docs.rs/axum/latest/axum/extract/rejection/index.html>
//! - `Redirect`: <https://docs.rs/axum/latest/axum/response/struct.Redirect.html>
//! - tower-http CorsLayer: <https://docs.rs/tower-http/latest/tower_http/cors/struct.CorsLayer.html>; every OPTIONS
//!   answered, `Vary` defaults (0.7: "relax the Vary header defaults", PR 674):
//!   <https://github.com/tower-rs/tower-http/blob/main/tower-http/src/cors/mod.rs>
//! - Seen in the lab (axum 0.8.9, tower-http 0.7.1): `tests/lab/servers/axum/`

use super::fix::prelude::*;
use super::signature::rows::*;
use super::signature::Signature;
use super::{Define, Stack};

/// The human name.
pub(super) const LABEL: &str = "axum";

/// axum's signature rows.
#[rustfmt::skip]
pub(super) const SIGNATURES: &[Signature] = &[
    row(Stack::Axum, Body, Starts("Failed to deserialize the JSON body into the target type"), Some((400, 422)), &[], Generated, 90,
        "axum's Json extractor rejection: body \"{line}\""),
    row(Stack::Axum, Body, Starts("Expected request with `Content-Type: application/json`"), Some((415, 415)), &[], Generated, 90,
        "axum's Json extractor rejection: body \"{line}\""),
    row(Stack::Axum, Body, Starts("Failed to parse the request body as JSON"), Some((400, 400)), &[], Generated, 90,
        "axum's Json extractor rejection: body \"{line}\""),
    row(Stack::Axum, Body, Starts("Failed to deserialize query string"), Some((400, 400)), &[], Generated, 85,
        "axum's Query extractor rejection: body \"{line}\""),
    row(Stack::Axum, Header("vary"), Case("origin, access-control-request-method"), ANY, &[C::Header("vary", Case("origin"))], Generated, 45,
        "Vary: {value} (tower-http CorsLayer's lower-case list: the 0.6 default, 0.7 when the configuration varies)"),
];

/// axum's hooks: quirks and fix snippets.
pub(super) struct Axum;

impl Define for Axum {
    fn lang(&self) -> Lang {
        Lang::Rust
    }

    fn allow_cors(&self, c: &Cors) -> Fix {
        let methods = &c.method_names;
        let headers = &c.header_names;
        let cred = c.credentials;
        let origin = &c.origin;
        let title = |name: &str| c.title(name);
        let ms: Vec<String> = c.methods.iter().map(rust_method).collect();
        let ms = if ms.is_empty() { vec!["Method::GET".to_string(), "Method::POST".to_string()] } else { ms };
        let hs: Vec<String> = lower_all(headers).iter().map(|h| format!("HeaderName::from_static(\"{h}\")")).collect();
        let methods_csv = csv(methods);
        let path = &c.path;
        let methods = ms.join(", ");
        let headers = hs.join(", ");
        let mut code = format!(
            "// {methods_csv} {path} from {origin}\
            \nuse axum::http::{{HeaderName, HeaderValue, Method}};\
            \nuse tower_http::cors::CorsLayer;\
            \n\
            \nlet cors = CorsLayer::new()\
            \n    .allow_origin(HeaderValue::from_static(\"{origin}\"))\
            \n    .allow_methods([{methods}])\
            \n    .allow_headers([{headers}])"
        );
        if cred {
            code.push_str(
                "\n    .allow_credentials(true); // tower-http refuses credentials with \
                Any origin\
                \n",
            );
        } else {
            code.push_str(";\n");
        }
        code.push_str(
            "\nlet app = Router::new()\
            \n    // ... routes ...\
            \n    .layer(cors); // last layer = outermost: it answers the preflight\
            \n",
        );
        fix(title("tower_http::cors::CorsLayer"), "rust", code)
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
            \nlet app = Router::new()\
            \n    .route(\"{route}\", /* ... */)\
            \n    .layer(auth_layer)\
            \n    .layer(cors); // added last = outermost: the preflight never reaches auth\
            \n"
            ),
        )
    }

    fn credentials(&self, origin: &str) -> Snippet {
        (
            "rust",
            format!(
                "let cors = CorsLayer::new()\
            \n    .allow_origin(HeaderValue::from_static(\"{origin}\")) // not Any: tower-http \
            panics on Any + credentials\
            \n    .allow_credentials(true);\
            \n"
            ),
        )
    }

    fn cors_on_errors(&self, origin: &str) -> Snippet {
        (
            "rust",
            format!(
                "use tower_http::catch_panic::CatchPanicLayer;\
            \n\
            \nlet app = Router::new()\
            \n    // ... routes ...\
            \n    .layer(CatchPanicLayer::new()) // panics become 500 responses…\
            \n    .layer(CorsLayer::new().allow_origin(HeaderValue::from_static(\"{origin}\"))); \
            // …that still pass through CORS\
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
        let chain = all
            .iter()
            .enumerate()
            .map(|(i, mm)| {
                let h = handler_name(mm, path);
                match (i, shorthand(mm)) {
                    (0, Some(s)) => format!("{s}({h})"),
                    (_, Some(s)) => format!(".{s}({h})"),
                    // MethodFilter has no extension methods: take any and check req.method() in the handler
                    (0, None) => format!("any({h}) /* {method} */", method = Lang::Rust.lit(mm.as_str())),
                    (_, None) => format!(".fallback({h}) /* {method} */", method = Lang::Rust.lit(mm.as_str())),
                }
            })
            .collect::<String>();
        let note = comment("rust", head);
        let route_colon = route_pattern(path, Style::Colon);
        fix(
            title,
            "rust",
            format!(
                "{note}\
            \n// axum 0.8 path syntax; axum 0.7 writes \"{route_colon}\"\
            \nlet app = Router::new()\
            \n    .route(\"{r}\", {chain});\
            \n"
            ),
        )
    }

    fn redirect_changed(&self, r: &RedirectChanged) -> Snippet {
        let m = &r.m;
        let to = &r.to;
        (
            "rust",
            format!(
                "use axum::response::Redirect;\
            \n\
            \n// Redirect::to is 303 (turns {m} into GET); temporary is 307, permanent 308\
            \nRedirect::temporary(\"{to}\")\
            \n"
            ),
        )
    }
}
