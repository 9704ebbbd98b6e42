//! Wasm entry point: installs the panic screen and mounts the app. All logic lives in the library.

fn main() {
    fieldbook::ui::start();
}
