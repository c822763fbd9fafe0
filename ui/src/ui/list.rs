//! The virtualised request list: only the rows in view (plus a few) are in
//! the DOM, absolutely placed inside a spacer as tall as the whole list, so
//! thousands of requests scroll smoothly. Keyboard: arrows, Page Up/Down,
//! Home/End move the focus, Enter opens, Escape closes.

use wasm_bindgen::JsCast;
use yew::prelude::*;

use crate::state::{nav_for_key, split_path, Action, RowView, ROW_HEIGHT};
use crate::ui::app::Msg;

pub const LIST_ID: &str = "why405-list";

fn element(id: &str) -> Option<web_sys::HtmlElement> {
    web_sys::window()?.document()?.get_element_by_id(id)?.dyn_into::<web_sys::HtmlElement>().ok()
}

/// Moves the keyboard focus to the list.
pub fn focus_list() {
    if let Some(el) = element(LIST_ID) {
        let _ = el.focus();
    }
}

/// After the detail opened or closed (once rendered): the focus goes where
/// the user now is. Where the detail covers the list (a narrow panel: the
/// list is not laid out), to the detail, so that Escape and Tab work there;
/// else to the list.
pub fn settle_focus(detail_open: bool) {
    let list = element(LIST_ID);
    let list_shown = list.as_ref().is_some_and(|l| l.client_width() > 0);
    let target = if detail_open && !list_shown { element(crate::ui::detail::DETAIL_ID) } else { list };
    if let Some(el) = target {
        let _ = el.focus();
    }
}

#[derive(Properties, PartialEq)]
pub struct ListProps {
    pub rows: Vec<RowView>,
    /// Rows in the whole (filtered) list.
    pub count: usize,
    pub height: f64,
    pub scroll_top: f64,
    pub viewport_height: f64,
    pub active: Option<usize>,
    pub empty: String,
    pub on: Callback<Msg>,
}

/// A refused request reads as an error whatever its code (a failed
/// preflight's 200, a 200 the browser hid from the page).
fn status_class(r: &RowView) -> &'static str {
    match r.status {
        _ if r.problem || r.failed => "st-err",
        0 => "st-none",
        200..=399 => "st-ok",
        _ => "st-err",
    }
}

/// The list's visible height: its own, but never more than the window's (a
/// list that is not height-bound, with no stylesheet or an odd embedding,
/// must still virtualise).
fn visible_height(el: &web_sys::HtmlElement) -> f64 {
    let window_h = web_sys::window().and_then(|w| w.inner_height().ok()).and_then(|v| v.as_f64()).unwrap_or(f64::MAX);
    (el.client_height() as f64).min(window_h)
}

/// Keeps the element's scroll position and the state's in step (the state
/// moves it when the keyboard focus leaves the viewport), and reports the
/// viewport's height when it changes.
#[hook]
fn use_scroll_sync(node: NodeRef, want: f64, known_h: f64, on: Callback<Msg>) {
    use_effect(move || {
        if let Some(el) = node.cast::<web_sys::HtmlElement>() {
            if (el.scroll_top() as f64 - want).abs() > 1.0 {
                el.set_scroll_top(want as i32);
            }
            let h = visible_height(&el);
            if h > 0.0 && (h - known_h).abs() >= 1.0 {
                on.emit(Msg::Act(Action::Viewport { scroll_top: el.scroll_top() as f64, height: h }));
            }
        }
    });
}

/// Scrolling reports the new viewport.
fn on_scroll(node: NodeRef, on: Callback<Msg>) -> Callback<Event> {
    Callback::from(move |_: Event| {
        if let Some(el) = node.cast::<web_sys::HtmlElement>() {
            on.emit(Msg::Act(Action::Viewport { scroll_top: el.scroll_top() as f64, height: visible_height(&el) }));
        }
    })
}

