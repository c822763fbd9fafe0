//! The detail of one request: headline, timeline, failing CORS step with
//! spec and MDN links, allowed methods, stack and a copyable fix, RFC 9110
//! warnings, initiator.

use std::rc::Rc;

use yew::prelude::*;

use crate::exports::Export;
use crate::model::{CorsStepView, DetailView, InitiatorView};
use crate::state::{Action, Nav};
use crate::ui::app::Msg;
use crate::ui::timeline::Timeline;

pub const DETAIL_ID: &str = "why405-detail";

const COPY_CURL_TITLE: &str = "Copy cURL commands reproducing this request (secrets redacted unless Include secrets)";

#[derive(Properties)]
pub struct DetailProps {
    pub detail: Rc<DetailView>,
    /// The Probe part (`crate::probe::view`), when a probe can be or was sent.
    #[prop_or_default]
    pub probe: Option<crate::probe::ProbeView>,
    pub on: Callback<Msg>,
    /// The host can show the initiator's line in DevTools' Sources panel.
    #[prop_or_default]
    pub can_open_resource: bool,
}

impl PartialEq for DetailProps {
    fn eq(&self, o: &Self) -> bool {
        Rc::ptr_eq(&self.detail, &o.detail)
            && self.on == o.on
            && self.can_open_resource == o.can_open_resource
            && self.probe == o.probe
    }
}

/// The initiator: a link to its line in the Sources panel where the host
/// can open it (DevTools), else plain text.
fn initiator(i: &InitiatorView, can_open: bool, on: &Callback<Msg>) -> Html {
    let at = if can_open && i.line > 0 {
        let (on, url, line) = (on.clone(), i.url.clone(), i.line);
        let onclick = Callback::from(move |e: MouseEvent| {
            e.prevent_default();
            on.emit(Msg::OpenResource(url.clone(), line));
        });
        html! {
            <a href={i.url.clone()} data-action="open-initiator" title="Show this line in the Sources panel" {onclick}>
                <code>{&i.at}</code>
            </a>
        }
    } else {
        html! { <code>{&i.at}</code> }
    };
    html! { <p class="initiator"><b>{"Initiator: "}</b><code>{&i.function}</code>{" at "}{at}</p> }
}

/// The failing CORS step, with its Fetch standard and MDN links.
fn cors_step(c: &CorsStepView) -> Html {
    html! {
        <div class="cors-step">
            <h3>{"Failing CORS step"}</h3>
            <p>
                <code>{&c.error}</code>{" — "}{&c.step}
                { if c.on_preflight { " (on the preflight response)" } else { "" } }
            </p>
            <p>{&c.detail}</p>
            <p class="links">
                <a href={c.spec.clone()} target="_blank" rel="noopener noreferrer" data-action="open-spec">
                    {"Fetch standard"}
                </a>
                {" · "}
                <a href={c.mdn.clone()} target="_blank" rel="noopener noreferrer" data-action="open-mdn">
                    {"MDN"}
                </a>
            </p>
        </div>
    }
}

#[function_component]
pub fn DetailPane(p: &DetailProps) -> Html {
    let d = &p.detail;
    let close = {
        let on = p.on.clone();
        Callback::from(move |_: MouseEvent| {
            on.emit(Msg::Act(Action::Nav(Nav::Back)));
            crate::ui::list::focus_list();
        })
    };
    html! {
        <section id={DETAIL_ID} class="detail" aria-label="Diagnosis" data-cause={d.cause.clone()} tabindex="-1">
            <header class="detail-head">
                // "× " beside the list, "← Back" where the detail covers it (panel.css).
                <button type="button" class="quiet close" data-action="close-detail" onclick={close}
                        title="Back to the list (Escape)">
                    <span class="close-x" aria-hidden="true">{"×"}</span>
                    <span class="back">
                        <span aria-hidden="true">{"← "}</span>{"Back"}<span class="sr-only">{" to the list"}</span>
                    </span>
                </button>
                <div>
                    <div class="req-line">
                        <b>{&d.method}</b>{" "}<span class="url">{ crate::ui::timeline::breakable(&d.url) }</span>{" → "}
                        <span class="status">{&d.status_label}</span>
                    </div>
                    <h2 class="headline" data-field="summary">{&d.headline}</h2>
                    <div class="cause-title">
                        <span class={classes!("badge", format!("cause-{}", d.cause))}>{&d.cause_title}</span>
                        if d.needs_probe { <span class="tag">{"needs a probe to be sure"}</span> }
                        <button type="button" data-action="copy-curl" title={COPY_CURL_TITLE} onclick={
                            let on = p.on.clone(); let id = d.id;
                            Callback::from(move |_: MouseEvent| on.emit(Msg::Export(Export::CopyCurl(Some(id)))))
                        }>{"Copy cURL"}</button>
                    </div>
                </div>
            </header>
            if let Some(v) = &p.probe { <crate::ui::probe::ProbeSection view={v.clone()} on={p.on.clone()} /> }
            if let Some(s) = &d.suggestion { <p class="suggestion">{s}</p> }
            if let Some(c) = &d.cors_step { { cors_step(c) } }
            if let Some(a) = &d.allowed {
                <p class="allowed">
                    <b>{"Allowed methods: "}</b>{ for a.iter().map(|m| html!{ <code class="method">{m}</code> }) }
                </p>
            }
            <h3>{"Exchange"}</h3>
            <Timeline steps={d.timeline.clone()} />
            if !d.evidence.is_empty() {
                <h3>{"Evidence"}</h3>
                <ul class="evidence">{ for d.evidence.iter().map(|e| html!{ <li>{e}</li> }) }</ul>
            }
            if !d.warnings.is_empty() {
                <h3>{"Protocol warnings (RFC 9110)"}</h3>
                <ul class="rfc-warnings">{ for d.warnings.iter().map(|w| html!{ <li>{w}</li> }) }</ul>
            }
            if let Some(s) = &d.stack { <p class="stack"><b>{"Server stack: "}</b>{s}</p> }
            if let Some((title, lang, code)) = &d.fix {
                <div class="fix">
                    <h3>{format!("Fix: {title}")}</h3>
                    <pre data-language={lang.clone()}><code>{code}</code></pre>
                    <button type="button" data-action="copy-fix" onclick={
                        let on = p.on.clone(); let code = code.clone();
                        Callback::from(move |_: MouseEvent| on.emit(Msg::Copy(code.clone())))
                    }>{"Copy fix"}</button>
                </div>
            }
            if let Some(i) = &d.initiator { { initiator(i, p.can_open_resource, &p.on) } }
        </section>
    }
}
