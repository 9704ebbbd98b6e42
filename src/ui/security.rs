//! Encryption at rest in the UI: the lock screen, the progress of a switch, the Settings
//! section (switch on or off, change the passphrase, lock, auto-lock) and the idle watch.
//! Locking reloads the page, so nothing decrypted and no key outlives it in memory.

use std::cell::Cell;
use std::rc::Rc;
use std::time::Duration;

use leptos::ev;
use leptos::prelude::*;
use leptos::task::spawn_local;

use super::data::{format_count, use_data, DbState};
use super::locale::use_locale;
use super::settings::use_settings;
use crate::i18n::Msg;
use crate::store::{Encryption, StoreError};

/// Shortest passphrase accepted when encryption is switched on or the passphrase changed.
pub const MIN_PASSPHRASE: usize = 8;

/// Auto-lock choices in minutes (0: never).
const AUTO_LOCK_CHOICES: [u32; 6] = [1, 5, 15, 30, 60, 0];

/// What a failed encryption action says, in the user's language where it is known.
fn failure_text(error: &StoreError) -> Result<Msg, String> {
    match error {
        StoreError::WrongPassphrase => Ok(Msg::WrongPassphrase),
        other => Err(other.to_string()),
    }
}

/// Shows a failure next to the form that caused it.
#[component]
fn Failure(
    /// The failure to show, if any.
    failure: RwSignal<Option<Result<Msg, String>>>,
    /// Test id of the message.
    testid: &'static str,
) -> impl IntoView {
    let locale = use_locale();
    move || {
        failure.get().map(|failure| {
            let text = match failure {
                Ok(msg) => locale.text(msg).to_owned(),
                Err(reason) => format!("{} {reason}", locale.text(Msg::EncryptionFailed)),
            };
            view! { <p class="field-problem" role="alert" data-testid=testid>{text}</p> }
        })
    }
}

/// A password input bound to a signal.
#[component]
fn PassphraseInput(
    /// The label.
    label: Msg,
    /// The value.
    value: RwSignal<String>,
    /// Test id of the input.
    testid: &'static str,
    /// `current-password` or `new-password`.
    autocomplete: &'static str,
) -> impl IntoView {
    let locale = use_locale();
    view! {
        <label class="field">
            <span>{locale.tr(label)}</span>
            <input
                type="password"
                autocomplete=autocomplete
                data-testid=testid
                prop:value=move || value.get()
                on:input=move |event| value.set(event_target_value(&event))
            />
        </label>
    }
}

/// Shown instead of every page while the profile is locked: nothing else is rendered, so no
/// customer data can be in the page before the passphrase is given.
#[component]
pub fn LockScreen() -> impl IntoView {
    let locale = use_locale();
    let data = use_data();
    let passphrase = RwSignal::new(String::new());
    let failure = RwSignal::new(None::<Result<Msg, String>>);
    let busy = RwSignal::new(false);
    let on_submit = move |event: ev::SubmitEvent| {
        event.prevent_default();
        if busy.get_untracked() {
            return;
        }
        busy.set(true);
        failure.set(None);
        let given = passphrase.get_untracked();
        spawn_local(async move {
            let result = data.unlock(given).await;
            busy.set(false);
            match result {
                Ok(()) => passphrase.set(String::new()),
                Err(error) => failure.set(Some(failure_text(&error))),
            }
        });
    };
    view! {
        <section class="page lock-screen" data-testid="lock-screen">
            <h1>{locale.tr(Msg::LockedTitle)}</h1>
            <p>{locale.tr(Msg::LockedHelp)}</p>
            <form on:submit=on_submit>
                <label class="field">
                    <span>{locale.tr(Msg::Passphrase)}</span>
                    <input
                        type="password"
                        autocomplete="current-password"
                        autofocus=true
                        data-testid="unlock-passphrase"
                        prop:value=move || passphrase.get()
                        on:input=move |event| passphrase.set(event_target_value(&event))
                    />
                </label>
                <Failure failure=failure testid="unlock-error" />
                <button type="submit" class="button" data-testid="unlock-submit" disabled=move || busy.get()>
                    {move || locale.text(if busy.get() { Msg::Unlocking } else { Msg::Unlock })}
                </button>
            </form>
        </section>
    }
}

