//! "Suivre" without an account: asking to follow (double opt-in), confirming, the personal
//! page's changes, the one-click stop, and the background steps that mail the news — at
//! once, or in the Monday 8:00 (Europe/Paris) digest. Each step runs in one transaction;
//! what goes to whom is claimed in the database (items, digests, and one delivery record
//! per person and item), so several app servers never send anything twice.

use crate::error::DomainError;
use chrono::{DateTime, Datelike, Duration, NaiveTime, TimeZone, Utc};
use chrono_tz::Europe::Paris;

use crate::crypto::new_token;
use crate::db::follows::{self, TokenPurpose};
use crate::db::news::{self, NewsFilter};
use crate::db::{actions, mail_queue, organisations, themes, Db, DbTx};
use crate::feeds::NewsEntry;
use crate::model::{
    departement_name, departement_path, departements_of_region, region_name, region_of,
    region_path, FollowScope, FollowedView, PendingFollow, Rhythm, StopLink, CONFIRM_WITHIN_DAYS,
};
use crate::notices;
use crate::services::outreach;

/// An unconfirmed follow is forgotten after this, with its address if it was the last.
pub const CONFIRM_WITHIN: Duration = Duration::days(CONFIRM_WITHIN_DAYS);

/// Most items in one digest (the rest wait for the next).
const DIGEST_ITEMS: i64 = 100;

/// How far back a digest looks (a server down for weeks does not send months of news).
const DIGEST_LOOKBACK: Duration = Duration::days(28);

/// Asking again within this long sends no second message (the page says the same).
const QUIET_AFTER_MAIL: Duration = Duration::minutes(10);

/// Links to personal pages and stop links older than this stop working (every message
/// carries fresh ones).
const LINKS_KEPT: Duration = Duration::days(400);

/// What a scope is, as pages and messages name it.
#[derive(Debug, Clone)]
pub struct Target {
    pub scope: FollowScope,
    /// "l'action « Jardin partagé »", "le territoire Loire-Atlantique (44)"…
    pub name: String,
    /// "de l'action « Jardin partagé »"…
    pub of: String,
    /// "Jardin partagé", "Loire-Atlantique (44)": feed and calendar titles.
    pub title: String,
    /// Its page.
    pub path: String,
}

/// What `scope` names, if it names a published sheet, an organisation, a département, a
/// région or a theme that exists.
pub async fn target(db: &Db, scope: &FollowScope) -> Result<Option<Target>, DomainError> {
    let found = match scope {
        FollowScope::Action(id) => actions::summary(db, *id)
            .await?
            .filter(|sheet| sheet.published)
            .map(|sheet| (sheet.title, format!("/actions/{}", sheet.slug))),
        // An organisation without a published sheet is not public: nothing to follow (and
        // its id cannot be probed through the follow form).
        FollowScope::Organisation(id) => match organisations::find(db, *id).await? {
            Some(o) if organisations::has_published_sheet(db, o.id).await? => {
                Some((o.name, format!("/organisations/{}", o.slug)))
            }
            _ => None,
        },
        FollowScope::Departement(code) => departement_name(code)
            .is_some()
            .then(|| (String::new(), departement_path(code))),
        FollowScope::Region(code) => region_name(code)
            .is_some()
            .then(|| (String::new(), region_path(code))),
        FollowScope::Theme(id) => themes::find(db, *id)
            .await?
            .map(|(slug, name)| (name, format!("/themes/{slug}"))),
    };
    Ok(found.map(|(own_name, path)| {
        let names = scope.names(&own_name);
        Target {
            scope: scope.clone(),
            name: names.name,
            of: names.of,
            title: names.title,
            path,
        }
    }))
}

/// The scope keys a scope covers in the news: a région is its départements.
pub fn news_keys(scope: &FollowScope) -> Vec<String> {
    match scope {
        FollowScope::Region(code) => departements_of_region(code)
            .into_iter()
            .map(|d| FollowScope::Departement(d.to_owned()).key())
            .collect(),
        other => vec![other.key()],
    }
}

