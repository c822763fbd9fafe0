//! The root component. It owns the [`State`] and takes its data source as
//! a mode: live DevTools capture (the extension) or a loaded HAR file (the
//! standalone page). Data arrives as messages (see `crate::bindings`).

#[cfg(feature = "file")]
use std::cell::Cell;
use std::cell::RefCell;
use std::rc::Rc;

use yew::prelude::*;

use crate::exports::{self, Export};
use crate::model::{self, DetailView};
use crate::probe::ProbeAction;
#[cfg(feature = "file")]
use crate::state::RawEntries;
use crate::state::{Action, Mode, Nav, State, Theme};
use crate::ui::{
    detail::DetailPane, dom, host::Host, list::RequestList, notice::Notice, preview::Preview, toolbar::Toolbar,
    warnings::Warnings,
};
#[cfg(feature = "file")]
use crate::ui::{filedrop::FileDrop, load};

#[derive(Properties, PartialEq, Clone)]
pub struct AppProps {
    pub mode: Mode,
    #[prop_or_default]
    pub host: Host,
    #[prop_or(Theme::Light)]
    pub theme: Theme,
}

pub enum Msg {
    Act(Action),
    /// The "preserve log" toggle (also tells the capture).
    PreserveLog(bool),
    ReloadPage,
    /// Show a source line (url, 1-based line) in DevTools' Sources panel.
    OpenResource(String, u32),
    Copy(String),
    /// An export control (download or clipboard).
    Export(Export),
    /// The HAR export's entries, read back from the loaded file; whether
    /// secrets were to be included when it was asked for.
    HarRaw(bool, Vec<(usize, serde_json::Value)>),
    /// The "Include secrets" checkbox.
    IncludeSecrets(bool),
    ClosePreview,
    /// Read a file, a dropped file or pasted text (as a Blob) in chunks.
    #[cfg(feature = "file")]
    LoadBlob {
        name: String,
        blob: web_sys::Blob,
    },
}

pub struct App {
    state: State,
    /// (open id, engine revision) → detail, so scrolling does not rebuild it.
    detail_cache: RefCell<Option<(usize, u64, Rc<DetailView>)>>,
    revision: u64,
    /// The detail opened or closed at the user's request: the focus follows once rendered.
    refocus: bool,
    /// The text last copied: (what, text).
    preview: Option<(String, String)>,
    /// The loaded file (the HAR export reads entries back from it).
    #[cfg(feature = "file")]
    blob: Option<web_sys::Blob>,
    /// Counts loads; a newer one stops an older one.
    #[cfg(feature = "file")]
    load_gen: Rc<Cell<u64>>,
}

impl Component for App {
    type Message = Msg;
    type Properties = AppProps;

    fn create(ctx: &Context<Self>) -> Self {
        let mut state = State::new(ctx.props().mode);
        state.apply(Action::SetTheme(ctx.props().theme));
        App {
            state,
            detail_cache: RefCell::new(None),
            revision: 0,
            refocus: false,
            preview: None,
            #[cfg(feature = "file")]
            blob: None,
            #[cfg(feature = "file")]
            load_gen: Rc::new(Cell::new(0)),
        }
    }

