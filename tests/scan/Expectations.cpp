#include "Expectations.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringRef.h"
#include <map>

namespace afalg {

static std::vector<std::string> splitItems(llvm::StringRef S) {
  // Commas inside {{...}} belong to algorithm names (rfc7539(a,b)).
  std::vector<std::string> Items;
  std::string Cur;
  int Braces = 0;
  for (char C : S) {
    if (C == '{')
      ++Braces;
    else if (C == '}')
      --Braces;
    if (C == ',' && Braces == 0) {
      Items.push_back(llvm::StringRef(Cur).trim().str());
      Cur.clear();
    } else {
      Cur += C;
    }
  }
  if (!llvm::StringRef(Cur).trim().empty())
    Items.push_back(llvm::StringRef(Cur).trim().str());
  return Items;
}

static bool parseItem(llvm::StringRef Item, Expectation &E, std::string &Err) {
  auto [Rule, Rest] = Item.split(' ');
  E.Rule = Rule.str();
  if (!ruleFromName(E.Rule)) {
    Err = "unknown rule '" + E.Rule + "'";
    return false;
  }
  Rest = Rest.trim();
  while (!Rest.empty()) {
    if (Rest.consume_front("{{")) {
      size_t End = Rest.find("}}");
      if (End == llvm::StringRef::npos) {
        Err = "unterminated {{";
        return false;
      }
      auto [Type, Name] = Rest.substr(0, End).trim().split(' ');
      E.Alg = Algorithm{Type.str(), Name.trim().str()};
      Rest = Rest.substr(End + 2).trim();
    } else if (Rest.consume_front("[")) {
      size_t End = Rest.find(']');
      llvm::StringRef Tag = Rest.substr(0, End);
      if (Tag == "low")
        E.Conf = Confidence::Low;
      else if (Tag == "medium")
        E.Conf = Confidence::Medium;
      else if (Tag == "high")
        E.Conf = Confidence::High;
      else if (Tag == "flow")
        E.Flow = true;
      else {
        Err = "unknown tag [" + Tag.str() + "]";
        return false;
      }
      Rest = End == llvm::StringRef::npos ? "" : Rest.substr(End + 1).trim();
    } else {
      Err = "unexpected text '" + Rest.str() + "'";
      return false;
    }
  }
  return true;
}

void parseExpectations(const std::string &RelPath, const std::string &Text,
                       ExpectationSet &Out) {
  llvm::SmallVector<llvm::StringRef> Lines;
  llvm::StringRef(Text).split(Lines, '\n');
  for (size_t I = 0; I < Lines.size(); ++I) {
    llvm::StringRef L = Lines[I];
    if (L.contains("// expect-no-findings")) {
      Out.NoFindingFiles.push_back(RelPath);
      continue;
    }
    size_t At = L.find("// expect");
    if (At == llvm::StringRef::npos)
      continue;
    llvm::StringRef A = L.substr(At + 9);
    int Offset = 0;
    if (A.consume_front("@")) {
      int Sign = A.consume_front("-") ? -1 : (A.consume_front("+"), 1);
      unsigned N = 0;
      if (A.consumeInteger(10, N)) {
        Out.Errors.push_back(RelPath + ":" + std::to_string(I + 1) +
                             ": bad expect@ offset");
        continue;
      }
      Offset = Sign * static_cast<int>(N);
    }
    if (!A.consume_front(":"))
      continue; // prose that mentions "// expect"
    for (const std::string &Item : splitItems(A)) {
      Expectation E;
      E.File = RelPath;
      E.Line = static_cast<unsigned>(static_cast<int>(I) + 1 + Offset);
      std::string Err;
      if (parseItem(Item, E, Err))
        Out.Items.push_back(E);
      else
        Out.Errors.push_back(RelPath + ":" + std::to_string(I + 1) + ": " +
                             Err);
    }
  }
}

std::vector<std::string> compareFindings(const ExpectationSet &Expected,
                                         const std::vector<Finding> &Actual) {
  std::vector<std::string> Diffs = Expected.Errors;
  using Slot = std::tuple<std::string, unsigned, std::string>;
  std::map<Slot, std::vector<const Finding *>> Got;
  for (const Finding &F : Actual)
    Got[{F.Loc.File, F.Loc.Line, ruleName(F.Rule).str()}].push_back(&F);
  auto Where = [](const std::string &F, unsigned L) {
    return F + ":" + std::to_string(L) + ": ";
  };
  for (const Expectation &E : Expected.Items) {
    auto It = Got.find({E.File, E.Line, E.Rule});
    if (It == Got.end() || It->second.empty()) {
      Diffs.push_back(Where(E.File, E.Line) + "missing " + E.Rule);
      continue;
    }
    const Finding *F = It->second.back();
    It->second.pop_back();
    if (E.Alg && !(F->Alg == *E.Alg))
      Diffs.push_back(Where(E.File, E.Line) + E.Rule + ": algorithm is '" +
                      F->Alg.Type + " " + F->Alg.Name + "', expected '" +
                      E.Alg->Type + " " + E.Alg->Name + "'");
    // Active code may come from the AST (high) or, in a file whose parse
    // lost declarations, from tokens (medium); inactive code must be low.
    Confidence Want = E.Conf.value_or(Confidence::High);
    bool ConfOk = Want == Confidence::Low ? F->Conf == Confidence::Low
                                          : F->Conf != Confidence::Low;
    if (!ConfOk)
      Diffs.push_back(Where(E.File, E.Line) + E.Rule + ": confidence is " +
                      confidenceName(F->Conf).str() + ", expected " +
                      confidenceName(Want).str());
  }
  for (auto &[Slot, Left] : Got)
    for (const Finding *F : Left)
      Diffs.push_back(Where(F->Loc.File, F->Loc.Line) + "unexpected " +
                      ruleName(F->Rule).str() + " (" + F->Message + ")");
  return Diffs;
}

} // namespace afalg
