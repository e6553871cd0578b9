//! Cloud instances and partner program roles. Each instance has its own initial-domain suffix
//! and its own set of countries a customer may be in.

use crate::regions::CountryCode;
use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum CloudInstance {
    Global,
    UsGovernment,
    Germany,
}

/// EU and EEA member states, plus Switzerland: the countries the Germany cloud serves.
const EU_EEA_CH: &[&str] = &[
    "AT", "BE", "BG", "HR", "CY", "CZ", "DK", "EE", "FI", "FR", "DE", "GR", "HU", "IE", "IT", "LV",
    "LT", "LU", "MT", "NL", "PL", "PT", "RO", "SK", "SI", "ES", "SE", "IS", "LI", "NO", "CH",
];

impl CloudInstance {
    pub const ALL: &'static [CloudInstance] = &[
        CloudInstance::Global,
        CloudInstance::UsGovernment,
        CloudInstance::Germany,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            CloudInstance::Global => "global",
            CloudInstance::UsGovernment => "us-government",
            CloudInstance::Germany => "germany",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.iter().copied().find(|i| i.as_str() == s)
    }

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

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ProgramRole {
    DirectReseller,
    IndirectProvider,
    IndirectReseller,
}

impl ProgramRole {
    pub const ALL: &'static [ProgramRole] = &[
        ProgramRole::DirectReseller,
        ProgramRole::IndirectProvider,
        ProgramRole::IndirectReseller,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ProgramRole::DirectReseller => "direct-reseller",
            ProgramRole::IndirectProvider => "indirect-provider",
            ProgramRole::IndirectReseller => "indirect-reseller",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.iter().copied().find(|r| r.as_str() == s)
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
