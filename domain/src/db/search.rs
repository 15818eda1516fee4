//! The search index in SQL: re-indexing the sheets the triggers marked stale (in the
//! transaction being committed), matching tokens, and the rows a results page shows. The
//! same SQL runs on SQLite and PostgreSQL; tokens and weights come from
//! [`crate::search`].

use crate::error::DomainError;
use std::collections::HashMap;

use chrono::{DateTime, Utc};

use super::{json_array, json_rows, Db, DbTx};
use super::{on_db, on_tx};
use crate::search::{document_terms, Document, VocabularyWord};

/// Most tokens of a query (see `search::tokens::query_tokens`).
pub const MAX_QUERY_TOKENS: usize = 8;

/// Re-indexes every sheet marked stale, in `tx`: called by [`DbTx::commit`] before every
/// commit, so a search never finds a text other than the one saved. Returns how many.
pub async fn reindex_stale(tx: &mut DbTx) -> Result<usize, DomainError> {
    let sql = "SELECT action_id FROM search_stale ORDER BY action_id";
    let stale: Vec<i64> = on_tx!(tx, conn => sqlx::query_scalar(sql).fetch_all(conn).await)?;
    if stale.is_empty() {
        return Ok(0);
    }
    // PostgreSQL: the search generation's row is locked before any sheet's rows, so that two
    // re-indexing transactions (a save and the background sweep) always lock in the same
    // order. SQLite writers are serialised by BEGIN IMMEDIATE already.
    if let DbTx::Postgres(conn) = tx {
        let sql = "SELECT value FROM search_generation WHERE id = 1 FOR UPDATE";
        sqlx::query(sql).execute(&mut **conn).await?;
    }
    for action_id in &stale {
        reindex(tx, *action_id).await?;
    }
    Ok(stale.len())
}

/// Re-indexes sheets left marked by writes that did not go through a [`DbTx`] (the
/// background task sweeps them); a read when there is nothing to do.
pub async fn reindex_pending(db: &Db) -> Result<usize, DomainError> {
    let sql = "SELECT COUNT(*) FROM search_stale";
    let pending: i64 = on_db!(db, pool => sqlx::query_scalar(sql).fetch_one(pool).await)?;
    if pending == 0 {
        return Ok(0);
    }
    let mut tx = db.begin_write().await?;
    let done = reindex_stale(&mut tx).await?;
    tx.commit().await?;
    Ok(done)
}

