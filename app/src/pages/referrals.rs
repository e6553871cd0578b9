//! Referrals: the inbox (filter by state, overdue marked), one referral (accept → add the
//! customer prefilled; decline with a reason), and — for providers — referring a customer to a
//! linked reseller and following the ones sent.

use crate::api::{self, ApiFailure};
use crate::bound_form::BoundForm;
use crate::components::field::{toggle_code, CheckboxGroup};
use crate::components::toast::use_toasts;
use crate::components::{SelectField, TextField};
use crate::form::country_options;
use crate::hrefs::referral_list as list_href;
use crate::i18n::{tr, use_i18n, I18n};
use crate::session::{can, use_me};
use crate::ui::{failure_text, format_count, format_date, submit};
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::{use_navigate, use_query_map};
use shared::access::Action;
use shared::i18n::Msg;
use shared::instance::ProgramRole;
use shared::profile::Offering;
use shared::referral::{
    DeclineReason, DeclineReferralForm, LinkState, Referral, ReferralBox, ReferralForm,
    ReferralQuery, ReferralSource, ReferralState, DECLINE_TEXT_MAX, NOTES_MAX,
};
use shared::Field;
use uuid::Uuid;

/// The badge class of a referral state.
pub fn referral_badge(state: ReferralState) -> &'static str {
    match state {
        ReferralState::New => "badge badge-invited",
        ReferralState::Accepted => "badge badge-accepted",
        ReferralState::Won => "badge badge-active",
        ReferralState::Declined => "badge badge-revoked",
        ReferralState::Expired => "badge badge-expired",
    }
}

/// The referral list's query from the URL (`?box=sent&state=new&overdue=true`).
pub fn query_from_url(get: impl Fn(&str) -> Option<String>) -> ReferralQuery {
    ReferralQuery {
        r#box: if get("box").as_deref() == Some("sent") {
            ReferralBox::Sent
        } else {
            ReferralBox::Inbox
        },
        state: get("state").and_then(|s| ReferralState::parse(&s)),
        overdue: get("overdue").as_deref() == Some("true"),
    }
}

/// Who sent it: the provider's name or "Marketplace".
fn source_text(referral: &Referral, i18n: I18n) -> String {
    match (&referral.source, &referral.from) {
        (ReferralSource::Provider, Some(from)) => from.name.clone(),
        _ => i18n.t(Msg::Marketplace).to_string(),
    }
}

fn offerings_text(offerings: &[Offering], i18n: I18n) -> String {
    offerings
        .iter()
        .map(|o| i18n.t(o.label()))
        .collect::<Vec<_>>()
        .join(", ")
}

fn is_provider() -> bool {
    use_me()
        .get()
        .and_then(|r| r.ok())
        .is_some_and(|m| m.partner.program == ProgramRole::IndirectProvider)
}

