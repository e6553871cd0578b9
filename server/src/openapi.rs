//! The OpenAPI 3.1 document of the JSON API (`GET /api/openapi.json`), generated from the route
//! table: each route's method, path and access rule come from its `ApiRoute`, its parameters,
//! body and answers from the `RouteDoc` written beside it, and the schemas from the `shared`
//! wire types themselves (utoipa's `ToSchema`, shared's `openapi` feature) — so the document
//! can't list a route the router doesn't have, and a route can't go undocumented
//! (`every_route_is_documented`).

use crate::routes::{Access, ApiRoute};
use shared::access::Role;
use std::collections::BTreeMap;
use utoipa::openapi::content::ContentBuilder;
use utoipa::openapi::link::LinkBuilder;
use utoipa::openapi::path::{HttpMethod, OperationBuilder, ParameterBuilder, ParameterIn};
use utoipa::openapi::request_body::RequestBodyBuilder;
use utoipa::openapi::response::ResponseBuilder;
use utoipa::openapi::schema::{ArrayBuilder, ObjectBuilder, Schema, Type};
use utoipa::openapi::security::{ApiKey, ApiKeyValue, HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::openapi::{
    ComponentsBuilder, InfoBuilder, OpenApi, OpenApiBuilder, Paths, Ref, RefOr, Required,
    SecurityRequirement,
};
use utoipa::ToSchema;

/// The named schemas a document collects while its routes are described.
#[derive(Default)]
pub struct Schemas(BTreeMap<String, RefOr<Schema>>);

impl Schemas {
    /// A reference to `T`'s schema, adding it and everything it refers to.
    fn reference<T: ToSchema>(&mut self) -> RefOr<Schema> {
        let name = T::name().to_string();
        if !self.0.contains_key(&name) {
            self.0.insert(name.clone(), T::schema());
            let mut more = Vec::new();
            T::schemas(&mut more);
            for (name, schema) in more {
                self.0.entry(name).or_insert(schema);
            }
        }
        RefOr::Ref(Ref::from_schema_name(name))
    }

    /// `T`'s own schema (not a reference), its dependencies added: a query's fields.
    fn inline<T: ToSchema>(&mut self) -> RefOr<Schema> {
        let mut more = Vec::new();
        T::schemas(&mut more);
        for (name, schema) in more {
            self.0.entry(name).or_insert(schema);
        }
        T::schema()
    }
}

/// A schema the document asks for when it is built: `T`'s, through a monomorphised function.
type SchemaOf = fn(&mut Schemas) -> RefOr<Schema>;

fn reference_of<T: ToSchema>(schemas: &mut Schemas) -> RefOr<Schema> {
    schemas.reference::<T>()
}

fn list_of<T: ToSchema>(schemas: &mut Schemas) -> RefOr<Schema> {
    ArrayBuilder::new().items(schemas.reference::<T>()).into()
}

fn nullable_of<T: ToSchema>(schemas: &mut Schemas) -> RefOr<Schema> {
    let one = schemas.reference::<T>();
    Schema::OneOf(
        utoipa::openapi::schema::OneOfBuilder::new()
            .item(one)
            .item(ObjectBuilder::new().schema_type(Type::Null))
            .build(),
    )
    .into()
}

/// Any JSON object (the document itself; the catalog's texts).
pub fn any_object(_: &mut Schemas) -> RefOr<Schema> {
    ObjectBuilder::new().schema_type(Type::Object).into()
}

fn inline_of<T: ToSchema>(schemas: &mut Schemas) -> RefOr<Schema> {
    schemas.inline::<T>()
}

/// What an answer or a request body carries.
#[derive(Clone, Copy)]
pub enum Payload {
    Json(SchemaOf),
    /// CSV text (an export, the import template, an uploaded file).
    Csv,
    /// A server-sent event stream.
    Events,
    /// Nothing (204).
    Empty,
}

/// What a route takes and answers, beyond what the route table already says.
#[derive(Clone, Default)]
pub struct RouteDoc {
    pub summary: &'static str,
    /// A sentence more, when the summary doesn't say it all.
    pub detail: Option<&'static str>,
    query: Option<SchemaOf>,
    /// Its path's ids are text, not UUIDs (passkeys' credential ids).
    text_ids: bool,
    /// Request headers it reads: name, required, what.
    headers: Vec<(&'static str, bool, &'static str)>,
    body: Option<Payload>,
    answers: Vec<(u16, &'static str, Payload)>,
    /// What it creates: where the new resource's id is in its answer (a JSON pointer) and the
    /// path its own operations are under (`/customers` for `/customers/{id}…`) — the document's
    /// links from this answer to them, which a stateful client (Schemathesis) follows.
    creates: Option<(&'static str, &'static str)>,
    /// Extra refusals: 409 when the resource's state forbids it, 429 for throttled public routes.
    refusals: Vec<(u16, &'static str)>,
}

impl RouteDoc {
    pub fn new(summary: &'static str) -> Self {
        Self {
            summary,
            ..Self::default()
        }
    }

    pub fn detail(mut self, detail: &'static str) -> Self {
        self.detail = Some(detail);
        self
    }

    /// The query string's fields are `T`'s.
    pub fn query<T: ToSchema>(mut self) -> Self {
        self.query = Some(inline_of::<T>);
        self
    }

    /// Its path's ids are text (not UUIDs).
    pub fn text_ids(mut self) -> Self {
        self.text_ids = true;
        self
    }

    /// A request header it reads.
    pub fn header(mut self, name: &'static str, required: bool, what: &'static str) -> Self {
        self.headers.push((name, required, what));
        self
    }

    /// A JSON body of `T`.
    pub fn body<T: ToSchema>(mut self) -> Self {
        self.body = Some(Payload::Json(reference_of::<T>));
        self
    }

    /// A CSV file as the body.
    pub fn csv_body(mut self) -> Self {
        self.body = Some(Payload::Csv);
        self
    }

    /// Answers `status` with a `T`.
    pub fn answers<T: ToSchema>(mut self, status: u16, what: &'static str) -> Self {
        self.answers
            .push((status, what, Payload::Json(reference_of::<T>)));
        self
    }

    /// Answers 200 with a list of `T`.
    pub fn answers_list<T: ToSchema>(mut self, what: &'static str) -> Self {
        self.answers.push((200, what, Payload::Json(list_of::<T>)));
        self
    }

    /// Answers 200 with a `T` or `null`.
    pub fn answers_nullable<T: ToSchema>(mut self, what: &'static str) -> Self {
        self.answers
            .push((200, what, Payload::Json(nullable_of::<T>)));
        self
    }

    /// Answers `status` with something else than JSON (CSV, events, nothing).
    pub fn answers_with(mut self, status: u16, what: &'static str, payload: Payload) -> Self {
        self.answers.push((status, what, payload));
        self
    }

    /// Its answer creates a resource: `id_at` points at its id, `operations_under` is the path
    /// of the operations on it (`/customers` for `/customers/{id}`).
    pub fn creates(mut self, id_at: &'static str, operations_under: &'static str) -> Self {
        self.creates = Some((id_at, operations_under));
        self
    }

    /// May be refused with `status` (409, 429…) for the reason given.
    pub fn refused(mut self, status: u16, why: &'static str) -> Self {
        self.refusals.push((status, why));
        self
    }

    pub fn is_documented(&self) -> bool {
        !self.summary.is_empty() && !self.answers.is_empty()
    }
}

/// Who may call a route, in words.
pub fn access_text(access: Access) -> String {
    match access {
        Access::Public => "Access: anyone; no sign-in.".into(),
        Access::PasswordStep => {
            "Access: a browser session past its password, before or after its second factor \
             (not API tokens)."
                .into()
        }
        Access::AddSecondFactor => {
            "Access: a browser session that may add a second factor (not API tokens).".into()
        }
        Access::SignedIn => "Access: any signed-in user's browser session (not API tokens).".into(),
        Access::Allowed(action) => {
            let roles: Vec<&str> = Role::ALL
                .iter()
                .filter(|role| role.allows(action))
                .map(|role| role.as_str())
                .collect();
            format!(
                "Access: users and API tokens with one of the roles {} (action `{}`).",
                roles.join(", "),
                action.as_str()
            )
        }
    }
}

/// The parameters in a path (`/customers/{id}` has `id`).
fn path_parameters(path: &str) -> impl Iterator<Item = &str> {
    path.split('/')
        .filter_map(|segment| segment.strip_prefix('{')?.strip_suffix('}'))
}

fn content(payload: Payload, schemas: &mut Schemas) -> Option<(&'static str, RefOr<Schema>)> {
    let text = || ObjectBuilder::new().schema_type(Type::String).into();
    match payload {
        Payload::Json(schema_of) => Some(("application/json", schema_of(schemas))),
        Payload::Csv => Some(("text/csv", text())),
        Payload::Events => Some(("text/event-stream", text())),
        Payload::Empty => None,
    }
}

fn method(route: &ApiRoute) -> HttpMethod {
    match route.method.as_str() {
        "GET" => HttpMethod::Get,
        "POST" => HttpMethod::Post,
        "PUT" => HttpMethod::Put,
        "DELETE" => HttpMethod::Delete,
        other => unreachable!("the route table has no {other} routes"),
    }
}

/// A short unique name for an operation, from its method and path.
fn operation_id(route: &ApiRoute) -> String {
    let words: Vec<String> = route
        .path
        .split(['/', '-', '.'])
        .filter(|w| !w.is_empty())
        .map(|w| w.trim_matches(['{', '}']).replace('_', ""))
        .collect();
    format!(
        "{}_{}",
        route.method.as_str().to_lowercase(),
        words.join("_")
    )
}

/// The resource a route belongs to (its first path segment): the document's tags.
pub fn resource(path: &str) -> &str {
    path.trim_start_matches('/').split('/').next().unwrap_or("")
}

fn error_answer(why: &str, schemas: &mut Schemas) -> utoipa::openapi::Response {
    ResponseBuilder::new()
        .description(why)
        .content(
            "application/json",
            ContentBuilder::new()
                .schema(Some(schemas.reference::<shared::api::ApiError>()))
                .build(),
        )
        .build()
}

/// The document for these routes.
pub fn document(routes: &[ApiRoute]) -> OpenApi {
    let mut schemas = Schemas::default();
    let mut paths = Paths::new();
    for route in routes {
        let doc = &route.doc;
        let mut operation = OperationBuilder::new()
            .operation_id(Some(operation_id(route)))
            .tag(resource(route.path))
            .summary(Some(doc.summary))
            .description(Some(match doc.detail {
                Some(detail) => format!("{detail}\n\n{}", access_text(route.access)),
                None => access_text(route.access),
            }));
        for name in path_parameters(route.path) {
            let schema = if (name == "id" || name.ends_with("_id")) && !doc.text_ids {
                ObjectBuilder::new().schema_type(Type::String).format(Some(
                    utoipa::openapi::SchemaFormat::KnownFormat(utoipa::openapi::KnownFormat::Uuid),
                ))
            } else {
                ObjectBuilder::new().schema_type(Type::String)
            };
            operation = operation.parameter(
                ParameterBuilder::new()
                    .name(name)
                    .parameter_in(ParameterIn::Path)
                    .required(Required::True)
                    .schema(Some(schema)),
            );
        }
        for &(name, required, what) in &doc.headers {
            operation = operation.parameter(
                ParameterBuilder::new()
                    .name(name)
                    .parameter_in(ParameterIn::Header)
                    .required(if required {
                        Required::True
                    } else {
                        Required::False
                    })
                    .description(Some(what))
                    .schema(Some(ObjectBuilder::new().schema_type(Type::String))),
            );
        }
        if let Some(query_of) = doc.query {
            if let RefOr::T(Schema::Object(object)) = query_of(&mut schemas) {
                for (name, schema) in object.properties {
                    let required = if object.required.contains(&name) {
                        Required::True
                    } else {
                        Required::False
                    };
                    operation = operation.parameter(
                        ParameterBuilder::new()
                            .name(name)
                            .parameter_in(ParameterIn::Query)
                            .required(required)
                            .schema(Some(schema)),
                    );
                }
            }
        }
        if let Some((media, schema)) = doc.body.and_then(|body| content(body, &mut schemas)) {
            operation = operation.request_body(Some(
                RequestBodyBuilder::new()
                    .required(Some(Required::True))
                    .content(media, ContentBuilder::new().schema(Some(schema)).build())
                    .build(),
            ));
        }
        for &(status, what, payload) in &doc.answers {
            let mut answer = ResponseBuilder::new().description(what);
            if let Some((media, schema)) = content(payload, &mut schemas) {
                answer = answer.content(media, ContentBuilder::new().schema(Some(schema)).build());
            }
            if let Some((id_at, under)) = doc.creates {
                let prefix = format!("{under}/{{id}}");
                for target in routes.iter().filter(|t| t.path.starts_with(&prefix)) {
                    let id = operation_id(target);
                    answer = answer.link(
                        id.clone(),
                        LinkBuilder::new()
                            .operation_id(id)
                            .parameter("id", format!("$response.body#{id_at}"))
                            .build(),
                    );
                }
            }
            operation = operation.response(status.to_string(), answer.build());
        }
        // The refusals every route of its kind can give, in the one error shape.
        let mut refusals: Vec<(u16, &str)> = Vec::new();
        if doc.body.is_some() || doc.query.is_some() {
            refusals.push((
                400,
                "The body or query isn't what this operation takes (`malformed_request`).",
            ));
            refusals.push((
                422,
                "Invalid values: `fields` maps each field to its error code (`validation`).",
            ));
        }
        if doc.body.is_some() {
            refusals.push((413, "The body is over the size this operation takes."));
            refusals.push((
                415,
                "The body isn't of the media type this operation takes.",
            ));
        }
        if route.access != Access::Public {
            refusals.push((
                401,
                "No session or API token, or it ended (`unauthorized`).",
            ));
            refusals.push((
                403,
                "The roles don't allow it, or it is for browser sessions only (`forbidden`).",
            ));
            refusals.push((
                429,
                "Too many requests with this API token; see `Retry-After`.",
            ));
        }
        if path_parameters(route.path).next().is_some() {
            refusals.push((404, "No such resource for this partner (`not_found`)."));
        }
        refusals.extend(doc.refusals.iter().copied());
        for (status, why) in refusals {
            operation = operation.response(status.to_string(), error_answer(why, &mut schemas));
        }
        if route.access != Access::Public {
            operation = operation
                .security(SecurityRequirement::new("bearer", Vec::<String>::new()))
                .security(SecurityRequirement::new("session", Vec::<String>::new()));
        }
        paths.add_path_operation(
            format!("/api{}", route.path),
            vec![method(route)],
            operation.build(),
        );
    }
    let components = ComponentsBuilder::new()
        .schemas_from_iter(schemas.0)
        .security_scheme(
            "bearer",
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .description(Some(
                        "An API token (`pd_…`) a global admin created on the API tokens page.",
                    ))
                    .build(),
            ),
        )
        .security_scheme(
            "session",
            SecurityScheme::ApiKey(ApiKey::Cookie(ApiKeyValue::with_description(
                crate::startup::SESSION_COOKIE,
                "The browser app's session (HttpOnly); state-changing requests also need the \
                 page's own Origin.",
            ))),
        )
        .build();
    OpenApiBuilder::new()
        .info(
            InfoBuilder::new()
                .title("PartnerDesk API")
                .version(env!("CARGO_PKG_VERSION"))
                .description(Some(
                    "The customer accounts of a cloud solution provider: customers, invitations, \
                     admin relationships, referrals, users and more. Every error answers with the \
                     same JSON shape (`ApiError`); invalid values with 422 and a map of field \
                     codes.",
                ))
                .build(),
        )
        .paths(paths)
        .components(Some(components))
        .build()
}

/// The document as JSON. utoipa 5.5 writes a link's fields in snake case (`operation_id`) where
/// OpenAPI names them in camel case (`operationId`): renamed here, or clients ignore the links.
pub fn document_json(routes: &[ApiRoute]) -> serde_json::Value {
    let mut json = serde_json::to_value(document(routes)).expect("the document is plain JSON");
    let operations = json["paths"]
        .as_object_mut()
        .into_iter()
        .flat_map(|paths| paths.values_mut())
        .filter_map(|item| item.as_object_mut())
        .flat_map(|item| item.values_mut());
    for operation in operations {
        let answers = operation["responses"].as_object_mut().into_iter();
        for answer in answers.flat_map(|answers| answers.values_mut()) {
            let Some(links) = answer.get_mut("links").and_then(|l| l.as_object_mut()) else {
                continue;
            };
            for link in links.values_mut().filter_map(|link| link.as_object_mut()) {
                for (snake, camel) in [
                    ("operation_id", "operationId"),
                    ("operation_ref", "operationRef"),
                    ("request_body", "requestBody"),
                ] {
                    if let Some(value) = link.remove(snake) {
                        link.insert(camel.to_string(), value);
                    }
                }
            }
        }
    }
    json
}
