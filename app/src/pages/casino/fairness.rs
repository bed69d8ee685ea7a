//! Provably fair: the seed pair before the next round, the client seed
//! form, the revealed seed after it, and the round history with Verify.

use crate::i18n::{CasinoMsg, messages, use_locale};
use leptos::prelude::*;

use super::game::Table;
use crate::api::casino::{CasinoSetSeed, CasinoVerify, RoundInfo, SeedInfo, casino_rounds};
use crate::components::{BUTTON_SECONDARY, CARD, INPUT, Loading};
use crate::format::{LocalTime, money};
use crate::session::use_session;

/// The seed pair before the next round, the client seed form, and the
/// revealed seed of the round on the table.
#[component]
pub(super) fn FairPanel(seeds: RwSignal<Option<SeedInfo>>, table: Table) -> impl IntoView {
    let l = use_locale();
    let set_seed = ServerAction::<CasinoSetSeed>::new();
    let notice = RwSignal::new(None::<(bool, String)>);
    let input = RwSignal::new(String::new());
    Effect::new(move |_| match set_seed.value().get() {
        Some(Ok(o)) => {
            if let Some(s) = o.seeds {
                seeds.set(Some(s));
            }
            notice.set(Some((o.ok, o.message)));
        }
        Some(Err(_)) => notice.set(Some((
            false,
            use_locale().t(CasinoMsg::SeedNotSaved).to_owned(),
        ))),
        None => {}
    });
    view! {
        <section class=format!("{CARD} p-4 sm:p-5") aria-labelledby="fair-title">
            <h2 id="fair-title" class="text-base font-semibold text-white">{l.t(CasinoMsg::ProvablyFair)}</h2>
            {move || match seeds.get() {
                None => view! { <p class="mt-2 text-sm text-slate-400">{l.t(CasinoMsg::LogInForSeeds)}</p> }.into_any(),
                Some(s) => view! {
                    <dl class="mt-3 space-y-2 text-xs">
                        <div>
                            <dt class="text-slate-400">{l.t(CasinoMsg::NextServerSeedHash)}</dt>
                            <dd class="break-all font-mono text-slate-200" data-testid="fair-commitment">{s.commitment.clone()}</dd>
                        </div>
                        <div class="flex gap-6">
                            <div>
                                <dt class="text-slate-400">{l.t(CasinoMsg::ClientSeed)}</dt>
                                <dd class="break-all font-mono text-slate-200" data-testid="fair-client-seed">{s.client_seed.clone()}</dd>
                            </div>
                            <div>
                                <dt class="text-slate-400">{l.t(CasinoMsg::Nonce)}</dt>
                                <dd class="font-mono text-slate-200" data-testid="fair-nonce">{s.nonce}</dd>
                            </div>
                        </div>
                    </dl>
                    <form
                        class="mt-3 flex gap-2"
                        on:submit=move |ev| {
                            ev.prevent_default();
                            set_seed.dispatch(CasinoSetSeed { client_seed: input.get_untracked() });
                        }
                    >
                        <label for="client-seed" class="sr-only">{l.t(CasinoMsg::NewClientSeed)}</label>
                        <input
                            id="client-seed"
                            data-testid="client-seed"
                            placeholder=l.t(CasinoMsg::YourClientSeed)
                            maxlength="64"
                            autocomplete="off"
                            class=format!("{INPUT} min-w-0 font-mono")
                            prop:value=move || input.get()
                            on:input=move |ev| input.set(event_target_value(&ev))
                        />
                        <button type="submit" class=BUTTON_SECONDARY data-testid="client-seed-save">{l.t(CasinoMsg::Set)}</button>
                    </form>
                }
                .into_any(),
            }}
            {move || notice.get().map(|(ok, msg)| view! {
                <p class=if ok { "mt-2 text-xs text-emerald-300" } else { "mt-2 text-xs text-rose-300" } role="status">{msg}</p>
            })}
            {move || {
                let round = table.round.get().filter(|_| table.revealed.get())?;
                Some(view! {
                    <div class="mt-4 border-t border-slate-800 pt-3 text-xs">
                        <p class="font-semibold text-slate-300">{l.t(CasinoMsg::LastRoundRevealed)}</p>
                        <p class="mt-1 text-slate-400">{l.t(CasinoMsg::ServerSeed)}</p>
                        <p class="break-all font-mono text-amber-200" data-testid="fair-revealed">{round.server_seed.clone()}</p>
                        <p class="mt-1 text-slate-400">{l.t(CasinoMsg::ItsHash)}</p>
                        <p class="break-all font-mono text-slate-300">{round.commitment.clone()}</p>
                    </div>
                })
            }}
        </section>
    }
}

