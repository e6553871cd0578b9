//! The audit log: written in the same transaction as the change it records (a change without
//! its entry can't commit), read by global admins. The table's triggers refuse UPDATE and
//! DELETE, and no API writes anything but new entries.

use crate::ctx::Ctx;
use crate::db::Db;
use crate::error::AppError;
use anyhow::Context;
use serde::Serialize;
use shared::audit::{AuditAction, AuditEntry, AuditPage, AuditQuery, FieldChange, AUDIT_PAGE_SIZE};
use sqlx::AnyConnection;
use uuid::Uuid;

/// Who made a change.
pub enum Actor<'a> {
    /// A signed-in partner user, or an API token (`Ctx::token`).
    User(&'a Ctx),
    /// PartnerDesk itself (invitations expiring).
    System { partner_id: Uuid },
    /// The customer's person, through an invitation link.
    Customer { partner_id: Uuid, name: String },
}

impl Actor<'_> {
    fn partner_id(&self) -> Uuid {
        match self {
            Actor::User(ctx) => ctx.partner_id,
            Actor::System { partner_id } | Actor::Customer { partner_id, .. } => *partner_id,
        }
    }

    fn user_id(&self) -> Option<Uuid> {
        match self {
            Actor::User(ctx) if ctx.token.is_none() => Some(ctx.user_id),
            _ => None,
        }
    }

    fn label(&self) -> String {
        match self {
            Actor::User(ctx) => match &ctx.token {
                Some(token) => format!("token: {}", token.name),
                None => ctx.email.clone(),
            },
            Actor::System { .. } => "system".into(),
            Actor::Customer { name, .. } => format!("customer: {name}"),
        }
    }
}

/// What changed: the object and its state before and after (either may be absent).
pub struct Change<'a, B: Serialize, A: Serialize> {
    pub action: AuditAction,
    pub object_type: &'a str,
    pub object_id: String,
    pub customer_id: Option<Uuid>,
    pub before: Option<&'a B>,
    pub after: Option<&'a A>,
}

impl<'a, B: Serialize, A: Serialize> Change<'a, B, A> {
    pub fn new(
        action: AuditAction,
        object_type: &'a str,
        object_id: impl ToString,
        customer_id: Option<Uuid>,
        before: Option<&'a B>,
        after: Option<&'a A>,
    ) -> Self {
        Change {
            action,
            object_type,
            object_id: object_id.to_string(),
            customer_id,
            before,
            after,
        }
    }
}

/// A change with neither before nor after (the object names it all).
pub fn event(
    action: AuditAction,
    object_type: &str,
    object_id: String,
    customer_id: Option<Uuid>,
) -> Change<'_, (), ()> {
    Change {
        action,
        object_type,
        object_id,
        customer_id,
        before: None,
        after: None,
    }
}

pub async fn record<B: Serialize, A: Serialize>(
    conn: &mut AnyConnection,
    actor: &Actor<'_>,
    change: Change<'_, B, A>,
) -> Result<(), AppError> {
    let before = change.before.map(serde_json::to_string).transpose();
    let after = change.after.map(serde_json::to_string).transpose();
    let (before, after) = (
        before.map_err(anyhow::Error::new)?,
        after.map_err(anyhow::Error::new)?,
    );
    let at = crate::timestamp::now();
    // The partner's endpoints hear of it in the same transaction: no event without its change,
    // no change without its event.
    let event = shared::webhook::EventType::of(change.action).map(|event| {
        let object = after
            .as_deref()
            .and_then(|json| serde_json::from_str::<serde_json::Value>(json).ok());
        let data = serde_json::json!({
            "object_type": change.object_type,
            "object_id": &change.object_id,
            "customer_id": change.customer_id,
            "actor": actor.label(),
            "object": object,
        });
        (event, data)
    });
    sqlx::query(
        "INSERT INTO audit_log (id, at, partner_id, user_id, actor, action, object_type,
            object_id, customer_id, before_json, after_json)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
    )
    .bind(Uuid::new_v4().to_string())
    .bind(&at)
    .bind(actor.partner_id().to_string())
    .bind(actor.user_id().map(|u| u.to_string()))
    .bind(actor.label())
    .bind(change.action.as_str())
    .bind(change.object_type)
    .bind(change.object_id)
    .bind(change.customer_id.map(|c| c.to_string()))
    .bind(before)
    .bind(after)
    .execute(&mut *conn)
    .await?;
    if let Some((event, data)) = event {
        crate::store::webhooks::enqueue_event(conn, actor.partner_id(), event, data).await?;
    }
    Ok(())
}

#[derive(sqlx::FromRow)]
pub struct AuditRow {
    pub seq: i64,
    id: String,
    at: String,
    user_id: Option<String>,
    actor: String,
    action: String,
    object_type: String,
    object_id: String,
    customer_id: Option<String>,
    before_json: Option<String>,
    after_json: Option<String>,
}

type JsonObject = serde_json::Map<String, serde_json::Value>;

