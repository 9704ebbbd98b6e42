//! A seeded generator of realistic, messy demo data (pure): Chinese and Latin names, phones,
//! emails, cities, products in categories, three years of orders with heavy-tailed spend, a few
//! per cent near-duplicate customers with typos, missing values and invalid entries. The same
//! seed and parameters always give the same data; the true duplicate groups come with it, so
//! cleaning can be measured against them.

mod names;
mod noise;

pub use noise::add_export_noise;

use chrono::{Duration, NaiveDate};
use rand::seq::SliceRandom;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

use crate::model::{
    Address, Customer, CustomerId, Gender, Money, Order, OrderId, OrderLine, OrderStatus, Product,
    ProductId, Timestamp,
};
use names::*;

/// How much data to make, and how messy.
#[derive(Debug, Clone, PartialEq)]
pub struct DemoParams {
    /// Customers in total, duplicates included.
    pub customers: usize,
    /// Order lines to aim for (the result is within a few lines of it).
    pub order_lines: usize,
    pub seed: u64,
    /// The last day with orders; orders span the three years before it.
    pub today: NaiveDate,
    /// Share of customers that are near-duplicates of another.
    pub duplicate_share: f64,
    /// Chance that an optional field is left empty.
    pub missing_share: f64,
    /// Chance that a customer has an invalid email, phone or age.
    pub invalid_share: f64,
    /// Mark every record as demo data (removable in one click).
    pub mark_demo: bool,
}

impl DemoParams {
    /// The small labelled set a first visit shows.
    pub fn first_visit(today: NaiveDate) -> DemoParams {
        DemoParams::sized(400, 4_000, today)
    }

    /// A set of the given size with the default messiness.
    pub fn sized(customers: usize, order_lines: usize, today: NaiveDate) -> DemoParams {
        DemoParams {
            customers,
            order_lines,
            seed: 20_240_229,
            today,
            duplicate_share: 0.04,
            missing_share: 0.06,
            invalid_share: 0.01,
            mark_demo: true,
        }
    }
}

/// Generated records and the truth about their duplicates.
#[derive(Debug, Clone, PartialEq)]
pub struct DemoData {
    pub customers: Vec<Customer>,
    pub products: Vec<Product>,
    pub orders: Vec<Order>,
    /// Each group lists customers that are the same person (the original first).
    pub duplicate_groups: Vec<Vec<CustomerId>>,
}

impl DemoData {
    /// Order lines in total.
    pub fn order_line_count(&self) -> usize {
        self.orders.iter().map(|o| o.lines.len().max(1)).sum()
    }
}

/// Who a generated customer is, before the messiness is applied.
struct Person {
    name: String,
    gender: Gender,
    email_user: String,
    chinese: bool,
    city: usize,
}

const DAY_MS: i64 = 86_400_000;

fn timestamp(date: NaiveDate) -> Timestamp {
    date.and_hms_opt(9, 0, 0)
        .map_or(0, |t| t.and_utc().timestamp_millis())
}

