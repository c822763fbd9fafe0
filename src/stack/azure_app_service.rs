//! # Azure App Service
//!
//! Microsoft Azure's web app hosting. Its front ends (ARR) set the `ARRAffinity` / `ARRAffinitySameSite` session
//! affinity cookies unless affinity is turned off; Windows apps run on IIS (`Server: Microsoft-IIS/10.0`), so a
//! WebDAV 405 there is IIS's.
//!
//! ## How it answers
//! - **Wrong method**: the platform itself refuses no method: a 405 is the application's, or IIS's on Windows
//!   (WebDAV).
//! - **OPTIONS**: with App Service CORS configured (allowed origins in the portal, `siteConfig.cors`), the
//!   platform answers preflights itself, and the application's own CORS code has no effect any more: App Service
//!   CORS takes precedence. Without it, OPTIONS goes to the application.
//! - **Errors**: the platform's own pages (a stopped app: "Error 403 - This web app is stopped.").
//!
//! ## CORS recipe
//! Either App Service CORS (allowed origins, "Enable Access-Control-Allow-Credentials") or the application's own
//! CORS, never both.
//!
//! ## Sources
//! - App Service CORS, and "Don't try to use App Service CORS and your own CORS code together": <https://learn.microsoft.com/azure/app-service/app-service-web-tutorial-rest-api>
//! - ARR affinity (the `ARRAffinity` cookie): <https://learn.microsoft.com/azure/app-service/configure-common#configure-general-settings>
//!   (row: `Set-Cookie: ARRAffinity=`)
//! - `siteConfig.cors` (`allowedOrigins`, `supportCredentials`): <https://learn.microsoft.com/azure/templates/microsoft.web/sites/config-web>

use super::fix::prelude::*;
use super::signature::rows::*;
use super::signature::Signature;
use super::{Define, Stack, Tier};

/// The human name.
pub(super) const LABEL: &str = "Azure App Service";

/// App Service's signature rows.
#[rustfmt::skip]
pub(super) const SIGNATURES: &[Signature] = &[
    row(Stack::AzureAppService, Header("set-cookie"), Has("ARRAffinity="), ANY, &[], Seen, 60,
        "Set-Cookie: ARRAffinity=… (Azure App Service's session affinity cookie)"),
];

/// App Service's hooks: a Windows app's method rules are IIS's. (App Service CORS holds only origins and
/// credentials, so the application's own CORS recipe is the fix for a refused preflight: the generic one.)
pub(super) struct AzureAppService;

impl Define for AzureAppService {
    fn tier(&self) -> Tier {
        Tier::Proxy
    }

    fn lang(&self) -> Lang {
        Lang::Json
    }

    /// A Windows app runs on IIS: its method rules are IIS's (`web.config`).
    fn web_server_rule(&self, w: &ServerRule) -> Fix {
        super::iis::Iis.web_server_rule(&w.in_lang(Lang::Xml))
    }
}