    fn update(&mut self, ctx: &Context<Self>, msg: Msg) -> bool {
        match msg {
            Msg::Act(action) => {
                let data = matches!(
                    action,
                    Action::Entries(_)
                        | Action::Clear
                        | Action::Reset
                        | Action::LoadHar { .. }
                        | Action::LoadDone { .. }
                        | Action::Probe(ProbeAction::Done { .. })
                );
                let probe = if let Action::Probe(ProbeAction::Send(id)) = action { Some(id) } else { None };
                let file = matches!(action, Action::LoadHar { .. } | Action::LoadDone { .. });
                self.refocus |= matches!(action, Action::Open(_) | Action::Nav(Nav::Open | Nav::Back));
                let changed = self.state.apply(action);
                if data && changed {
                    self.revision += 1;
                }
                if let Some(id) = probe.filter(|_| changed) {
                    self.send_probe(ctx, id);
                }
                if file {
                    self.preview = None;
                    self.state.apply(Action::Status(None));
                    ctx.props().host.loaded(self.state.total_count, self.state.load_error.as_deref());
                }
                changed
            }
            Msg::PreserveLog(v) => {
                ctx.props().host.set_preserve_log(v);
                self.state.apply(Action::SetPreserveLog(v))
            }
            Msg::Export(what) => {
                #[cfg(feature = "file")]
                if let (Export::Har, RawEntries::Ranges(_), Some(blob)) = (what, &self.state.raw, &self.blob) {
                    // Entries are exported as they are in the file: read them back.
                    let (ranges, blob, link, include) = (
                        exports::har_ranges(&self.state),
                        blob.clone(),
                        ctx.link().clone(),
                        self.state.include_secrets,
                    );
                    self.state.apply(Action::SetIncludeSecrets(false));
                    self.state.apply(Action::Status(Some("Preparing the HAR…".into())));
                    wasm_bindgen_futures::spawn_local(async move {
                        let raw = load::read_ranges(blob, ranges).await;
                        link.send_message(Msg::HarRaw(include, raw));
                    });
                    return true;
                }
                let text = exports::text(&self.state, what);
                self.deliver(ctx, what, text);
                true
            }
            Msg::HarRaw(include, raw) => {
                // The policy is the one of the click (the box was unticked since).
                self.state.include_secrets = include;
                let raw: std::collections::HashMap<usize, serde_json::Value> = raw.into_iter().collect();
                let text =
                    exports::har(&self.state.engine, exports::Settings::of(&self.state), &|i| raw.get(&i).cloned());
                self.deliver(ctx, Export::Har, text);
                true
            }
            Msg::IncludeSecrets(v) => self.state.apply(Action::SetIncludeSecrets(v)),
            Msg::ClosePreview => self.preview.take().is_some(),
            #[cfg(feature = "file")]
            Msg::LoadBlob { name, blob } => {
                let me = self.load_gen.get() + 1;
                self.load_gen.set(me);
                self.blob = Some(blob.clone());
                let on = ctx.link().callback(|m: Msg| m);
                let worker = ctx.props().host.worker();
                wasm_bindgen_futures::spawn_local(load::load_blob(blob, name, on, self.load_gen.clone(), me, worker));
                false
            }
            Msg::ReloadPage => {
                if ctx.props().host.reload_page() {
                    self.state.apply(Action::DismissNotice);
                }
                true
            }
            Msg::OpenResource(url, line) => {
                ctx.props().host.open_resource(&url, line);
                false
            }
            Msg::Copy(text) => {
                self.copy(ctx, &text);
                self.state.apply(Action::Status(Some("Copied".into())));
                true
            }
        }
    }

    fn rendered(&mut self, _ctx: &Context<Self>, _first: bool) {
        if std::mem::take(&mut self.refocus) {
            crate::ui::list::settle_focus(self.state.open.is_some());
        }
    }

    fn view(&self, ctx: &Context<Self>) -> Html {
        let link = ctx.link();
        let s = &self.state;
        let on = link.callback(|m: Msg| m);
        let detail = s.open.and_then(|id| self.detail(id));
        let onkeydown = {
            let (link, open) = (link.clone(), detail.is_some());
            Callback::from(move |e: KeyboardEvent| {
                if e.key() == "Escape" && open {
                    // Handled here only: DevTools' extension API forwards Escape from a panel's document to DevTools
                    // (whatever defaultPrevented says), which toggles its console drawer and takes the focus.
                    e.prevent_default();
                    e.stop_propagation();
                    link.send_message(Msg::Act(Action::Nav(Nav::Back)));
                }
            })
        };
        html! {
            <div class={classes!("why405", if detail.is_some() { "with-detail" } else { "" })}
                 data-theme={s.theme.as_str()} data-mode={if s.mode == Mode::Live { "live" } else { "file" }}
                 data-load={self.load_state()} data-received={s.received.to_string()} {onkeydown}>
                <Toolbar filter={s.filter} failing={s.failing_count} total={s.total_count}
                         preserve_log={s.preserve_log} mode={s.mode} status={s.status.clone()}
                         include_secrets={s.include_secrets} on={on.clone()} />
                if s.show_notice() {
                    <Notice count={s.unseen} on={on.clone()} />
                }
                if s.mode == Mode::File {
                    { self.file_drop(on.clone()) }
                }
                if let Some((title, text)) = &self.preview {
                    <Preview title={title.clone()} text={text.clone()} on={on.clone()} />
                }
                <Warnings warnings={s.warnings().iter().map(|w| w.to_string()).collect::<Vec<_>>()}
                          received={s.received} />
                <div class="panes">
                    <RequestList rows={s.window_rows()} count={s.visible.len()} height={s.list_height()}
                                 scroll_top={s.scroll_top} viewport_height={s.viewport_height}
                                 active={s.cursor} empty={self.empty_text()} on={on.clone()} />
                    if let Some(d) = detail {
                        <DetailPane detail={d} probe={s.open.and_then(|id| crate::probe::view(s, id))} on={on} can_open_resource={ctx.props().host.can_open_resource()} />
                    }
                </div>
            </div>
        }
    }
}

