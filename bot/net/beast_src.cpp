// The one translation unit that compiles Asio's, Asio SSL's and Beast's non-template code. fanbase_net defines
// BOOST_ASIO_SEPARATE_COMPILATION and BOOST_BEAST_SEPARATE_COMPILATION as PUBLIC compile definitions, so every user
// of these headers declares that code instead of compiling it again, and links it from here.
#include <boost/asio/impl/src.hpp>
#include <boost/asio/ssl/impl/src.hpp>
#include <boost/beast/src.hpp>
