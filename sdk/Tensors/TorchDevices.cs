using TorchSharp;

namespace AlphaHost.Sdk.Tensors;

/// <summary>The device a run, fit or comparison computes on: `cpu`, `cuda` or `cuda:N` (CLI --device, config "device").</summary>
public static class TorchDevices
{
    /// <summary>Whether the name is spelled cpu, cuda or cuda:N (the machine is not asked).</summary>
    public static bool IsWellFormed(string name) => TryParseName(name, out _, out _);

    /// <summary>Parses a device name and checks the machine has it; a bad name or a missing GPU throws with the reason.</summary>
    public static torch.Device Parse(string name)
    {
        if (!TryParseName(name, out var type, out int index))
            throw new ArgumentException($"device '{name}': expected cpu, cuda or cuda:N with N a GPU index");
        if (type == DeviceType.CPU) return torch.CPU;
        if (!torch.cuda.is_available())
            throw new ArgumentException($"device '{name}': this machine has no CUDA device (or this build has the CPU libtorch; build with TORCH_BACKEND=cuda)");
        int count = torch.cuda.device_count();
        if (index >= count)
            throw new ArgumentException($"device '{name}': this machine has {count} CUDA device(s), 0 to {count - 1}");
        return new torch.Device(DeviceType.CUDA, index);
    }

    private static bool TryParseName(string name, out DeviceType type, out int index)
    {
        var text = name.Trim().ToLowerInvariant();
        (type, index) = (DeviceType.CPU, 0);
        if (text == "cpu") return true;
        type = DeviceType.CUDA;
        if (text == "cuda") return true;
        return text.StartsWith("cuda:", StringComparison.Ordinal) && int.TryParse(text[5..], out index) && index >= 0;
    }
}
