//! The one message catalog. Every user-facing string of the app and every validation message
//! lives here in English and Simplified Chinese, side by side, so a key cannot exist in one
//! language only. Terms follow the glossary in docs/domain.md ("Words") (帐户, 经销商关系, 推荐, 业务配置文件…).

use crate::validation::FieldError;

code_enum! {
    /// A supported UI culture.
    #[derive(Default)]
    pub enum Locale {
        #[default]
        EnUs = "en-US",
        ZhCn = "zh-CN",
    }
}

impl Locale {
    /// The BCP 47 tag (`en-US`), as used in `lang` attributes and the API.
    pub fn tag(self) -> &'static str {
        self.as_str()
    }

    /// The language's own name, as shown in a language switch.
    pub fn native_name(self) -> &'static str {
        match self {
            Locale::EnUs => "English",
            Locale::ZhCn => "简体中文",
        }
    }

    /// What separates the items of a list in running text: "a, b" and "甲、乙".
    pub fn list_separator(self) -> &'static str {
        match self {
            Locale::EnUs => ", ",
            Locale::ZhCn => "、",
        }
    }

    /// Parses a tag loosely: `zh`, `zh-cn`, `zh-Hans-CN` → Chinese; `en`, `en-GB` → English.
    pub fn from_tag(tag: &str) -> Option<Self> {
        let lower = tag.trim().to_ascii_lowercase();
        if lower == "zh" || lower.starts_with("zh-") {
            Some(Locale::ZhCn)
        } else if lower == "en" || lower.starts_with("en-") {
            Some(Locale::EnUs)
        } else {
            None
        }
    }

    pub fn text(self, msg: Msg) -> &'static str {
        msg.text(self)
    }

    /// A message with `{name}` placeholders filled in.
    pub fn format(self, msg: Msg, args: &[(&str, &str)]) -> String {
        fill(msg.text(self), args)
    }
}

/// Replaces each `{name}` in `template` with its value.
pub fn fill(template: &str, args: &[(&str, &str)]) -> String {
    let mut out = template.to_string();
    for (name, value) in args {
        out = out.replace(&format!("{{{name}}}"), value);
    }
    out
}

/// FNV-1a over the texts, each ended by a byte no UTF-8 text has.
const fn fnv1a(texts: &[&str]) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    let mut i = 0;
    while i < texts.len() {
        let bytes = texts[i].as_bytes();
        let mut j = 0;
        while j < bytes.len() {
            hash ^= bytes[j] as u64;
            hash = hash.wrapping_mul(0x0100_0000_01b3);
            j += 1;
        }
        hash ^= 0xff;
        hash = hash.wrapping_mul(0x0100_0000_01b3);
        i += 1;
    }
    hash
}

/// `GET /api/catalog/zh-CN/{fingerprint}`: the Chinese texts in the order of `Msg::ALL`.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CatalogTexts {
    pub texts: Vec<String>,
}

/// The catalog's fingerprint as the address writes it.
pub fn catalog_fingerprint() -> String {
    format!("{CATALOG_FINGERPRINT:016x}")
}

/// The Chinese texts of this build's catalog, for the browser.
#[cfg(feature = "zh-catalog")]
pub fn chinese_texts() -> CatalogTexts {
    CatalogTexts {
        texts: Msg::ALL
            .iter()
            .map(|m| m.text(Locale::ZhCn).to_string())
            .collect(),
    }
}

/// Whether Chinese texts are at hand (always, where they are compiled in).
pub fn chinese_installed() -> bool {
    #[cfg(feature = "zh-catalog")]
    return true;
    #[cfg(not(feature = "zh-catalog"))]
    return loaded::installed();
}

/// Installs the Chinese texts fetched for this build (`CatalogTexts` in `Msg::ALL` order);
/// false when they don't fit this catalog (and nothing changes).
pub fn install_chinese(catalog: CatalogTexts) -> bool {
    #[cfg(feature = "zh-catalog")]
    return catalog.texts.len() == Msg::ALL.len();
    #[cfg(not(feature = "zh-catalog"))]
    return loaded::install(catalog.texts);
}

/// The Chinese texts the browser fetched, kept for the page's lifetime.
#[cfg(not(feature = "zh-catalog"))]
mod loaded {
    use std::sync::OnceLock;

    static CHINESE: OnceLock<Vec<&'static str>> = OnceLock::new();

    pub fn install(texts: Vec<String>) -> bool {
        if texts.len() != super::Msg::ALL.len() {
            return false;
        }
        // Leaked once per page: the texts live as long as the app, like compiled-in ones.
        let texts = texts
            .into_iter()
            .map(|t| &*Box::leak(t.into_boxed_str()))
            .collect();
        let _ = CHINESE.set(texts);
        true
    }

    pub fn installed() -> bool {
        CHINESE.get().is_some()
    }

    pub fn text(index: usize) -> Option<&'static str> {
        CHINESE.get().and_then(|texts| texts.get(index).copied())
    }

    #[cfg(test)]
    mod tests {
        use super::super::{install_chinese, CatalogTexts, Locale, Msg};

        #[test]
        fn chinese_is_english_until_the_catalog_is_installed() {
            assert_eq!(Msg::SignIn.text(Locale::ZhCn), "Sign in");
            let wrong = CatalogTexts {
                texts: vec!["登录".into()],
            };
            assert!(!install_chinese(wrong), "a catalog of another build");
            let texts = Msg::ALL
                .iter()
                .map(|m| format!("中文 {}", m.name()))
                .collect();
            assert!(install_chinese(CatalogTexts { texts }));
            assert_eq!(Msg::SignIn.text(Locale::ZhCn), "中文 SignIn");
            assert_eq!(Msg::SignIn.text(Locale::EnUs), "Sign in");
        }
    }
}

macro_rules! catalog {
    ($($key:ident => $en:literal, $zh:literal;)*) => {
        /// A message key. Each has an English and a Chinese text.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        pub enum Msg { $($key),* }

        /// A fingerprint of the whole catalog, both languages, computed while compiling: the
        /// browser (which has no Chinese texts compiled in) asks for exactly its own build's, and
        /// a changed text makes a new address, so the answer can be cached for good.
        pub const CATALOG_FINGERPRINT: u64 = fnv1a(&[$($en, $zh),*]);

        impl Msg {
            pub const ALL: &'static [Msg] = &[$(Msg::$key),*];

            pub fn text(self, locale: Locale) -> &'static str {
                match locale {
                    Locale::EnUs => self.english(),
                    Locale::ZhCn => self.chinese().unwrap_or_else(|| self.english()),
                }
            }

            fn english(self) -> &'static str {
                match self { $(Msg::$key => $en),* }
            }

            /// The Chinese text, compiled in (the server, the tests).
            #[cfg(feature = "zh-catalog")]
            fn chinese(self) -> Option<&'static str> {
                Some(match self { $(Msg::$key => $zh),* })
            }

            /// The Chinese text, once the browser has fetched the catalog
            /// ([`install_chinese`]); English until then.
            #[cfg(not(feature = "zh-catalog"))]
            fn chinese(self) -> Option<&'static str> {
                loaded::text(self as usize)
            }

            pub fn name(self) -> &'static str {
                match self { $(Msg::$key => stringify!($key)),* }
            }
        }
    };
}

