//! Add customer, in steps like Partner Center's: account info → primary domain → contact and
//! agreement → review → create. Every field is checked by `shared`'s rules while the user types —
//! in the browser, so it works offline — and the server checks the same rules on submit. The
//! draft (values, step, idempotency key) is kept in localStorage until the customer exists.

mod domain_check;
mod draft;
mod similar;

pub use draft::prefill_from_referral;

use crate::api::{self, ApiFailure};
use crate::components::admin_relationships::AlsoRequestAdmin;
use crate::components::customer_form::{
    AccountSection, AddressSection, AgreementSection, BoundSelect, BoundText, ContactSection,
    FormBinding,
};
use crate::form::{first_error, form_order, FormState, Step};
use crate::i18n::{tr, use_i18n, I18n};
use crate::session::{local_today, rule_context, use_flash, use_me, Flash};
use crate::ui::{failure_text, focus_element, submit};
use domain_check::{watch_domain, DomainCheck};
use draft::{draft_key, load_draft, new_idempotency_key, Draft};
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;
use leptos_router::hooks::{use_navigate, use_query_map};
use shared::admin_relationship::AdminRelationshipForm;
use shared::customer::CustomerForm;
use shared::i18n::{field_error_text, Msg};
use shared::invitation::{parse_invitation_message, NewInvitation};
use shared::{Field, FieldError, FieldErrors};
use similar::SimilarCustomersWarning;

#[derive(Clone, Debug, PartialEq)]
enum Banner {
    FixErrors,
    Failure(ApiFailure),
}

fn banner_text(banner: &Banner, i18n: I18n) -> String {
    match banner {
        Banner::FixErrors => i18n.t(Msg::FixErrors).to_string(),
        Banner::Failure(f) => failure_text(f, i18n.locale()),
    }
}

fn step_title(step: Step, invite: bool) -> Msg {
    match step {
        Step::Account => Msg::SectionAccount,
        Step::Domain => Msg::SectionDomain,
        Step::Contact if invite => Msg::StepInvitation,
        Step::Contact => Msg::StepContact,
        Step::Review => Msg::StepReview,
    }
}

