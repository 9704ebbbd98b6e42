//! The customers and products an orders file refers to that are not stored.
//!
//! An import never invents records by itself: the orders that name them are rejected and the
//! wizard says how many are missing. A purchase history exported from a shop (one row per
//! invoice line, with a customer id and a stock code, as in public retail data sets) usually
//! comes without a customers or products file, so the wizard offers to add these first, as
//! imports of their own that undo separately, built from what the file says about them: a
//! customer known only by its id (named by it, to be completed later) or its email, a product
//! by its code with the file's description and first unit price.

use std::collections::HashSet;

use super::mapping::{ColumnMapping, TargetField};
use super::rows::{cell, text, References};
use super::table::TableRow;
use crate::model::{Customer, CustomerId, Money, Product, ProductId};

/// What is missing, in the order the file first names it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MissingReferences {
    pub customers: Vec<Customer>,
    pub products: Vec<Product>,
    seen_customers: HashSet<String>,
    seen_products: HashSet<String>,
}

impl MissingReferences {
    /// Looks at more rows of the file (callers with many rows pass them in slices).
    pub fn add_rows(
        &mut self,
        rows: &[TableRow],
        mapping: &ColumnMapping,
        stored: &dyn References,
    ) {
        for row in rows {
            self.add_customer(row, mapping, stored);
            self.add_product(row, mapping, stored);
        }
    }

    fn add_customer(&mut self, row: &TableRow, mapping: &ColumnMapping, stored: &dyn References) {
        // The same column the order reads decides: a customer id, else an email.
        if let Some(reference) = cell(row, mapping, TargetField::CustomerRef) {
            let key = reference.to_lowercase();
            if stored.customer_by_ref(reference).is_none() && self.seen_customers.insert(key) {
                self.customers.push(Customer {
                    name: Some(reference.to_owned()),
                    external_id: Some(reference.to_owned()),
                    ..Customer::new(CustomerId(0), 0)
                });
            }
        } else if let Some(email) = cell(row, mapping, TargetField::CustomerEmail) {
            let key = crate::model::normalise_email(email);
            if email.contains('@')
                && stored.customer_by_email(email).is_none()
                && self.seen_customers.insert(key)
            {
                self.customers.push(Customer {
                    email: Some(email.to_owned()),
                    ..Customer::new(CustomerId(0), 0)
                });
            }
        }
    }

    fn add_product(&mut self, row: &TableRow, mapping: &ColumnMapping, stored: &dyn References) {
        let Some(reference) = cell(row, mapping, TargetField::ProductRef) else {
            return;
        };
        if stored.product_by_ref(reference).is_some()
            || !self.seen_products.insert(reference.to_lowercase())
        {
            return;
        }
        let price = cell(row, mapping, TargetField::UnitPrice)
            .and_then(|p| Money::parse(p).ok())
            .filter(|p| p.cents() >= 0)
            .unwrap_or(Money::ZERO);
        self.products.push(Product {
            id: ProductId(0),
            name: text(row, mapping, TargetField::ProductName)
                .unwrap_or_else(|| reference.to_owned()),
            sku: None,
            price,
            category: None,
            external_id: Some(reference.to_owned()),
            demo: false,
            created_at: 0,
            updated_at: 0,
            version: 1,
        });
    }

    pub fn is_empty(&self) -> bool {
        self.customers.is_empty() && self.products.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::mapping::{detect_mapping, EntityKind};
    use crate::import::plan::{evaluate, Existing, Records};
    use crate::import::table::read_table;
    use chrono::NaiveDate;

    #[test]
    fn a_retail_history_names_its_customers_and_products_once_each() {
        let table = read_table(
            "Invoice,StockCode,Description,Quantity,InvoiceDate,Price,Customer ID,Country\n\
             489434,85048,15CM CHRISTMAS GLASS BALL,12,2009-12-01 07:45:00,6.95,13085.0,UK\n\
             489434,79323P,PINK CHERRY LIGHTS,12,2009-12-01 07:45:00,6.75,13085.0,UK\n\
             C489449,85048,15CM CHRISTMAS GLASS BALL,-1,2009-12-01 10:33:00,6.95,16321.0,AU\n\
             489436,22350,CAT BOWL,10,2009-12-01 09:06:00,2.55,,UK\n\
             489437,P1,Stored product,1,2009-12-01 09:06:00,1.00,C1,UK\n",
        )
        .expect("reads");
        let mapping = detect_mapping(&table.headers, EntityKind::Orders);
        let mut stored_customer = Customer::new(CustomerId(1), 0);
        stored_customer.name = Some("Stored".into());
        // Both came from the same shop earlier, with their ids there.
        stored_customer.external_id = Some("C1".into());
        let stored_product = Product {
            id: ProductId(1),
            name: "Stored product".into(),
            sku: None,
            price: Money(100),
            category: None,
            external_id: Some("P1".into()),
            demo: false,
            created_at: 0,
            updated_at: 0,
            version: 1,
        };
        let existing = Existing::new(&[stored_customer], &[stored_product]);
        let mut missing = MissingReferences::default();
        let today = NaiveDate::from_ymd_opt(2026, 1, 1).expect("a date");
        // The file reads by the ids the check settled on.
        let first = evaluate(&table, &mapping, &existing, today).expect("evaluates");
        let stored = existing.resolver(first.ids);
        missing.add_rows(&table.rows[..2], &mapping, &stored);
        missing.add_rows(&table.rows[2..], &mapping, &stored);
        let customers: Vec<_> = missing
            .customers
            .iter()
            .map(|c| (c.external_id.as_deref(), c.name.as_deref()))
            .collect();
        assert_eq!(
            customers,
            [
                (Some("13085.0"), Some("13085.0")),
                (Some("16321.0"), Some("16321.0"))
            ]
        );
        let products: Vec<_> = missing
            .products
            .iter()
            .map(|p| (p.external_id.as_deref(), p.name.as_str(), p.price))
            .collect();
        assert_eq!(
            products,
            [
                (Some("85048"), "15CM CHRISTMAS GLASS BALL", Money(695)),
                (Some("79323P"), "PINK CHERRY LIGHTS", Money(675)),
                (Some("22350"), "CAT BOWL", Money(255)),
            ]
        );

        // Once they are stored, every order with a customer is accepted; the one without is
        // still refused, and the return counts negatively.
        let mut customers = missing.customers.clone();
        for (at, c) in customers.iter_mut().enumerate() {
            c.id = CustomerId(at as u64 + 2);
        }
        let mut products = missing.products.clone();
        for (at, p) in products.iter_mut().enumerate() {
            p.id = ProductId(at as u64 + 2);
        }
        let mut existing = existing;
        existing.add_customers(&customers);
        existing.add_products(&products);
        let evaluation = evaluate(&table, &mapping, &existing, today).expect("evaluates");
        let Records::Orders(orders) = evaluation.records else {
            panic!("orders")
        };
        let amounts: Vec<i64> = orders.iter().map(|o| o.amount().cents()).collect();
        assert_eq!(amounts, [12 * 695 + 12 * 675, -695, 100]);
        assert_eq!(evaluation.rejected.len(), 1);
        let mut again = MissingReferences::default();
        again.add_rows(&table.rows, &mapping, &existing.resolver(evaluation.ids));
        assert!(again.is_empty());
    }
}
