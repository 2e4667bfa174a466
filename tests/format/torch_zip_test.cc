// Restricted PyTorch zip reader: valid state_dicts written byte by byte, and hostile archives.
#include "format/torch_zip.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>

#include "format/zip_reader.h"
#include "test_util.h"
#include "torch_fixture.h"

namespace lineage {
namespace {

using testing::MakeZip;
using testing::PickleBuilder;
using testing::RawBytes;
using testing::ZipEntrySpec;

Result<Checkpoint> Parse(const std::vector<uint8_t>& zip) {
  return ParseTorchZip(MakeMemorySource("m.bin", zip));
}

std::vector<float> Decode(const TensorInfo& t) {
  std::vector<float> out(t.numel());
  Status st = DecodeToF32(t.dtype, t.source->data() + t.offset, out.size(), out.data());
  EXPECT_TRUE(st.ok()) << st.ToString();
  return out;
}

// A state_dict in the shape torch.save writes: OrderedDict via REDUCE, SETITEMS, BUILD with
// `_metadata`, and one _rebuild_parameter.
struct ValidArchive {
  std::vector<float> shared = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9};
  std::vector<uint16_t> half = {0x3C00, 0xC000, 0x3800, 0x7BFF};  // 1, -2, 0.5, 65504
  std::vector<uint16_t> bf16 = {0x3F80, 0x4040, 0xBF00, 0x0000};  // 1, 3, -0.5, 0
  std::vector<int64_t> ids = {-1, 7, 1LL << 40};

  std::vector<uint8_t> Pickle() const {
    PickleBuilder p;
    p.OrderedDict().Put(0).Mark();
    p.Str("a.weight").Tensor("FloatStorage", "0", 10, 0, {2, 2}, {2, 1});
    p.Str("b.weight").Tensor("FloatStorage", "0", 10, 4, {2, 3}, {3, 1});  // shares storage 0
    p.Str("h").Tensor("HalfStorage", "1", 4, 0, {4}, {1});
    p.Str("bf");
    p.Global("torch._utils", "_rebuild_parameter");
    p.Mark().Tensor("BFloat16Storage", "2", 4, 0, {2, 2}, {2, 1}).Op(0x89).OrderedDict().Tuple();
    p.Op('R');
    p.Str("ids").Tensor("LongStorage", "3", 3, 0, {3}, {1});
    p.Str("scalar").Tensor("FloatStorage", "0", 10, 9, {}, {});
    p.Op('u');
    // BUILD: {'_metadata': OrderedDict()} on the state_dict, as nn.Module.state_dict() does.
    p.Op('}').Str("_metadata").OrderedDict().Op('s').Op('b');
    p.Stop();
    return p.bytes();
  }

  std::vector<ZipEntrySpec> Entries() const {
    return {
        {"archive/data.pkl", Pickle()},       {"archive/byteorder", {'l', 'i', 't', 't', 'l', 'e'}},
        {"archive/data/0", RawBytes(shared)}, {"archive/data/1", RawBytes(half)},
        {"archive/data/2", RawBytes(bf16)},   {"archive/data/3", RawBytes(ids)},
        {"archive/version", {'3', '\n'}}};
  }
};

TEST(TorchZipTest, ReadsStateDict) {
  for (bool zip64 : {false, true}) {
    ValidArchive v;
    auto r = Parse(MakeZip(v.Entries(), zip64));
    ASSERT_TRUE(r.ok()) << r.status().ToString();
    EXPECT_EQ(r->format, "torch");
    ASSERT_EQ(r->tensors.size(), 6u);
    EXPECT_EQ(r->tensors[0].name, "a.weight");  // dict order is kept
    const TensorInfo* a = r->Find("a.weight");
    EXPECT_EQ(a->dtype, DType::kF32);
    EXPECT_EQ(a->shape, (std::vector<uint64_t>{2, 2}));
    EXPECT_EQ(Decode(*a), (std::vector<float>{0, 1, 2, 3}));
    EXPECT_EQ(a->offset % 64, 0u);  // storages are 64-byte aligned in the archive
    EXPECT_EQ(Decode(*r->Find("b.weight")), (std::vector<float>{4, 5, 6, 7, 8, 9}));
    EXPECT_EQ(Decode(*r->Find("h")), (std::vector<float>{1, -2, 0.5f, 65504}));
    EXPECT_EQ(r->Find("bf")->dtype, DType::kBF16);
    EXPECT_EQ(Decode(*r->Find("bf")), (std::vector<float>{1, 3, -0.5f, 0}));
    EXPECT_EQ(r->Find("ids")->dtype, DType::kI64);
    EXPECT_EQ(Decode(*r->Find("ids")), (std::vector<float>{-1, 7, 1099511627776.0f}));
    EXPECT_EQ(r->Find("scalar")->shape.size(), 0u);
    EXPECT_EQ(Decode(*r->Find("scalar")), (std::vector<float>{9}));
  }
}

TEST(TorchZipTest, ReadsFromDiskThroughOpenTorchZip) {
  const std::string path = testing::TempDir("torch") + "/pytorch_model.bin";
  testing::WriteFile(path, MakeZip(ValidArchive().Entries()));
  auto r = OpenTorchZip(path);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->files, std::vector<std::string>{path});
  EXPECT_EQ(r->tensors.size(), 6u);
}