/// Add customer, or (with `invite`) invite a customer the partner already serves: the same
/// steps, with the personal message of the invitation instead of the agreement (the customer
/// accepts the agreement with the invitation).
#[component]
pub fn NewCustomerPage(#[prop(optional)] invite: bool) -> impl IntoView {
    let i18n = use_i18n();
    crate::i18n::use_static_title(if invite {
        Msg::InviteTitle
    } else {
        Msg::AddCustomerTitle
    });
    let me = use_me();
    let flash = use_flash();
    let navigate = use_navigate();

    // Adding the customer of an accepted referral: `?referral=<id>`.
    let referral = if invite {
        None
    } else {
        use_query_map()
            .read_untracked()
            .get("referral")
            .and_then(|r| uuid::Uuid::parse_str(&r).ok())
    };
    let draft_key = draft_key(
        me.get_untracked().and_then(|r| r.ok()).map(|m| m.user.id),
        invite,
        referral,
    );
    let draft = load_draft(&draft_key);
    let fresh_draft = draft.values == CustomerForm::default();
    let draft_key = StoredValue::new(draft_key);
    let mut initial = FormState::default();
    for &field in form_order() {
        let value = draft.values.get(field).to_string();
        if !value.is_empty() {
            initial.edit(field, value);
        }
    }
    let state = RwSignal::new(initial);
    let referral_company = RwSignal::new(None::<String>);
    if let Some(id) = referral {
        spawn_local(async move {
            if let Ok(found) = api::referral(id).await {
                if fresh_draft {
                    state.update(|s| {
                        for (field, value) in prefill_from_referral(&found) {
                            s.edit(field, value);
                        }
                    });
                }
                referral_company.set(Some(found.company_name.to_string()));
            }
        });
    }
    let is_provider = Memo::new(move |_| {
        me.get()
            .and_then(|r| r.ok())
            .is_some_and(|m| m.partner.program == shared::instance::ProgramRole::IndirectProvider)
    });
    let step = RwSignal::new(draft.step);
    let message = RwSignal::new(draft.message.clone());
    let sent = RwSignal::new((draft.idempotency_key, draft.sent_values));
    let ctx = Memo::new(move |_| rule_context(me.get().and_then(|r| r.ok()).as_ref()));
    let instance = Signal::derive(move || ctx.get().instance);
    let banner = RwSignal::new(None::<Banner>);
    let message_error = RwSignal::new(None::<FieldError>);
    let message_touched = RwSignal::new(false);
    let toasts = crate::components::toast::use_toasts();
    // "Also request admin access" (adding only): the template to ask from once created.
    let also_admin = RwSignal::new(None::<shared::admin_relationship::AdminTemplate>);
    Effect::new(move |_| {
        message.track();
        message_error.set(None);
    });

    // Keep the draft: a reload or a lost connection loses nothing.
    Effect::new(move |_| {
        let draft = Draft {
            values: state.with(|s| s.values.clone()),
            step: step.get(),
            idempotency_key: sent.with(|s| s.0.clone()),
            sent_values: sent.with(|s| s.1.clone()),
            message: message.get(),
        };
        if let Ok(json) = serde_json::to_string(&draft) {
            crate::storage::set(&draft_key.get_value(), &json);
        }
    });

    // Domain availability, checked while typing.
    let prefix_value = Memo::new(move |_| state.with(|s| s.values.domain_prefix.clone()));
    let domain_check = watch_domain(prefix_value);

    // Every problem of the form: the shared rules, plus a domain the server says is taken.
    let all_errors = Signal::derive(move || {
        let mut errors = state.with(|s| {
            if invite {
                s.values.check_existing(&ctx.get())
            } else {
                s.values.check(&ctx.get())
            }
        });
        if domain_check.get() == DomainCheck::Taken {
            errors
                .entry(Field::DomainPrefix)
                .or_insert(FieldError::Taken);
        }
        errors
    });
    let b = FormBinding::new(state, instance, all_errors);

    let domain_suffix = Signal::derive(move || format!(".{}", instance.get().domain_suffix()));
    let domain_hint = Signal::derive(move || {
        Some(match domain_check.get() {
            DomainCheck::Checking => i18n.t(Msg::DomainChecking).to_string(),
            DomainCheck::Available(domain) => i18n.f(Msg::DomainAvailable, &[("domain", &domain)]),
            DomainCheck::Offline => i18n.t(Msg::DomainCheckOffline).to_string(),
            DomainCheck::Unchecked => i18n.t(Msg::DomainCheckFailed).to_string(),
            DomainCheck::Idle | DomainCheck::Taken => {
                let prefix = state.with(|s| s.values.domain_prefix.trim().to_ascii_lowercase());
                let prefix = if prefix.is_empty() {
                    "contoso".to_string()
                } else {
                    prefix
                };
                i18n.f(
                    Msg::HintDomain,
                    &[("domain", &format!("{prefix}{}", domain_suffix.get()))],
                )
            }
        })
    });

    let go_to = move |target: Step| {
        step.set(target);
        banner.set(None);
        focus_element("step-heading");
    };

    // Shows the errors of `fields`; true (and focus on the first) when there are any.
    let stop_at_errors = move |fields: &[Field]| -> bool {
        state.update(|s| s.touch_all(fields));
        let errors: FieldErrors = b.errors.get_untracked();
        match first_error(
            &errors
                .into_iter()
                .filter(|(f, _)| fields.contains(f))
                .collect(),
        ) {
            Some(field) => {
                banner.set(Some(Banner::FixErrors));
                if step.get_untracked() != Step::of(field) {
                    step.set(Step::of(field));
                }
                focus_element(field.key());
                true
            }
            None => false,
        }
    };

    let navigate_after_invite = navigate.clone();
    let inviting = submit(move || {
        let body = NewInvitation {
            customer: state.with_untracked(|s| s.values.clone()),
            message: message.get_untracked(),
            admin_template: also_admin.with_untracked(|t| t.as_ref().map(|t| t.id)),
        };
        let navigate = navigate_after_invite.clone();
        async move {
            match api::create_invitation(&body).await {
                Ok(invitation) => {
                    crate::storage::remove(&draft_key.get_value());
                    toasts.show_with(Msg::InvitationSent, &[("email", invitation.email.as_str())]);
                    navigate(
                        &format!("/customers/{}", invitation.customer_id),
                        Default::default(),
                    );
                }
                Err(ApiFailure::Validation(mut fields)) => {
                    if let Some(error) = fields.remove(&Field::InvitationMessage) {
                        message_error.set(Some(error));
                    }
                    state.update(|s| s.set_server_errors(fields));
                    if !stop_at_errors(form_order()) && message_error.get_untracked().is_some() {
                        banner.set(Some(Banner::FixErrors));
                        focus_element(Field::InvitationMessage.key());
                    }
                }
                Err(failure) => banner.set(Some(Banner::Failure(failure))),
            }
        }
    });
    let send_invitation = move || {
        banner.set(None);
        inviting.dispatch(());
    };

    // The idempotency key is kept with the values it was sent with: a retry of the same values
    // (an answer lost on the way) replays the first create instead of making a second customer.
    let creating = submit(move || {
        let form = state.with_untracked(|s| s.values.clone());
        let key = match sent.get_untracked() {
            (Some(key), Some(values)) if values == form => key,
            _ => new_idempotency_key(),
        };
        sent.set((Some(key.clone()), Some(form.clone())));
        let navigate = navigate.clone();
        async move {
            match api::create_customer(&form, &key, referral).await {
                Ok(created) => {
                    crate::storage::remove(&draft_key.get_value());
                    let id = created.customer.id;
                    if let Some(template) = also_admin.get_untracked() {
                        let company = created.customer.profile.company_name.as_str().to_string();
                        let contact = created.customer.profile.contact_email.as_str().to_string();
                        let request = AdminRelationshipForm::from_template(&template, &company);
                        match api::request_admin_relationship(id, &request).await {
                            Ok(_) => {
                                toasts.show_with(Msg::AdminRelRequested, &[("email", &contact)])
                            }
                            Err(failure) => {
                                let reason = match failure {
                                    ApiFailure::Validation(fields) => fields
                                        .iter()
                                        .next()
                                        .map(|(field, error)| {
                                            shared::i18n::field_error_text(
                                                i18n.locale(),
                                                *field,
                                                error,
                                            )
                                        })
                                        .unwrap_or_default(),
                                    other => failure_text(&other, i18n.locale()),
                                };
                                toasts
                                    .show_with(Msg::AlsoRequestAdminFailed, &[("reason", &reason)]);
                            }
                        }
                    }
                    flash.set(Some(Flash::Created {
                        id,
                        temporary_password: created.temporary_password,
                    }));
                    navigate(&format!("/customers/{id}"), Default::default());
                }
                Err(ApiFailure::Validation(fields)) => {
                    state.update(|s| s.set_server_errors(fields));
                    stop_at_errors(form_order());
                }
                Err(failure) => banner.set(Some(Banner::Failure(failure))),
            }
        }
    });
    let create = move || {
        banner.set(None);
        creating.dispatch(());
    };
    let (invite_pending, create_pending) = (inviting.pending(), creating.pending());
    let submitting = Signal::derive(move || invite_pending.get() || create_pending.get());

    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if submitting.get_untracked() {
            return;
        }
        let current = step.get_untracked();
        // The invitation's message is checked with the contact step's fields.
        let message_blocks = invite
            && matches!(current, Step::Contact | Step::Review)
            && check_message(message.get_untracked()).is_some();
        if current == Step::Review {
            if stop_at_errors(form_order()) {
                return;
            }
            if message_blocks {
                banner.set(Some(Banner::FixErrors));
                step.set(Step::Contact);
                focus_element(Field::InvitationMessage.key());
            } else if invite {
                send_invitation();
            } else {
                create();
            }
        } else if !stop_at_errors(current.fields()) {
            if message_blocks {
                banner.set(Some(Banner::FixErrors));
                focus_element(Field::InvitationMessage.key());
            } else {
                go_to(current.next());
            }
        }
    };

    let today = Signal::derive(|| local_today().to_string());
    let steps = Step::ALL.len();
    let message_text = Signal::derive(move || {
        message_error
            .get()
            .or_else(|| check_message(message.get()))
            .filter(|_| message_touched.get() || message_error.get().is_some())
            .map(|e| field_error_text(i18n.locale(), Field::InvitationMessage, &e))
    });

    view! {
        <div class="page-header">
            <div>
                <h1>{tr(if invite { Msg::InviteTitle } else { Msg::AddCustomerTitle })}</h1>
                <p class="page-intro">{tr(if invite { Msg::InviteIntro } else { Msg::AddCustomerIntro })}</p>
            </div>
        </div>
        <nav class="stepper" aria-label=tr(Msg::Progress)>
            <ol>
                {Step::ALL.iter().map(|&s| {
                    let reached = move || s <= step.get();
                    view! {
                        <li class:done=move || s < step.get() aria-current=move || (s == step.get()).then_some("step")>
                            <button type="button" class="stepper-button" disabled=move || !reached()
                                on:click=move |_| go_to(s)>
                                <span class="stepper-index">{s.index() + 1}</span>
                                <span class="stepper-label">{tr(step_title(s, invite))}</span>
                            </button>
                        </li>
                    }
                }).collect_view()}
            </ol>
        </nav>
        <form class="form" novalidate=true on:submit=on_submit>
            <h2 id="step-heading" class="step-heading" tabindex="-1">
                <span class="step-count">
                    {move || i18n.f(Msg::StepOf, &[("step", &(step.get().index() + 1).to_string()), ("steps", &steps.to_string())])}
                </span>
                {move || i18n.t(step_title(step.get(), invite))}
            </h2>
            {move || referral_company.get().map(|company| view! {
                <div class="alert alert-info" role="status">{i18n.f(Msg::FromReferralBanner, &[("company", &company)])}</div>
            })}
            {move || banner.get().map(|b| view! { <div class="alert alert-error" role="alert">{banner_text(&b, i18n)}</div> })}
            {move || match step.get() {
                Step::Account => view! { <AccountSection b /> <AddressSection b /> }.into_any(),
                Step::Domain => view! {
                    <section class="card form-section">
                        <div class="form-grid">
                            <BoundText b field=Field::DomainPrefix label=Msg::LabelDomainPrefix required=true
                                hint=domain_hint suffix=domain_suffix />
                        </div>
                    </section>
                }.into_any(),
                Step::Contact if invite => view! {
                    <ContactSection b />
                    <InvitationSection b message message_text on_blur=Callback::new(move |()| {
                        // Written only when it changes (see `FormBinding::touch`).
                        if message_touched.try_get_untracked() == Some(false) {
                            message_touched.set(true);
                        }
                    }) />
                }.into_any(),
                Step::Contact => view! { <ContactSection b /> <AgreementSection b today /> }.into_any(),
                Step::Review => view! {
                    <Review b go_to invite message />
                    <Show when=move || is_provider.get() && !invite>
                        <ResellerChoice b />
                    </Show>
                    <Show when=move || crate::session::can(shared::access::Action::AdminRelationships)>
                        <AlsoRequestAdmin choice=also_admin invite />
                    </Show>
                }.into_any(),
            }}
            <div class="form-actions">
                <A href="/customers" attr:class="btn btn-quiet">{tr(Msg::Cancel)}</A>
                <span class="spacer"></span>
                <Show when=move || step.get() != Step::Account>
                    <button type="button" class="btn" on:click=move |_| go_to(step.get_untracked().previous())>
                        {tr(Msg::Back)}
                    </button>
                </Show>
                <button type="submit" class="btn btn-primary" disabled=move || submitting.get()>
                    {move || match (step.get(), submitting.get(), invite) {
                        (Step::Review, true, true) => i18n.t(Msg::Sending),
                        (Step::Review, false, true) => i18n.t(Msg::SendInvitation),
                        (Step::Review, true, false) => i18n.t(Msg::Creating),
                        (Step::Review, false, false) => i18n.t(Msg::CreateCustomer),
                        _ => i18n.t(Msg::Next),
                    }}
                </button>
            </div>
        </form>
    }
}

