//! # actix-web
//!
//! TODO-DOC

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
];

/// actix-web's hooks: quirks and fix snippets.
pub(super) struct Actix;

impl Define for Actix {
    fn allow_cors(&self, c: &Cors) -> Fix {
        let methods = &c.method_names;
        let headers = &c.header_names;
        let cred = c.credentials;
        let origin = c.origin;
        let title = |name: &str| c.title(name);
        let mut code = format!(
        "// {} {} from {origin}\nuse actix_cors::Cors;\n\nHttpServer::new(|| {{\n    let cors = Cors::default()\n        .allowed_origin(\"{origin}\")\n        .allowed_methods(vec![{}])\n        .allowed_headers(vec![{}])",
        csv(&methods),
        c.path,
        dq(&methods),
        dq(&headers)
    );
    if cred {
        code.push_str("\n        .supports_credentials()");
    }
    code.push_str(
        "\n        .max_age(3600);\n    App::new()\n        .wrap(cors) // wrap last = runs first\n        // ... services ...\n})\n",
    );
    fix(title("actix_cors::Cors"), "rust", code)

    }

    fn preflight_before_auth(&self, a: &BeforeAuth) -> Fix {
        let title = &a.title;
        let head = &a.head;
        let path = a.path;
        fix(
                title,
                "rust",
                format!(
                    "{}\nApp::new()\n    .wrap(auth)  // registered first = runs after…\n    .wrap(cors)  // …CORS, which answers the preflight\n    .route(\"{}\", /* ... */)\n",
                    comment("rust", &head),
                    route_pattern(path, Style::Brace)
                ),
            )
    }

    fn credentials(&self, origin: &str) -> Snippet {
        ("rust", format!("let cors = Cors::default()\n    .allowed_origin(\"{origin}\")\n    .supports_credentials();\n"))
    }

    fn cors_on_errors(&self, origin: &str) -> Snippet {
        (
                "rust",
                format!("App::new()\n    // ... services ...\n    .wrap(Cors::default().allowed_origin(\"{origin}\")) // outermost: error responses pass through it too\n"),
            )
    }

    fn register_route(&self, r: &Route) -> Fix {
        let title = &r.title;
        let head = &r.head;
        let all = &r.all;
        let path = r.path;
        let r = route_pattern(path, Style::Brace);
    let routes = all
        .iter()
        .map(|mm| {
            let h = handler_name(mm, path);
            match shorthand(mm) {
                Some(s) => format!("\n            .route(web::{s}().to({h}))"),
                None => format!("\n            .route(web::method(Method::from_bytes(b\"{}\").unwrap()).to({h}))", mm.as_str()),
            }
        })
        .collect::<String>();
    fix(
        title,
        "rust",
        format!(
            "{}\nApp::new().service(\n    web::resource(\"{r}\"){routes},\n)\n",
            comment("rust", &head)
        ),
    )

    }

    fn redirect_changed(&self, r: &RedirectChanged) -> Snippet {
        let to = r.to;
        (
                "rust",
                format!("HttpResponse::TemporaryRedirect() // 307\n    .insert_header((header::LOCATION, \"{to}\"))\n    .finish()\n"),
            )
    }
}
