//! Responses → HAR entries: each request sent becomes the [`Entry`] the reader would have made of a browser's
//! capture of it (the preflight marked `_resourceType: "preflight"` with a `preflight` initiator, a redirect's
//! `redirectURL` resolved, a failure as Chromium's `_error` with status 0), so that the engine diagnoses a probe
//! exactly as it diagnoses a HAR.

use std::time::{SystemTime, UNIX_EPOCH};

use super::client::Sent;
use super::plan::Purpose;
use crate::har::{Content, Entry, Initiator, Request, Response};
use crate::http::{resolve_location, Headers};

/// The entry for one request sent; `index` is its position among the probe's entries.
pub fn entry(sent: &Sent, index: usize) -> Entry {
    let step = &sent.step;
    let preflight = step.purpose == Purpose::Preflight;
    let request = Request {
        method: step.method.clone(),
        url: step.url.clone(),
        http_version: "HTTP/1.1".into(),
        headers: step.headers.clone(),
        post_data: None,
        body_size: 0,
    };
    Entry {
        index,
        started: rfc3339(sent.started).into(),
        time_ms: sent.elapsed.as_secs_f64() * 1000.0,
        pageref: None,
        request,
        response: response(sent),
        resource_type: Some(if preflight { "preflight" } else { "fetch" }.into()),
        initiator: preflight.then(|| {
            Box::new(Initiator { kind: "preflight".into(), url: Some(step.url.clone()), ..Initiator::default() })
        }),
        server_ip: None,
    }
}

/// The response part: the answer as received, or status 0 with the failure's Chromium name.
fn response(sent: &Sent) -> Response {
    let answer = match &sent.result {
        Ok(a) => a,
        Err(f) => return Response { error: Some(f.net_error().into()), ..Response::default() },
    };
    let mut headers = Headers::new();
    for (n, v) in &answer.headers {
        headers.push(n.as_str(), v.as_str());
    }
    let redirect_url = match answer.status {
        300..=399 => headers.get("location").map(|l| resolve_location(&sent.step.url, l).into_boxed_str()),
        _ => None,
    };
    let mime_type = headers.get("content-type").unwrap_or_default().into();
    let text = (!answer.body.is_empty()).then(|| String::from_utf8_lossy(&answer.body).into_owned());
    Response {
        status: answer.status,
        status_text: answer.status_text.as_str().into(),
        http_version: answer.http_version.as_str().into(),
        redirect_url,
        content: Content { mime_type, size: answer.body.len() as u64, text },
        headers,
        error: None,
        // a probe is sent from here, never through a page's service worker
        via_service_worker: false,
    }
}

/// `time` as RFC 3339 in UTC with milliseconds, as browsers write `startedDateTime`.
pub fn rfc3339(time: SystemTime) -> String {
    let d = time.duration_since(UNIX_EPOCH).unwrap_or_default();
    let secs = d.as_secs();
    let (days, rem) = (secs / 86_400, secs % 86_400);
    // civil from days (Howard Hinnant's algorithm)
    let z = days as i64 + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}.{:03}Z",
        rem / 3600,
        rem % 3600 / 60,
        rem % 60,
        d.subsec_millis()
    )
}