/// Everything entered, by step, each with a way back to change it.
/// The invitation's personal message, checked by the same rule as the server's.
fn check_message(message: String) -> Option<FieldError> {
    parse_invitation_message(&message).err()
}

/// Inviting: the personal message and where the invitation goes.
#[component]
fn InvitationSection(
    b: FormBinding,
    message: RwSignal<String>,
    message_text: Signal<Option<String>>,
    on_blur: Callback<()>,
) -> impl IntoView {
    let i18n = use_i18n();
    let key = Field::InvitationMessage.key();
    let goes_to = move || {
        let (email, language) = b.state.with(|s| {
            (
                s.values.contact_email.trim().to_string(),
                s.values.language.clone(),
            )
        });
        let language = shared::i18n::Locale::from_tag(&language)
            .or_else(|| b.country.get().map(|c| c.default_language()))
            .unwrap_or_default();
        i18n.f(
            Msg::InvitationGoesTo,
            &[("email", &email), ("language", language.native_name())],
        )
    };
    view! {
        <section class="card form-section">
            <h3>{tr(Msg::InvitationOfCustomer)}</h3>
            <p class="section-intro">{goes_to}</p>
            <div class="field" class:field-invalid=move || message_text.get().is_some()>
                <label class="field-label" for=key>{tr(Msg::LabelInvitationMessage)}" "<span class="optional">"("{tr(Msg::Optional)}")"</span></label>
                <textarea id=key name=key rows="4"
                    aria-invalid=move || message_text.get().is_some().to_string()
                    aria-describedby=format!("{key}-hint {key}-error")
                    prop:value=move || message.get()
                    on:input=move |ev| message.set(event_target_value(&ev))
                    on:blur=move |_| {
                        on_blur.try_run(());
                    }></textarea>
                <p class="field-hint" id=format!("{key}-hint")>{tr(Msg::HintInvitationMessage)}</p>
                <p class="field-error" id=format!("{key}-error")>{move || message_text.get()}</p>
            </div>
        </section>
    }
}

