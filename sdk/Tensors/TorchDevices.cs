using TorchSharp;

namespace AlphaHost.Sdk.Tensors;

/// <summary>The device a run, fit or comparison computes on: `cpu`, `cuda` or `cuda:N` (CLI --device, config "device").</summary>
public static class TorchDevices
{
    /// <summary>Parses a device name and checks the machine has it; a bad name or a missing GPU throws with the reason.</summary>
    public static torch.Device Parse(string name)
    {
        var text = name.Trim().ToLowerInvariant();
        if (text == "cpu") return torch.CPU;
        if (text == "cuda" || text.StartsWith("cuda:", StringComparison.Ordinal))
        {
            int index = 0;
            if (text.Length > 4 && (!int.TryParse(text[5..], out index) || index < 0))
                throw new ArgumentException($"device '{name}': expected cpu, cuda or cuda:N with N a GPU index");
            if (!torch.cuda.is_available())
                throw new ArgumentException($"device '{name}': this machine has no CUDA device (or this build has the CPU libtorch; build with TORCH_BACKEND=cuda)");
            int count = torch.cuda.device_count();
            if (index >= count)
                throw new ArgumentException($"device '{name}': this machine has {count} CUDA device(s), 0 to {count - 1}");
            return new torch.Device(DeviceType.CUDA, index);
        }
        throw new ArgumentException($"device '{name}': expected cpu, cuda or cuda:N");
    }
}
