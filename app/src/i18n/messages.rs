//! Every text of the player app in English, Spanish and Portuguese.
//!
//! [`Msg`] keys come from the `messages!` table below: each line is a key
//! and its three texts, so a missing translation is a compile error (the
//! line does not match the macro). Texts with numbers or names in them are
//! the functions after the table, each a `match` on the locale.

use super::Locale;

/// Declares [`Msg`] with one variant per line and its texts.
macro_rules! messages {
    ($($key:ident => $en:literal, $es:literal, $pt:literal;)*) => {
        /// A text of the player app; [`Msg::text`] (or [`Locale::t`]) gives
        /// it in a language.
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        pub enum Msg {
            $(
                #[doc = $en]
                $key,
            )*
        }

        impl Msg {
            /// Every key (for tests).
            pub const ALL: &'static [Msg] = &[$(Msg::$key,)*];

            /// The text in `locale`.
            pub const fn text(self, locale: Locale) -> &'static str {
                match self {
                    $(Msg::$key => match locale {
                        Locale::En => $en,
                        Locale::Es => $es,
                        Locale::Pt => $pt,
                    },)*
                }
            }
        }
    };
}

messages! {
    // The shell, header, footer and shared states.
    Language => "Language", "Idioma", "Idioma";
    SkipToContent => "Skip to content", "Saltar al contenido", "Pular para o conteúdo";
    MetaDescription => "Croupier: sportsbook and casino with one wallet. 18+ Play responsibly.", "Croupier: apuestas deportivas y casino con una sola billetera. +18. Juega con responsabilidad.", "Croupier: apostas esportivas e cassino com uma só carteira. 18+. Jogue com responsabilidade.";
    Menu => "Menu", "Menú", "Menu";
    MainNav => "Main", "Principal", "Principal";
    MainNavMobile => "Main (mobile)", "Principal (móvil)", "Principal (celular)";
    Home => "Home", "Inicio", "Início";
    Sports => "Sports", "Deportes", "Esportes";
    Casino => "Casino", "Casino", "Cassino";
    Wallet => "Wallet", "Billetera", "Carteira";
    MyBets => "My bets", "Mis apuestas", "Minhas apostas";
    Promotions => "Promotions", "Promociones", "Promoções";
    MyBonuses => "My bonuses", "Mis bonos", "Meus bônus";
    ResponsibleGaming => "Responsible gaming", "Juego responsable", "Jogo responsável";
    BackOffice => "Back office", "Back office", "Back office";
    Leaderboards => "Leaderboards", "Clasificaciones", "Rankings";
    Loyalty => "Loyalty", "Fidelidad", "Fidelidade";
    Account => "Account", "Cuenta", "Conta";
    Deposit => "Deposit", "Depositar", "Depositar";
    LogIn => "Log in", "Iniciar sesión", "Entrar";
    LogOut => "Log out", "Cerrar sesión", "Sair";
    Register => "Register", "Registrarse", "Cadastrar";
    FooterPlayResponsibly => "18+ Play responsibly. Gambling can be addictive; ", "+18. Juega con responsabilidad. El juego puede crear adicción; ", "18+. Jogue com responsabilidade. O jogo pode causar dependência; ";
    FooterSetLimits => "set limits", "fija límites", "defina limites";
    FooterTakeBreaks => " and take breaks.", " y tómate descansos.", " e faça pausas.";
    FooterLicence => "Croupier · open source under AGPL-3.0", "Croupier · código abierto bajo AGPL-3.0", "Croupier · código aberto sob AGPL-3.0";
    LoadError => "This could not be loaded. Please try again in a moment.", "No se pudo cargar. Inténtalo de nuevo en un momento.", "Não foi possível carregar. Tente novamente em instantes.";
    Loading => "Loading…", "Cargando…", "Carregando…";
    Today => "Today", "Hoy", "Hoje";
    Tomorrow => "Tomorrow", "Mañana", "Amanhã";
    Yesterday => "Yesterday", "Ayer", "Ontem";
    // Home page.
    HomeTitle => "Croupier · Sportsbook and casino", "Croupier · Apuestas deportivas y casino", "Croupier · Apostas esportivas e cassino";
    RgNote => "You must be 18 or older (or the legal age where you live) to play. Decide in advance how much time and money you spend, never chase losses, and take a break when it stops being fun.", "Debes tener 18 años o más (o la edad legal donde vives) para jugar. Decide de antemano cuánto tiempo y dinero vas a gastar, nunca intentes recuperar lo perdido y tómate un descanso cuando deje de ser divertido.", "Você precisa ter 18 anos ou mais (ou a idade legal onde mora) para jogar. Decida antes quanto tempo e dinheiro vai gastar, nunca tente recuperar perdas e faça uma pausa quando deixar de ser divertido.";
    WelcomeBack => "Welcome back", "Hola de nuevo", "Que bom ver você de novo";
    StaffPlayersView => "This is the players' view. Your work is in the back office.", "Esta es la vista de los jugadores. Tu trabajo está en el back office.", "Esta é a visão dos jogadores. Seu trabalho está no back office.";
    OpenBackOffice => "Open the back office", "Abrir el back office", "Abrir o back office";
    SportsbookCasino => "Sportsbook · Casino", "Apuestas deportivas · Casino", "Apostas esportivas · Cassino";
    HeroPitch => "One account and one wallet for sports and casino.", "Una cuenta y una billetera para deportes y casino.", "Uma conta e uma carteira para esportes e cassino.";
    CreateAccount => "Create an account", "Crear una cuenta", "Criar uma conta";
    Balance => "Balance", "Saldo", "Saldo";
    OpenBets => "Open bets", "Apuestas abiertas", "Apostas em aberto";
    LiveAndUpcoming => "Live and upcoming", "En vivo y próximos", "Ao vivo e próximos";
    AllSports => "All sports →", "Todos los deportes →", "Todos os esportes →";
    HomeNoEventsBefore => "No events are open for betting right now. New fixtures show up here and on ", "Ahora mismo no hay eventos abiertos para apostar. Los nuevos partidos aparecen aquí y en ", "Não há eventos abertos para apostas agora. Novas partidas aparecem aqui e em ";
    HomeNoEventsAfter => " as soon as they are published; meanwhile the casino is open.", " en cuanto se publican; mientras tanto, el casino está abierto.", " assim que são publicadas; enquanto isso, o cassino está aberto.";
    DemoEventsNote => " Events marked Demo are sample fixtures with simulated results.", " Los eventos marcados como Demo son partidos de ejemplo con resultados simulados.", " Os eventos marcados como Demo são partidas de exemplo com resultados simulados.";
    AllGames => "All games →", "Todos los juegos →", "Todos os jogos →";
    HomeNoGames => "No casino games are available where you are right now. The sportsbook is open: pick an event above.", "Ahora mismo no hay juegos de casino disponibles donde estás. Las apuestas deportivas están abiertas: elige un evento arriba.", "Não há jogos de cassino disponíveis onde você está agora. As apostas esportivas estão abertas: escolha um evento acima.";
    RtpNote => "Each shows its return to player (RTP).", "Cada uno muestra su retorno al jugador (RTP).", "Cada um mostra seu retorno ao jogador (RTP).";
    // Sportsbook.
    MatchResult => "Match result", "Resultado del partido", "Resultado da partida";
    Moneyline => "Moneyline", "Ganador (moneyline)", "Vencedor (moneyline)";
    Outright => "Outright", "Ganador del torneo", "Vencedor do torneio";
    AsianHandicap => "Asian handicap", "Hándicap asiático", "Handicap asiático";
    Spread => "Spread", "Hándicap", "Handicap";
    Total => "Total", "Total", "Total";
    Demo => "Demo", "Demo", "Demo";
    SportsTitle => "Sports · Croupier", "Deportes · Croupier", "Esportes · Croupier";
    SportsIntro => "Upcoming events. Pick odds to add them to your betslip.", "Próximos eventos. Elige una cuota para añadirla a tu boleto de apuestas.", "Próximos eventos. Escolha uma odd para adicioná-la ao seu cupom de apostas.";
    DemoOdds => "Demo odds", "Cuotas de demostración", "Odds de demonstração";
    DemoOddsNote => "Events marked Demo are sample fixtures: their prices move on their own and their results are simulated.", "Los eventos marcados como Demo son partidos de ejemplo: sus cuotas se mueven solas y sus resultados son simulados.", "Os eventos marcados como Demo são partidas de exemplo: suas odds mudam sozinhas e seus resultados são simulados.";
    All => "All", "Todos", "Todos";
    NoUpcomingEvents => "No upcoming events right now. Check back soon.", "Ahora no hay próximos eventos. Vuelve pronto.", "Nenhum evento próximo agora. Volte em breve.";
    Live => "LIVE", "EN VIVO", "AO VIVO";
    Breadcrumb => "Breadcrumb", "Ruta de navegación", "Trilha de navegação";
    StatusLive => " · Live", " · En vivo", " · Ao vivo";
    StatusEnded => " · Ended", " · Finalizado", " · Encerrado";
    StatusCancelled => " · Cancelled", " · Cancelado", " · Cancelado";
    OddsUpdateLive => "· odds update live", "· cuotas en tiempo real", "· odds em tempo real";
    Suspended => "Suspended", "Suspendido", "Suspenso";
    Settled => "Settled", "Liquidada", "Liquidada";
    Void => "Void", "Anulada", "Anulada";
    MarketSuspended => "Betting on this market is suspended for now.", "Las apuestas en este mercado están suspendidas por ahora.", "As apostas neste mercado estão suspensas no momento.";
    Won => "Won", "Ganada", "Ganha";
    HalfWon => "Half won", "Medio ganada", "Meio ganha";
    Lost => "Lost", "Perdida", "Perdida";
    HalfLost => "Half lost", "Medio perdida", "Meio perdida";
    Push => "Push", "Devuelta", "Devolvida";
    Open => "Open", "Abierta", "Em aberto";
    MyBetsTitle => "My bets · Croupier", "Mis apuestas · Croupier", "Minhas apostas · Croupier";
    BetStatus => "Bet status", "Estado de la apuesta", "Status da aposta";
    SeeSettledBets => "See settled bets", "Ver apuestas liquidadas", "Ver apostas liquidadas";
    NoOpenBets => "You have no open bets.", "No tienes apuestas abiertas.", "Você não tem apostas em aberto.";
    NoSettledBets => "No settled bets yet.", "Todavía no hay apuestas liquidadas.", "Ainda não há apostas liquidadas.";
    BrowseSports => "Browse sports", "Ver deportes", "Ver esportes";
    OlderBets => "Older bets", "Apuestas anteriores", "Apostas anteriores";
    BetsForPlayers => "My bets are for player accounts. ", "Mis apuestas es para cuentas de jugador. ", "Minhas apostas é para contas de jogador. ";
    Single => "Single", "Simple", "Simples";
    QuoteRef => "Quote this reference to support", "Indica esta referencia al soporte", "Informe esta referência ao suporte";
    RefShort => "Ref. ", "Ref. ", "Ref. ";
    CashedOut => "Cashed out", "Cobrada", "Encerrada";
    Paid => "Paid", "Pagada", "Paga";
    Stake => "Stake", "Importe", "Valor apostado";
    PotentialReturn => "Potential return", "Ganancia potencial", "Retorno potencial";
    CashedOutFor => "Cashed out for", "Cobrada por", "Encerrada por";
    Return => "Return", "Ganancia", "Retorno";
    Placed => "Placed ", "Realizada ", "Feita ";
    CashedOutAt => " · cashed out ", " · cobrada ", " · encerrada ";
    SettledAt => " · settled ", " · liquidada ", " · liquidada ";
    CashOutFailed => "The cash-out could not be completed. Please try again.", "No se pudo completar el cash out. Inténtalo de nuevo.", "Não foi possível concluir o cash out. Tente novamente.";
    ConfirmCashOutLabel => "Confirm cash-out", "Confirmar cash out", "Confirmar cash out";
    CashOutThisBetFor => "Cash out this bet for ", "¿Cobrar esta apuesta por ", "Encerrar esta aposta por ";
    CashOutClosesNow => "? The bet closes now and pays nothing more.", "? La apuesta se cierra ahora y no pagará nada más.", "? A aposta é encerrada agora e não paga mais nada.";
    CashingOut => "Cashing out…", "Cobrando…", "Encerrando…";
    Cancel => "Cancel", "Cancelar", "Cancelar";
    // Betslip.
    Betslip => "Betslip", "Boleto de apuestas", "Cupom de apostas";
    BetslipShort => "Betslip", "Boleto", "Cupom";
    OddsFormat => "Odds format", "Formato de cuotas", "Formato das odds";
    Decimal => "Decimal", "Decimal", "Decimal";
    Fractional => "Fractional", "Fraccional", "Fracionária";
    American => "American", "Americana", "Americana";
    CloseBetslip => "Close the betslip", "Cerrar el boleto de apuestas", "Fechar o cupom de apostas";
    BetslipEmptyBefore => "Your betslip is empty. Pick odds in ", "Tu boleto de apuestas está vacío. Elige cuotas en ", "Seu cupom de apostas está vazio. Escolha odds em ";
    BetslipEmptyAfter => " to add selections.", " para añadir selecciones.", " para adicionar seleções.";
    SameEventCombined => "Selections marked “same event” cannot be combined. Place them as singles or remove one.", "Las selecciones marcadas como «mismo evento» no se pueden combinar. Apuéstalas como simples o quita una.", "Seleções marcadas como “mesmo evento” não podem ser combinadas. Aposte nelas como simples ou remova uma.";
    BetPlaced => "Bet placed · ", "Apuesta realizada · ", "Aposta feita · ";
    BetNotSent => "The bet could not be sent. Check your connection and try again.", "No se pudo enviar la apuesta. Revisa tu conexión e inténtalo de nuevo.", "Não foi possível enviar a aposta. Verifique sua conexão e tente novamente.";
    BetType => "Bet type", "Tipo de apuesta", "Tipo de aposta";
    StakePerSingle => "Stake per single", "Importe por apuesta simple", "Valor por aposta simples";
    StakePerBet => "Stake per bet", "Importe por apuesta", "Valor por aposta";
    PolicyReject => "Ask me (reject any change)", "Preguntarme (rechazar cualquier cambio)", "Perguntar (recusar qualquer mudança)";
    PolicyHigher => "Accept higher odds", "Aceptar cuotas más altas", "Aceitar odds maiores";
    PolicyAny => "Accept any odds", "Aceptar cualquier cuota", "Aceitar qualquer odd";
    IfOddsChange => "If the odds change", "Si cambian las cuotas", "Se as odds mudarem";
    Bets => "Bets", "Apuestas", "Apostas";
    TotalStake => "Total stake", "Importe total", "Valor total apostado";
    OneUnavailable => "A selection is not taking bets now (suspended or closed). Remove it, or wait for the market to reopen.", "Una selección no admite apuestas ahora (suspendida o cerrada). Quítala o espera a que el mercado vuelva a abrir.", "Uma seleção não está aceitando apostas agora (suspensa ou fechada). Remova-a ou espere o mercado reabrir.";
    OneOddsChanged => "The odds of a selection changed. Check the new odds and accept them to place your bet.", "La cuota de una selección cambió. Revisa la nueva cuota y acéptala para realizar tu apuesta.", "A odd de uma seleção mudou. Confira a nova odd e aceite-a para fazer sua aposta.";
    AcceptNewOdds => "Accept new odds", "Aceptar nuevas cuotas", "Aceitar novas odds";
    Placing => "Placing…", "Apostando…", "Apostando…";
    PlaceBet => "Place bet", "Apostar", "Apostar";
    LogInToBet => "Log in to place bets", "Inicia sesión para apostar", "Entre para apostar";
    OddsUp => " (odds up)", " (la cuota sube)", " (odd subiu)";
    OddsDown => " (odds down)", " (la cuota baja)", " (odd caiu)";
    SameEvent => "Same event as another selection", "Mismo evento que otra selección", "Mesmo evento que outra seleção";
    OddsChangedAccept => "Odds changed: accept the new odds to place", "La cuota cambió: acepta la nueva cuota para apostar", "A odd mudou: aceite a nova odd para apostar";
    MarketSuspendedResumes => "Market suspended: betting resumes when it reopens", "Mercado suspendido: las apuestas se reanudan cuando vuelva a abrir", "Mercado suspenso: as apostas voltam quando ele reabrir";
    MarketSettledRemove => "Market settled: remove this selection", "Mercado liquidado: quita esta selección", "Mercado liquidado: remova esta seleção";
    MarketVoidRemove => "Market void: remove this selection", "Mercado anulado: quita esta selección", "Mercado anulado: remova esta seleção";
    NotAvailableNow => "Not available now (suspended or closed)", "No disponible ahora (suspendido o cerrado)", "Indisponível agora (suspenso ou fechado)";
    AddSelections => "Add selections to your betslip.", "Añade selecciones a tu boleto de apuestas.", "Adicione seleções ao seu cupom de apostas.";
    EnterStake => "Enter your stake to see the potential return.", "Introduce tu importe para ver la ganancia potencial.", "Informe o valor da aposta para ver o retorno potencial.";
    InvalidOdds => "A selection has invalid odds.", "Una selección tiene una cuota no válida.", "Uma seleção tem uma odd inválida.";
    NoTeaserTable => "No teaser table is set.", "No hay una tabla de teaser configurada.", "Não há tabela de teaser configurada.";
    Singles => "Singles", "Simples", "Simples";
    NotFoundTitle => "Page not found · Croupier", "Página no encontrada · Croupier", "Página não encontrada · Croupier";
    PageNotFound => "Page not found", "Página no encontrada", "Página não encontrada";
    NothingHere => "There is nothing at this address.", "No hay nada en esta dirección.", "Não há nada neste endereço.";
    BackToLobby => "Back to the lobby", "Volver al inicio", "Voltar ao início";
    NotAllowedTitle => "Not allowed · Croupier", "No permitido · Croupier", "Não permitido · Croupier";
    NotAllowed => "Not allowed", "No permitido", "Não permitido";
    NoRole => "Your account does not have a role that may open this page.", "Tu cuenta no tiene un rol que permita abrir esta página.", "Sua conta não tem uma função que permita abrir esta página.";
    PleaseWait => "Please wait…", "Espera un momento…", "Aguarde…";
    LogInTitle => "Log in · Croupier", "Iniciar sesión · Croupier", "Entrar · Croupier";
    WelcomeBackDot => "Welcome back.", "Hola de nuevo.", "Que bom ver você de novo.";
    Email => "E-mail", "Correo electrónico", "E-mail";
    Password => "Password", "Contraseña", "Senha";
    NewToCroupier => "New to Croupier? ", "¿Eres nuevo en Croupier? ", "Novo no Croupier? ";
    RegisterTitle => "Create an account · Croupier", "Crear una cuenta · Croupier", "Criar uma conta · Croupier";
    OneAccount => "One account for the sportsbook and the casino.", "Una sola cuenta para las apuestas deportivas y el casino.", "Uma só conta para as apostas esportivas e o cassino.";
    PasswordHint => "8 to 128 characters.", "De 8 a 128 caracteres.", "De 8 a 128 caracteres.";
    DateOfBirth => "Date of birth", "Fecha de nacimiento", "Data de nascimento";
    Country => "Country", "País", "País";
    Choose => "Choose…", "Elige…", "Escolha…";
    Currency => "Currency", "Moneda", "Moeda";
    AcceptTerms => "I am 18 or older and accept the terms.", "Tengo 18 años o más y acepto los términos.", "Tenho 18 anos ou mais e aceito os termos.";
    CreateAccountButton => "Create account", "Crear cuenta", "Criar conta";
    AgeNote => "18+ only. We check your age from the date of birth; the minimum age can be higher where you live.", "Solo para mayores de 18 años. Comprobamos tu edad con la fecha de nacimiento; la edad mínima puede ser mayor donde vives.", "Somente para maiores de 18 anos. Verificamos sua idade pela data de nascimento; a idade mínima pode ser maior onde você mora.";
    HaveAccount => "Already have an account? ", "¿Ya tienes una cuenta? ", "Já tem uma conta? ";
    YourAccountTitle => "Your account · Croupier", "Tu cuenta · Croupier", "Sua conta · Croupier";
    YourAccount => "Your account", "Tu cuenta", "Sua conta";
    Profile => "Profile", "Perfil", "Perfil";
    BalancesOn => "Balances and payments are on ", "Los saldos y pagos están en ", "Saldos e pagamentos ficam em ";
    LimitsOn => ", limits, breaks and identity documents on ", "; los límites, pausas y documentos de identidad, en ", "; limites, pausas e documentos de identidade, em ";
    BetsOn => ", and your bets on ", ", y tus apuestas, en ", ", e suas apostas, em ";
    NameOnLeaderboards => "Name on leaderboards", "Nombre en las clasificaciones", "Nome nos rankings";
    NicknameHint => "Leaderboards show other players this nickname; without one you appear under a masked name. Your e-mail address is never shown. 3–20 letters, digits, _ or -.", "Las clasificaciones muestran este apodo a otros jugadores; sin él apareces con un nombre enmascarado. Tu correo electrónico nunca se muestra. De 3 a 20 letras, cifras, _ o -.", "Os rankings mostram este apelido aos outros jogadores; sem ele você aparece com um nome mascarado. Seu e-mail nunca é exibido. De 3 a 20 letras, números, _ ou -.";
    NowShownAs => "Now shown as ", "Ahora se muestra como ", "Agora aparece como ";
    NoNickname => "No nickname yet: you appear under a masked name.", "Aún no tienes apodo: apareces con un nombre enmascarado.", "Ainda sem apelido: você aparece com um nome mascarado.";
    Nickname => "Nickname", "Apodo", "Apelido";
    SaveNickname => "Save nickname", "Guardar apodo", "Salvar apelido";
    SomethingWrong => "Something went wrong. Please try again.", "Algo salió mal. Inténtalo de nuevo.", "Algo deu errado. Tente novamente.";
    IdentityCheck => "Identity check (KYC)", "Verificación de identidad (KYC)", "Verificação de identidade (KYC)";
    MemberSince => "Member since", "Miembro desde", "Membro desde";
    BackOfficeRoles => "Back-office roles", "Roles de back office", "Funções no back office";
    AccountId => "Account id", "ID de cuenta", "ID da conta";
    WalletTitle => "Wallet · Croupier", "Billetera · Croupier", "Carteira · Croupier";
    StaffNoWallet => "Staff accounts have no wallet. Open a player's wallet from the ", "Las cuentas de personal no tienen billetera. Abre la billetera de un jugador desde el ", "Contas da equipe não têm carteira. Abra a carteira de um jogador pelo ";
    BackOfficeLower => "back office", "back office", "back office";
    Amount => "Amount", "Importe", "Valor";
    SandboxPayments => "Sandbox payments: no real money moves.", "Pagos de prueba (sandbox): no se mueve dinero real.", "Pagamentos de teste (sandbox): nenhum dinheiro real é movimentado.";
    Withdraw => "Withdraw", "Retirar", "Sacar";
    WithdrawNote => "Cash only, after your identity check. Held until the provider confirms.", "Solo saldo en efectivo, tras verificar tu identidad. Queda retenido hasta que el proveedor lo confirme.", "Somente saldo em dinheiro, após a verificação de identidade. Fica retido até o provedor confirmar.";
    History => "History", "Historial", "Histórico";
    NoTransactions => "No transactions yet.", "Todavía no hay movimientos.", "Ainda não há movimentações.";
    CashHistoryCaption => "Cash history, newest first", "Historial de efectivo, lo más reciente primero", "Histórico de saldo, mais recentes primeiro";
    When => "When", "Fecha", "Quando";
    What => "What", "Concepto", "O quê";
    CashAfter => "Cash after", "Saldo después", "Saldo depois";
    HistoryPages => "History pages", "Páginas del historial", "Páginas do histórico";
    Newest => "Newest", "Más recientes", "Mais recentes";
    Older => "Older", "Anteriores", "Anteriores";
    Balances => "Balances", "Saldos", "Saldos";
    Cash => "Cash", "Efectivo", "Dinheiro";
    Withdrawable => "Withdrawable", "Retirable", "Disponível para saque";
    Bonus => "Bonus", "Bono", "Bônus";
    BonusHint => "Play money with wagering; not withdrawable", "Saldo para jugar con requisitos de apuesta; no retirable", "Saldo para jogar com requisito de apostas; não sacável";
    Held => "Held", "Retenido", "Retido";
    HeldHint => "Open bets and pending withdrawals", "Apuestas abiertas y retiros pendientes", "Apostas em aberto e saques pendentes";
    Depositing => "Depositing…", "Depositando…", "Depositando…";
    Withdrawing => "Withdrawing…", "Retirando…", "Sacando…";
    ConnectionError => "Something went wrong. Please check your connection and try again.", "Algo salió mal. Revisa tu conexión e inténtalo de nuevo.", "Algo deu errado. Verifique sua conexão e tente novamente.";
    TxWithdrawal => "Withdrawal", "Retiro", "Saque";
    TxReleased => "Returned to cash", "Devuelto al efectivo", "Devolvido ao saldo";
    TxCapture => "Taken from hold", "Cobrado de lo retenido", "Descontado do valor retido";
    TxCredit => "Credit", "Abono", "Crédito";
    TxReversal => "Reversal", "Anulación", "Estorno";
    TxAdjustment => "Adjustment", "Ajuste", "Ajuste";
    PromotionsTitle => "Promotions · Croupier", "Promociones · Croupier", "Promoções · Croupier";
    PromosIntro => "Offers running now. Read the terms before you take part; rewards appear in ", "Ofertas vigentes. Lee los términos antes de participar; las recompensas aparecen en ", "Ofertas em andamento. Leia os termos antes de participar; as recompensas aparecem em ";
    PromosRaces => ". Races and tournaments are on the ", ". Las carreras y torneos están en las ", ". Corridas e torneios ficam nos ";
    PromosRg => ". 18+. Play responsibly.", ". +18. Juega con responsabilidad.", ". 18+. Jogue com responsabilidade.";
    NoPromotions => "No promotions are running for you right now.", "Ahora mismo no hay promociones disponibles para ti.", "Não há promoções disponíveis para você agora.";
    OptIn => "Opt in", "Participar", "Participar";
    YouAreIn => "You are in", "Ya participas", "Você está participando";
    NoOptInNeeded => "No opt-in needed: it applies automatically.", "No hace falta inscribirse: se aplica automáticamente.", "Não é preciso se inscrever: vale automaticamente.";
    Terms => "Terms: ", "Términos: ", "Termos: ";
    Ends => "Ends ", "Termina ", "Termina ";
    MyBonusesTitle => "My bonuses · Croupier", "Mis bonos · Croupier", "Meus bônus · Croupier";
    BonusesIntro => "Bonus money turns into cash once its wagering is done. A withdrawal forfeits active bonus money. See ", "El saldo de bono pasa a efectivo cuando se cumple su requisito de apuesta. Un retiro anula el saldo de bono activo. Consulta ", "O saldo de bônus vira dinheiro quando o requisito de apostas é cumprido. Um saque cancela o saldo de bônus ativo. Veja ";
    ForOffers => " for offers.", " para ver las ofertas.", " para ver as ofertas.";
    NoBonuses => "You have no bonuses yet.", "Todavía no tienes bonos.", "Você ainda não tem bônus.";
    Granted => "Granted ", "Otorgado ", "Concedido ";
    ForfeitEllipsis => "Forfeit…", "Renunciar…", "Cancelar bônus…";
    ForfeitQuestion => "Forfeit this bonus?", "¿Renunciar a este bono?", "Cancelar este bônus?";
    YesForfeit => "Yes, forfeit", "Sí, renunciar", "Sim, cancelar";
    KeepIt => "Keep it", "Conservarlo", "Manter";
    Dismiss => "Dismiss", "Cerrar", "Fechar";
    BonusActive => "Active", "Activo", "Ativo";
    BonusCompleted => "Completed", "Completado", "Concluído";
    BonusUsed => "Used", "Usado", "Usado";
    BonusForfeited => "Forfeited", "Anulado", "Cancelado";
    BonusExpired => "Expired", "Vencido", "Expirado";
    NewBonus => "New bonus", "Nuevo bono", "Novo bônus";
    BonusCompletedTitle => "Bonus completed", "Bono completado", "Bônus concluído";
    BonusForfeitedTitle => "Bonus forfeited", "Bono anulado", "Bônus cancelado";
    FreeSpinsAllPlayed => "Free spins: all rounds played.", "Giros gratis: todas las rondas jugadas.", "Giros grátis: todas as rodadas jogadas.";
    LostForGood => "What is left of it is lost for good.", "Lo que queda se pierde definitivamente.", "O que resta dele é perdido definitivamente.";
    Expires => "Expires ", "Vence ", "Expira ";
    ExpiryWas => "Expiry was ", "Venció ", "Expirou ";
    RewardCash => "Cash", "Efectivo", "Dinheiro";
    RewardBonusMoney => "Bonus money", "Saldo de bono", "Saldo de bônus";
    RewardFreeBet => "Free bet", "Apuesta gratis", "Aposta grátis";
    RewardFreeSpins => "Free spins", "Giros gratis", "Giros grátis";
    RewardCashback => "Cashback", "Reembolso (cashback)", "Cashback";
    RewardCoins => "Coins", "Monedas", "Moedas";
    RewardLoyaltyPoints => "Loyalty points", "Puntos de fidelidad", "Pontos de fidelidade";
    Reward => "Reward", "Recompensa", "Recompensa";
    CasinoTitle => "Casino · Croupier", "Casino · Croupier", "Cassino · Croupier";
    CasinoIntro => "Every game shows its return to player (RTP). Croupier Originals are provably fair.", "Cada juego muestra su retorno al jugador (RTP). Los Croupier Originals son demostrablemente justos.", "Cada jogo mostra seu retorno ao jogador (RTP). Os Croupier Originals são comprovadamente justos.";
    SearchGames => "Search games", "Buscar juegos", "Buscar jogos";
    Provider => "Provider", "Proveedor", "Provedor";
    AllProviders => "All providers", "Todos los proveedores", "Todos os provedores";
    Search => "Search", "Buscar", "Buscar";
    Categories => "Categories", "Categorías", "Categorias";
    DemoGames => "Demo games", "Juegos de demostración", "Jogos de demonstração";
    DemoGamesNote => "Games marked Demo are Croupier Originals, the sample games built into Croupier: provably fair and played from your wallet balance.", "Los juegos marcados como Demo son Croupier Originals, los juegos de ejemplo incluidos en Croupier: demostrablemente justos y jugados con el saldo de tu billetera.", "Os jogos marcados como Demo são Croupier Originals, os jogos de exemplo incluídos no Croupier: comprovadamente justos e jogados com o saldo da sua carteira.";
    NoGameMatches => "No game matches. Try another search or category.", "Ningún juego coincide. Prueba con otra búsqueda o categoría.", "Nenhum jogo encontrado. Tente outra busca ou categoria.";
    Volatility => "Volatility: ", "Volatilidad: ", "Volatilidade: ";
    VolatilityLabel => "Volatility: ", "Volatilidad: ", "Volatilidade: ";
    VolLow => "Low", "Baja", "Baixa";
    VolMedium => "Medium", "Media", "Média";
    VolHigh => "High", "Alta", "Alta";
    VolYourChoice => "Your choice", "A tu elección", "À sua escolha";
    GameNotFoundTitle => "Game not found · Croupier", "Juego no encontrado · Croupier", "Jogo não encontrado · Croupier";
    GameNotFound => "Game not found", "Juego no encontrado", "Jogo não encontrado";
    GameUnavailable => "This game does not exist or is not available in your country.", "Este juego no existe o no está disponible en tu país.", "Este jogo não existe ou não está disponível no seu país.";
    BackToCasino => "Back to the casino", "Volver al casino", "Voltar ao cassino";
    ToPlayWithWallet => " to play with your wallet.", " para jugar con tu billetera.", " para jogar com sua carteira.";
    StaffCannotPlay => "Staff accounts have no wallet and cannot play.", "Las cuentas de personal no tienen billetera y no pueden jugar.", "Contas da equipe não têm carteira e não podem jogar.";
    CashAfterColon => "Cash after: ", "Saldo después: ", "Saldo depois: ";
    ExternalClientBefore => "This game runs in ", "Este juego funciona en el cliente de juego de ", "Este jogo roda no cliente de jogo de ";
    ExternalClientAfter => "'s game client, which this installation does not embed. Its bets and wins reach your wallet through the provider's wallet callbacks.", ", que esta instalación no integra. Sus apuestas y premios llegan a tu billetera mediante las llamadas de billetera del proveedor.", ", que esta instalação não incorpora. Suas apostas e ganhos chegam à sua carteira pelas chamadas de carteira do provedor.";
    WalletLoading => "Your wallet is still loading. Try again in a moment.", "Tu billetera todavía se está cargando. Inténtalo de nuevo en un momento.", "Sua carteira ainda está carregando. Tente novamente em instantes.";
    StoreTitle => "Rewards store · Croupier", "Tienda de recompensas · Croupier", "Loja de recompensas · Croupier";
    BackToLoyalty => "← Loyalty", "← Fidelidad", "← Fidelidade";
    RewardsStore => "Rewards store", "Tienda de recompensas", "Loja de recompensas";
    StoreIntro => "Spend your points and coins on rewards. 18+. Play responsibly.", "Canjea tus puntos y monedas por recompensas. +18. Juega con responsabilidad.", "Troque seus pontos e moedas por recompensas. 18+. Jogue com responsabilidade.";
    StoreEmpty => "The store has no rewards right now. Check back soon.", "La tienda no tiene recompensas ahora mismo. Vuelve pronto.", "A loja não tem recompensas no momento. Volte em breve.";
    OutOfStock => "Out of stock", "Agotado", "Esgotado";
    Redeem => "Redeem", "Canjear", "Resgatar";
    ConfirmRedemption => "Confirm the redemption", "Confirmar el canje", "Confirmar o resgate";
    Price => "Price", "Precio", "Preço";
    Stock => "Stock", "Existencias", "Estoque";
    Tier => "Tier", "Nivel", "Nível";
    Unlimited => "Unlimited", "Ilimitado", "Ilimitado";
    Redeeming => "Redeeming…", "Canjeando…", "Resgatando…";
    Confirm => "Confirm", "Confirmar", "Confirmar";
    PointsLabel => "Points ", "Puntos ", "Pontos ";
    CoinsLabel => "Coins ", "Monedas ", "Moedas ";
    TierLabel => "Tier ", "Nivel ", "Nível ";
    NoneYet => "none yet", "ninguno todavía", "nenhum ainda";
    And => " and ", " y ", " e ";
    Dice => "Dice", "Dados", "Dados";
    Roll => "Roll", "Tirar", "Rolar";
    Direction => "Direction", "Dirección", "Direção";
    Target => "Target", "Objetivo", "Alvo";
    DiceHint => "Paid back times the multiplier when you win.", "Si ganas, se paga multiplicado por el multiplicador.", "Se ganhar, é pago multiplicado pelo multiplicador.";
    Wheel => "Wheel", "Ruleta", "Roleta";
    BettingTable => "Betting table", "Mesa de apuestas", "Mesa de apostas";
    RouletteHint => "Per bet on the table.", "Por cada apuesta en la mesa.", "Por aposta na mesa.";
    Clear => "Clear", "Borrar", "Limpar";
    Reels => "Reels", "Rodillos", "Rolos";
    SlotSummary => "5 reels · 20 paylines · 3 moons = 10 free spins ×2", "5 rodillos · 20 líneas · 3 lunas = 10 giros gratis ×2", "5 rolos · 20 linhas · 3 luas = 10 giros grátis ×2";
    SlotHint => "Spread over 20 lines: a multiple of 0.20.", "Repartido en 20 líneas: un múltiplo de 0,20.", "Dividido em 20 linhas: um múltiplo de 0,20.";
    Paytable => "Paytable (in line bets)", "Tabla de pagos (en apuestas por línea)", "Tabela de pagamentos (em apostas por linha)";
    Symbol => "Symbol", "Símbolo", "Símbolo";
    ProvablyFair => "Provably fair", "Demostrablemente justo", "Comprovadamente justo";
    LogInForSeeds => "Log in as a player to see your seeds.", "Inicia sesión como jugador para ver tus semillas.", "Entre como jogador para ver suas sementes.";
    NextServerSeedHash => "Next server seed hash (SHA-256)", "Hash de la próxima semilla del servidor (SHA-256)", "Hash da próxima semente do servidor (SHA-256)";
    ClientSeed => "Client seed", "Semilla del cliente", "Semente do cliente";
    Nonce => "Nonce", "Nonce", "Nonce";
    NewClientSeed => "New client seed", "Nueva semilla del cliente", "Nova semente do cliente";
    YourClientSeed => "Your client seed", "Tu semilla del cliente", "Sua semente do cliente";
    Set => "Set", "Guardar", "Definir";
    LastRoundRevealed => "Last round, revealed", "Última ronda, revelada", "Última rodada, revelada";
    ServerSeed => "Server seed", "Semilla del servidor", "Semente do servidor";
    ItsHash => "Its hash, shown before the round", "Su hash, mostrado antes de la ronda", "Seu hash, mostrado antes da rodada";
    YourRounds => "Your rounds", "Tus rondas", "Suas rodadas";
    NoRounds => "No rounds yet.", "Todavía no hay rondas.", "Ainda não há rodadas.";
    LogInForRounds => "Log in as a player to see your rounds.", "Inicia sesión como jugador para ver tus rondas.", "Entre como jogador para ver suas rodadas.";
    Verify => "Verify", "Verificar", "Verificar";
    RoundNotFound => "Round not found.", "Ronda no encontrada.", "Rodada não encontrada.";
    VerificationFailed => "Verification failed to load. Try again.", "No se pudo cargar la verificación. Inténtalo de nuevo.", "Não foi possível carregar a verificação. Tente novamente.";
    PresetStakes => "Preset stakes", "Importes predefinidos", "Valores predefinidos";
    Under => "Under", "Menos de", "Abaixo de";
    Over => "Over", "Más de", "Acima de";
    DiceTargetInvalid => "The target has at most 2 decimals and the chance to win lies between 1% and 98%.", "El objetivo tiene como máximo 2 decimales y la probabilidad de ganar está entre el 1 % y el 98 %.", "O alvo tem no máximo 2 casas decimais e a chance de ganhar fica entre 1% e 98%.";
    DiceChanceInvalid => "The chance to win must lie between 1% and 98%.", "La probabilidad de ganar debe estar entre el 1 % y el 98 %.", "A chance de ganhar deve ficar entre 1% e 98%.";
    Rolling => "Rolling…", "Tirando…", "Rolando…";
    Spinning => "Spinning…", "Girando…", "Girando…";
    Spin => "Spin", "Girar", "Girar";
    NoMoreBets => "No more bets…", "No va más…", "Apostas encerradas…";
    ChooseBetsThenSpin => "Choose your bets, then spin.", "Elige tus apuestas y luego gira.", "Escolha suas apostas e depois gire.";
    PlaceOneBet => "Place at least one bet on the table.", "Haz al menos una apuesta en la mesa.", "Faça pelo menos uma aposta na mesa.";
    LostLower => "lost", "perdida", "perdida";
    Red => "Red", "Rojo", "Vermelho";
    Black => "Black", "Negro", "Preto";
    Green => "Green", "Verde", "Verde";
    Even => "Even", "Par", "Par";
    OddNumbers => "Odd", "Impar", "Ímpar";
    SeedNotSaved => "The seed could not be saved. Please try again.", "No se pudo guardar la semilla. Inténtalo de nuevo.", "Não foi possível salvar a semente. Tente novamente.";
    CommitmentMatches => "✓ SHA-256 of the revealed seed matches the hash shown before the round.", "✓ El SHA-256 de la semilla revelada coincide con el hash mostrado antes de la ronda.", "✓ O SHA-256 da semente revelada confere com o hash mostrado antes da rodada.";
    CommitmentDiffers => "✗ The revealed seed does not match the hash.", "✗ La semilla revelada no coincide con el hash.", "✗ A semente revelada não confere com o hash.";
    ResultMatches => "✓ Replaying the seeds gives the same result.", "✓ Repetir las semillas da el mismo resultado.", "✓ Repetir as sementes dá o mesmo resultado.";
    ResultDiffers => "✗ Replaying the seeds gives a different result.", "✗ Repetir las semillas da un resultado distinto.", "✗ Repetir as sementes dá um resultado diferente.";
    // Responsible gaming.
    RgTitle => "Responsible gaming · Croupier", "Juego responsable · Croupier", "Jogo responsável · Croupier";
    RgIntro => "Set limits, take a break and keep track of your play. Lower limits apply at once; higher limits and removals after 24 hours.", "Fija límites, tómate un descanso y lleva el control de tu juego. Los límites más bajos se aplican al momento; los más altos y las eliminaciones, a las 24 horas.", "Defina limites, faça uma pausa e acompanhe seu jogo. Limites menores valem na hora; limites maiores e remoções, após 24 horas.";
    RgStaffBefore => "Staff accounts have no limits. Compliance tools are in the ", "Las cuentas de personal no tienen límites. Las herramientas de cumplimiento están en el ", "Contas da equipe não têm limites. As ferramentas de compliance ficam no ";
    FullStop => ".", ".", ".";
    YouAreOnTimeOut => "You are taking a time-out.", "Estás en una pausa temporal.", "Você está em uma pausa.";
    YouAreSelfExcluded => "You are self-excluded.", "Estás autoexcluido.", "Você está autoexcluído.";
    Until => "Until ", "Hasta: ", "Até: ";
    SentenceEnd => ". ", ". ", ". ";
    Permanently => "Permanently. ", "De forma permanente. ", "Permanentemente. ";
    ExcludedNote => "You cannot deposit, bet or play, and you will get no bonuses or offers. You can still withdraw your cash.", "No puedes depositar, apostar ni jugar, y no recibirás bonos ni ofertas. Puedes seguir retirando tu efectivo.", "Você não pode depositar, apostar nem jogar, e não receberá bônus nem ofertas. Você ainda pode sacar seu dinheiro.";
    Limits => "Limits", "Límites", "Limites";
    LimitsIntro => "Windows are rolling: a day is the last 24 hours, a week 7 days, a month 30 days. With several limits of one kind the lowest applies.", "Los periodos son móviles: un día son las últimas 24 horas, una semana 7 días y un mes 30 días. Con varios límites del mismo tipo se aplica el más bajo.", "Os períodos são móveis: um dia são as últimas 24 horas, uma semana 7 dias e um mês 30 dias. Com vários limites do mesmo tipo vale o menor.";
    NoLimits => "No limits set.", "No hay límites fijados.", "Nenhum limite definido.";
    Kind => "Kind", "Tipo", "Tipo";
    KindDeposit => "Deposit", "Depósito", "Depósito";
    KindLoss => "Loss", "Pérdida", "Perda";
    KindWager => "Wager", "Apuesta", "Aposta";
    KindLimit => "Limit", "Límite", "Limite";
    Period => "Period", "Periodo", "Período";
    Day => "Day", "Día", "Dia";
    Week => "Week", "Semana", "Semana";
    Month => "Month", "Mes", "Mês";
    PerDay => "per day", "por día", "por dia";
    PerWeek => "per week", "por semana", "por semana";
    PerMonth => "per month", "por mes", "por mês";
    SaveLimit => "Save limit", "Guardar límite", "Salvar limite";
    NoChanges => "No changes yet.", "Todavía no hay cambios.", "Ainda não há alterações.";
    FromTo => "From → to", "De → a", "De → para";
    Applies => "Applies", "Se aplica", "Vale a partir de";
    By => "By", "Por", "Por";
    NoneLower => "none", "ninguno", "nenhum";
    RemovedOn => "Removed on ", "Se elimina: ", "Removido: ";
    InCountdown => " · in ", " · en ", " · em ";
    Remove => "Remove", "Quitar", "Remover";
    SessionTitle => "Session and reality checks", "Sesión y avisos de realidad", "Sessão e alertas de realidade";
    SessionIntro => "A reality check pauses play at the interval you choose (10 minutes to 8 hours) and shows your time and result. A session limit stops play and starts a break; a longer limit or a shorter break applies after 24 hours.", "Un aviso de realidad pausa el juego en el intervalo que elijas (de 10 minutos a 8 horas) y muestra tu tiempo y tu resultado. Un límite de sesión detiene el juego e inicia un descanso; un límite más largo o un descanso más corto se aplica a las 24 horas.", "Um alerta de realidade pausa o jogo no intervalo que você escolher (de 10 minutos a 8 horas) e mostra seu tempo e seu resultado. Um limite de sessão interrompe o jogo e inicia uma pausa; um limite maior ou uma pausa menor vale após 24 horas.";
    RcMinutes => "Reality check (min, 0 = off)", "Aviso de realidad (min, 0 = desactivado)", "Alerta de realidade (min, 0 = desligado)";
    SessionMinutes => "Session limit (min, 0 = off)", "Límite de sesión (min, 0 = desactivado)", "Limite de sessão (min, 0 = desligado)";
    BreakMinutes => "Break after it (min)", "Descanso después (min)", "Pausa depois (min)";
    SaveSession => "Save session settings", "Guardar ajustes de sesión", "Salvar ajustes de sessão";
    SessionLimitRemovedOn => "Your session limit is removed on ", "Tu límite de sesión se elimina: ", "Seu limite de sessão é removido: ";
    CoolingOff => " (24-hour cooling-off).", " (periodo de espera de 24 horas).", " (período de espera de 24 horas).";
    LossAlerts => "Loss alerts", "Alertas de pérdidas", "Alertas de perdas";
    LossAlertsIntro => "We tell you when your net loss in the window passes this amount. Type off to switch it off.", "Te avisamos cuando tu pérdida neta en el periodo supere este importe. Escribe off para desactivarla.", "Avisamos quando sua perda líquida no período passar deste valor. Digite off para desligar.";
    AlertAt => "Alert at", "Avisar a partir de", "Avisar a partir de";
    Window => "Window", "Periodo", "Período";
    SaveAlert => "Save alert", "Guardar alerta", "Salvar alerta";
    TakeABreak => "Take a break", "Tómate un descanso", "Faça uma pausa";
    ExclusionIntro => "A time-out (1 to 42 days) or a self-exclusion (6 months to 5 years, or permanent) starts at once, on every device, and cannot be shortened. You will get no bonuses or offers; you can still withdraw your cash.", "Una pausa temporal (de 1 a 42 días) o una autoexclusión (de 6 meses a 5 años, o permanente) empieza al momento, en todos los dispositivos, y no se puede acortar. No recibirás bonos ni ofertas; puedes seguir retirando tu efectivo.", "Uma pausa (de 1 a 42 dias) ou uma autoexclusão (de 6 meses a 5 anos, ou permanente) começa na hora, em todos os dispositivos, e não pode ser encurtada. Você não receberá bônus nem ofertas; ainda pode sacar seu dinheiro.";
    ExclusionType => "Type", "Tipo", "Tipo";
    TimeOut => "Time-out", "Pausa temporal", "Pausa";
    SelfExclusion => "Self-exclusion", "Autoexclusión", "Autoexclusão";
    HowLong => "How long", "Duración", "Duração";
    Permanent => "Permanent", "Permanente", "Permanente";
    PermanentExclusion => "a permanent self-exclusion", "una autoexclusión permanente", "uma autoexclusão permanente";
    Continue => "Continue", "Continuar", "Continuar";
    CannotUndo => "It takes effect at once and cannot be undone or shortened.", "Tiene efecto al momento y no se puede deshacer ni acortar.", "Vale na hora e não pode ser desfeita nem encurtada.";
    IUnderstand => "I understand", "Lo entiendo", "Eu entendo";
    IdentityCheckTitle => "Identity check", "Verificación de identidad", "Verificação de identidade";
    KycSandboxNote => " No real identity is checked: do not enter a real document.", " No se verifica ninguna identidad real: no introduzcas un documento real.", " Nenhuma identidade real é verificada: não informe um documento real.";
    StatusColon => "Status: ", "Estado: ", "Status: ";
    KycKeepNote => ". We keep only the last four characters of the document number.", ". Solo guardamos los cuatro últimos caracteres del número de documento.", ". Guardamos apenas os quatro últimos caracteres do número do documento.";
    Document => "Document", "Documento", "Documento";
    Passport => "Passport", "Pasaporte", "Passaporte";
    IdCard => "Identity card", "Documento de identidad", "Carteira de identidade";
    DrivingLicence => "Driving licence", "Permiso de conducir", "Carteira de motorista";
    IssuedIn => "Issued in (country code)", "Expedido en (código de país)", "Emitido em (código do país)";
    DocumentNumber => "Document number", "Número de documento", "Número do documento";
    FullNameOnDocument => "Full name as on the document", "Nombre completo como en el documento", "Nome completo como no documento";
    SendForChecking => "Send for checking", "Enviar para verificar", "Enviar para verificação";
    KycUnverified => "Not verified yet", "Aún no verificada", "Ainda não verificada";
    KycPending => "Documents under review", "Documentos en revisión", "Documentos em análise";
    KycVerified => "Verified", "Verificada", "Verificada";
    KycRejected => "Not accepted: please send new documents", "No aceptada: envía nuevos documentos", "Não aceita: envie novos documentos";
    LossAlertTitle => "Loss alert", "Alerta de pérdidas", "Alerta de perdas";
    SetLimitsButton => "Set limits", "Fijar límites", "Definir limites";
    DepositCap => "Deposit cap", "Tope de depósitos", "Teto de depósitos";
    SetCapQuestion => "Set a cap on what you pay in? ", "¿Fijas un tope a lo que depositas? ", "Definir um teto para o que você deposita? ";
    CapMandatory => "Your country requires one before your first payment; lower it any time, raising takes 24 h.", "Tu país exige uno antes de tu primer pago; puedes bajarlo cuando quieras, subirlo tarda 24 h.", "Seu país exige um antes do primeiro pagamento; você pode baixá-lo quando quiser, aumentá-lo leva 24 h.";
    CapOptional => "Lower it any time; raising takes 24 h.", "Puedes bajarlo cuando quieras; subirlo tarda 24 h.", "Você pode baixá-lo quando quiser; aumentá-lo leva 24 h.";
    ADay => "a day", "al día", "por dia";
    AWeek => "a week", "a la semana", "por semana";
    AMonth => "a month", "al mes", "por mês";
    SetCap => "Set cap", "Fijar tope", "Definir teto";
    NoThanks => "No thanks", "No, gracias", "Não, obrigado";
    NotNow => "Not now", "Ahora no", "Agora não";
    TimeForBreak => "Time for a break", "Hora de descansar", "Hora de uma pausa";
    BreakNote => "You reached your session limit. Play resumes in", "Alcanzaste tu límite de sesión. El juego se reanuda en", "Você atingiu seu limite de sessão. O jogo volta em";
    RealityCheck => "Reality check", "Aviso de realidad", "Alerta de realidade";
    TimePlayed => "Time played", "Tiempo jugado", "Tempo de jogo";
    SessionResult => "Session result", "Resultado de la sesión", "Resultado da sessão";
    StakedWon => "Staked / won", "Apostado / ganado", "Apostado / ganho";
    PlayPaused => "Play is paused until you continue.", "El juego está en pausa hasta que continúes.", "O jogo fica pausado até você continuar.";
    // Casino: lobby categories, slot and roulette results.
    CategorySlots => "Slots", "Tragaperras", "Caça-níqueis";
    CategoryTable => "Table", "Mesa", "Mesa";
    CategoryInstant => "Instant", "Instantáneos", "Instantâneos";
    CategoryLive => "Live", "En vivo", "Ao vivo";
    CategoryCrash => "Crash", "Crash", "Crash";
    CategoryJackpots => "Jackpots", "Botes", "Jackpots";
    CategoryPoker => "Poker", "Póquer", "Pôquer";
    CategoryBingo => "Bingo", "Bingo", "Bingo";
    CategoryLottery => "Lottery", "Lotería", "Loteria";
    SymbolLantern => "Lantern", "Farol", "Lanterna";
    SymbolOwl => "Owl", "Búho", "Coruja";
    SymbolEmerald => "Emerald", "Esmeralda", "Esmeralda";
    SymbolWild => "Wild", "Comodín", "Curinga";
    SymbolMoon => "Moon", "Luna", "Lua";
    ColourRed => "red", "rojo", "vermelho";
    ColourBlack => "black", "negro", "preto";
    ColourGreen => "green", "verde", "verde";
    // Loyalty (the player's pages).
    LoyaltyTitle => "Loyalty · Croupier", "Fidelidad · Croupier", "Fidelidade · Croupier";
    RewardsStoreLink => "Rewards store →", "Tienda de recompensas →", "Loja de recompensas →";
    LoyaltyPages => "Loyalty pages", "Páginas de fidelidad", "Páginas de fidelidade";
    Rewards => "Rewards", "Recompensas", "Recompensas";
    UpdatesLive => "● Updates live", "● Actualización en directo", "● Atualização ao vivo";
    YourPointsAndTier => "Your points and tier", "Tus puntos y tu nivel", "Seus pontos e seu nível";
    PointsHeading => "Points", "Puntos", "Pontos";
    NoTierYet => "No tier yet", "Aún sin nivel", "Ainda sem nível";
    EarnToClimb => "Earn points to climb to a tier with benefits.", "Gana puntos para subir a un nivel con ventajas.", "Ganhe pontos para subir para um nível com vantagens.";
    CashbackSchedule => "Cashback is paid into your cash balance shortly after 00:00 UTC each Monday, on your net losses of the week before (stakes minus returns, sportsbook and casino).", "El cashback se abona en tu saldo en efectivo poco después de las 00:00 UTC de cada lunes, sobre tus pérdidas netas de la semana anterior (importes apostados menos ganancias, apuestas deportivas y casino).", "O cashback é pago no seu saldo em dinheiro pouco depois das 00:00 UTC de cada segunda-feira, sobre suas perdas líquidas da semana anterior (valores apostados menos retornos, apostas esportivas e cassino).";
    TierHeldUntil => "Your tier is held for you until ", "Tu nivel se mantiene hasta: ", "Seu nível fica garantido até: ";
    TopTier => "You hold the top tier.", "Tienes el nivel más alto.", "Você está no nível mais alto.";
    You => "You", "Tú", "Você";
    Tiers => "Tiers", "Niveles", "Níveis";
    TiersCaption => "Tiers, their qualifying points and benefits", "Niveles, sus puntos de clasificación y ventajas", "Níveis, seus pontos de qualificação e vantagens";
    QualifyingPoints => "Qualifying points", "Puntos de clasificación", "Pontos de qualificação";
    Benefits => "Benefits", "Ventajas", "Vantagens";
    NoPointsYet => "No points yet: they arrive as you play.", "Todavía no hay puntos: llegan a medida que juegas.", "Ainda não há pontos: eles chegam conforme você joga.";
    PointsCaption => "Points and coins, newest first", "Puntos y monedas, lo más reciente primero", "Pontos e moedas, mais recentes primeiro";
    Change => "Change", "Cambio", "Variação";
    ShowMore => "Show more", "Mostrar más", "Mostrar mais";
    HistoryNotLoaded => "The history could not be loaded. Try again.", "No se pudo cargar el historial. Inténtalo de nuevo.", "Não foi possível carregar o histórico. Tente novamente.";
    LoyaltyCard => "Loyalty card", "Tarjeta de fidelidad", "Cartão de fidelidade";
    CardPitch => "Earn and spend the same points at our partner venues: show your card at the desk or hold its code to the scanner.", "Gana y gasta los mismos puntos en nuestros locales asociados: muestra tu tarjeta en el mostrador o acerca su código al lector.", "Ganhe e use os mesmos pontos nos nossos estabelecimentos parceiros: mostre seu cartão no balcão ou aproxime o código do leitor.";
    CardNeedsKyc => "A card needs a verified identity. ", "Para la tarjeta necesitas una identidad verificada. ", "O cartão exige uma identidade verificada. ";
    VerifyIdentity => "Verify your identity", "Verifica tu identidad", "Verifique sua identidade";
    Issuing => "Issuing…", "Emitiendo…", "Emitindo…";
    GetMyCard => "Get my card", "Obtener mi tarjeta", "Obter meu cartão";
    GoToKyc => "Go to identity verification", "Ir a la verificación de identidad", "Ir para a verificação de identidade";
    CroupierLoyalty => "Croupier loyalty", "Croupier fidelidad", "Croupier fidelidade";
    KeepCardPrivate => "Keep your card to yourself: it spends your points.", "No compartas tu tarjeta: con ella se gastan tus puntos.", "Não compartilhe seu cartão: ele gasta seus pontos.";
    Free => "Free", "Gratis", "Grátis";
    LoyaltyPitch => "Collect points on every bet and spin, climb the tiers for bigger rewards, and spend your points in the store.", "Acumula puntos con cada apuesta y cada giro, sube de nivel para obtener mejores recompensas y gasta tus puntos en la tienda.", "Acumule pontos em cada aposta e cada giro, suba de nível para ganhar recompensas maiores e use seus pontos na loja.";
    Or => "or", "o", "ou";
    OpenAnAccount => "open an account", "abre una cuenta", "abra uma conta";
    // Leaderboards (the player's pages).
    MetricWagered => "Most wagered", "Mayor importe apostado", "Maior valor apostado";
    MetricNetWin => "Biggest net win", "Mayor ganancia neta", "Maior ganho líquido";
    MetricMultiplier => "Biggest multiplier", "Mayor multiplicador", "Maior multiplicador";
    MetricLoginStreak => "Longest login streak", "Racha de accesos más larga", "Maior sequência de acessos";
    MetricDiversity => "Most games played", "Más juegos distintos", "Mais jogos diferentes";
    MetricPoints => "Most loyalty points", "Más puntos de fidelidad", "Mais pontos de fidelidade";
    HelpWagered => "Every stake you place or play counts.", "Cuenta cada importe que apuestas o juegas.", "Conta cada valor que você aposta ou joga.";
    HelpNetWin => "Returns minus stakes of your settled bets and rounds.", "Ganancias menos importes de tus apuestas y rondas liquidadas.", "Retornos menos valores apostados das suas apostas e rodadas liquidadas.";
    HelpMultiplier => "Your best return ÷ stake of a single bet or round.", "Tu mejor ganancia ÷ importe en una sola apuesta o ronda.", "Seu melhor retorno ÷ valor apostado em uma única aposta ou rodada.";
    HelpLoginStreak => "Consecutive days with a login.", "Días seguidos con al menos un acceso.", "Dias seguidos com pelo menos um acesso.";
    HelpDiversity => "Each different casino game and sport you play counts once.", "Cada juego de casino y deporte distinto que juegas cuenta una vez.", "Cada jogo de cassino e esporte diferente que você joga conta uma vez.";
    HelpPoints => "Loyalty points you earn.", "Los puntos de fidelidad que ganas.", "Os pontos de fidelidade que você ganha.";
    RecurOnce => "One-off", "Única", "Única";
    RecurDaily => "Daily", "Diaria", "Diária";
    RecurWeekly => "Weekly", "Semanal", "Semanal";
    RecurMonthly => "Monthly", "Mensual", "Mensal";
    BoardLive => "Live", "En curso", "Em andamento";
    BoardScheduled => "Scheduled", "Programada", "Agendada";
    BoardClosed => "Closed", "Cerrada", "Encerrada";
    Finished => "Finished", "Terminada", "Encerrada";
    PeriodEndedSoon => "Period ended: results soon", "Periodo terminado: resultados en breve", "Período encerrado: resultados em breve";
    APrize => "A prize", "Un premio", "Um prêmio";
    NoPrizes => "No prizes.", "Sin premios.", "Sem prêmios.";
    PrizesByRank => "Prizes by rank", "Premios por puesto", "Prêmios por posição";
    Rank => "Rank", "Puesto", "Posição";
    PrizeEach => "Prize (each)", "Premio (cada uno)", "Prêmio (cada)";
    Player => "Player", "Jugador", "Jogador";
    Score => "Score", "Puntuación", "Pontuação";
    LeaderboardsTitle => "Leaderboards · Croupier", "Clasificaciones · Croupier", "Rankings · Croupier";
    LeaderboardsIntro => "Races and tournaments: climb the table before the period ends to win a prize. Ranks update live. 18+. Play responsibly.", "Carreras y torneos: sube en la tabla antes de que acabe el periodo para ganar un premio. Los puestos se actualizan en directo. +18. Juega con responsabilidad.", "Corridas e torneios: suba na tabela antes do fim do período para ganhar um prêmio. As posições são atualizadas ao vivo. 18+. Jogue com responsabilidade.";
    NoLeaderboards => "No leaderboards are running right now. Check back soon.", "Ahora mismo no hay clasificaciones en curso. Vuelve pronto.", "Não há rankings em andamento agora. Volte em breve.";
    TopPrize => "Top prize ", "Primer premio ", "Prêmio principal ";
    JoinOnBoardPage => "Join on the board page to take part.", "Únete en la página de la clasificación para participar.", "Entre pela página do ranking para participar.";
    ViewTable => "View the table →", "Ver la tabla →", "Ver a tabela →";
    LeaderboardTitle => "Leaderboard · Croupier", "Clasificación · Croupier", "Ranking · Croupier";
    BackToLeaderboards => "← Leaderboards", "← Clasificaciones", "← Rankings";
    NoSuchLeaderboard => "No such leaderboard.", "Esta clasificación no existe.", "Este ranking não existe.";
    Standings => "Standings", "Clasificación", "Classificação";
    StandingsCaption => "Standings, best first", "Clasificación, de mejor a peor", "Classificação, do melhor para o pior";
    LiveDot => "● Live", "● En directo", "● Ao vivo";
    Connecting => "Connecting…", "Conectando…", "Conectando…";
    NobodyScored => "Nobody has scored yet this period. Be the first.", "Nadie ha puntuado todavía en este periodo. Sé el primero.", "Ninguém pontuou ainda neste período. Seja o primeiro.";
    Prizes => "Prizes", "Premios", "Prêmios";
    Prize => "Prize", "Premio", "Prêmio";
    NotRankedYet => "Not ranked yet", "Aún sin puesto", "Ainda sem posição";
    JoinLeaderboard => "Join this leaderboard", "Unirme a esta clasificación", "Entrar neste ranking";
    StaffNoPart => "Staff accounts do not take part.", "Las cuentas de personal no participan.", "Contas da equipe não participam.";
    ToJoinAndSeeRank => " to join and see your rank.", " para unirte y ver tu puesto.", " para participar e ver sua posição.";
    ToSeeRank => " to see your rank.", " para ver tu puesto.", " para ver sua posição.";
    YourRank => "Your rank", "Tu puesto", "Sua posição";
    AroundYou => "Around you", "A tu alrededor", "Perto de você";
    PlayersAroundYou => "The players around you", "Los jugadores a tu alrededor", "Os jogadores perto de você";
    SportsbookAndCasino => "Sportsbook and casino", "Apuestas deportivas y casino", "Apostas esportivas e cassino";
    Sportsbook => "Sportsbook", "Apuestas deportivas", "Apostas esportivas";
    HowItScores => "How it scores", "Cómo se puntúa", "Como pontua";
    Counts => "Counts", "Cuenta", "Conta";
    Runs => "Runs", "Se repite", "Frequência";
    SmallestStake => "Smallest stake", "Importe mínimo", "Valor mínimo";
    Places => "Places", "Plazas", "Vagas";
    TakingPart => "Taking part", "Participación", "Participação";
    JoinFirst => "Join first: only play after joining scores.", "Únete primero: solo puntúa lo que juegues después de unirte.", "Entre primeiro: só pontua o que você jogar depois de entrar.";
    Automatic => "Automatic: your play scores without joining.", "Automática: tu juego puntúa sin unirte.", "Automática: seu jogo pontua sem precisar entrar.";
    Ties => "Ties", "Empates", "Empates";
    TiesRule => "Equal scores rank by who reached the score first.", "Con la misma puntuación, gana quien la alcanzó primero.", "Com a mesma pontuação, fica à frente quem a alcançou primeiro.";
    TermsTitle => "Terms", "Términos", "Termos";
    PastWinners => "Past winners", "Ganadores anteriores", "Vencedores anteriores";
    NoPeriodFinished => "No period has finished yet.", "Todavía no ha terminado ningún periodo.", "Nenhum período terminou ainda.";
    PeriodEnded => "Period ended ", "Periodo terminado: ", "Período encerrado: ";
    WinnersCaption => "Winners of the period", "Ganadores del periodo", "Vencedores do período";
    NewOnBoard => "New on the board", "Nuevo en la clasificación", "Novo no ranking";
}
// END-MESSAGES

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
