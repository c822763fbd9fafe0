//! `why405` — the command line over the core.

use std::io::{IsTerminal, Read, Write};
use std::process::ExitCode;

use why405::engine::Engine;
use why405::har::parse_har;
use why405::report;

const USAGE: &str = "\
why405 — explains why a browser request was refused, from a HAR file

Usage:
  why405 diagnose FILE.har [--format text|json|markdown] [--all] [--color auto|always|never]
  why405 diagnose - ...          read the HAR from standard input
  why405 --help | --version

Output lists failing requests only, unless --all (JSON always lists every request).
Exit status: 0 no method or CORS problem found, 1 at least one found, 2 unreadable input or bad usage.
";

#[derive(Clone, Copy, PartialEq, Eq)]
enum Format {
    Text,
    Json,
    Markdown,
}

struct Args {
    file: String,
    format: Format,
    all: bool,
    color: Option<bool>,
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
                    other => return Err(format!("unknown format '{other}' (text, json, markdown)")),
                }
            }
            "--all" | "-a" => all = true,
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
    Ok(Some(Args { file, format, all, color }))
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
    let bytes = if args.file == "-" {
        let mut buf = Vec::new();
        if let Err(e) = std::io::stdin().read_to_end(&mut buf) {
            eprintln!("why405: cannot read standard input: {e}");
            return ExitCode::from(2);
        }
        buf
    } else {
        match std::fs::read(&args.file) {
            Ok(b) => b,
            Err(e) => {
                eprintln!("why405: cannot read {}: {e}", args.file);
                return ExitCode::from(2);
            }
        }
    };
    let har = match parse_har(&bytes) {
        Ok(h) => h,
        Err(e) => {
            eprintln!("why405: {} is not a readable HAR: {e}", if args.file == "-" { "standard input" } else { &args.file });
            return ExitCode::from(2);
        }
    };
    drop(bytes);
    let engine = Engine::from_har(har);
    let total = engine.diagnoses().count();
    let out = match args.format {
        Format::Json => report::json(&report::selected(&engine, true), &engine.warnings),
        Format::Markdown => report::markdown(&report::selected(&engine, args.all), &engine.warnings, total),
        Format::Text => {
            let color = args.color.unwrap_or_else(|| std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none());
            report::text(&report::selected(&engine, args.all), &engine.warnings, total, report::Style { color })
        }
    };
    let mut stdout = std::io::stdout().lock();
    if writeln!(stdout, "{out}").is_err() {
        return ExitCode::from(2);
    }
    if engine.any_problem() {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}
