//! why405 core: HAR in, diagnoses out. Pure Rust, no browser dependencies.

pub mod cors;
pub mod har;
pub mod http;
