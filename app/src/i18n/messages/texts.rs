//! Texts with numbers or names in them: one function each, a `match` on
//! the locale.

use crate::i18n::{Locale, Msg};

/// Month abbreviations, January first.
pub const fn months(locale: Locale) -> [&'static str; 12] {
    match locale {
        Locale::En => [
            "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
        ],
        Locale::Es => [
            "ene", "feb", "mar", "abr", "may", "jun", "jul", "ago", "sept", "oct", "nov", "dic",
        ],
        Locale::Pt => [
            "jan", "fev", "mar", "abr", "mai", "jun", "jul", "ago", "set", "out", "nov", "dez",
        ],
    }
}

/// Weekday abbreviations, Sunday first.
pub const fn weekdays(locale: Locale) -> [&'static str; 7] {
    match locale {
        Locale::En => ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"],
        Locale::Es => ["dom", "lun", "mar", "mié", "jue", "vie", "sáb"],
        Locale::Pt => ["dom", "seg", "ter", "qua", "qui", "sex", "sáb"],
    }
}

/// A countdown to a start less than an hour away: `in 12 min`.
pub fn in_minutes(locale: Locale, minutes: i64) -> String {
    match locale {
        Locale::En => format!("in {minutes} min"),
        Locale::Es => format!("en {minutes} min"),
        Locale::Pt => format!("em {minutes} min"),
    }
}

/// `+€5.00 bonus` under a balance.
pub fn plus_bonus(locale: Locale, amount: &str) -> String {
    match locale {
        Locale::En => format!("+{amount} bonus"),
        Locale::Es => format!("+{amount} de bono"),
        Locale::Pt => format!("+{amount} de bônus"),
    }
}

/// How many events are open and how many of them are live.
pub fn events_open(locale: Locale, total: usize, live: usize) -> String {
    match (locale, live) {
        (Locale::En, 0) => format!("{total} events open for betting."),
        (Locale::En, 1) => format!("{total} events open for betting, 1 live now."),
        (Locale::En, n) => format!("{total} events open for betting, {n} live now."),
        (Locale::Es, 0) => format!("{total} eventos abiertos para apostar."),
        (Locale::Es, 1) => format!("{total} eventos abiertos para apostar, 1 en vivo ahora."),
        (Locale::Es, n) => format!("{total} eventos abiertos para apostar, {n} en vivo ahora."),
        (Locale::Pt, 0) => format!("{total} eventos abertos para apostas."),
        (Locale::Pt, 1) => format!("{total} eventos abertos para apostas, 1 ao vivo agora."),
        (Locale::Pt, n) => format!("{total} eventos abertos para apostas, {n} ao vivo agora."),
    }
}

/// The link to the events a list leaves out.
pub fn see_more_events(locale: Locale, more: usize) -> String {
    match locale {
        Locale::En => format!("See {more} more events"),
        Locale::Es => format!("Ver {more} eventos más"),
        Locale::Pt => format!("Ver mais {more} eventos"),
    }
}

/// `12 games. `
pub fn games_count(locale: Locale, total: usize) -> String {
    match (locale, total) {
        (Locale::En, 1) => "1 game. ".to_owned(),
        (Locale::En, n) => format!("{n} games. "),
        (Locale::Es, 1) => "1 juego. ".to_owned(),
        (Locale::Es, n) => format!("{n} juegos. "),
        (Locale::Pt, 1) => "1 jogo. ".to_owned(),
        (Locale::Pt, n) => format!("{n} jogos. "),
    }
}

/// `+3 markets` on an event card.
pub fn more_markets(locale: Locale, more: usize) -> String {
    match locale {
        Locale::En => format!("+{more} markets"),
        Locale::Es => format!("+{more} mercados"),
        Locale::Pt => format!("+{more} mercados"),
    }
}

/// An accumulator's label: `Accumulator · 3 folds`.
pub fn accumulator_folds(locale: Locale, legs: usize) -> String {
    match locale {
        Locale::En => format!("Accumulator · {legs} folds"),
        Locale::Es => format!("Combinada · {legs} selecciones"),
        Locale::Pt => format!("Múltipla · {legs} seleções"),
    }
}

/// A teaser's label: `Teaser · 6 pts`.
pub fn teaser_points(locale: Locale, points: &str) -> String {
    match locale {
        Locale::En => format!("Teaser · {points} pts"),
        Locale::Es => format!("Teaser · {points} pts"),
        Locale::Pt => format!("Teaser · {points} pts"),
    }
}

/// A system bet's label: `Trixie · 4 bets`.
pub fn system_lines(locale: Locale, name: &str, lines: impl std::fmt::Display) -> String {
    match locale {
        Locale::En => format!("{name} · {lines} bets"),
        Locale::Es => format!("{name} · {lines} apuestas"),
        Locale::Pt => format!("{name} · {lines} apostas"),
    }
}

/// The cash-out button: `Cash out €12.30`.
pub fn cash_out_for(locale: Locale, amount: &str) -> String {
    match locale {
        Locale::En => format!("Cash out {amount}"),
        Locale::Es => format!("Cobrar {amount}"),
        Locale::Pt => format!("Encerrar por {amount}"),
    }
}

