// TrustTestCertificate: makes the next HttpsClient trust tests/data/tls/test_cert.pem. OpenSSL's default verify
// paths read SSL_CERT_FILE when the client is constructed; the previous value comes back at the end of the scope.
// Shared by the net tests (client and server).
#pragma once

#include <cstdlib>
#include <optional>
#include <string>

namespace fanbase::testing {

class TrustTestCertificate {
 public:
  TrustTestCertificate() {
    if (const char* before = std::getenv("SSL_CERT_FILE")) before_ = before;
    setenv("SSL_CERT_FILE", (std::string(FANBASE_TEST_DATA_DIR) + "/tls/test_cert.pem").c_str(), 1);
  }
  ~TrustTestCertificate() {
    if (before_) setenv("SSL_CERT_FILE", before_->c_str(), 1);
    else unsetenv("SSL_CERT_FILE");
  }
  TrustTestCertificate(const TrustTestCertificate&) = delete;
  TrustTestCertificate& operator=(const TrustTestCertificate&) = delete;

 private:
  std::optional<std::string> before_;
};

}  // namespace fanbase::testing
