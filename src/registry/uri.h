// Registry locations that are URIs (PostgreSQL), and how to print them without their secrets.
//
// Contract: pure string functions, thread-safe. MaskUriPassword never fails: a string that is not
// a URI comes back unchanged; a URI's password (the part after ':' in user:password@, and any
// `password=` query parameter) becomes "***". ScrubSecret removes every occurrence of a secret
// (raw and percent-decoded) from a message, for the text a server or client library returns.
#pragma once

#include <string>

namespace lineage {

// True for `postgresql://...` and `postgres://...` (scheme case-insensitive).
bool IsPostgresUri(const std::string& location);

std::string MaskUriPassword(const std::string& uri);

// The password a URI holds (user:password@ or password=), percent-decoded; empty when none.
std::string UriPassword(const std::string& uri);

// `message` with every occurrence of `secret` replaced by "***" (unchanged when secret is empty).
std::string ScrubSecret(std::string message, const std::string& secret);

// `message` with the URI's password scrubbed in every form the URI holds it (raw, decoded).
std::string ScrubUriPassword(std::string message, const std::string& uri);

}  // namespace lineage
