// gen_updates: writes N realistic synthetic Telegram Bot API `Update` objects, one JSON object per line, in the shape
// getUpdates returns in result[] (including Telegram's own escaping: "\/" and \uXXXX for every non-ASCII character,
// surrogate pairs for astral ones; --utf8 writes raw UTF-8 instead). Input for `fanbase replay` benchmarks.
//
//   gen_updates --updates N [--chats C] [--members M] [--seed S] [--out FILE] [--utf8] [--quiet]
//
// Model (deterministic for a seed; own PRNG, no std:: distributions, so the output does not depend on the library):
//  - C supergroups whose sizes are Zipf-like (membership weight ~ 1/rank); every member belongs to 1-3 of them.
//  - Per-member activity is Zipf (s = 1.1) over a random ranking, so a few members write most of the messages.
//  - update_id strictly increasing; dates advance over ~60 days as a Poisson stream whose rate follows a day/night
//    rhythm (UTC+8 hours, evening peak, quiet nights, busier weekends).
//  - Kinds: ~5% message_reaction, ~1% edited_message, ~0.2% joins (new_chat_members), ~0.1% skipped kinds (poll,
//    channel_post), ~0.2% messages from another bot; of the rest ~8% of all updates are commands, ~20% replies
//    (reply_to_message = a recent message of the same chat, with its author), the remainder plain messages:
//    English, Chinese and mixed texts of varied length, some short ("ok", "👍"), some near-duplicates of the author's
//    own recent message, some with @mentions and URLs (with UTF-16 entity offsets, as Telegram sends them).
//  - Memory: streams its output; keeps per member a few integers and per chat a bounded ring of recent messages.
// A summary of what was generated goes to stderr (unless --quiet).
#include <algorithm>
#include <array>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <cerrno>
#include <functional>
#include <memory>
#include <numeric>
#include <string>
#include <string_view>
#include <vector>

namespace {

// ---------------------------------------------------------------------------------------------- randomness

struct Rng {  // xoshiro256** seeded through splitmix64
  std::uint64_t s[4];
  explicit Rng(std::uint64_t seed) {
    for (auto& w : s) {
      seed += 0x9e3779b97f4a7c15ULL;
      std::uint64_t z = seed;
      z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
      z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
      w = z ^ (z >> 31);
    }
  }
  static std::uint64_t rotl(std::uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
  std::uint64_t next() {
    const std::uint64_t result = rotl(s[1] * 5, 7) * 9;
    const std::uint64_t t = s[1] << 17;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = rotl(s[3], 45);
    return result;
  }
  double uniform() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }  // [0, 1)
  std::uint64_t below(std::uint64_t n) { return static_cast<std::uint64_t>(uniform() * static_cast<double>(n)); }
  bool chance(double p) { return uniform() < p; }
  template <class T, std::size_t N>
  const T& pick(const T (&arr)[N]) { return arr[below(N)]; }
};

// Vose's alias method: O(1) draws from a fixed discrete distribution.
class Alias {
 public:
  explicit Alias(const std::vector<double>& weights) : prob_(weights.size()), alias_(weights.size()) {
    const std::size_t n = weights.size();
    const double total = std::accumulate(weights.begin(), weights.end(), 0.0);
    std::vector<double> scaled(n);
    std::vector<std::uint32_t> small, large;
    for (std::size_t i = 0; i < n; ++i) {
      scaled[i] = weights[i] * static_cast<double>(n) / total;
      (scaled[i] < 1.0 ? small : large).push_back(static_cast<std::uint32_t>(i));
    }
    while (!small.empty() && !large.empty()) {
      const std::uint32_t s = small.back(), l = large.back();
      small.pop_back();
      prob_[s] = scaled[s];
      alias_[s] = l;
      scaled[l] = (scaled[l] + scaled[s]) - 1.0;
      if (scaled[l] < 1.0) {
        large.pop_back();
        small.push_back(l);
      }
    }
    for (auto i : large) prob_[i] = 1.0, alias_[i] = i;
    for (auto i : small) prob_[i] = 1.0, alias_[i] = i;
  }
  std::uint32_t draw(Rng& rng) const {
    const std::uint64_t i = rng.below(prob_.size());
    return rng.uniform() < prob_[i] ? static_cast<std::uint32_t>(i) : alias_[i];
  }

