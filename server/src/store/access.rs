//! Access assignments: the partner's groups of its users and each group's roles in a customer's
//! admin (GDAP) relationship. Every statement filters by the partner: members and assignments
//! through their group's (or relationship's) partner.

use crate::ctx::Ctx;
use crate::db::{is_unique_violation, Db, UniqueConstraint};
use crate::error::AppError;
use crate::store::admin_relationships::{roles_of, stored_roles};
use anyhow::anyhow;
use shared::admin_access::{
    AccessAssignment, AccessGroup, AccessGroups, Grant, GroupName, NewAccessGroup, Person,
};
use shared::admin_relationship::{AdminRelationshipState, EntraRole};
use sqlx::{AnyConnection, AnyExecutor};
use std::collections::BTreeMap;
use uuid::Uuid;

fn person_of(user_id: &str, display_name: String) -> anyhow::Result<Person> {
    Ok(Person {
        user_id: user_id.parse()?,
        display_name,
    })
}

fn group_name(stored: &str) -> anyhow::Result<GroupName> {
    GroupName::parse(stored).map_err(|e| anyhow!("stored group name: {e:?}"))
}

/// The partner's groups by name with their members by name: all of them, or the one `only`.
async fn groups_where<'e>(
    db: impl AnyExecutor<'e>,
    ctx: &Ctx,
    only: Option<Uuid>,
) -> Result<Vec<AccessGroup>, AppError> {
    // One row per group and member (a group without members has one row without).
    let rows: Vec<(String, String, Option<String>, Option<String>)> = sqlx::query_as(
        "SELECT g.id, g.name, u.id, u.display_name
         FROM access_groups g
         LEFT JOIN access_group_members m ON m.group_id = g.id
         LEFT JOIN users u ON u.id = m.user_id AND u.partner_id = g.partner_id
         WHERE g.partner_id = $1 AND ($2 = '' OR g.id = $2)
         ORDER BY g.name, g.id, lower(u.display_name), u.id",
    )
    .bind(ctx.partner_id.to_string())
    .bind(only.map(|id| id.to_string()).unwrap_or_default())
    .fetch_all(db)
    .await?;
    let mut groups: Vec<AccessGroup> = Vec::new();
    for (id, name, user_id, display_name) in rows {
        let id: Uuid = id.parse().map_err(anyhow::Error::from)?;
        if groups.last().is_none_or(|g| g.id != id) {
            groups.push(AccessGroup {
                id,
                name: group_name(&name)?,
                members: Vec::new(),
            });
        }
        if let (Some(user_id), Some(display_name), Some(group)) =
            (user_id, display_name, groups.last_mut())
        {
            group.members.push(person_of(&user_id, display_name)?);
        }
    }
    Ok(groups)
}

/// The partner's groups, and the people who may be put in one (its enabled users).
#[tracing::instrument(skip_all, fields(partner_id = %ctx.partner_id))]
pub async fn groups(db: &Db, ctx: &Ctx) -> Result<AccessGroups, AppError> {
    let groups = groups_where(db.readers(), ctx, None).await?;
    let people: Vec<(String, String)> = sqlx::query_as(
        "SELECT id, display_name FROM users WHERE partner_id = $1 AND disabled = 0
         ORDER BY lower(display_name), id",
    )
    .bind(ctx.partner_id.to_string())
    .fetch_all(db.readers())
    .await?;
    Ok(AccessGroups {
        groups,
        people: people
            .into_iter()
            .map(|(id, name)| person_of(&id, name))
            .collect::<anyhow::Result<_>>()?,
    })
}

pub async fn group<'e>(
    db: impl AnyExecutor<'e>,
    ctx: &Ctx,
    id: Uuid,
) -> Result<Option<AccessGroup>, AppError> {
    Ok(groups_where(db, ctx, Some(id)).await?.pop())
}

