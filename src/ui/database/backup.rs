//! The data section of Settings: storage use, backup, restore and deleting everything.

use std::sync::Arc;

use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen_futures::JsFuture;

use super::issues::describe_backup_error;
use crate::i18n::Msg;
use crate::import::{read_backup, write_backup, Backup};
use crate::store::crypto::{encrypted_file_content, open_file_with, seal_file_with};
use crate::store::StoreError;
use crate::ui::data::{counts_resource, format_count, now_ms, use_data};
use crate::ui::files::{dated_name, download, picked_file, read_file};
use crate::ui::locale::use_locale;
use crate::ui::security::MIN_PASSPHRASE;

/// Bytes used and available, and whether the browser promised to keep the data.
#[derive(Debug, Clone, PartialEq)]
struct StorageInfo {
    usage: f64,
    quota: f64,
    persisted: bool,
}

async fn storage_info() -> Option<StorageInfo> {
    let storage = web_sys::window()?.navigator().storage();
    let estimate = JsFuture::from(storage.estimate().ok()?).await.ok()?;
    let number = |name: &str| {
        js_sys::Reflect::get(&estimate, &name.into())
            .ok()
            .and_then(|v| v.as_f64())
            .unwrap_or(0.0)
    };
    let persisted = match storage.persisted() {
        Ok(promise) => JsFuture::from(promise)
            .await
            .ok()
            .and_then(|v| v.as_bool())
            .unwrap_or(false),
        Err(_) => false,
    };
    Some(StorageInfo {
        usage: number("usage"),
        quota: number("quota"),
        persisted,
    })
}

fn megabytes(bytes: f64) -> String {
    if bytes >= 1e9 {
        format!("{:.1} GB", bytes / 1e9)
    } else {
        format!("{:.1} MB", bytes / 1e6)
    }
}

