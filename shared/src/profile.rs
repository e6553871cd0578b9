//! The partner's business (marketing) profile: what customers and providers see of it, its
//! rules, and how complete it is (docs/domain.md "Business profile").

use crate::customer::{City, CompanyName, Email};
use crate::i18n::Msg;
use crate::regions::CountryCode;
use crate::text::{char_len, optional_text};
use crate::validation::{Collector, Field, FieldError, FieldErrors};
use serde::{Deserialize, Serialize};

/// A description is at most this many characters.
pub const DESCRIPTION_MAX: usize = 2000;
/// A profile lists at most this many locations.
pub const LOCATIONS_MAX: usize = 10;

code_enum! {
    /// The industries a partner serves.
    pub enum Industry {
        Agriculture = "agriculture" => Msg::IndustryAgriculture,
        Education = "education" => Msg::IndustryEducation,
        Financial = "financial-services" => Msg::IndustryFinancial,
        Government = "government" => Msg::IndustryGovernment,
        Healthcare = "healthcare" => Msg::IndustryHealthcare,
        Manufacturing = "manufacturing" => Msg::IndustryManufacturing,
        Media = "media" => Msg::IndustryMedia,
        Nonprofit = "nonprofit" => Msg::IndustryNonprofit,
        ProfessionalServices = "professional-services" => Msg::IndustryProfessional,
        Retail = "retail" => Msg::IndustryRetail,
        Technology = "technology" => Msg::IndustryTechnology,
        Transportation = "transportation" => Msg::IndustryTransportation,
    }
}

code_enum! {
    /// Products and services: what a partner offers, and what a referred customer is
    /// interested in.
    pub enum Offering {
        Microsoft365 = "microsoft-365" => Msg::OfferingM365,
        Azure = "azure" => Msg::OfferingAzure,
        Dynamics365 = "dynamics-365" => Msg::OfferingDynamics,
        Security = "security" => Msg::OfferingSecurity,
        Teams = "teams-calling" => Msg::OfferingTeams,
        Copilot = "copilot" => Msg::OfferingCopilot,
        Migration = "migration" => Msg::OfferingMigration,
        ManagedServices = "managed-services" => Msg::OfferingManaged,
        Training = "training" => Msg::OfferingTraining,
    }
}

/// Parses a list of codes, in the enum's order, each once. An unknown code is an error, not
/// dropped.
pub fn parse_codes<T: Copy + Ord>(
    codes: &[String],
    parse: impl Fn(&str) -> Option<T>,
) -> Result<Vec<T>, FieldError> {
    let mut out = codes
        .iter()
        .filter(|c| !c.trim().is_empty())
        .map(|c| parse(c).ok_or(FieldError::NotInList))
        .collect::<Result<Vec<T>, _>>()?;
    out.sort();
    out.dedup();
    Ok(out)
}

/// A public website: `https://` and a host name with a dot, at most 200 characters, no spaces.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Website(String);

string_schema!(Website, None);

impl Website {
    pub const MAX: usize = 200;