/// The line under a placed bet: `Stake €5.00 · potential return €10.00`.
pub fn stake_and_return(locale: Locale, stake: &str, potential: &str) -> String {
    match locale {
        Locale::En => format!("Stake {stake} · potential return {potential}"),
        Locale::Es => format!("Importe {stake} · ganancia potencial {potential}"),
        Locale::Pt => format!("Valor {stake} · retorno potencial {potential}"),
    }
}

/// `2 selections are not taking bets now …` (more than one).
pub fn many_unavailable(locale: Locale, n: usize) -> String {
    match locale {
        Locale::En => format!(
            "{n} selections are not taking bets now (suspended or closed). Remove them, or wait for their markets to reopen."
        ),
        Locale::Es => format!(
            "{n} selecciones no admiten apuestas ahora (suspendidas o cerradas). Quítalas o espera a que sus mercados vuelvan a abrir."
        ),
        Locale::Pt => format!(
            "{n} seleções não estão aceitando apostas agora (suspensas ou fechadas). Remova-as ou espere os mercados reabrirem."
        ),
    }
}

/// `The odds of 2 selections changed …` (more than one).
pub fn many_odds_changed(locale: Locale, n: usize) -> String {
    match locale {
        Locale::En => format!(
            "The odds of {n} selections changed. Check the new odds and accept them to place your bet."
        ),
        Locale::Es => format!(
            "Las cuotas de {n} selecciones cambiaron. Revisa las nuevas cuotas y acéptalas para realizar tu apuesta."
        ),
        Locale::Pt => format!(
            "As odds de {n} seleções mudaram. Confira as novas odds e aceite-as para fazer sua aposta."
        ),
    }
}

/// The remove button of a leg: `Remove Arsenal from the betslip`.
pub fn remove_from_slip(locale: Locale, selection: &str) -> String {
    match locale {
        Locale::En => format!("Remove {selection} from the betslip"),
        Locale::Es => format!("Quitar {selection} del boleto de apuestas"),
        Locale::Pt => format!("Remover {selection} do cupom de apostas"),
    }
}

/// A stake that does not parse.
pub fn stake_decimals(locale: Locale, decimals: impl std::fmt::Display) -> String {
    match locale {
        Locale::En => format!("Enter a stake greater than zero with at most {decimals} decimals."),
        Locale::Es => {
            format!("Introduce un importe mayor que cero con {decimals} decimales como máximo.")
        }
        Locale::Pt => {
            format!("Informe um valor maior que zero com no máximo {decimals} casas decimais.")
        }
    }
}

/// A K-from-N system: `2 from 4`.
pub fn k_from_n(locale: Locale, k: usize, n: usize) -> String {
    match locale {
        Locale::En => format!("{k} from {n}"),
        Locale::Es | Locale::Pt => format!("{k} de {n}"),
    }
}

/// The accumulator in the bet-type select: `Accumulator (3 folds)`.
pub fn accumulator_option(locale: Locale, n: usize) -> String {
    match locale {
        Locale::En => format!("Accumulator ({n} folds)"),
        Locale::Es => format!("Combinada ({n} selecciones)"),
        Locale::Pt => format!("Múltipla ({n} seleções)"),
    }
}

/// The teaser in the bet-type select: `Teaser 6 pts`.
pub fn teaser_option(locale: Locale, points: impl std::fmt::Display) -> String {
    match locale {
        Locale::En | Locale::Es | Locale::Pt => format!("Teaser {points} pts"),
    }
}

/// After saving a nickname.
pub fn nickname_saved(locale: Locale, name: &str) -> String {
    match locale {
        Locale::En => format!("Saved. Leaderboards now show you as {name}."),
        Locale::Es => format!("Guardado. Las clasificaciones ahora te muestran como {name}."),
        Locale::Pt => format!("Salvo. Os rankings agora mostram você como {name}."),
    }
}

/// The opt-in button's accessible name: `Opt in to Welcome offer`.
pub fn opt_in_to(locale: Locale, name: &str) -> String {
    match locale {
        Locale::En => format!("Opt in to {name}"),
        Locale::Es => format!("Participar en {name}"),
        Locale::Pt => format!("Participar de {name}"),
    }
}

/// Terms with the currency of their amounts: `… (amounts in EUR)`.
pub fn terms_in_currency(locale: Locale, terms: &str, currency: &str) -> String {
    match locale {
        Locale::En => format!("{terms} (amounts in {currency})"),
        Locale::Es => format!("{terms} (importes en {currency})"),
        Locale::Pt => format!("{terms} (valores em {currency})"),
    }
}

/// `120 coins`.
pub fn coins(locale: Locale, n: impl std::fmt::Display) -> String {
    match locale {
        Locale::En => format!("{n} coins"),
        Locale::Es => format!("{n} monedas"),
        Locale::Pt => format!("{n} moedas"),
    }
}

/// `300 points`.
pub fn points(locale: Locale, n: impl std::fmt::Display) -> String {
    match locale {
        Locale::En => format!("{n} points"),
        Locale::Es => format!("{n} puntos"),
        Locale::Pt => format!("{n} pontos"),
    }
}

