// The HTTP client without a server: what it does when nothing answers. Protocol behaviour against
// real servers is covered by the end-to-end tests (nginx and the fault-injection server).
#include "io/http/client.h"

#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

namespace lineage {
namespace {

// A loopback port with nothing listening: bound, never listened on, so connections are refused.
struct ClosedPort {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  int port = 0;
  ClosedPort() {
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof a;
    if (::bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0 &&
        ::getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len) == 0) {
      port = ntohs(a.sin_port);
    }
  }
  ~ClosedPort() { ::close(fd); }
};

}  // namespace

TEST(HttpClientTest, RefusesAnEndpointThatIsNotHttp) {
  HttpClientOptions o;
  o.endpoint = "ftp://example.com";
  auto c = HttpClient::Create(o);
  ASSERT_FALSE(c.ok());
  EXPECT_EQ(c.status().code(), Status::Code::kInvalidArgument);
}

TEST(HttpClientTest, RetriesConnectionErrorsThenNamesTheUrlNotTheToken) {
  ClosedPort closed;
  ASSERT_NE(closed.port, 0);
  HttpClientOptions o;
  o.endpoint = "http://127.0.0.1:" + std::to_string(closed.port);
  o.token = "hf_supersecret";
  o.max_retries = 2;
  o.backoff_initial_s = 0.001;
  auto c = HttpClient::Create(o);
  ASSERT_TRUE(c.ok()) << c.status().ToString();
  ReadStats stats;
  const std::string url = o.endpoint + "/org/name/resolve/main/config.json";
  auto r = (*c)->GetWhole(url, 1024, stats);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), Status::Code::kNetwork);
  EXPECT_NE(r.status().message().find(url), std::string::npos) << r.status().message();
  EXPECT_NE(r.status().message().find("after 2 retries"), std::string::npos);
  EXPECT_EQ(r.status().message().find("supersecret"), std::string::npos);
  EXPECT_EQ(stats.requests.load(), 3u);  // the first try and two retries
  std::vector<uint8_t> out(10);
  auto range = (*c)->GetRange(url, 0, out, stats);
  EXPECT_EQ(range.status().code(), Status::Code::kNetwork);
  EXPECT_EQ((*c)->GetRange("not a url", 0, out, stats).status().code(),
            Status::Code::kInvalidArgument);
}

}  // namespace lineage
