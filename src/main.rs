//! `why405` — the command line over the core: its subcommands (`diagnose`, `probe`, `completions`), parsed with clap;
//! every report is written by [`report::render`].
//!
//! Exit status: 0 no method or CORS problem found, 1 at least one found, 2 unreadable input or bad usage.

use std::borrow::Cow;
use std::io::{IsTerminal, Read, Write};
use std::process::ExitCode;

use clap::builder::{PossibleValue, TypedValueParser};
use clap::{CommandFactory, Parser, Subcommand, ValueEnum};
use serde_json::value::RawValue;
use serde_json::Value;
use why405::engine::Engine;
use why405::har::{
    decode_text, parse_har, parse_har_reader_spans, parse_har_reader_with, Entry, Har, HarError, Software,
};
use why405::probe;
use why405::redact::{RedactionPolicy, Redactor};
use why405::report::{self, Format, Options, Selection, Style};
use why405::stack::visible;

/// Exit status for unreadable input and bad usage (clap's usage errors exit with it too).
const EXIT_USAGE: u8 = 2;

#[path = "cli/contract.rs"]
mod contract_cli;

/// why405 — explains why a browser request was refused, from a HAR file
#[derive(Parser)]
#[command(
    name = "why405",
    version,
    propagate_version = true,
    subcommand_required = true,
    arg_required_else_help = true
)]
#[command(after_help = "Exit status: 0 no method or CORS problem found, 1 at least one found, 2 unreadable input or \
                        bad usage.")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Explains why the requests of a HAR file were refused, and how to fix it
    ///
    /// Each request gets one cause: CORS preflight, catch-all OPTIONS, method mismatch, server rule, redirect
    /// method change, or not method-related.
    Diagnose(DiagnoseArgs),
    /// Asks a server what a browser would (preflight, OPTIONS, HEAD, GET) and diagnoses its answers
    ///
    /// Never sends the method itself unless --send: a write is never repeated by surprise.
    Probe(ProbeArgs),
    /// Checks a deployment's methods and CORS against its OpenAPI spec (or a HAR against it, offline)
    ///
    /// Sends only safe requests (preflights, OPTIONS, HEAD, GET) unless --allow-writes.
    Contract(contract_cli::ContractArgs),
    /// Prints a shell completion script (bash, zsh, fish) to standard output
    #[command(
        after_help = "Examples:\n  why405 completions bash > ~/.local/share/bash-completion/completions/why405\n  \
                            why405 completions zsh > ~/.zfunc/_why405\n  \
                            why405 completions fish > ~/.config/fish/completions/why405.fish"
    )]
    Completions {
        /// The shell
        #[arg(value_enum)]
        shell: Shell,
    },
}

#[derive(clap::Args)]
#[command(after_help = "\
Formats: text (people), json (the machine contract), markdown (a ticket), curl (commands that reproduce the
preflight and the request), har (a HAR 1.2 holding only the exchanges that matter, importable into DevTools).
Output lists failing requests only, unless --all (JSON always lists every request).
Secrets (Authorization, cookies, API keys, tokens in URLs and bodies, passwords) are redacted in every format;
--include-secrets turns that off for this export (a warning is printed on standard error).
--probe asks the server now about what the HAR leaves undecided, and about requests sent on a cached preflight: the
safe requests only (the preflight when the HAR holds none, OPTIONS, HEAD, GET), never the request's method. What was
sent, and when, is listed on standard error and recorded on each diagnosis it settles (json: probe).
Exit status: 0 no method or CORS problem found, 1 at least one found, 2 unreadable input or bad usage.")]
struct DiagnoseArgs {
    /// The HAR file, or - for standard input
    #[arg(value_name = "FILE.har", value_hint = clap::ValueHint::FilePath)]
    file: String,
    #[command(flatten)]
    out: OutputArgs,
    /// Settle what the HAR cannot (a 404 that may be a wrong method, a preflight not in the HAR, a 405 without
    /// Allow) by probing those requests' URLs now: the preflight, OPTIONS, HEAD and GET only, never their method
    #[arg(long)]
    probe: bool,
    /// Seconds each probe request may take (with --probe)
    #[arg(long, value_name = "SECONDS", default_value_t = 10.0, requires = "probe", value_parser = parse_seconds)]
    timeout: f64,
    /// The time the report gives the probe (tests: reports without the wall clock); RFC 3339 UTC
    #[arg(long, value_name = "TIME", hide = true, requires = "probe", value_parser = parse_probe_at)]
    probe_at: Option<String>,
}

