//! Entries that could not be read: visible, never fatal.

use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct WarningsProps {
    pub warnings: Vec<String>,
    pub received: usize,
}

#[function_component]
pub fn Warnings(p: &WarningsProps) -> Html {
    if p.warnings.is_empty() {
        return html! {};
    }
    let n = p.warnings.len();
    let of = p.received.max(n);
    let summary = format!(
        "{n} of {of} captured entr{} could not be read; the rest are diagnosed",
        if of == 1 { "y" } else { "ies" }
    );
    html! {
        <details class="warnings" role="alert">
            <summary>{summary}</summary>
            <ul>
                { for p.warnings.iter().take(200).map(|w| html! { <li class="warning">{w}</li> }) }
                if n > 200 { <li>{format!("… and {} more", n - 200)}</li> }
            </ul>
        </details>
    }
}
