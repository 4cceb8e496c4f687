/**
 * The runner's OpenAI-style chat (text parts and image data URLs) in the shape Hugging Face chat
 * templates read: every content a list of `{type: 'text', text}` / `{type: 'image'}` parts, the
 * images handed to the processor in the order their placeholders appear.
 */
import type { ChatMessage } from '../backend';

export type TemplatePart = { type: 'text'; text: string } | { type: 'image' };
export interface TemplateMessage {
  role: ChatMessage['role'];
  content: TemplatePart[];
}

export function toTemplateMessages(messages: ChatMessage[]): { messages: TemplateMessage[]; imageUrls: string[] } {
  const imageUrls: string[] = [];
  const converted = messages.map((message): TemplateMessage => {
    if (typeof message.content === 'string') return { role: message.role, content: [{ type: 'text', text: message.content }] };
    return {
      role: message.role,
      content: message.content.map((part): TemplatePart => {
        if (part.type === 'text') return { type: 'text', text: part.text };
        imageUrls.push(part.image_url.url);
        return { type: 'image' };
      }),
    };
  });
  return { messages: converted, imageUrls };
}

/** The bytes of a base64 data URL (the runner inlines every benchmark image as one). */
export function dataUrlBytes(url: string): { mime: string; bytes: Buffer } {
  const match = /^data:([^;,]+)(;base64)?,/.exec(url);
  if (!match || !match[2]) throw new Error(`the onnx backend takes images as base64 data URLs, got ${url.slice(0, 40)}…`);
  return { mime: match[1]!, bytes: Buffer.from(url.slice(match[0].length), 'base64') };
}

/** Where the first of `stops` begins in `text`, or -1. */
export function firstStop(text: string, stops: readonly string[]): number {
  let cut = -1;
  for (const stop of stops) {
    const at = text.indexOf(stop);
    if (at >= 0 && (cut < 0 || at < cut)) cut = at;
  }
  return cut;
}

/** A 32-bit seed from the prompt and sample index: a resumed run samples exactly what it would have. */
export function seedOf(prompt: string, sampleIndex: number): number {
  let hash = 2166136261;
  const text = `${prompt}\u0000${sampleIndex}`;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 16777619) >>> 0;
  }
  return hash;
}