/// Asks to follow `target` with `email` (already checked). Nothing is sent but the
/// confirmation; someone who already follows gets a message with the link to their page
/// instead. The answer is the same in every case. Anyone can type anyone's address, so:
/// - each message draws on the address's budget of unproven mail ([`outreach`], at most
///   `per_day` a day) until its owner opens one of our links;
/// - one confirmation a day per address, listing every follow waiting (each with its own
///   link): a follow asked while it waits in the queue is added to it; one asked after it
///   left goes in a message held until the next morning (8:00, Europe/Paris);
/// - asking again for what was already mailed today, or for what is followed already
///   within [`QUIET_AFTER_MAIL`], is recorded and not mailed.
#[tracing::instrument(skip_all, fields(scope = %target.scope.key()))]
pub async fn request(
    db: &Db,
    public_url: &str,
    target: &Target,
    email: &str,
    rhythm: Rhythm,
    now: DateTime<Utc>,
    per_day: u32,
) -> Result<(), DomainError> {
    let mut tx = db.begin_write().await?;
    let follower_id = follows::upsert_follower(&mut tx, email, now).await?;
    let key = target.scope.key();
    let address = mail_queue::address_key(email);
    match follows::follow_of(&mut tx, follower_id, &key).await? {
        Some(existing) if existing.confirmed_at.is_some() => {
            if mail_queue::queued_since(
                &mut tx,
                &address,
                notices::FOLLOW_ALREADY_KIND,
                now - QUIET_AFTER_MAIL,
            )
            .await?
            {
                return tx.commit().await;
            }
            let manage = link(
                &mut tx,
                public_url,
                follower_id,
                None,
                TokenPurpose::Manage,
                now,
            )
            .await?;
            let mail = notices::already_following(email, &target.name, &manage);
            outreach::queue(&mut tx, &mail, per_day, now, now).await?;
        }
        existing => {
            let follow_id = match existing {
                Some(waiting) => {
                    follows::renew_unconfirmed(&mut tx, waiting.id, rhythm, now).await?;
                    waiting.id
                }
                None => follows::insert_follow(&mut tx, follower_id, &key, rhythm, now).await?,
            };
            let waiting =
                mail_queue::waiting_for(&mut tx, &address, notices::FOLLOW_CONFIRM_KIND, now)
                    .await?;
            let mailed_today = mail_queue::queued_since(
                &mut tx,
                &address,
                notices::FOLLOW_CONFIRM_KIND,
                outreach::day_start(now),
            )
            .await?;
            // This very follow already had its link today, and that message left.
            if waiting.is_none()
                && follows::confirmation_sent_since(&mut tx, follow_id, outreach::day_start(now))
                    .await?
            {
                return tx.commit().await;
            }
            let mut listed = Vec::new();
            for follow in follows::unconfirmed_of(&mut tx, follower_id).await? {
                let name = if follow.id == follow_id {
                    target.name.clone()
                } else {
                    let Some(scope) = FollowScope::parse(&follow.scope) else {
                        continue;
                    };
                    match self::target(db, &scope).await? {
                        Some(other) => other.name,
                        None => continue,
                    }
                };
                let confirm = link(
                    &mut tx,
                    public_url,
                    follower_id,
                    Some(follow.id),
                    TokenPurpose::Confirm,
                    now,
                )
                .await?;
                listed.push(notices::FollowToConfirm {
                    what: name,
                    rhythm: follow.rhythm,
                    link: confirm,
                });
            }
            let mail = notices::follow_confirmation(email, &listed);
            if let Some(id) = waiting {
                if mail_queue::rewrite_waiting(&mut tx, id, &mail, now).await? {
                    return tx.commit().await;
                }
            }
            let at = if mailed_today {
                outreach::next_morning(now)
            } else {
                now
            };
            outreach::queue(&mut tx, &mail, per_day, at, now).await?;
        }
    }
    tx.commit().await
}

/// A new link of `purpose`: its token (only the hash is kept) in the address it opens.
async fn link(
    tx: &mut DbTx,
    public_url: &str,
    follower_id: i64,
    follow_id: Option<i64>,
    purpose: TokenPurpose,
    now: DateTime<Utc>,
) -> Result<String, DomainError> {
    let (token, hash) = new_token();
    follows::add_token(tx, &hash, follower_id, follow_id, purpose, now).await?;
    let path = match purpose {
        TokenPurpose::Confirm => "/suivre/confirmer/",
        TokenPurpose::Manage => "/abonnements/",
        TokenPurpose::Stop => "/abonnements/arreter/",
    };
    Ok(format!("{public_url}{path}{token}"))
}

