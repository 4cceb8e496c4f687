import type { StoredSample } from '../store/catalog';
import type { ChatMessage, ContentPart } from './backend';

/** The unified system prompt the seed model was trained with, in all three curriculum stages. */
export const SEED_SYSTEM_PROMPT =
  'You FIRST think about the reasoning process as an internal monologue and then provide the final answer. ' +
  'The reasoning process MUST BE enclosed within <think> </think> tags. The final answer MUST BE put in \\boxed{}. ' +
  'i.e. <think> reasoning here </think> \\boxed{final answer here}';

export interface PromptConfig {
  systemPrompt: string;
  /** `{question}` and `{choices}` are replaced; choices are rendered one per line as "A. text". */
  userTemplate: string;
  /** Whether the instruction goes in the system message or after the user turn. */
  instructionPlacement: 'system' | 'user';
  /**
   * 'caption': the image parts are replaced by one text part, a description of the image marked
   * with IMAGE_DESCRIPTION_MARKER (the caption counterfactual of analysis/counterfactual.ts).
   * Left out (or 'image') for normal evaluation, so existing run keys do not change.
   */
  imageMode?: 'image' | 'caption';
}

/** Opens the text part that stands in for the image in caption mode; backends may recognise it. */
export const IMAGE_DESCRIPTION_MARKER = 'Image description (given instead of the image):';

export const DEFAULT_PROMPT: PromptConfig = {
  systemPrompt: SEED_SYSTEM_PROMPT,
  userTemplate: '{question}\n{choices}',
  instructionPlacement: 'system',
};

export function formatChoices(choices: Record<string, string> | null): string {
  if (!choices) return '';
  return Object.entries(choices)
    .map(([letter, text]) => `${letter}. ${text}`)
    .join('\n');
}

export function userText(sample: Pick<StoredSample, 'question' | 'choices'>, config: PromptConfig): string {
  return config.userTemplate
    .replaceAll('{question}', sample.question)
    .replaceAll('{choices}', formatChoices(sample.choices))
    .trimEnd();
}

export const toDataUrl = (mime: string, bytes: Buffer): string => `data:${mime};base64,${bytes.toString('base64')}`;

/**
 * Builds the chat messages for one sample: images first, as data URLs, then the question. In
 * caption mode the description (`sample.caption`) takes the images' place.
 */
export function buildMessages(
  sample: Pick<StoredSample, 'question' | 'choices'> & { caption?: string | null },
  images: Array<{ mime: string; bytes: Buffer }>,
  config: PromptConfig,
): ChatMessage[] {
  const text = userText(sample, config);
  let parts: ContentPart[];
  if (config.imageMode === 'caption') {
    if (!sample.caption) throw new Error('caption mode: this sample has no description of its image');
    parts = [{ type: 'text', text: `${IMAGE_DESCRIPTION_MARKER}\n${sample.caption}` }];
  } else {
    parts = images.map((image) => ({ type: 'image_url', image_url: { url: toDataUrl(image.mime, image.bytes) } }));
  }
  const messages: ChatMessage[] = [];
  if (config.instructionPlacement === 'system' && config.systemPrompt) {
    messages.push({ role: 'system', content: config.systemPrompt });
    parts.push({ type: 'text', text });
  } else {
    parts.push({ type: 'text', text: config.systemPrompt ? `${text}\n\n${config.systemPrompt}` : text });
  }
  messages.push({ role: 'user', content: parts });
  return messages;
}
