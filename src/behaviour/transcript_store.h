// TranscriptStore: every request lineage sent to a served model and the answer, in SQLite, so a
// run can be replayed with no server (--replay), audited, and compared with a later run (drift).
//
// Contract:
//   - The replay key is the request itself: "<METHOD> <base URL><path>\n<body>", where the body
//     is the exact JSON sent (the model id, sampling parameters and stop sequences are in it).
//     The base URL never carries credentials and the API key is never stored: requests go out
//     with it in a header only.
//   - Records are appended, never replaced: Get returns the first answer stored for a key (the
//     reference a drift is measured against); Count the number stored for it.
//   - A record keeps the endpoint label, the server identity (JSON: /v1/models entry, /props),
//     the HTTP status, the answer body, the wall time and the time it was stored.
//   - Open creates the file and its folder; read_only opens an existing file only. A file that is
//     not SQLite or not a transcript store is refused as kCorrupt naming it.
//   - One store is used by one thread at a time (the caller serialises; EndpointClient does).
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <ostream>
#include <string>

#include "util/status.h"

struct sqlite3;

namespace lineage {

struct TranscriptRecord {
  std::string key;
  std::string label;
  std::string server;  // identity JSON
  long status = 0;
  std::string response;  // the answer body as received (JSON or SSE text)
  double elapsed_ms = 0;
  std::string stored_at;  // UTC, ISO 8601
};

class TranscriptStore {
 public:
  static Result<std::unique_ptr<TranscriptStore>> Open(const std::string& path, bool read_only);
  ~TranscriptStore();
  TranscriptStore(const TranscriptStore&) = delete;
  TranscriptStore& operator=(const TranscriptStore&) = delete;

  Status Put(const TranscriptRecord& r);
  Result<std::optional<TranscriptRecord>> Get(const std::string& key);
  Result<int> Count(const std::string& key);
  // One JSON object per line, in the order stored; the key split back into method/url/body.
  Status ExportJsonl(std::ostream& out);
  const std::string& path() const { return path_; }

 private:
  TranscriptStore(std::string path, sqlite3* db) : path_(std::move(path)), db_(db) {}
  std::string path_;
  sqlite3* db_;
};

// $XDG_CACHE_HOME/lineage/transcripts.sqlite, else $HOME/.cache/lineage/transcripts.sqlite;
// "" when neither is set. `getenv` is injected for tests.
std::string DefaultTranscriptPath(const std::function<const char*(const char*)>& getenv);

}  // namespace lineage
