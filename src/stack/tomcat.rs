//! # Apache Tomcat
//!
//! The servlet container (an application server): the HTTP server Java web apps run in (Spring MVC, Jakarta
//! REST, plain servlets). Its `DefaultServlet` also serves a webapp's static files.
//!
//! ## How it answers
//! - **Wrong method**: a servlet without a handler for the method, and the `DefaultServlet` (read-only unless
//!   `readonly=false`) for PUT and DELETE on a static file, call `sendError(405)`; the DefaultServlet adds
//!   `Allow: OPTIONS, GET, HEAD, POST` (`, PUT, DELETE` when writable). POST to a static file is served as GET (200).
//!   The page is the `ErrorReportValve`'s HTML ("HTTP Status 405 – Method Not Allowed", `<h3>Apache
//!   Tomcat/10.1.60</h3>` footer), `Content-Type: text/html;charset=utf-8`, `Content-Language: en`. Tomcat sends
//!   no `Server` header and no reason phrase by default.
//! - **OPTIONS**: the servlet answers (`HttpServlet.doOptions`: 200 with `Allow`), unless a `CorsFilter` answers
//!   the preflight first.
//! - **CORS refusals**: Tomcat's own `CorsFilter` answers a preflight, or a simple GET/POST, whose origin, method
//!   or headers its configuration does not list with a bare **403** (`Content-Type: text/plain`, empty body, no
//!   CORS headers): the servlet never runs. Its defaults allow no origin at all, methods `GET,POST,HEAD,OPTIONS`
//!   (no PUT, no DELETE) and headers without `Authorization`. Its preflight answer carries `Vary:
//!   origin,access-control-request-method,Access-Control-Request-Headers`.
//!
//! ## CORS recipe
//! `org.apache.catalina.filters.CorsFilter` in `WEB-INF/web.xml`, with `cors.allowed.origins`,
//! `cors.allowed.methods`, `cors.allowed.headers` (and `cors.support.credentials`, refused at start-up with
//! the `*` origin) as init-params, mapped before any authentication filter.
//!
//! ## Sources
//! - CORS Filter (init-params, defaults): <https://tomcat.apache.org/tomcat-10.1-doc/config/filter.html#CORS_Filter>
//! - `CorsFilter.java` (`handleInvalidCORS`: 403 + `text/plain`; `addStandardHeaders`; defaults):
//!   <https://github.com/apache/tomcat/blob/10.1.x/java/org/apache/catalina/filters/CorsFilter.java>
//! - DefaultServlet (`readonly`): <https://tomcat.apache.org/tomcat-10.1-doc/default-servlet.html>
//! - `DefaultServlet.java` (`determineMethodsAllowed`, `sendNotAllowed`, `doPost` → `doGet`):
//!   <https://github.com/apache/tomcat/blob/10.1.x/java/org/apache/catalina/servlets/DefaultServlet.java>
//! - Error Report Valve (the HTML error page, `showServerInfo`):
//!   <https://tomcat.apache.org/tomcat-10.1-doc/config/valve.html#Error_Report_Valve>
//! - Security constraints and `http-method-omission` (Servlet 6.0, §13.8):
//!   <https://jakarta.ee/specifications/servlet/6.0/jakarta-servlet-spec-6.0#security-constraints>
//! - Every response shape above was seen in the lab (`tests/lab/servers/tomcat/`, Tomcat 10.1.60 from Debian).

use super::fix::prelude::*;
use super::signature::rows::*;
use super::signature::Signature;
use super::{Define, Quirk, Stack, Tier};
use crate::http::Headers;

/// The human name.
pub(super) const LABEL: &str = "Apache Tomcat";

