//! Themes: the controlled list (create, rename, merge, delete), the themes of a sheet,
//! and the slugs a theme used to have (theme_aliases), which keep leading to it.

use super::{on_db, on_tx};
use super::{Db, DbTx};
use crate::error::DomainError;
use crate::model::{slugify, Theme};

#[derive(sqlx::FromRow)]
struct ThemeRow {
    id: i64,
    slug: String,
    name: String,
    description: String,
    sheets: i64,
}

impl From<ThemeRow> for Theme {
    fn from(row: ThemeRow) -> Self {
        Theme {
            id: row.id,
            slug: row.slug,
            name: row.name,
            description: row.description,
            sheets: row.sheets,
        }
    }
}

const THEME_COLUMNS: &str = "t.id, t.slug, t.name, t.description,
    (SELECT CAST(COUNT(*) AS BIGINT) FROM action_themes a WHERE a.theme_id = t.id) AS sheets";

/// Every theme with how many sheets it has, in French alphabetical order (accents
/// ignored, the same on both engines).
pub async fn list(db: &Db) -> Result<Vec<Theme>, DomainError> {
    let sql = format!("SELECT {THEME_COLUMNS} FROM themes t");
    let rows: Vec<ThemeRow> = on_db!(db, pool => sqlx::query_as(&sql).fetch_all(pool).await)?;
    let mut themes: Vec<Theme> = rows.into_iter().map(Theme::from).collect();
    themes.sort_by_cached_key(|theme| (slugify(&theme.name), theme.id));
    Ok(themes)
}

/// One theme as (slug, name).
pub async fn find(db: &Db, id: i64) -> Result<Option<(String, String)>, DomainError> {
    let sql = "SELECT slug, name FROM themes WHERE id = $1";
    on_db!(db, pool => sqlx::query_as(sql).bind(id).fetch_optional(pool).await)
}

/// Every theme as (id, slug, name), for the search filters: one small read.
pub async fn names(db: &Db) -> Result<Vec<(i64, String, String)>, DomainError> {
    let sql = "SELECT id, slug, name FROM themes ORDER BY slug";
    on_db!(db, pool => sqlx::query_as(sql).fetch_all(pool).await)
}

/// What an address's slug names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SlugLookup {
    Found(Theme),
    /// A former slug of a theme (renamed or merged): its slug now.
    Moved(String),
    Missing,
}

/// The theme of a slug, or where a former slug leads.
pub async fn by_slug(db: &Db, slug: &str) -> Result<SlugLookup, DomainError> {
    let sql = format!("SELECT {THEME_COLUMNS} FROM themes t WHERE t.slug = $1");
    let row: Option<ThemeRow> =
        on_db!(db, pool => sqlx::query_as(&sql).bind(slug).fetch_optional(pool).await)?;
    if let Some(row) = row {
        return Ok(SlugLookup::Found(row.into()));
    }
    let sql = "SELECT t.slug FROM theme_aliases a JOIN themes t ON t.id = a.theme_id
               WHERE a.slug = $1";
    let moved: Option<String> =
        on_db!(db, pool => sqlx::query_scalar(sql).bind(slug).fetch_optional(pool).await)?;
    Ok(moved.map_or(SlugLookup::Missing, SlugLookup::Moved))
}

/// The themes of these slugs that exist, as (id, name), in the order given.
pub async fn named_by_slugs(db: &Db, slugs: &[String]) -> Result<Vec<(i64, String)>, DomainError> {
    let mut found = Vec::with_capacity(slugs.len());
    for slug in slugs {
        let sql = "SELECT id, name FROM themes WHERE slug = $1";
        let row: Option<(i64, String)> =
            on_db!(db, pool => sqlx::query_as(sql).bind(slug).fetch_optional(pool).await)?;
        found.extend(row);
    }
    Ok(found)
}

/// Creates a theme; fails with a unique violation when its name or slug is taken.
pub async fn create(tx: &mut DbTx, name: &str, description: &str) -> Result<i64, DomainError> {
    let slug = slugify(name);
    let sql = "INSERT INTO themes (slug, name, description) VALUES ($1, $2, $3) RETURNING id";
    let id: i64 = on_tx!(tx, conn => sqlx::query_scalar(sql)
        .bind(&slug)
        .bind(name)
        .bind(description)
        .fetch_one(conn)
        .await)?;
    // A former slug now names this theme.
    let sql = "DELETE FROM theme_aliases WHERE slug = $1";
    on_tx!(tx, conn => sqlx::query(sql).bind(&slug).execute(conn).await.map(|_| ()))?;
    Ok(id)
}

