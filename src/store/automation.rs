//! The automation rules the user switched on and set, kept in the meta store (the defaults, all
//! off, until first saved).

use indexed_db_futures::transaction::TransactionMode;

use super::db::{read_meta, write_meta, Db};
use super::schema::stores;
use super::StoreError;
use crate::model::AutomationRule;

const META_AUTOMATION: &str = "automation";

impl Db {
    /// The automation rules: every kind once, as last saved or by default.
    pub async fn automation_rules(&self) -> Result<Vec<AutomationRule>, StoreError> {
        let tx = self.tx(&[stores::META], TransactionMode::Readonly)?;
        let stored = read_meta(&tx, META_AUTOMATION).await?.unwrap_or_default();
        Ok(AutomationRule::complete(stored))
    }

    /// Saves the rules as they are.
    pub async fn save_automation_rules(&self, rules: &[AutomationRule]) -> Result<(), StoreError> {
        let tx = self.write_tx().await?;
        write_meta(&tx, META_AUTOMATION, &rules.to_vec())?;
        tx.commit().await.map_err(super::db::idb("commit"))
    }
}
