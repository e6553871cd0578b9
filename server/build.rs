//! `sqlx::migrate!` embeds `migrations/` at compile time; without this a new migration file
//! alone doesn't rebuild the server, which then runs without it.
fn main() {
    println!("cargo:rerun-if-changed=migrations");
}
