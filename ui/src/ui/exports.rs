//! The export controls: Markdown (download and copy), cURL, HAR, JSON, and
//! the "Include secrets" opt-out with its warning. Redaction is on unless the
//! box is ticked, and the box unticks itself after each export.

use yew::prelude::*;

use crate::exports::Export;
use crate::ui::app::Msg;

const SECRETS_TITLE: &str = "Exports mask tokens, cookies and passwords unless this is ticked";
const SECRETS_WARNING: &str =
    "The next export will contain tokens, cookies and passwords: do not attach it to a ticket.";

#[derive(Properties, PartialEq)]
pub struct ExportsProps {
    pub include_secrets: bool,
    /// Nothing to export yet.
    pub disabled: bool,
    pub on: Callback<Msg>,
}

#[function_component]
pub fn Exports(p: &ExportsProps) -> Html {
    let button = |what: Export, action: &'static str, label: &'static str, title: &'static str| {
        let on = p.on.clone();
        let onclick = Callback::from(move |_: MouseEvent| on.emit(Msg::Export(what)));
        html! { <button type="button" data-action={action} {onclick} {title} disabled={p.disabled}>{label}</button> }
    };
    let toggle = {
        let on = p.on.clone();
        let v = p.include_secrets;
        Callback::from(move |_: Event| on.emit(Msg::IncludeSecrets(!v)))
    };
    html! {
        <div class="exports" role="group" aria-label="Export">
            {button(Export::Markdown, "export-markdown", "Markdown", "Download a Markdown report for a ticket")}
            {button(Export::CopyMarkdown, "copy-markdown", "Copy report", "Copy the Markdown report")}
            {button(
                Export::CopyCurl(None), "copy-curl", "Copy cURL", "Copy cURL commands reproducing the failing requests"
            )}
            {button(Export::Har, "export-har", "HAR", "Download a HAR holding only the exchanges that matter")}
            {button(
                Export::Json, "export-json", "JSON", "Download the diagnoses as JSON (same as the CLI's --format json)"
            )}
            <label class={classes!("check", p.include_secrets.then_some("danger"))} title={SECRETS_TITLE}>
                <input type="checkbox" data-action="include-secrets" checked={p.include_secrets} onchange={toggle} />
                {"Include secrets"}
            </label>
            if p.include_secrets {
                <span class="secrets-warning" role="alert">{SECRETS_WARNING}</span>
            }
        </div>
    }
}