 private:
  std::vector<double> prob_;
  std::vector<std::uint32_t> alias_;
};

// ---------------------------------------------------------------------------------------------- JSON output

class Out {
 public:
  Out(std::FILE* f, bool ascii) : f_(f), ascii_(ascii) { buf_.reserve(kFlushAt + 65536); }
  ~Out() { flush(); }
  void raw(std::string_view s) { buf_.append(s); }
  void ch(char c) { buf_.push_back(c); }
  void num(std::int64_t v) {
    char tmp[24];
    int len = std::snprintf(tmp, sizeof tmp, "%lld", static_cast<long long>(v));
    buf_.append(tmp, static_cast<std::size_t>(len));
  }
  // A JSON string, escaped the way the Bot API does it (or raw UTF-8 with only the mandatory escapes).
  void str(std::string_view s) {
    buf_.push_back('"');
    static const char hex[] = "0123456789abcdef";
    auto u16 = [&](unsigned v) {
      char esc[6] = {'\\', 'u', hex[(v >> 12) & 15], hex[(v >> 8) & 15], hex[(v >> 4) & 15], hex[v & 15]};
      buf_.append(esc, 6);
    };
    for (std::size_t i = 0; i < s.size();) {
      const auto c = static_cast<unsigned char>(s[i]);
      if (c < 0x80) {
        switch (c) {
          case '"': buf_.append("\\\""); break;
          case '\\': buf_.append("\\\\"); break;
          case '/': if (ascii_) buf_.append("\\/"); else buf_.push_back('/'); break;
          case '\n': buf_.append("\\n"); break;
          case '\r': buf_.append("\\r"); break;
          case '\t': buf_.append("\\t"); break;
          case '\b': buf_.append("\\b"); break;
          case '\f': buf_.append("\\f"); break;
          default:
            if (c < 0x20) u16(c); else buf_.push_back(static_cast<char>(c));
        }
        ++i;
        continue;
      }
      // Multi-byte UTF-8 (our own literals: always valid).
      std::size_t len = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : 2;
      if (i + len > s.size()) len = s.size() - i;
      if (!ascii_) {
        buf_.append(s.substr(i, len));
        i += len;
        continue;
      }
      unsigned cp = len == 2 ? (c & 0x1Fu) : len == 3 ? (c & 0x0Fu) : (c & 0x07u);
      for (std::size_t k = 1; k < len; ++k) cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3Fu);
      if (cp >= 0x10000) {
        cp -= 0x10000;
        u16(0xD800 + (cp >> 10));
        u16(0xDC00 + (cp & 0x3FF));
      } else {
        u16(cp);
      }
      i += len;
    }
    buf_.push_back('"');
  }
  void end_line() {
    buf_.push_back('\n');
    if (buf_.size() >= kFlushAt) flush();
  }
  void flush() {
    if (!buf_.empty()) {
      if (std::fwrite(buf_.data(), 1, buf_.size(), f_) != buf_.size()) {
        std::perror("gen_updates: write");
        std::exit(1);
      }
      bytes_ += buf_.size();
      buf_.clear();
    }
  }
  std::uint64_t bytes() const { return bytes_ + buf_.size(); }

 private:
  static constexpr std::size_t kFlushAt = 1 << 20;
  std::FILE* f_;
  bool ascii_;
  std::string buf_;
  std::uint64_t bytes_ = 0;
};

// Length of a UTF-8 string in UTF-16 code units (what MessageEntity offsets count).
std::uint32_t utf16_len(std::string_view s) {
  std::uint32_t n = 0;
  for (std::size_t i = 0; i < s.size(); ++i) {
    const auto c = static_cast<unsigned char>(s[i]);
    if ((c & 0xC0) == 0x80) continue;  // continuation byte
    n += c >= 0xF0 ? 2 : 1;
  }
  return n;
}

// ---------------------------------------------------------------------------------------------- vocabulary

constexpr const char* kFirstNames[] = {
    "Alice", "Bob", "Carol", "David", "Emma", "Frank", "Grace", "Henry", "Ivy", "Jack", "Kate", "Leo", "Mia", "Noah",
    "Olivia", "Peter", "Quinn", "Rose", "Sam", "Tina", "Uma", "Victor", "Wendy", "Xavier", "Yuki", "Zoe", "Liam",
    "Sofia", "Lucas", "Chloe", "Mateo", "Amelia", "José", "Zoë", "Björn", "Renée", "Ελένη", "Дмитрий", "أحمد",
    "小明", "小红", "张伟", "王芳", "李娜", "刘洋", "陈静", "杨帆", "赵磊", "黄敏", "周杰", "吴倩", "徐亮", "孙悦",
    "阿狸", "糖糖", "星星", "🌸Sakura", "Mina🍓", "✨Luna✨", "DJ \"Bass\"", "O'Neil", "back\\slash", "𝓐𝓷𝓷𝓪",
    "🦊", "Ana María", "Jean-Luc", "小鱼儿🐟", "夜猫子", "Kenji", "Hana", "Min-jun", "Ji-woo"};
constexpr const char* kLastNames[] = {"Smith", "Johnson", "Lee", "Wang", "Zhang", "Li", "Chen", "García", "Müller",
                                      "Kim", "Tanaka", "Nguyen", "O'Brien", "王", "李", "张", "🎧", "Fan", "|| 粉丝"};
constexpr const char* kUserPrefixes[] = {"fan", "star", "music", "lover", "moon", "sun", "kitty", "neo", "pixel",
                                         "dream", "xiao", "mei", "lucky", "happy", "tiny", "super", "night", "sky"};
constexpr const char* kLangs[] = {"en", "en", "en", "zh-hans", "zh-hans", "zh-hant", "ja", "ko", "ru", "es"};
constexpr const char* kArtists[] = {"Taylor", "Jay Chou", "周杰伦", "IU", "BTS", "Adele", "邓紫棋", "Coldplay",
                                    "Lisa", "五月天", "Eason", "陈奕迅", "Ed Sheeran", "Billie", "NewJeans", "Yoasobi"};
constexpr const char* kChatSuffixes[] = {" Fan Club", "粉丝群", " Fans 💖", " 后援会", " Official Community",
                                         " 中文站", " Fan \"Family\"", " 🎤 Chat", " Lovers", " 交流群 #2"};

constexpr const char* kShort[] = {"ok", "👍", "+1", "lol", "哈哈", "好", "嗯嗯", "😂😂", "yes", "no", "thx", "?",
                                  "666", "❤️", "👏👏", "对", "hi", "早", "gm", "😭", "啊啊啊", "ty", "k", "🔥"};
constexpr const char* kEnStart[] = {"", "", "", "Honestly, ", "I think ", "OMG ", "Just saw that ", "Can't believe ",
                                    "lol ", "Guys, ", "Wow, ", "TIL ", "Not gonna lie, ", "Hot take: ", "IMO "};
