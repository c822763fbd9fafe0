//! The panel's state and its reducer: every change goes through
//! [`State::apply`]. Pure Rust (no DOM, no `html!`), so it is unit-tested
//! natively; the Yew components only render it and send it [`Action`]s.
//! It builds no export: their text comes from [`crate::exports`].

use why405::diagnose::view::ShownStatus;
use why405::diagnose::{Cause, Diagnosis};
use why405::engine::Engine;
use why405::har::{parse_entry, HarError};

/// Height of one list row in CSS pixels (the list is virtualised on it).
pub const ROW_HEIGHT: f64 = 24.0;
/// Rows rendered above and below the viewport.
pub const OVERSCAN: usize = 8;

/// Where the requests come from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// Captured live by the DevTools page (the extension).
    Live,
    /// A HAR file the user loaded (the standalone page).
    File,
}

impl Mode {
    pub fn parse(s: &str) -> Mode {
        if s.eq_ignore_ascii_case("file") {
            Mode::File
        } else {
            Mode::Live
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Filter {
    /// Requests that failed or have a method/CORS problem (the default).
    Failing,
    All,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Theme {
    Light,
    Dark,
}

impl Theme {
    /// `chrome.devtools.panels.themeName` values: `"default"`, `"dark"`.
    pub fn parse(s: &str) -> Theme {
        if s.eq_ignore_ascii_case("dark") {
            Theme::Dark
        } else {
            Theme::Light
        }
    }
    pub fn as_str(self) -> &'static str {
        match self {
            Theme::Light => "light",
            Theme::Dark => "dark",
        }
    }
}

/// Keyboard navigation in the list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Nav {
    Up,
    Down,
    PageUp,
    PageDown,
    Home,
    End,
    /// Open the focused request's detail.
    Open,
    /// Close the detail.
    Back,
}

/// Maps a `KeyboardEvent.key` to a navigation step.
pub fn nav_for_key(key: &str) -> Option<Nav> {
    Some(match key {
        "ArrowUp" | "k" => Nav::Up,
        "ArrowDown" | "j" => Nav::Down,
        "PageUp" => Nav::PageUp,
        "PageDown" => Nav::PageDown,
        "Home" => Nav::Home,
        "End" => Nav::End,
        "Enter" | " " => Nav::Open,
        "Escape" | "Backspace" => Nav::Back,
        _ => return None,
    })
}

/// Everything that can happen to the panel.
#[derive(Debug)]
pub enum Action {
    /// HAR entries (one JSON object each), in capture order.
    Entries(Vec<String>),
    /// The capture was cleared (navigation without "preserve log"): with
    /// the requests goes what was said about them (the status line).
    Clear,
    /// The capture starts over (the panel subscribed again; the entries
    /// follow): the requests go, the status line stays.
    Reset,
    /// A whole HAR file (standalone page; the slow path of a chunked load).
    LoadHar {
        name: String,
        bytes: Vec<u8>,
    },
    /// A chunked load started (`total` bytes).
    LoadStart {
        name: String,
        total: u64,
    },
    /// A chunked load read `done` bytes; `diagnosing` once all are parsed.
    LoadProgress {
        done: u64,
        diagnosing: bool,
    },
    /// A chunked load ended: the diagnosed engine and each entry's byte
    /// range in the file (kept for the HAR export), or why the file cannot
    /// be read.
    LoadDone {
        name: String,
        result: Result<Box<crate::loader::Loaded>, HarError>,
    },
    /// The "Include secrets" checkbox (never persisted; off after each export).
    SetIncludeSecrets(bool),
    SetFilter(Filter),
    SetPreserveLog(bool),
    SetTheme(Theme),
    DismissNotice,
    /// Requests of the inspected page the capture could not see (made
    /// before DevTools was opened), as the capture counted them.
    Unseen(usize),
    /// A line in the toolbar ("Downloaded why405.json…", "Copied"); it
    /// belongs to the page: a navigation that clears the capture clears it.
    Status(Option<String>),
    Nav(Nav),
    /// Focus and open one request (by diagnosis id), e.g. a click.
    Open(usize),
    /// The list's scroll position and visible height changed.
    Viewport {
        scroll_top: f64,
        height: f64,
    },
    /// The Probe action (`crate::probe`).
    Probe(crate::probe::ProbeAction),
}

/// One list row, ready to render.
#[derive(Debug, Clone, PartialEq)]
pub struct RowView {
    pub id: usize,
    /// Position in the visible list (for `aria-rowindex` and layout).
    pub index: usize,
    pub method: String,
    pub path: String,
    pub url: String,
    /// The real status (the preflight's when the preflight decided); 0 = none.
    pub status: u16,
    /// "405", "no response".
    pub status_label: String,
    /// The status is the preflight's (the request itself was never sent).
    pub via_preflight: bool,
    /// The browser reported a CORS error.
    pub cors: bool,
    pub cause: Cause,
    pub cause_label: &'static str,
    pub failed: bool,
    pub problem: bool,
    pub focused: bool,
    pub open: bool,
}

/// The short badge text of a cause.
pub fn cause_badge(d: &Diagnosis) -> &'static str {
    match d.cause {
        Cause::CorsPreflight => "CORS preflight",
        Cause::CatchAllOptions => "catch-all OPTIONS",
        Cause::MethodMismatch => "method mismatch",
        Cause::ServerRule => "server rule",
        Cause::RedirectMethodChange => "redirect changed method",
        Cause::NotMethodRelated if d.needs_probe => "needs probe",
        Cause::NotMethodRelated if d.failed => "not method-related",
        Cause::NotMethodRelated => "ok",
    }
}

/// A path split for shortening from the middle: (head, tail, query). The
/// tail is the last segment with its `/` (and the segment before it when
/// the last is short, an id: `/items/42`), the query from its `?`. The list
/// lets the query, then the head, give way first: `/api/v1/ite…/items/42`.
pub fn split_path(path: &str) -> (&str, &str, &str) {
    let (p, query) = path.find('?').map_or((path, ""), |i| path.split_at(i));
    let trimmed = p.strip_suffix('/').unwrap_or(p);
    let mut cut = trimmed.rfind('/').unwrap_or(0);
    if trimmed.len() - cut <= 5 {
        cut = trimmed[..cut].rfind('/').unwrap_or(cut);
    }
    let (head, tail) = p.split_at(cut);
    (head, tail, query)
}

/// The status the detail shows: `405`, `405 · preflight`, `no response`.
pub fn status_label(d: &Diagnosis) -> String {
    match d.shown_status() {
        ShownStatus::Preflight(s) => format!("{s} · preflight"),
        shown => shown.to_string(),
    }
}

/// Where the original JSON of each engine entry is, for the HAR export.
#[derive(Debug, Clone, Default)]
pub enum RawEntries {
    /// Not kept: the export rebuilds entries from the model.
    #[default]
    None,
    /// The JSON text itself (live capture), by engine index.
    Text(Vec<String>),
    /// Byte ranges in the loaded file (chunked load), by engine index.
    Ranges(Vec<(u64, u64)>),
}

/// A file being read in chunks.
#[derive(Debug, Clone, PartialEq)]
pub struct Loading {
    pub name: String,
    pub done: u64,
    pub total: u64,
    pub diagnosing: bool,
}

/// The panel's state.
#[derive(Debug)]
pub struct State {
    pub mode: Mode,
    pub engine: Engine,
    /// Entries received since the last clear (readable or not): the index
    /// an unreadable entry is reported under.
    pub received: usize,
    pub filter: Filter,
    pub preserve_log: bool,
    pub theme: Theme,
    pub notice_dismissed: bool,
    /// Requests of the page the capture could not see (the notice says so when > 0).
    pub unseen: usize,
    /// The toolbar's status line (page-scoped: cleared with the capture).
    pub status: Option<String>,
    /// Diagnosis ids shown, ascending (the order requests were first seen).
    pub visible: Vec<usize>,
    /// Counts for the filter buttons.
    pub failing_count: usize,
    pub total_count: usize,
    /// The focused row (diagnosis id).
    pub cursor: Option<usize>,
    /// The request whose detail is open (diagnosis id).
    pub open: Option<usize>,
    pub scroll_top: f64,
    pub viewport_height: f64,
    /// Name of the loaded file (file mode).
    pub file_name: Option<String>,
    /// Why the loaded file could not be read at all (file mode).
    pub load_error: Option<String>,
    /// A file being read (file mode).
    pub loading: Option<Loading>,
    /// Exports include secrets (off by default, never persisted).
    pub include_secrets: bool,
    /// The original JSON of the entries, for the HAR export.
    pub raw: RawEntries,
    /// The probes sent from the panel and the open preview (`crate::probe`).
    pub probes: crate::probe::Probes,
}

impl State {
    pub fn new(mode: Mode) -> Self {
        State {
            mode,
            engine: Engine::new(),
            received: 0,
            filter: Filter::Failing,
            preserve_log: false,
            theme: Theme::Light,
            notice_dismissed: false,
            unseen: 0,
            status: None,
            visible: Vec::new(),
            failing_count: 0,
            total_count: 0,
            cursor: None,
            open: None,
            scroll_top: 0.0,
            viewport_height: 600.0,
            file_name: None,
            load_error: None,
            loading: None,
            include_secrets: false,
            raw: RawEntries::None,
            probes: crate::probe::Probes::default(),
        }
    }

