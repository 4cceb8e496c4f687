import { afterEach, describe, expect, it } from 'vitest';
import { redactSecrets, registerSecret } from './redact';

describe('redactSecrets', () => {
  const saved = process.env.VLM_WORKBENCH_API_KEY;
  afterEach(() => {
    if (saved === undefined) delete process.env.VLM_WORKBENCH_API_KEY;
    else process.env.VLM_WORKBENCH_API_KEY = saved;
  });

  it('replaces configured secrets wherever they appear, and credential-shaped strings', () => {
    process.env.VLM_WORKBENCH_API_KEY = 'plain-secret-value-42';
    registerSecret('handed-to-backend-key');
    const text = 'x plain-secret-value-42 y handed-to-backend-key; Authorization: Bearer abc.def-123456; key sk-proj-AbC123456789; {"api_key": "zzzzzzzzzz"}';
    const out = redactSecrets(text);
    for (const leaked of ['plain-secret-value-42', 'handed-to-backend-key', 'abc.def-123456', 'sk-proj-AbC123456789', 'zzzzzzzzzz']) expect(out).not.toContain(leaked);
    expect(out).toContain('Bearer [redacted]');
    expect(out).toContain('sk-[redacted]');
  });

  it('leaves ordinary text alone', () => {
    const text = 'HTTP 500: internal server error at step 12 (the answer is \\boxed{sk})';
    expect(redactSecrets(text)).toBe(text);
  });
});
