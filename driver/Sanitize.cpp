// sanitizeCommand(): a compile database is untrusted input (DESIGN §6). A
// checked-out repository can ship a compile_commands.json, and scanning it
// must not load code, write files or run anything it names. Flags are
// classified with Clang's own option table, so aliases (--output for -o,
// --write-dependencies for -MD), joined forms (-MJfile, -ofile) and option
// groups are recognised exactly as the driver would see them.

#include "Inputs.h"
#include "Paths.h"
#include "clang/Driver/Options.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Option/Arg.h"
#include "llvm/Option/ArgList.h"
#include "llvm/Option/OptTable.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/StringSaver.h"
#include <algorithm>
#include <atomic>

namespace afalg {

namespace fs = llvm::sys::fs;
namespace path = llvm::sys::path;
namespace opts = clang::driver::options;
using llvm::opt::Option;

/// Driver options that load code, write files, change how the driver
/// itself works, or only matter for code generation and linking. Matching
/// goes through aliases and groups (M_Group: every -M flag).
static const unsigned DeniedDriver[] = {
    // load code
    opts::OPT_fplugin_EQ, opts::OPT_fplugin_arg, opts::OPT_fpass_plugin_EQ,
    opts::OPT_mllvm, opts::OPT_load, opts::OPT_plugin, opts::OPT_add_plugin,
    opts::OPT_plugin_arg,
    // write files or print
    opts::OPT_o, opts::OPT_M_Group, opts::OPT__serialize_diags,
    opts::OPT_save_temps_EQ, opts::OPT_ftime_trace, opts::OPT_ftime_trace_EQ,
    opts::OPT_ftime_report, opts::OPT_ftime_report_EQ,
    opts::OPT_fproc_stat_report, opts::OPT_fproc_stat_report_EQ,
    opts::OPT_fcrash_diagnostics_dir, opts::OPT_fcrash_diagnostics_EQ,
    opts::OPT_gen_reproducer_eq, opts::OPT_fsave_optimization_record,
    opts::OPT_fsave_optimization_record_EQ,
    opts::OPT_foptimization_record_file_EQ, opts::OPT_H, opts::OPT_v,
    opts::OPT__HASH_HASH_HASH, opts::OPT__analyze, opts::OPT_Xanalyzer,
    // modules write a cache; PCHs and module files are serialized ASTs
    // whose reader is not hardened against hostile input
    opts::OPT_fmodules, opts::OPT_fcxx_modules, opts::OPT_fimplicit_modules,
    opts::OPT_fmodules_cache_path, opts::OPT_fmodule_output,
    opts::OPT_fmodule_output_EQ, opts::OPT_fmodules_user_build_path,
    opts::OPT_fmodule_file, opts::OPT_fprebuilt_module_path,
    opts::OPT_include_pch, opts::OPT_fthinlto_index_EQ,
    opts::OPT_fembed_offload_object_EQ,
    // the driver's own configuration: config files hold arbitrary flags
    opts::OPT_config, opts::OPT_config_system_dir_EQ,
    opts::OPT_config_user_dir_EQ, opts::OPT_no_default_config,
    opts::OPT_driver_mode, opts::OPT_B, opts::OPT_resource_dir,
    opts::OPT_internal_Group, opts::OPT_fintegrated_cc1,
    opts::OPT_fno_integrated_cc1,
    // forward arbitrary flags to other tools or targets
    opts::OPT_Xarch__, opts::OPT_Xarch_device, opts::OPT_Xarch_host,
    opts::OPT_Xopenmp_target, opts::OPT_Xopenmp_target_EQ,
    opts::OPT_Xcuda_fatbinary, opts::OPT_Xcuda_ptxas, opts::OPT_Xassembler,
    opts::OPT_Wa_COMMA, opts::OPT_Xoffload_linker,
    // actions and linking: we choose the action (-fsyntax-only)
    opts::OPT_Action_Group, opts::OPT_Link_Group, opts::OPT_pedantic_errors};

/// What cc1 (through -Xclang, -Wp, or -Xpreprocessor) may not be told, in
/// addition to DeniedDriver.
static const unsigned DeniedCC1[] = {opts::OPT_dependency_file,
                                     opts::OPT_dependency_dot,
                                     opts::OPT_header_include_file,
                                     opts::OPT_MT,
                                     opts::OPT_module_dependency_dir,
                                     opts::OPT_diagnostic_log_file,
                                     opts::OPT_diagnostic_serialized_file,
                                     opts::OPT_stats_file,
                                     opts::OPT_chain_include,
                                     opts::OPT_remap_file,
                                     opts::OPT_arcmt_migrate_report_output,
                                     opts::OPT_opt_record_file,
                                     opts::OPT_split_dwarf_output,
                                     opts::OPT_mlink_bitcode_file,
                                     opts::OPT_mlink_builtin_bitcode,
                                     opts::OPT_fcuda_include_gpubinary,
                                     opts::OPT_fopenmp_host_ir_file_path,
                                     opts::OPT_ftest_module_file_extension_EQ,
                                     opts::OPT_fmodules_embed_file_EQ,
                                     opts::OPT_print_stats};

static bool matchesAny(const Option &O, llvm::ArrayRef<unsigned> IDs) {
  for (unsigned ID : IDs)
    if (O.matches(ID))
      return true;
  return false;
}

/// Names that mark a cc1 option as touching files or loading code; a
/// safety net for options newer than the lists above.
static bool riskyName(llvm::StringRef Name) {
  for (const char *W : {"file", "output", "plugin", "load", "dump", "path",
                        "dir", "stats", "trace", "record"})
    if (Name.contains_insensitive(W))
      return true;
  return false;
}

/// matchesAny(O, DeniedDriver), remembered per option: a large database
/// repeats the same few options thousands of times, and each match walks
/// aliases and groups for every entry of the list.
static bool deniedDriverOption(const Option &O) {
  static std::vector<std::atomic<int8_t>> Memo(
      clang::driver::getDriverOptTable().getNumOptions() + 1);
  unsigned ID = O.getID();
  if (ID >= Memo.size())
    return matchesAny(O, DeniedDriver);
  int8_t V = Memo[ID].load(std::memory_order_relaxed);
  if (V == 0) {
    V = matchesAny(O, DeniedDriver) ? 1 : 2;
    Memo[ID].store(V, std::memory_order_relaxed);
  }
  return V == 1;
}

static bool deniedDriver(const llvm::opt::Arg &A) {
  const Option &O = A.getOption();
  llvm::StringRef Name = O.getName();
  return deniedDriverOption(O) || Name.contains("plugin") ||
         Name.starts_with("fprofile") || Name.starts_with("fxray") ||
         Name.starts_with("fsanitize-ignorelist") ||
         Name.starts_with("fsanitize-blacklist") ||
         Name.starts_with("fsanitize-coverage-") ||
         (O.matches(opts::OPT_W_Joined) &&
          llvm::StringRef(A.getValue()).starts_with("error")) ||
         // Options clang does not know make the parse fail ("unknown
         // argument") and cannot change it; GCC-only flags land here.
         O.getKind() == Option::UnknownClass;
}

/// Expands @FILE arguments in place, as the compiler would, but only for
/// files inside the project: a response file elsewhere (@/etc/...) could
/// hold anything and is dropped. Nested files are checked the same way.
static std::vector<std::string>
expandResponseFiles(const std::vector<std::string> &In, llvm::StringRef Root,
                    llvm::StringRef Dir, unsigned Depth = 0) {
  std::vector<std::string> Out;
  for (const std::string &A : In) {
    if (!llvm::StringRef(A).starts_with("@") || A.size() == 1) {
      Out.push_back(A);
      continue;
    }
    std::string File = realAbsolute(llvm::StringRef(A).drop_front(), Dir);
    if (Depth >= 8 || !isInside(File, Root))
      continue;
    auto Buf = llvm::MemoryBuffer::getFile(File, /*IsText=*/true);
    if (!Buf || (*Buf)->getBufferSize() > (1u << 20))
      continue;
    llvm::BumpPtrAllocator Alloc;
    llvm::StringSaver Saver(Alloc);
    llvm::SmallVector<const char *, 32> Toks;
    llvm::cl::TokenizeGNUCommandLine((*Buf)->getBuffer(), Saver, Toks);
    std::vector<std::string> Inner(Toks.begin(), Toks.end());
    for (std::string &T : expandResponseFiles(Inner, Root, Dir, Depth + 1))
      Out.push_back(std::move(T));
  }
  return Out;
}

/// Flags passed through the driver to cc1 (-Xclang V, -Wp,V1,V2,
/// -Xpreprocessor V): V belongs to Owner, the index of the driver token.
struct Passthrough {
  std::vector<std::string> Values;
  std::vector<std::vector<size_t>> Owners; ///< driver tokens of each value
};

/// Marks Drop for every driver token whose cc1 flag is denied. A cc1 flag
/// and its value may come from separate -Xclang tokens; both go together.
static void filterPassthrough(const Passthrough &P, std::vector<bool> &Drop) {
  if (P.Values.empty())
    return;
  std::vector<const char *> Ptrs;
  for (const std::string &V : P.Values)
    Ptrs.push_back(V.c_str());
  llvm::opt::InputArgList List(Ptrs.data(), Ptrs.data() + Ptrs.size());
  const llvm::opt::OptTable &T = clang::driver::getDriverOptTable();
  llvm::opt::Visibility Vis(opts::ClangOption | opts::CC1Option);
  std::vector<std::pair<unsigned, unsigned>> Spans; // of each cc1 flag
  unsigned I = 0;
  while (I < Ptrs.size()) {
    unsigned Start = I;
    std::unique_ptr<llvm::opt::Arg> A = T.ParseOneArg(List, I, Vis);
    bool Deny = !A || I <= Start;
    if (A) {
      const Option &O = A->getOption();
      // A lone value (an input to cc1) or an unknown flag: cannot be judged.
      Deny |= O.getKind() == Option::InputClass ||
              O.getKind() == Option::UnknownClass ||
              matchesAny(O, DeniedDriver) || matchesAny(O, DeniedCC1) ||
              riskyName(O.getName()) || deniedDriver(*A);
    }
    if (I <= Start)
      I = Start + 1;
    I = std::min<unsigned>(I, Ptrs.size());
    Spans.push_back({Start, I});
    if (Deny)
      for (unsigned K = Start; K < I; ++K)
        for (size_t Tok : P.Owners[K])
          Drop[Tok] = true;
  }
  // One driver token (-Wp,A,B) can hold values of two cc1 flags: a flag
  // that lost any of its tokens goes entirely, until nothing changes, so no
  // value is left to be read as another flag's.
  for (bool Changed = true; Changed;) {
    Changed = false;
    for (auto [B, E] : Spans) {
      bool Any = false, All = true;
      for (unsigned K = B; K < E; ++K)
        for (size_t Tok : P.Owners[K]) {
          Any |= Drop[Tok];
          All &= Drop[Tok];
        }
      if (!Any || All)
        continue;
      for (unsigned K = B; K < E; ++K)
        for (size_t Tok : P.Owners[K])
          Drop[Tok] = true;
      Changed = true;
    }
  }
}

std::vector<std::string> sanitizeCommand(const std::vector<std::string> &Cmd,
                                         const std::string &Root,
                                         const std::string &Directory) {
  std::vector<std::string> Out;
  if (Cmd.empty())
    return Out;
  // Never the database's compiler: only its C/C++ mode matters. No config
  // file either: one next to the compiler or in the user's directories
  // would add flags nobody checked.
  llvm::StringRef Driver = path::filename(Cmd[0]);
  Out.push_back(Driver.contains("++") ? "clang++" : "clang");
  Out.push_back("--no-default-config");
  std::vector<std::string> Args = expandResponseFiles(
      std::vector<std::string>(Cmd.begin() + 1, Cmd.end()), Root, Directory);

  std::vector<const char *> Ptrs;
  for (const std::string &A : Args)
    Ptrs.push_back(A.c_str());
  llvm::opt::InputArgList List(Ptrs.data(), Ptrs.data() + Ptrs.size());
  const llvm::opt::OptTable &T = clang::driver::getDriverOptTable();
  llvm::opt::Visibility Vis(opts::ClangOption);
  std::vector<bool> Drop(Args.size(), false);
  Passthrough Xclang, Preproc;
  unsigned I = 0;
  while (I < Ptrs.size()) {
    unsigned Start = I;
    std::unique_ptr<llvm::opt::Arg> A = T.ParseOneArg(List, I, Vis);
    if (I <= Start)
      I = Start + 1;
    if (!A) { // a flag missing its value: nothing to keep
      for (unsigned K = Start; K < Args.size(); ++K)
        Drop[K] = true;
      break;
    }
    const Option &O = A->getOption();
    if (O.matches(opts::OPT_Xclang)) {
      Xclang.Values.push_back(A->getValue());
      Xclang.Owners.push_back({Start, Start + 1});
    } else if (O.matches(opts::OPT_Xpreprocessor) ||
               O.matches(opts::OPT_Wp_COMMA)) {
      for (const char *V : A->getValues()) {
        Preproc.Values.push_back(V);
        Preproc.Owners.push_back({Start, I - 1});
      }
    } else if (O.matches(opts::OPT_ivfsoverlay)) {
      // An overlay remaps files; one from outside the project is not the
      // project's to give.
      if (!isInside(realAbsolute(A->getValue(), Directory), Root))
        for (unsigned K = Start; K < I; ++K)
          Drop[K] = true;
    } else if (deniedDriver(*A)) {
      for (unsigned K = Start; K < I; ++K)
        Drop[K] = true;
    }
  }
  filterPassthrough(Xclang, Drop);
  filterPassthrough(Preproc, Drop);
  for (size_t K = 0; K < Args.size(); ++K)
    if (!Drop[K])
      Out.push_back(Args[K]);
  // A source file must not be able to crash the scan on purpose either.
  for (const char *F :
       {"-fsyntax-only", "-ferror-limit=0", "-w", "-fno-caret-diagnostics",
        "-Wno-error", "-Xclang", "-disable-pragma-debug-crash"})
    Out.push_back(F);
  Out.push_back("-resource-dir=" + clangResourceDir());
  return Out;
}

} // namespace afalg