fn object(json: Option<&str>) -> JsonObject {
    json.and_then(|s| serde_json::from_str(s).ok())
        .unwrap_or_default()
}

/// The fields that differ between two snapshots, bookkeeping (`version`, `updated_at`) left
/// out: what a reader of the log wants to see. A nested object (a customer's `agreement` or
/// `ending`) is read field by field, as `agreement.email`, so that the log can name each part
/// instead of showing JSON.
pub fn changes(before: Option<&str>, after: Option<&str>) -> Vec<FieldChange> {
    let (before, after) = (flatten(object(before)), flatten(object(after)));
    let text = |v: Option<&serde_json::Value>| match v {
        // An empty text is no value: a creation doesn't list the fields left blank.
        None | Some(serde_json::Value::Null) => None,
        Some(serde_json::Value::String(s)) if s.is_empty() => None,
        Some(serde_json::Value::String(s)) => Some(s.clone()),
        Some(other) => Some(other.to_string()),
    };
    let mut fields: Vec<&String> = before.keys().chain(after.keys()).collect();
    fields.sort();
    fields.dedup();
    fields
        .into_iter()
        .filter(|f| !matches!(f.as_str(), "version" | "updated_at"))
        .filter(|f| text(before.get(*f)) != text(after.get(*f)))
        .map(|f| FieldChange {
            field: f.clone(),
            before: text(before.get(f)),
            after: text(after.get(f)),
        })
        .collect()
}

/// One level of nesting opened up: `{"ending":{"reason":"other"}}` becomes `ending.reason`.
fn flatten(fields: JsonObject) -> JsonObject {
    let mut flat = JsonObject::new();
    for (key, value) in fields {
        match value {
            serde_json::Value::Object(inner) => {
                for (inner_key, inner_value) in inner {
                    flat.insert(format!("{key}.{inner_key}"), inner_value);
                }
            }
            other => {
                flat.insert(key, other);
            }
        }
    }
    flat
}

/// The name the snapshots give the object (a company, a user, an offer, a profile, a link, a
/// token or a role template).
pub fn label(before: Option<&str>, after: Option<&str>) -> Option<String> {
    [after, before].into_iter().find_map(|json| {
        let fields = object(json);
        ["company_name", "display_name", "offer", "name"]
            .iter()
            .find_map(|k| fields.get(*k).and_then(|v| v.as_str()).map(str::to_string))
            // A link is named by its reseller.
            .or_else(|| {
                fields
                    .get("reseller")
                    .and_then(|r| r.get("name"))
                    .and_then(|v| v.as_str())
                    .map(str::to_string)
            })
    })
}

impl TryFrom<AuditRow> for AuditEntry {
    type Error = anyhow::Error;
    fn try_from(r: AuditRow) -> anyhow::Result<Self> {
        Ok(AuditEntry {
            label: label(r.before_json.as_deref(), r.after_json.as_deref()),
            changes: changes(r.before_json.as_deref(), r.after_json.as_deref()),
            id: r.id.parse()?,
            at: r.at,
            actor: r.actor,
            user_id: r.user_id.map(|u| u.parse()).transpose()?,
            action: AuditAction::parse(&r.action).context("stored audit action")?,
            object_type: r.object_type,
            object_id: r.object_id,
            customer_id: r.customer_id.map(|c| c.parse()).transpose()?,
            before: r.before_json,
            after: r.after_json,
        })
    }
}

/// The filter as SQL: `$1` partner, `$2` from, `$3` to (exclusive upper bound), `$4` action,
/// `$5` user, `$6` customer, `$7` cursor.
const FILTER: &str = "partner_id = $1
    AND ($2 IS NULL OR at >= $2) AND ($3 IS NULL OR at < $3)
    AND ($4 IS NULL OR action = $4) AND ($5 IS NULL OR user_id = $5)
    AND ($6 IS NULL OR customer_id = $6) AND ($7 IS NULL OR seq < $7)";

/// Checked filter values (dates parsed by the route).
pub struct Filter {
    pub from: Option<String>,
    /// The day after the last day asked for.
    pub to_exclusive: Option<String>,
    pub query: AuditQuery,
}

pub fn bound<'q>(
    sql: &'q str,
    ctx: &Ctx,
    filter: &'q Filter,
) -> sqlx::query::QueryAs<'q, sqlx::Any, AuditRow, sqlx::any::AnyArguments<'q>> {
    sqlx::query_as(sql)
        .bind(ctx.partner_id.to_string())
        .bind(filter.from.as_deref())
        .bind(filter.to_exclusive.as_deref())
        .bind(filter.query.action.map(AuditAction::as_str))
        .bind(filter.query.user.map(|u| u.to_string()))
        .bind(filter.query.customer.map(|c| c.to_string()))
        .bind(filter.query.before)
}