constexpr const char* kEnSubject[] = {"the new album", "last night's show", "the concert", "this song", "the MV",
                                      "her voice", "the tour schedule", "the ticket price", "the fan meeting",
                                      "the livestream", "the bridge in track 3", "the acoustic version",
                                      "the encore", "the merch", "the dance practice video", "the behind-the-scenes clip",
                                      "the new single", "the interview", "the stage outfit", "the collab"};
constexpr const char* kEnPredicate[] = {"is amazing", "was so good", "made me cry", "is on repeat all day",
                                        "sold out in 5 minutes", "deserves more views", "hits different at 2am",
                                        "is a masterpiece", "was a bit too short", "is trending right now",
                                        "gave me chills", "is better than the studio version", "broke the record",
                                        "needs subtitles", "was worth the wait", "is underrated"};
constexpr const char* kEnEnd[] = {".", "!", "!!", "...", " 😍", " 🔥🔥", "…", " haha", " 🥹", " ❤️", "!!!", " 💯"};
constexpr const char* kEnQuestion[] = {"Does anyone know when the tickets go on sale?",
                                       "Where can I watch the replay?", "Is the fan meeting still on this Saturday?",
                                       "Which version of the album should I buy?", "Who's going to the Tokyo show?",
                                       "What time does the livestream start in UTC?",
                                       "Can someone explain the lyrics of the second verse?",
                                       "Any tips for getting good seats?", "How do I join the voting event?"};
constexpr const char* kZhPhrase[] = {"今天的直播太好看了", "新专辑什么时候发布", "有人一起去演唱会吗",
                                     "这首歌我单曲循环了一整天", "票已经卖光了", "大家晚上好", "刚刚看到官方公告",
                                     "她的声音真的太治愈了", "求资源", "打卡", "谢谢分享", "这个MV拍得真好",
                                     "周末有应援活动吗", "支持支持", "第一次来群里，大家好", "舞台效果太震撼了",
                                     "歌词写得好有感觉", "有没有人整理一下行程", "前排的朋友拍到了吗",
                                     "今天也是爱你的一天", "这次的巡演城市有上海吗", "排练视频好可爱",
                                     "这个版本比录音室版还好听", "明天早上八点开票", "刚下班，补一下直播"};
constexpr const char* kZhEnd[] = {"！", "。", "？", "～", "😭", "❤️", "🎉", "！！", "……", "哈哈哈", "", "👍"};
constexpr const char* kMixed[] = {"这个 live version 太好听了", "明天的 fan meeting 谁去？",
                                  "MV 已经破 1000 万播放了 🎉", "encore 那段我直接哭了 😭", "新 single 的 bridge 绝了",
                                  "今晚 8 点 livestream，别忘了", "album 到货了！unboxing 一下", "谁有 setlist？",
                                  "B站 上有 4K 版本", "这周的 chart 排名出来了"};
constexpr const char* kSpecial[] = {"She said \"see you soon\" at the end 🥹", "¯\\_(ツ)_/¯", "C:\\Users\\fan\\Music",
                                    "tabs\there\tand there", "line one\nline two\nline three",
                                    "quote: \"你好\" — 'hello'", "emoji family 👨‍👩‍👧‍👦 and flags 🇨🇳🇺🇸🇯🇵",
                                    "math: 1/2 + 1/4 = 3/4", "<b>not html</b> & stuff", "zero\u200bwidth space"};
constexpr const char* kUrls[] = {"https://t.me/fanbase_news/123", "https://youtu.be/dQw4w9WgXcQ",
                                 "https://example.com/tour?city=shanghai&date=2024-05-01",
                                 "https://weibo.com/u/123456", "https://open.spotify.com/track/4uLU6hMCjMI75M1A2tKUQC"};
constexpr const char* kReactions[] = {"👍", "❤", "🔥", "😂", "👏", "🎉", "🤩", "😢", "🙏", "💯", "🥰", "😁"};
constexpr const char* kPollQuestions[] = {"Which song should open the next show?", "下次应援活动选哪天？",
                                          "Best album so far?"};

// ---------------------------------------------------------------------------------------------- model

enum EntityType : std::uint8_t { kBotCommand, kMention, kUrl };
const char* const kEntityNames[] = {"bot_command", "mention", "url"};

struct Entity {
  std::uint32_t off = 0, len = 0;  // bytes into the text; converted to UTF-16 units when written
  EntityType type = kBotCommand;
};

struct Text {
  std::string s;
  std::array<Entity, 3> e{};
  int ne = 0;
  void add(std::size_t off, std::size_t len, EntityType t) {
    if (ne < static_cast<int>(e.size())) e[ne++] = Entity{static_cast<std::uint32_t>(off), static_cast<std::uint32_t>(len), t};
  }
};

struct Member {
  std::int64_t id = 0;
  std::uint16_t first = 0;
  std::int16_t last = -1;       // -1: no last_name
  std::int16_t user_prefix = -1;  // -1: no username
  std::uint8_t lang = 0;
  std::uint8_t nchats = 0;
  std::array<std::uint32_t, 3> chats{};
};

struct Recent {  // one remembered message of a chat
  std::int64_t message_id = 0;
  std::int64_t date = 0;
  std::uint32_t author = 0;
  Text text;
};

struct Chat {
  std::int64_t id = 0;
  std::string title;
  std::int64_t next_message_id = 1;
  std::uint32_t members = 0;
  std::vector<Recent> ring;  // bounded window of recent messages
  std::size_t head = 0, count = 0;
};

constexpr std::size_t kWindow = 48;