impl App {
    /// Hands the probe just confirmed to the host (panel.js → the DevTools page); one it cannot send ends here.
    fn send_probe(&mut self, ctx: &Context<Self>, id: usize) {
        let Some(msg) = self.state.probe_message(id) else { return };
        let crate::bridge::ToCapture::Probe { id: probe, .. } = msg else { return };
        if let Err(e) = ctx.props().host.probe(msg) {
            let at = String::from(js_sys::Date::new_0().to_iso_string());
            self.state.apply(Action::Probe(ProbeAction::Done { id: probe, at, entries: Vec::new(), error: Some(e) }));
        }
    }

    fn copy(&self, ctx: &Context<Self>, text: &str) -> bool {
        ctx.props().host.copy_text(text) || dom::copy_text(text)
    }

    /// Downloads or copies an export's text, says so, and unticks
    /// "Include secrets" (it holds for one export only).
    fn deliver(&mut self, ctx: &Context<Self>, what: Export, text: String) {
        let redacted = if self.state.include_secrets { "SECRETS INCLUDED" } else { "secrets redacted" };
        let text = if what == Export::Har { dom::pretty_json(&text).unwrap_or(text) } else { text };
        let status = match what.file() {
            Some((name, mime)) => match dom::download(name, mime, &text) {
                Ok(()) => format!("Downloaded {name} ({redacted})"),
                Err(_) => "The download was refused by the browser".into(),
            },
            None => {
                let title = if matches!(what, Export::CopyMarkdown) { "Markdown report" } else { "cURL" };
                let ok = self.copy(ctx, &text);
                self.preview = Some((format!("Copied: {title} ({redacted})"), text));
                if ok {
                    format!("Copied the {title} ({redacted})")
                } else {
                    "The clipboard was refused: select the text below".into()
                }
            }
        };
        self.state.apply(Action::Status(Some(status)));
        self.state.apply(Action::SetIncludeSecrets(false));
    }

    fn detail(&self, id: usize) -> Option<Rc<DetailView>> {
        let mut cache = self.detail_cache.borrow_mut();
        if let Some((cid, rev, d)) = cache.as_ref() {
            if *cid == id && *rev == self.revision {
                return Some(d.clone());
            }
        }
        let d = Rc::new(model::detail(&self.state.engine, id)?);
        *cache = Some((id, self.revision, d.clone()));
        Some(d)
    }

    #[cfg(feature = "file")]
    fn file_drop(&self, on: Callback<Msg>) -> Html {
        let s = &self.state;
        html! {
            <FileDrop {on} file_name={s.file_name.clone()} error={s.load_error.clone()} loading={s.loading.clone()} />
        }
    }

    #[cfg(not(feature = "file"))]
    fn file_drop(&self, _on: Callback<Msg>) -> Html {
        html! {}
    }

    fn load_state(&self) -> &'static str {
        let s = &self.state;
        match (&s.loading, &s.load_error, &s.file_name) {
            (Some(_), _, _) => "loading",
            (None, Some(_), _) => "error",
            (None, None, Some(_)) => "ready",
            _ => "idle",
        }
    }

    fn empty_text(&self) -> String {
        let s = &self.state;
        match (s.mode, s.total_count, s.filter) {
            (Mode::File, 0, _) if s.file_name.is_none() => "Drop a HAR file here, or choose one above.".into(),
            (_, 0, _) => {
                "No requests captured yet. Make the request fail again (or reload the page) with DevTools open.".into()
            }
            (_, n, crate::state::Filter::Failing) => {
                format!("No failing requests among {n}. Show all to see them.")
            }
            _ => String::new(),
        }
    }
}
