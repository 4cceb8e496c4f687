/**
 * The three graphs of a transformers.js / Optimum image-text-to-text export, tiny and random:
 *   embed_tokens          input_ids → inputs_embeds
 *   vision_encoder        pixel values (per architecture) → image_features
 *   decoder_model_merged  inputs_embeds, attention_mask, position_ids, past_key_values.N.key/value
 *                         → logits, present.N.key/value
 * The decoder is a real pre-norm-free attention decoder (causal + padding mask, sinusoidal
 * positions, residual MLP) so that a KV-cached run and a full recompute agree token for token.
 */
import { FLOAT, floatConstant, GraphBuilder, INT64 } from './graph';

export interface TextShape {
  vocabSize: number;
  hidden: number;
  layers: number;
  /** One head, one key/value head: config.json says so, so the cache shapes line up. */
  headDim: number;
  /**
   * Random weights never learned to stop, nor to keep out of special tokens: a fixed bias does
   * both. End-of-sequence peaks once every `eosPeriod` positions (answers end within that many
   * tokens, as a trained model's do; 0: never ends), the other special tokens are pushed down.
   */
  eosIds: number[];
  otherSpecialIds: number[];
  eosPeriod: number;
}

export function embedTokensGraph(shape: TextShape, random: () => number, fp16: boolean): Uint8Array {
  const g = new GraphBuilder('embed_tokens', fp16);
  const ids = g.input('input_ids', INT64, ['batch_size', 'sequence_length']);
  const table = g.weight([shape.vocabSize, shape.hidden], random, 1);
  g.op('Gather', [table, ids], { axis: 0 }, 'inputs_embeds');
  g.output('inputs_embeds', FLOAT, ['batch_size', 'sequence_length', shape.hidden]);
  return g.encode();
}

/** `mrope`: Qwen2-VL's position_ids [3, batch, seq] (temporal row used here); else [batch, seq]. */
export function decoderGraph(shape: TextShape, random: () => number, fp16: boolean, mrope: boolean): Uint8Array {
  const { hidden, headDim, layers, vocabSize } = shape;
  const g = new GraphBuilder('decoder_model_merged', fp16);
  const embeds = g.input('inputs_embeds', FLOAT, ['batch_size', 'sequence_length', hidden]);
  const mask = g.input('attention_mask', INT64, ['batch_size', 'total_sequence_length']);
  const positionIds = g.input('position_ids', INT64, mrope ? [3, 'batch_size', 'sequence_length'] : ['batch_size', 'sequence_length']);
  const positions2d = mrope ? g.op('Gather', [positionIds, g.ints([0])], { axis: 0 }) : positionIds;
  const positions = mrope ? g.op('Squeeze', [positions2d, g.ints([0])]) : positions2d;
  // Sinusoidal positions: sin(position · frequency) per hidden unit, no table to outgrow.
  const frequencies = Float32Array.from({ length: hidden }, (_, i) => 1 / 10000 ** (i / hidden));
  const angle = g.op('Mul', [g.op('Unsqueeze', [g.op('Cast', [positions], { to: FLOAT }), g.ints([-1])]), g.floats([hidden], frequencies)]);
  let h = g.op('Add', [embeds, g.op('Sin', [angle])]);

  // Additive masks: padding from attention_mask [B, S] → [B, 1, 1, S]; causal [T, S] with the
  // diagonal shifted by the past length S - T (Trilu's k), so cached and uncached runs agree.
  const notAttended = g.op('Sub', [g.scalar(1), g.op('Cast', [mask], { to: FLOAT })]);
  const paddingBias = g.op('Unsqueeze', [g.op('Mul', [notAttended, g.scalar(-1e4)]), g.ints([1, 2])]);
  const queryLength = g.op('Gather', [g.op('Shape', [embeds]), g.ints([1])], { axis: 0 });
  const totalLength = g.op('Gather', [g.op('Shape', [mask]), g.ints([1])], { axis: 0 });
  const pastLength = g.op('Squeeze', [g.op('Sub', [totalLength, queryLength]), g.ints([0])]);
  const ones = g.op('ConstantOfShape', [g.op('Concat', [queryLength, totalLength], { axis: 0 })], {
    value: { tensor: floatConstant(1) },
  });
  const causal = g.op('Trilu', [ones, pastLength], { upper: 0 });
  const causalBias = g.op('Mul', [g.op('Sub', [g.scalar(1), causal]), g.scalar(-1e4)]);
  const bias = g.op('Add', [paddingBias, causalBias]);

  const scale = 1 / Math.sqrt(hidden);
  for (let layer = 0; layer < layers; layer++) {
    const pastKey = g.input(`past_key_values.${layer}.key`, FLOAT, ['batch_size', 1, 'past_sequence_length', headDim]);
    const pastValue = g.input(`past_key_values.${layer}.value`, FLOAT, ['batch_size', 1, 'past_sequence_length', headDim]);
    const project = (): string => g.op('Unsqueeze', [g.op('MatMul', [h, g.weight([hidden, headDim], random, scale)]), g.ints([1])]);
    const query = project();
    const key = g.op('Concat', [pastKey, project()], { axis: 2 }, `present.${layer}.key`);
    const value = g.op('Concat', [pastValue, project()], { axis: 2 }, `present.${layer}.value`);
    g.output(`present.${layer}.key`, FLOAT, ['batch_size', 1, 'total_sequence_length', headDim]);
    g.output(`present.${layer}.value`, FLOAT, ['batch_size', 1, 'total_sequence_length', headDim]);
    const scores = g.op('Mul', [g.op('MatMul', [query, g.op('Transpose', [key], { perm: [0, 1, 3, 2] })]), g.scalar(1 / Math.sqrt(headDim))]);
    const weights = g.op('Softmax', [g.op('Add', [scores, bias])], { axis: -1 });
    const attended = g.op('Squeeze', [g.op('MatMul', [weights, value]), g.ints([1])]);
    h = g.op('Add', [h, g.op('MatMul', [attended, g.weight([headDim, hidden], random, 1 / Math.sqrt(headDim))])]);
    const inner = g.op('Tanh', [g.op('MatMul', [h, g.weight([hidden, 2 * hidden], random, scale)])]);
    h = g.op('Add', [h, g.op('MatMul', [inner, g.weight([2 * hidden, hidden], random, 1 / Math.sqrt(2 * hidden))])]);
  }
  // End-of-sequence rises and falls with the position (period eosPeriod): every answer meets a
  // peak within one period, wherever its prompt ended.
  const eosGain = new Float32Array(vocabSize);
  const offset = new Float32Array(vocabSize);
  for (const id of shape.eosIds) {
    eosGain[id] = shape.eosPeriod > 0 ? 14 : 0;
    offset[id] = shape.eosPeriod > 0 ? -4 : -30;
  }
  for (const id of shape.otherSpecialIds) offset[id] = -30;
  const phase = g.op('Mul', [g.op('Cast', [positions], { to: FLOAT }), g.scalar(shape.eosPeriod > 0 ? (2 * Math.PI) / shape.eosPeriod : 0)]);
  const positionBias = g.op('Mul', [g.op('Unsqueeze', [g.op('Relu', [g.op('Sin', [phase])]), g.ints([-1])]), g.floats([vocabSize], eosGain)]);
  const raw = g.op('MatMul', [h, g.weight([hidden, vocabSize], random, 2 * scale)]);
  g.op('Add', [g.op('Add', [raw, positionBias]), g.floats([vocabSize], offset)], {}, 'logits');
  g.output('logits', FLOAT, ['batch_size', 'sequence_length', vocabSize]);
  return g.encode();
}

