//! The demo publishes its closed first tertial, so that the public site shows the
//! approved picture from the first start, as it will once a controller publishes.

use riktning_domain::{Change, NewPublication};
use riktning_store::{Store, StoreRead};

use crate::content::TERTIAL;
use crate::error::{DemoError, StoreContext};
use crate::loaded::Loaded;

pub(crate) async fn load<S: Store>(
    store: &S,
    loaded: &Loaded,
    change: &Change,
) -> Result<(), DemoError> {
    let period = loaded.period(TERTIAL)?.id;
    let mut read = store
        .reader()
        .await
        .during(|| "reading the closed period to publish it".to_string())?;
    let report = riktning_publish::build(&mut read, loaded.tenant, loaded.plan, Some(period)).await;
    read.finish()
        .await
        .during(|| "reading the closed period to publish it".to_string())?;
    let report = report.map_err(DemoError::Publish)?;
    let content = serde_json::to_value(&report)
        .map_err(|e| DemoError::Inconsistent(format!("the report cannot be written: {e}")))?;
    store
        .publish(
            loaded.tenant,
            &NewPublication {
                plan_id: loaded.plan,
                period_id: Some(period),
                reason: String::new(),
                content,
                based_on: None,
            },
            change,
        )
        .await
        .during(|| format!("publishing {TERTIAL}"))?;
    Ok(())
}
