//! `why405` — the command line over the core.

use std::io::{IsTerminal, Read, Write};
use std::process::ExitCode;

use serde_json::value::RawValue;
use serde_json::Value;
use why405::engine::Engine;
use why405::har::{parse_har, parse_har_reader_with, Entry, HarError};
use why405::redact::{RedactionPolicy, Redactor};
use why405::report;

const USAGE: &str = "\
why405 — explains why a browser request was refused, from a HAR file

Usage:
  why405 diagnose FILE.har [--format text|json|markdown|curl|har] [--all] [--color auto|always|never]
                           [--include-secrets]
  why405 diagnose - ...          read the HAR from standard input
  why405 --help | --version

Formats: text (people), json (the machine contract), markdown (a ticket), curl (commands that reproduce the
preflight and the request), har (a HAR 1.2 holding only the exchanges that matter, importable into DevTools).
Output lists failing requests only, unless --all (JSON always lists every request).
Secrets (Authorization, cookies, API keys, tokens in URLs and bodies, passwords) are redacted in every format;
--include-secrets turns that off for this export (a warning is printed on standard error).
Exit status: 0 no method or CORS problem found, 1 at least one found, 2 unreadable input or bad usage.
";

#[derive(Clone, Copy, PartialEq, Eq)]
enum Format {
    Text,
    Json,
    Markdown,
    Curl,
    Har,
}

struct Args {
    file: String,
    format: Format,
    all: bool,
    color: Option<bool>,
    include_secrets: bool,
}

fn parse_args(args: &[String]) -> Result<Option<Args>, String> {
    let mut it = args.iter();
    let Some(cmd) = it.next() else {
        return Err("missing command".into());
    };
    match cmd.as_str() {
        "-h" | "--help" | "help" => return Ok(None),
        "-V" | "--version" => {
            println!("why405 {}", env!("CARGO_PKG_VERSION"));
            return Ok(None);
        }
        "diagnose" => {}
        other => return Err(format!("unknown command '{other}'")),
    }
    let mut file = None;
    let mut format = Format::Text;
    let mut all = false;
    let mut color = None;
    let mut include_secrets = false;
    while let Some(a) = it.next() {
        let (flag, inline) = match a.split_once('=') {
            Some((f, v)) if f.starts_with("--") => (f, Some(v.to_string())),
            _ => (a.as_str(), None),
        };
        let mut value = |name: &str| -> Result<String, String> {
            match &inline {
                Some(v) => Ok(v.clone()),
                None => it.next().cloned().ok_or_else(|| format!("{name} needs a value")),
            }
        };
        match flag {
            "--format" | "-f" => {
                format = match value("--format")?.as_str() {
                    "text" => Format::Text,
                    "json" => Format::Json,
                    "markdown" | "md" => Format::Markdown,
                    "curl" => Format::Curl,
                    "har" => Format::Har,
                    other => return Err(format!("unknown format '{other}' (text, json, markdown, curl, har)")),
                }
            }
            "--all" | "-a" => all = true,
            "--include-secrets" => include_secrets = true,
            "--color" => {
                color = match value("--color")?.as_str() {
                    "always" => Some(true),
                    "never" => Some(false),
                    "auto" => None,
                    other => return Err(format!("unknown --color '{other}' (auto, always, never)")),
                }
            }
            "-h" | "--help" => return Ok(None),
            f if f.starts_with('-') && f != "-" => return Err(format!("unknown option '{f}'")),
            _ => {
                if file.is_some() {
                    return Err(format!("unexpected argument '{a}'"));
                }
                file = Some(a.clone());
            }
        }
    }
    let file = file.ok_or("diagnose needs a HAR file (or - for standard input)")?;
    Ok(Some(Args { file, format, all, color, include_secrets }))
}

