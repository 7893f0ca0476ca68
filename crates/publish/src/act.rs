//! Publishing as one act: the report is built from one snapshot and stored only if
//! nothing was written since that snapshot, so that a publication is always one
//! consistent picture. When something was, it is built again, a few times.

use riktning_domain::{Change, EntityKind, Id, NewPublication, Publication};
use riktning_store::{Store, StoreError, StoreRead};

use crate::{PublishError, build};

/// How many times the report is built before giving up on a busy database.
const ATTEMPTS: u32 = 5;

/// Builds the approved picture of `plan` (in `period`, or before it has results) and
/// stores it as the next version of its publication. A version after the first needs
/// `reason`.
pub async fn publish<S: Store>(
    store: &S,
    tenant: Id,
    plan: Id,
    period: Option<Id>,
    reason: &str,
    change: &Change,
) -> Result<Publication, PublishError> {
    for _ in 0..ATTEMPTS {
        let mut read = store.reader().await?;
        let built = async {
            let version = read.data_version().await?;
            let report = build(&mut read, tenant, plan, period).await?;
            Ok::<_, PublishError>((version, report))
        }
        .await;
        read.finish().await?;
        let (version, report) = built?;
        let content = serde_json::to_value(&report)
            .map_err(|error| PublishError::Encode(error.to_string()))?;
        let new = NewPublication {
            plan_id: plan,
            period_id: period,
            reason: reason.trim().to_string(),
            content,
            based_on: Some(version),
        };
        match store.publish(tenant, &new, change).await {
            Err(StoreError::Conflict {
                entity: EntityKind::Publication,
                ..
            }) => continue,
            other => return Ok(other?),
        }
    }
    Err(PublishError::KeptChanging)
}
