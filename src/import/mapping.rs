//! Which column holds which field: detected from header names in English and Chinese, and
//! editable by the user in the import wizard.

/// What kind of record a file holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum EntityKind {
    Customers,
    Products,
    Orders,
}

/// A field that a column can be mapped to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TargetField {
    // Customers.
    ExternalId,
    Name,
    FirstName,
    LastName,
    Gender,
    BirthDate,
    Age,
    Phone,
    Email,
    Street,
    City,
    Postcode,
    Region,
    Country,
    Company,
    Tags,
    // Products.
    ProductName,
    Sku,
    Price,
    Category,
    // Orders (one row per order line, or one row per order with an amount).
    OrderId,
    CustomerRef,
    CustomerEmail,
    OrderDate,
    Status,
    ProductRef,
    Quantity,
    UnitPrice,
    Amount,
}

impl TargetField {
    /// The fields a file of `kind` can be mapped to, in the order the wizard lists them.
    pub fn for_kind(kind: EntityKind) -> &'static [TargetField] {
        use TargetField::*;
        match kind {
            EntityKind::Customers => &[
                ExternalId, Name, FirstName, LastName, Gender, BirthDate, Age, Phone, Email,
                Street, City, Postcode, Region, Country, Company, Tags,
            ],
            EntityKind::Products => &[ExternalId, ProductName, Sku, Price, Category],
            EntityKind::Orders => &[
                OrderId,
                CustomerRef,
                CustomerEmail,
                OrderDate,
                Status,
                ProductRef,
                ProductName,
                Quantity,
                UnitPrice,
                Amount,
            ],
        }
    }

    /// A stable name, for saved mappings and test ids.
    pub fn key(self) -> &'static str {
        use TargetField::*;
        match self {
            ExternalId => "id",
            Name => "name",
            FirstName => "first_name",
            LastName => "last_name",
            Gender => "gender",
            BirthDate => "birth_date",
            Age => "age",
            Phone => "phone",
            Email => "email",
            Street => "street",
            City => "city",
            Postcode => "postcode",
            Region => "region",
            Country => "country",
            Company => "company",
            Tags => "tags",
            ProductName => "product_name",
            Sku => "sku",
            Price => "price",
            Category => "category",
            OrderId => "order_id",
            CustomerRef => "customer_id",
            CustomerEmail => "customer_email",
            OrderDate => "order_date",
            Status => "status",
            ProductRef => "product_id",
            Quantity => "quantity",
            UnitPrice => "unit_price",
            Amount => "amount",
        }
    }

    /// The record field that problems with this column are reported on.
    pub fn field(self) -> crate::model::Field {
        use crate::model::Field as F;
        use TargetField::*;
        match self {
            ExternalId => F::Id,
            Name | FirstName | LastName | ProductName => F::Name,
            Gender => F::Gender,
            BirthDate => F::BirthDate,
            Age => F::Age,
            Phone => F::Phone,
            Email | CustomerEmail => F::Email,
            Street | City | Region | Country => F::Custom(self.key().to_owned()),
            Postcode => F::Postcode,
            Company => F::Company,
            Tags => F::Tags,
            Sku => F::Custom("sku".to_owned()),
            Price => F::Price,
            Category => F::Category,
            OrderId => F::Custom("order_id".to_owned()),
            CustomerRef => F::Customer,
            OrderDate => F::OrderDate,
            Status => F::Status,
            ProductRef => F::Product,
            Quantity => F::Quantity,
            UnitPrice => F::UnitPrice,
            Amount => F::Amount,
        }
    }

    /// Header spellings that mean this field, already normalised (see [`normalise_header`]).
    fn synonyms(self, kind: EntityKind) -> &'static [&'static str] {
        use TargetField::*;
        match (self, kind) {
            (ExternalId, EntityKind::Customers) => &[
                "id",
                "customerid",
                "custid",
                "clientid",
                "customerno",
                "customernumber",
                "客户id",
                "客户编号",
                "客户号",
                "编号",
                "会员id",
                "会员编号",
            ],
            (ExternalId, _) => &[
                "id",
                "productid",
                "stockcode",
                "itemid",
                "skuid",
                "产品id",
                "产品编号",
                "商品id",
                "商品编号",
                "编号",
            ],
            (Name, _) => &[
                "name",
                "fullname",
                "customername",
                "customer",
                "contact",
                "contactname",
                "client",
                "clientname",
                "姓名",
                "名字",
                "客户名称",
                "客户姓名",
                "客户",
                "联系人",
                "会员姓名",
            ],
            (FirstName, _) => &["firstname", "givenname", "forename", "名"],
            (LastName, _) => &["lastname", "surname", "familyname", "姓"],
            (Gender, _) => &["gender", "sex", "性别"],
            (BirthDate, _) => &[
                "birthdate",
                "birthday",
                "dateofbirth",
                "dob",
                "born",
                "出生日期",
                "生日",
                "出生年月",
            ],
            (Age, _) => &["age", "年龄", "岁数"],
            (Phone, _) => &[
                "phone",
                "phonenumber",
                "telephone",
                "tel",
                "mobile",
                "mobilephone",
                "cell",
                "cellphone",
                "contactnumber",
                "电话",
                "手机",
                "手机号",
                "手机号码",
                "电话号码",
                "联系电话",
                "联系方式",
            ],
            (Email, _) => &[
                "email",
                "emailaddress",
                "mail",
                "邮箱",
                "电子邮箱",
                "电子邮件",
                "邮件",
            ],
            (Street, _) => &[
                "street",
                "address",
                "streetaddress",
                "address1",
                "addressline1",
                "地址",
                "街道",
                "详细地址",
            ],
            (City, _) => &["city", "town", "城市", "市", "所在城市"],
            (Postcode, _) => &[
                "postcode",
                "postalcode",
                "zip",
                "zipcode",
                "邮编",
                "邮政编码",
            ],
            (Region, _) => &[
                "region", "state", "province", "county", "省", "省份", "地区", "区域",
            ],
            (Country, _) => &["country", "nation", "国家", "国家地区"],
            (Company, _) => &[
                "company",
                "organisation",
                "organization",
                "employer",
                "business",
                "公司",
                "单位",
                "企业",
                "公司名称",
            ],
            (Tags, _) => &["tags", "tag", "labels", "label", "标签"],
            // In an orders file: the product's name, for products the file adds.
            (ProductName, EntityKind::Orders) => &[
                "productname",
                "description",
                "itemname",
                "productdescription",
                "产品名称",
                "商品名称",
                "商品描述",
            ],
            (ProductName, _) => &[
                "name",
                "productname",
                "product",
                "item",
                "title",
                "description",
                "itemname",
                "产品名称",
                "商品名称",
                "产品",
                "商品",
                "名称",
            ],
            (Sku, _) => &[
                "sku",
                "code",
                "productcode",
                "itemcode",
                "货号",
                "商品编码",
                "产品编码",
            ],
            (Price, _) => &["price", "unitprice", "listprice", "单价", "价格", "售价"],
            (Category, _) => &[
                "category",
                "type",
                "productcategory",
                "group",
                "类别",
                "分类",
                "品类",
                "商品类别",
                "产品类别",
            ],
            (OrderId, _) => &[
                "orderid",
                "order",
                "orderno",
                "ordernumber",
                "invoice",
                "invoiceno",
                "订单号",
                "订单编号",
                "订单id",
            ],
            (CustomerRef, _) => &[
                "customerid",
                "custid",
                "clientid",
                "customer",
                "customerno",
                "客户id",
                "客户编号",
                "会员id",
            ],
            (CustomerEmail, _) => &["customeremail", "email", "emailaddress", "邮箱", "客户邮箱"],
            (OrderDate, _) => &[
                "orderdate",
                "date",
                "purchasedate",
                "invoicedate",
                "orderedat",
                "createdat",
                "下单日期",
                "订单日期",
                "日期",
                "购买日期",
                "下单时间",
            ],
            (Status, _) => &["status", "orderstatus", "state", "状态", "订单状态"],
            (ProductRef, _) => &[
                "productid",
                "product",
                "sku",
                "item",
                "itemid",
                "stockcode",
                "产品id",
                "商品id",
                "产品",
                "商品",
                "货号",
            ],
            (Quantity, _) => &["quantity", "qty", "count", "units", "数量", "件数"],
            (UnitPrice, _) => &["unitprice", "price", "单价", "价格"],
            (Amount, _) => &[
                "amount",
                "total",
                "totalamount",
                "ordertotal",
                "value",
                "revenue",
                "sales",
                "金额",
                "总金额",
                "订单金额",
                "总价",
                "实付金额",
            ],
        }
    }
}

