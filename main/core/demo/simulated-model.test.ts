import { describe, expect, it } from 'vitest';
import {
  DEMO_CHECKPOINTS,
  DEMO_RELEASE_CHECKPOINT,
  type DemoSample,
  NOT_FOUND_TEXT,
  type SimulatedResponse,
  SimulatedVlm,
  generateDemoBenchmark,
  sha256Hex,
} from './index';

const bench = generateDemoBenchmark();
const vlm = new SimulatedVlm(bench);
const shaOf = new Map(bench.map((s) => [s.id, sha256Hex(s.image)]));

const withImage = (s: DemoSample, checkpoint: string, extra: { sampleIndex?: number; maxTokens?: number } = {}): SimulatedResponse =>
  vlm.respond({ question: s.question, imageSha256: shaOf.get(s.id), checkpoint, ...extra });
const withCaption = (s: DemoSample, checkpoint: string, extra: { sampleIndex?: number } = {}): SimulatedResponse =>
  vlm.respond({ question: s.question, caption: s.caption, checkpoint, ...extra });

/** Strict grading: a well-formed <think>..</think> followed by a \boxed answer equal to gold. */
function boxedAnswer(text: string): string | null {
  const m = text.match(/^<think>[\s\S]*<\/think>\s*\\boxed\{([^}]*)\}\s*$/);
  return m ? m[1]!.trim() : null;
}
const isCorrect = (s: DemoSample, r: SimulatedResponse): boolean => boxedAnswer(r.text) === s.answer;
const accuracy = (checkpoint: string): number => bench.filter((s) => isCorrect(s, withImage(s, checkpoint))).length / bench.length;

describe('DEMO_CHECKPOINTS', () => {
  it('has base@0, stage1 x2, stage2 x2, stage3 at 100/200/279 with unique names', () => {
    const byStage = (st: string): number[] => DEMO_CHECKPOINTS.filter((c) => c.stage === st).map((c) => c.step);
    expect(byStage('base')).toEqual([0]);
    expect(byStage('stage1')).toHaveLength(2);
    expect(byStage('stage2')).toHaveLength(2);
    expect(byStage('stage3')).toEqual([100, 200, 279]);
    expect(new Set(DEMO_CHECKPOINTS.map((c) => c.name)).size).toBe(DEMO_CHECKPOINTS.length);
    expect(DEMO_CHECKPOINTS.every((c) => c.baseModel === 'InternVL3.5-8B (simulated)')).toBe(true);
    expect(DEMO_CHECKPOINTS.at(-1)!.name).toBe(DEMO_RELEASE_CHECKPOINT);
  });
});