/// Whether every one of `members` is one of the partner's enabled users.
pub async fn are_people_of(
    conn: &mut AnyConnection,
    ctx: &Ctx,
    members: &[Uuid],
) -> Result<bool, AppError> {
    for member in members {
        let found: Option<(i64,)> = sqlx::query_as(
            "SELECT 1 FROM users WHERE partner_id = $1 AND id = $2 AND disabled = 0",
        )
        .bind(ctx.partner_id.to_string())
        .bind(member.to_string())
        .fetch_optional(&mut *conn)
        .await?;
        if found.is_none() {
            return Ok(false);
        }
    }
    Ok(true)
}

/// A partner's group names are unique (`migrations/*/access_assignments`).
const NAME_TAKEN: UniqueConstraint = UniqueConstraint {
    sqlite_columns: "access_groups.partner_id, access_groups.name",
    postgres_name: "access_groups_partner_id_name_key",
};

/// Adds a group with its members; `None` when the partner has one of that name.
pub async fn insert_group_in(
    conn: &mut AnyConnection,
    ctx: &Ctx,
    group: &NewAccessGroup,
) -> Result<Option<Uuid>, AppError> {
    let id = Uuid::new_v4();
    let result = sqlx::query(
        "INSERT INTO access_groups (id, partner_id, name, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $4)",
    )
    .bind(id.to_string())
    .bind(ctx.partner_id.to_string())
    .bind(group.name.as_str())
    .bind(crate::timestamp::now())
    .execute(&mut *conn)
    .await;
    match result {
        Ok(_) => {}
        Err(e) if is_unique_violation(&e, NAME_TAKEN) => return Ok(None),
        Err(e) => return Err(e.into()),
    }
    add_members_in(conn, id, &group.members).await?;
    Ok(Some(id))
}

async fn add_members_in(
    conn: &mut AnyConnection,
    group: Uuid,
    members: &[Uuid],
) -> Result<(), AppError> {
    for member in members {
        sqlx::query("INSERT INTO access_group_members (group_id, user_id) VALUES ($1, $2)")
            .bind(group.to_string())
            .bind(member.to_string())
            .execute(&mut *conn)
            .await?;
    }
    Ok(())
}

/// Renames a group and sets its members; `Ok(false)` when another group has the name.
pub async fn update_group_in(
    conn: &mut AnyConnection,
    ctx: &Ctx,
    id: Uuid,
    group: &NewAccessGroup,
) -> Result<bool, AppError> {
    let result = sqlx::query(
        "UPDATE access_groups SET name = $1, updated_at = $2 WHERE partner_id = $3 AND id = $4",
    )
    .bind(group.name.as_str())
    .bind(crate::timestamp::now())
    .bind(ctx.partner_id.to_string())
    .bind(id.to_string())
    .execute(&mut *conn)
    .await;
    match result {
        Ok(done) if done.rows_affected() == 0 => return Ok(true),
        Ok(_) => {}
        Err(e) if is_unique_violation(&e, NAME_TAKEN) => return Ok(false),
        Err(e) => return Err(e.into()),
    }
    sqlx::query(
        "DELETE FROM access_group_members WHERE group_id IN
            (SELECT id FROM access_groups WHERE partner_id = $1 AND id = $2)",
    )
    .bind(ctx.partner_id.to_string())
    .bind(id.to_string())
    .execute(&mut *conn)
    .await?;
    add_members_in(conn, id, &group.members).await?;
    Ok(true)
}

/// Removes a group; its members and assignments go with it (`ON DELETE CASCADE`).
pub async fn delete_group_in(
    conn: &mut AnyConnection,
    ctx: &Ctx,
    id: Uuid,
) -> Result<(), AppError> {
    sqlx::query("DELETE FROM access_groups WHERE partner_id = $1 AND id = $2")
        .bind(ctx.partner_id.to_string())
        .bind(id.to_string())
        .execute(conn)
        .await?;
    Ok(())
}

