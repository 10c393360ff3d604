//! The journal page. Signed out: what this is, and the way in. Signed in: a form for a
//! new entry and the person's entries, newest first. Every form is an `ActionForm`, a real
//! HTML form posting to its server function, so the page works before the WASM loads or
//! without JavaScript (the server answers with a redirect back here); hydrated, the same
//! forms submit inline.

use hallpass::{
    components::{SignInButton, SignUpButton, SignedIn, SignedOut, UserButton, UserLabel},
    error::AppError,
    status::{InstanceStatus, check_status},
};
use leptos::{html::Form, prelude::*};
use leptos_meta::Title;
use time::{OffsetDateTime, macros::format_description};

use crate::entries::{AddEntry, DeleteEntry, Entry, MAX_ENTRY_CHARS, list_entries};

const PRIMARY_BUTTON: &str = "rounded-md bg-hp-primary px-4 py-2 font-medium text-hp-on-primary hover:bg-hp-primary-hover focus-visible:outline focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-hp-primary disabled:opacity-60";
const QUIET_BUTTON: &str = "rounded-md px-2 py-1 text-sm text-hp-muted hover:bg-hp-hover hover:text-hp-danger focus-visible:outline focus-visible:outline-2 focus-visible:outline-hp-primary";

#[component]
pub fn JournalPage() -> impl IntoView {
    // Created here, outside `SignedIn`, so they exist once per page and in the same order
    // on the server and in the browser. Resources made inside a suspense's children are
    // made again each time the server re-runs them, a number that depends on timing, and
    // hydration then looks for their values under other ids. Signed out, the list is a
    // quick 401 that is never shown.
    let add = ServerAction::<AddEntry>::new();
    let delete = ServerAction::<DeleteEntry>::new();
    let entries = Resource::new(
        move || (add.version().get(), delete.version().get()),
        |_| list_entries(),
    );
    view! {
        <Title text="Journal" />
        <div class="hp-journal mx-auto flex min-h-screen max-w-2xl flex-col px-6 py-10">
            <header class="hp-journal-header flex min-h-10 items-center justify-between gap-4">
                <p class="hp-journal-brand text-lg font-semibold tracking-tight">"Journal"</p>
                // Not inside `SignedIn`: both render nothing when signed out, and this way the
                // menu's resource is made with the page's (see above).
                <nav aria-label="Account" class="hp-journal-account flex items-center gap-3 text-sm">
                    <UserLabel />
                    <UserButton />
                </nav>
            </header>
            <main class="hp-journal-main mt-10 flex-1">
                <SignedOut>
                    <Intro />
                </SignedOut>
                <SignedIn>
                    <Entries add delete entries />
                </SignedIn>
            </main>
            <InstanceFooter />
        </div>
    }
}

#[component]
fn Intro() -> impl IntoView {
    view! {
        <section
            aria-labelledby="hp-journal-intro-title"
            class="hp-journal-intro rounded-hp border border-hp-border bg-hp-bg p-8 shadow-sm"
        >
            <h1 id="hp-journal-intro-title" class="hp-journal-title text-3xl font-bold tracking-tight">
                "A journal only you can read"
            </h1>
            <p class="hp-journal-lead mt-3 text-hp-muted">
                "Write a few lines about your day. Your entries are yours alone: the server checks who you are on every request, and no other account can list, read or delete them."
            </p>
            <p class="hp-journal-actions mt-6 flex items-center gap-4">
                <SignUpButton />
                <SignInButton />
            </p>
        </section>
    }
}

/// The form and the list share the actions, so the list reloads after each write.
#[component]
fn Entries(
    add: ServerAction<AddEntry>,
    delete: ServerAction<DeleteEntry>,
    entries: Resource<Result<Vec<Entry>, AppError>>,
) -> impl IntoView {
    let delete_problem = move || problem(delete.value().get());

    view! {
        <h1 class="hp-journal-title text-3xl font-bold tracking-tight">"Your journal"</h1>
        <EntryForm add />
        <section aria-labelledby="hp-journal-entries-title" class="hp-journal-entries mt-10">
            <h2 id="hp-journal-entries-title" class="hp-journal-entries-title text-lg font-semibold">
                "Entries"
            </h2>
            <p role="alert" class="hp-journal-problem text-sm text-hp-danger">
                {delete_problem}
            </p>
            <Transition fallback=|| {
                view! { <p class="hp-journal-loading mt-4 text-hp-muted">"Loading…"</p> }
            }>
                {move || Suspend::new(async move {
                    match entries.await {
                        Ok(list) if list.is_empty() => {
                            view! {
                                <p class="hp-journal-empty mt-4 text-hp-muted">
                                    "No entries yet. The first one is above."
                                </p>
                            }
                                .into_any()
                        }
                        Ok(list) => {
                            view! {
                                <ol class="hp-journal-list mt-4 flex flex-col gap-4">
                                    {list
                                        .into_iter()
                                        .map(|entry| view! { <EntryItem entry delete /> })
                                        .collect_view()}
                                </ol>
                            }
                                .into_any()
                        }
                        Err(error) => {
                            view! {
                                <p role="alert" class="hp-journal-problem mt-4 text-sm text-hp-danger">
                                    {error.message}
                                </p>
                            }
                                .into_any()
                        }
                    }
                })}
            </Transition>
        </section>
    }
}