enum Kind {
  kMessage, kShortMsg, kNearDup, kReply, kCommand, kReaction, kEdited, kJoin, kPoll, kChannelPost, kBotMessage,
  kKindCount
};
const char* const kKindNames[] = {"message (plain)", "message (short)", "message (near-duplicate)", "reply",
                                  "command", "message_reaction", "edited_message", "new_chat_members", "poll",
                                  "channel_post", "message from a bot"};

struct Args {
  std::uint64_t updates = 1000;
  std::uint32_t chats = 200;
  std::uint32_t members = 50000;
  std::uint64_t seed = 1;
  std::string out;
  bool ascii = true;
  bool quiet = false;
};

[[noreturn]] void usage(const char* why) {
  std::fprintf(stderr,
               "gen_updates: %s\nusage: gen_updates --updates N [--chats C=200] [--members M=50000] [--seed S=1] "
               "[--out FILE] [--utf8] [--quiet]\n",
               why);
  std::exit(2);
}

std::uint64_t parse_u64(const char* s, const char* what) {
  char* end = nullptr;
  errno = 0;
  const unsigned long long v = std::strtoull(s, &end, 10);
  if (errno != 0 || end == s || *end != '\0' || s[0] == '-') usage((std::string("bad number for ") + what).c_str());
  return v;
}

Args parse_args(int argc, char** argv) {
  Args a;
  for (int i = 1; i < argc; ++i) {
    const std::string_view k = argv[i];
    auto value = [&]() -> const char* {
      if (i + 1 >= argc) usage((std::string("missing value after ") + argv[i]).c_str());
      return argv[++i];
    };
    if (k == "--updates") a.updates = parse_u64(value(), "--updates");
    else if (k == "--chats") a.chats = static_cast<std::uint32_t>(parse_u64(value(), "--chats"));
    else if (k == "--members") a.members = static_cast<std::uint32_t>(parse_u64(value(), "--members"));
    else if (k == "--seed") a.seed = parse_u64(value(), "--seed");
    else if (k == "--out") a.out = value();
    else if (k == "--utf8") a.ascii = false;
    else if (k == "--quiet") a.quiet = true;
    else if (k == "--help" || k == "-h") usage("help");
    else usage((std::string("unknown argument ") + argv[i]).c_str());
  }
  if (a.chats == 0 || a.chats > 1000000) usage("--chats must be 1..1000000");
  if (a.members == 0 || a.members > 50000000) usage("--members must be 1..50000000");
  return a;
}

class Generator {
 public:
  Generator(const Args& args, Out& out)
      : args_(args), out_(out), rng_(args.seed), members_(args.members), chats_(args.chats),
        msg_count_(args.members, 0) {
    build_chats();
    build_members();
    activity_ = std::make_unique<Alias>(activity_weights());
    update_id_ = 100000000 + static_cast<std::int64_t>(rng_.below(800000000));
    t_ = kStart;
    // Poisson stream over ~60 days: mean rate so that N updates span the period.
    base_rate_ = static_cast<double>(std::max<std::uint64_t>(args.updates, 1)) / (60.0 * 86400.0);
  }

  void run() {
    for (std::uint64_t n = 0; n < args_.updates; ++n) {
      advance_clock();
      one_update();
      out_.end_line();
    }
  }

  void report(double seconds) const {
    const double n = static_cast<double>(std::max<std::uint64_t>(args_.updates, 1));
    std::fprintf(stderr, "gen_updates: %llu updates, %llu bytes (%.0f B/update) in %.2f s (%.0f updates/s)\n",
                 static_cast<unsigned long long>(args_.updates), static_cast<unsigned long long>(out_.bytes()),
                 static_cast<double>(out_.bytes()) / n, seconds, static_cast<double>(args_.updates) / seconds);
    for (int k = 0; k < kKindCount; ++k)
      std::fprintf(stderr, "  %-26s %9llu  %5.2f%%\n", kKindNames[k], static_cast<unsigned long long>(kinds_[k]),
                   100.0 * static_cast<double>(kinds_[k]) / n);
    std::fprintf(stderr, "  (commands: %llu addressed to another bot)\n",
                 static_cast<unsigned long long>(commands_other_bot_));
    // Concentration of authorship over member-written messages (plain, short, near-duplicate, reply, command).
    std::vector<std::uint32_t> c(msg_count_);
    std::sort(c.begin(), c.end(), std::greater<>());
    const double total = static_cast<double>(std::accumulate(c.begin(), c.end(), std::uint64_t{0}));
    auto share = [&](double frac) {
      const auto k = std::max<std::size_t>(1, static_cast<std::size_t>(frac * static_cast<double>(c.size())));
      return 100.0 * static_cast<double>(std::accumulate(c.begin(), c.begin() + static_cast<std::ptrdiff_t>(k),
                                                          std::uint64_t{0})) / std::max(total, 1.0);
    };
    const auto active = std::count_if(c.begin(), c.end(), [](std::uint32_t v) { return v > 0; });
    std::fprintf(stderr,
                 "  members: %u, wrote >= 1 message: %lld; share of messages by top 1%%: %.1f%%, top 10%%: %.1f%%, "
                 "top member: %u messages\n",
                 args_.members, static_cast<long long>(active), share(0.01), share(0.10), c.empty() ? 0u : c[0]);
    std::vector<std::uint32_t> sizes;
    for (const auto& ch : chats_) sizes.push_back(ch.members);
    std::sort(sizes.begin(), sizes.end());
    std::fprintf(stderr, "  chats: %u, members per chat min/median/max: %u/%u/%u\n", args_.chats, sizes.front(),
                 sizes[sizes.size() / 2], sizes.back());
    std::fprintf(stderr, "  dates: %lld .. %lld (%.1f days)\n", static_cast<long long>(kStart),
                 static_cast<long long>(t_), (t_ - static_cast<double>(kStart)) / 86400.0);
  }

