//! # Django
//!
//! A Python web framework; `runserver` uses wsgiref (`Server: WSGIServer/…`),
//! Channels uses daphne. Its default middleware adds `X-Frame-Options: DENY`,
//! `Referrer-Policy: same-origin` and `Cross-Origin-Opener-Policy: same-origin`.
//!
//! ## How it answers
//! - **Wrong method**: function views with `require_http_methods` answer 405;
//!   class-based views answer 405 with `Allow`; Django REST framework sends
//!   `{"detail":"Method \"PUT\" not allowed."}`.
//! - **OPTIONS**: class-based views answer 200 + `Allow`; function views
//!   restricted by method answer 405.
//! - **Errors**: HTML pages (debug 404 "Using the URLconf defined in…", CSRF
//!   403); `APPEND_SLASH` redirects a slash-less URL with 301.
//!
//! ## CORS recipe
//! django-cors-headers: `CorsMiddleware` first in `MIDDLEWARE`,
//! `CORS_ALLOWED_ORIGINS`, `CORS_ALLOW_METHODS`/`CORS_ALLOW_HEADERS` extending
//! the defaults; `CSRF_TRUSTED_ORIGINS` for cookie-authenticated writes.
//!
//! ## Sources
//! - `require_http_methods`: <https://docs.djangoproject.com/en/stable/topics/http/decorators/#allowed-http-methods>
//! - Class-based views, `http_method_not_allowed`, `options`: <https://docs.djangoproject.com/en/stable/ref/class-based-views/base/#view>
//! - `APPEND_SLASH` / CommonMiddleware: <https://docs.djangoproject.com/en/stable/ref/settings/#append-slash>
//! - Security middleware headers: <https://docs.djangoproject.com/en/stable/ref/middleware/#module-django.middleware.security>
//! - CSRF and `CSRF_TRUSTED_ORIGINS`: <https://docs.djangoproject.com/en/stable/ref/csrf/>
//! - django-cors-headers: <https://github.com/adamchainz/django-cors-headers#readme>; its middleware's
//!   `patch_vary_headers(response, ("origin",))` writes a lower-case `Vary: origin`, but so do h3 and sanic-ext: no
//!   row reads it (<https://github.com/adamchainz/django-cors-headers/blob/main/src/corsheaders/middleware.py>)
//! - `runserver`'s `Server: WSGIServer/…` names only the server (see `wsgiref.rs`); Channels' `daphne` likewise.

use super::fix::prelude::*;
use super::signature::rows::*;
use super::signature::Signature;
use super::{Define, Stack};

/// The human name.
pub(super) const LABEL: &str = "Django";

/// Django's signature rows.
#[rustfmt::skip]
pub(super) const SIGNATURES: &[Signature] = &[
    row(Stack::Django, Body, Has("Using the URLconf defined in"), Some((404, 404)), &[], Generated, 95,
        "Django's debug 404 page: body contains \"Using the URLconf defined in\""),
    row(Stack::Django, Body, Has("CSRF verification failed"), Some((403, 403)), &[], Generated, 95,
        "Django's CSRF failure page: body contains \"CSRF verification failed\""),
    row(Stack::Django, Body, Has("<p>The requested resource was not found on this server.</p>"), Some((404, 404)),
        &[C::Body(Has("<h1>Not Found</h1>"))], Generated, 85,
        "Django's 404 page: body contains \"<h1>Not Found</h1><p>The requested resource was not found on this server.</p>\""),
    row(Stack::Django, Body, Has("<h1>Server Error (500)</h1>"), Some((500, 500)), &[], Generated, 85,
        "Django's 500 page: body contains \"<h1>Server Error (500)</h1>\""),
    row(Stack::Django, Body, Has("\"detail\":\"Method \\\""), Some((405, 405)), &[], Generated, 90,
        "Django REST framework 405: body is {line}"),
    row(Stack::Django, Header("server"), Starts("WSGIServer/"), ANY, &[C::Header("x-frame-options", Is("DENY"))], Generated, 80,
        "Server: {value} (Django runserver) with Django's X-Frame-Options: DENY"),
    row(Stack::Django, Header("server"), Starts("WSGIServer/"), ANY, &[C::Header("cross-origin-opener-policy", Is("same-origin"))], Generated, 80,
        "Server: {value} (Django runserver) with Django's Cross-Origin-Opener-Policy: same-origin"),
    row(Stack::Django, Header("access-control-allow-headers"), Has("x-csrftoken"), ANY, &[], Generated, 70,
        "Access-Control-Allow-Headers: {value} (django-cors-headers' default list, with x-csrftoken)"),
    row(Stack::Django, Header("x-frame-options"), Is("DENY"), ANY,
        &[C::Header("referrer-policy", Is("same-origin")), C::Header("cross-origin-opener-policy", Is("same-origin"))], Generated, 60,
        "Django's default security headers: X-Frame-Options: DENY, Referrer-Policy: same-origin, Cross-Origin-Opener-Policy: same-origin"),
];

