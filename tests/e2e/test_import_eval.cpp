// `fanbase import stackexchange` and `fanbase eval-recs` through the real binary, on the tiny fixtures in
// tests/data/stackexchange/: csv/ (the LightFM CSV set, with two malformed rows and one repeated row) and xml/ (a
// data dump with HTML entities, an own-question answer, anonymous votes and comments, a malformed row and an
// unknown entity).
#include <catch2/catch.hpp>

#include <string>

#include "e2e/e2e.hpp"

using namespace fanbase::e2e;
using Catch::Matchers::Contains;

namespace {

const std::string csv_folder = FANBASE_TEST_DATA_DIR "/stackexchange/csv";
const std::string xml_folder = FANBASE_TEST_DATA_DIR "/stackexchange/xml";

std::string counts(const std::string& db) {
  return std::to_string(query_int(db, "SELECT count(*) FROM member")) + " members, " +
         std::to_string(query_int(db, "SELECT count(*) FROM content_item")) + " items, " +
         std::to_string(query_int(db, "SELECT count(*) FROM interaction")) + " interactions";
}

}  // namespace

TEST_CASE("import stackexchange reads the CSV set and reports malformed rows with line numbers", "[e2e][import]") {
  TempDir dir;
  const auto first = run_fanbase({"import", "stackexchange", csv_folder, "--db", "se.db"}, "", dir);
  INFO(first.describe() << first.out);
  REQUIRE(first.exit_code == 0);
  CHECK_THAT(first.out, Contains("into community import/csv"));
  CHECK_THAT(first.out, Contains("members: 3 (new 3)"));
  CHECK_THAT(first.out, Contains("questions: 8 (new 8)"));
  CHECK_THAT(first.out, Contains("interactions: 16 (new 16): answer 16"));
  CHECK_THAT(first.out, Contains("malformed rows: 2"));
  CHECK_THAT(first.out, Contains("interactions.csv:16: expected user,question,timestamp"));
  CHECK_THAT(first.out, Contains("interactions.csv:19: expected user,question,timestamp"));
  const std::string db = dir / "se.db";
  CHECK(counts(db) == "3 members, 8 items, 16 interactions");
  CHECK(query_rows(db, "SELECT platform, chat_id FROM community") == std::vector<std::string>{"import|csv"});
  // The question's tags by name, created at its first answer (rows out of time order: member 2 answered first);
  // the repeated row is kept as its own event.
  CHECK(query_rows(db, "SELECT tags, created_at FROM content_item WHERE external_id = 'q1'") ==
        std::vector<std::string>{"regression r|1000000060000"});
  CHECK(query_int(db, "SELECT count(*) FROM interaction i JOIN member m ON m.id = i.member_id "
                      "WHERE m.user_id = 'se:2' AND i.kind = 'answer' AND i.weight = 4.0") == 5);

  SECTION("a second import changes nothing") {
    const auto second = run_fanbase({"import", "stackexchange", csv_folder, "--db", "se.db"}, "", dir);
    INFO(second.describe() << second.out);
    REQUIRE(second.exit_code == 0);
    CHECK_THAT(second.out, Contains("members: 3 (new 0)"));
    CHECK_THAT(second.out, Contains("questions: 8 (new 0)"));
    CHECK_THAT(second.out, Contains("interactions: 16 (new 0)"));
    CHECK(counts(db) == "3 members, 8 items, 16 interactions");
  }
}

