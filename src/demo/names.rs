//! Word lists for the demo generator: names in Chinese (with pinyin for emails) and Latin
//! script, cities, streets, companies and products.

/// Chinese surnames with their pinyin.
pub const CN_SURNAMES: &[(&str, &str)] = &[
    ("王", "wang"),
    ("李", "li"),
    ("张", "zhang"),
    ("刘", "liu"),
    ("陈", "chen"),
    ("杨", "yang"),
    ("黄", "huang"),
    ("赵", "zhao"),
    ("吴", "wu"),
    ("周", "zhou"),
    ("徐", "xu"),
    ("孙", "sun"),
    ("马", "ma"),
    ("朱", "zhu"),
    ("胡", "hu"),
    ("郭", "guo"),
    ("何", "he"),
    ("高", "gao"),
    ("林", "lin"),
    ("罗", "luo"),
    ("郑", "zheng"),
    ("梁", "liang"),
    ("谢", "xie"),
    ("宋", "song"),
    ("唐", "tang"),
    ("许", "xu"),
    ("韩", "han"),
    ("冯", "feng"),
    ("邓", "deng"),
    ("曹", "cao"),
    ("欧阳", "ouyang"),
    ("司马", "sima"),
];

/// Chinese given-name characters usually given to women, with pinyin.
pub const CN_GIVEN_F: &[(&str, &str)] = &[
    ("芳", "fang"),
    ("娜", "na"),
    ("敏", "min"),
    ("静", "jing"),
    ("丽", "li"),
    ("艳", "yan"),
    ("娟", "juan"),
    ("霞", "xia"),
    ("婷", "ting"),
    ("雪", "xue"),
    ("琳", "lin"),
    ("慧", "hui"),
    ("欣怡", "xinyi"),
    ("梓涵", "zihan"),
    ("雨桐", "yutong"),
    ("佳琪", "jiaqi"),
];

/// Chinese given-name characters usually given to men, with pinyin.
pub const CN_GIVEN_M: &[(&str, &str)] = &[
    ("伟", "wei"),
    ("强", "qiang"),
    ("磊", "lei"),
    ("军", "jun"),
    ("洋", "yang"),
    ("勇", "yong"),
    ("杰", "jie"),
    ("涛", "tao"),
    ("明", "ming"),
    ("超", "chao"),
    ("刚", "gang"),
    ("平", "ping"),
    ("浩然", "haoran"),
    ("子轩", "zixuan"),
    ("宇航", "yuhang"),
    ("俊杰", "junjie"),
];

pub const LATIN_GIVEN_F: &[&str] = &[
    "Anna", "Maria", "Emma", "Olivia", "Sophie", "Laura", "Julia", "Chloe", "Lucy", "Grace",
    "Hannah", "Isabel", "Sarah", "Emily", "Claire", "Nora", "Amélie", "Zoë", "Inès", "Léa",
];

pub const LATIN_GIVEN_M: &[&str] = &[
    "James",
    "John",
    "Robert",
    "Michael",
    "David",
    "Thomas",
    "Daniel",
    "Paul",
    "Mark",
    "Peter",
    "Lukas",
    "Jonas",
    "Mateo",
    "Lucas",
    "Oliver",
    "Henry",
    "José",
    "François",
    "Jürgen",
    "Noah",
];

pub const LATIN_SURNAMES: &[&str] = &[
    "Smith",
    "Johnson",
    "Brown",
    "Taylor",
    "Wilson",
    "Davies",
    "Evans",
    "Thomas",
    "Roberts",
    "Walker",
    "Müller",
    "Schmidt",
    "Schneider",
    "Fischer",
    "Weber",
    "Martin",
    "Bernard",
    "Dubois",
    "García",
    "Fernández",
    "López",
    "Rossi",
    "Russo",
    "Bianchi",
    "O'Brien",
    "Murphy",
    "Kowalski",
    "Nowak",
    "Jensen",
    "Hansen",
];

/// Chinese cities with province.
pub const CN_CITIES: &[(&str, &str)] = &[
    ("北京", "北京"),
    ("上海", "上海"),
    ("广州", "广东"),
    ("深圳", "广东"),
    ("杭州", "浙江"),
    ("成都", "四川"),
    ("南京", "江苏"),
    ("武汉", "湖北"),
    ("西安", "陕西"),
    ("重庆", "重庆"),
    ("苏州", "江苏"),
    ("天津", "天津"),
];