/// Generates a data set.
pub fn generate(params: &DemoParams) -> DemoData {
    let mut rng = ChaCha8Rng::seed_from_u64(params.seed);
    let products = make_products(params);
    let unique = ((params.customers as f64) * (1.0 - params.duplicate_share)).round() as usize;
    let unique = unique.clamp(params.customers.min(1), params.customers);
    let start = params.today - Duration::days(3 * 365);

    let mut customers = Vec::with_capacity(params.customers);
    let mut emails = std::collections::HashSet::new();
    let mut favourite = Vec::with_capacity(params.customers);
    for index in 0..unique {
        let person = make_person(&mut rng);
        let id = CustomerId(index as u64 + 1);
        let mut customer = make_customer(&mut rng, params, id, &person, start);
        // An address belongs to one person: a name-made address that is taken gets a number,
        // as mail providers insist (without drawing from the generator, so nothing else moves).
        if let Some(email) = customer.email.take() {
            let email = if emails.insert(email.to_lowercase()) {
                email
            } else {
                let (user, domain) = email.split_once('@').unwrap_or((&email, ""));
                let numbered = format!("{user}{}@{domain}", id.0);
                emails.insert(numbered.to_lowercase());
                numbered
            };
            customer.email = Some(email);
        }
        favourite.push(rng.gen_range(0..CATALOGUE.len()));
        customers.push(customer);
    }
    let mut duplicate_groups: Vec<Vec<CustomerId>> = Vec::new();
    while customers.len() < params.customers {
        let original = rng.gen_range(0..unique);
        let id = CustomerId(customers.len() as u64 + 1);
        let duplicate = make_duplicate(&mut rng, &customers[original], id, params.today);
        match duplicate_groups
            .iter_mut()
            .find(|g| g[0] == customers[original].id)
        {
            Some(group) => group.push(id),
            None => duplicate_groups.push(vec![customers[original].id, id]),
        }
        favourite.push(favourite[original]);
        customers.push(duplicate);
    }
    let orders = make_orders(&mut rng, params, &customers, &favourite, &products, start);
    DemoData {
        customers,
        products,
        orders,
        duplicate_groups,
    }
}

fn make_products(params: &DemoParams) -> Vec<Product> {
    let now = timestamp(params.today - Duration::days(3 * 365 + 30));
    let mut products = Vec::new();
    for (category, items) in CATALOGUE {
        for (name, price) in *items {
            let id = ProductId(products.len() as u64 + 1);
            products.push(Product {
                id,
                name: (*name).to_owned(),
                sku: Some(format!("SKU-{:04}", id.0)),
                price: Money(*price),
                category: Some((*category).to_owned()),
                external_id: None,
                demo: params.mark_demo,
                created_at: now,
                updated_at: now,
                version: 1,
            });
        }
    }
    products
}

fn pick<'a, T>(rng: &mut ChaCha8Rng, items: &'a [T]) -> &'a T {
    &items[rng.gen_range(0..items.len())]
}

fn ascii_fold(text: &str) -> String {
    text.chars()
        .filter_map(|c| match c {
            'á' | 'à' | 'â' | 'ä' => Some('a'),
            'é' | 'è' | 'ê' | 'ë' => Some('e'),
            'í' | 'ï' => Some('i'),
            'ó' | 'ô' | 'ö' => Some('o'),
            'ú' | 'ü' => Some('u'),
            'ç' => Some('c'),
            'ñ' => Some('n'),
            '\'' | ' ' => None,
            c => Some(c.to_ascii_lowercase()),
        })
        .collect()
}

fn make_person(rng: &mut ChaCha8Rng) -> Person {
    let gender = if rng.gen_bool(0.5) {
        Gender::Female
    } else {
        Gender::Male
    };
    let chinese = rng.gen_bool(0.55);
    if chinese {
        let (surname, surname_py) = *pick(rng, CN_SURNAMES);
        let given_list = if gender == Gender::Female {
            CN_GIVEN_F
        } else {
            CN_GIVEN_M
        };
        let (given, given_py) = *pick(rng, given_list);
        let digits: u32 = rng.gen_range(1..9999);
        Person {
            name: format!("{surname}{given}"),
            gender,
            email_user: format!("{surname_py}{given_py}{digits}"),
            chinese,
            city: rng.gen_range(0..CN_CITIES.len()),
        }
    } else {
        let given = *pick(
            rng,
            if gender == Gender::Female {
                LATIN_GIVEN_F
            } else {
                LATIN_GIVEN_M
            },
        );
        let surname = *pick(rng, LATIN_SURNAMES);
        let style = rng.gen_range(0..3);
        let email_user = match style {
            0 => format!("{}.{}", ascii_fold(given), ascii_fold(surname)),
            1 => format!(
                "{}{}{}",
                ascii_fold(&given[..1]),
                ascii_fold(surname),
                rng.gen_range(1..99)
            ),
            _ => format!("{}_{}", ascii_fold(given), rng.gen_range(1970..2005)),
        };
        Person {
            name: format!("{given} {surname}"),
            gender,
            email_user,
            chinese,
            city: rng.gen_range(0..WORLD_CITIES.len()),
        }
    }
}

