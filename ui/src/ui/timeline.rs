//! The exchange as a timeline: preflight request → response → request →
//! response (and redirect hops), inferred parts marked, decisive headers
//! highlighted.

use yew::prelude::*;

use crate::model::{break_pieces, Step};

/// `v` in pieces (see [`break_pieces`]), each kept on one line where it fits
/// (`.w` in panel.css), a line-break opportunity between them.
pub fn breakable(v: &str) -> Html {
    let pieces = break_pieces(v);
    html! {
        { for pieces.iter().enumerate().map(|(i, p)| {
            let word = p.trim_start();
            let space = &p[..p.len() - word.len()];
            html! { <>{ if i > 0 { html! { <wbr/> } } else { html! {} } }{space}<span class="w">{word}</span></> }
        }) }
    }
}

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
                        <code class="step-line">{ breakable(&s.line) }</code>
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
                                            Some(v) => breakable(v),
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
