//! # Flask (Werkzeug)
//!
//! TODO-DOC

use super::fix::prelude::*;
use super::signature::rows::*;
use super::signature::Signature;
use super::{Define, Stack};

/// The human name.
pub(super) const LABEL: &str = "Flask (Werkzeug)";

/// Flask (Werkzeug)'s signature rows.
#[rustfmt::skip]
pub(super) const SIGNATURES: &[Signature] = &[
    row(Stack::Flask, Body, Has("<p>The method is not allowed for the requested URL.</p>"), Some((405, 405)), &[], Generated, 90,
        "Werkzeug's 405 page: body contains \"{line}\""),
    row(Stack::Flask, Body, Has("<p>The requested URL was not found on the server."), Some((404, 404)), &[], Generated, 85,
        "Werkzeug's 404 page: body contains \"The requested URL was not found on the server.\""),
    row(Stack::Flask, Header("server"), Starts("Werkzeug/"), ANY, &[], Generated, 80, "Server: {value}"),
];

/// Flask (Werkzeug)'s hooks: quirks and fix snippets.
pub(super) struct Flask;

impl Define for Flask {
    fn allow_cors(&self, c: &Cors) -> Fix {
        let methods = &c.method_names;
        let headers = &c.header_names;
        let first_method = &c.first_method;
        let cred = c.credentials;
        let origin = c.origin;
        let title = |name: &str| c.title(name);
        let route = route_pattern(c.path, Style::Angle);
    let mut code = fill(
        "# pip install flask-cors\nfrom flask_cors import CORS\n\nCORS(\n    app,\n    origins=[\"⟨origin⟩\"],\n    methods=[⟨methods⟩],\n    allow_headers=[⟨headers⟩],\n",
        &[("origin", origin), ("methods", &dq(&methods)), ("headers", &dq(&headers))],
    );
    if cred {
        code.push_str("    supports_credentials=True,  # with an explicit origin, never the wildcard\n");
    }
    code.push_str(")\n\n");
    code.push_str(&fill(
        "# and the route itself must accept the method (Flask adds OPTIONS for you):\n@app.route(\"⟨route⟩\", methods=[⟨methods⟩])\ndef ⟨handler⟩(⟨args⟩):\n    ...\n",
        &[
            ("route", &route),
            ("methods", &dq(&methods)),
            ("handler", &handler_name(&Method::parse(&first_method), c.path)),
            ("args", &param_names(c.path).join(", ")),
        ],
    ));
    fix(title("flask-cors"), "python", format!("# {} {} from {origin}\n{code}", csv(&methods), c.path))

    }

    fn preflight_redirect(&self, r: &PreflightRedirect) -> Fix {
        let title = &r.title;
        let head = &r.head;
        let to_shown = r.to_shown;
        let to = r.to;
        let from = r.from;
        fix(
                title,
                "python",
                format!(
                    "{}\n# Werkzeug answers a URL missing the route's trailing slash with 308 (or you redirect yourself).\n# Call {to_shown} from the frontend, or accept both forms:\n@app.route(\"{}\", strict_slashes=False)\ndef handler():\n    ...\n# or for the whole app: app.url_map.strict_slashes = False\n",
                    comment("python", &head),
                    route_pattern(url_path(if to.trim().is_empty() { from } else { to }), Style::Angle)
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
                    "{}\n@app.before_request\ndef require_auth():\n    if request.method == \"OPTIONS\":\n        return None  # the preflight: flask-cors answers it\n    # ... your token/session check ...\n",
                    comment("python", &head)
                ),
            )
    }

    fn credentials(&self, origin: &str) -> Snippet {
        ("python", format!("CORS(app, origins=[\"{origin}\"], supports_credentials=True)\n"))
    }

    fn cors_on_errors(&self, origin: &str) -> Snippet {
        (
                "python",
                format!("CORS(app, origins=[\"{origin}\"])  # its after_request hook also runs for error handlers' responses\n\n@app.errorhandler(Exception)\ndef on_error(e):\n    code = getattr(e, \"code\", 500)\n    return jsonify(error=str(e)), code\n"),
            )
    }

    fn register_route(&self, r: &Route) -> Fix {
        let title = &r.title;
        let head = &r.head;
        let names = &r.names;
        let handler = &r.handler;
        let params = &r.params;
        let path = r.path;
        fix(
                title,
                "python",
                format!(
                    "{}\n@app.route(\"{}\", methods=[{}])\ndef {handler}({}):\n    ...\n",
                    comment("python", &head),
                    route_pattern(path, Style::Angle),
                    dq(&names),
                    params.join(", ")
                ),
            )
    }

    fn redirect_changed(&self, r: &RedirectChanged) -> Snippet {
        let to = r.to;
        ("python", format!("from flask import redirect\n\nreturn redirect(\"{to}\", code=307)  # not the default 302\n"))
    }
}
