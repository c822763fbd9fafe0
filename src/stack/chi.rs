//! # chi
//!
//! A Go router (`github.com/go-chi/chi/v5`) on net/http, with the CORS
//! middleware `github.com/go-chi/cors` (a fork of rs/cors).
//!
//! ## How it answers
//! - **Wrong method**: **405** with an empty body and, in chi 5.0.7 (Debian
//!   12), no `Allow` header and no `Content-Type` (later releases add
//!   `Allow`). gorilla/mux's 405 looks the same: nothing in it names chi, so
//!   this file has no signature rows; why405 says "a framework, not
//!   identified" rather than guess.
//! - **Missing path**: net/http's `NotFound`: 404 `404 page not found\n`,
//!   `text/plain; charset=utf-8`, `X-Content-Type-Options: nosniff` (what
//!   every Go server without its own page writes).
//! - **OPTIONS**: no OPTIONS route, so 405 on a path with routes, unless
//!   go-chi/cors answers the preflight first: always **200**, with the CORS
//!   headers only when origin, method and headers are allowed, else only the
//!   three `Vary` headers (the same as rs/cors and Spring: not chi's).
//! - **Errors**: `middleware.Recoverer` answers 500; headers set by
//!   middleware that ran before stay on it.
//!
//! ## CORS recipe
//! `r.Use(cors.Handler(cors.Options{AllowedOrigins, AllowedMethods,
//! AllowedHeaders, AllowCredentials}))` before the routes (and before auth):
//! its default methods are GET, POST and HEAD, which omit PUT and DELETE.
//!
//! ## Sources
//! - chi's 405 handler (`methodNotAllowedHandler`) and routing: <https://github.com/go-chi/chi/blob/v5.0.7/mux.go>
//! - chi's README (`r.Use`, `r.Route`, `r.Method`): <https://github.com/go-chi/chi#readme>
//! - The missing `Allow` on chi's 405 (later releases set it): <https://github.com/go-chi/chi/issues/446>
//! - go-chi/cors (`Handler`, `Options`, preflight 200 and its `Vary` headers):
//!   <https://github.com/go-chi/cors/blob/v1.2.1/cors.go>
//! - net/http `NotFound`, `Redirect`: <https://pkg.go.dev/net/http#NotFound>

use super::fix::prelude::*;
use super::signature::Signature;
use super::Define;

/// The human name.
pub(super) const LABEL: &str = "chi";

/// chi's signature rows: none. Its 405 (empty, no `Allow`) is gorilla/mux's
/// too, its 404 is net/http's, and go-chi/cors's `Vary` headers are rs/cors's
/// and Spring's (see the module doc).
pub(super) const SIGNATURES: &[Signature] = &[];

/// chi's hooks: fix snippets.
pub(super) struct Chi;

/// `r.Put(…)`, or `r.Method("PURGE", …)` for a method chi has no shorthand for.
fn route_line(m: &Method, pattern: &Val, handler: &str) -> String {
    match shorthand(m) {
        Some(s) => format!("r.{verb}(\"{pattern}\", {handler})", verb = pascal(s)),
        None => {
            format!("r.MethodFunc(\"{method}\", \"{pattern}\", {handler})", method = Lang::Go.header_value(m.as_str()))
        }
    }
}

impl Define for Chi {
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
            \n// go get github.com/go-chi/cors\
            \nimport \"github.com/go-chi/cors\"\
            \n\
            \nr := chi.NewRouter()\
            \n// Before the routes and before auth: it answers the preflight itself.\
            \nr.Use(cors.Handler(cors.Options{{\
            \n    AllowedOrigins: []string{{\"{origin}\"}},\
            \n    AllowedMethods: []string{{{methods}}}, // the default is GET, POST, HEAD only\
            \n    AllowedHeaders: []string{{{headers}}},\
            \n"
        );
        if c.credentials {
            code.push_str("    AllowCredentials: true, // explicit origins only, never the wildcard\n");
        }
        code.push_str("}))\n");
        fix(c.title("go-chi/cors"), "go", code)
    }

    fn preflight_before_auth(&self, a: &BeforeAuth) -> Fix {
        let note = comment("go", &a.head);
        let route = route_pattern(&a.path, Style::Brace);
        fix(
            &a.title,
            "go",
            format!(
                "{note}\
            \nr := chi.NewRouter()\
            \nr.Use(cors.Handler(corsOptions)) // first: ends the preflight itself\
            \nr.Use(requireAuth)               // never sees the preflight\
            \nr.Put(\"{route}\", handler)\
            \n"
            ),
        )
    }

    fn credentials(&self, origin: &str) -> Snippet {
        (
            "go",
            format!(
                "r.Use(cors.Handler(cors.Options{{\
            \n    AllowedOrigins:   []string{{\"{origin}\"}}, // not the wildcard\
            \n    AllowedMethods:   []string{{\"GET\", \"POST\", \"PUT\", \"DELETE\"}},\
            \n    AllowedHeaders:   []string{{\"Content-Type\"}},\
            \n    AllowCredentials: true,\
            \n}}))\
            \n"
            ),
        )
    }

    fn cors_on_errors(&self, origin: &str) -> Snippet {
        (
            "go",
            format!(
                "r := chi.NewRouter()\
            \n// cors first: its headers are set before Recoverer turns a panic into a 500\
            \nr.Use(cors.Handler(cors.Options{{AllowedOrigins: []string{{\"{origin}\"}}}}))\
            \nr.Use(middleware.Recoverer)\
            \n"
            ),
        )
    }

    fn register_route(&self, r: &Route) -> Fix {
        let pattern = route_pattern(&r.path, Style::Brace);
        let lines: Vec<String> =
            r.all.iter().map(|m| route_line(m, &pattern, &camel(&handler_name(m, &r.path)))).collect();
        let note = comment("go", &r.head);
        let lines = lines.join("\n");
        fix(&r.title, "go", format!("{note}\n{lines}\n"))
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
