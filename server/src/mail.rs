//! E-mail: composing messages from the catalog (in the recipient's language, plain text and
//! HTML) and the worker that delivers the outbox through SMTP with `lettre`.
//!
//! Delivery is decoupled from the request: a change writes its message into the outbox in its
//! own transaction, then nudges the worker. A mail server that is down or slow never fails or
//! delays the change, and nothing is lost: the worker retries with back-off.

use crate::db::Db;
use crate::store::outbox::{self, Mail};
use lettre::message::{header::ContentType, Mailbox, MultiPart, SinglePart};
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use shared::i18n::{format_date, Locale, Msg};
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::Notify;

/// How to send mail.
#[derive(Clone, Debug, Default)]
pub struct MailSettings {
    /// `smtp://user:pass@host:587?tls=required` (STARTTLS), `smtps://host:465` (implicit TLS)
    /// or `smtp://host:25` (plain, for a local relay). `None`: messages wait in the outbox.
    pub smtp_url: Option<String>,
    /// The From address.
    pub from: String,
    /// The address the app is reached at, for links in messages (`https://desk.example.com`).
    pub public_url: String,
}

/// Handle to the delivery worker.
#[derive(Clone)]
pub struct Mailer {
    wake: Arc<Notify>,
    pub configured: bool,
    pub public_url: Arc<str>,
}

impl Mailer {
    /// Tells the worker there is something to send.
    pub fn nudge(&self) {
        self.wake.notify_one();
    }
}

/// Tries per message before it is marked failed.
const MAX_ATTEMPTS: i64 = 6;

/// Starts the worker (when a mail server is configured) and returns its handle.
pub fn start(db: Db, settings: &MailSettings) -> anyhow::Result<Mailer> {
    let wake = Arc::new(Notify::new());
    let mailer = Mailer {
        wake: wake.clone(),
        configured: settings.smtp_url.is_some(),
        public_url: settings.public_url.trim_end_matches('/').into(),
    };
    if let Some(url) = &settings.smtp_url {
        let transport = AsyncSmtpTransport::<Tokio1Executor>::from_url(url)
            .map_err(|e| anyhow::anyhow!("PARTNERDESK_SMTP_URL: {e}"))?
            .timeout(Some(Duration::from_secs(20)))
            .build();
        let from: Mailbox = settings
            .from
            .parse()
            .map_err(|e| anyhow::anyhow!("mail From address {:?}: {e}", settings.from))?;
        tokio::spawn(deliver_forever(db, transport, from, wake));
    }
    Ok(mailer)
}

async fn deliver_forever(
    db: Db,
    transport: AsyncSmtpTransport<Tokio1Executor>,
    from: Mailbox,
    wake: Arc<Notify>,
) {
    loop {
        // One node at a time delivers (several share one outbox on PostgreSQL); the others
        // skip the round. A message is marked sent before the turn ends, so the next node's
        // round doesn't see it as due.
        match db.try_job_turn(crate::db::Job::MailDelivery).await {
            Ok(Some(turn)) => {
                if let Err(error) = deliver_due(&db, &transport, &from).await {
                    tracing::warn!(error = ?error, "mail delivery round failed");
                }
                turn.release().await;
            }
            Ok(None) => {}
            Err(error) => tracing::warn!(error = %error, "mail delivery: no database"),
        }
        // Woken by a new message, or every few seconds for retries that came due.
        let _ = tokio::time::timeout(Duration::from_secs(5), wake.notified()).await;
    }
}

async fn deliver_due(
    db: &Db,
    transport: &AsyncSmtpTransport<Tokio1Executor>,
    from: &Mailbox,
) -> anyhow::Result<()> {
    loop {
        let due = outbox::due(db, &crate::timestamp::now(), 50).await?;
        if due.is_empty() {
            return Ok(());
        }
        for message in due {
            let outcome = match build(from, &message) {
                Ok(email) => transport
                    .send(email)
                    .await
                    .map(|_| ())
                    .map_err(|e| e.to_string()),
                Err(e) => Err(e.to_string()),
            };
            match outcome {
                Ok(()) => {
                    tracing::info!(outbox_id = %message.id, "mail sent");
                    outbox::mark_sent(db, &message.id).await?;
                }
                Err(error) => {
                    let attempts = message.attempts + 1;
                    tracing::warn!(outbox_id = %message.id, attempts, %error, "mail not sent");
                    // 1, 2, 4, 8, 16 minutes; then give up (the outbox page shows it).
                    let retry_at = (attempts < MAX_ATTEMPTS).then(|| {
                        crate::timestamp::format(
                            time::OffsetDateTime::now_utc()
                                + time::Duration::minutes(1 << (attempts - 1)),
                        )
                    });
                    outbox::mark_attempt_failed(db, &message.id, &error, retry_at.as_deref())
                        .await?;
                }
            }
        }
    }
}

