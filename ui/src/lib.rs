//! why405's panel: the DevTools panel of the extension and the standalone
//! page share this crate. `state` (the reducer), `model` (the detail view)
//! and `exports` (the exports' text) are pure Rust (tested natively); the Yew
//! components and the JavaScript bindings exist only on wasm32.

pub mod alloc;
pub mod bridge;
pub mod exports;
pub mod loader;
pub mod model;
pub mod probe;
pub mod state;
pub mod wire;

#[cfg(target_arch = "wasm32")]
pub mod bindings;
#[cfg(target_arch = "wasm32")]
pub mod ui;

#[cfg(all(target_arch = "wasm32", feature = "file"))]
#[global_allocator]
static ALLOC: alloc::Lists = alloc::Lists::new();
