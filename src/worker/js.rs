//! Small conversions between JavaScript values and Rust for the worker's messages.

use js_sys::{Array, Object, Promise, Reflect, Uint8Array};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{Blob, DedicatedWorkerGlobalScope, MessageEvent, Worker};

/// A plain object with the given fields.
pub fn object(fields: &[(&str, JsValue)]) -> JsValue {
    let object = Object::new();
    for (name, value) in fields {
        // Setting a field on a fresh plain object cannot fail.
        let _ = Reflect::set(&object, &JsValue::from_str(name), value);
    }
    object.into()
}

/// A field of a message.
pub fn field(message: &JsValue, name: &str) -> JsValue {
    Reflect::get(message, &JsValue::from_str(name)).unwrap_or(JsValue::UNDEFINED)
}

/// A numeric field, or `default` when it is missing or not a number.
pub fn number(message: &JsValue, name: &str, default: f64) -> f64 {
    field(message, name).as_f64().unwrap_or(default)
}

/// Posts a message to whoever started this worker, moving the `ArrayBuffer`s in `transfer`.
pub fn reply(message: &JsValue, transfer: Option<&Array>) {
    let scope: DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
    // Posting to the parent only fails for values that cannot be cloned, which we never send.
    let _ = match transfer {
        Some(buffers) => scope.post_message_with_transfer(message, buffers),
        None => scope.post_message(message),
    };
}

/// Removes a field from a message and returns it, so a large value it held can be freed.
pub fn take_field(message: &JsValue, name: &str) -> JsValue {
    let value = field(message, name);
    let _ = Reflect::delete_property(message.unchecked_ref::<Object>(), &JsValue::from_str(name));
    value
}

/// Milliseconds on this worker's clock.
pub fn now() -> f64 {
    let scope: DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
    scope.performance().map_or(0.0, |p| p.now())
}

/// The text of a JavaScript error (or any thrown value).
pub fn describe(error: &JsValue) -> String {
    error
        .dyn_ref::<js_sys::Error>()
        .map(|e| String::from(e.message()))
        .or_else(|| error.as_string())
        .unwrap_or_else(|| format!("{error:?}"))
}

/// The bytes `start..end` of a file.
pub async fn read_bytes(file: &Blob, start: usize, end: usize) -> Result<Vec<u8>, String> {
    let slice = file
        .slice_with_f64_and_f64(start as f64, end as f64)
        .map_err(|e| format!("could not cut the file: {}", describe(&e)))?;
    let buffer = JsFuture::from(slice.array_buffer())
        .await
        .map_err(|e| format!("could not read the file: {}", describe(&e)))?;
    Ok(Uint8Array::new(&buffer).to_vec())
}

/// Sends `message` to a helper and waits for its next message (each helper does one job at a
/// time, so its next message is the answer).
pub fn ask(helper: &Worker, message: &JsValue, transfer: Option<&JsValue>) -> JsFuture {
    let answer = next_message(helper);
    let sent = match transfer {
        Some(buffer) => helper.post_message_with_transfer(message, &Array::of1(buffer)),
        None => helper.post_message(message),
    };
    match sent {
        Ok(()) => answer,
        Err(error) => JsFuture::from(Promise::reject(&error)),
    }
}

/// The helper's next message; a failure inside the helper rejects.
pub fn next_message(helper: &Worker) -> JsFuture {
    let helper = helper.clone();
    JsFuture::from(Promise::new(&mut |resolve, reject| {
        helper.set_onmessage(Some(&resolve));
        helper.set_onerror(Some(&reject));
    }))
}

/// The data of a message event that a helper's promise resolved with.
pub fn event_data(event: JsValue) -> JsValue {
    event
        .dyn_into::<MessageEvent>()
        .map(|e| e.data())
        .unwrap_or(JsValue::UNDEFINED)
}
