//! Merging duplicate customers and remembering pairs the user said are not duplicates. The
//! plan comes from `clean::merge` (pure); here its orders and notes are read and the whole
//! merge is applied as one change set, so one undo restores every record.

use std::collections::HashSet;

use indexed_db_futures::transaction::TransactionMode;

use super::changes::labels;
use super::db::{read_meta, write_meta, Db};
use super::schema::stores;
use super::StoreError;
use crate::clean::merge::{merge_changes, MergeChoice};
use crate::clean::recipe::Recipe;
use crate::model::{ChangeSet, Customer, Note, Order, Ticket, Timestamp};

const META_NOT_DUPLICATES: &str = "not_duplicates";
const META_RECIPES: &str = "recipes";

/// Above this many customers to remove, a merge reads every order and note once instead of
/// asking the index per customer.
const READ_ALL_ABOVE: usize = 64;

/// One group to merge: its members as the user saw them, and what to keep.
pub type MergeGroup = (Vec<Customer>, MergeChoice);

impl Db {
    /// Merges each group into its survivor in one transaction: the survivor gets the chosen
    /// values, the other members are deleted and their orders, notes and tickets move to the
    /// survivor.
    /// A member changed since the user saw it is a [`StoreError::Conflict`] and nothing is
    /// written. Returns the logged change set.
    pub async fn merge_customers(
        &self,
        groups: &[MergeGroup],
        now: Timestamp,
    ) -> Result<ChangeSet, StoreError> {
        let removed: Vec<u64> = groups
            .iter()
            .flat_map(|(members, choice)| {
                members
                    .iter()
                    .map(|c| c.id.0)
                    .filter(move |id| *id != choice.survivor)
            })
            .collect();
        let (orders, notes) = self.orders_and_notes_of(&removed).await?;
        let gone: HashSet<u64> = removed.iter().copied().collect();
        let tickets: Vec<Ticket> = self
            .tickets()
            .await?
            .into_iter()
            .filter(|t| gone.contains(&t.customer_id.0))
            .collect();
        let mut changes = Vec::new();
        for (members, choice) in groups {
            let group = merge_changes(members, choice, &orders, &notes, &tickets).ok_or(
                StoreError::NotFound {
                    id: choice.survivor,
                },
            )?;
            changes.extend(group);
        }
        let detail = format!("{} → {}", removed.len() + groups.len(), groups.len());
        self.apply(labels::MERGE, &detail, changes, now).await
    }

    async fn orders_and_notes_of(
        &self,
        customers: &[u64],
    ) -> Result<(Vec<Order>, Vec<Note>), StoreError> {
        if customers.len() > READ_ALL_ABOVE {
            return Ok((self.orders().await?, self.notes().await?));
        }
        let mut orders = Vec::new();
        let mut notes = Vec::new();
        for &id in customers {
            orders.extend(self.orders_of_customer(id).await?);
            notes.extend(self.notes_of_customer(id).await?);
        }
        Ok((orders, notes))
    }

    /// The pairs of customers the user marked as not duplicates, as `(smaller id, larger id)`.
    pub async fn not_duplicates(&self) -> Result<HashSet<(u64, u64)>, StoreError> {
        let tx = self.tx(&[stores::META], TransactionMode::Readonly)?;
        let pairs: Vec<(u64, u64)> = read_meta(&tx, META_NOT_DUPLICATES)
            .await?
            .unwrap_or_default();
        Ok(pairs.into_iter().collect())
    }

    /// Remembers that every pair of `ids` is not a duplicate, so they are never proposed again.
    pub async fn mark_not_duplicates(&self, ids: &[u64]) -> Result<(), StoreError> {
        let tx = self.write_tx().await?;
        let mut pairs: Vec<(u64, u64)> = read_meta(&tx, META_NOT_DUPLICATES)
            .await?
            .unwrap_or_default();
        for (at, &a) in ids.iter().enumerate() {
            for &b in &ids[at + 1..] {
                pairs.push((a.min(b), a.max(b)));
            }
        }
        pairs.sort_unstable();
        pairs.dedup();
        write_meta(&tx, META_NOT_DUPLICATES, &pairs)?;
        tx.commit().await.map_err(super::db::idb("commit"))
    }

    /// The saved cleaning recipes, by name.
    pub async fn recipes(&self) -> Result<Vec<Recipe>, StoreError> {
        let tx = self.tx(&[stores::META], TransactionMode::Readonly)?;
        Ok(read_meta(&tx, META_RECIPES).await?.unwrap_or_default())
    }

    /// Saves a recipe, replacing one of the same name.
    pub async fn save_recipe(&self, recipe: &Recipe) -> Result<(), StoreError> {
        let tx = self.write_tx().await?;
        let mut recipes: Vec<Recipe> = read_meta(&tx, META_RECIPES).await?.unwrap_or_default();
        recipes.retain(|r| r.name != recipe.name);
        recipes.push(recipe.clone());
        recipes.sort_by(|a, b| a.name.cmp(&b.name));
        write_meta(&tx, META_RECIPES, &recipes)?;
        tx.commit().await.map_err(super::db::idb("commit"))
    }

    /// Writes a cleaning preview's changed customers as one undoable change set. A customer
    /// stored differently from the preview's "before" (edited since) is left alone; returns
    /// the logged set and how many were left alone.
    pub async fn apply_cleaning(
        &self,
        changed: &[(Customer, Customer)],
        detail: &str,
        now: Timestamp,
    ) -> Result<(ChangeSet, usize), StoreError> {
        let wanted: std::collections::HashMap<u64, &(Customer, Customer)> =
            changed.iter().map(|pair| (pair.0.id.0, pair)).collect();
        let ids: Vec<u64> = wanted.keys().copied().collect();
        let mut skipped = 0;
        let set = self
            .update_customers(
                &ids,
                labels::CLEAN,
                detail,
                |stored| match wanted.get(&stored.id.0) {
                    Some((before, after)) if stored == before => {
                        *stored = after.clone();
                        true
                    }
                    _ => {
                        skipped += 1;
                        false
                    }
                },
                now,
            )
            .await?;
        Ok((set, skipped))
    }

    /// The cleaning settings a backup carries: "not duplicates" pairs and recipes.
    pub(super) async fn cleaning_meta(
        &self,
    ) -> Result<(Vec<(u64, u64)>, Vec<serde_json::Value>), StoreError> {
        let tx = self.tx(&[stores::META], TransactionMode::Readonly)?;
        let pairs = read_meta(&tx, META_NOT_DUPLICATES)
            .await?
            .unwrap_or_default();
        let recipes = read_meta(&tx, META_RECIPES).await?.unwrap_or_default();
        Ok((pairs, recipes))
    }
}

/// Writes a backup's cleaning settings in the restore's transaction; recipes that do not read
/// as recipes (from a newer version) are left out rather than failing the restore.
pub(super) fn restore_meta(
    tx: &indexed_db_futures::transaction::Transaction<'_>,
    backup: &crate::import::backup::Backup,
) -> Result<(), StoreError> {
    let recipes: Vec<Recipe> = backup
        .cleaning_recipes
        .iter()
        .filter_map(|r| serde_json::from_value(r.clone()).ok())
        .collect();
    write_meta(tx, META_NOT_DUPLICATES, &backup.not_duplicates)?;
    write_meta(tx, META_RECIPES, &recipes)
}