catalog! {
    // Cloud instances (the reference text's names; Germany's cloud closed in 2021)
    InstanceGlobal => "Microsoft global cloud", "Microsoft 全球云";
    InstanceUsGovernment => "US Government cloud", "美国政府 Microsoft 云";
    InstanceGermany => "Microsoft Cloud Germany (legacy)", "德国 Microsoft 云（旧版）";
    InstanceChina21Vianet => "Microsoft cloud operated by 21Vianet", "由世纪互联运营的 Microsoft 云";
    // Business profile
    IndustryAgriculture => "Agriculture", "农业";
    IndustryEducation => "Education", "教育";
    IndustryFinancial => "Financial services", "金融服务";
    IndustryGovernment => "Government", "政府";
    IndustryHealthcare => "Healthcare", "医疗保健";
    IndustryManufacturing => "Manufacturing", "制造业";
    IndustryMedia => "Media and communications", "媒体和通信";
    IndustryNonprofit => "Nonprofit", "非营利组织";
    IndustryProfessional => "Professional services", "专业服务";
    IndustryRetail => "Retail", "零售";
    IndustryTechnology => "Technology", "技术";
    IndustryTransportation => "Transportation and logistics", "运输和物流";
    OfferingM365 => "Microsoft 365", "Microsoft 365";
    OfferingAzure => "Azure", "Azure";
    OfferingDynamics => "Dynamics 365", "Dynamics 365";
    OfferingSecurity => "Security", "安全";
    OfferingTeams => "Teams Phone and calling", "Teams 电话和通话";
    OfferingCopilot => "Copilot", "Copilot";
    OfferingMigration => "Migration", "迁移";
    OfferingManaged => "Managed services", "托管服务";
    OfferingTraining => "Training", "培训";
    NavBusinessProfile => "Business profile", "业务配置文件";
    ProfileTitle => "Business profile", "业务配置文件";
    ProfileIntro => "What customers and providers see of your company. A complete, current profile gets more referrals.", "客户和提供商看到的公司信息。完整且最新的业务配置文件会带来更多推荐。";
    LabelProfileName => "Company name (public)", "公司名称（公开）";
    LabelDescription => "Description", "说明";
    HintDescription => "What you do and for whom: at least 80 characters counts as filled in, at most 2,000.", "你的业务和服务对象：至少 80 个字符才算已填写，最多 2,000 个字符。";
    LabelWebsite => "Website", "网站";
    HintWebsite => "A secure address: https://www.contoso.com", "安全地址：https://www.contoso.com";
    LabelIndustries => "Industries", "行业";
    LabelOfferings => "Products and services", "产品和服务";
    LabelLocations => "Locations", "地点";
    HintLocations => "Up to 10 offices: city and country/region.", "最多 10 个办公地点：城市和国家/地区。";
    AddLocation => "Add location", "添加地点";
    RemoveLocation => "Remove location {n}", "删除地点 {n}";
    LabelProfileEmail => "Contact e-mail", "联系电子邮件";
    Completeness => "Profile completeness", "业务配置文件完整度";
    CompletenessFigure => "{percent}% complete: {filled} of {of} recommended fields", "已完成 {percent}%：{of} 个推荐字段中已填写 {filled} 个";
    CompletenessMissing => "Still missing: {fields}", "尚未填写：{fields}";
    CompletenessDone => "Every recommended field is filled in.", "所有推荐字段均已填写。";
    ProfilePreview => "Preview: how customers see you", "预览：客户看到的样子";
    ProfileNeverSaved => "Not saved yet: these are your partner details.", "尚未保存：以下为你的合作伙伴信息。";
    ProfileUpdatedAt => "Last updated {date} by {who}", "最近由 {who} 于 {date} 更新";
    ProfileSaved => "Business profile saved.", "业务配置文件已保存。";
    NoDescription => "No description yet.", "尚无说明。";
    CharCount => "{count} of {max} characters", "{count}/{max} 个字符";

    // Links between indirect providers and resellers
    NavLinks => "Channel", "渠道";
    LinksTitleProvider => "Indirect resellers", "间接经销商";
    LinksTitleReseller => "Indirect providers", "间接提供商";
    LinksIntroProvider => "Resellers you work with. Invite one by partner ID or by the e-mail of one of its users; once it accepts, you can refer customers to it and create customers on its behalf.", "与你合作的经销商。可通过合作伙伴 ID 或其用户的电子邮件邀请；对方接受后，你可以向其推荐客户并代其创建客户。";
    LinksIntroReseller => "Providers you buy through. Accept a provider's request to receive its referrals and the customers it creates for you.", "你通过其采购的提供商。接受提供商的请求后，即可接收其推荐以及其为你创建的客户。";
    LinksNotForProgram => "Links are between indirect providers and indirect resellers; your company buys direct.", "链接仅用于间接提供商和间接经销商之间；你的公司为直接经销商。";
    LinkPending => "Waiting for answer", "等待答复";
    LinkActive => "Active", "活动";
    LinkDeclined => "Declined", "已拒绝";
    LinkEnded => "Ended", "已结束";
    LabelReseller => "Indirect reseller", "间接经销商";
    LabelResellerKey => "Reseller's partner ID or user e-mail", "经销商的合作伙伴 ID 或用户电子邮件";
    HintResellerKey => "The reseller finds its partner ID on its own Channel page.", "经销商可在其“渠道”页面上找到自己的合作伙伴 ID。";
    SendLinkRequest => "Send request", "发送请求";
    LinkRequested => "Request sent to {name}.", "已向 {name} 发送请求。";
    AcceptLink => "Accept", "接受";
    DeclineLink => "Decline", "拒绝";
    EndLink => "End link", "结束链接";
    EndLinkConfirm => "End the link with {name}? No new referrals or customers will come through it; history stays.", "要结束与 {name} 的链接吗？之后不会再通过该链接产生新的推荐或客户；历史记录会保留。";
    LinkAcceptedToast => "You are now linked with {name}.", "你现已与 {name} 建立链接。";
    LinkDeclinedToast => "Request from {name} declined.", "已拒绝来自 {name} 的请求。";
    LinkEndedToast => "Link with {name} ended.", "已结束与 {name} 的链接。";
    NoLinksProvider => "No resellers yet. Invite the first one above.", "尚无经销商。请在上方邀请第一个经销商。";
    NoLinksReseller => "No providers yet. When a provider invites you, its request appears here.", "尚无提供商。提供商邀请你后，请求会显示在这里。";
    YourPartnerId => "Your partner ID", "你的合作伙伴 ID";
    ColPartner => "Partner", "合作伙伴";
    ColSince => "Since", "开始时间";
    ColReferrals => "Referrals", "推荐";
    ThroughProvider => "via {name}", "通过 {name}";
    ForReseller => "for {name}", "代表 {name}";
    ChannelCustomer => "Created by {provider} for {reseller}.", "由 {provider} 代表 {reseller} 创建。";
    ChannelReadOnly => "Your provider manages this account; contact it for changes.", "此帐户由你的提供商管理；如需更改，请与其联系。";
    LabelCreateForReseller => "Create for an indirect reseller", "代表间接经销商创建";
    NoReseller => "No one: the customer is ours", "无：客户归我们所有";
    HintCreateForReseller => "Both of you will see the customer; the reseller sees it came through you.", "双方都会看到该客户；经销商会看到客户是通过你获得的。";

    // Referrals
    NavReferrals => "Referrals", "推荐";
    ReferralsTitle => "Referrals", "推荐";
    ReferralsIntro => "Customers referred to you by providers and the marketplace. Answer within 7 days; unanswered referrals expire after 14.", "由提供商和市场推荐给你的客户。请在 7 天内答复；未答复的推荐将在 14 天后过期。";
    ReferralsSentIntro => "Customers you referred to your resellers, and where each stands.", "你推荐给经销商的客户及其状态。";
    ReferralInbox => "Inbox", "收件箱";
    ReferralSent => "Sent", "已发送";
    ReferralNew => "New", "新建";
    ReferralAccepted => "Accepted", "已接受";
    ReferralDeclined => "Declined", "已拒绝";
    ReferralWon => "Won", "已成交";
    ReferralExpired => "Expired", "已过期";
    Overdue => "Overdue", "已逾期";
    OverdueCount => "{count} overdue", "{count} 个已逾期";
    AllStates => "All", "全部";
    FilterReferralState => "Filter by state", "按状态筛选";
    ColReceived => "Received", "接收时间";
    ColFrom => "From", "来源";
    ColTo => "To", "接收方";
    ColSeats => "Seats", "席位";
    ColInterest => "Interested in", "感兴趣的产品";
    Marketplace => "Marketplace", "市场";
    NoReferrals => "No referrals here. Keep your business profile current: customers find you through it.", "此处没有推荐。请保持业务配置文件为最新：客户会通过它找到你。";
    NoReferralsSent => "You haven't referred anyone yet.", "你尚未推荐任何客户。";
    ReferACustomer => "Refer a customer", "推荐客户";
    ReferTitle => "Refer a customer", "推荐客户";
    ReferIntro => "Send a customer to one of your linked resellers. It lands in the reseller's referrals inbox.", "将客户推荐给一个已链接的经销商。推荐会进入该经销商的推荐收件箱。";
    NoActiveLinks => "You have no active reseller links. Invite a reseller on the Channel page first.", "你没有活动的经销商链接。请先在“渠道”页面邀请经销商。";
    ChooseReseller => "Choose a reseller", "选择经销商";
    LabelSeats => "Estimated seats", "预计席位数";
    LabelNotes => "Notes", "备注";
    LabelInterest => "Products of interest", "感兴趣的产品";
    SendReferral => "Send referral", "发送推荐";
    ReferralSentToast => "Referral of {company} sent to {name}.", "已将 {company} 推荐给 {name}。";
    ReferralTitle => "Referral: {company}", "推荐：{company}";
    BackToReferrals => "Back to referrals", "返回推荐";
    ReferralReceivedAt => "Received {date}", "接收于 {date}";
    ReferralExpiresAt => "Expires {date} without an answer", "若未答复，将于 {date} 过期";
    AcceptReferral => "Accept and add customer", "接受并添加客户";
    AddCustomerFromReferral => "Add the customer", "添加客户";
    DeclineReferral => "Decline", "拒绝";
    DeclineReferralTitle => "Decline the referral of {company}", "拒绝 {company} 的推荐";
    LabelDeclineReason => "Reason", "原因";
    LabelDeclineText => "Explanation", "说明";
    HintDeclineText => "Required for “Other”. The provider sees it.", "选择“其他”时必填。提供商会看到此说明。";
    DeclineNotAFit => "Not a fit for our offerings", "与我们的产品和服务不匹配";
    DeclineNoCapacity => "No capacity right now", "目前没有余力";
    DeclineOutsideRegion => "Outside the regions we serve", "不在我们服务的区域内";
    DeclineUnreachable => "Customer can't be reached", "无法联系到客户";
    DeclineDuplicate => "Already our customer or a duplicate", "已是我们的客户或重复推荐";
    DeclineOther => "Other", "其他";
    ReferralDeclinedToast => "Referral of {company} declined.", "已拒绝 {company} 的推荐。";
    ReferralAcceptedToast => "Referral accepted: add the customer now.", "已接受推荐：现在添加客户。";
    ReferralAnswered => "Answered {date} by {who}", "由 {who} 于 {date} 答复";
    ReferralDeclineReasonIs => "Reason: {reason}", "原因：{reason}";
    OpenCustomer => "Open customer", "打开客户";
    FromReferralBanner => "From the referral of {company}: check the details and complete the rest. Creating the customer marks the referral won.", "来自 {company} 的推荐：请检查详细信息并填写其余内容。创建客户后，该推荐将标记为已成交。";
    OverdueReferrals => "Overdue referrals", "已逾期的推荐";
    NewReferrals => "New referrals", "新推荐";

    // Audit: channel
    AuditProfileUpdated => "Business profile updated", "已更新业务配置文件";
    AuditLinkRequested => "Reseller link requested", "已请求经销商链接";
    AuditLinkAccepted => "Provider link accepted", "已接受提供商链接";
    AuditLinkDeclined => "Provider link declined", "已拒绝提供商链接";
    AuditLinkEnded => "Link ended", "已结束链接";
    AuditReferralSent => "Referral sent", "已发送推荐";
    AuditReferralAccepted => "Referral accepted", "已接受推荐";
    AuditReferralDeclined => "Referral declined", "已拒绝推荐";
    AuditReferralWon => "Referral won", "推荐已成交";
    AuditReferralExpired => "Referral expired", "推荐已过期";

    // Errors: channel
    ErrOutOfRange => "Enter a number from {min} to {max}.", "请输入 {min} 到 {max} 之间的数字。";
    ErrTooMany => "At most {max}.", "最多 {max} 个。";
    ErrIncorrectCode => "The code is wrong, too old, or was used already.", "代码错误、已过期或已被使用。";
    ErrNotWithGlobalAdmin => "Not possible with Global Administrator among the roles: such access must be asked for again when it ends.", "角色中包含全局管理员时不可用：此类访问权限到期后必须重新请求。";
    ErrNotGranted => "This admin relationship doesn't grant that role: choose among its roles.", "此管理员关系未授予该角色：请从其角色中选择。";
    ErrUnknownPartner => "No indirect reseller in your cloud instance has this partner ID or user e-mail.", "你的云实例中没有具有此合作伙伴 ID 或用户电子邮件的间接经销商。";
    ErrInvalidWebsite => "Enter a secure web address that starts with https://", "请输入以 https:// 开头的安全网址";
    ErrNumber => "Enter a whole number, digits only.", "请输入整数，仅限数字。";
    RefusedReferralNotNew => "This referral was already answered or has expired.", "此推荐已被答复或已过期。";
    RefusedReferralNotAccepted => "Accept the referral before creating its customer.", "请先接受推荐，然后再创建其客户。";
    RefusedLinkExists => "You already have an open link with this reseller.", "你与该经销商已有未结束的链接。";
    RefusedLinkNotPending => "This request was already answered.", "此请求已被答复。";
    RefusedLinkNotActive => "This link has ended.", "此链接已结束。";

    // Shell
    AppName => "PartnerDesk", "PartnerDesk";
    NavCustomers => "Customers", "客户";
    NavAddCustomer => "Add customer", "添加客户";
    NavMain => "Main navigation", "主导航";
    NavToggle => "Show or hide the navigation", "显示或隐藏导航";
    NavGroupCustomers => "Customer accounts", "客户帐户";
    NavGroupChannel => "Partner network", "合作伙伴网络";
    NavGroupAdmin => "Administration", "管理";
    NotForRoleTitle => "Not part of your role", "不属于你的角色";
    NotForRoleText => "Your role doesn't include this page. Ask a global admin of your organization if you need it.", "你的角色不包含此页面。如有需要，请联系你的组织的全局管理员。";
    BackToOverview => "Back to the overview", "返回概览";
    Copy => "Copy", "复制";
    Copied => "Copied", "已复制";
    CopyFailed => "Couldn't copy: select the text and copy it", "无法复制：请选中文本后复制";
    CopyTempPassword => "Copy the temporary password", "复制临时密码";
    CopyCustomerId => "Copy the customer ID", "复制客户 ID";
    CopyTenantId => "Copy the tenant ID", "复制租户 ID";
    CopyLink => "Copy the link", "复制链接";
    CopyAuthenticatorKey => "Copy the key", "复制密钥";
    MessageLinks => "Links in this message", "此邮件中的链接";
    Language => "Language", "语言";
    SkipToContent => "Skip to main content", "跳到主要内容";
    SignedInAs => "Signed in as {name}", "已登录：{name}";

    // Dashboard and feedback
    NavDashboard => "Overview", "概览";
    DashboardTitle => "Overview", "概览";
    DashboardIntro => "Your customers at a glance. Each figure opens the matching list.", "客户概况一览。点击任一数字即可打开对应的列表。";
    AllCustomers => "All customers", "全部客户";
    PendingInvitations => "Pending invitations", "待处理的邀请";
    NewCustomersPerMonth => "New customers per month", "每月新增客户";
    ChartSummary => "{total} new customers in the last 12 months; most in {month} ({count}).", "过去 12 个月新增 {total} 个客户；最多的月份是 {month}（{count} 个）。";
    RoleHasNoCustomers => "Your role doesn't include customer accounts. Ask a global admin if you need access.", "你的角色不包含客户帐户。如需访问，请联系全局管理员。";
    FilterRelationship => "Filter by relationship", "按关系筛选";
    FilterAll => "All", "全部";
    AnyCountry => "Any country/region", "任意国家/地区";
    AnyReseller => "Any reseller", "任意经销商";
    CreatedFrom => "Created from", "创建日期自";
    CreatedTo => "Created to", "创建日期至";
    SearchCustomers => "Search customers", "搜索客户";
    SearchPlaceholder => "Company, domain or email", "公司、域名或电子邮件";
    NoMatches => "No customers match this filter.", "没有符合此筛选条件的客户。";
    Dismiss => "Dismiss", "关闭";
    UserDisabled => "User disabled.", "用户已禁用。";

    // Customer list
    CustomerListTitle => "Customer list", "客户列表";
    CustomerListIntro => "Every customer account your organization resells to.", "你的组织作为经销商服务的所有客户帐户。";
    ColCompany => "Company", "公司";
    ColPrimaryDomain => "Primary domain", "主域名";
    ColCountry => "Country/region", "国家/地区";
    ColRelationship => "Relationship", "关系";
    ColCreated => "Created", "创建时间";
    CustomersEmpty => "No customers yet. Add your first customer account to start selling subscriptions.", "还没有客户。添加第一个客户帐户即可开始销售订阅。";
    CustomerCount => "{count} customers", "共 {count} 个客户";
    CustomerCountOne => "1 customer", "共 1 个客户";
    CustomerCountAtLeast => "More than {count} customers", "超过 {count} 个客户";
    CustomerRange => "{first}–{last} of {count}", "第 {first}–{last} 个，共 {count} 个";
    CustomerRangeAtLeast => "{first}–{last} of more than {count}", "第 {first}–{last} 个，共超过 {count} 个";
    RowsPerPage => "Rows per page", "每页行数";
    MoreFilters => "More filters", "更多筛选条件";
    MoreFiltersActive => "More filters ({count})", "更多筛选条件（{count}）";
    PagePrevious => "Previous", "上一页";
    PageNext => "Next", "下一页";
    Pagination => "Pagination", "分页";
    Loading => "Loading…", "正在加载…";
    Retry => "Try again", "重试";

    // Relationship states
    RelInvited => "Invited", "已邀请";
    RelActive => "Active", "活动";
    RelEnded => "Ended", "已结束";
    RelExpired => "Expired", "已过期";
    RelRevoked => "Revoked", "已撤销";

    // Add customer
    AddCustomerTitle => "Add customer", "添加客户";
    AddCustomerIntro => "Create the customer account that selling subscriptions, billing and support start from.", "创建客户帐户，作为销售订阅、计费和提供支持的起始点。";
    SectionAccount => "Account information", "帐户信息";
    SectionDomain => "Primary domain", "主域名";
    SectionAddress => "Billing address", "帐单地址";
    SectionContact => "Primary contact", "主要联系人";
    LabelCompanyName => "Company name", "公司名称";
    LabelCountry => "Country/region", "国家/地区";
    LabelDomainPrefix => "Domain prefix", "域名前缀";
    LabelAddressLine1 => "Address line 1", "地址行 1";
    LabelAddressLine2 => "Address line 2", "地址行 2";
    LabelAddressLine3 => "Address line 3", "地址行 3";
    LabelCity => "City", "城市";
    LabelState => "State/province", "州/省";
    LabelPostalCode => "Postal code", "邮政编码";
    LabelFirstName => "First name", "名字";
    LabelLastName => "Last name", "姓氏";
    LabelEmail => "Email", "电子邮件";
    LabelPhone => "Phone number", "电话号码";
    LabelRegistrationNumber => "Company registration number", "公司注册号";
    LabelLanguage => "Language", "语言";
    Optional => "optional", "可选";
    Required => "required", "必填";
    SelectPlaceholder => "Select…", "请选择…";
    LanguageFromCountry => "From the country/region ({language})", "根据国家/地区（{language}）";
    HintDomain => "The customer's initial domain will be {domain}. It can't be changed later.", "客户的初始域名将为 {domain}，以后无法更改。";
    HintPostalFormat => "Format: {example}", "格式：{example}";
    HintContactEmail => "The customer's administrator, not someone at your company.", "客户的管理员，而不是你公司的人员。";
    DomainChecking => "Checking availability…", "正在检查是否可用…";
    DomainAvailable => "{domain} is available.", "{domain} 可用。";
    DomainCheckOffline => "Availability will be checked when you're back online.", "恢复联网后将检查是否可用。";
    DomainCheckFailed => "Availability couldn't be checked just now; it is checked again when you create the customer.", "暂时无法检查是否可用；创建客户时会再次检查。";
    CreateCustomer => "Create customer", "创建客户";
    Creating => "Creating…", "正在创建…";
    Cancel => "Cancel", "取消";
    FixErrors => "Some fields need attention. They are marked below.", "部分字段需要修改，已在下方标出。";
    NetworkError => "Can't reach PartnerDesk. Your entries are kept — try again when you're back online.", "无法连接到 PartnerDesk。你输入的内容已保留，恢复联网后请重试。";
    ServiceUnavailable => "PartnerDesk is briefly unavailable. Your entries are kept — try again in a few seconds.", "PartnerDesk 暂时不可用。你输入的内容已保留，请几秒钟后重试。";
    ServerError => "Something went wrong on our side. Reference: {id}", "服务器出现问题。参考编号：{id}";
    Offline => "You're offline. Checks still run; saving needs a connection.", "你当前处于脱机状态。仍可检查输入，保存需要联网。";

    // Customer agreement and the steps of "add customer"
    SectionAgreement => "Customer agreement", "客户协议";
    AgreementIntro => "The customer must accept the customer agreement before you create the account. Record who accepted it and when.", "创建帐户前，客户必须接受客户协议。请记录接受者及接受日期。";
    LabelAgreementFirstName => "Accepted by: first name", "接受人名字";
    LabelAgreementLastName => "Accepted by: last name", "接受人姓氏";
    LabelAgreementEmail => "Accepted by: email", "接受人电子邮件";
    LabelAgreementDate => "Date accepted", "接受日期";
    SameAsContact => "Accepted by the primary contact", "由主要联系人接受";
    StepContact => "Contact and agreement", "联系人和协议";
    StepReview => "Review", "审阅";
    StepOf => "Step {step} of {steps}", "第 {step} 步，共 {steps} 步";
    Progress => "Progress", "进度";
    Next => "Next", "下一步";
    Back => "Back", "上一步";
    Edit => "Edit", "编辑";
    ReviewIntro => "Check the details, then create the account. The primary domain can't be changed later.", "请检查详细信息，然后创建帐户。主域名以后无法更改。";
    AgreementAcceptedBy => "Accepted by {name} ({email}) on {date}", "{name}（{email}）于 {date} 接受";

    // Edit
    EditCustomerTitle => "Edit customer", "编辑客户";
    EditCustomerIntro => "Company and billing profile. The country/region and the primary domain can't be changed.", "公司和计费配置文件。国家/地区和主域名无法更改。";
    SaveChanges => "Save changes", "保存更改";
    Saving => "Saving…", "正在保存…";
    ChangesSaved => "Changes saved.", "更改已保存。";
    NoChanges => "Nothing to save: no field was changed.", "没有需要保存的更改。";
    ConflictTitle => "Someone else changed this customer", "其他人已更改此客户";
    ConflictText => "Your changes were not saved: the customer was updated after you opened it. Load the latest version and your edits are re-applied on top of it for you to check.", "你的更改未保存：打开后此客户已被更新。加载最新版本后，系统会在其基础上重新应用你的修改，供你检查。";
    ConflictSavedBy => "{name} saved it on {time}.", "{name} 已于 {time} 保存。";
    ConflictChooseIntro => "You both changed these fields. Choose the value to keep for each:", "你们都更改了以下字段。请为每个字段选择要保留的值：";
    ColField => "Field", "字段";
    ConflictTheirs => "Their value (saved)", "对方的值（已保存）";
    ConflictYours => "Your value", "你的值";
    ReloadAndReapply => "Load latest and re-apply my changes", "加载最新版本并重新应用我的更改";
    ConflictReapplied => "Latest version loaded and your changes re-applied. Check them, then save.", "已加载最新版本并重新应用了你的更改。请检查后保存。";

    // Roles
    RoleGlobalAdmin => "Global admin", "全局管理员";
    RoleAdminAgent => "Admin agent", "管理代理";
    RoleSalesAgent => "Sales agent", "销售代理";
    RoleHelpdeskAgent => "Helpdesk agent", "支持代理";
    RoleBillingAdmin => "Billing admin", "计费管理员";
    RoleReferralsAdmin => "Referrals admin", "推荐管理员";

    // Sign-in, password, users
    SignInTitle => "Sign in to PartnerDesk", "登录 PartnerDesk";
    SignInIntro => "Use the work account your partner organization gave you.", "请使用你的合作伙伴组织提供的工作帐户。";
    LabelPassword => "Password", "密码";
    SignIn => "Sign in", "登录";
    SigningIn => "Signing in…", "正在登录…";
    SignOut => "Sign out", "注销";
    SignInFailed => "The email or password is wrong, or the account is disabled.", "电子邮件或密码错误，或帐户已被禁用。";
    SignInThrottled => "Too many failed attempts. Try again in {minutes} min.", "失败次数过多。请在 {minutes} 分钟后重试。";
    SessionExpired => "Your session ended. Sign in again.", "你的会话已结束，请重新登录。";
    SessionEndedTitle => "Your session has ended", "你的会话已结束";
    SessionEndedText => "You were signed out — in another tab, after a while without activity, or by an administrator. Sign in again to go on: this page stays as it is, with what you typed.", "你已被注销（在其他标签页中、长时间无操作后或由管理员操作）。请重新登录以继续：此页面及你输入的内容都会保留。";
    ForgotPasswordLink => "Forgot password?", "忘记密码？";
    ForgotPasswordTitle => "Reset your password", "重置密码";
    ForgotPasswordIntro => "Enter the e-mail address you sign in with. If it belongs to an account, we send it a link to choose a new password. The link works once, for 30 minutes.", "输入你用于登录的电子邮件地址。如果该地址属于某个帐户，我们将向其发送设置新密码的链接。该链接仅可使用一次，有效期 30 分钟。";
    ForgotPasswordSend => "Send link", "发送链接";
    ForgotPasswordSent => "If an account uses {email}, a link to reset its password is on its way. Check the inbox, and the spam folder.", "如果有帐户使用 {email}，重置密码的链接已发出。请查看收件箱以及垃圾邮件文件夹。";
    BackToSignIn => "Back to sign-in", "返回登录";
    ResetPasswordTitle => "Choose a new password", "设置新密码";
    ResetPasswordIntro => "Saving signs you out everywhere; then you sign in with the new password.", "保存后，你将在所有设备上注销；然后使用新密码登录。";
    ResetPasswordSave => "Save new password", "保存新密码";
    ResetPasswordDone => "Your password is changed. Sign in with it now.", "密码已更改。请立即使用新密码登录。";
    ResetLinkUsed => "This link was used already. Ask for a new one if you still need to reset your password.", "此链接已被使用。如果仍需重置密码，请重新申请链接。";
    ResetLinkExpired => "This link has expired: links work for 30 minutes. Ask for a new one.", "此链接已过期：链接有效期为 30 分钟。请重新申请链接。";
    ResetLinkMissing => "This link is incomplete or unknown. Open the link from the e-mail again, or ask for a new one.", "此链接不完整或无效。请重新打开邮件中的链接，或重新申请链接。";
    AskNewResetLink => "Ask for a new link", "重新申请链接";
    EmailResetSubject => "Reset your PartnerDesk password", "重置你的 PartnerDesk 密码";
    EmailResetBody => "Someone asked to reset the password of your PartnerDesk account at {partner}. Open the link to choose a new one. It works once, for 30 minutes.", "有人申请重置你在 {partner} 的 PartnerDesk 帐户密码。打开链接即可设置新密码。该链接仅可使用一次，有效期 30 分钟。";
    EmailResetIgnore => "If you didn't ask for this, ignore this e-mail: your password stays as it is.", "如果这不是你本人的操作，请忽略此邮件：你的密码不会改变。";
    OutboxConfidential => "Contents hidden: a password-reset link is for its recipient only.", "内容已隐藏：重置密码链接仅供收件人使用。";
    SignInAsSomeoneElse => "Sign in as someone else", "以其他用户身份登录";
    SignedInAgain => "Signed in again. You can repeat what you were doing.", "已重新登录。你可以继续刚才的操作。";
    ChangePasswordTitle => "Choose a new password", "设置新密码";
    ChangePasswordIntro => "Your password was set by an administrator. Choose your own before you continue: at least 12 characters.", "你的密码由管理员设置。继续之前请设置自己的密码：至少 12 个字符。";
    LabelCurrentPassword => "Current password", "当前密码";
    LabelNewPassword => "New password", "新密码";
    ChangePassword => "Change password", "更改密码";
    WrongPassword => "The current password is wrong.", "当前密码错误。";
    SecondFactorTitle => "Confirm it's you", "确认是你本人";
    SecondFactorIntro => "Enter the 6-digit code your authenticator app shows now. Without your phone? Enter one of your recovery codes instead.", "请输入身份验证器应用当前显示的 6 位代码。手机不在身边？请改为输入一个恢复代码。";
    SecondFactorNeeded => "Finish signing in with your second factor first.", "请先完成第二重验证。";
    LabelCode => "Code", "代码";
    Verify => "Verify", "验证";
    Verifying => "Verifying…", "正在验证…";
    EnrolTitle => "Set up multi-factor sign-in", "设置多重身份验证登录";
    EnrolRequiredIntro => "Your organization requires a second factor at every sign-in. Set up an authenticator app now to go on.", "你的组织要求每次登录时使用第二重验证。请立即设置身份验证器应用以继续。";
    EnrolScan => "Scan this QR code with an authenticator app on your phone, then enter the 6-digit code it shows.", "请用手机上的身份验证器应用扫描此二维码，然后输入应用显示的 6 位代码。";
    EnrolQrAlt => "QR code to add PartnerDesk to an authenticator app", "用于在身份验证器应用中添加 PartnerDesk 的二维码";
    EnrolSecretLabel => "Can't scan it? Type this key into the app instead:", "无法扫描？请在应用中手动输入此密钥：";
    EnrolStart => "Set up authenticator app", "设置身份验证器应用";
    EnrolConfirm => "Turn on", "启用";
    EnrolConfirming => "Turning on…", "正在启用…";
    RecoveryCodesTitle => "Save your recovery codes", "保存你的恢复代码";
    RecoveryCodesIntro => "Each code signs you in once when your authenticator isn't at hand. Keep them somewhere safe: they are shown only now.", "当身份验证器不在手边时，每个代码可用于登录一次。请妥善保存：它们只显示这一次。";
    RecoveryCodesCopy => "Copy codes", "复制代码";
    RecoveryCodesDone => "I saved them", "我已保存";
    NavSecurity => "Sign-in security", "登录安全";
    SecurityTitle => "Sign-in security", "登录安全";
    SecurityIntro => "How you prove it's you when you sign in.", "你登录时证明身份的方式。";
    SecurityAuthenticatorOn => "Authenticator app: set up", "身份验证器应用：已设置";
    SecurityAuthenticatorOff => "Authenticator app: not set up", "身份验证器应用：未设置";
    SecurityRecoveryLeft => "Recovery codes left: {count} of 10", "剩余恢复代码：{count} 个（共 10 个）";
    SecurityRequired => "Your organization requires multi-factor sign-in.", "你的组织要求多重身份验证登录。";
    SecurityOptional => "Your organization doesn't require multi-factor sign-in yet; setting it up protects your account anyway.", "你的组织尚未要求多重身份验证登录；设置后仍可更好地保护你的帐户。";
    SecurityReplaceHint => "New phone? Ask a global admin to reset your second factors, then set up the app again.", "换了新手机？请联系全局管理员重置你的第二重验证，然后重新设置应用。";
    NewRecoveryCodes => "Make new recovery codes", "生成新的恢复代码";
    NewRecoveryCodesWarning => "Your current recovery codes stop working.", "你当前的恢复代码将失效。";
    MultiFactorTitle => "Multi-factor sign-in", "多重身份验证登录";
    MultiFactorRequire => "Require a second factor for everyone", "要求所有人使用第二重验证";
    MultiFactorHint => "Microsoft requires multi-factor authentication for every partner user. When this is on, users without a second factor set one up before they can do anything else.", "Microsoft 要求所有合作伙伴用户使用多重身份验证。启用后，尚未设置第二重验证的用户必须先完成设置才能进行其他操作。";
    MultiFactorOffBanner => "Multi-factor sign-in isn't required in this workspace. Microsoft requires it for every partner user: a global admin can turn it on under Users.", "此工作区未要求多重身份验证登录。Microsoft 要求所有合作伙伴用户使用该功能：全局管理员可在“用户”页面中启用。";
    MultiFactorOn => "Multi-factor sign-in is now required.", "现已要求多重身份验证登录。";
    MultiFactorOff => "Multi-factor sign-in is no longer required.", "已不再要求多重身份验证登录。";
    ColSecondFactor => "Second factor", "第二重验证";
    SecondFactorSetUp => "Set up", "已设置";
    SecondFactorMissing => "None", "无";
    ResetSecondFactors => "Reset second factors", "重置第二重验证";
    ResetSecondFactorsConfirm => "{name} loses the authenticator app and recovery codes and is signed out everywhere. Where multi-factor is required, they set up a new one at their next sign-in.", "{name} 的身份验证器应用和恢复代码将被移除，并在所有设备上注销。如果要求多重身份验证，其下次登录时须重新设置。";
    SecondFactorsResetDone => "{name}'s second factors are reset.", "已重置 {name} 的第二重验证。";
    AuthenticatorAlreadySet => "An authenticator app is set up already.", "已设置身份验证器应用。";
    PasskeysTitle => "Passkeys", "通行密钥";
    PasskeysIntro => "Confirm it's you with your device's fingerprint, face or screen lock, or with a security key, instead of typing a code.", "使用设备的指纹、面容或屏幕锁，或者使用安全密钥确认身份，无需输入代码。";
    LabelPasskeyName => "Passkey name", "通行密钥名称";
    PasskeyNameHint => "For example “Work laptop”: it tells your passkeys apart.", "例如“工作笔记本”，用于区分你的通行密钥。";
    AddPasskey => "Add a passkey", "添加通行密钥";
    AddingPasskey => "Waiting for your device…", "正在等待你的设备…";
    RemovePasskey => "Remove", "移除";
    RemovePasskeyConfirm => "Remove the passkey “{name}”? It no longer signs you in.", "移除通行密钥“{name}”？移除后将无法再用它登录。";
    PasskeyRemovedDone => "Passkey removed.", "已移除通行密钥。";
    PasskeyAddedDone => "Passkey added.", "已添加通行密钥。";
    UsePasskey => "Use a passkey", "使用通行密钥";
    OrTypeCode => "Or type a code", "或输入代码";
    PasskeyCancelled => "The passkey request was cancelled or timed out. Try again.", "通行密钥请求已取消或超时。请重试。";
    PasskeyUnsupported => "This browser can't use passkeys here. Use an authenticator app instead.", "此浏览器无法在此处使用通行密钥。请改用身份验证器应用。";
    PasskeyAddedOn => "Added {date}", "添加于 {date}";
    PasskeyLastUsed => "last used {date}", "上次使用：{date}";
    NoPasskeys => "No passkeys yet.", "还没有通行密钥。";
    EnrolPasskeyInstead => "Or use a passkey instead", "或改用通行密钥";
    NavUsers => "Users", "用户";
    UsersTitle => "Users and roles", "用户和角色";
    UsersIntro => "People of your organization who can sign in to PartnerDesk, and what each may do.", "你的组织中可以登录 PartnerDesk 的人员及其权限。";
    ColName => "Name", "姓名";
    ColThingName => "Name", "名称";
    ColRole => "Role", "角色";
    ColMembers => "Members", "成员";
    ColGroup => "Group", "组";
    ColAdminRelationship => "Admin relationship", "管理员关系";
    ColStatus => "Status", "状态";
    StatusActive => "Active", "活动";
    StatusDisabled => "Disabled", "已禁用";
    StatusMustChangePassword => "Must change password", "需更改密码";
    AddUser => "Add user", "添加用户";
    LabelDisplayName => "Display name", "显示名称";
    UserCreated => "User added. Give them this temporary password; they must change it when they first sign in. It is shown only once.", "用户已添加。请将此临时密码提供给该用户，其首次登录时必须更改。此密码只显示这一次。";
    Disable => "Disable", "禁用";
    ConfirmDisable => "Disable {name}? They are signed out at once and can't sign in until they are enabled again.", "确定禁用 {name}？该用户将立即注销，在重新启用之前无法登录。";
    Enable => "Enable", "启用";
    UserEnabled => "User enabled. They can sign in again with their password.", "用户已启用。该用户可以使用其密码重新登录。";
    ResetUserPassword => "Reset password", "重置密码";
    ConfirmResetUserPassword => "Give {name} a temporary password? Their current password stops working and they are signed out everywhere.", "要为 {name} 设置临时密码吗？其当前密码将失效，并将在所有设备上注销。";
    UserPasswordIssued => "{name} has a temporary password. Give it to them privately: it is shown only now, and they must change it when they sign in.", "{name} 已获得临时密码。请私下告知对方：密码仅在此时显示，对方登录时必须更改。";
    SaveRole => "Save role", "保存角色";
    RoleSaved => "Role saved.", "角色已保存。";
    Forbidden => "Your role doesn't allow this.", "你的角色不允许执行此操作。";
    ErrEmailTaken => "A user with this email already exists.", "已存在使用此电子邮件的用户。";

    // Customer details
    CustomerDetails => "Customer account", "客户帐户";
    CustomerCreated => "Customer account created.", "客户帐户已创建。";
    CreatedEarlier => "This customer was created by an earlier attempt of the same request, so nothing was created again. Its administrator's temporary password was shown to that attempt only.", "此客户已由同一请求的较早一次尝试创建，因此没有重复创建。其管理员的临时密码仅在那次尝试中显示过。";
    NewTempPassword => "Issue a new temporary password", "签发新的临时密码";
    NewTempPasswordConfirm => "The administrator's current password stops working at once. Issue a new temporary password for {company}?", "管理员当前的密码将立即失效。确定为 {company} 签发新的临时密码？";
    NewTempPasswordIssued => "New temporary password issued", "已签发新的临时密码";
    TempPasswordOnce => "Copy this temporary password now and give it to the customer's administrator. It is shown only once and can't be retrieved later.", "请立即复制此临时密码并提供给客户的管理员。它只显示这一次，之后无法再次获取。";
    TempPassword => "Temporary password", "临时密码";
    AdminSignIn => "Admin sign-in name", "管理员登录名";
    TenantId => "Tenant ID", "租户 ID";
    CustomerId => "Customer ID", "客户 ID";
    Address => "Address", "地址";
    Contact => "Contact", "联系人";
    BackToList => "Back to customer list", "返回客户列表";
    NotFoundTitle => "Page not found", "找不到页面";
    NotFoundText => "There's nothing at this address.", "此地址没有内容。";
    CustomerNotFound => "This customer account doesn't exist or isn't yours.", "此客户帐户不存在，或不属于你的组织。";

    // Invitations (reseller relationship requests)
    NavInvitations => "Invitations", "邀请";
    NavAdminRelationships => "Admin relationships", "管理员关系";
    AdminRelListIntro => "Every admin (GDAP) relationship with your customers: what waits for approval and what ends soon.", "与你的客户之间的所有管理员 (GDAP) 关系：哪些等待批准，哪些即将到期。";
    FilterAdminState => "Filter by state", "按状态筛选";
    ExpiringWithinDay => "Ending within a day", "1 天内到期";
    ExpiringWithin => "Ending within {days} days", "{days} 天内到期";
    NoAdminRelationships => "No admin relationships match.", "没有匹配的管理员关系。";
    StatPendingAdmin => "Admin requests awaiting approval", "等待批准的管理员请求";
    StatActiveAdmin => "Active admin relationships", "活动的管理员关系";
    StatExpiringAdmin => "Admin relationships ending within 31 days", "31 天内到期的管理员关系";
    InvitationsTitle => "Invitations", "邀请";
    InvitationsIntro => "Customers you asked to establish a reseller relationship, and where each request stands.", "你邀请建立经销商关系的客户，以及每个请求的当前状态。";
    InvitationsEmpty => "No invitations yet. Invite a customer you already work with to establish a reseller relationship.", "还没有邀请。邀请已合作的客户建立经销商关系。";
    InviteCustomer => "Invite existing customer", "邀请现有客户";
    InviteTitle => "Invite an existing customer", "邀请现有客户";
    InviteIntro => "For a customer your organization already serves: we email its administrator a personal link to accept the reseller relationship and the customer agreement.", "适用于你的组织已在服务的客户：我们会向其管理员发送个人链接，用于接受经销商关系和客户协议。";
    StepInvitation => "Contact and invitation", "联系人和邀请";
    LabelInvitationMessage => "Personal message", "个人留言";
    HintInvitationMessage => "Optional, shown in the email and on the accept page. Up to 1,000 characters.", "可选，将显示在电子邮件和接受页面中。最多 1,000 个字符。";
    InvitationGoesTo => "The invitation is emailed to the primary contact, {email}, in {language}.", "邀请将以{language}发送给主要联系人 {email}。";
    SendInvitation => "Send invitation", "发送邀请";
    Sending => "Sending…", "正在发送…";
    InvitationSent => "Invitation sent to {email}.", "已向 {email} 发送邀请。";
    InvitationPending => "Pending", "待接受";
    InvitationAccepted => "Accepted", "已接受";
    ColEmail => "Email", "电子邮件";
    ColState => "State", "状态";
    ColSent => "Sent", "发送时间";
    ColExpires => "Expires", "过期时间";
    ColActions => "Actions", "操作";
    Resend => "Resend", "重新发送";
    Revoke => "Revoke", "撤销";
    InvitationResent => "A new link was sent to {email}. The previous link no longer works.", "已向 {email} 发送新链接。之前的链接已失效。";
    InvitationRevokedToast => "Invitation revoked. Its link no longer works.", "邀请已撤销，其链接已失效。";
    ConfirmRevoke => "Revoke the invitation to {company}? Its link stops working at once.", "确定撤销对 {company} 的邀请？其链接将立即失效。";
    SentTimes => "sent {count}×", "已发送 {count} 次";
    AcceptedByOn => "Accepted by {name} on {date}", "{name} 于 {date} 接受";
    InvitationOfCustomer => "Invitation", "邀请";

    // The accept page (opened by the customer, without a partner sign-in)
    AcceptTitle => "Reseller relationship request", "经销商关系请求";
    AcceptIntro => "{partner} asks to become the reseller (partner) of {company}.", "{partner} 请求成为 {company} 的经销商（合作伙伴）。";
    AcceptAccessHeading => "If you accept, {partner} can:", "如果你接受，{partner} 将可以：";
    AccessSubscriptions => "Sell and manage subscriptions for your organization", "为你的组织销售和管理订阅";
    AccessBilling => "Bill your organization for those subscriptions", "就这些订阅向你的组织计费";
    AccessSupport => "Open support requests on your behalf", "代表你提交支持请求";
    AccessAdmin => "No administrator access comes with this: if the partner needs any, it asks for it separately, with named roles for a limited time (GDAP), and your Global Administrator approves or declines each request", "此关系不包含任何管理员访问权限：如果合作伙伴需要，会另行请求具名角色的限时权限 (GDAP)，由你的全局管理员逐一批准或拒绝";
    AcceptMessageFrom => "Message from {partner}", "来自 {partner} 的留言";
    AcceptExpiresOn => "This link works until {date}.", "此链接在 {date} 之前有效。";
    AcceptYourName => "Your name (you accept as an administrator of {company})", "你的姓名（你以 {company} 管理员的身份接受）";
    AcceptConsent => "I accept the customer agreement and authorize this partner as described above.", "我接受客户协议，并按上述说明授权此合作伙伴。";
    AcceptButton => "Accept and establish the reseller relationship", "接受并建立经销商关系";
    Accepting => "Accepting…", "正在接受…";
    AcceptDone => "Done. {partner} is now your reseller. You can close this page.", "已完成。{partner} 现在是你的经销商。你可以关闭此页面。";
    LinkAccepted => "This link was already used: the reseller relationship is established. Nothing more to do.", "此链接已使用：经销商关系已建立，无需其他操作。";
    LinkExpired => "This link has expired. Ask the partner to send you a new one.", "此链接已过期。请联系合作伙伴重新发送。";
    LinkReplaced => "A newer invitation was sent to you for this account, so this link no longer works. Open the link in the latest e-mail from the partner.", "合作伙伴已为此帐户向您发送了更新的邀请，因此此链接已失效。请打开合作伙伴最新邮件中的链接。";
    LinkRevoked => "The partner withdrew this invitation. Contact them if you expected it.", "合作伙伴已撤销此邀请。如有疑问，请与其联系。";
    LinkInvalid => "This link isn't valid. Check that you opened the whole link from the email.", "此链接无效。请确认打开的是电子邮件中的完整链接。";

    // Invitation email
    EmailInviteSubject => "{partner} invites {company} to a reseller relationship", "{partner} 邀请 {company} 建立经销商关系";
    EmailInviteGreeting => "Hello {name},", "{name}，你好：";
    EmailInviteBody => "{partner} asks to become the reseller (partner) of {company}: to sell and manage your subscriptions, bill you for them and help you with support.", "{partner} 请求成为 {company} 的经销商（合作伙伴），为你销售和管理订阅、就订阅计费并提供支持。";
    EmailInviteAction => "Review and accept the request:", "查看并接受此请求：";
    EmailInviteExpiry => "The link works until {date} and only once. If you didn't expect this email, ignore it.", "此链接在 {date} 之前有效，且只能使用一次。如果你没有预期收到此邮件，请忽略。";
    EmailInviteMessage => "Message from {partner}:", "来自 {partner} 的留言：";

    // Outbox
    NavOutbox => "Outbox", "发件箱";
    OutboxTitle => "Outbox", "发件箱";
    OutboxIntro => "Every email PartnerDesk sends for your organization, with its delivery status.", "PartnerDesk 为你的组织发送的所有电子邮件及其投递状态。";
    OutboxNoSmtp => "No mail server is configured: messages wait here. Copy a link from a message and send it yourself.", "尚未配置邮件服务器：邮件将保留在此处。你可以复制邮件中的链接自行发送。";
    OutboxEmpty => "No emails yet. Invitations you send appear here.", "还没有电子邮件。你发送的邀请会显示在这里。";
    ColRecipient => "To", "收件人";
    MailQueued => "Queued", "排队中";
    MailSent => "Sent", "已发送";
    MailFailed => "Failed", "失败";
    ShowMessage => "Show message", "显示邮件";
    HideMessage => "Hide message", "隐藏邮件";
    MailAttempts => "{count} attempts; last error: {error}", "已尝试 {count} 次；最近的错误：{error}";

    // End relationship / remove
    EndRelationship => "End relationship", "结束客户关系";
    EndRelationshipTitle => "End the relationship with {company}?", "确定结束与 {company} 的客户关系？";
    EndRelationshipText => "Every admin (GDAP) relationship with {company} ends with it. The customer account, its history and the audit log are kept, read-only; ended customers stay searchable under the Ended filter.", "与 {company} 的所有管理员 (GDAP) 关系将随之终止。客户帐户、其历史记录和审核日志将以只读方式保留；已结束的客户可在“已结束”筛选条件下搜索到。";
    LabelEndReason => "Reason", "原因";
    LabelEndReasonText => "Explanation", "说明";
    HintEndReasonText => "Required for Other. Up to 500 characters.", "选择“其他”时必填。最多 500 个字符。";
    EndReasonCustomerRequest => "The customer asked for it", "客户要求";
    EndReasonNonPayment => "Non-payment", "未付款";
    EndReasonMoved => "The customer moved to another partner", "客户已转至其他合作伙伴";
    EndReasonOther => "Other", "其他";
    ConfirmEnd => "End relationship with {company}", "结束与 {company} 的客户关系";
    Ending => "Ending…", "正在结束…";
    RelationshipEnded => "The relationship with {company} has ended.", "与 {company} 的客户关系已结束。";
    EndedOn => "Ended on {date}: {reason}", "已于 {date} 结束：{reason}";
    EndedReadOnly => "This relationship has ended. The account is kept read-only.", "此客户关系已结束。帐户以只读方式保留。";
    EndBlockedBySubscriptions => "Subscriptions not cancelled: {count}. Under new commerce a suspended subscription is still billed: cancel every subscription before you end the relationship.", "未取消的订阅：{count} 个。在新商业体验下，已暂停的订阅仍会计费：请先取消所有订阅，再结束客户关系。";
    EndNotActive => "The relationship isn't active (it has ended, or was never accepted), so this isn't possible.", "此客户关系不是活动状态（已结束或从未被接受），因此无法执行此操作。";
    EndBlockedBySubscriptionsShort => "The customer has subscriptions that aren't cancelled (a suspended one is still billed): cancel them first.", "该客户有未取消的订阅（已暂停的订阅仍会计费）：请先取消这些订阅。";
    InvitationNotPendingText => "This invitation can't do that in its current state. Reload the page.", "此邀请在当前状态下无法执行该操作。请刷新页面。";
    RemoveCustomer => "Remove customer", "删除客户";
    ConfirmRemove => "Remove {company} from your customer list? It never accepted your invitation; its invitation link stops working. The audit log keeps a record.", "确定从客户列表中删除 {company}？该客户从未接受你的邀请，其邀请链接将失效。审核日志会保留记录。";
    CustomerRemoved => "{company} was removed.", "已删除 {company}。";
    RemoveNotAllowed => "Customers with an active or ended relationship are ended, not removed: their history stays.", "处于活动或已结束关系的客户只能结束，不能删除：其历史记录会保留。";

    // Subscriptions
    SubscriptionsTitle => "Subscriptions", "订阅";
    SubscriptionsEmpty => "No subscriptions.", "没有订阅。";
    ColOffer => "Offer", "产品";
    SubActive => "Active", "活动";
    SubSuspended => "Suspended", "已暂停";
    SubCancelled => "Cancelled", "已取消";
    SubExpired => "Expired", "已过期";
    ChargePurchase => "Purchase", "购买";
    ChargeIncrease => "More seats (pro rata)", "增加席位（按比例）";
    ChargeRefund => "Refund (pro rata)", "退款（按比例）";
    ChargeRenewal => "Renewal", "续订";
    ChargePeriod => "Billing period", "计费周期";
    TermP1M => "1 month", "1 个月";
    TermP1Y => "1 year", "1 年";
    TermP3Y => "3 years", "3 年";
    CycleMonthly => "Monthly", "按月";
    CycleAnnual => "Annually", "按年";
    CycleTriennial => "Every 3 years", "每 3 年";
    OrderSubscription => "Order subscription", "订购订阅";
    LabelOffer => "Offer", "产品";
    LabelTerm => "Term", "期限";
    LabelBillingCycle => "Billing", "计费周期";
    LabelQuantity => "Seats", "席位数";
    LabelAutoRenew => "Renew automatically when the term ends", "期限结束时自动续订";
    OrderReview => "Review", "核对";
    ReviewSeatPrice => "Price per seat and billing period", "每席位每计费周期价格";
    ReviewPeriodTotal => "Total per billing period", "每计费周期合计";
    ReviewStarts => "Starts", "开始日期";
    ReviewRenews => "Renews on", "续订日期";
    ReviewEnds => "Ends on", "结束日期";
    OrderPlace => "Place order", "下单";
    OrderPlaced => "{offer} ordered.", "已订购 {offer}。";
    OrderNceNote => "Seats can be added at any time. Fewer seats and cancellation are possible only within 7 days of the purchase or a renewal.", "可随时增加席位。仅在购买或续订后 7 天内可以减少席位或取消订阅。";
    OrderNotSellable => "Subscriptions can be ordered for active customers only.", "只能为活动客户订购订阅。";
    ColPeriodTotal => "Per billing period", "每计费周期";
    ColRenews => "Term ends", "期限结束";
    AutoRenewOn => "renews", "自动续订";
    AutoRenewOff => "ends, no renewal", "结束，不续订";
    ChangeSeats => "Change seats", "更改席位";
    TurnAutoRenewOff => "Stop auto-renew", "停止自动续订";
    TurnAutoRenewOn => "Auto-renew", "自动续订";
    ResumeSubscription => "Resume", "恢复";
    WindowOpenUntil => "Fewer seats or cancellation possible until {time}.", "在 {time} 之前可以减少席位或取消。";
    WindowReopens => "Fewer seats or cancellation possible again from {date}, when it renews.", "自 {date} 续订起可再次减少席位或取消。";
    WindowNone => "Fewer seats or cancellation no longer possible this term.", "本期限内已不能减少席位或取消。";
    SuspendedStillBilled => "Suspended subscriptions are still billed until cancelled.", "已暂停的订阅在取消之前仍会计费。";
    SeatsSave => "Save seats", "保存席位";
    RefusedCustomerNotActive => "Only active customers can be sold to.", "只能向活动客户销售。";
    RefusedSubscriptionNotChangeable => "The subscription's state doesn't allow this any more.", "该订阅的状态已不允许此操作。";
    RefusedWindowClosed => "The 7 days for fewer seats or cancellation have passed.", "减少席位或取消的 7 天期限已过。";
    Suspend => "Suspend", "暂停";
    CancelSubscription => "Cancel subscription", "取消订阅";
    SubscriptionChanged => "Subscription {offer}: {status}.", "订阅 {offer}：{status}。";
    ConfirmCancelSubscription => "Cancel {offer}? A cancelled subscription can't be reactivated here.", "确定取消 {offer}？已取消的订阅无法在此处重新激活。";

    // Import
    ImportTitle => "Add existing customers", "添加现有客户";
    ImportIntro => "Import the customers you serve in another portal from a CSV file, one customer per row: UTF-8, UTF-16 or GB18030, separated by commas, semicolons or tabs, as Excel saves it. Nothing is written until you confirm the preview.", "从 CSV 文件导入你在其他门户中服务的客户，每行一个客户：UTF-8、UTF-16 或 GB18030 编码，以逗号、分号或制表符分隔，即 Excel 保存的格式。确认预览之前不会写入任何内容。";
    ImportTemplate => "Download the template", "下载模板";
    ImportColumnsHelp => "Columns: the add-customer fields, headed as in the template — in English, in Chinese, or by their codes (company_name, …). Relationship exists is yes when the reseller relationship already exists there (the customer becomes active), no otherwise (the customer is invited by email). Rows whose primary domain you already have are skipped, so importing a file twice creates no duplicates.", "列：添加客户的各字段，列标题与模板相同，可用中文、英文或字段代码（company_name 等）。如果在其他门户中已存在经销商关系，“已存在经销商关系”填“是”（客户将为活动状态），否则填“否”（将通过电子邮件邀请客户）。主域名已存在的行会被跳过，因此同一文件导入两次不会产生重复。";
    ColContactFirstName => "Contact first name", "联系人名字";
    ColContactLastName => "Contact last name", "联系人姓氏";
    ColContactEmail => "Contact email", "联系人电子邮件";
    ColContactPhone => "Contact phone", "联系人电话";
    ColRelationshipExists => "Relationship exists (yes/no)", "已存在经销商关系（yes/no）";
    LabelFile => "CSV file", "CSV 文件";
    CheckFile => "Check file", "检查文件";
    Checking => "Checking…", "正在检查…";
    ImportSummary => "{total} rows: {ready} ready ({active} active, the rest invited), {duplicates} already in your list, {invalid} with errors.", "共 {total} 行：{ready} 行可导入（{active} 行为活动状态，其余为已邀请），{duplicates} 行已在列表中，{invalid} 行有错误。";
    ImportReadAs => "Read as {encoding}, columns separated by {separator}.", "按 {encoding} 编码读取，列以{separator}分隔。";
    EncodingUtf8 => "UTF-8", "UTF-8";
    EncodingUtf16Le => "UTF-16 (little-endian)", "UTF-16（小端序）";
    EncodingUtf16Be => "UTF-16 (big-endian)", "UTF-16（大端序）";
    EncodingGb18030 => "GB18030", "GB18030";
    SeparatorComma => "commas", "逗号";
    SeparatorSemicolon => "semicolons", "分号";
    SeparatorTab => "tabs", "制表符";
    ExportForExcel => "For Excel (UTF-8)", "适用于 Excel（UTF-8）";
    ExportGb18030 => "GB18030 (older Chinese software)", "GB18030（较旧的中文软件）";
    SimilarSameName => "same name", "名称相同";
    SimilarSameEmailDomain => "contact at the same e-mail domain", "联系人电子邮件域相同";
    SimilarHeading => "You may already have this customer", "你可能已有此客户";
    SimilarIntro => "These customers look like the same company. Open one to check, or go on: a different company may have a similar name.", "这些客户看起来是同一家公司。可打开查看，或继续：不同的公司也可能名称相近。";
    SimilarInFile => "Same name as line {line}", "与第 {line} 行名称相同";
    ColSimilarTo => "Looks like", "疑似相同";
    ImportSimilarHeading => "Rows that look like customers you already have", "看起来与现有客户相同的行";
    ImportSimilarIntro => "These rows will be imported. Check that they are different companies.", "这些行将会导入。请确认它们是不同的公司。";
    ImportProblemsHeading => "Rows that won't be imported", "不会导入的行";
    ColLine => "Line", "行";
    ColProblem => "Problem", "问题";
    ProblemDuplicate => "Already in your customer list (same primary domain): skipped.", "已在客户列表中（主域名相同）：已跳过。";
    ProblemRepeated => "Same primary domain as line {line}.", "主域名与第 {line} 行相同。";
    ProblemColumn => "{column}: {error}", "{column}：{error}";
    ProblemRelationshipExists => "Relationship exists (yes/no): {error}", "已存在经销商关系（yes/no）：{error}";
    ImportRows => "Import {count} customers", "导入 {count} 个客户";
    ImportNothing => "No row can be imported. Fix the file and check it again.", "没有可导入的行。请修正文件后重新检查。";
    Importing => "Importing… {done} of {total}", "正在导入… 第 {done} 行，共 {total} 行";
    ImportDone => "Import finished: {imported} imported, {skipped} skipped, {failed} failed.", "导入完成：已导入 {imported} 个，跳过 {skipped} 个，失败 {failed} 个。";
    ImportAnother => "Import another file", "导入其他文件";
    ImportStale => "This preview is no longer available (it is kept for an hour). Check the file again.", "此预览已失效（仅保留一小时）。请重新检查文件。";
    MoreProblems => "…and {count} more rows with problems.", "…还有 {count} 行有问题。";
    ErrMissingColumn => "The file has no “{column}” column.", "文件缺少“{column}”列。";
    ErrRepeatedColumn => "The “{column}” column appears twice: keep one.", "“{column}”列出现了两次：请只保留一个。";
    ErrUnknownColumn => "Unknown column {column}: check its spelling against the template.", "未知列 {column}：请对照模板检查拼写。";

    // Audit log
    NavAudit => "Audit log", "审核日志";
    AuditTitle => "Audit log", "审核日志";
    AuditIntro => "Every change in your organization's PartnerDesk: who, when (UTC), what and the values before and after. Entries can't be edited or deleted.", "你的组织在 PartnerDesk 中的每项更改：执行者、时间（UTC）、操作以及更改前后的值。条目无法编辑或删除。";
    AuditEmpty => "No entries match these filters.", "没有符合这些筛选条件的条目。";
    LabelFrom => "From", "开始日期";
    AuditKeyEndedAt => "Relationship ended at", "关系结束时间";
    AuditKeyEndReason => "Reason for ending", "结束原因";
    AuditKeyEndReasonText => "Explanation for ending", "结束说明";
    AuditKeyExpiresAt => "Expires", "到期时间";
    AuditKeyLastSentAt => "Last sent", "上次发送时间";
    AuditKeySentCount => "Times sent", "发送次数";
    AuditKeyAcceptedAt => "Accepted", "接受时间";
    AuditKeyAcceptedBy => "Accepted by", "接受者";
    AuditKeyDisabled => "Disabled", "已禁用";
    AuditKeyMustChangePassword => "Must change password", "须更改密码";
    AuditKeyId => "ID", "ID";
    AuditKeySource => "Source", "来源渠道";
    AuditKeyFromId => "From (partner ID)", "来源（合作伙伴 ID）";
    AuditKeyToId => "To (partner ID)", "接收方（合作伙伴 ID）";
    AuditKeyProvider => "Indirect provider", "间接提供商";
    AuditKeyProviderId => "Indirect provider (partner ID)", "间接提供商（合作伙伴 ID）";
    AuditKeyResellerId => "Indirect reseller (partner ID)", "间接经销商（合作伙伴 ID）";
    AuditKeyRespondedAt => "Answered", "答复时间";
    AuditKeyRespondedBy => "Answered by", "答复人";
    AuditKeyLinkEndedAt => "Ended", "结束时间";
    AuditValueYes => "Yes", "是";
    AuditValueNo => "No", "否";
    LabelTo => "To", "结束日期";
    LabelAction => "Action", "操作";
    LabelUser => "User", "用户";
    LabelCustomer => "Customer", "客户";
    AllActions => "All actions", "全部操作";
    AllUsers => "All users", "全部用户";
    ExportCsv => "Export CSV", "导出 CSV";
    LoadMore => "Load more", "加载更多";
    ColWhen => "When (UTC)", "时间 (UTC)";
    ColWho => "Who", "执行者";
    ColObject => "Object", "对象";
    ColChanges => "Changes", "更改";
    ColBefore => "Before", "更改前";
    ColAfter => "After", "更改后";
    ClearFilters => "Clear filters", "清除筛选";
    AuditTrail => "Audit trail", "审核记录";
    ActorSystem => "PartnerDesk (automatic)", "PartnerDesk（自动）";
    AuditCustomerCreated => "Customer created", "已创建客户";
    AuditCustomerUpdated => "Customer edited", "已编辑客户";
    AuditAdminPasswordReset => "Administrator's temporary password reissued", "已重新签发管理员临时密码";
    AuditCustomerImported => "Customer imported", "已导入客户";
    AuditCustomerEnded => "Relationship ended", "已结束客户关系";
    AuditCustomerRemoved => "Customer removed", "已删除客户";
    AuditInvitationCreated => "Invitation sent", "已发送邀请";
    AuditInvitationResent => "Invitation resent", "已重新发送邀请";
    AuditInvitationRevoked => "Invitation revoked", "已撤销邀请";
    AuditInvitationAccepted => "Invitation accepted", "已接受邀请";
    AuditInvitationExpired => "Invitation expired", "邀请已过期";
    AuditSubscriptionSuspended => "Subscription suspended", "已暂停订阅";
    AuditSubscriptionCancelled => "Subscription cancelled", "已取消订阅";
    AuditKeyOfferId => "Product ID", "产品 ID";
    AuditKeyCurrency => "Currency", "币种";
    AuditKeySeatPrice => "Seat price per billing period (minor units)", "每计费周期席位价格（最小货币单位）";
    AuditKeyTermStartedAt => "Term started at", "本期限开始时间";
    AuditKeyTermStartsOn => "Term starts on", "期限开始日期";
    AuditKeyNextChargeOn => "Next charge on", "下次计费日期";
    LabelMarkup => "Markup (%)", "加价 (%)";
    NavBilling => "Billing", "计费";
    BillingIntro => "Per month: what your customers' subscriptions cost at list price, what the customers pay with their markup, and your margin.", "按月显示：客户订阅按标价计算的成本、客户按加价支付的金额以及您的利润。";
    BillingMarkupHint => "The markup applies to charges from now on; charges already made keep theirs. A customer can have its own on its page.", "加价适用于此后的费用；已产生的费用保持原加价。可在客户页面为单个客户设置加价。";
    MarkupSave => "Save markup", "保存加价";
    MarkupSaved => "Markup saved.", "已保存加价。";
    MarkupUsePartners => "Use the partner's markup", "使用合作伙伴的加价";
    MarkupIsPartners => "Markup {markup} %: the partner's.", "加价 {markup}%：合作伙伴的加价。";
    MarkupIsOwn => "Markup {markup} %: this customer's own.", "加价 {markup}%：此客户的专属加价。";
    BillingPreviousMonth => "Previous month", "上个月";
    BillingNextMonth => "Next month", "下个月";
    BillingDownloadLines => "Invoice lines (CSV)", "发票明细 (CSV)";
    BillingEmpty => "No charges in this month.", "本月没有费用。";
    RowsShown => "{from}–{to} of {total}", "第 {from}–{to} 条，共 {total} 条";
    BillingThisMonth => "This month", "本月";
    BillingPriceThenCost => "Customer price, then cost at list price.", "先显示客户价格，后显示标价成本。";
    BillingPastMonths => "Past months", "以往月份";
    BillingUpcomingRenewals => "Upcoming renewals", "即将续订";
    BillingNoRenewals => "No subscription renews automatically.", "没有自动续订的订阅。";
    BillingLatestCharges => "Latest charges", "最近费用";
    ColMonth => "Month", "月份";
    ColChargeKind => "Charge", "费用类型";
    ColPeriodStart => "Period from", "周期开始";
    ColPeriodEnd => "Period until (exclusive)", "周期结束（不含）";
    ColCost => "Cost (list price)", "成本（标价）";
    ColPrice => "Customer price", "客户价格";
    ColMargin => "Margin", "利润";
    ColChargedOn => "Charged on", "计费日期";
    SeverityCritical => "Critical", "严重";
    SeverityHigh => "High", "高";
    SeverityNormal => "Normal", "一般";
    TopicBilling => "Billing", "计费";
    TopicLicensing => "Licenses", "许可证";
    TopicSignIn => "Sign-in and access", "登录和访问";
    TopicServiceIssue => "Service problem", "服务问题";
    TopicConfiguration => "Setup and configuration", "设置和配置";
    TopicOther => "Other", "其他";
    SupportOpen => "Open", "待处理";
    SupportInProgress => "In progress", "处理中";
    SupportWaiting => "Waiting for customer", "等待客户";
    SupportResolved => "Resolved", "已解决";
    SupportClosed => "Closed", "已关闭";
    NavSupport => "Support", "支持";
    SupportIntro => "Customers' support requests: the first answer is due within 1 hour (critical), 4 hours (high) or 24 hours (normal).", "客户的支持请求：首次答复期限为 1 小时（严重）、4 小时（高）或 24 小时（一般）。";
    SupportNew => "Open a support request", "新建支持请求";
    SupportCreate => "Open request", "提交请求";
    SupportOpened => "Support request opened; {email} has been told.", "已新建支持请求，并已通知 {email}。";
    SupportEmpty => "No support requests.", "没有支持请求。";
    LabelTitle => "Title", "标题";
    LabelSeverity => "Severity", "严重性";
    LabelTopic => "Topic", "主题";
    LabelContactName => "Customer contact", "客户联系人";
    ColAssignee => "Assignee", "负责人";
    ColFirstResponseDue => "First answer due", "首次答复期限";
    ColOpened => "Opened", "创建时间";
    SupportUnassigned => "Unassigned", "未分配";
    SupportNote => "Note", "备注";
    SupportNotes => "Notes", "备注";
    SupportNoNotes => "No notes yet.", "暂无备注。";
    SupportAddNote => "Add note", "添加备注";
    SupportActStart => "Start work", "开始处理";
    SupportActWait => "Wait for customer", "等待客户";
    SupportActResolve => "Resolve", "解决";
    SupportActClose => "Close", "关闭";
    SupportActReopen => "Reopen", "重新打开";
    SupportAssign => "Assign to", "分配给";
    SupportAssigned => "Assignee saved.", "已保存负责人。";
    SupportMoved => "Request: {state}.", "请求：{state}。";
    SupportFirstAnswered => "First answered {time}", "首次答复于 {time}";
    SupportOpenedBy => "Opened by {name} on {time}", "由 {name} 于 {time} 创建";
    SupportBack => "All support requests", "所有支持请求";
    SupportOverdueOnly => "Overdue only", "仅逾期";
    RefusedSupportMove => "The request can't go there from its state.", "该请求无法从当前状态转到该状态。";
    RefusedReopenTooLate => "A request can be reopened within 14 days of its resolution only.", "请求只能在解决后 14 天内重新打开。";
    EmailSupportOpenedSubject => "Support request opened: {title}", "已新建支持请求：{title}";
    EmailSupportOpenedBody => "Hello {name},\n\n{partner} has opened a support request for {company}: “{title}” (severity: {severity}). The first answer is due within {hours} hours.", "{name}，您好：\n\n{partner} 已为 {company} 新建支持请求：“{title}”（严重性：{severity}）。首次答复将在 {hours} 小时内给出。";
    EmailSupportResolvedSubject => "Support request resolved: {title}", "支持请求已解决：{title}";
    EmailSupportResolvedBody => "Hello {name},\n\n{partner} has resolved the support request “{title}” for {company}. If the problem comes back within 14 days, tell {partner} and the request is reopened.", "{name}，您好：\n\n{partner} 已解决 {company} 的支持请求“{title}”。如果问题在 14 天内再次出现，请告知 {partner}，该请求将重新打开。";
    AuditSupportOpened => "Support request opened", "已新建支持请求";
    AuditSupportMoved => "Support request status changed", "支持请求状态已更改";
    AuditSupportAssigned => "Support request assigned", "已分配支持请求";
    AuditSupportNoteAdded => "Support note added", "已添加支持备注";
    AuditKeyOpenedBy => "Opened by", "创建人";
    AuditKeyResolvedAt => "Resolved at", "解决时间";
    AuditKeyFirstResponseAt => "First answered at", "首次答复时间";
    AuditBillingMarkupChanged => "Markup changed", "已更改加价";
    AuditSubscriptionOrdered => "Subscription ordered", "已订购订阅";
    AuditSubscriptionQuantityChanged => "Subscription seats changed", "已更改订阅席位";
    AuditSubscriptionAutoRenewChanged => "Subscription auto-renew changed", "已更改订阅自动续订";
    AuditSubscriptionResumed => "Subscription resumed", "已恢复订阅";
    AuditSubscriptionRenewed => "Subscription renewed", "订阅已续订";
    AuditSubscriptionExpired => "Subscription expired", "订阅已过期";
    AuditUserCreated => "User added", "已添加用户";
    AuditUserRolesChanged => "Roles changed", "已更改角色";
    AuditUserDisabled => "User disabled", "已禁用用户";
    AuditPasswordChanged => "Password changed", "已更改密码";
    AdminRelTitle => "Admin relationships (GDAP)", "管理员关系 (GDAP)";
    AdminRelIntro => "Admin access to this customer's Microsoft tenant: named roles for a limited time, each approved by the customer's Global Administrator.", "对此客户 Microsoft 租户的管理员访问权限：具名角色、限定期限，每项均由客户的全局管理员批准。";
    AdminRelEmpty => "No admin relationships yet.", "尚无管理员关系。";
    AdminRelRequest => "Request admin access", "请求管理员访问权限";
    AdminRelSend => "Send request", "发送请求";
    AdminRelCancel => "Cancel", "取消";
    LabelRelName => "Name (the customer sees it)", "名称（客户可见）";
    LabelTemplate => "Start from", "起始模板";
    TemplateNone => "Choose roles yourself", "自行选择角色";
    LabelRoles => "Roles", "角色";
    LabelDurationDays => "Duration in days (1–730)", "期限（天，1–730）";
    LabelAutoExtend => "Extend by 180 days at the end, until someone ends it", "到期时自动延长 180 天，直到一方终止";
    ColRoles => "Roles", "角色";
    ColEnds => "Ends", "结束日期";
    AdminStatePending => "Awaiting approval", "等待批准";
    AdminStateActive => "Active", "活动";
    AdminStateExpired => "Expired", "已过期";
    AdminStateTerminated => "Terminated", "已终止";
    AdminExpiring => "Expiring", "即将到期";
    AdminApprovedBy => "Approved by {name}", "由 {name} 批准";
    AdminRelTerminate => "Terminate", "终止";
    ConfirmTerminateAdmin => "End the admin relationship “{name}” with {company}? Its roles in the tenant stop at once.", "确定终止与 {company} 的管理员关系“{name}”？其在租户中的角色将立即失效。";
    AdminRelRequested => "Request sent to {email}.", "请求已发送至 {email}。";
    AdminRelTerminated => "Admin relationship terminated.", "管理员关系已终止。";
    AdminRelExtend => "Extend by 180 days", "延长 180 天";
    AdminRelExtended => "Extended until {date}.", "已延长至 {date}。";
    AdminRelAskAgain => "Ask again", "重新请求";
    AdminRelAskedAgain => "Asked again: the customer's contact gets a new link.", "已重新请求：客户联系人将收到新的链接。";
    AdminBulkSelect => "Select {name} ({company})", "选择 {name}（{company}）";
    AdminBulkSelectAll => "Select all shown", "选择显示的全部";
    AdminBulkExtend => "Extend selected by 180 days ({count})", "将所选延长 180 天（{count}）";
    AdminBulkAskAgain => "Ask again for selected ({count})", "重新请求所选（{count}）";
    AdminBulkProgress => "{done} of {total} done…", "已完成 {done}/{total}…";
    AdminBulkDone => "{ok} done, {refused} refused.", "{ok} 个已完成，{refused} 个被拒绝。";
    AdminBulkNoneEligible => "None of the selected can be extended or asked again.", "所选关系均无法延长或重新请求。";
    FilterRole => "Role", "角色";
    TemplatesTitle => "Role templates", "角色模板";
    AlsoRequestAdmin => "Also request admin access", "同时请求管理员访问权限";
    AlsoRequestAdminHint => "Once the customer exists, its contact gets a link to approve the template's roles for 180 days.", "客户创建后，其联系人将收到链接，以批准该模板中的角色，期限 180 天。";
    InvitationAdminAccess => "Admin access asked on acceptance", "接受后请求的管理员访问权限";
    AlsoRequestAdminInviteHint => "When the customer accepts the invitation, its contact gets a link to approve the template's roles for 180 days.", "客户接受邀请后，其联系人将收到链接，以批准该模板中的角色，期限 180 天。";
    AlsoRequestAdminNoTemplates => "No role templates yet: add them on the Admin relationships page.", "尚无角色模板：请在“管理员关系”页面添加。";
    AlsoRequestAdminFailed => "The customer was created, but admin access wasn't requested: {reason}", "客户已创建，但未能请求管理员访问权限：{reason}";
    TemplatesIntro => "Sets of roles your people start admin requests from. Changing one changes no relationship already asked for.", "你的员工发起管理员请求时使用的角色组合。更改模板不会影响已请求的关系。";
    TemplatesEmpty => "No role templates yet.", "尚无角色模板。";
    TemplateNew => "New template", "新建模板";
    TemplateSave => "Save template", "保存模板";
    TemplateRemove => "Remove", "删除";
    TemplateSaved => "Role template saved.", "角色模板已保存。";
    TemplateRemoved => "Role template removed.", "角色模板已删除。";
    ConfirmRemoveTemplate => "Remove the role template “{name}”? Relationships asked from it keep their roles.", "删除角色模板“{name}”？基于它请求的关系保留其角色。";
    LabelTemplateName => "Template name", "模板名称";
    AccessGroupsTitle => "Access groups", "访问组";
    AccessGroupsIntro => "Groups of your people. Give a group some roles of a customer's active admin relationship, and its members can use them in that customer's tenant.", "由你的员工组成的组。为某个组分配客户活动管理员关系中的部分角色后，其成员即可在该客户的租户中使用这些角色。";
    AccessGroupsEmpty => "No access groups yet.", "尚无访问组。";
    AccessGroupNew => "New group", "新建组";
    AccessGroupSave => "Save group", "保存组";
    AccessGroupSaved => "Access group saved.", "访问组已保存。";
    AccessGroupRemoved => "Access group removed.", "访问组已删除。";
    AccessGroupNoMembers => "No members yet", "尚无成员";
    ConfirmRemoveGroup => "Remove the access group “{name}”? The roles it was given in admin relationships go with it.", "删除访问组“{name}”？其在管理员关系中获得的角色也将一并删除。";
    LabelGroupName => "Group name", "组名称";
    LabelMembers => "Members", "成员";
    AccessOpen => "Access", "访问权限";
    AccessClose => "Close", "关闭";
    AccessTitle => "Access in “{name}”", "“{name}”中的访问权限";
    AccessIntro => "Which of your groups may use which of this relationship's roles in the tenant of {company}.", "你的哪些组可以在 {company} 的租户中使用此关系的哪些角色。";
    AccessEmpty => "No group has roles here yet.", "尚无组在此拥有角色。";
    AccessAssign => "Assign a group", "分配组";
    AccessNoGroups => "Create an access group first (Access groups, below).", "请先创建访问组（见下方“访问组”）。";
    AccessSave => "Save access", "保存访问权限";
    AccessSaved => "Access saved.", "访问权限已保存。";
    AccessRemoved => "Access removed.", "访问权限已删除。";
    ConfirmRemoveAccess => "Take the roles of “{group}” in “{name}” away?", "收回“{group}”在“{name}”中的角色？";
    LabelGroup => "Group", "组";
    PeopleAccessTitle => "Who of us can do what here", "我方人员在此可以做什么";
    PeopleAccessIntro => "Your people's roles in this customer's tenant: those of their access groups in its active admin relationships.", "你的员工在此客户租户中的角色：即其访问组在该客户活动管理员关系中的角色。";
    PeopleAccessEmpty => "None of your people has roles here yet.", "你的员工在此尚无任何角色。";
    PeopleAccessManage => "Manage access", "管理访问权限";
    ColPerson => "Person", "人员";
    ColThrough => "Through", "来源";
    RefusedAdminNotActive => "Access is given in an active admin relationship only: this one is pending or has ended.", "只能在活动的管理员关系中分配访问权限：此关系正在等待批准或已结束。";
    RefusedAdminNotExtendable => "Only an active relationship without Global Administrator is extended, once from its current end.", "只有不含全局管理员角色的活动关系才能延长，且只能从当前结束日期延长一次。";
    RefusedAdminNotExpired => "Only an expired relationship can be asked for again.", "只有已过期的关系才能重新请求。";
    ApprovalTitle => "Admin access request", "管理员访问请求";
    ApprovalIntro => "{partner} asks for admin access to the Microsoft tenant of {company}, under the name “{name}”.", "{partner} 以“{name}”为名，请求 {company} 的 Microsoft 租户的管理员访问权限。";
    ApprovalRolesHeading => "The roles it asks for, and what each allows", "请求的角色及其权限";
    ApprovalDuration => "For {days} days from your approval.", "自批准之日起 {days} 天。";
    ApprovalAutoExtend => "Then extended by 180 days at a time, until you or the partner end it.", "之后每次自动延长 180 天，直到你或合作伙伴终止。";
    ApprovalNoAutoExtend => "It ends then; the partner has to ask again.", "到期即终止；合作伙伴需要重新请求。";
    ApprovalOnlyGlobalAdmin => "Only a Global Administrator of {company} may answer.", "只有 {company} 的全局管理员可以答复。";
    LabelYourName => "Your name", "你的姓名";
    Approve => "Approve", "批准";
    Decline => "Decline", "拒绝";
    ApprovalApproved => "Approved. The relationship is active until {date}.", "已批准。该关系有效期至 {date}。";
    ApprovalDeclined => "Declined. The partner gets no admin access through this request.", "已拒绝。合作伙伴不会通过此请求获得管理员访问权限。";
    ApprovalActive => "This relationship is active until {date}. You can end it now.", "该关系有效期至 {date}。你可以立即终止。";
    ApprovalTerminate => "End it now", "立即终止";
    ApprovalTerminated => "Ended. The partner's admin access through it has stopped.", "已终止。合作伙伴通过该关系的管理员访问权限已停止。";
    RefusedApprovalLinkClosed => "This request or relationship has ended: the link no longer works.", "此请求或关系已结束：该链接已失效。";
    RefusedAdminNotOpen => "It was answered or ended already.", "该请求已答复或已结束。";
    AuditAdminRelationshipRequested => "Admin access requested", "已请求管理员访问权限";
    AuditAdminRelationshipApproved => "Admin access approved by the customer", "客户已批准管理员访问权限";
    AuditAdminRelationshipDeclined => "Admin access declined by the customer", "客户已拒绝管理员访问权限";
    AuditAdminRelationshipTerminated => "Admin relationship terminated", "已终止管理员关系";
    AuditAdminRelationshipExtended => "Admin relationship extended", "已延长管理员关系";
    AuditAdminTemplateCreated => "Role template created", "已创建角色模板";
    AuditAdminTemplateChanged => "Role template changed", "已更改角色模板";
    AuditAdminTemplateRemoved => "Role template removed", "已删除角色模板";
    AuditAccessGroupCreated => "Access group created", "已创建访问组";
    AuditAccessGroupChanged => "Access group changed", "已更改访问组";
    AuditAccessGroupRemoved => "Access group removed", "已删除访问组";
    AuditAccessAssigned => "Access assigned", "已分配访问权限";
    AuditAccessUnassigned => "Access assignment removed", "已删除访问权限分配";
    AuditAdminRelationshipExpired => "Admin relationship expired", "管理员关系已过期";
    EmailAdminSubject => "{partner} asks for admin access to {company}", "{partner} 请求 {company} 的管理员访问权限";
    EmailAdminBody => "{partner} asks for granular delegated admin privileges (GDAP) in the Microsoft tenant of {company}: the roles below, for {days} days. Only a Global Administrator of {company} can approve. Open the link to see what each role allows, then approve or decline.", "{partner} 请求在 {company} 的 Microsoft 租户中获得精细委派管理权限 (GDAP)：以下角色，期限 {days} 天。只有 {company} 的全局管理员可以批准。请打开链接查看每个角色的权限，然后批准或拒绝。";
    EmailAdminAction => "Review the request", "查看请求";
    EmailAdminExpiringSubject => "Admin access to {company} ends in {days} days", "{company} 的管理员访问权限将在 {days} 天后结束";
    EmailAdminExpiringBody => "The admin relationship “{name}” with {company} ends on {date} ({days} days from now) and will not be extended automatically. After that, nobody at {partner} can administer the customer's tenant with these roles. To keep access, ask the customer for a new relationship before then.", "与 {company} 的管理员关系“{name}”将于 {date} 结束（还有 {days} 天），不会自动延期。此后 {partner} 的任何人都无法再以这些角色管理该客户的租户。如需保留访问权限，请在此之前向客户请求新的关系。";
    EmailAdminExpiringSubjectTomorrow => "Admin access to {company} ends tomorrow", "{company} 的管理员访问权限将于明天结束";
    EmailAdminExpiringBodyTomorrow => "The admin relationship “{name}” with {company} ends tomorrow, {date}, and will not be extended automatically. After that, nobody at {partner} can administer the customer's tenant with these roles. To keep access, ask the customer for a new relationship today.", "与 {company} 的管理员关系“{name}”将于明天（{date}）结束，不会自动延期。此后 {partner} 的任何人都无法再以这些角色管理该客户的租户。如需保留访问权限，请今天就向客户请求新的关系。";
    EmailAdminExpiringAction => "Open the customer", "打开客户";
    AuditUserEnabled => "User enabled", "已启用用户";
    AuditAuthenticatorEnrolled => "Authenticator app set up", "已设置身份验证器应用";
    AuditRecoveryCodeUsed => "Signed in with a recovery code", "已使用恢复代码登录";
    AuditRecoveryCodesRenewed => "New recovery codes made", "已生成新的恢复代码";
    AuditPasskeyAdded => "Passkey added", "已添加通行密钥";
    NavApiTokens => "API tokens", "API 令牌";
    ApiTokensIntro => "Programs — a PSA, a billing tool — call the PartnerDesk API with a token instead of a password, sent as “Authorization: Bearer” and the secret. A token can do what its roles allow until it expires or is revoked; what it changes is logged under its name.", "程序（例如专业服务自动化工具或计费工具）使用令牌而不是密码调用 PartnerDesk API：在每个请求的授权标头中发送令牌密钥。令牌可执行其角色允许的操作，直至过期或被吊销；它所做的更改会以其名称记录在审核日志中。";
    // Microsoft Entra built-in roles (shared::admin_relationship::EntraRole): names as the
    // Entra admin center shows them, and what each lets the partner do.
    EntraNameGlobalAdministrator => "Global Administrator", "全局管理员";
    EntraTextGlobalAdministrator => "Everything in the tenant, including every other role. Ask for it only when nothing narrower will do.", "可管理租户中的一切，包括所有其他角色。仅在没有更小权限的角色可用时才请求此角色。";
    EntraNameGlobalReader => "Global Reader", "全局读取者";
    EntraTextGlobalReader => "Read everything a Global Administrator can see, change nothing.", "可读取全局管理员能看到的所有内容，但不能进行任何更改。";
    EntraNameDirectoryReaders => "Directory Readers", "目录读取者";
    EntraTextDirectoryReaders => "Read basic directory information: users, groups and devices.", "读取基本目录信息：用户、组和设备。";
    EntraNameUserAdministrator => "User Administrator", "用户管理员";
    EntraTextUserAdministrator => "Create and manage users and groups, and reset passwords of non-administrators.", "创建和管理用户与组，并可重置非管理员的密码。";
    EntraNameLicenseAdministrator => "License Administrator", "许可证管理员";
    EntraTextLicenseAdministrator => "Assign and remove product licenses on users and groups.", "为用户和组分配或移除产品许可证。";
    EntraNameHelpdeskAdministrator => "Helpdesk Administrator", "支持管理员";
    EntraTextHelpdeskAdministrator => "Reset passwords and sign-in methods of non-administrators and helpdesk administrators.", "重置非管理员和支持管理员的密码及登录方式。";
    EntraNamePasswordAdministrator => "Password Administrator", "密码管理员";
    EntraTextPasswordAdministrator => "Reset passwords of non-administrators and password administrators.", "重置非管理员和密码管理员的密码。";
    EntraNameAuthenticationAdministrator => "Authentication Administrator", "身份验证管理员";
    EntraTextAuthenticationAdministrator => "Set and reset sign-in methods (MFA, passwords) of non-administrators.", "设置和重置非管理员的登录方式（多重身份验证、密码）。";
    EntraNamePrivilegedAuthenticationAdministrator => "Privileged Authentication Administrator", "特权身份验证管理员";
    EntraTextPrivilegedAuthenticationAdministrator => "Set and reset sign-in methods of any user, administrators included.", "设置和重置任何用户（包括管理员）的登录方式。";
    EntraNamePrivilegedRoleAdministrator => "Privileged Role Administrator", "特权角色管理员";
    EntraTextPrivilegedRoleAdministrator => "Assign and remove administrator roles, Privileged Identity Management included.", "分配和移除管理员角色，包括特权标识管理。";
    EntraNameGroupsAdministrator => "Groups Administrator", "组管理员";
    EntraTextGroupsAdministrator => "Create and manage groups and their settings.", "创建和管理组及其设置。";
    EntraNameExchangeAdministrator => "Exchange Administrator", "Exchange 管理员";
    EntraTextExchangeAdministrator => "Manage Exchange Online: mailboxes, mail flow and their settings.", "管理 Exchange Online：邮箱、邮件流及其设置。";
    EntraNameExchangeRecipientAdministrator => "Exchange Recipient Administrator", "Exchange 收件人管理员";
    EntraTextExchangeRecipientAdministrator => "Create and manage mailboxes, contacts and distribution groups.", "创建和管理邮箱、联系人和通讯组。";
    EntraNameSharePointAdministrator => "SharePoint Administrator", "SharePoint 管理员";
    EntraTextSharePointAdministrator => "Manage SharePoint Online and OneDrive: sites, sharing and storage.", "管理 SharePoint Online 和 OneDrive：网站、共享和存储。";
    EntraNameTeamsAdministrator => "Teams Administrator", "Teams 管理员";
    EntraTextTeamsAdministrator => "Manage Microsoft Teams: teams, policies, meetings and calling.", "管理 Microsoft Teams：团队、策略、会议和通话。";
    EntraNameTeamsCommunicationsAdministrator => "Teams Communications Administrator", "Teams 通信管理员";
    EntraTextTeamsCommunicationsAdministrator => "Manage calling and meetings in Teams: phone numbers and voice settings.", "管理 Teams 中的通话和会议：电话号码和语音设置。";
    EntraNameIntuneAdministrator => "Intune Administrator", "Intune 管理员";
    EntraTextIntuneAdministrator => "Manage devices and apps with Microsoft Intune.", "使用 Microsoft Intune 管理设备和应用。";
    EntraNameCloudDeviceAdministrator => "Cloud Device Administrator", "云设备管理员";
    EntraTextCloudDeviceAdministrator => "Enable, disable and delete devices in Entra ID.", "在 Entra ID 中启用、禁用和删除设备。";
    EntraNameWindows365Administrator => "Windows 365 Administrator", "Windows 365 管理员";
    EntraTextWindows365Administrator => "Provision and manage Windows 365 Cloud PCs.", "预配和管理 Windows 365 云电脑。";
    EntraNameSecurityAdministrator => "Security Administrator", "安全管理员";
    EntraTextSecurityAdministrator => "Manage security features and policies in Microsoft 365 Defender and Entra ID.", "管理 Microsoft 365 Defender 和 Entra ID 中的安全功能与策略。";
    EntraNameSecurityOperator => "Security Operator", "安全操作员";
    EntraTextSecurityOperator => "Investigate and respond to security alerts and incidents.", "调查和响应安全警报与事件。";
    EntraNameSecurityReader => "Security Reader", "安全读者";
    EntraTextSecurityReader => "Read security information and reports, change nothing.", "读取安全信息和报告，但不能进行更改。";
    EntraNameConditionalAccessAdministrator => "Conditional Access Administrator", "条件访问管理员";
    EntraTextConditionalAccessAdministrator => "Manage Conditional Access policies.", "管理条件访问策略。";
    EntraNameComplianceAdministrator => "Compliance Administrator", "合规性管理员";
    EntraTextComplianceAdministrator => "Manage compliance: retention, data loss prevention and audit.", "管理合规性：保留、数据丢失防护和审核。";
    EntraNameApplicationAdministrator => "Application Administrator", "应用程序管理员";
    EntraTextApplicationAdministrator => "Register and manage enterprise applications and app proxies.", "注册和管理企业应用程序与应用代理。";
    EntraNameCloudApplicationAdministrator => "Cloud Application Administrator", "云应用程序管理员";
    EntraTextCloudApplicationAdministrator => "Register and manage enterprise applications, without app proxies.", "注册和管理企业应用程序（不含应用代理）。";
    EntraNameServiceSupportAdministrator => "Service Support Administrator", "服务支持管理员";
    EntraTextServiceSupportAdministrator => "Open and follow Microsoft support requests; read service health.", "创建和跟踪 Microsoft 支持请求；查看服务运行状况。";
    EntraNameBillingAdministrator => "Billing Administrator", "计费管理员";
    EntraTextBillingAdministrator => "Make purchases, manage subscriptions and billing, open support requests.", "进行购买、管理订阅和计费，并创建支持请求。";
    EntraNameReportsReader => "Reports Reader", "报告读取者";
    EntraTextReportsReader => "Read usage and sign-in reports.", "读取使用情况和登录报告。";
    EntraNameMessageCenterReader => "Message Center Reader", "消息中心读取者";
    EntraTextMessageCenterReader => "Read Message Center posts about service changes.", "读取消息中心中有关服务变更的帖子。";
    EntraNamePowerPlatformAdministrator => "Power Platform Administrator", "Power Platform 管理员";
    EntraTextPowerPlatformAdministrator => "Manage Power Platform environments, Power Apps and Power Automate.", "管理 Power Platform 环境、Power Apps 和 Power Automate。";
    EntraNameDynamics365Administrator => "Dynamics 365 Administrator", "Dynamics 365 管理员";
    EntraTextDynamics365Administrator => "Manage Dynamics 365 environments and their settings.", "管理 Dynamics 365 环境及其设置。";
    NavWebhooks => "Webhooks", "Webhook";
    WebhooksIntro => "Programs hear of changes as they happen: each event an endpoint chose is sent to it as a signed HTTPS request (the Standard Webhooks format, which any of its libraries verifies with the endpoint's secret). A delivery that fails is retried for more than a day.", "程序可以即时获知变更：终结点所选的每个事件都会以签名的 HTTPS 请求发送给它（Standard Webhooks 格式，任何相应的库都可以用终结点的密钥验证）。投递失败时会在一天多的时间内重试。";
    WebhookSecretText => "The secret of {url}. Copy it now: it isn't shown again.", "{url} 的密钥。请立即复制：它不会再次显示。";
    CopyWebhookSecret => "Copy secret", "复制密钥";
    ColEvents => "Events", "事件";
    SendTestEvent => "Send test event", "发送测试事件";
    TestEventQueued => "Test event sent. Its delivery is in the log.", "已发送测试事件，可在投递记录中查看。";
    RenewSecret => "Renew secret", "更换密钥";
    RenewSecretConfirm => "Renew the secret of {url}? The old one keeps signing beside the new one for 24 hours.", "要更换 {url} 的密钥吗？旧密钥将与新密钥一起继续签名 24 小时。";
    RemoveEndpoint => "Remove", "删除";
    RemoveEndpointConfirm => "Remove the endpoint {url}? Nothing more is sent to it, and its delivery log goes with it.", "要删除终结点 {url} 吗？将不再向其发送任何事件，其投递记录也会一并删除。";
    EndpointRemoved => "Endpoint removed.", "已删除终结点。";
    ShowDeliveries => "Deliveries", "投递记录";
    HideDeliveries => "Hide deliveries", "隐藏投递记录";
    NoEndpoints => "No endpoints yet. Add one below.", "尚无终结点。请在下方添加。";
    NoDeliveries => "Nothing has been sent to this endpoint yet.", "尚未向此终结点发送任何内容。";
    ColAttempts => "Attempts", "尝试次数";
    ColAnswer => "Answer", "响应";
    SendAgain => "Send again", "重新发送";
    DeliveryQueuedAgain => "It will be sent again in a moment.", "稍后将重新发送。";
    DeliveryPending => "Pending", "待发送";
    DeliveryDelivered => "Delivered", "已送达";
    DeliveryFailed => "Failed", "失败";
    DeliveryUnresolved => "The address's name doesn't resolve.", "地址中的名称无法解析。";
    DeliveryNotPublic => "Not sent: the address leads to a private network.", "未发送：地址指向专用网络。";
    DeliveryUnreachable => "No connection to the address.", "无法连接到该地址。";
    DeliveryTimeout => "No answer within 10 seconds.", "10 秒内没有响应。";
    DeliveryUnsigned => "Not sent: the server couldn't sign it. Renew the endpoint's secret.", "未发送：服务器无法为其签名。请更换终结点的密钥。";
    ColEvent => "Event", "事件";
    NewEndpointTitle => "New endpoint", "新建终结点";
    LabelEndpointUrl => "Address (HTTPS)", "地址（HTTPS）";
    EndpointUrlHint => "A public HTTPS address of your program, for example https://psa.example.com/hooks/partnerdesk.", "程序的公共 HTTPS 地址，例如 https://psa.example.com/hooks/partnerdesk。";
    LabelEndpointEvents => "Events to send", "要发送的事件";
    AddEndpoint => "Add endpoint", "添加终结点";
    NavApiReference => "API reference", "API 参考";
    ApiReferenceIntro => "Programs call the PartnerDesk API over HTTPS with JSON. Below is every operation, grouped by resource, with who may call it; the OpenAPI 3.1 document describes each one in full — parameters, bodies, answers and errors — and can generate a client.", "程序通过 HTTPS 以 JSON 调用 PartnerDesk API。下面按资源列出所有操作及其调用权限；OpenAPI 3.1 文档完整描述每个操作（参数、请求正文、响应和错误），可用于生成客户端。";
    ApiReferenceDocument => "OpenAPI document (JSON)", "OpenAPI 文档（JSON）";
    ApiReferenceAuthTitle => "Signing requests", "请求身份验证";
    ApiReferenceAuthText => "Send an API token in the Authorization header of every request. Global admins create tokens, with the roles they need, on the API tokens page; a token does what its roles allow.", "在每个请求的 Authorization 标头中发送 API 令牌。全局管理员在“API 令牌”页面创建令牌并为其分配所需角色；令牌可执行其角色允许的操作。";
    ApiReferenceErrorsTitle => "Errors", "错误";
    ApiReferenceErrorsText => "Every error answers with the same JSON: a code, a message and the request's id. Invalid values answer 422 with a map from each field to its error code; a body that isn't the expected JSON answers 400; too many requests with one token answer 429 with Retry-After.", "所有错误都返回相同结构的 JSON：错误代码、说明和请求 ID。值无效时返回 422，并附带各字段到其错误代码的映射；请求正文不是预期的 JSON 时返回 400；同一令牌请求过多时返回 429 及 Retry-After。";
    ApiReferenceOperationsTitle => "Operations", "操作";
    ApiReferenceOperationsNote => "Summaries and access rules come from the document, in English.", "摘要和访问规则取自文档，为英文。";
    ApiReferenceSearch => "Find an operation", "查找操作";
    ApiReferenceNoMatch => "No operation matches.", "没有匹配的操作。";
    ColToken => "Token", "令牌";
    ColLastUsed => "Last used", "上次使用";
    ColCreatedBy => "Created by", "创建者";
    TokenNeverUsed => "Never", "从未使用";
    TokenStateActive => "Active", "有效";
    TokenStateExpired => "Expired", "已过期";
    TokenStateRevoked => "Revoked", "已吊销";
    RevokeToken => "Revoke", "吊销";
    RevokeTokenConfirm => "Revoke the token “{name}”? Programs using it are refused from their next request.", "吊销令牌“{name}”？使用它的程序从下一个请求起将被拒绝。";
    TokenRevokedDone => "Token revoked.", "令牌已吊销。";
    NewTokenTitle => "New token", "新建令牌";
    LabelTokenName => "Name", "名称";
    TokenNameHint => "What uses it, e.g. “PSA sync”.", "使用它的程序，例如“工单系统同步”。";
    LabelTokenRoles => "Roles", "角色";
    LabelTokenExpiry => "Expires after", "有效期";
    TokenDays => "{days} days", "{days} 天";
    CreateToken => "Create token", "创建令牌";
    TokenCreatedText => "Token “{name}” created. Copy its secret now: it is shown only this once.", "已创建令牌“{name}”。请立即复制其密钥：密钥仅显示这一次。";
    CopyTokenSecret => "Copy the secret", "复制密钥";
    NoTokens => "No API tokens yet.", "还没有 API 令牌。";
    AuditApiTokenCreated => "API token created", "已创建 API 令牌";
    AuditApiTokenRevoked => "API token revoked", "已吊销 API 令牌";
    AuditWebhookEndpointCreated => "Webhook endpoint added", "已添加 Webhook 终结点";
    AuditWebhookEndpointRemoved => "Webhook endpoint removed", "已删除 Webhook 终结点";
    AuditWebhookSecretRotated => "Webhook secret renewed", "已更换 Webhook 密钥";
    AuditWebhookDeliveryReplayed => "Webhook delivery sent again", "已重新发送 Webhook 事件";
    AuditPasskeyRemoved => "Passkey removed", "已移除通行密钥";
    AuditSecondFactorsReset => "Second factors reset", "已重置第二重验证";
    AuditMultiFactorPolicyChanged => "Multi-factor requirement changed", "已更改多重身份验证要求";
    AuditUserPasswordReset => "Password reset by an administrator", "管理员已重置密码";
    AuditPasswordResetSent => "Password reset link sent", "已发送重置密码链接";
    AuditPasswordResetByLink => "Password reset through the e-mailed link", "已通过电子邮件中的链接重置密码";

    // Field errors (placeholders: {min} {max} {hint})
    ErrRequired => "Required.", "此字段为必填项。";
    ErrTooShort => "Use at least {min} characters.", "至少需要 {min} 个字符。";
    ErrTooShortName => "Use at least {min} characters (a single character only for a Chinese name).", "至少需要 {min} 个字符（仅中文姓名可以是单个字）。";
    ErrTooLong => "Use at most {max} characters.", "最多 {max} 个字符。";
    ErrInvisibleChars => "Contains invisible or direction-changing characters (often pasted along with the text). Type the name again or remove them.", "包含不可见字符或改变文字方向的字符（通常随粘贴的文本带入）。请重新输入名称或删除这些字符。";
    ErrInvalidChars => "Contains characters that aren't allowed here.", "包含不允许的字符。";
    ErrInvalidCharsDomain => "Use only letters A–Z and digits 0–9, no spaces or dots.", "只能使用字母 A–Z 和数字 0–9，不能包含空格或点。";
    ErrInvalidFormat => "Not a valid value.", "格式无效。";
    ErrInvalidFormatHint => "Not a valid value. Did you mean {hint}?", "格式无效。你是否要输入 {hint}？";
    ErrInvalidEmail => "Enter an email address like name@contoso.com.", "请输入有效的电子邮件地址，例如 name@contoso.com。";
    ErrInvalidPostal => "Not a valid postal code for this country. Example: {hint}", "不是此国家/地区的有效邮政编码。示例：{hint}";
    ErrNoPostal => "This country doesn't use postal codes; leave it empty.", "此国家/地区不使用邮政编码，请留空。";
    ErrNotAName => "Enter a real name, not only digits or symbols.", "请输入真实名称，不能只有数字或符号。";
    ErrLegalFormOnly => "Enter the company's name, not only its legal form.", "请输入公司名称，而不仅仅是公司类型。";
    ErrPlaceholder => "Enter the real value, not a placeholder.", "请输入真实内容，而不是占位文字。";
    ErrNotInList => "Choose one of the listed values.", "请从列表中选择。";
    ErrNotAllowedInInstance => "Your cloud instance can't serve customers in this country/region.", "你的云实例无法为此国家/地区的客户提供服务。";
    ErrTaken => "Already taken. Choose another.", "已被占用，请另选一个。";
    ErrReservedDomain => "This email domain is reserved. Use the customer's own address.", "此电子邮件域已被保留，请使用客户自己的地址。";
    ErrPartnerDomain => "This is your own company's domain. Enter the customer's administrator.", "这是你自己公司的域，请输入客户管理员的地址。";
    ErrReadOnly => "This can't be changed after the account is created.", "帐户创建后无法更改此项。";
    ErrPrivateAddress => "This address leads to a private network. Webhooks go to public HTTPS addresses.", "此地址指向专用网络。Webhook 只能发送到公共 HTTPS 地址。";
    ErrInFuture => "The date can't be in the future.", "日期不能晚于今天。";
    ErrTooOld => "Must be on or after {min} (within the last year).", "必须在 {min} 当天或之后（一年以内）。";
    ErrDigitCount => "Use {min}–{max} digits.", "请输入 {min}–{max} 位数字。";
}

