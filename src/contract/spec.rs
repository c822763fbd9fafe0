//! Reads an OpenAPI 3.0 / 3.1 (YAML or JSON) or Swagger 2.0 description into a [`Spec`](super::Spec).

use std::fmt;

use super::Spec;

/// A spec that cannot be used: what is wrong and where (the file, and a JSON pointer or line in it).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SpecError {
    pub source: String,
    /// The place in the spec (`/paths/~1users/get/parameters/0`, or `line 12, column 3`), when known.
    pub place: Option<String>,
    pub message: String,
}

impl fmt::Display for SpecError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.place {
            Some(p) => write!(f, "{} at {}: {}", self.source, p, self.message),
            None => write!(f, "{}: {}", self.source, self.message),
        }
    }
}

impl std::error::Error for SpecError {}

/// Reads the spec in `text`, named `source` in messages.
pub fn parse(source: &str, text: &str) -> Result<Spec, SpecError> {
    let _ = text;
    Err(SpecError { source: source.to_string(), place: None, message: "not implemented yet".into() })
}

/// Reads the spec file at `path`.
pub fn load(path: &str) -> Result<Spec, SpecError> {
    let text = std::fs::read_to_string(path).map_err(|e| SpecError {
        source: path.to_string(),
        place: None,
        message: format!("cannot read it: {e}"),
    })?;
    parse(path, &text)
}