fn main() -> ExitCode {
    let argv: Vec<String> = std::env::args().skip(1).collect();
    let args = match parse_args(&argv) {
        Ok(Some(a)) => a,
        Ok(None) => {
            if !argv.iter().any(|a| a == "-V" || a == "--version") {
                print!("{USAGE}");
            }
            return ExitCode::SUCCESS;
        }
        Err(e) => {
            eprintln!("why405: {e}\n\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    let source = if args.file == "-" { "standard input".to_string() } else { args.file.clone() };
    let policy = if args.include_secrets { RedactionPolicy::disabled() } else { RedactionPolicy::default() };
    // The HAR export re-reads entries whole from the file, so it keeps the bytes; every other format streams the
    // file through the reader and never holds it in memory (peak memory is the model, not file + model).
    let (engine, r, bytes, file_index) = if args.format == Format::Har {
        let bytes = if args.file == "-" {
            let mut buf = Vec::new();
            std::io::stdin().read_to_end(&mut buf).map(|_| buf)
        } else {
            std::fs::read(&args.file)
        };
        let bytes = match bytes {
            Ok(b) => b,
            Err(e) => {
                eprintln!("why405: cannot read {source}: {e}");
                return ExitCode::from(2);
            }
        };
        let har = match parse_har(&bytes) {
            Ok(h) => h,
            Err(e) => {
                eprintln!("why405: {source} is not a readable HAR: {e}");
                return ExitCode::from(2);
            }
        };
        // The engine numbers the entries it could read; `Entry::index` is their position in the file.
        let file_index: Vec<usize> = har.entries.iter().map(|e| e.index).collect();
        let engine = Engine::from_har(har);
        let r = report::redactor_for(&engine, policy);
        (engine, r, bytes, file_index)
    } else {
        let read = if args.file == "-" {
            pipeline(std::io::stdin().lock(), policy)
        } else {
            match std::fs::File::open(&args.file) {
                Ok(f) => pipeline(std::io::BufReader::with_capacity(1 << 16, f), policy),
                Err(e) => {
                    eprintln!("why405: cannot read {source}: {e}");
                    return ExitCode::from(2);
                }
            }
        };
        match read {
            Ok((engine, r)) => (engine, r, Vec::new(), Vec::new()),
            Err(e) => {
                eprintln!("why405: {source} is not a readable HAR: {e}");
                return ExitCode::from(2);
            }
        }
    };
    let total = engine.diagnoses().count();
    if args.include_secrets {
        eprintln!("why405: warning: --include-secrets: this output contains tokens, cookies and passwords from the HAR; do not attach it to a ticket");
    }
    let warnings = report::warnings_with(&engine, &r);
    // Every format but the HAR export is written as it is rendered (each diagnosis redacted just before it is
    // written), on as many threads as there are cores: the output is never held whole.
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get()).min(4);
    let mut stdout = std::io::BufWriter::with_capacity(1 << 16, std::io::stdout().lock());
    let written = match args.format {
        Format::Json => {
            report::write_json(&mut stdout, &report::shown_diagnoses(&engine, true), &warnings, &r, threads)
        }
        Format::Markdown => report::write_markdown_report(&mut stdout, &engine, args.all, &r, threads),
        Format::Curl => report::write_curl(&mut stdout, &engine, args.all, &r, threads),
        Format::Har => {
            // The HAR export re-reads the entries from the file, so bodies are exported whole (the engine keeps
            // only their first BODY_KEEP bytes). Input the raw reader cannot take (UTF-16, invalid UTF-8) falls
            // back to entries rebuilt from the model.
            let raw = raw_entries(&bytes);
            let get = |i: usize| -> Option<Value> {
                let fi = *file_index.get(i)?;
                let rv = raw.as_ref()?.get(fi)?;
                serde_json::from_str(rv.get()).ok()
            };
            let har = report::har_export(&engine, args.all, &r, &get);
            let out = serde_json::to_string_pretty(&har).unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"));
            stdout.write_all(out.as_bytes())
        }
        Format::Text => {
            let color =
                args.color.unwrap_or_else(|| std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none());
            let shown = report::shown_diagnoses(&engine, args.all);
            report::write_text(&mut stdout, &shown, &warnings, total, report::Style { color }, &r, threads)
        }
    };
    if written.and_then(|()| writeln!(stdout)).and_then(|()| stdout.flush()).is_err() {
        return ExitCode::from(2);
    }
    let problem = engine.any_problem();
    // The process ends here: the OS takes the model back faster than freeing it piece by piece would.
    std::mem::forget(engine);
    std::mem::forget(r);
    if problem {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

/// How many entries go from the reader to the engine at a time.
const BATCH: usize = 64;

/// Reads the HAR on this thread while another diagnoses the entries as they come (the engine ingests each entry
/// as it arrives and recomputes the diagnoses once at the end, as [`Engine::from_har`] does) and learns their
/// secrets for the redactor ([`report::redactor_for`] on the whole engine gives the same redactor).
fn pipeline<R: Read>(reader: R, policy: RedactionPolicy) -> Result<(Engine, Redactor), HarError> {
    let (tx, rx) = std::sync::mpsc::sync_channel::<Vec<Entry>>(16);
    let worker = std::thread::spawn(move || {
        let mut r = Redactor::new(policy);
        let mut engine = Engine::new();
        engine.set_threads(std::thread::available_parallelism().map_or(1, |n| n.get()).min(4));
        engine.extend(rx.into_iter().flat_map(|batch| {
            r.learn_entries(&batch);
            batch
        }));
        (engine, r)
    });
    let mut batch = Vec::with_capacity(BATCH);
    let har = parse_har_reader_with(reader, |e| {
        batch.push(e);
        if batch.len() == BATCH {
            // a send fails only when the worker is gone (it panicked): the join below says so
            let _ = tx.send(std::mem::replace(&mut batch, Vec::with_capacity(BATCH)));
        }
    });
    if !batch.is_empty() {
        let _ = tx.send(batch);
    }
    drop(tx);
    let (mut engine, r) = worker.join().unwrap_or_else(|e| std::panic::resume_unwind(e));
    let har = har?;
    engine.warnings = har.warnings;
    engine.creator = har.creator;
    engine.browser = har.browser;
    engine.pages = har.pages;
    Ok((engine, r))
}

#[derive(serde::Deserialize)]
struct RawHar<'a> {
    #[serde(borrow)]
    log: RawLog<'a>,
}

#[derive(serde::Deserialize)]
struct RawLog<'a> {
    #[serde(borrow, default)]
    entries: Vec<&'a RawValue>,
}

/// `log.entries` as raw JSON slices, when the file is plain UTF-8 JSON.
fn raw_entries(bytes: &[u8]) -> Option<Vec<&RawValue>> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let text = std::str::from_utf8(bytes).ok()?;
    serde_json::from_str::<RawHar>(text).ok().map(|h| h.log.entries)
}
