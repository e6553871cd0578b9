//! Cloud instances and partner program roles. Each instance has its own initial-domain suffix
//! and its own set of countries a customer may be in.

use crate::i18n::Msg;
use crate::regions::CountryCode;

code_enum! {
    /// The separate Microsoft clouds a partner can work in (docs/domain.md "Cloud instances").
    pub enum CloudInstance {
        Global = "global" => Msg::InstanceGlobal,
        UsGovernment = "us-government" => Msg::InstanceUsGovernment,
        /// Microsoft Cloud Germany, closed in 2021: kept for the partners and customers that
        /// still have records in it (the reference text names it), labelled as legacy.
        Germany = "germany" => Msg::InstanceGermany,
        /// The cloud operated by 21Vianet in China.
        China21Vianet = "china-21vianet" => Msg::InstanceChina21Vianet,
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
            CloudInstance::China21Vianet => "partner.onmschina.cn",
        }
    }

    pub fn allows_country(self, country: &CountryCode) -> bool {
        match self {
            CloudInstance::Global => true,
            CloudInstance::UsGovernment => country.as_str() == "US",
            CloudInstance::Germany => EU_EEA_CH.contains(&country.as_str()),
            CloudInstance::China21Vianet => country.as_str() == "CN",
        }
    }

    /// Whether the instance is closed to new business and kept for its records.
    pub fn is_legacy(self) -> bool {
        self == CloudInstance::Germany
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
        assert!(CloudInstance::China21Vianet.allows_country(&cc("CN")));
        assert!(!CloudInstance::China21Vianet.allows_country(&cc("HK")));
        assert!(!CloudInstance::China21Vianet.allows_country(&cc("US")));
        assert!(CloudInstance::Germany.is_legacy() && !CloudInstance::China21Vianet.is_legacy());
    }

    #[test]
    fn each_instance_has_its_own_domain_suffix() {
        let suffixes: std::collections::BTreeSet<_> = CloudInstance::ALL
            .iter()
            .map(|i| i.domain_suffix())
            .collect();
        assert_eq!(suffixes.len(), CloudInstance::ALL.len());
        assert_eq!(
            CloudInstance::China21Vianet.domain_suffix(),
            "partner.onmschina.cn"
        );
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