 private:
  static constexpr std::int64_t kStart = 1709251200;  // 2024-03-01T00:00:00Z

  // ---- setup

  void build_chats() {
    std::vector<double> w(chats_.size());
    for (std::size_t i = 0; i < chats_.size(); ++i) {
      w[i] = 1.0 / std::pow(static_cast<double>(i + 1), 1.0);  // Zipf-like sizes (rank 1 is the biggest chat)
      Chat& c = chats_[i];
      c.id = -1001000000000LL - static_cast<std::int64_t>(i) * 7919 - static_cast<std::int64_t>(rng_.below(7919));
      c.title = std::string(rng_.pick(kArtists)) + rng_.pick(kChatSuffixes);
      if (i >= 16) c.title += " " + std::to_string(i);
      c.next_message_id = 1 + static_cast<std::int64_t>(rng_.below(400000));
      c.ring.resize(kWindow);
    }
    chat_weights_ = std::make_unique<Alias>(w);
  }

  void build_members() {
    for (std::uint32_t i = 0; i < members_.size(); ++i) {
      Member& m = members_[i];
      // Unique ids, spread from 8 digits to beyond 2^32.
      m.id = 10000000 + static_cast<std::int64_t>(i) * 137003 + static_cast<std::int64_t>(rng_.below(137003));
      m.first = static_cast<std::uint16_t>(rng_.below(std::size(kFirstNames)));
      m.last = rng_.chance(0.45) ? static_cast<std::int16_t>(rng_.below(std::size(kLastNames))) : -1;
      m.user_prefix = rng_.chance(0.85) ? static_cast<std::int16_t>(rng_.below(std::size(kUserPrefixes))) : -1;
      m.lang = static_cast<std::uint8_t>(rng_.below(std::size(kLangs)));
      const double r = rng_.uniform();
      const int want = r < 0.55 ? 1 : r < 0.85 ? 2 : 3;
      // The first C members seed every chat, so no chat is empty.
      if (i < chats_.size()) m.chats[m.nchats++] = i;
      for (int tries = 0; m.nchats < want && tries < 20; ++tries) {
        const std::uint32_t c = chat_weights_->draw(rng_);
        if (std::find(m.chats.begin(), m.chats.begin() + m.nchats, c) == m.chats.begin() + m.nchats)
          m.chats[m.nchats++] = c;
      }
      for (int k = 0; k < m.nchats; ++k) ++chats_[m.chats[k]].members;
    }
  }

  std::vector<double> activity_weights() {
    // Zipf s = 1.1 over a random ranking of the members.
    std::vector<std::uint32_t> rank(members_.size());
    std::iota(rank.begin(), rank.end(), 0u);
    for (std::size_t i = rank.size(); i > 1; --i) std::swap(rank[i - 1], rank[rng_.below(i)]);
    std::vector<double> w(members_.size());
    for (std::size_t r = 0; r < rank.size(); ++r) w[rank[r]] = 1.0 / std::pow(static_cast<double>(r + 1), 1.1);
    return w;
  }

  // ---- clock: Poisson arrivals, rate modulated by local (UTC+8) hour and weekday

  void advance_clock() {
    static constexpr double kHour[24] = {0.55, 0.35, 0.20, 0.12, 0.08, 0.08, 0.15, 0.35, 0.60, 0.80, 0.95, 1.05,
                                         1.15, 1.10, 1.05, 1.05, 1.10, 1.20, 1.35, 1.50, 1.65, 1.70, 1.50, 1.00};
    static const double kMean = [] {
      double s = 0;
      for (double h : kHour) s += h;
      return s / 24.0;
    }();
    const auto local = static_cast<std::int64_t>(t_) + 8 * 3600;
    const int hour = static_cast<int>((local / 3600) % 24);
    const int weekday = static_cast<int>((local / 86400 + 4) % 7);  // 1970-01-01 was a Thursday (4)
    const double week = (weekday == 0 || weekday == 6) ? 1.25 : 0.9;  // mean over a week ≈ 1.0
    const double rate = base_rate_ * (kHour[hour] / kMean) * week;
    t_ += -std::log(1.0 - rng_.uniform()) / rate;
    update_id_ += rng_.chance(0.005) ? 2 + static_cast<std::int64_t>(rng_.below(4)) : 1;  // rare gaps
  }
  std::int64_t now() const { return static_cast<std::int64_t>(t_); }

  // ---- picking actors and targets

  std::uint32_t pick_member() { return activity_->draw(rng_); }
  std::uint32_t pick_chat_of(const Member& m) {
    if (m.nchats == 1) return m.chats[0];
    const double r = rng_.uniform();  // home chat 70%, others share the rest
    if (r < 0.7) return m.chats[0];
    return m.chats[1 + rng_.below(m.nchats - 1u)];
  }
  const Recent* recent(const Chat& c, std::size_t back) const {  // back = 0: newest
    if (back >= c.count) return nullptr;
    return &c.ring[(c.head + kWindow - 1 - back) % kWindow];
  }
  const Recent* pick_recent(const Chat& c) {
    if (c.count == 0) return nullptr;
    // Recent messages are likelier targets: geometric-ish over the window.
    const double u = rng_.uniform();
    const auto back = static_cast<std::size_t>(u * u * static_cast<double>(c.count));
    return recent(c, back);
  }
  const Recent* recent_by(const Chat& c, std::uint32_t author) const {
    for (std::size_t b = 0; b < c.count; ++b)
      if (const Recent* r = recent(c, b); r->author == author) return r;
    return nullptr;
  }
  void remember(Chat& c, std::int64_t message_id, std::uint32_t author, const Text& text) {
    Recent& slot = c.ring[c.head];
    slot.message_id = message_id;
    slot.date = now();
    slot.author = author;
    slot.text = text;  // reuses slot's capacity
    c.head = (c.head + 1) % kWindow;
    c.count = std::min(c.count + 1, kWindow);
  }

