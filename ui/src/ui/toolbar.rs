//! The toolbar: filters, preserve log, exports.

use yew::prelude::*;

use crate::state::{Action, Filter, Mode};
use crate::ui::app::Msg;
use crate::ui::exports::Exports;

#[derive(Properties, PartialEq)]
pub struct ToolbarProps {
    pub filter: Filter,
    pub failing: usize,
    pub total: usize,
    pub preserve_log: bool,
    pub mode: Mode,
    pub status: Option<String>,
    pub include_secrets: bool,
    pub on: Callback<Msg>,
}

#[function_component]
pub fn Toolbar(p: &ToolbarProps) -> Html {
    let set = |f: Filter| {
        let on = p.on.clone();
        Callback::from(move |_: MouseEvent| on.emit(Msg::Act(Action::SetFilter(f))))
    };
    let preserve = {
        let on = p.on.clone();
        let v = p.preserve_log;
        Callback::from(move |_: Event| on.emit(Msg::PreserveLog(!v)))
    };
    html! {
        <div class="toolbar" role="toolbar" aria-label="why405">
            <span class="brand">{"why405"}</span>
            <div class="segmented" role="group" aria-label="Filter">
                <button type="button" data-action="filter-failing"
                        aria-pressed={(p.filter == Filter::Failing).to_string()} onclick={set(Filter::Failing)}>
                    {format!("Failing ({})", p.failing)}
                </button>
                <button type="button" data-action="filter-all" aria-pressed={(p.filter == Filter::All).to_string()}
                        onclick={set(Filter::All)}>{format!("All ({})", p.total)}</button>
            </div>
            if p.mode == Mode::Live {
                <label class="check">
                    <input type="checkbox" data-action="preserve-log" checked={p.preserve_log} onchange={preserve} />
                    {"Preserve log"}
                </label>
            }
            <span class="spacer"></span>
            if let Some(s) = &p.status {
                <span class="status" role="status">{s}</span>
            }
            <Exports include_secrets={p.include_secrets} disabled={p.total == 0} on={p.on.clone()} />
        </div>
    }
}