/// Apache Tomcat's signature rows.
#[rustfmt::skip]
pub(super) const SIGNATURES: &[Signature] = &[
    row(Stack::Tomcat, Body, Has("<h3>Apache Tomcat/"), ERR, &[], Generated, 95,
        "Tomcat's error page (ErrorReportValve): body contains \"{line}\""),
    row(Stack::Tomcat, Body, Has("<title>HTTP Status "), ERR, &[C::Header("content-language", Any)], Generated, 85,
        "Tomcat's error page (ErrorReportValve, server info hidden): body contains \"{line}\""),
    row(Stack::Tomcat, Header("content-language"), Any, ERR,
        &[C::NoBody, C::Header("content-type", Case("text/html;charset=utf-8")), C::NoHeader("server")], Generated, 70,
        "Tomcat's error-page headers (Content-Type: {h:content-type}, Content-Language: {value}; body not recorded)"),
    row(Stack::Tomcat, Header("allow"), Starts("OPTIONS, GET, HEAD, POST"), ANY, &[C::NoHeader("server")], Generated, 80,
        "Allow: {value} (Tomcat's DefaultServlet, the static-file servlet, lists OPTIONS first)"),
    row(Stack::Tomcat, Header("vary"), Case("access-control-request-method,Access-Control-Request-Headers"), ANY, &[],
        Generated, 80, "Vary: {value} (Tomcat's CorsFilter answering a preflight)"),
    row(Stack::Tomcat, Header("content-type"), Is("text/plain"), Some((403, 403)), CORS_FILTER_403, Generated, 55,
        "a bare 403 with Content-Type: text/plain, an empty body and no Server header: Tomcat's CorsFilter refusing \
        the request"),
];

/// The shape of Tomcat's `CorsFilter.handleInvalidCORS` answer besides its `Content-Type: text/plain` and 403.
const CORS_FILTER_403: &[C] = &[
    C::Header("content-length", Is("0")),
    C::NoHeader("server"),
    C::NoHeader("x-powered-by"),
    C::NoHeader("access-control-allow-origin"),
    C::NoHeader("vary"),
];

/// Apache Tomcat's hooks: quirks and fix snippets.
pub(super) struct Tomcat;

impl Define for Tomcat {
    fn lang(&self) -> Lang {
        Lang::Xml
    }

    fn tier(&self) -> Tier {
        Tier::AppServer
    }

    fn configured_itself(&self) -> bool {
        true
    }

    fn cors_filter_refusal(&self, status: u16, headers: &Headers) -> Option<Quirk> {
        let plain = headers.get("content-type").is_some_and(|v| v.trim() == "text/plain");
        let empty = headers.get("content-length").is_some_and(|v| v.trim() == "0");
        let bare = ["server", "x-powered-by", "access-control-allow-origin", "vary"].iter().all(|h| !headers.contains(h));
        (status == 403 && plain && empty && bare).then(|| Quirk {
            stack: Stack::Tomcat,
            evidence: "a bare 403 (Content-Type: text/plain, empty body, no CORS headers, no Server header): the \
                answer of Tomcat's CorsFilter to a request whose origin is not in cors.allowed.origins, whose method \
                is not in cors.allowed.methods (default GET,POST,HEAD,OPTIONS) or whose headers are not all in \
                cors.allowed.headers"
                .into(),
            says: String::new(),
        })
    }

    fn static_file_refusal(&self, status: u16, headers: &Headers) -> Option<Quirk> {
        let allow = headers.get_combined("allow")?;
        // Tomcat sends no Server header (lighttpd answers with the same Allow, and says so)
        let read_only = allow.trim().starts_with("OPTIONS, GET, HEAD, POST") && !allow.contains("PUT") && !headers.contains("server");
        (status == 405 && read_only).then(|| Quirk {
            stack: Stack::Tomcat,
            evidence: format!(
                "Allow: {allow} is the answer of Tomcat's DefaultServlet, which serves static files and is read-only \
                 by default"
            ),
            says: format!("Allow: {allow}"),
        })
    }

    fn allow_cors(&self, c: &Cors) -> Fix {
        let mut params = vec![
            ("cors.allowed.origins", c.origin.to_string()),
            ("cors.allowed.methods", with_defaults(&["GET", "POST", "HEAD", "OPTIONS"], &c.method_names)),
            ("cors.allowed.headers", with_defaults(TOMCAT_DEFAULT_HEADERS, &c.header_names)),
        ];
        if c.credentials {
            params.push(("cors.support.credentials", "true".into()));
        }
        let code = format!(
            "<!-- {what} -->\
             \n<!-- WEB-INF/web.xml: Tomcat's CorsFilter answers the preflight itself. Map it before any \
             authentication filter. -->\
             \n{filter}\
             <!-- cors.allowed.methods defaults to GET,POST,HEAD,OPTIONS and cors.allowed.origins to no origin at \
             all: -->\
             \n<!-- anything not listed gets a bare 403, simple GETs included. Origins are compared exactly. -->\
             \n",
            what = Lang::Xml.comment_text(&c.what),
            filter = filter_xml("CorsFilter", "org.apache.catalina.filters.CorsFilter", &params, &url_pattern(&c.path)),
        );
        fix(c.title("Tomcat's CorsFilter"), "xml", code)
    }

