//! `why405 contract SPEC (--base-url URL [--compare URL2] | --har FILE.har)`: the command line of
//! [`why405::contract`] (issue 13). The checks live in the library; this file reads the arguments, draws the
//! progress bar and picks the exit status.

use std::io::{IsTerminal, Write};
use std::process::ExitCode;
use std::sync::Mutex;
use std::time::Duration;

use clap::ValueEnum;
use why405::contract::live::LiveOptions;
use why405::contract::report::ContractFormat;
use why405::contract::{self, ContractReport};
use why405::redact::{RedactionPolicy, Redactor};
use why405::stack::visible;

use super::EXIT_USAGE;

#[derive(clap::Args)]
#[command(after_help = "\
Live (--base-url): for every documented path and method, the browser's preflight from each --origin must pass and
the method must not be refused; every other standard method must get 405 with an Allow that lists exactly the
documented methods; no catch-all OPTIONS may hide a missing route; no redirect may change the method. Only safe
methods (GET, HEAD, OPTIONS, and preflights) are sent unless --allow-writes.
--compare URL2 runs the same checks against a second deployment and lists where the two differ.
Offline (--har): each request of the HAR is checked against the spec (undocumented method or path, and the nearest
documented one).
Secrets (tokens in URLs, secret header values, values learned from the HAR) are redacted in every format unless
--include-secrets.
Exit status: 0 no violation, 1 at least one violation (or a difference with --compare), 2 a bad spec (its place is
named) or bad usage.")]
pub struct ContractArgs {
    /// The OpenAPI 3.0/3.1 (YAML or JSON) or Swagger 2.0 file
    #[arg(value_name = "SPEC", value_hint = clap::ValueHint::FilePath)]
    spec: String,
    /// The deployment to check (its paths are the spec's, under this URL)
    #[arg(long, value_name = "URL", required_unless_present = "har", conflicts_with = "har")]
    base_url: Option<String>,
    /// A second deployment to check the same way; the report lists where the two differ
    #[arg(long, value_name = "URL2", requires = "base_url")]
    compare: Option<String>,
    /// Check the requests of this HAR against the spec, offline (nothing is sent)
    #[arg(long, value_name = "FILE.har", value_hint = clap::ValueHint::FilePath)]
    har: Option<String>,
    /// A page origin whose preflights must pass (scheme://host[:port]); repeatable
    #[arg(long = "origin", value_name = "ORIGIN")]
    origins: Vec<String>,
    /// A path parameter's value (name=value), over the spec's examples; repeatable
    #[arg(long = "param", value_name = "NAME=VALUE")]
    params: Vec<String>,
    /// Also send documented writes (POST, PUT, PATCH, DELETE), with the spec's example bodies
    #[arg(long)]
    allow_writes: bool,
    /// Requests in flight at once
    #[arg(long, value_name = "N", default_value_t = 4)]
    concurrency: usize,
    /// At most this many requests a second
    #[arg(long, value_name = "PER_SECOND")]
    rate: Option<f64>,
    /// Seconds each request may take
    #[arg(long, value_name = "SECONDS", default_value_t = 10.0, value_parser = super::parse_seconds)]
    timeout: f64,
    /// Output format
    #[arg(short, long, value_enum, value_name = "FORMAT", default_value_t = FormatArg::Text)]
    format: FormatArg,
    /// Colour the text output (auto: when standard output is a terminal and NO_COLOR is not set)
    #[arg(long, value_enum, value_name = "WHEN", default_value_t = super::ColorChoice::Auto)]
    color: super::ColorChoice,
    /// Do not redact secrets (tokens in URLs, secret header values, values learned from the HAR) in the output
    #[arg(long)]
    include_secrets: bool,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum FormatArg {
    Text,
    Json,
    Markdown,
    Junit,
}

impl From<FormatArg> for ContractFormat {
    fn from(f: FormatArg) -> Self {
        match f {
            FormatArg::Text => ContractFormat::Text,
            FormatArg::Json => ContractFormat::Json,
            FormatArg::Markdown => ContractFormat::Markdown,
            FormatArg::Junit => ContractFormat::Junit,
        }
    }
}

/// Runs `why405 contract`.
pub fn run(args: &ContractArgs) -> ExitCode {
    let spec = match contract::load(&args.spec) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("why405: {}", visible(&e.to_string()));
            return ExitCode::from(EXIT_USAGE);
        }
    };
    let policy = if args.include_secrets { RedactionPolicy::disabled() } else { RedactionPolicy::default() };
    let mut redactor = Redactor::new(policy);
    let mut report = match (&args.har, &args.base_url) {
        (Some(har), _) => match offline(&spec, har, &mut redactor) {
            Ok(r) => r,
            Err(e) => {
                eprintln!("why405: {}", visible(&e));
                return ExitCode::from(EXIT_USAGE);
            }
        },
        (None, Some(base)) => match live(&spec, args, base) {
            Ok(r) => r,
            Err(e) => {
                eprintln!("why405: {}", visible(&e));
                return ExitCode::from(EXIT_USAGE);
            }
        },
        (None, None) => return ExitCode::from(EXIT_USAGE),
    };
    if args.include_secrets {
        eprintln!("why405: warning: --include-secrets: this output may contain tokens and passwords; do not attach it");
    }
    report.redact(&redactor);
    let color = args.format == FormatArg::Text && args.color.enabled();
    let mut stdout = std::io::BufWriter::new(std::io::stdout().lock());
    if contract::report::write(&mut stdout, args.format.into(), &report, color).and_then(|()| stdout.flush()).is_err() {
        return ExitCode::from(EXIT_USAGE);
    }
    if report.any_violation() {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

/// `--har`: the HAR's requests against the spec; the redactor learns the HAR's secrets.
fn offline(spec: &contract::Spec, har: &str, redactor: &mut Redactor) -> Result<ContractReport, String> {
    let text = std::fs::read(har).map_err(|e| format!("cannot read {har}: {e}"))?;
    let parsed = why405::har::parse_har(&text).map_err(|e| format!("{har} is not a readable HAR: {e}"))?;
    // the HAR's own secrets (a cookie's value, a token sent in a header) are masked wherever they appear
    redactor.learn_entries(&parsed.entries);
    Ok(contract::drift::check(spec, har, &parsed.entries))
}

/// `--base-url` (and `--compare`): the live checks.
fn live(spec: &contract::Spec, args: &ContractArgs, base: &str) -> Result<ContractReport, String> {
    if let Some(r) = args.rate.filter(|r| !(r.is_finite() && *r > 0.0)) {
        return Err(format!("--rate {r} is not a positive number of requests a second"));
    }
    let params = args
        .params
        .iter()
        .map(|p| p.split_once('=').map(|(n, v)| (n.to_string(), v.to_string())))
        .collect::<Option<Vec<_>>>()
        .ok_or("--param takes name=value")?;
    for url in std::iter::once(base).chain(args.compare.as_deref()) {
        for origin in args.origins.iter().map(Some).chain([None]) {
            let target = why405::probe::ProbeTarget {
                url: url.to_string(),
                method: why405::http::Method::Get,
                origin: origin.cloned(),
                headers: Vec::new(),
                send: false,
                skip_preflight: false,
            };
            why405::probe::check(&target).map_err(|e| e.to_string())?;
        }
    }
    let opts = LiveOptions {
        base_url: base.to_string(),
        origins: args.origins.clone(),
        params,
        allow_writes: args.allow_writes,
        concurrency: args.concurrency.max(1),
        rate: args.rate,
        timeout: Duration::from_secs_f64(args.timeout),
    };
    let bar = ProgressBar::new(std::io::stderr().is_terminal());
    let progress = |done: usize, total: usize| bar.draw(done, total);
    let mut report = contract::live::run(spec, &opts, &progress);
    bar.finish();
    if let Some(b) = &args.compare {
        let other = contract::live::run(spec, &LiveOptions { base_url: b.clone(), ..opts }, &progress);
        bar.finish();
        report.differences = contract::compare::differences_between(&report.checks, &other.checks, (base, b));
        report.targets.extend(other.targets);
        report.compared = Some(other.checks);
    }
    Ok(report)
}

/// The progress bar on standard error, drawn only when it is a terminal (`\r` and a line redrawn in place; nothing
/// on a pipe or in CI logs).
struct ProgressBar {
    on: bool,
    /// The last (done, total) drawn, so that a redraw happens only when the bar moves.
    last: Mutex<(usize, usize)>,
}

impl ProgressBar {
    const WIDTH: usize = 30;

    fn new(on: bool) -> Self {
        ProgressBar { on, last: Mutex::new((usize::MAX, 0)) }
    }

    fn draw(&self, done: usize, total: usize) {
        if !self.on || total == 0 {
            return;
        }
        let mut last = self.last.lock().unwrap_or_else(|e| e.into_inner());
        if *last == (done, total) {
            return;
        }
        *last = (done, total);
        let filled = done.min(total) * Self::WIDTH / total;
        let line = format!(
            "\rwhy405 contract [{}{}] {done}/{total} requests",
            "#".repeat(filled),
            " ".repeat(Self::WIDTH - filled)
        );
        let mut err = std::io::stderr().lock();
        let _ = err.write_all(line.as_bytes()).and_then(|()| err.flush());
    }

    /// Clears the bar's line.
    fn finish(&self) {
        if self.on {
            let mut last = self.last.lock().unwrap_or_else(|e| e.into_inner());
            if last.0 != usize::MAX {
                let _ = write!(std::io::stderr(), "\r{}\r", " ".repeat(Self::WIDTH + 40));
            }
            *last = (usize::MAX, 0);
        }
    }
}
