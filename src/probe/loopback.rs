//! Tests only: a tiny HTTP server on 127.0.0.1 that records every request it gets and answers each with what the
//! test says (one request per connection). The probe's tests and the contract's live tests both use it.

use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// A request as the server saw it.
#[derive(Debug, Clone)]
pub(crate) struct Seen {
    pub method: String,
    pub path: String,
    /// The request line and the headers, as received.
    pub head: String,
    pub headers: Vec<(String, String)>,
    pub body: String,
}

impl Seen {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(n, _)| n.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    }
}

/// What the server answers a request with: the whole response, or `""` to never answer (the connection is held
/// until the client gives up).
pub(crate) type Answerer = dyn Fn(&Seen) -> String + Send + Sync;

/// Serves `answer` on 127.0.0.1; returns the base URL and the requests received, in order.
pub(crate) fn serve(answer: Arc<Answerer>) -> (String, Arc<Mutex<Vec<Seen>>>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let seen = Arc::new(Mutex::new(Vec::new()));
    let log = seen.clone();
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { return };
            stream.set_read_timeout(Some(Duration::from_secs(5))).unwrap();
            let mut reader = BufReader::new(stream.try_clone().unwrap());
            let req = read(&mut reader);
            log.lock().unwrap().push(req.clone());
            let reply = answer(&req);
            if reply.is_empty() {
                let _ = reader.read_line(&mut String::new());
                continue;
            }
            let _ = stream.write_all(reply.as_bytes());
        }
    });
    (base, seen)
}

fn read(reader: &mut impl BufRead) -> Seen {
    let mut head = String::new();
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).unwrap_or(0) == 0 || line == "\r\n" {
            break;
        }
        head.push_str(&line);
    }
    let mut parts = head.split(' ');
    let (method, path) = (parts.next().unwrap_or("").to_string(), parts.next().unwrap_or("").to_string());
    let headers = head
        .lines()
        .skip(1)
        .filter_map(|l| l.split_once(':'))
        .map(|(n, v)| (n.trim().to_string(), v.trim().to_string()))
        .collect();
    let mut req = Seen { method, path, head, headers, body: String::new() };
    let len: usize = req.header("content-length").and_then(|v| v.parse().ok()).unwrap_or(0);
    let mut body = vec![0; len];
    let _ = reader.read_exact(&mut body);
    req.body = String::from_utf8_lossy(&body).into_owned();
    req
}

/// A response with `status`, `headers` (each ending in CRLF) and `body`.
pub(crate) fn reply(status: &str, headers: &str, body: &str) -> String {
    format!("HTTP/1.1 {status}\r\n{headers}Content-Length: {}\r\nConnection: close\r\n\r\n{body}", body.len())
}
