//! Actions (fiches action): creation with the standard questions, the public sheet, the
//! home page cards, gallery images, and the content generation that invalidates caches.

use crate::error::DomainError;
use chrono::{DateTime, NaiveDate, Utc};

use super::{on_db, on_tx};
use super::{Db, DbTx};
use crate::model::{
    ActionCard, ActionSheet, ActionStatus, CardPage, GalleryImage, OrganisationKind, Section,
    CARDS_PER_PAGE, STANDARD_QUESTIONS,
};

/// What creating a sheet needs. Without `sections`, the sheet gets the four standard
/// questions with empty answers.
#[derive(Debug, Clone)]
pub struct NewAction {
    pub slug: String,
    pub organisation_id: i64,
    pub title: String,
    pub quote: String,
    pub quote_author: String,
    pub summary: String,
    pub start_date: Option<NaiveDate>,
    pub status: ActionStatus,
    pub progress: i32,
    pub themes: Vec<String>,
    pub referent_name: String,
    pub published: bool,
    pub sections: Option<Vec<(String, String)>>,
    pub created_at: DateTime<Utc>,
}

/// A stored image file and its thumbnail, to add to a gallery.
#[derive(Debug, Clone)]
pub struct NewGalleryImage {
    pub file_name: String,
    pub thumb_name: String,
    pub width: i32,
    pub height: i32,
    pub thumb_width: i32,
    pub thumb_height: i32,
    pub alt_text: String,
}

/// Creates a sheet with its themes and sections in one transaction; returns its id.
/// Fails (unique violation) when the slug is taken.
#[tracing::instrument(skip_all, fields(slug = %new.slug))]
pub async fn create(tx: &mut DbTx, new: &NewAction) -> Result<i64, DomainError> {
    let id = insert_action(tx, new).await?;
    for (position, theme) in new.themes.iter().enumerate() {
        let theme_id = super::themes::ensure(tx, theme.trim()).await?;
        let sql = "INSERT INTO action_themes (action_id, position, theme_id) VALUES ($1, $2, $3)
                   ON CONFLICT (action_id, theme_id) DO NOTHING";
        on_tx!(tx, conn => sqlx::query(sql)
            .bind(id)
            .bind(position as i32)
            .bind(theme_id)
            .execute(conn)
            .await
            .map(|done| done.rows_affected()))?;
    }
    let sections: Vec<(String, String)> = match &new.sections {
        Some(sections) => sections.clone(),
        None => STANDARD_QUESTIONS
            .iter()
            .map(|q| (q.to_string(), String::new()))
            .collect(),
    };
    for (position, (question, answer)) in sections.iter().enumerate() {
        let sql = "INSERT INTO action_sections (action_id, position, question, answer)
                   VALUES ($1, $2, $3, $4)";
        on_tx!(tx, conn => sqlx::query(sql)
            .bind(id)
            .bind(position as i32)
            .bind(question)
            .bind(answer)
            .execute(conn)
            .await
            .map(|done| done.rows_affected()))?;
    }
    Ok(id)
}

async fn insert_action(tx: &mut DbTx, new: &NewAction) -> Result<i64, DomainError> {
    let sql = "INSERT INTO actions (slug, organisation_id, title, quote, quote_author, summary,
                   start_date, status, progress, referent_name, published, created_at, updated_at)
               VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $12)
               RETURNING id";
    on_tx!(tx, conn => sqlx::query_scalar(sql)
        .bind(&new.slug)
        .bind(new.organisation_id)
        .bind(new.title.trim())
        .bind(new.quote.trim())
        .bind(new.quote_author.trim())
        .bind(new.summary.trim())
        .bind(new.start_date)
        .bind(new.status.code())
        .bind(new.progress.clamp(0, 100))
        .bind(new.referent_name.trim())
        .bind(new.published)
        .bind(new.created_at)
        .fetch_one(conn)
        .await)
}

