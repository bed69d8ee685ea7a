//! The VIP console's reports: players per tier, points issued and redeemed
//! per day (from the loyalty programme), and the GGR per day of the
//! players who are VIP now, over the last 30 or 90 days.

use chrono::{Duration, TimeZone, Utc};
use domain::api::vip::{GgrDay, ReportsQuery, VipReports};

use super::figures::ggr_by_day;
use super::{Vip, VipError, port};

/// The report windows, in days.
pub const WINDOWS: [u32; 2] = [30, 90];

impl Vip<'_> {
    /// `GET /admin/vip/reports?days=30|90`.
    pub async fn reports(&self, query: &ReportsQuery) -> Result<VipReports, VipError> {
        self.authorize()?;
        let days = query.days.unwrap_or(WINDOWS[0]);
        if !WINDOWS.contains(&days) {
            return Err(VipError::field("days", "Use 30 or 90."));
        }
        let engine = self.engine;
        let now = engine.now();
        // Whole UTC days, today the last.
        let first = now.date_naive() - Duration::days(i64::from(days) - 1);
        let from = Utc.from_utc_datetime(
            &first
                .and_hms_opt(0, 0, 0)
                .ok_or_else(|| VipError::Unexpected(anyhow::anyhow!("no start of {first}")))?,
        );
        let to = now;
        let vips = self.vip_ids().await?;
        let vip_ggr = ggr_by_day(engine, &vips, from, to)
            .await?
            .into_iter()
            .map(|(day, ggr)| GgrDay {
                day,
                ggr: ggr.format_amount(),
            })
            .collect();
        Ok(VipReports {
            days,
            reporting_currency: engine.config().reporting_currency.code().to_owned(),
            tier_distribution: port::tier_distribution(engine).await?,
            points_flow: port::points_flow(engine, from, to).await?,
            vip_ggr,
            vip_players: vips.len() as i64,
        })
    }
}