/// Storage, backup, restore and delete-all controls.
#[component]
pub fn DataSettings() -> impl IntoView {
    let locale = use_locale();
    let data = use_data();
    let counts = counts_resource(data);
    let storage = LocalResource::new(move || {
        let _ = data.revision();
        storage_info()
    });
    let message = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let pending_restore = RwSignal::new(None::<Arc<Backup>>);
    // An encrypted backup waiting for its passphrase.
    let pending_sealed = RwSignal::new(None::<Arc<Vec<u8>>>);
    let backup_passphrase = RwSignal::new(String::new());
    let restore_passphrase = RwSignal::new(String::new());
    let confirm_delete = RwSignal::new(false);
    let to_backup = move |bytes: &[u8]| {
        read_backup(bytes).map_err(|e| describe_backup_error(&e, locale.lang_untracked()))
    };
    let refused = move |reason: String| {
        message.set(Some(format!(
            "{} {reason}",
            locale.text(Msg::RestoreRefused)
        )))
    };

    let make_backup = move |_| {
        let Some(db) = data.db() else {
            return;
        };
        let passphrase = backup_passphrase.get_untracked();
        if !passphrase.is_empty() && passphrase.chars().count() < MIN_PASSPHRASE {
            message.set(Some(locale.text(Msg::PassphraseTooShort).to_owned()));
            return;
        }
        busy.set(true);
        spawn_local(async move {
            let outcome = match db.backup(now_ms()).await {
                Ok(backup) if passphrase.is_empty() => download(
                    &dated_name("backup", "json.gz"),
                    &write_backup(&backup, true),
                    "application/gzip",
                )
                .map(|()| locale.text(Msg::BackupSaved).to_owned()),
                Ok(backup) => {
                    match seal_file_with(&passphrase, "backup", &write_backup(&backup, true)).await
                    {
                        Ok(sealed) => download(
                            &dated_name("backup", "fieldbook-encrypted"),
                            &sealed,
                            "application/octet-stream",
                        )
                        .map(|()| locale.text(Msg::BackupSavedEncrypted).to_owned()),
                        Err(e) => Err(e.to_string()),
                    }
                }
                Err(e) => Err(e.to_string()),
            };
            message.set(Some(outcome.unwrap_or_else(|e| e)));
            busy.set(false);
        });
    };
    let pick_restore = move |event: leptos::ev::Event| {
        let Some(file) = picked_file(&event) else {
            return;
        };
        busy.set(true);
        spawn_local(async move {
            let bytes = read_file(&file).await;
            match bytes.as_deref().map(encrypted_file_content) {
                Ok(Ok(Some(_))) => {
                    pending_sealed.set(bytes.ok().map(Arc::new));
                    message.set(None);
                }
                Ok(Err(error)) => refused(error.to_string()),
                Ok(Ok(None)) | Err(_) => match bytes.and_then(|b| to_backup(&b)) {
                    Ok(backup) => {
                        pending_restore.set(Some(Arc::new(backup)));
                        message.set(None);
                    }
                    Err(reason) => refused(reason),
                },
            }
            busy.set(false);
        });
    };
    let open_sealed = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let Some(sealed) = pending_sealed.get_untracked() else {
            return;
        };
        let passphrase = restore_passphrase.get_untracked();
        busy.set(true);
        spawn_local(async move {
            match open_file_with(&passphrase, &sealed).await {
                Ok(plain) => match to_backup(&plain) {
                    Ok(backup) => {
                        pending_sealed.set(None);
                        restore_passphrase.set(String::new());
                        pending_restore.set(Some(Arc::new(backup)));
                        message.set(None);
                    }
                    Err(reason) => refused(reason),
                },
                Err(StoreError::WrongPassphrase) => {
                    message.set(Some(locale.text(Msg::WrongPassphrase).to_owned()))
                }
                Err(error) => refused(error.to_string()),
            }
            busy.set(false);
        });
    };
    let restore = move |_| {
        let (Some(db), Some(backup)) = (data.db(), pending_restore.get_untracked()) else {
            return;
        };
        busy.set(true);
        spawn_local(async move {
            let outcome = db.restore(&backup).await;
            pending_restore.set(None);
            message.set(Some(match outcome {
                Ok(()) => locale.text(Msg::RestoreDone).to_owned(),
                Err(e) => format!("{} {e}", locale.text(Msg::RestoreFailed)),
            }));
            busy.set(false);
            data.changed();
        });
    };
    let delete_all = move |_| {
        let Some(db) = data.db() else {
            return;
        };
        busy.set(true);
        spawn_local(async move {
            let outcome = db.clear().await;
            confirm_delete.set(false);
            message.set(Some(match outcome {
                Ok(()) => locale.text(Msg::DeleteAllDone).to_owned(),
                Err(e) => e.to_string(),
            }));
            busy.set(false);
            data.changed();
        });
    };
    let counts_text = move || {
        let c = counts.get().flatten()?.ok()?;
        Some(format!(
            "{} {} · {} {} · {} {}",
            format_count(u64::from(c.customers)),
            locale.text(Msg::CountCustomers),
            format_count(u64::from(c.products)),
            locale.text(Msg::CountProducts),
            format_count(u64::from(c.orders)),
            locale.text(Msg::CountOrders),
        ))
    };
    let storage_text = move || {
        let info = storage.get().flatten()?;
        let kept = if info.persisted {
            Msg::StoragePersisted
        } else {
            Msg::StorageNotPersisted
        };
        Some(format!(
            "{} {} / {} · {}",
            locale.text(Msg::StorageUsed),
            megabytes(info.usage),
            megabytes(info.quota),
            locale.text(kept)
        ))
    };
    let restore_preview = move || {
        pending_restore.get().map(|b| {
            format!(
                "{} {} {}, {} {}, {} {}. {}",
                locale.text(Msg::RestoreHolds),
                format_count(b.customers.len() as u64),
                locale.text(Msg::CountCustomers),
                format_count(b.products.len() as u64),
                locale.text(Msg::CountProducts),
                format_count(b.orders.len() as u64),
                locale.text(Msg::CountOrders),
                locale.text(Msg::RestoreReplaces),
            )
        })
    };
    view! {
        <fieldset class="field-group data-settings" data-testid="data-settings" disabled=move || busy.get()>
            <legend>{locale.tr(Msg::DataTitle)}</legend>
            <p data-testid="data-counts">{move || counts_text().unwrap_or_default()}</p>
            <p class="help" data-testid="storage-usage">{move || storage_text().unwrap_or_default()}</p>
            <Show when=move || message.get().is_some()>
                <p role="status" data-testid="data-message">{move || message.get().unwrap_or_default()}</p>
            </Show>
            <label class="field">
                <span>{locale.tr(Msg::BackupPassphrase)}</span>
                <input
                    type="password"
                    autocomplete="new-password"
                    data-testid="backup-passphrase"
                    prop:value=move || backup_passphrase.get()
                    on:input=move |event| backup_passphrase.set(event_target_value(&event))
                />
            </label>
            <div class="actions">
                <button type="button" data-testid="backup-download" on:click=make_backup>
                    {locale.tr(Msg::BackupDownload)}
                </button>
                <label class="button button-quiet file-button">
                    <span>{locale.tr(Msg::RestoreFromFile)}</span>
                    <input
                        type="file"
                        accept=".json,.gz,.fieldbook-encrypted,application/json,application/gzip"
                        data-testid="restore-file"
                        on:change=pick_restore
                    />
                </label>
            </div>
            <Show when=move || pending_sealed.get().is_some()>
                <form class="confirm" data-testid="restore-unlock" on:submit=open_sealed>
                    <label class="field">
                        <span>{locale.tr(Msg::BackupIsEncrypted)}</span>
                        <input
                            type="password"
                            autocomplete="current-password"
                            data-testid="restore-passphrase"
                            prop:value=move || restore_passphrase.get()
                            on:input=move |event| restore_passphrase.set(event_target_value(&event))
                        />
                    </label>
                    <button type="submit" data-testid="restore-open">{locale.tr(Msg::Unlock)}</button>
                    <button type="button" class="button-quiet" on:click=move |_| pending_sealed.set(None)>
                        {locale.tr(Msg::Cancel)}
                    </button>
                </form>
            </Show>
            <Show when=move || pending_restore.get().is_some()>
                <div class="confirm" role="alertdialog" data-testid="restore-preview">
                    <p>{restore_preview}</p>
                    <button type="button" data-testid="restore-confirm" on:click=restore>
                        {locale.tr(Msg::RestoreConfirm)}
                    </button>
                    <button type="button" class="button-quiet" on:click=move |_| pending_restore.set(None)>
                        {locale.tr(Msg::Cancel)}
                    </button>
                </div>
            </Show>
            <div class="danger-zone">
                <Show
                    when=move || confirm_delete.get()
                    fallback=move || view! {
                        <button type="button" class="button-danger" data-testid="delete-all" on:click=move |_| confirm_delete.set(true)>
                            {locale.tr(Msg::DeleteAll)}
                        </button>
                    }
                >
                    <div class="confirm" role="alertdialog">
                        <p>{locale.tr(Msg::DeleteAllWarning)}</p>
                        <button type="button" class="button-danger" data-testid="delete-all-confirm" on:click=delete_all>
                            {locale.tr(Msg::DeleteAllConfirm)}
                        </button>
                        <button type="button" class="button-quiet" on:click=move |_| confirm_delete.set(false)>
                            {locale.tr(Msg::Cancel)}
                        </button>
                    </div>
                </Show>
            </div>
        </fieldset>
    }
}
