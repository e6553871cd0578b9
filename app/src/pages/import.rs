//! Add existing customers from a CSV file: check (a preview with every row's problems, nothing
//! written), then import the ready rows while the server streams its progress.

use crate::api::{self, ApiFailure};
use crate::i18n::{tr, use_i18n, I18n};
use crate::ui::{failure_text, format_count, submit, submit_with};
use leptos::prelude::*;
use leptos::task::spawn_local;
use shared::i18n::import_column_label;
use shared::i18n::{field_error_text, Msg};
use shared::import::{ImportPreview, ImportProgress, RowProblem, RowReport, SimilarRow, SimilarTo};
use shared::Field;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;

/// One line's problem, in the user's language.
pub fn problem_text(problem: &RowProblem, i18n: I18n) -> String {
    let locale = i18n.locale();
    match problem {
        RowProblem::Duplicate => locale.text(Msg::ProblemDuplicate).to_string(),
        RowProblem::RepeatedInFile { first_line } => {
            locale.format(Msg::ProblemRepeated, &[("line", &first_line.to_string())])
        }
        RowProblem::BadRelationshipExists { error } => locale.format(
            Msg::ProblemRelationshipExists,
            &[("error", &field_error_text(locale, Field::File, error))],
        ),
        RowProblem::Invalid { errors } => errors
            .iter()
            .map(|(field, error)| {
                // The column as the template heads it in the user's language.
                let column = import_column_label(field.key())
                    .map_or(field.key(), |label| locale.text(label));
                locale.format(
                    Msg::ProblemColumn,
                    &[
                        ("column", column),
                        ("error", &field_error_text(locale, *field, error)),
                    ],
                )
            })
            .collect::<Vec<_>>()
            .join(" · "),
    }
}

#[derive(Clone, Debug, PartialEq)]
enum Stage {
    Choose,
    Checking,
    Previewed(ImportPreview),
    Importing(ImportProgress),
    Done(ImportProgress),
}

