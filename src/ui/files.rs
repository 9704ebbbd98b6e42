//! Files in and out of the browser: saving bytes as a download and reading a picked file.

use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

use crate::store::db::js_text;

/// Saves `bytes` as a download named `name`.
pub fn download(name: &str, bytes: &[u8], mime: &str) -> Result<(), String> {
    let array = js_sys::Uint8Array::from(bytes);
    let parts = js_sys::Array::of1(&array);
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    let blob = web_sys::Blob::new_with_u8_array_sequence_and_options(&parts, &options)
        .map_err(|e| js_text(&e))?;
    download_blob(name, &blob)
}

/// Saves a blob (a chart drawn as PNG, say) as a download named `name`.
pub fn download_blob(name: &str, blob: &web_sys::Blob) -> Result<(), String> {
    let window = web_sys::window().ok_or("no window")?;
    let document = window.document().ok_or("no document")?;
    let url = web_sys::Url::create_object_url_with_blob(blob).map_err(|e| js_text(&e))?;
    let link: web_sys::HtmlAnchorElement = document
        .create_element("a")
        .map_err(|e| js_text(&e))?
        .unchecked_into();
    link.set_href(&url);
    link.set_download(name);
    link.set_hidden(true);
    let body = document.body().ok_or("no body")?;
    body.append_child(&link).map_err(|e| js_text(&e))?;
    link.click();
    link.remove();
    // The object URL must outlive the click's navigation; revoking it a minute later is safe.
    let revoke = wasm_bindgen::closure::Closure::once_into_js(move || {
        let _ = web_sys::Url::revoke_object_url(&url);
    });
    let _ = window
        .set_timeout_with_callback_and_timeout_and_arguments_0(revoke.unchecked_ref(), 60_000);
    Ok(())
}

/// Reads a picked or dropped file into memory.
pub async fn read_file(file: &web_sys::File) -> Result<Vec<u8>, String> {
    let buffer = JsFuture::from(file.array_buffer())
        .await
        .map_err(|e| js_text(&e))?;
    Ok(js_sys::Uint8Array::new(&buffer).to_vec())
}

/// The first file of a file input's selection.
pub fn picked_file(event: &leptos::ev::Event) -> Option<web_sys::File> {
    let input: web_sys::HtmlInputElement = event.target()?.dyn_into().ok()?;
    input.files()?.get(0)
}

/// The first file of a drop.
pub fn dropped_file(event: &leptos::ev::DragEvent) -> Option<web_sys::File> {
    event.data_transfer()?.files()?.get(0)
}

/// A date-stamped file name such as `fieldbook-customers-2026-11-25.csv`.
pub fn dated_name(what: &str, extension: &str) -> String {
    format!("fieldbook-{what}-{}.{extension}", super::data::today())
}

/// GB18030 decoding through the browser's `TextDecoder`.
pub struct BrowserDecoder;

impl crate::import::decode::LegacyDecoder for BrowserDecoder {
    fn decode_gb18030(&self, bytes: &[u8]) -> String {
        // Chromium, Firefox and Safari all ship the WHATWG gb18030 decoder; without it the text
        // is decoded as UTF-8 with replacement characters, which the binary check then reports.
        web_sys::TextDecoder::new_with_label("gb18030")
            .and_then(|decoder| decoder.decode_with_u8_array(bytes))
            .unwrap_or_else(|_| String::from_utf8_lossy(bytes).into_owned())
    }
}