fn build(from: &Mailbox, message: &outbox::Due) -> anyhow::Result<Message> {
    Ok(Message::builder()
        .from(from.clone())
        .to(message.recipient.parse()?)
        .subject(&message.subject)
        .multipart(
            MultiPart::alternative()
                .singlepart(
                    SinglePart::builder()
                        .header(ContentType::TEXT_PLAIN)
                        .body(message.text_body.clone()),
                )
                .singlepart(
                    SinglePart::builder()
                        .header(ContentType::TEXT_HTML)
                        .body(message.html_body.clone()),
                ),
        )?)
}

/// Escapes text for HTML element content and attribute values.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// What an invitation e-mail says.
pub struct InvitationMail<'a> {
    pub locale: Locale,
    pub recipient: &'a str,
    pub contact_name: &'a str,
    pub partner_name: &'a str,
    pub company_name: &'a str,
    pub message: &'a str,
    pub link: &'a str,
    /// RFC 3339.
    pub expires_at: &'a str,
}

/// Every message's HTML: its opening (already HTML), one button (`link`, its text), the address
/// as text for mail clients that hide buttons, then a small closing line (plain text; none when
/// empty).
fn html_layout(
    locale: Locale,
    opening: &str,
    (link, action): (&str, &str),
    closing: &str,
) -> String {
    let closing = if closing.is_empty() {
        String::new()
    } else {
        format!(
            "<p style=\"color:#555;font-size:13px\">{}</p>",
            escape(closing)
        )
    };
    format!(
        "<!doctype html><html lang=\"{lang}\"><body style=\"font-family:sans-serif;line-height:1.5;color:#1b1b1b\">\
         {opening}\
         <p><a href=\"{link}\" style=\"display:inline-block;padding:10px 16px;background:#0f6cbd;color:#fff;text-decoration:none;border-radius:4px\">{action}</a></p>\
         <p style=\"font-size:13px\">{link}</p>{closing}</body></html>",
        lang = locale.tag(),
        link = escape(link),
        action = escape(action),
    )
}

/// The invitation e-mail, in the customer's language.
pub fn invitation(m: &InvitationMail<'_>) -> Mail {
    let l = m.locale;
    let names = [("partner", m.partner_name), ("company", m.company_name)];
    let subject = l.format(Msg::EmailInviteSubject, &names);
    let greeting = l.format(Msg::EmailInviteGreeting, &[("name", m.contact_name)]);
    let body = l.format(Msg::EmailInviteBody, &names);
    let action = l.text(Msg::EmailInviteAction);
    let expiry = l.format(
        Msg::EmailInviteExpiry,
        &[("date", &format_date(m.expires_at, l))],
    );
    let note_heading = l.format(Msg::EmailInviteMessage, &[("partner", m.partner_name)]);

    let mut text = format!("{greeting}\n\n{body}\n\n");
    if !m.message.is_empty() {
        text.push_str(&format!("{note_heading}\n{}\n\n", m.message));
    }
    text.push_str(&format!("{action}\n{}\n\n{expiry}\n", m.link));

    let note = if m.message.is_empty() {
        String::new()
    } else {
        format!(
            "<p><strong>{}</strong></p><blockquote style=\"margin:0 0 16px;padding-left:12px;border-left:3px solid #ccc;white-space:pre-wrap\">{}</blockquote>",
            escape(&note_heading),
            escape(m.message)
        )
    };
    let html = html_layout(
        l,
        &format!(
            "<p>{}</p><p>{}</p>{note}<p>{}</p>",
            escape(&greeting),
            escape(&body),
            escape(action)
        ),
        (m.link, &subject),
        &expiry,
    );
    Mail {
        recipient: m.recipient.to_string(),
        subject,
        text,
        html,
        confidential: false,
    }
}

/// What an admin-relationship request e-mail says.
pub struct AdminApprovalMail<'a> {
    pub locale: Locale,
    pub recipient: &'a str,
    pub partner_name: &'a str,
    pub company_name: &'a str,
    pub relationship_name: &'a str,
    pub roles: &'a [shared::admin_relationship::EntraRole],
    pub duration_days: u32,
    pub link: &'a str,
}