/**
 * Qwen2-VL's vision encoder interface: `pixel_values` [patches, 3·t·p·p] as its image processor
 * flattens them (each spatial_merge_size² run of rows is one merged token) and `grid_thw`.
 */
export function qwen2VlVisionGraph(options: { patchDim: number; mergeSize: number; visionHidden: number; hidden: number }, random: () => number, fp16: boolean): Uint8Array {
  const { patchDim, mergeSize, visionHidden, hidden } = options;
  const g = new GraphBuilder('vision_encoder', fp16);
  const pixels = g.input('pixel_values', FLOAT, ['num_patches', patchDim]);
  g.input('grid_thw', INT64, ['num_images', 3]);
  const patches = g.op('Tanh', [g.op('MatMul', [pixels, g.weight([patchDim, visionHidden], random, 1 / Math.sqrt(patchDim))])]);
  const merged = g.op('Reshape', [patches, g.ints([-1, mergeSize * mergeSize * visionHidden])]);
  const groups = mergeSize * mergeSize * visionHidden;
  g.op('MatMul', [merged, g.weight([groups, hidden], random, 1 / Math.sqrt(groups))], {}, 'image_features');
  g.output('image_features', FLOAT, ['num_image_tokens', hidden]);
  return g.encode();
}

/**
 * Idefics3 / SmolVLM's vision encoder interface: `pixel_values` [batch, frames, 3, S, S] with
 * `pixel_attention_mask` [batch, frames, S, S] → `image_features` [frames, image_seq_len, hidden]:
 * S/patch squared patches, pixel-shuffled by `scaleFactor`² into image_seq_len tokens.
 */
export function idefics3VisionGraph(
  options: { imageSize: number; patchSize: number; scaleFactor: number; visionHidden: number; hidden: number },
  random: () => number,
  fp16: boolean,
): Uint8Array {
  const { imageSize, patchSize, scaleFactor, visionHidden, hidden } = options;
  const side = imageSize / patchSize;
  const patchDim = 3 * patchSize * patchSize;
  const g = new GraphBuilder('vision_encoder', fp16);
  const pixels = g.input('pixel_values', FLOAT, ['batch_size', 'num_images', 3, imageSize, imageSize]);
  g.input('pixel_attention_mask', 9 /* BOOL */, ['batch_size', 'num_images', imageSize, imageSize]);
  const grid = g.op('Reshape', [pixels, g.ints([-1, 3, side, patchSize, side, patchSize])]);
  const patches = g.op('Reshape', [g.op('Transpose', [grid], { perm: [0, 2, 4, 1, 3, 5] }), g.ints([-1, side * side, patchDim])]);
  const encoded = g.op('Tanh', [g.op('MatMul', [patches, g.weight([patchDim, visionHidden], random, 1 / Math.sqrt(patchDim))])]);
  const groups = scaleFactor * scaleFactor * visionHidden;
  const shuffled = g.op('Reshape', [encoded, g.ints([-1, (side * side) / (scaleFactor * scaleFactor), groups])]);
  g.op('MatMul', [shuffled, g.weight([groups, hidden], random, 1 / Math.sqrt(groups))], {}, 'image_features');
  g.output('image_features', FLOAT, ['num_frames', (side * side) / (scaleFactor * scaleFactor), hidden]);
  return g.encode();
}