/// `10 free spins at €0.20`.
pub fn free_spins_at(locale: Locale, rounds: impl std::fmt::Display, stake: &str) -> String {
    match locale {
        Locale::En => format!("{rounds} free spins at {stake}"),
        Locale::Es => format!("{rounds} giros gratis de {stake}"),
        Locale::Pt => format!("{rounds} giros grátis de {stake}"),
    }
}

/// A bonus's wagering progress: `Wagered €10.00 of €50.00`.
pub fn wagered_of(locale: Locale, done: &str, required: &str) -> String {
    match locale {
        Locale::En => format!("Wagered {done} of {required}"),
        Locale::Es => format!("Apostado {done} de {required}"),
        Locale::Pt => format!("Apostado {done} de {required}"),
    }
}

/// What forfeiting loses: `The €5.00 of bonus money on it is lost for good.`
pub fn bonus_lost(locale: Locale, amount: &str) -> String {
    match locale {
        Locale::En => format!("The {amount} of bonus money on it is lost for good."),
        Locale::Es => format!("Los {amount} de saldo de bono se pierden definitivamente."),
        Locale::Pt => format!("Os {amount} de saldo de bônus são perdidos definitivamente."),
    }
}

/// `Bonus money left: €5.00`.
pub fn bonus_left(locale: Locale, amount: &str) -> String {
    match locale {
        Locale::En => format!("Bonus money left: {amount}"),
        Locale::Es => format!("Saldo de bono restante: {amount}"),
        Locale::Pt => format!("Saldo de bônus restante: {amount}"),
    }
}

/// `Minimum odds 1.50`.
pub fn minimum_odds(locale: Locale, odds: &str) -> String {
    match locale {
        Locale::En => format!("Minimum odds {odds}"),
        Locale::Es => format!("Cuota mínima {odds}"),
        Locale::Pt => format!("Odd mínima {odds}"),
    }
}

/// `8 rounds left on starburst`.
pub fn rounds_left_on(locale: Locale, rounds: impl std::fmt::Display, game: &str) -> String {
    match locale {
        Locale::En => format!("{rounds} rounds left on {game}"),
        Locale::Es => format!("Quedan {rounds} rondas en {game}"),
        Locale::Pt => format!("Restam {rounds} rodadas em {game}"),
    }
}

/// The forfeit confirmation: `Forfeit this bonus? … Your cash balance is not affected.`
pub fn forfeit_confirm(locale: Locale, loses: &str) -> String {
    match locale {
        Locale::En => format!("Forfeit this bonus? {loses} Your cash balance is not affected."),
        Locale::Es => {
            format!("¿Renunciar a este bono? {loses} Tu saldo en efectivo no se ve afectado.")
        }
        Locale::Pt => format!("Cancelar este bônus? {loses} Seu saldo em dinheiro não é afetado."),
    }
}

/// `Wagering done: €5.00 is now cash.`
pub fn wagering_done(locale: Locale, what: &str) -> String {
    match locale {
        Locale::En => format!("Wagering done: {what} is now cash."),
        Locale::Es => format!("Requisito de apuesta cumplido: {what} ya es efectivo."),
        Locale::Pt => format!("Requisito de apostas cumprido: {what} agora é dinheiro."),
    }
}

/// `Free bet of €5.00 placed.`
pub fn free_bet_placed(locale: Locale, amount: &str) -> String {
    match locale {
        Locale::En => format!("Free bet of {amount} placed."),
        Locale::Es => format!("Apuesta gratis de {amount} realizada."),
        Locale::Pt => format!("Aposta grátis de {amount} feita."),
    }
}

/// `Free spins: 10 free spins at €0.20 is no longer available.`
pub fn no_longer_available(locale: Locale, kind: &str, what: &str) -> String {
    match locale {
        Locale::En => format!("{kind}: {what} is no longer available."),
        Locale::Es => format!("{kind}: {what} ya no está disponible."),
        Locale::Pt => format!("{kind}: {what} não está mais disponível."),
    }
}

/// `A withdrawal forfeits your active bonus money (€5.00). `
pub fn withdrawal_forfeits(locale: Locale, amount: &str) -> String {
    match locale {
        Locale::En => format!("A withdrawal forfeits your active bonus money ({amount}). "),
        Locale::Es => format!("Un retiro anula tu saldo de bono activo ({amount}). "),
        Locale::Pt => format!("Um saque cancela seu saldo de bônus ativo ({amount}). "),
    }
}

/// ` · Volatility: High` after a game's provider.
pub fn volatility_suffix(locale: Locale, level: &str) -> String {
    match locale {
        Locale::En => format!(" · Volatility: {level}"),
        Locale::Es => format!(" · Volatilidad: {level}"),
        Locale::Pt => format!(" · Volatilidade: {level}"),
    }
}

/// A stake that does not parse: `Stake: …`.
pub fn stake_error(locale: Locale, error: impl std::fmt::Display) -> String {
    match locale {
        Locale::En => format!("Stake: {error}."),
        Locale::Es => format!("Importe: {error}."),
        Locale::Pt => format!("Valor: {error}."),
    }
}

