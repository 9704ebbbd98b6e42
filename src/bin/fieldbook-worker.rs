//! Entry point of Fieldbook's web worker: all of it lives in `fieldbook::worker`.

fn main() {
    fieldbook::worker::start();
}
