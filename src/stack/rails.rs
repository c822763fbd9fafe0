//! # Rails
//!
//! Ruby on Rails, run by an application server (Puma, WEBrick, Unicorn:
//! those name only themselves), recognised by its own pages and by
//! `X-Runtime` with `X-Request-Id` and its default security headers.
//!
//! ## How it answers
//! - **Wrong method**: no 405: an unrouted method raises
//!   `ActionController::RoutingError`, a **404** like a missing path. In
//!   development the page says "No route matches [PUT] \"/x\""; in production
//!   (seen in the lab, Rails 6.1) it is `public/404.html`, "The page you were
//!   looking for doesn't exist" (`rails-default-error-page`), with
//!   `X-Request-Id` and `X-Runtime` but without the default security headers.
//!   The quirk hook below recognises both pages.
//! - **OPTIONS**: a 404 like any unrouted method, unless rack-cors is in the
//!   stack: rack-cors then answers **every** preflight itself with 200, with
//!   the CORS headers when a `resource` matches and allows the method and
//!   headers, else with no CORS header at all (seen in the lab). Its headers
//!   (`Access-Control-Max-Age: 7200`, an empty `Access-Control-Expose-Headers`)
//!   are rack-cors's, which any Rack app may use: not a Rails signature.
//! - **Errors**: `public/404.html` / `500.html` in production, rendered by
//!   `ActionDispatch::ShowExceptions`; rack-cors's headers are on them only
//!   when it sits outside it (`insert_before 0`).
//!
//! ## CORS recipe
//! rack-cors in `config/initializers/cors.rb`: `insert_before 0, Rack::Cors
//! do allow do origins …; resource …, methods: […], headers: […] end end`;
//! a `methods` list without `:put` or `:options` is the usual mistake.
//!
//! ## Sources
//! - Routing: <https://guides.rubyonrails.org/routing.html>
//! - Rack middleware stack (`Rack::Runtime`, `ActionDispatch::RequestId`, `ShowExceptions`):
//!   <https://guides.rubyonrails.org/rails_on_rack.html>
//! - Default headers: <https://guides.rubyonrails.org/configuring.html#config-action-dispatch-default-headers>
//! - `public/404.html` template:
//!   <https://github.com/rails/rails/blob/v6.1.7.10/railties/lib/rails/generators/rails/app/templates/public/404.html>
//! - rack-cors (preflight handling, defaults): <https://github.com/cyu/rack-cors/blob/v1.1.1/lib/rack/cors.rb>
//! - `redirect_to` (302 default): <https://api.rubyonrails.org/classes/ActionController/Redirecting.html>

use super::fix::prelude::*;
use super::signature::rows::*;
use super::signature::Signature;
use super::{Define, Quirk, Stack};
use crate::http::Headers;

/// The human name.
pub(super) const LABEL: &str = "Rails";

/// Rails's signature rows.
#[rustfmt::skip]
pub(super) const SIGNATURES: &[Signature] = &[
    row(Stack::Rails, Body, Has("No route matches ["), Some((404, 404)), &[], Generated, 95,
        "Rails' ActionController::RoutingError: body contains \"{line}\""),
    row(Stack::Rails, Body, Has("The page you were looking for doesn't exist"), Some((404, 404)), &[], Generated, 85,
        "Rails' public/404.html: \"The page you were looking for doesn't exist\""),
    row(Stack::Rails, Body, Has("rails-default-error-page"), ERR, &[], Generated, 85,
        "Rails' public error page (class rails-default-error-page)"),
    row(Stack::Rails, Header("x-runtime"), Any, ANY, &[C::Header("x-request-id", Any)], Generated, 80,
        "X-Runtime: {value} with X-Request-Id (Rails' Rack::Runtime and ActionDispatch::RequestId)"),
    row(Stack::Rails, Header("x-permitted-cross-domain-policies"), Is("none"), ANY,
        &[C::Header("referrer-policy", Is("strict-origin-when-cross-origin")), C::Header("x-frame-options", Is("SAMEORIGIN"))], Generated, 50,
        "Rails' default security headers (X-Permitted-Cross-Domain-Policies: none, Referrer-Policy: strict-origin-when-cross-origin, X-Frame-Options: SAMEORIGIN)"),
];

/// Rails's hooks: quirks and fix snippets.
pub(super) struct Rails;

impl Define for Rails {
    fn lang(&self) -> Lang {
        Lang::Ruby
    }

