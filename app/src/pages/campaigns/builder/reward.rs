//! The reward editor, used by the reward step (the single reward), by
//! each A/B variant, and by any other form holding a [`RewardDraft`] (the
//! loyalty store's items) through a [`RewardSlot`].
//!
//! Rules: a reward shows the kind select and only the inputs its kind uses
//! (the same fields [`RewardDraft::to_spec`] sends); every input's id is
//! the slot's prefix and the wire name (`reward-amount`, `v1-rounds`), its
//! error key the slot's path and the wire name (`variants[1].reward.rounds`).
//! Amount labels name the currency they are typed in.

use leptos::prelude::*;

use super::draft::{Draft, RewardDraft, Slot};
use crate::components::inputs::{Form, select, text_input};
use crate::pages::campaigns::reward_label;

/// The reward kinds the builder offers.
const KINDS: [&str; 7] = [
    "cash",
    "bonus_money",
    "free_bet",
    "free_spins",
    "cashback",
    "coins",
    "loyalty_points",
];

/// Reads one string of a reward.
type FieldRef = fn(&RewardDraft) -> &String;
/// Reaches one string of a reward to overwrite it.
type FieldMut = fn(&mut RewardDraft) -> &mut String;

/// Where a form keeps a reward: reads and edits it in the form's draft,
/// and names its inputs (`id`) and its errors (`path`).
pub trait RewardSlot: Copy + Send + Sync + 'static {
    /// The form's draft.
    type Draft: Send + Sync + 'static;
    /// The reward, if the slot is still there.
    fn reward(self, d: &Self::Draft) -> Option<&RewardDraft>;
    /// The reward to edit, if the slot is still there.
    fn reward_mut(self, d: &mut Self::Draft) -> Option<&mut RewardDraft>;
    /// The field path of the reward in errors (`reward`).
    fn path(self) -> String;
    /// The prefix of the inputs' ids.
    fn id(self) -> String;
    /// One string of the reward, blank when the slot is gone.
    fn text(self, d: &Self::Draft, field: fn(&RewardDraft) -> &String) -> String {
        self.reward(d).map(|r| field(r).clone()).unwrap_or_default()
    }
    /// Edits the reward, if the slot is still there.
    fn update(self, d: &mut Self::Draft, edit: impl FnOnce(&mut RewardDraft)) {
        if let Some(r) = self.reward_mut(d) {
            edit(r);
        }
    }
}

impl RewardSlot for Slot {
    type Draft = Draft;
    fn reward(self, d: &Draft) -> Option<&RewardDraft> {
        self.get(d)
    }
    fn reward_mut(self, d: &mut Draft) -> Option<&mut RewardDraft> {
        self.get_mut(d)
    }
    fn path(self) -> String {
        Slot::path(self)
    }
    fn id(self) -> String {
        Slot::id(self)
    }
}

/// The inputs of one reward; which ones depends on its kind.
pub fn reward_editor<S: RewardSlot>(form: Form<S::Draft>, slot: S) -> impl IntoView {
    let kind = Memo::new(move |_| form.draft.with(|d| slot.text(d, |r| &r.kind)));
    let percent_mode = Memo::new(move |_| {
        form.draft
            .with(|d| slot.reward(d).is_some_and(|r| r.percent_mode))
    });
    let inputs = RewardInputs { form, slot };
    let kind_select = inputs.kind_select();
    let fields = move || inputs.fields(&kind.get(), percent_mode);
    view! {
        <div class="grid gap-4 sm:grid-cols-2">
            <div class="sm:col-span-2">{kind_select}</div>
            {fields}
        </div>
    }
    .into_any()
}

/// The inputs of the reward in one slot of the form.
struct RewardInputs<S: RewardSlot> {
    form: Form<S::Draft>,
    slot: S,
}

impl<S: RewardSlot> Clone for RewardInputs<S> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<S: RewardSlot> Copy for RewardInputs<S> {}

impl<S: RewardSlot> RewardInputs<S> {
    /// The inputs the reward's kind uses, in order.
    fn fields(self, kind: &str, percent_mode: Memo<bool>) -> Vec<AnyView> {
        match kind {
            "cash" => vec![self.amount("Amount")],
            "bonus_money" => self.bonus_money(percent_mode),
            "free_bet" => vec![self.amount("Stake"), self.min_odds(), self.days()],
            "free_spins" => self.free_spins(),
            "cashback" => self.cashback(),
            "coins" => vec![self.text(
                "Coins".into(),
                "coins",
                None,
                "numeric",
                |r| &r.coins,
                |r| &mut r.coins,
            )],
            "loyalty_points" => vec![self.text(
                "Points".into(),
                "points",
                None,
                "numeric",
                |r| &r.points,
                |r| &mut r.points,
            )],
            _ => vec![],
        }
    }

    /// Bonus money: a fixed amount or a capped percent, then its terms.
    fn bonus_money(self, percent_mode: Memo<bool>) -> Vec<AnyView> {
        let c = self.currency();
        let mut v = vec![self.amount_mode(percent_mode)];
        if percent_mode.get() {
            v.push(self.text(
                "Percent".into(),
                "percent",
                Some("E.g. 100 doubles the deposit."),
                "decimal",
                |r| &r.percent,
                |r| &mut r.percent,
            ));
            v.push(self.text(
                format!("Maximum ({c})"),
                "max_amount",
                None,
                "decimal",
                |r| &r.max_amount,
                |r| &mut r.max_amount,
            ));
        } else {
            v.push(self.amount("Amount"));
        }
        v.push(self.wagering());
        v.push(self.min_odds());
        v.push(self.text(
            format!("Maximum conversion to cash ({c})"),
            "max_conversion",
            Some("Blank: no cap; above it the rest is forfeited."),
            "decimal",
            |r| &r.max_conversion,
            |r| &mut r.max_conversion,
        ));
        v.push(self.days());
        v
    }