/// Django's hooks: quirks and fix snippets.
pub(super) struct Django;

impl Define for Django {
    fn lang(&self) -> Lang {
        Lang::Python
    }

    fn allow_cors(&self, c: &Cors) -> Fix {
        let methods = &c.method_names;
        let headers = &c.header_names;
        let cred = c.credentials;
        let origin = &c.origin;
        let title = |name: &str| c.title(name);
        const DEFAULT_METHODS: [&str; 6] = ["DELETE", "GET", "OPTIONS", "PATCH", "POST", "PUT"];
        const DEFAULT_HEADERS: [&str; 9] = [
            "accept",
            "accept-encoding",
            "authorization",
            "content-type",
            "dnt",
            "origin",
            "user-agent",
            "x-csrftoken",
            "x-requested-with",
        ];
        let extra_m: Vec<String> = methods.iter().filter(|m| !DEFAULT_METHODS.contains(&m.as_str())).cloned().collect();
        let extra_h: Vec<String> =
            lower_all(headers).into_iter().filter(|h| !DEFAULT_HEADERS.contains(&h.as_str())).collect();
        let methods_csv = csv(methods);
        let path = &c.path;
        let mut code = format!(
            "# {methods_csv} {path} from {origin}\
             \n# pip install django-cors-headers — settings.py\
             \nfrom corsheaders.defaults import default_headers, default_methods\
             \n\
             \nINSTALLED_APPS = [\
             \n    # ...\
             \n    \"corsheaders\",\
             \n]\
             \n\
             \nMIDDLEWARE = [\
             \n    \"corsheaders.middleware.CorsMiddleware\",  # first: above CommonMiddleware and \
             any auth\
             \n    \"django.middleware.common.CommonMiddleware\",\
             \n    # ...\
             \n]\
             \n\
             \nCORS_ALLOWED_ORIGINS = [\"{origin}\"]\
             \n"
        );
        if extra_m.is_empty() {
            let methods_csv = csv(methods);
            code.push_str(&format!(
                "# CORS_ALLOW_METHODS: the default (default_methods) already \
                includes {methods_csv}\
                \n"
            ));
        } else {
            let extra = dq(&extra_m);
            code.push_str(&format!("CORS_ALLOW_METHODS = (*default_methods, {extra})\n"));
        }
        if extra_h.is_empty() {
            let headers_csv = csv(&lower_all(headers));
            code.push_str(&format!(
                "# CORS_ALLOW_HEADERS: the default (default_headers) already \
                includes {headers_csv}\
                \n"
            ));
        } else {
            let extra = dq(&extra_h);
            code.push_str(&format!("CORS_ALLOW_HEADERS = (*default_headers, {extra})\n"));
        }
        if cred {
            code.push_str(&format!(
                "CORS_ALLOW_CREDENTIALS = True  # never with \
                CORS_ALLOW_ALL_ORIGINS\
                \nCSRF_TRUSTED_ORIGINS = [\"{origin}\"]  # cookie-authenticated writes also pass \
                the CSRF check\
                \n"
            ));
        }
        fix(title("django-cors-headers"), "python", code)
    }

    fn preflight_redirect(&self, r: &PreflightRedirect) -> Fix {
        let title = &r.title;
        let head = &r.head;
        let to_shown = &r.to_shown;
        let note = comment("python", head);
        fix(
            title,
            "python",
            format!(
                "{note}\
            \n# CommonMiddleware (APPEND_SLASH) redirects slash-less URLs. Put CorsMiddleware \
            above it so it\
            \n# answers the preflight first, and call the URL with its slash ({to_shown}) from the \
            frontend.\
            \nMIDDLEWARE = [\
            \n    \"corsheaders.middleware.CorsMiddleware\",\
            \n    \"django.middleware.common.CommonMiddleware\",\
            \n    # ...\
            \n]\
            \n"
            ),
        )
    }

