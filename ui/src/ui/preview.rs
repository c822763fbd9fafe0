//! The text last copied (redacted unless "Include secrets" was ticked), so it
//! can be checked, or selected by hand when the clipboard is refused.

use yew::prelude::*;

use crate::ui::app::Msg;

#[derive(Properties, PartialEq)]
pub struct PreviewProps {
    pub title: AttrValue,
    pub text: AttrValue,
    pub on: Callback<Msg>,
}

#[function_component]
pub fn Preview(p: &PreviewProps) -> Html {
    let close = {
        let on = p.on.clone();
        Callback::from(move |_: MouseEvent| on.emit(Msg::ClosePreview))
    };
    html! {
        <section class="export-preview" aria-label={p.title.clone()}>
            <header>
                <b>{&p.title}</b>
                <button type="button" class="quiet" data-action="close-preview" aria-label="Close" onclick={close}>
                    {"×"}
                </button>
            </header>
            <pre><code>{&p.text}</code></pre>
        </section>
    }
}
