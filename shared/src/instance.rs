//! Cloud instances and partner program roles. Each instance has its own initial-domain suffix
//! and its own set of countries a customer may be in.

use crate::regions::CountryCode;

code_enum! {
    pub enum CloudInstance {
        Global = "global",
        UsGovernment = "us-government",
        Germany = "germany",
    }
}

/// EU and EEA member states, plus Switzerland: the countries the Germany cloud serves.
const EU_EEA_CH: &[&str] = &[
    "AT", "BE", "BG", "HR", "CY", "CZ", "DK", "EE", "FI", "FR", "DE", "GR", "HU", "IE", "IT", "LV",
    "LT", "LU", "MT", "NL", "PL", "PT", "RO", "SK", "SI", "ES", "SE", "IS", "LI", "NO", "CH",
];

impl CloudInstance {
    /// The suffix of every initial domain in this instance: `prefix.` + suffix.
    pub fn domain_suffix(self) -> &'static str {
        match self {
            CloudInstance::Global => "onmicrosoft.com",
            CloudInstance::UsGovernment => "onmicrosoft.us",
            CloudInstance::Germany => "onmicrosoft.de",
        }
    }

    pub fn allows_country(self, country: &CountryCode) -> bool {
        match self {
            CloudInstance::Global => true,
            CloudInstance::UsGovernment => country.as_str() == "US",
            CloudInstance::Germany => EU_EEA_CH.contains(&country.as_str()),
        }
    }

    /// Whether every customer needs a contact phone (US Government does).
    pub fn requires_phone(self) -> bool {
        self == CloudInstance::UsGovernment
    }
}

code_enum! {
    pub enum ProgramRole {
        DirectReseller = "direct-reseller",
        IndirectProvider = "indirect-provider",
        IndirectReseller = "indirect-reseller",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cc(s: &str) -> CountryCode {
        CountryCode::parse(s).unwrap()
    }

    #[test]
    fn instance_country_rules() {
        assert!(CloudInstance::Global.allows_country(&cc("CN")));
        assert!(CloudInstance::UsGovernment.allows_country(&cc("US")));
        assert!(!CloudInstance::UsGovernment.allows_country(&cc("CA")));
        assert!(CloudInstance::Germany.allows_country(&cc("CH")));
        assert!(CloudInstance::Germany.allows_country(&cc("NO")));
        assert!(!CloudInstance::Germany.allows_country(&cc("US")));
        assert!(!CloudInstance::Germany.allows_country(&cc("GB")));
    }

    #[test]
    fn names_round_trip() {
        for i in CloudInstance::ALL {
            assert_eq!(CloudInstance::parse(i.as_str()), Some(*i));
        }
        for r in ProgramRole::ALL {
            assert_eq!(ProgramRole::parse(r.as_str()), Some(*r));
        }
    }
}