/// Shown instead of every page while records are sealed or opened.
#[component]
pub fn SwitchProgress() -> impl IntoView {
    let locale = use_locale();
    let data = use_data();
    let progress = move || match data.state() {
        DbState::Switching { done, total } => (done, total.max(1)),
        _ => (0, 1),
    };
    view! {
        <section class="page" data-testid="encryption-progress">
            <div class="progress-block" role="status">
                <label>
                    <span>{locale.tr(Msg::SwitchingEncryption)}</span>
                    <progress
                        max=move || progress().1.to_string()
                        value=move || progress().0.to_string()
                    ></progress>
                </label>
                <span>
                    {move || {
                        let (done, total) = progress();
                        format!("{} / {}", format_count(done as u64), format_count(total as u64))
                    }}
                </span>
            </div>
        </section>
    }
}

/// The Settings section: encryption at rest.
#[component]
pub fn EncryptionSettings() -> impl IntoView {
    let locale = use_locale();
    let data = use_data();
    let encryption = move || {
        data.revision();
        data.encryption()
    };
    view! {
        <fieldset class="field-group" data-testid="encryption-settings">
            <legend>{locale.tr(Msg::EncryptionHeading)}</legend>
            {move || match encryption() {
                Some(Encryption::On) => view! { <EncryptionOn /> }.into_any(),
                Some(_) => view! { <EncryptionOff /> }.into_any(),
                None => ().into_any(),
            }}
        </fieldset>
    }
}

/// Checks a new passphrase and its repetition.
fn check_new(new: &str, repeated: &str) -> Option<Msg> {
    if new.chars().count() < MIN_PASSPHRASE {
        Some(Msg::PassphraseTooShort)
    } else if new != repeated {
        Some(Msg::PassphraseMismatch)
    } else {
        None
    }
}

/// Switching encryption on.
#[component]
fn EncryptionOff() -> impl IntoView {
    let locale = use_locale();
    let data = use_data();
    let new = RwSignal::new(String::new());
    let repeated = RwSignal::new(String::new());
    let failure = RwSignal::new(None::<Result<Msg, String>>);
    let on_submit = move |event: ev::SubmitEvent| {
        event.prevent_default();
        let (given, again) = (new.get_untracked(), repeated.get_untracked());
        if let Some(problem) = check_new(&given, &again) {
            failure.set(Some(Ok(problem)));
            return;
        }
        failure.set(None);
        spawn_local(async move {
            if let Err(error) = data.switch_encryption(true, given).await {
                failure.set(Some(failure_text(&error)));
            }
        });
    };
    view! {
        <p class="help" data-testid="encryption-status">{locale.tr(Msg::EncryptionOffHelp)}</p>
        <form class="stack" on:submit=on_submit>
            <PassphraseInput label=Msg::NewPassphrase value=new testid="encrypt-passphrase" autocomplete="new-password" />
            <PassphraseInput label=Msg::RepeatPassphrase value=repeated testid="encrypt-repeat" autocomplete="new-password" />
            <Failure failure=failure testid="encrypt-error" />
            <button type="submit" class="button" data-testid="encrypt-submit">
                {locale.tr(Msg::TurnOnEncryption)}
            </button>
        </form>
    }
}