#[component]
fn EntryForm(add: ServerAction<AddEntry>) -> impl IntoView {
    let form = NodeRef::<Form>::new();
    // Inline, the page stays: clear the form once the entry is saved.
    Effect::new(move |_| {
        if let (Some(Ok(_)), Some(form)) = (add.value().get(), form.get()) {
            form.reset();
        }
    });
    let add_problem = move || problem(add.value().get());

    view! {
        <ActionForm action=add node_ref=form attr:class="hp-journal-form mt-6 flex flex-col gap-2">
            <label for="hp-journal-body" class="hp-journal-label text-sm font-medium text-hp-text">
                "New entry"
            </label>
            <textarea
                id="hp-journal-body"
                name="body"
                rows="5"
                required
                maxlength=MAX_ENTRY_CHARS.to_string()
                placeholder="What happened today?"
                aria-invalid=move || add_problem().is_some().to_string()
                aria-describedby="hp-journal-form-problem"
                class="hp-journal-input rounded-md border border-hp-input bg-hp-bg px-3 py-2 text-hp-text focus:outline focus:outline-2 focus:outline-hp-primary aria-[invalid=true]:border-hp-danger"
            ></textarea>
            <p
                id="hp-journal-form-problem"
                role="alert"
                class="hp-journal-problem min-h-5 text-sm text-hp-danger"
            >
                {add_problem}
            </p>
            <div>
                <button
                    type="submit"
                    disabled=move || add.pending().get()
                    class=format!("hp-journal-save {PRIMARY_BUTTON}")
                >
                    "Save entry"
                </button>
            </div>
        </ActionForm>
    }
}

#[component]
fn EntryItem(entry: Entry, delete: ServerAction<DeleteEntry>) -> impl IntoView {
    let (datetime, written) = timestamps(entry.created_at);
    view! {
        <li class="hp-journal-entry rounded-hp border border-hp-border bg-hp-bg p-5 shadow-sm">
            <div class="hp-journal-entry-meta flex items-center justify-between gap-4">
                <time datetime=datetime class="hp-journal-entry-time text-sm text-hp-muted">
                    {written.clone()}
                </time>
                <ActionForm action=delete attr:class="hp-journal-delete">
                    <input type="hidden" name="id" value=entry.id />
                    <button
                        type="submit"
                        aria-label=format!("Delete the entry of {written}")
                        class=format!("hp-journal-delete-button {QUIET_BUTTON}")
                    >
                        "Delete"
                    </button>
                </ActionForm>
            </div>
            <p class="hp-journal-entry-body mt-3 whitespace-pre-wrap break-words text-hp-text">
                {entry.body}
            </p>
        </li>
    }
}

/// A small line on what is running here, for whoever operates the instance.
#[component]
fn InstanceFooter() -> impl IntoView {
    let status = Resource::new(|| (), |_| check_status());
    view! {
        <footer class="hp-journal-footer mt-16 border-t border-hp-border pt-4 text-xs text-hp-muted">
            <Suspense fallback=|| ()>
                <p data-testid="status" class="hp-journal-status">
                    {move || Suspend::new(async move { describe(status.await) })}
                </p>
            </Suspense>
        </footer>
    }
}

fn describe(status: Result<InstanceStatus, AppError>) -> String {
    match status {
        Ok(InstanceStatus {
            version,
            database_ready: true,
        }) => format!("Hallpass {version} is running and its database is reachable."),
        Ok(InstanceStatus {
            version,
            database_ready: false,
        }) => format!("Hallpass {version} is running, but its database is unreachable."),
        Err(_) => "The status check failed; is the server still running?".to_owned(),
    }
}

/// The message of a failed action, if the last one failed.
fn problem<T>(result: Option<Result<T, AppError>>) -> Option<String> {
    result.and_then(Result::err).map(|error| error.message)
}

/// The machine-readable and the displayed time of an entry, in UTC: the server renders
/// and the browser hydrates the same text, whatever their time zones.
fn timestamps(created_at_ms: i64) -> (String, String) {
    let Ok(at) = OffsetDateTime::from_unix_timestamp_nanos(i128::from(created_at_ms) * 1_000_000)
    else {
        return (String::new(), String::new());
    };
    let machine = format_description!("[year]-[month]-[day]T[hour]:[minute]:[second]Z");
    let shown =
        format_description!("[day padding:none] [month repr:short] [year], [hour]:[minute] UTC");
    (
        at.format(machine).unwrap_or_default(),
        at.format(shown).unwrap_or_default(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entry_times_are_shown_in_utc() {
        let (datetime, shown) = timestamps(1_777_046_580_000);

        assert_eq!(datetime, "2026-04-24T16:03:00Z");
        assert_eq!(shown, "24 Apr 2026, 16:03 UTC");
    }
}
