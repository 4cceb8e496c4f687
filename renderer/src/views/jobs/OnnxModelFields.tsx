/** The in-process ONNX model's settings in the evaluation form (README: "Run a model in-process"). */
export interface OnnxModelSettings {
  modelDir: string;
  dtype: OnnxDtypeName;
  device: 'auto' | 'cpu' | 'cuda';
}

/** The dtypes the core accepts (contract.ts): each picks onnx/<part>_<suffix>.onnx in the folder. */
export const ONNX_DTYPE_NAMES = ['fp32', 'fp16', 'int8', 'uint8', 'q8', 'q4', 'q4f16', 'bnb4'] as const;
export type OnnxDtypeName = (typeof ONNX_DTYPE_NAMES)[number];

export const DEFAULT_ONNX_SETTINGS: OnnxModelSettings = { modelDir: '', dtype: 'fp32', device: 'auto' };

export function OnnxModelFields({ value, onChange }: { value: OnnxModelSettings; onChange: (next: OnnxModelSettings) => void }) {
  return (
    <>
      <label className="wide">
        Model folder (on the machine running the core)
        <input
          value={value.modelDir}
          onChange={(e) => onChange({ ...value, modelDir: e.target.value })}
          placeholder="/models/SmolVLM-256M-Instruct (config.json, tokenizer.json, onnx/…)"
          aria-label="ONNX model folder"
          required
          spellCheck={false}
        />
      </label>
      <label>
        Weights (dtype)
        <select value={value.dtype} onChange={(e) => onChange({ ...value, dtype: e.target.value as OnnxDtypeName })} aria-label="ONNX dtype">
          {ONNX_DTYPE_NAMES.map((dtype) => (
            <option key={dtype} value={dtype}>
              {dtype}
            </option>
          ))}
        </select>
      </label>
      <label>
        Device
        <select value={value.device} onChange={(e) => onChange({ ...value, device: e.target.value as OnnxModelSettings['device'] })} aria-label="ONNX device">
          <option value="auto">auto (CUDA if installed, else CPU; recorded on the run)</option>
          <option value="cpu">CPU</option>
          <option value="cuda">CUDA</option>
        </select>
      </label>
    </>
  );
}
