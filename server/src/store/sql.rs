//! A statement assembled piece by piece (the customer list's filters), with its parameters
//! numbered `$1`, `$2`, … as both backends read them. (sqlx's `QueryBuilder` over `Any` writes
//! `?`, which PostgreSQL doesn't accept.)

use sqlx::any::AnyArguments;
use sqlx::{Any, Arguments, Encode, Type};
use std::fmt::Write;

pub struct Sql {
    text: String,
    arguments: AnyArguments<'static>,
    count: usize,
}

impl Sql {
    pub fn new(text: impl Into<String>) -> Sql {
        Sql {
            text: text.into(),
            arguments: AnyArguments::default(),
            count: 0,
        }
    }

    /// Appends SQL text.
    pub fn push(&mut self, text: impl AsRef<str>) -> &mut Sql {
        self.text.push_str(text.as_ref());
        self
    }

    /// Appends the next parameter's placeholder and binds `value` to it.
    pub fn push_bind<T>(&mut self, value: T) -> &mut Sql
    where
        T: 'static + Encode<'static, Any> + Type<Any>,
    {
        self.count += 1;
        let _ = write!(self.text, "${}", self.count);
        // Encoding into `Any`'s buffer only copies the value; it has no failure for the types
        // bound here (text and integers).
        if let Err(error) = self.arguments.add(value) {
            tracing::error!(error = %error, "binding a list parameter");
        }
        self
    }

    pub fn text(&self) -> &str {
        &self.text
    }

    /// The SQL text and its arguments, for `sqlx::query_as_with(&text, arguments)`.
    pub fn into_parts(self) -> (String, AnyArguments<'static>) {
        (self.text, self.arguments)
    }
}

/// `count` placeholders numbered from `first`: `$3, $4, $5`.
pub fn placeholders(first: usize, count: usize) -> String {
    (first..first + count)
        .map(|n| format!("${n}"))
        .collect::<Vec<_>>()
        .join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parameters_are_numbered_in_order() {
        assert_eq!(placeholders(3, 3), "$3, $4, $5");
        assert_eq!(placeholders(1, 0), "");
        let mut sql = Sql::new("SELECT 1 WHERE a = ");
        sql.push_bind("x").push(" AND b = ").push_bind(2_i64);
        assert_eq!(sql.text(), "SELECT 1 WHERE a = $1 AND b = $2");
    }
}
