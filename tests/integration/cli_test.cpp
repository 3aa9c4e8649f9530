// The command line of the real binary: what a person running it sees.
#include <gtest/gtest.h>

#include "host_process.hpp"

using namespace optout::integration;

namespace {

struct CliRun {
    int exit_code;
    std::string out;
    std::string err;
};

CliRun run(const std::vector<std::string>& args, const std::string& input = "") {
    bp::ipstream out, err;
    bp::opstream in;
    bp::child child(OPTOUT_HOST_BINARY, bp::args(args), bp::std_in < in, bp::std_out > out, bp::std_err > err);
    in << input;
    in.flush();
    in.pipe().close();
    CliRun result;
    result.out.assign(std::istreambuf_iterator<char>(out), std::istreambuf_iterator<char>());
    result.err.assign(std::istreambuf_iterator<char>(err), std::istreambuf_iterator<char>());
    child.wait();
    result.exit_code = child.exit_code();
    return result;
}

std::string example(const char* name) { return std::string(OPTOUT_SOURCE_DIR) + "/examples/" + name; }

}  // namespace

TEST(Cli, checkExitsOneAndNamesTheToggleWhenSomethingIsPending) {
    const CliRun r = run({"check", example("gen-ai-on.json")});
    EXPECT_EQ(r.exit_code, 1) << r.err;
    EXPECT_NE(r.out.find("Pending (1)"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("allowDataForGenerativeAI"), std::string::npos) << r.out;
}

TEST(Cli, checkExitsZeroWhenEverythingOnThePageIsOff) {
    for (const char* file : {"ads-hub-all-off-de.json", "gen-ai-off.json"}) {
        const CliRun r = run({"check", example(file)});
        EXPECT_EQ(r.exit_code, 0) << file << r.out << r.err;
        EXPECT_NE(r.out.find("Pending (0)"), std::string::npos) << r.out;
        EXPECT_EQ(r.out.find("Done (0)"), std::string::npos) << file << ": something must be done: " << r.out;
    }
}

TEST(Cli, checkOfAWholePageRequestHonoursTheProfileOption) {
    EXPECT_EQ(run({"check", "--profile", "strict", example("page-request.json")}).exit_code, 1);
    EXPECT_EQ(run({"check", "--profile", "essential", example("page-request.json")}).exit_code, 0)
        << "the age-range opt-out is in strict only";
    EXPECT_EQ(run({"check", "--profile", "lax", example("page-request.json")}).exit_code, 2);
}

TEST(Cli, checkJsonPrintsTheProtocolVerdict) {
    const CliRun r = run({"check", "--json", example("gen-ai-on.json")});
    EXPECT_EQ(r.exit_code, 1);
    const auto verdict = nlohmann::json::parse(r.out);
    EXPECT_EQ(verdict["type"], "verdict");
    EXPECT_EQ(verdict["pending"][0]["rule"], "gen-ai-training");
}

TEST(Cli, checkOfAnUnknownLanguageIsNeverDone) {
    const CliRun r = run({"check", "--json", example("gen-ai-unknown-language.json")});
    const auto verdict = nlohmann::json::parse(r.out);
    EXPECT_TRUE(verdict["done"].empty());
    EXPECT_EQ(verdict["badge"]["state"], "unknown");
}

TEST(Cli, checkReadsStdinAndExitsTwoOnBadInput) {
    EXPECT_EQ(run({"check", "-"}, "{\"url\":5}").exit_code, 2);
    EXPECT_EQ(run({"check", "-"}, "not json").exit_code, 2);
    EXPECT_EQ(run({"check", "/nonexistent/file.json"}).exit_code, 2);
}

TEST(Cli, helpAndVersionSayWhatTheyAre) {
    const CliRun help = run({"--help"});
    EXPECT_EQ(help.exit_code, 0);
    EXPECT_NE(help.out.find("check FILE"), std::string::npos);
    const CliRun version = run({"--version"});
    EXPECT_EQ(version.exit_code, 0);
    EXPECT_EQ(version.out.rfind("optout-guard-host ", 0), 0u) << version.out;
}

TEST(Cli, unknownArgumentsGetUsageAndExitTwo) {
    for (const std::vector<std::string>& args : {std::vector<std::string>{"--frobnicate"}, {}, {"check"}, {"rules", "--yaml"}}) {
        const CliRun r = run(args);
        EXPECT_EQ(r.exit_code, 2);
        EXPECT_NE(r.err.find("Usage:"), std::string::npos) << r.err;
        EXPECT_TRUE(r.out.empty());
    }
}

TEST(Cli, rulesOptionLoadsAnotherFileAndABrokenOneIsNamed) {
    const CliRun ok = run({"--rules", std::string(OPTOUT_SOURCE_DIR) + "/rules/linkedin.json", "rules"});
    EXPECT_EQ(ok.exit_code, 0);
    EXPECT_NE(ok.out.find("gen-ai-training"), std::string::npos);
    const CliRun broken = run({"--rules", example("gen-ai-on.json"), "rules"});
    EXPECT_EQ(broken.exit_code, 2);
    EXPECT_NE(broken.err.find("field"), std::string::npos) << broken.err;
}