describe('SimulatedVlm', () => {
  it('is deterministic and sampleIndex changes the draw', () => {
    const s = bench[3]!;
    expect(withImage(s, 'base')).toEqual(withImage(s, 'base'));
    const texts = new Set(bench.map((x) => withImage(x, 'base', { sampleIndex: 1 }).text === withImage(x, 'base').text));
    expect(texts.has(false)).toBe(true); // some samples answer differently on a second try
  });

  it('answers well-formed traces with the gold answer when nothing is injected', () => {
    for (const s of bench) {
      const r = withImage(s, DEMO_RELEASE_CHECKPOINT);
      const f = r.simulated;
      if (f.perceptionError || f.reasoningError || f.formatViolation || f.truncated) continue;
      expect(r.finishReason).toBe('stop');
      expect(boxedAnswer(r.text), `${s.id}\n${r.text}`).toBe(s.answer);
      expect(r.completionTokens).toBe(Math.ceil(r.text.length / 4));
    }
  });

  it('measures error rates within tolerance of each profile', () => {
    const perception = bench.length;
    const reasoning = bench.filter((s) => s.category === 'reasoning').length;
    for (const c of DEMO_CHECKPOINTS) {
      for (const sampleIndex of [0, 1]) {
        const rs = bench.map((s) => withImage(s, c.name, { sampleIndex }));
        const rate = (pick: (r: SimulatedResponse) => boolean, n: number): number => rs.filter(pick).length / n;
        // Draws are rank-stratified over the benchmark, so rates land within ~1 sample.
        expect(Math.abs(rate((r) => r.simulated.perceptionError, perception) - c.perceptionErrorRate)).toBeLessThan(0.03);
        expect(Math.abs(rate((r) => r.simulated.reasoningError, reasoning) - c.reasoningErrorRate)).toBeLessThan(0.04);
        expect(Math.abs(rate((r) => r.simulated.truncated, perception) - c.truncationRate)).toBeLessThan(0.03);
        // Format violations are not drawn for truncated outputs.
        const fv = rate((r) => r.simulated.formatViolation, perception);
        expect(Math.abs(fv - c.formatViolationRate * (1 - c.truncationRate))).toBeLessThan(0.03);
      }
    }
  });

  it('only injects reasoning errors into reasoning questions', () => {
    for (const s of bench.filter((x) => x.category === 'perception')) expect(withImage(s, 'base').simulated.reasoningError).toBe(false);
  });

  it('caption counterfactual: perception errors disappear, reasoning errors stay', () => {
    let perceptionFlips = 0;
    let reasoningKept = 0;
    for (const c of DEMO_CHECKPOINTS) {
      for (const s of bench) {
        const img = withImage(s, c.name);
        const cap = withCaption(s, c.name);
        expect(cap.simulated.perceptionError).toBe(false);
        expect(cap.simulated.reasoningError).toBe(img.simulated.reasoningError);
        expect(cap.simulated.truncated).toBe(img.simulated.truncated);
        expect(cap.simulated.formatViolation).toBe(img.simulated.formatViolation);
        if (img.simulated.truncated || img.simulated.formatViolation) continue;
        if (!img.simulated.reasoningError) {
          // Perception is the only possible error left: with the caption the answer is right.
          expect(isCorrect(s, cap), `${c.name} ${s.id}\n${cap.text}`).toBe(true);
          if (img.simulated.perceptionError) {
            expect(isCorrect(s, img)).toBe(false);
            perceptionFlips++;
          }
        } else {
          expect(isCorrect(s, cap)).toBe(false);
          reasoningKept++;
        }
        expect(cap.text).toContain('According to the description');
      }
    }
    expect(perceptionFlips).toBeGreaterThan(50);
    expect(reasoningKept).toBeGreaterThan(50);
  });

  it('makes perception errors concrete: the trace reports what was (mis)seen and the answer follows it', () => {
    const s = bench.find((x) => x.question.startsWith('How many') && !x.question.includes('more') && withImage(x, 'base').simulated.perceptionError && !withImage(x, 'base').simulated.formatViolation && !withImage(x, 'base').simulated.truncated)!;
    expect(s).toBeDefined();
    const r = withImage(s, 'base');
    const said = boxedAnswer(r.text)!;
    expect(Math.abs(Number(said) - Number(s.answer))).toBe(1); // off by one
    expect(r.text).toMatch(new RegExp(`I count ${said} `));
  });

  it('makes reasoning errors arithmetic slips with correct perception', () => {
    const slipped = bench.map((s) => ({ s, r: withCaption(s, 'base') })).filter(({ r }) => r.simulated.reasoningError && !r.simulated.truncated && !r.simulated.formatViolation);
    expect(slipped.length).toBeGreaterThan(10);
    for (const { s, r } of slipped) {
      const m = r.text.match(/(\d+) ([+-]) (\d+) = (\d+)\.?[^=]*<\/think>/);
      expect(m, r.text).not.toBeNull();
      const [, a, op, b, res] = m!;
      const right = op === '+' ? Number(a) + Number(b) : Number(a) - Number(b);
      expect(String(right)).toBe(s.answer); // the inputs were read correctly...
      expect(res).not.toBe(s.answer); // ...but the result slipped
      expect(boxedAnswer(r.text)).toBe(res);
    }
  });

  it('improves accuracy across the curriculum (base ~40%, release ~75%)', () => {
    const acc = Object.fromEntries(DEMO_CHECKPOINTS.map((c) => [c.name, accuracy(c.name)]));
    expect(acc.base).toBeGreaterThan(0.3);
    expect(acc.base).toBeLessThan(0.5);
    expect(acc[DEMO_RELEASE_CHECKPOINT]).toBeGreaterThan(0.68);
    expect(acc[DEMO_RELEASE_CHECKPOINT]).toBeGreaterThan(acc.base! + 0.25);
    expect(acc['stage1-perception@200']).toBeGreaterThan(acc.base!);
    expect(acc[DEMO_RELEASE_CHECKPOINT]).toBeGreaterThan(acc['stage2-text-reasoning@200']!);
  });

  it('has samples both fixed and broken between stage 1 and stage 3', () => {
    const s1 = bench.map((s) => isCorrect(s, withImage(s, 'stage1-perception@200')));
    const s3 = bench.map((s) => isCorrect(s, withImage(s, DEMO_RELEASE_CHECKPOINT)));
    const fixed = s1.filter((ok, i) => !ok && s3[i]).length;
    const broken = s1.filter((ok, i) => ok && !s3[i]).length;
    expect(fixed).toBeGreaterThan(10);
    expect(broken).toBeGreaterThan(0);
    expect(broken).toBeLessThan(fixed); // improving rates mostly fix samples
  });

  it('finds questions with appended choices or a surrounding prompt, and case-insensitive hashes', () => {
    const mcq = bench.find((s) => s.answerType === 'mcq')!;
    const prompt = `Answer the question.\n${mcq.question}\n${Object.entries(mcq.choices!).map(([k, v]) => `${k}. ${v}`).join('\n')}\nPut the letter in \\boxed{}.`;
    expect(vlm.findSample({ question: prompt, imageSha256: shaOf.get(mcq.id)!.toUpperCase() })?.id).toBe(mcq.id);
    expect(vlm.findSample({ question: `  ${mcq.question.replace(/ /g, '   ')} `, caption: `${mcq.caption}\n` })?.id).toBe(mcq.id);
  });

  it('politely declines unknown questions, images and captions', () => {
    const s = bench[0]!;
    const cases = [
      { question: 'What is the capital of France?', imageSha256: shaOf.get(s.id) },
      { question: s.question, imageSha256: '0'.repeat(64) },
      { question: s.question, caption: 'A photo of a cat.' },
      { question: s.question },
    ];
    for (const c of cases) {
      const r = vlm.respond({ ...c, checkpoint: 'base' });
      expect(r.text).toBe(NOT_FOUND_TEXT);
      expect(r.finishReason).toBe('stop');
    }
    expect(() => vlm.respond({ question: s.question, imageSha256: shaOf.get(s.id), checkpoint: 'nope' })).toThrow(/Unknown simulated checkpoint/);
  });

  it('truncates at max tokens with finish_reason length and no boxed answer', () => {
    const truncated = bench.map((s) => ({ s, r: withImage(s, 'base', { maxTokens: 300 }) })).filter(({ r }) => r.simulated.truncated);
    expect(truncated.length).toBeGreaterThan(0);
    for (const { r } of truncated) {
      expect(r.finishReason).toBe('length');
      expect(r.completionTokens).toBe(300);
      expect(r.text.startsWith('<think>')).toBe(true);
      expect(r.text).not.toContain('</think>');
      expect(r.text).not.toContain('\\boxed');
    }
    // Default budget is 1024 tokens.
    const one = bench.find((s) => withImage(s, 'base').simulated.truncated)!;
    expect(withImage(one, 'base').completionTokens).toBe(1024);
    // A budget smaller than the answer cuts it too.
    const tiny = withImage(bench[1]!, DEMO_RELEASE_CHECKPOINT, { maxTokens: 10 });
    expect(tiny.finishReason).toBe('length');
    expect(tiny.completionTokens).toBe(10);
    expect(tiny.text.length).toBeLessThanOrEqual(40);
  });

  it('breaks the output format on format violations', () => {
    const violations = bench.map((s) => withImage(s, 'base')).filter((r) => r.simulated.formatViolation);
    expect(violations.length).toBeGreaterThan(5);
    for (const r of violations) expect(boxedAnswer(r.text)).toBeNull();
  });

  it('counts prompt tokens for text and image', () => {
    const s = bench[0]!;
    const img = withImage(s, 'base');
    const cap = withCaption(s, 'base');
    expect(img.promptTokens).toBe(Math.ceil(s.question.length / 4) + 256);
    expect(cap.promptTokens).toBe(Math.ceil(s.question.length / 4) + Math.ceil(s.caption.length / 4));
  });
});