/// Lowercases a header and drops spaces, underscores, dashes, dots and brackets, so that
/// `Customer ID`, `customer_id` and `CustomerId` compare equal.
pub fn normalise_header(header: &str) -> String {
    header
        .trim_start_matches('\u{feff}')
        .chars()
        .filter(|c| {
            !c.is_whitespace()
                && !matches!(
                    c,
                    '_' | '-' | '.' | '(' | ')' | '（' | '）' | ':' | '：' | '#' | '*'
                )
        })
        .flat_map(char::to_lowercase)
        .collect()
}

/// For each column, the field it is mapped to (`None`: not imported).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ColumnMapping {
    pub kind: EntityKind,
    pub columns: Vec<Option<TargetField>>,
}

impl ColumnMapping {
    /// The column mapped to `field`, if any.
    pub fn column_of(&self, field: TargetField) -> Option<usize> {
        self.columns.iter().position(|c| *c == Some(field))
    }

    /// Maps `column` to `field` (or unmaps it), unmapping any other column that had `field`.
    pub fn set(&mut self, column: usize, field: Option<TargetField>) {
        if let Some(field) = field {
            for other in self.columns.iter_mut() {
                if *other == Some(field) {
                    *other = None;
                }
            }
        }
        if let Some(slot) = self.columns.get_mut(column) {
            *slot = field;
        }
    }
}

