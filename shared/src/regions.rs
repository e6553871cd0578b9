//! Countries (ISO 3166-1 alpha-2), their states/provinces where a list is required, and their
//! postal-code and registration-number rules.

use crate::i18n::Locale;
use crate::regions_data::{COUNTRIES, SUBDIVISIONS};
use crate::validation::FieldError;
use serde::{Deserialize, Serialize};

/// An ISO 3166-1 alpha-2 country code that exists in the list (always upper case).
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(into = "String")]
pub struct CountryCode(&'static str);

string_schema!(CountryCode, None);

// Written by hand: the derive would tie the `&'static str` field to the input's lifetime.
impl<'de> Deserialize<'de> for CountryCode {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let raw = String::deserialize(deserializer)?;
        Self::parse(&raw).map_err(serde::de::Error::custom)
    }
}

impl CountryCode {
    pub fn parse(input: &str) -> Result<Self, FieldError> {
        let code = input.trim().to_ascii_uppercase();
        if code.is_empty() {
            return Err(FieldError::Required);
        }
        // `UK` is the common mistake for the United Kingdom; its ISO code is `GB`.
        if code == "UK" {
            return Err(FieldError::InvalidFormat {
                hint: Some("GB".into()),
            });
        }
        country(&code)
            .map(|(c, _, _)| CountryCode(c))
            .ok_or(FieldError::InvalidFormat { hint: None })
    }

    pub fn as_str(&self) -> &'static str {
        self.0
    }

    /// The country's name in the given language.
    pub fn name(&self, locale: Locale) -> &'static str {
        country_name(self.0, locale).unwrap_or(self.0)
    }

    /// The UI culture a customer in this country most likely wants.
    pub fn default_language(&self) -> Locale {
        match self.0 {
            "CN" => Locale::ZhCn,
            _ => Locale::EnUs,
        }
    }

    /// States or provinces to choose from, when the country requires one from a fixed list.
    pub fn subdivisions(&self) -> Option<&'static [(&'static str, &'static str, &'static str)]> {
        SUBDIVISIONS
            .iter()
            .find(|(c, _)| *c == self.0)
            .map(|(_, list)| *list)
    }

    /// The name to show for a state value of this country: the list's name in the locale
    /// ("北京市" for `BJ`), or the value itself where the country has no list (free text). In
    /// English, the countries whose addresses are written with the postal abbreviation
    /// ("Bellevue, WA 98004") keep it.
    pub fn state_display(&self, state: &str, locale: Locale) -> String {
        if locale == Locale::EnUs && matches!(self.0, "US" | "CA" | "AU" | "BR") {
            return state.to_string();
        }
        self.subdivisions()
            .and_then(|list| list.iter().find(|(code, _, _)| *code == state))
            .map(|(_, en, zh)| match locale {
                Locale::EnUs => (*en).to_string(),
                Locale::ZhCn => (*zh).to_string(),
            })
            .unwrap_or_else(|| state.to_string())
    }

    pub fn postal_rule(&self) -> PostalRule {
        postal_rule(self.0)
    }

    /// Partner Center asks for a company registration number in these countries.
    pub fn requires_registration_number(&self) -> bool {
        REGISTRATION_COUNTRIES.contains(&self.0)
    }
}

impl TryFrom<String> for CountryCode {
    type Error = FieldError;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        Self::parse(&value)
    }
}

impl From<CountryCode> for String {
    fn from(value: CountryCode) -> Self {
        value.0.to_string()
    }
}

impl std::fmt::Display for CountryCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.0)
    }
}

/// Every country: (code, English name, Chinese name), sorted by code.
pub fn all_countries() -> &'static [(&'static str, &'static str, &'static str)] {
    COUNTRIES
}

/// The table's row of a country: a binary search (the table is sorted by code), as every
/// customer row the server reads parses its country.
fn country(code: &str) -> Option<&'static (&'static str, &'static str, &'static str)> {
    COUNTRIES
        .binary_search_by(|(c, _, _)| (*c).cmp(code))
        .ok()
        .map(|i| &COUNTRIES[i])
}

