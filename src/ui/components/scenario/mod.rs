//! The **Scenario** page (issue 12, "The editor"): the presets with their lessons, the text
//! with its problems (each one selects its line), the scenario's switches, **Run**, **Send
//! request**, **Reset to the lab**, **Download scenario** and **Open scenario file**; that a
//! scenario other than the lab is kept for the next visit (`crate::state::persist::scenario`).
//! Parsing, checking and what runs are `crate::state::scenario`; this only draws and wires.

mod files;

use crate::clock;
use crate::sim::file::reader::reader;
use crate::sim::file::{FileError, Format};
use crate::sim::presets::PRESETS;
use crate::sim::{MAX_SERVICES, MAX_SPANS_PER_RUN};
use crate::state::Action;
use crate::ui::AppContext;
use crate::view::format;
use crate::view::url::scenario::{too_long_for_link, MAX_SCENARIO_IN_LINK};
use crate::view::url::ScenarioLink;
use web_sys::{HtmlInputElement, HtmlTextAreaElement};
use yew::prelude::*;

/// (id, title, lesson) of every preset.
fn preset_list() -> Vec<(&'static str, String, String)> {
    (PRESETS.iter())
        .map(|p| (p.id, p.title(), p.lesson()))
        .collect()
}

#[function_component(ScenarioPage)]
pub fn scenario_page() -> Html {
    let Some(state) = use_context::<AppContext>() else {
        return html! {};
    };
    let presets = use_memo((), |_| preset_list());
    let textarea = use_node_ref();
    let editor = &state.scenario;
    let dispatch = |action: fn() -> Action| {
        let state = state.clone();
        Callback::from(move |_| state.dispatch(action()))
    };
    let oninput = {
        let state = state.clone();
        Callback::from(move |e: InputEvent| {
            let text = e.target_unchecked_into::<HtmlTextAreaElement>().value();
            state.dispatch(Action::EditScenario(text));
        })
    };
    let current = editor.preset_id();
    let loaded = &editor.loaded;
    html! {
        <section class="scenario-page" aria-labelledby="scenario-heading">
            <h2 id="scenario-heading">{ "Scenario" }</h2>
            <p class="hint">{ format!(
                "Describe services, endpoints and their steps in YAML or JSON. Limits: at most {MAX_SERVICES} services, and at most {} spans per request and per run.",
                format::count(MAX_SPANS_PER_RUN)
            ) }</p>
            <section class="scenario-running" aria-label="Running scenario">
                <h3>{ format!("Running: {}", loaded.title) }</h3>
                <p class="lesson">{ loaded.lesson.clone() }</p>
                if state.settings.scenario != ScenarioLink::Lab {
                    <p class="hint">{ "Kept in this browser for your next visit; Reset to the lab forgets it." }</p>
                }
            </section>
            <section aria-labelledby="presets-heading">
                <h3 id="presets-heading">{ "Presets" }</h3>
                <ul class="presets">
                    { for presets.iter().map(|(id, title, lesson)| {
                        let onclick = {
                            let state = state.clone();
                            let id = id.to_string();
                            Callback::from(move |_| state.dispatch(Action::LoadPreset(id.clone())))
                        };
                        let pressed = if current == Some(*id) { "true" } else { "false" };
                        html! {
                            <li>
                                <button aria-pressed={pressed} aria-label={format!("Load preset: {title}")} {onclick}>{ title.clone() }</button>
                                <span class="hint">{ lesson.clone() }</span>
                            </li>
                        }
                    }) }
                </ul>
            </section>
            <div class="scenario-actions">
                <button onclick={dispatch(|| Action::RunScenario { now_unix_nano: clock::now_unix_nanos() })} disabled={state.load.is_some()}>{ "Run" }</button>
                <button onclick={dispatch(|| Action::SendRequest { now_unix_nano: clock::now_unix_nanos() })}>{ "Send request" }</button>
                <button onclick={dispatch(|| Action::ResetScenario)}>{ "Reset to the lab" }</button>
                { files::download_button(&state) }
                { files::open_input(&state) }
            </div>
            { link_note(&state) }
            { switches(&state) }
            <label for="scenario-text">{ "Scenario" }</label>
            <textarea id="scenario-text" ref={textarea.clone()} class="scenario-text" spellcheck="false"
                rows="24" value={editor.text.clone()} {oninput}
                aria-invalid={(!editor.errors.is_empty()).then_some("true")}
                aria-describedby="scenario-problems" />
            { problems(&editor.errors, &textarea) }
        </section>
    }
}