    /// Applies one action; returns true when the view must re-render.
    pub fn apply(&mut self, action: Action) -> bool {
        match action {
            Action::Entries(list) => self.add_entries(list),
            Action::Clear => {
                self.status = None;
                self.clear()
            }
            Action::Reset => self.clear(),
            Action::LoadHar { name, bytes } => self.load_har(name, bytes),
            Action::LoadStart { name, total } => {
                self.loading = Some(Loading { name, done: 0, total, diagnosing: false });
                true
            }
            Action::LoadProgress { done, diagnosing } => self.load_progress(done, diagnosing),
            Action::LoadDone { name, result } => self.load_done(name, result),
            Action::SetIncludeSecrets(v) => std::mem::replace(&mut self.include_secrets, v) != v,
            Action::SetFilter(f) => self.set_filter(f),
            Action::SetPreserveLog(v) => std::mem::replace(&mut self.preserve_log, v) != v,
            Action::SetTheme(t) => std::mem::replace(&mut self.theme, t) != t,
            Action::DismissNotice => !std::mem::replace(&mut self.notice_dismissed, true),
            Action::Unseen(n) => std::mem::replace(&mut self.unseen, n) != n,
            Action::Status(text) => std::mem::replace(&mut self.status, text.clone()) != text,
            Action::Nav(nav) => self.navigate(nav),
            Action::Open(id) => self.open_request(id),
            Action::Viewport { scroll_top, height } => self.set_viewport(scroll_top, height),
            Action::Probe(a) => self.probe(a),
        }
    }

