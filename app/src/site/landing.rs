//! The start page of a Hallpass instance: what is running here and how to operate it.

use leptos::prelude::*;

use crate::{
    components::{SignInButton, SignUpButton, SignedIn, SignedOut, UserButton, UserLabel},
    status::{CheckStatus, InstanceStatus, check_status},
};

#[component]
pub fn Landing() -> impl IntoView {
    view! {
        <main class="mx-auto max-w-3xl px-6 py-16">
            <AccountBar />
            <header class="mt-6">
                <p class="text-sm font-semibold uppercase tracking-widest text-hp-primary">
                    "Hallpass"
                </p>
                <h1 class="mt-2 text-4xl font-bold tracking-tight">
                    "Sign-in and user management for Rust web apps"
                </h1>
                <p class="mt-4 text-lg text-hp-muted">
                    "Self-hosted, one binary, SQLite by default and PostgreSQL when you outgrow one machine."
                </p>
            </header>
            <StatusCard />
            <QuickStart />
        </main>
    }
}

/// Who is signed in on this browser, and the way in or out.
#[component]
fn AccountBar() -> impl IntoView {
    view! {
        <nav aria-label="Account" class="flex items-center justify-end gap-3 text-sm">
            <SignedIn>
                <span class="text-hp-muted">"Signed in as " <UserLabel /></span>
                <UserButton />
            </SignedIn>
            <SignedOut>
                <SignInButton />
                <SignUpButton />
            </SignedOut>
        </nav>
    }
}

#[component]
fn StatusCard() -> impl IntoView {
    let refresh = ServerAction::<CheckStatus>::new();
    let status = Resource::new(move || refresh.version().get(), |_| check_status());

    view! {
        <section
            aria-labelledby="status-title"
            class="mt-10 rounded-hp border border-hp-border bg-hp-bg p-6 shadow-sm"
        >
            <div class="flex items-center justify-between gap-4">
                <h2 id="status-title" class="text-lg font-semibold">
                    "This instance"
                </h2>
                <button
                    type="button"
                    class="rounded-md bg-hp-primary px-3 py-1.5 text-sm font-medium text-hp-on-primary hover:bg-hp-primary-hover focus-visible:outline focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-hp-primary"
                    on:click=move |_| {
                        refresh.dispatch(CheckStatus {});
                    }
                >
                    "Check again"
                </button>
            </div>
            <Suspense fallback=|| view! { <p class="mt-4 text-hp-muted">"Checking…"</p> }>
                <p data-testid="status" aria-live="polite" class="mt-4 text-hp-text">
                    {move || status.get().map(describe)}
                </p>
            </Suspense>
        </section>
    }
}

fn describe(status: Result<InstanceStatus, ServerFnError>) -> String {
    match status {
        Ok(InstanceStatus {
            version,
            database_ready: true,
        }) => {
            format!("Hallpass {version} is running and its database is reachable.")
        }
        Ok(InstanceStatus {
            version,
            database_ready: false,
        }) => {
            format!("Hallpass {version} is running, but its database is unreachable.")
        }
        Err(_) => "The status check failed; is the server still running?".to_string(),
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Topic {
    Run,
    Configure,
    Postgres,
}

impl Topic {
    const ALL: [Topic; 3] = [Topic::Run, Topic::Configure, Topic::Postgres];

    fn label(self) -> &'static str {
        match self {
            Topic::Run => "Run",
            Topic::Configure => "Configure",
            Topic::Postgres => "PostgreSQL",
        }
    }

    fn id(self) -> &'static str {
        match self {
            Topic::Run => "run",
            Topic::Configure => "configure",
            Topic::Postgres => "postgres",
        }
    }

    fn snippet(self) -> &'static str {
        match self {
            Topic::Run => {
                "# one file is the whole deployment\n./hallpass serve\n\n# liveness and readiness probes\ncurl http://127.0.0.1:3000/healthz\ncurl http://127.0.0.1:3000/readyz"
            }
            Topic::Configure => {
                "# environment variables, or the same keys in hallpass.toml\nHALLPASS_ADDR=0.0.0.0:8080 \\\nHALLPASS_LOG_FORMAT=json \\\n./hallpass serve"
            }
            Topic::Postgres => {
                "# many stateless instances can share one database\nDATABASE_URL=postgres://hallpass@db.internal/hallpass \\\n./hallpass serve"
            }
        }
    }
}

/// Tabs of operating snippets; switching them is pure client-side state.
#[component]
fn QuickStart() -> impl IntoView {
    let (topic, set_topic) = signal(Topic::Run);

    view! {
        <section aria-labelledby="quickstart-title" class="mt-10">
            <h2 id="quickstart-title" class="text-lg font-semibold">
                "Operate it"
            </h2>
            <div role="tablist" aria-label="Operate it" class="mt-4 flex gap-2">
                {Topic::ALL
                    .into_iter()
                    .map(|t| {
                        let selected = move || topic.get() == t;
                        view! {
                            <button
                                type="button"
                                role="tab"
                                id=format!("tab-{}", t.id())
                                aria-controls="quickstart-panel"
                                aria-selected=move || selected().to_string()
                                class="rounded-md px-3 py-1.5 text-sm font-medium focus-visible:outline focus-visible:outline-2 focus-visible:outline-hp-primary"
                                class=("bg-hp-primary", selected)
                                class=("text-hp-on-primary", selected)
                                class=("bg-hp-hover", move || !selected())
                                on:click=move |_| set_topic.set(t)
                            >
                                {t.label()}
                            </button>
                        }
                    })
                    .collect_view()}
            </div>
            <div
                id="quickstart-panel"
                role="tabpanel"
                aria-labelledby=move || format!("tab-{}", topic.get().id())
                class="mt-3 overflow-x-auto rounded-hp bg-slate-900 p-5 text-sm text-slate-100"
            >
                <pre>
                    <code data-testid="snippet">{move || topic.get().snippet()}</code>
                </pre>
            </div>
        </section>
    }
}
