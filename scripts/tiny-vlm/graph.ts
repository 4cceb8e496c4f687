/**
 * A small builder over onnx-proto's protobuf classes: enough to write the tiny random-weight
 * graphs of scripts/make-tiny-vlm-models.ts without Python (the same ops an Optimum export has).
 */
import onnxProto from 'onnx-proto';

const { onnx } = onnxProto;

export const FLOAT = onnx.TensorProto.DataType.FLOAT;
export const FLOAT16 = onnx.TensorProto.DataType.FLOAT16;
export const INT64 = onnx.TensorProto.DataType.INT64;

type Dim = number | string;
type Attribute = number | number[] | { tensor: InstanceType<typeof onnx.TensorProto> };

/** Deterministic weights: the same script writes byte-identical folders every time. */
export function seededNormal(seed: number): () => number {
  let state = seed >>> 0;
  const uniform = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return () => Math.sqrt(-2 * Math.log(uniform() + 1e-12)) * Math.cos(2 * Math.PI * uniform());
}

/** A one-element float tensor, for attributes such as ConstantOfShape's value. */
export function floatConstant(value: number): InstanceType<typeof onnx.TensorProto> {
  return onnx.TensorProto.create({ name: 'value', dims: [1], dataType: FLOAT, rawData: new Uint8Array(new Float32Array([value]).buffer) });
}

function float16Bits(value: number): number {
  const f32 = new Float32Array([value]);
  const bits = new Uint32Array(f32.buffer)[0]!;
  const sign = (bits >>> 16) & 0x8000;
  const exponent = ((bits >>> 23) & 0xff) - 127 + 15;
  const mantissa = bits & 0x7fffff;
  if (exponent <= 0) return sign;
  if (exponent >= 31) return sign | 0x7c00;
  return sign | (exponent << 10) | (mantissa >>> 13);
}

export class GraphBuilder {
  private readonly nodes: Array<InstanceType<typeof onnx.NodeProto>> = [];
  private readonly initializers: Array<InstanceType<typeof onnx.TensorProto>> = [];
  private readonly inputs: Array<InstanceType<typeof onnx.ValueInfoProto>> = [];
  private readonly outputs: Array<InstanceType<typeof onnx.ValueInfoProto>> = [];
  private counter = 0;

  /** `storeAs16`: weights kept as float16 and cast up in the graph (the `_fp16` file variant). */
  constructor(
    private readonly name: string,
    private readonly storeAs16 = false,
  ) {}

  input(name: string, elemType: number, dims: Dim[]): string {
    this.inputs.push(valueInfo(name, elemType, dims));
    return name;
  }

  output(name: string, elemType: number, dims: Dim[]): void {
    this.outputs.push(valueInfo(name, elemType, dims));
  }

  /** A random weight, N(0, scale²). */
  weight(dims: number[], random: () => number, scale: number): string {
    const values = new Float32Array(dims.reduce((a, b) => a * b, 1));
    for (let i = 0; i < values.length; i++) values[i] = random() * scale;
    return this.floats(dims, values);
  }

  floats(dims: number[], values: Float32Array): string {
    const name = `w${this.counter++}`;
    if (!this.storeAs16) {
      this.initializers.push(onnx.TensorProto.create({ name, dims, dataType: FLOAT, rawData: new Uint8Array(values.buffer.slice(0)) }));
      return name;
    }
    const halves = Uint16Array.from(values, float16Bits);
    this.initializers.push(onnx.TensorProto.create({ name: `${name}_f16`, dims, dataType: FLOAT16, rawData: new Uint8Array(halves.buffer) }));
    return this.op('Cast', [`${name}_f16`], { to: FLOAT });
  }

  ints(values: number[]): string {
    const name = `c${this.counter++}`;
    this.initializers.push(
      onnx.TensorProto.create({ name, dims: [values.length], dataType: INT64, rawData: new Uint8Array(BigInt64Array.from(values, BigInt).buffer) }),
    );
    return name;
  }

  scalar(value: number): string {
    const name = `s${this.counter++}`;
    this.initializers.push(onnx.TensorProto.create({ name, dims: [], dataType: FLOAT, rawData: new Uint8Array(new Float32Array([value]).buffer) }));
    return name;
  }

  /** Adds one node and returns its (first) output name; `output` names it, else a fresh name. */
  op(opType: string, inputs: string[], attributes: Record<string, Attribute> = {}, output?: string): string {
    const out = output ?? `t${this.counter++}`;
    this.nodes.push(
      onnx.NodeProto.create({
        opType,
        input: inputs,
        output: [out],
        attribute: Object.entries(attributes).map(([name, value]) => attribute(name, value)),
      }),
    );
    return out;
  }

  encode(): Uint8Array {
    const model = onnx.ModelProto.create({
      irVersion: 8,
      producerName: 'vlm-workbench scripts/make-tiny-vlm-models.ts',
      opsetImport: [{ domain: '', version: 14 }],
      graph: onnx.GraphProto.create({ name: this.name, node: this.nodes, initializer: this.initializers, input: this.inputs, output: this.outputs }),
    });
    return onnx.ModelProto.encode(model).finish();
  }
}

function attribute(name: string, value: Attribute): InstanceType<typeof onnx.AttributeProto> {
  const types = onnx.AttributeProto.AttributeType;
  if (typeof value === 'number') return onnx.AttributeProto.create({ name, type: types.INT, i: value });
  if (Array.isArray(value)) return onnx.AttributeProto.create({ name, type: types.INTS, ints: value });
  return onnx.AttributeProto.create({ name, type: types.TENSOR, t: value.tensor });
}

function valueInfo(name: string, elemType: number, dims: Dim[]): InstanceType<typeof onnx.ValueInfoProto> {
  return onnx.ValueInfoProto.create({
    name,
    type: { tensorType: { elemType, shape: { dim: dims.map((dim) => (typeof dim === 'number' ? { dimValue: dim } : { dimParam: dim })) } } },
  });
}
