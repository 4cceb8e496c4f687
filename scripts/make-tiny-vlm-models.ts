/**
 * Writes tiny random-weight vision-language models in the Hugging Face ONNX layout that
 * onnx-community / Optimum exports use and transformers.js loads, one per architecture:
 *
 *   e2e/fixtures/models/tiny-qwen2-vl/   Qwen2VLForConditionalGeneration (chat template in chat_template.json)
 *   e2e/fixtures/models/tiny-smolvlm/    Idefics3ForConditionalGeneration  (chat template in tokenizer_config.json)
 *
 * Each has config.json, generation_config.json, preprocessor_config.json, tokenizer.json,
 * tokenizer_config.json and onnx/{vision_encoder,embed_tokens,decoder_model_merged}{,_fp16}.onnx.
 * No weights can be downloaded here, so the weights are seeded random numbers; the answers are
 * gibberish, but every input, output and config field is the one a real export has.
 *
 *   npx tsx scripts/make-tiny-vlm-models.ts [outDir]
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { seededNormal } from './tiny-vlm/graph';
import { decoderGraph, embedTokensGraph, idefics3VisionGraph, qwen2VlVisionGraph, type TextShape } from './tiny-vlm/graphs';
import { smallBpeTokenizer } from './tiny-vlm/tokenizer';

const BPE_SIZE = 1024;
/** End-of-sequence peaks once every this many positions: answers end within about as many tokens. */
const EOS_PERIOD = 120;
/** A prompt may end at a peak: the generation config (a real field transformers.js applies) holds EOS back a little. */
const MIN_NEW_TOKENS = { min_new_tokens: 12 };
const HIDDEN = 32;
const LAYERS = 2;

const QWEN2_VL_CHAT_TEMPLATE =
  "{% set image_count = namespace(value=0) %}{% set video_count = namespace(value=0) %}{% for message in messages %}{% if loop.first and message['role'] != 'system' %}<|im_start|>system\nYou are a helpful assistant.<|im_end|>\n{% endif %}<|im_start|>{{ message['role'] }}\n{% if message['content'] is string %}{{ message['content'] }}<|im_end|>\n{% else %}{% for content in message['content'] %}{% if content['type'] == 'image' or 'image' in content or 'image_url' in content %}{% set image_count.value = image_count.value + 1 %}{% if add_vision_id %}Picture {{ image_count.value }}: {% endif %}<|vision_start|><|image_pad|><|vision_end|>{% elif content['type'] == 'video' or 'video' in content %}{% set video_count.value = video_count.value + 1 %}{% if add_vision_id %}Video {{ video_count.value }}: {% endif %}<|vision_start|><|video_pad|><|vision_end|>{% elif 'text' in content %}{{ content['text'] }}{% endif %}{% endfor %}<|im_end|>\n{% endif %}{% endfor %}{% if add_generation_prompt %}<|im_start|>assistant\n{% endif %}";

const SMOLVLM_CHAT_TEMPLATE =
  "<|im_start|>{% for message in messages %}{{message['role'] | capitalize}}{% if message['content'][0]['type'] == 'image' %}{{':'}}{% else %}{{': '}}{% endif %}{% for line in message['content'] %}{% if line['type'] == 'text' %}{{line['text']}}{% elif line['type'] == 'image' %}{{ '<image>' }}{% endif %}{% endfor %}<end_of_utterance>\n{% endfor %}{% if add_generation_prompt %}{{ 'Assistant:' }}{% endif %}";

export interface TinyModelOptions {
  /** False: the model never ends on its own (the bench measures 2,048-token answers with it). */
  ends?: boolean;
}

function textShape(specials: string[], ids: Record<string, number>, eosIds: number[], options: TinyModelOptions): Omit<TextShape, 'vocabSize'> {
  return {
    hidden: HIDDEN,
    layers: LAYERS,
    headDim: HIDDEN,
    eosIds,
    otherSpecialIds: specials.map((token) => ids[token]!).filter((id) => !eosIds.includes(id)),
    eosPeriod: options.ends === false ? 0 : EOS_PERIOD,
  };
}

function writeJson(dir: string, name: string, value: unknown): void {
  writeFileSync(join(dir, name), `${JSON.stringify(value, null, 2)}\n`);
}

function writeGraphs(dir: string, build: (fp16: boolean) => Record<string, Uint8Array>): void {
  mkdirSync(join(dir, 'onnx'), { recursive: true });
  for (const fp16 of [false, true]) {
    for (const [name, bytes] of Object.entries(build(fp16))) writeFileSync(join(dir, 'onnx', `${name}${fp16 ? '_fp16' : ''}.onnx`), bytes);
  }
}

