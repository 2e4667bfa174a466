#include "io/http/retry_policy.h"

#include <gtest/gtest.h>

namespace lineage {

TEST(RetryPolicyTest, RetryableStatuses) {
  EXPECT_TRUE(IsRetryableHttpStatus(429));
  EXPECT_TRUE(IsRetryableHttpStatus(500));
  EXPECT_TRUE(IsRetryableHttpStatus(503));
  EXPECT_FALSE(IsRetryableHttpStatus(401));
  EXPECT_FALSE(IsRetryableHttpStatus(404));
  EXPECT_FALSE(IsRetryableHttpStatus(416));
}

TEST(RetryPolicyTest, ExponentialWithJitterAndCap) {
  EXPECT_DOUBLE_EQ(BackoffSeconds(0, 0.5, 30, 1.0, std::nullopt), 0.5);
  EXPECT_DOUBLE_EQ(BackoffSeconds(0, 0.5, 30, 0.0, std::nullopt), 0.25);
  EXPECT_DOUBLE_EQ(BackoffSeconds(3, 0.5, 30, 1.0, std::nullopt), 4.0);
  EXPECT_DOUBLE_EQ(BackoffSeconds(20, 0.5, 30, 1.0, std::nullopt), 30.0);
  EXPECT_DOUBLE_EQ(BackoffSeconds(1000, 0.5, 30, 1.0, std::nullopt), 30.0);
  EXPECT_DOUBLE_EQ(BackoffSeconds(0, 0.5, 30, 1.0, 7.0), 7.0);  // Retry-After wins when longer
  EXPECT_DOUBLE_EQ(BackoffSeconds(3, 0.5, 30, 1.0, 1.0), 4.0);
}

}  // namespace lineage
