/**
 * Builds a tiny but real ONNX vision-language model folder (model.onnx, tokenizer.json,
 * config.json, per the contract in main/core/eval/onnx/model-folder.ts) for tests: no weights
 * can be downloaded, so the tests make their own and run them through onnxruntime for real.
 *
 * The model is a bigram table: logits[t] = W[input_ids[t]] + mean(pixel_values) · B.
 * After the prompt's last token ("Assistant:") greedy decoding writes
 *   <think> I look at the picture.</think> \boxed{2}      for a bright image (or none)
 *   <think> I look at the picture.</think> \boxed{3}      for a dark image
 * so the image really flows through preprocessing into the answer. After "<think>" the next
 * two tokens are nearly tied, so sampling at temperature 1 varies while greedy does not.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import onnxProto from 'onnx-proto';

const { onnx } = onnxProto;

const WORDS = ['<unk>', '<eos>', 'Assistant:', '<think>', ' I look', ' at the', ' picture.', '</think>', ' \\boxed{', '2', '3', '}'];
const PRINTABLE = Array.from({ length: 126 - 32 + 1 }, (_, i) => String.fromCharCode(32 + i)).filter((char) => !WORDS.includes(char));
export const TINY_VOCAB: string[] = [...WORDS, ...PRINTABLE, '\n'];
export const TINY_IMAGE_SIZE = 8;
const id = (token: string): number => {
  const index = TINY_VOCAB.indexOf(token);
  if (index < 0) throw new Error(`not in the tiny vocabulary: ${token}`);
  return index;
};

/** The greedy answer for a bright image; `\boxed{3}` for a dark one. */
export const TINY_ANSWER_BRIGHT = '<think> I look at the picture.</think> \\boxed{2}';
export const TINY_ANSWER_DARK = '<think> I look at the picture.</think> \\boxed{3}';

function weights(): { w: Float32Array; b: Float32Array } {
  const v = TINY_VOCAB.length;
  const w = new Float32Array(v * v).fill(-10);
  const set = (from: string, to: string, logit: number): void => {
    w[id(from) * v + id(to)] = logit;
  };
  // Every token not in the chain ends the answer.
  for (let row = 0; row < v; row++) w[row * v + id('<eos>')] = 10;
  const chain: Array<[string, string]> = [
    ['Assistant:', '<think>'],
    [' I look', ' at the'],
    [' at the', ' picture.'],
    [' picture.', '</think>'],
    ['</think>', ' \\boxed{'],
    ['2', '}'],
    ['3', '}'],
  ];
  for (const [from, to] of chain) {
    w[id(from) * v + id('<eos>')] = -10;
    set(from, to, 10);
  }
  // Nearly tied: greedy takes " I look", sampling sometimes skips to " at the".
  w[id('<think>') * v + id('<eos>')] = -10;
  set('<think>', ' I look', 3);
  set('<think>', ' at the', 2.9);
  // The answer is a tie broken by the image's brightness through B.
  w[id(' \\boxed{') * v + id('<eos>')] = -10;
  set(' \\boxed{', '2', 0);
  set(' \\boxed{', '3', 0);
  // "}" ends the answer: its row keeps <eos> at 10.
  const b = new Float32Array(v);
  b[id('2')] = 5;
  b[id('3')] = -5;
  return { w, b };
}

function tensor(name: string, dims: number[], data: Float32Array): InstanceType<typeof onnx.TensorProto> {
  return onnx.TensorProto.create({ name, dims, dataType: onnx.TensorProto.DataType.FLOAT, rawData: new Uint8Array(data.buffer.slice(0)) });
}

function valueInfo(name: string, elemType: number, dims: Array<number | string>): InstanceType<typeof onnx.ValueInfoProto> {
  return onnx.ValueInfoProto.create({
    name,
    type: { tensorType: { elemType, shape: { dim: dims.map((dim) => (typeof dim === 'number' ? { dimValue: dim } : { dimParam: dim })) } } },
  });
}

/** The ONNX graph as protobuf bytes; `vision: false` leaves out pixel_values (a text-only model). */
export function tinyModelBytes(options: { vision?: boolean } = {}): Uint8Array {
  const vision = options.vision !== false;
  const v = TINY_VOCAB.length;
  const { w, b } = weights();
  const FLOAT = onnx.TensorProto.DataType.FLOAT;
  const INT64 = onnx.TensorProto.DataType.INT64;
  const nodes = [
    onnx.NodeProto.create({
      opType: 'Gather',
      input: ['W', 'input_ids'],
      output: [vision ? 'rows' : 'logits'],
      attribute: [{ name: 'axis', type: onnx.AttributeProto.AttributeType.INT, i: 0 }],
    }),
  ];
  if (vision) {
    nodes.push(
      onnx.NodeProto.create({
        opType: 'ReduceMean',
        input: ['pixel_values'],
        output: ['brightness'],
        attribute: [{ name: 'keepdims', type: onnx.AttributeProto.AttributeType.INT, i: 0 }],
      }),
      onnx.NodeProto.create({ opType: 'Mul', input: ['brightness', 'B'], output: ['shift'] }),
      onnx.NodeProto.create({ opType: 'Add', input: ['rows', 'shift'], output: ['logits'] }),
    );
  }
  const graph = onnx.GraphProto.create({
    name: 'tiny-vlm',
    node: nodes,
    initializer: [tensor('W', [v, v], w), ...(vision ? [tensor('B', [v], b)] : [])],
    input: [valueInfo('input_ids', INT64, [1, 'T']), ...(vision ? [valueInfo('pixel_values', FLOAT, [1, 3, TINY_IMAGE_SIZE, TINY_IMAGE_SIZE])] : [])],
    output: [valueInfo('logits', FLOAT, [1, 'T', v])],
  });
  const model = onnx.ModelProto.create({
    irVersion: 8,
    producerName: 'vlm-workbench tests',
    opsetImport: [{ domain: '', version: 13 }],
    graph,
  });
  return onnx.ModelProto.encode(model).finish();
}

/** Writes the whole model folder into `dir` and returns it. */
export function writeTinyModelFolder(dir: string, options: { vision?: boolean } = {}): string {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'model.onnx'), tinyModelBytes(options));
  writeFileSync(join(dir, 'tokenizer.json'), JSON.stringify({ vocab: Object.fromEntries(TINY_VOCAB.map((token, index) => [token, index])), unk_token: '<unk>' }));
  writeFileSync(
    join(dir, 'config.json'),
    JSON.stringify({
      eos_token_id: id('<eos>'),
      ...(options.vision !== false ? { image_size: TINY_IMAGE_SIZE, image_mean: [0.5, 0.5, 0.5], image_std: [0.5, 0.5, 0.5] } : {}),
      max_length: 4096,
    }),
  );
  return dir;
}
