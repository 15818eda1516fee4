//! Reading a published sheet.

use leptos::prelude::*;

use crate::error::AppError;
use crate::model::SheetPage;

/// A sheet, its editable parts and its canonical address. Unpublished sheets exist only for
/// their référents and administrators; for anyone else they are `NotFound`.
#[server(endpoint = "get_sheet")]
pub async fn get_sheet(
    slug: String,
    #[server(default)] news_page: u32,
) -> Result<SheetPage, AppError> {
    use crate::backend::display::{markdown_to_safe_html, part_view};
    use crate::backend::{auth, db::actions, db::updates, state::app_state};
    use crate::model::{french_date, ProgressUpdateView, SectionParts, SheetPart, SheetParts};

    let state = app_state()?;
    let (mut sheet, published) = actions::find_sheet(&state.db, &slug)
        .await?
        .ok_or(AppError::NotFound)?;
    let user = auth::current_user();
    let can_edit = user.as_ref().is_some_and(|user| user.can_edit(sheet.id));
    if !published && !can_edit {
        return Err(AppError::NotFound);
    }
    if !can_edit {
        // A photo without alt text is not public yet.
        sheet.gallery.retain(|image| !image.alt.is_empty());
    }
    let canonical_url = format!("{}/actions/{}", state.public_url, sheet.slug);
    let image_base = state.public_url.to_string();
    let parts = SheetParts {
        title: part_view(SheetPart::Title, &sheet.title),
        quote: part_view(SheetPart::Quote, &sheet.quote),
        quote_author: part_view(SheetPart::QuoteAuthor, &sheet.quote_author),
        summary: part_view(SheetPart::Summary, &sheet.summary),
        start_date: part_view(
            SheetPart::StartDate,
            &sheet.start_date.map(|d| d.to_string()).unwrap_or_default(),
        ),
        status: part_view(SheetPart::Status, sheet.status.code()),
        progress: part_view(SheetPart::Progress, &sheet.progress.to_string()),
        themes: part_view(
            SheetPart::Themes,
            &sheet
                .themes
                .iter()
                .map(|theme| theme.name.as_str())
                .collect::<Vec<_>>()
                .join(", "),
        ),
        sections: sheet
            .sections
            .iter()
            .map(|section| SectionParts {
                id: section.id,
                question: part_view(SheetPart::SectionQuestion(section.id), &section.question),
                answer: part_view(SheetPart::SectionAnswer(section.id), &section.answer),
            })
            .collect(),
    };
    let news_page = news_page.max(1);
    let per_page = i64::from(crate::model::NEWS_PER_PAGE);
    let mut page_of_news = updates::list(
        &state.db,
        sheet.id,
        per_page + 1,
        (i64::from(news_page) - 1) * per_page,
    )
    .await?;
    let older_news = page_of_news.len() as i64 > per_page;
    page_of_news.truncate(per_page as usize);
    let updates = page_of_news
        .into_iter()
        .map(|update| ProgressUpdateView {
            id: update.id,
            date: update.happened_on.to_string(),
            date_fr: french_date(update.happened_on),
            title: update.title,
            body_html: markdown_to_safe_html(&update.body),
            body: update.body,
            author: update.author,
            can_manage: can_edit
                && user
                    .as_ref()
                    .is_some_and(|u| u.is_admin || update.account_id == Some(u.id)),
            photos: sheet
                .gallery
                .iter()
                .filter(|image| image.update_id == Some(update.id))
                .cloned()
                .collect(),
        })
        .collect();
    let now = chrono::Utc::now();
    let rows = crate::backend::db::events::list_for_action(&state.db, sheet.id).await?;
    // The page shows what is open, closed, to come or past: it is valid until the next of
    // those moments (the rendered-page cache does not serve it beyond).
    let next_change = rows
        .iter()
        .filter(|row| !row.is_cancelled())
        .flat_map(|row| [row.signup_deadline, row.starts_at, row.ends_at])
        .filter(|at| *at > now)
        .min();
    crate::backend::cache_hints::valid_until(next_change.map(|at| at.timestamp()));
    let events = rows
        .iter()
        .map(|row| super::events::event_view(row, now, &state.public_url))
        .collect();
    let (sheet_id, sheet_slug) = (sheet.id, sheet.slug.clone());
    let json_ld = crate::backend::structured::sheet_json_ld(&state.public_url, &sheet, &rows, now);
    let paper_visits = if can_edit {
        crate::backend::db::visits::of_sheet(&state.db, sheet_id)
            .await?
            .into_iter()
            .map(|(source, count)| source.visits(count))
            .collect()
    } else {
        Vec::new()
    };
    Ok(SheetPage {
        sheet,
        parts,
        can_edit,
        theme_choices: if can_edit {
            crate::backend::db::themes::names(&state.db)
                .await?
                .into_iter()
                .map(|(_, slug, name)| crate::model::ThemeChoice { slug, name })
                .collect()
        } else {
            Vec::new()
        },
        published,
        updates,
        news_page,
        older_news,
        events,
        follow: crate::model::FollowBox::new(
            &crate::model::FollowScope::Action(sheet_id),
            "cette action",
            &format!("/actions/{}", sheet_slug),
            &state.public_url,
        ),
        canonical_url,
        image_base,
        paper_visits,
        json_ld,
    })
}
