//! # WEBrick
//!
//! Ruby's standard-library HTTP server (Rack's `rackup` and Sinatra fall back to it, old Rails `rails server`). It
//! sends `Server: WEBrick/<version> (Ruby/<version>/<date>)` for any Rack app: the header names the server only.
//!
//! ## How it answers
//! - **Wrong method / OPTIONS**: the Rack app answers (Rails, Sinatra, …).
//! - **Errors**: its own HTML error pages (`<TITLE>Not Found</TITLE>` …, `WEBrick/… at host:port` in an
//!   `<ADDRESS>`) when it serves files itself.
//!
//! ## CORS recipe
//! None of its own: CORS is the app's (rack-cors, …).
//!
//! ## Sources
//! - Source, `lib/webrick/httpresponse.rb` (`@header['server'] ||= @config[:ServerSoftware]`) and `lib/webrick/config.rb` (`ServerSoftware: "WEBrick/#{WEBrick::VERSION} (Ruby/#{RUBY_VERSION}/#{RUBY_RELEASE_DATE})"`): <https://github.com/ruby/webrick/blob/master/lib/webrick/config.rb>

use super::fix::prelude::*;
use super::signature::rows::*;
use super::signature::Signature;
use super::{Define, Stack, Tier};

/// The human name.
pub(super) const LABEL: &str = "WEBrick";

/// WEBrick's signature rows: the HTTP server, never the framework it runs.
#[rustfmt::skip]
pub(super) const SIGNATURES: &[Signature] = &[
    row(Stack::Webrick, Header("server"), Starts("WEBrick/"), ANY, &[], Seen, 60, "Server: {value} (Ruby's WEBrick server)"),
];

/// WEBrick's hooks: an application server, with no fix snippets of its own (the framework's are generic until
/// one is identified).
pub(super) struct Webrick;

impl Define for Webrick {
    fn tier(&self) -> Tier {
        Tier::AppServer
    }

    fn lang(&self) -> Lang {
        Lang::Ruby
    }
}