/// The request for admin (GDAP) access, to the customer's contact, in the customer's language:
/// who asks, which roles for how long, and the link to approve or decline. Confidential: in the
/// partner's outbox the link would let the partner approve its own request.
pub fn admin_approval(m: &AdminApprovalMail<'_>) -> Mail {
    let l = m.locale;
    let days = m.duration_days.to_string();
    let names = [
        ("partner", m.partner_name),
        ("company", m.company_name),
        ("days", days.as_str()),
    ];
    let subject = l.format(Msg::EmailAdminSubject, &names);
    let body = l.format(Msg::EmailAdminBody, &names);
    let action = l.text(Msg::EmailAdminAction);
    let roles: Vec<&str> = m.roles.iter().map(|r| r.name(l)).collect();
    let text = format!(
        "{body}\n\n{}\n- {}\n\n{action}\n{}\n",
        m.relationship_name,
        roles.join("\n- "),
        m.link
    );
    let items: String = roles
        .iter()
        .map(|r| format!("<li>{}</li>", escape(r)))
        .collect();
    let html = html_layout(
        l,
        &format!(
            "<p>{}</p><p><strong>{}</strong></p><ul>{items}</ul>",
            escape(&body),
            escape(m.relationship_name)
        ),
        (m.link, action),
        "",
    );
    Mail {
        recipient: m.recipient.to_string(),
        subject,
        text,
        html,
        confidential: true,
    }
}

/// What an expiry notice says.
pub struct AdminExpiringMail<'a> {
    pub locale: Locale,
    pub recipient: &'a str,
    pub partner_name: &'a str,
    pub company_name: &'a str,
    pub relationship_name: &'a str,
    pub ends_on: shared::date::CalendarDate,
    pub days_left: u32,
    /// The customer's page, where the relationship and a new request are.
    pub link: &'a str,
}

/// An admin relationship that will expire (not auto-extending) ends in 31, 7 or 1 days: to the
/// partner's admins, each in their language, with the customer's page.
pub fn admin_relationship_expiring(m: &AdminExpiringMail<'_>) -> Mail {
    let l = m.locale;
    let days = m.days_left.to_string();
    let date = format_date(&m.ends_on.to_string(), l);
    let names = [
        ("partner", m.partner_name),
        ("company", m.company_name),
        ("name", m.relationship_name),
        ("days", days.as_str()),
        ("date", date.as_str()),
    ];
    let (subject, body) = if m.days_left == 1 {
        (
            Msg::EmailAdminExpiringSubjectTomorrow,
            Msg::EmailAdminExpiringBodyTomorrow,
        )
    } else {
        (Msg::EmailAdminExpiringSubject, Msg::EmailAdminExpiringBody)
    };
    let (subject, body) = (l.format(subject, &names), l.format(body, &names));
    let action = l.text(Msg::EmailAdminExpiringAction);
    let text = format!("{body}\n\n{action}\n{}\n", m.link);
    let html = html_layout(
        l,
        &format!("<p>{}</p>", escape(&body)),
        (m.link, action),
        "",
    );
    Mail {
        recipient: m.recipient.to_string(),
        subject,
        text,
        html,
        confidential: false,
    }
}

/// What a password-reset e-mail says.
pub struct ResetMail<'a> {
    pub locale: Locale,
    pub recipient: &'a str,
    pub partner_name: &'a str,
    pub link: &'a str,
}

/// The "forgot password" e-mail: the link, how long it works, and what to do if it wasn't you.
/// Confidential: the outbox page shows that it went, not the link.
pub fn password_reset(m: &ResetMail<'_>) -> Mail {
    let l = m.locale;
    let subject = l.text(Msg::EmailResetSubject).to_string();
    let body = l.format(Msg::EmailResetBody, &[("partner", m.partner_name)]);
    let ignore = l.text(Msg::EmailResetIgnore);
    let action = l.text(Msg::ResetPasswordTitle);
    let text = format!("{body}\n\n{action}\n{}\n\n{ignore}\n", m.link);
    let html = html_layout(
        l,
        &format!("<p>{}</p>", escape(&body)),
        (m.link, action),
        ignore,
    );
    Mail {
        recipient: m.recipient.to_string(),
        subject,
        text,
        html,
        confidential: true,
    }
}

/// What a support-request e-mail says.
pub struct SupportMail<'a> {
    pub locale: Locale,
    pub recipient: &'a str,
    pub contact_name: &'a str,
    pub partner_name: &'a str,
    pub company_name: &'a str,
    pub title: &'a str,
    pub severity: shared::support::Severity,
    /// Resolved (else: opened).
    pub resolved: bool,
}

