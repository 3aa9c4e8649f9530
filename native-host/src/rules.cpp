#include "rules.hpp"

#include <algorithm>
#include <cctype>

#include <nlohmann/json.hpp>

#include "byte_io.hpp"
#include "json_writer.hpp"

namespace optout {
namespace {

using nlohmann::json;

constexpr std::string_view kCategoryNames[] = {"ai-training", "ad-sharing", "ads", "research"};

// Where a value sits in the rules file, for error messages: `rule "research": field "category"`.
struct Place {
    std::string owner;  // "rules file" or `rule "id"`
    std::string field;

    [[noreturn]] void fail(std::string_view problem) const {
        throw RulesError("rules: " + owner + ": field \"" + field + "\": " + std::string(problem));
    }
    Place at(std::string_view sub) const { return {owner, field + std::string(sub)}; }
};

const json& member(const json& object, const Place& owner, std::string_view name) {
    const auto it = object.find(name);
    if (it == object.end())
        Place{owner.owner, owner.field.empty() ? std::string(name) : owner.field + "." + std::string(name)}.fail("is missing");
    return *it;
}

std::string text(const json& value, const Place& place, bool allow_empty = false) {
    if (!value.is_string()) place.fail("must be a string");
    auto s = value.get<std::string>();
    if (!allow_empty && s.empty()) place.fail("must not be empty");
    return s;
}

std::vector<std::string> texts(const json& value, const Place& place, bool allow_empty_list = false) {
    if (!value.is_array()) place.fail("must be an array of strings");
    if (!allow_empty_list && value.empty()) place.fail("must not be empty");
    std::vector<std::string> out;
    for (std::size_t i = 0; i < value.size(); ++i) {
        // Appended rather than "[" + ...: GCC 12 at -O3 warns falsely (-Wrestrict) on that form.
        std::string index = "[";
        index += std::to_string(i);
        index += ']';
        out.push_back(text(value[i], place.at(index)));
    }
    return out;
}

template <std::size_t N>
std::size_t one_of(const std::string& value, const std::string_view (&names)[N], const Place& place) {
    for (std::size_t i = 0; i < N; ++i)
        if (names[i] == value) return i;
    std::string list;
    for (std::size_t i = 0; i < N; ++i) list += (i ? ", " : "") + std::string(names[i]);
    place.fail("must be one of " + list + " (got \"" + value + "\")");
}

void reject_unknown_members(const json& object, std::initializer_list<std::string_view> known, const std::string& owner) {
    for (const auto& [key, value] : object.items()) {
        if (key == "$schema") continue;
        if (std::find(known.begin(), known.end(), key) == known.end())
            Place{owner, key}.fail("is not a known field");
    }
}

bool valid_rule_id(const std::string& id) {
    return !id.empty() && id.size() <= 64 &&
           std::all_of(id.begin(), id.end(), [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-'; });
}

LanguageLabels parse_language(const std::string& language, const json& value, const Place& place) {
    if (!value.is_object()) place.fail("must be an object with match, confidence and source");
    reject_unknown_members(value, {"match", "confidence", "source"}, place.owner + ": field \"" + place.field + "\"");
    LanguageLabels labels;
    labels.language = language;
    labels.phrases = texts(member(value, {place.owner, place.field}, "match"), place.at(".match"));
    for (const auto& phrase : labels.phrases) {
        LabelMatcher matcher(phrase);
        if (matcher.words().empty()) place.at(".match").fail("a phrase has no words: \"" + phrase + "\"");
        labels.matchers.push_back(std::move(matcher));
    }
    static constexpr std::string_view kConfidence[] = {"good", "low"};
    labels.confidence = text(member(value, {place.owner, place.field}, "confidence"), place.at(".confidence"));
    one_of(labels.confidence, kConfidence, place.at(".confidence"));
    labels.source = text(member(value, {place.owner, place.field}, "source"), place.at(".source"));
    return labels;
}

constexpr std::string_view kRuleKindNames[] = {"switch", "manual"};

RuleSource parse_source(const json& value, const Place& place) {
    if (!value.is_object()) place.fail("must be an object with url, date and note");
    reject_unknown_members(value, {"url", "date", "note"}, place.owner + ": field \"" + place.field + "\"");
    RuleSource source;
    source.url = text(member(value, place, "url"), place.at(".url"));
    source.date = text(member(value, place, "date"), place.at(".date"));
    const auto& date = source.date;
    const bool date_ok = date.size() == 10 && date[4] == '-' && date[7] == '-' &&
                         std::all_of(date.begin(), date.end(), [](char c) { return c == '-' || std::isdigit(static_cast<unsigned char>(c)); });
    if (!date_ok) place.at(".date").fail("must be a date YYYY-MM-DD (got \"" + date + "\")");
    if (const auto note = value.find("note"); note != value.end()) source.note = text(*note, place.at(".note"), true);
    return source;
}

// FNV-1a over the ids and the matchers, each string ended by a 0 byte so that no two lists
// run together into the same bytes.
std::string fingerprint_of(const Rule& rule) {
    std::uint64_t hash = 14695981039346656037ull;
    auto add = [&](std::string_view text) {
        for (const char c : text) hash = (hash ^ static_cast<unsigned char>(c)) * 1099511628211ull;
        hash = (hash ^ 0u) * 1099511628211ull;
    };
    add(to_string(rule.kind));
    for (const auto& id : rule.ids) add(id);
    add("labels");
    for (const auto& language : rule.labels) {
        add(language.language);
        for (const auto& phrase : language.phrases) add(phrase);
    }
    static constexpr char kHex[] = "0123456789abcdef";
    std::string out(16, '0');
    for (int i = 15; i >= 0; --i, hash >>= 4) out[static_cast<std::size_t>(i)] = kHex[hash & 0xF];
    return out;
}

Rule parse_rule(const json& value, std::size_t index, const Rules& rules) {
    std::string owner = "rule #" + std::to_string(index);
    if (!value.is_object()) Place{owner, "rules"}.fail("each rule must be an object");
    const Place id_place{owner, "id"};
    Rule rule;
    rule.id = text(member(value, {owner, ""}, "id"), id_place);
    if (!valid_rule_id(rule.id)) id_place.fail("must be lower-case letters, digits and '-' (got \"" + rule.id + "\")");
    owner = "rule \"" + rule.id + "\"";
    const Place base{owner, ""};
    auto field = [&](std::string_view name) -> const json& { return member(value, base, name); };
    auto place = [&](std::string_view name) { return Place{owner, std::string(name)}; };

    reject_unknown_members(value, {"id", "title", "why", "category", "kind", "profiles", "regions", "desired", "pages", "ids",
                                   "labels", "link", "sources"},
                           owner);
    rule.title = text(field("title"), place("title"));
    rule.why = text(field("why"), place("why"));
    rule.category = static_cast<Category>(one_of(text(field("category"), place("category")), kCategoryNames, place("category")));
    if (const auto kind = value.find("kind"); kind != value.end())
        rule.kind = static_cast<RuleKind>(one_of(text(*kind, place("kind")), kRuleKindNames, place("kind")));
    for (const auto& name : texts(field("profiles"), place("profiles")))
        rule.profile_mask |= static_cast<std::uint8_t>(1u << one_of(name, kProfileNames, place("profiles")));
    rule.regions = texts(field("regions"), place("regions"));
    static constexpr std::string_view kDesired[] = {"off"};
    one_of(text(field("desired"), place("desired")), kDesired, place("desired"));
    if (rule.is_manual()) {
        // A manual step is never read off a page: nothing on a page may claim it.
        for (const std::string_view name : {"pages", "ids", "labels"})
            if (value.contains(name)) place(name).fail("a manual rule has no " + std::string(name));
    } else {
        for (auto& pattern : texts(field("pages"), place("pages"))) {
            if (pattern.front() != '/') place("pages").fail("each page must be a URL path starting with '/' (got \"" + pattern + "\")");
            rule.pages.emplace_back(std::move(pattern));
        }
        rule.ids = texts(field("ids"), place("ids"), /*allow_empty_list=*/true);
        const json& labels = field("labels");
        if (!labels.is_object() || labels.empty()) place("labels").fail("must be an object with at least one language");
        if (!labels.contains("en")) place("labels").fail("must have English (\"en\") matchers");
        for (const auto& [language, entry] : labels.items()) {
            if (std::find(rules.languages.begin(), rules.languages.end(), language) == rules.languages.end())
                place("labels." + language).fail("is not one of the rules file's languages");
            rule.labels.push_back(parse_language(language, entry, place("labels." + language)));
        }
    }
    rule.link = text(field("link"), place("link"));
    if (rule.link.rfind("https://" + rules.site + "/", 0) != 0)
        place("link").fail("must be an https address on " + rules.site + " (got \"" + rule.link + "\")");
    const json& sources = field("sources");
    if (!sources.is_array() || sources.empty()) place("sources").fail("must be a non-empty array of {url, date, note}");
    for (std::size_t i = 0; i < sources.size(); ++i) rule.sources.push_back(parse_source(sources[i], place("sources[" + std::to_string(i) + "]")));
    rule.fingerprint = fingerprint_of(rule);
    return rule;
}

}  // namespace

std::optional<Profile> parse_profile(std::string_view name) {
    for (std::size_t i = 0; i < std::size(kProfileNames); ++i)
        if (kProfileNames[i] == name) return static_cast<Profile>(i);
    return std::nullopt;
}

std::string_view to_string(Profile profile) { return kProfileNames[static_cast<std::size_t>(profile)]; }
std::string_view to_string(Category category) { return kCategoryNames[static_cast<std::size_t>(category)]; }
std::string_view to_string(RuleKind kind) { return kRuleKindNames[static_cast<std::size_t>(kind)]; }

std::string primary_language(std::string_view lang) {
    std::string primary(lang.substr(0, lang.find_first_of("-_")));
    for (char& c : primary) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return primary;
}

std::optional<int> compare_versions(std::string_view a, std::string_view b) {
    auto numbers = [](std::string_view text) -> std::optional<std::vector<std::uint64_t>> {
        std::vector<std::uint64_t> out;
        for (;;) {
            const auto dot = text.find('.');
            const std::string_view part = text.substr(0, dot);
            if (part.empty() || part.size() > 18 ||
                !std::all_of(part.begin(), part.end(), [](char c) { return c >= '0' && c <= '9'; }))
                return std::nullopt;
            out.push_back(std::stoull(std::string(part)));
            if (dot == std::string_view::npos) return out;
            text.remove_prefix(dot + 1);
        }
    };
    const auto x = numbers(a), y = numbers(b);
    if (!x || !y) return std::nullopt;
    const std::size_t n = std::max(x->size(), y->size());
    for (std::size_t i = 0; i < n; ++i) {
        const std::uint64_t p = i < x->size() ? (*x)[i] : 0, q = i < y->size() ? (*y)[i] : 0;
        if (p != q) return p < q ? -1 : 1;
    }
    return 0;
}

PathPattern::PathPattern(std::string pattern) : text_(std::move(pattern)) {
    std::string_view stem = text_;
    if (!stem.empty() && stem.back() == '*') {
        prefix_ = true;
        stem.remove_suffix(1);
    }
    while (stem.size() > 1 && stem.back() == '/') stem.remove_suffix(1);
    stem_length_ = stem.size();
}

bool PathPattern::matches(std::string_view path) const {
    while (path.size() > 1 && path.back() == '/') path.remove_suffix(1);
    const std::string_view own = stem();
    if (prefix_) return path.substr(0, own.size()) == own;
    return path == own;
}

bool PathPattern::matches_joined(std::string_view prefix, std::string_view tail) const {
    while (tail.size() > 1 && tail.back() == '/') tail.remove_suffix(1);
    const std::string_view own = stem();
    if (!own.starts_with(prefix)) return false;
    const std::string_view rest = own.substr(prefix.size());
    if (prefix_) return tail.substr(0, rest.size()) == rest;
    return tail == rest;
}

bool Rule::has_id(std::string_view key) const { return std::find(ids.begin(), ids.end(), key) != ids.end(); }

bool Rule::label_matches(std::string_view folded_label) const {
    for (const auto& language : labels)
        for (const auto& matcher : language.matchers)
            if (matcher.matches(folded_label)) return true;
    return false;
}

bool Rule::on_own_page(std::string_view path) const {
    return std::any_of(pages.begin(), pages.end(), [&](const PathPattern& p) { return p.matches(path); });
}

bool Rules::knows_language(std::string_view lang) const {
    const std::string primary = primary_language(lang);
    return std::find(languages.begin(), languages.end(), primary) != languages.end();
}

namespace {

auto switch_id_at(const std::vector<std::pair<std::string, std::size_t>>& ids, std::string_view switch_id) {
    return std::lower_bound(ids.begin(), ids.end(), switch_id, [](const auto& entry, std::string_view id) { return entry.first < id; });
}

}  // namespace

const Rule* Rules::rule_with_id(std::string_view switch_id) const {
    const auto it = switch_id_at(switch_ids, switch_id);
    return it == switch_ids.end() || it->first != switch_id ? nullptr : &rules[it->second];
}

bool Rules::is_own_page(const Rule& rule, std::string_view path) const {
    if (rule.on_own_page(path)) return true;
    // The same page under another known prefix: /mypreferences/s/settings/x for /mypreferences/d/settings/x.
    for (const std::string& prefix : prefixes) {
        if (!path.starts_with(prefix)) continue;
        const std::string_view tail = path.substr(prefix.size());
        for (const PathPattern& page : rule.pages)
            for (const std::string& other : prefixes)
                if (page.matches_joined(other, tail)) return true;
    }
    return false;
}

const Rule* Rules::find(std::string_view id) const {
    const auto it = std::find_if(rules.begin(), rules.end(), [&](const Rule& r) { return r.id == id; });
    return it == rules.end() ? nullptr : &*it;
}

const Hub* Rules::find_hub(std::string_view path) const {
    const auto it = std::find_if(hubs.begin(), hubs.end(), [&](const Hub& h) { return h.path.matches(path); });
    return it == hubs.end() ? nullptr : &*it;
}

Rules load_rules(std::string_view json_text) {
    json doc;
    try {
        doc = json::parse(json_text);
    } catch (const json::parse_error& e) {
        throw RulesError(std::string("rules: not valid JSON: ") + e.what());
    }
    const std::string owner = "rules file";
    if (!doc.is_object()) throw RulesError("rules: the rules file must be a JSON object");
    reject_unknown_members(doc, {"format", "version", "site", "profiles", "languages", "prefixes", "hubs", "rules"}, owner);
    const Place base{owner, ""};
    Rules rules;
    const json& format = member(doc, base, "format");
    if (!format.is_number_integer() || format.get<int>() != kRulesFormat)
        Place{owner, "format"}.fail("must be " + std::to_string(kRulesFormat) + " (this host reads rules format " +
                                    std::to_string(kRulesFormat) + " only)");
    rules.format = kRulesFormat;
    rules.version = text(member(doc, base, "version"), {owner, "version"});
    if (!compare_versions(rules.version, rules.version))
        Place{owner, "version"}.fail("must be numbers separated by dots, e.g. 2026.12.07 (got \"" + rules.version + "\")");
    rules.site = text(member(doc, base, "site"), {owner, "site"});
    const auto profiles = texts(member(doc, base, "profiles"), {owner, "profiles"});
    if (!std::equal(profiles.begin(), profiles.end(), std::begin(kProfileNames), std::end(kProfileNames)))
        Place{owner, "profiles"}.fail("must be [\"essential\", \"recommended\", \"strict\"]");
    rules.languages = texts(member(doc, base, "languages"), {owner, "languages"});
    for (const auto& language : rules.languages) {
        const bool subtag = language.size() >= 2 && language.size() <= 3 &&
                            std::all_of(language.begin(), language.end(), [](char c) { return c >= 'a' && c <= 'z'; });
        if (!subtag) Place{owner, "languages"}.fail("must be primary language subtags such as \"de\" (got \"" + language + "\")");
    }
    if (const auto prefixes = doc.find("prefixes"); prefixes != doc.end()) {
        rules.prefixes = texts(*prefixes, {owner, "prefixes"}, /*allow_empty_list=*/true);
        for (const auto& prefix : rules.prefixes)
            if (prefix.size() < 2 || prefix.front() != '/' || prefix.back() != '/')
                Place{owner, "prefixes"}.fail("each prefix must start and end with '/' (got \"" + prefix + "\")");
    }
    const json& hubs = member(doc, base, "hubs");
    if (!hubs.is_array()) Place{owner, "hubs"}.fail("must be an array");
    for (std::size_t i = 0; i < hubs.size(); ++i) {
        const Place hub_place{owner, "hubs[" + std::to_string(i) + "]"};
        if (!hubs[i].is_object()) hub_place.fail("must be an object with path and title");
        std::string path = text(member(hubs[i], hub_place, "path"), hub_place.at(".path"));
        if (path.front() != '/') hub_place.at(".path").fail("must be a URL path starting with '/' (got \"" + path + "\")");
        rules.hubs.push_back(Hub{PathPattern(std::move(path)), text(member(hubs[i], hub_place, "title"), hub_place.at(".title"))});
    }
    const json& list = member(doc, base, "rules");
    if (!list.is_array() || list.empty()) Place{owner, "rules"}.fail("must be a non-empty array");
    for (std::size_t i = 0; i < list.size(); ++i) {
        Rule rule = parse_rule(list[i], i, rules);
        if (rules.find(rule.id)) Place{"rule \"" + rule.id + "\"", "id"}.fail("is used by two rules");
        for (const auto& switch_id : rule.ids)
            if (const Rule* other = rules.rule_with_id(switch_id))
                Place{"rule \"" + rule.id + "\"", "ids"}.fail("switch id \"" + switch_id + "\" is already rule \"" + other->id + "\"'s");
        JsonWriter(rule.reply_members).key("rule").value(rule.id).key("title").value(rule.title).key("why").value(rule.why).key("link").value(rule.link);
        const std::size_t index = rules.rules.size();
        for (const auto& switch_id : rule.ids) rules.switch_ids.insert(switch_id_at(rules.switch_ids, switch_id), {switch_id, index});
        if (!rule.is_manual())
            for (const auto& language : rule.labels)
                for (const auto& matcher : language.matchers) rules.switch_labels.add(index, matcher);
        rules.rules.push_back(std::move(rule));
    }
    return rules;
}

Rules load_rules_file(const std::string& path) {
    const std::optional<std::string> text = read_whole_file(path);
    if (!text) throw RulesError("rules: cannot read " + path);
    return load_rules(*text);
}

}  // namespace optout