    fn preflight_before_auth(&self, a: &BeforeAuth) -> Fix {
        fix(&a.title, "xml", before_auth_xml(a, "CorsFilter"))
    }

    fn credentials(&self, origin: &str) -> Snippet {
        (
            "xml",
            format!(
                "<!-- In the CorsFilter's <filter>: an explicit origin (Tomcat refuses to start with \
                 cors.allowed.origins=* and credentials) -->\
                 \n<init-param><param-name>cors.allowed.origins</param-name><param-value>{origin}</param-value>\
                 </init-param>\
                 \n<init-param><param-name>cors.support.credentials</param-name><param-value>true</param-value>\
                 </init-param>\
                 \n"
            ),
        )
    }

    fn cors_on_errors(&self, origin: &str) -> Snippet {
        (
            "xml",
            format!(
                "<!-- The CorsFilter adds its headers before the servlet runs, so the servlet's errors keep them; a \
                 filter mapped -->\
                 \n<!-- before it (authentication) answers without them. Filters run in <filter-mapping> order: map \
                 the CorsFilter first. -->\
                 \n<filter-mapping>\
                 \n  <filter-name>CorsFilter</filter-name>\
                 \n  <url-pattern>/*</url-pattern>\
                 \n</filter-mapping>\
                 \n<!-- and in its <filter>: -->\
                 \n<init-param><param-name>cors.allowed.origins</param-name><param-value>{origin}</param-value>\
                 </init-param>\
                 \n"
            ),
        )
    }

    fn register_route(&self, r: &Route) -> Fix {
        servlet_route(r, "jakarta.servlet", "Tomcat")
    }

    fn web_server_rule(&self, w: &ServerRule) -> Fix {
        let head = comment(
            "xml",
            &format!(
                "Tomcat's DefaultServlet answered {path} itself: the path is a static file, and the DefaultServlet\n\
                 is read-only (readonly=true): PUT and DELETE get 405, and POST only returns the file. Map the path\n\
                 to the servlet (or framework dispatcher) that handles the method, in WEB-INF/web.xml:",
                path = w.path.raw
            ),
        );
        let path = &w.path;
        let code = format!(
            "{head}\
             \n<servlet>\
             \n  <servlet-name>itemHandler</servlet-name>\
             \n  <servlet-class>com.example.ItemServlet</servlet-class> <!-- your HttpServlet, e.g. with doPut -->\
             \n</servlet>\
             \n<servlet-mapping>\
             \n  <servlet-name>itemHandler</servlet-name>\
             \n  <url-pattern>{path}</url-pattern>\
             \n</servlet-mapping>\
             \n<!-- Only for a plain file store: a DefaultServlet with <init-param> readonly = false takes PUT and \
             DELETE -->\
             \n<!-- (anyone who reaches it can then overwrite files: put it behind authentication). -->\
             \n"
        );
        fix(format!("Map {m} {path} to a servlet in Tomcat", m = w.m, path = w.path.raw), "xml", code)
    }

    fn redirect_changed(&self, r: &RedirectChanged) -> Snippet {
        java_redirect(r)
    }
}

/// `CorsFilter.DEFAULT_ALLOWED_HTTP_HEADERS`.
const TOMCAT_DEFAULT_HEADERS: &[&str] =
    &["Origin", "Accept", "X-Requested-With", "Content-Type", "Access-Control-Request-Method", "Access-Control-Request-Headers"];

/// A comma-separated init-param value: the defaults, then every item not already among them (already escaped).
pub(super) fn with_defaults(defaults: &[&str], items: &[String]) -> String {
    let mut v: Vec<String> = defaults.iter().map(|s| s.to_string()).collect();
    for i in items {
        if !v.iter().any(|d| d.eq_ignore_ascii_case(i)) {
            v.push(i.clone());
        }
    }
    v.join(",")
}

/// The servlet `url-pattern` covering `path`'s folder (`/api/items.json` → `/api/*`), escaped like `path`.
pub(super) fn url_pattern(path: &Val) -> Val {
    location_prefix(path).map(|p| format!("{p}*"))
}

