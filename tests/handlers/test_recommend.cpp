// Stories about personalisation: topics and questions become content items, owners add and retire posts,
// interactions are recorded with their weights, /recommend picks for cold and warm members (tags, popularity,
// ALS) and never shows seen, own, retired or disliked items, the buttons under it, training on ticks, the model
// swap under concurrent requests, and the model file surviving a restart.
#include <catch2/catch.hpp>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <thread>

#include "handlers/personal/recommender.hpp"
#include "support/bot_harness.hpp"

using namespace fanbase;
using namespace std::chrono_literals;
using fanbase::testing::BotHarness;
using fanbase::testing::example_config;
using Catch::Matchers::Contains;

namespace {

Outcome press(BotHarness& h, const std::string& user, const std::string& data) {
  Event ev = h.message(user, "");
  ev.kind = EventKind::callback;
  ev.callback_data = data;
  ev.callback_id = "cb-" + ev.key;
  ev.message_id = "bm-picks";
  return h.apply(std::move(ev));
}

Outcome tick(BotHarness& h) {
  Event e;
  e.kind = EventKind::tick;
  e.platform = h.platform;
  e.at_ms = h.clock().now_ms();
  e.key = "tick:" + std::to_string(e.at_ms);
  return h.apply(std::move(e));
}

// An owner's post; returns its item id.
std::int64_t add_post(BotHarness& h, const std::string& title, const std::string& tags) {
  h.say("owner", "/post add https://example.org/" + std::to_string(h.count("SELECT count(*) FROM content_item")) +
                     " " + title + " " + tags);
  return h.count("SELECT max(id) FROM content_item");
}

std::int64_t community(BotHarness& h) { return h.count("SELECT id FROM community"); }

std::int64_t interactions(BotHarness& h, const std::string& user, const std::string& kind) {
  return h.count("SELECT count(*) FROM interaction WHERE kind = '" + kind +
                 "' AND member_id = (SELECT id FROM member WHERE user_id = '" + user + "')");
}

// The item ids of a /recommend reply, from its buttons' data ("rec:like:<id>").
std::vector<std::int64_t> picked(const Outcome& out) {
  std::vector<std::int64_t> ids;
  for (const auto& a : out.actions) {
    for (const auto& row : a.keyboard) {
      const std::string& data = row.at(0).data;
      if (data.rfind("rec:like:", 0) == 0) ids.push_back(std::stoll(data.substr(9)));
    }
  }
  return ids;
}

// A harness on a database another harness used: its event keys ("test:N") start again at 1, so skip those.
void skip_used_keys(BotHarness& h, int used) {
  for (int i = 0; i < used; ++i) h.message("nobody", "");
}

bool contains(const std::vector<std::int64_t>& v, std::int64_t x) { return std::find(v.begin(), v.end(), x) != v.end(); }

config::Config fast_training(const std::string& model_path = "\"\"") {
  return example_config({}, {{"retrain_min_interactions = 50", "retrain_min_interactions = 3"},
                             {"cold_start_interactions = 5", "cold_start_interactions = 2"},
                             {"factors = 64", "factors = 2"},
                             {"iterations = 15", "iterations = 5"},
                             {"lambda = 250.0", "lambda = 0.1"},
                             {"model_path = \"data/recommender.model\"", "model_path = " + model_path}});
}

// Two tastes: cpp people (alice, bob, carol) and cooking people (dave, erin, frank), over six posts; carol and
// frank also opened the third post of their taste.
struct Tastes {
  std::vector<std::int64_t> cpp;
  std::vector<std::int64_t> cook;
};
Tastes two_tastes(BotHarness& h) {
  Tastes t;
  for (int i = 0; i < 3; ++i) t.cpp.push_back(add_post(h, "Templates part " + std::to_string(i), "#cpp"));
  for (int i = 0; i < 3; ++i) t.cook.push_back(add_post(h, "Dumplings recipe " + std::to_string(i), "#cooking"));
  for (const char* u : {"alice", "bob", "carol"}) {
    for (std::size_t i = 0; i < 2; ++i) h.say(u, "/open P" + std::to_string(t.cpp[i]));
  }
  h.say("carol", "/open P" + std::to_string(t.cpp[2]));
  for (const char* u : {"dave", "erin", "frank"}) {
    for (std::size_t i = 0; i < 2; ++i) h.say(u, "/open P" + std::to_string(t.cook[i]));
  }
  h.say("frank", "/open P" + std::to_string(t.cook[2]));
  return t;
}

}  // namespace

