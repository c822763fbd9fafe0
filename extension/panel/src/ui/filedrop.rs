//! File mode (standalone page): choose or drop a HAR file.

use wasm_bindgen::JsCast;
use yew::prelude::*;

use crate::state::Action;
use crate::ui::app::Msg;

#[derive(Properties, PartialEq)]
pub struct FileDropProps {
    pub on: Callback<Msg>,
    pub file_name: Option<String>,
    pub error: Option<String>,
}

fn read(file: web_sys::File, on: Callback<Msg>) {
    wasm_bindgen_futures::spawn_local(async move {
        let name = file.name();
        match wasm_bindgen_futures::JsFuture::from(file.array_buffer()).await {
            Ok(buf) => {
                let bytes = js_sys::Uint8Array::new(&buf).to_vec();
                on.emit(Msg::Act(Action::LoadHar { name, bytes }));
            }
            Err(_) => on.emit(Msg::Act(Action::LoadHar { name, bytes: Vec::new() })),
        }
    });
}

#[function_component]
pub fn FileDrop(p: &FileDropProps) -> Html {
    let onchange = {
        let on = p.on.clone();
        Callback::from(move |e: Event| {
            let input: Option<web_sys::HtmlInputElement> = e.target().and_then(|t| t.dyn_into().ok());
            if let Some(f) = input.and_then(|i| i.files()).and_then(|l| l.get(0)) {
                read(f, on.clone());
            }
        })
    };
    let ondragover = Callback::from(|e: DragEvent| e.prevent_default());
    let ondrop = {
        let on = p.on.clone();
        Callback::from(move |e: DragEvent| {
            e.prevent_default();
            if let Some(f) = e.data_transfer().and_then(|d| d.files()).and_then(|l| l.get(0)) {
                read(f, on.clone());
            }
        })
    };
    html! {
        <div class="filedrop" {ondragover} {ondrop}>
            <label>{"HAR file: "}<input type="file" accept=".har,.json,application/json" data-action="open-har" {onchange} /></label>
            if let Some(n) = &p.file_name { <span class="file-name">{n}</span> }
            if let Some(e) = &p.error { <span class="error" role="alert">{format!("Could not read this file: {e}")}</span> }
        </div>
    }
}
