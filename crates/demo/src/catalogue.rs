//! A copy of Kolada's KPI catalogue for municipalities (ids, titles, operating areas;
//! no descriptions), so that KPI search works in the demo without the network.

use riktning_domain::{AreaGroup, KpiInfo};
use riktning_store::Store;

use crate::DemoError;
use crate::content::{COMPARISON_GROUP, COMPARISON_GROUP_MEMBERS, COMPARISON_GROUP_TITLE};
use crate::error::StoreContext;

/// One KPI per line: id, title, operating area, divided by gender (1/0), municipality
/// type, separated by tabs, taken from Kolada's `/v3/kpi` catalogue (municipal KPIs).
const KPIS: &str = include_str!("../data/kolada-kpis.tsv");

pub(crate) fn kpis() -> Vec<KpiInfo> {
    KPIS.lines()
        .filter_map(|line| {
            let mut fields = line.split('\t');
            let id = fields.next()?.trim();
            let title = fields.next()?.trim();
            if id.is_empty() || title.is_empty() {
                return None;
            }
            let area = fields.next().unwrap_or("").trim();
            let by_gender = fields.next().unwrap_or("0").trim() == "1";
            let kind = fields.next().unwrap_or("").trim();
            Some(KpiInfo {
                id: id.to_string(),
                title: title.to_string(),
                description: String::new(),
                divided_by_gender: by_gender,
                municipality_type: Some(kind.to_string()).filter(|k| !k.is_empty()),
                operating_area: Some(area.to_string()).filter(|a| !a.is_empty()),
                publication_date: None,
                publ_period: None,
            })
        })
        .collect()
}

/// Stores the KPI catalogue and the comparison group the demo's charts draw; returns
/// how many KPIs were stored.
pub(crate) async fn load<S: Store>(
    store: &S,
    tenant: riktning_domain::Id,
    change: &riktning_domain::Change,
) -> Result<usize, DemoError> {
    let stored = store
        .replace_kpi_catalogue(tenant, &kpis())
        .await
        .during(|| "storing the KPI catalogue".to_string())?;
    let group = AreaGroup {
        id: COMPARISON_GROUP.to_string(),
        title: COMPARISON_GROUP_TITLE.to_string(),
        members: COMPARISON_GROUP_MEMBERS
            .iter()
            .map(|m| (*m).to_string())
            .collect(),
    };
    store
        .replace_area_groups(tenant, &[group])
        .await
        .during(|| "storing the comparison group".to_string())?;
    store
        .set_comparison_groups(tenant, &[COMPARISON_GROUP.to_string()], change)
        .await
        .during(|| "choosing the comparison group".to_string())?;
    Ok(stored)
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_catalogue_holds_the_demo_kpis() {
        let kpis = super::kpis();
        assert!(kpis.len() > 4000, "{}", kpis.len());
        for id in ["N01951", "N00090", "N17461"] {
            assert!(kpis.iter().any(|k| k.id == id), "{id}");
        }
        let population = kpis.iter().find(|k| k.id == "N01951").expect("N01951");
        assert!(
            population.title.starts_with("Invånare totalt"),
            "{}",
            population.title
        );
    }
}