export function writeTinyQwen2Vl(dir: string, options: TinyModelOptions = {}): void {
  const specials = ['<|endoftext|>', '<|im_start|>', '<|im_end|>', '<|vision_start|>', '<|vision_end|>', '<|vision_pad|>', '<|image_pad|>', '<|video_pad|>'];
  const { json, ids } = smallBpeTokenizer(BPE_SIZE, specials);
  const eosIds = [ids['<|im_end|>']!, ids['<|endoftext|>']!];
  const shape: TextShape = { ...textShape(specials, ids, eosIds, options), vocabSize: BPE_SIZE + specials.length };
  const vision = { patchSize: 14, temporalPatchSize: 2, mergeSize: 2 };
  mkdirSync(dir, { recursive: true });
  writeJson(dir, 'config.json', {
    architectures: ['Qwen2VLForConditionalGeneration'],
    model_type: 'qwen2_vl',
    hidden_size: HIDDEN,
    intermediate_size: 2 * HIDDEN,
    num_hidden_layers: LAYERS,
    num_attention_heads: 1,
    num_key_value_heads: 1,
    head_dim: HIDDEN,
    vocab_size: shape.vocabSize,
    max_position_embeddings: 32768,
    bos_token_id: ids['<|endoftext|>'],
    eos_token_id: ids['<|im_end|>'],
    vision_start_token_id: ids['<|vision_start|>'],
    vision_end_token_id: ids['<|vision_end|>'],
    vision_token_id: ids['<|vision_pad|>'],
    image_token_id: ids['<|image_pad|>'],
    video_token_id: ids['<|video_pad|>'],
    rope_scaling: { type: 'mrope', mrope_section: [4, 6, 6] },
    vision_config: { depth: 1, embed_dim: 16, hidden_size: HIDDEN, in_chans: 3, spatial_merge_size: vision.mergeSize, patch_size: vision.patchSize, temporal_patch_size: vision.temporalPatchSize },
    torch_dtype: 'float32',
  });
  writeJson(dir, 'generation_config.json', { bos_token_id: ids['<|endoftext|>'], eos_token_id: [ids['<|im_end|>'], ids['<|endoftext|>']], pad_token_id: ids['<|endoftext|>'], ...MIN_NEW_TOKENS });
  const factor = vision.patchSize * vision.mergeSize;
  writeJson(dir, 'preprocessor_config.json', {
    image_processor_type: 'Qwen2VLImageProcessor',
    processor_class: 'Qwen2VLProcessor',
    do_convert_rgb: true,
    do_resize: true,
    resample: 3,
    do_rescale: true,
    rescale_factor: 1 / 255,
    do_normalize: true,
    image_mean: [0.48145466, 0.4578275, 0.40821073],
    image_std: [0.26862954, 0.26130258, 0.27577711],
    // At most 3×3 merged tokens per image: tiny, but smart_resize still decides the grid.
    min_pixels: factor * factor,
    max_pixels: 9 * factor * factor,
    size: { shortest_edge: factor * factor, longest_edge: 9 * factor * factor },
    patch_size: vision.patchSize,
    temporal_patch_size: vision.temporalPatchSize,
    merge_size: vision.mergeSize,
  });
  writeJson(dir, 'tokenizer.json', json);
  writeJson(dir, 'tokenizer_config.json', {
    tokenizer_class: 'Qwen2Tokenizer',
    bos_token: null,
    eos_token: '<|im_end|>',
    pad_token: '<|endoftext|>',
    unk_token: null,
    add_prefix_space: false,
    clean_up_tokenization_spaces: false,
    errors: 'replace',
    model_max_length: 32768,
    split_special_tokens: false,
  });
  writeJson(dir, 'chat_template.json', { chat_template: QWEN2_VL_CHAT_TEMPLATE });
  const patchDim = 3 * vision.temporalPatchSize * vision.patchSize * vision.patchSize;
  writeGraphs(dir, (fp16) => ({
    embed_tokens: embedTokensGraph(shape, seededNormal(11), fp16),
    vision_encoder: qwen2VlVisionGraph({ patchDim, mergeSize: vision.mergeSize, visionHidden: 8, hidden: HIDDEN }, seededNormal(12), fp16),
    decoder_model_merged: decoderGraph(shape, seededNormal(13), fp16, true),
  }));
}