#[derive(clap::Args)]
#[command(after_help = "\
Sends, in order: the CORS preflight a browser would send for METHOD from ORIGIN (OPTIONS with Origin,
Access-Control-Request-Method and Access-Control-Request-Headers; only when the request is cross-origin and its
method or a header is not CORS-safelisted), a plain OPTIONS (what Allow says), HEAD and GET. Redirects of HEAD and
GET are followed hop by hop (each hop is shown); a preflight's redirect is not followed (browsers refuse it).
METHOD itself is NEVER sent unless --send is given: a write (POST, PUT, PATCH, DELETE) is never repeated by
surprise. With --send it is sent once, without a body, and its redirect is not followed.
No proxy, no cookies, no retries. Each request is bounded by --timeout.
Each request sent is listed on standard error; the report (same formats as diagnose) on standard output.
Exit status: 0 no method or CORS problem found, 1 at least one found (a server that does not answer, a
timeout or a TLS error is one: it is named), 2 bad usage (a URL, origin or header that cannot be sent).")]
struct ProbeArgs {
    /// The URL to probe (http:// or https://)
    #[arg(value_name = "URL", value_hint = clap::ValueHint::Url)]
    url: String,
    /// The method the page's request uses
    #[arg(short = 'X', long, value_name = "METHOD", default_value = "GET")]
    method: String,
    /// The page's origin (scheme://host[:port]); without it no preflight is sent and no request carries Origin
    #[arg(long, value_name = "ORIGIN")]
    origin: Option<String>,
    /// A header of the page's request ('Name: value'); repeatable
    #[arg(short = 'H', long = "header", value_name = "NAME: VALUE")]
    headers: Vec<String>,
    /// Also send METHOD itself, once (a write is repeated on the server!)
    #[arg(long)]
    send: bool,
    /// Seconds each request may take (connect, TLS, answer)
    #[arg(long, value_name = "SECONDS", default_value_t = 10.0, value_parser = parse_seconds)]
    timeout: f64,
    #[command(flatten)]
    out: OutputArgs,
}

/// How `diagnose` and `probe` write their report (the same formats, selection, colour and redaction).
#[derive(clap::Args)]
struct OutputArgs {
    /// Output format
    #[arg(short, long, value_name = "FORMAT", default_value = "text", value_parser = FormatParser)]
    format: Format,
    /// List every request, not only the failing ones
    #[arg(short, long)]
    all: bool,
    /// Colour the text output (auto: when standard output is a terminal and NO_COLOR is not set)
    #[arg(long, value_enum, value_name = "WHEN", default_value_t = ColorChoice::Auto)]
    color: ColorChoice,
    /// Do not redact secrets (tokens, cookies, passwords) in the output
    #[arg(long)]
    include_secrets: bool,
}

impl OutputArgs {
    /// Secrets redacted unless `--include-secrets`.
    fn policy(&self) -> RedactionPolicy {
        if self.include_secrets {
            RedactionPolicy::disabled()
        } else {
            RedactionPolicy::default()
        }
    }

    /// Colour for the text format on a terminal only.
    fn style(&self) -> Style {
        Style { color: self.format == Format::Text && self.color.enabled() }
    }
}

