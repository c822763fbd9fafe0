//! The exchange as a timeline: preflight request → response → request →
//! response (and redirect hops), inferred parts marked, decisive headers
//! highlighted.

use yew::prelude::*;

use crate::model::Step;

#[derive(Properties, PartialEq)]
pub struct TimelineProps {
    pub steps: Vec<Step>,
}

#[function_component]
pub fn Timeline(p: &TimelineProps) -> Html {
    html! {
        <ol class="timeline">
            { for p.steps.iter().map(|s| html! {
                <li class={classes!(
                        "step", s.kind.css(), s.inferred.then_some("inferred"), s.decisive.then_some("decisive")
                    )}
                    data-step={s.kind.id()}>
                    <div class="step-head">
                        <span class="step-kind">{s.kind.label()}</span>
                        if s.inferred {
                            <span class="tag inferred-tag" title="Not in the capture: reconstructed">{"inferred"}</span>
                        }
                        if s.decisive { <span class="tag decisive-tag">{"decided the outcome"}</span> }
                        <code class="step-line">{&s.line}</code>
                    </div>
                    if let Some(n) = &s.note { <div class="step-note">{n}</div> }
                    if !s.headers.is_empty() {
                        <table class="headers">
                            { for s.headers.iter().map(|h| html! {
                                <tr class={classes!(
                                        h.decisive.then_some("decisive"), h.value.is_none().then_some("absent")
                                    )}>
                                    <th>{&h.name}</th>
                                    <td>{
                                        match &h.value {
                                            Some(v) => html! { {v} },
                                            None => html! { <em>{"(absent)"}</em> },
                                        }
                                    }</td>
                                </tr>
                            }) }
                        </table>
                    }
                </li>
            }) }
        </ol>
    }
}
