// alphatorch: one flat C ABI over libtorch for the C# binding (sdk/Torch).
//
// Tensors cross as opaque handles (a heap-allocated at::Tensor). Any ATen op is called through the
// boxed dispatcher: C# pushes arguments on a stack, calls an op handle found by name + overload,
// and reads the results back from the same stack. Every entry point catches C++ exceptions and
// leaves the message in a thread-local slot (ath_last_error), so libtorch errors never crash the
// managed process.

#include <ATen/ATen.h>
#include <ATen/Parallel.h>
#include <ATen/core/dispatch/Dispatcher.h>
#include <ATen/core/ivalue.h>
#include <c10/core/GradMode.h>
#include <torch/csrc/autograd/autograd.h>
#include <torch/csrc/jit/serialization/pickle.h>

#include <cstdint>
#include <cstring>
#include <fstream>
#include <string>
#include <vector>

#define ATH_API extern "C" __attribute__((visibility("default")))

using Stack = std::vector<c10::IValue>;

namespace {
thread_local std::string last_error;

void set_error(const char* what) { last_error = what ? what : "unknown error"; }

template <typename F>
int guarded(F&& f) {
  try {
    f();
    return 0;
  } catch (const c10::Error& e) {
    set_error(e.what_without_backtrace());
  } catch (const std::exception& e) {
    set_error(e.what());
  } catch (...) {
    set_error("unknown C++ exception");
  }
  return -1;
}

at::Tensor* wrap(at::Tensor t) { return new at::Tensor(std::move(t)); }

// Kinds of values on a result stack, as the C# side reads them.
enum ValueKind : int32_t {
  kNone = 0, kTensor = 1, kInt = 2, kDouble = 3, kBool = 4, kTensorList = 5, kIntList = 6,
  kDoubleList = 7, kString = 8, kTuple = 9, kScalarType = 10, kOther = 99
};
}  // namespace

// ---------------------------------------------------------------- errors, threads, seed, grad mode
ATH_API const char* ath_last_error() { return last_error.c_str(); }

ATH_API void ath_set_num_threads(int32_t n) { at::set_num_threads(n); }
ATH_API int32_t ath_get_num_threads() { return at::get_num_threads(); }
ATH_API void ath_manual_seed(uint64_t seed) { at::manual_seed(seed); }
ATH_API void ath_set_grad_enabled(int32_t enabled) { c10::GradMode::set_enabled(enabled != 0); }
ATH_API int32_t ath_is_grad_enabled() { return c10::GradMode::is_enabled() ? 1 : 0; }
ATH_API int32_t ath_cuda_is_available() {
  return at::hasCUDA() ? 1 : 0;
}

// ---------------------------------------------------------------- tensor lifetime and data
ATH_API void ath_free(at::Tensor* t) { delete t; }

// Copies `data` (contiguous, row-major, `dtype` = c10::ScalarType code) into a new CPU tensor.
ATH_API at::Tensor* ath_from_data(const void* data, const int64_t* shape, int32_t ndim, int32_t dtype) {
  at::Tensor* out = nullptr;
  guarded([&] {
    auto t = at::empty(c10::IntArrayRef(shape, ndim), at::TensorOptions().dtype(static_cast<c10::ScalarType>(dtype)));
    if (t.numel() > 0) std::memcpy(t.data_ptr(), data, t.nbytes());
    out = wrap(std::move(t));
  });
  return out;
}

ATH_API int32_t ath_ndim(const at::Tensor* t) { return static_cast<int32_t>(t->dim()); }
ATH_API void ath_shape(const at::Tensor* t, int64_t* out) {
  for (int64_t i = 0; i < t->dim(); ++i) out[i] = t->size(i);
}
ATH_API int32_t ath_dtype(const at::Tensor* t) { return static_cast<int32_t>(t->scalar_type()); }
ATH_API int64_t ath_numel(const at::Tensor* t) { return t->numel(); }
ATH_API int32_t ath_device_type(const at::Tensor* t) { return static_cast<int32_t>(t->device().type()); }
ATH_API int32_t ath_defined(const at::Tensor* t) { return t->defined() ? 1 : 0; }

// Copies the tensor's values (moved to CPU, made contiguous) into `dst` of `nbytes` bytes.
ATH_API int32_t ath_copy_to(const at::Tensor* t, void* dst, int64_t nbytes) {
  return guarded([&] {
    auto c = t->detach().to(at::kCPU).contiguous();
    if (static_cast<int64_t>(c.nbytes()) != nbytes)
      throw std::runtime_error("copy_to: destination holds " + std::to_string(nbytes) + " bytes, tensor has " +
                               std::to_string(c.nbytes()));
    if (nbytes > 0) std::memcpy(dst, c.data_ptr(), nbytes);
  });
}

ATH_API at::Tensor* ath_shallow_copy(const at::Tensor* t) { return wrap(*t); }

