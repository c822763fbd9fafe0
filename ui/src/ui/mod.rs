//! The Yew components (wasm32 only). Views are thin: they render the state
//! and send [`crate::state::Action`]s; every decision lives in `state`/`model`,
//! and the exports' text comes from `crate::exports`.

pub mod app;
pub mod detail;
pub mod dom;
pub mod exports;
#[cfg(feature = "file")]
pub mod filedrop;
pub mod host;
pub mod list;
#[cfg(feature = "file")]
pub mod load;
pub mod notice;
pub mod preview;
pub mod probe;
pub mod timeline;
pub mod toolbar;
pub mod warnings;

pub use app::{App, AppProps, Msg};
pub use host::Host;
