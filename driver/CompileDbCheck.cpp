// checkCompileDatabase(): Clang's JSONCompilationDatabase reads JSON with
// the YAML parser, which takes 42 for the string "42", accepts a truncated
// file after printing a parse error to stderr, and turns ["cc", 1] into the
// arguments "cc" "1". A database with such an entry then names files the
// scan silently never analyses. This strict pass runs first and names the
// entry and field. It is a streaming (SAX) parse: no recursion, whatever
// the nesting, and no document tree, whatever the size.

#include "Inputs.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/MemoryBuffer.h"
#include <nlohmann/json.hpp>

namespace afalg {

namespace {

using json = nlohmann::json;

/// Follows compile_commands.json's shape: [ {"directory": S, "file": S,
/// "command": S | "arguments": [S...], "output": S, other: any}, ... ].
class Checker : public nlohmann::json_sax<json> {
public:
  std::string Error; ///< the first problem
  size_t Entry = 0;  ///< entries seen

  bool null() override { return scalar("null"); }
  bool boolean(bool) override { return scalar("a boolean"); }
  bool number_integer(number_integer_t) override { return scalar("a number"); }
  bool number_unsigned(number_unsigned_t) override {
    return scalar("a number");
  }
  bool number_float(number_float_t, const string_t &) override {
    return scalar("a number");
  }
  bool binary(binary_t &) override { return scalar("binary data"); }
  bool string(string_t &S) override {
    if (Depth == 3 && InArguments) {
      ++Arguments;
      return true;
    }
    if (Depth == 2) {
      if (Key == "command" && llvm::StringRef(S).trim().empty())
        return fail(where() + "\"command\" is empty");
      return value(true, "a string");
    }
    return scalar("a string");
  }
  bool start_object(std::size_t) override {
    if (Depth == 0)
      return fail("the file must hold an array of entries, not an object");
    if (Depth == 1) {
      Seen = {};
      ++Entry;
    } else if (Depth == 2 && !value(false, "an object")) {
      return false;
    } else if (Depth == 3 && InArguments) {
      return fail(where() + "\"arguments\" must hold strings only");
    }
    ++Depth;
    return true;
  }
  bool key(string_t &K) override {
    if (Depth == 2)
      Key = K;
    return true;
  }
  bool end_object() override {
    if (--Depth == 1) {
      if (!Seen.Directory)
        return fail(where() + "no \"directory\"");
      if (!Seen.File)
        return fail(where() + "no \"file\"");
      if (!Seen.Command)
        return fail(where() + "neither \"command\" nor \"arguments\"");
    }
    return true;
  }
  bool start_array(std::size_t) override {
    if (Depth == 1)
      return fail("entry " + std::to_string(Entry + 1) +
                  " must be an object, not an array");
    if (Depth == 2) {
      if (Key == "arguments") {
        InArguments = true;
        Arguments = 0;
        Seen.Command = true;
      } else if (!value(false, "an array")) {
        return false;
      }
    } else if (Depth == 3 && InArguments) {
      return fail(where() + "\"arguments\" must hold strings only");
    }
    ++Depth;
    return true;
  }
  bool end_array() override {
    if (--Depth == 2) {
      InArguments = false;
      if (Arguments == 0)
        return fail(where() + "\"arguments\" is empty");
    }
    return true;
  }
  bool parse_error(std::size_t Pos, const std::string &,
                   const nlohmann::detail::exception &E) override {
    if (Error.empty())
      Error = "not valid JSON at byte " + std::to_string(Pos) + ": " + E.what();
    return false;
  }

private:
  unsigned Depth = 0;
  std::string Key;
  bool InArguments = false;
  size_t Arguments = 0; ///< strings in the current "arguments"
  struct {
    bool Directory = false, File = false, Command = false;
  } Seen;

  std::string where() const { return "entry " + std::to_string(Entry) + ": "; }
  bool fail(std::string Why) {
    if (Error.empty())
      Error = std::move(Why);
    return false;
  }
  /// A value of Key in an entry; IsString: it is a string.
  bool value(bool IsString, const char *What) {
    bool Known = Key == "directory" || Key == "file" || Key == "command" ||
                 Key == "output" || Key == "arguments";
    if (!Known)
      return true; // other tools' keys are theirs
    if (!IsString)
      return fail(where() + "\"" + Key + "\" must be " +
                  (Key == "arguments" ? "an array of strings" : "a string") +
                  ", not " + What);
    Seen.Directory |= Key == "directory";
    Seen.File |= Key == "file";
    Seen.Command |= Key == "command";
    if (Key == "arguments")
      return fail(where() + "\"arguments\" must be an array, not a string");
    return true;
  }
  bool scalar(const char *What) {
    if (Depth == 0)
      return fail(std::string("the file must hold an array of entries, not ") +
                  What);
    if (Depth == 1)
      return fail("entry " + std::to_string(Entry + 1) +
                  " must be an object, not " + What);
    if (Depth == 2)
      return value(false, What);
    if (Depth == 3 && InArguments)
      return fail(where() + "\"arguments\" must hold strings only, not " +
                  What);
    return true;
  }
};

} // namespace

llvm::Error checkCompileDatabase(const std::string &Path) {
  auto Buf = llvm::MemoryBuffer::getFile(Path, /*IsText=*/true);
  if (!Buf)
    return llvm::createStringError(
        Buf.getError(), "cannot read compile database '%s': %s", Path.c_str(),
        Buf.getError().message().c_str());
  return checkCompileDatabase(Path, (*Buf)->getBuffer());
}

llvm::Error checkCompileDatabase(const std::string &Path,
                                 llvm::StringRef Text) {
  // File names are bytes; the JSON reader wants UTF-8. Repairing the copy
  // it checks keeps the structure, which is all it checks.
  std::string Fixed;
  if (!llvm::json::isUTF8(Text)) {
    Fixed = llvm::json::fixUTF8(Text);
    Text = Fixed;
  }
  Checker C;
  bool Ok = json::sax_parse(Text.begin(), Text.end(), &C,
                            json::input_format_t::json, /*strict=*/true);
  if (Ok && C.Error.empty())
    return llvm::Error::success();
  std::string Why = C.Error.empty() ? "not valid JSON" : C.Error;
  return llvm::createStringError(std::errc::invalid_argument,
                                 "cannot read compile database '%s': %s",
                                 Path.c_str(), Why.c_str());
}

} // namespace afalg
