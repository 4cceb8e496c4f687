/**
 * Spreads requests over several endpoints of the same model (one vLLM per GPU node, say): each
 * request goes to the endpoint with the fewest requests in flight, so a slow or saturated
 * server gets less and none sits idle; ties go round-robin.
 */
export class EndpointPool<T> {
  private readonly inFlight: number[];
  private turn = 0;

  constructor(readonly endpoints: readonly T[]) {
    if (endpoints.length === 0) throw new Error('at least one endpoint is needed');
    this.inFlight = endpoints.map(() => 0);
  }

  /** Takes the least loaded endpoint, avoiding `avoid` (the one that just failed) when there is a choice. */
  acquire(avoid?: number): { index: number; endpoint: T; release(): void } {
    let best = -1;
    for (let offset = 0; offset < this.endpoints.length; offset++) {
      const index = (this.turn + offset) % this.endpoints.length;
      if (index === avoid && this.endpoints.length > 1) continue;
      if (best < 0 || this.inFlight[index]! < this.inFlight[best]!) best = index;
    }
    this.turn = (best + 1) % this.endpoints.length;
    this.inFlight[best]!++;
    let released = false;
    return {
      index: best,
      endpoint: this.endpoints[best]!,
      release: () => {
        if (!released) this.inFlight[best]!--;
        released = true;
      },
    };
  }

  load(): number[] {
    return [...this.inFlight];
  }
}