/// Appends an image at the end of a sheet's gallery; returns its id.
pub async fn add_gallery_image(
    tx: &mut DbTx,
    action_id: i64,
    image: &NewGalleryImage,
) -> Result<i64, DomainError> {
    let sql = "INSERT INTO gallery_images (action_id, position, file_name, thumb_name, width,
                   height, thumb_width, thumb_height, alt_text)
               VALUES ($1, (SELECT COALESCE(MAX(position) + 1, 0) FROM gallery_images WHERE action_id = $1),
                   $2, $3, $4, $5, $6, $7, $8)
               RETURNING id";
    let id: i64 = on_tx!(tx, conn => sqlx::query_scalar(sql)
        .bind(action_id)
        .bind(&image.file_name)
        .bind(&image.thumb_name)
        .bind(image.width)
        .bind(image.height)
        .bind(image.thumb_width)
        .bind(image.thumb_height)
        .bind(image.alt_text.trim())
        .fetch_one(conn)
        .await)?;
    Ok(id)
}

/// Publishes or unpublishes a sheet. Returns false when no sheet has this id.
pub async fn set_published(
    tx: &mut DbTx,
    action_id: i64,
    published: bool,
) -> Result<bool, DomainError> {
    let sql = "UPDATE actions SET published = $1, updated_at = $2 WHERE id = $3";
    let done = on_tx!(tx, conn => sqlx::query(sql)
        .bind(published)
        .bind(Utc::now())
        .bind(action_id)
        .execute(conn)
        .await
        .map(|done| done.rows_affected()))?;
    Ok(done == 1)
}

#[derive(sqlx::FromRow)]
struct SheetRow {
    id: i64,
    slug: String,
    title: String,
    quote: String,
    quote_author: String,
    summary: String,
    start_date: Option<NaiveDate>,
    status: String,
    progress: i32,
    referent_name: String,
    published: bool,
    organisation_name: String,
    organisation_slug: Option<String>,
    organisation_kind: String,
    postal_code: String,
    city: String,
}

#[derive(sqlx::FromRow)]
struct SectionRow {
    id: i64,
    question: String,
    answer: String,
}

#[derive(sqlx::FromRow)]
struct ImageRow {
    id: i64,
    file_name: String,
    thumb_name: String,
    width: i32,
    height: i32,
    thumb_width: i32,
    thumb_height: i32,
    alt_text: String,
    caption: String,
    is_cover: bool,
    medium_name: Option<String>,
    medium_width: Option<i32>,
    #[sqlx(default)]
    update_id: Option<i64>,
    #[sqlx(default)]
    has_webp: bool,
}

impl From<ImageRow> for GalleryImage {
    fn from(row: ImageRow) -> Self {
        let mut image = GalleryImage {
            id: row.id,
            url: crate::model::media_url(&row.file_name),
            thumb_url: crate::model::media_url(&row.thumb_name),
            width: row.width,
            height: row.height,
            thumb_width: row.thumb_width,
            thumb_height: row.thumb_height,
            medium_url: row.medium_name.as_deref().map(crate::model::media_url),
            medium_width: row.medium_width,
            alt: row.alt_text,
            caption: row.caption,
            is_cover: row.is_cover,
            srcset: String::new(),
            webp_srcset: String::new(),
            update_id: row.update_id,
        };
        image.srcset = image.make_srcset(false);
        if row.has_webp {
            image.webp_srcset = image.make_srcset(true);
        }
        image
    }
}

fn status_from_row(code: &str) -> ActionStatus {
    // The CHECK constraint only admits known codes.
    ActionStatus::from_code(code).unwrap_or(ActionStatus::Preparing)
}

/// The published sheet with this slug and everything its page shows; `None` when no
/// published sheet has it.
pub async fn find_published_sheet(db: &Db, slug: &str) -> Result<Option<ActionSheet>, DomainError> {
    Ok(find_sheet(db, slug)
        .await?
        .filter(|(_, published)| *published)
        .map(|(sheet, _)| sheet))
}

