//! Support requests: a customer's problem the partner works on (docs/domain.md "Support
//! requests") — its form's rules, its states and the moves between them, and the first-response
//! target by severity.

use crate::customer::Email;
use crate::i18n::Msg;
use crate::text::optional_text;
use crate::validation::{Collector, Field, FieldError, FieldErrors};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

code_enum! {
    /// How badly the customer is affected.
    pub enum Severity {
        /// Business stopped: a first answer within the hour.
        Critical = "critical" => Msg::SeverityCritical,
        High = "high" => Msg::SeverityHigh,
        Normal = "normal" => Msg::SeverityNormal,
    }
}

impl Severity {
    /// How long the first answer may take, in hours: 1, 4, 24.
    pub fn first_response_hours(self) -> i64 {
        match self {
            Severity::Critical => 1,
            Severity::High => 4,
            Severity::Normal => 24,
        }
    }
}

code_enum! {
    /// What a request is about.
    pub enum SupportTopic {
        Billing = "billing" => Msg::TopicBilling,
        Licensing = "licensing" => Msg::TopicLicensing,
        SignIn = "sign-in" => Msg::TopicSignIn,
        ServiceIssue = "service-issue" => Msg::TopicServiceIssue,
        Configuration = "configuration" => Msg::TopicConfiguration,
        Other = "other" => Msg::TopicOther,
    }
}

code_enum! {
    pub enum SupportState {
        Open = "open" => Msg::SupportOpen,
        InProgress = "in-progress" => Msg::SupportInProgress,
        WaitingForCustomer = "waiting-for-customer" => Msg::SupportWaiting,
        Resolved = "resolved" => Msg::SupportResolved,
        Closed = "closed" => Msg::SupportClosed,
    }
}

/// A resolved (or closed) request may be reopened this long after its resolution.
pub const REOPEN_WITHIN_SECS: i64 = 14 * 24 * 3600;

impl SupportState {
    /// Still being worked on: open, in progress or waiting for the customer.
    pub fn is_open(self) -> bool {
        matches!(
            self,
            SupportState::Open | SupportState::InProgress | SupportState::WaitingForCustomer
        )
    }

    /// Where a request in this state may go (reopening aside, which also depends on when it
    /// was resolved: [`check_move`]).
    pub fn next(self) -> &'static [SupportState] {
        use SupportState::*;
        match self {
            Open => &[InProgress, WaitingForCustomer, Resolved],
            InProgress => &[WaitingForCustomer, Resolved],
            WaitingForCustomer => &[InProgress, Resolved],
            Resolved => &[Closed, Open],
            Closed => &[Open],
        }
    }
}

/// Why a move between states is refused.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum MoveRefusal {
    /// No such move from this state.
    NotFrom(SupportState),
    /// Reopening more than 14 days after the resolution.
    ReopenTooLate,
}

/// Whether a request in `from` (resolved at `resolved_at`, seconds since 1970) may move to `to`
/// at `now`.
pub fn check_move(
    from: SupportState,
    to: SupportState,
    resolved_at: Option<i64>,
    now: i64,
) -> Result<(), MoveRefusal> {
    if !from.next().contains(&to) {
        return Err(MoveRefusal::NotFrom(from));
    }
    let reopening = !from.is_open() && to == SupportState::Open;
    if reopening && resolved_at.is_none_or(|at| now - at > REOPEN_WITHIN_SECS) {
        return Err(MoveRefusal::ReopenTooLate);
    }
    Ok(())
}

/// Whether the first answer is late: none given yet and the target passed.
pub fn first_response_overdue(
    severity: Severity,
    opened_at: i64,
    first_response_at: Option<i64>,
    state: SupportState,
    now: i64,
) -> bool {
    state.is_open()
        && first_response_at.is_none()
        && now > opened_at + severity.first_response_hours() * 3600
}

pub const TITLE_MAX: usize = 100;
pub const DESCRIPTION_MAX: usize = 5_000;
pub const CONTACT_NAME_MAX: usize = 100;
pub const NOTE_MAX: usize = 5_000;

/// The "open a request" form as typed.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct SupportRequestForm {
    pub title: String,
    pub description: String,
    /// `critical`, `high` or `normal`.
    pub severity: String,
    pub topic: String,
    /// Who at the customer hears of it.
    pub contact_name: String,
    pub contact_email: String,
}

/// A request that passed every rule.
#[derive(Clone, Debug, PartialEq)]
pub struct NewSupportRequest {
    pub title: String,
    pub description: String,
    pub severity: Severity,
    pub topic: SupportTopic,
    pub contact_name: String,
    pub contact_email: Email,
}

fn required_text(input: &str, max: usize) -> Result<String, FieldError> {
    optional_text(input, max)?.ok_or(FieldError::Required)
}