const MONTHS_EN: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

/// The date of an RFC 3339 timestamp or `YYYY-MM-DD`, as each language writes it:
/// `Nov 22, 2026` / `2026年11月22日`. Anything else is shown as it came.
pub fn format_date(value: &str, locale: Locale) -> String {
    let Some(date) = value
        .get(..10)
        .and_then(|d| crate::date::CalendarDate::parse(d).ok())
    else {
        return value.to_string();
    };
    match locale {
        Locale::EnUs => format!(
            "{} {}, {}",
            MONTHS_EN[usize::from(date.month()) - 1],
            date.day(),
            date.year()
        ),
        Locale::ZhCn => format!("{}年{}月{}日", date.year(), date.month(), date.day()),
    }
}

/// An RFC 3339 UTC time as a date and minutes: `Dec 2, 2026 08:10 UTC`, `2026年12月2日 08:10 UTC`.
pub fn format_date_time(value: &str, locale: Locale) -> String {
    match value.get(11..16) {
        Some(time) if value.as_bytes().get(10) == Some(&b'T') => {
            format!("{} {time} UTC", format_date(value, locale))
        }
        _ => format_date(value, locale),
    }
}

/// A count with thousands grouped (`12,345` in both languages).
pub fn format_count(n: u64, _locale: Locale) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// "12 customers" / "1 customer" / "共 12 个客户"; "More than 1,000 customers" when counting
/// stopped at the cap.
pub fn customer_count_of(n: u64, capped: bool, locale: Locale) -> String {
    if capped {
        locale.format(
            Msg::CustomerCountAtLeast,
            &[("count", &format_count(n, locale))],
        )
    } else if n == 1 {
        locale.text(Msg::CustomerCountOne).to_string()
    } else {
        locale.format(Msg::CustomerCount, &[("count", &format_count(n, locale))])
    }
}

