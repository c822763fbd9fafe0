//! # Kestrel
//!
//! ASP.NET Core's cross-platform HTTP server. It sends `Server: Kestrel` unless `AddServerHeader = false`; the
//! header names the server: which of ASP.NET Core's frameworks (minimal APIs, MVC controllers, gRPC, a YARP proxy)
//! answered needs evidence of its own.
//!
//! ## How it answers
//! - **Wrong method**: the app's routing answers (an empty 405 with `Allow` from endpoint routing).
//! - **Errors**: its own only for a malformed request (400, empty) or a response it had to abort.
//!
//! ## CORS recipe
//! None of its own: CORS is ASP.NET Core's CORS middleware (`AddCors` / `UseCors`).
//!
//! ## Sources
//! - `KestrelServerOptions.AddServerHeader` (default true, `Server: Kestrel`): <https://learn.microsoft.com/en-us/dotnet/api/microsoft.aspnetcore.server.kestrel.core.kestrelserveroptions.addserverheader>
//! - Kestrel overview: <https://learn.microsoft.com/en-us/aspnet/core/fundamentals/servers/kestrel>

use super::fix::prelude::*;
use super::signature::rows::*;
use super::signature::Signature;
use super::{Define, Stack, Tier};

/// The human name.
pub(super) const LABEL: &str = "Kestrel";

/// Kestrel's signature rows: the HTTP server, never the framework it runs.
#[rustfmt::skip]
pub(super) const SIGNATURES: &[Signature] = &[
    row(Stack::Kestrel, Header("server"), Is("Kestrel"), ANY, &[], Seen, 60, "Server: {value} (ASP.NET Core's Kestrel server)"),
];

/// Kestrel's hooks: an application server, with no fix snippets of its own (the framework's are generic until
/// one is identified).
pub(super) struct Kestrel;

impl Define for Kestrel {
    fn tier(&self) -> Tier {
        Tier::AppServer
    }

    fn lang(&self) -> Lang {
        Lang::CSharp
    }
}