// ---------------------------------------------------------------- autograd
ATH_API int32_t ath_requires_grad(const at::Tensor* t) { return t->requires_grad() ? 1 : 0; }
ATH_API int32_t ath_set_requires_grad(at::Tensor* t, int32_t on) {
  return guarded([&] { t->set_requires_grad(on != 0); });
}
ATH_API int32_t ath_backward(at::Tensor* t, at::Tensor* grad, int32_t retain_graph) {
  return guarded([&] {
    torch::autograd::backward({*t}, grad ? torch::autograd::variable_list{*grad} : torch::autograd::variable_list{},
                              retain_graph ? c10::optional<bool>(true) : c10::nullopt, false);
  });
}
// Returns nullptr (and no error) when the tensor has no gradient yet.
ATH_API at::Tensor* ath_grad(const at::Tensor* t) {
  const auto& g = t->grad();
  return g.defined() ? wrap(g) : nullptr;
}
ATH_API int32_t ath_zero_grad(at::Tensor* t) {
  return guarded([&] {
    auto& g = t->mutable_grad();
    if (g.defined()) {
      g = at::Tensor();  // as PyTorch's zero_grad(set_to_none=True): frees the buffer
    }
  });
}
ATH_API int32_t ath_set_grad(at::Tensor* t, const at::Tensor* g) {
  return guarded([&] { t->mutable_grad() = g ? *g : at::Tensor(); });
}
ATH_API at::Tensor* ath_detach(const at::Tensor* t) {
  at::Tensor* out = nullptr;
  guarded([&] { out = wrap(t->detach()); });
  return out;
}
ATH_API int32_t ath_is_leaf(const at::Tensor* t) { return t->is_leaf() ? 1 : 0; }

// ---------------------------------------------------------------- boxed dispatcher
ATH_API Stack* ath_stack_new() { return new Stack(); }
ATH_API void ath_stack_free(Stack* s) { delete s; }
ATH_API void ath_stack_clear(Stack* s) { s->clear(); }
ATH_API int32_t ath_stack_size(const Stack* s) { return static_cast<int32_t>(s->size()); }

ATH_API void ath_push_tensor(Stack* s, const at::Tensor* t) { s->emplace_back(*t); }
ATH_API void ath_push_none(Stack* s) { s->emplace_back(); }
ATH_API void ath_push_int(Stack* s, int64_t v) { s->emplace_back(v); }
ATH_API void ath_push_double(Stack* s, double v) { s->emplace_back(v); }
ATH_API void ath_push_bool(Stack* s, int32_t v) { s->emplace_back(v != 0); }
ATH_API void ath_push_string(Stack* s, const char* v) { s->emplace_back(std::string(v)); }
ATH_API void ath_push_scalar_type(Stack* s, int32_t v) { s->emplace_back(static_cast<c10::ScalarType>(v)); }
ATH_API void ath_push_device(Stack* s, int32_t type, int32_t index) {
  s->emplace_back(c10::Device(static_cast<c10::DeviceType>(type), static_cast<c10::DeviceIndex>(index)));
}
ATH_API void ath_push_int_list(Stack* s, const int64_t* v, int32_t n) {
  s->emplace_back(c10::List<int64_t>(std::vector<int64_t>(v, v + n)));
}
ATH_API void ath_push_double_list(Stack* s, const double* v, int32_t n) {
  s->emplace_back(c10::List<double>(std::vector<double>(v, v + n)));
}
ATH_API void ath_push_tensor_list(Stack* s, at::Tensor* const* v, int32_t n) {
  c10::List<at::Tensor> list;
  list.reserve(n);
  for (int32_t i = 0; i < n; ++i) list.push_back(*v[i]);
  s->emplace_back(std::move(list));
}
// A Tensor?[] (as aten::index takes): null entries become None.
ATH_API void ath_push_optional_tensor_list(Stack* s, at::Tensor* const* v, int32_t n) {
  c10::List<c10::optional<at::Tensor>> list;
  list.reserve(n);
  for (int32_t i = 0; i < n; ++i) list.push_back(v[i] ? c10::optional<at::Tensor>(*v[i]) : c10::nullopt);
  s->emplace_back(std::move(list));
}

// Finds an operator once; the handle stays valid for the life of the process.
ATH_API c10::OperatorHandle* ath_find_op(const char* name, const char* overload) {
  c10::OperatorHandle* out = nullptr;
  guarded([&] {
    auto op = c10::Dispatcher::singleton().findSchemaOrThrow(name, overload);
    out = new c10::OperatorHandle(op);
  });
  return out;
}
ATH_API int32_t ath_op_schema(const c10::OperatorHandle* op, char* buffer, int32_t size) {
  std::string text = c10::toString(op->schema());
  if (size > 0) {
    std::strncpy(buffer, text.c_str(), size - 1);
    buffer[size - 1] = 0;
  }
  return static_cast<int32_t>(text.size());
}
// Runs the op on the stack's arguments; on success the stack holds its results.
ATH_API int32_t ath_call(const c10::OperatorHandle* op, Stack* s) {
  return guarded([&] { op->callBoxed(s); });
}