/// The player's latest rounds of a game with a Verify action each.
#[component]
pub(super) fn History(game_code: String, rev: RwSignal<u64>) -> impl IntoView {
    let l = use_locale();
    let session = use_session();
    let code = game_code.clone();
    let rounds = crate::resource::resource(
        move || (rev.get(), session.revision()),
        move |_| casino_rounds(code.clone()),
    );
    view! {
        <section class=format!("{CARD} p-4 sm:p-5") aria-labelledby="history-title">
            <h2 id="history-title" class="text-base font-semibold text-white">{l.t(CasinoMsg::YourRounds)}</h2>
            <Transition fallback=|| view! { <Loading/> }>
                {move || Suspend::new(async move {
                    match rounds.await {
                        Ok(list) if list.is_empty() => view! { <p class="mt-2 text-sm text-slate-400">{l.t(CasinoMsg::NoRounds)}</p> }.into_any(),
                        Ok(list) => view! {
                            <ul class="mt-2 divide-y divide-slate-800" data-testid="round-history">
                                {list.into_iter().map(|r| view! { <HistoryRow round=r/> }).collect_view()}
                            </ul>
                        }
                        .into_any(),
                        Err(_) => view! { <p class="mt-2 text-sm text-slate-400">{l.t(CasinoMsg::LogInForRounds)}</p> }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}

#[component]
fn HistoryRow(round: RoundInfo) -> impl IntoView {
    let l = use_locale();
    let verify = ServerAction::<CasinoVerify>::new();
    let id = round.round_id.clone();
    let won = !round.win.trim_start_matches(['0', '.']).is_empty();
    view! {
        <li class="py-2 text-xs" data-testid="round-row">
            <div class="flex items-center justify-between gap-2">
                <div class="min-w-0">
                    <p class="tabular-nums text-slate-300">
                        {messages::stake_prefix(l, &money(&round.stake, &round.currency))}
                        <span class=if won { "font-semibold text-amber-200" } else { "text-slate-400" }>{format!("Win {}", money(&round.win, &round.currency))}</span>
                    </p>
                    <p class="text-slate-500"><LocalTime at=round.created_at.clone()/> {format!(" · nonce {}", round.nonce)}</p>
                </div>
                <button
                    type="button"
                    class="shrink-0 rounded-lg border border-slate-700 px-2.5 py-1.5 font-semibold text-slate-200 hover:border-emerald-400 hover:text-emerald-200"
                    data-testid="verify"
                    disabled=move || verify.pending().get()
                    on:click=move |_| { verify.dispatch(CasinoVerify { round_id: id.clone() }); }
                >
                    {l.t(CasinoMsg::Verify)}
                </button>
            </div>
            {move || verify.value().get().map(|answer| match answer {
                Ok(Some(v)) => {
                    let good = v.commitment_matches && v.result_matches;
                    view! {
                        <div
                            role="status"
                            data-testid="verify-result"
                            data-verified=good.to_string()
                            class=if good { "mt-1.5 rounded-md bg-emerald-400/10 px-2 py-1.5 text-emerald-200" } else { "mt-1.5 rounded-md bg-rose-500/10 px-2 py-1.5 text-rose-200" }
                        >
                            <p>{l.t(if v.commitment_matches { CasinoMsg::CommitmentMatches } else { CasinoMsg::CommitmentDiffers })}</p>
                            <p>{l.t(if v.result_matches { CasinoMsg::ResultMatches } else { CasinoMsg::ResultDiffers })}</p>
                            <p class="mt-1 break-all font-mono text-[0.65rem] text-slate-400">{format!("server {} · client {} · nonce {}", v.server_seed, v.client_seed, v.nonce)}</p>
                        </div>
                    }
                    .into_any()
                }
                Ok(None) => view! { <p class="mt-1 text-rose-300">{l.t(CasinoMsg::RoundNotFound)}</p> }.into_any(),
                Err(_) => view! { <p class="mt-1 text-rose-300">{l.t(CasinoMsg::VerificationFailed)}</p> }.into_any(),
            })}
        </li>
    }
}
