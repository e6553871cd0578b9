//! Access assignments (docs/domain.md "Access assignments"): the partner's admins put its users
//! in groups and give a group some of an active admin relationship's roles; anyone who may see
//! the customer reads "who of us can do what here". Every change is audited.

use crate::clock::Clock;
use crate::ctx::Ctx;
use crate::db::Db;
use crate::error::AppError;
use crate::store::access as store;
use crate::store::admin_relationships;
use crate::store::audit::{self, Actor, Change};
use crate::store::customers;
use anyhow::anyhow;
use serde::Serialize;
use shared::admin_access::{
    effective_access, takes_assignments, AccessAssignment, AccessGroup, AccessGroupForm,
    AssignmentForm, EffectiveAccess, NewAccessGroup,
};
use shared::admin_relationship::{AdminRelationship, EntraRole};
use shared::api::ErrorCode;
use shared::audit::AuditAction;
use shared::{Field, FieldError};
use sqlx::AnyConnection;
use uuid::Uuid;

const GROUP: &str = "access-group";
const ASSIGNMENT: &str = "access-assignment";

/// A group as the audit log keeps it: its members by name.
#[derive(Serialize)]
struct GroupSnapshot {
    id: Uuid,
    name: String,
    members: Vec<String>,
}

impl From<&AccessGroup> for GroupSnapshot {
    fn from(group: &AccessGroup) -> Self {
        Self {
            id: group.id,
            name: group.name.as_str().to_string(),
            members: group
                .members
                .iter()
                .map(|m| m.display_name.clone())
                .collect(),
        }
    }
}

/// An assignment as the audit log keeps it: the relationship and the group by name.
#[derive(Serialize)]
struct AssignmentSnapshot<'a> {
    admin_relationship: &'a str,
    group: &'a str,
    roles: &'a [EntraRole],
}

/// Refuses members who aren't the partner's enabled users.
async fn check_members(
    conn: &mut AnyConnection,
    ctx: &Ctx,
    group: &NewAccessGroup,
) -> Result<(), AppError> {
    if store::are_people_of(conn, ctx, &group.members).await? {
        Ok(())
    } else {
        Err(AppError::field(Field::Members, FieldError::NotInList))
    }
}

fn name_taken() -> AppError {
    AppError::field(Field::Name, FieldError::Taken)
}

#[tracing::instrument(skip_all, fields(partner_id = %ctx.partner_id))]
pub async fn create_group(
    db: &Db,
    ctx: &Ctx,
    form: &AccessGroupForm,
) -> Result<AccessGroup, AppError> {
    let group = form.parse().map_err(AppError::Validation)?;
    let mut tx = db.write().await?;
    check_members(&mut tx, ctx, &group).await?;
    let id = store::insert_group_in(&mut tx, ctx, &group)
        .await?
        .ok_or_else(name_taken)?;
    let created = store::group(&mut *tx, ctx, id)
        .await?
        .ok_or_else(|| anyhow!("the new group vanished"))?;
    audit::record(
        &mut tx,
        &Actor::User(ctx),
        Change::<(), _>::new(
            AuditAction::AccessGroupCreated,
            GROUP,
            id,
            None,
            None,
            Some(&GroupSnapshot::from(&created)),
        ),
    )
    .await?;
    tx.commit().await?;
    Ok(created)
}

#[tracing::instrument(skip_all, fields(partner_id = %ctx.partner_id, group_id = %id))]
pub async fn change_group(
    db: &Db,
    ctx: &Ctx,
    id: Uuid,
    form: &AccessGroupForm,
) -> Result<AccessGroup, AppError> {
    let group = form.parse().map_err(AppError::Validation)?;
    let mut tx = db.write().await?;
    let before = store::group(&mut *tx, ctx, id)
        .await?
        .ok_or(AppError::NotFound)?;
    check_members(&mut tx, ctx, &group).await?;
    if !store::update_group_in(&mut tx, ctx, id, &group).await? {
        return Err(name_taken());
    }
    let after = store::group(&mut *tx, ctx, id)
        .await?
        .ok_or_else(|| anyhow!("the group vanished"))?;
    audit::record(
        &mut tx,
        &Actor::User(ctx),
        Change::new(
            AuditAction::AccessGroupChanged,
            GROUP,
            id,
            None,
            Some(&GroupSnapshot::from(&before)),
            Some(&GroupSnapshot::from(&after)),
        ),
    )
    .await?;
    tx.commit().await?;
    Ok(after)
}

