//! Getting new customers through the channel: indirect provider ↔ indirect reseller links, and
//! referrals from providers (or the marketplace) to a partner. Wire types and their rules
//! (docs/domain.md "Referrals", "Provider and reseller links").

use crate::customer::{CompanyName, Email, PersonName};
use crate::i18n::Msg;
use crate::profile::{parse_codes, Offering};
use crate::regions::CountryCode;
use crate::text::optional_text;
use crate::validation::{Collector, Field, FieldError, FieldErrors};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// A `new` referral without an answer is overdue after this many days…
pub const OVERDUE_DAYS: i64 = 7;
/// …and expires after this many (as Partner Center's do).
pub const EXPIRY_DAYS: i64 = 14;

/// Another partner, as far as the signed-in one may know it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PartnerRef {
    pub id: Uuid,
    pub name: String,
}

/// How a customer came through the channel: the provider that created it on behalf of the
/// reseller that serves it. Both see the customer; the provider keeps it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Channel {
    pub provider: PartnerRef,
    pub reseller: PartnerRef,
}

// ---------------------------------------------------------------------------------------------
// Links

code_enum! {
    pub enum LinkState {
        /// The provider asked; the reseller has not answered.
        Pending = "pending" => Msg::LinkPending,
        Active = "active" => Msg::LinkActive,
        /// The reseller said no.
        Declined = "declined" => Msg::LinkDeclined,
        /// Either side ended it: no new referrals or customers, history kept.
        Ended = "ended" => Msg::LinkEnded,
    }
}

impl LinkState {
    /// Whether the link still counts (a provider can't ask again while one is open).
    pub fn is_open(self) -> bool {
        matches!(self, LinkState::Pending | LinkState::Active)
    }
}

/// A link between an indirect provider and an indirect reseller.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PartnerLink {
    pub id: Uuid,
    pub provider: PartnerRef,
    pub reseller: PartnerRef,
    pub state: LinkState,
    /// RFC 3339, UTC, like the other timestamps.
    pub created_at: String,
    pub responded_at: Option<String>,
    pub ended_at: Option<String>,
    /// How many customers came through this link (created on the reseller's behalf).
    pub customers: u32,
    /// How many referrals the provider sent through it.
    pub referrals: u32,
}

/// `POST /api/links`: the provider names the reseller by partner id or by the e-mail of one of
/// its users.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default, deny_unknown_fields)]
pub struct LinkRequestForm {
    pub reseller: String,
}

/// Who a link request names.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ResellerKey {
    Id(Uuid),
    Email(Email),
}

impl LinkRequestForm {
    pub fn parse(&self) -> Result<ResellerKey, FieldErrors> {
        let value = self.reseller.trim();
        let result = if value.is_empty() {
            Err(FieldError::Required)
        } else if let Ok(id) = Uuid::parse_str(value) {
            Ok(ResellerKey::Id(id))
        } else if value.contains('@') {
            Email::parse(value).map(ResellerKey::Email)
        } else {
            Err(FieldError::InvalidFormat { hint: None })
        };
        result.map_err(|e| FieldErrors::from([(Field::Reseller, e)]))
    }

    pub fn check(&self) -> FieldErrors {
        self.parse().err().unwrap_or_default()
    }
}

// ---------------------------------------------------------------------------------------------
// Referrals

code_enum! {
    pub enum ReferralState {
        New = "new" => Msg::ReferralNew,
        Accepted = "accepted" => Msg::ReferralAccepted,
        Declined = "declined" => Msg::ReferralDeclined,
        /// Accepted, and the customer was created from it.
        Won = "won" => Msg::ReferralWon,
        /// No answer within `EXPIRY_DAYS`.
        Expired = "expired" => Msg::ReferralExpired,
    }
}

code_enum! {
    pub enum ReferralSource {
        /// An indirect provider the partner is linked with.
        Provider = "provider" => Msg::AuditKeyProvider,
        /// The marketplace (customers who found the partner's business profile).
        Marketplace = "marketplace" => Msg::Marketplace,
    }
}

code_enum! {
    pub enum DeclineReason {
        NotAFit = "not-a-fit" => Msg::DeclineNotAFit,
        NoCapacity = "no-capacity" => Msg::DeclineNoCapacity,
        OutsideRegion = "outside-region" => Msg::DeclineOutsideRegion,
        CustomerUnreachable = "customer-unreachable" => Msg::DeclineUnreachable,
        Duplicate = "duplicate" => Msg::DeclineDuplicate,
        Other = "other" => Msg::DeclineOther,
    }
}