/// The id of the theme of this name (or slug), created when missing: for sheets created
/// by the demo and by imports, which name their themes.
pub async fn ensure(tx: &mut DbTx, name: &str) -> Result<i64, DomainError> {
    let sql = "SELECT id FROM themes WHERE slug = $1";
    let found: Option<i64> = on_tx!(tx, conn => sqlx::query_scalar(sql)
        .bind(slugify(name))
        .fetch_optional(conn)
        .await)?;
    match found {
        Some(id) => Ok(id),
        None => create(tx, name, "").await,
    }
}

/// Renames a theme and changes its description; its former slug keeps leading to it.
/// False when there is no such theme; a unique violation when the name is taken.
pub async fn update(
    tx: &mut DbTx,
    id: i64,
    name: &str,
    description: &str,
) -> Result<bool, DomainError> {
    let sql = "SELECT slug FROM themes WHERE id = $1";
    let Some(old_slug): Option<String> =
        on_tx!(tx, conn => sqlx::query_scalar(sql).bind(id).fetch_optional(conn).await)?
    else {
        return Ok(false);
    };
    let slug = slugify(name);
    let sql = "UPDATE themes SET slug = $1, name = $2, description = $3 WHERE id = $4";
    on_tx!(tx, conn => sqlx::query(sql)
        .bind(&slug)
        .bind(name)
        .bind(description)
        .bind(id)
        .execute(conn)
        .await
        .map(|_| ()))?;
    if old_slug != slug {
        keep_alias(tx, &old_slug, id).await?;
        let sql = "DELETE FROM theme_aliases WHERE slug = $1";
        on_tx!(tx, conn => sqlx::query(sql).bind(&slug).execute(conn).await.map(|_| ()))?;
    }
    Ok(true)
}

async fn keep_alias(tx: &mut DbTx, slug: &str, theme_id: i64) -> Result<(), DomainError> {
    let sql = "INSERT INTO theme_aliases (slug, theme_id) VALUES ($1, $2)
               ON CONFLICT (slug) DO UPDATE SET theme_id = excluded.theme_id";
    on_tx!(tx, conn => sqlx::query(sql).bind(slug).bind(theme_id).execute(conn).await.map(|_| ()))
}

/// Merges `source` into `target`: every sheet filed under `source` is filed under
/// `target` (at the same place in its list, once), then `source` is removed and its
/// slugs lead to `target`. False when either theme is missing.
pub async fn merge(tx: &mut DbTx, source: i64, target: i64) -> Result<bool, DomainError> {
    let sql = "SELECT slug FROM themes WHERE id = $1";
    let source_slug: Option<String> =
        on_tx!(tx, conn => sqlx::query_scalar(sql).bind(source).fetch_optional(conn).await)?;
    let target_exists: Option<String> =
        on_tx!(tx, conn => sqlx::query_scalar(sql).bind(target).fetch_optional(conn).await)?;
    let (Some(source_slug), Some(_)) = (source_slug, target_exists) else {
        return Ok(false);
    };
    let sql = "INSERT INTO action_themes (action_id, position, theme_id)
               SELECT action_id, position, $2 FROM action_themes WHERE theme_id = $1
               ON CONFLICT (action_id, theme_id) DO NOTHING";
    on_tx!(tx, conn => sqlx::query(sql).bind(source).bind(target).execute(conn).await.map(|_| ()))?;
    let sql = "UPDATE theme_aliases SET theme_id = $2 WHERE theme_id = $1";
    on_tx!(tx, conn => sqlx::query(sql).bind(source).bind(target).execute(conn).await.map(|_| ()))?;
    // The sheets' rows are deleted explicitly (not left to the cascade) so that their
    // triggers mark the sheets for re-indexing on both engines.
    let sql = "DELETE FROM action_themes WHERE theme_id = $1";
    on_tx!(tx, conn => sqlx::query(sql).bind(source).execute(conn).await.map(|_| ()))?;
    let sql = "DELETE FROM themes WHERE id = $1";
    on_tx!(tx, conn => sqlx::query(sql).bind(source).execute(conn).await.map(|_| ()))?;
    keep_alias(tx, &source_slug, target).await?;
    Ok(true)
}