fn make_phone(rng: &mut ChaCha8Rng, person: &Person) -> String {
    if person.chinese {
        let second = *pick(rng, &[3, 5, 7, 8, 9]);
        let rest: u64 = rng.gen_range(0..1_000_000_000);
        let digits = format!("1{second}{rest:09}");
        match rng.gen_range(0..4) {
            0 => digits,
            1 => format!("{} {} {}", &digits[..3], &digits[3..7], &digits[7..]),
            2 => format!("+86 {}", digits),
            _ => format!("{}-{}-{}", &digits[..3], &digits[3..7], &digits[7..]),
        }
    } else {
        let (_, _, _, prefix) = WORLD_CITIES[person.city];
        format!(
            "{prefix} {:04} {:04}",
            rng.gen_range(1000..9999),
            rng.gen_range(0..9999)
        )
    }
}

fn make_customer(
    rng: &mut ChaCha8Rng,
    params: &DemoParams,
    id: CustomerId,
    person: &Person,
    start: NaiveDate,
) -> Customer {
    let joined = start - Duration::days(rng.gen_range(0..400));
    let mut customer = Customer::new(id, timestamp(joined));
    customer.demo = params.mark_demo;
    let missing = |rng: &mut ChaCha8Rng| rng.gen_bool(params.missing_share);
    customer.name = Some(person.name.clone());
    if !missing(rng) {
        customer.gender = Some(person.gender);
    }
    let age: i64 = rng.gen_range(18..80);
    if !missing(rng) {
        if rng.gen_bool(0.6) {
            let born = params.today - Duration::days(age * 365 + rng.gen_range(0..365));
            customer.birth_date = Some(born);
        } else {
            customer.age = u8::try_from(age).ok();
        }
    }
    if !missing(rng) {
        customer.phone = Some(make_phone(rng, person));
    }
    if !missing(rng) {
        let domain = if person.chinese && rng.gen_bool(0.6) {
            *pick(rng, &["qq.com", "163.com", "126.com"])
        } else {
            *pick(rng, EMAIL_DOMAINS)
        };
        customer.email = Some(format!("{}@{domain}", person.email_user));
    }
    let street_no = rng.gen_range(1..300);
    if person.chinese {
        let (city, province) = CN_CITIES[person.city];
        customer.address = Address {
            street: (!missing(rng)).then(|| format!("{}{street_no}号", pick(rng, CN_STREETS))),
            city: (!missing(rng)).then(|| city.to_owned()),
            postcode: (!missing(rng)).then(|| format!("{:06}", rng.gen_range(100_000..860_000))),
            region: Some(province.to_owned()),
            country: Some("中国".to_owned()),
        };
    } else {
        let (city, region, country, _) = WORLD_CITIES[person.city];
        customer.address = Address {
            street: (!missing(rng)).then(|| format!("{street_no} {}", pick(rng, WORLD_STREETS))),
            city: (!missing(rng)).then(|| city.to_owned()),
            postcode: (!missing(rng)).then(|| format!("{:05}", rng.gen_range(1000..99_999))),
            region: Some(region.to_owned()),
            country: Some(country.to_owned()),
        };
    }
    if rng.gen_bool(0.25) {
        customer.company = Some((*pick(rng, COMPANIES)).to_owned());
    }
    if rng.gen_bool(0.15) {
        customer
            .tags
            .push((*pick(rng, &["vip", "wholesale", "newsletter", "event"])).to_owned());
    }
    if rng.gen_bool(params.invalid_share) {
        match rng.gen_range(0..3) {
            0 => customer.email = Some(format!("{}@", person.email_user)),
            1 => customer.phone = Some("call me".to_owned()),
            _ => customer.age = Some(rng.gen_range(131..200)),
        }
    }
    customer
}