/// Brings the tokens and facts of one sheet in line with its text (none if it is
/// unpublished or gone). Only what differs is written: an edit of one part rewrites the
/// tokens whose weight it changed, and the facts row (which moves the search generation,
/// see [`index_generation`]) only when a fact changed.
///
/// Every write is one statement of fixed text whatever the number of rows (the rows travel
/// as one JSON array, see [`json_rows`]), so each connection prepares it once: a few
/// round trips per sheet, none of them parsed again.
pub async fn reindex(tx: &mut DbTx, action_id: i64) -> Result<(), DomainError> {
    let sql = "DELETE FROM search_stale WHERE action_id = $1";
    on_tx!(tx, conn => sqlx::query(sql).bind(action_id).execute(conn).await.map(|_| ()))?;
    let Some((document, facts)) = load_document(tx, action_id).await? else {
        let sql = "DELETE FROM search_terms WHERE action_id = $1";
        on_tx!(tx, conn => sqlx::query(sql).bind(action_id).execute(conn).await.map(|_| ()))?;
        let sql = "DELETE FROM search_sheets WHERE action_id = $1";
        on_tx!(tx, conn => sqlx::query(sql).bind(action_id).execute(conn).await.map(|_| ()))?;
        return Ok(());
    };
    // Written only when a value differs, so that an unchanged sheet leaves the search
    // generation (and every server's facts in memory) as they are.
    let sql = "INSERT INTO search_sheets
                 (action_id, updated, departement, status, kind, last_event, last_open, themes)
               VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
               ON CONFLICT (action_id) DO UPDATE SET
                 updated = excluded.updated, departement = excluded.departement,
                 status = excluded.status, kind = excluded.kind,
                 last_event = excluded.last_event, last_open = excluded.last_open,
                 themes = excluded.themes
               WHERE search_sheets.updated <> excluded.updated
                  OR search_sheets.departement <> excluded.departement
                  OR search_sheets.status <> excluded.status
                  OR search_sheets.kind <> excluded.kind
                  OR search_sheets.last_event <> excluded.last_event
                  OR search_sheets.last_open <> excluded.last_open
                  OR search_sheets.themes <> excluded.themes";
    on_tx!(tx, conn => sqlx::query(sql)
        .bind(action_id)
        .bind(facts.updated_at.timestamp())
        .bind(&facts.departement)
        .bind(&facts.status)
        .bind(&facts.kind)
        .bind(facts.last_event)
        .bind(facts.last_open)
        .bind(&facts.themes)
        .execute(conn)
        .await
        .map(|_| ()))?;
    let (weights, words) = document_terms(&document);
    let sql = "SELECT term, weight FROM search_terms WHERE action_id = $1";
    let indexed: Vec<(String, i64)> =
        on_tx!(tx, conn => sqlx::query_as(sql).bind(action_id).fetch_all(conn).await)?;
    let indexed: HashMap<String, i64> = indexed.into_iter().collect();
    let mut gone: Vec<[&String; 1]> = indexed
        .keys()
        .filter(|term| !weights.contains_key(*term))
        .map(|term| [term])
        .collect();
    gone.sort();
    let mut changed: Vec<(&String, i64)> = weights
        .iter()
        .filter(|(term, weight)| indexed.get(*term) != Some(*weight))
        .map(|(term, weight)| (term, *weight))
        .collect();
    changed.sort();
    let rows = json_rows(tx.is_postgres(), 2);
    if !gone.is_empty() {
        let sql = format!(
            "DELETE FROM search_terms WHERE action_id = $1
               AND term IN (SELECT value ->> 0 FROM {rows})"
        );
        let gone = json_array(&gone);
        on_tx!(tx, conn => sqlx::query(&sql).bind(action_id).bind(&gone).execute(conn).await.map(|_| ()))?;
    }
    if !changed.is_empty() {
        let sql = format!(
            "INSERT INTO search_terms (term, action_id, weight)
             SELECT value ->> 0, $1, CAST(value ->> 1 AS BIGINT) FROM {rows} WHERE true
             ON CONFLICT (term, action_id) DO UPDATE SET weight = excluded.weight"
        );
        let changed = json_array(&changed);
        on_tx!(tx, conn => sqlx::query(&sql).bind(action_id).bind(&changed).execute(conn).await.map(|_| ()))?;
    }
    // The vocabulary is offered the words of the tokens written now: a new token brings
    // its words; a sheet edited elsewhere brings nothing (its words were offered when its
    // tokens were). A new spelling of a token whose weight did not move is left out: the
    // suggestions it would give lead to the same sheets through the spelling kept.
    let written: std::collections::HashSet<&String> =
        changed.iter().map(|(term, _)| *term).collect();
    let words: Vec<&VocabularyWord> = words
        .iter()
        .filter(|word| written.contains(&word.stem))
        .collect();
    if !words.is_empty() {
        let rows = json_rows(tx.is_postgres(), 1);
        let sql = format!(
            "INSERT INTO search_vocabulary (folded, display, stem, initial, letters)
             SELECT value ->> 0, value ->> 1, value ->> 2, value ->> 3,
                    CAST(value ->> 4 AS BIGINT)
             FROM {rows} WHERE true
             ON CONFLICT (folded) DO NOTHING"
        );
        let words: Vec<(&str, &str, &str, String, usize)> = words
            .iter()
            .map(|word| {
                let initial: String = word.folded.chars().take(1).collect();
                let letters = word.folded.chars().count();
                (
                    word.folded.as_str(),
                    word.display.as_str(),
                    word.stem.as_str(),
                    initial,
                    letters,
                )
            })
            .collect();
        let words = json_array(&words);
        on_tx!(tx, conn => sqlx::query(&sql).bind(&words).execute(conn).await.map(|_| ()))?;
    }
    Ok(())
}