TEST_CASE("topics and questions become content items and owners add and retire posts", "[recommend][content]") {
  BotHarness h;
  h.say("alice", "/topic new Best compiler flags #cpp #perf");
  h.say("bob", "/ask How do I profile a C++ program? #cpp");
  CHECK(h.count("SELECT count(*) FROM content_item WHERE kind = 'topic' AND tags = 'cpp perf' AND "
                "title = 'Best compiler flags' AND author_id = (SELECT id FROM member WHERE user_id = 'alice')") == 1);
  CHECK(h.count("SELECT count(*) FROM content_item WHERE kind = 'question' AND tags = 'cpp' AND "
                "author_id = (SELECT id FROM member WHERE user_id = 'bob')") == 1);

  SECTION("only the owner may add or retire posts") {
    CHECK_THAT(h.texts(h.say("bob", "/post add https://example.org/x Nice read #cpp")), Contains("owner"));
    CHECK(h.count("SELECT count(*) FROM content_item WHERE kind = 'post'") == 0);
    CHECK_THAT(h.texts(h.say("owner", "/post add https://example.org/x Nice read #CPP #tools")),
               Contains("Post P3 added: Nice read #cpp #tools"));
    CHECK(h.count("SELECT count(*) FROM content_item WHERE kind = 'post' AND url = 'https://example.org/x' AND "
                  "tags = 'cpp tools' AND source = 'command'") == 1);
    CHECK_THAT(h.texts(h.say("bob", "/post retire P3")), Contains("owner"));
    CHECK_THAT(h.texts(h.say("owner", "/post retire P3")), Contains("Item P3 is retired"));
    CHECK(h.count("SELECT count(*) FROM content_item WHERE id = 3 AND retired_at IS NOT NULL") == 1);
    CHECK_THAT(h.texts(h.say("owner", "/post retire P3")), Contains("no live item P3"));
  }
  SECTION("bad links titles and ids are refused") {
    CHECK_THAT(h.texts(h.say("owner", "/post add example.org Title")), Contains("is not a link"));
    CHECK_THAT(h.texts(h.say("owner", "/post add https://example.org/x #cpp")), Contains("Give the post a title"));
    CHECK_THAT(h.texts(h.say("owner", "/post retire abc")), Contains("not an item number"));
    CHECK(h.count("SELECT count(*) FROM content_item WHERE kind = 'post'") == 0);
  }
  SECTION("/posts lists the live items newest first") {
    const auto text = h.texts(h.say("carol", "/posts"));
    CHECK_THAT(text, Contains("❓ Q1 How do I profile a C++ program? #cpp"));
    CHECK_THAT(text, Contains("🗣 #1 Best compiler flags #cpp #perf"));
    CHECK(text.find("Q1") < text.find("#1 Best"));
  }
}

TEST_CASE("interactions are recorded with their configured weights in the event's transaction", "[recommend][interactions]") {
  BotHarness h(example_config({}, {{"view = 1.0", "view = 1.5"}}));
  h.say("alice", "/topic new Compiler flags #cpp");
  h.clock().advance(1min);
  h.say("bob", "/follow 1");
  CHECK(h.count("SELECT count(*) FROM interaction WHERE kind = 'follow' AND weight = 3.0 AND item_id = 1") == 1);

  h.say("alice", "/ask How do I profile a C++ program? #cpp");
  h.clock().advance(1min);
  h.say("bob", "/answer 1 Use perf record and perf report");
  CHECK(h.count("SELECT count(*) FROM interaction WHERE kind = 'answer' AND weight = 4.0 AND item_id = 2") == 1);
  h.clock().advance(1min);
  h.say("carol", "/upvote 1");
  CHECK(interactions(h, "carol", "upvote") == 1);
  CHECK(h.count("SELECT count(*) FROM interaction WHERE kind = 'upvote' AND weight = 2.0 AND item_id = 2") == 1);

  const auto open = h.say("carol", "/open 1");
  CHECK_THAT(h.texts(open), Contains("Compiler flags (#1)"));
  CHECK_THAT(h.texts(open), Contains("/topic 1"));
  CHECK(h.count("SELECT count(*) FROM interaction WHERE kind = 'view' AND weight = 1.5 AND item_id = 1") == 1);
  CHECK_THAT(h.texts(h.say("carol", "/open Q1")), Contains("/question 1"));
  CHECK_THAT(h.texts(h.say("carol", "/open 99")), Contains("no live item 99"));

  SECTION("a topic post is a reply on the topic's item") {
    h.apply([&] {
      Event ev = h.message("dave", "/topic new Meetup #meetup");
      ev.thread_id = "77";
      return ev;
    }());
    h.clock().advance(2min);
    Event post = h.message("erin", "who is bringing the banner?");
    post.thread_id = "77";
    h.apply(std::move(post));
    CHECK(h.count("SELECT count(*) FROM interaction WHERE kind = 'reply' AND weight = 3.0 AND item_id = "
                  "(SELECT id FROM content_item WHERE kind = 'topic' AND title = 'Meetup')") == 1);
  }
  SECTION("every interaction carries its event's key") {
    CHECK(h.count("SELECT count(*) FROM interaction WHERE reference NOT LIKE 'test:%'") == 0);
  }
}

