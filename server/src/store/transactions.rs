//! Savepoints: a part of a transaction that can be undone alone (group commit undoes one
//! request's customer without the others').

use sqlx::AnyConnection;

/// Starts the savepoint (one at a time: they are not nested here).
pub async fn savepoint(conn: &mut AnyConnection) -> Result<(), sqlx::Error> {
    sqlx::query("SAVEPOINT part").execute(conn).await?;
    Ok(())
}

/// Undoes everything since the savepoint (which stays open until released).
pub async fn roll_back_to_savepoint(conn: &mut AnyConnection) -> Result<(), sqlx::Error> {
    sqlx::query("ROLLBACK TO part").execute(conn).await?;
    Ok(())
}

/// Ends the savepoint, keeping what was written since (unless rolled back).
pub async fn release_savepoint(conn: &mut AnyConnection) -> Result<(), sqlx::Error> {
    sqlx::query("RELEASE part").execute(conn).await?;
    Ok(())
}
