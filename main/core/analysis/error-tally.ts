/** The distinct errors of an attribution pass, each with how often it came: said with the pass's outcome. */
export class ErrorTally {
  private readonly counts = new Map<string, number>();

  add(message: string): void {
    this.counts.set(message, (this.counts.get(message) ?? 0) + 1);
  }

  get total(): number {
    let sum = 0;
    for (const count of this.counts.values()) sum += count;
    return sum;
  }

  /** The most frequent reasons first. */
  reasons(limit = 3): Array<{ message: string; count: number }> {
    return [...this.counts]
      .sort((a, b) => b[1] - a[1])
      .slice(0, limit)
      .map(([message, count]) => ({ message, count }));
  }
}

/** What an attribution pass did: failures labelled, errors, and the most frequent reasons for them. */
export interface PassOutcome {
  labelled: number;
  errors: number;
  errorReasons: Array<{ message: string; count: number }>;
}