/// `--timeout`: seconds, more than 0 and at most an hour (every command's, checked when the arguments are read).
fn parse_seconds(s: &str) -> Result<f64, String> {
    match s.trim().parse::<f64>() {
        Ok(t) if t.is_finite() && t > 0.0 && t <= 3600.0 => Ok(t),
        _ => Err(format!("{s:?} is not a number of seconds between 0 and 3600")),
    }
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum ColorChoice {
    Auto,
    Always,
    Never,
}

impl ColorChoice {
    /// `auto`: standard output is a terminal and `NO_COLOR` is not set.
    fn enabled(self) -> bool {
        match self {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto => std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none(),
        }
    }
}

#[derive(Clone, Copy, ValueEnum)]
enum Shell {
    Bash,
    Zsh,
    Fish,
}

/// `--format`: [`Format`]'s own parsing (and its error, which lists the formats); its names for help and
/// completions.
#[derive(Clone)]
struct FormatParser;

impl TypedValueParser for FormatParser {
    type Value = Format;

    fn parse_ref(
        &self,
        cmd: &clap::Command,
        _arg: Option<&clap::Arg>,
        value: &std::ffi::OsStr,
    ) -> Result<Format, clap::Error> {
        let value = value.to_string_lossy();
        value.parse().map_err(|e: report::UnknownFormat| {
            let tip =
                format!("For more information, try '{} --help'.", cmd.get_bin_name().unwrap_or("why405 diagnose"));
            clap::Error::raw(clap::error::ErrorKind::InvalidValue, format!("{e}\n\n{tip}\n")).with_cmd(cmd)
        })
    }

    fn possible_values(&self) -> Option<Box<dyn Iterator<Item = PossibleValue> + '_>> {
        Some(Box::new(Format::ALL.iter().map(|f| PossibleValue::new(f.name()))))
    }
}

fn main() -> ExitCode {
    cap_malloc_arenas();
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            // help and --version go to standard output and exit 0; usage errors to standard error, exit 2
            let _ = e.print();
            return if e.use_stderr() { ExitCode::from(EXIT_USAGE) } else { ExitCode::SUCCESS };
        }
    };
    match cli.command {
        Command::Diagnose(args) => diagnose(&args),
        Command::Probe(args) => probe(&args),
        Command::Contract(args) => contract_cli::run(&args),
        Command::Completions { shell } => completions(shell),
    }
}

/// glibc gives each thread that allocates its own malloc arena and keeps what each one freed: the reader, the
/// diagnosing worker and up to four rendering threads left ~10 MB of a 21 MB file's peak in arenas. Two arenas keep
/// the threads' parallelism and bring peak memory under 1.5x the file on every scaling shape (BENCHMARKS.md, issue 11).
#[cfg(all(target_os = "linux", target_env = "gnu"))]
fn cap_malloc_arenas() {
    // SAFETY: mallopt only sets an allocator parameter; it is called first thing in main, before any other thread
    // exists, and its result (0 when refused) only means the default stays.
    unsafe {
        libc::mallopt(libc::M_ARENA_MAX, 2);
    }
}

#[cfg(not(all(target_os = "linux", target_env = "gnu")))]
fn cap_malloc_arenas() {}

/// `why405 completions SHELL`
fn completions(shell: Shell) -> ExitCode {
    let shell = match shell {
        Shell::Bash => clap_complete::Shell::Bash,
        Shell::Zsh => clap_complete::Shell::Zsh,
        Shell::Fish => clap_complete::Shell::Fish,
    };
    let mut out = std::io::stdout().lock();
    clap_complete::generate(shell, &mut Cli::command(), "why405", &mut out);
    if out.flush().is_err() {
        return ExitCode::from(EXIT_USAGE);
    }
    ExitCode::SUCCESS
}