/// Which rows of the list a page shows: "51–100 of 1,234" (`first` counts from 1). Without a
/// known position (a shared link to a later page) or with no rows, the count alone.
pub fn customer_range_of(
    first: Option<u64>,
    shown: usize,
    total: u64,
    capped: bool,
    locale: Locale,
) -> String {
    let Some(first) = first.filter(|_| shown > 0) else {
        return customer_count_of(total, capped, locale);
    };
    let last = first + shown as u64 - 1;
    let args = [
        ("first", format_count(first, locale)),
        ("last", format_count(last, locale)),
        ("count", format_count(total.max(last), locale)),
    ];
    let args: Vec<(&str, &str)> = args.iter().map(|(k, v)| (*k, v.as_str())).collect();
    locale.format(
        if capped {
            Msg::CustomerRangeAtLeast
        } else {
            Msg::CustomerRange
        },
        &args,
    )
}

/// An import column's heading in the template, in the user's language: the customer form's
/// labels, except that the contact's columns say "contact" (the form's labels rely on the
/// section heading for that). `None` for a code that is no import column.
pub fn import_column_label(column: &str) -> Option<Msg> {
    use crate::Field;
    Some(match Field::from_code(column)? {
        Field::CompanyName => Msg::LabelCompanyName,
        Field::Country => Msg::LabelCountry,
        Field::DomainPrefix => Msg::LabelDomainPrefix,
        Field::AddressLine1 => Msg::LabelAddressLine1,
        Field::AddressLine2 => Msg::LabelAddressLine2,
        Field::AddressLine3 => Msg::LabelAddressLine3,
        Field::City => Msg::LabelCity,
        Field::State => Msg::LabelState,
        Field::PostalCode => Msg::LabelPostalCode,
        Field::ContactFirstName => Msg::ColContactFirstName,
        Field::ContactLastName => Msg::ColContactLastName,
        Field::ContactEmail => Msg::ColContactEmail,
        Field::ContactPhone => Msg::ColContactPhone,
        Field::RegistrationNumber => Msg::LabelRegistrationNumber,
        Field::Language => Msg::LabelLanguage,
        Field::AgreementFirstName => Msg::LabelAgreementFirstName,
        Field::AgreementLastName => Msg::LabelAgreementLastName,
        Field::AgreementEmail => Msg::LabelAgreementEmail,
        Field::AgreementDate => Msg::LabelAgreementDate,
        Field::RelationshipExists => Msg::ColRelationshipExists,
        _ => return None,
    })
}

