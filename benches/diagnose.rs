//! `cargo bench`: in-process timings on the benchmark HAR (see BENCHMARKS.md),
//! phase by phase as the CLI runs them (`why405 diagnose FILE --format json`):
//! streaming parse → engine → redactor → redact + render into a sink.
//! serde_json parsing the file into a `Value` is the baseline the engine is
//! held to (full diagnosis within 2x of it).
//!
//! WHY405_BENCH_HAR=path (default bench-data/bench.har; generate it with
//! `./build.sh bench` or the gen_bench_har example).

use std::hint::black_box;
use std::time::{Duration, Instant};

use why405::engine::Engine;
use why405::har::{parse_har, parse_har_reader};
use why405::redact::RedactionPolicy;
use why405::report::{self, Format, Options, Selection};

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn time<F: FnMut()>(runs: usize, mut f: F) -> Duration {
    f(); // warm-up
    median(
        (0..runs)
            .map(|_| {
                let t = Instant::now();
                f();
                t.elapsed()
            })
            .collect(),
    )
}

/// [`time`], with an untimed `setup` giving each run its input; what `f`
/// returns is dropped after the clock stops.
fn time_with<T, R, S: FnMut() -> T, F: FnMut(T) -> R>(runs: usize, mut setup: S, mut f: F) -> Duration {
    drop(f(setup())); // warm-up
    median(
        (0..runs)
            .map(|_| {
                let input = setup();
                let t = Instant::now();
                let out = black_box(f(input));
                let d = t.elapsed();
                drop(out);
                d
            })
            .collect(),
    )
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

fn main() {
    // `cargo bench` passes --bench; `cargo test --benches` would pass nothing useful.
    let path = std::env::var("WHY405_BENCH_HAR")
        .unwrap_or_else(|_| concat!(env!("CARGO_MANIFEST_DIR"), "/bench-data/bench.har").to_string());
    let bytes = match std::fs::read(&path) {
        Ok(b) => b,
        Err(e) => {
            eprintln!("skipping: cannot read {path} ({e}); run ./build.sh bench to generate it");
            return;
        }
    };
    let mb = bytes.len() as f64 / 1048576.0;
    let runs = 5;
    let value = time(runs, || {
        black_box(serde_json::from_slice::<serde_json::Value>(&bytes).ok());
    });
    // The phases, each timed on its own (median of `runs`), in the CLI's order.
    let read = || {
        parse_har_reader(std::io::BufReader::with_capacity(1 << 16, std::fs::File::open(&path).expect("open")))
            .expect("readable HAR")
    };
    let parse = time_with(runs, || (), |()| read());
    let har = read();
    let entries = har.entries.len();
    let engine_t = time_with(runs, || har.clone(), Engine::from_har);
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get()).min(4);
    let engine_par = time_with(
        runs,
        || har.entries.clone(),
        |entries| {
            let mut e = Engine::new();
            e.set_threads(threads);
            e.extend(entries);
            e
        },
    );
    let engine = Engine::from_har(har);
    let n = engine.diagnoses().count();
    let redactor_t = time(runs, || {
        black_box(report::redactor_for(&engine, RedactionPolicy::default()));
    });
    let r = report::redactor_for(&engine, RedactionPolicy::default());
    let render = |engine: &Engine, r: &why405::redact::Redactor, format, selection, threads| {
        let mut sink = std::io::BufWriter::new(std::io::sink());
        let opts = Options { selection, threads, ..Options::new(r) };
        report::render(format, engine, &opts, &mut sink).expect("sink");
    };
    let json_to = |threads: usize| time(runs, || render(&engine, &r, Format::Json, Selection::All, threads));
    let json_1 = json_to(1);
    let json_n = json_to(threads);
    let text_t = time(runs, || render(&engine, &r, Format::Text, Selection::Failing, 1));
    // the CLI's phases one after the other on one thread (the CLI overlaps parse and engine, and uses the cores)
    let full = time(runs, || {
        let engine = Engine::from_har(read());
        let r = report::redactor_for(&engine, RedactionPolicy::default());
        render(&engine, &r, Format::Json, Selection::All, 1);
    });
    // incremental: push the last 500 entries one at a time into an engine
    // that already holds all the others (the extension's live path)
    let incr = parse_har(&bytes).ok().map(|h| {
        let mut entries = h.entries;
        let tail = entries.split_off(entries.len().saturating_sub(500));
        let mut e = Engine::new();
        e.extend(entries);
        let mut times: Vec<Duration> = tail
            .into_iter()
            .map(|x| {
                let t = Instant::now();
                black_box(e.push(x));
                t.elapsed()
            })
            .collect();
        times.sort();
        (
            times.get(times.len() / 2).copied().unwrap_or_default(),
            times.get(times.len() * 99 / 100).copied().unwrap_or_default(),
        )
    });
    println!("file: {path} ({mb:.1} MB, {entries} entries, {n} diagnoses); medians of {runs}");
    println!("serde_json::Value parse (baseline)      {:>8.1} ms  ({:.0} MB/s)", ms(value), mb / value.as_secs_f64());
    println!("phase: parse_har_reader (streaming)     {:>8.1} ms  ({:.0} MB/s)", ms(parse), mb / parse.as_secs_f64());
    println!(
        "phase: Engine::from_har                 {:>8.1} ms  ({threads} threads: {:.1} ms)",
        ms(engine_t),
        ms(engine_par)
    );
    println!("phase: redactor (learn secrets)         {:>8.1} ms", ms(redactor_t));
    println!(
        "phase: redact + write json to a sink   {:>8.1} ms  ({threads} threads: {:.1} ms)",
        ms(json_1),
        ms(json_n)
    );
    println!("phase: redact + write text to a sink   {:>8.1} ms", ms(text_t));
    println!(
        "all phases in turn, json, one thread    {:>8.1} ms  ({:.2}x serde_json::Value)",
        ms(full),
        full.as_secs_f64() / value.as_secs_f64()
    );
    if let Some((med, p99)) = incr {
        println!("incremental push of one entry into a full engine: median {:.3} ms, p99 {:.3} ms", ms(med), ms(p99));
    }
}