/// A referral as either side sees it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Referral {
    pub id: Uuid,
    pub source: ReferralSource,
    /// The provider that sent it (`None` from the marketplace).
    pub from: Option<PartnerRef>,
    /// The partner it was sent to.
    pub to: PartnerRef,
    pub company_name: CompanyName,
    pub contact_first_name: PersonName,
    pub contact_last_name: PersonName,
    pub contact_email: Email,
    pub country: CountryCode,
    pub offerings: Vec<Offering>,
    pub seats: u32,
    pub notes: Option<String>,
    pub state: ReferralState,
    /// `new` and unanswered for `OVERDUE_DAYS`.
    pub overdue: bool,
    pub received_at: String,
    /// When a `new` one expires.
    pub expires_at: String,
    pub responded_at: Option<String>,
    /// Who answered (a user's e-mail).
    pub responded_by: Option<String>,
    pub decline_reason: Option<DeclineReason>,
    pub decline_text: Option<String>,
    /// The customer created from it (`won`).
    pub customer_id: Option<Uuid>,
}

code_enum! {
    /// Which referrals: the partner's inbox, or (providers) the ones it sent.
    #[derive(Default)]
    pub enum ReferralBox {
        #[default]
        Inbox = "inbox",
        Sent = "sent",
    }
}

/// `GET /api/referrals`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default, deny_unknown_fields)]
pub struct ReferralQuery {
    #[serde(rename = "box")]
    pub r#box: ReferralBox,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub state: Option<ReferralState>,
    /// Only overdue ones (`new`, unanswered for 7 days).
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub overdue: bool,
}

/// `GET /api/referrals`: the matching referrals, newest first, and the inbox's counts.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReferralList {
    pub items: Vec<Referral>,
    /// `new` referrals in the box (whatever the filter).
    pub new: u32,
    pub overdue: u32,
}

/// Seats a referral may estimate.
pub const SEATS_MIN: u32 = 1;
pub const SEATS_MAX: u32 = 1_000_000;
/// Notes are at most this many characters.
pub const NOTES_MAX: usize = 2000;

/// `POST /api/referrals`: a provider refers a customer to a linked reseller.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default, deny_unknown_fields)]
pub struct ReferralForm {
    /// The reseller's partner id (one of the provider's active links).
    pub reseller: String,
    pub company_name: String,
    pub contact_first_name: String,
    pub contact_last_name: String,
    pub contact_email: String,
    pub country: String,
    pub offerings: Vec<String>,
    pub seats: String,
    pub notes: String,
}

/// A checked referral.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewReferral {
    pub reseller: Uuid,
    pub company_name: CompanyName,
    pub contact_first_name: PersonName,
    pub contact_last_name: PersonName,
    pub contact_email: Email,
    pub country: CountryCode,
    pub offerings: Vec<Offering>,
    pub seats: u32,
    pub notes: Option<String>,
}

fn parse_seats(input: &str) -> Result<u32, FieldError> {
    let value: String = input.trim().chars().filter(|c| *c != ',').collect();
    if value.is_empty() {
        return Err(FieldError::Required);
    }
    let range = FieldError::OutOfRange {
        min: SEATS_MIN,
        max: SEATS_MAX,
    };
    if !value.chars().all(|c| c.is_ascii_digit()) {
        return Err(if value.starts_with('-') {
            range
        } else {
            FieldError::InvalidFormat { hint: None }
        });
    }
    match value.parse::<u64>() {
        Ok(n) if (u64::from(SEATS_MIN)..=u64::from(SEATS_MAX)).contains(&n) => Ok(n as u32),
        _ => Err(range),
    }
}

/// Free text without markup brackets.
fn plain_text(input: &str, max: usize) -> Result<Option<String>, FieldError> {
    optional_text(input, max).and_then(|text| {
        if text
            .as_deref()
            .is_some_and(|t| t.chars().any(|c| c == '<' || c == '>'))
        {
            Err(FieldError::InvalidChars)
        } else {
            Ok(text)
        }
    })
}

impl ReferralForm {
    pub fn parse(&self) -> Result<NewReferral, FieldErrors> {
        let mut c = Collector::new();
        let reseller = c.take(
            Field::Reseller,
            match self.reseller.trim() {
                "" => Err(FieldError::Required),
                id => Uuid::parse_str(id).map_err(|_| FieldError::NotInList),
            },
        );
        let company_name = c.take(Field::CompanyName, CompanyName::parse(&self.company_name));
        let first = c.take(
            Field::ContactFirstName,
            PersonName::parse(&self.contact_first_name),
        );
        let last = c.take(
            Field::ContactLastName,
            PersonName::parse(&self.contact_last_name),
        );
        let email = c.take(Field::ContactEmail, Email::parse(&self.contact_email));
        let country = c.take(Field::Country, CountryCode::parse(&self.country));
        let offerings = c.take(
            Field::Offerings,
            parse_codes(&self.offerings, Offering::parse).and_then(|o| {
                if o.is_empty() {
                    Err(FieldError::Required)
                } else {
                    Ok(o)
                }
            }),
        );
        let seats = c.take(Field::Seats, parse_seats(&self.seats));
        let notes = c.take(Field::Notes, plain_text(&self.notes, NOTES_MAX));
        match (
            reseller,
            company_name,
            first,
            last,
            email,
            country,
            offerings,
            seats,
            notes,
        ) {
            (
                Some(reseller),
                Some(company_name),
                Some(contact_first_name),
                Some(contact_last_name),
                Some(contact_email),
                Some(country),
                Some(offerings),
                Some(seats),
                Some(notes),
            ) => Ok(NewReferral {
                reseller,
                company_name,
                contact_first_name,
                contact_last_name,
                contact_email,
                country,
                offerings,
                seats,
                notes,
            }),
            _ => Err(c.into_errors()),
        }
    }

