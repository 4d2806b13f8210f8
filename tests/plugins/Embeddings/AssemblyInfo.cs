// libtorch's default random generator is process-wide (as in PyTorch): tests that seed it must not
// interleave with tests drawing from it on other threads.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
