//! What the add-customer form keeps in the browser (localStorage) until the customer exists:
//! the values, the step, the idempotency key of the last attempt; and what a referral fills in.

use crate::form::Step;
use serde::{Deserialize, Serialize};
use shared::customer::CustomerForm;
use shared::Field;

/// Drafts are kept per user (someone else signing in on the same browser never sees them)
/// and per form (adding, inviting and adding from each referral keep their own).
pub(super) fn draft_key(
    user: Option<uuid::Uuid>,
    invite: bool,
    referral: Option<uuid::Uuid>,
) -> String {
    let form = match (invite, referral) {
        (true, _) => "invite-customer".to_string(),
        (false, Some(r)) => format!("referral-{r}"),
        (false, None) => "new-customer".to_string(),
    };
    format!(
        "partnerdesk.draft.{form}.{}",
        user.map(|u| u.to_string()).unwrap_or_default()
    )
}

/// The values a referral gives the add-customer form.
pub fn prefill_from_referral(referral: &shared::referral::Referral) -> Vec<(Field, String)> {
    vec![
        (Field::CompanyName, referral.company_name.to_string()),
        (Field::Country, referral.country.to_string()),
        (
            Field::ContactFirstName,
            referral.contact_first_name.to_string(),
        ),
        (
            Field::ContactLastName,
            referral.contact_last_name.to_string(),
        ),
        (Field::ContactEmail, referral.contact_email.to_string()),
    ]
}

/// What survives a reload.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub(super) struct Draft {
    pub values: CustomerForm,
    pub step: Step,
    /// The key of the last create attempt and the values it sent: a retry of the same values
    /// reuses it, so a create whose answer was lost is not made twice.
    pub idempotency_key: Option<String>,
    pub sent_values: Option<CustomerForm>,
    /// The invitation's personal message (inviting only).
    pub message: String,
}

pub(super) fn load_draft(key: &str) -> Draft {
    crate::storage::get(key)
        .and_then(|json| serde_json::from_str(&json).ok())
        .unwrap_or_default()
}

pub(super) use crate::ui::new_idempotency_key;