// The classic attack: GLOBAL posix.system + REDUCE with a shell command. It must be refused at
// the GLOBAL, naming it and its offset, and the command must not run.
TEST(TorchZipTest, RefusesOsSystemViaGlobal) {
  const std::string marker = testing::TempDir("pwn") + "/pwned";
  PickleBuilder p;
  const size_t at = p.pos();
  p.Global("posix", "system").Mark().Str("touch " + marker).Tuple().Op('R').Stop();
  auto r = Parse(MakeZip({{"archive/data.pkl", p.bytes()}}));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), Status::Code::kRefused);
  const std::string& m = r.status().message();
  EXPECT_NE(m.find("'posix.system'"), std::string::npos) << m;
  EXPECT_NE(m.find("m.bin: archive/data.pkl: offset " + std::to_string(at) + ":"),
            std::string::npos)
      << m;
  EXPECT_FALSE(std::filesystem::exists(marker));
}

TEST(TorchZipTest, RefusesEvalViaStackGlobal) {
  PickleBuilder p;
  p.Str("builtins").Str("eval");
  const size_t at = p.pos();
  p.Op(0x93).Mark().Str("__import__('os').system('true')").Tuple().Op('R').Stop();
  auto r = Parse(MakeZip({{"archive/data.pkl", p.bytes()}}));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), Status::Code::kRefused);
  EXPECT_NE(r.status().message().find("'builtins.eval'"), std::string::npos);
  EXPECT_NE(r.status().message().find("offset " + std::to_string(at) + ":"), std::string::npos);
}