fn single_line(input: &str, max: usize) -> Result<String, FieldError> {
    let text = required_text(input, max)?;
    if text.contains(['\n', '\r', '\t']) {
        return Err(FieldError::InvalidChars);
    }
    Ok(text)
}

fn code<T: Copy>(input: &str, parse: fn(&str) -> Option<T>) -> Result<T, FieldError> {
    match input.trim() {
        "" => Err(FieldError::Required),
        c => parse(c).ok_or(FieldError::NotInList),
    }
}

impl SupportRequestForm {
    pub fn parse(&self) -> Result<NewSupportRequest, FieldErrors> {
        let mut c = Collector::new();
        let title = c.take(Field::Title, single_line(&self.title, TITLE_MAX));
        let description = c.take(
            Field::Description,
            required_text(&self.description, DESCRIPTION_MAX),
        );
        let severity = c.take(Field::Severity, code(&self.severity, Severity::from_code));
        let topic = c.take(Field::Topic, code(&self.topic, SupportTopic::from_code));
        let contact_name = c.take(
            Field::ContactName,
            single_line(&self.contact_name, CONTACT_NAME_MAX),
        );
        let contact_email = c.take(Field::ContactEmail, Email::parse(&self.contact_email));
        match (
            title,
            description,
            severity,
            topic,
            contact_name,
            contact_email,
        ) {
            (
                Some(title),
                Some(description),
                Some(severity),
                Some(topic),
                Some(contact_name),
                Some(contact_email),
            ) => Ok(NewSupportRequest {
                title,
                description,
                severity,
                topic,
                contact_name,
                contact_email,
            }),
            _ => Err(c.into_errors()),
        }
    }

    /// The form's verdict as a field map (empty when it passes), for the browser.
    pub fn check(&self) -> FieldErrors {
        self.parse().err().unwrap_or_default()
    }
}

/// A note added to a request's thread, as the API takes it.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct NoteForm {
    pub text: String,
}

impl NoteForm {
    pub fn parse(&self) -> Result<String, FieldErrors> {
        required_text(&self.text, NOTE_MAX).map_err(|e| FieldErrors::from([(Field::Notes, e)]))
    }
}

/// A move to another state, as the API takes it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct MoveRequest {
    pub state: SupportState,
}

/// Who works on it, as the API takes it: a partner user's id, or `null` for nobody.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct AssignRequest {
    pub assignee: Option<Uuid>,
}

/// A partner user a request can be assigned to (one whose roles work on support requests).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Assignee {
    pub id: Uuid,
    pub display_name: String,
}

/// One note of the thread.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SupportNote {
    pub id: Uuid,
    pub author: String,
    pub text: String,
    pub at: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SupportRequest {
    pub id: Uuid,
    pub customer_id: Uuid,
    pub company_name: String,
    pub title: String,
    pub description: String,
    pub severity: Severity,
    pub topic: SupportTopic,
    pub state: SupportState,
    pub contact_name: String,
    pub contact_email: String,
    pub assignee: Option<Uuid>,
    pub assignee_name: Option<String>,
    pub opened_by: String,
    pub opened_at: String,
    /// When the first answer is due (opened + 1, 4 or 24 hours by severity).
    pub first_response_due: String,
    pub first_response_at: Option<String>,
    /// No first answer yet and the target passed (by the server's clock).
    pub overdue: bool,
    pub resolved_at: Option<String>,
    pub updated_at: String,
    /// The thread, oldest first (empty in lists).
    #[serde(default)]
    pub notes: Vec<SupportNote>,
}

/// `GET /api/support-requests` filters, all in the page's URL.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default, deny_unknown_fields)]
pub struct SupportQuery {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub state: Option<SupportState>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub severity: Option<Severity>,
    /// Only those whose first answer is late.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub overdue: Option<bool>,
    /// A partner user's id, or `none` for the unassigned.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub assignee: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub customer: Option<Uuid>,
    /// Where the page starts in the matching requests (0 when absent).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub offset: Option<u32>,
}

/// How many requests a page of the support list holds.
pub const SUPPORT_PAGE_SIZE: u32 = 50;

/// A page of the partner's support requests and how many match in all.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SupportRequestPage {
    pub items: Vec<SupportRequest>,
    pub total: u64,
}

impl SupportQuery {
    /// The query from a page's URL parameters (unknown values are dropped).
    pub fn from_params(get: impl Fn(&str) -> Option<String>) -> Self {
        Self {
            state: get("state").and_then(|s| SupportState::from_code(&s)),
            severity: get("severity").and_then(|s| Severity::from_code(&s)),
            overdue: get("overdue").map(|v| v == "true"),
            assignee: get("assignee").filter(|a| a == "none" || Uuid::parse_str(a).is_ok()),
            customer: get("customer").and_then(|c| Uuid::parse_str(&c).ok()),
            offset: get("offset")
                .and_then(|o| o.parse().ok())
                .filter(|o| *o > 0),
        }
    }

