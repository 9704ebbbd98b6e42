//! Tidy checks over the source tree: the architecture invariants of ARCHITECTURE.md, enforced as
//! tests in the way rust-analyzer's tidy does.
#![cfg(not(target_arch = "wasm32"))]

use std::fs;
use std::path::{Path, PathBuf};

/// Modules that must build and test on the host without any web crate.
const PURE_MODULES: &[&str] = &[
    "analytics",
    "charts",
    "clean",
    "crypto",
    "demo",
    "i18n",
    "import",
    "mining",
    "model",
];

/// Crates that only the web edges may use.
const WEB_CRATES: &[&str] = &[
    "leptos",
    "leptos_router",
    "web_sys",
    "js_sys",
    "wasm_bindgen",
    "gloo_storage",
    "gloo",
    "plotters_canvas",
];

fn rust_files(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    for entry in fs::read_dir(dir).expect("source directory is readable") {
        let path = entry.expect("directory entry is readable").path();
        if path.is_dir() {
            files.extend(rust_files(&path));
        } else if path.extension().is_some_and(|ext| ext == "rs") {
            files.push(path);
        }
    }
    files.sort();
    files
}

fn src_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

/// Finds `crate_name` used as a path root (`web_sys::`, `use leptos::`, `::js_sys`) in `code`.
fn mentions_crate(code: &str, crate_name: &str) -> bool {
    code.match_indices(crate_name).any(|(at, _)| {
        let before = code[..at].chars().next_back();
        let after = &code[at + crate_name.len()..];
        let starts_word = before.is_none_or(|c| !(c.is_alphanumeric() || c == '_'));
        starts_word && after.starts_with("::")
    })
}

fn code_lines(source: &str) -> String {
    source
        .lines()
        .filter(|line| {
            let trimmed = line.trim_start();
            !trimmed.starts_with("//")
        })
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn pure_modules_never_use_web_crates() {
    let mut violations = Vec::new();
    for module in PURE_MODULES {
        let dir = src_dir().join(module);
        let files = if dir.is_dir() {
            rust_files(&dir)
        } else {
            vec![src_dir().join(format!("{module}.rs"))]
        };
        assert!(!files.is_empty(), "pure module {module} has no files");
        for file in files {
            let code = code_lines(&fs::read_to_string(&file).expect("source file is readable"));
            for web in WEB_CRATES {
                if mentions_crate(&code, web) {
                    violations.push(format!("{} uses {web}", file.display()));
                }
            }
        }
    }
    assert!(
        violations.is_empty(),
        "web crates in pure modules:\n{}",
        violations.join("\n")
    );
}

#[test]
fn the_crate_detector_sees_real_uses_and_ignores_lookalikes() {
    assert!(mentions_crate("use web_sys::Window;", "web_sys"));
    assert!(mentions_crate("let w = ::web_sys::window();", "web_sys"));
    assert!(mentions_crate("leptos::prelude::*", "leptos"));
    assert!(!mentions_crate("use my_web_sys::Window;", "web_sys"));
    assert!(!mentions_crate("leptos_router::A", "leptos"));
    assert!(!mentions_crate("let leptos = 1;", "leptos"));
}

/// Which top-level modules each module may use: dependencies point down only
/// (ui -> worker/charts/store -> mining -> analytics/clean/import -> model). Test code at the
/// end of a file may use more.
const ALLOWED_DEPENDENCIES: &[(&str, &[&str])] = &[
    ("model", &[]),
    ("crypto", &[]),
    ("i18n", &[]),
    ("demo", &["model"]),
    ("import", &["model", "crypto"]),
    ("analytics", &["model"]),
    ("clean", &["model"]),
    ("mining", &["model", "analytics"]),
    ("charts", &[]),
    (
        "worker",
        &["model", "import", "analytics", "clean", "mining"],
    ),
    (
        "store",
        &[
            "model",
            "crypto",
            "import",
            "i18n",
            "analytics",
            "clean",
            "mining",
        ],
    ),
    (
        "ui",
        &[
            "model",
            "import",
            "demo",
            "store",
            "i18n",
            "analytics",
            "clean",
            "mining",
            "charts",
            "worker",
        ],
    ),
];

fn non_test_code(source: &str) -> String {
    let cut = source.find("#[cfg(test)]").unwrap_or(source.len());
    let cut = source[..cut].find("#[cfg(all(test").unwrap_or(cut);
    code_lines(&source[..cut])
}

#[test]
fn dependencies_point_down_only() {
    let mut violations = Vec::new();
    for (module, allowed) in ALLOWED_DEPENDENCIES {
        let dir = src_dir().join(module);
        for file in rust_files(&dir) {
            let code = non_test_code(&fs::read_to_string(&file).expect("source file is readable"));
            for (at, _) in code.match_indices("crate::") {
                let used: String = code[at + "crate::".len()..]
                    .chars()
                    .take_while(|c| c.is_alphanumeric() || *c == '_')
                    .collect();
                if used != *module && !allowed.contains(&used.as_str()) {
                    violations.push(format!("{} uses crate::{used}", file.display()));
                }
            }
        }
    }
    for (module, _) in ALLOWED_DEPENDENCIES {
        assert!(src_dir().join(module).is_dir(), "{module} is not a folder");
    }
    assert!(
        violations.is_empty(),
        "upward dependencies:\n{}",
        violations.join("\n")
    );
}

#[test]
fn every_module_file_opens_with_a_doc_line() {
    let missing: Vec<_> = rust_files(&src_dir())
        .into_iter()
        .filter(|file| {
            let source = fs::read_to_string(file).expect("source file is readable");
            !source.trim_start().starts_with("//!")
        })
        .map(|file| file.display().to_string())
        .collect();
    assert!(
        missing.is_empty(),
        "files without a //! line:\n{}",
        missing.join("\n")
    );
}

#[test]
fn no_html_is_ever_injected_from_strings() {
    // Text from data must be rendered as text; `inner_html` would let it run as markup.
    let offenders: Vec<_> = rust_files(&src_dir())
        .into_iter()
        .filter(|file| {
            let code = code_lines(&fs::read_to_string(file).expect("source file is readable"));
            code.contains("inner_html") || code.contains("set_inner_html")
        })
        .map(|file| file.display().to_string())
        .collect();
    assert!(
        offenders.is_empty(),
        "inner_html used in:\n{}",
        offenders.join("\n")
    );
}

#[test]
fn no_script_writes_markup_either() {
    // The hand-written JavaScript (boot loader, service worker, build hook) must not build
    // markup from strings either.
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut offenders = Vec::new();
    for dir in ["public", "tools"] {
        for entry in fs::read_dir(root.join(dir)).expect("folder is readable") {
            let path = entry.expect("entry is readable").path();
            if !path.extension().is_some_and(|e| e == "js" || e == "mjs") {
                continue;
            }
            let code = fs::read_to_string(&path).expect("script is readable");
            for sink in [
                "innerHTML",
                "outerHTML",
                "insertAdjacentHTML",
                "document.write",
            ] {
                if code.contains(sink) {
                    offenders.push(format!("{}: {sink}", path.display()));
                }
            }
        }
    }
    assert!(
        offenders.is_empty(),
        "markup sinks in:\n{}",
        offenders.join("\n")
    );
}

#[test]
fn main_only_mounts_the_app() {
    let main = fs::read_to_string(src_dir().join("main.rs")).expect("main.rs is readable");
    let code = code_lines(&main);
    assert!(
        code.lines().count() <= 6,
        "main.rs should only start the app:\n{code}"
    );
}