/// What deleting a theme did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DeleteOutcome {
    Deleted,
    /// Sheets are filed under it: merge it instead.
    InUse(i64),
    Missing,
}

/// Deletes a theme no sheet uses.
pub async fn delete(tx: &mut DbTx, id: i64) -> Result<DeleteOutcome, DomainError> {
    let sql = "SELECT CAST(COUNT(*) AS BIGINT) FROM action_themes WHERE theme_id = $1";
    let used: i64 = on_tx!(tx, conn => sqlx::query_scalar(sql).bind(id).fetch_one(conn).await)?;
    if used > 0 {
        return Ok(DeleteOutcome::InUse(used));
    }
    let sql = "DELETE FROM themes WHERE id = $1";
    let deleted = on_tx!(tx, conn => sqlx::query(sql)
        .bind(id)
        .execute(conn)
        .await
        .map(|done| done.rows_affected()))?;
    Ok(if deleted == 0 {
        DeleteOutcome::Missing
    } else {
        DeleteOutcome::Deleted
    })
}

/// The themes of a sheet, in its order, as (slug, name).
pub async fn of_sheet(db: &Db, action_id: i64) -> Result<Vec<(String, String)>, DomainError> {
    let sql = "SELECT t.slug, t.name FROM action_themes a JOIN themes t ON t.id = a.theme_id
               WHERE a.action_id = $1 ORDER BY a.position, t.name";
    on_db!(db, pool => sqlx::query_as(sql).bind(action_id).fetch_all(pool).await)
}

/// The names of a sheet's themes, in its order, within a transaction.
pub async fn names_of_sheet(tx: &mut DbTx, action_id: i64) -> Result<Vec<String>, DomainError> {
    let sql = "SELECT t.name FROM action_themes a JOIN themes t ON t.id = a.theme_id
               WHERE a.action_id = $1 ORDER BY a.position, t.name";
    on_tx!(tx, conn => sqlx::query_scalar(sql).bind(action_id).fetch_all(conn).await)
}

/// Files a sheet under these themes (by name, in this order), replacing its list; names
/// that are not (or no longer) in the list are left out.
pub async fn set_of_sheet(
    tx: &mut DbTx,
    action_id: i64,
    names: &[&str],
) -> Result<(), DomainError> {
    let sql = "DELETE FROM action_themes WHERE action_id = $1";
    on_tx!(tx, conn => sqlx::query(sql).bind(action_id).execute(conn).await.map(|_| ()))?;
    for (position, name) in names.iter().enumerate() {
        let sql = "INSERT INTO action_themes (action_id, position, theme_id)
                   SELECT $1, $2, id FROM themes WHERE name = $3
                   ON CONFLICT (action_id, theme_id) DO NOTHING";
        on_tx!(tx, conn => sqlx::query(sql)
            .bind(action_id)
            .bind(position as i32)
            .bind(*name)
            .execute(conn)
            .await
            .map(|_| ()))?;
    }
    Ok(())
}

/// Gives every theme the slug of its name (`slugify`), keeping the former one as an
/// alias: run at start, after the migrations (migration 0012 made slugs in SQL, which
/// folds fewer characters). A slug another theme already holds is left as it is.
pub async fn align_slugs(db: &Db) -> Result<usize, DomainError> {
    let sql = "SELECT id, slug, name FROM themes ORDER BY id";
    let rows: Vec<(i64, String, String)> =
        on_db!(db, pool => sqlx::query_as(sql).fetch_all(pool).await)?;
    let taken: std::collections::HashSet<String> = rows.iter().map(|r| r.1.clone()).collect();
    let misaligned: Vec<(i64, String)> = rows
        .into_iter()
        .filter(|(_, slug, name)| *slug != slugify(name) && !taken.contains(&slugify(name)))
        .map(|(id, _, name)| (id, name))
        .collect();
    if misaligned.is_empty() {
        return Ok(0);
    }
    let mut tx = db.begin_write().await?;
    let sql = "SELECT description FROM themes WHERE id = $1";
    for (id, name) in &misaligned {
        let description: String =
            on_tx!(&mut tx, conn => sqlx::query_scalar(sql).bind(*id).fetch_one(conn).await)?;
        update(&mut tx, *id, name, &description).await?;
    }
    tx.commit().await?;
    Ok(misaligned.len())
}
