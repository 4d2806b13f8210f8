// TorchSharp 0.107's libLibTorchSharp.so was linked against GCC 13's libstdc++, which initialises
// iostreams through this function (version GLIBCXX_3.4.32). Debian 12's libstdc++ (GCC 12) lacks
// it and initialises iostreams through ios_base::Init instead: supply both. See README.md in this folder.
#include <ios>

namespace std
{
void ios_base_library_init() {}
}

static std::ios_base::Init initialise_iostreams;
