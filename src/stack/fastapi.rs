//! # FastAPI / Starlette
//!
//! A Python ASGI framework on Starlette, usually served by uvicorn
//! (`Server: uvicorn`) or hypercorn.
//!
//! ## How it answers
//! - **Wrong method**: 405 `{"detail":"Method Not Allowed"}` (plain text
//!   under bare Starlette) with an `Allow` listing only the first matching
//!   route's methods.
//! - **OPTIONS**: a 405 like any other unrouted method, unless
//!   `CORSMiddleware` answers the preflight first (before routing).
//! - **Errors**: JSON `{"detail":…}`; 422 for validation; `redirect_slashes`
//!   redirects with 307; an unhandled 500 comes from `ServerErrorMiddleware`,
//!   outside the user middleware, so without CORS headers.
//!
//! ## CORS recipe
//! `app.add_middleware(CORSMiddleware, allow_origins=[…], allow_methods=[…],
//! allow_headers=[…])`; its defaults allow only GET; `allow_credentials=True`
//! needs explicit origins. A refused preflight gets 400 "Disallowed CORS …".
//!
//! ## Sources
//! - FastAPI CORS: <https://fastapi.tiangolo.com/tutorial/cors/>
//! - Starlette CORSMiddleware (defaults, max_age 600): <https://www.starlette.io/middleware/#corsmiddleware>
//! - CORSMiddleware's preflight headers (`"Vary": "Origin, Access-Control-Request-Method, …-Private-Network"`, `max_age=600`): <https://github.com/encode/starlette/blob/master/starlette/middleware/cors.py>
//! - Middleware order and ServerErrorMiddleware: <https://www.starlette.io/middleware/#using-middleware>
//! - `redirect_slashes`: <https://www.starlette.io/routing/>
//! - `RedirectResponse` (307 default): <https://fastapi.tiangolo.com/advanced/custom-response/#redirectresponse>

use super::fix::prelude::*;
use super::signature::rows::*;
use super::signature::Signature;
use super::{Define, Stack};

// Starlette's CORSMiddleware (which FastAPI re-exports) is Starlette's evidence (`starlette.rs`); the origin's
// FastAPI evidence names FastAPI over it (`built_on`).

/// The human name.
pub(super) const LABEL: &str = "FastAPI";

/// FastAPI's signature rows.
#[rustfmt::skip]
pub(super) const SIGNATURES: &[Signature] = &[
    row(Stack::Fastapi, Body, Is("{\"detail\":\"Method Not Allowed\"}"), Some((405, 405)), &[], Generated, 90,
        "FastAPI's 405: body is {line}"),
    row(Stack::Fastapi, Body, Is("{\"detail\":\"Not Found\"}"), Some((404, 404)), &[], Generated, 85,
        "FastAPI's 404: body is {line}"),
    row(Stack::Fastapi, Body, Has("\"loc\":["), Some((422, 422)), &[C::Body(Starts("{\"detail\":[{"))], Generated, 85,
        "FastAPI request-validation 422: body starts with {\"detail\":[{… \"loc\":[…"),
];

/// FastAPI / Starlette's hooks: quirks and fix snippets.
pub(super) struct Fastapi;

impl Define for Fastapi {
    fn lang(&self) -> Lang {
        Lang::Python
    }

    /// `Router.app` keeps the first route whose path matches (`Match.PARTIAL`) and lets it answer 405 with its own
    /// `methods` (starlette/routing.py, `Route.handle`).
    fn allow_first_route_only(&self) -> bool {
        true
    }

    fn built_on(&self) -> Option<Stack> {
        Some(Stack::Starlette)
    }

    fn allow_cors(&self, c: &Cors) -> Fix {
        let methods = &c.method_names;
        let headers = &c.header_names;
        let cred = c.credentials;
        let origin = &c.origin;
        let title = |name: &str| c.title(name);
        let (methods_csv, path) = (csv(methods), &c.path);
        let (methods_dq, headers_dq) = (dq(methods), dq(headers));
        let mut code = format!(
            "# {methods_csv} {path} from {origin}\
            \nfrom fastapi.middleware.cors import CORSMiddleware\
            \n\
            \napp.add_middleware(\
            \n    CORSMiddleware,\
            \n    allow_origins=[\"{origin}\"],\
            \n    allow_methods=[{methods_dq}],  # Starlette's default is GET only\
            \n    allow_headers=[{headers_dq}],\
            \n"
        );
        if cred {
            code.push_str(
                "    allow_credentials=True,  # needs explicit origins, never the \
                wildcard\
                \n",
            );
        }
        code.push_str(
            ")\
            \n# CORSMiddleware answers the preflight before routing, so the OPTIONS never reaches \
            your routes.\
            \n",
        );
        fix(title("CORSMiddleware"), "python", code)
    }

