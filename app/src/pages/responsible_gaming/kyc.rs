//! Identity documents on the responsible-gaming page.

use leptos::prelude::*;

use crate::api::kyc_provider;
use crate::api::responsible_gaming::RgSubmitKyc;
use crate::components::{BUTTON_PRIMARY, CARD, INPUT};
use crate::i18n::{Locale, RgMsg, messages, use_locale};

use super::{Notice, notices, settle, use_rg_state};

/// Identity documents for verification, labelled with the provider the
/// server is configured with (a test provider says so).
#[component]
pub(super) fn Kyc(status: String) -> impl IntoView {
    let l = use_locale();
    let rg = use_rg_state();
    let submit = ServerAction::<RgSubmitKyc>::new();
    let notice = notices().kyc;
    settle(move || submit.value().get(), notice, rg.refresh);
    let can_submit = status == "unverified" || status == "rejected";
    let provider = crate::resource::resource(|| (), |_| kyc_provider());
    view! {
        <section class=format!("{CARD} mt-6") aria-labelledby="kyc-title">
            <h2 id="kyc-title" class="text-lg font-semibold text-white">{l.t(RgMsg::IdentityCheckTitle)}</h2>
            <Suspense fallback=|| ()>
                {move || Suspend::new(async move {
                    provider.await.ok().map(|p| {
                        let note = if p.is_sandbox {
                            l.t(RgMsg::KycSandboxNote)
                        } else {
                            ""
                        };
                        view! {
                            <p class="mt-1 text-sm text-slate-400" data-testid="kyc-provider">
                                {messages::checked_by(l, &p.display_name, note)}
                            </p>
                        }
                    })
                })}
            </Suspense>
            <p class="mt-1 text-sm text-slate-400">
                {l.t(RgMsg::StatusColon)}
                <span class="font-medium text-slate-100" data-testid="kyc-status">{status_label(l, &status)}</span>
                {l.t(RgMsg::KycKeepNote)}
            </p>
            {can_submit
                .then(|| {
                    view! {
                        <ActionForm action=submit attr:class="mt-4 grid gap-3 sm:grid-cols-2">
                            <div class="space-y-1.5">
                                <label for="doc-type" class="block text-sm font-medium text-slate-200">{l.t(RgMsg::Document)}</label>
                                <select id="doc-type" name="document_type" class=INPUT data-testid="kyc-document-type">
                                    <option value="passport">{l.t(RgMsg::Passport)}</option>
                                    <option value="id_card">{l.t(RgMsg::IdCard)}</option>
                                    <option value="driving_licence">{l.t(RgMsg::DrivingLicence)}</option>
                                </select>
                            </div>
                            <div class="space-y-1.5">
                                <label for="doc-country" class="block text-sm font-medium text-slate-200">{l.t(RgMsg::IssuedIn)}</label>
                                <input id="doc-country" name="document_country" maxlength="2" required=true placeholder="MT" class=INPUT data-testid="kyc-document-country"/>
                            </div>
                            <div class="space-y-1.5">
                                <label for="doc-number" class="block text-sm font-medium text-slate-200">{l.t(RgMsg::DocumentNumber)}</label>
                                <input id="doc-number" name="document_number" required=true autocomplete="off" class=INPUT data-testid="kyc-document-number"/>
                            </div>
                            <div class="space-y-1.5">
                                <label for="doc-name" class="block text-sm font-medium text-slate-200">{l.t(RgMsg::FullNameOnDocument)}</label>
                                <input id="doc-name" name="full_name" required=true autocomplete="name" class=INPUT data-testid="kyc-full-name"/>
                            </div>
                            <button type="submit" class=BUTTON_PRIMARY data-testid="kyc-submit">{l.t(RgMsg::SendForChecking)}</button>
                        </ActionForm>
                    }
                })}
            <Notice outcome=notice/>
        </section>
    }
}

/// A verification status in words.
pub(crate) fn status_label(l: Locale, status: &str) -> String {
    match status {
        "unverified" => l.t(RgMsg::KycUnverified).to_owned(),
        "pending" => l.t(RgMsg::KycPending).to_owned(),
        "verified" => l.t(RgMsg::KycVerified).to_owned(),
        "rejected" => l.t(RgMsg::KycRejected).to_owned(),
        other => other.replace('_', " "),
    }
}
