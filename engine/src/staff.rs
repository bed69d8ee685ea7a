//! Back-office staff accounts, managed by admins: create one with its
//! roles, list them, change their roles, disable or enable them. Staff log
//! in like players ([`crate::auth::Auth::login`]); a disabled account
//! cannot, and disabling it revokes its sessions. An admin may not remove
//! their own admin role nor disable themselves, so nobody locks the last
//! door behind them by mistake. Every change is in the audit trail with
//! the acting admin.

use chrono::{DateTime, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect, Set, SqlErr,
};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::Engine;
use crate::auth::{
    AuthError, FieldError, Principal, Role, hash_password, normalise_email, roles_from_column,
    roles_to_column, validate_email,
};
use entity::{sessions, users};

/// Most staff accounts [`Staff::list`] answers: a back office has a few
/// dozen; the cap only bounds a runaway table.
pub const MAX_STAFF_LISTED: u64 = 1_000;

/// A staff account as admins see it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StaffMember {
    /// The user.
    pub user_id: Uuid,
    /// Lower-cased e-mail address (the login).
    pub email: String,
    /// Back-office roles held.
    pub roles: Vec<Role>,
    /// True when the account may not log in.
    pub disabled: bool,
    /// When the account was created.
    pub created_at: DateTime<Utc>,
}

impl StaffMember {
    fn of(user: users::Model) -> Self {
        Self {
            user_id: user.id,
            email: user.email,
            roles: roles_from_column(&user.roles),
            disabled: user.disabled,
            created_at: user.created_at,
        }
    }
}

/// A new staff account, as received (roles as codes, checked here).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct NewStaff {
    /// E-mail address, the login.
    pub email: String,
    /// Password, 8 to 128 characters.
    pub password: String,
    /// Back-office role codes, at least one; never `player`.
    pub roles: Vec<String>,
}

/// Staff management bound to an engine. Every method checks that the
/// caller is an admin, whatever the adapter checked before.
pub struct Staff<'a> {
    engine: &'a Engine,
}

/// Parses role codes into back-office roles, in the order given and
/// without repeats: empty, unknown or `player` → a validation failure on
/// `roles`.
pub fn parse_roles(codes: &[String]) -> Result<Vec<Role>, AuthError> {
    let invalid = |message: String| AuthError::Validation(vec![FieldError::new("roles", &message)]);
    if codes.is_empty() {
        return Err(invalid("Choose at least one back-office role.".to_owned()));
    }
    let mut roles = Vec::new();
    for code in codes {
        let role: Role = code.trim().parse().map_err(|()| {
            invalid(format!(
                "Unknown role {:?}; use admin, trader, marketing, vip_manager or compliance.",
                code.chars().take(40).collect::<String>()
            ))
        })?;
        if !role.is_backoffice() {
            return Err(invalid(
                "player is not a back-office role; staff accounts hold back-office roles only."
                    .to_owned(),
            ));
        }
        if !roles.contains(&role) {
            roles.push(role);
        }
    }
    Ok(roles)
}

impl<'a> Staff<'a> {
    pub(crate) fn new(engine: &'a Engine) -> Self {
        Self { engine }
    }

