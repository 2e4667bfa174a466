// Registry URIs (registry/uri.h): which locations are PostgreSQL, and passwords masked in every
// place a libpq URI can hold one.
#include "registry/uri.h"

#include <gtest/gtest.h>

namespace lineage {
namespace {

TEST(RegistryUri, PostgresSchemesOnly) {
  EXPECT_TRUE(IsPostgresUri("postgresql://h/db"));
  EXPECT_TRUE(IsPostgresUri("postgres://u@h:5432/db"));
  EXPECT_TRUE(IsPostgresUri("PostgreSQL://h/db"));
  EXPECT_FALSE(IsPostgresUri("/var/lib/registry.sqlite"));
  EXPECT_FALSE(IsPostgresUri("postgresql.sqlite"));
  EXPECT_FALSE(IsPostgresUri("mysql://u:p@h/db"));
}

TEST(RegistryUri, PasswordsAreMasked) {
  EXPECT_EQ(MaskUriPassword("postgresql://alice:s3cret@db.example:5432/reg"),
            "postgresql://alice:***@db.example:5432/reg");
  EXPECT_EQ(MaskUriPassword("postgres://alice@db/reg"), "postgres://alice@db/reg");
  EXPECT_EQ(MaskUriPassword("postgresql://db/reg?sslmode=require&password=top&user=bob"),
            "postgresql://db/reg?sslmode=require&password=***&user=bob");
  // An '@' inside the password (libpq wants it percent-encoded, users do not always).
  EXPECT_EQ(MaskUriPassword("postgresql://a:p@ss@h/db"), "postgresql://a:***@h/db");
  EXPECT_EQ(MaskUriPassword("postgresql://a:pw@h/db?PASSWORD=x"),
            "postgresql://a:***@h/db?PASSWORD=***");
  EXPECT_EQ(MaskUriPassword("/plain/path.sqlite"), "/plain/path.sqlite");
  // A ':' after the host (the port) is not a password.
  EXPECT_EQ(MaskUriPassword("postgresql://h:5432/db"), "postgresql://h:5432/db");
}

TEST(RegistryUri, PasswordAndScrubbing) {
  EXPECT_EQ(UriPassword("postgresql://a:p%40ss@h/db"), "p@ss");
  EXPECT_EQ(UriPassword("postgresql://h/db?password=q%20r"), "q r");
  EXPECT_EQ(UriPassword("postgresql://a@h/db"), "");
  const std::string uri = "postgresql://a:p%40ss@h/db";
  EXPECT_EQ(ScrubUriPassword("said p@ss and p%40ss", uri), "said *** and ***");
  EXPECT_EQ(ScrubSecret("nothing here", ""), "nothing here");
  EXPECT_EQ(ScrubSecret("aaa", "a"), "*********");
}

}  // namespace
}  // namespace lineage