// ---------------------------------------------------------------- reading results
namespace {
int32_t kind_of(const c10::IValue& v) {
  if (v.isNone()) return kNone;
  if (v.isTensor()) return kTensor;
  if (v.isInt()) return kInt;
  if (v.isDouble()) return kDouble;
  if (v.isBool()) return kBool;
  if (v.isTensorList()) return kTensorList;
  if (v.isIntList()) return kIntList;
  if (v.isDoubleList()) return kDoubleList;
  if (v.isString()) return kString;
  if (v.isTuple()) return kTuple;
  return kOther;
}
}  // namespace

ATH_API int32_t ath_stack_kind(const Stack* s, int32_t i) { return kind_of((*s)[i]); }
ATH_API at::Tensor* ath_stack_tensor(const Stack* s, int32_t i) {
  const auto& t = (*s)[i].toTensor();
  return t.defined() ? wrap(t) : nullptr;
}
ATH_API int64_t ath_stack_int(const Stack* s, int32_t i) { return (*s)[i].toInt(); }
ATH_API double ath_stack_double(const Stack* s, int32_t i) { return (*s)[i].toDouble(); }
ATH_API int32_t ath_stack_bool(const Stack* s, int32_t i) { return (*s)[i].toBool() ? 1 : 0; }
ATH_API int32_t ath_stack_list_size(const Stack* s, int32_t i) {
  const auto& v = (*s)[i];
  if (v.isTensorList()) return static_cast<int32_t>(v.toTensorList().size());
  if (v.isIntList()) return static_cast<int32_t>(v.toIntList().size());
  if (v.isDoubleList()) return static_cast<int32_t>(v.toDoubleList().size());
  if (v.isTuple()) return static_cast<int32_t>(v.toTupleRef().elements().size());
  return -1;
}
ATH_API at::Tensor* ath_stack_list_tensor(const Stack* s, int32_t i, int32_t j) {
  const auto& v = (*s)[i];
  at::Tensor t = v.isTuple() ? v.toTupleRef().elements()[j].toTensor() : v.toTensorList().get(j);
  return wrap(std::move(t));
}
ATH_API int64_t ath_stack_list_int(const Stack* s, int32_t i, int32_t j) { return (*s)[i].toIntList().get(j); }
ATH_API double ath_stack_list_double(const Stack* s, int32_t i, int32_t j) { return (*s)[i].toDoubleList().get(j); }

// ---------------------------------------------------------------- save / load
// A named set of tensors, pickled as a Dict[str, Tensor] with libtorch's own zip serializer: the
// file is what torch.save writes, so torch.load in Python returns the dict.
ATH_API int32_t ath_save(const char* path, const char* const* names, at::Tensor* const* tensors, int32_t n) {
  return guarded([&] {
    c10::Dict<std::string, at::Tensor> dict;
    for (int32_t i = 0; i < n; ++i) dict.insert(names[i], tensors[i]->detach().to(at::kCPU));
    std::vector<char> bytes = torch::jit::pickle_save(c10::IValue(dict));
    std::ofstream f(path, std::ios::binary | std::ios::trunc);
    if (!f) throw std::runtime_error(std::string("cannot open for writing: ") + path);
    f.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    if (!f) throw std::runtime_error(std::string("write failed: ") + path);
  });
}

struct LoadedSet {
  std::vector<std::string> names;
  std::vector<at::Tensor> tensors;
};

ATH_API LoadedSet* ath_load(const char* path) {
  LoadedSet* out = nullptr;
  guarded([&] {
    std::ifstream f(path, std::ios::binary);
    if (!f) throw std::runtime_error(std::string("cannot open for reading: ") + path);
    std::vector<char> bytes((std::istreambuf_iterator<char>(f)), std::istreambuf_iterator<char>());
    c10::IValue v = torch::jit::pickle_load(bytes);
    if (!v.isGenericDict()) throw std::runtime_error(std::string("not a dict of tensors: ") + path);
    auto set = std::make_unique<LoadedSet>();
    for (const auto& item : v.toGenericDict()) {
      if (!item.key().isString() || !item.value().isTensor())
        throw std::runtime_error(std::string("dict entry is not str -> Tensor in ") + path);
      set->names.push_back(item.key().toStringRef());
      set->tensors.push_back(item.value().toTensor());
    }
    out = set.release();
  });
  return out;
}
ATH_API int32_t ath_loaded_count(const LoadedSet* s) { return static_cast<int32_t>(s->names.size()); }
ATH_API const char* ath_loaded_name(const LoadedSet* s, int32_t i) { return s->names[i].c_str(); }
ATH_API at::Tensor* ath_loaded_tensor(const LoadedSet* s, int32_t i) { return wrap(s->tensors[i]); }
ATH_API void ath_loaded_free(LoadedSet* s) { delete s; }