#[component]
pub fn ImportPage() -> impl IntoView {
    crate::i18n::use_static_title(Msg::ImportTitle);
    let i18n = use_i18n();
    let stage = RwSignal::new(Stage::Choose);
    let failure = RwSignal::new(None::<String>);
    let file_input = NodeRef::<leptos::html::Input>::new();

    let chosen_file = move || {
        file_input
            .get_untracked()
            .and_then(|input| input.files())
            .and_then(|files| files.get(0))
    };
    let checking = submit(move || {
        let file = chosen_file();
        async move {
            let Some(file) = file else { return };
            let text = wasm_bindgen_futures::JsFuture::from(file.text())
                .await
                .ok()
                .and_then(|v| v.as_string())
                .unwrap_or_default();
            match api::preview_import(text).await {
                Ok(preview) => stage.set(Stage::Previewed(preview)),
                Err(ApiFailure::Validation(fields)) => {
                    failure.set(
                        fields
                            .iter()
                            .next()
                            .map(|(f, e)| field_error_text(i18n.locale(), *f, e)),
                    );
                    stage.set(Stage::Choose);
                }
                Err(other) => {
                    failure.set(Some(failure_text(&other, i18n.locale())));
                    stage.set(Stage::Choose);
                }
            }
        }
    });
    let check = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if chosen_file().is_none() {
            failure.set(Some(field_error_text(
                i18n.locale(),
                Field::File,
                &shared::FieldError::Required,
            )));
            crate::ui::focus_element("file");
            return;
        }
        failure.set(None);
        stage.set(Stage::Checking);
        checking.dispatch(());
    };

    let committing = submit_with(move |id: uuid::Uuid| async move {
        match api::commit_import(id).await {
            Ok(progress) => {
                stage.set(Stage::Importing(progress));
                follow_progress(id, stage);
            }
            Err(ApiFailure::NotFound) => {
                failure.set(Some(i18n.t(Msg::ImportStale).to_string()));
                stage.set(Stage::Choose);
            }
            Err(other) => failure.set(Some(failure_text(&other, i18n.locale()))),
        }
    });
    let commit_pending = committing.pending();
    let commit = move |id: uuid::Uuid| {
        failure.set(None);
        committing.dispatch(id);
    };

    view! {
        <div class="page-header">
            <div>
                <h1>{tr(Msg::ImportTitle)}</h1>
                <p class="page-intro">{tr(Msg::ImportIntro)}</p>
            </div>
            <div class="header-actions">
                <a href=move || format!("/api/imports/template.csv?lang={}", i18n.locale().tag()) class="btn"
                    download="partnerdesk-customers-template.csv">{tr(Msg::ImportTemplate)}</a>
            </div>
        </div>
        {move || failure.get().map(|f| view! { <div class="card alert alert-error" role="alert">{f}</div> })}
        {move || match stage.get() {
            Stage::Choose | Stage::Checking => view! {
                <form class="card form-section" novalidate=true on:submit=check>
                    <p class="section-intro">{tr(Msg::ImportColumnsHelp)}</p>
                    <div class="field">
                        <label for="file" class="field-label">{tr(Msg::LabelFile)}</label>
                        <input id="file" name="file" type="file" accept=".csv,text/csv" node_ref=file_input />
                    </div>
                    <div class="form-actions">
                        <button type="submit" class="btn btn-primary" disabled=move || stage.get() == Stage::Checking>
                            {move || if stage.get() == Stage::Checking { i18n.t(Msg::Checking) } else { i18n.t(Msg::CheckFile) }}
                        </button>
                    </div>
                </form>
            }.into_any(),
            Stage::Previewed(preview) => {
                let (ready, id) = (preview.ready, preview.id);
                view! {
                    <PreviewSummary preview />
                    <div class="form-actions">
                        <button type="button" class="btn" on:click=move |_| stage.set(Stage::Choose)>{tr(Msg::ImportAnother)}</button>
                        <span class="spacer"></span>
                        {if ready == 0 {
                            view! { <p class="row-note">{tr(Msg::ImportNothing)}</p> }.into_any()
                        } else {
                            view! {
                                <button type="button" class="btn btn-primary" disabled=move || commit_pending.get() on:click=move |_| commit(id)>
                                    {move || i18n.f(Msg::ImportRows, &[("count", &format_count(u64::from(ready), i18n.locale()))])}
                                </button>
                            }.into_any()
                        }}
                    </div>
                }.into_any()
            }
            Stage::Importing(progress) => view! { <ProgressCard progress /> }.into_any(),
            Stage::Done(progress) => view! {
                <div class="card callout callout-success" role="status">
                    <p>{move || i18n.f(Msg::ImportDone, &[
                        ("imported", &format_count(u64::from(progress.imported), i18n.locale())),
                        ("skipped", &format_count(u64::from(progress.skipped), i18n.locale())),
                        ("failed", &format_count(u64::from(progress.failed), i18n.locale())),
                    ])}</p>
                    <div class="form-actions">
                        <a href="/customers" class="btn btn-primary">{tr(Msg::BackToList)}</a>
                        <button type="button" class="btn" on:click=move |_| stage.set(Stage::Choose)>{tr(Msg::ImportAnother)}</button>
                    </div>
                </div>
            }.into_any(),
        }}
    }
}

/// Listens to the server's progress events until the import has finished.
fn follow_progress(id: uuid::Uuid, stage: RwSignal<Stage>) {
    let Ok(source) = web_sys::EventSource::new(&format!("/api/imports/{id}/events")) else {
        return;
    };
    let source_for_close = source.clone();
    let on_progress =
        Closure::<dyn FnMut(web_sys::MessageEvent)>::new(move |event: web_sys::MessageEvent| {
            let Some(data) = event.data().as_string() else {
                return;
            };
            let Ok(progress) = serde_json::from_str::<ImportProgress>(&data) else {
                return;
            };
            if progress.finished {
                source_for_close.close();
                stage.set(Stage::Done(progress));
            } else {
                stage.set(Stage::Importing(progress));
            }
        });
    let _ =
        source.add_event_listener_with_callback("progress", on_progress.as_ref().unchecked_ref());
    // The listener lives as long as the page's event source.
    on_progress.forget();
    // A dropped connection: ask once where it stands (the browser also reconnects by itself).
    let source_for_error = source.clone();
    let on_error = Closure::<dyn FnMut(web_sys::Event)>::new(move |_| {
        if source_for_error.ready_state() == web_sys::EventSource::CLOSED {
            spawn_local(async move {
                if let Ok(progress) = api::import_progress(id).await {
                    if progress.finished {
                        stage.set(Stage::Done(progress));
                    }
                }
            });
        }
    });
    source.set_onerror(Some(on_error.as_ref().unchecked_ref()));
    on_error.forget();
}

