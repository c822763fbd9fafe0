//! Reports: one pipeline from an [`Engine`] to bytes. [`Format`] names each format (its name, file extension,
//! MIME type) and [`render`] writes any of them; the CLI and the panel both call it. Every format is redacted by
//! the [`Redactor`] in its [`Options`] (see `redact/`) unless that redactor is [`Redactor::disabled`].
//!
//! One file per format, each with a `SPEC` (names, extension, MIME type) and a `render` function. A new format is
//! one new file plus one line in the list below.

use std::borrow::Cow;
use std::fmt;
use std::io;
use std::str::FromStr;

use serde_json::Value;

use crate::diagnose::{Brief, Diagnosis};
use crate::engine::Engine;
use crate::har::HarError;
use crate::redact::{RedactionPolicy, Redactor};

pub use curl::{curl_for, shell_quote};
pub use har::{export_entries, har_export};
/// Markdown escaping for other Markdown writers (`why405 contract`'s report).
#[cfg(all(feature = "contract", not(target_arch = "wasm32")))]
pub(crate) use markdown::{code as markdown_code, text as markdown_text};
pub use text::Style;

/// The formats, in the order they are listed (`--help`, errors): `Variant => module,`. Each module has
/// `SPEC: Spec` and `render(engine, &Options, writer)`.
macro_rules! formats {
    ($($(#[$doc:meta])* $variant:ident => $module:ident,)*) => {
        $(mod $module;)*

        /// A report format.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum Format {
            $($(#[$doc])* $variant,)*
        }

        impl Format {
            /// Every format, in the order they are listed.
            pub const ALL: &'static [Format] = &[$(Format::$variant),*];

            fn spec(self) -> &'static Spec {
                match self {
                    $(Format::$variant => &$module::SPEC,)*
                }
            }
        }

        /// [`render`] for one format.
        fn render_as<W: io::Write + ?Sized>(
            format: Format,
            engine: &Engine,
            opts: &Options,
            w: &mut W,
        ) -> io::Result<()> {
            match format {
                $(Format::$variant => $module::render(engine, opts, w),)*
            }
        }
    };
}

formats! {
    /// Plain text for people, grouped by cause (the CLI's default).
    Text => text,
    /// The machine contract: `{"diagnoses": [...], "warnings": [...]}`; always every request.
    Json => json,
    /// A report for a ticket (GitHub, GitLab, Jira Cloud, Linear).
    Markdown => markdown,
    /// cURL commands that reproduce the preflight and the request.
    Curl => curl,
    /// A HAR 1.2 holding only the exchanges that matter, importable into DevTools.
    Har => har,
}

/// What a format module declares about itself.
struct Spec {
    /// The name `--format` takes and [`Format`] prints.
    name: &'static str,
    /// Other names it parses from (`md`).
    aliases: &'static [&'static str],
    /// File extension, without the dot.
    extension: &'static str,
    /// MIME type of a download.
    mime: &'static str,
    /// File name of a download (the panel's).
    file_name: &'static str,
}

impl Format {
    /// The name `--format` takes: `text`, `json`, `markdown`, `curl`, `har`.
    pub fn name(self) -> &'static str {
        self.spec().name
    }

    /// File extension, without the dot: `txt`, `json`, `md`, `sh`, `har`.
    pub fn extension(self) -> &'static str {
        self.spec().extension
    }

    /// MIME type of a download (`text/markdown`, `application/json`, …).
    pub fn mime(self) -> &'static str {
        self.spec().mime
    }

    /// File name of a download: `why405.json`, `why405-report.md`, `why405-export.har`, …
    pub fn file_name(self) -> &'static str {
        self.spec().file_name
    }
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// A format name that is none of [`Format::ALL`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownFormat(pub String);

impl fmt::Display for UnknownFormat {
    /// `unknown format 'x' (text, json, markdown, curl, har)`
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let names: Vec<&str> = Format::ALL.iter().map(|x| x.name()).collect();
        write!(f, "unknown format '{}' ({})", self.0, names.join(", "))
    }
}

impl std::error::Error for UnknownFormat {}

impl FromStr for Format {
    type Err = UnknownFormat;

    /// A format's name or alias (`md`), exactly as written.
    fn from_str(s: &str) -> Result<Format, UnknownFormat> {
        Format::ALL
            .iter()
            .copied()
            .find(|f| f.name() == s || f.spec().aliases.contains(&s))
            .ok_or_else(|| UnknownFormat(s.to_string()))
    }
}