/// A round without a win: `No win this time. Stake €1.00.`
pub fn no_win(locale: Locale, stake: &str) -> String {
    match locale {
        Locale::En => format!("No win this time. Stake {stake}."),
        Locale::Es => format!("Esta vez no hay premio. Importe {stake}."),
        Locale::Pt => format!("Não foi desta vez. Valor apostado {stake}."),
    }
}

/// A winning round: `You win €5.00 (stake €1.00).`
pub fn you_win(locale: Locale, win: &str, stake: &str) -> String {
    match locale {
        Locale::En => format!("You win {win} (stake {stake})."),
        Locale::Es => format!("Ganas {win} (importe {stake})."),
        Locale::Pt => format!("Você ganhou {win} (valor apostado {stake})."),
    }
}

/// Stock left: `12 left`.
pub fn left(locale: Locale, n: &str) -> String {
    match locale {
        Locale::En => format!("{n} left"),
        Locale::Es => format!("Quedan {n}"),
        Locale::Pt => format!("Restam {n}"),
    }
}

/// `Reserved for Gold members and above.`
pub fn reserved_for(locale: Locale, tier: &str) -> String {
    match locale {
        Locale::En => format!("Reserved for {tier} members and above."),
        Locale::Es => format!("Reservado para miembros {tier} o superior."),
        Locale::Pt => format!("Reservado para membros {tier} ou acima."),
    }
}

/// `You need 120 points more.`
pub fn you_need_more(locale: Locale, what: &str) -> String {
    match locale {
        Locale::En => format!("You need {what} more."),
        Locale::Es => format!("Te faltan {what}."),
        Locale::Pt => format!("Faltam {what}."),
    }
}

/// `Redeem “Free bet” for 500 points?`
pub fn redeem_for(locale: Locale, name: &str, cost: &str) -> String {
    match locale {
        Locale::En => format!("Redeem “{name}” for {cost}?"),
        Locale::Es => format!("¿Canjear «{name}» por {cost}?"),
        Locale::Pt => format!("Resgatar “{name}” por {cost}?"),
    }
}

/// `Gold and above`.
pub fn tier_and_above(locale: Locale, tier: &str) -> String {
    match locale {
        Locale::En => format!("{tier} and above"),
        Locale::Es => format!("{tier} o superior"),
        Locale::Pt => format!("{tier} ou acima"),
    }
}

/// A roulette bet's name.
pub fn roulette_bet(locale: Locale, kind: &str, n: &str) -> String {
    let word = match (locale, kind) {
        (Locale::En, "split") => "Split",
        (Locale::En, "street") => "Street",
        (Locale::En, "corner") => "Corner",
        (Locale::En, "six_line") => "Six line",
        (Locale::En, _) => "Column",
        (Locale::Es, "split") => "Semipleno",
        (Locale::Es, "street") => "Transversal",
        (Locale::Es, "corner") => "Cuadro",
        (Locale::Es, "six_line") => "Seisena",
        (Locale::Es, _) => "Columna",
        (Locale::Pt, "split") => "Cavalo",
        (Locale::Pt, "street") => "Transversal",
        (Locale::Pt, "corner") => "Quadrado",
        (Locale::Pt, "six_line") => "Linha",
        (Locale::Pt, _) => "Coluna",
    };
    format!("{word} {n}")
}

/// A roulette dozen: `1st 12`.
pub fn dozen(locale: Locale, dozen: u8) -> String {
    match (locale, dozen) {
        (Locale::En, 1) => "1st 12".to_owned(),
        (Locale::En, 2) => "2nd 12".to_owned(),
        (Locale::En, _) => "3rd 12".to_owned(),
        (Locale::Es, d) => format!("{}.ª docena", d.min(3)),
        (Locale::Pt, d) => format!("{}ª dúzia", d.min(3)),
    }
}

/// A winning roulette bet: `pays 36.00`.
pub fn pays(locale: Locale, amount: &str) -> String {
    match locale {
        Locale::En => format!("pays {amount}"),
        Locale::Es => format!("paga {amount}"),
        Locale::Pt => format!("paga {amount}"),
    }
}

/// The dice odds: `Chance to win 49.5% · pays ×1.98`.
pub fn dice_odds(
    locale: Locale,
    chance: impl std::fmt::Display,
    multiplier: impl std::fmt::Display,
) -> String {
    match locale {
        Locale::En => format!("Chance to win {chance}% · pays ×{multiplier}"),
        Locale::Es => format!("Probabilidad de ganar {chance} % · paga ×{multiplier}"),
        Locale::Pt => format!("Chance de ganhar {chance}% · paga ×{multiplier}"),
    }
}

/// A verified round's stake: `Stake €1.00 · `.
pub fn stake_prefix(locale: Locale, stake: &str) -> String {
    match locale {
        Locale::En => format!("Stake {stake} · "),
        Locale::Es => format!("Importe {stake} · "),
        Locale::Pt => format!("Valor {stake} · "),
    }
}

/// The amount field of a new limit: `Limit (EUR)`.
pub fn limit_in(locale: Locale, currency: &str) -> String {
    match locale {
        Locale::En => format!("Limit ({currency})"),
        Locale::Es => format!("Límite ({currency})"),
        Locale::Pt => format!("Limite ({currency})"),
    }
}