TEST(TorchZipTest, RefusesCodeOpcodesAndMisuse) {
  struct Case {
    const char* what;
    std::vector<uint8_t> pickle;
  };
  std::vector<Case> cases;
  {
    PickleBuilder p;  // os.system inside a state_dict value
    p.OrderedDict()
        .Mark()
        .Str("w")
        .Global("os", "system")
        .Str("id")
        .Op(0x85)
        .Op('R')
        .Op('u')
        .Stop();
    cases.push_back({"'os.system'", p.bytes()});
  }
  {
    PickleBuilder p;  // INST
    p.Mark().Op('i');
    for (char c : std::string("os\nsystem\n")) p.Byte(static_cast<uint8_t>(c));
    cases.push_back({"INST", p.bytes()});
  }
  {
    PickleBuilder p;  // OBJ
    p.Mark().Global("collections", "OrderedDict").Op('o').Stop();
    cases.push_back({"OBJ", p.bytes()});
  }
  {
    PickleBuilder p;  // NEWOBJ on an allowlisted class is still instantiation by class
    p.Global("collections", "OrderedDict").Op(')').Op(0x81).Stop();
    cases.push_back({"NEWOBJ", p.bytes()});
  }
  {
    PickleBuilder p;  // BUILD on a list: __setstate__ on a non-dict
    p.Op(']').Op('}').Op('b').Stop();
    cases.push_back({"BUILD on a list", p.bytes()});
  }
  {
    PickleBuilder p;  // a storage tag is a dtype, not a callable
    p.Global("torch", "FloatStorage").Op(')').Op('R').Stop();
    cases.push_back({"REDUCE may only call", p.bytes()});
  }
  {
    PickleBuilder p;  // a torch function outside the allowlist
    p.Global("torch", "load").Stop();
    cases.push_back({"'torch.load'", p.bytes()});
  }
  {
    PickleBuilder p;  // persistent id that is not a storage
    p.Str("module").Op('Q').Stop();
    cases.push_back({"persistent id", p.bytes()});
  }
  {
    PickleBuilder p;  // EXT1
    p.Op(0x82).Byte(1).Stop();
    cases.push_back({"EXT", p.bytes()});
  }
  for (const Case& c : cases) {
    auto r = Parse(MakeZip({{"archive/data.pkl", c.pickle}}));
    ASSERT_FALSE(r.ok()) << c.what;
    EXPECT_EQ(r.status().code(), Status::Code::kRefused) << c.what << ": " << r.status().ToString();
    EXPECT_NE(r.status().message().find(c.what), std::string::npos) << r.status().message();
    EXPECT_NE(r.status().message().find("archive/data.pkl: offset "), std::string::npos);
  }
}

TEST(TorchZipTest, RefusesTorchScript) {
  ValidArchive v;
  auto entries = v.Entries();
  entries.push_back({"archive/code/__torch__.py", {'x'}});
  auto r = Parse(MakeZip(entries));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), Status::Code::kRefused);
  EXPECT_NE(r.status().message().find("TorchScript"), std::string::npos);
  entries.pop_back();
  entries.push_back({"archive/constants.pkl", {'.'}});
  EXPECT_EQ(Parse(MakeZip(entries)).status().code(), Status::Code::kRefused);
}

TEST(TorchZipTest, UnsupportedLayouts) {
  {
    PickleBuilder p;  // a transposed view: stride (1, 2) for shape (2, 3)
    p.OrderedDict()
        .Mark()
        .Str("t")
        .Tensor("FloatStorage", "0", 6, 0, {2, 3}, {1, 2})
        .Op('u')
        .Stop();
    auto r = Parse(
        MakeZip({{"archive/data.pkl", p.bytes()}, {"archive/data/0", std::vector<uint8_t>(24)}}));
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.status().code(), Status::Code::kUnsupported);
    EXPECT_NE(r.status().message().find("tensor 't' is not contiguous"), std::string::npos);
  }
  {
    ValidArchive v;
    auto entries = v.Entries();
    entries[1].data = {'b', 'i', 'g'};
    auto r = Parse(MakeZip(entries));
    EXPECT_EQ(r.status().code(), Status::Code::kUnsupported);
    EXPECT_NE(r.status().message().find("big-endian"), std::string::npos);
  }
  {
    ValidArchive v;
    auto entries = v.Entries();
    entries[2].method = 8;  // deflated storage
    auto r = Parse(MakeZip(entries));
    EXPECT_EQ(r.status().code(), Status::Code::kUnsupported);
    EXPECT_NE(r.status().message().find("archive/data/0"), std::string::npos);
  }
}

