//! The Probe part of a request's detail (`crate::probe` decides; this renders): the Probe button, the preview of
//! what will be sent with its Send and Cancel buttons, what is not sent and the terminal command that sends it,
//! then whether the probe settled the diagnosis, in the CLI's words (its text report's "Probe:" line), and the
//! requests it sent. Every value is a text node.

use yew::prelude::*;

use crate::probe::{Plan, ProbeAction, ProbeView};
use crate::state::Action;
use crate::ui::app::Msg;

#[derive(Properties, PartialEq)]
pub struct ProbeProps {
    pub view: ProbeView,
    pub on: Callback<Msg>,
}

fn act(on: &Callback<Msg>, a: fn(usize) -> ProbeAction, id: usize) -> Callback<MouseEvent> {
    let on = on.clone();
    Callback::from(move |_: MouseEvent| on.emit(Msg::Act(Action::Probe(a(id)))))
}

fn preview(p: &Plan, id: usize, on: &Callback<Msg>) -> Html {
    html! {
        <div class="probe-preview" data-field="probe-preview">
            <p>{"Sent from the inspected page (its own Origin, no permission), in this order, and nothing else:"}</p>
            <ol class="probe-requests">
                { for p.requests.iter().map(|r| html! {
                    <li data-method={r.method}>
                        <code>{r.method}{" "}{&p.url}</code>
                        { for r.headers.iter().map(|(n, v)| html! { <div class="header"><code>{format!("{n}: {v}")}</code></div> }) }
                        if let Some(n) = &r.note { <div class="note">{n}</div> }
                    </li>
                }) }
            </ol>
            if !p.not_sent.is_empty() {
                <p><b>{"Not sent:"}</b></p>
                <ul class="probe-not-sent">{ for p.not_sent.iter().map(|n| html! { <li>{n}</li> }) }</ul>
            }
            <p>{"From a terminal (also sends the preflight; never the method itself without --send):"}</p>
            <pre data-field="probe-command"><code>{&p.command}</code></pre>
            <button type="button" data-action="probe-send" onclick={act(on, ProbeAction::Send, id)}>{"Send"}</button>
            <button type="button" class="quiet" data-action="probe-cancel"
                    onclick={let on = on.clone(); Callback::from(move |_: MouseEvent| on.emit(Msg::Act(Action::Probe(ProbeAction::Cancel))))}>
                {"Cancel"}
            </button>
        </div>
    }
}

#[function_component]
pub fn ProbeSection(p: &ProbeProps) -> Html {
    let v = &p.view;
    let id = v.diagnosis;
    let state = if v.sending {
        "sending"
    } else if v.settled {
        "settled"
    } else if v.at.is_some() {
        "answered"
    } else {
        "idle"
    };
    html! {
        <div class="probe" data-probe={state}>
            <h3>{"Probe"}</h3>
            if let Some(at) = &v.at {
                <p class="probe-result" data-field="probe-result">
                    { if let Some(e) = &v.error { format!("The probe at {at} UTC sent nothing: {e}") }
                      else if let Some(w) = &v.words { w.clone() }
                      else { format!("Probed at {at} UTC: still undecided.") } }
                </p>
                if !v.sent.is_empty() {
                    <ul class="probe-sent" data-field="probe-sent">
                        { for v.sent.iter().map(|s| html! {
                            <li data-method={s.method.clone()} data-preflight={s.preflight.to_string()}>
                                <code>{format!("{} {}", s.method, s.url)}</code>
                                { if s.preflight { " (the browser's preflight)" } else { "" } }
                                {" → "}{&s.outcome}
                            </li>
                        }) }
                    </ul>
                }
            }
            if v.sending {
                <p class="probe-sending">{"Sending the probe from the page…"}</p>
            } else if let Some(plan) = &v.plan {
                if v.preview_open {
                    { preview(plan, id, &p.on) }
                } else {
                    <p>
                        <button type="button" data-action="probe" onclick={act(&p.on, ProbeAction::Preview, id)}
                                title="Show what a probe would send (nothing is sent before you confirm)">
                            {"Probe…"}
                        </button>
                        {" Ask the server with safe requests (OPTIONS, HEAD, GET); you see them before they are sent."}
                    </p>
                }
            }
        </div>
    }
}