/// A `<filter>` with its init-params (values already escaped for XML) and its `<filter-mapping>`.
pub(super) fn filter_xml(name: &str, class: &str, params: &[(&str, String)], pattern: &Val) -> String {
    let mut out = format!(
        "<filter>\
         \n  <filter-name>{name}</filter-name>\
         \n  <filter-class>{class}</filter-class>\
         \n"
    );
    for (k, v) in params {
        out.push_str(&format!("  <init-param><param-name>{k}</param-name><param-value>{v}</param-value></init-param>\n"));
    }
    out.push_str(&format!(
        "</filter>\
         \n<filter-mapping>\
         \n  <filter-name>{name}</filter-name>\
         \n  <url-pattern>{pattern}</url-pattern>\
         \n</filter-mapping>\
         \n"
    ));
    out
}

/// The container's security constraint, with OPTIONS left out (`http-method-omission`), so the CORS filter answers
/// the preflight before authentication.
pub(super) fn before_auth_xml(a: &BeforeAuth, filter: &str) -> String {
    let pattern = url_pattern(&a.path);
    format!(
        "{note}\
         \n<!-- WEB-INF/web.xml: the container checks <security-constraint> before any filter runs, so OPTIONS must \
         be left out -->\
         \n<security-constraint>\
         \n  <web-resource-collection>\
         \n    <web-resource-name>api</web-resource-name>\
         \n    <url-pattern>{pattern}</url-pattern>\
         \n    <http-method-omission>OPTIONS</http-method-omission>\
         \n  </web-resource-collection>\
         \n  <auth-constraint><role-name>user</role-name></auth-constraint>\
         \n</security-constraint>\
         \n<!-- and an authentication filter of your own must come after the {filter} in <filter-mapping> order, or \
         let OPTIONS through -->\
         \n",
        note = comment("xml", &a.head),
    )
}

/// A servlet answering the method on the path (Java; `package` is `jakarta.servlet` or `javax.servlet`).
pub(super) fn servlet_route(r: &Route, package: &str, server: &str) -> Fix {
    let r = &r.in_lang(Lang::Java);
    let (m, path, method) = (&r.m, &r.path, r.method);
    let handler = match method {
        Method::Get => Some("doGet"),
        Method::Post => Some("doPost"),
        Method::Put => Some("doPut"),
        Method::Delete => Some("doDelete"),
        _ => None,
    };
    let body = match handler {
        Some(h) => format!(
            "    @Override\
             \n    protected void {h}(HttpServletRequest req, HttpServletResponse resp) throws IOException {{\
             \n        // ...\
             \n        resp.setStatus(HttpServletResponse.SC_NO_CONTENT);\
             \n    }}\
             \n"
        ),
        // HttpServlet has no doPatch (nor a handler for any other method): dispatch it in service().
        None => format!(
            "    @Override\
             \n    protected void service(HttpServletRequest req, HttpServletResponse resp)\
             \n            throws ServletException, IOException {{\
             \n        if (\"{m}\".equals(req.getMethod())) {{\
             \n            // ...\
             \n            resp.setStatus(HttpServletResponse.SC_NO_CONTENT);\
             \n        }} else {{\
             \n            super.service(req, resp);\
             \n        }}\
             \n    }}\
             \n"
        ),
    };
    let code = format!(
        "{note}\
         \n// If {path} is a static file of the webapp, {server}'s DefaultServlet answered: it takes no PUT or DELETE \
         (POST only\
         \n// returns the file). {server} runs your code; the framework inside it (Spring, Jakarta REST…) has its own \
         way to map {m}.\
         \n// A plain servlet:\
         \nimport java.io.IOException;\
         \nimport {package}.ServletException;\
         \nimport {package}.annotation.WebServlet;\
         \nimport {package}.http.HttpServlet;\
         \nimport {package}.http.HttpServletRequest;\
         \nimport {package}.http.HttpServletResponse;\
         \n\
         \n@WebServlet(\"{path}\")\
         \npublic class ItemServlet extends HttpServlet {{\
         \n{body}}}\
         \n",
        note = comment("java", &r.head),
    );
    fix(&r.title, "java", code)
}

/// A 308 redirect from a servlet (Java), after the container's own folder redirect.
pub(super) fn java_redirect(r: &RedirectChanged) -> Snippet {
    let r = &r.in_lang(Lang::Java);
    let to = &r.to;
    (
        "java",
        format!(
            "// A folder URL without its trailing slash gets the container's own 302 (the DefaultServlet of Tomcat \
             and Jetty\
             \n// redirects /dir to /dir/): call the URL with the slash. A redirect of your own: resp.sendRedirect() \
             answers 302,\
             \n// which turns the method into GET; send 308 instead:\
             \nresp.setStatus(308);\
             \nresp.setHeader(\"Location\", \"{to}\");\
             \n"
        ),
    )
}
