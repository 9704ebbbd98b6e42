//! Every UI message in English and Simplified Chinese (see `catalogue!` in the parent module).

use super::Lang;

catalogue! {
    /// The product name.
    AppName { en: "Fieldbook", zh: "Fieldbook 客户簿" }
    /// Short description under the product name.
    Tagline { en: "Your customers, kept in your browser", zh: "客户资料，保存在您的浏览器中" }
    /// Label of the main navigation.
    MainNavigation { en: "Main navigation", zh: "主导航" }
    /// Button that opens the navigation on narrow screens.
    Menu { en: "Menu", zh: "菜单" }
    /// Label of the language switch.
    Language { en: "Language", zh: "语言" }
    NavHome { en: "Home", zh: "首页" }
    NavCustomers { en: "Customers", zh: "客户" }
    NavOrders { en: "Orders", zh: "订单" }
    NavProducts { en: "Products", zh: "产品" }
    NavService { en: "Service", zh: "客户服务" }
    NavMarketing { en: "Marketing", zh: "营销" }
    NavCleaning { en: "Cleaning", zh: "数据清洗" }
    NavAnalytics { en: "Analytics", zh: "数据分析" }
    NavMining { en: "Mining", zh: "数据挖掘" }
    NavSettings { en: "Settings", zh: "设置" }
    HomeIntro {
        en: "Fieldbook keeps customers, orders and service requests in this browser. Nothing is sent to a server, and it keeps working offline.",
        zh: "Fieldbook 将客户、订单和服务请求保存在本浏览器中。数据不会发送到任何服务器，离线时也能继续使用。",
    }
    HomeAreas { en: "Areas", zh: "功能区" }
    AboutCustomers { en: "Keep, search and edit your customers.", zh: "保存、搜索和编辑客户资料。" }
    AboutOrders { en: "Orders with their lines and amounts.", zh: "订单及其明细和金额。" }
    AboutProducts { en: "Products, prices and categories.", zh: "产品、价格和类别。" }
    AboutService { en: "Inquiries, feedback and complaints.", zh: "咨询、反馈和投诉。" }
    AboutMarketing { en: "Segments and campaigns.", zh: "客户分群与营销活动。" }
    AboutCleaning { en: "Find duplicates, fill gaps, fix errors.", zh: "查找重复、填补缺失、纠正错误。" }
    AboutAnalytics { en: "Purchase figures, RFM and revenue charts.", zh: "购买指标、RFM 分析和收入图表。" }
    AboutMining { en: "Clusters, churn risk and basket rules.", zh: "聚类、流失风险和购物篮关联规则。" }
    AboutSettings { en: "Language and storage.", zh: "语言和存储。" }
    /// The service desk's queue (a table's label and the way back from a ticket).
    TicketQueue { en: "Ticket queue", zh: "工单队列" }
    TicketSubject { en: "Subject", zh: "主题" }
    TicketKind { en: "Kind", zh: "工单类型" }
    TicketPriority { en: "Priority", zh: "优先级" }
    TicketDue { en: "Due", zh: "到期日" }
    TicketAssignee { en: "Assignee", zh: "负责人" }
    TicketOrder { en: "Order (optional, e.g. O12)", zh: "订单（可选，例如 O12）" }
    TicketDescription { en: "Description", zh: "描述" }
    TicketNotes { en: "Notes", zh: "处理记录" }
    TicketOpened { en: "opened", zh: "创建于" }
    TicketUpdated { en: "changed", zh: "更新于" }
    TicketResolvedAt { en: "resolved", zh: "解决于" }
    StatusNew { en: "Not started", zh: "新建" }
    StatusOpen { en: "Open", zh: "处理中" }
    StatusWaiting { en: "Waiting on customer", zh: "等待客户回复" }
    StatusResolved { en: "Resolved", zh: "已解决" }
    StatusClosed { en: "Closed", zh: "已关闭" }
    PriorityLow { en: "Low", zh: "低" }
    PriorityNormal { en: "Normal", zh: "普通" }
    PriorityHigh { en: "High", zh: "高" }
    PriorityUrgent { en: "Urgent", zh: "紧急" }
    KindInquiry { en: "Inquiry", zh: "咨询" }
    KindFeedback { en: "Feedback", zh: "反馈" }
    KindComplaint { en: "Complaint", zh: "投诉" }
    KindReturn { en: "Return", zh: "退货" }
    /// One-click status moves on a ticket's page.
    MoveOpen { en: "Start working on it", zh: "开始处理" }
    MoveWaiting { en: "Wait for the customer", zh: "等待客户" }
    MoveResolved { en: "Mark resolved", zh: "标记为已解决" }
    MoveClosed { en: "Close", zh: "关闭工单" }
    MoveNew { en: "Reopen as new", zh: "重新打开为新建" }
    NewTicket { en: "New ticket", zh: "新建工单" }
    CreateTicket { en: "Create ticket", zh: "创建工单" }
    DeleteTicket { en: "Delete ticket", zh: "删除工单" }
    TicketDeleted { en: "Ticket deleted.", zh: "工单已删除。" }
    TicketNotFound { en: "No such ticket", zh: "找不到该工单" }
    LoadingTickets { en: "Reading tickets…", zh: "正在读取工单…" }
    SearchTickets { en: "Search tickets (subject, customer, assignee, id)", zh: "搜索工单（主题、客户、负责人、编号）" }
    CountTickets { en: "tickets", zh: "个工单" }
    ActiveTickets { en: "Active (not started, open, waiting)", zh: "未完成（新建、处理中、等待）" }
    AllTickets { en: "All tickets", zh: "全部工单" }
    OverdueOnly { en: "Overdue only", zh: "仅看逾期" }
    SortBy { en: "Sort by", zh: "排序" }
    SortDue { en: "Due day", zh: "按到期日" }
    SortUpdated { en: "Last change", zh: "最近更新" }
    SortCreated { en: "Newest", zh: "最新创建" }
    TicketRowsHint { en: "Tickets; arrow keys move, Enter opens", zh: "工单列表；方向键移动，回车打开" }
    NoTicketsYet { en: "No tickets yet.", zh: "还没有工单。" }
    NoTicketMatches { en: "No ticket matches these filters.", zh: "没有符合筛选条件的工单。" }
    NewTicketHint { en: "To open a ticket, go to the customer's page and choose “New ticket”:", zh: "要新建工单，请打开客户页面并选择“新建工单”：" }
    Overdue { en: "Overdue", zh: "已逾期" }
    OpenTickets { en: "Open tickets", zh: "未完成工单" }
    OverdueTickets { en: "Overdue tickets", zh: "逾期工单" }
    MedianResolve { en: "Median time to resolve", zh: "解决用时中位数" }
    TicketsPerCustomer { en: "Tickets per customer (with any)", zh: "每位客户工单数（有工单者）" }
    HoursValue { en: "{n} h", zh: "{n} 小时" }
    DaysValue { en: "{n} days", zh: "{n} 天" }
    TicketUnknownChoice { en: "Choose one of the listed values.", zh: "请从列出的选项中选择。" }
    TicketSubjectEmpty { en: "A ticket needs a subject.", zh: "工单需要填写主题。" }
    TicketTooLong { en: "At most {max} characters.", zh: "最多 {max} 个字符。" }
    TicketBadDate { en: "Not a date (YYYY-MM-DD).", zh: "不是有效日期（年-月-日）。" }
    TicketBadOrder { en: "Not an order number (such as O12).", zh: "不是订单编号（例如 O12）。" }
    NoteEmptyTicket { en: "Write something before adding a note.", zh: "请先填写内容再添加记录。" }
    TicketOrderMissing { en: "That order is not stored for this customer.", zh: "该客户没有这个订单。" }
    /// A customer's page: their tickets.
    CustomerTickets { en: "Tickets", zh: "服务工单" }
    NoTicketsForCustomer { en: "No tickets for this customer.", zh: "该客户暂无工单。" }
    TimelineTicket { en: "Ticket", zh: "工单" }
    ExportTickets { en: "Export these tickets (CSV)", zh: "导出这些工单（CSV）" }
    OrderHasTickets {
        en: "Order {order} is named by {count} service tickets: take it off them first. Nothing was changed.",
        zh: "订单 {order} 被 {count} 个服务工单引用：请先从工单中移除。未做任何更改。",
    }
    NotFoundTitle { en: "Page not found", zh: "页面不存在" }
    NotFoundBody { en: "There is no page at this address.", zh: "此地址没有对应的页面。" }
    GoHome { en: "Go to the home page", zh: "返回首页" }
    SettingsLanguageHelp {
        en: "The language is remembered in this browser.",
        zh: "语言选择会保存在本浏览器中。",
    }
    StorageUnavailable {
        en: "This browser blocks local storage, so settings cannot be saved. Fieldbook uses its defaults until storage is allowed.",
        zh: "此浏览器禁止本地存储，设置无法保存。在允许存储之前，Fieldbook 将使用默认设置。",
    }
    Dismiss { en: "Dismiss", zh: "关闭" }
    UpdateReady {
        en: "A new version of Fieldbook is ready.",
        zh: "Fieldbook 新版本已就绪。",
    }
    Reload { en: "Reload", zh: "重新加载" }
    CountCustomers { en: "customers", zh: "位客户" }
    CountProducts { en: "products", zh: "种产品" }
    CountOrders { en: "orders", zh: "个订单" }
    Import { en: "Import", zh: "导入" }
    ExportCsv { en: "Export CSV", zh: "导出 CSV" }
    DemoBanner { en: "You are looking at made-up demo data. Demo customers:", zh: "当前显示的是虚构的演示数据。演示客户数：" }
    RemoveDemo { en: "Remove demo data", zh: "删除演示数据" }
    DbOpening { en: "Opening the customer database…", zh: "正在打开客户数据库……" }
    DbFailed { en: "The customer database could not be opened:", zh: "无法打开客户数据库：" }
    FileUnreadable { en: "The file could not be read:", zh: "无法读取该文件：" }
    ImportDone { en: "Import finished. Records stored:", zh: "导入完成。已保存记录数：" }
    ImportCancelled { en: "The import was cancelled; nothing was stored.", zh: "导入已取消，未保存任何数据。" }
    ImportFailed { en: "The import failed and nothing was stored:", zh: "导入失败，未保存任何数据：" }
    ImportTitle { en: "Import data", zh: "导入数据" }
    ImportSeeRecords { en: "Show them", zh: "查看记录" }
    ImportAnother { en: "Import another file", zh: "导入其他文件" }
    ImportStepFile { en: "1. Choose a file", zh: "1. 选择文件" }
    ImportKind { en: "What the file holds", zh: "文件内容" }
    ImportDrop { en: "Drop a CSV or JSON file here, or choose one:", zh: "将 CSV 或 JSON 文件拖到此处，或选择文件：" }
    ImportFileHelp { en: "CSV with comma, semicolon, tab or | separators, in UTF-8 or GBK/GB18030, or a JSON list of records. Nothing is stored until you confirm.", zh: "支持以逗号、分号、制表符或竖线分隔的 CSV（UTF-8 或 GBK/GB18030 编码），或 JSON 记录列表。确认之前不会保存任何数据。" }
    ImportRowsRead { en: "rows read", zh: "行已读取" }
    ImportCheck { en: "Check rows", zh: "检查数据行" }
    ImportReading { en: "Reading the file…", zh: "正在读取文件……" }
    ImportChecking { en: "Checking rows…", zh: "正在检查数据行……" }
    ImportConfirm { en: "Import valid rows", zh: "导入有效行" }
    Back { en: "Back", zh: "返回" }
    ImportRunning { en: "Importing…", zh: "正在导入……" }
    Cancel { en: "Cancel", zh: "取消" }
    ImportStepMapping { en: "2. Match columns to fields", zh: "2. 匹配列与字段" }
    NotImported { en: "— not imported —", zh: "— 不导入 —" }
    RowOk { en: "OK", zh: "正常" }
    Line { en: "Line", zh: "行" }
    Problems { en: "Problems", zh: "问题" }
    ImportStepPreview { en: "3. Preview of the first rows", zh: "3. 前几行预览" }
    ImportStepSummary { en: "4. Summary", zh: "4. 汇总" }
    RowsValid { en: "Valid rows", zh: "有效行" }
    RowsRejected { en: "Rejected", zh: "拒绝" }
    RowsExisting { en: "Look like existing customers", zh: "疑似已有客户" }
    ValuesFlagged { en: "Doubtful values kept", zh: "保留的可疑值" }
    RejectedRows { en: "Rejected rows", zh: "被拒绝的行" }
    RejectedHelp { en: "These rows will not be imported. Download them, fix them in a spreadsheet and import the file again.", zh: "这些行不会被导入。请下载后在电子表格中修正，再重新导入。" }
    DownloadRejected { en: "Download rejected rows (CSV)", zh: "下载被拒绝的行（CSV）" }
    DataTitle { en: "Data", zh: "数据" }
    StorageUsed { en: "Storage used:", zh: "已用存储空间：" }
    StoragePersisted { en: "the browser keeps this data", zh: "浏览器会持久保留这些数据" }
    StorageNotPersisted { en: "the browser may clear this data when space runs low; keep backups", zh: "空间不足时浏览器可能清除这些数据，请定期备份" }
    BackupDownload { en: "Download backup", zh: "下载备份" }
    BackupSaved { en: "Backup saved.", zh: "备份已保存。" }
    RestoreFromFile { en: "Restore from backup…", zh: "从备份恢复……" }
    RestoreRefused { en: "This file cannot be restored:", zh: "无法恢复此文件：" }
    RestoreHolds { en: "This backup holds", zh: "此备份包含" }
    RestoreReplaces { en: "Restoring replaces all data in this browser.", zh: "恢复将替换本浏览器中的全部数据。" }
    RestoreConfirm { en: "Replace my data with this backup", zh: "用此备份替换我的数据" }
    RestoreDone { en: "Backup restored.", zh: "备份已恢复。" }
    RestoreFailed { en: "Restore failed; your data is unchanged:", zh: "恢复失败，您的数据未改变：" }
    DeleteAll { en: "Delete all data…", zh: "删除全部数据……" }
    DeleteAllWarning { en: "This deletes every customer, order, product and note in this browser. Download a backup first if you may need them.", zh: "这将删除本浏览器中的所有客户、订单、产品和备注。如果以后可能需要，请先下载备份。" }
    DeleteAllConfirm { en: "Delete everything", zh: "全部删除" }
    DeleteAllDone { en: "All data deleted.", zh: "已删除全部数据。" }
    FieldId { en: "Id in the source system", zh: "原系统编号" }
    FieldName { en: "Name", zh: "姓名或名称" }
    ColumnSourceId { en: "Id in the imported file", zh: "导入文件中的编号" }
    FieldProductName { en: "Product name (for products the file adds)", zh: "商品名称（用于文件新增的商品）" }
    FieldFirstName { en: "First name", zh: "名" }
    FieldLastName { en: "Last name", zh: "姓" }
    FieldGender { en: "Gender", zh: "性别" }
    FieldBirthDate { en: "Birth date", zh: "出生日期" }
    FieldAge { en: "Age", zh: "年龄" }
    FieldPhone { en: "Phone", zh: "电话" }
    FieldEmail { en: "Email", zh: "邮箱" }
    FieldStreet { en: "Street address", zh: "街道地址" }
    FieldCity { en: "City", zh: "城市" }
    FieldPostcode { en: "Postcode", zh: "邮编" }
    FieldRegion { en: "Region or state", zh: "省份或州" }
    FieldCountry { en: "Country", zh: "国家" }
    FieldCompany { en: "Company", zh: "公司" }
    FieldTags { en: "Tags", zh: "标签" }
    FieldSku { en: "SKU", zh: "货号" }
    FieldPrice { en: "Price", zh: "价格" }
    FieldCategory { en: "Category", zh: "类别" }
    FieldOrderId { en: "Order number", zh: "订单号" }
    FieldCustomerRef { en: "Customer id", zh: "客户编号" }
    FieldCustomerEmail { en: "Customer email", zh: "客户邮箱" }
    FieldOrderDate { en: "Order date", zh: "下单日期" }
    FieldStatus { en: "Status", zh: "状态" }
    FieldProductRef { en: "Product (id, SKU or name)", zh: "产品（编号、货号或名称）" }
    FieldQuantity { en: "Quantity", zh: "数量" }
    FieldUnitPrice { en: "Unit price", zh: "单价" }
    FieldAmount { en: "Amount", zh: "金额" }
    DefaultCountry { en: "Default country", zh: "默认国家或地区" }
    DefaultCountryHelp {
        en: "Used for phone numbers and addresses that do not say their country.",
        zh: "用于未注明国家或地区的电话号码和地址。",
    }
    NoCountry { en: "— none —", zh: "— 无 —" }
    ProblemMissing { en: "is required", zh: "为必填项" }
    ProblemNoContact { en: "needs at least a name, an email or a phone number", zh: "至少需要姓名、邮箱或电话之一" }
    ProblemBadEmail { en: "is not a valid email address (expected name@example.com)", zh: "不是有效的邮箱地址（例如 name@example.com）" }
    ProblemBadPhone { en: "is not a phone number (expected 5 to 15 digits)", zh: "不是电话号码（应为 5 到 15 位数字）" }
    ProblemAgeOutOfRange { en: "must be a whole number from 0 to 130", zh: "必须是 0 到 130 之间的整数" }
    ProblemNotAWholeNumber { en: "is not a whole number", zh: "不是整数" }
    ProblemBadDate { en: "is not a date (expected e.g. 2024-03-05)", zh: "不是日期（例如 2024-03-05、2024/3/5 或 2024年3月5日）" }
    ProblemFutureDate { en: "is in the future", zh: "是将来的日期" }
    ProblemTooOld { en: "is before 1900", zh: "早于 1900 年" }
    ProblemBadGender { en: "is not a known gender", zh: "不是可识别的性别（应为 F、M、X、女 或 男）" }
    ProblemBadStatus { en: "is not a known order status", zh: "不是可识别的订单状态" }
    ProblemNegative { en: "must not be negative", zh: "不能为负数" }
    ProblemBadAmount { en: "is not an amount (expected e.g. 12.50)", zh: "不是金额（例如 12.50）" }
    ProblemTooLong { en: "is too long", zh: "太长" }
    ProblemUnknownReference { en: "does not match any stored record", zh: "找不到对应的已保存记录" }
    ProblemEmptyOrder { en: "needs at least one line or an amount", zh: "至少需要一个订单行或金额" }
    ProblemMixedReturn { en: "mixes returned lines (negative quantities) and sold lines in one order", zh: "同一订单中混有退货行（负数量）和销售行" }
    ProblemOrderMismatch { en: "names a different customer or date than the first line of its order", zh: "与同一订单第一行的客户或日期不一致" }
    FileEmpty { en: "The file is empty.", zh: "文件是空的" }
    FileNoRows { en: "The file has a header row but no data rows.", zh: "文件只有标题行，没有数据行" }
    FileBinary { en: "The file is not text; choose a CSV or JSON file.", zh: "文件不是文本文件，请选择 CSV 或 JSON 文件" }
    FileBadCsv { en: "The file could not be read as CSV.", zh: "无法按 CSV 格式读取该文件" }
    FileBadJson { en: "The file is not valid JSON.", zh: "该文件不是有效的 JSON" }
    FileJsonShape { en: "The JSON must be a list of records.", zh: "JSON 必须是记录列表" }
    FileNothingMapped { en: "No column is matched to a field; choose the fields by hand.", zh: "没有任何列与字段匹配，请手动选择字段" }
    BackupNotABackup { en: "This is not a Fieldbook backup file.", zh: "这不是 Fieldbook 备份文件" }
    BackupNewer { en: "This backup comes from a newer Fieldbook; update Fieldbook to restore it.", zh: "此备份来自更新版本的 Fieldbook，请先更新再恢复" }
    BackupDamaged { en: "The backup file is damaged.", zh: "备份文件已损坏" }
    BackupInconsistent { en: "The backup is inconsistent.", zh: "备份内容不一致" }
    PanicTitle { en: "Fieldbook stopped because of an error", zh: "Fieldbook 因出错而停止运行" }
    PanicBody {
        en: "Your saved data is safe. Reload the page to continue; the details are in the browser console.",
        zh: "已保存的数据不受影响。请重新加载页面继续使用；详细信息见浏览器控制台。",
    }
    // The customers list and a customer's page.
    ColumnOrders { en: "Order count", zh: "订单数" }
    ColumnSpend { en: "Total spent", zh: "消费总额" }
    ColumnLastPurchase { en: "Last purchase", zh: "最近购买" }
    SearchCustomers { en: "Search name, email, phone or company", zh: "搜索姓名、邮箱、电话或公司" }
    LoadingCustomers { en: "Loading customers…", zh: "正在加载客户……" }
    NoCustomerMatches { en: "No customer matches this search.", zh: "没有符合搜索条件的客户。" }
    CustomerRowsHint {
        en: "Customer rows: arrow keys or j and k move, Enter opens",
        zh: "客户列表：方向键或 j、k 移动，回车键打开",
    }
    Unnamed { en: "Unnamed", zh: "未命名" }
    AllCustomers { en: "← All customers", zh: "← 全部客户" }
    CustomerNotFound { en: "There is no customer with this number.", zh: "没有此编号的客户。" }
    FigureAverageOrder { en: "Average order", zh: "平均订单金额" }
    CustomerDetails { en: "Details", zh: "详细资料" }
    EditConflict {
        en: "This customer was changed in another tab or window after you started editing. Nothing was saved, so that change is not lost. Reload to see it, then make your edit again.",
        zh: "您开始编辑后，此客户已在另一个标签页或窗口中被修改。您的修改没有保存，因此对方的修改不会丢失。请重新加载查看，然后再次编辑。",
    }
    Saved { en: "Saved.", zh: "已保存。" }
    Edit { en: "Edit", zh: "编辑" }
    Save { en: "Save", zh: "保存" }
    FixMarkedFields { en: "Nothing was saved: fix the marked fields.", zh: "尚未保存：请修正标出的字段。" }
    GenderFemale { en: "Female", zh: "女" }
    GenderMale { en: "Male", zh: "男" }
    GenderOther { en: "Other", zh: "其他" }
    Note { en: "Note", zh: "备注" }
    Timeline { en: "Orders and notes", zh: "订单和备注" }
    NoOrdersYet { en: "No orders or notes yet.", zh: "还没有订单或备注。" }
    Filters { en: "Filters", zh: "筛选" }
    FilterTag { en: "Tag", zh: "标签为" }
    FilterAgeFrom { en: "Age from", zh: "最小年龄" }
    FilterAgeTo { en: "Age to", zh: "最大年龄" }
    FilterHasOrders { en: "Has orders", zh: "是否有订单" }
    FilterAny { en: "Any", zh: "不限" }
    FilterYes { en: "Yes", zh: "有" }
    FilterNo { en: "No", zh: "无" }
    FilterSpendFrom { en: "Total spent from", zh: "消费总额不低于" }
    FilterSpendTo { en: "Total spent up to", zh: "消费总额不高于" }
    FilterLastAfter { en: "Last purchase on or after", zh: "最近购买不早于" }
    FilterLastBefore { en: "Last purchase on or before", zh: "最近购买不晚于" }
    ClearFilters { en: "Clear filters", zh: "清除筛选" }
    SavedViews { en: "Saved views", zh: "已保存的视图" }
    NewCustomer { en: "New customer", zh: "新建客户" }
    DeleteCustomer { en: "Delete customer", zh: "删除客户" }
    History { en: "History", zh: "修改记录" }
    HistoryCreated { en: "Created", zh: "创建" }
    NoHistory {
        en: "No changes made here yet (imported and demo records start their history at the first edit).",
        zh: "此处尚无修改（导入和演示记录从第一次修改开始记录）。",
    }
    HistoryEdited { en: "Edited", zh: "修改" }
    HistoryDeleted { en: "Deleted", zh: "删除" }
    StatusPending { en: "pending", zh: "待处理" }
    StatusPaid { en: "paid", zh: "已付款" }
    StatusShipped { en: "shipped", zh: "已发货" }
    StatusCompleted { en: "completed", zh: "已完成" }
    StatusCancelled { en: "cancelled", zh: "已取消" }
    StatusRefunded { en: "refunded", zh: "已退款" }
    StatusReturn { en: "return (goods back)", zh: "退货单" }
    DeleteCustomerQuestion { en: "Delete this customer?", zh: "删除此客户？" }
    DeleteCustomerNotes {
        en: "The customer and their notes are deleted. Export a backup first if you may need them again.",
        zh: "将删除此客户及其备注。如果以后可能还需要，请先导出备份。",
    }
    TheirOrders { en: "Orders of this customer:", zh: "此客户的订单数：" }
    DeleteOrdersToo { en: "Delete their orders too", zh: "同时删除其订单" }
    KeepOrdersUnlinked {
        en: "Keep the orders without a customer (they still count in revenue)",
        zh: "保留订单但不关联客户（仍计入收入）",
    }
    ViewName { en: "Name for this view", zh: "视图名称" }
    SaveView { en: "Save view", zh: "保存视图" }
    DeleteView { en: "Delete view", zh: "删除视图" }
    FilterNotANumber {
        en: "Not a number: this condition is left out until it is fixed.",
        zh: "不是有效数字：修正之前此条件不生效。",
    }
    Undo { en: "Undo", zh: "撤销" }
    Redo { en: "Redo", zh: "重做" }
    UndoneNotice { en: "Undone:", zh: "已撤销：" }
    RedoneNotice { en: "Redone:", zh: "已重做：" }
    UndoConflict {
        en: "This cannot be undone: a record it touched has changed since. Nothing was changed.",
        zh: "无法撤销：其涉及的记录之后已被修改。未做任何更改。",
    }
    NothingToUndo { en: "Nothing to undo", zh: "没有可撤销的操作" }
    NothingToRedo { en: "Nothing to redo", zh: "没有可重做的操作" }
    HistoryTagged { en: "Tag added", zh: "添加标签" }
    HistoryUntagged { en: "Tag removed", zh: "移除标签" }
    HistoryFieldSet { en: "Field set for many", zh: "批量设置字段" }
    HistoryBulkDeleted { en: "Deleted with others", zh: "批量删除" }
    HistoryNote { en: "Note changed", zh: "备注操作" }
    HistoryUndone { en: "(undone)", zh: "（已撤销）" }
    HistoryRedone { en: "(redone)", zh: "（已重做）" }
    AddNote { en: "Add note", zh: "添加备注" }
    NewNote { en: "New note", zh: "新备注" }
    NoteEmpty { en: "Write something before adding the note.", zh: "请先输入备注内容。" }
    NoteTooLong { en: "A note can hold up to 10,000 characters.", zh: "备注最多 10,000 个字符。" }
    DeleteNote { en: "Delete note", zh: "删除备注" }
    SelectRow { en: "Select", zh: "选择" }
    SelectAllMatching { en: "Select all matching customers", zh: "选择所有匹配的客户" }
    CountSelected { en: "selected", zh: "已选" }
    ClearSelection { en: "Clear selection", zh: "取消选择" }
    BulkActions { en: "Bulk actions", zh: "批量操作" }
    BulkAddTag { en: "Add tag", zh: "添加标签到所选" }
    BulkRemoveTag { en: "Remove tag", zh: "从所选移除标签" }
    BulkTagName { en: "Tag name", zh: "标签名" }
    BulkSetField { en: "Set field", zh: "设置字段" }
    BulkFieldValue { en: "Value (empty clears the field)", zh: "值（留空则清除该字段）" }
    Apply { en: "Apply", zh: "应用" }
    ExportSelected { en: "Export selected", zh: "导出所选" }
    DeleteSelected { en: "Delete selected", zh: "删除所选" }
    DeleteSelectedQuestion { en: "Delete the selected customers?", zh: "删除所选客户？" }
    SelectedOrders { en: "Orders of the selected customers:", zh: "所选客户的订单数：" }
    BulkChanged { en: "Customers changed:", zh: "已修改的客户数：" }
    BulkNothingChanged {
        en: "Nothing changed: every selected customer already had that value.",
        zh: "无需更改：所选客户均已是该值。",
    }
    BulkTagMissing { en: "Enter a tag first.", zh: "请先输入标签。" }
    BulkBadGender { en: "Gender must be F, M or X (or empty).", zh: "性别必须为 F、M 或 X（或留空）。" }
    BulkDeleted { en: "Customers deleted:", zh: "已删除的客户数：" }
    SearchOrders { en: "Search order number or customer", zh: "搜索订单号或客户" }
    SearchProducts { en: "Search name, SKU or category", zh: "搜索名称、SKU 或类别" }
    ColumnCustomer { en: "Customer", zh: "所属客户" }
    ColumnLines { en: "Lines", zh: "明细行数" }
    ColumnUnits { en: "Units sold", zh: "销量" }
    ColumnRevenue { en: "Revenue", zh: "销售额" }
    LoadingOrders { en: "Loading orders…", zh: "正在加载订单…" }
    LoadingProducts { en: "Loading products…", zh: "正在加载产品…" }
    NoOrderMatches { en: "No order matches.", zh: "没有匹配的订单。" }
    NoProductMatches { en: "No product matches.", zh: "没有匹配的产品。" }
    OrderRowsHint {
        en: "Orders: arrow keys or j and k move, Enter opens",
        zh: "订单：方向键或 j、k 移动，回车打开",
    }
    ProductRowsHint {
        en: "Products: arrow keys or j and k move, Enter opens",
        zh: "产品：方向键或 j、k 移动，回车打开",
    }
    NewOrder { en: "New order", zh: "新建订单" }
    NewProduct { en: "New product", zh: "新建产品" }
    AllOrders { en: "← All orders", zh: "← 全部订单" }
    AllProducts { en: "← All products", zh: "← 全部产品" }
    OrderNotFound { en: "There is no order with this number.", zh: "没有此编号的订单。" }
    ProductNotFound { en: "There is no product with this number.", zh: "没有此编号的产品。" }
    FilterDateFrom { en: "Date from", zh: "起始日期" }
    FilterDateTo { en: "Date to", zh: "截止日期" }
    FilterAmountFrom { en: "Amount from", zh: "金额不低于" }
    FilterAmountTo { en: "Amount up to", zh: "金额不高于" }
    FilterUnlinked { en: "Only orders without a customer", zh: "仅显示未关联客户的订单" }
    AnyStatus { en: "Any status", zh: "全部状态" }
    AnyCategory { en: "All categories", zh: "全部类别" }
    NoCustomer { en: "No customer", zh: "未关联客户" }
    FindCustomer { en: "Find a customer by name, email or phone", zh: "按姓名、邮箱或电话查找客户" }
    UnlinkCustomer { en: "Unlink customer", zh: "取消关联客户" }
    ChooseProduct { en: "— choose a product —", zh: "— 选择产品 —" }
    LineTotal { en: "Line total", zh: "小计" }
    AddLine { en: "Add line", zh: "添加明细" }
    RemoveLine { en: "Remove line", zh: "删除明细" }
    OrderTotal { en: "Order total", zh: "订单总额" }
    DeleteOrder { en: "Delete order", zh: "删除订单" }
    DeleteProduct { en: "Delete product", zh: "删除产品" }
    DeletedProduct { en: "(deleted product)", zh: "（已删除的产品）" }
    OrderDeleted { en: "Order deleted.", zh: "订单已删除。" }
    ProductDeleted {
        en: "Product deleted. Order lines keep their prices and show it as a deleted product.",
        zh: "产品已删除。订单明细保留价格，并显示为已删除的产品。",
    }
    OrderLinesTitle { en: "Order lines", zh: "订单明细" }
    OrderOf { en: "Order", zh: "单号" }
    LineProduct { en: "Product", zh: "所选产品" }
    ShowMore { en: "Show more", zh: "显示更多" }
    ProductInUse {
        en: "This product is on order lines, so it cannot be deleted; change or delete those orders first.",
        zh: "此产品已用于订单明细，无法删除；请先修改或删除相关订单。",
    }
    UndoBlocked {
        en: "This cannot be undone: records added since depend on it. Nothing was changed.",
        zh: "无法撤销：之后添加的记录依赖于它。未做任何更改。",
    }
    ReferenceMissing {
        en: "Not saved: the customer or a product it refers to was deleted meanwhile.",
        zh: "未保存：其引用的客户或产品已被删除。",
    }
    ProblemNotANumber { en: "is not a number", zh: "不是数字" }
    ProblemNotAChoice { en: "is not one of the choices", zh: "不是可选值之一" }
    CustomFields { en: "Custom customer fields", zh: "自定义客户字段" }
    CustomFieldsHelp {
        en: "Fields of your own on every customer: a name and what it holds. Removing a field hides it; the values stay on the customers and come back if you add the field again.",
        zh: "为每位客户添加自己的字段：名称及其类型。删除字段只是隐藏它；值仍保存在客户上，重新添加同名字段后会再次显示。",
    }
    CustomFieldName { en: "Field name", zh: "字段名称" }
    CustomFieldType { en: "Holds", zh: "类型" }
    CustomTypeText { en: "Text", zh: "文本" }
    CustomTypeNumber { en: "Number", zh: "数字" }
    CustomTypeDate { en: "Date", zh: "日期" }
    CustomTypeChoice { en: "One of a list", zh: "列表选项" }
    CustomChoices { en: "Choices, separated by commas", zh: "可选值，用逗号分隔" }
    AddCustomField { en: "Add field", zh: "添加字段" }
    RemoveCustomField { en: "Remove field", zh: "删除字段" }
    CustomBadName { en: "Give the field a name of up to 40 characters.", zh: "请填写不超过 40 个字符的字段名称。" }
    CustomNameTaken { en: "A field with this name exists already.", zh: "已有同名字段。" }
    CustomBadChoices { en: "List at least one choice, each once.", zh: "请至少列出一个可选值，且不要重复。" }
    NoCustomFields { en: "No custom fields yet.", zh: "尚无自定义字段。" }
    Columns { en: "Columns", zh: "显示的列" }
    DbBlocked {
        en: "Fieldbook is updating its database, which waits until other Fieldbook tabs with the older version are closed or reloaded.",
        zh: "Fieldbook 正在更新数据库，需要先关闭或刷新其他使用旧版本的 Fieldbook 标签页。",
    }
    HistoryImported { en: "Imported", zh: "已导入" }
    LockedTitle { en: "Fieldbook is locked", zh: "Fieldbook 已锁定" }
    LockedHelp {
        en: "The data in this browser is encrypted. Enter the passphrase to open it.",
        zh: "此浏览器中的数据已加密。请输入密码短语以打开。",
    }
    Passphrase { en: "Passphrase", zh: "密码短语" }
    Unlock { en: "Unlock", zh: "解锁" }
    Unlocking { en: "Unlocking…", zh: "正在解锁……" }
    WrongPassphrase {
        en: "That passphrase is not the right one. Nothing was changed.",
        zh: "密码短语不正确。未做任何更改。",
    }
    SwitchingEncryption {
        en: "Updating the encryption of every record. If this tab closes, unlocking finishes the work.",
        zh: "正在更新所有记录的加密。如果此标签页被关闭，下次解锁时会继续完成。",
    }
    EncryptionHeading { en: "Encryption at rest", zh: "数据加密" }
    EncryptionOffHelp {
        en: "Your data is stored unencrypted in this browser. With a passphrase, every record is encrypted (AES-256-GCM) and Fieldbook opens locked. Nobody can recover the data without the passphrase, so keep a backup.",
        zh: "您的数据目前以未加密形式保存在此浏览器中。设置密码短语后，每条记录都会加密（AES-256-GCM），Fieldbook 打开时处于锁定状态。没有密码短语任何人都无法恢复数据，请保留备份。",
    }
    EncryptionOnHelp {
        en: "Your data is encrypted with your passphrase. Fieldbook opens locked and locks itself after the idle time below.",
        zh: "您的数据已用密码短语加密。Fieldbook 打开时处于锁定状态，并在下方设定的闲置时间后自动锁定。",
    }
    NewPassphrase { en: "New passphrase", zh: "新密码短语" }
    RepeatPassphrase { en: "Repeat the passphrase", zh: "再次输入密码短语" }
    CurrentPassphrase { en: "Current passphrase", zh: "当前密码短语" }
    TurnOnEncryption { en: "Encrypt my data", zh: "加密我的数据" }
    TurnOffEncryption { en: "Turn encryption off", zh: "关闭加密" }
    ChangePassphrase { en: "Change passphrase", zh: "更改密码短语" }
    PassphraseChanged { en: "Passphrase changed.", zh: "密码短语已更改。" }
    LockNow { en: "Lock now", zh: "立即锁定" }
    AutoLockAfter { en: "Lock after this long without use", zh: "闲置多久后自动锁定" }
    MinutesShort { en: "min", zh: "分钟" }
    Never { en: "Never", zh: "从不" }
    PassphraseTooShort { en: "Use a passphrase of at least 8 characters.", zh: "密码短语至少需要 8 个字符。" }
    PassphraseMismatch { en: "The two passphrases differ.", zh: "两次输入的密码短语不一致。" }
    EncryptionFailed { en: "Encryption could not be changed:", zh: "无法更改加密设置：" }
    BackupPassphrase {
        en: "Passphrase for the backup (optional; leave empty for a plain backup)",
        zh: "备份密码短语（可选；留空则生成未加密的备份）",
    }
    BackupSavedEncrypted {
        en: "Encrypted backup saved. It opens only with its passphrase.",
        zh: "已保存加密备份。只有使用其密码短语才能打开。",
    }
    BackupIsEncrypted { en: "This backup is encrypted. Its passphrase:", zh: "此备份已加密。请输入其密码短语：" }
    StorageFull {
        en: "The browser's storage for Fieldbook is full, so nothing of this change was saved; what was stored before is unharmed. Download a backup (Settings), then make room: remove the demo data or delete records you no longer need.",
        zh: "浏览器为 Fieldbook 提供的存储空间已满，本次更改未保存；之前保存的数据未受影响。请先下载备份（设置），再腾出空间：删除演示数据或不再需要的记录。",
    }
    InterruptedNothingStored {
        en: "The page closed before this finished, so nothing of it was stored; your data is as it was before:",
        zh: "页面在此操作完成前关闭，因此没有保存任何内容；数据保持原样：",
    }
    InterruptedButStored {
        en: "The page closed just as this finished; it was stored completely:",
        zh: "页面在此操作完成时关闭；它已完整保存：",
    }
    StorageFailed {
        en: "The browser's storage failed, most often because it or the disk is full, so nothing of this change was saved; what was stored before is unharmed. Download a backup (Settings), then make room: free disk space, remove the demo data or delete records you no longer need.",
        zh: "浏览器存储出错（通常是因为存储空间或磁盘已满），本次更改未保存；之前保存的数据未受影响。请先下载备份（设置），再腾出空间：释放磁盘空间、删除演示数据或不再需要的记录。",
    }
    EncryptionChangedElsewhere {
        en: "Encryption was switched on or off in another tab, so nothing was changed here. Reload this page.",
        zh: "另一个标签页已开启或关闭加密，因此此处未做任何更改。请刷新此页面。",
    }
    HistoryMerged { en: "Merged duplicates", zh: "合并了重复客户" }
    DuplicatesTitle { en: "Duplicate customers", zh: "重复客户" }
    DuplicatesHelp {
        en: "Finds customers entered more than once, however their names, emails and phones were written. Nothing changes until you merge, and a merge can be undone.",
        zh: "查找被重复录入的客户，无论姓名、邮箱和电话如何书写。在您合并之前不会做任何更改，合并后也可以撤销。",
    }
    FindDuplicates { en: "Find duplicates", zh: "查找重复" }
    ReadingCustomers { en: "Reading customers…", zh: "正在读取客户…" }
    ComparingCustomers { en: "Comparing customers…", zh: "正在比较客户…" }
    SearchStopped { en: "Stopped. Nothing was changed.", zh: "已停止，未做任何更改。" }
    ImportUnmatched {
        en: "The rows were not compared with the stored customers, so duplicates among them are not marked.",
        zh: "这些行未与已存客户比对，因此其中的重复未被标出。",
    }
    DashboardCategory { en: "Product category", zh: "商品类别" }
    NoCategory { en: "No category", zh: "无类别" }
    NoProduct { en: "No product (order totals)", zh: "无商品（订单总额）" }
    DashboardReset { en: "Whole history", zh: "全部时间" }
    LogScales { en: "Logarithmic scales", zh: "对数坐标" }
    RangeBackwards { en: "The start of the range is after its end.", zh: "范围的开始日期晚于结束日期。" }
    ReadingOrders { en: "Reading customers, products and orders…", zh: "正在读取客户、商品和订单…" }
    Computing { en: "Computing figures…", zh: "正在计算指标…" }
    NoOrdersInRange { en: "No purchases in this range.", zh: "此范围内没有购买记录。" }
    KpiCustomers { en: "Customers in total", zh: "客户总数" }
    KpiActive { en: "Active customers in the range", zh: "范围内活跃客户" }
    KpiRevenue { en: "Revenue in the range", zh: "范围内销售额" }
    KpiAov { en: "Average order value", zh: "客单价" }
    KpiRepeat { en: "Repeat purchase rate", zh: "复购率" }
    ChartRevenueTime { en: "Revenue over time", zh: "销售额走势" }
    ChartRevenueCategory { en: "Revenue by category", zh: "各类别销售额" }
    ChartScatter { en: "Purchases and total spent per customer", zh: "每位客户的购买次数与消费总额" }
    ChartSpend { en: "Distribution of total spent", zh: "消费总额分布" }
    ChartSegments { en: "Customers per RFM segment", zh: "各 RFM 分群客户数" }
    ChartCohorts { en: "Retention by first-purchase month", zh: "按首购月份的留存" }
    AxisMonth { en: "Month", zh: "月份" }
    AxisRevenueAmount { en: "Revenue (amount)", zh: "销售额（金额）" }
    AxisPurchases { en: "Purchases (orders)", zh: "购买次数（单）" }
    AxisTotalSpent { en: "Total spent (amount)", zh: "消费总额（金额）" }
    AxisCustomerCount { en: "Customers (count)", zh: "客户数（人）" }
    AxisSegment { en: "RFM segment", zh: "RFM 分群" }
    AxisMonthsSince { en: "Months since the first purchase", zh: "首购后的月数" }
    AxisCohort { en: "First-purchase month", zh: "首购月份" }
    ShowTable { en: "Show as table", zh: "以表格显示" }
    ShowChart { en: "Show as chart", zh: "以图表显示" }
    SavePng { en: "Save as PNG", zh: "保存为 PNG" }
    SegChampions { en: "Champions", zh: "冠军客户" }
    SegLoyal { en: "Loyal", zh: "忠诚客户" }
    SegPotential { en: "Potential", zh: "潜力客户" }
    SegNew { en: "New", zh: "新客户" }
    SegAtRisk { en: "At risk", zh: "流失风险" }
    SegCantLose { en: "Can't lose", zh: "不能失去" }
    SegHibernating { en: "Hibernating", zh: "沉睡客户" }
    SegLost { en: "Lost", zh: "已流失" }
    TopSpenders { en: "Top customers by total spent", zh: "消费额最高的客户" }
    TopFrequent { en: "Top customers by purchases", zh: "购买次数最多的客户" }
    TopProducts { en: "Top products by revenue", zh: "销售额最高的商品" }
    SummaryStats { en: "Summary statistics of customers with purchases", zh: "有购买客户的统计摘要" }
    StatMeasure { en: "Figure", zh: "指标" }
    StatCount { en: "Count", zh: "个数" }
    StatMean { en: "Mean", zh: "均值" }
    StatStd { en: "Standard deviation", zh: "标准差" }
    StatMin { en: "Minimum", zh: "最小值" }
    StatQ1 { en: "25th percentile", zh: "第 25 百分位" }
    StatMedian { en: "Median", zh: "中位值" }
    StatQ3 { en: "75th percentile", zh: "第 75 百分位" }
    StatMax { en: "Maximum", zh: "最大值" }
    MeasureFirstPurchase { en: "First purchase", zh: "首次购买" }
    MeasureRecency { en: "Days since last purchase", zh: "距上次购买天数" }
    MeasureTenure { en: "Days since first purchase", zh: "距首次购买天数" }
    ExportFigures { en: "Export customer figures (CSV)", zh: "导出客户指标（CSV）" }
    UnitsSold { en: "Units", zh: "件数" }
    BackgroundFailed {
        en: "The background work failed; nothing was changed. Reload the page and try again.",
        zh: "后台处理失败，未做任何更改。请重新加载页面后再试。",
    }
    MinConfidence { en: "Minimum confidence", zh: "最低可信度" }
    DuplicateGroups { en: "Groups of duplicates", zh: "重复组数" }
    CustomersInGroups { en: "Customers in them", zh: "涉及客户数" }
    PairsCompared { en: "Pairs compared", zh: "比较的客户对" }
    NoDuplicates { en: "No duplicates at this confidence.", zh: "在此可信度下没有发现重复。" }
    DuplicatesStale {
        en: "The data changed since this search; search again to see the duplicates as they are now.",
        zh: "自本次查找以来数据已更改；请重新查找以查看当前的重复情况。",
    }
    Confidence { en: "Confidence", zh: "可信度" }
    Members { en: "Customers in the group", zh: "组内客户" }
    WhyAlike { en: "Why", zh: "依据" }
    ReviewGroup { en: "Review", zh: "查看" }
    ShowMoreGroups { en: "Show more groups", zh: "显示更多组" }
    KeepValue { en: "Keep", zh: "保留" }
    KeptRecord { en: "Kept record", zh: "保留的记录" }
    FieldColumn { en: "Field", zh: "字段" }
    MergeGroup { en: "Merge into one customer", zh: "合并为一个客户" }
    NotDuplicates { en: "Not duplicates", zh: "不是重复" }
    MarkedNotDuplicates {
        en: "Marked as not duplicates: they will not be proposed again.",
        zh: "已标记为不是重复，以后不会再提示。",
    }
    MergedCustomers { en: "Merged: customers now one", zh: "已合并，合并后客户数" }
    MergeAllAbove { en: "Merge every group at or above this confidence", zh: "合并可信度不低于此值的所有组" }
    MergeAllSummary {
        en: "Groups to merge / customers in them. Each group becomes its kept customer, with every order and note. You can undo this.",
        zh: "将合并的组数 / 其中的客户数。每组合并为保留的客户，连同所有订单和备注。此操作可以撤销。",
    }
    MergeAllConfirm { en: "Merge them all", zh: "全部合并" }
    EvidenceSame { en: "same", zh: "相同" }
    EvidenceAlike { en: "alike", zh: "相近" }
    EvidenceDiffers { en: "differs", zh: "不同" }
    HistoryCleaned { en: "Cleaned values", zh: "清洗了数据" }
    FixValuesTitle { en: "Fix and fill values", zh: "纠正与填补数据" }
    FixValuesHelp {
        en: "Choose the corrections and how gaps are filled, preview every change, then apply them as one step you can undo. Emails, phones, names and other identifying fields are never invented.",
        zh: "选择要执行的纠正和缺失值填补方式，先预览每一处更改，再作为一个可撤销的操作应用。邮箱、电话、姓名等身份信息绝不会被编造。",
    }
    RuleWhitespace { en: "Trim spaces and remove invisible characters", zh: "去除多余空格和不可见字符" }
    RuleNameCase { en: "Names typed in one case to title case", zh: "全大写或全小写的姓名改为首字母大写" }
    RuleEmailDomain { en: "Lowercase emails and fix mistyped domains (gmial.com → gmail.com)", zh: "邮箱转小写并纠正拼错的域名（gmial.com → gmail.com）" }
    RulePhone { en: "Phones to international form (E.164); numbers without a country code are in", zh: "电话改为国际格式（E.164）；无国家代码的号码属于" }
    RulePhoneOff { en: "leave phones as they are", zh: "保持电话原样" }
    RuleAgeRange { en: "Clear impossible ages and birth dates", zh: "清除不可能的年龄和出生日期" }
    RuleCustomDates { en: "Custom date fields to ISO dates (day before month in 03/05/2024)", zh: "自定义日期字段改为 ISO 日期（03/05/2024 中日在月前）" }
    Corrections { en: "Corrections", zh: "纠正规则" }
    FillTitle { en: "Missing values", zh: "缺失值" }
    FillLeave { en: "leave empty", zh: "保持为空" }
    FillForward { en: "previous customer's value", zh: "上一位客户的值" }
    FillBackward { en: "next customer's value", zh: "下一位客户的值" }
    FillMean { en: "mean", zh: "平均值" }
    FillMedian { en: "median", zh: "中位数" }
    FillMostFrequent { en: "most frequent", zh: "最常见的值" }
    FillConstant { en: "this value:", zh: "固定值：" }
    OnlyLastImport { en: "Only the customers of the last import", zh: "仅处理最近一次导入的客户" }
    PreviewChanges { en: "Preview changes", zh: "预览更改" }
    CheckingValues { en: "Checking values…", zh: "正在检查数据…" }
    ChangesByRule { en: "Changes by rule", zh: "各规则的更改数" }
    RuleColumn { en: "Rule", zh: "规则" }
    CountColumn { en: "Values", zh: "更改的数量" }
    QualityTitle { en: "Quality before → after", zh: "清洗前 → 清洗后的数据质量" }
    Completeness { en: "Complete", zh: "完整度" }
    Validity { en: "Valid", zh: "有效性" }
    Uniqueness { en: "Unique", zh: "唯一性" }
    ChartCompleteness { en: "Complete values per column, before and after (%)", zh: "各列完整度，清洗前后（%）" }
    Before { en: "before", zh: "清洗前" }
    After { en: "after", zh: "清洗后" }
    FlaggedValues { en: "Values that look wrong (not changed)", zh: "疑似错误的值（未更改）" }
    ChangedValues { en: "Changed values", zh: "更改的值" }
    NothingToClean { en: "Nothing to change: every value already passes these rules.", zh: "无需更改：所有值都已符合这些规则。" }
    ApplyChanges { en: "Apply these changes", zh: "应用这些更改" }
    CleaningApplied { en: "Cleaned customers:", zh: "已清洗的客户：" }
    CleaningSkipped { en: "left alone because they changed since the preview:", zh: "因预览后被修改而跳过：" }
    RecipeName { en: "Recipe name", zh: "方案名称" }
    SaveRecipe { en: "Save as recipe", zh: "保存为方案" }
    RecipeSaved { en: "Recipe saved.", zh: "方案已保存。" }
    LoadRecipe { en: "Use a saved recipe", zh: "使用已保存的方案" }
    RecipeNeedsName { en: "Give the recipe a name.", zh: "请为方案命名。" }
    ShowingFirst { en: "Showing the first", zh: "仅显示前" }
    ImportMissing {
        en: "Some orders name customers or products that are not stored, so they were rejected. Fieldbook can add them first from what this file says about them: customers by their id (named by it, to complete later), products with their description and first unit price. Each is an import of its own that you can undo.",
        zh: "部分订单引用了尚未存储的客户或商品，因此被拒绝。Fieldbook 可以先根据此文件中的信息添加它们：客户按编号添加（以编号命名，稍后补全），商品按描述和第一个单价添加。每一步都是单独的导入，可以撤销。"
    }
    ImportMissingCustomers { en: "Customers to add", zh: "待添加的客户" }
    ImportMissingProducts { en: "Products to add", zh: "待添加的商品" }
    ImportAddMissing { en: "Add them, then check the orders again", zh: "添加它们，然后重新检查订单" }
    ImportAddingMissing { en: "Adding the customers and products…", zh: "正在添加客户和商品…" }
    FeatureCategoryShare { en: "Share spent on", zh: "消费占比：" }
    TraitRecent { en: "recent", zh: "近期购买" }
    TraitLapsed { en: "lapsed", zh: "久未购买" }
    TraitFrequent { en: "frequent", zh: "常客" }
    TraitOccasional { en: "occasional", zh: "偶尔购买" }
    TraitBigSpenders { en: "big spenders", zh: "高消费" }
    TraitLowSpend { en: "low spend", zh: "低消费" }
    TraitOlder { en: "older", zh: "年长" }
    TraitYounger { en: "younger", zh: "年轻" }
    TraitLargeBaskets { en: "large baskets", zh: "大额订单" }
    TraitSmallBaskets { en: "small baskets", zh: "小额订单" }
    TraitLongStanding { en: "long-standing", zh: "老客户" }
    TraitNewcomers { en: "newcomers", zh: "新来客户" }
    TraitCategoryFans { en: "{} fans", zh: "偏爱{}" }
    TraitCategoryLittle { en: "little {}", zh: "少买{}" }
    TraitTypical { en: "Typical customers", zh: "普通客户" }
    ChooseAFeature { en: "Choose at least one feature to cluster on.", zh: "请至少选择一个用于聚类的特征。" }
    LogThenStandardise { en: "log first (long tail)", zh: "先取对数（长尾）" }
    SegmentationTitle { en: "Customer segments (k-means)", zh: "客户分群（k 均值）" }
    SegmentationHelp {
        en: "Groups the customers who bought something by the figures you choose. Each figure is standardised (mean 0, standard deviation 1), after a logarithm for long-tailed ones, so that none outweighs the others. The same data and settings always give the same segments.",
        zh: "按您选择的指标对有购买的客户分组。每个指标都会标准化（均值 0、标准差 1），长尾指标先取对数，使任何指标都不会压过其他指标。相同的数据和设置总是得到相同的分群。"
    }
    SegmentationFeatures { en: "Figures to cluster on", zh: "用于聚类的指标" }
    ClusterCount { en: "Number of segments (k)", zh: "分群数量（k）" }
    SuggestK { en: "Suggest (best silhouette)", zh: "自动建议（轮廓系数最佳）" }
    RunSegmentation { en: "Find segments", zh: "开始分群" }
    SegmentationRunning { en: "Clustering in the background…", zh: "正在后台聚类…" }
    ChartElbow { en: "Elbow: inertia by number of segments", zh: "肘部图：各分群数量的惯性" }
    ChartSilhouette { en: "Silhouette by number of segments", zh: "各分群数量的轮廓系数" }
    ChartClusters { en: "Customers by segment", zh: "各分群的客户" }
    SegmentedCustomers { en: "customers clustered", zh: "位客户已聚类" }
    Inertia { en: "Inertia (sum of squared distances)", zh: "惯性（距离平方和）" }
    SuggestedK { en: "best silhouette at k =", zh: "轮廓系数最佳的 k =" }
    LeftOutNoFeature { en: "left out (a chosen figure is missing, e.g. no age)", zh: "位未纳入（缺少所选指标，如无年龄）" }
    AxisClusters { en: "k (segments)", zh: "分群数 k" }
    Silhouette { en: "Mean silhouette (−1 to 1)", zh: "平均轮廓系数（−1 至 1）" }
    PrincipalComponent { en: "Principal component", zh: "主成分" }
    ClusterName { en: "Segment", zh: "分群" }
    ClusterSize { en: "Customers (share)", zh: "客户数（占比）" }
    AxisHorizontal { en: "Horizontal axis", zh: "横轴" }
    AxisVertical { en: "Vertical axis", zh: "纵轴" }
    RevenueShare { en: "Share of revenue", zh: "收入占比" }
    TopCategories { en: "Top categories", zh: "主要品类" }
    ClusterProfiles { en: "Segment profiles (names can be changed)", zh: "分群概况（名称可修改）" }
    ExportClusterMembers { en: "Export customers with their segment (CSV)", zh: "导出客户及其分群（CSV）" }
    SaveAsSegments { en: "Save as segments", zh: "保存为客户分群" }
    SegmentsSavedNotice { en: "Saved {} segments.", zh: "已保存 {} 个分群。" }
    SeeSegments { en: "See the segments", zh: "查看分群列表" }
    SegmentsTitle { en: "Segments", zh: "客户分群列表" }
    SegmentsNone {
        en: "No segments yet. Build one from a rule below, or run a segmentation on the Mining page and save it as segments.",
        zh: "还没有分群。可在下方按规则新建，或在“数据挖掘”页运行客户分群并保存为分群。",
    }
    SegmentName { en: "Segment name", zh: "分群名称" }
    SegmentMembers { en: "Members", zh: "成员数" }
    SegmentFrom { en: "Made from", zh: "来源" }
    SegmentSavedOn { en: "Saved on", zh: "保存于" }
    SegmentClusterOrigin { en: "k-means cluster {n} of {k} on {features}", zh: "k-means 聚类（共 {k} 类）第 {n} 类，依据：{features}" }
    SegmentMembersGone { en: "{} no longer stored", zh: "其中 {} 位已不存在" }
    ExportSegment { en: "Export members (CSV)", zh: "导出成员（CSV）" }
    DeleteSegment { en: "Delete segment", zh: "删除分群" }
    SegmentDeleted { en: "Segment deleted", zh: "分群已删除" }
    SegmentRenamed { en: "Segment renamed", zh: "分群已重命名" }
    HistorySegments { en: "Saved segments", zh: "保存了分群" }
    SegmentNameEmpty { en: "A segment needs a name.", zh: "分群需要名称。" }
    SegmentNameTooLong { en: "A segment name has at most 80 characters.", zh: "分群名称最多 80 个字符。" }
    SegmentNameProblem { en: "Segment {}:", zh: "第 {} 个分群：" }
    RowActions { en: "Actions", zh: "操作" }
    CustomerSegments { en: "In segments", zh: "所属分群" }
    // Campaigns (the marketing page and a campaign's page).
    CampaignsTitle { en: "Campaigns", zh: "营销活动" }
    CampaignsNone { en: "No campaigns yet. A campaign targets saved segments: make one from a rule below or from the mining page.", zh: "还没有营销活动。活动面向已保存的分群：可在下方按规则新建，或在数据挖掘页生成。" }
    NewCampaign { en: "New campaign", zh: "新建营销活动" }
    ExportCampaigns { en: "Export campaigns (CSV)", zh: "导出营销活动（CSV）" }
    LoadingCampaign { en: "Loading the campaign…", zh: "正在加载营销活动……" }
    CampaignNotFound { en: "There is no campaign with this number.", zh: "没有此编号的营销活动。" }
    CampaignName { en: "Campaign name", zh: "活动名称" }
    CampaignGoal { en: "Goal", zh: "活动目标" }
    CampaignChannel { en: "Channel", zh: "渠道" }
    CampaignStarts { en: "First day", zh: "开始日期" }
    CampaignEnds { en: "Last day (empty: until ended)", zh: "结束日期（留空则直到手动结束）" }
    CampaignBudget { en: "Budget", zh: "预算" }
    CampaignWindowColumn { en: "Dates", zh: "活动日期" }
    CampaignTargets { en: "Target segments", zh: "目标分群" }
    CampaignExcluded { en: "Leave out the customers of", zh: "排除以下分群的客户" }
    CampaignNoSegments { en: "No segments saved yet: make one on the marketing page first.", zh: "尚未保存分群：请先在营销页面新建分群。" }
    CampaignSegmentsGone { en: "{} of the picked segments were deleted since.", zh: "所选分群中有 {} 个已被删除。" }
    ChannelEmail { en: "Email campaign", zh: "电子邮件" }
    ChannelSms { en: "Text message (SMS)", zh: "短信" }
    ChannelPhone { en: "Phone call", zh: "电话回访" }
    ChannelInStore { en: "In store", zh: "门店" }
    ChannelOther { en: "Other channel", zh: "其他渠道" }
    CampaignDraft { en: "Draft", zh: "草稿" }
    CampaignScheduled { en: "Scheduled", zh: "已排期" }
    CampaignRunning { en: "Running", zh: "进行中" }
    CampaignDone { en: "Done", zh: "已结束" }
    CampaignNameEmpty { en: "A campaign needs a name.", zh: "活动需要名称。" }
    CampaignEndsBeforeStart { en: "The last day is before the first.", zh: "结束日期早于开始日期。" }
    CampaignBudgetNegative { en: "A budget cannot be negative.", zh: "预算不能为负数。" }
    CampaignLaunchTitle { en: "Launch", zh: "启动活动" }
    LaunchCampaign { en: "Launch campaign", zh: "启动营销活动" }
    CampaignAudience { en: "Launching now freezes {} customers as the members.", zh: "现在启动将把 {} 位客户固定为活动成员。" }
    CampaignUnreachable { en: "{} more of the target segments cannot be reached on this channel (no contact, or opted out).", zh: "目标分群中另有 {} 位客户无法通过此渠道联系（无联系方式或已退订）。" }
    CampaignAlreadyLaunched { en: "This campaign was launched already.", zh: "此活动已经启动。" }
    CampaignNoTarget { en: "Pick at least one target segment first.", zh: "请先至少选择一个目标分群。" }
    CampaignEmptyAudience { en: "A campaign cannot launch on an empty segment: no customer of the target segments (after those left out) can be reached on this channel.", zh: "不能对空分群启动活动：目标分群（排除后）中没有可通过此渠道联系的客户。" }
    CampaignNotLaunched { en: "Responses are recorded once the campaign is launched.", zh: "活动启动后才能记录回应。" }
    DeleteCampaign { en: "Delete campaign", zh: "删除营销活动" }
    CampaignDeleted { en: "Campaign deleted", zh: "营销活动已删除" }
    CampaignResults { en: "Results", zh: "活动效果" }
    CampaignWindow { en: "Counting orders from {from} to {to}.", zh: "统计 {from} 至 {to} 期间的订单。" }
    CampaignReach { en: "Reached", zh: "触达人数" }
    CampaignResponded { en: "Responded", zh: "回应人数" }
    CampaignConverted { en: "Converted", zh: "转化人数" }
    CampaignResponseRate { en: "Response rate", zh: "回应率" }
    CampaignConversionRate { en: "Conversion rate", zh: "转化率" }
    CampaignRevenue { en: "Revenue attributed", zh: "归因收入" }
    CampaignCostPerConversion { en: "Cost per conversion", zh: "单次转化成本" }
    CampaignStep { en: "Step", zh: "阶段" }
    CampaignCustomers { en: "Number of customers", zh: "客户人数" }
    CampaignOrders { en: "Orders that converted", zh: "转化订单数" }
    CampaignDay { en: "Day", zh: "日期（天）" }
    ChartCampaignFunnel { en: "Reached, responded, converted", zh: "触达、回应与转化" }
    ChartCampaignRevenue { en: "Revenue attributed per day", zh: "每日归因收入" }
    CampaignConversionsTitle { en: "Conversions", zh: "转化订单" }
    CampaignConversionsHelp {
        en: "A conversion is a purchase by a member placed between the first and last day; it is found from the orders, so one added later counts too. The newest 200 are listed.",
        zh: "转化指成员在开始与结束日期之间下的购买订单；根据订单自动识别，之后补录的订单同样计入。列出最新的 200 条。",
    }
    CampaignNoConversions { en: "No conversions yet: no member has bought since the first day.", zh: "暂无转化：自开始日期以来尚无成员购买。" }
    ExportContacts { en: "Export contact list (CSV)", zh: "导出联系名单（CSV）" }
    EndCampaign { en: "End campaign today", zh: "今天结束活动" }
    CampaignResponsesTitle { en: "Responses", zh: "客户回应" }
    RecordResponseLabel { en: "Member who responded (customer number or email)", zh: "回应的成员（客户编号或邮箱）" }
    RecordResponse { en: "Record response", zh: "记录回应" }
    ResponseAlready { en: "This member's response is recorded already.", zh: "已记录过该成员的回应。" }
    ResponseNotAMember { en: "No member of this campaign has this number or email.", zh: "此活动的成员中没有该编号或邮箱。" }
    TakeBackResponse { en: "Take back", zh: "撤回" }
    SegmentUsedByCampaigns { en: "This segment is used by the campaigns {}. Delete it anyway? Launched campaigns keep their members.", zh: "营销活动 {} 使用了此分群。仍要删除吗？已启动的活动会保留其成员。" }
    DeleteSegmentAnyway { en: "Delete it anyway", zh: "仍然删除" }
    KeepSegment { en: "Keep it", zh: "保留分群" }
    OptOutTitle { en: "Opted out of", zh: "已退订" }
    OptOutEmail { en: "Marketing email", zh: "营销邮件" }
    OptOutSms { en: "Marketing text messages", zh: "营销短信" }
    OptOutPhone { en: "Marketing calls", zh: "营销电话" }
    // The next best action and popular products on a customer's page.
    NextStepTitle { en: "Next step", zh: "下一步建议" }
    NextResolveOverdue { en: "Ticket {} is overdue: resolve it before anything else.", zh: "工单 {} 已逾期：请优先处理。" }
    NextResolveTicket { en: "Ticket {} is open: resolve it first.", zh: "工单 {} 尚未解决：请先处理。" }
    NextWinBackCampaign { en: "{segment}, last bought {category}: they are in the running campaign “{campaign}” — follow up on it.", zh: "{segment}，最近购买了{category}：已在进行中的活动“{campaign}”中，请跟进。" }
    NextWinBack { en: "{segment}, last bought {category}: include them in a win-back campaign.", zh: "{segment}，最近购买了{category}：建议纳入挽回营销活动。" }
    NextReward { en: "{segment}: thank them with early access or a loyalty reward.", zh: "{segment}：以抢先体验或会员回馈表示感谢。" }
    NextWelcome { en: "New customer: send a welcome and suggest a second purchase.", zh: "新客户：发送欢迎信息并推荐第二次购买。" }
    NextCrossSell { en: "Promising, last bought {category}: suggest products that go with it.", zh: "潜力客户，最近购买了{category}：推荐相关搭配产品。" }
    NextLastTry { en: "Lost for a long time: one last offer, then let them rest.", zh: "已流失较久：最后尝试一次优惠，然后不再打扰。" }
    NextFirstPurchase { en: "No purchase yet: send a first-purchase offer.", zh: "尚未购买：发送首购优惠。" }
    NextGo { en: "Go there", zh: "前往处理" }
    PopularInSegment { en: "Most bought by other “{}” customers:", zh: "其他“{}”客户最常购买：" }
    PopularWithBuyers { en: "Most bought by all buyers:", zh: "所有购买客户最常购买：" }
    PopularBuyers { en: "{} buyers", zh: "{} 位客户购买" }
    // Automation rules (the marketing page).
    AutoTitle { en: "Automation rules", zh: "自动化规则" }
    AutoHelp {
        en: "Switched-on rules run when Fieldbook starts and after every change. Each run only adds what is missing, is one step in the history and can be undone; an undone run stays undone until something else changes.",
        zh: "已开启的规则会在 Fieldbook 启动时以及每次数据变化后运行。每次运行只补充缺少的内容，在历史记录中算作一步，可以撤销；撤销的运行在其他数据变化前不会重做。",
    }
    AutoLapsed { en: "No purchase in a number of days → add a tag", zh: "若干天内未购买 → 添加标签" }
    AutoOverdue { en: "Ticket overdue → raise its priority to high", zh: "工单逾期 → 优先级提升为高" }
    AutoWelcome { en: "New customer → add to a segment", zh: "新客户 → 加入分群" }
    AutoBigSpender { en: "Total spent reaches an amount → add a tag", zh: "消费总额达到金额 → 添加标签" }
    AutoDays { en: "Days", zh: "天数" }
    AutoAmount { en: "Total spent of at least", zh: "金额门槛" }
    AutoTag { en: "Tag to add", zh: "要添加的标签" }
    AutoSegment { en: "Segment to add them to", zh: "加入的分群" }
    AutoSave { en: "Save the rules", zh: "保存规则" }
    AutoSaved { en: "Rules saved: the switched-on ones run now and after every change.", zh: "规则已保存：已开启的规则现在运行，并在每次变化后运行。" }
    AutoBadDays { en: "Days must be a whole number from 1 to 3,650.", zh: "天数必须是 1 到 3650 之间的整数。" }
    AutoBadAmount { en: "Enter an amount above zero.", zh: "请输入大于零的金额。" }
    AutoLabelEmpty { en: "Enter a name for it.", zh: "请输入名称。" }
    AutoLabelTooLong { en: "At most 40 characters.", zh: "最多 40 个字符。" }
    AutoRan { en: "Automation:", zh: "自动化规则：" }
    AutoDidTag { en: "tagged {n} customers “{label}”", zh: "为 {n} 位客户添加了标签“{label}”" }
    AutoDidRaise { en: "raised {n} overdue tickets to high priority", zh: "将 {n} 个逾期工单提升为高优先级" }
    AutoDidWelcome { en: "added {n} new customers to “{label}”", zh: "将 {n} 位新客户加入“{label}”" }
    HistoryAutomation { en: "Automation rules ran", zh: "自动化规则已运行" }
    SegmentAutomationOrigin { en: "Kept by the rule “new customer → segment”", zh: "由规则“新客户 → 加入分群”维护" }
    // Tickets and campaigns imported from CSV.
    ImportTickets { en: "Import tickets (CSV)", zh: "导入工单（CSV）" }
    ImportCampaigns { en: "Import campaigns (CSV)", zh: "导入营销活动（CSV）" }
    TicketsImported { en: "Imported {n} tickets; {refused} rows refused.", zh: "已导入 {n} 个工单；{refused} 行未导入。" }
    CampaignsImported { en: "Imported {n} campaigns as drafts; {refused} rows refused.", zh: "已导入 {n} 个营销活动（草稿）；{refused} 行未导入。" }
    CsvMissingColumn { en: "The file has no “{}” column.", zh: "文件缺少“{}”列。" }
    CsvUnknownCustomer { en: "no stored customer “{}”", zh: "找不到客户“{}”" }
    CsvUnknownSegment { en: "no stored segment “{}”", zh: "找不到分群“{}”" }
    CsvLine { en: "Line {}", zh: "第 {} 行" }
    CsvRefusedRows { en: "These rows were not imported:", zh: "以下行未导入：" }
    // Rule-based segments (the marketing page).
    RuleBuilderTitle { en: "New segment from a rule", zh: "按规则新建分群" }
    RuleBuilderEditing { en: "Changing the rule of “{}”", zh: "正在修改“{}”的规则" }
    RuleBuilderHelp {
        en: "The customers who meet the conditions now are the members: the segment follows the data as it changes.",
        zh: "当前满足条件的客户即为成员：分群随数据变化而更新。",
    }
    RuleCombine { en: "Customers who meet", zh: "客户需满足" }
    RuleCombineAll { en: "all conditions (AND)", zh: "全部条件（且）" }
    RuleCombineAny { en: "any condition (OR)", zh: "任一条件（或）" }
    RuleComparison { en: "Comparison", zh: "比较方式" }
    RuleValue { en: "Value", zh: "比较值" }
    RuleNegate { en: "NOT", zh: "取反" }
    RuleChoose { en: "— choose —", zh: "— 请选择 —" }
    AddCondition { en: "Add condition", zh: "添加条件" }
    RemoveCondition { en: "Remove condition {}", zh: "删除条件 {}" }
    RuleChurnRisk { en: "Churn risk (%)", zh: "流失概率（%）" }
    RuleOpIs { en: "is", zh: "等于" }
    RuleOpContains { en: "contains", zh: "包含" }
    RuleOpAbove { en: "more than", zh: "大于" }
    RuleOpBelow { en: "less than", zh: "小于" }
    RuleOpAtLeast { en: "at least", zh: "不少于" }
    RuleOpAtMost { en: "at most", zh: "不超过" }
    RuleOpAfter { en: "later than", zh: "晚于" }
    RuleOpBefore { en: "earlier than", zh: "早于" }
    RuleOpOnOrAfter { en: "on or after", zh: "不早于" }
    RuleOpOnOrBefore { en: "on or before", zh: "不晚于" }
    RuleOpEmpty { en: "is empty", zh: "为空" }
    RuleNoConditions { en: "Add at least one condition.", zh: "请至少添加一个条件。" }
    RuleTooManyConditions { en: "A rule has at most 20 conditions.", zh: "一条规则最多 20 个条件。" }
    RuleOpNotForField { en: "This comparison does not fit the field.", zh: "该比较方式不适用于此字段。" }
    RuleValueMissing { en: "Enter a value to compare with.", zh: "请输入比较值。" }
    RuleBadNumber { en: "Enter a number, e.g. 90.", zh: "请输入数字，例如 90。" }
    RuleBadAmount { en: "Enter an amount, e.g. 1000 or 1,000.50.", zh: "请输入金额，例如 1000 或 1,000.50。" }
    RuleBadDay { en: "Enter a day as YYYY-MM-DD, e.g. 2026-03-05.", zh: "请按 YYYY-MM-DD 输入日期，例如 2026-03-05。" }
    RuleMatches { en: "{} customers meet this rule now.", zh: "目前有 {} 位客户符合此规则。" }
    RuleCounting { en: "Counting the customers who meet it…", zh: "正在统计符合条件的客户……" }
    SaveRuleSegment { en: "Save as a segment", zh: "保存为分群" }
    SaveRuleChanges { en: "Save the changed rule", zh: "保存修改后的规则" }
    CancelRuleEdit { en: "Stop changing", zh: "取消修改" }
    RuleSegmentSaved { en: "Segment saved", zh: "分群已保存" }
    RuleSegmentChanged { en: "Segment rule changed", zh: "分群规则已修改" }
    RuleNotSaved { en: "Nothing was saved: fix the marked conditions.", zh: "尚未保存：请修正标出的条件。" }
    EditRule { en: "Change rule", zh: "修改规则" }
    SegmentRuleOrigin { en: "Rule: {}", zh: "规则：{}" }
    RuleAnd { en: "and", zh: "且" }
    RuleOr { en: "or", zh: "或" }
    RuleNot { en: "not", zh: "非" }
    ColumnChurnRisk { en: "Churn risk", zh: "流失概率" }
    FilterChurnFrom { en: "Churn risk at least (%)", zh: "流失风险不低于（%）" }
    ChurnTitle { en: "Who may stop buying", zh: "可能流失的客户" }
    ChurnHelp {
        en: "Logistic regression learns from your own history who made no purchase within the chosen number of days. It is trained on the customers as they stood two such periods before your last order, checked on the period after that (which training never saw), then scores every customer with a purchase. The scores appear in the customer list: a Churn risk column to sort by and a filter.",
        zh: "逻辑回归从您自己的历史数据中学习哪些客户在所选天数内没有再购买。模型以最后一笔订单之前两个周期时的客户状态训练，用其后一个周期（训练从未见过）检验，然后为每位有购买记录的客户打分。分数显示在客户列表中：可排序的“流失风险”列和筛选条件。",
    }
    ChurnHorizon { en: "No purchase within (days)", zh: "未再购买的天数" }
    ScoreChurn { en: "Score churn risk", zh: "计算流失风险" }
    ChurnRunning { en: "Learning from the history…", zh: "正在从历史数据中学习…" }
    ChurnSummary {
        en: "Trained on {train} customers as of {train_day}; checked on {test} customers as of {test_day} against the {n} days that followed. {scored} customers scored, {risk} at risk (50% or more).",
        zh: "以 {train_day} 时的 {train} 位客户训练；以 {test_day} 时的 {test} 位客户按其后 {n} 天的实际情况检验。已为 {scored} 位客户打分，其中 {risk} 位有流失风险（50% 及以上）。",
    }
    ChurnMeasure { en: "Measure", zh: "评估指标" }
    ChurnModelColumn { en: "Model", zh: "模型" }
    ChurnBaseline { en: "Always guess “{}”", zh: "总是猜“{}”" }
    ChurnGuessChurns { en: "stops buying", zh: "不再购买" }
    ChurnGuessStays { en: "buys again", zh: "再次购买" }
    MetricAccuracy { en: "Accuracy", zh: "准确率" }
    MetricPrecision { en: "Precision (flagged who did stop)", zh: "精确率（被标记者中确实流失的比例）" }
    MetricRecall { en: "Recall (who stopped and was flagged)", zh: "召回率（流失者中被标记的比例）" }
    MetricAuc { en: "ROC AUC", zh: "ROC 曲线下面积" }
    ChurnBeats { en: "The model beats always guessing the more common outcome.", zh: "模型优于总是猜测较常见结果的基线。" }
    ChurnNoBetter {
        en: "The model does not beat always guessing the more common outcome: on this data its scores say little.",
        zh: "模型没有优于总是猜测较常见结果的基线：在这些数据上其分数参考价值不大。",
    }
    ChurnWeights { en: "What matters (weight on the scaled feature; positive raises the risk)", zh: "影响因素（标准化特征的权重；正值提高风险）" }
    ChurnWeight { en: "Weight", zh: "权重" }
    FeatureRecentPurchases { en: "Purchases in the period before", zh: "此前一个周期内的购买次数" }
    SeeChurnList { en: "See the customers by churn risk", zh: "按流失风险查看客户" }
    ChurnKeptFailed { en: "The scores were computed but could not be kept for the customer list:", zh: "分数已计算，但无法保存到客户列表：" }
    ChurnStale { en: "The data changed since these scores were computed: score again for current figures.", zh: "计算这些分数后数据已变化：请重新计算以获得最新结果。" }
    RulesTitle { en: "Products bought together", zh: "经常一起购买的产品" }
    RulesHelp {
        en: "Association rules over orders (FP-Growth): orders with the first products also hold the last. Support: the share of orders with every product of the rule; confidence: the share of orders with the first products that also hold the last; lift: how many times more often than by chance. Customer pages recommend products from the rules found last.",
        zh: "基于订单的关联规则（FP-Growth）：包含前项产品的订单也包含后项产品。支持度：包含规则全部产品的订单占比；置信度：包含前项的订单中同时包含后项的占比；提升度：比随机情况高出的倍数。客户页面根据最近一次找到的规则推荐产品。",
    }
    MinSupport { en: "Minimum support (% of orders)", zh: "最小支持度（占订单 %）" }
    MinRuleConfidence { en: "Minimum confidence (%)", zh: "最小置信度（%）" }
    MinLift { en: "Minimum lift", zh: "最小提升度" }
    MaxItems { en: "Products per rule, at most", zh: "每条规则最多产品数" }
    FindRules { en: "Find rules", zh: "查找关联规则" }
    RulesRunning { en: "Finding rules…", zh: "正在查找关联规则…" }
    RulesSummary {
        en: "{rules} rules from {baskets} orders (a set of products needs {min} orders); {ms} ms in the background.",
        zh: "从 {baskets} 个订单中找到 {rules} 条规则（产品组合至少需 {min} 个订单）；后台用时 {ms} 毫秒。",
    }
    RulesShownOf { en: "The strongest {} are listed.", zh: "列出最强的 {} 条。" }
    RulesNone { en: "No rule passes these bars: lower the minimum support, confidence or lift.", zh: "没有规则满足这些条件：请降低最小支持度、置信度或提升度。" }
    RulesTooMany {
        en: "Too many combinations of products reach this support (the search stops at {}): raise the minimum support or lower the products per rule.",
        zh: "达到此支持度的产品组合过多（搜索上限为 {} 个）：请提高最小支持度或减少每条规则的产品数。",
    }
    RulesStale { en: "The data changed since these rules were found: find them again for current figures.", zh: "找到这些规则后数据已变化：请重新查找以获得最新结果。" }
    RulesInvalid {
        en: "Support must be at least 0.01 and at most 100, confidence from 0 to 100, lift 0 or more.",
        zh: "支持度须在 0.01 到 100 之间，置信度在 0 到 100 之间，提升度不小于 0。",
    }
    RuleIf { en: "Orders with", zh: "订单包含" }
    RuleThen { en: "also hold", zh: "也包含" }
    RuleSupport { en: "Support", zh: "支持度" }
    RuleConfidence { en: "Rule confidence", zh: "置信度" }
    RuleLift { en: "Lift", zh: "提升度" }
    ExportRules { en: "Export rules (CSV)", zh: "导出关联规则（CSV）" }
    RulesKeptFailed { en: "The rules were found but could not be kept for recommendations:", zh: "已找到规则，但无法保存用于推荐：" }
    Recommended { en: "Recommended products", zh: "推荐产品" }
    RecommendedBecause { en: "bought with {}", zh: "常与{}一起购买" }
    RecommendationsNone { en: "No recommendations yet: find basket rules on the Mining page first.", zh: "暂无推荐：请先在“数据挖掘”页查找关联规则。" }
    RecommendationsNoMatch { en: "No rule matches what this customer bought.", zh: "没有规则与该客户的购买记录匹配。" }
    StaleResults { en: "The data changed since these segments were found: run again for current figures.", zh: "找到这些分群后数据已变化：请重新运行以获得最新结果。" }
    SilhouetteNote { en: "Silhouette on a random sample of 2,000 customers", zh: "轮廓系数基于 2,000 位客户的随机样本" }
    ImportMatching { en: "Looking for customers you already have…", zh: "正在查找已有的客户…" }
    ImportMatchesTitle { en: "Rows that look like customers you already have", zh: "看起来与已有客户相同的行" }
    ForAllMatches { en: "For all of them", zh: "全部设为" }
    DupImportNew { en: "import as new", zh: "作为新客户导入" }
    DupSkip { en: "skip", zh: "跳过" }
    DupMerge { en: "merge into the existing customer", zh: "合并到已有客户" }
    ImportMerged { en: "merged into existing customers:", zh: "合并到已有客户：" }
    DownloadChanges { en: "Download every change (CSV)", zh: "下载全部更改（CSV）" }
}
