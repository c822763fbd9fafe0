//! The root component. It owns the [`State`] and takes its data source as
//! a mode: live DevTools capture (the extension) or a loaded HAR file (the
//! standalone page). Data arrives as messages (see `crate::bindings`).

use std::cell::RefCell;
use std::rc::Rc;

use yew::prelude::*;

use crate::model::{self, DetailView};
use crate::state::{Action, Mode, Nav, State, Theme};
use crate::ui::{detail::DetailPane, dom, filedrop::FileDrop, host::Host, list::RequestList, notice::Notice, toolbar::Toolbar, warnings::Warnings};

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
    ExportJson,
    ReloadPage,
    Copy(String),
}

pub struct App {
    state: State,
    /// (open id, engine revision) → detail, so scrolling does not rebuild it.
    detail_cache: RefCell<Option<(usize, u64, Rc<DetailView>)>>,
    revision: u64,
    status: Option<String>,
}

impl Component for App {
    type Message = Msg;
    type Properties = AppProps;

    fn create(ctx: &Context<Self>) -> Self {
        let mut state = State::new(ctx.props().mode);
        state.apply(Action::SetTheme(ctx.props().theme));
        App { state, detail_cache: RefCell::new(None), revision: 0, status: None }
    }

    fn update(&mut self, ctx: &Context<Self>, msg: Msg) -> bool {
        match msg {
            Msg::Act(action) => {
                let data = matches!(action, Action::Entries(_) | Action::Clear | Action::LoadHar { .. });
                let changed = self.state.apply(action);
                if data && changed {
                    self.revision += 1;
                }
                changed
            }
            Msg::PreserveLog(v) => {
                ctx.props().host.set_preserve_log(v);
                self.state.apply(Action::SetPreserveLog(v))
            }
            Msg::ExportJson => {
                let json = self.state.export_json();
                self.status = Some(match dom::download("why405.json", "application/json", &json) {
                    Ok(()) => "Exported why405.json".into(),
                    Err(e) => format!("Export failed: {e:?}"),
                });
                true
            }
            Msg::ReloadPage => {
                if ctx.props().host.reload_page() {
                    self.state.apply(Action::DismissNotice);
                }
                true
            }
            Msg::Copy(text) => {
                dom::copy_text(&text);
                self.status = Some("Copied".into());
                true
            }
        }
    }

    fn view(&self, ctx: &Context<Self>) -> Html {
        let link = ctx.link();
        let s = &self.state;
        let on = link.callback(|m: Msg| m);
        let detail = s.open.and_then(|id| self.detail(id));
        let onkeydown = {
            let link = link.clone();
            Callback::from(move |e: KeyboardEvent| {
                if e.key() == "Escape" {
                    link.send_message(Msg::Act(Action::Nav(Nav::Back)));
                    crate::ui::list::focus_list();
                }
            })
        };
        html! {
            <div class={classes!("why405", if detail.is_some() { "with-detail" } else { "" })}
                 data-theme={s.theme.as_str()} data-mode={if s.mode == Mode::Live { "live" } else { "file" }}
                 {onkeydown}>
                <Toolbar filter={s.filter} failing={s.failing_count} total={s.total_count}
                         preserve_log={s.preserve_log} mode={s.mode} status={self.status.clone()}
                         on={on.clone()} />
                if s.show_notice() {
                    <Notice on={on.clone()} />
                }
                if s.mode == Mode::File {
                    <FileDrop on={on.clone()} file_name={s.file_name.clone()} error={s.load_error.clone()} />
                }
                <Warnings warnings={s.warnings().iter().map(|w| w.to_string()).collect::<Vec<_>>()} received={s.received} />
                <div class="panes">
                    <RequestList rows={s.window_rows()} count={s.visible.len()} height={s.list_height()}
                                 scroll_top={s.scroll_top} viewport_height={s.viewport_height}
                                 active={s.cursor} empty={self.empty_text()} on={on.clone()} />
                    if let Some(d) = detail {
                        <DetailPane detail={d} on={on} />
                    }
                </div>
            </div>
        }
    }
}

impl App {
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

    fn empty_text(&self) -> String {
        let s = &self.state;
        match (s.mode, s.total_count, s.filter) {
            (Mode::File, 0, _) if s.file_name.is_none() => "Drop a HAR file here, or choose one above.".into(),
            (_, 0, _) => "No requests captured yet. Make the request fail again (or reload the page) with DevTools open.".into(),
            (_, n, crate::state::Filter::Failing) => {
                format!("No failing requests among {n}. Show all to see them.")
            }
            _ => String::new(),
        }
    }
}