/// To the customer's contact when the partner opens a support request for it, and when it is
/// resolved: in the customer's language, no link (the workspace is the partner's).
pub fn support_request(m: &SupportMail<'_>) -> Mail {
    let l = m.locale;
    let hours = m.severity.first_response_hours().to_string();
    let names = [
        ("name", m.contact_name),
        ("partner", m.partner_name),
        ("company", m.company_name),
        ("title", m.title),
        ("severity", l.text(m.severity.label())),
        ("hours", hours.as_str()),
    ];
    let (subject, body) = if m.resolved {
        (
            Msg::EmailSupportResolvedSubject,
            Msg::EmailSupportResolvedBody,
        )
    } else {
        (Msg::EmailSupportOpenedSubject, Msg::EmailSupportOpenedBody)
    };
    let subject = l.format(subject, &names);
    let text = format!("{}\n", l.format(body, &names));
    let paragraphs: String = text
        .trim()
        .split("\n\n")
        .map(|p| format!("<p>{}</p>", escape(p)))
        .collect();
    let html = format!(
        "<!doctype html><html lang=\"{}\"><body style=\"font-family:sans-serif;line-height:1.5;color:#1b1b1b\">{paragraphs}</body></html>",
        l.tag()
    );
    Mail {
        recipient: m.recipient.to_string(),
        subject,
        text,
        html,
        confidential: false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample(locale: Locale, message: &str) -> Mail {
        invitation(&InvitationMail {
            locale,
            recipient: "it@contoso.com",
            contact_name: "Ana <Lopez>",
            partner_name: "Northwind",
            company_name: "Contoso & Co",
            message,
            link: "https://desk.example/invitation#abc",
            expires_at: "2026-12-25T00:00:00.000000Z",
        })
    }

    #[test]
    fn html_is_escaped_and_text_is_not() {
        let mail = sample(Locale::EnUs, "See <you>");
        assert!(mail.html.contains("Contoso &amp; Co"));
        assert!(mail.html.contains("See &lt;you&gt;"));
        assert!(mail.text.contains("Contoso & Co"));
        assert!(mail.text.contains("https://desk.example/invitation#abc"));
        assert!(mail.text.contains("Dec 25, 2026"));
    }

    #[test]
    fn chinese_mail_is_in_chinese() {
        let mail = sample(Locale::ZhCn, "");
        assert!(mail.subject.contains("邀请"), "{}", mail.subject);
        assert!(mail.text.contains("2026年12月25日"));
        assert!(!mail.text.contains("Message from"));
    }

    #[test]
    fn an_expiry_notice_names_the_relationship_its_end_and_the_customer_page() {
        let notice = |locale| {
            admin_relationship_expiring(&AdminExpiringMail {
                locale,
                recipient: "mei.chen@northwind.example",
                partner_name: "Northwind",
                company_name: "Contoso & Co",
                relationship_name: "Helpdesk <tier 1>",
                ends_on: shared::date::CalendarDate::parse("2027-01-07").unwrap(),
                days_left: 7,
                link: "https://desk.example/customers/42",
            })
        };
        let english = notice(Locale::EnUs);
        assert_eq!(
            english.subject,
            "Admin access to Contoso & Co ends in 7 days"
        );
        assert!(
            english.text.contains("“Helpdesk <tier 1>”"),
            "{}",
            english.text
        );
        assert!(english
            .text
            .ends_with("Open the customer\nhttps://desk.example/customers/42\n"));
        assert!(english.html.contains("Helpdesk &lt;tier 1&gt;"));
        assert!(english
            .html
            .contains("href=\"https://desk.example/customers/42\""));
        assert!(!english.confidential);
        let chinese = notice(Locale::ZhCn);
        assert!(
            chinese.subject.contains("7 天后结束"),
            "{}",
            chinese.subject
        );
        assert!(chinese
            .html
            .starts_with("<!doctype html><html lang=\"zh-CN\">"));
    }

    #[test]
    fn the_last_expiry_notice_says_tomorrow() {
        let notice = |locale| {
            admin_relationship_expiring(&AdminExpiringMail {
                locale,
                recipient: "mei.chen@northwind.example",
                partner_name: "Northwind",
                company_name: "Contoso",
                relationship_name: "Helpdesk",
                ends_on: shared::date::CalendarDate::parse("2027-01-07").unwrap(),
                days_left: 1,
                link: "https://desk.example/customers/42",
            })
        };
        let english = notice(Locale::EnUs);
        assert_eq!(english.subject, "Admin access to Contoso ends tomorrow");
        assert!(english.text.contains("ends tomorrow, "), "{}", english.text);
        assert!(!english.text.contains("1 days"), "{}", english.text);
        assert_eq!(
            notice(Locale::ZhCn).subject,
            "Contoso 的管理员访问权限将于明天结束"
        );
    }
}
