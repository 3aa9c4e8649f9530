// optout-rules-compiler RULES.json OUT.cpp: the build step that turns the rules file into C++.
// It loads the file with the host's own load_rules (so the build fails, naming the rule and the
// field, on exactly what the host would refuse at run time) and writes `compiled_rules()`, which
// builds the same `Rules` from literals: the host starts with no JSON to parse. rules_test proves
// compiled_rules() == load_rules(the file).
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "rules.hpp"

namespace {

using optout::Rules;

// A C++ string literal holding exactly `text`: printable ASCII as is, everything else as a
// three-digit octal escape (never \x, which would swallow a following hex digit).
std::string literal(std::string_view text) {
    std::string out = "\"";
    for (const char c : text) {
        const auto byte = static_cast<unsigned char>(c);
        if (c == '"' || c == '\\') {
            out += '\\';
            out += c;
        } else if (byte >= 0x20 && byte < 0x7f && c != '?') {  // '?' too: no trigraph can form
            out += c;
        } else {
            out += '\\';
            out += static_cast<char>('0' + (byte >> 6));
            out += static_cast<char>('0' + ((byte >> 3) & 7));
            out += static_cast<char>('0' + (byte & 7));
        }
    }
    return out + '"';
}

std::string literals(const std::vector<std::string>& texts) {
    std::string out = "{";
    for (std::size_t i = 0; i < texts.size(); ++i) out += (i ? ", " : "") + literal(texts[i]);
    return out + "}";
}

std::string enum_value(std::string_view type, std::size_t value) {
    return "static_cast<" + std::string(type) + ">(" + std::to_string(value) + ")";
}

// The statements that rebuild `rules` member by member, in the order load_rules fills them
// (the label index numbers words in the order they are added, so the order matters for ==).
void write_rules(const Rules& rules, std::ostream& out) {
    out << "    Rules rules;\n"
        << "    rules.format = " << rules.format << ";\n"
        << "    rules.version = " << literal(rules.version) << ";\n"
        << "    rules.site = " << literal(rules.site) << ";\n"
        << "    rules.languages = " << literals(rules.languages) << ";\n"
        << "    rules.prefixes = " << literals(rules.prefixes) << ";\n"
        << "    rules.hubs.reserve(" << rules.hubs.size() << ");\n";
    for (const auto& hub : rules.hubs)
        out << "    rules.hubs.push_back(Hub{PathPattern(" << literal(hub.path.text()) << "), " << literal(hub.title) << "});\n";
    out << "    rules.rules.reserve(" << rules.rules.size() << ");\n";
    for (const auto& rule : rules.rules) {
        out << "    {\n"
            << "        Rule& rule = rules.rules.emplace_back();\n"
            << "        rule.id = " << literal(rule.id) << ";\n"
            << "        rule.title = " << literal(rule.title) << ";\n"
            << "        rule.why = " << literal(rule.why) << ";\n"
            << "        rule.category = " << enum_value("Category", static_cast<std::size_t>(rule.category)) << ";\n"
            << "        rule.kind = " << enum_value("RuleKind", static_cast<std::size_t>(rule.kind)) << ";\n"
            << "        rule.profile_mask = " << static_cast<unsigned>(rule.profile_mask) << ";\n"
            << "        rule.regions = " << literals(rule.regions) << ";\n";
        if (!rule.pages.empty()) {
            out << "        rule.pages.reserve(" << rule.pages.size() << ");\n";
            for (const auto& page : rule.pages) out << "        rule.pages.emplace_back(" << literal(page.text()) << ");\n";
        }
        if (!rule.ids.empty()) out << "        rule.ids = " << literals(rule.ids) << ";\n";
        if (!rule.labels.empty()) out << "        rule.labels.reserve(" << rule.labels.size() << ");\n";
        for (const auto& language : rule.labels) {
            out << "        {\n"
                << "            LanguageLabels& labels = rule.labels.emplace_back();\n"
                << "            labels.language = " << literal(language.language) << ";\n"
                << "            labels.matchers.reserve(" << language.matchers.size() << ");\n";
            for (const auto& matcher : language.matchers)
                out << "            labels.matchers.push_back(LabelMatcher::from_folded_words(" << literals(matcher.words()) << "));\n";
            out << "            labels.phrases = " << literals(language.phrases) << ";\n"
                << "            labels.confidence = " << literal(language.confidence) << ";\n"
                << "            labels.source = " << literal(language.source) << ";\n"
                << "        }\n";
        }
        out << "        rule.link = " << literal(rule.link) << ";\n"
            << "        rule.sources.reserve(" << rule.sources.size() << ");\n";
        for (const auto& source : rule.sources)
            out << "        rule.sources.push_back(RuleSource{" << literal(source.url) << ", " << literal(source.date) << ", "
                << literal(source.note) << "});\n";
        out << "        rule.fingerprint = " << literal(rule.fingerprint) << ";\n"
            << "        rule.reply_members = " << literal(rule.reply_members) << ";\n"
            << "    }\n";
    }
    out << "    rules.switch_ids.reserve(" << rules.switch_ids.size() << ");\n";
    for (const auto& [id, index] : rules.switch_ids)
        out << "    rules.switch_ids.emplace_back(" << literal(id) << ", " << index << ");\n";
    // The label index, added to as load_rules adds to it.
    out << "    rules.switch_labels.reserve(" << rules.switch_labels.word_count() << ", " << rules.switch_labels.matcher_count() << ");\n";
    for (std::size_t index = 0; index < rules.rules.size(); ++index) {
        const auto& rule = rules.rules[index];
        if (rule.is_manual()) continue;
        for (std::size_t l = 0; l < rule.labels.size(); ++l)
            for (std::size_t m = 0; m < rule.labels[l].matchers.size(); ++m)
                out << "    rules.switch_labels.add(" << index << ", rules.rules[" << index << "].labels[" << l << "].matchers[" << m
                    << "]);\n";
    }
    out << "    return rules;\n";
}

}  // namespace

int main(int argc, char** argv) {
    if (argc != 3) {
        std::cerr << "usage: optout-rules-compiler RULES.json OUT.cpp\n";
        return 2;
    }
    const std::string input = argv[1], output = argv[2];
    try {
        const Rules rules = optout::load_rules_file(input);
        std::ostringstream code;
        code << "// Generated from " << input << " (rules " << rules.version << ") by optout-rules-compiler; do not edit.\n"
             << "#include \"rules.hpp\"\n\n"
             << "namespace optout {\n\n"
             << "Rules compiled_rules() {\n";
        write_rules(rules, code);
        code << "}\n\n}  // namespace optout\n";
        std::ofstream out(output, std::ios::binary | std::ios::trunc);
        if (!(out << code.str()) || !out.flush()) {
            std::cerr << "optout-rules-compiler: cannot write " << output << "\n";
            return 1;
        }
    } catch (const optout::RulesError& e) {
        std::cerr << input << ": " << e.what() << "\n";
        return 1;
    }
    return 0;
}
