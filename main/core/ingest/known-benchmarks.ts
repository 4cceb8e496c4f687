/**
 * The benchmarks an import can join predictions to: those the workspace holds (each looked up
 * once) and those staged so far in this import, with their staged ids.
 */
import { upsertBenchmark } from '../store/catalog';
import type { Db } from '../store/database';
import { benchmarkExists, benchmarkNames } from '../store/imports';

export class KnownBenchmarks {
  private readonly staged = new Map<string, number>();
  private readonly inWorkspaceByName = new Map<string, boolean>();

  constructor(
    private readonly staging: Db,
    private readonly workspace: Db,
  ) {}

  names(): string[] {
    return [...new Set([...benchmarkNames(this.workspace), ...this.staged.keys()])];
  }

  has(name: string): boolean {
    return this.staged.has(name) || this.inWorkspace(name);
  }

  inWorkspace(name: string): boolean {
    let known = this.inWorkspaceByName.get(name);
    if (known === undefined) {
      known = benchmarkExists(this.workspace, name);
      this.inWorkspaceByName.set(name, known);
    }
    return known;
  }

  /** The staged id of the benchmark, staging it on first use. */
  stage(name: string, description?: string): number {
    let id = this.staged.get(name);
    if (id === undefined) {
      id = upsertBenchmark(this.staging, { name, ...(description ? { description } : {}) });
      this.staged.set(name, id);
    }
    return id;
  }
}