TEST_CASE("a cold-start member gets picks by tag similarity with a reason", "[recommend][cold]") {
  BotHarness h;
  const auto cpp_topic = add_post(h, "Move semantics explained", "#cpp");
  const auto rust = add_post(h, "Borrow checker tips", "#rust");
  const auto cpp_post = add_post(h, "Template metaprogramming", "#cpp #templates");
  const auto cooking = add_post(h, "Dumplings at home", "#cooking");
  h.say("bob", "/open P" + std::to_string(cpp_topic));

  const auto out = h.say("bob", "/recommend 3");
  const auto ids = picked(out);
  REQUIRE(ids.size() == 3);
  CHECK(ids.front() == cpp_post);
  CHECK_THAT(h.texts(out), Contains("1. 🔗 Template metaprogramming (P3) · because you follow #cpp"));
  CHECK_FALSE(contains(ids, cpp_topic));  // seen
  CHECK((contains(ids, rust) || contains(ids, cooking)));

  SECTION("with nothing engaged yet, the most popular items come first") {
    h.say("carol", "/open P" + std::to_string(rust));
    h.say("dave", "/open P" + std::to_string(rust));
    const auto fresh = h.say("erin", "/recommend 2");
    REQUIRE(picked(fresh).size() == 2);
    CHECK(picked(fresh).front() == rust);
    CHECK_THAT(h.texts(fresh), Contains("Borrow checker tips (P2) · popular this week"));
  }
  SECTION("N must be between 1 and 10") {
    CHECK_THAT(h.texts(h.say("bob", "/recommend 11")), Contains("between 1 and 10"));
    CHECK_THAT(h.texts(h.say("bob", "/recommend x")), Contains("not a whole number"));
  }
}

TEST_CASE("recommendations speak the community's language", "[recommend][zh]") {
  BotHarness h(example_config("[[community]]\nplatform = \"console\"\nchat_id = \"fanclub\"\nlanguage = \"zh\"\n"));
  const auto first = add_post(h, "Move semantics", "#cpp");
  add_post(h, "Templates", "#cpp");
  h.say("bob", "/open P" + std::to_string(first));
  const auto zh = h.texts(h.say("bob", "/recommend 1"));
  CHECK_THAT(zh, Contains("🎯 为 bob 推荐："));
  CHECK_THAT(zh, Contains("Templates（P2）· 因为你关注 #cpp"));
}

TEST_CASE("seen own retired and disliked items are never recommended", "[recommend][exclude]") {
  BotHarness h;
  std::vector<std::int64_t> items;
  for (int i = 0; i < 8; ++i) items.push_back(add_post(h, "Post number " + std::to_string(i), "#cpp"));
  h.say("bob", "/topic new My own topic #cpp");
  const auto own = h.count("SELECT max(id) FROM content_item");
  h.say("bob", "/open P" + std::to_string(items[0]));
  h.say("owner", "/post retire P" + std::to_string(items[1]));
  press(h, "bob", "rec:dislike:" + std::to_string(items[2]));
  press(h, "bob", "rec:ni:" + std::to_string(items[3]));

  const auto ids = picked(h.say("bob", "/recommend 10"));
  CHECK(ids.size() == 4);
  for (const auto bad : {items[0], items[1], items[2], items[3], own}) CHECK_FALSE(contains(ids, bad));

  SECTION("also for a member the model knows") {
    auto cfg = fast_training();
    BotHarness w(std::move(cfg));
    const auto t = two_tastes(w);
    w.say("owner", "/post retire P" + std::to_string(t.cpp[2]));
    press(w, "alice", "rec:dislike:" + std::to_string(t.cook[2]));
    tick(w);
    w.app().recommender().wait_idle();
    REQUIRE(w.app().recommender().model(community(w)) != nullptr);
    const auto warm = picked(w.say("alice", "/recommend 10"));
    for (const auto bad : {t.cpp[0], t.cpp[1], t.cpp[2], t.cook[2]}) CHECK_FALSE(contains(warm, bad));
    CHECK(warm.size() == 2);
  }
}