/// A limit's usage: `Used €10.00 · left €90.00`.
pub fn used_left(locale: Locale, used: &str, left: &str) -> String {
    match locale {
        Locale::En => format!("Used {used} · left {left}"),
        Locale::Es => format!("Usado {used} · quedan {left}"),
        Locale::Pt => format!("Usado {used} · restam {left}"),
    }
}

/// A pending limit change: `Changes to €200.00 on `.
pub fn changes_to(locale: Locale, amount: &str) -> String {
    match locale {
        Locale::En => format!("Changes to {amount} on "),
        Locale::Es => format!("Cambia a {amount}: "),
        Locale::Pt => format!("Muda para {amount}: "),
    }
}

/// `Your country requires a reality check at least every 60 minutes.`
pub fn mandatory_reality_check(locale: Locale, minutes: u32) -> String {
    match locale {
        Locale::En => {
            format!("Your country requires a reality check at least every {minutes} minutes.")
        }
        Locale::Es => {
            format!("Tu país exige un aviso de realidad al menos cada {minutes} minutos.")
        }
        Locale::Pt => {
            format!("Seu país exige um alerta de realidade pelo menos a cada {minutes} minutos.")
        }
    }
}

/// `Your session limit changes to 60 minutes on `.
pub fn session_limit_changes(locale: Locale, minutes: u32) -> String {
    match locale {
        Locale::En => format!("Your session limit changes to {minutes} minutes on "),
        Locale::Es => format!("Tu límite de sesión cambia a {minutes} minutos: "),
        Locale::Pt => format!("Seu limite de sessão muda para {minutes} minutos: "),
    }
}

/// `We also watch a threshold of €500.00.`
pub fn also_watch(locale: Locale, amount: &str) -> String {
    match locale {
        Locale::En => format!("We also watch a threshold of {amount}."),
        Locale::Es => format!("También vigilamos un umbral de {amount}."),
        Locale::Pt => format!("Também acompanhamos um limite de {amount}."),
    }
}

/// A time-out's length: `7 day(s)`.
pub fn days(locale: Locale, days: impl std::fmt::Display) -> String {
    match locale {
        Locale::En => format!("{days} day(s)"),
        Locale::Es => format!("{days} día(s)"),
        Locale::Pt => format!("{days} dia(s)"),
    }
}

/// A self-exclusion's length: `12 months`.
pub fn months_count(locale: Locale, months: impl std::fmt::Display) -> String {
    match locale {
        Locale::En => format!("{months} months"),
        Locale::Es => format!("{months} meses"),
        Locale::Pt => format!("{months} meses"),
    }
}

/// `a time-out of 7 day(s)`.
pub fn time_out_of(locale: Locale, days: &str) -> String {
    match locale {
        Locale::En => format!("a time-out of {days} day(s)"),
        Locale::Es => format!("una pausa temporal de {days} día(s)"),
        Locale::Pt => format!("uma pausa de {days} dia(s)"),
    }
}

/// `a self-exclusion of 12 months`.
pub fn self_exclusion_of(locale: Locale, months: &str) -> String {
    match locale {
        Locale::En => format!("a self-exclusion of {months} months"),
        Locale::Es => format!("una autoexclusión de {months} meses"),
        Locale::Pt => format!("uma autoexclusão de {months} meses"),
    }
}

/// `Start a time-out of 7 day(s) now?`
pub fn start_now(locale: Locale, what: &str) -> String {
    match locale {
        Locale::En => format!("Start {what} now?"),
        Locale::Es => format!("¿Empezar {what} ahora?"),
        Locale::Pt => format!("Começar {what} agora?"),
    }
}

/// `Checked by: Sumsub.` and a note.
pub fn checked_by(locale: Locale, provider: &str, note: &str) -> String {
    match locale {
        Locale::En => format!("Checked by: {provider}.{note}"),
        Locale::Es => format!("Verificado por: {provider}.{note}"),
        Locale::Pt => format!("Verificado por: {provider}.{note}"),
    }
}

/// The loss-alert toast: what was lost in which window, past whose alert.
/// `days` is the window (1, 7 or 30); `operator` is true for the
/// operator's threshold rather than the player's own.
pub fn lost_past_alert(
    locale: Locale,
    lost: &str,
    days: u32,
    operator: bool,
    threshold: &str,
) -> String {
    match locale {
        Locale::En => {
            let window = match days {
                1 => "24 hours".to_owned(),
                d => format!("{d} days"),
            };
            let whose = if operator { "our" } else { "your" };
            format!("You have lost {lost} in the last {window}, past {whose} alert of {threshold}.")
        }
        Locale::Es => {
            let window = match days {
                1 => "las últimas 24 horas".to_owned(),
                d => format!("los últimos {d} días"),
            };
            let whose = if operator { "nuestra" } else { "tu" };
            format!("Has perdido {lost} en {window}, por encima de {whose} alerta de {threshold}.")
        }
        Locale::Pt => {
            let window = match days {
                1 => "nas últimas 24 horas".to_owned(),
                d => format!("nos últimos {d} dias"),
            };
            let whose = if operator { "nosso" } else { "seu" };
            format!("Você perdeu {lost} {window}, acima do {whose} alerta de {threshold}.")
        }
    }
}