    /// Creates a staff account with `input.roles`. 422 for a bad e-mail,
    /// password or roles (every offending field at once), `EmailTaken` when
    /// the address is registered (player or staff). Audited as
    /// `staff.created`.
    pub async fn create(
        &self,
        actor: &Principal,
        input: NewStaff,
    ) -> Result<StaffMember, AuthError> {
        actor.require(&[Role::Admin])?;
        let email = normalise_email(&input.email);
        let mut errors = Vec::new();
        if !validate_email(&email) {
            errors.push(FieldError::new("email", "Enter a valid e-mail address."));
        }
        if !(8..=128).contains(&input.password.chars().count()) {
            errors.push(FieldError::new(
                "password",
                "The password must have 8 to 128 characters.",
            ));
        }
        let roles = match parse_roles(&input.roles) {
            Ok(roles) => roles,
            Err(AuthError::Validation(mut fields)) => {
                errors.append(&mut fields);
                Vec::new()
            }
            Err(e) => return Err(e),
        };
        if !errors.is_empty() {
            return Err(AuthError::Validation(errors));
        }
        let hash = {
            let password = input.password;
            tokio::task::spawn_blocking(move || hash_password(&password))
                .await
                .map_err(anyhow::Error::from)??
        };
        let now = self.engine.now();
        let user_id = Uuid::now_v7();
        let txn = crate::db::begin_write(self.engine.db()).await?;
        let inserted = users::ActiveModel {
            id: Set(user_id),
            email: Set(email.clone()),
            password_hash: Set(hash),
            roles: Set(roles_to_column(&roles)),
            date_of_birth: Set(None),
            // Staff have no wallet; the columns are required, so they get
            // the operator's defaults, like the bootstrap admin.
            country: Set("MT".to_owned()),
            currency: Set("EUR".to_owned()),
            kyc_status: Set("verified".to_owned()),
            created_at: Set(now),
            updated_at: Set(now),
            disabled: Set(false),
        }
        .insert(&txn)
        .await;
        let user = match inserted {
            Ok(user) => user,
            Err(e) => {
                return Err(match e.sql_err() {
                    Some(SqlErr::UniqueConstraintViolation(_)) => AuthError::EmailTaken,
                    _ => e.into(),
                });
            }
        };
        crate::audit::record(
            &txn,
            now,
            Some(actor.user_id),
            "staff.created",
            &format!("user:{user_id}"),
            serde_json::json!({ "email": email, "roles": roles }),
        )
        .await?;
        txn.commit().await?;
        Ok(StaffMember::of(user))
    }

    /// Every staff account (anyone holding a back-office role and not a
    /// player), by e-mail, at most [`MAX_STAFF_LISTED`].
    pub async fn list(&self, actor: &Principal) -> Result<Vec<StaffMember>, AuthError> {
        actor.require(&[Role::Admin])?;
        // Players' column is exactly `player`: the filter leaves the staff
        // and the few odd rows the check below drops.
        let rows = users::Entity::find()
            .filter(users::Column::Roles.ne(Role::Player.code()))
            .order_by_asc(users::Column::Email)
            .limit(MAX_STAFF_LISTED)
            .all(self.engine.db())
            .await?;
        Ok(rows
            .into_iter()
            .map(StaffMember::of)
            .filter(is_staff)
            .collect())
    }

    /// One staff account; `NotFound` for an unknown id or a player.
    pub async fn get(&self, actor: &Principal, user_id: Uuid) -> Result<StaffMember, AuthError> {
        actor.require(&[Role::Admin])?;
        users::Entity::find_by_id(user_id)
            .one(self.engine.db())
            .await?
            .map(StaffMember::of)
            .filter(is_staff)
            .ok_or(AuthError::NotFound)
    }

    /// Replaces a staff account's roles. `NotFound` for an unknown id or a
    /// player; 422 on `roles` for bad roles or an admin removing their own
    /// admin role. The change applies to the account's live sessions at
    /// once (tokens are checked against the account). Audited as
    /// `staff.roles_changed`.
    pub async fn set_roles(
        &self,
        actor: &Principal,
        user_id: Uuid,
        codes: &[String],
    ) -> Result<StaffMember, AuthError> {
        actor.require(&[Role::Admin])?;
        let roles = parse_roles(codes)?;
        if user_id == actor.user_id && !roles.contains(&Role::Admin) {
            return Err(AuthError::Validation(vec![FieldError::new(
                "roles",
                "You cannot remove your own admin role; ask another admin.",
            )]));
        }
        let txn = crate::db::begin_write(self.engine.db()).await?;
        let user = users::Entity::find_by_id(user_id)
            .one(&txn)
            .await?
            .filter(|u| is_staff(&StaffMember::of(u.clone())))
            .ok_or(AuthError::NotFound)?;
        let before = roles_from_column(&user.roles);
        let now = self.engine.now();
        let mut active: users::ActiveModel = user.into();
        active.roles = Set(roles_to_column(&roles));
        active.updated_at = Set(now);
        let user = active.update(&txn).await?;
        crate::audit::record(
            &txn,
            now,
            Some(actor.user_id),
            "staff.roles_changed",
            &format!("user:{user_id}"),
            serde_json::json!({ "from": before, "to": roles }),
        )
        .await?;
        txn.commit().await?;
        Ok(StaffMember::of(user))
    }

