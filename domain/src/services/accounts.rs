//! The use cases of accounts that send mail: inviting a référent (and telling an existing
//! account it became one), and emailing a password link. A link's token is stored in the
//! transaction that queues the email carrying it: never one without the other.

use chrono::Utc;

use crate::crypto::new_token;
use crate::db::accounts::{self, TokenPurpose};
use crate::db::{actions, mail_queue, Db};
use crate::error::{AppError, Constraint, DomainError};
use crate::notices::{self, INVITATION_LIFETIME, RESET_LIFETIME};

/// Makes `email` référent of an action: creates the account if needed and emails it a
/// single-use link (valid [`INVITATION_LIFETIME`]) to choose a password; an account that
/// has one is assigned and told by email. Fails with `NotFound` for an unknown action.
pub async fn invite_referent(
    db: &Db,
    public_url: &str,
    action_id: i64,
    email: &str,
    name: &str,
) -> Result<(), DomainError> {
    let action = actions::summary(db, action_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let (account_id, needs_password) = match accounts::find_by_email(db, email).await? {
        Some(account) => (account.id, account.password_hash.is_none()),
        None => match accounts::create(db, email, name, None, false).await {
            Ok(id) => (id, true),
            // Invited twice at the same moment: use the account the other request made.
            Err(e) if e.broke(Constraint::Unique) => {
                let account = accounts::find_by_email(db, email)
                    .await?
                    .ok_or(AppError::Internal)?;
                (account.id, account.password_hash.is_none())
            }
            Err(e) => return Err(e),
        },
    };
    let sheet_url = format!("{public_url}/actions/{}", action.slug);
    let mut tx = db.begin_write().await?;
    accounts::add_referent(&mut tx, action_id, account_id).await?;
    let mail = if needs_password {
        let (token, hash) = new_token();
        let expires = Utc::now() + INVITATION_LIFETIME;
        accounts::insert_token(
            &mut tx,
            account_id,
            TokenPurpose::Invitation,
            &hash,
            expires,
        )
        .await?;
        let link = format!("{public_url}/mot-de-passe?jeton={token}");
        notices::invitation(email, name, &action.title, &link, &sheet_url)
    } else {
        notices::new_referent(email, name, &action.title, &sheet_url)
    };
    mail_queue::enqueue(&mut tx, &mail).await?;
    tx.commit().await?;
    Ok(())
}

/// Emails a password link (valid [`RESET_LIFETIME`]) if an active account has this
/// (normalised) address; answers whether one was queued.
pub async fn send_password_link(
    db: &Db,
    public_url: &str,
    email: &str,
) -> Result<bool, DomainError> {
    let Some(account) = accounts::find_by_email(db, email)
        .await?
        .filter(|a| !a.disabled)
    else {
        return Ok(false);
    };
    let (token, hash) = new_token();
    let expires = Utc::now() + RESET_LIFETIME;
    let link = format!("{public_url}/mot-de-passe?jeton={token}");
    let mail = notices::password_link(email, &account.display_name, &link);
    let mut tx = db.begin_write().await?;
    accounts::insert_token(&mut tx, account.id, TokenPurpose::Reset, &hash, expires).await?;
    mail_queue::enqueue(&mut tx, &mail).await?;
    tx.commit().await?;
    Ok(true)
}

/// Makes an account référent of an action (idempotent).
pub async fn add_referent(db: &Db, action_id: i64, account_id: i64) -> Result<(), DomainError> {
    let mut tx = db.begin_write().await?;
    accounts::add_referent(&mut tx, action_id, account_id).await?;
    tx.commit().await
}

/// Stops an account being référent of an action; false when it was not.
pub async fn remove_referent(
    db: &Db,
    action_id: i64,
    account_id: i64,
) -> Result<bool, DomainError> {
    let mut tx = db.begin_write().await?;
    let removed = accounts::remove_referent(&mut tx, action_id, account_id).await?;
    super::commit_if(tx, removed).await?;
    Ok(removed)
}

/// Disables (signing the person out everywhere) or re-enables an account; false when it
/// does not exist.
pub async fn set_disabled(db: &Db, account_id: i64, disabled: bool) -> Result<bool, DomainError> {
    let mut tx = db.begin_write().await?;
    let done = accounts::set_disabled(&mut tx, account_id, disabled).await?;
    super::commit_if(tx, done).await?;
    Ok(done)
}

/// Uses up an invitation or reset token and sets the password; the account id, or `None`
/// when the token is unknown, used, expired or its account disabled.
pub async fn set_password_with_token(
    db: &Db,
    token_hash: &str,
    password_hash: &str,
) -> Result<Option<i64>, DomainError> {
    let mut tx = db.begin_write().await?;
    let account = accounts::use_token_to_set_password(&mut tx, token_hash, password_hash).await?;
    super::commit_if(tx, account.is_some()).await?;
    Ok(account)
}