    /// The query as URL parameters (`state=open&overdue=true`), empty for none.
    pub fn to_params(&self) -> String {
        let mut parts = Vec::new();
        if let Some(s) = self.state {
            parts.push(format!("state={}", s.as_str()));
        }
        if let Some(s) = self.severity {
            parts.push(format!("severity={}", s.as_str()));
        }
        if let Some(o) = self.overdue {
            parts.push(format!("overdue={o}"));
        }
        if let Some(a) = &self.assignee {
            parts.push(format!("assignee={a}"));
        }
        if let Some(c) = self.customer {
            parts.push(format!("customer={c}"));
        }
        if let Some(o) = self.offset.filter(|o| *o > 0) {
            parts.push(format!("offset={o}"));
        }
        parts.join("&")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form() -> SupportRequestForm {
        SupportRequestForm {
            title: "Mailbox full".into(),
            description: "Users can't receive mail.".into(),
            severity: "high".into(),
            topic: "service-issue".into(),
            contact_name: "Ana Silva".into(),
            contact_email: "ana@contoso.com".into(),
        }
    }

    #[test]
    fn the_form_takes_a_title_a_description_and_known_codes() {
        let ok = form().parse().unwrap();
        assert_eq!(ok.severity, Severity::High);
        let errors = SupportRequestForm::default().parse().unwrap_err();
        assert_eq!(errors.len(), 6);
        let mut long = form();
        long.title = "x".repeat(101);
        long.description = "y".repeat(5_001);
        long.severity = "urgent".into();
        long.contact_email = "not-an-address".into();
        let errors = long.parse().unwrap_err();
        assert_eq!(
            errors.get(&Field::Title),
            Some(&FieldError::TooLong { max: 100 })
        );
        assert_eq!(
            errors.get(&Field::Description),
            Some(&FieldError::TooLong { max: 5_000 })
        );
        assert_eq!(errors.get(&Field::Severity), Some(&FieldError::NotInList));
        assert!(errors.contains_key(&Field::ContactEmail));
        let mut two_lines = form();
        two_lines.title = "a\nb".into();
        assert_eq!(
            two_lines.parse().unwrap_err().get(&Field::Title),
            Some(&FieldError::InvalidChars)
        );
        assert_eq!(
            NoteForm { text: "  ".into() }.parse().unwrap_err()[&Field::Notes],
            FieldError::Required
        );
    }

    #[test]
    fn states_move_forward_and_reopen_within_14_days() {
        use SupportState::*;
        let day = 86_400;
        assert!(check_move(Open, InProgress, None, 0).is_ok());
        assert!(check_move(InProgress, Resolved, None, 0).is_ok());
        assert_eq!(
            check_move(Open, Closed, None, 0),
            Err(MoveRefusal::NotFrom(Open))
        );
        assert_eq!(
            check_move(Closed, Resolved, Some(0), day),
            Err(MoveRefusal::NotFrom(Closed))
        );
        assert!(check_move(Resolved, Open, Some(0), 14 * day).is_ok());
        assert!(check_move(Closed, Open, Some(0), 14 * day).is_ok());
        assert_eq!(
            check_move(Resolved, Open, Some(0), 14 * day + 1),
            Err(MoveRefusal::ReopenTooLate)
        );
    }

    #[test]
    fn the_first_answer_is_due_by_severity() {
        let opened = 1_000_000;
        let hour = 3600;
        let late = |s, now| first_response_overdue(s, opened, None, SupportState::Open, now);
        assert!(!late(Severity::Critical, opened + hour));
        assert!(late(Severity::Critical, opened + hour + 1));
        assert!(!late(Severity::High, opened + 4 * hour));
        assert!(late(Severity::Normal, opened + 24 * hour + 1));
        assert!(!first_response_overdue(
            Severity::Critical,
            opened,
            Some(opened + 10),
            SupportState::Open,
            opened + 5 * hour
        ));
        assert!(!first_response_overdue(
            Severity::Critical,
            opened,
            None,
            SupportState::Resolved,
            opened + 5 * hour
        ));
    }

    #[test]
    fn the_query_round_trips_through_the_url() {
        let q = SupportQuery {
            state: Some(SupportState::WaitingForCustomer),
            severity: Some(Severity::Critical),
            overdue: Some(true),
            assignee: Some("none".into()),
            customer: None,
            offset: Some(100),
        };
        let params = q.to_params();
        let back = SupportQuery::from_params(|k| {
            params
                .split('&')
                .find_map(|p| p.strip_prefix(&format!("{k}=")).map(str::to_string))
        });
        assert_eq!(back, q);
        // The first page has no offset in its URL.
        let first = SupportQuery {
            offset: Some(0),
            ..q
        };
        assert!(!first.to_params().contains("offset"));
    }
}