/// The sheet with this slug, published or not, and whether it is published.
#[tracing::instrument(skip_all, fields(slug = %slug))]
pub async fn find_sheet(db: &Db, slug: &str) -> Result<Option<(ActionSheet, bool)>, DomainError> {
    let sql = "SELECT a.id, a.slug, a.title, a.quote, a.quote_author, a.summary, a.start_date,
                      a.status, a.progress, a.referent_name, a.published,
                      o.name AS organisation_name, o.slug AS organisation_slug,
                      o.kind AS organisation_kind, o.postal_code, o.city
               FROM actions a JOIN organisations o ON o.id = a.organisation_id
               WHERE a.slug = $1";
    let row: Option<SheetRow> =
        on_db!(db, pool => sqlx::query_as(sql).bind(slug).fetch_optional(pool).await)?;
    let Some(row) = row else { return Ok(None) };

    let sections_sql = "SELECT id, question, answer FROM action_sections
                        WHERE action_id = $1 ORDER BY position, id";
    let sections: Vec<SectionRow> =
        on_db!(db, pool => sqlx::query_as(sections_sql).bind(row.id).fetch_all(pool).await)?;
    let themes = super::themes::of_sheet(db, row.id).await?;
    let referents_sql =
        "SELECT a.display_name FROM action_referents r JOIN accounts a ON a.id = r.account_id
                         WHERE r.action_id = $1 AND a.disabled = FALSE ORDER BY a.display_name";
    let referents: Vec<String> =
        on_db!(db, pool => sqlx::query_scalar(referents_sql).bind(row.id).fetch_all(pool).await)?;
    let images_sql =
        "SELECT id, file_name, thumb_name, width, height, thumb_width, thumb_height, alt_text,
                             caption, is_cover, medium_name, medium_width, update_id, has_webp
                      FROM gallery_images WHERE action_id = $1 ORDER BY position, id";
    let images: Vec<ImageRow> =
        on_db!(db, pool => sqlx::query_as(images_sql).bind(row.id).fetch_all(pool).await)?;

    let published = row.published;
    Ok(Some((
        ActionSheet {
            id: row.id,
            slug: row.slug,
            title: row.title,
            quote: row.quote,
            quote_author: row.quote_author,
            summary: row.summary,
            start_date: row.start_date,
            status: status_from_row(&row.status),
            progress: row.progress,
            themes: themes
                .into_iter()
                .map(|(slug, name)| crate::model::ThemeChoice { slug, name })
                .collect(),
            // The référents' accounts when the sheet has some; the name typed at creation otherwise.
            referent_name: if referents.is_empty() {
                row.referent_name
            } else {
                referents.join(", ")
            },
            organisation_name: row.organisation_name,
            organisation_slug: row.organisation_slug.unwrap_or_default(),
            organisation_kind: OrganisationKind::from_code(&row.organisation_kind)
                .unwrap_or(OrganisationKind::Association),
            postal_code: row.postal_code,
            city: row.city,
            sections: sections
                .into_iter()
                .map(|s| Section {
                    id: s.id,
                    question: s.question,
                    answer: s.answer,
                })
                .collect(),
            gallery: images.into_iter().map(GalleryImage::from).collect(),
        },
        published,
    )))
}

#[derive(sqlx::FromRow)]
struct CardRow {
    slug: String,
    title: String,
    status: String,
    organisation_name: String,
    city: String,
    image_id: Option<i64>,
    file_name: Option<String>,
    thumb_name: Option<String>,
    width: Option<i32>,
    height: Option<i32>,
    thumb_width: Option<i32>,
    thumb_height: Option<i32>,
    alt_text: Option<String>,
    caption: Option<String>,
    medium_name: Option<String>,
    medium_width: Option<i32>,
    has_webp: Option<bool>,
}

