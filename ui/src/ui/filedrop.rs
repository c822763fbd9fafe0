//! File mode (standalone page): choose, drop or paste a HAR. The file is read
//! in chunks with a progress bar (see `crate::ui::load`).

use wasm_bindgen::JsCast;
use yew::prelude::*;

use crate::state::Loading;
use crate::ui::app::Msg;
use crate::ui::load::text_blob;

#[derive(Properties, PartialEq)]
pub struct FileDropProps {
    pub on: Callback<Msg>,
    pub file_name: Option<String>,
    pub error: Option<String>,
    pub loading: Option<Loading>,
}

fn open(file: web_sys::File, on: &Callback<Msg>) {
    let name = file.name();
    on.emit(Msg::LoadBlob { name, blob: file.into() });
}

/// "12.3 MB" (integer arithmetic: no float formatting code in the wasm).
fn mb(n: u64) -> String {
    let tenths = n * 10 / 1_048_576;
    format!("{}.{} MB", tenths / 10, tenths % 10)
}

/// "Reading x.har: 1.5 MB of 10.0 MB", then "Diagnosing x.har…".
fn progress_text(l: &Loading) -> String {
    if l.diagnosing {
        format!("Diagnosing {}…", l.name)
    } else {
        format!("Reading {}: {} of {}", l.name, mb(l.done), mb(l.total))
    }
}

#[function_component]
pub fn FileDrop(p: &FileDropProps) -> Html {
    let paste = use_node_ref();
    let onchange = {
        let on = p.on.clone();
        Callback::from(move |e: Event| {
            let input: Option<web_sys::HtmlInputElement> = e.target().and_then(|t| t.dyn_into().ok());
            if let Some(f) = input.as_ref().and_then(|i| i.files()).and_then(|l| l.get(0)) {
                open(f, &on);
            }
            // The same file can be chosen again.
            if let Some(i) = input {
                i.set_value("");
            }
        })
    };
    let ondragover = Callback::from(|e: DragEvent| e.prevent_default());
    let ondrop = {
        let on = p.on.clone();
        Callback::from(move |e: DragEvent| {
            e.prevent_default();
            e.stop_propagation();
            if let Some(f) = e.data_transfer().and_then(|d| d.files()).and_then(|l| l.get(0)) {
                open(f, &on);
            }
        })
    };
    let onpaste = {
        let on = p.on.clone();
        let paste = paste.clone();
        Callback::from(move |_: MouseEvent| {
            if let Some(ta) = paste.cast::<web_sys::HtmlTextAreaElement>() {
                let text = ta.value();
                if let Some(blob) = text_blob(&text) {
                    on.emit(Msg::LoadBlob { name: "pasted JSON".into(), blob });
                }
            }
        })
    };
    html! {
        <div class="filedrop" {ondragover} {ondrop}>
            <label>
                {"HAR file: "}
                <input type="file" accept=".har,.json,.gz,.zip,application/json,application/gzip,application/zip" data-action="open-har" {onchange} />
            </label>
            <span class="hint">{"or drop it here, or "}</span>
            <details class="paste">
                <summary data-action="show-paste">{"paste JSON"}</summary>
                <textarea ref={paste} data-action="paste-har" rows="4" spellcheck="false"
                          placeholder="{\"log\": {\"entries\": [...]}}" />
                <button type="button" data-action="load-pasted" onclick={onpaste}>{"Diagnose"}</button>
            </details>
            if let Some(l) = &p.loading {
                <div class="loading" role="status">
                    <progress data-field="progress" max={l.total.max(1).to_string()} value={l.done.to_string()}>
                    </progress>
                    <span>{progress_text(l)}</span>
                </div>
            } else {
                if let Some(n) = &p.file_name { <span class="file-name">{n}</span> }
            }
            if let Some(e) = &p.error {
                <span class="error" role="alert" data-field="load-error">
                    {format!("Could not read this file: {e}")}
                </span>
            }
        </div>
    }
}
