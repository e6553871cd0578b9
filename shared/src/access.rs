//! Partner-user roles and what each may do: the one permission table. The server enforces it on
//! every endpoint; the app hides what the signed-in user's roles can't do.

use crate::i18n::Msg;

code_enum! {
    pub enum Role {
        GlobalAdmin = "global-admin" => Msg::RoleGlobalAdmin,
        AdminAgent = "admin-agent" => Msg::RoleAdminAgent,
        SalesAgent = "sales-agent" => Msg::RoleSalesAgent,
        HelpdeskAgent = "helpdesk-agent" => Msg::RoleHelpdeskAgent,
        BillingAdmin = "billing-admin" => Msg::RoleBillingAdmin,
        ReferralsAdmin = "referrals-admin" => Msg::RoleReferralsAdmin,
    }
}

code_enum! {
    /// Everything the permission table speaks about.
    pub enum Action {
        ViewCustomers = "view-customers",
        CreateCustomers = "create-customers",
        EditCompanyProfile = "edit-company-profile",
        EditBillingProfile = "edit-billing-profile",
        EndRelationship = "end-relationship",
        /// Order subscriptions for customers and change them (seats, auto-renew, suspend,
        /// cancel).
        SellSubscriptions = "sell-subscriptions",
        SupportRequests = "support-requests",
        Billing = "billing",
        Referrals = "referrals",
        IndirectLinks = "indirect-links",
        /// Ask customers for admin (GDAP) relationships and end them.
        AdminRelationships = "admin-relationships",
        ManageUsers = "manage-users",
        AuditLog = "audit-log",
    }
}

impl Role {
    /// The permission table (docs/domain.md "Roles and what they allow").
    pub fn allows(self, action: Action) -> bool {
        use Action::*;
        use Role::*;
        match action {
            ViewCustomers => matches!(
                self,
                GlobalAdmin | AdminAgent | SalesAgent | HelpdeskAgent | BillingAdmin
            ),
            CreateCustomers => matches!(self, GlobalAdmin | AdminAgent | SalesAgent),
            EditCompanyProfile => matches!(self, GlobalAdmin | AdminAgent | SalesAgent),
            EditBillingProfile => {
                matches!(self, GlobalAdmin | AdminAgent | SalesAgent | BillingAdmin)
            }
            EndRelationship => matches!(self, GlobalAdmin | AdminAgent),
            SellSubscriptions => matches!(self, GlobalAdmin | AdminAgent | SalesAgent),
            SupportRequests => matches!(self, GlobalAdmin | AdminAgent | HelpdeskAgent),
            Billing => matches!(self, GlobalAdmin | BillingAdmin),
            Referrals => matches!(self, GlobalAdmin | ReferralsAdmin),
            IndirectLinks | AdminRelationships => matches!(self, GlobalAdmin | AdminAgent),
            ManageUsers | AuditLog => matches!(self, GlobalAdmin),
        }
    }
}

/// Whether any of `roles` allows `action`.
pub fn allowed(roles: &[Role], action: Action) -> bool {
    roles.iter().any(|r| r.allows(action))
}

/// Roles as stored: comma-separated codes. Unknown codes are an error, not dropped.
pub fn parse_roles(stored: &str) -> Result<Vec<Role>, String> {
    stored
        .split(',')
        .filter(|s| !s.trim().is_empty())
        .map(|s| Role::parse(s).ok_or_else(|| format!("unknown role {s:?}")))
        .collect()
}

pub fn format_roles(roles: &[Role]) -> String {
    roles
        .iter()
        .map(|r| r.as_str())
        .collect::<Vec<_>>()
        .join(",")
}

/// The shortest password accepted (no composition rules: length is what protects).
pub const MIN_PASSWORD_CHARS: usize = 12;
pub const MAX_PASSWORD_CHARS: usize = 128;

/// A new password's rule: 12–128 characters.
pub fn check_new_password(password: &str) -> Result<(), crate::FieldError> {
    let len = password.chars().count();
    if len == 0 {
        Err(crate::FieldError::Required)
    } else if len < MIN_PASSWORD_CHARS {
        Err(crate::FieldError::TooShort {
            min: MIN_PASSWORD_CHARS as u32,
        })
    } else if len > MAX_PASSWORD_CHARS {
        Err(crate::FieldError::TooLong {
            max: MAX_PASSWORD_CHARS as u32,
        })
    } else {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matrix_as_in_the_domain() {
        use Action::*;
        use Role::*;
        assert!(GlobalAdmin.allows(ManageUsers));
        assert!(!AdminAgent.allows(ManageUsers));
        assert!(HelpdeskAgent.allows(ViewCustomers));
        assert!(!HelpdeskAgent.allows(CreateCustomers));
        assert!(BillingAdmin.allows(EditBillingProfile));
        assert!(!BillingAdmin.allows(EditCompanyProfile));
        assert!(!ReferralsAdmin.allows(ViewCustomers));
        assert!(ReferralsAdmin.allows(Referrals));
        assert!(!SalesAgent.allows(EndRelationship));
        // Every action is allowed to the global admin.
        assert!(Action::ALL.iter().all(|a| GlobalAdmin.allows(*a)));
    }

    #[test]
    fn roles_round_trip() {
        let roles = vec![Role::SalesAgent, Role::BillingAdmin];
        assert_eq!(parse_roles(&format_roles(&roles)).unwrap(), roles);
        assert!(parse_roles("sales-agent,owner").is_err());
        assert_eq!(parse_roles("").unwrap(), vec![]);
    }

    #[test]
    fn passwords() {
        assert!(check_new_password("correct horse").is_ok());
        assert_eq!(
            check_new_password("short"),
            Err(crate::FieldError::TooShort { min: 12 })
        );
    }
}