pub fn country_name(code: &str, locale: Locale) -> Option<&'static str> {
    country(code).map(|(_, en, zh)| match locale {
        Locale::EnUs => *en,
        Locale::ZhCn => *zh,
    })
}

const REGISTRATION_COUNTRIES: &[&str] = &[
    "AM", "AZ", "BY", "HU", "KZ", "KG", "MD", "RU", "TJ", "UZ", "UA", "BR", "IN", "ZA", "PL", "AE",
    "SA", "TR", "TH", "VN", "MM", "IQ", "SS", "VE",
];

/// Countries without postal codes.
const NO_POSTAL_CODE: &[&str] = &[
    "AE", "AG", "AO", "AW", "BF", "BI", "BJ", "BO", "BS", "BW", "BZ", "CD", "CF", "CG", "CI", "CK",
    "CM", "DJ", "DM", "ER", "FJ", "GA", "GD", "GH", "GM", "GQ", "GY", "HK", "KI", "KM", "KN", "KP",
    "LC", "ML", "MO", "MR", "MW", "NR", "NU", "QA", "RW", "SB", "SC", "SL", "SO", "SR", "ST", "SY",
    "TD", "TG", "TK", "TL", "TO", "TT", "TV", "UG", "VU", "YE", "ZW",
];

/// How a country's postal code is checked.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PostalRule {
    /// The country has no postal codes: the field is hidden and any value refused.
    None,
    /// Optional (Ireland's Eircode is not universally used); checked loosely when given.
    Optional,
    /// Required, in one of these patterns: `9` a digit, `A` a letter, anything else literal.
    /// A pattern with a space also matches without it (the space is put back when stored).
    Patterns(&'static [&'static str]),
    /// Required; 2–10 letters, digits, spaces or hyphens.
    Generic,
}

fn postal_rule(country: &str) -> PostalRule {
    use PostalRule::*;
    match country {
        c if NO_POSTAL_CODE.contains(&c) => None,
        "IE" => Optional,
        "US" => Patterns(&["99999", "99999-9999"]),
        "CA" => Patterns(&["A9A 9A9"]),
        "DE" | "FR" | "ES" | "IT" => Patterns(&["99999"]),
        "CN" | "IN" => Patterns(&["999999"]),
        "JP" => Patterns(&["999-9999"]),
        // UK postcodes: outward code (A9, A99, AA9, AA99, A9A, AA9A) then inward code (9AA).
        "GB" => Patterns(&[
            "A9 9AA", "A99 9AA", "AA9 9AA", "AA99 9AA", "A9A 9AA", "AA9A 9AA",
        ]),
        "NL" => Patterns(&["9999 AA"]),
        "AU" | "CH" | "AT" | "DK" | "NO" | "BE" => Patterns(&["9999"]),
        "BR" => Patterns(&["99999-999"]),
        "SE" => Patterns(&["999 99"]),
        "PL" => Patterns(&["99-999"]),
        _ => Generic,
    }
}

impl CountryCode {
    /// A real postal code of the country, shown as the format to follow (countries with a
    /// fixed format only).
    pub fn postal_example(&self) -> Option<&'static str> {
        Some(match self.0 {
            "US" => "98052",
            "CA" => "K1A 0B1",
            "DE" => "10115",
            "FR" => "75001",
            "ES" => "28001",
            "IT" => "00184",
            "CN" => "100080",
            "IN" => "110001",
            "JP" => "100-0005",
            "GB" => "SW1A 1AA",
            "NL" => "1012 AB",
            "AU" => "2000",
            "BR" => "01310-100",
            "CH" => "8001",
            "AT" => "1010",
            "DK" => "1050",
            "NO" => "0150",
            "BE" => "1000",
            "SE" => "114 55",
            "PL" => "00-950",
            _ => return None,
        })
    }
}

fn matches_pattern(value: &str, pattern: &str) -> bool {
    value.chars().count() == pattern.chars().count()
        && value.chars().zip(pattern.chars()).all(|(v, p)| match p {
            '9' => v.is_ascii_digit(),
            'A' => v.is_ascii_uppercase(),
            lit => v == lit,
        })
}