    pub fn parse(input: &str) -> Result<Self, FieldError> {
        let value = input.trim();
        if value.is_empty() {
            return Err(FieldError::Required);
        }
        if char_len(value) > Self::MAX {
            return Err(FieldError::TooLong {
                max: Self::MAX as u32,
            });
        }
        let lower = value.to_ascii_lowercase();
        let Some(rest) = lower.strip_prefix("https://") else {
            // `www.contoso.com` or `http://…`: suggest the secure form.
            let bare = lower.strip_prefix("http://").unwrap_or(&lower).to_string();
            let hint = (!bare.contains("://") && Self::parse(&format!("https://{bare}")).is_ok())
                .then(|| format!("https://{bare}"));
            return Err(FieldError::InvalidFormat { hint });
        };
        let invalid = FieldError::InvalidFormat { hint: None };
        let host_end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
        let (host, tail) = rest.split_at(host_end);
        let labels: Vec<&str> = host.split('.').collect();
        let host_ok = labels.len() >= 2
            && labels.iter().all(|l| {
                !l.is_empty()
                    && l.len() <= 63
                    && !l.starts_with('-')
                    && !l.ends_with('-')
                    && l.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
            })
            && labels
                .last()
                .is_some_and(|tld| tld.len() >= 2 && tld.chars().all(|c| c.is_ascii_alphabetic()));
        let tail_ok = tail
            .chars()
            .all(|c| c.is_ascii_graphic() && c != '<' && c != '>' && c != '"');
        if !host_ok || !tail_ok {
            return Err(invalid);
        }
        // The host is case-insensitive; the path keeps what was typed.
        let typed_tail = &value["https://".len() + host.len()..];
        Ok(Self(format!("https://{host}{typed_tail}")))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for Website {
    type Error = FieldError;
    fn try_from(value: String) -> Result<Self, FieldError> {
        Self::parse(&value)
    }
}

impl From<Website> for String {
    fn from(value: Website) -> String {
        value.0
    }
}

/// A location as typed.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default, deny_unknown_fields)]
pub struct LocationForm {
    pub city: String,
    pub country: String,
}

/// A checked location.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Location {
    pub city: City,
    pub country: CountryCode,
}

/// `PUT /api/business-profile`, and what `GET` returns as the values to edit.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default, deny_unknown_fields)]
pub struct BusinessProfileForm {
    pub company_name: String,
    pub description: String,
    pub website: String,
    pub industries: Vec<String>,
    pub offerings: Vec<String>,
    pub locations: Vec<LocationForm>,
    pub contact_email: String,
}

/// A checked profile. Only the name is required; the rest is recommended (completeness).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BusinessProfile {
    pub company_name: CompanyName,
    pub description: Option<String>,
    pub website: Option<Website>,
    pub industries: Vec<Industry>,
    pub offerings: Vec<Offering>,
    pub locations: Vec<Location>,
    pub contact_email: Option<Email>,
}

fn optional<T>(
    input: &str,
    parse: impl Fn(&str) -> Result<T, FieldError>,
) -> Result<Option<T>, FieldError> {
    if input.trim().is_empty() {
        Ok(None)
    } else {
        parse(input).map(Some)
    }
}

/// The locations: each needs a city and a country; fully empty rows are ignored (an added row
/// not filled in yet).
fn parse_locations(rows: &[LocationForm]) -> Result<Vec<Location>, FieldError> {
    let rows: Vec<&LocationForm> = rows
        .iter()
        .filter(|r| !(r.city.trim().is_empty() && r.country.trim().is_empty()))
        .collect();
    if rows.len() > LOCATIONS_MAX {
        return Err(FieldError::TooMany {
            max: LOCATIONS_MAX as u32,
        });
    }
    let mut out: Vec<Location> = Vec::new();
    for row in rows {
        let location = Location {
            city: City::parse(&row.city)?,
            country: CountryCode::parse(&row.country)?,
        };
        if !out.contains(&location) {
            out.push(location);
        }
    }
    Ok(out)
}

impl BusinessProfileForm {
    pub fn parse(&self) -> Result<BusinessProfile, FieldErrors> {
        let mut c = Collector::new();
        let company_name = c.take(Field::CompanyName, CompanyName::parse(&self.company_name));
        let description = c.take(
            Field::Description,
            optional_text(&self.description, DESCRIPTION_MAX).and_then(|text| {
                if text
                    .as_deref()
                    .is_some_and(|t| t.contains('<') || t.contains('>'))
                {
                    Err(FieldError::InvalidChars)
                } else {
                    Ok(text)
                }
            }),
        );
        let website = c.take(Field::Website, optional(&self.website, Website::parse));
        let industries = c.take(
            Field::Industries,
            parse_codes(&self.industries, Industry::parse),
        );
        let offerings = c.take(
            Field::Offerings,
            parse_codes(&self.offerings, Offering::parse),
        );
        let locations = c.take(Field::Locations, parse_locations(&self.locations));
        let contact_email = c.take(
            Field::ContactEmail,
            optional(&self.contact_email, Email::parse),
        );
        match (
            company_name,
            description,
            website,
            industries,
            offerings,
            locations,
            contact_email,
        ) {
            (
                Some(company_name),
                Some(description),
                Some(website),
                Some(industries),
                Some(offerings),
                Some(locations),
                Some(contact_email),
            ) => Ok(BusinessProfile {
                company_name,
                description,
                website,
                industries,
                offerings,
                locations,
                contact_email,
            }),
            _ => Err(c.into_errors()),
        }
    }