    /// Free spins: which game, how many, at what stake.
    fn free_spins(self) -> Vec<AnyView> {
        let c = self.currency();
        vec![
            self.text(
                "Game code".into(),
                "game_code",
                None,
                "text",
                |r| &r.game_code,
                |r| &mut r.game_code,
            ),
            self.text(
                "Rounds".into(),
                "rounds",
                None,
                "numeric",
                |r| &r.rounds,
                |r| &mut r.rounds,
            ),
            self.text(
                format!("Stake per round ({c})"),
                "stake",
                None,
                "decimal",
                |r| &r.stake,
                |r| &mut r.stake,
            ),
            self.wagering(),
            self.days(),
        ]
    }

    /// Cashback: a capped percent of the net loss over a period.
    fn cashback(self) -> Vec<AnyView> {
        let c = self.currency();
        let slot = self.slot;
        vec![
            self.text(
                "Percent of net loss".into(),
                "percent",
                None,
                "decimal",
                |r| &r.percent,
                |r| &mut r.percent,
            ),
            self.text(
                format!("Maximum ({c})"),
                "max_amount",
                None,
                "decimal",
                |r| &r.max_amount,
                |r| &mut r.max_amount,
            ),
            select(
                self.form,
                "Period".into(),
                format!("{}-period", slot.id()),
                vec![("day", "Day".into()), ("week", "Week".into())],
                move |d| slot.text(d, |r| &r.period),
                move |d, v| slot.update(d, |r| r.period = v),
            )
            .into_any(),
            view! {
                <p class="text-xs text-amber-200">"Cashback needs the trigger “End of period”."</p>
            }
            .into_any(),
        ]
    }

    /// The select of the reward's kind.
    fn kind_select(self) -> AnyView {
        let slot = self.slot;
        select(
            self.form,
            "Reward kind".into(),
            format!("{}-kind", slot.id()),
            KINDS
                .iter()
                .map(|k| (*k, reward_label(k).to_owned()))
                .collect(),
            move |d| slot.text(d, |r| &r.kind),
            move |d, v| slot.update(d, |r| r.kind = v),
        )
        .into_any()
    }

    /// Bonus money's choice between a fixed amount and a percent.
    fn amount_mode(self, percent_mode: Memo<bool>) -> AnyView {
        let name = format!("{}-percent-mode", self.slot.id());
        let percent_label = "Percent of the qualifying amount, with a maximum";
        view! {
            <fieldset class="space-y-2">
                <legend class="text-sm font-medium text-slate-200">"Amount"</legend>
                <div class="flex flex-wrap gap-4 text-sm text-slate-200">
                    {self.mode_radio(name.clone(), false, None, "Fixed", percent_mode)}
                    {self.mode_radio(name.clone(), true, Some(name), percent_label, percent_mode)}
                </div>
            </fieldset>
        }
        .into_any()
    }

    /// One radio of [`Self::amount_mode`]: checked while the reward's
    /// percent mode is `percent`.
    fn mode_radio(
        self,
        name: String,
        percent: bool,
        testid: Option<String>,
        label: &'static str,
        percent_mode: Memo<bool>,
    ) -> AnyView {
        let (form, slot) = (self.form, self.slot);
        view! {
            <label class="flex items-center gap-2">
                <input
                    type="radio"
                    name=name
                    data-testid=testid
                    class="h-4 w-4 accent-emerald-400"
                    prop:checked=move || percent_mode.get() == percent
                    on:change=move |_| form.draft.update(|d| slot.update(d, |r| r.percent_mode = percent))
                />
                {label}
            </label>
        }
        .into_any()
    }

    /// The amount, labelled `label` and the currency.
    fn amount(self, label: &str) -> AnyView {
        let c = self.currency();
        self.text(
            format!("{label} ({c})"),
            "amount",
            None,
            "decimal",
            |r| &r.amount,
            |r| &mut r.amount,
        )
    }

    /// How many days the reward stays usable.
    fn days(self) -> AnyView {
        self.text(
            "Expires after (days)".into(),
            "expires_in_days",
            Some("Blank: never."),
            "numeric",
            |r| &r.expires_in_days,
            |r| &mut r.expires_in_days,
        )
    }

    /// The wagering requirement.
    fn wagering(self) -> AnyView {
        self.text(
            "Wagering multiplier".into(),
            "wagering_multiplier",
            Some("Times the bonus is staked before it converts, 0 to 50. GB allows at most 10."),
            "decimal",
            |r| &r.wagering_multiplier,
            |r| &mut r.wagering_multiplier,
        )
    }

    /// The shortest odds a bet using the reward may have.
    fn min_odds(self) -> AnyView {
        self.text(
            "Minimum odds".into(),
            "min_odds",
            Some("Blank: any odds."),
            "decimal",
            |r| &r.min_odds,
            |r| &mut r.min_odds,
        )
    }

    /// One text input of this reward: `field` is also the wire name.
    fn text(
        self,
        label: String,
        field: &'static str,
        hint: Option<&'static str>,
        kind: &'static str,
        get: FieldRef,
        set: FieldMut,
    ) -> AnyView {
        let slot = self.slot;
        text_input(
            self.form,
            label,
            format!("{}-{field}", slot.id()),
            format!("{}.{field}", slot.path()),
            hint.map(str::to_owned),
            kind,
            move |d| slot.text(d, get),
            move |d, v| slot.update(d, |r| *set(r) = v),
        )
        .into_any()
    }

    /// The currency amounts are typed in.
    fn currency(self) -> String {
        self.form.currency.get_value()
    }
}
