//! "N requests made before DevTools was opened can't be seen" + reload:
//! shown only when the capture counted such requests (`State::unseen`).

use yew::prelude::*;

use crate::state::Action;
use crate::ui::app::Msg;

#[derive(Properties, PartialEq)]
pub struct NoticeProps {
    /// Requests of the page the capture could not see (> 0).
    pub count: usize,
    pub on: Callback<Msg>,
}

#[function_component]
pub fn Notice(p: &NoticeProps) -> Html {
    let reload = {
        let on = p.on.clone();
        Callback::from(move |_: MouseEvent| on.emit(Msg::ReloadPage))
    };
    let dismiss = {
        let on = p.on.clone();
        Callback::from(move |_: MouseEvent| on.emit(Msg::Act(Action::DismissNotice)))
    };
    let text = match p.count {
        1 => "1 request made before DevTools was opened can't be seen. Reload the page to capture it.".to_string(),
        n => format!("{n} requests made before DevTools was opened can't be seen. Reload the page to capture them."),
    };
    html! {
        <div class="notice" role="note" data-unseen={p.count.to_string()}>
            <span>{text}</span>
            <button type="button" data-action="reload-page" onclick={reload}>{"Reload page"}</button>
            <button type="button" class="quiet" data-action="dismiss-notice" aria-label="Dismiss" onclick={dismiss}>
                {"×"}
            </button>
        </div>
    }
}
