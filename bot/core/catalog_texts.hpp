// One built-in text of the MessageCatalog. Each feature keeps its list next to it (handlers/<feature>/texts.cpp),
// so features add their texts without touching each other's. A key must be unique across all lists (the catalog
// throws std::logic_error when they are added, which every test run would show). Keys are feature.situation;
// {N} are positional placeholders. Thread: constant data.
#pragma once

namespace fanbase {

struct CatalogText {
  const char* key;
  const char* en;
  const char* zh;
};

}  // namespace fanbase