/// `why405 probe URL`
fn probe(args: &ProbeArgs) -> ExitCode {
    let target = match probe_target(args) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("why405: {}", visible(&e.to_string()));
            return ExitCode::from(EXIT_USAGE);
        }
    };
    let timeout = std::time::Duration::from_secs_f64(args.timeout);
    let sent = match probe::run(&target, &probe::Client::new(timeout)) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("why405: {}", visible(&e.to_string()));
            return ExitCode::from(EXIT_USAGE);
        }
    };
    log_sent(&sent);
    let har = Har {
        creator: Some(Software { name: "why405 probe".into(), version: env!("CARGO_PKG_VERSION").into() }),
        entries: probe::to_entries(&sent),
        ..Har::default()
    };
    let engine = Engine::from_har(har);
    let policy = args.out.policy();
    let redactor = report::redactor_for(&engine, policy);
    let opts = Options { selection: Selection::all(args.out.all), style: args.out.style(), ..Options::new(&redactor) };
    let mut stdout = std::io::BufWriter::new(std::io::stdout().lock());
    let written = report::render(args.out.format, &engine, &opts, &mut stdout)
        .and_then(|()| writeln!(stdout))
        .and_then(|()| stdout.flush());
    if written.is_err() {
        return ExitCode::from(EXIT_USAGE);
    }
    let unanswered = sent.iter().any(|s| s.result.is_err());
    if engine.any_problem() || unanswered {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

/// The probe's target from the arguments (headers parsed, the timeout checked).
fn probe_target(args: &ProbeArgs) -> Result<probe::ProbeTarget, String> {
    let method = args.method.trim();
    if method.is_empty() || !method.bytes().all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b)) {
        return Err(format!("{method:?} is not an HTTP method"));
    }
    let headers = args.headers.iter().map(|h| probe::parse_header(h)).collect::<Result<Vec<_>, _>>();
    let target = probe::ProbeTarget {
        url: args.url.clone(),
        method: why405::http::Method::parse(method),
        origin: args.origin.clone(),
        headers: headers.map_err(|e| e.to_string())?,
        send: args.send,
        skip_preflight: false,
    };
    probe::check(&target).map_err(|e| e.to_string())?;
    Ok(target)
}

/// `diagnose --probe`: each undecided diagnosis's URL probed (never its method) and the diagnosis settled from the
/// answers ([`probe::settle`]): the probe's requests are evidence for the HAR's request, never rows of their own.
/// What was sent and when is listed on standard error and recorded on each diagnosis it settles.
fn probe_undecided(mut input: Input, args: &DiagnoseArgs) -> Input {
    let targets = probe::undecided_targets(&input.engine);
    if targets.is_empty() {
        eprintln!("why405: --probe: nothing in the HAR is undecided; nothing sent");
        return input;
    }
    let client = probe::Client::new(std::time::Duration::from_secs_f64(args.timeout));
    let at = args.probe_at.clone().unwrap_or_else(|| probe::entries::rfc3339(std::time::SystemTime::now()));
    let mut total = 0;
    for u in &targets {
        let t = &u.target;
        let sent = match probe::run(t, &client) {
            Ok(s) => s,
            Err(e) => {
                eprintln!("why405: --probe: {} {} not probed: {}", t.method, visible(&t.url), visible(&e.to_string()));
                continue;
            }
        };
        total += sent.len();
        log_sent(&sent);
        for &id in &u.ids {
            let Some(d) = input.engine.diagnosis(id) else { continue };
            let last = d.entries.iter().rev().filter_map(|&i| input.engine.entry(i)).find(|e| !e.is_preflight());
            let settled = probe::settle(d, &sent, &at, last);
            input.engine.settle(id, settled);
        }
    }
    eprintln!(
        "why405: --probe at {at}: {} undecided request(s) probed, {total} request(s) sent (never their method)",
        targets.len()
    );
    input
}

