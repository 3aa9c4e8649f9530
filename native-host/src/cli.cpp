#include "cli.hpp"

#include <istream>
#include <ostream>
#include <optional>
#include <sstream>
#include <string_view>

#include <nlohmann/json.hpp>

#include "doctor.hpp"
#include "evaluation.hpp"
#include "framing.hpp"
#include "message_handler.hpp"
#include "paths.hpp"
#include "protocol.hpp"
#include "rules.hpp"
#include "session.hpp"
#include "state_store.hpp"

namespace optout {
namespace {

using nlohmann::json;

constexpr std::string_view kUsage =
    "Usage:\n"
    "  optout-guard-host [--rules FILE] check FILE [--json] [--profile PROFILE]\n"
    "  optout-guard-host [--rules FILE] rules [--json]\n"
    "  optout-guard-host doctor [--browser NAME]... [--extension-id ID]...\n"
    "  optout-guard-host ids\n"
    "  optout-guard-host --help | --version\n"
    "  optout-guard-host chrome-extension://ID/   (started so by Chrome, Chromium, Edge, Brave, ...)\n"
    "  optout-guard-host MANIFEST.json ADDON-ID   (started so by Firefox)\n";

constexpr std::string_view kHelp =
    "optout-guard-host: the native host of Opt-Out Guard.\n"
    "\n"
    "Browsers start it through native messaging (its host name: see `ids`) and exchange\n"
    "length-prefixed JSON messages on stdin and stdout (docs/protocol.md). It checks LinkedIn\n"
    "settings pages against its opt-out rules, remembers per install what it has seen, and\n"
    "answers with the opt-outs still to change and the badge to show.\n"
    "\n"
    "Commands:\n"
    "  check FILE     read a page state (a `page` request, or {url, lang, toggles}) from FILE\n"
    "                 or - for stdin and print its verdict; nothing is remembered.\n"
    "                 Exit status 0: nothing pending; 1: something pending; 2: bad input.\n"
    "    --json       print the verdict as protocol JSON instead of text\n"
    "    --profile P  essential, recommended (default) or strict; overrides the file's profile\n"
    "  rules          print the opt-out rules; --json prints them as the `rules` reply\n"
    "  doctor         check that each browser can start the host (manifests, binary, extension\n"
    "                 id, state directory) and print the command that fixes each problem\n"
    "  ids            print the native-messaging host name, the Chromium extension id and the\n"
    "                 Firefox add-on id this host was built for, one `name=value` a line\n"
    "                 (from protocol/contract.json; the install scripts read them here)\n"
    "  --help         this text\n"
    "  --version      the host's version, rules version and protocol version\n"
    "\n"
    "Options:\n"
    "  --rules FILE   use this rules file instead of the rules built in (rules/linkedin.json)\n"
    "\n"
    "Host mode: when the first argument is chrome-extension://ID/ (Chromium-family browsers)\n"
    "or the arguments are a manifest path and an add-on id (Firefox). State is kept in\n"
    "$OPTOUT_GUARD_STATE_DIR, else $XDG_STATE_HOME/optout-guard, else ~/.local/state/optout-guard.\n";

struct Args {
    std::optional<std::string> rules_file;
    std::vector<std::string> rest;
};

// Firefox passes the host manifest's path and the add-on id (an e-mail-like id or a {GUID}).
bool looks_like_firefox(const std::vector<std::string>& rest) {
    if (rest.size() != 2) return false;
    const std::string& manifest = rest[0];
    const bool json_path = manifest.size() > 5 && manifest.compare(manifest.size() - 5, 5, ".json") == 0;
    const std::string& addon = rest[1];
    const bool addon_id = addon.find('@') != std::string::npos || (addon.size() > 2 && addon.front() == '{' && addon.back() == '}');
    return json_path && addon_id;
}

bool looks_like_chromium(const std::vector<std::string>& rest) {
    return !rest.empty() && rest[0].rfind("chrome-extension://", 0) == 0;
}

int usage_error(Console& io, const std::string& problem) {
    io.err << "optout-guard-host: " << problem << "\n" << kUsage;
    return 2;
}

Rules load_chosen_rules(const Args& args) {
    return args.rules_file ? load_rules_file(*args.rules_file) : compiled_rules();
}

// Host mode talks through the raw descriptors (byte_io.hpp): no stream is built, so a start
// costs no iostream or locale set-up.
int run_host(const Args& args, StandardIo io) {
    const Rules rules = load_chosen_rules(args);
    if (looks_like_chromium(args.rest)) io.err.write_all("optout-guard-host: started by " + args.rest[0] + "\n");
    else io.err.write_all("optout-guard-host: started by Firefox add-on " + args.rest[1] + " (" + args.rest[0] + ")\n");
    const auto directory = state_directory();
    std::optional<StateStore> store;
    if (directory) store.emplace(*directory, io.err);
    else io.err.write_all("optout-guard-host: warning: no home directory; nothing will be remembered\n");
    MessageHandler handler(rules, store ? &*store : nullptr, system_now);
    prepare_stdio_for_frames();
    return run_session(io.in, io.out, io.err, handler);
}

std::optional<std::string> read_input(const std::string& path, Console& io) {
    if (path != "-") return read_whole_file(path);
    std::ostringstream text;
    text << io.in.rdbuf();
    return text.str();
}

void print_verdict_text(const PageVerdict& verdict, const Badge& badge, Console& io) {
    if (verdict.kind == PageKind::none) io.out << "Page: " << verdict.path << " (not a settings page the rules know)\n";
    else io.out << "Page: " << verdict.path << " (" << to_string(verdict.kind) << (verdict.title.empty() ? "" : ": ") << verdict.title << ")\n";
    io.out << "Pending (" << verdict.pending.size() << "): turn these off\n";
    for (const auto& f : verdict.pending)
        io.out << "  - " << f.rule->title << " [" << f.rule->id << "], toggle " << f.key << "\n    " << f.rule->link << "\n    why: " << f.rule->why << "\n";
    io.out << "Done (" << verdict.done.size() << ")\n";
    for (const auto& f : verdict.done) io.out << "  - " << f.rule->title << " [" << f.rule->id << "]\n";
    io.out << "Unknown (" << verdict.unknown.size() << ")\n";
    for (const auto& u : verdict.unknown)
        io.out << "  - " << u.rule->title << " [" << u.rule->id << "]: "
               << (u.reason == UnknownReason::language ? "its label is in a language the rules do not know"
                                                       : "not found on its page (the page changed, or its language is unknown)")
               << "\n";
    io.out << "Badge: " << badge.text << " (" << to_string(badge.state) << ")\n";
}

int run_check(const Args& args, Console& io) {
    std::optional<std::string> file;
    std::optional<Profile> profile;
    bool as_json = false;
    for (std::size_t i = 1; i < args.rest.size(); ++i) {
        const std::string& arg = args.rest[i];
        if (arg == "--json") as_json = true;
        else if (arg == "--profile") {
            if (i + 1 >= args.rest.size()) return usage_error(io, "--profile needs essential, recommended or strict");
            profile = parse_profile(args.rest[++i]);
            if (!profile) return usage_error(io, "--profile must be essential, recommended or strict");
        } else if (!file && (arg == "-" || arg.rfind("--", 0) != 0)) file = arg;
        else return usage_error(io, "check: unexpected argument '" + arg + "'");
    }
    if (!file) return usage_error(io, "check needs a FILE (or - for stdin)");

    const Rules rules = load_chosen_rules(args);
    const auto text = read_input(*file, io);
    if (!text) {
        io.err << "optout-guard-host: check: cannot read " << *file << "\n";
        return 2;
    }
    PageVerdict verdict;
    Profile chosen{};
    try {
        RequestFields doc = read_request(*text);
        if (!doc.is_object) throw ProtocolError(ErrorCode::bad_request, "the page state must be a JSON object");
        chosen = profile ? *profile : profile_of(doc, Profile::recommended);
        verdict = evaluate_page(rules, take_page_state(doc), chosen);
    } catch (const ProtocolError& e) {
        io.err << "optout-guard-host: check: " << *file << ": " << e.what() << "\n";
        return 2;
    }
    InstallMemory memory;  // only what this page shows: check remembers nothing
    apply_observations(memory, verdict.observations, rules.version, 0, 0);
    const Badge badge = badge_for(rules, chosen, memory, !verdict.unknown.empty(), {0, kDefaultCheckAfterDays});
    if (as_json) io.out << json::parse(verdict_reply(verdict, badge, std::nullopt)).dump(2) << "\n";
    else print_verdict_text(verdict, badge, io);
    return verdict.pending.empty() ? 0 : 1;
}

int run_rules(const Args& args, Console& io) {
    bool as_json = false;
    for (std::size_t i = 1; i < args.rest.size(); ++i) {
        if (args.rest[i] == "--json") as_json = true;
        else return usage_error(io, "rules: unexpected argument '" + args.rest[i] + "'");
    }
    const Rules rules = load_chosen_rules(args);
    if (as_json) {
        // The same reply a browser gets, so scripts and the extension see one shape.
        MessageHandler handler(rules, nullptr, system_now);
        json reply = json::parse(handler.handle(R"({"v":1,"id":0,"type":"rules"})"));
        reply.erase("v");
        reply.erase("id");
        io.out << reply.dump(2) << "\n";
        return 0;
    }
    io.out << "Opt-Out Guard rules " << rules.version << " for " << rules.site << " (" << rules.rules.size() << " rules)\n";
    for (const Rule& rule : rules.rules) {
        io.out << "\n" << rule.id << ": " << rule.title << "\n  category: " << to_string(rule.category) << "; profiles:";
        for (std::size_t p = 0; p < std::size(kProfileNames); ++p)
            if (rule.in_profile(static_cast<Profile>(p))) io.out << " " << kProfileNames[p];
        io.out << "\n  languages:";
        for (const auto& l : rule.labels) io.out << " " << l.language;
        io.out << "\n  page: " << rule.link << (rule.is_manual() ? " (manual step)" : "") << "\n";
        for (const RuleSource& source : rule.sources) io.out << "  source: " << source.url << " (" << source.date << ")\n";
    }
    return 0;
}

int run_version(const Args& args, Console& io) {
    const Rules rules = load_chosen_rules(args);
    io.out << "optout-guard-host " << kHostVersion << " (rules " << rules.version << ", " << rules.rules.size()
           << " rules; protocol " << kProtocolVersion << ")\n";
    return 0;
}

int run_ids(const Args& args, Console& io) {
    if (args.rest.size() > 1) return usage_error(io, "ids: unexpected argument '" + args.rest[1] + "'");
    io.out << "host_name=" << contract::kHostName << "\nchromium_extension_id=" << contract::kChromiumExtensionId
           << "\nfirefox_addon_id=" << contract::kFirefoxAddonId << "\n";
    return 0;
}

int run_help(const Args&, Console& io) {
    io.out << kHelp << "\n" << kUsage;
    return 0;
}

struct Command {
    std::string_view name;
    int (*run)(const Args&, Console&);
};

constexpr Command kCommands[] = {
    {"check", run_check}, {"rules", run_rules}, {"ids", run_ids}, {"--version", run_version}, {"--help", run_help}, {"-h", run_help},
    {"doctor", [](const Args& args, Console& io) { return run_doctor({args.rest.begin() + 1, args.rest.end()}, io); }},
};

}  // namespace

namespace {

// The commands, for people: they print with <<, through streams over the same descriptors.
int run_command(const Args& args, std::optional<std::string> argument_error, Console io) {
    if (argument_error) return usage_error(io, *argument_error);
    if (args.rest.empty()) return usage_error(io, "no command given");
    for (const Command& command : kCommands)
        if (command.name == args.rest[0]) return command.run(args, io);
    return usage_error(io, "unknown command or argument '" + args.rest[0] + "'");
}

}  // namespace

int run_cli(const std::vector<std::string>& argv, StandardIo io) {
    Args args;
    std::optional<std::string> argument_error;
    for (std::size_t i = 0; i < argv.size(); ++i) {
        if (argv[i] == "--rules" && args.rest.empty()) {
            if (i + 1 >= argv.size()) {
                argument_error = "--rules needs a FILE";
                break;
            }
            args.rules_file = argv[++i];
        } else {
            args.rest.push_back(argv[i]);
        }
    }
    try {
        if (!argument_error && (looks_like_chromium(args.rest) || looks_like_firefox(args.rest))) return run_host(args, io);
        SourceStreambuf in_buffer(io.in);
        SinkStreambuf out_buffer(io.out), err_buffer(io.err);
        std::istream in(&in_buffer);
        std::ostream out(&out_buffer), err(&err_buffer);
        return run_command(args, std::move(argument_error), {in, out, err});
    } catch (const RulesError& e) {
        io.err.write_all("optout-guard-host: " + std::string(e.what()) + "\n");
        return 2;
    }
}

}  // namespace optout
