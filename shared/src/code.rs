//! `code_enum!`: the one way `shared` declares a closed set of codes (roles, states, reasons,
//! audit actions, error codes…). Each variant is written once, with its code; that code is its
//! JSON (serde) name, what `as_str` returns, what `parse` reads, and what the database and the
//! CSV files store. A derive with `rename_all` next to a hand-written `as_str` let the two drift
//! apart (offerings answered `"microsoft365"` while requests took `"microsoft-365"`).
//!
//! ```ignore
//! code_enum! {
//!     /// Doc of the enum.
//!     pub enum Role {
//!         GlobalAdmin = "global-admin",
//!         AdminAgent = "admin-agent",
//!     }
//! }
//! // With a catalog label per variant (`label()`):
//! code_enum! {
//!     pub enum Industry {
//!         Agriculture = "agriculture" => Msg::IndustryAgriculture,
//!     }
//! }
//! ```

/// What every code enum has; lets tests and generic code walk all of them.
pub trait CodeEnum: Copy + Eq + std::fmt::Debug + 'static {
    /// Every variant, in declaration order.
    fn all() -> &'static [Self];
    /// The variant's code.
    fn code(self) -> &'static str;
}

macro_rules! code_enum {
    (
        $(#[$meta:meta])*
        $vis:vis enum $name:ident {
            $($(#[$vmeta:meta])* $variant:ident = $code:literal => $msg:expr),* $(,)?
        }
    ) => {
        code_enum! {
            $(#[$meta])*
            $vis enum $name { $($(#[$vmeta])* $variant = $code),* }
        }

        impl $name {
            /// The variant's name in the message catalog.
            pub fn label(self) -> $crate::i18n::Msg {
                match self { $($name::$variant => $msg),* }
            }
        }
    };
    (
        $(#[$meta:meta])*
        $vis:vis enum $name:ident {
            $($(#[$vmeta:meta])* $variant:ident = $code:literal),* $(,)?
        }
    ) => {
        $(#[$meta])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
        $vis enum $name { $($(#[$vmeta])* $variant),* }

        impl $name {
            /// Every variant, in declaration order.
            pub const ALL: &'static [$name] = &[$($name::$variant),*];
            /// Every code, in declaration order.
            pub const CODES: &'static [&'static str] = &[$($code),*];

            /// The code: the JSON name and what is stored.
            pub const fn as_str(self) -> &'static str {
                match self { $($name::$variant => $code),* }
            }

            /// The variant of a code (surrounding spaces ignored); `None` for anything else.
            pub fn parse(s: &str) -> Option<Self> {
                Self::from_code(s.trim())
            }

            /// The variant of exactly this code.
            pub fn from_code(s: &str) -> Option<Self> {
                match s { $($code => Some($name::$variant),)* _ => None }
            }
        }

        impl $crate::code::CodeEnum for $name {
            fn all() -> &'static [Self] {
                Self::ALL
            }
            fn code(self) -> &'static str {
                self.as_str()
            }
        }

        impl ::serde::Serialize for $name {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        string_schema!($name, Some($name::CODES));

        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                struct CodeVisitor;
                impl ::serde::de::Visitor<'_> for CodeVisitor {
                    type Value = $name;
                    fn expecting(&self, f: &mut ::std::fmt::Formatter) -> ::std::fmt::Result {
                        f.write_str(concat!("a code of ", stringify!($name)))
                    }
                    fn visit_str<E: ::serde::de::Error>(self, v: &str) -> Result<$name, E> {
                        $name::from_code(v).ok_or_else(|| E::unknown_variant(v, $name::CODES))
                    }
                }
                deserializer.deserialize_str(CodeVisitor)
            }
        }
    };
}

/// Implements the serde and display plumbing of a newtype over `String` whose only
/// constructor is `parse(&str)`.
macro_rules! string_newtype {
    ($name:ident) => {
        string_schema!($name, None);
        impl $name {
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }
        impl TryFrom<String> for $name {
            type Error = FieldError;
            fn try_from(value: String) -> Result<Self, Self::Error> {
                Self::parse(&value)
            }
        }
        impl From<$name> for String {
            fn from(value: $name) -> Self {
                value.0
            }
        }
        impl AsRef<str> for $name {
            fn as_ref(&self) -> &str {
                &self.0
            }
        }
        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(&self.0)
            }
        }
    };
}

/// The OpenAPI schema of a wire type that travels as a JSON string — a code enum (its codes are
/// the schema's `enum`) or a parsed newtype — for the server's document (feature `openapi`).
#[cfg(feature = "openapi")]
macro_rules! string_schema {
    ($name:ident, $codes:expr) => {
        impl ::utoipa::PartialSchema for $name {
            fn schema() -> ::utoipa::openapi::RefOr<::utoipa::openapi::schema::Schema> {
                let codes: Option<&[&str]> = $codes;
                ::utoipa::openapi::schema::ObjectBuilder::new()
                    .schema_type(::utoipa::openapi::schema::Type::String)
                    .enum_values(codes.map(|codes| codes.iter().copied()))
                    .into()
            }
        }
        impl ::utoipa::ToSchema for $name {
            fn name() -> ::std::borrow::Cow<'static, str> {
                ::std::borrow::Cow::Borrowed(stringify!($name))
            }
        }
    };
}

#[cfg(not(feature = "openapi"))]
macro_rules! string_schema {
    ($name:ident, $codes:expr) => {};
}