/// The deposit-cap field's name: `Cap in EUR`.
pub fn cap_in(locale: Locale, currency: &str) -> String {
    match locale {
        Locale::En => format!("Cap in {currency}"),
        Locale::Es => format!("Tope en {currency}"),
        Locale::Pt => format!("Teto em {currency}"),
    }
}

/// The slot's free-spin counter: `Free spin 2 / 10 · ×2`.
pub fn free_spin_counter(
    locale: Locale,
    spin: usize,
    total: usize,
    multiplier: impl std::fmt::Display,
) -> String {
    match locale {
        Locale::En => format!("Free spin {spin} / {total} · ×{multiplier}"),
        Locale::Es => format!("Giro gratis {spin} / {total} · ×{multiplier}"),
        Locale::Pt => format!("Giro grátis {spin} / {total} · ×{multiplier}"),
    }
}

/// A winning payline: `Line 3: 4 × Owl pays 2.00`.
pub fn line_pays(
    locale: Locale,
    line: impl std::fmt::Display,
    count: impl std::fmt::Display,
    symbol: &str,
    win: &str,
) -> String {
    match locale {
        Locale::En => format!("Line {line}: {count} × {symbol} pays {win}"),
        Locale::Es => format!("Línea {line}: {count} × {symbol} paga {win}"),
        Locale::Pt => format!("Linha {line}: {count} × {symbol} paga {win}"),
    }
}

/// What the moons (scatters) paid: `3 moons pay 2.00 and award 10 free spins`.
pub fn moons_pay(
    locale: Locale,
    count: impl std::fmt::Display,
    win: &str,
    free_spins: u32,
) -> String {
    let awarded = free_spins > 0;
    match locale {
        Locale::En if awarded => {
            format!("{count} moons pay {win} and award {free_spins} free spins")
        }
        Locale::En => format!("{count} moons pay {win}"),
        Locale::Es if awarded => {
            format!("{count} lunas pagan {win} y dan {free_spins} giros gratis")
        }
        Locale::Es => format!("{count} lunas pagan {win}"),
        Locale::Pt if awarded => {
            format!("{count} luas pagam {win} e dão {free_spins} giros grátis")
        }
        Locale::Pt => format!("{count} luas pagam {win}"),
    }
}

/// A slot stake that does not divide by the lines.
pub fn stake_covers_lines(locale: Locale, lines: impl std::fmt::Display, unit: &str) -> String {
    match locale {
        Locale::En => format!("The stake covers {lines} lines: use a multiple of {unit}."),
        Locale::Es => format!("El importe cubre {lines} líneas: usa un múltiplo de {unit}."),
        Locale::Pt => format!("O valor cobre {lines} linhas: use um múltiplo de {unit}."),
    }
}

/// The note under the slot's paytable.
pub fn slot_paytable_note(
    locale: Locale,
    pays: [u32; 3],
    award: impl std::fmt::Display,
    multiplier: impl std::fmt::Display,
    cap: impl std::fmt::Display,
) -> String {
    let [p3, p4, p5] = pays;
    match locale {
        Locale::En => format!(
            "Moons pay anywhere ({p3}×, {p4}×, {p5}× the stake for 3, 4, 5); 3 or more award {award} free spins at ×{multiplier}, up to {cap} in a round. Wild substitutes for every symbol but the moon."
        ),
        Locale::Es => format!(
            "Las lunas pagan en cualquier posición ({p3}×, {p4}×, {p5}× el importe por 3, 4, 5); 3 o más dan {award} giros gratis a ×{multiplier}, hasta {cap} por ronda. El comodín sustituye a todos los símbolos menos a la luna."
        ),
        Locale::Pt => format!(
            "As luas pagam em qualquer posição ({p3}×, {p4}×, {p5}× o valor apostado por 3, 4, 5); 3 ou mais dão {award} giros grátis a ×{multiplier}, até {cap} por rodada. O curinga substitui todos os símbolos, menos a lua."
        ),
    }
}

/// The progress bar's label: `Progress to Gold`.
pub fn progress_to(locale: Locale, tier: &str) -> String {
    match locale {
        Locale::En => format!("Progress to {tier}"),
        Locale::Es => format!("Progreso hacia {tier}"),
        Locale::Pt => format!("Progresso até {tier}"),
    }
}

/// `1,200 points to go`.
pub fn to_go(locale: Locale, what: &str) -> String {
    match locale {
        Locale::En => format!("{what} to go"),
        Locale::Es => format!("Faltan {what}"),
        Locale::Pt => format!("Faltam {what}"),
    }
}

/// `3,800 points earned in the qualifying window.`
pub fn earned_in_window(locale: Locale, what: &str) -> String {
    match locale {
        Locale::En => format!("{what} earned in the qualifying window."),
        Locale::Es => format!("{what} ganados en el periodo de clasificación."),
        Locale::Pt => format!("{what} ganhos no período de qualificação."),
    }
}