#[component]
fn Review(
    b: FormBinding,
    go_to: impl Fn(Step) + Copy + Send + Sync + 'static,
    invite: bool,
    message: RwSignal<String>,
) -> impl IntoView {
    let i18n = use_i18n();
    let value = move |field: Field| b.state.with(|s| s.values.get(field).trim().to_string());
    let country_name = move || {
        b.country
            .get()
            .map(|c| c.name(i18n.locale()).to_string())
            .unwrap_or_default()
    };
    let domain = move || {
        format!(
            "{}.{}",
            value(Field::DomainPrefix).to_ascii_lowercase(),
            b.instance.get().domain_suffix()
        )
    };
    let address = move || {
        [
            Field::AddressLine1,
            Field::AddressLine2,
            Field::AddressLine3,
            Field::City,
            Field::State,
            Field::PostalCode,
        ]
        .into_iter()
        .map(|field| match (field, b.country.get()) {
            (Field::State, Some(country)) => country.state_display(&value(field), i18n.locale()),
            _ => value(field),
        })
        .filter(|v| !v.is_empty())
        .collect::<Vec<_>>()
        .join(", ")
    };
    let person = move |first: Field, last: Field, email: Field| {
        format!(
            "{} <{}>",
            shared::text::person_name(&value(first), &value(last)),
            value(email)
        )
    };
    // The values as the step opened with them: going back to change one opens it again.
    let (similar_name, similar_email) = b.state.with_untracked(|s| {
        (
            s.values.get(Field::CompanyName).trim().to_string(),
            s.values.get(Field::ContactEmail).trim().to_string(),
        )
    });
    view! {
        <SimilarCustomersWarning company_name=similar_name contact_email=similar_email />
        <section class="card form-section review">
            <p class="section-intro">{tr(Msg::ReviewIntro)}</p>
            <div class="review-group">
                <div class="section-head">
                    <h3>{tr(Msg::SectionAccount)}</h3>
                    <button type="button" class="btn btn-small" on:click=move |_| go_to(Step::Account)>{tr(Msg::Edit)}</button>
                </div>
                <dl class="props">
                    <dt>{tr(Msg::LabelCompanyName)}</dt><dd>{move || value(Field::CompanyName)}</dd>
                    <dt>{tr(Msg::LabelCountry)}</dt><dd>{country_name}</dd>
                    <dt>{tr(Msg::Address)}</dt><dd>{address}</dd>
                </dl>
            </div>
            <div class="review-group">
                <div class="section-head">
                    <h3>{tr(Msg::SectionDomain)}</h3>
                    <button type="button" class="btn btn-small" on:click=move |_| go_to(Step::Domain)>{tr(Msg::Edit)}</button>
                </div>
                <dl class="props">
                    <dt>{tr(Msg::ColPrimaryDomain)}</dt><dd class="cell-mono">{domain}</dd>
                </dl>
            </div>
            <div class="review-group">
                <div class="section-head">
                    <h3>{tr(Msg::StepContact)}</h3>
                    <button type="button" class="btn btn-small" on:click=move |_| go_to(Step::Contact)>{tr(Msg::Edit)}</button>
                </div>
                <dl class="props">
                    <dt>{tr(Msg::Contact)}</dt>
                    <dd>{move || person(Field::ContactFirstName, Field::ContactLastName, Field::ContactEmail)}</dd>
                    {if invite {
                        view! {
                            <dt>{tr(Msg::LabelInvitationMessage)}</dt>
                            <dd class="pre-wrap">{move || message.get()}</dd>
                        }.into_any()
                    } else {
                        view! {
                            <dt>{tr(Msg::SectionAgreement)}</dt>
                            <dd>{move || i18n.f(Msg::AgreementAcceptedBy, &[
                                ("name", &format!("{} {}", value(Field::AgreementFirstName), value(Field::AgreementLastName))),
                                ("email", &value(Field::AgreementEmail)),
                                ("date", &value(Field::AgreementDate)),
                            ])}</dd>
                        }.into_any()
                    }}
                </dl>
            </div>
        </section>
    }
}

/// An indirect provider may create the customer for one of its active resellers.
#[component]
fn ResellerChoice(b: FormBinding) -> impl IntoView {
    let i18n = use_i18n();
    let links = crate::session::page_data(api::links);
    let options = Signal::derive(move || {
        links
            .get()
            .and_then(|r| r.ok())
            .unwrap_or_default()
            .into_iter()
            .filter(|l| l.state == shared::referral::LinkState::Active)
            .map(|l| (l.reseller.id.to_string(), l.reseller.name))
            .collect::<Vec<_>>()
    });
    view! {
        <section class="card form-section">
            <h3>{tr(Msg::LabelCreateForReseller)}</h3>
            <p class="section-intro">{tr(Msg::HintCreateForReseller)}</p>
            <div class="form-grid">
                <BoundSelect b field=Field::IndirectReseller label=Msg::LabelReseller options
                    empty_label=Signal::derive(move || Some(i18n.t(Msg::NoReseller).to_string())) />
            </div>
        </section>
    }
}