TEST_CASE("import stackexchange reads the XML dump and decodes HTML entities", "[e2e][import]") {
  TempDir dir;
  const auto first = run_fanbase({"import", "stackexchange", xml_folder, "--db", "se.db"}, "", dir);
  INFO(first.describe() << first.out);
  REQUIRE(first.exit_code == 0);
  CHECK_THAT(first.out, Contains("(xml) into community import/xml"));
  CHECK_THAT(first.out, Contains("members: 3 (new 3)"));
  CHECK_THAT(first.out, Contains("questions: 2 (new 2)"));
  CHECK_THAT(first.out, Contains("interactions: 6 (new 6): answer 2, reply 2, upvote 1, follow 1"));
  CHECK_THAT(first.out, Contains("own question 1, anonymous 2"));
  CHECK_THAT(first.out, Contains("Users.xml:7: attribute DisplayName: unknown entity &bogus;"));
  CHECK_THAT(first.out, Contains("Posts.xml:8: not a complete <row .../> element"));
  const std::string db = dir / "se.db";
  CHECK(query_rows(db, "SELECT user_id, display_name FROM member ORDER BY user_id") ==
        std::vector<std::string>{"se:1|Ana & Bo", "se:2|Jos\xC3\xA9", "se:3|<qubit> fan"});
  CHECK(query_rows(db, "SELECT external_id, title, tags FROM content_item ORDER BY id") ==
        std::vector<std::string>{"q1|What is a \"qubit\"?|qubit physical-realization",
                                 "q3|Shor's algorithm & RSA|shors-algorithm cryptography"});
  // A comment on an answer and a vote on an answer count on the answer's question.
  CHECK(query_rows(db, "SELECT i.kind, m.user_id, c.external_id, i.reference FROM interaction i "
                       "JOIN member m ON m.id = i.member_id JOIN content_item c ON c.id = i.item_id ORDER BY i.id") ==
        std::vector<std::string>{"answer|se:2|q1|se:answer:2", "answer|se:3|q3|se:answer:4",
                                 "reply|se:3|q1|se:reply:10", "reply|se:1|q3|se:reply:11",
                                 "follow|se:1|q3|se:follow:21", "upvote|se:3|q1|se:upvote:22"});

  SECTION("a second import changes nothing") {
    const auto second = run_fanbase({"import", "stackexchange", xml_folder, "--db", "se.db"}, "", dir);
    INFO(second.describe() << second.out);
    REQUIRE(second.exit_code == 0);
    CHECK_THAT(second.out, Contains("interactions: 6 (new 0)"));
    CHECK(counts(db) == "3 members, 2 items, 6 interactions");
  }
}

TEST_CASE("eval-recs prints the metric lines of every model for both matrices", "[e2e][eval]") {
  TempDir dir;
  REQUIRE(run_fanbase({"import", "stackexchange", csv_folder, "--db", "se.db"}, "", dir).exit_code == 0);
  for (const char* matrix : {"tag", "item"}) {
    const auto result = run_fanbase({"eval-recs", "--db", "se.db", "--matrix", matrix, "--k", "10"}, "", dir);
    INFO(result.describe() << result.out);
    REQUIRE(result.exit_code == 0);
    CHECK_THAT(result.out, Contains(std::string("community import/csv, member x ") + matrix + ", test split"));
    for (const char* model : {"popularity", "tag-similarity", "als"}) {
      bool found = false;
      for (const auto& line : lines_of(result.out)) {
        if (line.rfind(std::string("  ") + model + " ", 0) == 0) {
          found = line.find("P@10 ") != std::string::npos && line.find("R@10 ") != std::string::npos &&
                  line.find("nDCG@10 ") != std::string::npos && line.find("MAP@10 ") != std::string::npos &&
                  line.find("coverage ") != std::string::npos && line.find("train ") != std::string::npos;
        }
      }
      CHECK(found);
    }
  }
}

TEST_CASE("eval-recs refuses bad arguments and unknown communities", "[e2e][eval]") {
  TempDir dir;
  REQUIRE(run_fanbase({"import", "stackexchange", csv_folder, "--db", "se.db"}, "", dir).exit_code == 0);
  CHECK(run_fanbase({"eval-recs", "--db", "se.db", "--matrix", "user"}, "", dir).exit_code == 1);
  CHECK(run_fanbase({"eval-recs", "--db", "se.db", "--k", "0"}, "", dir).exit_code == 1);
  const auto unknown = run_fanbase({"eval-recs", "--db", "se.db", "--community", "nope"}, "", dir);
  CHECK(unknown.exit_code == 4);
  CHECK_THAT(unknown.err, Contains("import/csv (16 interactions)"));
  CHECK(run_fanbase({"eval-recs", "--db", "missing.db"}, "", dir).exit_code == 3);
  CHECK(run_fanbase({"import", "stackexchange", dir / "no-such-folder", "--db", "se.db"}, "", dir).exit_code == 4);
  CHECK(run_fanbase({"import", "csv", csv_folder}, "", dir).exit_code == 1);
}
