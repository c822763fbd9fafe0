//! Caps: everything a hostile or merely huge file could make the reader keep
//! is bounded here. Whatever is cut is cut on a char boundary and (except for
//! bodies, which are always cut) noted in `Har::warnings`.

/// How many bytes of a response or request body are kept. Diagnoses need the
/// first lines of an error page ("Method not allowed. Must be one of:
/// OPTIONS", "Cannot POST /x", `<center>nginx</center>`), never megabytes.
pub const BODY_KEEP: usize = 4096;

/// Longest URL kept (`request.url`, `redirectURL`, `_initiator.url`, frame
/// URLs). Chrome records `data:` URLs whole; the engine only needs origin and
/// path.
pub const MAX_URL: usize = 64 * 1024;
/// Longest header value kept (a 50 MB cookie or CSP header is cut here).
pub const MAX_HEADER_VALUE: usize = 64 * 1024;
/// Longest header name kept.
pub const MAX_HEADER_NAME: usize = 1024;
/// Longest other text kept (status text, MIME types, dates, ids, names).
pub const MAX_TEXT: usize = 64 * 1024;
/// How many headers of one list are kept; the rest are counted and dropped.
pub const MAX_HEADERS: usize = 1024;
/// How many `postData.params` are kept.
pub const MAX_PARAMS: usize = 1024;
/// How many `log.pages` are kept.
pub const MAX_PAGES: usize = 10_000;
/// How many warnings are kept; one final warning counts the rest. A file of a
/// million unreadable entries must not turn into a million messages.
pub const MAX_WARNINGS: usize = 1000;
/// How many characters of a body are looked at before decoding: enough base64
/// (with line breaks) for [`BODY_KEEP`] decoded bytes.
pub(super) const BODY_RAW_CAP: usize = BODY_KEEP * 2;
/// How many `callFrames` of one stack are looked at (the first readable one wins).
pub(super) const MAX_FRAMES: usize = 4;