/// Detects the mapping from headers. Each field goes to at most one column: the first exact
/// synonym wins, and a field's earlier synonyms beat later ones.
pub fn detect_mapping(headers: &[String], kind: EntityKind) -> ColumnMapping {
    let normalised: Vec<String> = headers.iter().map(|h| normalise_header(h)).collect();
    let mut columns: Vec<Option<TargetField>> = vec![None; headers.len()];
    for &field in TargetField::for_kind(kind) {
        let found = field.synonyms(kind).iter().find_map(|synonym| {
            normalised
                .iter()
                .enumerate()
                .position(|(index, header)| header == synonym && columns[index].is_none())
        });
        if let Some(index) = found {
            columns[index] = Some(field);
        }
    }
    ColumnMapping { kind, columns }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mapped(headers: &[&str], kind: EntityKind) -> Vec<Option<&'static str>> {
        let headers: Vec<String> = headers.iter().map(|h| h.to_string()).collect();
        detect_mapping(&headers, kind)
            .columns
            .into_iter()
            .map(|f| f.map(TargetField::key))
            .collect()
    }

    #[test]
    fn english_headers() {
        assert_eq!(
            mapped(
                &[
                    "Customer ID",
                    "Full Name",
                    "E-mail",
                    "Phone Number",
                    "Sex",
                    "Age",
                    "City",
                    "Notes"
                ],
                EntityKind::Customers
            ),
            vec![
                Some("id"),
                Some("name"),
                Some("email"),
                Some("phone"),
                Some("gender"),
                Some("age"),
                Some("city"),
                None
            ]
        );
    }

    #[test]
    fn chinese_headers() {
        assert_eq!(
            mapped(
                &["姓名", "性别", "年龄", "手机", "邮箱", "城市", "公司"],
                EntityKind::Customers
            ),
            vec![
                Some("name"),
                Some("gender"),
                Some("age"),
                Some("phone"),
                Some("email"),
                Some("city"),
                Some("company")
            ]
        );
        assert_eq!(
            mapped(
                &[
                    "订单号",
                    "客户编号",
                    "下单日期",
                    "商品",
                    "数量",
                    "单价",
                    "金额"
                ],
                EntityKind::Orders
            ),
            vec![
                Some("order_id"),
                Some("customer_id"),
                Some("order_date"),
                Some("product_id"),
                Some("quantity"),
                Some("unit_price"),
                Some("amount")
            ]
        );
    }

    #[test]
    fn each_field_maps_once_and_manual_changes_move_it() {
        let headers: Vec<String> = ["email", "Email", "name"]
            .iter()
            .map(|h| h.to_string())
            .collect();
        let mut mapping = detect_mapping(&headers, EntityKind::Customers);
        assert_eq!(
            mapping.columns,
            vec![Some(TargetField::Email), None, Some(TargetField::Name)]
        );
        mapping.set(1, Some(TargetField::Email));
        assert_eq!(
            mapping.columns,
            vec![None, Some(TargetField::Email), Some(TargetField::Name)]
        );
        assert_eq!(mapping.column_of(TargetField::Email), Some(1));
    }

    #[test]
    fn every_synonym_is_normalised() {
        for kind in [
            EntityKind::Customers,
            EntityKind::Products,
            EntityKind::Orders,
        ] {
            for &field in TargetField::for_kind(kind) {
                for synonym in field.synonyms(kind) {
                    assert_eq!(&normalise_header(synonym), synonym, "{field:?}");
                }
            }
        }
    }
}