/// Homophones and look-alikes that turn up when Chinese names are typed again.
const CN_VARIANTS: &[(&str, &str)] = &[
    ("芳", "方"),
    ("静", "晶"),
    ("丽", "莉"),
    ("伟", "玮"),
    ("磊", "雷"),
    ("军", "君"),
    ("明", "铭"),
    ("婷", "亭"),
    ("杰", "洁"),
    ("涛", "韬"),
    ("林", "琳"),
    ("敏", "民"),
];

fn typo(rng: &mut ChaCha8Rng, text: &str) -> String {
    let mut chars: Vec<char> = text.chars().collect();
    if chars.len() < 3 {
        return text.to_uppercase();
    }
    let at = rng.gen_range(1..chars.len() - 1);
    match rng.gen_range(0..4) {
        0 => chars.swap(at, at + 1),
        1 => {
            chars.remove(at);
        }
        2 => chars.insert(at, chars[at]),
        _ => {
            let keyboard = "qwertyuiopasdfghjklzxcvbnm";
            let replacement = keyboard
                .chars()
                .nth(rng.gen_range(0..keyboard.len()))
                .unwrap_or('e');
            if chars[at].is_ascii_alphabetic() {
                chars[at] = replacement;
            }
        }
    }
    chars.into_iter().collect()
}

fn make_duplicate(
    rng: &mut ChaCha8Rng,
    original: &Customer,
    id: CustomerId,
    today: NaiveDate,
) -> Customer {
    let mut copy = original.clone();
    copy.id = id;
    copy.created_at = original.created_at + rng.gen_range(30..700) * DAY_MS;
    copy.updated_at = copy.created_at;
    copy.tags.clear();
    let changes = rng.gen_range(1..=3);
    for _ in 0..changes {
        match rng.gen_range(0..7) {
            0 | 1 => {
                if let Some(name) = &copy.name {
                    let is_chinese = name.chars().any(|c| c > '\u{2e80}');
                    copy.name = Some(if is_chinese {
                        CN_VARIANTS
                            .iter()
                            .find(|(from, _)| name.contains(from))
                            .map(|(from, to)| name.replacen(from, to, 1))
                            .unwrap_or_else(|| format!("{name} "))
                            .trim_end()
                            .to_owned()
                    } else {
                        match rng.gen_range(0..3) {
                            0 => typo(rng, name),
                            1 => name.to_uppercase(),
                            _ => name.to_lowercase(),
                        }
                    });
                }
            }
            2 => {
                copy.email = copy.email.as_ref().map(|email| {
                    let (user, domain) = email.split_once('@').unwrap_or((email, ""));
                    match rng.gen_range(0..4) {
                        0 => email.to_uppercase(),
                        1 if domain == "gmail.com" && user.is_ascii() && user.len() > 1 => {
                            format!("{}.{}@gmail.com", &user[..1], &user[1..])
                        }
                        1 | 2 => format!("{user}+shop@{domain}"),
                        _ => DOMAIN_TYPOS
                            .iter()
                            .find(|(right, _)| *right == domain)
                            .map(|(_, wrong)| format!("{user}@{wrong}"))
                            .unwrap_or_else(|| email.to_uppercase()),
                    }
                });
            }
            3 => {
                copy.phone = copy.phone.as_ref().map(|phone| {
                    let digits: String = phone.chars().filter(char::is_ascii_digit).collect();
                    if rng.gen_bool(0.5) {
                        digits
                    } else {
                        format!("+{digits}")
                    }
                });
            }
            4 => {
                if rng.gen_bool(0.5) {
                    copy.email = None;
                } else {
                    copy.phone = None;
                }
            }
            5 => {
                copy.address.street = None;
                copy.address.postcode = None;
            }
            _ => {
                // Typed in again later: the age instead of the birth date.
                if copy.birth_date.is_some() {
                    copy.age = copy.age_on(today).and_then(|age| u8::try_from(age).ok());
                    copy.birth_date = None;
                }
            }
        }
    }
    copy
}