TEST_CASE("the buttons under /recommend record feedback", "[recommend][buttons]") {
  BotHarness h;
  const auto a = add_post(h, "First", "#cpp");
  const auto b = add_post(h, "Second", "#cpp");
  const auto out = h.say("bob", "/recommend 2");
  REQUIRE(out.actions.size() == 1);
  const auto& keyboard = out.actions[0].keyboard;
  REQUIRE(keyboard.size() == 2);
  CHECK(keyboard[0].size() == 4);
  CHECK(keyboard[0][0].text == "👍 1");
  CHECK(keyboard[0][1].data == "rec:dislike:" + std::to_string(picked(out)[0]));

  const auto like = press(h, "bob", "rec:like:" + std::to_string(a));
  CHECK(like.actions.back().kind == ActionKind::answer_callback);
  CHECK_THAT(like.actions.back().text, Contains("more like this"));
  CHECK(h.count("SELECT count(*) FROM interaction WHERE kind = 'like' AND weight = 5.0") == 1);

  CHECK_THAT(press(h, "bob", "rec:dislike:" + std::to_string(b)).actions.back().text, Contains("not see it again"));
  CHECK_THAT(press(h, "bob", "rec:dislike:" + std::to_string(b)).actions.back().text, Contains("Already noted"));
  CHECK(h.count("SELECT count(*) FROM interaction WHERE kind = 'dislike' AND weight = -5.0") == 1);

  const auto open = press(h, "carol", "rec:open:" + std::to_string(b));
  CHECK_THAT(h.texts(open), Contains("Second (P2)\nhttps://example.org/1"));
  CHECK(interactions(h, "carol", "view") == 1);

  CHECK_THAT(press(h, "carol", "rec:like:999").actions.back().text, Contains("no longer available"));
  CHECK_THAT(press(h, "carol", "rec:bogus").actions.back().text, Contains("no longer available"));
  CHECK(picked(h.say("bob", "/recommend")).empty());
  CHECK_THAT(h.texts(h.say("bob", "/recommend")), Contains("Nothing new"));
}

TEST_CASE("training runs on ticks when due and the warm member gets ALS picks", "[recommend][training]") {
  BotHarness h(fast_training());
  auto& rec = h.app().recommender();
  const auto t = two_tastes(h);
  CHECK(rec.model(community(h)) == nullptr);

  tick(h);
  rec.wait_idle();
  const auto model = rec.model(community(h));
  REQUIRE(model != nullptr);
  CHECK(rec.trainings() == 1);
  CHECK(model->member_ids.size() == 6);
  CHECK(model->item_ids.size() == 6);
  CHECK(model->watermark == h.count("SELECT max(id) FROM interaction"));

  // alice opened cpp[0] and cpp[1]; carol, who is like her, also opened cpp[2].
  const auto out = h.say("alice", "/recommend 1");
  REQUIRE(picked(out).size() == 1);
  CHECK(picked(out).front() == t.cpp[2]);
  CHECK_THAT(h.texts(out), Contains("similar members liked it"));

  SECTION("not again before retrain_minutes nor without enough new interactions") {
    for (int i = 0; i < 3; ++i) h.say("erin", "/open P" + std::to_string(t.cpp[static_cast<std::size_t>(i)]));
    h.clock().advance(30min);
    tick(h);
    rec.wait_idle();
    CHECK(rec.trainings() == 1);
    h.clock().advance(31min);
    tick(h);
    rec.wait_idle();
    CHECK(rec.trainings() == 2);
    h.clock().advance(61min);
    tick(h);
    rec.wait_idle();
    CHECK(rec.trainings() == 2);  // nothing new since
  }
  SECTION("a member newer than the model is folded in") {
    h.say("gina", "/open P" + std::to_string(t.cook[0]));
    h.say("gina", "/open P" + std::to_string(t.cook[1]));
    const auto folded = h.say("gina", "/recommend 1");
    REQUIRE(picked(folded).size() == 1);
    CHECK(picked(folded).front() == t.cook[2]);
    CHECK_THAT(h.texts(folded), Contains("similar members liked it"));
  }
}