export function writeTinySmolVlm(dir: string, options: TinyModelOptions = {}): void {
  const rows = Array.from({ length: 36 }, (_, i) => `<row_${Math.floor(i / 6) + 1}_col_${(i % 6) + 1}>`);
  const specials = ['<|endoftext|>', '<|im_start|>', '<end_of_utterance>', '<fake_token_around_image>', '<image>', '<global-img>', ...rows];
  const { json, ids } = smallBpeTokenizer(BPE_SIZE, specials);
  const eosIds = [ids['<end_of_utterance>']!, ids['<|endoftext|>']!];
  const shape: TextShape = { ...textShape(specials, ids, eosIds, options), vocabSize: BPE_SIZE + specials.length };
  const image = { imageSize: 32, patchSize: 8, scaleFactor: 2 };
  const imageSeqLen = (image.imageSize / image.patchSize) ** 2 / image.scaleFactor ** 2;
  mkdirSync(dir, { recursive: true });
  writeJson(dir, 'config.json', {
    architectures: ['Idefics3ForConditionalGeneration'],
    model_type: 'idefics3',
    image_token_id: ids['<image>'],
    scale_factor: image.scaleFactor,
    eos_token_id: ids['<end_of_utterance>'],
    pad_token_id: ids['<|endoftext|>'],
    text_config: {
      model_type: 'llama',
      architectures: ['LlamaForCausalLM'],
      hidden_size: HIDDEN,
      intermediate_size: 2 * HIDDEN,
      num_hidden_layers: LAYERS,
      num_attention_heads: 1,
      num_key_value_heads: 1,
      head_dim: HIDDEN,
      vocab_size: shape.vocabSize,
      max_position_embeddings: 8192,
      bos_token_id: ids['<|im_start|>'],
      eos_token_id: ids['<end_of_utterance>'],
    },
    vision_config: { model_type: 'idefics3_vision', hidden_size: 16, image_size: image.imageSize, patch_size: image.patchSize, num_channels: 3 },
    torch_dtype: 'float32',
  });
  writeJson(dir, 'generation_config.json', { bos_token_id: ids['<|im_start|>'], eos_token_id: [ids['<end_of_utterance>'], ids['<|endoftext|>']], pad_token_id: ids['<|endoftext|>'], ...MIN_NEW_TOKENS });
  writeJson(dir, 'preprocessor_config.json', {
    image_processor_type: 'Idefics3ImageProcessor',
    processor_class: 'Idefics3Processor',
    do_convert_rgb: true,
    do_resize: true,
    resample: 1,
    // The image is resized to 2 × max_image_size on its longest edge, then split into crops
    // of max_image_size plus one global view, as SmolVLM does (at 512 / 2048 there).
    size: { longest_edge: 2 * image.imageSize },
    max_image_size: { longest_edge: image.imageSize },
    do_image_splitting: true,
    do_rescale: true,
    rescale_factor: 1 / 255,
    do_normalize: true,
    image_mean: [0.5, 0.5, 0.5],
    image_std: [0.5, 0.5, 0.5],
    do_pad: true,
  });
  writeJson(dir, 'processor_config.json', { processor_class: 'Idefics3Processor', image_seq_len: imageSeqLen });
  writeJson(dir, 'tokenizer.json', json);
  writeJson(dir, 'tokenizer_config.json', {
    tokenizer_class: 'GPT2Tokenizer',
    bos_token: '<|im_start|>',
    eos_token: '<end_of_utterance>',
    pad_token: '<|endoftext|>',
    unk_token: '<|endoftext|>',
    add_prefix_space: false,
    clean_up_tokenization_spaces: false,
    model_max_length: 8192,
    chat_template: SMOLVLM_CHAT_TEMPLATE,
  });
  writeGraphs(dir, (fp16) => ({
    embed_tokens: embedTokensGraph(shape, seededNormal(21), fp16),
    vision_encoder: idefics3VisionGraph({ ...image, visionHidden: 8, hidden: HIDDEN }, seededNormal(22), fp16),
    decoder_model_merged: decoderGraph(shape, seededNormal(23), fp16, false),
  }));
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const outDir = resolve(process.argv[2] ?? 'e2e/fixtures/models');
  writeTinyQwen2Vl(join(outDir, 'tiny-qwen2-vl'));
  writeTinySmolVlm(join(outDir, 'tiny-smolvlm'));
  console.log(`wrote tiny-qwen2-vl and tiny-smolvlm under ${outDir}`);
}
