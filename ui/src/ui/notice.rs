//! "Requests made before DevTools was opened can't be seen" + reload.

use yew::prelude::*;

use crate::state::Action;
use crate::ui::app::Msg;

#[derive(Properties, PartialEq)]
pub struct NoticeProps {
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
    html! {
        <div class="notice" role="note">
            <span>{"Requests made before DevTools was opened can't be seen. Reload the page to capture them."}</span>
            <button type="button" data-action="reload-page" onclick={reload}>{"Reload page"}</button>
            <button type="button" class="quiet" data-action="dismiss-notice" aria-label="Dismiss" onclick={dismiss}>
                {"×"}
            </button>
        </div>
    }
}
