pub mod cors;
pub mod diagnose;
pub mod engine;
pub mod exchange;
pub mod har;
pub mod http;
pub mod report;
pub mod stack;
