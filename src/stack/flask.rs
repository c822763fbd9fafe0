//! # Flask (Werkzeug)
//!
//! A Python WSGI micro-framework; routing, errors and the development server
//! are Werkzeug's (`Server: Werkzeug/…`).
//!
//! ## How it answers
//! - **Wrong method**: 405 with Werkzeug's HTML page ("The method is not
//!   allowed for the requested URL.") and an `Allow` header.
//! - **OPTIONS**: answered automatically (200 + `Allow`) for every route.
//! - **Errors**: Werkzeug's HTML pages; a URL missing the route's trailing
//!   slash is redirected with 308.
//!
//! ## CORS recipe
//! flask-cors: `CORS(app, origins=[…], methods=[…], allow_headers=[…])`,
//! `supports_credentials=True` for cookies.
//!
//! ## Sources
//! - Routing, `methods`, automatic OPTIONS, `strict_slashes`: <https://flask.palletsprojects.com/en/stable/api/#url-route-registrations>
//! - Werkzeug's HTTP exceptions (405 with `Allow`): <https://werkzeug.palletsprojects.com/en/stable/exceptions/>
//! - Redirect behaviour of rules: <https://werkzeug.palletsprojects.com/en/stable/routing/#rule-format>
//! - flask-cors: <https://flask-cors.readthedocs.io/en/latest/api.html>

use super::fix::prelude::*;
use super::signature::rows::*;
use super::signature::Signature;
use super::{Define, Stack};

/// The human name.
pub(super) const LABEL: &str = "Flask (Werkzeug)";

/// Flask (Werkzeug)'s signature rows.
#[rustfmt::skip]
pub(super) const SIGNATURES: &[Signature] = &[
    row(Stack::Flask, Body, Has("<p>The method is not allowed for the requested URL.</p>"), Some((405, 405)),
        &[C::Header("server", Starts("Werkzeug/"))], Generated, 90,
        "Werkzeug's 405 page served by Werkzeug's development server (Server: {h:server}): Flask's `flask run`"),
    row(Stack::Flask, Body, Has("<p>The requested URL was not found on the server."), Some((404, 404)),
        &[C::Header("server", Starts("Werkzeug/"))], Generated, 85,
        "Werkzeug's 404 page served by Werkzeug's development server (Server: {h:server}): Flask's `flask run`"),
];

/// Flask (Werkzeug)'s hooks: quirks and fix snippets.
pub(super) struct Flask;

impl Define for Flask {
    fn lang(&self) -> Lang {
        Lang::Python
    }

    fn allow_cors(&self, c: &Cors) -> Fix {
        let methods = &c.method_names;
        let headers = &c.header_names;
        let first_method = &c.first_method;
        let cred = c.credentials;
        let origin = &c.origin;
        let title = |name: &str| c.title(name);
        let route = route_pattern(&c.path, Style::Angle);
        let (methods_dq, headers_dq) = (dq(methods), dq(headers));
        let mut code = format!(
            "# pip install flask-cors\
            \nfrom flask_cors import CORS\
            \n\
            \nCORS(\
            \n    app,\
            \n    origins=[\"{origin}\"],\
            \n    methods=[{methods_dq}],\
            \n    allow_headers=[{headers_dq}],\
            \n"
        );
        if cred {
            code.push_str(
                "    supports_credentials=True,  # with an explicit origin, never the \
                wildcard\
                \n",
            );
        }
        code.push_str(")\n\n");
        let handler = handler_name(&Method::parse(first_method), &c.path);
        let args = param_names(&c.path).join(", ");
        code.push_str(&format!(
            "# and the route itself must accept the method (Flask adds OPTIONS \
            for you):\
            \n@app.route(\"{route}\", methods=[{methods_dq}])\
            \ndef {handler}({args}):\
            \n    ...\
            \n"
        ));
        let methods_csv = csv(methods);
        let path = &c.path;
        fix(title("flask-cors"), "python", format!("# {methods_csv} {path} from {origin}\n{code}"))
    }

    fn preflight_redirect(&self, r: &PreflightRedirect) -> Fix {
        let title = &r.title;
        let head = &r.head;
        let to_shown = &r.to_shown;
        let to = &r.to;
        let from = &r.from;
        fix(
            title,
            "python",
            format!(
                "{note}\
                 \n# Werkzeug answers a URL missing the route's trailing slash with 308 (or you \
                 redirect yourself).\
                 \n# Call {to_shown} from the frontend, or accept both forms:\
                 \n@app.route(\"{route}\", strict_slashes=False)\
                 \ndef handler():\
                 \n    ...\
                 \n# or for the whole app: app.url_map.strict_slashes = False\
                 \n",
                note = comment("python", head),
                route = route_pattern(&url_path(if to.is_blank() { from } else { to }), Style::Angle),
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
            \n@app.before_request\
            \ndef require_auth():\
            \n    if request.method == \"OPTIONS\":\
            \n        return None  # the preflight: flask-cors answers it\
            \n    # ... your token/session check ...\
            \n"
            ),
        )
    }

    fn credentials(&self, origin: &str) -> Snippet {
        ("python", format!("CORS(app, origins=[\"{origin}\"], supports_credentials=True)\n"))
    }

    fn cors_on_errors(&self, origin: &str) -> Snippet {
        (
            "python",
            format!(
                "CORS(app, origins=[\"{origin}\"])  # its after_request hook also runs \
            for error handlers' responses\
            \n\
            \n@app.errorhandler(Exception)\
            \ndef on_error(e):\
            \n    code = getattr(e, \"code\", 500)\
            \n    return jsonify(error=str(e)), code\
            \n"
            ),
        )
    }

    fn register_route(&self, r: &Route) -> Fix {
        let title = &r.title;
        let head = &r.head;
        let names = &r.names;
        let handler = &r.handler;
        let params = &r.params;
        let path = &r.path;
        let note = comment("python", head);
        let route = route_pattern(path, Style::Angle);
        let names_dq = dq(names);
        let args = params.join(", ");
        fix(
            title,
            "python",
            format!(
                "{note}\
            \n@app.route(\"{route}\", methods=[{names_dq}])\
            \ndef {handler}({args}):\
            \n    ...\
            \n"
            ),
        )
    }

    fn redirect_changed(&self, r: &RedirectChanged) -> Snippet {
        let to = &r.to;
        (
            "python",
            format!(
                "from flask import redirect\
            \n\
            \nreturn redirect(\"{to}\", code=307)  # not the default 302\
            \n"
            ),
        )
    }
}
