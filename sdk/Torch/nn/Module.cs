namespace AlphaHost.Torch;

public static partial class nn
{
    /// <summary>A module whose forward takes one tensor and returns one (what Sequential chains).</summary>
    public interface IForward
    {
        Tensor Forward(Tensor input);
    }

    /// <summary>
    /// Base of every layer and model, as torch.nn.Module: named parameters and buffers, sub-modules,
    /// train/eval mode, state dicts, save/load. Parameters and buffers live outside dispose scopes
    /// and are freed when the module is disposed.
    /// </summary>
    public abstract class Module : IDisposable
    {
        private readonly Dictionary<string, Tensor> parameters = new();
        private readonly Dictionary<string, Tensor> buffers = new();
        private readonly Dictionary<string, Module> modules = new();
        private readonly List<string> parameterOrder = new();
        private readonly List<string> bufferOrder = new();
        private readonly List<string> moduleOrder = new();

        public bool Training { get; private set; } = true;

        protected Tensor RegisterParameter(string name, Tensor value)
        {
            var p = value.Detach().DetachFromDisposeScope().RequiresGrad_();
            value.Dispose();
            if (!parameters.ContainsKey(name)) parameterOrder.Add(name);
            else parameters[name].Dispose();
            parameters[name] = p;
            return p;
        }

        protected Tensor RegisterBuffer(string name, Tensor value)
        {
            value.DetachFromDisposeScope();
            if (!buffers.ContainsKey(name)) bufferOrder.Add(name);
            else buffers[name].Dispose();
            buffers[name] = value;
            return value;
        }

        protected T RegisterModule<T>(string name, T module) where T : Module
        {
            if (!modules.ContainsKey(name)) moduleOrder.Add(name);
            modules[name] = module;
            return module;
        }

        /// <summary>This module's own parameter by name (after a dtype/device move, the moved tensor).</summary>
        protected Tensor Param(string name) => parameters[name];
        protected Tensor? OptionalParam(string name) => parameters.GetValueOrDefault(name);
        protected Tensor Buffer(string name) => buffers[name];

        public IEnumerable<(string Name, Tensor Tensor)> NamedParameters(string prefix = "")
        {
            foreach (var n in parameterOrder) yield return (prefix + n, parameters[n]);
            foreach (var m in moduleOrder)
                foreach (var p in modules[m].NamedParameters($"{prefix}{m}."))
                    yield return p;
        }

        public IEnumerable<(string Name, Tensor Tensor)> NamedBuffers(string prefix = "")
        {
            foreach (var n in bufferOrder) yield return (prefix + n, buffers[n]);
            foreach (var m in moduleOrder)
                foreach (var b in modules[m].NamedBuffers($"{prefix}{m}."))
                    yield return b;
        }

        public IEnumerable<(string Name, Module Module)> NamedChildren() => moduleOrder.Select(n => (n, modules[n]));

        public IReadOnlyList<Tensor> Parameters() => NamedParameters().Select(p => p.Tensor).ToList();

        public long ParameterCount() => Parameters().Sum(p => p.Numel);

        /// <summary>Parameters and buffers by dotted name (as PyTorch's state_dict). The tensors are the module's own.</summary>
        public Dictionary<string, Tensor> StateDict()
        {
            var state = new Dictionary<string, Tensor>();
            foreach (var (n, t) in NamedParameters()) state[n] = t;
            foreach (var (n, t) in NamedBuffers()) state[n] = t;
            return state;
        }

        /// <summary>Copies values in by name; a missing or extra name, or a shape mismatch, is an error naming the key.</summary>
        public void LoadStateDict(IReadOnlyDictionary<string, Tensor> state, bool strict = true)
        {
            var own = StateDict();
            if (strict)
            {
                var missing = own.Keys.Except(state.Keys).ToList();
                var extra = state.Keys.Except(own.Keys).ToList();
                if (missing.Count > 0 || extra.Count > 0)
                    throw new TorchException($"state dict mismatch for {GetType().Name}: missing [{string.Join(", ", missing)}], unexpected [{string.Join(", ", extra)}]");
            }
            using var noGrad = torch.NoGrad();
            foreach (var (name, target) in own)
            {
                if (!state.TryGetValue(name, out var source)) continue;
                if (!source.Shape.SequenceEqual(target.Shape))
                    throw new TorchException($"state '{name}': expected shape [{string.Join(", ", target.Shape)}], got [{string.Join(", ", source.Shape)}]");
                target.Copy_(source);
            }
        }

        /// <summary>Writes the state dict in PyTorch's format (readable with torch.load).</summary>
        public void Save(string path) => torch.Save(path, StateDict());

        public void Load(string path, bool strict = true)
        {
            var state = torch.Load(path);
            try { LoadStateDict(state, strict); }
            finally { foreach (var t in state.Values) t.Dispose(); }
        }

        public virtual Module Train(bool on = true)
        {
            Training = on;
            foreach (var m in modules.Values) m.Train(on);
            return this;
        }

        public Module Eval() => Train(false);

        public void ZeroGrad()
        {
            foreach (var p in Parameters()) p.ZeroGrad();
        }

        /// <summary>Converts floating-point parameters and buffers (e.g. to Float64 for gradcheck).</summary>
        public Module To(ScalarType dtype) => Map(t => t.Dtype is ScalarType.Float32 or ScalarType.Float64 or ScalarType.Float16 ? t.To(dtype) : t.Alias());

        public Module To(Device device) => Map(t => t.To(device));

        private Module Map(Func<Tensor, Tensor> convert)
        {
            using var noGrad = torch.NoGrad();
            foreach (var n in parameterOrder)
            {
                var old = parameters[n];
                using var converted = convert(old);
                parameters[n] = converted.Detach().DetachFromDisposeScope().RequiresGrad_(old.RequiresGrad);
                old.Dispose();
            }
            foreach (var n in bufferOrder)
            {
                var old = buffers[n];
                buffers[n] = convert(old).DetachFromDisposeScope();
                old.Dispose();
            }
            foreach (var m in modules.Values) m.Map(convert);
            return this;
        }

        public virtual void Dispose()
        {
            foreach (var p in parameters.Values) p.Dispose();
            foreach (var b in buffers.Values) b.Dispose();
            foreach (var m in modules.Values) m.Dispose();
            parameters.Clear();
            buffers.Clear();
            GC.SuppressFinalize(this);
        }
    }

    /// <summary>Chains one-tensor modules in order.</summary>
    public sealed class Sequential : Module, IForward
    {
        private readonly List<IForward> layers = new();

        public Sequential(params Module[] children)
        {
            for (int i = 0; i < children.Length; i++)
            {
                if (children[i] is not IForward f) throw new ArgumentException($"{children[i].GetType().Name} does not take one tensor");
                RegisterModule(i.ToString(), children[i]);
                layers.Add(f);
            }
        }

        public Tensor Forward(Tensor input)
        {
            var x = input;
            foreach (var layer in layers) x = layer.Forward(x);
            return x;
        }
    }

    /// <summary>A parameter-free activation as a module, for Sequential.</summary>
    public sealed class Activation(Func<Tensor, Tensor> f) : Module, IForward
    {
        public Tensor Forward(Tensor input) => f(input);
    }

    public static Activation ReLU() => new(x => x.Relu());
    public static Activation Tanh() => new(x => x.Tanh());
    public static Activation Sigmoid() => new(x => x.Sigmoid());
    public static Activation GELU() => new(x => x.Gelu());
}