    /// Captured entries: the readable ones enter the engine (their JSON is
    /// kept for the HAR export), the others become warnings.
    fn add_entries(&mut self, list: Vec<String>) -> bool {
        if list.is_empty() {
            return false;
        }
        let mut entries = Vec::with_capacity(list.len());
        let mut kept = Vec::with_capacity(list.len());
        for json in list {
            match parse_entry(&json, self.received) {
                Ok(e) => {
                    entries.push(e);
                    kept.push(json);
                }
                Err(w) => self.engine.push_warning(w),
            }
            self.received += 1;
        }
        match &mut self.raw {
            RawEntries::Text(v) => v.extend(kept),
            raw => *raw = RawEntries::Text(kept),
        }
        let changed = match <[_; 1]>::try_from(entries) {
            Ok([one]) => self.engine.push(one),
            Err(many) if !many.is_empty() => self.engine.extend(many),
            Err(_) => Vec::new(),
        };
        if !self.probes.runs.is_empty() {
            self.resettle(&changed);
        }
        self.refresh();
        true
    }

    /// The capture was cleared: the requests go, the settings stay.
    fn clear(&mut self) -> bool {
        self.engine = Engine::new();
        self.raw = RawEntries::None;
        self.received = 0;
        self.cursor = None;
        self.open = None;
        self.scroll_top = 0.0;
        self.probes = crate::probe::Probes::default();
        self.refresh();
        true
    }