  // ---- texts

  void make_text(Text& t, const Chat& c) {
    t.s.clear();
    t.ne = 0;
    const double r = rng_.uniform();
    if (r < 0.03 && c.count > 0) {  // @mention of a recent author
      const Member& who = members_[pick_recent(c)->author];
      if (who.user_prefix >= 0) {
        append_username(t.s.append("@"), who);
        t.add(0, t.s.size(), kMention);
        t.s += ' ';
      }
    }
    const double kind = rng_.uniform();
    int sentences = 1 + static_cast<int>(rng_.below(2));
    if (rng_.chance(0.04)) sentences = 4 + static_cast<int>(rng_.below(9));  // long posts
    for (int s = 0; s < sentences; ++s) {
      if (s > 0) t.s += rng_.chance(0.3) ? "\n" : " ";
      if (kind < 0.45) english(t.s);
      else if (kind < 0.85) chinese(t.s);
      else if (kind < 0.97) t.s += rng_.pick(kMixed);
      else t.s += rng_.pick(kSpecial);
    }
    if (rng_.chance(0.02)) {
      t.s += ' ';
      const std::size_t at = t.s.size();
      t.s += rng_.pick(kUrls);
      t.add(at, t.s.size() - at, kUrl);
    }
  }
  void english(std::string& s) {
    if (rng_.chance(0.15)) {
      s += rng_.pick(kEnQuestion);
      return;
    }
    s += rng_.pick(kEnStart);
    s += rng_.pick(kEnSubject);
    s += ' ';
    s += rng_.pick(kEnPredicate);
    s += rng_.pick(kEnEnd);
  }
  void chinese(std::string& s) {
    s += rng_.pick(kZhPhrase);
    if (rng_.chance(0.4)) {
      s += "，";
      s += rng_.pick(kZhPhrase);
    }
    s += rng_.pick(kZhEnd);
  }
  void near_duplicate(Text& t, const Recent& prev) {
    t = prev.text;
    const double r = rng_.uniform();
    if (r < 0.4) return;  // verbatim repeat
    if (r < 0.6) t.s += "!";
    else if (r < 0.75) t.s += " 👍";
    else if (r < 0.9) t.s += t.s.empty() || static_cast<unsigned char>(t.s.back()) < 0x80 ? "." : "。";
    else if (!t.s.empty() && static_cast<unsigned char>(t.s.back()) < 0x80) t.s.pop_back();
    else t.s += "～";
  }

  // ---- JSON pieces

  void append_username(std::string& s, const Member& m) const {
    s += kUserPrefixes[m.user_prefix];
    s += '_';
    s += std::to_string(static_cast<std::uint64_t>(&m - members_.data()));
  }
  void user(const Member& m) {
    out_.raw("{\"id\":");
    out_.num(m.id);
    out_.raw(",\"is_bot\":false,\"first_name\":");
    out_.str(kFirstNames[m.first]);
    if (m.last >= 0) {
      out_.raw(",\"last_name\":");
      out_.str(kLastNames[m.last]);
    }
    if (m.user_prefix >= 0) {
      scratch_.clear();
      append_username(scratch_, m);
      out_.raw(",\"username\":");
      out_.str(scratch_);
    }
    out_.raw(",\"language_code\":");
    out_.str(kLangs[m.lang]);
    out_.ch('}');
  }
  void chat(const Chat& c) {
    out_.raw("{\"id\":");
    out_.num(c.id);
    out_.raw(",\"title\":");
    out_.str(c.title);
    out_.raw(",\"type\":\"supergroup\"}");
  }
  void text_and_entities(const Text& t) {
    out_.raw(",\"text\":");
    out_.str(t.s);
    if (t.ne == 0) return;
    out_.raw(",\"entities\":[");
    for (int i = 0; i < t.ne; ++i) {
      const Entity& e = t.e[i];
      if (i) out_.ch(',');
      out_.raw("{\"offset\":");
      out_.num(utf16_len(std::string_view(t.s).substr(0, e.off)));
      out_.raw(",\"length\":");
      out_.num(utf16_len(std::string_view(t.s).substr(e.off, e.len)));
      out_.raw(",\"type\":\"");
      out_.raw(kEntityNames[e.type]);
      out_.raw("\"}");
    }
    out_.ch(']');
  }
  void message_head(std::int64_t message_id, const Member& from, const Chat& c, std::int64_t date) {
    out_.raw("{\"message_id\":");
    out_.num(message_id);
    out_.raw(",\"from\":");
    user(from);
    out_.raw(",\"chat\":");
    chat(c);
    out_.raw(",\"date\":");
    out_.num(date);
  }
  void update_head(const char* field) {
    out_.raw("{\"update_id\":");
    out_.num(update_id_);
    out_.raw(",\"");
    out_.raw(field);
    out_.raw("\":");
  }

  // ---- the update kinds

  void one_update() {
    const double r = rng_.uniform();
    if (r < 0.05) return reaction();
    if (r < 0.06) return edited();
    if (r < 0.062) return join();
    if (r < 0.0625) return poll();
    if (r < 0.063) return channel_post();
    if (r < 0.065) return bot_message();
    if (r < 0.065 + 0.08) return command();
    if (r < 0.065 + 0.08 + 0.20) return reply();
    return plain();
  }

