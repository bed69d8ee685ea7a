//! Loyalty cards: the number a physical casino scans to find a player.
//!
//! Rules:
//! - A card is issued only to a player whose identity is verified (KYC
//!   `verified`; 403 `kyc_required` otherwise), one per player: asking
//!   again answers the same card.
//! - A number is 16 digits: a leading 9 (never 0, so it survives
//!   spreadsheets), 14 random digits from the OS-seeded CSPRNG, and a Luhn
//!   check digit that catches a mistyped digit. It is unique (its primary
//!   key); a collision draws again.
//! - A lookup answers the player's public display name (their leaderboard
//!   nickname, else a mask of their id), never an e-mail.

use domain::api::loyalty::LoyaltyStatus;
use domain::loyalty::{luhn_check_digit, luhn_valid};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, Set, SqlErr};
use uuid::Uuid;

use super::{Loyalty, LoyaltyError};
use entity::{loyalty_cards, users};

/// Digits of a card number.
pub const CARD_DIGITS: usize = 16;
/// Draws before giving up on finding a free number.
const MAX_DRAWS: usize = 8;

/// A fresh random card number.
pub fn new_card_number() -> String {
    let mut digits = String::with_capacity(CARD_DIGITS);
    digits.push('9');
    for _ in 0..CARD_DIGITS - 2 {
        let d = rand::random::<u32>() % 10;
        digits.push(char::from_digit(d, 10).unwrap_or('0'));
    }
    let check = luhn_check_digit(&digits);
    digits.push(check);
    digits
}

/// True for a well-formed card number (16 digits, valid check digit).
pub fn is_card_number(number: &str) -> bool {
    number.len() == CARD_DIGITS && luhn_valid(number)
}

impl Loyalty<'_> {
    /// The player's card, issued now if they have none (403
    /// `kyc_required` unless their identity is verified).
    pub async fn issue_card(&self, player: Uuid) -> Result<String, LoyaltyError> {
        let db = self.engine().db();
        if let Some(card) = card_of(db, player).await? {
            return Ok(card);
        }
        let user = users::Entity::find_by_id(player)
            .one(db)
            .await?
            .ok_or(LoyaltyError::NotFound)?;
        if user.kyc_status != "verified" {
            return Err(LoyaltyError::KycRequired);
        }
        for _ in 0..MAX_DRAWS {
            let row = loyalty_cards::ActiveModel {
                card_number: Set(new_card_number()),
                player_id: Set(player),
                created_at: Set(self.engine().now()),
            };
            match loyalty_cards::Entity::insert(row).exec(db).await {
                Ok(_) => break,
                // Either the number is taken (draw again) or a concurrent
                // request issued this player's card (read it below).
                Err(e) if matches!(e.sql_err(), Some(SqlErr::UniqueConstraintViolation(_))) => {
                    if card_of(db, player).await?.is_some() {
                        break;
                    }
                }
                Err(e) => return Err(e.into()),
            }
        }
        card_of(db, player)
            .await?
            .ok_or_else(|| anyhow::anyhow!("no free card number after {MAX_DRAWS} draws").into())
    }

    /// The card's player, their loyalty status and public display name;
    /// `None` for an unknown or malformed number.
    pub async fn find_card(
        &self,
        card_number: &str,
    ) -> Result<Option<(Uuid, LoyaltyStatus, String)>, LoyaltyError> {
        let number = card_number.trim();
        if !is_card_number(number) {
            return Ok(None);
        }
        let engine = self.engine();
        let Some(card) = loyalty_cards::Entity::find_by_id(number.to_owned())
            .one(engine.db())
            .await?
        else {
            return Ok(None);
        };
        let status = self.status(card.player_id).await?;
        let name = crate::leaderboards::views::names(engine, &[card.player_id])
            .await?
            .remove(&card.player_id)
            .unwrap_or_else(|| crate::leaderboards::views::masked(card.player_id));
        Ok(Some((card.player_id, status, name)))
    }
}

async fn card_of<C: sea_orm::ConnectionTrait>(
    conn: &C,
    player: Uuid,
) -> Result<Option<String>, sea_orm::DbErr> {
    Ok(loyalty_cards::Entity::find()
        .filter(loyalty_cards::Column::PlayerId.eq(player))
        .one(conn)
        .await?
        .map(|c| c.card_number))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn new_numbers_are_sixteen_digits_with_a_valid_check_digit() {
        for _ in 0..1000 {
            let n = new_card_number();
            assert!(is_card_number(&n), "{n}");
        }
        let n = new_card_number();
        let mut wrong: Vec<u8> = n.into_bytes();
        wrong[5] = if wrong[5] == b'0' { b'1' } else { wrong[5] - 1 };
        assert!(!is_card_number(&String::from_utf8(wrong).unwrap()));
    }
}
