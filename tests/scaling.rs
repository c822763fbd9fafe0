//! Linear cost on the hostile shapes of issue 11, checked by counting work, not by timing (timings are
//! `./build.sh bench scaling`'s job): each shape (`benches/shapes.rs`, built from captured fixtures) goes into
//! an engine one entry at a time, as the panel feeds it, and whole, as the CLI does; the diagnoses computed
//! ([`Engine::diagnosed`]) at 4n must stay within 4.5x of those at n. The HAR export reads each exported entry
//! at most twice (once to learn its secrets, once to write it).

#[allow(dead_code)]
#[path = "../benches/shapes.rs"]
mod shapes;

use std::cell::Cell;

use why405::engine::Engine;
use why405::har::parse_har;
use why405::redact::RedactionPolicy;
use why405::report::{self, Format, Options, Selection};

fn engine(shape: &str, n: usize, one_at_a_time: bool) -> Engine {
    let har = parse_har(&shapes::document(shapes::entries(shape, n))).expect("readable");
    assert_eq!(har.entries.len(), n, "{shape}: every entry read");
    if one_at_a_time {
        let mut e = Engine::new();
        for x in har.entries {
            e.push(x);
        }
        e
    } else {
        Engine::from_har(har)
    }
}

#[test]
fn diagnoses_computed_grow_linearly_with_the_capture() {
    for shape in ["methods", "preflight_other", "express404", "s3", "fixtures", "tiny"] {
        for one_at_a_time in [true, false] {
            // the fixtures' mix differs from one fixture to the next: n is a whole pass over them, so that n and 4n
            // hold the same mix (the first 60 entries were a different mix from the first 240: a new fixture moved
            // the ratio)
            let n = if shape == "fixtures" { shapes::fixtures_cycle() } else { 60 };
            let small = engine(shape, n, one_at_a_time).diagnosed();
            let big = engine(shape, 4 * n, one_at_a_time).diagnosed();
            let ratio = big as f64 / small.max(1) as f64;
            assert!(
                ratio <= 4.5,
                "{shape} ({}): {small} diagnoses at n = {n}, {big} at 4n: x{ratio:.1}",
                if one_at_a_time { "pushed one at a time" } else { "whole" }
            );
        }
    }
}

#[test]
fn the_har_export_reads_each_entry_at_most_twice() {
    let har = parse_har(&shapes::document(shapes::entries("fixtures", 300))).expect("readable");
    let e = Engine::from_har(har);
    let r = report::redactor_for(&e, RedactionPolicy::default());
    let reads = Cell::new(0usize);
    let raw = |_: usize| {
        reads.set(reads.get() + 1);
        None
    };
    let opts = Options { selection: Selection::All, raw: Some(&raw), ..Options::new(&r) };
    let out = report::render_to_string(Format::Har, &e, &opts);
    let written =
        serde_json::from_str::<serde_json::Value>(&out).expect("json")["log"]["entries"].as_array().map_or(0, Vec::len);
    assert_eq!(written, e.entries().len());
    assert!(reads.get() <= 2 * written, "{} reads for {written} entries", reads.get());
}