    fn preflight_redirect(&self, r: &PreflightRedirect) -> Fix {
        let title = &r.title;
        let head = &r.head;
        let to_shown = &r.to_shown;
        fix(
            title,
            "python",
            format!(
                "{note}\
                 \n# Starlette's redirect_slashes sends 307 when the path lacks (or has) the \
                 route's slash.\
                 \n# CORSMiddleware answers preflights before routing, so with it the OPTIONS is \
                 never redirected:\
                 \napp.add_middleware(CORSMiddleware, allow_origins=[\"https://app.example.com\"], \
                 allow_methods=[\"*\"], allow_headers=[\"*\"])\
                 \n# and call the exact path ({to_shown}) from the frontend so the actual request \
                 is not redirected either.\
                 \n",
                note = comment("python", head),
            ),
        )
    }

    fn preflight_before_auth(&self, a: &BeforeAuth) -> Fix {
        let title = &a.title;
        let head = &a.head;
        fix(
            title,
            "python",
            format!(
                "{note}\
                 \n# The middleware added last runs first: add CORSMiddleware after your auth \
                 middleware.\
                 \napp.add_middleware(AuthMiddleware)\
                 \napp.add_middleware(CORSMiddleware, allow_origins=[\"https://app.example.com\"], \
                 allow_methods=[\"*\"], allow_headers=[\"*\"])\
                 \n\
                 \n# and inside a custom auth middleware:\
                 \n#     if request.method == \"OPTIONS\":\
                 \n#         return await call_next(request)\
                 \n",
                note = comment("python", head),
            ),
        )
    }

    fn credentials(&self, origin: &str) -> Snippet {
        (
            "python",
            format!(
                "app.add_middleware(\
            \n    CORSMiddleware,\
            \n    allow_origins=[\"{origin}\"],  # not the wildcard\
            \n    allow_credentials=True,\
            \n    allow_methods=[\"GET\", \"POST\", \"PUT\", \"PATCH\", \"DELETE\"],\
            \n    allow_headers=[\"Content-Type\", \"Authorization\"],\
            \n)\
            \n"
            ),
        )
    }

    fn cors_on_errors(&self, origin: &str) -> Snippet {
        (
            "python",
            format!(
                "# Unhandled 500s are answered by ServerErrorMiddleware, which sits OUTSIDE \
                 app.add_middleware(...),\
                 \n# so they lack CORS headers. Wrap the whole app instead:\
                 \nfrom starlette.middleware.cors import CORSMiddleware\
                 \n\
                 \napi = FastAPI()\
                 \n# ... routes on api ...\
                 \napp = CORSMiddleware(api, allow_origins=[\"{origin}\"], allow_methods=[\"*\"], \
                 allow_headers=[\"*\"])\
                 \n# run: uvicorn main:app\
                 \n"
            ),
        )
    }

    fn register_route(&self, r: &Route) -> Fix {
        let title = &r.title;
        let head = &r.head;
        let handler = &r.handler;
        let params = &r.params;
        let m = &r.m;
        let short = r.short;
        let method = r.method;
        let path = &r.path;
        let args = params.iter().map(|p| format!("{p}: int")).collect::<Vec<_>>().join(", ");
        let route = route_pattern(path, Style::Brace);
        let deco = match short {
            Some(s) if !matches!(method, Method::Head | Method::Options) => format!("@app.{s}(\"{route}\")"),
            _ => format!("@app.api_route(\"{route}\", methods=[\"{m}\"])"),
        };
        let note = comment("python", head);
        fix(
            title,
            "python",
            format!(
                "{note}\
            \n# (Starlette's 405 Allow lists only the first matching route's methods: check every \
            route on this path.)\
            \n{deco}\
            \nasync def {handler}({args}):\
            \n    ...\
            \n"
            ),
        )
    }

    fn redirect_changed(&self, r: &RedirectChanged) -> Snippet {
        let m = &r.m;
        let to = &r.to;
        (
            "python",
            format!(
                "from fastapi.responses import RedirectResponse\
            \n\
            \nreturn RedirectResponse(\"{to}\", status_code=307)  # 307 is the default; \
            301/302/303 turn {m} into GET\
            \n"
            ),
        )
    }
}
