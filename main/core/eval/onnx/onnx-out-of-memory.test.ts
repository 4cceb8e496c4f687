import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import onnxProto from 'onnx-proto';
import { describe, expect, it } from 'vitest';
import { useTempDir } from '../../../test-support/temp';
import { FatalBackendError } from '../backend';
import { OnnxBackend } from './onnx-backend';

const { onnx } = onnxProto;

/**
 * A decoder that asks onnxruntime for a buffer no machine has (2^37 × prompt floats) at its first
 * step, as a too-large model or context does: a real allocation failure, not a simulated one.
 */
function makeDecoderExhaustMemory(path: string): void {
  const model = onnx.ModelProto.decode(readFileSync(path));
  const graph = model.graph!;
  for (const node of graph.node!) node.output = node.output!.map((name) => (name === 'logits' ? 'logits_before' : name));
  const INT64 = onnx.TensorProto.DataType.INT64;
  graph.initializer!.push(onnx.TensorProto.create({ name: 'scale_up', dims: [2], dataType: INT64, rawData: new Uint8Array(BigInt64Array.from([2n ** 37n, 1n]).buffer) }));
  graph.node!.push(
    // The shape depends on an input, so nothing is allocated (or folded) when the session loads.
    onnx.NodeProto.create({ opType: 'Shape', input: ['attention_mask'], output: ['mask_shape'] }),
    onnx.NodeProto.create({ opType: 'Mul', input: ['mask_shape', 'scale_up'], output: ['huge_shape'] }),
    onnx.NodeProto.create({ opType: 'ConstantOfShape', input: ['huge_shape'], output: ['huge'] }),
    onnx.NodeProto.create({ opType: 'ReduceSum', input: ['huge'], output: ['total'], attribute: [{ name: 'keepdims', type: onnx.AttributeProto.AttributeType.INT, i: 0 }] }),
    onnx.NodeProto.create({ opType: 'Add', input: ['logits_before', 'total'], output: ['logits'] }),
  );
  writeFileSync(path, onnx.ModelProto.encode(model).finish());
}

describe('OnnxBackend out of memory', () => {
  const tempDir = useTempDir();
  it('is a fatal error (the run stops, its questions stay pending) naming the files, the device and what to do', async () => {
    const dir = join(tempDir(), 'tiny-qwen2-vl');
    cpSync(join('e2e', 'fixtures', 'models', 'tiny-qwen2-vl'), dir, { recursive: true });
    makeDecoderExhaustMemory(join(dir, 'onnx', 'decoder_model_merged.onnx'));
    const backend = new OnnxBackend({ modelDir: dir, device: 'cpu' });
    await backend.start();
    try {
      const answer = backend.generate({ messages: [{ role: 'user', content: 'How many cubes?' }], maxTokens: 4, temperature: 0, topP: 1, sampleIndex: 0 }, new AbortController().signal);
      await expect(answer).rejects.toBeInstanceOf(FatalBackendError);
      await expect(answer).rejects.toThrow(
        new RegExp(
          `^out of memory generating with onnx/decoder_model_merged\\.onnx, onnx/embed_tokens\\.onnx, onnx/vision_encoder\\.onnx in ${dir} on CPU, prompt \\d+ tokens: .*Failed to allocate memory.*Lower --max-tokens or pick a smaller --dtype; the run resumes where it stopped\\.$`,
          's',
        ),
      );
    } finally {
      await backend.close();
    }
  });
});