TEST_CASE("the model is swapped while requests keep being served", "[recommend][concurrency]") {
  BotHarness h(fast_training());
  auto& rec = h.app().recommender();
  two_tastes(h);
  tick(h);
  rec.wait_idle();
  const auto c = community(h);
  REQUIRE(rec.model(c) != nullptr);

  // Rows for retraining on this thread while another hammers the recommend path through the pipeline.
  std::vector<storage::InteractionRow> rows;
  for (int u = 0; u < 40; ++u) {
    for (int i = 0; i < 6; ++i) {
      if ((u + i) % 3 != 0) rows.push_back({0, c, 1000 + u, 1 + i, "view", 1.0, 0, {}});  // watermark 0
    }
  }
  std::atomic<bool> done{false};
  std::atomic<int> served{0};
  std::atomic<int> bad{0};
  std::thread hammer([&] {
    while (!done.load()) {
      const auto out = h.app().apply(h.message("alice", "/recommend 3"));
      if (picked(out).empty()) bad.fetch_add(1);
      // The pure path too, straight on the published pointer, as a digest or a bench would.
      const auto m = rec.model(c);
      handlers::Catalog catalog(86'400'000);
      for (const auto id : m->item_ids) {
        storage::ContentItem item;
        item.id = id;
        item.title = "item";
        catalog.put(item);
      }
      handlers::RankRequest req;
      req.member_id = m->member_ids.front();
      req.history = {{m->item_ids.front(), false}, {m->item_ids.back(), false}};
      req.cold_start_interactions = 1;
      if (handlers::rank_picks(req, catalog, m.get()).empty()) bad.fetch_add(1);
      served.fetch_add(1);
    }
  });
  config::RecommenderConfig small;
  small.factors = 8;
  small.iterations = 2;
  for (int round = 0; round < 20; ++round) {
    rec.publish(handlers::train_community(c, rows, small, h.clock().now_ms()));
    std::this_thread::sleep_for(2ms);
  }
  // A real retrain through a tick, published while the hammer runs.
  for (int i = 0; i < 3; ++i) h.say("gina", "/open P" + std::to_string(i + 1));
  h.clock().advance(61min);
  tick(h);
  rec.wait_idle();
  done = true;
  hammer.join();
  CHECK(served.load() > 0);
  CHECK(bad.load() == 0);
  CHECK(rec.model(c)->member_ids.size() == 7);  // the tick's model, with gina, published last
}

TEST_CASE("the model is saved after training and loaded at start", "[recommend][persistence]") {
  const auto dir = std::filesystem::temp_directory_path() / ("fanbase-rec-" + std::to_string(::getpid()));
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  const auto db = (dir / "fanbase.db").string();
  const auto model_file = (dir / "models" / "rec.model").string();
  std::int64_t watermark = 0;
  {
    BotHarness h(fast_training("\"" + model_file + "\""), db);
    two_tastes(h);
    tick(h);
    h.app().recommender().wait_idle();
    REQUIRE(h.app().recommender().model(community(h)) != nullptr);
    watermark = h.app().recommender().model(community(h))->watermark;
  }
  REQUIRE(std::filesystem::exists(model_file));
  {
    BotHarness h(fast_training("\"" + model_file + "\""), db);
    skip_used_keys(h, 200);
    const auto m = h.app().recommender().model(community(h));
    REQUIRE(m != nullptr);  // serves at once, before any tick
    CHECK(m->watermark == watermark);
    CHECK(h.app().recommender().trainings() == 0);
    CHECK_THAT(h.texts(h.say("alice", "/recommend 1")), Contains("similar members liked it"));
  }
  SECTION("a damaged file is ignored") {
    std::ofstream(model_file, std::ios::binary | std::ios::trunc) << "FBRECS01garbage";
    BotHarness h(fast_training("\"" + model_file + "\""), db);
    skip_used_keys(h, 400);
    CHECK(h.app().recommender().model(community(h)) == nullptr);
    CHECK_FALSE(picked(h.say("alice", "/recommend 1")).empty());  // the cold path still serves
  }
  SECTION("the memory database never writes a model file") {
    BotHarness h(fast_training("\"" + (dir / "never.model").string() + "\""));
    two_tastes(h);
    tick(h);
    h.app().recommender().wait_idle();
    CHECK(h.app().recommender().trainings() == 1);
    CHECK_FALSE(std::filesystem::exists(dir / "never.model"));
  }
  std::filesystem::remove_all(dir);
}