    pub fn check(&self) -> FieldErrors {
        self.parse().err().unwrap_or_default()
    }

    /// How much of the recommended profile is filled in (valid values only).
    pub fn completeness(&self) -> Completeness {
        let errors = self.check();
        let ok = |field: Field, filled: bool| filled && !errors.contains_key(&field);
        let recommended = [
            (
                Field::CompanyName,
                ok(Field::CompanyName, !self.company_name.trim().is_empty()),
            ),
            (
                Field::Description,
                ok(
                    Field::Description,
                    char_len(self.description.trim()) >= DESCRIPTION_RECOMMENDED_MIN,
                ),
            ),
            (
                Field::Website,
                ok(Field::Website, !self.website.trim().is_empty()),
            ),
            (
                Field::Industries,
                ok(
                    Field::Industries,
                    self.industries.iter().any(|i| !i.trim().is_empty()),
                ),
            ),
            (
                Field::Offerings,
                ok(
                    Field::Offerings,
                    self.offerings.iter().any(|o| !o.trim().is_empty()),
                ),
            ),
            (
                Field::Locations,
                ok(
                    Field::Locations,
                    self.locations.iter().any(|l| !l.city.trim().is_empty()),
                ),
            ),
            (
                Field::ContactEmail,
                ok(Field::ContactEmail, !self.contact_email.trim().is_empty()),
            ),
        ];
        let filled = recommended.iter().filter(|(_, f)| *f).count() as u32;
        Completeness {
            filled,
            of: recommended.len() as u32,
            missing: recommended
                .iter()
                .filter(|(_, f)| !*f)
                .map(|(field, _)| *field)
                .collect(),
        }
    }
}

/// A description shorter than this doesn't count as filled in: customers need a few sentences.
pub const DESCRIPTION_RECOMMENDED_MIN: usize = 80;

impl BusinessProfile {
    /// The values as the edit form shows them.
    pub fn to_form(&self) -> BusinessProfileForm {
        BusinessProfileForm {
            company_name: self.company_name.to_string(),
            description: self.description.clone().unwrap_or_default(),
            website: self
                .website
                .as_ref()
                .map(|w| w.as_str().to_string())
                .unwrap_or_default(),
            industries: self
                .industries
                .iter()
                .map(|i| i.as_str().to_string())
                .collect(),
            offerings: self
                .offerings
                .iter()
                .map(|o| o.as_str().to_string())
                .collect(),
            locations: self
                .locations
                .iter()
                .map(|l| LocationForm {
                    city: l.city.to_string(),
                    country: l.country.to_string(),
                })
                .collect(),
            contact_email: self
                .contact_email
                .as_ref()
                .map(|e| e.as_str().to_string())
                .unwrap_or_default(),
        }
    }
}

/// Share of the recommended fields filled in.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Completeness {
    pub filled: u32,
    pub of: u32,
    /// The recommended fields still empty (or invalid), in form order.
    pub missing: Vec<Field>,
}

impl Completeness {
    pub fn percent(&self) -> u32 {
        (self.filled * 100).checked_div(self.of).unwrap_or(0)
    }
}