/// Which diagnoses a report shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Selection {
    /// The failing ones ([`Diagnosis::is_failing`]): the default.
    #[default]
    Failing,
    /// Every request (the CLI's `--all`, the panel's "All" filter).
    All,
    /// One request, by exchange id (the panel's "Copy cURL" on one request).
    One(usize),
}

impl Selection {
    /// `All` when `all`, else `Failing`.
    pub fn all(all: bool) -> Selection {
        if all {
            Selection::All
        } else {
            Selection::Failing
        }
    }

    /// The diagnoses chosen, in engine order, by id and brief: a report computes each one as it writes it
    /// ([`Engine::diagnosis_now`]), so a lazy engine's report never holds them all.
    pub fn shown(self, engine: &Engine) -> Vec<Shown> {
        let shown = |(id, brief)| Shown { id, brief };
        match self {
            Selection::Failing => engine.briefs().filter(|(_, b)| b.failing).map(shown).collect(),
            Selection::All => engine.briefs().map(shown).collect(),
            Selection::One(id) => engine.brief(id).map(|b| shown((id, b))).into_iter().collect(),
        }
    }

    /// The kept diagnoses chosen, in engine order (unredacted: each format redacts as it writes).
    pub fn diagnoses(self, engine: &Engine) -> Vec<&Diagnosis> {
        match self {
            Selection::Failing => engine.diagnoses().filter(|d| d.is_failing()).collect(),
            Selection::All => engine.diagnoses().collect(),
            Selection::One(id) => engine.diagnosis(id).into_iter().collect(),
        }
    }
}

/// A diagnosis a report shows: its exchange id and its [`Brief`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shown {
    pub id: usize,
    pub brief: Brief,
}

/// Entry `i` (engine index) as the JSON it was read from, when the caller kept it.
pub type RawEntry<'a> = &'a dyn Fn(usize) -> Option<Value>;

/// How to render a report. [`Options::new`] gives the defaults; set the fields that differ.
#[derive(Clone, Copy)]
pub struct Options<'a> {
    /// Which diagnoses to show. The JSON report lists every request unless this is [`Selection::One`].
    pub selection: Selection,
    /// Redacts what is written (see [`redactor_for`]); [`Redactor::disabled`] writes secrets.
    pub redactor: &'a Redactor,
    /// Terminal colours (text).
    pub style: Style,
    /// Threads that render in parallel (native targets; one on wasm32). The output is the same.
    pub threads: usize,
    /// The HAR on one line instead of indented (the panel indents it in the page, which keeps a second
    /// serializer out of the wasm). The JSON report is always indented.
    pub compact: bool,
    /// The HAR export's entries as read from the file (bodies whole); without it, they are rebuilt from the
    /// model (bodies as kept, cut at `BODY_KEEP` bytes).
    pub raw: Option<RawEntry<'a>>,
}

impl<'a> Options<'a> {
    /// Failing requests, redacted by `redactor`, no colour, one thread, indented, entries rebuilt from the model.
    pub fn new(redactor: &'a Redactor) -> Options<'a> {
        Options {
            selection: Selection::Failing,
            redactor,
            style: Style { color: false },
            threads: 1,
            compact: false,
            raw: None,
        }
    }
}

/// Writes `format` for `engine` to `w`. Every format but the HAR export is written as it is rendered, each
/// diagnosis redacted just before it is written: the output is never held whole.
pub fn render<W: io::Write + ?Sized>(format: Format, engine: &Engine, opts: &Options, w: &mut W) -> io::Result<()> {
    render_as(format, engine, opts, w)
}

/// [`render`] into a string (the panel's exports).
pub fn render_to_string(format: Format, engine: &Engine, opts: &Options) -> String {
    let mut out = Vec::new();
    match render(format, engine, opts, &mut out) {
        Ok(()) => String::from_utf8(out).unwrap_or_default(),
        Err(e) => format!("{{\"error\": \"{e}\"}}"),
    }
}

/// A redactor for this capture: `policy`, having learned the secrets of
/// every entry (so an echo of one in free text is masked too).
pub fn redactor_for(engine: &Engine, policy: RedactionPolicy) -> Redactor {
    let mut r = Redactor::new(policy);
    r.learn_entries(engine.entries());
    r
}

/// The engine's warnings with their messages redacted.
pub fn warnings_with(engine: &Engine, r: &Redactor) -> Vec<HarError> {
    engine.warnings.iter().map(|w| HarError { location: w.location.clone(), message: r.text(&w.message) }).collect()
}

/// `d` as a report shows it: redacted by `r` (borrowed when `r` is off).
fn redacted<'a>(r: &Redactor, d: &'a Diagnosis) -> Cow<'a, Diagnosis> {
    if r.enabled() {
        Cow::Owned(r.diagnosis(d))
    } else {
        Cow::Borrowed(d)
    }
}