TEST(TorchZipTest, CorruptArchives) {
  const std::vector<uint8_t> good = MakeZip(ValidArchive().Entries());
  ASSERT_TRUE(Parse(good).ok());
  // Truncated: the end-of-directory record is gone.
  auto r = Parse(std::vector<uint8_t>(good.begin(), good.end() - 10));
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("m.bin: offset "), std::string::npos) << r.status().message();
  EXPECT_NE(r.status().message().find("end-of-central-directory"), std::string::npos);
  // Truncated in the data area: the directory is found but the members overrun.
  std::vector<uint8_t> cut(good.begin(), good.begin() + 200);
  cut.insert(cut.end(), good.end() - 22, good.end());
  EXPECT_FALSE(Parse(cut).ok());
  // Central directory offset beyond the file.
  std::vector<uint8_t> bad = good;
  const size_t eocd = bad.size() - 22;
  bad[eocd + 16] = 0xFF;
  bad[eocd + 17] = 0xFF;
  bad[eocd + 18] = 0xFF;
  bad[eocd + 19] = 0x7F;
  r = Parse(bad);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("offset " + std::to_string(eocd) + ": central directory"),
            std::string::npos)
      << r.status().message();
  // A member's local header offset out of range.
  bad = good;
  uint32_t cd_offset;
  std::memcpy(&cd_offset, &bad[eocd + 16], 4);
  bad[cd_offset + 42] = 0xF0;
  bad[cd_offset + 43] = 0xFF;
  bad[cd_offset + 44] = 0xFF;
  r = Parse(bad);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("local header offset"), std::string::npos)
      << r.status().message();
  // Too many entries for the directory's size.
  bad = good;
  bad[eocd + 8] = 0xFF;
  bad[eocd + 9] = 0x7F;
  bad[eocd + 10] = 0xFF;
  bad[eocd + 11] = 0x7F;
  EXPECT_FALSE(Parse(bad).ok());
  EXPECT_FALSE(Parse({}).ok());
  EXPECT_FALSE(Parse({'P', 'K', 3, 4}).ok());
}

TEST(TorchZipTest, CorruptPickleAndStorage) {
  auto with_pickle = [](const std::vector<uint8_t>& pkl, std::vector<uint8_t> storage) {
    return Parse(MakeZip({{"archive/data.pkl", pkl}, {"archive/data/0", std::move(storage)}}));
  };
  {
    PickleBuilder p;  // storage says 10 floats but holds 8 bytes
    p.OrderedDict().Mark().Str("t").Tensor("FloatStorage", "0", 10, 0, {2}, {1}).Op('u').Stop();
    auto r = with_pickle(p.bytes(), std::vector<uint8_t>(8));
    EXPECT_EQ(r.status().code(), Status::Code::kCorrupt);
    EXPECT_NE(r.status().message().find("holds 8 bytes"), std::string::npos)
        << r.status().message();
  }
  {
    PickleBuilder p;  // view runs past the storage
    p.OrderedDict().Mark().Str("t").Tensor("FloatStorage", "0", 2, 1, {2}, {1}).Op('u').Stop();
    auto r = with_pickle(p.bytes(), std::vector<uint8_t>(8));
    EXPECT_NE(r.status().message().find("overruns storage"), std::string::npos)
        << r.status().message();
  }
  {
    PickleBuilder p;  // storage member missing
    p.OrderedDict().Mark().Str("t").Tensor("FloatStorage", "9", 2, 0, {2}, {1}).Op('u').Stop();
    auto r = with_pickle(p.bytes(), std::vector<uint8_t>(8));
    EXPECT_NE(r.status().message().find("archive/data/9' is missing"), std::string::npos);
  }
  {
    PickleBuilder p;  // offset × numel overflow
    p.OrderedDict()
        .Mark()
        .Str("t")
        .Tensor("FloatStorage", "0", 2, 0, {1ull << 62, 8}, {8, 1})
        .Op('u')
        .Stop();
    EXPECT_FALSE(with_pickle(p.bytes(), std::vector<uint8_t>(8)).ok());
  }
  {
    PickleBuilder p;  // truncated pickle
    p.OrderedDict().Mark().Str("t");
    auto bytes = p.bytes();
    bytes.pop_back();
    auto r = with_pickle(bytes, {});
    EXPECT_EQ(r.status().code(), Status::Code::kCorrupt);
    EXPECT_NE(r.status().message().find("archive/data.pkl: offset "), std::string::npos);
  }
  {
    PickleBuilder p;  // memo read before write
    p.Get(7).Stop();
    EXPECT_NE(with_pickle(p.bytes(), {}).status().message().find("never set"), std::string::npos);
  }
  {
    PickleBuilder p;  // stack underflow
    p.Op('0').Stop();
    EXPECT_NE(with_pickle(p.bytes(), {}).status().message().find("underflow"), std::string::npos);
  }
  {
    PickleBuilder p;  // nested MARKs are bounded
    for (int i = 0; i < 100000; ++i) p.Mark();
    EXPECT_NE(with_pickle(p.bytes(), {}).status().message().find("MARK"), std::string::npos);
  }
  {
    PickleBuilder p;  // a lone tensor is not a state_dict
    p.Tensor("FloatStorage", "0", 2, 0, {2}, {1}).Stop();
    EXPECT_EQ(with_pickle(p.bytes(), std::vector<uint8_t>(8)).status().code(),
              Status::Code::kUnsupported);
  }
  {
    // A dict holding itself under 60 keys: walking it naively would never end.
    PickleBuilder p;
    p.Op('}').Put(0).Mark();
    for (int i = 0; i < 60; ++i) p.Str("k" + std::to_string(i)).Get(0);
    p.Op('u').Stop();
    auto r = with_pickle(p.bytes(), {});
    EXPECT_EQ(r.status().code(), Status::Code::kUnsupported);
    EXPECT_NE(r.status().message().find("same dict appears twice"), std::string::npos);
  }
  EXPECT_FALSE(Parse(MakeZip({{"archive/other", {1}}})).ok());  // no data.pkl
}