/// One page (1-based; out-of-range pages are clamped) of published sheets as cards, of one
/// organisation or of all, newest first, each with its cover (or first) photo that has an
/// alt text.
#[tracing::instrument(skip_all, fields(page = page))]
pub async fn list_published_cards(
    db: &Db,
    organisation_id: Option<i64>,
    page: i64,
) -> Result<CardPage, DomainError> {
    // The organisation's id is a number of ours, written into the SQL.
    let of_organisation = organisation_id
        .map(|id| format!(" AND a.organisation_id = {id}"))
        .unwrap_or_default();
    let count_sql =
        format!("SELECT COUNT(*) FROM actions a WHERE a.published = TRUE{of_organisation}");
    let total: i64 = on_db!(db, pool => sqlx::query_scalar(&count_sql).fetch_one(pool).await)?;
    let page_count = ((total + CARDS_PER_PAGE - 1) / CARDS_PER_PAGE).max(1);
    let page = page.clamp(1, page_count);
    let sql = format!("SELECT a.slug, a.title, a.status, o.name AS organisation_name, o.city,
                      g.id AS image_id, g.file_name, g.thumb_name, g.width, g.height, g.thumb_width,
                      g.thumb_height, g.alt_text, g.caption, g.medium_name, g.medium_width, g.has_webp
               FROM actions a
               JOIN organisations o ON o.id = a.organisation_id
               LEFT JOIN gallery_images g ON g.id = (
                   SELECT g2.id FROM gallery_images g2
                   WHERE g2.action_id = a.id AND g2.alt_text <> '' AND g2.update_id IS NULL
                   ORDER BY g2.is_cover DESC, g2.position, g2.id LIMIT 1)
               WHERE a.published = TRUE{of_organisation}
               ORDER BY a.created_at DESC, a.id DESC
               LIMIT $1 OFFSET $2");
    let rows: Vec<CardRow> = on_db!(db, pool => sqlx::query_as(&sql)
        .bind(CARDS_PER_PAGE)
        .bind((page - 1) * CARDS_PER_PAGE)
        .fetch_all(pool)
        .await)?;
    let cards = rows
        .into_iter()
        .map(|row| {
            let cover = match (row.file_name, row.thumb_name) {
                (Some(file_name), Some(thumb_name)) => Some(GalleryImage::from(ImageRow {
                    id: row.image_id.unwrap_or_default(),
                    file_name,
                    thumb_name,
                    width: row.width.unwrap_or_default(),
                    height: row.height.unwrap_or_default(),
                    thumb_width: row.thumb_width.unwrap_or_default(),
                    thumb_height: row.thumb_height.unwrap_or_default(),
                    alt_text: row.alt_text.unwrap_or_default(),
                    caption: row.caption.unwrap_or_default(),
                    is_cover: true,
                    medium_name: row.medium_name,
                    medium_width: row.medium_width,
                    update_id: None,
                    has_webp: row.has_webp.unwrap_or(false),
                })),
                _ => None,
            };
            ActionCard {
                slug: row.slug,
                title: row.title,
                status: status_from_row(&row.status),
                organisation_name: row.organisation_name,
                city: row.city,
                cover,
            }
        })
        .collect();
    Ok(CardPage {
        cards,
        page,
        page_count,
    })
}

/// Whether any sheet exists (the demo data is only loaded into an empty database).
pub async fn any_exists(db: &Db) -> Result<bool, DomainError> {
    let sql = "SELECT COUNT(*) FROM actions";
    let count: i64 = on_db!(db, pool => sqlx::query_scalar(sql).fetch_one(pool).await)?;
    Ok(count > 0)
}

/// The current content generation: it grows with every change to public content.
pub async fn content_generation(db: &Db) -> Result<i64, DomainError> {
    let sql = "SELECT generation FROM content_generation WHERE id = 1";
    on_db!(db, pool => sqlx::query_scalar(sql).fetch_one(pool).await)
}

/// One sheet in the administrators' list, by id.
pub async fn summary(db: &Db, id: i64) -> Result<Option<ActionSummary>, DomainError> {
    let sql = "SELECT a.id, a.slug, a.title, a.published, o.name AS organisation_name
               FROM actions a JOIN organisations o ON o.id = a.organisation_id
               WHERE a.id = $1";
    on_db!(db, pool => sqlx::query_as(sql).bind(id).fetch_optional(pool).await)
}

/// A sheet in the administrators' list.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ActionSummary {
    pub id: i64,
    pub slug: String,
    pub title: String,
    pub published: bool,
    pub organisation_name: String,
}

