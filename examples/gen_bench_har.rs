//! Generates the benchmark HAR from the captured fixtures: every fixture's
//! entries, repeated with a distinct `rep=N` query parameter (preflight
//! `_initiator.url`, `redirectURL` and `Location` rewritten to match) until
//! the file reaches the requested size.
//!
//! cargo run --release --example gen_bench_har -- OUT.har [MEGABYTES]

use std::io::Write;
use std::path::Path;

use serde_json::Value;

fn with_rep(url: &str, rep: usize) -> String {
    let (main, frag) = url.split_once('#').map_or((url, None), |(m, f)| (m, Some(f)));
    let sep = if main.contains('?') { '&' } else { '?' };
    let mut s = format!("{main}{sep}rep={rep}");
    if let Some(f) = frag {
        s.push('#');
        s.push_str(f);
    }
    s
}

fn rewrite(entry: &Value, rep: usize) -> Value {
    let mut e = entry.clone();
    if let Some(u) = e.pointer("/request/url").and_then(Value::as_str).map(|u| with_rep(u, rep)) {
        e["request"]["url"] = Value::String(u);
    }
    if let Some(u) = e
        .pointer("/_initiator/url")
        .and_then(Value::as_str)
        .filter(|_| e.pointer("/_initiator/type").and_then(Value::as_str) == Some("preflight"))
        .map(|u| with_rep(u, rep))
    {
        e["_initiator"]["url"] = Value::String(u);
    }
    if let Some(u) =
        e.pointer("/response/redirectURL").and_then(Value::as_str).filter(|u| !u.is_empty()).map(|u| with_rep(u, rep))
    {
        e["response"]["redirectURL"] = Value::String(u);
    }
    if let Some(hs) = e.pointer_mut("/response/headers").and_then(Value::as_array_mut) {
        for h in hs {
            if h["name"].as_str().is_some_and(|n| n.eq_ignore_ascii_case("location")) {
                if let Some(v) = h["value"].as_str().map(|v| with_rep(v, rep)) {
                    h["value"] = Value::String(v);
                }
            }
        }
    }
    e
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let out = args.first().ok_or("usage: gen_bench_har OUT.har [MEGABYTES]")?;
    let target_mb: usize = args.get(1).map(|s| s.parse()).transpose()?.unwrap_or(100);
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let mut dirs: Vec<_> = std::fs::read_dir(&root)?
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.join("input.har").is_file())
        .collect();
    dirs.sort();
    let mut groups: Vec<Vec<Value>> = Vec::new();
    for d in &dirs {
        let har: Value = serde_json::from_slice(&std::fs::read(d.join("input.har"))?)?;
        if let Some(es) = har.pointer("/log/entries").and_then(Value::as_array) {
            groups.push(es.clone());
        }
    }
    if groups.is_empty() {
        return Err("no fixtures under tests/fixtures".into());
    }
    let target = target_mb * 1024 * 1024;
    let mut f = std::io::BufWriter::new(std::fs::File::create(out)?);
    let head = r#"{"log":{"version":"1.2","creator":{"name":"WebInspector","version":"537.36"},"pages":[],"entries":["#;
    f.write_all(head.as_bytes())?;
    let mut written = head.len();
    let mut count = 0usize;
    let mut rep = 0usize;
    'outer: loop {
        for g in &groups {
            for e in g {
                let s = serde_json::to_string_pretty(&rewrite(e, rep))?;
                if count > 0 {
                    f.write_all(b",\n")?;
                    written += 2;
                }
                f.write_all(s.as_bytes())?;
                written += s.len();
                count += 1;
            }
            rep += 1;
            if written >= target && count >= 20_000 {
                break 'outer;
            }
        }
    }
    f.write_all(b"]}}\n")?;
    f.flush()?;
    eprintln!(
        "wrote {out}: {count} entries, {:.1} MB, {} fixture groups x {rep} reps",
        written as f64 / 1048576.0,
        groups.len()
    );
    Ok(())
}
