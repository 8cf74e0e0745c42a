# How executables link Clang and LLVM.
#
# Debian ships both the shared libclang-cpp/libLLVM and the static
# component archives. Loading and relocating the two shared libraries costs
# about 20 ms of CPU per process start, as much as parsing a small
# translation unit, and the CI lint step often re-runs afalg-scan on a tree
# where one file changed. So the afalg-scan executable links the static
# archives; test programs keep the shared libraries, which link in a
# fraction of the time and disk.
#
# Every afalg_* library links `afalg_clang`; what that resolves to is
# decided per executable by its AFALG_STATIC_CLANG property.
#
# Debian's static clang targets list the shared `LLVM` as their dependency,
# so the archives are named by path here and LLVM comes as components.

# LLVMSupport's link interface names these imported targets.
find_package(ZLIB REQUIRED)
find_package(zstd REQUIRED)

option(AFALG_STATIC_CLANG
  "Link the afalg-scan executable against static Clang/LLVM archives" ON)
# LLVM's headers poison and unpoison BumpPtrAllocator memory when compiled
# with ASan; linked statically, an instrumented inline copy and the
# archive's uninstrumented one mix, and ASan reports use-after-poison in
# Clang's own identifier table. The shared libraries keep them apart.
if(AFALG_SANITIZE AND AFALG_STATIC_CLANG)
  message(STATUS "AFALG_SANITIZE: afalg-scan links the shared Clang/LLVM")
  set(AFALG_STATIC_CLANG OFF)
endif()

set(_afalg_clang_archives
  clangTooling clangToolingCore clangFormat clangToolingInclusions
  clangFrontend clangDriver clangParse clangSema clangAnalysis
  clangSerialization clangEdit clangIndex clangRewrite clangASTMatchers
  clangAST clangAPINotes clangLex clangBasic clangSupport)
set(_afalg_clang_files)
foreach(_lib IN LISTS _afalg_clang_archives)
  if(NOT TARGET ${_lib})
    message(FATAL_ERROR "Clang package lacks the static library ${_lib}")
  endif()
  list(APPEND _afalg_clang_files "$<TARGET_FILE:${_lib}>")
endforeach()
llvm_map_components_to_libnames(_afalg_llvm_static
  Support Option FrontendOpenMP FrontendHLSL FrontendOffloading TargetParser
  Core BinaryFormat MC MCParser ProfileData BitReader BitstreamReader
  Object WindowsDriver Demangle TextAPI)

# The clang archives depend on each other in cycles; one rescanned group
# resolves them whatever their order.
string(REPLACE ";" "," _afalg_clang_group "${_afalg_clang_files}")
set(_afalg_static "$<BOOL:$<TARGET_PROPERTY:AFALG_STATIC_CLANG>>")

add_library(afalg_clang INTERFACE)
target_link_libraries(afalg_clang INTERFACE
  "$<${_afalg_static}:$<LINK_GROUP:RESCAN,${_afalg_clang_group}>>"
  "$<${_afalg_static}:${_afalg_llvm_static}>"
  "$<$<NOT:${_afalg_static}>:clang-cpp;LLVM>")

# Marks an executable as linking the static archives (when enabled).
function(afalg_link_clang_statically target)
  set_target_properties(${target} PROPERTIES
    AFALG_STATIC_CLANG ${AFALG_STATIC_CLANG})
  # LLVMSupport also names libz3, used only by the static analyzer's
  # constraint solver: do not load it at every start when nothing needs it.
  if(AFALG_STATIC_CLANG)
    target_link_options(${target} PRIVATE LINKER:--as-needed)
  endif()
endfunction()