/// The assignments of one of the partner's relationships, by group name.
pub async fn assignments<'e>(
    db: impl AnyExecutor<'e>,
    ctx: &Ctx,
    relationship: Uuid,
) -> Result<Vec<AccessAssignment>, AppError> {
    let rows: Vec<(String, String, String, String)> = sqlx::query_as(
        "SELECT s.relationship_id, s.group_id, g.name, s.roles
         FROM access_assignments s
         JOIN access_groups g ON g.id = s.group_id AND g.partner_id = s.partner_id
         WHERE s.partner_id = $1 AND s.relationship_id = $2
         ORDER BY g.name, g.id",
    )
    .bind(ctx.partner_id.to_string())
    .bind(relationship.to_string())
    .fetch_all(db)
    .await?;
    rows.into_iter()
        .map(|(relationship_id, group_id, name, roles)| {
            Ok(AccessAssignment {
                relationship_id: relationship_id.parse().map_err(anyhow::Error::from)?,
                group_id: group_id.parse().map_err(anyhow::Error::from)?,
                group_name: group_name(&name)?,
                roles: roles_of(&roles)?,
            })
        })
        .collect()
}

/// Gives a group roles in a relationship, or changes the roles it has there (one row per pair:
/// concurrent calls leave the last one's roles).
pub async fn set_assignment_in(
    conn: &mut AnyConnection,
    ctx: &Ctx,
    relationship: Uuid,
    group: Uuid,
    roles: &[EntraRole],
) -> Result<(), AppError> {
    sqlx::query(
        "INSERT INTO access_assignments
            (relationship_id, group_id, partner_id, roles, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $5)
         ON CONFLICT (relationship_id, group_id)
         DO UPDATE SET roles = excluded.roles, updated_at = excluded.updated_at",
    )
    .bind(relationship.to_string())
    .bind(group.to_string())
    .bind(ctx.partner_id.to_string())
    .bind(stored_roles(roles))
    .bind(crate::timestamp::now())
    .execute(conn)
    .await?;
    Ok(())
}

pub async fn remove_assignment_in(
    conn: &mut AnyConnection,
    ctx: &Ctx,
    relationship: Uuid,
    group: Uuid,
) -> Result<(), AppError> {
    sqlx::query(
        "DELETE FROM access_assignments
         WHERE partner_id = $1 AND relationship_id = $2 AND group_id = $3",
    )
    .bind(ctx.partner_id.to_string())
    .bind(relationship.to_string())
    .bind(group.to_string())
    .execute(conn)
    .await?;
    Ok(())
}

/// What each enabled member of each group holds through each assignment in one of the
/// partner's customers' relationships (`shared::admin_access::effective_access` judges them).
#[tracing::instrument(skip_all, fields(partner_id = %ctx.partner_id, customer_id = %customer))]
pub async fn grants_in_customer(
    db: &Db,
    ctx: &Ctx,
    customer: Uuid,
) -> Result<Vec<Grant>, AppError> {
    let rows: Vec<(String, String, String, String, String)> = sqlx::query_as(
        "SELECT u.id, u.display_name, g.name, a.state, s.roles
         FROM access_assignments s
         JOIN admin_relationships a ON a.id = s.relationship_id AND a.partner_id = s.partner_id
         JOIN access_groups g ON g.id = s.group_id AND g.partner_id = s.partner_id
         JOIN access_group_members m ON m.group_id = g.id
         JOIN users u ON u.id = m.user_id AND u.partner_id = s.partner_id AND u.disabled = 0
         WHERE s.partner_id = $1 AND a.customer_id = $2",
    )
    .bind(ctx.partner_id.to_string())
    .bind(customer.to_string())
    .fetch_all(db.readers())
    .await?;
    // Parsed once per distinct text: many members share a group's roles.
    let mut roles_by_text: BTreeMap<String, Vec<EntraRole>> = BTreeMap::new();
    rows.into_iter()
        .map(|(user_id, display_name, group, state, roles)| {
            let roles = match roles_by_text.get(&roles) {
                Some(parsed) => parsed.clone(),
                None => {
                    let parsed = roles_of(&roles)?;
                    roles_by_text.insert(roles, parsed.clone());
                    parsed
                }
            };
            Ok(Grant {
                person: person_of(&user_id, display_name)?,
                group_name: group_name(&group)?,
                relationship_state: AdminRelationshipState::from_code(&state)
                    .ok_or_else(|| anyhow!("stored state {state:?}"))?,
                roles,
            })
        })
        .collect::<anyhow::Result<_>>()
        .map_err(AppError::from)
}
