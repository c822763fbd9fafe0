//! # Eclipse Jetty
//!
//! The servlet container and HTTP server (an application server) Java apps run in or embed (Spring Boot with
//! Jetty, Dropwizard, Jersey, plain servlets). Its `DefaultServlet` also serves a webapp's static files.
//!
//! ## How it answers
//! - **Every response** carries `Server: Jetty(9.4.57.v20241219)` unless `sendServerVersion` is turned off: it
//!   names the HTTP server, not the framework inside it.
//! - **Wrong method**: `HttpServlet`'s default handlers answer 405; Jetty's `DefaultServlet` has no PUT or
//!   DELETE, and treats POST as GET (the file, 200). Jetty's `ErrorHandler` writes its HTML page ("HTTP ERROR 405",
//!   "Powered by Jetty://") only for GET, POST and HEAD: a PUT or DELETE gets a 405 with an empty body, and
//!   the DefaultServlet's carries no `Allow`.
//! - **OPTIONS**: the servlet answers (the DefaultServlet: 200 with `Allow: GET,HEAD,POST,OPTIONS`).
//! - **CORS refusals**: Jetty's `CrossOriginFilter` never refuses: for an origin, method or header it does not
//!   allow it adds no CORS header and passes the request on (the preflight too, `chainPreflight` defaults to
//!   true), so the servlet's own answer (200 to OPTIONS) reaches the browser without CORS headers. Its defaults:
//!   every origin (`*`, echoed back), methods `GET,POST,HEAD` (no PUT, no DELETE, no OPTIONS), headers
//!   `X-Requested-With,Content-Type,Accept,Origin`, and `allowCredentials=true`.
//!
//! ## CORS recipe
//! `org.eclipse.jetty.servlets.CrossOriginFilter` (the `servlets` module, or jetty-servlets in `WEB-INF/lib`) in
//! `WEB-INF/web.xml`, with `allowedOrigins`, `allowedMethods`, `allowedHeaders`, `allowCredentials` and
//! `chainPreflight=false` (the filter answers the preflight itself) as init-params.
//!
//! ## Sources
//! - CrossOriginFilter (init-params, defaults):
//!   <https://www.eclipse.org/jetty/documentation/jetty-9/index.html#cross-origin-filter>
//! - `CrossOriginFilter.java` (no CORS headers when not allowed, `chainPreflight`):
//!   <https://github.com/jetty/jetty.project/blob/jetty-9.4.x/jetty-servlets/src/main/java/org/eclipse/jetty/servlets/CrossOriginFilter.java>
//! - `ErrorHandler.java` (the HTML error page, only for GET/POST/HEAD; "Powered by Jetty://"):
//!   <https://github.com/jetty/jetty.project/blob/jetty-9.4.x/jetty-server/src/main/java/org/eclipse/jetty/server/handler/ErrorHandler.java>
//! - `DefaultServlet.java` (`doPost` → `doGet`, `doOptions`):
//!   <https://github.com/jetty/jetty.project/blob/jetty-9.4.x/jetty-servlet/src/main/java/org/eclipse/jetty/servlet/DefaultServlet.java>
//! - `HttpConfiguration.sendServerVersion`:
//!   <https://www.eclipse.org/jetty/javadoc/jetty-9/org/eclipse/jetty/server/HttpConfiguration.html>
//! - Every response shape above was seen in the lab (`tests/lab/servers/jetty/`, Jetty 9.4.57 from Debian).

use super::fix::prelude::*;
use super::signature::rows::*;
use super::signature::Signature;
use super::tomcat::{before_auth_xml, filter_xml, java_redirect, servlet_route, url_pattern, with_defaults};
use super::{Define, Stack, Tier};

/// The human name.
pub(super) const LABEL: &str = "Eclipse Jetty";

