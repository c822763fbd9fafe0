//! # Sinatra
//!
//! A Ruby web DSL on Rack (run by Puma, WEBrick, Thin: those name only
//! themselves), with rack-protection on by default.
//!
//! ## How it answers
//! - **Wrong method**: no 405: a path whose routes lack the method raises
//!   `Sinatra::NotFound`, a **404** like a missing path, with `X-Cascade:
//!   pass` and `Content-Type: text/html;charset=utf-8` (no space: Sinatra
//!   joins the charset with a bare `;`). In development the body is the
//!   "Sinatra doesn’t know this ditty" page (with `/__sinatra__/404.png` and
//!   a "Try this" route for the method and path); otherwise
//!   `<h1>Not Found</h1>`. The quirk hook below recognises both.
//! - **OPTIONS**: a 404 like any unrouted method, unless an `options` route
//!   or rack-cors answers it.
//! - **Errors**: rack-protection's headers (`X-XSS-Protection: 1;
//!   mode=block`, `X-Frame-Options: SAMEORIGIN`, nosniff) are on Sinatra's
//!   own responses; middleware in `config.ru` (rack-cors) wraps them all.
//!
//! ## CORS recipe
//! rack-cors in `config.ru` (`use Rack::Cors do allow do origins …; resource
//! …, methods: […] end end`), or by hand: a `before` filter setting
//! `Access-Control-Allow-Origin` and an `options "*"` route whose
//! `Access-Control-Allow-Methods` must list every method (the usual mistake
//! omits PUT or DELETE).
//!
//! ## Sources
//! - Sinatra's 404 handling (`X-Cascade`, `<h1>Not Found</h1>`, the development page "doesn’t know this ditty",
//!   `content_type` joining the charset with `;`): <https://github.com/sinatra/sinatra/blob/v3.0.5/lib/sinatra/base.rb>
//! - Routes, filters, `redirect`: <https://sinatrarb.com/intro.html>
//! - rack-protection defaults: <https://github.com/sinatra/sinatra/tree/v3.0.5/rack-protection#readme>
//! - rack-cors: <https://github.com/cyu/rack-cors/blob/v1.1.1/README.md>

use super::fix::prelude::*;
use super::signature::rows::*;
use super::signature::Signature;
use super::{Define, Quirk, Stack};
use crate::http::Headers;

/// The human name.
pub(super) const LABEL: &str = "Sinatra";

/// Sinatra's content type for its own pages, case-sensitive (servlet containers write `…;charset=UTF-8`).
const HTML: &str = "text/html;charset=utf-8";

/// Sinatra's signature rows.
#[rustfmt::skip]
pub(super) const SIGNATURES: &[Signature] = &[
    row(Stack::Sinatra, Body, Has("know this ditty"), Some((404, 404)), &[], Generated, 95,
        "Sinatra's development 404 page: body contains \"{line}\""),
    row(Stack::Sinatra, Body, Has("/__sinatra__/404.png"), Some((404, 404)), &[], Generated, 90,
        "Sinatra's development 404 page (its /__sinatra__/404.png image)"),
    row(Stack::Sinatra, Body, Is("<h1>Not Found</h1>"), Some((404, 404)), &[C::Header("x-cascade", Is("pass"))], Generated, 85,
        "Sinatra's 404: body <h1>Not Found</h1> with X-Cascade: pass"),
    row(Stack::Sinatra, Header("x-cascade"), Is("pass"), Some((404, 404)), &[C::Header("content-type", Case(HTML))], Generated, 70,
        "X-Cascade: {value} with Content-Type: text/html;charset=utf-8 (Sinatra's 404 for a missing route or method)"),
    row(Stack::Sinatra, Header("content-type"), Case(HTML), ANY,
        &[C::Header("x-xss-protection", Is("1; mode=block")), C::Header("x-frame-options", Is("SAMEORIGIN"))], Generated, 50,
        "Content-Type: {value} with rack-protection's default headers (X-XSS-Protection: 1; mode=block, X-Frame-Options: SAMEORIGIN)"),
];

/// Sinatra's hooks: quirks and fix snippets.
pub(super) struct Sinatra;

impl Define for Sinatra {
    fn lang(&self) -> Lang {
        Lang::Ruby
    }