  void plain() {
    const std::uint32_t a = pick_member();
    const Member& m = members_[a];
    Chat& c = chats_[pick_chat_of(m)];
    Kind kind = kMessage;
    const double r = rng_.uniform();
    const Recent* prev = nullptr;
    if (r < 0.13) {
      kind = kShortMsg;
      text_.s = rng_.pick(kShort);
      text_.ne = 0;
    } else if (r < 0.18 && (prev = recent_by(c, a)) != nullptr) {
      kind = kNearDup;
      near_duplicate(text_, *prev);
    } else {
      make_text(text_, c);
    }
    const std::int64_t id = c.next_message_id++;
    update_head("message");
    message_head(id, m, c, now());
    text_and_entities(text_);
    out_.raw("}}");
    remember(c, id, a, text_);
    ++kinds_[kind];
    ++msg_count_[a];
  }

  void reply() {
    const std::uint32_t a = pick_member();
    const Member& m = members_[a];
    Chat& c = chats_[pick_chat_of(m)];
    const Recent* target = pick_recent(c);
    if (target != nullptr && target->author == a) target = pick_recent(c);  // one retry: rarely reply to oneself
    if (target == nullptr) return plain();
    if (rng_.chance(0.1)) {
      text_.s = rng_.pick(kShort);
      text_.ne = 0;
    } else {
      make_text(text_, c);
    }
    const std::int64_t id = c.next_message_id++;
    update_head("message");
    message_head(id, m, c, now());
    out_.raw(",\"reply_to_message\":");
    message_head(target->message_id, members_[target->author], c, target->date);
    text_and_entities(target->text);
    out_.ch('}');
    text_and_entities(text_);
    out_.raw("}}");
    remember(c, id, a, text_);
    ++kinds_[kReply];
    ++msg_count_[a];
  }

  void command() {
    const std::uint32_t a = pick_member();
    const Member& m = members_[a];
    Chat& c = chats_[pick_chat_of(m)];
    struct Cmd { const char* text; double weight; };
    static constexpr Cmd kCmds[] = {
        {"/points", 18}, {"/top", 12}, {"/top 5 week", 6}, {"/top 10", 3}, {"/top month", 2}, {"/rank", 10},
        {"/checkin", 22}, {"/badges", 6}, {"/history", 4}, {"/help", 4}, {"/points @", 5},
        {"/points@FanbaseBot", 3}, {"/top@FanbaseBot", 1}, {"/checkin@FanbaseBot", 2}, {"/points@OtherBot", 1.5},
        {"/start@OtherBot", 0.5}};
    double total = 0;
    for (const auto& cmd : kCmds) total += cmd.weight;
    double x = rng_.uniform() * total;
    const Cmd* chosen = &kCmds[0];
    for (const auto& cmd : kCmds) {
      if (x < cmd.weight) {
        chosen = &cmd;
        break;
      }
      x -= cmd.weight;
    }
    const std::string_view sv = chosen->text;
    const bool other_bot = sv.find("@OtherBot") != std::string_view::npos;
    text_.s = sv;
    text_.ne = 0;
    text_.add(0, std::min(sv.find(' '), sv.size()), kBotCommand);
    if (sv == "/points @") {
      // Ask about someone else: a recent author of the chat with a username, else anyone with one.
      const Recent* r = pick_recent(c);
      std::uint32_t who = r ? r->author : pick_member();
      if (members_[who].user_prefix < 0) who = a;
      if (members_[who].user_prefix < 0) {
        text_.s = "/points";
      } else {
        const std::size_t at = text_.s.size() - 1;
        append_username(text_.s, members_[who]);
        text_.add(at, text_.s.size() - at, kMention);
      }
    }
    if (other_bot) ++commands_other_bot_;
    const std::int64_t id = c.next_message_id++;
    update_head("message");
    message_head(id, m, c, now());
    text_and_entities(text_);
    out_.raw("}}");
    // The bot's answer takes a message id too (unless the command was for another bot).
    if (!other_bot) ++c.next_message_id;
    ++kinds_[kCommand];
    ++msg_count_[a];
  }

  void reaction() {
    const std::uint32_t a = pick_member();
    const Member& m = members_[a];
    const Chat& c = chats_[pick_chat_of(m)];
    const Recent* target = pick_recent(c);
    if (target != nullptr && target->author == a) target = pick_recent(c);
    if (target == nullptr) return plain();
    update_head("message_reaction");
    out_.raw("{\"chat\":");
    chat(c);
    out_.raw(",\"message_id\":");
    out_.num(target->message_id);
    out_.raw(",\"user\":");
    user(m);
    out_.raw(",\"date\":");
    out_.num(now());
    const double r = rng_.uniform();
    auto emoji_list = [&](const char* emoji) {
      out_.ch('[');
      if (emoji) {
        out_.raw("{\"type\":\"emoji\",\"emoji\":");
        out_.str(emoji);
        out_.ch('}');
      }
      out_.ch(']');
    };
    const char* e1 = rng_.pick(kReactions);
    const char* e2 = rng_.pick(kReactions);
    out_.raw(",\"old_reaction\":");
    if (r < 0.88) {  // added
      emoji_list(nullptr);
      out_.raw(",\"new_reaction\":");
      emoji_list(e1);
    } else if (r < 0.95) {  // changed
      emoji_list(e2);
      out_.raw(",\"new_reaction\":");
      emoji_list(e1);
    } else {  // removed
      emoji_list(e1);
      out_.raw(",\"new_reaction\":");
      emoji_list(nullptr);
    }
    out_.raw("}}");
    ++kinds_[kReaction];
  }