#[component]
pub fn ReferralsPage() -> impl IntoView {
    crate::i18n::use_static_title(Msg::ReferralsTitle);
    let i18n = use_i18n();
    let params = use_query_map();
    let query = Memo::new(move |_| query_from_url(|k| params.read().get(k)));
    let list = crate::session::page_data(move || {
        let q = query.get();
        async move { api::referrals(&q).await }
    });
    let sent = move || query.get().r#box == ReferralBox::Sent;
    let counts = move || list.get().and_then(|r| r.ok()).map(|l| (l.new, l.overdue));
    let filter_link = move |state: Option<ReferralState>, overdue: bool, label: Signal<String>| {
        let href = move || list_href(query.get().r#box, state, overdue);
        let current = move || {
            let q = query.get();
            q.state == state && q.overdue == overdue
        };
        view! {
            // A plain link: the router's `A` would mark every chip current (same path).
            <a href=href class="chip" aria-current=move || current().then_some("page")>{label}</a>
        }
    };
    view! {
        <div class="page-header">
            <div>
                <h1>{tr(Msg::ReferralsTitle)}</h1>
                <p class="page-intro">{move || if sent() { i18n.t(Msg::ReferralsSentIntro) } else { i18n.t(Msg::ReferralsIntro) }}</p>
            </div>
            <div class="header-actions">
                <Show when=is_provider>
                    <A href="/referrals/new" attr:class="btn btn-primary">{tr(Msg::ReferACustomer)}</A>
                </Show>
            </div>
        </div>
        <Show when=is_provider>
            <nav class="tabs" aria-label=tr(Msg::ReferralsTitle)>
                <a href="/referrals" aria-current=move || (!sent()).then_some("page")>{tr(Msg::ReferralInbox)}</a>
                <a href="/referrals?box=sent" aria-current=move || sent().then_some("page")>{tr(Msg::ReferralSent)}</a>
            </nav>
        </Show>
        <nav class="filter-chips" aria-label=tr(Msg::FilterReferralState)>
            {filter_link(None, false, Signal::derive(move || i18n.t(Msg::AllStates).to_string()))}
            {filter_link(Some(ReferralState::New), false, Signal::derive(move || {
                match counts() {
                    Some((new, _)) if new > 0 => format!("{} ({})", i18n.t(Msg::ReferralNew), format_count(u64::from(new), i18n.locale())),
                    _ => i18n.t(Msg::ReferralNew).to_string(),
                }
            }))}
            {filter_link(None, true, Signal::derive(move || {
                match counts() {
                    Some((_, overdue)) if overdue > 0 => i18n.f(Msg::OverdueCount, &[("count", &format_count(u64::from(overdue), i18n.locale()))]),
                    _ => i18n.t(Msg::Overdue).to_string(),
                }
            }))}
            {[ReferralState::Accepted, ReferralState::Won, ReferralState::Declined, ReferralState::Expired]
                .into_iter()
                .map(|s| filter_link(Some(s), false, Signal::derive(move || i18n.t(s.label()).to_string())))
                .collect_view()}
        </nav>
        <Transition fallback=move || view! { <div class="card loading" aria-busy="true">{tr(Msg::Loading)}</div> }>
            {move || list.get().map(|result| match result {
                Ok(list) if list.items.is_empty() => view! {
                    <div class="card empty-state">
                        <p>{move || if sent() { i18n.t(Msg::NoReferralsSent) } else { i18n.t(Msg::NoReferrals) }}</p>
                        {move || if sent() {
                            view! { <A href="/referrals/new" attr:class="btn btn-primary">{tr(Msg::ReferACustomer)}</A> }.into_any()
                        } else {
                            view! { <Show when=move || can(Action::Referrals)><A href="/business-profile" attr:class="btn">{tr(Msg::NavBusinessProfile)}</A></Show> }.into_any()
                        }}
                    </div>
                }.into_any(),
                Ok(list) => view! { <ReferralTable referrals=list.items sent=sent() /> }.into_any(),
                Err(failure) => view! {
                    <div class="card alert alert-error" role="alert">{move || failure_text(&failure, i18n.locale())}</div>
                }.into_any(),
            })}
        </Transition>
    }
}

#[component]
fn ReferralTable(referrals: Vec<Referral>, sent: bool) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div class="card table-card">
            <table class="data-table referral-table">
                <thead>
                    <tr>
                        <th scope="col">{tr(Msg::ColCompany)}</th>
                        <th scope="col">{move || if sent { i18n.t(Msg::ColTo) } else { i18n.t(Msg::ColFrom) }}</th>
                        <th scope="col">{tr(Msg::ColCountry)}</th>
                        <th scope="col">{tr(Msg::ColInterest)}</th>
                        <th scope="col" class="cell-number">{tr(Msg::ColSeats)}</th>
                        <th scope="col">{tr(Msg::ColReceived)}</th>
                        <th scope="col">{tr(Msg::ColState)}</th>
                    </tr>
                </thead>
                <tbody>
                    {referrals.into_iter().map(|r| {
                        let who = if sent { r.to.name.clone() } else { source_text(&r, i18n) };
                        let received = r.received_at.clone();
                        let offerings = r.offerings.clone();
                        let country = r.country.clone();
                        let (state, overdue, seats) = (r.state, r.overdue, r.seats);
                        view! {
                            <tr class:row-overdue=overdue>
                                <td class="cell-primary"><A href=format!("/referrals/{}", r.id)>{r.company_name.to_string()}</A></td>
                                <td>{who}</td>
                                <td>{move || country.name(i18n.locale()).to_string()}</td>
                                <td>{move || offerings_text(&offerings, i18n)}</td>
                                <td class="cell-number">{move || format_count(u64::from(seats), i18n.locale())}</td>
                                <td>{move || format_date(&received, i18n.locale())}</td>
                                <td>
                                    <span class=referral_badge(state)>{tr(state.label())}</span>
                                    <Show when=move || overdue>" "<span class="badge badge-overdue">{tr(Msg::Overdue)}</span></Show>
                                </td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
}

#[component]
pub fn ReferralPage() -> impl IntoView {
    let i18n = use_i18n();
    let referral = crate::resources::loaded_from_route(api::referral);
    crate::i18n::use_page_title(move || {
        let company = referral
            .get()
            .and_then(|r| r.ok())
            .map(|r| r.company_name.to_string());
        vec![
            company.unwrap_or_default(),
            i18n.t(Msg::ReferralsTitle).to_string(),
        ]
    });
    view! {
        <p class="back-link"><A href="/referrals">{tr(Msg::BackToReferrals)}</A></p>
        <Transition fallback=move || view! { <div class="card loading" aria-busy="true">{tr(Msg::Loading)}</div> }>
            {move || referral.get().map(|result| match result {
                Ok(r) => view! { <ReferralDetail referral=r on_change=Callback::new(move |()| referral.refetch()) /> }.into_any(),
                Err(failure) => view! {
                    <h1>{tr(Msg::ReferralsTitle)}</h1>
                    <div class="card alert alert-error" role="alert">{move || failure_text(&failure, i18n.locale())}</div>
                }.into_any(),
            })}
        </Transition>
    }
}

#[component]
fn ReferralDetail(referral: Referral, on_change: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let me = use_me();
    let toasts = use_toasts();
    let navigate = use_navigate();
    let failure = RwSignal::new(None::<String>);
    let dialog = NodeRef::<leptos::html::Dialog>::new();
    let id = referral.id;
    let company = referral.company_name.to_string();
    let state = referral.state;
    let mine = Memo::new(move |_| {
        me.get()
            .and_then(|r| r.ok())
            .is_some_and(|m| m.partner.id == referral.to.id)
    });
    // Whether an accepted referral goes on to "add customer": read by the accept action when
    // the answer arrives.
    let may_create = Memo::new(move |_| {
        me.get()
            .and_then(|r| r.ok())
            .is_some_and(|m| m.user.can(Action::CreateCustomers))
    });
    let can_answer = move || mine.get() && state == ReferralState::New && can(Action::Referrals);
    let can_create = move || mine.get() && can(Action::CreateCustomers);
    let add_href = format!("/customers/new?referral={id}");

    let accept_href = add_href.clone();
    let accepting = submit(move || {
        let navigate = navigate.clone();
        let href = accept_href.clone();
        async move {
            match api::accept_referral(id).await {
                Ok(_) => {
                    toasts.show(Msg::ReferralAcceptedToast);
                    if may_create.get_untracked() {
                        navigate(&href, Default::default());
                    } else {
                        on_change.run(());
                    }
                }
                Err(f) => failure.set(Some(failure_text(&f, i18n.locale()))),
            }
        }
    });
    let busy = accepting.pending();
    let accept = move |_| {
        accepting.dispatch(());
    };
    let open_decline = move |_| {
        if let Some(d) = dialog.get_untracked() {
            let _ = d.show_modal();
        }
        crate::ui::focus_now(Field::DeclineReason.key());
    };

    let title_company = company.clone();
    let source = source_text(&referral, i18n);
    let r = referral.clone();
    let answered = r.responded_at.clone().zip(r.responded_by.clone());
    let decline_reason = r.decline_reason;
    let decline_text = r.decline_text.clone();
    let received = r.received_at.clone();
    let expires = r.expires_at.clone();
    let overdue = r.overdue;
    let customer_id = r.customer_id;
    let country = r.country.clone();
    let offerings = r.offerings.clone();
    let seats = r.seats;
    view! {
        <div class="page-header">
            <div>
                <h1>{move || i18n.f(Msg::ReferralTitle, &[("company", &title_company)])}</h1>
                <p class="page-intro">
                    <span class=referral_badge(state)>{tr(state.label())}</span>
                    <Show when=move || overdue>" "<span class="badge badge-overdue">{tr(Msg::Overdue)}</span></Show>
                    " "{move || i18n.f(Msg::ReferralReceivedAt, &[("date", &format_date(&received, i18n.locale()))])}
                    <Show when=move || state == ReferralState::New>
                        " · "{
                            let expires = expires.clone();
                            move || i18n.f(Msg::ReferralExpiresAt, &[("date", &format_date(&expires, i18n.locale()))])
                        }
                    </Show>
                </p>
            </div>
            <div class="header-actions">
                <Show when=can_answer>
                    <button type="button" class="btn" aria-haspopup="dialog" disabled=move || busy.get() on:click=open_decline>{tr(Msg::DeclineReferral)}</button>
                    <button type="button" class="btn btn-primary" disabled=move || busy.get() on:click=accept>{tr(Msg::AcceptReferral)}</button>
                </Show>
                <Show when=move || state == ReferralState::Accepted && can_create()>
                    <A href=add_href.clone() attr:class="btn btn-primary">{tr(Msg::AddCustomerFromReferral)}</A>
                </Show>
                {customer_id.filter(|_| mine.get_untracked()).map(|c| view! {
                    <A href=format!("/customers/{c}") attr:class="btn">{tr(Msg::OpenCustomer)}</A>
                })}
            </div>
        </div>
        {move || failure.get().map(|f| view! { <div class="alert alert-error" role="alert">{f}</div> })}
        <section class="card">
            <dl class="props">
                <dt>{tr(Msg::ColFrom)}</dt><dd>{source}</dd>
                <dt>{tr(Msg::ColTo)}</dt><dd>{r.to.name.clone()}</dd>
                <dt>{tr(Msg::Contact)}</dt>
                <dd>{format!("{} <{}>", shared::text::person_name(r.contact_first_name.as_str(), r.contact_last_name.as_str()), r.contact_email)}</dd>
                <dt>{tr(Msg::LabelCountry)}</dt><dd>{move || country.name(i18n.locale()).to_string()}</dd>
                <dt>{tr(Msg::LabelInterest)}</dt><dd>{move || offerings_text(&offerings, i18n)}</dd>
                <dt>{tr(Msg::LabelSeats)}</dt><dd>{move || format_count(u64::from(seats), i18n.locale())}</dd>
                <dt>{tr(Msg::LabelNotes)}</dt><dd class="pre-wrap">{r.notes.clone().unwrap_or_else(|| "–".into())}</dd>
                {answered.map(|(at, who)| view! {
                    <dt>{tr(Msg::ColState)}</dt>
                    <dd>
                        {move || i18n.f(Msg::ReferralAnswered, &[("date", &format_date(&at, i18n.locale())), ("who", &who)])}
                        {decline_reason.map(|reason| {
                            let text = decline_text.clone();
                            view! {
                                <div class="row-note">
                                    {move || {
                                        let mut reason_text = i18n.t(reason.label()).to_string();
                                        if let Some(t) = &text { reason_text = format!("{reason_text} – {t}"); }
                                        i18n.f(Msg::ReferralDeclineReasonIs, &[("reason", &reason_text)])
                                    }}
                                </div>
                            }
                        })}
                    </dd>
                })}
            </dl>
        </section>
        <DeclineDialog dialog id company on_declined=on_change />
    }
}

/// The decline dialog: a reason, and text for "other".
#[component]
fn DeclineDialog(
    dialog: NodeRef<leptos::html::Dialog>,
    id: Uuid,
    company: String,
    on_declined: Callback<()>,
) -> impl IntoView {
    let i18n = use_i18n();
    let toasts = use_toasts();
    let form = BoundForm::checked_by(
        DeclineReferralForm::default(),
        &DECLINE_ORDER,
        DeclineReferralForm::check,
    );
    let failure = RwSignal::new(None::<String>);
    let close = move || {
        if let Some(d) = dialog.get_untracked() {
            d.close();
        }
    };
    let toast_company = company.clone();
    let decline = submit(move || {
        let body = form.get_untracked();
        let company = toast_company.clone();
        async move {
            match api::decline_referral(id, &body).await {
                Ok(_) => {
                    close();
                    toasts.show_with(Msg::ReferralDeclinedToast, &[("company", &company)]);
                    on_declined.run(());
                }
                Err(ApiFailure::Validation(fields)) => form.refused(fields),
                Err(f) => failure.set(Some(failure_text(&f, i18n.locale()))),
            }
        }
    });
    let busy = decline.pending();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if form.ready_to_send() {
            decline.dispatch(());
        }
    };
    let error_of = move |field: Field| form.error_text(field);
    let reasons = Signal::derive(move || {
        DeclineReason::ALL
            .iter()
            .map(|r| (r.as_str().to_string(), i18n.t(r.label()).to_string()))
            .collect::<Vec<_>>()
    });
    let text_id = Field::DeclineText.key();
    view! {
        <dialog node_ref=dialog class="dialog" aria-labelledby="decline-title">
            <form novalidate=true on:submit=submit>
                <h2 id="decline-title">{move || i18n.f(Msg::DeclineReferralTitle, &[("company", &company)])}</h2>
                {move || failure.get().map(|f| view! { <div class="alert alert-error" role="alert">{f}</div> })}
                <SelectField id=Field::DeclineReason.key() label=Msg::LabelDeclineReason
                    value=Signal::derive(move || form.with(|f| f.decline_reason.clone()))
                    options=reasons
                    on_change=Callback::new(move |v| form.update(|f| f.decline_reason = v))
                    required=true error=error_of(Field::DeclineReason) />
                <div class="field" class:field-invalid=move || error_of(Field::DeclineText).get().is_some()>
                    <label class="field-label" for=text_id>{tr(Msg::LabelDeclineText)}</label>
                    <textarea id=text_id rows="3" maxlength=DECLINE_TEXT_MAX
                        aria-invalid=move || error_of(Field::DeclineText).get().is_some().to_string()
                        aria-describedby=format!("{text_id}-hint {text_id}-error")
                        prop:value=move || form.with(|f| f.decline_text.clone())
                        on:input=move |ev| form.update(|f| f.decline_text = event_target_value(&ev))></textarea>
                    <p class="field-hint" id=format!("{text_id}-hint")>{tr(Msg::HintDeclineText)}</p>
                    <p class="field-error" id=format!("{text_id}-error")>{move || error_of(Field::DeclineText).get()}</p>
                </div>
                <div class="form-actions">
                    <button type="button" class="btn" on:click=move |_| close()>{tr(Msg::Cancel)}</button>
                    <span class="spacer"></span>
                    <button type="submit" class="btn btn-danger-solid" disabled=move || busy.get()>{tr(Msg::DeclineReferral)}</button>
                </div>
            </form>
        </dialog>
    }
}

/// The fields of the decline dialog, in order.
const DECLINE_ORDER: [Field; 2] = [Field::DeclineReason, Field::DeclineText];

/// The fields of the refer form, in order (focus goes to the first with an error).
const REFER_ORDER: [Field; 9] = [
    Field::Reseller,
    Field::CompanyName,
    Field::ContactFirstName,
    Field::ContactLastName,
    Field::ContactEmail,
    Field::Country,
    Field::Offerings,
    Field::Seats,
    Field::Notes,
];

/// A provider refers a customer to one of its active resellers.
#[component]
pub fn ReferCustomerPage() -> impl IntoView {
    crate::i18n::use_static_title(Msg::ReferTitle);
    let i18n = use_i18n();
    let me = use_me();
    let toasts = use_toasts();
    let navigate = use_navigate();
    let links = crate::session::page_data(api::links);
    let form = BoundForm::checked_by(ReferralForm::default(), &REFER_ORDER, ReferralForm::check);
    let failure = RwSignal::new(None::<String>);
    let resellers = Signal::derive(move || {
        links
            .get()
            .and_then(|r| r.ok())
            .unwrap_or_default()
            .into_iter()
            .filter(|l| l.state == LinkState::Active)
            .map(|l| (l.reseller.id.to_string(), l.reseller.name))
            .collect::<Vec<_>>()
    });
    // Errors show once the form has been sent, not while it is first filled in.
    let error_of = move |field: Field| form.error_text(field);
    let value = move |get: fn(&ReferralForm) -> &String| form.text(get);
    let set = move |apply: fn(&mut ReferralForm, String)| {
        Callback::new(move |v: String| form.update(|f| apply(f, v)))
    };
    let countries = Signal::derive(move || {
        let instance = me
            .get()
            .and_then(|r| r.ok())
            .map(|m| m.partner.instance)
            .unwrap_or(shared::instance::CloudInstance::Global);
        country_options(instance, i18n.locale())
            .into_iter()
            .map(|(c, n)| (c.to_string(), n.to_string()))
            .collect::<Vec<_>>()
    });
    let offering_options = Signal::derive(move || {
        Offering::ALL
            .iter()
            .map(|o| (o.as_str().to_string(), i18n.t(o.label()).to_string()))
            .collect::<Vec<_>>()
    });
    let send = submit(move || {
        let body = form.get_untracked();
        let navigate = navigate.clone();
        async move {
            match api::send_referral(&body).await {
                Ok(sent) => {
                    toasts.show_with(
                        Msg::ReferralSentToast,
                        &[
                            ("company", sent.company_name.as_str()),
                            ("name", &sent.to.name),
                        ],
                    );
                    navigate(
                        &list_href(ReferralBox::Sent, None, false),
                        Default::default(),
                    );
                }
                Err(ApiFailure::Validation(fields)) => form.refused(fields),
                Err(f) => failure.set(Some(failure_text(&f, i18n.locale()))),
            }
        }
    });
    let busy = send.pending();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if form.ready_to_send() {
            failure.set(None);
            send.dispatch(());
        }
    };
    view! {
        <div class="page-header">
            <div>
                <h1>{tr(Msg::ReferTitle)}</h1>
                <p class="page-intro">{tr(Msg::ReferIntro)}</p>
            </div>
        </div>
        <Show when=move || links.get().is_some() && resellers.get().is_empty()>
            <div class="card empty-state">
                <p>{tr(Msg::NoActiveLinks)}</p>
                <A href="/links" attr:class="btn btn-primary">{tr(Msg::NavLinks)}</A>
            </div>
        </Show>
        <Show when=move || !resellers.get().is_empty()>
            <form class="form" novalidate=true on:submit=submit>
                {move || failure.get().map(|f| view! { <div class="alert alert-error" role="alert">{f}</div> })}
                <section class="card form-section">
                    <div class="form-grid">
                        <SelectField id=Field::Reseller.key() label=Msg::LabelReseller required=true
                            options=resellers value=value(|f| &f.reseller)
                            empty_label=Signal::derive(move || Some(i18n.t(Msg::ChooseReseller).to_string()))
                            on_change=set(|f, v| f.reseller = v)
                            error=error_of(Field::Reseller) />
                        <TextField id=Field::CompanyName.key() label=Msg::LabelCompanyName required=true
                            value=value(|f| &f.company_name) on_input=set(|f, v| f.company_name = v)
                            error=error_of(Field::CompanyName) />
                        <TextField id=Field::ContactFirstName.key() label=Msg::LabelFirstName required=true
                            value=value(|f| &f.contact_first_name) on_input=set(|f, v| f.contact_first_name = v)
                            error=error_of(Field::ContactFirstName) />
                        <TextField id=Field::ContactLastName.key() label=Msg::LabelLastName required=true
                            value=value(|f| &f.contact_last_name) on_input=set(|f, v| f.contact_last_name = v)
                            error=error_of(Field::ContactLastName) />
                        <TextField id=Field::ContactEmail.key() label=Msg::LabelEmail required=true input_type="email"
                            value=value(|f| &f.contact_email) on_input=set(|f, v| f.contact_email = v)
                            error=error_of(Field::ContactEmail) />
                        <SelectField id=Field::Country.key() label=Msg::LabelCountry required=true
                            options=countries value=value(|f| &f.country)
                            on_change=set(|f, v| f.country = v)
                            error=error_of(Field::Country) />
                        <TextField id=Field::Seats.key() label=Msg::LabelSeats required=true
                            value=value(|f| &f.seats) on_input=set(|f, v| f.seats = v)
                            error=error_of(Field::Seats) />
                    </div>
                    <CheckboxGroup id=Field::Offerings.key() label=Msg::LabelInterest required=true
                        options=offering_options
                        selected=Signal::derive(move || form.with(|f| f.offerings.clone()))
                        on_toggle=Callback::new(move |(code, on)| form.update(|f| toggle_code(&mut f.offerings, code, on)))
                        error=error_of(Field::Offerings) />
                    <div class="field" class:field-invalid=move || error_of(Field::Notes).get().is_some()>
                        <label class="field-label" for="notes">{tr(Msg::LabelNotes)}" "<span class="field-optional">"(" {tr(Msg::Optional)} ")"</span></label>
                        <textarea id="notes" name="notes" rows="4" maxlength=NOTES_MAX
                            aria-invalid=move || error_of(Field::Notes).get().is_some().to_string()
                            aria-describedby="notes-error"
                            prop:value=move || form.with(|f| f.notes.clone())
                            on:input=move |ev| form.update(|f| f.notes = event_target_value(&ev))></textarea>
                        <p class="field-error" id="notes-error">{move || error_of(Field::Notes).get()}</p>
                    </div>
                </section>
                <div class="form-actions">
                    <A href="/referrals?box=sent" attr:class="btn btn-quiet">{tr(Msg::Cancel)}</A>
                    <span class="spacer"></span>
                    <button type="submit" class="btn btn-primary" disabled=move || busy.get()>{tr(Msg::SendReferral)}</button>
                </div>
            </form>
        </Show>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn list_urls_round_trip() {
        for (b, state, overdue) in [
            (ReferralBox::Inbox, None, false),
            (ReferralBox::Sent, Some(ReferralState::Won), false),
            (ReferralBox::Inbox, None, true),
        ] {
            let href = list_href(b, state, overdue);
            let query = href.split_once('?').map(|(_, q)| q).unwrap_or("");
            let parsed = query_from_url(|k| {
                query
                    .split('&')
                    .filter_map(|p| p.split_once('='))
                    .find(|(key, _)| *key == k)
                    .map(|(_, v)| v.to_string())
            });
            assert_eq!(
                parsed,
                ReferralQuery {
                    r#box: b,
                    state,
                    overdue
                }
            );
        }
        assert_eq!(list_href(ReferralBox::Inbox, None, false), "/referrals");
    }
}