    /// Disables (or enables again) a staff account. A disabled account
    /// cannot log in (the answer is the one for a wrong password) and its
    /// sessions are revoked, so enabling it again does not revive old
    /// tokens. `NotFound` for an unknown id or a player; 422 on `disabled`
    /// for an admin disabling themselves. Audited as `staff.disabled` or
    /// `staff.enabled`.
    pub async fn set_disabled(
        &self,
        actor: &Principal,
        user_id: Uuid,
        disabled: bool,
    ) -> Result<StaffMember, AuthError> {
        actor.require(&[Role::Admin])?;
        if disabled && user_id == actor.user_id {
            return Err(AuthError::Validation(vec![FieldError::new(
                "disabled",
                "You cannot disable your own account; ask another admin.",
            )]));
        }
        let txn = crate::db::begin_write(self.engine.db()).await?;
        let user = users::Entity::find_by_id(user_id)
            .one(&txn)
            .await?
            .filter(|u| is_staff(&StaffMember::of(u.clone())))
            .ok_or(AuthError::NotFound)?;
        let was = user.disabled;
        let now = self.engine.now();
        let mut active: users::ActiveModel = user.into();
        active.disabled = Set(disabled);
        active.updated_at = Set(now);
        let user = active.update(&txn).await?;
        if disabled {
            sessions::Entity::update_many()
                .col_expr(sessions::Column::RevokedAt, Expr::value(Some(now)))
                .filter(sessions::Column::UserId.eq(user_id))
                .filter(sessions::Column::RevokedAt.is_null())
                .exec(&txn)
                .await?;
        }
        crate::audit::record(
            &txn,
            now,
            Some(actor.user_id),
            if disabled {
                "staff.disabled"
            } else {
                "staff.enabled"
            },
            &format!("user:{user_id}"),
            serde_json::json!({ "email": user.email, "was_disabled": was }),
        )
        .await?;
        txn.commit().await?;
        Ok(StaffMember::of(user))
    }
}

/// True for a back-office account: some back-office role, and not a player
/// (a player's account is never managed here).
fn is_staff(member: &StaffMember) -> bool {
    !member.roles.contains(&Role::Player) && member.roles.iter().any(|r| r.is_backoffice())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn codes(list: &[&str]) -> Vec<String> {
        list.iter().map(|c| (*c).to_owned()).collect()
    }

    fn refused_field(result: Result<Vec<Role>, AuthError>) -> String {
        match result {
            Err(AuthError::Validation(fields)) => fields[0].field.clone(),
            other => panic!("expected a validation failure, got {other:?}"),
        }
    }

    #[test]
    fn back_office_roles_parse_in_order_without_repeats() {
        assert_eq!(
            parse_roles(&codes(&["marketing", "trader", "marketing"])).unwrap(),
            vec![Role::Marketing, Role::Trader]
        );
        assert_eq!(
            parse_roles(&codes(&[" admin "])).unwrap(),
            vec![Role::Admin]
        );
    }

    #[test]
    fn empty_unknown_and_player_roles_are_refused_on_the_roles_field() {
        assert_eq!(refused_field(parse_roles(&[])), "roles");
        assert_eq!(refused_field(parse_roles(&codes(&["croupier"]))), "roles");
        assert_eq!(
            refused_field(parse_roles(&codes(&["marketing", "player"]))),
            "roles"
        );
    }

    #[test]
    fn players_and_role_less_accounts_are_not_staff() {
        let member = |roles: Vec<Role>| StaffMember {
            user_id: Uuid::nil(),
            email: "a@b.co".to_owned(),
            roles,
            disabled: false,
            created_at: Utc::now(),
        };
        assert!(is_staff(&member(vec![Role::VipManager])));
        assert!(!is_staff(&member(vec![Role::Player])));
        assert!(!is_staff(&member(vec![Role::Player, Role::Admin])));
        assert!(!is_staff(&member(Vec::new())));
    }
}