/// The QR code's name: `QR code of loyalty card 4815 1623 …`.
pub fn qr_label(locale: Locale, number: &str) -> String {
    match locale {
        Locale::En => format!("QR code of loyalty card {number}"),
        Locale::Es => format!("Código QR de la tarjeta de fidelidad {number}"),
        Locale::Pt => format!("Código QR do cartão de fidelidade {number}"),
    }
}

/// `1 point`, `1,250 points` (the number already grouped).
pub fn points_count(locale: Locale, n: i64, grouped: &str) -> String {
    let one = n.abs() == 1;
    match locale {
        Locale::En if one => format!("{grouped} point"),
        Locale::En => format!("{grouped} points"),
        Locale::Es if one => format!("{grouped} punto"),
        Locale::Es => format!("{grouped} puntos"),
        Locale::Pt if one => format!("{grouped} ponto"),
        Locale::Pt => format!("{grouped} pontos"),
    }
}

/// `1 coin`, `40 coins` (the number already grouped).
pub fn coins_count(locale: Locale, n: i64, grouped: &str) -> String {
    let one = n.abs() == 1;
    match locale {
        Locale::En if one => format!("{grouped} coin"),
        Locale::En => format!("{grouped} coins"),
        Locale::Es if one => format!("{grouped} moneda"),
        Locale::Es => format!("{grouped} monedas"),
        Locale::Pt if one => format!("{grouped} moeda"),
        Locale::Pt => format!("{grouped} moedas"),
    }
}

/// A tier's points multiplier: `1.25× points on everything you play`.
pub fn points_multiplier(locale: Locale, multiplier: &str) -> String {
    match locale {
        Locale::En => format!("{multiplier}× points on everything you play"),
        Locale::Es => format!("{multiplier}× puntos en todo lo que juegues"),
        Locale::Pt => format!("{multiplier}× pontos em tudo o que você jogar"),
    }
}

/// A tier's cashback: `5% cashback on net losses`.
pub fn cashback_on_losses(locale: Locale, percent: &str) -> String {
    match locale {
        Locale::En => format!("{percent}% cashback on net losses"),
        Locale::Es => format!("{percent} % de cashback sobre las pérdidas netas"),
        Locale::Pt => format!("{percent}% de cashback sobre as perdas líquidas"),
    }
}

/// Staff on a player's loyalty page: `Loyalty pages are for players. …`.
pub fn for_players_only(locale: Locale, what: &str) -> String {
    match locale {
        Locale::En => format!(
            "{what} are for players. Staff accounts do not collect points; VIP managers edit the programme in the "
        ),
        Locale::Es => format!(
            "{what}: solo para jugadores. Las cuentas de personal no acumulan puntos; los gestores VIP editan el programa en el "
        ),
        Locale::Pt => format!(
            "{what}: somente para jogadores. Contas da equipe não acumulam pontos; os gerentes VIP editam o programa no "
        ),
    }
}

/// A visitor on a player's loyalty page: `to see your loyalty pages.`
pub fn to_see_your(locale: Locale, what: &str) -> String {
    let what = what.to_lowercase();
    match locale {
        Locale::En => format!("to see your {what}."),
        Locale::Es => format!("para ver tus {what}."),
        Locale::Pt => format!("para ver suas {what}."),
    }
}

/// An odds button's accessible name: `Arsenal, Match result, odds 2.10`.
pub fn odds_button_label(locale: Locale, selection: &str, market: &str, odds: &str) -> String {
    match locale {
        Locale::En => format!("{selection}, {market}, odds {odds}"),
        Locale::Es => format!("{selection}, {market}, cuota {odds}"),
        Locale::Pt => format!("{selection}, {market}, odd {odds}"),
    }
}

/// An odds button that takes no bets: `Arsenal, Match result, not taking bets now`.
pub fn odds_button_closed(locale: Locale, selection: &str, market: &str) -> String {
    match locale {
        Locale::En => format!("{selection}, {market}, not taking bets now"),
        Locale::Es => format!("{selection}, {market}, no admite apuestas ahora"),
        Locale::Pt => format!("{selection}, {market}, não aceita apostas agora"),
    }
}

/// A leaderboard countdown: `Starts in 2d 04h 13m`.
pub fn starts_in(locale: Locale, left: &str) -> String {
    match locale {
        Locale::En => format!("Starts in {left}"),
        Locale::Es => format!("Empieza en {left}"),
        Locale::Pt => format!("Começa em {left}"),
    }
}

/// A leaderboard countdown: `Ends in 13m 05s`.
pub fn ends_in(locale: Locale, left: &str) -> String {
    match locale {
        Locale::En => format!("Ends in {left}"),
        Locale::Es => format!("Termina en {left}"),
        Locale::Pt => format!("Termina em {left}"),
    }
}

