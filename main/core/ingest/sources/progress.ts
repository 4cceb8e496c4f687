/** Counts the bytes a source has read, for progress reports (the total is the file sizes). */
export interface ByteCounter {
  add(bytes: number): void;
}