/// An import column as users see it in the template: its heading in `locale` and its code.
fn column_heading(column: &str, locale: Locale) -> String {
    match import_column_label(column) {
        Some(label) => format!("{} ({column})", locale.text(label)),
        None => column.to_string(),
    }
}

/// The message for a field's error, in the given language. A few codes read better with
/// a field-specific text (a domain prefix's allowed characters, an e-mail's format).
pub fn field_error_text(locale: Locale, field: crate::Field, error: &FieldError) -> String {
    use crate::Field as F;
    match error {
        FieldError::Required => locale.text(Msg::ErrRequired).into(),
        FieldError::TooShort { min } => {
            let msg = if matches!(
                field,
                F::ContactFirstName
                    | F::ContactLastName
                    | F::AgreementFirstName
                    | F::AgreementLastName
            ) {
                Msg::ErrTooShortName
            } else {
                Msg::ErrTooShort
            };
            locale.format(msg, &[("min", &min.to_string())])
        }
        FieldError::TooLong { max } => locale.format(Msg::ErrTooLong, &[("max", &max.to_string())]),
        FieldError::InvalidChars if field == F::DomainPrefix => {
            locale.text(Msg::ErrInvalidCharsDomain).into()
        }
        FieldError::InvalidChars => locale.text(Msg::ErrInvalidChars).into(),
        FieldError::InvisibleChars => locale.text(Msg::ErrInvisibleChars).into(),
        FieldError::InvalidFormat { hint } => match (field, hint) {
            (F::ContactEmail | F::AgreementEmail | F::Reseller, _) => {
                locale.text(Msg::ErrInvalidEmail).into()
            }
            (F::Website, Some(hint)) => locale.format(Msg::ErrInvalidFormatHint, &[("hint", hint)]),
            (F::Website, None) => locale.text(Msg::ErrInvalidWebsite).into(),
            (F::Seats, _) => locale.text(Msg::ErrNumber).into(),
            (F::PostalCode, Some(hint)) => locale.format(Msg::ErrInvalidPostal, &[("hint", hint)]),
            (F::PostalCode, None) => locale.text(Msg::ErrNoPostal).into(),
            (_, Some(hint)) => locale.format(Msg::ErrInvalidFormatHint, &[("hint", hint)]),
            (_, None) => locale.text(Msg::ErrInvalidFormat).into(),
        },
        FieldError::NotAName => locale.text(Msg::ErrNotAName).into(),
        FieldError::LegalFormOnly => locale.text(Msg::ErrLegalFormOnly).into(),
        FieldError::Placeholder => locale.text(Msg::ErrPlaceholder).into(),
        FieldError::NotInList => locale.text(Msg::ErrNotInList).into(),
        FieldError::NotAllowedInInstance => locale.text(Msg::ErrNotAllowedInInstance).into(),
        FieldError::Taken if field == crate::Field::Email => locale.text(Msg::ErrEmailTaken).into(),
        FieldError::Taken => locale.text(Msg::ErrTaken).into(),
        FieldError::ReservedDomain => locale.text(Msg::ErrReservedDomain).into(),
        FieldError::PartnerDomain => locale.text(Msg::ErrPartnerDomain).into(),
        FieldError::ReadOnly => locale.text(Msg::ErrReadOnly).into(),
        FieldError::PrivateAddress => locale.text(Msg::ErrPrivateAddress).into(),
        FieldError::InFuture => locale.text(Msg::ErrInFuture).into(),
        FieldError::TooOld { min } => locale.format(Msg::ErrTooOld, &[("min", min)]),
        FieldError::DigitCount { min, max } => locale.format(
            Msg::ErrDigitCount,
            &[("min", &min.to_string()), ("max", &max.to_string())],
        ),
        FieldError::MissingColumn { column } => locale.format(
            Msg::ErrMissingColumn,
            &[("column", &column_heading(column, locale))],
        ),
        FieldError::RepeatedColumn { column } => locale.format(
            Msg::ErrRepeatedColumn,
            &[("column", &column_heading(column, locale))],
        ),
        FieldError::UnknownColumn { column } => {
            locale.format(Msg::ErrUnknownColumn, &[("column", column)])
        }
        FieldError::OutOfRange { min, max } => locale.format(
            Msg::ErrOutOfRange,
            &[
                ("min", &format_count(u64::from(*min), locale)),
                ("max", &format_count(u64::from(*max), locale)),
            ],
        ),
        FieldError::TooMany { max } => locale.format(Msg::ErrTooMany, &[("max", &max.to_string())]),
        FieldError::UnknownPartner => locale.text(Msg::ErrUnknownPartner).into(),
        FieldError::NotWithGlobalAdmin => locale.text(Msg::ErrNotWithGlobalAdmin).into(),
        FieldError::NotGranted => locale.text(Msg::ErrNotGranted).into(),
        FieldError::Incorrect => locale.text(Msg::ErrIncorrectCode).into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn every_message_has_text_in_both_languages() {
        for msg in Msg::ALL {
            for locale in Locale::ALL {
                assert!(
                    !msg.text(*locale).trim().is_empty(),
                    "{} is empty in {}",
                    msg.name(),
                    locale.tag()
                );
            }
        }
    }

    #[test]
    fn chinese_texts_are_translated() {
        // Identical texts are allowed only for names that stay the same in both languages.
        let same_allowed: HashSet<&str> = [
            "AppName",
            // "ID" reads the same in a Chinese UI (客户 ID).
            "AuditKeyId",
            // Product names stay in English in Chinese texts too.
            "OfferingM365",
            "OfferingAzure",
            "OfferingDynamics",
            "OfferingCopilot",
            // Encodings are named the same way in every language.
            "EncodingUtf8",
            "EncodingGb18030",
        ]
        .into_iter()
        .collect();
        for msg in Msg::ALL {
            if !same_allowed.contains(msg.name()) {
                assert_ne!(
                    msg.text(Locale::EnUs),
                    msg.text(Locale::ZhCn),
                    "{} is not translated",
                    msg.name()
                );
            }
        }
    }

    #[test]
    fn placeholders_match_between_languages() {
        fn names(s: &str) -> Vec<String> {
            let mut out: Vec<String> = s
                .split('{')
                .skip(1)
                .filter_map(|part| part.split_once('}').map(|(n, _)| n.to_string()))
                .collect();
            out.sort();
            out
        }
        for msg in Msg::ALL {
            assert_eq!(
                names(msg.text(Locale::EnUs)),
                names(msg.text(Locale::ZhCn)),
                "{}",
                msg.name()
            );
        }
    }

    #[test]
    fn glossary_variants_are_not_used() {
        for msg in Msg::ALL {
            let zh = msg.text(Locale::ZhCn);
            for banned in ["分销商关系", "引荐", "业务资料", "账户"] {
                assert!(!zh.contains(banned), "{} uses {banned}", msg.name());
            }
        }
    }

    #[test]
    fn dates_and_numbers_per_locale() {
        assert_eq!(
            format_date("2026-03-04T10:00:00.000000Z", Locale::EnUs),
            "Mar 4, 2026"
        );
        assert_eq!(
            format_date("2026-03-04T10:00:00.000000Z", Locale::ZhCn),
            "2026年3月4日"
        );
        assert_eq!(format_date("2025-12-31", Locale::EnUs), "Dec 31, 2025");
        assert_eq!(format_date("garbage", Locale::EnUs), "garbage");
        assert_eq!(format_count(0, Locale::EnUs), "0");
        assert_eq!(format_count(999, Locale::EnUs), "999");
        assert_eq!(format_count(1_000, Locale::ZhCn), "1,000");
        assert_eq!(format_count(1_234_567, Locale::EnUs), "1,234,567");
        assert_eq!(customer_count_of(1, false, Locale::EnUs), "1 customer");
        assert_eq!(customer_count_of(0, false, Locale::EnUs), "0 customers");
        assert_eq!(
            customer_count_of(1_200, false, Locale::ZhCn),
            "共 1,200 个客户"
        );
        assert_eq!(
            customer_count_of(1_000, true, Locale::EnUs),
            "More than 1,000 customers"
        );
    }

    #[test]
    fn a_page_of_the_list_says_which_rows_it_shows() {
        assert_eq!(
            customer_range_of(Some(1), 50, 1_234, false, Locale::EnUs),
            "1–50 of 1,234"
        );
        assert_eq!(
            customer_range_of(Some(51), 12, 62, false, Locale::ZhCn),
            "第 51–62 个，共 62 个"
        );
        assert_eq!(
            customer_range_of(Some(1001), 50, 1_000, true, Locale::EnUs),
            "1,001–1,050 of more than 1,050",
            "a capped count is never below the rows shown"
        );
        assert_eq!(
            customer_range_of(None, 50, 80, false, Locale::EnUs),
            "80 customers",
            "position unknown"
        );
        assert_eq!(
            customer_range_of(Some(1), 0, 0, false, Locale::EnUs),
            "0 customers"
        );
    }

    #[test]
    fn tags() {
        assert_eq!(Locale::from_tag("zh-Hans-CN"), Some(Locale::ZhCn));
        assert_eq!(Locale::from_tag("en-GB"), Some(Locale::EnUs));
        assert_eq!(Locale::from_tag("fr"), None);
        assert_eq!(serde_json::to_string(&Locale::ZhCn).unwrap(), "\"zh-CN\"");
    }

    #[test]
    fn date_times_read_as_date_and_minutes_in_utc() {
        let at = "2026-12-02T08:10:59.691239Z";
        assert_eq!(format_date_time(at, Locale::EnUs), "Dec 2, 2026 08:10 UTC");
        assert_eq!(
            format_date_time(at, Locale::ZhCn),
            "2026年12月2日 08:10 UTC"
        );
        assert_eq!(format_date_time("2026-12-02", Locale::EnUs), "Dec 2, 2026");
    }

    #[test]
    fn error_texts_fill_parameters() {
        let t = field_error_text(
            Locale::ZhCn,
            crate::Field::CompanyName,
            &FieldError::TooLong { max: 100 },
        );
        assert_eq!(t, "最多 100 个字符。");
        let t = field_error_text(
            Locale::EnUs,
            crate::Field::Country,
            &FieldError::InvalidFormat {
                hint: Some("GB".into()),
            },
        );
        assert!(t.contains("GB"));
        let t = field_error_text(
            Locale::ZhCn,
            crate::Field::File,
            &FieldError::MissingColumn {
                column: "contact_email".into(),
            },
        );
        assert_eq!(t, "文件缺少“联系人电子邮件 (contact_email)”列。");
    }
}