    #[cfg(feature = "file")]
    fn load_har(&mut self, name: String, bytes: Vec<u8>) -> bool {
        let har = why405::har::parse_har(&bytes);
        drop(bytes);
        self.loaded(name, har, RawEntries::None);
        true
    }

    #[cfg(not(feature = "file"))]
    fn load_har(&mut self, _name: String, _bytes: Vec<u8>) -> bool {
        false
    }

    fn load_progress(&mut self, done: u64, diagnosing: bool) -> bool {
        let Some(l) = &mut self.loading else { return false };
        l.done = done;
        l.diagnosing = diagnosing;
        true
    }

    fn load_done(&mut self, name: String, result: Result<Box<crate::loader::Loaded>, HarError>) -> bool {
        match result {
            Ok(l) => {
                let l = *l;
                let raw = l.ranges.map_or(RawEntries::None, RawEntries::Ranges);
                self.installed(name, Ok(l.engine), raw);
            }
            Err(e) => self.installed(name, Err(e), RawEntries::None),
        }
        true
    }

    fn set_filter(&mut self, f: Filter) -> bool {
        if self.filter == f {
            return false;
        }
        self.filter = f;
        self.scroll_top = 0.0;
        self.refresh();
        if let Some(c) = self.cursor_index() {
            self.scroll_into_view(c);
        }
        true
    }

    /// Focuses and opens request `id` (ignored when unknown).
    fn open_request(&mut self, id: usize) -> bool {
        if self.engine.diagnosis(id).is_none() {
            return false;
        }
        self.cursor = Some(id);
        self.open = Some(id);
        if let Some(i) = self.cursor_index() {
            self.scroll_into_view(i);
        }
        true
    }

    fn set_viewport(&mut self, scroll_top: f64, height: f64) -> bool {
        let changed = (scroll_top - self.scroll_top).abs() >= 0.5 || (height - self.viewport_height).abs() >= 0.5;
        self.scroll_top = scroll_top.max(0.0);
        self.viewport_height = height.max(0.0);
        // Re-render only when the window of rendered rows moves.
        changed
    }

    #[cfg(feature = "file")]
    fn loaded(&mut self, name: String, har: Result<why405::har::Har, HarError>, raw: RawEntries) {
        self.installed(name, har.map(Engine::from_har), raw);
    }

    fn installed(&mut self, name: String, engine: Result<Engine, HarError>, raw: RawEntries) {
        self.cursor = None;
        self.open = None;
        self.scroll_top = 0.0;
        self.file_name = Some(name);
        self.loading = None;
        match engine {
            Ok(engine) => {
                self.received = engine.entries().len() + engine.warnings.len();
                self.engine = engine;
                self.raw = raw;
                self.load_error = None;
            }
            Err(e) => {
                self.engine = Engine::new();
                self.raw = RawEntries::None;
                self.received = 0;
                self.load_error = Some(e.to_string());
            }
        }
        self.refresh();
    }

    /// Recomputes the visible list after the engine or the filter changed.
    pub(crate) fn refresh(&mut self) {
        let filter = self.filter;
        let mut failing = 0;
        let mut total = 0;
        self.visible.clear();
        for d in self.engine.diagnoses() {
            total += 1;
            let f = d.is_failing();
            failing += f as usize;
            if filter == Filter::All || f {
                self.visible.push(d.id);
            }
        }
        self.failing_count = failing;
        self.total_count = total;
        if let Some(id) = self.open {
            if self.engine.diagnosis(id).is_none() {
                self.open = None;
            }
        }
        if let Some(id) = self.cursor {
            if self.visible.binary_search(&id).is_err() {
                // The focused row left the list: keep the focus near it.
                let at = self.visible.partition_point(|&v| v < id);
                self.cursor = self.visible.get(at).or(self.visible.last()).copied();
            }
        }
    }

    /// Position of the focused row in the visible list.
    pub fn cursor_index(&self) -> Option<usize> {
        self.cursor.and_then(|id| self.visible.binary_search(&id).ok())
    }

