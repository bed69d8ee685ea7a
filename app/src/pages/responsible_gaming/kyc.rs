//! Identity documents on the responsible-gaming page.

use leptos::prelude::*;

use crate::api::kyc_provider;
use crate::api::responsible_gaming::RgSubmitKyc;
use crate::components::{BUTTON_PRIMARY, CARD, INPUT};

use super::{Notice, notices, settle, use_rg_state};

/// Identity documents for verification, labelled with the provider the
/// server is configured with (a test provider says so).
#[component]
pub(super) fn Kyc(status: String) -> impl IntoView {
    let rg = use_rg_state();
    let submit = ServerAction::<RgSubmitKyc>::new();
    let notice = notices().kyc;
    settle(move || submit.value().get(), notice, rg.refresh);
    let can_submit = status == "unverified" || status == "rejected";
    let provider = Resource::new(|| (), |_| kyc_provider());
    view! {
        <section class=format!("{CARD} mt-6") aria-labelledby="kyc-title">
            <h2 id="kyc-title" class="text-lg font-semibold text-white">"Identity check"</h2>
            <Suspense fallback=|| ()>
                {move || Suspend::new(async move {
                    provider.await.ok().map(|p| {
                        let note = if p.is_sandbox {
                            " No real identity is checked: do not enter a real document."
                        } else {
                            ""
                        };
                        view! {
                            <p class="mt-1 text-sm text-slate-400" data-testid="kyc-provider">
                                {format!("Checked by: {}.{note}", p.display_name)}
                            </p>
                        }
                    })
                })}
            </Suspense>
            <p class="mt-1 text-sm text-slate-400">
                "Status: "
                <span class="font-medium text-slate-100" data-testid="kyc-status">{status_label(&status)}</span>
                ". We keep only the last four characters of the document number."
            </p>
            {can_submit
                .then(|| {
                    view! {
                        <ActionForm action=submit attr:class="mt-4 grid gap-3 sm:grid-cols-2">
                            <div class="space-y-1.5">
                                <label for="doc-type" class="block text-sm font-medium text-slate-200">"Document"</label>
                                <select id="doc-type" name="document_type" class=INPUT data-testid="kyc-document-type">
                                    <option value="passport">"Passport"</option>
                                    <option value="id_card">"Identity card"</option>
                                    <option value="driving_licence">"Driving licence"</option>
                                </select>
                            </div>
                            <div class="space-y-1.5">
                                <label for="doc-country" class="block text-sm font-medium text-slate-200">"Issued in (country code)"</label>
                                <input id="doc-country" name="document_country" maxlength="2" required=true placeholder="MT" class=INPUT data-testid="kyc-document-country"/>
                            </div>
                            <div class="space-y-1.5">
                                <label for="doc-number" class="block text-sm font-medium text-slate-200">"Document number"</label>
                                <input id="doc-number" name="document_number" required=true autocomplete="off" class=INPUT data-testid="kyc-document-number"/>
                            </div>
                            <div class="space-y-1.5">
                                <label for="doc-name" class="block text-sm font-medium text-slate-200">"Full name as on the document"</label>
                                <input id="doc-name" name="full_name" required=true autocomplete="name" class=INPUT data-testid="kyc-full-name"/>
                            </div>
                            <button type="submit" class=BUTTON_PRIMARY data-testid="kyc-submit">"Send for checking"</button>
                        </ActionForm>
                    }
                })}
            <Notice outcome=notice/>
        </section>
    }
}

/// A verification status in words.
fn status_label(status: &str) -> String {
    match status {
        "unverified" => "Not verified yet".to_owned(),
        "pending" => "Documents under review".to_owned(),
        "verified" => "Verified".to_owned(),
        "rejected" => "Not accepted: please send new documents".to_owned(),
        other => other.replace('_', " "),
    }
}