/// `GET /api/business-profile`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BusinessProfileRecord {
    pub profile: BusinessProfileForm,
    pub completeness: Completeness,
    /// RFC 3339, UTC; `None` while it was never saved (the values are the partner's defaults).
    pub updated_at: Option<String>,
    /// The e-mail of who saved it last.
    pub updated_by: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn full() -> BusinessProfileForm {
        BusinessProfileForm {
            company_name: "Contoso Cloud Services".into(),
            description: "We move small and medium businesses to Microsoft 365 and Azure, and run them afterwards, in English and Chinese.".into(),
            website: "https://www.Contoso.example/Partners".into(),
            industries: vec!["retail".into(), "education".into(), "retail".into()],
            offerings: vec!["azure".into(), "microsoft-365".into()],
            locations: vec![LocationForm {
                city: "Seattle".into(),
                country: "US".into(),
            }],
            contact_email: "sales@contoso.example".into(),
        }
    }

    #[test]
    fn a_full_profile_parses_and_is_complete() {
        let form = full();
        let profile = form.parse().unwrap();
        assert_eq!(
            profile.website.as_ref().unwrap().as_str(),
            "https://www.contoso.example/Partners"
        );
        assert_eq!(
            profile.industries,
            vec![Industry::Education, Industry::Retail]
        );
        let c = form.completeness();
        assert_eq!((c.filled, c.of, c.percent()), (7, 7, 100));
        assert!(c.missing.is_empty());
    }

    #[test]
    fn only_the_name_is_required() {
        let form = BusinessProfileForm {
            company_name: "Contoso".into(),
            ..Default::default()
        };
        assert!(form.parse().is_ok());
        let c = form.completeness();
        assert_eq!((c.filled, c.percent()), (1, 14));
        assert_eq!(c.missing.first(), Some(&Field::Description));
        let empty = BusinessProfileForm::default().check();
        assert_eq!(empty.get(&Field::CompanyName), Some(&FieldError::Required));
    }

    #[test]
    fn field_errors() {
        let mut form = full();
        form.website = "http://contoso.example".into();
        form.description = "x".repeat(DESCRIPTION_MAX + 1);
        form.industries = vec!["mining".into()];
        form.locations = vec![LocationForm {
            city: "".into(),
            country: "US".into(),
        }];
        form.contact_email = "sales@".into();
        let errors = form.check();
        assert_eq!(
            errors.get(&Field::Website),
            Some(&FieldError::InvalidFormat {
                hint: Some("https://contoso.example".into())
            })
        );
        assert_eq!(
            errors.get(&Field::Description),
            Some(&FieldError::TooLong { max: 2000 })
        );
        assert_eq!(errors.get(&Field::Industries), Some(&FieldError::NotInList));
        assert_eq!(errors.get(&Field::Locations), Some(&FieldError::Required));
        assert!(errors.contains_key(&Field::ContactEmail));
        // An invalid value doesn't count towards completeness.
        assert_eq!(form.completeness().filled, 2);
    }

    #[test]
    fn websites() {
        for ok in ["https://contoso.com", "https://a-b.contoso.co.uk/x?y=1#z"] {
            assert!(Website::parse(ok).is_ok(), "{ok}");
        }
        for bad in [
            "https://",
            "https://contoso",
            "https://con toso.com",
            "ftp://contoso.com",
            "https://contoso.com/<script>",
            "https://-x.com",
        ] {
            assert!(Website::parse(bad).is_err(), "{bad}");
        }
        assert_eq!(
            Website::parse("www.contoso.com"),
            Err(FieldError::InvalidFormat {
                hint: Some("https://www.contoso.com".into())
            })
        );
    }

    #[test]
    fn too_many_locations() {
        let mut form = full();
        form.locations = (0..11)
            .map(|i| LocationForm {
                city: format!("City {i}"),
                country: "DE".into(),
            })
            .collect();
        assert_eq!(
            form.check().get(&Field::Locations),
            Some(&FieldError::TooMany { max: 10 })
        );
    }
}
