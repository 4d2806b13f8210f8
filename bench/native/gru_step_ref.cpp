// Reference for bench/TorchBench: the same GRU training step written directly against libtorch's
// C++ frontend. Usage: gru_step_ref [steps] [threads]. Prints the mean milliseconds per step.
#include <torch/torch.h>
#include <chrono>
#include <cstdio>
#include <cstdlib>

int main(int argc, char** argv) {
  int steps = argc > 1 ? std::atoi(argv[1]) : 20;
  int threads = argc > 2 ? std::atoi(argv[2]) : 0;
  if (threads > 0) torch::set_num_threads(threads);
  torch::manual_seed(7);
  const int64_t batch = 4096, seq = 20, input = 117, hidden = 30;
  torch::nn::GRU gru(torch::nn::GRUOptions(input, hidden).num_layers(2).batch_first(true));
  torch::nn::Linear head(hidden, 1);
  std::vector<torch::Tensor> params = gru->parameters();
  for (auto& p : head->parameters()) params.push_back(p);
  torch::optim::Adam adam(params, torch::optim::AdamOptions(1e-3));
  auto x = torch::randn({batch, seq, input});
  auto y = torch::randn({batch, 1});
  auto step = [&] {
    adam.zero_grad();
    auto out = std::get<0>(gru->forward(x));
    auto pred = head->forward(out.select(1, seq - 1));
    auto loss = torch::mse_loss(pred, y);
    loss.backward();
    adam.step();
  };
  for (int i = 0; i < 3; ++i) step();  // warm-up
  auto t0 = std::chrono::steady_clock::now();
  for (int i = 0; i < steps; ++i) step();
  auto t1 = std::chrono::steady_clock::now();
  double ms = std::chrono::duration<double, std::milli>(t1 - t0).count() / steps;
  std::printf("cpp_gru_step_ms %.3f threads %d\n", ms, torch::get_num_threads());
  return 0;
}