#[tracing::instrument(skip_all, fields(partner_id = %ctx.partner_id))]
pub async fn list(db: &Db, ctx: &Ctx, filter: &Filter) -> Result<AuditPage, AppError> {
    let sql = format!(
        "SELECT seq, id, at, user_id, actor, action, object_type, object_id, customer_id,
                before_json, after_json
         FROM audit_log WHERE {FILTER} ORDER BY seq DESC LIMIT {}",
        AUDIT_PAGE_SIZE + 1
    );
    let mut rows = bound(&sql, ctx, filter).fetch_all(db.readers()).await?;
    let more = rows.len() > AUDIT_PAGE_SIZE as usize;
    rows.truncate(AUDIT_PAGE_SIZE as usize);
    let next = if more {
        rows.last().map(|r| r.seq)
    } else {
        None
    };
    let items = rows
        .into_iter()
        .map(AuditEntry::try_from)
        .collect::<anyhow::Result<_>>()?;
    Ok(AuditPage { items, next })
}

/// The export's statement (all matches, no page limit).
pub fn export_sql() -> String {
    format!(
        "SELECT seq, id, at, user_id, actor, action, object_type, object_id, customer_id,
                before_json, after_json
         FROM audit_log WHERE {FILTER} ORDER BY seq DESC"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn changes_list_what_differs_without_bookkeeping() {
        let before = r#"{"city":"Redmond","version":1,"updated_at":"a","relationship":"active","ending":null}"#;
        let after = r#"{"city":"Seattle","version":2,"updated_at":"b","relationship":"ended","ending":{"reason":"other"}}"#;
        let change = |f: &str, b: Option<&str>, a: Option<&str>| FieldChange {
            field: f.into(),
            before: b.map(Into::into),
            after: a.map(Into::into),
        };
        assert_eq!(
            changes(Some(before), Some(after)),
            vec![
                change("city", Some("Redmond"), Some("Seattle")),
                change("ending.reason", None, Some("other")),
                change("relationship", Some("active"), Some("ended")),
            ]
        );
        assert_eq!(
            changes(None, Some(r#"{"city":"Paris","state":""}"#)),
            vec![change("city", None, Some("Paris"))]
        );
        assert!(changes(None, None).is_empty());
    }

    #[test]
    fn labels_come_from_the_snapshots() {
        assert_eq!(
            label(
                Some(r#"{"company_name":"Old"}"#),
                Some(r#"{"company_name":"New"}"#)
            ),
            Some("New".into())
        );
        assert_eq!(
            label(Some(r#"{"display_name":"Sam"}"#), None),
            Some("Sam".into())
        );
        assert_eq!(label(None, None), None);
    }

    /// Every field a referral's, a link's or a role template's snapshot holds has a name in the log: a new field
    /// without one would show its key to the reader.
    #[test]
    fn every_referral_and_link_field_has_a_name() {
        let partner = r#"{"id":"7b0e6f4e-4a8e-4c55-9d43-0f5a3c9b1a01","name":"Contoso"}"#;
        let referral = format!(
            r#"{{"id":"7b0e6f4e-4a8e-4c55-9d43-0f5a3c9b1a02","source":"provider","from":{partner},
            "to":{partner},"company_name":"Fabrikam","contact_first_name":"Ana",
            "contact_last_name":"Diaz","contact_email":"ana@fabrikam.example","country":"US",
            "offerings":["microsoft-365"],"seats":10,"notes":"n","state":"declined","overdue":false,
            "received_at":"2026-12-01T00:00:00Z","expires_at":"2026-12-15T00:00:00Z",
            "responded_at":"2026-12-02T00:00:00Z","responded_by":"sam@contoso.example",
            "decline_reason":"other","decline_text":"t",
            "customer_id":"7b0e6f4e-4a8e-4c55-9d43-0f5a3c9b1a03"}}"#
        );
        let link = format!(
            r#"{{"id":"7b0e6f4e-4a8e-4c55-9d43-0f5a3c9b1a04","provider":{partner},"reseller":{partner},
            "state":"ended","created_at":"2026-12-01T00:00:00Z","responded_at":"2026-12-02T00:00:00Z",
            "ended_at":"2026-12-03T00:00:00Z","customers":1,"referrals":2}}"#
        );
        // Through the wire types, so that the snapshot holds exactly the fields they serialize.
        let referral: shared::referral::Referral = serde_json::from_str(&referral).unwrap();
        let link: shared::referral::PartnerLink = serde_json::from_str(&link).unwrap();
        let template = shared::admin_relationship::AdminTemplate {
            id: uuid::Uuid::nil(),
            name: shared::admin_relationship::RelationshipName::parse("Tier 1").unwrap(),
            roles: vec![shared::admin_relationship::EntraRole::DirectoryReaders],
        };
        for (object_type, snapshot) in [
            ("referral", serde_json::to_value(&referral).unwrap()),
            ("link", serde_json::to_value(&link).unwrap()),
            ("admin-template", serde_json::to_value(&template).unwrap()),
        ] {
            let serde_json::Value::Object(fields) = snapshot else {
                panic!("{object_type} is not an object")
            };
            for field in flatten(fields).keys() {
                assert!(
                    shared::audit::change_label(object_type, field).is_some(),
                    "{object_type}.{field} has no name in the audit log"
                );
            }
        }
    }
}
