#include "io/json_file.h"

#include <string_view>
#include <vector>

#include "io/byte_source.h"

namespace lineage {

Result<nlohmann::json> ReadJsonFile(const std::string& path, uint64_t max_bytes, int max_depth) {
  LINEAGE_ASSIGN_OR_RETURN(auto bytes, ReadWholeFile(path, max_bytes));
  return ParseJson(std::string_view(reinterpret_cast<const char*>(bytes.data()), bytes.size()),
                   path, max_depth);
}

}  // namespace lineage