#[component]
fn ProgressCard(progress: ImportProgress) -> impl IntoView {
    let i18n = use_i18n();
    let (done, total) = (progress.done, progress.total.max(1));
    view! {
        <div class="card" aria-busy="true">
            <label for="import-progress" class="field-label">
                {move || i18n.f(Msg::Importing, &[
                    ("done", &format_count(u64::from(done), i18n.locale())),
                    ("total", &format_count(u64::from(progress.total), i18n.locale())),
                ])}
            </label>
            <progress id="import-progress" class="progress" max=total value=done></progress>
        </div>
    }
}

#[component]
fn PreviewSummary(preview: ImportPreview) -> impl IntoView {
    let i18n = use_i18n();
    let p = preview.clone();
    let shown = preview.problems.len() as u32;
    let with_problems = preview.duplicates + preview.invalid;
    view! {
        <section class="card">
            <p class="lead" data-testid="import-summary">{move || i18n.f(Msg::ImportSummary, &[
                ("total", &format_count(u64::from(p.total), i18n.locale())),
                ("ready", &format_count(u64::from(p.ready), i18n.locale())),
                ("active", &format_count(u64::from(p.active), i18n.locale())),
                ("duplicates", &format_count(u64::from(p.duplicates), i18n.locale())),
                ("invalid", &format_count(u64::from(p.invalid), i18n.locale())),
            ])}</p>
            <p class="field-hint" data-testid="import-read-as">{move || i18n.f(Msg::ImportReadAs, &[
                ("encoding", i18n.locale().text(p.encoding.label())),
                ("separator", i18n.locale().text(p.separator.label())),
            ])}</p>
        </section>
        {(!preview.problems.is_empty()).then(|| view! {
            <section class="card table-card">
                <h2 class="table-title">{tr(Msg::ImportProblemsHeading)}</h2>
                <table class="data-table">
                    <thead>
                        <tr>
                            <th scope="col">{tr(Msg::ColLine)}</th>
                            <th scope="col">{tr(Msg::ColCompany)}</th>
                            <th scope="col">{tr(Msg::ColProblem)}</th>
                        </tr>
                    </thead>
                    <tbody>
                        {preview.problems.into_iter().map(|RowReport { line, company_name, problem }| view! {
                            <tr>
                                <td>{line}</td>
                                <td>{company_name}</td>
                                <td>{move || problem_text(&problem, i18n)}</td>
                            </tr>
                        }).collect_view()}
                    </tbody>
                </table>
                <Show when=move || { with_problems > shown }>
                    <p class="row-note">{move || i18n.f(Msg::MoreProblems, &[("count", &(with_problems - shown).to_string())])}</p>
                </Show>
            </section>
        })}
        {(!preview.similar.is_empty()).then(|| view! {
            <section class="card table-card" data-testid="import-similar">
                <h2 class="table-title">{tr(Msg::ImportSimilarHeading)}</h2>
                <p class="table-intro">{tr(Msg::ImportSimilarIntro)}</p>
                <table class="data-table">
                    <thead>
                        <tr>
                            <th scope="col">{tr(Msg::ColLine)}</th>
                            <th scope="col">{tr(Msg::ColCompany)}</th>
                            <th scope="col">{tr(Msg::ColSimilarTo)}</th>
                        </tr>
                    </thead>
                    <tbody>
                        {preview.similar.into_iter().map(|SimilarRow { line, company_name, similar_to }| view! {
                            <tr>
                                <td>{line}</td>
                                <td>{company_name}</td>
                                <td>{match similar_to {
                                    SimilarTo::Customer { customer } => view! {
                                        <a href=format!("/customers/{}", customer.id) target="_blank" rel="noopener">{customer.company_name}</a>
                                        " · "{move || i18n.t(customer.reason.label())}
                                    }.into_any(),
                                    SimilarTo::EarlierLine { line } => view! {
                                        <span>{move || i18n.f(Msg::SimilarInFile, &[("line", &line.to_string())])}</span>
                                    }.into_any(),
                                }}</td>
                            </tr>
                        }).collect_view()}
                    </tbody>
                </table>
            </section>
        })}
    }
}