/// A heavy-tailed activity weight: log-normal, so a few customers buy far more than most.
fn activity(rng: &mut ChaCha8Rng) -> f64 {
    // Box-Muller: two uniforms give one standard normal sample.
    let u1: f64 = rng.gen_range(f64::EPSILON..1.0);
    let u2: f64 = rng.gen();
    let normal = (-2.0 * u1.ln()).sqrt() * (std::f64::consts::TAU * u2).cos();
    (1.1 * normal).exp()
}

fn make_orders(
    rng: &mut ChaCha8Rng,
    params: &DemoParams,
    customers: &[Customer],
    favourite: &[usize],
    products: &[Product],
    start: NaiveDate,
) -> Vec<Order> {
    if customers.is_empty() || params.order_lines == 0 {
        return Vec::new();
    }
    let days = (params.today - start).num_days().max(1);
    // Each customer buys during an active window; many stop before the end (churn).
    let windows: Vec<(i64, i64)> = customers
        .iter()
        .map(|_| {
            let from = rng.gen_range(0..days);
            let to = if rng.gen_bool(0.35) {
                rng.gen_range(from..=days)
            } else {
                days
            };
            (from, to)
        })
        .collect();
    let mut cumulative = Vec::with_capacity(customers.len());
    let mut total = 0.0;
    for _ in customers {
        total += activity(rng);
        cumulative.push(total);
    }
    let by_category: Vec<Vec<&Product>> = CATALOGUE
        .iter()
        .map(|(category, _)| {
            products
                .iter()
                .filter(|p| p.category.as_deref() == Some(*category))
                .collect()
        })
        .collect();
    let mut drafts: Vec<(NaiveDate, usize, Vec<OrderLine>, OrderStatus)> = Vec::new();
    let mut lines_made = 0;
    while lines_made < params.order_lines {
        let target = rng.gen_range(0.0..total);
        let who = cumulative
            .partition_point(|&c| c < target)
            .min(customers.len() - 1);
        let (from, to) = windows[who];
        let date = start + Duration::days(rng.gen_range(from..=to));
        let wanted = (1 + usize::from(rng.gen_bool(0.5)) + usize::from(rng.gen_bool(0.25)))
            .min(params.order_lines - lines_made);
        let mut lines: Vec<OrderLine> = Vec::with_capacity(wanted + 1);
        while lines.len() < wanted {
            let category = if rng.gen_bool(0.7) {
                favourite[who]
            } else {
                rng.gen_range(0..CATALOGUE.len())
            };
            let Some(product) = by_category[category].choose(rng) else {
                continue;
            };
            if lines.iter().any(|l| l.product_id == Some(product.id)) {
                continue;
            }
            let quantity = if rng.gen_bool(0.8) {
                1
            } else {
                rng.gen_range(2..6)
            };
            lines.push(OrderLine {
                product_id: Some(product.id),
                quantity,
                unit_price: product.price,
            });
            // Teaware is usually bought with tea: a pattern for the basket rules to find.
            let is_teaware = product.category.as_deref() == Some("Teaware");
            if is_teaware && lines.len() < wanted && rng.gen_bool(0.6) {
                if let Some(tea) = by_category[0].choose(rng) {
                    if lines.iter().all(|l| l.product_id != Some(tea.id)) {
                        lines.push(OrderLine {
                            product_id: Some(tea.id),
                            quantity: 1,
                            unit_price: tea.price,
                        });
                    }
                }
            }
        }
        let status = match rng.gen_range(0..100) {
            0..=2 => OrderStatus::Cancelled,
            3..=5 => OrderStatus::Refunded,
            _ if (params.today - date).num_days() < 5 => OrderStatus::Shipped,
            _ => OrderStatus::Completed,
        };
        lines_made += lines.len();
        drafts.push((date, who, lines, status));
    }
    drafts.sort_by_key(|(date, who, _, _)| (*date, *who));
    drafts
        .into_iter()
        .enumerate()
        .map(|(index, (date, who, lines, status))| {
            let at = timestamp(date);
            Order {
                id: OrderId(index as u64 + 1),
                customer_id: Some(customers[who].id),
                date,
                status,
                lines,
                given_amount: None,
                external_id: None,
                demo: params.mark_demo,
                created_at: at,
                updated_at: at,
                version: 1,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::validate_customer;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 6, 30).expect("valid date")
    }

    #[test]
    fn same_seed_same_data_and_sizes_are_met() {
        let params = DemoParams::sized(1_000, 10_000, today());
        let a = generate(&params);
        let b = generate(&params);
        assert_eq!(a, b);
        assert_eq!(a.customers.len(), 1_000);
        assert_eq!(a.order_line_count(), 10_000);
        let other = generate(&DemoParams {
            seed: 7,
            ..params.clone()
        });
        assert_ne!(a.customers, other.customers);
    }

    #[test]
    fn data_is_messy_in_the_promised_ways() {
        let data = generate(&DemoParams::sized(5_000, 20_000, today()));
        let duplicates: usize = data.duplicate_groups.iter().map(|g| g.len() - 1).sum();
        assert!((150..=250).contains(&duplicates), "{duplicates} duplicates");
        let chinese = data
            .customers
            .iter()
            .filter(|c| {
                c.name
                    .as_deref()
                    .is_some_and(|n| n.chars().any(|ch| ch > '\u{2e80}'))
            })
            .count();
        assert!(
            chinese > 2_000 && chinese < 3_500,
            "{chinese} Chinese names"
        );
        let no_email = data.customers.iter().filter(|c| c.email.is_none()).count();
        assert!(no_email > 200, "{no_email} without email");
        let invalid = data
            .customers
            .iter()
            .filter(|c| !validate_customer(c, today()).is_empty())
            .count();
        assert!((20..=120).contains(&invalid), "{invalid} invalid");
    }

    #[test]
    fn orders_are_in_range_heavy_tailed_and_reference_real_records() {
        let data = generate(&DemoParams::sized(2_000, 30_000, today()));
        let first = today() - Duration::days(3 * 365);
        let mut spend = vec![0i64; data.customers.len() + 1];
        for order in &data.orders {
            assert!(order.date >= first && order.date <= today());
            let customer = order.customer_id.expect("demo orders have customers");
            spend[customer.0 as usize] += order.amount().cents();
            for line in &order.lines {
                let product = line.product_id.expect("demo lines have products");
                assert!(product.0 >= 1 && product.0 as usize <= data.products.len());
            }
        }
        spend.sort_unstable_by(|a, b| b.cmp(a));
        let total: i64 = spend.iter().sum();
        let top_tenth: i64 = spend[..200].iter().sum();
        assert!(
            top_tenth * 100 / total >= 30,
            "top 10% spend {top_tenth} of {total}"
        );
        let ids: Vec<u64> = data.orders.iter().map(|o| o.id.0).collect();
        assert!(ids.windows(2).all(|w| w[0] + 1 == w[1]));
    }

    #[test]
    fn duplicate_groups_point_at_real_customers() {
        let data = generate(&DemoParams::sized(500, 1_000, today()));
        for group in &data.duplicate_groups {
            assert!(group.len() >= 2);
            for id in group {
                assert!(data.customers.iter().any(|c| c.id == *id));
            }
        }
    }
}
