//! A department's identity for joining disclosures: a normalized key, the scope the name states
//! (本级 or 汇总) and the region it names. Pure functions of the name as printed; the rules are
//! described in `docs/dataset.md`.

use regex::{Regex, RegexBuilder};
use serde::Serialize;
use std::sync::LazyLock;

/// What a disclosure covers, where its name says: the department's own budget unit (`本级`) or
/// the department with its subordinate units (`汇总`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
pub enum Scope {
    #[serde(rename = "本级")]
    OwnUnit,
    #[serde(rename = "汇总")]
    Consolidated,
}

impl Scope {
    pub fn as_str(self) -> &'static str {
        match self {
            Scope::OwnUnit => "本级",
            Scope::Consolidated => "汇总",
        }
    }
}

/// The places a department's name begins with.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Region {
    /// A province, autonomous region or municipality (北京/上海/天津/重庆 are province-level).
    pub province: Option<String>,
    /// A prefecture-level city (无锡市, 深圳市).
    pub city: Option<String>,
    /// A county-level place: a district (普陀区), county or banner.
    pub county: Option<String>,
}

/// A department's identity, read from its name.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Identity {
    /// The name normalized for joining: the same department printed different ways has one key.
    pub key: String,
    pub scope: Option<Scope>,
    pub region: Region,
}

/// A regex whose transition cache stays small: it runs once per document on a short name, and
/// the default cache (megabytes per thread for these Unicode classes) would outweigh its use.
fn small(pattern: &str) -> Regex {
    RegexBuilder::new(pattern)
        .dfa_size_limit(1 << 16)
        .build()
        .expect("static regex")
}

/// Field labels a name can come with: `预算单位：`, `部门名称：`, `编制单位：`, a budget code.
static LABEL: LazyLock<Regex> = LazyLock::new(|| {
    small(
        r"^(?:(?:预算|主管|编制)?(?:主管)?(?:部门|单位)(?:名称)?[:：])?(?:\d+[-－])?(?:20\d{2}年度?)?",
    )
});
/// A scope suffix, and whatever a title left after it (`（本级）部` of `（本级）部门预算`).
static SCOPE: LazyLock<Regex> =
    LazyLock::new(|| small(r"(?:（(?P<a>本级|汇总)）|(?P<b>本级|汇总))(?:部门?|单位)?$"));
/// The party committee spelled out or shortened: `中国共产党江苏省委员会`, `中共江苏省委`,
/// `江苏省委`.
static PARTY: LazyLock<Regex> = LazyLock::new(|| {
    small(
        r"^(?:中国共产党(?P<full>\p{Han}{1,12}?(?:省|市|自治区|区|县|州|盟|旗))委员会|(?:中共)?(?P<short>\p{Han}{1,12}?(?:省|市|自治区|区|县|州|盟|旗))委(?P<rest>[^员]|$))",
    )
});
static PROVINCE: LazyLock<Regex> = LazyLock::new(|| {
    small(
        r"^(?:北京市|上海市|天津市|重庆市|内蒙古自治区|广西壮族自治区|西藏自治区|宁夏回族自治区|新疆维吾尔自治区|\p{Han}{2,3}?省)",
    )
});
static CITY: LazyLock<Regex> = LazyLock::new(|| small(r"^\p{Han}{2,4}?(?:市|自治州|地区|盟)"));
static COUNTY: LazyLock<Regex> = LazyLock::new(|| small(r"^\p{Han}{2,4}?(?:区|县|旗)"));
/// Words ending like a district that are not places of government.
const NOT_COUNTIES: &[&str] = &[
    "社区", "园区", "校区", "景区", "学区", "小区", "片区", "街区",
];
const MUNICIPALITIES: &[&str] = &["北京市", "上海市", "天津市", "重庆市"];

/// Letter spacing removed and brackets made full-width.
fn compact(name: &str) -> String {
    name.chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| match c {
            '(' => '（',
            ')' => '）',
            c => c,
        })
        .collect()
}

/// The name without its label and scope, and the scope.
fn strip(name: &str) -> (String, Option<Scope>) {
    let compacted = compact(name);
    let unlabelled = LABEL.replace(&compacted, "").into_owned();
    let Some(caps) = SCOPE.captures(&unlabelled) else {
        return (unlabelled, None);
    };
    let scope = match caps.name("a").or(caps.name("b")).map(|m| m.as_str()) {
        Some("汇总") => Scope::Consolidated,
        _ => Scope::OwnUnit,
    };
    let start = caps.get(0).map_or(unlabelled.len(), |m| m.start());
    let base = unlabelled[..start].to_string();
    // A bare `本级` (no brackets) must leave a name behind.
    if base.chars().count() < 2 {
        return (unlabelled, None);
    }
    (base, Some(scope))
}

/// The party committee's name in one form: `中共` + place + `委`.
fn party_form(name: &str) -> String {
    let Some(caps) = PARTY.captures(name) else {
        return name.to_string();
    };
    let whole = caps.get(0).map_or(0..0, |m| m.range());
    if let Some(place) = caps.name("full") {
        return format!("中共{}委{}", place.as_str(), &name[whole.end..]);
    }
    let (Some(place), Some(rest)) = (caps.name("short"), caps.name("rest")) else {
        return name.to_string();
    };
    format!("中共{}委{}", place.as_str(), &name[rest.start()..])
}

