//! Sending the live checks' requests: `--concurrency` threads taking requests in order, `--rate` a token bucket
//! shared by them (each redirect hop takes a token too), each request bounded by the client's timeout. The answers
//! come back in the requests' order whatever the number of threads.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use super::ask::Request;
use super::Progress;
use crate::probe::{next_hop, Client, Sent, MAX_REDIRECTS};

/// A token bucket: `per_second` tokens a second, at most `capacity` saved up; a request takes one token, waiting
/// for it when none is left (the wait is reserved at once, so concurrent takers queue up fairly).
#[derive(Debug, Clone)]
pub struct Bucket {
    per_second: f64,
    capacity: f64,
    tokens: f64,
    last: Option<Instant>,
}

impl Bucket {
    /// A bucket for `per_second` requests a second (at least one request may go at once).
    pub fn new(per_second: f64) -> Self {
        let capacity = per_second.max(1.0);
        Bucket { per_second, capacity, tokens: 1.0, last: None }
    }

    /// Takes a token at `now`; returns how long to wait before sending.
    pub fn reserve(&mut self, now: Instant) -> Duration {
        if let Some(last) = self.last {
            let refill = now.saturating_duration_since(last).as_secs_f64() * self.per_second;
            self.tokens = (self.tokens + refill).min(self.capacity);
        }
        self.last = Some(now.max(self.last.unwrap_or(now)));
        self.tokens -= 1.0;
        if self.tokens >= 0.0 {
            Duration::ZERO
        } else {
            Duration::from_secs_f64((-self.tokens / self.per_second).min(3600.0))
        }
    }
}

/// `--rate`: no limit, or a shared bucket (the product sleeps for a token; the tests drive [`Bucket`] with their own
/// clock).
struct Limiter(Option<Mutex<Bucket>>);

impl Limiter {
    fn wait(&self) {
        let Some(bucket) = &self.0 else { return };
        let wait = match bucket.lock() {
            Ok(mut b) => b.reserve(Instant::now()),
            Err(poisoned) => poisoned.into_inner().reserve(Instant::now()),
        };
        if !wait.is_zero() {
            std::thread::sleep(wait);
        }
    }
}

/// Sends every request (`None`: nothing to send), `concurrency` at a time, at most `rate` a second; returns each
/// one's exchanges (the request, then its redirect hops) in the requests' order.
pub fn send_all(
    requests: &[Option<Request>],
    client: &Client,
    concurrency: usize,
    rate: Option<f64>,
    progress: Progress<'_>,
) -> Vec<Vec<Sent>> {
    let limiter = Limiter(rate.filter(|r| r.is_finite() && *r > 0.0).map(|r| Mutex::new(Bucket::new(r))));
    let next = AtomicUsize::new(0);
    let done = AtomicUsize::new(0);
    let total = requests.len();
    let work = || {
        let mut mine = Vec::new();
        loop {
            let i = next.fetch_add(1, Ordering::SeqCst);
            let Some(r) = requests.get(i) else { break };
            let sent = r.as_ref().map(|r| send_one(r, client, &limiter)).unwrap_or_default();
            mine.push((i, sent));
            progress(done.fetch_add(1, Ordering::SeqCst) + 1, total);
        }
        mine
    };
    let mut all: Vec<(usize, Vec<Sent>)> = std::thread::scope(|s| {
        let threads: Vec<_> = (0..concurrency.clamp(1, total.max(1))).map(|_| s.spawn(work)).collect();
        threads.into_iter().flat_map(|t| t.join().unwrap_or_default()).collect()
    });
    all.sort_by_key(|(i, _)| *i);
    let mut out: Vec<Vec<Sent>> = vec![Vec::new(); total];
    for (i, sent) in all {
        out[i] = sent;
    }
    out
}

/// One request, and its redirect hops when it follows them (GET and HEAD).
fn send_one(r: &Request, client: &Client, limiter: &Limiter) -> Vec<Sent> {
    let mut out = Vec::new();
    let mut step = r.step.clone();
    for _ in 0..=MAX_REDIRECTS {
        limiter.wait();
        let s = client.send_with_body(&step, if out.is_empty() { r.body.as_deref() } else { None });
        let next = s.result.as_ref().ok().and_then(|a| next_hop(&step, a));
        out.push(s);
        match next {
            Some(n) => step = n,
            None => break,
        }
    }
    out
}
