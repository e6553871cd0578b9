//! Access assignments: which of the partner's people may use which roles of a customer's admin
//! (GDAP) relationship. The partner puts its users in groups ("Helpdesk team") and gives a group
//! some of an active relationship's roles; a person's effective roles in a customer are the
//! union over their groups over the customer's active relationships (docs/domain.md "Access
//! assignments"). The same rules check the forms in the browser and the requests on the server.

use crate::admin_relationship::{AdminRelationshipState, EntraRole, RelationshipName};
use crate::validation::{Collector, Field, FieldError, FieldErrors};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use uuid::Uuid;

/// A group's name: the partner's people pick it by. The rule of a relationship's name: 1–50
/// characters, unique within the partner.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct GroupName(String);

impl GroupName {
    pub const MAX: usize = RelationshipName::MAX;

    pub fn parse(input: &str) -> Result<Self, FieldError> {
        RelationshipName::parse(input).map(|name| Self(name.into()))
    }
}
string_newtype!(GroupName);

/// Most people one group may hold (a partner has at most a few hundred users).
pub const MAX_MEMBERS: usize = 500;

/// A group as typed (`POST`/`PUT /api/access-groups`): its name and its members, by user id.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default, deny_unknown_fields)]
pub struct AccessGroupForm {
    pub name: String,
    /// The partner's users in the group; may be empty while the group is being set up.
    pub members: Vec<Uuid>,
}

/// A checked group: a name and its members, each once, in id order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewAccessGroup {
    pub name: GroupName,
    pub members: Vec<Uuid>,
}

impl AccessGroupForm {
    /// Every problem at once, field by field. Whether each member is one of the partner's users
    /// only the server can tell (`not_in_list` on `members`).
    pub fn parse(&self) -> Result<NewAccessGroup, FieldErrors> {
        let mut c = Collector::new();
        let name = c.take(Field::Name, GroupName::parse(&self.name));
        let mut members = self.members.clone();
        members.sort();
        members.dedup();
        let members = c.take(
            Field::Members,
            if members.len() > MAX_MEMBERS {
                Err(FieldError::TooMany {
                    max: MAX_MEMBERS as u32,
                })
            } else {
                Ok(members)
            },
        );
        match (name, members) {
            (Some(name), Some(members)) => Ok(NewAccessGroup { name, members }),
            _ => Err(c.into_errors()),
        }
    }

    pub fn check(&self) -> FieldErrors {
        self.parse().err().unwrap_or_default()
    }
}

/// One of the partner's users, as groups and access lists name them.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Person {
    pub user_id: Uuid,
    pub display_name: String,
}

/// One of the partner's groups with its members, by name.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AccessGroup {
    pub id: Uuid,
    pub name: GroupName,
    pub members: Vec<Person>,
}

/// `GET /api/access-groups`: the groups, and the people who may be put in one (the partner's
/// enabled users, by name).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AccessGroups {
    pub groups: Vec<AccessGroup>,
    pub people: Vec<Person>,
}

/// A group's roles in one relationship as typed (`PUT /api/admin-relationships/{id}/access/
/// {group}`): role codes.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default, deny_unknown_fields)]
pub struct AssignmentForm {
    pub roles: Vec<String>,
}

impl AssignmentForm {
    /// At least one role, each a known one the relationship grants (`granted`); repeats are one,
    /// answered in catalog order.
    pub fn parse(&self, granted: &[EntraRole]) -> Result<Vec<EntraRole>, FieldErrors> {
        let mut c = Collector::new();
        let roles = c.take(Field::Roles, assigned_roles(&self.roles, granted));
        roles.ok_or_else(|| c.into_errors())
    }

    pub fn check(&self, granted: &[EntraRole]) -> FieldErrors {
        self.parse(granted).err().unwrap_or_default()
    }
}

fn assigned_roles(codes: &[String], granted: &[EntraRole]) -> Result<Vec<EntraRole>, FieldError> {
    let roles = crate::admin_relationship::parse_roles(codes)?;
    if roles.iter().any(|role| !granted.contains(role)) {
        return Err(FieldError::NotGranted);
    }
    Ok(roles)
}

/// Whether a relationship in `state` takes assignments: only an active one (its roles are in
/// force); a pending one has granted nothing yet, an ended one nothing any more.
pub fn takes_assignments(state: AdminRelationshipState) -> bool {
    state == AdminRelationshipState::Active
}

/// One group's roles in one relationship.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AccessAssignment {
    pub relationship_id: Uuid,
    pub group_id: Uuid,
    pub group_name: GroupName,
    pub roles: Vec<EntraRole>,
}

/// What one member of one group holds through one assignment: the input of
/// [`effective_access`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Grant {
    pub person: Person,
    pub group_name: GroupName,
    pub relationship_state: AdminRelationshipState,
    pub roles: Vec<EntraRole>,
}

/// "Who of us can do what here": one person's roles in a customer and the groups they come
/// through.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct EffectiveAccess {
    pub person: Person,
    /// The union of the roles of the person's groups in the customer's active relationships,
    /// in catalog order.
    pub roles: Vec<EntraRole>,
    /// The groups they hold them through, by name.
    pub through: Vec<GroupName>,
}