TEST_CASE("the diversity re-rank spreads picks over tags", "[recommend][mmr]") {
  handlers::Catalog catalog(14 * 86'400'000LL);
  auto put = [&](std::int64_t id, const char* tags, double popularity) {
    storage::ContentItem item;
    item.id = id;
    item.title = "item " + std::to_string(id);
    item.tags = tags;
    catalog.put(item);
    catalog.add_popularity(id, popularity, 1000);
  };
  put(1, "cpp", 10);
  put(2, "cpp", 9);
  put(3, "cpp", 8);
  put(4, "rust", 5);
  handlers::RankRequest req;
  req.member_id = 99;
  req.n = 2;
  req.diversity = 0;
  auto picks = handlers::rank_picks(req, catalog, nullptr);
  REQUIRE(picks.size() == 2);
  CHECK(picks[1].item_id == 2);
  req.diversity = 0.5;
  picks = handlers::rank_picks(req, catalog, nullptr);
  REQUIRE(picks.size() == 2);
  CHECK(picks[0].item_id == 1);
  CHECK(picks[1].item_id == 4);
  CHECK(picks[1].reason_key == "rec.reason.popular");
}

TEST_CASE("a like or a view counts once per member and item, and a closed topic is no longer recommended",
          "[recommend]") {
  testing::BotHarness h;
  h.say("owner", "/post add https://example.com/a \"Tour dates\" #tour");
  const std::string item = std::to_string(h.count("SELECT max(id) FROM content_item"));
  h.say("pia", "hello there");
  for (int i = 0; i < 3; ++i) {
    Event press = h.message("pia", "");
    press.kind = EventKind::callback;
    press.callback_data = "rec:like:" + item;
    press.callback_id = "cb" + std::to_string(i);
    h.apply(press);
    h.say("pia", "/open P" + item);
  }
  CHECK(h.count("SELECT count(*) FROM interaction WHERE kind = 'like'") == 1);
  CHECK(h.count("SELECT count(*) FROM interaction WHERE kind = 'view'") == 1);

  h.say("ravi", "/topic new Setlist wishes #tour");
  const auto topic_item = h.count("SELECT id FROM content_item WHERE kind = 'topic'");
  h.say("mod", "/topic close 1");
  CHECK(h.count("SELECT count(*) FROM content_item WHERE id = " + std::to_string(topic_item) + " AND retired_at IS NOT NULL") == 1);
}

TEST_CASE("tags are read alike by /post, /ask and /topic, and counted in characters", "[recommend][tags]") {
  BotHarness h;
  const std::string tag = "粉丝见面会现场照片合集";  // 11 characters, 33 bytes: over the 32 a byte count allowed
  CHECK_THAT(h.texts(h.say("owner", "/post add https://example.org/meet Meet-up photos #" + tag + " ##Photos")),
             Contains("added: Meet-up photos #" + tag + " #photos"));
  CHECK_THAT(h.texts(h.say("alice", "/ask Where are the photos? #" + tag)), Contains("#" + tag));
  CHECK_THAT(h.texts(h.say("owner", "/topic new Meet-up #" + tag)), Contains(tag));
  const std::string too_long(33, 'x');
  CHECK_THAT(h.texts(h.say("owner", "/post add https://example.org/x Title #" + too_long)), Contains("32"));
}

TEST_CASE("/post add refuses a link that is already a live post, naming it", "[recommend][posts]") {
  BotHarness h;
  const std::string first = h.texts(h.say("owner", "/post add https://example.org/news Big news #band"));
  CHECK_THAT(first, Contains("added"));
  const std::int64_t id = h.count("SELECT id FROM content_item WHERE url = 'https://example.org/news'");
  for (const char* again : {"/post add https://example.org/news Big news #band",
                            "/post add https://Example.ORG/news/ Another title",
                            "/post add https://example.org/news#top Big news"}) {
    INFO(again);
    CHECK(h.texts(h.say("owner", again)) ==
          "That link is already post P" + std::to_string(id) + ": Big news. /post retire P" + std::to_string(id) +
              " first to replace it.");
  }
  CHECK(h.count("SELECT count(*) FROM content_item WHERE kind = 'post'") == 1);
  CHECK_THAT(h.texts(h.say("owner", "/post add https://example.org/News Different path case")), Contains("added"));
  // A retired post's link may be posted again.
  CHECK_THAT(h.texts(h.say("owner", "/post retire P" + std::to_string(id))), Contains("retired"));
  CHECK_THAT(h.texts(h.say("owner", "/post add https://example.org/news Big news, again")), Contains("added"));
}
