//! # Rails
//!
//! Ruby on Rails (Puma, WEBrick), recognised by `X-Runtime` with
//! `X-Request-Id` and its default security headers.
//!
//! ## How it answers
//! - **Wrong method**: no 405: an unrouted method raises
//!   `ActionController::RoutingError`, a 404 "No route matches [PUT] …".
//! - **OPTIONS**: a 404 like any unrouted method, unless rack-cors, inserted
//!   at position 0 of the middleware stack, answers the preflight.
//! - **Errors**: `public/404.html` / `500.html` in production.
//!
//! ## CORS recipe
//! rack-cors in `config/initializers/cors.rb`: `allow do origins …;
//! resource …, methods: […], headers: […] end`.
//!
//! ## Sources
//! - Routing: <https://guides.rubyonrails.org/routing.html>
//! - Rack middleware stack: <https://guides.rubyonrails.org/rails_on_rack.html>
//! - rack-cors: <https://github.com/cyu/rack-cors#readme>
//! - `redirect_to` (302 default): <https://api.rubyonrails.org/classes/ActionController/Redirecting.html>

use super::fix::prelude::*;
use super::signature::rows::*;
use super::signature::Signature;
use super::{Define, Stack};

/// The human name.
pub(super) const LABEL: &str = "Rails";

/// Rails's signature rows.
#[rustfmt::skip]
pub(super) const SIGNATURES: &[Signature] = &[
    row(Stack::Rails, Body, Has("No route matches ["), Some((404, 404)), &[], Generated, 95,
        "Rails' ActionController::RoutingError: body contains \"{line}\""),
    row(Stack::Rails, Body, Has("The page you were looking for doesn't exist"), Some((404, 404)), &[], Generated, 85,
        "Rails' public/404.html: \"The page you were looking for doesn't exist\""),
    row(Stack::Rails, Header("x-runtime"), Any, ANY, &[C::Header("x-request-id", Any)], Generated, 80,
        "X-Runtime: {value} with X-Request-Id (Rails' Rack::Runtime and ActionDispatch::RequestId)"),
    row(Stack::Rails, Header("x-runtime"), Any, ANY, &[], Generated, 60, "X-Runtime: {value} (Rack::Runtime)"),
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