    fn page_rows(&self) -> usize {
        ((self.viewport_height / ROW_HEIGHT).floor() as usize).saturating_sub(1).max(1)
    }

    fn navigate(&mut self, nav: Nav) -> bool {
        match nav {
            Nav::Back => self.open.take().is_some(),
            // Enter on the focused row opens it.
            Nav::Open if self.cursor_index().is_some() => {
                let changed = self.open != self.cursor;
                self.open = self.cursor;
                changed
            }
            _ => match self.nav_target(nav) {
                Some(next) => self.focus_at(next, nav == Nav::Open),
                None => false,
            },
        }
    }

    /// Where a key moves the focus (a visible-list position); `None` in an
    /// empty list.
    fn nav_target(&self, nav: Nav) -> Option<usize> {
        let last = self.visible.len().checked_sub(1)?;
        Some(match (nav, self.cursor_index()) {
            // Nothing focused yet: start at the end the key points to.
            (Nav::Up | Nav::End | Nav::PageUp, None) => last,
            (_, None) => 0,
            (Nav::Up, Some(i)) => i.saturating_sub(1),
            (Nav::Down, Some(i)) => (i + 1).min(last),
            (Nav::PageUp, Some(i)) => i.saturating_sub(self.page_rows()),
            (Nav::PageDown, Some(i)) => (i + self.page_rows()).min(last),
            (Nav::Home, _) => 0,
            (Nav::End, _) => last,
            // Handled by `navigate`: the focus stays.
            (Nav::Open | Nav::Back, Some(i)) => i,
        })
    }

    /// Focuses the row at visible-list position `index` (opening it with
    /// `open`, or when a detail is open: the detail follows the focus) and
    /// scrolls it into view.
    fn focus_at(&mut self, index: usize, open: bool) -> bool {
        let Some(&id) = self.visible.get(index) else { return false };
        let moved = self.cursor != Some(id);
        self.cursor = Some(id);
        if self.open.is_some() || open {
            self.open = Some(id);
        }
        self.scroll_into_view(index);
        moved || open
    }

    /// Scrolls so that row `index` is fully visible.
    fn scroll_into_view(&mut self, index: usize) {
        let top = index as f64 * ROW_HEIGHT;
        let bottom = top + ROW_HEIGHT;
        if top < self.scroll_top {
            self.scroll_top = top;
        } else if bottom > self.scroll_top + self.viewport_height {
            self.scroll_top = (bottom - self.viewport_height).max(0.0);
        }
    }

    /// The range of visible-list positions to render (viewport + overscan).
    pub fn window(&self) -> std::ops::Range<usize> {
        let n = self.visible.len();
        let first = (self.scroll_top / ROW_HEIGHT).floor() as usize;
        let count = (self.viewport_height / ROW_HEIGHT).ceil() as usize + 1;
        let start = first.saturating_sub(OVERSCAN).min(n);
        let end = (first + count + OVERSCAN).min(n);
        start..end
    }

    /// The rows to render.
    pub fn window_rows(&self) -> Vec<RowView> {
        self.window()
            .filter_map(|i| {
                let id = self.visible[i];
                let d = self.engine.diagnosis(id)?;
                Some(RowView {
                    id,
                    index: i,
                    method: d.method.as_str().to_string(),
                    path: d.path(),
                    url: d.url.clone(),
                    status: d.status,
                    status_label: match d.shown_status() {
                        ShownStatus::NoResponse => "no response".into(),
                        ShownStatus::Preflight(s) | ShownStatus::Response(s) => s.to_string(),
                    },
                    via_preflight: matches!(d.shown_status(), ShownStatus::Preflight(_)),
                    cors: d.cors_error.is_some(),
                    cause: d.cause,
                    cause_label: cause_badge(d),
                    failed: d.failed,
                    problem: d.problem,
                    focused: self.cursor == Some(id),
                    open: self.open == Some(id),
                })
            })
            .collect()
    }

    /// Total height of the list's scroll area.
    pub fn list_height(&self) -> f64 {
        self.visible.len() as f64 * ROW_HEIGHT
    }

    pub fn warnings(&self) -> &[HarError] {
        &self.engine.warnings
    }