/// A postal code valid for its country, normalised (upper case, canonical spacing).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct PostalCode(String);

string_schema!(PostalCode, None);

impl PostalCode {
    /// `Ok(None)` when the country takes no postal code (or it is optional and left empty).
    pub fn parse(input: &str, country: &CountryCode) -> Result<Option<Self>, FieldError> {
        let value = input.trim().to_ascii_uppercase();
        match country.postal_rule() {
            PostalRule::None => {
                if value.is_empty() {
                    Ok(None)
                } else {
                    Err(FieldError::InvalidFormat { hint: None })
                }
            }
            PostalRule::Optional if value.is_empty() => Ok(None),
            PostalRule::Optional | PostalRule::Generic => {
                if value.is_empty() {
                    return Err(FieldError::Required);
                }
                let ok = (2..=10).contains(&value.chars().count())
                    && value
                        .chars()
                        .all(|c| c.is_ascii_alphanumeric() || c == ' ' || c == '-');
                if ok {
                    Ok(Some(PostalCode(value)))
                } else {
                    Err(FieldError::InvalidFormat { hint: None })
                }
            }
            PostalRule::Patterns(patterns) => {
                if value.is_empty() {
                    return Err(FieldError::Required);
                }
                let compact: String = value.chars().filter(|c| *c != ' ').collect();
                for pattern in patterns {
                    if matches_pattern(&value, pattern) {
                        return Ok(Some(PostalCode(value)));
                    }
                    // Accept `A1A1A1` for `A1A 1A1` and store it with its space.
                    if let Some(space_at) = pattern.find(' ') {
                        let bare: String = pattern.chars().filter(|c| *c != ' ').collect();
                        if matches_pattern(&compact, &bare) {
                            let mut spaced = compact.clone();
                            spaced.insert(space_at, ' ');
                            return Ok(Some(PostalCode(spaced)));
                        }
                    }
                }
                Err(FieldError::InvalidFormat {
                    hint: country.postal_example().map(str::to_string),
                })
            }
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A state or province code from the country's list (`WA`, `BJ`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct StateCode(String);

string_schema!(StateCode, None);

impl StateCode {
    /// `Ok(None)` for countries without a list when nothing was given. Elsewhere free text
    /// (≤ 50 characters) is kept as the region name.
    pub fn parse(input: &str, country: &CountryCode) -> Result<Option<Self>, FieldError> {
        let value = input.trim();
        match country.subdivisions() {
            Some(list) => {
                if value.is_empty() {
                    return Err(FieldError::Required);
                }
                let upper = value.to_ascii_uppercase();
                list.iter()
                    .find(|(code, _, _)| *code == upper)
                    .map(|(code, _, _)| Some(StateCode((*code).to_string())))
                    .ok_or(FieldError::NotInList)
            }
            None if value.is_empty() => Ok(None),
            None => {
                if crate::text::char_len(value) > 50 {
                    Err(FieldError::TooLong { max: 50 })
                } else if value.chars().any(crate::text::is_forbidden_in_text) {
                    Err(FieldError::InvalidChars)
                } else {
                    Ok(Some(StateCode(value.to_string())))
                }
            }
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cc(s: &str) -> CountryCode {
        CountryCode::parse(s).unwrap()
    }

    #[test]
    fn full_iso_list() {
        assert_eq!(all_countries().len(), 249);
        assert_eq!(cc("cn").as_str(), "CN");
        assert_eq!(cc("CN").name(Locale::ZhCn), "中国");
        assert_eq!(
            CountryCode::parse("UK"),
            Err(FieldError::InvalidFormat {
                hint: Some("GB".into())
            })
        );
        assert_eq!(
            CountryCode::parse("XX"),
            Err(FieldError::InvalidFormat { hint: None })
        );
        assert_eq!(CountryCode::parse(" "), Err(FieldError::Required));
    }

    #[test]
    fn every_country_of_the_table_is_found() {
        // The lookup is a binary search: it needs the (generated) table sorted by code.
        assert!(all_countries().windows(2).all(|w| w[0].0 < w[1].0));
        for (code, en, zh) in all_countries() {
            assert_eq!(cc(&code.to_ascii_lowercase()).as_str(), *code);
            assert_eq!(country_name(code, Locale::EnUs), Some(*en));
            assert_eq!(country_name(code, Locale::ZhCn), Some(*zh));
        }
    }

    #[test]
    fn postal_codes_per_country() {
        let ok = |c: &str, v: &str| {
            PostalCode::parse(v, &cc(c))
                .unwrap()
                .map(|p| p.as_str().to_string())
        };
        assert_eq!(ok("US", "98052"), Some("98052".into()));
        assert_eq!(ok("US", "98052-6399"), Some("98052-6399".into()));
        assert_eq!(ok("CA", "k1a0b1"), Some("K1A 0B1".into()));
        assert_eq!(ok("GB", "SW1A1AA"), Some("SW1A 1AA".into()));
        assert_eq!(ok("GB", "M1 1AE"), Some("M1 1AE".into()));
        assert_eq!(ok("NL", "1234ab"), Some("1234 AB".into()));
        assert_eq!(ok("SE", "11455"), Some("114 55".into()));
        assert_eq!(ok("HK", ""), None);
        assert_eq!(ok("IE", ""), None);
        assert_eq!(ok("CN", "100000"), Some("100000".into()));
        assert!(PostalCode::parse("1234", &cc("US")).is_err());
        assert_eq!(PostalCode::parse("", &cc("DE")), Err(FieldError::Required));
        assert!(PostalCode::parse("999077", &cc("HK")).is_err());
        assert_eq!(
            PostalCode::parse("12", &cc("JP")),
            Err(FieldError::InvalidFormat {
                hint: Some("100-0005".into())
            })
        );
    }

    #[test]
    fn states_are_shown_by_name_in_the_locale() {
        assert_eq!(cc("CN").state_display("BJ", Locale::ZhCn), "北京市");
        assert_eq!(cc("US").state_display("MD", Locale::ZhCn), "马里兰州");
        assert_eq!(cc("US").state_display("WA", Locale::EnUs), "WA");
        assert_eq!(cc("CN").state_display("BJ", Locale::EnUs), "Beijing Shi");
        assert_eq!(cc("DE").state_display("Bayern", Locale::ZhCn), "Bayern");
    }

    #[test]
    fn states_from_list() {
        assert_eq!(
            StateCode::parse("wa", &cc("US")).unwrap().unwrap().as_str(),
            "WA"
        );
        assert_eq!(StateCode::parse("", &cc("US")), Err(FieldError::Required));
        assert_eq!(
            StateCode::parse("ZZ", &cc("CN")),
            Err(FieldError::NotInList)
        );
        assert_eq!(StateCode::parse("", &cc("DE")), Ok(None));
        assert!(cc("CN").subdivisions().unwrap().len() > 30);
    }

    #[test]
    fn every_patterned_country_has_an_example_that_passes_its_own_rule() {
        for (code, _, _) in all_countries() {
            let country = cc(code);
            match (country.postal_rule(), country.postal_example()) {
                (PostalRule::Patterns(_), Some(example)) => {
                    let parsed = PostalCode::parse(example, &country).unwrap().unwrap();
                    assert_eq!(parsed.as_str(), example, "{code}");
                }
                (PostalRule::Patterns(_), None) => panic!("{code} has a pattern but no example"),
                (_, example) => assert_eq!(example, None, "{code}"),
            }
        }
    }

    /// A zh-CN user picks a province from Chinese names: no romanised or English entry may be
    /// left in the Chinese column, for countries or their subdivisions.
    #[test]
    fn chinese_names_are_chinese() {
        let latin = |name: &str| {
            name.chars()
                .any(|c| c.is_ascii_alphabetic() || ('\u{00C0}'..='\u{024F}').contains(&c))
        };
        for (code, _, zh) in all_countries() {
            assert!(!latin(zh), "country {code}: {zh}");
        }
        for (country, list) in SUBDIVISIONS {
            for (code, _, zh) in *list {
                assert!(!latin(zh), "{country}-{code}: {zh}");
            }
        }
    }
}