/// Every sheet, newest first.
pub async fn list_all(db: &Db) -> Result<Vec<ActionSummary>, DomainError> {
    let sql = "SELECT a.id, a.slug, a.title, a.published, o.name AS organisation_name
               FROM actions a JOIN organisations o ON o.id = a.organisation_id
               ORDER BY a.created_at DESC, a.id DESC";
    on_db!(db, pool => sqlx::query_as(sql).fetch_all(pool).await)
}

/// A slug for `title` that no sheet uses yet (`banquet`, then `banquet-2`, …).
pub async fn free_slug(db: &Db, title: &str) -> Result<String, DomainError> {
    let base = crate::model::slugify(title);
    let sql = "SELECT slug FROM actions WHERE slug = $1 OR slug LIKE $2";
    let taken: Vec<String> = on_db!(db, pool => sqlx::query_scalar(sql)
        .bind(&base)
        .bind(format!("{base}-%"))
        .fetch_all(pool)
        .await)?;
    let mut candidate = base.clone();
    let mut n = 2;
    while taken.contains(&candidate) {
        candidate = format!("{base}-{n}");
        n += 1;
    }
    Ok(candidate)
}

/// The slug of an action, for the address of its sheet.
pub async fn slug_of(db: &Db, action_id: i64) -> Result<Option<String>, DomainError> {
    let sql = "SELECT slug FROM actions WHERE id = $1";
    on_db!(db, pool => sqlx::query_scalar(sql).bind(action_id).fetch_optional(pool).await)
}

/// What the sitemap lists: every published sheet's slug and when it last changed (its
/// newest saved change in the history, or its last update), the slugs of the
/// organisations and themes that have published sheets, and the départements that do.
pub async fn sitemap(db: &Db) -> Result<SitemapRows, DomainError> {
    let sql = "SELECT a.slug, a.updated_at,
                      (SELECT MAX(c.at) FROM action_changes c WHERE c.action_id = a.id) AS changed_at
               FROM actions a WHERE a.published = TRUE ORDER BY a.slug";
    let sheets: Vec<(String, DateTime<Utc>, Option<DateTime<Utc>>)> =
        on_db!(db, pool => sqlx::query_as(sql).fetch_all(pool).await)?;
    let sql = "SELECT DISTINCT o.slug, o.departement FROM organisations o
               JOIN actions a ON a.organisation_id = o.id
               WHERE a.published = TRUE AND o.slug IS NOT NULL ORDER BY o.slug";
    let organisations: Vec<(String, String)> =
        on_db!(db, pool => sqlx::query_as(sql).fetch_all(pool).await)?;
    let sql = "SELECT DISTINCT t.slug FROM themes t
               JOIN action_themes x ON x.theme_id = t.id
               JOIN actions a ON a.id = x.action_id
               WHERE a.published = TRUE ORDER BY t.slug";
    let themes: Vec<String> = on_db!(db, pool => sqlx::query_scalar(sql).fetch_all(pool).await)?;
    Ok(SitemapRows {
        sheets: sheets
            .into_iter()
            .map(|(slug, updated, changed)| (slug, changed.map_or(updated, |c| c.max(updated))))
            .collect(),
        organisations: organisations.iter().map(|(slug, _)| slug.clone()).collect(),
        departements: {
            let mut codes: Vec<String> = organisations.into_iter().map(|(_, d)| d).collect();
            codes.sort();
            codes.dedup();
            codes
        },
        themes,
    })
}

/// See [`sitemap`].
#[derive(Debug, Clone)]
pub struct SitemapRows {
    pub sheets: Vec<(String, DateTime<Utc>)>,
    pub organisations: Vec<String>,
    pub departements: Vec<String>,
    pub themes: Vec<String>,
}
