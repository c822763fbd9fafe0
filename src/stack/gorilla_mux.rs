//! # gorilla/mux
//!
//! A Go router (`github.com/gorilla/mux`) on net/http, usually with the CORS
//! handler of `github.com/gorilla/handlers`.
//!
//! ## How it answers
//! - **Wrong method**: a path whose routes lack the method
//!   (`.Methods("GET")`) gets **405** with an empty body and no `Allow`
//!   header (mux 1.8), unless `Router.MethodNotAllowedHandler` is set.
//!   chi's 405 looks the same: nothing in it names mux, so this file has no
//!   signature rows; why405 says "a framework, not identified" rather than
//!   guess.
//! - **Missing path**: net/http's `NotFound` (404 `404 page not found\n`,
//!   nosniff), unless `Router.NotFoundHandler` is set.
//! - **OPTIONS**: a route without `"OPTIONS"` in its `.Methods(…)` answers
//!   the preflight 405. Middleware added with `r.Use` runs only on a matched
//!   route, so `r.Use(handlers.CORS(…))` never sees that preflight: the
//!   classic mistake (seen in the lab). `handlers.CORS(…)(r)` wrapping the
//!   router answers it: 200 with the CORS headers; a method outside
//!   `AllowedMethods` (default GET, HEAD, POST) gets **405** from the CORS
//!   handler itself, a header outside `AllowedHeaders` (default Accept,
//!   Accept-Language, Content-Language, Origin: not Content-Type) **403**,
//!   both without CORS headers.
//! - **Errors**: `handlers.RecoveryHandler` answers 500; headers set by the
//!   handlers wrapped around it stay on it.
//!
//! ## CORS recipe
//! Wrap the whole router: `http.ListenAndServe(addr, handlers.CORS(
//! handlers.AllowedOrigins(…), handlers.AllowedMethods(…),
//! handlers.AllowedHeaders(…))(r))`.
//!
//! ## Sources
//! - mux's 405 (`methodNotAllowed`, `ErrMethodMismatch`, `MethodNotAllowedHandler`) and middleware on matched
//!   routes only: <https://github.com/gorilla/mux/blob/v1.8.0/mux.go>
//! - mux's README (`.Methods`, `r.Use`, CORS with `CORSMethodMiddleware`): <https://github.com/gorilla/mux#readme>
//! - gorilla/handlers CORS (its 405 and 403 on the preflight, defaults):
//!   <https://github.com/gorilla/handlers/blob/v1.5.1/cors.go>
//! - net/http `NotFound`, `Redirect`: <https://pkg.go.dev/net/http#NotFound>

use super::fix::prelude::*;
use super::signature::Signature;
use super::Define;

/// The human name.
pub(super) const LABEL: &str = "gorilla/mux";

/// gorilla/mux's signature rows: none. Its 405 (empty, no `Allow`) is chi's
/// too, its 404 is net/http's, and gorilla/handlers' CORS headers are plain
/// (see the module doc).
pub(super) const SIGNATURES: &[Signature] = &[];

/// gorilla/mux's hooks: fix snippets.
pub(super) struct GorillaMux;

impl Define for GorillaMux {
    fn lang(&self) -> Lang {
        Lang::Go
    }

    fn allow_cors(&self, c: &Cors) -> Fix {
        let methods_csv = csv(&c.method_names);
        let path = &c.path;
        let origin = &c.origin;
        let methods = dq(&c.method_names);
        let headers = dq(&c.header_names);
        let mut code = format!(
            "// {methods_csv} {path} from {origin}\
            \nimport \"github.com/gorilla/handlers\"\
            \n\
            \n// Wrap the whole router: r.Use(…) runs only on matched routes and never sees the preflight.\
            \ncors := handlers.CORS(\
            \n    handlers.AllowedOrigins([]string{{\"{origin}\"}}),\
            \n    handlers.AllowedMethods([]string{{{methods}}}), // the default is GET, HEAD, POST\
            \n    handlers.AllowedHeaders([]string{{{headers}}}), // the default omits Content-Type\
            \n"
        );
        if c.credentials {
            code.push_str("    handlers.AllowCredentials(), // explicit origins only, never the wildcard\n");
        }
        code.push_str(")\nhttp.ListenAndServe(addr, cors(r))\n");
        fix(c.title("gorilla/handlers CORS"), "go", code)
    }

    fn preflight_before_auth(&self, a: &BeforeAuth) -> Fix {
        let note = comment("go", &a.head);
        let route = route_pattern(&a.path, Style::Brace);
        fix(
            &a.title,
            "go",
            format!(
                "{note}\
            \nr := mux.NewRouter()\
            \nr.HandleFunc(\"{route}\", handler).Methods(\"PUT\")\
            \n// CORS outermost, auth inside it: the preflight ends before auth runs\
            \nhttp.ListenAndServe(addr, handlers.CORS(corsOptions...)(requireAuth(r)))\
            \n"
            ),
        )
    }

    fn credentials(&self, origin: &str) -> Snippet {
        (
            "go",
            format!(
                "cors := handlers.CORS(\
            \n    handlers.AllowedOrigins([]string{{\"{origin}\"}}), // not the wildcard\
            \n    handlers.AllowedMethods([]string{{\"GET\", \"POST\", \"PUT\", \"DELETE\"}}),\
            \n    handlers.AllowedHeaders([]string{{\"Content-Type\"}}),\
            \n    handlers.AllowCredentials(),\
            \n)\
            \nhttp.ListenAndServe(addr, cors(r))\
            \n"
            ),
        )
    }

    fn cors_on_errors(&self, origin: &str) -> Snippet {
        (
            "go",
            format!(
                "// CORS outermost: its headers are set before the recovery handler turns a panic into a 500\
            \ncors := handlers.CORS(handlers.AllowedOrigins([]string{{\"{origin}\"}}))\
            \nhttp.ListenAndServe(addr, cors(handlers.RecoveryHandler()(r)))\
            \n"
            ),
        )
    }

    fn register_route(&self, r: &Route) -> Fix {
        let pattern = route_pattern(&r.path, Style::Brace);
        let handler = camel(&handler_name(r.method, &r.path));
        let methods = dq(&r.names);
        let note = comment("go", &r.head);
        fix(
            &r.title,
            "go",
            format!(
                "{note}\
            \nr.HandleFunc(\"{pattern}\", {handler}).Methods({methods})\
            \n// mux answers a method no route lists with 405 (empty, no Allow header)\
            \n"
            ),
        )
    }

    fn redirect_changed(&self, r: &RedirectChanged) -> Snippet {
        let to = &r.to;
        let m = &r.m;
        (
            "go",
            format!(
                "// 307 keeps the {m} and its body; 301, 302 and 303 turn it into a GET\
            \nhttp.Redirect(w, r, \"{to}\", http.StatusTemporaryRedirect)\
            \n"
            ),
        )
    }
}
