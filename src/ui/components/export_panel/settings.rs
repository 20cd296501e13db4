//! The Jaeger UI address, shared through a Yew context so every "Open in Jaeger" link and the
//! export panel's field agree. Wrap the page in [`ExportSettingsProvider`]; without one, links
//! use [`DEFAULT_JAEGER_UI`].

use crate::export::DEFAULT_JAEGER_UI;
use yew::prelude::*;

/// The context value: the Jaeger UI base URL and how to change it.
#[derive(Clone, Debug, PartialEq)]
pub struct JaegerUi {
    pub base: AttrValue,
    pub set: Callback<String>,
}

impl JaegerUi {
    /// The context if a provider is above, else a fixed default that cannot be changed.
    pub fn from_context(context: Option<JaegerUi>) -> JaegerUi {
        context.unwrap_or_else(|| JaegerUi {
            base: AttrValue::Static(DEFAULT_JAEGER_UI),
            set: Callback::noop(),
        })
    }
}

#[derive(Properties, PartialEq)]
pub struct ProviderProps {
    #[prop_or_default]
    pub children: Html,
}

/// Provides [`JaegerUi`] to everything inside it.
#[function_component(ExportSettingsProvider)]
pub fn export_settings_provider(props: &ProviderProps) -> Html {
    let base = use_state(|| AttrValue::Static(DEFAULT_JAEGER_UI));
    let context = {
        let setter = base.clone();
        JaegerUi {
            base: (*base).clone(),
            set: Callback::from(move |value: String| setter.set(AttrValue::from(value))),
        }
    };
    html! {
        <ContextProvider<JaegerUi> {context}>{ props.children.clone() }</ContextProvider<JaegerUi>>
    }
}
