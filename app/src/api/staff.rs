//! Staff accounts for the back office (admin only): list them, create one,
//! change an account's roles, disable or enable it. Thin adapters over
//! `engine::staff`, which checks the admin role again and audits every
//! change. Roles come from one checkbox per role (`admin`, `trader`, ...:
//! a ticked box sends `on`), which plain form posts encode without any
//! list syntax.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::model::FormOutcome;

/// The back-office role codes, in the order the page shows them.
pub const STAFF_ROLES: [&str; 5] = ["admin", "trader", "marketing", "vip_manager", "compliance"];

/// One staff account as the page lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StaffRow {
    /// User id.
    pub user_id: String,
    /// E-mail address, the login.
    pub email: String,
    /// Role codes held.
    pub roles: Vec<String>,
    /// True when the account may not log in.
    pub disabled: bool,
    /// True for the signed-in admin's own row (no disabling, admin role
    /// kept).
    pub is_self: bool,
}

/// The page's data: every staff account, by e-mail.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StaffPage {
    /// The accounts.
    pub rows: Vec<StaffRow>,
}

/// The answer of a staff form: success with a message, or what to show on
/// which field.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct StaffOutcome {
    /// True when the change was saved.
    pub ok: bool,
    /// What happened, for people.
    pub message: String,
    /// Field errors and the form's error, for the form's inputs.
    pub form: FormOutcome,
}

/// The role codes whose boxes were ticked.
#[cfg_attr(not(feature = "ssr"), allow(dead_code))]
fn ticked(boxes: [&Option<String>; 5]) -> Vec<String> {
    STAFF_ROLES
        .iter()
        .zip(boxes)
        .filter(|(_, b)| b.as_deref().is_some_and(|v| !v.is_empty()))
        .map(|(code, _)| (*code).to_owned())
        .collect()
}

#[cfg(feature = "ssr")]
mod convert {
    use super::{StaffOutcome, StaffRow};
    use engine::Principal;
    use engine::staff::StaffMember;

    pub fn row(m: StaffMember, actor: &Principal) -> StaffRow {
        StaffRow {
            user_id: m.user_id.to_string(),
            email: m.email,
            roles: m.roles.iter().map(|r| r.code().to_owned()).collect(),
            disabled: m.disabled,
            is_self: m.user_id == actor.user_id,
        }
    }

    /// A failure as the form shows it: field errors by field, a sentence
    /// for the rest.
    pub fn failure(e: engine::AuthError) -> Result<StaffOutcome, leptos::prelude::ServerFnError> {
        use engine::AuthError as E;
        let message = match &e {
            E::Validation(fields) => fields
                .iter()
                .map(|f| f.message.clone())
                .collect::<Vec<_>>()
                .join(" "),
            E::EmailTaken => "An account with this e-mail address already exists.".to_owned(),
            E::NotFound => "This staff account no longer exists.".to_owned(),
            E::Forbidden | E::Unauthorized => {
                return Err(super::super::server::coded(crate::model::codes::FORBIDDEN));
            }
            _ => "Something went wrong on our side. Please try again.".to_owned(),
        };
        Ok(StaffOutcome {
            ok: false,
            message,
            form: super::super::server::outcome_of(e),
        })
    }
}

/// Every staff account. Admin only.
#[server(prefix = "/rpc", endpoint = "staff_list")]
pub async fn staff_list() -> Result<StaffPage, ServerFnError> {
    let engine = super::server::engine()?;
    let actor = super::server::require(&engine, &[engine::Role::Admin]).await?;
    let members = engine
        .staff()
        .list(&actor)
        .await
        .map_err(|e| super::server::internal("listing staff", e))?;
    Ok(StaffPage {
        rows: members
            .into_iter()
            .map(|m| convert::row(m, &actor))
            .collect(),
    })
}

/// Creates a staff account with the ticked roles. Admin only.
#[server(prefix = "/rpc", endpoint = "staff_create")]
#[allow(clippy::too_many_arguments)]
pub async fn staff_create(
    #[server(default)] email: String,
    #[server(default)] password: String,
    #[server(default)] admin: Option<String>,
    #[server(default)] trader: Option<String>,
    #[server(default)] marketing: Option<String>,
    #[server(default)] vip_manager: Option<String>,
    #[server(default)] compliance: Option<String>,
) -> Result<StaffOutcome, ServerFnError> {
    let engine = super::server::engine()?;
    let actor = super::server::require(&engine, &[engine::Role::Admin]).await?;
    let roles = ticked([&admin, &trader, &marketing, &vip_manager, &compliance]);
    let input = engine::staff::NewStaff {
        email,
        password,
        roles,
    };
    match engine.staff().create(&actor, input).await {
        Ok(m) => Ok(StaffOutcome {
            ok: true,
            message: format!("{} can now log in.", m.email),
            form: FormOutcome::success(),
        }),
        Err(e) => convert::failure(e),
    }
}

/// Replaces a staff account's roles with the ticked ones. Admin only; an
/// admin keeps their own admin role.
#[server(prefix = "/rpc", endpoint = "staff_set_roles")]
#[allow(clippy::too_many_arguments)]
pub async fn staff_set_roles(
    user_id: String,
    #[server(default)] admin: Option<String>,
    #[server(default)] trader: Option<String>,
    #[server(default)] marketing: Option<String>,
    #[server(default)] vip_manager: Option<String>,
    #[server(default)] compliance: Option<String>,
) -> Result<StaffOutcome, ServerFnError> {
    let engine = super::server::engine()?;
    let actor = super::server::require(&engine, &[engine::Role::Admin]).await?;
    let Ok(id) = uuid::Uuid::parse_str(&user_id) else {
        return convert::failure(engine::AuthError::NotFound);
    };
    let roles = ticked([&admin, &trader, &marketing, &vip_manager, &compliance]);
    match engine.staff().set_roles(&actor, id, &roles).await {
        Ok(m) => Ok(StaffOutcome {
            ok: true,
            message: format!("Roles of {} saved.", m.email),
            form: FormOutcome::success(),
        }),
        Err(e) => convert::failure(e),
    }
}

/// Disables (`disabled` = `true`) or enables a staff account. Admin only;
/// an admin cannot disable themselves.
#[server(prefix = "/rpc", endpoint = "staff_set_disabled")]
pub async fn staff_set_disabled(
    user_id: String,
    disabled: String,
) -> Result<StaffOutcome, ServerFnError> {
    let engine = super::server::engine()?;
    let actor = super::server::require(&engine, &[engine::Role::Admin]).await?;
    let Ok(id) = uuid::Uuid::parse_str(&user_id) else {
        return convert::failure(engine::AuthError::NotFound);
    };
    let disabled = disabled == "true";
    match engine.staff().set_disabled(&actor, id, disabled).await {
        Ok(m) => Ok(StaffOutcome {
            ok: true,
            message: if m.disabled {
                format!("{} is disabled and signed out.", m.email)
            } else {
                format!("{} may log in again.", m.email)
            },
            form: FormOutcome::success(),
        }),
        Err(e) => convert::failure(e),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ticked_boxes_become_role_codes_in_page_order() {
        let on = Some("on".to_owned());
        let off = None;
        let empty = Some(String::new());
        assert_eq!(
            ticked([&off, &on, &empty, &on, &off]),
            vec!["trader".to_owned(), "vip_manager".to_owned()]
        );
        assert!(ticked([&off, &off, &off, &off, &off]).is_empty());
    }
}