  void edited() {
    const std::uint32_t a = pick_member();
    Chat& c = chats_[pick_chat_of(members_[a])];
    const Recent* target = recent_by(c, a);
    if (target == nullptr) target = pick_recent(c);
    if (target == nullptr) return plain();
    text_ = target->text;
    if (rng_.chance(0.5)) text_.s += rng_.chance(0.5) ? " (edited)" : "（已编辑）";
    else if (!text_.s.empty() && static_cast<unsigned char>(text_.s.back()) < 0x80) text_.s.back() = '!';
    else text_.s += "!";
    update_head("edited_message");
    message_head(target->message_id, members_[target->author], c, target->date);
    out_.raw(",\"edit_date\":");
    out_.num(std::max(now(), target->date + 1));
    text_and_entities(text_);
    out_.raw("}}");
    ++kinds_[kEdited];
  }

  void join() {
    // Mostly a member joining by link; sometimes an existing member adds a friend.
    const std::uint32_t newcomer = static_cast<std::uint32_t>(rng_.below(members_.size()));
    const Member& n = members_[newcomer];
    Chat& c = chats_[pick_chat_of(n)];
    const Member& from = rng_.chance(0.8) ? n : members_[pick_member()];
    const std::int64_t id = c.next_message_id++;
    update_head("message");
    message_head(id, from, c, now());
    out_.raw(",\"new_chat_participant\":");
    user(n);
    out_.raw(",\"new_chat_member\":");
    user(n);
    out_.raw(",\"new_chat_members\":[");
    user(n);
    out_.raw("]}}");
    ++kinds_[kJoin];
  }

  void poll() {
    update_head("poll");
    out_.raw("{\"id\":\"");
    out_.num(5000000000000000000LL + static_cast<std::int64_t>(rng_.below(1000000000000000000ULL)));
    out_.raw("\",\"question\":");
    out_.str(rng_.pick(kPollQuestions));
    const auto a = static_cast<std::int64_t>(rng_.below(50)), b = static_cast<std::int64_t>(rng_.below(50));
    out_.raw(",\"options\":[{\"text\":\"A\",\"voter_count\":");
    out_.num(a);
    out_.raw("},{\"text\":\"B\",\"voter_count\":");
    out_.num(b);
    out_.raw("}],\"total_voter_count\":");
    out_.num(a + b);
    out_.raw(",\"is_closed\":false,\"is_anonymous\":true,\"type\":\"regular\",\"allows_multiple_answers\":false}}");
    ++kinds_[kPoll];
  }

  void channel_post() {
    update_head("channel_post");
    const char* channel = "{\"id\":-1001987654321,\"title\":\"Fanbase News\",\"type\":\"channel\"}";
    out_.raw("{\"message_id\":");
    out_.num(channel_post_id_++);
    out_.raw(",\"sender_chat\":");
    out_.raw(channel);
    out_.raw(",\"chat\":");
    out_.raw(channel);
    out_.raw(",\"date\":");
    out_.num(now());
    text_.ne = 0;
    text_.s = "📢 ";
    english(text_.s);
    text_and_entities(text_);
    out_.raw("}}");
    ++kinds_[kChannelPost];
  }

  void bot_message() {  // another bot in the group (a welcome or anti-spam bot) writes something
    Chat& c = chats_[chat_weights_->draw(rng_)];
    const std::int64_t id = c.next_message_id++;
    update_head("message");
    out_.raw("{\"message_id\":");
    out_.num(id);
    out_.raw(",\"from\":{\"id\":6012345678,\"is_bot\":true,\"first_name\":\"Group Helper\",\"username\":\"OtherBot\"}");
    out_.raw(",\"chat\":");
    chat(c);
    out_.raw(",\"date\":");
    out_.num(now());
    text_.ne = 0;
    text_.s = rng_.chance(0.5) ? "Welcome! Please read the pinned rules 📌" : "欢迎新朋友！请先阅读置顶的群规 📌";
    text_and_entities(text_);
    out_.raw("}}");
    ++kinds_[kBotMessage];
  }

  const Args& args_;
  Out& out_;
  Rng rng_;
  std::vector<Member> members_;
  std::vector<Chat> chats_;
  std::vector<std::uint32_t> msg_count_;
  std::unique_ptr<Alias> chat_weights_;
  std::unique_ptr<Alias> activity_;
  std::int64_t update_id_ = 0;
  std::int64_t channel_post_id_ = 1;
  double t_ = 0;
  double base_rate_ = 1;
  Text text_;
  std::string scratch_;
  std::uint64_t kinds_[kKindCount] = {};
  std::uint64_t commands_other_bot_ = 0;
};

}  // namespace

int main(int argc, char** argv) {
  const Args args = parse_args(argc, argv);
  std::FILE* f = stdout;
  if (!args.out.empty() && args.out != "-") {
    f = std::fopen(args.out.c_str(), "wb");
    if (f == nullptr) {
      std::perror(("gen_updates: " + args.out).c_str());
      return 1;
    }
  }
  const auto t0 = std::chrono::steady_clock::now();
  double seconds = 0;
  {
    Out out(f, args.ascii);
    Generator gen(args, out);
    gen.run();
    out.flush();
    seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    if (!args.quiet) gen.report(seconds);
  }
  if (std::fflush(f) != 0 || (f != stdout && std::fclose(f) != 0)) {
    std::perror("gen_updates: close");
    return 1;
  }
  return 0;
}
