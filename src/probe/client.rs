//! Sending: one plain HTTP/1.1 exchange per request of the plan, over `ureq` (rustls, no proxy, no cookies, no
//! automatic redirects), bounded by a timeout; a failure is named the way Chromium names it in a HAR's `_error`.

use std::fmt;
use std::io::Read;
use std::time::{Duration, Instant, SystemTime};

use ureq::config::AutoHeaderValue;
use ureq::Agent;

use super::plan::Step;
use crate::http::reason_phrase;

/// How much of a response body is kept (enough for every body signature and error page).
pub const BODY_CAP: u64 = 64 * 1024;

/// A response as received.
#[derive(Debug, Clone, Default)]
pub struct Answer {
    pub status: u16,
    pub status_text: String,
    pub http_version: String,
    pub headers: Vec<(String, String)>,
    /// The body, cut at [`BODY_CAP`] bytes.
    pub body: Vec<u8>,
}

/// Why no response arrived.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Failure {
    /// Nothing within the timeout.
    Timeout(Duration),
    /// The server refused the connection (nothing listens on that port).
    Refused(String),
    /// The host name does not resolve.
    NameNotResolved,
    /// The TLS handshake failed (certificate, protocol).
    Tls(String),
    /// The connection failed or broke otherwise.
    Connection(String),
}

impl Failure {
    /// The name Chromium gives this failure in a HAR's `_error`.
    pub fn net_error(&self) -> &'static str {
        match self {
            Failure::Timeout(_) => "net::ERR_TIMED_OUT",
            Failure::Refused(_) => "net::ERR_CONNECTION_REFUSED",
            Failure::NameNotResolved => "net::ERR_NAME_NOT_RESOLVED",
            Failure::Tls(_) => "net::ERR_SSL_PROTOCOL_ERROR",
            Failure::Connection(_) => "net::ERR_CONNECTION_FAILED",
        }
    }
}

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Failure::Timeout(t) => write!(f, "no answer within {} s (timed out)", t.as_secs_f64()),
            Failure::Refused(d) => write!(f, "connection refused ({d})"),
            Failure::NameNotResolved => f.write_str("the host name does not resolve (DNS)"),
            Failure::Tls(d) => write!(f, "TLS handshake failed: {d}"),
            Failure::Connection(d) => write!(f, "connection failed: {d}"),
        }
    }
}

/// One request sent and what came back.
#[derive(Debug, Clone)]
pub struct Sent {
    pub step: Step,
    pub started: SystemTime,
    pub elapsed: Duration,
    pub result: Result<Answer, Failure>,
}

/// The HTTP client: one agent, its timeout applying to each request as a whole (connect, send, receive).
pub struct Client {
    agent: Agent,
    timeout: Duration,
}

impl Client {
    pub fn new(timeout: Duration) -> Self {
        let agent: Agent = Agent::config_builder()
            .http_status_as_error(false)
            .max_redirects(0)
            .proxy(None)
            .timeout_global(Some(timeout))
            .user_agent(AutoHeaderValue::None)
            .accept(AutoHeaderValue::None)
            .accept_encoding(AutoHeaderValue::None)
            .allow_non_standard_methods(true)
            .max_idle_connections(0)
            .build()
            .into();
        Client { agent, timeout }
    }

    /// Sends `step` once (no redirect followed).
    pub fn send(&self, step: &Step) -> Sent {
        self.send_with_body(step, None)
    }

    /// Sends `step` once with `body` (`why405 contract --allow-writes`: the spec's example body), no redirect
    /// followed.
    pub fn send_with_body(&self, step: &Step, body: Option<&[u8]>) -> Sent {
        let started = SystemTime::now();
        let clock = Instant::now();
        let result = self.exchange(step, body);
        Sent { step: step.clone(), started, elapsed: clock.elapsed(), result }
    }

    fn exchange(&self, step: &Step, body: Option<&[u8]>) -> Result<Answer, Failure> {
        let mut builder = ureq::http::Request::builder().method(step.method.as_str()).uri(step.url.as_str());
        for h in step.headers.iter() {
            builder = builder.header(h.name.as_str(), &*h.value);
        }
        let bad = |e: ureq::http::Error| Failure::Connection(e.to_string());
        let response = match body {
            // no body at all (not an empty one): nothing but the plan's headers goes out
            None => self.agent.run(builder.body(()).map_err(bad)?),
            Some(b) => self.agent.run(builder.body(b).map_err(bad)?),
        }
        .map_err(|e| self.failure(e))?;
        let status = response.status().as_u16();
        let http_version = format!("{:?}", response.version());
        let headers = response
            .headers()
            .iter()
            .map(|(n, v)| (n.as_str().to_string(), String::from_utf8_lossy(v.as_bytes()).into_owned()))
            .collect();
        let mut body = Vec::new();
        let reader = response.into_body().into_reader();
        reader.take(BODY_CAP).read_to_end(&mut body).map_err(|e| self.io_failure(&e))?;
        Ok(Answer { status, status_text: reason_phrase(status).to_string(), http_version, headers, body })
    }

    fn failure(&self, e: ureq::Error) -> Failure {
        match e {
            ureq::Error::Timeout(_) => Failure::Timeout(self.timeout),
            ureq::Error::HostNotFound => Failure::NameNotResolved,
            ureq::Error::Io(io) => self.io_failure(&io),
            ureq::Error::Tls(d) => Failure::Tls(d.to_string()),
            ureq::Error::Rustls(r) => Failure::Tls(r.to_string()),
            ureq::Error::ConnectionFailed => Failure::Connection("no connection could be made".into()),
            other => Failure::Connection(other.to_string()),
        }
    }

    fn io_failure(&self, e: &std::io::Error) -> Failure {
        use std::io::ErrorKind;
        match e.kind() {
            ErrorKind::ConnectionRefused => Failure::Refused(e.to_string()),
            ErrorKind::TimedOut | ErrorKind::WouldBlock => Failure::Timeout(self.timeout),
            _ => match e.get_ref().and_then(|inner| inner.downcast_ref::<ureq::Error>()) {
                Some(ureq::Error::Timeout(_)) => Failure::Timeout(self.timeout),
                _ => Failure::Connection(e.to_string()),
            },
        }
    }
}