/// `--probe-at`: an RFC 3339 UTC time (`2026-12-02T06:40:11Z`, fractions allowed).
fn parse_probe_at(s: &str) -> Result<String, String> {
    let b = s.as_bytes();
    let shape = b.len() >= 20
        && b.last() == Some(&b'Z')
        && b.iter().enumerate().all(|(i, c)| match i {
            4 | 7 => *c == b'-',
            10 => *c == b'T',
            13 | 16 => *c == b':',
            19 if b.len() > 20 => *c == b'.',
            _ if i == b.len() - 1 => true,
            _ => c.is_ascii_digit(),
        });
    if shape {
        Ok(s.to_string())
    } else {
        Err(format!("{s:?} is not an RFC 3339 UTC time (2026-12-02T06:40:11Z)"))
    }
}

/// Each request sent, one line on standard error.
fn log_sent(sent: &[probe::Sent]) {
    for s in sent {
        let what = match &s.result {
            Ok(a) => format!("{} {}", a.status, a.status_text),
            Err(f) => format!("no response: {f}"),
        };
        let purpose = match s.step.purpose {
            probe::Purpose::Preflight => " (preflight)",
            _ => "",
        };
        eprintln!("why405: sent {}{} {} -> {}", s.step.method, purpose, visible(&s.step.url), visible(&what));
    }
}

/// The input read: the diagnosed engine, the redactor that learned its secrets, and for the HAR export either the
/// file's bytes with each engine entry's index in the file, or each engine entry's byte range in the file (read
/// back one entry at a time: the file is not held).
struct Input {
    engine: Engine,
    redactor: Redactor,
    bytes: Vec<u8>,
    file_index: Vec<usize>,
    spans: Option<(std::fs::File, Vec<(u64, u64)>)>,
}