/// The follow a confirmation link names, while it can still be confirmed.
pub async fn pending(
    db: &Db,
    token_hash: &str,
    now: DateTime<Utc>,
) -> Result<Option<PendingFollow>, DomainError> {
    let Some(token) = follows::token(db, token_hash).await? else {
        return Ok(None);
    };
    if token.purpose != TokenPurpose::Confirm || token.created_at + CONFIRM_WITHIN < now {
        return Ok(None);
    }
    let Some(follow) = follows::find(db, token.follow_id.unwrap_or_default()).await? else {
        return Ok(None);
    };
    let Some(scope) = FollowScope::parse(&follow.scope) else {
        return Ok(None);
    };
    Ok(target(db, &scope).await?.map(|t| PendingFollow {
        name: t.name,
        href: t.path,
        rhythm: follow.rhythm,
    }))
}

/// Confirms the follow of a confirmation link. Returns the token of the person's own page
/// (where they land), or `None` when the link is unknown or too old.
pub async fn confirm(
    db: &Db,
    public_url: &str,
    token_hash: &str,
    now: DateTime<Utc>,
) -> Result<Option<String>, DomainError> {
    let mut tx = db.begin_write().await?;
    let token = follows::token_in(&mut tx, token_hash).await?;
    let Some((follower_id, follow_id)) = token
        .filter(|t| t.purpose == TokenPurpose::Confirm && t.created_at + CONFIRM_WITHIN >= now)
        .and_then(|t| Some((t.follower_id, t.follow_id?)))
    else {
        return Ok(None);
    };
    follows::confirm(&mut tx, follow_id, now).await?;
    let manage = link(
        &mut tx,
        public_url,
        follower_id,
        None,
        TokenPurpose::Manage,
        now,
    )
    .await?;
    tx.commit().await?;
    // The owner opened a link mailed to the address: it is theirs.
    if let Some(email) = follows::email_of(db, follower_id).await? {
        outreach::prove(db, &email, now).await;
    }
    Ok(manage.rsplit('/').next().map(str::to_owned))
}

/// Whose personal page a token opens: the follower's id.
pub async fn manager(db: &Db, token_hash: &str) -> Result<Option<i64>, DomainError> {
    Ok(follows::token(db, token_hash)
        .await?
        .filter(|t| t.purpose == TokenPurpose::Manage)
        .map(|t| t.follower_id))
}

/// The person's address and everything they follow, for their page.
pub async fn subscriptions(
    db: &Db,
    follower_id: i64,
) -> Result<Option<(String, Vec<FollowedView>)>, DomainError> {
    let Some(email) = follows::email_of(db, follower_id).await? else {
        return Ok(None);
    };
    // Only a link mailed to the address opens this page: the address is its owner's.
    outreach::prove(db, &email, Utc::now()).await;
    let mut followed = Vec::new();
    for follow in follows::confirmed_of(db, follower_id).await? {
        let Some(scope) = FollowScope::parse(&follow.scope) else {
            continue;
        };
        // A sheet unpublished since, or a theme deleted: still listed, so it can be stopped.
        let (name, href) = match target(db, &scope).await? {
            Some(t) => (capitalise(&t.name), t.path),
            None => ("Une page qui n'existe plus".to_owned(), "/".to_owned()),
        };
        followed.push(FollowedView {
            id: follow.id,
            name,
            href,
            rhythm: follow.rhythm,
        });
    }
    Ok(Some((email, followed)))
}

