//! The outbox: every e-mail the partner's changes send, with its delivery status.

use crate::i18n::Msg;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

code_enum! {
    pub enum MailStatus {
        Queued = "queued" => Msg::MailQueued,
        Sent = "sent" => Msg::MailSent,
        Failed = "failed" => Msg::MailFailed,
    }
}

/// A message the app sent or will send.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OutboxMessage {
    pub id: Uuid,
    pub recipient: String,
    pub subject: String,
    pub text_body: String,
    pub status: MailStatus,
    pub attempts: u32,
    pub last_error: Option<String>,
    pub created_at: String,
    pub sent_at: Option<String>,
    /// For its recipient only (a password-reset link): listed here without its text.
    #[serde(default)]
    pub confidential: bool,
}

/// `GET /api/outbox`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Outbox {
    /// Whether a mail server is configured; without one messages wait here.
    pub smtp_configured: bool,
    pub messages: Vec<OutboxMessage>,
}