/// The region the name begins with.
fn region(key: &str) -> Region {
    let mut rest = key.strip_prefix("中共").unwrap_or(key);
    let mut region = Region::default();
    if let Some(m) = PROVINCE.find(rest) {
        region.province = Some(m.as_str().to_string());
        rest = &rest[m.end()..];
    }
    let municipality = region
        .province
        .as_deref()
        .is_some_and(|p| MUNICIPALITIES.contains(&p));
    if !municipality {
        if let Some(m) = CITY.find(rest) {
            region.city = Some(m.as_str().to_string());
            rest = &rest[m.end()..];
        }
    }
    if let Some(m) = COUNTY.find(rest) {
        if !NOT_COUNTIES.iter().any(|w| m.as_str().ends_with(w)) {
            region.county = Some(m.as_str().to_string());
        }
    }
    region
}

/// The identity of a department named `name` as printed.
pub fn identify(name: &str) -> Identity {
    let (base, scope) = strip(name);
    let key = party_form(&base);
    Identity {
        region: region(&key),
        key,
        scope,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(name: &str) -> String {
        identify(name).key
    }

    fn places(name: &str) -> [Option<String>; 3] {
        let r = identify(name).region;
        [r.province, r.city, r.county]
    }

    fn some(s: &str) -> Option<String> {
        Some(s.to_string())
    }

    #[test]
    fn the_party_committee_has_one_key_however_it_is_spelled() {
        for name in [
            "中共江苏省委办公厅",
            "中国共产党江苏省委员会办公厅",
            "江苏省委办公厅",
            "中 共 江 苏 省 委 办 公 厅",
        ] {
            assert_eq!(key(name), "中共江苏省委办公厅", "{name}");
        }
        assert_eq!(key("中国共产党广州市委员会宣传部"), "中共广州市委宣传部");
        assert_eq!(
            key("2026年中共深圳市委宣传部（本级）"),
            "中共深圳市委宣传部"
        );
        // 委员会 of a government department is not the party committee.
        assert_eq!(
            key("北京市住房和城乡建设委员会"),
            "北京市住房和城乡建设委员会"
        );
        assert_eq!(key("深圳市卫生健康委员会（本级）"), "深圳市卫生健康委员会");
    }

    #[test]
    fn scope_suffixes_are_removed_and_kept_as_scope() {
        let id = identify("深圳市财政局（本级）");
        assert_eq!(id.key, "深圳市财政局");
        assert_eq!(id.scope, Some(Scope::OwnUnit));
        assert_eq!(identify("深圳市财政局").key, id.key);
        assert_eq!(identify("深圳市财政局").scope, None);
        assert_eq!(identify("无锡市教育局(本级)").key, "无锡市教育局");
        assert_eq!(
            identify("深圳市发展和改革委员会（本 级）").key,
            "深圳市发展和改革委员会"
        );
        assert_eq!(
            identify("无锡市住房和城乡建设局本级").scope,
            Some(Scope::OwnUnit)
        );
        let all = identify("上海市普陀区教育局（汇总）");
        assert_eq!(all.key, "上海市普陀区教育局");
        assert_eq!(all.scope, Some(Scope::Consolidated));
        // What a title left after the suffix (`（本级）部门预算` cut after 部).
        assert_eq!(key("深圳市应急管理局（本级）部"), "深圳市应急管理局");
    }

    #[test]
    fn labels_years_and_letter_spacing_are_removed() {
        assert_eq!(key("预算单位：上海市审计局"), "上海市审计局");
        assert_eq!(
            key("部门名称：广州市政务服务和数据管理局"),
            "广州市政务服务和数据管理局"
        );
        assert_eq!(
            key("2026年深圳市人民政府口岸办公室"),
            "深圳市人民政府口岸办公室"
        );
        assert_eq!(key("北 京 市 审 计 局"), "北京市审计局");
        assert_eq!(
            key("上海市统计和大数据研究院(上海市统计数据管理中心)"),
            "上海市统计和大数据研究院（上海市统计数据管理中心）"
        );
    }

    #[test]
    fn regions_named_by_the_name() {
        assert_eq!(
            places("上海市普陀区财政局"),
            [some("上海市"), None, some("普陀区")]
        );
        assert_eq!(
            places("上海市普陀区人民政府万里街道办事处"),
            [some("上海市"), None, some("普陀区")]
        );
        assert_eq!(places("上海市审计局"), [some("上海市"), None, None]);
        assert_eq!(places("北京市城市管理委员会"), [some("北京市"), None, None]);
        assert_eq!(places("深圳市财政局（本级）"), [None, some("深圳市"), None]);
        assert_eq!(places("苏州市科学技术局"), [None, some("苏州市"), None]);
        assert_eq!(
            places("江苏省无锡市信访局"),
            [some("江苏省"), some("无锡市"), None]
        );
        assert_eq!(places("中共江苏省委办公厅"), [some("江苏省"), None, None]);
        assert_eq!(
            places("中国共产党广州市委员会宣传部"),
            [None, some("广州市"), None]
        );
        assert_eq!(
            places("广州市城市管理和综合执法局"),
            [None, some("广州市"), None]
        );
        assert_eq!(places("西南大学"), [None, None, None]);
        assert_eq!(places("长沙职业教育基地综合协调办公室"), [None, None, None]);
        assert_eq!(places("上海市XX局"), [some("上海市"), None, None]);
        assert_eq!(
            places("重庆市九龙坡区人民政府办公室"),
            [some("重庆市"), None, some("九龙坡区")]
        );
        assert_eq!(
            places("上海市普陀区长征镇社区"),
            [some("上海市"), None, some("普陀区")]
        );
    }
}
