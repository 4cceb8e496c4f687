/**
 * mulberry32: a fast 32-bit-state generator of uniforms in [0, 1), the one seeded generator of
 * the code base (the demo's scenes and simulated errors, the math grader's random test points,
 * ONNX sampling, the bench workspace). Reproducible on every platform and Node version.
 */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