    /// Rails answers a method the routes lack with the 404 of a missing path:
    /// "No route matches [PUT]" in development, `public/404.html` in
    /// production.
    fn wrong_method_404(&self, method: &Method, path: &str, body: &str, _headers: &Headers) -> Option<Quirk> {
        let (evidence, says) = if body.contains(&format!("No route matches [{m}]", m = method.as_str())) {
            let says = format!("No route matches [{method}] \"{path}\"");
            (format!(
                "Body: \"No route matches [{method}]\" (Rails' RoutingError, raised both for a missing \
                path and for a method no route of {path} has)"
            ), says)
        } else if body.contains("The page you were looking for doesn't exist") {
            (format!(
                "Rails' public/404.html (\"The page you were looking for doesn't exist\"), its production \
                answer both for a missing path and for a method no route of {path} has"
            ), "The page you were looking for doesn't exist.".to_string())
        } else {
            return None;
        };
        Some(Quirk { stack: Stack::Rails, evidence, says })
    }

    fn allow_cors(&self, c: &Cors) -> Fix {
        let methods = &c.method_names;
        let headers = &c.header_names;
        let cred = c.credentials;
        let origin = &c.origin;
        let title = |name: &str| c.title(name);
        let syms: Vec<String> = methods
            .iter()
            .map(|m| {
                ruby_symbol(&m.to_ascii_lowercase())
            })
            .chain(std::iter::once(":options".to_string()))
            .collect::<Vec<_>>();
        let mut syms_d: Vec<String> = Vec::new();
        for s in syms {
            if !syms_d.contains(&s) {
                syms_d.push(s);
            }
        }
        let mut code = format!(
            "# {methods_csv} {path} from {origin}\
             \n# Gemfile: gem \"rack-cors\"\
             \n# config/initializers/cors.rb\
             \nRails.application.config.middleware.insert_before 0, Rack::Cors do\
             \n  allow do\
             \n    origins \"{origin}\"\
             \n    resource \"{loc}*\",\
             \n      methods: [{symbols}],\
             \n      headers: [{headers_dq}]",
            methods_csv = csv(methods),
            path = &c.path,
            loc = location_prefix(&c.path),
            symbols = syms_d.join(", "),
            headers_dq = dq(headers),
        );
        if cred {
            code.push_str(",\n      credentials: true # explicit origins only, never the wildcard");
        }
        code.push_str("\n  end\nend\n");
        fix(title("rack-cors"), "ruby", code)
    }

    fn preflight_before_auth(&self, a: &BeforeAuth) -> Fix {
        let title = &a.title;
        let head = &a.head;
        let path = &a.path;
        fix(
            title,
            "ruby",
            format!(
                "{note}\
                 \n# config/initializers/cors.rb — position 0 puts rack-cors in front of \
                 Devise/Warden and every other middleware\
                 \nRails.application.config.middleware.insert_before 0, Rack::Cors do\
                 \n  allow do\
                 \n    origins \"https://app.example.com\"\
                 \n    resource \"{loc}*\", headers: :any, methods: [:get, :post, :put, :patch, \
                 :delete, :options]\
                 \n  end\
                 \nend\
                 \n",
                note = comment("ruby", head),
                loc = location_prefix(path),
            ),
        )
    }

    fn credentials(&self, origin: &str) -> Snippet {
        (
            "ruby",
            format!(
                "allow do\
            \n  origins \"{origin}\"\
            \n  resource \"/*\", headers: :any, methods: :any, credentials: true\
            \nend\
            \n"
            ),
        )
    }

    fn cors_on_errors(&self, origin: &str) -> Snippet {
        (
            "ruby",
            format!(
                "# position 0: outside ActionDispatch::ShowExceptions, so error pages get \
            the headers too\
            \nRails.application.config.middleware.insert_before 0, Rack::Cors do\
            \n  allow do\
            \n    origins \"{origin}\"\
            \n    resource \"*\", headers: :any, methods: :any\
            \n  end\
            \nend\
            \n"
            ),
        )
    }

    fn register_route(&self, r: &Route) -> Fix {
        let title = &r.title;
        let head = &r.head;
        let m = &r.m;
        let short = r.short;
        let method = r.method;
        let path = &r.path;
        let r = route_pattern(path, Style::Colon);
        let ctrl = ident(&resource(path));
        let action = match method {
            Method::Get => "show",
            Method::Post => "create",
            Method::Put | Method::Patch => "update",
            Method::Delete => "destroy",
            _ => "handle",
        };
        let line = match short {
            Some(s) => format!("{s} \"{r}\", to: \"{ctrl}#{action}\"\n"),
            None => format!(
                "match \"{r}\", to: \"{ctrl}#{action}\", via: {verb}\
                \n",
                verb = ruby_symbol(&m.to_ascii_lowercase())
            ),
        };
        let note = comment("ruby", head);
        fix(
            title,
            "ruby",
            format!(
                "{note}\
            \n# config/routes.rb (Rails answers 404 \"No route matches [{m}]\" otherwise)\
            \n{line}"
            ),
        )
    }

    fn redirect_changed(&self, r: &RedirectChanged) -> Snippet {
        let to = &r.to;
        (
            "ruby",
            format!(
                "redirect_to \"{to}\", status: :temporary_redirect # 307; the default is \
            302\
            \n"
            ),
        )
    }
}