/// The problems, each a button that selects its line in the text.
fn problems(errors: &[FileError], textarea: &NodeRef) -> Html {
    if errors.is_empty() {
        return html! {
            <p id="scenario-problems" class="ok">{ "No problems: this scenario runs." }</p>
        };
    }
    html! {
        <div id="scenario-problems" role="alert">
            <p>{ format!("{} problem(s); the last valid scenario keeps running:", errors.len()) }</p>
            <ul class="scenario-problems" aria-label="Problems">
                { for errors.iter().map(|e| {
                    let line = e.at.map(|p| p.line);
                    let onclick = {
                        let textarea = textarea.clone();
                        Callback::from(move |_| {
                            if let (Some(line), Some(area)) = (line, textarea.cast::<HtmlTextAreaElement>()) {
                                select_line(&area, line);
                            }
                        })
                    };
                    html! { <li><button class="link" {onclick}>{ e.to_string() }</button></li> }
                }) }
            </ul>
        </div>
    }
}

/// Selects 1-based `line` of the textarea (offsets in UTF-16 code units, as the DOM counts).
fn select_line(area: &HtmlTextAreaElement, line: usize) {
    let text = area.value();
    let mut start = 0u32;
    for (i, l) in text.split('\n').enumerate() {
        let len = l.encode_utf16().count() as u32;
        if i + 1 == line {
            let _ = area.focus();
            let _ = area.set_selection_range(start, start + len);
            return;
        }
        start += len + 1;
    }
}

/// The scenario's own switches (a preset's `batched`, the lab's challenges), turned in the
/// text itself.
fn switches(state: &AppContext) -> Html {
    let editor = &state.scenario;
    let switches = &editor.loaded.switches;
    if switches.is_empty() {
        return html! {};
    }
    let broken = !editor.errors.is_empty() || editor.waiting.is_some();
    html! {
        <fieldset class="scenario-switches">
            <legend>{ "Switches" }</legend>
            { for switches.iter().map(|s| {
                let id = format!("switch-{}", s.name);
                let onchange = {
                    let state = state.clone();
                    let name = s.name.clone();
                    Callback::from(move |e: Event| {
                        let on = e.target_unchecked_into::<HtmlInputElement>().checked();
                        let editor = &state.scenario;
                        let turned = reader().map(|r| r.set_switch(&editor.text, editor.format, &name, on));
                        if let Some(Ok(text)) = turned {
                            state.dispatch(Action::EditScenario(text));
                        }
                    })
                };
                html! {
                    <div class="field check">
                        <input type="checkbox" id={id.clone()} checked={s.enabled} disabled={broken} {onchange} />
                        <label for={id}>{ s.label.clone() }</label>
                    </div>
                }
            }) }
        </fieldset>
    }
}

/// Says when the scenario is too long to travel in the link.
fn link_note(state: &AppContext) -> Html {
    match too_long_for_link(&state.settings) {
        Some(len) => html! {
            <p class="warning" role="note">{ format!(
                "This scenario is too long for a link ({} characters compressed; the limit is {}), so the link leaves it out: it opens this scenario only in this browser, where it is kept. Use Download scenario to share it.",
                format::count(len as u64), format::count(MAX_SCENARIO_IN_LINK as u64)
            ) }</p>
        },
        None => html! {},
    }
}

/// The file name for **Download scenario**: the preset's, or the title's words.
pub fn file_name(title: &str, preset: Option<&str>, format: Format) -> String {
    let stem = match preset {
        Some(id) => id.to_string(),
        None => {
            let words: Vec<String> = title
                .split(|c: char| !c.is_ascii_alphanumeric())
                .filter(|w| !w.is_empty())
                .map(str::to_ascii_lowercase)
                .collect();
            if words.is_empty() {
                "scenario".into()
            } else {
                words.join("-")
            }
        }
    };
    let ext = if format == Format::Json {
        "json"
    } else {
        "yaml"
    };
    format!("{stem}.{ext}")
}