// Archives written by an independent writer: Python's own pickle (protocol 2, with its memo,
// BUILD of `_metadata` and _rebuild_parameter) and zipfile, driven by fuzz/make_seeds.py with
// stand-in torch classes.
TEST(TorchZipTest, ReadsArchivesWrittenByPythonPickle) {
  const std::string dir = testing::TempDir("pyseeds");
  const std::string cmd =
      "python3 " + std::string(LINEAGE_SOURCE_DIR) + "/fuzz/make_seeds.py " + dir + " 2>/dev/null";
  if (std::system(cmd.c_str()) != 0) GTEST_SKIP() << "python3 unavailable";
  auto r = OpenTorchZip(dir + "/torch_zip_fuzz/state_dict");
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  ASSERT_EQ(r->tensors.size(), 4u);
  EXPECT_EQ(Decode(*r->Find("embed.weight")), (std::vector<float>{0, 1, 2, 3}));
  EXPECT_EQ(r->Find("embed.weight")->shape, (std::vector<uint64_t>{2, 2}));
  EXPECT_EQ(Decode(*r->Find("norm.weight")), (std::vector<float>{4, 5}));
  EXPECT_EQ(Decode(*r->Find("h")), (std::vector<float>{1, -2}));
  EXPECT_EQ(Decode(*r->Find("ids")), (std::vector<float>{9}));
  auto nested = OpenTorchZip(dir + "/torch_zip_fuzz/nested");
  ASSERT_TRUE(nested.ok()) << nested.status().ToString();
  ASSERT_EQ(nested->tensors.size(), 1u);
  EXPECT_EQ(nested->tensors[0].name, "model.w");
  EXPECT_EQ(Decode(nested->tensors[0]), (std::vector<float>{1, 2}));
  auto evil = OpenTorchZip(dir + "/torch_zip_fuzz/evil");
  EXPECT_EQ(evil.status().code(), Status::Code::kRefused);
  EXPECT_NE(evil.status().message().find("'posix.system'"), std::string::npos);
}

TEST(ZipReaderTest, ListsStoredMembers) {
  auto zip = MakeZip({{"x/a", {1, 2, 3}}, {"x/b", {}}, {"x/c", std::vector<uint8_t>(100, 7)}});
  auto src = MakeMemorySource("z.zip", zip);
  auto r = ReadZipDirectory(*src);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  ASSERT_EQ(r->size(), 3u);
  EXPECT_EQ((*r)[0].name, "x/a");
  EXPECT_EQ((*r)[0].size, 3u);
  EXPECT_EQ(zip[(*r)[0].data_offset + 2], 3);
  EXPECT_EQ((*r)[2].data_offset % 64, 0u);
  EXPECT_EQ(zip[(*r)[2].data_offset + 99], 7);
}

}  // namespace
}  // namespace lineage
