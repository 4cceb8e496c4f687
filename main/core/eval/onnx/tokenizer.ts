/**
 * The tokenizer of the ONNX model-folder contract (see model-folder.ts): a vocabulary read from
 * `tokenizer.json`, in our plain form `{ "vocab": { "token": id, … }, "unk_token"?: "…" }` or
 * as a Hugging Face tokenizer.json (`model.vocab`, `added_tokens`, ByteLevel or Metaspace).
 *
 * Encoding is greedy longest match over the vocabulary (added/special tokens first). That is
 * exact for word- and character-level vocabularies and for what our tests build; for a BPE
 * vocabulary it yields valid tokens that may differ from the merges the model was trained on,
 * which is why the README recommends exporting with a vocabulary the model reads as written.
 */

interface HfTokenizerJson {
  model?: { vocab?: Record<string, number> | Array<[string, number]>; unk_token?: string | null };
  added_tokens?: Array<{ id: number; content: string }>;
  pre_tokenizer?: { type?: string; pretokenizers?: Array<{ type?: string }> } | null;
  decoder?: { type?: string; decoders?: Array<{ type?: string }> } | null;
}

interface PlainTokenizerJson {
  vocab?: Record<string, number>;
  unk_token?: string;
  byte_level?: boolean;
}

/** GPT-2's byte-to-character table: byte-level BPE vocabularies spell every byte as a printable character. */
function byteLevelTable(): { toChar: string[]; toByte: Map<string, number> } {
  const printable: number[] = [];
  for (let b = 33; b <= 126; b++) printable.push(b);
  for (let b = 161; b <= 172; b++) printable.push(b);
  for (let b = 174; b <= 255; b++) printable.push(b);
  const toChar: string[] = new Array(256);
  let extra = 0;
  for (let b = 0; b < 256; b++) toChar[b] = String.fromCodePoint(printable.includes(b) ? b : 256 + extra++);
  return { toChar, toByte: new Map(toChar.map((char, byte) => [char, byte])) };
}

const hasType = (node: { type?: string; pretokenizers?: Array<{ type?: string }>; decoders?: Array<{ type?: string }> } | null | undefined, type: string): boolean =>
  Boolean(node && (node.type === type || (node.pretokenizers ?? node.decoders ?? []).some((child) => child.type === type)));

export class Tokenizer {
  private readonly byId = new Map<number, string>();
  private readonly byToken = new Map<string, number>();
  private readonly special = new Map<string, number>();
  private readonly specialPattern: RegExp | undefined;
  private readonly maxTokenLength: number;
  private readonly maxId: number;
  private readonly unkId: number | undefined;
  private readonly byteLevel: ReturnType<typeof byteLevelTable> | undefined;
  private readonly metaspace: boolean;

  constructor(json: unknown) {
    const hf = json as HfTokenizerJson;
    const plain = json as PlainTokenizerJson;
    const rawVocab = hf.model?.vocab ?? plain.vocab;
    if (!rawVocab) throw new Error('tokenizer.json has no vocabulary ("vocab" or "model.vocab")');
    const entries: Array<[string, number]> = Array.isArray(rawVocab) ? rawVocab.map(([token], id) => [token, id]) : Object.entries(rawVocab);
    for (const [token, id] of entries) this.add(token, id);
    for (const added of hf.added_tokens ?? []) {
      this.special.set(added.content, added.id);
      this.add(added.content, added.id);
    }
    // Longest first, so "<think>" wins over "<" where both are special.
    const specials = [...this.special.keys()].sort((a, b) => b.length - a.length);
    this.specialPattern = specials.length > 0 ? new RegExp(specials.map(escapeRegExp).join('|'), 'g') : undefined;
    let maxLength = 1;
    let maxId = 0;
    for (const [token, id] of this.byToken) {
      maxLength = Math.max(maxLength, token.length);
      maxId = Math.max(maxId, id);
    }
    this.maxTokenLength = maxLength;
    this.maxId = maxId;
    const unk = hf.model?.unk_token ?? plain.unk_token;
    this.unkId = unk ? this.byToken.get(unk) : undefined;
    this.byteLevel = plain.byte_level || hasType(hf.pre_tokenizer, 'ByteLevel') || hasType(hf.decoder, 'ByteLevel') ? byteLevelTable() : undefined;
    this.metaspace = hasType(hf.pre_tokenizer, 'Metaspace') || hasType(hf.decoder, 'Metaspace');
  }

  get vocabSize(): number {
    return this.maxId + 1;
  }

  idOf(token: string): number | undefined {
    return this.byToken.get(token);
  }

  encode(text: string): number[] {
    // Special tokens (chat markers, <image>) are matched whole first; the text between them is spelled.
    const ids: number[] = [];
    let last = 0;
    for (const match of this.specialPattern ? text.matchAll(this.specialPattern) : []) {
      ids.push(...this.encodePlain(text.slice(last, match.index)));
      ids.push(this.special.get(match[0])!);
      last = match.index + match[0].length;
    }
    ids.push(...this.encodePlain(text.slice(last)));
    return ids;
  }

  decode(ids: number[]): string {
    const text = ids.map((id) => this.byId.get(id) ?? '').join('');
    if (this.byteLevel) {
      const table = this.byteLevel;
      return Buffer.from([...text].map((char) => table.toByte.get(char) ?? 63)).toString('utf8');
    }
    return this.metaspace ? text.replaceAll('\u2581', ' ') : text;
  }

  private add(token: string, id: number): void {
    this.byId.set(id, token);
    if (!this.byToken.has(token)) this.byToken.set(token, id);
  }

  private encodePlain(text: string): number[] {
    let spelled = text;
    if (this.byteLevel) spelled = [...Buffer.from(text, 'utf8')].map((byte) => this.byteLevel!.toChar[byte]).join('');
    else if (this.metaspace) spelled = text.replaceAll(' ', '\u2581');
    const ids: number[] = [];
    let at = 0;
    while (at < spelled.length) {
      let matched = 0;
      for (let length = Math.min(this.maxTokenLength, spelled.length - at); length > 0; length--) {
        const id = this.byToken.get(spelled.slice(at, at + length));
        if (id !== undefined) {
          ids.push(id);
          matched = length;
          break;
        }
      }
      if (matched === 0) {
        // A character the vocabulary cannot spell: the unknown token if there is one, else dropped.
        if (this.unkId !== undefined) ids.push(this.unkId);
        matched = 1;
      }
      at += matched;
    }
    return ids;
  }
}

const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