/// `why405 diagnose FILE`
fn diagnose(args: &DiagnoseArgs) -> ExitCode {
    let source = if args.file == "-" { "standard input".to_string() } else { args.file.clone() };
    let policy = args.out.policy();
    let read = if args.probe {
        // the probe appends entries to the engine: the whole HAR is read into a plain (not lazy) engine
        read_whole(&args.file, policy.clone())
    } else if args.out.format == Format::Har {
        read_for_export(&args.file, policy)
    } else {
        let lean = match args.out.format {
            Format::Json | Format::Text => Lean::Bare,
            // its reproduction commands hold the request bodies
            Format::Markdown => Lean::KeepBodies,
            _ => Lean::Whole,
        };
        read_streaming(&args.file, policy, lean)
    };
    let input = match read.map(|i| if args.probe { probe_undecided(i, args) } else { i }) {
        Ok(input) => input,
        Err(ReadError::Io(e)) => {
            eprintln!("why405: cannot read {}: {}", visible(&source), visible(&e.to_string()));
            return ExitCode::from(EXIT_USAGE);
        }
        Err(ReadError::Har(e)) => {
            eprintln!("why405: {} is not a readable HAR: {}", visible(&source), visible(&e.to_string()));
            return ExitCode::from(EXIT_USAGE);
        }
    };
    if args.out.include_secrets {
        eprintln!(
            "why405: warning: --include-secrets: this output contains tokens, cookies and passwords from the HAR; \
             do not attach it to a ticket"
        );
    }
    if write_report(args, &input).is_err() {
        return ExitCode::from(EXIT_USAGE);
    }
    let problem = input.engine.any_problem();
    // The process ends here: the OS takes the model back faster than freeing it piece by piece would.
    std::mem::forget(input);
    if problem {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

/// The report on standard output, followed by a newline. Every format but the HAR export is written as it is
/// rendered, on as many threads as there are cores (up to 4): the output is never held whole.
fn write_report(args: &DiagnoseArgs, input: &Input) -> std::io::Result<()> {
    // The HAR export re-reads the entries from the file, so bodies are exported whole (the engine keeps only
    // their first BODY_KEEP bytes). Input the raw reader cannot take (UTF-16, invalid UTF-8) falls back to
    // entries rebuilt from the model.
    let raw = if args.out.format == Format::Har { raw_entries(&input.bytes) } else { None };
    let get = |i: usize| -> Option<Value> {
        if let Some((file, spans)) = &input.spans {
            return entry_at(file, *spans.get(i)?);
        }
        let fi = *input.file_index.get(i)?;
        let rv = raw.as_ref()?.get(fi)?;
        serde_json::from_str(rv.get()).ok()
    };
    let opts = Options {
        selection: Selection::all(args.out.all),
        style: args.out.style(),
        threads: std::thread::available_parallelism().map_or(1, |n| n.get()).min(4),
        raw: Some(&get),
        ..Options::new(&input.redactor)
    };
    let mut stdout = std::io::BufWriter::with_capacity(1 << 16, std::io::stdout().lock());
    report::render(args.out.format, &input.engine, &opts, &mut stdout)?;
    writeln!(stdout)?;
    stdout.flush()
}

enum ReadError {
    Io(std::io::Error),
    Har(HarError),
}

/// The whole file in memory (the HAR export re-reads entries from it), then parsed.
fn read_whole(file: &str, policy: RedactionPolicy) -> Result<Input, ReadError> {
    let bytes = if file == "-" {
        let mut buf = Vec::new();
        std::io::stdin().read_to_end(&mut buf).map(|_| buf)
    } else {
        std::fs::read(file)
    };
    let bytes = bytes.map_err(ReadError::Io)?;
    let har = parse_har(&bytes).map_err(ReadError::Har)?;
    // The HAR export re-reads entries from the text: a gzip, zip or UTF-16 file's decoded text
    let bytes = match decode_text(&bytes) {
        Ok(Cow::Owned(text)) => text.into_bytes(),
        _ => bytes,
    };
    // The engine numbers the entries it could read; `Entry::index` is their position in the file.
    let file_index: Vec<usize> = har.entries.iter().map(|e| e.index).collect();
    let engine = Engine::from_har(har);
    let redactor = report::redactor_for(&engine, policy);
    Ok(Input { engine, redactor, bytes, file_index, spans: None })
}

/// The HAR export's input. A file is streamed like the other formats' (the export writes entry by entry, so peak
/// memory stays the model's), keeping where each entry is in the file so that the export reads it back whole;
/// standard input, and a file whose bytes do not map to the text read (invalid UTF-8, UTF-16, gzip), are read
/// whole as before.
fn read_for_export(file: &str, policy: RedactionPolicy) -> Result<Input, ReadError> {
    if file == "-" {
        return read_whole(file, policy);
    }
    let f = std::fs::File::open(file).map_err(ReadError::Io)?;
    let (engine, redactor, spans) =
        pipeline(std::io::BufReader::with_capacity(1 << 16, f), policy.clone(), true, Lean::Whole)
            .map_err(ReadError::Har)?;
    match spans.filter(|s| s.len() == engine.entries().len()) {
        Some(spans) => {
            let f = std::fs::File::open(file).map_err(ReadError::Io)?;
            Ok(Input { engine, redactor, bytes: Vec::new(), file_index: Vec::new(), spans: Some((f, spans)) })
        }
        None => read_whole(file, policy),
    }
}

/// The entry at bytes `start..end` of `file`, as JSON.
fn entry_at(file: &std::fs::File, (start, end): (u64, u64)) -> Option<Value> {
    use std::io::{Seek, SeekFrom};
    let mut f = file;
    let mut buf = vec![0u8; usize::try_from(end.checked_sub(start)?).ok()?];
    f.seek(SeekFrom::Start(start)).ok()?;
    f.read_exact(&mut buf).ok()?;
    serde_json::from_slice(&buf).ok()
}

/// The file streamed through the reader, never held in memory (peak memory is the model, not file + model).
/// The entries keep what `lean` says.
fn read_streaming(file: &str, policy: RedactionPolicy, lean: Lean) -> Result<Input, ReadError> {
    let read = if file == "-" {
        pipeline(std::io::stdin().lock(), policy, false, lean)
    } else {
        let f = std::fs::File::open(file).map_err(ReadError::Io)?;
        pipeline(std::io::BufReader::with_capacity(1 << 16, f), policy, false, lean)
    };
    let (engine, redactor, _) = read.map_err(ReadError::Har)?;
    Ok(Input { engine, redactor, bytes: Vec::new(), file_index: Vec::new(), spans: None })
}

/// How many entries go from the reader to the engine at a time.
const BATCH: usize = 64;

/// Reads the HAR on this thread while another diagnoses the entries as they come (the engine ingests each entry
/// as it arrives and recomputes the diagnoses once at the end, as [`Engine::from_har`] does) and learns their
/// secrets for the redactor ([`report::redactor_for`] on the whole engine gives the same redactor). With `spans`,
/// also each entry's byte range in the input, when its bytes map to the text read. Each entry is made as `lean` as
/// the report allows once its secrets are learned.
fn pipeline<R: Read>(reader: R, policy: RedactionPolicy, spans: bool, lean: Lean) -> Result<Piped, HarError> {
    let (tx, rx) = std::sync::mpsc::sync_channel::<Vec<Entry>>(16);
    let worker = std::thread::spawn(move || {
        let mut r = Redactor::new(policy);
        let mut engine = Engine::new();
        // the reports compute each diagnosis as they write it: the CLI never holds them all
        engine.set_lazy(true);
        engine.set_threads(std::thread::available_parallelism().map_or(1, |n| n.get()).min(4));
        engine.extend(rx.into_iter().flat_map(|batch| {
            r.learn_entries(&batch);
            batch.into_iter().map(move |e| lean.apply(e))
        }));
        (engine, r)
    });
    let mut batch = Vec::with_capacity(BATCH);
    let sink = |e| {
        batch.push(e);
        if batch.len() == BATCH {
            // a send fails only when the worker is gone (it panicked): the join below says so
            let _ = tx.send(std::mem::replace(&mut batch, Vec::with_capacity(BATCH)));
        }
    };
    let read = if spans {
        parse_har_reader_spans(reader, sink)
    } else {
        parse_har_reader_with(reader, sink).map(|h| (h, None))
    };
    if !batch.is_empty() {
        let _ = tx.send(batch);
    }
    drop(tx);
    let (mut engine, r) = worker.join().unwrap_or_else(|e| std::panic::resume_unwind(e));
    let (har, spans) = read?;
    engine.warnings = har.warnings;
    engine.creator = har.creator;
    engine.browser = har.browser;
    engine.pages = har.pages;
    Ok((engine, r, spans))
}

/// What the CLI keeps of each entry once its secrets are learned: the CLI's peak memory is the model's, so what no
/// diagnosis reads and the report does not show is dropped (issue 11).
#[derive(Clone, Copy)]
enum Lean {
    /// Everything (the HAR export and curl show it all).
    Whole,
    /// Without the request's HTTP version, the page reference, the server address and the response body's MIME
    /// type (markdown: its reproduction commands hold the request bodies). The response's HTTP version stays: which
    /// layer answered a refusal compares it with the origin's other responses.
    KeepBodies,
    /// Without these and the request body (json, text).
    Bare,
}

impl Lean {
    fn apply(self, mut e: Entry) -> Entry {
        if let Lean::Whole = self {
            return e;
        }
        e.pageref = None;
        e.server_ip = None;
        // the response's HTTP version stays: which layer answered compares it (diagnose/layer.rs)
        e.request.http_version = Box::default();
        e.response.content.mime_type = Box::default();
        if let Lean::Bare = self {
            e.request.post_data = None;
        }
        e
    }
}

/// What [`pipeline`] gives: the engine, its redactor, and the entries' byte ranges when asked and known.
type Piped = (Engine, Redactor, Option<Vec<(u64, u64)>>);

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
