//! `cargo bench`: in-process timings on the benchmark HAR (see BENCHMARKS.md).
//! serde_json parsing the file into a `Value` is the baseline the engine is
//! held to (full diagnosis within 2x of it).
//!
//! WHY405_BENCH_HAR=path (default bench-data/bench.har; generate it with
//! `./build.sh bench` or the gen_bench_har example).

use std::hint::black_box;
use std::time::{Duration, Instant};

use why405::engine::Engine;
use why405::har::parse_har;

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn time<F: FnMut()>(runs: usize, mut f: F) -> Duration {
    f(); // warm-up
    median((0..runs).map(|_| {
        let t = Instant::now();
        f();
        t.elapsed()
    }).collect())
}

fn main() {
    // `cargo bench` passes --bench; `cargo test --benches` would pass nothing useful.
    let path = std::env::var("WHY405_BENCH_HAR").unwrap_or_else(|_| concat!(env!("CARGO_MANIFEST_DIR"), "/bench-data/bench.har").to_string());
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
    let parse = time(runs, || {
        black_box(parse_har(&bytes).ok());
    });
    let mut n = 0;
    let full = time(runs, || {
        if let Ok(h) = parse_har(&bytes) {
            let e = Engine::from_har(h);
            n = e.diagnoses().count();
            black_box(&e);
        }
    });
    let entries = parse_har(&bytes).map(|h| h.entries.len()).unwrap_or(0);
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
        (times.get(times.len() / 2).copied().unwrap_or_default(), times.get(times.len() * 99 / 100).copied().unwrap_or_default())
    });
    println!("file: {path} ({mb:.1} MB, {entries} entries, {n} diagnoses)");
    println!("serde_json::Value parse        median of {runs}: {:>8.1} ms  ({:.0} MB/s)", value.as_secs_f64() * 1e3, mb / value.as_secs_f64());
    println!("why405 parse_har               median of {runs}: {:>8.1} ms  ({:.0} MB/s)", parse.as_secs_f64() * 1e3, mb / parse.as_secs_f64());
    println!("why405 parse + full diagnosis  median of {runs}: {:>8.1} ms  ({:.2}x serde_json::Value)", full.as_secs_f64() * 1e3, full.as_secs_f64() / value.as_secs_f64());
    if let Some((med, p99)) = incr {
        println!("incremental push of one entry into a full engine: median {:.3} ms, p99 {:.3} ms", med.as_secs_f64() * 1e3, p99.as_secs_f64() * 1e3);
    }
}