/// Eclipse Jetty's signature rows.
#[rustfmt::skip]
pub(super) const SIGNATURES: &[Signature] = &[
    row(Stack::Jetty, Body, Has("Powered by Jetty://"), ERR, &[], Generated, 95,
        "Jetty's error page (ErrorHandler): body contains \"{line}\""),
    row(Stack::Jetty, Header("server"), Starts("Jetty("), ANY, &[], Generated, 50,
        "Server: {value} (Jetty, the HTTP server; the framework inside it is not named by this header)"),
];

/// Eclipse Jetty's hooks: quirks and fix snippets.
pub(super) struct Jetty;

impl Define for Jetty {
    fn lang(&self) -> Lang {
        Lang::Xml
    }

    fn tier(&self) -> Tier {
        Tier::AppServer
    }

    fn configured_itself(&self) -> bool {
        true
    }

    fn allow_cors(&self, c: &Cors) -> Fix {
        let params = [
            ("allowedOrigins", c.origin.to_string()),
            ("allowedMethods", with_defaults(&["GET", "POST", "HEAD", "OPTIONS"], &c.method_names)),
            ("allowedHeaders", with_defaults(&["X-Requested-With", "Content-Type", "Accept", "Origin"], &c.header_names)),
            ("allowCredentials", if c.credentials { "true" } else { "false" }.into()),
            ("chainPreflight", "false".into()),
        ];
        let code = format!(
            "<!-- {what} -->\
             \n<!-- WEB-INF/web.xml (Jetty's servlets module, or jetty-servlets in WEB-INF/lib) -->\
             \n{filter}\
             <!-- allowedMethods defaults to GET,POST,HEAD: PUT, DELETE and PATCH must be listed. For a method or \
             header it does -->\
             \n<!-- not allow, CrossOriginFilter adds no CORS header and passes the preflight on to the servlet, \
             whose plain 200 -->\
             \n<!-- the browser then refuses; chainPreflight=false makes the filter answer the preflight itself. \
             allowCredentials -->\
             \n<!-- defaults to true, with every origin echoed back: list the origins. -->\
             \n",
            what = Lang::Xml.comment_text(&c.what),
            filter = filter_xml(
                "cross-origin",
                "org.eclipse.jetty.servlets.CrossOriginFilter",
                &params,
                &url_pattern(&c.path)
            ),
        );
        fix(c.title("Jetty's CrossOriginFilter"), "xml", code)
    }

    fn preflight_before_auth(&self, a: &BeforeAuth) -> Fix {
        fix(&a.title, "xml", before_auth_xml(a, "CrossOriginFilter"))
    }

    fn credentials(&self, origin: &str) -> Snippet {
        (
            "xml",
            format!(
                "<!-- In the CrossOriginFilter's <filter>: the origins listed (the default * echoes every origin \
                 back) -->\
                 \n<init-param><param-name>allowedOrigins</param-name><param-value>{origin}</param-value>\
                 </init-param>\
                 \n<init-param><param-name>allowCredentials</param-name><param-value>true</param-value>\
                 </init-param>\
                 \n"
            ),
        )
    }

    fn cors_on_errors(&self, origin: &str) -> Snippet {
        (
            "xml",
            format!(
                "<!-- CrossOriginFilter adds its headers before the servlet runs, so the servlet's errors keep them; \
                 a filter -->\
                 \n<!-- mapped before it (authentication) answers without them. Map the CrossOriginFilter first: \
                 -->\
                 \n<filter-mapping>\
                 \n  <filter-name>cross-origin</filter-name>\
                 \n  <url-pattern>/*</url-pattern>\
                 \n</filter-mapping>\
                 \n<!-- and in its <filter>: -->\
                 \n<init-param><param-name>allowedOrigins</param-name><param-value>{origin}</param-value>\
                 </init-param>\
                 \n"
            ),
        )
    }

    fn register_route(&self, r: &Route) -> Fix {
        servlet_route(r, "javax.servlet", "Jetty")
    }

    fn redirect_changed(&self, r: &RedirectChanged) -> Snippet {
        java_redirect(r)
    }
}