    /// Show the "requests before DevTools opened" notice: only when the
    /// capture found such requests, and until dismissed.
    pub fn show_notice(&self) -> bool {
        self.mode == Mode::Live && !self.notice_dismissed && self.unseen > 0
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use why405::http::path_and_query;

    fn junk(n: usize) -> Vec<String> {
        (0..n).map(|i| format!("{{\"broken\": {i}")).collect()
    }

    #[test]
    fn unreadable_entries_become_warnings_and_are_counted() {
        let mut s = State::new(Mode::Live);
        assert!(s.apply(Action::Entries(junk(3))));
        assert_eq!(s.warnings().len(), 3);
        assert_eq!(s.received, 3);
        assert!(s.warnings()[2].location.contains('2'), "{:?}", s.warnings()[2]);
        assert!(s.visible.is_empty());
        // An empty batch changes nothing.
        assert!(!s.apply(Action::Entries(vec![])));
    }

    #[test]
    fn clear_resets_the_capture_but_not_the_settings() {
        let mut s = State::new(Mode::Live);
        s.apply(Action::SetPreserveLog(true));
        s.apply(Action::SetFilter(Filter::All));
        s.apply(Action::Entries(junk(2)));
        s.apply(Action::Clear);
        assert_eq!(s.received, 0);
        assert!(s.warnings().is_empty());
        assert!(s.preserve_log);
        assert_eq!(s.filter, Filter::All);
    }

    #[test]
    fn settings_report_whether_they_changed() {
        let mut s = State::new(Mode::Live);
        assert!(!s.apply(Action::SetFilter(Filter::Failing)));
        assert!(s.apply(Action::SetFilter(Filter::All)));
        assert!(s.apply(Action::SetTheme(Theme::Dark)));
        assert!(!s.apply(Action::SetTheme(Theme::Dark)));
        assert!(s.apply(Action::SetPreserveLog(true)));
        assert!(!s.apply(Action::SetPreserveLog(true)));
        // The notice only when the capture found requests it could not see.
        assert!(!s.show_notice());
        assert!(s.apply(Action::Unseen(2)));
        assert!(!s.apply(Action::Unseen(2)));
        assert!(s.show_notice());
        assert!(s.apply(Action::DismissNotice));
        assert!(!s.apply(Action::DismissNotice));
        assert!(!s.show_notice());
        assert!(!State::new(Mode::File).show_notice());
        let mut f = State::new(Mode::File);
        f.apply(Action::Unseen(1));
        assert!(!f.show_notice());
    }

    #[test]
    fn paths_split_to_keep_their_last_segment() {
        assert_eq!(split_path("/api/v1/items/42?run=1"), ("/api/v1", "/items/42", "?run=1"));
        assert_eq!(split_path("/api/v1/widgets"), ("/api/v1", "/widgets", ""));
        assert_eq!(split_path("/api/v1/widgets/"), ("/api/v1", "/widgets/", ""));
        assert_eq!(split_path("/items"), ("", "/items", ""));
        assert_eq!(split_path("/"), ("", "/", ""));
        assert_eq!(split_path("/?q=/a/b"), ("", "/", "?q=/a/b"));
        assert_eq!(split_path(""), ("", "", ""));
        assert_eq!(split_path("/é/ü/x"), ("/é", "/ü/x", ""));
    }

    #[test]
    fn a_navigation_that_clears_the_capture_clears_the_status() {
        let mut s = State::new(Mode::Live);
        assert!(s.apply(Action::Status(Some("Downloaded why405.json (secrets redacted)".into()))));
        assert!(!s.apply(Action::Status(Some("Downloaded why405.json (secrets redacted)".into()))));
        s.apply(Action::Entries(junk(1)));
        assert!(s.status.is_some(), "new entries keep it");
        s.apply(Action::Reset);
        assert!(s.status.is_some(), "the capture starting over (the panel subscribed again) keeps it");
        s.apply(Action::Clear);
        assert_eq!(s.status, None);
    }

    #[test]
    fn keys_map_to_navigation() {
        assert_eq!(nav_for_key("ArrowDown"), Some(Nav::Down));
        assert_eq!(nav_for_key("ArrowUp"), Some(Nav::Up));
        assert_eq!(nav_for_key("Enter"), Some(Nav::Open));
        assert_eq!(nav_for_key("Escape"), Some(Nav::Back));
        assert_eq!(nav_for_key("Home"), Some(Nav::Home));
        assert_eq!(nav_for_key("x"), None);
        assert_eq!(Theme::parse("dark"), Theme::Dark);
        assert_eq!(Theme::parse("default"), Theme::Light);
        assert_eq!(Mode::parse("file"), Mode::File);
    }

    /// A state whose visible list is `n` rows, without going through the
    /// engine (navigation and windowing only look at `visible`).
    fn with_rows(n: usize) -> State {
        let mut s = State::new(Mode::Live);
        s.visible = (0..n).collect();
        s.viewport_height = 10.0 * ROW_HEIGHT;
        s
    }

    #[test]
    fn arrow_keys_move_the_focus_and_keep_it_in_view() {
        let mut s = with_rows(100);
        assert!(s.apply(Action::Nav(Nav::Down)));
        assert_eq!(s.cursor, Some(0));
        for _ in 0..15 {
            s.apply(Action::Nav(Nav::Down));
        }
        assert_eq!(s.cursor, Some(15));
        // Row 15 is fully in the 10-row viewport.
        assert_eq!(s.scroll_top, 6.0 * ROW_HEIGHT);
        s.apply(Action::Nav(Nav::End));
        assert_eq!(s.cursor, Some(99));
        assert!(!s.apply(Action::Nav(Nav::Down)), "already at the end");
        s.apply(Action::Nav(Nav::Home));
        assert_eq!(s.cursor, Some(0));
        assert_eq!(s.scroll_top, 0.0);
        s.apply(Action::Nav(Nav::PageDown));
        assert_eq!(s.cursor, Some(9));
        s.apply(Action::Nav(Nav::PageUp));
        assert_eq!(s.cursor, Some(0));
        assert!(!s.apply(Action::Nav(Nav::Up)));
    }

    #[test]
    fn enter_opens_escape_closes_and_the_detail_follows_the_focus() {
        let mut s = with_rows(5);
        s.apply(Action::Nav(Nav::Down));
        s.apply(Action::Nav(Nav::Down));
        assert!(s.apply(Action::Nav(Nav::Open)));
        assert_eq!(s.open, Some(1));
        s.apply(Action::Nav(Nav::Down));
        assert_eq!(s.open, Some(2));
        assert!(s.apply(Action::Nav(Nav::Back)));
        assert_eq!(s.open, None);
        assert_eq!(s.cursor, Some(2));
        assert!(!s.apply(Action::Nav(Nav::Back)));
        // Enter with nothing focused opens the first row.
        let mut s = with_rows(3);
        s.apply(Action::Nav(Nav::Open));
        assert_eq!((s.cursor, s.open), (Some(0), Some(0)));
        // Nothing to navigate in an empty list.
        assert!(!State::new(Mode::Live).apply(Action::Nav(Nav::Down)));
    }

    #[test]
    fn the_window_covers_the_viewport_plus_overscan_only() {
        let mut s = with_rows(10_000);
        assert_eq!(s.window(), 0..(11 + OVERSCAN));
        s.apply(Action::Viewport { scroll_top: 5000.0 * ROW_HEIGHT, height: 10.0 * ROW_HEIGHT });
        let w = s.window();
        assert_eq!(w.start, 5000 - OVERSCAN);
        assert!(w.len() <= 11 + 2 * OVERSCAN, "{w:?}");
        s.apply(Action::Viewport { scroll_top: 1e9, height: 10.0 * ROW_HEIGHT });
        assert!(s.window().is_empty() || s.window().end == 10_000);
        assert_eq!(s.list_height(), 10_000.0 * ROW_HEIGHT);
        assert!(!s.apply(Action::Viewport { scroll_top: 1e9, height: 10.0 * ROW_HEIGHT }), "same viewport");
    }

    #[cfg(feature = "file")]
    #[test]
    fn a_bad_har_file_is_an_error_not_a_panic() {
        let mut s = State::new(Mode::File);
        assert!(s.apply(Action::LoadHar { name: "x.har".into(), bytes: b"not json".to_vec() }));
        assert!(s.load_error.is_some());
        assert_eq!(s.file_name.as_deref(), Some("x.har"));
        assert!(s.visible.is_empty());
    }

    const API: &str = "http://127.0.0.1:9001/api/items/1";

    fn entry(method: &str, url: &str, status: u16, extra_req: &str, resource: &str) -> String {
        entry_with(method, url, status, extra_req, resource, "")
    }

    fn entry_with(method: &str, url: &str, status: u16, extra_req: &str, resource: &str, extra_res: &str) -> String {
        format!(
            r#"{{"startedDateTime":"2026-01-01T00:00:00.000Z","time":1,"_resourceType":"{resource}",
            "request":{{"method":"{method}","url":"{url}","httpVersion":"HTTP/1.1","headers":[{{"name":"Origin","value":"http://127.0.0.1:9000"}}{extra_req}],"queryString":[],"cookies":[],"headersSize":-1,"bodySize":0}},
            "response":{{"status":{status},"statusText":"","httpVersion":"HTTP/1.1","headers":[{{"name":"Allow","value":"GET, HEAD"}}{extra_res}],"cookies":[],"content":{{"size":0,"mimeType":"text/plain"}},"redirectURL":"","headersSize":-1,"bodySize":0}},
            "cache":{{}},"timings":{{"send":0,"wait":1,"receive":0}}}}"#
        )
    }