/// Navigation keys move the focus (and are not seen by anything else).
fn on_keydown(on: Callback<Msg>) -> Callback<KeyboardEvent> {
    Callback::from(move |e: KeyboardEvent| {
        if let Some(nav) = nav_for_key(&e.key()) {
            e.prevent_default();
            e.stop_propagation();
            on.emit(Msg::Act(Action::Nav(nav)));
        }
    })
}

/// The path, shortened from the middle where it does not fit (panel.css
/// lets the query, then the head give way before the last segment); the
/// whole path in its tooltip.
fn path_cell(path: &str) -> Html {
    let (head, tail, query) = split_path(path);
    html! {
        <span class="c-path" data-field="path" title={path.to_string()}>
            if !head.is_empty() { <span class="p-head">{head}</span> }
            <span class="p-tail">{tail}</span>
            if !query.is_empty() { <span class="p-query">{query}</span> }
        </span>
    }
}

/// One row, placed at its position in the whole list; `count`: rows in it.
fn row(r: &RowView, count: usize, on: &Callback<Msg>) -> Html {
    let id = r.id;
    let onclick = {
        let on = on.clone();
        Callback::from(move |_: MouseEvent| {
            on.emit(Msg::Act(Action::Open(id)));
            focus_list();
        })
    };
    // Integer pixels: no float formatting code in the wasm.
    let style = format!("transform: translateY({}px)", (r.index as f64 * ROW_HEIGHT) as u64);
    let class = classes!(
        "row",
        r.focused.then_some("focused"),
        r.open.then_some("open"),
        r.problem.then_some("problem"),
        r.failed.then_some("failed")
    );
    html! {
        <div key={r.id} id={format!("why405-row-{}", r.id)} role="option" {class}
             aria-selected={r.focused.to_string()} aria-posinset={(r.index + 1).to_string()}
             aria-setsize={count.to_string()}
             data-id={r.id.to_string()} data-cause={r.cause.as_str()} {style} {onclick} title={r.url.clone()}>
            <span class="c-method" data-field="method">{&r.method}</span>
            { path_cell(&r.path) }
            <span class={classes!("c-status", status_class(r))} data-field="status">
                {&r.status_label}
                if r.via_preflight {
                    <span class="pf-tag" title="The preflight's status: the request itself was never sent">
                        {"preflight"}
                    </span>
                }
                if r.cors { <span class="cors-tag" title="The browser reported a CORS error">{"CORS"}</span> }
            </span>
            <span class="c-cause" data-field="cause">
                // A dot where the list is narrow (panel.css): its words stay for screen readers and the tooltip.
                <span class={classes!("badge", format!("cause-{}", r.cause.as_str()))} title={r.cause_label}>
                    <span class="badge-text">{r.cause_label}</span>
                </span>
            </span>
        </div>
    }
}

#[function_component]
pub fn RequestList(p: &ListProps) -> Html {
    let node = use_node_ref();
    use_scroll_sync(node.clone(), p.scroll_top, p.viewport_height, p.on.clone());
    let onscroll = on_scroll(node.clone(), p.on.clone());
    let onkeydown = on_keydown(p.on.clone());
    let active = p.active.map(|id| format!("why405-row-{id}"));
    html! {
        <div class="list-pane">
            <div class="list-head" aria-hidden="true">
                <span class="c-method">{"Method"}</span><span class="c-path">{"Path"}</span>
                <span class="c-status">{"Status"}</span><span class="c-cause">{"Cause"}</span>
            </div>
            <div id={LIST_ID} class="list" ref={node} tabindex="0" role="listbox" aria-label="Requests"
                 aria-activedescendant={active} {onscroll} {onkeydown}>
                if p.count == 0 {
                    <div class="empty">{&p.empty}</div>
                } else {
                    <div class="spacer" style={format!("height: {}px", p.height as u64)}>
                        { for p.rows.iter().map(|r| row(r, p.count, &p.on)) }
                    </div>
                }
            </div>
        </div>
    }
}
