pub mod codec;
#[cfg(all(feature = "contract", not(target_arch = "wasm32")))]
pub mod contract;
pub mod cors;
pub mod diagnose;
pub mod engine;
pub mod exchange;
pub mod har;
pub mod http;
#[cfg(all(feature = "probe", not(target_arch = "wasm32")))]
pub mod probe;
pub mod redact;
pub mod report;
pub mod stack;
