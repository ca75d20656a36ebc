#include "handlers/personal/model_file.hpp"

#include <cmath>
#include <cstring>
#include <istream>
#include <ostream>

namespace fanbase::handlers {
namespace {

constexpr std::uint32_t file_version = 1;
constexpr char file_magic[8] = {'F', 'B', 'R', 'E', 'C', 'S', '0', '1'};
constexpr std::uint32_t max_file_rows = 1U << 24;

// Binary helpers for the model file (native byte order: little-endian on every machine we ship for).
template <class T>
void put(std::ostream& out, const T& v) {
  out.write(reinterpret_cast<const char*>(&v), sizeof(T));
}
template <class T>
bool get(std::istream& in, T& v) {
  in.read(reinterpret_cast<char*>(&v), sizeof(T));
  return static_cast<std::size_t>(in.gcount()) == sizeof(T);
}
template <class T>
void put_vector(std::ostream& out, const std::vector<T>& v) {
  put(out, static_cast<std::uint32_t>(v.size()));
  if (!v.empty()) out.write(reinterpret_cast<const char*>(v.data()), static_cast<std::streamsize>(v.size() * sizeof(T)));
}
template <class T>
bool get_vector(std::istream& in, std::vector<T>& v) {
  std::uint32_t n = 0;
  if (!get(in, n) || n > max_file_rows) return false;
  v.resize(n);
  if (n == 0) return true;
  in.read(reinterpret_cast<char*>(v.data()), static_cast<std::streamsize>(std::size_t{n} * sizeof(T)));
  return static_cast<std::size_t>(in.gcount()) == std::size_t{n} * sizeof(T);
}

Error file_error(std::string reason) { return user_error(Errc::bad_input, "rec.bad_model_file", {std::move(reason)}); }

}  // namespace

bool save_models(const ModelSet& models, std::ostream& out) {
  std::vector<std::int64_t> ids;
  for (const auto& [id, m] : models.by_community) ids.push_back(id);
  std::sort(ids.begin(), ids.end());
  out.write(file_magic, sizeof(file_magic));
  put(out, file_version);
  put(out, static_cast<std::uint32_t>(ids.size()));
  for (const auto id : ids) {
    const CommunityModel& m = *models.by_community.at(id);
    put(out, m.community_id);
    put(out, m.watermark);
    put(out, m.trained_at);
    put_vector(out, m.item_ids);
    put_vector(out, m.member_ids);
    put_vector(out, m.popularity);
    if (!m.als.save(out)) return false;
  }
  out.flush();
  return out.good();
}

Result<ModelSet> load_models(std::istream& in) {
  char magic[sizeof(file_magic)] = {};
  in.read(magic, sizeof(magic));
  if (static_cast<std::size_t>(in.gcount()) != sizeof(magic) || std::memcmp(magic, file_magic, sizeof(magic)) != 0) {
    return file_error("not a recommender model file");
  }
  std::uint32_t version = 0;
  std::uint32_t count = 0;
  if (!get(in, version) || version != file_version) return file_error("unsupported version");
  if (!get(in, count) || count > max_file_rows) return file_error("impossible community count");
  ModelSet set;
  for (std::uint32_t c = 0; c < count; ++c) {
    auto m = std::make_shared<CommunityModel>();
    if (!get(in, m->community_id) || !get(in, m->watermark) || !get(in, m->trained_at) ||
        !get_vector(in, m->item_ids) || !get_vector(in, m->member_ids) || !get_vector(in, m->popularity)) {
      return file_error("truncated");
    }
    auto als = ml::AlsModel::load(in);
    if (!als) return file_error(als.error().args.empty() ? als.error().key : als.error().args.front());
    m->als = std::move(*als);
    if (m->als.items() != static_cast<int>(m->item_ids.size()) ||
        m->als.users() != static_cast<int>(m->member_ids.size()) || m->popularity.size() != m->item_ids.size()) {
      return file_error("maps do not match the factors");
    }
    if (!std::all_of(m->popularity.begin(), m->popularity.end(), [](double p) { return std::isfinite(p); })) {
      return file_error("non-finite popularity");
    }
    for (std::size_t i = 0; i < m->item_ids.size(); ++i) m->item_index.emplace(m->item_ids[i], static_cast<int>(i));
    for (std::size_t i = 0; i < m->member_ids.size(); ++i) m->user_index.emplace(m->member_ids[i], static_cast<int>(i));
    set.by_community[m->community_id] = std::move(m);
  }
  return set;
}

}  // namespace fanbase::handlers
