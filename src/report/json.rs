//! The JSON report, the CLI's machine contract: `{"diagnoses": [...], "warnings": [...]}`, indented as
//! serde_json's pretty printer does, written one diagnosis at a time.

use std::io;

use serde::Serialize;

use super::{redacted, render_ordered, warnings_with, Options, Selection, Shown, Spec};
use crate::engine::Engine;
use crate::har::HarError;
use crate::redact::Redactor;

pub(super) const SPEC: Spec = Spec {
    name: "json",
    aliases: &[],
    extension: "json",
    mime: "application/json",
    file_name: "why405.json",
};

/// Every request (or the one of [`Selection::One`]), with the engine's warnings, redacted by the options'
/// redactor.
pub(super) fn render<W: io::Write + ?Sized>(engine: &Engine, opts: &Options, w: &mut W) -> io::Result<()> {
    let selection = match opts.selection {
        Selection::One(id) => Selection::One(id),
        _ => Selection::All,
    };
    let warnings = warnings_with(engine, opts.redactor);
    write(w, engine, &selection.shown(engine), &warnings, opts.redactor, opts.threads)
}


#[derive(Serialize)]
struct JsonWarning<'a> {
    location: &'a str,
    message: &'a str,
}

/// The `{"diagnoses": [], "warnings": [...]}` around the diagnoses.
#[derive(Serialize)]
struct JsonReport<'a> {
    diagnoses: [(); 0],
    warnings: Vec<JsonWarning<'a>>,
}


/// The report of `diagnoses` and `warnings` written to `w`, each diagnosis redacted by `r` just before it is
/// written (nothing but the diagnosis being written is copied). `threads` > 1 redacts and renders batches in
/// parallel, written in order (native targets; one thread on wasm32): the bytes are the same.
fn write<W: io::Write + ?Sized>(
    w: &mut W,
    engine: &Engine,
    diagnoses: &[Shown],
    warnings: &[HarError],
    r: &Redactor,
    threads: usize,
) -> io::Result<()> {
    let frame = JsonReport {
        diagnoses: [],
        warnings: warnings.iter().map(|w| JsonWarning { location: &w.location, message: &w.message }).collect(),
    };
    let frame = serde_json::to_vec_pretty(&frame).map_err(io::Error::other)?;
    const EMPTY: &[u8] = b"[]";
    let at = frame.windows(EMPTY.len()).position(|x| x == EMPTY).unwrap_or(frame.len());
    if diagnoses.is_empty() {
        return w.write_all(&frame);
    }
    w.write_all(&frame[..at + 1])?;
    render_ordered(w, diagnoses, threads, &|i, s, buf| {
        buf.extend_from_slice(if i == 0 { b"\n    " } else { b",\n    " });
        let Some(raw) = engine.diagnosis_now(s.id) else { return };
        let d = redacted(r, &raw);
        let mut ser = serde_json::Serializer::with_formatter(&mut *buf, Pretty { indent: 2, has_value: false });
        let _ = d.serialize(&mut ser);
    })?;
    w.write_all(b"\n  ")?;
    w.write_all(&frame[at + 1..])
}



/// serde_json's `PrettyFormatter` (two spaces), starting `indent` levels in,
/// so that a value rendered on its own is byte for byte what it is inside the
/// whole document.
struct Pretty {
    indent: usize,
    has_value: bool,
}

impl Pretty {
    fn pad<W: io::Write + ?Sized>(&self, w: &mut W) -> io::Result<()> {
        for _ in 0..self.indent {
            w.write_all(b"  ")?;
        }
        Ok(())
    }
}

impl serde_json::ser::Formatter for Pretty {
    fn begin_array<W: io::Write + ?Sized>(&mut self, w: &mut W) -> io::Result<()> {
        self.indent += 1;
        self.has_value = false;
        w.write_all(b"[")
    }
    fn end_array<W: io::Write + ?Sized>(&mut self, w: &mut W) -> io::Result<()> {
        self.indent -= 1;
        if self.has_value {
            w.write_all(b"\n")?;
            self.pad(w)?;
        }
        w.write_all(b"]")
    }
    fn begin_array_value<W: io::Write + ?Sized>(&mut self, w: &mut W, first: bool) -> io::Result<()> {
        w.write_all(if first { b"\n" } else { b",\n" })?;
        self.pad(w)
    }
    fn end_array_value<W: io::Write + ?Sized>(&mut self, _w: &mut W) -> io::Result<()> {
        self.has_value = true;
        Ok(())
    }
    fn begin_object<W: io::Write + ?Sized>(&mut self, w: &mut W) -> io::Result<()> {
        self.indent += 1;
        self.has_value = false;
        w.write_all(b"{")
    }
    fn end_object<W: io::Write + ?Sized>(&mut self, w: &mut W) -> io::Result<()> {
        self.indent -= 1;
        if self.has_value {
            w.write_all(b"\n")?;
            self.pad(w)?;
        }
        w.write_all(b"}")
    }
    fn begin_object_key<W: io::Write + ?Sized>(&mut self, w: &mut W, first: bool) -> io::Result<()> {
        w.write_all(if first { b"\n" } else { b",\n" })?;
        self.pad(w)
    }
    fn begin_object_value<W: io::Write + ?Sized>(&mut self, w: &mut W) -> io::Result<()> {
        w.write_all(b": ")
    }
    fn end_object_value<W: io::Write + ?Sized>(&mut self, _w: &mut W) -> io::Result<()> {
        self.has_value = true;
        Ok(())
    }
}