    /// Sinatra answers a method the routes lack with the 404 of a missing
    /// path: the development page, `<h1>Not Found</h1>`, or (body not
    /// recorded) its `X-Cascade: pass` with its own content type.
    fn wrong_method_404(&self, method: &Method, path: &str, body: &str, headers: &Headers) -> Option<Quirk> {
        let cascade = headers.get("x-cascade").is_some_and(|v| v.trim().eq_ignore_ascii_case("pass"));
        let html = headers.get("content-type").is_some_and(|v| v.trim() == HTML);
        let (evidence, says) = if body.contains("know this ditty") {
            (format!(
                "Body: \"Sinatra doesn’t know this ditty\" (its development 404, for a missing path and \
                for a method no route of {path} has alike)"
            ), "Sinatra doesn’t know this ditty.")
        } else if cascade && body.trim() == "<h1>Not Found</h1>" {
            (format!("Sinatra's 404 (<h1>Not Found</h1>, X-Cascade: pass) for {method} {path}: its answer for a missing path and a wrong method alike"), "Not Found")
        } else if cascade && html && body.trim().is_empty() {
            (format!(
                "404 with X-Cascade: pass and Content-Type: text/html;charset=utf-8 for {method} {path}: \
                Sinatra's answer for a missing path and a wrong method alike (the body was not recorded)"
            ), "")
        } else {
            return None;
        };
        Some(Quirk { stack: Stack::Sinatra, evidence, says: says.to_string() })
    }

    fn allow_cors(&self, c: &Cors) -> Fix {
        let mut syms: Vec<String> = Vec::new();
        for s in c.method_names.iter().map(|m| ruby_symbol(&m.to_ascii_lowercase())).chain([":options".to_string()]) {
            if !syms.contains(&s) {
                syms.push(s);
            }
        }
        let mut code = format!(
            "# {methods_csv} {path} from {origin}\
             \n# config.ru, before `run`: rack-cors answers the preflight itself\
             \nrequire \"rack/cors\"\
             \nuse Rack::Cors do\
             \n  allow do\
             \n    origins \"{origin}\"\
             \n    resource \"{loc}*\",\
             \n      methods: [{symbols}],\
             \n      headers: [{headers_dq}]",
            methods_csv = csv(&c.method_names),
            path = &c.path,
            origin = &c.origin,
            loc = location_prefix(&c.path),
            symbols = syms.join(", "),
            headers_dq = dq(&c.header_names),
        );
        if c.credentials {
            code.push_str(",\n      credentials: true # explicit origins only, never the wildcard");
        }
        code.push_str("\n  end\nend\n");
        fix(c.title("rack-cors"), "ruby", code)
    }

    fn preflight_before_auth(&self, a: &BeforeAuth) -> Fix {
        fix(
            &a.title,
            "ruby",
            format!(
                "{note}\
                 \n# config.ru: rack-cors first, so the preflight never reaches auth\
                 \nuse Rack::Cors do\
                 \n  allow do\
                 \n    origins \"https://app.example.com\"\
                 \n    resource \"{loc}*\", headers: :any, methods: [:get, :post, :put, :patch, :delete, :options]\
                 \n  end\
                 \nend\
                 \n# and in the app, an auth filter that lets OPTIONS through:\
                 \n# before {{ halt 401 unless request.options? || authorized? }}\
                 \n",
                note = comment("ruby", &a.head),
                loc = location_prefix(&a.path),
            ),
        )
    }

    fn credentials(&self, origin: &str) -> Snippet {
        (
            "ruby",
            format!(
                "use Rack::Cors do\
            \n  allow do\
            \n    origins \"{origin}\"\
            \n    resource \"/*\", headers: :any, methods: :any, credentials: true\
            \n  end\
            \nend\
            \n"
            ),
        )
    }

    fn cors_on_errors(&self, origin: &str) -> Snippet {
        (
            "ruby",
            format!(
                "# config.ru: middleware wraps every answer of the app, its 404 and 500 pages included\
            \nuse Rack::Cors do\
            \n  allow do\
            \n    origins \"{origin}\"\
            \n    resource \"*\", headers: :any, methods: :any\
            \n  end\
            \nend\
            \nrun App\
            \n"
            ),
        )
    }

    fn register_route(&self, r: &Route) -> Fix {
        let pattern = route_pattern(&r.path, Style::Colon);
        let note = comment("ruby", &r.head);
        let routes: Vec<String> = r
            .all
            .iter()
            .map(|m| match shorthand(m) {
                Some(s) => format!("{s} \"{pattern}\" do\n  # ...\nend"),
                None => format!(
                    "route \"{verb}\", \"{pattern}\" do\n  # ...\nend",
                    verb = Lang::Ruby.header_value(m.as_str())
                ),
            })
            .collect();
        let routes = routes.join("\n");
        fix(
            &r.title,
            "ruby",
            format!(
                "{note}\
            \n# Sinatra answers 404 (\"doesn’t know this ditty\") for a method no route has\
            \n{routes}\
            \n"
            ),
        )
    }

    fn redirect_changed(&self, r: &RedirectChanged) -> Snippet {
        let to = &r.to;
        ("ruby", format!("redirect \"{to}\", 307 # keeps the method and body; the default is 302\n"))
    }
}