/// Removes a group and, with it, every role it was given.
#[tracing::instrument(skip_all, fields(partner_id = %ctx.partner_id, group_id = %id))]
pub async fn remove_group(db: &Db, ctx: &Ctx, id: Uuid) -> Result<(), AppError> {
    let mut tx = db.write().await?;
    let before = store::group(&mut *tx, ctx, id)
        .await?
        .ok_or(AppError::NotFound)?;
    store::delete_group_in(&mut tx, ctx, id).await?;
    audit::record(
        &mut tx,
        &Actor::User(ctx),
        Change::<_, ()>::new(
            AuditAction::AccessGroupRemoved,
            GROUP,
            id,
            None,
            Some(&GroupSnapshot::from(&before)),
            None,
        ),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// The groups given roles in one of the partner's relationships (404 for another's).
pub async fn assignments(
    db: &Db,
    ctx: &Ctx,
    clock: &Clock,
    relationship: Uuid,
) -> Result<Vec<AccessAssignment>, AppError> {
    crate::service::admin_relationships::get(db, ctx, clock, relationship).await?;
    store::assignments(db.readers(), ctx, relationship).await
}

/// Gives a group some of an active relationship's roles, or changes the ones it has there.
/// Setting the same roles again changes nothing and is not logged again.
#[tracing::instrument(skip_all, fields(partner_id = %ctx.partner_id, admin_relationship_id = %relationship, group_id = %group))]
pub async fn assign(
    db: &Db,
    ctx: &Ctx,
    clock: &Clock,
    relationship: Uuid,
    group: Uuid,
    form: &AssignmentForm,
) -> Result<AccessAssignment, AppError> {
    let mut tx = db.write().await?;
    let admin = admin_relationships::get(&mut *tx, ctx, relationship, clock.today())
        .await?
        .ok_or(AppError::NotFound)?;
    let access_group = store::group(&mut *tx, ctx, group)
        .await?
        .ok_or(AppError::NotFound)?;
    if !takes_assignments(admin.state) {
        return Err(not_active());
    }
    let roles = form.parse(&admin.roles).map_err(AppError::Validation)?;
    let before = assignment_of(&mut tx, ctx, relationship, group).await?;
    if let Some(same) = before.as_ref().filter(|b| b.roles == roles) {
        return Ok(same.clone());
    }
    store::set_assignment_in(&mut tx, ctx, relationship, group, &roles).await?;
    let after = assignment_of(&mut tx, ctx, relationship, group)
        .await?
        .ok_or_else(|| anyhow!("the assignment vanished"))?;
    let snapshot = |roles| AssignmentSnapshot {
        admin_relationship: admin.display_name.as_str(),
        group: access_group.name.as_str(),
        roles,
    };
    let before_snapshot = before.as_ref().map(|b| snapshot(&b.roles));
    let after_snapshot = snapshot(&after.roles);
    audit::record(
        &mut tx,
        &Actor::User(ctx),
        Change::new(
            AuditAction::AccessAssigned,
            ASSIGNMENT,
            relationship,
            Some(admin.customer_id),
            before_snapshot.as_ref(),
            Some(&after_snapshot),
        ),
    )
    .await?;
    tx.commit().await?;
    Ok(after)
}

/// Takes a group's roles in a relationship away (404 when it has none there).
#[tracing::instrument(skip_all, fields(partner_id = %ctx.partner_id, admin_relationship_id = %relationship, group_id = %group))]
pub async fn unassign(
    db: &Db,
    ctx: &Ctx,
    clock: &Clock,
    relationship: Uuid,
    group: Uuid,
) -> Result<(), AppError> {
    let mut tx = db.write().await?;
    let admin: AdminRelationship =
        admin_relationships::get(&mut *tx, ctx, relationship, clock.today())
            .await?
            .ok_or(AppError::NotFound)?;
    let before = assignment_of(&mut tx, ctx, relationship, group)
        .await?
        .ok_or(AppError::NotFound)?;
    store::remove_assignment_in(&mut tx, ctx, relationship, group).await?;
    let snapshot = AssignmentSnapshot {
        admin_relationship: admin.display_name.as_str(),
        group: before.group_name.as_str(),
        roles: &before.roles,
    };
    audit::record(
        &mut tx,
        &Actor::User(ctx),
        Change::<_, ()>::new(
            AuditAction::AccessUnassigned,
            ASSIGNMENT,
            relationship,
            Some(admin.customer_id),
            Some(&snapshot),
            None,
        ),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

async fn assignment_of(
    conn: &mut AnyConnection,
    ctx: &Ctx,
    relationship: Uuid,
    group: Uuid,
) -> Result<Option<AccessAssignment>, AppError> {
    Ok(store::assignments(&mut *conn, ctx, relationship)
        .await?
        .into_iter()
        .find(|a| a.group_id == group))
}

fn not_active() -> AppError {
    AppError::state(
        ErrorCode::AdminRelationshipNotActive,
        "Access is given in an active admin relationship only.",
    )
}

/// "Who of us can do what here": each of the partner's people's effective roles in one of its
/// customers (404 for another's customer).
#[tracing::instrument(skip_all, fields(partner_id = %ctx.partner_id, customer_id = %customer))]
pub async fn in_customer(
    db: &Db,
    ctx: &Ctx,
    customer: Uuid,
) -> Result<Vec<EffectiveAccess>, AppError> {
    customers::get(db.readers(), ctx, customer)
        .await?
        .ok_or(AppError::NotFound)?;
    Ok(effective_access(
        store::grants_in_customer(db, ctx, customer).await?,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use shared::admin_access::{GroupName, Person};

    /// Every field the log keeps of a group or an assignment has a name there: a new field
    /// without one would show its key to the reader.
    #[test]
    fn every_audited_field_has_a_name() {
        let group = AccessGroup {
            id: Uuid::nil(),
            name: GroupName::parse("Helpdesk team").unwrap(),
            members: vec![Person {
                user_id: Uuid::nil(),
                display_name: "Ana".into(),
            }],
        };
        let assignment = AssignmentSnapshot {
            admin_relationship: "Support desk",
            group: "Helpdesk team",
            roles: &[EntraRole::DirectoryReaders],
        };
        for (object_type, snapshot) in [
            (
                GROUP,
                serde_json::to_value(GroupSnapshot::from(&group)).unwrap(),
            ),
            (ASSIGNMENT, serde_json::to_value(&assignment).unwrap()),
        ] {
            let serde_json::Value::Object(fields) = snapshot else {
                panic!("{object_type} is not an object")
            };
            for field in fields.keys() {
                assert!(
                    shared::audit::change_label(object_type, field).is_some(),
                    "{object_type}.{field} has no name in the audit log"
                );
            }
        }
        assert_eq!(
            shared::audit::change_value(
                ASSIGNMENT,
                "roles",
                r#"["directory-readers"]"#,
                None,
                shared::i18n::Locale::EnUs
            ),
            "Directory Readers"
        );
    }
}
