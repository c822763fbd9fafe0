//! `cargo bench --bench scaling`: the hostile shapes of issue 11 (see
//! `shapes.rs`) at n and 4n entries, in process, phase by phase, with the
//! ratio of the times (≈ 4 means linear; 16 quadratic; 64 cubic):
//! reading + diagnosing (`Engine::from_har`), the panel's path (one
//! `Engine::push` per entry), learning the secrets to redact, and rendering
//! `json` and `har` into a sink. The CLI end to end (wall time, peak memory)
//! is measured by `benches/run.sh` on the files this writes with `--write`.
//!
//! cargo bench --bench scaling                      # every shape, default n
//! cargo bench --bench scaling -- SHAPE[=N] ...     # some shapes, n chosen
//! cargo bench --bench scaling -- --write DIR SHAPE=N ...   # write SHAPE-N.har files and stop
//!
//! A phase whose time at n is over WHY405_SCALING_BUDGET seconds (default 20)
//! is not run at 4n (printed as "—").

mod shapes;

use std::hint::black_box;
use std::time::{Duration, Instant};

use why405::engine::Engine;
use why405::har::parse_har;
use why405::redact::RedactionPolicy;
use why405::report::{self, Format, Options, Selection};

fn default_n(shape: &str) -> usize {
    match shape {
        "fixtures" => 8_000,
        "tiny" => 50_000,
        _ => 2_000,
    }
}

fn timed<R>(f: impl FnOnce() -> R) -> (Duration, R) {
    let t = Instant::now();
    let r = black_box(f());
    (t.elapsed(), r)
}

/// The phases' times on one document.
fn phases(bytes: &[u8], budget: Duration, skip: &[bool]) -> Vec<Option<Duration>> {
    let mut out = vec![None; 6];
    let run = |i: usize| !skip.get(i).copied().unwrap_or(false);
    let (t_parse, har) = timed(|| parse_har(bytes).expect("readable"));
    out[0] = Some(t_parse);
    let entries = har.entries.clone();
    let (t_engine, engine) = timed(|| Engine::from_har(har));
    out[1] = Some(t_engine);
    if run(2) {
        let (t, e) = timed(|| {
            let mut e = Engine::new();
            let start = Instant::now();
            for x in entries {
                e.push(x);
                if start.elapsed() > budget * 4 {
                    break;
                }
            }
            e
        });
        drop(e);
        out[2] = Some(t);
    }
    let (t_redactor, r) = timed(|| report::redactor_for(&engine, RedactionPolicy::default()));
    out[3] = Some(t_redactor);
    let render = |format| {
        timed(|| {
            let mut sink = std::io::BufWriter::new(std::io::sink());
            let opts = Options { selection: Selection::All, threads: 1, ..Options::new(&r) };
            report::render(format, &engine, &opts, &mut sink).expect("sink");
        })
        .0
    };
    if run(4) {
        out[4] = Some(render(Format::Json));
    }
    if run(5) {
        out[5] = Some(render(Format::Har));
    }
    out
}

const PHASES: [&str; 6] = ["parse", "engine", "panel push", "redactor", "json", "har"];

fn ms(d: Option<Duration>) -> String {
    d.map_or("—".into(), |d| format!("{:.1}", d.as_secs_f64() * 1e3))
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).filter(|a| !a.starts_with("--bench")).collect();
    let (write_dir, args) = match args.iter().position(|a| a == "--write") {
        Some(i) => (args.get(i + 1).cloned(), args[i + 2..].to_vec()),
        None => (None, args),
    };
    let wanted: Vec<(String, usize)> = if args.is_empty() {
        shapes::SHAPES.iter().map(|(s, _)| (s.to_string(), default_n(s))).collect()
    } else {
        args.iter()
            .map(|a| match a.split_once('=') {
                Some((s, n)) => (s.to_string(), n.parse().expect("N")),
                None => (a.clone(), default_n(a)),
            })
            .collect()
    };
    if let Some(dir) = write_dir {
        std::fs::create_dir_all(&dir).expect("mkdir");
        for (shape, n) in &wanted {
            let path = format!("{dir}/{shape}-{n}.har");
            if !std::path::Path::new(&path).exists() {
                std::fs::write(&path, shapes::document(shapes::entries(shape, *n))).expect("write");
            }
            println!("{path}");
        }
        return;
    }
    let budget = Duration::from_secs_f64(
        std::env::var("WHY405_SCALING_BUDGET").ok().and_then(|s| s.parse().ok()).unwrap_or(20.0),
    );
    println!("in process, one thread, ms at n and 4n (ratio 4n/n: 4 = linear, 16 = quadratic)");
    println!("{:<16} {:>7} {:<11} {:>10} {:>10} {:>6}", "shape", "n", "phase", "n", "4n", "ratio");
    for (shape, n) in &wanted {
        let small = shapes::document(shapes::entries(shape, *n));
        let big = shapes::document(shapes::entries(shape, 4 * n));
        let a = phases(&small, budget, &[]);
        let skip: Vec<bool> = a.iter().map(|t| t.is_none_or(|t| t > budget)).collect();
        let b = phases(&big, budget, &skip);
        for (i, phase) in PHASES.iter().enumerate() {
            let ratio = match (a[i], b[i]) {
                (Some(x), Some(y)) if x.as_nanos() > 0 => format!("{:.1}", y.as_secs_f64() / x.as_secs_f64()),
                _ => "—".into(),
            };
            println!("{:<16} {:>7} {:<11} {:>10} {:>10} {:>6}", shape, n, phase, ms(a[i]), ms(b[i]), ratio);
        }
    }
}