#[derive(sqlx::FromRow)]
struct DocumentRow {
    updated_at: DateTime<Utc>,
    departement: String,
    status: String,
    kind: String,
    title: String,
    quote: String,
    quote_author: String,
    summary: String,
    published: bool,
    organisation: String,
    city: String,
}

/// What the filters read of an indexed sheet.
struct Facts {
    updated_at: DateTime<Utc>,
    departement: String,
    status: String,
    kind: String,
    /// Its themes' ids, separated by spaces.
    themes: String,
    /// The start of its last event not cancelled (seconds; 0 when none).
    last_event: i64,
    /// The last sign-up deadline of its open events with places left (seconds; 0: none).
    last_open: i64,
}

#[derive(sqlx::FromRow)]
struct EventRow {
    title: String,
    place: String,
    description: String,
    status: String,
    starts_at: DateTime<Utc>,
    signup_deadline: DateTime<Utc>,
    capacity: Option<i64>,
    confirmed_people: i64,
}

async fn load_document(
    tx: &mut DbTx,
    action_id: i64,
) -> Result<Option<(Document, Facts)>, DomainError> {
    let sql = "SELECT a.updated_at, o.departement, a.status, o.kind,
                      a.title, a.quote, a.quote_author, a.summary, a.published,
                      o.name AS organisation, o.city
               FROM actions a JOIN organisations o ON o.id = a.organisation_id
               WHERE a.id = $1";
    let row: Option<DocumentRow> =
        on_tx!(tx, conn => sqlx::query_as(sql).bind(action_id).fetch_optional(conn).await)?;
    let Some(row) = row.filter(|row| row.published) else {
        return Ok(None);
    };
    let sql = "SELECT t.id, t.name FROM action_themes a JOIN themes t ON t.id = a.theme_id
               WHERE a.action_id = $1 ORDER BY a.position, t.id";
    let themes: Vec<(i64, String)> =
        on_tx!(tx, conn => sqlx::query_as(sql).bind(action_id).fetch_all(conn).await)?;
    let sql = "SELECT question, answer FROM action_sections WHERE action_id = $1 ORDER BY position";
    let sections: Vec<(String, String)> =
        on_tx!(tx, conn => sqlx::query_as(sql).bind(action_id).fetch_all(conn).await)?;
    // Every event, the cancelled ones too: their text is indexed unless cancelled, and
    // the facts "an event to come" and "places left" are computed here from the same rows.
    let sql = "SELECT title, place, description, status, starts_at, signup_deadline,
                      capacity, confirmed_people
               FROM events WHERE action_id = $1 ORDER BY starts_at, id";
    let events: Vec<EventRow> =
        on_tx!(tx, conn => sqlx::query_as(sql).bind(action_id).fetch_all(conn).await)?;
    let current = || events.iter().filter(|event| event.status != "cancelled");
    let last_event = current().map(|event| event.starts_at.timestamp()).max();
    let last_open = events
        .iter()
        .filter(|event| {
            event.status == "open"
                && event
                    .capacity
                    .is_none_or(|capacity| event.confirmed_people < capacity)
        })
        .map(|event| event.signup_deadline.timestamp())
        .max();
    let facts = Facts {
        updated_at: row.updated_at,
        departement: row.departement,
        status: row.status,
        kind: row.kind,
        themes: themes
            .iter()
            .map(|(id, _)| id.to_string())
            .collect::<Vec<_>>()
            .join(" "),
        last_event: last_event.unwrap_or(0),
        last_open: last_open.unwrap_or(0),
    };
    Ok(Some((
        Document {
            title: row.title,
            themes: themes.into_iter().map(|(_, name)| name).collect(),
            organisation: row.organisation,
            city: row.city,
            quote: format!("{} {}", row.quote, row.quote_author),
            summary: row.summary,
            sections,
            events: current()
                .map(|event| format!("{} {} {}", event.title, event.place, event.description))
                .collect(),
        },
        facts,
    )))
}