    pub fn check(&self) -> FieldErrors {
        self.parse().err().unwrap_or_default()
    }
}

/// A decline's explanation: at most this many characters; required for `other`.
pub const DECLINE_TEXT_MAX: usize = 500;

/// `POST /api/referrals/{id}/decline`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default, deny_unknown_fields)]
pub struct DeclineReferralForm {
    pub decline_reason: String,
    pub decline_text: String,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Decline {
    pub reason: DeclineReason,
    pub text: Option<String>,
}

impl DeclineReferralForm {
    pub fn parse(&self) -> Result<Decline, FieldErrors> {
        let mut c = Collector::new();
        let (reason, text) = crate::relationship::parse_reason(
            &mut c,
            (Field::DeclineReason, Field::DeclineText),
            (&self.decline_reason, &self.decline_text),
            DeclineReason::parse,
            DeclineReason::Other,
            DECLINE_TEXT_MAX,
        );
        match (reason, text) {
            (Some(reason), Some(text)) if c.is_empty() => Ok(Decline { reason, text }),
            _ => Err(c.into_errors()),
        }
    }

    pub fn check(&self) -> FieldErrors {
        self.parse().err().unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form() -> ReferralForm {
        ReferralForm {
            reseller: Uuid::nil().to_string(),
            company_name: "Fabrikam 有限公司".into(),
            contact_first_name: "Li".into(),
            contact_last_name: "Wei".into(),
            contact_email: "li.wei@fabrikam.example".into(),
            country: "CN".into(),
            offerings: vec!["azure".into()],
            seats: "1,200".into(),
            notes: "Wants a call in Chinese.".into(),
        }
    }

    #[test]
    fn a_referral_parses() {
        let r = form().parse().unwrap();
        assert_eq!(r.seats, 1200);
        assert_eq!(r.offerings, vec![Offering::Azure]);
        assert_eq!(r.country.as_str(), "CN");
    }

    #[test]
    fn referral_errors() {
        let mut f = form();
        f.reseller = "somebody".into();
        f.offerings = vec![];
        f.seats = "0".into();
        f.notes = "<b>".into();
        let e = f.check();
        assert_eq!(e.get(&Field::Reseller), Some(&FieldError::NotInList));
        assert_eq!(e.get(&Field::Offerings), Some(&FieldError::Required));
        assert_eq!(
            e.get(&Field::Seats),
            Some(&FieldError::OutOfRange {
                min: 1,
                max: 1_000_000
            })
        );
        assert_eq!(e.get(&Field::Notes), Some(&FieldError::InvalidChars));
        for (seats, error) in [
            ("", FieldError::Required),
            ("ten", FieldError::InvalidFormat { hint: None }),
            (
                "-3",
                FieldError::OutOfRange {
                    min: 1,
                    max: 1_000_000,
                },
            ),
            (
                "99999999999999999999",
                FieldError::OutOfRange {
                    min: 1,
                    max: 1_000_000,
                },
            ),
        ] {
            assert_eq!(parse_seats(seats), Err(error), "{seats}");
        }
    }

    #[test]
    fn decline_needs_a_reason_and_text_for_other() {
        let e = DeclineReferralForm::default().check();
        assert_eq!(e.get(&Field::DeclineReason), Some(&FieldError::Required));
        let e = DeclineReferralForm {
            decline_reason: "other".into(),
            decline_text: " ".into(),
        }
        .check();
        assert_eq!(e.get(&Field::DeclineText), Some(&FieldError::Required));
        let ok = DeclineReferralForm {
            decline_reason: "no-capacity".into(),
            decline_text: String::new(),
        }
        .parse()
        .unwrap();
        assert_eq!(ok.reason, DeclineReason::NoCapacity);
    }

    #[test]
    fn link_requests_name_a_partner_id_or_an_email() {
        let id = Uuid::from_u128(0x5e11e7);
        assert_eq!(
            LinkRequestForm {
                reseller: id.to_string()
            }
            .parse(),
            Ok(ResellerKey::Id(id))
        );
        assert!(matches!(
            LinkRequestForm {
                reseller: "Admin@Reseller.example".into()
            }
            .parse(),
            Ok(ResellerKey::Email(_))
        ));
        assert!(LinkRequestForm {
            reseller: "reseller".into()
        }
        .parse()
        .is_err());
    }
}
