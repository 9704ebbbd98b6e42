//! Where the app is deployed: the base path that the router and every link share, so `dist/`
//! works at the site root and under any sub-path.

use leptos::prelude::*;

/// The deployment's base path: `""` at the site root, `"/crm"` under a sub-path.
#[derive(Debug, Clone, Copy)]
pub struct AppBase(StoredValue<String>);

impl AppBase {
    /// The base path, without a trailing slash.
    pub fn path(self) -> String {
        self.0.get_value()
    }

    /// The link target for an in-app path such as `/customers`. leptos_router's `<A>` does not
    /// add the router's base to absolute paths, so every link goes through here.
    pub fn href(self, path: &str) -> String {
        join_base(&self.0.read_value(), path)
    }
}

/// Reads the base from the document and provides [`AppBase`].
pub fn provide_app_base() -> AppBase {
    let base = AppBase(StoredValue::new(current_base_path()));
    provide_context(base);
    base
}

/// The [`AppBase`] provided by the app.
pub fn use_app_base() -> AppBase {
    expect_context::<AppBase>()
}

/// The base path from the document's base URL. The service worker adds a `<base>` pointing at
/// the deployment's root when it serves a deep link, so this holds on every page.
fn current_base_path() -> String {
    let pathname = web_sys::window()
        .and_then(|window| window.document())
        .and_then(|document| document.base_uri().ok().flatten())
        .and_then(|uri| web_sys::Url::new(&uri).ok())
        .map(|url| url.pathname())
        .unwrap_or_default();
    base_path_of(&pathname)
}

/// The directory part of a base URL's path, without its trailing slash.
pub fn base_path_of(pathname: &str) -> String {
    match pathname.rfind('/') {
        Some(end) => pathname[..end].to_owned(),
        None => String::new(),
    }
}

/// `base` + `path`, where `path` starts with `/`; the root path keeps its slash (`/crm/`).
pub fn join_base(base: &str, path: &str) -> String {
    format!("{base}{path}")
}

#[cfg(test)]
mod tests {
    use super::{base_path_of, join_base};

    #[test]
    fn base_path_is_the_directory_of_the_base_url() {
        let cases = [
            ("/", ""),
            ("/index.html", ""),
            ("/crm/", "/crm"),
            ("/crm/index.html", "/crm"),
            ("/a/b/crm/", "/a/b/crm"),
            ("", ""),
        ];
        for (pathname, expected) in cases {
            assert_eq!(base_path_of(pathname), expected, "pathname {pathname:?}");
        }
    }

    #[test]
    fn links_join_the_base() {
        let cases = [
            ("", "/", "/"),
            ("", "/customers", "/customers"),
            ("/crm", "/", "/crm/"),
            ("/crm", "/customers", "/crm/customers"),
        ];
        for (base, path, expected) in cases {
            assert_eq!(join_base(base, path), expected, "{base:?} + {path:?}");
        }
    }
}