/// Each person's effective roles in a customer from the grants of its relationships: only
/// active relationships count; people with nothing are left out; by name.
pub fn effective_access(grants: impl IntoIterator<Item = Grant>) -> Vec<EffectiveAccess> {
    let mut by_person: BTreeMap<Uuid, EffectiveAccess> = BTreeMap::new();
    for grant in grants {
        if !takes_assignments(grant.relationship_state) || grant.roles.is_empty() {
            continue;
        }
        let entry = by_person
            .entry(grant.person.user_id)
            .or_insert_with(|| EffectiveAccess {
                person: grant.person.clone(),
                roles: Vec::new(),
                through: Vec::new(),
            });
        for role in grant.roles {
            if !entry.roles.contains(&role) {
                entry.roles.push(role);
            }
        }
        if !entry.through.contains(&grant.group_name) {
            entry.through.push(grant.group_name);
        }
    }
    let mut people: Vec<EffectiveAccess> = by_person.into_values().collect();
    for access in &mut people {
        access.roles.sort();
        access.through.sort();
    }
    people.sort_by(|a, b| {
        (a.person.display_name.to_lowercase(), a.person.user_id)
            .cmp(&(b.person.display_name.to_lowercase(), b.person.user_id))
    });
    people
}

#[cfg(test)]
mod tests {
    use super::*;
    use AdminRelationshipState::*;
    use EntraRole::*;

    fn person(n: u128, name: &str) -> Person {
        Person {
            user_id: Uuid::from_u128(n),
            display_name: name.into(),
        }
    }

    fn grant(p: &Person, group: &str, state: AdminRelationshipState, roles: &[EntraRole]) -> Grant {
        Grant {
            person: p.clone(),
            group_name: GroupName::parse(group).unwrap(),
            relationship_state: state,
            roles: roles.to_vec(),
        }
    }

    #[test]
    fn effective_roles_are_the_union_over_groups_over_active_relationships() {
        let ana = person(1, "Ana");
        let bo = person(2, "bo");
        let cy = person(3, "Cy");
        let people = effective_access([
            grant(
                &bo,
                "Licensing",
                Active,
                &[LicenseAdministrator, DirectoryReaders],
            ),
            grant(&ana, "Helpdesk team", Active, &[HelpdeskAdministrator]),
            grant(
                &ana,
                "Licensing",
                Active,
                &[DirectoryReaders, LicenseAdministrator],
            ),
            // An ended or pending relationship grants nothing.
            grant(&ana, "Security", Expired, &[SecurityAdministrator]),
            grant(&cy, "Security", Terminated, &[SecurityReader]),
            grant(&cy, "Security", ApprovalPending, &[SecurityReader]),
        ]);
        assert_eq!(people.len(), 2, "Cy holds nothing: {people:?}");
        assert_eq!(people[0].person, ana);
        let mut expected = vec![
            HelpdeskAdministrator,
            DirectoryReaders,
            LicenseAdministrator,
        ];
        expected.sort();
        assert_eq!(people[0].roles, expected);
        assert_eq!(
            people[0].through,
            vec![
                GroupName::parse("Helpdesk team").unwrap(),
                GroupName::parse("Licensing").unwrap()
            ]
        );
        assert_eq!(people[1].person, bo, "by name, whatever the case");
    }

    #[test]
    fn an_assignment_takes_only_roles_the_relationship_grants() {
        let granted = [DirectoryReaders, HelpdeskAdministrator];
        let form = |codes: &[&str]| AssignmentForm {
            roles: codes.iter().map(|c| c.to_string()).collect(),
        };
        assert_eq!(
            form(&[
                "helpdesk-administrator",
                "directory-readers",
                "directory-readers"
            ])
            .parse(&granted),
            Ok(vec![DirectoryReaders, HelpdeskAdministrator])
        );
        let refused = |codes: &[&str]| form(codes).check(&granted).get(&Field::Roles).cloned();
        assert_eq!(refused(&[]), Some(FieldError::Required));
        assert_eq!(
            refused(&["global-administrator"]),
            Some(FieldError::NotGranted)
        );
        assert_eq!(refused(&["owner"]), Some(FieldError::NotInList));
    }

    #[test]
    fn a_group_needs_a_name_and_takes_each_member_once() {
        let a = Uuid::from_u128(7);
        let b = Uuid::from_u128(3);
        let group = AccessGroupForm {
            name: "  Helpdesk team ".into(),
            members: vec![a, b, a],
        }
        .parse()
        .unwrap();
        assert_eq!(group.name.as_str(), "Helpdesk team");
        assert_eq!(group.members, vec![b, a]);
        let errors = AccessGroupForm {
            name: "x".repeat(51),
            members: (0..=MAX_MEMBERS as u128).map(Uuid::from_u128).collect(),
        }
        .check();
        assert_eq!(
            errors.get(&Field::Name),
            Some(&FieldError::TooLong { max: 50 })
        );
        assert_eq!(
            errors.get(&Field::Members),
            Some(&FieldError::TooMany { max: 500 })
        );
        assert_eq!(
            AccessGroupForm::default().check().get(&Field::Name),
            Some(&FieldError::Required)
        );
        assert!(takes_assignments(Active));
        assert!(!takes_assignments(ApprovalPending));
    }
}