    fn refused_put(url: &str) -> Vec<String> {
        vec![
            entry("OPTIONS", url, 405, r#",{"name":"Access-Control-Request-Method","value":"PUT"}"#, "preflight"),
            entry("PUT", url, 0, "", "fetch"),
        ]
    }

    #[test]
    fn a_refused_preflight_is_a_failing_row_with_its_real_status() {
        let mut s = State::new(Mode::Live);
        s.apply(Action::Entries(refused_put(API)));
        let acao = r#",{"name":"Access-Control-Allow-Origin","value":"*"}"#;
        s.apply(Action::Entries(vec![entry_with("GET", "http://127.0.0.1:9001/ok", 200, "", "fetch", acao)]));
        assert!(s.warnings().is_empty(), "{:?}", s.warnings());
        assert_eq!((s.failing_count, s.total_count), (1, 2));
        let rows = s.window_rows();
        assert_eq!(rows.len(), 1);
        assert_eq!(rows[0].method, "PUT");
        assert_eq!(rows[0].status, 405);
        assert_eq!(rows[0].status_label, "405");
        assert!(rows[0].via_preflight);
        assert_eq!(rows[0].cause, Cause::CorsPreflight);
        s.apply(Action::SetFilter(Filter::All));
        assert_eq!(s.window_rows().len(), 2);
    }

    #[test]
    fn opening_a_row_builds_its_detail_and_a_clear_closes_it() {
        let mut s = State::new(Mode::Live);
        s.apply(Action::Entries(refused_put(API)));
        let id = s.visible[0];
        assert!(s.apply(Action::Open(id)));
        assert!(!s.apply(Action::Open(999)), "unknown ids are ignored");
        let d = crate::model::detail(&s.engine, id).expect("detail");
        assert!(!d.headline.is_empty());
        let kinds: Vec<_> = d.timeline.iter().map(|st| st.kind).collect();
        use crate::model::StepKind::*;
        assert_eq!(kinds, [PreflightRequest, PreflightResponse, Request, Response]);
        assert!(d.timeline[1].decisive, "the preflight response decided");
        assert!(d.cors_step.as_ref().is_some_and(|c| c.mdn.starts_with("https://developer.mozilla.org/")));
        s.apply(Action::Clear);
        assert_eq!((s.open, s.cursor), (None, None));
    }

    #[test]
    fn paths_keep_the_query() {
        assert_eq!(path_and_query("http://a.test:8080/api/items?x=1"), "/api/items?x=1");
        assert_eq!(path_and_query("http://a.test"), "/");
        assert_eq!(path_and_query("weird"), "weird");
    }
}