/// How many items one thread renders before they are written.
#[cfg(not(target_arch = "wasm32"))]
const BATCH: usize = 128;

/// Renders `items` in order into `w`: `render(i, item, buf)` appends item `i`.
/// With `threads` > 1 (native targets), batches are rendered in parallel and
/// written in order; memory stays a few batches, never the whole output.
fn render_ordered<T: Sync, W: io::Write + ?Sized>(
    w: &mut W,
    items: &[T],
    threads: usize,
    render: &(dyn Fn(usize, &T, &mut Vec<u8>) + Sync),
) -> io::Result<()> {
    #[cfg(not(target_arch = "wasm32"))]
    if threads > 1 && items.len() > BATCH {
        return render_parallel(w, items, threads, render);
    }
    let _ = threads;
    let mut buf = Vec::new();
    for (i, item) in items.iter().enumerate() {
        buf.clear();
        render(i, item, &mut buf);
        w.write_all(&buf)?;
    }
    Ok(())
}

/// [`render_ordered`] on `threads` threads: groups of `threads` batches, each group's batches rendered at once
/// (the first on this thread) and written in order.
#[cfg(not(target_arch = "wasm32"))]
fn render_parallel<T: Sync, W: io::Write + ?Sized>(
    w: &mut W,
    items: &[T],
    threads: usize,
    render: &(dyn Fn(usize, &T, &mut Vec<u8>) + Sync),
) -> io::Result<()> {
    let mut bufs: Vec<Vec<u8>> = vec![Vec::new(); threads];
    let mut base = 0;
    for group in items.chunks(BATCH * threads) {
        std::thread::scope(|s| {
            let mut it = bufs.iter_mut().zip(group.chunks(BATCH).enumerate());
            let first = it.next();
            for (buf, (k, chunk)) in it {
                s.spawn(move || {
                    buf.clear();
                    for (j, item) in chunk.iter().enumerate() {
                        render(base + k * BATCH + j, item, buf);
                    }
                });
            }
            if let Some((buf, (_, chunk))) = first {
                buf.clear();
                for (j, item) in chunk.iter().enumerate() {
                    render(base + j, item, buf);
                }
            }
        });
        for buf in bufs.iter().take(group.len().div_ceil(BATCH)) {
            w.write_all(buf)?;
        }
        base += group.len();
    }
    Ok(())
}

/// One piece of a report, rendered on its own.
enum Piece {
    Head(String),
    Diagnosis(usize, Shown),
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_are_redacted_but_keep_shape() {
        let redact_url = |u: &str| Redactor::default().url(u);
        assert_eq!(
            redact_url("https://u:p@a.b/x?token=abc&page=2#f"),
            "https://REDACTED@a.b/x?token=REDACTED&page=2#f"
        );
        assert_eq!(redact_url("http://a/x?X-Amz-Signature=1"), "http://a/x?X-Amz-Signature=REDACTED");
        assert_eq!(redact_url("http://a/x?case=1"), "http://a/x?case=1");
    }

    #[test]
    fn formats_parse_from_their_names_and_print_them() {
        for &f in Format::ALL {
            assert_eq!(f.name().parse::<Format>(), Ok(f));
            assert_eq!(f.to_string(), f.name());
            assert!(!f.extension().is_empty() && f.mime().contains('/') && f.file_name().ends_with(f.extension()));
        }
        assert_eq!("md".parse::<Format>(), Ok(Format::Markdown));
        assert_eq!(
            "xml".parse::<Format>().map_err(|e| e.to_string()),
            Err("unknown format 'xml' (text, json, markdown, curl, har)".to_string())
        );
        assert_eq!(Format::Har.file_name(), "why405-export.har");
        assert_eq!(Format::Markdown.mime(), "text/markdown");
    }
}
