//! # IIS
//!
//! Microsoft's web server (Windows Server, and Azure App Service on Windows). It runs ASP.NET (through its
//! handlers) and ASP.NET Core (through the ASP.NET Core Module) and sets `Server: Microsoft-IIS/10.0` on every
//! response, the application's too.
//!
//! ## How it answers
//! - **Wrong method**: the WebDAV module, installed with the "WebDAV Publishing" role service, claims PUT and
//!   DELETE (and the WebDAV verbs) before the application's handler and answers **405** with IIS's own page "405 -
//!   HTTP verb used to access this page is not allowed."; a handler mapping that lists only some verbs
//!   (`verb="GET,HEAD,POST"`) answers the same page; request filtering (`<verbs allowUnlisted="false">`) answers
//!   404.6.
//! - **OPTIONS**: the `OPTIONSVerbHandler` answers it before the application unless it is removed or the IIS CORS
//!   module answers the preflight.
//! - **Errors**: IIS's own error pages carry none of the application's headers; `<httpProtocol><customHeaders>`
//!   headers are added to every response, errors included.
//!
//! ## CORS recipe
//! The IIS CORS module (`<system.webServer><cors>`: origins, methods, headers, credentials), which answers the
//! preflight before any handler and authentication; or the application's own CORS (ASP.NET Core `UseCors`).
//!
//! ## Sources
//! - The WebDAV 405 and its fix (remove `WebDAVModule` and the `WebDAV` handler): <https://learn.microsoft.com/aspnet/web-api/overview/testing-and-debugging/troubleshooting-http-405-errors-after-publishing-web-api-applications>
//!   (rows: the 405 page body, `Server: Microsoft-IIS`)
//! - IIS status and substatus codes (405.0, 404.6 "Verb denied"): <https://learn.microsoft.com/troubleshoot/developer/webapps/iis/www-administration-management/http-status-code>
//! - `X-Powered-By: ASP.NET`, set by IIS's `customHeaders` in the default `applicationHost.config`: <https://learn.microsoft.com/iis/configuration/system.webserver/httpprotocol/customheaders/>
//!   (row: `X-Powered-By: ASP.NET`)
//! - IIS CORS module configuration: <https://learn.microsoft.com/iis/extensions/cors-module/cors-module-configuration-reference>
//! - Request filtering verbs: <https://learn.microsoft.com/iis/configuration/system.webserver/security/requestfiltering/verbs/>

use super::fix::prelude::*;
use super::signature::rows::*;
use super::signature::Signature;
use super::{Define, Stack, Tier};

/// The human name.
pub(super) const LABEL: &str = "IIS";

/// IIS's signature rows.
#[rustfmt::skip]
pub(super) const SIGNATURES: &[Signature] = &[
    row(Stack::Iis, Body, Has("HTTP verb used to access this page is not allowed"), Some((405, 405)), &[], Generated, 95,
        "IIS's own 405 page: body contains \"{line}\" (the WebDAV module or a handler mapping refused the verb)"),
    row(Stack::Iis, Header("server"), Starts("Microsoft-IIS"), ANY, &[], Seen, 50, "Server: {value}"),
    row(Stack::Iis, Header("x-powered-by"), Is("ASP.NET"), ANY, &[], Seen, 40, "X-Powered-By: {value} (IIS's default custom header)"),
];

/// IIS's hooks: fix snippets in `web.config` XML.
pub(super) struct Iis;

impl Define for Iis {
    fn tier(&self) -> Tier {
        Tier::WebServer
    }

    fn lang(&self) -> Lang {
        Lang::Xml
    }

    fn web_server_rule(&self, w: &ServerRule) -> Fix {
        let m = &w.m;
        let raw = &w.path.raw;
        let head = comment(
            "xml",
            &format!(
                "{raw}: IIS answered the method itself. In web.config: take WebDAV off the path, let the \
                 application's handler take every verb, and let request filtering allow it."
            ),
        );
        let location = w.path.map(|p| p.trim_start_matches('/').to_string());
        fix(
            format!("Let {raw} through IIS to the application (remove WebDAV)"),
            "xml",
            format!(
                "{head}\
                 \n<configuration>\
                 \n  <location path=\"{location}\">\
                 \n    <system.webServer>\
                 \n      <modules>\
                 \n        <remove name=\"WebDAVModule\" />\
                 \n      </modules>\
                 \n      <handlers>\
                 \n        <remove name=\"WebDAV\" />\
                 \n        <remove name=\"ExtensionlessUrlHandler-Integrated-4.0\" />\
                 \n        <add name=\"ExtensionlessUrlHandler-Integrated-4.0\" path=\"*.\" verb=\"*\" \
                 type=\"System.Web.Handlers.TransferRequestHandler\" preCondition=\"integratedMode,runtimeVersionv4.0\" />\
                 \n      </handlers>\
                 \n      <security>\
                 \n        <requestFiltering>\
                 \n          <verbs>\
                 \n            <add verb=\"{m}\" allowed=\"true\" />\
                 \n          </verbs>\
                 \n        </requestFiltering>\
                 \n      </security>\
                 \n    </system.webServer>\
                 \n  </location>\
                 \n</configuration>\
                 \n"
            ),
        )
    }

    fn allow_cors(&self, c: &Cors) -> Fix {
        let head = comment("xml", &format!("{what}: the IIS CORS module answers the preflight", what = c.what));
        let origin = &c.origin;
        let cred = c.credentials;
        let methods: String =
            c.method_names.iter().map(|m| format!("\n          <add method=\"{m}\" />")).collect::<Vec<_>>().join("");
        let headers: String =
            c.header_names.iter().map(|h| format!("\n          <add header=\"{h}\" />")).collect::<Vec<_>>().join("");
        fix(
            c.title("the IIS CORS module (web.config)"),
            "xml",
            format!(
                "{head}\
                 \n<configuration>\
                 \n  <system.webServer>\
                 \n    <cors enabled=\"true\" failUnlistedOrigins=\"true\">\
                 \n      <add origin=\"{origin}\" allowCredentials=\"{cred}\" maxAge=\"600\">\
                 \n        <allowMethods>{methods}\
                 \n        </allowMethods>\
                 \n        <allowHeaders allowAllRequestedHeaders=\"false\">{headers}\
                 \n        </allowHeaders>\
                 \n      </add>\
                 \n    </cors>\
                 \n  </system.webServer>\
                 \n</configuration>\
                 \n"
            ),
        )
    }
}