/// Lock, auto-lock, change the passphrase, switch encryption off.
#[component]
fn EncryptionOn() -> impl IntoView {
    let locale = use_locale();
    let data = use_data();
    let settings = use_settings();
    let current = RwSignal::new(String::new());
    let new = RwSignal::new(String::new());
    let repeated = RwSignal::new(String::new());
    let change_failure = RwSignal::new(None::<Result<Msg, String>>);
    let off_password = RwSignal::new(String::new());
    let off_failure = RwSignal::new(None::<Result<Msg, String>>);
    let on_change = move |event: ev::SubmitEvent| {
        event.prevent_default();
        let (old, given, again) = (
            current.get_untracked(),
            new.get_untracked(),
            repeated.get_untracked(),
        );
        if let Some(problem) = check_new(&given, &again) {
            change_failure.set(Some(Ok(problem)));
            return;
        }
        spawn_local(async move {
            let result = match data.require() {
                Ok(db) => db.change_passphrase(&old, &given).await,
                Err(error) => Err(error),
            };
            change_failure.set(Some(match result {
                Ok(()) => {
                    for field in [current, new, repeated] {
                        field.set(String::new());
                    }
                    Ok(Msg::PassphraseChanged)
                }
                Err(error) => failure_text(&error),
            }));
        });
    };
    let on_off = move |event: ev::SubmitEvent| {
        event.prevent_default();
        let given = off_password.get_untracked();
        spawn_local(async move {
            if let Err(error) = data.switch_encryption(false, given).await {
                off_failure.set(Some(failure_text(&error)));
            }
        });
    };
    let minutes = move || settings.get().auto_lock_minutes;
    let on_minutes = move |event: ev::Event| {
        if let Ok(value) = event_target_value(&event).parse::<u32>() {
            settings.update(|s| s.auto_lock_minutes = value);
        }
    };
    view! {
        <p class="help" data-testid="encryption-status">{locale.tr(Msg::EncryptionOnHelp)}</p>
        <div class="stack">
            <button type="button" class="button" data-testid="lock-now" on:click=move |_| data.lock()>
                {locale.tr(Msg::LockNow)}
            </button>
            <label class="field">
                <span>{locale.tr(Msg::AutoLockAfter)}</span>
                <select data-testid="auto-lock" on:change=on_minutes>
                    {AUTO_LOCK_CHOICES
                        .into_iter()
                        .map(|choice| {
                            let label = move || {
                                if choice == 0 {
                                    locale.text(Msg::Never).to_owned()
                                } else {
                                    format!("{choice} {}", locale.text(Msg::MinutesShort))
                                }
                            };
                            view! {
                                <option value=choice.to_string() selected=move || minutes() == choice>
                                    {label}
                                </option>
                            }
                        })
                        .collect_view()}
                </select>
            </label>
        </div>
        <form class="stack" on:submit=on_change>
            <h3>{locale.tr(Msg::ChangePassphrase)}</h3>
            <PassphraseInput label=Msg::CurrentPassphrase value=current testid="change-current" autocomplete="current-password" />
            <PassphraseInput label=Msg::NewPassphrase value=new testid="change-new" autocomplete="new-password" />
            <PassphraseInput label=Msg::RepeatPassphrase value=repeated testid="change-repeat" autocomplete="new-password" />
            <Failure failure=change_failure testid="change-result" />
            <button type="submit" class="button-quiet" data-testid="change-submit">
                {locale.tr(Msg::ChangePassphrase)}
            </button>
        </form>
        <form class="stack" on:submit=on_off>
            <h3>{locale.tr(Msg::TurnOffEncryption)}</h3>
            <PassphraseInput label=Msg::CurrentPassphrase value=off_password testid="decrypt-passphrase" autocomplete="current-password" />
            <Failure failure=off_failure testid="decrypt-error" />
            <button type="submit" class="button-quiet" data-testid="decrypt-submit">
                {locale.tr(Msg::TurnOffEncryption)}
            </button>
        </form>
    }
}

/// Locks an encrypted profile after the idle time chosen in Settings: any key, pointer or wheel
/// event counts as use. Checked every 15 seconds.
pub fn watch_idle() {
    let data = use_data();
    let settings = use_settings();
    let last_use = Rc::new(Cell::new(js_sys::Date::now()));
    for event in ["keydown", "pointerdown", "wheel", "touchstart"] {
        let last_use = last_use.clone();
        let handle =
            window_event_listener_untyped(event, move |_| last_use.set(js_sys::Date::now()));
        // The watch lives as long as the page.
        std::mem::forget(handle);
    }
    let check = move || {
        let minutes = settings.get_untracked().auto_lock_minutes;
        let idle = js_sys::Date::now() - last_use.get();
        if minutes > 0
            && data.state_untracked() == DbState::Ready
            && data.encryption() == Some(Encryption::On)
            && idle >= f64::from(minutes) * 60_000.0
        {
            data.lock();
        }
    };
    // An interval that cannot be set leaves manual locking, which always works.
    let _ = set_interval_with_handle(check, Duration::from_secs(15));
}
