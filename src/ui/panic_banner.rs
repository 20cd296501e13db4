//! A panic must never kill the page silently: the hook logs it to the console and puts a
//! visible banner (role="alert") at the top of the page with the message.
//!
//! It writes to the DOM directly, not through Yew, because after a panic Yew is gone.

/// Installs the hook through Yew: Yew's renderer replaces a plain `std::panic::set_hook`
/// with its own console-only hook unless one is registered this way.
pub fn install() {
    yew::set_custom_panic_hook(Box::new(|info| {
        let message = info.to_string();
        web_sys::console::error_1(&format!("trace-playground panicked: {message}").into());
        show(&message);
    }));
}

fn show(message: &str) {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    let Ok(banner) = document.create_element("div") else {
        return;
    };
    banner.set_id("panic-banner");
    banner.set_class_name("panic-banner");
    let _ = banner.set_attribute("role", "alert");
    // text, not HTML: the message may contain user input.
    banner.set_text_content(Some(&format!(
        "The playground crashed: {message} — reload the page to start again."
    )));
    if let Some(body) = document.body() {
        let _ = body.prepend_with_node_1(&banner);
    }
}