/// The generation of the search facts (migration 0013): moved by every change to
/// `search_sheets` in its own transaction.
pub async fn index_generation(db: &Db) -> Result<i64, DomainError> {
    let sql = "SELECT value FROM search_generation WHERE id = 1";
    on_db!(db, pool => sqlx::query_scalar(sql).fetch_one(pool).await)
}

/// One row of `search_sheets`: what the filters and the ranking read of an indexed sheet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FactsRow {
    pub id: i64,
    /// When the sheet last changed, in whole seconds since 1970.
    pub updated: i64,
    pub departement: String,
    pub status: String,
    pub kind: String,
    /// Seconds; 0 for none.
    pub last_event: i64,
    /// Seconds; 0 for none.
    pub last_open: i64,
    pub themes: Vec<i64>,
}

/// The one dialect difference of search: joining many rows' text into one value.
/// Rows travel as one packed text value, not thousands of rows: the per-row cost of the
/// drivers is what reading every sheet (or a common word) would pay.
fn aggregate(db: &Db) -> &'static str {
    match db {
        Db::Sqlite(_) => "group_concat(packed, ',')",
        Db::Postgres(_) => "string_agg(packed, ',')",
    }
}

/// The facts of every indexed (published) sheet.
pub async fn all_facts(db: &Db) -> Result<Vec<FactsRow>, DomainError> {
    let sql = format!(
        "SELECT {} FROM (
             SELECT CAST(action_id AS TEXT) || ':' || CAST(updated AS TEXT) || ':'
                    || departement || ':' || status || ':' || kind || ':'
                    || CAST(last_event AS TEXT) || ':' || CAST(last_open AS TEXT) || ':'
                    || themes AS packed
             FROM search_sheets) rows",
        aggregate(db)
    );
    let packed: Option<String> =
        on_db!(db, pool => sqlx::query_scalar(&sql).fetch_one(pool).await)?;
    Ok(packed
        .unwrap_or_default()
        .split(',')
        .filter_map(|packed| {
            let mut fields = packed.split(':');
            Some(FactsRow {
                id: fields.next()?.parse().ok()?,
                updated: fields.next()?.parse().ok()?,
                departement: fields.next()?.to_owned(),
                status: fields.next()?.to_owned(),
                kind: fields.next()?.to_owned(),
                last_event: fields.next()?.parse().ok()?,
                last_open: fields.next()?.parse().ok()?,
                themes: fields
                    .next()?
                    .split(' ')
                    .filter_map(|id| id.parse().ok())
                    .collect(),
            })
        })
        .collect())
}

/// The sheets holding every one of `tokens` (at most [`MAX_QUERY_TOKENS`]), each with the
/// sum of those tokens' weights in it: (sheet id, score).
pub async fn scores(db: &Db, tokens: &[String]) -> Result<Vec<(i64, i64)>, DomainError> {
    let tokens = &tokens[..tokens.len().min(MAX_QUERY_TOKENS)];
    if tokens.is_empty() {
        return Ok(Vec::new());
    }
    let placeholders = (1..=tokens.len())
        .map(|i| format!("${i}"))
        .collect::<Vec<_>>()
        .join(", ");
    let sql = if tokens.len() == 1 {
        // One word: its index entries as they are, no grouping.
        format!(
            "SELECT {} FROM (
                 SELECT CAST(action_id AS TEXT) || ':' || CAST(weight AS TEXT) AS packed
                 FROM search_terms WHERE term = $1) rows",
            aggregate(db)
        )
    } else {
        format!(
            "SELECT {} FROM (
                 SELECT CAST(action_id AS TEXT) || ':' || CAST(SUM(weight) AS TEXT) AS packed
                 FROM search_terms WHERE term IN ({placeholders})
                 GROUP BY action_id HAVING COUNT(*) = {}) rows",
            aggregate(db),
            tokens.len()
        )
    };
    let packed: Option<String> = on_db!(db, pool => {
        let mut query = sqlx::query_scalar(&sql);
        for token in tokens {
            query = query.bind(token);
        }
        query.fetch_one(pool).await
    })?;
    Ok(packed
        .unwrap_or_default()
        .split(',')
        .filter_map(|pair| {
            let (id, score) = pair.split_once(':')?;
            Some((id.parse().ok()?, score.parse().ok()?))
        })
        .collect())
}