fn capitalise(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// Changes the rhythm of one of the person's follows. False when it is not theirs.
pub async fn set_rhythm(
    db: &Db,
    follower_id: i64,
    follow_id: i64,
    rhythm: Rhythm,
    now: DateTime<Utc>,
) -> Result<bool, DomainError> {
    follows::set_rhythm(db, follower_id, follow_id, rhythm, now).await
}

/// Stops one of the person's follows; a person who follows nothing any more is deleted,
/// address included. False when it was not theirs.
pub async fn stop(db: &Db, follower_id: i64, follow_id: i64) -> Result<bool, DomainError> {
    let mut tx = db.begin_write().await?;
    let stopped = follows::delete_follow(&mut tx, follower_id, follow_id).await?;
    follows::delete_follower_if_idle(&mut tx, follower_id).await?;
    tx.commit().await?;
    Ok(stopped)
}

/// Stops everything: the person and their address are deleted.
pub async fn stop_all(db: &Db, follower_id: i64) -> Result<(), DomainError> {
    let mut tx = db.begin_write().await?;
    follows::delete_follower(&mut tx, follower_id).await?;
    tx.commit().await
}

/// What a "stop" link (the one-click address of every message) stops, before it is used.
pub async fn stop_link(db: &Db, token_hash: &str) -> Result<Option<StopLink>, DomainError> {
    let Some(token) = follows::token(db, token_hash)
        .await?
        .filter(|t| t.purpose == TokenPurpose::Stop)
    else {
        return Ok(None);
    };
    let what = match token.follow_id {
        None => "le résumé de la semaine (tout ce que vous suivez chaque semaine)".to_owned(),
        Some(follow_id) => {
            let Some(follow) = follows::find(db, follow_id).await? else {
                return Ok(None);
            };
            match FollowScope::parse(&follow.scope) {
                Some(scope) => match target(db, &scope).await? {
                    Some(t) => format!("les nouvelles {}", t.of),
                    None => "les nouvelles d'une page qui n'existe plus".to_owned(),
                },
                None => return Ok(None),
            }
        }
    };
    Ok(Some(StopLink { what }))
}

/// Uses a "stop" link: one follow, or the weekly digest. Returns whether anything was
/// stopped (the digest's link used twice stops nothing the second time); `None` when the
/// link is unknown (a follow's link goes with the follow it stopped).
pub async fn stop_by_link(db: &Db, token_hash: &str) -> Result<Option<bool>, DomainError> {
    let mut tx = db.begin_write().await?;
    let Some(token) = follows::token_in(&mut tx, token_hash)
        .await?
        .filter(|t| t.purpose == TokenPurpose::Stop)
    else {
        return Ok(None);
    };
    let stopped = match token.follow_id {
        Some(follow_id) => follows::delete_follow(&mut tx, token.follower_id, follow_id).await?,
        None => follows::delete_weekly(&mut tx, token.follower_id).await? > 0,
    };
    follows::delete_follower_if_idle(&mut tx, token.follower_id).await?;
    tx.commit().await?;
    Ok(Some(stopped))
}

/// Forgets follows not confirmed within [`CONFIRM_WITHIN`], and the addresses left with
/// nothing. Returns how many follows.
pub async fn forget_unconfirmed(db: &Db, now: DateTime<Utc>) -> Result<u64, DomainError> {
    let mut tx = db.begin_write().await?;
    let forgotten = follows::delete_unconfirmed_before(&mut tx, now - CONFIRM_WITHIN).await?;
    follows::delete_idle_followers(&mut tx, now - CONFIRM_WITHIN).await?;
    tx.commit().await?;
    Ok(forgotten)
}

/// Forgets old links and old records of what was sent (see [`LINKS_KEPT`],
/// [`DIGEST_LOOKBACK`]).
pub async fn purge(db: &Db, now: DateTime<Utc>) -> Result<(), DomainError> {
    let mut tx = db.begin_write().await?;
    follows::purge(
        &mut tx,
        now - LINKS_KEPT,
        now - DIGEST_LOOKBACK - Duration::days(14),
    )
    .await?;
    tx.commit().await
}

/// How many people follow something, and how many follows they have: what
/// administrators see (counts only).
pub async fn counts(db: &Db) -> Result<(i64, i64), DomainError> {
    follows::counts(db).await
}

/// Queues the immediate messages of every piece of news not handled yet: each item is
/// claimed by one server, and each person gets it once whatever their follows. Returns
/// how many messages.
pub async fn dispatch_news(
    db: &Db,
    public_url: &str,
    now: DateTime<Utc>,
) -> Result<usize, DomainError> {
    let mut queued = 0;
    for _ in 0..200 {
        let mut tx = db.begin_write().await?;
        let Some(item_id) = news::claim_undispatched(&mut tx, now).await? else {
            break;
        };
        match dispatch_item(&mut tx, public_url, item_id, now).await {
            Ok(count) => {
                tx.commit().await?;
                queued += count;
            }
            Err(error) => {
                // One item that cannot be handled must not hold back all the news after
                // it: it is logged and passed.
                drop(tx);
                tracing::error!(item_id, %error, "cannot queue the messages of a piece of news");
                news::mark_dispatched(db, item_id, now).await?;
            }
        }
    }
    Ok(queued)
}

async fn dispatch_item(
    tx: &mut DbTx,
    public_url: &str,
    item_id: i64,
    now: DateTime<Utc>,
) -> Result<usize, DomainError> {
    let (Some(place), Some(row)) = (
        news::place_of(tx, item_id).await?,
        news::find_in(tx, item_id).await?,
    ) else {
        return Ok(0);
    };
    let mut keys = vec![
        FollowScope::Action(place.action_id).key(),
        FollowScope::Organisation(place.organisation_id).key(),
        FollowScope::Departement(place.departement.clone()).key(),
    ];
    if let Some(region) = region_of(&place.departement) {
        keys.push(FollowScope::Region(region.to_owned()).key());
    }
    keys.extend(
        place
            .themes
            .iter()
            .map(|(id, _)| FollowScope::Theme(*id).key()),
    );
    let subscribers = follows::immediate_among(tx, &keys, place.created_at).await?;
    let entry = NewsEntry::of(public_url, &row);
    let mut queued = 0;
    // One message per person: the most specific of their follows is the one it names
    // (and the one its "stop" link stops).
    let mut people: Vec<(i64, Vec<&follows::Subscriber>)> = Vec::new();
    for subscriber in &subscribers {
        match people.last_mut() {
            Some((id, list)) if *id == subscriber.follower_id => list.push(subscriber),
            _ => people.push((subscriber.follower_id, vec![subscriber])),
        }
    }
    for (follower_id, matches) in people {
        let Some(chosen) = matches.into_iter().min_by_key(|s| {
            FollowScope::parse(&s.scope).map_or(u8::MAX, |scope| scope.specificity())
        }) else {
            continue;
        };
        if !follows::record_delivery(tx, follower_id, item_id).await? {
            continue;
        }
        let Some(because) =
            FollowScope::parse(&chosen.scope).map(|s| followed_name(&s, &row, &place))
        else {
            continue;
        };
        let manage = link(tx, public_url, follower_id, None, TokenPurpose::Manage, now).await?;
        let stop = link(
            tx,
            public_url,
            follower_id,
            Some(chosen.follow_id),
            TokenPurpose::Stop,
            now,
        )
        .await?;
        let mail = notices::news_now(&chosen.email, &entry, &because, &manage, &stop);
        mail_queue::enqueue(tx, &mail).await?;
        queued += 1;
    }
    Ok(queued)
}

/// How a message names the follow it comes from, from what the item already says.
fn followed_name(scope: &FollowScope, row: &news::NewsRow, place: &news::ItemPlace) -> String {
    let own_name = match scope {
        FollowScope::Action(_) => row.action_title.clone(),
        FollowScope::Organisation(_) => row.organisation_name.clone(),
        FollowScope::Theme(id) => place
            .themes
            .iter()
            .find(|(theme, _)| theme == id)
            .map(|(_, name)| name.clone())
            .unwrap_or_default(),
        FollowScope::Departement(_) | FollowScope::Region(_) => String::new(),
    };
    scope.names(&own_name).name
}

/// The Monday 8:00 (Europe/Paris) of the week of `now`, or of the week before when `now`
/// is earlier on that Monday: the digest due at `now`.
pub fn digest_slot(now: DateTime<Utc>) -> DateTime<Utc> {
    let local = now.with_timezone(&Paris);
    let days_since_monday = i64::from(local.weekday().num_days_from_monday());
    let monday = local.date_naive() - Duration::days(days_since_monday);
    let eight = NaiveTime::from_hms_opt(8, 0, 0).unwrap_or_default();
    let at = |day: chrono::NaiveDate| {
        Paris
            .from_local_datetime(&day.and_time(eight))
            .earliest()
            .map(|t| t.with_timezone(&Utc))
            .unwrap_or(now)
    };
    let slot = at(monday);
    if slot <= now {
        slot
    } else {
        at(monday - Duration::days(7))
    }
}

/// Queues the weekly digests due at `now` (one per person, claimed once for the week's
/// slot): the news of their weekly follows not sent to them yet, grouped by sheet, newest
/// first. Nothing is sent to someone with no news. Returns how many digests.
pub async fn send_digests(
    db: &Db,
    public_url: &str,
    now: DateTime<Utc>,
) -> Result<usize, DomainError> {
    let slot = digest_slot(now);
    let mut sent = 0;
    loop {
        let due = follows::digest_due(db, slot, 100).await?;
        if due.is_empty() {
            break;
        }
        for follower_id in due {
            let mut tx = db.begin_write().await?;
            let Some(email) = follows::claim_digest(&mut tx, follower_id, slot).await? else {
                continue;
            };
            let mut rows: Vec<news::NewsRow> = Vec::new();
            for follow in follows::digest_follows_of(&mut tx, follower_id).await? {
                let Some(scope) = FollowScope::parse(&follow.scope) else {
                    continue;
                };
                // A weekly follow: its news up to the slot. A follow switched to
                // "immediate": the news of its weekly days, before the switch.
                let before = match follow.rhythm {
                    Rhythm::Weekly => slot,
                    Rhythm::Immediate => follow.rhythm_since.map_or(slot, |at| at.min(slot)),
                };
                let since = follow
                    .confirmed_at
                    .map_or(slot - DIGEST_LOOKBACK, |at| at.max(slot - DIGEST_LOOKBACK));
                let filter = NewsFilter {
                    keys: Some(news_keys(&scope)),
                    since: Some(since),
                    before: Some(before),
                    not_sent_to: Some(follower_id),
                    limit: DIGEST_ITEMS,
                };
                for row in news::list_in(&mut tx, &filter).await? {
                    if !rows.iter().any(|r| r.id == row.id) {
                        rows.push(row);
                    }
                }
            }
            // Only what this transaction records as sent goes out: an immediate message
            // sent meanwhile by another server keeps its item out of the digest.
            let mut fresh = Vec::with_capacity(rows.len());
            for row in rows {
                if follows::record_delivery(&mut tx, follower_id, row.id).await? {
                    fresh.push(row);
                }
            }
            let rows = fresh;
            if rows.is_empty() {
                tx.commit().await?;
                continue;
            }
            let entries: Vec<NewsEntry> =
                rows.iter().map(|r| NewsEntry::of(public_url, r)).collect();
            let manage = link(
                &mut tx,
                public_url,
                follower_id,
                None,
                TokenPurpose::Manage,
                now,
            )
            .await?;
            let stop = link(
                &mut tx,
                public_url,
                follower_id,
                None,
                TokenPurpose::Stop,
                now,
            )
            .await?;
            let mail = notices::digest(&email, &entries, &manage, &stop);
            mail_queue::enqueue(&mut tx, &mail).await?;
            tx.commit().await?;
            sent += 1;
        }
    }
    Ok(sent)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utc(text: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(text)
            .unwrap()
            .with_timezone(&Utc)
    }

    #[test]
    fn the_digest_is_due_on_monday_at_eight_paris_time() {
        // Monday 7 December 2026, 8:00 in Paris is 7:00 UTC (winter time).
        assert_eq!(
            digest_slot(utc("2026-12-07T07:00:00Z")),
            utc("2026-12-07T07:00:00Z")
        );
        assert_eq!(
            digest_slot(utc("2026-12-10T15:00:00Z")),
            utc("2026-12-07T07:00:00Z")
        );
        // Monday 7:59 in Paris: still last week's.
        assert_eq!(
            digest_slot(utc("2026-12-07T06:59:00Z")),
            utc("2026-11-30T07:00:00Z")
        );
        // Summer time: 8:00 in Paris is 6:00 UTC.
        assert_eq!(
            digest_slot(utc("2026-06-08T06:30:00Z")),
            utc("2026-06-08T06:00:00Z")
        );
        // Sunday night in Paris, already Monday in UTC? No: Sunday 23:30 UTC is Monday
        // 0:30 in Paris, before 8:00.
        assert_eq!(
            digest_slot(utc("2026-12-06T23:30:00Z")),
            utc("2026-11-30T07:00:00Z")
        );
    }

    #[test]
    fn a_region_covers_its_departements() {
        let keys = news_keys(&FollowScope::Region("52".into()));
        assert!(keys.contains(&"departement:44".to_owned()));
        assert!(keys.contains(&"departement:85".to_owned()));
        assert_eq!(keys.len(), 5);
        assert_eq!(
            news_keys(&FollowScope::Action(3)),
            vec!["action:3".to_owned()]
        );
    }
}