/// A leaderboard score with its unit: `1 day`, `4 games`, `120 pts`.
/// `unit` is `day`, `game` or `pts`.
pub fn score_unit(locale: Locale, score: &str, unit: &str) -> String {
    let one = score == "1";
    let word = match (locale, unit, one) {
        (Locale::En, "day", true) => "day",
        (Locale::En, "day", false) => "days",
        (Locale::En, "game", true) => "game",
        (Locale::En, "game", false) => "games",
        (Locale::Es, "day", true) => "día",
        (Locale::Es, "day", false) => "días",
        (Locale::Es, "game", true) => "juego",
        (Locale::Es, "game", false) => "juegos",
        (Locale::Pt, "day", true) => "dia",
        (Locale::Pt, "day", false) => "dias",
        (Locale::Pt, "game", true) => "jogo",
        (Locale::Pt, "game", false) => "jogos",
        (Locale::En, _, _) => "pts",
        (Locale::Es | Locale::Pt, _, _) => "pts",
    };
    format!("{score} {word}")
}

/// A rank: `1st`, `22nd`; `1.º`; `1º`.
pub fn ordinal(locale: Locale, n: i64) -> String {
    match locale {
        Locale::En => {
            let suffix = match (n % 10, n % 100) {
                (_, 11..=13) => "th",
                (1, _) => "st",
                (2, _) => "nd",
                (3, _) => "rd",
                _ => "th",
            };
            format!("{n}{suffix}")
        }
        Locale::Es => format!("{n}.º"),
        Locale::Pt => format!("{n}º"),
    }
}

/// A prize in words: `€50.00 cash`, `20 free spins on slot at €0.20`.
/// `kind` is the reward's kind; `amount` its money (shown), `extra` the
/// wagering multiplier (bonus money), the game (free spins), the percent
/// (cashback) or the count (coins, points); `stake` the spins' stake.
pub fn prize(locale: Locale, kind: &str, amount: &str, extra: &str, stake: &str) -> String {
    match (locale, kind) {
        (Locale::En, "cash") => format!("{amount} cash"),
        (Locale::Es, "cash") => format!("{amount} en efectivo"),
        (Locale::Pt, "cash") => format!("{amount} em dinheiro"),
        (Locale::En, "bonus_money") if !extra.is_empty() => {
            format!("{amount} bonus money, wager {extra}×")
        }
        (Locale::Es, "bonus_money") if !extra.is_empty() => {
            format!("{amount} de saldo de bono, apostar {extra}×")
        }
        (Locale::Pt, "bonus_money") if !extra.is_empty() => {
            format!("{amount} de saldo de bônus, apostar {extra}×")
        }
        (Locale::En, "bonus_money") => format!("{amount} bonus money"),
        (Locale::Es, "bonus_money") => format!("{amount} de saldo de bono"),
        (Locale::Pt, "bonus_money") => format!("{amount} de saldo de bônus"),
        (Locale::En, "free_bet") => format!("{amount} free bet"),
        (Locale::Es, "free_bet") => format!("Apuesta gratis de {amount}"),
        (Locale::Pt, "free_bet") => format!("Aposta grátis de {amount}"),
        (Locale::En, "free_spins") => format!("{amount} free spins on {extra} at {stake}"),
        (Locale::Es, "free_spins") => format!("{amount} giros gratis en {extra} de {stake}"),
        (Locale::Pt, "free_spins") => format!("{amount} giros grátis em {extra} de {stake}"),
        (Locale::En, "cashback") => format!("{extra}% cashback"),
        (Locale::Es, "cashback") => format!("{extra} % de cashback"),
        (Locale::Pt, "cashback") => format!("{extra}% de cashback"),
        (Locale::En, "coins") => format!("{extra} coins"),
        (Locale::Es, "coins") => format!("{extra} monedas"),
        (Locale::Pt, "coins") => format!("{extra} moedas"),
        (Locale::En, "loyalty_points") => format!("{extra} loyalty points"),
        (Locale::Es, "loyalty_points") => format!("{extra} puntos de fidelidad"),
        (Locale::Pt, "loyalty_points") => format!("{extra} pontos de fidelidade"),
        (_, _) => locale.t(Msg::APrize).to_owned(),
    }
}

/// A board's seats: `Up to 100 players`.
pub fn up_to_players(locale: Locale, max: impl std::fmt::Display) -> String {
    match locale {
        Locale::En => format!("Up to {max} players"),
        Locale::Es => format!("Hasta {max} jugadores"),
        Locale::Pt => format!("Até {max} jogadores"),
    }
}

/// A rank's move: `Up 2 places`, `Down 1 place`.
pub fn rank_moved(locale: Locale, up: bool, places: u64) -> String {
    let one = places == 1;
    match (locale, up) {
        (Locale::En, true) if one => "Up 1 place".to_owned(),
        (Locale::En, true) => format!("Up {places} places"),
        (Locale::En, false) if one => "Down 1 place".to_owned(),
        (Locale::En, false) => format!("Down {places} places"),
        (Locale::Es, true) if one => "Sube 1 puesto".to_owned(),
        (Locale::Es, true) => format!("Sube {places} puestos"),
        (Locale::Es, false) if one => "Baja 1 puesto".to_owned(),
        (Locale::Es, false) => format!("Baja {places} puestos"),
        (Locale::Pt, true) if one => "Sobe 1 posição".to_owned(),
        (Locale::Pt, true) => format!("Sobe {places} posições"),
        (Locale::Pt, false) if one => "Desce 1 posição".to_owned(),
        (Locale::Pt, false) => format!("Desce {places} posições"),
    }
}