/// A found sheet as its result shows it.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ResultRow {
    pub id: i64,
    pub slug: String,
    pub title: String,
    pub quote: String,
    pub summary: String,
    pub status: String,
    pub organisation_name: String,
    pub city: String,
}

/// The sheets of these ids (at most a page), with the answers of each and the next event
/// that is not cancelled.
pub async fn result_rows(
    db: &Db,
    ids: &[i64],
    now: DateTime<Utc>,
) -> Result<
    (
        Vec<ResultRow>,
        HashMap<i64, Vec<String>>,
        HashMap<i64, (String, DateTime<Utc>)>,
    ),
    DomainError,
> {
    if ids.is_empty() {
        return Ok(Default::default());
    }
    let list = ids.iter().map(i64::to_string).collect::<Vec<_>>().join(",");
    // The ids are numbers this server produced: written into the SQL, not bound.
    let sql = format!(
        "SELECT a.id, a.slug, a.title, a.quote, a.summary, a.status,
                o.name AS organisation_name, o.city
         FROM actions a JOIN organisations o ON o.id = a.organisation_id
         WHERE a.id IN ({list})"
    );
    let rows: Vec<ResultRow> = on_db!(db, pool => sqlx::query_as(&sql).fetch_all(pool).await)?;
    let sql = format!(
        "SELECT action_id, answer FROM action_sections WHERE action_id IN ({list})
         ORDER BY action_id, position"
    );
    let answers: Vec<(i64, String)> =
        on_db!(db, pool => sqlx::query_as(&sql).fetch_all(pool).await)?;
    let mut by_sheet: HashMap<i64, Vec<String>> = HashMap::new();
    for (id, answer) in answers {
        by_sheet.entry(id).or_default().push(answer);
    }
    let sql = format!(
        "SELECT action_id, title, starts_at FROM events
         WHERE action_id IN ({list}) AND status <> 'cancelled' AND starts_at > $1
         ORDER BY action_id, starts_at"
    );
    let events: Vec<(i64, String, DateTime<Utc>)> =
        on_db!(db, pool => sqlx::query_as(&sql).bind(now).fetch_all(pool).await)?;
    let mut next: HashMap<i64, (String, DateTime<Utc>)> = HashMap::new();
    for (id, title, starts_at) in events {
        next.entry(id).or_insert((title, starts_at));
    }
    Ok((rows, by_sheet, next))
}

/// Indexed words with this first letter and a length from `letters - 1` to `letters + 1`:
/// (folded, as written, token).
pub async fn words_near(
    db: &Db,
    initial: &str,
    letters: i64,
) -> Result<Vec<(String, String, String)>, DomainError> {
    let sql = "SELECT folded, display, stem FROM search_vocabulary
               WHERE initial = $1 AND letters BETWEEN $2 AND $3 ORDER BY folded";
    on_db!(db, pool => sqlx::query_as(sql)
        .bind(initial)
        .bind(letters - 1)
        .bind(letters + 1)
        .fetch_all(pool)
        .await)
}

/// How many published sheets hold each of these tokens (absent: none).
pub async fn sheets_per_term(
    db: &Db,
    terms: &[String],
) -> Result<HashMap<String, i64>, DomainError> {
    let mut counts = HashMap::new();
    for term in terms {
        let sql = "SELECT COUNT(*) FROM search_terms WHERE term = $1";
        let count: i64 =
            on_db!(db, pool => sqlx::query_scalar(sql).bind(term).fetch_one(pool).await)?;
        if count > 0 {
            counts.insert(term.clone(), count);
        }
    }
    Ok(counts)
}