pub const CN_STREETS: &[&str] = &[
    "人民路",
    "中山路",
    "解放路",
    "建设路",
    "南京路",
    "长安街",
    "和平路",
    "新华路",
    "文化路",
    "胜利路",
];

/// Cities elsewhere: city, region, country, phone prefix, postcode pattern.
pub const WORLD_CITIES: &[(&str, &str, &str, &str)] = &[
    ("London", "England", "United Kingdom", "+44 20"),
    ("Manchester", "England", "United Kingdom", "+44 161"),
    ("Berlin", "Berlin", "Germany", "+49 30"),
    ("Munich", "Bavaria", "Germany", "+49 89"),
    ("Paris", "Île-de-France", "France", "+33 1"),
    ("Lyon", "Auvergne-Rhône-Alpes", "France", "+33 4"),
    ("Madrid", "Madrid", "Spain", "+34 91"),
    ("Milan", "Lombardy", "Italy", "+39 02"),
    ("New York", "NY", "United States", "+1 212"),
    ("Chicago", "IL", "United States", "+1 312"),
    ("Toronto", "ON", "Canada", "+1 416"),
    ("Sydney", "NSW", "Australia", "+61 2"),
    ("Singapore", "Singapore", "Singapore", "+65"),
];

pub const WORLD_STREETS: &[&str] = &[
    "High Street",
    "Station Road",
    "Main Street",
    "Church Lane",
    "Park Avenue",
    "Hauptstraße",
    "Rue de la Paix",
    "Calle Mayor",
    "Via Roma",
    "King Street",
    "Queen Street",
    "Elm Street",
];

pub const COMPANIES: &[&str] = &[
    "Acme Ltd",
    "Globex",
    "Initech",
    "Umbrella Trading",
    "Stark Supplies",
    "Wayne Foods",
    "华为技术",
    "阿里巴巴",
    "腾讯科技",
    "美的集团",
    "小米科技",
    "海尔集团",
    "Northwind",
    "Contoso",
];

pub const EMAIL_DOMAINS: &[&str] = &[
    "gmail.com",
    "outlook.com",
    "yahoo.com",
    "qq.com",
    "163.com",
    "126.com",
    "hotmail.com",
    "icloud.com",
    "example.com",
    "mail.example.org",
];

/// Common typos of the email domains above, as people make them.
pub const DOMAIN_TYPOS: &[(&str, &str)] = &[
    ("gmail.com", "gmial.com"),
    ("gmail.com", "gmail.con"),
    ("gmail.com", "gamil.com"),
    ("hotmail.com", "hotmial.com"),
    ("yahoo.com", "yaho.com"),
    ("outlook.com", "outlok.com"),
    ("qq.com", "qq.con"),
    ("163.com", "163.cm"),
];

/// Product categories with products (name, base price in cents).
pub const CATALOGUE: &[(&str, &[(&str, i64)])] = &[
    (
        "Tea",
        &[
            ("Green tea 250 g", 6800),
            ("Oolong tea 250 g", 8800),
            ("Pu-erh cake", 12800),
            ("Jasmine tea", 4500),
            ("Black tea", 3900),
        ],
    ),
    (
        "Coffee",
        &[
            ("Espresso beans 1 kg", 2450),
            ("Filter coffee 500 g", 1290),
            ("Decaf beans", 1590),
            ("Cold brew pack", 990),
        ],
    ),
    (
        "Teaware",
        &[
            ("Gaiwan", 15800),
            ("Clay teapot", 32000),
            ("Tea cups (6)", 9800),
            ("Tea tray", 26800),
            ("Kettle", 45900),
        ],
    ),
    (
        "Snacks",
        &[
            ("Almond biscuits", 450),
            ("Mooncake box", 19800),
            ("Dried mango", 680),
            ("Green tea chocolate", 890),
        ],
    ),
    (
        "Gifts",
        &[
            ("Gift box small", 18800),
            ("Gift box large", 58800),
            ("Greeting card", 300),
            ("Gift voucher", 10000),
        ],
    ),
    (
        "Books",
        &[
            ("Tea handbook", 5900),
            ("Coffee atlas", 4200),
            ("Ceremony guide", 3500),
        ],
    ),
];