    fn preflight_before_auth(&self, a: &BeforeAuth) -> Fix {
        let title = &a.title;
        let head = &a.head;
        let note = comment("python", head);
        fix(
            title,
            "python",
            format!(
                "{note}\
            \nMIDDLEWARE = [\
            \n    \"corsheaders.middleware.CorsMiddleware\",  # first: answers the preflight \
            before any auth middleware\
            \n    \"django.middleware.security.SecurityMiddleware\",\
            \n    \"django.middleware.common.CommonMiddleware\",\
            \n    # ... session / authentication / your auth middleware after it ...\
            \n]\
            \n"
            ),
        )
    }

    fn credentials(&self, origin: &str) -> Snippet {
        (
            "python",
            format!(
                "# settings.py — instead of CORS_ALLOW_ALL_ORIGINS = True\
            \nCORS_ALLOWED_ORIGINS = [\"{origin}\"]\
            \nCORS_ALLOW_CREDENTIALS = True\
            \nCSRF_TRUSTED_ORIGINS = [\"{origin}\"]\
            \n"
            ),
        )
    }

    fn cors_on_errors(&self, origin: &str) -> Snippet {
        (
            "python",
            format!(
                "# CorsMiddleware first: it then sees every response, 403/404/500 \
            included\
            \nMIDDLEWARE = [\
            \n    \"corsheaders.middleware.CorsMiddleware\",\
            \n    # ...\
            \n]\
            \nCORS_ALLOWED_ORIGINS = [\"{origin}\"]\
            \n"
            ),
        )
    }

    fn register_route(&self, r: &Route) -> Fix {
        let title = &r.title;
        let head = &r.head;
        let all = &r.all;
        let params = &r.params;
        let m = &r.m;
        let path = &r.path;
        let dj = route_pattern(path, Style::Angle);
        let dj = dj.map(|p| p.trim_start_matches('/').to_string());
        let view = pascal(&singular(&resource(path))) + "View";
        let mut methods_defs = String::new();
        for mm in all {
            let args = std::iter::once("self, request".to_string())
                .chain(params.iter().cloned())
                .collect::<Vec<_>>()
                .join(", ");
            let verb = ident(mm.as_str());
            methods_defs.push_str(&format!(
                "    def {verb}({args}):\
                \n        ...\
                \n\
                \n"
            ));
        }
        let note = comment("python", head);
        fix(
            title,
            "python",
            format!(
                "{note}\
            \n# views.py — a class-based view answers each method its class defines (and OPTIONS)\
            \nfrom django.views import View\
            \n\
            \nclass {view}(View):\
            \n{methods_defs}# urls.py\
            \npath(\"{dj}\", {view}.as_view()),\
            \n# Cookie-authenticated {m} also needs the CSRF token (X-CSRFToken header).\
            \n"
            ),
        )
    }

    fn redirect_changed(&self, r: &RedirectChanged) -> Snippet {
        let m = &r.m;
        let to = &r.to;
        let to_path = &r.to_path;
        let from_path = &r.from_path;
        let method = r.method;
        let (to_raw, from_raw) = (&to_path.raw, &from_path.raw);
        if to_raw.len() == from_raw.len() + 1 && to_raw.ends_with('/') && to_raw.starts_with(from_raw.as_str()) {
            (
                "python",
                format!(
                    "# This is APPEND_SLASH: CommonMiddleware redirects {from_path} to {to_path} \
                     (301 with DEBUG=False).\
                     \n# Call {to} (with the slash) from the frontend, or accept both forms in \
                     urls.py:\
                     \nfrom django.urls import re_path\
                     \n\
                     \nurlpatterns = [\
                     \n    re_path(r\"^{pattern}/?$\", views.{view}),\
                     \n]\
                     \n",
                    pattern = Lang::Python.lit(&regex_escape(from_raw.trim_start_matches('/'))),
                    view = handler_name(method, from_path),
                ),
            )
        } else {
            (
                "python",
                format!(
                    "from django.http import HttpResponseRedirect\
                \n\
                \nresponse = HttpResponseRedirect(\"{to}\")\
                \nresponse.status_code = 307  # keeps {m} and its body \
                (HttpResponsePermanentRedirect → set 308)\
                \nreturn response\
                \n"
                ),
            )
        }
    }
}
